/* sakra verify: checking an approved version (or a bundle) under the trust
 * rules. */
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/bundle.h"
#include "sakra/approval.h"
#include "sakra/manifest.h"


static const struct cli_opt opts[] = {
	CLI_BUNDLE_KEY_OPTS,
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_verify = {
	"verify",
	N_("usage: sakra verify [VERSION | REV] [--key PUBKEY]...\n"
	"       sakra verify BUNDLE [--identity FILE | --passphrase-file F] [--key PUBKEY]...\n"
	"                           [--keyring DIR] [--accept-bundle-keys]"),
	N_("Checks an approved version (default: the newest): recomputes the manifest\n"
	"of its commit, checks every signature, the roles and the trust chain, and\n"
	"says who signed with which role and when, and what does not match.\n"
	"VERSION is N, vN or approved/vN; REV any revision of an approved commit.\n"
	"With a BUNDLE file (from 'sakra bundle'), checks it offline without\n"
	"unpacking: decrypts it, checks every entry, the files against the signed\n"
	"MANIFEST and the signatures, and reports version, commit, approvers,\n"
	"edition and the files the edition withheld; its README, BUNDLE and site/\n"
	"must be what the signed files give."),
	opts,
	N_("Exit status: 0 approved and every signature sound, 1 otherwise, 2 usage or\n"
	"environment error.")
};

int cmd_verify(struct cli *cli, int argc, char **argv)
{
	struct cli_bundle_keys keys;
	struct sakra_repo *repo = NULL;
	struct sakra_versions *vs = NULL;
	const struct sakra_version *v = NULL;
	struct sakra_error err;
	struct stat st;
	int opt, status = EXIT_USAGE, sound = 1;

	memset(&keys, 0, sizeof(keys));
	sakra_error_clear(&err);
	while ((opt = cli_getopt(cli, &cli_spec_verify, argc, argv)) != CLI_END) {
		int k;

		if ((k = cli_bundle_keys_option(cli, &keys, opt, optarg)) < 0)
			goto out;
		if (k)
			continue;
		status = cli->status;   /* CLI_STOP */
		goto out;
	}
	if (optind + 1 < argc) {
		cli_usage_error("verify", "unexpected argument '%s'", argv[optind + 1]);
		goto out;
	}
	if (optind < argc && !sakra_version_number(argv[optind]) && stat(argv[optind], &st) == 0 &&
	    S_ISREG(st.st_mode)) {
		struct sakra_bundle_report *r = NULL;

		keys.confine = 1;
		keys.verbose = cli->verbose;
		status = cli_bundle_read(stdout, argv[optind], &keys, NULL, 0, &r, NULL);
		sakra_bundle_report_free(r);
		goto out;
	}
	if (sakra_repo_open(&repo, cli->dir, &err) < 0 ||
	    sakra_versions_load(&vs, repo, keys.pinned, keys.npinned, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (optind < argc) {
		struct sakra_pick pick;

		if (sakra_versions_pick(vs, repo, argv[optind], 0, &pick, &err) < 0 ||
		    !(v = pick.version)) {
			cli_errorf("'%s' is not an approved version (no approved/vN tag on it)",
				   argv[optind]);
			status = EXIT_FINDINGS;
			goto out;
		}
	} else {
		v = sakra_versions_latest(vs);
		if (!v && vs->n)
			v = &vs->v[vs->n - 1];
		if (!v) {
			cli_errorf("no approved versions yet ('sakra approve' makes one)");
			status = EXIT_FINDINGS;
			goto out;
		}
	}
	cli_print_version(stdout, v);
	for (size_t i = 0; i < v->nsigs; i++)
		sound &= !v->sigs[i].broken;
	status = v->approved && sound && !v->error ? EXIT_OK : EXIT_FINDINGS;
out:
	cli_bundle_keys_clear(&keys);
	sakra_versions_free(vs);
	sakra_repo_free(repo);
	return status;
}
