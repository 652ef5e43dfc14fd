/* minisign: key and signature files in minisign's formats. */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sakra/minisign.h"
#include "sakra/fs.h"
#include "sakra/text.h"

#define UNTRUSTED "untrusted comment: "
#define TRUSTED "trusted comment: "

/* minisign's binary layouts, byte for byte, as minisign and signify declare
 * them: every field is a byte array, so there is no padding (the asserts
 * below hold the sizes to the format). */
struct ms_pubkey {
	unsigned char alg[2];            /* "Ed" */
	unsigned char keynum[8];
	unsigned char pk[32];
};
struct ms_sig {
	unsigned char alg[2];            /* "ED" (prehashed, BLAKE2b-512) or "Ed" */
	unsigned char keynum[8];
	unsigned char sig[64];
};
struct ms_seckey {
	unsigned char alg[2];            /* "Ed" */
	unsigned char kdf_alg[2];        /* "Sc" (scrypt) or 0 0 (not encrypted) */
	unsigned char chk_alg[2];        /* "B2" */
	unsigned char kdf_salt[32];
	unsigned char kdf_opslimit[8];   /* little-endian */
	unsigned char kdf_memlimit[8];
	/* from here on, scrypt's stream covers the key */
	unsigned char keynum[8];
	unsigned char seed[32];          /* the Ed25519 secret key: seed || pk */
	unsigned char pk[32];
	unsigned char chk[32];           /* BLAKE2b-256(alg || keynum || seed || pk) */
};
_Static_assert(sizeof(struct ms_pubkey) == 42, "minisign public key is 42 bytes");
_Static_assert(sizeof(struct ms_sig) == 74, "minisign signature is 74 bytes");
_Static_assert(sizeof(struct ms_seckey) == 158, "minisign secret key is 158 bytes");
#define SECKEY_BYTES sizeof(struct ms_seckey)
#define KEYNUM_SK_BYTES (sizeof(struct ms_seckey) - offsetof(struct ms_seckey, keynum))

void sakra_minisign_keyid(const unsigned char keynum[8], char id[17])
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | keynum[i];
	snprintf(id, 17, "%016" PRIX64, v);
}

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void le64_put(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++, v >>= 8)
		p[i] = (unsigned char)v;
}

/* The next line of text[*pos..len), without its line ending. */
static int next_line(const char *text, size_t len, size_t *pos, const char **line, size_t *n)
{
	const char *nl;

	if (*pos >= len)
		return 0;
	*line = text + *pos;
	nl = memchr(*line, '\n', len - *pos);
	*n = nl ? (size_t)(nl - *line) : len - *pos;
	*pos += *n + (nl != NULL);
	if (*n && (*line)[*n - 1] == '\r')
		(*n)--;
	return 1;
}

/* Printable UTF-8 and tabs, as minisign requires of a trusted comment. */
static int printable(const char *s, size_t n)
{
	if (!sakra_utf8_valid(s, n, NULL))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f)
			return 0;
	return 1;
}

static int bad(struct sakra_error *err, const char *name, size_t line, const char *what)
{
	return sakra_error_set(err, SAKRA_EPARSE, name, line, 0, "%s", what);
}

/* --- public keys --------------------------------------------------------------- */

/* name="Anna Lind" or role=ansvarig-forestandare inside a comment. */
static char *comment_value(const char *c, const char *key)
{
	size_t klen = strlen(key);

	for (const char *p = c; (p = strstr(p, key)) != NULL; p += klen) {
		const char *v, *end;

		if ((p != c && p[-1] != ' ' && p[-1] != '\t') || p[klen] != '=')
			continue;
		v = p + klen + 1;
		if (*v == '"') {
			if (!(end = strchr(++v, '"')))
				return NULL;
		} else {
			end = v + strcspn(v, " \t");
		}
		return end > v ? strndup(v, (size_t)(end - v)) : NULL;
	}
	return NULL;
}

void sakra_pubkey_clear(struct sakra_pubkey *k)
{
	free(k->comment);
	free(k->name);
	free(k->role);
	free(k->source);
	free(k->pinned_for);
	memset(k, 0, sizeof(*k));
}

int sakra_pubkey_parse(struct sakra_pubkey *out, const char *name, const char *text,
		       size_t len, struct sakra_error *err)
{
	struct ms_pubkey raw;
	const char *line;
	size_t pos = 0, n;

	memset(out, 0, sizeof(*out));
	if (!next_line(text, len, &pos, &line, &n) || n > SAKRA_MINISIGN_COMMENT_MAX)
		return bad(err, name, 1, "not a minisign public key (the first line is a comment)");
	if (n >= strlen(UNTRUSTED) && strncmp(line, UNTRUSTED, strlen(UNTRUSTED)) == 0) {
		line += strlen(UNTRUSTED);
		n -= strlen(UNTRUSTED);
	}
	if (!(out->comment = strndup(line, n)))
		return sakra_error_set(err, SAKRA_ENOMEM, name, 0, 0, "out of memory");
	if (!next_line(text, len, &pos, &line, &n) ||
	    sakra_base64_decode(&raw, sizeof(raw), line, n) != (long)sizeof(raw)) {
		sakra_pubkey_clear(out);
		return bad(err, name, 2, "not a minisign public key (line 2 is not the base64 of "
			   "a 42-byte key)");
	}
	if (memcmp(raw.alg, "Ed", 2) != 0) {
		sakra_pubkey_clear(out);
		return bad(err, name, 2, "unsupported key algorithm (not Ed25519)");
	}
	memcpy(out->keynum, raw.keynum, sizeof(raw.keynum));
	memcpy(out->pk, raw.pk, sizeof(raw.pk));
	sakra_minisign_keyid(out->keynum, out->id);
	out->name = comment_value(out->comment, "name");
	out->role = comment_value(out->comment, "role");
	return 0;
}

int sakra_pubkey_format(struct sakra_buf *out, const unsigned char keynum[8],
			const unsigned char pk[SAKRA_ED25519_PUBLIC], const char *name,
			const char *role)
{
	struct ms_pubkey raw;
	char id[17];
	int rc = 0;

	memcpy(raw.alg, "Ed", 2);
	memcpy(raw.keynum, keynum, sizeof(raw.keynum));
	memcpy(raw.pk, pk, sizeof(raw.pk));
	sakra_minisign_keyid(keynum, id);
	rc |= sakra_buf_printf(out, UNTRUSTED "minisign public key %s", id);
	if (name)
		rc |= sakra_buf_printf(out, " name=\"%s\"", name);
	if (role)
		rc |= sakra_buf_printf(out, " role=%s", role);
	rc |= sakra_buf_putc(out, '\n');
	rc |= sakra_base64_encode(out, &raw, sizeof(raw));
	rc |= sakra_buf_putc(out, '\n');
	return rc ? SAKRA_ENOMEM : 0;
}

/* --- secret keys ---------------------------------------------------------------- */

void sakra_seckey_free(struct sakra_seckey *k)
{
	sakra_secure_free(k);
}

int sakra_seckey_generate(struct sakra_seckey **out, struct sakra_error *err)
{
	struct sakra_seckey *k = sakra_secure_alloc(sizeof(*k));
	int rc;

	*out = NULL;
	if (!k)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of secure memory");
	if ((rc = sakra_ed25519_keygen(k->seed, k->pk, err)) < 0) {
		sakra_seckey_free(k);
		return rc;
	}
	sakra_random(k->keynum, sizeof(k->keynum));
	sakra_minisign_keyid(k->keynum, k->id);
	*out = k;
	return 0;
}

/* libsodium's scrypt parameters for (opslimit, memlimit), as minisign's
 * keys record them: r = 8, and N and p from the two limits. */
static void pick_params(uint64_t opslimit, uint64_t memlimit, uint64_t *N, uint32_t *p)
{
	uint64_t maxn, maxrp;
	unsigned log2 = 1;

	if (opslimit < 32768)
		opslimit = 32768;
	if (opslimit < memlimit / 32) {
		*p = 1;
		maxn = opslimit / (8 * 4);
	} else {
		maxn = memlimit / (8 * 128);
	}
	while (log2 < 63 && (1ULL << log2) <= maxn / 2)
		log2++;
	*N = 1ULL << log2;
	if (!(opslimit < memlimit / 32)) {
		maxrp = (opslimit / 4) / *N;
		if (maxrp > 0x3fffffff)
			maxrp = 0x3fffffff;
		*p = (uint32_t)maxrp / 8;
	}
}

/* sig_alg || keynum || sk, hashed to 32 bytes: minisign's key checksum. */
static int checksum(unsigned char chk[32], const struct ms_seckey *raw, struct sakra_error *err)
{
	unsigned char in[2 + 8 + 64];
	int rc;

	memcpy(in, raw->alg, 2);
	memcpy(in + 2, raw->keynum, 8);
	memcpy(in + 10, raw->seed, 32);
	memcpy(in + 42, raw->pk, 32);
	rc = sakra_blake2b(chk, 32, in, sizeof(in), err);
	sakra_wipe(in, sizeof(in));
	return rc;
}

static int xor_stream(struct ms_seckey *raw, const char *pass, size_t passlen,
		      struct sakra_error *err)
{
	unsigned char *stream = sakra_secure_alloc(KEYNUM_SK_BYTES);
	uint64_t N;
	uint32_t p;
	int rc;

	if (!stream)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of secure memory");
	unsigned char *key = raw->keynum;   /* keynum .. chk, contiguous */

	pick_params(le64(raw->kdf_opslimit), le64(raw->kdf_memlimit), &N, &p);
	rc = sakra_scrypt(stream, KEYNUM_SK_BYTES, pass, passlen, raw->kdf_salt,
			  sizeof(raw->kdf_salt), N, p, err);
	for (size_t i = 0; rc == 0 && i < KEYNUM_SK_BYTES; i++)
		key[i] ^= stream[i];
	sakra_secure_free(stream);
	return rc;
}

int sakra_seckey_format(char **out, size_t *outlen, const struct sakra_seckey *k,
			const char *pass, size_t passlen, uint64_t opslimit, uint64_t memlimit,
			struct sakra_error *err)
{
	static const char comment[] = UNTRUSTED "minisign encrypted secret key\n";
	size_t b64len = (SECKEY_BYTES + 2) / 3 * 4;
	struct ms_seckey *raw = sakra_secure_alloc(SECKEY_BYTES);
	char *text = sakra_secure_alloc(sizeof(comment) + b64len + 2);
	struct sakra_buf b64 = SAKRA_BUF_INIT;
	int rc = 0;

	*out = NULL;
	if (!raw || !text) {
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of secure memory");
		goto out;
	}
	memset(raw, 0, SECKEY_BYTES);
	memcpy(raw->alg, "Ed", 2);
	memcpy(raw->kdf_alg, pass ? "Sc" : "\0\0", 2);
	memcpy(raw->chk_alg, "B2", 2);
	memcpy(raw->keynum, k->keynum, sizeof(raw->keynum));
	memcpy(raw->seed, k->seed, sizeof(raw->seed));
	memcpy(raw->pk, k->pk, sizeof(raw->pk));
	if ((rc = checksum(raw->chk, raw, err)) < 0)
		goto out;
	if (pass) {
		sakra_random(raw->kdf_salt, sizeof(raw->kdf_salt));
		le64_put(raw->kdf_opslimit, opslimit);
		le64_put(raw->kdf_memlimit, memlimit);
		if ((rc = xor_stream(raw, pass, passlen, err)) < 0)
			goto out;
	}
	/* The base64 text goes straight into secure memory: the buffer below
	 * only ever sees the (encrypted, or deliberately plain) key bytes. */
	if (sakra_base64_encode(&b64, raw, SECKEY_BYTES) < 0) {
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	memcpy(text, comment, sizeof(comment) - 1);
	memcpy(text + sizeof(comment) - 1, b64.ptr, b64.len);
	text[sizeof(comment) - 1 + b64.len] = '\n';
	*outlen = sizeof(comment) + b64.len;
	*out = text;
	text = NULL;
out:
	if (b64.ptr)
		sakra_wipe(b64.ptr, b64.cap);
	sakra_buf_free(&b64);
	sakra_secure_free(raw);
	sakra_secure_free(text);
	return rc;
}

int sakra_seckey_looks_like(const char *text, size_t len)
{
	unsigned char raw[SECKEY_BYTES];
	const char *line;
	size_t pos = 0, n;
	int yes;

	yes = next_line(text, len, &pos, &line, &n) && n >= 18 &&
	      memcmp(line, "untrusted comment:", 18) == 0 &&
	      next_line(text, len, &pos, &line, &n) &&
	      sakra_base64_decode(raw, sizeof(raw), line, n) == SECKEY_BYTES &&
	      memcmp(raw, "Ed", 2) == 0;
	sakra_wipe(raw, sizeof(raw));
	return yes;
}

int sakra_seckey_parse(struct sakra_seckey **out, const char *name, const char *text,
		       size_t len, const char *pass, size_t passlen, int *needs_pass,
		       struct sakra_error *err)
{
	struct ms_seckey *raw = sakra_secure_alloc(SECKEY_BYTES);
	unsigned char chk[32];
	struct sakra_seckey *k = NULL;
	const char *line;
	size_t pos = 0, n;
	int rc = 0;

	*out = NULL;
	if (needs_pass)
		*needs_pass = 0;
	if (!raw)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of secure memory");
	if (!next_line(text, len, &pos, &line, &n) || !next_line(text, len, &pos, &line, &n) ||
	    sakra_base64_decode(raw, SECKEY_BYTES, line, n) != SECKEY_BYTES) {
		rc = bad(err, name, 2, "not a minisign secret key (line 2 is not the base64 of a "
			 "158-byte key)");
		goto out;
	}
	if (memcmp(raw->alg, "Ed", 2) != 0 || memcmp(raw->chk_alg, "B2", 2) != 0 ||
	    (memcmp(raw->kdf_alg, "Sc", 2) != 0 && memcmp(raw->kdf_alg, "\0\0", 2) != 0)) {
		rc = bad(err, name, 2, "unsupported secret key (algorithm, key derivation or "
			 "checksum is not Ed25519, scrypt, BLAKE2b)");
		goto out;
	}
	if (memcmp(raw->kdf_alg, "Sc", 2) == 0) {
		if (!pass) {
			if (needs_pass)
				*needs_pass = 1;
			rc = sakra_error_set(err, SAKRA_EAUTH, name, 0, 0,
					     "the secret key is encrypted; a passphrase is needed");
			goto out;
		}
		if ((rc = xor_stream(raw, pass, passlen, err)) < 0)
			goto out;
		if ((rc = checksum(chk, raw, err)) < 0)
			goto out;
		if (!sakra_equal_ct(chk, raw->chk, sizeof(chk))) {
			rc = sakra_error_set(err, SAKRA_EAUTH, name, 0, 0, "wrong passphrase for "
					     "this secret key");
			goto out;
		}
	}
	if (!(k = sakra_secure_alloc(sizeof(*k)))) {
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of secure memory");
		goto out;
	}
	memcpy(k->keynum, raw->keynum, sizeof(raw->keynum));
	memcpy(k->seed, raw->seed, sizeof(raw->seed));
	memcpy(k->pk, raw->pk, sizeof(raw->pk));
	sakra_minisign_keyid(k->keynum, k->id);
	*out = k;
out:
	sakra_wipe(chk, sizeof(chk));
	sakra_secure_free(raw);
	return rc;
}

/* --- signatures ------------------------------------------------------------------- */

void sakra_minisig_clear(struct sakra_minisig *s)
{
	free(s->untrusted);
	free(s->trusted);
	memset(s, 0, sizeof(*s));
}

int sakra_minisig_sign(struct sakra_buf *out, const struct sakra_seckey *k, const void *msg,
		       size_t len, const char *untrusted, const char *trusted,
		       struct sakra_error *err)
{
	unsigned char hash[64], global[64];
	struct ms_sig raw;
	unsigned char *both;
	size_t tlen = strlen(trusted);
	int rc;

	if (!printable(trusted, tlen) || tlen > SAKRA_MINISIGN_TRUSTED_MAX - 64 ||
	    strchr(untrusted, '\n') || strlen(untrusted) > SAKRA_MINISIGN_COMMENT_MAX - 64)
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
				       "a signature comment must be one line of printable text");
	if ((rc = sakra_blake2b(hash, 64, msg, len, err)) < 0)
		return rc;
	memcpy(raw.alg, "ED", 2);
	memcpy(raw.keynum, k->keynum, sizeof(raw.keynum));
	if ((rc = sakra_ed25519_sign(raw.sig, k->seed, k->pk, hash, 64, err)) < 0)
		return rc;
	if (!(both = malloc(64 + tlen + 1)))
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	memcpy(both, raw.sig, 64);
	memcpy(both + 64, trusted, tlen);
	rc = sakra_ed25519_sign(global, k->seed, k->pk, both, 64 + tlen, err);
	free(both);
	if (rc < 0)
		return rc;
	rc = sakra_buf_printf(out, UNTRUSTED "%s\n", untrusted);
	rc |= sakra_base64_encode(out, &raw, sizeof(raw));
	rc |= sakra_buf_printf(out, "\n" TRUSTED "%s\n", trusted);
	rc |= sakra_base64_encode(out, global, sizeof(global));
	rc |= sakra_buf_putc(out, '\n');
	return rc ? sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory") : 0;
}

int sakra_minisig_parse(struct sakra_minisig *out, const char *name, const char *text,
			size_t len, struct sakra_error *err)
{
	struct ms_sig raw;
	const char *line;
	size_t pos = 0, n;

	memset(out, 0, sizeof(*out));
	if (!next_line(text, len, &pos, &line, &n) || n > SAKRA_MINISIGN_COMMENT_MAX ||
	    n < strlen(UNTRUSTED) || strncmp(line, UNTRUSTED, strlen(UNTRUSTED)) != 0)
		return bad(err, name, 1, "not a minisign signature (line 1 must be 'untrusted "
			   "comment: ...')");
	out->untrusted = strndup(line + strlen(UNTRUSTED), n - strlen(UNTRUSTED));
	if (!next_line(text, len, &pos, &line, &n) ||
	    sakra_base64_decode(&raw, sizeof(raw), line, n) != (long)sizeof(raw)) {
		sakra_minisig_clear(out);
		return bad(err, name, 2, "not a minisign signature (line 2 is not the base64 of "
			   "a 74-byte signature)");
	}
	if (memcmp(raw.alg, "ED", 2) != 0 && memcmp(raw.alg, "Ed", 2) != 0) {
		sakra_minisig_clear(out);
		return bad(err, name, 2, "unsupported signature algorithm");
	}
	out->prehashed = memcmp(raw.alg, "ED", 2) == 0;
	memcpy(out->keynum, raw.keynum, sizeof(raw.keynum));
	memcpy(out->sig, raw.sig, sizeof(raw.sig));
	sakra_minisign_keyid(out->keynum, out->id);
	if (!next_line(text, len, &pos, &line, &n) || n > SAKRA_MINISIGN_TRUSTED_MAX ||
	    n < strlen(TRUSTED) || strncmp(line, TRUSTED, strlen(TRUSTED)) != 0 ||
	    !printable(line + strlen(TRUSTED), n - strlen(TRUSTED))) {
		sakra_minisig_clear(out);
		return bad(err, name, 3, "not a minisign signature (line 3 must be 'trusted "
			   "comment: ...', printable)");
	}
	out->trusted = strndup(line + strlen(TRUSTED), n - strlen(TRUSTED));
	if (!next_line(text, len, &pos, &line, &n) ||
	    sakra_base64_decode(out->global_sig, 64, line, n) != 64) {
		sakra_minisig_clear(out);
		return bad(err, name, 4, "not a minisign signature (line 4 is not the base64 of "
			   "a 64-byte signature)");
	}
	if (!out->untrusted || !out->trusted) {
		sakra_minisig_clear(out);
		return sakra_error_set(err, SAKRA_ENOMEM, name, 0, 0, "out of memory");
	}
	return 0;
}

int sakra_minisig_verify(const struct sakra_minisig *s, const struct sakra_pubkey *key,
			 const void *msg, size_t len)
{
	unsigned char hash[64];
	unsigned char *both;
	size_t tlen = strlen(s->trusted);
	int ok;

	/* Only prehashed signatures: sakra never makes the legacy kind, and
	 * minisign refuses them by default too. */
	if (!s->prehashed || memcmp(s->keynum, key->keynum, 8) != 0 ||
	    sakra_blake2b(hash, 64, msg, len, NULL) < 0 ||
	    !sakra_ed25519_verify(s->sig, key->pk, hash, 64))
		return 0;
	if (!(both = malloc(64 + tlen + 1)))
		return 0;
	memcpy(both, s->sig, 64);
	memcpy(both + 64, s->trusted, tlen);
	ok = sakra_ed25519_verify(s->global_sig, key->pk, both, 64 + tlen);
	free(both);
	return ok;
}

int sakra_keypair_unused(const char *keyfile, const char *pubfile, struct sakra_error *err)
{
	if (access(pubfile, F_OK) == 0 || access(keyfile, F_OK) == 0)
		return sakra_error_set(err, SAKRA_EEXISTS, NULL, 0, 0, "%s already exists; refusing "
				       "to overwrite a key (choose another -o)",
				       access(pubfile, F_OK) == 0 ? pubfile : keyfile);
	return 0;
}

int sakra_keypair_write(const char *keyfile, const char *pubfile, const char *name,
			const char *role, const char *pass, size_t passlen, char id[17],
			struct sakra_error *err)
{
	struct sakra_seckey *sk = NULL;
	struct sakra_buf pub = SAKRA_BUF_INIT;
	char *keytext = NULL;
	size_t keylen = 0;
	int rc;

	if ((rc = sakra_keypair_unused(keyfile, pubfile, err)) < 0 ||
	    (rc = sakra_mkdirs_for(keyfile, 0700, err)) < 0 ||
	    (rc = sakra_seckey_generate(&sk, err)) < 0 ||
	    (rc = sakra_seckey_format(&keytext, &keylen, sk, pass, passlen,
				      SAKRA_MINISIGN_OPSLIMIT, SAKRA_MINISIGN_MEMLIMIT, err)) < 0)
		goto out;
	if (sakra_pubkey_format(&pub, sk->keynum, sk->pk, name, role) < 0) {
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	if ((rc = sakra_file_write_atomic(keyfile, keytext, keylen, 0600, 0, err)) < 0)
		goto out;
	if ((rc = sakra_file_write_atomic(pubfile, pub.ptr, pub.len, 0644, 0, err)) < 0) {
		unlink(keyfile);   /* a secret key without its public half helps no one */
		goto out;
	}
	memcpy(id, sk->id, 17);
out:
	sakra_secure_free(keytext);
	sakra_seckey_free(sk);
	sakra_buf_free(&pub);
	return rc;
}
