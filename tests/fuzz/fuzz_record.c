/*
 * fuzz_record.c - libFuzzer harness for the record decoder.
 *
 * Properties checked on every input, beyond "no crash, no UB, no leak":
 * whatever decodes re-encodes to exactly the input (canonical form), and
 * signature checking and hashing never fail on decodable input.
 */
#include "arnet_proto.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	arnet_record r;
	arnet_diag d;
	uint8_t out[ARNET_RECORD_MAX], hash[ARNET_HASH_BYTES];
	size_t len = 0;

	if (!ready) {
		if (arnet_crypto_init() != ARNET_OK) {
			abort();
		}
		ready = 1;
	}
	int rv = arnet_record_decode(&r, data, size, &d);
	(void)arnet_record_verify(data, size);
	if (rv != ARNET_OK) {
		if (d.msg[0] == '\0') {
			abort(); /* every refusal says why */
		}
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
