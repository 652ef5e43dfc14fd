/* skeleton: `sakra init` — a plan repository from an embedded skeleton. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sakra/buf.h"
#include "sakra/embed.h"
#include "sakra/repo.h"
#include "sakra/skeleton.h"
#include "sakra/words.h"
#include "sakra/stage.h"
#include "sakra/ident.h"
#include "sakra/date.h"
#include "sakra/fs.h"

#define ORG_TOKEN "{{organisation.name}}"
#define BID_TOKEN "{{organisation.business_id}}"
#define TODAY_TOKEN "{{today}}"
#define FW_TOKEN "{{framework}}"

/* The first of the tokens in p[0..end), or NULL; *which is its index. */
static const char *next_token(const char *p, const char *end, int *which)
{
	static const char *const tokens[] = { ORG_TOKEN, BID_TOKEN, TODAY_TOKEN, FW_TOKEN };
	const char *first = NULL;

	for (int i = 0; i < 4; i++) {
		const char *t = strstr(p, tokens[i]);

		if (t && t < end && (!first || t < first)) {
			first = t;
			*which = i;
		}
	}
	return first;
}

/* The skeleton's text with its tokens filled in: the organisation, its
 * identifier, today, and the framework pinned at the revision init used. */
static int expand(struct sakra_buf *out, const char *text, size_t len, int yaml,
		  const struct sakra_skeleton_vars *vars, const struct sakra_framework *fw)
{
	static const size_t toklen[] = { sizeof(ORG_TOKEN) - 1, sizeof(BID_TOKEN) - 1,
					 sizeof(TODAY_TOKEN) - 1, sizeof(FW_TOKEN) - 1 };
	enum sakra_ident ident = (enum sakra_ident)fw->identifier;
	const char *p = text, *end = text + len;

	while (p < end) {
		int which = 0, rc;
		const char *next = next_token(p, end, &which);

		if (!next)
			return sakra_buf_put(out, p, (size_t)(end - p));
		if (sakra_buf_put(out, p, (size_t)(next - p)) < 0)
			return SAKRA_ENOMEM;
		p = next + toklen[which];
		if (which == 0 && vars->org_name)
			rc = yaml ? sakra_buf_put_yaml(out, vars->org_name)
				  : sakra_buf_put_markdown(out, vars->org_name);
		else if (which == 0)
			rc = sakra_buf_puts(out, sakra_words(vars->language)->org_placeholder);
		else if (which == 1 && vars->business_id)
			rc = yaml ? sakra_buf_put_yaml(out, vars->business_id)
				  : sakra_buf_put_markdown(out, vars->business_id);
		else if (which == 1)
			rc = sakra_buf_printf(out, "[%s]", sakra_ident_label(ident, vars->language));
		else if (which == 3)
			rc = sakra_buf_printf(out, "%s@%d", fw->id, fw->revision);
		else if (vars->today[0])
			rc = sakra_buf_puts(out, vars->today);
		else {
			struct sakra_date d = sakra_date_today();
			char day[11];

			sakra_date_format(&d, day);
			rc = sakra_buf_puts(out, day);
		}
		if (rc < 0)
			return SAKRA_ENOMEM;
	}
	return 0;
}

static const struct {
	const char *forge, *path;
} ci_paths[] = {
	{ "github", ".github/workflows/sakra.yml" },
	{ "forgejo", ".forgejo/workflows/sakra.yml" },
	{ "gitlab", ".gitlab-ci.yml" },
};

int sakra_ci_template(const char *forge, const char **path, const char **text, size_t *len)
{
	char name[64];
	const struct sakra_embedded_file *f;

	for (size_t i = 0; i < sizeof(ci_paths) / sizeof(*ci_paths); i++) {
		if (strcmp(forge, ci_paths[i].forge) != 0)
			continue;
		snprintf(name, sizeof(name), "content-skeleton/ci/%s.yml", forge);
		if (!(f = sakra_embedded_find(name)))
			return SAKRA_ENOTFOUND;
		*path = ci_paths[i].path;
		*text = (const char *)f->data;
		*len = f->size;
		return 0;
	}
	return SAKRA_ENOTFOUND;
}

/* The CI template of vars->ci, if any, in the new tree at root. */
static int write_ci(const char *root, const struct sakra_skeleton_vars *vars,
		    struct sakra_error *err)
{
	struct sakra_buf path = SAKRA_BUF_INIT;
	const char *rel, *text;
	size_t len;
	int rc;

	if (!vars->ci)
		return 0;
	if (sakra_ci_template(vars->ci, &rel, &text, &len) < 0)
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "no CI template for '%s' "
				       "(github, forgejo, gitlab)", vars->ci);
	if (sakra_buf_printf(&path, "%s/%s", root, rel) < 0)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	if ((rc = sakra_mkdirs_for(path.ptr, 0777, err)) == 0)
		rc = sakra_file_write_atomic(path.ptr, text, len, 0666, 0, err);
	sakra_buf_free(&path);
	return rc;
}

int sakra_skeleton_prefix(struct sakra_buf *out, const struct sakra_framework *fw,
			  const char *lang)
{
	const char *name = fw->skeleton ? fw->skeleton : fw->id;

	if (!lang || strcmp(lang, sakra_framework_official(fw)) == 0)
		return sakra_buf_printf(out, "content-skeleton/%s/", name);
	return sakra_buf_printf(out, "content-skeleton/%s.%s/", name, lang);
}

int sakra_skeleton_has(const struct sakra_framework *fw, const char *lang)
{
	struct sakra_buf prefix = SAKRA_BUF_INIT;
	int found = 0;

	if (sakra_skeleton_prefix(&prefix, fw, lang) < 0)
		return SAKRA_ENOMEM;
	for (size_t i = 0; i < sakra_embedded_count && !found; i++)
		found = strncmp(sakra_embedded_files[i].path, prefix.ptr, prefix.len) == 0;
	sakra_buf_free(&prefix);
	return found;
}

static int write_files(const char *root, const struct sakra_framework *fw,
		       const struct sakra_skeleton_vars *vars, struct sakra_error *err)
{
	struct sakra_buf prefix = SAKRA_BUF_INIT, path = SAKRA_BUF_INIT, text = SAKRA_BUF_INIT;
	size_t written = 0;
	int rc = 0;

	if (sakra_skeleton_prefix(&prefix, fw, vars->language) < 0)
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
			   rlen > 4 && strcmp(rel + rlen - 4, ".yml") == 0, vars, fw) < 0) {
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
				     "framework %s has no content skeleton in '%s'", fw->id,
				     vars->language ? vars->language : sakra_framework_official(fw));
	if (rc == 0)
		rc = write_ci(root, vars, err);
	sakra_buf_free(&prefix);
	sakra_buf_free(&path);
	sakra_buf_free(&text);
	return rc;
}

/* 1 if path is missing, 2 if it is an empty directory; negative when it
 * has content or cannot be read. */
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
	return 2;
}

int sakra_skeleton_create(const char *dir, const struct sakra_framework *fw,
			  const struct sakra_skeleton_vars *vars, struct sakra_error *err)
{
	char *name = NULL, *email = NULL;
	struct sakra_stage st;
	char msg[256];
	int rc, exists;

	if (vars->business_id &&
	    !sakra_ident_valid((enum sakra_ident)fw->identifier, vars->business_id, NULL))
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
				       "'%s' is not a valid %s (%s with a matching check digit)",
				       vars->business_id,
				       sakra_ident_name((enum sakra_ident)fw->identifier),
				       sakra_ident_form((enum sakra_ident)fw->identifier));
	if ((rc = sakra_repo_identity(&name, &email, err)) < 0)
		return rc;
	if ((rc = usable_target(dir, err)) < 0)
		goto out;
	exists = rc == 2;
	/* A new directory is staged beside the target and renamed into place;
	 * an existing empty one (the current directory, say) is filled. */
	if ((rc = sakra_stage_open(&st, dir, exists ? SAKRA_STAGE_FILL : SAKRA_STAGE_NEW, 0,
				   err)) < 0)
		goto out;
	snprintf(msg, sizeof(msg), "%s (%s)\n\nCreated by sakra init from the %s content "
		 "skeleton.\n", sakra_words(vars->language)->first_commit, fw->id, fw->id);
	if ((rc = write_files(st.dir.ptr, fw, vars, err)) < 0 ||
	    (vars->fill && (rc = vars->fill(st.dir.ptr, vars->fill_arg, err)) < 0) ||
	    (rc = sakra_repo_init_commit(st.dir.ptr, name, email,
					 vars->message ? vars->message : msg, err)) < 0) {
		sakra_stage_abort(&st);
		goto out;
	}
	rc = sakra_stage_commit(&st, err);
out:
	free(name);
	free(email);
	return rc;
}
