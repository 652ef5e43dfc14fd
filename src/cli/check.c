/* sakra check: findings about the plan, as text, JSON or SARIF. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/buf.h"
#include "sakra/check.h"
#include "sakra/rules.h"
#include "sakra/crypto.h"
#include "sakra/json.h"
#include "sakra/plan.h"
#include "sakra/repo.h"
#include "sakra/cache.h"


enum format { TEXT, JSON, SARIF, CODEQUALITY };
enum { OPT_REV = OPT_FIRST_COMMAND, OPT_FORMAT, OPT_STRICT, OPT_TODAY, OPT_RULES, OPT_INDEX,
       OPT_NEW_SINCE, OPT_PRE_COMMIT };

/* Leaves in d only the findings on the given files or folders: paths the
 * user gave, relative to the current folder, made relative to the plan's
 * root. */
static int keep_only(struct sakra_diags *d, const char *root, char **paths, int n)
{
	char **rel = calloc((size_t)n, sizeof(*rel));
	size_t rootlen = strlen(root), kept = 0;
	int rc = 0;

	if (!rel) {
		cli_errorf("out of memory");
		return -1;
	}
	for (int i = 0; i < n && rc == 0; i++) {
		char full[PATH_MAX], probe[PATH_MAX * 2];
		const char *r;

		/* a path that no longer exists is taken as the plan's own */
		if (!realpath(paths[i], full)) {
			snprintf(probe, sizeof(probe), "%s/%s", root, paths[i]);
			if (!realpath(probe, full) && !(rel[i] = strdup(paths[i]))) {
				rc = -1;
				break;
			}
			if (rel[i])
				continue;
		}
		if (strncmp(full, root, rootlen) != 0 || (full[rootlen] && full[rootlen] != '/')) {
			cli_usage_error("check", "%s is not in the plan (%s)", paths[i], root);
			rc = -1;
			break;
		}
		r = full[rootlen] ? full + rootlen + 1 : "";
		if (!(rel[i] = strdup(r)))
			rc = -1;
	}
	for (size_t k = 0; rc == 0 && k < d->n; k++) {
		const char *path = d->v[k].path ? d->v[k].path : "";
		int keep = 0;

		for (int i = 0; i < n && !keep; i++) {
			size_t len = strlen(rel[i]);

			while (len && rel[i][len - 1] == '/')
				len--;
			keep = !len || (strncmp(path, rel[i], len) == 0 &&
					(path[len] == '\0' || path[len] == '/'));
		}
		if (keep)
			d->v[kept++] = d->v[k];
		else
			sakra_diag_clear(&d->v[k]);
	}
	if (rc == 0)
		d->n = kept;
	for (int i = 0; i < n; i++)
		free(rel[i]);
	free(rel);
	return rc;
}

/* Leaves in p's findings only what base (a revision) does not have. */
static int subtract_base(struct cli *cli, const char *base, const struct sakra_check_options *o,
			 struct cli_plan *p)
{
	struct cli_plan b;
	int rc;

	if (strcmp(base, "HEAD") == 0 && sakra_repo_git(p->repo) &&
	    !sakra_repo_has_head(p->repo))
		return 0;   /* the first commit: nothing to compare with */
	if (cli_plan_open(cli, base, o, &b) < 0)
		return -1;
	rc = sakra_diags_subtract(&p->diags, &b.diags);
	cli_plan_close(&b);
	if (rc < 0)
		cli_errorf("out of memory");
	return rc;
}

static void print_text(const struct cli *cli, const struct sakra_diags *d)
{
	size_t errors = sakra_diags_count(d, SAKRA_ERROR);
	size_t warnings = sakra_diags_count(d, SAKRA_WARNING);
	size_t notes = sakra_diags_count(d, SAKRA_NOTE);

	for (size_t i = 0; i < d->n; i++)
		cli_print_diag(stdout, &d->v[i], cli->color);
	if (cli->quiet)
		return;
	printf(sakra_trn("%zu error", "%zu errors", errors), errors);
	fputs(", ", stdout);
	printf(sakra_trn("%zu warning", "%zu warnings", warnings), warnings);
	if (notes) {
		fputs(", ", stdout);
		printf(sakra_trn("%zu note", "%zu notes", notes), notes);
	}
	putchar('\n');
}

/* A path as a relative URI reference (or the end of a file: URI), bytes
 * that may not appear raw percent-encoded. */
static json_t *uri_of(const char *prefix, const char *path)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	json_t *v;
	int rc = sakra_buf_puts(&b, prefix);

	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7f || strchr("%\"\\#?<>[]^`{|}", *p))
			rc |= sakra_buf_printf(&b, "%%%02X", *p);
		else
			rc |= sakra_buf_putc(&b, (char)*p);
	}
	v = rc ? NULL : json_string(sakra_buf_cstr(&b));
	sakra_buf_free(&b);
	return v;
}

static int print_json(const struct sakra_diags *d, const struct sakra_plan *plan,
		      const struct sakra_tree *tree)
{
	json_t *root = json_object(), *list = json_array();

	sakra_json_set(root, "tool", json_string("sakra"));
	sakra_json_set(root, "version", json_string(SAKRA_VERSION));
	sakra_json_set(root, "format", json_integer(1));
	sakra_json_set(root, "framework", sakra_json_text(plan && plan->fw ? plan->fw->id : NULL));
	sakra_json_set(root, "revision", tree->from_rev ? json_string(tree->commit) : json_null());
	sakra_json_set(root, "summary", json_pack("{s:I,s:I,s:I}", "errors",
						  (json_int_t)sakra_diags_count(d, SAKRA_ERROR),
						  "warnings",
						  (json_int_t)sakra_diags_count(d, SAKRA_WARNING),
						  "notes",
						  (json_int_t)sakra_diags_count(d, SAKRA_NOTE)));
	for (size_t i = 0; i < d->n; i++) {
		const struct sakra_diag *x = &d->v[i];
		json_t *o = json_object();

		sakra_json_set(o, "path", sakra_json_text(x->path));
		sakra_json_set(o, "line", json_integer((json_int_t)x->line));
		sakra_json_set(o, "column", json_integer((json_int_t)x->column));
		sakra_json_set(o, "severity", json_string(sakra_severity_name(x->severity)));
		sakra_json_set(o, "rule", json_string(x->rule));
		sakra_json_set(o, "message", sakra_json_text(sakra_diag_english(x)));
		sakra_json_push(list, o);
	}
	sakra_json_set(root, "diagnostics", list);
	return sakra_json_write(stdout, root);
}

/* SARIF 2.1.0: one run, the rule registry as the driver's rules, one result
 * per finding with a physical location relative to SRCROOT, the
 * repository's root. */
static int print_sarif(const struct sakra_diags *d, const struct sakra_tree *tree)
{
	size_t nrules;
	const struct sakra_rule *rules = sakra_rules(&nrules);
	json_t *root = json_object(), *run = json_object(), *driver = json_object();
	json_t *rlist = json_array(), *results = json_array(), *base = json_object();
	const char *top = tree->repo ? sakra_repo_root(tree->repo) : "";

	sakra_json_set(root, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
	sakra_json_set(root, "version", json_string("2.1.0"));
	sakra_json_set(driver, "name", json_string("sakra"));
	sakra_json_set(driver, "version", json_string(SAKRA_VERSION));
	sakra_json_set(driver, "semanticVersion", json_string(SAKRA_VERSION));
	for (size_t i = 0; i < nrules; i++)
		sakra_json_push(rlist, json_pack("{s:s,s:{s:s},s:{s:s}}", "id", rules[i].id,
						 "shortDescription", "text", rules[i].summary,
						 "defaultConfiguration", "level",
						 rules[i].severity == SAKRA_ERROR ? "error" : "warning"));
	sakra_json_set(driver, "rules", rlist);
	sakra_json_set(run, "tool", json_pack("{s:o}", "driver", driver));
	sakra_json_set(run, "columnKind", json_string("unicodeCodePoints"));
	if (top[0] == '/') {
		struct sakra_buf dir = SAKRA_BUF_INIT;

		sakra_buf_printf(&dir, "%s/", strcmp(top, "/") ? top : "");
		sakra_json_set(base, "uri", uri_of("file://", sakra_buf_cstr(&dir)));
		sakra_buf_free(&dir);
	}
	sakra_json_set(base, "description", json_pack("{s:s}", "text",
						      "the root of the plan repository"));
	sakra_json_set(run, "originalUriBaseIds", json_pack("{s:o}", "SRCROOT", base));
	for (size_t i = 0; i < d->n; i++) {
		const struct sakra_diag *x = &d->v[i];
		const struct sakra_rule *rule = sakra_rule_find(x->rule);
		json_t *r = json_object(), *loc = json_object(), *region;

		sakra_json_set(r, "ruleId", json_string(x->rule));
		if (rule)
			sakra_json_set(r, "ruleIndex", json_integer((json_int_t)(rule - rules)));
		sakra_json_set(r, "level", json_string(sakra_severity_name(x->severity)));
		sakra_json_set(r, "message", json_pack("{s:o}", "text", sakra_json_text(sakra_diag_english(x))));
		sakra_json_set(loc, "artifactLocation", json_pack("{s:o,s:s}", "uri",
								  uri_of("", x->path), "uriBaseId",
								  "SRCROOT"));
		if (x->line) {
			region = json_pack("{s:I}", "startLine", (json_int_t)x->line);
			if (x->column)
				sakra_json_set(region, "startColumn", json_integer((json_int_t)x->column));
			sakra_json_set(loc, "region", region);
		}
		sakra_json_set(r, "locations", json_pack("[{s:o}]", "physicalLocation", loc));
		sakra_json_push(results, r);
	}
	sakra_json_set(run, "results", results);
	sakra_json_set(root, "runs", json_pack("[o]", run));
	return sakra_json_write(stdout, root);
}

static const char *s0(const char *s)
{
	return s ? s : "";
}

static int cmp_finding(const void *x, const void *y)
{
	const struct sakra_diag *a = *(const struct sakra_diag *const *)x;
	const struct sakra_diag *b = *(const struct sakra_diag *const *)y;
	int c = strcmp(a->rule, b->rule);

	if (!c)
		c = strcmp(s0(a->path), s0(b->path));
	if (!c)
		c = strcmp(s0(a->message), s0(b->message));
	return c ? c : (a > b) - (a < b);
}

/* GitLab's Code Quality report (a subset of Code Climate's issue format):
 * one issue per finding, with a fingerprint that stays the same while the
 * finding does (rule, file, message and its repeat number, not the line). */
static int print_codequality(const struct sakra_diags *d)
{
	const struct sakra_diag **by = d->n ? malloc(d->n * sizeof(*by)) : NULL;
	size_t *repeat = d->n ? calloc(d->n, sizeof(*repeat)) : NULL;
	json_t *list = json_array();
	struct sakra_error err;
	int rc = -1;

	sakra_error_clear(&err);
	if (d->n && (!by || !repeat))
		goto out;
	for (size_t i = 0; i < d->n; i++)
		by[i] = &d->v[i];
	if (d->n)
		qsort(by, d->n, sizeof(*by), cmp_finding);
	for (size_t i = 1; i < d->n; i++)
		if (!strcmp(by[i]->rule, by[i - 1]->rule) && !strcmp(s0(by[i]->path), s0(by[i - 1]->path)) &&
		    !strcmp(s0(by[i]->message), s0(by[i - 1]->message)))
			repeat[by[i] - d->v] = repeat[by[i - 1] - d->v] + 1;
	for (size_t i = 0; i < d->n; i++) {
		const struct sakra_diag *x = &d->v[i];
		struct sakra_sha256 *h = NULL;
		char hex[65], nth[24];
		json_t *o;

		if (sakra_sha256_new(&h, &err) < 0)
			goto out;
		snprintf(nth, sizeof(nth), "%zu", repeat[i]);
		sakra_sha256_update(h, x->rule, strlen(x->rule) + 1);
		sakra_sha256_update(h, s0(x->path), strlen(s0(x->path)) + 1);
		sakra_sha256_update(h, sakra_diag_english(x), strlen(sakra_diag_english(x)) + 1);
		sakra_sha256_update(h, nth, strlen(nth));
		sakra_sha256_final_hex(h, hex);
		o = json_object();
		sakra_json_set(o, "description", sakra_json_text(sakra_diag_english(x)));
		sakra_json_set(o, "check_name", json_string(x->rule));
		sakra_json_set(o, "fingerprint", json_string(hex));
		sakra_json_set(o, "severity", json_string(x->severity == SAKRA_ERROR ? "major" :
							  x->severity == SAKRA_WARNING ? "minor" : "info"));
		sakra_json_set(o, "location", json_pack("{s:o,s:{s:I}}", "path", sakra_json_text(s0(x->path)),
							"lines", "begin",
							(json_int_t)(x->line ? x->line : 1)));
		sakra_json_push(list, o);
	}
	rc = sakra_json_write(stdout, list);
	list = NULL;
out:
	json_decref(list);
	free(by);
	free(repeat);
	return rc;
}

/* The rule registry: what check can report. */
static int print_rules(enum format format)
{
	size_t n;
	const struct sakra_rule *rules = sakra_rules(&n);
	json_t *list;

	if (format == TEXT) {
		for (size_t i = 0; i < n; i++)
			printf(rules[i].strict ? _("%-28s %-8s %s (an error with --strict)\n") :
			       _("%-28s %-8s %s\n"), rules[i].id,
			       _(sakra_severity_name(rules[i].severity)), _(rules[i].summary));
		return 0;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		sakra_json_push(list, json_pack("{s:s,s:s,s:b,s:s}", "id", rules[i].id, "severity",
						sakra_severity_name(rules[i].severity), "strict",
						rules[i].strict, "summary", rules[i].summary));
	return sakra_json_write(stdout, list);
}

static const struct cli_opt opts[] = {
	{ "rev", "REV", OPT_REV,
	  N_("check a commit (any revision git understands), not the working tree; works in a bare clone"),
	  NULL, CLI_V_REV },
	{ "format", "F", OPT_FORMAT,
	  N_("text (default), json, sarif (SARIF 2.1.0), or codequality (GitLab's Code Quality report)"),
	  "text json sarif codequality", CLI_V_NONE },
	{ "strict", NULL, OPT_STRICT,
	  N_("warnings count as failures too"),
	  NULL, CLI_V_NONE },
	{ "today", "DATE", OPT_TODAY,
	  N_("the date for date rules (default: SAKRA_TODAY, else today)"),
	  NULL, CLI_V_NONE },
	{ "rules", NULL, OPT_RULES,
	  N_("list every rule: id, default severity, what it finds"),
	  NULL, CLI_V_NONE },
	{ "index", NULL, OPT_INDEX,
	  N_("check what the next commit would hold (git's index)"),
	  NULL, CLI_V_NONE },
	/* what the pre-commit hook runs: the refusal, in the user's language */
	{ "pre-commit", NULL, OPT_PRE_COMMIT, NULL, NULL, CLI_V_NONE },
	{ "new-since", "REV", OPT_NEW_SINCE,
	  N_("report only the findings that REV does not have (the same rule, file and message): what a change adds; an unborn HEAD has none"),
	  NULL, CLI_V_REV },
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_check = {
	"check",
	N_("usage: sakra check [--rev REV | --index] [--new-since REV]\n"
	"                   [--format text|json|sarif|codequality]\n"
	"                   [--strict] [--today DATE] [FILE|FOLDER]...\n"
	"       sakra check --rules [--format text|json]"),
	N_("Checks the plan against its framework and prints one finding per line,\n"
	"'path:line:col: severity: message [rule]', then a summary. Reads the working\n"
	"tree (tracked and untracked, not ignored files), or the commit REV. With\n"
	"FILEs or FOLDERs, the whole plan is still checked (rules span files) but\n"
	"only their findings are reported and counted."),
	opts,
	N_("Exit status: 0 no errors (warnings allowed), 1 errors (or warnings with\n"
	"--strict), 2 usage or environment error.")
};

static int pre_commit;   /* --pre-commit: say why a commit is refused */

static int check_main(struct cli *cli, int argc, char **argv)
{
	struct sakra_check_options copts;
	struct cli_plan p;
	const char *rev = NULL, *today = NULL, *since = NULL;
	enum format format = TEXT;
	int opt, rc = 0, status = EXIT_USAGE, list_rules = 0, index = 0;

	memset(&copts, 0, sizeof(copts));
	while ((opt = cli_getopt(cli, &cli_spec_check, argc, argv)) != CLI_END) {
		switch (opt) {
		case OPT_REV: rev = optarg; break;
		case OPT_STRICT: copts.strict = 1; break;
		case OPT_TODAY: today = optarg; break;
		case OPT_RULES: list_rules = 1; break;
		case OPT_INDEX: index = 1; break;
		case OPT_NEW_SINCE: since = optarg; break;
		case OPT_PRE_COMMIT: pre_commit = 1; break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				format = TEXT;
			else if (strcmp(optarg, "json") == 0)
				format = JSON;
			else if (strcmp(optarg, "sarif") == 0)
				format = SARIF;
			else if (strcmp(optarg, "codequality") == 0)
				format = CODEQUALITY;
			else
				return cli_usage_error("check", "--format must be text, json, sarif or "
						       "codequality");
			break;
		default: return cli->status;   /* CLI_STOP */
		}
	}
	if (index && rev)
		return cli_usage_error("check", "--index and --rev exclude each other");
	if (index)
		rev = SAKRA_REV_INDEX;
	if (format != TEXT)
		cli_machine_output();
	if (list_rules) {
		if (format == SARIF || format == CODEQUALITY)
			return cli_usage_error("check", "--rules lists as text or json");
		return print_rules(format) < 0 || fflush(stdout) ? EXIT_USAGE : EXIT_OK;
	}
	if (cli_today(today, &copts.today) < 0 || cli_resolve_color(cli, stdout) < 0)
		return EXIT_USAGE;

	if (cli_plan_open(cli, rev, &copts, &p) < 0)
		return EXIT_USAGE;
	if ((since && subtract_base(cli, since, &copts, &p) < 0) ||
	    (optind < argc && keep_only(&p.diags, sakra_repo_root(p.repo), argv + optind,
					argc - optind) < 0)) {
		cli_plan_close(&p);
		return EXIT_USAGE;
	}
	switch (format) {
	case TEXT: print_text(cli, &p.diags); break;
	case JSON: rc = print_json(&p.diags, p.plan, p.tree); break;
	case SARIF: rc = print_sarif(&p.diags, p.tree); break;
	case CODEQUALITY: rc = print_codequality(&p.diags); break;
	}
	if (rc < 0 || fflush(stdout) != 0) {
		cli_errorf("cannot write the report");
		goto out;
	}
	/* git does not copy hooks into a clone: a second officer's clone has
	 * none until 'sakra hooks install'; said once per clone, on a terminal */
	if (format == TEXT && !rev && !cli->quiet && isatty(STDERR_FILENO) &&
	    sakra_repo_is_git(p.repo) && !sakra_repo_is_bare(p.repo) &&
	    !cli_hook_installed(p.repo)) {
		struct sakra_buf key = SAKRA_BUF_INIT;

		if (sakra_buf_printf(&key, "no pre-commit hook in %s", sakra_repo_root(p.repo)) == 0 &&
		    sakra_cache_once(key.ptr) == 1)
			fprintf(stderr, _("sakra: note: this clone has no pre-commit hook that checks "
					  "commits (git does not copy hooks into clones); 'sakra hooks "
					  "install' adds it. (Said once.)\n"));
		sakra_buf_free(&key);
	}
	status = sakra_diags_count(&p.diags, SAKRA_ERROR) ||
		 (copts.strict && sakra_diags_count(&p.diags, SAKRA_WARNING)) ? EXIT_FINDINGS : EXIT_OK;
out:
	cli_plan_close(&p);
	return status;
}

int cmd_check(struct cli *cli, int argc, char **argv)
{
	int status = check_main(cli, argc, argv);

	if (pre_commit && status != EXIT_OK)
		fprintf(stderr, _("sakra: the commit is refused: it adds the errors above (or sakra "
				  "could not check it). Fix them, or commit anyway with 'git commit "
				  "--no-verify'.\n"));
	return status;
}
