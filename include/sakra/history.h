/* history: the authority history a bundle carries, so that its reader
 * judges a version as the repository does. For every version before the
 * bundled one: its signed MANIFEST, the sakra.yml and keys/ of its commit
 * (their hashes are in that MANIFEST) and its signatures. One text:
 *
 *   sakra history 1
 *   version N COMMIT
 *   manifest LEN            LEN bytes follow, then a newline
 *   file LEN PATH           sakra.yml, keys/NAME.pub
 *   signatures LEN          the .minisig texts, one after another
 *   end
 *
 * The same versions always give the same bytes. */
#ifndef SAKRA_HISTORY_H
#define SAKRA_HISTORY_H

#include <stddef.h>

#include "sakra/approval.h"
#include "sakra/buf.h"
#include "sakra/error.h"
#include "sakra/repo.h"

#define SAKRA_HISTORY_FILE "HISTORY"
#define SAKRA_HISTORY_MAX (32u << 20)     /* what a reader takes at most */
#define SAKRA_HISTORY_VERSIONS_MAX 10000

/* The history of the versions of vs before number, read from repo. Refuses
 * (SAKRA_EINVAL) when a version 1 .. number-1 is missing or cannot be
 * read: its reader would judge the bundled version differently. */
int sakra_history_write(struct sakra_buf *out, const struct sakra_versions *vs, long number,
			struct sakra_repo *repo, struct sakra_error *err);

/* Reads a history into versions appended to vs (which must be empty): the
 * versions 1 .. number-1, each one's files checked against its MANIFEST.
 * SAKRA_EAUTH, naming what is wrong, for anything else. */
int sakra_history_read(struct sakra_versions *vs, const char *text, size_t len, long number,
		       struct sakra_error *err);

#endif
