/* Unit tests: history (the earlier versions a bundle carries). */
#include "fixture.h"

#include "sakra/approval.h"
#include "sakra/history.h"
#include "sakra/minisign.h"

/* Anna's key in keys/, versions 1 and 2 approved by her; *sk her key. */
static void two_versions(struct fixture *f, struct sakra_seckey **sk)
{
	struct sakra_versions *vs = NULL;
	struct sakra_pubkey *keys = NULL;
	const struct sakra_pubkey *key = NULL;
	struct sakra_error err;
	struct sakra_date today = { 2026, 11, 23 };
	size_t nkeys = 0;
	long version = 0;

	fixture_approver(f, "Anna Lind", "ansvarig-forestandare", sk);
	for (int n = 1; n <= 2; n++) {
		if (n == 2)
			fixture_sh(f, "echo rad >>plan/01-anvandningsandamal.md && git commit -qam v2");
		fixture_open(f, "HEAD");
		assert_int_equal(sakra_versions_load(&vs, f->repo, NULL, 0, &err), 0);
		assert_int_equal(sakra_approve_plan(f->repo, vs, f->plan, *sk, NULL, &today, &version,
						    &keys, &nkeys, &key, &err), 0);
		assert_int_equal(version, n);
		sakra_keys_free(keys, nkeys);
		sakra_versions_free(vs);
	}
}

/* The history of the versions before 3, written and read back, judges as
 * the repository does; anything cut, reordered or changed is refused. */
static void test_round_trip_and_refusals(void **state)
{
	struct fixture *f = *state;
	struct sakra_seckey *sk = NULL;
	struct sakra_versions *vs = NULL, *back;
	struct sakra_buf h = SAKRA_BUF_INIT, again = SAKRA_BUF_INIT, bad = SAKRA_BUF_INIT;
	struct sakra_error err;
	char *p;

	two_versions(f, &sk);
	assert_int_equal(sakra_versions_load(&vs, f->repo, NULL, 0, &err), 0);
	assert_int_equal(vs->n, 2);
	assert_true(vs->v[1].approved);
	assert_int_equal(sakra_history_write(&h, vs, 3, f->repo, &err), 0);
	assert_int_equal(strncmp(h.ptr, "sakra history 1\nversion 1 ", 26), 0);
	/* deterministic */
	assert_int_equal(sakra_history_write(&again, vs, 3, f->repo, &err), 0);
	assert_int_equal(again.len, h.len);
	assert_memory_equal(again.ptr, h.ptr, h.len);

	back = calloc(1, sizeof(*back));
	assert_int_equal(sakra_history_read(back, h.ptr, h.len, 3, &err), 0);
	assert_int_equal(back->n, 2);
	sakra_versions_judge(back);
	for (size_t i = 0; i < 2; i++) {
		assert_string_equal(back->v[i].commit, vs->v[i].commit);
		assert_int_equal(back->v[i].manifest_len, vs->v[i].manifest_len);
		assert_memory_equal(back->v[i].manifest, vs->v[i].manifest, vs->v[i].manifest_len);
		assert_int_equal(back->v[i].nkeys, 1);
		assert_string_equal(back->v[i].keys[0].role, "ansvarig-forestandare");
		assert_string_equal(back->v[i].org_id, "2345678-0");
		assert_true(back->v[i].approved);
	}
	assert_int_equal(back->v[1].governed_by, 1);
	sakra_versions_free(back);

	/* the history of version 2 alone holds version 1; of version 4 needs a third */
	sakra_buf_clear(&again);
	assert_int_equal(sakra_history_write(&again, vs, 2, f->repo, &err), 0);
	assert_null(strstr(again.ptr, "version 2 "));
	sakra_buf_clear(&again);
	assert_int_equal(sakra_history_write(&again, vs, 4, f->repo, &err), SAKRA_EINVAL);
	assert_non_null(strstr(err.message, "version 3 has no tag here"));

	/* read for another number: versions missing, or one too many */
	back = calloc(1, sizeof(*back));
	assert_int_equal(sakra_history_read(back, h.ptr, h.len, 4, &err), SAKRA_EAUTH);
	assert_non_null(strstr(err.message, "not all there"));
	sakra_versions_free(back);
	back = calloc(1, sizeof(*back));
	assert_int_equal(sakra_history_read(back, h.ptr, h.len, 2, &err), SAKRA_EAUTH);
	assert_non_null(strstr(err.message, "something follows the last version"));
	sakra_versions_free(back);

	/* cut anywhere: refused, never read past the end */
	for (size_t cut = 0; cut < h.len; cut += 1 + cut / 7) {
		back = calloc(1, sizeof(*back));
		assert_int_equal(sakra_history_read(back, h.ptr, cut, 3, &err), SAKRA_EAUTH);
		sakra_versions_free(back);
	}
	/* sakra.yml that is not the signed one */
	sakra_buf_puts(&bad, h.ptr);
	assert_non_null(p = strstr(bad.ptr, "ansvarig-forestandare]"));
	*p = 'A';
	back = calloc(1, sizeof(*back));
	assert_int_equal(sakra_history_read(back, bad.ptr, bad.len, 3, &err), SAKRA_EAUTH);
	assert_non_null(strstr(err.message, "a file differs from its MANIFEST: sakra.yml"));
	sakra_versions_free(back);
	/* a key left out */
	sakra_buf_clear(&bad);
	sakra_buf_puts(&bad, h.ptr);
	assert_non_null(p = strstr(bad.ptr, "file "));
	assert_non_null(p = strstr(p + 1, "\nfile "));
	memcpy(p + 1, "fil3 ", 5);
	back = calloc(1, sizeof(*back));
	assert_int_equal(sakra_history_read(back, bad.ptr, bad.len, 3, &err), SAKRA_EAUTH);
	sakra_versions_free(back);

	sakra_buf_free(&h);
	sakra_buf_free(&again);
	sakra_buf_free(&bad);
	sakra_versions_free(vs);
	sakra_seckey_free(sk);
}

/* A signature made for another organisation does not count, whoever made
 * it; nor one that names another governing version. */
static void test_signature_context(void **state)
{
	struct fixture *f = *state;
	struct sakra_seckey *sk = NULL;
	struct sakra_versions *vs = NULL;
	struct sakra_buf sig = SAKRA_BUF_INIT, tc = SAKRA_BUF_INIT;
	struct sakra_error err;
	struct sakra_version *v;
	static const char *const claims[] = {
		"org=\"1111111-1\" under=1", "org=\"2345678-0\" under=2",
	};

	two_versions(f, &sk);
	for (size_t c = 0; c < 2; c++) {
		assert_int_equal(sakra_versions_load(&vs, f->repo, NULL, 0, &err), 0);
		v = &vs->v[1];
		/* only the forged signature */
		for (size_t i = 0; i < v->nsigs; i++) {
			free(v->sigs[i].text);
			free(v->sigs[i].scope_text);
			sakra_minisig_clear(&v->sigs[i].sig);
			sakra_approval_claim_clear(&v->sigs[i].claim);
		}
		v->nsigs = 0;
		sakra_buf_clear(&tc);
		sakra_buf_printf(&tc, "sakra approval version=2 commit=%s %s date=2026-11-23 "
				 "role=ansvarig-forestandare approver=\"Anna Lind\"", v->commit, claims[c]);
		sakra_buf_clear(&sig);
		assert_int_equal(sakra_minisig_sign(&sig, sk, v->manifest, v->manifest_len, "x", tc.ptr,
						    &err), 0);
		assert_int_equal(sakra_version_read_signatures(v, sig.ptr), 0);
		/* the same signature again, under another unsigned comment, is
		 * one signature: verified once */
		assert_int_equal(sakra_version_read_signatures(v, sig.ptr), 0);
		assert_non_null(strstr(sig.ptr, "untrusted comment: x"));
		sig.ptr[strstr(sig.ptr, "untrusted comment: x") - sig.ptr + 19] = 'y';
		for (int copy = 0; copy < 300; copy++)
			assert_int_equal(sakra_version_read_signatures(v, sig.ptr), 0);
		assert_int_equal(v->nsigs, 1);
		assert_null(v->error);
		sakra_versions_judge(vs);
		assert_false(v->approved);
		assert_false(v->sigs[0].counts);
		assert_non_null(strstr(v->sigs[0].why, c == 0 ? "made for organisation 1111111-1"
				       : "made under the approval policy of version 2"));
		if (c == 1) {
			/* more distinct signatures than sakra reads: the version is
			 * unreadable, not verified signature by signature */
			for (int k = 0; k < SAKRA_SIGNATURES_MAX; k++) {
				sakra_buf_clear(&tc);
				sakra_buf_printf(&tc, "sakra approval version=2 commit=%s under=1 "
						 "org=\"2345678-0\" date=2026-11-23 role=x approver=\"%d\"",
						 v->commit, k);
				sakra_buf_clear(&sig);
				assert_int_equal(sakra_minisig_sign(&sig, sk, "m", 1, "x", tc.ptr, &err), 0);
				assert_int_equal(sakra_version_read_signatures(v, sig.ptr), 0);
			}
			assert_int_equal(v->nsigs, SAKRA_SIGNATURES_MAX);
			assert_non_null(v->error);
			assert_non_null(strstr(v->error, "more signatures than sakra reads"));
		}
		sakra_versions_free(vs);
	}
	sakra_buf_free(&sig);
	sakra_buf_free(&tc);
	sakra_seckey_free(sk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip_and_refusals, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_signature_context, fixture_setup,
						fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
