/* Unit tests: date (days, months, periods). */
#include "unit.h"

#include <time.h>

#include "sakra/date.h"
#include "sakra/error.h"

static void test_dates(void **state)
{
	struct sakra_date d, e;
	char buf[11];

	(void)state;
	assert_int_equal(sakra_date_parse("2024-02-29", &d), 0);
	assert_int_equal(sakra_date_parse("2023-02-29", &d), SAKRA_EPARSE);
	assert_int_equal(sakra_date_parse("2026-13-01", &d), SAKRA_EPARSE);
	assert_int_equal(sakra_date_parse("2026-1-01", &d), SAKRA_EPARSE);
	assert_int_equal(sakra_date_parse("2026-01-01x", &d), SAKRA_EPARSE);
	assert_int_equal(sakra_date_parse("1900-02-29", &d), SAKRA_EPARSE);
	assert_int_equal(sakra_date_parse("2000-02-29", &d), 0);

	sakra_date_parse("2024-01-31", &d);
	e = sakra_date_add_months(&d, 1);
	sakra_date_format(&e, buf);
	assert_string_equal(buf, "2024-02-29");
	e = sakra_date_add_months(&d, 13);
	sakra_date_format(&e, buf);
	assert_string_equal(buf, "2025-02-28");
	e = sakra_date_add_months(&d, -2);
	sakra_date_format(&e, buf);
	assert_string_equal(buf, "2023-11-30");

	sakra_date_parse("1970-01-01", &d);
	assert_int_equal(sakra_date_days(&d), 0);
	for (long n = -800000; n < 800000; n += 997) {
		struct sakra_date x = sakra_date_from_days(n);

		assert_int_equal(sakra_date_days(&x), n);
	}
	sakra_date_parse("2026-12-31", &d);
	e = sakra_date_from_days(sakra_date_days(&d) + 1);
	sakra_date_format(&e, buf);
	assert_string_equal(buf, "2027-01-01");
	assert_true(sakra_date_cmp(&d, &e) < 0);
}

static void test_periods(void **state)
{
	struct sakra_period p;
	struct sakra_date d, e;
	char buf[11];

	(void)state;
	assert_int_equal(sakra_period_parse("1 month", &p), 0);
	assert_int_equal(p.count, 1);
	assert_int_equal(p.unit, SAKRA_MONTHS);
	assert_int_equal(sakra_period_parse("12 months", &p), 0);
	assert_int_equal(sakra_period_parse("2 weeks", &p), 0);
	assert_int_equal(p.unit, SAKRA_WEEKS);
	assert_int_equal(sakra_period_parse("1 year", &p), 0);
	assert_int_equal(sakra_period_parse("0 days", &p), SAKRA_EPARSE);
	assert_int_equal(sakra_period_parse("monthly", &p), SAKRA_EPARSE);
	assert_int_equal(sakra_period_parse("1 fortnight", &p), SAKRA_EPARSE);
	assert_int_equal(sakra_period_parse("1month", &p), SAKRA_EPARSE);

	sakra_date_parse("2028-02-29", &d);
	sakra_period_parse("1 year", &p);
	e = sakra_period_add(&d, &p);
	sakra_date_format(&e, buf);
	assert_string_equal(buf, "2029-02-28");
	sakra_period_parse("2 weeks", &p);
	e = sakra_period_add(&d, &p);
	sakra_date_format(&e, buf);
	assert_string_equal(buf, "2028-03-14");
	{
		char text[32];

		sakra_period_format(&p, text, sizeof(text));
		assert_string_equal(text, "2 weeks");
		sakra_period_parse("1 months", &p);
		sakra_period_format(&p, text, sizeof(text));
		assert_string_equal(text, "1 month");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_periods),
	};

	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
