/* Unit tests: theme (what a plan's own theme may hold; sakra's policy). */
#include "unit.h"

#include "sakra/theme.h"

static void expect_refused(const char *name, const char *text, size_t want_line,
			   const char *want)
{
	size_t line = 0;
	const char *why = NULL;

	assert_int_equal(sakra_theme_check(name, text, strlen(text), &line, &why), -1);
	assert_non_null(why);
	assert_non_null(strstr(why, want));
	assert_int_equal(line, want_line);
}

static void test_what_a_theme_may_not_hold(void **state)
{
	(void)state;
	expect_refused("layout.html", "<html>\n<head>\n<script>fetch('x')</script>", 3, "script");
	expect_refused("layout.html", "<p>\n<SCRIPT src=x></SCRIPT>", 2, "script");
	expect_refused("layout.html", "<body onload=\"go()\">", 1, "event handler");
	expect_refused("layout.html", "<img src=x\n  ONERROR=alert(1)>", 2, "event handler");
	expect_refused("layout.html", "<a href=\"javascript:alert(1)\">x</a>", 1, "script URL");
	expect_refused("layout.html", "<a href=\" JavaScript:x\">x</a>", 1, "script URL");
	expect_refused("layout.html", "<img src=\"https://evil.example/p.png\">", 1, "outside the site");
	expect_refused("layout.html", "<img src=\"//evil.example/p.png\">", 1, "outside the site");
	expect_refused("layout.html", "<link rel=stylesheet href=\"https://cdn/x.css\">", 1,
		       "outside the site");
	expect_refused("layout.html", "<link rel=\"prefetch\" href=\"x\">", 1, "not a stylesheet");
	expect_refused("layout.html", "<meta http-equiv=\"refresh\" content=\"0;url=x\">", 1,
		       "http-equiv");
	expect_refused("layout.html", "<iframe src=a.html></iframe>", 1, "element");
	expect_refused("layout.html", "<base href=\"/\">", 1, "element");
	expect_refused("layout.html", "<form action=x></form>", 1, "element");
	expect_refused("layout.html", "<p style=\"background:url(https://evil/x)\">", 1,
		       "url() outside");
	expect_refused("layout.html", "<style>\n@import 'x.css';\n</style>", 2, "@import");
	expect_refused("style.css", "body { }\n\na { background: url( \"//evil/x.png\" ) }", 3,
		       "url() outside");
	expect_refused("print.css", "@import url(x.css);", 1, "@import");
	expect_refused("style.css", "p { width: expression(alert(1)) }", 1, "script in CSS");
}

static void test_what_a_theme_may_hold(void **state)
{
	static const char *const ok[] = {
		"<!DOCTYPE html>\n<html lang=\"{{lang}}\"><head><meta charset=\"utf-8\">"
		"<meta name=\"viewport\" content=\"width=device-width\">"
		"<link rel=\"stylesheet\" href=\"{{root}}style.css\"></head>"
		"<body class=\"x {{#draft}}draft{{/draft}}\"><a href=\"{{href}}\">a</a>"
		"<a href=\"mailto:dpo@example.org\">dpo</a><img src=\"logo.png\" alt=\"\">"
		"<!-- <script> in a comment --><p>1 < 2</p></body></html>",
		"<p>Online-tjänster och onboarding</p>",
	};
	size_t line;
	const char *why;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++)
		assert_int_equal(sakra_theme_check("layout.html", ok[i], strlen(ok[i]), &line, &why), 0);
	assert_int_equal(sakra_theme_check("style.css", "a { background: url(bg.png) }", 29, &line,
					   &why), 0);
	/* other files are not templates */
	assert_int_equal(sakra_theme_check("strings.yml", "<script>", 8, &line, &why), 0);
}

static void test_policy_written_by_sakra(void **state)
{
	struct sakra_buf page = SAKRA_BUF_INIT;
	struct sakra_error err;

	(void)state;
	sakra_buf_puts(&page, "<!DOCTYPE html>\n<html><HEAD lang=x>\n<title>t</title></HEAD></html>");
	assert_int_equal(sakra_theme_add_csp(&page, &err), 0);
	assert_non_null(strstr(page.ptr, "<HEAD lang=x><meta http-equiv=\"Content-Security-Policy\" "
			       "content=\"default-src 'none';"));
	sakra_buf_clear(&page);
	sakra_buf_puts(&page, "<html><header>no head</header></html>");
	assert_int_equal(sakra_theme_add_csp(&page, &err), SAKRA_EINVAL);
	assert_non_null(strstr(err.message, "no <head>"));
	sakra_buf_free(&page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_what_a_theme_may_not_hold),
		cmocka_unit_test(test_what_a_theme_may_hold),
		cmocka_unit_test(test_policy_written_by_sakra),
	};

	return cmocka_run_group_tests_name("theme", tests, NULL, NULL);
}
