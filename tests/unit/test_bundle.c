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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic),
	};

	return cmocka_run_group_tests_name("bundle", tests, fixture_setup, fixture_teardown);
}
