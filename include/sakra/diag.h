/* diag: findings about a plan (errors and warnings with file:line:col and
 * a rule id). Findings are data that commands report, not failures. */
#ifndef SAKRA_DIAG_H
#define SAKRA_DIAG_H

#include <stdarg.h>
#include <stddef.h>

/* A note is information, never a failure (not even with --strict): e.g. a
 * heading of a translated plan that differs from sakra's translation. */
enum sakra_severity { SAKRA_NOTE = 0, SAKRA_WARNING = 1, SAKRA_ERROR = 2 };

struct sakra_diag {
	enum sakra_severity severity;
	const char *rule;   /* static string, e.g. "field.empty" */
	char *path;         /* repository-relative */
	size_t line, column;/* 1-based; 0 when it concerns the whole file */
	char *message;      /* in the user's language (gettext) */
	char *english;      /* the same in English when it was translated, else NULL */
	char *subject;      /* what it is about, as data for tools (a quick fix reads
			     * it, never the message): the label of a missing field,
			     * the heading of a missing section; NULL if none */
};

/* A finding's message in English: what tools read (JSON, SARIF, the
 * language server's quick fixes), whatever the user's language. */
const char *sakra_diag_english(const struct sakra_diag *x);
/* Frees what one finding holds (not the finding itself). */
void sakra_diag_clear(struct sakra_diag *x);

struct sakra_diags {
	struct sakra_diag *v;
	size_t n, cap;
	int oom;            /* set when a finding could not be stored */
};

#define SAKRA_DIAGS_INIT { NULL, 0, 0, 0 }

void sakra_diags_add(struct sakra_diags *d, enum sakra_severity sev, const char *rule,
		     const char *path, size_t line, size_t column, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* The same with the finding's subject, and the arguments as a va_list. */
void sakra_diags_vadd(struct sakra_diags *d, enum sakra_severity sev, const char *rule,
		      const char *subject, const char *path, size_t line, size_t column,
		      const char *fmt, va_list ap) __attribute__((format(printf, 8, 0)));
/* Sorts by path, line, column, then severity (errors first), rule, and
 * message, and drops exact duplicates. */
/* Adds a copy of every finding of from to to (and from's lost ones: oom).
 * 0, or -1 when to could not hold them. */
int sakra_diags_append(struct sakra_diags *to, const struct sakra_diags *from);
void sakra_diags_sort(struct sakra_diags *d);
size_t sakra_diags_count(const struct sakra_diags *d, enum sakra_severity sev);
void sakra_diags_free(struct sakra_diags *d);
/* Removes from d each finding that base has too (the same rule, path and
 * message; lines may have moved), one for one: what d adds to base. */
int sakra_diags_subtract(struct sakra_diags *d, const struct sakra_diags *base);

const char *sakra_severity_name(enum sakra_severity sev);

#endif
