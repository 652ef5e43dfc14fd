/* Unit tests: age v1 — every published test vector of the age test kit
 * (tests/fixtures/age-testkit, the binary X25519 and scrypt ones) decrypts,
 * or fails in exactly the way the vector says, releasing exactly the
 * plaintext it names; round trips over the chunk boundaries; keys and
 * identity files; tampering. */
#include "unit.h"

#include <dirent.h>
#include <stdio.h>

#include <zlib.h>

#include "sakra/age.h"
#include "sakra/crypto.h"
#include "sakra/fs.h"
#include "sakra/stream.h"
#include "sakra/text.h"

#define KIT "tests/fixtures/age-testkit"

struct mem {
	const unsigned char *p;
	size_t len, pos, step;     /* step: the most a read returns (0: any) */
};

static long mem_read(void *ctx, void *buf, size_t len, struct sakra_error *err)
{
	struct mem *m = ctx;
	size_t n = m->len - m->pos;

	(void)err;
	if (n > len)
		n = len;
	if (m->step && n > m->step)
		n = m->step;
	memcpy(buf, m->p + m->pos, n);
	m->pos += n;
	return (long)n;
}

static int buf_sink(void *ctx, const void *data, size_t len, struct sakra_error *err)
{
	(void)err;
	return sakra_buf_put(ctx, data, len);
}

/* Decrypts all of data; the plaintext released goes to out. The failure
 * kind, or SAKRA_AGE_OK. */
static enum sakra_age_failure decrypt(const unsigned char *data, size_t len, size_t step,
				      const struct sakra_age_identities *ids, const char *pass,
				      struct sakra_buf *out, struct sakra_error *err)
{
	struct mem m = { data, len, 0, step };
	struct sakra_age_reader *r;
	enum sakra_age_failure why;
	unsigned char buf[10000];
	long n;

	sakra_buf_clear(out);
	if (sakra_age_reader_new(&r, mem_read, &m, ids, pass, pass ? strlen(pass) : 0, &why,
				 err) < 0) {
		assert_int_not_equal(why, SAKRA_AGE_OK);
		return why;
	}
	while ((n = sakra_age_read(r, buf, sizeof(buf), &why, err)) > 0)
		assert_int_equal(sakra_buf_put(out, buf, (size_t)n), 0);
	sakra_age_reader_free(r);
	if (n < 0)
		assert_int_not_equal(why, SAKRA_AGE_OK);
	return n < 0 ? why : SAKRA_AGE_OK;
}

static enum sakra_age_failure expect_kind(const char *s)
{
	if (!strcmp(s, "success"))
		return SAKRA_AGE_OK;
	if (!strcmp(s, "no match"))
		return SAKRA_AGE_NO_MATCH;
	if (!strcmp(s, "HMAC failure"))
		return SAKRA_AGE_HMAC;
	if (!strcmp(s, "header failure"))
		return SAKRA_AGE_HEADER;
	if (!strcmp(s, "payload failure"))
		return SAKRA_AGE_PAYLOAD;
	fail_msg("unknown expectation '%s'", s);
	return SAKRA_AGE_OK;
}

static void run_vector(const char *name, int *ran)
{
	struct sakra_buf file = SAKRA_BUF_INIT, ids_text = SAKRA_BUF_INIT, body = SAKRA_BUF_INIT,
			 out = SAKRA_BUF_INIT, path = SAKRA_BUF_INIT;
	struct sakra_age_identities *ids = NULL;
	struct sakra_error err;
	char expect[64] = "", payload[65] = "", pass[128] = "", hex[65];
	int compressed = 0, armored = 0, has_pass = 0;
	const char *p, *end;
	struct sakra_sha256 *h;

	assert_int_equal(sakra_buf_printf(&path, "%s/%s", KIT, name), 0);
	assert_int_equal(sakra_file_read(path.ptr, &file, 0, &err), 0);
	p = file.ptr;
	end = file.ptr + file.len;
	while (p < end && *p != '\n') {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = (size_t)(nl - p);

		assert_non_null(nl);
		if (!strncmp(p, "expect: ", 8))
			snprintf(expect, sizeof(expect), "%.*s", (int)l - 8, p + 8);
		else if (!strncmp(p, "payload: ", 9))
			snprintf(payload, sizeof(payload), "%.*s", (int)l - 9, p + 9);
		else if (!strncmp(p, "identity: ", 10))
			assert_int_equal(sakra_buf_printf(&ids_text, "%.*s\n", (int)l - 10, p + 10), 0);
		else if (!strncmp(p, "passphrase: ", 12)) {
			snprintf(pass, sizeof(pass), "%.*s", (int)l - 12, p + 12);
			has_pass = 1;
		} else if (!strncmp(p, "compressed: zlib", 16))
			compressed = 1;
		else if (!strncmp(p, "armored: yes", 12))
			armored = 1;
		p = nl + 1;
	}
	assert_true(p < end);
	p++;
	if (armored)
		goto out;
	if (compressed) {
		uLongf n = 64 << 20;

		assert_int_equal(sakra_buf_grow(&body, n), 0);
		assert_int_equal(uncompress((Bytef *)body.ptr, &n, (const Bytef *)p,
					    (uLong)(end - p)), Z_OK);
		body.len = n;
	} else {
		assert_int_equal(sakra_buf_put(&body, p, (size_t)(end - p)), 0);
	}
	if (ids_text.len)
		assert_int_equal(sakra_age_identities_parse(&ids, name, ids_text.ptr, ids_text.len,
							    &err), 0);
	{
		enum sakra_age_failure want = expect_kind(expect), got;

		/* once in one piece, once in odd little reads */
		for (size_t step = 0; step <= 7; step += 7) {
			got = decrypt((unsigned char *)body.ptr, body.len, step, ids,
				      has_pass ? pass : NULL, &out, &err);
			if (got != want)
				fail_msg("%s: expected '%s', got kind %d: %s", name, expect, got,
					 err.message);
			if (payload[0]) {
				assert_int_equal(sakra_sha256_new(&h, &err), 0);
				sakra_sha256_update(h, out.ptr, out.len);
				sakra_sha256_final_hex(h, hex);
				if (strcmp(hex, payload))
					fail_msg("%s: released plaintext does not match", name);
			}
		}
	}
	(*ran)++;
out:
	sakra_age_identities_free(ids);
	sakra_buf_free(&file);
	sakra_buf_free(&ids_text);
	sakra_buf_free(&body);
	sakra_buf_free(&out);
	sakra_buf_free(&path);
}

static void test_testkit(void **state)
{
	DIR *d = opendir(KIT);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;
	int ran = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "LICENSE") ||
		    !strcmp(e->d_name, "README.md"))
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	for (size_t i = 0; i < n; i++) {
		run_vector(names[i], &ran);
		free(names[i]);
	}
	free(names);
	assert_true(ran >= 90);
}

/* --- round trips ---------------------------------------------------------- */

static struct sakra_age_identities *new_identity(unsigned char pk[32])
{
	struct sakra_age_identities *ids;
	struct sakra_error err;
	char *text, recipient[63];

	assert_int_equal(sakra_age_keygen(&text, recipient, "2026-11-23T00:00:00Z", &err), 0);
	assert_non_null(strstr(text, "# public key: age1"));
	assert_non_null(strstr(text, "\nAGE-SECRET-KEY-1"));
	assert_int_equal(strlen(recipient), 62);
	assert_int_equal(sakra_age_recipient_parse(pk, recipient, &err), 0);
	assert_int_equal(sakra_age_identities_parse(&ids, "key.txt", text, strlen(text), &err), 0);
	sakra_secure_free(text);
	return ids;
}

static void encrypt(struct sakra_buf *out, const unsigned char (*pks)[32], size_t n,
		    const char *pass, const void *data, size_t len)
{
	struct sakra_age_writer *w;
	struct sakra_error err;
	const unsigned char *p = data;

	sakra_buf_clear(out);
	assert_int_equal(sakra_age_writer_new(&w, pks, n, pass, pass ? strlen(pass) : 0, 10,
					      buf_sink, out, &err), 0);
	/* in uneven pieces, to cross chunk boundaries inside a write */
	for (size_t i = 0; i < len; ) {
		size_t k = len - i < 40000 ? len - i : 40000;

		assert_int_equal(sakra_age_write(w, p + i, k, &err), 0);
		i += k;
	}
	assert_int_equal(sakra_age_finish(w, &err), 0);
	assert_int_not_equal(sakra_age_write(w, "x", 1, &err), 0);
	sakra_age_writer_free(w);
}

/* check's secret.key: an identity line anywhere, not the word in prose. */
static void test_identity_looks_like(void **state)
{
	static const char id[] = "# created: 2026-11-23\nAGE-SECRET-KEY-1QQQQ\n";
	static const char prose[] = "Nyckeln (AGE-SECRET-KEY-1…) hålls utanför planen.\n";

	(void)state;
	assert_true(sakra_age_identity_looks_like(id, sizeof(id) - 1));
	assert_true(sakra_age_identity_looks_like(id + 22, sizeof(id) - 23));
	assert_false(sakra_age_identity_looks_like(prose, sizeof(prose) - 1));
	assert_false(sakra_age_identity_looks_like(id, 30));
}

static void test_roundtrip(void **state)
{
	static const size_t sizes[] = { 0, 1, 65535, 65536, 65537, 3 * 65536, 200000 };
	unsigned char pks[2][32];
	struct sakra_age_identities *a = new_identity(pks[0]), *b = new_identity(pks[1]);
	struct sakra_buf enc = SAKRA_BUF_INIT, dec = SAKRA_BUF_INIT;
	struct sakra_error err;
	unsigned char *data = malloc(200000);

	(void)state;
	for (size_t i = 0; i < 200000; i++)
		data[i] = (unsigned char)(i * 7 + (i >> 9));
	for (size_t k = 0; k < sizeof(sizes) / sizeof(*sizes); k++) {
		size_t chunks = sizes[k] ? (sizes[k] + 65535) / 65536 : 1;

		encrypt(&enc, (const unsigned char (*)[32])pks, 2, NULL, data, sizes[k]);
		/* header, 16-byte nonce, then each chunk with its 16-byte tag */
		assert_true(enc.len > sizes[k] + 16 + chunks * 16);
		assert_int_equal(decrypt((unsigned char *)enc.ptr, enc.len, 0, b, NULL, &dec, &err),
				 SAKRA_AGE_OK);
		assert_int_equal(dec.len, sizes[k]);
		assert_memory_equal(dec.ptr, data, sizes[k]);
		assert_int_equal(decrypt((unsigned char *)enc.ptr, enc.len, 0, a, NULL, &dec, &err),
				 SAKRA_AGE_OK);
	}
	/* a passphrase, and a wrong one */
	encrypt(&enc, NULL, 0, "correct horse", data, 70000);
	assert_true(sakra_age_is_scrypt(enc.ptr, enc.len));
	assert_int_equal(decrypt((unsigned char *)enc.ptr, enc.len, 0, NULL, "correct horse", &dec,
				 &err), SAKRA_AGE_OK);
	assert_memory_equal(dec.ptr, data, 70000);
	assert_int_equal(decrypt((unsigned char *)enc.ptr, enc.len, 0, NULL, "wrong", &dec, &err),
			 SAKRA_AGE_NO_MATCH);
	assert_non_null(strstr(err.message, "passphrase is wrong"));
	assert_int_equal(decrypt((unsigned char *)enc.ptr, enc.len, 0, a, NULL, &dec, &err),
			 SAKRA_AGE_NO_MATCH);
	/* a work factor that would take 2 GiB is refused before scrypt runs */
	{
		char *wf = strstr(enc.ptr, " 10\n");   /* the tests write work factor 10 */

		assert_non_null(wf);
		wf[1] = '2';
		wf[2] = '1';
		assert_int_not_equal(decrypt((unsigned char *)enc.ptr, enc.len, 0, NULL,
					     "correct horse", &dec, &err), SAKRA_AGE_OK);
		assert_non_null(strstr(err.message, "work factor 21 is above 20"));
	}
	/* someone else's identity */
	encrypt(&enc, (const unsigned char (*)[32])pks, 1, NULL, data, 10);
	assert_false(sakra_age_is_scrypt(enc.ptr, enc.len));
	assert_int_equal(decrypt((unsigned char *)enc.ptr, enc.len, 0, b, NULL, &dec, &err),
			 SAKRA_AGE_NO_MATCH);
	sakra_age_identities_free(a);
	sakra_age_identities_free(b);
	sakra_buf_free(&enc);
	sakra_buf_free(&dec);
	free(data);
}

static void test_tamper(void **state)
{
	unsigned char pk[32];
	struct sakra_age_identities *a = new_identity(pk);
	struct sakra_buf enc = SAKRA_BUF_INIT, bad = SAKRA_BUF_INIT, dec = SAKRA_BUF_INIT;
	struct sakra_error err;
	unsigned char *data = calloc(1, 150000);
	size_t hdr;

	(void)state;
	encrypt(&enc, (const unsigned char (*)[32])&pk, 1, NULL, data, 150000);
	hdr = (size_t)(strstr(enc.ptr, "\n---") - enc.ptr);
	struct {
		size_t at;
		enum sakra_age_failure want;
	} flips[] = {
		{ hdr - 1, SAKRA_AGE_HEADER },     /* the stanza body's last character */
		{ hdr + 20, SAKRA_AGE_HMAC },      /* inside the MAC */
		{ enc.len - 1, SAKRA_AGE_PAYLOAD },/* the last chunk's tag */
		{ enc.len - 30000, SAKRA_AGE_PAYLOAD },
		{ hdr + 70, SAKRA_AGE_PAYLOAD },   /* the nonce */
	};
	for (size_t i = 0; i < sizeof(flips) / sizeof(*flips); i++) {
		sakra_buf_clear(&bad);
		sakra_buf_put(&bad, enc.ptr, enc.len);
		bad.ptr[flips[i].at] ^= 0x01;
		/* a flip may turn a base64 letter into one outside the alphabet (a
	 * header failure), or change the key wrapped (no match) */
		enum sakra_age_failure got = decrypt((unsigned char *)bad.ptr, bad.len, 0, a, NULL,
						     &dec, &err);
		if (got != flips[i].want && !(flips[i].want == SAKRA_AGE_HEADER &&
					      got == SAKRA_AGE_NO_MATCH) &&
		    !(flips[i].want == SAKRA_AGE_HMAC && got == SAKRA_AGE_HEADER))
			fail_msg("flip %zu: kind %d, expected %d", i, got, flips[i].want);
	}
	/* truncated at a chunk boundary, inside a chunk; extended */
	assert_int_equal(decrypt((unsigned char *)enc.ptr, enc.len - 150000 + 2 * 65536 - 1, 0, a,
				 NULL, &dec, &err), SAKRA_AGE_PAYLOAD);
	assert_int_equal(decrypt((unsigned char *)enc.ptr, enc.len - (150000 - 2 * 65536) - 16, 0,
				 a, NULL, &dec, &err), SAKRA_AGE_PAYLOAD);
	assert_int_equal(dec.len, 2 * 65536);   /* what was released was authentic */
	sakra_buf_clear(&bad);
	sakra_buf_put(&bad, enc.ptr, enc.len);
	sakra_buf_putc(&bad, 0);
	assert_int_equal(decrypt((unsigned char *)bad.ptr, bad.len, 0, a, NULL, &dec, &err),
			 SAKRA_AGE_PAYLOAD);
	sakra_age_identities_free(a);
	sakra_buf_free(&enc);
	sakra_buf_free(&bad);
	sakra_buf_free(&dec);
	free(data);
}

static void test_keys(void **state)
{
	unsigned char pk[32];
	struct sakra_age_identities *ids;
	struct sakra_error err;
	char s[63];
	/* age-keygen's own pair */
	const char *id = "# created: 2026-11-23T10:11:20Z\n"
			 "# public key: age1eydpjwhdqlnfzaq8mvj0pecgxrzmuy07wx6y2z83hdrmejn52e5s5ujl3e\n"
			 "AGE-SECRET-KEY-1YP577ZEYFSC6LM7MN3FUEKAMD7AFHNLFK94CVSYF8UYYPUR06ULSAGKNUC\n";

	(void)state;
	assert_int_equal(sakra_age_recipient_parse(
				 pk, "age1eydpjwhdqlnfzaq8mvj0pecgxrzmuy07wx6y2z83hdrmejn52e5s5ujl3e",
				 &err), 0);
	sakra_age_recipient_format(s, pk);
	assert_string_equal(s, "age1eydpjwhdqlnfzaq8mvj0pecgxrzmuy07wx6y2z83hdrmejn52e5s5ujl3e");
	assert_int_equal(sakra_age_identities_parse(&ids, "k", id, strlen(id), &err), 0);
	assert_int_equal(ids->n, 1);
	{
		/* the identity opens what is encrypted to its recipient */
		struct sakra_buf enc = SAKRA_BUF_INIT, dec = SAKRA_BUF_INIT;

		encrypt(&enc, (const unsigned char (*)[32])&pk, 1, NULL, "hej", 3);
		assert_int_equal(decrypt((unsigned char *)enc.ptr, enc.len, 0, ids, NULL, &dec, &err),
				 SAKRA_AGE_OK);
		assert_int_equal(dec.len, 3);
		sakra_buf_free(&enc);
		sakra_buf_free(&dec);
	}
	sakra_age_identities_free(ids);
	/* a typing error, another kind, mixed case, too short */
	assert_int_not_equal(sakra_age_recipient_parse(
				     pk, "age1eydpjwhdqlnfzaq8mvj0pecgxrzmuy07wx6y2z83hdrmejn52e5s5ujl3f",
				     &err), 0);
	assert_non_null(strstr(err.message, "checksum"));
	assert_int_not_equal(sakra_age_recipient_parse(pk, "npub1lvyvwawkr0mcnnnnc", &err), 0);
	assert_int_not_equal(sakra_age_recipient_parse(
				     pk, "age1Eydpjwhdqlnfzaq8mvj0pecgxrzmuy07wx6y2z83hdrmejn52e5s5ujl3e",
				     &err), 0);
	assert_int_not_equal(sakra_age_recipient_parse(pk, "age1qqqqqq", &err), 0);
	/* identity files: the failing line is named, the key never quoted */
	assert_int_not_equal(sakra_age_identities_parse(&ids, "id.txt", "# c\n\nAGE-SECRET-KEY-1X\n",
							 21, &err), 0);
	assert_string_equal(err.path, "id.txt");
	assert_int_equal(err.line, 3);
	assert_null(strstr(err.message, "AGE-SECRET-KEY-1X"));
	assert_int_not_equal(sakra_age_identities_parse(&ids, "id.txt", "# only\n", 7, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_identity_looks_like),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_tamper),
		cmocka_unit_test(test_testkit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
