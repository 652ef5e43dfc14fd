/* lsp: the Language Server (see sakra/lsp.h). JSON-RPC messages are
 * framed by a Content-Length header; each is handled in turn. */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "sakra/followup.h"
#include "sakra/json.h"
#include "sakra/lsp.h"
#include "sakra/intl.h"
#include "sakra/text.h"
#include "sakra/workspace.h"

#define MAX_MESSAGE (64u << 20)    /* a message larger than this is refused */
#define MAX_COMPLETIONS 1000

enum { PARSE_ERROR = -32700, INVALID_REQUEST = -32600, METHOD_NOT_FOUND = -32601,
       INVALID_PARAMS = -32602, INTERNAL_ERROR = -32603, NOT_INITIALIZED = -32002,
       REQUEST_FAILED = -32803 };

struct doc {
	char *uri;
	char *path;               /* repository-relative; NULL: outside the plan */
	struct sakra_buf text;
};

struct published {
	char *path;
	uint64_t hash;
};

struct server {
	FILE *in, *out, *log;
	const struct sakra_lsp_options *o;
	struct sakra_workspace *ws;
	int utf8;                 /* positions count bytes, not UTF-16 units */
	int initialized, shutdown;
	struct doc *docs;
	size_t ndocs;
	struct published *pub;
	size_t npub;
	unsigned long long skip;  /* bytes of a refused message still to pass over */
};

/* --- messages ------------------------------------------------------------------ */

/* 1 and the body of the next message; 0 at the end of input; -1 for a
 * message without a usable Content-Length, -2 for one too large (skipped). */
static int read_message(struct server *s, struct sakra_buf *body)
{
	char line[1024];
	long long length = -1;
	int any = 0;

	sakra_buf_clear(body);
	while (s->skip) {   /* the body of a message refused as too large */
		char chunk[65536];
		size_t got = fread(chunk, 1, s->skip > sizeof(chunk) ? sizeof(chunk) : s->skip, s->in);

		if (!got)
			return 0;
		s->skip -= got;
	}
	for (;;) {
		size_t n;

		if (!fgets(line, sizeof(line), s->in))
			return 0;
		n = strlen(line);
		if (n == sizeof(line) - 1 && line[n - 1] != '\n') {   /* an endless header */
			int c;

			while ((c = fgetc(s->in)) != EOF && c != '\n')
				;
			length = -2;
			continue;
		}
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!n) {
			if (any)
				break;
			continue;   /* blank lines between messages */
		}
		any = 1;
		if (strncasecmp(line, "Content-Length:", 15) == 0 && length != -2) {
			const char *v = line + 15 + strspn(line + 15, " \t");
			char *end;

			length = strtoll(v, &end, 10);
			if (end == v || *end || length < 0 || strlen(v) > 12)
				length = -2;
		}
	}
	if (length < 0)
		return -1;
	if ((unsigned long long)length > MAX_MESSAGE) {
		s->skip = (unsigned long long)length;   /* said first, passed over next */
		return -2;
	}
	if (sakra_buf_grow(body, (size_t)length + 1) < 0)
		return -2;
	body->len = fread(body->ptr, 1, (size_t)length, s->in);
	body->ptr[body->len] = '\0';
	return body->len == (size_t)length ? 1 : 0;
}

static void send(struct server *s, json_t *msg)
{
	char *text;

	if (!msg)
		return;
	if (!json_object_get(msg, "jsonrpc"))
		json_object_set_new(msg, "jsonrpc", json_string("2.0"));
	text = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	if (!text)
		return;
	fprintf(s->out, "Content-Length: %zu\r\n\r\n%s", strlen(text), text);
	fflush(s->out);
	if (s->log)
		fprintf(s->log, "-> %.300s\n", text);
	free(text);
}

static void reply(struct server *s, json_t *id, json_t *result)
{
	json_t *m = json_object();

	json_object_set(m, "id", id ? id : json_null());
	json_object_set_new(m, "result", result ? result : json_null());
	send(s, m);
}

static void reply_error(struct server *s, json_t *id, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void reply_error(struct server *s, json_t *id, int code, const char *fmt, ...)
{
	json_t *m = json_object(), *e = json_object();
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_object_set_new(e, "code", json_integer(code));
	json_object_set_new(e, "message", sakra_json_text(msg));
	json_object_set(m, "id", id ? id : json_null());
	json_object_set_new(m, "error", e);
	send(s, m);
}

static void notify(struct server *s, const char *method, json_t *params)
{
	json_t *m = json_object();

	json_object_set_new(m, "method", json_string(method));
	json_object_set_new(m, "params", params);
	send(s, m);
}

static void show(struct server *s, int type, const char *text)
{
	json_t *p = json_object();

	json_object_set_new(p, "type", json_integer(type));
	json_object_set_new(p, "message", sakra_json_text(text));
	notify(s, "window/showMessage", p);
}

/* --- URIs and positions ------------------------------------------------------- */

/* The absolute path of a file: URI (malloc'd), or NULL. */
static char *uri_path(const char *uri)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	const char *p;

	if (!uri || strncmp(uri, "file://", 7) != 0)
		return NULL;
	p = uri + 7;
	if (*p != '/') {   /* file://host/path: only the local host */
		if (strncmp(p, "localhost/", 10) != 0)
			return NULL;
		p += 9;
	}
	if (sakra_url_decode(p, strcspn(p, "?#"), &b) < 0 || !b.len ||
	    memchr(b.ptr, '\0', b.len)) {   /* no NUL inside a path */
		sakra_buf_free(&b);
		return NULL;
	}
	return b.ptr;
}

/* file:// URI of the repository-relative path (malloc'd). */
static char *path_uri(const struct server *s, const char *path)
{
	static const char keep[] = "-._~/";
	struct sakra_buf b = SAKRA_BUF_INIT;
	const char *root = sakra_repo_root(s->ws->repo);

	sakra_buf_puts(&b, "file://");
	for (int part = 0; part < 2; part++) {
		const unsigned char *p = (const unsigned char *)(part ? path : root);

		if (part)
			sakra_buf_putc(&b, '/');
		for (; *p; p++)
			if (isalnum(*p) || strchr(keep, *p))
				sakra_buf_putc(&b, (char)*p);
			else
				sakra_buf_printf(&b, "%%%02X", *p);
	}
	if (sakra_buf_puts(&b, "") < 0) {
		sakra_buf_free(&b);
		return NULL;
	}
	return b.ptr;
}

/* Where line (0-based) starts in text; LF, CRLF and CR end lines as the
 * protocol says. The text's length when it has fewer lines. */
static size_t line_start(const char *t, size_t len, size_t line)
{
	size_t i = 0;

	while (line && i < len) {
		if (t[i] == '\r' || t[i] == '\n') {
			if (t[i] == '\r' && i + 1 < len && t[i + 1] == '\n')
				i++;
			line--;
		}
		i++;
	}
	return i;
}

static size_t line_length(const char *t, size_t len, size_t start)
{
	size_t i = start;

	while (i < len && t[i] != '\n' && t[i] != '\r')
		i++;
	return i - start;
}

/* Units of the client's encoding in the n bytes at p. */
static size_t units(const struct server *s, const char *p, size_t n)
{
	size_t u = 0;

	if (s->utf8)
		return n;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t k = sakra_utf8_decode(p + i, n - i, &cp);

		if (!k) {
			u++;
			i++;
			continue;
		}
		u += cp >= 0x10000 ? 2 : 1;
		i += k;
	}
	return u;
}

/* The bytes of the first cps code points of the n bytes at p (sakra's
 * columns count code points). */
static size_t cp_bytes(const char *p, size_t n, size_t cps)
{
	size_t i = 0;

	while (i < n && cps--) {
		unsigned cp;
		size_t k = sakra_utf8_decode(p + i, n - i, &cp);

		i += k ? k : 1;
	}
	return i;
}

/* The byte in the line at p (n bytes) where `want` units end. */
static size_t bytes_for(const struct server *s, const char *p, size_t n, size_t want)
{
	size_t u = 0, i = 0;

	if (s->utf8)
		return want < n ? want : n;
	while (i < n && u < want) {
		unsigned cp;
		size_t k = sakra_utf8_decode(p + i, n - i, &cp);

		if (!k)
			k = 1, cp = 0;
		u += cp >= 0x10000 ? 2 : 1;
		i += k;
	}
	return i;
}

static json_t *position(size_t line, size_t character)
{
	json_t *p = json_object();

	json_object_set_new(p, "line", json_integer((json_int_t)line));
	json_object_set_new(p, "character", json_integer((json_int_t)character));
	return p;
}

static json_t *range(size_t l1, size_t c1, size_t l2, size_t c2)
{
	json_t *r = json_object();

	json_object_set_new(r, "start", position(l1, c1));
	json_object_set_new(r, "end", position(l2, c2));
	return r;
}

/* Reads {line, character} as a byte offset into text. */
static int offset_of(const struct server *s, const json_t *pos, const char *t, size_t len,
		     size_t *off)
{
	json_t *l = json_object_get(pos, "line"), *c = json_object_get(pos, "character");
	size_t start;

	if (!json_is_integer(l) || !json_is_integer(c) || json_integer_value(l) < 0 ||
	    json_integer_value(c) < 0)
		return -1;
	start = line_start(t, len, (size_t)json_integer_value(l));
	*off = start + bytes_for(s, t + start, line_length(t, len, start),
				 (size_t)json_integer_value(c));
	return 0;
}

/* --- documents ---------------------------------------------------------------- */

static struct doc *find_doc(struct server *s, const char *uri)
{
	for (size_t i = 0; uri && i < s->ndocs; i++)
		if (strcmp(s->docs[i].uri, uri) == 0)
			return &s->docs[i];
	return NULL;
}

static const char *param_uri(const json_t *params)
{
	return json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
}

/* The repository-relative path of a URI, or NULL when it is outside. */
static char *uri_rel(const struct server *s, const char *uri)
{
	char *abs = s->ws ? uri_path(uri) : NULL, *rel;

	if (!abs)
		return NULL;
	rel = sakra_workspace_path(s->ws, abs);
	free(abs);
	return rel;
}

/* The text of a file of the plan as the server sees it. */
static int file_text(const struct server *s, const char *path, struct sakra_buf *out)
{
	struct sakra_error err;

	return s->ws ? sakra_workspace_text(s->ws, path, out, &err) : -1;
}

static const struct sakra_doc *plan_doc(const struct server *s, const char *path)
{
	const struct sakra_plan_doc *pd;

	if (!s->ws || !s->ws->plan || !path)
		return NULL;
	pd = sakra_plan_find_doc(s->ws->plan, path);
	return pd && pd->doc && pd->doc->readable ? pd->doc : NULL;
}

/* --- diagnostics --------------------------------------------------------------- */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

static json_t *diagnostic(const struct server *s, const struct sakra_diag *x,
			  const struct sakra_buf *text)
{
	json_t *d = json_object();
	size_t l = x->line ? x->line - 1 : 0, c1 = 0, c2 = 0;

	if (x->line && text->ptr) {
		size_t start = line_start(text->ptr, text->len, l);
		size_t n = line_length(text->ptr, text->len, start);
		size_t col = cp_bytes(text->ptr + start, n, x->column ? x->column - 1 : 0);

		c1 = units(s, text->ptr + start, col);
		c2 = units(s, text->ptr + start, n);
		if (c2 < c1)
			c2 = c1;
	}
	json_object_set_new(d, "range", range(l, c1, l, c2));
	json_object_set_new(d, "severity", json_integer(x->severity == SAKRA_ERROR ? 1 :
							   x->severity == SAKRA_WARNING ? 2 : 3));
	json_object_set_new(d, "code", json_string(x->rule));
	json_object_set_new(d, "source", json_string("sakra"));
	json_object_set_new(d, "message", sakra_json_text(x->message));
	/* the English of a translated message: what the quick fixes read */
	if (x->english)
		json_object_set_new(d, "data", json_pack("{s:o}", "en", sakra_json_text(x->english)));
	return d;
}

static void publish_file(struct server *s, const char *path, const struct sakra_diag *v,
			 size_t n)
{
	struct sakra_buf text = SAKRA_BUF_INIT;
	json_t *p = json_object(), *list = json_array();
	char *uri = path_uri(s, path);

	if (n)
		file_text(s, path, &text);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, diagnostic(s, &v[i], &text));
	json_object_set_new(p, "uri", sakra_json_text(uri));
	json_object_set_new(p, "diagnostics", list);
	notify(s, "textDocument/publishDiagnostics", p);
	sakra_buf_free(&text);
	free(uri);
}

static int cmp_pub(const void *a, const void *b)
{
	return strcmp(((const struct published *)a)->path, ((const struct published *)b)->path);
}

/* Checks the workspace and sends the findings of every file whose findings
 * changed since the last time; files that have none left are cleared. */
static void publish(struct server *s)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct published *now = NULL;
	struct sakra_error err;
	size_t nnow = 0, k = 0;

	if (!s->ws)
		return;
	if (sakra_workspace_check(s->ws, &d, &err) < 0) {
		show(s, 1, err.message);
		sakra_diags_free(&d);
		return;
	}
	if (d.n && !(now = calloc(d.n, sizeof(*now))))
		goto out;
	for (size_t i = 0; i < d.n;) {
		size_t j = i;
		uint64_t h = 1469598103934665603ULL;

		while (j < d.n && strcmp(d.v[j].path, d.v[i].path) == 0) {
			h = fnv(h, &d.v[j].line, sizeof(d.v[j].line));
			h = fnv(h, &d.v[j].column, sizeof(d.v[j].column));
			h = fnv(h, &d.v[j].severity, sizeof(d.v[j].severity));
			h = fnv(h, d.v[j].rule, strlen(d.v[j].rule));
			h = fnv(h, d.v[j].message, strlen(d.v[j].message) + 1);
			j++;
		}
		now[nnow].path = strdup(d.v[i].path);
		now[nnow].hash = h;
		/* findings sort by path, so the last list is searched in step */
		while (k < s->npub && strcmp(s->pub[k].path, d.v[i].path) < 0)
			publish_file(s, s->pub[k++].path, NULL, 0);
		if (!(k < s->npub && !strcmp(s->pub[k].path, d.v[i].path) && s->pub[k].hash == h))
			publish_file(s, d.v[i].path, &d.v[i], j - i);
		if (k < s->npub && !strcmp(s->pub[k].path, d.v[i].path))
			k++;
		nnow++;
		i = j;
	}
	while (k < s->npub)
		publish_file(s, s->pub[k++].path, NULL, 0);
	for (size_t i = 0; i < s->npub; i++)
		free(s->pub[i].path);
	free(s->pub);
	s->pub = now;
	s->npub = nnow;
	now = NULL;
	if (s->npub > 1)
		qsort(s->pub, s->npub, sizeof(*s->pub), cmp_pub);
out:
	free(now);
	sakra_diags_free(&d);
}

/* --- hover --------------------------------------------------------------------- */

static const char *lang(const struct server *s)
{
	return s->ws && s->ws->plan && s->ws->plan->config ? s->ws->plan->config->language : "sv";
}

static const char *type_name(enum sakra_fw_type t)
{
	switch (t) {
	case SAKRA_FW_DATE: return _("a date YYYY-MM-DD");
	case SAKRA_FW_SCALE: return _("a number on the scale");
	case SAKRA_FW_LIST: return _("a list");
	case SAKRA_FW_SYSTEMS: return _("systems of the register");
	default: return _("text");
	}
}

static void section_text(const struct server *s, struct sakra_buf *b,
			 const struct sakra_fw_section *sec)
{
	const struct sakra_framework *fw = s->ws->plan->fw;

	sakra_buf_printf(b, "**%s %s** — %s\n\n", sec->number,
			 sakra_i18n_get(&sec->title, lang(s)), fw->id);
	if (sec->nclauses) {
		sakra_buf_puts(b, _("Answers: "));
		for (size_t i = 0; i < sec->nclauses; i++)
			sakra_buf_printf(b, "%s%s", i ? "; " : "", sec->clauses[i]);
		sakra_buf_puts(b, "\n\n");
	}
	if (sakra_plan_section_required(s->ws->plan, sec))
		sakra_buf_puts(b, sec->repeatable ? _("Required, one per system.") : _("Required."));
	else
		sakra_buf_puts(b, sec->repeatable ? _("Optional, one per system.") : _("Optional."));
	if (sec->nfields) {
		sakra_buf_puts(b, "\n\n");
		sakra_buf_puts(b, _("Fields it must give: "));
		for (size_t i = 0; i < sec->nfields; i++)
			sakra_buf_printf(b, "%s`%s`", i ? ", " : "",
					 sakra_i18n_get(&sec->fields[i].label, lang(s)));
	}
}

/* The framework section whose heading comes last at or before line. */
static const struct sakra_fw_section *section_at(const struct server *s,
						 const struct sakra_doc *doc, size_t line)
{
	const struct sakra_fw_section *sec = NULL;

	for (size_t i = 0; i < doc->nheadings && doc->headings[i].line <= line; i++)
		if (doc->headings[i].number)
			sec = sakra_framework_section(s->ws->plan->fw, doc->headings[i].number);
	return sec;
}

static void obligation_text(const struct server *s, struct sakra_buf *b, const char *id)
{
	const struct sakra_plan *plan = s->ws->plan;
	struct sakra_due *dues = NULL;
	struct sakra_date today = s->o->today ? *s->o->today : sakra_date_today();
	struct sakra_error err;
	size_t n = 0;

	if (sakra_followup_dues(plan, &today, &dues, &n, &err) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		char every[32], date[11];

		if (strcmp(dues[i].ob->id, id) != 0)
			continue;
		sakra_period_format(&dues[i].ob->every, every, sizeof(every));
		sakra_buf_printf(b, _("**%s** — an obligation of sakra.yml, every %s"), id, every);
		if (dues[i].ob->ncovers) {
			sakra_buf_puts(b, _(" (sections"));
			for (size_t k = 0; k < dues[i].ob->ncovers; k++)
				sakra_buf_printf(b, " %s", dues[i].ob->covers[k]);
			sakra_buf_puts(b, ")");
		}
		if (dues[i].last) {
			sakra_date_format(&dues[i].last->date.date, date);
			sakra_buf_puts(b, "\n\n");
			sakra_buf_printf(b, _("Last evidence: %s (`%s`)"), date, dues[i].last->doc->path);
		} else {
			sakra_buf_puts(b, "\n\n");
			sakra_buf_puts(b, _("No evidence yet"));
		}
		sakra_date_format(&dues[i].due, date);
		sakra_buf_puts(b, "\n\n");
		if (dues[i].overdue)
			sakra_buf_printf(b, _("Due: %s — **overdue**"), date);
		else
			sakra_buf_printf(b, sakra_trn("Next due: %s (in %ld day)",
						      "Next due: %s (in %ld days)",
						      (unsigned long)dues[i].days_left),
					 date, dues[i].days_left);
	}
	free(dues);
	if (!b->len)
		for (size_t i = 0; plan->fw && i < plan->fw->nevidence_types; i++)
			if (!strcmp(plan->fw->evidence_types[i], id))
				sakra_buf_printf(b, _("**%s** — an evidence type of %s"), id, plan->fw->id);
}

static void hover(struct server *s, json_t *id, const json_t *params)
{
	char *path = uri_rel(s, param_uri(params));
	const struct sakra_doc *doc = plan_doc(s, path);
	json_t *pos = json_object_get(params, "position"), *res;
	struct sakra_buf b = SAKRA_BUF_INIT;
	size_t line;

	if (!doc || !s->ws->plan->fw || !json_is_integer(json_object_get(pos, "line"))) {
		reply(s, id, NULL);
		free(path);
		return;
	}
	line = (size_t)json_integer_value(json_object_get(pos, "line")) + 1;
	for (size_t i = 0; i < doc->nheadings && !b.len; i++) {
		const struct sakra_heading *h = &doc->headings[i];
		const struct sakra_fw_section *sec;

		if (h->line != line || !h->number)
			continue;
		if ((sec = sakra_framework_section(s->ws->plan->fw, h->number)))
			section_text(s, &b, sec);
		else
			sakra_buf_printf(&b, _("Section %s is not a section of %s."), h->number,
					 s->ws->plan->fw->id);
	}
	for (size_t i = 0; i < doc->nfields && !b.len; i++) {
		const struct sakra_field *f = &doc->fields[i];
		const struct sakra_fw_section *sec;

		if (f->line != line || !(sec = section_at(s, doc, line)))
			continue;
		for (size_t k = 0; k < sec->nfields; k++)
			if (sakra_plan_field_is(s->ws->plan, &sec->fields[k], f))
				sakra_buf_printf(&b, _("**%s** — a field section %s %s must give: %s."),
						 f->label, sec->number,
						 sakra_i18n_get(&sec->title, lang(s)),
						 type_name(sec->fields[k].type));
	}
	if (!b.len && doc->front) {
		const struct sakra_yaml *cls = sakra_yaml_get(doc->front, "classification");
		const struct sakra_yaml *ev = sakra_yaml_get(doc->front, "evidence");
		const struct sakra_yaml *type = sakra_yaml_get(ev, "type");
		const struct sakra_config *cfg = s->ws->plan->config;

		if (cls && cls->line == line && sakra_yaml_str(cls) && cfg) {
			int lv = sakra_config_level(cfg, sakra_yaml_str(cls));

			if (lv >= 0)
				sakra_buf_printf(&b, _("**%s** — %s, level %d of %zu; %s"), cfg->levels[lv].id,
						 cfg->levels[lv].label, lv + 1, cfg->nlevels,
						 cfg->levels[lv].legal_basis ? _("a document at this level "
						 "must name its legal basis (`legal_basis:`)") :
						 _("no legal basis needed"));
		} else if (type && type->line == line && sakra_yaml_str(type)) {
			obligation_text(s, &b, sakra_yaml_str(type));
		}
	}
	if (!b.len) {
		reply(s, id, NULL);
	} else {
		json_t *contents = json_object();

		json_object_set_new(contents, "kind", json_string("markdown"));
		json_object_set_new(contents, "value", sakra_json_textn(b.ptr, b.len));
		res = json_object();
		json_object_set_new(res, "contents", contents);
		reply(s, id, res);
	}
	sakra_buf_free(&b);
	free(path);
}

/* --- completion ------------------------------------------------------------------ */

static void item(json_t *list, const char *label, const char *detail, const char *insert,
		 int kind)
{
	json_t *it;

	if (json_array_size(list) >= MAX_COMPLETIONS)
		return;
	it = json_object();
	json_object_set_new(it, "label", sakra_json_text(label));
	json_object_set_new(it, "kind", json_integer(kind));
	if (detail)
		json_object_set_new(it, "detail", sakra_json_text(detail));
	if (insert)
		json_object_set_new(it, "insertText", sakra_json_text(insert));
	json_array_append_new(list, it);
}

/* 1 if the line so far is `key:` and a partial value. */
static int after_key(const char *line, size_t n, const char *key)
{
	size_t i = strspn(line, " \t-"), k = strlen(key);

	return i + k < n + 1 && strncmp(line + i, key, k) == 0 && line[i + k] == ':';
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void complete_front(struct server *s, json_t *list, const struct sakra_doc *doc,
			   const char *line, size_t n, enum sakra_doc_kind kind)
{
	const struct sakra_plan *plan = s->ws->plan;
	const struct sakra_config *cfg = plan->config;
	static const char *const keys[] = { "title", "classification", "legal_basis", "owner",
					    "reviewed", "sections", NULL };

	(void)doc;
	if (after_key(line, n, "classification")) {
		for (size_t i = 0; cfg && i < cfg->nlevels; i++)
			item(list, cfg->levels[i].id, cfg->levels[i].label, NULL, 12);
	} else if (after_key(line, n, "legal_basis")) {
		const char **seen = calloc(plan->ndocs + 1, sizeof(*seen));
		size_t ns = 0;

		for (size_t i = 0; seen && i < plan->ndocs; i++) {
			const struct sakra_doc *d = plan->docs[i].doc;
			const char *lb = d ? sakra_doc_meta(d, "legal_basis") : NULL;

			if (lb && *lb)
				seen[ns++] = lb;
		}
		if (ns)
			qsort(seen, ns, sizeof(*seen), cmp_cstr);
		for (size_t i = 0; i < ns; i++)
			if (!i || strcmp(seen[i], seen[i - 1]))
				item(list, seen[i], _("used elsewhere in the plan"), NULL, 12);
		free(seen);
	} else if (after_key(line, n, "type")) {
		for (size_t i = 0; cfg && i < cfg->nobligations; i++)
			item(list, cfg->obligations[i].id, _("obligation of sakra.yml"), NULL, 12);
		for (size_t i = 0; plan->fw && i < plan->fw->nevidence_types; i++)
			item(list, plan->fw->evidence_types[i], _("evidence type"), NULL, 12);
	} else if (after_key(line, n, "covers") || after_key(line, n, "sections")) {
		for (size_t i = 0; plan->fw && i < plan->fw->nsections; i++)
			item(list, plan->fw->sections[i].number,
			     sakra_i18n_get(&plan->fw->sections[i].title, lang(s)), NULL, 12);
	} else if (strspn(line, "abcdefghijklmnopqrstuvwxyz_") == n) {
		char with[64];

		for (size_t i = 0; keys[i]; i++) {
			snprintf(with, sizeof(with), "%s: ", keys[i]);
			item(list, keys[i], _("front matter"), with, 10);
		}
		if (kind == SAKRA_KIND_SYSTEM)
			item(list, "system", _("the register entry"), "system:\n  ", 10);
		if (kind == SAKRA_KIND_EVIDENCE)
			item(list, "evidence", _("the evidence record"), "evidence:\n  ", 10);
	}
}

/* Paths of the plan's documents, relative to the folder of from. */
static void complete_paths(struct server *s, json_t *list, const char *from)
{
	const struct sakra_plan *plan = s->ws->plan;
	const char *slash = strrchr(from, '/');
	size_t depth = 0;

	for (const char *p = from; slash && p <= slash; p++)
		depth += *p == '/';
	for (size_t i = 0; i < plan->ndocs; i++) {
		const char *p = plan->docs[i].file->path;
		struct sakra_buf rel = SAKRA_BUF_INIT;

		if (!strcmp(p, from))
			continue;
		if (slash && !strncmp(p, from, (size_t)(slash - from) + 1))
			sakra_buf_puts(&rel, p + (slash - from) + 1);
		else {
			for (size_t k = 0; k < depth; k++)
				sakra_buf_puts(&rel, "../");
			sakra_buf_puts(&rel, p);
		}
		if (rel.ptr) {
			const struct sakra_doc *d = plan->docs[i].doc;

			item(list, rel.ptr, d ? sakra_doc_meta(d, "title") : NULL, NULL, 17);
		}
		sakra_buf_free(&rel);
	}
}

static void completion(struct server *s, json_t *id, const json_t *params)
{
	char *path = uri_rel(s, param_uri(params));
	const struct sakra_plan_doc *pd = path && s->ws && s->ws->plan ?
					  sakra_plan_find_doc(s->ws->plan, path) : NULL;
	const struct sakra_doc *doc = plan_doc(s, path);
	struct sakra_buf text = SAKRA_BUF_INIT;
	json_t *list = json_array();
	size_t off, start, lineno;

	if (!doc || !pd || file_text(s, path, &text) < 0 || !text.ptr ||
	    offset_of(s, json_object_get(params, "position"), text.ptr, text.len, &off) < 0)
		goto done;
	lineno = (size_t)json_integer_value(json_object_get(json_object_get(params, "position"),
							    "line")) + 1;
	start = line_start(text.ptr, text.len, lineno - 1);
	{
		char line[1024];
		size_t n = off - start < sizeof(line) - 1 ? off - start : sizeof(line) - 1;
		const char *open;

		memcpy(line, text.ptr + start, n);
		line[n] = '\0';
		if (doc->has_front && lineno > doc->front_line && lineno < doc->body_line) {
			complete_front(s, list, doc, line, n, pd->kind);
		} else if (line[0] == '#' && strspn(line, "#") <= 6 &&
			   strspn(line + strspn(line, "# "), "0123456789.") ==
			   strlen(line + strspn(line, "# ")) && s->ws->plan->fw) {
			const struct sakra_framework *fw = s->ws->plan->fw;

			for (size_t i = 0; i < fw->nsections; i++) {
				char label[512];

				snprintf(label, sizeof(label), "%s %s", fw->sections[i].number,
					 sakra_i18n_get(&fw->sections[i].title, lang(s)));
				item(list, label, fw->sections[i].nclauses ? fw->sections[i].clauses[0]
				     : NULL, NULL, 15);
			}
		} else if ((open = strstr(line, "](")) && !strchr(open, ')')) {
			complete_paths(s, list, path);
		}
	}
done:
	reply(s, id, list);
	sakra_buf_free(&text);
	free(path);
}

/* --- outline, links, definitions ------------------------------------------------ */

static size_t section_last_line(const struct sakra_doc *doc, size_t i, size_t nlines)
{
	for (size_t k = i + 1; k < doc->nheadings; k++)
		if (doc->headings[k].level <= doc->headings[i].level)
			return doc->headings[k].line - 2;
	return nlines ? nlines - 1 : 0;
}

static size_t count_lines(const struct sakra_buf *t)
{
	size_t n = 1;

	for (size_t i = 0; i < t->len; i++)
		if (t->ptr[i] == '\n' || (t->ptr[i] == '\r' && (i + 1 >= t->len || t->ptr[i + 1] != '\n')))
			n++;
	return n;
}

static json_t *symbol(const struct server *s, const struct sakra_doc *doc, size_t i,
		      const struct sakra_buf *text, size_t nlines)
{
	const struct sakra_heading *h = &doc->headings[i];
	json_t *sym = json_object();
	size_t start = line_start(text->ptr, text->len, h->line - 1);
	size_t end = units(s, text->ptr + start, line_length(text->ptr, text->len, start));
	size_t last = section_last_line(doc, i, nlines);
	size_t lstart = line_start(text->ptr, text->len, last);
	size_t lend = units(s, text->ptr + lstart, line_length(text->ptr, text->len, lstart));
	struct sakra_buf name = SAKRA_BUF_INIT;

	if (last < h->line - 1)
		last = h->line - 1, lend = end;
	if (h->number)
		sakra_buf_printf(&name, "%s %s", h->number, h->title ? h->title : "");
	else
		sakra_buf_puts(&name, h->title && *h->title ? h->title : "(heading)");
	json_object_set_new(sym, "name", sakra_json_text(name.ptr));
	json_object_set_new(sym, "kind", json_integer(15));
	json_object_set_new(sym, "range", range(h->line - 1, 0, last, lend));
	json_object_set_new(sym, "selectionRange", range(h->line - 1, 0, h->line - 1, end));
	json_object_set_new(sym, "children", json_array());
	sakra_buf_free(&name);
	return sym;
}

static void symbols(struct server *s, json_t *id, const json_t *params)
{
	char *path = uri_rel(s, param_uri(params));
	const struct sakra_doc *doc = plan_doc(s, path);
	struct sakra_buf text = SAKRA_BUF_INIT;
	json_t *top = json_array(), *stack[7] = { NULL };
	int levels[7] = { 0 };
	size_t depth = 0, nlines;

	if (!doc || file_text(s, path, &text) < 0 || !text.ptr)
		goto done;
	nlines = count_lines(&text);
	for (size_t i = 0; i < doc->nheadings; i++) {
		json_t *sym = symbol(s, doc, i, &text, nlines);

		while (depth && levels[depth - 1] >= doc->headings[i].level)
			depth--;
		json_array_append_new(depth ? json_object_get(stack[depth - 1], "children") : top,
				      sym);
		if (depth < 7) {
			stack[depth] = sym;
			levels[depth++] = doc->headings[i].level;
		}
	}
done:
	reply(s, id, top);
	sakra_buf_free(&text);
	free(path);
}

/* Where a relative link of doc leads: the plan file and the heading its
 * anchor names (-1: none); 0 when it leads nowhere in the plan. */
static int link_target(const struct server *s, const struct sakra_doc *doc, const char *url,
		       struct sakra_buf *target, long *line)
{
	struct sakra_buf frag = SAKRA_BUF_INIT;
	const char *hash = strchr(url, '#');
	const struct sakra_doc *to;
	const struct sakra_heading *h;

	*line = -1;
	if (url[0] == '#') {
		sakra_buf_clear(target);
		sakra_buf_puts(target, doc->path);
	} else if (sakra_link_path(doc, url, target) != 0) {
		return 0;
	}
	if (!target->ptr || !sakra_tree_find(s->ws->tree, target->ptr))
		return 0;
	/* the anchor as check reads it: percent-escapes decoded */
	if (hash && hash[1] && (to = plan_doc(s, target->ptr)) &&
	    sakra_url_decode(hash + 1, strlen(hash + 1), &frag) == 0 &&
	    (h = sakra_doc_anchor(to, sakra_buf_cstr(&frag))))
		*line = (long)h->line - 1;
	sakra_buf_free(&frag);
	return 1;
}

/* The URL of link l as written on its line: its start and length. */
static int url_span(const struct sakra_doc *doc, const struct sakra_link *l,
		    const struct sakra_buf *text, size_t *off, size_t *n)
{
	size_t start = line_start(text->ptr, text->len, l->line - 1);
	size_t len = line_length(text->ptr, text->len, start);
	size_t ulen = strlen(l->url);

	(void)doc;
	for (size_t i = l->column ? l->column - 1 : 0; ulen && i + ulen <= len; i++)
		if (!memcmp(text->ptr + start + i, l->url, ulen)) {
			*off = start + i;
			*n = ulen;
			return 0;
		}
	return -1;
}

static json_t *location(const struct server *s, const char *path, long line)
{
	json_t *loc = json_object();
	char *uri = path_uri(s, path);
	size_t l = line < 0 ? 0 : (size_t)line;

	json_object_set_new(loc, "uri", sakra_json_text(uri));
	json_object_set_new(loc, "range", range(l, 0, l, 0));
	free(uri);
	return loc;
}

static void links(struct server *s, json_t *id, const json_t *params, int definition)
{
	char *path = uri_rel(s, param_uri(params));
	const struct sakra_doc *doc = plan_doc(s, path);
	struct sakra_buf text = SAKRA_BUF_INIT, target = SAKRA_BUF_INIT;
	json_t *out = definition ? NULL : json_array();
	size_t at = 0;

	if (!doc || file_text(s, path, &text) < 0 || !text.ptr)
		goto done;
	if (definition && offset_of(s, json_object_get(params, "position"), text.ptr, text.len,
				    &at) < 0)
		goto done;
	for (size_t i = 0; i < doc->nlinks; i++) {
		const struct sakra_link *l = &doc->links[i];
		size_t off, n, start;
		long line;

		if (url_span(doc, l, &text, &off, &n) < 0 || !link_target(s, doc, l->url, &target,
									  &line))
			continue;
		if (definition) {
			if (at >= off && at <= off + n) {
				out = location(s, target.ptr, line);
				break;
			}
			continue;
		}
		{
			json_t *link = json_object();
			char *uri = path_uri(s, target.ptr);
			struct sakra_buf u = SAKRA_BUF_INIT;

			start = line_start(text.ptr, text.len, l->line - 1);
			sakra_buf_puts(&u, uri ? uri : "");
			if (line >= 0)
				sakra_buf_printf(&u, "#L%ld", line + 1);
			json_object_set_new(link, "range",
					    range(l->line - 1, units(s, text.ptr + start, off - start),
						  l->line - 1,
						  units(s, text.ptr + start, off + n - start)));
			json_object_set_new(link, "target", sakra_json_text(u.ptr));
			json_array_append_new(out, link);
			sakra_buf_free(&u);
			free(uri);
		}
	}
done:
	reply(s, id, out);
	sakra_buf_free(&text);
	sakra_buf_free(&target);
	free(path);
}

/* --- quick fixes ------------------------------------------------------------------ */

/* The text between the first quote after `after` and the next one. */
static int quoted(const char *msg, const char *after, char *out, size_t size)
{
	const char *p = strstr(msg, after), *q;

	if (!p || !(p = strchr(p + strlen(after) - 1, '\'')) || !(q = strchr(p + 1, '\'')) ||
	    (size_t)(q - p - 1) >= size)
		return -1;
	memcpy(out, p + 1, (size_t)(q - p - 1));
	out[q - p - 1] = '\0';
	return 0;
}

static json_t *fix(const char *title, const char *uri, size_t line, const char *insert,
		   json_t *diag)
{
	json_t *action = json_object(), *edit = json_object(), *changes = json_object();
	json_t *edits = json_array(), *te = json_object();

	json_object_set_new(te, "range", range(line, 0, line, 0));
	json_object_set_new(te, "newText", sakra_json_text(insert));
	json_array_append_new(edits, te);
	json_object_set_new(changes, uri, edits);
	json_object_set_new(edit, "changes", changes);
	json_object_set_new(action, "title", sakra_json_text(title));
	json_object_set_new(action, "kind", json_string("quickfix"));
	json_object_set_new(action, "edit", edit);
	if (diag) {
		json_t *ds = json_array();

		json_array_append(ds, diag);
		json_object_set_new(action, "diagnostics", ds);
	}
	return action;
}

/* The line (0-based) before which a section that belongs after the
 * section whose heading is on line h (1-based) is inserted. */
static size_t after_section(const struct sakra_doc *doc, size_t h, size_t nlines)
{
	for (size_t i = 0; i < doc->nheadings; i++)
		if (doc->headings[i].line == h)
			for (size_t k = i + 1; k < doc->nheadings; k++)
				if (doc->headings[k].level <= doc->headings[i].level)
					return doc->headings[k].line - 1;
	return nlines;
}

static void code_actions(struct server *s, json_t *id, const json_t *params)
{
	const char *uri = param_uri(params);
	char *path = uri_rel(s, uri);
	const struct sakra_doc *doc = plan_doc(s, path);
	const struct sakra_config *cfg = s->ws && s->ws->plan ? s->ws->plan->config : NULL;
	json_t *diags = json_object_get(json_object_get(params, "context"), "diagnostics");
	json_t *out = json_array(), *d;
	struct sakra_buf text = SAKRA_BUF_INIT;
	size_t i, nlines = 0;

	if (!path || !cfg || file_text(s, path, &text) < 0)
		goto done;
	nlines = count_lines(&text);
	json_array_foreach(diags, i, d) {
		const char *code = json_string_value(json_object_get(d, "code"));
		const char *en = json_string_value(json_object_get(json_object_get(d, "data"), "en"));
		const char *msg = en ? en : json_string_value(json_object_get(d, "message"));
		json_int_t line = json_integer_value(json_object_get(json_object_get(
					json_object_get(d, "range"), "start"), "line"));
		const char *lowest = cfg->nlevels ? cfg->levels[0].id : "LEVEL";
		char what[512], ins[1100], title[700];

		if (!code || !msg || line < 0)
			continue;
		if (s->ws->plan->fw && s->ws->plan->fw->floor &&
		    sakra_config_level(cfg, s->ws->plan->fw->floor) >= 0)
			lowest = s->ws->plan->fw->floor;
		if (!strcmp(code, "field.missing") && quoted(msg, "field '", what, sizeof(what)) == 0) {
			snprintf(ins, sizeof(ins), "%s: \n", what);
			snprintf(title, sizeof(title), _("Add the field '%s'"), what);
			json_array_append_new(out, fix(title, uri, (size_t)line + 1, ins, d));
		} else if (!strcmp(code, "section.missing") && doc &&
			   quoted(msg, "add a heading '", what, sizeof(what)) == 0 &&
			   strstr(msg, "' after section ")) {
			size_t dots = 0, at = after_section(doc, (size_t)line + 1, nlines);

			for (const char *p = what; *p && *p != ' '; p++)
				dots += *p == '.';
			snprintf(ins, sizeof(ins), "%s%.*s %s\n\n", at >= nlines ? "\n" : "",
				 (int)(dots + 1), "######", what);
			snprintf(title, sizeof(title), _("Add the section '%s'"), what);
			json_array_append_new(out, fix(title, uri, at, ins, d));
		} else if (!strcmp(code, "doc.front-matter") && !strncmp(msg, "no front matter", 15)) {
			snprintf(ins, sizeof(ins), "---\ntitle: \"\"\nclassification: %s\n---\n\n",
				 lowest);
			json_array_append_new(out, fix(_("Add front matter"), uri, 0, ins, d));
		} else if (doc && doc->has_front && !doc->front_bad &&
			   (!strcmp(code, "doc.title") || !strcmp(code, "doc.classification")) &&
			   !sakra_doc_meta(doc, code[4] == 't' ? "title" : "classification")) {
			if (code[4] == 't')
				snprintf(ins, sizeof(ins), "title: \"\"\n");
			else
				snprintf(ins, sizeof(ins), "classification: %s\n", lowest);
			json_array_append_new(out, fix(code[4] == 't' ? _("Add a title") :
						       _("Add a classification"), uri,
						       doc->front_line, ins, d));
		}
	}
done:
	reply(s, id, out);
	sakra_buf_free(&text);
	free(path);
}

/* --- the lifecycle and the documents ---------------------------------------------- */

static void initialize(struct server *s, json_t *id, const json_t *params)
{
	const json_t *enc = json_object_get(json_object_get(json_object_get(params,
				"capabilities"), "general"), "positionEncodings");
	const char *root_uri = json_string_value(json_object_get(params, "rootUri"));
	const json_t *folders = json_object_get(params, "workspaceFolders");
	char *root = NULL;
	struct sakra_error err;
	json_t *res = json_object(), *caps = json_object(), *sync = json_object();
	json_t *info = json_object(), *comp = json_object(), *trig = json_array();
	size_t i;
	json_t *e;

	json_array_foreach(enc, i, e)
		if (json_is_string(e) && !strcmp(json_string_value(e), "utf-8"))
			s->utf8 = 1;
	if (json_array_size(folders))
		root = uri_path(json_string_value(json_object_get(json_array_get(folders, 0), "uri")));
	if (!root && root_uri)
		root = uri_path(root_uri);
	if (!root && json_string_value(json_object_get(params, "rootPath")))
		root = strdup(json_string_value(json_object_get(params, "rootPath")));
	sakra_error_clear(&err);
	if (sakra_workspace_open(&s->ws, root ? root : s->o->dir, s->o->today, &err) < 0) {
		char msg[4096];

		snprintf(msg, sizeof(msg), "sakra: no plan to check in %s: %s%s%s",
			 root ? root : s->o->dir ? s->o->dir : ".", err.path,
			 err.path[0] ? ": " : "", err.message);
		show(s, 2, msg);
	}
	free(root);
	json_object_set_new(caps, "positionEncoding", json_string(s->utf8 ? "utf-8" : "utf-16"));
	json_object_set_new(sync, "openClose", json_true());
	json_object_set_new(sync, "change", json_integer(2));
	json_object_set_new(caps, "textDocumentSync", sync);
	json_object_set_new(caps, "hoverProvider", json_true());
	for (const char *t = ":# (/"; *t; t++)
		json_array_append_new(trig, json_stringn(t, 1));
	json_object_set_new(comp, "triggerCharacters", trig);
	json_object_set_new(caps, "completionProvider", comp);
	json_object_set_new(caps, "documentSymbolProvider", json_true());
	json_object_set_new(caps, "documentLinkProvider", json_pack("{s:b}", "resolveProvider", 0));
	json_object_set_new(caps, "definitionProvider", json_true());
	json_object_set_new(caps, "codeActionProvider",
			    json_pack("{s:[s]}", "codeActionKinds", "quickfix"));
	json_object_set_new(res, "capabilities", caps);
	json_object_set_new(info, "name", json_string("sakra"));
	json_object_set_new(info, "version", json_string(SAKRA_VERSION));
	json_object_set_new(res, "serverInfo", info);
	s->initialized = 1;
	reply(s, id, res);
}

static void set_text(struct server *s, struct doc *d)
{
	struct sakra_error err;

	if (!d->path || !s->ws)
		return;
	if (sakra_workspace_set(s->ws, d->path, d->text.ptr ? d->text.ptr : "", d->text.len,
				&err) < 0)
		show(s, 1, err.message);
}

static void did_open(struct server *s, const json_t *params)
{
	const json_t *td = json_object_get(params, "textDocument");
	const char *uri = json_string_value(json_object_get(td, "uri"));
	const char *text = json_string_value(json_object_get(td, "text"));
	struct doc *d = find_doc(s, uri), *g;

	if (!uri || !text)
		return;
	if (!d) {
		if (!(g = realloc(s->docs, (s->ndocs + 1) * sizeof(*g))))
			return;
		s->docs = g;
		d = &s->docs[s->ndocs++];
		memset(d, 0, sizeof(*d));
		d->uri = strdup(uri);
		d->path = uri_rel(s, uri);
	}
	sakra_buf_clear(&d->text);
	sakra_buf_put(&d->text, text, json_string_length(json_object_get(td, "text")));
	set_text(s, d);
	publish(s);
}

static int apply_change(struct server *s, struct doc *d, const json_t *ch)
{
	const json_t *r = json_object_get(ch, "range");
	const json_t *t = json_object_get(ch, "text");
	struct sakra_buf next = SAKRA_BUF_INIT;
	size_t a, b;

	if (!json_is_string(t))
		return -1;
	if (!r) {
		sakra_buf_clear(&d->text);
		return sakra_buf_put(&d->text, json_string_value(t), json_string_length(t));
	}
	if (!d->text.ptr && sakra_buf_puts(&d->text, "") < 0)
		return -1;
	if (offset_of(s, json_object_get(r, "start"), d->text.ptr, d->text.len, &a) < 0 ||
	    offset_of(s, json_object_get(r, "end"), d->text.ptr, d->text.len, &b) < 0 || b < a)
		return -1;
	if (sakra_buf_put(&next, d->text.ptr, a) < 0 ||
	    sakra_buf_put(&next, json_string_value(t), json_string_length(t)) < 0 ||
	    sakra_buf_put(&next, d->text.ptr + b, d->text.len - b) < 0) {
		sakra_buf_free(&next);
		return -1;
	}
	sakra_buf_free(&d->text);
	d->text = next;
	return 0;
}

static void did_change(struct server *s, const json_t *params)
{
	struct doc *d = find_doc(s, param_uri(params));
	const json_t *changes = json_object_get(params, "contentChanges");
	size_t i;
	json_t *ch;

	if (!d)
		return;
	json_array_foreach(changes, i, ch)
		if (apply_change(s, d, ch) < 0)
			show(s, 1, _("sakra: a change did not fit the document; reopen it"));
	set_text(s, d);
	publish(s);
}

static void did_close(struct server *s, const json_t *params)
{
	struct doc *d = find_doc(s, param_uri(params));
	struct sakra_error err;

	if (!d)
		return;
	if (d->path && s->ws && sakra_workspace_set(s->ws, d->path, NULL, 0, &err) < 0)
		show(s, 1, err.message);
	free(d->uri);
	free(d->path);
	sakra_buf_free(&d->text);
	*d = s->docs[--s->ndocs];
	publish(s);
}

static void watched(struct server *s)
{
	struct sakra_error err;

	if (s->ws && sakra_workspace_reload(s->ws, &err) < 0)
		show(s, 1, err.message);
	publish(s);
}

/* 1 when the client said exit. */
static int dispatch(struct server *s, json_t *msg, int *status)
{
	json_t *id = json_object_get(msg, "id");
	const char *method = json_string_value(json_object_get(msg, "method"));
	json_t *params = json_object_get(msg, "params");

	if (!json_is_object(msg) || (!method && !id)) {
		reply_error(s, NULL, INVALID_REQUEST, "not a JSON-RPC request or notification");
		return 0;
	}
	if (!method)
		return 0;   /* a response to a request of ours: none are sent */
	if (!strcmp(method, "exit")) {
		*status = s->shutdown ? 0 : 1;
		return 1;
	}
	if (id && !s->initialized && strcmp(method, "initialize")) {
		reply_error(s, id, NOT_INITIALIZED, "initialize first");
		return 0;
	}
	if (id && s->shutdown) {
		reply_error(s, id, INVALID_REQUEST, "the server is shutting down");
		return 0;
	}
	if (!strcmp(method, "initialize")) {
		if (s->initialized)
			reply_error(s, id, INVALID_REQUEST, "already initialized");
		else
			initialize(s, id, params);
	} else if (!strcmp(method, "initialized")) {
		publish(s);
	} else if (!strcmp(method, "shutdown")) {
		s->shutdown = 1;
		reply(s, id, NULL);
	} else if (!strcmp(method, "textDocument/didOpen")) {
		did_open(s, params);
	} else if (!strcmp(method, "textDocument/didChange")) {
		did_change(s, params);
	} else if (!strcmp(method, "textDocument/didClose")) {
		did_close(s, params);
	} else if (!strcmp(method, "workspace/didChangeWatchedFiles")) {
		watched(s);
	} else if (!strcmp(method, "textDocument/hover") && id) {
		hover(s, id, params);
	} else if (!strcmp(method, "textDocument/completion") && id) {
		completion(s, id, params);
	} else if (!strcmp(method, "textDocument/documentSymbol") && id) {
		symbols(s, id, params);
	} else if (!strcmp(method, "textDocument/documentLink") && id) {
		links(s, id, params, 0);
	} else if (!strcmp(method, "textDocument/definition") && id) {
		links(s, id, params, 1);
	} else if (!strcmp(method, "textDocument/codeAction") && id) {
		code_actions(s, id, params);
	} else if (id) {
		reply_error(s, id, METHOD_NOT_FOUND, "sakra does not serve %s", method);
	}
	return 0;   /* other notifications ($/..., didSave) need nothing */
}

int sakra_lsp_serve(FILE *in, FILE *out, const struct sakra_lsp_options *o)
{
	struct server s;
	struct sakra_buf body = SAKRA_BUF_INIT;
	int status = 1, rc;

	memset(&s, 0, sizeof(s));
	s.in = in;
	s.out = out;
	s.o = o;
	s.log = o->log;
	while ((rc = read_message(&s, &body)) != 0) {
		json_error_t jerr;
		json_t *msg;

		if (rc == -1) {
			reply_error(&s, NULL, PARSE_ERROR, "a message needs a Content-Length header");
			continue;
		}
		if (rc == -2) {
			reply_error(&s, NULL, INVALID_REQUEST, "a message over %u MiB is refused",
				    MAX_MESSAGE >> 20);
			continue;
		}
		if (s.log)
			fprintf(s.log, "<- %.300s\n", body.ptr);
		if (!(msg = json_loadb(body.ptr, body.len, JSON_REJECT_DUPLICATES, &jerr))) {
			reply_error(&s, NULL, PARSE_ERROR, "not JSON: %s (at %d)", jerr.text,
				    jerr.position);
			continue;
		}
		if (dispatch(&s, msg, &status)) {
			json_decref(msg);
			break;
		}
		json_decref(msg);
	}
	for (size_t i = 0; i < s.ndocs; i++) {
		free(s.docs[i].uri);
		free(s.docs[i].path);
		sakra_buf_free(&s.docs[i].text);
	}
	free(s.docs);
	for (size_t i = 0; i < s.npub; i++)
		free(s.pub[i].path);
	free(s.pub);
	sakra_workspace_free(s.ws);
	sakra_buf_free(&body);
	return status;
}
