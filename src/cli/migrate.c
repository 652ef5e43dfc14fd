/* sakra migrate: the edits that move the plan to a newer revision of its
 * framework, printed as a diff, and made with --write. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sakra/fs.h"
#include "sakra/migrate.h"
#include "sakra/repo.h"

enum { OPT_TO = OPT_FIRST_COMMAND, OPT_WRITE };

static const struct cli_opt opts[] = {
	{ "to", "REV", OPT_TO,
	  N_("the revision to move the plan to (default: the newest)"),
	  NULL, CLI_V_NONE },
	{ "write", NULL, OPT_WRITE,
	  N_("make the edits and change the pin in sakra.yml (default: only show them)"),
	  NULL, CLI_V_NONE },
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_migrate = {
	"migrate",
	N_("usage: sakra migrate [--to REV] [--write]"),
	N_("Shows, as a diff, the edits that move the plan from the revision of its\n"
	"framework that sakra.yml pins to a newer one: headings renumbered, new\n"
	"sections and fields inserted as placeholders to write, fields moved between\n"
	"chapters; then what is left to do by hand. The edits come from what each\n"
	"newer revision says changed ('sakra frameworks show ID'). Nothing is\n"
	"changed without --write; with it the files are rewritten and sakra.yml\n"
	"pins the new revision. Commit the result once 'sakra check' shows only\n"
	"what the migration said needs writing.\n"
	"\n"
	"Exit status: 0 shown or written, 2 usage or environment error (no pin,\n"
	"already at the revision, an unknown revision)."),
	opts,
	NULL
};

/* Each changed file replaced whole (written beside it, then renamed). */
static int write_files(const char *root, const struct sakra_migration *m)
{
	struct sakra_buf path = SAKRA_BUF_INIT;
	struct sakra_error err;
	int rc = 0;

	for (size_t i = 0; i < m->nfiles && rc == 0; i++) {
		sakra_buf_clear(&path);
		if (sakra_buf_printf(&path, "%s/%s", root, m->files[i].path) < 0) {
			cli_errorf("out of memory");
			rc = -1;
		} else if (sakra_file_write_atomic(path.ptr, m->files[i].after.ptr,
						   m->files[i].after.len, 0666, 1, &err) < 0) {
			cli_error(&err);
			rc = -1;
		}
	}
	sakra_buf_free(&path);
	return rc;
}

int cmd_migrate(struct cli *cli, int argc, char **argv)
{
	struct sakra_check_options copts;
	struct cli_plan p;
	struct sakra_migration *m = NULL;
	struct sakra_buf diff = SAKRA_BUF_INIT;
	struct sakra_error err;
	const char *to_arg = NULL;
	int opt, write = 0, to = 0, status = EXIT_USAGE;

	memset(&copts, 0, sizeof(copts));
	memset(&p, 0, sizeof(p));
	while ((opt = cli_getopt(cli, &cli_spec_migrate, argc, argv)) != CLI_END) {
		switch (opt) {
		case OPT_TO: to_arg = optarg; break;
		case OPT_WRITE: write = 1; break;
		default: return cli->status;   /* CLI_STOP */
		}
	}
	if (optind < argc)
		return cli_usage_error("migrate", "unexpected argument '%s'", argv[optind]);
	if (to_arg) {
		const char *r = strchr(to_arg, '@') ? strchr(to_arg, '@') + 1 : to_arg;
		char *end = NULL;
		long n = strtol(r, &end, 10);

		if (!*r || *end || n < 1 || n > 999)
			return cli_usage_error("migrate", "--to is a revision number (2, or ID@2)");
		to = (int)n;
	}
	if (cli_plan_open(cli, NULL, &copts, &p) < 0)
		goto out;
	sakra_error_clear(&err);
	if (sakra_migrate_plan(&m, p.plan, to, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	for (size_t i = 0; i < m->nfiles; i++)
		if (sakra_repo_patch(&diff, m->files[i].path, m->files[i].before.ptr,
				     m->files[i].before.len, m->files[i].after.ptr,
				     m->files[i].after.len, &err) < 0) {
			cli_error(&err);
			goto out;
		}
	cli_write_text(stdout, sakra_buf_cstr(&diff), diff.len);
	if (m->nby_hand)
		printf(_("\nTo do by hand after the migration to %s@%d:\n"), m->framework, m->to);
	for (size_t i = 0; i < m->nby_hand; i++)
		printf(_("  - %s\n"), cli_safe(m->by_hand[i]));
	if (write && write_files(sakra_repo_root(p.repo), m) < 0)
		goto out;
	if (!cli->quiet)
		fprintf(stderr, write ? _("sakra migrate: %s@%d to %s@%d: %zu files changed; "
					  "'sakra check' shows what is left to write\n")
				      : _("sakra migrate: %s@%d to %s@%d: %zu files would change; "
					  "nothing was written (--write makes the edits)\n"),
			m->framework, m->from, m->framework, m->to, m->nfiles);
	status = EXIT_OK;
out:
	sakra_buf_free(&diff);
	sakra_migration_free(m);
	cli_plan_close(&p);
	return status;
}
