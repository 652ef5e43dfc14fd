/* sakra bundle: one edition of an approved version as one file — a
 * deterministic tar, encrypted with age (or an AES-256 zip) — streamed to a
 * temporary file that takes its final name only when complete. */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/age.h"
#include "sakra/approval.h"
#include "sakra/bundle.h"
#include "sakra/crypto.h"
#include "sakra/manifest.h"
#include "sakra/fs.h"
#include "sakra/stream.h"

static const char help[] =
	"usage: sakra bundle [--rev VERSION|REV] [--edition NAME] [-o FILE]\n"
	"                    [--format age|zip|tar] [--recipient R]... [--recipients-file F]\n"
	"                    [--passphrase-file F] [--draft]\n\n"
	"Writes one edition of an approved version as one file for a supervisor:\n"
	"a tar holding LÄSMIG.txt, the signed MANIFEST with its signatures and\n"
	"keys, files/ (the edition's files as in the commit) and site/ (the\n"
	"edition rendered), encrypted with age. Files above the edition's\n"
	"max_classification are left out and named in LÄSMIG.txt and BUNDLE. The\n"
	"same version and edition always give the same tar.\n\n"
	"  --rev VERSION|REV      the version (N, vN, approved/vN) or its commit\n"
	"                         (default: the newest approved version)\n"
	"  --edition NAME         an edition of sakra.yml (default: every marked file)\n"
	"  -o FILE                the file to write (default: _bundles/NAME-vN-EDITION-\n"
	"                         MARKING.tar.age / .zip / .tar in the plan's folder,\n"
	"                         a folder git ignores)\n"
	"  --format age           age v1 to X25519 recipients or a passphrase (default)\n"
	"  --format zip           an AES-256 zip, opened with the passphrase (7-Zip)\n"
	"  --format tar           the tar unencrypted: for internal use only\n"
	"  --recipient R          an age recipient (age1...); repeatable. The\n"
	"                         edition's recipients in sakra.yml are added\n"
	"  --recipients-file F    age recipients, one per line ('#' comments)\n"
	"  --passphrase-file F    the passphrase's first line (default: asked twice on\n"
	"                         the terminal when there are no recipients)\n"
	"  --draft                allow a commit that is not an approved version; the\n"
	"                         bundle says UTKAST / DRAFT in its name and LÄSMIG.txt\n";

enum { OPT_REV = OPT_FIRST_COMMAND, OPT_EDITION, OPT_FORMAT, OPT_RECIPIENT, OPT_RECFILE,
       OPT_PASSFILE, OPT_DRAFT };

/* --- an interrupted run leaves nothing behind -------------------------------- */

static char temp_name[PATH_MAX + 64];

static void on_signal(int sig)
{
	if (temp_name[0])
		unlink(temp_name);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signals(const struct sakra_out_file *o)
{
	const char *t = sakra_out_temp(o);

	snprintf(temp_name, sizeof(temp_name), "%s", t ? t : "");
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, on_signal);
}

static void release_signals(void)
{
	temp_name[0] = 0;
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
}

/* --- progress on a terminal --------------------------------------------------- */

struct progress {
	uint64_t total;
	struct timespec start, last;
	int shown;
};

static double since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void human(char *out, size_t cap, double bytes)
{
	const char *unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	int u = 0;

	while (bytes >= 1024 && u < 4) {
		bytes /= 1024;
		u++;
	}
	snprintf(out, cap, u ? "%.1f %s" : "%.0f %s", bytes, unit[u]);
}

static void show_progress(void *ctx, uint64_t bytes)
{
	struct progress *p = ctx;
	struct timespec now;
	double t, rate, left;
	char done[32], all[32], r[32];
	int width = 30, fill;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (p->shown && since(&p->last, &now) < 0.1 && bytes < p->total)
		return;
	p->last = now;
	p->shown = 1;
	t = since(&p->start, &now);
	rate = t > 0 ? (double)bytes / t : 0;
	left = rate > 0 && p->total > bytes ? (double)(p->total - bytes) / rate : 0;
	fill = p->total ? (int)((double)width * (double)(bytes < p->total ? bytes : p->total) /
				(double)p->total) : width;
	human(done, sizeof(done), (double)bytes);
	human(all, sizeof(all), (double)p->total);
	human(r, sizeof(r), rate);
	fprintf(stderr, "\r[%.*s%*s] %s / %s  %s/s  %02d:%02d left ", fill,
		"##############################", width - fill, "", done, all, r,
		(int)left / 60, (int)left % 60);
	fflush(stderr);
}

/* --- recipients ---------------------------------------------------------------- */

struct recipients {
	unsigned char (*pk)[SAKRA_AGE_KEY];
	size_t n;
};

static int add_recipient(struct recipients *r, const char *s, const char *where)
{
	unsigned char (*n)[SAKRA_AGE_KEY] = realloc(r->pk, (r->n + 1) * sizeof(*r->pk));
	struct sakra_error err;

	if (!n)
		return -1;
	r->pk = n;
	if (sakra_age_recipient_parse(r->pk[r->n], s, &err) < 0) {
		cli_errorf("%s: %s", where, err.message);
		return -1;
	}
	for (size_t i = 0; i < r->n; i++)
		if (!memcmp(r->pk[i], r->pk[r->n], SAKRA_AGE_KEY))
			return 0;
	r->n++;
	return 0;
}

static int read_recipients(struct recipients *r, const char *file)
{
	struct sakra_buf text = SAKRA_BUF_INIT;
	struct sakra_error err;
	size_t line = 0;
	char *p;
	int rc = 0;

	if (sakra_file_read(file, &text, 1u << 20, &err) < 0) {
		cli_error(&err);
		return -1;
	}
	for (char *s = text.ptr; s && rc == 0; s = p) {
		char where[PATH_MAX + 32];

		line++;
		if ((p = strchr(s, '\n')))
			*p++ = 0;
		if (*s && s[strlen(s) - 1] == '\r')
			s[strlen(s) - 1] = 0;
		s += strspn(s, " \t");
		if (!*s || *s == '#')
			continue;
		snprintf(where, sizeof(where), "%s:%zu", file, line);
		rc = add_recipient(r, s, where);
	}
	sakra_buf_free(&text);
	return rc;
}

/* --- output -------------------------------------------------------------------- */

struct sink {
	struct sakra_out_file *out;
	struct sakra_age_writer *age;
};

static int to_output(void *ctx, const void *data, size_t len, struct sakra_error *err)
{
	struct sink *s = ctx;

	return s->age ? sakra_age_write(s->age, data, len, err)
		      : sakra_out_write(s->out, data, len, err);
}

static int parse_format(const char *s, int *fmt)
{
	if (!strcmp(s, "age"))
		*fmt = 0;
	else if (!strcmp(s, "zip"))
		*fmt = 1;
	else if (!strcmp(s, "tar"))
		*fmt = 2;
	else
		return -1;
	return 0;
}

/* libarchive converts names through the locale's character set; bundle
 * names are UTF-8 whatever the user's locale, so the bytes are the same. */
void cli_utf8_locale(void)
{
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "C.utf8");
}

const struct option cli_opts_bundle[] = {
	{ "rev", required_argument, NULL, OPT_REV },
	{ "edition", required_argument, NULL, OPT_EDITION },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "recipient", required_argument, NULL, OPT_RECIPIENT },
	{ "recipients-file", required_argument, NULL, OPT_RECFILE },
	{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
	{ "draft", no_argument, NULL, OPT_DRAFT },
	CLI_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

int cmd_bundle(struct cli *cli, int argc, char **argv)
{
	const struct option *opts = cli_opts_bundle;
	const char *rev = NULL, *edition = NULL, *out = NULL, *passfile = NULL;
	const char **rec_args = NULL, **rec_files = NULL;
	size_t nrec_args = 0, nrec_files = 0;
	int opt, status = EXIT_USAGE, fmt = 0, draft = 0;
	struct sakra_repo *repo = NULL;
	struct sakra_versions *vs = NULL;
	const struct sakra_version *v = NULL;
	struct sakra_tree *tree = NULL;
	struct sakra_plan *plan = NULL;
	struct sakra_diags findings = SAKRA_DIAGS_INIT, diags = SAKRA_DIAGS_INIT;
	struct sakra_bundle_options bo;
	struct sakra_bundle_plan bp;
	struct sakra_buf manifest = SAKRA_BUF_INIT, outname = SAKRA_BUF_INIT;
	struct sakra_out_file of;
	struct recipients rcp = { NULL, 0 };
	struct progress prog;
	struct sink sk = { &of, NULL };
	struct sakra_pipe *pipe = NULL;
	struct sakra_error err;
	char *pass = NULL;
	size_t passlen = 0;
	int opened = 0;

	memset(&bo, 0, sizeof(bo));
	memset(&of, 0, sizeof(of));
	of.fd = -1;
	sakra_error_clear(&err);
	while ((opt = getopt_long(argc, argv, "C:o:", opts, NULL)) != -1) {
		if (cli_common(cli, opt, optarg))
			continue;
		switch (opt) {
		case OPT_REV: rev = optarg; break;
		case OPT_EDITION: edition = optarg; break;
		case OPT_FORMAT:
			if (parse_format(optarg, &fmt) < 0) {
				status = cli_usage_error("bundle", "--format is age, zip or tar");
				goto out;
			}
			break;
		case OPT_RECIPIENT:
			rec_args = realloc(rec_args, (nrec_args + 1) * sizeof(char *));
			rec_args[nrec_args++] = optarg;
			break;
		case OPT_RECFILE:
			rec_files = realloc(rec_files, (nrec_files + 1) * sizeof(char *));
			rec_files[nrec_files++] = optarg;
			break;
		case OPT_PASSFILE: passfile = optarg; break;
		case OPT_DRAFT: draft = 1; break;
		case 'o': out = optarg; break;
		case OPT_HELP: fputs(help, stdout); status = EXIT_OK; goto out;
		default:
			status = cli_usage_error("bundle", "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	if (optind < argc) {
		status = cli_usage_error("bundle", "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (fmt != 0 && (nrec_args || nrec_files)) {
		status = cli_usage_error("bundle", "recipients are for --format age");
		goto out;
	}
	status = EXIT_FINDINGS;
	cli_utf8_locale();
	if (sakra_repo_open(&repo, cli->dir, &err) < 0 || !sakra_repo_is_git(repo) ||
	    sakra_versions_load(&vs, repo, NULL, 0, &err) < 0) {
		if (repo && !sakra_repo_is_git(repo))
			cli_errorf("a bundle holds a commit: this plan is not in git");
		else
			cli_error(&err);
		goto out;
	}
	/* which commit */
	if (rev) {
		long n = cli_version_number(rev);

		v = n > 0 ? sakra_versions_find(vs, n, NULL) : cli_pick_version(vs, repo, rev);
		if (n > 0 && !v) {
			cli_errorf("there is no version %ld ('sakra log' lists the versions)", n);
			goto out;
		}
	} else if (!(v = sakra_versions_latest(vs))) {
		cli_errorf("there is no approved version to bundle; approve one ('sakra approve'), "
			   "or bundle a draft with --draft --rev REV");
		goto out;
	}
	if (v && !v->approved) {
		if (!draft) {
			cli_errorf("version %ld is not approved (%s%s); 'sakra verify %ld' says why",
				   v->number, v->missing[0] ? "missing: " : "signatures do not count",
				   v->missing, v->number);
			goto out;
		}
		v = NULL;
	}
	if (!v && !draft) {
		cli_errorf("'%s' is not an approved version; bundle it as a draft with --draft", rev);
		goto out;
	}
	if (sakra_tree_open(&tree, repo, v ? v->commit : rev, &err) < 0 ||
	    sakra_plan_load(&plan, tree, &findings, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (!plan->config) {
		cli_errorf("sakra.yml of %.12s cannot be read; 'sakra check --rev' says why",
			   tree->commit);
		goto out;
	}
	if (edition && !(bo.edition = cli_edition(plan->config, edition)))
		goto out;
	if (v) {
		bo.manifest = v->manifest;
		bo.manifest_len = v->manifest_len;
	} else {
		if (sakra_manifest_build(&manifest, plan, &err) < 0) {
			cli_error(&err);
			goto out;
		}
		bo.manifest = manifest.ptr;
		bo.manifest_len = manifest.len;
	}
	bo.plan = plan;
	bo.version = v;
	bo.versions = vs;
	bo.repo = repo;
	bo.format = fmt == 1 ? SAKRA_BUNDLE_ZIP : SAKRA_BUNDLE_TAR;
	if (sakra_bundle_prepare(&bo, &bp, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	/* who can open it */
	if (fmt == 0) {
		for (size_t i = 0; i < nrec_args; i++)
			if (add_recipient(&rcp, rec_args[i], "--recipient") < 0)
				goto out;
		for (size_t i = 0; i < nrec_files; i++)
			if (read_recipients(&rcp, rec_files[i]) < 0)
				goto out;
		if (bo.edition)
			for (size_t i = 0; i < bo.edition->nrecipients; i++) {
				char where[64];

				snprintf(where, sizeof(where), "sakra.yml:%zu", bo.edition->line);
				if (add_recipient(&rcp, bo.edition->recipients[i], where) < 0)
					goto out;
			}
		if (rcp.n && passfile) {
			cli_errorf("age encrypts to recipients or to a passphrase, not both");
			goto out;
		}
	}
	if ((fmt == 0 && !rcp.n) || fmt == 1) {
		if (cli_passphrase(passfile, 1, "the bundle", &pass, &passlen) < 0)
			goto out;
		if (!passlen) {
			cli_errorf("the passphrase is empty");
			goto out;
		}
		bo.passphrase = pass;
	}
	if (fmt == 2)
		fprintf(stderr, "sakra: warning: --format tar writes the bundle UNENCRYPTED; keep it "
			"inside the organisation\n");
	/* where */
	if (!out) {
		char mark[64] = "";

		if (bp.level >= 0) {
			const char *id = plan->config->levels[bp.level].id;

			snprintf(mark, sizeof(mark), "-%s", id);
		}
		/* beside the plan, in a folder git ignores: never committed by
		 * accident, never a change that stops the next approve */
		if (sakra_repo_root(repo)[0]) {
			if (cli_output_folder(sakra_repo_root(repo), "_bundles", 0700, &outname,
					      &err) < 0) {
				cli_error(&err);
				goto out;
			}
			if (sakra_buf_putc(&outname, '/') < 0)
				goto out;
		}
		if (sakra_buf_printf(&outname, "%s%s%s", bp.name, mark,
				     fmt == 0 ? ".tar.age" : fmt == 1 ? ".zip" : ".tar") < 0)
			goto out;
		out = outname.ptr;
	}
	if (sakra_out_open(&of, out, fmt == 2 ? 0600 : 0644, 0, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	opened = 1;
	catch_signals(&of);
	memset(&prog, 0, sizeof(prog));
	prog.total = bp.bytes;
	clock_gettime(CLOCK_MONOTONIC, &prog.start);
	if (!cli->quiet && isatty(STDERR_FILENO)) {
		bo.progress = show_progress;
		bo.progress_ctx = &prog;
	}
	if (fmt == 0 && sakra_age_writer_new(&sk.age, (const unsigned char (*)[32])rcp.pk, rcp.n,
					     rcp.n ? NULL : pass, passlen, SAKRA_AGE_SCRYPT_LOG_N,
					     sakra_out_write, &of, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	/* encryption and writing in a thread of their own, while git and tar
	 * make the next megabyte */
	if (sakra_pipe_new(&pipe, to_output, &sk, &err) < 0 ||
	    sakra_bundle_write(&bo, &bp, sakra_pipe_write, pipe, &diags, &err) < 0 ||
	    sakra_pipe_finish(pipe, &err) < 0 ||
	    (sk.age && sakra_age_finish(sk.age, &err) < 0) || sakra_out_commit(&of, &err) < 0) {
		if (prog.shown)
			fputc('\n', stderr);
		cli_error(&err);
		goto out;
	}
	opened = 0;
	release_signals();
	if (prog.shown)
		fputc('\n', stderr);
	sakra_diags_sort(&diags);
	for (size_t i = 0; i < diags.n; i++)
		cli_print_diag(stderr, &diags.v[i], 0);
	if (!cli->quiet) {
		const char *org = plan->config->org_name ? plan->config->org_name : "";

		if (v)
			printf("%s: approved version %ld of %s", out, v->number, org);
		else
			printf("%s: DRAFT (commit %.12s) of %s", out, tree->commit, org);
		printf(", edition %s, %zu files", bo.edition ? bo.edition->name : "(all marked files)",
		       bp.files);
		if (bp.withheld)
			printf(", %zu withheld by the edition", bp.withheld);
		printf("; marking %s; ", bp.marking ? bp.marking : "none");
		if (fmt == 0 && rcp.n)
			printf("age, %zu recipient%s\n", rcp.n, rcp.n == 1 ? "" : "s");
		else if (fmt == 0)
			printf("age, passphrase\n");
		else if (fmt == 1)
			printf("AES-256 zip\n");
		else
			printf("UNENCRYPTED tar\n");
	}
	status = EXIT_OK;
out:
	sakra_pipe_free(pipe);
	if (opened) {
		sakra_out_abort(&of);
		release_signals();
	}
	sakra_age_writer_free(sk.age);
	sakra_secure_free(pass);
	free(rcp.pk);
	free(rec_args);
	free(rec_files);
	sakra_buf_free(&manifest);
	sakra_buf_free(&outname);
	sakra_diags_free(&findings);
	sakra_diags_free(&diags);
	sakra_plan_free(plan);
	sakra_tree_free(tree);
	sakra_versions_free(vs);
	sakra_repo_free(repo);
	return status;
}
