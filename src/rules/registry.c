/* The registry: every rule set, in the order check runs them and `check
 * --rules` lists their rules; a finding reported at its rule's severity;
 * the helpers several files of rules share. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sakra/intl.h"
#include "sakra/words.h"
#include "rules.h"

static const struct sakra_rule_set *const sets[] = {
	&sakra_rules_config, &sakra_rules_framework, &sakra_rules_requirements, &sakra_rules_doc, &sakra_rules_file,
	&sakra_rules_path, &sakra_rules_theme, &sakra_rules_secret, &sakra_rules_section,
	&sakra_rules_field, &sakra_rules_placeholder, &sakra_rules_link, &sakra_rules_register,
	&sakra_rules_system, &sakra_rules_asset, &sakra_rules_evidence, &sakra_rules_obligation,
	&sakra_rules_site,
};

#define NSETS (sizeof(sets) / sizeof(sets[0]))
#define MAX_RULES 128

static struct sakra_rule all[MAX_RULES];
static size_t nall;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void gather(void)
{
	for (size_t i = 0; i < NSETS; i++)
		for (size_t k = 0; k < sets[i]->n && nall < MAX_RULES; k++)
			all[nall++] = sets[i]->rules[k];
}

const struct sakra_rule *sakra_rules(size_t *n)
{
	pthread_once(&once, gather);
	*n = nall;
	return all;
}

const struct sakra_rule *sakra_rule_find(const char *id)
{
	pthread_once(&once, gather);
	for (size_t i = 0; i < nall; i++)
		if (strcmp(all[i].id, id) == 0)
			return &all[i];
	return NULL;
}

const struct sakra_rule_set *const *sakra_rule_sets(size_t *n)
{
	*n = NSETS;
	return sets;
}

int sakra_rule_fix(const struct sakra_fix_in *in, struct sakra_fix *out)
{
	const struct sakra_rule *r = in->rule ? sakra_rule_find(in->rule) : NULL;

	memset(out, 0, sizeof(*out));
	return r && r->fix ? r->fix(in, out) : -1;
}

void sakra_rule_report(struct sakra_check *c, const char *rule, const char *subject,
		       const char *path, size_t line, size_t column, const char *fmt, ...)
{
	const struct sakra_rule *r = sakra_rule_find(rule);
	enum sakra_severity sev = r ? r->severity : SAKRA_ERROR;
	va_list ap;

	if (r && ((r->strict && c->opts->strict) || (r->approval && c->opts->approval)))
		sev = SAKRA_ERROR;
	va_start(ap, fmt);
	sakra_diags_vadd(c->d, sev, r ? r->id : rule, subject, path, line, column, fmt, ap);
	va_end(ap);
}

void sakra_rules_list_add(char *out, size_t size, const char *id)
{
	size_t o = strlen(out);

	if (o + 1 < size)
		snprintf(out + o, size - o, "%s%s", o ? ", " : "", id);
}

const char *sakra_rules_language_name(const char *lang)
{
	const struct sakra_words *w = sakra_words(lang);

	return strcmp(w->lang, lang) == 0 ? w->name : lang;
}
