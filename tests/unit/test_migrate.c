/* Unit tests: migrate (a plan moved to a newer framework revision by the
 * revisions' changes: data). */
#include "memplan.h"

#include "sakra/migrate.h"

static const char pinned[] =
	"organisation:\n  name: Region X\nframework: msb-region@1   # written for 1\n"
	"classification:\n  levels:\n    - { id: intern }\n";

static const struct sakra_migrate_file *file(const struct sakra_migration *m, const char *path)
{
	for (size_t i = 0; i < m->nfiles; i++)
		if (strcmp(m->files[i].path, path) == 0)
			return &m->files[i];
	return NULL;
}

static struct sakra_plan *region_plan(const char *config, const struct mem_file *files, size_t n,
				      struct sakra_diags *d)
{
	struct sakra_plan *plan = memplan_new(config, files, n, d);
	struct sakra_error err;

	sakra_framework_free(plan->fw);
	plan->fw = NULL;
	assert_int_equal(sakra_framework_load(&plan->fw, plan->config->framework_id, &err), 0);
	return plan;
}

static void test_edits(void **state)
{
	const struct mem_file files[] = {
		{ "plan/01-policy.md", "# 1. Policy\n\n## 1.3 Mål\n\nText.\n\n## 1.4 Skyddsåtgärder\n\n"
		  "Åtgärder.\n\n## 1.5 Ansvar\n\nAnsvar." },
		{ "plan/03-samordning.md", "# 3. Samordning\n\n- Samordnande funktion: strategen\n"
		  "- **Mandat att rapportera till ledningen**: beslut RS 2025/114\n\n## 3.1 Resurser\n" },
		{ "plan/04-rapportering.md", "# 4. Rapportering till ledningen\n\n- Mottagare: styrelsen\n" },
		{ "sakra.yml", pinned },
	};
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_plan *plan = region_plan(pinned, files, 4, &d);
	struct sakra_migration *m = NULL;
	struct sakra_error err;
	const struct sakra_migrate_file *f;
	int hand_5 = 0, hand_scope = 0;

	(void)state;
	assert_int_equal(sakra_migrate_plan(&m, plan, 0, &err), 0);
	assert_string_equal(m->framework, "msb-region");
	assert_int_equal(m->from, 1);
	assert_int_equal(m->to, 2);
	assert_int_equal(m->nfiles, 4);
	/* renumbered, and the new sections around it, with a placeholder each;
	 * no newline added at the end of a file that had none */
	assert_non_null(f = file(m, "plan/01-policy.md"));
	assert_string_equal(f->after.ptr,
		"# 1. Policy\n\n## 1.3 Mål\n\nText.\n\n## 1.4 Genomförande\n\n"
		"[Skriv här vad planen säger i detta avsnitt.]\n\n### 1.4.1 Skyddsåtgärder\n\n"
		"Åtgärder.\n\n### 1.4.2 Säkerhetskultur\n\n[Skriv här vad planen säger i detta "
		"avsnitt.]\n\n## 1.5 Ansvar\n\nAnsvar.");
	/* a field moved as written (bold label and all) after the last field */
	assert_string_equal(file(m, "plan/03-samordning.md")->after.ptr,
		"# 3. Samordning\n\n- Samordnande funktion: strategen\n\n## 3.1 Resurser\n");
	assert_string_equal(file(m, "plan/04-rapportering.md")->after.ptr,
		"# 4. Rapportering till ledningen\n\n- Mottagare: styrelsen\n"
		"- **Mandat att rapportera till ledningen**: beslut RS 2025/114\n");
	/* the pin, its comment kept; before is the text as it was */
	f = file(m, "sakra.yml");
	assert_non_null(strstr(f->after.ptr, "\nframework: msb-region@2 # written for 1\n"));
	assert_string_equal(f->before.ptr, pinned);
	/* chapters 5 and 6 are not in this plan: their fields are to do by hand,
	 * as are the changes the data gives in words only */
	for (size_t i = 0; i < m->nby_hand; i++) {
		hand_5 |= strstr(m->by_hand[i], "section 5 is not in the plan") != NULL;
		hand_scope |= strstr(m->by_hand[i], "approval.scopes") != NULL;
	}
	assert_true(hand_5);
	assert_true(hand_scope);
	sakra_migration_free(m);
	memplan_free(plan);
	sakra_diags_free(&d);
}

static void test_refusals(void **state)
{
	const char *unpinned = "organisation:\n  name: X\nframework: msb-region\n";
	const char *newest = "organisation:\n  name: X\nframework: msb-region@2\n";
	const struct mem_file files[] = { { "sakra.yml", pinned } };
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_migration *m = NULL;
	struct sakra_error err;
	struct sakra_plan *plan = region_plan(pinned, files, 1, &d);

	(void)state;
	assert_int_equal(sakra_migrate_plan(&m, plan, 9, &err), SAKRA_ENOTFOUND);
	assert_string_equal(err.message,
			    "framework msb-region has no revision 9; it has msb-region@1, msb-region@2");
	assert_int_equal(sakra_migrate_plan(&m, plan, 1, &err), SAKRA_EINVAL);
	assert_null(m);
	memplan_free(plan);
	plan = region_plan(unpinned, files, 1, &d);
	assert_int_equal(sakra_migrate_plan(&m, plan, 0, &err), SAKRA_EINVAL);
	assert_non_null(strstr(err.message, "pins no revision of msb-region"));
	memplan_free(plan);
	plan = region_plan(newest, files, 1, &d);
	assert_int_equal(sakra_migrate_plan(&m, plan, 0, &err), SAKRA_EINVAL);
	assert_non_null(strstr(err.message, "pinned to msb-region@2 already"));
	assert_null(m);
	memplan_free(plan);
	sakra_diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edits),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
