/* sakra export: the verification kit of an approved version. */
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/bundle.h"
#include "sakra/approval.h"
#include "sakra/manifest.h"
#include "sakra/fs.h"

static const char export_help[] =
	"usage: sakra export VERSION -o DIR\n\n"
	"Writes the verification kit of an approved version into the new directory\n"
	"DIR: MANIFEST, one MANIFEST.<keyid>.minisig per signature, keys/ and\n"
	"LÄSMIG.txt, which tells the recipient the minisign and sha256sum commands\n"
	"that check it. DIR appears only when complete.\n";

struct kit_dir {
	const char *root;
	struct sakra_error *err;
};

static int write_kit_file(void *ctx, const char *name, const void *data, size_t len)
{
	struct kit_dir *k = ctx;

	return cli_write_file(k->root, name, data, len, k->err);
}

const struct option cli_opts_export[] = {
	CLI_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

int cmd_export(struct cli *cli, int argc, char **argv)
{
	const struct option *opts = cli_opts_export;
	struct sakra_repo *repo = NULL;
	struct sakra_versions *vs = NULL;
	const struct sakra_version *v;
	struct sakra_buf tmp = SAKRA_BUF_INIT;
	struct sakra_error err;
	struct kit_dir kit;
	const char *out = NULL;
	int opt, status = EXIT_USAGE;

	sakra_error_clear(&err);
	while ((opt = getopt_long(argc, argv, "C:o:", opts, NULL)) != -1) {
		if (cli_common(cli, opt, optarg))
			continue;
		switch (opt) {
		case 'o': out = optarg; break;
		case OPT_HELP: fputs(export_help, stdout); return EXIT_OK;
		default: return cli_usage_error("export", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind + 1 != argc || !out)
		return cli_usage_error("export", "give a VERSION and -o DIR");
	if (access(out, F_OK) == 0) {
		cli_errorf("%s already exists; export writes a new directory", out);
		return EXIT_USAGE;
	}
	if (sakra_repo_open(&repo, cli->dir, &err) < 0 ||
	    sakra_versions_load(&vs, repo, NULL, 0, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (!(v = cli_pick_version(vs, repo, argv[optind]))) {
		cli_errorf("'%s' is not an approved version", argv[optind]);
		status = EXIT_FINDINGS;
		goto out;
	}
	if (sakra_buf_printf(&tmp, "%s.tmp-XXXXXX", out) < 0 || !mkdtemp(tmp.ptr)) {
		cli_errorf("cannot create a directory beside %s", out);
		goto out;
	}
	sakra_dir_umask(tmp.ptr);
	kit.root = tmp.ptr;
	kit.err = &err;
	if (sakra_kit_files(v, repo, write_kit_file, &kit, &err) < 0 ||
	    sakra_dir_sync(tmp.ptr, &err) < 0 || rename(tmp.ptr, out) < 0) {
		if (!err.message[0])
			cli_errorf("cannot rename %s to %s", tmp.ptr, out);
		else
			cli_error(&err);
		sakra_remove_tree(tmp.ptr);
		goto out;
	}
	if (!cli->quiet)
		printf("%s: verification kit of version %ld (%s)%s\n", out, v->number, v->commit,
		       v->approved ? "" : " — NOT approved: see 'sakra verify'");
	status = EXIT_OK;
out:
	sakra_buf_free(&tmp);
	sakra_versions_free(vs);
	sakra_repo_free(repo);
	return status;
}
