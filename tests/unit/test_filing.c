/* Unit tests: filing (new evidence records and systems in a working tree). */
#include "fixture.h"

#include "sakra/filing.h"
#include "sakra/fs.h"

static void test_type_names(void **state)
{
	(void)state;
	assert_true(sakra_evidence_type_valid("loggranskning"));
	assert_true(sakra_evidence_type_valid("lokitarkastus_2"));
	assert_true(sakra_evidence_type_valid("övning"));
	assert_false(sakra_evidence_type_valid("../x"));
	assert_false(sakra_evidence_type_valid(""));
	assert_false(sakra_evidence_type_valid("a b"));
}

/* A new system: its file under systems/, in the plan's language, with the
 * class's descriptions; never over an existing one. */
static void test_system_add(void **state)
{
	struct fixture *f = *state;
	struct sakra_buf out = SAKRA_BUF_INIT, text = SAKRA_BUF_INIT;
	const char *needs = NULL, *cls = f->plan->fw->classes[0].id;
	struct sakra_error err;

	assert_int_equal(sakra_system_add(f->plan, f->dir, "Nytt System", cls, &out, &needs,
					  &err), 0);
	assert_non_null(strstr(sakra_buf_cstr(&out), "systems/nytt-system.md"));
	assert_int_equal(sakra_file_read(sakra_buf_cstr(&out), &text, 1 << 20, &err), 0);
	assert_non_null(strstr(sakra_buf_cstr(&text), "name: \"Nytt System\""));
	assert_non_null(strstr(sakra_buf_cstr(&text), "class: "));
	sakra_buf_clear(&text);
	assert_true(sakra_system_add(f->plan, f->dir, "Nytt System", cls, &text, &needs,
				     &err) < 0);   /* there already */
	assert_true(sakra_system_add(f->plan, f->dir, "Annat", "no-such-class", &text, &needs,
				     &err) < 0);
	assert_non_null(strstr(err.message, "no-such-class"));
	sakra_buf_free(&out);
	sakra_buf_free(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_system_add),
	};

	return cmocka_run_group_tests_name("filing", tests, fixture_setup, fixture_teardown);
}
