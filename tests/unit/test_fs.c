/* Unit tests: fs (reading with a limit, atomic writes that never replace,
 * the staged output file, stale leftovers). */
#include "unit.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sakra/fs.h"

#define root tmp_root

static void test_atomic(void **state)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	struct sakra_error err;
	char p[128];
	struct stat st;

	(void)state;
	snprintf(p, sizeof(p), "%s/a.txt", root);
	assert_int_equal(sakra_file_write_atomic(p, "hej\n", 4, 0600, 0, &err), 0);
	assert_int_equal(sakra_file_write_atomic(p, "nej\n", 4, 0600, 0, &err), SAKRA_EEXISTS);
	assert_int_equal(sakra_file_read(p, &b, 0, &err), 0);
	assert_string_equal(b.ptr, "hej\n");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(sakra_file_write_atomic(p, "ny\n", 3, 0600, 1, &err), 0);
	sakra_buf_clear(&b);
	assert_int_equal(sakra_file_read(p, &b, 2, &err), SAKRA_ELIMIT);
	assert_int_equal(sakra_file_read(p, &b, 0, &err), 0);
	assert_string_equal(b.ptr, "ny\n");
	sakra_buf_free(&b);
}

static void test_out_file(void **state)
{
	struct sakra_out_file o;
	struct sakra_error err;
	char p[128], tmp[256];

	(void)state;
	snprintf(p, sizeof(p), "%s/b.tar", root);
	assert_int_equal(sakra_out_open(&o, p, 0644, 0, &err), 0);
	assert_int_equal(sakra_out_write(&o, "data", 4, &err), 0);
	snprintf(tmp, sizeof(tmp), "%s", sakra_out_temp(&o));
	assert_int_equal(access(p, F_OK), -1);          /* not there until commit */
	assert_int_equal(access(tmp, F_OK), 0);
	sakra_out_abort(&o);
	assert_int_equal(access(tmp, F_OK), -1);        /* the abort leaves nothing */
	assert_int_equal(access(p, F_OK), -1);
	assert_int_equal(sakra_out_open(&o, p, 0644, 0, &err), 0);
	assert_int_equal(sakra_out_write(&o, "data", 4, &err), 0);
	assert_int_equal(sakra_out_commit(&o, &err), 0);
	assert_int_equal(access(p, F_OK), 0);
	/* a leftover of a killed run beside it goes on the next open */
	snprintf(tmp, sizeof(tmp), "%s/b.tar.tmp-XyZ123", root);
	assert_int_equal(sakra_file_write_new(tmp, "x", 1, 0600, &err), 0);
	sakra_remove_stale(p);
	assert_int_equal(access(tmp, F_OK), -1);
}

static void test_mkdirs_and_remove(void **state)
{
	struct sakra_error err;
	char p[160];

	(void)state;
	snprintf(p, sizeof(p), "%s/x/y/z", root);
	assert_int_equal(sakra_mkdirs(p, 0755, &err), 0);
	assert_int_equal(sakra_mkdirs(p, 0755, &err), 0);
	snprintf(p, sizeof(p), "%s/x", root);
	assert_int_equal(sakra_remove_tree(p), 0);
	assert_int_equal(access(p, F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_atomic),
		cmocka_unit_test(test_out_file),
		cmocka_unit_test(test_mkdirs_and_remove),
	};

	return cmocka_run_group_tests_name("fs", tests, tmp_setup, tmp_teardown);
}
