/* crypto: libgcrypt (and libsodium for Ed25519) behind a small interface. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>
#include <sodium.h>

#include "sakra/crypto.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_ok;

static void init(void)
{
	if (!gcry_check_version("1.9.0"))
		return;
	/* Secure memory for secret keys and passphrases; when the system
	 * cannot lock pages, libgcrypt still keeps them apart and wipes them
	 * (its warning is for a terminal that is not ours to write on). */
	gcry_control(GCRYCTL_DISABLE_SECMEM_WARN);
	gcry_control(GCRYCTL_INIT_SECMEM, 65536, 0);
	gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
	init_ok = sodium_init() >= 0;
}

/* Once, whichever thread comes first. */
int sakra_crypto_init(struct sakra_error *err)
{
	pthread_once(&init_once, init);
	if (!init_ok)
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
				       "libgcrypt 1.9 or newer and libsodium are needed");
	return 0;
}

void *sakra_secure_alloc(size_t n)
{
	if (sakra_crypto_init(NULL) < 0)
		return NULL;
	return gcry_calloc_secure(1, n ? n : 1);
}

void sakra_secure_free(void *p)
{
	gcry_free(p);   /* libgcrypt wipes secure memory when it is freed */
}

void sakra_wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n--)
		*v++ = 0;
}

void sakra_random(void *out, size_t n)
{
	sakra_crypto_init(NULL);
	gcry_randomize(out, n, GCRY_STRONG_RANDOM);
}

/* --- hashes ----------------------------------------------------------------- */

struct sakra_sha256 {
	gcry_md_hd_t md;
};

struct sakra_sha1 {
	gcry_md_hd_t md;
};

/* A streaming hash of algo, for the two wrappers below. */
static int md_open(gcry_md_hd_t *md, int algo, struct sakra_error *err)
{
	if (sakra_crypto_init(err) < 0)
		return SAKRA_EINVAL;
	if (gcry_md_open(md, algo, 0) != 0)
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "%s is not available",
				       gcry_md_algo_name(algo));
	return 0;
}

int sakra_sha256_new(struct sakra_sha256 **out, struct sakra_error *err)
{
	struct sakra_sha256 *h = calloc(1, sizeof(*h));
	int rc;

	*out = NULL;
	if (!h)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	if ((rc = md_open(&h->md, GCRY_MD_SHA256, err)) < 0) {
		free(h);
		return rc;
	}
	*out = h;
	return 0;
}

void sakra_sha256_update(struct sakra_sha256 *h, const void *data, size_t len)
{
	gcry_md_write(h->md, data, len);
}

int sakra_sha256_sink(void *ctx, const void *data, size_t len, struct sakra_error *err)
{
	(void)err;
	sakra_sha256_update(ctx, data, len);
	return 0;
}

void sakra_sha256_final_hex(struct sakra_sha256 *h, char hex[65])
{
	const unsigned char *d = gcry_md_read(h->md, GCRY_MD_SHA256);

	for (size_t i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	sakra_sha256_free(h);
}

void sakra_sha256_free(struct sakra_sha256 *h)
{
	if (!h)
		return;
	gcry_md_close(h->md);
	free(h);
}

int sakra_sha1_new(struct sakra_sha1 **out, struct sakra_error *err)
{
	struct sakra_sha1 *h = calloc(1, sizeof(*h));
	int rc;

	*out = NULL;
	if (!h)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	if ((rc = md_open(&h->md, GCRY_MD_SHA1, err)) < 0) {
		free(h);
		return rc;
	}
	*out = h;
	return 0;
}

void sakra_sha1_update(struct sakra_sha1 *h, const void *data, size_t len)
{
	gcry_md_write(h->md, data, len);
}

void sakra_sha1_final(struct sakra_sha1 *h, unsigned char out[20])
{
	memcpy(out, gcry_md_read(h->md, GCRY_MD_SHA1), 20);
	sakra_sha1_free(h);
}

void sakra_sha1_free(struct sakra_sha1 *h)
{
	if (!h)
		return;
	gcry_md_close(h->md);
	free(h);
}

int sakra_equal_ct(const void *a, const void *b, size_t n)
{
	const volatile unsigned char *x = a, *y = b;
	unsigned char d = 0;

	for (size_t i = 0; i < n; i++)
		d |= x[i] ^ y[i];
	return d == 0;
}

int sakra_blake2b(void *out, size_t outlen, const void *data, size_t len,
		  struct sakra_error *err)
{
	int algo = outlen == 32 ? GCRY_MD_BLAKE2B_256 : outlen == 64 ? GCRY_MD_BLAKE2B_512 : 0;

	if (sakra_crypto_init(err) < 0)
		return SAKRA_EINVAL;
	if (!algo)
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "BLAKE2b digest size");
	gcry_md_hash_buffer(algo, out, data, len);
	return 0;
}

/* --- Ed25519 ---------------------------------------------------------------- */

/* libsodium's Ed25519, the implementation minisign itself uses: a signature
 * sakra accepts is one minisign accepts (canonical S, no small-order keys),
 * and a verification is about nine times quicker than libgcrypt's. */

/* The 64-byte libsodium secret key (seed, then public key) in secure
 * memory, when seed gives pk; NULL otherwise. */
static unsigned char *sodium_secret(const unsigned char seed[SAKRA_ED25519_SEED],
				    const unsigned char pk[SAKRA_ED25519_PUBLIC])
{
	unsigned char derived[SAKRA_ED25519_PUBLIC];
	unsigned char *sk = sakra_secure_alloc(crypto_sign_SECRETKEYBYTES);

	if (!sk)
		return NULL;
	if (crypto_sign_seed_keypair(derived, sk, seed) != 0 ||
	    !sakra_equal_ct(derived, pk, sizeof(derived))) {
		sakra_secure_free(sk);
		return NULL;
	}
	return sk;
}

int sakra_ed25519_keygen(unsigned char seed[SAKRA_ED25519_SEED],
			 unsigned char pk[SAKRA_ED25519_PUBLIC], struct sakra_error *err)
{
	unsigned char *sk;

	if (sakra_crypto_init(err) < 0)
		return SAKRA_EINVAL;
	if (!(sk = sakra_secure_alloc(crypto_sign_SECRETKEYBYTES)))
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of secure memory");
	gcry_randomize(seed, SAKRA_ED25519_SEED, GCRY_VERY_STRONG_RANDOM);
	crypto_sign_seed_keypair(pk, sk, seed);
	sakra_secure_free(sk);
	return 0;
}

int sakra_ed25519_sign(unsigned char sig[SAKRA_ED25519_SIG],
		       const unsigned char seed[SAKRA_ED25519_SEED],
		       const unsigned char pk[SAKRA_ED25519_PUBLIC],
		       const void *msg, size_t len, struct sakra_error *err)
{
	unsigned char *sk;
	int rc = 0;

	if (sakra_crypto_init(err) < 0)
		return SAKRA_EINVAL;
	if (!(sk = sodium_secret(seed, pk)))
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "Ed25519 signing failed: "
				       "the secret key does not belong to its public key");
	if (crypto_sign_detached(sig, NULL, msg, len, sk) != 0)
		rc = sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "Ed25519 signing failed");
	sakra_secure_free(sk);   /* wiped as it is freed */
	return rc;
}

int sakra_ed25519_verify(const unsigned char sig[SAKRA_ED25519_SIG],
			 const unsigned char pk[SAKRA_ED25519_PUBLIC], const void *msg, size_t len)
{
	if (sakra_crypto_init(NULL) < 0)
		return 0;
	return crypto_sign_verify_detached(sig, msg, len, pk) == 0;
}

int sakra_scrypt(void *out, size_t outlen, const char *pass, size_t passlen,
		 const void *salt, size_t saltlen, uint64_t N, uint32_t p,
		 struct sakra_error *err)
{
	if (sakra_crypto_init(err) < 0)
		return SAKRA_EINVAL;
	/* scrypt needs 1 KiB per unit of N (r = 8): refused above 1 GiB before
	 * anything is allocated, whatever a key file or header asks for */
	if (N > SAKRA_SCRYPT_MAX_N)
		return sakra_error_set(err, SAKRA_ELIMIT, NULL, 0, 0,
				       "the key derivation asks for %llu MiB of memory (scrypt N=%llu); "
				       "sakra allows at most %llu MiB", (unsigned long long)(N >> 10),
				       (unsigned long long)N,
				       (unsigned long long)(SAKRA_SCRYPT_MAX_N >> 10));
	if (N < 2 || (N & (N - 1)) || p < 1 || p > 64)
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
				       "scrypt parameters out of range (N=%llu, p=%u)",
				       (unsigned long long)N, p);
	if (gcry_kdf_derive(pass, passlen, GCRY_KDF_SCRYPT, (int)N, salt, saltlen, p, outlen,
			    out) != 0)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0,
				       "scrypt failed (it needs %llu MiB of memory)",
				       (unsigned long long)(N * 1024 / (1024 * 1024)));
	return 0;
}

/* --- base64 ------------------------------------------------------------------ */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int sakra_base64_encode_raw(struct sakra_buf *out, const void *data, size_t len, int pad)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < len ? (unsigned)p[i + 1] << 8 : 0) |
			     (i + 2 < len ? p[i + 2] : 0);
		size_t n = len - i >= 3 ? 4 : len - i + 1;   /* characters that carry bits */
		char q[4] = { b64[v >> 18], b64[(v >> 12) & 63], b64[(v >> 6) & 63], b64[v & 63] };

		for (size_t k = n; pad && k < 4; k++)
			q[k] = '=';
		if (sakra_buf_put(out, q, pad ? 4 : n) < 0)
			return SAKRA_ENOMEM;
	}
	return 0;
}

int sakra_base64_encode(struct sakra_buf *out, const void *data, size_t len)
{
	return sakra_base64_encode_raw(out, data, len, 1);
}

long sakra_base64_decode_raw(void *out, size_t max, const char *s, size_t len, int pad)
{
	unsigned char *o = out;
	size_t n = 0, eq = 0;
	unsigned acc = 0;
	int bits = 0;

	if (pad) {   /* "=" only at the end, as many as the last group lacks */
		if (len % 4)
			return -1;
		while (eq < 2 && len && s[len - 1] == '=') {
			len--;
			eq++;
		}
		if (len % 4 != (eq ? 4 - eq : 0))
			return -1;
	}
	if (len % 4 == 1)
		return -1;
	for (size_t i = 0; i < len; i++) {
		const char *c = s[i] ? strchr(b64, s[i]) : NULL;

		if (!c)
			return -1;
		acc = (acc << 6 | (unsigned)(c - b64)) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n == max)
				return -1;
			o[n++] = (unsigned char)(acc >> bits);
		}
	}
	/* the unused bits of the last character are zero: one text per bytes */
	if (bits && (acc & ((1u << bits) - 1)))
		return -1;
	return (long)n;
}

long sakra_base64_decode(void *out, size_t max, const char *s, size_t len)
{
	return sakra_base64_decode_raw(out, max, s, len, 1);
}
