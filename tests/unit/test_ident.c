/* Unit tests: ident (Finnish business IDs, Swedish organisationsnummer). */
#include "unit.h"

#include <time.h>

#include "sakra/ident.h"

static void test_business_id(void **state)
{
	char out[10];

	(void)state;
	assert_true(sakra_business_id_valid("1234567-1", out));
	assert_string_equal(out, "1234567-1");
	assert_true(sakra_business_id_valid("2345678-0", NULL));   /* remainder 0 */
	assert_false(sakra_business_id_valid("1234567-2", NULL));
	assert_false(sakra_business_id_valid("1234561-0", NULL));  /* remainder 1 */
	assert_false(sakra_business_id_valid("1234561-1", NULL));
	assert_true(sakra_business_id_valid("737546-2", out));     /* old six-digit form */
	assert_string_equal(out, "0737546-2");
	assert_false(sakra_business_id_valid("12345671", NULL));
	assert_false(sakra_business_id_valid("1234567-", NULL));
	assert_false(sakra_business_id_valid("abcdefg-1", NULL));
	assert_false(sakra_business_id_valid("", NULL));
	assert_false(sakra_business_id_valid(NULL, NULL));
}

static void test_se_orgnr(void **state)
{
	char out[12], any[16];

	(void)state;
	assert_true(sakra_se_orgnr_valid("232100-0057", out));     /* a region */
	assert_string_equal(out, "232100-0057");
	assert_true(sakra_se_orgnr_valid("2321000057", out));
	assert_string_equal(out, "232100-0057");
	assert_true(sakra_se_orgnr_valid("556016-0680", NULL));     /* a company */
	assert_false(sakra_se_orgnr_valid("232100-0058", NULL));    /* check digit */
	assert_false(sakra_se_orgnr_valid("811218-9876", NULL));    /* a personal number */
	assert_false(sakra_se_orgnr_valid("23210-00057", NULL));
	assert_false(sakra_se_orgnr_valid("232100+0057", NULL));
	assert_false(sakra_se_orgnr_valid("232100-005", NULL));
	assert_false(sakra_se_orgnr_valid("", NULL));
	assert_false(sakra_se_orgnr_valid(NULL, NULL));
	assert_true(sakra_ident_valid(SAKRA_IDENT_SE_ORGNR, "2321000057", any));
	assert_string_equal(any, "232100-0057");
	assert_false(sakra_ident_valid(SAKRA_IDENT_SE_ORGNR, "1234567-1", NULL));
	assert_true(sakra_ident_valid(SAKRA_IDENT_FI_BUSINESS_ID, "1234567-1", NULL));
	assert_false(sakra_ident_valid(SAKRA_IDENT_FI_BUSINESS_ID, "232100-0057", NULL));
	assert_true(sakra_ident_valid(SAKRA_IDENT_NONE, "x", NULL));
	assert_false(sakra_ident_valid(SAKRA_IDENT_NONE, "", NULL));
	assert_int_equal(sakra_ident_parse("se-organisationsnummer"), SAKRA_IDENT_SE_ORGNR);
	assert_int_equal(sakra_ident_parse("se"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_business_id),
		cmocka_unit_test(test_se_orgnr),
	};

	return cmocka_run_group_tests_name("ident", tests, NULL, NULL);
}
