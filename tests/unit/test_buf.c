/* Unit tests: buf (the growable buffer). */
#include "unit.h"

#include <time.h>

#include "sakra/buf.h"
#include "sakra/text.h"

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

/* An array grown one element at a time keeps what it held. */
static void test_grow(void **state)
{
	long *v = NULL;
	size_t n = 0, cap = 0;

	(void)state;
	for (long i = 0; i < 1000; i++) {
		assert_int_equal(sakra_grow((void **)&v, &cap, n, sizeof(*v)), 0);
		assert_true(cap > n);
		v[n++] = i;
	}
	for (long i = 0; i < 1000; i++)
		assert_int_equal(v[i], i);
	assert_int_equal(cap, 1024);
	/* a size no memory holds is refused, the array kept */
	cap = n = SIZE_MAX / 2;
	assert_int_equal(sakra_grow((void **)&v, &cap, n, sizeof(*v)), SAKRA_ENOMEM);
	assert_non_null(v);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_grow),
	};

	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
