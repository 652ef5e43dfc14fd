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

/* The changed lines in order: an inserted line is one '+', where it is;
 * two lines swapped are a '-' and a '+' though no line was added. */
static void test_lines(void **state)
{
	struct fixture *f = *state;
	struct sakra_tree *t1 = NULL;
	struct sakra_plan *p1 = NULL;
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_diff *diff = NULL;
	struct sakra_error err;
	const struct sakra_diff_item *it = NULL;

	fixture_sh(f, "printf '\\nEtt.\\n\\nTvå.\\n\\nTre.\\n' >>plan/04-fel-och-kontinuitet.md && "
		   "git commit -qam base");
	fixture_open(f, "HEAD");
	fixture_sh(f, "sed -i 's/^Två\\.$/Två.\\n\\nTvå och en halv./' plan/04-fel-och-kontinuitet.md && "
		   "git commit -qam insert");
	assert_int_equal(sakra_tree_open(&t1, f->repo, "HEAD", &err), 0);
	assert_int_equal(sakra_plan_load(&p1, t1, &d, &err), 0);
	assert_int_equal(sakra_diff_plans(&diff, f->plan, p1, &err), 0);
	for (size_t i = 0; i < diff->n; i++)
		if (diff->items[i].group == SAKRA_DIFF_SECTION && !strcmp(diff->items[i].number, "4"))
			it = &diff->items[i];
	assert_non_null(it);
	assert_int_equal(it->nlines, 1);
	assert_int_equal(it->lines[0].op, '+');
	assert_string_equal(it->lines[0].text, "Två och en halv.");
	sakra_diff_free(diff);
	sakra_plan_free(p1);
	sakra_tree_free(t1);
	sakra_diags_free(&d);
	/* swapped: one line out and in again, nothing added by count */
	fixture_open(f, "HEAD");
	fixture_sh(f, "sed -i 's/^Ett\\.$/XX/; s/^Tre\\.$/Ett./; s/^XX$/Tre./' plan/04-fel-och-kontinuitet.md && "
		   "git commit -qam swap");
	assert_int_equal(sakra_tree_open(&t1, f->repo, "HEAD", &err), 0);
	assert_int_equal(sakra_plan_load(&p1, t1, &d, &err), 0);
	assert_int_equal(sakra_diff_plans(&diff, f->plan, p1, &err), 0);
	it = NULL;
	for (size_t i = 0; i < diff->n; i++)
		if (diff->items[i].group == SAKRA_DIFF_SECTION && !strcmp(diff->items[i].number, "4"))
			it = &diff->items[i];
	assert_non_null(it);
	assert_int_equal(it->added, 0);
	assert_int_equal(it->removed, 0);
	assert_true(it->nlines >= 2);
	sakra_diff_free(diff);
	sakra_plan_free(p1);
	sakra_tree_free(t1);
	sakra_diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_and_changed),
		cmocka_unit_test(test_lines),
	};

	return cmocka_run_group_tests_name("diff", tests, fixture_setup, fixture_teardown);
}
