/* diff: two plans compared unit by unit (see sakra/diff.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sakra/diff.h"
#include "sakra/intl.h"

struct unit {
	enum sakra_diff_group group;
	char *key;                         /* owned */
	const char *number, *title, *path; /* borrowed from the plan */
	const struct sakra_fw_section *section;
	size_t line;
	const char *text;                  /* borrowed from side->texts; NULL for files */
	size_t len;
	char id[65];                       /* FILE: git blob id, or SHA-256 beside a
					    * tree from a bundle (hex) */
	const char *classification;
	const struct sakra_system *system; /* SYSTEM: the register entry, or NULL */
};

struct side {
	const struct sakra_plan *plan;
	struct unit *u;
	size_t n, cap;
	char **texts;
	size_t ntexts;
};

static void side_free(struct side *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->u[i].key);
	free(s->u);
	for (size_t i = 0; i < s->ntexts; i++)
		free(s->texts[i]);
	free(s->texts);
}

static struct unit *add_unit(struct side *s, enum sakra_diff_group group, const char *key)
{
	struct unit *u;

	if (s->n == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 64;
		void *p = realloc(s->u, ncap * sizeof(*s->u));

		if (!p)
			return NULL;
		s->u = p;
		s->cap = ncap;
	}
	u = &s->u[s->n];
	memset(u, 0, sizeof(*u));
	if (!(u->key = strdup(key)))
		return NULL;
	u->group = group;
	s->n++;
	return u;
}

/* Keeps a file's text alive for the units that point into it. */
static char *keep_text(struct side *s, struct sakra_buf *b)
{
	void *p = realloc(s->texts, (s->ntexts + 1) * sizeof(*s->texts));
	char *t;

	if (!p)
		return NULL;
	s->texts = p;
	if (!(t = sakra_buf_detach(b)) && !(t = strdup("")))
		return NULL;
	s->texts[s->ntexts++] = t;
	return t;
}

/* The start of line `line` (1-based) at or after *pos, which is on line *at. */
static const char *seek_line(const char *end, const char *pos, size_t *at, size_t line)
{
	while (*at < line && pos < end) {
		const char *nl = memchr(pos, '\n', (size_t)(end - pos));

		pos = nl ? nl + 1 : end;
		(*at)++;
	}
	return pos;
}

static const char *doc_title(const struct sakra_doc *doc)
{
	const char *t = sakra_doc_meta(doc, "title");

	if (t)
		return t;
	for (size_t i = 0; i < doc->nheadings; i++)
		if (doc->headings[i].level == 1)
			return doc->headings[i].title;
	return doc->nheadings ? doc->headings[0].title : NULL;
}

/* A document of plan/: one unit for the front matter and the text before
 * the first numbered heading, one per numbered section. */
static int split_plan_doc(struct side *s, const struct sakra_doc *doc, const char *text,
			  size_t len)
{
	const struct sakra_framework *fw = s->plan->fw;
	const char *end = text + len, *pos = text, *start;
	size_t at = 1;
	struct unit *u, *open = NULL;
	struct sakra_buf key = SAKRA_BUF_INIT;

	if (!(u = add_unit(s, SAKRA_DIFF_DOCUMENT, doc->path)))
		return SAKRA_ENOMEM;
	u->path = doc->path;
	u->title = doc_title(doc);
	u->classification = sakra_doc_meta(doc, "classification");
	u->text = text;
	open = u;
	for (size_t i = 0; i < doc->nheadings; i++) {
		const struct sakra_heading *h = &doc->headings[i];
		const struct sakra_fw_section *sec;

		if (!h->number || h->line < at)
			continue;
		start = seek_line(end, pos, &at, h->line);
		open->len = (size_t)(start - open->text);
		pos = start;
		sec = fw ? sakra_framework_section(fw, h->number) : NULL;
		sakra_buf_clear(&key);
		if (sakra_buf_puts(&key, h->number) < 0 ||
		    (sec && sec->repeatable && sakra_buf_printf(&key, " %s", h->title) < 0) ||
		    !(u = add_unit(s, SAKRA_DIFF_SECTION, key.ptr))) {
			sakra_buf_free(&key);
			return SAKRA_ENOMEM;
		}
		u->number = h->number;
		u->title = h->title;
		u->section = sec;
		u->path = doc->path;
		u->line = h->line;
		u->text = start;
		open = u;
	}
	open->len = (size_t)(end - open->text);
	sakra_buf_free(&key);
	return 0;
}

static const struct sakra_system *find_system(const struct sakra_plan *p, const struct sakra_doc *d)
{
	for (size_t i = 0; i < p->nsystems; i++)
		if (p->systems[i].doc == d)
			return &p->systems[i];
	return NULL;
}

static int cmp_path(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* 1 when path is withheld by the edition of either side: its content is
 * on one side at most, so it is not compared. */
static int withheld(const struct sakra_file *f, const struct sakra_tree *other)
{
	const struct sakra_file *o = sakra_tree_find(other, f->path);

	return f->withheld || (o && o->withheld);
}

/* What tells two versions of a file apart: git's blob id between trees of
 * git, else the SHA-256 a bundle's signed manifest gives. */
static int file_id(const struct sakra_tree *t, const struct sakra_tree *other,
		   const struct sakra_file *f, char id[65], struct sakra_error *err)
{
	unsigned char oid[20];
	int rc;

	if (t->in_memory || other->in_memory)
		return sakra_tree_sha256(t, f, id, 0, err);
	if ((rc = sakra_tree_file_id(t, f, oid, err)) < 0)
		return rc;
	for (int i = 0; i < 20; i++)
		snprintf(id + 2 * i, 3, "%02x", oid[i]);
	return 0;
}

static int collect(struct side *s, const struct sakra_tree *other, struct sakra_error *err)
{
	const struct sakra_plan *plan = s->plan;
	const struct sakra_tree *t = plan->tree;
	struct sakra_buf b = SAKRA_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < t->n && rc == 0; i++) {
		const struct sakra_file *f = &t->files[i];
		const struct sakra_plan_doc *pd = sakra_plan_find_doc(plan, f->path);
		struct unit *u;
		char *text;

		if (withheld(f, other))
			continue;
		if (!pd || !pd->doc || pd->sidecar || !pd->doc->readable) {
			if (!(u = add_unit(s, SAKRA_DIFF_FILE, f->path)))
				goto nomem;
			u->path = f->path;
			rc = file_id(t, other, f, u->id, err);
			continue;
		}
		if ((rc = sakra_tree_read(t, f, &b, SAKRA_DOC_MAX_FILE, err)) < 0)
			break;
		if (!(text = keep_text(s, &b)))
			goto nomem;
		if (pd->kind == SAKRA_KIND_PLAN) {
			if ((rc = split_plan_doc(s, pd->doc, text, strlen(text))) < 0)
				goto nomem;
			continue;
		}
		if (!(u = add_unit(s, pd->kind == SAKRA_KIND_APPENDIX ? SAKRA_DIFF_DOCUMENT :
				   pd->kind == SAKRA_KIND_SYSTEM ? SAKRA_DIFF_SYSTEM :
				   SAKRA_DIFF_EVIDENCE, f->path)))
			goto nomem;
		u->path = f->path;
		u->text = text;
		u->len = strlen(text);
		u->classification = sakra_doc_meta(pd->doc, "classification");
		u->title = doc_title(pd->doc);
		if (pd->kind == SAKRA_KIND_SYSTEM) {
			const struct sakra_system *sys = find_system(plan, pd->doc);

			if (sys)
				u->title = sys->name;
			u->system = sys;
		}
	}
	sakra_buf_free(&b);
	return rc;
nomem:
	sakra_buf_free(&b);
	return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
}

/* --- comparing ------------------------------------------------------------ */

struct line {
	const char *p;
	size_t n;
};

static int cmp_line(const void *x, const void *y)
{
	const struct line *a = x, *b = y;
	int c = memcmp(a->p, b->p, a->n < b->n ? a->n : b->n);

	return c ? c : (a->n > b->n) - (a->n < b->n);
}

static struct line *split_lines(const char *text, size_t len, size_t *n)
{
	const char *p = text, *end = text + len;
	struct line *v = NULL;
	size_t cap = 0;

	*n = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		size_t k = (size_t)(e - p);

		if (strspn(p, " \t\r") < k) {   /* blank lines do not count */
			if (*n == cap) {
				void *q = realloc(v, (cap = cap ? cap * 2 : 32) * sizeof(*v));

				if (!q) {
					free(v);
					return NULL;
				}
				v = q;
			}
			v[*n].p = p;
			v[(*n)++].n = k;
		}
		p = nl ? nl + 1 : end;
	}
	if (!v)
		v = malloc(1);
	return v;
}

/* Lines of b not in a (added) and of a not in b (removed), as multisets:
 * a moved paragraph is neither. */
static int count_lines(const struct unit *a, const struct unit *b, size_t *added, size_t *removed)
{
	size_t na = 0, nb = 0, i = 0, j = 0;
	struct line *la = a ? split_lines(a->text, a->len, &na) : malloc(1);
	struct line *lb = b ? split_lines(b->text, b->len, &nb) : malloc(1);

	*added = *removed = 0;
	if (!la || !lb) {
		free(la);
		free(lb);
		return SAKRA_ENOMEM;
	}
	if (na)
		qsort(la, na, sizeof(*la), cmp_line);
	if (nb)
		qsort(lb, nb, sizeof(*lb), cmp_line);
	while (i < na || j < nb) {
		int c = i == na ? 1 : j == nb ? -1 : cmp_line(&la[i], &lb[j]);

		if (c < 0) {
			(*removed)++;
			i++;
		} else if (c > 0) {
			(*added)++;
			j++;
		} else {
			i++;
			j++;
		}
	}
	free(la);
	free(lb);
	return 0;
}

/* Texts longer than this many line pairs are not aligned line by line:
 * their removed lines are listed, then their added ones. */
#define ALIGN_MAX (4u << 20)

static int push_line(struct sakra_diff_item *it, size_t *cap, char op, const struct line *l)
{
	if (it->nlines == *cap) {
		void *p = realloc(it->lines, (*cap = *cap ? *cap * 2 : 16) * sizeof(*it->lines));

		if (!p)
			return SAKRA_ENOMEM;
		it->lines = p;
	}
	if (!(it->lines[it->nlines].text = strndup(l->p, l->n)))
		return SAKRA_ENOMEM;
	it->lines[it->nlines++].op = op;
	return 0;
}

/* The changed lines of a into b, in order: a longest common subsequence of
 * the non-blank lines stays, the rest is '-' (a's) or '+' (b's). */
static int diff_lines(struct sakra_diff_item *it, const struct unit *a, const struct unit *b)
{
	size_t na = 0, nb = 0, cap = 0, i = 0, j = 0;
	struct line *la = a ? split_lines(a->text, a->len, &na) : malloc(1);
	struct line *lb = b ? split_lines(b->text, b->len, &nb) : malloc(1);
	uint32_t *t = NULL;   /* t[i][j]: LCS length of la[i..] and lb[j..] */
	int rc = 0;

	if (!la || !lb)
		goto nomem;
	if (na && nb && (na + 1) * (nb + 1) <= ALIGN_MAX) {
		if (!(t = calloc((na + 1) * (nb + 1), sizeof(*t))))
			goto nomem;
		for (size_t x = na; x-- > 0;)
			for (size_t y = nb; y-- > 0;)
				t[x * (nb + 1) + y] = cmp_line(&la[x], &lb[y]) == 0
					? t[(x + 1) * (nb + 1) + y + 1] + 1
					: t[(x + 1) * (nb + 1) + y] > t[x * (nb + 1) + y + 1]
					? t[(x + 1) * (nb + 1) + y] : t[x * (nb + 1) + y + 1];
		while (rc == 0 && i < na && j < nb) {
			if (cmp_line(&la[i], &lb[j]) == 0) {
				i++;
				j++;
			} else if (t[(i + 1) * (nb + 1) + j] >= t[i * (nb + 1) + j + 1]) {
				rc = push_line(it, &cap, '-', &la[i++]);
			} else {
				rc = push_line(it, &cap, '+', &lb[j++]);
			}
		}
	}
	while (rc == 0 && i < na)
		rc = push_line(it, &cap, '-', &la[i++]);
	while (rc == 0 && j < nb)
		rc = push_line(it, &cap, '+', &lb[j++]);
	free(t);
	free(la);
	free(lb);
	return rc;
nomem:
	free(la);
	free(lb);
	return SAKRA_ENOMEM;
}

/* "1.10" after "1.9": dotted numbers compare part by part. */
static int cmp_number(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			char *ea, *eb;
			unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);

			if (x != y)
				return x < y ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return (*a != 0) - (*b != 0);
}

/* Units pair across the two plans by group and key. */
static int cmp_key(const struct unit *a, const struct unit *b)
{
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	return strcmp(a->key, b->key);
}

static int cmp_unit(const void *x, const void *y)
{
	const struct unit *a = x, *b = y;
	int c;

	if ((c = cmp_key(a, b)) != 0)
		return c;
	/* The same key twice (a repeated number): file and line order. */
	if ((c = strcmp(a->path, b->path)) != 0)
		return c;
	return (a->line > b->line) - (a->line < b->line);
}

/* Output order: groups; sections in the framework's outline, then the
 * plan's own numbered sections; everything else by path. */
static int cmp_item(const void *x, const void *y)
{
	const struct sakra_diff_item *a = x, *b = y;

	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->group == SAKRA_DIFF_SECTION) {
		if (a->section && b->section && a->section != b->section)
			return a->section->index < b->section->index ? -1 : 1;
		if (!a->section != !b->section)
			return a->section ? -1 : 1;
		return cmp_number(a->key, b->key);
	}
	return strcmp(a->key, b->key);
}

/* Repeated keys (a number used twice) get "#2", "#3" so that each unit
 * still pairs with one on the other side. */
static int dedupe(struct side *s)
{
	for (size_t i = 1; i < s->n; i++) {
		size_t k = 1;

		while (i < s->n && s->u[i].group == s->u[i - k].group &&
		       strcmp(s->u[i].key, s->u[i - k].key) == 0) {
			struct sakra_buf b = SAKRA_BUF_INIT;

			if (sakra_buf_printf(&b, "%s#%zu", s->u[i].key, k + 1) < 0)
				return SAKRA_ENOMEM;
			free(s->u[i].key);
			s->u[i].key = sakra_buf_detach(&b);
			k++;
			i++;
		}
	}
	return 0;
}

/* "certificate expires 2026-01-01 → 2027-01-01" when the date changed (what:
 * a format with the two dates). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static int date_detail(struct sakra_buf *o, const char *what, const struct sakra_date_value *a,
		       const struct sakra_date_value *b)
{
	char x[11] = "", y[11] = "";

	if (a->valid)
		sakra_date_format(&a->date, x);
	if (b->valid)
		sakra_date_format(&b->date, y);
	if (!strcmp(x, y))
		return 0;
	return sakra_buf_puts(o, o->len ? "; " : "") |
	       sakra_buf_printf(o, what, *x ? x : _("none"), *y ? y : _("none"));
}
#pragma GCC diagnostic pop

/* What a supervisor looks for in a changed register entry: its class,
 * its certificate's expiry and the last check of the register. */
static int system_detail(struct sakra_buf *o, const struct sakra_system *a,
			 const struct sakra_system *b)
{
	const char *x = a->class_id ? a->class_id : _("none");
	const char *y = b->class_id ? b->class_id : _("none");
	int rc = 0;

	if (strcmp(x, y))
		rc |= sakra_buf_printf(o, _("%sclass %s → %s"), o->len ? "; " : "", x, y);
	rc |= date_detail(o, _("certificate expires %s → %s"), &a->certificate_expires,
			  &b->certificate_expires);
	rc |= date_detail(o, _("register checked %s → %s"), &a->register_checked,
			  &b->register_checked);
	return rc;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int add_item(struct sakra_diff *d, size_t *cap, enum sakra_change change,
		    const struct unit *a, const struct unit *b)
{
	const struct unit *u = b ? b : a;
	struct sakra_diff_item *it;
	struct sakra_buf detail = SAKRA_BUF_INIT;
	int rc = 0;

	if (d->n == *cap) {
		void *p = realloc(d->items, (*cap = *cap ? *cap * 2 : 32) * sizeof(*d->items));

		if (!p)
			return SAKRA_ENOMEM;
		d->items = p;
	}
	it = &d->items[d->n];
	memset(it, 0, sizeof(*it));
	it->group = u->group;
	it->change = change;
	it->section = u->section;
	it->line = u->line;
	if (u->text && ((rc = count_lines(a, b, &it->added, &it->removed)) < 0 ||
			(rc = diff_lines(it, a, b)) < 0)) {
		for (size_t k = 0; k < it->nlines; k++)
			free(it->lines[k].text);
		free(it->lines);
		return rc;
	}
	if (a && b && a->group != SAKRA_DIFF_FILE) {
		const char *x = a->classification, *y = b->classification;

		if ((x || y) && (!x || !y || strcmp(x, y)))
			rc |= sakra_buf_printf(&detail, _("classification %s → %s"), x ? x : _("none"),
					       y ? y : _("none"));
	}
	if (a && b && a->system && b->system)
		rc |= system_detail(&detail, a->system, b->system);
	if (a && b && u->group == SAKRA_DIFF_SECTION && strcmp(a->path, b->path))
		it->moved_from = strdup(a->path);
	it->detail = detail.len ? sakra_buf_detach(&detail) : NULL;
	sakra_buf_free(&detail);
	it->key = strdup(u->key);
	it->number = dup_or_null(u->number);
	it->title = dup_or_null(u->title);
	it->path = strdup(u->path);
	d->n++;
	if (rc || !it->key || !it->path || (u->number && !it->number) ||
	    (u->title && !it->title))
		return SAKRA_ENOMEM;
	return 0;
}

static int same(const struct unit *a, const struct unit *b)
{
	if (a->group == SAKRA_DIFF_FILE)
		return strcmp(a->id, b->id) == 0;
	return a->len == b->len && memcmp(a->text, b->text, a->len) == 0 &&
	       (a->group != SAKRA_DIFF_SECTION || strcmp(a->path, b->path) == 0);
}

int sakra_diff_plans(struct sakra_diff **out, const struct sakra_plan *a,
		     const struct sakra_plan *b, struct sakra_error *err)
{
	struct side sa, sb;
	struct sakra_diff *d = calloc(1, sizeof(*d));
	size_t i = 0, j = 0, cap = 0;
	int rc = 0;

	*out = NULL;
	memset(&sa, 0, sizeof(sa));
	memset(&sb, 0, sizeof(sb));
	sa.plan = a;
	sb.plan = b;
	if (!d)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	if ((rc = collect(&sa, b->tree, err)) < 0 || (rc = collect(&sb, a->tree, err)) < 0)
		goto out;
	/* the paths left out of the comparison, from both sides, once each */
	for (size_t k = 0; k < a->tree->n + b->tree->n; k++) {
		const struct sakra_tree *t = k < a->tree->n ? a->tree : b->tree;
		const struct sakra_tree *o = t == a->tree ? b->tree : a->tree;
		const struct sakra_file *f = &t->files[k < a->tree->n ? k : k - a->tree->n];
		char **p;

		if (!withheld(f, o) || (t == b->tree && sakra_tree_find(o, f->path)))
			continue;
		if (!(p = realloc(d->withheld, (d->nwithheld + 1) * sizeof(*p))))
			goto nomem;
		d->withheld = p;
		if (!(p[d->nwithheld] = strdup(f->path)))
			goto nomem;
		d->nwithheld++;
	}
	if (d->nwithheld)
		qsort(d->withheld, d->nwithheld, sizeof(*d->withheld), cmp_path);
	if (sa.n)
		qsort(sa.u, sa.n, sizeof(*sa.u), cmp_unit);
	if (sb.n)
		qsort(sb.u, sb.n, sizeof(*sb.u), cmp_unit);
	if (dedupe(&sa) < 0 || dedupe(&sb) < 0)
		goto nomem;
	/* "6.1#2" may sort after "6.1 A": order again by the unique keys. */
	if (sa.n)
		qsort(sa.u, sa.n, sizeof(*sa.u), cmp_unit);
	if (sb.n)
		qsort(sb.u, sb.n, sizeof(*sb.u), cmp_unit);
	while (i < sa.n || j < sb.n) {
		int c = i == sa.n ? 1 : j == sb.n ? -1 : cmp_key(&sa.u[i], &sb.u[j]);

		if (c < 0)
			rc = add_item(d, &cap, SAKRA_REMOVED, &sa.u[i++], NULL);
		else if (c > 0)
			rc = add_item(d, &cap, SAKRA_ADDED, NULL, &sb.u[j++]);
		else {
			if (!same(&sa.u[i], &sb.u[j]))
				rc = add_item(d, &cap, SAKRA_CHANGED, &sa.u[i], &sb.u[j]);
			i++;
			j++;
		}
		if (rc < 0)
			goto nomem;
	}
	if (d->n)
		qsort(d->items, d->n, sizeof(*d->items), cmp_item);
	goto out;
nomem:
	rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
out:
	side_free(&sa);
	side_free(&sb);
	if (rc < 0) {
		sakra_diff_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

void sakra_diff_free(struct sakra_diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		struct sakra_diff_item *it = &d->items[i];

		free(it->key);
		free(it->number);
		free(it->title);
		free(it->path);
		free(it->moved_from);
		free(it->detail);
		for (size_t k = 0; k < it->nlines; k++)
			free(it->lines[k].text);
		free(it->lines);
	}
	free(d->items);
	for (size_t i = 0; i < d->nwithheld; i++)
		free(d->withheld[i]);
	free(d->withheld);
	free(d);
}
