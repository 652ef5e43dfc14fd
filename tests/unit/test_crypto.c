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
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_equal_and_secure),
	};

	return cmocka_run_group_tests_name("crypto", tests, NULL, NULL);
}
