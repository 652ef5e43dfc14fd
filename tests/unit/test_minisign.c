/* Unit tests: crypto and minisign formats, against files made by minisign
 * 0.11 itself (an unencrypted key, an encrypted one with password "pw",
 * and their signatures), and on truncated, oversized and garbage input. */
#include "unit.h"

#include "sakra/minisign.h"

/* minisign -G -W; echo hello > m; minisign -S -t "trusted here" */
static const char k_pub[] =
	"untrusted comment: minisign public key 8CDAAB689A3FD4A4\n"
	"RWSk1D+aaKvajGup1XX2NPh2uJN5/dM0ei9GlOoKfJylB/GoQC/4mst4\n";
static const char k_key[] =
	"untrusted comment: minisign encrypted secret key\n"
	"RWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAApNQ/mmir2ow2NKCHZDXtXXjsAJoSFn2+jBtBPBpNjUPxvsjbvRxqjWup1XX2NPh2uJN5/dM0ei9GlOoKfJylB/GoQC/4mst4AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
static const char m_sig[] =
	"untrusted comment: signature from minisign secret key\n"
	"RUSk1D+aaKvajNNO3Ajuml8OGcB68JJLEa2IvBkLP5HK0SYNCDDgafRnUPlMZ/RAH254+aOxxizLUy8FPq0/cutfw9y7eC+heww=\n"
	"trusted comment: trusted here\n"
	"AyE4H2YWVAIZk8AEO/imfB/3nKZbxEGAJXfY1zIo2ip2hRcAXPttsOp6+2HUjYkGR8ia4Bh/aGmXkPOFU9itBQ==\n";
/* minisign -G (password "pw", opslimit 2^25, memlimit 1 GiB); -S -t tc */
static const char e_pub[] =
	"untrusted comment: minisign public key 7639577AFA8639F6 name=\"Anna Lind\" role=ansvarig-forestandare\n"
	"RWT2OYb6elc5dkZphJxM0n7r59rLA1v4PX4IY2yKuT4GPOP5hXiqsxBH\n";
static const char e_key[] =
	"untrusted comment: minisign encrypted secret key\n"
	"RWRTY0IyMe9v09hY4cQ/DEI+JvPdSxNG+5bx8NT2LlY1ssTYgXgAAAACAAAAAAAAAEAAAAAAcNfxvTGYww0MwXlEAaMkpsrLgSz0jvPHgmqL0nC/vc4VP+izygpBTvuhi+4MNWMempgW53GBlkUufmRhDd7VPNVuRznmWcB9M+Nuptd/zcxD4zFXZcMnvWbLxTvbM6R9024oM1sw1AQ=\n";
static const char e_sig[] =
	"untrusted comment: signature from minisign secret key\n"
	"RUT2OYb6elc5dsZMFVVrjX98HBp53kEvjmrzEjBz12shKZEj4qKukpZrFUZ6mcXOgnwcFLHpi8FcGiASV9seol6ZhT8NIhf0zAc=\n"
	"trusted comment: tc\n"
	"InyQST7itfhKK49i6PQ1BNf9ONF8gdpZDI3eB5QdUgwHeIb6C6HZDdabhtwbrMh7neJp7eqgLrz+ELsFN8LnBA==\n";

static void test_base64(void **state)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	unsigned char out[8];

	(void)state;
	assert_int_equal(sakra_base64_encode(&b, "hello", 5), 0);
	assert_string_equal(b.ptr, "aGVsbG8=");
	assert_int_equal(sakra_base64_decode(out, sizeof(out), "aGVsbG8=", 8), 5);
	assert_memory_equal(out, "hello", 5);
	assert_int_equal(sakra_base64_decode(out, sizeof(out), "aGVsbA==", 8), 4);
	assert_int_equal(sakra_base64_decode(out, sizeof(out), "aGVsbG8", 7), -1);    /* length */
	assert_int_equal(sakra_base64_decode(out, sizeof(out), "aGV=bG8=", 8), -1);   /* inner pad */
	assert_int_equal(sakra_base64_decode(out, sizeof(out), "aGVs*G8=", 8), -1);   /* alphabet */
	assert_int_equal(sakra_base64_decode(out, 4, "aGVsbG8=", 8), -1);             /* too long */
	assert_int_equal(sakra_base64_decode(out, sizeof(out), "a\0Vs", 4), -1);
	/* one text per bytes: unused bits set, or padding that does not fit */
	assert_int_equal(sakra_base64_decode(out, sizeof(out), "aGVsbG9=", 8), -1);
	assert_int_equal(sakra_base64_decode(out, sizeof(out), "aGVsbB==", 8), -1);
	assert_int_equal(sakra_base64_decode(out, sizeof(out), "aGVs====", 8), -1);
	assert_int_equal(sakra_base64_decode(out, sizeof(out), "aGVsb===", 8), -1);
	assert_int_equal(sakra_base64_decode_raw(out, sizeof(out), "aGVsbG8", 7, 0), 5);
	assert_int_equal(sakra_base64_decode_raw(out, sizeof(out), "aGVsbG8=", 8, 0), -1);
	assert_int_equal(sakra_base64_decode_raw(out, sizeof(out), "aGVsbG9", 7, 0), -1);
	sakra_buf_free(&b);
}

static void test_verify_minisign_files(void **state)
{
	struct sakra_pubkey k, e;
	struct sakra_minisig s;
	struct sakra_error err;

	(void)state;
	assert_int_equal(sakra_pubkey_parse(&k, "k.pub", k_pub, strlen(k_pub), &err), 0);
	assert_string_equal(k.id, "8CDAAB689A3FD4A4");
	assert_null(k.role);
	assert_int_equal(sakra_minisig_parse(&s, "m.minisig", m_sig, strlen(m_sig), &err), 0);
	assert_true(s.prehashed);
	assert_string_equal(s.trusted, "trusted here");
	assert_true(sakra_minisig_verify(&s, &k, "hello\n", 6));
	assert_false(sakra_minisig_verify(&s, &k, "hello!", 6));
	/* An edited trusted comment breaks the global signature. */
	free(s.trusted);
	s.trusted = strdup("trusted there");
	assert_false(sakra_minisig_verify(&s, &k, "hello\n", 6));
	sakra_minisig_clear(&s);
	/* Another key's signature. */
	assert_int_equal(sakra_pubkey_parse(&e, "e.pub", e_pub, strlen(e_pub), &err), 0);
	assert_string_equal(e.name, "Anna Lind");
	assert_string_equal(e.role, "ansvarig-forestandare");
	assert_int_equal(sakra_minisig_parse(&s, "m2.minisig", e_sig, strlen(e_sig), &err), 0);
	assert_false(sakra_minisig_verify(&s, &k, "hello\n", 6));
	assert_true(sakra_minisig_verify(&s, &e, "hello\n", 6));
	sakra_minisig_clear(&s);
	sakra_pubkey_clear(&k);
	sakra_pubkey_clear(&e);
}

static void test_sign_with_minisign_keys(void **state)
{
	struct sakra_seckey *sk;
	struct sakra_pubkey pk;
	struct sakra_minisig s;
	struct sakra_buf sig = SAKRA_BUF_INIT;
	struct sakra_error err;
	int needs = 0;

	(void)state;
	/* Unencrypted. */
	assert_int_equal(sakra_seckey_parse(&sk, "k.key", k_key, strlen(k_key), NULL, 0, &needs,
					    &err), 0);
	assert_string_equal(sk->id, "8CDAAB689A3FD4A4");
	assert_int_equal(sakra_minisig_sign(&sig, sk, "data", 4, "u", "version=1", &err), 0);
	assert_int_equal(sakra_pubkey_parse(&pk, "k.pub", k_pub, strlen(k_pub), &err), 0);
	assert_int_equal(sakra_minisig_parse(&s, "x", sig.ptr, sig.len, &err), 0);
	assert_true(sakra_minisig_verify(&s, &pk, "data", 4));
	sakra_minisig_clear(&s);
	sakra_pubkey_clear(&pk);
	sakra_seckey_free(sk);
	/* Encrypted by minisign: a passphrase is needed; a wrong one is refused;
	 * the right one (scrypt N = 2^20 from minisign's limits) decrypts. */
	assert_int_equal(sakra_seckey_parse(&sk, "e.key", e_key, strlen(e_key), NULL, 0, &needs,
					    &err), SAKRA_EAUTH);
	assert_true(needs);
	assert_int_equal(sakra_seckey_parse(&sk, "e.key", e_key, strlen(e_key), "px", 2, &needs,
					    &err), SAKRA_EAUTH);
	assert_non_null(strstr(err.message, "wrong passphrase"));
	assert_int_equal(sakra_seckey_parse(&sk, "e.key", e_key, strlen(e_key), "pw", 2, &needs,
					    &err), 0);
	assert_string_equal(sk->id, "7639577AFA8639F6");
	sakra_seckey_free(sk);
	sakra_buf_free(&sig);
}

static void test_roundtrip(void **state)
{
	struct sakra_seckey *sk, *back;
	struct sakra_pubkey pk;
	struct sakra_buf pub = SAKRA_BUF_INIT;
	char *text;
	size_t len;
	struct sakra_error err;

	(void)state;
	assert_int_equal(sakra_seckey_generate(&sk, &err), 0);
	assert_int_equal(sakra_pubkey_format(&pub, sk->keynum, sk->pk, "Åsa Berg", "it-chef"), 0);
	assert_int_equal(sakra_pubkey_parse(&pk, "p", pub.ptr, pub.len, &err), 0);
	assert_string_equal(pk.name, "Åsa Berg");
	assert_string_equal(pk.role, "it-chef");
	assert_string_equal(pk.id, sk->id);
	/* Cheap scrypt limits here (N = 2^10); the e2e tests use minisign's. */
	assert_int_equal(sakra_seckey_format(&text, &len, sk, "hemligt", 7, 32768, 1 << 20, &err), 0);
	assert_non_null(strstr(text, "untrusted comment: "));
	/* a secret key is recognised as one (check's secret.key), a public
	 * key and a signature-like text are not */
	assert_true(sakra_seckey_looks_like(text, len));
	assert_false(sakra_seckey_looks_like(pub.ptr, pub.len));
	assert_false(sakra_seckey_looks_like(text + 1, len - 1));
	assert_false(sakra_seckey_looks_like("", 0));
	assert_int_equal(sakra_seckey_parse(&back, "s", text, len, "hemligt", 7, NULL, &err), 0);
	assert_memory_equal(back->seed, sk->seed, 32);
	assert_memory_equal(back->pk, sk->pk, 32);
	sakra_seckey_free(back);
	assert_int_equal(sakra_seckey_parse(&back, "s", text, len, "hemligT", 7, NULL, &err),
			 SAKRA_EAUTH);
	sakra_secure_free(text);
	assert_int_equal(sakra_seckey_format(&text, &len, sk, NULL, 0, 0, 0, &err), 0);
	assert_true(sakra_seckey_looks_like(text, len));
	assert_int_equal(sakra_seckey_parse(&back, "s", text, len, NULL, 0, NULL, &err), 0);
	assert_memory_equal(back->seed, sk->seed, 32);
	sakra_seckey_free(back);
	sakra_secure_free(text);
	sakra_pubkey_clear(&pk);
	sakra_buf_free(&pub);
	sakra_seckey_free(sk);
}

/* A secret key file may ask scrypt for any amount of memory: above 1 GiB
 * it is refused before anything is allocated (this one asks for 16 GiB). */
static void test_scrypt_memory_limit(void **state)
{
	struct sakra_seckey *sk, *back = NULL;
	struct sakra_buf out = SAKRA_BUF_INIT;
	unsigned char raw[200];
	char *text, *line, *end;
	size_t len;
	long n;
	struct sakra_error err;

	(void)state;
	assert_int_equal(sakra_scrypt(raw, 32, "p", 1, "salt", 4, 1ULL << 21, 1, &err), SAKRA_ELIMIT);
	assert_int_equal(sakra_seckey_generate(&sk, &err), 0);
	assert_int_equal(sakra_seckey_format(&text, &len, sk, "pw", 2, 32768, 1 << 20, &err), 0);
	line = strchr(text, '\n') + 1;
	end = strchr(line, '\n');
	n = sakra_base64_decode(raw, sizeof(raw), line, (size_t)(end - line));
	assert_true(n > 54);
	for (int i = 0; i < 8; i++) {   /* opslimit 2^40, memlimit 2^34, little-endian */
		raw[38 + i] = (unsigned char)((1ULL << 40) >> (8 * i));
		raw[46 + i] = (unsigned char)((1ULL << 34) >> (8 * i));
	}
	assert_int_equal(sakra_buf_printf(&out, "untrusted comment: x\n"), 0);
	assert_int_equal(sakra_base64_encode_raw(&out, raw, (size_t)n, 1), 0);
	assert_int_equal(sakra_buf_putc(&out, '\n'), 0);
	assert_int_equal(sakra_seckey_parse(&back, "s", out.ptr, out.len, "pw", 2, NULL, &err),
			 SAKRA_ELIMIT);
	assert_non_null(strstr(err.message, "at most 1024 MiB"));
	assert_null(back);
	sakra_secure_free(text);
	sakra_buf_free(&out);
	sakra_seckey_free(sk);
}

static void test_garbage(void **state)
{
	static const char *const bad[] = {
		"", "\n", "untrusted comment: x\n", "untrusted comment: x\nRWSk1D+aaKva\n",
		"untrusted comment: x\n!!!!\n", "untrusted comment: x\nAAAA\ntrusted comment: y\nAAAA\n",
	};
	struct sakra_pubkey pk;
	struct sakra_minisig s;
	struct sakra_seckey *sk;
	struct sakra_error err;
	char big[3000];
	size_t n = strlen(m_sig);
	char *cut;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(sakra_pubkey_parse(&pk, "b", bad[i], strlen(bad[i]), &err),
				 SAKRA_EPARSE);
		assert_int_equal(sakra_minisig_parse(&s, "b", bad[i], strlen(bad[i]), &err),
				 SAKRA_EPARSE);
		assert_int_equal(sakra_seckey_parse(&sk, "b", bad[i], strlen(bad[i]), NULL, 0, NULL,
						    &err), SAKRA_EPARSE);
	}
	/* Every truncation of a good signature is refused, never read past. */
	for (size_t i = 0; i + 1 < n; i++) {
		cut = malloc(i ? i : 1);
		memcpy(cut, m_sig, i);
		if (sakra_minisig_parse(&s, "t", cut, i, &err) == 0) {
			/* Only a cut inside the last line's newline is a whole file. */
			assert_true(i >= n - 1);
			sakra_minisig_clear(&s);
		}
		free(cut);
	}
	/* An oversized comment line. */
	memset(big, 'x', sizeof(big));
	memcpy(big, "untrusted comment: ", 19);
	big[sizeof(big) - 1] = '\n';
	assert_int_equal(sakra_minisig_parse(&s, "b", big, sizeof(big), &err), SAKRA_EPARSE);
	assert_int_equal(sakra_pubkey_parse(&pk, "b", big, sizeof(big), &err), SAKRA_EPARSE);
	/* A key of another algorithm. */
	assert_int_equal(sakra_pubkey_parse(&pk, "b", "c\nRVSk1D+aaKvajGup1XX2NPh2uJN5/dM0ei9GlOoKfJylB/GoQC/4mst4\n",
					    59, &err), SAKRA_EPARSE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_verify_minisign_files),
		cmocka_unit_test(test_sign_with_minisign_keys),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_scrypt_memory_limit),
		cmocka_unit_test(test_garbage),
	};

	return cmocka_run_group_tests_name("minisign", tests, NULL, NULL);
}
