/* age: the age v1 file format (age-encryption.org/v1), written and read
 * with libgcrypt — X25519 and scrypt recipient stanzas, the header MAC,
 * and the STREAM payload (ChaCha20-Poly1305 in 64 KiB chunks). Both
 * directions stream: memory stays at a few chunks whatever the size.
 * Identities and recipients use age's Bech32 strings (AGE-SECRET-KEY-1…,
 * age1…). Armored (PEM-like) files are not read. */
#ifndef SAKRA_AGE_H
#define SAKRA_AGE_H

#include <stddef.h>

#include "sakra/buf.h"
#include "sakra/error.h"
#include "sakra/stream.h"

#define SAKRA_AGE_MAGIC "age-encryption.org/v1\n"
#define SAKRA_AGE_KEY 32
/* The scrypt work factor written (as age does) and the highest read. */
#define SAKRA_AGE_SCRYPT_LOG_N 18
#define SAKRA_AGE_SCRYPT_MAX_LOG_N 20   /* 1 GiB of memory (SAKRA_SCRYPT_MAX_N) */

/* A recipient "age1…" -> its X25519 public key. SAKRA_EINVAL naming the
 * problem otherwise. */
int sakra_age_recipient_parse(unsigned char pk[SAKRA_AGE_KEY], const char *s,
			      struct sakra_error *err);
/* A set of recipients without repeats. add parses s (where names it in an
 * error: "--recipient", a file); read adds each line of a recipients file
 * ('#' comments, blank lines), an error naming file:line. */
struct sakra_age_recipients {
	unsigned char (*pk)[SAKRA_AGE_KEY];
	size_t n;
};
int sakra_age_recipients_add(struct sakra_age_recipients *r, const char *s, const char *where,
			     size_t line, struct sakra_error *err);
int sakra_age_recipients_read(struct sakra_age_recipients *r, const char *file,
			      struct sakra_error *err);
void sakra_age_recipients_free(struct sakra_age_recipients *r);
/* The recipient string of a public key (62 characters and a NUL). */
void sakra_age_recipient_format(char out[63], const unsigned char pk[SAKRA_AGE_KEY]);

/* Identities: the X25519 secret keys of an identity file in age's format
 * (one AGE-SECRET-KEY-1… per line, '#' comments and blank lines allowed),
 * held in secure memory. Errors name file:line; the key is never quoted. */
struct sakra_age_identities {
	unsigned char (*sk)[SAKRA_AGE_KEY];
	size_t n;
};
int sakra_age_identities_parse(struct sakra_age_identities **out, const char *name,
			       const char *text, size_t len, struct sakra_error *err);
void sakra_age_identities_free(struct sakra_age_identities *ids);

/* A new identity: its file text ("# created: …", "# public key: age1…",
 * the secret key line) in secure memory (sakra_secure_free it), and the
 * recipient string. */
int sakra_age_keygen(char **identity_file, char recipient[63], const char *created,
		     struct sakra_error *err);

/* Encryption to X25519 recipients, or (recipients NULL) to one passphrase
 * with scrypt at work factor log_n. The header is written by _new; the
 * payload by _write and _finish. */
struct sakra_age_writer;
int sakra_age_writer_new(struct sakra_age_writer **out,
			 const unsigned char (*recipients)[SAKRA_AGE_KEY], size_t n,
			 const char *passphrase, size_t passlen, int log_n,
			 sakra_sink_fn sink, void *ctx, struct sakra_error *err);
int sakra_age_write(struct sakra_age_writer *w, const void *data, size_t len,
		    struct sakra_error *err);
/* Writes the last chunk. After it, _write fails. */
int sakra_age_finish(struct sakra_age_writer *w, struct sakra_error *err);
void sakra_age_writer_free(struct sakra_age_writer *w);

/* Why a file does not decrypt, in the age specification's own terms. */
enum sakra_age_failure {
	SAKRA_AGE_OK = 0,
	SAKRA_AGE_HEADER,       /* the header does not parse (or breaks a rule) */
	SAKRA_AGE_NO_MATCH,     /* no identity or passphrase opens it */
	SAKRA_AGE_HMAC,         /* the header's MAC does not match */
	SAKRA_AGE_PAYLOAD       /* the payload is damaged, truncated or extended */
};

/* Decryption. _new reads the header, unwraps the file key with the
 * identities or the passphrase (either may be NULL), checks the MAC and
 * reads the payload nonce; _read then yields plaintext that has been
 * authenticated, chunk by chunk, and 0 only at a proper end. On failure
 * *why (which may be NULL) says which kind, and err the details. */
struct sakra_age_reader;
int sakra_age_reader_new(struct sakra_age_reader **out, sakra_source_fn source, void *ctx,
			 const struct sakra_age_identities *ids, const char *passphrase,
			 size_t passlen, enum sakra_age_failure *why, struct sakra_error *err);
long sakra_age_read(struct sakra_age_reader *r, void *buf, size_t len,
		    enum sakra_age_failure *why, struct sakra_error *err);
void sakra_age_reader_free(struct sakra_age_reader *r);

/* 1 if the file needs a passphrase: its header holds an scrypt stanza.
 * Reads only the start given (the first bytes of the file). */
int sakra_age_is_scrypt(const void *start, size_t len);

/* 1 when text holds an age identity line (AGE-SECRET-KEY-1…): what must
 * never be committed into a plan. */
int sakra_age_identity_looks_like(const char *text, size_t len);

#endif
