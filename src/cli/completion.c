/* sakra completion: shell completion for bash, zsh and fish, generated from
 * the commands' own option tables (struct cli_spec, the ones cli_getopt
 * reads), so they cannot drift from what sakra accepts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sakra/config.h"
#include "sakra/framework.h"
#include "sakra/fs.h"


static const struct cli_opt opts[] = {
	{ "list", "WHAT", 'l',
	  NULL,
	  NULL, CLI_V_NONE },
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_completion = {
	"completion",
	N_("usage: sakra completion bash|zsh|fish"),
	N_("Prints the shell completion script: commands, their options, and the\n"
	"values of options where they are known (formats, editions and frameworks\n"
	"from the plan, revisions from git, files). 'make install' installs them;\n"
	"by hand, e.g.: sakra completion bash >~/.local/share/bash-completion/completions/sakra"),
	opts,
	NULL
};

/* What an option's value is: a fixed list, a kind the script asks for at
 * completion time, a file, or nothing sakra can offer. */
enum kind { NONE, FIXED, EDITION, FRAMEWORK, REV, FILES };

static enum kind kind_of(const struct cli_opt *o)
{
	if (o->values)
		return FIXED;
	switch (o->kind) {
	case CLI_V_EDITION: return EDITION;
	case CLI_V_FRAMEWORK: return FRAMEWORK;
	case CLI_V_REV: return REV;
	case CLI_V_FILE: return FILES;
	default: return NONE;
	}
}

/* The options every command takes besides its own. */
static const struct cli_opt common[] = {
	{ "color", "WHEN", OPT_COLOR, NULL, "auto always never", CLI_V_NONE },
	{ "quiet", NULL, OPT_QUIET, NULL, NULL, CLI_V_NONE },
	{ "verbose", NULL, OPT_VERBOSE, NULL, NULL, CLI_V_NONE },
	{ "help", NULL, OPT_HELP, NULL, NULL, CLI_V_NONE },
};

/* The i-th long option of a command that --help lists (its own, then the
 * common ones), each name once; NULL after the last. */
static const struct cli_opt *nth(const struct cli_spec *spec, size_t i)
{
	size_t k = 0;

	for (const struct cli_opt *o = spec->opts; o && o->name; o++) {
		int again = 0;

		if (!o->name[1] || !o->help)   /* short, or internal (no help: not offered) */
			continue;
		for (const struct cli_opt *p = spec->opts; p < o && !again; p++)
			again = !strcmp(p->name, o->name);
		if (!again && k++ == i)
			return o;
	}
	i -= k;
	return i < sizeof(common) / sizeof(*common) ? &common[i] : NULL;
}

/* s in single quotes, for sh, zsh and fish alike ('\'' for a quote). */
static void quoted(const char *s)
{
	putchar('\'');
	for (; *s; s++)
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*s);
	putchar('\'');
}

/* The shell words that list a kind at completion time. */
static const char *dynamic(enum kind k)
{
	switch (k) {
	case EDITION: return "sakra completion --list edition 2>/dev/null";
	case FRAMEWORK: return "sakra completion --list framework 2>/dev/null";
	case REV: return "sakra completion --list rev 2>/dev/null";
	default: return "";
	}
}

static void bash(void)
{
	printf("# bash completion for sakra (written by 'sakra completion bash')\n"
	       "_sakra() {\n"
	       "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	       "\tlocal cmd= i opts= words=\n"
	       "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	       "\t\tcase ${COMP_WORDS[i]} in\n"
	       "\t\t-C) ((i++)) ;;\n"
	       "\t\t-*) ;;\n"
	       "\t\t*) cmd=${COMP_WORDS[i]}; break ;;\n"
	       "\t\tesac\n"
	       "\tdone\n"
	       "\tif [[ $prev == -C || $prev == -o ]]; then\n"
	       "\t\tCOMPREPLY=($(compgen -f -- \"$cur\")); return\n"
	       "\tfi\n"
	       "\tif [[ -z $cmd ]]; then\n"
	       "\t\tCOMPREPLY=($(compgen -W \"");
	for (size_t i = 0; i < cli_ncommands; i++)
		printf("%s ", cli_commands[i].name);
	printf("--version --help --quiet --verbose --color -C\" -- \"$cur\")); return\n"
	       "\tfi\n"
	       "\tcase $cmd:$prev in\n");
	for (size_t i = 0; i < cli_ncommands; i++)
		for (size_t n = 0; nth(cli_commands[i].spec, n); n++) {
			const struct cli_opt *o = nth(cli_commands[i].spec, n);
			enum kind k;

			if (!o->arg)
				continue;
			switch ((k = kind_of(o))) {
			case FIXED:
				printf("\t%s:--%s) COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); return ;;\n",
				       cli_commands[i].name, o->name, o->values);
				break;
			case EDITION: case FRAMEWORK: case REV:
				printf("\t%s:--%s) COMPREPLY=($(compgen -W \"$(%s)\" -- \"$cur\")); return ;;\n",
				       cli_commands[i].name, o->name, dynamic(k));
				break;
			case FILES:
				printf("\t%s:--%s) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n",
				       cli_commands[i].name, o->name);
				break;
			case NONE:
				printf("\t%s:--%s) COMPREPLY=(); return ;;\n", cli_commands[i].name, o->name);
				break;
			}
		}
	printf("\tesac\n"
	       "\tcase $cmd in\n");
	for (size_t i = 0; i < cli_ncommands; i++) {
		printf("\t%s) opts=\"", cli_commands[i].name);
		for (size_t n = 0; nth(cli_commands[i].spec, n); n++)
			printf("%s--%s", n ? " " : "", nth(cli_commands[i].spec, n)->name);
		printf("\" words=\"%s\" ;;\n", cli_commands[i].words ? cli_commands[i].words : "");
	}
	printf("\tesac\n"
	       "\tif [[ $cur == -* ]]; then\n"
	       "\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
	       "\telse\n"
	       "\t\tCOMPREPLY=($(compgen -W \"$words\" -- \"$cur\") $(compgen -f -- \"$cur\"))\n"
	       "\tfi\n"
	       "}\n"
	       "complete -F _sakra sakra\n");
}

/* A zsh _arguments spec for one option. */
static void zsh_spec(const struct cli_opt *o)
{
	enum kind k;

	if (!o->arg) {
		printf(" '--%s'", o->name);
		return;
	}
	switch ((k = kind_of(o))) {
	case FIXED: printf(" '--%s:%s:(%s)'", o->name, o->name, o->values); break;
	case EDITION: case FRAMEWORK: case REV:
		printf(" '--%s:%s:_sakra_list %s'", o->name, o->name,
		       k == EDITION ? "edition" : k == FRAMEWORK ? "framework" : "rev");
		break;
	case FILES: printf(" '--%s:%s:_files'", o->name, o->name); break;
	case NONE: printf(" '--%s:%s: '", o->name, o->name); break;
	}
}

static void zsh(void)
{
	printf("#compdef sakra\n"
	       "# zsh completion for sakra (written by 'sakra completion zsh')\n"
	       "_sakra_list() {\n"
	       "\tlocal -a items\n"
	       "\tcase $1 in\n"
	       "\tedition) items=(${(f)\"$(%s)\"}) ;;\n"
	       "\tframework) items=(${(f)\"$(%s)\"}) ;;\n"
	       "\trev) items=(${(f)\"$(%s)\"}) ;;\n"
	       "\tesac\n"
	       "\tcompadd -a items\n"
	       "}\n"
	       "_sakra() {\n"
	       "\tlocal -a commands\n"
	       "\tcommands=(\n", dynamic(EDITION), dynamic(FRAMEWORK), dynamic(REV));
	for (size_t i = 0; i < cli_ncommands; i++) {
		char entry[256];

		snprintf(entry, sizeof(entry), "%s:%s", cli_commands[i].name, cli_commands[i].summary);
		fputs("\t\t", stdout);
		quoted(entry);
		putchar('\n');
	}
	printf("\t)\n"
	       "\tif (( CURRENT == 2 )); then\n"
	       "\t\t_describe -t commands 'sakra command' commands\n"
	       "\t\treturn\n"
	       "\tfi\n"
	       "\tlocal cmd=$words[2]\n"
	       "\tshift words\n"
	       "\t(( CURRENT-- ))\n"
	       "\tcase $cmd in\n");
	for (size_t i = 0; i < cli_ncommands; i++) {
		printf("\t%s) _arguments -s '-o:file:_files' '-C:dir:_files -/'", cli_commands[i].name);
		for (size_t n = 0; nth(cli_commands[i].spec, n); n++)
			zsh_spec(nth(cli_commands[i].spec, n));
		if (cli_commands[i].words)
			printf(" '1:action:(%s)' '*:file:_files'", cli_commands[i].words);
		else
			printf(" '*:file:_files'");
		printf(" ;;\n");
	}
	printf("\tesac\n"
	       "}\n"
	       "_sakra \"$@\"\n");
}

static void fish(void)
{
	printf("# fish completion for sakra (written by 'sakra completion fish')\n"
	       "complete -c sakra -f\n"
	       "complete -c sakra -n __fish_use_subcommand -s C -r -F -d 'run as if in DIR'\n"
	       "complete -c sakra -n __fish_use_subcommand -l version -d 'print the version'\n");
	for (size_t i = 0; i < cli_ncommands; i++) {
		const char *c = cli_commands[i].name;

		printf("complete -c sakra -n __fish_use_subcommand -a %s -d ", c);
		quoted(cli_commands[i].summary);
		putchar('\n');
		if (cli_commands[i].words)
			printf("complete -c sakra -n '__fish_seen_subcommand_from %s' -a '%s'\n", c,
			       cli_commands[i].words);
		printf("complete -c sakra -n '__fish_seen_subcommand_from %s' -s o -r -F\n", c);
		for (size_t n = 0; nth(cli_commands[i].spec, n); n++) {
			const struct cli_opt *o = nth(cli_commands[i].spec, n);
			enum kind k;

			printf("complete -c sakra -n '__fish_seen_subcommand_from %s' -l %s", c, o->name);
			if (o->arg) {
				switch ((k = kind_of(o))) {
				case FIXED: printf(" -x -a '%s'", o->values); break;
				case EDITION: case FRAMEWORK: case REV:
					printf(" -x -a '(%s)'", dynamic(k));
					break;
				case FILES: printf(" -r -F"); break;
				case NONE: printf(" -x"); break;
				}
			}
			printf("\n");
		}
	}
}

/* What the scripts ask for while completing: the plan's editions (from
 * sakra.yml of the plan at -C or here), the built-in frameworks. */
static int list(struct cli *cli, const char *what)
{
	if (!strcmp(what, "framework")) {
		const char *const *ids;
		size_t n = sakra_framework_ids(&ids);

		for (size_t i = 0; i < n; i++)
			printf("%s\n", ids[i]);
		return EXIT_OK;
	}
	if (!strcmp(what, "edition")) {
		struct sakra_repo *repo = NULL;
		struct sakra_config *cfg = NULL;
		struct sakra_diags d = SAKRA_DIAGS_INIT;
		struct sakra_buf path = SAKRA_BUF_INIT, text = SAKRA_BUF_INIT;
		struct sakra_error err;

		sakra_error_clear(&err);
		if (sakra_repo_open(&repo, cli->dir, &err) == 0 &&
		    sakra_buf_printf(&path, "%s/sakra.yml", sakra_repo_root(repo)) == 0 &&
		    sakra_file_read(path.ptr, &text, 1 << 20, &err) == 0 &&
		    sakra_config_parse(&cfg, sakra_buf_cstr(&text), text.len, &d, &err) == 0 && cfg)
			for (size_t i = 0; i < cfg->neditions; i++)
				printf("%s\n", cfg->editions[i].name);
		sakra_config_free(cfg);
		sakra_diags_free(&d);
		sakra_buf_free(&path);
		sakra_buf_free(&text);
		sakra_repo_free(repo);
		return EXIT_OK;
	}
	if (!strcmp(what, "rev")) {
		struct sakra_repo *repo = NULL;
		struct sakra_error err;
		char **names = NULL;
		size_t n = 0;

		sakra_error_clear(&err);
		if (sakra_repo_open(&repo, cli->dir, &err) == 0 && sakra_repo_is_git(repo)) {
			printf("HEAD\n");
			if (sakra_repo_tags(repo, "", &names, &n, &err) == 0)
				for (size_t i = 0; i < n; i++) {
					printf("%s\n", names[i]);
					free(names[i]);
				}
			free(names);
		}
		sakra_repo_free(repo);
		return EXIT_OK;
	}
	return cli_usage_error("completion", "--list takes edition, framework or rev");
}

int cmd_completion(struct cli *cli, int argc, char **argv)
{
	const char *what = NULL;
	int opt;

	while ((opt = cli_getopt(cli, &cli_spec_completion, argc, argv)) != CLI_END) {
		switch (opt) {
		case 'l': what = optarg; break;
		default: return cli->status;   /* CLI_STOP */
		}
	}
	if (what)
		return list(cli, what);
	if (optind + 1 != argc)
		return cli_usage_error("completion", "name one shell: bash, zsh or fish");
	if (!strcmp(argv[optind], "bash"))
		bash();
	else if (!strcmp(argv[optind], "zsh"))
		zsh();
	else if (!strcmp(argv[optind], "fish"))
		fish();
	else
		return cli_usage_error("completion", "no completion for '%s' (bash, zsh, fish)",
				       argv[optind]);
	return fflush(stdout) ? EXIT_USAGE : EXIT_OK;
}
