/* lsp: completion of front matter keys and values, and of link paths. */
#include "lsp.h"

/* --- completion ------------------------------------------------------------------ */

static void item(json_t *list, const char *label, const char *detail, const char *insert,
		 int kind)
{
	json_t *it;

	if (json_array_size(list) >= MAX_COMPLETIONS)
		return;
	it = json_object();
	json_object_set_new(it, "label", sakra_json_text(label));
	json_object_set_new(it, "kind", json_integer(kind));
	if (detail)
		json_object_set_new(it, "detail", sakra_json_text(detail));
	if (insert)
		json_object_set_new(it, "insertText", sakra_json_text(insert));
	json_array_append_new(list, it);
}

/* 1 if the line so far is `key:` and a partial value. */
static int after_key(const char *line, size_t n, const char *key)
{
	size_t i = strspn(line, " \t-"), k = strlen(key);

	return i + k < n + 1 && strncmp(line + i, key, k) == 0 && line[i + k] == ':';
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void complete_front(struct server *s, json_t *list, const struct sakra_doc *doc,
			   const char *line, size_t n, enum sakra_doc_kind kind)
{
	const struct sakra_plan *plan = s->ws->plan;
	const struct sakra_config *cfg = plan->config;
	static const char *const keys[] = { "title", "classification", "legal_basis", "owner",
					    "reviewed", "sections", NULL };

	(void)doc;
	if (after_key(line, n, "classification")) {
		for (size_t i = 0; cfg && i < cfg->nlevels; i++)
			item(list, cfg->levels[i].id, cfg->levels[i].label, NULL, 12);
	} else if (after_key(line, n, "legal_basis")) {
		const char **seen = calloc(plan->ndocs + 1, sizeof(*seen));
		size_t ns = 0;

		for (size_t i = 0; seen && i < plan->ndocs; i++) {
			const struct sakra_doc *d = plan->docs[i].doc;
			const char *lb = d ? sakra_doc_meta(d, "legal_basis") : NULL;

			if (lb && *lb)
				seen[ns++] = lb;
		}
		if (ns)
			qsort(seen, ns, sizeof(*seen), cmp_cstr);
		for (size_t i = 0; i < ns; i++)
			if (!i || strcmp(seen[i], seen[i - 1]))
				item(list, seen[i], _("used elsewhere in the plan"), NULL, 12);
		free(seen);
	} else if (after_key(line, n, "type")) {
		for (size_t i = 0; cfg && i < cfg->nobligations; i++)
			item(list, cfg->obligations[i].id, _("obligation of sakra.yml"), NULL, 12);
		for (size_t i = 0; plan->fw && i < plan->fw->nevidence_types; i++) {
			const char *t = plan->fw->evidence_types[i], *title;
			size_t k = 0;

			/* one a promise of the plan is already offered, by the plan's word */
			while (cfg && k < cfg->nobligations &&
			       !sakra_framework_same_type(plan->fw, cfg->obligations[k].id, t))
				k++;
			if (cfg && k < cfg->nobligations)
				continue;
			title = sakra_framework_type_title(plan->fw, t, lsp_lang(s));
			item(list, t, title ? title : _("evidence type"), NULL, 12);
		}
	} else if (after_key(line, n, "covers") || after_key(line, n, "sections")) {
		for (size_t i = 0; plan->fw && i < plan->fw->nsections; i++)
			item(list, plan->fw->sections[i].number,
			     sakra_i18n_get(&plan->fw->sections[i].title, lsp_lang(s)), NULL, 12);
	} else if (strspn(line, "abcdefghijklmnopqrstuvwxyz_") == n) {
		char with[64];

		for (size_t i = 0; keys[i]; i++) {
			snprintf(with, sizeof(with), "%s: ", keys[i]);
			item(list, keys[i], _("front matter"), with, 10);
		}
		if (kind == SAKRA_KIND_SYSTEM)
			item(list, "system", _("the register entry"), "system:\n  ", 10);
		if (kind == SAKRA_KIND_EVIDENCE)
			item(list, "evidence", _("the evidence record"), "evidence:\n  ", 10);
	}
}

/* Paths of the plan's documents, relative to the folder of from. */
static void complete_paths(struct server *s, json_t *list, const char *from)
{
	const struct sakra_plan *plan = s->ws->plan;
	const char *slash = strrchr(from, '/');
	size_t depth = 0;

	for (const char *p = from; slash && p <= slash; p++)
		depth += *p == '/';
	for (size_t i = 0; i < plan->ndocs; i++) {
		const char *p = plan->docs[i].file->path;
		struct sakra_buf rel = SAKRA_BUF_INIT;

		if (!strcmp(p, from))
			continue;
		if (slash && !strncmp(p, from, (size_t)(slash - from) + 1))
			sakra_buf_puts(&rel, p + (slash - from) + 1);
		else {
			for (size_t k = 0; k < depth; k++)
				sakra_buf_puts(&rel, "../");
			sakra_buf_puts(&rel, p);
		}
		if (rel.ptr) {
			const struct sakra_doc *d = plan->docs[i].doc;

			item(list, rel.ptr, d ? sakra_doc_meta(d, "title") : NULL, NULL, 17);
		}
		sakra_buf_free(&rel);
	}
}

void lsp_completion(struct server *s, json_t *id, const json_t *params)
{
	char *path = lsp_uri_rel(s, lsp_param_uri(params));
	const struct sakra_plan_doc *pd = path && s->ws && s->ws->plan ?
					  sakra_plan_find_doc(s->ws->plan, path) : NULL;
	const struct sakra_doc *doc = lsp_plan_doc(s, path);
	struct sakra_buf text = SAKRA_BUF_INIT;
	json_t *list = json_array();
	size_t off, start, lineno;

	if (!doc || !pd || lsp_file_text(s, path, &text) < 0 || !text.ptr ||
	    lsp_offset_of(s, json_object_get(params, "position"), text.ptr, text.len, &off) < 0)
		goto done;
	lineno = (size_t)json_integer_value(json_object_get(json_object_get(params, "position"),
							    "line")) + 1;
	start = lsp_line_start(text.ptr, text.len, lineno - 1);
	{
		char line[1024];
		size_t n = off - start < sizeof(line) - 1 ? off - start : sizeof(line) - 1;
		const char *open;

		memcpy(line, text.ptr + start, n);
		line[n] = '\0';
		if (doc->has_front && lineno > doc->front_line && lineno < doc->body_line) {
			complete_front(s, list, doc, line, n, pd->kind);
		} else if (line[0] == '#' && strspn(line, "#") <= 6 &&
			   strspn(line + strspn(line, "# "), "0123456789.") ==
			   strlen(line + strspn(line, "# ")) && s->ws->plan->fw) {
			const struct sakra_framework *fw = s->ws->plan->fw;

			for (size_t i = 0; i < fw->nsections; i++) {
				char label[512];

				snprintf(label, sizeof(label), "%s %s", fw->sections[i].number,
					 sakra_i18n_get(&fw->sections[i].title, lsp_lang(s)));
				item(list, label, fw->sections[i].nclauses ? fw->sections[i].clauses[0]
				     : NULL, NULL, 15);
			}
		} else if ((open = strstr(line, "](")) && !strchr(open, ')')) {
			complete_paths(s, list, path);
		}
	}
done:
	lsp_reply(s, id, list);
	sakra_buf_free(&text);
	free(path);
}

