/* sakra import: a new plan repository from a plan the organisation already
 * has in Word (.docx), OpenDocument (.odt) or Markdown, read by pandoc. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/confine.h"
#include "sakra/date.h"
#include "sakra/framework.h"
#include "sakra/fs.h"
#include "sakra/import.h"
#include "sakra/session.h"
#include "sakra/skeleton.h"

enum { OPT_FRAMEWORK = OPT_FIRST_COMMAND, OPT_LANGUAGE, OPT_ORG, OPT_BID };

static const struct cli_opt opts[] = {
	{ "o", "DIR", 'o',
	  N_("the new plan repository (default: the document's name without its extension, "
	     "in the current directory); it must not exist or be empty"),
	  NULL, CLI_V_FILE },
	{ "framework", "ID", OPT_FRAMEWORK,
	  N_("the framework the document follows (default thl-3-2024)"),
	  NULL, CLI_V_FRAMEWORK },
	{ "language", "LANG", OPT_LANGUAGE,
	  N_("the plan's language (default: the language of the framework's titles the "
	     "document's headings have)"),
	  NULL, CLI_V_NONE },
	{ "org", "NAME", OPT_ORG, N_("the organisation's name, as for init"), NULL, CLI_V_NONE },
	{ "business-id", "ID", OPT_BID, N_("the organisation's identifier, as for init"),
	  NULL, CLI_V_NONE },
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_import = {
	"import",
	N_("usage: sakra import FILE [-o DIR] [--framework ID] [--language sv|fi|en]\n"
	"                    [--org NAME] [--business-id ID]"),
	N_("Makes a new plan repository, as init does, from a plan the organisation already\n"
	"has: a Word document (.docx), an OpenDocument text (.odt), read by pandoc, or\n"
	"Markdown (.md). Its headings are recognised by the framework's numbers (1, 2.1,\n"
	"6.1.1) or titles in any of its languages, and what follows each goes into that\n"
	"section's chapter file; 'Label: value' paragraphs and two-column tables become\n"
	"the section's fields, other tables and lists stay as they are, images become\n"
	"appendix files. The systems described in the per-system sections (9.1 ...) or\n"
	"listed in tables in the lists (6.1.1 ...) become entries of the register under\n"
	"systems/. What cannot be placed is kept in appendices/unplaced.md. A document\n"
	"with tracked changes or comments is refused: accept or reject them first. Ends\n"
	"with a report of what went where and the findings of 'sakra check' on the\n"
	"result, which is the first commit."),
	opts,
	N_("Exit status: 0 imported (the findings are the work left), 1 refused (tracked "
	   "changes or comments), 2 usage or environment error (pandoc missing: install the "
	   "Debian package pandoc).")
};

#define IMPORT_MAX ((size_t)64 << 20)
/* pandoc's heap, whatever the document unpacks to (a zip bomb); its
 * processor time is bounded by cli_run */
#define PANDOC_HEAP "2g"

/* pandoc's path on PATH into out; 0 when there is none. */
static int find_pandoc(char out[PATH_MAX])
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL;
	int found = 0;

	if (!path || !(copy = strdup(path)))
		return 0;
	for (dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
		char full[PATH_MAX];

		if (dir[0] != '/' || snprintf(full, sizeof(full), "%s/pandoc", dir) >=
		    (int)sizeof(full))
			continue;
		if (access(full, X_OK) == 0 && realpath(full, out))
			found = 1;
	}
	free(copy);
	return found;
}

struct job {
	const struct sakra_framework *fw;
	const char *lang, *media, *name;
	struct sakra_buf md;
	struct sakra_import_result res;
};

static int fill(const char *root, void *arg, struct sakra_error *err)
{
	struct job *j = arg;

	return sakra_import_place(root, j->fw, j->lang, j->md.ptr ? j->md.ptr : "", j->md.len,
				  j->media, j->name, &j->res, err);
}

/* Runs pandoc confined to reading file and the work folder and writing
 * the work folder; its failure said with its last words. */
static int pandoc(const char *prog, char *const args[], const char *work, const char *file,
		  int verbose)
{
	struct sakra_confine c;
	struct sakra_buf log = SAKRA_BUF_INIT, text = SAKRA_BUF_INIT;
	struct sakra_error err;
	int rc;

	memset(&c, 0, sizeof(c));
	sakra_confine_read(&c, file);
	sakra_confine_write(&c, work);
	c.exec = prog;
	sakra_buf_printf(&log, "%s/pandoc.log", work);
	rc = cli_run(prog, args, work, NULL, log.ptr, &c, verbose);
	if (rc != 0) {
		sakra_error_clear(&err);
		sakra_file_read(log.ptr, &text, 1 << 16, &err);
		cli_errorf("pandoc could not read %s (exit %d): %s", cli_safe(file), rc,
			   text.len ? cli_safe(sakra_buf_cstr(&text)) : "no message");
	}
	sakra_buf_free(&log);
	sakra_buf_free(&text);
	return rc == 0 ? 0 : -1;
}

/* The document as Markdown in j->md, its media beneath work. 0; 1 refused
 * (after a message); -1 after a message. */
static int convert(const char *file, const char *format, const char *work, int verbose,
		   struct job *j)
{
	struct sakra_import_marks marks;
	struct sakra_buf json = SAKRA_BUF_INIT, clean = SAKRA_BUF_INIT, path = SAKRA_BUF_INIT;
	struct sakra_error err;
	const char *how;
	char prog[PATH_MAX];
	int rc = -1;

	sakra_error_clear(&err);
	if (!find_pandoc(prog)) {
		cli_errorf("reading %s needs pandoc, which is not installed: install the Debian "
			   "package pandoc (apt-get install pandoc); nothing was written",
			   format);
		return -2;
	}
	if (!strcmp(format, "odt")) {
		if (sakra_import_odt_marks(file, &marks, &err) < 0) {
			cli_error(&err);
			return -1;
		}
		if (marks.changes || marks.comments)
			goto refuse;
	}
	{
		char *const args[] = { prog, (char *)"+RTS", (char *)"-M" PANDOC_HEAP, (char *)"-RTS",
				       (char *)"-f", (char *)format,
				       (char *)"--track-changes=all", (char *)"-t", (char *)"json",
				       (char *)"--extract-media=media", (char *)"-o",
				       (char *)"doc.json", (char *)"--", (char *)file, NULL };

		if (pandoc(prog, args, work, file, verbose) < 0)
			return -1;
	}
	sakra_buf_printf(&path, "%s/doc.json", work);
	if (sakra_file_read(path.ptr, &json, (size_t)1 << 30, &err) < 0 ||
	    sakra_import_pandoc_json(json.ptr ? json.ptr : "", json.len, &clean, &marks,
				     &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (marks.changes || marks.comments)
		goto refuse;
	sakra_buf_clear(&path);
	sakra_buf_printf(&path, "%s/clean.json", work);
	if (sakra_file_write_new(path.ptr, clean.ptr, clean.len, 0600, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	{
		char *const args[] = { prog, (char *)"+RTS", (char *)"-M" PANDOC_HEAP, (char *)"-RTS",
				       (char *)"-f", (char *)"json", (char *)"-t",
				       (char *)"gfm", (char *)"--wrap=none", (char *)"-o",
				       (char *)"doc.md", (char *)"clean.json", NULL };

		if (pandoc(prog, args, work, path.ptr, verbose) < 0)
			goto out;
	}
	sakra_buf_clear(&path);
	sakra_buf_printf(&path, "%s/doc.md", work);
	if (sakra_file_read(path.ptr, &j->md, (size_t)1 << 30, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	rc = 0;
	goto out;
refuse:
	how = strcmp(format, "odt") ? _("in Word: Review")
	      : _("in LibreOffice: Edit > Track Changes > Manage");
	if (marks.author[0])
		cli_errorf("%s has %zu tracked change(s) and %zu comment(s), the first by %s: "
			   "accept or reject every change and delete the comments (%s), save, "
			   "and import it again; nothing was written", cli_safe(file),
			   marks.changes, marks.comments, cli_safe(marks.author), how);
	else
		cli_errorf("%s has %zu tracked change(s) and %zu comment(s): accept or reject "
			   "every change and delete the comments (%s), save, and import it "
			   "again; nothing was written", cli_safe(file), marks.changes,
			   marks.comments, how);
	rc = 1;
out:
	sakra_buf_free(&json);
	sakra_buf_free(&clean);
	sakra_buf_free(&path);
	return rc;
}

/* The report's order: the document's, each section's images and missing
 * fields after it. */
static int item_order(const void *a, const void *b)
{
	const struct sakra_import_item *x = *(const struct sakra_import_item *const *)a;
	const struct sakra_import_item *y = *(const struct sakra_import_item *const *)b;
	int kx = x->kind == SAKRA_IMPORT_FIELD ? 2 : x->kind == SAKRA_IMPORT_IMAGE,
	    ky = y->kind == SAKRA_IMPORT_FIELD ? 2 : y->kind == SAKRA_IMPORT_IMAGE;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (kx != ky)
		return kx - ky;
	return x < y ? -1 : x > y;
}

static void report(FILE *out, const struct sakra_import_result *r, const char *file)
{
	const struct sakra_import_item **v = calloc(r->nitems + 1, sizeof(*v));
	size_t absent = 0;

	fprintf(out, _("Placed %zu part(s) of %s, %zu unplaced:\n"), r->placed, file, r->unplaced);
	if (!v)
		return;
	for (size_t i = 0; i < r->nitems; i++)
		v[i] = &r->items[i];
	qsort(v, r->nitems, sizeof(*v), item_order);
	for (size_t i = 0; i < r->nitems; i++) {
		const struct sakra_import_item *it = v[i];

		switch (it->kind) {
		case SAKRA_IMPORT_PLACED:
			if (it->of)
				fprintf(out, _("  %-7s -> %s (%zu part(s), %zu of %zu fields)\n"), it->a,
					it->b, it->n, it->fields, it->of);
			else
				fprintf(out, _("  %-7s -> %s (%zu part(s))\n"), it->a, it->b, it->n);
			break;
		case SAKRA_IMPORT_SYSTEM:
			fprintf(out, _("  %-7s -> %s: system '%s', class %s (%zu field(s))\n"), it->b,
				it->d, cli_safe(it->a), it->c, it->fields);
			break;
		case SAKRA_IMPORT_IMAGE:
			fprintf(out, _("  image   -> %s (%s)\n"), it->b, cli_safe(it->a));
			break;
		case SAKRA_IMPORT_UNPLACED:
			if (it->a)
				fprintf(out, _("  not placed: %zu part(s) -> %s (the first: '%s'): move "
					       "them into the right chapter\n"), it->n, it->b,
					cli_safe(it->a));
			else
				fprintf(out, _("  not placed: %zu part(s) -> %s: move them into the "
					       "right chapter\n"), it->n, it->b);
			break;
		case SAKRA_IMPORT_FIELD:
			fprintf(out, _("  %-7s field '%s' is not in the document: an empty line "
				       "for it was added\n"), it->b, it->a);
			break;
		case SAKRA_IMPORT_ABSENT:
			absent++;
			break;
		}
	}
	if (absent) {
		fprintf(out, _("Not in the document (the skeleton's guidance is kept):"));
		for (size_t i = 0; i < r->nitems; i++)
			if (r->items[i].kind == SAKRA_IMPORT_ABSENT)
				fprintf(out, " %s", r->items[i].a);
		fputc('\n', out);
	}
	free(v);
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	struct sakra_skeleton_vars vars = { NULL, NULL, "", NULL, NULL, NULL, NULL, NULL };
	struct sakra_check_options copts;
	struct sakra_framework *fw = NULL;
	struct sakra_error err;
	struct sakra_date today;
	struct job j;
	struct stat st;
	struct cli_plan p;
	struct sakra_buf target = SAKRA_BUF_INIT, work = SAKRA_BUF_INIT, msg = SAKRA_BUF_INIT;
	const char *framework = "thl-3-2024", *out = NULL, *file, *base, *dot, *format = NULL;
	const char *t = getenv("TMPDIR");
	char bid[16], abs[PATH_MAX];
	int opt, rc, status = EXIT_USAGE, verbose;

	memset(&j, 0, sizeof(j));
	sakra_error_clear(&err);
	verbose = cli->verbose;
	while ((opt = cli_getopt(cli, &cli_spec_import, argc, argv)) != CLI_END) {
		switch (opt) {
		case 'o': out = optarg; break;
		case OPT_FRAMEWORK: framework = optarg; break;
		case OPT_LANGUAGE: vars.language = optarg; break;
		case OPT_ORG: vars.org_name = optarg; break;
		case OPT_BID: vars.business_id = optarg; break;
		default: return cli->status;   /* CLI_STOP */
		}
	}
	if (optind >= argc)
		return cli_usage_error("import", "which document? (FILE)");
	file = argv[optind++];
	if (optind < argc)
		return cli_usage_error("import", "one document at a time");
	base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	dot = strrchr(base, '.');
	if (dot && !strcasecmp(dot, ".docx"))
		format = "docx";
	else if (dot && !strcasecmp(dot, ".odt"))
		format = "odt";
	else if (dot && (!strcasecmp(dot, ".md") || !strcasecmp(dot, ".markdown")))
		format = "markdown";
	else
		return cli_usage_error("import", "%s is not a .docx, .odt or .md file (save it in "
				       "one of those formats first)", cli_safe(file));
	if (stat(file, &st) < 0 || !S_ISREG(st.st_mode)) {
		cli_errorf("%s: %s", cli_safe(file), errno ? strerror(errno) : "not a file");
		return EXIT_USAGE;
	}
	if ((size_t)st.st_size > IMPORT_MAX) {
		cli_errorf("%s is %lld MiB; a plan to import is at most %zu MiB (make its images "
			   "smaller or leave them out)", cli_safe(file),
			   (long long)(st.st_size >> 20), IMPORT_MAX >> 20);
		return EXIT_USAGE;
	}
	if (vars.org_name && !*vars.org_name)
		return cli_usage_error("import", "--org is empty");
	if (cli_today(NULL, &today) < 0)
		return EXIT_USAGE;
	sakra_date_format(&today, vars.today);
	if (!realpath(file, abs)) {
		cli_errorf("%s: %s", cli_safe(file), strerror(errno));
		return EXIT_USAGE;
	}
	/* the new repository, beside which its stage is made */
	if (!out) {
		sakra_buf_put(&target, base, (size_t)(dot - base));
		if (!target.len)
			sakra_buf_puts(&target, "plan");
		out = sakra_buf_cstr(&target);
	}
	if (cli->dir && out[0] != '/') {
		struct sakra_buf b = SAKRA_BUF_INIT;

		sakra_buf_printf(&b, "%s/%s", cli->dir, out);
		sakra_buf_free(&target);
		target = b;
	} else if (out != target.ptr) {
		sakra_buf_puts(&target, out);
	}
	if (cli_new_plan_framework("import", framework, &fw) != EXIT_OK ||
	    cli_new_plan_language("import", fw, vars.language) != EXIT_OK ||
	    cli_new_plan_identifier(fw, &vars.business_id, bid) != EXIT_OK)
		goto out;
	if (sakra_buf_printf(&work, "%s/sakra-import.XXXXXX", t && *t == '/' ? t : "/tmp") < 0 ||
	    !mkdtemp(work.ptr)) {
		cli_errorf("cannot make a temporary folder: %s", strerror(errno));
		goto out;
	}
	if (strcmp(format, "markdown") != 0) {
		rc = convert(abs, format, work.ptr, verbose, &j);
		if (rc != 0) {
			status = rc == 1 ? EXIT_FINDINGS : EXIT_USAGE;
			goto out;
		}
		j.media = work.ptr;
	} else {
		static char dir[PATH_MAX];

		if (sakra_file_read(abs, &j.md, IMPORT_MAX, &err) < 0) {
			cli_error(&err);
			goto out;
		}
		snprintf(dir, sizeof(dir), "%s", abs);
		*strrchr(dir, '/') = '\0';
		j.media = dir;
	}
	j.fw = fw;
	j.name = base;
	if (!vars.language)
		vars.language = sakra_import_language(fw, j.md.ptr ? j.md.ptr : "", j.md.len);
	if (cli_new_plan_language("import", fw, vars.language) != EXIT_OK)
		goto out;
	j.lang = vars.language ? vars.language : sakra_framework_official(fw);
	vars.fill = fill;
	vars.fill_arg = &j;
	sakra_buf_printf(&msg, "Imported %s (%s)\n\nCreated by sakra import from %s, read as "
			 "%s, into the %s content skeleton.\n", base, fw->id, base, format,
			 fw->id);
	vars.message = msg.ptr;
	if (sakra_skeleton_create(target.ptr, fw, &vars, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	status = EXIT_OK;
	if (cli->quiet)
		goto out;
	report(stdout, &j.res, base);
	/* what check says of the result: the work left */
	memset(&copts, 0, sizeof(copts));
	copts.today = today;
	{
		const char *dir = cli->dir;

		cli->dir = target.ptr;
		if (cli_plan_open(cli, NULL, &copts, &p) == 0) {
			size_t errors = 0, warnings = 0;

			for (size_t i = 0; i < p.diags.n; i++)
				if (p.diags.v[i].severity == SAKRA_ERROR)
					errors++;
				else
					warnings++;
			printf(_("Created %s, with a first commit. 'sakra check' finds %zu errors "
				 "and %zu warnings:\n"), target.ptr, errors, warnings);
			cli_print_diags(stdout, &p.diags);
			cli_plan_close(&p);
		}
		cli->dir = dir;
	}
out:
	if (work.ptr && work.len && strstr(work.ptr, "sakra-import."))
		sakra_remove_tree(work.ptr);
	sakra_import_result_free(&j.res);
	sakra_buf_free(&j.md);
	sakra_buf_free(&target);
	sakra_buf_free(&work);
	sakra_buf_free(&msg);
	sakra_framework_free(fw);
	return status;
}
