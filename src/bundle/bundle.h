/* What the files of bundle share: the limits, the kit, the facts both sides
 * derive from signed content. Not a public header. */
#ifndef SAKRA_BUNDLE_BUNDLE_H_INTERNAL
#define SAKRA_BUNDLE_BUNDLE_H_INTERNAL

#include <errno.h>
#include <locale.h>
#include <fcntl.h>
#include <stdarg.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <archive.h>
#include <archive_entry.h>
#include "sakra/bundle.h"
#include "sakra/words.h"
#include "sakra/crypto.h"
#include "sakra/manifest.h"
#include "sakra/site.h"
#include "sakra/date.h"
#include "sakra/fs.h"
#include "sakra/history.h"
#include "sakra/stream.h"
#include "sakra/text.h"

#define PATH_LIMIT 4096

/* What a reader holds at most. Anything beyond is refused before it is
 * allocated, so memory stays bounded whatever the input. */
#define ENTRIES_MAX 200000                /* entries in the archive */
#define HELD_MAX (12u << 20)              /* kit, plan text, names and site hashes */
#define MANIFEST_MAX (16u << 20)
#define KIT_TEXT_MAX (8u << 20)           /* LÄSMIG.txt, BUNDLE */
#define KIT_SMALL_MAX (16u << 10)         /* one key, one signature */
#define KIT_FILES_MAX 1024
#define TEXT_FILE_MAX (2u << 20)          /* one document kept to render the site */
#define SITE_FILE_MAX (64u << 20)         /* one file of site/ */
#define SITE_TOTAL_MAX (1ull << 30)       /* all of site/ */

/* The kit: MANIFEST, its signatures and the keys, as the archive holds
 * them (LÄSMIG.txt and BUNDLE too, on the reader's side). */
struct kitfile {
	char *name;
	struct sakra_buf data;
};

struct kit {
	struct kitfile *f;
	size_t n;
	size_t bytes;
};

/* What LÄSMIG.txt, BUNDLE and the site say, from sakra.yml, MANIFEST and
 * the kit's judged version alone: the reader derives the same facts and
 * the same bytes, so none of it needs a signature of its own. */
struct facts {
	const struct sakra_config *cfg;
	const struct sakra_edition *ed;
	const struct sakra_manifest *m;
	const struct sakra_version *v;      /* NULL: a draft */
	long number;                        /* 0: a draft */
	const char *commit;
	long long commit_time;
	struct sakra_date commit_date;
	const char *maker;                  /* the sakra that makes the bundle */
	char name[192];
	int level;
	size_t files, withheld;
};

void bundle_facts_count(struct facts *f);
void bundle_facts_init(struct facts *f, const struct sakra_config *cfg,
		       const struct sakra_edition *ed, const struct sakra_manifest *m,
		       const char *commit, long long commit_time, struct sakra_date commit_date,
		       const char *maker);
struct kitfile *bundle_kit_add(struct kit *k, const char *name);
struct kitfile *bundle_kit_find(const struct kit *k, const char *name);
void bundle_kit_free(struct kit *k);
int bundle_kit_version(struct sakra_versions **out, const struct kit *kit, long number,
		       const char *commit, const struct sakra_config *cfg, const char *org,
		       struct sakra_pubkey *pinned, size_t npinned, struct sakra_error *err);
int bundle_needed_for_site(const char *path);
int bundle_nomem(struct sakra_error *err);
int bundle_put_info(struct sakra_buf *b, const struct facts *f);
int bundle_put_readme(struct sakra_buf *b, const struct facts *f);
void bundle_site_options(struct sakra_site_options *so, const struct facts *f,
			 const struct sakra_versions *lv);
void bundle_utf8_names(void);
const char *bundle_readme_lang(const char *lang);

#endif
