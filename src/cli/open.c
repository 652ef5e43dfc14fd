/* sakra open and sakra verify BUNDLE: decrypt a bundle (age, zip or plain
 * tar), check everything in it, and for open unpack it into a new
 * directory that appears only when all checks have passed. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "sakra/bundle.h"

static const char open_help[] =
	"usage: sakra open BUNDLE [-o DIR] [--identity FILE | --passphrase-file F]\n"
	"                  [--key PUBKEY]... [--keyring DIR] [--accept-bundle-keys] [--draft]\n\n"
	"Decrypts a bundle, checks the signatures and every file against the signed\n"
	"MANIFEST, and only then unpacks it into the new directory DIR (default: the\n"
	"bundle's own name). Absolute paths, '..', links, devices, duplicate entries\n"
	"and anything the manifest does not describe are refused; on any problem\n"
	"nothing is left behind.\n\n"
	"  -o DIR                 the directory to create\n"
	"  --identity FILE        an age identity file (AGE-SECRET-KEY-1..., as from\n"
	"                         'sakra keygen --age' or age-keygen; repeatable)\n"
	"  --passphrase-file F    the passphrase of an age or zip bundle (default:\n"
	"                         asked on the terminal when it needs one)\n"
	"  --key PUBKEY           an approver's public key that you received another\n"
	"                         way: only signatures by pinned keys count, with\n"
	"                         the role your copy names\n"
	"  --keyring DIR          pin DIR/<business id>/*.pub for that organisation's\n"
	"                         plans (default, when it exists:\n"
	"                         $XDG_CONFIG_HOME/sakra/keyring, ~/.config/sakra/keyring)\n"
	"  --accept-bundle-keys   with no key pinned for the organisation, accept the\n"
	"                         keys inside the bundle (else nothing is opened)\n"
	"  --draft                also open a draft (unsigned) bundle\n\n"
	"Exit status: 0 opened, 1 the bundle does not verify (or is not approved),\n"
	"2 usage or environment error.\n";

enum { OPT_DRAFT = OPT_FIRST_COMMAND };

const struct option cli_opts_open[] = {
	CLI_BUNDLE_KEY_OPTIONS,
	{ "draft", no_argument, NULL, OPT_DRAFT },
	CLI_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

int cmd_open(struct cli *cli, int argc, char **argv)
{
	struct cli_bundle_keys keys;
	struct sakra_bundle_report *r = NULL;
	struct sakra_buf opened = SAKRA_BUF_INIT;
	const char *out = NULL;
	int opt, status = EXIT_USAGE, draft = 0;

	memset(&keys, 0, sizeof(keys));
	while ((opt = getopt_long(argc, argv, "C:o:", cli_opts_open, NULL)) != -1) {
		int k;

		if ((k = cli_bundle_keys_option(cli, &keys, opt, optarg)) < 0)
			goto out;
		if (k)
			continue;
		switch (opt) {
		case OPT_DRAFT: draft = 1; break;
		case 'o': out = optarg; break;
		case OPT_HELP: fputs(open_help, stdout); status = EXIT_OK; goto out;
		default:
			status = cli_unknown_option("open", argv[optind - 1]);
			goto out;
		}
	}
	if (optind + 1 != argc) {
		status = cli_usage_error("open", "give one BUNDLE");
		goto out;
	}
	status = cli_bundle_read(stdout, argv[optind], &keys, out, draft, &r, &opened);
	if (status == EXIT_OK && !cli->quiet)
		printf("%s: opened; start with %s/site/index.html or %s/%s\n", opened.ptr,
		       opened.ptr, opened.ptr, r->readme ? r->readme : "BUNDLE");
out:
	sakra_bundle_report_free(r);
	cli_bundle_keys_clear(&keys);
	sakra_buf_free(&opened);
	return status;
}
