/* repo: the plan repository and its file sets, read with libgit2 — from the
 * working tree (tracked files plus untracked, not ignored ones, so editors
 * see findings before they commit) or from any revision's blobs (no
 * checkout; works in a bare clone). A directory that is not in git is read
 * from the file system. */
#ifndef SAKRA_REPO_H
#define SAKRA_REPO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sakra/buf.h"
#include "sakra/error.h"
#include "sakra/date.h"
#include "sakra/stream.h"

struct sakra_repo;

struct sakra_file {
	char *path;       /* relative to the plan root, '/'-separated */
	size_t size;
	int symlink;      /* a symbolic link: never followed */
	unsigned char oid[20]; /* blob id when read from a revision */
	/* In an edition's view of a tree (sakra_plan_edition_tree) or a tree
	 * rebuilt from a bundle: */
	char *marking;    /* the level id that marks it in the whole plan, "" for
			   * none; NULL: the plan reads it from the documents */
	int withheld;     /* left out of the edition: listed, content absent */
	char *data;       /* content held in memory (trees from sakra_tree_new) */
	char *sha256;     /* a tree in memory: the content's SHA-256 as the signed
			   * manifest gives it (hex), held or not; else NULL */
};

struct sakra_tree {
	struct sakra_repo *repo;
	int from_rev;           /* 1: blobs of commit; 0: working tree */
	char commit[41];        /* commit id (from a revision), else "" */
	char tree_id[41];       /* its tree id, else "" */
	struct sakra_date commit_date; /* the committer's date, from a revision */
	long long commit_time;  /* the committer's time (seconds since 1970, UTC) */
	struct sakra_file *files; /* sorted bytewise by path */
	size_t n, cap;
	int in_memory;          /* content in files[].data, no repository */
	struct sakra_refused {  /* entries that are no files: submodules (gitlinks) */
		char *path;
		const char *why;
	} *refused;
	size_t nrefused;
	int borrowed;           /* files[].data and .sha256 belong to another tree */
};

/* Opens the plan repository that contains dir (the current directory when
 * NULL), looking upwards like git does. */
int sakra_repo_open(struct sakra_repo **out, const char *dir, struct sakra_error *err);
void sakra_repo_free(struct sakra_repo *repo);
/* The plan root on disk ("" for a bare repository). */
const char *sakra_repo_root(const struct sakra_repo *repo);
int sakra_repo_is_git(const struct sakra_repo *repo);
/* From now on, tag `name` (without "refs/tags/") reads as the tag object
 * oid (hex), or as absent when oid is NULL: the repository as a push would
 * leave it, for a hook that judges the push before git applies it. */
int sakra_repo_pretend_tag(struct sakra_repo *repo, const char *name, const char *oid,
			   struct sakra_error *err);

/* Where git runs the repository's hooks: core.hooksPath, else hooks/ in
 * the git directory. */
int sakra_repo_hooks_dir(struct sakra_repo *repo, struct sakra_buf *out, struct sakra_error *err);
/* The branch HEAD names ("refs/heads/main"): a bare repository's default. */
int sakra_repo_default_branch(struct sakra_repo *repo, struct sakra_buf *out,
			      struct sakra_error *err);
/* 1 when the repository's HEAD names a commit (0: no commit yet, or not git). */
int sakra_repo_has_head(const struct sakra_repo *repo);
int sakra_repo_is_bare(const struct sakra_repo *repo);
/* The libgit2 handle, or NULL outside git. Opaque here to keep libgit2 out
 * of the public headers. */
void *sakra_repo_git(const struct sakra_repo *repo);

/* The rev that names the index: what the next commit would hold. */
#define SAKRA_REV_INDEX ":index"

/* The file set of rev (a commit-ish, or SAKRA_REV_INDEX), or of the working
 * tree when rev is NULL. */
int sakra_tree_open(struct sakra_tree **out, struct sakra_repo *repo, const char *rev,
		    struct sakra_error *err);
void sakra_tree_free(struct sakra_tree *tree);
/* An empty file set held in memory (a bundle's, read back), for commit.
 * Files are added in bytewise order of path; the tree takes data (size
 * bytes and a NUL, from malloc; NULL: content not kept, reading it is an
 * error) even on failure, and copies marking. */
int sakra_tree_new(struct sakra_tree **out, const char *commit, struct sakra_error *err);
int sakra_tree_add(struct sakra_tree *tree, const char *path, size_t size, char *data,
		   const char *marking, const char *sha256, int withheld,
		   struct sakra_error *err);
const struct sakra_file *sakra_tree_find(const struct sakra_tree *tree, const char *path);
/* Gives path the content text (an editor's unsaved text) in place of what
 * the working tree holds: 0; or adds it when the tree has no such file: 1
 * (files[] moves then: pointers into it are stale). */
int sakra_tree_overlay(struct sakra_tree *tree, const char *path, const char *text, size_t len,
		       struct sakra_error *err);
/* 1 if some file lies under directory path ("" is the root). */
int sakra_tree_is_dir(const struct sakra_tree *tree, const char *path);
/* Reads a file's content; files over `limit` bytes (0: none) are refused
 * with SAKRA_ELIMIT. */
int sakra_tree_read(const struct sakra_tree *tree, const struct sakra_file *f,
		    struct sakra_buf *out, size_t limit, struct sakra_error *err);

/* Streams a file's content to sink in pieces of at most 64 KiB, so memory
 * stays bounded: the working tree's file, or the blob — read and inflated
 * from its loose object or pack entry directly; a delta-compressed blob in
 * a pack is read whole through libgit2. The size read must be f->size. */
int sakra_tree_stream(const struct sakra_tree *tree, const struct sakra_file *f,
		      sakra_sink_fn sink, void *ctx, struct sakra_error *err);
/* The SHA-256 of a file, as 64 hex digits. Blobs' hashes are remembered
 * by the repository for the rest of the run. With direct set, only what
 * can be read without libgit2 (a large blob streamed from its loose or
 * packed object) is hashed and 1 is returned for the rest, so that other
 * threads may call it; without, the file is always hashed. */
int sakra_tree_sha256(const struct sakra_tree *tree, const struct sakra_file *f, char hex[65],
		      int direct, struct sakra_error *err);
/* Streams a blob of a commit's tree as sakra_tree_stream does, checking
 * that its SHA-256 is want (lower-case hex): hashed in the same pass,
 * unless this run hashed the blob before. SAKRA_EAUTH when it is not;
 * what sink was given must then be thrown away. */
int sakra_tree_stream_checked(const struct sakra_tree *tree, const struct sakra_file *f,
			      const char *want, sakra_sink_fn sink, void *ctx,
			      struct sakra_error *err);
/* 1 if ancestor is commit or one of its ancestors (both full ids). */
/* The id of the commit rev names (a branch, a tag, an abbreviated id...). */
int sakra_repo_resolve(struct sakra_repo *repo, const char *rev, char commit[41],
		       struct sakra_error *err);
int sakra_repo_contains(struct sakra_repo *repo, const char *commit, const char *ancestor);

/* Copies a file's content to dst, a new file of a staging directory (see
 * sakra_file_write_new); the working tree's file is streamed. */
int sakra_tree_copy(const struct sakra_tree *tree, const struct sakra_file *f,
		    const char *dst, struct sakra_error *err);

/* The git blob id of a file's content: from the revision, hashed from the
 * working tree file (streamed), or from the bytes a tree in memory holds. */
int sakra_tree_file_id(const struct sakra_tree *tree, const struct sakra_file *f,
		       unsigned char id[20], struct sakra_error *err);

/* The git identity a new commit gets: GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL, else
 * git's user.name/user.email. SAKRA_EINVAL, with the command that sets it,
 * when there is none. The caller frees both strings. */
int sakra_repo_identity(char **name, char **email, struct sakra_error *err);
/* Appends to out the unified diff (git's format, 3 lines of context) that
 * turns before into after, both called path. */
int sakra_repo_patch(struct sakra_buf *out, const char *path, const char *before, size_t blen,
		     const char *after, size_t alen, struct sakra_error *err);
/* git init dir, add every file in it, and make the first commit. */
int sakra_repo_init_commit(const char *dir, const char *name, const char *email,
			   const char *message, struct sakra_error *err);

/* Annotated tags whose names start with prefix ("approved/"), sorted by
 * name; the caller frees each name and the array. */
int sakra_repo_tags(struct sakra_repo *repo, const char *prefix, char ***names, size_t *n,
		    struct sakra_error *err);
/* An annotated tag: the commit it points at and its message (the caller
 * frees it). SAKRA_ENOTFOUND when there is no such tag, SAKRA_EINVAL for a
 * lightweight tag or one on something other than a commit. */
int sakra_repo_tag_read(struct sakra_repo *repo, const char *name, char commit[41],
			char **message, struct sakra_error *err);
/* Writes an annotated tag on commit with the git identity as tagger; an
 * existing tag of that name is replaced only when replace is set. */
int sakra_repo_tag_write(struct sakra_repo *repo, const char *name, const char *commit,
			 const char *message, int replace, struct sakra_error *err);
/* 1 when the index or working tree differs from HEAD (untracked files that
 * git does not ignore count, leftovers and sakra's own output do not), 0
 * when clean. With what, the first few paths that differ, comma-separated. */
int sakra_repo_dirty(struct sakra_repo *repo, struct sakra_buf *what, struct sakra_error *err);

/* Whether an untracked path is not part of the plan whatever .gitignore
 * says: what editors, office suites and desktops leave beside a file
 * (~$x.docx, .~lock.x#, x~, .#x, #x#, .x.swp, .DS_Store, Thumbs.db, ...),
 * and sakra's own output folders (_site/, _bundles/). */
int sakra_is_leftover(const char *path);

#endif
