/* Unit tests: skeleton (sakra init: a plan repository, made whole or not
 * at all). */
#include "unit.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sakra/framework.h"
#include "sakra/fs.h"
#include "sakra/skeleton.h"

#define root tmp_root

static int has(const char *dir, const char *rel)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	return access(p, F_OK) == 0;
}

static void test_create(void **state)
{
	struct sakra_framework *fw = NULL;
	struct sakra_skeleton_vars bad = { "Region Test", "123" };
	struct sakra_skeleton_vars good = { "Region Test", NULL };
	struct sakra_error err;
	char dir[128], here[128];

	(void)state;
	assert_int_equal(sakra_framework_load(&fw, "msb-region", &err), 0);
	snprintf(dir, sizeof(dir), "%s/a/region", root);
	/* an identifier that is no organisationsnummer: refused, nothing made */
	assert_int_equal(sakra_skeleton_create(dir, fw, &bad, &err), SAKRA_EINVAL);
	assert_false(has(root, "a/region"));
	assert_int_equal(sakra_skeleton_create(dir, fw, &good, &err), 0);
	assert_true(has(dir, "sakra.yml"));
	assert_true(has(dir, ".git/HEAD"));
	assert_true(has(dir, "plan"));
	/* an existing empty folder is filled in place */
	snprintf(here, sizeof(here), "%s/here", root);
	assert_int_equal(mkdir(here, 0755), 0);
	assert_int_equal(sakra_skeleton_create(here, fw, &good, &err), 0);
	assert_true(has(here, "sakra.yml"));
	assert_true(has(here, ".git/HEAD"));
	/* and never over a plan */
	assert_int_equal(sakra_skeleton_create(here, fw, &good, &err), SAKRA_EEXISTS);
	sakra_framework_free(fw);
}

/* A skeleton per language: the official one under the framework's name,
 * translations beside it; every heading of each is the framework's title
 * in that language, so a new plan has no section.title finding. */
static void test_languages(void **state)
{
	static const struct { const char *fw, *lang; int has; } want[] = {
		{ "thl-3-2024", "sv", 1 }, { "thl-3-2024", "fi", 1 }, { "thl-3-2024", "en", 1 },
		{ "thl-3-2024", "de", 0 }, { "msb-region", "sv", 1 }, { "msb-region", "en", 1 },
		{ "msb-region", "fi", 0 },
	};
	struct sakra_framework *fw = NULL;
	struct sakra_error err;
	struct sakra_buf prefix = SAKRA_BUF_INIT;
	struct sakra_skeleton_vars vars = { "Hoivakoti Testi Oy", NULL, "2026-11-23", NULL, "fi" };
	char dir[128], path[256];
	FILE *f;
	char line[512];
	int headings = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_int_equal(sakra_framework_load(&fw, want[i].fw, &err), 0);
		assert_int_equal(sakra_skeleton_has(fw, want[i].lang), want[i].has);
		sakra_framework_free(fw);
	}
	assert_int_equal(sakra_framework_load(&fw, "thl-3-2024", &err), 0);
	assert_int_equal(sakra_skeleton_prefix(&prefix, fw, "sv"), 0);
	assert_string_equal(prefix.ptr, "content-skeleton/thl-3-2024/");
	sakra_buf_clear(&prefix);
	assert_int_equal(sakra_skeleton_prefix(&prefix, fw, "fi"), 0);
	assert_string_equal(prefix.ptr, "content-skeleton/thl-3-2024.fi/");
	sakra_buf_free(&prefix);
	snprintf(dir, sizeof(dir), "%s/fi", root);
	assert_int_equal(sakra_skeleton_create(dir, fw, &vars, &err), 0);
	/* the Finnish business ID's placeholder is Y-tunnus, the language fi */
	snprintf(path, sizeof(path), "%s/plan/02-kohde-ja-paivittaminen.md", dir);
	assert_non_null(f = fopen(path, "r"));
	while (fgets(line, sizeof(line), f)) {
		const struct sakra_fw_section *s;
		char number[16];
		int at = 0;

		if (strstr(line, "- Y-tunnus: "))
			assert_string_equal(line, "- Y-tunnus: [Y-tunnus]\n");
		if (line[0] != '#' || sscanf(line, "%*[#] %15[0-9.]%n", number, &at) != 1)
			continue;
		if (number[strlen(number) - 1] == '.')
			number[strlen(number) - 1] = 0;
		assert_non_null(s = sakra_framework_section(fw, number));
		line[strcspn(line, "\n")] = 0;
		assert_string_equal(line + at + 1, sakra_i18n_get(&s->title, "fi"));
		headings++;
	}
	fclose(f);
	assert_int_equal(headings, 1);
	snprintf(path, sizeof(path), "%s/sakra.yml", dir);
	assert_non_null(f = fopen(path, "r"));
	headings = 0;
	while (fgets(line, sizeof(line), f))
		headings += strncmp(line, "language: fi", 12) == 0;
	fclose(f);
	assert_int_equal(headings, 1);
	sakra_framework_free(fw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create),
		cmocka_unit_test(test_languages),
	};

	return cmocka_run_group_tests_name("skeleton", tests, tmp_setup, tmp_teardown);
}
