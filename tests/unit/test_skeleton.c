/* Unit tests: skeleton (sakra init: a plan repository, made whole or not
 * at all). */
#include "unit.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sakra/framework.h"
#include "sakra/fs.h"
#include "sakra/skeleton.h"

#define root tmp_root

static int has(const char *dir, const char *rel)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	return access(p, F_OK) == 0;
}

static void test_create(void **state)
{
	struct sakra_framework *fw = NULL;
	struct sakra_skeleton_vars bad = { "Region Test", "123" };
	struct sakra_skeleton_vars good = { "Region Test", NULL };
	struct sakra_error err;
	char dir[128], here[128];

	(void)state;
	assert_int_equal(sakra_framework_load(&fw, "msb-region", &err), 0);
	snprintf(dir, sizeof(dir), "%s/a/region", root);
	/* an identifier that is no organisationsnummer: refused, nothing made */
	assert_int_equal(sakra_skeleton_create(dir, fw, &bad, &err), SAKRA_EINVAL);
	assert_false(has(root, "a/region"));
	assert_int_equal(sakra_skeleton_create(dir, fw, &good, &err), 0);
	assert_true(has(dir, "sakra.yml"));
	assert_true(has(dir, ".git/HEAD"));
	assert_true(has(dir, "plan"));
	/* an existing empty folder is filled in place */
	snprintf(here, sizeof(here), "%s/here", root);
	assert_int_equal(mkdir(here, 0755), 0);
	assert_int_equal(sakra_skeleton_create(here, fw, &good, &err), 0);
	assert_true(has(here, "sakra.yml"));
	assert_true(has(here, ".git/HEAD"));
	/* and never over a plan */
	assert_int_equal(sakra_skeleton_create(here, fw, &good, &err), SAKRA_EEXISTS);
	sakra_framework_free(fw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create),
	};

	return cmocka_run_group_tests_name("skeleton", tests, tmp_setup, tmp_teardown);
}
