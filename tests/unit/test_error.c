/* Unit tests: error (setting, clearing and naming errors). */
#include "unit.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "sakra/buf.h"
#include "sakra/error.h"
#include "sakra/fs.h"
#include "sakra/intl.h"

/* Compiles po (a path) into dir/LANG/LC_MESSAGES/sakra.mo and makes it the
 * catalogue of this process, in language lang. */
static void use_catalogue(const char *dir, const char *lang, const char *po)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/%s/LC_MESSAGES' && msgfmt -o "
		 "'%s/%s/LC_MESSAGES/sakra.mo' '%s'", dir, lang, dir, lang, po);
	assert_int_equal(system(cmd), 0);
	setenv("LANGUAGE", lang, 1);
	assert_non_null(setlocale(LC_ALL, "C.UTF-8"));
	assert_non_null(bindtextdomain(SAKRA_TEXTDOMAIN, dir));
	bind_textdomain_codeset(SAKRA_TEXTDOMAIN, "UTF-8");
}

/* A C string of a .po line from its first quote, escapes decoded. */
static void po_string(struct sakra_buf *b, const char *q)
{
	for (q = strchr(q, '"') + 1; *q && *q != '"'; q++) {
		if (*q == '\\' && q[1]) {
			q++;
			sakra_buf_putc(b, *q == 'n' ? '\n' : *q == 't' ? '\t' : *q);
		} else {
			sakra_buf_putc(b, *q);
		}
	}
}

/* Every translation sakra ships passes the format check: sakra_tr gives
 * it, not the English (so the check never hides a good translation). */
static void test_shipped_catalogues_pass(void **state)
{
	static const char *const langs[] = { "sv", "fi" };
	char dir[] = "/tmp/sakra-po-XXXXXX";

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (size_t l = 0; l < 2; l++) {
		char po[64], line[8192];
		struct sakra_buf id = SAKRA_BUF_INIT, plural = SAKRA_BUF_INIT, str[2] = {
			SAKRA_BUF_INIT, SAKRA_BUF_INIT };
		struct sakra_buf *cur = NULL;
		size_t checked = 0;
		int fuzzy = 0;
		FILE *f;

		char root[64];

		/* a folder of its own per language: binding another folder makes
		 * gettext forget what it had loaded */
		snprintf(po, sizeof(po), "po/%s.po", langs[l]);
		snprintf(root, sizeof(root), "%s/%s", dir, langs[l]);
		use_catalogue(root, langs[l], po);
		assert_non_null(f = fopen(po, "r"));
		for (int done = 0; !done;) {
			done = !fgets(line, sizeof(line), f);
			if (done || !strncmp(line, "msgid \"", 7) || !strncmp(line, "#,", 2)) {
				/* the entry before is complete */
				if (id.len && str[0].len && !fuzzy) {
					if (plural.len) {
						assert_string_equal(sakra_trn(id.ptr, plural.ptr, 1), str[0].ptr);
						assert_string_equal(sakra_trn(id.ptr, plural.ptr, 2), str[1].ptr);
					} else {
						assert_string_equal(sakra_tr(id.ptr), str[0].ptr);
					}
					checked++;
				}
				if (done || !strncmp(line, "msgid \"", 7)) {
					sakra_buf_clear(&id);
					sakra_buf_clear(&plural);
					sakra_buf_clear(&str[0]);
					sakra_buf_clear(&str[1]);
					fuzzy = 0;
				}
			}
			if (done)
				break;
			if (!strncmp(line, "#,", 2))
				fuzzy = strstr(line, "fuzzy") != NULL;
			else if (!strncmp(line, "msgid \"", 7))
				cur = &id;
			else if (!strncmp(line, "msgid_plural \"", 14))
				cur = &plural;
			else if (!strncmp(line, "msgstr \"", 8) || !strncmp(line, "msgstr[0] \"", 11))
				cur = &str[0];
			else if (!strncmp(line, "msgstr[1] \"", 11))
				cur = &str[1];
			else if (line[0] != '"')
				cur = NULL;
			if (cur && strchr(line, '"'))
				po_string(cur, line);
		}
		fclose(f);
		assert_true(checked > 400);
		sakra_buf_free(&id);
		sakra_buf_free(&plural);
		sakra_buf_free(&str[0]);
		sakra_buf_free(&str[1]);
	}
	sakra_remove_tree(dir);
	unsetenv("LANGUAGE");
	setlocale(LC_ALL, "C");
}

/* A catalogue whose translation reads other arguments than the English is
 * not used for that message: the English is, and nothing is misread. */
static void test_hostile_translation_falls_back(void **state)
{
	char dir[] = "/tmp/sakra-po-XXXXXX", po[64];
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(po, sizeof(po), "%s/evil.po", dir);
	assert_non_null(f = fopen(po, "w"));
	fputs("msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
	      "msgid \"version %ld is approved\"\nmsgstr \"version %s är godkänd\"\n\n"
	      "msgid \"%s has %zu files\"\nmsgstr \"%2$zu filer i %1$s\"\n\n"
	      "msgid \"%s: %s\"\nmsgstr \"%s: %s %s\"\n\n"
	      "msgid \"key %s\"\nmsgstr \"nyckel %n\"\n\n"
	      "msgid \"plain\"\nmsgstr \"100%% ren\"\n", f);
	fclose(f);
	use_catalogue(dir, "sv", po);
	assert_string_equal(sakra_tr("version %ld is approved"), "version %ld is approved");
	/* reordered by position, the same types: used */
	assert_string_equal(sakra_tr("%s has %zu files"), "%2$zu filer i %1$s");
	assert_string_equal(sakra_tr("%s: %s"), "%s: %s");
	assert_string_equal(sakra_tr("key %s"), "key %s");
	assert_string_equal(sakra_tr("plain"), "100%% ren");
	sakra_remove_tree(dir);
	unsetenv("LANGUAGE");
	setlocale(LC_ALL, "C");
}

static void test_set(void **state)
{
	struct sakra_error err;

	(void)state;
	assert_int_equal(sakra_error_set(&err, SAKRA_EPARSE, "plan/01.md", 3, 7, "bad %s", "x"),
			 SAKRA_EPARSE);
	assert_int_equal(err.code, SAKRA_EPARSE);
	assert_string_equal(err.path, "plan/01.md");
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 7);
	assert_string_equal(err.message, "bad x");
	sakra_error_clear(&err);
	assert_int_equal(err.code, 0);
	assert_string_equal(err.path, "");
	assert_string_equal(err.message, "");
	/* NULL is allowed: the code still comes back */
	assert_int_equal(sakra_error_set(NULL, SAKRA_EIO, NULL, 0, 0, "x"), SAKRA_EIO);
}

static void test_names(void **state)
{
	(void)state;
	for (int c = SAKRA_EAUTH; c <= SAKRA_ENOMEM; c++) {
		assert_non_null(sakra_error_name(c));
		assert_true(strlen(sakra_error_name(c)) > 0);
	}
	assert_string_not_equal(sakra_error_name(SAKRA_EIO), sakra_error_name(SAKRA_EPARSE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_shipped_catalogues_pass),
		cmocka_unit_test(test_hostile_translation_falls_back),
	};

	return cmocka_run_group_tests_name("error", tests, NULL, NULL);
}
