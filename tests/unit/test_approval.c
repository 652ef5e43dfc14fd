/* Unit tests: approval (naming versions, resolving what a command works on,
 * approving a plan's commit). */
#include "fixture.h"

#include <unistd.h>

#include "sakra/approval.h"
#include "sakra/check.h"
#include "sakra/date.h"
#include "sakra/minisign.h"

static void test_version_number(void **state)
{
	(void)state;
	assert_int_equal(sakra_version_number("3"), 3);
	assert_int_equal(sakra_version_number("v12"), 12);
	assert_int_equal(sakra_version_number("approved/v7"), 7);
	assert_int_equal(sakra_version_number("HEAD"), 0);
	assert_int_equal(sakra_version_number("v"), 0);
	assert_int_equal(sakra_version_number("3a"), 0);
	assert_int_equal(sakra_version_number("9999999999"), 0);
}

static void test_pick_and_approve(void **state)
{
	struct fixture *f = *state;
	struct sakra_versions *vs = NULL;
	struct sakra_pick pick;
	struct sakra_seckey *sk = NULL;
	struct sakra_pubkey *keys = NULL;
	const struct sakra_pubkey *key = NULL;
	struct sakra_error err;
	struct sakra_date today = { 2026, 11, 23 };
	size_t nkeys = 0;
	long version = 0;

	assert_int_equal(sakra_versions_load(&vs, f->repo, NULL, 0, &err), 0);
	assert_int_equal(sakra_versions_pick(vs, f->repo, NULL, SAKRA_PICK_LATEST, &pick, &err),
			 SAKRA_ENOTFOUND);
	assert_int_equal(sakra_versions_pick(vs, f->repo, "v1", 0, &pick, &err), SAKRA_ENOTFOUND);
	assert_int_equal(sakra_versions_pick(vs, f->repo, NULL, SAKRA_PICK_HEAD, &pick, &err), 0);
	assert_string_equal(pick.rev, f->tree->commit);
	assert_null(pick.version);
	assert_int_equal(sakra_versions_pick(vs, f->repo, "HEAD", SAKRA_PICK_APPROVED, &pick, &err),
			 SAKRA_EAUTH);
	assert_int_equal(sakra_versions_pick(vs, f->repo, "HEAD", SAKRA_PICK_APPROVED |
					     SAKRA_PICK_DRAFT, &pick, &err), 0);
	assert_null(pick.version);
	sakra_versions_free(vs);

	/* an approver's key, committed to keys/ */
	fixture_approver(f, "anna", "ansvarig-forestandare", &sk);
	fixture_open(f, "HEAD");
	/* uncommitted changes: HEAD is not what would be approved */
	fixture_sh(f, "echo x >>plan/01-anvandningsandamal.md");
	assert_int_equal(sakra_versions_pick(NULL, f->repo, NULL, SAKRA_PICK_HEAD, &pick, &err),
			 SAKRA_EEXISTS);
	assert_non_null(strstr(err.message, "plan/01-anvandningsandamal.md"));
	fixture_sh(f, "git checkout -q plan");

	assert_int_equal(sakra_versions_load(&vs, f->repo, NULL, 0, &err), 0);
	assert_int_equal(sakra_approve_plan(f->repo, vs, f->plan, sk, "Ledningsgruppen § 4", &today,
					    &version, &keys, &nkeys, &key, &err), 0);
	assert_int_equal(version, 1);
	assert_string_equal(key->role, "ansvarig-forestandare");
	sakra_versions_free(vs);
	assert_int_equal(sakra_versions_load(&vs, f->repo, NULL, 0, &err), 0);
	assert_int_equal(sakra_versions_pick(vs, f->repo, NULL, SAKRA_PICK_LATEST, &pick, &err), 0);
	assert_int_equal(pick.version->number, 1);
	assert_true(pick.version->approved);
	assert_int_equal(sakra_versions_pick(vs, f->repo, "approved/v1", SAKRA_PICK_APPROVED, &pick,
					     &err), 0);
	assert_string_equal(pick.commit, f->tree->commit);
	sakra_keys_free(keys, nkeys);
	sakra_versions_free(vs);
	sakra_seckey_free(sk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_number),
		cmocka_unit_test(test_pick_and_approve),
	};

	return cmocka_run_group_tests_name("approval", tests, fixture_setup, fixture_teardown);
}
