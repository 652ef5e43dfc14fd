/* sakra open and sakra verify BUNDLE: decrypt a bundle (age, zip or plain
 * tar), check everything in it, and for open unpack it into a new
 * directory that appears only when all checks have passed. */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/age.h"
#include "sakra/bundle.h"
#include "sakra/crypto.h"
#include "sakra/fs.h"

static const char open_help[] =
	"usage: sakra open BUNDLE [-o DIR] [--identity FILE | --passphrase-file F]\n"
	"                  [--key PUBKEY]... [--keyring DIR] [--draft]\n\n"
	"Decrypts a bundle, checks the signatures and every file against the signed\n"
	"MANIFEST, and only then unpacks it into the new directory DIR (default: the\n"
	"bundle's own name). Absolute paths, '..', links, devices, duplicate entries\n"
	"and anything the manifest does not describe are refused; on any problem\n"
	"nothing is left behind.\n\n"
	"  -o DIR                 the directory to create\n"
	"  --identity FILE        an age identity file (AGE-SECRET-KEY-1..., as from\n"
	"                         'sakra keygen --age' or age-keygen)\n"
	"  --passphrase-file F    the passphrase of an age or zip bundle (default:\n"
	"                         asked on the terminal when it needs one)\n"
	"  --key PUBKEY           an approver's public key that you received another\n"
	"                         way: only signatures by pinned keys count\n"
	"  --keyring DIR          pin every *.pub in DIR (default, when it exists:\n"
	"                         $XDG_CONFIG_HOME/sakra/keyring, ~/.config/sakra/keyring)\n"
	"  --draft                also open a draft (unsigned) bundle\n\n"
	"Exit status: 0 opened, 1 the bundle does not verify (or is not approved),\n"
	"2 usage or environment error.\n";

enum { OPT_IDENTITY = OPT_FIRST_COMMAND, OPT_PASSFILE, OPT_KEY, OPT_KEYRING, OPT_DRAFT };

const struct option cli_opts_open[] = {
	{ "identity", required_argument, NULL, OPT_IDENTITY },
	{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "keyring", required_argument, NULL, OPT_KEYRING },
	{ "draft", no_argument, NULL, OPT_DRAFT },
	CLI_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

int cmd_open(struct cli *cli, int argc, char **argv)
{
	const struct option *opts = cli_opts_open;
	struct cli_bundle_keys keys;
	struct sakra_bundle_report *r = NULL;
	struct sakra_buf tmp = SAKRA_BUF_INIT, dest = SAKRA_BUF_INIT;
	struct sakra_error err;
	const char *out = NULL;
	int opt, status = EXIT_USAGE, draft = 0;

	memset(&keys, 0, sizeof(keys));
	sakra_error_clear(&err);
	while ((opt = getopt_long(argc, argv, "C:o:", opts, NULL)) != -1) {
		if (cli_common(cli, opt, optarg))
			continue;
		switch (opt) {
		case OPT_IDENTITY: keys.identity = optarg; break;
		case OPT_PASSFILE: keys.passfile = optarg; break;
		case OPT_KEY:
			if (cli_pin_key(&keys, optarg) < 0)
				goto out;
			break;
		case OPT_KEYRING:
			keys.keyring_given = 1;
			if (cli_pin_keyring(&keys, optarg, 1) < 0)
				goto out;
			break;
		case OPT_DRAFT: draft = 1; break;
		case 'o': out = optarg; break;
		case OPT_HELP: fputs(open_help, stdout); status = EXIT_OK; goto out;
		default:
			status = cli_usage_error("open", "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	if (optind + 1 != argc) {
		status = cli_usage_error("open", "give one BUNDLE");
		goto out;
	}
	if (out && access(out, F_OK) == 0) {
		cli_errorf("%s already exists; open unpacks into a new directory", out);
		goto out;
	}
	/* a staging directory beside the destination (what an interrupted run
	 * left there goes first) */
	if (sakra_buf_printf(&tmp, "%s", out ? out : ".sakra-open") < 0)
		goto out;
	while (tmp.len > 1 && tmp.ptr[tmp.len - 1] == '/')
		tmp.ptr[--tmp.len] = 0;
	sakra_remove_stale(tmp.ptr);
	if (sakra_buf_puts(&tmp, ".tmp-XXXXXX") < 0 || !mkdtemp(tmp.ptr)) {
		cli_errorf("cannot create a directory beside %s: %s", out ? out : ".",
			   strerror(errno));
		goto out;
	}
	status = cli_bundle_read(argv[optind], &keys, tmp.ptr, &r);
	if (status != EXIT_OK) {
		sakra_remove_tree(tmp.ptr);
		goto out;
	}
	if (!cli_bundle_print(r, draft, keys.keyring)) {
		cli_errorf("%s does not verify as an approved version; nothing was unpacked%s",
			   argv[optind], r->draft ? " (a draft: open it with --draft)" : "");
		sakra_remove_tree(tmp.ptr);
		status = EXIT_FINDINGS;
		goto out;
	}
	if (!out) {
		if (sakra_buf_puts(&dest, r->name) < 0)
			goto out;
		out = dest.ptr;
	}
	if (sakra_dir_sync(tmp.ptr, &err) < 0 || access(out, F_OK) == 0 || rename(tmp.ptr, out) < 0) {
		if (err.message[0])
			cli_error(&err);
		else
			cli_errorf("cannot create %s: %s", out, access(out, F_OK) == 0 ? "it exists"
				   : strerror(errno));
		sakra_remove_tree(tmp.ptr);
		status = EXIT_USAGE;
		goto out;
	}
	if (!cli->quiet)
		printf("%s: opened; start with %s/site/index.html or %s/LÄSMIG.txt\n", out, out, out);
	status = EXIT_OK;
out:
	sakra_bundle_report_free(r);
	cli_bundle_keys_clear(&keys);
	sakra_buf_free(&tmp);
	sakra_buf_free(&dest);
	return status;
}
