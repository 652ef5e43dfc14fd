/* sakra frameworks [show ID]: what the built-in frameworks require. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "sakra/framework.h"

static const char help[] =
	"usage: sakra frameworks [show ID]\n\n"
	"Lists the built-in frameworks, or shows one: its sections in order, the\n"
	"regulation clause behind each, which may be left out, and the labelled\n"
	"fields that must be filled in.\n";

static void show(const struct sakra_framework *fw)
{
	printf("%s — %s\n", fw->id, sakra_i18n_get(&fw->title, "sv"));
	if (fw->source)
		printf("source: %s\n", fw->source);
	if (fw->floor)
		printf("lowest classification: %s\n", fw->floor);
	printf("\n");
	for (size_t i = 0; i < fw->nsections; i++) {
		const struct sakra_fw_section *s = &fw->sections[i];

		printf("%-7s %s", s->number, sakra_i18n_get(&s->title, "sv"));
		if (s->nclauses) {
			printf("  [");
			for (size_t k = 0; k < s->nclauses; k++)
				printf("%s%s", k ? ", " : "", s->clauses[k]);
			printf("]");
		}
		if (s->optional)
			printf("  (optional)");
		printf("\n");
		for (size_t k = 0; k < s->nfields; k++)
			printf("          field: %s\n", sakra_i18n_get(&s->fields[k].label, "sv"));
	}
	for (size_t i = 0; i < fw->nclasses; i++) {
		const struct sakra_fw_class *c = &fw->classes[i];

		printf("\nsystem class %s: listed in %s, described in %s%s\n", c->id,
		       c->list_section ? c->list_section : "-", c->section ? c->section : "-",
		       c->certificate ? ", certificate required" : "");
		for (size_t k = 0; k < c->nfields; k++)
			printf("          field: %s\n", sakra_i18n_get(&c->fields[k].label, "sv"));
	}
}

int cmd_frameworks(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = { CLI_COMMON_OPTIONS, { NULL, 0, NULL, 0 } };
	const char *const *ids;
	size_t n = sakra_framework_ids(&ids);
	struct sakra_framework *fw = NULL;
	struct sakra_error err;
	int opt;

	sakra_error_clear(&err);
	while ((opt = getopt_long(argc, argv, "C:", opts, NULL)) != -1) {
		if (cli_common(cli, opt, optarg))
			continue;
		if (opt == OPT_HELP) {
			fputs(help, stdout);
			return EXIT_OK;
		}
		return cli_usage_error("frameworks", "unknown option '%s'", argv[optind - 1]);
	}
	if (optind < argc && strcmp(argv[optind], "show") == 0) {
		if (optind + 2 != argc)
			return cli_usage_error("frameworks", "'show' takes one framework id");
		if (sakra_framework_load(&fw, argv[optind + 1], &err) < 0) {
			cli_error(&err);
			return EXIT_USAGE;
		}
		show(fw);
		sakra_framework_free(fw);
		return EXIT_OK;
	}
	if (optind < argc)
		return cli_usage_error("frameworks", "unknown argument '%s'", argv[optind]);
	for (size_t i = 0; i < n; i++) {
		if (sakra_framework_load(&fw, ids[i], &err) < 0) {
			cli_error(&err);
			return EXIT_USAGE;
		}
		printf("%-14s %s\n", fw->id, sakra_i18n_get(&fw->title, "sv"));
		sakra_framework_free(fw);
		fw = NULL;
	}
	return EXIT_OK;
}
