/* filing: a new evidence record (`sakra evidence add`) or a new system of
 * the register (`sakra system add`), written into a plan's working tree in
 * its language, marked as the parts of the plan it belongs to. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sakra/buf.h"
#include "sakra/date.h"
#include "sakra/filing.h"
#include "sakra/fs.h"
#include "sakra/plan.h"
#include "sakra/records.h"
#include "sakra/text.h"
#include "sakra/words.h"

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
			       sakra_words(sakra_plan_language(plan))->evidence_guidance);
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

/* The obligation a type not known means (by_spelling): the nearest id;
 * NULL if none is close. A type of the framework's own, by any of its
 * names, is never near. */
static const char *nearest_obligation(const struct sakra_plan *plan, const char *type,
				      int by_spelling)
{
	const struct sakra_config *cfg = plan->config;
	const char *ids[128];
	size_t n = 0;

	if (sakra_framework_type_id(plan->fw, type))
		return NULL;   /* a type of the framework's, by any of its names */
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

	for (size_t i = 0; i < cfg->nobligations && !ob; i++)
		if (strcmp(cfg->obligations[i].id, rq->type) == 0)
			ob = &cfg->obligations[i];
	/* another name of a promise the plan makes ("lokitarkastus" in a plan
	 * that calls it loggranskning): the record takes the plan's own word */
	for (size_t i = 0; i < cfg->nobligations && !ob; i++)
		if (sakra_framework_same_type(plan->fw, cfg->obligations[i].id, rq->type))
			rq->type = (ob = &cfg->obligations[i])->id;
	fob = sakra_framework_obligation(plan->fw, rq->type);
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
		rc |= sakra_buf_printf(b, "  # register_checked: YYYY-MM-DD   (the last check "
				       "against %s)\n", sakra_i18n_get(&plan->fw->register_name,
								  sakra_plan_language(plan)));
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
