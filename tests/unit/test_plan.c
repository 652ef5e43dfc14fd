/* Unit tests: plan (loading a file set into config, framework and
 * documents; kinds of paths; markings). */
#include "fixture.h"

#include "sakra/config.h"
#include "sakra/framework.h"

static void test_load(void **state)
{
	struct fixture *f = *state;
	const struct sakra_plan_doc *d;

	assert_non_null(f->plan->config);
	assert_non_null(f->plan->fw);
	assert_string_equal(f->plan->fw->id, "thl-3-2024");
	assert_true(f->plan->ndocs > 10);
	d = sakra_plan_find_doc(f->plan, "plan/03-allmanna-rutiner.md");
	assert_non_null(d);
	assert_int_equal(d->kind, SAKRA_KIND_PLAN);
	assert_null(sakra_plan_find_doc(f->plan, "plan/no-such.md"));
}

static void test_kinds(void **state)
{
	(void)state;
	assert_int_equal(sakra_plan_kind("plan/01.md"), SAKRA_KIND_PLAN);
	assert_int_equal(sakra_plan_kind("systems/x.md"), SAKRA_KIND_SYSTEM);
	assert_int_equal(sakra_plan_kind("appendices/a.md"), SAKRA_KIND_APPENDIX);
	assert_true(sakra_is_marker("appendices/.gitkeep", 0));
	assert_false(sakra_is_marker("appendices/.gitkeep", 3));
}

static void test_says_something(void **state)
{
	(void)state;
	assert_false(sakra_says_something("", 0));
	assert_false(sakra_says_something("  \n\n", 4));
	assert_true(sakra_says_something("Vi gör så här.", strlen("Vi gör så här.")));
	assert_true(sakra_not_applicable_line("Ej tillämpligt: vi har inga apotek.",
					      strlen("Ej tillämpligt: vi har inga apotek.")));
	assert_false(sakra_not_applicable_line("Tillämpligt.", strlen("Tillämpligt.")));
}

static void test_marking(void **state)
{
	struct fixture *f = *state;
	const char *m = sakra_plan_marking(f->plan, "plan/03-allmanna-rutiner.md");

	assert_non_null(m);
	assert_true(sakra_config_level(f->plan->config, m) >= 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_says_something),
		cmocka_unit_test(test_marking),
	};

	return cmocka_run_group_tests_name("plan", tests, fixture_setup, fixture_teardown);
}
