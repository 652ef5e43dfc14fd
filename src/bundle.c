/* bundle: writes a version's edition as one archive with libarchive, and
 * reads one back with every check made before the caller keeps anything. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
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
	unsigned char *out;         /* libarchive writes 10 KiB blocks: gathered here */
	size_t olen;
};

#define OUT_BUF (1024 * 1024)

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
	(void)err;
	return arch_data(ctx, data, len);
}

static int site_write(void *ctx, const char *path, const void *data, size_t len,
		      struct sakra_error *err)
{
	(void)err;
	return arch_add(ctx, "site/", path, data, len);
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
	if (!(w.a = archive_write_new()) || !(w.out = malloc(OUT_BUF))) {
		archive_write_free(w.a);
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
	/* files/. The manifest was computed from these very blobs in this run
	 * (sakra_versions_load recomputes it to check the signatures), so the
	 * content is not hashed a second time; sizes are still compared. */
	for (size_t i = 0; i < m->n; i++) {
		const struct sakra_manifest_entry *e = &m->files[i];
		const struct sakra_file *f;

		if (!included(plan->config, o->edition, e->path, e->classification))
			continue;
		if (!(f = sakra_tree_find(t, e->path)) || f->size != e->size) {
			rc = sakra_error_set(err, SAKRA_EINVAL, e->path, 0, 0,
					     "is not in the commit as the manifest says");
			goto out;
		}
		if ((rc = arch_header(&w, "files/", e->path, f->size)) < 0 ||
		    (rc = sakra_tree_stream(t, f, stream_piece, &w, err)) < 0)
			goto out;
	}
	/* site/: the edition as `sakra build` renders it, judged on the day the
	 * version was approved (or the commit's day), so it is the same each
	 * time; its attachments and images are those of files/, not copies */
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
	so.files_at = "../files/";
	sw.write = site_write;
	sw.copy = NULL;
	sw.ctx = &w;
	if ((rc = sakra_site_build(plan, &so, &sw, diags, &stats, err)) < 0)
		goto out;
	if (archive_write_close(w.a) != ARCHIVE_OK || arch_flush(&w) < 0) {
		rc = arch_fail(&w, NULL);
		goto out;
	}
	rc = 0;
out:
	free(w.out);
	archive_write_free(w.a);
	sakra_manifest_free(m);
	sakra_buf_free(&text);
	if (rc == SAKRA_ENOMEM && err && !err->message[0])
		nomem(err);
	return rc;
}

/* --- reading -------------------------------------------------------------------- */

#define ENTRIES_MAX 1000000

struct kitfile {
	char *name;
	struct sakra_buf data;
};

struct reader {
	struct archive *a;
	sakra_source_fn source;
	void *ctx;
	struct sakra_error *err;
	int source_failed;
	unsigned char in[65536];     /* what the source gave libarchive */
	unsigned char buf[65536];    /* what libarchive gives back */
	const char *dir;
	struct sakra_bundle_report *r;
	/* the kit, held until the first file */
	struct kitfile *kit;
	size_t nkit;
	int stage;                   /* 0 kit, 1 files/, 2 site/ */
	struct sakra_manifest *m;
	unsigned char *present;      /* per manifest entry */
	struct sakra_buf sakra_yml;
	/* every path seen, for duplicates */
	char **seen;
	size_t nseen, capseen;
};

static la_ssize_t rd_read(struct archive *a, void *ctx, const void **out)
{
	struct reader *rd = ctx;
	long n = rd->source(rd->ctx, rd->in, sizeof(rd->in), rd->err);

	if (n < 0) {
		rd->source_failed = 1;
		archive_set_error(a, EIO, "reading the bundle failed");
		return -1;
	}
	*out = rd->in;
	return n;
}

static int bad(struct reader *rd, const char *entry, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int bad(struct reader *rd, const char *entry, int code, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sakra_error_set(rd->err, code, entry, 0, 0, "%s", msg);
}

/* A relative path of plain components: no '/' at either end, no empty,
 * '.' or '..' component, no control characters, valid UTF-8. */
static int safe_path(const char *p)
{
	size_t n = strlen(p);

	if (!n || n > PATH_LIMIT || p[0] == '/' || p[n - 1] == '/' || !sakra_utf8_valid(p, n, NULL))
		return 0;
	for (const char *c = p; *c; c++)
		if ((unsigned char)*c < 32 || *c == 127 || *c == '\\')
			return 0;
	for (const char *s = p; s; ) {
		const char *e = strchr(s, '/');
		size_t l = e ? (size_t)(e - s) : strlen(s);

		if (l == 0 || (l == 1 && s[0] == '.') || (l == 2 && s[0] == '.' && s[1] == '.'))
			return 0;
		s = e ? e + 1 : NULL;
	}
	return 1;
}

/* 1 if path was seen before (kept sorted: insertion by binary search). */
static int seen_before(struct reader *rd, const char *path)
{
	size_t lo = 0, hi = rd->nseen;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(rd->seen[mid], path);

		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (rd->nseen == rd->capseen) {
		size_t cap = rd->capseen ? 2 * rd->capseen : 256;
		char **n = realloc(rd->seen, cap * sizeof(*n));

		if (!n)
			return -1;
		rd->seen = n;
		rd->capseen = cap;
	}
	memmove(rd->seen + lo + 1, rd->seen + lo, (rd->nseen - lo) * sizeof(*rd->seen));
	if (!(rd->seen[lo] = strdup(path)))
		return -1;
	rd->nseen++;
	return 0;
}

static struct kitfile *kit_find(struct reader *rd, const char *name)
{
	for (size_t i = 0; i < rd->nkit; i++)
		if (strcmp(rd->kit[i].name, name) == 0)
			return &rd->kit[i];
	return NULL;
}

static int is_kit_name(const char *p)
{
	size_t n = strlen(p);

	if (!strcmp(p, readme_name) || !strcmp(p, "BUNDLE") || !strcmp(p, "MANIFEST"))
		return 1;
	if (n == 9 + 16 + 8 && !strncmp(p, "MANIFEST.", 9) && !strcmp(p + 25, ".minisig")) {
		for (size_t i = 9; i < 25; i++)
			if (!strchr("0123456789ABCDEF", p[i]))
				return 0;
		return 1;
	}
	return !strncmp(p, "keys/", 5) && !strchr(p + 5, '/') && n > 9 && !strcmp(p + n - 4, ".pub");
}

/* Creates dir/path (and its folders) for writing. */
static int create_out(struct reader *rd, const char *path)
{
	struct sakra_buf full = SAKRA_BUF_INIT;
	char *slash;
	int fd;

	if (sakra_buf_printf(&full, "%s/%s", rd->dir, path) < 0)
		return nomem(rd->err);
	if ((slash = strrchr(full.ptr, '/')) && slash > full.ptr + strlen(rd->dir)) {
		*slash = 0;
		if (sakra_mkdirs(full.ptr, 0755, rd->err) < 0) {
			sakra_buf_free(&full);
			return -1;
		}
		*slash = '/';
	}
	fd = open(full.ptr, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		sakra_error_set(rd->err, SAKRA_EIO, path, 0, 0, "cannot create: %s", strerror(errno));
	sakra_buf_free(&full);
	return fd;
}

/* Reads the current entry's data: into keep (up to max bytes), hashed into
 * hex, and written to fd; the size read must be size. */
static int read_data(struct reader *rd, const char *path, int64_t size, struct sakra_buf *keep,
		     size_t max, char hex[65], int fd)
{
	struct sakra_sha256 *h = NULL;
	int64_t total = 0;
	int rc = 0;

	if (hex && sakra_sha256_new(&h, rd->err) < 0)
		return -1;
	for (;;) {
		la_ssize_t n = archive_read_data(rd->a, rd->buf, sizeof(rd->buf));

		if (n == 0)
			break;
		if (n < 0) {
			const char *why = archive_error_string(rd->a);

			/* a wrong passphrase is the caller's mistake, not a bad bundle */
			rc = rd->source_failed ? (rd->err->code ? rd->err->code : SAKRA_EIO)
			     : why && strstr(why, "assphrase")
			     ? bad(rd, NULL, SAKRA_EINVAL, "the zip's passphrase is wrong")
			     : bad(rd, path, SAKRA_EPARSE, "cannot read the entry: %s", why ? why : "?");
			break;
		}
		total += n;
		if (keep && (keep->len + (size_t)n > max || sakra_buf_put(keep, rd->buf, (size_t)n) < 0)) {
			rc = bad(rd, path, SAKRA_ELIMIT, "is larger than %zu bytes", max);
			break;
		}
		if (h)
			sakra_sha256_update(h, rd->buf, (size_t)n);
		if (fd >= 0 && (rc = sakra_fd_write(fd, rd->buf, (size_t)n, path, rd->err)) < 0)
			break;
	}
	if (rc == 0 && size >= 0 && total != size)
		rc = bad(rd, path, SAKRA_EPARSE, "holds %lld bytes, its header says %lld",
			 (long long)total, (long long)size);
	if (h) {
		if (rc == 0)
			sakra_sha256_final_hex(h, hex);
		else
			sakra_sha256_free(h);
	}
	if (rc == 0 && keep && !keep->ptr && sakra_buf_put(keep, "", 0) < 0)
		rc = nomem(rd->err);
	return rc;
}

static const char *info_value(const char *text, const char *key, char *out, size_t cap)
{
	size_t k = strlen(key);

	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, key, k) && p[k] == ':' && p[k + 1] == ' ') {
			const char *e = strchr(p, '\n');
			size_t l = e ? (size_t)(e - p - k - 2) : strlen(p + k + 2);

			snprintf(out, cap, "%.*s", (int)l, p + k + 2);
			return out;
		}
	return NULL;
}

/* Once the kit is in: the manifest and what BUNDLE says. */
static int finish_kit(struct reader *rd)
{
	struct kitfile *man = kit_find(rd, "MANIFEST"), *info = kit_find(rd, "BUNDLE");
	struct sakra_bundle_report *r = rd->r;
	char val[256];

	if (!man || !info)
		return bad(rd, NULL, SAKRA_EPARSE, "the bundle has no %s before its files: "
			   "it was not written by sakra bundle", man ? "BUNDLE" : "MANIFEST");
	if (sakra_manifest_parse(&rd->m, "MANIFEST", man->data.ptr, man->data.len, rd->err) < 0)
		return -1;
	if (!(rd->present = calloc(rd->m->n + 1, 1)))
		return nomem(rd->err);
	memcpy(r->commit, rd->m->commit, sizeof(r->commit));
	if (!info_value(info->data.ptr, "version", val, sizeof(val)))
		return bad(rd, "BUNDLE", SAKRA_EPARSE, "names no version");
	if (!strcmp(val, "draft"))
		r->draft = 1;
	else if ((r->version = strtol(val, NULL, 10)) <= 0)
		return bad(rd, "BUNDLE", SAKRA_EPARSE, "version '%s' is not a number", val);
	if (!info_value(info->data.ptr, "commit", val, sizeof(val)) || strcmp(val, r->commit))
		return bad(rd, "BUNDLE", SAKRA_EAUTH, "names another commit than MANIFEST");
	if (info_value(info->data.ptr, "edition", val, sizeof(val)) && strcmp(val, "-") &&
	    !(r->edition = strdup(val)))
		return nomem(rd->err);
	if (!(r->organisation = strdup(rd->m->organisation ? rd->m->organisation : "")))
		return nomem(rd->err);
	rd->stage = 1;
	return 0;
}

/* The kit's keys must be those of the commit: each is in the manifest. */
static int check_kit_keys(struct reader *rd)
{
	for (size_t i = 0; i < rd->nkit; i++) {
		const struct sakra_manifest_entry *e;
		struct sakra_sha256 *h;
		char hex[65];

		if (strncmp(rd->kit[i].name, "keys/", 5) != 0)
			continue;
		if (!(e = sakra_manifest_find(rd->m, rd->kit[i].name)))
			return bad(rd, rd->kit[i].name, SAKRA_EAUTH,
				   "is not a key of the approved commit (not in MANIFEST)");
		if (sakra_sha256_new(&h, rd->err) < 0)
			return -1;
		sakra_sha256_update(h, rd->kit[i].data.ptr, rd->kit[i].data.len);
		sakra_sha256_final_hex(h, hex);
		if (strcmp(hex, e->sha256) != 0)
			return bad(rd, rd->kit[i].name, SAKRA_EAUTH,
				   "differs from the key in the approved commit");
	}
	return 0;
}

static int entry(struct reader *rd, const char *rel, int64_t size)
{
	struct sakra_bundle_report *r = rd->r;
	int fd = -1, rc = 0;

	if (rd->stage == 0 && is_kit_name(rel)) {
		struct kitfile *k = realloc(rd->kit, (rd->nkit + 1) * sizeof(*k));

		if (!k)
			return nomem(rd->err);
		rd->kit = k;
		k = &rd->kit[rd->nkit];
		memset(k, 0, sizeof(*k));
		if (!(k->name = strdup(rel)))
			return nomem(rd->err);
		rd->nkit++;
		if (rd->dir && (fd = create_out(rd, rel)) < 0)
			return -1;
		rc = read_data(rd, rel, size, &k->data,
			       strcmp(rel, "MANIFEST") ? SMALL_MAX : KIT_MAX, NULL, fd);
	} else if (!strncmp(rel, "files/", 6) && rd->stage <= 1) {
		const struct sakra_manifest_entry *m;
		char hex[65];

		if (rd->stage == 0 && finish_kit(rd) < 0)
			return -1;
		if (!(m = sakra_manifest_find(rd->m, rel + 6)))
			return bad(rd, rel, SAKRA_EAUTH, "is not in the signed MANIFEST");
		if (size >= 0 && size != (int64_t)m->size)
			return bad(rd, rel, SAKRA_EAUTH, "has another size than MANIFEST says");
		if (rd->dir && (fd = create_out(rd, rel)) < 0)
			return -1;
		rc = read_data(rd, rel, size, strcmp(rel + 6, "sakra.yml") ? NULL : &rd->sakra_yml,
			       SMALL_MAX, hex, fd);
		if (rc == 0 && strcmp(hex, m->sha256) != 0)
			rc = bad(rd, rel, SAKRA_EAUTH, "does not match its hash in the signed MANIFEST");
		if (rc == 0) {
			rd->present[m - rd->m->files] = 1;
			r->files++;
			r->bytes += (uint64_t)size;
		}
	} else if (!strncmp(rel, "site/", 5)) {
		if (rd->stage == 0 && finish_kit(rd) < 0)
			return -1;
		rd->stage = 2;
		if (rd->dir && (fd = create_out(rd, rel)) < 0)
			return -1;
		rc = read_data(rd, rel, size, NULL, 0, NULL, fd);
		if (rc == 0)
			r->site_files++;
	} else {
		return bad(rd, rel, SAKRA_EPARSE, "%s", rd->stage && is_kit_name(rel)
			   ? "comes after the files; a bundle has its kit first"
			   : !strncmp(rel, "files/", 6) ? "comes after site/; a bundle has files/ first"
			   : "is not part of a bundle (only LÄSMIG.txt, BUNDLE, MANIFEST*, keys/, "
			     "files/ and site/ are)");
	}
	if (fd >= 0 && close(fd) < 0 && rc == 0)
		rc = bad(rd, rel, SAKRA_EIO, "close failed: %s", strerror(errno));
	return rc;
}

/* After the last entry: the edition's files are all there and nothing
 * else; the signatures, judged. */
static int finish(struct reader *rd, struct sakra_pubkey *pinned, size_t npinned)
{
	struct sakra_bundle_report *r = rd->r;
	struct sakra_config *cfg = NULL;
	struct sakra_diags diags = SAKRA_DIAGS_INIT;
	const struct sakra_edition *ed = NULL;
	struct sakra_version *v;
	struct sakra_buf sigs = SAKRA_BUF_INIT;
	int rc = 0;

	if (rd->stage == 0 && finish_kit(rd) < 0)
		return -1;
	if (!rd->sakra_yml.ptr)
		return bad(rd, "files/sakra.yml", SAKRA_EAUTH, "is missing");
	if (sakra_config_parse(&cfg, rd->sakra_yml.ptr, rd->sakra_yml.len, &diags, rd->err) < 0 ||
	    !cfg) {
		rc = bad(rd, "files/sakra.yml", SAKRA_EPARSE, "cannot be read");
		goto out;
	}
	if (r->edition && !(ed = sakra_config_edition(cfg, r->edition))) {
		rc = bad(rd, "BUNDLE", SAKRA_EAUTH, "names edition '%s', which sakra.yml does not have",
			 r->edition);
		goto out;
	}
	for (size_t i = 0; i < rd->m->n; i++) {
		const struct sakra_manifest_entry *e = &rd->m->files[i];
		int in = included(cfg, ed, e->path, e->classification);

		if (in && !rd->present[i]) {
			rc = bad(rd, e->path, SAKRA_EAUTH,
				 "is in the edition and the signed MANIFEST but missing from files/");
			goto out;
		}
		if (!in && rd->present[i]) {
			rc = bad(rd, e->path, SAKRA_EAUTH,
				 "is in files/ but the edition leaves it out (marked %s)",
				 e->classification ? e->classification : "-");
			goto out;
		}
		if (!in) {
			char **n = realloc(r->withheld, (r->nwithheld + 1) * sizeof(*n));

			if (!n || !(n[r->nwithheld] = strdup(e->path))) {
				free(n);
				rc = nomem(rd->err);
				goto out;
			}
			r->withheld = n;
			r->nwithheld++;
		}
	}
	{
		int top = -1;

		for (size_t i = 0; i < rd->m->n; i++) {
			int l = rd->present[i] && rd->m->files[i].classification
					? sakra_config_level(cfg, rd->m->files[i].classification) : -1;

			top = l > top ? l : top;
		}
		if (top >= 0 && !(r->marking = strdup(cfg->levels[top].label))) {
			rc = nomem(rd->err);
			goto out;
		}
	}
	{
		/* BUNDLE is not signed, but must agree with what was found */
		struct kitfile *info = kit_find(rd, "BUNDLE");
		char val[64];
		size_t listed = 0;

		for (const char *p = info->data.ptr; (p = strstr(p, "\nwithheld-file: ")); p++)
			listed++;
		if (!info_value(info->data.ptr, "files", val, sizeof(val)) ||
		    strtoul(val, NULL, 10) != r->files || listed != r->nwithheld) {
			rc = bad(rd, "BUNDLE", SAKRA_EAUTH,
				 "does not list the files and withheld files the bundle holds");
			goto out;
		}
	}
	if ((rc = check_kit_keys(rd)) < 0)
		goto out;
	/* the version, as a repository would hold it, judged by the same rules */
	if (!(r->vs = calloc(1, sizeof(*r->vs))) || !(r->vs->v = calloc(1, sizeof(*v)))) {
		rc = nomem(rd->err);
		goto out;
	}
	r->vs->n = 1;
	r->vs->pinned = pinned;
	r->vs->npinned = npinned;
	v = &r->vs->v[0];
	v->number = r->version;
	snprintf(v->tag, sizeof(v->tag), "%s%ld", SAKRA_APPROVAL_TAG, r->version);
	memcpy(v->commit, r->commit, sizeof(v->commit));
	{
		struct kitfile *man = kit_find(rd, "MANIFEST");

		if (!(v->manifest = malloc(man->data.len + 1))) {
			rc = nomem(rd->err);
			goto out;
		}
		memcpy(v->manifest, man->data.ptr, man->data.len + 1);
		v->manifest_len = man->data.len;
	}
	v->organisation = strdup(r->organisation);
	if (cfg->nroles && !(v->roles = calloc(cfg->nroles, sizeof(char *)))) {
		rc = nomem(rd->err);
		goto out;
	}
	for (size_t i = 0; i < cfg->nroles; i++)
		if ((v->roles[v->nroles++] = strdup(cfg->required_roles[i])) == NULL) {
			rc = nomem(rd->err);
			goto out;
		}
	if (!(v->keys = calloc(rd->nkit + 1, sizeof(*v->keys)))) {
		rc = nomem(rd->err);
		goto out;
	}
	for (size_t i = 0; i < rd->nkit; i++) {
		struct kitfile *k = &rd->kit[i];

		if (!strncmp(k->name, "keys/", 5)) {
			if (sakra_pubkey_parse(&v->keys[v->nkeys], k->name, k->data.ptr, k->data.len,
					       rd->err) < 0) {
				rc = -1;
				goto out;
			}
			v->keys[v->nkeys++].source = strdup(k->name);
		} else if (!strncmp(k->name, "MANIFEST.", 9)) {
			if (r->draft) {
				rc = bad(rd, k->name, SAKRA_EAUTH, "a draft bundle carries a signature");
				goto out;
			}
			if (sakra_buf_put(&sigs, k->data.ptr, k->data.len) < 0 ||
			    (sigs.len && sigs.ptr[sigs.len - 1] != '\n' && sakra_buf_putc(&sigs, '\n') < 0)) {
				rc = nomem(rd->err);
				goto out;
			}
		}
	}
	if (sigs.ptr && sakra_version_read_signatures(v, sigs.ptr) < 0) {
		rc = nomem(rd->err);
		goto out;
	}
	sakra_versions_judge(r->vs);
out:
	sakra_buf_free(&sigs);
	sakra_config_free(cfg);
	sakra_diags_free(&diags);
	return rc < 0 ? (rd->err && rd->err->code ? rd->err->code : rc) : 0;
}

void sakra_bundle_report_free(struct sakra_bundle_report *r)
{
	if (!r)
		return;
	if (r->vs) {
		r->vs->pinned = NULL;
		r->vs->npinned = 0;
		sakra_versions_free(r->vs);
	}
	for (size_t i = 0; i < r->nwithheld; i++)
		free(r->withheld[i]);
	free(r->withheld);
	free(r->organisation);
	free(r->edition);
	free(r->marking);
	free(r);
}

int sakra_bundle_read(struct sakra_bundle_report **out, sakra_source_fn source, void *ctx,
		      const char *passphrase, const char *dir, struct sakra_pubkey *pinned,
		      size_t npinned, struct sakra_error *err)
{
	struct reader *rd = calloc(1, sizeof(*rd));
	struct archive_entry *e;
	size_t entries = 0, plen = 0;
	int rc = 0, ar;

	*out = NULL;
	if (!rd || !(rd->r = calloc(1, sizeof(*rd->r)))) {
		free(rd);
		return nomem(err);
	}
	rd->source = source;
	rd->ctx = ctx;
	rd->err = err;
	rd->dir = dir;
	if (!(rd->a = archive_read_new())) {
		rc = nomem(err);
		goto out;
	}
	archive_read_support_format_tar(rd->a);
	archive_read_support_format_zip_streamable(rd->a);
	if (passphrase)
		archive_read_add_passphrase(rd->a, passphrase);
	if (archive_read_open(rd->a, rd, NULL, rd_read, NULL) != ARCHIVE_OK) {
		rc = rd->source_failed ? (err->code ? err->code : SAKRA_EIO)
		     : bad(rd, NULL, SAKRA_EPARSE, "not a bundle (neither tar nor zip): %s",
			   archive_error_string(rd->a) ? archive_error_string(rd->a) : "?");
		goto out;
	}
	while ((ar = archive_read_next_header(rd->a, &e)) == ARCHIVE_OK || ar == ARCHIVE_WARN) {
		const char *name = archive_entry_pathname_utf8(e), *slash;
		mode_t type = archive_entry_filetype(e);

		if (!name)
			name = archive_entry_pathname(e);
		if (!name) {
			rc = bad(rd, NULL, SAKRA_EPARSE, "an entry has no readable name");
			goto out;
		}
		if (++entries > ENTRIES_MAX) {
			rc = bad(rd, name, SAKRA_ELIMIT, "more than %d entries", ENTRIES_MAX);
			goto out;
		}
		if (archive_entry_hardlink(e) || archive_entry_symlink(e) || type != AE_IFREG) {
			rc = bad(rd, name, SAKRA_EPARSE, "is a %s; a bundle holds regular files only",
				 archive_entry_hardlink(e) ? "hard link" : type == AE_IFLNK ? "symbolic link"
				 : type == AE_IFDIR ? "directory" : "device or special file");
			goto out;
		}
		if (!safe_path(name) || !(slash = strchr(name, '/'))) {
			rc = bad(rd, name, SAKRA_EPARSE, "is not a safe relative path inside the "
				 "bundle's folder (absolute, '..', or outside it)");
			goto out;
		}
		if (!rd->r->name[0]) {
			plen = (size_t)(slash - name);
			if (plen >= sizeof(rd->r->name)) {
				rc = bad(rd, name, SAKRA_EPARSE, "the bundle's folder name is too long");
				goto out;
			}
			memcpy(rd->r->name, name, plen);
		} else if ((size_t)(slash - name) != plen || strncmp(name, rd->r->name, plen)) {
			rc = bad(rd, name, SAKRA_EPARSE, "is outside the bundle's folder %s/",
				 rd->r->name);
			goto out;
		}
		if ((rc = seen_before(rd, slash + 1)) != 0) {
			rc = rc < 0 ? nomem(err) : bad(rd, name, SAKRA_EPARSE, "appears twice");
			goto out;
		}
		if ((rc = entry(rd, slash + 1, archive_entry_size_is_set(e) ?
				archive_entry_size(e) : -1)) < 0)
			goto out;
	}
	if (ar != ARCHIVE_EOF) {
		const char *why = archive_error_string(rd->a);

		rc = rd->source_failed ? (err->code ? err->code : SAKRA_EIO)
		     : why && strstr(why, "assphrase")
		     ? bad(rd, NULL, SAKRA_EINVAL, "the zip's passphrase is wrong")
		     : bad(rd, NULL, SAKRA_EPARSE, "the archive is damaged: %s", why ? why : "?");
		goto out;
	}
	if (!entries) {
		rc = bad(rd, NULL, SAKRA_EPARSE, "the archive is empty");
		goto out;
	}
	rc = finish(rd, pinned, npinned);
out:
	if (rd->a)
		archive_read_free(rd->a);
	for (size_t i = 0; i < rd->nkit; i++) {
		free(rd->kit[i].name);
		sakra_buf_free(&rd->kit[i].data);
	}
	free(rd->kit);
	for (size_t i = 0; i < rd->nseen; i++)
		free(rd->seen[i]);
	free(rd->seen);
	free(rd->present);
	sakra_manifest_free(rd->m);
	sakra_buf_free(&rd->sakra_yml);
	if (rc < 0)
		sakra_bundle_report_free(rd->r);
	else
		*out = rd->r;
	free(rd);
	return rc;
}
