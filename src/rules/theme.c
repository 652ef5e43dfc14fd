/* A plan's own theme may hold no script and reach no other host. */



#include <string.h>
#include "sakra/theme.h"

#include "rules.h"


static void check_theme(struct sakra_check *c)
{
	const struct sakra_tree *t = c->plan->tree;
	struct sakra_buf text = SAKRA_BUF_INIT;

	for (size_t i = 0; i < t->n; i++) {
		const struct sakra_file *f = &t->files[i];
		const char *why;
		size_t line;

		if (strncmp(f->path, "theme/", 6) != 0)
			continue;
		sakra_buf_clear(&text);
		if (sakra_tree_read(t, f, &text, 4u << 20, NULL) == 0 &&
		    sakra_theme_check(f->path + 6, sakra_buf_cstr(&text), text.len, &line,
				      &why) < 0)
			ADD(c, "theme.unsafe", f->path, line, 1, "%s; a theme holds no "
			    "script and reaches no other host: remove it", why);
	}
	sakra_buf_free(&text);
}

static const struct sakra_rule rules[] = {
	{ "theme.unsafe", SAKRA_ERROR, 0,
	  N_("a theme file holds script, an event handler, a <meta http-equiv>, a frame or form, or a URL outside the site"),
	  0, NULL },
};

const struct sakra_rule_set sakra_rules_theme = { rules, SAKRA_RULES(rules), NULL, check_theme };
