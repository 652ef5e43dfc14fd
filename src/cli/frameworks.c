/* sakra frameworks [show ID]: what the built-in frameworks require. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/framework.h"

static const char help[] =
	"usage: sakra frameworks [--format text|json] [show ID]\n\n"
	"Lists the built-in frameworks with their sources, or shows one: its\n"
	"sections in order, the regulation clause behind each, which may be left\n"
	"out, the labelled fields that must be filled in, the register's classes\n"
	"and information assets, the obligations and the evidence types. Run in a\n"
	"plan of that framework (or with -C DIR), 'show' includes what the plan's\n"
	"requirements.yml adds, marked as such.\n\n"
	"  --format json   one JSON object (the list: an array)\n";

static const char *const type_names[] = { "text", "date", "scale", "list", "systems" };

static const char *sv(const struct sakra_i18n *t)
{
	return sakra_i18n_get(t, "sv");
}

static void text_fields(const struct sakra_fw_field *f, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		printf("          field: %s", sv(&f[k].label));
		if (f[k].type == SAKRA_FW_SCALE)
			printf("  (%s, %ld-%ld)", f[k].id, f[k].min, f[k].max);
		else if (f[k].type != SAKRA_FW_TEXT || f[k].nkeys)
			printf("  (%s%s)", f[k].nkeys ? "register keys" : type_names[f[k].type],
			       f[k].deadline ? ", a deadline" : "");
		if (f[k].every.count) {
			char every[32];

			sakra_period_format(&f[k].every, every, sizeof(every));
			printf("  (due again after %s)", every);
		}
		if (f[k].added)
			printf("  [requirements.yml]");
		putchar('\n');
	}
}

static void show_text(const struct sakra_framework *fw)
{
	printf("%s — %s\n", fw->id, sv(&fw->title));
	if (fw->source)
		printf("source: %s\n", fw->source);
	printf("lowest classification: %s\n", fw->floor ? fw->floor : "none");
	printf("\n");
	for (size_t i = 0; i < fw->nsections; i++) {
		const struct sakra_fw_section *s = &fw->sections[i];

		printf("%-7s %s", s->number, sv(&s->title));
		if (s->nclauses) {
			printf("  [");
			for (size_t k = 0; k < s->nclauses; k++)
				printf("%s%s", k ? ", " : "", s->clauses[k]);
			printf("]");
		}
		if (s->optional)
			printf("  (optional)");
		if (s->added)
			printf("  [requirements.yml]");
		printf("\n");
		text_fields(s->fields, s->nfields);
	}
	for (size_t i = 0; i < fw->nclasses; i++) {
		const struct sakra_fw_class *c = &fw->classes[i];

		printf("\nsystem class %s: listed in %s, described in %s%s\n", c->id,
		       c->list_section ? c->list_section : "-", c->section ? c->section : "-",
		       c->certificate ? ", certificate required" : "");
		text_fields(c->fields, c->nfields);
	}
	if (fw->assets.key) {
		printf("\ninformation register: %s, files under systems/ with an '%s:' block%s%s\n",
		       sv(&fw->assets.title), fw->assets.key,
		       fw->assets.section ? ", described in " : "",
		       fw->assets.section ? fw->assets.section : "");
		for (size_t k = 0; k < fw->assets.nfields; k++) {
			const struct sakra_fw_field *f = &fw->assets.fields[k];

			printf("          %s: %s, %s%s", f->id, sv(&f->label), type_names[f->type],
			       f->required ? ", required" : "");
			if (f->type == SAKRA_FW_SCALE)
				printf(", %ld-%ld", f->min, f->max);
			if (f->every.count) {
				char every[32];

				sakra_period_format(&f->every, every, sizeof(every));
				printf(", due again after %s", every);
			}
			printf("%s\n", f->added ? "  [requirements.yml]" : "");
		}
	}
	if (fw->nobligations)
		printf("\nobligations\n");
	for (size_t i = 0; i < fw->nobligations; i++) {
		const struct sakra_fw_obligation *o = &fw->obligations[i];
		char every[32];

		sakra_period_format(&o->every, every, sizeof(every));
		printf("  %-22s every %-10s covers", o->id, every);
		for (size_t k = 0; k < o->ncovers; k++)
			printf(" %s", o->covers[k]);
		printf("  %s%s%s\n", sv(&o->title), o->required ? "  (the plan must promise it)" : "",
		       o->added ? "  [requirements.yml]" : "");
	}
	if (fw->nevidence_types) {
		printf("\nevidence types:");
		for (size_t i = 0; i < fw->nevidence_types; i++)
			printf(" %s", fw->evidence_types[i]);
		printf("\n");
	}
}

static int json_i18n(struct sakra_buf *b, const struct sakra_i18n *t)
{
	int rc = sakra_buf_putc(b, '{');

	for (size_t i = 0; i < t->n; i++) {
		rc |= sakra_buf_puts(b, i ? ", " : "");
		rc |= cli_json_str(b, t->lang[i]);
		rc |= sakra_buf_puts(b, ": ");
		rc |= cli_json_str(b, t->text[i]);
	}
	return rc | sakra_buf_putc(b, '}');
}

static int json_strs(struct sakra_buf *b, char **v, size_t n)
{
	int rc = sakra_buf_putc(b, '[');

	for (size_t i = 0; i < n; i++) {
		rc |= sakra_buf_puts(b, i ? ", " : "");
		rc |= cli_json_str(b, v[i]);
	}
	return rc | sakra_buf_putc(b, ']');
}

static int json_fields(struct sakra_buf *b, const struct sakra_fw_field *f, size_t n)
{
	int rc = sakra_buf_putc(b, '[');

	for (size_t k = 0; k < n; k++) {
		char every[32] = "";

		if (f[k].every.count)
			sakra_period_format(&f[k].every, every, sizeof(every));
		rc |= sakra_buf_puts(b, k ? ", { \"id\": " : "{ \"id\": ");
		rc |= cli_json_str(b, f[k].id);
		rc |= sakra_buf_puts(b, ", \"label\": ");
		rc |= json_i18n(b, &f[k].label);
		rc |= sakra_buf_printf(b, ", \"type\": \"%s\", \"required\": %s, \"deadline\": %s",
				       type_names[f[k].type], f[k].required ? "true" : "false",
				       f[k].deadline ? "true" : "false");
		if (f[k].type == SAKRA_FW_SCALE)
			rc |= sakra_buf_printf(b, ", \"min\": %ld, \"max\": %ld", f[k].min, f[k].max);
		rc |= sakra_buf_puts(b, ", \"every\": ");
		rc |= cli_json_str(b, every[0] ? every : NULL);
		rc |= sakra_buf_puts(b, ", \"keys\": ");
		rc |= json_strs(b, f[k].keys, f[k].nkeys);
		rc |= sakra_buf_printf(b, ", \"added\": %s }", f[k].added ? "true" : "false");
	}
	return rc | sakra_buf_putc(b, ']');
}

static int show_json(struct sakra_buf *b, const struct sakra_framework *fw)
{
	int rc = sakra_buf_puts(b, "{\n  \"id\": ");

	rc |= cli_json_str(b, fw->id);
	rc |= sakra_buf_puts(b, ",\n  \"title\": ");
	rc |= json_i18n(b, &fw->title);
	rc |= sakra_buf_puts(b, ",\n  \"source\": ");
	rc |= cli_json_str(b, fw->source);
	rc |= sakra_buf_puts(b, ",\n  \"floor\": ");
	rc |= cli_json_str(b, fw->floor);
	rc |= sakra_buf_puts(b, ",\n  \"sections\": [");
	for (size_t i = 0; i < fw->nsections; i++) {
		const struct sakra_fw_section *s = &fw->sections[i];

		rc |= sakra_buf_puts(b, i ? ",\n    { \"number\": " : "\n    { \"number\": ");
		rc |= cli_json_str(b, s->number);
		rc |= sakra_buf_puts(b, ", \"title\": ");
		rc |= json_i18n(b, &s->title);
		rc |= sakra_buf_puts(b, ", \"clauses\": ");
		rc |= json_strs(b, s->clauses, s->nclauses);
		rc |= sakra_buf_printf(b, ", \"optional\": %s, \"repeatable\": %s, \"added\": %s, "
				       "\"fields\": ", s->optional ? "true" : "false",
				       s->repeatable ? "true" : "false", s->added ? "true" : "false");
		rc |= json_fields(b, s->fields, s->nfields);
		rc |= sakra_buf_puts(b, " }");
	}
	rc |= sakra_buf_puts(b, "\n  ],\n  \"register_section\": ");
	rc |= cli_json_str(b, fw->register_section);
	rc |= sakra_buf_puts(b, ",\n  \"classes\": [");
	for (size_t i = 0; i < fw->nclasses; i++) {
		const struct sakra_fw_class *c = &fw->classes[i];

		rc |= sakra_buf_puts(b, i ? ",\n    { \"id\": " : "\n    { \"id\": ");
		rc |= cli_json_str(b, c->id);
		rc |= sakra_buf_puts(b, ", \"title\": ");
		rc |= json_i18n(b, &c->title);
		rc |= sakra_buf_puts(b, ", \"section\": ");
		rc |= cli_json_str(b, c->section);
		rc |= sakra_buf_puts(b, ", \"list_section\": ");
		rc |= cli_json_str(b, c->list_section);
		rc |= sakra_buf_printf(b, ", \"certificate\": %s, \"register_check\": %s, \"fields\": ",
				       c->certificate ? "true" : "false",
				       c->register_check ? "true" : "false");
		rc |= json_fields(b, c->fields, c->nfields);
		rc |= sakra_buf_puts(b, " }");
	}
	rc |= sakra_buf_puts(b, fw->nclasses ? "\n  ],\n  \"assets\": " : "],\n  \"assets\": ");
	if (fw->assets.key) {
		rc |= sakra_buf_puts(b, "{ \"key\": ");
		rc |= cli_json_str(b, fw->assets.key);
		rc |= sakra_buf_puts(b, ", \"title\": ");
		rc |= json_i18n(b, &fw->assets.title);
		rc |= sakra_buf_puts(b, ", \"section\": ");
		rc |= cli_json_str(b, fw->assets.section);
		rc |= sakra_buf_puts(b, ", \"fields\": ");
		rc |= json_fields(b, fw->assets.fields, fw->assets.nfields);
		rc |= sakra_buf_puts(b, " }");
	} else {
		rc |= sakra_buf_puts(b, "null");
	}
	rc |= sakra_buf_puts(b, ",\n  \"obligations\": [");
	for (size_t i = 0; i < fw->nobligations; i++) {
		const struct sakra_fw_obligation *o = &fw->obligations[i];
		char every[32];

		sakra_period_format(&o->every, every, sizeof(every));
		rc |= sakra_buf_puts(b, i ? ",\n    { \"id\": " : "\n    { \"id\": ");
		rc |= cli_json_str(b, o->id);
		rc |= sakra_buf_puts(b, ", \"title\": ");
		rc |= json_i18n(b, &o->title);
		rc |= sakra_buf_puts(b, ", \"covers\": ");
		rc |= json_strs(b, o->covers, o->ncovers);
		rc |= sakra_buf_printf(b, ", \"every\": \"%s\", \"required\": %s, \"added\": %s }",
				       every, o->required ? "true" : "false", o->added ? "true" : "false");
	}
	rc |= sakra_buf_puts(b, fw->nobligations ? "\n  ],\n  \"evidence_types\": " :
			     "],\n  \"evidence_types\": ");
	rc |= json_strs(b, fw->evidence_types, fw->nevidence_types);
	rc |= sakra_buf_puts(b, "\n}\n");
	return rc ? SAKRA_ENOMEM : 0;
}

/* The framework id as the plan of cli->dir (or the current directory)
 * has it, with its requirements.yml; NULL when there is no such plan or
 * it follows another framework. */
static struct sakra_framework *plan_framework(struct cli *cli, const char *id,
					      struct cli_plan *p)
{
	struct sakra_check_options opts;
	int saved = dup(STDERR_FILENO);
	FILE *null = fopen("/dev/null", "w");
	int ok;

	memset(&opts, 0, sizeof(opts));
	memset(p, 0, sizeof(*p));
	/* not being in a plan is not an error here: keep its message quiet */
	if (null && saved >= 0)
		dup2(fileno(null), STDERR_FILENO);
	ok = cli_plan_open(cli, NULL, &opts, p) == 0;
	if (null && saved >= 0)
		dup2(saved, STDERR_FILENO);
	if (saved >= 0)
		close(saved);
	if (null)
		fclose(null);
	if (!ok)
		return NULL;
	return p->plan->fw && strcmp(p->plan->fw->id, id) == 0 ? p->plan->fw : NULL;
}

int cmd_frameworks(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = { { "format", required_argument, NULL, 'f' },
					      CLI_COMMON_OPTIONS, { NULL, 0, NULL, 0 } };
	const char *const *ids;
	size_t n = sakra_framework_ids(&ids);
	struct sakra_framework *fw = NULL;
	struct sakra_buf b = SAKRA_BUF_INIT;
	struct sakra_error err;
	int opt, json = 0, status = EXIT_USAGE;

	sakra_error_clear(&err);
	while ((opt = getopt_long(argc, argv, "C:", opts, NULL)) != -1) {
		if (cli_common(cli, opt, optarg))
			continue;
		if (opt == 'f') {
			if ((json = cli_format_json("frameworks", optarg)) < 0)
				return EXIT_USAGE;
			continue;
		}
		if (opt == OPT_HELP) {
			fputs(help, stdout);
			return EXIT_OK;
		}
		return cli_usage_error("frameworks", "unknown option '%s'", argv[optind - 1]);
	}
	if (optind < argc && strcmp(argv[optind], "show") == 0) {
		struct cli_plan p;
		const struct sakra_framework *shown;

		if (optind + 2 != argc)
			return cli_usage_error("frameworks", "'show' takes one framework id");
		if (sakra_framework_load(&fw, argv[optind + 1], &err) < 0) {
			cli_error(&err);
			fprintf(stderr, "('sakra frameworks' lists the built-in frameworks)\n");
			return EXIT_USAGE;
		}
		shown = plan_framework(cli, fw->id, &p);
		if (!shown)
			shown = fw;
		if (json) {
			if (show_json(&b, shown) == 0) {
				fputs(b.ptr, stdout);
				status = EXIT_OK;
			}
		} else {
			show_text(shown);
			status = EXIT_OK;
		}
		cli_plan_close(&p);
		goto out;
	}
	if (optind < argc) {
		status = cli_usage_error("frameworks", "unknown argument '%s'", argv[optind]);
		goto out;
	}
	if (json)
		sakra_buf_puts(&b, "[");
	for (size_t i = 0; i < n; i++) {
		if (sakra_framework_load(&fw, ids[i], &err) < 0) {
			cli_error(&err);
			goto out;
		}
		if (json) {
			sakra_buf_puts(&b, i ? ",\n  { \"id\": " : "\n  { \"id\": ");
			cli_json_str(&b, fw->id);
			sakra_buf_puts(&b, ", \"title\": ");
			json_i18n(&b, &fw->title);
			sakra_buf_puts(&b, ", \"source\": ");
			cli_json_str(&b, fw->source);
			sakra_buf_puts(&b, " }");
		} else {
			printf("%-14s %s\n%-14s source: %s\n", fw->id, sv(&fw->title), "",
			       fw->source ? fw->source : "-");
		}
		sakra_framework_free(fw);
		fw = NULL;
	}
	if (json) {
		sakra_buf_puts(&b, n ? "\n]\n" : "]\n");
		if (!b.ptr) {
			cli_errorf("out of memory");
			goto out;
		}
		fputs(b.ptr, stdout);
	}
	status = EXIT_OK;
out:
	sakra_framework_free(fw);
	sakra_buf_free(&b);
	return status;
}
