/* approval: approving a plan — signing its version with the role the
 * trusted keys give. */
#include "approval.h"

/* --- approving ------------------------------------------------------------------- */

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
const struct sakra_version *approval_governing(const struct sakra_versions *vs, long number)
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
	const struct sakra_version *gov = approval_governing(vs, v ? v->number : 0);
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
