/* Rules about the revision of its framework a plan is checked against: a
 * plan pins one in sakra.yml (framework: ID@REV) and is checked against
 * that revision until it changes the pin; one that pins none is checked
 * against the newest. */



#include <stdio.h>
#include <string.h>
#include "sakra/framework.h"
#include "sakra/config.h"

#include "rules.h"


static void check_revision(struct sakra_check *c)
{
	const struct sakra_framework *fw = c->plan->fw;
	const struct sakra_config *cfg = c->plan->config;
	int revs[32];
	size_t n;
	char earlier[256] = "";

	if (!fw || !cfg || !cfg->framework_id)
		return;
	n = sakra_framework_revisions(fw->id, revs, 32);
	if (n < 2)
		return;
	if (strchr(cfg->framework_id, '@')) {
		if (!fw->newest)
			ADD(c, "framework.revision", SAKRA_CONFIG_FILE, cfg->framework_line, 1,
			    "sakra.yml pins %s@%d; %s@%d is newer ('sakra frameworks show %s@%d' says "
			    "what changed, 'sakra migrate' moves the plan to it); the plan is checked "
			    "against the revision it pins until the pin changes", fw->id,
			    fw->revision, fw->id, revs[n - 1], fw->id, revs[n - 1]);
		return;
	}
	for (size_t i = 0, o = 0; i + 1 < n && o < sizeof(earlier); i++)
		o += (size_t)snprintf(earlier + o, sizeof(earlier) - o, "%s%s@%d", i ? ", " : "",
				      fw->id, revs[i]);
	ADD(c, "framework.revision", SAKRA_CONFIG_FILE, cfg->framework_line, 1,
	    "sakra.yml pins no revision of %s, so the plan is checked against the newest, "
	    "%s@%d; pin it ('framework: %s@%d'), or pin the one the plan was written for (%s) "
	    "and move it with 'sakra migrate'",
	    fw->id, fw->id, fw->revision, fw->id, fw->revision, earlier);
}

static const struct sakra_rule rules[] = {
	{ "framework.revision", SAKRA_NOTE, 0,
	  N_("the plan pins an older revision of its framework, or pins none of a framework that has several"),
	  0, NULL },
};

const struct sakra_rule_set sakra_rules_framework = { rules, SAKRA_RULES(rules), NULL, check_revision };
