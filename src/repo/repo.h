/* What the files of repo share. Not a public header. */
#ifndef SAKRA_REPO_REPO_H_INTERNAL
#define SAKRA_REPO_REPO_H_INTERNAL

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <git2.h>
#include <git2/sys/repository.h>
#include "sakra/crypto.h"
#include "sakra/odb.h"
#include "sakra/repo.h"
#include "sakra/session.h"
#include "sakra/date.h"
#include "sakra/fs.h"
#include "sakra/stream.h"
#include "sakra/text.h"

/* A blob's SHA-256, remembered for the rest of the run: the manifests of
 * many versions share most of their blobs. */
/* What this run learned of a blob: its size, its SHA-256 (hex[0] == 0:
 * not yet). Object ids name content, so it holds for every tree. */
struct memo {
	unsigned char oid[20];
	unsigned char used, sized;
	size_t size;
	char hex[65];
};

struct sakra_repo {
	git_repository *git;   /* NULL: a plain directory */
	char root[PATH_MAX];   /* working directory, without the trailing '/' */
	struct memo *memo;     /* open addressing by oid; used == 0: empty */
	size_t memo_cap, memo_n;
	pthread_mutex_t memo_mu;
	struct pending {       /* tags as a push would leave them (sakra_repo_pretend_tag) */
		char *name;
		char oid[41];  /* "": deleted */
	} *pend;
	size_t npend;
};

int repo_absent(const struct sakra_tree *tree, const struct sakra_file *f,
		  struct sakra_error *err);
size_t repo_blob_size(struct sakra_repo *r, const git_oid *id);
int repo_git_fail(struct sakra_error *err, const char *what);

#endif
