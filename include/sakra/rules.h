/* rules: the registry of the rules sakra checks a plan by. Each rule is one
 * entry in src/rules/<prefix>.c (section.empty in src/rules/section.c):
 * its id, default severity, when it becomes an error, what it finds, and
 * its fix when it has one. The file's rule set holds the passes that find
 * its rules; `check` runs every set. */
#ifndef SAKRA_RULES_H
#define SAKRA_RULES_H

#include <stddef.h>

#include "sakra/diag.h"

struct sakra_doc;
struct sakra_plan;
struct sakra_plan_doc;
struct sakra_check_options;
struct sakra_check;   /* a run of the rules (src/rules/rules.h) */

/* What a quick fix is made from: a finding's data (never its message) and
 * the document it is in. */
struct sakra_fix_in {
	const char *rule;
	const char *subject;          /* the finding's subject (struct sakra_diag) */
	size_t line;                  /* the finding's line, 1-based */
	const struct sakra_doc *doc;  /* the document as last parsed; may be NULL */
	size_t nlines;                /* the lines of its text as the editor has it */
	const char *lowest;           /* the lowest level a new file may be marked */
};

/* A fix: insert text before line (0-based); title in the user's language. */
struct sakra_fix {
	char title[700];
	size_t line;
	char text[1100];
};

/* A rule: its id, the severity of its findings by default (strict: a
 * warning that `check --strict` makes an error; approval: one that is an
 * error when a version is approved) and what it finds. fix, when there is
 * one, fills *out and returns 0, or -1 when it has no fix for this finding. */
struct sakra_rule {
	const char *id;
	enum sakra_severity severity;
	int strict;
	const char *summary;
	int approval;
	int (*fix)(const struct sakra_fix_in *in, struct sakra_fix *out);
};

/* The rules of one file of src/rules/ and the passes that find them: over
 * one document (front matter, placeholders, links) and over the plan as a
 * whole. Readers (config, doc, plan, site) find the rules that have no pass
 * as they read. */
struct sakra_rule_set {
	const struct sakra_rule *rules;
	size_t n;
	void (*check_doc)(struct sakra_check *c, const struct sakra_plan_doc *pd);
	void (*check_plan)(struct sakra_check *c);
};

/* Every rule sakra has, in a fixed order; and one by id (NULL if none). */
const struct sakra_rule *sakra_rules(size_t *n);
const struct sakra_rule *sakra_rule_find(const char *id);
/* Every rule set, in the order check runs them. */
const struct sakra_rule_set *const *sakra_rule_sets(size_t *n);
/* The fix for a finding, from its data: 0 and *out, or -1 if none. */
int sakra_rule_fix(const struct sakra_fix_in *in, struct sakra_fix *out);

#endif
