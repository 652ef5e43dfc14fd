/* stage: output folders that appear only when complete. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sakra/confine.h"
#include "sakra/fs.h"
#include "sakra/stage.h"

static int nomem(struct sakra_error *err)
{
	return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
}

int sakra_stage_open(struct sakra_stage *s, const char *final, enum sakra_stage_mode mode,
		     int private_, struct sakra_error *err)
{
	char *slash;
	int rc;

	memset(s, 0, sizeof(*s));
	s->mode = mode;
	if (sakra_buf_puts(&s->final, final) < 0)
		return nomem(err);
	while (s->final.len > 1 && s->final.ptr[s->final.len - 1] == '/')
		s->final.ptr[--s->final.len] = '\0';
	if (mode == SAKRA_STAGE_FILL) {
		if (sakra_buf_printf(&s->dir, "%s/.sakra", s->final.ptr) < 0)
			goto oom;
	} else {
		if (sakra_buf_puts(&s->dir, s->final.ptr) < 0)
			goto oom;
		if ((slash = strrchr(s->dir.ptr, '/')) && slash != s->dir.ptr) {
			*slash = '\0';
			rc = sakra_mkdirs(s->dir.ptr, 0777, err);
			*slash = '/';
			if (rc < 0) {
				sakra_stage_abort(s);
				return rc;
			}
		}
	}
	/* what a killed run left beside the output goes first */
	sakra_remove_stale(s->dir.ptr);
	if (sakra_buf_puts(&s->dir, ".tmp-XXXXXX") < 0)
		goto oom;
	if (!mkdtemp(s->dir.ptr)) {
		rc = sakra_error_set(err, SAKRA_EIO, s->final.ptr, 0, 0,
				     "cannot create a directory beside it: %s", strerror(errno));
		sakra_buf_clear(&s->dir);
		sakra_stage_abort(s);
		return rc;
	}
	if (!private_)
		sakra_dir_umask(s->dir.ptr);   /* mkdtemp made it 0700 */
	return 0;
oom:
	sakra_stage_abort(s);
	return nomem(err);
}

int sakra_stage_path(struct sakra_stage *s, const char *name, struct sakra_buf *path,
		     struct sakra_error *err)
{
	char *slash;
	int rc = 0;

	sakra_buf_clear(path);
	if (sakra_buf_printf(path, "%s/%s", s->dir.ptr, name) < 0)
		return nomem(err);
	if (strchr(name, '/')) {
		slash = strrchr(path->ptr, '/');
		*slash = '\0';
		if (!s->made.ptr || strcmp(s->made.ptr, path->ptr) != 0) {
			sakra_buf_clear(&s->made);
			if ((rc = sakra_mkdirs(path->ptr, 0777, err)) == 0 &&
			    sakra_buf_puts(&s->made, path->ptr) < 0)
				rc = nomem(err);
		}
		*slash = '/';
	}
	return rc;
}

int sakra_stage_write(struct sakra_stage *s, const char *name, const void *data, size_t len,
		      struct sakra_error *err)
{
	struct sakra_buf path = SAKRA_BUF_INIT;
	int rc;

	if ((rc = sakra_stage_path(s, name, &path, err)) == 0)
		rc = sakra_file_write_new(path.ptr, data, len, 0666, err);
	sakra_buf_free(&path);
	return rc;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Moves the entries of the stage into final, .git last; on failure removes
 * what it moved. */
static int fill(struct sakra_stage *s, struct sakra_error *err)
{
	static const char *const last = ".git";
	struct sakra_buf from = SAKRA_BUF_INIT, to = SAKRA_BUF_INIT;
	char **names = NULL;
	size_t n = 0, moved = 0, has_last = 0;
	DIR *d = opendir(s->dir.ptr);
	struct dirent *e;
	int rc = 0;

	if (!d)
		return sakra_error_set(err, SAKRA_EIO, s->dir.ptr, 0, 0, "%s", strerror(errno));
	while (rc == 0 && (e = readdir(d))) {
		void *p;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (!strcmp(e->d_name, last)) {
			has_last = 1;
			continue;
		}
		if (!(p = realloc(names, (n + 2) * sizeof(*names))) ||
		    !((names = p)[n] = strdup(e->d_name)))
			rc = nomem(err);
		else
			n++;
	}
	closedir(d);
	if (rc == 0 && n)
		qsort(names, n, sizeof(*names), cmp_name);
	if (rc == 0 && has_last && !(names = realloc(names, (n + 1) * sizeof(*names))))
		rc = nomem(err);
	if (rc == 0 && has_last && !(names[n++] = strdup(last)))
		rc = nomem(err);
	for (; rc == 0 && moved < n; moved++) {
		sakra_buf_clear(&from);
		sakra_buf_clear(&to);
		if (sakra_buf_printf(&from, "%s/%s", s->dir.ptr, names[moved]) < 0 ||
		    sakra_buf_printf(&to, "%s/%s", s->final.ptr, names[moved]) < 0)
			rc = nomem(err);
		else if (rename(from.ptr, to.ptr) < 0)
			rc = sakra_error_set(err, SAKRA_EIO, to.ptr, 0, 0, "cannot create: %s",
					     strerror(errno));
		if (rc < 0)
			break;
	}
	while (rc < 0 && moved-- > 0) {
		sakra_buf_clear(&to);
		if (sakra_buf_printf(&to, "%s/%s", s->final.ptr, names[moved]) == 0)
			sakra_remove_tree(to.ptr);
	}
	for (size_t i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
	sakra_buf_free(&from);
	sakra_buf_free(&to);
	if (rc == 0)
		rmdir(s->dir.ptr);
	return rc;
}

/* Moves the stage over an existing final: the old one aside first, back
 * if the new one cannot take its place, removed after. */
static int replace(struct sakra_stage *s, struct sakra_error *err)
{
	struct sakra_buf old = SAKRA_BUF_INIT;
	int rc = 0;

	if (access(s->final.ptr, F_OK) != 0)
		return rename(s->dir.ptr, s->final.ptr) < 0
		       ? sakra_error_set(err, SAKRA_EIO, s->final.ptr, 0, 0, "cannot create: %s",
					 strerror(errno)) : 0;
	if (sakra_buf_printf(&old, "%s.old-XXXXXX", s->final.ptr) < 0)
		return nomem(err);
	if (!mkdtemp(old.ptr) || rename(s->final.ptr, old.ptr) < 0) {
		rc = sakra_error_set(err, SAKRA_EIO, s->final.ptr, 0, 0, "cannot replace: %s",
				     strerror(errno));
		rmdir(old.ptr);
	} else if (rename(s->dir.ptr, s->final.ptr) < 0) {
		rc = sakra_error_set(err, SAKRA_EIO, s->final.ptr, 0, 0, "cannot replace: %s",
				     strerror(errno));
		rename(old.ptr, s->final.ptr);   /* put the earlier one back */
	} else {
		sakra_remove_tree(old.ptr);
	}
	sakra_buf_free(&old);
	return rc;
}

int sakra_stage_commit(struct sakra_stage *s, struct sakra_error *err)
{
	int rc = sakra_dir_sync(s->dir.ptr, err);

	if (rc == 0) {
		switch (s->mode) {
		case SAKRA_STAGE_FILL: rc = fill(s, err); break;
		case SAKRA_STAGE_REPLACE: rc = replace(s, err); break;
		case SAKRA_STAGE_NEW:
			/* rename(2) would replace an empty folder: refuse any */
			if (access(s->final.ptr, F_OK) == 0)
				rc = sakra_error_set(err, SAKRA_EEXISTS, s->final.ptr, 0, 0,
						     "exists; nothing was written there");
			else if (sakra_confine_rename(s->dir.ptr, s->final.ptr) < 0)
				rc = sakra_error_set(err, errno == ENOTEMPTY || errno == EEXIST
						     ? SAKRA_EEXISTS : SAKRA_EIO, s->final.ptr, 0,
						     0, "cannot create: %s", strerror(errno));
			break;
		}
	}
	if (rc == 0)
		sakra_buf_clear(&s->dir);   /* moved: nothing to remove */
	sakra_stage_abort(s);
	return rc;
}

void sakra_stage_abort(struct sakra_stage *s)
{
	if (s->dir.len)
		sakra_remove_tree(s->dir.ptr);
	sakra_buf_free(&s->dir);
	sakra_buf_free(&s->final);
	sakra_buf_free(&s->made);
}

int sakra_output_folder(const char *root, const char *name, mode_t mode, struct sakra_buf *dir,
			struct sakra_error *err)
{
	static const char ignore[] = "# sakra's output: not part of the plan (written by sakra)\n*\n";
	struct sakra_buf gi = SAKRA_BUF_INIT;
	int rc;

	sakra_buf_clear(dir);
	if (sakra_buf_printf(dir, "%s/%s", root, name) < 0 ||
	    sakra_buf_printf(&gi, "%s/.gitignore", dir->ptr) < 0) {
		sakra_buf_free(&gi);
		return nomem(err);
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
