/* text: UTF-8, folding labels and titles for comparison, references
 * (relative paths and URLs). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "sakra/error.h"
#include "sakra/text.h"

size_t sakra_utf8_decode(const char *s, size_t len, unsigned *out)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c, cp;
	size_t n;

	if (!len)
		return 0;
	c = p[0];
	if (c < 0x80) {
		*out = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 1; cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 2; cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 3; cp = c & 0x07;
	} else {
		return 0;
	}
	if (n >= len)
		return 0;
	for (size_t k = 1; k <= n; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[k] & 0x3f);
	}
	if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	*out = cp;
	return n + 1;
}

int sakra_utf8_valid(const char *s, size_t len, size_t *bad)
{
	size_t i = 0, n;
	unsigned cp;

	while (i < len) {
		uint64_t w;

		if (i + 8 <= len && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ULL))) {
			i += 8;   /* eight ASCII bytes at a time */
			continue;
		}
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if (!(n = sakra_utf8_decode(s + i, len - i, &cp))) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

int sakra_is_bidi_control(unsigned cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

int sakra_buf_put_visible(struct sakra_buf *b, const char *s, size_t len)
{
	int rc = 0;

	for (size_t i = 0; i < len && rc == 0;) {
		unsigned char c = (unsigned char)s[i];
		unsigned cp;
		size_t n;

		if (c >= 0x20 && c < 0x7f) {
			size_t j = i + 1;

			while (j < len && (unsigned char)s[j] >= 0x20 && (unsigned char)s[j] < 0x7f)
				j++;
			rc = sakra_buf_put(b, s + i, j - i);
			i = j;
		} else if (c < 0x80 || !(n = sakra_utf8_decode(s + i, len - i, &cp))) {
			rc = sakra_buf_printf(b, "\\x%02x", c);   /* C0, DEL, a byte that is not UTF-8 */
			i++;
		} else if ((cp >= 0x80 && cp <= 0x9f) || sakra_is_bidi_control(cp) ||
			   cp == 0x2028 || cp == 0x2029) {
			rc = sakra_buf_printf(b, "\\u{%04x}", cp);
			i += n;
		} else {
			rc = sakra_buf_put(b, s + i, n);
			i += n;
		}
	}
	return rc;
}

size_t sakra_utf8_count(const char *s, size_t bytes)
{
	size_t n = 0;

	for (size_t i = 0; i < bytes && s[i]; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* Capital letters of the Latin-1 range are UTF-8 0xC3 0x80..0x9E (except
 * 0x97, the multiplication sign); their small letters are 0x20 above. */
char *sakra_text_fold(const char *s)
{
	size_t len = strlen(s), o = 0;
	char *out = malloc(len + 1);
	int space = 0;

	if (!out)
		return NULL;
	while (*s && isspace((unsigned char)*s))
		s++;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isspace(c) || (c == 0xc2 && (unsigned char)s[1] == 0xa0)) {
			if (c == 0xc2)
				s++;
			space = 1;
			continue;
		}
		if (space) {
			out[o++] = ' ';
			space = 0;
		}
		if (c == 0xc3 && (unsigned char)s[1] >= 0x80 &&
		    (unsigned char)s[1] <= 0x9e && (unsigned char)s[1] != 0x97) {
			out[o++] = (char)0xc3;
			out[o++] = (char)((unsigned char)s[1] + 0x20);
			s++;
			continue;
		}
		out[o++] = (char)(c < 0x80 ? tolower(c) : c);
	}
	while (o > 0 && (out[o - 1] == ':' || out[o - 1] == '.' || out[o - 1] == ' '))
		o--;
	out[o] = '\0';
	return out;
}

int sakra_text_equal(const char *a, const char *b)
{
	char *fa = sakra_text_fold(a), *fb = sakra_text_fold(b);
	int eq = fa && fb && strcmp(fa, fb) == 0;

	free(fa);
	free(fb);
	return eq;
}

/* --- paths ---------------------------------------------------------------- */

int sakra_path_resolve(const char *from, const char *ref, struct sakra_buf *out)
{
	struct sakra_buf tmp = SAKRA_BUF_INIT;
	const char *slash = strrchr(from, '/');
	char *p, *seg, *save = NULL;
	size_t *starts = NULL, depth = 0, cap = 0;
	int rc = 0;

	sakra_buf_clear(out);
	if (ref[0] != '/' && slash && sakra_buf_put(&tmp, from, (size_t)(slash - from + 1)) < 0)
		return SAKRA_ENOMEM;
	if (sakra_buf_puts(&tmp, ref[0] == '/' ? ref + 1 : ref) < 0) {
		sakra_buf_free(&tmp);
		return SAKRA_ENOMEM;
	}
	p = tmp.ptr;
	for (seg = strtok_r(p, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		if (strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			if (depth == 0) {
				rc = 1;
				goto out;
			}
			out->len = starts[--depth];
			out->ptr[out->len] = '\0';
			continue;
		}
		if (depth == cap) {
			size_t *n = realloc(starts, (cap = cap ? cap * 2 : 16) * sizeof(*n));
			if (!n) {
				rc = SAKRA_ENOMEM;
				goto out;
			}
			starts = n;
		}
		starts[depth++] = out->len;
		if ((out->len && sakra_buf_putc(out, '/') < 0) || sakra_buf_puts(out, seg) < 0) {
			rc = SAKRA_ENOMEM;
			goto out;
		}
	}
out:
	free(starts);
	sakra_buf_free(&tmp);
	return rc;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

int sakra_url_has_scheme(const char *url)
{
	const char *p = url;

	if (!isalpha((unsigned char)*p))
		return 0;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':';
}

int sakra_url_decode(const char *s, size_t len, struct sakra_buf *out)
{
	sakra_buf_clear(out);
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '%' && i + 2 < len &&
		    hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			c = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		}
		if (sakra_buf_putc(out, c) < 0)
			return SAKRA_ENOMEM;
	}
	if (!out->ptr && sakra_buf_put(out, "", 0) < 0)
		return SAKRA_ENOMEM;
	return 0;
}

/* HFS+ ignores these code points when it compares names, so ".g\u200cit"
 * is ".git" there (git's next_hfs_char). */
static int hfs_ignorable(unsigned cp)
{
	return (cp >= 0x200c && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x206a && cp <= 0x206f) || cp == 0xfeff;
}

/* Whether one path component names git's own folder on some filesystem:
 * ".git" in any case; on NTFS also followed by spaces or dots, by an
 * alternate data stream (".git::$INDEX_ALLOCATION"), or as the short name
 * "git~1"; on HFS+ with ignorable code points anywhere in it. */
static int component_is_dotgit(const char *s, size_t n)
{
	char folded[8];
	size_t k = 0, i = 0;

	if (n == 5 && strncasecmp(s, "git~1", 5) == 0)
		return 1;
	while (i < n && k < sizeof(folded)) {
		unsigned cp;
		size_t l = sakra_utf8_decode(s + i, n - i, &cp);

		if (!l)
			return 0;
		i += l;
		if (hfs_ignorable(cp))
			continue;
		if (cp >= 0x80)
			return 0;
		folded[k++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
		if (k == 4 && memcmp(folded, ".git", 4) == 0) {
			/* what may follow on NTFS: spaces and dots, or a stream */
			const char *rest = s + i;
			size_t left = n - i;

			if (left && rest[0] == ':')
				return 1;
			while (left && (*rest == ' ' || *rest == '.'))
				rest++, left--;
			return left == 0;
		}
	}
	return 0;
}

const char *sakra_path_git_refuses(const char *path, int symlink)
{
	const char *s = path;

	if (!*path || path[0] == '/')
		return "it is not a relative path";
	for (;;) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return "it has an empty, '.' or '..' component";
		if (component_is_dotgit(s, n))
			return "a component names git's own folder (.git, in some case or form)";
		if (!e && symlink && n == 11 && strncasecmp(s, ".gitmodules", 11) == 0)
			return ".gitmodules is a symbolic link";
		if (!e)
			return NULL;
		s = e + 1;
	}
}

/* Optimal string alignment distance between a and b (code points, the
 * first 128 of each), in three rows. */
static size_t edit_distance(const char *a, const char *b)
{
	unsigned ca[128], cb[128];
	size_t na = 0, nb = 0, rows[3][129], *pp, *p, *c;

	for (size_t i = 0, l; a[i] && na < 128; i += l ? l : 1)
		l = sakra_utf8_decode(a + i, strlen(a + i), &ca[na++]);
	for (size_t i = 0, l; b[i] && nb < 128; i += l ? l : 1)
		l = sakra_utf8_decode(b + i, strlen(b + i), &cb[nb++]);
	pp = rows[0];
	p = rows[1];
	c = rows[2];
	for (size_t j = 0; j <= nb; j++)
		p[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t *t;

		c[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t v = p[j - 1] + (ca[i - 1] != cb[j - 1]);

			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 && ca[i - 1] == cb[j - 2] && ca[i - 2] == cb[j - 1] &&
			    pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
		}
		t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[nb];
}

const char *sakra_text_nearest(const char *word, const char *const *candidates, size_t n)
{
	char *w = word ? sakra_text_fold(word) : NULL;
	const char *best = NULL;
	size_t best_d = (size_t)-1, limit;

	if (!w)
		return NULL;
	limit = sakra_utf8_count(w, strlen(w)) / 3;
	if (limit < 2)
		limit = 2;
	for (size_t i = 0; i < n; i++) {
		char *c = candidates[i] ? sakra_text_fold(candidates[i]) : NULL;
		size_t d;

		if (!c)
			continue;
		d = edit_distance(w, c);
		if (d > 0 && d <= limit && d < best_d) {
			best = candidates[i];
			best_d = d;
		}
		free(c);
	}
	free(w);
	return best;
}

/* "Solbacka Vård Ab" -> "solbacka-vard-ab". */
void sakra_text_slug(char *out, size_t cap, const char *s)
{
	size_t o = 0;
	int dash = 0;

	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && o + 2 < cap;
	     p++) {
		char c = 0;

		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			c = (char)*p;
		else if (*p >= 'A' && *p <= 'Z')
			c = (char)(*p + 32);
		else if (*p == 0xc3 && p[1]) {
			/* å ä ö é ü (and their capitals) to plain letters */
			static const char from[] = "\xa5\xa4\xb6\xa9\xbc\x85\x84\x96\x89\x9c";
			static const char to[] = "aaoeuaaoeu";
			const char *f = memchr(from, p[1], sizeof(from) - 1);

			if (f) {
				c = to[f - from];
				p++;
			}
		}
		if (c) {
			if (dash && o)
				out[o++] = '-';
			out[o++] = c;
			dash = 0;
		} else {
			dash = 1;
		}
	}
	out[o] = 0;
}


static int cmp_word(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folded words of s, sorted, into v (at most cap); returns how many. */
static size_t sorted_words(char *folded, char **v, size_t cap)
{
	size_t n = 0;

	for (char *p = folded; *p && n < cap;) {
		while (*p && !((unsigned char)*p >= 0x80 || isalnum((unsigned char)*p)))
			*p++ = '\0';
		if (!*p)
			break;
		v[n++] = p;
		while (*p && ((unsigned char)*p >= 0x80 || isalnum((unsigned char)*p)))
			p++;
	}
	qsort(v, n, sizeof(*v), cmp_word);
	return n;
}

int sakra_text_same_words(const char *a, const char *b)
{
	char *fa = a ? sakra_text_fold(a) : NULL, *fb = b ? sakra_text_fold(b) : NULL;
	char *wa[64], *wb[64];
	size_t na, nb;
	int same = 0;

	if (fa && fb && strcmp(fa, fb) != 0) {
		na = sorted_words(fa, wa, 64);
		nb = sorted_words(fb, wb, 64);
		same = na == nb && na > 1;
		for (size_t i = 0; same && i < na; i++)
			same = strcmp(wa[i], wb[i]) == 0;
	}
	free(fa);
	free(fb);
	return same;
}

const char *sakra_text_near(const char *text, const char *const *candidates, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (candidates[i] && sakra_text_same_words(text, candidates[i]))
			return candidates[i];
	return sakra_text_nearest(text, candidates, n);
}
