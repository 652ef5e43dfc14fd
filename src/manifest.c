/* manifest: the signed text of a commit. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sakra/cache.h"
#include "sakra/crypto.h"
#include "sakra/manifest.h"

/* Header values stay on their line. */
static int put_line_text(struct sakra_buf *b, const char *s)
{
	for (; s && *s; s++)
		if (sakra_buf_putc(b, (unsigned char)*s < 0x20 ? ' ' : *s) < 0)
			return SAKRA_ENOMEM;
	return 0;
}

/* The hashes of a tree's files, two at a time: a helper thread takes
 * large blobs from the end (those it can read without libgit2), the
 * caller every file from the start, until they meet. */
struct hashing {
	const struct sakra_tree *t;
	char (*hex)[65];
	unsigned char *state;        /* 0 to do, 1 taken, 2 done */
	pthread_mutex_t mu;
	int failed;
	struct sakra_error err;      /* the helper's */
};

static int take(struct hashing *h, size_t i)
{
	int mine;

	pthread_mutex_lock(&h->mu);
	if ((mine = h->state[i] == 0 && !h->failed))
		h->state[i] = 1;
	pthread_mutex_unlock(&h->mu);
	return mine;
}

static void *helper(void *arg)
{
	struct hashing *h = arg;

	for (size_t i = h->t->n; i-- > 0;) {
		const struct sakra_file *f = &h->t->files[i];
		int rc;

		if (f->symlink || f->size < (1u << 20))
			continue;
		if (!take(h, i))
			break;
		rc = sakra_tree_sha256(h->t, f, h->hex[i], 1, &h->err);
		pthread_mutex_lock(&h->mu);
		h->state[i] = rc == 0 ? 2 : 0;   /* 1: the caller hashes it through libgit2 */
		if (rc < 0)
			h->failed = 1;
		pthread_mutex_unlock(&h->mu);
		if (rc < 0)
			break;
	}
	return NULL;
}

static int hash_files(const struct sakra_tree *t, char (*hex)[65], struct sakra_error *err)
{
	struct hashing h;
	pthread_t th;
	size_t big = 0;
	int threaded = 0, rc = 0;

	memset(&h, 0, sizeof(h));
	h.t = t;
	h.hex = hex;
	if (!(h.state = calloc(t->n ? t->n : 1, 1)))
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	pthread_mutex_init(&h.mu, NULL);
	sakra_error_clear(&h.err);
	for (size_t i = 0; i < t->n; i++)
		big += !t->files[i].symlink && t->files[i].size >= (1u << 20);
	if (big >= 2)
		threaded = pthread_create(&th, NULL, helper, &h) == 0;
	for (size_t i = 0; i < t->n && rc == 0; i++)
		if (take(&h, i) && (rc = sakra_tree_sha256(t, &t->files[i], hex[i], 0, err)) == 0) {
			pthread_mutex_lock(&h.mu);
			h.state[i] = 2;
			pthread_mutex_unlock(&h.mu);
		}
	if (rc < 0) {
		pthread_mutex_lock(&h.mu);
		h.failed = 1;
		pthread_mutex_unlock(&h.mu);
	}
	if (threaded)
		pthread_join(th, NULL);
	if (rc == 0 && h.failed) {
		*err = h.err;
		rc = h.err.code < 0 ? h.err.code : SAKRA_EIO;
	}
	/* what the helper gave back */
	for (size_t i = 0; i < t->n && rc == 0; i++)
		if (h.state[i] != 2)
			rc = sakra_tree_sha256(t, &t->files[i], hex[i], 0, err);
	pthread_mutex_destroy(&h.mu);
	free(h.state);
	return rc;
}

int sakra_manifest_build(struct sakra_buf *out, const struct sakra_plan *plan,
			 struct sakra_error *err)
{
	const struct sakra_tree *t = plan->tree;
	size_t start = out->len;
	char (*hex)[65];
	int rc = 0;

	if (!t->from_rev)
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
				       "a manifest describes a commit, not a working tree");
	rc |= sakra_buf_printf(out, "# sakra manifest %d\n# organisation: ", SAKRA_MANIFEST_FORMAT);
	rc |= put_line_text(out, plan->config ? plan->config->org_name : NULL);
	rc |= sakra_buf_puts(out, "\n# framework: ");
	rc |= put_line_text(out, plan->config ? plan->config->framework_id : NULL);
	rc |= sakra_buf_printf(out, "\n# commit: %s\n# tree: %s\n# files: %zu\n", t->commit,
			       t->tree_id, t->n);
	if (rc)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < t->n; i++) {
		const struct sakra_file *f = &t->files[i];

		if (strpbrk(f->path, "\n\\"))
			return sakra_error_set(err, SAKRA_EINVAL, f->path, 0, 0,
					       "a file name with a newline or backslash cannot be "
					       "in a manifest; rename it");
		if (f->symlink)
			return sakra_error_set(err, SAKRA_EINVAL, f->path, 0, 0,
					       "a symbolic link cannot be in a manifest (sha256sum "
					       "would read its target); replace it with the file");
	}
	if (!(hex = malloc((t->n ? t->n : 1) * sizeof(*hex))))
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	if ((rc = hash_files(t, hex, err)) < 0) {
		free(hex);
		return rc;
	}
	for (size_t i = 0; i < t->n; i++) {
		const struct sakra_file *f = &t->files[i];
		const char *level = sakra_plan_marking(plan, f->path);

		if (sakra_buf_printf(out, "# size=%zu classification=%s\n%s  %s\n", f->size,
				     level && *level && !strpbrk(level, " \n") ? level : "-", hex[i],
				     f->path) < 0) {
			rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
			break;
		}
	}
	free(hex);
	if (rc == 0 && !t->in_memory)   /* a commit's blobs, not a tree made up */
		sakra_cache_manifest_put(t->commit, out->ptr + start, out->len - start);
	return rc;
}

void sakra_manifest_free(struct sakra_manifest *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->files[i].path);
		free(m->files[i].classification);
	}
	free(m->files);
	free(m->organisation);
	free(m->framework);
	free(m);
}

static int is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* The value of a "# key: value" header line, or NULL. */
static const char *header(const char *line, const char *key)
{
	size_t n = strlen(key);

	if (strncmp(line, "# ", 2) || strncmp(line + 2, key, n) || strncmp(line + 2 + n, ": ", 2))
		return NULL;
	return line + 4 + n;
}

int sakra_manifest_parse(struct sakra_manifest **out, const char *name, const char *text,
			 size_t len, struct sakra_error *err)
{
	struct sakra_manifest *m = calloc(1, sizeof(*m));
	struct sakra_buf line = SAKRA_BUF_INIT;
	size_t lineno = 0, cap = 0, declared = 0, have_meta = 0, meta_size = 0;
	char *meta_class = NULL;
	const char *p = text, *end = text + len, *v;
	int rc = 0, headers = 0;

	*out = NULL;
	if (!m)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	while (p < end && rc == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *l;

		lineno++;
		if (!nl) {
			rc = sakra_error_set(err, SAKRA_EINVAL, name, lineno, 0,
					     "the last line has no newline; the manifest is cut short");
			break;
		}
		if (nl == p) {
			rc = sakra_error_set(err, SAKRA_EINVAL, name, lineno, 0, "an empty line");
			break;
		}
		sakra_buf_clear(&line);
		if (sakra_buf_put(&line, p, (size_t)(nl - p)) < 0) {
			rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
			break;
		}
		p = nl + 1;
		l = line.ptr;
		if (strlen(l) != line.len) {
			rc = sakra_error_set(err, SAKRA_EINVAL, name, lineno, 0, "a NUL byte");
		} else if (lineno == 1) {
			if (strcmp(l, "# sakra manifest 1"))
				rc = sakra_error_set(err, SAKRA_EINVAL, name, lineno, 0,
						     "not a sakra manifest of format 1");
		} else if (headers < 4 && (v = header(l, "organisation")) && headers == 0) {
			headers++;
			if (!(m->organisation = strdup(v)))
				rc = SAKRA_ENOMEM;
		} else if (headers == 1 && (v = header(l, "framework"))) {
			headers++;
			if (!(m->framework = strdup(v)))
				rc = SAKRA_ENOMEM;
		} else if (headers == 2 && (v = header(l, "commit")) && strlen(v) == 40 &&
			   is_hex(v, 40)) {
			headers++;
			memcpy(m->commit, v, 41);
		} else if (headers == 3 && (v = header(l, "tree")) && strlen(v) == 40 &&
			   is_hex(v, 40)) {
			headers++;
			memcpy(m->tree, v, 41);
		} else if (headers == 4 && (v = header(l, "files")) &&
			   strspn(v, "0123456789") == strlen(v) && *v && strlen(v) < 10) {
			headers++;
			declared = strtoul(v, NULL, 10);
		} else if (headers == 5 && strncmp(l, "# size=", 7) == 0 && !have_meta) {
			char *e;
			const char *c;

			meta_size = strtoul(l + 7, &e, 10);
			if (e == l + 7 || strncmp(e, " classification=", 16)) {
				rc = sakra_error_set(err, SAKRA_EINVAL, name, lineno, 0,
						     "expected '# size=N classification=LEVEL'");
				break;
			}
			c = e + 16;
			if (!*c || strchr(c, ' ')) {
				rc = sakra_error_set(err, SAKRA_EINVAL, name, lineno, 0,
						     "a classification is one word, or '-'");
				break;
			}
			if (strcmp(c, "-") && !(meta_class = strdup(c)))
				rc = SAKRA_ENOMEM;
			have_meta = 1;
		} else if (headers == 5 && have_meta && line.len > 66 && is_hex(l, 64) &&
			   l[64] == ' ' && l[65] == ' ') {
			struct sakra_manifest_entry *e;

			if (m->n && strcmp(m->files[m->n - 1].path, l + 66) >= 0) {
				rc = sakra_error_set(err, SAKRA_EINVAL, name, lineno, 0,
						     "'%s' is out of order or repeated", l + 66);
				break;
			}
			if (m->n == cap) {
				size_t ncap = cap ? cap * 2 : 64;
				void *np = realloc(m->files, ncap * sizeof(*m->files));

				if (!np) {
					rc = SAKRA_ENOMEM;
					break;
				}
				m->files = np;
				cap = ncap;
			}
			e = &m->files[m->n];
			memset(e, 0, sizeof(*e));
			if (!(e->path = strdup(l + 66))) {
				rc = SAKRA_ENOMEM;
				break;
			}
			m->n++;
			memcpy(e->sha256, l, 64);
			e->sha256[64] = '\0';
			e->size = meta_size;
			e->classification = meta_class;
			meta_class = NULL;
			have_meta = 0;
		} else {
			rc = sakra_error_set(err, SAKRA_EINVAL, name, lineno, 0,
					     headers < 5 ? "a header line is missing or malformed" :
					     "expected a '# size=' line, then '<sha256>  <path>'");
		}
		if (rc == SAKRA_ENOMEM)
			rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	}
	if (rc == 0 && (headers < 5 || have_meta || declared != m->n))
		rc = sakra_error_set(err, SAKRA_EINVAL, name, lineno, 0,
				     headers < 5 ? "the header is incomplete" :
				     have_meta ? "the last file's line is missing" :
				     "the header counts %zu files, the manifest lists %zu",
				     declared, m->n);
	free(meta_class);
	sakra_buf_free(&line);
	if (rc < 0) {
		sakra_manifest_free(m);
		return rc;
	}
	*out = m;
	return 0;
}

const struct sakra_manifest_entry *sakra_manifest_find(const struct sakra_manifest *m,
							const char *path)
{
	size_t lo = 0, hi = m ? m->n : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(path, m->files[mid].path);

		if (c == 0)
			return &m->files[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int sakra_manifest_compare(const struct sakra_manifest *a, const struct sakra_manifest *b,
			   int (*fn)(void *ctx, enum sakra_change change, const char *path),
			   void *ctx)
{
	size_t i = 0, j = 0, na = a ? a->n : 0, nb = b ? b->n : 0;
	int rc = 0;

	while (rc == 0 && (i < na || j < nb)) {
		int c = i == na ? 1 : j == nb ? -1 : strcmp(a->files[i].path, b->files[j].path);

		if (c < 0)
			rc = fn(ctx, SAKRA_REMOVED, a->files[i++].path);
		else if (c > 0)
			rc = fn(ctx, SAKRA_ADDED, b->files[j++].path);
		else {
			if (strcmp(a->files[i].sha256, b->files[j].sha256))
				rc = fn(ctx, SAKRA_CHANGED, b->files[j].path);
			i++;
			j++;
		}
	}
	return rc;
}
