/* sakra approve: signing the manifest of a commit as an approved version. */
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


enum { OPT_KEY = OPT_FIRST_COMMAND, OPT_REV, OPT_DECISION, OPT_PASSFILE, OPT_IDENTITY,
       OPT_KEYRING };

/* The secret key, decrypted with a passphrase when it needs one. */
static int load_seckey(const char *path, const char *passfile, struct sakra_seckey **out)
{
	struct sakra_buf text = SAKRA_BUF_INIT;
	struct sakra_error err;
	char *pass = NULL;
	size_t passlen = 0;
	int needs = 0, rc;

	sakra_error_clear(&err);
	cli_warn_readable(path);
	if (sakra_file_read(path, &text, 64 * 1024, &err) < 0) {
		cli_error(&err);
		return -1;
	}
	rc = sakra_seckey_parse(out, path, text.ptr ? text.ptr : "", text.len, NULL, 0, &needs,
				&err);
	if (rc < 0 && needs) {
		if (cli_passphrase(passfile, 0, path, &pass, &passlen) < 0) {
			rc = -1;
			goto out;
		}
		rc = sakra_seckey_parse(out, path, text.ptr, text.len, pass, passlen, NULL, &err);
	}
	if (rc < 0)
		cli_error(&err);
out:
	if (text.ptr)
		sakra_wipe(text.ptr, text.cap);
	sakra_buf_free(&text);
	sakra_secure_free(pass);
	return rc < 0 ? -1 : 0;
}

static const struct cli_opt opts[] = {
	{ "key", "SECKEY", OPT_KEY,
	  N_("the secret key file (from 'sakra keygen' or minisign)"),
	  NULL, CLI_V_FILE },
	{ "rev", "REV", OPT_REV,
	  N_("the commit to approve"),
	  NULL, CLI_V_REV },
	{ "decision", "TEXT", OPT_DECISION,
	  N_("e.g. the meeting and decision that approved it"),
	  NULL, CLI_V_NONE },
	{ "passphrase-file", "F", OPT_PASSFILE,
	  N_("the key's passphrase (default: asked on the terminal)"),
	  NULL, CLI_V_FILE },
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_approve = {
	"approve",
	N_("usage: sakra approve --key SECKEY [--rev REV] [--decision TEXT]\n"
	"                     [--passphrase-file F]"),
	N_("Signs the manifest of a commit (default: HEAD, which needs a clean working\n"
	"tree) with the approver's minisign secret key and records it as the\n"
	"annotated tag approved/vN (a new version, or one more signature on the\n"
	"commit's version). The key's public half must be in the commit's keys/,\n"
	"with a role; the commit must have no check errors and no placeholders.\n"
	"No commit is added; push the tag with 'git push --tags'."),
	opts,
	NULL
};

int cmd_approve(struct cli *cli, int argc, char **argv)
{
	const char *keyfile = NULL, *rev = NULL, *decision = NULL, *passfile = NULL;
	struct sakra_check_options copts;
	struct cli_plan p;
	struct sakra_pick pick;
	struct sakra_seckey *sk = NULL;
	struct sakra_pubkey *keys = NULL;
	const struct sakra_pubkey *key = NULL;
	struct sakra_error err;
	size_t nkeys = 0, errors;
	long version;
	int opt, status = EXIT_FINDINGS;

	memset(&copts, 0, sizeof(copts));
	copts.approval = 1;
	while ((opt = cli_getopt(cli, &cli_spec_approve, argc, argv)) != CLI_END) {
		switch (opt) {
		case OPT_KEY: keyfile = optarg; break;
		case OPT_REV: rev = optarg; break;
		case OPT_DECISION: decision = optarg; break;
		case OPT_PASSFILE: passfile = optarg; break;
		default: return cli->status;   /* CLI_STOP */
		}
	}
	if (optind < argc)
		return cli_usage_error("approve", "unexpected argument '%s'", argv[optind]);
	if (!keyfile)
		return cli_usage_error("approve", "--key SECKEY is required");
	if (decision && (!cli_one_line(decision) || strlen(decision) > 1000))
		return cli_usage_error("approve", "--decision must be one line of text");
	if (cli_today(NULL, &copts.today) < 0)
		return EXIT_USAGE;
	sakra_error_clear(&err);
	/* HEAD by default, and only when nothing is left uncommitted */
	if ((opt = cli_version_open(cli, rev, SAKRA_PICK_HEAD, &p, &pick)) < 0)
		return opt == SAKRA_EEXISTS ? EXIT_FINDINGS : EXIT_USAGE;
	if (sakra_check_run(p.plan, &copts, &p.diags, &err) < 0)
		goto fail;
	if ((errors = sakra_diags_count(&p.diags, SAKRA_ERROR)) > 0) {
		cli_errorf(sakra_trn("commit %.12s has %zu error (placeholders "
				     "count for approval); 'sakra check --rev %s' lists it",
				     "commit %.12s has %zu errors (placeholders count for approval); "
				     "'sakra check --rev %s' lists them", errors),
			   p.tree->commit, errors, rev ? rev : "HEAD");
		goto out;
	}
	if (load_seckey(keyfile, passfile, &sk) < 0)
		goto out;
	if (sakra_approve_plan(p.repo, p.versions, p.plan, sk, decision, &copts.today, &version,
			       &keys, &nkeys, &key, &err) < 0)
		goto fail;
	if (!cli->quiet) {
		struct sakra_versions *vs = NULL;

		printf(_("%s (%s) signed commit %.12s as version %ld\n"),
		       key->name ? key->name : "?", key->role, p.tree->commit, version);
		if (sakra_versions_load(&vs, p.repo, NULL, 0, &err) < 0)
			goto fail;
		cli_print_version(stdout, sakra_versions_find(vs, version, NULL));
		sakra_versions_free(vs);
	}
	status = EXIT_OK;
	goto out;
fail:
	cli_error(&err);
	status = err.code == SAKRA_EEXISTS || err.code == SAKRA_EAUTH ? EXIT_FINDINGS : EXIT_USAGE;
out:
	sakra_keys_free(keys, nkeys);
	sakra_seckey_free(sk);
	cli_plan_close(&p);
	return status;
}
