/* records: the register (systems/) and the evidence (evidence/) of a plan. */
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include "sakra/plan.h"
#include "sakra/records.h"
#include "sakra/date.h"
#include "sakra/text.h"
#include "sakra/buf.h"
#include "sakra/fs.h"
#include "sakra/words.h"

const char *const sakra_system_keys[] = { "name", "version", "vendor", "contact", "class",
					  "purpose", "certificate_expires", "register_checked",
					  "requirement_profiles", "wellbeing_app", NULL };
const char *const sakra_evidence_keys[] = { "type", "date", "covers", "attachments", NULL };

static void read_date(struct sakra_date_value *dv, const struct sakra_yaml *block,
		      const char *key)
{
	const char *s;

	memset(dv, 0, sizeof(*dv));
	dv->node = sakra_yaml_get(block, key);
	if (dv->node && (s = sakra_yaml_str(dv->node)))
		dv->valid = sakra_date_parse(s, &dv->date) == 0;
}

static void read_system(struct sakra_system *s, const struct sakra_plan_doc *pd,
			const struct sakra_framework *fw)
{
	const struct sakra_yaml *b;
	const char *name;

	s->doc = pd->doc;
	b = sakra_yaml_get(pd->doc->front, "system");
	s->block = b && b->type == SAKRA_YAML_MAP ? b : NULL;
	name = sakra_yaml_str(sakra_yaml_get(s->block, "name"));
	if (!name || !*name)
		name = sakra_doc_meta(pd->doc, "title");
	s->name = name && *name ? name : pd->doc->path;
	s->class_id = sakra_yaml_str(sakra_yaml_get(s->block, "class"));
	s->cls = s->class_id && fw ? sakra_framework_class(fw, s->class_id) : NULL;
	read_date(&s->certificate_expires, s->block, "certificate_expires");
	read_date(&s->register_checked, s->block, "register_checked");
	s->wellbeing_node = sakra_yaml_get(s->block, "wellbeing_app");
	if (s->wellbeing_node) {
		const char *w = sakra_yaml_str(s->wellbeing_node);

		s->wellbeing = w && (strcmp(w, "true") == 0 || strcmp(w, "yes") == 0) ? 1 :
			       w && (strcmp(w, "false") == 0 || strcmp(w, "no") == 0) ? 0 : -1;
	}
}

/* A register file is an information asset when it has the framework's
 * asset block and no system block. */
static int is_asset(const struct sakra_plan_doc *pd, const struct sakra_framework *fw)
{
	return fw && fw->assets.key && sakra_yaml_get(pd->doc->front, fw->assets.key) &&
	       !sakra_yaml_get(pd->doc->front, "system");
}

static void read_asset(struct sakra_asset *a, const struct sakra_plan_doc *pd,
		       const struct sakra_framework *fw)
{
	const struct sakra_yaml *b = sakra_yaml_get(pd->doc->front, fw->assets.key);
	const char *name;

	a->doc = pd->doc;
	a->block = b && b->type == SAKRA_YAML_MAP ? b : NULL;
	name = sakra_yaml_str(sakra_yaml_get(a->block, "name"));
	if (!name || !*name)
		name = sakra_doc_meta(pd->doc, "title");
	a->name = name && *name ? name : pd->doc->path;
}

const struct sakra_system *sakra_plan_find_system(const struct sakra_plan *plan,
						  const char *ref)
{
	size_t rlen = strlen(ref);

	for (size_t i = 0; i < plan->nsystems; i++) {
		const struct sakra_system *s = &plan->systems[i];
		const char *base = strrchr(s->doc->path, '/');
		size_t blen;

		base = base ? base + 1 : s->doc->path;
		blen = strlen(base);
		if ((blen == rlen + 3 && strncmp(base, ref, rlen) == 0 && !strcmp(base + rlen, ".md")) ||
		    sakra_text_equal(s->name, ref))
			return s;
	}
	return NULL;
}

static int read_evidence(struct sakra_evidence *e, const struct sakra_plan_doc *pd)
{
	const struct sakra_yaml *b, *att;
	size_t n;

	e->doc = pd->doc;
	b = sakra_yaml_get(pd->doc->front, "evidence");
	e->block = b && b->type == SAKRA_YAML_MAP ? b : NULL;
	e->type = sakra_yaml_str(sakra_yaml_get(e->block, "type"));
	read_date(&e->date, e->block, "date");
	e->covers = sakra_yaml_get(e->block, "covers");
	att = sakra_yaml_get(e->block, "attachments");
	if (!(n = sakra_yaml_count(att)))
		return 0;
	if (!(e->attachments = calloc(n, sizeof(*e->attachments))))
		return SAKRA_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct sakra_attachment *a = &e->attachments[e->nattachments++];
		struct sakra_buf full = SAKRA_BUF_INIT;
		const char *ref;
		int rc;

		a->node = sakra_yaml_item(att, i);
		if (!(ref = sakra_yaml_str(a->node)) || !*ref || ref[0] == '/')
			continue;
		if ((rc = sakra_path_resolve(pd->doc->path, ref, &full)) < 0)
			return rc;
		/* A path outside the repository, or the root itself, names nothing. */
		if (rc == 0 && full.len)
			a->path = sakra_buf_detach(&full);
		sakra_buf_free(&full);
	}
	return 0;
}

static int cmp_ref(const void *a, const void *b)
{
	return strcmp(((const struct sakra_attachment_ref *)a)->path,
		      ((const struct sakra_attachment_ref *)b)->path);
}

int sakra_records_load(struct sakra_plan *plan, struct sakra_error *err)
{
	size_t nsys = 0, nev = 0, natt = 0;

	for (size_t i = 0; i < plan->ndocs; i++) {
		const struct sakra_plan_doc *pd = &plan->docs[i];

		if (!pd->doc || !pd->doc->front || pd->sidecar)
			continue;
		nsys += pd->kind == SAKRA_KIND_SYSTEM;   /* an upper bound for assets too */
		nev += pd->kind == SAKRA_KIND_EVIDENCE;
	}
	if ((nsys && !(plan->systems = calloc(nsys, sizeof(*plan->systems)))) ||
	    (nsys && !(plan->assets = calloc(nsys, sizeof(*plan->assets)))) ||
	    (nev && !(plan->evidence = calloc(nev, sizeof(*plan->evidence)))))
		goto oom;
	for (size_t i = 0; i < plan->ndocs; i++) {
		const struct sakra_plan_doc *pd = &plan->docs[i];

		if (!pd->doc || !pd->doc->front || pd->sidecar)
			continue;
		if (pd->kind == SAKRA_KIND_SYSTEM && is_asset(pd, plan->fw))
			read_asset(&plan->assets[plan->nassets++], pd, plan->fw);
		else if (pd->kind == SAKRA_KIND_SYSTEM)
			read_system(&plan->systems[plan->nsystems++], pd, plan->fw);
		if (pd->kind != SAKRA_KIND_EVIDENCE)
			continue;
		if (read_evidence(&plan->evidence[plan->nevidence++], pd) < 0)
			goto oom;
		natt += plan->evidence[plan->nevidence - 1].nattachments;
	}
	if (natt && !(plan->attachment_index = calloc(natt, sizeof(*plan->attachment_index))))
		goto oom;
	for (size_t i = 0; i < plan->nevidence; i++)
		for (size_t k = 0; k < plan->evidence[i].nattachments; k++)
			if (plan->evidence[i].attachments[k].path) {
				struct sakra_attachment_ref *r =
					&plan->attachment_index[plan->nattachment_index++];

				r->path = plan->evidence[i].attachments[k].path;
				r->record = &plan->evidence[i];
			}
	if (plan->nattachment_index)
		qsort(plan->attachment_index, plan->nattachment_index,
		      sizeof(*plan->attachment_index), cmp_ref);
	return 0;
oom:
	return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
}

void sakra_records_free(struct sakra_plan *plan)
{
	for (size_t i = 0; i < plan->nevidence; i++) {
		for (size_t k = 0; k < plan->evidence[i].nattachments; k++)
			free(plan->evidence[i].attachments[k].path);
		free(plan->evidence[i].attachments);
	}
	free(plan->evidence);
	free(plan->systems);
	free(plan->assets);
	free(plan->attachment_index);
	plan->evidence = NULL;
	plan->systems = NULL;
	plan->assets = NULL;
	plan->attachment_index = NULL;
	plan->nevidence = plan->nsystems = plan->nassets = plan->nattachment_index = 0;
}

static const struct sakra_attachment_ref *find_ref(const struct sakra_plan *plan,
						   const char *path)
{
	struct sakra_attachment_ref key = { path, NULL };

	return plan->nattachment_index ?
	       bsearch(&key, plan->attachment_index, plan->nattachment_index,
		       sizeof(*plan->attachment_index), cmp_ref) : NULL;
}

int sakra_plan_is_attachment(const struct sakra_plan *plan, const char *path)
{
	return find_ref(plan, path) != NULL;
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
	ref = find_ref(plan, path);
	return ref && ref->record->doc ? sakra_doc_meta(ref->record->doc, "classification") : NULL;
}

int sakra_section_within(const char *number, const char *cover)
{
	size_t n = strlen(cover);

	return strncmp(number, cover, n) == 0 && (number[n] == '\0' || number[n] == '.');
}

int sakra_evidence_covers(const struct sakra_evidence *e, const char *number)
{
	for (size_t i = 0; i < sakra_yaml_count(e->covers); i++) {
		const char *c = sakra_yaml_str(sakra_yaml_item(e->covers, i));

		if (c && sakra_section_within(number, c))
			return 1;
	}
	return 0;
}

/* --- filing a new evidence record (sakra evidence add) -------------------------- */

/* A type becomes a file name: letters (any, as UTF-8), digits, '-' and '_'. */
int sakra_evidence_type_valid(const char *t)
{
	size_t len = strlen(t);

	if (!len || len > 64 || t[0] == '-' || !sakra_utf8_valid(t, len, NULL))
		return 0;
	for (const unsigned char *p = (const unsigned char *)t; *p; p++)
		if (*p < 0x80 && !(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9') && *p != '-' && *p != '_')
			return 0;
	return 1;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}


/* The legal basis other documents of the plan give at level, so a new
 * record at a level that needs one starts with the plan's own wording. */
static const char *legal_basis_for(const struct sakra_plan *plan, const char *level)
{
	for (size_t i = 0; i < plan->ndocs; i++) {
		const struct sakra_doc *d = plan->docs[i].doc;
		const char *cls = d ? sakra_doc_meta(d, "classification") : NULL;
		const char *lb = d ? sakra_doc_meta(d, "legal_basis") : NULL;

		if (cls && lb && *lb && strcmp(cls, level) == 0)
			return lb;
	}
	return NULL;
}

/* A new file's front matter up to its own block: the opening line, its
 * title, its marking and the legal basis the level asks for (the plan's,
 * else an empty one to fill in). */
static int front_head(struct sakra_buf *b, const struct sakra_config *cfg, const char *title,
		      int level, const char *legal_basis)
{
	int rc = 0;

	rc |= sakra_buf_puts(b, "---\ntitle: \"");
	rc |= sakra_buf_put_yaml(b, title);
	rc |= sakra_buf_printf(b, "\"\nclassification: %s\n", cfg->levels[level].id);
	if (legal_basis) {
		rc |= sakra_buf_puts(b, "legal_basis: \"");
		rc |= sakra_buf_put_yaml(b, legal_basis);
		rc |= sakra_buf_puts(b, "\"\n");
	} else if (cfg->levels[level].legal_basis) {
		rc |= sakra_buf_puts(b, "legal_basis: \"\"   # the provision that makes it secret\n");
	}
	return rc;
}

static int record_text(struct sakra_buf *b, const struct sakra_plan *plan,
		       const struct sakra_evidence_request *rq, const char *title, int level,
		       const char *legal_basis)
{
	const struct sakra_config *cfg = plan->config;
	/* in the plan's language, for the type: a training record asks for
	 * what a training record shows */
	const char *guidance = sakra_framework_evidence_guidance(plan->fw, rq->type,
								 sakra_plan_language(plan));
	char date[11];
	int rc = 0;

	sakra_date_format(&rq->date, date);
	rc |= front_head(b, cfg, title, level, legal_basis);
	rc |= sakra_buf_printf(b, "evidence:\n  type: \"%s\"\n  date: %s\n  covers: [",
			       rq->type, date);
	for (size_t i = 0; i < rq->ncovers; i++)
		rc |= sakra_buf_printf(b, "%s\"%s\"", i ? ", " : "", rq->covers[i]);
	rc |= sakra_buf_puts(b, "]\n");
	if (rq->nfiles) {
		rc |= sakra_buf_puts(b, "  attachments:\n");
		for (size_t i = 0; i < rq->nfiles; i++) {
			rc |= sakra_buf_puts(b, "    - \"");
			rc |= sakra_buf_put_yaml(b, base_name(rq->files[i]));
			rc |= sakra_buf_puts(b, "\"\n");
		}
	}
	rc |= sakra_buf_puts(b, "---\n\n# ");
	rc |= sakra_buf_put_markdown(b, title);
	rc |= sakra_buf_printf(b, "\n\n%s\n", guidance ? guidance :
			       "[Describe what was done, when and by whom, what it showed and what "
			       "action it led to.]");
	return rc ? SAKRA_ENOMEM : 0;
}

/* A record is marked as the parts of the plan it supports are (the
 * highest of them): training evidence for chapter 5 is as open as chapter
 * 5. Sections the plan does not have yet: the plan's highest level. */
/* The marking level of the document that holds section number; -1 when
 * the plan has no such section (or it is unmarked). */
static int section_level(const struct sakra_plan *plan, const char *number)
{
	const struct sakra_fw_section *sec = number ? sakra_framework_section(plan->fw, number)
						    : NULL;
	const struct sakra_doc *doc = sec ? plan->where[sec->index].doc : NULL;
	const char *m = doc ? sakra_plan_marking(plan, doc->path) : NULL;

	return m ? sakra_config_level(plan->config, m) : -1;
}

static int covered_level(const struct sakra_plan *plan, const struct sakra_evidence_request *rq)
{
	int top = (int)plan->config->nlevels - 1, level = -1;

	for (size_t i = 0; i < rq->ncovers; i++) {
		int l = section_level(plan, rq->covers[i]);

		if (l < 0)
			return top;
		if (l > level)
			level = l;
	}
	return level < 0 ? top : level;
}

/* The obligation a type not known means: one the framework calls so in
 * another language ("lokitarkastus"), else (by_spelling) the nearest id;
 * NULL if none is close. A type of the framework's own is never near. */
static const char *nearest_obligation(const struct sakra_plan *plan, const char *type,
				      int by_spelling)
{
	const struct sakra_config *cfg = plan->config;
	const char *ids[128];
	size_t n = 0;

	for (size_t i = 0; i < plan->fw->nevidence_types; i++)
		if (strcmp(plan->fw->evidence_types[i], type) == 0)
			return NULL;
	for (size_t i = 0; i < plan->fw->nobligations; i++)
		for (size_t k = 0; k < plan->fw->obligations[i].naliases; k++)
			if (sakra_text_equal(plan->fw->obligations[i].aliases[k], type))
				return plan->fw->obligations[i].id;
	if (!by_spelling)
		return NULL;   /* --covers given: a type of the user's own */
	for (size_t i = 0; i < cfg->nobligations && n < 128; i++)
		ids[n++] = cfg->obligations[i].id;
	for (size_t i = 0; i < plan->fw->nobligations && n < 128; i++)
		ids[n++] = plan->fw->obligations[i].id;
	return sakra_text_nearest(type, ids, n);
}

/* Everything a record needs, decided before anything is written. */
static int plan_request(const struct sakra_plan *plan, struct sakra_evidence_request *rq,
			const char **title_out, int *level, struct sakra_error *err)
{
	const struct sakra_config *cfg = plan->config;
	const struct sakra_obligation *ob = NULL;
	const struct sakra_fw_obligation *fob = NULL;
	const char *name, *near;

	for (size_t i = 0; i < cfg->nobligations; i++)
		if (strcmp(cfg->obligations[i].id, rq->type) == 0)
			ob = &cfg->obligations[i];
	for (size_t i = 0; i < plan->fw->nobligations; i++)
		if (strcmp(plan->fw->obligations[i].id, rq->type) == 0)
			fob = &plan->fw->obligations[i];
	if (!ob && !fob && (near = nearest_obligation(plan, rq->type, !rq->ncovers)) != NULL)
		/* a record of a mistyped or translated type counts for nothing */
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "'%s' is not an obligation "
				       "of sakra.yml; did you mean '%s'? (a record of type '%s' "
				       "would count for no obligation)", rq->type, near, rq->type);
	if (!rq->ncovers && (ob || fob)) {
		rq->covers = (const char **)(ob ? ob->covers : fob->covers);
		rq->ncovers = ob ? ob->ncovers : fob->ncovers;
	}
	if (!rq->ncovers)
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "'%s' is not an obligation "
				       "of sakra.yml; say which sections it supports with --covers",
				       rq->type);
	for (size_t i = 0; i < rq->ncovers; i++)
		if (!sakra_framework_section(plan->fw, rq->covers[i]))
			return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "--covers %s: framework "
					       "%s has no such section ('sakra frameworks show %s' "
					       "lists them)", rq->covers[i], plan->fw->id, plan->fw->id);
	if (rq->classification) {
		if ((*level = sakra_config_level(cfg, rq->classification)) < 0)
			return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "--classification %s "
					       "is not a level of sakra.yml", rq->classification);
	} else {
		*level = ob && ob->level >= 0 ? ob->level : covered_level(plan, rq);
	}
	name = sakra_framework_type_title(plan->fw, rq->type, sakra_plan_language(plan));
	*title_out = rq->title ? rq->title : ob && ob->title ? ob->title :
		     name && *name ? name : rq->type;
	return 0;
}

int sakra_evidence_add(const struct sakra_plan *plan, const char *root,
		       struct sakra_evidence_request *rq, struct sakra_buf *record,
		       const char **needs_basis, struct sakra_error *err)
{
	struct sakra_buf dir = SAKRA_BUF_INIT, text = SAKRA_BUF_INIT;
	struct sakra_buf title = SAKRA_BUF_INIT, dst = SAKRA_BUF_INIT;
	const char *title_base = NULL, *lb;
	size_t copied = 0;
	int level = 0, rc;
	char date[11];

	*needs_basis = NULL;
	if (!root || !root[0])
		return sakra_error_set(err, SAKRA_ENOTFOUND, NULL, 0, 0, "a bare repository has "
				       "no working tree to file evidence in");
	if (!plan->config || !plan->fw || !plan->config->nlevels)
		return sakra_error_set(err, SAKRA_EPARSE, NULL, 0, 0, "sakra.yml, its framework or "
				       "its classification levels cannot be read; 'sakra check' "
				       "says why");
	if ((rc = plan_request(plan, rq, &title_base, &level, err)) < 0)
		return rc;
	sakra_date_format(&rq->date, date);
	lb = legal_basis_for(plan, plan->config->levels[level].id);
	sakra_buf_clear(record);
	if (sakra_buf_printf(&title, "%s%s%s", title_base, rq->title ? "" : " ",
			     rq->title ? "" : date) < 0 ||
	    sakra_buf_printf(&dir, "%s/evidence/%04d", root, rq->date.year) < 0 ||
	    sakra_buf_printf(record, "%s/%s-%s.md", dir.ptr, rq->type, date) < 0 ||
	    record_text(&text, plan, rq, title.ptr, level, lb) < 0) {
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	/* Refuse before writing anything: the record, an attachment's place,
	 * an attachment that cannot be read, or two with the same name. */
	if (access(record->ptr, F_OK) == 0) {
		rc = sakra_error_set(err, SAKRA_EEXISTS, NULL, 0, 0, "%s already exists; edit it, "
				     "or give another --date", record->ptr);
		goto out;
	}
	for (size_t i = 0; i < rq->nfiles; i++) {
		const char *name = base_name(rq->files[i]);
		size_t nlen = strlen(name);
		struct stat st;

		sakra_buf_clear(&dst);
		if (!nlen || strpbrk(name, "\n\\") || name[0] == '.' ||
		    (nlen >= 3 && strcmp(name + nlen - 3, ".md") == 0))
			rc = sakra_error_set(err, SAKRA_EINVAL, rq->files[i], 0, 0, "an attachment "
					     "needs a plain file name (not hidden, no newline or "
					     "backslash, not .md)");
		else if (stat(rq->files[i], &st) < 0)
			rc = sakra_error_set(err, SAKRA_EIO, rq->files[i], 0, 0, "%s",
					     strerror(errno));
		else if (!S_ISREG(st.st_mode))
			rc = sakra_error_set(err, SAKRA_EINVAL, rq->files[i], 0, 0,
					     "not a regular file");
		for (size_t k = 0; rc == 0 && k < i; k++)
			if (strcmp(base_name(rq->files[k]), name) == 0)
				rc = sakra_error_set(err, SAKRA_EEXISTS, NULL, 0, 0, "two attachments "
						     "are named '%s'; rename one", name);
		if (rc == 0 && (sakra_buf_printf(&dst, "%s/%s", dir.ptr, name) < 0 ||
				access(dst.ptr, F_OK) == 0))
			rc = sakra_error_set(err, SAKRA_EEXISTS, NULL, 0, 0, "%s already exists; "
					     "refusing to overwrite it", dst.ptr);
		if (rc < 0)
			goto out;
	}
	if ((rc = sakra_mkdirs(dir.ptr, 0777, err)) < 0)
		goto out;
	for (; copied < rq->nfiles; copied++) {
		sakra_buf_clear(&dst);
		if (sakra_buf_printf(&dst, "%s/%s", dir.ptr, base_name(rq->files[copied])) < 0) {
			rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
			goto undo;
		}
		if ((rc = sakra_file_copy_atomic(rq->files[copied], dst.ptr, 0666, err)) < 0)
			goto undo;
	}
	if ((rc = sakra_file_write_atomic(record->ptr, text.ptr, text.len, 0666, 0, err)) < 0)
		goto undo;
	if (!lb && plan->config->levels[level].legal_basis)
		*needs_basis = plan->config->levels[level].id;
	goto out;
undo:
	/* Take back the attachments this run copied; nothing else was touched. */
	while (copied-- > 0) {
		sakra_buf_clear(&dst);
		if (sakra_buf_printf(&dst, "%s/%s", dir.ptr, base_name(rq->files[copied])) == 0)
			unlink(dst.ptr);
	}
out:
	sakra_buf_free(&dir);
	sakra_buf_free(&text);
	sakra_buf_free(&title);
	sakra_buf_free(&dst);
	return rc;
}

/* --- system add ------------------------------------------------------------------ */

/* The marking of the plan part that lists the class's systems (6.1.x). */
static int class_level(const struct sakra_plan *plan, const struct sakra_fw_class *cls)
{
	int l = section_level(plan, cls->list_section);

	return l >= 0 ? l : (int)plan->config->nlevels - 1;
}

static int system_text(struct sakra_buf *b, const struct sakra_plan *plan, const char *name,
		       const struct sakra_fw_class *cls, int level, const char *lb)
{
	const struct sakra_config *cfg = plan->config;
	const char *lang = sakra_plan_language(plan);
	int rc = 0;

	rc |= front_head(b, cfg, name, level, lb);
	rc |= sakra_buf_puts(b, "system:\n  name: \"");
	rc |= sakra_buf_put_yaml(b, name);
	rc |= sakra_buf_printf(b, "\"\n  version: \"\"\n  vendor: \"\"\n  contact: \"\"\n"
			       "  class: %s\n  purpose: \"\"\n", cls->id);
	if (cls->certificate)
		rc |= sakra_buf_puts(b, "  # certificate_expires: YYYY-MM-DD   (the information "
				     "security assessment certificate's end)\n");
	if (cls->register_check)
		rc |= sakra_buf_puts(b, "  # register_checked: YYYY-MM-DD   (the last check "
				     "against Valvira's register)\n");
	rc |= sakra_buf_puts(b, "---\n\n# ");
	rc |= sakra_buf_put_markdown(b, name);
	rc |= sakra_buf_puts(b, "\n\n");
	/* a description the register keys answer needs no line */
	for (size_t i = 0; i < cls->nfields; i++) {
		if (cls->fields[i].nkeys)
			continue;
		rc |= sakra_buf_printf(b, "- %s: %s\n", sakra_i18n_get(&cls->fields[i].label, lang),
				       sakra_words(lang)->describe);
	}
	return rc ? SAKRA_ENOMEM : 0;
}

int sakra_system_add(const struct sakra_plan *plan, const char *root, const char *name,
		     const char *class_id, struct sakra_buf *out, const char **needs_basis,
		     struct sakra_error *err)
{
	struct sakra_buf text = SAKRA_BUF_INIT, dir = SAKRA_BUF_INIT;
	const struct sakra_fw_class *cls;
	const char *lb;
	char slug[96], list[256] = "";
	int level, rc;

	*needs_basis = NULL;
	if (!root || !root[0])
		return sakra_error_set(err, SAKRA_ENOTFOUND, NULL, 0, 0, "a bare repository has "
				       "no working tree to add a system in");
	if (!plan->config || !plan->fw || !plan->config->nlevels)
		return sakra_error_set(err, SAKRA_EPARSE, NULL, 0, 0, "sakra.yml, its framework or "
				       "its classification levels cannot be read; 'sakra check' "
				       "says why");
	for (size_t i = 0; i < plan->fw->nclasses; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? ", " : "",
			 plan->fw->classes[i].id);
	if (!plan->fw->nclasses)
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "framework %s has no system "
				       "classes; describe information systems as it asks",
				       plan->fw->id);
	if (!(cls = sakra_framework_class(plan->fw, class_id))) {
		const char *ids[32];
		size_t n = 0;
		const char *near;

		for (size_t i = 0; i < plan->fw->nclasses && n < 32; i++)
			ids[n++] = plan->fw->classes[i].id;
		near = sakra_text_nearest(class_id, ids, n);
		if (near)
			return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "class '%s' is not a "
					       "class of %s (%s); did you mean '%s'?", class_id,
					       plan->fw->id, list, near);
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "class '%s' is not a class "
				       "of %s (%s)", class_id, plan->fw->id, list);
	}
	sakra_text_slug(slug, sizeof(slug), name);
	if (!slug[0] || strlen(name) > 200 || strpbrk(name, "\n\r"))
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "NAME must be one line with "
				       "letters or digits (it names the file too)");
	level = class_level(plan, cls);
	lb = legal_basis_for(plan, plan->config->levels[level].id);
	sakra_buf_clear(out);
	if (sakra_buf_printf(&dir, "%s/systems", root) < 0 ||
	    sakra_buf_printf(out, "%s/%s.md", dir.ptr, slug) < 0 ||
	    system_text(&text, plan, name, cls, level, lb) < 0) {
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	if (access(out->ptr, F_OK) == 0) {
		rc = sakra_error_set(err, SAKRA_EEXISTS, NULL, 0, 0, "%s already exists; edit it, "
				     "or give the system another name", out->ptr);
		goto out;
	}
	if ((rc = sakra_mkdirs(dir.ptr, 0777, err)) < 0 ||
	    (rc = sakra_file_write_atomic(out->ptr, text.ptr, text.len, 0666, 0, err)) < 0)
		goto out;
	if (!lb && plan->config->levels[level].legal_basis)
		*needs_basis = plan->config->levels[level].id;
out:
	sakra_buf_free(&text);
	sakra_buf_free(&dir);
	return rc;
}
