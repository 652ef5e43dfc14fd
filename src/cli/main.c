/* sakra: the command-line entry point — global options and dispatch. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/date.h"
#include "sakra/text.h"

const struct cli_command cli_commands[] = {
	{ "init", cmd_init, cli_opts_init, NULL,
	  "create a plan repository from a framework's skeleton" },
	{ "check", cmd_check, cli_opts_check, NULL,
	  "check the plan against its framework (file:line findings)" },
	{ "status", cmd_status, cli_opts_status, NULL,
	  "chapters, register, obligations and findings on one screen" },
	{ "evidence", cmd_evidence, cli_opts_evidence, "add",
	  "file an evidence record ('evidence add TYPE [FILE...]')" },
	{ "keygen", cmd_keygen, cli_opts_keygen, NULL,
	  "make an approver's key pair (minisign formats)" },
	{ "approve", cmd_approve, cli_opts_approve, NULL,
	  "sign a commit's manifest: approved version approved/vN" },
	{ "verify", cmd_verify, cli_opts_verify, NULL,
	  "check an approved version: signatures, roles, trust" },
	{ "export", cmd_export, cli_opts_export, NULL,
	  "write the verification kit of an approved version" },
	{ "build", cmd_build, cli_opts_build, NULL,
	  "render an edition as a static site (no external requests)" },
	{ "bundle", cmd_bundle, cli_opts_bundle, NULL,
	  "write an edition of a version as one encrypted file" },
	{ "open", cmd_open, cli_opts_open, NULL, "decrypt, verify and unpack a bundle" },
	{ "log", cmd_log, cli_opts_log, NULL,
	  "the approved versions: who approved, when, what changed" },
	{ "diff", cmd_diff, cli_opts_diff, NULL, "what changed between two versions, by section" },
	{ "frameworks", cmd_frameworks, cli_opts_frameworks, "show",
	  "list the built-in frameworks, or show one" },
	{ "hooks", cmd_hooks, cli_opts_hooks, "install pre-receive",
	  "install a git hook that refuses commits adding check errors" },
	{ "ci", cmd_ci, cli_opts_ci, "github forgejo gitlab",
	  "add a CI pipeline for GitHub, Forgejo/Gitea or GitLab" },
	{ "completion", cmd_completion, cli_opts_completion, "bash zsh fish",
	  "print the shell completion for bash, zsh or fish" },
};
const size_t cli_ncommands = sizeof(cli_commands) / sizeof(cli_commands[0]);

static void usage(FILE *out)
{
	fprintf(out,
		"usage: sakra [-C DIR] [--quiet] [--color=auto|always|never] COMMAND [ARGS]\n"
		"       sakra --version | --help\n\n"
		"Keeps an information security plan as a git-tracked Markdown tree and\n"
		"checks it against its regulation.\n\ncommands:\n");
	for (size_t i = 0; i < cli_ncommands; i++)
		fprintf(out, "  %-12s %s\n", cli_commands[i].name, cli_commands[i].summary);
	fprintf(out, "\n'sakra COMMAND --help' describes a command; 'man sakra' all of them.\n");
}

const char *cli_safe(const char *s)
{
	static struct sakra_buf ring[8];
	static size_t next;
	struct sakra_buf *b = &ring[next++ % 8];

	if (!s)
		return "";
	sakra_buf_clear(b);
	if (sakra_buf_put_visible(b, s, strlen(s)) < 0 || sakra_buf_puts(b, "") < 0)
		return "?";
	return b->ptr;
}

void cli_write_text(FILE *f, const char *text, size_t len)
{
	struct sakra_buf b = SAKRA_BUF_INIT;

	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - text - i) : len - i;

		sakra_buf_clear(&b);
		if (sakra_buf_put_visible(&b, text + i, n) < 0)
			break;
		fwrite(b.ptr ? b.ptr : "", 1, b.len, f);
		if (nl)
			fputc('\n', f);
		i += n + (nl != NULL);
	}
	sakra_buf_free(&b);
}

void cli_warn_readable(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && (st.st_mode & 077))
		fprintf(stderr, "sakra: warning: %s can be read by others (mode %03o); "
			"chmod 600 it\n", cli_safe(path), (unsigned)(st.st_mode & 0777));
}

void cli_error(const struct sakra_error *err)
{
	fprintf(stderr, "sakra: ");
	if (err->path[0]) {
		fprintf(stderr, "%s", cli_safe(err->path));
		if (err->line)
			fprintf(stderr, ":%zu", err->line);
		if (err->line && err->column)
			fprintf(stderr, ":%zu", err->column);
		fprintf(stderr, ": ");
	}
	fprintf(stderr, "%s\n", err->message[0] ? cli_safe(err->message)
		: sakra_error_name(err->code));
}

void cli_errorf(const char *fmt, ...)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sakra_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	fprintf(stderr, "sakra: %s\n", cli_safe(b.ptr ? b.ptr : ""));
	sakra_buf_free(&b);
}

void cli_print_diag(FILE *out, const struct sakra_diag *x, int color)
{
	const char *sev = sakra_severity_name(x->severity);

	fputs(cli_safe(x->path), out);
	if (x->line)
		fprintf(out, ":%zu", x->line);
	if (x->line && x->column)
		fprintf(out, ":%zu", x->column);
	if (color)
		fprintf(out, ": \033[1;%sm%s\033[0m: %s [%s]\n",
			x->severity == SAKRA_ERROR ? "31" : "33", sev, cli_safe(x->message), x->rule);
	else
		fprintf(out, ": %s: %s [%s]\n", sev, cli_safe(x->message), x->rule);
}

int cli_format_json(const char *cmd, const char *arg)
{
	if (strcmp(arg, "text") != 0 && strcmp(arg, "json") != 0) {
		cli_usage_error(cmd, "--format must be text or json");
		return -1;
	}
	return strcmp(arg, "json") == 0;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "sakra %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'sakra %s --help')\n", cmd);
	return EXIT_USAGE;
}

int cli_common(struct cli *cli, int opt, const char *arg)
{
	switch (opt) {
	case 'C':
		cli->dir = arg;
		return 1;
	case OPT_QUIET:
		cli->quiet = 1;
		return 1;
	case OPT_COLOR:
		cli->color_arg = arg;
		return 1;
	}
	return 0;
}

int cli_resolve_color(struct cli *cli, FILE *stream)
{
	const char *a = cli->color_arg ? cli->color_arg : "auto";
	const char *nc = getenv("NO_COLOR");

	if (strcmp(a, "always") == 0)
		return cli->color = 1;
	if (strcmp(a, "never") == 0)
		return cli->color = 0;
	if (strcmp(a, "auto") != 0) {
		cli_errorf("--color must be auto, always or never (not '%s')", a);
		return -1;
	}
	return cli->color = !(nc && *nc) && isatty(fileno(stream));
}

int cli_one_line(const char *s)
{
	if (!sakra_utf8_valid(s, strlen(s), NULL))
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

int cli_today(const char *arg, struct sakra_date *out)
{
	const char *s = arg ? arg : getenv("SAKRA_TODAY");

	if (!s || !*s) {
		*out = sakra_date_today();
		return 0;
	}
	if (sakra_date_parse(s, out) < 0) {
		cli_errorf("%s '%s' is not a date YYYY-MM-DD", arg ? "--today" : "SAKRA_TODAY", s);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct cli cli = { NULL, 0, 0, NULL };
	int opt;

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
			fprintf(stderr, "sakra: unknown option '%s'\n", argv[optind - 1]);
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

			optind = 0;   /* 0 makes glibc start afresh (and permute) for the command */
			opterr = 0;
			return cli_commands[i].fn(&cli, n, args);
		}
	}
	fprintf(stderr, "sakra: '%s' is not a sakra command (see 'sakra --help')\n", argv[optind]);
	return EXIT_USAGE;
}
