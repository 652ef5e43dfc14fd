/* Unit tests: crypto (hashes against published vectors, Ed25519, one
 * strict base64, constant-time comparison, secure memory). */
#include "unit.h"

#include "sakra/crypto.h"

static void test_sha256(void **state)
{
	struct sakra_sha256 *h = NULL;
	struct sakra_error err;
	char hex[65];

	(void)state;
	assert_int_equal(sakra_crypto_init(&err), 0);
	assert_int_equal(sakra_sha256_new(&h, &err), 0);
	sakra_sha256_update(h, "ab", 2);
	assert_int_equal(sakra_sha256_sink(h, "c", 1, &err), 0);
	sakra_sha256_final_hex(h, hex);   /* and frees h */
	/* FIPS 180-2, "abc" */
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_ed25519(void **state)
{
	unsigned char seed[SAKRA_ED25519_SEED], pk[SAKRA_ED25519_PUBLIC], sig[SAKRA_ED25519_SIG];
	struct sakra_error err;

	(void)state;
	assert_int_equal(sakra_ed25519_keygen(seed, pk, &err), 0);
	assert_int_equal(sakra_ed25519_sign(sig, seed, pk, "manifest", 8, &err), 0);
	assert_true(sakra_ed25519_verify(sig, pk, "manifest", 8));
	assert_false(sakra_ed25519_verify(sig, pk, "manifesT", 8));
	sig[0] ^= 1;
	assert_false(sakra_ed25519_verify(sig, pk, "manifest", 8));
	/* a seed signs only with its own public key */
	pk[0] ^= 1;
	assert_int_equal(sakra_ed25519_sign(sig, seed, pk, "manifest", 8, &err), SAKRA_EINVAL);
}

static void unhex(unsigned char *out, const char *hex)
{
	for (size_t i = 0; hex[2 * i]; i++)
		sscanf(hex + 2 * i, "%2hhx", &out[i]);
}

/* RFC 8032, 7.1, test 1; and the same signature with L added to S, which
 * minisign (libsodium) refuses as non-canonical, so sakra must too. */
static void test_ed25519_vector(void **state)
{
	static const unsigned char L[32] = {
		0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9,
		0xde, 0x14, [31] = 0x10 };
	unsigned char seed[32], pk[32], sig[64], want[64];
	struct sakra_error err;
	unsigned carry = 0;

	(void)state;
	unhex(seed, "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
	unhex(pk, "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
	unhex(want, "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
		    "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
	assert_int_equal(sakra_ed25519_sign(sig, seed, pk, "", 0, &err), 0);
	assert_memory_equal(sig, want, 64);
	assert_true(sakra_ed25519_verify(want, pk, "", 0));
	for (int i = 0; i < 32; i++) {
		carry += want[32 + i] + L[i];
		want[32 + i] = (unsigned char)carry;
		carry >>= 8;
	}
	assert_false(sakra_ed25519_verify(want, pk, "", 0));
}

static void test_base64(void **state)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	unsigned char out[16];

	(void)state;
	assert_int_equal(sakra_base64_encode(&b, "sakra", 5), 0);
	assert_string_equal(b.ptr, "c2FrcmE=");
	assert_int_equal(sakra_base64_decode(out, sizeof(out), b.ptr, b.len), 5);
	assert_memory_equal(out, "sakra", 5);
	/* strict: no missing padding, no stray characters, no non-zero spare bits */
	assert_true(sakra_base64_decode(out, sizeof(out), "c2FrcmE", 7) < 0);
	assert_true(sakra_base64_decode(out, sizeof(out), "c2Fr cmE=", 9) < 0);
	assert_true(sakra_base64_decode(out, sizeof(out), "c2FrcmF=", 8) < 0);
	assert_true(sakra_base64_decode(out, 2, "c2FrcmE=", 8) < 0);   /* too long for out */
	sakra_buf_clear(&b);
	assert_int_equal(sakra_base64_encode_raw(&b, "sakra", 5, 0), 0);   /* age: unpadded */
	assert_string_equal(b.ptr, "c2FrcmE");
	assert_int_equal(sakra_base64_decode_raw(out, sizeof(out), "c2FrcmE", 7, 0), 5);
	sakra_buf_free(&b);
}

static void test_equal_and_secure(void **state)
{
	char *s;

	(void)state;
	assert_true(sakra_equal_ct("abcd", "abcd", 4));
	assert_false(sakra_equal_ct("abcd", "abce", 4));
	s = sakra_secure_alloc(32);
	assert_non_null(s);
	memcpy(s, "secret", 7);
	sakra_wipe(s, 7);
	assert_memory_equal(s, "\0\0\0\0\0\0\0", 7);
	sakra_secure_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_ed25519),
		cmocka_unit_test(test_ed25519_vector),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_equal_and_secure),
	};

	return cmocka_run_group_tests_name("crypto", tests, NULL, NULL);
}
