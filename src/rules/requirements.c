/* requirements.yml: plan.c finds it as it reads the file. */




#include "rules.h"


static const struct sakra_rule rules[] = {
	{ "requirements", SAKRA_ERROR, 0,
	  N_("requirements.yml cannot be read, or would remove or change a built-in requirement"),
	  0, NULL },
};

const struct sakra_rule_set sakra_rules_requirements = { rules, SAKRA_RULES(rules), NULL, NULL };
