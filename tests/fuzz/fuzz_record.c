/*
 * fuzz_record.c - libFuzzer harness for the record decoder.
 *
 * Properties checked on every input, beyond "no crash, no UB, no leak":
 * whatever decodes re-encodes to exactly the input (canonical form), and
 * signature checking and hashing never fail on decodable input.
 */
#include "fuzz_util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arnet_record r;
	arnet_diag d;
	uint8_t out[ARNET_RECORD_MAX], hash[ARNET_HASH_BYTES];
	size_t len = 0;

	fuzz_crypto_once();
	int rv = arnet_record_decode(&r, data, size, &d);
	(void)arnet_record_verify(data, size);
	fuzz_says_why(rv, &d);
	if (rv != ARNET_OK) {
		return 0;
	}
	if (arnet_record_encode(out, sizeof(out), &len, &r, &d) != ARNET_OK ||
	    len != size || memcmp(out, data, size) != 0) {
		abort(); /* decoded but not canonical */
	}
	arnet_record_hash(hash, data, size);
	cJSON *j = arnet_record_to_json(&r);
	if (j != NULL) {
		arnet_record back;
		if (arnet_record_from_json(&back, j, &d) != ARNET_OK) {
			abort(); /* our own JSON must read back */
		}
		cJSON_Delete(j);
	}
	return 0;
}
