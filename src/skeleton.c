/* skeleton: `sakra init` — a plan repository from an embedded skeleton. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "sakra/buf.h"
#include "sakra/embed.h"
#include "sakra/skeleton.h"
#include "sakra/util.h"

#define ORG_TOKEN "{{organisation.name}}"
#define BID_TOKEN "{{organisation.business_id}}"
#define ORG_PLACEHOLDER "[organisationens namn]"
#define BID_PLACEHOLDER "[FO-nummer]"

int sakra_remove_tree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	if (!(d = opendir(path)))
		return -1;
	while ((e = readdir(d))) {
		char child[PATH_MAX];

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (snprintf(child, sizeof(child), "%s/%s", path, e->d_name) >= (int)sizeof(child))
			continue;
		sakra_remove_tree(child);
	}
	closedir(d);
	return rmdir(path);
}

static char *config_string(git_config *cfg, const char *key)
{
	git_buf buf = { 0 };
	char *r = NULL;

	if (git_config_get_string_buf(&buf, cfg, key) == 0 && buf.ptr && *buf.ptr)
		r = strdup(buf.ptr);
	git_buf_dispose(&buf);
	return r;
}

int sakra_git_identity(char **name, char **email, struct sakra_error *err)
{
	git_config *cfg = NULL;
	const char *en = getenv("GIT_AUTHOR_NAME"), *ee = getenv("GIT_AUTHOR_EMAIL");

	*name = en && *en ? strdup(en) : NULL;
	*email = ee && *ee ? strdup(ee) : NULL;
	git_libgit2_init();
	if ((!*name || !*email) && git_config_open_default(&cfg) == 0) {
		if (!*name)
			*name = config_string(cfg, "user.name");
		if (!*email)
			*email = config_string(cfg, "user.email");
		git_config_free(cfg);
	}
	git_libgit2_shutdown();
	if (*name && *email)
		return 0;
	free(*name);
	free(*email);
	*name = *email = NULL;
	return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
			       "git does not know who you are, so the first commit would "
			       "have no author; run: git config --global user.name \"Your Name\" "
			       "&& git config --global user.email you@example.org");
}

/* Text written into Markdown keeps its meaning: brackets would read as
 * placeholders, and emphasis or HTML characters would change the text. */
static int put_markdown(struct sakra_buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]<>#|", *s) && sakra_buf_putc(b, '\\') < 0)
			return SAKRA_ENOMEM;
		if (sakra_buf_putc(b, *s) < 0)
			return SAKRA_ENOMEM;
	}
	return 0;
}

/* Inside a double-quoted YAML scalar in the skeleton's sakra.yml. */
static int put_yaml(struct sakra_buf *b, const char *s)
{
	for (; *s; s++) {
		if ((*s == '"' || *s == '\\') && sakra_buf_putc(b, '\\') < 0)
			return SAKRA_ENOMEM;
		if (sakra_buf_putc(b, *s) < 0)
			return SAKRA_ENOMEM;
	}
	return 0;
}

static int expand(struct sakra_buf *out, const char *text, size_t len, int yaml,
		  const struct sakra_skeleton_vars *vars)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *org = strstr(p, ORG_TOKEN), *bid = strstr(p, BID_TOKEN);
		const char *next = org && (!bid || org < bid) ? org : bid;
		const char *value;
		int rc;

		if (!next || next >= end)
			return sakra_buf_put(out, p, (size_t)(end - p));
		if (sakra_buf_put(out, p, (size_t)(next - p)) < 0)
			return SAKRA_ENOMEM;
		if (next == org) {
			value = vars->org_name;
			p = next + strlen(ORG_TOKEN);
			if (!value)
				rc = sakra_buf_puts(out, ORG_PLACEHOLDER);
			else
				rc = yaml ? put_yaml(out, value) : put_markdown(out, value);
		} else {
			value = vars->business_id;
			p = next + strlen(BID_TOKEN);
			rc = sakra_buf_puts(out, value ? value : BID_PLACEHOLDER);
		}
		if (rc < 0)
			return SAKRA_ENOMEM;
	}
	return 0;
}

static int write_files(const char *root, const struct sakra_framework *fw,
		       const struct sakra_skeleton_vars *vars, struct sakra_error *err)
{
	struct sakra_buf prefix = SAKRA_BUF_INIT, path = SAKRA_BUF_INIT, text = SAKRA_BUF_INIT;
	size_t written = 0;
	int rc = 0;

	if (sakra_buf_printf(&prefix, "content-skeleton/%s/", fw->skeleton ? fw->skeleton : fw->id) < 0)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < sakra_embedded_count && rc == 0; i++) {
		const struct sakra_embedded_file *f = &sakra_embedded_files[i];
		const char *rel = f->path + prefix.len;
		char *slash;
		size_t rlen;

		if (strncmp(f->path, prefix.ptr, prefix.len) != 0)
			continue;
		rlen = strlen(rel);
		sakra_buf_clear(&path);
		sakra_buf_clear(&text);
		if (sakra_buf_printf(&path, "%s/%s", root, rel) < 0 ||
		    expand(&text, (const char *)f->data, f->size,
			   rlen > 4 && strcmp(rel + rlen - 4, ".yml") == 0, vars) < 0) {
			rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
			break;
		}
		slash = strrchr(path.ptr, '/');
		*slash = '\0';
		rc = sakra_mkdirs(path.ptr, 0777, err);
		*slash = '/';
		if (rc == 0)
			rc = sakra_file_write_atomic(path.ptr, text.ptr ? text.ptr : "", text.len,
						     0666, 0, err);
		written++;
	}
	if (rc == 0 && written == 0)
		rc = sakra_error_set(err, SAKRA_ENOTFOUND, NULL, 0, 0,
				     "framework %s has no content skeleton", fw->id);
	sakra_buf_free(&prefix);
	sakra_buf_free(&path);
	sakra_buf_free(&text);
	return rc;
}

static int git_fail(struct sakra_error *err, const char *what)
{
	const git_error *e = git_error_last();

	return sakra_error_set(err, SAKRA_EGIT, NULL, 0, 0, "%s: %s", what,
			       e && e->message ? e->message : "unknown git error");
}

static int first_commit(const char *root, const char *name, const char *email,
			const struct sakra_framework *fw, struct sakra_error *err)
{
	git_repository *repo = NULL;
	git_index *index = NULL;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_oid tree_id, commit_id;
	char msg[256];
	int rc = 0;

	git_libgit2_init();
	if (git_repository_init(&repo, root, 0) < 0 || git_repository_index(&index, repo) < 0 ||
	    git_index_add_all(index, NULL, GIT_INDEX_ADD_DEFAULT, NULL, NULL) < 0 ||
	    git_index_write(index) < 0 || git_index_write_tree(&tree_id, index) < 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) < 0) {
		rc = git_fail(err, "cannot create the git repository");
		goto out;
	}
	if (git_signature_now(&sig, name, email) < 0) {
		rc = git_fail(err, "bad git identity");
		goto out;
	}
	snprintf(msg, sizeof(msg), "Informationssäkerhetsplan: skelett (%s)\n\n"
		 "Created by sakra init from the %s content skeleton.\n", fw->id, fw->id);
	if (git_commit_create(&commit_id, repo, "HEAD", sig, sig, "UTF-8", msg, tree, 0, NULL) < 0)
		rc = git_fail(err, "cannot make the first commit");
out:
	git_tree_free(tree);
	git_signature_free(sig);
	git_index_free(index);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

/* 1 if path is missing or an empty directory; 0 if it has content;
 * negative on other errors. */
static int usable_target(const char *path, struct sakra_error *err)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int empty = 1;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 1 : sakra_error_set(err, SAKRA_EIO, path, 0, 0, "%s",
							     strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return sakra_error_set(err, SAKRA_EEXISTS, path, 0, 0,
				       "exists and is not a directory; choose another");
	if (!(d = opendir(path)))
		return sakra_error_set(err, SAKRA_EIO, path, 0, 0, "%s", strerror(errno));
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	closedir(d);
	if (!empty)
		return sakra_error_set(err, SAKRA_EEXISTS, path, 0, 0,
				       "directory is not empty; sakra init creates a new "
				       "plan in an empty or new directory");
	return 1;
}

int sakra_skeleton_create(const char *dir, const struct sakra_framework *fw,
			  const struct sakra_skeleton_vars *vars, struct sakra_error *err)
{
	char *name = NULL, *email = NULL;
	struct sakra_buf tmp = SAKRA_BUF_INIT;
	char *parent_end;
	int rc;

	if (vars->business_id && !sakra_business_id_valid(vars->business_id, NULL))
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
				       "business ID '%s' is not valid (NNNNNNN-C with a matching "
				       "check digit)", vars->business_id);
	if ((rc = sakra_git_identity(&name, &email, err)) < 0)
		return rc;
	if ((rc = usable_target(dir, err)) < 0)
		goto out;
	/* The temporary directory lives beside the target, so rename() is
	 * atomic and cannot cross file systems. */
	if (sakra_buf_printf(&tmp, "%s", dir) < 0) {
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	while (tmp.len > 1 && tmp.ptr[tmp.len - 1] == '/')
		tmp.ptr[--tmp.len] = '\0';
	parent_end = strrchr(tmp.ptr, '/');
	if (parent_end && parent_end != tmp.ptr) {
		*parent_end = '\0';
		rc = sakra_mkdirs(tmp.ptr, 0777, err);
		*parent_end = '/';
		if (rc < 0)
			goto out;
	}
	if (sakra_buf_puts(&tmp, ".sakra-init-XXXXXX") < 0) {
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	if (!mkdtemp(tmp.ptr)) {
		rc = sakra_error_set(err, SAKRA_EIO, dir, 0, 0,
				     "cannot create a directory beside it: %s", strerror(errno));
		goto out;
	}
	{
		mode_t mask = umask(0);

		umask(mask);
		chmod(tmp.ptr, 0777 & ~mask);  /* mkdtemp made it 0700 */
	}
	if ((rc = write_files(tmp.ptr, fw, vars, err)) < 0 ||
	    (rc = first_commit(tmp.ptr, name, email, fw, err)) < 0) {
		sakra_remove_tree(tmp.ptr);
		goto out;
	}
	if (rename(tmp.ptr, dir) < 0) {
		rc = sakra_error_set(err, errno == ENOTEMPTY || errno == EEXIST ? SAKRA_EEXISTS
				     : SAKRA_EIO, dir, 0, 0, "cannot create: %s", strerror(errno));
		sakra_remove_tree(tmp.ptr);
	}
out:
	free(name);
	free(email);
	sakra_buf_free(&tmp);
	return rc;
}
