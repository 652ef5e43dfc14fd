/* Unit tests: bundlefile (a bundle written to a file and read back; a
 * damaged one is refused and nothing is opened). */
#include "fixture.h"

#include <fcntl.h>
#include <unistd.h>

#include "sakra/bundlefile.h"
#include "sakra/diff.h"
#include "sakra/manifest.h"

static void test_roundtrip_and_damage(void **state)
{
	struct fixture *f = *state;
	struct sakra_bundle_options bo;
	struct sakra_bundle_plan bp;
	struct sakra_bundle_dest dest;
	struct sakra_bundle_secrets none = { NULL, 0, NULL, NULL, NULL };
	struct sakra_bundle_report *r = NULL;
	struct sakra_buf man = SAKRA_BUF_INIT, path = SAKRA_BUF_INIT, opened = SAKRA_BUF_INIT;
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_error err;
	struct sakra_tree *lt = NULL;
	struct sakra_plan *lp = NULL;
	struct sakra_diff *diff = NULL;
	char file[160], out[160];
	int bad = -1, fd;

	fixture_bundle(f, &man, &bo, &bp);
	memset(&dest, 0, sizeof(dest));
	snprintf(file, sizeof(file), "%s/b.tar", f->root);
	dest.path = file;
	dest.seal = SAKRA_SEAL_TAR;
	assert_int_equal(sakra_bundle_write_file(&bo, &bp, &dest, &path, &d, &err), 0);
	assert_string_equal(path.ptr, file);
	/* read back: a sound draft, only when drafts are allowed */
	assert_int_equal(sakra_bundle_read_file(file, &none, NULL, NULL, 0, &r, &bad, &err), 0);
	assert_true(r->draft);
	assert_true(sakra_bundle_sound(r, 1));
	assert_false(sakra_bundle_sound(r, 0));
	sakra_bundle_report_free(r);
	/* opened only as a draft; without --draft nothing is left */
	snprintf(out, sizeof(out), "%s/opened", f->root);
	assert_true(sakra_bundle_open_file(file, &none, out, 0, NULL, 0, &r, &opened, &bad,
					   &err) < 0);
	assert_int_equal(bad, 1);
	assert_int_equal(access(out, F_OK), -1);
	sakra_bundle_report_free(r);
	assert_int_equal(sakra_bundle_open_file(file, &none, out, 1, NULL, 0, &r, &opened, &bad,
						&err), 0);
	assert_int_equal(access(out, F_OK), 0);
	/* the plan the reader rendered from the signed files, and the same
	 * plan loaded again from the opened folder: nothing differs */
	assert_non_null(r->plan);
	assert_int_equal(sakra_bundle_load_opened(opened.ptr, &lt, &lp, &err), 0);
	assert_non_null(lp->config);
	assert_int_equal(lp->ndocs, r->plan->ndocs);
	assert_int_equal(sakra_diff_plans(&diff, r->plan, lp, &err), 0);
	assert_int_equal(diff->n, 0);
	sakra_diff_free(diff);
	sakra_plan_free(lp);
	sakra_tree_free(lt);
	/* a file gone from files/ is one the plan no longer holds: withheld */
	sakra_buf_clear(&path);
	sakra_buf_printf(&path, "%s/files/plan/03-allmanna-rutiner.md", opened.ptr);
	assert_int_equal(unlink(path.ptr), 0);
	assert_int_equal(sakra_bundle_load_opened(opened.ptr, &lt, &lp, &err), 0);
	assert_true(sakra_tree_find(lt, "plan/03-allmanna-rutiner.md")->withheld);
	assert_false(sakra_tree_find(lt, "sakra.yml")->withheld);
	sakra_plan_free(lp);
	sakra_tree_free(lt);
	/* no MANIFEST: not an opened bundle */
	assert_true(sakra_bundle_load_opened(f->root, &lt, &lp, &err) < 0);
	assert_null(lt);
	assert_null(lp);
	sakra_bundle_report_free(r);
	/* one byte changed in a file's content: the bundle is at fault */
	fd = open(file, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "#", 1, 512 * 8 + 3), 1);
	close(fd);
	r = NULL;
	assert_true(sakra_bundle_read_file(file, &none, NULL, NULL, 0, &r, &bad, &err) < 0 ||
		    !sakra_bundle_sound(r, 1));
	sakra_bundle_report_free(r);
	/* a file that is not there could not be checked: not the bundle's fault */
	assert_true(sakra_bundle_read_file("/nonexistent.tar", &none, NULL, NULL, 0, &r, &bad,
					   &err) < 0);
	assert_int_equal(bad, 0);
	sakra_buf_free(&man);
	sakra_buf_free(&path);
	sakra_buf_free(&opened);
	sakra_diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_and_damage),
	};

	return cmocka_run_group_tests_name("bundlefile", tests, fixture_setup, fixture_teardown);
}
