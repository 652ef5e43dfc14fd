/* diff: what changed between two plans, in the plan's own terms — the
 * numbered sections of plan/ (matched by number, so a section that moved
 * to another file is still the same section), the documents themselves
 * (front matter, text before the first numbered heading, appendices), the
 * register, the evidence records, and every other file. Each change is
 * one item with a count of lines added and removed, and the changed lines
 * themselves in order (a text's non-blank lines, '-' and '+'). */
#ifndef SAKRA_DIFF_H
#define SAKRA_DIFF_H

#include <stddef.h>

#include "sakra/error.h"
#include "sakra/manifest.h"
#include "sakra/plan.h"

enum sakra_diff_group {
	SAKRA_DIFF_SECTION,     /* a numbered section of plan/ */
	SAKRA_DIFF_DOCUMENT,    /* a document of plan/ or appendices/ as a whole */
	SAKRA_DIFF_SYSTEM,      /* a register entry under systems/ */
	SAKRA_DIFF_EVIDENCE,    /* an evidence record */
	SAKRA_DIFF_FILE         /* anything else: sakra.yml, keys/, attachments */
};
#define SAKRA_DIFF_GROUPS 5

struct sakra_diff_line {
	char op;                /* '-' removed, '+' added */
	char *text;
};

struct sakra_diff_item {
	enum sakra_diff_group group;
	enum sakra_change change;
	char *key;              /* section number ("9.1 Title" when repeatable), else the path */
	char *number;           /* SECTION: the section number */
	char *title;            /* heading, document title, system or record name; may be NULL */
	const struct sakra_fw_section *section;  /* the framework's section, or NULL */
	char *path;             /* where it is in the newer plan (older when removed) */
	size_t line;            /* its line there (0 for a whole file) */
	char *moved_from;       /* SECTION: the older file when it moved, else NULL */
	char *detail;           /* e.g. "classification intern → konfidentiell", or NULL */
	size_t added, removed;  /* non-blank lines added and removed */
	struct sakra_diff_line *lines;  /* the changed lines, in order; NULL for files */
	size_t nlines;
};

struct sakra_diff {
	struct sakra_diff_item *items;  /* by group, then outline order or path */
	size_t n;
	/* files an edition withheld on either side (plans read back from
	 * bundles): not compared, in path order */
	char **withheld;
	size_t nwithheld;
};

/* The changes that make plan a into plan b (either may come from the
 * working tree). Both plans must stay loaded only during the call. */
int sakra_diff_plans(struct sakra_diff **out, const struct sakra_plan *a,
		     const struct sakra_plan *b, struct sakra_error *err);
void sakra_diff_free(struct sakra_diff *d);

#endif
