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

const struct sakra_attachment_ref *sakra_records_attachment(const struct sakra_plan *plan,
							 const char *path)
{
	struct sakra_attachment_ref key = { path, NULL };

	return plan->nattachment_index ?
	       bsearch(&key, plan->attachment_index, plan->nattachment_index,
		       sizeof(*plan->attachment_index), cmp_ref) : NULL;
}

int sakra_plan_is_attachment(const struct sakra_plan *plan, const char *path)
{
	return sakra_records_attachment(plan, path) != NULL;
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
