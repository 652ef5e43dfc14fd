/* approval: approved versions as git tags holding minisign signatures. */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sakra/approval.h"
#include "sakra/cache.h"
#include "sakra/words.h"
#include "sakra/manifest.h"
#include "sakra/plan.h"
#include "sakra/date.h"
#include "sakra/stream.h"

/* --- keys ------------------------------------------------------------------------ */

void sakra_keys_free(struct sakra_pubkey *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sakra_pubkey_clear(&keys[i]);
	free(keys);
}

int sakra_keys_load(struct sakra_pubkey **out, size_t *n, struct sakra_tree *tree,
		    struct sakra_error *err)
{
	struct sakra_pubkey *keys = calloc(tree->n + 1, sizeof(*keys));
	struct sakra_buf text = SAKRA_BUF_INIT;
	size_t count = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!keys)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < tree->n && rc == 0; i++) {
		const struct sakra_file *f = &tree->files[i];
		size_t len = strlen(f->path);

		/* keys/NAME.pub, as a bundle carries them */
		if (strncmp(f->path, "keys/", 5) != 0 || len < 10 || strchr(f->path + 5, '/') ||
		    strcmp(f->path + len - 4, ".pub"))
			continue;
		sakra_buf_clear(&text);
		if ((rc = sakra_tree_read(tree, f, &text, 64 * 1024, err)) == 0 &&
		    (rc = sakra_pubkey_parse(&keys[count], f->path, text.ptr ? text.ptr : "",
					     text.len, err)) == 0) {
			if (!(keys[count++].source = strdup(f->path)))
				rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
		}
	}
	sakra_buf_free(&text);
	if (rc < 0) {
		sakra_keys_free(keys, count);
		return rc;
	}
	*out = keys;
	*n = count;
	return 0;
}

static const struct sakra_pubkey *key_by_num(const struct sakra_pubkey *keys, size_t n,
					     const unsigned char keynum[8])
{
	for (size_t i = 0; i < n; i++)
		if (memcmp(keys[i].keynum, keynum, 8) == 0)
			return &keys[i];
	return NULL;
}

/* --- trusted comments ------------------------------------------------------------- */

const char *sakra_org_id(const struct sakra_config *cfg)
{
	if (!cfg)
		return "";
	if (cfg->business_id && cfg->business_id[0])
		return cfg->business_id;
	return cfg->org_name ? cfg->org_name : "";
}

static int put_value(struct sakra_buf *b, const char *key, const char *v)
{
	int rc = sakra_buf_printf(b, " %s=\"", key);

	for (; *v; v++) {
		if ((*v == '"' || *v == '\\') && sakra_buf_putc(b, '\\') < 0)
			return SAKRA_ENOMEM;
		rc |= sakra_buf_putc(b, *v);
	}
	return rc | sakra_buf_putc(b, '"');
}

int sakra_approval_comment(struct sakra_buf *out, const struct sakra_approval_claim *c)
{
	int rc = sakra_buf_printf(out, "sakra %s version=%ld commit=%s under=%ld",
				  c->scope ? "scope-approval" : "approval", c->version, c->commit,
				  c->under);

	rc |= put_value(out, "org", c->org ? c->org : "");
	rc |= sakra_buf_printf(out, " date=%s role=%s", c->date, c->role);
	rc |= put_value(out, "approver", c->approver);
	if (c->decision && *c->decision)
		rc |= put_value(out, "decision", c->decision);
	return rc ? SAKRA_ENOMEM : 0;
}

void sakra_approval_claim_clear(struct sakra_approval_claim *c)
{
	free(c->org);
	free(c->approver);
	free(c->role);
	free(c->date);
	free(c->decision);
	memset(c, 0, sizeof(*c));
}

/* key=value or key="value with \" escapes"; *p moves past it. */
static int next_pair(const char **p, char key[32], char **value)
{
	const char *s = *p, *eq;
	struct sakra_buf v = SAKRA_BUF_INIT;

	while (*s == ' ')
		s++;
	if (!*s)
		return 0;
	if (!(eq = strchr(s, '=')) || eq - s >= 32 || eq == s)
		return -1;
	memcpy(key, s, (size_t)(eq - s));
	key[eq - s] = '\0';
	s = eq + 1;
	if (*s == '"') {
		for (s++; *s && *s != '"'; s++) {
			if (*s == '\\' && s[1])
				s++;
			if (sakra_buf_putc(&v, *s) < 0)
				goto fail;
		}
		if (*s != '"')
			goto fail;
		s++;
	} else {
		size_t n = strcspn(s, " ");

		if (sakra_buf_put(&v, s, n) < 0)
			goto fail;
		s += n;
	}
	if (!v.ptr && sakra_buf_puts(&v, "") < 0)
		goto fail;
	*value = sakra_buf_detach(&v);
	*p = s;
	return 1;
fail:
	sakra_buf_free(&v);
	return -1;
}

int sakra_approval_comment_parse(struct sakra_approval_claim *out, const char *text)
{
	static const char prefix[] = "sakra approval ", scope[] = "sakra scope-approval ";
	const char *p = text;
	char key[32], *value;
	int r;

	memset(out, 0, sizeof(*out));
	out->version = out->under = -1;
	if (strncmp(p, prefix, strlen(prefix)) == 0) {
		p += strlen(prefix);
	} else if (strncmp(p, scope, strlen(scope)) == 0) {
		p += strlen(scope);
		out->scope = 1;
	} else {
		return SAKRA_EPARSE;
	}
	while ((r = next_pair(&p, key, &value)) > 0) {
		char **slot = strcmp(key, "approver") == 0 ? &out->approver :
			      strcmp(key, "org") == 0 ? &out->org :
			      strcmp(key, "role") == 0 ? &out->role :
			      strcmp(key, "date") == 0 ? &out->date :
			      strcmp(key, "decision") == 0 ? &out->decision : NULL;

		if (strcmp(key, "version") == 0 || strcmp(key, "under") == 0) {
			long *n = key[0] == 'v' ? &out->version : &out->under;
			char *end;

			*n = strtol(value, &end, 10);
			if (*end || *n < 1 || !isdigit((unsigned char)value[0]))
				r = -1;
		} else if (strcmp(key, "commit") == 0) {
			if (strlen(value) == 40)
				memcpy(out->commit, value, 41);
		}
		if (slot && !*slot) {
			*slot = value;
			value = NULL;
		}
		free(value);
		if (r < 0)
			break;
	}
	if (r < 0 || out->version < 1 || out->under < 1 || out->under > out->version ||
	    !out->commit[0] || !out->role || !out->date || !out->approver || !out->org) {
		sakra_approval_claim_clear(out);
		return SAKRA_EPARSE;
	}
	return 0;
}

/* --- scopes ------------------------------------------------------------------ */

void sakra_scopes_free(struct sakra_scope *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].role);
		for (size_t k = 0; k < s[i].nfiles; k++)
			free(s[i].files[k]);
		free(s[i].files);
	}
	free(s);
}

int sakra_scopes_copy(struct sakra_scope **out, size_t *n, const struct sakra_scope *from,
		      size_t nfrom)
{
	struct sakra_scope *s = nfrom ? calloc(nfrom, sizeof(*s)) : NULL;

	*out = NULL;
	*n = 0;
	if (nfrom && !s)
		return SAKRA_ENOMEM;
	for (size_t i = 0; i < nfrom; i++) {
		s[i].line = from[i].line;
		if (!(s[i].role = strdup(from[i].role)) ||
		    !(s[i].files = calloc(from[i].nfiles + 1, sizeof(char *)))) {
			sakra_scopes_free(s, i + 1);
			return SAKRA_ENOMEM;
		}
		for (size_t k = 0; k < from[i].nfiles; k++, s[i].nfiles++)
			if (!(s[i].files[k] = strdup(from[i].files[k]))) {
				sakra_scopes_free(s, i + 1);
				return SAKRA_ENOMEM;
			}
	}
	*out = s;
	*n = nfrom;
	return 0;
}

const struct sakra_scope *sakra_scope_find(const struct sakra_scope *s, size_t n,
					   const char *role)
{
	for (size_t i = 0; role && i < n; i++)
		if (!strcmp(s[i].role, role))
			return &s[i];
	return NULL;
}

int sakra_scope_text(struct sakra_buf *out, const struct sakra_scope *sc, const char *org,
		     const char *manifest, size_t len)
{
	struct sakra_manifest *m = NULL;
	int rc;

	sakra_buf_clear(out);
	if ((rc = sakra_manifest_parse(&m, "MANIFEST", manifest, len, NULL)) < 0)
		return rc;
	rc = sakra_buf_printf(out, "sakra scope 2\norganisation: %s\nrole: %s\n", org, sc->role);
	for (size_t i = 0; rc == 0 && i < sc->nfiles; i++) {
		const struct sakra_manifest_entry *e = sakra_manifest_find(m, sc->files[i]);

		rc = sakra_buf_printf(out, "%s  %s\n", e ? e->sha256 : "-", sc->files[i]);
	}
	sakra_manifest_free(m);
	return rc < 0 ? SAKRA_ENOMEM : 0;
}

/* Whether two scopes are the same: the role and the files. */
static int same_scope(const struct sakra_scope *a, const struct sakra_scope *b)
{
	if (!a || !b || strcmp(a->role, b->role) || a->nfiles != b->nfiles)
		return 0;
	for (size_t i = 0; i < a->nfiles; i++)
		if (strcmp(a->files[i], b->files[i]))
			return 0;
	return 1;
}

/* --- versions -------------------------------------------------------------------- */

static void version_clear(struct sakra_version *v)
{
	free(v->error);
	free(v->manifest);
	free(v->organisation);
	free(v->org_id);
	free(v->language);
	sakra_keys_free(v->keys, v->nkeys);
	for (size_t i = 0; i < v->nroles; i++)
		free(v->roles[i]);
	free(v->roles);
	sakra_scopes_free(v->scopes, v->nscopes);
	for (size_t i = 0; i < v->nsigs; i++) {
		free(v->sigs[i].text);
		free(v->sigs[i].scope_text);
		sakra_minisig_clear(&v->sigs[i].sig);
		sakra_approval_claim_clear(&v->sigs[i].claim);
	}
	free(v->sigs);
}

void sakra_versions_free(struct sakra_versions *vs)
{
	if (!vs)
		return;
	for (size_t i = 0; i < vs->n; i++)
		version_clear(&vs->v[i]);
	free(vs->v);
	free(vs);
}

const struct sakra_version *sakra_versions_find(const struct sakra_versions *vs, long n,
						const char *commit)
{
	for (size_t i = 0; i < vs->n; i++)
		if ((n > 0 && vs->v[i].number == n) ||
		    (commit && strcmp(vs->v[i].commit, commit) == 0))
			return &vs->v[i];
	return NULL;
}

const struct sakra_version *sakra_versions_latest(const struct sakra_versions *vs)
{
	for (size_t i = vs->n; i-- > 0;)
		if (vs->v[i].approved)
			return &vs->v[i];
	return NULL;
}

long sakra_version_number(const char *s)
{
	if (strncmp(s, SAKRA_APPROVAL_TAG, strlen(SAKRA_APPROVAL_TAG)) == 0)
		s += strlen(SAKRA_APPROVAL_TAG);
	else if (*s == 'v')
		s++;
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 9)
		return 0;
	return strtol(s, NULL, 10);
}

/* Nothing named: what the flags say a command works on by default. */
static int pick_default(const struct sakra_versions *vs, struct sakra_repo *repo, unsigned flags,
			struct sakra_pick *out, struct sakra_error *err)
{
	struct sakra_buf what = SAKRA_BUF_INIT;
	int dirty, rc = 0;

	if (flags & SAKRA_PICK_LATEST) {
		if (!vs || !(out->version = sakra_versions_latest(vs)))
			return sakra_error_set(err, SAKRA_ENOTFOUND, NULL, 0, 0,
					       "there is no approved version to bundle; approve one "
					       "('sakra approve'), or bundle a draft with --draft "
					       "--rev REV");
		snprintf(out->commit, sizeof(out->commit), "%s", out->version->commit);
		out->rev = out->commit;
		return 0;
	}
	if (!(flags & (SAKRA_PICK_HEAD | SAKRA_PICK_WORKTREE)) || !sakra_repo_is_git(repo))
		return 0;   /* the working tree */
	if ((dirty = sakra_repo_dirty(repo, (flags & SAKRA_PICK_HEAD) ? &what : NULL, err)) < 0)
		return dirty;
	if (dirty && (flags & SAKRA_PICK_HEAD))
		rc = sakra_error_set(err, SAKRA_EEXISTS, NULL, 0, 0,
				     "the working tree has changes that are not committed (%s); "
				     "commit them, or ignore them in .gitignore (or name a commit "
				     "with --rev)", sakra_buf_cstr(&what));
	else if (!dirty && (rc = sakra_repo_resolve(repo, "HEAD", out->commit, err)) == 0)
		out->rev = out->commit;
	sakra_buf_free(&what);
	if (rc == 0 && out->rev && vs)
		out->version = sakra_versions_find(vs, 0, out->commit);
	return rc;
}

int sakra_versions_pick(const struct sakra_versions *vs, struct sakra_repo *repo,
			const char *what, unsigned flags, struct sakra_pick *out,
			struct sakra_error *err)
{
	const struct sakra_version *v = NULL;
	long n = what ? sakra_version_number(what) : 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!what)
		rc = pick_default(vs, repo, flags, out, err);
	else if (n > 0) {
		if (!vs || !(v = sakra_versions_find(vs, n, NULL)))
			return sakra_error_set(err, SAKRA_ENOTFOUND, NULL, 0, 0, "there is no version "
					       "%ld ('sakra log' lists the versions)", n);
		snprintf(out->commit, sizeof(out->commit), "%s", v->commit);
		out->version = v;
		out->rev = out->commit;
		rc = 0;
	} else if ((rc = sakra_repo_resolve(repo, what, out->commit, err)) == 0) {
		out->version = vs ? sakra_versions_find(vs, 0, out->commit) : NULL;
		out->rev = out->commit;
	}
	if (rc < 0 || !(flags & SAKRA_PICK_APPROVED) || (out->version && out->version->approved))
		return rc;
	if (!(flags & SAKRA_PICK_DRAFT)) {
		v = out->version;
		if (v)
			return sakra_error_set(err, SAKRA_EAUTH, NULL, 0, 0, "version %ld is not "
					       "approved (%s%s); 'sakra verify %ld' says why",
					       v->number, v->missing[0] ? "missing: " :
					       "signatures do not count", v->missing, v->number);
		return sakra_error_set(err, SAKRA_EAUTH, NULL, 0, 0,
				       "'%s' is not an approved version", what ? what : "HEAD");
	}
	out->version = NULL;   /* a draft */
	return 0;
}

static long tag_number(const char *name)
{
	const char *p = name + strlen(SAKRA_APPROVAL_TAG);
	char *end;
	long n;

	if (!isdigit((unsigned char)*p) || *p == '0')
		return -1;
	n = strtol(p, &end, 10);
	return *end || n < 1 || n > 1000000 ? -1 : n;
}

/* The signatures in a tag message: blocks of four lines, each starting
 * with "untrusted comment: ". */
int sakra_version_read_signatures(struct sakra_version *v, const char *msg)
{
	for (const char *p = msg; (p = strstr(p, "untrusted comment: ")) != NULL;) {
		const char *end = p;
		struct sakra_minisig sig;
		struct sakra_signature *s, *n;
		int parsed, again = 0;

		if (p != msg && p[-1] != '\n') {
			p++;
			continue;
		}
		for (int lines = 0; lines < 4 && end; lines++)
			end = (end = strchr(end, '\n')) ? end + 1 : NULL;
		if (!end)
			end = p + strlen(p);
		/* each distinct signature once (the same signature and signed
		 * comment, whatever its unsigned comment says), and a bounded
		 * number of them: each is verified over the whole manifest */
		parsed = sakra_minisig_parse(&sig, v->tag, p, (size_t)(end - p), NULL) == 0;
		for (size_t k = 0; k < v->nsigs && !again; k++)
			again = parsed ? !v->sigs[k].why[0] &&
					 !memcmp(v->sigs[k].sig.keynum, sig.keynum, 8) &&
					 !memcmp(v->sigs[k].sig.sig, sig.sig, sizeof(sig.sig)) &&
					 !memcmp(v->sigs[k].sig.global_sig, sig.global_sig,
						 sizeof(sig.global_sig))
				       : strlen(v->sigs[k].text) == (size_t)(end - p) &&
					 !memcmp(v->sigs[k].text, p, (size_t)(end - p));
		if (again) {
			if (parsed)
				sakra_minisig_clear(&sig);
			p = end;
			continue;
		}
		if (v->nsigs == SAKRA_SIGNATURES_MAX) {
			if (parsed)
				sakra_minisig_clear(&sig);
			free(v->error);
			if (!(v->error = strdup("the tag holds more signatures than sakra reads")))
				return SAKRA_ENOMEM;
			return 0;
		}
		if (!(n = realloc(v->sigs, (v->nsigs + 1) * sizeof(*n)))) {
			if (parsed)
				sakra_minisig_clear(&sig);
			return SAKRA_ENOMEM;
		}
		v->sigs = n;
		s = &v->sigs[v->nsigs++];
		memset(s, 0, sizeof(*s));
		if (parsed) {
			s->sig = sig;
		} else {
			/* an unreadable signature still shows in the report */
			s->sig.untrusted = strdup("");
			s->sig.trusted = strdup("");
			snprintf(s->why, sizeof(s->why), "the signature text is damaged");
		}
		if (!(s->text = strndup(p, (size_t)(end - p))) || !s->sig.untrusted || !s->sig.trusted)
			return SAKRA_ENOMEM;
		p = end;
	}
	return 0;
}

int sakra_version_set_config(struct sakra_version *v, const struct sakra_config *cfg)
{
	if ((cfg->org_name && !(v->organisation = strdup(cfg->org_name))) ||
	    !(v->org_id = strdup(sakra_org_id(cfg))) ||
	    (cfg->language && !(v->language = strdup(cfg->language))) ||
	    (cfg->nroles && !(v->roles = calloc(cfg->nroles, sizeof(char *)))))
		return SAKRA_ENOMEM;
	for (size_t i = 0; i < cfg->nroles; i++)
		if (!(v->roles[v->nroles++] = strdup(cfg->required_roles[i])))
			return SAKRA_ENOMEM;
	return sakra_scopes_copy(&v->scopes, &v->nscopes, cfg->scopes, cfg->nscopes);
}

static int version_read(struct sakra_version *v, struct sakra_repo *repo,
			struct sakra_doc_memo *memo, int remembered, char **message)
{
	struct sakra_error e;
	struct sakra_tree *tree = NULL;
	struct sakra_plan *plan = NULL;
	struct sakra_diags diags = SAKRA_DIAGS_INIT;
	struct sakra_buf man = SAKRA_BUF_INIT;
	int rc;

	sakra_error_clear(&e);
	/* the manifest remembered from an earlier run, else computed from
	 * every blob (and remembered) */
	if ((rc = sakra_repo_tag_read(repo, v->tag, v->commit, message, &e)) < 0 ||
	    (rc = sakra_tree_open(&tree, repo, v->commit, &e)) < 0 ||
	    (remembered && sakra_cache_manifest_get(v->commit, &man) ?
	     (rc = sakra_plan_load_config(&plan, tree, memo, &diags, &e)) < 0 :
	     (rc = sakra_plan_load_memo(&plan, tree, memo, &diags, &e)) < 0 ||
	     (rc = sakra_manifest_build(&man, plan, &e)) < 0) ||
	    (rc = sakra_keys_load(&v->keys, &v->nkeys, tree, &e)) < 0) {
		if (rc == SAKRA_ENOMEM)
			goto out;
		{
			size_t size = strlen(e.path) + strlen(e.message) + 3;

			if (!(v->error = malloc(size)))
				rc = SAKRA_ENOMEM;
			else
				snprintf(v->error, size, "%s%s%s", e.path, e.path[0] ? ": " : "",
					 e.message);
		}
		rc = rc == SAKRA_ENOMEM ? rc : 0;
		goto out;
	}
	v->manifest_len = man.len;
	v->manifest = sakra_buf_detach(&man);
	if (plan->config && (rc = sakra_version_set_config(v, plan->config)) < 0)
		goto out;
	rc = sakra_version_read_signatures(v, *message);
out:
	sakra_buf_free(&man);
	sakra_diags_free(&diags);
	sakra_plan_free(plan);
	sakra_tree_free(tree);
	return rc;
}

/* Whether a key list holds k: the same key number and public key. */
static const struct sakra_pubkey *key_same(const struct sakra_pubkey *keys, size_t n,
					   const unsigned char keynum[8], const unsigned char *pk)
{
	const struct sakra_pubkey *o = key_by_num(keys, n, keynum);

	return o && memcmp(o->pk, pk, sizeof(o->pk)) == 0 ? o : NULL;
}

/* The key a signature of v is verified with before it is judged: the
 * commit's own with its key number, else a pinned one; NULL if neither
 * has it. Judging takes the trusted copy (trusted_key) and verifies again
 * only when that is another public key. */
static const struct sakra_pubkey *signing_key(const struct sakra_versions *vs,
					      const struct sakra_version *v,
					      const struct sakra_signature *s)
{
	const struct sakra_pubkey *own = key_by_num(v->keys, v->nkeys, s->sig.keynum);

	return own ? own : key_by_num(vs->pinned, vs->npinned, s->sig.keynum);
}

/* Whether s verifies over text with key, using the first pass's verdict
 * when it was made with the same public key. */
static int verify_with(struct sakra_signature *s, const struct sakra_pubkey *key,
		       const char *text, size_t len)
{
	if (s->verified && memcmp(s->verified_pk, key->pk, sizeof(s->verified_pk)) == 0)
		return s->verified == 2;
	return sakra_minisig_verify(&s->sig, key, text, len);
}

/* What judges a version: the policy and keys of gov, or pins. */
struct trust {
	const struct sakra_version *gov;    /* the last approved version before, or v itself */
	const struct sakra_pubkey *keys;    /* the keys that count, with their roles */
	size_t nkeys;
	int pinned;
};

static int same_roles(const struct sakra_version *a, const struct sakra_version *b)
{
	if (a->nroles != b->nroles)
		return 0;
	for (size_t i = 0; i < a->nroles; i++) {
		size_t k = 0;

		while (k < b->nroles && strcmp(a->roles[i], b->roles[k]))
			k++;
		if (k == b->nroles)
			return 0;
	}
	return 1;
}

static int str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* keys/ of a and b are the same keys with the same roles. */
static int same_keys(const struct sakra_version *a, const struct sakra_version *b)
{
	if (a->nkeys != b->nkeys)
		return 0;
	for (size_t i = 0; i < a->nkeys; i++) {
		const struct sakra_pubkey *o = key_same(b->keys, b->nkeys, a->keys[i].keynum,
							a->keys[i].pk);

		if (!o || !str_eq(o->role, a->keys[i].role))
			return 0;
	}
	return 1;
}

/* Whether v changes what the policy of gov says: roles, parts or keys. */
static int changes_policy(const struct sakra_version *gov, const struct sakra_version *v)
{
	if (gov == v)
		return 0;
	if (!same_roles(gov, v) || gov->nscopes != v->nscopes || !same_keys(gov, v))
		return 1;
	for (size_t c = 0; c < gov->nscopes; c++)
		if (!same_scope(&gov->scopes[c], sakra_scope_find(v->scopes, v->nscopes,
								  gov->scopes[c].role)))
			return 1;
	return 0;
}

/* The checks of a scope's signature that only it has: the part its claim
 * names in the governing policy, and the text of its files in v. 0, or -1
 * with s->why said (s->broken unless it is a part new in this version). */
static int judge_scope(const struct trust *t, const struct sakra_version *v,
		       struct sakra_signature *s, const struct sakra_pubkey *key)
{
	struct sakra_buf text = SAKRA_BUF_INIT;
	const struct sakra_scope *sc = sakra_scope_find(t->gov->scopes, t->gov->nscopes,
							s->claim.role);

	if (!sc) {
		if (sakra_scope_find(v->scopes, v->nscopes, s->claim.role)) {
			s->broken = 0;
			snprintf(s->why, sizeof(s->why), "the part of role %s is new in this version: "
				 "it counts from the next version on", s->claim.role);
		} else {
			snprintf(s->why, sizeof(s->why), "it signs the part of role %s, which the "
				 "approval policy of this version does not have", s->claim.role);
		}
		return -1;
	}
	if (sakra_scope_text(&text, sc, v->org_id ? v->org_id : "", v->manifest,
			     v->manifest_len) < 0) {
		snprintf(s->why, sizeof(s->why), "the part of role %s cannot be read", sc->role);
		sakra_buf_free(&text);
		return -1;
	}
	s->valid = sakra_minisig_verify(&s->sig, key, text.ptr, text.len);
	free(s->scope_text);
	s->scope_text = sakra_buf_detach(&text);
	if (!s->valid) {
		snprintf(s->why, sizeof(s->why), "the files of %s's part are not what it signed "
			 "in version %ld", sc->role, s->claim.version);
		return -1;
	}
	if (s->claim.version > v->number) {
		snprintf(s->why, sizeof(s->why), "it claims version %ld, after this version %ld",
			 s->claim.version, v->number);
		return -1;
	}
	return 0;
}

/* One signature of v under trust t: s->valid, s->counts, s->broken and
 * s->why. */
static void judge_signature(const struct trust *t, struct sakra_version *v,
			    struct sakra_signature *s)
{
	const struct sakra_pubkey *trusted = NULL, *key;
	int scope = !strncmp(s->sig.trusted, "sakra scope-approval ", 21);

	/* a key pinned for another organisation is no pin for this plan; the
	 * same key may be pinned for several (one approver in two of them) */
	for (size_t i = 0; i < t->nkeys && !trusted; i++)
		if (!memcmp(t->keys[i].keynum, s->sig.keynum, 8) &&
		    (!t->keys[i].pinned_for ||
		     !strcmp(t->keys[i].pinned_for, v->org_id ? v->org_id : "")))
			trusted = &t->keys[i];
	key = trusted;

	if (s->why[0]) {
		s->broken = 1;
		return;
	}
	if (!key && !(key = key_by_num(v->keys, v->nkeys, s->sig.keynum))) {
		snprintf(s->why, sizeof(s->why), t->pinned ? "key %s is not one of the keys you "
			 "pinned (--key or the keyring)" : "signed by key %s, which is not in keys/ "
			 "of this commit nor trusted by the versions before it", s->sig.id);
		return;
	}
	s->key = key;
	s->broken = 1;   /* until the signature and its claim hold */
	/* a signature of the manifest is verified before its comment is read */
	if (!scope && !(s->valid = verify_with(s, key, v->manifest, v->manifest_len))) {
		snprintf(s->why, sizeof(s->why), "the signature does not match the commit's "
			 "manifest and its comment");
		return;
	}
	if (sakra_approval_comment_parse(&s->claim, s->sig.trusted) < 0 || s->claim.scope != scope) {
		snprintf(s->why, sizeof(s->why), "the signed comment is not a sakra approval of "
			 "this version (made by an older sakra, or damaged)");
		return;
	}
	if (scope) {
		if (judge_scope(t, v, s, key) < 0)
			return;
	} else {
		if (s->claim.version != v->number || strcmp(s->claim.commit, v->commit) != 0) {
			snprintf(s->why, sizeof(s->why), "it approves version %ld of commit %.12s, "
				 "not this tag's version %ld of %.12s", s->claim.version,
				 s->claim.commit, v->number, v->commit);
			return;
		}
	}
	if (strcmp(s->claim.org, v->org_id ? v->org_id : "") != 0) {
		snprintf(s->why, sizeof(s->why), "it was made for organisation %s, not this plan's %s",
			 s->claim.org, v->org_id ? v->org_id : "(none)");
		return;
	}
	if (s->claim.version == v->number &&
	    s->claim.under != (t->gov == v ? v->number : t->gov->number)) {
		s->broken = 0;
		snprintf(s->why, sizeof(s->why), "it was made under the approval policy of version "
			 "%ld, but version %ld governs this one (the versions before it are not "
			 "what the signer saw)", s->claim.under, t->gov == v ? v->number :
			 t->gov->number);
		return;
	}
	if (trusted && memcmp(trusted->pk, key->pk, sizeof(key->pk)) == 0 &&
	    !str_eq(trusted->role, s->claim.role)) {
		if (!trusted->role) {
			s->broken = 0;
			snprintf(s->why, sizeof(s->why), "%s key %s names no role; add role=%s to its "
				 "comment line if that is the role you accept", t->pinned ?
				 "your pinned copy of" : "the trusted", key->id, s->claim.role);
		} else {
			snprintf(s->why, sizeof(s->why), "it claims role %s, but key %s has role %s in "
				 "%s (a role changes only by a version approved under the old one)",
				 s->claim.role, key->id, trusted->role, t->pinned ? "your pinned copy" :
				 t->gov == v ? "keys/ of this version" : "keys/ of the last approved "
				 "version");
		}
		return;
	}
	s->broken = 0;
	if (!trusted || memcmp(trusted->pk, key->pk, sizeof(key->pk)) != 0) {
		if (t->pinned)
			snprintf(s->why, sizeof(s->why), "key %s is not one of the keys you pinned "
				 "(--key or the keyring)", key->id);
		else
			snprintf(s->why, sizeof(s->why), "key %s is new in this version: it counts "
				 "only once a version approved with the keys of version %ld adds it (or "
				 "pin it with --key)", key->id, t->gov->number);
		return;
	}
	/* the name and role are the trusted copy's */
	s->key = trusted;
	if (trusted->name && strcmp(trusted->name, s->claim.approver)) {
		char *name = strdup(trusted->name);

		if (name) {
			free(s->claim.approver);
			s->claim.approver = name;
		}
	}
	s->counts = 1;
}

/* Whether a signature that counts has role: over the whole manifest, or
 * (part) for its part; fresh: made for this version. */
static int has_role(const struct sakra_version *v, const char *role, int part, int fresh)
{
	for (size_t k = 0; k < v->nsigs; k++)
		if (v->sigs[k].counts && !!v->sigs[k].claim.scope == part &&
		    !strcmp(v->sigs[k].claim.role, role) &&
		    (!fresh || v->sigs[k].claim.version == v->number))
			return 1;
	return 0;
}

/* Adds role to the roles v->missing names, once. */
static void note_missing(struct sakra_version *v, size_t *o, const char *role, const char *why)
{
	size_t n = strlen(role);

	for (const char *p = v->missing; *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] ? 2 : 0))
		if (!strncmp(p, role, n) && (!p[n] || p[n] == ',' || p[n] == ' '))
			return;
	if (*o < sizeof(v->missing))
		*o += (size_t)snprintf(v->missing + *o, sizeof(v->missing) - *o, "%s%s%s",
				       *o ? ", " : "", role, why);
}

/* Whether v is approved under t: every required role of the governing
 * policy over the whole manifest, every part it has by its role (made for
 * this version when v changes the policy or redraws the part). */
static void judge_policy(const struct trust *t, struct sakra_version *v)
{
	const struct sakra_version *gov = t->gov;
	size_t o = 0;

	v->missing[0] = '\0';
	for (size_t r = 0; r < gov->nroles; r++)
		if (!has_role(v, gov->roles[r], 0, 0))
			note_missing(v, &o, gov->roles[r], "");
	for (size_t c = 0; c < gov->nscopes; c++) {
		const struct sakra_scope *was = &gov->scopes[c];
		int redrawn = !same_scope(was, sakra_scope_find(v->scopes, v->nscopes, was->role));

		if (!has_role(v, was->role, 1, v->changes_policy || redrawn))
			note_missing(v, &o, was->role, v->changes_policy || redrawn
				     ? " (for its part, on this version: it changes the approval "
				       "policy or keys)" : " (for its part)");
	}
	v->approved = !v->missing[0];
	if (!gov->nroles && !gov->nscopes) {
		v->approved = 0;
		for (size_t k = 0; k < v->nsigs; k++)
			v->approved |= v->sigs[k].counts && !v->sigs[k].claim.scope;
		if (!v->approved)
			snprintf(v->missing, sizeof(v->missing), "any approver");
	}
}

/* One pass of the trust rules, oldest first. Without pins it finds, for
 * every version, the version that governs it (govs[i]: an index, -1 for
 * its own, -2 when nothing before it is approved and it is not version 1);
 * with pins it takes those and counts only the pinned keys, with the roles
 * of the reader's copies. */
static void judge_pass(struct sakra_versions *vs, const struct sakra_pubkey *pins, size_t npins,
		       long *govs)
{
	long last_approved = -1;

	for (size_t i = 0; i < vs->n; i++) {
		struct sakra_version *v = &vs->v[i];
		struct trust t;
		long g;

		if (v->error)
			continue;
		if (!pins)
			govs[i] = g = last_approved >= 0 ? last_approved : v->number > 1 ? -2 : -1;
		else
			g = govs[i];
		t.gov = g >= 0 ? &vs->v[g] : v;
		t.pinned = pins != NULL;
		t.keys = pins ? pins : t.gov->keys;
		t.nkeys = pins ? npins : t.gov->nkeys;
		v->governed_by = g >= 0 ? t.gov->number : 0;
		v->changes_policy = changes_policy(t.gov, v);
		for (size_t k = 0; k < v->nsigs; k++) {
			struct sakra_signature *s = &v->sigs[k];

			s->counts = s->valid = 0;
			s->key = NULL;
			if (!s->sig.id[0] || strcmp(s->why, "the signature text is damaged") == 0) {
				s->broken = 1;
				continue;
			}
			s->why[0] = '\0';
			sakra_approval_claim_clear(&s->claim);
			judge_signature(&t, v, s);
		}
		judge_policy(&t, v);
		if (g == -2) {
			/* the chain of trust starts at version 1: no later version is
			 * judged by its own policy and keys */
			for (size_t k = 0; k < v->nsigs; k++)
				if (v->sigs[k].counts) {
					v->sigs[k].counts = 0;
					snprintf(v->sigs[k].why, sizeof(v->sigs[k].why), "no version "
						 "before this one is approved, and trust starts at "
						 "version 1");
				}
			v->approved = 0;
			snprintf(v->missing, sizeof(v->missing), "version 1 first (trust starts at the "
				 "first version; approve it, or fetch its tag)");
		}
		if (v->approved)
			last_approved = (long)i;
	}
}

/* The trust rules: which version governs which is the organisation's own
 * chain (its signers' view, which their signatures name); pinned keys, when
 * there are any, then decide whose signatures count. */
void sakra_versions_judge(struct sakra_versions *vs)
{
	long *govs = calloc(vs->n + 1, sizeof(*govs));

	if (!govs) {
		for (size_t i = 0; i < vs->n; i++) {
			vs->v[i].approved = 0;
			snprintf(vs->v[i].missing, sizeof(vs->v[i].missing), "(out of memory)");
		}
		return;
	}
	judge_pass(vs, NULL, 0, govs);
	vs->pins_apply = 0;
	for (size_t i = 0; i < vs->npinned && vs->n; i++) {
		const char *org = vs->v[vs->n - 1].org_id;

		vs->pins_apply |= !vs->pinned[i].pinned_for ||
				  (org && !strcmp(vs->pinned[i].pinned_for, org));
	}
	if (vs->pins_apply)
		judge_pass(vs, vs->pinned, vs->npinned, govs);
	free(govs);
}

/* The signatures over whole manifests, verified once on every core before
 * the versions are judged in order (a verification is a pure function of
 * signature, key and text; the key is signing_key's, as judging takes). */
struct preverify {
	const struct sakra_versions *vs;
	struct sakra_signature **sigs;   /* what to verify ... */
	const struct sakra_version **of; /* ... and the version of each */
	size_t n, next;
	pthread_mutex_t mu;
};

static void *preverify_some(void *arg)
{
	struct preverify *p = arg;

	for (;;) {
		const struct sakra_pubkey *key;
		struct sakra_signature *s;
		const struct sakra_version *v;
		size_t i;

		pthread_mutex_lock(&p->mu);
		i = p->next++;
		pthread_mutex_unlock(&p->mu);
		if (i >= p->n)
			break;
		s = p->sigs[i];
		v = p->of[i];
		if ((key = signing_key(p->vs, v, s))) {
			s->verified = 1 + sakra_minisig_verify(&s->sig, key, v->manifest,
							       v->manifest_len);
			memcpy(s->verified_pk, key->pk, sizeof(s->verified_pk));
		}
	}
	return NULL;
}

static void preverify(struct sakra_versions *vs)
{
	struct preverify p;
	pthread_t th[8];
	size_t nth = sakra_threads(8), started = 0, cap = 0;

	memset(&p, 0, sizeof(p));
	p.vs = vs;
	for (size_t i = 0; i < vs->n; i++)
		cap += vs->v[i].error ? 0 : vs->v[i].nsigs;
	if (nth < 2 || cap < 4 || !(p.sigs = calloc(cap, sizeof(*p.sigs))) ||
	    !(p.of = calloc(cap, sizeof(*p.of)))) {
		free(p.sigs);
		return;   /* judged one by one */
	}
	for (size_t i = 0; i < vs->n; i++)
		for (size_t k = 0; !vs->v[i].error && k < vs->v[i].nsigs; k++) {
			struct sakra_signature *s = &vs->v[i].sigs[k];

			if (s->why[0] || !strncmp(s->sig.trusted, "sakra scope-approval ", 21))
				continue;
			p.sigs[p.n] = s;
			p.of[p.n++] = &vs->v[i];
		}
	pthread_mutex_init(&p.mu, NULL);
	while (started + 1 < nth && pthread_create(&th[started], NULL, preverify_some, &p) == 0)
		started++;
	preverify_some(&p);   /* the caller takes its part */
	for (size_t k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	pthread_mutex_destroy(&p.mu);
	free(p.sigs);
	free(p.of);
}

static int cmp_version(const void *a, const void *b)
{
	long x = ((const struct sakra_version *)a)->number;
	long y = ((const struct sakra_version *)b)->number;

	return (x > y) - (x < y);
}

static int versions_load(struct sakra_versions **out, struct sakra_repo *repo,
			 struct sakra_pubkey *pinned, size_t npinned, int remembered,
			 struct sakra_error *err)
{
	struct sakra_versions *vs = calloc(1, sizeof(*vs));
	/* versions share most of their documents: each blob is parsed once */
	struct sakra_doc_memo *memo = sakra_doc_memo_new();
	char **names = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	if (!vs || !memo) {
		free(vs);
		sakra_doc_memo_free(memo);
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	}
	vs->pinned = pinned;
	vs->npinned = npinned;
	if ((rc = sakra_repo_tags(repo, SAKRA_APPROVAL_TAG, &names, &n, err)) < 0)
		goto out;
	if (n && !(vs->v = calloc(n, sizeof(*vs->v)))) {
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct sakra_version *v = &vs->v[vs->n];
		char *message = NULL;

		if ((v->number = tag_number(names[i])) < 0)
			continue;   /* not a version tag (approved/vx, approved/v01) */
		snprintf(v->tag, sizeof(v->tag), "%s", names[i]);
		vs->n++;
		rc = version_read(v, repo, memo, remembered, &message);
		free(message);
		if (rc < 0) {
			rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
			goto out;
		}
	}
	if (vs->n)
		qsort(vs->v, vs->n, sizeof(*vs->v), cmp_version);
	preverify(vs);
	sakra_versions_judge(vs);
	*out = vs;
	vs = NULL;
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	sakra_versions_free(vs);
	sakra_doc_memo_free(memo);
	return rc;
}

int sakra_versions_load(struct sakra_versions **out, struct sakra_repo *repo,
			struct sakra_pubkey *pinned, size_t npinned, struct sakra_error *err)
{
	return versions_load(out, repo, pinned, npinned, 0, err);
}

int sakra_versions_load_remembered(struct sakra_versions **out, struct sakra_repo *repo,
				   struct sakra_error *err)
{
	return versions_load(out, repo, NULL, 0, 1, err);
}

/* Appends to msg one signature by sk: of text, with claim c. */
static int sign_into(struct sakra_buf *msg, const struct sakra_seckey *sk,
		     const struct sakra_approval_claim *c, const char *text, size_t len,
		     struct sakra_error *err)
{
	struct sakra_buf tc = SAKRA_BUF_INIT, untrusted = SAKRA_BUF_INIT;
	int rc;

	if (sakra_approval_comment(&tc, c) < 0 ||
	    sakra_buf_printf(&untrusted, "sakra %sapproval of version %ld by key %s",
			     c->scope ? "scope " : "", c->version, sk->id) < 0)
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	else if ((rc = sakra_minisig_sign(msg, sk, text, len, untrusted.ptr, tc.ptr, err)) == 0 &&
		 sakra_buf_putc(msg, '\n') < 0)
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	sakra_buf_free(&tc);
	sakra_buf_free(&untrusted);
	return rc;
}

/* The last approved version before number (0: before any new one). */
static const struct sakra_version *governing(const struct sakra_versions *vs, long number)
{
	const struct sakra_version *gov = NULL;

	for (size_t i = 0; i < vs->n; i++)
		if (vs->v[i].approved && (number <= 0 || vs->v[i].number < number))
			gov = &vs->v[i];
	return gov;
}

/* The scope signatures of the last approved version that still hold for
 * the new manifest, under the parts of that version (which govern the new
 * one) or of cfg (which govern the one after): appended to msg, once each. */
static int carry_scopes(struct sakra_buf *msg, const struct sakra_version *last,
			const struct sakra_config *cfg, const char *manifest, size_t len)
{
	struct sakra_buf text = SAKRA_BUF_INIT;
	const char *org = sakra_org_id(cfg);
	int rc = 0;

	for (size_t k = 0; last && k < last->nsigs && rc == 0; k++) {
		const struct sakra_signature *s = &last->sigs[k];

		if (!s->counts || !s->claim.scope)
			continue;
		for (int which = 0; which < 2; which++) {
			const struct sakra_scope *sc = which == 0
				? sakra_scope_find(last->scopes, last->nscopes, s->claim.role)
				: sakra_scope_find(cfg->scopes, cfg->nscopes, s->claim.role);

			if (!sc || sakra_scope_text(&text, sc, org, manifest, len) < 0 ||
			    !sakra_minisig_verify(&s->sig, s->key, text.ptr, text.len))
				continue;
			rc = sakra_buf_printf(msg, "%s%s", s->text,
					      s->text[strlen(s->text) - 1] == '\n' ? "" : "\n");
			break;
		}
	}
	sakra_buf_free(&text);
	return rc < 0 ? SAKRA_ENOMEM : 0;
}

/* Whether roles holds role. */
static int role_in(char *const *roles, size_t n, const char *role)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(roles[i], role))
			return 1;
	return 0;
}

int sakra_approval_sign(struct sakra_repo *repo, const struct sakra_versions *vs,
			const char *commit, const char *manifest, size_t manifest_len,
			const struct sakra_config *cfg, const struct sakra_seckey *sk,
			const struct sakra_pubkey *key, const char *decision,
			const struct sakra_date *today, long *version, struct sakra_error *err)
{
	const struct sakra_version *v = sakra_versions_find(vs, 0, commit);
	const struct sakra_version *gov = governing(vs, v ? v->number : 0);
	const struct sakra_scope *sc = gov ? sakra_scope_find(gov->scopes, gov->nscopes, key->role)
					   : NULL;
	struct sakra_approval_claim claim;
	struct sakra_buf msg = SAKRA_BUF_INIT, text = SAKRA_BUF_INIT;
	char date[11], oldcommit[41];
	char *old = NULL;
	int rc, whole;

	if (!sc && cfg)
		sc = sakra_scope_find(cfg->scopes, cfg->nscopes, key->role);
	/* the whole manifest: a required role of either policy, or a role
	 * without a part of its own */
	whole = !sc || (gov && role_in(gov->roles, gov->nroles, key->role)) ||
		(cfg && role_in(cfg->required_roles, cfg->nroles, key->role));
	*version = 1;
	for (size_t i = 0; i < vs->n; i++)
		if (vs->v[i].number >= *version)
			*version = vs->v[i].number + 1;
	if (v) {
		*version = v->number;
		for (size_t i = 0; i < v->nsigs; i++) {
			const struct sakra_approval_claim *c = &v->sigs[i].claim;

			if (memcmp(v->sigs[i].sig.keynum, sk->keynum, 8) != 0)
				continue;
			/* a part signed for an earlier version may be signed again for
			 * this one (a version that changes the policy needs it) */
			if (c->scope && c->version < v->number)
				continue;
			if (c->scope && sc)
				sc = NULL;
			else
				return sakra_error_set(err, SAKRA_EEXISTS, NULL, 0, 0,
						       "key %s has already signed version %ld",
						       sk->id, v->number);
		}
		if (!whole && !sc)
			return sakra_error_set(err, SAKRA_EEXISTS, NULL, 0, 0, "key %s has already "
					       "signed its part of version %ld", sk->id, *version);
	}
	memset(&claim, 0, sizeof(claim));
	sakra_date_format(today, date);
	claim.version = *version;
	snprintf(claim.commit, sizeof(claim.commit), "%s", commit);
	claim.org = (char *)sakra_org_id(cfg);
	claim.under = gov ? gov->number : *version;
	claim.approver = key->name ? key->name : (char *)"";
	claim.role = key->role;
	claim.date = date;
	claim.decision = (char *)decision;
	if (v) {
		if ((rc = sakra_repo_tag_read(repo, v->tag, oldcommit, &old, err)) < 0)
			goto out;
		rc = sakra_buf_puts(&msg, old);
	} else {
		rc = sakra_buf_printf(&msg, "sakra: approved version %ld\n\n", *version);
		if (rc == 0 && cfg)
			rc = carry_scopes(&msg, gov, cfg, manifest, manifest_len);
	}
	if (rc < 0) {
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	if (whole && (rc = sign_into(&msg, sk, &claim, manifest, manifest_len, err)) < 0)
		goto out;
	if (sc) {
		claim.scope = 1;
		if (sakra_scope_text(&text, sc, claim.org, manifest, manifest_len) < 0) {
			rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
			goto out;
		}
		if ((rc = sign_into(&msg, sk, &claim, text.ptr, text.len, err)) < 0)
			goto out;
	}
	{
		char tag[64];

		snprintf(tag, sizeof(tag), SAKRA_APPROVAL_TAG "%ld", *version);
		rc = sakra_repo_tag_write(repo, tag, commit, msg.ptr, v != NULL, err);
	}
out:
	free(old);
	sakra_buf_free(&msg);
	sakra_buf_free(&text);
	return rc;
}

/* --- the verification kit ---------------------------------------------------- */

const char *sakra_kit_readme_name(const char *lang)
{
	return sakra_words(lang)->readme;
}

int sakra_kit_readme_named(const char *name)
{
	return sakra_words_is_readme(name);
}

/* The kit's README in one language: what it holds, each minisign command,
 * then the sha256sum check. */
static const struct kit_words {
	const char *lang;
	const char *head;       /* organisation, version, commit */
	const char *scope;      /* role x5: a scope signature's command and what it is */
	const char *rest;
} kit_words[] = {
	{ "sv",
	  "Verifieringspaket: %s, godkänd version %ld\n"
	  "Commit %s\n\n"
	  "MANIFEST innehåller SHA-256 för varje fil i den godkända versionen.\n"
	  "Varje MANIFEST.<nyckel>.minisig är en godkännares signatur av den, och\n"
	  "keys/ innehåller godkännarnas publika nycklar (namn och roll i första raden).\n\n"
	  "1. Kontrollera signaturerna med minisign, med godkännarnas publika nycklar\n"
	  "   som du har fått på annat sätt (inte nycklarna i keys/ här, som kommer från\n"
	  "   avsändaren), t.ex. i sakras nyckelring:\n",
	  "   (rollen %s fastställer en del av planen: SCOPE.%s listar dess filer ur MANIFEST)\n",
	  "   Den betrodda kommentaren (trusted comment) anger version, commit, godkännare,\n"
	  "   roll, datum och beslut.\n"
	  "2. Kontrollera filerna i en utcheckning av commiten (git checkout <commit>):\n"
	  "   sha256sum -c MANIFEST\n"
	  "   Varje fil ska ge OK. I ett paket, där utgåvan kan undanhålla filer:\n"
	  "   cd files && sha256sum -c ../MANIFEST 2>/dev/null | grep -v ': OK$'\n"
	  "   Varje rad som skrivs ut ska sluta med 'FAILED open or read' (filen finns\n"
	  "   inte i paketet) och gälla en fil som utgåvan undanhåller: dess märkning\n"
	  "   (classification= på raden närmast ovanför filen i MANIFEST) är högre än\n"
	  "   utgåvans max_classification i files/sakra.yml. Annars har en fil tagits\n"
	  "   bort; 'FAILED' ensamt betyder att filen har ändrats.\n"
	  "Eller med sakra: sakra verify (i förrådet) eller sakra verify PAKET.\n" },
	{ "fi",
	  "Tarkistuspaketti: %s, hyväksytty versio %ld\n"
	  "Commit %s\n\n"
	  "MANIFEST sisältää SHA-256-tiivisteen jokaisesta hyväksytyn version tiedostosta.\n"
	  "Kukin MANIFEST.<avain>.minisig on yhden hyväksyjän allekirjoitus siitä, ja\n"
	  "keys/ sisältää hyväksyjien julkiset avaimet (nimi ja rooli ensimmäisellä rivillä).\n\n"
	  "1. Tarkista allekirjoitukset minisignilla käyttäen hyväksyjien julkisia\n"
	  "   avaimia, jotka olet saanut muuta kautta (ei tämän keys/-hakemiston\n"
	  "   avaimia, jotka tulevat lähettäjältä), esim. sakran avainrenkaasta:\n",
	  "   (rooli %s vahvistaa osan suunnitelmasta: SCOPE.%s luettelee sen tiedostot MANIFESTista)\n",
	  "   Luotettu kommentti (trusted comment) kertoo version, commitin, hyväksyjän,\n"
	  "   roolin, päivämäärän ja päätöksen.\n"
	  "2. Tarkista tiedostot commitin työkopiossa (git checkout <commit>):\n"
	  "   sha256sum -c MANIFEST\n"
	  "   Jokaisen tiedoston on annettava OK. Paketissa, josta julkaisu voi jättää\n"
	  "   tiedostoja pois:\n"
	  "   cd files && sha256sum -c ../MANIFEST 2>/dev/null | grep -v ': OK$'\n"
	  "   Jokaisen tulostetun rivin on päätyttävä 'FAILED open or read' (tiedosto\n"
	  "   puuttuu paketista) ja koskettava tiedostoa, jonka julkaisu jättää pois:\n"
	  "   sen merkintä (classification= MANIFESTissa tiedostoa lähinnä edeltävällä\n"
	  "   rivillä) on korkeampi kuin julkaisun max_classification tiedostossa\n"
	  "   files/sakra.yml. Muuten tiedosto on poistettu; pelkkä 'FAILED' tarkoittaa,\n"
	  "   että tiedostoa on muutettu.\n"
	  "Tai sakralla: sakra verify (repositoriossa) tai sakra verify PAKETTI.\n" },
	{ "en",
	  "Verification kit: %s, approved version %ld\n"
	  "Commit %s\n\n"
	  "MANIFEST lists the SHA-256 of every file of the approved version. Each\n"
	  "MANIFEST.<key>.minisig is one approver's signature of it, and keys/ holds\n"
	  "the approvers' public keys (name and role on the first line).\n\n"
	  "1. Check the signatures with minisign, with the approvers' public keys that\n"
	  "   you received another way (not the keys in keys/ here, which come from the\n"
	  "   sender), e.g. in sakra's keyring:\n",
	  "   (the role %s adopts a part of the plan: SCOPE.%s lists its files from MANIFEST)\n",
	  "   The trusted comment names the version, commit, approver, role, date and\n"
	  "   decision.\n"
	  "2. Check the files in a checkout of the commit (git checkout <commit>):\n"
	  "   sha256sum -c MANIFEST\n"
	  "   Every file must report OK. In a bundle, whose edition may withhold files:\n"
	  "   cd files && sha256sum -c ../MANIFEST 2>/dev/null | grep -v ': OK$'\n"
	  "   Every line it prints must end in 'FAILED open or read' (the file is not in\n"
	  "   the bundle) and name a file the edition withholds: its marking\n"
	  "   (classification= on the line just above it in MANIFEST) is higher than the\n"
	  "   edition's max_classification in files/sakra.yml. Otherwise a file was\n"
	  "   removed; 'FAILED' alone means the file was changed.\n"
	  "Or with sakra: sakra verify (in the repository) or sakra verify BUNDLE.\n" },
};

/* The short English summary that follows the text in another language. */
static int kit_readme_english(struct sakra_buf *b, const struct sakra_version *v)
{
	int rc = sakra_buf_puts(b,
		"MANIFEST lists the SHA-256 of every file of the approved version; each\n"
		"MANIFEST.<key>.minisig is one approver's signature of it; keys/ holds the\n"
		"approvers' public keys as the sender gives them. Check each signature with\n"
		"the minisign commands above, using the approvers' keys you received another\n"
		"way (the trusted comment names version, commit, organisation, approver,\n"
		"role, date and decision), then run 'sha256sum -c MANIFEST' in a checkout of\n"
		"the commit: every file must report OK. In a bundle, run\n"
		"'sha256sum -c ../MANIFEST 2>/dev/null | grep -v \": OK$\"' inside files/: each\n"
		"line it prints must end in 'FAILED open or read' and name a file marked\n"
		"above the edition's max_classification (files/sakra.yml), or a file was\n"
		"removed.\n");

	for (size_t i = 0; i < v->nsigs; i++)
		if (v->sigs[i].claim.scope) {
			rc |= sakra_buf_puts(b, "SCOPE.<role> lists the MANIFEST lines of the "
					     "files a role adopts on its own (approval.scopes);\n"
					     "SCOPE.<role>.<key>.minisig is that role's "
					     "signature of it, made for this version or an\n"
					     "earlier one with the same files.\n");
			break;
		}
	return rc;
}

/* keys/anna.pub -> anna.pub */
static const char *key_file(const char *source)
{
	const char *slash = strrchr(source, '/');

	return slash ? slash + 1 : source;
}

/* The formats are those of kit_words above, whose arguments match in each
 * language. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
int sakra_kit_readme(struct sakra_buf *b, const struct sakra_version *v, const char *lang,
		     int english)
{
	const struct kit_words *w = &kit_words[0];
	int rc = 0;

	if (english)
		return kit_readme_english(b, v) ? SAKRA_ENOMEM : 0;
	for (size_t i = 0; i < sizeof(kit_words) / sizeof(*kit_words); i++)
		if (lang && strcmp(lang, kit_words[i].lang) == 0)
			w = &kit_words[i];
	rc |= sakra_buf_printf(b, w->head, v->organisation ? v->organisation : "", v->number,
			       v->commit);
	for (size_t i = 0; i < v->nsigs; i++)
		if (v->sigs[i].key && v->sigs[i].key->source && !v->sigs[i].claim.scope)
			rc |= sakra_buf_printf(b, "   minisign -Vm MANIFEST -x MANIFEST.%s.minisig -p "
					       "\"$HOME/.config/sakra/keyring/%s/%s\"\n",
					       v->sigs[i].sig.id, v->org_id ? v->org_id : "",
					       key_file(v->sigs[i].key->source));
	for (size_t i = 0; i < v->nsigs; i++)
		if (v->sigs[i].key && v->sigs[i].key->source && v->sigs[i].claim.scope &&
		    v->sigs[i].scope_text) {  /* as the kit has it */
			rc |= sakra_buf_printf(b, "   minisign -Vm SCOPE.%s -x SCOPE.%s.%s.minisig -p "
					       "\"$HOME/.config/sakra/keyring/%s/%s\"\n",
					       v->sigs[i].claim.role, v->sigs[i].claim.role,
					       v->sigs[i].sig.id, v->org_id ? v->org_id : "",
					       key_file(v->sigs[i].key->source));
			rc |= sakra_buf_printf(b, w->scope, v->sigs[i].claim.role, v->sigs[i].claim.role);
		}
	rc |= sakra_buf_puts(b, w->rest);
	return rc ? SAKRA_ENOMEM : 0;
}
#pragma GCC diagnostic pop

int sakra_kit_readme_full(struct sakra_buf *b, const struct sakra_version *v, const char *lang)
{
	if (sakra_kit_readme(b, v, lang, 0) < 0)
		return SAKRA_ENOMEM;
	if (lang && strcmp(lang, "en") == 0)
		return 0;
	if (sakra_buf_puts(b, "\n--- English ---\n") < 0 || sakra_kit_readme(b, v, lang, 1) < 0)
		return SAKRA_ENOMEM;
	return 0;
}

int sakra_kit_files(const struct sakra_version *v, struct sakra_repo *repo,
		    int (*emit)(void *ctx, const char *name, const void *data, size_t len),
		    void *ctx, struct sakra_error *err)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	struct sakra_tree *tree = NULL;
	int rc;

	if (v->error)
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "version %ld cannot be read: %s",
				       v->number, v->error);
	if ((rc = emit(ctx, "MANIFEST", v->manifest, v->manifest_len)) < 0)
		return rc;
	for (size_t i = 0; i < v->nsigs; i++) {
		const struct sakra_signature *s = &v->sigs[i];
		char name[128];

		if (!s->sig.id[0])
			continue;
		if (!strncmp(s->sig.trusted, "sakra scope-approval ", 21)) {
			int first = 1;

			if (!s->claim.scope || !s->scope_text)
				continue;   /* not a part of this version: nothing to check it on */
			for (size_t k = 0; k < i; k++)
				first &= !(v->sigs[k].claim.scope && v->sigs[k].scope_text &&
					   !strcmp(v->sigs[k].claim.role, s->claim.role));
			snprintf(name, sizeof(name), "SCOPE.%s", s->claim.role);
			if (first && (rc = emit(ctx, name, s->scope_text, strlen(s->scope_text))) < 0)
				break;
			snprintf(name, sizeof(name), "SCOPE.%s.%s.minisig", s->claim.role, s->sig.id);
		} else {
			snprintf(name, sizeof(name), "MANIFEST.%s.minisig", s->sig.id);
		}
		if ((rc = emit(ctx, name, s->text, strlen(s->text))) < 0)
			break;
	}
	if (rc < 0) {
		sakra_buf_free(&b);
		return rc == SAKRA_ENOMEM ? sakra_error_set(err, rc, NULL, 0, 0, "out of memory") : rc;
	}
	if ((rc = sakra_tree_open(&tree, repo, v->commit, err)) < 0)
		return rc;
	for (size_t i = 0; i < v->nkeys && rc == 0; i++) {
		const struct sakra_file *f = sakra_tree_find(tree, v->keys[i].source);

		sakra_buf_clear(&b);
		if (f && (rc = sakra_tree_read(tree, f, &b, 64 * 1024, err)) == 0)
			rc = emit(ctx, f->path, b.ptr ? b.ptr : "", b.len);
	}
	sakra_tree_free(tree);
	sakra_buf_clear(&b);
	if (rc == 0 && sakra_kit_readme_full(&b, v, v->language) < 0)
		rc = SAKRA_ENOMEM;
	if (rc == 0)
		rc = emit(ctx, sakra_kit_readme_name(v->language), b.ptr, b.len);
	sakra_buf_free(&b);
	return rc == SAKRA_ENOMEM ? sakra_error_set(err, rc, NULL, 0, 0, "out of memory") : rc;
}

void sakra_version_date(const struct sakra_version *v, char out[11])
{
	out[0] = '\0';
	for (int pass = 0; pass < 2 && !out[0]; pass++)
		for (size_t i = 0; i < v->nsigs; i++) {
			const struct sakra_signature *s = &v->sigs[i];

			if ((pass == 0 ? s->counts : !s->broken) && s->claim.date &&
			    strlen(s->claim.date) == 10 && strcmp(s->claim.date, out) > 0)
				memcpy(out, s->claim.date, 11);
		}
}

int sakra_approve_plan(struct sakra_repo *repo, const struct sakra_versions *vs,
		       const struct sakra_plan *plan, const struct sakra_seckey *sk,
		       const char *decision, const struct sakra_date *today, long *version,
		       struct sakra_pubkey **keys, size_t *nkeys, const struct sakra_pubkey **key,
		       struct sakra_error *err)
{
	struct sakra_tree *tree = plan->tree;
	const struct sakra_version *v = sakra_versions_find(vs, 0, tree->commit);
	const struct sakra_version *gov = governing(vs, v ? v->number : 0);
	struct sakra_buf man = SAKRA_BUF_INIT;
	int rc;

	*key = NULL;
	if ((rc = sakra_keys_load(keys, nkeys, tree, err)) < 0)
		return rc;
	/* the role the trust chain gives the key; a key new in this commit
	 * signs with its own (and counts from the next version on) */
	if (gov)
		*key = key_same(gov->keys, gov->nkeys, sk->keynum, sk->pk);
	if (!*key)
		*key = key_same(*keys, *nkeys, sk->keynum, sk->pk);
	if (!*key || !(*key)->role)
		return sakra_error_set(err, SAKRA_EAUTH, NULL, 0, 0, !*key
				       ? "key %s is not in keys/ of commit %.12s; commit its public "
				       "key there first" : "key %s in keys/ of commit %.12s names no "
				       "role; add role=... to its comment line", sk->id, tree->commit);
	/* computed from the blobs even when remembered: what is signed is
	 * what git holds now */
	if ((rc = sakra_manifest_build(&man, plan, err)) == 0)
		rc = sakra_approval_sign(repo, vs, tree->commit, man.ptr, man.len, plan->config, sk,
					 *key, decision, today, version, err);
	sakra_buf_free(&man);
	return rc;
}
