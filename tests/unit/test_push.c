/* Unit tests: push (what the server's pre-receive hook refuses). */
#include "fixture.h"

#include "sakra/push.h"

#define ZERO "0000000000000000000000000000000000000000"

static void test_parse(void **state)
{
	static const char text[] =
		"0000000000000000000000000000000000000000 1111111111111111111111111111111111111111 refs/heads/main\n"
		"2222222222222222222222222222222222222222 0000000000000000000000000000000000000000 refs/tags/approved/v1";
	/* a line that is not a ref update is no reason to skip it: refused */
	static const char *const bad[] = {
		"0000000000000000000000000000000000000000 1111111111111111111111111111111111111111 refs/heads/main\ngarbage line\n",
		"short 1111111111111111111111111111111111111111 refs/tags/x\n",
		"000000000000000000000000000000000000000g 1111111111111111111111111111111111111111 refs/heads/main\n",
		"0000000000000000000000000000000000000000 1111111111111111111111111111111111111111 refs/heads/main extra\n",
	};
	struct sakra_push p;
	struct sakra_error err;
	char *big;

	(void)state;
	assert_int_equal(sakra_push_parse(&p, text, strlen(text), &err), 0);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.u[0].ref, "refs/heads/main");
	assert_string_equal(p.u[1].new, ZERO);
	assert_string_equal(p.u[1].ref, "refs/tags/approved/v1");
	sakra_push_free(&p);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(sakra_push_parse(&p, bad[i], strlen(bad[i]), &err), SAKRA_EPARSE);
		assert_non_null(strstr(err.message, "of the push is not"));
		sakra_push_free(&p);
	}
	/* a ref name longer than a line sakra reads */
	big = malloc(10000);
	memset(big, 'a', 9999);
	memcpy(big, ZERO " " ZERO " refs/heads/", 93);
	big[9999] = '\0';
	assert_int_equal(sakra_push_parse(&p, big, strlen(big), &err), SAKRA_EPARSE);
	assert_non_null(strstr(err.message, "too long"));
	sakra_push_free(&p);
	free(big);
}

/* A replace ref would make git show other content under a commit's id: it
 * is refused; deleting one is not. */
static void test_replace_refs(void **state)
{
	struct fixture *f = *state;
	struct sakra_push p;
	struct sakra_error err;
	struct sakra_date today = { 2026, 11, 23 };
	char text[512];

	snprintf(text, sizeof(text), "%s %s refs/replace/%s\n", ZERO, f->tree->commit,
		 f->tree->commit);
	assert_int_equal(sakra_push_parse(&p, text, strlen(text), &err), 0);
	assert_int_equal(sakra_push_judge(&p, f->repo, &today, &err), 0);
	assert_int_equal(p.nrefusals, 1);
	assert_non_null(strstr(p.refusals[0].message, "would make git show other content"));
	sakra_push_free(&p);
	snprintf(text, sizeof(text), "%s %s refs/replace/%s\n", f->tree->commit, ZERO,
		 f->tree->commit);
	assert_int_equal(sakra_push_parse(&p, text, strlen(text), &err), 0);
	assert_int_equal(sakra_push_judge(&p, f->repo, &today, &err), 0);
	assert_int_equal(p.nrefusals, 0);
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
		cmocka_unit_test_setup_teardown(test_replace_refs, fixture_setup, fixture_teardown),
		cmocka_unit_test(test_tags),
	};

	return cmocka_run_group_tests_name("push", tests, fixture_setup, fixture_teardown);
}
