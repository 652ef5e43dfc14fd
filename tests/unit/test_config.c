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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_findings),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
