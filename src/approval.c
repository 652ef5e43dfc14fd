/* approval: approved versions as git tags holding minisign signatures. */
#include "approval/approval.h"

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

const struct sakra_pubkey *approval_key_by_num(const struct sakra_pubkey *keys, size_t n,
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
int approval_same_scope(const struct sakra_scope *a, const struct sakra_scope *b)
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
	for (size_t i = 0; i < v->nrole_titles; i++) {
		free(v->role_ids[i]);
		free(v->role_titles[i]);
	}
	free(v->role_ids);
	free(v->role_titles);
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
	sakra_doc_memo_free(vs->docs);
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

long approval_tag_number(const char *name)
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
			snprintf(s->why, sizeof(s->why), "%s", _("the signature text is damaged"));
			s->damaged = 1;
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
	if (cfg->nrole_titles &&
	    (!(v->role_ids = calloc(cfg->nrole_titles, sizeof(char *))) ||
	     !(v->role_titles = calloc(cfg->nrole_titles, sizeof(char *)))))
		return SAKRA_ENOMEM;
	for (size_t i = 0; i < cfg->nrole_titles; i++) {
		v->nrole_titles = i + 1;
		if (!(v->role_ids[i] = strdup(cfg->role_ids[i])) ||
		    !(v->role_titles[i] = strdup(cfg->role_titles[i])))
			return SAKRA_ENOMEM;
	}
	return sakra_scopes_copy(&v->scopes, &v->nscopes, cfg->scopes, cfg->nscopes);
}

const char *sakra_version_role_title(const struct sakra_version *v, const char *role)
{
	for (size_t i = 0; role && i < v->nrole_titles; i++)
		if (strcmp(v->role_ids[i], role) == 0)
			return v->role_titles[i];
	return role;
}

int approval_version_read(struct sakra_version *v, struct sakra_repo *repo,
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
