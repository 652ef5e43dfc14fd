/* site.c finds a link that leads nowhere in a rendered page (sakra build). */




#include "rules.h"


static const struct sakra_rule rules[] = {
	{ "site.link", SAKRA_WARNING, 0,
	  N_("a link in a rendered page leads nowhere (sakra build)"),
	  0, NULL },
};

const struct sakra_rule_set sakra_rules_site = { rules, SAKRA_RULES(rules), NULL, NULL };
