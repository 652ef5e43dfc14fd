/* Unit tests: doc (front matter, headings, fields, links, placeholders). */
#include "unit.h"

#include "sakra/doc.h"

static struct sakra_doc *parse(const char *text, struct sakra_diags *d)
{
	struct sakra_doc *doc = NULL;
	struct sakra_error err;

	assert_int_equal(sakra_doc_parse(&doc, "plan/x.md", text, strlen(text), d, &err), 0);
	assert_non_null(doc);
	return doc;
}

static void test_front_matter(void **state)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_doc *doc = parse("---\ntitle: T\nclassification: intern\n---\n# 1. A\n", &d);

	(void)state;
	assert_int_equal(d.n, 0);
	assert_true(doc->has_front);
	assert_string_equal(sakra_doc_meta(doc, "title"), "T");
	assert_int_equal(sakra_doc_meta_line(doc, "classification"), 3);
	assert_int_equal(doc->body_line, 5);
	assert_int_equal(doc->nheadings, 1);
	assert_int_equal(doc->headings[0].line, 5);
	sakra_doc_free(doc);

	doc = parse("---\ntitle: [\n---\n", &d);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "doc.yaml");
	assert_null(doc->front);
	sakra_doc_free(doc);
	sakra_diags_free(&d);
}

static void test_headings(void **state)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_doc *doc = parse("# 1. Ett\n\n## 6.1.1 Två *tre*\n\nText\n===\n\n"
				      "### 2026 budget\n\n## 6.3. Fyra\n\n# Utan nummer\n", &d);

	(void)state;
	assert_int_equal(doc->nheadings, 6);
	assert_string_equal(doc->headings[0].number, "1");
	assert_string_equal(doc->headings[0].title, "Ett");
	assert_string_equal(doc->headings[1].number, "6.1.1");
	assert_string_equal(doc->headings[1].title, "Två tre");
	assert_int_equal(doc->headings[1].line, 3);
	assert_null(doc->headings[2].number);           /* setext "Text" */
	assert_null(doc->headings[3].number);           /* a year is not a number */
	assert_string_equal(doc->headings[4].number, "6.3");
	assert_null(doc->headings[5].number);
	sakra_doc_free(doc);
	sakra_diags_free(&d);
}

static void test_fields(void **state)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_doc *doc = parse("- Namn: Solbacka\n- **FO-nummer:** [FO-nummer]\n"
				      "- Tom:\n- Fortsätter:\n  på nästa rad\n\n"
				      "Dataskyddsombud: \\[inte platshållare\\]\n"
				      "Se https://example.org/x\n", &d);
	const struct sakra_field *f = doc->fields;

	(void)state;
	assert_int_equal(doc->nfields, 5);
	assert_string_equal(f[0].label, "Namn");
	assert_string_equal(f[0].value, "Solbacka");
	assert_false(f[0].placeholder);
	assert_int_equal(f[0].line, 1);
	assert_int_equal(f[0].column, 3);
	assert_string_equal(f[1].label, "FO-nummer");
	assert_true(f[1].placeholder);
	assert_int_equal(f[1].column, 5);
	assert_string_equal(f[2].label, "Tom");
	assert_true(f[2].placeholder);
	assert_string_equal(f[3].value, "på nästa rad");
	assert_false(f[3].placeholder);
	assert_string_equal(f[4].label, "Dataskyddsombud");
	assert_false(f[4].placeholder);   /* escaped brackets are text */
	sakra_doc_free(doc);

	/* An empty field in a paragraph does not take the next field's line. */
	doc = parse("Namn: X\nFO-nummer:\nAnsvarig person/chef: Y\nLedig:\nfortsätter här\n", &d);
	f = doc->fields;
	assert_int_equal(doc->nfields, 4);
	assert_string_equal(f[1].label, "FO-nummer");
	assert_string_equal(f[1].value, "");
	assert_true(f[1].placeholder);
	assert_string_equal(f[2].value, "Y");
	assert_string_equal(f[3].value, "fortsätter här");
	sakra_doc_free(doc);
	sakra_diags_free(&d);
}

static void test_placeholders(void **state)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_doc *doc = parse(
		"[Beskriv hur\nplanen används.]\n\n"             /* 1: guidance paragraph */
		"Text [namn] och [länk](x.md) och [ref] och [^1].\n\n" /* 4: one placeholder */
		"- [ ] uppgift\n- [x] klar\n\n"                    /* task boxes */
		"Kod `[a]` och \\[b\\] och <https://a.example/[c]>.\n\n"
		"```\n[d]\n```\n\n"
		"| a | [e] |\n|---|---|\n\n"                       /* 15: in a table */
		"> [citat]\n\n"                                     /* 18 */
		"[ref]: x.md\n[^1]: not.\n", &d);
	const struct sakra_placeholder *p = doc->placeholders;

	(void)state;
	assert_int_equal(doc->nplaceholders, 4);
	assert_true(p[0].paragraph);
	assert_int_equal(p[0].line, 1);
	assert_int_equal(p[0].column, 1);
	assert_string_equal(p[0].text, "Beskriv hur planen används.");
	assert_false(p[1].paragraph);
	assert_int_equal(p[1].line, 4);
	assert_int_equal(p[1].column, 6);
	assert_string_equal(p[1].text, "namn");
	assert_int_equal(p[2].line, 15);
	assert_string_equal(p[2].text, "e");
	assert_int_equal(p[3].line, 18);
	assert_true(p[3].paragraph);
	sakra_doc_free(doc);
	sakra_diags_free(&d);
}

static void test_links(void **state)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_doc *doc = parse("---\ntitle: x\n---\nSe [a](../b.md#c) och ![i](bild.png)\n", &d);

	(void)state;
	assert_int_equal(doc->nlinks, 2);
	assert_string_equal(doc->links[0].url, "../b.md#c");
	assert_int_equal(doc->links[0].line, 4);
	assert_false(doc->links[0].image);
	assert_true(doc->links[1].image);
	sakra_doc_free(doc);
	sakra_diags_free(&d);
}

static void test_bad_text(void **state)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_doc *doc = parse("rad 1\nrad \xff\n", &d);

	(void)state;
	assert_false(doc->readable);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].rule, "doc.utf8");
	assert_int_equal(d.v[0].line, 2);
	assert_int_equal(d.v[0].column, 5);
	sakra_doc_free(doc);
	sakra_diags_free(&d);

	{
		const char bin[] = "a\nb\0c";

		assert_int_equal(sakra_doc_parse(&doc, "x.md", bin, sizeof(bin) - 1, &d, NULL), 0);
		assert_string_equal(d.v[0].rule, "doc.binary");
		assert_int_equal(d.v[0].line, 2);
		sakra_doc_free(doc);
		sakra_diags_free(&d);
	}
}

static void test_crlf_bom(void **state)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_doc *doc = parse("\xef\xbb\xbf---\r\ntitle: T\r\n---\r\n# 2. Två\r\n- Namn: x\r\n", &d);

	(void)state;
	assert_int_equal(d.n, 0);
	assert_string_equal(sakra_doc_meta(doc, "title"), "T");
	assert_string_equal(doc->headings[0].title, "Två");
	assert_int_equal(doc->headings[0].line, 4);
	assert_string_equal(doc->fields[0].value, "x");
	sakra_doc_free(doc);
	sakra_diags_free(&d);
}

/* A label ends at ": " or a colon at the end of the line, so "FPA:s" and
 * "kl. 10:30" stay inside it and a URL stays a value. */
static void test_field_colons(void **state)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_doc *doc = parse("- uppgifter på sidan för FPA:s testresultat: finns\n"
				      "- Webb: https://example.org/a:b\n- Tom:\n- ingen:kolon\n", &d);

	(void)state;
	assert_int_equal(doc->nfields, 3);
	assert_string_equal(doc->fields[0].label, "uppgifter på sidan för FPA:s testresultat");
	assert_string_equal(doc->fields[0].value, "finns");
	assert_string_equal(doc->fields[1].label, "Webb");
	assert_string_equal(doc->fields[1].value, "https://example.org/a:b");
	assert_string_equal(doc->fields[2].label, "Tom");
	assert_true(doc->fields[2].placeholder);
	sakra_doc_free(doc);
	sakra_diags_free(&d);
}

static void test_field_forms(void **state)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_doc *doc = parse("Dataskyddsombud (DSO): Eva\n\n"
				      "Ansvarig \xe2\x80\x93 Ola\n\n"
				      "Kontakt - tfn 1: 2\n\n"
				      "| Roll | Namn |\n| --- | --- |\n| **Chef** | Per |\n| Tom |  |\n\n"
				      "| a | b | c |\n| - | - | - |\n| x | y | z |\n", &d);

	(void)state;
	assert_int_equal(doc->nfields, 6);
	assert_string_equal(doc->fields[0].label, "Dataskyddsombud (DSO)");
	assert_true(sakra_field_is(&doc->fields[0], "dataskyddsombud"));
	assert_false(sakra_field_is(&doc->fields[0], "Dataskydd"));
	assert_string_equal(doc->fields[1].label, "Ansvarig");
	assert_string_equal(doc->fields[1].value, "Ola");
	/* the earliest separator wins */
	assert_string_equal(doc->fields[2].label, "Kontakt");
	assert_string_equal(doc->fields[2].value, "tfn 1: 2");
	assert_string_equal(doc->fields[3].label, "Roll");
	assert_string_equal(doc->fields[4].label, "Chef");
	assert_string_equal(doc->fields[4].value, "Per");
	assert_int_equal(doc->fields[4].line, 9);
	assert_int_equal(doc->fields[4].column, 5);
	assert_string_equal(doc->fields[5].label, "Tom");
	assert_true(doc->fields[5].placeholder);
	sakra_doc_free(doc);
	sakra_diags_free(&d);
}

/* Anchors are GitHub's, repeats numbered with the smallest free suffix. */
static void test_anchors(void **state)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_doc *doc = parse("# 1. Allmänt Om Å!\n## A\n## A\n## A-1\n## A\n## ?\n", &d);

	(void)state;
	assert_int_equal(doc->nheadings, 6);
	assert_string_equal(doc->headings[0].anchor, "1-allmänt-om-å");
	assert_string_equal(doc->headings[1].anchor, "a");
	assert_string_equal(doc->headings[2].anchor, "a-1");
	assert_string_equal(doc->headings[3].anchor, "a-1-1");
	assert_string_equal(doc->headings[4].anchor, "a-2");
	assert_string_equal(doc->headings[5].anchor, "section");
	assert_ptr_equal(sakra_doc_anchor(doc, "a-2"), &doc->headings[4]);
	assert_ptr_equal(sakra_doc_anchor(doc, "1-allmänt-om-å"), &doc->headings[0]);
	assert_null(sakra_doc_anchor(doc, "a-3"));
	assert_null(sakra_doc_anchor(doc, ""));
	sakra_doc_free(doc);
	sakra_diags_free(&d);
}

/* Inputs a fuzzer found reading outside the line index: a lone CR ends a
 * line for cmark, and a paragraph split by the table extension has no
 * position. Lines stay inside the file and agree with cmark's. */
static void test_lone_cr_and_positionless_nodes(void **state)
{
	static const char *const inputs[] = { "\rg:", "-:\n\"\n-:", "\r\r\rA: b\r", "x\r-:|\n|-|\n" };
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_doc *doc;

	(void)state;
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		doc = parse(inputs[i], &d);
		for (size_t k = 0; k < doc->nfields; k++)
			assert_true(doc->fields[k].line >= 1 && doc->fields[k].line <= 4);
		sakra_doc_free(doc);
	}
	doc = parse("---\rtitle: T\rclassification: intern\r---\r# 1. A\rNamn: B\r", &d);
	assert_int_equal(doc->nheadings, 1);
	assert_int_equal(doc->headings[0].line, 5);
	assert_int_equal(doc->nfields, 1);
	assert_int_equal(doc->fields[0].line, 6);
	assert_string_equal(doc->fields[0].value, "B");
	sakra_doc_free(doc);
	sakra_diags_free(&d);
}

/* Bidirectional controls are found the same in a short document (by
 * memchr) and in a long one (byte by byte, counting markup): line, column,
 * order, at most ten; CRLF ends a line. */
static void test_bidi_short_and_long(void **state)
{
	struct sakra_buf text = SAKRA_BUF_INIT;
	struct sakra_diags shortd = SAKRA_DIAGS_INIT, longd = SAKRA_DIAGS_INIT;
	struct sakra_doc *doc = NULL;
	struct sakra_error err;
	size_t shortn;

	(void)state;
	sakra_buf_puts(&text, "# Rubrik\r\n\r\nå \xe2\x80\xae" "evil\xe2\x80\xac text\rnext \xd8\x9c x\n");
	for (int i = 0; i < 12; i++)
		sakra_buf_printf(&text, "rad %d: \xe2\x81\xa6 isolate \xe2\x80\x8f\n", i);
	assert_int_equal(sakra_doc_parse(&doc, "x.md", text.ptr, text.len, &shortd, &err), 0);
	sakra_doc_free(doc);
	shortn = text.len;
	while (text.len < 80000)
		sakra_buf_puts(&text, "Vanlig text utan styrtecken, som fyller ut dokumentet.\n");
	assert_int_equal(sakra_doc_parse(&doc, "x.md", text.ptr, text.len, &longd, &err), 0);
	sakra_doc_free(doc);
	assert_true(shortn < 1000);
	assert_int_equal(shortd.n, 10);
	assert_int_equal(longd.n, shortd.n);
	for (size_t i = 0; i < shortd.n; i++) {
		assert_string_equal(shortd.v[i].rule, "doc.bidi");
		assert_int_equal(shortd.v[i].line, longd.v[i].line);
		assert_int_equal(shortd.v[i].column, longd.v[i].column);
		assert_string_equal(shortd.v[i].message, longd.v[i].message);
	}
	assert_int_equal(shortd.v[0].line, 3);
	assert_int_equal(shortd.v[0].column, 3);
	assert_non_null(strstr(shortd.v[0].message, "U+202E"));
	assert_non_null(strstr(shortd.v[2].message, "U+061C"));
	assert_int_equal(shortd.v[3].line, 4);
	assert_int_equal(shortd.v[9].line, 7);   /* two on each line: the tenth is the last */
	sakra_buf_free(&text);
	sakra_diags_free(&shortd);
	sakra_diags_free(&longd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_front_matter),
		cmocka_unit_test(test_headings),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_bad_text),
		cmocka_unit_test(test_crlf_bom),
		cmocka_unit_test(test_bidi_short_and_long),
		cmocka_unit_test(test_field_colons),
		cmocka_unit_test(test_field_forms),
		cmocka_unit_test(test_anchors),
		cmocka_unit_test(test_lone_cr_and_positionless_nodes),
	};

	return cmocka_run_group_tests_name("doc", tests, NULL, NULL);
}
