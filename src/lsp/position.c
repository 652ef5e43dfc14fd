/* lsp: URIs and positions (UTF-8 or UTF-16 units) and the documents the
 * editor has open. */
#include "lsp.h"

/* --- URIs and positions ------------------------------------------------------- */

/* The absolute path of a file: URI (malloc'd), or NULL. */
char *lsp_uri_path(const char *uri)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	const char *p;

	if (!uri || strncmp(uri, "file://", 7) != 0)
		return NULL;
	p = uri + 7;
	if (*p != '/') {   /* file://host/path: only the local host */
		if (strncmp(p, "localhost/", 10) != 0)
			return NULL;
		p += 9;
	}
	if (sakra_url_decode(p, strcspn(p, "?#"), &b) < 0 || !b.len ||
	    memchr(b.ptr, '\0', b.len)) {   /* no NUL inside a path */
		sakra_buf_free(&b);
		return NULL;
	}
	return b.ptr;
}

/* file:// URI of the repository-relative path (malloc'd). */
char *lsp_path_uri(const struct server *s, const char *path)
{
	static const char keep[] = "-._~/";
	struct sakra_buf b = SAKRA_BUF_INIT;
	const char *root = sakra_repo_root(s->ws->repo);

	sakra_buf_puts(&b, "file://");
	for (int part = 0; part < 2; part++) {
		const unsigned char *p = (const unsigned char *)(part ? path : root);

		if (part)
			sakra_buf_putc(&b, '/');
		for (; *p; p++)
			if (isalnum(*p) || strchr(keep, *p))
				sakra_buf_putc(&b, (char)*p);
			else
				sakra_buf_printf(&b, "%%%02X", *p);
	}
	if (sakra_buf_puts(&b, "") < 0) {
		sakra_buf_free(&b);
		return NULL;
	}
	return b.ptr;
}

/* Where line (0-based) starts in text; LF, CRLF and CR end lines as the
 * protocol says. The text's length when it has fewer lines. */
size_t lsp_line_start(const char *t, size_t len, size_t line)
{
	size_t i = 0;

	while (line && i < len) {
		if (t[i] == '\r' || t[i] == '\n') {
			if (t[i] == '\r' && i + 1 < len && t[i + 1] == '\n')
				i++;
			line--;
		}
		i++;
	}
	return i;
}

size_t lsp_line_length(const char *t, size_t len, size_t start)
{
	size_t i = start;

	while (i < len && t[i] != '\n' && t[i] != '\r')
		i++;
	return i - start;
}

/* Units of the client's encoding in the n bytes at p. */
size_t lsp_units(const struct server *s, const char *p, size_t n)
{
	size_t u = 0;

	if (s->utf8)
		return n;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t k = sakra_utf8_decode(p + i, n - i, &cp);

		if (!k) {
			u++;
			i++;
			continue;
		}
		u += cp >= 0x10000 ? 2 : 1;
		i += k;
	}
	return u;
}

/* The bytes of the first cps code points of the n bytes at p (sakra's
 * columns count code points). */
size_t lsp_cp_bytes(const char *p, size_t n, size_t cps)
{
	size_t i = 0;

	while (i < n && cps--) {
		unsigned cp;
		size_t k = sakra_utf8_decode(p + i, n - i, &cp);

		i += k ? k : 1;
	}
	return i;
}

/* The byte in the line at p (n bytes) where `want` units end. */
static size_t bytes_for(const struct server *s, const char *p, size_t n, size_t want)
{
	size_t u = 0, i = 0;

	if (s->utf8)
		return want < n ? want : n;
	while (i < n && u < want) {
		unsigned cp;
		size_t k = sakra_utf8_decode(p + i, n - i, &cp);

		if (!k)
			k = 1, cp = 0;
		u += cp >= 0x10000 ? 2 : 1;
		i += k;
	}
	return i;
}

static json_t *position(size_t line, size_t character)
{
	json_t *p = json_object();

	json_object_set_new(p, "line", json_integer((json_int_t)line));
	json_object_set_new(p, "character", json_integer((json_int_t)character));
	return p;
}

json_t *lsp_range(size_t l1, size_t c1, size_t l2, size_t c2)
{
	json_t *r = json_object();

	json_object_set_new(r, "start", position(l1, c1));
	json_object_set_new(r, "end", position(l2, c2));
	return r;
}

/* Reads {line, character} as a byte offset into text. */
int lsp_offset_of(const struct server *s, const json_t *pos, const char *t, size_t len,
		     size_t *off)
{
	json_t *l = json_object_get(pos, "line"), *c = json_object_get(pos, "character");
	size_t start;

	if (!json_is_integer(l) || !json_is_integer(c) || json_integer_value(l) < 0 ||
	    json_integer_value(c) < 0)
		return -1;
	start = lsp_line_start(t, len, (size_t)json_integer_value(l));
	*off = start + bytes_for(s, t + start, lsp_line_length(t, len, start),
				 (size_t)json_integer_value(c));
	return 0;
}

/* --- documents ---------------------------------------------------------------- */

struct doc *lsp_find_doc(struct server *s, const char *uri)
{
	for (size_t i = 0; uri && i < s->ndocs; i++)
		if (strcmp(s->docs[i].uri, uri) == 0)
			return &s->docs[i];
	return NULL;
}

const char *lsp_param_uri(const json_t *params)
{
	return json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
}

/* The repository-relative path of a URI, or NULL when it is outside. */
char *lsp_uri_rel(const struct server *s, const char *uri)
{
	char *abs = s->ws ? lsp_uri_path(uri) : NULL, *rel;

	if (!abs)
		return NULL;
	rel = sakra_workspace_path(s->ws, abs);
	free(abs);
	return rel;
}

/* The text of a file of the plan as the server sees it. */
int lsp_file_text(const struct server *s, const char *path, struct sakra_buf *out)
{
	struct sakra_error err;

	return s->ws ? sakra_workspace_text(s->ws, path, out, &err) : -1;
}

const struct sakra_doc *lsp_plan_doc(const struct server *s, const char *path)
{
	const struct sakra_plan_doc *pd;

	if (!s->ws || !s->ws->plan || !path)
		return NULL;
	pd = sakra_plan_find_doc(s->ws->plan, path);
	return pd && pd->doc && pd->doc->readable ? pd->doc : NULL;
}

