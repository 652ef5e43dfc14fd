/* sakra check: findings about the plan, as text, JSON or SARIF. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sakra/buf.h"
#include "sakra/check.h"
#include "sakra/plan.h"
#include "sakra/repo.h"

static const char help[] =
	"usage: sakra check [--rev REV] [--format text|json|sarif] [--strict] [--today DATE]\n\n"
	"Checks the plan against its framework and prints one finding per line,\n"
	"'path:line:col: severity: message [rule]', then a summary. Reads the working\n"
	"tree (tracked and untracked, not ignored files), or the commit REV.\n\n"
	"  --rev REV        check a commit (any revision git understands), not the\n"
	"                   working tree; works in a bare clone\n"
	"  --format F       text (default), json, or sarif (SARIF 2.1.0)\n"
	"  --strict         warnings count as failures too\n"
	"  --today DATE     the date for date rules (default: SAKRA_TODAY, else today)\n\n"
	"Exit status: 0 no errors (warnings allowed), 1 errors (or warnings with\n"
	"--strict), 2 usage or environment error.\n";

enum format { TEXT, JSON, SARIF };
enum { OPT_REV = OPT_FIRST_COMMAND, OPT_FORMAT, OPT_STRICT, OPT_TODAY };

static void print_text(const struct cli *cli, const struct sakra_diags *d)
{
	size_t errors = sakra_diags_count(d, SAKRA_ERROR);
	size_t warnings = sakra_diags_count(d, SAKRA_WARNING);

	for (size_t i = 0; i < d->n; i++)
		cli_print_diag(stdout, &d->v[i], cli->color);
	if (!cli->quiet)
		printf("%zu error%s, %zu warning%s\n", errors, errors == 1 ? "" : "s", warnings,
		       warnings == 1 ? "" : "s");
}

static int print_json(const struct sakra_diags *d, const struct sakra_plan *plan,
		      const struct sakra_tree *tree)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	int rc = 0;

	rc |= sakra_buf_printf(&b, "{\n  \"tool\": \"sakra\",\n  \"version\": \"%s\",\n"
			       "  \"format\": 1,\n  \"framework\": ", SAKRA_VERSION);
	if (plan && plan->fw) {
		rc |= sakra_buf_putc(&b, '"');
		rc |= sakra_buf_put_json(&b, plan->fw->id);
		rc |= sakra_buf_putc(&b, '"');
	} else {
		rc |= sakra_buf_puts(&b, "null");
	}
	rc |= sakra_buf_puts(&b, ",\n  \"revision\": ");
	rc |= tree->from_rev ? sakra_buf_printf(&b, "\"%s\"", tree->commit)
			     : sakra_buf_puts(&b, "null");
	rc |= sakra_buf_printf(&b, ",\n  \"summary\": { \"errors\": %zu, \"warnings\": %zu },\n"
			       "  \"diagnostics\": [", sakra_diags_count(d, SAKRA_ERROR),
			       sakra_diags_count(d, SAKRA_WARNING));
	for (size_t i = 0; i < d->n; i++) {
		const struct sakra_diag *x = &d->v[i];

		rc |= sakra_buf_printf(&b, "%s\n    { \"path\": \"", i ? "," : "");
		rc |= sakra_buf_put_json(&b, x->path);
		rc |= sakra_buf_printf(&b, "\", \"line\": %zu, \"column\": %zu, \"severity\": \"%s\", "
				       "\"rule\": \"%s\", \"message\": \"", x->line, x->column,
				       sakra_severity_name(x->severity), x->rule);
		rc |= sakra_buf_put_json(&b, x->message);
		rc |= sakra_buf_puts(&b, "\" }");
	}
	rc |= sakra_buf_puts(&b, d->n ? "\n  ]\n}\n" : "]\n}\n");
	if (rc == 0)
		fwrite(b.ptr, 1, b.len, stdout);
	sakra_buf_free(&b);
	return rc ? -1 : 0;
}

/* SARIF 2.1.0: one run, the rule table as the driver's rules, one result per
 * finding with a physical location relative to the repository root. */
static int print_sarif(const struct sakra_diags *d)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	size_t nrules;
	const struct sakra_rule *rules = sakra_check_rules(&nrules);
	int rc = 0;

	rc |= sakra_buf_printf(&b,
		"{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
		"  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
		"      \"tool\": {\n        \"driver\": {\n"
		"          \"name\": \"sakra\",\n          \"version\": \"%s\",\n"
		"          \"semanticVersion\": \"%s\",\n"
		"          \"rules\": [", SAKRA_VERSION, SAKRA_VERSION);
	for (size_t i = 0; i < nrules; i++) {
		rc |= sakra_buf_printf(&b, "%s\n            { \"id\": \"%s\", \"shortDescription\": "
				       "{ \"text\": \"", i ? "," : "", rules[i].id);
		rc |= sakra_buf_put_json(&b, rules[i].summary);
		rc |= sakra_buf_puts(&b, "\" } }");
	}
	rc |= sakra_buf_puts(&b, "\n          ]\n        }\n      },\n"
			     "      \"columnKind\": \"unicodeCodePoints\",\n"
			     "      \"originalUriBaseIds\": { \"SRCROOT\": { \"uri\": \"file:///\" } },\n"
			     "      \"results\": [");
	for (size_t i = 0; i < d->n; i++) {
		const struct sakra_diag *x = &d->v[i];
		size_t idx = 0;

		for (size_t k = 0; k < nrules; k++)
			if (strcmp(rules[k].id, x->rule) == 0)
				idx = k;
		rc |= sakra_buf_printf(&b, "%s\n        { \"ruleId\": \"%s\", \"ruleIndex\": %zu, "
				       "\"level\": \"%s\", \"message\": { \"text\": \"",
				       i ? "," : "", x->rule, idx,
				       x->severity == SAKRA_ERROR ? "error" : "warning");
		rc |= sakra_buf_put_json(&b, x->message);
		rc |= sakra_buf_puts(&b, "\" }, \"locations\": [ { \"physicalLocation\": { "
				     "\"artifactLocation\": { \"uri\": \"");
		/* A relative URI reference: percent-encode what may not appear raw. */
		for (const unsigned char *p = (const unsigned char *)x->path; *p; p++) {
			if (*p <= 0x20 || *p >= 0x7f || strchr("%\"\\#?<>[]^`{|}", *p))
				rc |= sakra_buf_printf(&b, "%%%02X", *p);
			else
				rc |= sakra_buf_putc(&b, (char)*p);
		}
		rc |= sakra_buf_puts(&b, "\", \"uriBaseId\": \"SRCROOT\" }");
		if (x->line) {
			rc |= sakra_buf_printf(&b, ", \"region\": { \"startLine\": %zu", x->line);
			if (x->column)
				rc |= sakra_buf_printf(&b, ", \"startColumn\": %zu", x->column);
			rc |= sakra_buf_puts(&b, " }");
		}
		rc |= sakra_buf_puts(&b, " } } ] }");
	}
	rc |= sakra_buf_puts(&b, d->n ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n");
	if (rc == 0)
		fwrite(b.ptr, 1, b.len, stdout);
	sakra_buf_free(&b);
	return rc ? -1 : 0;
}

int cmd_check(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rev", required_argument, NULL, OPT_REV },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "today", required_argument, NULL, OPT_TODAY },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct sakra_check_options copts;
	struct cli_plan p;
	const char *rev = NULL, *today = NULL;
	enum format format = TEXT;
	int opt, rc = 0, status = EXIT_USAGE;

	memset(&copts, 0, sizeof(copts));
	while ((opt = getopt_long(argc, argv, "C:", opts, NULL)) != -1) {
		if (cli_common(cli, opt, optarg))
			continue;
		switch (opt) {
		case OPT_REV: rev = optarg; break;
		case OPT_STRICT: copts.strict = 1; break;
		case OPT_TODAY: today = optarg; break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				format = TEXT;
			else if (strcmp(optarg, "json") == 0)
				format = JSON;
			else if (strcmp(optarg, "sarif") == 0)
				format = SARIF;
			else
				return cli_usage_error("check", "--format must be text, json or sarif");
			break;
		case OPT_HELP: fputs(help, stdout); return EXIT_OK;
		default: return cli_usage_error("check", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("check", "unexpected argument '%s'", argv[optind]);
	if (cli_today(today, &copts.today) < 0 || cli_resolve_color(cli, stdout) < 0)
		return EXIT_USAGE;

	if (cli_plan_open(cli, rev, &copts, &p) < 0)
		return EXIT_USAGE;
	switch (format) {
	case TEXT: print_text(cli, &p.diags); break;
	case JSON: rc = print_json(&p.diags, p.plan, p.tree); break;
	case SARIF: rc = print_sarif(&p.diags); break;
	}
	if (rc < 0 || fflush(stdout) != 0) {
		cli_errorf("cannot write the report");
		goto out;
	}
	status = sakra_diags_count(&p.diags, SAKRA_ERROR) ||
		 (copts.strict && sakra_diags_count(&p.diags, SAKRA_WARNING)) ? EXIT_FINDINGS : EXIT_OK;
out:
	cli_plan_close(&p);
	return status;
}
