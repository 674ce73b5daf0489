/*
 * test_keys.h - fixed key pairs and cheap key-file costs for unit tests.
 *
 * Tests use keys derived from a seed of one repeated byte, so every run
 * signs the same bytes, and libsodium's minimum Argon2id cost, so that
 * encrypted key files take milliseconds.
 */
#ifndef ARNET_TEST_KEYS_H
#define ARNET_TEST_KEYS_H

#include "arnet_keys.h"

#include <sodium.h>
#include <string.h>

static const arnet_kdf_params test_kdf_cheap = {crypto_pwhash_OPSLIMIT_MIN,
                                                crypto_pwhash_MEMLIMIT_MIN};

/*
 * test_keypair: initialise the crypto library (idempotent) and derive the
 * key pair of the seed made of 32 bytes `fill`. 0 on success, -1 if not
 * (the return value of a cmocka group setup).
 */
static inline int
test_keypair(uint8_t pk[ARNET_PUBKEY_BYTES], uint8_t sk[ARNET_SECKEY_BYTES],
             uint8_t fill)
{
	uint8_t seed[ARNET_SEED_BYTES];
	if (arnet_crypto_init() != ARNET_OK) {
		return -1;
	}
	memset(seed, fill, sizeof(seed));
	return arnet_keypair_from_seed(pk, sk, seed) == ARNET_OK ? 0 : -1;
}

#endif
