/* Unit tests: lsp (the Language Server over in-memory streams: framing,
 * the lifecycle, diagnostics of an opened document, errors that leave the
 * server running). */
#include "fixture.h"

#include "sakra/lsp.h"

static void frame(struct sakra_buf *in, const char *json)
{
	sakra_buf_printf(in, "Content-Length: %zu\r\n\r\n%s", strlen(json), json);
}

/* Runs the server on the messages in; its output in *out (malloc'd). */
static int serve(const struct fixture *f, const struct sakra_buf *in, char **out, size_t *len)
{
	struct sakra_lsp_options o;
	struct sakra_date today = { 2026, 11, 23 };
	FILE *fin = fmemopen(in->ptr, in->len, "r"), *fout = open_memstream(out, len);
	int rc;

	memset(&o, 0, sizeof(o));
	o.dir = f->dir;
	o.today = &today;
	rc = sakra_lsp_serve(fin, fout, &o);
	fclose(fin);
	fclose(fout);
	return rc;
}

static void test_session(void **state)
{
	struct fixture *f = *state;
	struct sakra_buf in = SAKRA_BUF_INIT, msg = SAKRA_BUF_INIT;
	char *out = NULL;
	size_t len = 0;

	frame(&in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
		   "{\"capabilities\":{\"general\":{\"positionEncodings\":[\"utf-8\"]}}}}");
	frame(&in, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
	sakra_buf_printf(&msg, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":"
			 "{\"textDocument\":{\"uri\":\"file://%s/appendices/ny.md\",\"version\":1,"
			 "\"text\":\"---\\ntitle: Ny\\nclassification: intern\\n---\\n\\n[fyll i]\\n\"}}}",
			 sakra_repo_root(f->repo));
	frame(&in, msg.ptr);
	frame(&in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"no/such\"}");
	sakra_buf_puts(&in, "Content-Length: 3\r\n\r\n{x}");
	frame(&in, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"shutdown\"}");
	frame(&in, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
	assert_int_equal(serve(f, &in, &out, &len), 0);
	assert_non_null(strstr(out, "\"positionEncoding\":\"utf-8\""));
	assert_non_null(strstr(out, "textDocument/publishDiagnostics"));
	assert_non_null(strstr(out, "appendices/ny.md"));
	assert_non_null(strstr(out, "\"code\":\"placeholder\""));
	assert_non_null(strstr(out, "\"code\":-32601"));
	assert_non_null(strstr(out, "\"code\":-32700"));
	assert_non_null(strstr(out, "{\"id\":3,\"result\":null"));
	/* every byte of the output is in a frame */
	for (char *p = out; p < out + len;) {
		size_t n;

		assert_int_equal(strncmp(p, "Content-Length: ", 16), 0);
		n = strtoul(p + 16, &p, 10);
		assert_int_equal(strncmp(p, "\r\n\r\n", 4), 0);
		p += 4 + n;
		assert_true(p <= out + len);
	}
	free(out);
	sakra_buf_free(&in);
	sakra_buf_free(&msg);
}

/* Requests before initialize are refused; the end of input without exit
 * is status 1. */
static void test_order(void **state)
{
	struct fixture *f = *state;
	struct sakra_buf in = SAKRA_BUF_INIT;
	char *out = NULL;
	size_t len = 0;

	frame(&in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"textDocument/hover\",\"params\":{}}");
	assert_int_equal(serve(f, &in, &out, &len), 1);
	assert_non_null(strstr(out, "\"code\":-32002"));
	free(out);
	sakra_buf_free(&in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session),
		cmocka_unit_test(test_order),
	};

	return cmocka_run_group_tests_name("lsp", tests, fixture_setup, fixture_teardown);
}
