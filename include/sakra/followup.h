/* followup: how the plan is followed — obligations and when they are due,
 * the state of each chapter, and the compliance matrix (for every
 * requirement of the framework: where the plan answers it, the systems and
 * evidence that support it, and the newest evidence date). Data for
 * `status`, `check` and the site; nothing here prints. */
#ifndef SAKRA_FOLLOWUP_H
#define SAKRA_FOLLOWUP_H

#include <stddef.h>

#include "sakra/diag.h"
#include "sakra/error.h"
#include "sakra/plan.h"
#include "sakra/date.h"

/* One obligation of sakra.yml on a given day. */
struct sakra_due {
	const struct sakra_obligation *ob;
	const struct sakra_evidence *last;  /* newest dated evidence of its type; NULL: none */
	struct sakra_date due;              /* last + period; without evidence, today */
	long days_left;                     /* due - today (negative: overdue by) */
	int overdue;                        /* no evidence, or today is after due */
};

/* Computes the obligations' state on today; *out has plan->config's
 * obligations in order (NULL and 0 when there are none). */
int sakra_followup_dues(const struct sakra_plan *plan, const struct sakra_date *today,
			struct sakra_due **out, size_t *n, struct sakra_error *err);

/* A top-level chapter of the framework, judged by the findings in it. */
struct sakra_chapter {
	const struct sakra_fw_section *section;
	const struct sakra_section_loc *where;  /* doc NULL: the chapter is missing */
	size_t errors, warnings;
	size_t placeholders;                    /* placeholder findings */
	size_t missing;                         /* required sections of it that are absent */
	int complete;                           /* present, no errors, placeholders or gaps */
};

/* Attributes the findings of plan/ files to chapters (a finding belongs to
 * the chapter of the nearest numbered heading above it). */
int sakra_followup_chapters(const struct sakra_plan *plan, const struct sakra_diags *diags,
			    struct sakra_chapter **out, size_t *n, struct sakra_error *err);

struct sakra_requirement {
	const struct sakra_fw_section *section;      /* number, title, clauses */
	const struct sakra_section_loc *where;       /* doc NULL: not answered */
	int required;                                /* sakra_plan_section_required */
	size_t not_applicable;                       /* line of its "Ej tillämpligt: ...", or 0 */
	const struct sakra_system **systems;         /* supporting systems, by path */
	size_t nsystems;
	const struct sakra_evidence **evidence;      /* supporting evidence, newest first */
	size_t nevidence;
	const struct sakra_evidence *newest;         /* newest dated evidence, or NULL */
	const struct sakra_due *overdue;             /* an overdue obligation covering it */
};

struct sakra_matrix {
	struct sakra_requirement *reqs;   /* one per framework section, in order */
	size_t n;
	struct sakra_due *dues;           /* what `overdue` points into */
	size_t ndues;
};

/* The compliance matrix of plan on today. A system supports the section
 * that lists its class, its description section and the register section;
 * evidence supports every section within one it covers. */
int sakra_matrix_build(struct sakra_matrix **out, const struct sakra_plan *plan,
		       const struct sakra_date *today, struct sakra_error *err);
void sakra_matrix_free(struct sakra_matrix *m);

/* Evidence records sorted newest first (undated last, then by path). The
 * caller frees the array. */
const struct sakra_evidence **sakra_evidence_by_date(const struct sakra_plan *plan);

#endif
