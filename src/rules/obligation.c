/* The follow-ups the plan promises: config.c finds a promise missing as it
 * reads sakra.yml; the pass here finds one overdue. */



#include <stdlib.h>
#include "sakra/date.h"
#include "sakra/followup.h"

#include "rules.h"


static void check_obligations(struct sakra_check *c)
{
	struct sakra_due *dues;
	size_t n;
	struct sakra_error err;

	if (sakra_followup_dues(c->plan, &c->opts->today, &dues, &n, &err) < 0) {
		c->d->oom = 1;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct sakra_due *d = &dues[i];
		char every[32], last[11], due[11];

		if (!d->overdue)
			continue;
		sakra_period_format(&d->ob->every, every, sizeof(every));
		sakra_date_format(&d->due, due);
		if (!d->last && d->ob->has_since) {
			ADD(c, "obligation.overdue", SAKRA_CONFIG_FILE, d->ob->line, 1,
			    "obligation '%s' (every %s) is overdue: there is no evidence of it yet, "
			    "and it was due on %s; file it with 'sakra evidence add %s'", d->ob->id,
			    every, due, d->ob->id);
			continue;
		}
		if (!d->last) {
			ADD(c, "obligation.overdue", SAKRA_CONFIG_FILE, d->ob->line, 1,
			    "obligation '%s' (every %s) is overdue: there is no evidence of it yet; "
			    "file it with 'sakra evidence add %s'", d->ob->id, every, d->ob->id);
			continue;
		}
		sakra_date_format(&d->last->date.date, last);
		ADD(c, "obligation.overdue", SAKRA_CONFIG_FILE, d->ob->line, 1,
		    "obligation '%s' (every %s) is overdue: the last evidence is from %s (%s), "
		    "so it was due on %s; file new evidence with 'sakra evidence add %s'",
		    d->ob->id, every, last, d->last->doc->path, due, d->ob->id);
	}
	free(dues);
}

static const struct sakra_rule rules[] = {
	{ "obligation.missing", SAKRA_ERROR, 0,
	  N_("the plan does not promise a follow-up the framework requires, or promises it less often"),
	  0, NULL },
	{ "obligation.overdue", SAKRA_WARNING, 1,
	  N_("a follow-up obligation has no evidence within its period"),
	  0, NULL },
};

const struct sakra_rule_set sakra_rules_obligation = { rules, SAKRA_RULES(rules), NULL, check_obligations };
