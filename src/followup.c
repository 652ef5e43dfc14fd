/* followup: obligations and their due dates, chapter states, and the
 * compliance matrix. */
#include <stdlib.h>
#include <string.h>

#include "sakra/followup.h"
#include "sakra/date.h"

static int oom(struct sakra_error *err)
{
	return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
}

int sakra_followup_dues(const struct sakra_plan *plan, const struct sakra_date *today,
			struct sakra_due **out, size_t *n, struct sakra_error *err)
{
	const struct sakra_config *cfg = plan->config;
	struct sakra_due *v;

	*out = NULL;
	*n = 0;
	if (!cfg || !cfg->nobligations)
		return 0;
	if (!(v = calloc(cfg->nobligations, sizeof(*v))))
		return oom(err);
	for (size_t i = 0; i < cfg->nobligations; i++) {
		struct sakra_due *d = &v[i];

		d->ob = &cfg->obligations[i];
		for (size_t k = 0; k < plan->nevidence; k++) {
			const struct sakra_evidence *e = &plan->evidence[k];

			/* Evidence dated after today is an error of its own and
			 * shows nothing yet. */
			if (!sakra_framework_same_type(plan->fw, e->type, d->ob->id) || !e->date.valid ||
			    sakra_date_cmp(&e->date.date, today) > 0)
				continue;
			if (!d->last || sakra_date_cmp(&e->date.date, &d->last->date.date) > 0)
				d->last = e;
		}
		if (d->last) {
			d->due = sakra_period_add(&d->last->date.date, &d->ob->every);
			d->days_left = sakra_date_days(&d->due) - sakra_date_days(today);
			d->overdue = d->days_left < 0;
		} else if (d->ob->has_since) {
			/* kept since a day: the first evidence is due one period on */
			d->due = sakra_period_add(&d->ob->since, &d->ob->every);
			d->days_left = sakra_date_days(&d->due) - sakra_date_days(today);
			d->overdue = d->days_left < 0;
		} else {
			d->due = *today;
			d->overdue = 1;
		}
	}
	*out = v;
	*n = cfg->nobligations;
	return 0;
}

/* --- chapters ------------------------------------------------------------ */

/* The chapter (index into chapters) whose top-level number starts number. */
static struct sakra_chapter *chapter_of(struct sakra_chapter *ch, size_t n, const char *number)
{
	size_t len = strcspn(number, ".");

	for (size_t i = 0; i < n; i++)
		if (strlen(ch[i].section->number) == len &&
		    strncmp(ch[i].section->number, number, len) == 0)
			return &ch[i];
	return NULL;
}

/* The numbered heading a line of doc belongs to: the last one at or above
 * it, else (front matter, preamble) the first one of the file. */
static const char *heading_at(const struct sakra_doc *doc, size_t line)
{
	const char *first = NULL, *last = NULL;

	for (size_t i = 0; i < doc->nheadings; i++) {
		const struct sakra_heading *h = &doc->headings[i];

		if (!h->number)
			continue;
		if (!first)
			first = h->number;
		if (h->line <= line)
			last = h->number;
	}
	return last ? last : first;
}

int sakra_followup_chapters(const struct sakra_plan *plan, const struct sakra_diags *diags,
			    struct sakra_chapter **out, size_t *n, struct sakra_error *err)
{
	const struct sakra_framework *fw = plan->fw;
	struct sakra_chapter *ch;
	size_t count = 0;

	*out = NULL;
	*n = 0;
	if (!fw)
		return 0;
	for (size_t i = 0; i < fw->nsections; i++)
		count += !strchr(fw->sections[i].number, '.');
	if (!count)
		return 0;
	if (!(ch = calloc(count, sizeof(*ch))))
		return oom(err);
	for (size_t i = 0, k = 0; i < fw->nsections; i++)
		if (!strchr(fw->sections[i].number, '.')) {
			ch[k].section = &fw->sections[i];
			ch[k++].where = &plan->where[i];
		}
	for (size_t i = 0; i < diags->n; i++) {
		const struct sakra_diag *d = &diags->v[i];
		const struct sakra_plan_doc *pd;
		struct sakra_chapter *c;
		const char *num;

		/* Missing sections are counted below, by their own chapter. */
		if (strcmp(d->rule, "section.missing") == 0 ||
		    !(pd = sakra_plan_find_doc(plan, d->path)) || pd->kind != SAKRA_KIND_PLAN || !pd->doc ||
		    !(num = heading_at(pd->doc, d->line)) || !(c = chapter_of(ch, count, num)))
			continue;
		if (strcmp(d->rule, "placeholder") == 0)
			c->placeholders++;
		if (d->severity == SAKRA_ERROR)
			c->errors++;
		else
			c->warnings++;
	}
	for (size_t i = 0; i < fw->nsections; i++) {
		struct sakra_chapter *c;

		if (!plan->where[i].doc && sakra_plan_section_required(plan, &fw->sections[i]) &&
		    (c = chapter_of(ch, count, fw->sections[i].number)))
			c->missing++;
	}
	for (size_t i = 0; i < count; i++)
		ch[i].complete = ch[i].where->doc && !ch[i].errors && !ch[i].placeholders &&
				 !ch[i].missing;
	*out = ch;
	*n = count;
	return 0;
}

/* --- the compliance matrix ----------------------------------------------- */

static int newer_first(const void *pa, const void *pb)
{
	const struct sakra_evidence *a = *(const struct sakra_evidence *const *)pa;
	const struct sakra_evidence *b = *(const struct sakra_evidence *const *)pb;

	if (a->date.valid != b->date.valid)
		return a->date.valid ? -1 : 1;
	if (a->date.valid) {
		int c = sakra_date_cmp(&b->date.date, &a->date.date);

		if (c)
			return c;
	}
	return strcmp(a->doc->path, b->doc->path);
}

const struct sakra_evidence **sakra_evidence_by_date(const struct sakra_plan *plan)
{
	const struct sakra_evidence **v = calloc(plan->nevidence + 1, sizeof(*v));

	if (!v)
		return NULL;
	for (size_t i = 0; i < plan->nevidence; i++)
		v[i] = &plan->evidence[i];
	if (plan->nevidence)
		qsort(v, plan->nevidence, sizeof(*v), newer_first);
	return v;
}

static int supports(const struct sakra_framework *fw, const struct sakra_system *s,
		    const char *number)
{
	const struct sakra_fw_class *c = s->cls;

	return (fw->register_section && strcmp(fw->register_section, number) == 0) ||
	       (c && c->list_section && strcmp(c->list_section, number) == 0) ||
	       (c && c->section && strcmp(c->section, number) == 0);
}

void sakra_matrix_free(struct sakra_matrix *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->reqs[i].systems);
		free(m->reqs[i].evidence);
	}
	free(m->reqs);
	free(m->dues);
	free(m);
}

int sakra_matrix_build(struct sakra_matrix **out, const struct sakra_plan *plan,
		       const struct sakra_date *today, struct sakra_error *err)
{
	const struct sakra_framework *fw = plan->fw;
	const struct sakra_evidence **by_date = NULL;
	struct sakra_matrix *m;
	int rc;

	*out = NULL;
	if (!fw)
		return sakra_error_set(err, SAKRA_EINVAL, SAKRA_CONFIG_FILE, 0, 0,
				       "the plan's framework is unknown");
	if (!(m = calloc(1, sizeof(*m))) || !(by_date = sakra_evidence_by_date(plan)) ||
	    !(m->reqs = calloc(fw->nsections, sizeof(*m->reqs)))) {
		rc = oom(err);
		goto fail;
	}
	if ((rc = sakra_followup_dues(plan, today, &m->dues, &m->ndues, err)) < 0)
		goto fail;
	for (size_t i = 0; i < fw->nsections; i++) {
		struct sakra_requirement *r = &m->reqs[m->n++];
		const char *num = fw->sections[i].number;

		r->section = &fw->sections[i];
		r->where = &plan->where[i];
		r->required = sakra_plan_section_required(plan, r->section);
		r->not_applicable = sakra_plan_not_applicable(plan, i);
		if ((plan->nsystems && !(r->systems = calloc(plan->nsystems, sizeof(*r->systems)))) ||
		    (plan->nevidence && !(r->evidence = calloc(plan->nevidence,
							       sizeof(*r->evidence))))) {
			rc = oom(err);
			goto fail;
		}
		for (size_t k = 0; k < plan->nsystems; k++)
			if (supports(fw, &plan->systems[k], num))
				r->systems[r->nsystems++] = &plan->systems[k];
		for (size_t k = 0; k < plan->nevidence; k++)
			if (sakra_evidence_covers(by_date[k], num)) {
				r->evidence[r->nevidence++] = by_date[k];
				if (!r->newest && by_date[k]->date.valid &&
				    sakra_date_cmp(&by_date[k]->date.date, today) <= 0)
					r->newest = by_date[k];
			}
		for (size_t k = 0; k < m->ndues && !r->overdue; k++) {
			const struct sakra_due *d = &m->dues[k];

			for (size_t c = 0; c < d->ob->ncovers && d->overdue; c++)
				if (sakra_section_within(num, d->ob->covers[c]))
					r->overdue = d;
		}
	}
	free(by_date);
	*out = m;
	return 0;
fail:
	free(by_date);
	sakra_matrix_free(m);
	return rc;
}
