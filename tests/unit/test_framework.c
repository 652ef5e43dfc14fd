/* Unit tests: framework (the built-in THL file, and malformed frameworks). */
#include "unit.h"

#include "sakra/framework.h"

static void test_thl(void **state)
{
	struct sakra_framework *fw = NULL;
	struct sakra_error err;
	static const struct { const char *section, *clause; } map[] = {
		{ "2", "1" }, { "3", "6.1" }, { "4", "6.2" }, { "5.1", "6.3" }, { "5.2", "6.4" },
		{ "6.1", "6.5" }, { "6.2", "6.6" }, { "6.3", "6.7" }, { "6.4", "6.8" },
		{ "7.1", "6.9" }, { "7.2", "6.10" }, { "7.3", "6.11" }, { "8", "6.12" },
		{ "9", "6.5" },
	};
	static const char *const outline[] = {
		"1", "2", "3", "4", "5", "5.1", "5.2", "6", "6.1", "6.1.1", "6.1.2", "6.1.3",
		"6.1.4", "6.1.5", "6.2", "6.3", "6.4", "7", "7.1", "7.2", "7.3", "8", "9",
		"9.1", "9.2", "9.3", "9.4",
	};
	const struct sakra_fw_section *s;

	(void)state;
	assert_int_equal(sakra_framework_load(&fw, "thl-3-2024", &err), 0);
	assert_string_equal(fw->floor, "icke-offentlig");
	assert_int_equal(fw->nsections, sizeof(outline) / sizeof(outline[0]));
	for (size_t i = 0; i < fw->nsections; i++)
		assert_string_equal(fw->sections[i].number, outline[i]);
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		s = sakra_framework_section(fw, map[i].section);
		assert_non_null(s);
		assert_true(s->nclauses >= 1);
		assert_string_equal(s->clauses[0], map[i].clause);
	}
	s = sakra_framework_section(fw, "2");
	assert_int_equal(s->nclauses, 3);
	assert_int_equal(s->nfields, 11);
	assert_string_equal(sakra_i18n_get(&s->fields[2].label, "sv"), "Ansvarig person/chef");
	s = sakra_framework_section(fw, "3");
	assert_string_equal(sakra_i18n_get(&s->fields[0].label, "sv"), "Dataskyddsombud");
	assert_string_equal(sakra_i18n_get(&s->fields[0].label, "fi"), "Tietosuojavastaava");
	assert_string_equal(sakra_i18n_get(&s->fields[0].label, "en"), "Data protection officer");
	assert_string_equal(sakra_i18n_get(&s->fields[0].label, "de"), "Dataskyddsombud");
	/* Swedish is the official wording; Finnish and English translations say whose. */
	assert_string_equal(sakra_framework_official(fw), "sv");
	assert_true(sakra_framework_language(fw, "sv")->official);
	assert_false(sakra_framework_language(fw, "fi")->official);
	assert_non_null(strstr(sakra_framework_language(fw, "fi")->note, "translation"));
	assert_null(sakra_framework_language(fw, "de"));
	/* revision 2: Valvira's tasks passed to Lupa- ja valvontavirasto in 2026 */
	assert_int_equal(fw->revision, 2);
	assert_string_equal(sakra_i18n_get(&fw->register_check_title, "fi"),
			    "Tarkistettu tietojärjestelmärekisteristä");
	assert_non_null(strstr(sakra_i18n_get(&fw->register_name, "sv"), "Tillstånds- och tillsynsverket"));
	/* Every section and every class field has all three languages. */
	for (size_t i = 0; i < fw->nsections; i++)
		assert_int_equal(fw->sections[i].title.n, 3);
	for (size_t c = 0; c < fw->nclasses; c++)
		for (size_t i = 0; i < fw->classes[c].nfields; i++)
			assert_int_equal(fw->classes[c].fields[i].label.n, 3);
	assert_string_equal(sakra_i18n_get(&sakra_framework_section(fw, "6.1.3")->title, "sv"),
			    "Andra system som behandlar kunduppgifter (klass B)");
	/* 6.1.1-6.1.4 are required by the register, not by themselves. */
	for (const char *const *o = (const char *const[]){ "9.1", "9.2", "9.3", "9.4", "6.1.1",
							   "6.1.4", NULL }; *o; o++)
		assert_true(sakra_framework_section(fw, *o)->optional);
	assert_false(sakra_framework_section(fw, "6.1.5")->optional);
	assert_string_equal(fw->register_section, "6.1");
	assert_int_equal(sakra_framework_class(fw, "A2")->fields[0].nkeys, 4);
	assert_string_equal(sakra_framework_class(fw, "A2")->fields[0].keys[3], "contact");
	assert_string_equal(sakra_framework_class(fw, "A1")->section, "9.2");
	assert_string_equal(sakra_framework_class(fw, "A3")->list_section, "6.1.1");
	assert_true(sakra_framework_class(fw, "A2")->certificate);
	assert_false(sakra_framework_class(fw, "B")->certificate);
	assert_int_equal(sakra_framework_class(fw, "other")->nfields, 13);
	assert_null(sakra_framework_class(fw, "C"));
	sakra_framework_free(fw);
}

static void test_ids_and_unknown(void **state)
{
	const char *const *ids;
	struct sakra_framework *fw = NULL;
	struct sakra_error err;
	size_t n = sakra_framework_ids(&ids);

	(void)state;
	assert_int_equal(n, 2);
	assert_string_equal(ids[0], "msb-region");
	assert_string_equal(ids[1], "thl-3-2024");
	assert_int_equal(sakra_framework_load(&fw, "nope", &err), SAKRA_ENOTFOUND);
	assert_int_equal(sakra_framework_load(&fw, "../frameworks/thl-3-2024", &err), SAKRA_ENOTFOUND);
	assert_null(fw);
}

/* What a plan in another language may call an obligation, an evidence
 * type and a classification level. */
static void test_aliases(void **state)
{
	struct sakra_framework *fw = NULL;
	struct sakra_error err;
	const char *lv = "id: x\ntitle: X\nfloor: b\nsections:\n  - { number: \"1\", title: A }\n"
			 "levels:\n  - { id: a, aliases: [aa] }\n";
	const char *ty = "id: x\ntitle: X\nsections:\n  - { number: \"1\", title: A }\n"
			 "evidence_types: [t]\nevidence_type_aliases: { u: [uu] }\n";

	(void)state;
	assert_int_equal(sakra_framework_load(&fw, "thl-3-2024", &err), 0);
	assert_string_equal(sakra_framework_type_id(fw, "lokitarkastus"), "loggranskning");
	assert_string_equal(sakra_framework_type_id(fw, "Log-Review"), "loggranskning");
	assert_string_equal(sakra_framework_type_id(fw, "loggranskning"), "loggranskning");
	assert_string_equal(sakra_framework_type_id(fw, "kayttooikeuksien-tarkastus"),
			    "behorighetsgranskning");
	assert_null(sakra_framework_type_id(fw, "lokit"));
	assert_true(sakra_framework_same_type(fw, "koulutus", "utbildning"));
	assert_true(sakra_framework_same_type(fw, "egen", "egen"));
	assert_false(sakra_framework_same_type(fw, "koulutus", "loggranskning"));
	assert_false(sakra_framework_same_type(NULL, "koulutus", "utbildning"));
	assert_string_equal(sakra_framework_obligation(fw, "rekisteritarkistus")->id,
			    "registerkontroll");
	assert_string_equal(sakra_framework_level_id(fw, "salassa-pidettava"), "sekretessbelagd");
	assert_string_equal(sakra_framework_level_id(fw, "non-public"), "icke-offentlig");
	assert_null(sakra_framework_level_id(fw, "julkinen"));
	/* titles and guidance by any name */
	assert_string_equal(sakra_framework_type_title(fw, "lokitarkastus", "fi"),
			    "Käyttö- ja luovutuslokien seuranta");
	assert_string_equal(sakra_framework_type_title(fw, "harjoitus", "fi"), "Harjoitus");
	assert_non_null(strstr(sakra_framework_evidence_guidance(fw, "lokitarkastus", "fi"), "lokit"));
	sakra_framework_free(fw);
	/* a floor or an alias of something the framework does not have */
	assert_int_equal(sakra_framework_parse(&fw, "f.yml", lv, strlen(lv), &err), SAKRA_EPARSE);
	assert_non_null(strstr(err.message, "floor 'b' is not one of 'levels'"));
	assert_int_equal(sakra_framework_parse(&fw, "f.yml", ty, strlen(ty), &err), SAKRA_EPARSE);
	assert_non_null(strstr(err.message, "'u' is not one of evidence_types"));
	assert_null(fw);
}

/* Revisions: the newest by the id alone, an older one by ID@REV, and an
 * unknown one refused naming those there are. */
static void test_revisions(void **state)
{
	struct sakra_framework *fw = NULL;
	struct sakra_error err;
	int revs[8], rev;
	char id[32];

	(void)state;
	assert_int_equal(sakra_framework_revisions("msb-region", revs, 8), 2);
	assert_int_equal(revs[0], 1);
	assert_int_equal(revs[1], 2);
	assert_int_equal(sakra_framework_revisions("thl-3-2024", revs, 8), 2);
	assert_int_equal(sakra_framework_load(&fw, "thl-3-2024@1", &err), 0);
	assert_string_equal(sakra_i18n_get(&fw->register_check_title, "fi"),
			    "Tarkistettu Valviran tietojärjestelmärekisteristä");
	assert_int_equal(fw->nchanges, 0);
	sakra_framework_free(fw);
	fw = NULL;
	assert_int_equal(sakra_framework_revisions("nope", revs, 8), 0);
	assert_int_equal(sakra_framework_load(&fw, "msb-region", &err), 0);
	assert_int_equal(fw->revision, 2);
	assert_true(fw->newest);
	assert_true(sakra_framework_is(fw, "msb-region"));
	assert_true(sakra_framework_is(fw, "msb-region@2"));
	assert_false(sakra_framework_is(fw, "msb-region@1"));
	assert_non_null(sakra_framework_section(fw, "1.4.2"));
	assert_int_equal(fw->nchanges, 9);
	assert_int_equal(fw->changes[0].op, SAKRA_CHANGE_RENUMBER);
	assert_string_equal(fw->changes[0].b, "1.4.1");
	assert_int_equal(fw->changes[8].op, SAKRA_CHANGE_WORDS);
	sakra_framework_free(fw);
	assert_int_equal(sakra_framework_load(&fw, "msb-region@1", &err), 0);
	assert_int_equal(fw->revision, 1);
	assert_false(fw->newest);
	assert_false(sakra_framework_is(fw, "msb-region"));
	assert_true(sakra_framework_is(fw, "msb-region@1"));
	assert_null(sakra_framework_section(fw, "1.4.2"));
	assert_string_equal(sakra_i18n_get(&sakra_framework_section(fw, "1.4")->title, "sv"),
			    "Skyddsåtgärder");
	sakra_framework_free(fw);
	assert_int_equal(sakra_framework_load(&fw, "msb-region@2", &err), 0);
	assert_true(fw->newest);
	sakra_framework_free(fw);
	assert_int_equal(sakra_framework_load(&fw, "msb-region@3", &err), SAKRA_ENOTFOUND);
	assert_string_equal(err.message,
			    "framework msb-region has no revision 3; it has msb-region@1, msb-region@2");
	assert_null(fw);
	/* what a pin may be */
	assert_int_equal(sakra_framework_name("thl-3-2024@12", id, sizeof(id), &rev), 0);
	assert_string_equal(id, "thl-3-2024");
	assert_int_equal(rev, 12);
	assert_int_equal(sakra_framework_name("thl-3-2024", id, sizeof(id), &rev), 0);
	assert_int_equal(rev, 0);
	assert_int_equal(sakra_framework_name("x@", id, sizeof(id), &rev), -1);
	assert_int_equal(sakra_framework_name("x@0", id, sizeof(id), &rev), -1);
	assert_int_equal(sakra_framework_name("x@-1", id, sizeof(id), &rev), -1);
	assert_int_equal(sakra_framework_name("x@1a", id, sizeof(id), &rev), -1);
	assert_int_equal(sakra_framework_name("x@ 1", id, sizeof(id), &rev), -1);
	assert_int_equal(sakra_framework_load(&fw, "msb-region@x", &err), SAKRA_ENOTFOUND);
	assert_int_equal(sakra_framework_load(&fw, "msb-region@1/../x", &err), SAKRA_ENOTFOUND);
}

static void test_malformed(void **state)
{
	struct sakra_framework *fw = NULL;
	struct sakra_error err;
	const char *dup = "id: x\ntitle: X\nsections:\n  - { number: \"1\", title: A }\n"
			  "  - { number: \"1\", title: B }\n";
	const char *badcls = "id: x\ntitle: X\nsections:\n  - { number: \"1\", title: A }\n"
			     "systems:\n  classes:\n    - { id: A, section: \"9\" }\n";
	const char *badobl = "id: x\ntitle: X\nsections:\n  - { number: \"1\", title: A }\n"
			     "obligations:\n  - { id: o, covers: [\"1\"], every: often }\n";

	(void)state;
	assert_int_equal(sakra_framework_parse(&fw, "f.yml", dup, strlen(dup), &err), SAKRA_EPARSE);
	assert_non_null(strstr(err.message, "listed twice"));
	assert_int_equal(err.line, 5);
	assert_int_equal(sakra_framework_parse(&fw, "f.yml", badcls, strlen(badcls), &err), SAKRA_EPARSE);
	assert_non_null(strstr(err.message, "not a section"));
	assert_int_equal(sakra_framework_parse(&fw, "f.yml", badobl, strlen(badobl), &err), SAKRA_EPARSE);
	assert_non_null(strstr(err.message, "every"));
	{
		const char *two = "id: x\ntitle: X\nlanguages:\n  sv: { source: official }\n"
				  "  fi: { source: official }\nsections: []\n";
		const char *nonote = "id: x\ntitle: X\nlanguages:\n  sv: { source: official }\n"
				     "  fi: { source: translation }\nsections: []\n";
		const char *bad = "id: x\ntitle: X\nlanguages:\n  sv: { source: maybe }\n";

		assert_int_equal(sakra_framework_parse(&fw, "f.yml", two, strlen(two), &err),
				 SAKRA_EPARSE);
		assert_non_null(strstr(err.message, "exactly one"));
		assert_int_equal(sakra_framework_parse(&fw, "f.yml", nonote, strlen(nonote), &err),
				 SAKRA_EPARSE);
		assert_non_null(strstr(err.message, "note"));
		assert_int_equal(sakra_framework_parse(&fw, "f.yml", bad, strlen(bad), &err),
				 SAKRA_EPARSE);
		assert_non_null(strstr(err.message, "official"));
	}
	assert_int_equal(sakra_framework_parse(&fw, "f.yml", "- a\n", 4, &err), SAKRA_EPARSE);
	assert_int_equal(sakra_framework_parse(&fw, "f.yml", "id: x\n", 6, &err), SAKRA_EPARSE);
	assert_null(fw);
}

static void test_msb_region_and_additions(void **state)
{
	struct sakra_framework *fw = NULL;
	struct sakra_error err;
	const struct sakra_fw_section *s;
	const char *add = "sections:\n  - { number: \"5.3\", title: K }\n  - { number: \"10\", title: T }\n"
			  "  - number: \"1\"\n    fields: [{ id: kontakt, label: Kontakt }]\n"
			  "assets:\n  fields: [{ id: gallring, label: G, required: true }]\n"
			  "obligations: [{ id: ovning, covers: [\"5.3\"], every: 1 year }]\n"
			  "evidence_types: [ovning, riskanalys]\n";
	const char *relax = "sections: [{ number: \"1.2\", optional: true }]";
	size_t nsec, nfields, nev;

	(void)state;
	assert_int_equal(sakra_framework_load(&fw, "msb-region", &err), 0);
	assert_null(fw->floor);
	assert_string_equal(fw->assets.key, "information");
	assert_int_equal(fw->assets.fields[2].type, SAKRA_FW_SCALE);
	assert_int_equal(fw->assets.fields[2].max, 3);
	assert_int_equal(fw->obligations[0].required, 1);
	s = sakra_framework_section(fw, "1.8");
	assert_non_null(s);
	assert_int_equal(s->fields[1].type, SAKRA_FW_DATE);
	assert_true(s->fields[1].deadline);
	nsec = fw->nsections;
	nfields = fw->assets.nfields;
	nev = fw->nevidence_types;
	/* placed in outline order, marked as added, nothing duplicated */
	assert_int_equal(sakra_framework_add(fw, add, strlen(add), &err), 0);
	assert_int_equal(fw->nsections, nsec + 2);
	s = sakra_framework_section(fw, "5.3");
	assert_true(s->added);
	assert_string_equal(fw->sections[s->index - 1].number, "5.2");
	assert_string_equal(fw->sections[s->index + 1].number, "6");
	assert_string_equal(fw->sections[fw->nsections - 1].number, "10");
	for (size_t i = 0; i < fw->nsections; i++)
		assert_int_equal(fw->sections[i].index, i);
	assert_int_equal(fw->assets.nfields, nfields + 1);
	assert_int_equal(fw->nevidence_types, nev + 1);
	assert_true(fw->obligations[fw->nobligations - 1].added);
	/* built-in requirements stay as they are */
	assert_int_equal(sakra_framework_add(fw, relax, strlen(relax), &err), SAKRA_EPARSE);
	assert_non_null(strstr(err.message, "may add fields to it, not change its 'optional'"));
	sakra_framework_free(fw);
	assert_int_equal(sakra_framework_load(&fw, "thl-3-2024", &err), 0);
	assert_int_equal(sakra_framework_add(fw, "assets: { fields: [] }", 22, &err), SAKRA_EPARSE);
	assert_non_null(strstr(err.message, "no information register"));
	sakra_framework_free(fw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thl),
		cmocka_unit_test(test_ids_and_unknown),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_revisions),
		cmocka_unit_test(test_msb_region_and_additions),
	};

	return cmocka_run_group_tests_name("framework", tests, NULL, NULL);
}
