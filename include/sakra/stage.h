/* stage: a folder of output (a new plan, a site, a verification kit, an
 * opened bundle) written beside its final place and moved there only when
 * complete, so that nobody ever sees half of one; and sakra's own output
 * folders (_site, _bundles) in a plan's working tree. A single file is
 * staged the same way by sakra_out_file (fs.h). */
#ifndef SAKRA_STAGE_H
#define SAKRA_STAGE_H

#include <stddef.h>
#include <sys/types.h>

#include "sakra/buf.h"
#include "sakra/error.h"

enum sakra_stage_mode {
	/* final must not exist when the stage is committed */
	SAKRA_STAGE_NEW,
	/* final may exist (a folder judged replaceable by the caller): it is
	 * moved aside, the stage moved in, then the old one removed */
	SAKRA_STAGE_REPLACE,
	/* final is an existing empty folder (possibly the current one): the
	 * stage is made inside it and its entries moved up on commit, .git
	 * last, so a half-moved tree is never a repository */
	SAKRA_STAGE_FILL,
};

struct sakra_stage {
	struct sakra_buf final;   /* where the output goes, without trailing '/' */
	struct sakra_buf dir;     /* the staging folder: FINAL.tmp-XXXXXX */
	struct sakra_buf made;    /* the folder in it made last (a site writes many
				   * pages into one folder: made once, not per page) */
	enum sakra_stage_mode mode;
};

/* Makes the folders above final, removes what an interrupted run left
 * beside it (FINAL.tmp-XXXXXX) and makes the staging folder, with the mode
 * a plain mkdir gives (0777 less the umask), or 0700 when private. */
int sakra_stage_open(struct sakra_stage *s, const char *final, enum sakra_stage_mode mode,
		     int private_, struct sakra_error *err);
/* The path of name (which may have folders, made here) inside the stage. */
int sakra_stage_path(struct sakra_stage *s, const char *name, struct sakra_buf *path,
		     struct sakra_error *err);
/* Writes the new file name in the stage (folders made as needed). */
int sakra_stage_write(struct sakra_stage *s, const char *name, const void *data, size_t len,
		      struct sakra_error *err);
/* Flushes the stage to disk and moves it to its final place; on failure
 * the stage is removed and final is as it was. Frees s either way. */
int sakra_stage_commit(struct sakra_stage *s, struct sakra_error *err);
/* Removes the stage and frees s (a no-op on a stage never opened). */
void sakra_stage_abort(struct sakra_stage *s);

/* sakra's own output folder `name` (_site, _bundles) at the root of a
 * working tree, made with the given mode, with a .gitignore inside that
 * ignores all of it, so nothing written there is committed by accident;
 * its path in dir. */
int sakra_output_folder(const char *root, const char *name, mode_t mode, struct sakra_buf *dir,
			struct sakra_error *err);

#endif
