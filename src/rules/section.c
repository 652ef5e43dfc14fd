/* Rules about the framework's sections: each one there once, in order, under
 * its title, and saying something of the organisation's own. */



#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sakra/embed.h"
#include "sakra/framework.h"
#include "sakra/words.h"
#include "sakra/intl.h"

#include "sakra/text.h"
#include "rules.h"


/* A heading whose title is not the framework's: a warning in the official
 * language; in a translation the number is what counts, and the title is a
 * note that --strict shows. */
static void check_title(struct sakra_check *c, const struct sakra_fw_section *s,
			const struct sakra_heading *h, const char *path)
{
	const struct sakra_framework *fw = c->plan->fw;
	const char *official = sakra_framework_official(fw);

	if (!sakra_plan_translated(c->plan))
		ADD(c, "section.title", path, h->line, h->column,
		    "section %s is titled '%s'; %s calls it '%s'", s->number, h->title,
		    fw->id, sakra_i18n_get(&s->title, c->lang));
	else if (c->opts->strict)
		ADD_AT(c, SAKRA_NOTE, "section.title", path, h->line, h->column,
		    "section %s is titled '%s'; the %s translation of %s says '%s' (the "
		    "official %s title: '%s'); a translation may be worded otherwise, so this "
		    "is only a note", s->number, h->title, sakra_rules_language_name(c->lang), fw->id,
		    sakra_i18n_get(&s->title, c->lang), sakra_rules_language_name(official),
		    sakra_i18n_get(&s->title, official));
}

/* The order, titles and uniqueness of the numbered headings of plan/. */
static void check_headings(struct sakra_check *c)
{
	const struct sakra_plan *plan = c->plan;
	const struct sakra_framework *fw = plan->fw;
	const struct sakra_fw_section *prev = NULL;
	const struct sakra_doc *prev_doc = NULL;
	size_t prev_line = 0;
	unsigned char *seen = calloc(fw->nsections, 1);

	if (!seen) {
		c->d->oom = 1;
		return;
	}
	for (size_t i = 0; i < plan->ndocs; i++) {
		const struct sakra_plan_doc *pd = &plan->docs[i];
		const struct sakra_doc *doc = pd->doc;

		if (!doc || pd->kind != SAKRA_KIND_PLAN)
			continue;
		for (size_t k = 0; k < doc->nheadings; k++) {
			const struct sakra_heading *h = &doc->headings[k];
			const struct sakra_fw_section *s;
			const struct sakra_section_loc *first;

			if (!h->number)
				continue;
			if (!(s = sakra_framework_section(fw, h->number))) {
				ADD(c, "section.unknown", doc->path, h->line, h->column,
				    "section %s is not a section of %s; check the number", h->number,
				    fw->id);
				continue;
			}
			first = &plan->where[s->index];
			if (seen[s->index] && !s->repeatable) {
				ADD(c, "section.duplicate", doc->path, h->line, h->column,
				    "section %s appears again (first at %s:%zu); each section "
				    "appears once", s->number, first->doc->path, first->line);
				continue;
			}
			if (prev && s->index < prev->index && s != prev)
				ADD(c, "section.order", doc->path, h->line, h->column,
				    "section %s comes after %s (%s:%zu); order the sections as %s does",
				    s->number, prev->number, prev_doc->path, prev_line, fw->id);
			if (!s->free_title && !sakra_plan_text_is(plan, &s->title, NULL, 0, h->title))
				check_title(c, s, h, doc->path);
			prev_doc = first->doc;
			prev_line = first->line;
			seen[s->index] = 1;
			prev = s;
		}
	}
	free(seen);
}

/* The lines of the framework's skeleton (its headings, regulation
 * reference lines, lead-ins and guidance), trimmed and sorted: a line of
 * the plan that is one of them says nothing of the plan's own. */
struct span {
	const char *s;
	size_t n;
};

struct skeleton {
	struct span *line;
	size_t n;
	char *text;
	/* the prefixes of the skeleton's regulation reference lines, up to
	 * and with the colon ("Föreskrift 3/2024:", "Määräys 3/2024:") */
	struct span ref[8];
	size_t nref;
};

/* The text inside one emphasis or bracket pair that wraps the whole line
 * ("*Föreskrift 3/2024: 6.5 ...*", "[Föreskrift 3/2024: ...]"); 0 if none. */
static int wrapped(const char *s, size_t n, struct span *in)
{
	size_t k = 0;

	while (k < n && k < 2 && (s[k] == '*' || s[k] == '_'))
		k++;
	if (k == 0 && n && s[0] == '[' && s[n - 1] == ']')
		k = 1;
	if (k == 0 || n < 2 * k + 1)
		return 0;
	if (s[0] == '[' ? s[n - 1] != ']' : memcmp(s, s + n - k, k) != 0)
		return 0;
	in->s = s + k;
	in->n = n - 2 * k;
	return 1;
}

/* The regulation reference prefix a wrapped line starts with: a word, a
 * space, a number with a '/' ("3/2024") and a colon. */
static size_t ref_prefix(const struct span *in)
{
	size_t i = 0, slash = 0;

	while (i < in->n && in->s[i] != ' ' && in->s[i] != ':')
		i++;
	if (i == 0 || i >= in->n || in->s[i] != ' ')
		return 0;
	for (i++; i < in->n && (isdigit((unsigned char)in->s[i]) || in->s[i] == '/'); i++)
		slash += in->s[i] == '/';
	return slash == 1 && i < in->n && in->s[i] == ':' ? i + 1 : 0;
}

/* A line that only names the regulation clause, in the skeleton's form,
 * whatever clause it names: it says nothing of the organisation's own. */
static int reference_line(const struct skeleton *k, const char *s, size_t n)
{
	struct span in;
	size_t p;

	if (!wrapped(s, n, &in) || !(p = ref_prefix(&in)))
		return 0;
	for (size_t i = 0; i < k->nref; i++)
		if (k->ref[i].n == p && memcmp(k->ref[i].s, in.s, p) == 0)
			return 1;
	return 0;
}

static void trim(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

static int cmp_span(const void *x, const void *y)
{
	const struct span *a = x, *b = y;
	int c = memcmp(a->s, b->s, a->n < b->n ? a->n : b->n);

	return c ? c : (a->n > b->n) - (a->n < b->n);
}

static void skeleton_free(struct skeleton *k)
{
	free(k->line);
	free(k->text);
	memset(k, 0, sizeof(*k));
}

/* 1 if path is a plan file of the skeleton of fw_id, in any language
 * ("content-skeleton/ID/plan/..." or "content-skeleton/ID.LANG/plan/..."). */
static int skeleton_plan_file(const char *path, const char *prefix, size_t n)
{
	const char *rest;

	if (strncmp(path, prefix, n) != 0)
		return 0;
	rest = path + n;
	if (*rest == '.')
		rest += strcspn(rest, "/");
	return strncmp(rest, "/plan/", 6) == 0;
}

static int skeleton_load(struct skeleton *k, const char *fw_id)
{
	struct sakra_buf all = SAKRA_BUF_INIT, prefix = SAKRA_BUF_INIT;
	size_t cap = 0;

	memset(k, 0, sizeof(*k));
	if (sakra_buf_printf(&prefix, "content-skeleton/%s", fw_id) < 0)
		return SAKRA_ENOMEM;
	for (size_t i = 0; i < sakra_embedded_count; i++)
		if (skeleton_plan_file(sakra_embedded_files[i].path, prefix.ptr, prefix.len) &&
		    (sakra_buf_put(&all, sakra_embedded_files[i].data, sakra_embedded_files[i].size) < 0 ||
		     sakra_buf_putc(&all, '\n') < 0)) {
			sakra_buf_free(&prefix);
			sakra_buf_free(&all);
			return SAKRA_ENOMEM;
		}
	sakra_buf_free(&prefix);
	if (!all.ptr)
		return 0;
	k->text = sakra_buf_detach(&all);
	for (const char *p = k->text; *p;) {
		const char *e = strchr(p, '\n');
		struct span t = { p, e ? (size_t)(e - p) : strlen(p) };

		trim(&t.s, &t.n);
		if (t.n && k->nref < sizeof(k->ref) / sizeof(*k->ref)) {
			struct span in;
			size_t pl, i;

			if (wrapped(t.s, t.n, &in) && (pl = ref_prefix(&in))) {
				for (i = 0; i < k->nref; i++)
					if (k->ref[i].n == pl && memcmp(k->ref[i].s, in.s, pl) == 0)
						break;
				if (i == k->nref)
					k->ref[k->nref++] = (struct span){ in.s, pl };
			}
		}
		if (t.n) {
			if (k->n == cap) {
				struct span *v = realloc(k->line, (cap = cap ? 2 * cap : 256) * sizeof(*v));

				if (!v) {
					skeleton_free(k);
					return SAKRA_ENOMEM;
				}
				k->line = v;
			}
			k->line[k->n++] = t;
		}
		p = e ? e + 1 : p + strlen(p);
	}
	if (k->n)
		qsort(k->line, k->n, sizeof(*k->line), cmp_span);
	return 0;
}

static int in_skeleton(const struct skeleton *k, const char *s, size_t n)
{
	struct span key = { s, n };

	return k->n && bsearch(&key, k->line, k->n, sizeof(*k->line), cmp_span) != NULL;
}

/* A document's body by lines, and the first lines of its guidance
 * paragraphs, sorted: what section_says reads. */
struct body_lines {
	const char **start;
	size_t *len;
	size_t n, first;          /* body line k is file line first + k */
	size_t *guide;
	size_t nguide;
};

static void body_lines_free(struct body_lines *b)
{
	free(b->start);
	free(b->len);
	free(b->guide);
}

static int cmp_size(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	return a < b ? -1 : a > b;
}

static int body_lines_init(struct body_lines *b, const struct sakra_doc *doc)
{
	const char *p = doc->body;
	size_t n = 1;

	memset(b, 0, sizeof(*b));
	b->first = doc->body_line;
	for (const char *q = p; q && (q = strchr(q, '\n')); q++)
		n++;
	if (!(b->start = malloc(n * sizeof(*b->start))) || !(b->len = malloc(n * sizeof(*b->len))) ||
	    (doc->nplaceholders && !(b->guide = malloc(doc->nplaceholders * sizeof(*b->guide)))))
		return SAKRA_ENOMEM;
	for (; p; b->n++) {
		const char *e = strchr(p, '\n');

		b->start[b->n] = p;
		b->len[b->n] = e ? (size_t)(e - p) : strlen(p);
		p = e ? e + 1 : NULL;
	}
	for (size_t i = 0; i < doc->nplaceholders; i++)
		if (doc->placeholders[i].paragraph)
			b->guide[b->nguide++] = doc->placeholders[i].line;
	if (b->nguide)   /* qsort(NULL, 0) is undefined */
		qsort(b->guide, b->nguide, sizeof(*b->guide), cmp_size);
	return 0;
}

/* A line that ends with a colon (emphasis aside): it introduces what
 * follows. */
static int lead_in(const char *t, size_t n)
{
	while (n && (t[n - 1] == '*' || t[n - 1] == '_' || t[n - 1] == ' '))
		n--;
	return n && t[n - 1] == ':';
}

/* What a section's text (after its heading on line `from`, up to line
 * `to`) says: 0 nothing, 1 something, 2 that it does not apply (with a
 * reason), -1 that it does not apply without one (*at: the line). */
static int section_says(const struct body_lines *b, const struct skeleton *k, size_t from,
			size_t to, size_t *at)
{
	int said = 0, guidance = 0;

	for (size_t line = from + 1; line < to && line >= b->first && line - b->first < b->n; line++) {
		const char *t = b->start[line - b->first];
		size_t tn = b->len[line - b->first];

		trim(&t, &tn);
		if (!tn) {
			guidance = 0;
			continue;
		}
		if (b->nguide && bsearch(&line, b->guide, b->nguide, sizeof(*b->guide), cmp_size))
			guidance = 1;
		if (guidance || t[0] == '#' || in_skeleton(k, t, tn) || reference_line(k, t, tn))
			continue;
		switch (sakra_not_applicable_line(t, tn)) {
		case -1:
			*at = line;
			return -1;
		case 1:
			return 2;
		}
		/* a lead-in ending with a colon ("... iakttas följande
		 * tillvägagångssätt:", the template's own) says something only
		 * through what follows it */
		if (sakra_says_something(t, tn) && !lead_in(t, tn))
			said = 1;
	}
	return said;
}

/* Each section of the framework that the plan has, required or not, must
 * say something of its own; a section whose subsections are there is
 * judged through them. */
static void check_section_content(struct sakra_check *c)
{
	const struct sakra_plan *plan = c->plan;
	const struct sakra_framework *fw = plan->fw;
	struct skeleton k;

	if (skeleton_load(&k, fw->id) < 0) {
		c->d->oom = 1;
		return;
	}
	for (size_t d = 0; d < plan->ndocs && !c->d->oom; d++) {
		const struct sakra_doc *doc = plan->docs[d].doc;
		struct body_lines b;

		if (plan->docs[d].kind != SAKRA_KIND_PLAN || !doc || !doc->readable || !doc->body)
			continue;
		if (body_lines_init(&b, doc) < 0) {
			c->d->oom = 1;
			body_lines_free(&b);
			break;
		}
		for (size_t h = 0; h < doc->nheadings; h++) {
			const struct sakra_heading *x = &doc->headings[h];
			const struct sakra_fw_section *s = x->number ? sakra_framework_section(fw, x->number)
								     : NULL;
			size_t to = 0, at = 0;
			int sub = 0, says;

			if (!s)
				continue;
			/* a section with subsections speaks in its own text; what
			 * its subsections say is theirs (each judged on its own) */
			sakra_doc_section_end(plan, doc, h, &sub, &to);
			says = section_says(&b, &k, x->line, to, &at);
			if (says < 0)
				ADD(c, "section.empty", doc->path, at, 1,
				    "section %s says it does not apply but gives no reason; write the "
				    "reason after the colon", s->number);
			else if (!says && !sub && sakra_plan_section_required(plan, s))
				ADD(c, "section.empty", doc->path, x->line, 1,
				    "section %s '%s' says nothing yet: write what the organisation "
				    "does, or '%s: ' and why", s->number,
				    s->free_title ? x->title : sakra_i18n_get(&s->title, c->lang),
				    sakra_words(c->lang)->not_applicable);
			else if (!says && !sub)
				ADD(c, "section.empty", doc->path, x->line, 1,
				    "section %s '%s' says nothing yet: write what the organisation "
				    "does, or '%s: ' and why (or, as it is optional, remove it)",
				    s->number, s->free_title ? x->title : sakra_i18n_get(&s->title, c->lang),
				    sakra_words(c->lang)->not_applicable);
		}
		body_lines_free(&b);
	}
	skeleton_free(&k);
}

/* A missing section that the plan has under a heading without its number,
 * its title as the framework words it (in the plan's language or the
 * official one), in another word order or misspelt a little: reported on
 * that heading, with the number to give it. 1 when so. */
static int unnumbered_like(struct sakra_check *c, const struct sakra_fw_section *s)
{
	const struct sakra_plan *plan = c->plan;
	const char *titles[2] = { sakra_i18n_get(&s->title, c->lang),
				  sakra_i18n_get(&s->title, sakra_framework_official(plan->fw)) };

	for (size_t i = 0; i < plan->ndocs; i++) {
		const struct sakra_doc *doc = plan->docs[i].doc;

		if (plan->docs[i].kind != SAKRA_KIND_PLAN || !doc)
			continue;
		for (size_t k = 0; k < doc->nheadings; k++) {
			const struct sakra_heading *h = &doc->headings[k];

			if (h->number || !h->title ||
			    !(sakra_text_equal(h->title, titles[0]) ||
			      sakra_text_equal(h->title, titles[1]) ||
			      sakra_text_near(h->title, titles, 2)))
				continue;
			ADD(c, "section.missing", doc->path, h->line, h->column,
			    "required section %s '%s' is missing; this heading '%s' reads like it: "
			    "number it '%s %s'", s->number, titles[0], h->title, s->number,
			    titles[0]);
			return 1;
		}
	}
	return 0;
}

static void check_sections(struct sakra_check *c)
{
	const struct sakra_plan *plan = c->plan;
	const struct sakra_framework *fw = plan->fw;
	int unreadable = 0;

	check_headings(c);
	for (size_t i = 0; i < plan->ndocs; i++)
		if (plan->docs[i].kind == SAKRA_KIND_PLAN &&
		    (!plan->docs[i].doc || !plan->docs[i].doc->readable))
			unreadable = 1;
	for (size_t i = 0; i < fw->nsections; i++) {
		const struct sakra_fw_section *s = &fw->sections[i];
		const struct sakra_section_loc *before = NULL;

		char heading[512];

		if (plan->where[i].doc)
			continue;
		/* A chapter that could not be read was already reported; guessing
		 * which sections it held would only add noise. Optional sections
		 * that the register needs are the register's finding. */
		if (s->optional || unreadable)
			continue;
		if (unnumbered_like(c, s))
			continue;
		for (size_t k = i; k-- > 0 && !before;)
			if (plan->where[k].doc)
				before = &plan->where[k];
		/* the heading to add, for a fix: after the section the finding is on */
		snprintf(heading, sizeof(heading), "%s %s", s->number,
			 sakra_i18n_get(&s->title, c->lang));
		if (before && s->nclauses)
			ADD_ABOUT(c, "section.missing", heading, before->doc->path, before->line, 1,
			    "required section %s '%s' (clause %s) is missing; add a heading '%s %s' "
			    "after section %s", s->number, sakra_i18n_get(&s->title, c->lang),
			    s->clauses[0], s->number, sakra_i18n_get(&s->title, c->lang),
			    fw->sections[before - plan->where].number);
		else if (before)
			ADD_ABOUT(c, "section.missing", heading, before->doc->path, before->line, 1,
			    "required section %s '%s' is missing; add a heading '%s %s' after "
			    "section %s", s->number, sakra_i18n_get(&s->title, c->lang),
			    s->number, sakra_i18n_get(&s->title, c->lang),
			    fw->sections[before - plan->where].number);
		else
			ADD(c, "section.missing", SAKRA_CONFIG_FILE,
			    plan->config->framework_line, 1,
			    "required section %s '%s' is missing; add a heading '%s %s' to a "
			    "file under plan/", s->number, sakra_i18n_get(&s->title, c->lang),
			    s->number, sakra_i18n_get(&s->title, c->lang));
	}
}

static void section_plan(struct sakra_check *c)
{
	if (!c->plan->fw)
		return;
	check_sections(c);
	check_section_content(c);
}

/* The line (0-based) before which a section that belongs after the
 * section whose heading is on line h (1-based) is inserted. */
static size_t after_section(const struct sakra_doc *doc, size_t h, size_t nlines)
{
	for (size_t i = 0; i < doc->nheadings; i++)
		if (doc->headings[i].line == h)
			for (size_t k = i + 1; k < doc->nheadings; k++)
				if (doc->headings[k].level <= doc->headings[i].level)
					return doc->headings[k].line - 1;
	return nlines;
}

/* A missing section that belongs after the one the finding is on: its
 * heading, at the depth of its number, after that section. */
static int fix_section_missing(const struct sakra_fix_in *in, struct sakra_fix *out)
{
	size_t dots = 0;

	if (!in->subject || !in->doc)
		return -1;
	out->line = after_section(in->doc, in->line, in->nlines);
	for (const char *p = in->subject; *p && *p != ' '; p++)
		dots += *p == '.';
	snprintf(out->text, sizeof(out->text), "%s%.*s %s\n\n", out->line >= in->nlines ? "\n" : "",
		 (int)(dots + 1), "######", in->subject);
	snprintf(out->title, sizeof(out->title), _("Add the section '%s'"), in->subject);
	return 0;
}

static const struct sakra_rule rules[] = {
	{ "section.missing", SAKRA_ERROR, 0,
	  N_("a required section of the framework is missing"),
	  0, fix_section_missing },
	{ "section.duplicate", SAKRA_ERROR, 0,
	  N_("a section appears more than once"),
	  0, NULL },
	{ "section.empty", SAKRA_ERROR, 0,
	  N_("a section of the plan says nothing of its own, or says it does not apply without a reason"),
	  0, NULL },
	{ "section.order", SAKRA_ERROR, 0,
	  N_("a section is out of the framework's order"),
	  0, NULL },
	{ "section.title", SAKRA_WARNING, 0,
	  N_("a section's title differs from the framework's"),
	  0, NULL },
	{ "section.unknown", SAKRA_WARNING, 0,
	  N_("a numbered section the framework does not know"),
	  0, NULL },
};

const struct sakra_rule_set sakra_rules_section = { rules, SAKRA_RULES(rules), NULL, section_plan };
