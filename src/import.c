/* import: an existing plan's Markdown placed into a new plan's chapters. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <cmark-gfm.h>
#include <jansson.h>

#include "sakra/buf.h"
#include "sakra/config.h"
#include "sakra/diag.h"
#include "sakra/doc.h"
#include "sakra/fs.h"
#include "sakra/import.h"
#include "sakra/text.h"
#include "sakra/words.h"

/* the words (words/LANG.yml, embedded) are formats: an image's title, the
 * appendix's title and first paragraph */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

#define GROW(arr, n, cap) sakra_grow((void **)&(arr), &(cap), (n), sizeof(*(arr)))

static int oom(struct sakra_error *err)
{
	return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
}

/* --- the document's blocks -------------------------------------------------------- */

enum { B_OTHER, B_HEADING, B_PARA, B_TABLE };

struct block {
	int kind, level;          /* level: a heading's */
	char *text;               /* a heading's plain text */
	size_t first, last;       /* lines of the source, 0-based, inclusive */
	char **images;            /* the urls of its images */
	size_t nimages, capimages;
};

struct source {
	char *md;                 /* the document, its line ends made LF (cmark
				   * counts CR and CRLF as line ends too) */
	size_t len;
	size_t *line;             /* offsets where each line starts; line[n] = len + 1 */
	size_t nlines;
	struct block *b;
	size_t n, cap;
};

static void source_free(struct source *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->b[i].text);
		for (size_t k = 0; k < s->b[i].nimages; k++)
			free(s->b[i].images[k]);
		free(s->b[i].images);
	}
	free(s->b);
	free(s->line);
	free(s->md);
}

/* Line i of the source, without its newline. */
static const char *line_at(const struct source *s, size_t i, size_t *len)
{
	size_t a = s->line[i], b = s->line[i + 1] - 1;

	*len = b - a;
	return s->md + a;
}

static int collect_images(struct block *b, cmark_node *node)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	int rc = 0;

	if (!it)
		return -1;
	while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *url;

		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_IMAGE ||
		    !(url = cmark_node_get_url(n)) || !*url)
			continue;
		if (GROW(b->images, b->nimages, b->capimages) < 0 ||
		    !(b->images[b->nimages] = strdup(url)))
			rc = -1;
		else
			b->nimages++;
	}
	cmark_iter_free(it);
	return rc;
}

static int parse_source(struct source *s, const char *md, size_t len)
{
	cmark_parser *p;
	cmark_node *root;
	size_t cap = 64;
	int rc = 0;

	memset(s, 0, sizeof(*s));
	if (!(s->md = malloc(len + 1)))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (md[i] != '\r')
			s->md[s->len++] = md[i];
		else if (i + 1 == len || md[i + 1] != '\n')
			s->md[s->len++] = '\n';
	}
	s->md[s->len] = '\0';
	md = s->md;
	len = s->len;
	if (!(s->line = malloc(cap * sizeof(size_t))))
		return -1;
	s->line[s->nlines++] = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && md[i] != '\n')
			continue;
		if (s->nlines + 1 >= cap) {
			size_t *l = realloc(s->line, cap * 2 * sizeof(size_t));

			if (!l)
				return -1;
			s->line = l;
			cap *= 2;
		}
		s->line[s->nlines++] = i + 1;
	}
	s->nlines--;   /* line[nlines] is the end */
	if (!(p = sakra_doc_parser_new()))
		return -1;
	cmark_parser_feed(p, md, len);
	root = cmark_parser_finish(p);
	cmark_parser_free(p);
	if (!root)
		return -1;
	for (cmark_node *n = cmark_node_first_child(root); n && rc == 0; n = cmark_node_next(n)) {
		int first = cmark_node_get_start_line(n), last = cmark_node_get_end_line(n);
		const char *ts = cmark_node_get_type_string(n);
		struct block *b;

		if (first <= 0 || (size_t)first > s->nlines)
			continue;
		if (last < first)
			last = first;
		if ((size_t)last > s->nlines)
			last = (int)s->nlines;
		if (GROW(s->b, s->n, s->cap) < 0) {
			rc = -1;
			break;
		}
		b = &s->b[s->n++];
		memset(b, 0, sizeof(*b));
		b->first = (size_t)first - 1;
		b->last = (size_t)last - 1;
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING) {
			char *t = cmark_render_plaintext(n, CMARK_OPT_DEFAULT, 0);
			size_t k;

			b->kind = B_HEADING;
			b->level = cmark_node_get_heading_level(n);
			if (!t) {
				rc = -1;
				break;
			}
			for (k = strlen(t); k && (t[k - 1] == '\n' || t[k - 1] == ' '); k--)
				t[k - 1] = '\0';
			for (k = 0; t[k]; k++)
				if (t[k] == '\n')
					t[k] = ' ';
			b->text = strdup(t);
			free(t);
			if (!b->text)
				rc = -1;
		} else if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH) {
			b->kind = B_PARA;
		} else if (ts && !strcmp(ts, "table")) {
			b->kind = B_TABLE;
		}
		if (rc == 0)
			rc = collect_images(b, n);
	}
	cmark_node_free(root);
	return rc;
}

/* --- headings ------------------------------------------------------------------- */

/* The section number a heading begins with ("6.1.1", "2." or "2") into
 * num, and where its title begins; 0 when it has none. */
static int heading_number(const char *t, char *num, size_t cap, const char **rest)
{
	size_t n = 0;
	const char *p = t;

	if (*p < '0' || *p > '9')
		return 0;
	while ((*p >= '0' && *p <= '9') || (*p == '.' && p[1] >= '0' && p[1] <= '9')) {
		if (n + 1 >= cap)
			return 0;
		num[n++] = *p++;
	}
	num[n] = '\0';
	if (*p == '.')
		p++;
	if (*p && *p != ' ' && *p != '\t')
		return 0;
	while (*p == ' ' || *p == '\t')
		p++;
	*rest = p;
	return 1;
}

/* The framework's section a heading is, by its number or its title in any
 * language (lang: which language's title it is, when it is one); NULL. A
 * number the framework does not have is no section, whatever the title. */
static const struct sakra_fw_section *match_heading(const struct sakra_framework *fw,
						    const char *text, const char **rest,
						    const char **lang)
{
	const struct sakra_fw_section *sec = NULL;
	char num[32];
	int numbered = heading_number(text, num, sizeof(num), rest);

	*lang = NULL;
	if (!numbered)
		*rest = text;
	else if (!(sec = sakra_framework_section(fw, num)))
		return NULL;
	for (size_t i = 0; i < fw->nsections; i++) {
		const struct sakra_fw_section *s = &fw->sections[i];

		if (s->free_title || (sec && s != sec))
			continue;
		for (size_t k = 0; k < s->title.n; k++)
			if (sakra_text_equal(*rest, s->title.text[k])) {
				*lang = s->title.lang[k];
				return s;
			}
	}
	return sec;
}

const char *sakra_import_language(const struct sakra_framework *fw, const char *md, size_t len)
{
	struct source s;
	const char *best = NULL;
	size_t counts[8] = { 0 }, most = 0;

	if (parse_source(&s, md, len) == 0)
		for (size_t i = 0; i < s.n; i++) {
			const char *rest, *lang;

			if (s.b[i].kind != B_HEADING || !match_heading(fw, s.b[i].text, &rest, &lang) ||
			    !lang)
				continue;
			for (size_t k = 0; k < fw->nlanguages && k < 8; k++)
				if (!strcmp(fw->languages[k].id, lang) && ++counts[k] > most) {
					most = counts[k];
					best = fw->languages[k].id;
				}
			if (!fw->nlanguages && !best)
				best = lang;
		}
	source_free(&s);
	return best;
}

/* --- groups: a section's blocks ----------------------------------------------------- */

struct group {
	const struct sakra_fw_section *sec;   /* NULL: unplaced */
	char *system;             /* a per-system section's system name */
	const struct sakra_fw_class *cls;   /* a system's class, when a table named it */
	char *keys[5];            /* a system's register keys a list's table gave */
	size_t head;              /* its heading's block (a list's: its table), or (size_t)-1 */
	size_t *blocks;           /* content blocks */
	size_t n, cap;
	int used;                 /* written into a file */
};

struct importer {
	const struct sakra_framework *fw;
	const char *lang, *root, *media, *name;
	struct source src;
	struct group *g;
	size_t ng, capg;
	struct sakra_import_result *res;
	size_t capitems;
	struct image { char *url, *file; } *img;   /* what each image became */
	size_t nimg, capimg;
	char top_class[64], top_basis[256];  /* the skeleton's highest marking */
	int top_rank;
	struct sakra_error *err;
};

static int add_item(struct importer *im, enum sakra_import_kind kind, const char *a,
		    const char *b, const char *c, const char *d, size_t n, size_t fields,
		    size_t line)
{
	struct sakra_import_result *r = im->res;
	struct sakra_import_item *it;

	if (GROW(r->items, r->nitems, im->capitems) < 0)
		return oom(im->err);
	it = &r->items[r->nitems];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->n = n;
	it->fields = fields;
	it->line = line;
	if ((a && !(it->a = strdup(a))) || (b && !(it->b = strdup(b))) ||
	    (c && !(it->c = strdup(c))) || (d && !(it->d = strdup(d)))) {
		free(it->a);
		free(it->b);
		free(it->c);
		return oom(im->err);
	}
	r->nitems++;
	return 0;
}

static struct group *new_group(struct importer *im, const struct sakra_fw_section *sec,
			       size_t head)
{
	struct group *g;

	if (GROW(im->g, im->ng, im->capg) < 0)
		return NULL;
	g = &im->g[im->ng++];
	memset(g, 0, sizeof(*g));
	g->sec = sec;
	g->head = head;
	return g;
}

/* The class whose systems a per-system section describes. */
static const struct sakra_fw_class *section_class(const struct sakra_framework *fw,
						  const struct sakra_fw_section *sec)
{
	for (size_t i = 0; sec && i < fw->nclasses; i++)
		if (fw->classes[i].section && !strcmp(fw->classes[i].section, sec->number))
			return &fw->classes[i];
	return NULL;
}

/* Splits the document into groups: each recognised heading starts its
 * section's group; another heading stays inside the group it is in when it
 * is below that group's heading, else starts an unplaced one. */
static int group_blocks(struct importer *im)
{
	struct group *cur = NULL;
	int cur_level = 0;

	for (size_t i = 0; i < im->src.n; i++) {
		struct block *b = &im->src.b[i];

		if (b->kind == B_HEADING) {
			const char *rest, *lang;
			const struct sakra_fw_section *sec = match_heading(im->fw, b->text, &rest,
									   &lang);

			if (sec && sec->free_title) {
				/* "9.1 Omsorg Pro": a system, unless the title is
				 * the template's own example ("System X ...") */
				int example = !*rest || !section_class(im->fw, sec);

				for (size_t k = 0; !example && k < sec->title.n; k++)
					example = sakra_text_equal(rest, sec->title.text[k]);
				if (example)
					sec = NULL;
				else if (!(cur = new_group(im, sec, i)) || !(cur->system = strdup(rest)))
					return oom(im->err);
				if (sec) {
					cur_level = b->level;
					continue;
				}
			}
			if (sec) {
				if (!(cur = new_group(im, sec, i)))
					return oom(im->err);
				cur_level = b->level;
				continue;
			}
			if (!cur || b->level <= cur_level) {
				if (!(cur = new_group(im, NULL, (size_t)-1)))
					return oom(im->err);
				cur_level = b->level;
			}
		} else if (!cur) {
			if (!(cur = new_group(im, NULL, (size_t)-1)))
				return oom(im->err);
			cur_level = 0;
		}
		if (GROW(cur->blocks, cur->n, cur->cap) < 0)
			return oom(im->err);
		cur->blocks[cur->n++] = i;
	}
	return 0;
}

/* --- fields ------------------------------------------------------------------- */

/* The label in the plan's language of the field among fields[0..n) that
 * label names in any language (or as one of its other names); NULL. */
static const char *field_label(const struct sakra_fw_field *fields, size_t n, const char *lang,
			       const char *label)
{
	for (size_t i = 0; i < n; i++) {
		const struct sakra_fw_field *f = &fields[i];
		int is = 0;

		for (size_t k = 0; !is && k < f->label.n; k++)
			is = sakra_text_equal(label, f->label.text[k]);
		for (size_t k = 0; !is && k < f->nalso; k++)
			is = sakra_text_equal(label, f->also[k]);
		if (is)
			return sakra_i18n_get(&f->label, lang);
	}
	return NULL;
}

static void group_fields(const struct importer *im, const struct group *g,
			 const struct sakra_fw_field **fields, size_t *n)
{
	const struct sakra_fw_class *cls = g->system ? section_class(im->fw, g->sec) : NULL;

	*fields = cls ? cls->fields : g->sec ? g->sec->fields : NULL;
	*n = cls ? cls->nfields : g->sec ? g->sec->nfields : 0;
}

/* Strips bold or italic markers and white space around s[0..*n). */
static const char *strip_marks(const char *s, size_t *n)
{
	for (;;) {
		while (*n && (*s == ' ' || *s == '\t'))
			s++, (*n)--;
		while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
			(*n)--;
		if (*n >= 2 && (s[0] == '*' || s[0] == '_') && s[*n - 1] == s[0]) {
			s++;
			*n -= 2;
		} else if (*n >= 2 && (s[0] == '*' || s[0] == '_') && s[1] == s[0]) {
			s += 2;
			*n -= 2;
		} else if (*n >= 2 && (s[*n - 1] == '*' || s[*n - 1] == '_') &&
			   s[*n - 2] == s[*n - 1]) {
			*n -= 2;
		} else {
			return s;
		}
	}
}

/* A "Label: value" line whose label is one of the group's fields, as
 * "- Label: value" in the plan's language; 0 when it is not one. */
static int field_line(const struct importer *im, const struct group *g, const char *line,
		      size_t len, struct sakra_buf *out)
{
	const struct sakra_fw_field *fields;
	const char *colon = NULL, *label, *canon, *v;
	size_t nf, ln, vn;
	char buf[256];

	group_fields(im, g, &fields, &nf);
	if (!nf)
		return 0;
	for (size_t i = 0; i < len && i < 200; i++)
		if (line[i] == ':' && (i + 1 == len || line[i + 1] == ' ' || line[i + 1] == '*' ||
				       line[i + 1] == '_')) {
			colon = line + i;
			break;
		}
	if (!colon)
		return 0;
	ln = (size_t)(colon - line);
	label = strip_marks(line, &ln);
	if (!ln || ln >= sizeof(buf))
		return 0;
	memcpy(buf, label, ln);
	buf[ln] = '\0';
	if (!(canon = field_label(fields, nf, im->lang, buf)))
		return 0;
	v = colon + 1;
	vn = len - (size_t)(v - line);
	/* "**Namn:** value": the closing marker follows the colon */
	while (vn && (*v == '*' || *v == '_'))
		v++, vn--;
	while (vn && *v == ' ')
		v++, vn--;
	while (vn && (v[vn - 1] == ' ' || v[vn - 1] == '\\'))
		vn--;
	return sakra_buf_printf(out, "- %s: %.*s\n", canon, (int)vn, v) < 0 ? -1 : 1;
}

/* The cells of a table row "| a | b |" (escaped bars kept). */
static size_t row_cells(const char *line, size_t len, const char **cell, size_t *clen,
			size_t max)
{
	size_t n = 0, start;

	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	if (!len || line[0] != '|')
		return 0;
	if (len > 1 && line[len - 1] == '|' && line[len - 2] != '\\')
		len--;
	start = 1;
	for (size_t i = 1; i <= len; i++) {
		if (i < len && !(line[i] == '|' && line[i - 1] != '\\'))
			continue;
		if (n == max)
			return max + 1;
		cell[n] = line + start;
		clen[n] = i - start;
		cell[n] = strip_marks(cell[n], &clen[n]);
		n++;
		start = i + 1;
	}
	return n;
}

static int is_delimiter_row(const char *line, size_t len)
{
	int dash = 0;

	for (size_t i = 0; i < len; i++) {
		if (line[i] == '-')
			dash = 1;
		else if (!strchr("|: \t", line[i]))
			return 0;
	}
	return dash;
}

/* A two-column table whose rows name the group's fields, as the group's
 * field lines; 0 when it is another table. */
static int field_table(const struct importer *im, const struct group *g, const struct block *b,
		       struct sakra_buf *out)
{
	const struct sakra_fw_field *fields;
	const char *cell[3];
	size_t clen[3], nf, matched = 0;
	char label[256];

	group_fields(im, g, &fields, &nf);
	if (!nf)
		return 0;
	for (size_t pass = 0; pass < 2; pass++) {
		for (size_t i = b->first; i <= b->last; i++) {
			size_t len, n;
			const char *line = line_at(&im->src, i, &len), *canon;

			if (is_delimiter_row(line, len))
				continue;
			if ((n = row_cells(line, len, cell, clen, 2)) != 2)
				return 0;
			if (!clen[0] && !clen[1])
				continue;
			if (clen[0] >= sizeof(label))
				return 0;
			while (clen[0] && cell[0][clen[0] - 1] == ':')
				clen[0]--;
			memcpy(label, cell[0], clen[0]);
			label[clen[0]] = '\0';
			canon = field_label(fields, nf, im->lang, label);
			if (pass == 0) {
				matched += canon != NULL;
				continue;
			}
			if (!clen[0])
				continue;
			if (sakra_buf_printf(out, "- %s: %.*s\n", canon ? canon : label,
					     (int)clen[1], cell[1]) < 0)
				return -1;
		}
		if (!matched)
			return 0;
	}
	return 1;
}

/* --- images ------------------------------------------------------------------- */

/* What an image of the document becomes: appendices/STEM-N.EXT with a
 * sidecar marking it as the file it appears in (classification and
 * legal_basis lines of its front matter, front). Its path from the plan's
 * folders, or NULL when url names no file of the document's media. */
static const char *place_image(struct importer *im, const char *url, const char *front,
			       size_t line)
{
	struct sakra_buf src = SAKRA_BUF_INIT, dst = SAKRA_BUF_INIT, side = SAKRA_BUF_INIT;
	char stem[64], ext[8] = "bin", title[512];
	const char *dot, *slash;
	struct stat st;
	size_t k = 0;
	int rc = 0;

	for (size_t i = 0; i < im->nimg; i++)
		if (!strcmp(im->img[i].url, url))
			return im->img[i].file;
	if (url[0] == '/' || strstr(url, "..") || sakra_url_has_scheme(url) ||
	    sakra_buf_printf(&src, "%s/%s", im->media, url) < 0 || lstat(src.ptr, &st) < 0 ||
	    !S_ISREG(st.st_mode)) {
		sakra_buf_free(&src);
		return NULL;
	}
	slash = strrchr(url, '/');
	if ((dot = strrchr(slash ? slash : url, '.')) && dot[1]) {
		for (dot++; *dot && k + 1 < sizeof(ext); dot++)
			if ((*dot >= 'a' && *dot <= 'z') || (*dot >= '0' && *dot <= '9'))
				ext[k++] = *dot;
			else if (*dot >= 'A' && *dot <= 'Z')
				ext[k++] = (char)(*dot - 'A' + 'a');
		ext[k] = '\0';
		if (!k)
			strcpy(ext, "bin");
	}
	{
		const char *ext_at = strrchr(im->name, '.');
		char base[256];

		snprintf(base, sizeof(base), "%.*s", ext_at && ext_at != im->name
			 ? (int)(ext_at - im->name) : (int)strlen(im->name), im->name);
		sakra_text_slug(stem, sizeof(stem), base);
	}
	if (!stem[0])
		strcpy(stem, "import");
	if (GROW(im->img, im->nimg, im->capimg) < 0)
		goto fail;
	if (sakra_buf_printf(&dst, "appendices/%s-%zu.%s", stem, im->nimg + 1, ext) < 0)
		goto fail;
	snprintf(title, sizeof(title), sakra_words(im->lang)->import.image, (int)(im->nimg + 1),
		 im->name);
	sakra_buf_clear(&src);
	if (sakra_buf_printf(&src, "%s/%s", im->media, url) < 0 ||
	    sakra_buf_printf(&side, "---\ntitle: \"") < 0 || sakra_buf_put_yaml(&side, title) < 0 ||
	    sakra_buf_printf(&side, "\"\n%s---\n", front) < 0)
		goto fail;
	{
		struct sakra_buf to = SAKRA_BUF_INIT;

		rc = sakra_buf_printf(&to, "%s/%s", im->root, dst.ptr) < 0 ? oom(im->err) : 0;
		if (rc == 0)
			rc = sakra_file_copy_new(src.ptr, to.ptr, 0666, im->err);
		if (rc == 0 && sakra_buf_puts(&to, ".md") < 0)
			rc = oom(im->err);
		if (rc == 0)
			rc = sakra_file_write_new(to.ptr, side.ptr, side.len, 0666, im->err);
		sakra_buf_free(&to);
	}
	if (rc < 0 || add_item(im, SAKRA_IMPORT_IMAGE, url, dst.ptr, NULL, NULL, 0, 0, line) < 0)
		goto fail;
	sakra_buf_clear(&src);
	if (sakra_buf_printf(&src, "../%s", dst.ptr) < 0)
		goto fail;
	im->img[im->nimg].file = sakra_buf_detach(&src);
	if (!im->img[im->nimg].file || !(im->img[im->nimg].url = strdup(url))) {
		free(im->img[im->nimg].file);
		goto fail;
	}
	sakra_buf_free(&dst);
	sakra_buf_free(&side);
	return im->img[im->nimg++].file;
fail:
	if (rc == 0)
		oom(im->err);
	sakra_buf_free(&src);
	sakra_buf_free(&dst);
	sakra_buf_free(&side);
	return (const char *)-1;
}

/* Appends s[0..n) with each of the block's images' links led to the
 * files they became. */
static int put_relinked(struct importer *im, const struct block *b, const char *s, size_t n,
			const char *front, struct sakra_buf *out)
{
	struct sakra_buf t = SAKRA_BUF_INIT;
	int rc = sakra_buf_put(&t, s, n) < 0 ? -1 : 0;

	for (size_t i = 0; rc == 0 && i < b->nimages; i++) {
		const char *to = place_image(im, b->images[i], front, b->first + 1);
		struct sakra_buf r = SAKRA_BUF_INIT;
		size_t ul = strlen(b->images[i]);
		char *p, *from;

		if (to == (const char *)-1) {
			sakra_buf_free(&t);
			return -1;   /* err says why */
		}
		if (!to)
			continue;
		/* every "](url" of this image becomes "](to" */
		for (from = t.ptr; rc == 0 && (p = strstr(from, "](")) != NULL;) {
			p += 2;
			if (*p == '<')
				p++;
			if (strncmp(p, b->images[i], ul) != 0) {
				rc |= sakra_buf_put(&r, from, (size_t)(p - from));
				from = p;
				continue;
			}
			rc |= sakra_buf_put(&r, from, (size_t)(p - from));
			rc |= sakra_buf_puts(&r, to);
			from = p + ul;
		}
		rc |= sakra_buf_puts(&r, from);
		sakra_buf_free(&t);
		t = r;
	}
	if (rc == 0)
		rc = sakra_buf_put(out, t.ptr, t.len);
	sakra_buf_free(&t);
	return rc < 0 ? oom(im->err) : 0;
}

/* --- writing a group ------------------------------------------------------------ */

/* The group's blocks as the plan's Markdown: headings below level (a
 * section's own level), field paragraphs and tables as field lines. */
static int write_blocks(struct importer *im, const struct group *g, int level,
			const char *front, struct sakra_buf *out)
{
	int prev_field = 0;

	for (size_t k = 0; k < g->n; k++) {
		const struct block *b = &im->src.b[g->blocks[k]];
		struct sakra_buf fl = SAKRA_BUF_INIT;
		int fields = 0, rc = 0;

		if (b->kind == B_HEADING) {
			int l = b->level <= level ? level + 1 : b->level;

			if (sakra_buf_printf(out, "%s%.*s %s\n\n", prev_field ? "\n" : "",
					     l > 6 ? 6 : l, "######", b->text) < 0)
				return oom(im->err);
			prev_field = 0;
			continue;
		}
		if (b->kind == B_PARA) {
			fields = 1;
			for (size_t i = b->first; fields && rc >= 0 && i <= b->last; i++) {
				size_t len;
				const char *line = line_at(&im->src, i, &len);

				rc = field_line(im, g, line, len, &fl);
				fields = rc == 1;
			}
		} else if (b->kind == B_TABLE) {
			rc = field_table(im, g, b, &fl);
			fields = rc == 1;
		}
		if (rc < 0) {
			sakra_buf_free(&fl);
			return oom(im->err);
		}
		if (fields) {
			rc = sakra_buf_put(out, fl.ptr, fl.len);
		} else {
			size_t a = im->src.line[b->first], z = im->src.line[b->last + 1] - 1;

			rc = prev_field ? sakra_buf_puts(out, "\n") : 0;
			if (rc == 0)
				rc = put_relinked(im, b, im->src.md + a, z - a, front, out);
			if (rc == 0)
				rc = sakra_buf_puts(out, "\n\n");
		}
		sakra_buf_free(&fl);
		if (rc < 0)
			return -1;
		prev_field = fields;
	}
	if (prev_field && sakra_buf_puts(out, "\n") < 0)
		return oom(im->err);
	return 0;
}

/* --- the skeleton's chapter files ---------------------------------------------------- */

struct skfile {
	char *rel;                /* "plan/06-informationssystemen.md" */
	struct sakra_buf text;
	size_t body;              /* where the body starts */
	char marks[512];          /* its classification and legal_basis lines */
};

static void front_marks(struct skfile *f)
{
	const char *p = f->text.ptr, *end = f->text.ptr + f->body;

	f->marks[0] = '\0';
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

		if ((!strncmp(p, "classification:", 15) || !strncmp(p, "legal_basis:", 12)) &&
		    strlen(f->marks) + n < sizeof(f->marks))
			strncat(f->marks, p, n);
		p += n;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The skeleton's chapter files (the Markdown files of plan/), in name order. */
static int read_skeleton(struct importer *im, struct skfile **out, size_t *n)
{
	struct sakra_buf dir = SAKRA_BUF_INIT, path = SAKRA_BUF_INIT;
	char **names = NULL;
	size_t nn = 0, cap = 0;
	struct dirent *e;
	DIR *d;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (sakra_buf_printf(&dir, "%s/plan", im->root) < 0)
		return oom(im->err);
	if (!(d = opendir(dir.ptr))) {
		rc = sakra_error_set(im->err, SAKRA_EIO, dir.ptr, 0, 0, "%s", strerror(errno));
		goto out;
	}
	while (rc == 0 && (e = readdir(d))) {
		size_t l = strlen(e->d_name);

		if (e->d_name[0] == '.' || l < 4 || strcmp(e->d_name + l - 3, ".md"))
			continue;
		if (GROW(names, nn, cap) < 0 || !(names[nn] = strdup(e->d_name)))
			rc = oom(im->err);
		else
			nn++;
	}
	closedir(d);
	if (rc < 0)
		goto out;
	qsort(names, nn, sizeof(*names), cmp_str);
	if (nn && !(*out = calloc(nn, sizeof(**out)))) {
		rc = oom(im->err);
		goto out;
	}
	for (size_t i = 0; rc == 0 && i < nn; i++) {
		struct skfile *f = &(*out)[i];
		const char *t;

		(*n)++;
		sakra_buf_clear(&path);
		if (sakra_buf_printf(&path, "%s/plan/%s", im->root, names[i]) < 0 ||
		    !(f->rel = malloc(strlen(names[i]) + 6))) {
			rc = oom(im->err);
			break;
		}
		sprintf(f->rel, "plan/%s", names[i]);
		if ((rc = sakra_file_read(path.ptr, &f->text, 1 << 24, im->err)) < 0)
			break;
		t = sakra_buf_cstr(&f->text);
		if (!strncmp(t, "---\n", 4)) {
			const char *close = strstr(t + 3, "\n---\n");

			f->body = close ? (size_t)(close - t) + 5 : 0;
		}
		front_marks(f);
	}
out:
	for (size_t i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	sakra_buf_free(&dir);
	sakra_buf_free(&path);
	return rc;
}

static void skeleton_free(struct skfile *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].rel);
		sakra_buf_free(&f[i].text);
	}
	free(f);
}

/* A Markdown heading line's level, or 0. */
static int heading_level(const char *line, size_t len)
{
	int l = 0;

	while ((size_t)l < len && line[l] == '#')
		l++;
	return l >= 1 && l <= 6 && (size_t)l < len && line[l] == ' ' ? l : 0;
}

/* Whether the document had a section of the chapter of number (its
 * first component), or a system the register now holds for it (a list's
 * table's row is described in that chapter). */
static int chapter_had(const struct importer *im, const char *number)
{
	size_t n = strcspn(number, ".");

	for (size_t i = 0; i < im->ng; i++)
		if (im->g[i].sec && !strncmp(im->g[i].sec->number, number, n) &&
		    (im->g[i].sec->number[n] == '.' || !im->g[i].sec->number[n]))
			return 1;
	return 0;
}

/* Whether field f is among the fields of the parsed text. */
static int has_field(const struct sakra_doc *d, const struct sakra_fw_field *f)
{
	for (size_t i = 0; i < d->nfields; i++) {
		for (size_t k = 0; k < f->label.n; k++)
			if (sakra_field_is(&d->fields[i], f->label.text[k]))
				return 1;
		for (size_t k = 0; k < f->nalso; k++)
			if (sakra_field_is(&d->fields[i], f->also[k]))
				return 1;
	}
	return 0;
}

/* The fields of section text that is parsed as file path. */
static int parse_text(struct importer *im, const char *path, const struct sakra_buf *text,
		      struct sakra_doc **d)
{
	struct sakra_diags diags = SAKRA_DIAGS_INIT;
	int rc = sakra_doc_parse(d, path, text->ptr ? text->ptr : "", text->len, &diags, im->err);

	sakra_diags_free(&diags);
	return rc;
}

/* Section sec's part of a chapter file: its heading line as the skeleton
 * has it, the skeleton's reference to the regulation, then the document's
 * blocks, then a line for each field the document does not give. */
static int write_section(struct importer *im, const struct skfile *f,
			 const struct sakra_fw_section *sec, const char *seg, size_t seglen,
			 int level, struct sakra_buf *out)
{
	struct sakra_buf part = SAKRA_BUF_INIT;
	struct sakra_doc *d = NULL;
	const char *p = seg, *end = seg + seglen;
	size_t blocks = 0, line = 0, fields0;
	int rc = 0, first = 1, systems = 0;

	while (p < end && rc == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

		/* the heading, and a reference line "*Föreskrift 3/2024: 6.5 ...*" */
		if (first || (n > 3 && p[0] == '*' && p[1] != ' ' && p[1] != '*' &&
			      (p[n - 1] == '*' || (p[n - 1] == '\n' && p[n - 2] == '*'))))
			rc = sakra_buf_put(&part, p, n) < 0 || sakra_buf_puts(&part, "\n") < 0 ? -1 : 0;
		first = 0;
		p += n;
	}
	if (rc < 0) {
		sakra_buf_free(&part);
		return oom(im->err);
	}
	for (size_t i = 0; rc == 0 && i < im->ng; i++) {
		struct group *g = &im->g[i];

		if (g->sec != sec || g->system)
			continue;
		if (!line)
			line = im->src.b[g->head].first + 1;
		g->used = 1;
		blocks += g->n;
		rc = write_blocks(im, g, level, f->marks, &part);
	}
	/* the systems the register now holds for its subsections */
	for (size_t i = 0; rc == 0 && i < im->res->nitems; i++) {
		const struct sakra_import_item *it = &im->res->items[i];
		size_t nl = strlen(sec->number);

		if (it->kind != SAKRA_IMPORT_SYSTEM || strncmp(it->b, sec->number, nl) ||
		    it->b[nl] != '.')
			continue;
		if (sakra_buf_puts(&part, "- [") < 0 || sakra_buf_put_markdown(&part, it->a) < 0 ||
		    sakra_buf_printf(&part, "](../%s)\n", it->d) < 0)
			rc = oom(im->err);
		systems = 1;
	}
	if (rc == 0 && systems)
		rc = sakra_buf_puts(&part, "\n") < 0 ? oom(im->err) : 0;
	if (rc == 0)
		rc = parse_text(im, f->rel, &part, &d);
	fields0 = 0;
	for (size_t i = 0; rc == 0 && i < sec->nfields; i++) {
		const char *label = sakra_i18n_get(&sec->fields[i].label, im->lang);

		if (has_field(d, &sec->fields[i])) {
			fields0++;
			continue;
		}
		if (sakra_buf_printf(&part, "- %s:\n", label) < 0)
			rc = oom(im->err);
		else
			rc = add_item(im, SAKRA_IMPORT_FIELD, label, sec->number, NULL, NULL, 0, 0,
				      line);
	}
	if (rc == 0 && part.len && part.ptr[part.len - 1] == '\n' &&
	    (part.len < 2 || part.ptr[part.len - 2] != '\n'))
		rc = sakra_buf_puts(&part, "\n") < 0 ? oom(im->err) : 0;
	/* (a section with no heading of its own, only systems, goes last) */
	if (rc == 0)
		rc = add_item(im, SAKRA_IMPORT_PLACED, sec->number, f->rel, NULL, NULL, blocks,
			      fields0, line ? line : (size_t)-1);
	if (rc == 0)
		im->res->items[im->res->nitems - 1].of = sec->nfields;
	if (rc == 0 && sakra_buf_put(out, part.ptr, part.len) < 0)
		rc = oom(im->err);
	im->res->placed += blocks;
	sakra_doc_free(d);
	sakra_buf_free(&part);
	return rc;
}

/* Whether the document has anything for sec: blocks of its own, or
 * systems the register now holds for its subsections. A heading with
 * nothing under it counts as placed, and keeps the skeleton's text. */
static int has_group(struct importer *im, const struct sakra_fw_section *sec)
{
	size_t blocks = 0, nl = strlen(sec->number);
	int heading = 0;

	for (size_t i = 0; i < im->ng; i++)
		if (im->g[i].sec == sec && !im->g[i].system) {
			heading = 1;
			blocks += im->g[i].n;
		}
	for (size_t i = 0; !blocks && i < im->res->nitems; i++)
		if (im->res->items[i].kind == SAKRA_IMPORT_SYSTEM &&
		    !strncmp(im->res->items[i].b, sec->number, nl) && im->res->items[i].b[nl] == '.')
			blocks++;
	if (heading && !blocks)
		for (size_t i = 0; i < im->ng; i++)
			if (im->g[i].sec == sec)
				im->g[i].used = 1;
	return blocks != 0;
}

static int has_heading(const struct importer *im, const struct sakra_fw_section *sec)
{
	for (size_t i = 0; i < im->ng; i++)
		if (im->g[i].sec == sec)
			return 1;
	return 0;
}

/* Rewrites one chapter file: each of its sections the document has is
 * the document's; the others stay as the skeleton has them. */
static int write_chapter(struct importer *im, struct skfile *f)
{
	struct sakra_buf out = SAKRA_BUF_INIT, path = SAKRA_BUF_INIT;
	const char *t = sakra_buf_cstr(&f->text), *p = t + f->body, *end = t + f->text.len;
	const char *seg = NULL;
	const struct sakra_fw_section *sec = NULL;
	int level = 0, rc = 0, changed = 0;

	if (sakra_buf_put(&out, t, f->body) < 0)
		return oom(im->err);
	for (;;) {
		const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
		size_t n = p < end ? (nl ? (size_t)(nl - p) + 1 : (size_t)(end - p)) : 0;
		int l = n ? heading_level(p, n) : 0;

		if (p < end && !l) {
			if (!seg && sakra_buf_put(&out, p, n) < 0)
				rc = oom(im->err);
			p += n;
			if (rc < 0)
				break;
			continue;
		}
		/* the end of a section's lines: seg..p */
		if (seg) {
			size_t seglen = (size_t)(p - seg);

			if (sec && sec->free_title && chapter_had(im, sec->number)) {
				changed = 1;   /* the register holds them */
			} else if (sec && has_group(im, sec)) {
				changed = 1;
				rc = write_section(im, f, sec, seg, seglen, level, &out);
			} else {
				if (sec && !sec->free_title && !has_heading(im, sec) &&
				    add_item(im, SAKRA_IMPORT_ABSENT, sec->number,
					     sakra_i18n_get(&sec->title, im->lang), f->rel, NULL,
					     0, 0, 0) < 0)
					rc = -1;
				else if (sakra_buf_put(&out, seg, seglen) < 0)
					rc = oom(im->err);
			}
			if (rc < 0)
				break;
		}
		if (p >= end)
			break;
		{
			char num[32], line[512];
			const char *rest;
			size_t ln = n - (size_t)l - 1 < sizeof(line) ? n - (size_t)l - 1
								     : sizeof(line) - 1;

			memcpy(line, p + l + 1, ln);
			line[ln] = '\0';
			if (ln && line[ln - 1] == '\n')
				line[ln - 1] = '\0';
			sec = heading_number(line, num, sizeof(num), &rest)
			      ? sakra_framework_section(im->fw, num) : NULL;
		}
		seg = p;
		level = l;
		p += n;
	}
	if (rc == 0 && changed) {
		if (sakra_buf_printf(&path, "%s/%s", im->root, f->rel) < 0)
			rc = oom(im->err);
		else if (unlink(path.ptr) < 0)   /* in a stage: synced as a whole */
			rc = sakra_error_set(im->err, SAKRA_EIO, path.ptr, 0, 0, "%s", strerror(errno));
		else
			rc = sakra_file_write_new(path.ptr, out.ptr, out.len, 0666, im->err);
	}
	sakra_buf_free(&out);
	sakra_buf_free(&path);
	return rc;
}

/* --- systems ------------------------------------------------------------------- */

/* The register keys (name, version, vendor, contact, purpose) a system's
 * fields answer, from the fields of its description. */
struct sysvals {
	char *v[5];
};
static const char *const syskeys[] = { "name", "version", "vendor", "contact", "purpose" };

static int syskey(const char *k)
{
	for (int i = 0; i < 5; i++)
		if (!strcmp(k, syskeys[i]))
			return i;
	return -1;
}

static void sysvals_free(struct sysvals *s)
{
	for (int i = 0; i < 5; i++)
		free(s->v[i]);
}

/* "Omsorg Pro 7.4, Vårdsystem Oy, tuki@..." for keys name, version,
 * vendor, contact: split at ", "; a version may end the name. */
static int split_keys(const struct sakra_fw_field *fd, const char *value, struct sysvals *s)
{
	char *copy = strdup(value), *parts[8], *p;
	size_t n = 0, k = 0;

	if (!copy)
		return -1;
	for (p = copy; n < 8;) {
		char *c = strstr(p, ", ");

		parts[n++] = p;
		if (!c)
			break;
		*c = '\0';
		p = c + 2;
	}
	for (size_t i = 0; i < fd->nkeys && k < n; i++) {
		int at = syskey(fd->keys[i]);

		if (!strcmp(fd->keys[i], "version") && n < fd->nkeys && i == 1) {
			/* the version is the name's last word, if it has a digit */
			char *sp = s->v[0] ? strrchr(s->v[0], ' ') : NULL;

			if (sp && strpbrk(sp, "0123456789")) {
				free(s->v[1]);
				if (!(s->v[1] = strdup(sp + 1))) {
					free(copy);
					return -1;
				}
				*sp = '\0';
			}
			continue;
		}
		if (at >= 0) {
			/* the last key takes what is left */
			size_t len = strlen(parts[k]);

			free(s->v[at]);
			if (i + 1 == fd->nkeys && k + 1 < n)
				len = (size_t)(parts[n - 1] + strlen(parts[n - 1]) - parts[k]);
			if (i + 1 == fd->nkeys)
				for (size_t j = k; j + 1 < n; j++)
					parts[j][strlen(parts[j])] = ',';
			if (!(s->v[at] = strndup(parts[k], len))) {
				free(copy);
				return -1;
			}
		}
		k++;
	}
	free(copy);
	return 0;
}

static int write_system(struct importer *im, struct group *g, const struct skfile *files,
			size_t nfiles)
{
	const struct sakra_fw_class *cls = g->cls ? g->cls : section_class(im->fw, g->sec);
	struct sakra_buf body = SAKRA_BUF_INIT, text = SAKRA_BUF_INIT, path = SAKRA_BUF_INIT;
	struct sakra_doc *d = NULL;
	struct sysvals sv = { { NULL } };
	const char *marks = "";
	char slug[96];
	int rc = 0;

	/* marked as the chapter of its section is */
	for (size_t i = 0; i < nfiles; i++) {
		const char *t = sakra_buf_cstr(&files[i].text);
		char want[40];
		size_t n = strcspn(g->sec->number, ".");

		snprintf(want, sizeof(want), "\n# %.*s", (int)n, g->sec->number);
		if (strstr(t, want))
			marks = files[i].marks;
	}
	if (sakra_buf_printf(&body, "# ") < 0 || sakra_buf_put_markdown(&body, g->system) < 0 ||
	    sakra_buf_puts(&body, "\n\n") < 0)
		return oom(im->err);
	rc = write_blocks(im, g, 1, marks, &body);
	/* the lines for what it does not give follow its own */
	while (g->n && body.len > 2 && body.ptr[body.len - 1] == '\n' &&
	       body.ptr[body.len - 2] == '\n')
		body.len--;
	if (rc == 0)
		rc = parse_text(im, "systems/", &body, &d);
	for (size_t i = 0; rc == 0 && i < cls->nfields; i++) {
		const struct sakra_fw_field *fd = &cls->fields[i];

		if (!has_field(d, fd)) {
			if (!fd->nkeys && sakra_buf_printf(&body, "- %s: %s\n",
							   sakra_i18n_get(&fd->label, im->lang),
							   sakra_words(im->lang)->describe) < 0)
				rc = oom(im->err);
			continue;
		}
		for (size_t k = 0; k < d->nfields && fd->nkeys; k++) {
			int is = 0;

			for (size_t j = 0; !is && j < fd->label.n; j++)
				is = sakra_field_is(&d->fields[k], fd->label.text[j]);
			if (is && split_keys(fd, d->fields[k].value, &sv) < 0)
				rc = oom(im->err);
		}
	}
	/* what the list's table gave, where the description gave nothing */
	for (int i = 1; rc == 0 && i < 5; i++)
		if ((!sv.v[i] || !*sv.v[i]) && g->keys[i]) {
			free(sv.v[i]);
			if (!(sv.v[i] = strdup(g->keys[i])))
				rc = oom(im->err);
		}
	free(sv.v[0]);
	sv.v[0] = strdup(g->system);
	sakra_text_slug(slug, sizeof(slug), g->system);
	if (!slug[0])
		strcpy(slug, "system");
	for (int n = 1; rc == 0; n++) {
		struct stat st;

		sakra_buf_clear(&path);
		if ((n == 1 ? sakra_buf_printf(&path, "%s/systems/%s.md", im->root, slug)
			    : sakra_buf_printf(&path, "%s/systems/%s-%d.md", im->root, slug, n)) < 0)
			rc = oom(im->err);
		else if (lstat(path.ptr, &st) < 0)
			break;
	}
	if (rc == 0 && !sv.v[0])
		rc = oom(im->err);
	if (rc == 0) {
		rc |= sakra_buf_puts(&text, "---\ntitle: \"");
		rc |= sakra_buf_put_yaml(&text, g->system);
		rc |= sakra_buf_printf(&text, "\"\n%ssystem:\n", marks);
		for (int i = 0; i < 5; i++) {
			rc |= sakra_buf_printf(&text, "  %s: \"", syskeys[i]);
			rc |= sakra_buf_put_yaml(&text, sv.v[i] ? sv.v[i] : "");
			rc |= sakra_buf_puts(&text, "\"\n");
			if (i == 3)
				rc |= sakra_buf_printf(&text, "  class: %s\n", cls->id);
		}
		if (cls->certificate)
			rc |= sakra_buf_puts(&text, "  # certificate_expires: YYYY-MM-DD\n");
		if (cls->register_check)
			rc |= sakra_buf_puts(&text, "  # register_checked: YYYY-MM-DD\n");
		rc |= sakra_buf_puts(&text, "---\n\n");
		rc |= sakra_buf_put(&text, body.ptr, body.len);
		rc = rc ? oom(im->err) : 0;
	}
	if (rc == 0)
		rc = sakra_file_write_new(path.ptr, text.ptr, text.len, 0666, im->err);
	if (rc == 0)
		rc = add_item(im, SAKRA_IMPORT_SYSTEM, g->system, g->sec->number,
			      cls->id, path.ptr + strlen(im->root) + 1, g->n, d ? d->nfields : 0,
			      im->src.b[g->head].first + 1);
	if (rc == 0) {
		g->used = 1;
		im->res->placed += g->n;
	}
	sysvals_free(&sv);
	sakra_doc_free(d);
	sakra_buf_free(&body);
	sakra_buf_free(&text);
	sakra_buf_free(&path);
	return rc;
}

/* --- systems a list's table names ------------------------------------------------- */

/* The register key (syskeys) a column headed `head` gives: the words of
 * the class's fields that the keys answer, in any language ("leverantör",
 * "toimittaja", "vendor" of "system, version, leverantör, ..."), or its
 * class ("klass", "luokka", "class": 5); -1 when none. */
static int column_key(const struct sakra_fw_class *cls, const char *head)
{
	static const char *const class_words[] = { "klass", "luokka", "class", NULL };

	for (size_t i = 0; class_words[i]; i++)
		if (sakra_text_equal(head, class_words[i]))
			return 5;
	for (size_t i = 0; i < cls->nfields; i++) {
		const struct sakra_fw_field *fd = &cls->fields[i];

		for (size_t l = 0; fd->nkeys && l < fd->label.n; l++) {
			char words[512], *w, *save = NULL;
			size_t k = 0;

			if (fd->nkeys == 1) {
				if (sakra_text_equal(head, fd->label.text[l]))
					return syskey(fd->keys[0]);
				continue;
			}
			snprintf(words, sizeof(words), "%s", fd->label.text[l]);
			for (w = strtok_r(words, ",", &save); w && k < fd->nkeys;
			     w = strtok_r(NULL, ",", &save), k++)
				if (sakra_text_equal(head, w))
					return syskey(fd->keys[k]);
		}
	}
	return -1;
}

/* A table of a list section (6.1.1: the class A2 and A3 systems) whose
 * header names the register's keys: a system per row, merged into the
 * description of chapter 9 of the same name when there is one. The table
 * itself stays where it is: it is the list. */
static int table_systems(struct importer *im, size_t gi)
{
	const struct sakra_fw_class *cls = NULL;
	const struct sakra_fw_section *desc;
	const char *list = im->g[gi].sec->number;

	for (size_t i = 0; i < im->fw->nclasses && !cls; i++)
		if (im->fw->classes[i].list_section && !strcmp(im->fw->classes[i].list_section, list))
			cls = &im->fw->classes[i];
	if (!cls || !cls->section || !(desc = sakra_framework_section(im->fw, cls->section)))
		return 0;
	for (size_t k = 0; k < im->g[gi].n; k++) {
		size_t bi = im->g[gi].blocks[k];
		const struct block *b = &im->src.b[bi];
		const char *cell[8];
		size_t clen[8], ncol, known = 0;
		int col[8];

		if (b->kind != B_TABLE)
			continue;
		{
			size_t len;
			const char *line = line_at(&im->src, b->first, &len);

			if ((ncol = row_cells(line, len, cell, clen, 8)) < 2 || ncol > 8)
				continue;
		}
		for (size_t c = 0; c < ncol; c++) {
			char head[256];

			snprintf(head, sizeof(head), "%.*s", (int)clen[c], cell[c]);
			col[c] = column_key(cls, head);
			known += col[c] > 0 && col[c] < 5;
		}
		/* the template's list: name, version, vendor, contact; a first
		 * column it does not name is the system's name */
		if (!known)
			continue;
		if (col[0] < 0)
			col[0] = 0;
		for (size_t i = b->first + 1; i <= b->last; i++) {
			size_t len, n;
			const char *line = line_at(&im->src, i, &len);
			const struct sakra_fw_class *rc_cls = cls;
			char *vals[5] = { NULL };
			struct group *g = NULL;
			int rc = 0;

			if (is_delimiter_row(line, len) ||
			    (n = row_cells(line, len, cell, clen, 8)) != ncol || !clen[0])
				continue;
			for (size_t c = 0; c < n && rc == 0; c++) {
				if (col[c] == 5) {
					char id[16];
					const struct sakra_fw_class *x;

					snprintf(id, sizeof(id), "%.*s", (int)clen[c], cell[c]);
					if ((x = sakra_framework_class(im->fw, id)) && x->section &&
					    !strcmp(x->section, cls->section))
						rc_cls = x;
				} else if (col[c] >= 0 && !vals[col[c]] &&
					   !(vals[col[c]] = strndup(cell[c], clen[c]))) {
					rc = -1;
				}
			}
			/* the description in chapter 9 of the same system, else a new one */
			for (size_t j = 0; rc == 0 && vals[0] && j < im->ng && !g; j++)
				if (im->g[j].system && sakra_text_equal(im->g[j].system, vals[0]))
					g = &im->g[j];
			if (rc == 0 && vals[0] && !g) {
				if (!(g = new_group(im, desc, bi)) || !(g->system = strdup(vals[0])))
					rc = -1;
				else
					g->cls = rc_cls;
			} else if (g && !g->cls && rc_cls != cls) {
				g->cls = rc_cls;
			}
			for (int v = 1; v < 5; v++) {
				if (rc == 0 && g && !g->keys[v]) {
					g->keys[v] = vals[v];
					vals[v] = NULL;
				}
				free(vals[v]);
			}
			free(vals[0]);
			if (rc < 0)
				return oom(im->err);
		}
	}
	return 0;
}

/* --- what could not be placed -------------------------------------------------------- */

/* The rank among the plan's levels (sakra.yml, lowest first) of the
 * classification line in marks; -1 when it is none of them. */
static int level_rank(const struct sakra_config *cfg, const char *marks)
{
	const char *c = strstr(marks, "classification:");
	size_t n;

	if (!c || !cfg)
		return -1;
	c += 15;
	while (*c == ' ' || *c == '"')
		c++;
	n = strcspn(c, "\" \n#");
	for (size_t i = 0; i < cfg->nlevels; i++)
		if (strlen(cfg->levels[i].id) == n && !strncmp(cfg->levels[i].id, c, n))
			return (int)i;
	return -1;
}

/* The marking lines of the chapter marked highest. */
static const char *top_marks(struct importer *im, const struct skfile *files, size_t nfiles)
{
	struct sakra_buf path = SAKRA_BUF_INIT, text = SAKRA_BUF_INIT;
	struct sakra_diags diags = SAKRA_DIAGS_INIT;
	struct sakra_config *cfg = NULL;
	struct sakra_error err;
	const char *marks = nfiles ? files[0].marks : "";
	int best = -1;

	if (sakra_buf_printf(&path, "%s/sakra.yml", im->root) == 0 &&
	    sakra_file_read(path.ptr, &text, 1 << 20, &err) == 0)
		sakra_config_parse(&cfg, sakra_buf_cstr(&text), text.len, &diags, &err);
	for (size_t i = 0; i < nfiles; i++) {
		int r = level_rank(cfg, files[i].marks);

		if (r > best) {
			best = r;
			marks = files[i].marks;
		}
	}
	if (cfg)
		sakra_config_free(cfg);
	sakra_diags_free(&diags);
	sakra_buf_free(&path);
	sakra_buf_free(&text);
	return marks;
}

static int write_unplaced(struct importer *im, const struct skfile *files, size_t nfiles)
{
	struct sakra_buf text = SAKRA_BUF_INIT, path = SAKRA_BUF_INIT;
	const struct sakra_words *w = sakra_words(im->lang);
	const char *marks = nfiles ? files[0].marks : "", *first = NULL;
	char title[512];
	size_t blocks = 0, line = 0;
	int rc = 0;

	/* as the most protected chapter: nobody has read it yet */
	marks = top_marks(im, files, nfiles);
	snprintf(title, sizeof(title), w->import.unplaced, im->name);
	rc |= sakra_buf_puts(&text, "---\ntitle: \"");
	rc |= sakra_buf_put_yaml(&text, title);
	rc |= sakra_buf_printf(&text, "\"\n%s---\n\n# ", marks);
	rc |= sakra_buf_put_markdown(&text, title);
	rc |= sakra_buf_puts(&text, "\n\n");
	{
		struct sakra_buf md = SAKRA_BUF_INIT;   /* the name as Markdown text */

		rc |= sakra_buf_put_markdown(&md, im->name);
		rc |= sakra_buf_printf(&text, w->import.unplaced_intro, sakra_buf_cstr(&md));
		sakra_buf_free(&md);
	}
	rc |= sakra_buf_puts(&text, "\n\n");
	if (rc)
		return oom(im->err);
	for (size_t i = 0; rc == 0 && i < im->ng; i++) {
		struct group *g = &im->g[i];
		struct group whole = *g;

		if (g->used)
			continue;
		if (g->head != (size_t)-1) {
			/* a section the skeleton has no place for: its heading too */
			size_t *b = malloc((g->n + 1) * sizeof(size_t));

			if (!b)
				return oom(im->err);
			b[0] = g->head;
			if (g->n)
				memcpy(b + 1, g->blocks, g->n * sizeof(size_t));
			whole.blocks = b;
			whole.n = g->n + 1;
		}
		whole.sec = NULL;
		whole.system = NULL;
		if (!whole.n)
			goto next;
		if (!line)
			line = im->src.b[whole.blocks[0]].first + 1;
		if (!first && im->src.b[whole.blocks[0]].kind == B_HEADING)
			first = im->src.b[whole.blocks[0]].text;
		blocks += whole.n;
		rc = write_blocks(im, &whole, 1, marks, &text);
next:
		if (whole.blocks != g->blocks)
			free(whole.blocks);
	}
	if (rc == 0 && blocks) {
		if (sakra_buf_printf(&path, "%s/appendices/unplaced.md", im->root) < 0)
			rc = oom(im->err);
		else if ((rc = sakra_mkdirs_for(path.ptr, 0777, im->err)) == 0)
			rc = sakra_file_write_new(path.ptr, text.ptr, text.len, 0666, im->err);
		if (rc == 0)
			rc = add_item(im, SAKRA_IMPORT_UNPLACED, first, "appendices/unplaced.md",
				      NULL, NULL, blocks, 0, line);
		im->res->unplaced = blocks;
	}
	sakra_buf_free(&text);
	sakra_buf_free(&path);
	return rc;
}

int sakra_import_place(const char *root, const struct sakra_framework *fw, const char *lang,
		       const char *md, size_t len, const char *media_dir, const char *name,
		       struct sakra_import_result *res, struct sakra_error *err)
{
	struct importer im;
	struct skfile *files = NULL;
	size_t nfiles = 0;
	int rc;

	memset(res, 0, sizeof(*res));
	memset(&im, 0, sizeof(im));
	im.fw = fw;
	im.lang = lang;
	im.root = root;
	im.media = media_dir;
	im.name = name;
	im.res = res;
	im.err = err;
	if (parse_source(&im.src, md, len) < 0) {
		source_free(&im.src);
		return oom(err);
	}
	rc = group_blocks(&im);
	if (rc == 0)
		rc = read_skeleton(&im, &files, &nfiles);
	/* (new_group may move im.g: by index) */
	for (size_t i = 0, n = im.ng; rc == 0 && i < n; i++)
		if (im.g[i].sec && !im.g[i].system)
			rc = table_systems(&im, i);
	for (size_t i = 0; rc == 0 && i < im.ng; i++)
		if (im.g[i].system && section_class(fw, im.g[i].sec)) {
			struct sakra_buf dir = SAKRA_BUF_INIT;

			if (sakra_buf_printf(&dir, "%s/systems", root) < 0)
				rc = oom(err);
			else
				rc = sakra_mkdirs(dir.ptr, 0777, err);
			sakra_buf_free(&dir);
			if (rc == 0)
				rc = write_system(&im, &im.g[i], files, nfiles);
		}
	for (size_t i = 0; rc == 0 && i < nfiles; i++)
		rc = write_chapter(&im, &files[i]);
	if (rc == 0)
		rc = write_unplaced(&im, files, nfiles);
	skeleton_free(files, nfiles);
	for (size_t i = 0; i < im.ng; i++) {
		free(im.g[i].blocks);
		free(im.g[i].system);
		for (int k = 0; k < 5; k++)
			free(im.g[i].keys[k]);
	}
	free(im.g);
	for (size_t i = 0; i < im.nimg; i++) {
		free(im.img[i].url);
		free(im.img[i].file);
	}
	free(im.img);
	source_free(&im.src);
	return rc;
}

void sakra_import_result_free(struct sakra_import_result *res)
{
	for (size_t i = 0; i < res->nitems; i++) {
		free(res->items[i].a);
		free(res->items[i].b);
		free(res->items[i].c);
		free(res->items[i].d);
	}
	free(res->items);
	memset(res, 0, sizeof(*res));
}

/* --- what pandoc read ------------------------------------------------------------ */

static const char *const change_classes[] = { "insertion", "deletion", "paragraph-insertion",
					      "paragraph-deletion", NULL };
static const char *const comment_classes[] = { "comment-start", NULL };

static int has_class(json_t *classes, const char *const *names)
{
	size_t i;
	json_t *c;

	json_array_foreach(classes, i, c)
		for (size_t k = 0; names[k]; k++)
			if (json_is_string(c) && !strcmp(json_string_value(c), names[k]))
				return 1;
	return 0;
}

/* The author among an attribute's key-value pairs. */
static void note_author(json_t *kvs, struct sakra_import_marks *m)
{
	size_t i;
	json_t *kv;

	if (m->author[0])
		return;
	json_array_foreach(kvs, i, kv)
		if (json_is_array(kv) && json_array_size(kv) == 2 &&
		    json_is_string(json_array_get(kv, 0)) &&
		    !strcmp(json_string_value(json_array_get(kv, 0)), "author") &&
		    json_is_string(json_array_get(kv, 1)))
			snprintf(m->author, sizeof(m->author), "%s",
				 json_string_value(json_array_get(kv, 1)));
}

static void walk_pandoc(json_t *v, struct sakra_import_marks *m, unsigned depth)
{
	size_t i;
	json_t *x;

	if (depth > 4096)
		return;
	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			walk_pandoc(x, m, depth + 1);
		return;
	}
	if (!json_is_object(v))
		return;
	x = json_object_get(v, "t");
	if (json_is_string(x)) {
		const char *t = json_string_value(x);
		json_t *c = json_object_get(v, "c"), *attr = json_array_get(c, 0);

		if (!strcmp(t, "Span") && json_is_array(attr) && json_array_size(attr) == 3) {
			json_t *classes = json_array_get(attr, 1);

			if (has_class(classes, change_classes)) {
				m->changes++;
				note_author(json_array_get(attr, 2), m);
			} else if (has_class(classes, comment_classes)) {
				m->comments++;
				note_author(json_array_get(attr, 2), m);
			}
		} else if (!strcmp(t, "Image") && json_is_array(attr)) {
			json_array_set_new(c, 0, json_pack("[s[][]]", ""));
		}
	}
	x = json_object_get(v, "c");
	if (x)
		walk_pandoc(x, m, depth + 1);
}

static int dump_to_buf(const char *chunk, size_t size, void *data)
{
	return sakra_buf_put(data, chunk, size) < 0 ? -1 : 0;
}

int sakra_import_pandoc_json(const char *json, size_t len, struct sakra_buf *out,
			     struct sakra_import_marks *marks, struct sakra_error *err)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len, 0, &jerr), *blocks;
	int rc = 0;

	memset(marks, 0, sizeof(*marks));
	if (!root || !json_is_object(root) || !json_is_array(blocks = json_object_get(root, "blocks"))) {
		json_decref(root);
		return sakra_error_set(err, SAKRA_EPARSE, NULL, 0, 0, "pandoc's output is not its "
				       "JSON: %s", root ? "no blocks" : jerr.text);
	}
	walk_pandoc(blocks, marks, 0);
	sakra_buf_clear(out);
	if (json_dump_callback(root, dump_to_buf, out, JSON_COMPACT) < 0)
		rc = oom(err);
	json_decref(root);
	return rc;
}

/* Counts each of needles[0..2) in what is read from a. A match wholly in
 * the tail kept from the read before was counted then. */
static int count_in_entry(struct archive *a, const char *const needles[2], size_t counts[2],
			  const char *path, struct sakra_error *err)
{
	char buf[65536 + 64];
	size_t keep = 0, total = 0;
	ssize_t n;

	while ((n = archive_read_data(a, buf + keep, 65536)) > 0) {
		size_t have = keep + (size_t)n;

		if ((total += (size_t)n) > (size_t)1 << 30)
			return sakra_error_set(err, SAKRA_ELIMIT, path, 0, 0, "its content.xml is "
					       "over 1 GiB; not an office document to import");
		for (int k = 0; k < 2; k++) {
			size_t nl = strlen(needles[k]);

			for (size_t i = 0; i + nl <= have; i++)
				if (i + nl > keep && !memcmp(buf + i, needles[k], nl))
					counts[k]++;
		}
		keep = have < 63 ? have : 63;
		memmove(buf, buf + have - keep, keep);
	}
	return n < 0 ? sakra_error_set(err, SAKRA_EPARSE, path, 0, 0, "cannot read it as "
				       "OpenDocument: %s", archive_error_string(a)) : 0;
}

int sakra_import_odt_marks(const char *path, struct sakra_import_marks *marks,
			   struct sakra_error *err)
{
	static const char *const needles[2] = { "<text:changed-region", "<office:annotation" };
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	size_t counts[2] = { 0, 0 };
	int rc = 0, found = 0, r;

	memset(marks, 0, sizeof(*marks));
	if (!a)
		return oom(err);
	archive_read_support_format_zip(a);
	if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
		rc = sakra_error_set(err, SAKRA_EPARSE, path, 0, 0, "cannot read it as "
				     "OpenDocument (a zip file): %s", archive_error_string(a));
		goto out;
	}
	while (rc == 0 && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		if (strcmp(archive_entry_pathname(e) ? archive_entry_pathname(e) : "",
			   "content.xml"))
			continue;
		found = 1;
		rc = count_in_entry(a, needles, counts, path, err);
		break;
	}
	if (rc == 0 && !found)
		rc = sakra_error_set(err, SAKRA_EPARSE, path, 0, 0, "it has no content.xml: not "
				     "an OpenDocument text");
	marks->changes = counts[0];
	marks->comments = counts[1];
out:
	archive_read_free(a);
	return rc;
}
