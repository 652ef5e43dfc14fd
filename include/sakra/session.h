/* session: what a run of sakra takes from its environment — the thread
 * count, the cache folder, git's hook variables and the git identity —
 * read in one place. The program fills it at start (sakra_session_use_env);
 * no other part of the library reads an environment variable. Set once,
 * before any thread starts; read-only afterwards. */
#ifndef SAKRA_SESSION_H
#define SAKRA_SESSION_H

#include <stddef.h>

#define SAKRA_SESSION_PATH 4096

struct sakra_session {
	size_t threads;                        /* at most this many (SAKRA_THREADS); 0: every core */
	char cache[SAKRA_SESSION_PATH];        /* manifests are remembered here; "": nowhere */
	char index_file[SAKRA_SESSION_PATH];   /* GIT_INDEX_FILE: a pre-commit hook's index */
	char quarantine[SAKRA_SESSION_PATH];   /* GIT_QUARANTINE_PATH: a push's objects */
	char author_name[256], author_email[256];   /* GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL */
	char test_confine[SAKRA_SESSION_PATH]; /* SAKRA_TEST_CONFINE: confine.h's test hook */
};

/* A session from the environment: SAKRA_THREADS, SAKRA_CACHE=off,
 * XDG_CACHE_HOME or HOME, GIT_INDEX_FILE, GIT_QUARANTINE_PATH,
 * GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, SAKRA_TEST_CONFINE. */
void sakra_session_from_env(struct sakra_session *s);
/* Makes s (copied) the process's session; sakra_session_use_env does so
 * with the environment's. */
void sakra_session_use(const struct sakra_session *s);
void sakra_session_use_env(void);
/* The process's session: until one is used, every core, no cache, no hook
 * variables, no identity but git's configuration. */
const struct sakra_session *sakra_session(void);

#endif
