/* sakra hooks: git hooks that hold the line — a pre-commit hook in a plan
 * repository that refuses a commit adding check errors, and a pre-receive
 * hook on the team's server that refuses a push breaking the plan or its
 * approvals. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/approval.h"
#include "sakra/fs.h"
#include "sakra/push.h"


enum { OPT_SERVER = OPT_FIRST_COMMAND };

/* Every hook sakra writes carries this line. */
#define MARK "# sakra: written by 'sakra hooks install'"

/* The absolute path of this sakra, or "sakra" when it cannot be known. */
static const char *own_path(char buf[PATH_MAX])
{
	static const char deleted[] = " (deleted)";
	ssize_t n = readlink("/proc/self/exe", buf, PATH_MAX - 1);
	size_t len;

	if (n <= 0)
		return "sakra";
	buf[n] = '\0';
	/* replaced while running (an upgrade): the new file has the old name */
	len = (size_t)n;
	if (len > sizeof(deleted) - 1 && !strcmp(buf + len - (sizeof(deleted) - 1), deleted))
		buf[len - (sizeof(deleted) - 1)] = '\0';
	if (strchr(buf, '\'') || strchr(buf, '\n'))
		return "sakra";
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

/* The two hooks sakra writes: their file, where they belong, what they
 * run, the line that chains them from a hook of one's own, and what they
 * do. @SAKRA@ stands for this sakra's path. */
static const struct hook {
	const char *name;
	int bare;                 /* belongs in a bare repository (the server) */
	const char *body, *chain, *does;
} hooks[] = {
	{ "pre-commit", 0,
	  "#!/bin/sh\n"
	  MARK "\n"
	  "# Refuses a commit that adds check errors to the plan; the findings are\n"
	  "# printed. 'git commit --no-verify' commits anyway.\n"
	  "SAKRA='@SAKRA@'\n"
	  "[ -x \"$SAKRA\" ] || SAKRA=sakra\n"
	  "\"$SAKRA\" check --index --new-since HEAD --pre-commit\n"
	  "rc=$?\n"
	  "if [ $rc -eq 126 ] || [ $rc -eq 127 ]; then\n"
	  "\techo \"sakra ($SAKRA) cannot be run, so the commit is refused; commit anyway \"\\\n"
	  "\t\t\"with 'git commit --no-verify'.\" >&2\n"
	  "fi\n"
	  "exit $rc\n",
	  "'@SAKRA@' check --index --new-since HEAD --pre-commit || exit 1",
	  N_("it refuses a commit that adds check errors") },
	{ "pre-receive", 1,
	  "#!/bin/sh\n"
	  MARK " --server\n"
	  "# Refuses a push that moves the default branch to a commit with check\n"
	  "# errors, adds an approved/* tag that does not verify, or moves or\n"
	  "# deletes one.\n"
	  "SAKRA='@SAKRA@'\n"
	  "[ -x \"$SAKRA\" ] || SAKRA=sakra\n"
	  "exec \"$SAKRA\" hooks pre-receive\n",
	  "'@SAKRA@' hooks pre-receive <\"$input\" || exit 1   (with the pushed lines saved in $input)",
	  N_("pushes that break the plan or its approvals are refused") },
};

/* text with every @SAKRA@ replaced by me. */
static int fill(struct sakra_buf *out, const char *text, const char *me)
{
	const char *at;

	while ((at = strstr(text, "@SAKRA@"))) {
		if (sakra_buf_put(out, text, (size_t)(at - text)) < 0 || sakra_buf_puts(out, me) < 0)
			return -1;
		text = at + 7;
	}
	return sakra_buf_puts(out, text);
}

int cli_hook_installed(struct sakra_repo *repo)
{
	struct sakra_buf dir = SAKRA_BUF_INIT, path = SAKRA_BUF_INIT, text = SAKRA_BUF_INIT;
	int yes = 0;

	/* a hook that chains sakra's check counts as much as sakra's own */
	if (sakra_repo_hooks_dir(repo, &dir, NULL) == 0 &&
	    sakra_buf_printf(&path, "%s/pre-commit", dir.ptr) == 0 &&
	    sakra_file_read(path.ptr, &text, 1 << 20, NULL) == 0)
		yes = strstr(sakra_buf_cstr(&text), MARK) ||
		      strstr(sakra_buf_cstr(&text), "check --index");
	sakra_buf_free(&dir);
	sakra_buf_free(&path);
	sakra_buf_free(&text);
	return yes;
}

static int install(struct cli *cli, const struct hook *h)
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
	if (sakra_repo_is_bare(repo) != h->bare) {
		if (h->bare)
			cli_errorf("--server installs into the bare repository people push to; this "
				   "one has a working tree (use 'sakra hooks install' here)");
		else
			cli_errorf("%s is a bare repository: it has no commits of its own to check "
				   "(on a server, use 'sakra hooks install --server')",
				   cli_safe(sakra_repo_root(repo)));
		goto out;
	}
	if (fill(&body, h->body, me) < 0 || fill(&chain, h->chain, me) < 0) {
		cli_errorf("out of memory");
		goto out;
	}
	if ((rc = write_hook(dir.ptr, h->name, body.ptr, chain.ptr)) < 0) {
		status = EXIT_FINDINGS;
		goto out;
	}
	if (!cli->quiet)
		printf(rc ? _("updated %s/%s: %s\n  runs %s (or sakra on PATH if that is gone)\n")
			  : _("installed %s/%s: %s\n  runs %s (or sakra on PATH if that is gone)\n"),
		       cli_safe(dir.ptr), h->name, _(h->does), cli_safe(me));
	status = EXIT_OK;
out:
	sakra_buf_free(&dir);
	sakra_buf_free(&body);
	sakra_buf_free(&chain);
	sakra_repo_free(repo);
	return status;
}

/* --- the server's judgement of a push -------------------------------------- */

/* Reads git's "old new ref" lines and judges them; 0 accept, 1 refuse. */
static int pre_receive(struct cli *cli)
{
	struct sakra_repo *repo = NULL;
	struct sakra_push push;
	struct sakra_buf in = SAKRA_BUF_INIT;
	struct sakra_date today;
	struct sakra_error err;
	char chunk[4096];
	size_t n;
	int status = EXIT_FINDINGS;

	memset(&push, 0, sizeof(push));
	sakra_error_clear(&err);
	if (cli_today(NULL, &today) < 0)
		return EXIT_FINDINGS;
	if (sakra_repo_open(&repo, cli->dir, &err) < 0) {
		cli_error(&err);
		return EXIT_USAGE;
	}
	/* all of it, or the push is refused: never judged by a part */
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
		if (in.len + n > SAKRA_PUSH_INPUT_MAX) {
			printf(_("sakra: refused: the push updates more refs than sakra judges "
				 "(over %u MiB of ref updates); push in parts\n"),
			       SAKRA_PUSH_INPUT_MAX >> 20);
			goto out;
		}
		if (sakra_buf_put(&in, chunk, n) < 0) {
			cli_errorf("out of memory");
			goto out;
		}
	}
	if (ferror(stdin)) {
		cli_errorf("cannot read the ref updates: %s", strerror(errno));
		goto out;
	}
	if (sakra_push_parse(&push, sakra_buf_cstr(&in), in.len, &err) < 0 ||
	    sakra_push_judge(&push, repo, &today, &err) < 0) {
		printf(_("sakra: refused: %s\n"), cli_safe(err.message));
		goto out;
	}
	for (size_t i = 0; i < push.nrefusals; i++) {
		const struct sakra_push_refusal *r = &push.refusals[i];

		for (size_t k = 0; k < r->errors.n; k++)
			cli_print_diag(stdout, &r->errors.v[k], 0);
		if (r->version)
			cli_print_version(stdout, r->version);
		printf(_("sakra: refused: %s\n"), cli_safe(r->message));
	}
	if (!push.nrefusals && push.n)
		fputs(_("sakra: the push keeps the plan and its approvals whole\n"), stdout);
	status = push.nrefusals ? EXIT_FINDINGS : EXIT_OK;
out:
	fflush(stdout);
	sakra_push_free(&push);
	sakra_buf_free(&in);
	sakra_repo_free(repo);
	return status;
}

static const struct cli_opt opts[] = {
	{ "server", NULL, OPT_SERVER,
	  N_("in a bare repository (the team's server): a pre-receive hook that refuses a push when the default branch would move to a commit with check errors, when a new approved/* tag does not verify (with the trust chain of the server's history), or when an approved/* tag would be moved or deleted"),
	  NULL, CLI_V_NONE },
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_hooks = {
	"hooks",
	N_("usage: sakra hooks install [--server]\n"
	"       sakra hooks pre-receive   (what the server hook runs)"),
	N_("Installs a pre-commit hook in the plan repository (in core.hooksPath, else\n"
	"the git directory's hooks/). It checks what is being committed (the index,\n"
	"not the working tree) and refuses a commit that adds check errors, printing\n"
	"the findings; 'git commit --no-verify' still commits. The hook runs the sakra\n"
	"that installed it (its absolute path), or the one on PATH if that is gone.\n"
	"A hook that sakra did not write is never replaced: sakra says how to call it\n"
	"from yours. Installing again updates sakra's own hook."),
	opts,
	NULL
};

int cmd_hooks(struct cli *cli, int argc, char **argv)
{
	int opt, server = 0;

	while ((opt = cli_getopt(cli, &cli_spec_hooks, argc, argv)) != CLI_END) {
		switch (opt) {
		case OPT_SERVER: server = 1; break;
		default: return cli->status;   /* CLI_STOP */
		}
	}
	if (optind >= argc)
		return cli_usage_error("hooks", "say what to do: 'sakra hooks install'");
	if (optind + 1 < argc)
		return cli_usage_error("hooks", "unexpected argument '%s'", argv[optind + 1]);
	if (strcmp(argv[optind], "pre-receive") == 0 && !server)
		return pre_receive(cli);
	if (strcmp(argv[optind], "install") != 0)
		return cli_usage_error("hooks", "unknown action '%s' (install)", argv[optind]);
	return install(cli, &hooks[server]);
}
