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

/* A plan read back from a bundle: files in memory, some only by the
 * SHA-256 the manifest gives, some withheld by the edition. */
static struct sakra_plan *bundle_plan(const char *cls, const char *expires, const char *pdf_sha,
				      int withheld, struct sakra_tree **tree)
{
	static const char yml[] =
		"organisation: { name: \"Testvård Ab\", business_id: \"1234567-1\" }\n"
		"framework: thl-3-2024\nlanguage: sv\n";
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_plan *plan = NULL;
	struct sakra_error err;
	char sys[256];

	snprintf(sys, sizeof(sys), "---\ntitle: Journalen\nsystem:\n  name: Journalen\n"
		 "  class: %s\n  certificate_expires: %s\n---\n\n# Journalen\n", cls, expires);
	assert_int_equal(sakra_tree_new(tree, "0123456789012345678901234567890123456789", &err), 0);
	assert_int_equal(sakra_tree_add(*tree, "appendices/karta.pdf", 10, NULL, "", pdf_sha, 0,
					&err), 0);
	assert_int_equal(sakra_tree_add(*tree, "evidence/2026/logg.md", 2, withheld ? NULL :
					strdup("x\n"), "", NULL, withheld, &err), 0);
	assert_int_equal(sakra_tree_add(*tree, "sakra.yml", strlen(yml), strdup(yml), "", NULL, 0,
					&err), 0);
	assert_int_equal(sakra_tree_add(*tree, "systems/journalen.md", strlen(sys), strdup(sys), "",
					NULL, 0, &err), 0);
	assert_int_equal(sakra_plan_load(&plan, *tree, &d, &err), 0);
	sakra_diags_free(&d);
	return plan;
}

static void test_bundles(void **state)
{
	static const char sha_a[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	static const char sha_b[] = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
	struct sakra_tree *ta = NULL, *tb = NULL;
	struct sakra_plan *a, *b;
	struct sakra_diff *diff = NULL;
	struct sakra_error err;
	const struct sakra_diff_item *sys = NULL, *pdf = NULL;

	(void)state;
	a = bundle_plan("A1", "2027-06-30", sha_a, 0, &ta);
	b = bundle_plan("A2", "2028-06-30", sha_b, 1, &tb);
	assert_int_equal(sakra_diff_plans(&diff, a, b, &err), 0);
	for (size_t i = 0; i < diff->n; i++) {
		if (diff->items[i].group == SAKRA_DIFF_SYSTEM)
			sys = &diff->items[i];
		if (!strcmp(diff->items[i].path, "appendices/karta.pdf"))
			pdf = &diff->items[i];
		/* withheld on one side: not compared, so neither removed nor changed */
		assert_string_not_equal(diff->items[i].path, "evidence/2026/logg.md");
	}
	assert_non_null(sys);
	assert_string_equal(sys->detail, "class A1 → A2; certificate expires 2027-06-30 → 2028-06-30");
	/* told apart by the manifest's hashes, though their bytes are not held */
	assert_non_null(pdf);
	assert_int_equal(pdf->change, SAKRA_CHANGED);
	assert_int_equal(diff->nwithheld, 1);
	assert_string_equal(diff->withheld[0], "evidence/2026/logg.md");
	sakra_diff_free(diff);
	sakra_plan_free(b);
	sakra_tree_free(tb);
	/* the same hash: the same file */
	b = bundle_plan("A1", "2027-06-30", sha_a, 0, &tb);
	assert_int_equal(sakra_diff_plans(&diff, a, b, &err), 0);
	assert_int_equal(diff->n, 0);
	assert_int_equal(diff->nwithheld, 0);
	sakra_diff_free(diff);
	sakra_plan_free(a);
	sakra_tree_free(ta);
	sakra_plan_free(b);
	sakra_tree_free(tb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_and_changed),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_bundles),
	};

	return cmocka_run_group_tests_name("diff", tests, fixture_setup, fixture_teardown);
}
