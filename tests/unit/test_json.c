/* Unit tests: json (strings of any bytes, documents that are incomplete). */
#include "unit.h"

#include "sakra/json.h"

static void test_text(void **state)
{
	json_t *v;
	char *s;

	(void)state;
	v = sakra_json_text("bil\xe5ga \xc3\xa5 \"x\"\n");
	assert_non_null(v);
	assert_string_equal(json_string_value(v), "bil\\xe5ga \xc3\xa5 \"x\"\n");
	s = json_dumps(v, JSON_ENCODE_ANY);
	assert_string_equal(s, "\"bil\\\\xe5ga \xc3\xa5 \\\"x\\\"\\n\"");
	free(s);
	json_decref(v);
	v = sakra_json_text(NULL);
	assert_true(json_is_null(v));
	json_decref(v);
	v = sakra_json_textn("a\0b", 3);
	assert_int_equal(json_string_length(v), 3);
	json_decref(v);
}

static void test_write(void **state)
{
	json_t *o = json_object();
	char buf[256] = "";
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	(void)state;
	sakra_json_set(o, "b", json_integer(1));
	sakra_json_set(o, "a", sakra_json_text("x"));
	assert_int_equal(sakra_json_write(f, o), 0);
	fclose(f);
	assert_string_equal(buf, "{\n  \"b\": 1,\n  \"a\": \"x\"\n}\n");
	/* a value that could not be made: nothing is written */
	o = json_object();
	sakra_json_set(o, "a", NULL);
	f = fmemopen(buf, sizeof(buf), "w");
	assert_int_equal(sakra_json_write(f, o), -1);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
