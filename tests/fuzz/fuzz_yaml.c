/* YAML as every front matter, sakra.yml and requirements.yml is read. */
#include "sakra/yaml.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sakra_yaml *y = NULL;
	struct sakra_error err;

	if (sakra_yaml_parse(&y, (const char *)data, size, 1, &err) == 0)
		sakra_yaml_free(y);
	return 0;
}
