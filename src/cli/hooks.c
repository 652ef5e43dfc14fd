/* sakra hooks: git hooks that hold the line — a pre-commit hook in a plan
 * repository that refuses a commit adding check errors. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char help[] =
	"usage: sakra hooks install\n\n"
	"Installs a pre-commit hook in the plan repository (in core.hooksPath, else\n"
	"the git directory's hooks/). It checks what is being committed (the index,\n"
	"not the working tree) and refuses a commit that adds check errors, printing\n"
	"the findings; 'git commit --no-verify' still commits. The hook runs the sakra\n"
	"that installed it (its absolute path), or the one on PATH if that is gone.\n"
	"A hook that sakra did not write is never replaced: sakra says how to call it\n"
	"from yours. Installing again updates sakra's own hook.\n";

/* Every hook sakra writes carries this line. */
#define MARK "# sakra: written by 'sakra hooks install'"

/* The absolute path of this sakra, or "sakra" when it cannot be known. */
static const char *own_path(char buf[PATH_MAX])
{
	ssize_t n = readlink("/proc/self/exe", buf, PATH_MAX - 1);

	if (n <= 0 || strchr(buf, '\'') || strchr(buf, '\n'))
		return "sakra";
	buf[n] = '\0';
	return buf;
}

/* Writes hook `name` in dir with body; refuses one sakra did not write. */
static int write_hook(const char *dir, const char *name, const char *body, const char *chain)
{
	struct sakra_buf path = SAKRA_BUF_INIT, old = SAKRA_BUF_INIT;
	struct sakra_error err;
	int rc = -1, exists;

	sakra_error_clear(&err);
	if (sakra_buf_printf(&path, "%s/%s", dir, name) < 0) {
		cli_errorf("out of memory");
		goto out;
	}
	exists = access(path.ptr, F_OK) == 0;
	if (exists && (sakra_file_read(path.ptr, &old, 1 << 20, &err) < 0 ||
		       !strstr(sakra_buf_cstr(&old), MARK))) {
		cli_errorf("%s exists and sakra did not write it; it is left as it is. To "
			   "run sakra's check from it, add this line to it:\n  %s",
			   cli_safe(path.ptr), chain);
		goto out;
	}
	if (sakra_mkdirs(dir, 0777, &err) < 0 ||
	    sakra_file_write_atomic(path.ptr, body, strlen(body), 0755, 1, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	rc = exists;
out:
	sakra_buf_free(&path);
	sakra_buf_free(&old);
	return rc;
}

static int install(struct cli *cli)
{
	struct sakra_repo *repo = NULL;
	struct sakra_buf dir = SAKRA_BUF_INIT, body = SAKRA_BUF_INIT, chain = SAKRA_BUF_INIT;
	struct sakra_error err;
	char self[PATH_MAX];
	const char *me = own_path(self);
	int status = EXIT_USAGE, rc;

	sakra_error_clear(&err);
	if (sakra_repo_open(&repo, cli->dir, &err) < 0 || sakra_repo_hooks_dir(repo, &dir, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (sakra_repo_is_bare(repo)) {
		cli_errorf("%s is a bare repository: it has no commits of its own to check",
			   cli_safe(sakra_repo_root(repo)));
		goto out;
	}
	if (sakra_buf_printf(&body,
			     "#!/bin/sh\n"
			     MARK "\n"
			     "# Refuses a commit that adds check errors to the plan; the findings are\n"
			     "# printed. 'git commit --no-verify' commits anyway.\n"
			     "SAKRA='%s'\n"
			     "[ -x \"$SAKRA\" ] || SAKRA=sakra\n"
			     "\"$SAKRA\" check --index --new-since HEAD\n"
			     "rc=$?\n"
			     "if [ $rc -ne 0 ]; then\n"
			     "\techo \"sakra ($SAKRA): the commit is refused: it adds the errors above \"\\\n"
			     "\t\t\"(or sakra could not check it). Fix them, or commit anyway with \"\\\n"
			     "\t\t\"'git commit --no-verify'.\" >&2\n"
			     "fi\n"
			     "exit $rc\n", me) < 0 ||
	    sakra_buf_printf(&chain, "'%s' check --index --new-since HEAD || exit 1", me) < 0) {
		cli_errorf("out of memory");
		goto out;
	}
	if ((rc = write_hook(dir.ptr, "pre-commit", body.ptr, chain.ptr)) < 0) {
		status = EXIT_FINDINGS;
		goto out;
	}
	if (!cli->quiet)
		printf("%s %s/pre-commit: it refuses a commit that adds check errors\n"
		       "  runs %s (or sakra on PATH if that is gone)\n",
		       rc ? "updated" : "installed", cli_safe(dir.ptr), cli_safe(me));
	status = EXIT_OK;
out:
	sakra_buf_free(&dir);
	sakra_buf_free(&body);
	sakra_buf_free(&chain);
	sakra_repo_free(repo);
	return status;
}

int cmd_hooks(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "C:", opts, NULL)) != -1) {
		if (cli_common(cli, opt, optarg))
			continue;
		switch (opt) {
		case OPT_HELP: fputs(help, stdout); return EXIT_OK;
		default: return cli_usage_error("hooks", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("hooks", "say what to do: 'sakra hooks install'");
	if (strcmp(argv[optind], "install") != 0)
		return cli_usage_error("hooks", "unknown action '%s' (install)", argv[optind]);
	if (optind + 1 < argc)
		return cli_usage_error("hooks", "unexpected argument '%s'", argv[optind + 1]);
	return install(cli);
}
