/* Rules about evidence records (evidence/). */



#include <ctype.h>
#include <string.h>
#include "sakra/date.h"
#include "sakra/framework.h"

#include "rules.h"


/* The last YYYY-MM-DD in s[0..n), or 0. */
static int last_date_in(const char *s, size_t n, struct sakra_date *d, char out[11])
{
	int found = 0;

	for (size_t i = 0; i + 10 <= n; i++) {
		char buf[11];

		if (!isdigit((unsigned char)s[i]) || (i && isdigit((unsigned char)s[i - 1])) ||
		    (i + 10 < n && isdigit((unsigned char)s[i + 10])))
			continue;
		memcpy(buf, s + i, 10);
		buf[10] = '\0';
		if (sakra_date_parse(buf, d) == 0) {
			memcpy(out, buf, 11);
			found = 1;
		}
	}
	return found;
}

/* A record's date moved by hand ('date:' edited after 'evidence add')
 * leaves its file name and title at the old day. */
static void check_evidence_dates(struct sakra_check *c, const struct sakra_evidence *e)
{
	const char *path = e->doc->path, *base = strrchr(path, '/');
	const char *title = sakra_doc_meta(e->doc, "title");
	struct sakra_date d;
	char date[11], other[11];

	sakra_date_format(&e->date.date, date);
	base = base ? base + 1 : path;
	if (last_date_in(base, strlen(base), &d, other) && strcmp(other, date) != 0)
		ADD(c, "evidence.date-mismatch", path, e->date.node->line,
		    e->date.node->column, "'date: %s' but the file name says %s; rename the "
		    "file ('git mv') or correct the date", date, other);
	if (title && last_date_in(title, strlen(title), &d, other) && strcmp(other, date) != 0)
		ADD(c, "evidence.date-mismatch", path,
		    sakra_doc_meta_line(e->doc, "title"), 1, "'date: %s' but the title says %s; "
		    "correct the one that is wrong", date, other);
}

static void check_evidence(struct sakra_check *c, const struct sakra_evidence *e)
{
	const char *path = e->doc->path;
	size_t ncovers = sakra_yaml_count(e->covers);

	if (!e->block) {
		ADD(c, "evidence.block", path,
		    sakra_doc_meta_line(e->doc, "evidence"), 1,
		    "no 'evidence:' mapping in the front matter; add type, date, covers and "
		    "attachments (or file it with 'sakra evidence add')");
		return;
	}
	if (!e->type)
		ADD(c, "evidence.block", path, e->block->line, e->block->column,
		    "no type; add 'type: ...' (an obligation id, or a type of your own)");
	if (!e->date.node)
		ADD(c, "evidence.block", path, e->block->line, e->block->column,
		    "no date; add 'date: YYYY-MM-DD', the day the work was done");
	sakra_rules_check_date(c, path, &e->date, "date");
	if (e->date.valid && sakra_date_cmp(&e->date.date, &c->opts->today) > 0) {
		char d[11], t[11];

		sakra_date_format(&e->date.date, d);
		sakra_date_format(&c->opts->today, t);
		ADD(c, "evidence.future", path, e->date.node->line, e->date.node->column,
		    "dated %s, after today (%s); evidence records work already done", d, t);
	}
	if (e->date.valid)
		check_evidence_dates(c, e);
	if (!ncovers)
		/* a record that covers nothing may still be useful: a warning */
		ADD_AT(c, SAKRA_WARNING, "evidence.covers", path, e->block->line, e->block->column,
		    "covers no section; add 'covers: [...]' with the sections it shows are followed");
	for (size_t i = 0; i < ncovers && c->plan->fw; i++) {
		const struct sakra_yaml *item = sakra_yaml_item(e->covers, i);
		const char *sec = sakra_yaml_str(item);

		if (!sec || !sakra_framework_section(c->plan->fw, sec))
			ADD(c, "evidence.covers", path, item->line, item->column,
			    "covers %s, which is not a section of %s", sec ? sec : "a non-text value",
			    c->plan->fw->id);
	}
	for (size_t i = 0; i < e->nattachments; i++) {
		const struct sakra_attachment *a = &e->attachments[i];
		const char *ref = sakra_yaml_str(a->node);

		if (!a->path)
			ADD(c, "evidence.attachment", path, a->node->line, a->node->column,
			    "attachment '%s' must be a file name relative to the record, inside the "
			    "repository", ref ? ref : "(not text)");
		else if (!sakra_tree_find(c->plan->tree, a->path))
			ADD(c, "evidence.attachment", path, a->node->line, a->node->column,
			    "attachment '%s' does not exist (resolved to '%s'); add the file or "
			    "correct the name", ref, a->path);
	}
}

static void evidence_plan(struct sakra_check *c)
{
	for (size_t i = 0; i < c->plan->nevidence; i++)
		check_evidence(c, &c->plan->evidence[i]);
}

static const struct sakra_rule rules[] = {
	{ "evidence.block", SAKRA_ERROR, 0,
	  N_("an evidence record has no 'evidence:' block, type or date"),
	  0, NULL },
	{ "evidence.covers", SAKRA_ERROR, 0,
	  N_("an evidence record covers no section, or one the framework does not have"),
	  0, NULL },
	{ "evidence.attachment", SAKRA_ERROR, 0,
	  N_("an attachment of an evidence record does not exist"),
	  0, NULL },
	{ "evidence.future", SAKRA_ERROR, 0,
	  N_("an evidence record is dated after today"),
	  0, NULL },
	{ "evidence.date-mismatch", SAKRA_WARNING, 0,
	  N_("an evidence record's date differs from the date in its file name or title"),
	  0, NULL },
};

const struct sakra_rule_set sakra_rules_evidence = { rules, SAKRA_RULES(rules), NULL, evidence_plan };
