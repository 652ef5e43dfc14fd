/* bundle: one edition of one approved version as a single archive, and the
 * checks that open and verify it.
 *
 * The archive (a pax tar, or an AES-256 zip) holds, under one top folder
 * and in this order: LÄSMIG.txt, BUNDLE (what the bundle is: version,
 * commit, edition, withheld files), MANIFEST, its MANIFEST.<keyid>.minisig
 * signatures, the approvers' keys/, then files/ (the files of the commit
 * that the edition includes), then site/ (the edition rendered as by
 * `sakra build`, from the edition's files alone). Times
 * are the commit's, owners 0 without names, modes 0644: the same version
 * and edition give the same tar bytes.
 *
 * A file is in the edition when it lies outside the plan's four folders
 * (sakra.yml, keys/, ...) or is marked at or below the edition's
 * max_classification; the manifest lists every file, so a reader can tell
 * which were withheld and the signatures still verify. */
#ifndef SAKRA_BUNDLE_H
#define SAKRA_BUNDLE_H

#include <stdint.h>

#include "sakra/approval.h"
#include "sakra/config.h"
#include "sakra/diag.h"
#include "sakra/error.h"
#include "sakra/plan.h"
#include "sakra/stream.h"

#define SAKRA_BUNDLE_FORMAT 2

enum sakra_bundle_format { SAKRA_BUNDLE_TAR, SAKRA_BUNDLE_ZIP };

struct sakra_bundle_options {
	const struct sakra_plan *plan;          /* of the commit; its tree from a revision */
	const struct sakra_edition *edition;    /* NULL: every marked file */
	const struct sakra_version *version;    /* NULL: a draft (unsigned) */
	const struct sakra_versions *versions;  /* for the site's history; may be NULL */
	struct sakra_repo *repo;
	const char *manifest;                   /* the version's, or a draft's built one:
						 * computed from the plan's tree in this run */
	size_t manifest_len;
	enum sakra_bundle_format format;
	const char *passphrase;                 /* the zip's */
	/* called as the edition's files are written, with their bytes so far
	 * (up to sakra_bundle_plan.bytes); may be NULL */
	void (*progress)(void *ctx, uint64_t bytes);
	void *progress_ctx;
};

/* What a bundle holds, known before it is written. */
struct sakra_bundle_plan {
	char name[192];           /* the top folder and file name stem: org-vN-edition */
	int level;                /* the highest marking it holds (level index), -1 if none */
	const char *marking;      /* that level's label, or NULL */
	size_t files, withheld;   /* files of the commit in it, and left out */
	uint64_t bytes;           /* their size */
};

int sakra_bundle_prepare(const struct sakra_bundle_options *o, struct sakra_bundle_plan *bp,
			 struct sakra_error *err);

/* Writes the archive to sink. Site link warnings go to diags. */
int sakra_bundle_write(const struct sakra_bundle_options *o, const struct sakra_bundle_plan *bp,
		       sakra_sink_fn sink, void *ctx, struct sakra_diags *diags,
		       struct sakra_error *err);

/* What reading a bundle found. */
struct sakra_bundle_report {
	char name[192];
	long version;
	int draft;
	char commit[41];
	char *organisation, *edition, *marking;
	struct sakra_versions *vs;   /* one version, its signatures judged */
	char **withheld;             /* paths the edition left out */
	size_t nwithheld;
	size_t files, site_files;
	uint64_t bytes;
	const char *readme;          /* the README's name (the plan's language) */
	/* the README, BUNDLE and site/ were rendered again from the signed
	 * content and are the same bytes (not done for a version whose
	 * signatures do not make it approved) */
	int rendered;
	/* the plan the signed files give (an edition's view: withheld files
	 * are listed, their content absent), when rendered; NULL otherwise */
	struct sakra_plan *plan;
	struct sakra_tree *tree;
};
void sakra_bundle_report_free(struct sakra_bundle_report *r);

/* Reads a bundle's archive (tar or zip, told apart by content) from source
 * and checks everything: only regular files with safe relative paths, each
 * once, in the layout above; MANIFEST parses and the kit's keys are
 * exactly those of the commit; every files/ entry matches the manifest;
 * files/ holds exactly what the edition includes. Signatures are judged
 * into the report's version (with pinned keys, only they count); whether
 * it is approved is the caller's to judge. When it is (or for a draft),
 * LÄSMIG.txt, BUNDLE and site/ are rendered again from sakra.yml, MANIFEST,
 * the signatures and the edition's files, and must be the same bytes: so
 * nothing in a bundle goes unchecked. With dir (a new, empty staging
 * directory), the checked files and the rendering are written there (the
 * caller renames it into place only after success). Memory stays bounded:
 * sizes past the reader's limits are SAKRA_ELIMIT. Any mismatch is
 * SAKRA_EAUTH or SAKRA_EPARSE naming the entry. */
int sakra_bundle_read(struct sakra_bundle_report **out, sakra_source_fn source, void *ctx,
		      const char *passphrase, const char *dir, struct sakra_pubkey *pinned,
		      size_t npinned, struct sakra_error *err);

#endif
