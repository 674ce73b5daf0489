/*
 * fuzz_record_json.c - libFuzzer harness for the JSON form of records
 * (arnet_record_from_json), the decoder the control socket and the golden
 * vectors use. Whatever it accepts and the signer accepts must decode.
 */
#include "fuzz_util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t sk[ARNET_SECKEY_BYTES];
	static int ready;
	char text[4096];
	arnet_record r, back;
	arnet_diag d;
	uint8_t out[ARNET_RECORD_MAX];
	size_t len = 0;

	fuzz_crypto_once();
	if (!ready) {
		uint8_t pk[ARNET_PUBKEY_BYTES], seed[ARNET_SEED_BYTES] = {7};
		if (arnet_keypair_from_seed(pk, sk, seed) != ARNET_OK) {
			abort();
		}
		ready = 1;
	}
	if (!fuzz_text(text, sizeof(text), data, size)) {
		return 0;
	}
	cJSON *j = cJSON_Parse(text);
	if (j == NULL) {
		return 0;
	}
	if (arnet_record_from_json(&r, j, &d) == ARNET_OK &&
	    arnet_record_sign(out, sizeof(out), &len, &r, sk, &d) == ARNET_OK) {
		if (arnet_record_open(&back, out, len, &d) != ARNET_OK) {
			abort(); /* signed what we cannot read back */
		}
	}
	cJSON_Delete(j);
	return 0;
}
