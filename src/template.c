/* template: the theme's substitution language (see sakra/template.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sakra/template.h"

/* --- data ------------------------------------------------------------------ */

struct block {
	struct block *next;
	size_t used, size;
	max_align_t data[];
};

struct sakra_tdata {
	struct block *blocks;
	struct sakra_tv root;
	int failed;
};

static void *arena_alloc(struct sakra_tdata *d, size_t n)
{
	struct block *b = d->blocks;
	void *p;

	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	if (!b || b->size - b->used < n) {
		size_t size = n > 16384 ? n : 16384;

		if (!(b = malloc(sizeof(*b) + size))) {
			d->failed = 1;
			return NULL;
		}
		b->used = 0;
		b->size = size;
		b->next = d->blocks;
		d->blocks = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

static const char *arena_strdup(struct sakra_tdata *d, const char *s)
{
	size_t n = strlen(s ? s : "") + 1;
	char *p = arena_alloc(d, n);

	if (p)
		memcpy(p, s ? s : "", n);
	return p;
}

struct sakra_tdata *sakra_tdata_new(void)
{
	struct sakra_tdata *d = calloc(1, sizeof(*d));

	if (d)
		d->root.type = SAKRA_TV_MAP;
	return d;
}

void sakra_tdata_free(struct sakra_tdata *d)
{
	if (!d)
		return;
	while (d->blocks) {
		struct block *next = d->blocks->next;

		free(d->blocks);
		d->blocks = next;
	}
	free(d);
}

struct sakra_tv *sakra_tdata_root(struct sakra_tdata *d)
{
	return &d->root;
}

int sakra_tdata_failed(const struct sakra_tdata *d)
{
	return d->failed;
}

static struct sakra_tv *add(struct sakra_tdata *d, struct sakra_tv *to, const char *key,
			    enum sakra_tv_type type)
{
	struct sakra_tv_entry *e;
	struct sakra_tv *v;

	if (!to || d->failed)
		return NULL;
	e = arena_alloc(d, sizeof(*e));
	v = arena_alloc(d, sizeof(*v));
	if (!e || !v || (key && !(e->key = arena_strdup(d, key))))
		return NULL;
	v->type = type;
	e->v = v;
	/* Newest first in a map, so a later set shadows an earlier one. */
	if (to->type == SAKRA_TV_MAP) {
		e->next = to->first;
		to->first = e;
		if (!to->last)
			to->last = e;
	} else {
		if (to->last)
			to->last->next = e;
		else
			to->first = e;
		to->last = e;
	}
	to->n++;
	return v;
}

struct sakra_tv *sakra_tv_text(struct sakra_tdata *d, struct sakra_tv *map, const char *key,
			       const char *text)
{
	struct sakra_tv *v = add(d, map, key, SAKRA_TV_TEXT);

	if (v && !(v->s = arena_strdup(d, text)))
		return NULL;
	return v;
}

struct sakra_tv *sakra_tv_textf(struct sakra_tdata *d, struct sakra_tv *map, const char *key,
				const char *fmt, ...)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	struct sakra_tv *v = NULL;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = sakra_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (rc < 0)
		d->failed = 1;
	else
		v = sakra_tv_text(d, map, key, sakra_buf_cstr(&b));
	sakra_buf_free(&b);
	return v;
}

struct sakra_tv *sakra_tv_html(struct sakra_tdata *d, struct sakra_tv *map, const char *key,
			       const char *html)
{
	struct sakra_tv *v = add(d, map, key, SAKRA_TV_HTML);

	if (v && !(v->s = arena_strdup(d, html)))
		return NULL;
	return v;
}

struct sakra_tv *sakra_tv_flag(struct sakra_tdata *d, struct sakra_tv *map, const char *key,
			       int flag)
{
	struct sakra_tv *v = add(d, map, key, SAKRA_TV_FLAG);

	if (v)
		v->flag = flag != 0;
	return v;
}

struct sakra_tv *sakra_tv_list(struct sakra_tdata *d, struct sakra_tv *map, const char *key)
{
	return add(d, map, key, SAKRA_TV_LIST);
}

struct sakra_tv *sakra_tv_map(struct sakra_tdata *d, struct sakra_tv *map, const char *key)
{
	return add(d, map, key, SAKRA_TV_MAP);
}

struct sakra_tv *sakra_tv_item(struct sakra_tdata *d, struct sakra_tv *list)
{
	return add(d, list, NULL, SAKRA_TV_MAP);
}

struct sakra_tv *sakra_tv_item_text(struct sakra_tdata *d, struct sakra_tv *list,
				    const char *text)
{
	struct sakra_tv *v = add(d, list, NULL, SAKRA_TV_TEXT);

	if (v && !(v->s = arena_strdup(d, text)))
		return NULL;
	return v;
}

const struct sakra_tv *sakra_tv_get(const struct sakra_tv *map, const char *key)
{
	if (!map || map->type != SAKRA_TV_MAP)
		return NULL;
	for (const struct sakra_tv_entry *e = map->first; e; e = e->next)
		if (strcmp(e->key, key) == 0)
			return e->v;
	return NULL;
}

/* --- rendering -------------------------------------------------------------- */

#define MAX_DEPTH 64        /* nested sections and partials */

struct frame {
	const struct sakra_tv *scope[MAX_DEPTH];
	size_t n;
	int partials;
	size_t steps;       /* tags rendered so far, of SAKRA_TEMPLATE_MAX_STEPS */
	size_t loads;       /* partials loaded so far, of SAKRA_TEMPLATE_MAX_PARTIALS */
	struct sakra_template_budget *budget;   /* shared with other renders, or NULL */
};

struct tmpl {
	const char *name, *text;
	size_t len;
	sakra_template_loader load;
	void *ctx;
	struct sakra_error *err;
};

static size_t line_of(const struct tmpl *t, size_t off)
{
	size_t line = 1;

	for (size_t i = 0; i < off && i < t->len; i++)
		line += t->text[i] == '\n';
	return line;
}

static int fail(const struct tmpl *t, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(const struct tmpl *t, size_t off, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sakra_error_set(t->err, SAKRA_EINVAL, t->name, line_of(t, off), 0, "%s", msg);
}

/* The value a dotted name refers to, or NULL. */
static const struct sakra_tv *lookup(const struct frame *f, const char *name)
{
	char head[128];
	const char *dot = strchr(name, '.');
	size_t n = dot ? (size_t)(dot - name) : strlen(name);
	const struct sakra_tv *v = NULL;

	if (strcmp(name, ".") == 0)
		return f->n ? f->scope[f->n - 1] : NULL;
	if (n >= sizeof(head))
		return NULL;
	memcpy(head, name, n);
	head[n] = '\0';
	for (size_t i = f->n; i-- > 0 && !v;)
		v = sakra_tv_get(f->scope[i], head);
	while (v && dot) {
		const char *next = strchr(dot + 1, '.');

		n = next ? (size_t)(next - dot - 1) : strlen(dot + 1);
		if (n >= sizeof(head))
			return NULL;
		memcpy(head, dot + 1, n);
		head[n] = '\0';
		v = sakra_tv_get(v, head);
		dot = next;
	}
	return v;
}

static int truthy(const struct sakra_tv *v)
{
	if (!v)
		return 0;
	switch (v->type) {
	case SAKRA_TV_TEXT:
	case SAKRA_TV_HTML: return v->s && *v->s;
	case SAKRA_TV_FLAG: return v->flag;
	case SAKRA_TV_LIST: return v->n > 0;
	case SAKRA_TV_MAP: return 1;
	}
	return 0;
}

struct tag {
	char kind;                /* 0 value, '#', '^', '/', '>', '!' */
	char name[128];
	size_t start, end;        /* offsets of "{{" and after "}}" */
};

/* The next tag at or after off; 0 when there is none, -1 on a malformed one. */
/* How many of p[0..n) are characters of a tag's name. */
static size_t name_chars(const char *p, size_t n)
{
	size_t i = 0;

	for (; i < n; i++) {
		char c = p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.' || c == '/' || c == '?'))
			break;
	}
	return i;
}

static int next_tag(const struct tmpl *t, size_t off, size_t end, struct tag *tag)
{
	const char *p = t->text + off, *stop = t->text + end, *open = NULL, *close;
	size_t n;

	while (p + 1 < stop && (p = memchr(p, '{', (size_t)(stop - p - 1))) && p[1] != '{')
		p++;
	if (!p || p + 1 >= stop)
		return 0;
	open = p;
	tag->start = (size_t)(open - t->text);
	p = open + 2;
	for (close = p; close + 1 < stop &&
	     (close = memchr(close, '}', (size_t)(stop - close - 1))) && close[1] != '}'; close++)
		;
	if (!close || close + 1 >= stop) {
		fail(t, tag->start, "'{{' is not closed with '}}'");
		return -1;
	}
	tag->end = (size_t)(close + 2 - t->text);
	tag->kind = 0;
	if (strchr("#^/>!", *p))
		tag->kind = *p++;
	while (p < close && (*p == ' ' || *p == '\t'))
		p++;
	while (close > p && (close[-1] == ' ' || close[-1] == '\t'))
		close--;
	n = (size_t)(close - p);
	if (tag->kind == '!') {
		tag->name[0] = '\0';
		return 1;
	}
	if (n == 0 || n >= sizeof(tag->name) || name_chars(p, n) < n ||
	    (memchr(p, '?', n) && (tag->kind != '#' && tag->kind != '/' ? 1 : p[n - 1] != '?' ||
				   memchr(p, '?', n - 1) != NULL))) {
		fail(t, tag->start, "not a tag this theme language knows ({{name}}, {{#name}}, "
		     "{{^name}}, {{/name}}, {{>file}}, {{! ... }})");
		return -1;
	}
	memcpy(tag->name, p, n);
	tag->name[n] = '\0';
	return 1;
}

static int too_much(const struct tmpl *t, size_t off);

/* Where the section opened by tag closes: the offset of its {{/name}}.
 * The tags passed over count as steps: a section entered many times is
 * scanned as many times. */
static int find_close(const struct tmpl *t, const struct tag *open, size_t end,
		      struct tag *close, struct frame *f)
{
	size_t off = open->end;
	int depth = 0, rc;

	while ((rc = next_tag(t, off, end, close)) > 0) {
		if (++f->steps > SAKRA_TEMPLATE_MAX_STEPS)
			return too_much(t, close->start);
		off = close->end;
		if (strcmp(close->name, open->name))
			continue;
		if (close->kind == '#' || close->kind == '^')
			depth++;
		else if (close->kind == '/' && depth-- == 0)
			return 0;
	}
	if (rc == 0)
		fail(t, open->start, "section '%s' is not closed; add {{/name}}", open->name);
	return -1;
}

static int render(struct sakra_buf *out, const struct tmpl *t, size_t off, size_t end,
		  struct frame *f);

static int render_partial(struct sakra_buf *out, const struct tmpl *t, const struct tag *tag,
			  struct frame *f)
{
	struct sakra_buf text = SAKRA_BUF_INIT;
	struct tmpl sub = *t;
	int rc;

	if (!t->load)
		return fail(t, tag->start, "partial '%s' cannot be loaded here", tag->name);
	if (f->partials >= 8)
		return fail(t, tag->start, "partial '%s' includes partials too deeply (a loop?)",
			    tag->name);
	if (++f->loads > SAKRA_TEMPLATE_MAX_PARTIALS)
		return sakra_error_set(t->err, SAKRA_ELIMIT, t->name, line_of(t, tag->start), 0,
				       "more than %u partials in one page: the template's sections "
				       "and partials multiply", SAKRA_TEMPLATE_MAX_PARTIALS);
	if ((rc = t->load(t->ctx, tag->name, &text, t->err)) < 0) {
		sakra_buf_free(&text);
		return rc;
	}
	sub.name = tag->name;
	sub.text = sakra_buf_cstr(&text);
	sub.len = text.len;
	f->partials++;
	rc = render(out, &sub, 0, sub.len, f);
	f->partials--;
	sakra_buf_free(&text);
	return rc;
}

static int too_much(const struct tmpl *t, size_t off)
{
	return sakra_error_set(t->err, SAKRA_ELIMIT, t->name, line_of(t, off), 0,
			       "the page grows past %u MiB or %u tags: the template's sections "
			       "and partials multiply", SAKRA_TEMPLATE_MAX_OUTPUT >> 20,
			       SAKRA_TEMPLATE_MAX_STEPS);
}

static int render(struct sakra_buf *out, const struct tmpl *t, size_t off, size_t end,
		  struct frame *f)
{
	struct tag tag, close;
	int rc, once;

	while ((rc = next_tag(t, off, end, &tag)) > 0) {
		const struct sakra_tv *v;

		/* a theme is input too: sections over lists and partials that
		 * include each other must not multiply without end */
		if (f->budget && f->budget->steps-- == 0) {
			f->budget->steps = 0;
			return sakra_error_set(t->err, SAKRA_ELIMIT, t->name, line_of(t, tag.start), 0,
					       "the theme's templates take more work than a site of "
					       "this size needs: their sections and partials multiply");
		}
		if (++f->steps > SAKRA_TEMPLATE_MAX_STEPS || out->len > SAKRA_TEMPLATE_MAX_OUTPUT)
			return too_much(t, tag.start);
		if (sakra_buf_put(out, t->text + off, tag.start - off) < 0)
			return sakra_error_set(t->err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
		off = tag.end;
		switch (tag.kind) {
		case '!':
			continue;
		case '/':
			return fail(t, tag.start, "{{/%s}} closes no section", tag.name);
		case '>':
			if ((rc = render_partial(out, t, &tag, f)) < 0)
				return rc;
			continue;
		case '#':
		case '^':
			if (find_close(t, &tag, end, &close, f) < 0)
				return -1;
			once = tag.kind == '#' && tag.name[strlen(tag.name) - 1] == '?';
			if (once)
				tag.name[strlen(tag.name) - 1] = '\0';
			v = lookup(f, tag.name);
			if (!v && tag.kind == '#')
				return fail(t, tag.start, "unknown name '%s'", tag.name);
			if (f->n + 1 >= MAX_DEPTH)
				return fail(t, tag.start, "sections nest too deeply at '%s'", tag.name);
			if (tag.kind == '^' || once) {
				if (truthy(v) == once && (rc = render(out, t, tag.end, close.start, f)) < 0)
					return rc;
			} else if (v->type == SAKRA_TV_LIST) {
				for (const struct sakra_tv_entry *e = v->first; e; e = e->next) {
					f->scope[f->n++] = e->v;
					rc = render(out, t, tag.end, close.start, f);
					f->n--;
					if (rc < 0)
						return rc;
				}
			} else if (truthy(v)) {
				f->scope[f->n++] = v;
				rc = render(out, t, tag.end, close.start, f);
				f->n--;
				if (rc < 0)
					return rc;
			}
			off = close.end;
			continue;
		default:
			if (!(v = lookup(f, tag.name)))
				return fail(t, tag.start, "unknown name '%s'", tag.name);
			if (v->type == SAKRA_TV_HTML)
				rc = sakra_buf_puts(out, v->s);
			else if (v->type == SAKRA_TV_TEXT)
				rc = sakra_buf_put_html(out, v->s);
			else
				return fail(t, tag.start, "'%s' is a list, map or flag; use it as "
					    "{{#name}}...{{/name}}", tag.name);
			if (rc < 0)
				return sakra_error_set(t->err, SAKRA_ENOMEM, NULL, 0, 0,
						       "out of memory");
		}
	}
	if (rc < 0)
		return -1;
	if (sakra_buf_put(out, t->text + off, end - off) < 0)
		return sakra_error_set(t->err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	return 0;
}

int sakra_template_render(struct sakra_buf *out, const char *name, const char *text,
			  size_t len, const struct sakra_tv *root, sakra_template_loader load,
			  void *ctx, struct sakra_template_budget *budget, struct sakra_error *err)
{
	struct tmpl t = { name, text, len, load, ctx, err };
	struct frame f;
	int rc;

	f.scope[0] = root;
	f.n = 1;
	f.partials = 0;
	f.steps = 0;
	f.loads = 0;
	f.budget = budget;
	rc = render(out, &t, 0, len, &f);
	if (rc < 0 && err && err->code == 0)
		sakra_error_set(err, SAKRA_EINVAL, name, 0, 0, "template error");
	return rc < 0 ? (err && err->code ? err->code : SAKRA_EINVAL) : 0;
}
