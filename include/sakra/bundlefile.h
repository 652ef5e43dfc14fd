/* bundlefile: a bundle as a file — written to a path (a deterministic tar,
 * encrypted with age or kept in an AES-256 zip, streamed to a temporary
 * name that becomes the final one only when complete), and read back from
 * a path (decrypted, every signature and file checked, unpacked only into
 * a staging folder). The archive itself is bundle.h's. */
#ifndef SAKRA_BUNDLEFILE_H
#define SAKRA_BUNDLEFILE_H

#include <stddef.h>

#include "sakra/buf.h"
#include "sakra/bundle.h"
#include "sakra/error.h"

enum sakra_seal { SAKRA_SEAL_AGE, SAKRA_SEAL_ZIP, SAKRA_SEAL_TAR };

struct sakra_bundle_dest {
	const char *path;       /* NULL: _bundles/NAME[-MARKING].EXT in the plan's working
				 * tree (a folder git ignores) */
	enum sakra_seal seal;
	const unsigned char (*recipients)[32];   /* age: to these X25519 keys... */
	size_t nrecipients;
	const char *passphrase;  /* ...or this passphrase (age, zip) */
	size_t passlen;
	/* told the temporary file's name once it exists and NULL once it is
	 * gone, so that a signal handler can remove it; may be NULL */
	void (*temp)(void *ctx, const char *name);
	void *ctx;
};

/* Writes the prepared bundle (sakra_bundle_prepare) to its file: the
 * archive made, encrypted and written in two threads; on any failure no
 * file is left. The path written in *path; site warnings in diags. */
int sakra_bundle_write_file(const struct sakra_bundle_options *o,
			    const struct sakra_bundle_plan *bp, const struct sakra_bundle_dest *d,
			    struct sakra_buf *path, struct sakra_diags *diags,
			    struct sakra_error *err);

/* How to open a bundle: age identity files for one encrypted to
 * recipients (any identity in any of them may open it); a passphrase,
 * asked for only when the bundle needs one. */
struct sakra_bundle_secrets {
	const char *const *identities;
	size_t nidentities;
	int (*passphrase)(void *ctx, const char *what, char **pass, size_t *len);
	void *ctx;
	void (*free_passphrase)(void *pass);
	/* when set, called by sakra_bundle_open_file once the folder it unpacks
	 * into exists and before anything of the bundle is read (to confine
	 * the process to it: confine.h); an error stops the opening */
	int (*before_read)(void *ctx, const char *stage, struct sakra_error *err);
};

/* Reads and checks the bundle at path (age, zip or plain tar), unpacking
 * into the existing folder dir, or only checking when dir is NULL. With
 * pinned keys, only they count. On failure *bad is 1 when the bundle is at
 * fault (forged, damaged, not what was signed) and 0 when it could not be
 * checked here (no identity or passphrase that opens it, no memory, no
 * room on the disk). */
int sakra_bundle_read_file(const char *path, const struct sakra_bundle_secrets *s,
			   const char *dir, struct sakra_pubkey *pinned, size_t npinned,
			   struct sakra_bundle_report **report, int *bad, struct sakra_error *err);

/* What a reader accepts besides an approved version judged by keys it
 * pinned for the organisation. */
enum sakra_open_flags {
	SAKRA_OPEN_DRAFT = 1,      /* a draft (unsigned) bundle */
	SAKRA_OPEN_UNPINNED = 2,   /* no key pinned for the organisation: the keys
				    * inside the bundle (the reader said so) */
};
/* 1 if the report is of a sound bundle whose every file is what was
 * signed: an approved version with no broken signature, judged by keys
 * pinned for its organisation (or, with SAKRA_OPEN_UNPINNED, by its own),
 * or a draft with SAKRA_OPEN_DRAFT. flags: enum sakra_open_flags. */
int sakra_bundle_sound(const struct sakra_bundle_report *r, int flags);

/* The plan of a bundle opened earlier into dir (by `open` or `inbox`):
 * every file its MANIFEST lists, those under files/ held (the plan's
 * Markdown and YAML read, other files known by their MANIFEST hash) and
 * the others marked withheld. The folder is the reader's own, checked when
 * it was opened: nothing is verified again here. *tree outlives *plan. */
int sakra_bundle_load_opened(const char *dir, struct sakra_tree **tree,
			     struct sakra_plan **plan, struct sakra_error *err);

/* Opens the bundle at path into the new folder out (default: the bundle's
 * own name, in *opened), which appears only when every check has passed;
 * a bundle that is not sound (sakra_bundle_sound) leaves nothing and *bad
 * set. The report is returned either way when the bundle could be read. */
int sakra_bundle_open_file(const char *path, const struct sakra_bundle_secrets *s,
			   const char *out, int flags, struct sakra_pubkey *pinned,
			   size_t npinned, struct sakra_bundle_report **report,
			   struct sakra_buf *opened, int *bad, struct sakra_error *err);

/* Writes the verification kit of version v (sakra_kit_files) into the new
 * folder dir, which appears only when complete. */
struct sakra_repo;
int sakra_kit_write_dir(const struct sakra_version *v, struct sakra_repo *repo, const char *dir,
			struct sakra_error *err);

#endif
