/* Rules about sakra.yml. config.c finds most of them as it reads the file;
 * the passes here are the ones that need the whole plan: a language the
 * framework has no text in, and the parts that roles of their own adopt. */



#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sakra/words.h"
#include "sakra/framework.h"
#include "sakra/config.h"

#include "rules.h"


/* A language sakra knows that the framework has no text in: its titles and
 * labels are then checked in the official language. */
static void check_language(struct sakra_check *c)
{
	const struct sakra_framework *fw = c->plan->fw;
	const char *lang = c->lang;
	struct sakra_buf have = SAKRA_BUF_INIT;

	/* a language sakra has no words in is config.language's finding */
	if (sakra_framework_language(fw, lang) || strcmp(sakra_words(lang)->lang, lang) != 0)
		return;
	for (size_t i = 0; i < fw->nlanguages; i++)
		sakra_buf_printf(&have, "%s%s", i ? ", " : "", fw->languages[i].id);
	ADD(c, "config.language", SAKRA_CONFIG_FILE,
	    c->plan->config->language_line ? c->plan->config->language_line : 1, 1,
	    "%s has no %s text (it has %s); its titles and labels are checked in %s",
	    fw->id, sakra_rules_language_name(lang), have.len ? sakra_buf_cstr(&have) : "sv",
	    sakra_rules_language_name(sakra_framework_official(fw)));
	sakra_buf_free(&have);
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A part the framework has adopted by a role of its own (a region's policy,
 * by the regional council) is a scope of sakra.yml that holds every file the
 * plan keeps those sections in. */
static void check_adopted(struct sakra_check *c)
{
	const struct sakra_plan *plan = c->plan;
	const struct sakra_framework *fw = plan->fw;
	const struct sakra_config *cfg = plan->config;

	for (size_t i = 0; cfg && i < cfg->nscopes; i++)
		for (size_t k = 0; k < cfg->scopes[i].nfiles; k++)
			if (!sakra_tree_find(plan->tree, cfg->scopes[i].files[k]))
				ADD(c, "config.approval", "sakra.yml", cfg->scopes[i].line, 1,
				    "the part of role %s names %s, which the plan does not have",
				    cfg->scopes[i].role, cfg->scopes[i].files[k]);
	for (size_t a = 0; fw && cfg && a < fw->nadopted; a++) {
		const struct sakra_fw_adopted *ad = &fw->adopted[a];
		const char *first = NULL, *outside = NULL;
		int held = 0;

		for (size_t sidx = 0; sidx < cfg->nscopes && !held; sidx++) {
			const struct sakra_scope *sc = &cfg->scopes[sidx];

			outside = NULL;
			for (size_t i = 0; i < fw->nsections && !outside; i++) {
				const char *num = fw->sections[i].number, *path;
				int in = 0;

				for (size_t k = 0; k < ad->nsections && !in; k++) {
					size_t n = strlen(ad->sections[k]);

					in = !strncmp(num, ad->sections[k], n) && (!num[n] || num[n] == '.');
				}
				if (!in || !plan->where[i].doc)
					continue;
				path = plan->where[i].doc->path;
				if (!sc->nfiles ||
				    !bsearch(&path, sc->files, sc->nfiles, sizeof(*sc->files), cmp_path))
					outside = path;
			}
			held = !outside;
		}
		for (size_t i = 0; i < fw->nsections && !first; i++)
			if (plan->where[i].doc && !strcmp(fw->sections[i].number, ad->sections[0]))
				first = plan->where[i].doc->path;
		if (!held)
			ADD(c, "config.approval", "sakra.yml",
			    cfg->approval_line ? cfg->approval_line : cfg->framework_line, 1,
			    "%s: section %s is adopted by a role of its own (%s); name that role's "
			    "part under approval: scopes: - { role: ROLE, files: [%s] }", fw->id,
			    ad->sections[0], ad->why, first ? first : "...");
	}
}

static void config_plan(struct sakra_check *c)
{
	if (c->plan->fw)
		check_language(c);
	check_adopted(c);
}

static const struct sakra_rule rules[] = {
	{ "config.yaml", SAKRA_ERROR, 0,
	  N_("sakra.yml cannot be read as YAML"),
	  0, NULL },
	{ "config.type", SAKRA_ERROR, 0,
	  N_("a sakra.yml key has the wrong type"),
	  0, NULL },
	{ "config.missing", SAKRA_ERROR, 0,
	  N_("a required sakra.yml key is missing"),
	  0, NULL },
	{ "config.framework", SAKRA_ERROR, 0,
	  N_("the framework is missing or unknown"),
	  0, NULL },
	{ "config.levels", SAKRA_ERROR, 0,
	  N_("classification levels are missing or malformed"),
	  0, NULL },
	{ "config.duplicate", SAKRA_ERROR, 0,
	  N_("a level or obligation id is declared twice"),
	  0, NULL },
	{ "config.business-id", SAKRA_ERROR, 0,
	  N_("organisation.business_id is not an identifier of the framework's country (form or check digit)"),
	  0, NULL },
	{ "config.obligation", SAKRA_ERROR, 0,
	  N_("an obligation is malformed or covers an unknown section"),
	  0, NULL },
	{ "config.edition", SAKRA_ERROR, 0,
	  N_("an edition names an unknown classification level"),
	  0, NULL },
	{ "config.recipient", SAKRA_ERROR, 0,
	  N_("an edition's recipient is not an age recipient (age1...)"),
	  0, NULL },
	{ "config.approval", SAKRA_ERROR, 0,
	  N_("an approval scope is malformed, or a part the framework has adopted by a role of its own is not in one"),
	  0, NULL },
	{ "config.review", SAKRA_ERROR, 0,
	  N_("the review interval is not a number of months"),
	  0, NULL },
	{ "config.language", SAKRA_WARNING, 0,
	  N_("the language is not one sakra knows"),
	  0, NULL },
	{ "config.unknown-key", SAKRA_WARNING, 0,
	  N_("sakra.yml has a key sakra does not know"),
	  0, NULL },
};

const struct sakra_rule_set sakra_rules_config = { rules, SAKRA_RULES(rules), NULL, config_plan };
