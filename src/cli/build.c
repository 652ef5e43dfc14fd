/* sakra build: the static site of an edition, written to a new directory
 * that replaces the previous build only when complete. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/approval.h"
#include "sakra/site.h"
#include "sakra/stage.h"
#include "sakra/date.h"


enum { OPT_REV = OPT_FIRST_COMMAND, OPT_EDITION, OPT_TODAY, OPT_FORMAT };

static const struct cli_opt opts[] = {
	{ "rev", "REV", OPT_REV,
	  N_("build a version (N, vN, approved/vN) or a revision (default: HEAD when the working tree is clean, else the working tree, marked as uncommitted)"),
	  NULL, CLI_V_REV },
	{ "edition", "NAME", OPT_EDITION,
	  N_("an edition of sakra.yml (default: every marked file)"),
	  NULL, CLI_V_EDITION },
	{ "today", "DATE", OPT_TODAY,
	  N_("judge certificates and obligations on DATE (default: the commit's date, so a commit always builds the same)"),
	  NULL, CLI_V_NONE },
	{ "format", "F", OPT_FORMAT,
	  N_("site (default), or pdf: the edition as one PDF/A document, rendered by WeasyPrint"),
	  "site pdf", CLI_V_NONE },
	{ "o", "DIR", 'o',
	  N_("where to write (default: _site/EDITION, or _site/all; a PDF: _site/EDITION.pdf); a previous sakra site there is replaced when the new one is complete, anything else is refused"),
	  NULL, CLI_V_FILE },
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_build = {
	"build",
	N_("usage: sakra build [--rev REV] [--edition NAME] [-o DIR] [--today DATE]\n"
	"       sakra build --format pdf [--rev REV] [--edition NAME] [-o FILE.pdf]"),
	N_("Renders the plan as a static site: one page per document, the system\n"
	"register, the evidence index, the compliance matrix and the version\n"
	"history, with the classification on every page and the approval stamp\n"
	"(or UTKAST / DRAFT). Works from file:// and any web server; nothing is\n"
	"loaded from elsewhere. With --edition, files above the edition's\n"
	"max_classification are left out and links to them say so.\n"
	"With --format pdf, the same pages as one archival PDF (PDF/A-3b): a cover\n"
	"(organisation, version, approvers with roles and dates, decisions, the\n"
	"MANIFEST's SHA-256), the contents, every chapter and appendix, the register\n"
	"and the evidence summary, each sheet with the marking and legal basis of\n"
	"its page; an approved version's MANIFEST and signatures are embedded. The\n"
	"same commit gives the same bytes. It needs WeasyPrint and qpdf (Debian\n"
	"packages weasyprint and qpdf)."),
	opts,
	NULL
};

/* The day the register and obligations are judged on: --today, else
 * SAKRA_TODAY, else the commit's date (so a commit always builds the same),
 * else today. */
static int judge_day(const char *today, const struct sakra_tree *tree, struct sakra_date *out)
{
	if (today || getenv("SAKRA_TODAY"))
		return cli_today(today, out);
	*out = tree->from_rev ? tree->commit_date : sakra_date_today();
	return 0;
}

static void summary(const char *out, const char *edition, const struct sakra_site_stats *stats,
		    const struct sakra_site_options *so, int pdf)
{
	char pages[64], files[64];

	snprintf(pages, sizeof(pages), sakra_trn("%zu page", "%zu pages", stats->pages),
		 stats->pages);
	snprintf(files, sizeof(files), sakra_trn("%zu file", "%zu files", stats->files),
		 stats->files);
	if (pdf) {
		snprintf(pages, sizeof(pages), sakra_trn("%zu document", "%zu documents",
							 stats->pages), stats->pages);
		if (edition)
			/* TRANSLATORS: the PDF file, the edition, "N documents" */
			printf(_("%s: edition %s, %s in one PDF/A-3b file"), out, edition, pages);
		else
			printf(_("%s: all marked documents, %s in one PDF/A-3b file"), out, pages);
	} else if (edition)
		/* TRANSLATORS: the site's folder, the edition, "N pages", "N files" */
		printf(_("%s: edition %s, %s and %s"), out, edition, pages, files);
	else
		printf(_("%s: all marked documents, %s and %s"), out, pages, files);
	if (stats->withheld)
		printf(sakra_trn(" (%zu withheld by the edition)", " (%zu withheld by the edition)",
				 stats->withheld), stats->withheld);
	if (so->version)
		printf(_("; approved version %ld\n"), so->version->number);
	else if (so->commit)
		printf(_("; DRAFT: commit %.12s is not an approved version\n"), so->commit);
	else
		printf(_("; DRAFT: the working tree has uncommitted changes\n"));
}

int cmd_build(struct cli *cli, int argc, char **argv)
{
	const char *rev = NULL, *edition = NULL, *out = NULL, *today = NULL;
	int pdf = 0;
	struct cli_plan p;
	struct sakra_pick pick;
	struct sakra_diags diags = SAKRA_DIAGS_INIT;
	struct sakra_site_options so;
	struct sakra_site_stats stats;
	struct sakra_buf outbuf = SAKRA_BUF_INIT;
	struct sakra_error err;
	char head[41];
	int opt, status = EXIT_USAGE;

	memset(&so, 0, sizeof(so));
	while ((opt = cli_getopt(cli, &cli_spec_build, argc, argv)) != CLI_END) {
		switch (opt) {
		case OPT_REV: rev = optarg; break;
		case OPT_EDITION: edition = optarg; break;
		case OPT_TODAY: today = optarg; break;
		case 'o': out = optarg; break;
		case OPT_FORMAT: pdf = !strcmp(optarg, "pdf"); break;
		default: return cli->status;   /* CLI_STOP */
		}
	}
	if (optind < argc)
		return cli_usage_error("build", "unexpected argument '%s'", argv[optind]);
	sakra_error_clear(&err);
	/* a clean working tree is its HEAD: build that, reproducibly */
	if (cli_version_open(cli, rev, SAKRA_PICK_WORKTREE | SAKRA_PICK_REMEMBERED, &p, &pick) < 0)
		return EXIT_USAGE;
	if ((edition && !(so.edition = cli_edition(p.plan->config, edition))) ||
	    judge_day(today, p.tree, &so.today) < 0)
		goto out;
	so.versions = p.versions;
	so.repo = p.versions ? p.repo : NULL;
	if (p.tree->from_rev) {
		so.commit = so.history_commit = p.tree->commit;
		so.version = pick.version && pick.version->approved ? pick.version : NULL;
	} else if (p.versions && sakra_repo_resolve(p.repo, "HEAD", head, &err) == 0) {
		so.history_commit = head;
	}
	if (!out) {
		if (!sakra_repo_root(p.repo)[0]) {
			cli_usage_error("build", "a bare repository needs -o DIR");
			goto out;
		}
		if (sakra_output_folder(sakra_repo_root(p.repo), "_site", 0777, &outbuf, &err) < 0 ||
		    sakra_buf_printf(&outbuf, "/%s%s", edition ? edition : "all",
				     pdf ? ".pdf" : "") < 0)
			goto fail;
		out = outbuf.ptr;
	}
	if (pdf) {
		struct sakra_date day = p.tree->from_rev ? p.tree->commit_date : sakra_date_today();

		if ((status = cli_build_pdf(&p, &so, &day, out, &diags, &stats)) != EXIT_OK)
			goto out;
		cli_print_diags(stderr, &diags);
		if (!cli->quiet)
			summary(out, edition, &stats, &so, 1);
		goto out;
	}
	if (sakra_site_write_dir(p.plan, &so, out, &diags, &stats, &err) < 0)
		goto fail;
	cli_print_diags(stderr, &diags);
	if (!cli->quiet)
		summary(out, edition, &stats, &so, 0);
	status = EXIT_OK;
	goto out;
fail:
	cli_error(&err);
out:
	sakra_diags_free(&diags);
	cli_plan_close(&p);
	sakra_buf_free(&outbuf);
	return status;
}
