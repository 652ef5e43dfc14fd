/* Unit tests: fs (reading with a limit, atomic writes that never replace,
 * the staged output file, stale leftovers). */
#include "unit.h"

#include <stdio.h>
#include <string.h>
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

/* The catalogues' folder as Debian installs it: a link inside
 * (locale.alias -> /etc/locale.alias) is as trusted as what it leads to. */
static void test_dir_trusted(void **state)
{
	static const char *const inside[] = { "LC_MESSAGES", "LC_MESSAGES/sakra.mo", NULL };
	struct sakra_buf why = SAKRA_BUF_INIT;
	struct sakra_error err;
	char loc[160], p[256], target[256];

	(void)state;
	snprintf(loc, sizeof(loc), "%s/locale", root);
	snprintf(p, sizeof(p), "%s/sv/LC_MESSAGES", loc);
	assert_int_equal(sakra_mkdirs(p, 0755, &err), 0);
	for (char *q = p + strlen(root); *q; q++)
		if (*q == '/') {
			*q = 0;
			chmod(p, 0755);
			*q = '/';
		}
	chmod(p, 0755);
	snprintf(p, sizeof(p), "%s/sv/LC_MESSAGES/sakra.mo", loc);
	assert_int_equal(sakra_file_write_new(p, "mo", 2, 0644, &err), 0);
	chmod(p, 0644);
	snprintf(target, sizeof(target), "%s/locale.alias", root);
	assert_int_equal(sakra_file_write_new(target, "# aliases\n", 10, 0644, &err), 0);
	chmod(target, 0644);
	snprintf(p, sizeof(p), "%s/locale.alias", loc);
	assert_int_equal(symlink(target, p), 0);
	assert_int_equal(sakra_dir_trusted(loc, inside, &why), 1);
	/* what the link leads to may be written by others: not trusted */
	chmod(target, 0666);
	assert_int_equal(sakra_dir_trusted(loc, inside, &why), 0);
	assert_non_null(strstr(why.ptr, "may be written by others"));
	chmod(target, 0644);
	/* a link that leads nowhere */
	unlink(target);
	sakra_buf_clear(&why);
	assert_int_equal(sakra_dir_trusted(loc, inside, &why), 0);
	assert_non_null(strstr(why.ptr, "leads nowhere"));
	unlink(p);
	/* a catalogue others may write */
	snprintf(p, sizeof(p), "%s/sv/LC_MESSAGES/sakra.mo", loc);
	chmod(p, 0664);
	sakra_buf_clear(&why);
	assert_int_equal(sakra_dir_trusted(loc, inside, &why), 0);
	assert_non_null(strstr(why.ptr, "sakra.mo may be written by others"));
	sakra_buf_free(&why);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_atomic),
		cmocka_unit_test(test_out_file),
		cmocka_unit_test(test_mkdirs_and_remove),
		cmocka_unit_test(test_dir_trusted),
	};

	return cmocka_run_group_tests_name("fs", tests, tmp_setup, tmp_teardown);
}
