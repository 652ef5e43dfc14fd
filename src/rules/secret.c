/* A secret key committed by mistake. */



#include <string.h>
#include "sakra/age.h"
#include "sakra/crypto.h"
#include "sakra/minisign.h"

#include "rules.h"


/* Key files are a few hundred bytes; larger files are not read for keys. */
#define SECRET_KEY_FILE_MAX 4096

/* A secret key committed by mistake (keygen's -o inside the plan, 'git add
 * -A'): small files only, as key files are. */
static void check_secrets(struct sakra_check *c)
{
	const struct sakra_tree *t = c->plan->tree;
	struct sakra_buf text = SAKRA_BUF_INIT;

	for (size_t i = 0; i < t->n; i++) {
		const struct sakra_file *f = &t->files[i];
		size_t n = strlen(f->path);

		/* a plan's Markdown is parsed as documents already: key files
		 * are the other small files (.key, .txt, none) */
		if (f->symlink || f->withheld || f->size > SECRET_KEY_FILE_MAX ||
		    (n > 3 && !strcmp(f->path + n - 3, ".md")))
			continue;
		sakra_buf_clear(&text);
		if (sakra_tree_read(t, f, &text, SECRET_KEY_FILE_MAX, NULL) < 0)
			continue;
		if (sakra_seckey_looks_like(text.ptr, text.len) ||
		    sakra_age_identity_looks_like(text.ptr, text.len))
			ADD(c, "secret.key", f->path, 1, 1,
			    "a secret key is in the plan, where everyone who can read the "
			    "repository or a bundle gets it: move it out of the repository "
			    "('git rm --cached %s' if git has it), and if it was ever committed or "
			    "pushed, make a new key and remove this one's .pub from keys/", f->path);
		sakra_wipe(text.ptr, text.len);
	}
	sakra_buf_free(&text);
}

static const struct sakra_rule rules[] = {
	{ "secret.key", SAKRA_ERROR, 0,
	  N_("a minisign secret key or an age identity is in the plan"),
	  0, NULL },
};

const struct sakra_rule_set sakra_rules_secret = { rules, SAKRA_RULES(rules), NULL, check_secrets };
