/* sakra lsp: the Language Server, for editors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sakra/lsp.h"


enum { OPT_LOG = OPT_FIRST_COMMAND };

static const struct cli_opt opts[] = {
	{ "log", "FILE", OPT_LOG,
	  N_("append a trace of the messages to FILE"),
	  NULL, CLI_V_NONE },
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_lsp = {
	"lsp",
	N_("usage: sakra lsp [--log FILE]"),
	N_("Serves the Language Server Protocol (3.17) on standard input and output,\n"
	"for an editor (VS Code, Neovim, Emacs eglot, Helix, Kate, ...): the\n"
	"findings of 'sakra check' on the text as it is typed, hover with the\n"
	"framework's titles, clauses and fields, completion, the outline, links\n"
	"and quick fixes. The plan is the workspace folder the editor opens (or\n"
	"-C DIR). Editors start it; see the manual for their configuration."),
	opts,
	NULL
};

static int confine_lsp(void *ctx, struct sakra_confine *c, struct sakra_error *err)
{
	const struct cli *cli = ctx;

	return cli_confine(c, cli->verbose, err);
}

int cmd_lsp(struct cli *cli, int argc, char **argv)
{
	struct sakra_lsp_options o;
	struct sakra_date today;
	const char *log = NULL;
	int opt, status;

	memset(&o, 0, sizeof(o));
	while ((opt = cli_getopt(cli, &cli_spec_lsp, argc, argv)) != CLI_END) {
		switch (opt) {
		case OPT_LOG: log = optarg; break;
		default: return cli->status;   /* CLI_STOP */
		}
	}
	if (optind < argc)
		return cli_usage_error("lsp", "unexpected argument '%s'", argv[optind]);
	if (getenv("SAKRA_TODAY")) {
		if (cli_today(NULL, &today) < 0)
			return EXIT_USAGE;
		o.today = &today;
	}
	if (log && !(o.log = fopen(log, "a"))) {
		cli_errorf("%s: cannot open the log", log);
		return EXIT_USAGE;
	}
	o.dir = cli->dir;
	/* the folder an editor opens may be anybody's: once the plan is known,
	 * the server reads only it and writes nothing (the log is open) */
	o.confine = confine_lsp;
	o.confine_ctx = cli;
	status = sakra_lsp_serve(stdin, stdout, &o);
	if (o.log)
		fclose(o.log);
	return status;
}
