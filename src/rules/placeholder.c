/* Placeholders and guidance left in the text: warnings while the plan is
 * written, errors when a version is approved. */




#include "rules.h"


static void check_placeholders(struct sakra_check *c, const struct sakra_doc *doc)
{

	for (size_t i = 0; i < doc->nplaceholders; i++) {
		const struct sakra_placeholder *p = &doc->placeholders[i];

		if (p->paragraph)
			ADD(c, "placeholder", doc->path, p->line, p->column,
			    "guidance left: [%s]; replace it with the plan's own text (write "
			    "\\[ for a bracket you mean)", p->text);
		else
			ADD(c, "placeholder", doc->path, p->line, p->column,
			    "placeholder left: [%s]; fill it in", p->text);
	}
}

static void placeholder_doc(struct sakra_check *c, const struct sakra_plan_doc *pd)
{
	check_placeholders(c, pd->doc);
}

static const struct sakra_rule rules[] = {
	{ "placeholder", SAKRA_WARNING, 0,
	  N_("a placeholder or guidance paragraph is left in the text"),
	  1, NULL },
};

const struct sakra_rule_set sakra_rules_placeholder = { rules, SAKRA_RULES(rules), placeholder_doc, NULL };
