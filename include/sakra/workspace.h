/* workspace: a plan as an editor sees it — the working tree with the
 * unsaved text of the documents open in the editor laid over it — kept
 * loaded so that a change to one document is checked again by parsing that
 * document only. The findings are always those a cold `sakra check` of the
 * same files gives. */
#ifndef SAKRA_WORKSPACE_H
#define SAKRA_WORKSPACE_H

#include <stddef.h>

#include "sakra/check.h"
#include "sakra/date.h"
#include "sakra/diag.h"
#include "sakra/error.h"
#include "sakra/plan.h"
#include "sakra/repo.h"

struct sakra_overlay {
	char *path;
	char *text;
	size_t len;
};

struct sakra_workspace {
	struct sakra_repo *repo;
	struct sakra_tree *tree;          /* the working tree, with the overlays */
	struct sakra_plan *plan;          /* NULL when the folder holds no plan */
	struct sakra_diags load;          /* what loading found (sakra.yml, documents) */
	struct sakra_overlay *overlays;   /* the editor's documents, by path */
	size_t noverlays;
	const struct sakra_date *today;   /* NULL: the clock's day at each check */
	unsigned long generation;         /* counts loads and reloads */
	/* The rules about each document alone (sakra_check_doc), kept between
	 * checks: a change checks again only its document and the documents
	 * whose links lead to it. */
	struct sakra_diags *perdoc;       /* by document index; NULL: none kept */
	unsigned char *stale;             /* 1: to check again */
	char ***targets;                  /* each document's link targets (plan paths) */
	struct sakra_date perdoc_day;
};

/* Opens the plan repository holding dir and loads its working tree. A
 * folder without sakra.yml is a workspace without a plan (no findings). */
int sakra_workspace_open(struct sakra_workspace **out, const char *dir,
			 const struct sakra_date *today, struct sakra_error *err);
void sakra_workspace_free(struct sakra_workspace *ws);
/* The repository-relative path of an absolute one inside the working tree,
 * or NULL (malloc'd). */
char *sakra_workspace_path(const struct sakra_workspace *ws, const char *abs);
/* The editor's text of path replaces the file's (text NULL: the file's own
 * again, as on disk). A document is parsed again alone; sakra.yml,
 * requirements.yml or a file the tree did not have load the plan again. */
int sakra_workspace_set(struct sakra_workspace *ws, const char *path, const char *text,
			size_t len, struct sakra_error *err);
/* Files changed on disk (saved elsewhere, a checkout): loads everything
 * again, keeping the editor's texts. */
int sakra_workspace_reload(struct sakra_workspace *ws, struct sakra_error *err);
/* Every finding, sorted, as `sakra check` of these files reports them. */
int sakra_workspace_check(struct sakra_workspace *ws, struct sakra_diags *out,
			  struct sakra_error *err);
/* The text of path as the workspace sees it (the editor's, else the
 * file's), in out. */
int sakra_workspace_text(const struct sakra_workspace *ws, const char *path,
			 struct sakra_buf *out, struct sakra_error *err);

#endif
