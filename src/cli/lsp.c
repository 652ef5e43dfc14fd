/* sakra lsp: the Language Server, for editors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sakra/lsp.h"

static const char help[] =
	"usage: sakra lsp [--log FILE]\n\n"
	"Serves the Language Server Protocol (3.17) on standard input and output,\n"
	"for an editor (VS Code, Neovim, Emacs eglot, Helix, Kate, ...): the\n"
	"findings of 'sakra check' on the text as it is typed, hover with the\n"
	"framework's titles, clauses and fields, completion, the outline, links\n"
	"and quick fixes. The plan is the workspace folder the editor opens (or\n"
	"-C DIR). Editors start it; see the manual for their configuration.\n\n"
	"  --log FILE   append a trace of the messages to FILE\n";

enum { OPT_LOG = OPT_FIRST_COMMAND };

const struct option cli_opts_lsp[] = {
	{ "log", required_argument, NULL, OPT_LOG },
	CLI_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

int cmd_lsp(struct cli *cli, int argc, char **argv)
{
	struct sakra_lsp_options o;
	struct sakra_date today;
	const char *log = NULL;
	int opt, status;

	memset(&o, 0, sizeof(o));
	while ((opt = getopt_long(argc, argv, "C:", cli_opts_lsp, NULL)) != -1) {
		if (cli_common(cli, opt, optarg))
			continue;
		switch (opt) {
		case OPT_LOG: log = optarg; break;
		case OPT_HELP: fputs(help, stdout); return EXIT_OK;
		default: return cli_unknown_option("lsp", argv[optind - 1]);
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
	status = sakra_lsp_serve(stdin, stdout, &o);
	if (o.log)
		fclose(o.log);
	return status;
}
