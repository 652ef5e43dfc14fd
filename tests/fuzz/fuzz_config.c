/* sakra.yml, checked against a built-in framework as the plan loader does. */
#include "sakra/config.h"
#include "sakra/framework.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sakra_framework *fw;
	struct sakra_diags diags = SAKRA_DIAGS_INIT;
	struct sakra_config *cfg = NULL;
	struct sakra_error err;

	if (!fw && sakra_framework_load(&fw, "thl-3-2024", &err) < 0)
		return 0;
	if (sakra_config_parse(&cfg, (const char *)data, size, &diags, &err) == 0 && cfg) {
		sakra_config_check_framework(cfg, fw, &diags);
		for (size_t i = 0; i < cfg->nlevels; i++)
			(void)sakra_config_level(cfg, cfg->levels[i].id);
	}
	sakra_config_free(cfg);
	sakra_diags_free(&diags);
	return 0;
}
