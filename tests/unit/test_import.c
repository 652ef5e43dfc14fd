/* Unit tests: import (a plan's Markdown placed into a new plan's chapters;
 * pandoc's JSON and OpenDocument read for tracked changes and comments). */
#include "unit.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "sakra/buf.h"
#include "sakra/framework.h"
#include "sakra/fs.h"
#include "sakra/import.h"
#include "sakra/skeleton.h"

#define root tmp_root

static char *slurp(const char *dir, const char *rel)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	struct sakra_error err;
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	if (sakra_file_read(p, &b, 0, &err) < 0)
		return NULL;
	sakra_buf_cstr(&b);
	return sakra_buf_detach(&b);
}

static void test_language(void **state)
{
	struct sakra_framework *fw = NULL;
	struct sakra_error err;
	static const char fi[] = "# Johdanto\n\n# 1 Tietoturvasuunnitelman käyttötarkoitus\n\n"
				 "Teksti.\n\n## Yleiset tietoturvakäytännöt\n";
	static const char sv[] = "# 3. Allmänna informationssäkerhetsrutiner\n";
	static const char none[] = "# Inledning\n\nText.\n";

	(void)state;
	assert_int_equal(sakra_framework_load(&fw, "thl-3-2024", &err), 0);
	assert_string_equal(sakra_import_language(fw, fi, strlen(fi)), "fi");
	assert_string_equal(sakra_import_language(fw, sv, strlen(sv)), "sv");
	assert_null(sakra_import_language(fw, none, strlen(none)));
	sakra_framework_free(fw);
}

static void test_pandoc_json(void **state)
{
	static const char doc[] =
		"{\"pandoc-api-version\":[1,22],\"meta\":{},\"blocks\":[{\"t\":\"Para\",\"c\":["
		"{\"t\":\"Span\",\"c\":[[\"\",[\"insertion\"],[[\"author\",\"Ola\"]]],[]]},"
		"{\"t\":\"Span\",\"c\":[[\"\",[\"comment-start\"],[[\"author\",\"Eva\"]]],[]]},"
		"{\"t\":\"Span\",\"c\":[[\"\",[\"deletion\"],[]],[]]},"
		"{\"t\":\"Image\",\"c\":[[\"\",[],[[\"width\",\"2cm\"]]],[],[\"media/a.png\",\"\"]]}"
		"]}]}";
	static const char clean[] =
		"{\"pandoc-api-version\":[1,22],\"meta\":{},\"blocks\":[{\"t\":\"Para\",\"c\":["
		"{\"t\":\"Image\",\"c\":[[\"\",[],[[\"width\",\"2cm\"]]],[],[\"a.png\",\"\"]]}]}]}";
	struct sakra_import_marks m;
	struct sakra_buf out = SAKRA_BUF_INIT;
	struct sakra_error err;

	(void)state;
	assert_int_equal(sakra_import_pandoc_json(doc, strlen(doc), &out, &m, &err), 0);
	assert_int_equal(m.changes, 2);
	assert_int_equal(m.comments, 1);
	assert_string_equal(m.author, "Ola");
	/* an image's size is dropped: Markdown cannot hold it */
	assert_non_null(strstr(sakra_buf_cstr(&out), "[\"\",[],[]],[],[\"media/a.png\""));
	assert_null(strstr(out.ptr, "width"));
	assert_int_equal(sakra_import_pandoc_json(clean, strlen(clean), &out, &m, &err), 0);
	assert_int_equal(m.changes + m.comments, 0);
	assert_int_equal(sakra_import_pandoc_json("[1]", 3, &out, &m, &err), SAKRA_EPARSE);
	assert_int_equal(sakra_import_pandoc_json("{", 1, &out, &m, &err), SAKRA_EPARSE);
	sakra_buf_free(&out);
}

/* A zip with one entry name holding text. */
static void write_zip(const char *path, const char *name, const char *text)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();

	archive_write_set_format_zip(a);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)strlen(text));
	assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	assert_int_equal(archive_write_data(a, text, strlen(text)), (la_ssize_t)strlen(text));
	archive_entry_free(e);
	archive_write_close(a);
	archive_write_free(a);
}

static void test_odt_marks(void **state)
{
	struct sakra_import_marks m;
	struct sakra_error err;
	struct sakra_buf big = SAKRA_BUF_INIT;
	char p[256];

	(void)state;
	snprintf(p, sizeof(p), "%s/a.odt", root);
	write_zip(p, "content.xml", "<office:text><text:tracked-changes><text:changed-region "
		  "text:id=\"1\"/><text:changed-region text:id=\"2\"/></text:tracked-changes>"
		  "<text:p>x<office:annotation><text:p>?</text:p></office:annotation></text:p>");
	assert_int_equal(sakra_import_odt_marks(p, &m, &err), 0);
	assert_int_equal(m.changes, 2);
	assert_int_equal(m.comments, 1);
	/* a tag cut between two reads of 64 KiB is counted once */
	for (size_t i = 0; i < 65536 - 10; i++)
		sakra_buf_putc(&big, ' ');
	sakra_buf_puts(&big, "<text:changed-region/><office:annotation/>");
	write_zip(p, "content.xml", sakra_buf_cstr(&big));
	assert_int_equal(sakra_import_odt_marks(p, &m, &err), 0);
	assert_int_equal(m.changes, 1);
	assert_int_equal(m.comments, 1);
	write_zip(p, "content.xml", "<office:text><text:p>clean</text:p></office:text>");
	assert_int_equal(sakra_import_odt_marks(p, &m, &err), 0);
	assert_int_equal(m.changes + m.comments, 0);
	write_zip(p, "other.xml", "x");
	assert_int_equal(sakra_import_odt_marks(p, &m, &err), SAKRA_EPARSE);
	assert_non_null(strstr(err.message, "no content.xml"));
	sakra_buf_free(&big);
}

struct fill_job {
	const struct sakra_framework *fw;
	const char *md, *lang;
	struct sakra_import_result res;
};

static int fill(const char *dir, void *arg, struct sakra_error *err)
{
	struct fill_job *j = arg;

	return sakra_import_place(dir, j->fw, j->lang, j->md, strlen(j->md), root, "plan.docx",
				  &j->res, err);
}

static const struct sakra_import_item *item(const struct sakra_import_result *r,
					    enum sakra_import_kind k, const char *a)
{
	for (size_t i = 0; i < r->nitems; i++)
		if (r->items[i].kind == k && (!a || (r->items[i].a && !strcmp(r->items[i].a, a))))
			return &r->items[i];
	return NULL;
}

static void test_place(void **state)
{
	static const char md[] =
		"# Vår plan\n\nVersion 3.\n\n"
		"# 2. Föremålet för informationssäkerhetsplanen och rutiner för uppdatering av planen\n\n"
		"**Namn:** Vårdhem Ab\n\nY-tunnus: 2345678-1\n\n"
		"| Ansvarig person/chef | Karin |\n|---|---|\n| Verksamhetsställen/serviceenheter | Borgå |\n\n"
		"| Ort | Telefon | Öppet |\n|---|---|---|\n| Borgå | 1 | 8-16 |\n\n"
		"# Allmänna informationssäkerhetsrutiner\n\nText om rutiner.\n\n"
		"## Lösenord\n\nLånga lösenord.\n\n"
		"Dataskyddsombud: Eva\n\n"
		"# 9 Närmare beskrivningar, anvisningar och planer för varje informationssystem\n\n"
		"## 9.3 Hemvårdsmobilen\n\n"
		"- användningsändamål: besök\n\n"
		"system, version, leverantör, kontaktuppgifter: Hemvårdsmobilen 2.8, Mobilvård Ab, help@m.example\n\n"
		"## 9.1 System X (hör till klass A2 och A3)\n\nMallens exempel.\n\n"
		"# 10 Bilagor\n\nBilaga A.\n\n![karta](karta.png)\n";
	struct sakra_skeleton_vars vars = { NULL, NULL, "2026-12-05", NULL, "sv", NULL, NULL, NULL };
	struct sakra_framework *fw = NULL;
	struct fill_job j = { NULL, md, "sv", { NULL, 0, 0, 0 } };
	struct sakra_error err;
	const struct sakra_import_item *it;
	char dir[256], *t;

	(void)state;
	assert_int_equal(sakra_framework_load(&fw, "thl-3-2024", &err), 0);
	j.fw = fw;
	snprintf(dir, sizeof(dir), "%s/karta.png", root);
	assert_int_equal(sakra_file_write_new(dir, "PNG", 3, 0644, &err), 0);
	snprintf(dir, sizeof(dir), "%s/plan", root);
	vars.fill = fill;
	vars.fill_arg = &j;
	vars.message = "Imported\n";
	assert_int_equal(sakra_skeleton_create(dir, fw, &vars, &err), 0);

	/* fields: bold labels, another language's label, a two-column table */
	assert_non_null(t = slurp(dir, "plan/02-foremal-och-uppdatering.md"));
	assert_non_null(strstr(t, "\n- Namn: Vårdhem Ab\n- FO-nummer: 2345678-1\n"));
	assert_non_null(strstr(t, "\n- Ansvarig person/chef: Karin\n- Verksamhetsställen/serviceenheter: Borgå\n"));
	/* another table stays a table; a field it lacks gets an empty line */
	assert_non_null(strstr(t, "| Ort | Telefon | Öppet |\n"));
	assert_non_null(strstr(t, "\n- Underleverantörer och avtalsparter som omfattas av planen:\n"));
	assert_non_null(it = item(&j.res, SAKRA_IMPORT_FIELD,
				  "Underleverantörer och avtalsparter som omfattas av planen"));
	assert_non_null(it = item(&j.res, SAKRA_IMPORT_PLACED, "2"));
	assert_int_equal(it->fields, 4);
	assert_int_equal(it->of, 11);
	free(t);

	/* a title-only heading; a heading inside it stays below it */
	assert_non_null(t = slurp(dir, "plan/03-allmanna-rutiner.md"));
	assert_non_null(strstr(t, "Text om rutiner.\n\n## Lösenord\n\nLånga lösenord.\n\n- Dataskyddsombud: Eva\n"));
	assert_null(strstr(t, "[Beskriv"));   /* the guidance gave way */
	free(t);
	/* a section the document has not keeps the skeleton's guidance */
	assert_non_null(t = slurp(dir, "plan/04-fel-och-kontinuitet.md"));
	assert_non_null(strstr(t, "[Beskriv"));
	free(t);
	assert_non_null(item(&j.res, SAKRA_IMPORT_ABSENT, "4"));

	/* 9.3: a class B system in the register; the template's example not */
	assert_non_null(it = item(&j.res, SAKRA_IMPORT_SYSTEM, "Hemvårdsmobilen"));
	assert_string_equal(it->c, "B");
	assert_non_null(t = slurp(dir, "systems/hemvardsmobilen.md"));
	assert_non_null(strstr(t, "  name: \"Hemvårdsmobilen\"\n  version: \"2.8\"\n  vendor: \"Mobilvård Ab\"\n"
				  "  contact: \"help@m.example\"\n  class: B\n  purpose: \"besök\"\n"));
	assert_non_null(strstr(t, "classification: sekretessbelagd"));
	free(t);
	assert_null(item(&j.res, SAKRA_IMPORT_SYSTEM, "System X (hör till klass A2 och A3)"));
	assert_non_null(t = slurp(dir, "plan/09-systembeskrivningar.md"));
	assert_non_null(strstr(t, "- [Hemvårdsmobilen](../systems/hemvardsmobilen.md)"));
	assert_null(strstr(t, "## 9.1"));
	free(t);

	/* what has no place: the title page, the example, chapter 10 and its image */
	assert_non_null(it = item(&j.res, SAKRA_IMPORT_UNPLACED, "Vår plan"));
	assert_non_null(t = slurp(dir, "appendices/unplaced.md"));
	assert_non_null(strstr(t, "## Vår plan\n\nVersion 3.\n"));
	assert_non_null(strstr(t, "Mallens exempel."));
	assert_non_null(strstr(t, "## 10 Bilagor\n\nBilaga A.\n\n![karta](../appendices/plan-1.png)"));
	assert_non_null(strstr(t, "legal_basis:"));   /* marked as the most protected chapter */
	free(t);
	assert_non_null(t = slurp(dir, "appendices/plan-1.png"));
	assert_string_equal(t, "PNG");
	free(t);
	assert_non_null(t = slurp(dir, "appendices/plan-1.png.md"));
	assert_non_null(strstr(t, "title: \"Bild 1 ur plan.docx\""));
	free(t);
	assert_int_equal(j.res.unplaced, 7);
	sakra_import_result_free(&j.res);
	sakra_framework_free(fw);
}

/* A list's table gives systems, and chapter 9, which the document does
 * not have, lists them instead of the template's examples. */
static void test_list_table(void **state)
{
	static const char md[] =
		"## 6.1.3 Andra system som behandlar kunduppgifter (klass B)\n\n"
		"| System | Version | Leverantör | Klass |\n|---|---|---|---|\n"
		"| Journalen | 1.2 | Journal Ab | B |\n| | | | |\n";
	struct sakra_skeleton_vars vars = { NULL, NULL, "2026-12-05", NULL, "sv", NULL, NULL, NULL };
	struct sakra_framework *fw = NULL;
	struct fill_job j = { NULL, md, "sv", { NULL, 0, 0, 0 } };
	struct sakra_error err;
	char dir[256], *t;

	(void)state;
	assert_int_equal(sakra_framework_load(&fw, "thl-3-2024", &err), 0);
	j.fw = fw;
	snprintf(dir, sizeof(dir), "%s/list", root);
	vars.fill = fill;
	vars.fill_arg = &j;
	assert_int_equal(sakra_skeleton_create(dir, fw, &vars, &err), 0);
	assert_non_null(t = slurp(dir, "systems/journalen.md"));
	assert_non_null(strstr(t, "  version: \"1.2\"\n  vendor: \"Journal Ab\"\n"));
	assert_non_null(strstr(t, "  class: B\n"));
	free(t);
	assert_non_null(t = slurp(dir, "plan/09-systembeskrivningar.md"));
	assert_non_null(strstr(t, "- [Journalen](../systems/journalen.md)"));
	assert_null(strstr(t, "System X"));
	free(t);
	assert_non_null(t = slurp(dir, "plan/06-informationssystemen.md"));
	assert_non_null(strstr(t, "| Journalen | 1.2 | Journal Ab | B |"));   /* the list stays */
	free(t);
	sakra_import_result_free(&j.res);
	sakra_framework_free(fw);
}

/* Line ends of Windows (CRLF) and old Macs (CR) are line ends, as cmark
 * counts them: the blocks are where its lines say. */
static void test_line_ends(void **state)
{
	static const char md[] =
		"# Titel\r\n\r\nFörsta sidan.\r\n\r\n"
		"# 3. Allmänna informationssäkerhetsrutiner\r\rRutiner.\r\r"
		"Dataskyddsombud: Eva\r\n";
	struct sakra_skeleton_vars vars = { NULL, NULL, "2026-12-05", NULL, "sv", NULL, NULL, NULL };
	struct sakra_framework *fw = NULL;
	struct fill_job j = { NULL, md, "sv", { NULL, 0, 0, 0 } };
	struct sakra_error err;
	char dir[256], *t;

	(void)state;
	assert_int_equal(sakra_framework_load(&fw, "thl-3-2024", &err), 0);
	j.fw = fw;
	snprintf(dir, sizeof(dir), "%s/crlf", root);
	vars.fill = fill;
	vars.fill_arg = &j;
	assert_int_equal(sakra_skeleton_create(dir, fw, &vars, &err), 0);
	assert_non_null(t = slurp(dir, "plan/03-allmanna-rutiner.md"));
	assert_non_null(strstr(t, "\nRutiner.\n\n- Dataskyddsombud: Eva\n"));
	assert_null(strchr(t, '\r'));
	free(t);
	assert_non_null(t = slurp(dir, "appendices/unplaced.md"));
	assert_non_null(strstr(t, "## Titel\n\nFörsta sidan.\n"));
	free(t);
	sakra_import_result_free(&j.res);
	sakra_framework_free(fw);
}

/* What has no place is marked as the plan's most protected chapter, by
 * the order of its levels (msb-region has no legal basis to go by). */
static void test_unplaced_marking(void **state)
{
	static const char md[] = "# Förord\n\nText.\n\n## 6 Riskanalys\n\nVarje år.\n";
	struct sakra_skeleton_vars vars = { NULL, NULL, "2026-12-05", NULL, "sv", NULL, NULL, NULL };
	struct sakra_framework *fw = NULL;
	struct fill_job j = { NULL, md, "sv", { NULL, 0, 0, 0 } };
	struct sakra_error err;
	char dir[256], *t;

	(void)state;
	assert_int_equal(sakra_framework_load(&fw, "msb-region", &err), 0);
	j.fw = fw;
	snprintf(dir, sizeof(dir), "%s/region", root);
	vars.fill = fill;
	vars.fill_arg = &j;
	assert_int_equal(sakra_skeleton_create(dir, fw, &vars, &err), 0);
	assert_non_null(t = slurp(dir, "appendices/unplaced.md"));
	assert_non_null(strstr(t, "\nclassification: intern\n"));
	free(t);
	assert_non_null(t = slurp(dir, "plan/06-riskanalys.md"));
	assert_non_null(strstr(t, "Varje år."));
	free(t);
	sakra_import_result_free(&j.res);
	sakra_framework_free(fw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_language),
		cmocka_unit_test(test_pandoc_json),
		cmocka_unit_test(test_odt_marks),
		cmocka_unit_test(test_place),
		cmocka_unit_test(test_list_table),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_unplaced_marking),
	};

	return cmocka_run_group_tests_name("import", tests, tmp_setup, tmp_teardown);
}
