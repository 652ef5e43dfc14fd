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

/* The manifest of plan, whose tree must come from a revision. Paths that
 * sha256sum would have to escape (newline, backslash) and symbolic links
 * are refused with SAKRA_EINVAL. */
int sakra_manifest_build(struct sakra_buf *out, const struct sakra_plan *plan,
			 struct sakra_error *err);

#endif
