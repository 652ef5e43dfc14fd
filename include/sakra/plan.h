/* plan: a plan repository's content loaded for the checks and renderers —
 * its sakra.yml, its framework and every Markdown document under plan/,
 * appendices/, systems/ and evidence/. */
#ifndef SAKRA_PLAN_H
#define SAKRA_PLAN_H

#include <stddef.h>

#include "sakra/config.h"
#include "sakra/diag.h"
#include "sakra/doc.h"
#include "sakra/framework.h"
#include "sakra/repo.h"

/* Markdown files above this size are refused (a finding, not a failure). */
#define SAKRA_DOC_MAX_FILE (16u * 1024 * 1024)

enum sakra_doc_kind { SAKRA_KIND_PLAN, SAKRA_KIND_APPENDIX, SAKRA_KIND_SYSTEM,
		      SAKRA_KIND_EVIDENCE };

struct sakra_plan_doc {
	const struct sakra_file *file;
	enum sakra_doc_kind kind;
	int sidecar;              /* NAME.EXT.md describing the file NAME.EXT */
	struct sakra_doc *doc;    /* NULL if the file could not be read */
};

struct sakra_plan {
	struct sakra_tree *tree;          /* borrowed */
	struct sakra_config *config;      /* NULL if sakra.yml is unreadable */
	struct sakra_framework *fw;       /* NULL if the framework is unknown */
	struct sakra_plan_doc *docs;      /* sorted by path */
	size_t ndocs;
};

/* Loads the plan of tree. Findings about the content go to diags; returns
 * SAKRA_ENOTFOUND when there is no sakra.yml at the root (not a plan
 * repository), other negative codes for I/O and memory failures. */
int sakra_plan_load(struct sakra_plan **out, struct sakra_tree *tree,
		    struct sakra_diags *diags, struct sakra_error *err);
void sakra_plan_free(struct sakra_plan *plan);

/* The kind of a repository path, or -1 when it is outside the four folders. */
int sakra_plan_kind(const char *path);

#endif
