/* crypto: the primitives sakra signs and hashes with, over libgcrypt —
 * SHA-256, SHA-1 (git object ids), BLAKE2b, Ed25519, scrypt, random bytes, base64 — and secure
 * memory for secrets (locked where the system allows, wiped when freed). */
#ifndef SAKRA_CRYPTO_H
#define SAKRA_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "sakra/buf.h"
#include "sakra/error.h"

#define SAKRA_ED25519_SEED 32
#define SAKRA_ED25519_PUBLIC 32
#define SAKRA_ED25519_SIG 64

/* Initialises libgcrypt once (secure memory included). 0 or SAKRA_EINVAL
 * when the library is too old. Every function below calls it. */
int sakra_crypto_init(struct sakra_error *err);

/* Secure memory: NULL on failure; sakra_secure_free wipes and frees. */
void *sakra_secure_alloc(size_t n);
void sakra_secure_free(void *p);
/* Wipes memory the compiler may not elide. */
void sakra_wipe(void *p, size_t n);

void sakra_random(void *out, size_t n);

/* SHA-256 over a stream. */
struct sakra_sha256;
int sakra_sha256_new(struct sakra_sha256 **out, struct sakra_error *err);
void sakra_sha256_update(struct sakra_sha256 *h, const void *data, size_t len);
/* A sakra_sink_fn that hashes what it is given (ctx: the sakra_sha256). */
int sakra_sha256_sink(void *ctx, const void *data, size_t len, struct sakra_error *err);
/* Writes 64 lowercase hex digits and a NUL, and frees h. */
void sakra_sha256_final_hex(struct sakra_sha256 *h, char hex[65]);
void sakra_sha256_free(struct sakra_sha256 *h);

/* SHA-1 over a stream: only to check git object ids, which are SHA-1. */
struct sakra_sha1;
int sakra_sha1_new(struct sakra_sha1 **out, struct sakra_error *err);
void sakra_sha1_update(struct sakra_sha1 *h, const void *data, size_t len);
/* Writes the 20-byte digest and frees h. */
void sakra_sha1_final(struct sakra_sha1 *h, unsigned char out[20]);
void sakra_sha1_free(struct sakra_sha1 *h);

/* 1 if the n bytes at a and b are equal, in time that depends on n only. */
int sakra_equal_ct(const void *a, const void *b, size_t n);

/* BLAKE2b (unkeyed) with a 32- or 64-byte digest. */
int sakra_blake2b(void *out, size_t outlen, const void *data, size_t len,
		  struct sakra_error *err);

/* Ed25519: a new key pair (seed in secure memory given by the caller). */
int sakra_ed25519_keygen(unsigned char seed[SAKRA_ED25519_SEED],
			 unsigned char pk[SAKRA_ED25519_PUBLIC], struct sakra_error *err);
int sakra_ed25519_sign(unsigned char sig[SAKRA_ED25519_SIG],
		       const unsigned char seed[SAKRA_ED25519_SEED],
		       const unsigned char pk[SAKRA_ED25519_PUBLIC],
		       const void *msg, size_t len, struct sakra_error *err);
/* 1 if sig is a valid signature of msg by pk, else 0. */
int sakra_ed25519_verify(const unsigned char sig[SAKRA_ED25519_SIG],
			 const unsigned char pk[SAKRA_ED25519_PUBLIC], const void *msg, size_t len);

/* scrypt with r = 8 (the only r libgcrypt and libsodium's parameters use).
 * N above SAKRA_SCRYPT_MAX_N (1 GiB of memory) is SAKRA_ELIMIT. */
#define SAKRA_SCRYPT_MAX_N (1ULL << 20)
int sakra_scrypt(void *out, size_t outlen, const char *pass, size_t passlen,
		 const void *salt, size_t saltlen, uint64_t N, uint32_t p,
		 struct sakra_error *err);

/* Standard base64 with padding. decode returns the length, or -1 on any
 * character outside the alphabet, bad padding or more than max bytes. */
int sakra_base64_encode(struct sakra_buf *out, const void *data, size_t len);
/* The same, without padding when pad is 0 (as age writes it). */
int sakra_base64_encode_raw(struct sakra_buf *out, const void *data, size_t len, int pad);
long sakra_base64_decode(void *out, size_t max, const char *s, size_t len);
/* Either form (pad: with "="), strictly: no other characters, and the
 * unused bits of the last character zero, so each bytes have one text. */
long sakra_base64_decode_raw(void *out, size_t max, const char *s, size_t len, int pad);

#endif
