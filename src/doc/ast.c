/* doc: what the Markdown tree holds — headings, fields, links. */
#include "doc.h"

/* --- the AST: headings, fields, links ------------------------------------- */

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
	return doc_file_line(w->lines, (size_t)(line > 0 ? line : 1) + w->offset);
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

char *doc_trimmed_dup(const char *s, size_t n)
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
			*number = doc_trimmed_dup(text, n);
			*title = doc_trimmed_dup(p, strlen(p));
			return *number && *title ? 0 : SAKRA_ENOMEM;
		}
		break;
	}
	*title = doc_trimmed_dup(text, strlen(text));
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

	line = doc_file_line(l, line);
	s = l->text + l->start[line - 1];
	n = doc_line_len(l, line);
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
	f->line = doc_file_line(w->lines, line);
	f->column = label_column(w->lines, f->line, label);
	if (!(f->value = doc_trimmed_dup(value, n))) {
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
		if (!(label = doc_trimmed_dup(line, (size_t)(sep - line)))) {
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
	if (!(label = doc_trimmed_dup(l.ptr, n))) {
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

int doc_walk_ast(struct walk *w, cmark_node *root)
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
