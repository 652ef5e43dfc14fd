/* Unit tests: diag (lists of findings). */
#include "unit.h"

#include "sakra/diag.h"

static void test_sort_count_subtract(void **state)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT, base = SAKRA_DIAGS_INIT;

	(void)state;
	sakra_diags_add(&d, SAKRA_WARNING, "doc.bidi", "b.md", 2, 1, "w");
	sakra_diags_add(&d, SAKRA_ERROR, "placeholder", "b.md", 2, 1, "e");
	sakra_diags_add(&d, SAKRA_ERROR, "placeholder", "a.md", 9, 1, "e %d", 2);
	sakra_diags_sort(&d);
	assert_string_equal(d.v[0].path, "a.md");
	assert_int_equal(d.v[1].severity, SAKRA_ERROR);   /* errors first on one spot */
	assert_int_equal(sakra_diags_count(&d, SAKRA_ERROR), 2);
	assert_int_equal(sakra_diags_count(&d, SAKRA_WARNING), 1);
	assert_string_equal(sakra_severity_name(SAKRA_ERROR), "error");
	sakra_diags_add(&base, SAKRA_ERROR, "placeholder", "a.md", 9, 1, "e 2");
	assert_int_equal(sakra_diags_subtract(&d, &base), 0);
	assert_int_equal(d.n, 2);
	sakra_diags_free(&d);
	sakra_diags_free(&base);
}

/* A finding keeps its English beside a translated message, through
 * append, and falls back to the message when it was not translated. */
/* A field whose value is a placeholder: one finding, as severe as the
 * worse of the two (an approval's placeholder error still blocks). */
static void test_fold_placeholder_into_field(void **state)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;

	(void)state;
	sakra_diags_add(&d, SAKRA_ERROR, "placeholder", "a.md", 4, 20, "placeholder left");
	sakra_diags_add(&d, SAKRA_WARNING, "system.field", "a.md", 4, 3, "the description is empty");
	sakra_diags_add(&d, SAKRA_WARNING, "placeholder", "a.md", 5, 1, "guidance left");
	sakra_diags_add(&d, SAKRA_ERROR, "field.empty", "b.md", 2, 3, "required field is empty");
	sakra_diags_add(&d, SAKRA_WARNING, "placeholder", "b.md", 2, 9, "placeholder left");
	sakra_diags_add(&d, SAKRA_WARNING, "placeholder", "c.md", 2, 9, "placeholder left");
	sakra_diags_sort(&d);
	assert_int_equal(d.n, 4);
	assert_string_equal(d.v[0].rule, "system.field");
	assert_int_equal(d.v[0].severity, SAKRA_ERROR);
	assert_string_equal(d.v[1].rule, "placeholder");
	assert_int_equal(d.v[1].line, 5);
	assert_string_equal(d.v[2].rule, "field.empty");
	assert_string_equal(d.v[3].path, "c.md");
	sakra_diags_free(&d);
}

static void test_english(void **state)
{
	struct sakra_diags a = SAKRA_DIAGS_INIT, b = SAKRA_DIAGS_INIT;

	(void)state;
	sakra_diags_add(&a, SAKRA_ERROR, "field.missing", "p.md", 3, 1, "x %d", 1);
	assert_null(a.v[0].english);            /* no catalogue here: not translated */
	assert_string_equal(sakra_diag_english(&a.v[0]), "x 1");
	a.v[0].english = strdup("required 1");  /* as a translated finding has it */
	assert_int_equal(sakra_diags_append(&b, &a), 0);
	assert_string_equal(sakra_diag_english(&b.v[0]), "required 1");
	assert_string_equal(b.v[0].message, "x 1");
	sakra_diags_free(&a);
	sakra_diags_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_count_subtract),
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_fold_placeholder_into_field),
	};

	return cmocka_run_group_tests_name("diag", tests, NULL, NULL);
}
