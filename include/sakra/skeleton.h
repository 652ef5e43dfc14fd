/* skeleton: creating a new plan repository from a framework's content
 * skeleton (embedded in the binary), with a first git commit. */
#ifndef SAKRA_SKELETON_H
#define SAKRA_SKELETON_H

#include "sakra/buf.h"
#include "sakra/error.h"
#include "sakra/framework.h"

struct sakra_skeleton_vars {
	const char *org_name;     /* NULL: leave the placeholder */
	const char *business_id;  /* NULL: leave the placeholder; else valid */
	char today[11];           /* YYYY-MM-DD: the day obligations are kept from */
	const char *ci;           /* a CI template to add (github, forgejo, gitlab), or NULL */
	const char *language;     /* the skeleton's language; NULL: the framework's official */
	/* called with the staged tree before the first commit (import fills
	 * the chapters); NULL: the skeleton as it is */
	int (*fill)(const char *root, void *arg, struct sakra_error *err);
	void *fill_arg;
	const char *message;      /* the first commit's message; NULL: init's */
};

/* Where the skeleton of fw in lang (NULL: the official language) is among
 * the embedded files: "content-skeleton/thl-3-2024/" for the official
 * language, "content-skeleton/thl-3-2024.fi/" for a translation. */
int sakra_skeleton_prefix(struct sakra_buf *out, const struct sakra_framework *fw,
			  const char *lang);
/* 1 if fw has a skeleton in lang, 0 if not, SAKRA_ENOMEM. */
int sakra_skeleton_has(const struct sakra_framework *fw, const char *lang);

/* The CI pipeline for forge (github, forgejo, gitlab): where it goes in a
 * plan repository (".github/workflows/sakra.yml", ...) and its text.
 * SAKRA_ENOTFOUND for another forge. */
int sakra_ci_template(const char *forge, const char **path, const char **text, size_t *len);

/* Creates the plan repository dir: refuses a non-empty directory; writes
 * everything into a temporary directory beside it, makes the first commit
 * there, and renames it into place only when complete, so a failure leaves
 * nothing behind. The commit's author comes from git's configuration (or
 * GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL); without one, nothing is written. */
int sakra_skeleton_create(const char *dir, const struct sakra_framework *fw,
			  const struct sakra_skeleton_vars *vars, struct sakra_error *err);

#endif
