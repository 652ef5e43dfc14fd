/* sakra open and sakra verify BUNDLE: decrypt a bundle (age, zip or plain
 * tar), check everything in it, and for open unpack it into a new
 * directory that appears only when all checks have passed. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "sakra/bundle.h"


enum { OPT_DRAFT = OPT_FIRST_COMMAND };

static const struct cli_opt opts[] = {
	{ "draft", NULL, OPT_DRAFT,
	  N_("also open a draft (unsigned) bundle"),
	  NULL, CLI_V_NONE },
	{ "o", "DIR", 'o',
	  N_("the directory to create"),
	  NULL, CLI_V_FILE },
	CLI_BUNDLE_KEY_OPTS,
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_open = {
	"open",
	N_("usage: sakra open BUNDLE [-o DIR] [--identity FILE | --passphrase-file F]\n"
	"                  [--key PUBKEY]... [--keyring DIR] [--accept-bundle-keys] [--draft]"),
	N_("Decrypts a bundle, checks the signatures and every file against the signed\n"
	"MANIFEST, and only then unpacks it into the new directory DIR (default: the\n"
	"bundle's own name). Absolute paths, '..', links, devices, duplicate entries\n"
	"and anything the manifest does not describe are refused; on any problem\n"
	"nothing is left behind."),
	opts,
	N_("Exit status: 0 opened, 1 the bundle does not verify (or is not approved),\n"
	"2 usage or environment error.")
};

int cmd_open(struct cli *cli, int argc, char **argv)
{
	struct cli_bundle_keys keys;
	struct sakra_bundle_report *r = NULL;
	struct sakra_buf opened = SAKRA_BUF_INIT;
	const char *out = NULL;
	int opt, status = EXIT_USAGE, draft = 0;

	memset(&keys, 0, sizeof(keys));
	while ((opt = cli_getopt(cli, &cli_spec_open, argc, argv)) != CLI_END) {
		int k;

		if ((k = cli_bundle_keys_option(cli, &keys, opt, optarg)) < 0)
			goto out;
		if (k)
			continue;
		switch (opt) {
		case OPT_DRAFT: draft = 1; break;
		case 'o': out = optarg; break;
		default: status = cli->status; goto out;   /* CLI_STOP */
		}
	}
	if (optind + 1 != argc) {
		status = cli_usage_error("open", "give one BUNDLE");
		goto out;
	}
	keys.confine = 1;
	keys.verbose = cli->verbose;
	status = cli_bundle_read(stdout, argv[optind], &keys, out, draft, &r, &opened);
	if (status == EXIT_OK && !cli->quiet)
		printf(_("%s: opened; start with %s/site/index.html or %s/%s\n"), opened.ptr,
		       opened.ptr, opened.ptr, r->readme ? r->readme : "BUNDLE");
out:
	sakra_bundle_report_free(r);
	cli_bundle_keys_clear(&keys);
	sakra_buf_free(&opened);
	return status;
}
