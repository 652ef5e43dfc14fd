/* Unit tests: stage (output folders that appear only when complete) and
 * sakra's own output folders. */
#include "unit.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sakra/fs.h"
#include "sakra/stage.h"

#define root tmp_root

static int exists(const char *rel)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	return access(p, F_OK) == 0;
}

/* 1 if the folder rel holds nothing whose name has pattern in it. */
static int clean(const char *rel, const char *pattern)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "ls -A '%s/%s' | grep -q -- '%s'", root, rel, pattern);
	return system(cmd) != 0;
}

/* Nothing is at the final path until commit; an abort leaves nothing. */
static void test_new(void **state)
{
	struct sakra_stage st;
	struct sakra_error err;
	char final[128];

	(void)state;
	snprintf(final, sizeof(final), "%s/deep/er/site/", root);
	assert_int_equal(sakra_stage_open(&st, final, SAKRA_STAGE_NEW, 0, &err), 0);
	assert_int_equal(sakra_stage_write(&st, "a/b/index.html", "x", 1, &err), 0);
	/* pages into one folder, another, a deeper one and back (folders are
	 * made when a page goes somewhere else than the last) */
	assert_int_equal(sakra_stage_write(&st, "a/b/2.html", "x", 1, &err), 0);
	assert_int_equal(sakra_stage_write(&st, "c/d/e/3.html", "x", 1, &err), 0);
	assert_int_equal(sakra_stage_write(&st, "a/4.html", "x", 1, &err), 0);
	assert_int_equal(sakra_stage_write(&st, "a/b/5.html", "x", 1, &err), 0);
	assert_false(exists("deep/er/site"));
	assert_int_equal(sakra_stage_commit(&st, &err), 0);
	assert_true(exists("deep/er/site/a/b/index.html"));
	assert_true(exists("deep/er/site/c/d/e/3.html"));
	assert_true(exists("deep/er/site/a/4.html"));
	assert_true(exists("deep/er/site/a/b/5.html"));
	/* a second NEW stage over it is refused and leaves the first alone */
	assert_int_equal(sakra_stage_open(&st, final, SAKRA_STAGE_NEW, 0, &err), 0);
	assert_int_equal(sakra_stage_write(&st, "other", "y", 1, &err), 0);
	assert_int_equal(sakra_stage_commit(&st, &err), SAKRA_EEXISTS);
	assert_false(exists("deep/er/site/other"));
	assert_true(exists("deep/er/site/a/b/index.html"));
	/* aborting removes the staging folder */
	assert_int_equal(sakra_stage_open(&st, final, SAKRA_STAGE_NEW, 0, &err), 0);
	sakra_stage_abort(&st);
	assert_true(clean("deep/er", "tmp-"));
}

static void test_replace_and_stale(void **state)
{
	struct sakra_stage st;
	struct sakra_error err;
	char final[128], stale[160];

	(void)state;
	snprintf(final, sizeof(final), "%s/web", root);
	snprintf(stale, sizeof(stale), "%s/web.tmp-AbC123", root);
	assert_int_equal(mkdir(stale, 0700), 0);   /* what a killed run left */
	assert_int_equal(sakra_stage_open(&st, final, SAKRA_STAGE_REPLACE, 0, &err), 0);
	assert_false(exists("web.tmp-AbC123"));
	assert_int_equal(sakra_stage_write(&st, "old.html", "1", 1, &err), 0);
	assert_int_equal(sakra_stage_commit(&st, &err), 0);
	assert_int_equal(sakra_stage_open(&st, final, SAKRA_STAGE_REPLACE, 0, &err), 0);
	assert_int_equal(sakra_stage_write(&st, "new.html", "2", 1, &err), 0);
	assert_int_equal(sakra_stage_commit(&st, &err), 0);
	assert_true(exists("web/new.html"));
	assert_false(exists("web/old.html"));
	assert_true(clean("", "old-"));
}

/* An existing empty folder is filled, .git last. */
static void test_fill(void **state)
{
	struct sakra_stage st;
	struct sakra_error err;
	char final[128];

	(void)state;
	snprintf(final, sizeof(final), "%s/here", root);
	assert_int_equal(mkdir(final, 0755), 0);
	assert_int_equal(sakra_stage_open(&st, final, SAKRA_STAGE_FILL, 0, &err), 0);
	assert_int_equal(sakra_stage_write(&st, ".git/HEAD", "ref", 3, &err), 0);
	assert_int_equal(sakra_stage_write(&st, "sakra.yml", "x", 1, &err), 0);
	assert_int_equal(sakra_stage_commit(&st, &err), 0);
	assert_true(exists("here/.git/HEAD"));
	assert_true(exists("here/sakra.yml"));
	assert_true(clean("here", "tmp-"));
}

static void test_output_folder(void **state)
{
	struct sakra_buf dir = SAKRA_BUF_INIT, text = SAKRA_BUF_INIT, gi = SAKRA_BUF_INIT;
	struct sakra_error err;

	(void)state;
	assert_int_equal(sakra_output_folder(root, "_site", 0777, &dir, &err), 0);
	assert_int_equal(sakra_buf_printf(&gi, "%s/.gitignore", dir.ptr), 0);
	assert_int_equal(sakra_file_read(gi.ptr, &text, 0, &err), 0);
	assert_non_null(strstr(text.ptr, "\n*\n"));
	/* a second call keeps what is there */
	assert_int_equal(sakra_output_folder(root, "_site", 0777, &dir, &err), 0);
	sakra_buf_free(&dir);
	sakra_buf_free(&text);
	sakra_buf_free(&gi);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new),
		cmocka_unit_test(test_replace_and_stale),
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_output_folder),
	};

	return cmocka_run_group_tests_name("stage", tests, tmp_setup, tmp_teardown);
}
