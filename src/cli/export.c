/* sakra export: the verification kit of an approved version. */
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/approval.h"
#include "sakra/bundlefile.h"


static const struct cli_opt opts[] = {
	{ "o", "DIR", 'o',
	  N_("the new directory to write the kit into"),
	  NULL, CLI_V_FILE },
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_export = {
	"export",
	N_("usage: sakra export VERSION -o DIR"),
	N_("Writes the verification kit of an approved version into the new directory\n"
	"DIR: MANIFEST, one MANIFEST.<keyid>.minisig per signature, keys/ and a\n"
	"README in the plan's language and English (LÄSMIG.txt, LUEMINUT.txt or\n"
	"README.txt), which tells the recipient the minisign and sha256sum commands\n"
	"that check it. DIR appears only when complete."),
	opts,
	NULL
};

int cmd_export(struct cli *cli, int argc, char **argv)
{
	struct sakra_repo *repo = NULL;
	struct sakra_versions *vs = NULL;
	struct sakra_pick pick;
	struct sakra_error err;
	const char *out = NULL;
	int opt, status = EXIT_USAGE;

	sakra_error_clear(&err);
	while ((opt = cli_getopt(cli, &cli_spec_export, argc, argv)) != CLI_END) {
		switch (opt) {
		case 'o': out = optarg; break;
		default: return cli->status;   /* CLI_STOP */
		}
	}
	if (optind + 1 != argc || !out)
		return cli_usage_error("export", "give a VERSION and -o DIR");
	if (sakra_repo_open(&repo, cli->dir, &err) < 0 ||
	    sakra_versions_load(&vs, repo, NULL, 0, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (sakra_versions_pick(vs, repo, argv[optind], 0, &pick, &err) < 0 || !pick.version) {
		cli_errorf("'%s' is not an approved version", argv[optind]);
		status = EXIT_FINDINGS;
		goto out;
	}
	if (sakra_kit_write_dir(pick.version, repo, out, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (!cli->quiet)
		printf(pick.version->approved ? _("%s: verification kit of version %ld (%s)\n") :
		       _("%s: verification kit of version %ld (%s) — NOT approved: see "
			 "'sakra verify'\n"), out, pick.version->number, pick.version->commit);
	status = EXIT_OK;
out:
	sakra_versions_free(vs);
	sakra_repo_free(repo);
	return status;
}
