/* lsp: publishing the findings of the plan as diagnostics, each file only
 * when they changed. */
#include "lsp.h"

/* --- diagnostics --------------------------------------------------------------- */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

static json_t *diagnostic(const struct server *s, const struct sakra_diag *x,
			  const struct sakra_buf *text)
{
	json_t *d = json_object();
	size_t l = x->line ? x->line - 1 : 0, c1 = 0, c2 = 0;

	if (x->line && text->ptr) {
		size_t start = lsp_line_start(text->ptr, text->len, l);
		size_t n = lsp_line_length(text->ptr, text->len, start);
		size_t col = lsp_cp_bytes(text->ptr + start, n, x->column ? x->column - 1 : 0);

		c1 = lsp_units(s, text->ptr + start, col);
		c2 = lsp_units(s, text->ptr + start, n);
		if (c2 < c1)
			c2 = c1;
	}
	json_object_set_new(d, "range", lsp_range(l, c1, l, c2));
	json_object_set_new(d, "severity", json_integer(x->severity == SAKRA_ERROR ? 1 :
							   x->severity == SAKRA_WARNING ? 2 : 3));
	json_object_set_new(d, "code", json_string(x->rule));
	json_object_set_new(d, "source", json_string("sakra"));
	json_object_set_new(d, "message", sakra_json_text(x->message));
	/* what the finding is about, as data: what its quick fix reads */
	if (x->subject)
		json_object_set_new(d, "data", json_pack("{s:o}", "subject",
							 sakra_json_text(x->subject)));
	return d;
}

static void publish_file(struct server *s, const char *path, const struct sakra_diag *v,
			 size_t n)
{
	struct sakra_buf text = SAKRA_BUF_INIT;
	json_t *p = json_object(), *list = json_array();
	char *uri = lsp_path_uri(s, path);

	if (n)
		lsp_file_text(s, path, &text);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, diagnostic(s, &v[i], &text));
	json_object_set_new(p, "uri", sakra_json_text(uri));
	json_object_set_new(p, "diagnostics", list);
	lsp_notify(s, "textDocument/publishDiagnostics", p);
	sakra_buf_free(&text);
	free(uri);
}

static int cmp_pub(const void *a, const void *b)
{
	return strcmp(((const struct published *)a)->path, ((const struct published *)b)->path);
}

/* Checks the workspace and sends the findings of every file whose findings
 * changed since the last time; files that have none left are cleared. */
void lsp_publish(struct server *s)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct published *now = NULL;
	struct sakra_error err;
	size_t nnow = 0, k = 0;

	if (!s->ws)
		return;
	if (sakra_workspace_check(s->ws, &d, &err) < 0) {
		lsp_show(s, 1, err.message);
		sakra_diags_free(&d);
		return;
	}
	if (d.n && !(now = calloc(d.n, sizeof(*now))))
		goto out;
	for (size_t i = 0; i < d.n;) {
		size_t j = i;
		uint64_t h = 1469598103934665603ULL;

		while (j < d.n && strcmp(d.v[j].path, d.v[i].path) == 0) {
			h = fnv(h, &d.v[j].line, sizeof(d.v[j].line));
			h = fnv(h, &d.v[j].column, sizeof(d.v[j].column));
			h = fnv(h, &d.v[j].severity, sizeof(d.v[j].severity));
			h = fnv(h, d.v[j].rule, strlen(d.v[j].rule));
			h = fnv(h, d.v[j].message, strlen(d.v[j].message) + 1);
			j++;
		}
		now[nnow].path = strdup(d.v[i].path);
		now[nnow].hash = h;
		/* findings sort by path, so the last list is searched in step */
		while (k < s->npub && strcmp(s->pub[k].path, d.v[i].path) < 0)
			publish_file(s, s->pub[k++].path, NULL, 0);
		if (!(k < s->npub && !strcmp(s->pub[k].path, d.v[i].path) && s->pub[k].hash == h))
			publish_file(s, d.v[i].path, &d.v[i], j - i);
		if (k < s->npub && !strcmp(s->pub[k].path, d.v[i].path))
			k++;
		nnow++;
		i = j;
	}
	while (k < s->npub)
		publish_file(s, s->pub[k++].path, NULL, 0);
	for (size_t i = 0; i < s->npub; i++)
		free(s->pub[i].path);
	free(s->pub);
	s->pub = now;
	s->npub = nnow;
	now = NULL;
	if (s->npub > 1)
		qsort(s->pub, s->npub, sizeof(*s->pub), cmp_pub);
out:
	free(now);
	sakra_diags_free(&d);
}

