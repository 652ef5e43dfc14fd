/* Rules about the information assets of the information register. */



#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sakra/date.h"
#include "sakra/framework.h"

#include "rules.h"


static void check_asset_value(struct sakra_check *c, const struct sakra_asset *a,
			      const struct sakra_fw_field *fd, const struct sakra_yaml *v)
{
	const char *path = a->doc->path, *key = c->plan->fw->assets.key;
	const char *label = sakra_i18n_get(&fd->label, c->lang);
	const char *t = sakra_yaml_str(v);

	switch (fd->type) {
	case SAKRA_FW_TEXT:
		if (!t)
			ADD(c, "asset.block", path, v->line, v->column,
			    "'%s.%s' (%s) must be text", key, fd->id, label);
		else if (fd->required && !*t)
			ADD(c, "asset.field", path, v->line, v->column,
			    "'%s.%s' (%s) is empty", key, fd->id, label);
		break;
	case SAKRA_FW_DATE: {
		struct sakra_date d, due;
		char ds[11];

		if (!t || sakra_date_parse(t, &d) < 0) {
			ADD(c, "doc.date", path, v->line, v->column,
			    "'%s.%s' (%s) must be a date YYYY-MM-DD", key, fd->id, label);
			break;
		}
		if (!fd->every.count)
			break;
		due = sakra_period_add(&d, &fd->every);
		if (sakra_date_cmp(&c->opts->today, &due) > 0) {
			char every[32];

			sakra_period_format(&fd->every, every, sizeof(every));
			sakra_date_format(&d, ds);
			ADD(c, "asset.due", path,
			    v->line, v->column, "'%s.%s' (%s) is %s, more than %s ago; review "
			    "the asset and update the date", key, fd->id, label, ds, every);
		}
		break;
	}
	case SAKRA_FW_SCALE: {
		char *end = NULL;
		long n = t ? strtol(t, &end, 10) : 0;

		if (!t)
			ADD(c, "asset.scale", path, v->line, v->column,
			    "'%s.%s' (%s) is not a number; it must be a level from %ld to %ld", key,
			    fd->id, label, fd->min, fd->max);
		else if (!*t || *end || n < fd->min || n > fd->max)
			ADD(c, "asset.scale", path, v->line, v->column,
			    "'%s.%s' (%s) is '%s'; it must be a level from %ld to %ld", key, fd->id,
			    label, t, fd->min, fd->max);
		break;
	}
	case SAKRA_FW_LIST:
	case SAKRA_FW_SYSTEMS:
		if (v->type == SAKRA_YAML_MAP) {
			ADD(c, "asset.block", path, v->line, v->column,
			    "'%s.%s' (%s) must be a list", key, fd->id, label);
			break;
		}
		if (fd->required && !sakra_yaml_count(v))
			ADD(c, "asset.field", path, v->line, v->column,
			    "'%s.%s' (%s) lists nothing", key, fd->id, label);
		for (size_t i = 0; i < sakra_yaml_count(v); i++) {
			const struct sakra_yaml *item = sakra_yaml_item(v, i);
			const char *ref = sakra_yaml_str(item);

			if (!ref)
				ADD(c, "asset.block", path, item->line, item->column,
				    "'%s.%s' must be a list of text", key, fd->id);
			else if (fd->type == SAKRA_FW_SYSTEMS && !sakra_plan_find_system(c->plan, ref))
				ADD(c, "asset.system", path, item->line, item->column,
				    "'%s' is not a system of the register; name a file under "
				    "systems/ (without .md) or a system's name, or add the system",
				    ref);
		}
		break;
	}
}

static void check_asset(struct sakra_check *c, const struct sakra_asset *a)
{
	const struct sakra_fw_assets *fa = &c->plan->fw->assets;
	const char *path = a->doc->path;

	if (!a->block) {
		ADD(c, "asset.block", path, sakra_doc_meta_line(a->doc, fa->key), 1,
		    "'%s:' must be a mapping of the asset's register data", fa->key);
		return;
	}
	for (size_t k = 0; k < fa->nfields; k++) {
		const struct sakra_fw_field *fd = &fa->fields[k];
		const struct sakra_yaml *v = sakra_yaml_get(a->block, fd->id);

		if (v)
			check_asset_value(c, a, fd, v);
		else if (fd->required)
			ADD(c, "asset.field", path, a->block->line, a->block->column,
			    "no '%s' (%s); add '%s: ...' to '%s:'", fd->id,
			    sakra_i18n_get(&fd->label, c->lang), fd->id, fa->key);
	}
}

/* An asset rated high enough is never in a file marked below the level the
 * framework gives it. */
static void check_asset_marking(struct sakra_check *c, const struct sakra_asset *a)
{
	const struct sakra_framework *fw = c->plan->fw;
	const char *cls = sakra_doc_meta(a->doc, "classification");
	const struct sakra_yaml *at = sakra_yaml_get(a->doc->front, "classification");
	int level = cls && c->plan->config ? sakra_config_level(c->plan->config, cls) : -1;
	char because[160];

	for (size_t i = 0; level >= 0 && i < fw->nmarkings; i++) {
		const struct sakra_fw_marking *mk = &fw->markings[i];
		const char *t = mk->field ? sakra_yaml_str(sakra_yaml_get(a->block, mk->field)) : NULL;
		char *end = NULL;
		long n = t ? strtol(t, &end, 10) : 0;

		if (!t || !*t || *end || n < mk->from)
			continue;
		snprintf(because, sizeof(because), "it holds an asset rated %s %ld", mk->field, n);
		sakra_rules_marked_below(c, a->doc->path, at, level, mk, because);
	}
}

static void asset_plan(struct sakra_check *c)
{
	const struct sakra_plan *plan = c->plan;

	if (!plan->fw || !plan->fw->assets.key)
		return;
	for (size_t i = 0; i < plan->nassets; i++) {
		check_asset(c, &plan->assets[i]);
		if (plan->assets[i].block)
			check_asset_marking(c, &plan->assets[i]);
	}
}

static const struct sakra_rule rules[] = {
	{ "asset.block", SAKRA_ERROR, 0,
	  N_("an information asset's block is not a mapping, or a key of it has the wrong type"),
	  0, NULL },
	{ "asset.field", SAKRA_ERROR, 0,
	  N_("an information asset lacks a field the framework requires"),
	  0, NULL },
	{ "asset.scale", SAKRA_ERROR, 0,
	  N_("an information asset's classification is not a level of the framework's scale"),
	  0, NULL },
	{ "asset.system", SAKRA_ERROR, 0,
	  N_("an information asset names a system that is not in the register"),
	  0, NULL },
	{ "asset.due", SAKRA_WARNING, 1,
	  N_("an information asset's classification is older than the framework allows"),
	  0, NULL },
};

const struct sakra_rule_set sakra_rules_asset = { rules, SAKRA_RULES(rules), NULL, asset_plan };
