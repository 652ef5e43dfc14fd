/* Unit tests: the theme's template language and its data. */
#include <stdio.h>

#include "unit.h"

#include "sakra/template.h"

static int loader(void *ctx, const char *name, struct sakra_buf *out, struct sakra_error *err)
{
	(void)ctx;
	if (strcmp(name, "banner.html") == 0)
		return sakra_buf_puts(out, "<b>{{marking}}</b>");
	if (strcmp(name, "loop.html") == 0)
		return sakra_buf_puts(out, "x{{>loop.html}}");
	return sakra_error_set(err, SAKRA_ENOTFOUND, name, 0, 0, "no such theme file");
}

/* Renders t with d; returns the text (static) or NULL with err set. */
static const char *render(struct sakra_tdata *d, const char *t, struct sakra_error *err)
{
	static struct sakra_buf out = SAKRA_BUF_INIT;

	sakra_buf_clear(&out);
	sakra_error_clear(err);
	if (sakra_template_render(&out, "page.html", t, strlen(t), sakra_tdata_root(d), loader, NULL,
				  NULL, err) < 0) {
		sakra_buf_free(&out);
		return NULL;
	}
	return sakra_buf_cstr(&out);
}

static void test_values(void **state)
{
	struct sakra_tdata *d = sakra_tdata_new();
	struct sakra_tv *r = sakra_tdata_root(d), *m;
	struct sakra_error err;

	(void)state;
	sakra_tv_text(d, r, "title", "<Plan> & \"rutiner\" 'x'");
	sakra_tv_html(d, r, "content", "<p>hej</p>");
	m = sakra_tv_map(d, r, "org");
	sakra_tv_text(d, m, "name", "Solbacka");
	sakra_tv_textf(d, r, "n", "%d systems", 4);
	assert_false(sakra_tdata_failed(d));
	assert_string_equal(render(d, "<h1>{{title}}</h1>{{ content }}{{org.name}} {{n}}{{! note }}.", &err),
			    "<h1>&lt;Plan&gt; &amp; &quot;rutiner&quot; &#39;x&#39;</h1><p>hej</p>Solbacka 4 systems.");
	/* A later set shadows an earlier one. */
	sakra_tv_text(d, r, "title", "new");
	assert_string_equal(render(d, "{{title}}", &err), "new");
	/* Text without tags, single braces, an empty template. */
	assert_string_equal(render(d, "a { b } {c}", &err), "a { b } {c}");
	assert_string_equal(render(d, "", &err), "");
	sakra_tdata_free(d);
}

static void test_sections(void **state)
{
	struct sakra_tdata *d = sakra_tdata_new();
	struct sakra_tv *r = sakra_tdata_root(d), *list, *it, *tags;
	struct sakra_error err;

	(void)state;
	list = sakra_tv_list(d, r, "systems");
	it = sakra_tv_item(d, list);
	sakra_tv_text(d, it, "name", "Omsorg Pro");
	sakra_tv_flag(d, it, "expired", 0);
	it = sakra_tv_item(d, list);
	sakra_tv_text(d, it, "name", "Dos");
	sakra_tv_flag(d, it, "expired", 1);
	sakra_tv_text(d, r, "root", "../");
	sakra_tv_list(d, r, "empty");
	sakra_tv_text(d, r, "blank", "");
	tags = sakra_tv_list(d, r, "tags");
	sakra_tv_item_text(d, tags, "a<");
	sakra_tv_item_text(d, tags, "b");
	assert_string_equal(render(d, "{{#systems}}[{{name}}{{#expired}}!{{/expired}} {{root}}]{{/systems}}", &err),
			    "[Omsorg Pro ../][Dos! ../]");
	assert_string_equal(render(d, "{{^empty}}none{{/empty}}{{^systems}}no{{/systems}}{{^missing}}m{{/missing}}", &err),
			    "nonem");
	assert_string_equal(render(d, "{{#blank}}x{{/blank}}{{^blank}}y{{/blank}}{{#root}}r{{/root}}", &err), "yr");
	assert_string_equal(render(d, "{{#tags}}<{{.}}>{{/tags}}", &err), "<a&lt;><b>");
	/* {{#name?}}: once around a list, not per item; nothing for an empty one. */
	assert_string_equal(render(d, "{{#systems?}}<ul>{{#systems}}<li>{{name}}{{/systems}}</ul>{{/systems?}}"
				   "{{#empty?}}E{{/empty?}}", &err), "<ul><li>Omsorg Pro<li>Dos</ul>");
	/* The same name nested. */
	assert_string_equal(render(d, "{{#systems}}{{#systems}}.{{/systems}}|{{/systems}}", &err), "..|..|");
	sakra_tv_text(d, r, "marking", "Intern");
	assert_string_equal(render(d, "{{>banner.html}}", &err), "<b>Intern</b>");
	sakra_tdata_free(d);
}

static void expect_error(struct sakra_tdata *d, const char *t, size_t line, const char *words)
{
	struct sakra_error err;

	assert_null(render(d, t, &err));
	assert_string_equal(err.path, line ? "page.html" : err.path);
	if (line)
		assert_int_equal(err.line, line);
	if (!strstr(err.message, words))
		fail_msg("'%s' does not say '%s'", err.message, words);
}

static void test_errors(void **state)
{
	struct sakra_tdata *d = sakra_tdata_new();
	struct sakra_tv *r = sakra_tdata_root(d);

	(void)state;
	sakra_tv_text(d, r, "a", "x");
	sakra_tv_list(d, r, "l");
	expect_error(d, "ok\n{{mising}}", 2, "unknown name 'mising'");
	expect_error(d, "{{#nope}}{{/nope}}", 1, "unknown name 'nope'");
	expect_error(d, "\n\n{{#a}}x", 3, "not closed");
	expect_error(d, "{{/a}}", 1, "closes no section");
	expect_error(d, "{{a", 1, "not closed");
	expect_error(d, "{{ a b }}", 1, "not a tag");
	expect_error(d, "{{{a}}}", 1, "not a tag");
	expect_error(d, "{{l}}", 1, "use it as");
	expect_error(d, "{{a?}}", 1, "not a tag");
	expect_error(d, "{{#a?b}}{{/a?b}}", 1, "not a tag");
	expect_error(d, "{{#l?}}x{{/l}}", 1, "not closed");
	expect_error(d, "{{>none.html}}", 0, "no such theme file");
	expect_error(d, "{{>loop.html}}", 0, "too deeply");
	sakra_tdata_free(d);
}

/* A theme is input: partials and sections that multiply stop at the
 * render's limits, or sooner at a shared budget, with SAKRA_ELIMIT. */
static void test_limits(void **state)
{
	struct sakra_tdata *d = sakra_tdata_new();
	struct sakra_tv *r = sakra_tdata_root(d), *list = sakra_tv_list(d, r, "items");
	struct sakra_template_budget budget = { 1000 };
	struct sakra_buf out = SAKRA_BUF_INIT;
	struct sakra_error err;
	struct sakra_buf deep = SAKRA_BUF_INIT;

	(void)state;
	for (int i = 0; i < 3; i++)
		sakra_tv_item_text(d, list, "x");
	/* 3^20 iterations of nested sections: the render's own step limit */
	for (int i = 0; i < 20; i++)
		assert_int_equal(sakra_buf_puts(&deep, "{{#items}}"), 0);
	for (int i = 0; i < 20; i++)
		assert_int_equal(sakra_buf_puts(&deep, "{{/items}}"), 0);
	assert_int_equal(sakra_template_render(&out, "p", deep.ptr, deep.len, r, loader, NULL, NULL,
					       &err), SAKRA_ELIMIT);
	assert_non_null(strstr(err.message, "multiply"));
	sakra_buf_clear(&out);
	/* the same, sooner, at a budget shared with other renders */
	assert_int_equal(sakra_template_render(&out, "p", deep.ptr, deep.len, r, loader, NULL,
					       &budget, &err), SAKRA_ELIMIT);
	sakra_buf_free(&deep);
	assert_int_equal(budget.steps, 0);
	assert_non_null(strstr(err.message, "more work than a site of this size needs"));
	sakra_buf_free(&out);
	sakra_tdata_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests_name("template", tests, NULL, NULL);
}
