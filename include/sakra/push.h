/* push: what the team's git server refuses (the pre-receive hook of `sakra
 * hooks install --server`): a default branch moved to a commit with check
 * errors, or deleted; an approved/vN tag that does not verify with the trust
 * chain of the server's history; an approved version moved or deleted. */
#ifndef SAKRA_PUSH_H
#define SAKRA_PUSH_H

#include <stddef.h>

#include "sakra/approval.h"
#include "sakra/date.h"
#include "sakra/diag.h"
#include "sakra/error.h"
#include "sakra/repo.h"

struct sakra_ref_update {
	char old[41], new[41];   /* 40 zeros: the ref is created / deleted */
	char *ref;               /* refs/heads/main, refs/tags/approved/v2 */
};

struct sakra_push_refusal {
	char *message;                        /* why, naming the ref */
	const struct sakra_version *version;  /* a tag's version that does not verify */
	struct sakra_diags errors;            /* the branch's check errors, sorted */
};

struct sakra_push {
	struct sakra_ref_update *u;
	size_t n;
	struct sakra_push_refusal *refusals;
	size_t nrefusals;
	struct sakra_versions *vs;            /* with the pushed tags in place */
};

/* git's "OLD NEW REF" lines (malformed ones are skipped). */
int sakra_push_parse(struct sakra_push *p, const char *text, size_t len,
		     struct sakra_error *err);
/* Judges the updates in the server's repository (with the pushed objects
 * in its quarantine); the refusals in p, none when the push is whole. */
int sakra_push_judge(struct sakra_push *p, struct sakra_repo *repo, const struct sakra_date *today,
		     struct sakra_error *err);
void sakra_push_free(struct sakra_push *p);

#endif
