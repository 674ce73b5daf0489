/*
 * fuzz_member.c - libFuzzer harness for the certificate and roster
 * decoders. Properties beyond "no crash, no UB, no leak": every refusal
 * says why; a certificate that decodes re-encodes to exactly the input;
 * an opened roster answers arnet_member_valid_at for its own keys.
 */
#include "fuzz_util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arnet_cert c;
	arnet_roster r;
	arnet_diag d;
	uint8_t out[ARNET_CERT_MAX];
	size_t len;
	fuzz_crypto_once();
	int rv = arnet_cert_decode(&c, data, size, &d);
	fuzz_says_why(rv, &d);
	if (rv == ARNET_OK &&
	    (arnet_cert_encode(out, sizeof(out), &len, &c, &d) != ARNET_OK ||
	     len != size || memcmp(out, data, size) != 0)) {
		abort(); /* decoded but not canonical */
	}
	(void)arnet_cert_verify(data, size, NULL);
	rv = arnet_roster_open(&r, data, size, NULL, &d);
	fuzz_says_why(rv, &d);
	if (rv == ARNET_OK) {
		for (size_t i = 0; i < r.ncerts; i++) {
			(void)arnet_member_valid_at(&r, r.certs[i].key,
			                            r.certs[i].not_before,
			                            NULL);
		}
		arnet_roster_free(&r);
	}
	return 0;
}
