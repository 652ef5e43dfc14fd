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

/* The printf conversions of a format, in order ("%s%ld%s"). */
static void conversions(const char *fmt, char *out, size_t cap)
{
	size_t o = 0;

	for (const char *p = fmt; *p && o + 4 < cap; p++) {
		if (*p != '%')
			continue;
		out[o++] = *p++;
		while (*p && strchr("lzh", *p))
			out[o++] = *p++;
		if (*p)
			out[o++] = *p;
		if (!*p)
			break;
	}
	out[o] = '\0';
}

#define SAME_CONVERSIONS(a, b) do { \
		char ca[32], cb[32]; \
		conversions(a, ca, sizeof(ca)); \
		conversions(b, cb, sizeof(cb)); \
		assert_string_equal(ca, cb); \
	} while (0)

/* Every language's file has every word, and its formats take the same
 * arguments as Swedish's (the code passes them in that order). */
static void test_every_language_complete(void **state)
{
	size_t n;
	const struct sakra_words *all = sakra_words_all(&n), *sv = sakra_words("sv");

	(void)state;
	assert_true(n >= 3);
	for (size_t i = 0; i < n; i++) {
		const struct sakra_words *w = &all[i];
		const char *const must[] = { w->lang, w->name, w->not_applicable, w->org_placeholder,
			w->draft, w->all, w->first_commit, w->readme, w->describe,
			w->section_placeholder, w->field_placeholder,
			w->evidence_guidance, w->bundle.all_marked, w->bundle.none,
			w->bundle.approved, w->bundle.draft, w->bundle.commit, w->bundle.contents,
			w->bundle.withheld, w->bundle.all_in, w->bundle.howto, w->bundle.by_hand,
			w->kit.head, w->kit.scope, w->kit.rest, w->pdf.approved, w->pdf.draft,
			w->pdf.approvals, w->pdf.decision, w->pdf.manifest, w->pdf.edition,
			w->pdf.commit, w->pdf.all_marked };

		for (size_t k = 0; k < sizeof(must) / sizeof(*must); k++)
			assert_true(must[k] && *must[k]);
		if (i)
			assert_true(strcmp(all[i - 1].lang, w->lang) < 0);
		SAME_CONVERSIONS(w->bundle.approved, sv->bundle.approved);
		SAME_CONVERSIONS(w->bundle.draft, sv->bundle.draft);
		SAME_CONVERSIONS(w->bundle.commit, sv->bundle.commit);
		SAME_CONVERSIONS(w->bundle.contents, sv->bundle.contents);
		SAME_CONVERSIONS(w->bundle.withheld, sv->bundle.withheld);
		SAME_CONVERSIONS(w->bundle.all_in, sv->bundle.all_in);
		SAME_CONVERSIONS(w->bundle.howto, sv->bundle.howto);
		SAME_CONVERSIONS(w->bundle.by_hand, sv->bundle.by_hand);
		SAME_CONVERSIONS(w->kit.head, sv->kit.head);
		SAME_CONVERSIONS(w->kit.scope, sv->kit.scope);
		SAME_CONVERSIONS(w->kit.rest, sv->kit.rest);
		SAME_CONVERSIONS(w->pdf.approved, sv->pdf.approved);
	}
	/* the English summary that follows a README in another language */
	assert_non_null(strstr(sakra_words("en")->bundle.summary_head, "%s"));
	SAME_CONVERSIONS(sakra_words("en")->bundle.summary_approved, "%ld");
	SAME_CONVERSIONS(sakra_words("en")->bundle.summary, "%s%s%s");
	assert_true(strlen(sakra_words("en")->kit.summary) > 100);
	assert_true(strlen(sakra_words("en")->kit.summary_scopes) > 50);
	/* a Finnish plan's evidence record is guided in Finnish */
	assert_non_null(strstr(sakra_words("fi")->evidence_guidance, "Kuvaa"));
	/* the other forms of "does not apply" are recognised too */
	assert_int_equal(sakra_not_applicable_line("Inte tillämpligt: inga system", strlen("Inte tillämpligt: inga system")), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_every_language_complete),
	};

	return cmocka_run_group_tests_name("words", tests, NULL, NULL);
}
