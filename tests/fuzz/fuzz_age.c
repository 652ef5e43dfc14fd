/* age v1 files: the header, the stanzas, the MAC and the STREAM payload,
 * opened with an X25519 identity (the age test kit's, or the one named on
 * an "identity:" line of a test kit file's preamble). */
#include <stdlib.h>

#include "sakra/age.h"
#include "fuzz.h"

static const char kit_identity[] =
	"AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sakra_age_identities *ids = NULL;
	struct sakra_age_reader *r = NULL;
	struct fuzz_source src = { data, size, 0 };
	struct sakra_error err;
	const char *id = kit_identity;
	size_t idlen = sizeof(kit_identity) - 1;
	unsigned char buf[70000];

	/* a test kit file: "key: value" lines, a blank line, the age file */
	if (size > 8 && !memcmp(data, "expect: ", 8)) {
		const uint8_t *end = NULL;

		for (size_t i = 0; i + 1 < size; i++)
			if (data[i] == '\n' && data[i + 1] == '\n') {
				end = data + i + 2;
				break;
			}
		if (!end)
			return 0;
		for (const uint8_t *p = data; p < end; p++)
			if ((p == data || p[-1] == '\n') && end - p > 10 && !memcmp(p, "identity: ", 10)) {
				id = (const char *)p + 10;
				idlen = (size_t)(memchr(p, '\n', (size_t)(end - p)) ? (const uint8_t *)
					memchr(p, '\n', (size_t)(end - p)) - p - 10 : 0);
			}
		src.at = (size_t)(end - data);
	}
	if (sakra_age_identities_parse(&ids, "id", id, idlen, &err) < 0)
		return 0;
	if (sakra_age_reader_new(&r, fuzz_read, &src, ids, NULL, 0, NULL, &err) == 0) {
		while (sakra_age_read(r, buf, sizeof(buf), NULL, &err) > 0)
			;
		sakra_age_reader_free(r);
	}
	sakra_age_identities_free(ids);
	return 0;
}
