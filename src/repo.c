/* repo: plan repositories and their file sets, through libgit2. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/repository.h>

#include "sakra/crypto.h"
#include "sakra/odb.h"
#include "sakra/repo.h"
#include "sakra/date.h"
#include "sakra/fs.h"
#include "sakra/stream.h"
#include "sakra/text.h"

/* A blob's SHA-256, remembered for the rest of the run: the manifests of
 * many versions share most of their blobs. */
/* What this run learned of a blob: its size, its SHA-256 (hex[0] == 0:
 * not yet). Object ids name content, so it holds for every tree. */
struct memo {
	unsigned char oid[20];
	unsigned char used, sized;
	size_t size;
	char hex[65];
};

struct sakra_repo {
	git_repository *git;   /* NULL: a plain directory */
	char root[PATH_MAX];   /* working directory, without the trailing '/' */
	struct memo *memo;     /* open addressing by oid; used == 0: empty */
	size_t memo_cap, memo_n;
	pthread_mutex_t memo_mu;
	struct pending {       /* tags as a push would leave them (sakra_repo_pretend_tag) */
		char *name;
		char oid[41];  /* "": deleted */
	} *pend;
	size_t npend;
};

static int git_fail(struct sakra_error *err, const char *what)
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
			rc = git_fail(err, "cannot open the git repository");
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
	if (r->git && getenv("GIT_QUARANTINE_PATH") && *getenv("GIT_QUARANTINE_PATH")) {
		git_odb *odb = NULL;

		if (git_repository_odb(&odb, r->git) < 0 ||
		    git_odb_add_disk_alternate(odb, getenv("GIT_QUARANTINE_PATH")) < 0) {
			git_odb_free(odb);
			rc = git_fail(err, "cannot read the pushed objects");
			sakra_repo_free(r);
			return rc;
		}
		git_odb_free(odb);
	}
	/* Inside a pre-commit hook of 'git commit -a' or 'git commit FILE',
	 * what is being committed is a temporary index that git names only
	 * here; honour it as git does (relative to the current directory). */
	if (r->git && !git_repository_is_bare(r->git) && getenv("GIT_INDEX_FILE") &&
	    *getenv("GIT_INDEX_FILE")) {
		git_index *index = NULL;

		if (git_index_open(&index, getenv("GIT_INDEX_FILE")) < 0) {
			rc = git_fail(err, "cannot read the index that GIT_INDEX_FILE names");
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

static size_t blob_size(struct sakra_repo *r, const git_oid *id);

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
	size = blob_size(w->repo, git_tree_entry_id(entry));
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
		rc = git_fail(err, "cannot read the commit's tree");
		goto out;
	}
	git_oid_tostr(t->tree_id, sizeof(t->tree_id), git_tree_id(tree));
	if (git_tree_walk(tree, GIT_TREEWALK_PRE, tree_cb, &w) < 0) {
		rc = w.rc ? sakra_error_set(err, w.rc, NULL, 0, 0, "out of memory")
			  : git_fail(err, "cannot walk the tree");
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
		rc = git_fail(err, "cannot read the git index");
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
		return git_fail(err, "cannot read the git index");
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
		rc = git_fail(err, "cannot read the working tree status");
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
static int absent(const struct sakra_tree *tree, const struct sakra_file *f,
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
		git_fail(err, "cannot read file");
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
	if ((rc = absent(tree, f, err)) < 0)
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
			git_fail(err, "cannot read blob");
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

/* --- streaming blobs -------------------------------------------------------- */

#define PIECE 65536
/* Blobs below this size are read whole through libgit2 (its cache helps). */
#define STREAM_FROM 262144

/* Streams a blob from its loose object or an undeltified pack entry. 1
 * when it is not found that way (the caller reads it whole). */
static int stream_object(const struct sakra_tree *tree, const struct sakra_file *f,
			 int check_id, sakra_sink_fn sink, void *ctx, struct sakra_error *err)
{
	return sakra_odb_stream(git_repository_commondir(tree->repo->git), f->oid, f->size,
				check_id, f->path, sink, ctx, err);
}

int sakra_tree_stream(const struct sakra_tree *tree, const struct sakra_file *f,
		      sakra_sink_fn sink, void *ctx, struct sakra_error *err)
{
	int rc;

	if (f->symlink)
		return sakra_error_set(err, SAKRA_EINVAL, f->path, 0, 0,
				       "a symbolic link; plan files must be regular files");
	if ((rc = absent(tree, f, err)) < 0)
		return rc;
	if (tree->from_rev || tree->in_memory) {
		struct sakra_buf data = SAKRA_BUF_INIT;

		if (tree->from_rev && f->size >= STREAM_FROM && (rc = stream_object(tree, f, 1, sink, ctx, err)) <= 0)
			return rc;
		if ((rc = sakra_tree_read(tree, f, &data, 0, err)) == 0) {
			for (size_t i = 0; rc == 0 && i < data.len; i += PIECE)
				rc = sink(ctx, data.ptr + i, data.len - i < PIECE ? data.len - i : PIECE,
					  err);
		}
		sakra_buf_free(&data);
		return rc;
	} else {
		char full[PATH_MAX * 2];
		unsigned char *buf = malloc(PIECE);
		size_t total = 0;
		int fd;
		ssize_t n;

		snprintf(full, sizeof(full), "%s/%s", tree->repo->root, f->path);
		if (!buf)
			return sakra_error_set(err, SAKRA_ENOMEM, f->path, 0, 0, "out of memory");
		if ((fd = open(full, O_RDONLY | O_CLOEXEC)) < 0) {
			free(buf);
			return sakra_error_set(err, SAKRA_EIO, f->path, 0, 0, "cannot open: %s",
					       strerror(errno));
		}
		while (rc == 0 && (n = read(fd, buf, PIECE)) != 0) {
			if (n < 0) {
				if (errno == EINTR)
					continue;
				rc = sakra_error_set(err, SAKRA_EIO, f->path, 0, 0, "cannot read: %s",
						     strerror(errno));
			} else if ((rc = sink(ctx, buf, (size_t)n, err)) == 0) {
				total += (size_t)n;
			}
		}
		close(fd);
		free(buf);
		if (rc == 0 && total != f->size)
			rc = sakra_error_set(err, SAKRA_EIO, f->path, 0, 0,
					     "the file changed while it was read; run again");
		return rc;
	}
}

/* --- SHA-256 of blobs ------------------------------------------------------ */

static size_t memo_slot(const struct memo *m, size_t cap, const unsigned char oid[20])
{
	size_t i;

	memcpy(&i, oid, sizeof(i));
	for (i &= cap - 1; m[i].used && memcmp(m[i].oid, oid, 20); i = (i + 1) & (cap - 1))
		;
	return i;
}

/* The memo's entry for oid, empty if unknown, or NULL; under memo_mu. */
static struct memo *memo_find(struct sakra_repo *r, const unsigned char oid[20])
{
	struct memo *m;

	if (!r->memo)
		return NULL;
	m = &r->memo[memo_slot(r->memo, r->memo_cap, oid)];
	return m->used ? m : NULL;
}

/* The memo's entry for oid, added if new; NULL for want of memory
 * (forgetting costs only time). Under memo_mu. */
static struct memo *memo_add(struct sakra_repo *r, const unsigned char oid[20])
{
	struct memo *m;

	if (2 * (r->memo_n + 1) > r->memo_cap) {
		size_t cap = r->memo_cap ? 2 * r->memo_cap : 256;
		struct memo *n = calloc(cap, sizeof(*n));

		if (!n)
			return NULL;
		for (size_t i = 0; i < r->memo_cap; i++)
			if (r->memo[i].used)
				n[memo_slot(n, cap, r->memo[i].oid)] = r->memo[i];
		free(r->memo);
		r->memo = n;
		r->memo_cap = cap;
	}
	m = &r->memo[memo_slot(r->memo, r->memo_cap, oid)];
	if (!m->used) {
		memcpy(m->oid, oid, 20);
		m->used = 1;
		r->memo_n++;
	}
	return m;
}

static int memo_get(struct sakra_repo *r, const unsigned char oid[20], char hex[65])
{
	const struct memo *m;
	int found;

	pthread_mutex_lock(&r->memo_mu);
	if ((found = (m = memo_find(r, oid)) && m->hex[0]))
		memcpy(hex, m->hex, 65);
	pthread_mutex_unlock(&r->memo_mu);
	return found;
}

static void memo_put(struct sakra_repo *r, const unsigned char oid[20], const char hex[65])
{
	struct memo *m;

	pthread_mutex_lock(&r->memo_mu);
	if ((m = memo_add(r, oid)))
		memcpy(m->hex, hex, 65);
	pthread_mutex_unlock(&r->memo_mu);
}

/* A blob's size, read from its header once a run (git_odb_read_header
 * inflates the start of a loose object). 0 when it cannot be read: reading
 * the blob itself then says why. */
static size_t blob_size(struct sakra_repo *r, const git_oid *id)
{
	const unsigned char *oid = id->id;
	struct memo *m;
	git_odb *odb = NULL;
	git_object_t type;
	size_t size = 0;
	int known;

	pthread_mutex_lock(&r->memo_mu);
	if ((known = (m = memo_find(r, oid)) && m->sized))
		size = m->size;
	pthread_mutex_unlock(&r->memo_mu);
	if (known)
		return size;
	if (git_repository_odb(&odb, r->git) < 0)
		return 0;
	if (git_odb_read_header(&size, &type, odb, id) < 0) {
		git_odb_free(odb);
		return 0;
	}
	git_odb_free(odb);
	pthread_mutex_lock(&r->memo_mu);
	if ((m = memo_add(r, oid))) {
		m->size = size;
		m->sized = 1;
	}
	pthread_mutex_unlock(&r->memo_mu);
	return size;
}

int sakra_tree_sha256(const struct sakra_tree *tree, const struct sakra_file *f, char hex[65],
		      int direct, struct sakra_error *err)
{
	struct sakra_sha256 *h;
	int rc;

	if (tree->from_rev && memo_get(tree->repo, f->oid, hex))
		return 0;
	if (f->sha256 && strlen(f->sha256) == 64) {
		memcpy(hex, f->sha256, 65);
		return 0;
	}
	if ((rc = sakra_sha256_new(&h, err)) < 0)
		return rc;
	if (direct) {
		rc = tree->from_rev && !f->symlink && f->size >= STREAM_FROM ?
			stream_object(tree, f, 1, sakra_sha256_sink, h, err) : 1;
		if (rc > 0) {
			sakra_sha256_free(h);
			return 1;
		}
	} else {
		rc = sakra_tree_stream(tree, f, sakra_sha256_sink, h, err);
	}
	if (rc < 0) {
		sakra_sha256_free(h);
		return rc;
	}
	sakra_sha256_final_hex(h, hex);
	if (tree->from_rev)
		memo_put(tree->repo, f->oid, hex);
	return 0;
}

struct checked {
	struct sakra_sha256 *h;       /* NULL: hashed before in this run */
	sakra_sink_fn sink;
	void *ctx;
};

static int checked_piece(void *ctx, const void *data, size_t len, struct sakra_error *err)
{
	struct checked *c = ctx;

	if (c->h)
		sakra_sha256_update(c->h, data, len);
	return c->sink(c->ctx, data, len, err);
}

int sakra_tree_stream_checked(const struct sakra_tree *tree, const struct sakra_file *f,
			      const char *want, sakra_sink_fn sink, void *ctx,
			      struct sakra_error *err)
{
	struct checked c = { NULL, sink, ctx };
	char hex[65];
	int rc;

	if (!tree->from_rev)
		return sakra_error_set(err, SAKRA_EINVAL, f->path, 0, 0,
				       "only a commit's blobs are checked against a manifest");
	if (!memo_get(tree->repo, f->oid, hex) && (rc = sakra_sha256_new(&c.h, err)) < 0)
		return rc;
	/* hashed now: the SHA-256 against the manifest is the check, so a
	 * large blob is streamed without git's SHA-1 and zlib's Adler-32 */
	rc = c.h && !f->symlink && f->size >= STREAM_FROM && absent(tree, f, NULL) == 0 ?
		stream_object(tree, f, 0, checked_piece, &c, err) : 1;
	if (rc > 0)
		rc = sakra_tree_stream(tree, f, checked_piece, &c, err);
	if (c.h) {
		sakra_sha256_final_hex(c.h, hex);   /* and frees it */
		if (rc == 0 && strcmp(hex, want) == 0)
			memo_put(tree->repo, f->oid, hex);
	}
	if (rc == 0 && strcmp(hex, want) != 0)
		rc = sakra_error_set(err, SAKRA_EAUTH, f->path, 0, 0,
				     "its content (SHA-256 %.12s…) is not what the signed manifest "
				     "says (%.12s…); the repository's objects changed since they were "
				     "hashed ('git fsck' checks them)", hex, want);
	return rc;
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
		rc = git_fail(err, "cannot create the git repository");
		goto out;
	}
	if (git_signature_now(&sig, name, email) < 0) {
		rc = git_fail(err, "bad git identity");
		goto out;
	}
	if (git_commit_create(&commit_id, repo, "HEAD", sig, sig, "UTF-8", message, tree,
			      0, NULL) < 0)
		rc = git_fail(err, "cannot make the first commit");
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
		return git_fail(err, "cannot list tags");
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
		rc = git_fail(err, "cannot write the tag");
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
		return git_fail(err, "cannot read the working tree's status");
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
