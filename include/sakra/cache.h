/* cache: manifests sakra computed before, remembered per user so that a
 * version's manifest is not recomputed from every blob by every command.
 *
 * Kept in $XDG_CACHE_HOME/sakra (~/.cache/sakra), never in a repository: a
 * repository received from someone else brings its .git along, and what
 * sakra believes must not be theirs to decide. A manifest is a function of
 * its commit (whose id names the whole tree, each object's hash checked as
 * libgit2 reads it) and of sakra's version, so one entry serves every
 * clone. An entry is used only when the folder and file are the user's own
 * and not writable by others, the file names this sakra version and commit,
 * and its text has the SHA-256 its header says; anything else is a miss.
 * Entries are written to a temporary name and renamed, so two sakra
 * processes never see half of one. SAKRA_CACHE=off turns it off; removing
 * the folder is always safe. */
#ifndef SAKRA_CACHE_H
#define SAKRA_CACHE_H

#include <stddef.h>

#include "sakra/buf.h"

/* The cached manifest of commit (hex id) into out: 1, or 0 when there is
 * none that can be used (out is then empty). */
int sakra_cache_manifest_get(const char *commit, struct sakra_buf *out);
/* Remembers commit's manifest; failing to costs only time. */
void sakra_cache_manifest_put(const char *commit, const char *text, size_t len);

/* For what is to be said once per user (a hint keyed by what): 1 the first
 * time (and it is remembered), 0 after, -1 when there is no cache to
 * remember in (then say nothing). */
int sakra_cache_once(const char *what);

#endif
