/* Unit tests: records, followup (obligations, chapters, the compliance
 * matrix) and the register rules, on plans built in memory. */
#include "memplan.h"

#include "sakra/check.h"
#include "sakra/followup.h"
#include "sakra/date.h"

static const char config[] =
	"organisation: { name: X Ab, business_id: \"1234567-1\" }\n"
	"framework: thl-3-2024\n"
	"classification:\n"
	"  levels:\n"
	"    - { id: icke-offentlig }\n"
	"review: { interval_months: 6 }\n"
	"obligations:\n"
	"  - { id: loggranskning, covers: \"6.4\", every: 1 month }\n"
	"  - { id: utbildning, covers: \"5\", every: 1 year }\n"
	"  - { id: ovning, covers: \"4\", every: 2 weeks }\n";

#define FM "---\ntitle: T\nclassification: icke-offentlig\n"

static const struct mem_file files[] = {
	{ "evidence/2024/logg-feb.md", FM "evidence:\n  type: loggranskning\n  date: 2024-01-31\n"
				       "  covers: [\"6.4\"]\n  attachments: [r.pdf, ../../x/y.pdf, "
				       "../../../z, \"\"]\n---\n" },
	{ "evidence/2024/logg-mar.md", FM "evidence:\n  type: loggranskning\n  date: 2024-02-29\n"
				       "  covers: 6.4\n---\n" },
	{ "evidence/2024/r.pdf", "%PDF" },
	{ "evidence/2024/sen.md", FM "evidence:\n  type: loggranskning\n  date: 2099-01-01\n"
				  "  covers: [\"6\"]\n---\n" },
	{ "evidence/2024/utb.md", FM "evidence:\n  type: utbildning\n  date: 2023-02-28\n"
				  "  covers: [\"5.1\", \"6.4\"]\n---\n" },
	{ "plan/06.md", FM "---\n# 6 Informationssäkerhetsrutiner för informationssystemen\n\n"
			   "## 6.1 X\n\n### 6.1.1 Y\n\n[fyll i]\n\n## 6.4 Z\n" },
	{ "sakra.yml", config },
	{ "systems/a.md", FM "system:\n  name: EPJ\n  class: A2\n  certificate_expires: 2024-05-29\n"
			   "  register_checked: 2023-08-31\n---\n# EPJ\n\n- loggar: granskas\n" },
	{ "systems/b.md", FM "system:\n  class: B\n  certificate_expires: 31.12.2024\n---\n" },
	{ "systems/c.md", FM "system:\n  class: Z\n---\n" },
	{ "x/y.pdf", "%PDF" },
};
#define NFILES (sizeof(files) / sizeof(files[0]))

static void test_records(void **state)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_plan *plan = memplan_new(config, files, NFILES, &d);
	const struct sakra_evidence *e = &plan->evidence[0];

	(void)state;
	assert_int_equal(plan->nsystems, 3);
	assert_string_equal(plan->systems[0].name, "EPJ");
	assert_string_equal(plan->systems[1].name, "T");        /* the title */
	assert_string_equal(plan->systems[0].cls->id, "A2");
	assert_null(plan->systems[2].cls);                        /* class Z */
	assert_true(plan->systems[0].certificate_expires.valid);
	assert_non_null(plan->systems[1].certificate_expires.node);
	assert_false(plan->systems[1].certificate_expires.valid);
	assert_int_equal(plan->nevidence, 4);
	assert_string_equal(e->type, "loggranskning");
	assert_int_equal(e->nattachments, 4);
	assert_string_equal(e->attachments[0].path, "evidence/2024/r.pdf");
	assert_string_equal(e->attachments[1].path, "x/y.pdf");
	assert_null(e->attachments[2].path);                      /* leaves the repository */
	assert_null(e->attachments[3].path);                      /* empty */
	assert_true(sakra_plan_is_attachment(plan, "x/y.pdf"));
	assert_true(sakra_plan_is_attachment(plan, "evidence/2024/r.pdf"));
	assert_false(sakra_plan_is_attachment(plan, "evidence/2024/logg-feb.md"));
	assert_true(sakra_evidence_covers(&plan->evidence[1], "6.4"));   /* a single value */
	assert_true(sakra_evidence_covers(&plan->evidence[2], "6.4.1"));
	assert_false(sakra_evidence_covers(&plan->evidence[0], "6.40"));
	assert_true(sakra_section_within("6.1.1", "6"));
	assert_false(sakra_section_within("61", "6"));
	memplan_free(plan);
	sakra_diags_free(&d);
}

static void test_dues(void **state)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_plan *plan = memplan_new(config, files, NFILES, &d);
	struct sakra_date today = { 2024, 3, 29 };
	struct sakra_due *dues;
	size_t n;
	struct sakra_error err;
	char buf[11];

	(void)state;
	assert_int_equal(sakra_followup_dues(plan, &today, &dues, &n, &err), 0);
	assert_int_equal(n, 3);
	/* The newest log review is 2024-02-29 (the one of 2099 is in the future):
	 * a month later is 2024-03-29, due today, not overdue. */
	assert_string_equal(dues[0].last->doc->path, "evidence/2024/logg-mar.md");
	sakra_date_format(&dues[0].due, buf);
	assert_string_equal(buf, "2024-03-29");
	assert_int_equal(dues[0].days_left, 0);
	assert_false(dues[0].overdue);
	/* Training 2023-02-28 + 1 year = 2024-02-28: a month overdue. */
	sakra_date_format(&dues[1].due, buf);
	assert_string_equal(buf, "2024-02-28");
	assert_int_equal(dues[1].days_left, -30);
	assert_true(dues[1].overdue);
	/* No exercise at all: overdue, due today. */
	assert_null(dues[2].last);
	assert_true(dues[2].overdue);
	free(dues);

	today = (struct sakra_date){ 2024, 3, 30 };
	assert_int_equal(sakra_followup_dues(plan, &today, &dues, &n, &err), 0);
	assert_true(dues[0].overdue);
	assert_int_equal(dues[0].days_left, -1);
	free(dues);
	memplan_free(plan);
	sakra_diags_free(&d);
}

static void test_matrix(void **state)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_plan *plan = memplan_new(config, files, NFILES, &d);
	struct sakra_date today = { 2024, 3, 30 };
	struct sakra_matrix *m;
	struct sakra_error err;
	const struct sakra_requirement *r;

	(void)state;
	assert_int_equal(sakra_matrix_build(&m, plan, &today, &err), 0);
	assert_int_equal(m->n, plan->fw->nsections);
	r = &m->reqs[sakra_framework_section(plan->fw, "6.4")->index];
	assert_string_equal(r->section->clauses[0], "6.8");
	assert_string_equal(r->where->doc->path, "plan/06.md");
	assert_int_equal(r->where->line, 13);
	/* Newest first; the one dated in the future (2099) is listed, not newest. */
	assert_int_equal(r->nevidence, 4);
	assert_string_equal(r->evidence[0]->doc->path, "evidence/2024/sen.md");
	assert_string_equal(r->newest->doc->path, "evidence/2024/logg-mar.md");
	assert_string_equal(r->overdue->ob->id, "loggranskning");
	r = &m->reqs[sakra_framework_section(plan->fw, "6.1.1")->index];
	assert_int_equal(r->nsystems, 1);
	assert_string_equal(r->systems[0]->name, "EPJ");
	assert_true(r->required);
	r = &m->reqs[sakra_framework_section(plan->fw, "6.1")->index];
	assert_int_equal(r->nsystems, 3);
	r = &m->reqs[sakra_framework_section(plan->fw, "6.1.3")->index];
	assert_true(r->required);           /* a class B system exists */
	assert_null(r->where->doc);
	r = &m->reqs[sakra_framework_section(plan->fw, "6.1.4")->index];
	assert_false(r->required);
	r = &m->reqs[sakra_framework_section(plan->fw, "5.1")->index];
	assert_string_equal(r->newest->doc->path, "evidence/2024/utb.md");
	assert_string_equal(r->overdue->ob->id, "utbildning");   /* covers "5" */
	r = &m->reqs[sakra_framework_section(plan->fw, "3")->index];
	assert_int_equal(r->nevidence, 0);
	assert_null(r->newest);
	assert_null(r->overdue);
	assert_null(r->where->doc);
	sakra_matrix_free(m);
	memplan_free(plan);
	sakra_diags_free(&d);
}

static void test_register_rules(void **state)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_plan *plan = memplan_new(config, files, NFILES, &d);
	struct sakra_check_options o = { { 2024, 3, 30 }, 0, 0 };
	struct sakra_error err;
	const struct sakra_diag *x;

	(void)state;
	assert_int_equal(sakra_check_run(plan, &o, &d, &err), 0);
	x = memplan_find(&d, "system.certificate-expiring");   /* 2024-05-29: 60 days */
	assert_non_null(x);
	assert_string_equal(x->path, "systems/a.md");
	assert_non_null(strstr(x->message, "in 60 days"));
	x = memplan_find(&d, "system.register-check");          /* 2023-08-31 + 6 months < today */
	assert_string_equal(x->path, "systems/a.md");
	assert_int_equal(x->severity, SAKRA_WARNING);
	assert_non_null(strstr(memplan_find(&d, "doc.date")->message, "certificate_expires"));
	assert_string_equal(memplan_find(&d, "system.class")->path, "systems/c.md");
	assert_string_equal(memplan_find(&d, "system.section")->path, "systems/b.md");  /* 6.1.3 */
	assert_null(memplan_find(&d, "system.certificate"));    /* B needs none, A2 has one */
	assert_null(memplan_find(&d, "register.empty"));
	/* EPJ's 16 descriptions: 'loggar' is in the body, the Valvira register
	 * by register_checked; 'system, version, ...' stays unanswered since
	 * version, vendor and contact are missing, and so is the purpose. */
	{
		size_t epj = 0;

		for (size_t i = 0; i < d.n; i++)
			epj += strcmp(d.v[i].rule, "system.field") == 0 &&
			       strcmp(d.v[i].path, "systems/a.md") == 0;
		assert_int_equal(epj, 14);
	}
	assert_string_equal(memplan_find(&d, "evidence.future")->path, "evidence/2024/sen.md");
	assert_int_equal(memplan_count(&d, "evidence.attachment"), 2);
	assert_int_equal(memplan_count(&d, "obligation.overdue"), 3);
	assert_null(memplan_find(&d, "file.marking"));          /* r.pdf and y.pdf are attachments */
	sakra_diags_free(&d);

	/* --strict: the "as needed" descriptions and overdue obligations are errors. */
	o.strict = 1;
	assert_int_equal(sakra_check_run(plan, &o, &d, &err), 0);
	assert_int_equal(memplan_find(&d, "system.field")->severity, SAKRA_ERROR);
	assert_int_equal(memplan_find(&d, "obligation.overdue")->severity, SAKRA_ERROR);
	memplan_free(plan);
	sakra_diags_free(&d);
}

static void test_chapters(void **state)
{
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_plan *plan = memplan_new(config, files, NFILES, &d);
	struct sakra_check_options o = { { 2024, 3, 30 }, 0, 0 };
	struct sakra_chapter *ch;
	size_t n;
	struct sakra_error err;

	(void)state;
	assert_int_equal(sakra_check_run(plan, &o, &d, &err), 0);
	sakra_diags_sort(&d);
	assert_int_equal(sakra_followup_chapters(plan, &d, &ch, &n, &err), 0);
	assert_int_equal(n, 9);
	assert_string_equal(ch[5].section->number, "6");
	assert_string_equal(ch[5].where->doc->path, "plan/06.md");
	assert_int_equal(ch[5].placeholders, 1);
	/* 6.1.3 (a B system), 6.1.5, 6.2, 6.3 are missing. */
	assert_int_equal(ch[5].missing, 4);
	assert_false(ch[5].complete);
	assert_null(ch[0].where->doc);
	assert_false(ch[0].complete);
	free(ch);
	memplan_free(plan);
	sakra_diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_dues),
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_register_rules),
		cmocka_unit_test(test_chapters),
	};

	return cmocka_run_group_tests_name("followup", tests, NULL, NULL);
}
