/* bundle: writes a version's edition as one archive with libarchive, and
 * reads one back with every check made before the caller keeps anything. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "sakra/bundle.h"
#include "sakra/crypto.h"
#include "sakra/manifest.h"
#include "sakra/site.h"

#define KIT_MAX (64u << 20)          /* MANIFEST and the other kit files */
#define SMALL_MAX (1u << 20)         /* BUNDLE, LÄSMIG.txt, keys, signatures, sakra.yml */
#define PATH_LIMIT 4096

static const char readme_name[] = "LÄSMIG.txt";

static int nomem(struct sakra_error *err)
{
	return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
}

/* 1 if an edition includes a file of the commit: outside the plan's four
 * folders, or marked at or below its level. The reader applies the same
 * rule to the signed manifest and sakra.yml. */
static int included(const struct sakra_config *cfg, const struct sakra_edition *ed,
		    const char *path, const char *classification)
{
	int level;

	if (sakra_plan_kind(path) < 0)
		return 1;
	if (!classification || (level = sakra_config_level(cfg, classification)) < 0)
		return 0;
	return !ed || ed->max_level < 0 || level <= ed->max_level;
}

/* "Solbacka Vård Ab" -> "solbacka-vard-ab". */
static void slug(char *out, size_t cap, const char *s)
{
	size_t o = 0;
	int dash = 0;

	for (const unsigned char *p = (const unsigned char *)(s ? s : "plan"); *p && o + 2 < cap;
	     p++) {
		char c = 0;

		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			c = (char)*p;
		else if (*p >= 'A' && *p <= 'Z')
			c = (char)(*p + 32);
		else if (*p == 0xc3 && p[1]) {
			/* å ä ö é ü (and their capitals) to plain letters */
			static const char from[] = "\xa5\xa4\xb6\xa9\xbc\x85\x84\x96\x89\x9c";
			static const char to[] = "aaoeuaaoeu";
			const char *f = memchr(from, p[1], sizeof(from) - 1);

			if (f) {
				c = to[f - from];
				p++;
			}
		}
		if (c) {
			if (dash && o)
				out[o++] = '-';
			out[o++] = c;
			dash = 0;
		} else {
			dash = 1;
		}
	}
	out[o] = 0;
	if (!o)
		snprintf(out, cap, "plan");
}

int sakra_bundle_prepare(const struct sakra_bundle_options *o, struct sakra_bundle_plan *bp,
			 struct sakra_error *err)
{
	const struct sakra_config *cfg = o->plan->config;
	const struct sakra_tree *t = o->plan->tree;
	char org[96];

	memset(bp, 0, sizeof(*bp));
	bp->level = -1;
	if (!cfg)
		return sakra_error_set(err, SAKRA_EINVAL, "sakra.yml", 0, 0,
				       "cannot be read; 'sakra check' says why");
	if (!t->from_rev)
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
				       "a bundle holds a commit, not a working tree");
	for (size_t i = 0; i < t->n; i++) {
		const char *m = sakra_plan_marking(o->plan, t->files[i].path);

		if (!included(cfg, o->edition, t->files[i].path, m)) {
			bp->withheld++;
			continue;
		}
		bp->files++;
		bp->bytes += t->files[i].size;
		if (m && sakra_config_level(cfg, m) > bp->level)
			bp->level = sakra_config_level(cfg, m);
	}
	if (bp->level >= 0)
		bp->marking = cfg->levels[bp->level].label;
	slug(org, sizeof(org), cfg->org_name);
	if (o->version)
		snprintf(bp->name, sizeof(bp->name), "%s-v%ld-%s", org, o->version->number,
			 o->edition ? o->edition->name : "alla");
	else
		snprintf(bp->name, sizeof(bp->name), "%s-utkast-%.12s-%s", org, t->commit,
			 o->edition ? o->edition->name : "alla");
	return 0;
}

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
	uint64_t bytes;
	struct sakra_sha256 *h;     /* hashing the files/ entry being written */
};

static la_ssize_t arch_out(struct archive *a, void *ctx, const void *buf, size_t len)
{
	struct arch *w = ctx;

	if (w->sink(w->ctx, buf, len, w->err) < 0) {
		w->sink_failed = 1;
		archive_set_error(a, EIO, "the output failed");
		return -1;
	}
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
		return nomem(w->err);
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
		w->bytes += (uint64_t)n;
	}
	if (w->o->progress)
		w->o->progress(w->o->progress_ctx, w->bytes);
	return 0;
}

static int arch_add(struct arch *w, const char *dir, const char *path, const void *data,
		    size_t len)
{
	int rc = arch_header(w, dir, path, len);

	return rc ? rc : arch_data(w, data, len);
}

static int stream_piece(void *ctx, const void *data, size_t len, struct sakra_error *err)
{
	struct arch *w = ctx;

	(void)err;
	if (w->h)
		sakra_sha256_update(w->h, data, len);
	return arch_data(w, data, len);
}

static int site_write(void *ctx, const char *path, const void *data, size_t len,
		      struct sakra_error *err)
{
	(void)err;
	return arch_add(ctx, "site/", path, data, len);
}

static int site_copy(void *ctx, const char *path, const struct sakra_tree *tree,
		     const struct sakra_file *f, struct sakra_error *err)
{
	int rc = arch_header(ctx, "site/", path, f->size);

	return rc ? rc : sakra_tree_stream(tree, f, stream_piece, ctx, err);
}

static int kit_emit(void *ctx, const char *name, const void *data, size_t len)
{
	/* LÄSMIG.txt is the bundle's own, written first */
	if (strcmp(name, readme_name) == 0)
		return 0;
	return arch_add(ctx, "", name, data, len);
}

static int put_info(struct sakra_buf *b, const struct sakra_bundle_options *o,
		    const struct sakra_bundle_plan *bp, const struct sakra_manifest *m)
{
	const struct sakra_config *cfg = o->plan->config;
	const struct sakra_edition *ed = o->edition;
	int rc = 0;

	rc |= sakra_buf_printf(b, "# sakra bundle %d\nname: %s\norganisation: %s\n",
			       SAKRA_BUNDLE_FORMAT, bp->name, cfg->org_name ? cfg->org_name : "");
	if (o->version)
		rc |= sakra_buf_printf(b, "version: %ld\n", o->version->number);
	else
		rc |= sakra_buf_puts(b, "version: draft\n");
	rc |= sakra_buf_printf(b, "commit: %s\nedition: %s\nmax_classification: %s\n"
			       "marking: %s\nfiles: %zu\nwithheld: %zu\n",
			       o->plan->tree->commit, ed ? ed->name : "-",
			       ed && ed->max_level >= 0 ? cfg->levels[ed->max_level].id : "-",
			       bp->level >= 0 ? cfg->levels[bp->level].id : "-", bp->files,
			       bp->withheld);
	for (size_t i = 0; i < m->n; i++)
		if (!included(cfg, ed, m->files[i].path, m->files[i].classification))
			rc |= sakra_buf_printf(b, "withheld-file: %s\n", m->files[i].path);
	return rc ? SAKRA_ENOMEM : 0;
}

static int put_readme(struct sakra_buf *b, const struct sakra_bundle_options *o,
		      const struct sakra_bundle_plan *bp, const struct sakra_manifest *m)
{
	const struct sakra_config *cfg = o->plan->config;
	const char *ed = o->edition ? o->edition->name : "alla märkta filer";
	int rc = 0;
	size_t withheld = 0;

	if (o->version)
		rc |= sakra_buf_printf(b, "Paket: %s, godkänd version %ld, utgåva %s\n",
				       cfg->org_name ? cfg->org_name : "", o->version->number, ed);
	else
		rc |= sakra_buf_printf(b, "UTKAST / DRAFT — INTE GODKÄNT. Paket: %s, utgåva %s\n",
				       cfg->org_name ? cfg->org_name : "", ed);
	rc |= sakra_buf_printf(b, "Commit %s\nMärkning: %s\n\n", o->plan->tree->commit,
			       bp->marking ? bp->marking : "ingen");
	rc |= sakra_buf_puts(b,
		"Innehåll:\n"
		"  site/index.html  planen som webbplats: öppna den i en webbläsare\n"
		"  files/           planens filer i denna utgåva, som i commiten\n"
		"  MANIFEST, MANIFEST.<nyckel>.minisig, keys/  godkännarnas signaturer\n"
		"  BUNDLE           paketets uppgifter (version, utgåva, undanhållna filer)\n\n");
	for (size_t i = 0; i < m->n; i++)
		if (!included(cfg, o->edition, m->files[i].path, m->files[i].classification)) {
			if (!withheld++)
				rc |= sakra_buf_puts(b, "Filer som utgåvan inte innehåller (de finns i "
						     "MANIFEST men inte i files/):\n");
			rc |= sakra_buf_printf(b, "  %s\n", m->files[i].path);
		}
	if (!withheld)
		rc |= sakra_buf_puts(b, "Utgåvan innehåller alla filer i MANIFEST.\n");
	rc |= sakra_buf_printf(b,
		"\nÖppna och kontrollera med sakra:\n"
		"  sakra open PAKET -o MAPP --identity NYCKELFIL   (eller --passphrase-file)\n"
		"  sakra verify PAKET\n"
		"Eller med age, tar, minisign och sha256sum:\n"
		"  age -d -i NYCKELFIL PAKET | tar -x       (ett zip-paket: 7zz x PAKET)\n"
		"  cd %s\n"
		"  minisign -Vm MANIFEST -x MANIFEST.<nyckel>.minisig -p keys/<namn>.pub\n"
		"  cd files && sha256sum --ignore-missing -c ../MANIFEST\n\n",
		bp->name);
	if (o->version && sakra_kit_readme(b, o->version) < 0)
		rc = 1;
	rc |= sakra_buf_printf(b, "\n--- English ---\nBundle of %s, ",
			       cfg->org_name ? cfg->org_name : "");
	if (o->version)
		rc |= sakra_buf_printf(b, "approved version %ld", o->version->number);
	else
		rc |= sakra_buf_puts(b, "a DRAFT, NOT APPROVED");
	rc |= sakra_buf_printf(b, ", edition %s.\n"
		"site/index.html is the plan as a web site; files/ holds the files of the\n"
		"edition as in the commit; files listed in MANIFEST but absent from files/\n"
		"were withheld by the edition (see BUNDLE). Open and check it with\n"
		"'sakra open' and 'sakra verify', or decrypt it with age (7-Zip for a zip),\n"
		"check the signatures with minisign, and run\n"
		"'sha256sum --ignore-missing -c ../MANIFEST' inside files/.\n",
		o->edition ? o->edition->name : "all marked files");
	return rc ? SAKRA_ENOMEM : 0;
}

int sakra_bundle_write(const struct sakra_bundle_options *o, const struct sakra_bundle_plan *bp,
		       sakra_sink_fn sink, void *ctx, struct sakra_diags *diags,
		       struct sakra_error *err)
{
	const struct sakra_plan *plan = o->plan;
	const struct sakra_tree *t = plan->tree;
	struct sakra_manifest *m = NULL;
	struct sakra_buf text = SAKRA_BUF_INIT;
	struct sakra_site_options so;
	struct sakra_site_stats stats;
	struct sakra_site_writer sw;
	struct arch w;
	int rc;

	memset(&w, 0, sizeof(w));
	w.sink = sink;
	w.ctx = ctx;
	w.err = err;
	w.o = o;
	w.prefix = bp->name;
	w.mtime = (time_t)t->commit_time;
	if ((rc = sakra_manifest_parse(&m, "MANIFEST", o->manifest, o->manifest_len, err)) < 0)
		return rc;
	if (strcmp(m->commit, t->commit) != 0) {
		sakra_manifest_free(m);
		return sakra_error_set(err, SAKRA_EINVAL, "MANIFEST", 0, 0,
				       "describes commit %.12s, not %.12s", m->commit, t->commit);
	}
	if (!(w.a = archive_write_new())) {
		sakra_manifest_free(m);
		return nomem(err);
	}
	if (o->format == SAKRA_BUNDLE_ZIP) {
		rc = archive_write_set_format_zip(w.a);
		if (rc == ARCHIVE_OK)
			rc = archive_write_set_options(w.a, "zip:encryption=aes256");
		if (rc == ARCHIVE_OK)
			rc = archive_write_set_passphrase(w.a, o->passphrase);
	} else {
		rc = archive_write_set_format_pax_restricted(w.a);
	}
	if (rc == ARCHIVE_OK)
		rc = archive_write_add_filter_none(w.a);
	if (rc != ARCHIVE_OK || archive_write_open2(w.a, &w, NULL, arch_out, NULL, NULL) != ARCHIVE_OK) {
		rc = sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "cannot start the archive: %s",
				     archive_error_string(w.a) ? archive_error_string(w.a) : "?");
		goto out;
	}
	/* the kit: LÄSMIG.txt, BUNDLE, MANIFEST, signatures, keys */
	if ((rc = put_readme(&text, o, bp, m)) < 0 ||
	    (rc = arch_add(&w, "", readme_name, text.ptr, text.len)) < 0)
		goto out;
	sakra_buf_clear(&text);
	if ((rc = put_info(&text, o, bp, m)) < 0 || (rc = arch_add(&w, "", "BUNDLE", text.ptr,
								   text.len)) < 0)
		goto out;
	if (o->version)
		rc = sakra_kit_files(o->version, o->repo, kit_emit, &w, err);
	else
		rc = arch_add(&w, "", "MANIFEST", o->manifest, o->manifest_len);
	if (rc < 0)
		goto out;
	/* files/, each checked against the manifest as it streams */
	for (size_t i = 0; i < m->n; i++) {
		const struct sakra_manifest_entry *e = &m->files[i];
		const struct sakra_file *f;
		char hex[65];

		if (!included(plan->config, o->edition, e->path, e->classification))
			continue;
		if (!(f = sakra_tree_find(t, e->path)) || f->size != e->size) {
			rc = sakra_error_set(err, SAKRA_EINVAL, e->path, 0, 0,
					     "is not in the commit as the manifest says");
			goto out;
		}
		if ((rc = arch_header(&w, "files/", e->path, f->size)) < 0 ||
		    (rc = sakra_sha256_new(&w.h, err)) < 0)
			goto out;
		if ((rc = sakra_tree_stream(t, f, stream_piece, &w, err)) < 0)
			goto out;
		sakra_sha256_final_hex(w.h, hex);
		w.h = NULL;
		if (strcmp(hex, e->sha256) != 0) {
			rc = sakra_error_set(err, SAKRA_EAUTH, e->path, 0, 0,
					     "its content does not match the signed manifest");
			goto out;
		}
	}
	/* site/: the edition as `sakra build` renders it, judged on the day the
	 * version was approved (or the commit's day), so it is the same each time */
	memset(&so, 0, sizeof(so));
	so.edition = o->edition;
	so.today = t->commit_date;
	if (o->version) {
		char day[11];

		sakra_version_date(o->version, day);
		if (day[0])
			sakra_date_parse(day, &so.today);
	}
	so.commit = t->commit;
	so.version = o->version && o->version->approved ? o->version : NULL;
	so.versions = o->versions;
	so.repo = o->repo;
	so.history_commit = t->commit;
	sw.write = site_write;
	sw.copy = site_copy;
	sw.ctx = &w;
	if ((rc = sakra_site_build(plan, &so, &sw, diags, &stats, err)) < 0)
		goto out;
	if (archive_write_close(w.a) != ARCHIVE_OK) {
		rc = arch_fail(&w, NULL);
		goto out;
	}
	rc = 0;
out:
	if (w.h)
		sakra_sha256_free(w.h);
	archive_write_free(w.a);
	sakra_manifest_free(m);
	sakra_buf_free(&text);
	if (rc == SAKRA_ENOMEM && err && !err->message[0])
		nomem(err);
	return rc;
}
