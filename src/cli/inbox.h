/* What the two files of `sakra inbox` share: the archive's records. Not a
 * public header. */
#ifndef SAKRA_CLI_INBOX_H_INTERNAL
#define SAKRA_CLI_INBOX_H_INTERNAL

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "sakra/approval.h"
#include "sakra/bundlefile.h"
#include "sakra/crypto.h"
#include "sakra/diff.h"
#include "sakra/followup.h"
#include "sakra/fs.h"
#include "sakra/json.h"
#include "sakra/stream.h"

/* Days before a certificate's expiry that count as expiring (as check). */
#define EXPIRING_DAYS 90

struct run {
	const char *arch;
	struct cli_bundle_keys *keys;
	struct sakra_date today;
	json_t *filed, *seen, *refused, *conflicts;
	json_t *received;         /* SHA-256 of every bundle file filed before -> where */
	char *const *arches;      /* what the overview summarises: the archive, or
				   * with --merge the shards' archives */
	size_t narches;
};

int inbox_list(const char *dir, int folders, char ***out, size_t *n);
json_t *inbox_organisation(const struct run *run, const char *id, json_t *recs, long *urgency);
json_t *inbox_overview(struct run *run, struct sakra_error *err);
json_t *inbox_records(const char *arch, const char *id);
int inbox_safe_id(const char *id);

#endif
