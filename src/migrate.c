/* migrate: a plan moved to a newer revision of its framework by the edits
 * the revisions' `changes:` describe, on the text of its files line by
 * line: a heading is found by its number, a field by any of its labels. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sakra/migrate.h"
#include "sakra/framework.h"
#include "sakra/config.h"
#include "sakra/repo.h"
#include "sakra/text.h"
#include "sakra/words.h"
#include "sakra/intl.h"

#define MAX_REVS 32

struct text {
	char *path;
	char **lines;
	size_t n, cap;
	int changed;
	struct sakra_buf before;
};

struct run {
	const struct sakra_plan *plan;
	const char *lang;
	struct text *files;          /* plan's .md files in path order, then sakra.yml */
	size_t nfiles;
	struct sakra_migration *m;
	int oom;
};

static int nomem(struct sakra_error *err)
{
	return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
/* One more thing to do by hand: fmt (a literal of this file) with a and b. */
static void by_hand(struct run *r, const char *fmt, const char *a, const char *b)
{
	char line[1024], **v;

	snprintf(line, sizeof(line), _(fmt), a, b ? b : "");
	if (!(v = realloc(r->m->by_hand, (r->m->nby_hand + 1) * sizeof(*v))) ||
	    !(v[r->m->nby_hand] = strdup(line))) {
		if (v)
			r->m->by_hand = v;
		r->oom = 1;
		return;
	}
	r->m->by_hand = v;
	r->m->nby_hand++;
}
#pragma GCC diagnostic pop

static int insert_line(struct run *r, struct text *t, size_t at, const char *line)
{
	char *copy = strdup(line);

	if (!copy || (t->n == t->cap &&
		      !(t->lines = realloc(t->lines, (t->cap = t->cap * 2 + 16) * sizeof(char *))))) {
		free(copy);
		r->oom = 1;
		return -1;
	}
	memmove(t->lines + at + 1, t->lines + at, (t->n - at) * sizeof(char *));
	t->lines[at] = copy;
	t->n++;
	t->changed = 1;
	return 0;
}

static char *remove_line(struct text *t, size_t at)
{
	char *line = t->lines[at];

	memmove(t->lines + at, t->lines + at + 1, (t->n - at - 1) * sizeof(char *));
	t->n--;
	t->changed = 1;
	return line;
}

static int split(struct text *t, const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (t->n == t->cap &&
		    !(t->lines = realloc(t->lines, (t->cap = t->cap * 2 + 16) * sizeof(char *))))
			return -1;
		if (!(t->lines[t->n] = strndup(p, n)))
			return -1;
		t->n++;
		p += n + (nl != NULL);
	}
	return 0;
}

/* A heading's level and number ("## 1.4 Title": 2, "1.4"), and where its
 * title begins; 0 when the line is not a numbered heading. */
static int heading(const char *line, char *number, size_t cap, const char **title)
{
	int level = 0;
	size_t n = 0;
	const char *p = line;

	while (*p == '#' && level < 7)
		p++, level++;
	if (level < 1 || level > 6 || (*p != ' ' && *p != '\t'))
		return 0;
	while (*p == ' ' || *p == '\t')
		p++;
	while ((isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1]))) &&
	       n + 1 < cap)
		number[n++] = *p++;
	number[n] = '\0';
	if (!n || !isdigit((unsigned char)number[0]))
		return 0;
	if (*p == '.')
		p++;
	if (*p && *p != ' ' && *p != '\t')
		return 0;
	while (*p == ' ' || *p == '\t')
		p++;
	if (title)
		*title = p;
	return level;
}

/* The file and line of the heading of section number, 0 if the plan has none. */
static int find_heading(const struct run *r, const char *number, size_t *fi, size_t *li)
{
	char num[64];

	for (size_t f = 0; f + 1 < r->nfiles; f++)
		for (size_t l = 0; l < r->files[f].n; l++)
			if (heading(r->files[f].lines[l], num, sizeof(num), NULL) &&
			    strcmp(num, number) == 0) {
				*fi = f;
				*li = l;
				return 1;
			}
	return 0;
}

/* The line after section number's text: the next numbered heading that is
 * not one of its subsections, else the end of its file. */
static size_t section_end(const struct text *t, size_t li, const char *number)
{
	char num[64];
	size_t len = strlen(number);

	for (size_t l = li + 1; l < t->n; l++)
		if (heading(t->lines[l], num, sizeof(num), NULL) &&
		    !(strncmp(num, number, len) == 0 && num[len] == '.'))
			return l;
	return t->n;
}

/* The same, but the end of the section's own text: before its first
 * subsection too. */
static size_t own_end(const struct text *t, size_t li)
{
	char num[64];

	for (size_t l = li + 1; l < t->n; l++)
		if (heading(t->lines[l], num, sizeof(num), NULL))
			return l;
	return t->n;
}

static int heading_level(const char *number)
{
	int level = 1;

	for (const char *p = number; *p; p++)
		level += *p == '.';
	return level > 6 ? 6 : level;
}

static void heading_text(char *out, size_t cap, const char *number, const char *title)
{
	int level = heading_level(number), o = 0;

	for (int i = 0; i < level && o + 1 < (int)cap; i++)
		out[o++] = '#';
	snprintf(out + o, cap - (size_t)o, " %s%s %s", number, strchr(number, '.') ? "" : ".",
		 title);
}

/* The label of a field line ("- **Mandat att rapportera**: ..."), into out;
 * 0 when the line is not one. */
static int field_label(const char *line, char *out, size_t cap)
{
	const char *p = line, *colon;
	size_t n;

	while (*p == ' ' || *p == '\t')
		p++;
	if ((*p == '-' || *p == '*' || *p == '+') && (p[1] == ' ' || p[1] == '\t'))
		p += 2;
	while (*p == ' ' || *p == '*')
		p++;
	if (!(colon = strchr(p, ':')))
		return 0;
	n = (size_t)(colon - p);
	while (n && (p[n - 1] == '*' || p[n - 1] == ' '))
		n--;
	if (!n || n >= cap)
		return 0;
	memcpy(out, p, n);
	out[n] = '\0';
	return 1;
}

static int is_field(const struct run *r, const struct sakra_fw_field *fd, const char *line)
{
	char label[512];
	char *paren;

	if (!field_label(line, label, sizeof(label)))
		return 0;
	if ((paren = strstr(label, " (")))
		*paren = '\0';     /* "Dataskyddsombud (DSO)" */
	return sakra_plan_text_is(r->plan, &fd->label, fd->also, fd->nalso, label);
}

/* Where a field goes in section number (heading at fi/li): after its last
 * field line, else after its heading and the blank line that follows. */
static size_t field_place(const struct text *t, size_t li)
{
	size_t end = own_end(t, li), at = li + 1;
	char label[512];

	for (size_t l = li + 1; l < end; l++)
		if (field_label(t->lines[l], label, sizeof(label)) &&
		    (t->lines[l][0] == '-' || t->lines[l][0] == '*'))
			at = l + 1;
	if (at == li + 1 && at < t->n && !t->lines[at][0])
		at++;
	return at;
}

static void renumber(struct run *r, const struct sakra_fw_change *c)
{
	size_t fi, li;
	const char *title;
	char num[64], line[1024];

	if (!find_heading(r, c->a, &fi, &li)) {
		by_hand(r, N_("section %s is not in the plan; write it as section %s"), c->a, c->b);
		return;
	}
	heading(r->files[fi].lines[li], num, sizeof(num), &title);
	heading_text(line, sizeof(line), c->b, title);
	free(r->files[fi].lines[li]);
	if (!(r->files[fi].lines[li] = strdup(line)))
		r->oom = 1;
	r->files[fi].changed = 1;
}

static void insert_section(struct run *r, const struct sakra_framework *fw,
			   const struct sakra_fw_change *c)
{
	const struct sakra_fw_section *s = sakra_framework_section(fw, c->a);
	size_t idx = (size_t)(s - fw->sections), fi, li;
	char line[1024];

	if (find_heading(r, c->a, &fi, &li))
		return;    /* the plan has it already */
	/* before the next section the plan has, else after the one before */
	for (size_t k = idx + 1; k < fw->nsections; k++)
		if (find_heading(r, fw->sections[k].number, &fi, &li))
			goto place;
	for (size_t k = idx; k-- > 0;)
		if (find_heading(r, fw->sections[k].number, &fi, &li)) {
			li = section_end(&r->files[fi], li, fw->sections[k].number);
			goto place;
		}
	by_hand(r, N_("the plan has no section near %s; add section %s"), c->a, c->a);
	return;
place:
	heading_text(line, sizeof(line), c->a, sakra_i18n_get(&s->title, r->lang));
	if (li > 0 && r->files[fi].lines[li - 1][0] && insert_line(r, &r->files[fi], li++, "") < 0)
		return;
	if (insert_line(r, &r->files[fi], li, line) < 0 ||
	    insert_line(r, &r->files[fi], li + 1, "") < 0 ||
	    insert_line(r, &r->files[fi], li + 2, sakra_words(r->lang)->section_placeholder) < 0)
		return;
	if (li + 3 < r->files[fi].n && r->files[fi].lines[li + 3][0])
		insert_line(r, &r->files[fi], li + 3, "");
}

/* The line of field fd in section number, 0 if none; *fi and *li say where. */
static int find_field(struct run *r, const struct sakra_fw_field *fd, const char *number,
		      size_t *fi, size_t *li)
{
	size_t hf, hl, end;

	if (!find_heading(r, number, &hf, &hl))
		return 0;
	end = own_end(&r->files[hf], hl);
	for (size_t l = hl + 1; l < end; l++)
		if (is_field(r, fd, r->files[hf].lines[l])) {
			*fi = hf;
			*li = l;
			return 1;
		}
	return 0;
}

static void move_field(struct run *r, const struct sakra_framework *fw,
		       const struct sakra_fw_change *c)
{
	const struct sakra_fw_field *fd = sakra_framework_field(fw, c->c, c->a);
	const char *label = sakra_i18n_get(&fd->label, r->lang);
	size_t ff, fl, tf, tl;
	char *line;

	if (find_field(r, fd, c->c, &ff, &fl))
		return;    /* already where it belongs */
	if (!find_heading(r, c->c, &tf, &tl)) {
		by_hand(r, N_("section %s is not in the plan, so '%s' cannot move to it"), c->c, label);
		return;
	}
	if (!find_field(r, fd, c->b, &ff, &fl)) {
		by_hand(r, N_("'%s' is not in the section it moves from; add it to section %s"),
			label, c->c);
		return;
	}
	line = remove_line(&r->files[ff], fl);
	if (!find_heading(r, c->c, &tf, &tl)) {
		free(line);
		return;
	}
	insert_line(r, &r->files[tf], field_place(&r->files[tf], tl), line);
	free(line);
}

static void insert_field(struct run *r, const struct sakra_framework *fw,
			 const struct sakra_fw_change *c)
{
	const struct sakra_fw_field *fd = sakra_framework_field(fw, c->b, c->a);
	const char *label = sakra_i18n_get(&fd->label, r->lang);
	size_t fi, li;
	char line[1024];

	if (find_field(r, fd, c->b, &fi, &li))
		return;
	if (!find_heading(r, c->b, &fi, &li)) {
		by_hand(r, N_("section %s is not in the plan; add it with '%s'"), c->b, label);
		return;
	}
	snprintf(line, sizeof(line), "- %s: %s", label, sakra_words(r->lang)->field_placeholder);
	insert_line(r, &r->files[fi], field_place(&r->files[fi], li), line);
}

/* sakra.yml's framework: line, pinned to the new revision (its comment kept). */
static void repin(struct run *r, const char *id, int to)
{
	struct text *t = &r->files[r->nfiles - 1];
	char line[512];

	for (size_t l = 0; l < t->n; l++) {
		const char *p = t->lines[l], *comment;

		if (strncmp(p, "framework:", 10) != 0)
			continue;
		comment = strchr(p, '#');
		snprintf(line, sizeof(line), "framework: %s@%d%s%s", id, to, comment ? " " : "",
			 comment ? comment : "");
		free(t->lines[l]);
		if (!(t->lines[l] = strdup(line)))
			r->oom = 1;
		t->changed = 1;
		return;
	}
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(((const struct text *)a)->path, ((const struct text *)b)->path);
}

static int read_files(struct run *r, struct sakra_error *err)
{
	const struct sakra_tree *tree = r->plan->tree;
	size_t n = 0;

	if (!(r->files = calloc(tree->n + 1, sizeof(*r->files))))
		return nomem(err);
	for (size_t i = 0; i <= tree->n; i++) {
		const struct sakra_file *f = i < tree->n ? &tree->files[i]
							 : sakra_tree_find(tree, SAKRA_CONFIG_FILE);
		size_t len = f ? strlen(f->path) : 0;
		struct text *t;
		int rc;

		if (!f || (i < tree->n && (strncmp(f->path, "plan/", 5) != 0 || len < 4 ||
					   strcmp(f->path + len - 3, ".md") != 0 || f->symlink)))
			continue;
		t = &r->files[n++];
		r->nfiles = n;
		if (!(t->path = strdup(f->path)))
			return nomem(err);
		if ((rc = sakra_tree_read(tree, f, &t->before, 16u << 20, err)) < 0)
			return rc;
		if (split(t, t->before.ptr ? t->before.ptr : "", t->before.len) < 0)
			return nomem(err);
	}
	if (n < 1 || strcmp(r->files[n - 1].path, SAKRA_CONFIG_FILE) != 0)
		return sakra_error_set(err, SAKRA_ENOTFOUND, SAKRA_CONFIG_FILE, 0, 0,
				       "no sakra.yml here");
	qsort(r->files, n - 1, sizeof(*r->files), cmp_path);
	return 0;
}

/* The changed files, their text before and after, into the migration. */
static int collect(struct run *r, struct sakra_error *err)
{
	for (size_t i = 0; i < r->nfiles; i++) {
		struct text *t = &r->files[i];
		struct sakra_migrate_file *f;
		int trailing = t->before.len && t->before.ptr[t->before.len - 1] == '\n';

		if (!t->changed)
			continue;
		if (!(f = realloc(r->m->files, (r->m->nfiles + 1) * sizeof(*f))))
			return nomem(err);
		r->m->files = f;
		f = &r->m->files[r->m->nfiles++];
		memset(f, 0, sizeof(*f));
		if (!(f->path = strdup(t->path)) ||
		    sakra_buf_put(&f->before, t->before.ptr ? t->before.ptr : "", t->before.len) < 0)
			return nomem(err);
		for (size_t l = 0; l < t->n; l++)
			if (sakra_buf_puts(&f->after, t->lines[l]) < 0 ||
			    ((l + 1 < t->n || trailing) && sakra_buf_putc(&f->after, '\n') < 0))
				return nomem(err);
		if (!f->after.ptr && sakra_buf_puts(&f->after, "") < 0)
			return nomem(err);
	}
	/* sakra.yml, read last, is listed in path order with the others */
	for (size_t i = r->m->nfiles; i > 1 &&
	     strcmp(r->m->files[i - 2].path, r->m->files[i - 1].path) > 0; i--) {
		struct sakra_migrate_file t = r->m->files[i - 1];

		r->m->files[i - 1] = r->m->files[i - 2];
		r->m->files[i - 2] = t;
	}
	return 0;
}

int sakra_migrate_plan(struct sakra_migration **out, const struct sakra_plan *plan, int to,
		       struct sakra_error *err)
{
	struct run r = { plan, sakra_plan_language(plan), NULL, 0, NULL, 0 };
	const struct sakra_framework *fw = plan->fw;
	int revs[MAX_REVS], rc = 0;
	size_t n;

	*out = NULL;
	if (!fw || !plan->config || !plan->config->framework_id)
		return sakra_error_set(err, SAKRA_EINVAL, SAKRA_CONFIG_FILE, 0, 0,
				       "sakra.yml or its framework cannot be read; 'sakra check' "
				       "says why");
	if (!strchr(plan->config->framework_id, '@'))
		return sakra_error_set(err, SAKRA_EINVAL, SAKRA_CONFIG_FILE,
				       plan->config->framework_line, 1,
				       "sakra.yml pins no revision of %s, so there is nothing to "
				       "migrate from: pin the one the plan was written for "
				       "(framework: %s@REV) and run migrate again", fw->id, fw->id);
	n = sakra_framework_revisions(fw->id, revs, MAX_REVS);
	if (!to)
		to = n ? revs[n - 1] : fw->revision;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = revs[i] == to;
	if (!rc) {
		char name[300];
		struct sakra_framework *none = NULL;

		snprintf(name, sizeof(name), "%s@%d", fw->id, to);
		return sakra_framework_load(&none, name, err);
	}
	if (to <= fw->revision)
		return sakra_error_set(err, SAKRA_EINVAL, SAKRA_CONFIG_FILE,
				       plan->config->framework_line, 1, "the plan is pinned to "
				       "%s@%d already; migrate moves a plan to a newer revision",
				       fw->id, fw->revision);
	if (!(r.m = calloc(1, sizeof(*r.m))) || !(r.m->framework = strdup(fw->id))) {
		free(r.m);
		return nomem(err);
	}
	r.m->from = fw->revision;
	r.m->to = to;
	if ((rc = read_files(&r, err)) < 0)
		goto out;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct sakra_framework *next = NULL;
		char name[300];

		if (revs[i] <= fw->revision || revs[i] > to)
			continue;
		snprintf(name, sizeof(name), "%s@%d", fw->id, revs[i]);
		if ((rc = sakra_framework_load(&next, name, err)) < 0)
			break;
		for (size_t k = 0; k < next->nchanges && !r.oom; k++) {
			const struct sakra_fw_change *c = &next->changes[k];

			switch (c->op) {
			case SAKRA_CHANGE_RENUMBER: renumber(&r, c); break;
			case SAKRA_CHANGE_SECTION: insert_section(&r, next, c); break;
			case SAKRA_CHANGE_MOVE_FIELD: move_field(&r, next, c); break;
			case SAKRA_CHANGE_FIELD: insert_field(&r, next, c); break;
			case SAKRA_CHANGE_WORDS: by_hand(&r, "%s%s",
								 sakra_i18n_get(&c->what, sakra_ui_lang()),
								 NULL); break;
			}
		}
		sakra_framework_free(next);
	}
	if (rc == 0)
		repin(&r, fw->id, to);
	if (rc == 0 && r.oom)
		rc = nomem(err);
	if (rc == 0)
		rc = collect(&r, err);
out:
	for (size_t i = 0; i < r.nfiles; i++) {
		for (size_t l = 0; l < r.files[i].n; l++)
			free(r.files[i].lines[l]);
		free(r.files[i].lines);
		free(r.files[i].path);
		sakra_buf_free(&r.files[i].before);
	}
	free(r.files);
	if (rc < 0) {
		sakra_migration_free(r.m);
		return rc;
	}
	*out = r.m;
	return 0;
}

void sakra_migration_free(struct sakra_migration *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nfiles; i++) {
		free(m->files[i].path);
		sakra_buf_free(&m->files[i].before);
		sakra_buf_free(&m->files[i].after);
	}
	free(m->files);
	for (size_t i = 0; i < m->nby_hand; i++)
		free(m->by_hand[i]);
	free(m->by_hand);
	free(m->framework);
	free(m);
}
