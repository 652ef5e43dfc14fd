/* lsp: the outline, document links and go-to-definition. */
#include "lsp.h"

/* --- outline, links, definitions ------------------------------------------------ */

static size_t section_last_line(const struct sakra_doc *doc, size_t i, size_t nlines)
{
	for (size_t k = i + 1; k < doc->nheadings; k++)
		if (doc->headings[k].level <= doc->headings[i].level)
			return doc->headings[k].line - 2;
	return nlines ? nlines - 1 : 0;
}

size_t lsp_count_lines(const struct sakra_buf *t)
{
	size_t n = 1;

	for (size_t i = 0; i < t->len; i++)
		if (t->ptr[i] == '\n' || (t->ptr[i] == '\r' && (i + 1 >= t->len || t->ptr[i + 1] != '\n')))
			n++;
	return n;
}

static json_t *symbol(const struct server *s, const struct sakra_doc *doc, size_t i,
		      const struct sakra_buf *text, size_t nlines)
{
	const struct sakra_heading *h = &doc->headings[i];
	json_t *sym = json_object();
	size_t start = lsp_line_start(text->ptr, text->len, h->line - 1);
	size_t end = lsp_units(s, text->ptr + start, lsp_line_length(text->ptr, text->len, start));
	size_t last = section_last_line(doc, i, nlines);
	size_t lstart = lsp_line_start(text->ptr, text->len, last);
	size_t lend = lsp_units(s, text->ptr + lstart, lsp_line_length(text->ptr, text->len, lstart));
	struct sakra_buf name = SAKRA_BUF_INIT;

	if (last < h->line - 1)
		last = h->line - 1, lend = end;
	if (h->number)
		sakra_buf_printf(&name, "%s %s", h->number, h->title ? h->title : "");
	else
		sakra_buf_puts(&name, h->title && *h->title ? h->title : "(heading)");
	json_object_set_new(sym, "name", sakra_json_text(name.ptr));
	json_object_set_new(sym, "kind", json_integer(15));
	json_object_set_new(sym, "range", lsp_range(h->line - 1, 0, last, lend));
	json_object_set_new(sym, "selectionRange", lsp_range(h->line - 1, 0, h->line - 1, end));
	json_object_set_new(sym, "children", json_array());
	sakra_buf_free(&name);
	return sym;
}

void lsp_symbols(struct server *s, json_t *id, const json_t *params)
{
	char *path = lsp_uri_rel(s, lsp_param_uri(params));
	const struct sakra_doc *doc = lsp_plan_doc(s, path);
	struct sakra_buf text = SAKRA_BUF_INIT;
	json_t *top = json_array(), *stack[7] = { NULL };
	int levels[7] = { 0 };
	size_t depth = 0, nlines;

	if (!doc || lsp_file_text(s, path, &text) < 0 || !text.ptr)
		goto done;
	nlines = lsp_count_lines(&text);
	for (size_t i = 0; i < doc->nheadings; i++) {
		json_t *sym = symbol(s, doc, i, &text, nlines);

		while (depth && levels[depth - 1] >= doc->headings[i].level)
			depth--;
		json_array_append_new(depth ? json_object_get(stack[depth - 1], "children") : top,
				      sym);
		if (depth < 7) {
			stack[depth] = sym;
			levels[depth++] = doc->headings[i].level;
		}
	}
done:
	lsp_reply(s, id, top);
	sakra_buf_free(&text);
	free(path);
}

/* Where a relative link of doc leads: the plan file and the heading its
 * anchor names (-1: none); 0 when it leads nowhere in the plan. */
static int link_target(const struct server *s, const struct sakra_doc *doc, const char *url,
		       struct sakra_buf *target, long *line)
{
	struct sakra_buf frag = SAKRA_BUF_INIT;
	const char *hash = strchr(url, '#');
	const struct sakra_doc *to;
	const struct sakra_heading *h;

	*line = -1;
	if (url[0] == '#') {
		sakra_buf_clear(target);
		sakra_buf_puts(target, doc->path);
	} else if (sakra_link_path(doc, url, target) != 0) {
		return 0;
	}
	if (!target->ptr || !sakra_tree_find(s->ws->tree, target->ptr))
		return 0;
	/* the anchor as check reads it: percent-escapes decoded */
	if (hash && hash[1] && (to = lsp_plan_doc(s, target->ptr)) &&
	    sakra_url_decode(hash + 1, strlen(hash + 1), &frag) == 0 &&
	    (h = sakra_doc_anchor(to, sakra_buf_cstr(&frag))))
		*line = (long)h->line - 1;
	sakra_buf_free(&frag);
	return 1;
}

/* The URL of link l as written on its line: its start and length. */
static int url_span(const struct sakra_doc *doc, const struct sakra_link *l,
		    const struct sakra_buf *text, size_t *off, size_t *n)
{
	size_t start = lsp_line_start(text->ptr, text->len, l->line - 1);
	size_t len = lsp_line_length(text->ptr, text->len, start);
	size_t ulen = strlen(l->url);

	(void)doc;
	for (size_t i = l->column ? l->column - 1 : 0; ulen && i + ulen <= len; i++)
		if (!memcmp(text->ptr + start + i, l->url, ulen)) {
			*off = start + i;
			*n = ulen;
			return 0;
		}
	return -1;
}

static json_t *location(const struct server *s, const char *path, long line)
{
	json_t *loc = json_object();
	char *uri = lsp_path_uri(s, path);
	size_t l = line < 0 ? 0 : (size_t)line;

	json_object_set_new(loc, "uri", sakra_json_text(uri));
	json_object_set_new(loc, "range", lsp_range(l, 0, l, 0));
	free(uri);
	return loc;
}

void lsp_links(struct server *s, json_t *id, const json_t *params, int definition)
{
	char *path = lsp_uri_rel(s, lsp_param_uri(params));
	const struct sakra_doc *doc = lsp_plan_doc(s, path);
	struct sakra_buf text = SAKRA_BUF_INIT, target = SAKRA_BUF_INIT;
	json_t *out = definition ? NULL : json_array();
	size_t at = 0;

	if (!doc || lsp_file_text(s, path, &text) < 0 || !text.ptr)
		goto done;
	if (definition && lsp_offset_of(s, json_object_get(params, "position"), text.ptr, text.len,
				    &at) < 0)
		goto done;
	for (size_t i = 0; i < doc->nlinks; i++) {
		const struct sakra_link *l = &doc->links[i];
		size_t off, n, start;
		long line;

		if (url_span(doc, l, &text, &off, &n) < 0 || !link_target(s, doc, l->url, &target,
									  &line))
			continue;
		if (definition) {
			if (at >= off && at <= off + n) {
				out = location(s, target.ptr, line);
				break;
			}
			continue;
		}
		{
			json_t *link = json_object();
			char *uri = lsp_path_uri(s, target.ptr);
			struct sakra_buf u = SAKRA_BUF_INIT;

			start = lsp_line_start(text.ptr, text.len, l->line - 1);
			sakra_buf_puts(&u, uri ? uri : "");
			if (line >= 0)
				sakra_buf_printf(&u, "#L%ld", line + 1);
			json_object_set_new(link, "range",
					    lsp_range(l->line - 1, lsp_units(s, text.ptr + start, off - start),
						  l->line - 1,
						  lsp_units(s, text.ptr + start, off + n - start)));
			json_object_set_new(link, "target", sakra_json_text(u.ptr));
			json_array_append_new(out, link);
			sakra_buf_free(&u);
			free(uri);
		}
	}
done:
	lsp_reply(s, id, out);
	sakra_buf_free(&text);
	sakra_buf_free(&target);
	free(path);
}

