/* sakra system add: registers a new information system, a file under
 * systems/ with the register's keys and the descriptions its class needs. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "sakra/buf.h"
#include "sakra/records.h"
#include "sakra/filing.h"


enum { OPT_CLASS = OPT_FIRST_COMMAND };

static const struct cli_opt opts[] = {
	{ "class", "CLASS", OPT_CLASS,
	  N_("the system's class ('sakra frameworks show' lists them; THL 3/2024: A1, A2, A3, B, other)"),
	  NULL, CLI_V_NONE },
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_system = {
	"system",
	N_("usage: sakra system add NAME --class CLASS"),
	N_("Registers an information system: creates systems/NAME.md with the register's\n"
	"keys in its front matter (name, version, vendor, contact, class, purpose;\n"
	"the certificate and register-check dates the class needs, as comments to\n"
	"fill in) and a line for each description the framework asks of the class,\n"
	"in the plan's language. It is marked as the plan part that lists the\n"
	"class's systems. Prints the file's path: fill it in, list the system in\n"
	"its chapter, and commit. Nothing is overwritten and nothing is committed."),
	opts,
	N_("Exit status: 0 created, 2 usage or environment error.")
};

int cmd_system(struct cli *cli, int argc, char **argv)
{
	struct sakra_check_options copts;
	struct sakra_buf path = SAKRA_BUF_INIT;
	struct sakra_error err;
	struct cli_plan p;
	const char *cls = NULL, *needs_basis = NULL, *name;
	int opt, status = EXIT_USAGE;

	while ((opt = cli_getopt(cli, &cli_spec_system, argc, argv)) != CLI_END) {
		switch (opt) {
		case OPT_CLASS: cls = optarg; break;
		default: return cli->status;   /* CLI_STOP */
		}
	}
	if (optind >= argc || strcmp(argv[optind], "add") != 0)
		return cli_usage_error("system", optind >= argc ? "which action? ('add')" :
				       "unknown action '%s' (only 'add')", argv[optind]);
	if (++optind >= argc)
		return cli_usage_error("system", "add needs the system's NAME");
	name = argv[optind++];
	if (optind < argc)
		return cli_usage_error("system", "unexpected argument '%s' (quote a NAME with "
				       "spaces)", argv[optind]);
	if (!cls)
		return cli_usage_error("system", "--class is required");
	memset(&copts, 0, sizeof(copts));
	if (cli_today(NULL, &copts.today) < 0 || cli_plan_open(cli, NULL, &copts, &p) < 0)
		return EXIT_USAGE;
	sakra_error_clear(&err);
	if (sakra_system_add(p.plan, sakra_repo_root(p.repo), name, cls, &path, &needs_basis,
			     &err) < 0) {
		if (err.code == SAKRA_EINVAL && !err.path[0])
			cli_usage_error("system", "%s", err.message);
		else
			cli_error(&err);
		goto out;
	}
	if (!cli->quiet && needs_basis)
		fprintf(stderr, _("sakra: level '%s' needs a legal basis; fill in 'legal_basis' in "
				  "the file\n"), needs_basis);
	printf("%s\n", path.ptr);
	status = EXIT_OK;
out:
	sakra_buf_free(&path);
	cli_plan_close(&p);
	return status;
}
