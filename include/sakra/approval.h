/* approval: approved versions, recorded in git as annotated tags
 * `approved/vN` on the approved commit. The tag message holds one minisign
 * signature of the commit's manifest per approver; the signed trusted
 * comment names the organisation, version, commit, approver, role, date
 * and decision.
 *
 * Authority comes from trust, never from the commit being approved:
 *
 *   - a version is judged by the approval policy (approval.required_roles
 *     and approval.scopes) and the keys of the last approved version before
 *     it; the first version by its own. A version's own policy and keys/
 *     take effect from the next version on, once the old policy approved
 *     them (as a root of trust rotates);
 *   - a key counts with the role (and name) the trusted keys/ give it: a key
 *     whose role changes is a new key; a key removed from keys/ is trusted
 *     no more from the next version on;
 *   - keys pinned from outside (verify --key, a keyring) take the place of
 *     the chain's keys, each with the role of the reader's own copy;
 *   - every signature names the organisation; a scope's signature adopts its
 *     part and never stands in for a required role; a version that changes
 *     its policy or keys needs every role of the old policy on that very
 *     version. */
#ifndef SAKRA_APPROVAL_H
#define SAKRA_APPROVAL_H

#include <stddef.h>

#include "sakra/buf.h"
#include "sakra/config.h"
#include "sakra/error.h"
#include "sakra/minisign.h"
#include "sakra/repo.h"
#include "sakra/date.h"

#define SAKRA_APPROVAL_TAG "approved/v"
#define SAKRA_SIGNATURES_MAX 256          /* distinct signatures read per version */

/* The fields of a trusted comment. */
struct sakra_approval_claim {
	int scope;          /* signs a scope's text ("sakra scope-approval ..."), not MANIFEST */
	long version;
	long under;         /* the version whose policy and keys judge it (its own: version) */
	char commit[41];
	char *org;          /* the organisation: sakra.yml's business_id, else its name */
	char *approver, *role, *date, *decision;
};

struct sakra_signature {
	char *text;                         /* the .minisig text as the tag holds it */
	struct sakra_minisig sig;
	struct sakra_approval_claim claim;
	const struct sakra_pubkey *key;     /* the signing key as trust knows it (else as the
					     * commit's keys/ or a pin has it), NULL if unknown */
	int valid;                          /* signs this manifest and claim */
	int verified;                       /* 0: not yet; 1 + valid, for verified_pk, from a first pass */
	unsigned char verified_pk[32];
	char *scope_text;                   /* a scope signature: the text it was judged on */
	int counts;                         /* valid, claim matches, key trusted */
	int broken;                         /* damaged, not matching, or a false claim */
	int damaged;                        /* its text cannot be read as a signature */
	char why[256];                      /* why it does not count */
};

struct sakra_version {
	long number;
	char tag[64];
	char commit[41];
	char *error;                        /* the tag or commit cannot be read */
	char *manifest;
	size_t manifest_len;
	char *organisation;
	char *org_id;                       /* what its signatures must name (sakra_org_id) */
	char *language;                     /* sakra.yml's language, or NULL */
	struct sakra_pubkey *keys;          /* keys/ of the commit */
	size_t nkeys;
	char **roles;                       /* approval.required_roles of the commit */
	size_t nroles;
	struct sakra_scope *scopes;         /* approval.scopes of the commit */
	size_t nscopes;
	char **role_ids, **role_titles;     /* approval.role_titles of the commit */
	size_t nrole_titles;
	struct sakra_signature *sigs;
	size_t nsigs;
	long governed_by;                   /* the version whose policy and keys judged it;
					     * 0: its own (the first, or nothing approved before) */
	int changes_policy;                 /* its approval: or keys/ differ from those */
	int approved;
	char missing[256];                  /* required roles without a signature that counts */
};

struct sakra_versions {
	struct sakra_version *v;            /* ascending by number */
	size_t n;
	struct sakra_pubkey *pinned;        /* borrowed */
	size_t npinned;
	int pins_apply;                     /* some pin is for the newest version's
					     * organisation: the verdicts are the pins' */
	struct sakra_doc_memo *docs;        /* the documents the versions' plans parsed,
					     * for the run's other plans of the same
					     * blobs (sakra_plan_load_memo) */
};

/* Reads every approved/vN tag and verifies it under the trust rules;
 * with pinned keys (verify --key), only they count. Each version's
 * manifest is computed from its blobs: what git holds now. */
int sakra_versions_load(struct sakra_versions **out, struct sakra_repo *repo,
			struct sakra_pubkey *pinned, size_t npinned, struct sakra_error *err);
/* The same, with the manifests this user's sakra computed before
 * (sakra_cache_manifest_get) where there are any: the signatures are
 * verified all the same, but a blob damaged since is not noticed. For
 * what shows the versions (status, log, diff, a site's history) and for a
 * bundle, which checks every blob against the manifest as it writes it;
 * never for what vouches for them (verify, export, approve, a push). */
int sakra_versions_load_remembered(struct sakra_versions **out, struct sakra_repo *repo,
				   struct sakra_error *err);
void sakra_versions_free(struct sakra_versions *vs);
/* The version with number n, or the one on commit; NULL if none. */
const struct sakra_version *sakra_versions_find(const struct sakra_versions *vs, long n,
						const char *commit);

/* The date of the newest signature that counts (the day the version became
 * approved), else of the newest one that is not broken; "" if none. */
void sakra_version_date(const struct sakra_version *v, char out[11]);

/* Sets what v takes from its commit's sakra.yml: organisation, org_id,
 * language, required roles, scopes and role titles (v has none of them yet). */
int sakra_version_set_config(struct sakra_version *v, const struct sakra_config *cfg);

/* What v's sakra.yml calls role (approval.role_titles), else role. */
const char *sakra_version_role_title(const struct sakra_version *v, const char *role);

/* For versions read from elsewhere (a bundle): adds the signatures found
 * in text (.minisig texts one after another) to v, and applies the trust
 * rules to every version of vs, oldest first (what sakra_versions_load
 * does for a repository). Keys, roles, manifest and commit must be set. */
int sakra_version_read_signatures(struct sakra_version *v, const char *text);
void sakra_versions_judge(struct sakra_versions *vs);

/* The newest version that is approved, or NULL. */
const struct sakra_version *sakra_versions_latest(const struct sakra_versions *vs);

/* "3", "v3" and "approved/v3": 3; anything else 0. */
long sakra_version_number(const char *s);

/* What a command works on, as the user named it (a version number, a
 * revision, or nothing) resolved to a commit and its version. */
enum sakra_pick_flags {
	SAKRA_PICK_APPROVED = 1,  /* it must be an approved version... */
	SAKRA_PICK_DRAFT = 2,     /* ...or, with this, any commit: version is then NULL */
	SAKRA_PICK_LATEST = 4,    /* nothing named: the newest approved version */
	SAKRA_PICK_HEAD = 8,      /* nothing named: HEAD, and the working tree must be clean */
	SAKRA_PICK_WORKTREE = 16, /* nothing named: HEAD if the working tree is clean, else
				   * the working tree itself (rev NULL) */
	SAKRA_PICK_REMEMBERED = 32, /* (for the caller) versions judged on remembered
				     * manifests: sakra_versions_load_remembered */
};
struct sakra_pick {
	const char *rev;          /* for sakra_tree_open: the commit, or NULL (working tree) */
	const struct sakra_version *version;   /* the commit's version (any state), or NULL */
	char commit[41];          /* "" for the working tree */
};
/* vs may be NULL (a plan outside git). Errors say what was wrong and what
 * to do: no version N (SAKRA_ENOTFOUND), not approved (SAKRA_EAUTH),
 * uncommitted changes (SAKRA_EEXISTS), an unknown revision. */
int sakra_versions_pick(const struct sakra_versions *vs, struct sakra_repo *repo,
			const char *what, unsigned flags, struct sakra_pick *out,
			struct sakra_error *err);

/* The public keys in keys/ of a file set (files ending in .pub). A file
 * that is not a key is an error naming it. */
int sakra_keys_load(struct sakra_pubkey **out, size_t *n, struct sakra_tree *tree,
		    struct sakra_error *err);
void sakra_keys_free(struct sakra_pubkey *keys, size_t n);

/* What a plan's signatures name as its organisation: the business id of
 * sakra.yml (organisation.business_id), else its name; "" if neither. */
const char *sakra_org_id(const struct sakra_config *cfg);

/* The trusted comment for a signature. decision may be NULL. */
int sakra_approval_comment(struct sakra_buf *out, const struct sakra_approval_claim *c);
int sakra_approval_comment_parse(struct sakra_approval_claim *out, const char *text);
void sakra_approval_claim_clear(struct sakra_approval_claim *c);

/* Signs manifest of commit with sk (whose public half is key: as the
 * trusted keys/ have it, else as the commit's) and records it: a new
 * version approved/v(N+1), or one more signature on the version the commit
 * already has. *version is the number. Refuses a key that already signed
 * that version. cfg is the commit's sakra.yml; the policy that governs the
 * version is the last approved one's (cfg for the first): a key whose role
 * has a scope there (else in cfg) signs the scope's text, and the manifest
 * too when the role is a required one or has no scope; a new version takes
 * over the scope signatures of the last approved version whose parts are
 * unchanged. */
int sakra_approval_sign(struct sakra_repo *repo, const struct sakra_versions *vs,
			const char *commit, const char *manifest, size_t manifest_len,
			const struct sakra_config *cfg, const struct sakra_seckey *sk,
			const struct sakra_pubkey *key, const char *decision,
			const struct sakra_date *today, long *version, struct sakra_error *err);

/* Approves the commit of a loaded plan: finds the public half of sk in the
 * keys/ of the last approved version before it (with the role given
 * there), else in the commit's own keys/ (a key new in this version: its
 * signature is made but counts from the next version on); it must name a
 * role (SAKRA_EAUTH otherwise). Builds the manifest and signs it as
 * sakra_approval_sign does. The key used in *key (the commit's keys are
 * owned by the caller: sakra_keys_free(*keys, *nkeys); *key may point into
 * vs instead). */
struct sakra_plan;
int sakra_approve_plan(struct sakra_repo *repo, const struct sakra_versions *vs,
		       const struct sakra_plan *plan, const struct sakra_seckey *sk,
		       const char *decision, const struct sakra_date *today, long *version,
		       struct sakra_pubkey **keys, size_t *nkeys, const struct sakra_pubkey **key,
		       struct sakra_error *err);

/* The text a scope's role signs: "sakra scope 2", the organisation, its
 * role, and the MANIFEST line ("SHA256  path") of each of its files ("-  path"
 * for one the version does not have). The same files, unchanged, give the
 * same text in every version, so the role's signature holds until they
 * change; another organisation's plan never gives it. */
int sakra_scope_text(struct sakra_buf *out, const struct sakra_scope *sc, const char *org,
		     const char *manifest, size_t len);
/* Copies scopes (deeply) into *out. */
int sakra_scopes_copy(struct sakra_scope **out, size_t *n, const struct sakra_scope *from,
		      size_t nfrom);
void sakra_scopes_free(struct sakra_scope *s, size_t n);
/* The scope of role, or NULL. */
const struct sakra_scope *sakra_scope_find(const struct sakra_scope *s, size_t n,
					   const char *role);

/* The README of a kit or bundle in the plan's language: LÄSMIG.txt (sv,
 * and any language sakra has no README for), LUEMINUT.txt (fi), README.txt
 * (en); and whether name is one of them. */
const char *sakra_kit_readme_name(const char *lang);
int sakra_kit_readme_named(const char *name);
/* The kit's README text: how to check the signatures and files, in lang
 * (sv, fi, en; others: sv), or (english) the short English paragraph that
 * follows a text in another language. */
int sakra_kit_readme(struct sakra_buf *out, const struct sakra_version *v, const char *lang,
		     int english);
/* The whole README: the text in lang, then the English paragraph unless
 * lang is English. */
int sakra_kit_readme_full(struct sakra_buf *out, const struct sakra_version *v, const char *lang);

/* The verification kit of a version, file by file: MANIFEST, one
 * MANIFEST.<keyid>.minisig per signature, the public keys in the commit's keys/ and
 * the README of the plan's language (sakra_kit_readme_name: the minisign
 * and sha256sum commands, with an English paragraph).
 * emit returns 0 or a negative code, which stops the walk. */
int sakra_kit_files(const struct sakra_version *v, struct sakra_repo *repo,
		    int (*emit)(void *ctx, const char *name, const void *data, size_t len),
		    void *ctx, struct sakra_error *err);

#endif
