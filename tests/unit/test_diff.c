/* Unit tests: diff (two plans compared section by section). */
#include "fixture.h"

#include "sakra/diff.h"
#include "sakra/manifest.h"

static void test_same_and_changed(void **state)
{
	struct fixture *f = *state;
	struct sakra_tree *t1 = NULL;
	struct sakra_plan *p1 = NULL;
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_diff *diff = NULL;
	struct sakra_error err;
	int found = 0;

	assert_int_equal(sakra_diff_plans(&diff, f->plan, f->plan, &err), 0);
	assert_int_equal(diff->n, 0);
	sakra_diff_free(diff);
	fixture_sh(f, "printf '\\nEn ny mening.\\n' >>plan/05-utbildning-och-anvisningar.md && "
		   "git commit -qam change");
	assert_int_equal(sakra_tree_open(&t1, f->repo, "HEAD", &err), 0);
	assert_int_equal(sakra_plan_load(&p1, t1, &d, &err), 0);
	assert_int_equal(sakra_diff_plans(&diff, f->plan, p1, &err), 0);
	assert_true(diff->n >= 1);
	for (size_t i = 0; i < diff->n; i++)
		found |= diff->items[i].group == SAKRA_DIFF_SECTION &&
			 diff->items[i].change == SAKRA_CHANGED &&
			 !strcmp(diff->items[i].path, "plan/05-utbildning-och-anvisningar.md");
	assert_true(found);
	sakra_diff_free(diff);
	sakra_plan_free(p1);
	sakra_tree_free(t1);
	sakra_diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_and_changed),
	};

	return cmocka_run_group_tests_name("diff", tests, fixture_setup, fixture_teardown);
}
