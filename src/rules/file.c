/* Rules about the plan's files that are not documents: symbolic links, and
 * files without a classification marking. */



#include <stdio.h>
#include <string.h>

#include "rules.h"


static void check_files(struct sakra_check *c)
{
	const struct sakra_tree *t = c->plan->tree;
	struct sakra_buf sidecar = SAKRA_BUF_INIT;

	for (size_t i = 0; i < t->n; i++) {
		const struct sakra_file *f = &t->files[i];
		size_t len = strlen(f->path);

		if (sakra_plan_kind(f->path) < 0)
			continue;
		if (f->symlink) {
			ADD(c, "file.symlink", f->path, 0, 0,
			    "a symbolic link; plan files must be regular files");
			continue;
		}
		if (len > 3 && strcmp(f->path + len - 3, ".md") == 0)
			continue;
		if (sakra_is_marker(f->path, f->size))
			continue;
		sakra_buf_clear(&sidecar);
		if (sakra_buf_printf(&sidecar, "%s.md", f->path) < 0) {
			c->d->oom = 1;
			break;
		}
		if (sakra_tree_find(t, sidecar.ptr) || sakra_plan_is_attachment(c->plan, f->path))
			continue;
		ADD(c, "file.marking", f->path, 0, 0,
		    "no classification marking; add a sidecar '%s' with title and "
		    "classification, or list the file as an attachment of an evidence record",
		    sidecar.ptr);
	}
	sakra_buf_free(&sidecar);
}

static const struct sakra_rule rules[] = {
	{ "file.marking", SAKRA_ERROR, 0,
	  N_("a non-Markdown file has no classification marking"),
	  0, NULL },
	{ "file.symlink", SAKRA_ERROR, 0,
	  N_("a plan file is a symbolic link"),
	  0, NULL },
};

const struct sakra_rule_set sakra_rules_file = { rules, SAKRA_RULES(rules), NULL, check_files };
