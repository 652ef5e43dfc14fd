/* Unit tests: yaml (tree, line numbers, hostile input). */
#include "unit.h"

#include "sakra/buf.h"
#include "sakra/yaml.h"

static struct sakra_yaml *parse(const char *s, struct sakra_error *err)
{
	struct sakra_yaml *y = NULL;

	sakra_error_clear(err);
	sakra_yaml_parse(&y, s, strlen(s), 2, err);
	return y;
}

static void test_tree_and_lines(void **state)
{
	struct sakra_error err;
	struct sakra_yaml *y = parse("title: Hej\nlist: [a, \"b\"]\nmap:\n  k: ~\n", &err);
	const struct sakra_yaml *l;

	(void)state;
	assert_non_null(y);
	assert_int_equal(y->type, SAKRA_YAML_MAP);
	assert_string_equal(sakra_yaml_str(sakra_yaml_get(y, "title")), "Hej");
	assert_int_equal(sakra_yaml_pair_get(y, "title")->key->line, 2);
	l = sakra_yaml_get(y, "list");
	assert_int_equal(l->type, SAKRA_YAML_SEQ);
	assert_int_equal(l->n, 2);
	assert_int_equal(l->items[1]->line, 3);
	assert_int_equal(l->items[1]->column, 11);
	assert_false(l->items[1]->plain);
	assert_null(sakra_yaml_str(sakra_yaml_get(sakra_yaml_get(y, "map"), "k")));
	assert_null(sakra_yaml_get(y, "nope"));
	/* A list, or a single value standing for a list of one. */
	assert_int_equal(sakra_yaml_count(l), 2);
	assert_string_equal(sakra_yaml_item(l, 1)->value, "b");
	assert_int_equal(sakra_yaml_count(sakra_yaml_get(y, "title")), 1);
	assert_string_equal(sakra_yaml_item(sakra_yaml_get(y, "title"), 0)->value, "Hej");
	assert_int_equal(sakra_yaml_count(NULL), 0);
	sakra_yaml_free(y);
}

static void test_errors(void **state)
{
	struct sakra_error err;

	(void)state;
	assert_null(parse("a: [b\n", &err));
	assert_int_equal(err.code, SAKRA_EPARSE);
	assert_int_equal(err.line, 3);
	assert_null(parse("a: 1\na: 2\n", &err));
	assert_non_null(strstr(err.message, "duplicate key 'a' (first at line 2)"));
	assert_int_equal(err.line, 3);
	assert_null(parse("a: &x 1\nb: *x\n", &err));
	assert_non_null(strstr(err.message, "aliases"));
	assert_null(parse("a: 1\n---\nb: 2\n", &err));
	assert_non_null(strstr(err.message, "one YAML document"));
	assert_null(parse("? [a]\n: b\n", &err));
	assert_non_null(strstr(err.message, "plain text"));
}

static void test_empty(void **state)
{
	struct sakra_error err;

	(void)state;
	assert_null(parse("", &err));
	assert_int_equal(err.code, 0);
	assert_null(parse("# only a comment\n", &err));
	assert_int_equal(err.code, 0);
}

static void test_deep_nesting(void **state)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	struct sakra_error err;

	(void)state;
	for (int i = 0; i < 100000; i++)
		sakra_buf_putc(&b, '[');
	assert_null(parse(b.ptr, &err));
	assert_int_equal(err.code, SAKRA_ELIMIT);
	sakra_buf_clear(&b);
	for (int i = 0; i < SAKRA_YAML_MAX_DEPTH - 1; i++)
		sakra_buf_putc(&b, '[');
	for (int i = 0; i < SAKRA_YAML_MAX_DEPTH - 1; i++)
		sakra_buf_putc(&b, ']');
	{
		struct sakra_yaml *y = parse(b.ptr, &err);

		assert_non_null(y);
		sakra_yaml_free(y);
	}
	sakra_buf_free(&b);
}

/* Duplicate keys are found by sorting, so a large mapping costs n log n:
 * 100,000 keys, then the same with repetitions, the earliest reported. */
static void test_many_keys(void **state)
{
	struct sakra_buf text = SAKRA_BUF_INIT;
	struct sakra_yaml *y = NULL;
	struct sakra_error err;

	(void)state;
	for (int i = 0; i < 100000; i++)
		assert_int_equal(sakra_buf_printf(&text, "k%d: %d\n", i, i), 0);
	assert_int_equal(sakra_yaml_parse(&y, text.ptr, text.len, 1, &err), 0);
	assert_int_equal(y->n, 100000);
	assert_string_equal(sakra_yaml_str(sakra_yaml_get(y, "k99999")), "99999");
	sakra_yaml_free(y);
	assert_int_equal(sakra_buf_puts(&text, "k7: x\nk5: y\nk7: z\n"), 0);
	assert_int_equal(sakra_yaml_parse(&y, text.ptr, text.len, 1, &err), SAKRA_EPARSE);
	assert_null(y);
	assert_int_equal(err.line, 100001);
	assert_string_equal(err.message, "duplicate key 'k7' (first at line 8)");
	sakra_buf_clear(&text);
	assert_int_equal(sakra_buf_puts(&text, "m: {a: 1, b: 2, a: 3}\n"), 0);
	assert_int_equal(sakra_yaml_parse(&y, text.ptr, text.len, 1, &err), SAKRA_EPARSE);
	assert_int_equal(err.column, 17);
	sakra_buf_free(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_tree_and_lines),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_deep_nesting),
	};

	return cmocka_run_group_tests_name("yaml", tests, NULL, NULL);
}
