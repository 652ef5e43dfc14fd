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

#include <git2.h>

#include "sakra/followup.h"
#include "sakra/repo.h"
#include "sakra/json.h"
#include "sakra/lsp.h"
#include "sakra/rules.h"
#include "sakra/intl.h"
#include "sakra/text.h"
#include "sakra/workspace.h"
#include "lsp/lsp.h"

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

void lsp_reply(struct server *s, json_t *id, json_t *result)
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

void lsp_notify(struct server *s, const char *method, json_t *params)
{
	json_t *m = json_object();

	json_object_set_new(m, "method", json_string(method));
	json_object_set_new(m, "params", params);
	send(s, m);
}

void lsp_show(struct server *s, int type, const char *text)
{
	json_t *p = json_object();

	json_object_set_new(p, "type", json_integer(type));
	json_object_set_new(p, "message", sakra_json_text(text));
	lsp_notify(s, "window/showMessage", p);
}

/* --- the lifecycle and the documents ---------------------------------------------- */

/* Confines the server to the plan it serves (options' confine). */
static int confine(struct server *s, const char *dir, struct sakra_error *err)
{
	git_buf global = { NULL, 0, 0 }, xdg = { NULL, 0, 0 };
	struct sakra_confine c;
	int rc;

	memset(&c, 0, sizeof(c));
	if (s->ws) {
		git_repository *r = sakra_repo_git(s->ws->repo);

		sakra_confine_read(&c, git_repository_workdir(r));
		sakra_confine_read(&c, git_repository_path(r));
		sakra_confine_read(&c, git_repository_commondir(r));
	} else {
		sakra_confine_read(&c, dir ? dir : ".");
	}
	if (git_config_find_global(&global) == 0)
		sakra_confine_read(&c, global.ptr);
	if (git_config_find_xdg(&xdg) == 0)
		sakra_confine_read(&c, xdg.ptr);
	rc = s->o->confine(s->o->confine_ctx, &c, err);
	git_buf_dispose(&global);
	git_buf_dispose(&xdg);
	return rc;
}

/* 1 when the server must end (it could not be confined). */
static int initialize(struct server *s, json_t *id, const json_t *params)
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
		root = lsp_uri_path(json_string_value(json_object_get(json_array_get(folders, 0), "uri")));
	if (!root && root_uri)
		root = lsp_uri_path(root_uri);
	if (!root && json_string_value(json_object_get(params, "rootPath")))
		root = strdup(json_string_value(json_object_get(params, "rootPath")));
	sakra_error_clear(&err);
	if (sakra_workspace_open(&s->ws, root ? root : s->o->dir, s->o->today, &err) < 0) {
		char msg[4096];

		snprintf(msg, sizeof(msg), "sakra: no plan to check in %s: %s%s%s",
			 root ? root : s->o->dir ? s->o->dir : ".", err.path,
			 err.path[0] ? ": " : "", err.message);
		lsp_show(s, 2, msg);
	}
	sakra_error_clear(&err);
	if (s->o->confine && confine(s, root ? root : s->o->dir, &err) < 0) {
		reply_error(s, id, INTERNAL_ERROR, "sakra: cannot confine the server: %s",
			    err.message);
		free(root);
		json_decref(res);
		json_decref(caps);
		json_decref(sync);
		json_decref(info);
		json_decref(comp);
		json_decref(trig);
		return 1;
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
	lsp_reply(s, id, res);
	return 0;
}

static void set_text(struct server *s, struct doc *d)
{
	struct sakra_error err;

	if (!d->path || !s->ws)
		return;
	if (sakra_workspace_set(s->ws, d->path, d->text.ptr ? d->text.ptr : "", d->text.len,
				&err) < 0)
		lsp_show(s, 1, err.message);
}

static void did_open(struct server *s, const json_t *params)
{
	const json_t *td = json_object_get(params, "textDocument");
	const char *uri = json_string_value(json_object_get(td, "uri"));
	const char *text = json_string_value(json_object_get(td, "text"));
	struct doc *d = lsp_find_doc(s, uri), *g;

	if (!uri || !text)
		return;
	if (!d) {
		if (!(g = realloc(s->docs, (s->ndocs + 1) * sizeof(*g))))
			return;
		s->docs = g;
		d = &s->docs[s->ndocs++];
		memset(d, 0, sizeof(*d));
		d->uri = strdup(uri);
		d->path = lsp_uri_rel(s, uri);
	}
	sakra_buf_clear(&d->text);
	sakra_buf_put(&d->text, text, json_string_length(json_object_get(td, "text")));
	set_text(s, d);
	lsp_publish(s);
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
	if (lsp_offset_of(s, json_object_get(r, "start"), d->text.ptr, d->text.len, &a) < 0 ||
	    lsp_offset_of(s, json_object_get(r, "end"), d->text.ptr, d->text.len, &b) < 0 || b < a)
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
	struct doc *d = lsp_find_doc(s, lsp_param_uri(params));
	const json_t *changes = json_object_get(params, "contentChanges");
	size_t i;
	json_t *ch;

	if (!d)
		return;
	json_array_foreach(changes, i, ch)
		if (apply_change(s, d, ch) < 0)
			lsp_show(s, 1, _("sakra: a change did not fit the document; reopen it"));
	set_text(s, d);
	lsp_publish(s);
}

static void did_close(struct server *s, const json_t *params)
{
	struct doc *d = lsp_find_doc(s, lsp_param_uri(params));
	struct sakra_error err;

	if (!d)
		return;
	if (d->path && s->ws && sakra_workspace_set(s->ws, d->path, NULL, 0, &err) < 0)
		lsp_show(s, 1, err.message);
	free(d->uri);
	free(d->path);
	sakra_buf_free(&d->text);
	*d = s->docs[--s->ndocs];
	lsp_publish(s);
}

static void watched(struct server *s)
{
	struct sakra_error err;

	if (s->ws && sakra_workspace_reload(s->ws, &err) < 0)
		lsp_show(s, 1, err.message);
	lsp_publish(s);
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
		else if (initialize(s, id, params)) {
			*status = 2;
			return 1;
		}
	} else if (!strcmp(method, "initialized")) {
		lsp_publish(s);
	} else if (!strcmp(method, "shutdown")) {
		s->shutdown = 1;
		lsp_reply(s, id, NULL);
	} else if (!strcmp(method, "textDocument/didOpen")) {
		did_open(s, params);
	} else if (!strcmp(method, "textDocument/didChange")) {
		did_change(s, params);
	} else if (!strcmp(method, "textDocument/didClose")) {
		did_close(s, params);
	} else if (!strcmp(method, "workspace/didChangeWatchedFiles")) {
		watched(s);
	} else if (!strcmp(method, "textDocument/hover") && id) {
		lsp_hover(s, id, params);
	} else if (!strcmp(method, "textDocument/completion") && id) {
		lsp_completion(s, id, params);
	} else if (!strcmp(method, "textDocument/documentSymbol") && id) {
		lsp_symbols(s, id, params);
	} else if (!strcmp(method, "textDocument/documentLink") && id) {
		lsp_links(s, id, params, 0);
	} else if (!strcmp(method, "textDocument/definition") && id) {
		lsp_links(s, id, params, 1);
	} else if (!strcmp(method, "textDocument/codeAction") && id) {
		lsp_code_actions(s, id, params);
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

