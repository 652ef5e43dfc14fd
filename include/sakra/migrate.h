/* migrate: the edits that move a plan from the revision of its framework it
 * pins to a newer one — renumbered headings, new sections and fields as
 * placeholders, fields moved between chapters — made from the `changes:`
 * data of each newer revision, never from code per framework. What the
 * data says is to be done by hand is listed, not guessed at. */
#ifndef SAKRA_MIGRATE_H
#define SAKRA_MIGRATE_H

#include <stddef.h>

#include "sakra/buf.h"
#include "sakra/error.h"
#include "sakra/plan.h"

struct sakra_migrate_file {
	char *path;                /* relative to the plan's root */
	struct sakra_buf before, after;
};

struct sakra_migration {
	char *framework;           /* the framework's id */
	int from, to;              /* revisions */
	struct sakra_migrate_file *files;   /* the files it changes, in path order */
	size_t nfiles;
	char **by_hand;            /* what is left to do by hand, in words */
	size_t nby_hand;
};

/* The migration of plan (read from its working tree, with the framework
 * revision its sakra.yml pins) to revision to (0: the newest). SAKRA_EINVAL
 * when sakra.yml pins no revision, or pins one no older than to;
 * SAKRA_ENOTFOUND when to is not a revision sakra has (the message names
 * those it has). */
int sakra_migrate_plan(struct sakra_migration **out, const struct sakra_plan *plan, int to,
		       struct sakra_error *err);
void sakra_migration_free(struct sakra_migration *m);

#endif
