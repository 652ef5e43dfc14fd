/* manifest: the canonical text of one commit that approvers sign — a few
 * '#' header lines, then for every file of the commit's tree, sorted
 * bytewise by path, a '# size=N classification=LEVEL' line and the file's
 * line in sha256sum's own format, so `sha256sum -c MANIFEST` verifies a
 * checkout (GNU sha256sum skips '#' lines). The same commit always gives
 * the same bytes. */
#ifndef SAKRA_MANIFEST_H
#define SAKRA_MANIFEST_H

#include "sakra/buf.h"
#include "sakra/error.h"
#include "sakra/plan.h"

#define SAKRA_MANIFEST_FORMAT 1

/* The manifest of plan, whose tree must come from a revision, computed
 * from every blob and remembered (sakra_cache_manifest_put). Paths that
 * sha256sum would have to escape (newline, backslash) and symbolic links
 * are refused with SAKRA_EINVAL. */
int sakra_manifest_build(struct sakra_buf *out, const struct sakra_plan *plan,
			 struct sakra_error *err);

/* One file of a manifest. */
struct sakra_manifest_entry {
	char *path;
	char sha256[65];            /* lower-case hex */
	size_t size;
	char *classification;       /* NULL for '-' */
};

/* A manifest read back: what `log`, `diff` and bundles compare against. */
struct sakra_manifest {
	char *organisation, *framework;
	char commit[41], tree[41];
	struct sakra_manifest_entry *files;   /* in the manifest's order (bytewise) */
	size_t n;
};

/* Parses a manifest as sakra_manifest_build writes it. Anything else (an
 * unknown format version, a malformed line, paths out of order or
 * repeated, a file count that does not match) is SAKRA_EINVAL naming the
 * line; name is used in messages. */
int sakra_manifest_parse(struct sakra_manifest **out, const char *name, const char *text,
			 size_t len, struct sakra_error *err);
void sakra_manifest_free(struct sakra_manifest *m);
/* The entry for path, or NULL. */
const struct sakra_manifest_entry *sakra_manifest_find(const struct sakra_manifest *m,
							const char *path);

enum sakra_change { SAKRA_ADDED, SAKRA_REMOVED, SAKRA_CHANGED };

/* Calls fn for every path that is only in b (added), only in a (removed),
 * or in both with other content (changed), in path order; a may be NULL
 * (everything is added). fn returns 0, or a negative code to stop. */
int sakra_manifest_compare(const struct sakra_manifest *a, const struct sakra_manifest *b,
			   int (*fn)(void *ctx, enum sakra_change change, const char *path),
			   void *ctx);

#endif
