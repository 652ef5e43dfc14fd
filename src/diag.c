/* diag: the list of findings. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sakra/buf.h"
#include "sakra/diag.h"

void sakra_diags_add(struct sakra_diags *d, enum sakra_severity sev, const char *rule,
		     const char *path, size_t line, size_t column, const char *fmt, ...)
{
	struct sakra_buf msg = SAKRA_BUF_INIT;
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
	va_start(ap, fmt);
	rc = sakra_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	x = &d->v[d->n];
	x->severity = sev;
	x->rule = rule;
	x->path = strdup(path ? path : "");
	x->line = line;
	x->column = column;
	x->message = rc == 0 ? sakra_buf_detach(&msg) : NULL;
	if (!x->path || !x->message) {
		free(x->path);
		free(x->message);
		sakra_buf_free(&msg);
		d->oom = 1;
		return;
	}
	d->n++;
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

void sakra_diags_sort(struct sakra_diags *d)
{
	size_t o = 0;

	if (d->n < 2)
		return;
	qsort(d->v, d->n, sizeof(d->v[0]), cmp);
	for (size_t i = 0; i < d->n; i++) {
		if (o > 0 && cmp(&d->v[o - 1], &d->v[i]) == 0) {
			free(d->v[i].path);
			free(d->v[i].message);
			continue;
		}
		d->v[o++] = d->v[i];
	}
	d->n = o;
}

size_t sakra_diags_count(const struct sakra_diags *d, enum sakra_severity sev)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		n += d->v[i].severity == sev;
	return n;
}

void sakra_diags_free(struct sakra_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].path);
		free(d->v[i].message);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

const char *sakra_severity_name(enum sakra_severity sev)
{
	return sev == SAKRA_ERROR ? "error" : "warning";
}
