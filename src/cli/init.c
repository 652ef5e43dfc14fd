/* sakra init: create a plan repository from a framework's skeleton. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sakra/framework.h"
#include "sakra/skeleton.h"
#include "sakra/date.h"


enum { OPT_FRAMEWORK = OPT_FIRST_COMMAND, OPT_ORG, OPT_BID, OPT_CI, OPT_LANGUAGE };

static const struct cli_opt opts[] = {
	{ "framework", "ID", OPT_FRAMEWORK,
	  N_("built-in framework (default thl-3-2024; see 'sakra frameworks')"),
	  NULL, CLI_V_FRAMEWORK },
	{ "org", "NAME", OPT_ORG,
	  N_("the organisation's name"),
	  NULL, CLI_V_NONE },
	{ "business-id", "ID", OPT_BID,
	  N_("the organisation's identifier, of the framework's country: a Finnish business ID (FO-nummer, NNNNNNN-C) for thl-3-2024, a Swedish organisationsnummer (NNNNNN-NNNN) for msb-region; the check digit is validated"),
	  NULL, CLI_V_NONE },
	{ "ci", "FORGE", OPT_CI,
	  N_("add a CI pipeline for the forge (see 'sakra ci --help')"),
	  "github forgejo gitlab", CLI_V_NONE },
	{ "language", "LANG", OPT_LANGUAGE,
	  N_("the plan's language: headings, field labels and guidance (thl-3-2024: sv, fi, en; msb-region: sv, en; default: the framework's official language, sv); sakra.yml records it"),
	  NULL, CLI_V_NONE },
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_init = {
	"init",
	N_("usage: sakra init [DIR] [--framework ID] [--org NAME] [--business-id ID]\n"
	"                  [--language sv|fi|en] [--ci github|forgejo|gitlab]"),
	N_("Creates a new plan repository in DIR (default: the current directory, which\n"
	"must be empty) from the content skeleton of a framework, fills in the\n"
	"organisation's name and business ID where given, and makes a first git\n"
	"commit. Nothing is written if anything is wrong."),
	opts,
	NULL
};

/* The newest revision sakra has of framework id. */
static int newest_revision(const char *id)
{
	int revs[32];
	size_t n = sakra_framework_revisions(id, revs, 32);

	return n ? revs[n - 1] : 1;
}

/* The framework a new plan follows, loaded into *fw: it must be the newest
 * revision, whose skeleton a plan begins from. EXIT_OK, or EXIT_USAGE after
 * a message. */
int cli_new_plan_framework(const char *cmd, const char *id, struct sakra_framework **fw)
{
	struct sakra_error err;
	int rc;

	sakra_error_clear(&err);
	*fw = NULL;
	if ((rc = sakra_framework_load(fw, id, &err)) < 0) {
		cli_error(&err);
		if (rc == SAKRA_ENOTFOUND)
			fputs(_("sakra: 'sakra frameworks' lists the built-in frameworks\n"), stderr);
		return EXIT_USAGE;
	}
	if (!(*fw)->newest) {
		/* the skeleton is the newest revision's; a plan begins there */
		cli_usage_error(cmd, "a new plan follows the newest revision of %s; use "
				"--framework %s (it pins %s@%d)", (*fw)->id, (*fw)->id, (*fw)->id,
				newest_revision((*fw)->id));
		sakra_framework_free(*fw);
		*fw = NULL;
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* lang has a skeleton of fw: EXIT_OK, or EXIT_USAGE after a message naming
 * the languages there are. */
int cli_new_plan_language(const char *cmd, const struct sakra_framework *fw, const char *lang)
{
	struct sakra_buf have = SAKRA_BUF_INIT;

	if (!lang || sakra_skeleton_has(fw, lang) == 1)
		return EXIT_OK;
	for (size_t i = 0; i < fw->nlanguages; i++)
		if (sakra_skeleton_has(fw, fw->languages[i].id) == 1)
			sakra_buf_printf(&have, "%s%s", have.len ? ", " : "", fw->languages[i].id);
	cli_usage_error(cmd, "%s has no skeleton in '%s'; --language is one of %s", fw->id,
			cli_safe(lang), have.len ? sakra_buf_cstr(&have) : "sv");
	sakra_buf_free(&have);
	return EXIT_USAGE;
}

/* A --business-id checked against the framework's kind of identifier;
 * *id becomes its written form (in bid). EXIT_OK, or EXIT_USAGE after a
 * message. */
int cli_new_plan_identifier(const struct sakra_framework *fw, const char **id, char bid[16])
{
	enum sakra_ident kind = (enum sakra_ident)fw->identifier;

	if (!*id)
		return EXIT_OK;
	if (!sakra_ident_valid(kind, *id, bid)) {
		cli_errorf("'%s' is not a valid %s: the form is %s and the check digit "
			   "must match (see the register); nothing was written",
			   cli_safe(*id), sakra_ident_name(kind), sakra_ident_form(kind));
		return EXIT_USAGE;
	}
	if (bid[0])
		*id = bid;   /* in its written form */
	return EXIT_OK;
}

int cmd_init(struct cli *cli, int argc, char **argv)
{
	struct sakra_skeleton_vars vars = { NULL, NULL, "", NULL, NULL };
	struct sakra_date today;
	struct sakra_framework *fw = NULL;
	struct sakra_error err;
	const char *framework = "thl-3-2024", *dir = ".";
	char target[4096], bid[16];
	int opt, rc;

	sakra_error_clear(&err);
	while ((opt = cli_getopt(cli, &cli_spec_init, argc, argv)) != CLI_END) {
		switch (opt) {
		case OPT_FRAMEWORK: framework = optarg; break;
		case OPT_ORG: vars.org_name = optarg; break;
		case OPT_BID: vars.business_id = optarg; break;
		case OPT_CI: vars.ci = optarg; break;
		case OPT_LANGUAGE: vars.language = optarg; break;
		default: return cli->status;   /* CLI_STOP */
		}
	}
	if (optind < argc)
		dir = argv[optind++];
	if (optind < argc)
		return cli_usage_error("init", "one directory at most");
	if (cli_today(NULL, &today) < 0)
		return EXIT_USAGE;
	sakra_date_format(&today, vars.today);
	if (vars.org_name && !*vars.org_name)
		return cli_usage_error("init", "--org is empty");
	if (vars.ci) {
		const char *p, *t;
		size_t n;

		if (sakra_ci_template(vars.ci, &p, &t, &n) < 0)
			return cli_usage_error("init", "--ci is github, forgejo or gitlab");
	}
	if (snprintf(target, sizeof(target), "%s%s%s", cli->dir && dir[0] != '/' ? cli->dir : "",
		     cli->dir && dir[0] != '/' ? "/" : "", dir) >= (int)sizeof(target))
		return cli_usage_error("init", "directory name too long");
	if (cli_new_plan_framework("init", framework, &fw) != EXIT_OK)
		return EXIT_USAGE;
	if (cli_new_plan_language("init", fw, vars.language) != EXIT_OK ||
	    cli_new_plan_identifier(fw, &vars.business_id, bid) != EXIT_OK) {
		sakra_framework_free(fw);
		return EXIT_USAGE;
	}
	rc = sakra_skeleton_create(target, fw, &vars, &err);
	if (rc < 0) {
		cli_error(&err);
		sakra_framework_free(fw);
		return EXIT_USAGE;
	}
	if (!cli->quiet)
		printf(_("Created a %s plan repository in %s, with a first commit.\n"
			 "Next: fill in the chapters under plan/, then run 'sakra check'.\n"
			 "To have every commit checked, run 'sakra hooks install' here and in "
			 "each clone\n(git does not copy hooks into clones).\n"),
		       fw->id, target);
	sakra_framework_free(fw);
	return EXIT_OK;
}
