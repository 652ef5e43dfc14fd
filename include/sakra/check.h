/* check: the rules over a loaded plan, producing findings. */
#ifndef SAKRA_CHECK_H
#define SAKRA_CHECK_H

#include <stddef.h>

#include "sakra/diag.h"
#include "sakra/error.h"
#include "sakra/plan.h"
#include "sakra/date.h"

struct sakra_check_options {
	struct sakra_date today;  /* for date rules */
	int strict;               /* warnings of the "as needed" kind become errors */
	int approval;             /* placeholders are errors (for approve) */
};

/* The rules about one document alone — its front matter, placeholders and
 * links (which look at the documents they lead to) — and the rules about
 * the plan as a whole (files and markings, sections and their content, the
 * register, evidence, obligations). Together they are sakra_check_run. */
struct sakra_plan_doc;
void sakra_check_doc(const struct sakra_plan *plan, const struct sakra_check_options *opts,
		     const struct sakra_plan_doc *pd, struct sakra_diags *diags);
int sakra_check_plan(const struct sakra_plan *plan, const struct sakra_check_options *opts,
		     struct sakra_diags *diags, struct sakra_error *err);
/* Runs every rule over plan and adds the findings to diags (unsorted). */
int sakra_check_run(const struct sakra_plan *plan, const struct sakra_check_options *opts,
		    struct sakra_diags *diags, struct sakra_error *err);

#endif
