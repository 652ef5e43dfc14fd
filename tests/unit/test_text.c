/* Unit tests: text (UTF-8, folding, references). */
#include "unit.h"

#include <time.h>

#include "sakra/text.h"

static void test_utf8(void **state)
{
	size_t bad = 0;

	(void)state;
	assert_true(sakra_utf8_valid("Vård å ä ö €", strlen("Vård å ä ö €"), NULL));
	assert_false(sakra_utf8_valid("ab\xe5", 3, &bad));
	assert_int_equal(bad, 2);
	assert_false(sakra_utf8_valid("\xc0\xaf", 2, &bad));       /* overlong '/' */
	assert_false(sakra_utf8_valid("\xed\xa0\x80", 3, &bad));   /* surrogate */
	assert_false(sakra_utf8_valid("\xe2\x82", 2, &bad));       /* truncated */
	assert_int_equal(bad, 0);
	assert_int_equal(sakra_utf8_count("åäö", 6), 3);
}

static void test_fold(void **state)
{
	(void)state;
	assert_true(sakra_text_equal("Dataskyddsombud", "DATASKYDDSOMBUD:"));
	assert_true(sakra_text_equal("  Ansvarig   person/chef ", "ansvarig person/chef"));
	assert_true(sakra_text_equal("ÅÄÖ", "åäö"));
	assert_false(sakra_text_equal("Namn", "Namnet"));
}

static void test_paths(void **state)
{
	struct sakra_buf b = SAKRA_BUF_INIT;

	(void)state;
	assert_int_equal(sakra_path_resolve("plan/02.md", "../appendices/x.md", &b), 0);
	assert_string_equal(b.ptr, "appendices/x.md");
	assert_int_equal(sakra_path_resolve("plan/02.md", "./y.md", &b), 0);
	assert_string_equal(b.ptr, "plan/y.md");
	assert_int_equal(sakra_path_resolve("plan/02.md", "/sakra.yml", &b), 0);
	assert_string_equal(b.ptr, "sakra.yml");
	assert_int_equal(sakra_path_resolve("top.md", "a//b/../c", &b), 0);
	assert_string_equal(b.ptr, "a/c");
	assert_int_equal(sakra_path_resolve("plan/02.md", "../../etc/passwd", &b), 1);
	assert_int_equal(sakra_url_decode("a%20b%zz%4", 10, &b), 0);
	assert_string_equal(b.ptr, "a b%zz%4");
	sakra_buf_free(&b);
}

/* "did you mean": a typo, a transposition, a case; nothing when far. */
static void test_nearest(void **state)
{
	static const char *const cmds[] = { "check", "status", "bundle", "build", "verify" };
	static const char *const ids[] = { "plangranskning", "loggranskning", "utbildning" };
	static const char *const labels[] = { "Ansvarig person", "Toimipisteet/palveluyksiköt" };

	(void)state;
	assert_string_equal(sakra_text_nearest("chek", cmds, 5), "check");
	assert_string_equal(sakra_text_nearest("buidl", cmds, 5), "build");
	assert_string_equal(sakra_text_nearest("STATSU", cmds, 5), "status");
	assert_null(sakra_text_nearest("check", cmds, 5));      /* the same is no suggestion */
	assert_null(sakra_text_nearest("xyzzy", cmds, 5));
	assert_string_equal(sakra_text_nearest("loggransking", ids, 3), "loggranskning");
	assert_string_equal(sakra_text_nearest("Toimipaikat/palveluyksiköt", labels, 2),
			    "Toimipisteet/palveluyksiköt");
	assert_null(sakra_text_nearest("x", NULL, 0));
}

static void test_slug(void **state)
{
	char out[64];

	(void)state;
	sakra_text_slug(out, sizeof(out), "Solbacka Vård Ab");
	assert_string_equal(out, "solbacka-vard-ab");
	sakra_text_slug(out, sizeof(out), "Må bra-appen (v2)");
	assert_string_equal(out, "ma-bra-appen-v2");
	sakra_text_slug(out, sizeof(out), "  --  ");
	assert_string_equal(out, "");
	sakra_text_slug(out, 8, "Österbottens välfärdsområde");
	assert_true(strlen(out) < 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_nearest),
		cmocka_unit_test(test_slug),
	};

	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
