/* Rules about file names: what git refuses to check out, and names a
 * manifest cannot carry. */



#include <string.h>

#include "sakra/text.h"

#include "rules.h"


static void check_paths(struct sakra_check *c)
{
	const struct sakra_tree *t = c->plan->tree;

	for (size_t i = 0; i < t->nrefused; i++)
		ADD(c, "path.git", t->refused[i].path, 0, 0, "%s", t->refused[i].why);
	for (size_t i = 0; i < t->n; i++) {
		const struct sakra_file *f = &t->files[i];
		const char *why = sakra_path_git_refuses(f->path, f->symlink);

		if (why)
			ADD(c, "path.git", f->path, 0, 0, "git refuses to check this path "
			    "out (%s), so no one who clones the plan gets it and sakra neither "
			    "approves nor bundles it; rename or remove it", why);
		if (strpbrk(f->path, "\n\\"))
			ADD(c, "path.unsafe", f->path, 0, 0,
			    "file name holds a newline or backslash, which manifests and "
			    "sha256sum cannot carry; rename it");
	}
}

static const struct sakra_rule rules[] = {
	{ "path.unsafe", SAKRA_ERROR, 0,
	  N_("a file name holds a newline or backslash"),
	  0, NULL },
	{ "path.git", SAKRA_ERROR, 0,
	  N_("a path git itself refuses to check out (.git in any form), or a submodule"),
	  0, NULL },
};

const struct sakra_rule_set sakra_rules_path = { rules, SAKRA_RULES(rules), NULL, check_paths };
