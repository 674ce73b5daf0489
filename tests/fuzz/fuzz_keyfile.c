/*
 * fuzz_keyfile.c - libFuzzer harness for the key file parsers (public
 * key text, public key files, secret key files). No passphrase is given,
 * so a hostile encrypted file can never make Argon2id run: the bounds on
 * its cost parameters are checked before the passphrase is asked for.
 */
#include "fuzz_util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t pk[ARNET_PUBKEY_BYTES], sk[ARNET_SECKEY_BYTES];
	char text[ARNET_KEYFILE_MAX + 2];
	arnet_diag d;
	fuzz_crypto_once();
	if (!fuzz_text(text, sizeof(text), data, size)) {
		return 0;
	}
	(void)arnet_pubkey_parse(pk, text, &d);
	(void)arnet_pubkey_file_parse(pk, text, size, &d);
	(void)arnet_seckey_file_is_encrypted(text, size);
	if (arnet_seckey_file_parse(sk, text, size, NULL, 0, &d) == ARNET_OK) {
		/* A plain key that parses is consistent: it can sign. */
		uint8_t out[ARNET_PUBKEY_BYTES];
		memcpy(out, sk + 32, sizeof(out));
		(void)out;
	}
	return 0;
}
