/* What a pusher or a cloned repository supplies for approvals, and what a
 * bundle carries of them: an approved/vN tag's message (the signatures in
 * it, each with its trusted comment), and a bundle's HISTORY. The first
 * byte chooses; the signatures read are judged as a version's. */
#include <stdlib.h>

#include "sakra/approval.h"
#include "sakra/history.h"
#include "fuzz.h"

static const char manifest[] =
	"# sakra manifest 1\n# organisation: X\n# framework: thl-3-2024\n"
	"# commit: 4b5552656d2635d89cdab153d1c84fb4324a860a\n"
	"# tree: 07223c6996480f0a2fc7e4c1230ab9165d80ba73\n# files: 0\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sakra_error err;
	char *text;

	if (size < 1 || !(text = malloc(size)))
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	switch (data[0] % 3) {
	case 0: {
		struct sakra_versions *vs = calloc(1, sizeof(*vs));
		struct sakra_version *v;

		if (!vs || !(vs->v = calloc(1, sizeof(*vs->v)))) {
			free(vs);
			break;
		}
		vs->n = 1;
		v = &vs->v[0];
		v->number = 1;
		memcpy(v->commit, "4b5552656d2635d89cdab153d1c84fb4324a860a", 41);
		v->manifest = strdup(manifest);
		v->manifest_len = sizeof(manifest) - 1;
		v->org_id = strdup("2345678-0");
		if (v->manifest && v->org_id && sakra_version_read_signatures(v, text) == 0)
			sakra_versions_judge(vs);
		sakra_versions_free(vs);
		break;
	}
	case 1: {
		struct sakra_approval_claim c;

		if (sakra_approval_comment_parse(&c, text) == 0)
			sakra_approval_claim_clear(&c);
		break;
	}
	default: {
		struct sakra_versions *vs = calloc(1, sizeof(*vs));

		if (vs && sakra_history_read(vs, text, size - 1, 1 + data[0] / 3 % 4, &err) == 0)
			sakra_versions_judge(vs);
		sakra_versions_free(vs);
		break;
	}
	}
	free(text);
	return 0;
}
