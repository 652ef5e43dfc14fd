/* diag: the list of findings (the rules they come from: rules/). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sakra/buf.h"
#include "sakra/diag.h"
#include "sakra/error.h"
#include "sakra/intl.h"

void sakra_diags_vadd(struct sakra_diags *d, enum sakra_severity sev, const char *rule,
		      const char *subject, const char *path, size_t line, size_t column,
		      const char *fmt, va_list ap)
{
	struct sakra_buf msg = SAKRA_BUF_INIT;
	const char *tr = sakra_tr(fmt);   /* the format in the user's language */
	struct sakra_diag *x;
	va_list copy;
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
	va_copy(copy, ap);
	rc = sakra_buf_vprintf(&msg, tr, copy);
	va_end(copy);
	x->message = rc == 0 ? sakra_buf_detach(&msg) : NULL;
	if (rc == 0 && tr != fmt) {
		va_copy(copy, ap);
		rc = sakra_buf_vprintf(&msg, fmt, copy);
		va_end(copy);
		x->english = rc == 0 ? sakra_buf_detach(&msg) : NULL;
	}
	x->severity = sev;
	x->rule = rule;
	x->path = strdup(path ? path : "");
	x->line = line;
	x->column = column;
	if (subject && !(x->subject = strdup(subject)))
		rc = -1;
	if (rc < 0 || !x->path || !x->message) {
		sakra_diag_clear(x);
		sakra_buf_free(&msg);
		d->oom = 1;
		return;
	}
	d->n++;
}

void sakra_diags_add(struct sakra_diags *d, enum sakra_severity sev, const char *rule,
		     const char *path, size_t line, size_t column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sakra_diags_vadd(d, sev, rule, NULL, path, line, column, fmt, ap);
	va_end(ap);
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
	free(x->subject);
	x->path = x->message = x->english = x->subject = NULL;
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
		if (to->n > n && f->subject && !(to->v[n].subject = strdup(f->subject)))
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
	return sev == SAKRA_ERROR ? N_("error") : sev == SAKRA_WARNING ? N_("warning") : N_("note");
}
