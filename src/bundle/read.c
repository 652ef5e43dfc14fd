/* bundle: reading one back with every check made before the caller keeps
 * anything: entries against the signed MANIFEST, the kit, the history, the
 * site rendered again and compared. */
#include "bundle.h"

/* --- reading -------------------------------------------------------------------- */

struct sitefile {
	char *path;                       /* under site/ */
	char hex[65];
	int rendered;
};

struct reader {
	struct archive *a;
	/* a zip bundle: the AES-256 zip around the one tar, whose names it
	 * hides; a is then the tar read from it */
	struct archive *outer;
	int outer_failed;
	unsigned char zin[65536];
	sakra_source_fn source;
	void *ctx;
	struct sakra_error *err;
	int source_failed;
	unsigned char in[65536];     /* what the source gave libarchive */
	unsigned char buf[65536];    /* what libarchive gives back */
	const char *dir;
	struct sakra_bundle_report *r;
	struct kit kit;              /* held until the end: LÄSMIG.txt, BUNDLE, MANIFEST, ... */
	int stage;                   /* 0 kit, 1 files/, 2 site/ */
	struct sakra_manifest *m;
	unsigned char *present;      /* per manifest entry */
	char **kept;                 /* per manifest entry: content kept to render the site */
	struct sitefile *site;       /* site/ as the bundle holds it */
	size_t nsite, capsite;
	uint64_t site_bytes;         /* of site/, as read */
	uint64_t last_read;          /* bytes read_data read of the last entry */
	size_t held;                 /* bytes held of HELD_MAX */
	char maker[32];              /* the sakra that made it, as BUNDLE says */
	long long commit_time;       /* the commit's time and day, as BUNDLE says */
	struct sakra_date commit_date;
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

/* The tar inside a zip bundle, as the zip's one entry gives it. */
static la_ssize_t inner_read(struct archive *a, void *ctx, const void **out)
{
	struct reader *rd = ctx;
	la_ssize_t n = archive_read_data(rd->outer, rd->zin, sizeof(rd->zin));

	if (n < 0) {
		rd->outer_failed = 1;
		archive_set_error(a, EIO, "reading the zip failed");
		return -1;
	}
	*out = rd->zin;
	return n;
}

/* Why the zip around the tar failed: a wrong passphrase, or damage. */
static int outer_bad(struct reader *rd);

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

static int outer_bad(struct reader *rd)
{
	const char *why = archive_error_string(rd->outer);

	if (rd->source_failed)
		return rd->err->code ? rd->err->code : SAKRA_EIO;
	return why && strstr(why, "assphrase")
	       ? bad(rd, NULL, SAKRA_EINVAL, "the zip's passphrase is wrong")
	       : bad(rd, NULL, SAKRA_EPARSE, "the zip is damaged: %s", why ? why : "?");
}

/* A zip bundle holds one entry, NAME.tar: from here on, the tar is read
 * from it. */
static int enter_zip(struct reader *rd)
{
	rd->outer = rd->a;
	if (!(rd->a = archive_read_new()))
		return bundle_nomem(rd->err);
	archive_read_support_format_tar(rd->a);
	if (archive_read_open(rd->a, rd, NULL, inner_read, NULL) != ARCHIVE_OK)
		return rd->outer_failed ? outer_bad(rd)
		       : bad(rd, NULL, SAKRA_EPARSE, "the zip's entry is not a tar: %s",
			     archive_error_string(rd->a) ? archive_error_string(rd->a) : "?");
	return 0;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n > t && strcmp(s + n - t, tail) == 0;
}

/* Counts n more bytes held, or refuses. */
static int hold(struct reader *rd, const char *entry, uint64_t n)
{
	if (n > HELD_MAX - rd->held)
		return bad(rd, entry, SAKRA_ELIMIT, "the bundle's text, names and signatures come to "
			   "more than %u MiB, more than sakra reads", HELD_MAX >> 20);
	rd->held += (size_t)n;
	return 0;
}

/* A relative path of plain components: no '/' at either end, no empty,
 * '.' or '..' component, no control characters, valid UTF-8. */
static int safe_path(const char *p)
{
	size_t n = strlen(p);

	if (!n || n > PATH_LIMIT || p[0] == '/' || p[n - 1] == '/' || !sakra_utf8_valid(p, n, NULL) ||
	    sakra_path_git_refuses(p, 0))
		return 0;   /* and never a path git itself refuses (.git in any form) */
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
	if (hold(rd, path, strlen(path) + 1 + sizeof(char *)) < 0)
		return -2;
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

/* The most a kit entry may hold, or 0 if the name is not one. */
static size_t kit_limit(const char *p)
{
	size_t n = strlen(p);

	if (!strcmp(p, "MANIFEST"))
		return MANIFEST_MAX;
	if (!strcmp(p, SAKRA_HISTORY_FILE))
		return SAKRA_HISTORY_MAX;
	if (sakra_kit_readme_named(p) || !strcmp(p, "BUNDLE"))
		return KIT_TEXT_MAX;
	if (n == 9 + 16 + 8 && !strncmp(p, "MANIFEST.", 9) && !strcmp(p + 25, ".minisig")) {
		for (size_t i = 9; i < 25; i++)
			if (!strchr("0123456789ABCDEF", p[i]))
				return 0;
		return KIT_SMALL_MAX;
	}
	if (!strncmp(p, "keys/", 5) && !strchr(p + 5, '/') && n > 9 && !strcmp(p + n - 4, ".pub"))
		return KIT_SMALL_MAX;
	/* SCOPE.<role> and SCOPE.<role>.<keyid>.minisig: a part a role adopts */
	if (!strncmp(p, "SCOPE.", 6) && n > 6 && strlen(p + 6) < 96) {
		size_t role = strcspn(p + 6, ".");

		for (size_t i = 6; i < 6 + role; i++)
			if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') ||
			      p[i] == '-' || p[i] == '_'))
				return 0;
		if (!role)
			return 0;
		if (!p[6 + role])
			return KIT_SMALL_MAX;
		if (n == 6 + role + 1 + 16 + 8 && !strcmp(p + n - 8, ".minisig")) {
			for (size_t i = 6 + role + 1; i < n - 8; i++)
				if (!strchr("0123456789ABCDEF", p[i]))
					return 0;
			return KIT_SMALL_MAX;
		}
	}
	return 0;
}

/* Each SCOPE.<role> of the kit is what the signed MANIFEST and the
 * governing sakra.yml give for that role's part (the text its signatures
 * are judged on); a part signed in the kit has its SCOPE file. vs: the
 * versions as the bundle alone judges them, the bundled one last. */
static int check_kit_scopes(struct reader *rd, const struct sakra_versions *vs)
{
	const struct sakra_version *v = &vs->v[vs->n - 1];
	const struct sakra_version *gov = v->governed_by ? sakra_versions_find(vs, v->governed_by,
									      NULL) : v;
	struct sakra_buf text = SAKRA_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < rd->kit.n && rc == 0; i++) {
		const struct kitfile *k = &rd->kit.f[i];
		const struct sakra_scope *sc;
		char role[128];
		size_t n;

		if (strncmp(k->name, "SCOPE.", 6) != 0)
			continue;
		n = strcspn(k->name + 6, ".");
		snprintf(role, sizeof(role), "%.*s", (int)n, k->name + 6);
		if (!gov || !(sc = sakra_scope_find(gov->scopes, gov->nscopes, role))) {
			rc = bad(rd, k->name, SAKRA_EAUTH, "is the part of role %s, which the approval "
				 "policy of this version does not have", role);
			break;
		}
		if (k->name[6 + n]) {   /* a signature: its text must be here too */
			snprintf(role, sizeof(role), "SCOPE.%s", sc->role);
			if (!bundle_kit_find(&rd->kit, role))
				rc = bad(rd, k->name, SAKRA_EAUTH, "signs %s, which the bundle does not "
					 "hold", role);
			continue;
		}
		if (sakra_scope_text(&text, sc, v->org_id ? v->org_id : "", v->manifest,
				     v->manifest_len) < 0) {
			rc = bundle_nomem(rd->err);
			break;
		}
		if (k->data.len != text.len || memcmp(k->data.ptr, text.ptr, text.len) != 0)
			rc = bad(rd, k->name, SAKRA_EAUTH, "is not what the signed MANIFEST and "
				 "sakra.yml give for the part of %s", sc->role);
	}
	sakra_buf_free(&text);
	return rc;
}

/* Room for n bytes and a NUL in an empty buffer, and no more: what a
 * reader holds is counted at its size, not at a doubled capacity. */
static int reserve_exact(struct sakra_buf *b, size_t n)
{
	if (!(b->ptr = malloc(n + 1)))
		return -1;
	b->cap = n + 1;
	b->ptr[0] = 0;
	return 0;
}

/* Creates dir/path (and its folders) for writing. */
static int create_out(struct reader *rd, const char *path)
{
	struct sakra_buf full = SAKRA_BUF_INIT;
	char *slash;
	int fd;

	if (sakra_buf_printf(&full, "%s/%s", rd->dir, path) < 0)
		return bundle_nomem(rd->err);
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

/* Writes a file of what was checked or rendered into dir. */
static int put_out(struct reader *rd, const char *path, const void *data, size_t len)
{
	int fd, rc;

	if (!rd->dir)
		return 0;
	if ((fd = create_out(rd, path)) < 0)
		return -1;
	rc = sakra_fd_write(fd, data, len, path, rd->err);
	if (close(fd) < 0 && rc == 0)
		rc = bad(rd, path, SAKRA_EIO, "close failed: %s", strerror(errno));
	return rc;
}

/* Reads the current entry's data: into keep (up to max bytes), hashed into
 * hex, and written to fd. No more than max bytes are read (the manifest's
 * size for files/: a size lie stops at once); the size read must be size
 * when the header gives one. */
static int read_data(struct reader *rd, const char *path, int64_t size, uint64_t max,
		     struct sakra_buf *keep, char hex[65], int fd)
{
	struct sakra_sha256 *h = NULL;
	uint64_t total = 0;
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
		if ((uint64_t)n > max - total) {
			rc = bad(rd, path, SAKRA_ELIMIT, "holds more than the %llu bytes it may",
				 (unsigned long long)max);
			break;
		}
		total += (uint64_t)n;
		if (keep && sakra_buf_put(keep, rd->buf, (size_t)n) < 0) {
			rc = bundle_nomem(rd->err);
			break;
		}
		if (h)
			sakra_sha256_update(h, rd->buf, (size_t)n);
		if (fd >= 0 && (rc = sakra_fd_write(fd, rd->buf, (size_t)n, path, rd->err)) < 0)
			break;
	}
	rd->last_read = total;
	if (rc == 0 && size >= 0 && total != (uint64_t)size)
		rc = bad(rd, path, SAKRA_EPARSE, "holds %llu bytes, its header says %lld",
			 (unsigned long long)total, (long long)size);
	if (h) {
		if (rc == 0)
			sakra_sha256_final_hex(h, hex);
		else
			sakra_sha256_free(h);
	}
	if (rc == 0 && keep && !keep->ptr && sakra_buf_put(keep, "", 0) < 0)
		rc = bundle_nomem(rd->err);
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

/* Once the kit is in: the manifest and what BUNDLE says. BUNDLE is not
 * signed: what it claims is used only to render it again, and the result
 * must be the same bytes. */
static int finish_kit(struct reader *rd)
{
	struct kitfile *man = bundle_kit_find(&rd->kit, "MANIFEST"), *info = bundle_kit_find(&rd->kit, "BUNDLE");
	struct sakra_bundle_report *r = rd->r;
	char val[256], head[64];
	int rc;

	if (!man || !info)
		return bad(rd, NULL, SAKRA_EPARSE, "the bundle has no %s before its files: "
			   "it was not written by sakra bundle", man ? "BUNDLE" : "MANIFEST");
	snprintf(head, sizeof(head), "# sakra bundle %d\n", SAKRA_BUNDLE_FORMAT);
	if (strncmp(info->data.ptr, head, strlen(head)) != 0)
		return bad(rd, "BUNDLE", SAKRA_EPARSE, "is not of bundle format %d (made by another "
			   "version of sakra?)", SAKRA_BUNDLE_FORMAT);
	if ((rc = sakra_manifest_parse(&rd->m, "MANIFEST", man->data.ptr, man->data.len,
				       rd->err)) < 0) {
		if (rc == SAKRA_EINVAL)
			rd->err->code = SAKRA_EAUTH;   /* a damaged manifest does not verify */
		return -1;
	}
	if (!(rd->present = calloc(rd->m->n + 1, 1)) || !(rd->kept = calloc(rd->m->n + 1,
									   sizeof(char *))))
		return bundle_nomem(rd->err);
	memcpy(r->commit, rd->m->commit, sizeof(r->commit));
	if (!info_value(info->data.ptr, "version", val, sizeof(val)))
		return bad(rd, "BUNDLE", SAKRA_EPARSE, "names no version");
	if (!strcmp(val, "draft"))
		r->draft = 1;
	else if ((r->version = strtol(val, NULL, 10)) <= 0 || r->version > 1000000)
		return bad(rd, "BUNDLE", SAKRA_EPARSE, "version '%.40s' is not a number", val);
	if (!info_value(info->data.ptr, "commit", val, sizeof(val)) || strcmp(val, r->commit))
		return bad(rd, "BUNDLE", SAKRA_EAUTH, "names another commit than MANIFEST");
	if (info_value(info->data.ptr, "edition", val, sizeof(val)) && strcmp(val, "-") &&
	    !(r->edition = strdup(val)))
		return bundle_nomem(rd->err);
	if (!info_value(info->data.ptr, "sakra", rd->maker, sizeof(rd->maker)) ||
	    !info_value(info->data.ptr, "commit-time", val, sizeof(val)) ||
	    (rd->commit_time = strtoll(val, NULL, 10), 0) ||
	    !info_value(info->data.ptr, "commit-date", val, sizeof(val)) ||
	    sakra_date_parse(val, &rd->commit_date) < 0)
		return bad(rd, "BUNDLE", SAKRA_EPARSE, "does not say which sakra made it and when "
			   "the commit was made");
	if (!(r->organisation = strdup(rd->m->organisation ? rd->m->organisation : "")))
		return bundle_nomem(rd->err);
	rd->stage = 1;
	return 0;
}

static int entry(struct reader *rd, const char *rel, int64_t size)
{
	struct sakra_bundle_report *r = rd->r;
	size_t limit = rd->stage == 0 ? kit_limit(rel) : 0;
	int fd = -1, rc = 0;

	if (limit) {
		struct kitfile *k;
		int held;

		if (rd->kit.n >= KIT_FILES_MAX)
			return bad(rd, rel, SAKRA_ELIMIT, "more than %d keys and signatures",
				   KIT_FILES_MAX);
		if (size > (int64_t)limit)
			return bad(rd, rel, SAKRA_ELIMIT, "is larger than the %zu bytes it may be", limit);
		/* the history has a bound of its own (SAKRA_HISTORY_MAX) */
		held = strcmp(rel, SAKRA_HISTORY_FILE) != 0;
		if ((held && size >= 0 && hold(rd, rel, (uint64_t)size + 1) < 0) ||
		    !(k = bundle_kit_add(&rd->kit, rel)))
			return rd->err->code ? -1 : bundle_nomem(rd->err);
		/* held at its exact size when the header gives one */
		if (size >= 0 && reserve_exact(&k->data, (size_t)size) < 0)
			return bundle_nomem(rd->err);
		if ((rc = read_data(rd, rel, size, limit, &k->data, NULL, -1)) < 0)
			return rc;
		return size < 0 && held ? hold(rd, rel, k->data.len + 1) : 0;
	}
	if (!strncmp(rel, "files/", 6) && rd->stage <= 1) {
		const struct sakra_manifest_entry *m;
		struct sakra_buf keep = SAKRA_BUF_INIT;
		int want;
		char hex[65];

		if (rd->stage == 0 && finish_kit(rd) < 0)
			return -1;
		if (!(m = sakra_manifest_find(rd->m, rel + 6)))
			return bad(rd, rel, SAKRA_EAUTH, "is not in the signed MANIFEST");
		if (size >= 0 && size != (int64_t)m->size)
			return bad(rd, rel, SAKRA_EAUTH, "has another size than MANIFEST says");
		if ((want = bundle_needed_for_site(rel + 6))) {
			if (m->size > TEXT_FILE_MAX)
				return bad(rd, rel, SAKRA_ELIMIT, "is larger than the %u MiB sakra renders",
					   TEXT_FILE_MAX >> 20);
			if (hold(rd, rel, m->size + 1) < 0)
				return -1;
			/* exactly the signed size: reading stops there */
			if (reserve_exact(&keep, m->size) < 0)
				return bundle_nomem(rd->err);
		}
		if (rd->dir && (fd = create_out(rd, rel)) < 0)
			return -1;
		rc = read_data(rd, rel, size, m->size, want ? &keep : NULL, hex, fd);
		if (rc == 0 && !sakra_equal_ct(hex, m->sha256, 64))
			rc = bad(rd, rel, SAKRA_EAUTH, "does not match its hash in the signed MANIFEST");
		if (rc == 0 && keep.len != m->size && want)
			rc = bad(rd, rel, SAKRA_EAUTH, "has another size than MANIFEST says");
		if (rc == 0) {
			size_t i = (size_t)(m - rd->m->files);

			rd->present[i] = 1;
			if (want)
				rd->kept[i] = sakra_buf_detach(&keep);
			r->files++;
			r->bytes += m->size;
		}
		sakra_buf_free(&keep);
	} else if (!strncmp(rel, "site/", 5)) {
		struct sitefile *sf;

		if (rd->stage == 0 && finish_kit(rd) < 0)
			return -1;
		rd->stage = 2;
		if (hold(rd, rel, strlen(rel) + sizeof(*sf)) < 0)
			return -1;
		if (rd->nsite == rd->capsite) {
			size_t cap = rd->capsite ? 2 * rd->capsite : 64;

			if (!(sf = realloc(rd->site, cap * sizeof(*sf))))
				return bundle_nomem(rd->err);
			rd->site = sf;
			rd->capsite = cap;
		}
		sf = &rd->site[rd->nsite];
		memset(sf, 0, sizeof(*sf));
		if (!(sf->path = strdup(rel + 5)))
			return bundle_nomem(rd->err);
		rd->nsite++;
		/* the bytes read count, not what a header declares (a zip's data
		 * descriptor declares nothing up front) */
		{
			uint64_t left = SITE_TOTAL_MAX - rd->site_bytes;

			rc = read_data(rd, rel, size, left < SITE_FILE_MAX ? left : SITE_FILE_MAX, NULL,
				       sf->hex, -1);
			rd->site_bytes += rd->last_read;
			if (rc < 0 && rd->err->code == SAKRA_ELIMIT && left < SITE_FILE_MAX)
				rc = bad(rd, rel, SAKRA_ELIMIT, "site/ holds more than %llu MiB",
					 SITE_TOTAL_MAX >> 20);
		}
	} else {
		return bad(rd, rel, SAKRA_EPARSE, "%s", rd->stage && kit_limit(rel)
			   ? "comes after the files; a bundle has its kit first"
			   : !strncmp(rel, "files/", 6) ? "comes after site/; a bundle has files/ first"
			   : "is not part of a bundle (only LÄSMIG.txt, BUNDLE, MANIFEST*, SCOPE*, "
			     "keys/, files/ and site/ are)");
	}
	if (fd >= 0 && close(fd) < 0 && rc == 0)
		rc = bad(rd, rel, SAKRA_EIO, "close failed: %s", strerror(errno));
	return rc;
}

/* The SHA-256 of data, as 64 hex digits. */
static int sha256_hex(struct reader *rd, const void *data, size_t len, char hex[65])
{
	struct sakra_sha256 *h;

	if (sakra_sha256_new(&h, rd->err) < 0)
		return -1;
	sakra_sha256_update(h, data, len);
	sakra_sha256_final_hex(h, hex);
	return 0;
}

/* The kit's keys are exactly the commit's keys/: each is in the manifest
 * with the same content, and none is missing. A draft's kit has none. */
static int check_kit_keys(struct reader *rd)
{
	size_t keys = 0;

	for (size_t i = 0; i < rd->kit.n; i++) {
		const struct kitfile *k = &rd->kit.f[i];
		const struct sakra_manifest_entry *e;
		char hex[65];

		if (strncmp(k->name, "keys/", 5) != 0)
			continue;
		if (rd->r->draft)
			return bad(rd, k->name, SAKRA_EAUTH, "a draft bundle carries no keys");
		keys++;
		if (!(e = sakra_manifest_find(rd->m, k->name)))
			return bad(rd, k->name, SAKRA_EAUTH,
				   "is not a key of the approved commit (not in MANIFEST)");
		if (sha256_hex(rd, k->data.ptr, k->data.len, hex) < 0)
			return -1;
		if (!sakra_equal_ct(hex, e->sha256, 64))
			return bad(rd, k->name, SAKRA_EAUTH,
				   "differs from the key in the approved commit");
	}
	for (size_t i = 0; i < rd->m->n && !rd->r->draft; i++)
		if (kit_limit(rd->m->files[i].path) == KIT_SMALL_MAX &&
		    !strncmp(rd->m->files[i].path, "keys/", 5))
			keys--;
	if (keys)
		return bad(rd, "keys/", SAKRA_EAUTH, "does not hold every key of the approved commit");
	return 0;
}

/* LÄSMIG.txt or BUNDLE as the bundle holds it must be what the signed
 * content gives. */
static int same_as_made(struct reader *rd, const char *name, const struct sakra_buf *made)
{
	const struct kitfile *k = bundle_kit_find(&rd->kit, name);

	if (!k || k->data.len != made->len || memcmp(k->data.ptr, made->ptr, made->len) != 0)
		return bad(rd, name, SAKRA_EAUTH, "is not what the signed files give: it was "
			   "changed after the bundle was made%s", strcmp(rd->maker, SAKRA_VERSION)
			   ? " (or another version of sakra made it)" : "");
	return put_out(rd, name, made->ptr, made->len);
}

static int cmp_sitefile(const void *a, const void *b)
{
	return strcmp(((const struct sitefile *)a)->path, ((const struct sitefile *)b)->path);
}

/* The site rendered from the signed files, file by file: the bundle must
 * hold the same bytes. What is written to dir is this rendering. */
static int site_check(void *ctx, const char *path, const void *data, size_t len,
		      struct sakra_error *err)
{
	struct reader *rd = ctx;
	struct sitefile key, *sf;
	struct sakra_buf out = SAKRA_BUF_INIT;
	char hex[65];
	int rc;

	(void)err;
	key.path = (char *)path;
	sf = rd->nsite ? bsearch(&key, rd->site, rd->nsite, sizeof(*sf), cmp_sitefile) : NULL;
	if (!sf)
		return bad(rd, NULL, SAKRA_EAUTH, "site/%s is missing from the bundle", path);
	if (sha256_hex(rd, data, len, hex) < 0)
		return -1;
	if (!sakra_equal_ct(hex, sf->hex, 64))
		return bad(rd, NULL, SAKRA_EAUTH, "site/%s is not the page the signed files give: "
			   "it was changed after the bundle was made%s", path,
			   strcmp(rd->maker, SAKRA_VERSION) ? " (or another version of sakra made it)"
			   : "");
	sf->rendered = 1;
	if (sakra_buf_printf(&out, "site/%s", path) < 0)
		return bundle_nomem(rd->err);
	rc = put_out(rd, out.ptr, data, len);
	sakra_buf_free(&out);
	return rc;
}

/* Renders LÄSMIG.txt, BUNDLE and site/ from the signed content and
 * compares them with the bundle's; writes the kit into dir. */
static int render_again(struct reader *rd, const struct sakra_config *cfg,
			const struct sakra_edition *ed, const struct sakra_versions *lv)
{
	struct facts f;
	struct sakra_buf text = SAKRA_BUF_INIT;
	struct sakra_tree *tree = NULL;
	struct sakra_plan *plan = NULL;
	struct sakra_diags diags = SAKRA_DIAGS_INIT;
	struct sakra_site_options so;
	struct sakra_site_stats stats;
	struct sakra_site_writer sw;
	const char *readme;
	int rc;

	bundle_facts_init(&f, cfg, ed, rd->m, rd->r->commit, rd->commit_time, rd->commit_date, rd->maker);
	f.v = lv ? &lv->v[lv->n - 1] : NULL;
	f.number = rd->r->draft ? 0 : rd->r->version;
	bundle_facts_count(&f);
	if (strcmp(f.name, rd->r->name) != 0) {
		rc = bad(rd, NULL, SAKRA_EAUTH, "the bundle's folder is %s/, but its content makes it "
			 "%s/", rd->r->name, f.name);
		goto out;
	}
	readme = rd->r->readme = sakra_kit_readme_name(bundle_readme_lang(cfg->language));
	if ((rc = bundle_put_readme(&text, &f)) < 0 || (rc = same_as_made(rd, readme, &text)) < 0)
		goto out;
	sakra_buf_clear(&text);
	if ((rc = bundle_put_info(&text, &f)) < 0 || (rc = same_as_made(rd, "BUNDLE", &text)) < 0)
		goto out;
	for (size_t i = 0; i < rd->kit.n; i++) {
		const struct kitfile *k = &rd->kit.f[i];

		/* a README of another language is no part of this bundle */
		if (sakra_kit_readme_named(k->name) && strcmp(k->name, readme) != 0) {
			rc = bad(rd, k->name, SAKRA_EAUTH, "is not part of this bundle: its plan is "
				 "written in '%s', whose README is %s", cfg->language ? cfg->language :
				 "sv", readme);
			goto out;
		}
		if (!sakra_kit_readme_named(k->name) && strcmp(k->name, "BUNDLE") &&
		    (rc = put_out(rd, k->name, k->data.ptr ? k->data.ptr : "", k->data.len)) < 0)
			goto out;
	}
	/* the edition's files as a tree, the site rendered from them */
	if ((rc = sakra_tree_new(&tree, rd->r->commit, rd->err)) < 0)
		goto out;
	tree->commit_time = rd->commit_time;
	tree->commit_date = rd->commit_date;
	for (size_t i = 0; i < rd->m->n; i++) {
		const struct sakra_manifest_entry *e = &rd->m->files[i];

		char *data = rd->kept[i];

		rd->kept[i] = NULL;   /* the tree's now */
		if ((rc = sakra_tree_add(tree, e->path, e->size, data,
					 e->classification ? e->classification : "", e->sha256,
					 !sakra_edition_includes(cfg, ed, e->path, e->classification, e->size),
					 rd->err)) < 0)
			goto out;
	}
	if ((rc = sakra_plan_load(&plan, tree, &diags, rd->err)) < 0)
		goto out;
	if (rd->nsite)
		qsort(rd->site, rd->nsite, sizeof(*rd->site), cmp_sitefile);
	bundle_site_options(&so, &f, lv);
	sw.write = site_check;
	sw.copy = NULL;
	sw.ctx = rd;
	sakra_diags_free(&diags);
	if ((rc = sakra_site_build(plan, &so, &sw, &diags, &stats, rd->err)) < 0) {
		if (rc == SAKRA_EINVAL)
			rd->err->code = SAKRA_EAUTH;
		goto out;
	}
	for (size_t i = 0; i < rd->nsite; i++)
		if (!rd->site[i].rendered) {
			rc = bad(rd, NULL, SAKRA_EAUTH, "site/%s is not part of the site the signed "
				 "files give", rd->site[i].path);
			goto out;
		}
	rd->r->site_files = rd->nsite;
	/* the reader's to compare with another version (sakra diff) */
	rd->r->plan = plan;
	rd->r->tree = tree;
	plan = NULL;
	tree = NULL;
	rc = 0;
out:
	sakra_buf_free(&text);
	sakra_plan_free(plan);
	sakra_tree_free(tree);
	sakra_diags_free(&diags);
	return rc;
}

/* After the last entry: the edition's files are all there and nothing
 * else; what the bundle says of itself and its site are rendered again
 * from the signed content; the signatures, judged. */
static int finish(struct reader *rd, struct sakra_pubkey *pinned, size_t npinned)
{
	struct sakra_bundle_report *r = rd->r;
	struct sakra_config *cfg = NULL;
	struct sakra_diags diags = SAKRA_DIAGS_INIT;
	const struct sakra_edition *ed = NULL;
	const struct sakra_manifest_entry *yml;
	struct sakra_versions *lv = NULL;
	int rc = 0;

	if (rd->stage == 0 && finish_kit(rd) < 0)
		return -1;
	yml = sakra_manifest_find(rd->m, SAKRA_CONFIG_FILE);
	if (!yml || !rd->kept[yml - rd->m->files])
		return bad(rd, "files/sakra.yml", SAKRA_EAUTH, "is missing");
	if (sakra_config_parse(&cfg, rd->kept[yml - rd->m->files], yml->size, &diags, rd->err) < 0 ||
	    !cfg) {
		rc = bad(rd, "files/sakra.yml", SAKRA_EAUTH, "cannot be read");
		goto out;
	}
	if (r->edition && !(ed = sakra_config_edition(cfg, r->edition))) {
		rc = bad(rd, "BUNDLE", SAKRA_EAUTH, "names edition '%s', which sakra.yml does not have",
			 r->edition);
		goto out;
	}
	for (size_t i = 0; i < rd->m->n; i++) {
		const struct sakra_manifest_entry *e = &rd->m->files[i];
		int in = sakra_edition_includes(cfg, ed, e->path, e->classification, e->size);

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
				if (n)
					r->withheld = n;
				rc = bundle_nomem(rd->err);
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
			rc = bundle_nomem(rd->err);
			goto out;
		}
	}
	if ((rc = check_kit_keys(rd)) < 0)
		goto out;
	if (r->draft) {
		for (size_t i = 0; i < rd->kit.n; i++)
			if (!strncmp(rd->kit.f[i].name, "MANIFEST.", 9) ||
			    !strncmp(rd->kit.f[i].name, "SCOPE.", 6) ||
			    !strcmp(rd->kit.f[i].name, SAKRA_HISTORY_FILE)) {
				rc = bad(rd, rd->kit.f[i].name, SAKRA_EAUTH,
					 "a draft bundle carries a signature");
				goto out;
			}
	} else if ((rc = bundle_kit_version(&lv, &rd->kit, r->version, r->commit, cfg, r->organisation,
				     NULL, 0, rd->err)) < 0 ||
		   (rc = check_kit_scopes(rd, lv)) < 0) {
		if (rc != SAKRA_ENOMEM)
			rd->err->code = SAKRA_EAUTH;
		goto out;
	}
	/* the version as the reader judges it: only pinned keys count when
	 * there are any. One that does not count is refused by the caller as
	 * it is, its site unread. */
	if (!r->draft) {
		const struct sakra_version *v;
		int sound = 1;

		if ((rc = bundle_kit_version(&r->vs, &rd->kit, r->version, r->commit, cfg,
				      r->organisation, pinned, npinned, rd->err)) < 0)
			goto out;
		v = &r->vs->v[r->vs->n - 1];
		for (size_t i = 0; i < v->nsigs; i++)
			sound &= !v->sigs[i].broken;
		if (!v->approved || !sound)
			goto out;
	}
	if ((rc = render_again(rd, cfg, ed, lv)) < 0)
		goto out;
	r->rendered = 1;
out:
	sakra_versions_free(lv);
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
	sakra_plan_free(r->plan);
	sakra_tree_free(r->tree);
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

	bundle_utf8_names();

	*out = NULL;
	if (!rd || !(rd->r = calloc(1, sizeof(*rd->r)))) {
		free(rd);
		return bundle_nomem(err);
	}
	rd->source = source;
	rd->ctx = ctx;
	rd->err = err;
	rd->dir = dir;
	if (!(rd->a = archive_read_new())) {
		rc = bundle_nomem(err);
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
		if (!entries && !rd->outer && type == AE_IFREG && !strchr(name, '/') &&
		    ends_with(name, ".tar") &&
		    (archive_format(rd->a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP) {
			if ((rc = enter_zip(rd)) < 0)
				goto out;
			continue;
		}
		if (++entries > ENTRIES_MAX) {
			rc = bad(rd, NULL, SAKRA_ELIMIT, "more than %d entries", ENTRIES_MAX);
			goto out;
		}
		if (archive_entry_hardlink(e) || archive_entry_symlink(e) || type != AE_IFREG) {
			rc = bad(rd, NULL, SAKRA_EPARSE, "an entry is a %s; a bundle holds regular files "
				 "only", archive_entry_hardlink(e) ? "hard link" : type == AE_IFLNK
				 ? "symbolic link" : type == AE_IFDIR ? "directory"
				 : "device or special file");
			goto out;
		}
		if (!safe_path(name) || !(slash = strchr(name, '/'))) {
			rc = bad(rd, NULL, SAKRA_EPARSE, "an entry's name is not a safe relative path "
				 "inside the bundle's folder (absolute, '..', control characters, "
				 "a path git refuses such as .git, or outside it)");
			goto out;
		}
		if (!rd->r->name[0]) {
			plen = (size_t)(slash - name);
			if (plen >= sizeof(rd->r->name)) {
				rc = bad(rd, NULL, SAKRA_EPARSE, "the bundle's folder name is too long");
				goto out;
			}
			memcpy(rd->r->name, name, plen);
		} else if ((size_t)(slash - name) != plen || strncmp(name, rd->r->name, plen)) {
			rc = bad(rd, name, SAKRA_EPARSE, "is outside the bundle's folder %s/",
				 rd->r->name);
			goto out;
		}
		if ((rc = seen_before(rd, slash + 1)) != 0) {
			rc = rc == -1 ? bundle_nomem(err) : rc == -2 ? err->code
			     : bad(rd, name, SAKRA_EPARSE, "appears twice");
			goto out;
		}
		if ((rc = entry(rd, slash + 1, archive_entry_size_is_set(e) ?
				archive_entry_size(e) : -1)) < 0)
			goto out;
	}
	if (ar != ARCHIVE_EOF && rd->outer_failed) {
		rc = outer_bad(rd);
		goto out;
	}
	if (ar == ARCHIVE_EOF && rd->outer) {
		/* the tar is the zip's only entry */
		ar = archive_read_next_header(rd->outer, &e);
		if (ar != ARCHIVE_EOF) {
			rc = ar == ARCHIVE_OK || ar == ARCHIVE_WARN
			     ? bad(rd, NULL, SAKRA_EPARSE, "the zip holds more than its one tar")
			     : outer_bad(rd);
			goto out;
		}
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
	if (rd->outer)
		archive_read_free(rd->outer);
	bundle_kit_free(&rd->kit);
	for (size_t i = 0; i < rd->nseen; i++)
		free(rd->seen[i]);
	free(rd->seen);
	for (size_t i = 0; rd->m && rd->kept && i < rd->m->n; i++)
		free(rd->kept[i]);
	free(rd->kept);
	for (size_t i = 0; i < rd->nsite; i++)
		free(rd->site[i].path);
	free(rd->site);
	free(rd->present);
	sakra_manifest_free(rd->m);
	if (rc < 0)
		sakra_bundle_report_free(rd->r);
	else
		*out = rd->r;
	free(rd);
	return rc;
}
