/* Unit tests: plan (loading a file set into config, framework and
 * documents; kinds of paths; markings). */
#include "fixture.h"

#include "sakra/config.h"
#include "sakra/framework.h"

static void test_load(void **state)
{
	struct fixture *f = *state;
	const struct sakra_plan_doc *d;

	assert_non_null(f->plan->config);
	assert_non_null(f->plan->fw);
	assert_string_equal(f->plan->fw->id, "thl-3-2024");
	assert_true(f->plan->ndocs > 10);
	d = sakra_plan_find_doc(f->plan, "plan/03-allmanna-rutiner.md");
	assert_non_null(d);
	assert_int_equal(d->kind, SAKRA_KIND_PLAN);
	assert_null(sakra_plan_find_doc(f->plan, "plan/no-such.md"));
}

static void test_kinds(void **state)
{
	(void)state;
	assert_int_equal(sakra_plan_kind("plan/01.md"), SAKRA_KIND_PLAN);
	assert_int_equal(sakra_plan_kind("systems/x.md"), SAKRA_KIND_SYSTEM);
	assert_int_equal(sakra_plan_kind("appendices/a.md"), SAKRA_KIND_APPENDIX);
	assert_true(sakra_is_marker("appendices/.gitkeep", 0));
	assert_false(sakra_is_marker("appendices/.gitkeep", 3));
}

static void test_says_something(void **state)
{
	(void)state;
	assert_false(sakra_says_something("", 0));
	assert_false(sakra_says_something("  \n\n", 4));
	assert_true(sakra_says_something("Vi gör så här.", strlen("Vi gör så här.")));
	assert_true(sakra_not_applicable_line("Ej tillämpligt: vi har inga apotek.",
					      strlen("Ej tillämpligt: vi har inga apotek.")));
	assert_false(sakra_not_applicable_line("Tillämpligt.", strlen("Tillämpligt.")));
}

static void test_marking(void **state)
{
	struct fixture *f = *state;
	const char *m = sakra_plan_marking(f->plan, "plan/03-allmanna-rutiner.md");

	assert_non_null(m);
	assert_true(sakra_config_level(f->plan->config, m) >= 0);
}

/* Enough documents for the loader to use every core: the findings are
 * those of parsing each document in turn, in the same order. */
static void test_parallel_same_as_serial(void **state)
{
	struct fixture *f = *state;
	struct sakra_diags want = SAKRA_DIAGS_INIT;
	struct sakra_error err;
	size_t k = 0;

	fixture_sh(f, "mkdir -p appendices/many && for i in $(seq 1 150); do "
		   "case $((i % 4)) in "
		   "0) printf -- '---\ntitle: A%d\nclassification: intern\n---\n\n[fyll i] %d\n' $i $i ;; "
		   "1) printf -- '# Ingen front matter %d\n' $i ;; "
		   "2) printf -- '---\ntitle: [x\n---\ntext\n' ;; "
		   "3) printf -- '---\ntitle: B%d\nclassification: intern\n---\n\nSe [x](y.md) [ändra] %d\n' $i $i ;; "
		   "esac >appendices/many/a$i.md; done");
	fixture_open(f, NULL);
	assert_true(f->plan->ndocs > 150);
	for (size_t i = 0; i < f->plan->ndocs; i++) {
		const struct sakra_file *file = f->plan->docs[i].file;
		struct sakra_buf text = SAKRA_BUF_INIT;
		struct sakra_doc *doc = NULL;

		assert_int_equal(sakra_tree_read(f->tree, file, &text, 0, &err), 0);
		assert_int_equal(sakra_doc_parse(&doc, file->path, text.ptr, text.len, &want, &err), 0);
		sakra_doc_free(doc);
		sakra_buf_free(&text);
	}
	assert_true(want.n > 30);
	/* the loader's findings end with the documents', in the same order */
	assert_true(f->diags.n >= want.n);
	k = f->diags.n - want.n;
	for (size_t i = 0; i < want.n; i++, k++) {
		assert_string_equal(f->diags.v[k].path, want.v[i].path);
		assert_string_equal(f->diags.v[k].rule, want.v[i].rule);
		assert_int_equal(f->diags.v[k].line, want.v[i].line);
		assert_string_equal(f->diags.v[k].message, want.v[i].message);
	}
	sakra_diags_free(&want);
	fixture_sh(f, "rm -rf appendices/many");
	fixture_open(f, "HEAD");
}

/* Plans of commits loaded with one memo share the documents whose blob and
 * path are the same, with the same findings, and free cleanly. */
static void test_memo(void **state)
{
	struct fixture *f = *state;
	struct sakra_doc_memo *memo = sakra_doc_memo_new();
	struct sakra_tree *t1 = NULL, *t2 = NULL;
	struct sakra_plan *p1 = NULL, *p2 = NULL;
	struct sakra_diags d1 = SAKRA_DIAGS_INIT, d2 = SAKRA_DIAGS_INIT;
	struct sakra_error err;
	size_t shared = 0;

	fixture_sh(f, "printf '\\n[fyll i]\\n' >>plan/05-utbildning-och-anvisningar.md && "
		   "git commit -qam two");
	assert_non_null(memo);
	assert_int_equal(sakra_tree_open(&t1, f->repo, "HEAD~1", &err), 0);
	assert_int_equal(sakra_tree_open(&t2, f->repo, "HEAD", &err), 0);
	assert_int_equal(sakra_plan_load_memo(&p1, t1, memo, &d1, &err), 0);
	assert_int_equal(sakra_plan_load_memo(&p2, t2, memo, &d2, &err), 0);
	assert_int_equal(p1->ndocs, p2->ndocs);
	for (size_t i = 0; i < p1->ndocs; i++) {
		int same = !strcmp(p1->docs[i].file->path, "plan/05-utbildning-och-anvisningar.md");

		if (same)
			assert_ptr_not_equal(p1->docs[i].doc, p2->docs[i].doc);
		else
			shared += p1->docs[i].doc == p2->docs[i].doc;
	}
	assert_int_equal(shared, p1->ndocs - 1);
	assert_int_equal(d1.n, d2.n);
	assert_ptr_equal(p1->fw, p2->fw);           /* one framework parse for both */
	assert_ptr_equal(p1->config, p2->config);   /* and one of the same sakra.yml */
	sakra_plan_free(p1);
	sakra_doc_memo_free(memo);   /* before the second plan: it keeps its own */
	assert_non_null(p2->docs[0].doc->path);
	sakra_plan_free(p2);
	sakra_tree_free(t1);
	sakra_tree_free(t2);
	sakra_diags_free(&d1);
	sakra_diags_free(&d2);
	fixture_sh(f, "git reset -q --hard HEAD~1");
	fixture_open(f, "HEAD");
}

/* The memo shares a framework only between plans with the same
 * requirements.yml blob, and never one that requirements.yml could not
 * add to: its finding comes with every plan. */
static void test_memo_framework(void **state)
{
	struct fixture *f = *state;
	struct sakra_doc_memo *memo = sakra_doc_memo_new();
	const char *revs[] = { "HEAD~2", "HEAD~1", "HEAD", "HEAD~1", "HEAD" };
	struct sakra_tree *t[5] = { NULL };
	struct sakra_plan *p[5] = { NULL };
	struct sakra_diags d[5] = { SAKRA_DIAGS_INIT, SAKRA_DIAGS_INIT, SAKRA_DIAGS_INIT,
				    SAKRA_DIAGS_INIT, SAKRA_DIAGS_INIT };
	struct sakra_error err;

	fixture_sh(f, "printf 'obligations:\n  - { id: ovning, title: Övning, covers: [\"6\"], "
		   "every: 12 months, required: true, interval: minimum }\n' >requirements.yml && "
		   "git add requirements.yml && git commit -qm rq && "
		   "printf 'obligations: [' >requirements.yml && git commit -qam broken");
	for (int i = 0; i < 5; i++) {
		assert_int_equal(sakra_tree_open(&t[i], f->repo, revs[i], &err), 0);
		assert_int_equal(sakra_plan_load_memo(&p[i], t[i], memo, &d[i], &err), 0);
		assert_non_null(p[i]->fw);
	}
	assert_ptr_not_equal(p[0]->fw, p[1]->fw);
	assert_ptr_equal(p[1]->fw, p[3]->fw);
	assert_ptr_not_equal(p[2]->fw, p[4]->fw);   /* a failed addition is not kept */
	assert_int_equal(p[1]->fw->nobligations, p[0]->fw->nobligations + 1);
	assert_int_equal(p[2]->fw->nobligations, p[0]->fw->nobligations);
	for (int i = 2; i <= 4; i += 2) {
		size_t found = 0;

		for (size_t k = 0; k < d[i].n; k++)
			found += !strcmp(d[i].v[k].rule, "requirements");
		assert_int_equal(found, 1);
	}
	sakra_doc_memo_free(memo);
	for (int i = 0; i < 5; i++) {
		sakra_plan_free(p[i]);
		sakra_tree_free(t[i]);
		sakra_diags_free(&d[i]);
	}
	fixture_sh(f, "git reset -q --hard HEAD~2");
	fixture_open(f, "HEAD");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_says_something),
		cmocka_unit_test(test_marking),
		cmocka_unit_test(test_parallel_same_as_serial),
		cmocka_unit_test(test_memo),
		cmocka_unit_test(test_memo_framework),
	};

	return cmocka_run_group_tests_name("plan", tests, fixture_setup, fixture_teardown);
}
