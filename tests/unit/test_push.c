/* Unit tests: push (what the server's pre-receive hook refuses). */
#include "fixture.h"

#include "sakra/push.h"

#define ZERO "0000000000000000000000000000000000000000"

static void test_parse(void **state)
{
	static const char text[] =
		"0000000000000000000000000000000000000000 1111111111111111111111111111111111111111 refs/heads/main\n"
		"garbage line\n"
		"short 1111111111111111111111111111111111111111 refs/tags/x\n"
		"2222222222222222222222222222222222222222 0000000000000000000000000000000000000000 refs/tags/approved/v1";
	struct sakra_push p;
	struct sakra_error err;

	(void)state;
	assert_int_equal(sakra_push_parse(&p, text, strlen(text), &err), 0);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.u[0].ref, "refs/heads/main");
	assert_string_equal(p.u[1].new, ZERO);
	assert_string_equal(p.u[1].ref, "refs/tags/approved/v1");
	sakra_push_free(&p);
}

/* An approved version is never moved or deleted; a tag that is no version
 * (approved/x) is refused. */
static void test_tags(void **state)
{
	struct fixture *f = *state;
	struct sakra_push p;
	struct sakra_error err;
	struct sakra_date today = { 2026, 11, 23 };
	char text[512];

	snprintf(text, sizeof(text), "%s %s refs/tags/approved/v1\n%s %s refs/tags/approved/x\n",
		 f->tree->commit, ZERO, ZERO, f->tree->commit);
	assert_int_equal(sakra_push_parse(&p, text, strlen(text), &err), 0);
	assert_int_equal(sakra_push_judge(&p, f->repo, &today, &err), 0);
	assert_int_equal(p.nrefusals, 1);
	assert_non_null(strstr(p.refusals[0].message, "approved/v1 is an approved version; it is "
						   "never deleted"));
	sakra_push_free(&p);
	snprintf(text, sizeof(text), "%s %s refs/tags/approved/x\n", ZERO, f->tree->commit);
	assert_int_equal(sakra_push_parse(&p, text, strlen(text), &err), 0);
	assert_int_equal(sakra_push_judge(&p, f->repo, &today, &err), 0);
	assert_true(p.nrefusals >= 1);
	sakra_push_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_tags),
	};

	return cmocka_run_group_tests_name("push", tests, fixture_setup, fixture_teardown);
}
