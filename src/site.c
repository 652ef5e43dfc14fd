/* site: rendering an edition of the plan (see sakra/site.h). */
#include "site/site.h"

/* Theme files as read once: the templates every page asks for, read from
 * the repository (or the built-in theme) by whichever thread asks first. */
struct theme_cache {
	pthread_mutex_t mu;
	struct theme_text {
		char *name;
		char *text;
		size_t len;
	} *v;
	size_t n;
};

/* --- what is published ------------------------------------------------------- */

static int level_of(const struct site *s, const char *path)
{
	const char *id = sakra_plan_marking(s->plan, path);

	return id ? sakra_config_level(s->cfg, id) : -1;
}

/* A file of the plan's four folders is published when it is marked at or
 * below the edition's level; unmarked files never are. */
int site_published(const struct site *s, const char *path)
{
	int level = level_of(s, path);

	if (sakra_plan_kind(path) < 0 || level < 0)
		return 0;
	return !s->o->edition || s->o->edition->max_level < 0 || level <= s->o->edition->max_level;
}

int sakra_site_page_path(const char *doc_path, struct sakra_buf *out)
{
	size_t n = strlen(doc_path);

	sakra_buf_clear(out);
	if (n > 3 && strcmp(doc_path + n - 3, ".md") == 0)
		n -= 3;
	if (sakra_buf_put(out, doc_path, n) < 0 || sakra_buf_puts(out, ".html") < 0)
		return SAKRA_ENOMEM;
	return 0;
}

struct page *site_find_page(const struct site *s, const char *doc_path)
{
	size_t lo = 0, hi = s->npages;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(doc_path, s->pages[mid].pd->file->path);

		if (c == 0)
			return &s->pages[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static int cmp_appendix(const void *a, const void *b)
{
	const struct page *x = *(const struct page *const *)a, *y = *(const struct page *const *)b;
	int c = strcmp(site_doc_title(x->pd), site_doc_title(y->pd));

	return c ? c : strcmp(x->pd->file->path, y->pd->file->path);
}

/* The anchor of heading h (one of the page's document's), or NULL. */
const char *site_heading_id(const struct page *pg, const struct sakra_heading *h)
{
	size_t k;

	if (!h)
		return NULL;
	k = (size_t)(h - pg->pd->doc->headings);
	return k < pg->pd->doc->nheadings ? h->anchor : NULL;
}

static int collect_pages(struct site *s)
{
	const struct sakra_plan *p = s->plan;
	struct sakra_buf href = SAKRA_BUF_INIT;

	if (p->ndocs && !(s->pages = calloc(p->ndocs, sizeof(*s->pages))))
		return NOMEM(s);
	for (size_t i = 0; i < p->ndocs; i++) {
		const struct sakra_plan_doc *pd = &p->docs[i];
		struct page *pg;

		if (!pd->doc || !pd->doc->readable || !site_published(s, pd->file->path)) {
			s->stats->withheld++;
			continue;
		}
		pg = &s->pages[s->npages];
		pg->pd = pd;
		pg->level = level_of(s, pd->file->path);
		if (sakra_site_page_path(pd->file->path, &href) < 0 ||
		    !(pg->href = sakra_buf_detach(&href))) {
			sakra_buf_free(&href);
			s->npages++;
			return NOMEM(s);
		}
		s->npages++;
		if (pg->level > s->stats->level)
			s->stats->level = pg->level;
	}
	sakra_buf_free(&href);
	if (s->npages && !(s->appendices = calloc(s->npages, sizeof(*s->appendices))))
		return NOMEM(s);
	for (size_t i = 0; i < s->npages; i++)
		if (s->pages[i].pd->kind == SAKRA_KIND_APPENDIX)
			s->appendices[s->nappendices++] = &s->pages[i];
	if (s->nappendices)
		qsort(s->appendices, s->nappendices, sizeof(*s->appendices), cmp_appendix);
	return 0;
}

/* --- theme ------------------------------------------------------------------- */

static int theme_read(const struct site *s, const char *name, struct sakra_buf *out,
		      struct sakra_error *err)
{
	struct sakra_buf path = SAKRA_BUF_INIT;
	const struct sakra_file *f;
	const struct sakra_embedded_file *e;
	int rc = 0;

	if (sakra_buf_printf(&path, "theme/%s", name) < 0)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	sakra_buf_clear(out);
	if ((f = sakra_tree_find(s->plan->tree, path.ptr))) {
		size_t line;
		const char *why;

		/* the plan's own theme: never script, never another host */
		if ((rc = sakra_tree_read(s->plan->tree, f, out, 4u << 20, err)) == 0 &&
		    sakra_theme_check(name, out->ptr ? out->ptr : "", out->len, &line, &why) < 0)
			rc = sakra_error_set(err, SAKRA_EINVAL, path.ptr, line, 0, "%s; a theme holds "
					     "no script and reaches no other host", why);
	}
	else if ((e = sakra_embedded_find(path.ptr)))
		rc = sakra_buf_put(out, e->data, e->size) < 0 || sakra_buf_puts(out, "") < 0 ?
		     sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory") : 0;
	else
		rc = sakra_error_set(err, SAKRA_ENOTFOUND, path.ptr, 0, 0,
				     "no such theme file (neither in the repository nor built in)");
	sakra_buf_free(&path);
	return rc;
}

/* A theme file's text into out (also the templates' loader of partials):
 * read once a site, then from memory, whichever thread asks. */
int site_theme_load(void *ctx, const char *name, struct sakra_buf *out, struct sakra_error *err)
{
	const struct site *s = ctx;
	struct theme_cache *c = s->theme;
	int rc = 0;

	if (strstr(name, "..") || name[0] == '/')
		return sakra_error_set(err, SAKRA_EINVAL, name, 0, 0,
				       "a theme file name stays inside theme/");
	pthread_mutex_lock(&c->mu);
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].name, name)) {
			sakra_buf_clear(out);
			rc = sakra_buf_put(out, c->v[i].text, c->v[i].len) < 0 ||
			     sakra_buf_puts(out, "") < 0 ?
			     sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory") : 1;
			break;
		}
	if (rc == 0 && (rc = theme_read(s, name, out, err)) == 0) {
		struct theme_text *v = realloc(c->v, (c->n + 1) * sizeof(*v));

		if (v) {   /* else read again next time */
			c->v = v;
			v[c->n].name = strdup(name);
			v[c->n].text = malloc(out->len + 1);
			if (v[c->n].name && v[c->n].text) {
				memcpy(v[c->n].text, out->ptr ? out->ptr : "", out->len);
				v[c->n].len = out->len;
				c->n++;
			} else {
				free(v[c->n].name);
				free(v[c->n].text);
			}
		}
	}
	pthread_mutex_unlock(&c->mu);
	return rc > 0 ? 0 : rc;
}

static void theme_cache_free(struct theme_cache *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].name);
		free(c->v[i].text);
	}
	free(c->v);
	pthread_mutex_destroy(&c->mu);
}

static int load_strings(struct site *s)
{
	struct sakra_buf text = SAKRA_BUF_INIT;
	int rc;

	if ((rc = site_theme_load(s, "strings.yml", &text, s->err)) < 0)
		goto out;
	if ((rc = sakra_yaml_parse(&s->strings, text.ptr, text.len, 1, s->err)) < 0) {
		snprintf(s->err->path, sizeof(s->err->path), "theme/strings.yml");
		goto out;
	}
	s->t = sakra_yaml_get(s->strings, s->lang);
	if (!s->t)
		s->t = sakra_yaml_get(s->strings, "sv");
	if (!s->t || s->t->type != SAKRA_YAML_MAP)
		rc = sakra_error_set(s->err, SAKRA_EINVAL, "theme/strings.yml", 1, 0,
				     "needs a map of interface words for 'sv' (and '%s')", s->lang);
out:
	sakra_buf_free(&text);
	return rc;
}

/* An interface word of the theme's strings.yml ("" if it has none). */
const char *site_word(const struct site *s, const char *key)
{
	const char *v = sakra_yaml_str(sakra_yaml_get(s->t, key));

	return v ? v : "";
}

/* --- links ---------------------------------------------------------------- */

/* Appends the path `to` relative to the directory of the page `from`,
 * percent-encoded. */
/* c as %XX. */
static int put_percent(struct sakra_buf *out, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";
	char e[3] = { '%', hex[c >> 4], hex[c & 15] };

	return sakra_buf_put(out, e, 3);
}

int site_put_relative(struct sakra_buf *out, const char *from, const char *to)
{
	size_t common = 0, i;
	int rc = 0;

	/* The longest common prefix ending in '/'. */
	for (i = 0; from[i] && to[i] && from[i] == to[i]; i++)
		if (from[i] == '/')
			common = i + 1;
	for (i = common; from[i]; i++)
		if (from[i] == '/')
			rc |= sakra_buf_puts(out, "../");
	for (const unsigned char *p = (const unsigned char *)to + common; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			rc |= sakra_buf_putc(out, (char)*p);
		else
			rc |= put_percent(out, *p);
	}
	return rc ? SAKRA_ENOMEM : 0;
}

int site_put_fragment(struct sakra_buf *out, const char *frag)
{
	int rc = 0;

	if (!frag || !*frag)
		return 0;
	rc |= sakra_buf_putc(out, '#');
	for (const unsigned char *p = (const unsigned char *)frag; *p; p++) {
		if (*p < 0x80 && *p > 0x20 && !strchr("\"<>`%", *p))
			rc |= sakra_buf_putc(out, (char)*p);
		else
			rc |= put_percent(out, *p);
	}
	return rc ? SAKRA_ENOMEM : 0;
}

/* Replaces node by text in emphasis (the link and its text go). */
static int replace_with_note(cmark_node *node, const char *text)
{
	cmark_node *em = cmark_node_new(CMARK_NODE_EMPH), *t = cmark_node_new(CMARK_NODE_TEXT);

	if (!em || !t || !cmark_node_set_literal(t, text) || !cmark_node_append_child(em, t) ||
	    !cmark_node_insert_before(node, em)) {
		if (t && !cmark_node_parent(t))
			cmark_node_free(t);
		if (em && !cmark_node_parent(em))
			cmark_node_free(em);
		return SAKRA_ENOMEM;
	}
	cmark_node_free(node);
	return 0;
}

/* Keeps a link's text, drops the link. */
static void unwrap(cmark_node *node)
{
	cmark_node *c;

	while ((c = cmark_node_first_child(node)))
		cmark_node_insert_before(node, c);
	cmark_node_free(node);
}

/* Where repository path path (a file, not a page) is in the site, from the
 * site's root: the path itself, or under o->files_at. */
int site_file_target(const struct site *s, const char *path, struct sakra_buf *out)
{
	sakra_buf_clear(out);
	if (s->o->files_at && sakra_buf_puts(out, s->o->files_at) < 0)
		return SAKRA_ENOMEM;
	return sakra_buf_puts(out, path) < 0 ? SAKRA_ENOMEM : 0;
}

enum target { T_KEEP, T_HREF, T_WITHHELD, T_BROKEN };

/* Where a relative link of document doc leads in the site. */
static int resolve_link(struct site *s, const struct page *from, const char *url,
			struct sakra_buf *href, enum target *what)
{
	const char *hash = strchr(url, '#');
	size_t n = strcspn(url, "#?");
	struct sakra_buf dec = SAKRA_BUF_INIT, target = SAKRA_BUF_INIT, fragdec = SAKRA_BUF_INIT;
	const struct sakra_tree *t = s->plan->tree;
	const struct sakra_plan_doc *pd;
	int rc;

	sakra_buf_clear(href);
	*what = T_BROKEN;
	if (!url[0] || url[0] == '#' || sakra_url_has_scheme(url) || (url[0] == '/' && url[1] == '/') ||
	    n == 0) {
		*what = T_KEEP;
		return 0;
	}
	if (sakra_url_decode(url, n, &dec) < 0 ||
	    (rc = sakra_path_resolve(from->pd->file->path, sakra_buf_cstr(&dec), &target)) < 0 ||
	    (hash && sakra_url_decode(hash + 1, strlen(hash + 1), &fragdec) < 0)) {
		rc = SAKRA_ENOMEM;
		goto out;
	}
	if (rc > 0) {            /* leaves the repository */
		rc = 0;
		goto out;
	}
	if ((pd = sakra_plan_find_doc(s->plan, target.ptr)) && !pd->sidecar) {
		const struct page *to = site_find_page(s, target.ptr);

		if (!to) {
			*what = T_WITHHELD;
		} else {
			*what = T_HREF;
			rc = site_put_relative(href, from->href, to->href);
			if (rc == 0 && hash && fragdec.len && !sakra_doc_anchor(to->pd->doc, fragdec.ptr))
				*what = T_BROKEN;
			if (rc == 0 && hash)
				rc = site_put_fragment(href, sakra_buf_cstr(&fragdec));
		}
	} else if (sakra_tree_find(t, target.ptr)) {
		if (site_published(s, target.ptr) && !(pd && !site_find_page(s, target.ptr))) {
			struct sakra_buf at = SAKRA_BUF_INIT;

			*what = T_HREF;
			if ((rc = site_file_target(s, target.ptr, &at)) == 0)
				rc = site_put_relative(href, from->href, at.ptr);
			sakra_buf_free(&at);
		} else {
			*what = T_WITHHELD;
		}
	} else if (sakra_tree_is_dir(t, target.ptr)) {
		const char *page = strcmp(target.ptr, "systems") == 0 ? "register.html" :
				   strncmp(target.ptr, "evidence", 8) == 0 ? "evidence.html" :
				   "index.html";

		*what = T_HREF;
		rc = site_put_relative(href, from->href, page);
	} else {
		rc = 0;
	}
out:
	sakra_buf_free(&dec);
	sakra_buf_free(&target);
	sakra_buf_free(&fragdec);
	return rc;
}

static int rewrite_links(struct site *s, const struct page *pg, cmark_node *root)
{
	const struct sakra_doc *doc = pg->pd->doc;
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	cmark_node **nodes = NULL;
	size_t n = 0, cap = 0;
	struct sakra_buf href = SAKRA_BUF_INIT, note = SAKRA_BUF_INIT;
	int rc = 0;

	if (!it)
		return NOMEM(s);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(node);

		if (ev != CMARK_EVENT_ENTER || (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE))
			continue;
		if (n == cap) {
			void *p = realloc(nodes, (cap = cap ? cap * 2 : 16) * sizeof(*nodes));

			if (!p) {
				rc = NOMEM(s);
				break;
			}
			nodes = p;
		}
		nodes[n++] = node;
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < n && rc == 0; i++) {
		cmark_node *node = nodes[i];
		const char *url = cmark_node_get_url(node);
		int image = cmark_node_get_type(node) == CMARK_NODE_IMAGE;
		size_t line = (size_t)cmark_node_get_start_line(node) + doc->body_line - 1;
		enum target what;

		if (!url)
			url = "";
		if (image && (sakra_url_has_scheme(url) || (url[0] == '/' && url[1] == '/'))) {
			/* A remote image would be a request leaving the site. */
			sakra_buf_clear(&note);
			if (sakra_buf_printf(&note, "[%s: %s]", site_word(s, "external_image"), url) < 0 ||
			    replace_with_note(node, note.ptr) < 0)
				rc = NOMEM(s);
			continue;
		}
		if ((rc = resolve_link(s, pg, url, &href, &what)) < 0) {
			rc = NOMEM(s);
			break;
		}
		switch (what) {
		case T_KEEP:
			break;
		case T_HREF:
			if (!cmark_node_set_url(node, href.ptr))
				rc = NOMEM(s);
			break;
		case T_WITHHELD:
			sakra_buf_clear(&note);
			if (sakra_buf_printf(&note, "[%s]", site_word(s, "withheld")) < 0 ||
			    replace_with_note(node, note.ptr) < 0)
				rc = NOMEM(s);
			break;
		case T_BROKEN:
			sakra_diags_add(s->diags, SAKRA_WARNING, "site.link", doc->path, line,
					(size_t)cmark_node_get_start_column(node),
					"link '%s' leads nowhere in the site; it is shown as plain "
					"text ('sakra check' says more)", url);
			if (image) {
				sakra_buf_clear(&note);
				if (sakra_buf_printf(&note, "[%s]", url) < 0 ||
				    replace_with_note(node, note.ptr) < 0)
					rc = NOMEM(s);
			} else {
				unwrap(node);
			}
			break;
		}
	}
	free(nodes);
	sakra_buf_free(&href);
	sakra_buf_free(&note);
	return rc;
}

/* Gives the k-th heading tag of html the k-th id of the page. */
static int add_heading_ids(const struct page *pg, const char *html, struct sakra_buf *out)
{
	const char *p = html;
	size_t k = 0;
	int rc = 0;

	while (*p && rc == 0) {
		const char *h = strstr(p, "<h");

		if (!h) {
			rc |= sakra_buf_puts(out, p);
			break;
		}
		rc |= sakra_buf_put(out, p, (size_t)(h - p));
		if (h[2] >= '1' && h[2] <= '6' && h[3] == '>' && k < pg->pd->doc->nheadings) {
			rc |= sakra_buf_printf(out, "<h%c id=\"", h[2]);
			rc |= sakra_buf_put_html(out, pg->pd->doc->headings[k++].anchor);
			rc |= sakra_buf_puts(out, "\">");
			p = h + 4;
		} else {
			rc |= sakra_buf_put(out, h, 2);
			p = h + 2;
		}
	}
	return rc ? SAKRA_ENOMEM : 0;
}

int site_render_markdown(struct site *s, const struct page *pg, struct sakra_buf *out)
{
	const struct sakra_doc *doc = pg->pd->doc;
	cmark_parser *parser = sakra_doc_parser_new();
	cmark_node *root = NULL;
	char *html = NULL;
	int rc = 0;

	if (!parser)
		return NOMEM(s);
	cmark_parser_feed(parser, doc->body, strlen(doc->body));
	if (!(root = cmark_parser_finish(parser))) {
		rc = NOMEM(s);
		goto out;
	}
	if ((rc = rewrite_links(s, pg, root)) < 0)
		goto out;
	/* CMARK_OPT_DEFAULT is cmark-gfm's safe mode: raw HTML is dropped and
	 * javascript:, vbscript:, file: and data: links are emptied. */
	html = cmark_render_html(root, CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES,
				 cmark_parser_get_syntax_extensions(parser));
	if (!html || add_heading_ids(pg, html, out) < 0)
		rc = NOMEM(s);
out:
	free(html);
	if (root)
		cmark_node_free(root);
	cmark_parser_free(parser);
	return rc;
}

/* --- the build ---------------------------------------------------------------- */

static int copy_files(struct site *s)
{
	const struct sakra_tree *t = s->plan->tree;
	int rc = 0;

	for (size_t i = 0; i < t->n && rc == 0; i++) {
		const struct sakra_file *f = &t->files[i];

		if (sakra_plan_kind(f->path) < 0 || sakra_plan_find_doc(s->plan, f->path))
			continue;
		if (f->symlink || !site_published(s, f->path)) {
			s->stats->withheld++;
			continue;
		}
		if (s->o->files_at)
			s->stats->files++;
		else if ((rc = s->w->copy(s->w->ctx, f->path, t, f, s->err)) == 0)
			s->stats->files++;
	}
	return rc;
}

int sakra_site_build(const struct sakra_plan *plan, const struct sakra_site_options *o,
		     const struct sakra_site_writer *w, struct sakra_diags *diags,
		     struct sakra_site_stats *stats, struct sakra_error *err)
{
	struct site s;
	struct theme_cache theme;
	struct sakra_buf css = SAKRA_BUF_INIT;
	struct sakra_tree *etree = NULL;
	struct sakra_plan *eplan = NULL;
	struct sakra_diags ediags = SAKRA_DIAGS_INIT;
	size_t left_out;
	int rc;

	memset(&s, 0, sizeof(s));
	memset(stats, 0, sizeof(*stats));
	stats->level = -1;
	if (!plan->config || !plan->fw)
		return sakra_error_set(err, SAKRA_EINVAL, SAKRA_CONFIG_FILE, 0, 0,
				       "the plan's sakra.yml or framework cannot be read; "
				       "'sakra check' says why");
	/* The edition's site is made from the edition's files alone: nothing
	 * of a withheld document (its sections, evidence dates, register
	 * rows) reaches a page, and a bundle's reader, which holds only those
	 * files, renders the same bytes. Its findings were check's to report. */
	if ((rc = sakra_plan_edition_tree(plan, o->edition, &etree, &left_out, err)) < 0)
		return rc;
	memset(&theme, 0, sizeof(theme));
	pthread_mutex_init(&theme.mu, NULL);
	s.theme = &theme;
	if (left_out) {
		if ((rc = sakra_plan_load(&eplan, etree, &ediags, err)) < 0)
			goto out;
		if (!eplan->config || !eplan->fw) {
			rc = sakra_error_set(err, SAKRA_EINVAL, SAKRA_CONFIG_FILE, 0, 0,
					     "cannot be read for the edition");
			goto out;
		}
		plan = eplan;
	}
	s.plan = plan;
	s.cfg = plan->config;
	s.o = o;
	s.w = w;
	s.diags = diags;
	s.err = err;
	s.stats = stats;
	s.lang = plan->config->language ? plan->config->language : "sv";
	/* a theme may come from the repository, so from a bundle's author:
	 * its templates get work in proportion to the site, ample for the
	 * built-in theme (about 300 steps a page) */
	for (size_t i = 0; i < plan->tree->n; i++) {
		const struct sakra_file *f = &plan->tree->files[i];
		int kind = sakra_plan_kind(f->path);

		if (kind >= 0 && kind < SAKRA_KIND_COUNT && (f->withheld || !site_published(&s, f->path)))
			s.held[kind]++;
	}
	if ((rc = collect_pages(&s)) < 0)
		goto out;
	s.budget.steps = 20000000u + 1000u * s.npages;
	if ((rc = load_strings(&s)) < 0 ||
	    (rc = sakra_matrix_build(&s.matrix, plan, &o->today, err)) < 0)
		goto out;
	/* The files first, so the front page can count what was withheld. */
	if ((rc = site_theme_load(&s, "style.css", &css, err)) < 0 ||
	    (rc = w->write(w->ctx, "style.css", css.ptr, css.len, err)) < 0 ||
	    (rc = copy_files(&s)) < 0)
		goto out;
	if (rc == 0)
		rc = site_document_pages(&s);
	if (rc == 0)
		rc = site_appendices_page(&s);
	if (rc == 0)
		rc = site_register_page(&s);
	if (rc == 0)
		rc = site_evidence_page(&s);
	if (rc == 0)
		rc = site_matrix_page(&s);
	if (rc == 0)
		rc = site_versions_page(&s);
	if (rc == 0)
		rc = site_index_page(&s);
	if (rc == 0)
		rc = site_print_css(&s);
out:
	for (size_t i = 0; i < s.nprints; i++)
		free(s.prints[i]);
	free(s.prints);
	for (size_t i = 0; i < s.npages; i++)
		free(s.pages[i].href);
	free(s.pages);
	free(s.appendices);
	sakra_yaml_free(s.strings);
	sakra_matrix_free(s.matrix);
	sakra_buf_free(&css);
	theme_cache_free(&theme);
	sakra_plan_free(eplan);
	sakra_tree_free(etree);
	sakra_diags_free(&ediags);
	return rc;
}

/* --- a site in a folder ------------------------------------------------------- */

static int stage_write(void *ctx, const char *path, const void *data, size_t len,
		       struct sakra_error *err)
{
	return sakra_stage_write(ctx, path, data, len, err);
}

static int stage_copy(void *ctx, const char *path, const struct sakra_tree *tree,
		      const struct sakra_file *f, struct sakra_error *err)
{
	struct sakra_buf dst = SAKRA_BUF_INIT;
	int rc;

	if ((rc = sakra_stage_path(ctx, path, &dst, err)) == 0)
		rc = sakra_tree_copy(tree, f, dst.ptr, err);
	sakra_buf_free(&dst);
	return rc;
}

/* 1 if dir holds a site sakra built (its index.html says so). */
static int is_sakra_site(const char *dir)
{
	struct sakra_buf path = SAKRA_BUF_INIT, text = SAKRA_BUF_INIT;
	struct sakra_error err;
	int yes = 0;

	if (sakra_buf_printf(&path, "%s/index.html", dir) == 0 &&
	    sakra_file_read(path.ptr, &text, 1u << 20, &err) == 0 && text.ptr)
		yes = strstr(text.ptr, "<meta name=\"generator\" content=\"sakra ") != NULL;
	sakra_buf_free(&path);
	sakra_buf_free(&text);
	return yes;
}

int sakra_site_write_dir(const struct sakra_plan *plan, const struct sakra_site_options *o,
			 const char *dir, struct sakra_diags *diags,
			 struct sakra_site_stats *stats, struct sakra_error *err)
{
	struct sakra_stage st;
	struct sakra_site_writer w;
	int rc;

	if (access(dir, F_OK) == 0 && !is_sakra_site(dir))
		return sakra_error_set(err, SAKRA_EEXISTS, NULL, 0, 0, "%s exists and is not a site "
				       "sakra built; choose another -o DIR", dir);
	/* a site is copied to a web server as it is: the usual modes */
	if ((rc = sakra_stage_open(&st, dir, SAKRA_STAGE_REPLACE, 0, err)) < 0)
		return rc;
	w.write = stage_write;
	w.copy = stage_copy;
	w.ctx = &st;
	if ((rc = sakra_site_build(plan, o, &w, diags, stats, err)) < 0) {
		sakra_stage_abort(&st);
		return rc;
	}
	return sakra_stage_commit(&st, err);
}
