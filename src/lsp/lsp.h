/* What the files of the language server share: the server, its messages,
 * positions and documents. Not a public header. */
#ifndef SAKRA_LSP_INTERNAL_H
#define SAKRA_LSP_INTERNAL_H

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
#include "sakra/rules.h"
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

void lsp_notify(struct server *s, const char *method, json_t *params);
void lsp_reply(struct server *s, json_t *id, json_t *result);
void lsp_show(struct server *s, int type, const char *text);
size_t lsp_cp_bytes(const char *p, size_t n, size_t cps);
int lsp_file_text(const struct server *s, const char *path, struct sakra_buf *out);
struct doc *lsp_find_doc(struct server *s, const char *uri);
size_t lsp_line_length(const char *t, size_t len, size_t start);
size_t lsp_line_start(const char *t, size_t len, size_t line);
int lsp_offset_of(const struct server *s, const json_t *pos, const char *t, size_t len,
		     size_t *off);
const char *lsp_param_uri(const json_t *params);
char *lsp_path_uri(const struct server *s, const char *path);
const struct sakra_doc *lsp_plan_doc(const struct server *s, const char *path);
json_t *lsp_range(size_t l1, size_t c1, size_t l2, size_t c2);
size_t lsp_units(const struct server *s, const char *p, size_t n);
char *lsp_uri_path(const char *uri);
char *lsp_uri_rel(const struct server *s, const char *uri);
void lsp_publish(struct server *s);
void lsp_hover(struct server *s, json_t *id, const json_t *params);
const char *lsp_lang(const struct server *s);
void lsp_completion(struct server *s, json_t *id, const json_t *params);
size_t lsp_count_lines(const struct sakra_buf *t);
void lsp_links(struct server *s, json_t *id, const json_t *params, int definition);
void lsp_symbols(struct server *s, json_t *id, const json_t *params);
void lsp_code_actions(struct server *s, json_t *id, const json_t *params);

#endif
