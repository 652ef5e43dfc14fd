/* session: the one place the library reads the environment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sakra/session.h"

static struct sakra_session current;

static void copy(char *out, size_t cap, const char *name)
{
	const char *v = getenv(name);

	snprintf(out, cap, "%s", v && strlen(v) < cap ? v : "");
}

void sakra_session_from_env(struct sakra_session *s)
{
	const char *threads = getenv("SAKRA_THREADS"), *off = getenv("SAKRA_CACHE");
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int n = 0;

	memset(s, 0, sizeof(*s));
	if (threads && *threads) {
		char *end;
		long want = strtol(threads, &end, 10);

		if (!*end && want >= 1)
			s->threads = (size_t)want;
	}
	/* the cache: under XDG_CACHE_HOME, else ~/.cache; absolute paths only */
	if (off && !strcmp(off, "off"))
		n = 0;
	else if (xdg && xdg[0] == '/')
		n = snprintf(s->cache, sizeof(s->cache), "%s/sakra", xdg);
	else if (home && home[0] == '/')
		n = snprintf(s->cache, sizeof(s->cache), "%s/.cache/sakra", home);
	if (n < 0 || (size_t)n >= sizeof(s->cache))
		s->cache[0] = '\0';
	copy(s->index_file, sizeof(s->index_file), "GIT_INDEX_FILE");
	copy(s->quarantine, sizeof(s->quarantine), "GIT_QUARANTINE_PATH");
	copy(s->author_name, sizeof(s->author_name), "GIT_AUTHOR_NAME");
	copy(s->author_email, sizeof(s->author_email), "GIT_AUTHOR_EMAIL");
	copy(s->test_confine, sizeof(s->test_confine), "SAKRA_TEST_CONFINE");
}

void sakra_session_use(const struct sakra_session *s)
{
	current = *s;
}

void sakra_session_use_env(void)
{
	struct sakra_session s;

	sakra_session_from_env(&s);
	sakra_session_use(&s);
}

const struct sakra_session *sakra_session(void)
{
	return &current;
}
