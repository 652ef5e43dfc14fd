/* bundle: writing a version's edition as one deterministic tar (or one
 * AES-256 zip around it), streamed to a sink. */
#include "bundle.h"

/* --- writing ------------------------------------------------------------------- */

struct arch {
	struct archive *a;
	sakra_sink_fn sink;
	void *ctx;
	struct sakra_error *err;
	int sink_failed;
	const struct sakra_bundle_options *o;
	const char *prefix;
	time_t mtime;
	uint64_t bytes;             /* of files/ so far */
	unsigned char *out;         /* libarchive writes 10 KiB blocks: gathered here */
	size_t olen;
	int abandoned;              /* the bundle failed: what libarchive still writes is dropped */
};

#define OUT_BUF (1024 * 1024)

/* A zip bundle is an AES-256 zip around the one deterministic tar, so that
 * its central directory, which zip never encrypts, shows one name rather
 * than the name of every file of the edition. */
struct zip_layer {
	struct archive *z;
	sakra_sink_fn sink;
	void *ctx;
	struct sakra_error *err;
	int sink_failed;
};

static la_ssize_t zip_out(struct archive *a, void *ctx, const void *buf, size_t len)
{
	struct zip_layer *zl = ctx;

	if (zl->sink_failed || zl->sink(zl->ctx, buf, len, zl->err) < 0) {
		zl->sink_failed = 1;
		archive_set_error(a, EIO, "the output failed");
		return -1;
	}
	return (la_ssize_t)len;
}

/* The tar's bytes, written into the zip's one entry. */
static int zip_sink(void *ctx, const void *data, size_t len, struct sakra_error *err)
{
	struct zip_layer *zl = ctx;
	const char *p = data;

	while (len) {
		la_ssize_t n = archive_write_data(zl->z, p, len);

		if (n <= 0) {
			if (!zl->sink_failed)
				sakra_error_set(err, SAKRA_EIO, NULL, 0, 0, "cannot write the zip: %s",
						archive_error_string(zl->z) ? archive_error_string(zl->z)
						: "error");
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int zip_open(struct zip_layer *zl, const char *name, time_t mtime, const char *passphrase,
		    struct sakra_error *err)
{
	struct archive_entry *e = NULL;
	char entry[PATH_LIMIT + 8];
	int rc;

	if (!(zl->z = archive_write_new()) || !(e = archive_entry_new())) {
		archive_entry_free(e);
		return bundle_nomem(err);
	}
	snprintf(entry, sizeof(entry), "%s.tar", name);
	rc = archive_write_set_format_zip(zl->z);
	if (rc == ARCHIVE_OK)
		rc = archive_write_set_options(zl->z, "zip:encryption=aes256");
	if (rc == ARCHIVE_OK)
		rc = archive_write_set_passphrase(zl->z, passphrase);
	if (rc == ARCHIVE_OK)
		rc = archive_write_add_filter_none(zl->z);
	/* no padding after the zip's end (7-Zip warns of data after it) */
	if (rc == ARCHIVE_OK)
		rc = archive_write_set_bytes_in_last_block(zl->z, 1);
	if (rc == ARCHIVE_OK)
		rc = archive_write_open2(zl->z, zl, NULL, zip_out, NULL, NULL);
	if (rc == ARCHIVE_OK) {
		archive_entry_set_pathname_utf8(e, entry);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_mtime(e, mtime, 0);
		rc = archive_write_header(zl->z, e);   /* size unknown: streamed */
	}
	archive_entry_free(e);
	if (rc < ARCHIVE_WARN)
		return zl->sink_failed && err->code ? err->code
		       : sakra_error_set(err, SAKRA_EIO, NULL, 0, 0, "cannot start the zip: %s",
					 archive_error_string(zl->z) ? archive_error_string(zl->z)
					 : "?");
	return 0;
}

static int arch_flush(struct arch *w)
{
	if (w->olen && w->sink(w->ctx, w->out, w->olen, w->err) < 0) {
		w->sink_failed = 1;
		return -1;
	}
	w->olen = 0;
	return 0;
}

static la_ssize_t arch_out(struct archive *a, void *ctx, const void *buf, size_t len)
{
	struct arch *w = ctx;

	if (w->abandoned)
		return (la_ssize_t)len;
	if (w->olen + len > OUT_BUF && arch_flush(w) < 0) {
		archive_set_error(a, EIO, "the output failed");
		return -1;
	}
	if (len > OUT_BUF) {
		if (w->sink(w->ctx, buf, len, w->err) < 0) {
			w->sink_failed = 1;
			archive_set_error(a, EIO, "the output failed");
			return -1;
		}
		return (la_ssize_t)len;
	}
	memcpy(w->out + w->olen, buf, len);
	w->olen += len;
	return (la_ssize_t)len;
}

static int arch_fail(struct arch *w, const char *path)
{
	if (w->sink_failed)
		return w->err && w->err->code ? w->err->code : SAKRA_EIO;
	return sakra_error_set(w->err, SAKRA_EIO, path, 0, 0, "cannot archive: %s",
			       archive_error_string(w->a) ? archive_error_string(w->a) : "error");
}

static int arch_header(struct arch *w, const char *dir, const char *path, uint64_t size)
{
	struct archive_entry *e = archive_entry_new();
	char full[PATH_LIMIT + 256];
	int rc;

	if (!e)
		return bundle_nomem(w->err);
	snprintf(full, sizeof(full), "%s/%s%s", w->prefix, dir, path);
	archive_entry_set_pathname_utf8(e, full);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)size);
	archive_entry_set_mtime(e, w->mtime, 0);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	rc = archive_write_header(w->a, e);
	archive_entry_free(e);
	return rc < ARCHIVE_WARN ? arch_fail(w, path) : 0;
}

static int arch_data(struct arch *w, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		la_ssize_t n = archive_write_data(w->a, p, len);

		if (n <= 0)
			return arch_fail(w, NULL);
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int arch_add(struct arch *w, const char *dir, const char *path, const void *data,
		    size_t len)
{
	int rc = arch_header(w, dir, path, len);

	return rc ? rc : arch_data(w, data, len);
}

/* A piece of a file of files/: the progress counts these, the bytes the
 * edition's files hold (what sakra_bundle_prepare reported). */
static int stream_piece(void *ctx, const void *data, size_t len, struct sakra_error *err)
{
	struct arch *w = ctx;
	int rc = arch_data(w, data, len);

	(void)err;
	w->bytes += len;
	if (rc == 0 && w->o->progress)
		w->o->progress(w->o->progress_ctx, w->bytes);
	return rc;
}

static int site_write(void *ctx, const char *path, const void *data, size_t len,
		      struct sakra_error *err)
{
	(void)err;
	return arch_add(ctx, "site/", path, data, len);
}

static int kit_collect(void *ctx, const char *name, const void *data, size_t len)
{
	struct kitfile *f;

	/* the bundle writes a README of its own */
	if (sakra_kit_readme_named(name))
		return 0;
	if (!(f = bundle_kit_add(ctx, name)) || sakra_buf_put(&f->data, data, len) < 0)
		return SAKRA_ENOMEM;
	return 0;
}

int sakra_bundle_write(const struct sakra_bundle_options *o, const struct sakra_bundle_plan *bp,
		       sakra_sink_fn sink, void *ctx, struct sakra_diags *diags,
		       struct sakra_error *err)
{
	const struct sakra_plan *plan = o->plan;
	const struct sakra_tree *t = plan->tree;
	struct sakra_manifest *m = NULL;
	struct sakra_versions *lv = NULL;
	struct sakra_buf text = SAKRA_BUF_INIT;
	struct kit kit = { NULL, 0, 0 };
	struct facts f;
	struct sakra_site_options so;
	struct sakra_site_stats stats;
	struct sakra_site_writer sw;
	struct arch w;
	struct zip_layer zl;
	int rc;

	bundle_utf8_names();

	memset(&w, 0, sizeof(w));
	memset(&zl, 0, sizeof(zl));
	w.sink = sink;
	w.ctx = ctx;
	w.err = err;
	w.o = o;
	w.mtime = (time_t)t->commit_time;
	if ((rc = sakra_manifest_parse(&m, "MANIFEST", o->manifest, o->manifest_len, err)) < 0)
		return rc;
	if (strcmp(m->commit, t->commit) != 0) {
		sakra_manifest_free(m);
		return sakra_error_set(err, SAKRA_EINVAL, "MANIFEST", 0, 0,
				       "describes commit %.12s, not %.12s", m->commit, t->commit);
	}
	/* the kit, and the version its signatures make on their own */
	bundle_facts_init(&f, plan->config, o->edition, m, t->commit, t->commit_time, t->commit_date,
		   SAKRA_VERSION);
	if (o->version)
		rc = sakra_kit_files(o->version, o->repo, kit_collect, &kit, err);
	else
		rc = kit_collect(&kit, "MANIFEST", o->manifest, o->manifest_len);
	if (rc == SAKRA_ENOMEM)
		bundle_nomem(err);
	if (rc < 0)
		goto out;
	/* the versions before it: its reader judges it as the repository does */
	if (o->version) {
		if (!o->versions) {
			rc = sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "the versions are not loaded");
			goto out;
		}
		if ((rc = sakra_history_write(&text, o->versions, o->version->number, o->repo,
					      err)) < 0 ||
		    (rc = kit_collect(&kit, SAKRA_HISTORY_FILE, text.ptr, text.len)) < 0) {
			if (rc == SAKRA_ENOMEM)
				bundle_nomem(err);
			goto out;
		}
		sakra_buf_clear(&text);
	}
	if (o->version) {
		f.number = o->version->number;
		if ((rc = bundle_kit_version(&lv, &kit, f.number, t->commit, plan->config,
				      plan->config->org_name, NULL, 0, err)) < 0)
			goto out;
		f.v = &lv->v[lv->n - 1];
	}
	bundle_facts_count(&f);
	(void)bp;
	w.prefix = f.name;
	if (!(w.a = archive_write_new()) || !(w.out = malloc(OUT_BUF))) {
		rc = bundle_nomem(err);
		goto out;
	}
	if (o->format == SAKRA_BUNDLE_ZIP) {
		zl.sink = sink;
		zl.ctx = ctx;
		zl.err = err;
		if ((rc = zip_open(&zl, f.name, w.mtime, o->passphrase, err)) < 0)
			goto out;
		w.sink = zip_sink;
		w.ctx = &zl;
	}
	rc = archive_write_set_format_pax_restricted(w.a);
	if (rc == ARCHIVE_OK)
		rc = archive_write_add_filter_none(w.a);
	if (rc != ARCHIVE_OK || archive_write_open2(w.a, &w, NULL, arch_out, NULL, NULL) != ARCHIVE_OK) {
		rc = sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "cannot start the archive: %s",
				     archive_error_string(w.a) ? archive_error_string(w.a) : "?");
		goto out;
	}
	/* the kit: the README, BUNDLE, MANIFEST, signatures, keys */
	if ((rc = bundle_put_readme(&text, &f)) < 0 ||
	    (rc = arch_add(&w, "", sakra_kit_readme_name(bundle_readme_lang(f.cfg->language)),
			   text.ptr, text.len)) < 0)
		goto out;
	sakra_buf_clear(&text);
	if ((rc = bundle_put_info(&text, &f)) < 0 ||
	    (rc = arch_add(&w, "", "BUNDLE", text.ptr, text.len)) < 0)
		goto out;
	for (size_t i = 0; i < kit.n; i++)
		if ((rc = arch_add(&w, "", kit.f[i].name, kit.f[i].data.ptr ? kit.f[i].data.ptr : "",
				   kit.f[i].data.len)) < 0)
			goto out;
	/* files/, each checked against the manifest as it is streamed: hashed
	 * in this pass unless this run hashed the blob before (the manifest may
	 * come from the cache, not from the blobs). A file that differs fails
	 * the bundle, whose temporary output is then removed. */
	for (size_t i = 0; i < m->n; i++) {
		const struct sakra_manifest_entry *e = &m->files[i];
		const struct sakra_file *tf;

		if (!sakra_edition_includes(plan->config, o->edition, e->path, e->classification, e->size))
			continue;
		if (!(tf = sakra_tree_find(t, e->path)) || tf->size != e->size) {
			rc = sakra_error_set(err, SAKRA_EINVAL, e->path, 0, 0,
					     "is not in the commit as the manifest says");
			goto out;
		}
		if ((rc = arch_header(&w, "files/", e->path, tf->size)) < 0 ||
		    (rc = sakra_tree_stream_checked(t, tf, e->sha256, stream_piece, &w, err)) < 0)
			goto out;
	}
	/* site/: the edition as `sakra build` renders it, from what a reader
	 * of the bundle holds, so `open` can render it again and compare */
	bundle_site_options(&so, &f, lv);
	sw.write = site_write;
	sw.copy = NULL;
	sw.ctx = &w;
	if ((rc = sakra_site_build(plan, &so, &sw, diags, &stats, err)) < 0)
		goto out;
	if (archive_write_close(w.a) != ARCHIVE_OK || arch_flush(&w) < 0) {
		rc = arch_fail(&w, NULL);
		goto out;
	}
	if (zl.z && archive_write_close(zl.z) != ARCHIVE_OK) {
		rc = zl.sink_failed && err->code ? err->code
		     : sakra_error_set(err, SAKRA_EIO, NULL, 0, 0, "cannot finish the zip: %s",
				       archive_error_string(zl.z) ? archive_error_string(zl.z) : "?");
		goto out;
	}
	rc = 0;
out:
	w.abandoned = rc < 0;
	if (w.a)
		archive_write_free(w.a);   /* closes it, writing through w.out */
	if (zl.z) {
		zl.sink_failed |= rc < 0;  /* a failed bundle: nothing more is written */
		archive_write_free(zl.z);
	}
	free(w.out);
	sakra_manifest_free(m);
	sakra_versions_free(lv);
	bundle_kit_free(&kit);
	sakra_buf_free(&text);
	if (rc == SAKRA_ENOMEM && err && !err->message[0])
		bundle_nomem(err);
	return rc;
}
