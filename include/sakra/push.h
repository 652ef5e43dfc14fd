/* push: what the team's git server refuses (the pre-receive hook of `sakra
 * hooks install --server`): a default branch moved to a commit with check
 * errors (a path git refuses to check out, a submodule, among them), or
 * deleted; an approved/vN tag that does not verify with the trust chain of
 * the server's history; an approved version moved or deleted; a replace ref
 * (under refs/replace/), which would make git show other content under a
 * commit's id. */
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

/* At most this much of git's input is judged; a larger push is refused
 * whole, never judged by a part of it. */
#define SAKRA_PUSH_INPUT_MAX (64u << 20)

/* git's "OLD NEW REF" lines, every one: a line that is not one is
 * SAKRA_EPARSE naming it (the push is then refused whole). */
int sakra_push_parse(struct sakra_push *p, const char *text, size_t len,
		     struct sakra_error *err);
/* Judges the updates in the server's repository (with the pushed objects
 * in its quarantine); the refusals in p, none when the push is whole. */
int sakra_push_judge(struct sakra_push *p, struct sakra_repo *repo, const struct sakra_date *today,
		     struct sakra_error *err);
void sakra_push_free(struct sakra_push *p);

#endif
