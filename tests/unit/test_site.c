/* Unit tests: site (rendering an edition; a site in a folder that replaces
 * only a site sakra built). */
#include "fixture.h"

#include <sys/stat.h>
#include <unistd.h>

#include "sakra/config.h"
#include "sakra/site.h"

static void test_write_dir(void **state)
{
	struct fixture *f = *state;
	struct sakra_site_options so;
	struct sakra_site_stats stats, again;
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_buf page = SAKRA_BUF_INIT;
	struct sakra_error err;
	char out[160], idx[200], other[160];

	memset(&so, 0, sizeof(so));
	so.today.year = 2026;
	so.today.month = 11;
	so.today.day = 23;
	so.edition = sakra_config_edition(f->plan->config, "personal");
	assert_non_null(so.edition);
	snprintf(out, sizeof(out), "%s/site", f->root);
	assert_int_equal(sakra_site_write_dir(f->plan, &so, out, &d, &stats, &err), 0);
	assert_true(stats.pages > 10);
	assert_true(stats.withheld > 0);       /* sekretessbelagd files are not staff reading */
	snprintf(idx, sizeof(idx), "%s/index.html", out);
	assert_int_equal(sakra_file_read(idx, &page, 0, &err), 0);
	assert_non_null(strstr(page.ptr, "Solbacka Vård Ab"));
	assert_non_null(strstr(page.ptr, "UTKAST"));   /* no approved version given */
	/* built again over itself: replaced, same pages */
	assert_int_equal(sakra_site_write_dir(f->plan, &so, out, &d, &again, &err), 0);
	assert_int_equal(again.pages, stats.pages);
	/* a folder that is not a sakra site is never replaced */
	snprintf(other, sizeof(other), "%s/mine", f->root);
	assert_int_equal(mkdir(other, 0755), 0);
	assert_int_equal(sakra_site_write_dir(f->plan, &so, other, &d, &again, &err), SAKRA_EEXISTS);
	assert_int_equal(rmdir(other), 0);   /* still empty: nothing written there */
	sakra_buf_free(&page);
	sakra_diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_dir),
	};

	return cmocka_run_group_tests_name("site", tests, fixture_setup, fixture_teardown);
}
