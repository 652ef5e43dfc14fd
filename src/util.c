/* util: UTF-8, text folding, dates, periods, paths, files. */
#define _GNU_SOURCE   /* syncfs */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sakra/util.h"

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

/* --- dates: the civil-from-days algorithms of H. Hinnant ------------------ */

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int sakra_date_parse(const char *s, struct sakra_date *out)
{
	struct sakra_date d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return SAKRA_EPARSE;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return SAKRA_EPARSE;
	d.year = atoi(s);
	d.month = atoi(s + 5);
	d.day = atoi(s + 8);
	if (d.year < 1900 || d.month < 1 || d.month > 12 || d.day < 1 ||
	    d.day > month_days(d.year, d.month))
		return SAKRA_EPARSE;
	if (out)
		*out = d;
	return 0;
}

long sakra_date_days(const struct sakra_date *d)
{
	long y = d->year - (d->month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (d->month + 9) % 12;
	long doy = (153 * mp + 2) / 5 + d->day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct sakra_date sakra_date_from_days(long z)
{
	struct sakra_date d;
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(yoe + era * 400 + (d.month <= 2));
	return d;
}

int sakra_date_cmp(const struct sakra_date *a, const struct sakra_date *b)
{
	long x = sakra_date_days(a), y = sakra_date_days(b);

	return x < y ? -1 : x > y;
}

struct sakra_date sakra_date_add_months(const struct sakra_date *d, int months)
{
	struct sakra_date r = *d;
	long m = (long)d->year * 12 + (d->month - 1) + months;

	r.year = (int)(m / 12);
	r.month = (int)(m % 12) + 1;
	if (r.day > month_days(r.year, r.month))
		r.day = month_days(r.year, r.month);
	return r;
}

void sakra_date_format(const struct sakra_date *d, char out[11])
{
	unsigned y = (unsigned)d->year % 10000, m = (unsigned)d->month % 100,
		 day = (unsigned)d->day % 100;

	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + day / 10);
	out[9] = (char)('0' + day % 10);
	out[10] = '\0';
}

struct sakra_date sakra_date_today(void)
{
	return sakra_date_from_days((long)(time(NULL) / 86400));
}

int sakra_period_parse(const char *s, struct sakra_period *out)
{
	static const struct { const char *word; enum sakra_period_unit unit; } units[] = {
		{ "day", SAKRA_DAYS }, { "days", SAKRA_DAYS },
		{ "week", SAKRA_WEEKS }, { "weeks", SAKRA_WEEKS },
		{ "month", SAKRA_MONTHS }, { "months", SAKRA_MONTHS },
		{ "year", SAKRA_YEARS }, { "years", SAKRA_YEARS },
	};
	char *end;
	long n;

	if (!s || !isdigit((unsigned char)*s))
		return SAKRA_EPARSE;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || n < 1 || n > 1000 || *end != ' ')
		return SAKRA_EPARSE;
	while (*end == ' ')
		end++;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].word) == 0) {
			/* "1 months" and "2 month" read fine; accept both. */
			out->count = (int)n;
			out->unit = units[i].unit;
			return 0;
		}
	}
	return SAKRA_EPARSE;
}

long sakra_period_days(const struct sakra_period *p)
{
	return (long)p->count * (p->unit == SAKRA_DAYS ? 1 : p->unit == SAKRA_WEEKS ? 7 :
				 p->unit == SAKRA_MONTHS ? 31 : 366);
}

void sakra_period_format(const struct sakra_period *p, char *out, size_t size)
{
	const char *unit = p->unit == SAKRA_DAYS ? "day" : p->unit == SAKRA_WEEKS ? "week" :
			   p->unit == SAKRA_MONTHS ? "month" : "year";

	snprintf(out, size, "%d %s%s", p->count, unit, p->count == 1 ? "" : "s");
}

struct sakra_date sakra_period_add(const struct sakra_date *d,
				   const struct sakra_period *p)
{
	switch (p->unit) {
	case SAKRA_DAYS: return sakra_date_from_days(sakra_date_days(d) + p->count);
	case SAKRA_WEEKS: return sakra_date_from_days(sakra_date_days(d) + 7L * p->count);
	case SAKRA_MONTHS: return sakra_date_add_months(d, p->count);
	case SAKRA_YEARS: return sakra_date_add_months(d, 12 * p->count);
	}
	return *d;
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

/* --- files ---------------------------------------------------------------- */

int sakra_file_read(const char *path, struct sakra_buf *out, size_t limit,
		    struct sakra_error *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = 0;

	sakra_buf_clear(out);
	if (fd < 0)
		return sakra_error_set(err, errno == ENOENT ? SAKRA_ENOTFOUND : SAKRA_EIO,
				       path, 0, 0, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		rc = sakra_error_set(err, SAKRA_EIO, path, 0, 0, "not a regular file");
		goto out;
	}
	if (limit && (size_t)st.st_size > limit) {
		rc = sakra_error_set(err, SAKRA_ELIMIT, path, 0, 0,
				     "file is larger than %zu bytes", limit);
		goto out;
	}
	if (sakra_buf_grow(out, (size_t)st.st_size) < 0) {
		rc = sakra_error_set(err, SAKRA_ENOMEM, path, 0, 0, "out of memory");
		goto out;
	}
	for (;;) {
		ssize_t n;

		if (sakra_buf_grow(out, 65536) < 0) {
			rc = sakra_error_set(err, SAKRA_ENOMEM, path, 0, 0, "out of memory");
			goto out;
		}
		n = read(fd, out->ptr + out->len, 65536);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = sakra_error_set(err, SAKRA_EIO, path, 0, 0, "read failed: %s",
					     strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->ptr[out->len] = '\0';
		if (limit && out->len > limit) {
			rc = sakra_error_set(err, SAKRA_ELIMIT, path, 0, 0,
					     "file is larger than %zu bytes", limit);
			goto out;
		}
	}
out:
	close(fd);
	return rc;
}

/* The steps of an atomic write: a temporary file beside path ... */
static int atomic_open(const char *path, int replace, struct sakra_buf *tmp,
		       struct sakra_error *err)
{
	int fd;

	if (!replace && access(path, F_OK) == 0)
		return sakra_error_set(err, SAKRA_EEXISTS, path, 0, 0,
				       "already exists; refusing to overwrite");
	if (sakra_buf_printf(tmp, "%s.tmp-XXXXXX", path) < 0)
		return sakra_error_set(err, SAKRA_ENOMEM, path, 0, 0, "out of memory");
	if ((fd = mkstemp(tmp->ptr)) < 0) {
		sakra_buf_free(tmp);
		return sakra_error_set(err, SAKRA_EIO, path, 0, 0,
				       "cannot create a temporary file: %s", strerror(errno));
	}
	return fd;
}

static int write_all(int fd, const void *data, size_t len, const char *path,
		     struct sakra_error *err)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return sakra_error_set(err, SAKRA_EIO, path, 0, 0, "write failed: %s",
					       strerror(errno));
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* ... then mode, fsync, and the final name (never clobbering one that
 * appeared meanwhile unless replace); the temporary file goes in any case.
 * rc is the result of writing: nonzero skips to the cleanup. */
static int atomic_close(int fd, struct sakra_buf *tmp, const char *path, mode_t mode,
			int replace, int rc, struct sakra_error *err)
{
	mode_t mask = umask(0);

	umask(mask);
	if (rc == 0 && (fchmod(fd, mode & ~mask) < 0 || fsync(fd) < 0))
		rc = sakra_error_set(err, SAKRA_EIO, path, 0, 0, "cannot sync: %s",
				     strerror(errno));
	if (close(fd) < 0 && rc == 0)
		rc = sakra_error_set(err, SAKRA_EIO, path, 0, 0, "close failed: %s",
				     strerror(errno));
	if (rc == 0 && !replace && link(tmp->ptr, path) < 0)
		rc = sakra_error_set(err, errno == EEXIST ? SAKRA_EEXISTS : SAKRA_EIO, path,
				     0, 0, "cannot create: %s", strerror(errno));
	if (rc == 0 && replace && rename(tmp->ptr, path) < 0)
		rc = sakra_error_set(err, SAKRA_EIO, path, 0, 0, "cannot rename: %s",
				     strerror(errno));
	if (rc != 0 || !replace)
		unlink(tmp->ptr);
	sakra_buf_free(tmp);
	return rc;
}

int sakra_fd_write(int fd, const void *data, size_t len, const char *path,
		   struct sakra_error *err)
{
	return write_all(fd, data, len, path, err);
}

void sakra_remove_stale(const char *path)
{
	struct sakra_buf dir = SAKRA_BUF_INIT, full = SAKRA_BUF_INIT;
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	size_t blen = strlen(base);
	struct dirent *e;
	DIR *d;

	if (sakra_buf_put(&dir, path, slash ? (size_t)(slash - path) + 1 : 0) < 0 ||
	    sakra_buf_puts(&dir, "") < 0 || !(d = opendir(dir.len ? dir.ptr : "."))) {
		sakra_buf_free(&dir);
		return;
	}
	while ((e = readdir(d))) {
		struct stat st;

		if (strncmp(e->d_name, base, blen) != 0 || strncmp(e->d_name + blen, ".tmp-", 5) != 0 ||
		    strlen(e->d_name + blen + 5) != 6)
			continue;
		sakra_buf_clear(&full);
		if (sakra_buf_printf(&full, "%s%s", dir.len ? dir.ptr : "", e->d_name) < 0 ||
		    lstat(full.ptr, &st) < 0)
			continue;
		if (S_ISREG(st.st_mode))
			unlink(full.ptr);
		else if (S_ISDIR(st.st_mode))
			sakra_remove_tree(full.ptr);
	}
	closedir(d);
	sakra_buf_free(&dir);
	sakra_buf_free(&full);
}

int sakra_out_open(struct sakra_out_file *o, const char *path, mode_t mode, int replace,
		   struct sakra_error *err)
{
	memset(o, 0, sizeof(*o));
	o->fd = -1;
	sakra_remove_stale(path);
	if ((o->fd = atomic_open(path, replace, &o->tmp, err)) < 0) {
		int rc = o->fd;

		o->fd = -1;
		return rc;
	}
	o->path = path;
	o->mode = mode;
	o->replace = replace;
	return 0;
}

/* Large output is handed to the disk as it is written, 32 MiB at a time,
 * so the fsync that ends it has little left to wait for. */
#define OUT_FLUSH (32u << 20)

int sakra_out_write(void *ctx, const void *data, size_t len, struct sakra_error *err)
{
	struct sakra_out_file *o = ctx;
	int rc = write_all(o->fd, data, len, o->path, err);

	if (rc == 0 && (o->written += len) - o->flushed >= OUT_FLUSH) {
#ifdef SYNC_FILE_RANGE_WRITE
		/* start writing back; never waits, and a failure shows at fsync */
		sync_file_range(o->fd, (off_t)o->flushed, (off_t)(o->written - o->flushed),
				SYNC_FILE_RANGE_WRITE);
#endif
		o->flushed = o->written;
	}
	return rc;
}

int sakra_out_commit(struct sakra_out_file *o, struct sakra_error *err)
{
	int rc = atomic_close(o->fd, &o->tmp, o->path, o->mode, o->replace, 0, err);

	o->fd = -1;
	return rc;
}

void sakra_out_abort(struct sakra_out_file *o)
{
	if (o->fd < 0)
		return;
	close(o->fd);
	unlink(o->tmp.ptr);
	sakra_buf_free(&o->tmp);
	o->fd = -1;
}

const char *sakra_out_temp(const struct sakra_out_file *o)
{
	return o->fd >= 0 ? o->tmp.ptr : NULL;
}

int sakra_file_write_atomic(const char *path, const void *data, size_t len,
			    mode_t mode, int replace, struct sakra_error *err)
{
	struct sakra_buf tmp = SAKRA_BUF_INIT;
	int fd = atomic_open(path, replace, &tmp, err);

	if (fd < 0)
		return fd;
	return atomic_close(fd, &tmp, path, mode, replace, write_all(fd, data, len, path, err),
			    err);
}

/* Opens src, a regular file, for copying. */
static int open_source(const char *src, struct sakra_error *err)
{
	struct stat st;
	int in;

	if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0)
		return sakra_error_set(err, errno == ENOENT ? SAKRA_ENOTFOUND : SAKRA_EIO, src,
				       0, 0, "cannot open: %s", strerror(errno));
	if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(in);
		return sakra_error_set(err, SAKRA_EINVAL, src, 0, 0, "not a regular file");
	}
	return in;
}

/* Copies in to fd in 64 KiB chunks. */
static int copy_fd(int in, int fd, const char *src, const char *dst, struct sakra_error *err)
{
	char chunk[65536];
	int rc = 0;

	for (;;) {
		ssize_t n = read(in, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return sakra_error_set(err, SAKRA_EIO, src, 0, 0, "read failed: %s",
					       strerror(errno));
		if (n == 0 || (rc = write_all(fd, chunk, (size_t)n, dst, err)) < 0)
			return rc;
	}
}

int sakra_file_copy_atomic(const char *src, const char *dst, mode_t mode,
			   struct sakra_error *err)
{
	struct sakra_buf tmp = SAKRA_BUF_INIT;
	int in, fd, rc;

	if ((in = open_source(src, err)) < 0)
		return in;
	if ((fd = atomic_open(dst, 0, &tmp, err)) < 0) {
		close(in);
		return fd;
	}
	rc = copy_fd(in, fd, src, dst, err);
	close(in);
	return atomic_close(fd, &tmp, dst, mode, 0, rc, err);
}

/* A new file, created exclusively, for a staging directory. */
static int open_new(const char *path, mode_t mode, struct sakra_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);

	if (fd < 0)
		return sakra_error_set(err, errno == EEXIST ? SAKRA_EEXISTS : SAKRA_EIO, path, 0, 0,
				       "cannot create: %s", strerror(errno));
	return fd;
}

static int close_new(int fd, const char *path, int rc, struct sakra_error *err)
{
	if (close(fd) < 0 && rc == 0)
		rc = sakra_error_set(err, SAKRA_EIO, path, 0, 0, "close failed: %s",
				     strerror(errno));
	return rc;
}

int sakra_file_write_new(const char *path, const void *data, size_t len, mode_t mode,
			 struct sakra_error *err)
{
	int fd = open_new(path, mode, err);

	if (fd < 0)
		return fd;
	return close_new(fd, path, write_all(fd, data, len, path, err), err);
}

int sakra_file_copy_new(const char *src, const char *dst, mode_t mode, struct sakra_error *err)
{
	int in, fd, rc;

	if ((in = open_source(src, err)) < 0)
		return in;
	if ((fd = open_new(dst, mode, err)) < 0) {
		close(in);
		return fd;
	}
	rc = copy_fd(in, fd, src, dst, err);
	close(in);
	return close_new(fd, dst, rc, err);
}

int sakra_dir_sync(const char *dir, struct sakra_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (fd < 0 || syncfs(fd) < 0)
		rc = sakra_error_set(err, SAKRA_EIO, dir, 0, 0, "cannot sync: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

int sakra_mkdirs(const char *path, mode_t mode, struct sakra_error *err)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);

	if (len >= sizeof(buf))
		return sakra_error_set(err, SAKRA_ELIMIT, path, 0, 0, "path too long");
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(buf, mode) < 0 && errno != EEXIST)
				return sakra_error_set(err, SAKRA_EIO, buf, 0, 0,
						       "cannot create directory: %s",
						       strerror(errno));
			*p = c;
			if (!c)
				break;
		}
	}
	return 0;
}

void sakra_dir_umask(const char *dir)
{
	mode_t mask = umask(0);

	umask(mask);
	chmod(dir, 0777 & ~mask);
}

int sakra_mkdirs_for(const char *file, mode_t mode, struct sakra_error *err)
{
	const char *slash = strrchr(file, '/');
	char buf[PATH_MAX];

	if (!slash || slash == file)
		return 0;
	if ((size_t)(slash - file) >= sizeof(buf))
		return sakra_error_set(err, SAKRA_ELIMIT, file, 0, 0, "path too long");
	memcpy(buf, file, (size_t)(slash - file));
	buf[slash - file] = '\0';
	return sakra_mkdirs(buf, mode, err);
}

int sakra_remove_tree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	if (!(d = opendir(path)))
		return -1;
	while ((e = readdir(d))) {
		char child[PATH_MAX];

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (snprintf(child, sizeof(child), "%s/%s", path, e->d_name) >= (int)sizeof(child))
			continue;
		sakra_remove_tree(child);
	}
	closedir(d);
	return rmdir(path);
}
