/* bundlefile: writing a bundle to a file and reading one from a file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sakra/age.h"
#include "sakra/approval.h"
#include "sakra/bundlefile.h"
#include "sakra/config.h"
#include "sakra/crypto.h"
#include "sakra/fs.h"
#include "sakra/manifest.h"
#include "sakra/plan.h"
#include "sakra/repo.h"
#include "sakra/stage.h"
#include "sakra/stream.h"

/* --- writing ------------------------------------------------------------------ */

struct sink {
	struct sakra_out_file *out;
	struct sakra_age_writer *age;
};

static int to_output(void *ctx, const void *data, size_t len, struct sakra_error *err)
{
	struct sink *s = ctx;

	return s->age ? sakra_age_write(s->age, data, len, err)
		      : sakra_out_write(s->out, data, len, err);
}

/* _bundles/NAME[-MARKING].EXT beside the plan: never committed by accident,
 * never a change that stops the next approve. */
static int default_path(const struct sakra_bundle_options *o, const struct sakra_bundle_plan *bp,
			enum sakra_seal seal, struct sakra_buf *path, struct sakra_error *err)
{
	const char *root = o->repo ? sakra_repo_root(o->repo) : "";
	int rc;

	sakra_buf_clear(path);
	if (root[0]) {
		if ((rc = sakra_output_folder(root, "_bundles", 0700, path, err)) < 0)
			return rc;
		if (sakra_buf_putc(path, '/') < 0)
			return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	}
	if (sakra_buf_printf(path, "%s%s%s%s", bp->name, bp->level >= 0 ? "-" : "",
			     bp->level >= 0 ? o->plan->config->levels[bp->level].id : "",
			     seal == SAKRA_SEAL_AGE ? ".tar.age" : seal == SAKRA_SEAL_ZIP ? ".zip"
			     : ".tar") < 0)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	return 0;
}

int sakra_bundle_write_file(const struct sakra_bundle_options *o,
			    const struct sakra_bundle_plan *bp, const struct sakra_bundle_dest *d,
			    struct sakra_buf *path, struct sakra_diags *diags,
			    struct sakra_error *err)
{
	struct sakra_out_file of;
	struct sink sk;
	struct sakra_pipe *pipe = NULL;
	int rc, opened = 0;

	memset(&of, 0, sizeof(of));
	of.fd = -1;
	sk.out = &of;
	sk.age = NULL;
	if (d->path) {
		sakra_buf_clear(path);
		if (sakra_buf_puts(path, d->path) < 0)
			return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	} else if ((rc = default_path(o, bp, d->seal, path, err)) < 0) {
		return rc;
	}
	/* an unencrypted tar is for the organisation only: not for others to read */
	if ((rc = sakra_out_open(&of, path->ptr, d->seal == SAKRA_SEAL_TAR ? 0600 : 0644, 0,
				 err)) < 0)
		return rc;
	opened = 1;
	if (d->temp)
		d->temp(d->ctx, sakra_out_temp(&of));
	if (d->seal == SAKRA_SEAL_AGE &&
	    (rc = sakra_age_writer_new(&sk.age, d->recipients, d->nrecipients,
				       d->nrecipients ? NULL : d->passphrase, d->passlen,
				       SAKRA_AGE_SCRYPT_LOG_N, sakra_out_write, &of, err)) < 0)
		goto out;
	/* encryption and writing in a thread of their own, while git and tar
	 * make the next megabyte */
	if ((rc = sakra_pipe_new(&pipe, to_output, &sk, err)) < 0 ||
	    (rc = sakra_bundle_write(o, bp, sakra_pipe_write, pipe, diags, err)) < 0 ||
	    (rc = sakra_pipe_finish(pipe, err)) < 0 ||
	    (sk.age && (rc = sakra_age_finish(sk.age, err)) < 0) ||
	    (rc = sakra_out_commit(&of, err)) < 0)
		goto out;
	opened = 0;
out:
	sakra_pipe_free(pipe);
	if (opened)
		sakra_out_abort(&of);
	if (d->temp)
		d->temp(d->ctx, NULL);
	sakra_age_writer_free(sk.age);
	return rc;
}

/* --- reading ------------------------------------------------------------------ */

struct file_source {
	int fd;
	const char *path;
};

static long file_read(void *ctx, void *buf, size_t len, struct sakra_error *err)
{
	struct file_source *f = ctx;

	for (;;) {
		ssize_t n = read(f->fd, buf, len);

		if (n >= 0)
			return (long)n;
		if (errno != EINTR)
			return sakra_error_set(err, SAKRA_EIO, f->path, 0, 0, "cannot read: %s",
					       strerror(errno));
	}
}

struct age_source {
	struct sakra_age_reader *r;
	const char *path;
};

static long age_read(void *ctx, void *buf, size_t len, struct sakra_error *err)
{
	struct age_source *a = ctx;
	long n = sakra_age_read(a->r, buf, len, NULL, err);

	if (n < 0 && err)
		snprintf(err->path, sizeof(err->path), "%s", a->path);
	return n;
}

/* The identities of every file, as one list (an identity file is lines of
 * identities and comments, so the files' lines joined are one). A file
 * that does not parse is named on its own. */
static int load_identities(const char *const *files, size_t n,
			   struct sakra_age_identities **out, struct sakra_error *err)
{
	struct sakra_buf text = SAKRA_BUF_INIT, all = SAKRA_BUF_INIT;
	struct sakra_age_identities *one = NULL;
	int rc = 0;

	/* room for every file at once: secrets are never copied by a realloc
	 * that leaves the old block unwiped */
	if (n > 1 && sakra_buf_grow(&all, n * ((1u << 20) + 1) + 1) < 0)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < n && rc == 0; i++) {
		sakra_buf_clear(&text);
		if ((rc = sakra_file_read(files[i], &text, 1u << 20, err)) < 0 ||
		    (rc = sakra_age_identities_parse(&one, files[i], text.ptr ? text.ptr : "",
						     text.len, err)) < 0)
			break;
		sakra_age_identities_free(one);
		one = NULL;
		if (sakra_buf_put(&all, text.ptr ? text.ptr : "", text.len) < 0 ||
		    sakra_buf_putc(&all, '\n') < 0)
			rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	}
	if (rc == 0)
		rc = sakra_age_identities_parse(out, files[0], all.ptr ? all.ptr : "", all.len, err);
	if (text.ptr)
		sakra_wipe(text.ptr, text.len);
	if (all.ptr)
		sakra_wipe(all.ptr, all.len);
	sakra_buf_free(&text);
	sakra_buf_free(&all);
	return rc;
}

static int ask(const struct sakra_bundle_secrets *s, const char *path, char **pass,
	       size_t *len, struct sakra_error *err)
{
	if (!s->passphrase)
		return sakra_error_set(err, SAKRA_EINVAL, path, 0, 0, "needs a passphrase");
	if (s->passphrase(s->ctx, path, pass, len) < 0)
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "%s", "");
	return 0;
}

int sakra_bundle_read_file(const char *path, const struct sakra_bundle_secrets *s,
			   const char *dir, struct sakra_pubkey *pinned, size_t npinned,
			   struct sakra_bundle_report **report, int *bad, struct sakra_error *err)
{
	struct file_source fs = { -1, path };
	struct age_source as = { NULL, path };
	struct sakra_age_identities *ids = NULL;
	unsigned char head[64];
	char *pass = NULL;
	size_t passlen = 0;
	ssize_t n;
	int rc;
	enum sakra_age_failure why;

	*report = NULL;
	*bad = 0;
	if ((fs.fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return sakra_error_set(err, SAKRA_EIO, path, 0, 0, "%s", strerror(errno));
	if ((n = pread(fs.fd, head, sizeof(head), 0)) < 0) {
		rc = sakra_error_set(err, SAKRA_EIO, path, 0, 0, "%s", strerror(errno));
	} else if (n >= 10 && !memcmp(head, "-----BEGIN", 10)) {
		rc = sakra_error_set(err, SAKRA_EINVAL, path, 0, 0, "an armored (text) age file; "
				     "decrypt it with 'age -d' first");
	} else if ((size_t)n >= strlen(SAKRA_AGE_MAGIC) &&
		   !memcmp(head, SAKRA_AGE_MAGIC, strlen(SAKRA_AGE_MAGIC))) {
		int scrypt = sakra_age_is_scrypt(head, (size_t)n);

		if (!scrypt && !s->nidentities)
			rc = sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "%s is encrypted to age "
					     "recipients; give your identity with --identity FILE",
					     path);
		else if (scrypt)
			rc = ask(s, path, &pass, &passlen, err);
		else
			rc = load_identities(s->identities, s->nidentities, &ids, err);
		if (rc == 0 && (rc = sakra_age_reader_new(&as.r, file_read, &fs, ids, pass, passlen,
							  &why, err)) < 0) {
			if (!err->path[0])
				snprintf(err->path, sizeof(err->path), "%s", path);
			*bad = why != SAKRA_AGE_NO_MATCH;
		} else if (rc == 0) {
			rc = sakra_bundle_read(report, age_read, &as, NULL, dir, pinned, npinned, err);
			goto judged;
		}
	} else {
		rc = 0;
		if (n >= 4 && !memcmp(head, "PK\3\4", 4))
			rc = ask(s, path, &pass, &passlen, err);
		if (rc == 0) {
			rc = sakra_bundle_read(report, file_read, &fs, pass, dir, pinned, npinned,
					       err);
			goto judged;
		}
	}
	goto out;
judged:
	if (rc < 0) {
		if (!err->path[0])
			snprintf(err->path, sizeof(err->path), "%s", path);
		/* no memory, no disk space or a wrong passphrase: it could not be checked */
		*bad = !(err->code == SAKRA_ENOMEM || err->code == SAKRA_EINVAL ||
			 (err->code == SAKRA_EIO && dir));
	}
out:
	sakra_age_reader_free(as.r);
	sakra_age_identities_free(ids);
	if (pass && s->free_passphrase)
		s->free_passphrase(pass);
	close(fs.fd);
	return rc;
}

int sakra_bundle_sound(const struct sakra_bundle_report *r, int flags)
{
	const struct sakra_version *v = r->vs ? &r->vs->v[r->vs->n - 1] : NULL;

	if (r->draft)
		return (flags & SAKRA_OPEN_DRAFT) && r->rendered;
	if (!v || !v->approved || !r->rendered ||
	    (!r->vs->pins_apply && !(flags & SAKRA_OPEN_UNPINNED)))
		return 0;
	for (size_t i = 0; i < v->nsigs; i++)
		if (v->sigs[i].broken)
			return 0;
	return 1;
}

int sakra_bundle_open_file(const char *path, const struct sakra_bundle_secrets *s,
			   const char *out, int flags, struct sakra_pubkey *pinned,
			   size_t npinned, struct sakra_bundle_report **report,
			   struct sakra_buf *opened, int *bad, struct sakra_error *err)
{
	struct sakra_stage st;
	int rc;

	*report = NULL;
	*bad = 0;
	if (out && access(out, F_OK) == 0)
		return sakra_error_set(err, SAKRA_EEXISTS, NULL, 0, 0, "%s already exists; open "
				       "unpacks into a new folder: name another with -o DIR", out);
	/* staged beside the destination (or in the current folder while the
	 * bundle's name is not yet known) */
	if ((rc = sakra_stage_open(&st, out ? out : ".sakra-open", SAKRA_STAGE_NEW, 0, err)) < 0)
		return rc;
	if (s->before_read && (rc = s->before_read(s->ctx, st.dir.ptr, err)) < 0)
		goto fail;
	if ((rc = sakra_bundle_read_file(path, s, st.dir.ptr, pinned, npinned, report, bad,
					 err)) < 0)
		goto fail;
	if (!sakra_bundle_sound(*report, flags)) {
		*bad = 1;
		if (!(*report)->draft && (*report)->vs && !(*report)->vs->pins_apply)
			rc = sakra_error_set(err, SAKRA_EAUTH, NULL, 0, 0, "%s is not verified: no key "
					     "is pinned for its organisation; nothing was unpacked",
					     path);
		else
			rc = sakra_error_set(err, SAKRA_EAUTH, NULL, 0, 0, "%s does not verify as an "
					     "approved version; nothing was unpacked%s", path,
					     (*report)->draft ? " (a draft: open it with --draft)" : "");
		goto fail;
	}
	sakra_buf_clear(opened);
	if (sakra_buf_puts(opened, out ? out : (*report)->name) < 0) {
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
		goto fail;
	}
	sakra_buf_clear(&st.final);
	if (sakra_buf_puts(&st.final, opened->ptr) < 0) {
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
		goto fail;
	}
	if (!out && access(opened->ptr, F_OK) == 0) {
		rc = sakra_error_set(err, SAKRA_EEXISTS, NULL, 0, 0, "%s already exists (opened "
				     "before?); nothing was written: remove it, or name another "
				     "folder with -o DIR", opened->ptr);
		goto fail;
	}
	return sakra_stage_commit(&st, err);
fail:
	sakra_stage_abort(&st);
	return rc;
}

/* --- the verification kit in a folder ------------------------------------------ */

struct kit_dir {
	struct sakra_stage *st;
	struct sakra_error *err;
};

static int write_kit_file(void *ctx, const char *name, const void *data, size_t len)
{
	struct kit_dir *k = ctx;

	return sakra_stage_write(k->st, name, data, len, k->err);
}

int sakra_kit_write_dir(const struct sakra_version *v, struct sakra_repo *repo, const char *dir,
			struct sakra_error *err)
{
	struct sakra_stage st;
	struct kit_dir k = { &st, err };
	int rc;

	if (access(dir, F_OK) == 0)
		return sakra_error_set(err, SAKRA_EEXISTS, NULL, 0, 0, "%s already exists; export "
				       "writes a new directory", dir);
	if ((rc = sakra_stage_open(&st, dir, SAKRA_STAGE_NEW, 0, err)) < 0)
		return rc;
	if ((rc = sakra_kit_files(v, repo, write_kit_file, &k, err)) < 0) {
		sakra_stage_abort(&st);
		return rc;
	}
	return sakra_stage_commit(&st, err);
}

/* The plan reads these: the configuration, the requirements and the
 * documents of its four folders. */
static int plan_reads(const char *path)
{
	size_t n = strlen(path);

	return !strcmp(path, SAKRA_CONFIG_FILE) || !strcmp(path, SAKRA_REQUIREMENTS_FILE) ||
	       (sakra_plan_kind(path) >= 0 && n > 3 && !strcmp(path + n - 3, ".md"));
}

int sakra_bundle_load_opened(const char *dir, struct sakra_tree **tree,
			     struct sakra_plan **plan, struct sakra_error *err)
{
	struct sakra_buf path = SAKRA_BUF_INIT, text = SAKRA_BUF_INIT;
	struct sakra_manifest *m = NULL;
	struct sakra_diags diags = SAKRA_DIAGS_INIT;
	int rc;

	*tree = NULL;
	*plan = NULL;
	if ((rc = sakra_buf_printf(&path, "%s/MANIFEST", dir)) < 0 ||
	    (rc = sakra_file_read(path.ptr, &text, 16u << 20, err)) < 0 ||
	    (rc = sakra_manifest_parse(&m, path.ptr, text.ptr, text.len, err)) < 0 ||
	    (rc = sakra_tree_new(tree, m->commit, err)) < 0)
		goto out;
	for (size_t i = 0; i < m->n; i++) {
		const struct sakra_manifest_entry *e = &m->files[i];
		struct stat st;
		char *data = NULL;
		int held;

		sakra_buf_clear(&path);
		if ((rc = sakra_buf_printf(&path, "%s/files/%s", dir, e->path)) < 0)
			goto out;
		held = lstat(path.ptr, &st) == 0 && S_ISREG(st.st_mode) &&
		       (uint64_t)st.st_size == (uint64_t)e->size;
		if (held && plan_reads(e->path)) {
			sakra_buf_clear(&text);
			if ((rc = sakra_file_read(path.ptr, &text, SAKRA_DOC_MAX_FILE, err)) < 0)
				goto out;
			data = sakra_buf_detach(&text);
		}
		if ((rc = sakra_tree_add(*tree, e->path, e->size, data, e->classification ?
					 e->classification : "", e->sha256, !held, err)) < 0)
			goto out;
	}
	rc = sakra_plan_load(plan, *tree, &diags, err);
out:
	if (rc < 0) {
		sakra_plan_free(*plan);
		sakra_tree_free(*tree);
		*plan = NULL;
		*tree = NULL;
	}
	sakra_manifest_free(m);
	sakra_diags_free(&diags);
	sakra_buf_free(&path);
	sakra_buf_free(&text);
	return rc;
}
