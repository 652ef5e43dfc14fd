/* site: document pages, rendered on every core from the documents the
 * check judged. */
#include "site.h"

/* --- document pages on every core ------------------------------------------------ */

#define PAGE_THREADS_MAX 8
#define PAGES_THREADED_FROM 64   /* pages: below, one thread is quicker */
#define PAGE_WINDOW 64           /* pages rendered ahead of the one being written */

/* A document page rendered by a worker, for the caller to write. */
struct rendered {
	char *path;
	struct sakra_buf page;
	struct sakra_diags diags;
	struct sakra_error err;
	int rc;
	int done;
};

struct page_pipe {
	struct site *s;
	struct rendered slot[PAGE_WINDOW];   /* page i in slot i % PAGE_WINDOW */
	size_t next;                 /* the next page to render */
	size_t written;              /* pages the caller is done with */
	int stop;                    /* the caller failed: take no more pages */
	size_t share;                /* template steps one worker may take */
	pthread_mutex_t mu;
	pthread_cond_t cond;
};

struct page_worker {
	struct page_pipe *p;
	size_t used;                 /* template steps taken */
};

static int capture(void *ctx, const char *path, const void *data, size_t len,
		   struct sakra_error *err)
{
	struct rendered *r = ctx;

	free(r->path);
	sakra_buf_clear(&r->page);
	if (!(r->path = strdup(path)) || sakra_buf_put(&r->page, data, len) < 0)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	return 0;
}

/* Renders pages into their slots, at most PAGE_WINDOW ahead of the one
 * being written: a copy of the site whose writer, findings, error and
 * template budget are the worker's own; everything else it only reads. */
static void *render_pages(void *arg)
{
	struct page_worker *wk = arg;
	struct page_pipe *p = wk->p;
	struct site ws = *p->s;
	struct sakra_site_stats stats;

	ws.budget.steps = p->share;
	ws.stats = &stats;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct sakra_site_writer cw;
		struct rendered *r;
		size_t i;

		while (!p->stop && p->next < p->s->npages && p->next >= p->written + PAGE_WINDOW)
			pthread_cond_wait(&p->cond, &p->mu);
		if (p->stop || p->next >= p->s->npages)
			break;
		i = p->next++;
		pthread_mutex_unlock(&p->mu);
		r = &p->slot[i % PAGE_WINDOW];
		cw.write = capture;
		cw.copy = NULL;
		cw.ctx = r;
		ws.w = &cw;
		ws.err = &r->err;
		ws.diags = &r->diags;
		sakra_error_clear(&r->err);
		if ((r->rc = site_document_page(&ws, &p->s->pages[i])) < 0 && !r->err.code)
			r->err.code = r->rc;
		pthread_mutex_lock(&p->mu);
		r->done = 1;
		pthread_cond_broadcast(&p->cond);
	}
	pthread_mutex_unlock(&p->mu);
	wk->used = p->share - ws.budget.steps;
	return NULL;
}

/* Every document's page. On two cores or more, a thread per core renders
 * the pages while the caller writes them, in the pages' order: the site,
 * its findings and the first error are those of one thread (the template
 * budget is shared out between the threads). */
int site_document_pages(struct site *s)
{
	size_t nth = sakra_threads(PAGE_THREADS_MAX), started = 0;
	struct page_worker wk[PAGE_THREADS_MAX];
	pthread_t th[PAGE_THREADS_MAX];
	struct page_pipe *p;
	int rc = 0;

	if (nth < 2 || s->npages < PAGES_THREADED_FROM) {
		for (size_t i = 0; i < s->npages && rc == 0; i++)
			rc = site_document_page(s, &s->pages[i]);
		return rc;
	}
	/* the printed pages' names, in the pages' order, before any worker
	 * looks one up */
	for (size_t i = 0; i < s->npages; i++) {
		const char *lb = sakra_doc_meta(s->pages[i].pd->doc, "legal_basis");
		char name[16];

		site_print_page(s, s->pages[i].level, lb ? lb : "", name);
	}
	if (!(p = calloc(1, sizeof(*p))))
		return NOMEM(s);
	p->s = s;
	p->share = s->budget.steps / nth;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cond, NULL);
	for (size_t k = 0; k < nth; k++) {
		wk[k].p = p;
		wk[k].used = 0;
		if (pthread_create(&th[started], NULL, render_pages, &wk[k]) == 0)
			started++;
	}
	if (!started) {
		rc = NOMEM(s);
		p->stop = 1;
	}
	for (size_t i = 0; i < s->npages && rc == 0; i++) {
		struct rendered *r = &p->slot[i % PAGE_WINDOW];

		pthread_mutex_lock(&p->mu);
		while (!r->done)
			pthread_cond_wait(&p->cond, &p->mu);
		pthread_mutex_unlock(&p->mu);
		sakra_diags_append(s->diags, &r->diags);
		if (r->rc < 0) {
			*s->err = r->err;
			rc = r->rc;
		} else if ((rc = s->w->write(s->w->ctx, r->path, r->page.ptr ? r->page.ptr : "",
					     r->page.len, s->err)) == 0) {
			s->stats->pages++;
		}
		free(r->path);
		sakra_buf_free(&r->page);
		sakra_diags_free(&r->diags);
		pthread_mutex_lock(&p->mu);
		memset(r, 0, sizeof(*r));
		p->written = i + 1;
		p->stop = rc < 0;
		pthread_cond_broadcast(&p->cond);
		pthread_mutex_unlock(&p->mu);
	}
	for (size_t k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	for (size_t k = 0; k < nth; k++)
		s->budget.steps -= wk[k].used < s->budget.steps ? wk[k].used : s->budget.steps;
	/* what workers rendered past a failure */
	for (size_t k = 0; k < PAGE_WINDOW; k++) {
		free(p->slot[k].path);
		sakra_buf_free(&p->slot[k].page);
		sakra_diags_free(&p->slot[k].diags);
	}
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->mu);
	free(p);
	return rc;
}

static const char *yaml_text(const struct sakra_yaml *map, const char *key)
{
	return sakra_yaml_str(sakra_yaml_get(map, key));
}

static void date_text(struct sakra_tdata *d, struct sakra_tv *map, const char *key,
		      const struct sakra_date_value *v)
{
	char s[11] = "";

	if (v->valid)
		sakra_date_format(&v->date, s);
	sakra_tv_text(d, map, key, v->valid ? s : v->node ? sakra_yaml_str(v->node) : "");
}

static void add_system(const struct site *s, struct sakra_tdata *d, struct sakra_tv *list,
		       const struct sakra_system *sys)
{
	struct sakra_tv *it = sakra_tv_item(d, list);
	long left = 0;

	sakra_tv_text(d, it, "name", sys->name);
	site_add_link(s, d, it, sys->doc->path);
	sakra_tv_text(d, it, "class", sys->class_id);
	sakra_tv_text(d, it, "version", yaml_text(sys->block, "version"));
	sakra_tv_text(d, it, "vendor", yaml_text(sys->block, "vendor"));
	date_text(d, it, "certificate_expires", &sys->certificate_expires);
	date_text(d, it, "register_checked", &sys->register_checked);
	if (sys->certificate_expires.valid)
		left = sakra_date_days(&sys->certificate_expires.date) - sakra_date_days(&s->o->today);
	if (sys->certificate_expires.valid)
		sakra_tv_textf(d, it, "days_left", "%ld", left);
	else
		sakra_tv_text(d, it, "days_left", "");
	sakra_tv_flag(d, it, "expired", sys->certificate_expires.valid && left < 0);
	sakra_tv_flag(d, it, "expiring", sys->certificate_expires.valid && left >= 0 && left <= 90);
}

/* The data of a generated page showing documents of the given kinds: it
 * carries their highest marking and its legal bases, and is never marked
 * below the framework's floor (kinds 0: the floor, or the lowest level).
 * NULL, with the error set, when memory ran out. */
static struct sakra_tdata *generated_data(struct site *s, unsigned kinds, const char *path,
					  const char *title, struct sakra_tv **root)
{
	struct sakra_tdata *d = sakra_tdata_new();
	struct sakra_buf lb = SAKRA_BUF_INIT;
	const char *floor = s->plan->fw ? s->plan->fw->floor : NULL;
	int least = floor ? sakra_config_fw_level(s->cfg, s->plan->fw, floor) : -1;
	int level = kinds ? site_max_level(s, kinds) : -1;

	if (least < 0 && s->cfg->nlevels)
		least = 0;
	if (level < least)
		level = least;

	if (!d || (kinds && site_legal_bases(s, level, kinds, &lb) < 0)) {
		sakra_tdata_free(d);
		sakra_buf_free(&lb);
		NOMEM(s);
		return NULL;
	}
	*root = site_page_data(s, d, path, title, level, sakra_buf_cstr(&lb));
	sakra_buf_free(&lb);
	return d;
}

static void add_today(const struct site *s, struct sakra_tdata *d, struct sakra_tv *root)
{
	char today[11];

	sakra_date_format(&s->o->today, today);
	sakra_tv_text(d, root, "today", today);
}

/* The information register: a table of the published assets, one column
 * per field the framework requires. */
static void add_assets(const struct site *s, struct sakra_tdata *d, struct sakra_tv *root)
{
	const struct sakra_plan *p = s->plan;
	const struct sakra_fw_assets *fa = p->fw ? &p->fw->assets : NULL;
	struct sakra_tv *cols, *rows;
	const char *name_label;

	sakra_tv_flag(d, root, "has_assets", fa && fa->key);
	if (!fa || !fa->key)
		return;
	sakra_tv_text(d, root, "assets_title", sakra_i18n_get(&fa->title, s->lang));
	/* the first column: the label of the `name` field, else the title */
	name_label = sakra_i18n_get(&fa->title, s->lang);
	cols = sakra_tv_list(d, root, "asset_columns");
	for (size_t k = 0; k < fa->nfields; k++) {
		if (!fa->fields[k].required)
			continue;
		if (!strcmp(fa->fields[k].id, "name"))
			name_label = sakra_i18n_get(&fa->fields[k].label, s->lang);
		else
			sakra_tv_text(d, sakra_tv_item(d, cols), "label",
				      sakra_i18n_get(&fa->fields[k].label, s->lang));
	}
	sakra_tv_text(d, root, "asset_name", name_label);
	rows = sakra_tv_list(d, root, "assets");
	for (size_t i = 0; i < p->nassets; i++) {
		const struct sakra_asset *a = &p->assets[i];
		struct sakra_tv *it, *cells;

		if (!site_find_page(s, a->doc->path))
			continue;
		it = sakra_tv_item(d, rows);
		sakra_tv_text(d, it, "name", a->name);
		site_add_link(s, d, it, a->doc->path);
		cells = sakra_tv_list(d, it, "cells");
		for (size_t k = 0; k < fa->nfields; k++) {
			const struct sakra_yaml *v = sakra_yaml_get(a->block, fa->fields[k].id);
			struct sakra_buf b = SAKRA_BUF_INIT;

			if (!fa->fields[k].required || !strcmp(fa->fields[k].id, "name"))
				continue;
			for (size_t j = 0; v && j < sakra_yaml_count(v); j++) {
				const char *t = sakra_yaml_str(sakra_yaml_item(v, j));

				if (t && (sakra_buf_puts(&b, j ? ", " : "") < 0 || sakra_buf_puts(&b, t) < 0))
					break;
			}
			sakra_tv_text(d, sakra_tv_item(d, cells), "text", sakra_buf_cstr(&b));
			sakra_buf_free(&b);
		}
	}
}

int site_register_page(struct site *s)
{
	const struct sakra_plan *p = s->plan;
	struct sakra_tv *root, *classes, *other;
	struct sakra_tdata *d = generated_data(s, 1u << SAKRA_KIND_SYSTEM, "register.html",
					       site_word(s, "register"), &root);
	int rc;

	if (!d)
		return SAKRA_ENOMEM;
	add_today(s, d, root);
	sakra_tv_textf(d, root, "systems_withheld", "%zu", s->held[SAKRA_KIND_SYSTEM]);
	sakra_tv_flag(d, root, "has_systems_withheld", s->held[SAKRA_KIND_SYSTEM] > 0);
	classes = sakra_tv_list(d, root, "classes");
	for (size_t c = 0; p->fw && c < p->fw->nclasses; c++) {
		const struct sakra_fw_class *cls = &p->fw->classes[c];
		struct sakra_tv *it = sakra_tv_item(d, classes), *systems;

		sakra_tv_text(d, it, "id", cls->id);
		sakra_tv_text(d, it, "title", sakra_i18n_get(&cls->title, s->lang));
		sakra_tv_flag(d, it, "certificate", cls->certificate);
		sakra_tv_flag(d, it, "register_check", cls->register_check);
		/* The register's name is the framework's (Valvira's for THL). */
		sakra_tv_text(d, it, "register_check_title",
			      sakra_i18n_get(&p->fw->register_check_title, s->lang));
		systems = sakra_tv_list(d, it, "systems");
		for (size_t i = 0; i < p->nsystems; i++)
			if (p->systems[i].cls == cls && site_find_page(s, p->systems[i].doc->path))
				add_system(s, d, systems, &p->systems[i]);
	}
	other = sakra_tv_list(d, root, "unclassified");
	for (size_t i = 0; i < p->nsystems; i++)
		if (!p->systems[i].cls && site_find_page(s, p->systems[i].doc->path))
			add_system(s, d, other, &p->systems[i]);
	add_assets(s, d, root);
	rc = site_emit_page(s, d, "register.html", "register.html");
	sakra_tdata_free(d);
	return rc;
}

static void add_evidence(const struct site *s, struct sakra_tdata *d, struct sakra_tv *list,
			 const struct sakra_evidence *e)
{
	struct sakra_tv *it = sakra_tv_item(d, list), *att, *cov;

	sakra_tv_text(d, it, "title", sakra_doc_meta(e->doc, "title") ?
		      sakra_doc_meta(e->doc, "title") : e->doc->path);
	sakra_tv_text(d, it, "type", e->type);
	site_add_link(s, d, it, e->doc->path);
	date_text(d, it, "date", &e->date);
	cov = sakra_tv_list(d, it, "covers");
	for (size_t k = 0; e->covers && k < sakra_yaml_count(e->covers); k++) {
		const char *c = sakra_yaml_str(sakra_yaml_item(e->covers, k));

		if (c)
			sakra_tv_item_text(d, cov, c);
	}
	att = sakra_tv_list(d, it, "attachments");
	for (size_t k = 0; k < e->nattachments; k++) {
		struct sakra_tv *a;

		if (!e->attachments[k].path || !site_published(s, e->attachments[k].path))
			continue;
		a = sakra_tv_item(d, att);
		sakra_tv_text(d, a, "name", strrchr(e->attachments[k].path, '/') ?
			      strrchr(e->attachments[k].path, '/') + 1 : e->attachments[k].path);
		site_add_link(s, d, a, e->attachments[k].path);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int site_evidence_page(struct site *s)
{
	const struct sakra_plan *p = s->plan;
	const struct sakra_evidence **byd = p->nevidence ? sakra_evidence_by_date(p) : NULL;
	const char **types = p->nevidence ? calloc(p->nevidence, sizeof(*types)) : NULL;
	struct sakra_tv *root, *groups;
	struct sakra_tdata *d = generated_data(s, 1u << SAKRA_KIND_EVIDENCE, "evidence.html",
					       site_word(s, "evidence"), &root);
	size_t ntypes = 0;
	int rc;

	if (!d || (p->nevidence && (!byd || !types))) {
		rc = NOMEM(s);
		goto out;
	}
	for (size_t i = 0; i < p->nevidence; i++) {
		const char *t = p->evidence[i].type ? p->evidence[i].type : "";
		size_t k;

		if (!site_find_page(s, p->evidence[i].doc->path))
			continue;
		for (k = 0; k < ntypes && !sakra_framework_same_type(p->fw, types[k], t); k++)
			;
		if (k == ntypes)
			types[ntypes++] = t;
	}
	if (ntypes)
		qsort(types, ntypes, sizeof(*types), cmp_str);
	groups = sakra_tv_list(d, root, "types");
	for (size_t k = 0; k < ntypes; k++) {
		struct sakra_tv *g = sakra_tv_item(d, groups), *records;
		const char *title = NULL;

		for (size_t o = 0; o < s->cfg->nobligations; o++)
			if (sakra_framework_same_type(p->fw, s->cfg->obligations[o].id, types[k]))
				title = s->cfg->obligations[o].title;
		if (!title)
			title = sakra_framework_type_title(p->fw, types[k], s->lang);
		sakra_tv_text(d, g, "type", types[k]);
		sakra_tv_text(d, g, "title", title ? title : types[k]);
		records = sakra_tv_list(d, g, "records");
		for (size_t i = 0; i < p->nevidence; i++) {
			const struct sakra_evidence *e = byd[i];

			if (sakra_framework_same_type(p->fw, e->type ? e->type : "", types[k]) &&
			    site_find_page(s, e->doc->path))
				add_evidence(s, d, records, e);
		}
	}
	rc = site_emit_page(s, d, "evidence.html", "evidence.html");
out:
	free(byd);
	free(types);
	sakra_tdata_free(d);
	return rc;
}

int site_matrix_page(struct site *s)
{
	struct sakra_tv *root, *reqs;
	struct sakra_tdata *d = generated_data(s, KINDS_ALL, "matrix.html", site_word(s, "matrix"),
					       &root);
	int rc;

	if (!d)
		return SAKRA_ENOMEM;
	add_today(s, d, root);
	reqs = sakra_tv_list(d, root, "requirements");
	for (size_t i = 0; s->matrix && i < s->matrix->n; i++) {
		const struct sakra_requirement *r = &s->matrix->reqs[i];
		const struct page *pg = r->where->doc ? site_find_page(s, r->where->doc->path) : NULL;
		struct sakra_tv *it = sakra_tv_item(d, reqs), *list;
		struct sakra_buf clauses = SAKRA_BUF_INIT;
		size_t depth = 0;

		for (const char *c = r->section->number; *c; c++)
			depth += *c == '.';
		sakra_tv_text(d, it, "number", r->section->number);
		sakra_tv_text(d, it, "title", sakra_i18n_get(&r->section->title, s->lang));
		sakra_tv_textf(d, it, "depth", "%zu", depth);
		for (size_t c = 0; c < r->section->nclauses; c++)
			if ((c && sakra_buf_puts(&clauses, ", ") < 0) ||
			    sakra_buf_puts(&clauses, r->section->clauses[c]) < 0)
				break;
		sakra_tv_text(d, it, "clauses", sakra_buf_cstr(&clauses));
		sakra_buf_free(&clauses);
		sakra_tv_flag(d, it, "required", r->required);
		sakra_tv_flag(d, it, "missing", !r->where->doc && r->required && !site_held_documents(s));
		sakra_tv_flag(d, it, "not_applicable", r->not_applicable && pg);
		sakra_tv_flag(d, it, "withheld", r->where->doc ? !pg : site_held_documents(s));
		if (pg) {
			site_href_value(d, it, "href", pg->href, site_heading_id(pg, r->where->h));
			sakra_tv_textf(d, it, "place", "%s:%zu", r->where->doc->path, r->where->line);
		} else {
			sakra_tv_text(d, it, "href", "");
			sakra_tv_text(d, it, "place", "");
		}
		list = sakra_tv_list(d, it, "systems");
		for (size_t k = 0; k < r->nsystems; k++) {
			struct sakra_tv *sy;

			if (!site_find_page(s, r->systems[k]->doc->path))
				continue;
			sy = sakra_tv_item(d, list);
			sakra_tv_text(d, sy, "name", r->systems[k]->name);
			site_add_link(s, d, sy, r->systems[k]->doc->path);
		}
		list = sakra_tv_list(d, it, "evidence");
		for (size_t k = 0; k < r->nevidence; k++)
			if (site_find_page(s, r->evidence[k]->doc->path))
				add_evidence(s, d, list, r->evidence[k]);
		if (r->newest && site_find_page(s, r->newest->doc->path))
			date_text(d, it, "newest", &r->newest->date);
		else
			sakra_tv_text(d, it, "newest", "");
		/* the newer evidence may be in a file the edition leaves out */
		sakra_tv_text(d, it, "overdue", r->overdue && !s->held[SAKRA_KIND_EVIDENCE]
				? r->overdue->ob->id : "");
		sakra_tv_flag(d, it, "evidence_withheld",
			      r->overdue && s->held[SAKRA_KIND_EVIDENCE]);
	}
	rc = site_emit_page(s, d, "matrix.html", "matrix.html");
	sakra_tdata_free(d);
	return rc;
}

int site_versions_page(struct site *s)
{
	const struct sakra_versions *vs = s->o->versions;
	struct sakra_tv *root, *list;
	/* Names and dates of approvals, no document: the lowest marking. */
	struct sakra_tdata *d = generated_data(s, 0, "versions.html", site_word(s, "versions"), &root);
	int rc;

	if (!d)
		return SAKRA_ENOMEM;
	list = sakra_tv_list(d, root, "versions");
	for (size_t i = vs ? vs->n : 0; i-- > 0;) {
		const struct sakra_version *v = &vs->v[i];
		struct sakra_tv *it, *sigs;

		/* without a repository (a bundle), the versions given are the history */
		if (v->error || (s->o->repo && (!s->o->history_commit ||
		    !sakra_repo_contains(s->o->repo, s->o->history_commit, v->commit))))
			continue;
		it = sakra_tv_item(d, list);
		sakra_tv_textf(d, it, "number", "%ld", v->number);
		sakra_tv_textf(d, it, "commit", "%.12s", v->commit);
		sakra_tv_flag(d, it, "approved", v->approved);
		sakra_tv_flag(d, it, "current", s->o->version == v);
		sakra_tv_text(d, it, "missing", v->approved ? "" : v->missing);
		sigs = sakra_tv_list(d, it, "signatures");
		for (size_t k = 0; k < v->nsigs; k++) {
			const struct sakra_signature *sig = &v->sigs[k];
			struct sakra_tv *a;

			if (sig->broken)
				continue;
			a = sakra_tv_item(d, sigs);
			sakra_tv_text(d, a, "name", sig->claim.approver);
			sakra_tv_text(d, a, "role", sakra_version_role_title(v, sig->claim.role));
			sakra_tv_text(d, a, "date", sig->claim.date);
			sakra_tv_text(d, a, "decision", sig->claim.decision);
			sakra_tv_flag(d, a, "counts", sig->counts);
		}
	}
	rc = site_emit_page(s, d, "versions.html", "versions.html");
	sakra_tdata_free(d);
	return rc;
}

int site_appendices_page(struct site *s)
{
	struct sakra_tv *root, *list;
	struct sakra_tdata *d = generated_data(s, 1u << SAKRA_KIND_APPENDIX, "appendices.html",
					       site_word(s, "appendices"), &root);
	int rc;

	if (!d)
		return SAKRA_ENOMEM;
	list = sakra_tv_list(d, root, "appendices");
	for (size_t k = 0; k < s->nappendices; k++) {
		const struct page *pg = s->appendices[k];
		struct sakra_tv *it = sakra_tv_item(d, list);

		sakra_tv_text(d, it, "title", site_doc_title(pg->pd));
		site_href_value(d, it, "href", pg->href, NULL);
		sakra_tv_text(d, it, "marking", site_level_label(s, pg->level));
	}
	rc = site_emit_page(s, d, "appendices.html", "appendices.html");
	sakra_tdata_free(d);
	return rc;
}

int site_index_page(struct site *s)
{
	struct sakra_tv *root;
	/* The highest marking of anything in the site. */
	struct sakra_tdata *d = generated_data(s, KINDS_ALL, "index.html",
					       s->cfg->org_name ? s->cfg->org_name : "", &root);
	int rc;

	if (!d)
		return SAKRA_ENOMEM;
	sakra_tv_textf(d, root, "documents", "%zu", s->npages);
	sakra_tv_textf(d, root, "withheld", "%zu", s->stats->withheld);
	sakra_tv_flag(d, root, "has_withheld", s->stats->withheld > 0);
	add_today(s, d, root);
	rc = site_emit_page(s, d, "index.html", "index.html");
	sakra_tdata_free(d);
	return rc;
}
