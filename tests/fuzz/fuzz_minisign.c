/* minisign public keys, signatures and (unencrypted or not) secret keys;
 * the first byte chooses. A parsed signature is verified with a parsed key. */
#include "sakra/minisign.h"
#include "fuzz.h"

static const char key[] =
	"untrusted comment: minisign public key 7639577AFA8639F6 name=\"Anna Lind\" "
	"role=ansvarig-forestandare\n"
	"RWT2OYb6elc5dkZphJxM0n7r59rLA1v4PX4IY2yKuT4GPOP5hXiqsxBH\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sakra_error err;
	const char *text = (const char *)data + 1;

	if (size < 1)
		return 0;
	switch (data[0] % 3) {
	case 0: {
		struct sakra_pubkey k;

		if (sakra_pubkey_parse(&k, "fuzz.pub", text, size - 1, &err) == 0)
			sakra_pubkey_clear(&k);
		break;
	}
	case 1: {
		struct sakra_minisig s;
		struct sakra_pubkey k;

		if (sakra_minisig_parse(&s, "fuzz.minisig", text, size - 1, &err) < 0)
			break;
		if (sakra_pubkey_parse(&k, "k.pub", key, sizeof(key) - 1, &err) == 0) {
			(void)sakra_minisig_verify(&s, &k, "x", 1);
			sakra_pubkey_clear(&k);
		}
		sakra_minisig_clear(&s);
		break;
	}
	default: {
		struct sakra_seckey *sk = NULL;
		int needs = 0;

		/* no passphrase: an encrypted key stops before scrypt */
		if (sakra_seckey_parse(&sk, "fuzz.key", text, size - 1, NULL, 0, &needs, &err) == 0)
			sakra_seckey_free(sk);
		break;
	}
	}
	return 0;
}
