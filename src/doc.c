/* doc: front matter, headings, fields, links and placeholders of one
 * Markdown document.
 *
 * Headings, fields and links come from cmark-gfm's AST. Placeholders are
 * found on the raw text of the AST's leaf blocks, because the AST no longer
 * tells an escaped "\[" from a bare "[". */
#include "doc/doc.h"

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
size_t doc_line_of(const struct lines *l, size_t off)
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

size_t doc_col_of(const struct lines *l, size_t off)
{
	size_t line = doc_line_of(l, off);

	return sakra_utf8_count(l->text + l->start[line - 1], off - l->start[line - 1]) + 1;
}

/* line, kept inside the text: every index into start[] goes through here
 * or is checked against n. */
size_t doc_file_line(const struct lines *l, size_t line)
{
	return line < 1 ? 1 : line > l->n ? l->n : line;
}

size_t doc_line_len(const struct lines *l, size_t line)
{
	size_t s = l->start[line - 1], e = l->start[line] - 1;

	return e - s;
}

/* Is line (1-based) a front matter delimiter: "---" (or "..." to close),
 * with trailing blanks allowed? */
static int is_fence(const struct lines *l, size_t line, int closing)
{
	const char *p = l->text + l->start[line - 1];
	size_t n = doc_line_len(l, line);

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
	if (doc_walk_ast(&w, root) < 0 || doc_scan_placeholders(&w, doc->body_line) < 0 ||
	    doc_make_anchors(doc) < 0)
		goto nomem;
	doc_mark_placeholder_fields(doc);
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
