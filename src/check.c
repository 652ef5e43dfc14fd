/* check: runs the rules over a plan. The rules themselves — each with its
 * id, severity, summary, the pass that finds it and its fix — are in
 * src/rules/, one file per id prefix; nothing here prints. */
#include "sakra/check.h"
#include "sakra/rules.h"
#include "rules/rules.h"

static struct sakra_check start(const struct sakra_plan *plan,
				const struct sakra_check_options *opts, struct sakra_diags *diags)
{
	struct sakra_check c = { plan, opts, diags, plan->config ? plan->config->language : "sv" };

	return c;
}

void sakra_check_doc(const struct sakra_plan *plan, const struct sakra_check_options *opts,
		     const struct sakra_plan_doc *pd, struct sakra_diags *diags)
{
	struct sakra_check c = start(plan, opts, diags);
	const struct sakra_rule_set *const *sets;
	size_t n;

	if (!plan->config || !pd->doc || !pd->doc->readable)
		return;
	sets = sakra_rule_sets(&n);
	for (size_t i = 0; i < n; i++)
		if (sets[i]->check_doc)
			sets[i]->check_doc(&c, pd);
}

int sakra_check_plan(const struct sakra_plan *plan, const struct sakra_check_options *opts,
		     struct sakra_diags *diags, struct sakra_error *err)
{
	struct sakra_check c = start(plan, opts, diags);
	const struct sakra_rule_set *const *sets;
	size_t n;

	if (!plan->config)
		return 0;   /* sakra.yml unreadable: that finding is the only one */
	sets = sakra_rule_sets(&n);
	for (size_t i = 0; i < n; i++)
		if (sets[i]->check_plan)
			sets[i]->check_plan(&c);
	if (diags->oom)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	return 0;
}

int sakra_check_run(const struct sakra_plan *plan, const struct sakra_check_options *opts,
		    struct sakra_diags *diags, struct sakra_error *err)
{
	if (!plan->config)
		return 0;
	for (size_t i = 0; i < plan->ndocs; i++)
		sakra_check_doc(plan, opts, &plan->docs[i], diags);
	return sakra_check_plan(plan, opts, diags, err);
}
