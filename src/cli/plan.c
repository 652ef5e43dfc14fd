/* Opening the plan for a command (repository, file set, plan and findings),
 * and writing files under a new output directory. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/fs.h"

int cli_plan_open(struct cli *cli, const char *rev, const struct sakra_check_options *opts,
		  struct cli_plan *p)
{
	struct sakra_error err;

	memset(p, 0, sizeof(*p));
	sakra_error_clear(&err);
	if (sakra_repo_open(&p->repo, cli->dir, &err) < 0 ||
	    sakra_tree_open(&p->tree, p->repo, rev, &err) < 0 ||
	    sakra_plan_load(&p->plan, p->tree, &p->diags, &err) < 0 ||
	    sakra_check_run(p->plan, opts, &p->diags, &err) < 0) {
		cli_error(&err);
		cli_plan_close(p);
		return -1;
	}
	sakra_diags_sort(&p->diags);
	return 0;
}

void cli_plan_close(struct cli_plan *p)
{
	sakra_diags_free(&p->diags);
	sakra_plan_free(p->plan);
	sakra_tree_free(p->tree);
	sakra_repo_free(p->repo);
	memset(p, 0, sizeof(*p));
}

int cli_output_folder(const char *root, const char *name, mode_t mode, struct sakra_buf *dir,
		      struct sakra_error *err)
{
	static const char ignore[] = "# sakra's output: not part of the plan (written by sakra)\n*\n";
	struct sakra_buf gi = SAKRA_BUF_INIT;
	int rc;

	sakra_buf_clear(dir);
	if (sakra_buf_printf(dir, "%s/%s", root, name) < 0 ||
	    sakra_buf_printf(&gi, "%s/.gitignore", dir->ptr) < 0) {
		sakra_buf_free(&gi);
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	}
	if (mkdir(dir->ptr, mode) < 0 && errno != EEXIST)
		rc = sakra_error_set(err, SAKRA_EIO, dir->ptr, 0, 0, "cannot create the folder: %s",
				     strerror(errno));
	else if (access(gi.ptr, F_OK) == 0)
		rc = 0;
	else
		rc = sakra_file_write_atomic(gi.ptr, ignore, sizeof(ignore) - 1, 0666, 0, err);
	sakra_buf_free(&gi);
	return rc;
}

int cli_staged_path(const char *root, const char *name, struct sakra_buf *path,
		    struct sakra_error *err)
{
	char *slash;
	int rc = 0;

	sakra_buf_clear(path);
	if (sakra_buf_printf(path, "%s/%s", root, name) < 0)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	if (strchr(name, '/')) {
		slash = strrchr(path->ptr, '/');
		*slash = '\0';
		rc = sakra_mkdirs(path->ptr, 0777, err);
		*slash = '/';
	}
	return rc;
}

int cli_write_file(const char *root, const char *name, const void *data, size_t len,
		   struct sakra_error *err)
{
	struct sakra_buf path = SAKRA_BUF_INIT;
	int rc;

	if ((rc = cli_staged_path(root, name, &path, err)) == 0)
		rc = sakra_file_write_new(path.ptr, data, len, 0666, err);
	sakra_buf_free(&path);
	return rc;
}

const struct sakra_edition *cli_edition(const struct sakra_config *cfg, const char *name)
{
	const struct sakra_edition *e = sakra_config_edition(cfg, name);
	char list[512] = "";

	if (e)
		return e;
	for (size_t i = 0; i < cfg->neditions; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? ", " : "",
			 cfg->editions[i].name);
	cli_errorf("sakra.yml has no edition '%s' (editions: %s)", name, list[0] ? list : "none");
	return NULL;
}
