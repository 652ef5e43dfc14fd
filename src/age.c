/* age: the age v1 format over libgcrypt. The header grammar, the stanza
 * rules and the STREAM semantics follow the specification and its
 * reference implementation, and are tested against the published test
 * vectors (tests/fixtures/age-testkit). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>

#include "sakra/age.h"
#include "sakra/fs.h"
#include "sakra/crypto.h"
#include "sakra/stream.h"

#define CHUNK 65536
#define TAG 16
#define ENC_CHUNK (CHUNK + TAG)
#define FILE_KEY 16
#define HEADER_MAX (1024 * 1024)   /* a header bigger than this is not age's */

static const char x25519_label[] = "age-encryption.org/v1/X25519";
static const char scrypt_label[] = "age-encryption.org/v1/scrypt";

/* --- unpadded base64; decoding strict ------------------------------------------------- */

static int b64_encode(struct sakra_buf *out, const unsigned char *p, size_t len)
{
	return sakra_base64_encode_raw(out, p, len, 0);
}

/* Decodes unpadded base64 whose unused bits are zero (the only encoding of
 * its bytes); -1 for anything else or more than max bytes. */
static long b64_decode(unsigned char *out, size_t max, const char *s, size_t len)
{
	return sakra_base64_decode_raw(out, max, s, len, 0);
}

/* Base64 wrapped at 64 columns, always ending with a short (maybe empty)
 * line, as stanza bodies are written. */
static int b64_body(struct sakra_buf *out, const unsigned char *p, size_t len)
{
	size_t i = 0;

	for (;;) {
		size_t n = len - i < 48 ? len - i : 48;

		if (b64_encode(out, p + i, n) < 0 || sakra_buf_putc(out, '\n') < 0)
			return SAKRA_ENOMEM;
		i += n;
		if (n < 48)
			return 0;
	}
}

/* --- Bech32 (BIP 173, without its length limit, as age uses it) -------------- */

static const char b32[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

static uint32_t polymod(uint32_t chk, unsigned v)
{
	static const uint32_t gen[5] = { 0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd,
					 0x2a1462b3 };
	uint32_t b = chk >> 25;

	chk = (chk & 0x1ffffff) << 5 ^ v;
	for (int i = 0; i < 5; i++)
		if ((b >> i) & 1)
			chk ^= gen[i];
	return chk;
}

static uint32_t hrp_polymod(const char *hrp)
{
	uint32_t chk = 1;
	size_t n = strlen(hrp);

	for (size_t i = 0; i < n; i++)
		chk = polymod(chk, (unsigned char)hrp[i] >> 5);
	chk = polymod(chk, 0);
	for (size_t i = 0; i < n; i++)
		chk = polymod(chk, (unsigned char)hrp[i] & 31);
	return chk;
}

/* hrp (lower case) + '1' + data + checksum into out, upper-cased if upper. */
static void bech32_encode(char *out, const char *hrp, const unsigned char *data, size_t len,
			  int upper)
{
	unsigned char v[64];
	size_t nv = 0, o = 0;
	unsigned acc = 0;
	int bits = 0;
	uint32_t chk = hrp_polymod(hrp);

	for (size_t i = 0; i < len; i++) {
		acc = acc << 8 | data[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			v[nv++] = (acc >> bits) & 31;
		}
	}
	if (bits)
		v[nv++] = (acc << (5 - bits)) & 31;
	for (const char *h = hrp; *h; h++)
		out[o++] = *h;
	out[o++] = '1';
	for (size_t i = 0; i < nv; i++) {
		chk = polymod(chk, v[i]);
		out[o++] = b32[v[i]];
	}
	for (int i = 0; i < 6; i++)
		chk = polymod(chk, 0);
	chk ^= 1;
	for (int i = 0; i < 6; i++)
		out[o++] = b32[(chk >> (5 * (5 - i))) & 31];
	out[o] = 0;
	if (upper)
		for (size_t i = 0; i < o; i++)
			if (out[i] >= 'a' && out[i] <= 'z')
				out[i] = (char)(out[i] - 32);
	sakra_wipe(v, sizeof(v));
}

/* Decodes a Bech32 string with human-readable part hrp (lower case) into
 * exactly 32 bytes. Mixed case, a bad checksum, another hrp, a wrong
 * length or non-zero padding are errors (a message in why). */
static int bech32_decode(unsigned char out[32], const char *hrp, const char *s,
			 const char **why)
{
	size_t len = strlen(s), hl = strlen(hrp), o = 0;
	int lower = 0, upper = 0, bits = 0;
	unsigned acc = 0;
	uint32_t chk = 1;
	char c;

	for (size_t i = 0; i < len; i++) {
		if (s[i] < 33 || s[i] > 126)
			return *why = "it contains a character that is not allowed", -1;
		lower |= s[i] >= 'a' && s[i] <= 'z';
		upper |= s[i] >= 'A' && s[i] <= 'Z';
	}
	if (lower && upper)
		return *why = "it mixes upper and lower case", -1;
	if (len < hl + 7 || s[hl] != '1')
		return *why = "it is not of the expected kind", -1;
	for (size_t i = 0; i < hl; i++) {
		c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
		if (c != hrp[i])
			return *why = "it is not of the expected kind", -1;
	}
	chk = hrp_polymod(hrp);
	for (size_t i = hl + 1; i < len; i++) {
		const char *p;
		unsigned v;

		c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
		if (!(p = strchr(b32, c)) || !c)
			return *why = "it contains a character that is not Bech32", -1;
		v = (unsigned)(p - b32);
		chk = polymod(chk, v);
		if (i >= len - 6)
			continue;
		acc = (acc << 5 | v) & 0x1fff;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (o == 32)
				return *why = "it is too long", -1;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	if (chk != 1)
		return *why = "its checksum does not match (a typing error?)", -1;
	if (o != 32 || bits >= 5 || (acc & ((1u << bits) - 1)))
		return *why = "it does not hold a 32-byte key", -1;
	return 0;
}

/* --- primitives ----------------------------------------------------------------- */

static int hmac_sha256(unsigned char out[32], const unsigned char *key, size_t keylen,
		       const void *a, size_t alen, const void *b, size_t blen)
{
	gcry_md_hd_t h;

	if (gcry_md_open(&h, GCRY_MD_SHA256, GCRY_MD_FLAG_HMAC | GCRY_MD_FLAG_SECURE))
		return -1;
	if (gcry_md_setkey(h, key, keylen)) {
		gcry_md_close(h);
		return -1;
	}
	gcry_md_write(h, a, alen);
	if (blen)
		gcry_md_write(h, b, blen);
	memcpy(out, gcry_md_read(h, GCRY_MD_SHA256), 32);
	gcry_md_close(h);
	return 0;
}

/* HKDF-SHA-256 (RFC 5869) with a 32-byte output, the only length age uses.
 * An empty salt is HashLen zero bytes. */
static int hkdf(unsigned char out[32], const unsigned char *ikm, size_t ikmlen,
		const unsigned char *salt, size_t saltlen, const char *info)
{
	static const unsigned char zero[32];
	unsigned char *prk = sakra_secure_alloc(32);
	unsigned char one = 1;
	int rc = -1;

	if (!prk)
		return -1;
	if (hmac_sha256(prk, saltlen ? salt : zero, saltlen ? saltlen : 32, ikm, ikmlen, NULL,
			0) == 0) {
		struct sakra_buf msg = SAKRA_BUF_INIT;

		if (sakra_buf_puts(&msg, info) == 0 && sakra_buf_put(&msg, &one, 1) == 0)
			rc = hmac_sha256(out, prk, 32, msg.ptr, msg.len, NULL, 0);
		sakra_buf_free(&msg);
	}
	sakra_secure_free(prk);
	return rc;
}

static int x25519(unsigned char out[32], const unsigned char scalar[32],
		  const unsigned char point[32])
{
	unsigned char *k = sakra_secure_alloc(32);
	int rc;

	if (!k)
		return -1;
	memcpy(k, scalar, 32);
	k[0] &= 248;
	k[31] &= 127;
	k[31] |= 64;
	rc = gcry_ecc_mul_point(GCRY_ECC_CURVE25519, out, k, point) ? -1 : 0;
	sakra_secure_free(k);
	return rc;
}

static int x25519_base(unsigned char out[32], const unsigned char scalar[32])
{
	static const unsigned char base[32] = { 9 };

	return x25519(out, scalar, base);
}

static int all_zero(const unsigned char *p, size_t n)
{
	unsigned char acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

static int aead_open(gcry_cipher_hd_t *h, const unsigned char key[32])
{
	if (gcry_cipher_open(h, GCRY_CIPHER_CHACHA20, GCRY_CIPHER_MODE_POLY1305,
			     GCRY_CIPHER_SECURE))
		return -1;
	if (gcry_cipher_setkey(*h, key, 32)) {
		gcry_cipher_close(*h);
		return -1;
	}
	return 0;
}

/* Seals (enc) or opens buf[0..len) in place with the 12-byte nonce; the
 * tag is written to / checked against tag. 0, or -1 when it does not open. */
static int aead(gcry_cipher_hd_t h, int enc, const unsigned char nonce[12], unsigned char *buf,
		size_t len, unsigned char *tag)
{
	if (gcry_cipher_reset(h) || gcry_cipher_setiv(h, nonce, 12))
		return -1;
	if (enc)
		return gcry_cipher_encrypt(h, buf, len, NULL, 0) || gcry_cipher_gettag(h, tag, TAG)
			       ? -1 : 0;
	if (gcry_cipher_final(h) || gcry_cipher_decrypt(h, buf, len, NULL, 0) ||
	    gcry_cipher_checktag(h, tag, TAG))
		return -1;
	return 0;
}

/* One-shot seal/open of a stanza body: the file key under key, zero nonce. */
static int wrap_key(const unsigned char key[32], int enc, unsigned char *body /* 32 */)
{
	static const unsigned char zero[12];
	gcry_cipher_hd_t h;
	int rc;

	if (aead_open(&h, key) < 0)
		return -1;
	rc = aead(h, enc, zero, body, FILE_KEY, body + FILE_KEY);
	gcry_cipher_close(h);
	return rc;
}

/* The secrets of one operation, together in secure memory. */
struct secrets {
	unsigned char file_key[FILE_KEY];
	unsigned char body[FILE_KEY + TAG];
	unsigned char eph[32], shared[32], wrap[32], mac_key[32], payload_key[32];
	unsigned char scrypt_salt[sizeof(scrypt_label) - 1 + 16];
};

static int scrypt_key(struct secrets *s, const char *pass, size_t passlen,
		      const unsigned char salt[16], int log_n, struct sakra_error *err)
{
	memcpy(s->scrypt_salt, scrypt_label, sizeof(scrypt_label) - 1);
	memcpy(s->scrypt_salt + sizeof(scrypt_label) - 1, salt, 16);
	return sakra_scrypt(s->wrap, 32, pass, passlen, s->scrypt_salt, sizeof(s->scrypt_salt),
			    1ULL << log_n, 1, err);
}

/* --- keys ----------------------------------------------------------------------- */

int sakra_age_recipient_parse(unsigned char pk[SAKRA_AGE_KEY], const char *s,
			      struct sakra_error *err)
{
	const char *why = NULL;

	if (bech32_decode(pk, "age", s, &why) < 0 || (s[0] != 'a' && s[0] != 'A'))
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
				       "'%.80s' is not an age recipient (age1…): %s", s,
				       why ? why : "it does not start with age1");
	if (s[0] == 'A')
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
				       "'%.80s' is not an age recipient: write it in lower case", s);
	return 0;
}

int sakra_age_recipients_add(struct sakra_age_recipients *r, const char *s, const char *where,
			     size_t line, struct sakra_error *err)
{
	unsigned char (*n)[SAKRA_AGE_KEY] = realloc(r->pk, (r->n + 1) * sizeof(*r->pk));

	if (!n)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	r->pk = n;
	if (sakra_age_recipient_parse(r->pk[r->n], s, err) < 0) {
		snprintf(err->path, sizeof(err->path), "%s", where);
		err->line = line;
		return err->code;
	}
	for (size_t i = 0; i < r->n; i++)
		if (!memcmp(r->pk[i], r->pk[r->n], SAKRA_AGE_KEY))
			return 0;
	r->n++;
	return 0;
}

int sakra_age_recipients_read(struct sakra_age_recipients *r, const char *file,
			      struct sakra_error *err)
{
	struct sakra_buf text = SAKRA_BUF_INIT;
	size_t line = 0;
	char *p;
	int rc;

	if ((rc = sakra_file_read(file, &text, 1u << 20, err)) < 0)
		return rc;
	for (char *s = text.ptr; s && rc == 0; s = p) {
		line++;
		if ((p = strchr(s, '\n')))
			*p++ = 0;
		if (*s && s[strlen(s) - 1] == '\r')
			s[strlen(s) - 1] = 0;
		s += strspn(s, " \t");
		if (*s && *s != '#')
			rc = sakra_age_recipients_add(r, s, file, line, err);
	}
	sakra_buf_free(&text);
	return rc;
}

void sakra_age_recipients_free(struct sakra_age_recipients *r)
{
	free(r->pk);
	r->pk = NULL;
	r->n = 0;
}

void sakra_age_recipient_format(char out[63], const unsigned char pk[SAKRA_AGE_KEY])
{
	bech32_encode(out, "age", pk, 32, 0);
}

void sakra_age_identities_free(struct sakra_age_identities *ids)
{
	if (!ids)
		return;
	sakra_secure_free(ids->sk);
	free(ids);
}

int sakra_age_identities_parse(struct sakra_age_identities **out, const char *name,
			       const char *text, size_t len, struct sakra_error *err)
{
	struct sakra_age_identities *ids;
	size_t cap = 0, lineno = 0, n = 0;
	char *line = NULL;
	int rc = 0;

	*out = NULL;
	if (sakra_crypto_init(err) < 0)
		return SAKRA_EINVAL;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			cap++;
	cap++;
	if (!(ids = calloc(1, sizeof(*ids))) || !(ids->sk = sakra_secure_alloc(cap * 32)) ||
	    !(line = sakra_secure_alloc(256))) {
		sakra_age_identities_free(ids);
		return sakra_error_set(err, SAKRA_ENOMEM, name, 0, 0, "out of memory");
	}
	for (size_t i = 0; i < len && rc == 0; ) {
		size_t e = i, l;
		const char *why = NULL;

		while (e < len && text[e] != '\n')
			e++;
		l = e - i;
		if (l && text[i + l - 1] == '\r')
			l--;
		lineno++;
		if (l >= 256) {
			rc = sakra_error_set(err, SAKRA_EINVAL, name, lineno, 0,
					     "this line is too long for an age identity");
		} else if (l && text[i] != '#') {
			memcpy(line, text + i, l);
			line[l] = 0;
			if (strncmp(line, "AGE-SECRET-KEY-1", 16) != 0 ||
			    bech32_decode(ids->sk[n], "age-secret-key-", line, &why) < 0)
				rc = sakra_error_set(
					err, SAKRA_EINVAL, name, lineno, 0,
					"not an age X25519 identity (AGE-SECRET-KEY-1…)%s%s; other "
					"kinds of identity are not supported",
					why ? ": " : "", why ? why : "");
			else
				n++;
		}
		i = e + 1;
	}
	sakra_secure_free(line);
	if (rc == 0 && n == 0)
		rc = sakra_error_set(err, SAKRA_EINVAL, name, 0, 0,
				     "holds no age identity (AGE-SECRET-KEY-1…)");
	if (rc < 0) {
		sakra_age_identities_free(ids);
		return rc;
	}
	ids->n = n;
	*out = ids;
	return 0;
}

int sakra_age_keygen(char **identity_file, char recipient[63], const char *created,
		     struct sakra_error *err)
{
	unsigned char *sk = sakra_secure_alloc(32);
	unsigned char pk[32];
	char *text = NULL;
	size_t cap = 256;

	*identity_file = NULL;
	if (!sk || !(text = sakra_secure_alloc(cap))) {
		sakra_secure_free(sk);
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	}
	gcry_randomize(sk, 32, GCRY_VERY_STRONG_RANDOM);
	if (x25519_base(pk, sk) < 0) {
		sakra_secure_free(sk);
		sakra_secure_free(text);
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "X25519 failed");
	}
	sakra_age_recipient_format(recipient, pk);
	{
		char key[80];
		int n = snprintf(text, cap, "# created: %s\n# public key: %s\n", created, recipient);

		bech32_encode(key, "age-secret-key-", sk, 32, 1);
		if (n > 0 && (size_t)n + strlen(key) + 2 < cap)
			snprintf(text + n, cap - (size_t)n, "%s\n", key);
		sakra_wipe(key, sizeof(key));
	}
	sakra_secure_free(sk);
	*identity_file = text;
	return 0;
}

/* --- writing ---------------------------------------------------------------------- */

struct sakra_age_writer {
	sakra_sink_fn sink;
	void *ctx;
	gcry_cipher_hd_t c;
	unsigned char nonce[12];
	unsigned char *buf;      /* CHUNK plaintext + TAG */
	size_t len;
	int done, failed;
};

static void nonce_next(unsigned char nonce[12])
{
	for (int i = 10; i >= 0; i--)
		if (++nonce[i])
			break;
}

static int write_header(struct sakra_age_writer *w, struct secrets *s,
			const unsigned char (*recipients)[SAKRA_AGE_KEY], size_t n,
			const char *passphrase, size_t passlen, int log_n, struct sakra_error *err)
{
	struct sakra_buf h = SAKRA_BUF_INIT;
	unsigned char share[32], salt[64], mac[32], nonce[16];
	int rc = SAKRA_ENOMEM;

	gcry_randomize(s->file_key, FILE_KEY, GCRY_STRONG_RANDOM);
	if (sakra_buf_puts(&h, SAKRA_AGE_MAGIC) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		gcry_randomize(s->eph, 32, GCRY_STRONG_RANDOM);
		if (x25519_base(share, s->eph) < 0 || x25519(s->shared, s->eph, recipients[i]) < 0 ||
		    all_zero(s->shared, 32)) {
			rc = sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
					     "recipient %zu is not a usable X25519 key", i + 1);
			goto out;
		}
		memcpy(salt, share, 32);
		memcpy(salt + 32, recipients[i], 32);
		memcpy(s->body, s->file_key, FILE_KEY);
		if (hkdf(s->wrap, s->shared, 32, salt, 64, x25519_label) < 0 ||
		    wrap_key(s->wrap, 1, s->body) < 0) {
			rc = sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "wrapping the file key failed");
			goto out;
		}
		if (sakra_buf_puts(&h, "-> X25519 ") < 0 || b64_encode(&h, share, 32) < 0 ||
		    sakra_buf_putc(&h, '\n') < 0 || b64_body(&h, s->body, sizeof(s->body)) < 0)
			goto out;
	}
	if (!n) {
		unsigned char ssalt[16];

		gcry_randomize(ssalt, 16, GCRY_STRONG_RANDOM);
		memcpy(s->body, s->file_key, FILE_KEY);
		if ((rc = scrypt_key(s, passphrase, passlen, ssalt, log_n, err)) < 0)
			goto out;
		rc = SAKRA_ENOMEM;
		if (wrap_key(s->wrap, 1, s->body) < 0) {
			rc = sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "wrapping the file key failed");
			goto out;
		}
		if (sakra_buf_puts(&h, "-> scrypt ") < 0 || b64_encode(&h, ssalt, 16) < 0 ||
		    sakra_buf_printf(&h, " %d\n", log_n) < 0 ||
		    b64_body(&h, s->body, sizeof(s->body)) < 0)
			goto out;
	}
	if (sakra_buf_puts(&h, "---") < 0)
		goto out;
	if (hkdf(s->mac_key, s->file_key, FILE_KEY, NULL, 0, "header") < 0 ||
	    hmac_sha256(mac, s->mac_key, 32, h.ptr, h.len, NULL, 0) < 0) {
		rc = sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "the header MAC failed");
		goto out;
	}
	gcry_randomize(nonce, 16, GCRY_STRONG_RANDOM);
	if (sakra_buf_putc(&h, ' ') < 0 || b64_encode(&h, mac, 32) < 0 ||
	    sakra_buf_putc(&h, '\n') < 0 || sakra_buf_put(&h, nonce, 16) < 0)
		goto out;
	if (hkdf(s->payload_key, s->file_key, FILE_KEY, nonce, 16, "payload") < 0 ||
	    aead_open(&w->c, s->payload_key) < 0) {
		rc = sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "the payload key failed");
		goto out;
	}
	rc = w->sink(w->ctx, h.ptr, h.len, err);
out:
	if (rc == SAKRA_ENOMEM)
		sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	sakra_buf_free(&h);
	return rc;
}

int sakra_age_writer_new(struct sakra_age_writer **out,
			 const unsigned char (*recipients)[SAKRA_AGE_KEY], size_t n,
			 const char *passphrase, size_t passlen, int log_n,
			 sakra_sink_fn sink, void *ctx, struct sakra_error *err)
{
	struct sakra_age_writer *w;
	struct secrets *s;
	int rc;

	*out = NULL;
	if (sakra_crypto_init(err) < 0)
		return SAKRA_EINVAL;
	if ((n == 0) == (passphrase == NULL))
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
				       "encrypt to recipients or to one passphrase");
	if (!n && (log_n < 1 || log_n > SAKRA_AGE_SCRYPT_MAX_LOG_N))
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "scrypt work factor %d", log_n);
	if (!(w = calloc(1, sizeof(*w))) || !(w->buf = malloc(ENC_CHUNK)) ||
	    !(s = sakra_secure_alloc(sizeof(*s)))) {
		if (w)
			free(w->buf);
		free(w);
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	}
	w->sink = sink;
	w->ctx = ctx;
	rc = write_header(w, s, recipients, n, passphrase, passlen, log_n, err);
	sakra_secure_free(s);
	if (rc < 0) {
		sakra_age_writer_free(w);
		return rc;
	}
	*out = w;
	return 0;
}

static int seal_chunk(struct sakra_age_writer *w, int last, struct sakra_error *err)
{
	int rc;

	w->nonce[11] = last ? 1 : 0;
	if (aead(w->c, 1, w->nonce, w->buf, w->len, w->buf + w->len) < 0) {
		w->failed = 1;
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "ChaCha20-Poly1305 failed");
	}
	nonce_next(w->nonce);
	if ((rc = w->sink(w->ctx, w->buf, w->len + TAG, err)) < 0)
		w->failed = 1;
	w->len = 0;
	return rc;
}

int sakra_age_write(struct sakra_age_writer *w, const void *data, size_t len,
		    struct sakra_error *err)
{
	const unsigned char *p = data;

	if (w->done || w->failed)
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "the age stream is closed");
	while (len) {
		size_t n;

		/* A full chunk is sealed only when more follows: the last
		 * chunk may be full, and is empty only for an empty file. */
		if (w->len == CHUNK && seal_chunk(w, 0, err) < 0)
			return err ? err->code : SAKRA_EIO;
		n = CHUNK - w->len < len ? CHUNK - w->len : len;
		memcpy(w->buf + w->len, p, n);
		w->len += n;
		p += n;
		len -= n;
	}
	return 0;
}

int sakra_age_finish(struct sakra_age_writer *w, struct sakra_error *err)
{
	int rc;

	if (w->done || w->failed)
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "the age stream is closed");
	rc = seal_chunk(w, 1, err);
	w->done = 1;
	return rc;
}

void sakra_age_writer_free(struct sakra_age_writer *w)
{
	if (!w)
		return;
	if (w->c)
		gcry_cipher_close(w->c);
	if (w->buf)
		sakra_wipe(w->buf, ENC_CHUNK);
	free(w->buf);
	free(w);
}

/* --- reading ---------------------------------------------------------------------- */

struct stanza {
	char *type;
	char **args;
	size_t nargs;
	unsigned char *body;
	size_t blen;
};

struct sakra_age_reader {
	sakra_source_fn source;
	void *ctx;
	unsigned char *in;       /* ENC_CHUNK + 1 bytes of input */
	size_t pos, len;
	int eof;
	gcry_cipher_hd_t c;
	unsigned char nonce[12];
	unsigned char *out;      /* an authenticated chunk being handed out */
	size_t opos, olen;
	unsigned long long chunks;
	int done;                /* the last chunk was handed out */
	int failed;              /* sticky: *why and the message below */
	enum sakra_age_failure why;
	char message[256];
	int scrypt;
};

static int fail(struct sakra_age_reader *r, enum sakra_age_failure kind,
		enum sakra_age_failure *why, struct sakra_error *err, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int fail(struct sakra_age_reader *r, enum sakra_age_failure kind,
		enum sakra_age_failure *why, struct sakra_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!r->failed) {
		r->failed = 1;
		r->why = kind;
		va_start(ap, fmt);
		vsnprintf(r->message, sizeof(r->message), fmt, ap);
		va_end(ap);
	}
	if (why)
		*why = r->why;
	return sakra_error_set(err, r->why == SAKRA_AGE_NO_MATCH ? SAKRA_EAUTH : SAKRA_EPARSE,
			       NULL, 0, 0, "%s", r->message);
}

/* Fills the input buffer (compacting it first). -1 with err set on a
 * source error. */
static int fill(struct sakra_age_reader *r, struct sakra_error *err)
{
	if (r->pos) {
		memmove(r->in, r->in + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
	while (!r->eof && r->len < ENC_CHUNK + 1) {
		long n = r->source(r->ctx, r->in + r->len, ENC_CHUNK + 1 - r->len, err);

		if (n < 0)
			return -1;
		if (n == 0)
			r->eof = 1;
		r->len += (size_t)n;
	}
	return 0;
}

/* The next header line (without '\n') appended to hdr; *line points into
 * hdr. 0, 1 at a missing end of line, -1 on a source error. */
static int read_line(struct sakra_age_reader *r, struct sakra_buf *hdr, size_t *start,
		     struct sakra_error *err)
{
	for (;;) {
		unsigned char *nl = memchr(r->in + r->pos, '\n', r->len - r->pos);

		if (nl) {
			size_t n = (size_t)(nl - (r->in + r->pos)) + 1;

			if (memchr(r->in + r->pos, 0, n))
				return 1;
			*start = hdr->len;
			if (hdr->len + n > HEADER_MAX || sakra_buf_put(hdr, r->in + r->pos, n) < 0)
				return 1;
			r->pos += n;
			return 0;
		}
		if (r->eof || (r->pos == 0 && r->len == ENC_CHUNK + 1))
			return 1;
		if (fill(r, err) < 0)
			return -1;
	}
}

static int valid_arg(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < 33 || *s > 126)
			return 0;
	return 1;
}

static void stanzas_free(struct stanza *st, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < st[i].nargs; j++)
			free(st[i].args[j]);
		free(st[i].args);
		free(st[i].type);
		free(st[i].body);
	}
	free(st);
}

/* Splits "-> a b c" into the stanza's type and arguments. */
static int split_stanza(struct stanza *st, const char *line)
{
	const char *p = line + 2;
	size_t n = 0;

	if (strncmp(line, "->", 2) != 0 || *p != ' ')
		return -1;
	for (const char *q = p; *q; q++)
		n += *q == ' ';
	if (!(st->args = calloc(n, sizeof(char *))))
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *e = strchr(++p, ' ');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		char *a = strndup(p, l);

		if (!a)
			return -1;
		if (!valid_arg(a)) {
			free(a);
			return -1;
		}
		if (i == 0)
			st->type = a;
		else
			st->args[st->nargs++] = a;
		p += l;
	}
	return st->type ? 0 : -1;
}

/* Parses the header into stanzas and the MAC; hdr ends up holding the
 * bytes the MAC covers (up to and including "---"). */
static int parse_header(struct sakra_age_reader *r, struct sakra_buf *hdr, struct stanza **out,
			size_t *nout, unsigned char mac[32], enum sakra_age_failure *why,
			struct sakra_error *err)
{
	struct stanza *st = NULL;
	size_t n = 0, start;
	int rc;

	*out = NULL;
	*nout = 0;
	if (fill(r, err) < 0)
		return -1;
	if (r->len == 0)
		return fail(r, SAKRA_AGE_HEADER, why, err, "the file is empty");
	if ((rc = read_line(r, hdr, &start, err)) < 0)
		return -1;
	if (rc || strcmp(hdr->ptr, SAKRA_AGE_MAGIC) != 0)
		return fail(r, SAKRA_AGE_HEADER, why, err,
			    "not an age v1 file (it does not start with 'age-encryption.org/v1')");
	for (;;) {
		struct stanza *s;
		char *line;

		if ((rc = read_line(r, hdr, &start, err)) < 0)
			goto out;
		if (rc) {
			rc = fail(r, SAKRA_AGE_HEADER, why, err, "the age header ends early");
			goto out;
		}
		hdr->ptr[--hdr->len] = 0;      /* drop '\n' */
		line = hdr->ptr + start;
		if (strncmp(line, "---", 3) == 0) {
			if (line[3] != ' ' || b64_decode(mac, 32, line + 4, strlen(line + 4)) != 32 ||
			    strlen(line + 4) != 43) {
				rc = fail(r, SAKRA_AGE_HEADER, why, err,
					  "the age header's closing line is malformed");
				goto out;
			}
			hdr->len = start + 3;  /* the MAC covers "---" */
			hdr->ptr[hdr->len] = 0;
			break;
		}
		if (!(s = realloc(st, (n + 1) * sizeof(*st)))) {
			rc = fail(r, SAKRA_AGE_HEADER, why, err, "out of memory");
			goto out;
		}
		st = s;
		s = &st[n++];
		memset(s, 0, sizeof(*s));
		if (split_stanza(s, line) < 0) {
			rc = fail(r, SAKRA_AGE_HEADER, why, err, "a stanza of the age header is malformed");
			goto out;
		}
		hdr->ptr[hdr->len++] = '\n';
		for (;;) {
			unsigned char b[48];
			long k;
			unsigned char *nb;

			if ((rc = read_line(r, hdr, &start, err)) < 0)
				goto out;
			if (rc) {
				rc = fail(r, SAKRA_AGE_HEADER, why, err, "the age header ends early");
				goto out;
			}
			line = hdr->ptr + start;
			k = b64_decode(b, 48, line, hdr->len - start - 1);
			if (k < 0) {
				rc = fail(r, SAKRA_AGE_HEADER, why, err,
					  "a stanza body line of the age header is malformed");
				goto out;
			}
			if (!(nb = realloc(s->body, s->blen + (size_t)k + 1))) {
				rc = fail(r, SAKRA_AGE_HEADER, why, err, "out of memory");
				goto out;
			}
			s->body = nb;
			memcpy(s->body + s->blen, b, (size_t)k);
			s->blen += (size_t)k;
			if (k < 48)
				break;
		}
	}
	rc = 0;
out:
	if (rc < 0) {
		stanzas_free(st, n);
		return rc;
	}
	*out = st;
	*nout = n;
	return 0;
}

/* A decimal work factor as age writes it: no sign, no leading zero. */
static int parse_log_n(const char *s)
{
	long v = 0;

	if (!*s || *s == '0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 1000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return (int)v;
}

/* Tries every stanza with the identities and the passphrase. 1 when the
 * file key was found, 0 when nothing matched, negative on a stanza that
 * breaks the rules. */
static int unwrap(struct sakra_age_reader *r, struct secrets *s, const struct stanza *st,
		  size_t n, const struct sakra_age_identities *ids, const char *pass,
		  size_t passlen, enum sakra_age_failure *why, struct sakra_error *err)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(st[i].type, "scrypt") == 0 && n != 1)
			return fail(r, SAKRA_AGE_HEADER, why, err,
				    "an scrypt stanza must be the only one in an age header");
		if (strcmp(st[i].type, "scrypt") == 0)
			r->scrypt = 1;
	}
	for (size_t i = 0; ids && i < n; i++) {
		unsigned char share[32], pk[32], salt[64];

		if (strcmp(st[i].type, "X25519") != 0)
			continue;
		if (st[i].nargs != 1 || b64_decode(share, 32, st[i].args[0],
						   strlen(st[i].args[0])) != 32)
			return fail(r, SAKRA_AGE_HEADER, why, err,
				    "an X25519 stanza has a malformed share");
		if (st[i].blen != FILE_KEY + TAG)
			return fail(r, SAKRA_AGE_HEADER, why, err,
				    "an X25519 stanza's body is not a 16-byte file key");
		for (size_t k = 0; k < ids->n; k++) {
			if (x25519(s->shared, ids->sk[k], share) < 0 || all_zero(s->shared, 32))
				return fail(r, SAKRA_AGE_HEADER, why, err,
					    "an X25519 stanza's share is a low-order point");
			if (x25519_base(pk, ids->sk[k]) < 0)
				return fail(r, SAKRA_AGE_HEADER, why, err, "X25519 failed");
			memcpy(salt, share, 32);
			memcpy(salt + 32, pk, 32);
			memcpy(s->body, st[i].body, sizeof(s->body));
			if (hkdf(s->wrap, s->shared, 32, salt, 64, x25519_label) == 0 &&
			    wrap_key(s->wrap, 0, s->body) == 0) {
				memcpy(s->file_key, s->body, FILE_KEY);
				return 1;
			}
		}
	}
	for (size_t i = 0; pass && i < n; i++) {
		unsigned char salt[16];
		int log_n;

		if (strcmp(st[i].type, "scrypt") != 0)
			continue;
		if (st[i].nargs != 2 ||
		    b64_decode(salt, 16, st[i].args[0], strlen(st[i].args[0])) != 16)
			return fail(r, SAKRA_AGE_HEADER, why, err, "the scrypt stanza's salt is malformed");
		if ((log_n = parse_log_n(st[i].args[1])) < 1)
			return fail(r, SAKRA_AGE_HEADER, why, err,
				    "the scrypt stanza's work factor is malformed");
		if (log_n > SAKRA_AGE_SCRYPT_MAX_LOG_N)
			return fail(r, SAKRA_AGE_HEADER, why, err,
				    "the scrypt work factor %d is above %d: it would take too long",
				    log_n, SAKRA_AGE_SCRYPT_MAX_LOG_N);
		if (st[i].blen != FILE_KEY + TAG)
			return fail(r, SAKRA_AGE_HEADER, why, err,
				    "the scrypt stanza's body is not a 16-byte file key");
		if (scrypt_key(s, pass, passlen, salt, log_n, err) < 0)
			return fail(r, SAKRA_AGE_HEADER, why, err, "%s", err ? err->message : "scrypt failed");
		memcpy(s->body, st[i].body, sizeof(s->body));
		if (wrap_key(s->wrap, 0, s->body) == 0) {
			memcpy(s->file_key, s->body, FILE_KEY);
			return 1;
		}
	}
	return 0;
}

int sakra_age_reader_new(struct sakra_age_reader **out, sakra_source_fn source, void *ctx,
			 const struct sakra_age_identities *ids, const char *passphrase,
			 size_t passlen, enum sakra_age_failure *why, struct sakra_error *err)
{
	struct sakra_age_reader *r;
	struct sakra_buf hdr = SAKRA_BUF_INIT;
	struct stanza *st = NULL;
	struct secrets *s = NULL;
	unsigned char mac[32], mine[32], nonce[16];
	size_t n = 0;
	int rc;

	*out = NULL;
	if (why)
		*why = SAKRA_AGE_OK;
	if (sakra_crypto_init(err) < 0)
		return SAKRA_EINVAL;
	if (!(r = calloc(1, sizeof(*r))) || !(r->in = malloc(ENC_CHUNK + 1)) ||
	    !(r->out = malloc(ENC_CHUNK)) || !(s = sakra_secure_alloc(sizeof(*s)))) {
		sakra_age_reader_free(r);
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	}
	r->source = source;
	r->ctx = ctx;
	if ((rc = parse_header(r, &hdr, &st, &n, mac, why, err)) < 0)
		goto out;
	if ((rc = unwrap(r, s, st, n, ids, passphrase, passlen, why, err)) < 0)
		goto out;
	if (rc == 0) {
		rc = fail(r, SAKRA_AGE_NO_MATCH, why, err,
			  r->scrypt && passphrase ? "the passphrase is wrong"
			  : r->scrypt ? "the file is encrypted to a passphrase; give one"
			  : "none of the identities given can open the file");
		goto out;
	}
	if (hkdf(s->mac_key, s->file_key, FILE_KEY, NULL, 0, "header") < 0 ||
	    hmac_sha256(mine, s->mac_key, 32, hdr.ptr, hdr.len, NULL, 0) < 0 ||
	    !sakra_equal_ct(mine, mac, 32)) {
		rc = fail(r, SAKRA_AGE_HMAC, why, err,
			  "the age header has been altered: its MAC does not match");
		goto out;
	}
	if (fill(r, err) < 0) {
		rc = err && err->code ? err->code : SAKRA_EIO;
		goto out;
	}
	if (r->len - r->pos < 16) {
		rc = fail(r, SAKRA_AGE_HEADER, why, err, "the age file ends before its payload nonce");
		goto out;
	}
	memcpy(nonce, r->in + r->pos, 16);
	r->pos += 16;
	if (hkdf(s->payload_key, s->file_key, FILE_KEY, nonce, 16, "payload") < 0 ||
	    aead_open(&r->c, s->payload_key) < 0) {
		rc = fail(r, SAKRA_AGE_HEADER, why, err, "the payload key failed");
		goto out;
	}
	rc = 0;
out:
	sakra_secure_free(s);
	stanzas_free(st, n);
	sakra_buf_free(&hdr);
	if (rc < 0) {
		sakra_age_reader_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

/* Opens the next chunk into r->out, following the reference reader: a
 * full chunk is tried as a middle chunk, then as the last; a short one
 * only as the last. */
static int next_chunk(struct sakra_age_reader *r, enum sakra_age_failure *why,
		      struct sakra_error *err)
{
	size_t avail, clen;
	int last;

	if (fill(r, err) < 0)
		return -1;
	avail = r->len - r->pos;
	if (avail == 0)
		return fail(r, SAKRA_AGE_PAYLOAD, why, err,
			    r->chunks ? "the age file is truncated: its last chunk is missing"
				      : "the age file has no payload");
	clen = avail >= ENC_CHUNK ? ENC_CHUNK : avail;
	last = clen < ENC_CHUNK;
	if (clen < TAG)
		return fail(r, SAKRA_AGE_PAYLOAD, why, err, "the age file ends inside a chunk");
	if (last && clen == TAG && r->chunks)
		return fail(r, SAKRA_AGE_PAYLOAD, why, err, "the last chunk of the age file is empty");
	memcpy(r->out, r->in + r->pos, clen - TAG);
	r->nonce[11] = (unsigned char)last;
	if (aead(r->c, 0, r->nonce, r->out, clen - TAG, r->in + r->pos + clen - TAG) < 0) {
		if (last)
			goto bad;
		last = 1;
		r->nonce[11] = 1;
		memcpy(r->out, r->in + r->pos, clen - TAG);
		if (aead(r->c, 0, r->nonce, r->out, clen - TAG, r->in + r->pos + clen - TAG) < 0)
			goto bad;
	}
	r->pos += clen;
	r->chunks++;
	nonce_next(r->nonce);
	r->opos = 0;
	r->olen = clen - TAG;
	if (last)
		r->done = 1;
	return 0;
bad:
	sakra_wipe(r->out, clen);
	return fail(r, SAKRA_AGE_PAYLOAD, why, err,
		    "chunk %llu of the age payload is damaged or altered", r->chunks + 1);
}

long sakra_age_read(struct sakra_age_reader *r, void *buf, size_t len,
		    enum sakra_age_failure *why, struct sakra_error *err)
{
	size_t n;

	if (why)
		*why = SAKRA_AGE_OK;
	while (r->opos == r->olen) {
		if (r->failed)
			return fail(r, r->why, why, err, "%s", r->message);
		if (r->done) {
			/* nothing may follow the last chunk */
			if (fill(r, err) < 0)
				return -1;
			if (r->len > r->pos)
				return fail(r, SAKRA_AGE_PAYLOAD, why, err,
					    "there is data after the end of the age file");
			return 0;
		}
		if (next_chunk(r, why, err) < 0)
			return err && err->code ? err->code : SAKRA_EPARSE;
	}
	n = r->olen - r->opos < len ? r->olen - r->opos : len;
	memcpy(buf, r->out + r->opos, n);
	r->opos += n;
	return (long)n;
}

void sakra_age_reader_free(struct sakra_age_reader *r)
{
	if (!r)
		return;
	if (r->c)
		gcry_cipher_close(r->c);
	if (r->out)
		sakra_wipe(r->out, ENC_CHUNK);
	free(r->out);
	free(r->in);
	free(r);
}

int sakra_age_is_scrypt(const void *start, size_t len)
{
	const char *p = start;
	size_t m = strlen(SAKRA_AGE_MAGIC);

	if (len < m || memcmp(p, SAKRA_AGE_MAGIC, m) != 0)
		return 0;
	return len - m >= 10 && memcmp(p + m, "-> scrypt ", 10) == 0;
}

int sakra_age_identity_looks_like(const char *text, size_t len)
{
	static const char mark[] = "AGE-SECRET-KEY-1";

	for (size_t i = 0; i + sizeof(mark) - 1 <= len; i++)
		if ((i == 0 || text[i - 1] == '\n') && memcmp(text + i, mark, sizeof(mark) - 1) == 0)
			return 1;
	return 0;
}
