/* Unit tests: rules (the registry, severities by the registry, fixes made
 * from a finding's data). */
#include "memplan.h"

#include "sakra/check.h"
#include "sakra/doc.h"
#include "sakra/rules.h"

static void test_registry(void **state)
{
	size_t n = 0, nsets = 0, counted = 0;
	const struct sakra_rule *r = sakra_rules(&n);
	const struct sakra_rule_set *const *sets = sakra_rule_sets(&nsets);

	(void)state;
	assert_true(n > 40);
	for (size_t i = 0; i < n; i++) {   /* each id once, each summarised */
		assert_true(strlen(r[i].summary) > 10);
		for (size_t k = i + 1; k < n; k++)
			assert_string_not_equal(r[i].id, r[k].id);
		assert_ptr_equal(sakra_rule_find(r[i].id), &r[i]);
	}
	for (size_t i = 0; i < nsets; i++) {   /* a set's rules share its prefix */
		const char *first = sets[i]->rules[0].id;
		size_t plen = strcspn(first, ".");

		for (size_t k = 0; k < sets[i]->n; k++)
			assert_true(!strncmp(sets[i]->rules[k].id, first, plen) &&
				    (sets[i]->rules[k].id[plen] == '.' || !sets[i]->rules[k].id[plen]));
		counted += sets[i]->n;
	}
	assert_int_equal(counted, n);
	assert_null(sakra_rule_find("no.such-rule"));
	assert_int_equal(sakra_rule_find("config.recipient")->severity, SAKRA_ERROR);
	assert_true(sakra_rule_find("obligation.overdue")->strict);
	assert_true(sakra_rule_find("placeholder")->approval);
}

static const char config[] =
	"organisation: { name: X Ab, business_id: \"1234567-1\" }\n"
	"framework: thl-3-2024\n"
	"classification:\n  levels:\n    - { id: icke-offentlig }\n"
	"obligations:\n  - { id: loggranskning, covers: \"6.4\", every: 1 month }\n";

/* The severity comes from the registry: a strict rule is an error under
 * --strict, a placeholder under an approval. */
static void test_severity_from_registry(void **state)
{
	const struct mem_file files[] = {
		{ "plan/01.md", "---\ntitle: T\nclassification: icke-offentlig\n---\n"
				"# 1. Informationssäkerhetsplanens användningsändamål\n\n[fyll i]\n" },
		{ "sakra.yml", config },
	};
	struct sakra_check_options plain = { { 2026, 11, 23 }, 0, 0 }, strict = plain;
	struct sakra_check_options approval = plain;
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_error err;
	struct sakra_plan *plan;

	(void)state;
	strict.strict = 1;
	approval.approval = 1;
	plan = memplan_new(config, files, 2, &d);
	assert_int_equal(sakra_check_run(plan, &plain, &d, &err), 0);
	assert_int_equal(memplan_find(&d, "placeholder")->severity, SAKRA_WARNING);
	assert_int_equal(memplan_find(&d, "register.empty")->severity, SAKRA_WARNING);
	assert_int_equal(memplan_find(&d, "obligation.overdue")->severity, SAKRA_WARNING);
	sakra_diags_free(&d);
	assert_int_equal(sakra_check_run(plan, &strict, &d, &err), 0);
	assert_int_equal(memplan_find(&d, "placeholder")->severity, SAKRA_WARNING);
	assert_int_equal(memplan_find(&d, "obligation.overdue")->severity, SAKRA_ERROR);
	assert_int_equal(memplan_find(&d, "register.empty")->severity, SAKRA_WARNING);
	sakra_diags_free(&d);
	assert_int_equal(sakra_check_run(plan, &approval, &d, &err), 0);
	assert_int_equal(memplan_find(&d, "placeholder")->severity, SAKRA_ERROR);
	assert_int_equal(memplan_find(&d, "obligation.overdue")->severity, SAKRA_WARNING);
	memplan_free(plan);
	sakra_diags_free(&d);
}

static struct sakra_doc *parse(const char *text)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_error err;
	struct sakra_doc *doc = NULL;

	assert_int_equal(sakra_doc_parse(&doc, "plan/01.md", text, strlen(text), &d, &err), 0);
	sakra_diags_free(&d);
	return doc;
}

/* Fixes read the finding's rule, subject and line, never its message. */
static void test_fixes_from_data(void **state)
{
	struct sakra_doc *doc = parse("---\ntitle: T\nclassification: intern\n---\n"
				      "# 1. Ett\n\nText.\n\n## 1.1 Under\n\nText.\n\n"
				      "# 3. Tre\n\nText.\n");
	struct sakra_doc *bare = parse("# 1. Ett\n\nText.\n");
	struct sakra_fix_in in = { "field.missing", "Dataskyddsombud", 5, doc, 16, "intern" };
	struct sakra_fix f;

	(void)state;
	assert_int_equal(sakra_rule_fix(&in, &f), 0);
	assert_string_equal(f.text, "Dataskyddsombud: \n");
	assert_int_equal(f.line, 5);
	assert_non_null(strstr(f.title, "Dataskyddsombud"));
	in.subject = NULL;   /* no data, no fix */
	assert_int_equal(sakra_rule_fix(&in, &f), -1);
	/* a section after section 1 (line 5): after its subsection, at its depth */
	in.rule = "section.missing";
	in.subject = "2.1 Två ett";
	assert_int_equal(sakra_rule_fix(&in, &f), 0);
	assert_int_equal(f.line, 12);
	assert_string_equal(f.text, "## 2.1 Två ett\n\n");
	in.rule = "doc.front-matter";   /* the document has front matter: none */
	assert_int_equal(sakra_rule_fix(&in, &f), -1);
	in.doc = bare;
	assert_int_equal(sakra_rule_fix(&in, &f), 0);
	assert_int_equal(f.line, 0);
	assert_string_equal(f.text, "---\ntitle: \"\"\nclassification: intern\n---\n\n");
	in.rule = "section.empty";   /* a rule without a fix */
	assert_int_equal(sakra_rule_fix(&in, &f), -1);
	in.rule = "no.such";
	assert_int_equal(sakra_rule_fix(&in, &f), -1);
	sakra_doc_free(doc);
	sakra_doc_free(bare);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_severity_from_registry),
		cmocka_unit_test(test_fixes_from_data),
	};

	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
