/* The register and the information register must list something. */



#include "sakra/framework.h"

#include "rules.h"


static void check_register(struct sakra_check *c)
{
	const struct sakra_plan *plan = c->plan;
	const struct sakra_fw_section *rs;

	if (plan->fw && plan->fw->nclasses && plan->nsystems == 0) {
		const struct sakra_section_loc *w;

		rs = plan->fw->register_section ?
		     sakra_framework_section(plan->fw, plan->fw->register_section) : NULL;
		w = rs ? &plan->where[rs->index] : NULL;
		if (w && w->doc)
			ADD(c, "register.empty", w->doc->path, w->line, 1,
			    "the register has no systems, so chapter %s lists nothing; add one "
			    "file per information system under systems/", rs->number);
		else
			ADD(c, "register.empty", "systems", 0, 0,
			    "the register has no systems; add one file per information system "
			    "under systems/");
	}
	if (!plan->fw || !plan->fw->assets.key || plan->nassets)
		return;
	rs = plan->fw->assets.section ? sakra_framework_section(plan->fw, plan->fw->assets.section)
				      : NULL;
	if (rs && plan->where[rs->index].doc)
		ADD(c, "register.empty", plan->where[rs->index].doc->path,
		    plan->where[rs->index].line, 1, "the information register is empty; add "
		    "one file per information asset under systems/, with an '%s:' block",
		    plan->fw->assets.key);
	else
		ADD(c, "register.empty", "systems", 0, 0, "the information register "
		    "is empty; add one file per information asset under systems/, with an "
		    "'%s:' block", plan->fw->assets.key);
}

static const struct sakra_rule rules[] = {
	{ "register.empty", SAKRA_WARNING, 0,
	  N_("the register lists no systems, or the information register no assets"),
	  0, NULL },
};

const struct sakra_rule_set sakra_rules_register = { rules, SAKRA_RULES(rules), NULL, check_register };
