/* Unit tests: reading a manifest back (every truncation, malformed lines,
 * order and count) and comparing two. */
#include <stdio.h>

#include "unit.h"

#include "sakra/manifest.h"

#define H(c) c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c \
	c c c c c c c c c c c c c c c c c c c c c c c c
#define C40 "0123456789abcdef0123456789abcdef01234567"

static const char one[] =
	"# sakra manifest 1\n# organisation: Solbacka Vård Ab\n# framework: thl-3-2024\n"
	"# commit: " C40 "\n# tree: " C40 "\n# files: 3\n"
	"# size=10 classification=-\n" H("a") "  keys/anna.pub\n"
	"# size=200 classification=intern\n" H("b") "  plan/01.md\n"
	"# size=0 classification=konfidentiell\n" H("c") "  sakra.yml\n";

static const char two[] =
	"# sakra manifest 1\n# organisation: Solbacka Vård Ab\n# framework: thl-3-2024\n"
	"# commit: " C40 "\n# tree: " C40 "\n# files: 3\n"
	"# size=200 classification=intern\n" H("d") "  plan/01.md\n"
	"# size=5 classification=intern\n" H("e") "  plan/02 with space.md\n"
	"# size=0 classification=konfidentiell\n" H("c") "  sakra.yml\n";

static void test_parse(void **state)
{
	struct sakra_manifest *m = NULL;
	struct sakra_error err;

	(void)state;
	assert_int_equal(sakra_manifest_parse(&m, "MANIFEST", one, strlen(one), &err), 0);
	assert_string_equal(m->organisation, "Solbacka Vård Ab");
	assert_string_equal(m->framework, "thl-3-2024");
	assert_string_equal(m->commit, C40);
	assert_int_equal(m->n, 3);
	assert_string_equal(m->files[1].path, "plan/01.md");
	assert_int_equal(m->files[1].size, 200);
	assert_string_equal(m->files[1].classification, "intern");
	assert_null(m->files[0].classification);
	assert_string_equal(m->files[2].sha256, H("c"));
	assert_non_null(sakra_manifest_find(m, "sakra.yml"));
	assert_null(sakra_manifest_find(m, "plan/02.md"));
	sakra_manifest_free(m);
}

static void test_truncated(void **state)
{
	struct sakra_manifest *m = NULL;
	struct sakra_error err;
	size_t n = strlen(one);

	(void)state;
	/* Every prefix but the whole text is refused, with the line. */
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(sakra_manifest_parse(&m, "MANIFEST", one, i, &err), SAKRA_EINVAL);
		assert_null(m);
		assert_string_equal(err.path, "MANIFEST");
	}
}

static void expect_bad(const char *text, size_t line, const char *words)
{
	struct sakra_manifest *m = NULL;
	struct sakra_error err;

	assert_int_equal(sakra_manifest_parse(&m, "M", text, strlen(text), &err), SAKRA_EINVAL);
	assert_int_equal(err.line, line);
	if (!strstr(err.message, words))
		fail_msg("'%s' does not say '%s'", err.message, words);
}

static void test_malformed(void **state)
{
	char *t;

	(void)state;
	expect_bad("# sakra manifest 2\n", 1, "format 1");
	/* Out of order, repeated. */
	t = strdup(one);
	memcpy(strstr(t, "plan/01.md"), "a", 1);
	expect_bad(t, 10, "out of order");
	free(t);
	t = strdup(one);
	memcpy(strstr(t, "sakra.yml"), "plan/01.m", 9);
	expect_bad(t, 12, "out of order");
	free(t);
	/* The count does not match. */
	t = strdup(one);
	*strstr(t, "files: 3") = 'x';
	expect_bad(t, 6, "header");
	free(t);
	t = strdup(one);
	strstr(t, "files: 3")[7] = '4';
	expect_bad(t, 12, "counts 4");
	free(t);
	/* Upper-case hex, one space, a bad size line, an empty line. */
	t = strdup(one);
	strstr(t, "aaaa")[0] = 'A';
	expect_bad(t, 8, "expected");
	free(t);
	t = strdup(one);
	memcpy(strstr(t, "  keys/"), " *", 2);
	expect_bad(t, 8, "expected");
	free(t);
	t = strdup(one);
	memcpy(strstr(t, "size=10"), "size=x ", 7);
	expect_bad(t, 7, "size=N");
	free(t);
	expect_bad("# sakra manifest 1\n\n", 2, "empty");
	expect_bad("# sakra manifest 1\n# commit: " C40 "\n", 2, "header");
	/* A NUL byte. */
	{
		struct sakra_manifest *m = NULL;
		struct sakra_error err;
		char nul[] = "# sakra manifest 1\n# organisation: a\0b\n";

		assert_int_equal(sakra_manifest_parse(&m, "M", nul, sizeof(nul) - 1, &err),
				 SAKRA_EINVAL);
		assert_int_equal(err.line, 2);
	}
}

struct seen {
	char text[512];
};

static int record(void *ctx, enum sakra_change change, const char *path)
{
	struct seen *s = ctx;
	size_t n = strlen(s->text);

	snprintf(s->text + n, sizeof(s->text) - n, "%c%s;",
		 change == SAKRA_ADDED ? '+' : change == SAKRA_REMOVED ? '-' : '~', path);
	return 0;
}

static void test_compare(void **state)
{
	struct sakra_manifest *a = NULL, *b = NULL;
	struct sakra_error err;
	struct seen s;

	(void)state;
	assert_int_equal(sakra_manifest_parse(&a, "a", one, strlen(one), &err), 0);
	assert_int_equal(sakra_manifest_parse(&b, "b", two, strlen(two), &err), 0);
	memset(&s, 0, sizeof(s));
	assert_int_equal(sakra_manifest_compare(a, b, record, &s), 0);
	assert_string_equal(s.text, "-keys/anna.pub;~plan/01.md;+plan/02 with space.md;");
	memset(&s, 0, sizeof(s));
	assert_int_equal(sakra_manifest_compare(NULL, a, record, &s), 0);
	assert_string_equal(s.text, "+keys/anna.pub;+plan/01.md;+sakra.yml;");
	memset(&s, 0, sizeof(s));
	assert_int_equal(sakra_manifest_compare(a, a, record, &s), 0);
	assert_string_equal(s.text, "");
	sakra_manifest_free(a);
	sakra_manifest_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_compare),
	};

	return cmocka_run_group_tests_name("manifest", tests, NULL, NULL);
}
