/* Unit tests: error (setting, clearing and naming errors). */
#include "unit.h"

#include "sakra/error.h"

static void test_set(void **state)
{
	struct sakra_error err;

	(void)state;
	assert_int_equal(sakra_error_set(&err, SAKRA_EPARSE, "plan/01.md", 3, 7, "bad %s", "x"),
			 SAKRA_EPARSE);
	assert_int_equal(err.code, SAKRA_EPARSE);
	assert_string_equal(err.path, "plan/01.md");
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 7);
	assert_string_equal(err.message, "bad x");
	sakra_error_clear(&err);
	assert_int_equal(err.code, 0);
	assert_string_equal(err.path, "");
	assert_string_equal(err.message, "");
	/* NULL is allowed: the code still comes back */
	assert_int_equal(sakra_error_set(NULL, SAKRA_EIO, NULL, 0, 0, "x"), SAKRA_EIO);
}

static void test_names(void **state)
{
	(void)state;
	for (int c = SAKRA_EAUTH; c <= SAKRA_ENOMEM; c++) {
		assert_non_null(sakra_error_name(c));
		assert_true(strlen(sakra_error_name(c)) > 0);
	}
	assert_string_not_equal(sakra_error_name(SAKRA_EIO), sakra_error_name(SAKRA_EPARSE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("error", tests, NULL, NULL);
}
