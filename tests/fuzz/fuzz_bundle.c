/* The bundle reader: tar or zip, every check it makes, and the site it
 * renders again when the content verifies. Nothing is written. */
#include "sakra/bundle.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sakra_bundle_report *r = NULL;
	struct fuzz_source src = { data, size, 0 };
	struct sakra_error err;

	if (sakra_bundle_read(&r, fuzz_read, &src, "lösenord", NULL, NULL, 0, &err) == 0)
		sakra_bundle_report_free(r);
	return 0;
}
