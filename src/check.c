/* check: the rules over a plan — front matter and markings, the framework's
 * sections and fields, placeholders, links, file names. Each rule has an id
 * (listed in `rules` below) and adds findings; nothing here prints. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sakra/check.h"

static const struct sakra_rule rules[] = {
	{ "config.yaml", "sakra.yml cannot be read as YAML" },
	{ "config.type", "a sakra.yml key has the wrong type" },
	{ "config.missing", "a required sakra.yml key is missing" },
	{ "config.framework", "the framework is missing or unknown" },
	{ "config.levels", "classification levels are missing or malformed" },
	{ "config.duplicate", "a level or obligation id is declared twice" },
	{ "config.business-id", "the Finnish business ID is malformed or its check digit is wrong" },
	{ "config.obligation", "an obligation is malformed or covers an unknown section" },
	{ "config.edition", "an edition names an unknown classification level" },
	{ "config.review", "the review interval is not a number of months" },
	{ "config.language", "the language is not one sakra knows" },
	{ "config.unknown-key", "sakra.yml has a key sakra does not know" },
	{ "doc.binary", "a Markdown file holds binary data" },
	{ "doc.utf8", "a Markdown file is not valid UTF-8" },
	{ "doc.line-length", "a line is too long to be a plan document" },
	{ "doc.size", "a Markdown file is too large" },
	{ "doc.yaml", "the front matter cannot be read as YAML" },
	{ "doc.front-matter", "a document has no front matter" },
	{ "doc.title", "a document has no title" },
	{ "doc.classification", "a document's classification is missing or not a declared level" },
	{ "doc.floor", "a document is marked below the framework's lowest allowed level" },
	{ "doc.legal-basis", "a classification that requires a legal basis has none" },
	{ "doc.date", "a front matter date is not YYYY-MM-DD" },
	{ "doc.sections", "front matter names a section the framework does not have" },
	{ "doc.unknown-key", "front matter has a key sakra does not know" },
	{ "file.marking", "a non-Markdown file has no classification marking" },
	{ "file.symlink", "a plan file is a symbolic link" },
	{ "path.unsafe", "a file name holds a newline or backslash" },
	{ "section.missing", "a required section of the framework is missing" },
	{ "section.duplicate", "a section appears more than once" },
	{ "section.order", "a section is out of the framework's order" },
	{ "section.title", "a section's title differs from the framework's" },
	{ "section.unknown", "a numbered section the framework does not know" },
	{ "field.missing", "a required labelled field is missing" },
	{ "field.empty", "a required labelled field is empty or a placeholder" },
	{ "placeholder", "a placeholder or guidance paragraph is left in the text" },
	{ "link.broken", "a relative link points to a file that does not exist" },
};

const struct sakra_rule *sakra_check_rules(size_t *n)
{
	*n = sizeof(rules) / sizeof(rules[0]);
	return rules;
}

const struct sakra_rule *sakra_check_rule(const char *id)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strcmp(rules[i].id, id) == 0)
			return &rules[i];
	return NULL;
}

struct ctx {
	const struct sakra_plan *plan;
	const struct sakra_check_options *opts;
	struct sakra_diags *d;
	const char *lang;
};

#define ADD(c, sev, rule, path, line, col, ...) \
	sakra_diags_add((c)->d, (sev), (rule), (path), (line), (col), __VA_ARGS__)

/* --- front matter and markings ------------------------------------------- */

static const char *const common_keys[] = { "title", "classification", "legal_basis", "owner",
					   "reviewed", "sections", NULL };

static int known_key(const char *k, enum sakra_doc_kind kind)
{
	for (size_t i = 0; common_keys[i]; i++)
		if (strcmp(common_keys[i], k) == 0)
			return 1;
	return (kind == SAKRA_KIND_SYSTEM && strcmp(k, "system") == 0) ||
	       (kind == SAKRA_KIND_EVIDENCE && strcmp(k, "evidence") == 0);
}

static void levels_list(const struct sakra_config *cfg, char *out, size_t size)
{
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < cfg->nlevels && o < size; i++) {
		int n = snprintf(out + o, size - o, "%s%s", i ? ", " : "", cfg->levels[i].id);

		if (n < 0)
			break;
		o += (size_t)n;
	}
}

static void check_front(struct ctx *c, const struct sakra_plan_doc *pd)
{
	const struct sakra_doc *doc = pd->doc;
	const struct sakra_config *cfg = c->plan->config;
	const char *path = doc->path, *cls, *lb;
	const struct sakra_yaml *v;
	int level;

	if (!doc->has_front) {
		ADD(c, SAKRA_ERROR, "doc.front-matter", path, 1, 1,
		    "no front matter; start the file with '---', 'title: ...', "
		    "'classification: ...' and '---'");
		return;
	}
	if (!doc->front)
		return;   /* unreadable: doc.yaml already said where */
	for (size_t i = 0; i < doc->front->n; i++) {
		const struct sakra_yaml *k = doc->front->pairs[i].key;

		if (!known_key(k->value, pd->kind))
			ADD(c, SAKRA_WARNING, "doc.unknown-key", path, k->line, k->column,
			    "unknown front matter key '%s' (ignored); check its spelling", k->value);
	}
	if (!pd->sidecar && !sakra_doc_meta(doc, "title"))
		ADD(c, SAKRA_ERROR, "doc.title", path, sakra_doc_meta_line(doc, "title"), 1,
		    "no title; add 'title: ...' to the front matter");
	cls = sakra_doc_meta(doc, "classification");
	if (!cls) {
		ADD(c, SAKRA_ERROR, "doc.classification", path,
		    sakra_doc_meta_line(doc, "classification"), 1,
		    "no classification; add 'classification: LEVEL' (a level from sakra.yml)");
		return;
	}
	if (!cfg || !cfg->nlevels)
		return;
	v = sakra_yaml_get(doc->front, "classification");
	level = sakra_config_level(cfg, cls);
	if (level < 0) {
		char list[512];

		levels_list(cfg, list, sizeof(list));
		ADD(c, SAKRA_ERROR, "doc.classification", path, v->line, v->column,
		    "classification '%s' is not a level declared in sakra.yml (%s)", cls, list);
		return;
	}
	if (c->plan->fw && c->plan->fw->floor) {
		int floor = sakra_config_level(cfg, c->plan->fw->floor);

		if (floor >= 0 && level < floor)
			ADD(c, SAKRA_ERROR, "doc.floor", path, v->line, v->column,
			    "classification '%s' is below '%s', the lowest level %s allows "
			    "(the plan is never public)", cls, c->plan->fw->floor, c->plan->fw->id);
	}
	lb = sakra_doc_meta(doc, "legal_basis");
	if (cfg->levels[level].legal_basis && (!lb || !*lb))
		ADD(c, SAKRA_ERROR, "doc.legal-basis", path, v->line, v->column,
		    "classification '%s' requires a legal basis; add "
		    "'legal_basis: \"...\"' (e.g. the secrecy provision)", cls);
	if ((v = sakra_yaml_get(doc->front, "reviewed")) &&
	    (!sakra_yaml_str(v) || sakra_date_parse(sakra_yaml_str(v), NULL) < 0))
		ADD(c, SAKRA_ERROR, "doc.date", path, v->line, v->column,
		    "'reviewed' must be a date YYYY-MM-DD");
	if ((v = sakra_yaml_get(doc->front, "sections")) && c->plan->fw) {
		for (size_t i = 0; i < sakra_yaml_count(v); i++) {
			const struct sakra_yaml *item = sakra_yaml_item(v, i);
			const char *s = sakra_yaml_str(item);

			if (!s || !sakra_framework_section(c->plan->fw, s))
				ADD(c, SAKRA_ERROR, "doc.sections", path, item->line, item->column,
				    "'sections' names %s, which framework %s does not have",
				    s ? s : "a non-text value", c->plan->fw->id);
		}
	}
}

/* Is path listed as an attachment of an evidence record? */
static int is_attachment(const struct sakra_plan *plan, const char *path)
{
	struct sakra_buf full = SAKRA_BUF_INIT;
	int found = 0;

	for (size_t i = 0; i < plan->ndocs && !found; i++) {
		const struct sakra_plan_doc *pd = &plan->docs[i];
		const struct sakra_yaml *ev, *att;

		if (pd->kind != SAKRA_KIND_EVIDENCE || !pd->doc || !pd->doc->front)
			continue;
		ev = sakra_yaml_get(pd->doc->front, "evidence");
		att = sakra_yaml_get(ev, "attachments");
		for (size_t k = 0; k < sakra_yaml_count(att) && !found; k++) {
			const char *a = sakra_yaml_str(sakra_yaml_item(att, k));

			if (a && sakra_path_resolve(pd->doc->path, a, &full) == 0)
				found = strcmp(sakra_buf_cstr(&full), path) == 0;
		}
	}
	sakra_buf_free(&full);
	return found;
}

static void check_files(struct ctx *c)
{
	const struct sakra_tree *t = c->plan->tree;
	struct sakra_buf sidecar = SAKRA_BUF_INIT;

	for (size_t i = 0; i < t->n; i++) {
		const struct sakra_file *f = &t->files[i];
		size_t len = strlen(f->path);

		if (strpbrk(f->path, "\n\\"))
			ADD(c, SAKRA_ERROR, "path.unsafe", f->path, 0, 0,
			    "file name holds a newline or backslash, which manifests and "
			    "sha256sum cannot carry; rename it");
		if (sakra_plan_kind(f->path) < 0)
			continue;
		if (f->symlink) {
			ADD(c, SAKRA_ERROR, "file.symlink", f->path, 0, 0,
			    "a symbolic link; plan files must be regular files");
			continue;
		}
		if (len > 3 && strcmp(f->path + len - 3, ".md") == 0)
			continue;
		if (strcmp(strrchr(f->path, '/') + 1, ".gitkeep") == 0)
			continue;
		sakra_buf_clear(&sidecar);
		if (sakra_buf_printf(&sidecar, "%s.md", f->path) < 0) {
			c->d->oom = 1;
			break;
		}
		if (sakra_tree_find(t, sidecar.ptr) || is_attachment(c->plan, f->path))
			continue;
		ADD(c, SAKRA_ERROR, "file.marking", f->path, 0, 0,
		    "no classification marking; add a sidecar '%s' with title and "
		    "classification, or list the file as an attachment of an evidence record",
		    sidecar.ptr);
	}
	sakra_buf_free(&sidecar);
}

/* --- sections and fields ------------------------------------------------- */

struct found {
	const struct sakra_doc *doc;
	const struct sakra_heading *h;   /* NULL: declared in front matter */
	size_t line;
};

/* Where the required fields of a section are looked for: from its heading
 * to the next numbered heading that is not one of its subsections. */
static size_t section_end(const struct sakra_doc *doc, const struct sakra_heading *h)
{
	size_t nlen = strlen(h->number);

	for (size_t i = (size_t)(h - doc->headings) + 1; i < doc->nheadings; i++) {
		const struct sakra_heading *n = &doc->headings[i];

		if (n->level <= h->level)
			return n->line;
		if (n->number && !(strncmp(n->number, h->number, nlen) == 0 &&
				   n->number[nlen] == '.'))
			return n->line;
	}
	return (size_t)-1;
}

static void check_fields(struct ctx *c, const struct sakra_fw_section *s, const struct found *at)
{
	size_t end;

	if (!at->h)
		return;
	end = section_end(at->doc, at->h);
	for (size_t k = 0; k < s->nfields; k++) {
		const char *label = sakra_i18n_get(&s->fields[k].label, c->lang);
		const struct sakra_field *hit = NULL;

		for (size_t i = 0; i < at->doc->nfields && !hit; i++) {
			const struct sakra_field *f = &at->doc->fields[i];

			if (f->line > at->h->line && f->line < end && sakra_text_equal(f->label, label))
				hit = f;
		}
		if (!hit)
			ADD(c, SAKRA_ERROR, "field.missing", at->doc->path, at->h->line, 1,
			    "required field '%s' is missing in section %s; add a line '%s: ...'",
			    label, s->number, label);
		else if (hit->placeholder)
			ADD(c, SAKRA_ERROR, "field.empty", at->doc->path, hit->line, hit->column,
			    "required field '%s' is empty", label);
	}
}

static void check_sections(struct ctx *c)
{
	const struct sakra_plan *plan = c->plan;
	const struct sakra_framework *fw = plan->fw;
	struct found *found = calloc(fw->nsections, sizeof(*found));
	const struct sakra_fw_section *prev = NULL;
	const struct found *prev_at = NULL;
	int unreadable = 0;

	if (!found) {
		c->d->oom = 1;
		return;
	}
	for (size_t i = 0; i < plan->ndocs; i++) {
		const struct sakra_plan_doc *pd = &plan->docs[i];
		const struct sakra_doc *doc = pd->doc;
		const struct sakra_yaml *decl;

		if (pd->kind == SAKRA_KIND_PLAN && (!doc || !doc->readable))
			unreadable = 1;
		if (!doc || (pd->kind != SAKRA_KIND_PLAN && pd->kind != SAKRA_KIND_APPENDIX))
			continue;
		/* Sections a file declares it provides (front matter "sections"). */
		decl = sakra_yaml_get(doc->front, "sections");
		for (size_t k = 0; k < sakra_yaml_count(decl); k++) {
			const struct sakra_yaml *item = sakra_yaml_item(decl, k);
			const struct sakra_fw_section *s = sakra_yaml_str(item) ?
				sakra_framework_section(fw, sakra_yaml_str(item)) : NULL;

			if (s && !found[s->index].doc) {
				found[s->index].doc = doc;
				found[s->index].line = item->line;
			}
		}
		if (pd->kind != SAKRA_KIND_PLAN)
			continue;
		for (size_t k = 0; k < doc->nheadings; k++) {
			const struct sakra_heading *h = &doc->headings[k];
			const struct sakra_fw_section *s;
			struct found *f;

			if (!h->number)
				continue;
			if (!(s = sakra_framework_section(fw, h->number))) {
				ADD(c, SAKRA_WARNING, "section.unknown", doc->path, h->line, h->column,
				    "section %s is not a section of %s; check the number", h->number,
				    fw->id);
				continue;
			}
			f = &found[s->index];
			if (f->h && !s->repeatable) {
				ADD(c, SAKRA_ERROR, "section.duplicate", doc->path, h->line, h->column,
				    "section %s appears again (first at %s:%zu); each section "
				    "appears once", s->number, f->doc->path, f->line);
				continue;
			}
			if (prev && s->index < prev->index && s != prev)
				ADD(c, SAKRA_ERROR, "section.order", doc->path, h->line, h->column,
				    "section %s comes after %s (%s:%zu); order the sections as %s does",
				    s->number, prev->number, prev_at->doc->path, prev_at->line, fw->id);
			if (!s->free_title && !sakra_text_equal(h->title, sakra_i18n_get(&s->title, c->lang)))
				ADD(c, SAKRA_WARNING, "section.title", doc->path, h->line, h->column,
				    "section %s is titled '%s'; %s calls it '%s'", s->number, h->title,
				    fw->id, sakra_i18n_get(&s->title, c->lang));
			if (!f->h) {
				f->doc = doc;
				f->h = h;
				f->line = h->line;
			}
			prev = s;
			prev_at = f;
		}
	}
	for (size_t i = 0; i < fw->nsections; i++) {
		const struct sakra_fw_section *s = &fw->sections[i];
		const struct found *before = NULL;

		if (found[i].doc) {
			check_fields(c, s, &found[i]);
			continue;
		}
		/* A chapter that could not be read was already reported; guessing
		 * which sections it held would only add noise. */
		if (s->optional || unreadable)
			continue;
		for (size_t k = i; k-- > 0 && !before;)
			if (found[k].doc)
				before = &found[k];
		if (before)
			ADD(c, SAKRA_ERROR, "section.missing", before->doc->path, before->line, 1,
			    "required section %s '%s'%s%s%s is missing; add a heading '%s %s' after "
			    "section %s", s->number, sakra_i18n_get(&s->title, c->lang),
			    s->nclauses ? " (clause " : "", s->nclauses ? s->clauses[0] : "",
			    s->nclauses ? ")" : "", s->number, sakra_i18n_get(&s->title, c->lang),
			    fw->sections[before - found].number);
		else
			ADD(c, SAKRA_ERROR, "section.missing", SAKRA_CONFIG_FILE,
			    plan->config->framework_line, 1,
			    "required section %s '%s' is missing; add a heading '%s %s' to a "
			    "file under plan/", s->number, sakra_i18n_get(&s->title, c->lang),
			    s->number, sakra_i18n_get(&s->title, c->lang));
	}
	free(found);
}

/* --- placeholders and links ---------------------------------------------- */

static void check_placeholders(struct ctx *c, const struct sakra_doc *doc)
{
	enum sakra_severity sev = c->opts->approval ? SAKRA_ERROR : SAKRA_WARNING;

	for (size_t i = 0; i < doc->nplaceholders; i++) {
		const struct sakra_placeholder *p = &doc->placeholders[i];

		if (p->paragraph)
			ADD(c, sev, "placeholder", doc->path, p->line, p->column,
			    "guidance left: [%s]; replace it with the plan's own text (write "
			    "\\[ for a bracket you mean)", p->text);
		else
			ADD(c, sev, "placeholder", doc->path, p->line, p->column,
			    "placeholder left: [%s]; fill it in", p->text);
	}
}

static int has_scheme(const char *url)
{
	const char *p = url;

	if (!isalpha((unsigned char)*p))
		return 0;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':';
}

static int is_dir(const struct sakra_tree *t, const char *path)
{
	size_t len = strlen(path);

	for (size_t i = 0; i < t->n; i++)
		if (strncmp(t->files[i].path, path, len) == 0 && t->files[i].path[len] == '/')
			return 1;
	return len == 0;
}

static void check_links(struct ctx *c, const struct sakra_doc *doc)
{
	struct sakra_buf dec = SAKRA_BUF_INIT, target = SAKRA_BUF_INIT;

	for (size_t i = 0; i < doc->nlinks; i++) {
		const struct sakra_link *l = &doc->links[i];
		size_t n = strcspn(l->url, "#?");
		int rc;

		if (!l->url[0] || l->url[0] == '#' || (l->url[0] == '/' && l->url[1] == '/') ||
		    has_scheme(l->url) || n == 0)
			continue;
		if (sakra_url_decode(l->url, n, &dec) < 0 ||
		    (rc = sakra_path_resolve(doc->path, dec.ptr, &target)) == SAKRA_ENOMEM) {
			c->d->oom = 1;
			break;
		}
		if (rc > 0) {
			ADD(c, SAKRA_ERROR, "link.broken", doc->path, l->line, l->column,
			    "link '%s' points outside the repository", l->url);
			continue;
		}
		if (sakra_tree_find(c->plan->tree, target.ptr) || is_dir(c->plan->tree, target.ptr))
			continue;
		ADD(c, SAKRA_ERROR, "link.broken", doc->path, l->line, l->column,
		    "link target '%s' does not exist (resolved to '%s')", l->url, target.ptr);
	}
	sakra_buf_free(&dec);
	sakra_buf_free(&target);
}

int sakra_check_run(const struct sakra_plan *plan, const struct sakra_check_options *opts,
		    struct sakra_diags *diags, struct sakra_error *err)
{
	struct ctx c = { plan, opts, diags, plan->config ? plan->config->language : "sv" };

	if (!plan->config)
		return 0;   /* sakra.yml unreadable: that finding is the only one */
	check_files(&c);
	for (size_t i = 0; i < plan->ndocs; i++) {
		const struct sakra_plan_doc *pd = &plan->docs[i];

		if (!pd->doc || !pd->doc->readable)
			continue;
		check_front(&c, pd);
		check_placeholders(&c, pd->doc);
		check_links(&c, pd->doc);
	}
	if (plan->fw)
		check_sections(&c);
	if (diags->oom)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	return 0;
}
