/* site: the plan as a static web site for one edition — one page per
 * document, generated pages (system register, evidence index, compliance
 * matrix, version history), the edition's attachments, and the theme's
 * stylesheet. Pages are filled from the theme's templates (theme/ of this
 * project, embedded; a repository's own theme/ overrides any file), carry
 * the marking of their content and the approval stamp or a draft mark, and
 * need nothing from outside the site: relative links only, no scripts, a
 * Content-Security-Policy. Markdown is rendered by cmark-gfm without raw
 * HTML. The same input gives the same bytes. */
#ifndef SAKRA_SITE_H
#define SAKRA_SITE_H

#include <stddef.h>

#include "sakra/approval.h"
#include "sakra/diag.h"
#include "sakra/error.h"
#include "sakra/plan.h"

/* Where the site goes: a directory (sakra build) or a tar (bundles). Both
 * return 0 or a negative code with err set. Paths are relative to the
 * site's root, written in a fixed order. */
struct sakra_site_writer {
	int (*write)(void *ctx, const char *path, const void *data, size_t len,
		     struct sakra_error *err);
	/* a file of the plan's tree, copied as it is (unused with files_at) */
	int (*copy)(void *ctx, const char *path, const struct sakra_tree *tree,
		    const struct sakra_file *f, struct sakra_error *err);
	void *ctx;
};

struct sakra_site_options {
	const struct sakra_edition *edition;   /* NULL: everything that is marked */
	struct sakra_date today;               /* the day the register and matrix are judged on */
	const char *commit;                    /* the commit built; NULL: uncommitted changes */
	const struct sakra_version *version;   /* its approved version, or NULL: a draft */
	const struct sakra_versions *versions; /* for the history; may be NULL */
	struct sakra_repo *repo;               /* with history_commit: which versions (NULL: all) */
	const char *history_commit;            /* versions on it or before it are listed */
	/* NULL: the plan's files (attachments, images) are copied into the
	 * site. Else the path, relative to the site's root, of a folder that
	 * holds them already ("../files/" in a bundle): links lead there and
	 * nothing is copied. */
	const char *files_at;
};

struct sakra_site_stats {
	size_t pages;       /* HTML pages */
	size_t files;       /* files published (copied unless files_at) */
	size_t withheld;    /* files of the plan left out by the edition */
	int level;          /* the highest marking in the site (level index), -1 if none */
};

/* Builds the site of plan. Links that lead nowhere are warnings
 * (site.link, file:line) in diags; the site is still built. Errors: a
 * theme file missing or malformed (named with its line), I/O from the
 * writer. */
int sakra_site_build(const struct sakra_plan *plan, const struct sakra_site_options *o,
		     const struct sakra_site_writer *w, struct sakra_diags *diags,
		     struct sakra_site_stats *stats, struct sakra_error *err);

/* Builds the site into the folder dir, staged beside it and moved into
 * place only when complete. A folder already there is replaced only when it
 * is a site sakra built (its index.html says so); anything else is
 * refused, untouched. */
int sakra_site_write_dir(const struct sakra_plan *plan, const struct sakra_site_options *o,
			 const char *dir, struct sakra_diags *diags,
			 struct sakra_site_stats *stats, struct sakra_error *err);

/* The page a plan document becomes: "plan/03-x.md" -> "plan/03-x.html". */
int sakra_site_page_path(const char *doc_path, struct sakra_buf *out);

#endif
