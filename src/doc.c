/* doc: front matter, headings, fields, links and placeholders of one
 * Markdown document.
 *
 * Headings, fields and links come from cmark-gfm's AST. Placeholders are
 * found on the raw text of the AST's leaf blocks, because the AST no longer
 * tells an escaped "\[" from a bare "[". */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "sakra/buf.h"
#include "sakra/doc.h"
#include "sakra/text.h"

#define PLACEHOLDER_SHOWN 60

struct lines {
	const char *text;
	size_t len;
	size_t *start;   /* offset of each line; start[n] = len + 1 */
	size_t n;
};

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *p;
	size_t c;

	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 8;
	p = realloc(*v, c * size);
	if (!p)
		return SAKRA_ENOMEM;
	*v = p;
	*cap = c;
	return 0;
}

#define PUSH(arr, n, cap) grow((void **)&(arr), &(cap), (n), sizeof(*(arr)))

void sakra_doc_free(struct sakra_doc *doc)
{
	if (!doc || __atomic_sub_fetch(&doc->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	for (size_t i = 0; i < doc->nheadings; i++) {
		free(doc->headings[i].number);
		free(doc->headings[i].title);
		free(doc->headings[i].anchor);
	}
	for (size_t i = 0; i < doc->nfields; i++) {
		free(doc->fields[i].label);
		free(doc->fields[i].value);
	}
	for (size_t i = 0; i < doc->nlinks; i++)
		free(doc->links[i].url);
	for (size_t i = 0; i < doc->nplaceholders; i++)
		free(doc->placeholders[i].text);
	free(doc->headings);
	free(doc->fields);
	free(doc->links);
	free(doc->placeholders);
	free(doc->by_anchor);
	sakra_yaml_free(doc->front);
	free(doc->body);
	free(doc->path);
	free(doc);
}

const char *sakra_doc_meta(const struct sakra_doc *doc, const char *key)
{
	return sakra_yaml_str(sakra_yaml_get(doc->front, key));
}

size_t sakra_doc_meta_line(const struct sakra_doc *doc, const char *key)
{
	const struct sakra_yaml_pair *p = sakra_yaml_pair_get(doc->front, key);

	if (p)
		return p->key->line;
	return doc->has_front ? doc->front_line : 1;
}

/* --- the text: lines, validity, front matter ------------------------------ */

static int index_lines(struct lines *l)
{
	size_t cap = 0, n = 0;

	l->start = NULL;
	if (PUSH(l->start, n, cap) < 0)
		return SAKRA_ENOMEM;
	l->start[n++] = 0;
	for (const char *p = l->text, *end = l->text + l->len;
	     (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
		if (PUSH(l->start, n, cap) < 0)
			return SAKRA_ENOMEM;
		l->start[n++] = (size_t)(p - l->text) + 1;
	}
	if (PUSH(l->start, n, cap) < 0)
		return SAKRA_ENOMEM;
	l->start[n] = l->len + 1;
	l->n = n;
	return 0;
}

/* Line (1-based) of byte offset off. */
static size_t line_of(const struct lines *l, size_t off)
{
	size_t lo = 0, hi = l->n;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (l->start[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo + 1;
}

static size_t col_of(const struct lines *l, size_t off)
{
	size_t line = line_of(l, off);

	return sakra_utf8_count(l->text + l->start[line - 1], off - l->start[line - 1]) + 1;
}

/* line, kept inside the text: every index into start[] goes through here
 * or is checked against n. */
static size_t file_line(const struct lines *l, size_t line)
{
	return line < 1 ? 1 : line > l->n ? l->n : line;
}

static size_t line_len(const struct lines *l, size_t line)
{
	size_t s = l->start[line - 1], e = l->start[line] - 1;

	return e - s;
}

/* Is line (1-based) a front matter delimiter: "---" (or "..." to close),
 * with trailing blanks allowed? */
static int is_fence(const struct lines *l, size_t line, int closing)
{
	const char *p = l->text + l->start[line - 1];
	size_t n = line_len(l, line);

	if (n < 3 || !(memcmp(p, "---", 3) == 0 || (closing && memcmp(p, "...", 3) == 0)))
		return 0;
	for (size_t i = 3; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return 0;
	return 1;
}

/* Checks the raw bytes; returns 1 if the text can be parsed. */
/* The characters that may start a Markdown element (and line ends). */
static const unsigned char markup[256] = {
	['\n'] = 1, ['*'] = 1, ['_'] = 1, ['`'] = 1, ['['] = 1, [']'] = 1, ['!'] = 1,
	['<'] = 1, ['>'] = 1, ['&'] = 1, ['\\'] = 1, ['~'] = 1, ['|'] = 1, [':'] = 1,
	['@'] = 1, ['.'] = 1,
};

static void bidi_warning(const char *path, const char *data, size_t line, size_t linestart,
			 size_t at, unsigned cp, struct sakra_diags *diags)
{
	/* text that displays otherwise than it reads (Trojan Source): the
	 * signature covers the bytes, the reader sees the display */
	sakra_diags_add(diags, SAKRA_WARNING, "doc.bidi", path, line,
			sakra_utf8_count(data + linestart, at - linestart) + 1,
			"a Unicode bidirectional control (U+%04X) makes this line display "
			"otherwise than it reads; remove it", cp);
}

/* Where the first ten bidirectional controls of data are (their lead
 * bytes are 0xd8 and 0xe2), in order: how many. */
static size_t find_bidi(const char *data, size_t len, size_t at[20], unsigned cps[20])
{
	static const unsigned char leads[] = { 0xd8, 0xe2 };
	size_t n = 0;

	for (size_t k = 0; k < sizeof(leads); k++) {
		size_t found = 0;

		for (const char *p = data, *end = data + len;
		     found < 10 && (p = memchr(p, leads[k], (size_t)(end - p))) != NULL; p++) {
			unsigned cp;

			if (sakra_utf8_decode(p, (size_t)(end - p), &cp) && sakra_is_bidi_control(cp)) {
				size_t i = n++;

				for (; i > 0 && at[i - 1] > (size_t)(p - data); i--) {
					at[i] = at[i - 1];
					cps[i] = cps[i - 1];
				}
				at[i] = (size_t)(p - data);
				cps[i] = cp;
				found++;
			}
		}
	}
	return n < 10 ? n : 10;
}

/* Warns of the bidirectional controls before offset stop (at most ten). */
static void warn_bidi(const char *path, const char *data, size_t len, size_t stop,
		      struct sakra_diags *diags)
{
	size_t at[20], n, line = 1, linestart = 0;
	unsigned cps[20];
	const char *p = data, *end = data + len;

	n = find_bidi(data, len, at, cps);
	for (size_t k = 0; k < n && at[k] < stop; k++) {
		for (; (p = memchr(p, '\n', (size_t)(end - p))) != NULL && (size_t)(p - data) < at[k];
		     p++) {
			line++;
			linestart = (size_t)(p - data) + 1;
		}
		if (!p)
			p = end;
		bidi_warning(path, data, line, linestart, at[k], cps[k], diags);
	}
}

/* Where a document too large to read fails, byte by byte: the offset, with
 * its line and the rule; len + 1 when it does not. Only a document long
 * enough to hold too much markup can (a shorter one has no overlong line
 * either), so a short one is not read at all. */
_Static_assert(SAKRA_DOC_MAX_LINE >= SAKRA_DOC_MAX_NODES / 2,
	       "a document too short to hold too much markup has no overlong line");

static size_t too_large(const char *data, size_t len, size_t *line, const char **rule)
{
	size_t linestart = 0;

	*line = 1;
	if (8 + 2 * (len + 1) <= SAKRA_DOC_MAX_NODES)
		return len + 1;
	for (size_t i = 0, nodes = 8; i <= len; i++) {
		/* at most two nodes per line and per markup character: a
		 * paragraph or item and its text, an emphasis or link and the
		 * text after it, a table cell, an entity, an autolink */
		if ((i == len || markup[(unsigned char)data[i]]) &&
		    (nodes += 2) > SAKRA_DOC_MAX_NODES) {
			*rule = "doc.size";
			return i;
		}
		if (i == len || data[i] == '\n') {
			if (i - linestart > SAKRA_DOC_MAX_LINE) {
				*rule = "doc.line-length";
				return i;
			}
			++*line;
			linestart = i + 1;
		}
	}
	return len + 1;
}

static int check_text(const char *path, const char *data, size_t len,
		      struct sakra_diags *diags)
{
	const char *nul = memchr(data, '\0', len);
	const unsigned char *u = (const unsigned char *)data;
	const char *wide = NULL, *rule = NULL;
	size_t bad, line = 1, linestart = 0, stop;

	/* UTF-16 and UTF-32 (what Notepad and some exports save): by their byte
	 * order mark, or by the NUL bytes that ASCII text has between its
	 * letters in them */
	if (len >= 4 && !memcmp(u, "\xff\xfe\0\0", 4))
		wide = "UTF-32 (little-endian)";
	else if (len >= 4 && !memcmp(u, "\0\0\xfe\xff", 4))
		wide = "UTF-32 (big-endian)";
	else if (len >= 2 && u[0] == 0xff && u[1] == 0xfe)
		wide = "UTF-16 (little-endian)";
	else if (len >= 2 && u[0] == 0xfe && u[1] == 0xff)
		wide = "UTF-16 (big-endian)";
	else if (len >= 4 && u[0] && !u[1] && !u[2] && !u[3])
		wide = "UTF-32 (little-endian)";
	else if (len >= 4 && !u[0] && !u[1] && !u[2] && u[3])
		wide = "UTF-32 (big-endian)";
	else if (len >= 4 && u[0] && !u[1] && u[2] && !u[3])
		wide = "UTF-16 (little-endian)";
	else if (len >= 4 && !u[0] && u[1] && !u[2] && u[3])
		wide = "UTF-16 (big-endian)";
	if (wide) {
		sakra_diags_add(diags, SAKRA_ERROR, "doc.utf8", path, 1, 1,
				"the file is %s text; a plan document must be UTF-8: save it as "
				"UTF-8 (in Notepad: Save as, Encoding UTF-8; or 'iconv -f %s -t "
				"UTF-8')", wide, wide[4] == '6' ? (strstr(wide, "big") ? "UTF-16BE" :
				"UTF-16LE") : (strstr(wide, "big") ? "UTF-32BE" : "UTF-32LE"));
		return 0;
	}
	if (nul) {
		for (const char *p = data; p < nul; p++)
			line += *p == '\n';
		sakra_diags_add(diags, SAKRA_ERROR, "doc.binary", path, line, 0,
				"binary content (a NUL byte); a plan document must be "
				"UTF-8 text — give a binary file a sidecar NAME.EXT.md instead");
		return 0;
	}
	if (!sakra_utf8_valid(data, len, &bad)) {
		for (size_t i = 0; i < bad; i++) {
			if (data[i] == '\n') {
				line++;
				linestart = i + 1;
			}
		}
		sakra_diags_add(diags, SAKRA_ERROR, "doc.utf8", path, line,
				sakra_utf8_count(data + linestart, bad - linestart) + 1,
				"invalid UTF-8 (byte 0x%02x); save the file as UTF-8",
				(unsigned char)data[bad]);
		return 0;
	}
	/* the bidirectional controls before where it is too large to read */
	stop = too_large(data, len, &line, &rule);
	warn_bidi(path, data, len, stop, diags);
	if (stop > len)
		return 1;
	if (!strcmp(rule, "doc.size"))
		sakra_diags_add(diags, SAKRA_ERROR, "doc.size", path, line, 0,
				"the document holds too much markup to read (more than %d Markdown "
				"elements); split it into several files", SAKRA_DOC_MAX_NODES);
	else
		sakra_diags_add(diags, SAKRA_ERROR, "doc.line-length", path, line, 0,
				"line is longer than %d bytes; not a plan document?",
				SAKRA_DOC_MAX_LINE);
	return 0;
}

/* Copies data without a BOM, with CRLF and a lone CR turned into LF: cmark
 * ends a line at each of the three, so the line numbers of its nodes and of
 * this text agree (and match what editors show). */
static char *normalize(const char *data, size_t len, size_t *outlen)
{
	char *out;
	size_t o = 0;

	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	out = malloc(len + 1);
	if (!out)
		return NULL;
	if (!memchr(data, '\r', len)) {   /* the usual file: as it is */
		memcpy(out, data, len);
		out[len] = '\0';
		*outlen = len;
		return out;
	}
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
			continue;
		out[o++] = data[i] == '\r' ? '\n' : data[i];
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* --- the AST: headings, fields, links ------------------------------------- */

struct walk {
	struct sakra_doc *doc;
	const struct lines *lines;  /* of the whole normalised file */
	size_t offset;              /* file line = AST line + offset */
	size_t headcap, fieldcap, linkcap, placecap;
	struct range { size_t first, last; int paragraph; } *ranges;
	size_t nranges, rangecap;
	size_t *match, matchcap;    /* scan_block's bracket matches, reused */
};

/* The file line (1..lines->n) where node starts. cmark leaves some nodes
 * without a position (a paragraph that the table extension split keeps
 * none): they take the position of what follows them, or of their parent. */
static size_t node_line(const struct walk *w, cmark_node *node)
{
	int line = 0;

	for (cmark_node *n = node; n && line <= 0; n = cmark_node_parent(n)) {
		line = cmark_node_get_start_line(n);
		for (cmark_node *next = cmark_node_next(n); next && line <= 0;
		     next = cmark_node_next(next))
			line = cmark_node_get_start_line(next);
	}
	return file_line(w->lines, (size_t)(line > 0 ? line : 1) + w->offset);
}

/* The plain text of an inline subtree; soft and hard breaks become '\n'. */
static int flatten(cmark_node *node, struct sakra_buf *out)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	int rc = 0;

	if (!it)
		return SAKRA_ENOMEM;
	while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);

		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
			const char *lit = cmark_node_get_literal(n);

			if (lit)
				rc = sakra_buf_puts(out, lit);
		} else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
			rc = sakra_buf_putc(out, '\n');
		}
	}
	cmark_iter_free(it);
	if (rc == 0 && !out->ptr)
		rc = sakra_buf_put(out, "", 0);
	return rc;
}

static char *trimmed_dup(const char *s, size_t n)
{
	char *r;

	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	r = malloc(n + 1);
	if (r) {
		memcpy(r, s, n);
		r[n] = '\0';
	}
	return r;
}

/* "6.1.1 Title", "1. Title", "6.1.1. Title": components of at most three
 * digits, so a year ("2026 i korthet") is not taken for a number. */
static int split_number(const char *text, char **number, char **title)
{
	const char *p = text;

	*number = *title = NULL;
	while (*p) {
		size_t d = 0;

		while (isdigit((unsigned char)p[d]))
			d++;
		if (d == 0 || d > 3)
			break;
		p += d;
		if (*p == '.' && isdigit((unsigned char)p[1])) {
			p++;
			continue;
		}
		if (*p == '.')
			p++;
		if (*p == ' ' || *p == '\t' || *p == '\0') {
			size_t n = (size_t)(p - text);

			if (text[n - 1] == '.')
				n--;
			*number = trimmed_dup(text, n);
			*title = trimmed_dup(p, strlen(p));
			return *number && *title ? 0 : SAKRA_ENOMEM;
		}
		break;
	}
	*title = trimmed_dup(text, strlen(text));
	return *title ? 0 : SAKRA_ENOMEM;
}

static int add_heading(struct walk *w, cmark_node *n)
{
	struct sakra_doc *doc = w->doc;
	struct sakra_buf text = SAKRA_BUF_INIT;
	struct sakra_heading *h;
	int rc;

	if ((rc = flatten(n, &text)) < 0 || (rc = PUSH(doc->headings, doc->nheadings, w->headcap)) < 0)
		goto out;
	for (size_t i = 0; i < text.len; i++)
		if (text.ptr[i] == '\n')
			text.ptr[i] = ' ';
	h = &doc->headings[doc->nheadings];
	h->level = cmark_node_get_heading_level(n);
	h->line = node_line(w, n);
	h->column = 1;
	if ((rc = split_number(text.ptr, &h->number, &h->title)) < 0) {
		free(h->number);
		free(h->title);
		goto out;
	}
	doc->nheadings++;
out:
	sakra_buf_free(&text);
	return rc;
}

static int add_link(struct walk *w, cmark_node *n)
{
	struct sakra_doc *doc = w->doc;
	struct sakra_link *l;
	const char *url = cmark_node_get_url(n);

	if (!url || PUSH(doc->links, doc->nlinks, w->linkcap) < 0)
		return url ? SAKRA_ENOMEM : 0;
	l = &doc->links[doc->nlinks];
	l->url = strdup(url);
	if (!l->url)
		return SAKRA_ENOMEM;
	l->image = cmark_node_get_type(n) == CMARK_NODE_IMAGE;
	l->line = node_line(w, n);
	l->column = (size_t)cmark_node_get_start_column(n);
	doc->nlinks++;
	return 0;
}

/* Column (in code points) of `label` on file line `line`, or 1. */
static size_t label_column(const struct lines *l, size_t line, const char *label)
{
	const char *s;
	size_t n, lablen = strlen(label);

	line = file_line(l, line);
	s = l->text + l->start[line - 1];
	n = line_len(l, line);
	if (lablen == 0)
		return 1;
	for (size_t i = 0; i + lablen <= n; i++)
		if (memcmp(s + i, label, lablen) == 0)
			return sakra_utf8_count(s, i) + 1;
	return 1;
}

/* The longest label a field line may have, in bytes. */
#define LABEL_MAX 160

/* The first " – ", " — " or " - " in line[0..len), with *dl its length;
 * NULL when there is none. */
static char *find_dash(char *line, size_t len, size_t *dl)
{
	for (size_t i = 1; i + 1 < len; i++) {
		const unsigned char *c = (const unsigned char *)line + i;

		if (c[-1] != ' ')
			continue;
		if (c[0] == '-' && c[1] == ' ') {
			*dl = 3;
			return line + i - 1;
		}
		if (c[0] == 0xe2 && i + 3 < len && c[1] == 0x80 && (c[2] == 0x93 || c[2] == 0x94) &&
		    c[3] == ' ') {
			*dl = 5;
			return line + i - 1;
		}
	}
	return NULL;
}

/* Where the label of line[0..len) ends, as a "Label: value" or
 * "Label – value" line, with *seplen the separator's length; NULL when the
 * line is not a field: no separator, or a long label or one with a bracket
 * in it (a link). The earliest separator counts, so only the first
 * LABEL_MAX bytes (and a separator's) are searched. */
static char *field_sep(char *line, size_t len, size_t *seplen)
{
	size_t scan = len < LABEL_MAX + 8 ? len : LABEL_MAX + 8, left = scan, dl = 0;
	char *colon = line, *sep = NULL, *dash;

	/* The label ends at a colon followed by white space or the end of the
	 * line, so "FPA:s testresultat" stays one label and URLs stay values. */
	while ((colon = memchr(colon, ':', left)) != NULL) {
		size_t at = (size_t)(colon - line);

		if (at + 1 == len || colon[1] == ' ' || colon[1] == '\t')
			break;
		colon++;
		left = scan - at - 1;
	}
	if (colon) {
		sep = colon;
		*seplen = 1;
	}
	/* A dash between spaces, or at the end of the line after a space. */
	if ((dash = find_dash(line, scan, &dl)) == NULL) {
		if (len >= 2 && !memcmp(line + len - 2, " -", 2))
			dash = line + len - 2, dl = 3;
		else if (len >= 4 && !memcmp(line + len - 4, " \xe2\x80", 3) &&
			 (line[len - 1] == '\x93' || line[len - 1] == '\x94'))
			dash = line + len - 4, dl = 5;
	}
	if (dash && dash > line && (!sep || dash < sep)) {
		sep = dash;
		*seplen = dash + dl <= line + len ? dl : dl - 1;
	}
	if (!sep || sep == line || (size_t)(sep - line) > LABEL_MAX ||
	    memchr(line, '[', (size_t)(sep - line)))
		return NULL;
	return sep;
}

/* Adds field label (taken) at file line `line` with the value value[0..n). */
static int push_field(struct walk *w, char *label, size_t line, const char *value, size_t n)
{
	struct sakra_doc *doc = w->doc;
	struct sakra_field *f;

	if (PUSH(doc->fields, doc->nfields, w->fieldcap) < 0) {
		free(label);
		return SAKRA_ENOMEM;
	}
	f = &doc->fields[doc->nfields];
	memset(f, 0, sizeof(*f));
	f->label = label;
	f->line = file_line(w->lines, line);
	f->column = label_column(w->lines, f->line, label);
	if (!(f->value = trimmed_dup(value, n))) {
		free(label);
		return SAKRA_ENOMEM;
	}
	for (char *p = f->value; *p; p++)
		if (*p == '\n')
			*p = ' ';
	doc->nfields++;
	return 0;
}

/* Fields of one paragraph: every line "Label: value". A value left empty on
 * its line continues on the following lines of the paragraph (up to the next
 * field line), or in the block that follows inside the same list item. */
static int add_fields(struct walk *w, cmark_node *para)
{
	struct sakra_buf text = SAKRA_BUF_INIT, more = SAKRA_BUF_INIT;
	size_t first = node_line(w, para);
	char *line;
	size_t k = 0;
	int rc;

	if ((rc = flatten(para, &text)) < 0)
		return rc;
	for (line = text.ptr; rc == 0 && line && *line; k++) {
		char *nl = strchr(line, '\n');
		char *sep, *label, *value;
		size_t seplen = 0, vlen;

		if (nl)
			*nl = '\0';
		if (!(sep = field_sep(line, strlen(line), &seplen))) {
			line = nl ? nl + 1 : NULL;
			continue;
		}
		if (!(label = trimmed_dup(line, (size_t)(sep - line)))) {
			rc = SAKRA_ENOMEM;
			break;
		}
		value = sep + seplen;
		vlen = strlen(value);
		while (vlen && (*value == ' ' || *value == '\t')) {
			value++;
			vlen--;
		}
		if (!vlen && nl) {
			/* The following lines, up to the next field line. */
			char *end = nl + 1;

			while (*end) {
				size_t len = strcspn(end, "\n"), sl;

				if (field_sep(end, len, &sl))
					break;
				end += len + (end[len] == '\n');
			}
			value = nl + 1;
			vlen = (size_t)(end - nl - 1);
		} else if (!vlen && cmark_node_next(para)) {
			sakra_buf_clear(&more);
			if ((rc = flatten(cmark_node_next(para), &more)) < 0) {
				free(label);
				break;
			}
			value = more.ptr ? more.ptr : "";
			vlen = more.len;
		}
		rc = push_field(w, label, first + k, value, vlen);
		line = nl ? nl + 1 : NULL;
	}
	sakra_buf_free(&more);
	sakra_buf_free(&text);
	return rc;
}

/* A row of a two-column table is a field: "| Label | value |"; the first
 * row too, since Markdown makes the first row of every table its header. */
static int add_table_field(struct walk *w, cmark_node *row)
{
	cmark_node *a = cmark_node_first_child(row), *b = a ? cmark_node_next(a) : NULL;
	struct sakra_buf l = SAKRA_BUF_INIT, v = SAKRA_BUF_INIT;
	char *label = NULL;
	size_t n;
	int rc;

	if (!b || cmark_node_next(b))
		return 0;
	if ((rc = flatten(a, &l)) < 0 || (rc = flatten(b, &v)) < 0)
		goto out;
	n = l.len;
	while (n && (l.ptr[n - 1] == ' ' || l.ptr[n - 1] == ':'))
		n--;
	if (n == 0 || n > 160 || memchr(l.ptr, '[', n) || memchr(l.ptr, '\n', n))
		goto out;
	if (!(label = trimmed_dup(l.ptr, n))) {
		rc = SAKRA_ENOMEM;
		goto out;
	}
	rc = push_field(w, label, node_line(w, row), v.ptr ? v.ptr : "", v.len);
out:
	sakra_buf_free(&l);
	sakra_buf_free(&v);
	return rc;
}

static int add_range(struct walk *w, cmark_node *n, int paragraph)
{
	int first = cmark_node_get_start_line(n), last = cmark_node_get_end_line(n);

	if (first <= 0)
		return 0;
	if (last < first)
		last = first;
	if (PUSH(w->ranges, w->nranges, w->rangecap) < 0)
		return SAKRA_ENOMEM;
	w->ranges[w->nranges].first = (size_t)first + w->offset;
	w->ranges[w->nranges].last = (size_t)last + w->offset;
	w->ranges[w->nranges].paragraph = paragraph;
	w->nranges++;
	return 0;
}

static int walk_ast(struct walk *w, cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	int rc = 0;

	if (!it)
		return SAKRA_ENOMEM;
	while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		const char *ts;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (t) {
		case CMARK_NODE_HEADING:
			rc = add_heading(w, n);
			if (rc == 0)
				rc = add_range(w, n, 0);
			break;
		case CMARK_NODE_PARAGRAPH:
			rc = add_fields(w, n);
			if (rc == 0)
				rc = add_range(w, n, 1);
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			rc = add_link(w, n);
			break;
		default:
			ts = cmark_node_get_type_string(n);
			if (ts && strcmp(ts, "table") == 0)
				rc = add_range(w, n, 0);
			else if (ts && (strcmp(ts, "table_row") == 0 || strcmp(ts, "table_header") == 0))
				rc = add_table_field(w, n);
			break;
		}
	}
	cmark_iter_free(it);
	return rc;
}

/* --- anchors --------------------------------------------------------------- */

/* GitHub's way of making a heading's anchor: lower case, spaces to '-',
 * other punctuation dropped; Latin-1 letters (å, ä, ö) lowered too. */
static int slug(const struct sakra_heading *h, struct sakra_buf *out)
{
	struct sakra_buf text = SAKRA_BUF_INIT;
	int rc = 0;

	sakra_buf_clear(out);
	if (h->number)
		rc |= sakra_buf_printf(&text, "%s ", h->number);
	rc |= sakra_buf_puts(&text, h->title ? h->title : "");
	for (const unsigned char *p = (const unsigned char *)sakra_buf_cstr(&text); *p && !rc; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_')
			rc |= sakra_buf_putc(out, (char)*p);
		else if (*p >= 'A' && *p <= 'Z')
			rc |= sakra_buf_putc(out, (char)(*p + 32));
		else if (*p == ' ')
			rc |= sakra_buf_putc(out, '-');
		else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97) {
			rc |= sakra_buf_putc(out, (char)0xC3);
			rc |= sakra_buf_putc(out, (char)(*++p + 0x20));
		} else if (*p >= 0x80)
			rc |= sakra_buf_putc(out, (char)*p);
	}
	if (!rc && !out->len)
		rc = sakra_buf_puts(out, "section");
	sakra_buf_free(&text);
	return rc ? SAKRA_ENOMEM : 0;
}

/* The anchors given so far, in an open-addressed table; each remembers how
 * many "-N" forms were taken with it as the base. */
struct taken {
	const char *id;
	size_t count;
};

static size_t hash(const char *s)
{
	size_t h = 14695981039346656037u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

static struct taken *lookup(struct taken *t, size_t mask, const char *id)
{
	size_t i = hash(id) & mask;

	while (t[i].id && strcmp(t[i].id, id) != 0)
		i = (i + 1) & mask;
	return &t[i];
}

struct by_anchor {
	const char *anchor;
	size_t i;
};

static int cmp_anchor(const void *a, const void *b)
{
	return strcmp(((const struct by_anchor *)a)->anchor, ((const struct by_anchor *)b)->anchor);
}

/* Gives each heading its anchor: the slug, or the slug and "-N" with the
 * smallest N not taken, as the site writes them. */
static int make_anchors(struct sakra_doc *doc)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	struct taken *t;
	struct by_anchor *order = NULL;
	size_t mask = 15;

	if (!doc->nheadings)
		return 0;
	while (mask < doc->nheadings * 2)
		mask = mask * 2 + 1;
	if (!(t = calloc(mask + 1, sizeof(*t))) ||
	    !(order = malloc(doc->nheadings * sizeof(*order))) ||
	    !(doc->by_anchor = malloc(doc->nheadings * sizeof(*doc->by_anchor))))
		goto nomem;
	for (size_t i = 0; i < doc->nheadings; i++) {
		struct taken *e, *base;
		size_t len;

		if (slug(&doc->headings[i], &b) < 0)
			goto nomem;
		len = b.len;
		base = e = lookup(t, mask, b.ptr);
		while (e->id) {
			b.len = len;
			b.ptr[len] = '\0';
			if (sakra_buf_printf(&b, "-%zu", ++base->count) < 0)
				goto nomem;
			e = lookup(t, mask, b.ptr);
		}
		if (!(doc->headings[i].anchor = sakra_buf_detach(&b)))
			goto nomem;
		e->id = order[i].anchor = doc->headings[i].anchor;
		order[i].i = i;
	}
	qsort(order, doc->nheadings, sizeof(*order), cmp_anchor);
	for (size_t i = 0; i < doc->nheadings; i++)
		doc->by_anchor[i] = order[i].i;
	free(order);
	free(t);
	sakra_buf_free(&b);
	return 0;
nomem:
	free(order);
	free(t);
	sakra_buf_free(&b);
	return SAKRA_ENOMEM;
}

int sakra_link_path(const struct sakra_doc *doc, const char *url, struct sakra_buf *out)
{
	struct sakra_buf dec = SAKRA_BUF_INIT;
	size_t n = strcspn(url, "#?");
	int rc;

	sakra_buf_clear(out);
	if (n == 0 || (url[0] == '/' && url[1] == '/') || sakra_url_has_scheme(url))
		return 2;
	if (sakra_url_decode(url, n, &dec) < 0)
		return SAKRA_ENOMEM;
	rc = sakra_path_resolve(doc->path, dec.ptr, out);
	sakra_buf_free(&dec);
	return rc;
}

const struct sakra_heading *sakra_doc_anchor(const struct sakra_doc *doc, const char *id)
{
	size_t lo = 0, hi = doc->by_anchor ? doc->nheadings : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct sakra_heading *h = &doc->headings[doc->by_anchor[mid]];
		int c = strcmp(id, h->anchor);

		if (c == 0)
			return h;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int sakra_field_is(const struct sakra_field *f, const char *label)
{
	size_t n = strlen(f->label);
	const char *open;
	char *head;
	int eq;

	if (sakra_text_equal(f->label, label))
		return 1;
	/* "Dataskyddsombud / Tietosuojavastaava": a label in two languages */
	if (strstr(f->label, " / ")) {
		const char *p = f->label;

		for (;;) {
			const char *sep = strstr(p, " / ");
			char *part = strndup(p, sep ? (size_t)(sep - p) : strlen(p));

			eq = part && sakra_text_equal(part, label);
			free(part);
			if (eq)
				return 1;
			if (!sep)
				break;
			p = sep + 3;
		}
	}
	if (!n || f->label[n - 1] != ')' || !(open = strrchr(f->label, '(')) || open == f->label)
		return 0;
	if (!(head = strndup(f->label, (size_t)(open - f->label))))
		return 0;
	eq = sakra_text_equal(head, label);
	free(head);
	return eq;
}

/* --- placeholders on the raw text ----------------------------------------- */

/* Link reference labels ("[label]: url"), folded, so that a shortcut
 * reference "[label]" is known to be a link. */
struct refs {
	char **v;
	size_t n, cap;
};

static void refs_free(struct refs *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i]);
	free(r->v);
}

static int collect_refs(const struct lines *l, size_t first_line, struct refs *r)
{
	for (size_t line = first_line; line <= l->n; line++) {
		const char *s = l->text + l->start[line - 1];
		size_t n = line_len(l, line), i = 0, j;
		char *label, *folded;

		while (i < n && i < 3 && s[i] == ' ')
			i++;
		if (i >= n || s[i] != '[' || (i + 1 < n && s[i + 1] == '^'))
			continue;
		for (j = i + 1; j < n && s[j] != ']'; j++)
			if (s[j] == '\\')
				j++;
		if (j + 1 >= n || s[j] != ']' || s[j + 1] != ':')
			continue;
		if (!(label = trimmed_dup(s + i + 1, j - i - 1)))
			return SAKRA_ENOMEM;
		folded = sakra_text_fold(label);
		free(label);
		if (!folded || PUSH(r->v, r->n, r->cap) < 0) {
			free(folded);
			return SAKRA_ENOMEM;
		}
		r->v[r->n++] = folded;
	}
	return 0;
}

static int is_ref(const struct refs *r, const char *s, size_t n)
{
	char *label = trimmed_dup(s, n), *folded;
	int found = 0;

	if (!label)
		return 0;
	folded = sakra_text_fold(label);
	free(label);
	for (size_t i = 0; folded && i < r->n && !found; i++)
		found = strcmp(r->v[i], folded) == 0;
	free(folded);
	return found;
}

/* Only white space, '>' quote markers and list markers precede position i
 * on its line: then "[ ]" there is a task-list box. */
static int at_item_start(const char *s, size_t linestart, size_t i)
{
	int marker = 0;

	for (size_t k = linestart; k < i; k++) {
		char c = s[k];

		if (c == ' ' || c == '\t' || c == '>')
			continue;
		if (c == '-' || c == '*' || c == '+' || c == '.' || c == ')' ||
		    isdigit((unsigned char)c)) {
			marker = 1;
			continue;
		}
		return 0;
	}
	return marker;
}

static int add_placeholder(struct walk *w, size_t open, size_t close, int paragraph)
{
	const struct lines *l = w->lines;
	struct sakra_doc *doc = w->doc;
	struct sakra_placeholder *p;
	struct sakra_buf text = SAKRA_BUF_INIT;
	size_t shown = 0, i;

	for (i = open + 1; i < close; i++) {
		char c = l->text[i] == '\n' ? ' ' : l->text[i];

		if (((unsigned char)c & 0xc0) != 0x80 && ++shown > PLACEHOLDER_SHOWN) {
			if (sakra_buf_puts(&text, "…") < 0)
				goto nomem;
			break;
		}
		if (sakra_buf_putc(&text, c) < 0)
			goto nomem;
	}
	if (!text.ptr && sakra_buf_put(&text, "", 0) < 0)
		goto nomem;
	if (PUSH(doc->placeholders, doc->nplaceholders, w->placecap) < 0)
		goto nomem;
	p = &doc->placeholders[doc->nplaceholders++];
	p->text = sakra_buf_detach(&text);
	p->paragraph = paragraph;
	p->line = line_of(l, open);
	p->column = col_of(l, open);
	return 0;
nomem:
	sakra_buf_free(&text);
	return SAKRA_ENOMEM;
}

/* s[i] opens a run of backticks: returns the index of the last backtick of
 * the code span it opens (its closing run of the same length), or of its own
 * run when it is never closed (then the backticks are literal). */
static size_t skip_code_span(const char *s, size_t i, size_t to)
{
	size_t run = 0, j;

	while (i + run < to && s[i + run] == '`')
		run++;
	for (j = i + run; j < to; j++) {
		size_t r = 0;

		while (j + r < to && s[j + r] == '`')
			r++;
		if (r == run)
			return j + run - 1;
		j += r ? r - 1 : 0;
	}
	return i + run - 1;
}

/* Scans the raw text [from, to) of one leaf block. Brackets are matched in
 * one pass with a stack, so hostile nesting costs linear time. */
static int scan_block(struct walk *w, const struct refs *refs, size_t from, size_t to,
		      int paragraph)
{
	const char *s = w->lines->text;
	size_t *stack = NULL, depth = 0, cap = 0;
	size_t *match;
	size_t first_content = from, last_content = to;
	int rc = 0;

	if (to <= from || !memchr(s + from, '[', to - from))
		return 0;   /* no bracket: no placeholder */
	if (w->matchcap < to - from + 1) {
		size_t *m = realloc(w->match, (to - from + 1) * sizeof(*m));

		if (!m)
			return SAKRA_ENOMEM;
		w->match = m;
		w->matchcap = to - from + 1;
	}
	match = w->match;
	memset(match, 0, (to - from + 1) * sizeof(*match));
	/* Pass 1: match brackets outside code spans and escapes. */
	for (size_t i = from; i < to; i++) {
		char c = s[i];

		if (c == '\\' && i + 1 < to && ispunct((unsigned char)s[i + 1])) {
			i++;
		} else if (c == '`') {
			i = skip_code_span(s, i, to);
		} else if (c == '[') {
			if (depth == cap) {
				size_t *v = realloc(stack, (cap = cap ? cap * 2 : 16) * sizeof(*v));

				if (!v) {
					rc = SAKRA_ENOMEM;
					goto out;
				}
				stack = v;
			}
			stack[depth++] = i;
		} else if (c == ']' && depth > 0) {
			size_t o = stack[--depth];

			match[o - from] = i + 1;   /* 0 means unmatched */
		}
	}
	/* The paragraph's content, without leading list or quote markers. */
	while (first_content < to && (isspace((unsigned char)s[first_content]) ||
				      s[first_content] == '>'))
		first_content++;
	while (last_content > first_content && isspace((unsigned char)s[last_content - 1]))
		last_content--;

	/* Pass 2: walk the outermost brackets and classify them. */
	for (size_t i = from; i < to; i++) {
		char c = s[i];
		size_t close;

		if (c == '\\' && i + 1 < to && ispunct((unsigned char)s[i + 1])) {
			i++;
			continue;
		}
		if (c == '`') {
			i = skip_code_span(s, i, to);
			continue;
		}
		if (c == '<') {
			/* an autolink <scheme:...> or <a@b>: skip it whole */
			size_t j = i + 1;

			while (j < to && s[j] != '>' && s[j] != ' ' && s[j] != '\n' && s[j] != '<')
				j++;
			if (j < to && s[j] == '>' && (memchr(s + i, ':', j - i) || memchr(s + i, '@', j - i)))
				i = j;
			continue;
		}
		if (c != '[' || !match[i - from])
			continue;
		close = match[i - from];   /* one past ']'; images "![...]" are links too */
		if (close < to && s[close] == '(') {
			/* inline link [text](dest): skip to the matching ')' */
			size_t j = close, par = 0;

			for (; j < to; j++) {
				if (s[j] == '\\') {
					j++;
					continue;
				}
				if (s[j] == '(')
					par++;
				else if (s[j] == ')' && --par == 0)
					break;
			}
			i = j < to ? j : close - 1;
			continue;
		}
		if (close < to && s[close] == '[' && match[close - from]) {
			i = match[close - from] - 1;  /* full reference [text][ref] */
			continue;
		}
		if (i + 1 < to && s[i + 1] == '^') {
			i = close - 1;                /* footnote [^1] or [^1]: */
			continue;
		}
		if (close - i == 3 && (s[i + 1] == ' ' || s[i + 1] == 'x' || s[i + 1] == 'X') &&
		    at_item_start(s, w->lines->start[line_of(w->lines, i) - 1], i)) {
			i = close - 1;                /* task-list box */
			continue;
		}
		if (close - i == 2 || is_ref(refs, s + i + 1, close - i - 2)) {
			i = close - 1;                /* "[]" or a shortcut reference link */
			continue;
		}
		rc = add_placeholder(w, i, close - 1,
				     paragraph && i == first_content && close == last_content);
		if (rc < 0)
			goto out;
		i = close - 1;
	}
out:
	free(stack);
	return rc;
}

/* The guidance-paragraph test above compares with the first content byte;
 * list markers before it ("- [Beskriv ...]") still count as a paragraph. */
static size_t skip_markers(const char *s, size_t from, size_t to)
{
	size_t i = from;

	for (;;) {
		while (i < to && (s[i] == ' ' || s[i] == '\t' || s[i] == '>'))
			i++;
		if (i + 1 < to && (s[i] == '-' || s[i] == '*' || s[i] == '+') && s[i + 1] == ' ') {
			i += 2;
			continue;
		}
		if (i < to && isdigit((unsigned char)s[i])) {
			size_t j = i;

			while (j < to && isdigit((unsigned char)s[j]))
				j++;
			if (j + 1 < to && (s[j] == '.' || s[j] == ')') && s[j + 1] == ' ') {
				i = j + 2;
				continue;
			}
		}
		return i;
	}
}

static int scan_placeholders(struct walk *w, size_t body_line)
{
	struct refs refs = { NULL, 0, 0 };
	const struct lines *l = w->lines;
	int rc;

	if ((rc = collect_refs(l, body_line, &refs)) < 0)
		goto out;
	for (size_t r = 0; r < w->nranges; r++) {
		size_t first = w->ranges[r].first, last = w->ranges[r].last;
		size_t from, to;

		if (first < 1 || last > l->n || first > last)
			continue;
		from = skip_markers(l->text, l->start[first - 1], l->start[last] - 1);
		to = l->start[last] - 1;
		if ((rc = scan_block(w, &refs, from, to, w->ranges[r].paragraph)) < 0)
			goto out;
	}
out:
	refs_free(&refs);
	return rc;
}

/* A field whose value is nothing but placeholders, or empty. */
static void mark_placeholder_fields(struct sakra_doc *doc)
{
	for (size_t i = 0; i < doc->nfields; i++) {
		struct sakra_field *f = &doc->fields[i];
		int on_line = 0, depth = 0, rest = 0;

		for (size_t k = 0; k < doc->nplaceholders; k++)
			on_line |= doc->placeholders[k].line == f->line;
		for (const char *p = f->value; *p; p++) {
			if (*p == '[' && on_line)
				depth++;
			else if (*p == ']' && depth > 0)
				depth--;
			else if (depth == 0 && !isspace((unsigned char)*p) &&
				 !ispunct((unsigned char)*p))
				rest = 1;
		}
		f->placeholder = !rest;
	}
}

/* --- entry point ---------------------------------------------------------- */

/* A parser with the extensions sakra reads Markdown with, allocating from mem. */
static cmark_parser *parser_with(cmark_mem *mem)
{
	static const char *const exts[] = { "table", "strikethrough", "autolink",
					    "tagfilter", "tasklist" };
	cmark_parser *p;

	cmark_gfm_core_extensions_ensure_registered();
	p = cmark_parser_new_with_mem(CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES, mem);
	if (!p)
		return NULL;
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);

		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	return p;
}

void *sakra_doc_parser_new(void)
{
	return parser_with(cmark_get_default_mem_allocator());
}

static int read_front(struct sakra_doc *doc, const struct lines *l, struct sakra_diags *diags,
		      struct sakra_error *err)
{
	struct sakra_error yerr;
	size_t close = 0;
	int rc;

	doc->body_line = 1;
	if (l->n == 0 || !is_fence(l, 1, 0))
		return 0;
	doc->has_front = 1;
	doc->front_line = 1;
	for (size_t line = 2; line <= l->n; line++) {
		if (is_fence(l, line, 1)) {
			close = line;
			break;
		}
	}
	if (!close) {
		sakra_diags_add(diags, SAKRA_ERROR, "doc.front-matter", doc->path, 1, 1,
				"front matter is not closed; add a line '---' after it");
		doc->front_bad = 1;
		doc->body_line = l->n + 1;
		return 0;
	}
	doc->body_line = close + 1;
	sakra_error_clear(&yerr);
	rc = sakra_yaml_parse(&doc->front, l->text + l->start[1], l->start[close - 1] - l->start[1],
			      2, &yerr);
	if (rc == SAKRA_ENOMEM)
		return sakra_error_set(err, rc, doc->path, 0, 0, "out of memory");
	if (rc < 0) {
		sakra_diags_add(diags, SAKRA_ERROR, "doc.yaml", doc->path, yerr.line, yerr.column,
				"front matter: %s", yerr.message);
		doc->front_bad = 1;
		return 0;
	}
	if (doc->front && doc->front->type != SAKRA_YAML_MAP) {
		sakra_diags_add(diags, SAKRA_ERROR, "doc.yaml", doc->path, doc->front->line,
				doc->front->column,
				"front matter must be a mapping of keys (title: ..., classification: ...)");
		sakra_yaml_free(doc->front);
		doc->front = NULL;
		doc->front_bad = 1;
	}
	return 0;
}

/* --- cmark's memory: an arena per thread ---------------------------------------
 *
 * A document's syntax tree lives only while the document is read, so cmark
 * allocates it from an arena of the thread, emptied after each document:
 * no malloc per node, nothing to free, and the heap is not cut into the
 * small pieces that made every other large allocation slow. Each block
 * carries its size before it so that realloc can copy. */

#define ARENA_CHUNK (1u << 20)
#define ARENA_KEEP (8u << 20)    /* a chunk above this is not kept between documents */

struct arena_chunk {
	struct arena_chunk *prev;
	size_t used, cap;
	max_align_t data[];
};

static _Thread_local struct arena_chunk *arena;
static _Thread_local void *arena_last;   /* the newest block, which may grow in place */

static void *arena_alloc(size_t size)
{
	size_t need = (sizeof(size_t) + size + sizeof(max_align_t) - 1) &
		      ~(sizeof(max_align_t) - 1);
	unsigned char *block;

	if (size > SIZE_MAX / 2)
		return NULL;
	if (!arena || arena->cap - arena->used < need) {
		size_t cap = arena && arena->cap * 2 > need ? arena->cap * 2 : ARENA_CHUNK;
		struct arena_chunk *c;

		while (cap < need)
			cap *= 2;
		if (!(c = malloc(sizeof(*c) + cap)))
			return NULL;
		c->prev = arena;
		c->used = 0;
		c->cap = cap;
		arena = c;
	}
	block = (unsigned char *)arena->data + arena->used;
	arena->used += need;
	memcpy(block, &size, sizeof(size));
	arena_last = block + sizeof(size_t);
	return arena_last;
}

static void *arena_calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	if ((p = arena_alloc(n * size)))
		memset(p, 0, n * size);
	return p;
}

static void *arena_realloc(void *old, size_t size)
{
	size_t have;
	void *p;

	if (!old)
		return arena_alloc(size);
	memcpy(&have, (unsigned char *)old - sizeof(size_t), sizeof(have));
	if (old == arena_last) {   /* the newest block grows where it is */
		unsigned char *start = (unsigned char *)old - sizeof(size_t);
		size_t off = (size_t)(start - (unsigned char *)arena->data);
		size_t need = (sizeof(size_t) + size + sizeof(max_align_t) - 1) &
			      ~(sizeof(max_align_t) - 1);

		if (size <= SIZE_MAX / 2 && arena->cap - off >= need) {
			arena->used = off + need;
			memcpy(start, &size, sizeof(size));
			return old;
		}
	}
	if ((p = arena_alloc(size)))
		memcpy(p, old, have < size ? have : size);
	return p;
}

static void arena_free(void *p)
{
	(void)p;   /* all of it goes at once, in arena_reset */
}

static void arena_reset(void)
{
	while (arena && (arena->prev || arena->cap > ARENA_KEEP)) {
		struct arena_chunk *c = arena;

		arena = c->prev;
		free(c);
	}
	if (arena)
		arena->used = 0;
	arena_last = NULL;
}

static cmark_mem arena_mem = { arena_calloc, arena_realloc, arena_free };

void sakra_doc_release(void)
{
	while (arena) {
		struct arena_chunk *c = arena;

		arena = c->prev;
		free(c);
	}
	arena_last = NULL;
}

int sakra_doc_parse(struct sakra_doc **out, const char *path, const char *data,
		    size_t len, struct sakra_diags *diags, struct sakra_error *err)
{
	struct sakra_doc *doc = calloc(1, sizeof(*doc));
	struct lines l = { NULL, 0, NULL, 0 };
	struct walk w;
	cmark_parser *parser = NULL;
	cmark_node *root = NULL;
	char *text = NULL;
	size_t textlen = 0, bodyoff;
	int rc = 0;

	*out = NULL;
	memset(&w, 0, sizeof(w));
	if (!doc || !(doc->path = strdup(path)))
		goto nomem;
	doc->refs = 1;
	doc->body_line = 1;
	if (!check_text(path, data, len, diags)) {
		*out = doc;
		return 0;
	}
	doc->readable = 1;
	if (!(text = normalize(data, len, &textlen)))
		goto nomem;
	l.text = text;
	l.len = textlen;
	if (index_lines(&l) < 0)
		goto nomem;
	if ((rc = read_front(doc, &l, diags, err)) < 0)
		goto out;
	bodyoff = doc->body_line <= l.n ? l.start[doc->body_line - 1] : textlen;
	if (!(doc->body = strdup(text + bodyoff)))
		goto nomem;

	if (!(parser = parser_with(&arena_mem)))
		goto nomem;
	cmark_parser_feed(parser, doc->body, strlen(doc->body));
	if (!(root = cmark_parser_finish(parser)))
		goto nomem;
	w.doc = doc;
	w.lines = &l;
	w.offset = doc->body_line - 1;
	if (walk_ast(&w, root) < 0 || scan_placeholders(&w, doc->body_line) < 0 ||
	    make_anchors(doc) < 0)
		goto nomem;
	mark_placeholder_fields(doc);
	*out = doc;
	doc = NULL;
	goto out;
nomem:
	rc = sakra_error_set(err, SAKRA_ENOMEM, path, 0, 0, "out of memory");
out:
	if (root)
		cmark_node_free(root);
	if (parser)
		cmark_parser_free(parser);
	arena_reset();
	free(w.match);
	free(w.ranges);
	free(l.start);
	free(text);
	sakra_doc_free(doc);
	return rc;
}
