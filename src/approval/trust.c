/* approval: judging versions — each by the policy and keys of the last
 * approved version before it (version 1 by its own), roles from the trusted
 * keys or the reader's pins — and loading a repository's versions. */
#include "approval.h"

/* --- judging versions ------------------------------------------------------------ */

/* Whether a key list holds k: the same key number and public key. */
const struct sakra_pubkey *approval_key_same(const struct sakra_pubkey *keys, size_t n,
					   const unsigned char keynum[8], const unsigned char *pk)
{
	const struct sakra_pubkey *o = approval_key_by_num(keys, n, keynum);

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
	const struct sakra_pubkey *own = approval_key_by_num(v->keys, v->nkeys, s->sig.keynum);

	return own ? own : approval_key_by_num(vs->pinned, vs->npinned, s->sig.keynum);
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
		const struct sakra_pubkey *o = approval_key_same(b->keys, b->nkeys, a->keys[i].keynum,
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
		if (!approval_same_scope(&gov->scopes[c], sakra_scope_find(v->scopes, v->nscopes,
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
			snprintf(s->why, sizeof(s->why), _("the part of role %s is new in this version: "
				 "it counts from the next version on"), s->claim.role);
		} else {
			snprintf(s->why, sizeof(s->why), _("it signs the part of role %s, which the "
				 "approval policy of this version does not have"), s->claim.role);
		}
		return -1;
	}
	if (sakra_scope_text(&text, sc, v->org_id ? v->org_id : "", v->manifest,
			     v->manifest_len) < 0) {
		snprintf(s->why, sizeof(s->why), _("the part of role %s cannot be read"), sc->role);
		sakra_buf_free(&text);
		return -1;
	}
	s->valid = sakra_minisig_verify(&s->sig, key, text.ptr, text.len);
	free(s->scope_text);
	s->scope_text = sakra_buf_detach(&text);
	if (!s->valid) {
		snprintf(s->why, sizeof(s->why), _("the files of %s's part are not what it signed "
			 "in version %ld"), sc->role, s->claim.version);
		return -1;
	}
	if (s->claim.version > v->number) {
		snprintf(s->why, sizeof(s->why), _("it claims version %ld, after this version %ld"),
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
	if (!key && !(key = approval_key_by_num(v->keys, v->nkeys, s->sig.keynum))) {
		snprintf(s->why, sizeof(s->why), t->pinned ? _("key %s is not one of the keys you "
			 "pinned (--key or the keyring)") : _("signed by key %s, which is not in keys/ "
			 "of this commit nor trusted by the versions before it"), s->sig.id);
		return;
	}
	s->key = key;
	s->broken = 1;   /* until the signature and its claim hold */
	/* a signature of the manifest is verified before its comment is read */
	if (!scope && !(s->valid = verify_with(s, key, v->manifest, v->manifest_len))) {
		snprintf(s->why, sizeof(s->why), _("the signature does not match the commit's "
			 "manifest and its comment"));
		return;
	}
	if (sakra_approval_comment_parse(&s->claim, s->sig.trusted) < 0 || s->claim.scope != scope) {
		snprintf(s->why, sizeof(s->why), _("the signed comment is not a sakra approval of "
			 "this version (made by an older sakra, or damaged)"));
		return;
	}
	if (scope) {
		if (judge_scope(t, v, s, key) < 0)
			return;
	} else {
		if (s->claim.version != v->number || strcmp(s->claim.commit, v->commit) != 0) {
			snprintf(s->why, sizeof(s->why), _("it approves version %ld of commit %.12s, "
				 "not this tag's version %ld of %.12s"), s->claim.version,
				 s->claim.commit, v->number, v->commit);
			return;
		}
	}
	if (strcmp(s->claim.org, v->org_id ? v->org_id : "") != 0) {
		snprintf(s->why, sizeof(s->why), _("it was made for organisation %s, not this plan's %s"),
			 s->claim.org, v->org_id ? v->org_id : "(none)");
		return;
	}
	if (s->claim.version == v->number &&
	    s->claim.under != (t->gov == v ? v->number : t->gov->number)) {
		s->broken = 0;
		snprintf(s->why, sizeof(s->why), _("it was made under the approval policy of version "
			 "%ld, but version %ld governs this one (the versions before it are not "
			 "what the signer saw)"), s->claim.under, t->gov == v ? v->number :
			 t->gov->number);
		return;
	}
	if (trusted && memcmp(trusted->pk, key->pk, sizeof(key->pk)) == 0 &&
	    !str_eq(trusted->role, s->claim.role)) {
		if (!trusted->role) {
			s->broken = 0;
			snprintf(s->why, sizeof(s->why), _("%s key %s names no role; add role=%s to its "
				 "comment line if that is the role you accept"), t->pinned ?
				 "your pinned copy of" : "the trusted", key->id, s->claim.role);
		} else {
			snprintf(s->why, sizeof(s->why), _("it claims role %s, but key %s has role %s in "
				 "%s (a role changes only by a version approved under the old one)"),
				 s->claim.role, key->id, trusted->role, t->pinned ? "your pinned copy" :
				 t->gov == v ? "keys/ of this version" : "keys/ of the last approved "
				 "version");
		}
		return;
	}
	s->broken = 0;
	if (!trusted || memcmp(trusted->pk, key->pk, sizeof(key->pk)) != 0) {
		if (t->pinned)
			snprintf(s->why, sizeof(s->why), _("key %s is not one of the keys you pinned "
				 "(--key or the keyring)"), key->id);
		else
			snprintf(s->why, sizeof(s->why), _("key %s is new in this version: it counts "
				 "only once a version approved with the keys of version %ld adds it (or "
				 "pin it with --key)"), key->id, t->gov->number);
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
		int redrawn = !approval_same_scope(was, sakra_scope_find(v->scopes, v->nscopes, was->role));

		if (!has_role(v, was->role, 1, v->changes_policy || redrawn))
			note_missing(v, &o, was->role, v->changes_policy || redrawn
				     ? _(" (for its part, on this version: it changes the approval "
					 "policy or keys)") : _(" (for its part)"));
	}
	v->approved = !v->missing[0];
	if (!gov->nroles && !gov->nscopes) {
		v->approved = 0;
		for (size_t k = 0; k < v->nsigs; k++)
			v->approved |= v->sigs[k].counts && !v->sigs[k].claim.scope;
		if (!v->approved)
			snprintf(v->missing, sizeof(v->missing), "%s", _("any approver"));
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
			if (!s->sig.id[0] || s->damaged) {
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
					snprintf(v->sigs[k].why, sizeof(v->sigs[k].why), _("no version "
						 "before this one is approved, and trust starts at "
						 "version 1"));
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
	size_t n;
};

static void preverify_one(void *arg, size_t i)
{
	struct preverify *p = arg;
	struct sakra_signature *s = p->sigs[i];
	const struct sakra_version *v = p->of[i];
	const struct sakra_pubkey *key;

	if ((key = signing_key(p->vs, v, s))) {
		s->verified = 1 + sakra_minisig_verify(&s->sig, key, v->manifest, v->manifest_len);
		memcpy(s->verified_pk, key->pk, sizeof(s->verified_pk));
	}
}

static void preverify(struct sakra_versions *vs)
{
	struct preverify p;
	size_t nth = sakra_threads(8), cap = 0;

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
	sakra_parallel(p.n, nth, preverify_one, NULL, &p);
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

		if ((v->number = approval_tag_number(names[i])) < 0)
			continue;   /* not a version tag (approved/vx, approved/v01) */
		snprintf(v->tag, sizeof(v->tag), "%s", names[i]);
		vs->n++;
		rc = approval_version_read(v, repo, memo, remembered, &message);
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
	vs->docs = memo;   /* kept: the picked plan is most often one of them */
	memo = NULL;
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
