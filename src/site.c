/* site: rendering an edition of the plan (see sakra/site.h). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>

#include "sakra/embed.h"
#include "sakra/followup.h"
#include "sakra/fs.h"
#include "sakra/repo.h"
#include "sakra/site.h"
#include "sakra/theme.h"
#include "sakra/stage.h"
#include "sakra/stream.h"
#include "sakra/template.h"
#include "sakra/yaml.h"
#include "sakra/date.h"
#include "sakra/text.h"

struct page {
	const struct sakra_plan_doc *pd;
	char *href;              /* its path in the site */
	int level;               /* classification level index */
};

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

struct site {
	struct sakra_template_budget budget;  /* the whole site's template work */
	struct theme_cache *theme;
	const struct sakra_plan *plan;
	const struct sakra_config *cfg;
	const struct sakra_site_options *o;
	const struct sakra_site_writer *w;
	struct sakra_diags *diags;
	struct sakra_error *err;
	const char *lang;
	struct page *pages;          /* one per published document, by path */
	size_t npages;
	struct sakra_yaml *strings;  /* theme/strings.yml */
	const struct sakra_yaml *t;  /* its map for the language */
	struct sakra_site_stats *stats;
	struct sakra_matrix *matrix;
	const struct page **appendices;  /* by title, then path */
	size_t nappendices;
	char **prints;                   /* distinct marking lines of printed pages */
	size_t nprints;
	/* Files of each kind the edition leaves out (SAKRA_KIND_*): what the
	 * site lacks because of them is "not in this edition", never
	 * "missing", "overdue" or "none". */
	size_t held[SAKRA_KIND_COUNT];
};

/* Up to this many appendices are listed in every page's navigation; more
 * are listed on appendices.html. */
#define NAV_MAX_APPENDICES 25

#define NOMEM(s) sakra_error_set((s)->err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory")

/* --- what is published ------------------------------------------------------- */

static int level_of(const struct site *s, const char *path)
{
	const char *id = sakra_plan_marking(s->plan, path);

	return id ? sakra_config_level(s->cfg, id) : -1;
}

/* A file of the plan's four folders is published when it is marked at or
 * below the edition's level; unmarked files never are. */
static int published(const struct site *s, const char *path)
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

static struct page *find_page(const struct site *s, const char *doc_path)
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

static const char *doc_title(const struct sakra_plan_doc *pd);

static int cmp_appendix(const void *a, const void *b)
{
	const struct page *x = *(const struct page *const *)a, *y = *(const struct page *const *)b;
	int c = strcmp(doc_title(x->pd), doc_title(y->pd));

	return c ? c : strcmp(x->pd->file->path, y->pd->file->path);
}

/* The anchor of heading h (one of the page's document's), or NULL. */
static const char *heading_id(const struct page *pg, const struct sakra_heading *h)
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

		if (!pd->doc || !pd->doc->readable || !published(s, pd->file->path)) {
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
static int theme_load(void *ctx, const char *name, struct sakra_buf *out, struct sakra_error *err)
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

	if ((rc = theme_load(s, "strings.yml", &text, s->err)) < 0)
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
static const char *word(const struct site *s, const char *key)
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

static int put_relative(struct sakra_buf *out, const char *from, const char *to)
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

static int put_fragment(struct sakra_buf *out, const char *frag)
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
static int file_target(const struct site *s, const char *path, struct sakra_buf *out)
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
		const struct page *to = find_page(s, target.ptr);

		if (!to) {
			*what = T_WITHHELD;
		} else {
			*what = T_HREF;
			rc = put_relative(href, from->href, to->href);
			if (rc == 0 && hash && fragdec.len && !sakra_doc_anchor(to->pd->doc, fragdec.ptr))
				*what = T_BROKEN;
			if (rc == 0 && hash)
				rc = put_fragment(href, sakra_buf_cstr(&fragdec));
		}
	} else if (sakra_tree_find(t, target.ptr)) {
		if (published(s, target.ptr) && !(pd && !find_page(s, target.ptr))) {
			struct sakra_buf at = SAKRA_BUF_INIT;

			*what = T_HREF;
			if ((rc = file_target(s, target.ptr, &at)) == 0)
				rc = put_relative(href, from->href, at.ptr);
			sakra_buf_free(&at);
		} else {
			*what = T_WITHHELD;
		}
	} else if (sakra_tree_is_dir(t, target.ptr)) {
		const char *page = strcmp(target.ptr, "systems") == 0 ? "register.html" :
				   strncmp(target.ptr, "evidence", 8) == 0 ? "evidence.html" :
				   "index.html";

		*what = T_HREF;
		rc = put_relative(href, from->href, page);
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
			if (sakra_buf_printf(&note, "[%s: %s]", word(s, "external_image"), url) < 0 ||
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
			if (sakra_buf_printf(&note, "[%s]", word(s, "withheld")) < 0 ||
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

static int render_markdown(struct site *s, const struct page *pg, struct sakra_buf *out)
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

/* --- page data ------------------------------------------------------------------ */

/* A site path as an href from the root (percent-encoded). */
static struct sakra_tv *href_value(struct sakra_tdata *d, struct sakra_tv *map, const char *key,
				   const char *path, const char *frag)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	struct sakra_tv *v = NULL;

	if (put_relative(&b, "", path) == 0 && put_fragment(&b, frag) == 0)
		v = sakra_tv_text(d, map, key, sakra_buf_cstr(&b));
	sakra_buf_free(&b);
	return v;
}

static const char *level_label(const struct site *s, int level)
{
	if (level < 0 || (size_t)level >= s->cfg->nlevels)
		return "";
	return s->cfg->levels[level].label ? s->cfg->levels[level].label : s->cfg->levels[level].id;
}

/* The legal bases given by the published documents at level (of the
 * kinds in mask), distinct, in path order, joined by "; ". */
static int legal_bases(const struct site *s, int level, unsigned mask, struct sakra_buf *out)
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

static int max_level(const struct site *s, unsigned mask)
{
	int level = -1;

	for (size_t i = 0; i < s->npages; i++)
		if ((mask & (1u << s->pages[i].pd->kind)) && s->pages[i].level > level)
			level = s->pages[i].level;
	return level;
}

#define KINDS_ALL ((1u << SAKRA_KIND_PLAN) | (1u << SAKRA_KIND_APPENDIX) | \
		   (1u << SAKRA_KIND_SYSTEM) | (1u << SAKRA_KIND_EVIDENCE))

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
		sakra_tv_text(d, a, "role", sig->claim.role);
		sakra_tv_text(d, a, "date", sig->claim.date);
	}
	sakra_version_date(v, date);
	sakra_tv_text(d, st, "date", date);
}

/* Whether the edition leaves out a document that may hold a section. */
static int held_documents(const struct site *s)
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
		const struct page *pg = w->doc ? find_page(s, w->doc->path) : NULL;
		struct sakra_tv *it;

		if (!is_chapter(sec))
			continue;
		it = sakra_tv_item(d, ch);
		sakra_tv_text(d, it, "number", sec->number);
		sakra_tv_text(d, it, "title", sakra_i18n_get(&sec->title, s->lang));
		sakra_tv_flag(d, it, "missing", !w->doc && !held_documents(s));
		sakra_tv_flag(d, it, "withheld", w->doc ? !pg : held_documents(s));
		sakra_tv_flag(d, it, "here", pg && here && strcmp(pg->href, here) == 0);
		if (pg) {
			href_value(d, it, "href", pg->href, heading_id(pg, w->h));
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
		href_value(d, it, "href", pg->href, NULL);
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
static const char *print_page(struct site *s, int level, const char *legal, char name[16])
{
	struct sakra_buf line = SAKRA_BUF_INIT;
	size_t k;

	sakra_buf_puts(&line, level_label(s, level));
	if (legal && *legal)
		sakra_buf_printf(&line, " · %s: %s", word(s, "legal_basis"), legal);
	if (!s->o->version)
		sakra_buf_printf(&line, " · %s", word(s, "draft"));
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

static int print_css(struct site *s)
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
	else if ((rc = theme_load(s, "print.css", &text, s->err)) == 0 &&
		 (rc = sakra_template_render(&out, "print.css", text.ptr, text.len,
					     sakra_tdata_root(d), theme_load, s, &s->budget, s->err)) == 0)
		rc = s->w->write(s->w->ctx, "print.css", out.ptr ? out.ptr : "", out.len, s->err);
	sakra_buf_free(&text);
	sakra_buf_free(&out);
	sakra_buf_free(&css);
	sakra_tdata_free(d);
	return rc;
}

/* The data every page has. */
static struct sakra_tv *page_data(struct site *s, struct sakra_tdata *d, const char *path,
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
	sakra_tv_text(d, root, "framework", s->plan->fw ? sakra_i18n_get(&s->plan->fw->title, s->lang) : "");
	sakra_tv_text(d, root, "edition", s->o->edition ? s->o->edition->name : "");
	sakra_tv_text(d, root, "marking", level_label(s, level));
	sakra_tv_text(d, root, "marking_id", level >= 0 ? s->cfg->levels[level].id : "");
	sakra_tv_text(d, root, "legal_basis", legal);
	sakra_tv_textf(d, root, "generator", "sakra %s", SAKRA_VERSION);
	sakra_tv_text(d, root, "print_page", print_page(s, level, legal, name));
	add_strings(s, d, root);
	add_stamp(s, d, root);
	add_nav(s, d, root, path);
	sakra_buf_free(&up);
	return root;
}

/* Renders the content template into {{content}}, then layout.html, and
 * writes the page. */
static int emit_page(struct site *s, struct sakra_tdata *d, const char *tmpl, const char *path)
{
	struct sakra_buf text = SAKRA_BUF_INIT, content = SAKRA_BUF_INIT, page = SAKRA_BUF_INIT;
	struct sakra_tv *root = sakra_tdata_root(d);
	int rc;

	if (sakra_tdata_failed(d))
		return NOMEM(s);
	if ((rc = theme_load(s, tmpl, &text, s->err)) < 0 ||
	    (rc = sakra_template_render(&content, tmpl, text.ptr, text.len, root, theme_load, s,
					&s->budget, s->err)) < 0)
		goto out;
	if (!sakra_tv_html(d, root, "content", sakra_buf_cstr(&content))) {
		rc = NOMEM(s);
		goto out;
	}
	if ((rc = theme_load(s, "layout.html", &text, s->err)) < 0 ||
	    (rc = sakra_template_render(&page, "layout.html", text.ptr, text.len, root, theme_load,
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

static const char *doc_title(const struct sakra_plan_doc *pd)
{
	const char *t = sakra_doc_meta(pd->doc, "title");

	return t ? t : pd->file->path;
}

/* A link to the published page or file of a repository path, or none. */
static void add_link(const struct site *s, struct sakra_tdata *d, struct sakra_tv *map,
		     const char *path)
{
	const struct page *pg = find_page(s, path);

	if (pg)
		href_value(d, map, "href", pg->href, NULL);
	else if (!sakra_plan_find_doc(s->plan, path) && sakra_tree_find(s->plan->tree, path) &&
		 published(s, path)) {
		struct sakra_buf at = SAKRA_BUF_INIT;

		if (file_target(s, path, &at) == 0)
			href_value(d, map, "href", at.ptr, NULL);
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
		it = sakra_tv_item(d, facts);
		sakra_tv_text(d, it, "key", block->pairs[i].key->value);
		sakra_tv_text(d, it, "value", v->value);
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
			add_link(s, d, it, e->attachments[k].path);
		}
	}
	if (pg->pd->sidecar) {
		struct sakra_tv *it = sakra_tv_item(d, att);
		size_t n = strlen(pg->pd->file->path) - 3;
		char *described = strndup(pg->pd->file->path, n);

		if (described) {
			sakra_tv_text(d, it, "name", described);
			add_link(s, d, it, described);
		}
		free(described);
	}
}

static int document_page(struct site *s, const struct page *pg)
{
	const struct sakra_doc *doc = pg->pd->doc;
	struct sakra_tdata *d = sakra_tdata_new();
	struct sakra_buf body = SAKRA_BUF_INIT;
	struct sakra_tv *root, *toc;
	const char *lb = sakra_doc_meta(doc, "legal_basis");
	int rc;

	if (!d)
		return NOMEM(s);
	if ((rc = render_markdown(s, pg, &body)) < 0)
		goto out;
	root = page_data(s, d, pg->href, doc_title(pg->pd), pg->level, lb ? lb : "");
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
	rc = emit_page(s, d, "document.html", pg->href);
out:
	sakra_buf_free(&body);
	sakra_tdata_free(d);
	return rc;
}

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
		if ((r->rc = document_page(&ws, &p->s->pages[i])) < 0 && !r->err.code)
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
static int document_pages(struct site *s)
{
	size_t nth = sakra_threads(PAGE_THREADS_MAX), started = 0;
	struct page_worker wk[PAGE_THREADS_MAX];
	pthread_t th[PAGE_THREADS_MAX];
	struct page_pipe *p;
	int rc = 0;

	if (nth < 2 || s->npages < PAGES_THREADED_FROM) {
		for (size_t i = 0; i < s->npages && rc == 0; i++)
			rc = document_page(s, &s->pages[i]);
		return rc;
	}
	/* the printed pages' names, in the pages' order, before any worker
	 * looks one up */
	for (size_t i = 0; i < s->npages; i++) {
		const char *lb = sakra_doc_meta(s->pages[i].pd->doc, "legal_basis");
		char name[16];

		print_page(s, s->pages[i].level, lb ? lb : "", name);
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
	add_link(s, d, it, sys->doc->path);
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
	int least = floor ? sakra_config_level(s->cfg, floor) : -1;
	int level = kinds ? max_level(s, kinds) : -1;

	if (least < 0 && s->cfg->nlevels)
		least = 0;
	if (level < least)
		level = least;

	if (!d || (kinds && legal_bases(s, level, kinds, &lb) < 0)) {
		sakra_tdata_free(d);
		sakra_buf_free(&lb);
		NOMEM(s);
		return NULL;
	}
	*root = page_data(s, d, path, title, level, sakra_buf_cstr(&lb));
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

		if (!find_page(s, a->doc->path))
			continue;
		it = sakra_tv_item(d, rows);
		sakra_tv_text(d, it, "name", a->name);
		add_link(s, d, it, a->doc->path);
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

static int register_page(struct site *s)
{
	const struct sakra_plan *p = s->plan;
	struct sakra_tv *root, *classes, *other;
	struct sakra_tdata *d = generated_data(s, 1u << SAKRA_KIND_SYSTEM, "register.html",
					       word(s, "register"), &root);
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
			if (p->systems[i].cls == cls && find_page(s, p->systems[i].doc->path))
				add_system(s, d, systems, &p->systems[i]);
	}
	other = sakra_tv_list(d, root, "unclassified");
	for (size_t i = 0; i < p->nsystems; i++)
		if (!p->systems[i].cls && find_page(s, p->systems[i].doc->path))
			add_system(s, d, other, &p->systems[i]);
	add_assets(s, d, root);
	rc = emit_page(s, d, "register.html", "register.html");
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
	add_link(s, d, it, e->doc->path);
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

		if (!e->attachments[k].path || !published(s, e->attachments[k].path))
			continue;
		a = sakra_tv_item(d, att);
		sakra_tv_text(d, a, "name", strrchr(e->attachments[k].path, '/') ?
			      strrchr(e->attachments[k].path, '/') + 1 : e->attachments[k].path);
		add_link(s, d, a, e->attachments[k].path);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int evidence_page(struct site *s)
{
	const struct sakra_plan *p = s->plan;
	const struct sakra_evidence **byd = p->nevidence ? sakra_evidence_by_date(p) : NULL;
	const char **types = p->nevidence ? calloc(p->nevidence, sizeof(*types)) : NULL;
	struct sakra_tv *root, *groups;
	struct sakra_tdata *d = generated_data(s, 1u << SAKRA_KIND_EVIDENCE, "evidence.html",
					       word(s, "evidence"), &root);
	size_t ntypes = 0;
	int rc;

	if (!d || (p->nevidence && (!byd || !types))) {
		rc = NOMEM(s);
		goto out;
	}
	for (size_t i = 0; i < p->nevidence; i++) {
		const char *t = p->evidence[i].type ? p->evidence[i].type : "";
		size_t k;

		if (!find_page(s, p->evidence[i].doc->path))
			continue;
		for (k = 0; k < ntypes && strcmp(types[k], t); k++)
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
			if (strcmp(s->cfg->obligations[o].id, types[k]) == 0)
				title = s->cfg->obligations[o].title;
		if (!title)
			title = sakra_framework_type_title(p->fw, types[k], s->lang);
		sakra_tv_text(d, g, "type", types[k]);
		sakra_tv_text(d, g, "title", title ? title : types[k]);
		records = sakra_tv_list(d, g, "records");
		for (size_t i = 0; i < p->nevidence; i++) {
			const struct sakra_evidence *e = byd[i];

			if (strcmp(e->type ? e->type : "", types[k]) == 0 &&
			    find_page(s, e->doc->path))
				add_evidence(s, d, records, e);
		}
	}
	rc = emit_page(s, d, "evidence.html", "evidence.html");
out:
	free(byd);
	free(types);
	sakra_tdata_free(d);
	return rc;
}

static int matrix_page(struct site *s)
{
	struct sakra_tv *root, *reqs;
	struct sakra_tdata *d = generated_data(s, KINDS_ALL, "matrix.html", word(s, "matrix"),
					       &root);
	int rc;

	if (!d)
		return SAKRA_ENOMEM;
	add_today(s, d, root);
	reqs = sakra_tv_list(d, root, "requirements");
	for (size_t i = 0; s->matrix && i < s->matrix->n; i++) {
		const struct sakra_requirement *r = &s->matrix->reqs[i];
		const struct page *pg = r->where->doc ? find_page(s, r->where->doc->path) : NULL;
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
		sakra_tv_flag(d, it, "missing", !r->where->doc && r->required && !held_documents(s));
		sakra_tv_flag(d, it, "not_applicable", r->not_applicable && pg);
		sakra_tv_flag(d, it, "withheld", r->where->doc ? !pg : held_documents(s));
		if (pg) {
			href_value(d, it, "href", pg->href, heading_id(pg, r->where->h));
			sakra_tv_textf(d, it, "place", "%s:%zu", r->where->doc->path, r->where->line);
		} else {
			sakra_tv_text(d, it, "href", "");
			sakra_tv_text(d, it, "place", "");
		}
		list = sakra_tv_list(d, it, "systems");
		for (size_t k = 0; k < r->nsystems; k++) {
			struct sakra_tv *sy;

			if (!find_page(s, r->systems[k]->doc->path))
				continue;
			sy = sakra_tv_item(d, list);
			sakra_tv_text(d, sy, "name", r->systems[k]->name);
			add_link(s, d, sy, r->systems[k]->doc->path);
		}
		list = sakra_tv_list(d, it, "evidence");
		for (size_t k = 0; k < r->nevidence; k++)
			if (find_page(s, r->evidence[k]->doc->path))
				add_evidence(s, d, list, r->evidence[k]);
		if (r->newest && find_page(s, r->newest->doc->path))
			date_text(d, it, "newest", &r->newest->date);
		else
			sakra_tv_text(d, it, "newest", "");
		/* the newer evidence may be in a file the edition leaves out */
		sakra_tv_text(d, it, "overdue", r->overdue && !s->held[SAKRA_KIND_EVIDENCE]
				? r->overdue->ob->id : "");
		sakra_tv_flag(d, it, "evidence_withheld",
			      r->overdue && s->held[SAKRA_KIND_EVIDENCE]);
	}
	rc = emit_page(s, d, "matrix.html", "matrix.html");
	sakra_tdata_free(d);
	return rc;
}

static int versions_page(struct site *s)
{
	const struct sakra_versions *vs = s->o->versions;
	struct sakra_tv *root, *list;
	/* Names and dates of approvals, no document: the lowest marking. */
	struct sakra_tdata *d = generated_data(s, 0, "versions.html", word(s, "versions"), &root);
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
			sakra_tv_text(d, a, "role", sig->claim.role);
			sakra_tv_text(d, a, "date", sig->claim.date);
			sakra_tv_text(d, a, "decision", sig->claim.decision);
			sakra_tv_flag(d, a, "counts", sig->counts);
		}
	}
	rc = emit_page(s, d, "versions.html", "versions.html");
	sakra_tdata_free(d);
	return rc;
}

static int appendices_page(struct site *s)
{
	struct sakra_tv *root, *list;
	struct sakra_tdata *d = generated_data(s, 1u << SAKRA_KIND_APPENDIX, "appendices.html",
					       word(s, "appendices"), &root);
	int rc;

	if (!d)
		return SAKRA_ENOMEM;
	list = sakra_tv_list(d, root, "appendices");
	for (size_t k = 0; k < s->nappendices; k++) {
		const struct page *pg = s->appendices[k];
		struct sakra_tv *it = sakra_tv_item(d, list);

		sakra_tv_text(d, it, "title", doc_title(pg->pd));
		href_value(d, it, "href", pg->href, NULL);
		sakra_tv_text(d, it, "marking", level_label(s, pg->level));
	}
	rc = emit_page(s, d, "appendices.html", "appendices.html");
	sakra_tdata_free(d);
	return rc;
}

static int index_page(struct site *s)
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
	rc = emit_page(s, d, "index.html", "index.html");
	sakra_tdata_free(d);
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
		if (f->symlink || !published(s, f->path)) {
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

		if (kind >= 0 && kind < SAKRA_KIND_COUNT && (f->withheld || !published(&s, f->path)))
			s.held[kind]++;
	}
	if ((rc = collect_pages(&s)) < 0)
		goto out;
	s.budget.steps = 20000000u + 1000u * s.npages;
	if ((rc = load_strings(&s)) < 0 ||
	    (rc = sakra_matrix_build(&s.matrix, plan, &o->today, err)) < 0)
		goto out;
	/* The files first, so the front page can count what was withheld. */
	if ((rc = theme_load(&s, "style.css", &css, err)) < 0 ||
	    (rc = w->write(w->ctx, "style.css", css.ptr, css.len, err)) < 0 ||
	    (rc = copy_files(&s)) < 0)
		goto out;
	if (rc == 0)
		rc = document_pages(&s);
	if (rc == 0)
		rc = appendices_page(&s);
	if (rc == 0)
		rc = register_page(&s);
	if (rc == 0)
		rc = evidence_page(&s);
	if (rc == 0)
		rc = matrix_page(&s);
	if (rc == 0)
		rc = versions_page(&s);
	if (rc == 0)
		rc = index_page(&s);
	if (rc == 0)
		rc = print_css(&s);
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
