/* Unit tests: workspace (an editor's texts over the working tree, checked
 * incrementally): after every edit of a random sequence, the findings are
 * exactly those of a cold load and check of the same files on disk. */
#include "fixture.h"

#include "sakra/check.h"
#include "sakra/workspace.h"

static const char *const files[] = {
	"plan/03-allmanna-rutiner.md", "plan/05-utbildning-och-anvisningar.md",
	"systems/omsorg-pro.md", "plan/01-anvandningsandamal.md",
};

/* One edit a writer might make, chosen by r, applied to text. */
static void edit(struct sakra_buf *text, unsigned r)
{
	struct sakra_buf out = SAKRA_BUF_INIT;
	const char *t = text->ptr;
	size_t len = text->len, at = (size_t)(r >> 3) % (len ? len : 1);

	while (at < len && at && t[at - 1] != '\n')   /* at a line start */
		at++;
	switch (r % 7) {
	case 0: /* delete a line */
		sakra_buf_put(&out, t, at);
		if (memchr(t + at, '\n', len - at))
			sakra_buf_puts(&out, (const char *)memchr(t + at, '\n', len - at) + 1);
		break;
	case 1: sakra_buf_put(&out, t, at); sakra_buf_puts(&out, "[fyll i]\n"); sakra_buf_put(&out, t + at, len - at); break;
	case 2: /* links, one broken, two into another document's headings */
		sakra_buf_put(&out, t, at);
		sakra_buf_puts(&out, (r >> 5) % 2 ? "Se [bilagan](../appendices/saknas.md#x).\n" :
			       "Se [3](../plan/03-allmanna-rutiner.md#99-ny-rubrik) och "
			       "[5](../plan/05-utbildning-och-anvisningar.md?v=1#99-ny-rubrik).\n");
		sakra_buf_put(&out, t + at, len - at);
		break;
	case 3: sakra_buf_put(&out, t, at); sakra_buf_puts(&out, "## 9.9 Ny rubrik\n\n"); sakra_buf_put(&out, t + at, len - at); break;
	case 4: sakra_buf_puts(&out, "---\ntitle: x\n"); sakra_buf_put(&out, t, len); break;
	case 5: sakra_buf_put(&out, t, at); sakra_buf_puts(&out, "Dataskyddsombud: \n"); sakra_buf_put(&out, t + at, len - at); break;
	default: sakra_buf_put(&out, t, len); sakra_buf_puts(&out, "\nÅtgärder \xe2\x80\xae vänd\n"); break;
	}
	sakra_buf_free(text);
	*text = out;
	if (!text->ptr)
		sakra_buf_puts(text, "");
}

static void cold(const char *dir, struct sakra_diags *d)
{
	struct sakra_repo *repo = NULL;
	struct sakra_tree *tree = NULL;
	struct sakra_plan *plan = NULL;
	struct sakra_check_options o;
	struct sakra_error err;

	memset(&o, 0, sizeof(o));
	o.today = (struct sakra_date){ 2026, 11, 23 };
	assert_int_equal(sakra_repo_open(&repo, dir, &err), 0);
	assert_int_equal(sakra_tree_open(&tree, repo, NULL, &err), 0);
	assert_int_equal(sakra_plan_load(&plan, tree, d, &err), 0);
	assert_int_equal(sakra_check_run(plan, &o, d, &err), 0);
	sakra_diags_sort(d);
	sakra_plan_free(plan);
	sakra_tree_free(tree);
	sakra_repo_free(repo);
}

static void same(const struct sakra_diags *a, const struct sakra_diags *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		assert_string_equal(a->v[i].path, b->v[i].path);
		assert_int_equal(a->v[i].line, b->v[i].line);
		assert_int_equal(a->v[i].column, b->v[i].column);
		assert_string_equal(a->v[i].rule, b->v[i].rule);
		assert_string_equal(a->v[i].message, b->v[i].message);
	}
}

static void test_random_edits(void **state)
{
	struct fixture *f = *state;
	struct sakra_workspace *ws = NULL;
	struct sakra_date today = { 2026, 11, 23 };
	struct sakra_buf text[4], full = SAKRA_BUF_INIT;
	struct sakra_error err;
	unsigned seed = 20261202;

	assert_int_equal(sakra_workspace_open(&ws, f->dir, &today, &err), 0);
	for (size_t i = 0; i < 4; i++) {
		char p[256];

		text[i] = (struct sakra_buf)SAKRA_BUF_INIT;
		snprintf(p, sizeof(p), "%s/%s", f->dir, files[i]);
		assert_int_equal(sakra_file_read(p, &text[i], 0, &err), 0);
	}
	for (int step = 0; step < 120; step++) {
		struct sakra_diags inc = SAKRA_DIAGS_INIT, ref = SAKRA_DIAGS_INIT;
		size_t which;
		char p[256];

		seed = seed * 1103515245u + 12345u;
		which = (seed >> 16) % 4;
		edit(&text[which], seed >> 4);
		/* the editor's text to the workspace, the same bytes to the disk */
		assert_int_equal(sakra_workspace_set(ws, files[which], text[which].ptr,
						     text[which].len, &err), 0);
		snprintf(p, sizeof(p), "%s/%s", f->dir, files[which]);
		assert_int_equal(sakra_file_write_atomic(p, text[which].ptr, text[which].len, 0644, 1,
							 &err), 0);
		assert_int_equal(sakra_workspace_check(ws, &inc, &err), 0);
		cold(f->dir, &ref);
		same(&inc, &ref);
		sakra_diags_free(&inc);
		sakra_diags_free(&ref);
	}
	/* closing a document reads the disk again: still the same */
	assert_int_equal(sakra_workspace_set(ws, files[0], NULL, 0, &err), 0);
	{
		struct sakra_diags inc = SAKRA_DIAGS_INIT, ref = SAKRA_DIAGS_INIT;

		assert_int_equal(sakra_workspace_check(ws, &inc, &err), 0);
		cold(f->dir, &ref);
		same(&inc, &ref);
		assert_true(inc.n > 0);
		sakra_diags_free(&inc);
		sakra_diags_free(&ref);
	}
	for (size_t i = 0; i < 4; i++)
		sakra_buf_free(&text[i]);
	sakra_buf_free(&full);
	sakra_workspace_free(ws);
}

/* A link with a query into another document's heading: when that heading
 * comes and goes, the linking document is judged again. */
static void test_linked_heading(void **state)
{
	struct fixture *f = *state;
	struct sakra_workspace *ws = NULL;
	struct sakra_date today = { 2026, 11, 23 };
	struct sakra_buf a = SAKRA_BUF_INIT, b = SAKRA_BUF_INIT, b2 = SAKRA_BUF_INIT;
	struct sakra_error err;
	char p[256];

	fixture_sh(f, "git checkout -q -- . && git clean -qfd");   /* as committed */
	assert_int_equal(sakra_workspace_open(&ws, f->dir, &today, &err), 0);
	snprintf(p, sizeof(p), "%s/%s", f->dir, files[0]);
	assert_int_equal(sakra_file_read(p, &a, 0, &err), 0);
	sakra_buf_puts(&a, "\nSe [5](05-utbildning-och-anvisningar.md?v=1#99-ny-rubrik).\n");
	snprintf(p, sizeof(p), "%s/%s", f->dir, files[1]);
	assert_int_equal(sakra_file_read(p, &b, 0, &err), 0);
	sakra_buf_put(&b2, b.ptr, b.len);
	sakra_buf_puts(&b2, "\n## 9.9 Ny rubrik\n\nText.\n");
	for (int step = 0; step < 3; step++) {
		struct sakra_diags inc = SAKRA_DIAGS_INIT, ref = SAKRA_DIAGS_INIT;
		const struct sakra_buf *now = step == 1 ? &b2 : &b;
		int anchor = 0;

		if (step == 0) {
			assert_int_equal(sakra_workspace_set(ws, files[0], a.ptr, a.len, &err), 0);
			snprintf(p, sizeof(p), "%s/%s", f->dir, files[0]);
			assert_int_equal(sakra_file_write_atomic(p, a.ptr, a.len, 0644, 1, &err), 0);
		}
		assert_int_equal(sakra_workspace_set(ws, files[1], now->ptr, now->len, &err), 0);
		snprintf(p, sizeof(p), "%s/%s", f->dir, files[1]);
		assert_int_equal(sakra_file_write_atomic(p, now->ptr, now->len, 0644, 1, &err), 0);
		assert_int_equal(sakra_workspace_check(ws, &inc, &err), 0);
		cold(f->dir, &ref);
		same(&inc, &ref);
		for (size_t i = 0; i < inc.n; i++)
			anchor |= !strcmp(inc.v[i].rule, "link.anchor");
		assert_int_equal(anchor, step != 1);   /* the heading is there in step 1 only */
		sakra_diags_free(&inc);
		sakra_diags_free(&ref);
	}
	sakra_buf_free(&a);
	sakra_buf_free(&b);
	sakra_buf_free(&b2);
	sakra_workspace_free(ws);
}

/* sakra.yml and a new file load the plan again; a folder outside the
 * working tree has no path in it. */
static void test_plan_wide(void **state)
{
	struct fixture *f = *state;
	struct sakra_workspace *ws = NULL;
	struct sakra_date today = { 2026, 11, 23 };
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_error err;
	unsigned long g;
	char abs[256], *rel;
	int found = 0;

	assert_int_equal(sakra_workspace_open(&ws, f->dir, &today, &err), 0);
	g = ws->generation;
	assert_int_equal(sakra_workspace_set(ws, "appendices/ny.md", "# Ny\n", 5, &err), 0);
	assert_true(ws->generation > g);
	assert_int_equal(sakra_workspace_check(ws, &d, &err), 0);
	for (size_t i = 0; i < d.n; i++)
		found |= !strcmp(d.v[i].path, "appendices/ny.md") &&
			 !strcmp(d.v[i].rule, "doc.front-matter");
	assert_true(found);
	sakra_diags_free(&d);
	snprintf(abs, sizeof(abs), "%s/plan/x.md", sakra_repo_root(ws->repo));
	rel = sakra_workspace_path(ws, abs);
	assert_string_equal(rel, "plan/x.md");
	free(rel);
	assert_null(sakra_workspace_path(ws, "/elsewhere/plan/x.md"));
	sakra_workspace_free(ws);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_edits),
		cmocka_unit_test(test_linked_heading),
		cmocka_unit_test(test_plan_wide),
	};

	return cmocka_run_group_tests_name("workspace", tests, fixture_setup, fixture_teardown);
}
