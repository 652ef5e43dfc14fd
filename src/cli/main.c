/* sakra: the command-line entry point — global options and dispatch. */
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/session.h"

const struct cli_command cli_commands[] = {
	{ "init", cmd_init, &cli_spec_init, NULL,
	  N_("create a plan repository from a framework's skeleton") },
	{ "import", cmd_import, &cli_spec_import, NULL,
	  N_("a new plan repository from a Word, OpenDocument or Markdown plan") },
	{ "check", cmd_check, &cli_spec_check, NULL,
	  N_("check the plan against its framework (file:line findings)") },
	{ "status", cmd_status, &cli_spec_status, NULL,
	  N_("chapters, register, obligations and findings on one screen") },
	{ "evidence", cmd_evidence, &cli_spec_evidence, "add",
	  N_("file an evidence record ('evidence add TYPE [FILE...]')") },
	{ "system", cmd_system, &cli_spec_system, "add",
	  N_("register an information system ('system add NAME --class CLASS')") },
	{ "keygen", cmd_keygen, &cli_spec_keygen, NULL,
	  N_("make an approver's key pair (minisign formats)") },
	{ "approve", cmd_approve, &cli_spec_approve, NULL,
	  N_("sign a commit's manifest: approved version approved/vN") },
	{ "verify", cmd_verify, &cli_spec_verify, NULL,
	  N_("check an approved version: signatures, roles, trust") },
	{ "export", cmd_export, &cli_spec_export, NULL,
	  N_("write the verification kit of an approved version") },
	{ "build", cmd_build, &cli_spec_build, NULL,
	  N_("render an edition as a static site, or one PDF/A (--format pdf)") },
	{ "bundle", cmd_bundle, &cli_spec_bundle, NULL,
	  N_("write an edition of a version as one encrypted file") },
	{ "open", cmd_open, &cli_spec_open, NULL, N_("decrypt, verify and unpack a bundle") },
	{ "log", cmd_log, &cli_spec_log, NULL,
	  N_("the approved versions: who approved, when, what changed") },
	{ "diff", cmd_diff, &cli_spec_diff, NULL,
	  N_("what changed between two versions or two bundles, by section") },
	{ "inbox", cmd_inbox, &cli_spec_inbox, NULL,
	  N_("verify and file received bundles; an overview of the organisations") },
	{ "migrate", cmd_migrate, &cli_spec_migrate, NULL,
	  N_("move the plan to a newer revision of its framework (a diff; --write)") },
	{ "frameworks", cmd_frameworks, &cli_spec_frameworks, "show",
	  N_("list the built-in frameworks, or show one") },
	{ "hooks", cmd_hooks, &cli_spec_hooks, "install pre-receive",
	  N_("install a git hook that refuses commits adding check errors") },
	{ "ci", cmd_ci, &cli_spec_ci, "github forgejo gitlab",
	  N_("add a CI pipeline for GitHub, Forgejo/Gitea or GitLab") },
	{ "completion", cmd_completion, &cli_spec_completion, "bash zsh fish",
	  N_("print the shell completion for bash, zsh or fish") },
	{ "lsp", cmd_lsp, &cli_spec_lsp, NULL,
	  N_("serve the Language Server Protocol to an editor") },
};
const size_t cli_ncommands = sizeof(cli_commands) / sizeof(cli_commands[0]);

#ifndef SAKRA_LOCALEDIR
#define SAKRA_LOCALEDIR "/usr/local/share/locale"
#endif

/* The user asked for a language (LC_ALL, LC_MESSAGES or LANG) whose locale
 * this machine lacks: C's setlocale then gives English without a word.
 * Say so once per run, where sakra speaks that language. */
static void locale_missing(void)
{
	const char *names[] = { "LC_ALL", "LC_MESSAGES", "LANG" }, *v = NULL;

	for (size_t i = 0; i < 3 && !v; i++)
		if (getenv(names[i]) && *getenv(names[i]))
			v = getenv(names[i]);
	if (!v || (strncmp(v, "sv", 2) != 0 && strncmp(v, "fi", 2) != 0) ||
	    strpbrk(v, "\n\\") || strlen(v) > 64)
		return;
	fprintf(stderr, "sakra: warning: the locale %s is not installed on this machine, so "
		"messages are in English; install it (Debian: 'dpkg-reconfigure locales', or "
		"'localedef -i %.5s -f UTF-8 %.5s.UTF-8'), or run sakra with LANGUAGE=%.2s "
		"LC_ALL=C.UTF-8\n", v, v, v, v);
}

/* Where the message catalogues are: SAKRA_LOCALEDIR from the environment
 * (a build tree's), else beside the binary (PREFIX/bin/sakra finds
 * PREFIX/share/locale, whatever PREFIX and DESTDIR were), else where the
 * build said it would install them. */
static void messages_init(void)
{
	static char dir[PATH_MAX + 32];
	const char *env = getenv("SAKRA_LOCALEDIR");
	char exe[PATH_MAX], probe[sizeof(dir) + 64];
	ssize_t n;
	char *slash;

	if (!setlocale(LC_MESSAGES, ""))
		locale_missing();
	if (env && *env) {
		snprintf(dir, sizeof(dir), "%s", env);
	} else if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = 0;
		if ((slash = strrchr(exe, '/')))
			*slash = 0;
		snprintf(dir, sizeof(dir), "%s/../share/locale", exe);
		snprintf(probe, sizeof(probe), "%s/sv/LC_MESSAGES/%s.mo", dir, SAKRA_TEXTDOMAIN);
		if (access(probe, R_OK) != 0) {
			/* ./sakra in its build tree: the catalogues 'make' built */
			snprintf(dir, sizeof(dir), "%s/build/locale", exe);
			snprintf(probe, sizeof(probe), "%s/sv/LC_MESSAGES/%s.mo", dir,
				 SAKRA_TEXTDOMAIN);
			if (access(probe, R_OK) != 0)
				snprintf(dir, sizeof(dir), "%s", SAKRA_LOCALEDIR);
		}
	} else {
		snprintf(dir, sizeof(dir), "%s", SAKRA_LOCALEDIR);
	}
	/* catalogues are formats sakra prints: read only from folders that no
	 * other user can write (else English), and only when a language other
	 * than C is asked for at all */
	{
		static const char *const inside[] = { "LC_MESSAGES",
						      "LC_MESSAGES/" SAKRA_TEXTDOMAIN ".mo", NULL };
		const char *lc = setlocale(LC_MESSAGES, NULL);
		struct sakra_buf why = SAKRA_BUF_INIT;

		if (!lc || !strcmp(lc, "C") || !strcmp(lc, "POSIX")) {
			bindtextdomain(SAKRA_TEXTDOMAIN, "/nonexistent/sakra/locale");
			return;
		}
		if (access(dir, F_OK) == 0 && !sakra_dir_trusted(dir, inside, &why)) {
			fprintf(stderr, "sakra: warning: the message catalogues in %s are not used: "
				"%s; messages are in English\n", dir, sakra_buf_cstr(&why));
			snprintf(dir, sizeof(dir), "/nonexistent/sakra/locale");
		}
		sakra_buf_free(&why);
	}
	bindtextdomain(SAKRA_TEXTDOMAIN, dir);
	bind_textdomain_codeset(SAKRA_TEXTDOMAIN, "UTF-8");
}

static void usage(FILE *out)
{
	fputs(_("usage: sakra [-C DIR] [--quiet] [--verbose] [--color=auto|always|never] COMMAND [ARGS]\n"
		"       sakra --version | --help\n\n"
		"Keeps an information security plan as a git-tracked Markdown tree and\n"
		"checks it against its regulation.\n\ncommands:\n"), out);
	for (size_t i = 0; i < cli_ncommands; i++)
		fprintf(out, "  %-12s %s\n", cli_commands[i].name, _(cli_commands[i].summary));
	fputs(_("\n'sakra COMMAND --help' describes a command; 'man sakra' all of them.\n"), out);
}

/* 1 if args[i] is the value of the option before it ("-o -h"). */
static int takes_value(const struct cli_spec *spec, const char *prev)
{
	if (!strcmp(prev, "-C") || !strcmp(prev, "--color"))
		return 1;
	if (prev[0] != '-' || strchr(prev, '='))
		return 0;
	for (const struct cli_opt *o = spec->opts; o && o->name; o++)
		if (!strcmp(o->name, prev + (o->name[1] ? 2 : 1)) &&
		    !strncmp(prev, "--", o->name[1] ? 2 : 1))
			return o->arg != NULL;
	return 0;
}

/* 'sakra COMMAND -h' is 'sakra COMMAND --help', as on most tools. */
static void short_help(const struct cli_command *c, int n, char **args)
{
	static char help[] = "--help";

	for (int i = 1; i < n && strcmp(args[i], "--") != 0; i++)
		if (!strcmp(args[i], "-h") && !takes_value(c->spec, args[i - 1]))
			args[i] = help;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct cli cli = { NULL, 0, 0, 0, NULL };
	int opt;

	messages_init();
	sakra_session_use_env();   /* what the library takes from the environment */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+C:hV", opts, NULL)) != -1) {
		if (cli_common(&cli, opt, optarg))
			continue;
		switch (opt) {
		case 'V':
			printf("sakra %s\n", SAKRA_VERSION);
			return EXIT_OK;
		case 'h':
		case OPT_HELP:
			usage(stdout);
			return EXIT_OK;
		default:
			fprintf(stderr, _("sakra: unknown option '%s'\n"), argv[optind - 1]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < cli_ncommands; i++) {
		if (strcmp(argv[optind], cli_commands[i].name) == 0) {
			char **args = argv + optind;
			int n = argc - optind;

			short_help(&cli_commands[i], n, args);
			optind = 0;   /* 0 makes glibc start afresh (and permute) for the command */
			opterr = 0;
			return cli_commands[i].fn(&cli, n, args);
		}
	}
	{
		const char *names[64];

		for (size_t i = 0; i < cli_ncommands && i < 64; i++)
			names[i] = cli_commands[i].name;
		const char *near = sakra_text_nearest(argv[optind], names, cli_ncommands);

		if (near)
			fprintf(stderr, _("sakra: '%s' is not a sakra command; did you mean '%s'? "
					  "(see 'sakra --help')\n"), cli_safe(argv[optind]), near);
		else
			fprintf(stderr, _("sakra: '%s' is not a sakra command (see 'sakra --help')\n"),
				cli_safe(argv[optind]));
	}
	return EXIT_USAGE;
}
