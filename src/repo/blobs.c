/* repo: large blobs streamed, and the SHA-256 of blobs (remembered per
 * run). */
#include "repo.h"

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
	if ((rc = repo_absent(tree, f, err)) < 0)
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
size_t repo_blob_size(struct sakra_repo *r, const git_oid *id)
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
	rc = c.h && !f->symlink && f->size >= STREAM_FROM && repo_absent(tree, f, NULL) == 0 ?
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
