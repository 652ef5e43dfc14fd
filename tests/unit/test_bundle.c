/* Unit tests: bundle (what an edition holds, and the same tar bytes every
 * time). */
#include "fixture.h"

#include "sakra/bundle.h"
#include "sakra/config.h"
#include "sakra/manifest.h"

static int to_buf(void *ctx, const void *data, size_t len, struct sakra_error *err)
{
	(void)err;
	return sakra_buf_put(ctx, data, len) < 0 ? SAKRA_ENOMEM : 0;
}

static void test_deterministic(void **state)
{
	struct fixture *f = *state;
	struct sakra_bundle_options bo;
	struct sakra_bundle_plan bp;
	struct sakra_buf man = SAKRA_BUF_INIT, a = SAKRA_BUF_INIT, b = SAKRA_BUF_INIT;
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_error err;

	fixture_bundle(f, &man, &bo, NULL);
	bo.edition = sakra_config_edition(f->plan->config, "personal");
	assert_int_equal(sakra_bundle_prepare(&bo, &bp, &err), 0);
	assert_non_null(strstr(bp.name, "utkast"));   /* a draft says so in its name */
	assert_true(bp.files > 10);
	assert_true(bp.withheld > 0);
	assert_string_equal(f->plan->config->levels[bp.level].id, "icke-offentlig");
	assert_int_equal(sakra_bundle_write(&bo, &bp, to_buf, &a, &d, &err), 0);
	assert_int_equal(sakra_bundle_write(&bo, &bp, to_buf, &b, &d, &err), 0);
	assert_true(a.len > 10240 && a.len % 512 == 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.ptr, b.ptr, a.len);
	sakra_buf_free(&man);
	sakra_buf_free(&a);
	sakra_buf_free(&b);
	sakra_diags_free(&d);
}

/* Every file of files/ is checked against the manifest as it streams:
 * a manifest that says another hash fails the bundle, whether this run
 * hashed the blob before (the memo) or hashes it now (a fresh repository
 * object, as when the manifest came from the cache). */
static void test_checked_against_manifest(void **state)
{
	struct fixture *f = *state;
	struct sakra_bundle_options bo;
	struct sakra_bundle_plan bp;
	struct sakra_buf man = SAKRA_BUF_INIT, out = SAKRA_BUF_INIT;
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_repo *repo = NULL;
	struct sakra_tree *tree = NULL;
	struct sakra_plan *plan = NULL;
	struct sakra_error err;
	char *line, was;

	fixture_bundle(f, &man, &bo, &bp);
	assert_non_null(line = strstr(man.ptr, "  sakra.yml\n"));
	was = line[-1];
	line[-1] = was == '0' ? '1' : '0';   /* the last digit of its hash */
	assert_int_equal(sakra_bundle_write(&bo, &bp, to_buf, &out, &d, &err), SAKRA_EAUTH);
	assert_string_equal(err.path, "sakra.yml");
	assert_non_null(strstr(err.message, "not what the signed manifest says"));

	assert_int_equal(sakra_repo_open(&repo, f->dir, &err), 0);
	assert_int_equal(sakra_tree_open(&tree, repo, "HEAD", &err), 0);
	assert_int_equal(sakra_plan_load(&plan, tree, &d, &err), 0);
	bo.plan = plan;
	bo.repo = repo;
	sakra_buf_clear(&out);
	assert_int_equal(sakra_bundle_write(&bo, &bp, to_buf, &out, &d, &err), SAKRA_EAUTH);
	assert_string_equal(err.path, "sakra.yml");
	line[-1] = was;   /* as it was: the same run now passes */
	sakra_buf_clear(&out);
	assert_int_equal(sakra_bundle_write(&bo, &bp, to_buf, &out, &d, &err), 0);
	sakra_plan_free(plan);
	sakra_tree_free(tree);
	sakra_repo_free(repo);
	sakra_buf_free(&man);
	sakra_buf_free(&out);
	sakra_diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_checked_against_manifest),
	};

	return cmocka_run_group_tests_name("bundle", tests, fixture_setup, fixture_teardown);
}
