/* minisign: minisign's key and signature formats, so that keys made by
 * `sakra keygen` work with `minisign` and the other way round, and a
 * supervisor can check an approval with `minisign -V` alone.
 *
 *   public key:  "untrusted comment: ..." / base64("Ed" keynum[8] pk[32])
 *   secret key:  "untrusted comment: ..." / base64("Ed" kdf[2] "B2" salt[32]
 *                opslimit[8] memlimit[8] keynum[8] sk[64] chk[32]), the last
 *                104 bytes XORed with scrypt(passphrase) when kdf is "Sc"
 *   signature:   "untrusted comment: ..." / base64("ED" keynum[8] sig[64]) /
 *                "trusted comment: ..." / base64(global_sig[64])
 *
 * "ED" signatures sign BLAKE2b-512 of the message; the global signature
 * signs sig || trusted comment. The name and role of an approver travel in
 * the public key's untrusted comment as name="..." role=... */
#ifndef SAKRA_MINISIGN_H
#define SAKRA_MINISIGN_H

#include <stddef.h>
#include <stdint.h>

#include "sakra/buf.h"
#include "sakra/crypto.h"
#include "sakra/error.h"

#define SAKRA_MINISIGN_COMMENT_MAX 1024
#define SAKRA_MINISIGN_TRUSTED_MAX 8192

struct sakra_pubkey {
	unsigned char keynum[8];
	unsigned char pk[SAKRA_ED25519_PUBLIC];
	char id[17];              /* the key id as minisign prints it (hex, upper case) */
	char *comment;            /* the untrusted comment, without its prefix */
	char *name, *role;        /* from the comment; NULL when absent */
	char *source;             /* the file it was read from, when known */
	char *pinned_for;         /* a reader's pin bound to one organisation (its
				   * business id, as a keyring folder names it);
				   * NULL: pinned for any plan (verify --key) */
};

/* A secret key in secure memory. */
struct sakra_seckey {
	unsigned char keynum[8];
	unsigned char seed[SAKRA_ED25519_SEED];
	unsigned char pk[SAKRA_ED25519_PUBLIC];
	char id[17];
};

struct sakra_minisig {
	unsigned char keynum[8];
	unsigned char sig[SAKRA_ED25519_SIG];
	unsigned char global_sig[SAKRA_ED25519_SIG];
	int prehashed;            /* "ED" */
	char id[17];
	char *untrusted;          /* comments, without their prefixes */
	char *trusted;
};

/* Parses a public key file's text. SAKRA_EPARSE with a reason (name is used
 * in messages). */
int sakra_pubkey_parse(struct sakra_pubkey *out, const char *name, const char *text,
		       size_t len, struct sakra_error *err);
void sakra_pubkey_clear(struct sakra_pubkey *k);
/* The public key file for a secret key, with name and role in its comment. */
int sakra_pubkey_format(struct sakra_buf *out, const unsigned char keynum[8],
			const unsigned char pk[SAKRA_ED25519_PUBLIC], const char *name,
			const char *role);

/* A new key pair, in secure memory (free with sakra_seckey_free). */
int sakra_seckey_generate(struct sakra_seckey **out, struct sakra_error *err);
/* minisign's scrypt limits (libsodium's "sensitive": N = 2^20, r = 8, p = 1,
 * 1 GiB of memory). */
#define SAKRA_MINISIGN_OPSLIMIT 33554432ULL
#define SAKRA_MINISIGN_MEMLIMIT 1073741824ULL

/* The secret key file: encrypted with scrypt at the given limits when pass
 * is not NULL. The text is in secure memory: free *out with
 * sakra_secure_free. */
int sakra_seckey_format(char **out, size_t *outlen, const struct sakra_seckey *k,
			const char *pass, size_t passlen, uint64_t opslimit, uint64_t memlimit,
			struct sakra_error *err);
/* Parses and, if encrypted, decrypts a secret key file: SAKRA_EPARSE for a
 * malformed file, SAKRA_EAUTH for a wrong passphrase (the checksum does not
 * match), SAKRA_EAUTH with *needs_pass set when it is encrypted and pass is
 * NULL. */
int sakra_seckey_parse(struct sakra_seckey **out, const char *name, const char *text,
		       size_t len, const char *pass, size_t passlen, int *needs_pass,
		       struct sakra_error *err);
void sakra_seckey_free(struct sakra_seckey *k);
/* 1 when text is a minisign secret key file (encrypted or not): what must
 * never be committed into a plan. */
int sakra_seckey_looks_like(const char *text, size_t len);

/* Signs msg (prehashed, "ED") with trusted comment tc (one line of
 * printable UTF-8) and writes the .minisig text. */
int sakra_minisig_sign(struct sakra_buf *out, const struct sakra_seckey *k, const void *msg,
		       size_t len, const char *untrusted, const char *trusted,
		       struct sakra_error *err);
int sakra_minisig_parse(struct sakra_minisig *out, const char *name, const char *text,
			size_t len, struct sakra_error *err);
void sakra_minisig_clear(struct sakra_minisig *s);
/* 1 when s is key's signature of msg and of its trusted comment, else 0. */
int sakra_minisig_verify(const struct sakra_minisig *s, const struct sakra_pubkey *key,
			 const void *msg, size_t len);

/* The key id of keynum as minisign prints it. */
void sakra_minisign_keyid(const unsigned char keynum[8], char id[17]);

/* Makes a new key pair and writes it: the secret key to keyfile (mode
 * 0600, encrypted with pass unless it is NULL; its folder made 0700) and the
 * public key, with name and role in its comment, to pubfile. Neither may
 * exist; on failure neither is left. The key id in id. */
/* 0 if neither file exists (checked again by sakra_keypair_write; this is
 * for refusing before a passphrase is asked for). */
int sakra_keypair_unused(const char *keyfile, const char *pubfile, struct sakra_error *err);
int sakra_keypair_write(const char *keyfile, const char *pubfile, const char *name,
			const char *role, const char *pass, size_t passlen, char id[17],
			struct sakra_error *err);

#endif
