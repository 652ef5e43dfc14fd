/* repo: plan repositories and their file sets, through libgit2. */
#include "repo/repo.h"

int repo_git_fail(struct sakra_error *err, const char *what)
{
	const git_error *e = git_error_last();

	return sakra_error_set(err, SAKRA_EGIT, NULL, 0, 0, "%s: %s", what,
			       e && e->message ? e->message : "unknown git error");
}

int sakra_repo_open(struct sakra_repo **out, const char *dir, struct sakra_error *err)
{
	struct sakra_repo *r;
	char abs[PATH_MAX];
	int rc;

	*out = NULL;
	if (!realpath(dir ? dir : ".", abs))
		return sakra_error_set(err, SAKRA_ENOTFOUND, dir ? dir : ".", 0, 0,
				       "cannot open directory: %s", strerror(errno));
	if (!(r = calloc(1, sizeof(*r))))
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	pthread_mutex_init(&r->memo_mu, NULL);
	git_libgit2_init();
	/* every object libgit2 reads is hashed and compared with its id (the
	 * default; said here because sakra's promise rests on it) */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	rc = git_repository_open_ext(&r->git, abs, 0, NULL);
	if (rc == GIT_ENOTFOUND) {
		/* Not in git: the plan root is the nearest directory with sakra.yml. */
		char probe[PATH_MAX + 16];
		char *slash;

		r->git = NULL;
		snprintf(r->root, sizeof(r->root), "%s", abs);
		for (;;) {
			snprintf(probe, sizeof(probe), "%s/sakra.yml", r->root);
			if (access(probe, F_OK) == 0)
				break;
			slash = strrchr(r->root, '/');
			if (!slash || slash == r->root) {
				snprintf(r->root, sizeof(r->root), "%s", abs);
				break;
			}
			*slash = '\0';
		}
	} else if (rc < 0) {
		const git_error *e = git_error_last();

		if (e && e->message && strstr(e->message, "objectformat"))
			rc = sakra_error_set(err, SAKRA_EGIT, NULL, 0, 0, "this git repository uses "
					     "SHA-256 object ids (extensions.objectformat), which sakra "
					     "cannot read yet: keep the plan in a SHA-1 repository");
		else
			rc = repo_git_fail(err, "cannot open the git repository");
		sakra_repo_free(r);
		return rc;
	} else if (!git_repository_is_bare(r->git)) {
		size_t len;

		snprintf(r->root, sizeof(r->root), "%s", git_repository_workdir(r->git));
		len = strlen(r->root);
		if (len > 1 && r->root[len - 1] == '/')
			r->root[len - 1] = '\0';
	}
	/* Inside git's receive hooks, what is being pushed waits in a
	 * quarantine folder: read it too (git names it only there). */
	if (r->git && *sakra_session()->quarantine) {
		git_odb *odb = NULL;

		if (git_repository_odb(&odb, r->git) < 0 ||
		    git_odb_add_disk_alternate(odb, sakra_session()->quarantine) < 0) {
			git_odb_free(odb);
			rc = repo_git_fail(err, "cannot read the pushed objects");
			sakra_repo_free(r);
			return rc;
		}
		git_odb_free(odb);
	}
	/* Inside a pre-commit hook of 'git commit -a' or 'git commit FILE',
	 * what is being committed is a temporary index that git names only
	 * here; honour it as git does (relative to the current directory). */
	if (r->git && !git_repository_is_bare(r->git) && *sakra_session()->index_file) {
		git_index *index = NULL;

		if (git_index_open(&index, sakra_session()->index_file) < 0) {
			rc = repo_git_fail(err, "cannot read the index that GIT_INDEX_FILE names");
			sakra_repo_free(r);
			return rc;
		}
		git_repository_set_index(r->git, index);
		git_index_free(index);
	}
	*out = r;
	return 0;
}

void sakra_repo_free(struct sakra_repo *repo)
{
	if (!repo)
		return;
	git_repository_free(repo->git);
	for (size_t i = 0; i < repo->npend; i++)
		free(repo->pend[i].name);
	free(repo->pend);
	pthread_mutex_destroy(&repo->memo_mu);
	free(repo->memo);
	free(repo);
	git_libgit2_shutdown();
}

const char *sakra_repo_root(const struct sakra_repo *repo)
{
	return repo->root;
}

int sakra_repo_is_git(const struct sakra_repo *repo)
{
	return repo->git != NULL;
}

int sakra_repo_is_bare(const struct sakra_repo *repo)
{
	return repo->git && git_repository_is_bare(repo->git);
}

void *sakra_repo_git(const struct sakra_repo *repo)
{
	return repo->git;
}

/* --- new repositories ----------------------------------------------------- */

static char *config_string(git_config *cfg, const char *key)
{
	git_buf buf = { 0 };
	char *r = NULL;

	if (git_config_get_string_buf(&buf, cfg, key) == 0 && buf.ptr && *buf.ptr)
		r = strdup(buf.ptr);
	git_buf_dispose(&buf);
	return r;
}

int sakra_repo_identity(char **name, char **email, struct sakra_error *err)
{
	git_config *cfg = NULL;
	const char *en = sakra_session()->author_name, *ee = sakra_session()->author_email;

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

int sakra_repo_init_commit(const char *dir, const char *name, const char *email,
			   const char *message, struct sakra_error *err)
{
	git_repository *repo = NULL;
	git_index *index = NULL;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_oid tree_id, commit_id;
	int rc = 0;

	git_libgit2_init();
	if (git_repository_init(&repo, dir, 0) < 0 || git_repository_index(&index, repo) < 0 ||
	    git_index_add_all(index, NULL, GIT_INDEX_ADD_DEFAULT, NULL, NULL) < 0 ||
	    git_index_write(index) < 0 || git_index_write_tree(&tree_id, index) < 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) < 0) {
		rc = repo_git_fail(err, "cannot create the git repository");
		goto out;
	}
	if (git_signature_now(&sig, name, email) < 0) {
		rc = repo_git_fail(err, "bad git identity");
		goto out;
	}
	if (git_commit_create(&commit_id, repo, "HEAD", sig, sig, "UTF-8", message, tree,
			      0, NULL) < 0)
		rc = repo_git_fail(err, "cannot make the first commit");
out:
	git_tree_free(tree);
	git_signature_free(sig);
	git_index_free(index);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

/* --- tags and state -------------------------------------------------------- */

static int need_git(const struct sakra_repo *repo, struct sakra_error *err)
{
	if (!repo->git)
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
				       "%s is not a git repository", repo->root);
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int sakra_repo_pretend_tag(struct sakra_repo *repo, const char *name, const char *oid,
			   struct sakra_error *err)
{
	struct pending *p = realloc(repo->pend, (repo->npend + 1) * sizeof(*p));

	if (!p)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	repo->pend = p;
	p = &repo->pend[repo->npend];
	if (!(p->name = strdup(name)))
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	snprintf(p->oid, sizeof(p->oid), "%s", oid ? oid : "");
	repo->npend++;
	return 0;
}

static const struct pending *pending(const struct sakra_repo *repo, const char *name)
{
	for (size_t i = repo->npend; i-- > 0;)
		if (strcmp(repo->pend[i].name, name) == 0)
			return &repo->pend[i];
	return NULL;
}

int sakra_repo_tags(struct sakra_repo *repo, const char *prefix, char ***names, size_t *n,
		    struct sakra_error *err)
{
	git_strarray list = { NULL, 0 };
	struct sakra_buf pattern = SAKRA_BUF_INIT;
	char **v = NULL;
	int rc;

	*names = NULL;
	*n = 0;
	if ((rc = need_git(repo, err)) < 0)
		return rc;
	if (sakra_buf_printf(&pattern, "%s*", prefix) < 0)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	if (git_tag_list_match(&list, pattern.ptr, repo->git) < 0) {
		sakra_buf_free(&pattern);
		return repo_git_fail(err, "cannot list tags");
	}
	sakra_buf_free(&pattern);
	if (list.count && !(v = calloc(list.count, sizeof(*v)))) {
		git_strarray_dispose(&list);
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	}
	if (repo->npend) {   /* room for the pretended ones */
		char **w = realloc(v, (list.count + repo->npend) * sizeof(*v));

		if (!w) {
			free(v);
			git_strarray_dispose(&list);
			return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
		}
		v = w;
	}
	for (size_t i = 0; i < list.count; i++) {
		const struct pending *p = pending(repo, list.strings[i]);

		if (p && !p->oid[0])
			continue;   /* deleted by the push */
		if (!(v[*n] = strdup(list.strings[i])))
			goto nomem;
		(*n)++;
	}
	for (size_t i = 0; i < repo->npend; i++) {
		const struct pending *p = &repo->pend[i];
		size_t k;

		if (!p->oid[0] || strncmp(p->name, prefix, strlen(prefix)) != 0 ||
		    pending(repo, p->name) != p)
			continue;
		for (k = 0; k < *n && strcmp(v[k], p->name); k++)
			;
		if (k == *n && !(v[(*n)++] = strdup(p->name))) {
			(*n)--;
			goto nomem;
		}
	}
	git_strarray_dispose(&list);
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_name);
	*names = v;
	return 0;
nomem:
	for (size_t k = 0; k < *n; k++)
		free(v[k]);
	free(v);
	*n = 0;
	git_strarray_dispose(&list);
	return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
}

int sakra_repo_tag_read(struct sakra_repo *repo, const char *name, char commit[41],
			char **message, struct sakra_error *err)
{
	struct sakra_buf ref = SAKRA_BUF_INIT;
	git_reference *r = NULL;
	git_tag *tag = NULL;
	const struct pending *p;
	git_oid id;
	int rc;

	*message = NULL;
	if ((rc = need_git(repo, err)) < 0)
		return rc;
	if (sakra_buf_printf(&ref, "refs/tags/%s", name) < 0)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	if ((p = pending(repo, name)) && !p->oid[0]) {
		rc = sakra_error_set(err, SAKRA_ENOTFOUND, NULL, 0, 0, "no tag %s", name);
		goto out;
	}
	if (p && git_oid_fromstr(&id, p->oid) < 0) {
		rc = sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "tag %s: a bad object id", name);
		goto out;
	}
	if (!p && git_reference_lookup(&r, repo->git, ref.ptr) < 0) {
		rc = sakra_error_set(err, SAKRA_ENOTFOUND, NULL, 0, 0, "no tag %s", name);
		goto out;
	}
	if (git_tag_lookup(&tag, repo->git, p ? &id : git_reference_target(r)) < 0) {
		rc = sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
				     "tag %s is not an annotated tag", name);
		goto out;
	}
	if (git_tag_target_type(tag) != GIT_OBJECT_COMMIT) {
		rc = sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
				     "tag %s does not point at a commit", name);
		goto out;
	}
	git_oid_tostr(commit, 41, git_tag_target_id(tag));
	if (!(*message = strdup(git_tag_message(tag) ? git_tag_message(tag) : "")))
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
out:
	git_tag_free(tag);
	git_reference_free(r);
	sakra_buf_free(&ref);
	return rc;
}

int sakra_repo_tag_write(struct sakra_repo *repo, const char *name, const char *commit,
			 const char *message, int replace, struct sakra_error *err)
{
	git_object *target = NULL;
	git_signature *who = NULL;
	git_oid oid;
	char *uname = NULL, *email = NULL;
	int rc;

	if ((rc = need_git(repo, err)) < 0 ||
	    (rc = sakra_repo_identity(&uname, &email, err)) < 0)
		return rc;
	if (git_revparse_single(&target, repo->git, commit) < 0) {
		rc = sakra_error_set(err, SAKRA_ENOTFOUND, NULL, 0, 0, "no commit %s", commit);
		goto out;
	}
	if (git_signature_now(&who, uname, email) < 0 ||
	    git_tag_create(&oid, repo->git, name, target, who, message, replace) < 0)
		rc = repo_git_fail(err, "cannot write the tag");
out:
	git_signature_free(who);
	git_object_free(target);
	free(uname);
	free(email);
	return rc;
}

static int ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);

	return n >= m && strcmp(s + n - m, end) == 0;
}

int sakra_is_leftover(const char *path)
{
	static const char *const names[] = { ".DS_Store", "Thumbs.db", "ehthumbs.db",
					     "desktop.ini", ".directory" };
	static const char *const vim[] = { ".swp", ".swo", ".swx", ".swn" };
	const char *b = strrchr(path, '/');
	size_t n;

	if (strncmp(path, "_site/", 6) == 0 || strncmp(path, "_bundles/", 9) == 0)
		return 1;
	b = b ? b + 1 : path;
	n = strlen(b);
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strcmp(b, names[i]) == 0)
			return 1;
	if (b[0] == '.')
		for (size_t i = 0; i < sizeof(vim) / sizeof(*vim); i++)
			if (ends_with(b, vim[i]))
				return 1;
	return strncmp(b, "~$", 2) == 0 ||                          /* Office's owner file */
	       (b[0] == '~' && ends_with(b, ".tmp")) ||              /* Word's temporary */
	       (strncmp(b, ".~lock.", 7) == 0 && ends_with(b, "#")) || /* LibreOffice */
	       strncmp(b, "._", 2) == 0 ||                          /* macOS resource fork */
	       strncmp(b, ".#", 2) == 0 ||                          /* Emacs lock */
	       (n > 1 && b[0] == '#' && b[n - 1] == '#') ||          /* Emacs autosave */
	       (n > 1 && b[n - 1] == '~') ||                         /* backup */
	       ends_with(b, ".kate-swp");
}

int sakra_repo_hooks_dir(struct sakra_repo *repo, struct sakra_buf *out, struct sakra_error *err)
{
	git_config *cfg = NULL;
	git_buf buf = GIT_BUF_INIT;
	int rc;

	if ((rc = need_git(repo, err)) < 0)
		return rc;
	sakra_buf_clear(out);
	if (git_repository_config_snapshot(&cfg, repo->git) == 0 &&
	    git_config_get_path(&buf, cfg, "core.hooksPath") == 0 && buf.ptr && *buf.ptr) {
		/* relative to the working tree (the repository itself when bare) */
		const char *base = git_repository_is_bare(repo->git) ? git_repository_path(repo->git)
								     : repo->root;

		rc = buf.ptr[0] == '/' ? sakra_buf_puts(out, buf.ptr)
				       : sakra_buf_printf(out, "%s/%s", base, buf.ptr);
	} else {
		rc = sakra_buf_printf(out, "%shooks", git_repository_path(repo->git));
	}
	git_buf_dispose(&buf);
	git_config_free(cfg);
	return rc < 0 ? sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory") : 0;
}

int sakra_repo_default_branch(struct sakra_repo *repo, struct sakra_buf *out,
			      struct sakra_error *err)
{
	git_reference *head = NULL;
	int rc;

	if ((rc = need_git(repo, err)) < 0)
		return rc;
	sakra_buf_clear(out);
	if (git_reference_lookup(&head, repo->git, "HEAD") < 0 ||
	    git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		git_reference_free(head);
		return sakra_error_set(err, SAKRA_ENOTFOUND, NULL, 0, 0,
				       "HEAD does not name a branch");
	}
	rc = sakra_buf_puts(out, git_reference_symbolic_target(head));
	git_reference_free(head);
	return rc < 0 ? sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory") : 0;
}

int sakra_repo_has_head(const struct sakra_repo *repo)
{
	return repo->git && git_repository_head_unborn(repo->git) == 0;
}

int sakra_repo_dirty(struct sakra_repo *repo, struct sakra_buf *what, struct sakra_error *err)
{
	git_status_list *status = NULL;
	git_status_options opts = GIT_STATUS_OPTIONS_INIT;
	size_t named = 0;
	int rc;

	if ((rc = need_git(repo, err)) < 0)
		return rc;
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
	if (git_status_list_new(&status, repo->git, &opts) < 0)
		return repo_git_fail(err, "cannot read the working tree's status");
	for (size_t i = 0; i < git_status_list_entrycount(status); i++) {
		const git_status_entry *e = git_status_byindex(status, i);
		const git_diff_delta *d = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;
		const char *path = d ? (d->new_file.path ? d->new_file.path : d->old_file.path) : NULL;

		if (e->status == GIT_STATUS_WT_NEW && path && sakra_is_leftover(path))
			continue;
		rc = 1;
		if (!what)
			break;
		if (named < 5 && path &&
		    sakra_buf_printf(what, "%s%s", named ? ", " : "", path) < 0) {
			rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
			break;
		}
		if (named++ == 5 && sakra_buf_puts(what, ", ...") < 0) {
			rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
			break;
		}
	}
	git_status_list_free(status);
	return rc;
}

int sakra_repo_patch(struct sakra_buf *out, const char *path, const char *before, size_t blen,
		     const char *after, size_t alen, struct sakra_error *err)
{
	git_patch *patch = NULL;
	git_buf text = { 0 };
	int rc;

	git_libgit2_init();
	if (git_patch_from_buffers(&patch, before, blen, path, after, alen, path, NULL) < 0 ||
	    git_patch_to_buf(&text, patch) < 0)
		rc = repo_git_fail(err, "cannot make a diff");
	else if (sakra_buf_put(out, text.ptr, text.size) < 0)
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	else
		rc = 0;
	git_buf_dispose(&text);
	git_patch_free(patch);
	return rc;
}
