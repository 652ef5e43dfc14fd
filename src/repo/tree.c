/* repo: file sets — a commit, the index or the working tree — and reading
 * their files. */
#include "repo.h"

/* --- file sets ------------------------------------------------------------ */

struct list {
	struct sakra_file *v;
	size_t n, cap;
};

static int list_add(struct list *l, const char *path, size_t size, int symlink,
		    const git_oid *oid)
{
	struct sakra_file *f;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct sakra_file *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return SAKRA_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	f = &l->v[l->n];
	memset(f, 0, sizeof(*f));
	if (!(f->path = strdup(path)))
		return SAKRA_ENOMEM;
	f->size = size;
	f->symlink = symlink;
	if (oid)
		memcpy(f->oid, oid->id, 20);
	l->n++;
	return 0;
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct sakra_file *)a)->path, ((const struct sakra_file *)b)->path);
}

struct walk_ctx {
	struct sakra_repo *repo;
	struct list *list;
	struct sakra_tree *tree;
	int rc;
};

/* An entry that is no plan file and that sakra does not leave out
 * silently: a submodule, or another kind git has. */
static int refuse_entry(struct sakra_tree *t, const char *path, const char *why)
{
	struct sakra_refused *g = realloc(t->refused, (t->nrefused + 1) * sizeof(*g));

	if (!g)
		return SAKRA_ENOMEM;
	t->refused = g;
	g[t->nrefused].why = why;
	if (!(g[t->nrefused].path = strdup(path)))
		return SAKRA_ENOMEM;
	t->nrefused++;
	return 0;
}

static int tree_cb(const char *root, const git_tree_entry *entry, void *payload)
{
	struct walk_ctx *w = payload;
	git_filemode_t mode = git_tree_entry_filemode(entry);
	struct sakra_buf path = SAKRA_BUF_INIT;
	size_t size;

	if (mode == GIT_FILEMODE_TREE)
		return 0;   /* walked into */
	if (sakra_buf_printf(&path, "%s%s", root, git_tree_entry_name(entry)) < 0) {
		w->rc = SAKRA_ENOMEM;
		return -1;
	}
	if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE &&
	    mode != GIT_FILEMODE_LINK) {
		/* not a plan file, and never dropped unsaid: a MANIFEST that
		 * leaves it out would not describe the commit */
		w->rc = refuse_entry(w->tree, path.ptr, mode == GIT_FILEMODE_COMMIT
				     ? "is a submodule (a gitlink): its content is another "
				       "repository's, which sakra cannot sign or bundle; remove it"
				     : "is a kind of git entry sakra does not know");
		sakra_buf_free(&path);
		return w->rc ? -1 : 0;
	}
	size = repo_blob_size(w->repo, git_tree_entry_id(entry));
	if (list_add(w->list, path.ptr, size, mode == GIT_FILEMODE_LINK,
		     git_tree_entry_id(entry)) < 0) {
		w->rc = SAKRA_ENOMEM;
		sakra_buf_free(&path);
		return -1;
	}
	sakra_buf_free(&path);
	return 0;
}

/* The commit rev names (a tag is peeled to its commit). */
static int peel_commit(git_repository *git, const char *rev, git_object **obj,
		       git_commit **commit, struct sakra_error *err)
{
	if (git_revparse_single(obj, git, rev) < 0)
		return sakra_error_set(err, SAKRA_ENOTFOUND, NULL, 0, 0,
				       "unknown revision '%s'", rev);
	if (git_object_peel((git_object **)commit, *obj, GIT_OBJECT_COMMIT) < 0)
		return sakra_error_set(err, SAKRA_ENOTFOUND, NULL, 0, 0,
				       "'%s' does not name a commit", rev);
	return 0;
}

int sakra_repo_resolve(struct sakra_repo *repo, const char *rev, char commit[41],
		       struct sakra_error *err)
{
	git_object *obj = NULL;
	git_commit *c = NULL;
	int rc;

	if (!repo->git)
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
				       "--rev needs a git repository; %s is not one", repo->root);
	if ((rc = peel_commit(repo->git, rev, &obj, &c, err)) == 0)
		git_oid_tostr(commit, 41, git_commit_id(c));
	git_commit_free(c);
	git_object_free(obj);
	return rc;
}

static int open_rev(struct sakra_tree *t, struct list *l, const char *rev,
		    struct sakra_error *err)
{
	git_repository *git = t->repo->git;
	git_object *obj = NULL;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	struct walk_ctx w = { t->repo, l, t, 0 };
	int rc = 0;

	if ((rc = peel_commit(git, rev, &obj, &commit, err)) < 0)
		goto out;
	git_oid_tostr(t->commit, sizeof(t->commit), git_commit_id(commit));
	{
		/* The committer's date in the committer's time zone. */
		git_time_t when = git_commit_time(commit) +
				  (git_time_t)git_commit_time_offset(commit) * 60;

		t->commit_time = (long long)git_commit_time(commit);
		t->commit_date = sakra_date_from_days((long)(when >= 0 ? when / 86400 :
							     -((-when + 86399) / 86400)));
	}
	if (git_commit_tree(&tree, commit) < 0) {
		rc = repo_git_fail(err, "cannot read the commit's tree");
		goto out;
	}
	git_oid_tostr(t->tree_id, sizeof(t->tree_id), git_tree_id(tree));
	if (git_tree_walk(tree, GIT_TREEWALK_PRE, tree_cb, &w) < 0) {
		rc = w.rc ? sakra_error_set(err, w.rc, NULL, 0, 0, "out of memory")
			  : repo_git_fail(err, "cannot walk the tree");
		goto out;
	}
out:
	git_tree_free(tree);
	git_commit_free(commit);
	git_object_free(obj);
	return rc;
}

/* The index: what the next commit would hold, blob by blob (stage 0). */
static int open_index(struct sakra_tree *t, struct list *l, struct sakra_error *err)
{
	git_repository *git = t->repo->git;
	git_index *index = NULL;
	git_odb *odb = NULL;
	int rc = 0;

	if (git_repository_index(&index, git) < 0 || git_repository_odb(&odb, git) < 0) {
		rc = repo_git_fail(err, "cannot read the git index");
		goto out;
	}
	if (git_index_has_conflicts(index)) {
		rc = sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
				     "the index has unresolved merge conflicts; resolve them first");
		goto out;
	}
	for (size_t i = 0; i < git_index_entrycount(index) && rc == 0; i++) {
		const git_index_entry *e = git_index_get_byindex(index, i);
		size_t size = 0;
		git_object_t type;

		if (e->mode != GIT_FILEMODE_BLOB && e->mode != GIT_FILEMODE_BLOB_EXECUTABLE &&
		    e->mode != GIT_FILEMODE_LINK) {
			if ((rc = refuse_entry(t, e->path, "is a submodule (a gitlink): its "
					       "content is another repository's, which sakra "
					       "cannot sign or bundle; remove it")) < 0)
				rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
			continue;
		}
		if (git_odb_read_header(&size, &type, odb, &e->id) < 0) {
			rc = sakra_error_set(err, SAKRA_EIO, e->path, 0, 0, "the index names a "
					     "blob the repository does not hold");
			break;
		}
		if (list_add(l, e->path, size, e->mode == GIT_FILEMODE_LINK, &e->id) < 0)
			rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	}
out:
	git_odb_free(odb);
	git_index_free(index);
	return rc;
}

static int add_disk_file(struct sakra_tree *t, struct list *l, const char *path)
{
	char full[PATH_MAX * 2];
	struct stat st;

	snprintf(full, sizeof(full), "%s/%s", t->repo->root, path);
	if (lstat(full, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))
		return 0;   /* deleted in the working tree, or not a file */
	return list_add(l, path, (size_t)st.st_size, S_ISLNK(st.st_mode), NULL);
}

static int open_worktree_git(struct sakra_tree *t, struct list *l, struct sakra_error *err)
{
	git_repository *git = t->repo->git;
	git_index *index = NULL;
	git_status_list *status = NULL;
	git_status_options opts = GIT_STATUS_OPTIONS_INIT;
	int rc = 0;

	if (git_repository_index(&index, git) < 0)
		return repo_git_fail(err, "cannot read the git index");
	for (size_t i = 0; i < git_index_entrycount(index); i++) {
		const git_index_entry *e = git_index_get_byindex(index, i);

		if (git_index_entry_stage(e) > 1)
			continue;   /* a conflict: one entry is enough */
		if (e->mode == GIT_FILEMODE_COMMIT)
			continue;
		if (i > 0 && strcmp(git_index_get_byindex(index, i - 1)->path, e->path) == 0)
			continue;
		if ((rc = add_disk_file(t, l, e->path)) < 0)
			goto nomem;
	}
	opts.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
		     GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if (git_status_list_new(&status, git, &opts) < 0) {
		rc = repo_git_fail(err, "cannot read the working tree status");
		goto out;
	}
	for (size_t i = 0; i < git_status_list_entrycount(status); i++) {
		const git_status_entry *s = git_status_byindex(status, i);

		if (!(s->status & GIT_STATUS_WT_NEW) || !s->index_to_workdir ||
		    sakra_is_leftover(s->index_to_workdir->new_file.path))
			continue;
		if ((rc = add_disk_file(t, l, s->index_to_workdir->new_file.path)) < 0)
			goto nomem;
	}
	goto out;
nomem:
	rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
out:
	git_status_list_free(status);
	git_index_free(index);
	return rc;
}

/* Outside git: every file under the root except dot files and folders. */
static int walk_dir(struct sakra_tree *t, struct list *l, const char *rel, int depth,
		    struct sakra_error *err)
{
	char full[PATH_MAX * 2];
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (depth > 64)
		return sakra_error_set(err, SAKRA_ELIMIT, rel, 0, 0, "directories nested too deep");
	snprintf(full, sizeof(full), "%s%s%s", t->repo->root, *rel ? "/" : "", rel);
	if (!(d = opendir(full)))
		return sakra_error_set(err, SAKRA_EIO, rel, 0, 0, "cannot read directory: %s",
				       strerror(errno));
	while (rc == 0 && (e = readdir(d))) {
		char child[PATH_MAX];
		char cfull[PATH_MAX * 2];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(child, sizeof(child), "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		snprintf(cfull, sizeof(cfull), "%s/%s", t->repo->root, child);
		if (lstat(cfull, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode) && !(depth == 0 && (!strcmp(child, "_site") ||
							    !strcmp(child, "_bundles"))))
			rc = walk_dir(t, l, child, depth + 1, err);
		else if ((S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) && !sakra_is_leftover(child) &&
			 list_add(l, child, (size_t)st.st_size, S_ISLNK(st.st_mode), NULL) < 0)
			rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	}
	closedir(d);
	return rc;
}

int sakra_tree_open(struct sakra_tree **out, struct sakra_repo *repo, const char *rev,
		    struct sakra_error *err)
{
	struct sakra_tree *t = calloc(1, sizeof(*t));
	struct list l = { NULL, 0, 0 };
	int rc;

	*out = NULL;
	if (!t)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	t->repo = repo;
	if (rev && strcmp(rev, SAKRA_REV_INDEX) == 0) {
		if (!repo->git || git_repository_is_bare(repo->git)) {
			free(t);
			return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
					       "--index needs a git working tree");
		}
		t->from_rev = 1;   /* blobs by id, as for a commit */
		t->commit_date = sakra_date_today();
		rc = open_index(t, &l, err);
	} else if (rev) {
		if (!repo->git) {
			free(t);
			return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
					       "--rev needs a git repository; %s is not one",
					       repo->root);
		}
		t->from_rev = 1;
		rc = open_rev(t, &l, rev, err);
	} else if (repo->git && git_repository_is_bare(repo->git)) {
		rc = sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
				     "a bare repository has no working tree; name a "
				     "revision with --rev");
	} else if (repo->git) {
		rc = open_worktree_git(t, &l, err);
	} else {
		rc = walk_dir(t, &l, "", 0, err);
	}
	t->files = l.v;
	t->n = l.n;
	if (rc < 0) {
		sakra_tree_free(t);
		return rc;
	}
	if (t->n)   /* qsort(NULL, 0) is undefined */
		qsort(t->files, t->n, sizeof(*t->files), cmp_file);
	*out = t;
	return 0;
}

void sakra_tree_free(struct sakra_tree *tree)
{
	if (!tree)
		return;
	for (size_t i = 0; i < tree->n; i++) {
		free(tree->files[i].path);
		free(tree->files[i].marking);
		if (!tree->borrowed) {
			free(tree->files[i].data);
			free(tree->files[i].sha256);
		}
	}
	free(tree->files);
	for (size_t i = 0; i < tree->nrefused; i++)
		free(tree->refused[i].path);
	free(tree->refused);
	free(tree);
}

int sakra_tree_overlay(struct sakra_tree *tree, const char *path, const char *text, size_t len,
		       struct sakra_error *err)
{
	struct sakra_file *f = (struct sakra_file *)sakra_tree_find(tree, path);
	char *copy = malloc(len + 1);
	size_t at = 0;

	if (!copy)
		return sakra_error_set(err, SAKRA_ENOMEM, path, 0, 0, "out of memory");
	memcpy(copy, text, len);
	copy[len] = '\0';
	if (f) {
		free(f->data);
		f->data = copy;
		f->size = len;
		return 0;
	}
	/* a file the editor has and the disk does not (yet): in path order */
	if (tree->n == tree->cap) {
		size_t cap = tree->cap ? tree->cap * 2 : 16;
		struct sakra_file *g = realloc(tree->files, cap * sizeof(*g));

		if (!g) {
			free(copy);
			return sakra_error_set(err, SAKRA_ENOMEM, path, 0, 0, "out of memory");
		}
		tree->files = g;
		tree->cap = cap;
	}
	while (at < tree->n && strcmp(tree->files[at].path, path) < 0)
		at++;
	memmove(&tree->files[at + 1], &tree->files[at], (tree->n - at) * sizeof(*tree->files));
	memset(&tree->files[at], 0, sizeof(*tree->files));
	if (!(tree->files[at].path = strdup(path))) {
		memmove(&tree->files[at], &tree->files[at + 1], (tree->n - at) * sizeof(*tree->files));
		free(copy);
		return sakra_error_set(err, SAKRA_ENOMEM, path, 0, 0, "out of memory");
	}
	tree->files[at].data = copy;
	tree->files[at].size = len;
	tree->n++;
	return 1;
}

int sakra_tree_new(struct sakra_tree **out, const char *commit, struct sakra_error *err)
{
	if (!(*out = calloc(1, sizeof(**out))))
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	(*out)->in_memory = 1;
	snprintf((*out)->commit, sizeof((*out)->commit), "%s", commit ? commit : "");
	return 0;
}

int sakra_tree_add(struct sakra_tree *t, const char *path, size_t size, char *data,
		   const char *marking, const char *sha256, int withheld,
		   struct sakra_error *err)
{
	struct sakra_file *f;

	if (t->n && strcmp(t->files[t->n - 1].path, path) >= 0) {
		free(data);
		return sakra_error_set(err, SAKRA_EINVAL, path, 0, 0,
				       "files must be added once each, in bytewise order");
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		struct sakra_file *v = realloc(t->files, cap * sizeof(*v));

		if (!v) {
			free(data);
			return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
		}
		t->files = v;
		t->cap = cap;
	}
	f = &t->files[t->n];
	memset(f, 0, sizeof(*f));
	f->size = size;
	f->withheld = withheld;
	f->data = data;
	if (!(f->path = strdup(path)) || (marking && !(f->marking = strdup(marking))) ||
	    (sha256 && !(f->sha256 = strdup(sha256)))) {
		free(f->path);
		free(f->marking);
		free(f->sha256);
		free(data);
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	}
	t->n++;
	return 0;
}

/* A file whose content this tree does not hold: SAKRA_ENOTFOUND, else 0. */
int repo_absent(const struct sakra_tree *tree, const struct sakra_file *f,
		  struct sakra_error *err)
{
	if (f->withheld)
		return sakra_error_set(err, SAKRA_ENOTFOUND, f->path, 0, 0,
				       "is left out of this edition");
	if (tree->in_memory && !f->data)
		return sakra_error_set(err, SAKRA_ENOTFOUND, f->path, 0, 0,
				       "its content is not held here");
	return 0;
}

int sakra_repo_contains(struct sakra_repo *repo, const char *commit, const char *ancestor)
{
	git_oid a, c;

	if (!repo->git || git_oid_fromstr(&c, commit) < 0 || git_oid_fromstr(&a, ancestor) < 0)
		return 0;
	return git_oid_equal(&a, &c) || git_graph_descendant_of(repo->git, &c, &a) == 1;
}

struct fd_sink {
	int fd;
	const char *path;
};

static int fd_sink(void *ctx, const void *data, size_t len, struct sakra_error *err)
{
	struct fd_sink *s = ctx;

	return sakra_fd_write(s->fd, data, len, s->path, err);
}

int sakra_tree_copy(const struct sakra_tree *tree, const struct sakra_file *f,
		    const char *dst, struct sakra_error *err)
{
	char full[PATH_MAX * 2];
	struct fd_sink fs = { -1, dst };
	int rc;

	if (!tree->from_rev && !tree->in_memory && !f->symlink) {
		snprintf(full, sizeof(full), "%s/%s", tree->repo->root, f->path);
		return sakra_file_copy_new(full, dst, 0666, err);
	}
	if ((fs.fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) < 0)
		return sakra_error_set(err, errno == EEXIST ? SAKRA_EEXISTS : SAKRA_EIO, dst, 0, 0,
				       "cannot create: %s", strerror(errno));
	rc = sakra_tree_stream(tree, f, fd_sink, &fs, err);
	if (close(fs.fd) < 0 && rc == 0)
		rc = sakra_error_set(err, SAKRA_EIO, dst, 0, 0, "close failed: %s", strerror(errno));
	return rc;
}

int sakra_tree_file_id(const struct sakra_tree *tree, const struct sakra_file *f,
		       unsigned char id[20], struct sakra_error *err)
{
	char full[PATH_MAX * 2];
	git_oid oid;

	if (tree->from_rev) {
		memcpy(id, f->oid, 20);
		return 0;
	}
	if (tree->in_memory) {
		/* a bundle's file read back: the id git would give its bytes */
		if (!f->data || git_odb_hash(&oid, f->data, f->size, GIT_OBJECT_BLOB) < 0)
			return sakra_error_set(err, SAKRA_EINVAL, f->path, 0, 0,
					       "its content is not held (withheld by the edition)");
		memcpy(id, oid.id, 20);
		return 0;
	}
	if (f->symlink)
		return sakra_error_set(err, SAKRA_EINVAL, f->path, 0, 0,
				       "a symbolic link; plan files must be regular files");
	snprintf(full, sizeof(full), "%s/%s", tree->repo->root, f->path);
	/* With a repository, git's filters apply (line endings), as for git status. */
	if ((tree->repo->git ? git_repository_hashfile(&oid, tree->repo->git, full,
						       GIT_OBJECT_BLOB, NULL) :
	     git_odb_hashfile(&oid, full, GIT_OBJECT_BLOB)) < 0) {
		repo_git_fail(err, "cannot read file");
		if (err)
			snprintf(err->path, sizeof(err->path), "%s", f->path);
		return SAKRA_EIO;
	}
	memcpy(id, oid.id, 20);
	return 0;
}

int sakra_tree_is_dir(const struct sakra_tree *tree, const char *path)
{
	size_t len = strlen(path), lo = 0, hi = tree->n;

	if (len == 0)
		return 1;
	/* The first file at or after "path/" in bytewise order. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *f = tree->files[mid].path;
		int c = strncmp(f, path, len);

		if (c == 0)
			c = (unsigned char)f[len] < '/' ? -1 : (unsigned char)f[len] > '/' ? 1 : 0;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < tree->n && strncmp(tree->files[lo].path, path, len) == 0 &&
	       tree->files[lo].path[len] == '/';
}

const struct sakra_file *sakra_tree_find(const struct sakra_tree *tree, const char *path)
{
	struct sakra_file key;

	if (!tree->n)
		return NULL;
	key.path = (char *)path;
	return bsearch(&key, tree->files, tree->n, sizeof(*tree->files), cmp_file);
}

int sakra_tree_read(const struct sakra_tree *tree, const struct sakra_file *f,
		    struct sakra_buf *out, size_t limit, struct sakra_error *err)
{
	int rc;

	sakra_buf_clear(out);
	if (f->symlink)
		return sakra_error_set(err, SAKRA_EINVAL, f->path, 0, 0,
				       "a symbolic link; plan files must be regular files");
	if (limit && f->size > limit)
		return sakra_error_set(err, SAKRA_ELIMIT, f->path, 0, 0,
				       "file is larger than %zu MiB", limit >> 20);
	if ((rc = repo_absent(tree, f, err)) < 0)
		return rc;
	if (tree->in_memory || f->data) {   /* a tree in memory, or an editor's text */
		if (sakra_buf_put(out, f->data, f->size) < 0 || (!out->ptr && sakra_buf_put(out, "", 0) < 0))
			return sakra_error_set(err, SAKRA_ENOMEM, f->path, 0, 0, "out of memory");
		return 0;
	}
	if (tree->from_rev) {
		git_blob *blob = NULL;
		git_oid oid;

		memcpy(oid.id, f->oid, 20);
		if (git_blob_lookup(&blob, tree->repo->git, &oid) < 0) {
			repo_git_fail(err, "cannot read blob");
			if (err)
				snprintf(err->path, sizeof(err->path), "%s", f->path);
			return SAKRA_EGIT;
		}
		rc = sakra_buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
		git_blob_free(blob);
		if (rc == 0 && !out->ptr)
			rc = sakra_buf_put(out, "", 0);
		return rc < 0 ? sakra_error_set(err, SAKRA_ENOMEM, f->path, 0, 0, "out of memory") : 0;
	} else {
		char full[PATH_MAX * 2];

		snprintf(full, sizeof(full), "%s/%s", tree->repo->root, f->path);
		rc = sakra_file_read(full, out, limit, err);
		if (rc < 0 && err)
			snprintf(err->path, sizeof(err->path), "%s", f->path);
		if (rc == 0 && !out->ptr)
			rc = sakra_buf_put(out, "", 0);
		return rc;
	}
}
