/* Unit tests: site (rendering an edition; a site in a folder that replaces
 * only a site sakra built). */
#include "fixture.h"

#include <sys/stat.h>
#include <unistd.h>

#include "sakra/session.h"
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

static int to_buf(void *ctx, const char *path, const void *data, size_t len,
		  struct sakra_error *err)
{
	(void)err;
	return sakra_buf_puts(ctx, path) < 0 || sakra_buf_put(ctx, "", 1) < 0 ||
	       sakra_buf_put(ctx, data, len) < 0 ? SAKRA_ENOMEM : 0;
}

/* The site of f's plan at HEAD with SAKRA_THREADS=threads, every page in
 * the order written (path, NUL, content) into out; its findings in d. */
static int build(struct fixture *f, const char *threads, struct sakra_buf *out,
		 struct sakra_diags *d, struct sakra_error *err)
{
	struct sakra_site_options so;
	struct sakra_site_writer w = { to_buf, NULL, out };
	struct sakra_site_stats stats;

	memset(&so, 0, sizeof(so));
	so.today.year = 2026;
	so.today.month = 11;
	so.today.day = 23;
	so.files_at = "../files/";
	setenv("SAKRA_THREADS", threads, 1);
	sakra_session_use_env();
	fixture_open(f, "HEAD");
	return sakra_site_build(f->plan, &so, &w, d, &stats, err);
}

/* A site of more pages than one thread renders alone is the same bytes,
 * in the same order, with the same findings, on one thread and on
 * several; a theme that takes too much work fails the same way. */
static void test_threads(void **state)
{
	struct fixture *f = *state;
	struct sakra_buf one = SAKRA_BUF_INIT, many = SAKRA_BUF_INIT;
	struct sakra_diags d1 = SAKRA_DIAGS_INIT, d2 = SAKRA_DIAGS_INIT;
	struct sakra_error e1, e2;

	fixture_sh(f, "for i in $(seq 1 150); do printf -- '---\\ntitle: \"Bilaga %d\"\\n"
		   "classification: icke-offentlig\\n---\\n\\n# Bilaga %d\\n\\n## Åtgärder\\n\\n"
		   "Se [saknad](saknas-%d.md) och [kapitel 6](../plan/06-informationssystemen.md).\\n' "
		   "$i $i $i >appendices/b$i.md; done && git add -A && git commit -qm many");
	assert_int_equal(build(f, "1", &one, &d1, &e1), 0);
	assert_int_equal(build(f, "2", &many, &d2, &e2), 0);
	assert_true(one.len > 150 * 1000);
	assert_int_equal(one.len, many.len);
	assert_memory_equal(one.ptr, many.ptr, one.len);
	assert_true(d1.n >= 150);   /* a broken link on each new page */
	assert_int_equal(d1.n, d2.n);
	for (size_t i = 0; i < d1.n; i++) {
		assert_string_equal(d1.v[i].path, d2.v[i].path);
		assert_int_equal(d1.v[i].line, d2.v[i].line);
		assert_string_equal(d1.v[i].message, d2.v[i].message);
	}
	/* sections inside sections over every heading: too much for a page */
	fixture_sh(f, "mkdir -p theme && printf '{{#toc}}{{#toc}}{{#toc}}{{#toc}}{{#toc}}{{text}}"
		   "{{/toc}}{{/toc}}{{/toc}}{{/toc}}{{/toc}}\\n' >theme/document.html && "
		   "for i in $(seq 1 30); do printf '## Rubrik %d\\n' $i >>appendices/b77.md; done && "
		   "git add -A && git commit -qm theme");
	sakra_buf_clear(&one);
	sakra_buf_clear(&many);
	assert_int_equal(build(f, "1", &one, &d1, &e1), SAKRA_ELIMIT);
	assert_int_equal(build(f, "2", &many, &d2, &e2), SAKRA_ELIMIT);
	assert_string_equal(e1.path, e2.path);
	assert_string_equal(e1.message, e2.message);
	unsetenv("SAKRA_THREADS");
	sakra_session_use_env();
	sakra_buf_free(&one);
	sakra_buf_free(&many);
	sakra_diags_free(&d1);
	sakra_diags_free(&d2);
	fixture_sh(f, "git reset -q --hard HEAD~2");
	fixture_open(f, "HEAD");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_dir),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests_name("site", tests, fixture_setup, fixture_teardown);
}
