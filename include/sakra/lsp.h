/* lsp: `sakra lsp`, a Language Server (LSP 3.17, JSON-RPC over stdio) for
 * the plan repository an editor opens: the findings of `sakra check` on the
 * editor's unsaved text as it is typed (workspace.h keeps the plan loaded
 * and parses only what changed), hover with the framework's titles,
 * clauses, fields, levels and obligations, completion, the outline, links
 * and quick fixes. Only protocol goes to out. */
#ifndef SAKRA_LSP_H
#define SAKRA_LSP_H

#include <stdio.h>

#include "sakra/date.h"
#include "sakra/error.h"

struct sakra_lsp_options {
	const char *dir;                  /* the plan when the client names no root */
	const struct sakra_date *today;   /* NULL: the clock's day */
	FILE *log;                        /* a trace of the messages, or NULL */
};

/* Serves one client on in/out until it says exit: 0 after a shutdown
 * request, 1 otherwise (and at the end of input), as the protocol says. A
 * malformed message gets a JSON-RPC error and the server goes on. */
int sakra_lsp_serve(FILE *in, FILE *out, const struct sakra_lsp_options *o);

#endif
