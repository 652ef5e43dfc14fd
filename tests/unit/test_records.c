/* Unit tests: records (the register and evidence records of a plan). */
#include "fixture.h"

#include "sakra/records.h"

static void test_register(void **state)
{
	struct fixture *f = *state;
	const struct sakra_system *s;

	assert_int_equal(f->plan->nsystems, 4);
	s = sakra_plan_find_system(f->plan, "omsorg-pro");   /* by file name */
	assert_non_null(s);
	assert_string_equal(s->name, "Omsorg Pro");
	assert_non_null(s->class_id);
	assert_ptr_equal(sakra_plan_find_system(f->plan, "Omsorg Pro"), s);   /* by name */
	assert_null(sakra_plan_find_system(f->plan, "no-such"));
}

static void test_sections(void **state)
{
	(void)state;
	assert_true(sakra_section_within("6.4", "6"));
	assert_true(sakra_section_within("6", "6"));
	assert_false(sakra_section_within("6", "6.4"));
	assert_false(sakra_section_within("16", "1"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register),
		cmocka_unit_test(test_sections),
	};

	return cmocka_run_group_tests_name("records", tests, fixture_setup, fixture_teardown);
}
