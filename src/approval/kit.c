/* approval: the verification kit a bundle carries (its README in the
 * plan's language). */
#include "approval.h"

/* --- the verification kit ---------------------------------------------------- */

const char *sakra_kit_readme_name(const char *lang)
{
	return sakra_words(lang)->readme;
}

int sakra_kit_readme_named(const char *name)
{
	return sakra_words_is_readme(name);
}

/* The short English summary that follows the text in another language. */
static int kit_readme_english(struct sakra_buf *b, const struct sakra_version *v)
{
	const struct sakra_kit_words *en = &sakra_words("en")->kit;
	int rc = sakra_buf_puts(b, en->summary);

	for (size_t i = 0; i < v->nsigs; i++)
		if (v->sigs[i].claim.scope) {
			rc |= sakra_buf_puts(b, en->summary_scopes);
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

/* The kit's README in one language (sakra_words: head, each minisign
 * command, scope, rest); the formats' arguments match in each language
 * (test_words holds them to it). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
int sakra_kit_readme(struct sakra_buf *b, const struct sakra_version *v, const char *lang,
		     int english)
{
	const struct sakra_kit_words *w = &sakra_words(lang)->kit;
	int rc = 0;

	if (english)
		return kit_readme_english(b, v) ? SAKRA_ENOMEM : 0;
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
	const struct sakra_version *gov = approval_governing(vs, v ? v->number : 0);
	struct sakra_buf man = SAKRA_BUF_INIT;
	int rc;

	*key = NULL;
	if ((rc = sakra_keys_load(keys, nkeys, tree, err)) < 0)
		return rc;
	/* the role the trust chain gives the key; a key new in this commit
	 * signs with its own (and counts from the next version on) */
	if (gov)
		*key = approval_key_same(gov->keys, gov->nkeys, sk->keynum, sk->pk);
	if (!*key)
		*key = approval_key_same(*keys, *nkeys, sk->keynum, sk->pk);
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
