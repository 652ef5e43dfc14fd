/* Rules about the labelled fields the framework requires in its sections. */



#include <stdio.h>
#include <string.h>
#include "sakra/date.h"
#include "sakra/framework.h"
#include "sakra/text.h"
#include "sakra/intl.h"

#include "rules.h"


/* Where the required fields of a section are looked for: from its heading
 * to the next numbered heading that is not one of its subsections. */
static size_t section_end(const struct sakra_doc *doc, const struct sakra_heading *h)
{
	size_t nlen = strlen(h->number);

	for (size_t i = (size_t)(h - doc->headings) + 1; i < doc->nheadings; i++) {
		const struct sakra_heading *n = &doc->headings[i];

		if (n->level <= h->level)
			return n->line;
		if (n->number && !(strncmp(n->number, h->number, nlen) == 0 &&
				   n->number[nlen] == '.'))
			return n->line;
	}
	return (size_t)-1;
}

/* A field that is a date (a decision, the next revision): YYYY-MM-DD, and a
 * deadline must not have passed. */
static void check_field_date(struct sakra_check *c, const struct sakra_fw_field *fd, const char *label,
			     const struct sakra_field *hit, const char *path)
{
	struct sakra_date d;
	char t[11];

	if (sakra_date_parse(hit->value, &d) < 0) {
		ADD(c, "field.date", path, hit->line, hit->column,
		    "'%s' must be a date YYYY-MM-DD, not '%s'", label, hit->value);
		return;
	}
	if (fd->deadline && sakra_date_cmp(&d, &c->opts->today) < 0) {
		sakra_date_format(&c->opts->today, t);
		ADD(c, "field.deadline", path,
		    hit->line, hit->column, "'%s' was %s, before today (%s); do what it "
		    "promised and set the next date", label, hit->value, t);
	}
}

/* The field of the section (lines after at's heading, before end) whose
 * label is nearest to label, for a "did you mean"; NULL if none is close. */
static const struct sakra_field *near_label(struct sakra_check *c, const struct sakra_section_loc *at,
					    size_t end, const char *label)
{
	const char *labels[256] = { NULL };
	const struct sakra_field *fields[256];
	const char *best;
	size_t n = 0;

	(void)c;
	for (size_t i = 0; i < at->doc->nfields && n < 256; i++) {
		const struct sakra_field *f = &at->doc->fields[i];

		if (f->line > at->h->line && f->line < end) {
			fields[n] = f;
			labels[n++] = f->label;
		}
	}
	if (!(best = sakra_text_near(label, labels, n)))
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (labels[i] == best)
			return fields[i];
	return NULL;
}

/* The required fields of section s, looked for from its heading to the next
 * numbered heading that is not one of its subsections. */
static void check_fields(struct sakra_check *c, const struct sakra_fw_section *s,
			 const struct sakra_section_loc *at)
{
	size_t end;

	if (!at->h)
		return;
	end = section_end(at->doc, at->h);
	for (size_t k = 0; k < s->nfields; k++) {
		const char *label = sakra_i18n_get(&s->fields[k].label, c->lang);
		const struct sakra_field *hit = NULL, *near;

		for (size_t i = 0; i < at->doc->nfields && !hit; i++) {
			const struct sakra_field *f = &at->doc->fields[i];

			if (f->line > at->h->line && f->line < end &&
			    sakra_plan_field_is(c->plan, &s->fields[k], f))
				hit = f;
		}
		if (!hit && (near = near_label(c, at, end, label)) != NULL)
			ADD_ABOUT(c, "field.missing", label, at->doc->path, near->line, near->column,
			    "required field '%s' is missing in section %s; this line's '%s' is close: "
			    "write the label as '%s:', or accept yours in requirements.yml "
			    "('also:')", label, s->number, near->label, label);
		else if (!hit)
			ADD_ABOUT(c, "field.missing", label, at->doc->path, at->h->line, 1,
			    "required field '%s' is missing in section %s; add a line '%s: ...'",
			    label, s->number, label);
		else if (hit->placeholder)
			ADD(c, "field.empty", at->doc->path, hit->line, hit->column,
			    "required field '%s' is empty", label);
		else if (s->fields[k].type == SAKRA_FW_DATE)
			check_field_date(c, &s->fields[k], label, hit, at->doc->path);
	}
}

/* The required fields of every section the plan has. */
static void field_plan(struct sakra_check *c)
{
	const struct sakra_framework *fw = c->plan->fw;

	for (size_t i = 0; fw && i < fw->nsections; i++)
		if (c->plan->where[i].doc)
			check_fields(c, &fw->sections[i], &c->plan->where[i]);
}

/* A missing field: its label on the line after the finding's. */
static int fix_field_missing(const struct sakra_fix_in *in, struct sakra_fix *out)
{
	if (!in->subject)
		return -1;
	out->line = in->line;
	snprintf(out->text, sizeof(out->text), "%s: \n", in->subject);
	snprintf(out->title, sizeof(out->title), _("Add the field '%s'"), in->subject);
	return 0;
}

static const struct sakra_rule rules[] = {
	{ "field.missing", SAKRA_ERROR, 0,
	  N_("a required labelled field is missing"),
	  0, fix_field_missing },
	{ "field.empty", SAKRA_ERROR, 0,
	  N_("a required labelled field is empty or a placeholder"),
	  0, NULL },
	{ "field.date", SAKRA_ERROR, 0,
	  N_("a labelled field the framework wants as a date is not YYYY-MM-DD"),
	  0, NULL },
	{ "field.deadline", SAKRA_WARNING, 1,
	  N_("a date the framework sets as a deadline (e.g. the next revision) has passed"),
	  0, NULL },
};

const struct sakra_rule_set sakra_rules_field = { rules, SAKRA_RULES(rules), NULL, field_plan };
