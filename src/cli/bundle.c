/* sakra bundle: one edition of an approved version as one file — a
 * deterministic tar, encrypted with age (or an AES-256 zip) — streamed to a
 * temporary file that takes its final name only when complete. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/age.h"
#include "sakra/approval.h"
#include "sakra/bundlefile.h"
#include "sakra/cache.h"
#include "sakra/crypto.h"
#include "sakra/manifest.h"


enum { OPT_REV = OPT_FIRST_COMMAND, OPT_EDITION, OPT_FORMAT, OPT_RECIPIENT, OPT_RECFILE,
       OPT_PASSFILE, OPT_DRAFT };

static const struct cli_opt opts[] = {
	{ "rev", "VERSION|REV", OPT_REV,
	  N_("the version (N, vN, approved/vN) or its commit (default: the newest approved version)"),
	  NULL, CLI_V_REV },
	{ "edition", "NAME", OPT_EDITION,
	  N_("an edition of sakra.yml (default: every marked file)"),
	  NULL, CLI_V_EDITION },
	{ "format", "F", OPT_FORMAT,
	  N_("age (default): age v1 to X25519 recipients or a passphrase; zip: an AES-256 zip, opened with the passphrase (7-Zip); tar: the tar unencrypted, for internal use only"),
	  "age zip tar", CLI_V_NONE },
	{ "recipient", "R", OPT_RECIPIENT,
	  N_("an age recipient (age1...); repeatable. The edition's recipients in sakra.yml are added"),
	  NULL, CLI_V_NONE },
	{ "recipients-file", "F", OPT_RECFILE,
	  N_("age recipients, one per line ('#' comments)"),
	  NULL, CLI_V_FILE },
	{ "passphrase-file", "F", OPT_PASSFILE,
	  N_("the passphrase's first line (default: asked twice on the terminal when there are no recipients)"),
	  NULL, CLI_V_FILE },
	{ "draft", NULL, OPT_DRAFT,
	  N_("allow a commit that is not an approved version (with no --rev: HEAD); the bundle says so (utkast, luonnos, draft) in its name and its README"),
	  NULL, CLI_V_NONE },
	{ "o", "FILE", 'o',
	  N_("the file to write (default: _bundles/NAME-vN-EDITION-MARKING.tar.age / .zip / .tar in the plan's folder, a folder git ignores)"),
	  NULL, CLI_V_FILE },
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_bundle = {
	"bundle",
	N_("usage: sakra bundle [--rev VERSION|REV] [--edition NAME] [-o FILE]\n"
	"                    [--format age|zip|tar] [--recipient R]... [--recipients-file F]\n"
	"                    [--passphrase-file F] [--draft]"),
	N_("Writes one edition of an approved version as one file for a supervisor:\n"
	"a tar holding a README in the plan's language and English (LÄSMIG.txt,\n"
	"LUEMINUT.txt or README.txt), the signed MANIFEST with its signatures and\n"
	"keys, files/ (the edition's files as in the commit) and site/ (the\n"
	"edition rendered), encrypted with age. Files above the edition's\n"
	"max_classification are left out and named in the README and BUNDLE. The\n"
	"same version and edition always give the same tar."),
	opts,
	N_("Exit status: 0 written, 1 the version does not verify as approved, 2 usage,\n"
	"input or environment error (a bad recipient, an unknown edition, no terminal\n"
	"for the passphrase, an existing output).")
};

struct args {
	const char *rev, *edition, *out, *passfile;
	enum sakra_seal seal;
	int draft;
	struct sakra_age_recipients rcp;
};

static int parse(struct cli *cli, int argc, char **argv, struct args *a)
{
	struct sakra_error err;
	int opt;

	while ((opt = cli_getopt(cli, &cli_spec_bundle, argc, argv)) != CLI_END) {
		switch (opt) {
		case OPT_REV: a->rev = optarg; break;
		case OPT_EDITION: a->edition = optarg; break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "age") || !strcmp(optarg, "zip") || !strcmp(optarg, "tar"))
				a->seal = optarg[0] == 'a' ? SAKRA_SEAL_AGE : optarg[0] == 'z'
					  ? SAKRA_SEAL_ZIP : SAKRA_SEAL_TAR;
			else
				return cli_usage_error("bundle", "--format is age, zip or tar");
			break;
		case OPT_RECIPIENT:
		case OPT_RECFILE:
			/* recipients are checked here, before any work is done */
			if ((opt == OPT_RECIPIENT
			     ? sakra_age_recipients_add(&a->rcp, optarg, "--recipient", 0, &err)
			     : sakra_age_recipients_read(&a->rcp, optarg, &err)) < 0) {
				cli_error(&err);
				return EXIT_USAGE;
			}
			break;
		case OPT_PASSFILE: a->passfile = optarg; break;
		case OPT_DRAFT: a->draft = 1; break;
		case 'o': a->out = optarg; break;
		default: return cli->status == EXIT_OK ? -EXIT_OK - 1 : cli->status;   /* CLI_STOP */
		}
	}
	if (optind < argc)
		return cli_usage_error("bundle", "unexpected argument '%s'", argv[optind]);
	if (a->seal != SAKRA_SEAL_AGE && a->rcp.n)
		return cli_usage_error("bundle", "recipients are for --format age");
	return EXIT_OK;
}

/* Adds the edition's recipients; asks for the passphrase when it is one. */
static int seal_with(const struct args *a, const struct sakra_edition *ed,
		     struct sakra_bundle_dest *d, char **pass)
{
	struct sakra_age_recipients *r = (struct sakra_age_recipients *)&a->rcp;
	struct sakra_error err;

	d->seal = a->seal;
	for (size_t i = 0; a->seal == SAKRA_SEAL_AGE && ed && i < ed->nrecipients; i++)
		if (sakra_age_recipients_add(r, ed->recipients[i], "sakra.yml", ed->line, &err) < 0) {
			cli_error(&err);
			return -1;
		}
	if (r->n && a->passfile) {
		cli_errorf("age encrypts to recipients or to a passphrase, not both");
		return -1;
	}
	d->recipients = (const unsigned char (*)[32])r->pk;
	d->nrecipients = r->n;
	if ((a->seal == SAKRA_SEAL_AGE && !r->n) || a->seal == SAKRA_SEAL_ZIP) {
		if (cli_passphrase(a->passfile, 1, _("the bundle"), pass, &d->passlen) < 0)
			return -1;
		if (!d->passlen) {
			cli_errorf("the passphrase is empty");
			return -1;
		}
		d->passphrase = *pass;
	}
	if (a->seal == SAKRA_SEAL_TAR)
		fprintf(stderr, _("sakra: warning: --format tar writes the bundle UNENCRYPTED; keep "
				  "it inside the organisation\n"));
	return 0;
}

static void summary(const struct cli_plan *p, const struct sakra_bundle_options *bo,
		    const struct sakra_bundle_plan *bp, const struct sakra_bundle_dest *d,
		    const char *out)
{
	const char *org = p->plan->config->org_name ? p->plan->config->org_name : "";

	const char *edition = bo->edition ? bo->edition->name : _("(all marked files)");

	if (bo->version)
		printf(_("%s: approved version %ld of %s"), out, bo->version->number, org);
	else
		printf(_("%s: DRAFT (commit %.12s) of %s"), out, p->tree->commit, org);
	printf(sakra_trn(", edition %s, %zu file", ", edition %s, %zu files", bp->files), edition,
	       bp->files);
	if (bp->withheld)
		printf(sakra_trn(", %zu withheld by the edition", ", %zu withheld by the edition",
				 bp->withheld), bp->withheld);
	printf(_("; marking %s; "), bp->marking ? bp->marking : _("none"));
	if (d->seal == SAKRA_SEAL_AGE && d->nrecipients)
		printf(sakra_trn("age, %zu recipient\n", "age, %zu recipients\n", d->nrecipients),
		       d->nrecipients);
	else if (d->seal == SAKRA_SEAL_AGE)
		printf(_("age, passphrase\n"));
	else if (d->seal == SAKRA_SEAL_ZIP)
		printf(_("AES-256 zip\n"));
	else
		printf(_("UNENCRYPTED tar\n"));
}

int cmd_bundle(struct cli *cli, int argc, char **argv)
{
	struct args a;
	struct cli_plan p;
	struct sakra_pick pick;
	struct sakra_bundle_options bo;
	struct sakra_bundle_plan bp;
	struct sakra_bundle_dest d;
	struct sakra_buf manifest = SAKRA_BUF_INIT, out = SAKRA_BUF_INIT;
	struct sakra_diags diags = SAKRA_DIAGS_INIT;
	struct cli_progress prog;
	struct sakra_error err;
	char *pass = NULL;
	int status, rc;

	memset(&a, 0, sizeof(a));
	memset(&bo, 0, sizeof(bo));
	memset(&d, 0, sizeof(d));
	if ((status = parse(cli, argc, argv, &a)) != EXIT_OK) {
		sakra_age_recipients_free(&a.rcp);
		return status < 0 ? EXIT_OK : status;
	}
	/* 1 when the version does not verify (a finding); 2 for what the
	 * user gave or the machine lacks */
	status = EXIT_USAGE;
	/* --draft alone bundles the commit checked out */
	if (a.draft && !a.rev)
		a.rev = "HEAD";
	if ((rc = cli_version_open(cli, a.rev, SAKRA_PICK_APPROVED | SAKRA_PICK_LATEST |
				   SAKRA_PICK_REMEMBERED | (a.draft ? SAKRA_PICK_DRAFT : 0),
				   &p, &pick)) < 0) {
		status = rc == SAKRA_EAUTH ? EXIT_FINDINGS : EXIT_USAGE;
		goto out;
	}
	if (a.edition && !(bo.edition = cli_edition(p.plan->config, a.edition)))
		goto out;
	bo.plan = p.plan;
	bo.version = pick.version;
	bo.versions = p.versions;
	bo.repo = p.repo;
	bo.format = a.seal == SAKRA_SEAL_ZIP ? SAKRA_BUNDLE_ZIP : SAKRA_BUNDLE_TAR;
	if (pick.version) {
		bo.manifest = pick.version->manifest;
		bo.manifest_len = pick.version->manifest_len;
	} else if (sakra_manifest_build(&manifest, p.plan, &err) < 0) {
		/* a draft's manifest decides what the edition holds and no
		 * signature confirms it: built from the blobs, never remembered */
		goto fail;
	} else {
		bo.manifest = manifest.ptr;
		bo.manifest_len = manifest.len;
	}
	if (sakra_bundle_prepare(&bo, &bp, &err) < 0)
		goto fail;
	if (seal_with(&a, bo.edition, &d, &pass) < 0)
		goto out;
	bo.passphrase = a.seal == SAKRA_SEAL_ZIP ? pass : NULL;
	d.path = a.out;
	d.temp = cli_remove_on_signal;
	cli_progress_start(&prog, bp.bytes, !cli->quiet && isatty(STDERR_FILENO));
	bo.progress = cli_progress_show;
	bo.progress_ctx = &prog;
	if (sakra_bundle_write_file(&bo, &bp, &d, &out, &diags, &err) < 0) {
		cli_progress_end(&prog);
		goto fail;
	}
	cli_progress_end(&prog);
	cli_print_diags(stderr, &diags);
	if (!cli->quiet)
		summary(&p, &bo, &bp, &d, out.ptr);
	status = EXIT_OK;
	goto out;
fail:
	cli_error(&err);
	status = err.code == SAKRA_EAUTH ? EXIT_FINDINGS : EXIT_USAGE;
out:
	sakra_secure_free(pass);
	sakra_age_recipients_free(&a.rcp);
	sakra_buf_free(&manifest);
	sakra_buf_free(&out);
	sakra_diags_free(&diags);
	cli_plan_close(&p);
	return status;
}
