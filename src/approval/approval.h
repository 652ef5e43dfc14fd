/* What the files of approval share. Not a public header. */
#ifndef SAKRA_APPROVAL_APPROVAL_H_INTERNAL
#define SAKRA_APPROVAL_APPROVAL_H_INTERNAL

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sakra/approval.h"
#include "sakra/intl.h"
#include "sakra/cache.h"
#include "sakra/words.h"
#include "sakra/manifest.h"
#include "sakra/plan.h"
#include "sakra/date.h"
#include "sakra/stream.h"

const struct sakra_version *approval_governing(const struct sakra_versions *vs, long number);
const struct sakra_pubkey *approval_key_by_num(const struct sakra_pubkey *keys, size_t n,
					     const unsigned char keynum[8]);
const struct sakra_pubkey *approval_key_same(const struct sakra_pubkey *keys, size_t n,
					   const unsigned char keynum[8], const unsigned char *pk);
int approval_same_scope(const struct sakra_scope *a, const struct sakra_scope *b);
long approval_tag_number(const char *name);
int approval_version_read(struct sakra_version *v, struct sakra_repo *repo,
			struct sakra_doc_memo *memo, int remembered, char **message);

#endif
