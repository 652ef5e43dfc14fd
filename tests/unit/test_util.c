/* Unit tests: util (UTF-8, folding, dates, periods, business IDs, paths,
 * the threaded sink). */
#include "unit.h"

#include <time.h>

#include "sakra/ident.h"
#include "sakra/date.h"
#include "sakra/fs.h"
#include "sakra/stream.h"
#include "sakra/text.h"

static void test_utf8(void **state)
{
	size_t bad = 0;

	(void)state;
	assert_true(sakra_utf8_valid("Vård å ä ö €", strlen("Vård å ä ö €"), NULL));
	assert_false(sakra_utf8_valid("ab\xe5", 3, &bad));
	assert_int_equal(bad, 2);
	assert_false(sakra_utf8_valid("\xc0\xaf", 2, &bad));       /* overlong '/' */
	assert_false(sakra_utf8_valid("\xed\xa0\x80", 3, &bad));   /* surrogate */
	assert_false(sakra_utf8_valid("\xe2\x82", 2, &bad));       /* truncated */
	assert_int_equal(bad, 0);
	assert_int_equal(sakra_utf8_count("åäö", 6), 3);
}

static void test_fold(void **state)
{
	(void)state;
	assert_true(sakra_text_equal("Dataskyddsombud", "DATASKYDDSOMBUD:"));
	assert_true(sakra_text_equal("  Ansvarig   person/chef ", "ansvarig person/chef"));
	assert_true(sakra_text_equal("ÅÄÖ", "åäö"));
	assert_false(sakra_text_equal("Namn", "Namnet"));
}

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

static void test_paths(void **state)
{
	struct sakra_buf b = SAKRA_BUF_INIT;

	(void)state;
	assert_int_equal(sakra_path_resolve("plan/02.md", "../appendices/x.md", &b), 0);
	assert_string_equal(b.ptr, "appendices/x.md");
	assert_int_equal(sakra_path_resolve("plan/02.md", "./y.md", &b), 0);
	assert_string_equal(b.ptr, "plan/y.md");
	assert_int_equal(sakra_path_resolve("plan/02.md", "/sakra.yml", &b), 0);
	assert_string_equal(b.ptr, "sakra.yml");
	assert_int_equal(sakra_path_resolve("top.md", "a//b/../c", &b), 0);
	assert_string_equal(b.ptr, "a/c");
	assert_int_equal(sakra_path_resolve("plan/02.md", "../../etc/passwd", &b), 1);
	assert_int_equal(sakra_url_decode("a%20b%zz%4", 10, &b), 0);
	assert_string_equal(b.ptr, "a b%zz%4");
	sakra_buf_free(&b);
}

static void test_buf(void **state)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	char *s;

	(void)state;
	assert_string_equal(sakra_buf_cstr(&b), "");
	for (int i = 0; i < 1000; i++)
		assert_int_equal(sakra_buf_printf(&b, "%d,", i), 0);
	assert_int_equal(strncmp(b.ptr, "0,1,2,", 6), 0);
	sakra_buf_clear(&b);
	{
		/* controls from files, for a terminal: C0, CSI, RLO, C1, a stray byte */
		static const char raw[] = "a\tb\x1b[2J\xe2\x80\xae" "c\xc2\x9b\xff\xc3\xa5";

		assert_int_equal(sakra_buf_put_visible(&b, raw, strlen(raw)), 0);
		assert_string_equal(b.ptr, "a\\x09b\\x1b[2J\\u{202e}c\\u{009b}\\xff\xc3\xa5");
	}
	s = sakra_buf_detach(&b);
	assert_null(b.ptr);
	free(s);
	sakra_buf_free(&b);
}

/* A slow sink that keeps what it gets, and fails at `fail_at` bytes. */
struct keep {
	struct sakra_buf b;
	size_t fail_at;
	size_t calls;
};

static int keep_sink(void *ctx, const void *data, size_t len, struct sakra_error *err)
{
	struct keep *k = ctx;
	struct timespec ts = { 0, 200000 };

	nanosleep(&ts, NULL);
	k->calls++;
	if (k->fail_at && k->b.len + len > k->fail_at)
		return sakra_error_set(err, SAKRA_EIO, "out.tar", 0, 0, "disk full");
	return sakra_buf_put(&k->b, data, len) < 0 ? SAKRA_ENOMEM : 0;
}

static void test_pipe(void **state)
{
	size_t total = 5 * 1048576 + 12345, sizes[] = { 1, 7, 65536, 1048576, 3000000, 100 };
	unsigned char *data = malloc(total);
	struct keep k = { SAKRA_BUF_INIT, 0, 0 };
	struct sakra_pipe *p = NULL;
	struct sakra_error err;
	size_t at = 0;
	int rc = 0;

	(void)state;
	for (size_t i = 0; i < total; i++)
		data[i] = (unsigned char)(i * 2654435761u >> 13);
	/* every byte arrives, in order, whatever the sizes written */
	assert_int_equal(sakra_pipe_new(&p, keep_sink, &k, &err), 0);
	for (size_t i = 0; at < total; i++) {
		size_t n = sizes[i % 6] < total - at ? sizes[i % 6] : total - at;

		assert_int_equal(sakra_pipe_write(p, data + at, n, &err), 0);
		at += n;
	}
	assert_int_equal(sakra_pipe_finish(p, &err), 0);
	sakra_pipe_free(p);
	assert_int_equal(k.b.len, total);
	assert_memory_equal(k.b.ptr, data, total);
	assert_true(k.calls >= 5);
	sakra_buf_free(&k.b);

	/* the sink's failure comes back, from write or from finish */
	memset(&k, 0, sizeof(k));
	k.fail_at = 2 * 1048576;
	assert_int_equal(sakra_pipe_new(&p, keep_sink, &k, &err), 0);
	for (at = 0; at < total && rc == 0; at += 4096)
		rc = sakra_pipe_write(p, data + at, total - at < 4096 ? total - at : 4096, &err);
	if (rc == 0)
		rc = sakra_pipe_finish(p, &err);
	assert_int_equal(rc, SAKRA_EIO);
	assert_string_equal(err.path, "out.tar");
	assert_string_equal(err.message, "disk full");
	sakra_pipe_free(p);
	assert_true(k.b.len <= 2 * 1048576);
	sakra_buf_free(&k.b);

	/* given up half way: what is queued is dropped, nothing leaks */
	memset(&k, 0, sizeof(k));
	assert_int_equal(sakra_pipe_new(&p, keep_sink, &k, &err), 0);
	assert_int_equal(sakra_pipe_write(p, data, 3 * 1048576 + 5, &err), 0);
	sakra_pipe_free(p);
	assert_true(k.b.len <= 3 * 1048576);
	assert_int_equal(k.b.len % 1048576, 0);
	sakra_buf_free(&k.b);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_business_id),
		cmocka_unit_test(test_se_orgnr),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_pipe),
	};

	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
