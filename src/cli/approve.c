/* sakra approve and sakra verify: signing the manifest of a commit, and
 * checking the approved versions under the trust rules. */
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/bundle.h"
#include "sakra/approval.h"
#include "sakra/manifest.h"

static const char approve_help[] =
	"usage: sakra approve --key SECKEY [--rev REV] [--decision TEXT]\n"
	"                     [--passphrase-file F]\n\n"
	"Signs the manifest of a commit (default: HEAD, which needs a clean working\n"
	"tree) with the approver's minisign secret key and records it as the\n"
	"annotated tag approved/vN (a new version, or one more signature on the\n"
	"commit's version). The key's public half must be in the commit's keys/,\n"
	"with a role; the commit must have no check errors and no placeholders.\n"
	"No commit is added; push the tag with 'git push --tags'.\n\n"
	"  --key SECKEY           the secret key file (from 'sakra keygen' or minisign)\n"
	"  --rev REV              the commit to approve\n"
	"  --decision TEXT        e.g. the meeting and decision that approved it\n"
	"  --passphrase-file F    the key's passphrase (default: asked on the terminal)\n";

static const char verify_help[] =
	"usage: sakra verify [VERSION | REV] [--key PUBKEY]...\n"
	"       sakra verify BUNDLE [--identity FILE | --passphrase-file F] [--key PUBKEY]...\n"
	"                           [--keyring DIR]\n\n"
	"Checks an approved version (default: the newest): recomputes the manifest\n"
	"of its commit, checks every signature, the roles and the trust chain, and\n"
	"says who signed with which role and when, and what does not match.\n"
	"VERSION is N, vN or approved/vN; REV any revision of an approved commit.\n"
	"With a BUNDLE file (from 'sakra bundle'), checks it offline without\n"
	"unpacking: decrypts it, checks every entry, the files against the signed\n"
	"MANIFEST and the signatures, and reports version, commit, approvers,\n"
	"edition and the files the edition withheld; LÄSMIG.txt, BUNDLE and site/\n"
	"must be what the signed files give.\n\n"
	"  --key PUBKEY           a public key you received another way: only\n"
	"                         signatures by pinned keys count\n"
	"  --keyring DIR          pin every *.pub in DIR (for a bundle the default,\n"
	"                         when it exists: $XDG_CONFIG_HOME/sakra/keyring)\n"
	"  --identity FILE        the age identity that opens the bundle\n"
	"  --passphrase-file F    the bundle's passphrase (default: asked)\n\n"
	"Exit status: 0 approved and every signature sound, 1 otherwise, 2 usage or\n"
	"environment error.\n";

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

void cli_print_version(const struct sakra_version *v)
{
	printf("version %ld (%s), commit %s%s%s\n", v->number, cli_safe(v->tag), v->commit,
	       v->organisation ? ", " : "", cli_safe(v->organisation));
	if (v->error) {
		printf("  cannot be read: %s\n", cli_safe(v->error));
		return;
	}
	for (size_t i = 0; i < v->nsigs; i++) {
		const struct sakra_signature *s = &v->sigs[i];

		if (s->counts || !s->broken)
			printf("  signed by %s (%s) on %s with key %s%s%s%s%s\n",
			       cli_safe(s->claim.approver), cli_safe(s->claim.role),
			       cli_safe(s->claim.date), cli_safe(s->sig.id),
			       s->claim.decision ? ": " : "", cli_safe(s->claim.decision),
			       s->counts ? "" : "; does not count: ", s->counts ? "" : cli_safe(s->why));
		else
			printf("  signature by key %s does not count: %s\n",
			       s->sig.id[0] ? cli_safe(s->sig.id) : "?", cli_safe(s->why));
	}
	if (v->approved)
		printf("  approved: every required role has signed\n");
	else
		printf("  NOT approved: no signature that counts for %s\n", cli_safe(v->missing));
}

const struct option cli_opts_approve[] = {
	{ "key", required_argument, NULL, OPT_KEY },
	{ "rev", required_argument, NULL, OPT_REV },
	{ "decision", required_argument, NULL, OPT_DECISION },
	{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
	CLI_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

int cmd_approve(struct cli *cli, int argc, char **argv)
{
	const struct option *opts = cli_opts_approve;
	const char *keyfile = NULL, *rev = NULL, *decision = NULL, *passfile = NULL;
	struct sakra_check_options copts;
	struct cli_plan p;
	struct sakra_seckey *sk = NULL;
	struct sakra_pubkey *keys = NULL;
	const struct sakra_pubkey *key = NULL;
	struct sakra_versions *vs = NULL;
	struct sakra_buf man = SAKRA_BUF_INIT;
	struct sakra_error err;
	size_t nkeys = 0, errors;
	long version;
	int opt, status = EXIT_USAGE;

	memset(&copts, 0, sizeof(copts));
	memset(&p, 0, sizeof(p));
	copts.approval = 1;
	while ((opt = getopt_long(argc, argv, "C:", opts, NULL)) != -1) {
		if (cli_common(cli, opt, optarg))
			continue;
		switch (opt) {
		case OPT_KEY: keyfile = optarg; break;
		case OPT_REV: rev = optarg; break;
		case OPT_DECISION: decision = optarg; break;
		case OPT_PASSFILE: passfile = optarg; break;
		case OPT_HELP: fputs(approve_help, stdout); return EXIT_OK;
		default: return cli_usage_error("approve", "unknown option '%s'", argv[optind - 1]);
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
	if (sakra_repo_open(&p.repo, cli->dir, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (!rev) {
		struct sakra_buf what = SAKRA_BUF_INIT;
		int dirty = sakra_repo_dirty(p.repo, &what, &err);

		if (dirty < 0) {
			sakra_buf_free(&what);
			cli_error(&err);
			goto out;
		}
		if (dirty) {
			cli_errorf("the working tree has changes that are not committed (%s); commit "
				   "them, or ignore them in .gitignore (or approve a commit with --rev)",
				   cli_safe(sakra_buf_cstr(&what)));
			sakra_buf_free(&what);
			status = EXIT_FINDINGS;
			goto out;
		}
		sakra_buf_free(&what);
		rev = "HEAD";
	}
	if (sakra_tree_open(&p.tree, p.repo, rev, &err) < 0 ||
	    sakra_plan_load(&p.plan, p.tree, &p.diags, &err) < 0 ||
	    sakra_check_run(p.plan, &copts, &p.diags, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if ((errors = sakra_diags_count(&p.diags, SAKRA_ERROR)) > 0) {
		cli_errorf("commit %.12s has %zu error%s (placeholders count for approval); "
			   "'sakra check --rev %s' lists them", p.tree->commit, errors,
			   errors == 1 ? "" : "s", rev);
		status = EXIT_FINDINGS;
		goto out;
	}
	if (load_seckey(keyfile, passfile, &sk) < 0) {
		status = EXIT_FINDINGS;
		goto out;
	}
	if (sakra_keys_load(&keys, &nkeys, p.tree, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	for (size_t i = 0; i < nkeys && !key; i++)
		if (memcmp(keys[i].keynum, sk->keynum, 8) == 0 && memcmp(keys[i].pk, sk->pk, 32) == 0)
			key = &keys[i];
	if (!key || !key->role) {
		cli_errorf(!key ? "key %s is not in keys/ of commit %.12s; commit its public key "
			   "there first" : "key %s in keys/ of commit %.12s names no role; add "
			   "role=... to its comment line", sk->id, p.tree->commit);
		status = EXIT_FINDINGS;
		goto out;
	}
	if (sakra_manifest_build(&man, p.plan, &err) < 0 ||
	    sakra_versions_load(&vs, p.repo, NULL, 0, &err) < 0 ||
	    sakra_approval_sign(p.repo, vs, p.tree->commit, man.ptr, man.len, sk, key, decision,
				&copts.today, &version, &err) < 0) {
		cli_error(&err);
		status = err.code == SAKRA_EEXISTS ? EXIT_FINDINGS : EXIT_USAGE;
		goto out;
	}
	sakra_versions_free(vs);
	vs = NULL;
	if (sakra_versions_load(&vs, p.repo, NULL, 0, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (!cli->quiet) {
		printf("%s (%s) signed commit %.12s as version %ld\n", key->name ? key->name : "?",
		       key->role, p.tree->commit, version);
		cli_print_version(sakra_versions_find(vs, version, NULL));
	}
	status = EXIT_OK;
out:
	sakra_buf_free(&man);
	sakra_versions_free(vs);
	sakra_keys_free(keys, nkeys);
	sakra_seckey_free(sk);
	cli_plan_close(&p);
	return status;
}

long cli_version_number(const char *s)
{
	if (strncmp(s, SAKRA_APPROVAL_TAG, strlen(SAKRA_APPROVAL_TAG)) == 0)
		s += strlen(SAKRA_APPROVAL_TAG);
	else if (*s == 'v')
		s++;
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 9)
		return 0;
	return strtol(s, NULL, 10);
}

const struct sakra_version *cli_pick_version(const struct sakra_versions *vs,
					     struct sakra_repo *repo, const char *what)
{
	struct sakra_tree *t = NULL;
	struct sakra_error err;
	const struct sakra_version *v = NULL;
	long n = cli_version_number(what);

	if (n > 0)
		return sakra_versions_find(vs, n, NULL);
	sakra_error_clear(&err);
	if (sakra_tree_open(&t, repo, what, &err) == 0)
		v = sakra_versions_find(vs, 0, t->commit);
	sakra_tree_free(t);
	return v;
}

const struct option cli_opts_verify[] = {
	{ "key", required_argument, NULL, OPT_KEY },
	{ "identity", required_argument, NULL, OPT_IDENTITY },
	{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
	{ "keyring", required_argument, NULL, OPT_KEYRING },
	CLI_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

int cmd_verify(struct cli *cli, int argc, char **argv)
{
	const struct option *opts = cli_opts_verify;
	struct cli_bundle_keys keys;
	struct sakra_repo *repo = NULL;
	struct sakra_versions *vs = NULL;
	const struct sakra_version *v = NULL;
	struct sakra_error err;
	struct stat st;
	int opt, status = EXIT_USAGE, sound = 1;

	memset(&keys, 0, sizeof(keys));
	sakra_error_clear(&err);
	while ((opt = getopt_long(argc, argv, "C:", opts, NULL)) != -1) {
		if (cli_common(cli, opt, optarg))
			continue;
		switch (opt) {
		case OPT_KEY:
			if (cli_pin_key(&keys, optarg) < 0)
				goto out;
			break;
		case OPT_IDENTITY: keys.identity = optarg; break;
		case OPT_PASSFILE: keys.passfile = optarg; break;
		case OPT_KEYRING:
			keys.keyring_given = 1;
			if (cli_pin_keyring(&keys, optarg, 1) < 0)
				goto out;
			break;
		case OPT_HELP: fputs(verify_help, stdout); status = EXIT_OK; goto out;
		default:
			cli_usage_error("verify", "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	if (optind + 1 < argc) {
		cli_usage_error("verify", "unexpected argument '%s'", argv[optind + 1]);
		goto out;
	}
	if (optind < argc && !cli_version_number(argv[optind]) && stat(argv[optind], &st) == 0 &&
	    S_ISREG(st.st_mode)) {
		struct sakra_bundle_report *r = NULL;

		if ((status = cli_bundle_read(argv[optind], &keys, NULL, &r)) == EXIT_OK)
			status = cli_bundle_print(r, 0, keys.keyring) ? EXIT_OK : EXIT_FINDINGS;
		sakra_bundle_report_free(r);
		goto out;
	}
	if (sakra_repo_open(&repo, cli->dir, &err) < 0 ||
	    sakra_versions_load(&vs, repo, keys.pinned, keys.npinned, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (optind < argc) {
		if (!(v = cli_pick_version(vs, repo, argv[optind]))) {
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
	cli_print_version(v);
	for (size_t i = 0; i < v->nsigs; i++)
		sound &= !v->sigs[i].broken;
	status = v->approved && sound && !v->error ? EXIT_OK : EXIT_FINDINGS;
out:
	cli_bundle_keys_clear(&keys);
	sakra_versions_free(vs);
	sakra_repo_free(repo);
	return status;
}

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
