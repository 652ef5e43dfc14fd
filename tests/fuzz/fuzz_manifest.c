/* A manifest read back (from a tag, a kit or a bundle), and compared. */
#include "sakra/manifest.h"
#include "fuzz.h"

static int count(void *ctx, enum sakra_change change, const char *path)
{
	(void)change;
	(void)path;
	++*(size_t *)ctx;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sakra_manifest *m = NULL;
	struct sakra_error err;
	size_t n = 0;

	if (sakra_manifest_parse(&m, "MANIFEST", (const char *)data, size, &err) < 0)
		return 0;
	sakra_manifest_compare(m, m, count, &n);
	if (n)
		__builtin_trap();   /* a manifest differs from itself */
	sakra_manifest_compare(NULL, m, count, &n);
	for (size_t i = 0; i < m->n; i++)
		if (sakra_manifest_find(m, m->files[i].path) != &m->files[i])
			__builtin_trap();
	sakra_manifest_free(m);
	return 0;
}
