/* sakra ci: adds a CI pipeline for the team's forge to a plan repository. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/skeleton.h"
#include "sakra/fs.h"


static const struct cli_opt opts[] = {

	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_ci = {
	"ci",
	N_("usage: sakra ci github|forgejo|gitlab"),
	N_("Writes a CI pipeline into the plan's working tree, for you to review and\n"
	"commit: it checks the plan on every push (and pull or merge request), shows\n"
	"the findings where the forge shows them inline (SARIF for GitHub's code\n"
	"scanning; GitLab's Code Quality report; SARIF as an artifact on Forgejo and\n"
	"Gitea), keeps the staff site as an artifact, and fails on check errors.\n"
	"\n"
	"  github    .github/workflows/sakra.yml\n"
	"  forgejo   .forgejo/workflows/sakra.yml (Forgejo and Gitea Actions)\n"
	"  gitlab    .gitlab-ci.yml\n"
	"\n"
	"The pipeline builds sakra from the source named by the forge's variable\n"
	"SAKRA_SOURCE (a git URL). An existing file is never replaced."),
	opts,
	NULL
};

int cmd_ci(struct cli *cli, int argc, char **argv)
{
	struct sakra_repo *repo = NULL;
	struct sakra_buf path = SAKRA_BUF_INIT;
	struct sakra_error err;
	const char *rel, *text;
	size_t len;
	int opt, status = EXIT_USAGE;

	while ((opt = cli_getopt(cli, &cli_spec_ci, argc, argv)) != CLI_END) {
		switch (opt) {
		default: return cli->status;   /* CLI_STOP */
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error("ci", "name one forge: github, forgejo or gitlab");
	if (sakra_ci_template(argv[optind], &rel, &text, &len) < 0)
		return cli_usage_error("ci", "no template for '%s' (github, forgejo, gitlab)",
				       argv[optind]);
	sakra_error_clear(&err);
	if (sakra_repo_open(&repo, cli->dir, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (sakra_repo_is_bare(repo)) {
		cli_errorf("a bare repository has no working tree to add the pipeline to");
		goto out;
	}
	if (sakra_buf_printf(&path, "%s/%s", sakra_repo_root(repo), rel) < 0) {
		cli_errorf("out of memory");
		goto out;
	}
	if (access(path.ptr, F_OK) == 0) {
		cli_errorf("%s exists; it is left as it is (remove it to write sakra's)", rel);
		status = EXIT_FINDINGS;
		goto out;
	}
	if (sakra_mkdirs_for(path.ptr, 0777, &err) < 0 ||
	    sakra_file_write_atomic(path.ptr, text, len, 0666, 0, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (!cli->quiet)
		printf(_("wrote %s: set the forge's variable SAKRA_SOURCE to sakra's source (a git "
			 "URL), then commit it\n"), rel);
	status = EXIT_OK;
out:
	sakra_buf_free(&path);
	sakra_repo_free(repo);
	return status;
}
