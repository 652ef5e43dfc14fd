/* The document model: front matter, headings, fields, links and
 * placeholders of any bytes (CR-only and mixed line endings too). */
#include "sakra/doc.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sakra_diags diags = SAKRA_DIAGS_INIT;
	struct sakra_doc *doc = NULL;
	struct sakra_error err;

	if (sakra_doc_parse(&doc, "plan/fuzz.md", (const char *)data, size, &diags, &err) == 0)
		sakra_doc_free(doc);
	sakra_diags_free(&diags);
	return 0;
}
