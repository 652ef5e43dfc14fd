/* sakra lsp: the bytes an editor sends (framing, JSON-RPC, documents and
 * positions), served on a copy of the example plan. */
#include <stdio.h>
#include <stdlib.h>

#include "sakra/lsp.h"
#include "fuzz.h"

static char dir[64];

static void remove_plan(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sakra_date today = { 2026, 11, 23 };
	struct sakra_lsp_options o = { dir, &today, NULL };
	FILE *in, *out;

	if (!dir[0]) {
		char cmd[256];

		snprintf(dir, sizeof(dir), "/tmp/sakra-fuzz-lsp-XXXXXX");
		if (!mkdtemp(dir))
			abort();
		snprintf(cmd, sizeof(cmd), "cp -r tests/fixtures/example-plan/. '%s'", dir);
		if (system(cmd) != 0)
			abort();
		atexit(remove_plan);
	}
	if (!size || !(in = fmemopen((void *)data, size, "r")))
		return 0;
	if (!(out = fopen("/dev/null", "w"))) {
		fclose(in);
		return 0;
	}
	(void)sakra_lsp_serve(in, out, &o);
	fclose(in);
	fclose(out);
	return 0;
}
