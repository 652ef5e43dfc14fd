/* lsp: quick fixes, made by the rules (sakra/rules.h) from a finding's data. */
#include "lsp.h"

/* --- quick fixes ------------------------------------------------------------------ */

static json_t *fix(const char *title, const char *uri, size_t line, const char *insert,
		   json_t *diag)
{
	json_t *action = json_object(), *edit = json_object(), *changes = json_object();
	json_t *edits = json_array(), *te = json_object();

	json_object_set_new(te, "range", lsp_range(line, 0, line, 0));
	json_object_set_new(te, "newText", sakra_json_text(insert));
	json_array_append_new(edits, te);
	json_object_set_new(changes, uri, edits);
	json_object_set_new(edit, "changes", changes);
	json_object_set_new(action, "title", sakra_json_text(title));
	json_object_set_new(action, "kind", json_string("quickfix"));
	json_object_set_new(action, "edit", edit);
	if (diag) {
		json_t *ds = json_array();

		json_array_append(ds, diag);
		json_object_set_new(action, "diagnostics", ds);
	}
	return action;
}

void lsp_code_actions(struct server *s, json_t *id, const json_t *params)
{
	const char *uri = lsp_param_uri(params);
	char *path = lsp_uri_rel(s, uri);
	const struct sakra_doc *doc = lsp_plan_doc(s, path);
	const struct sakra_config *cfg = s->ws && s->ws->plan ? s->ws->plan->config : NULL;
	json_t *diags = json_object_get(json_object_get(params, "context"), "diagnostics");
	json_t *out = json_array(), *d;
	struct sakra_buf text = SAKRA_BUF_INIT;
	const char *lowest;
	size_t i, nlines = 0;
	int floor;

	if (!path || !cfg || lsp_file_text(s, path, &text) < 0)
		goto done;
	nlines = lsp_count_lines(&text);
	lowest = cfg->nlevels ? cfg->levels[0].id : "LEVEL";
	if (s->ws->plan->fw && s->ws->plan->fw->floor &&
	    (floor = sakra_config_fw_level(cfg, s->ws->plan->fw, s->ws->plan->fw->floor)) >= 0)
		lowest = cfg->levels[floor].id;
	json_array_foreach(diags, i, d) {
		struct sakra_fix_in in = { 0 };
		struct sakra_fix f;
		json_int_t line = json_integer_value(json_object_get(json_object_get(
					json_object_get(d, "range"), "start"), "line"));

		in.rule = json_string_value(json_object_get(d, "code"));
		in.subject = json_string_value(json_object_get(json_object_get(d, "data"),
							       "subject"));
		in.line = (size_t)line + 1;
		in.doc = doc;
		in.nlines = nlines;
		in.lowest = lowest;
		if (in.rule && line >= 0 && sakra_rule_fix(&in, &f) == 0)
			json_array_append_new(out, fix(f.title, uri, f.line, f.text, d));
	}
done:
	lsp_reply(s, id, out);
	sakra_buf_free(&text);
	free(path);
}

