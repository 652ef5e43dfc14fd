/* What the files of src/rules/ share: a run of the rules and how a pass
 * reports a finding. Not a public header. */
#ifndef SAKRA_RULES_INTERNAL_H
#define SAKRA_RULES_INTERNAL_H

#include <stddef.h>

#include "sakra/check.h"
#include "sakra/diag.h"
#include "sakra/plan.h"
#include "sakra/intl.h"
#include "sakra/rules.h"

struct sakra_check {
	const struct sakra_plan *plan;
	const struct sakra_check_options *opts;
	struct sakra_diags *d;
	const char *lang;
};

/* Reports a finding of rule at the severity its registry entry gives
 * (under --strict or an approval, an error where the entry says so). */
void sakra_rule_report(struct sakra_check *c, const char *rule, const char *subject,
		       const char *path, size_t line, size_t column, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* A finding at a severity of its own (a note). */
#define ADD_AT(c, sev, rule, path, line, col, ...) \
	sakra_diags_add((c)->d, (sev), (rule), (path), (line), (col), __VA_ARGS__)
#define ADD(c, rule, path, line, col, ...) \
	sakra_rule_report((c), (rule), NULL, (path), (line), (col), __VA_ARGS__)
#define ADD_ABOUT(c, rule, subject, path, line, col, ...) \
	sakra_rule_report((c), (rule), (subject), (path), (line), (col), __VA_ARGS__)

/* Helpers more than one file of rules uses. */
/* Appends id to a comma-separated list for a message (cut at size). */
void sakra_rules_list_add(char *out, size_t size, const char *id);
/* A language's name for a message ("Finnish"), or its code. */
const char *sakra_rules_language_name(const char *lang);
/* A file marked `level` (at v) below what marking rule mk requires. */
struct sakra_fw_marking;
struct sakra_yaml;
void sakra_rules_marked_below(struct sakra_check *c, const char *path, const struct sakra_yaml *v,
			      int level, const struct sakra_fw_marking *mk, const char *because);
/* A front matter date that is not YYYY-MM-DD (doc.date). */
struct sakra_date_value;
void sakra_rules_check_date(struct sakra_check *c, const char *path,
			    const struct sakra_date_value *dv, const char *key);

#define SAKRA_RULES(name) (sizeof(name) / sizeof((name)[0]))

/* The rule sets, one per file. */
extern const struct sakra_rule_set sakra_rules_config, sakra_rules_requirements,
	sakra_rules_doc, sakra_rules_file, sakra_rules_path, sakra_rules_theme,
	sakra_rules_secret, sakra_rules_section, sakra_rules_field, sakra_rules_placeholder,
	sakra_rules_link, sakra_rules_register, sakra_rules_system, sakra_rules_asset,
	sakra_rules_evidence, sakra_rules_obligation, sakra_rules_site,
	sakra_rules_framework;

#endif
