/* Unit tests: config (sakra.yml: levels, editions, findings with lines). */
#include "unit.h"

#include "sakra/config.h"
#include "sakra/diag.h"

static const char good[] =
	"organisation:\n"
	"  name: Testvården Ab\n"
	"  business_id: 1234567-1\n"
	"framework: thl-3-2024\n"
	"classification:\n"
	"  levels:\n"
	"    - { id: intern, label: Intern }\n"
	"    - { id: icke-offentlig, label: Icke-offentlig }\n"
	"    - { id: sekretessbelagd, label: Sekretessbelagd, legal_basis: required }\n"
	"editions:\n"
	"  personal: { max_classification: icke-offentlig }\n"
	"  tillsyn: { max_classification: sekretessbelagd }\n";

static void test_parse(void **state)
{
	struct sakra_config *cfg = NULL;
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_error err;
	const struct sakra_edition *e;

	(void)state;
	assert_int_equal(sakra_config_parse(&cfg, good, strlen(good), &d, &err), 0);
	assert_int_equal(sakra_diags_count(&d, SAKRA_ERROR), 0);
	assert_string_equal(cfg->org_name, "Testvården Ab");
	assert_int_equal(cfg->nlevels, 3);
	assert_int_equal(sakra_config_level(cfg, "icke-offentlig"), 1);
	assert_int_equal(sakra_config_level(cfg, "hemlig"), -1);
	e = sakra_config_edition(cfg, "personal");
	assert_non_null(e);
	assert_int_equal(e->max_level, 1);
	assert_null(sakra_config_edition(cfg, "press"));
	sakra_config_free(cfg);
	sakra_diags_free(&d);
}

/* A broken sakra.yml gives findings that name the line, not a crash. */
static void test_findings(void **state)
{
	static const char bad[] =
		"organisation:\n  name: X\nframework: thl-3-2024\nclassification:\n  levels:\n"
		"    - { id: intern, label: Intern }\n"
		"editions:\n  personal: { max_classification: hemlig }\n"
		"colour: blue\n";
	struct sakra_config *cfg = NULL;
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_error err;
	int edition = 0, unknown = 0;

	(void)state;
	sakra_config_parse(&cfg, bad, strlen(bad), &d, &err);
	for (size_t i = 0; i < d.n; i++) {
		edition |= !strcmp(d.v[i].rule, "config.edition") && d.v[i].line == 8;
		unknown |= !strcmp(d.v[i].rule, "config.unknown-key") && d.v[i].line == 9;
	}
	assert_true(edition);
	assert_true(unknown);
	sakra_config_free(cfg);
	sakra_diags_free(&d);
}

/* A Finnish plan's own ids: its levels are the framework's by their
 * aliases, its roles and editions have titles for what people read. */
static void test_names_in_the_plans_language(void **state)
{
	static const char fi[] =
		"organisation:\n  name: Koivula Oy\n  business_id: 2918407-7\n"
		"framework: thl-3-2024\nlanguage: fi\n"
		"classification:\n  levels:\n"
		"    - { id: sisainen, label: Sisäinen }\n"
		"    - { id: ei-julkinen, label: Ei-julkinen asiakirja }\n"
		"    - { id: salassa-pidettava, label: Salassa pidettävä, legal_basis: required }\n"
		"obligations:\n  - { id: lokitarkastus, covers: \"6.4\", every: 1 month }\n"
		"approval:\n  required_roles: [vastaava-johtaja]\n"
		"  role_titles: { vastaava-johtaja: Vastaava johtaja }\n"
		"editions:\n  henkilosto: { title: Henkilöstö, max_classification: ei-julkinen }\n"
		"  valvonta: { max_classification: salassa-pidettava }\n";
	struct sakra_config *cfg = NULL;
	struct sakra_framework *fw = NULL;
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_error err;

	(void)state;
	assert_int_equal(sakra_config_parse(&cfg, fi, strlen(fi), &d, &err), 0);
	assert_int_equal(sakra_framework_load(&fw, "thl-3-2024", &err), 0);
	sakra_config_check_framework(cfg, fw, &d);
	for (size_t i = 0; i < d.n; i++)
		fail_msg("unexpected finding: %s [%s]", d.v[i].message, d.v[i].rule);
	/* the framework's floor and secrecy level, by the plan's Finnish ids */
	assert_int_equal(sakra_config_fw_level(cfg, fw, "icke-offentlig"), 1);
	assert_int_equal(sakra_config_fw_level(cfg, fw, "sekretessbelagd"), 2);
	assert_int_equal(sakra_config_fw_level(cfg, fw, "intern"), 0);
	assert_int_equal(sakra_config_fw_level(cfg, fw, "hemlig"), -1);
	/* a marking in a file is the plan's own id only */
	assert_int_equal(sakra_config_level(cfg, "sekretessbelagd"), -1);
	assert_string_equal(sakra_config_role_title(cfg, "vastaava-johtaja"), "Vastaava johtaja");
	assert_string_equal(sakra_config_role_title(cfg, "muu-rooli"), "muu-rooli");
	assert_string_equal(sakra_config_edition_title(sakra_config_edition(cfg, "henkilosto")),
			    "Henkilöstö");
	assert_string_equal(sakra_config_edition_title(sakra_config_edition(cfg, "valvonta")),
			    "valvonta");
	sakra_framework_free(fw);
	sakra_config_free(cfg);
	sakra_diags_free(&d);
	/* without its alias the framework's level is missing, and check says so */
	{
		static const char none[] =
			"organisation:\n  name: X\n  business_id: 2918407-7\nframework: thl-3-2024\n"
			"classification:\n  levels:\n    - { id: julkinen, label: Julkinen }\n";
		int floor = 0;

		assert_int_equal(sakra_config_parse(&cfg, none, strlen(none), &d, &err), 0);
		assert_int_equal(sakra_framework_load(&fw, "thl-3-2024", &err), 0);
		sakra_config_check_framework(cfg, fw, &d);
		for (size_t i = 0; i < d.n; i++)
			floor |= !strcmp(d.v[i].rule, "config.levels") &&
				 strstr(d.v[i].message, "'icke-offentlig'") != NULL;
		assert_true(floor);
		sakra_framework_free(fw);
		sakra_config_free(cfg);
		sakra_diags_free(&d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_findings),
		cmocka_unit_test(test_names_in_the_plans_language),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
