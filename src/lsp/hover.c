/* lsp: hover — what the framework says of the section, field or
 * obligation under the cursor. */
#include "lsp.h"

/* --- hover --------------------------------------------------------------------- */

const char *lsp_lang(const struct server *s)
{
	return s->ws && s->ws->plan && s->ws->plan->config ? s->ws->plan->config->language : "sv";
}

static const char *type_name(enum sakra_fw_type t)
{
	switch (t) {
	case SAKRA_FW_DATE: return _("a date YYYY-MM-DD");
	case SAKRA_FW_SCALE: return _("a number on the scale");
	case SAKRA_FW_LIST: return _("a list");
	case SAKRA_FW_SYSTEMS: return _("systems of the register");
	default: return _("text");
	}
}

static void section_text(const struct server *s, struct sakra_buf *b,
			 const struct sakra_fw_section *sec)
{
	const struct sakra_framework *fw = s->ws->plan->fw;

	sakra_buf_printf(b, "**%s %s** — %s\n\n", sec->number,
			 sakra_i18n_get(&sec->title, lsp_lang(s)), fw->id);
	if (sec->nclauses) {
		sakra_buf_puts(b, _("Answers: "));
		for (size_t i = 0; i < sec->nclauses; i++)
			sakra_buf_printf(b, "%s%s", i ? "; " : "", sec->clauses[i]);
		sakra_buf_puts(b, "\n\n");
	}
	if (sakra_plan_section_required(s->ws->plan, sec))
		sakra_buf_puts(b, sec->repeatable ? _("Required, one per system.") : _("Required."));
	else
		sakra_buf_puts(b, sec->repeatable ? _("Optional, one per system.") : _("Optional."));
	if (sec->nfields) {
		sakra_buf_puts(b, "\n\n");
		sakra_buf_puts(b, _("Fields it must give: "));
		for (size_t i = 0; i < sec->nfields; i++)
			sakra_buf_printf(b, "%s`%s`", i ? ", " : "",
					 sakra_i18n_get(&sec->fields[i].label, lsp_lang(s)));
	}
}

/* The framework section whose heading comes last at or before line. */
static const struct sakra_fw_section *section_at(const struct server *s,
						 const struct sakra_doc *doc, size_t line)
{
	const struct sakra_fw_section *sec = NULL;

	for (size_t i = 0; i < doc->nheadings && doc->headings[i].line <= line; i++)
		if (doc->headings[i].number)
			sec = sakra_framework_section(s->ws->plan->fw, doc->headings[i].number);
	return sec;
}

static void obligation_text(const struct server *s, struct sakra_buf *b, const char *id)
{
	const struct sakra_plan *plan = s->ws->plan;
	struct sakra_due *dues = NULL;
	struct sakra_date today = s->o->today ? *s->o->today : sakra_date_today();
	struct sakra_error err;
	size_t n = 0;

	if (sakra_followup_dues(plan, &today, &dues, &n, &err) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		char every[32], date[11];

		if (!sakra_framework_same_type(plan->fw, dues[i].ob->id, id))
			continue;
		sakra_period_format(&dues[i].ob->every, every, sizeof(every));
		sakra_buf_printf(b, _("**%s** — an obligation of sakra.yml, every %s"), dues[i].ob->id,
				 every);
		if (dues[i].ob->ncovers) {
			sakra_buf_puts(b, _(" (sections"));
			for (size_t k = 0; k < dues[i].ob->ncovers; k++)
				sakra_buf_printf(b, " %s", dues[i].ob->covers[k]);
			sakra_buf_puts(b, ")");
		}
		if (dues[i].last) {
			sakra_date_format(&dues[i].last->date.date, date);
			sakra_buf_puts(b, "\n\n");
			sakra_buf_printf(b, _("Last evidence: %s (`%s`)"), date, dues[i].last->doc->path);
		} else {
			sakra_buf_puts(b, "\n\n");
			sakra_buf_puts(b, _("No evidence yet"));
		}
		sakra_date_format(&dues[i].due, date);
		sakra_buf_puts(b, "\n\n");
		if (dues[i].overdue)
			sakra_buf_printf(b, _("Due: %s — **overdue**"), date);
		else
			sakra_buf_printf(b, sakra_trn("Next due: %s (in %ld day)",
						      "Next due: %s (in %ld days)",
						      (unsigned long)dues[i].days_left),
					 date, dues[i].days_left);
	}
	free(dues);
	if (!b->len)
		if (plan->fw && sakra_framework_type_id(plan->fw, id))
			sakra_buf_printf(b, _("**%s** — an evidence type of %s"), id, plan->fw->id);
}

void lsp_hover(struct server *s, json_t *id, const json_t *params)
{
	char *path = lsp_uri_rel(s, lsp_param_uri(params));
	const struct sakra_doc *doc = lsp_plan_doc(s, path);
	json_t *pos = json_object_get(params, "position"), *res;
	struct sakra_buf b = SAKRA_BUF_INIT;
	size_t line;

	if (!doc || !s->ws->plan->fw || !json_is_integer(json_object_get(pos, "line"))) {
		lsp_reply(s, id, NULL);
		free(path);
		return;
	}
	line = (size_t)json_integer_value(json_object_get(pos, "line")) + 1;
	for (size_t i = 0; i < doc->nheadings && !b.len; i++) {
		const struct sakra_heading *h = &doc->headings[i];
		const struct sakra_fw_section *sec;

		if (h->line != line || !h->number)
			continue;
		if ((sec = sakra_framework_section(s->ws->plan->fw, h->number)))
			section_text(s, &b, sec);
		else
			sakra_buf_printf(&b, _("Section %s is not a section of %s."), h->number,
					 s->ws->plan->fw->id);
	}
	for (size_t i = 0; i < doc->nfields && !b.len; i++) {
		const struct sakra_field *f = &doc->fields[i];
		const struct sakra_fw_section *sec;

		if (f->line != line || !(sec = section_at(s, doc, line)))
			continue;
		for (size_t k = 0; k < sec->nfields; k++)
			if (sakra_plan_field_is(s->ws->plan, &sec->fields[k], f))
				sakra_buf_printf(&b, _("**%s** — a field section %s %s must give: %s."),
						 f->label, sec->number,
						 sakra_i18n_get(&sec->title, lsp_lang(s)),
						 type_name(sec->fields[k].type));
	}
	if (!b.len && doc->front) {
		const struct sakra_yaml *cls = sakra_yaml_get(doc->front, "classification");
		const struct sakra_yaml *ev = sakra_yaml_get(doc->front, "evidence");
		const struct sakra_yaml *type = sakra_yaml_get(ev, "type");
		const struct sakra_config *cfg = s->ws->plan->config;

		if (cls && cls->line == line && sakra_yaml_str(cls) && cfg) {
			int lv = sakra_config_level(cfg, sakra_yaml_str(cls));

			if (lv >= 0)
				sakra_buf_printf(&b, _("**%s** — %s, level %d of %zu; %s"), cfg->levels[lv].id,
						 cfg->levels[lv].label, lv + 1, cfg->nlevels,
						 cfg->levels[lv].legal_basis ? _("a document at this level "
						 "must name its legal basis (`legal_basis:`)") :
						 _("no legal basis needed"));
		} else if (type && type->line == line && sakra_yaml_str(type)) {
			obligation_text(s, &b, sakra_yaml_str(type));
		}
	}
	if (!b.len) {
		lsp_reply(s, id, NULL);
	} else {
		json_t *contents = json_object();

		json_object_set_new(contents, "kind", json_string("markdown"));
		json_object_set_new(contents, "value", sakra_json_textn(b.ptr, b.len));
		res = json_object();
		json_object_set_new(res, "contents", contents);
		lsp_reply(s, id, res);
	}
	sakra_buf_free(&b);
	free(path);
}

