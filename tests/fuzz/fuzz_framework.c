/* A framework file, and a repository's requirements.yml added to a
 * built-in framework (the first byte chooses). */
#include "sakra/framework.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sakra_framework *fw = NULL;
	struct sakra_error err;

	if (size < 1)
		return 0;
	if (data[0] & 1) {
		if (sakra_framework_parse(&fw, "fuzz.yml", (const char *)data + 1, size - 1, &err) == 0)
			sakra_framework_free(fw);
		return 0;
	}
	if (sakra_framework_load(&fw, data[0] & 2 ? "msb-region" : "thl-3-2024", &err) < 0)
		return 0;
	(void)sakra_framework_add(fw, (const char *)data + 1, size - 1, &err);
	sakra_framework_free(fw);
	return 0;
}
