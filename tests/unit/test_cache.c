/* Unit tests: cache (a manifest comes back only as it was put, from a
 * folder and file that are the user's own, for this sakra and commit). */
#include "unit.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sakra/session.h"
#include "sakra/cache.h"
#include "sakra/fs.h"

#define C1 "0123456789abcdef0123456789abcdef01234567"
#define C2 "89abcdef0123456789abcdef0123456789abcdef"
#define TEXT "# sakra manifest 1\n# commit: " C1 "\n"

static char root[64];

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/sakra-unit-cache-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	setenv("XDG_CACHE_HOME", root, 1);
	unsetenv("SAKRA_CACHE");
	sakra_session_use_env();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sakra_remove_tree(root);
	return 0;
}

static void entry_path(char *out, size_t cap, const char *commit)
{
	snprintf(out, cap, "%s/sakra/manifests/%s", root, commit);
}

/* Rewrites byte at of the entry of C1. */
static void poke(long at, char c)
{
	char path[256];
	int fd;

	entry_path(path, sizeof(path), C1);
	assert_true((fd = open(path, O_WRONLY)) >= 0);
	assert_int_equal(pwrite(fd, &c, 1, at), 1);
	close(fd);
}

static void test_roundtrip(void **state)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	char path[256];
	struct stat st;

	(void)state;
	assert_int_equal(sakra_cache_manifest_get(C1, &b), 0);
	sakra_cache_manifest_put(C1, TEXT, strlen(TEXT));
	assert_int_equal(sakra_cache_manifest_get(C1, &b), 1);
	sakra_cache_manifest_put(C1, "other", 5);   /* a commit has one manifest: kept */
	assert_int_equal(sakra_cache_manifest_get(C1, &b), 1);
	assert_int_equal(b.len, strlen(TEXT));
	assert_memory_equal(b.ptr, TEXT, b.len);
	assert_int_equal(sakra_cache_manifest_get(C2, &b), 0);   /* another commit */
	assert_int_equal(b.len, 0);
	/* private to the user */
	entry_path(path, sizeof(path), C1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 077, 0);
	snprintf(path, sizeof(path), "%s/sakra", root);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 077, 0);
	/* a name that is no commit id is neither read nor written */
	sakra_cache_manifest_put("../../escape", TEXT, strlen(TEXT));
	snprintf(path, sizeof(path), "%s/escape", root);
	assert_int_not_equal(access(path, F_OK), 0);
	assert_int_equal(sakra_cache_manifest_get("../manifests/" C1, &b), 0);
	sakra_buf_free(&b);
}

/* A changed byte anywhere — the text, the version, the commit — is a
 * miss, not a different manifest. */
static void test_damage(void **state)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	char path[256];
	struct stat st;
	long body;

	(void)state;
	sakra_cache_manifest_put(C1, TEXT, strlen(TEXT));
	entry_path(path, sizeof(path), C1);
	assert_int_equal(stat(path, &st), 0);
	body = (long)st.st_size - (long)strlen(TEXT);
	poke(body + 2, 'X');
	assert_int_equal(sakra_cache_manifest_get(C1, &b), 0);
	assert_int_not_equal(access(path, F_OK), 0);          /* removed when found damaged */
	sakra_cache_manifest_put(C1, TEXT, strlen(TEXT));   /* put back whole */
	assert_int_equal(sakra_cache_manifest_get(C1, &b), 1);
	poke((long)strlen("sakra manifest cache 1\nversion: "), '9');   /* another sakra's */
	assert_int_equal(sakra_cache_manifest_get(C1, &b), 0);
	sakra_cache_manifest_put(C1, TEXT, strlen(TEXT));
	assert_int_equal(truncate(path, st.st_size - 1), 0);          /* torn */
	assert_int_equal(sakra_cache_manifest_get(C1, &b), 0);
	/* the entry of one commit copied to another's name */
	sakra_cache_manifest_put(C1, TEXT, strlen(TEXT));
	{
		char other[256], cmd[600];

		entry_path(other, sizeof(other), C2);
		snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", path, other);
		assert_int_equal(system(cmd), 0);
		assert_int_equal(sakra_cache_manifest_get(C2, &b), 0);
	}
	sakra_buf_free(&b);
}

/* Only what nobody else could have written counts; SAKRA_CACHE=off. */
static void test_trust(void **state)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	char path[256], link[256], dir[256];

	(void)state;
	sakra_cache_manifest_put(C1, TEXT, strlen(TEXT));
	entry_path(path, sizeof(path), C1);
	assert_int_equal(chmod(path, 0666), 0);
	assert_int_equal(sakra_cache_manifest_get(C1, &b), 0);
	assert_int_not_equal(access(path, F_OK), 0);   /* not used, and removed */
	sakra_cache_manifest_put(C1, TEXT, strlen(TEXT));
	assert_int_equal(sakra_cache_manifest_get(C1, &b), 1);
	snprintf(dir, sizeof(dir), "%s/sakra/manifests", root);
	assert_int_equal(chmod(dir, 0777), 0);
	assert_int_equal(sakra_cache_manifest_get(C1, &b), 0);
	assert_int_equal(chmod(dir, 0700), 0);
	/* a symbolic link is not followed */
	entry_path(link, sizeof(link), C2);
	unlink(link);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(sakra_cache_manifest_get(C2, &b), 0);
	/* nor waited on: a FIFO in an entry's place is a miss at once */
	unlink(link);
	assert_int_equal(mkfifo(link, 0600), 0);
	assert_int_equal(sakra_cache_manifest_get(C2, &b), 0);
	unlink(link);
	setenv("SAKRA_CACHE", "off", 1);
	sakra_session_use_env();
	assert_int_equal(sakra_cache_manifest_get(C1, &b), 0);
	unsetenv("SAKRA_CACHE");
	sakra_session_use_env();
	assert_int_equal(sakra_cache_manifest_get(C1, &b), 1);
	sakra_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_damage),
		cmocka_unit_test(test_trust),
	};

	return cmocka_run_group_tests_name("cache", tests, setup, teardown);
}
