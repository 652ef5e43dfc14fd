/* diag: the registry of rules and the list of findings. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sakra/buf.h"
#include "sakra/diag.h"
#include "sakra/error.h"
#include "sakra/intl.h"

/* The registry: every rule id sakra reports, declared once with its default
 * severity and a one-line summary. check, SARIF and `sakra check --rules`
 * read it; the tests hold the README's table and the sources to it. */
static const struct sakra_rule rules[] = {
	{ "config.yaml", SAKRA_ERROR, 0, "sakra.yml cannot be read as YAML" },
	{ "config.type", SAKRA_ERROR, 0, "a sakra.yml key has the wrong type" },
	{ "config.missing", SAKRA_ERROR, 0, "a required sakra.yml key is missing" },
	{ "config.framework", SAKRA_ERROR, 0, "the framework is missing or unknown" },
	{ "config.levels", SAKRA_ERROR, 0, "classification levels are missing or malformed" },
	{ "config.duplicate", SAKRA_ERROR, 0, "a level or obligation id is declared twice" },
	{ "config.business-id", SAKRA_ERROR, 0, "organisation.business_id is not an identifier of the framework's country (form or check digit)" },
	{ "config.obligation", SAKRA_ERROR, 0, "an obligation is malformed or covers an unknown section" },
	{ "config.edition", SAKRA_ERROR, 0, "an edition names an unknown classification level" },
	{ "config.recipient", SAKRA_ERROR, 0, "an edition's recipient is not an age recipient (age1...)" },
	{ "config.approval", SAKRA_ERROR, 0, "an approval scope is malformed, or a part the framework has adopted by a role of its own is not in one" },
	{ "config.review", SAKRA_ERROR, 0, "the review interval is not a number of months" },
	{ "config.language", SAKRA_WARNING, 0, "the language is not one sakra knows" },
	{ "config.unknown-key", SAKRA_WARNING, 0, "sakra.yml has a key sakra does not know" },
	{ "requirements", SAKRA_ERROR, 0, "requirements.yml cannot be read, or would remove or change a built-in requirement" },
	{ "doc.binary", SAKRA_ERROR, 0, "a Markdown file holds binary data" },
	{ "doc.utf8", SAKRA_ERROR, 0, "a Markdown file is not valid UTF-8" },
	{ "doc.bidi", SAKRA_WARNING, 0, "text holds a Unicode bidi control, so it displays otherwise than it reads" },
	{ "doc.line-length", SAKRA_ERROR, 0, "a line is too long to be a plan document" },
	{ "doc.size", SAKRA_ERROR, 0, "a Markdown file is too large" },
	{ "doc.yaml", SAKRA_ERROR, 0, "the front matter cannot be read as YAML" },
	{ "doc.front-matter", SAKRA_ERROR, 0, "a document has no front matter" },
	{ "doc.title", SAKRA_ERROR, 0, "a document has no title" },
	{ "doc.classification", SAKRA_ERROR, 0, "a document's classification is missing or not a declared level" },
	{ "doc.floor", SAKRA_ERROR, 0, "a document is marked below the framework's lowest allowed level" },
	{ "doc.marking", SAKRA_ERROR, 0, "a file is marked below what its content requires (an asset's rating, a secrecy legal basis)" },
	{ "doc.legal-basis", SAKRA_ERROR, 0, "a classification that requires a legal basis has none" },
	{ "doc.date", SAKRA_ERROR, 0, "a front matter date is not YYYY-MM-DD" },
	{ "doc.sections", SAKRA_ERROR, 0, "front matter names a section the framework does not have" },
	{ "doc.unknown-key", SAKRA_WARNING, 0, "front matter has a key sakra does not know" },
	{ "file.marking", SAKRA_ERROR, 0, "a non-Markdown file has no classification marking" },
	{ "file.symlink", SAKRA_ERROR, 0, "a plan file is a symbolic link" },
	{ "path.unsafe", SAKRA_ERROR, 0, "a file name holds a newline or backslash" },
	{ "theme.unsafe", SAKRA_ERROR, 0, "a theme file holds script, an event handler, a <meta http-equiv>, a frame or form, or a URL outside the site" },
	{ "path.git", SAKRA_ERROR, 0, "a path git itself refuses to check out (.git in any form), or a submodule" },
	{ "secret.key", SAKRA_ERROR, 0, "a minisign secret key or an age identity is in the plan" },
	{ "section.missing", SAKRA_ERROR, 0, "a required section of the framework is missing" },
	{ "section.duplicate", SAKRA_ERROR, 0, "a section appears more than once" },
	{ "section.empty", SAKRA_ERROR, 0, "a section of the plan says nothing of its own, or says it does not apply without a reason" },
	{ "section.order", SAKRA_ERROR, 0, "a section is out of the framework's order" },
	{ "section.title", SAKRA_WARNING, 0, "a section's title differs from the framework's" },
	{ "section.unknown", SAKRA_WARNING, 0, "a numbered section the framework does not know" },
	{ "field.missing", SAKRA_ERROR, 0, "a required labelled field is missing" },
	{ "field.empty", SAKRA_ERROR, 0, "a required labelled field is empty or a placeholder" },
	{ "field.date", SAKRA_ERROR, 0, "a labelled field the framework wants as a date is not YYYY-MM-DD" },
	{ "field.deadline", SAKRA_WARNING, 1, "a date the framework sets as a deadline (e.g. the next revision) has passed" },
	{ "placeholder", SAKRA_WARNING, 0, "a placeholder or guidance paragraph is left in the text" },
	{ "link.broken", SAKRA_ERROR, 0, "a relative link points to a file that does not exist" },
	{ "link.anchor", SAKRA_ERROR, 0, "a link's #anchor names no heading of the Markdown document it leads to" },
	{ "register.empty", SAKRA_WARNING, 0, "the register lists no systems, or the information register no assets" },
	{ "system.block", SAKRA_ERROR, 0, "a system file has no 'system:' block, or a key of it has the wrong type" },
	{ "system.class", SAKRA_ERROR, 0, "a system's class is missing or not one the framework knows" },
	{ "system.certificate", SAKRA_ERROR, 0, "a system of a class that needs a certificate has none" },
	{ "system.certificate-expired", SAKRA_ERROR, 0, "a system's certificate has expired" },
	{ "system.certificate-expiring", SAKRA_WARNING, 0, "a system's certificate expires within 90 days" },
	{ "system.register-check", SAKRA_WARNING, 0, "a system was never, or not recently, checked against the register" },
	{ "system.register-future", SAKRA_ERROR, 0, "a system's register check is dated after today" },
	{ "system.section", SAKRA_ERROR, 0, "the plan has no section that lists the systems of a class" },
	{ "system.field", SAKRA_WARNING, 1, "a per-system description the framework asks for is missing" },
	{ "asset.block", SAKRA_ERROR, 0, "an information asset's block is not a mapping, or a key of it has the wrong type" },
	{ "asset.field", SAKRA_ERROR, 0, "an information asset lacks a field the framework requires" },
	{ "asset.scale", SAKRA_ERROR, 0, "an information asset's classification is not a level of the framework's scale" },
	{ "asset.system", SAKRA_ERROR, 0, "an information asset names a system that is not in the register" },
	{ "asset.due", SAKRA_WARNING, 1, "an information asset's classification is older than the framework allows" },
	{ "evidence.block", SAKRA_ERROR, 0, "an evidence record has no 'evidence:' block, type or date" },
	{ "evidence.covers", SAKRA_ERROR, 0, "an evidence record covers no section, or one the framework does not have" },
	{ "evidence.attachment", SAKRA_ERROR, 0, "an attachment of an evidence record does not exist" },
	{ "evidence.future", SAKRA_ERROR, 0, "an evidence record is dated after today" },
	{ "evidence.date-mismatch", SAKRA_WARNING, 0, "an evidence record's date differs from the date in its file name or title" },
	{ "obligation.missing", SAKRA_ERROR, 0, "the plan does not promise a follow-up the framework requires, or promises it less often" },
	{ "obligation.overdue", SAKRA_WARNING, 1, "a follow-up obligation has no evidence within its period" },
	{ "site.link", SAKRA_WARNING, 0, "a link in a rendered page leads nowhere (sakra build)" },
};

const struct sakra_rule *sakra_rules(size_t *n)
{
	*n = sizeof(rules) / sizeof(rules[0]);
	return rules;
}

const struct sakra_rule *sakra_rule_find(const char *id)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strcmp(rules[i].id, id) == 0)
			return &rules[i];
	return NULL;
}

void sakra_diags_add(struct sakra_diags *d, enum sakra_severity sev, const char *rule,
		     const char *path, size_t line, size_t column, const char *fmt, ...)
{
	struct sakra_buf msg = SAKRA_BUF_INIT;
	const char *tr = sakra_tr(fmt);   /* the format in the user's language */
	struct sakra_diag *x;
	va_list ap;
	int rc;

	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 32;
		struct sakra_diag *v = realloc(d->v, cap * sizeof(*v));

		if (!v) {
			d->oom = 1;
			return;
		}
		d->v = v;
		d->cap = cap;
	}
	x = &d->v[d->n];
	memset(x, 0, sizeof(*x));
	va_start(ap, fmt);
	rc = sakra_buf_vprintf(&msg, tr, ap);
	va_end(ap);
	x->message = rc == 0 ? sakra_buf_detach(&msg) : NULL;
	if (rc == 0 && tr != fmt) {
		va_start(ap, fmt);
		rc = sakra_buf_vprintf(&msg, fmt, ap);
		va_end(ap);
		x->english = rc == 0 ? sakra_buf_detach(&msg) : NULL;
	}
	x->severity = sev;
	x->rule = rule;
	x->path = strdup(path ? path : "");
	x->line = line;
	x->column = column;
	if (rc < 0 || !x->path || !x->message) {
		sakra_diag_clear(x);
		sakra_buf_free(&msg);
		d->oom = 1;
		return;
	}
	d->n++;
}

const char *sakra_diag_english(const struct sakra_diag *x)
{
	return x->english ? x->english : x->message;
}

void sakra_diag_clear(struct sakra_diag *x)
{
	free(x->path);
	free(x->message);
	free(x->english);
	x->path = x->message = x->english = NULL;
}

int sakra_diags_append(struct sakra_diags *to, const struct sakra_diags *from)
{
	for (size_t i = 0; i < from->n && !to->oom; i++) {
		const struct sakra_diag *f = &from->v[i];
		size_t n = to->n;

		sakra_diags_add(to, f->severity, f->rule, f->path, f->line, f->column, "%s",
				f->message);
		if (to->n > n && f->english && !(to->v[n].english = strdup(f->english)))
			to->oom = 1;
	}
	to->oom |= from->oom;
	return to->oom ? -1 : 0;
}

static int cmp(const void *pa, const void *pb)
{
	const struct sakra_diag *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if ((c = strcmp(a->rule, b->rule)))
		return c;
	return strcmp(a->message, b->message);
}

/* A field whose value is a placeholder is one problem, not two: the
 * field's finding stays (at the higher severity of the two, so that what
 * blocks an approval still does) and the placeholder's on the same line
 * goes. d is sorted: a line's findings are together. */
static int about_field(const char *rule)
{
	return !strcmp(rule, "field.empty") || !strcmp(rule, "system.field");
}

static void fold_placeholders(struct sakra_diags *d)
{
	size_t o = 0;

	for (size_t i = 0; i < d->n;) {
		size_t end = i, field = (size_t)-1, line = d->v[i].line;
		enum sakra_severity worst = SAKRA_NOTE;

		while (end < d->n && !strcmp(d->v[end].path ? d->v[end].path : "",
					     d->v[i].path ? d->v[i].path : "") &&
		       d->v[end].line == d->v[i].line)
			end++;
		for (size_t k = i; k < end; k++)
			if (about_field(d->v[k].rule) && field == (size_t)-1)
				field = k;
		for (size_t k = i; k < end; k++) {
			if (field != (size_t)-1 && line && !strcmp(d->v[k].rule, "placeholder")) {
				if (d->v[k].severity > worst)
					worst = d->v[k].severity;
				sakra_diag_clear(&d->v[k]);
				d->v[k].rule = NULL;
			}
		}
		if (field != (size_t)-1 && worst > d->v[field].severity)
			d->v[field].severity = worst;
		for (size_t k = i; k < end; k++)
			if (d->v[k].rule)
				d->v[o++] = d->v[k];
		i = end;
	}
	d->n = o;
}

void sakra_diags_sort(struct sakra_diags *d)
{
	size_t o = 0;

	if (d->n < 2)
		return;
	qsort(d->v, d->n, sizeof(d->v[0]), cmp);
	for (size_t i = 0; i < d->n; i++) {
		if (o > 0 && cmp(&d->v[o - 1], &d->v[i]) == 0) {
			sakra_diag_clear(&d->v[i]);
			continue;
		}
		d->v[o++] = d->v[i];
	}
	d->n = o;
	fold_placeholders(d);
}

size_t sakra_diags_count(const struct sakra_diags *d, enum sakra_severity sev)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		n += d->v[i].severity == sev;
	return n;
}

struct keyed {
	const struct sakra_diag *d;
	int used;
};

static int cmp_key(const struct sakra_diag *a, const struct sakra_diag *b)
{
	int c = strcmp(a->rule, b->rule);

	if (!c)
		c = strcmp(a->path ? a->path : "", b->path ? b->path : "");
	if (!c)
		c = strcmp(a->message ? a->message : "", b->message ? b->message : "");
	return c;
}

static int cmp_keyed(const void *x, const void *y)
{
	return cmp_key(((const struct keyed *)x)->d, ((const struct keyed *)y)->d);
}

int sakra_diags_subtract(struct sakra_diags *d, const struct sakra_diags *base)
{
	struct keyed *k = base->n ? malloc(base->n * sizeof(*k)) : NULL;
	size_t o = 0;

	if (base->n && !k)
		return SAKRA_ENOMEM;
	for (size_t i = 0; i < base->n; i++) {
		k[i].d = &base->v[i];
		k[i].used = 0;
	}
	if (base->n)
		qsort(k, base->n, sizeof(*k), cmp_keyed);
	for (size_t i = 0; i < d->n; i++) {
		size_t lo = 0, hi = base->n;
		int same = 0;

		while (lo < hi) {   /* the first of its key */
			size_t mid = lo + (hi - lo) / 2;

			if (cmp_key(k[mid].d, &d->v[i]) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < base->n && !cmp_key(k[lo].d, &d->v[i]); lo++)
			if (!k[lo].used) {
				k[lo].used = same = 1;
				break;
			}
		if (same) {
			sakra_diag_clear(&d->v[i]);
		} else {
			d->v[o++] = d->v[i];
		}
	}
	d->n = o;
	free(k);
	return 0;
}

void sakra_diags_free(struct sakra_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		sakra_diag_clear(&d->v[i]);
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

const char *sakra_severity_name(enum sakra_severity sev)
{
	return sev == SAKRA_ERROR ? "error" : sev == SAKRA_WARNING ? "warning" : "note";
}
