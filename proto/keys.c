/*
 * keys.c - Ed25519 key pairs, public key text, and the key file formats.
 *
 * Secret key files follow OpenBSD signify's shape (a comment line, then
 * base64 of a small binary blob) with libsodium's primitives: Argon2id13
 * turns a passphrase into a key, XSalsa20-Poly1305 (crypto_secretbox)
 * seals the secret key. The cost parameters are stored in the file so
 * they can be raised later without breaking old files, and bounded on
 * reading so a hostile file cannot make us allocate gigabytes.
 */
#include "arnet_keys.h"
#include "arnet_codec.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define SK_MAGIC          "ARSK"
#define SK_MAGIC_LEN      4
#define SK_VERSION        1
#define SK_KDF_NONE       0
#define SK_KDF_ARGON2ID13 1
#define SK_SALT_BYTES     crypto_pwhash_SALTBYTES     /* 16 */
#define SK_NONCE_BYTES    crypto_secretbox_NONCEBYTES /* 24 */
#define SK_MAC_BYTES      crypto_secretbox_MACBYTES   /* 16 */
/* The blob of a secret key file: magic, u8 version, u8 kdf, then the key
 * (SK_KDF_NONE) or u64 opslimit, u64 memlimit, salt, nonce, box. */
enum sk_blob_layout {
	SK_AT_MAGIC = 0,
	SK_AT_VERSION = SK_AT_MAGIC + SK_MAGIC_LEN,
	SK_AT_KDF = SK_AT_VERSION + 1,
	SK_AT_BODY = SK_AT_KDF + 1,
};
#define SK_PLAIN_BLOB (SK_AT_BODY + ARNET_SECKEY_BYTES)
#define SK_SEALED_BLOB                                                         \
	(SK_AT_BODY + 8 + 8 + SK_SALT_BYTES + SK_NONCE_BYTES + SK_MAC_BYTES +  \
	 ARNET_SECKEY_BYTES)
#define SK_OPS_MAX 16
#define SK_MEM_MAX (UINT64_C(1) << 30)

_Static_assert(SK_SALT_BYTES == 16 && SK_NONCE_BYTES == 24 &&
                       SK_MAC_BYTES == 16,
               "docs/protocol.md fixes these sizes");

const arnet_kdf_params arnet_kdf_interactive = {
        crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
const arnet_kdf_params arnet_kdf_moderate = {crypto_pwhash_OPSLIMIT_MODERATE,
                                             crypto_pwhash_MEMLIMIT_MODERATE};

int
arnet_crypto_init(void)
{
	return sodium_init() < 0 ? ARNET_ECRYPTO : ARNET_OK;
}

int
arnet_keypair(uint8_t pk[ARNET_PUBKEY_BYTES], uint8_t sk[ARNET_SECKEY_BYTES])
{
	return crypto_sign_keypair(pk, sk) == 0 ? ARNET_OK : ARNET_ECRYPTO;
}

int
arnet_keypair_from_seed(uint8_t pk[ARNET_PUBKEY_BYTES],
                        uint8_t sk[ARNET_SECKEY_BYTES],
                        const uint8_t seed[ARNET_SEED_BYTES])
{
	return crypto_sign_seed_keypair(pk, sk, seed) == 0 ? ARNET_OK
	                                                   : ARNET_ECRYPTO;
}

void
arnet_pubkey_format(char out[ARNET_PUBKEY_TEXT_LEN + 1],
                    const uint8_t pk[ARNET_PUBKEY_BYTES])
{
	sodium_bin2base64(out, ARNET_PUBKEY_TEXT_LEN + 1, pk,
	                  ARNET_PUBKEY_BYTES, sodium_base64_VARIANT_ORIGINAL);
}

/* Decode exactly `want` bytes of strict base64 from s[0..n). */
static int
b64_exact(uint8_t *out, size_t want, const char *s, size_t n)
{
	size_t got = 0;
	const char *end = NULL;
	if (sodium_base642bin(out, want, s, n, NULL, &got, &end,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    got != want || end != s + n) {
		return 0;
	}
	return 1;
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 &&
	       (**s == ' ' || **s == '\t' || **s == '\n' || **s == '\r')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' ||
	                  (*s)[*n - 1] == '\n' || (*s)[*n - 1] == '\r')) {
		(*n)--;
	}
}

int
arnet_pubkey_parse(uint8_t pk[ARNET_PUBKEY_BYTES], const char *text,
                   arnet_diag *d)
{
	size_t n = text ? strlen(text) : 0;
	size_t got = 0;
	const char *end = NULL;
	trim(&text, &n);
	if (n == 2 * ARNET_PUBKEY_BYTES) {
		if (sodium_hex2bin(pk, ARNET_PUBKEY_BYTES, text, n, NULL, &got,
		                   &end) == 0 &&
		    got == ARNET_PUBKEY_BYTES && end == text + n) {
			return ARNET_OK;
		}
		return arnet_diag_set(
		        d, ARNET_ESYNTAX,
		        "public key is 64 characters but not hex");
	}
	if (n == ARNET_PUBKEY_TEXT_LEN &&
	    b64_exact(pk, ARNET_PUBKEY_BYTES, text, n)) {
		return ARNET_OK;
	}
	return arnet_diag_set(d, ARNET_ESYNTAX,
	                      "public key must be 44 characters of base64 or "
	                      "64 of hex, got %zu characters",
	                      n);
}

static int
comment_ok(const char *c)
{
	if (c == NULL) {
		return 1;
	}
	if (strlen(c) > ARNET_KEYFILE_COMMENT_MAX) {
		return 0;
	}
	for (; *c; c++) {
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			return 0;
		}
	}
	return 1;
}

static int
write_keyfile(char *buf, size_t cap, size_t *len, const char *what,
              const char *comment, const uint8_t *blob, size_t blob_len)
{
	char b64[256];
	int n;
	sodium_bin2base64(b64, sizeof(b64), blob, blob_len,
	                  sodium_base64_VARIANT_ORIGINAL);
	n = snprintf(buf, cap, "untrusted comment: arnet %s%s%s\n%s\n", what,
	             comment && *comment ? " " : "", comment ? comment : "",
	             b64);
	sodium_memzero(b64, sizeof(b64));
	if (n < 0 || (size_t)n >= cap) {
		sodium_memzero(buf, cap);
		return ARNET_ETOOBIG;
	}
	*len = (size_t)n;
	return ARNET_OK;
}

/*
 * The key line of a key file: the first line that is neither empty nor a
 * comment ("untrusted comment:" or '#'). Exactly one key line is allowed.
 */
static int
key_line(const char *text, size_t len, const char **line, size_t *line_len)
{
	const char *p = text, *end = text + len;
	*line = NULL;
	if (len > ARNET_KEYFILE_MAX || memchr(text, '\0', len) != NULL) {
		return ARNET_EKEYFILE;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		const char *s = p;
		size_t n = (size_t)(e - p);
		trim(&s, &n);
		if (n > 0 && s[0] != '#' &&
		    strncmp(s, "untrusted comment:", 18) != 0) {
			if (*line != NULL) {
				return ARNET_EKEYFILE;
			}
			*line = s;
			*line_len = n;
		}
		p = nl ? nl + 1 : end;
	}
	return *line ? ARNET_OK : ARNET_EKEYFILE;
}

int
arnet_pubkey_file_format(char *buf, size_t cap, size_t *len,
                         const uint8_t pk[ARNET_PUBKEY_BYTES],
                         const char *comment)
{
	if (!comment_ok(comment)) {
		return ARNET_EINVAL;
	}
	return write_keyfile(buf, cap, len, "public key", comment, pk,
	                     ARNET_PUBKEY_BYTES);
}

int
arnet_pubkey_file_parse(uint8_t pk[ARNET_PUBKEY_BYTES], const char *text,
                        size_t len, arnet_diag *d)
{
	const char *line;
	size_t n;
	if (key_line(text, len, &line, &n) != ARNET_OK) {
		return arnet_diag_set(
		        d, ARNET_EKEYFILE,
		        "expected one key line after the comment");
	}
	if (n != ARNET_PUBKEY_TEXT_LEN ||
	    !b64_exact(pk, ARNET_PUBKEY_BYTES, line, n)) {
		return arnet_diag_set(d, ARNET_EKEYFILE,
		                      "key line is not a base64 public key (44 "
		                      "characters)");
	}
	return ARNET_OK;
}

int
arnet_seckey_file_format(char *buf, size_t cap, size_t *len,
                         const uint8_t sk[ARNET_SECKEY_BYTES], const char *pass,
                         size_t pass_len, const arnet_kdf_params *kdf,
                         const char *comment)
{
	uint8_t blob[SK_SEALED_BLOB];
	uint8_t key[crypto_secretbox_KEYBYTES];
	arnet_wbuf w;
	int rv;

	if (!comment_ok(comment) || (pass != NULL && pass_len == 0)) {
		return ARNET_EINVAL;
	}
	arnet_wbuf_init(&w, blob, sizeof(blob));
	arnet_put_bytes(&w, SK_MAGIC, SK_MAGIC_LEN);
	arnet_put_u8(&w, SK_VERSION);
	if (pass == NULL) {
		arnet_put_u8(&w, SK_KDF_NONE);
		arnet_put_bytes(&w, sk, ARNET_SECKEY_BYTES);
		rv = write_keyfile(buf, cap, len, "secret key", comment, blob,
		                   w.len);
		sodium_memzero(blob, sizeof(blob));
		return rv;
	}
	if (kdf == NULL) {
		kdf = &arnet_kdf_interactive;
	}
	if (kdf->opslimit < crypto_pwhash_OPSLIMIT_MIN ||
	    kdf->opslimit > SK_OPS_MAX ||
	    kdf->memlimit < crypto_pwhash_MEMLIMIT_MIN ||
	    kdf->memlimit > SK_MEM_MAX) {
		return ARNET_EINVAL;
	}
	arnet_put_u8(&w, SK_KDF_ARGON2ID13);
	arnet_put_u64(&w, kdf->opslimit);
	arnet_put_u64(&w, kdf->memlimit);
	uint8_t *salt = arnet_put_reserve(&w, SK_SALT_BYTES);
	uint8_t *nonce = arnet_put_reserve(&w, SK_NONCE_BYTES);
	uint8_t *box = arnet_put_reserve(&w, SK_MAC_BYTES + ARNET_SECKEY_BYTES);
	randombytes_buf(salt, SK_SALT_BYTES);
	randombytes_buf(nonce, SK_NONCE_BYTES);
	if (crypto_pwhash(key, sizeof(key), pass, pass_len, salt, kdf->opslimit,
	                  (size_t)kdf->memlimit,
	                  crypto_pwhash_ALG_ARGON2ID13) != 0) {
		sodium_memzero(key, sizeof(key));
		return ARNET_ENOMEM;
	}
	crypto_secretbox_easy(box, sk, ARNET_SECKEY_BYTES, nonce, key);
	sodium_memzero(key, sizeof(key));
	rv = write_keyfile(buf, cap, len, "secret key, encrypted (argon2id)",
	                   comment, blob, w.len);
	sodium_memzero(blob, sizeof(blob));
	return rv;
}

/* The secret key must be seed || public key of that seed. */
static int
seckey_consistent(const uint8_t sk[ARNET_SECKEY_BYTES])
{
	uint8_t pk[ARNET_PUBKEY_BYTES], sk2[ARNET_SECKEY_BYTES];
	crypto_sign_seed_keypair(pk, sk2, sk);
	int ok = sodium_memcmp(sk2, sk, ARNET_SECKEY_BYTES) == 0;
	sodium_memzero(sk2, sizeof(sk2));
	return ok;
}

static int
read_blob(uint8_t *blob, size_t *blob_len, const char *text, size_t len)
{
	const char *line;
	size_t n;
	const char *end = NULL;
	if (key_line(text, len, &line, &n) != ARNET_OK ||
	    sodium_base642bin(blob, SK_SEALED_BLOB, line, n, NULL, blob_len,
	                      &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    end != line + n) {
		return ARNET_EKEYFILE;
	}
	if (*blob_len < SK_AT_BODY ||
	    memcmp(blob + SK_AT_MAGIC, SK_MAGIC, SK_MAGIC_LEN) != 0) {
		return ARNET_EKEYFILE;
	}
	return ARNET_OK;
}

int
arnet_seckey_file_is_encrypted(const char *text, size_t len)
{
	uint8_t blob[SK_SEALED_BLOB];
	size_t n = 0;
	int enc = -1;
	if (read_blob(blob, &n, text, len) == ARNET_OK) {
		enc = blob[SK_AT_KDF] == SK_KDF_ARGON2ID13 ? 1
		      : blob[SK_AT_KDF] == SK_KDF_NONE     ? 0
		                                           : -1;
	}
	sodium_memzero(blob, sizeof(blob));
	return enc;
}

static int
open_sealed(uint8_t sk[ARNET_SECKEY_BYTES], const uint8_t *blob,
            const char *pass, size_t pass_len, arnet_diag *d)
{
	uint8_t key[crypto_secretbox_KEYBYTES];
	arnet_rbuf r;
	arnet_rbuf_init(&r, blob, SK_SEALED_BLOB, NULL);
	r.off = SK_AT_BODY;
	uint64_t ops = arnet_get_u64(&r, "opslimit");
	uint64_t mem = arnet_get_u64(&r, "memlimit");
	const uint8_t *salt = arnet_get_view(&r, SK_SALT_BYTES, "salt");
	const uint8_t *nonce = arnet_get_view(&r, SK_NONCE_BYTES, "nonce");
	const uint8_t *box =
	        arnet_get_view(&r, SK_MAC_BYTES + ARNET_SECKEY_BYTES, "box");
	if (r.err != ARNET_OK) {
		return arnet_diag_set(d, ARNET_EKEYFILE, "key blob truncated");
	}
	if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > SK_OPS_MAX ||
	    mem < crypto_pwhash_MEMLIMIT_MIN || mem > SK_MEM_MAX) {
		return arnet_diag_set(d, ARNET_EKEYFILE,
		                      "argon2id cost (ops %llu, memory %llu "
		                      "bytes) is outside what arnet accepts",
		                      (unsigned long long)ops,
		                      (unsigned long long)mem);
	}
	if (pass == NULL || pass_len == 0) {
		return arnet_diag_set(
		        d, ARNET_EPASS,
		        "the secret key is encrypted: a passphrase "
		        "is needed");
	}
	if (crypto_pwhash(key, sizeof(key), pass, pass_len, salt, ops,
	                  (size_t)mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
		sodium_memzero(key, sizeof(key));
		return arnet_diag_set(d, ARNET_ENOMEM,
		                      "argon2id could not get %llu bytes",
		                      (unsigned long long)mem);
	}
	int rv = crypto_secretbox_open_easy(
	        sk, box, SK_MAC_BYTES + ARNET_SECKEY_BYTES, nonce, key);
	sodium_memzero(key, sizeof(key));
	if (rv != 0) {
		return arnet_diag_set(d, ARNET_EPASS,
		                      "wrong passphrase, or the key file was "
		                      "altered");
	}
	return ARNET_OK;
}

int
arnet_seckey_file_parse(uint8_t sk[ARNET_SECKEY_BYTES], const char *text,
                        size_t len, const char *pass, size_t pass_len,
                        arnet_diag *d)
{
	uint8_t blob[SK_SEALED_BLOB];
	size_t n = 0;
	int rv;

	arnet_diag_clear(d);
	rv = read_blob(blob, &n, text, len);
	if (rv != ARNET_OK) {
		rv = arnet_diag_set(d, ARNET_EKEYFILE,
		                    "not an arnet secret key file");
	} else if (blob[SK_AT_VERSION] != SK_VERSION) {
		rv = arnet_diag_set(
		        d, ARNET_EKEYFILE,
		        "secret key file version %u is not supported",
		        blob[SK_AT_VERSION]);
	} else if (blob[SK_AT_KDF] == SK_KDF_NONE && n == SK_PLAIN_BLOB) {
		memcpy(sk, blob + SK_AT_BODY, ARNET_SECKEY_BYTES);
	} else if (blob[SK_AT_KDF] == SK_KDF_ARGON2ID13 &&
	           n == SK_SEALED_BLOB) {
		rv = open_sealed(sk, blob, pass, pass_len, d);
	} else {
		rv = arnet_diag_set(
		        d, ARNET_EKEYFILE,
		        "unknown key protection %u or wrong length %zu",
		        blob[SK_AT_KDF], n);
	}
	sodium_memzero(blob, sizeof(blob));
	if (rv == ARNET_OK && !seckey_consistent(sk)) {
		rv = arnet_diag_set(
		        d, ARNET_EKEYFILE,
		        "secret key is inconsistent (its public half "
		        "does not match its seed)");
	}
	if (rv != ARNET_OK) {
		sodium_memzero(sk, ARNET_SECKEY_BYTES);
	}
	return rv;
}
