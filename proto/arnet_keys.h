/*
 * arnet_keys.h - Ed25519 key pairs and the text formats of key files.
 *
 * Public key text: standard base64 (with padding) of the 32-byte key, 44
 * characters. Hex (64 characters) is accepted on input too.
 *
 * Key files are two lines, in the manner of OpenBSD signify: a comment
 * line, then base64 of a binary blob. The formats are given byte for byte
 * in docs/protocol.md, section "Key files". This module only builds and
 * parses the text; writing it with O_EXCL and mode 0600 is store/'s job
 * (proto/ does no I/O).
 *
 * Secret keys are libsodium's 64-byte form (seed || public key). Buffers
 * that held a secret or a derived key are wiped with sodium_memzero
 * before these functions return, on every path.
 */
#ifndef ARNET_KEYS_H
#define ARNET_KEYS_H

#include "arnet_err.h"

#include <stddef.h>
#include <stdint.h>

#define ARNET_PUBKEY_BYTES    32
#define ARNET_SECKEY_BYTES    64
#define ARNET_SEED_BYTES      32
#define ARNET_SIG_BYTES       64
#define ARNET_HASH_BYTES      32
#define ARNET_PUBKEY_TEXT_LEN 44 /* base64 of 32 bytes */

/* The public half of a secret key: libsodium's Ed25519 secret key is the
 * seed followed by the public key (a view into sk, not a copy). */
static inline const uint8_t *
arnet_seckey_pubkey(const uint8_t sk[ARNET_SECKEY_BYTES])
{
	return sk + ARNET_SEED_BYTES;
}

/* Longest key file text this module writes or reads. */
#define ARNET_KEYFILE_MAX 1024
/* Longest comment kept in a key file (printable ASCII or UTF-8). */
#define ARNET_KEYFILE_COMMENT_MAX 200

/*
 * arnet_crypto_init: initialise libsodium. Call once before any other
 * arnet function; thread-safe and idempotent. ARNET_OK or ARNET_ECRYPTO.
 */
int arnet_crypto_init(void) __attribute__((warn_unused_result));

/* arnet_keypair: a new random key pair. */
int arnet_keypair(uint8_t pk[ARNET_PUBKEY_BYTES],
                  uint8_t sk[ARNET_SECKEY_BYTES]);

/* arnet_keypair_from_seed: the key pair of a 32-byte seed (tests, vectors). */
int arnet_keypair_from_seed(uint8_t pk[ARNET_PUBKEY_BYTES],
                            uint8_t sk[ARNET_SECKEY_BYTES],
                            const uint8_t seed[ARNET_SEED_BYTES]);

/* arnet_pubkey_format: base64 text of pk into out (44 chars + NUL). */
void arnet_pubkey_format(char out[ARNET_PUBKEY_TEXT_LEN + 1],
                         const uint8_t pk[ARNET_PUBKEY_BYTES]);

/*
 * arnet_pubkey_parse: a public key from its base64 (44 characters) or hex
 * (64 characters) text; surrounding white space is ignored. Returns
 * ARNET_OK or ARNET_ESYNTAX (diag says why). Whether the key is a valid
 * curve point is checked when it verifies a signature.
 */
int arnet_pubkey_parse(uint8_t pk[ARNET_PUBKEY_BYTES], const char *text,
                       arnet_diag *diag) __attribute__((warn_unused_result));

/* Argon2id cost parameters of an encrypted secret key file. */
typedef struct arnet_kdf_params {
	uint64_t opslimit;
	uint64_t memlimit; /* bytes */
} arnet_kdf_params;

/* libsodium's INTERACTIVE limits: about 0.1 s and 64 MiB here. */
extern const arnet_kdf_params arnet_kdf_interactive;
/* libsodium's MODERATE limits: for the association root key. */
extern const arnet_kdf_params arnet_kdf_moderate;

/*
 * arnet_pubkey_file_format: the text of a public key file into buf
 * (NUL-terminated, *len without the NUL). comment may be NULL.
 * ARNET_OK, ARNET_ETOOBIG (buf too small), ARNET_EINVAL (comment has a
 * newline or is too long).
 */
int arnet_pubkey_file_format(char *buf, size_t cap, size_t *len,
                             const uint8_t pk[ARNET_PUBKEY_BYTES],
                             const char *comment);

/*
 * arnet_pubkey_file_parse: the key in the text of a public key file (a
 * file of one key line is accepted too). ARNET_OK or ARNET_EKEYFILE.
 */
int arnet_pubkey_file_parse(uint8_t pk[ARNET_PUBKEY_BYTES], const char *text,
                            size_t len, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_seckey_file_format: the text of a secret key file into buf. When
 * pass is not NULL the key is encrypted: a random salt, Argon2id13 with
 * *kdf (NULL: arnet_kdf_interactive) derives a key, and
 * crypto_secretbox_easy seals sk under a random nonce. pass is pass_len
 * bytes and may contain anything but must not be empty.
 * ARNET_OK, ARNET_ETOOBIG, ARNET_EINVAL, ARNET_ENOMEM (Argon2id could not
 * get its memory).
 */
int arnet_seckey_file_format(char *buf, size_t cap, size_t *len,
                             const uint8_t sk[ARNET_SECKEY_BYTES],
                             const char *pass, size_t pass_len,
                             const arnet_kdf_params *kdf, const char *comment)
        __attribute__((warn_unused_result));

/*
 * arnet_seckey_file_parse: the secret key in the text of a secret key
 * file. pass (pass_len bytes) is needed when the file is encrypted.
 * Returns ARNET_OK; ARNET_EKEYFILE (malformed, or cost parameters outside
 * the bounds arnet accepts, so a hostile file cannot make it allocate
 * gigabytes); ARNET_EPASS (encrypted and pass is NULL or wrong, or the
 * file was altered); ARNET_ENOMEM.
 * On error sk is zeroed.
 */
int arnet_seckey_file_parse(uint8_t sk[ARNET_SECKEY_BYTES], const char *text,
                            size_t len, const char *pass, size_t pass_len,
                            arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_seckey_file_is_encrypted: 1 encrypted, 0 plain, -1 malformed. */
int arnet_seckey_file_is_encrypted(const char *text, size_t len);

#endif /* ARNET_KEYS_H */
