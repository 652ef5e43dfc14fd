/* Unit tests: words (a plan's own words by language). */
#include "unit.h"

#include "sakra/plan.h"
#include "sakra/words.h"

static void test_words(void **state)
{
	(void)state;
	assert_string_equal(sakra_words("fi")->not_applicable, "Ei sovellu");
	assert_string_equal(sakra_words("en")->draft, "draft");
	assert_string_equal(sakra_words("sv")->all, "alla");
	/* Swedish for what sakra has no words for, and for NULL */
	assert_string_equal(sakra_words("de")->lang, "sv");
	assert_string_equal(sakra_words(NULL)->lang, "sv");
	assert_string_equal(sakra_words("fi")->readme, "LUEMINUT.txt");
	assert_true(sakra_words_is_readme("README.txt"));
	assert_true(sakra_words_is_readme("LÄSMIG.txt"));
	assert_false(sakra_words_is_readme("BUNDLE"));
	/* each language's "does not apply" is one the check recognises */
	for (const char *const *l = (const char *const[]){ "sv", "fi", "en", NULL }; *l; l++) {
		char line[64];

		snprintf(line, sizeof(line), "%s: vi har inga system", sakra_words(*l)->not_applicable);
		assert_int_equal(sakra_not_applicable_line(line, strlen(line)), 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
	};

	return cmocka_run_group_tests_name("words", tests, NULL, NULL);
}
