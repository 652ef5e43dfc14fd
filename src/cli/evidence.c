/* sakra evidence add: files a new evidence record (and its attachments)
 * under evidence/YYYY/, ready to be edited and committed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/buf.h"
#include "sakra/date.h"
#include "sakra/records.h"
#include "sakra/filing.h"


enum { OPT_DATE = OPT_FIRST_COMMAND, OPT_COVERS, OPT_TITLE, OPT_CLASSIFICATION };

/* Files the record in the plan of the working tree. */
static int add(struct cli *cli, struct sakra_evidence_request *rq)
{
	struct sakra_check_options copts;
	struct cli_plan p;
	struct sakra_buf record = SAKRA_BUF_INIT;
	struct sakra_error err;
	const char *needs_basis = NULL;
	int status = EXIT_USAGE;

	memset(&copts, 0, sizeof(copts));
	copts.today = rq->date;
	if (cli_plan_open(cli, NULL, &copts, &p) < 0)
		return EXIT_USAGE;
	sakra_error_clear(&err);
	if (sakra_evidence_add(p.plan, sakra_repo_root(p.repo), rq, &record, &needs_basis,
			       &err) < 0) {
		if (err.code == SAKRA_EINVAL && !err.path[0])
			cli_usage_error("evidence", "%s", err.message);
		else
			cli_error(&err);
		goto out;
	}
	if (!cli->quiet && needs_basis)
		fprintf(stderr, _("sakra: level '%s' needs a legal basis; fill in 'legal_basis' in "
				  "the record\n"), needs_basis);
	printf("%s\n", record.ptr);
	status = EXIT_OK;
out:
	sakra_buf_free(&record);
	cli_plan_close(&p);
	return status;
}

static const struct cli_opt opts[] = {
	{ "date", "DATE", OPT_DATE,
	  N_("the day the work was done (default: today)"),
	  NULL, CLI_V_NONE },
	{ "covers", "S", OPT_COVERS,
	  N_("a framework section the record supports; repeat or separate with commas (default: the obligation's)"),
	  NULL, CLI_V_NONE },
	{ "title", "TEXT", OPT_TITLE,
	  N_("the record's title (default: the obligation's and the date)"),
	  NULL, CLI_V_NONE },
	{ "classification", "LEVEL", OPT_CLASSIFICATION,
	  N_("the record's marking (default: the obligation's 'classification:' in sakra.yml, else the highest marking of the plan parts it covers)"),
	  NULL, CLI_V_NONE },
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_evidence = {
	"evidence",
	N_("usage: sakra evidence add TYPE [--date DATE] [--covers SECTION]... [--title TEXT]\n"
	"                          [--classification LEVEL] [FILE]..."),
	N_("Creates evidence/YYYY/TYPE-YYYY-MM-DD.md with its front matter filled in and\n"
	"copies the FILEs beside it as its attachments, then prints the record's\n"
	"path: describe there who did what, what was found and what was done, and\n"
	"commit. Nothing is overwritten and nothing is committed."),
	opts,
	N_("The record asks, in the plan's language, for what a record of its type\n"
	"shows; 'check' flags that request until it is replaced. If you change the\n"
	"record's date later, rename the file to match ('check' says so).\n"
	"\n"
	"Exit status: 0 created, 2 usage or environment error.")
};

int cmd_evidence(struct cli *cli, int argc, char **argv)
{
	struct sakra_evidence_request rq;
	struct sakra_date today;
	const char *date = NULL;
	char *covers_buf[64];
	char *cover_args[64];
	size_t ncover_args = 0;
	int opt, status;

	memset(&rq, 0, sizeof(rq));
	while ((opt = cli_getopt(cli, &cli_spec_evidence, argc, argv)) != CLI_END) {
		switch (opt) {
		case OPT_DATE: date = optarg; break;
		case OPT_TITLE: rq.title = optarg; break;
		case OPT_CLASSIFICATION: rq.classification = optarg; break;
		case OPT_COVERS:
			if (ncover_args == 64)
				return cli_usage_error("evidence", "too many --covers");
			cover_args[ncover_args++] = optarg;
			break;
		default: return cli->status;   /* CLI_STOP */
		}
	}
	if (optind >= argc || strcmp(argv[optind], "add") != 0)
		return cli_usage_error("evidence", optind >= argc ? "which action? ('add')" :
				       "unknown action '%s' (only 'add')", argv[optind]);
	if (++optind >= argc)
		return cli_usage_error("evidence", "add needs a TYPE");
	rq.type = argv[optind++];
	if (!sakra_evidence_type_valid(rq.type))
		return cli_usage_error("evidence", "TYPE '%s' must be letters, digits, '-' and '_' "
				       "(it becomes a file name)", rq.type);
	if (rq.title && !cli_one_line(rq.title))
		return cli_usage_error("evidence", "--title must be one line of text");
	rq.files = argv + optind;
	rq.nfiles = (size_t)(argc - optind);
	if (cli_today(NULL, &today) < 0)
		return EXIT_USAGE;
	rq.date = today;
	if (date && sakra_date_parse(date, &rq.date) < 0)
		return cli_usage_error("evidence", "--date '%s' is not a date YYYY-MM-DD", date);
	if (sakra_date_cmp(&rq.date, &today) > 0)
		return cli_usage_error("evidence", "--date %s is after today; evidence records work "
				       "already done", date);
	/* --covers 6.4,8 --covers 2: split on commas. */
	for (size_t i = 0; i < ncover_args; i++)
		for (char *tok = strtok(cover_args[i], ", "); tok; tok = strtok(NULL, ", ")) {
			if (rq.ncovers == 64)
				return cli_usage_error("evidence", "too many sections in --covers");
			covers_buf[rq.ncovers++] = tok;
		}
	rq.covers = (const char **)covers_buf;
	if (!rq.ncovers)
		rq.covers = NULL;
	status = add(cli, &rq);
	return status;
}
