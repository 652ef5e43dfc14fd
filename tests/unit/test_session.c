/* Unit tests: session (what a run takes from its environment). */
#include "unit.h"

#include "sakra/session.h"

static void test_from_env(void **state)
{
	struct sakra_session s;

	(void)state;
	setenv("SAKRA_THREADS", "3", 1);
	setenv("XDG_CACHE_HOME", "/tmp/xdg", 1);
	unsetenv("SAKRA_CACHE");
	setenv("GIT_INDEX_FILE", ".git/next-index", 1);
	unsetenv("GIT_QUARANTINE_PATH");
	setenv("GIT_AUTHOR_NAME", "Anna", 1);
	sakra_session_from_env(&s);
	assert_int_equal(s.threads, 3);
	assert_string_equal(s.cache, "/tmp/xdg/sakra");
	assert_string_equal(s.index_file, ".git/next-index");
	assert_string_equal(s.quarantine, "");
	assert_string_equal(s.author_name, "Anna");
	/* a relative XDG_CACHE_HOME is not used: HOME's .cache is */
	setenv("XDG_CACHE_HOME", "rel", 1);
	setenv("HOME", "/home/anna", 1);
	sakra_session_from_env(&s);
	assert_string_equal(s.cache, "/home/anna/.cache/sakra");
	setenv("SAKRA_CACHE", "off", 1);
	setenv("SAKRA_THREADS", "many", 1);
	sakra_session_from_env(&s);
	assert_string_equal(s.cache, "");
	assert_int_equal(s.threads, 0);
	/* the process's session is the one used, copied */
	s.threads = 7;
	sakra_session_use(&s);
	s.threads = 1;
	assert_int_equal(sakra_session()->threads, 7);
	unsetenv("SAKRA_CACHE");
	unsetenv("SAKRA_THREADS");
	unsetenv("GIT_INDEX_FILE");
	unsetenv("GIT_AUTHOR_NAME");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_env),
	};

	return cmocka_run_group_tests_name("session", tests, NULL, NULL);
}
