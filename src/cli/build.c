/* sakra build: the static site of an edition, written to a new directory
 * that replaces the previous build only when complete. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/approval.h"
#include "sakra/site.h"
#include "sakra/date.h"
#include "sakra/fs.h"

static const char help[] =
	"usage: sakra build [--rev REV] [--edition NAME] [-o DIR] [--today DATE]\n\n"
	"Renders the plan as a static site: one page per document, the system\n"
	"register, the evidence index, the compliance matrix and the version\n"
	"history, with the classification on every page and the approval stamp\n"
	"(or UTKAST / DRAFT). Works from file:// and any web server; nothing is\n"
	"loaded from elsewhere. With --edition, files above the edition's\n"
	"max_classification are left out and links to them say so.\n\n"
	"  --rev REV        build a version (N, vN, approved/vN) or a revision\n"
	"                   (default: HEAD when the working tree is\n"
	"                   clean, else the working tree, marked as uncommitted)\n"
	"  --edition NAME   an edition of sakra.yml (default: every marked file)\n"
	"  -o DIR           where to write (default: _site/EDITION, or _site/all);\n"
	"                   a previous sakra site there is replaced when the new\n"
	"                   one is complete, anything else is refused\n"
	"  --today DATE     judge certificates and obligations on DATE (default:\n"
	"                   the commit's date, so a commit always builds the same)\n";

enum { OPT_REV = OPT_FIRST_COMMAND, OPT_EDITION, OPT_TODAY };

struct out_dir {
	const char *root;
};

static int write_page(void *ctx, const char *path, const void *data, size_t len,
		      struct sakra_error *err)
{
	const struct out_dir *o = ctx;

	return cli_write_file(o->root, path, data, len, err);
}

static int copy_file(void *ctx, const char *path, const struct sakra_tree *tree,
		     const struct sakra_file *f, struct sakra_error *err)
{
	const struct out_dir *o = ctx;
	struct sakra_buf dst = SAKRA_BUF_INIT;
	int rc;

	if ((rc = cli_staged_path(o->root, path, &dst, err)) == 0)
		rc = sakra_tree_copy(tree, f, dst.ptr, err);
	sakra_buf_free(&dst);
	return rc;
}

/* 1 if dir holds a site sakra built (its index.html says so). */
static int is_sakra_site(const char *dir)
{
	struct sakra_buf path = SAKRA_BUF_INIT, text = SAKRA_BUF_INIT;
	struct sakra_error err;
	int yes = 0;

	if (sakra_buf_printf(&path, "%s/index.html", dir) == 0 &&
	    sakra_file_read(path.ptr, &text, 1u << 20, &err) == 0 && text.ptr)
		yes = strstr(text.ptr, "<meta name=\"generator\" content=\"sakra ") != NULL;
	sakra_buf_free(&path);
	sakra_buf_free(&text);
	return yes;
}

/* Moves the finished site in tmp to out, replacing an earlier build. */
static int put_in_place(const char *tmp, const char *out)
{
	struct sakra_buf old = SAKRA_BUF_INIT;
	int rc = 0;

	if (access(out, F_OK) != 0)
		return rename(tmp, out) < 0 ? -1 : 0;
	if (sakra_buf_printf(&old, "%s.old-XXXXXX", out) < 0 || !mkdtemp(old.ptr) ||
	    rename(out, old.ptr) < 0) {
		rc = -1;
	} else if (rename(tmp, out) < 0) {
		rename(old.ptr, out);   /* put the earlier build back */
		rc = -1;
	}
	if (old.ptr)
		sakra_remove_tree(old.ptr);
	sakra_buf_free(&old);
	return rc;
}

const struct option cli_opts_build[] = {
	{ "rev", required_argument, NULL, OPT_REV },
	{ "edition", required_argument, NULL, OPT_EDITION },
	{ "today", required_argument, NULL, OPT_TODAY },
	CLI_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

int cmd_build(struct cli *cli, int argc, char **argv)
{
	const struct option *opts = cli_opts_build;
	const char *rev = NULL, *edition = NULL, *out = NULL, *today = NULL;
	struct sakra_repo *repo = NULL;
	struct sakra_tree *tree = NULL;
	struct sakra_plan *plan = NULL;
	struct sakra_versions *vs = NULL;
	struct sakra_diags diags, findings;
	struct sakra_site_options so;
	struct sakra_site_stats stats;
	struct sakra_site_writer w;
	struct sakra_buf outbuf = SAKRA_BUF_INIT, tmp = SAKRA_BUF_INIT, head = SAKRA_BUF_INIT;
	struct sakra_error err;
	struct out_dir od;
	int opt, status = EXIT_USAGE, dirty = 0;

	memset(&diags, 0, sizeof(diags));
	memset(&findings, 0, sizeof(findings));
	memset(&so, 0, sizeof(so));
	while ((opt = getopt_long(argc, argv, "C:o:", opts, NULL)) != -1) {
		if (cli_common(cli, opt, optarg))
			continue;
		switch (opt) {
		case OPT_REV: rev = optarg; break;
		case OPT_EDITION: edition = optarg; break;
		case OPT_TODAY: today = optarg; break;
		case 'o': out = optarg; break;
		case OPT_HELP: fputs(help, stdout); return EXIT_OK;
		default: return cli_usage_error("build", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("build", "unexpected argument '%s'", argv[optind]);
	sakra_error_clear(&err);
	if (sakra_repo_open(&repo, cli->dir, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (sakra_repo_is_git(repo) && sakra_versions_load(&vs, repo, NULL, 0, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (rev && cli_version_number(rev) > 0) {
		const struct sakra_version *v = sakra_versions_find(vs, cli_version_number(rev), NULL);

		if (!v) {
			cli_errorf("there is no version %ld ('sakra log' lists the versions)",
				   cli_version_number(rev));
			goto out;
		}
		rev = v->commit;
	}
	if (!rev && sakra_repo_is_git(repo)) {
		/* A clean working tree is its HEAD: build that, reproducibly. */
		if ((dirty = sakra_repo_dirty(repo, NULL, &err)) < 0) {
			cli_error(&err);
			goto out;
		}
		if (!dirty)
			rev = "HEAD";
	}
	if (sakra_tree_open(&tree, repo, rev, &err) < 0 ||
	    sakra_plan_load(&plan, tree, &findings, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (!plan->config || !plan->fw) {
		cli_errorf("sakra.yml or its framework cannot be read; 'sakra check' says why");
		goto out;
	}
	if (edition && !(so.edition = cli_edition(plan->config, edition)))
		goto out;
	if (today || getenv("SAKRA_TODAY")) {
		if (cli_today(today, &so.today) < 0)
			goto out;
	} else if (tree->from_rev) {
		so.today = tree->commit_date;
	} else {
		so.today = sakra_date_today();
	}
	if (vs) {
		so.versions = vs;
		so.repo = repo;
		if (tree->from_rev) {
			const struct sakra_version *v = sakra_versions_find(vs, 0, tree->commit);

			so.commit = tree->commit;
			so.version = v && v->approved ? v : NULL;
			so.history_commit = tree->commit;
		} else {
			struct sakra_tree *h = NULL;

			if (sakra_tree_open(&h, repo, "HEAD", &err) == 0 &&
			    sakra_buf_puts(&head, h->commit) == 0)
				so.history_commit = head.ptr;
			sakra_tree_free(h);
			sakra_error_clear(&err);
		}
	}
	if (!out) {
		if (!sakra_repo_root(repo)[0]) {
			cli_usage_error("build", "a bare repository needs -o DIR");
			goto out;
		}
		if (cli_output_folder(sakra_repo_root(repo), "_site", 0777, &outbuf, &err) < 0) {
			cli_error(&err);
			goto out;
		}
		if (sakra_buf_printf(&outbuf, "/%s", edition ? edition : "all") < 0)
			goto nomem;
		out = outbuf.ptr;
	}
	if (access(out, F_OK) == 0 && !is_sakra_site(out)) {
		cli_errorf("%s exists and is not a site sakra built; choose another -o DIR", out);
		goto out;
	}
	{
		char *slash;

		if (sakra_buf_printf(&tmp, "%s", out) < 0)
			goto nomem;
		while (tmp.len > 1 && tmp.ptr[tmp.len - 1] == '/')
			tmp.ptr[--tmp.len] = '\0';
		if ((slash = strrchr(tmp.ptr, '/')) && slash != tmp.ptr) {
			*slash = '\0';
			if (sakra_mkdirs(tmp.ptr, 0777, &err) < 0) {
				cli_error(&err);
				goto out;
			}
			*slash = '/';
		}
		/* what a killed build left beside the site goes first */
		sakra_remove_stale(tmp.ptr);
		if (sakra_buf_puts(&tmp, ".tmp-XXXXXX") < 0)
			goto nomem;
		if (!mkdtemp(tmp.ptr)) {
			cli_errorf("cannot create a directory beside %s: %s", out, strerror(errno));
			goto out;
		}
		sakra_dir_umask(tmp.ptr);   /* a site is copied to a web server as it is */
	}
	od.root = tmp.ptr;
	w.write = write_page;
	w.copy = copy_file;
	w.ctx = &od;
	if (sakra_site_build(plan, &so, &w, &diags, &stats, &err) < 0) {
		cli_error(&err);
		sakra_remove_tree(tmp.ptr);
		goto out;
	}
	if (sakra_dir_sync(tmp.ptr, &err) < 0) {
		cli_error(&err);
		sakra_remove_tree(tmp.ptr);
		goto out;
	}
	if (put_in_place(tmp.ptr, out) < 0) {
		cli_errorf("cannot move the new site to %s: %s", out, strerror(errno));
		sakra_remove_tree(tmp.ptr);
		goto out;
	}
	sakra_diags_sort(&diags);
	for (size_t i = 0; i < diags.n; i++)
		cli_print_diag(stderr, &diags.v[i], 0);
	if (!cli->quiet) {
		printf("%s: %s%s, %zu pages and %zu files", out, edition ? "edition " : "all marked documents",
		       edition ? edition : "", stats.pages, stats.files);
		if (stats.withheld)
			printf(" (%zu withheld by the edition)", stats.withheld);
		if (so.version)
			printf("; approved version %ld\n", so.version->number);
		else if (so.commit)
			printf("; DRAFT: commit %.12s is not an approved version\n", so.commit);
		else
			printf("; DRAFT: the working tree has uncommitted changes\n");
	}
	status = EXIT_OK;
	goto out;
nomem:
	cli_errorf("out of memory");
out:
	sakra_diags_free(&diags);
	sakra_diags_free(&findings);
	sakra_versions_free(vs);
	sakra_plan_free(plan);
	sakra_tree_free(tree);
	sakra_repo_free(repo);
	sakra_buf_free(&outbuf);
	sakra_buf_free(&tmp);
	sakra_buf_free(&head);
	return status;
}
