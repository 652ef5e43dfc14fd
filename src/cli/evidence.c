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
#include "sakra/fs.h"
#include "sakra/text.h"

static const char help[] =
	"usage: sakra evidence add TYPE [--date DATE] [--covers SECTION]... [--title TEXT]\n"
	"                          [FILE]...\n\n"
	"Creates evidence/YYYY/TYPE-YYYY-MM-DD.md with its front matter filled in and\n"
	"copies the FILEs beside it as its attachments, then prints the record's\n"
	"path: describe there who did what, what was found and what was done, and\n"
	"commit. Nothing is overwritten and nothing is committed.\n\n"
	"  TYPE             an obligation id of sakra.yml (its sections and\n"
	"                   classification are used), or a type of your own\n"
	"  --date DATE      the day the work was done (default: today)\n"
	"  --covers S       a framework section the record supports; repeat or\n"
	"                   separate with commas (default: the obligation's)\n"
	"  --title TEXT     the record's title (default: the obligation's and the date)\n\n"
	"The classification is the obligation's ('classification:' in sakra.yml),\n"
	"else the highest level of the plan.\n\n"
	"Exit status: 0 created, 2 usage or environment error.\n";

enum { OPT_DATE = OPT_FIRST_COMMAND, OPT_COVERS, OPT_TITLE };

/* A type becomes a file name: letters (any, as UTF-8), digits, '-' and '_'. */
static int valid_type(const char *t)
{
	size_t len = strlen(t);

	if (!len || len > 64 || t[0] == '-' || !sakra_utf8_valid(t, len, NULL))
		return 0;
	for (const unsigned char *p = (const unsigned char *)t; *p; p++)
		if (*p < 0x80 && !(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9') && *p != '-' && *p != '_')
			return 0;
	return 1;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

struct request {
	const char *type;
	struct sakra_date date;
	const char **covers;
	size_t ncovers;
	const char *title;
	char **files;
	size_t nfiles;
};

/* The legal basis other documents of the plan give at level, so a new
 * record at a level that needs one starts with the plan's own wording. */
static const char *legal_basis_for(const struct sakra_plan *plan, const char *level)
{
	for (size_t i = 0; i < plan->ndocs; i++) {
		const struct sakra_doc *d = plan->docs[i].doc;
		const char *cls = d ? sakra_doc_meta(d, "classification") : NULL;
		const char *lb = d ? sakra_doc_meta(d, "legal_basis") : NULL;

		if (cls && lb && *lb && strcmp(cls, level) == 0)
			return lb;
	}
	return NULL;
}

static int record_text(struct sakra_buf *b, const struct sakra_plan *plan,
		       const struct request *rq, const char *title, int level,
		       const char *legal_basis)
{
	const struct sakra_config *cfg = plan->config;
	char date[11];
	int rc = 0;

	sakra_date_format(&rq->date, date);
	rc |= sakra_buf_puts(b, "---\ntitle: \"");
	rc |= sakra_buf_put_yaml(b, title);
	rc |= sakra_buf_printf(b, "\"\nclassification: %s\n", cfg->levels[level].id);
	if (legal_basis) {
		rc |= sakra_buf_puts(b, "legal_basis: \"");
		rc |= sakra_buf_put_yaml(b, legal_basis);
		rc |= sakra_buf_puts(b, "\"\n");
	} else if (cfg->levels[level].legal_basis) {
		rc |= sakra_buf_puts(b, "legal_basis: \"\"   # the provision that makes it secret\n");
	}
	rc |= sakra_buf_printf(b, "evidence:\n  type: \"%s\"\n  date: %s\n  covers: [",
			       rq->type, date);
	for (size_t i = 0; i < rq->ncovers; i++)
		rc |= sakra_buf_printf(b, "%s\"%s\"", i ? ", " : "", rq->covers[i]);
	rc |= sakra_buf_puts(b, "]\n");
	if (rq->nfiles) {
		rc |= sakra_buf_puts(b, "  attachments:\n");
		for (size_t i = 0; i < rq->nfiles; i++) {
			rc |= sakra_buf_puts(b, "    - \"");
			rc |= sakra_buf_put_yaml(b, base_name(rq->files[i]));
			rc |= sakra_buf_puts(b, "\"\n");
		}
	}
	rc |= sakra_buf_puts(b, "---\n\n# ");
	rc |= sakra_buf_put_markdown(b, title);
	rc |= sakra_buf_puts(b, "\n\n[Beskriv vem som gjorde vad och när, vad som granskades, vad "
			     "som hittades och vilka åtgärder det ledde till.]\n");
	return rc ? SAKRA_ENOMEM : 0;
}

/* Everything a record needs, decided before anything is written. */
static int plan_request(const struct sakra_plan *plan, struct request *rq,
			const char **title_out, int *level)
{
	const struct sakra_config *cfg = plan->config;
	const struct sakra_obligation *ob = NULL;
	const struct sakra_fw_obligation *fob = NULL;

	for (size_t i = 0; i < cfg->nobligations; i++)
		if (strcmp(cfg->obligations[i].id, rq->type) == 0)
			ob = &cfg->obligations[i];
	for (size_t i = 0; i < plan->fw->nobligations; i++)
		if (strcmp(plan->fw->obligations[i].id, rq->type) == 0)
			fob = &plan->fw->obligations[i];
	if (!rq->ncovers && (ob || fob)) {
		rq->covers = (const char **)(ob ? ob->covers : fob->covers);
		rq->ncovers = ob ? ob->ncovers : fob->ncovers;
	}
	if (!rq->ncovers)
		return cli_usage_error("evidence", "'%s' is not an obligation of sakra.yml; say "
				       "which sections it supports with --covers", rq->type);
	for (size_t i = 0; i < rq->ncovers; i++)
		if (!sakra_framework_section(plan->fw, rq->covers[i]))
			return cli_usage_error("evidence", "--covers %s: framework %s has no such "
					       "section ('sakra frameworks show %s' lists them)",
					       rq->covers[i], plan->fw->id, plan->fw->id);
	*level = ob && ob->level >= 0 ? ob->level : (int)cfg->nlevels - 1;
	*title_out = rq->title ? rq->title : ob && ob->title ? ob->title :
		     fob ? sakra_i18n_get(&fob->title, cfg->language) : rq->type;
	return 0;
}

static int add(struct cli *cli, struct request *rq)
{
	struct sakra_check_options copts;
	struct cli_plan p;
	struct sakra_buf dir = SAKRA_BUF_INIT, record = SAKRA_BUF_INIT, text = SAKRA_BUF_INIT;
	struct sakra_buf title = SAKRA_BUF_INIT, dst = SAKRA_BUF_INIT;
	struct sakra_error err;
	const char *title_base = NULL, *lb;
	size_t copied = 0;
	int level = 0, status = EXIT_USAGE;
	char date[11];

	memset(&copts, 0, sizeof(copts));
	copts.today = rq->date;
	if (cli_plan_open(cli, NULL, &copts, &p) < 0)
		return EXIT_USAGE;
	if (!sakra_repo_root(p.repo)[0]) {
		cli_errorf("a bare repository has no working tree to file evidence in");
		goto out;
	}
	if (!p.plan->config || !p.plan->fw || !p.plan->config->nlevels) {
		cli_errorf("sakra.yml, its framework or its classification levels cannot be read; "
			   "'sakra check' says why");
		goto out;
	}
	if (plan_request(p.plan, rq, &title_base, &level) != 0)
		goto out;
	sakra_date_format(&rq->date, date);
	lb = legal_basis_for(p.plan, p.plan->config->levels[level].id);
	if (sakra_buf_printf(&title, "%s%s%s", title_base, rq->title ? "" : " ",
			     rq->title ? "" : date) < 0 ||
	    sakra_buf_printf(&dir, "%s/evidence/%04d", sakra_repo_root(p.repo),
			     rq->date.year) < 0 ||
	    sakra_buf_printf(&record, "%s/%s-%s.md", dir.ptr, rq->type, date) < 0 ||
	    record_text(&text, p.plan, rq, title.ptr, level, lb) < 0) {
		cli_errorf("out of memory");
		goto out;
	}
	/* Refuse before writing anything: the record, an attachment's place,
	 * an attachment that cannot be read, or two with the same name. */
	if (access(record.ptr, F_OK) == 0) {
		cli_errorf("%s already exists; edit it, or give another --date", record.ptr);
		goto out;
	}
	for (size_t i = 0; i < rq->nfiles; i++) {
		const char *name = base_name(rq->files[i]);
		size_t nlen = strlen(name);
		struct stat st;

		sakra_buf_clear(&dst);
		if (!nlen || strpbrk(name, "\n\\") || name[0] == '.' ||
		    (nlen >= 3 && strcmp(name + nlen - 3, ".md") == 0)) {
			cli_errorf("%s: an attachment needs a plain file name (not hidden, no newline "
				   "or backslash, not .md)", rq->files[i]);
			goto out;
		}
		if (stat(rq->files[i], &st) < 0) {
			cli_errorf("%s: %s", rq->files[i], strerror(errno));
			goto out;
		}
		if (!S_ISREG(st.st_mode)) {
			cli_errorf("%s: not a regular file", rq->files[i]);
			goto out;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(base_name(rq->files[k]), name) == 0) {
				cli_errorf("two attachments are named '%s'; rename one", name);
				goto out;
			}
		if (sakra_buf_printf(&dst, "%s/%s", dir.ptr, name) < 0 ||
		    access(dst.ptr, F_OK) == 0) {
			cli_errorf("%s already exists; refusing to overwrite it", dst.ptr);
			goto out;
		}
	}
	sakra_error_clear(&err);
	if (sakra_mkdirs(dir.ptr, 0777, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	for (; copied < rq->nfiles; copied++) {
		sakra_buf_clear(&dst);
		if (sakra_buf_printf(&dst, "%s/%s", dir.ptr, base_name(rq->files[copied])) < 0 ||
		    sakra_file_copy_atomic(rq->files[copied], dst.ptr, 0666, &err) < 0) {
			cli_error(&err);
			goto undo;
		}
	}
	if (sakra_file_write_atomic(record.ptr, text.ptr, text.len, 0666, 0, &err) < 0) {
		cli_error(&err);
		goto undo;
	}
	if (!cli->quiet && !lb && p.plan->config->levels[level].legal_basis)
		fprintf(stderr, "sakra: level '%s' needs a legal basis; fill in 'legal_basis' in "
			"the record\n", p.plan->config->levels[level].id);
	printf("%s\n", record.ptr);
	status = EXIT_OK;
	goto out;
undo:
	/* Take back the attachments this run copied; nothing else was touched. */
	while (copied-- > 0) {
		sakra_buf_clear(&dst);
		if (sakra_buf_printf(&dst, "%s/%s", dir.ptr, base_name(rq->files[copied])) == 0)
			unlink(dst.ptr);
	}
out:
	sakra_buf_free(&dir);
	sakra_buf_free(&record);
	sakra_buf_free(&text);
	sakra_buf_free(&title);
	sakra_buf_free(&dst);
	cli_plan_close(&p);
	return status;
}

const struct option cli_opts_evidence[] = {
	{ "date", required_argument, NULL, OPT_DATE },
	{ "covers", required_argument, NULL, OPT_COVERS },
	{ "title", required_argument, NULL, OPT_TITLE },
	CLI_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

int cmd_evidence(struct cli *cli, int argc, char **argv)
{
	const struct option *opts = cli_opts_evidence;
	struct request rq;
	struct sakra_date today;
	const char *date = NULL;
	char *covers_buf[64];
	char *cover_args[64];
	size_t ncover_args = 0;
	int opt, status;

	memset(&rq, 0, sizeof(rq));
	while ((opt = getopt_long(argc, argv, "C:", opts, NULL)) != -1) {
		if (cli_common(cli, opt, optarg))
			continue;
		switch (opt) {
		case OPT_DATE: date = optarg; break;
		case OPT_TITLE: rq.title = optarg; break;
		case OPT_COVERS:
			if (ncover_args == 64)
				return cli_usage_error("evidence", "too many --covers");
			cover_args[ncover_args++] = optarg;
			break;
		case OPT_HELP: fputs(help, stdout); return EXIT_OK;
		default: return cli_usage_error("evidence", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc || strcmp(argv[optind], "add") != 0)
		return cli_usage_error("evidence", optind >= argc ? "which action? ('add')" :
				       "unknown action '%s' (only 'add')", argv[optind]);
	if (++optind >= argc)
		return cli_usage_error("evidence", "add needs a TYPE");
	rq.type = argv[optind++];
	if (!valid_type(rq.type))
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
