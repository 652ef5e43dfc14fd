/* site: what the theme's templates are given (a page's data) and the pages
 * that are not documents: the index, the register, evidence, the matrix. */
#include "site.h"

/* --- page data ------------------------------------------------------------------ */

/* A site path as an href from the root (percent-encoded). */
struct sakra_tv *site_href_value(struct sakra_tdata *d, struct sakra_tv *map, const char *key,
				   const char *path, const char *frag)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	struct sakra_tv *v = NULL;

	if (site_put_relative(&b, "", path) == 0 && site_put_fragment(&b, frag) == 0)
		v = sakra_tv_text(d, map, key, sakra_buf_cstr(&b));
	sakra_buf_free(&b);
	return v;
}

const char *site_level_label(const struct site *s, int level)
{
	if (level < 0 || (size_t)level >= s->cfg->nlevels)
		return "";
	return s->cfg->levels[level].label ? s->cfg->levels[level].label : s->cfg->levels[level].id;
}

/* The legal bases given by the published documents at level (of the
 * kinds in mask), distinct, in path order, joined by "; ". */
int site_legal_bases(const struct site *s, int level, unsigned mask, struct sakra_buf *out)
{
	sakra_buf_clear(out);
	for (size_t i = 0; i < s->npages; i++) {
		const char *lb = sakra_doc_meta(s->pages[i].pd->doc, "legal_basis");

		if (s->pages[i].level != level || !(mask & (1u << s->pages[i].pd->kind)) || !lb || !*lb)
			continue;
		if (out->ptr && strstr(out->ptr, lb))
			continue;
		if ((out->len && sakra_buf_puts(out, "; ") < 0) || sakra_buf_puts(out, lb) < 0)
			return SAKRA_ENOMEM;
	}
	return 0;
}

int site_max_level(const struct site *s, unsigned mask)
{
	int level = -1;

	for (size_t i = 0; i < s->npages; i++)
		if ((mask & (1u << s->pages[i].pd->kind)) && s->pages[i].level > level)
			level = s->pages[i].level;
	return level;
}

static void add_strings(const struct site *s, struct sakra_tdata *d, struct sakra_tv *root)
{
	struct sakra_tv *t = sakra_tv_map(d, root, "t");

	for (size_t i = 0; s->t && i < s->t->n; i++)
		sakra_tv_text(d, t, s->t->pairs[i].key->value, sakra_yaml_str(s->t->pairs[i].value));
}

static void add_stamp(const struct site *s, struct sakra_tdata *d, struct sakra_tv *root)
{
	struct sakra_tv *st = sakra_tv_map(d, root, "stamp"), *list;
	const struct sakra_version *v = s->o->version;
	char date[11];

	sakra_tv_flag(d, st, "approved", v != NULL);
	sakra_tv_flag(d, st, "draft", v == NULL);
	sakra_tv_flag(d, st, "uncommitted", s->o->commit == NULL);
	sakra_tv_textf(d, st, "commit", "%.12s", s->o->commit ? s->o->commit : "");
	list = sakra_tv_list(d, st, "approvers");
	if (!v) {
		sakra_tv_text(d, st, "version", "");
		sakra_tv_text(d, st, "date", "");
		return;
	}
	sakra_tv_textf(d, st, "version", "%ld", v->number);
	for (size_t i = 0; i < v->nsigs; i++) {
		const struct sakra_signature *sig = &v->sigs[i];
		struct sakra_tv *a;

		if (!sig->counts)
			continue;
		a = sakra_tv_item(d, list);
		sakra_tv_text(d, a, "sep", list->n > 1 ? ", " : "");
		sakra_tv_text(d, a, "name", sig->claim.approver);
		sakra_tv_text(d, a, "role", sakra_version_role_title(v, sig->claim.role));
		sakra_tv_text(d, a, "date", sig->claim.date);
	}
	sakra_version_date(v, date);
	sakra_tv_text(d, st, "date", date);
}

/* Whether the edition leaves out a document that may hold a section. */
int site_held_documents(const struct site *s)
{
	return s->held[SAKRA_KIND_PLAN] || s->held[SAKRA_KIND_APPENDIX] ||
	       s->held[SAKRA_KIND_SYSTEM];
}

static int is_chapter(const struct sakra_fw_section *sec)
{
	return !strchr(sec->number, '.');
}

/* Navigation: the framework's chapters, where the plan has them, then the
 * appendices. Hrefs are from the site's root ({{root}} goes before). */
static void add_nav(const struct site *s, struct sakra_tdata *d, struct sakra_tv *root,
		    const char *here)
{
	const struct sakra_plan *p = s->plan;
	struct sakra_tv *nav = sakra_tv_map(d, root, "nav");
	struct sakra_tv *ch = sakra_tv_list(d, nav, "chapters");
	struct sakra_tv *ap = sakra_tv_list(d, nav, "appendices");

	for (size_t i = 0; p->fw && i < p->fw->nsections; i++) {
		const struct sakra_fw_section *sec = &p->fw->sections[i];
		const struct sakra_section_loc *w = &p->where[i];
		const struct page *pg = w->doc ? site_find_page(s, w->doc->path) : NULL;
		struct sakra_tv *it;

		if (!is_chapter(sec))
			continue;
		it = sakra_tv_item(d, ch);
		sakra_tv_text(d, it, "number", sec->number);
		sakra_tv_text(d, it, "title", sakra_i18n_get(&sec->title, s->lang));
		sakra_tv_flag(d, it, "missing", !w->doc && !site_held_documents(s));
		sakra_tv_flag(d, it, "withheld", w->doc ? !pg : site_held_documents(s));
		sakra_tv_flag(d, it, "here", pg && here && strcmp(pg->href, here) == 0);
		if (pg) {
			site_href_value(d, it, "href", pg->href, site_heading_id(pg, w->h));
		} else {
			sakra_tv_text(d, it, "href", "");
		}
	}
	/* Many appendices get a page of their own, so that a page's size
	 * does not grow with the plan. */
	sakra_tv_flag(d, nav, "appendix_index", s->nappendices > NAV_MAX_APPENDICES);
	sakra_tv_textf(d, nav, "appendix_count", "%zu", s->nappendices);
	for (size_t k = 0; k < s->nappendices && s->nappendices <= NAV_MAX_APPENDICES; k++) {
		const struct page *pg = s->appendices[k];
		struct sakra_tv *it;

		it = sakra_tv_item(d, ap);
		sakra_tv_text(d, it, "title", sakra_doc_meta(pg->pd->doc, "title") ?
			      sakra_doc_meta(pg->pd->doc, "title") : pg->pd->file->path);
		site_href_value(d, it, "href", pg->href, NULL);
		sakra_tv_flag(d, it, "here", here && strcmp(pg->href, here) == 0);
	}
}

/* Appends s as a CSS string, quotes included. */
static int put_css_string(struct sakra_buf *b, const char *s)
{
	int rc = sakra_buf_putc(b, '"');

	for (const unsigned char *p = (const unsigned char *)s; *p && rc == 0; p++)
		rc = *p == '"' || *p == '\\' || *p < 0x20 ? sakra_buf_printf(b, "\\%x ", *p) :
		     sakra_buf_putc(b, (char)*p);
	return rc | sakra_buf_putc(b, '"');
}

/* The named printed page ("m3") whose margins carry this marking line:
 * label, legal basis, draft mark. Printed pages repeat it at top and
 * bottom of every sheet (print.css), which a banner in the page cannot. */
const char *site_print_page(struct site *s, int level, const char *legal, char name[16])
{
	struct sakra_buf line = SAKRA_BUF_INIT;
	size_t k;

	sakra_buf_puts(&line, site_level_label(s, level));
	if (legal && *legal)
		sakra_buf_printf(&line, " · %s: %s", site_word(s, "legal_basis"), legal);
	if (!s->o->version)
		sakra_buf_printf(&line, " · %s", site_word(s, "draft"));
	for (k = 0; k < s->nprints && strcmp(s->prints[k], sakra_buf_cstr(&line)); k++)
		;
	if (k == s->nprints) {
		void *p = realloc(s->prints, (s->nprints + 1) * sizeof(*s->prints));

		if (p && (s->prints = p, (s->prints[k] = sakra_buf_detach(&line))))
			s->nprints++;
		else
			k = 0;   /* out of memory: the first one; the build fails later */
	}
	sakra_buf_free(&line);
	snprintf(name, 16, "m%zu", k + 1);
	return name;
}

int site_print_css(struct site *s)
{
	struct sakra_tdata *d = sakra_tdata_new();
	struct sakra_buf text = SAKRA_BUF_INIT, out = SAKRA_BUF_INIT, css = SAKRA_BUF_INIT;
	struct sakra_tv *list;
	int rc, nomem = 0;

	if (!d)
		return NOMEM(s);
	list = sakra_tv_list(d, sakra_tdata_root(d), "markings");
	for (size_t k = 0; k < s->nprints; k++) {
		struct sakra_tv *it = sakra_tv_item(d, list);

		sakra_buf_clear(&css);
		sakra_tv_textf(d, it, "name", "m%zu", k + 1);
		nomem |= put_css_string(&css, s->prints[k]) < 0;
		/* HTML values are inserted as they are: this one is CSS, escaped. */
		sakra_tv_html(d, it, "text", sakra_buf_cstr(&css));
	}
	if (nomem || sakra_tdata_failed(d))
		rc = NOMEM(s);
	else if ((rc = site_theme_load(s, "print.css", &text, s->err)) == 0 &&
		 (rc = sakra_template_render(&out, "print.css", text.ptr, text.len,
					     sakra_tdata_root(d), site_theme_load, s, &s->budget, s->err)) == 0)
		rc = s->w->write(s->w->ctx, "print.css", out.ptr ? out.ptr : "", out.len, s->err);
	sakra_buf_free(&text);
	sakra_buf_free(&out);
	sakra_buf_free(&css);
	sakra_tdata_free(d);
	return rc;
}

/* The data every page has. */
struct sakra_tv *site_page_data(struct site *s, struct sakra_tdata *d, const char *path,
				  const char *title, int level, const char *legal)
{
	struct sakra_tv *root = sakra_tdata_root(d);
	struct sakra_buf up = SAKRA_BUF_INIT;
	char name[16];

	for (const char *p = path; *p; p++)
		if (*p == '/' && sakra_buf_puts(&up, "../") < 0)
			break;
	sakra_tv_text(d, root, "lang", s->lang);
	sakra_tv_text(d, root, "root", sakra_buf_cstr(&up));
	sakra_tv_text(d, root, "path", path);
	sakra_tv_text(d, root, "title", title);
	sakra_tv_text(d, root, "organisation", s->cfg->org_name);
	/* the page's title is not the organisation's name (the front page's is) */
	sakra_tv_flag(d, root, "own_title", !title || !s->cfg->org_name ||
		      strcmp(title, s->cfg->org_name) != 0);
	sakra_tv_text(d, root, "framework", s->plan->fw ? sakra_i18n_get(&s->plan->fw->title, s->lang) : "");
	sakra_tv_text(d, root, "edition",
		      s->o->edition ? sakra_config_edition_title(s->o->edition) : "");
	sakra_tv_text(d, root, "marking", site_level_label(s, level));
	sakra_tv_text(d, root, "marking_id", level >= 0 ? s->cfg->levels[level].id : "");
	/* the banner's colour by rank from the top, whatever the levels' names */
	sakra_tv_textf(d, root, "marking_rank", "%d",
		       level >= 0 ? (int)s->cfg->nlevels - 1 - level : 0);
	sakra_tv_text(d, root, "legal_basis", legal);
	sakra_tv_textf(d, root, "generator", "sakra %s", SAKRA_VERSION);
	sakra_tv_text(d, root, "print_page", site_print_page(s, level, legal, name));
	add_strings(s, d, root);
	add_stamp(s, d, root);
	add_nav(s, d, root, path);
	sakra_buf_free(&up);
	return root;
}

/* Renders the content template into {{content}}, then layout.html, and
 * writes the page. */
int site_emit_page(struct site *s, struct sakra_tdata *d, const char *tmpl, const char *path)
{
	struct sakra_buf text = SAKRA_BUF_INIT, content = SAKRA_BUF_INIT, page = SAKRA_BUF_INIT;
	struct sakra_tv *root = sakra_tdata_root(d);
	int rc;

	if (sakra_tdata_failed(d))
		return NOMEM(s);
	if ((rc = site_theme_load(s, tmpl, &text, s->err)) < 0 ||
	    (rc = sakra_template_render(&content, tmpl, text.ptr, text.len, root, site_theme_load, s,
					&s->budget, s->err)) < 0)
		goto out;
	if (!sakra_tv_html(d, root, "content", sakra_buf_cstr(&content))) {
		rc = NOMEM(s);
		goto out;
	}
	if ((rc = site_theme_load(s, "layout.html", &text, s->err)) < 0 ||
	    (rc = sakra_template_render(&page, "layout.html", text.ptr, text.len, root, site_theme_load,
					s, &s->budget, s->err)) < 0)
		goto out;
	/* the policy is sakra's, whatever the theme says */
	if ((rc = sakra_theme_add_csp(&page, s->err)) < 0)
		goto out;
	if ((rc = s->w->write(s->w->ctx, path, page.ptr, page.len, s->err)) == 0)
		s->stats->pages++;
out:
	sakra_buf_free(&text);
	sakra_buf_free(&content);
	sakra_buf_free(&page);
	return rc;
}

/* --- the pages ------------------------------------------------------------------ */

const char *site_doc_title(const struct sakra_plan_doc *pd)
{
	const char *t = sakra_doc_meta(pd->doc, "title");

	return t ? t : pd->file->path;
}

/* A link to the published page or file of a repository path, or none. */
void site_add_link(const struct site *s, struct sakra_tdata *d, struct sakra_tv *map,
		     const char *path)
{
	const struct page *pg = site_find_page(s, path);

	if (pg)
		site_href_value(d, map, "href", pg->href, NULL);
	else if (!sakra_plan_find_doc(s->plan, path) && sakra_tree_find(s->plan->tree, path) &&
		 site_published(s, path)) {
		struct sakra_buf at = SAKRA_BUF_INIT;

		if (site_file_target(s, path, &at) == 0)
			site_href_value(d, map, "href", at.ptr, NULL);
		else
			sakra_tv_text(d, map, "href", "");
		sakra_buf_free(&at);
	}
	else
		sakra_tv_text(d, map, "href", "");
}

/* The scalar keys of a system: or evidence: block, and its attachments. */
static void add_facts(const struct site *s, struct sakra_tdata *d, struct sakra_tv *root,
		      const struct page *pg)
{
	const struct sakra_yaml *block = sakra_yaml_get(pg->pd->doc->front,
						       pg->pd->kind == SAKRA_KIND_SYSTEM ? "system" :
						       "evidence");
	struct sakra_tv *facts = sakra_tv_list(d, root, "facts");
	struct sakra_tv *att = sakra_tv_list(d, root, "attachments");

	for (size_t i = 0; block && block->type == SAKRA_YAML_MAP && i < block->n; i++) {
		const struct sakra_yaml *v = block->pairs[i].value;
		struct sakra_tv *it;

		if (v->type != SAKRA_YAML_SCALAR)
			continue;
		const char *key = block->pairs[i].key->value, *label, *value = v->value;

		/* the key in the plan's words (the theme's fact_labels), and an
		 * evidence type by its title */
		label = sakra_yaml_str(sakra_yaml_get(sakra_yaml_get(s->t, "fact_labels"), key));
		if (pg->pd->kind == SAKRA_KIND_EVIDENCE && !strcmp(key, "type") && s->plan->fw &&
		    sakra_framework_type_title(s->plan->fw, v->value, s->lang))
			value = sakra_framework_type_title(s->plan->fw, v->value, s->lang);
		if (pg->pd->kind == SAKRA_KIND_SYSTEM && !strcmp(key, "class") && s->plan->fw &&
		    sakra_framework_class(s->plan->fw, v->value))
			value = sakra_i18n_get(&sakra_framework_class(s->plan->fw, v->value)->title,
					       s->lang);
		it = sakra_tv_item(d, facts);
		sakra_tv_text(d, it, "key", key);
		sakra_tv_text(d, it, "label", label ? label : key);
		sakra_tv_text(d, it, "value", value);
	}
	for (size_t i = 0; pg->pd->kind == SAKRA_KIND_EVIDENCE && i < s->plan->nevidence; i++) {
		const struct sakra_evidence *e = &s->plan->evidence[i];

		if (e->doc != pg->pd->doc)
			continue;
		for (size_t k = 0; k < e->nattachments; k++) {
			struct sakra_tv *it;

			if (!e->attachments[k].path)
				continue;
			it = sakra_tv_item(d, att);
			sakra_tv_text(d, it, "name", e->attachments[k].path);
			site_add_link(s, d, it, e->attachments[k].path);
		}
	}
	if (pg->pd->sidecar) {
		struct sakra_tv *it = sakra_tv_item(d, att);
		size_t n = strlen(pg->pd->file->path) - 3;
		char *described = strndup(pg->pd->file->path, n);

		if (described) {
			sakra_tv_text(d, it, "name", described);
			site_add_link(s, d, it, described);
		}
		free(described);
	}
}

int site_document_page(struct site *s, const struct page *pg)
{
	const struct sakra_doc *doc = pg->pd->doc;
	struct sakra_tdata *d = sakra_tdata_new();
	struct sakra_buf body = SAKRA_BUF_INIT;
	struct sakra_tv *root, *toc;
	const char *lb = sakra_doc_meta(doc, "legal_basis");
	int rc;

	if (!d)
		return NOMEM(s);
	if ((rc = site_render_markdown(s, pg, &body)) < 0)
		goto out;
	root = site_page_data(s, d, pg->href, site_doc_title(pg->pd), pg->level, lb ? lb : "");
	sakra_tv_html(d, root, "body", sakra_buf_cstr(&body));
	sakra_tv_text(d, root, "source", pg->pd->file->path);
	sakra_tv_text(d, root, "owner", sakra_doc_meta(doc, "owner"));
	sakra_tv_text(d, root, "reviewed", sakra_doc_meta(doc, "reviewed"));
	toc = sakra_tv_list(d, root, "toc");
	for (size_t i = 0; i < doc->nheadings; i++) {
		const struct sakra_heading *h = &doc->headings[i];
		struct sakra_tv *it;

		if (h->level > 3 || (h->level == 1 && doc->nheadings > 1 && i == 0))
			continue;
		it = sakra_tv_item(d, toc);
		sakra_tv_textf(d, it, "text", "%s%s%s", h->number ? h->number : "",
			       h->number ? " " : "", h->title ? h->title : "");
		sakra_tv_text(d, it, "id", h->anchor);
		sakra_tv_textf(d, it, "level", "%d", h->level);
	}
	add_facts(s, d, root, pg);
	rc = site_emit_page(s, d, "document.html", pg->href);
out:
	sakra_buf_free(&body);
	sakra_tdata_free(d);
	return rc;
}
