/* lsp: `sakra lsp`, a Language Server (LSP 3.17, JSON-RPC over stdio) for
 * the plan repository an editor opens: the findings of `sakra check` on the
 * editor's unsaved text as it is typed (workspace.h keeps the plan loaded
 * and parses only what changed), hover with the framework's titles,
 * clauses, fields, levels and obligations, completion, the outline, links
 * and quick fixes. Only protocol goes to out. */
#ifndef SAKRA_LSP_H
#define SAKRA_LSP_H

#include <stdio.h>

#include "sakra/confine.h"
#include "sakra/error.h"

#include "sakra/date.h"
#include "sakra/error.h"

struct sakra_lsp_options {
	const char *dir;                  /* the plan when the client names no root */
	const struct sakra_date *today;   /* NULL: the clock's day */
	FILE *log;                        /* a trace of the messages, or NULL */
	/* when set, called once the plan is known (initialize) with what the
	 * server will read: the plan's folder, its git folders and the user's
	 * git configuration (to confine the process to them: confine.h); < 0
	 * ends the server with status 2, the error said to the client */
	int (*confine)(void *ctx, struct sakra_confine *c, struct sakra_error *err);
	void *confine_ctx;
};

/* Serves one client on in/out until it says exit: 0 after a shutdown
 * request, 1 otherwise (and at the end of input), as the protocol says. A
 * malformed message gets a JSON-RPC error and the server goes on. */
int sakra_lsp_serve(FILE *in, FILE *out, const struct sakra_lsp_options *o);

#endif
