/* plan: loading sakra.yml, the framework and the documents of a file set. */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "sakra/plan.h"
#include "sakra/words.h"
#include "sakra/records.h"
#include "sakra/stream.h"
#include "sakra/text.h"

static const struct { const char *prefix; enum sakra_doc_kind kind; } folders[] = {
	{ "plan/", SAKRA_KIND_PLAN },
	{ "appendices/", SAKRA_KIND_APPENDIX },
	{ "systems/", SAKRA_KIND_SYSTEM },
	{ "evidence/", SAKRA_KIND_EVIDENCE },
};

int sakra_plan_kind(const char *path)
{
	for (size_t i = 0; i < sizeof(folders) / sizeof(folders[0]); i++)
		if (strncmp(path, folders[i].prefix, strlen(folders[i].prefix)) == 0)
			return (int)folders[i].kind;
	return -1;
}

int sakra_is_marker(const char *path, size_t size)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return size == 0 && (strcmp(base, ".gitkeep") == 0 || strcmp(base, ".keep") == 0);
}

int sakra_edition_includes(const struct sakra_config *cfg, const struct sakra_edition *ed,
			   const char *path, const char *classification, size_t size)
{
	int level;

	if (sakra_plan_kind(path) < 0 || sakra_is_marker(path, size))
		return 1;
	if (!classification || (level = sakra_config_level(cfg, classification)) < 0)
		return 0;
	return !ed || ed->max_level < 0 || level <= ed->max_level;
}

int sakra_plan_edition_tree(const struct sakra_plan *plan, const struct sakra_edition *ed,
			    struct sakra_tree **out, size_t *withheld, struct sakra_error *err)
{
	const struct sakra_tree *full = plan->tree;
	struct sakra_tree *t = calloc(1, sizeof(*t));

	*out = NULL;
	*withheld = 0;
	if (!t || (full->n && !(t->files = calloc(full->n, sizeof(*t->files))))) {
		free(t);
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	}
	t->repo = full->repo;
	t->from_rev = full->from_rev;
	t->in_memory = full->in_memory;
	t->borrowed = 1;
	memcpy(t->commit, full->commit, sizeof(t->commit));
	memcpy(t->tree_id, full->tree_id, sizeof(t->tree_id));
	t->commit_date = full->commit_date;
	t->commit_time = full->commit_time;
	for (size_t i = 0; i < full->n; i++) {
		const struct sakra_file *f = &full->files[i];
		struct sakra_file *c = &t->files[t->n];
		const char *m = sakra_plan_marking(plan, f->path);

		*c = *f;
		c->marking = NULL;
		c->withheld = f->withheld ||
			      !sakra_edition_includes(plan->config, ed, f->path, m, f->size);
		*withheld += c->withheld && !f->withheld;
		if (!(c->path = strdup(f->path)) || !(c->marking = strdup(m ? m : ""))) {
			free(c->path);
			sakra_tree_free(t);
			return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
		}
		t->n++;
	}
	t->cap = t->n;
	*out = t;
	return 0;
}

static int is_markdown(const char *path)
{
	size_t n = strlen(path);

	return n > 3 && strcmp(path + n - 3, ".md") == 0;
}

void sakra_plan_free(struct sakra_plan *plan)
{
	if (!plan)
		return;
	sakra_records_free(plan);
	free(plan->where);
	for (size_t i = 0; i < plan->ndocs; i++)
		sakra_doc_free(plan->docs[i].doc);
	free(plan->docs);
	sakra_config_free(plan->config);
	sakra_framework_free(plan->fw);
	free(plan);
}

/* The repository's requirements.yml adds to the framework; when it cannot
 * be read, the built-in framework alone is checked and the finding says
 * where requirements.yml is wrong. */
static int add_requirements(struct sakra_plan *plan, struct sakra_diags *diags,
			    struct sakra_error *err)
{
	const struct sakra_file *f = sakra_tree_find(plan->tree, SAKRA_REQUIREMENTS_FILE);
	struct sakra_buf text = SAKRA_BUF_INIT;
	struct sakra_error ferr;
	int rc;

	if (!f)
		return 0;
	sakra_error_clear(&ferr);
	if ((rc = sakra_tree_read(plan->tree, f, &text, SAKRA_DOC_MAX_FILE, &ferr)) == 0)
		rc = sakra_framework_add(plan->fw, text.ptr, text.len, &ferr);
	sakra_buf_free(&text);
	if (rc == SAKRA_ENOMEM) {
		if (err)
			*err = ferr;
		return rc;
	}
	if (rc < 0) {
		sakra_diags_add(diags, SAKRA_ERROR, "requirements", SAKRA_REQUIREMENTS_FILE,
				ferr.line, ferr.column, "%s; only the built-in requirements of %s "
				"are checked until it is fixed", ferr.message, plan->fw->id);
		sakra_framework_free(plan->fw);
		plan->fw = NULL;
		sakra_error_clear(&ferr);
		if ((rc = sakra_framework_load(&plan->fw, plan->config->framework_id, &ferr)) < 0) {
			if (err)
				*err = ferr;
			return rc;
		}
	}
	return 0;
}

static struct sakra_framework *memo_framework(struct sakra_doc_memo *m, const char *id,
					      const struct sakra_file *req);
static struct sakra_config *memo_config(struct sakra_doc_memo *m, const unsigned char *oid,
					struct sakra_diags *diags);
static void memo_config_put(struct sakra_doc_memo *m, const unsigned char *oid,
			    struct sakra_config *cfg, const struct sakra_diags *diags, size_t from);
static void memo_framework_put(struct sakra_doc_memo *m, struct sakra_framework *fw,
			       const struct sakra_file *req);

/* The plan's framework with the repository's requirements.yml: with a
 * memo, one parse for every plan of the run that has the same framework
 * and the same requirements.yml blob (when that blob adds cleanly). */
static int load_framework(struct sakra_plan *plan, struct sakra_doc_memo *memo,
			  struct sakra_diags *diags, struct sakra_error *err)
{
	const struct sakra_file *req = sakra_tree_find(plan->tree, SAKRA_REQUIREMENTS_FILE);
	struct sakra_error ferr;
	size_t found = diags->n;
	int rc;

	if (!plan->tree->from_rev || plan->tree->in_memory || (req && req->data))
		memo = NULL;   /* a work tree's files have no blob id to know them by */
	if (memo && (plan->fw = memo_framework(memo, plan->config->framework_id, req)))
		return 0;
	sakra_error_clear(&ferr);
	rc = sakra_framework_load(&plan->fw, plan->config->framework_id, &ferr);
	if (rc == SAKRA_ENOTFOUND) {
		sakra_diags_add(diags, SAKRA_ERROR, "config.framework", SAKRA_CONFIG_FILE,
				plan->config->framework_line, 1,
				"%s; 'sakra frameworks' lists the built-in ones", ferr.message);
		return 0;
	}
	if (rc < 0) {
		if (err)
			*err = ferr;
		return rc;
	}
	if ((rc = add_requirements(plan, diags, err)) < 0)
		return rc;
	if (memo && diags->n == found)
		memo_framework_put(memo, plan->fw, req);
	return 0;
}

static int load_config(struct sakra_plan *plan, struct sakra_doc_memo *memo,
		       struct sakra_diags *diags, struct sakra_error *err)
{
	const struct sakra_file *f = sakra_tree_find(plan->tree, SAKRA_CONFIG_FILE);
	struct sakra_buf text = SAKRA_BUF_INIT;
	struct sakra_error ferr;
	size_t found;
	int rc = 0;

	if (!f)
		return sakra_error_set(err, SAKRA_ENOTFOUND, SAKRA_CONFIG_FILE, 0, 0,
				       "no sakra.yml here: not a plan repository (create one "
				       "with 'sakra init', or use -C DIR)");
	if (!plan->tree->from_rev || plan->tree->in_memory || f->data)
		memo = NULL;   /* a work tree's files have no blob id to know them by */
	if (memo && (plan->config = memo_config(memo, f->oid, diags)))
		goto framework;
	found = diags->n;
	sakra_error_clear(&ferr);
	if ((rc = sakra_tree_read(plan->tree, f, &text, 1024 * 1024, &ferr)) < 0) {
		if (rc == SAKRA_ELIMIT || rc == SAKRA_EINVAL) {
			sakra_diags_add(diags, SAKRA_ERROR, "config.yaml", SAKRA_CONFIG_FILE, 1, 1,
					"%s", ferr.message);
			return 0;
		}
		if (err)
			*err = ferr;
		return rc;
	}
	rc = sakra_config_parse(&plan->config, text.ptr, text.len, diags, err);
	sakra_buf_free(&text);
	if (rc == 0 && memo && plan->config)
		memo_config_put(memo, f->oid, plan->config, diags, found);
framework:
	if (rc < 0 || !plan->config || !plan->config->framework_id)
		return rc;
	if ((rc = load_framework(plan, memo, diags, err)) < 0 || !plan->fw)
		return rc;
	sakra_config_check_framework(plan->config, plan->fw, diags);
	return 0;
}

/* --- documents shared between the plans of one run ----------------------------- */

struct memo_entry {
	unsigned char oid[20];
	char *path;
	struct sakra_doc *doc;      /* one reference held here */
	struct sakra_diags found;   /* what parsing it found */
};

struct memo_framework {
	struct sakra_framework *fw;       /* one hold here */
	int has_req;                      /* with requirements.yml, blob req */
	unsigned char req[20];
};

struct memo_config {
	unsigned char oid[20];            /* of sakra.yml */
	struct sakra_config *cfg;         /* one hold here */
	struct sakra_diags found;         /* what parsing it found */
};

struct sakra_doc_memo {
	pthread_mutex_t mu;
	struct memo_entry *v;       /* open addressing; path NULL: empty */
	size_t cap, n;
	struct memo_framework fws[4];     /* the frameworks a run met, first four */
	size_t nfws;
	struct memo_config cfgs[16];      /* the sakra.yml blobs a run met, first sixteen */
	size_t ncfgs;
};

struct sakra_doc_memo *sakra_doc_memo_new(void)
{
	struct sakra_doc_memo *m = calloc(1, sizeof(*m));

	if (m)
		pthread_mutex_init(&m->mu, NULL);
	return m;
}

void sakra_doc_memo_free(struct sakra_doc_memo *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->v[i].path)
			continue;
		free(m->v[i].path);
		sakra_doc_free(m->v[i].doc);
		sakra_diags_free(&m->v[i].found);
	}
	free(m->v);
	for (size_t i = 0; i < m->nfws; i++)
		sakra_framework_free(m->fws[i].fw);
	for (size_t i = 0; i < m->ncfgs; i++) {
		sakra_config_free(m->cfgs[i].cfg);
		sakra_diags_free(&m->cfgs[i].found);
	}
	pthread_mutex_destroy(&m->mu);
	free(m);
}

/* A hold on the memo's framework id with requirements.yml req (or none). */
static struct sakra_framework *memo_framework(struct sakra_doc_memo *m, const char *id,
					      const struct sakra_file *req)
{
	struct sakra_framework *fw = NULL;

	pthread_mutex_lock(&m->mu);
	for (size_t i = 0; i < m->nfws && !fw; i++)
		if (sakra_framework_is(m->fws[i].fw, id) && m->fws[i].has_req == (req != NULL) &&
		    (!req || !memcmp(m->fws[i].req, req->oid, 20)))
			fw = sakra_framework_ref(m->fws[i].fw);
	pthread_mutex_unlock(&m->mu);
	return fw;
}

/* A hold on the memo's configuration parsed from sakra.yml blob oid, its
 * findings added to diags; NULL. */
static struct sakra_config *memo_config(struct sakra_doc_memo *m, const unsigned char *oid,
					struct sakra_diags *diags)
{
	struct sakra_config *cfg = NULL;

	pthread_mutex_lock(&m->mu);
	for (size_t i = 0; i < m->ncfgs && !cfg; i++)
		if (!memcmp(m->cfgs[i].oid, oid, 20)) {
			cfg = sakra_config_ref(m->cfgs[i].cfg);
			sakra_diags_append(diags, &m->cfgs[i].found);
		}
	pthread_mutex_unlock(&m->mu);
	return cfg;
}

static void memo_config_put(struct sakra_doc_memo *m, const unsigned char *oid,
			    struct sakra_config *cfg, const struct sakra_diags *diags, size_t from)
{
	pthread_mutex_lock(&m->mu);
	if (m->ncfgs < sizeof(m->cfgs) / sizeof(m->cfgs[0])) {
		struct memo_config *e = &m->cfgs[m->ncfgs++];
		struct sakra_diags part = { diags->v + from, diags->n - from, 0, 0 };

		memcpy(e->oid, oid, 20);
		e->cfg = sakra_config_ref(cfg);
		memset(&e->found, 0, sizeof(e->found));
		sakra_diags_append(&e->found, &part);
	}
	pthread_mutex_unlock(&m->mu);
}

static void memo_framework_put(struct sakra_doc_memo *m, struct sakra_framework *fw,
			       const struct sakra_file *req)
{
	pthread_mutex_lock(&m->mu);
	if (m->nfws < sizeof(m->fws) / sizeof(m->fws[0])) {
		struct memo_framework *e = &m->fws[m->nfws++];

		e->fw = sakra_framework_ref(fw);
		e->has_req = req != NULL;
		if (req)
			memcpy(e->req, req->oid, 20);
	}
	pthread_mutex_unlock(&m->mu);
}

static size_t memo_slot(const struct sakra_doc_memo *m, const unsigned char *oid, const char *path)
{
	size_t h = 1469598103934665603ULL, i;

	for (size_t k = 0; k < 20; k++)
		h = (h ^ oid[k]) * 1099511628211ULL;
	for (const char *p = path; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (i = h & (m->cap - 1); m->v[i].path; i = (i + 1) & (m->cap - 1))
		if (!memcmp(m->v[i].oid, oid, 20) && !strcmp(m->v[i].path, path))
			break;
	return i;
}

/* The memo's document for f, shared (its findings added to diags); NULL. */
static struct sakra_doc *memo_get(struct sakra_doc_memo *m, const struct sakra_file *f,
				  struct sakra_diags *diags)
{
	struct sakra_doc *doc = NULL;
	size_t i;

	pthread_mutex_lock(&m->mu);
	if (m->cap && m->v[i = memo_slot(m, f->oid, f->path)].path) {
		doc = m->v[i].doc;
		__atomic_add_fetch(&doc->refs, 1, __ATOMIC_ACQ_REL);
		sakra_diags_append(diags, &m->v[i].found);
	}
	pthread_mutex_unlock(&m->mu);
	return doc;
}

static void memo_put(struct sakra_doc_memo *m, const struct sakra_file *f, struct sakra_doc *doc,
		     const struct sakra_diags *found)
{
	struct memo_entry *e;
	size_t i;

	pthread_mutex_lock(&m->mu);
	if ((m->n + 1) * 2 > m->cap) {   /* grow: every entry to its new slot */
		struct sakra_doc_memo g = { .cap = m->cap ? m->cap * 2 : 256 };

		if (!(g.v = calloc(g.cap, sizeof(*g.v))))
			goto out;
		for (size_t k = 0; k < m->cap; k++)
			if (m->v[k].path)
				g.v[memo_slot(&g, m->v[k].oid, m->v[k].path)] = m->v[k];
		free(m->v);
		m->v = g.v;
		m->cap = g.cap;
	}
	e = &m->v[i = memo_slot(m, f->oid, f->path)];
	if (e->path || !(e->path = strdup(f->path)))
		goto out;
	memcpy(e->oid, f->oid, 20);
	e->doc = doc;
	__atomic_add_fetch(&doc->refs, 1, __ATOMIC_ACQ_REL);
	memset(&e->found, 0, sizeof(e->found));
	sakra_diags_append(&e->found, found);
	m->n++;
out:
	pthread_mutex_unlock(&m->mu);
}

/* Reads and parses one document; reads hold read_lock when given (libgit2
 * objects are used by one thread at a time). With a memo, a blob parsed
 * before at the same path is shared. */
static int load_doc(struct sakra_plan *plan, struct sakra_plan_doc *pd,
		    struct sakra_diags *diags, struct sakra_error *err, pthread_mutex_t *read_lock,
		    struct sakra_doc_memo *memo)
{
	struct sakra_buf text = SAKRA_BUF_INIT;
	struct sakra_diags found = SAKRA_DIAGS_INIT;
	struct sakra_error ferr;
	int rc;

	if (memo && plan->tree->from_rev && !plan->tree->in_memory && !pd->file->data) {
		if ((pd->doc = memo_get(memo, pd->file, diags)))
			return 0;
	} else {
		memo = NULL;
	}
	sakra_error_clear(&ferr);
	if (read_lock)
		pthread_mutex_lock(read_lock);
	rc = sakra_tree_read(plan->tree, pd->file, &text, SAKRA_DOC_MAX_FILE, &ferr);
	if (read_lock)
		pthread_mutex_unlock(read_lock);
	if (rc == SAKRA_ELIMIT || rc == SAKRA_EINVAL) {
		sakra_diags_add(diags, SAKRA_ERROR,
				rc == SAKRA_ELIMIT ? "doc.size" : "file.symlink",
				pd->file->path, 0, 0, "%s", ferr.message);
		return 0;
	}
	if (rc < 0) {
		if (err)
			*err = ferr;
		return rc;
	}
	rc = sakra_doc_parse(&pd->doc, pd->file->path, text.ptr, text.len, memo ? &found : diags,
			     err);
	sakra_buf_free(&text);
	if (memo) {
		if (rc == 0 && pd->doc && !found.oom)
			memo_put(memo, pd->file, pd->doc, &found);
		sakra_diags_append(diags, &found);
		sakra_diags_free(&found);
	}
	return rc;
}

static int locate_sections(struct sakra_plan *plan)
{
	const struct sakra_framework *fw = plan->fw;

	if (!(plan->where = calloc(fw->nsections, sizeof(*plan->where))))
		return SAKRA_ENOMEM;
	for (size_t i = 0; i < plan->ndocs; i++) {
		const struct sakra_plan_doc *pd = &plan->docs[i];
		const struct sakra_doc *doc = pd->doc;
		const struct sakra_yaml *decl;

		if (!doc || (pd->kind != SAKRA_KIND_PLAN && pd->kind != SAKRA_KIND_APPENDIX))
			continue;
		decl = sakra_yaml_get(doc->front, "sections");
		for (size_t k = 0; k < sakra_yaml_count(decl); k++) {
			const struct sakra_yaml *item = sakra_yaml_item(decl, k);
			const struct sakra_fw_section *s = sakra_yaml_str(item) ?
				sakra_framework_section(fw, sakra_yaml_str(item)) : NULL;

			if (s && !plan->where[s->index].doc) {
				plan->where[s->index].doc = doc;
				plan->where[s->index].line = item->line;
			}
		}
		if (pd->kind != SAKRA_KIND_PLAN)
			continue;
		for (size_t k = 0; k < doc->nheadings; k++) {
			const struct sakra_heading *h = &doc->headings[k];
			const struct sakra_fw_section *s;
			struct sakra_section_loc *w;

			if (!h->number || !(s = sakra_framework_section(fw, h->number)))
				continue;
			w = &plan->where[s->index];
			if (!w->h) {
				w->doc = doc;
				w->h = h;
				w->line = h->line;
			}
		}
	}
	return 0;
}

int sakra_plan_reload_doc(struct sakra_plan *plan, const char *path, struct sakra_diags *diags,
			  struct sakra_error *err)
{
	struct sakra_plan_doc *pd = (struct sakra_plan_doc *)sakra_plan_find_doc(plan, path);
	int rc;

	if (!pd)
		return 1;
	sakra_doc_free(pd->doc);
	pd->doc = NULL;
	rc = load_doc(plan, pd, diags, err, NULL, NULL);
	sakra_doc_release();
	if (rc < 0)
		return rc;
	/* the index points into the documents: made again */
	sakra_records_free(plan);
	free(plan->where);
	plan->where = NULL;
	return sakra_plan_index(plan, err);
}

int sakra_plan_index(struct sakra_plan *plan, struct sakra_error *err)
{
	if (plan->fw && locate_sections(plan) < 0)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	return sakra_records_load(plan, err);
}

const struct sakra_plan_doc *sakra_plan_find_doc(const struct sakra_plan *plan,
						const char *path)
{
	size_t lo = 0, hi = plan->ndocs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(plan->docs[mid].file->path, path);

		if (c == 0)
			return &plan->docs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int sakra_plan_section_required(const struct sakra_plan *plan,
				const struct sakra_fw_section *s)
{
	if (!s->optional)
		return 1;
	for (size_t i = 0; i < plan->nsystems; i++) {
		const struct sakra_fw_class *c = plan->systems[i].cls;

		if (c && c->list_section && strcmp(c->list_section, s->number) == 0)
			return 1;
	}
	return 0;
}

/* --- parsing the documents on every core ------------------------------------
 *
 * Documents are independent: threads take the next one in turn, each with
 * its own findings, which are then joined in the documents' order, so the
 * result is the same as one thread's. */

#define LOAD_THREADS_MAX 8
#define LOAD_THREADED_FROM 64   /* documents: below, one thread is quicker */

struct loader {
	struct sakra_plan *plan;
	struct sakra_diags *found;   /* one list per document */
	pthread_mutex_t mu;
	pthread_mutex_t *read_lock;  /* blobs of a commit are read one at a time */
	struct sakra_doc_memo *memo;
	size_t failed_at;            /* the first document that failed, else ndocs */
	struct sakra_error err;
};

static void load_one_doc(void *arg, size_t i)
{
	struct loader *L = arg;
	struct sakra_error e;
	int rc;

	sakra_error_clear(&e);
	if ((rc = load_doc(L->plan, &L->plan->docs[i], &L->found[i], &e, L->read_lock,
			   L->memo)) < 0) {
		pthread_mutex_lock(&L->mu);
		if (i < L->failed_at) {
			L->failed_at = i;
			L->err = e;
			if (!L->err.code)
				L->err.code = rc;
		}
		pthread_mutex_unlock(&L->mu);
	}
}

static void load_end(void *arg)
{
	(void)arg;
	sakra_doc_release();
}

static int load_all(struct sakra_plan *plan, struct sakra_doc_memo *memo,
		    struct sakra_diags *diags, struct sakra_error *err)
{
	struct loader L;
	pthread_mutex_t read_lock;
	size_t want = sakra_threads(LOAD_THREADS_MAX);
	int rc = 0;

	if (plan->ndocs < LOAD_THREADED_FROM)
		want = 1;
	memset(&L, 0, sizeof(L));
	L.plan = plan;
	L.memo = memo;
	L.failed_at = plan->ndocs;
	if (plan->ndocs && !(L.found = calloc(plan->ndocs, sizeof(*L.found))))
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	pthread_mutex_init(&L.mu, NULL);
	pthread_mutex_init(&read_lock, NULL);
	if (plan->tree->from_rev && !plan->tree->in_memory)
		L.read_lock = &read_lock;
	sakra_parallel(plan->ndocs, want, load_one_doc, load_end, &L);
	pthread_mutex_destroy(&L.mu);
	pthread_mutex_destroy(&read_lock);
	/* the findings in the documents' order; the first failure, as one
	 * thread would have met it */
	for (size_t i = 0; i < plan->ndocs; i++) {
		sakra_diags_append(diags, &L.found[i]);
		sakra_diags_free(&L.found[i]);
	}
	free(L.found);
	if (L.failed_at < plan->ndocs) {
		if (err)
			*err = L.err;
		rc = L.err.code < 0 ? L.err.code : SAKRA_ENOMEM;
	}
	return rc;
}

int sakra_plan_load(struct sakra_plan **out, struct sakra_tree *tree,
		    struct sakra_diags *diags, struct sakra_error *err)
{
	return sakra_plan_load_memo(out, tree, NULL, diags, err);
}

int sakra_plan_load_memo(struct sakra_plan **out, struct sakra_tree *tree,
			 struct sakra_doc_memo *memo, struct sakra_diags *diags,
			 struct sakra_error *err)
{
	struct sakra_plan *plan = calloc(1, sizeof(*plan));
	size_t n = 0;
	int rc;

	*out = NULL;
	if (!plan)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	plan->tree = tree;
	if ((rc = load_config(plan, memo, diags, err)) < 0)
		goto fail;
	for (size_t i = 0; i < tree->n; i++)
		n += sakra_plan_kind(tree->files[i].path) >= 0 && is_markdown(tree->files[i].path);
	if (n && !(plan->docs = calloc(n, sizeof(*plan->docs)))) {
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < tree->n; i++) {
		const struct sakra_file *f = &tree->files[i];
		struct sakra_plan_doc *pd;
		size_t len = strlen(f->path);
		int kind = sakra_plan_kind(f->path);
		char *target;

		if (kind < 0 || !is_markdown(f->path) || f->withheld)
			continue;
		pd = &plan->docs[plan->ndocs++];
		pd->file = f;
		pd->kind = (enum sakra_doc_kind)kind;
		if ((target = strndup(f->path, len - 3)) == NULL) {
			rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
			goto fail;
		}
		pd->sidecar = sakra_tree_find(tree, target) != NULL;
		free(target);
	}
	if ((rc = load_all(plan, memo, diags, err)) < 0)
		goto fail;
	if (diags->oom) {
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
		goto fail;
	}
	if ((rc = sakra_plan_index(plan, err)) < 0)
		goto fail;
	*out = plan;
	return 0;
fail:
	sakra_plan_free(plan);
	return rc;
}

int sakra_plan_load_config(struct sakra_plan **out, struct sakra_tree *tree,
			   struct sakra_doc_memo *memo, struct sakra_diags *diags,
			   struct sakra_error *err)
{
	struct sakra_plan *plan = calloc(1, sizeof(*plan));
	int rc;

	*out = NULL;
	if (!plan)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	plan->tree = tree;
	if ((rc = load_config(plan, memo, diags, err)) < 0) {
		sakra_plan_free(plan);
		return rc;
	}
	*out = plan;
	return 0;
}

/* --- what a section says ---------------------------------------------------- */

/* 1 if s[0..n) holds a letter or digit outside [bracketed placeholders]
 * (a Markdown link's [text](url) is text). */
int sakra_says_something(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			i++;
			continue;
		}
		if (s[i] == '[') {
			size_t k = i + 1;

			while (k < n && s[k] != ']')
				k++;
			if (k < n && (k + 1 >= n || s[k + 1] != '(')) {
				i = k;
				continue;
			}
		}
		if (isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
			return 1;
	}
	return 0;
}

/* Whether t (n bytes) starts with label, case aside, then ':' (emphasis
 * around the label aside): 1 and the reason's place in *rest. */
static int labelled(const char *t, size_t n, const char *label, const char **rest)
{
	size_t ln = strlen(label);

	if (!ln || n <= ln || strncasecmp(t, label, ln) != 0)
		return 0;
	for (*rest = t + ln; *rest < t + n && strchr("*_ ", **rest); (*rest)++)
		;
	return *rest < t + n && **rest == ':';
}

int sakra_not_applicable_line(const char *t, size_t n)
{
	size_t nw;
	const struct sakra_words *w = sakra_words_all(&nw);

	/* a list item or emphasis around the answer */
	while (n && strchr("-*+_> ", *t)) {
		t++;
		n--;
	}
	/* the label of every language sakra has words in, and their other forms */
	for (size_t i = 0; i < nw; i++) {
		const char *rest = NULL;
		int hit = labelled(t, n, w[i].not_applicable, &rest);

		for (size_t k = 0; !hit && k < w[i].nnot_applicable_also; k++)
			hit = labelled(t, n, w[i].not_applicable_also[k], &rest);
		if (hit)
			return sakra_says_something(rest + 1, (size_t)(t + n - rest - 1)) ? 1 : -1;
	}
	return 0;
}

size_t sakra_doc_section_end(const struct sakra_plan *plan, const struct sakra_doc *doc,
			     size_t h, int *sub, size_t *own)
{
	const struct sakra_heading *head = &doc->headings[h];
	size_t nlen = head->number ? strlen(head->number) : 0;

	*sub = 0;
	if (own)
		*own = (size_t)-1;
	for (size_t i = h + 1; i < doc->nheadings; i++) {
		const struct sakra_heading *x = &doc->headings[i];

		if (x->level <= head->level) {
			if (own && !*sub)
				*own = x->line;
			return x->line;
		}
		/* a subsection the framework knows is judged on its own */
		if (!*sub && nlen && x->number && strncmp(x->number, head->number, nlen) == 0 &&
		    x->number[nlen] == '.' && plan->fw && sakra_framework_section(plan->fw, x->number)) {
			*sub = 1;
			if (own)
				*own = x->line;
		}
	}
	return (size_t)-1;
}

size_t sakra_plan_section_end(const struct sakra_plan *plan, size_t i, int *sub, size_t *own)
{
	const struct sakra_section_loc *w = &plan->where[i];

	*sub = 0;
	if (own)
		*own = (size_t)-1;
	if (!w->doc || !w->h)
		return (size_t)-1;
	return sakra_doc_section_end(plan, w->doc, (size_t)(w->h - w->doc->headings), sub, own);
}

size_t sakra_plan_not_applicable(const struct sakra_plan *plan, size_t i)
{
	const struct sakra_section_loc *w = &plan->where[i];
	const char *p;
	size_t line, to;
	int sub;

	if (!w->doc || !w->h || !w->doc->body)
		return 0;
	/* its own text only: a subsection's "Ej tillämpligt" is the subsection's */
	sakra_plan_section_end(plan, i, &sub, &to);
	p = w->doc->body;
	for (line = w->doc->body_line; *p; line++) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *t = p;

		if (line >= to)
			break;
		if (line > w->h->line) {
			while (n && isspace((unsigned char)*t)) {
				t++;
				n--;
			}
			while (n && isspace((unsigned char)t[n - 1]))
				n--;
			if (sakra_not_applicable_line(t, n) == 1)
				return line;
		}
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

const char *sakra_plan_language(const struct sakra_plan *plan)
{
	return plan->config && plan->config->language ? plan->config->language : "sv";
}

int sakra_plan_translated(const struct sakra_plan *plan)
{
	return plan->fw && strcmp(sakra_plan_language(plan), sakra_framework_official(plan->fw)) != 0;
}

int sakra_plan_text_is(const struct sakra_plan *plan, const struct sakra_i18n *t,
		       char *const *also, size_t nalso, const char *text)
{
	const char *official = plan->fw ? sakra_framework_official(plan->fw) : "sv";

	if (sakra_text_equal(text, sakra_i18n_get(t, sakra_plan_language(plan))) ||
	    sakra_text_equal(text, sakra_i18n_get(t, official)))
		return 1;
	for (size_t i = 0; i < nalso; i++)
		if (sakra_text_equal(text, also[i]))
			return 1;
	return 0;
}

int sakra_plan_field_is(const struct sakra_plan *plan, const struct sakra_fw_field *fd,
			const struct sakra_field *f)
{
	const char *official = plan->fw ? sakra_framework_official(plan->fw) : "sv";

	if (sakra_field_is(f, sakra_i18n_get(&fd->label, sakra_plan_language(plan))) ||
	    sakra_field_is(f, sakra_i18n_get(&fd->label, official)))
		return 1;
	for (size_t i = 0; i < fd->nalso; i++)
		if (sakra_field_is(f, fd->also[i]))
			return 1;
	return 0;
}

const char *sakra_plan_marking(const struct sakra_plan *plan, const char *path)
{
	const struct sakra_file *f = sakra_tree_find(plan->tree, path);
	const struct sakra_plan_doc *pd;
	const struct sakra_attachment_ref *ref;
	struct sakra_buf sidecar = SAKRA_BUF_INIT;

	/* An edition's view knows each file's marking in the whole plan. */
	if (f && f->marking)
		return f->marking[0] ? f->marking : NULL;
	pd = sakra_plan_find_doc(plan, path);
	/* A file's own front matter, else its sidecar's (NAME.EXT.md), else the
	 * evidence record's that lists it. */
	if (!pd && sakra_buf_printf(&sidecar, "%s.md", path) == 0)
		pd = sakra_plan_find_doc(plan, sidecar.ptr);
	sakra_buf_free(&sidecar);
	if (pd)
		return pd->doc ? sakra_doc_meta(pd->doc, "classification") : NULL;
	ref = sakra_records_attachment(plan, path);
	return ref && ref->record->doc ? sakra_doc_meta(ref->record->doc, "classification") : NULL;
}
