/* json: JSON documents over libjansson (see sakra/json.h). */
#include <string.h>

#include "sakra/buf.h"
#include "sakra/json.h"
#include "sakra/text.h"

/* A value could not be made or added since the last write: the document
 * is incomplete and is not written. */
static int failed;

json_t *sakra_json_textn(const char *s, size_t len)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	json_t *v;

	if (sakra_utf8_valid(s, len, NULL))
		return json_stringn(s, len);
	for (size_t i = 0; i < len;) {
		unsigned cp;
		size_t n = sakra_utf8_decode(s + i, len - i, &cp);

		if (n) {
			if (sakra_buf_put(&b, s + i, n) < 0)
				break;
			i += n;
		} else {
			if (sakra_buf_printf(&b, "\\x%02x", (unsigned char)s[i]) < 0)
				break;
			i++;
		}
	}
	v = b.ptr ? json_stringn(b.ptr, b.len) : NULL;
	sakra_buf_free(&b);
	return v;
}

json_t *sakra_json_text(const char *s)
{
	return s ? sakra_json_textn(s, strlen(s)) : json_null();
}

void sakra_json_set(json_t *obj, const char *key, json_t *v)
{
	if (!v || !obj || json_object_set_new(obj, key, v) < 0)
		failed = 1;
}

void sakra_json_push(json_t *arr, json_t *v)
{
	if (!v || !arr || json_array_append_new(arr, v) < 0)
		failed = 1;
}

int sakra_json_write(FILE *f, json_t *v)
{
	int rc = -1;

	if (v && !failed && json_dumpf(v, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 &&
	    fputc('\n', f) != EOF)
		rc = 0;
	failed = 0;
	json_decref(v);
	return rc;
}
