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

/* Runs every rule over plan and adds the findings to diags (unsorted). */
int sakra_check_run(const struct sakra_plan *plan, const struct sakra_check_options *opts,
		    struct sakra_diags *diags, struct sakra_error *err);

#endif
