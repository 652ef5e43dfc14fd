/* history: the earlier versions a bundle carries for its reader's trust
 * chain, written from a repository and read back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sakra/config.h"
#include "sakra/crypto.h"
#include "sakra/history.h"
#include "sakra/intl.h"
#include "sakra/manifest.h"

#define SMALL_MAX (64u << 10)   /* a sakra.yml or a key, as versions_load reads them */

static int nomem(struct sakra_error *err)
{
	return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
}

/* --- writing ---------------------------------------------------------------- */

static int put_block(struct sakra_buf *out, const char *word, const void *data, size_t len)
{
	if (sakra_buf_printf(out, "%s %zu\n", word, len) < 0 || sakra_buf_put(out, data, len) < 0 ||
	    sakra_buf_putc(out, '\n') < 0)
		return SAKRA_ENOMEM;
	return 0;
}

static int put_file(struct sakra_buf *out, struct sakra_tree *tree, const char *path,
		    struct sakra_buf *tmp, struct sakra_error *err)
{
	const struct sakra_file *f = sakra_tree_find(tree, path);
	int rc;

	if (!f)
		return 0;
	sakra_buf_clear(tmp);
	if ((rc = sakra_tree_read(tree, f, tmp, SMALL_MAX, err)) < 0)
		return rc;
	if (sakra_buf_printf(out, "file %zu %s\n", tmp->len, path) < 0 ||
	    sakra_buf_put(out, tmp->ptr ? tmp->ptr : "", tmp->len) < 0 ||
	    sakra_buf_putc(out, '\n') < 0)
		return nomem(err);
	return 0;
}

static int write_version(struct sakra_buf *out, const struct sakra_version *v,
			 struct sakra_repo *repo, struct sakra_error *err)
{
	struct sakra_tree *tree = NULL;
	struct sakra_buf tmp = SAKRA_BUF_INIT, sigs = SAKRA_BUF_INIT;
	int rc;

	if ((rc = sakra_tree_open(&tree, repo, v->commit, err)) < 0)
		return rc;
	if (sakra_buf_printf(out, "version %ld %s\n", v->number, v->commit) < 0 ||
	    put_block(out, "manifest", v->manifest, v->manifest_len) < 0) {
		rc = nomem(err);
		goto out;
	}
	if ((rc = put_file(out, tree, SAKRA_CONFIG_FILE, &tmp, err)) < 0)
		goto out;
	/* keys/ as versions_load read them: every keys/NAME.pub, in order */
	for (size_t i = 0; i < v->nkeys && rc == 0; i++)
		rc = put_file(out, tree, v->keys[i].source, &tmp, err);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < v->nsigs; i++)
		if (sakra_buf_puts(&sigs, v->sigs[i].text) < 0 ||
		    (sigs.len && sigs.ptr[sigs.len - 1] != '\n' && sakra_buf_putc(&sigs, '\n') < 0)) {
			rc = nomem(err);
			goto out;
		}
	if (put_block(out, "signatures", sigs.ptr ? sigs.ptr : "", sigs.len) < 0 ||
	    sakra_buf_puts(out, "end\n") < 0)
		rc = nomem(err);
out:
	sakra_buf_free(&tmp);
	sakra_buf_free(&sigs);
	sakra_tree_free(tree);
	return rc;
}

int sakra_history_write(struct sakra_buf *out, const struct sakra_versions *vs, long number,
			struct sakra_repo *repo, struct sakra_error *err)
{
	int rc = 0;

	if (sakra_buf_puts(out, "sakra history 1\n") < 0)
		return nomem(err);
	for (long n = 1; n < number && rc == 0; n++) {
		const struct sakra_version *v = sakra_versions_find(vs, n, NULL);

		if (!v)
			return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "version %ld has no tag "
					       "here (approved/v%ld), so a reader of the bundle could "
					       "not follow the trust chain to version %ld; fetch the "
					       "tags ('git fetch --tags') and bundle again", n, n, number);
		if (v->error)
			return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "version %ld cannot be "
					       "read (%s), so a reader of the bundle could not follow "
					       "the trust chain to version %ld", n, v->error, number);
		rc = write_version(out, v, repo, err);
	}
	return rc;
}

/* --- reading ------------------------------------------------------------------ */

struct cursor {
	const char *p, *end;
	long version;
	struct sakra_error *err;
};

static int refuse(struct cursor *c, const char *fmt, const char *what)
{
	char where[64] = "";

	if (c->version > 0)
		snprintf(where, sizeof(where), _(" (version %ld)"), c->version);
	return sakra_error_set(c->err, SAKRA_EAUTH, SAKRA_HISTORY_FILE, 0, 0,
			       "is not a history sakra reads%s: %s%s", where, _(fmt), what ? what : "");
}

/* The next line, without its newline, into line (at most cap-1 bytes). */
static int next_line(struct cursor *c, char *line, size_t cap)
{
	const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));

	if (!nl || (size_t)(nl - c->p) >= cap)
		return -1;
	memcpy(line, c->p, (size_t)(nl - c->p));
	line[nl - c->p] = '\0';
	c->p = nl + 1;
	return 0;
}

/* LEN bytes and a newline after them: their start in *data. */
static int take(struct cursor *c, size_t len, const char **data)
{
	if ((size_t)(c->end - c->p) < len + 1 || c->p[len] != '\n')
		return -1;
	*data = c->p;
	c->p += len + 1;
	return 0;
}

/* "WORD LEN" or "WORD LEN REST": the length, and REST in *rest. */
static int block_head(const char *line, const char *word, size_t *len, const char **rest)
{
	size_t w = strlen(word);
	char *end;
	unsigned long long n;

	if (strncmp(line, word, w) != 0 || line[w] != ' ' || line[w + 1] < '0' || line[w + 1] > '9')
		return -1;
	n = strtoull(line + w + 1, &end, 10);
	if (n > SAKRA_HISTORY_MAX || (*end && *end != ' ') || (*end && !rest) || (!*end && rest))
		return -1;
	*len = (size_t)n;
	if (rest)
		*rest = end + 1;
	return 0;
}

static int hash_matches(const struct sakra_manifest *m, const char *path, const char *data,
			size_t len, struct sakra_error *err)
{
	const struct sakra_manifest_entry *e = sakra_manifest_find(m, path);
	struct sakra_sha256 *h = NULL;
	char hex[65];

	if (!e || e->size != len)
		return 0;
	if (sakra_sha256_new(&h, err) < 0)
		return -1;
	sakra_sha256_update(h, data, len);
	sakra_sha256_final_hex(h, hex);   /* frees h */
	return sakra_equal_ct(hex, e->sha256, 64);
}

/* One version's blocks after its "version" line: into v. */
static int read_version(struct cursor *c, struct sakra_version *v)
{
	struct sakra_manifest *m = NULL;
	struct sakra_config *cfg = NULL;
	struct sakra_diags diags = SAKRA_DIAGS_INIT;
	struct sakra_error e;
	char line[4200];
	const char *data, *rest;
	size_t len, keys = 0;
	int rc = -1;

	sakra_error_clear(&e);
	if (next_line(c, line, sizeof(line)) < 0 || block_head(line, "manifest", &len, NULL) < 0 ||
	    take(c, len, &data) < 0)
		return refuse(c, "no MANIFEST", NULL);
	if (sakra_manifest_parse(&m, "MANIFEST", data, len, &e) < 0 || strcmp(m->commit, v->commit)) {
		sakra_manifest_free(m);
		return refuse(c, "its MANIFEST does not describe its commit", NULL);
	}
	if (!(v->manifest = malloc(len + 1))) {
		rc = nomem(c->err);
		goto out;
	}
	memcpy(v->manifest, data, len);
	v->manifest[len] = '\0';
	v->manifest_len = len;
	if (!(v->keys = calloc(m->n + 1, sizeof(*v->keys)))) {
		rc = nomem(c->err);
		goto out;
	}
	while (next_line(c, line, sizeof(line)) == 0 && block_head(line, "file", &len, &rest) == 0) {
		int is_yml = !strcmp(rest, SAKRA_CONFIG_FILE);
		size_t n = strlen(rest);
		int r;

		if (take(c, len, &data) < 0 || len > SMALL_MAX) {
			rc = refuse(c, "a file is cut short or too large: ", rest);
			goto out;
		}
		if (!is_yml && (strncmp(rest, "keys/", 5) || n < 10 || strchr(rest + 5, '/') ||
				strcmp(rest + n - 4, ".pub"))) {
			rc = refuse(c, "it holds a file that is neither sakra.yml nor a key: ", rest);
			goto out;
		}
		if ((r = hash_matches(m, rest, data, len, c->err)) <= 0) {
			rc = r < 0 ? r : refuse(c, "a file differs from its MANIFEST: ", rest);
			goto out;
		}
		if (is_yml) {
			if (cfg) {
				rc = refuse(c, "sakra.yml appears twice", NULL);
				goto out;
			}
			if ((rc = sakra_config_parse(&cfg, data, len, &diags, c->err)) < 0)
				goto out;
			if (!cfg || (rc = sakra_version_set_config(v, cfg)) < 0) {
				rc = cfg ? nomem(c->err) : refuse(c, "sakra.yml cannot be read", NULL);
				goto out;
			}
		} else {
			if (v->nkeys && strcmp(v->keys[v->nkeys - 1].source, rest) >= 0) {
				rc = refuse(c, "the keys are not in order, or one appears twice: ", rest);
				goto out;
			}
			if (sakra_pubkey_parse(&v->keys[v->nkeys], rest, data, len, &e) < 0) {
				rc = refuse(c, "a key cannot be read: ", rest);
				goto out;
			}
			if (!(v->keys[v->nkeys++].source = strdup(rest))) {
				rc = nomem(c->err);
				goto out;
			}
		}
	}
	/* every key and the sakra.yml of the commit, none left out */
	for (size_t i = 0; i < m->n; i++) {
		const char *p = m->files[i].path;
		size_t n = strlen(p);

		if (!strncmp(p, "keys/", 5) && n >= 10 && !strchr(p + 5, '/') && !strcmp(p + n - 4, ".pub"))
			keys++;
		else if (!strcmp(p, SAKRA_CONFIG_FILE) && !cfg) {
			rc = refuse(c, "sakra.yml of its commit is missing", NULL);
			goto out;
		}
	}
	if (keys != v->nkeys) {
		rc = refuse(c, "it does not hold every key of its commit", NULL);
		goto out;
	}
	if (block_head(line, "signatures", &len, NULL) < 0 || take(c, len, &data) < 0 ||
	    next_line(c, line, sizeof(line)) < 0 || strcmp(line, "end") != 0) {
		rc = refuse(c, "its signatures are cut short", NULL);
		goto out;
	}
	{
		char *sigs = malloc(len + 1);

		if (!sigs) {
			rc = nomem(c->err);
			goto out;
		}
		memcpy(sigs, data, len);
		sigs[len] = '\0';
		rc = sakra_version_read_signatures(v, sigs);
		free(sigs);
		if (rc < 0) {
			rc = nomem(c->err);
			goto out;
		}
	}
	rc = 0;
out:
	sakra_manifest_free(m);
	sakra_config_free(cfg);
	sakra_diags_free(&diags);
	return rc;
}

int sakra_history_read(struct sakra_versions *vs, const char *text, size_t len, long number,
		       struct sakra_error *err)
{
	struct cursor c = { text, text + len, 0, err };
	char line[128];

	if (vs->n)
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "history: versions already read");
	if (len > SAKRA_HISTORY_MAX || number - 1 > SAKRA_HISTORY_VERSIONS_MAX)
		return sakra_error_set(err, SAKRA_ELIMIT, SAKRA_HISTORY_FILE, 0, 0, "holds more than "
				       "sakra reads (%u MiB, %d versions)", SAKRA_HISTORY_MAX >> 20,
				       SAKRA_HISTORY_VERSIONS_MAX);
	if (next_line(&c, line, sizeof(line)) < 0 || strcmp(line, "sakra history 1") != 0)
		return refuse(&c, "it does not start with 'sakra history 1'", NULL);
	if (number > 1 && !(vs->v = calloc((size_t)number, sizeof(*vs->v))))
		return nomem(err);
	for (long n = 1; n < number; n++) {
		struct sakra_version *v = &vs->v[vs->n];
		char commit[64];
		long got;
		int rc;

		c.version = n;
		if (next_line(&c, line, sizeof(line)) < 0 ||
		    sscanf(line, "version %ld %63s", &got, commit) != 2 || got != n ||
		    strlen(commit) != 40 || strspn(commit, "0123456789abcdef") != 40)
			return refuse(&c, "the versions before the bundled one are not all there, "
				      "in order", NULL);
		vs->n++;
		v->number = n;
		snprintf(v->tag, sizeof(v->tag), "%s%ld", SAKRA_APPROVAL_TAG, n);
		memcpy(v->commit, commit, 41);
		if ((rc = read_version(&c, v)) < 0)
			return rc;
	}
	c.version = 0;
	if (c.p != c.end)
		return refuse(&c, "something follows the last version", NULL);
	return 0;
}
