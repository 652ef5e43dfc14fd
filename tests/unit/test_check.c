/* Unit tests: config and check, on plans built in memory. */
#include "memplan.h"

#include "sakra/check.h"
#include "sakra/config.h"
#include "sakra/plan.h"

static const char config[] =
	"organisation: { name: X Ab, business_id: \"1234567-1\" }\n"
	"framework: thl-3-2024\n"
	"classification:\n"
	"  levels:\n"
	"    - { id: intern }\n"
	"    - { id: icke-offentlig }\n"
	"    - { id: sekretessbelagd, legal_basis: required }\n";

#define FM "---\ntitle: T\nclassification: icke-offentlig\n---\n"

static void test_config_findings(void **state)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_config *cfg = NULL;
	struct sakra_framework *fw = NULL;
	struct sakra_error err;
	const char *bad =
		"organisation: { name: X, business_id: \"1234567-2\", city: Y }\n"
		"framework: thl-3-2024\n"
		"classification:\n  levels:\n    - { id: a }\n    - { id: a }\n"
		"review: { interval_months: many }\n"
		"obligations:\n  - { id: o, covers: \"2\", every: 1 month }\n"
		"  - { id: o, covers: \"2\", every: 1 month }\n"
		"editions:\n  e: { max_classification: z }\n";

	(void)state;
	assert_int_equal(sakra_config_parse(&cfg, bad, strlen(bad), &d, &err), 0);
	assert_non_null(cfg);
	/* the identifier is the framework's country's: judged with it */
	assert_null(memplan_find(&d, "config.business-id"));
	assert_int_equal(sakra_framework_load(&fw, "thl-3-2024", &err), 0);
	sakra_config_check_framework(cfg, fw, &d);
	sakra_framework_free(fw);
	assert_non_null(memplan_find(&d, "config.business-id"));
	assert_int_equal(memplan_find(&d, "config.business-id")->line, 1);
	assert_non_null(memplan_find(&d, "config.unknown-key"));
	assert_int_equal(memplan_find(&d, "config.duplicate")->line, 6);
	assert_non_null(memplan_find(&d, "config.review"));
	assert_non_null(memplan_find(&d, "config.edition"));
	assert_int_equal(cfg->nlevels, 1);
	assert_int_equal(cfg->nobligations, 1);
	sakra_config_free(cfg);
	sakra_diags_free(&d);

	assert_int_equal(sakra_config_parse(&cfg, "a: [", 4, &d, &err), 0);
	assert_null(cfg);
	assert_string_equal(d.v[0].rule, "config.yaml");
	sakra_diags_free(&d);
}

static void test_markings(void **state)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_check_options o = { { 2026, 11, 23 }, 0, 0 };
	struct sakra_error err;
	const struct mem_file files[] = {
		{ "appendices/a.md", "---\ntitle: A\nclassification: intern\n---\n" },
		{ "appendices/b.md", "---\ntitle: B\nclassification: sekretessbelagd\n---\n" },
		{ "appendices/c.md", "no front matter\n" },
		{ "appendices/d.pdf", "%PDF" },
		{ "appendices/e.pdf", "%PDF" },
		{ "appendices/e.pdf.md", "---\nclassification: icke-offentlig\n---\n" },
		{ "notes/x.pdf", "outside the plan folders" },
		{ "sakra.yml", config },
	};
	struct sakra_plan *plan = memplan_new(config, files, sizeof(files) / sizeof(files[0]), &d);

	(void)state;
	assert_int_equal(sakra_check_run(plan, &o, &d, &err), 0);
	assert_string_equal(memplan_find(&d, "doc.floor")->path, "appendices/a.md");
	assert_string_equal(memplan_find(&d, "doc.legal-basis")->path, "appendices/b.md");
	assert_string_equal(memplan_find(&d, "doc.front-matter")->path, "appendices/c.md");
	assert_string_equal(memplan_find(&d, "file.marking")->path, "appendices/d.pdf");
	assert_null(memplan_find(&d, "doc.title"));   /* the sidecar needs no title */
	for (size_t i = 0; i < d.n; i++)
		assert_string_not_equal(d.v[i].path, "notes/x.pdf");
	memplan_free(plan);
	sakra_diags_free(&d);
}

static void test_sections_and_fields(void **state)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_check_options o = { { 2026, 11, 23 }, 0, 1 };
	struct sakra_error err;
	const struct mem_file files[] = {
		{ "plan/01.md", FM "# 1. Informationssäkerhetsplanens användningsändamål\n\n"
				   "# 3. Allmänna informationssäkerhetsrutiner\n\n"
				   "Dataskyddsombud: [namn]\n\n"
				   "# 2. Föremålet\n\n- Namn: X\n" },
		{ "sakra.yml", config },
	};
	struct sakra_plan *plan = memplan_new(config, files, 2, &d);
	const struct sakra_diag *x;

	(void)state;
	assert_int_equal(sakra_check_run(plan, &o, &d, &err), 0);
	x = memplan_find(&d, "section.order");
	assert_non_null(x);
	assert_int_equal(x->line, 11);
	assert_int_equal(memplan_find(&d, "section.title")->line, 11);
	x = memplan_find(&d, "field.empty");
	assert_int_equal(x->line, 9);
	assert_non_null(strstr(x->message, "Dataskyddsombud"));
	x = memplan_find(&d, "field.missing");
	assert_non_null(strstr(x->message, "FO-nummer"));
	assert_string_equal(x->subject, "FO-nummer");   /* as data, for its fix */
	x = memplan_find(&d, "placeholder");
	assert_int_equal(x->severity, SAKRA_ERROR);   /* for approval */
	x = memplan_find(&d, "section.missing");
	assert_non_null(strstr(x->message, "required section 4 "));
	assert_string_equal(x->subject, "4 Förfaranden vid fel och problem samt kontinuitetshantering");
	memplan_free(plan);
	sakra_diags_free(&d);
}

/* A plan in a translation: headings by number, the translation's and the
 * official wording accepted, another wording a note only with --strict;
 * labels in the plan's language, the official one or an `also` label. */
static void test_translated_plan(void **state)
{
	static const char fi[] =
		"organisation: { name: X Oy, business_id: \"1234567-1\" }\n"
		"framework: thl-3-2024\nlanguage: fi\n"
		"classification:\n  levels:\n    - { id: icke-offentlig }\n";
	const struct mem_file files[] = {
		{ "plan/01.md", FM "# 1. Tietoturvasuunnitelman käyttötarkoitus\n\nTeksti.\n\n"
				   "# 2. Föremålet för informationssäkerhetsplanen och rutiner för "
				   "uppdatering av planen\n\n- Nimi: X\n- Yritys- ja yhteisötunnus: 1\n\n"
				   "# 3. Yleiset tietoturvamenettelyt\n\nDataskyddsombud: Y\n" },
		{ "sakra.yml", fi },
	};
	struct sakra_check_options o = { { 2026, 11, 23 }, 0, 0 };
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_error err;
	struct sakra_plan *plan = memplan_new(fi, files, 2, &d);
	const struct sakra_diag *x;

	(void)state;
	assert_true(sakra_plan_translated(plan));
	assert_int_equal(sakra_check_run(plan, &o, &d, &err), 0);
	assert_null(memplan_find(&d, "section.title"));
	assert_null(memplan_find(&d, "config.language"));
	/* Nimi and Y-tunnus (as Yritys- ja yhteisötunnus) are there; the rest of 2 is not */
	for (size_t i = 0; i < d.n; i++)
		if (strcmp(d.v[i].rule, "field.missing") == 0) {
			assert_null(strstr(d.v[i].message, "'Nimi'"));
			assert_null(strstr(d.v[i].message, "Y-tunnus"));
			assert_null(strstr(d.v[i].message, "Tietosuojavastaava"));
		}
	x = memplan_find(&d, "field.missing");
	assert_non_null(strstr(x->message, "'Vastuuhenkilö/esihenkilö'"));
	x = memplan_find(&d, "section.missing");
	assert_non_null(strstr(x->message, "Vika- ja ongelmatilanteiden"));
	sakra_diags_free(&d);
	o.strict = 1;
	assert_int_equal(sakra_check_run(plan, &o, &d, &err), 0);
	x = memplan_find(&d, "section.title");
	assert_non_null(x);
	assert_int_equal(x->severity, SAKRA_NOTE);
	assert_int_equal(x->line, 14);
	assert_non_null(strstr(x->message, "'Yleiset tietoturvakäytännöt'"));
	assert_string_equal(sakra_severity_name(x->severity), "note");
	memplan_free(plan);
	sakra_diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_findings),
		cmocka_unit_test(test_markings),
		cmocka_unit_test(test_sections_and_fields),
		cmocka_unit_test(test_translated_plan),
	};

	return cmocka_run_group_tests_name("check", tests, NULL, NULL);
}
