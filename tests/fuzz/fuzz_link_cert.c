/*
 * fuzz_link_cert.c - libFuzzer harness for the check of a member's link
 * certificate (store/core/link_key.c: X.509 DER parsed by mbedTLS), the
 * bytes an administrator is handed with `admin enroll --link-cert`, and
 * for the PEM form of what passes. A certificate that passes must be
 * one the version 2 roster certificate can carry.
 */
#include "fuzz_util.h"

#include "arnet_link_key.h"

#include <stdlib.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arnet_diag d;
	char pem[ARNET_LINK_PEM_MAX];
	fuzz_crypto_once();
	if (arnet_link_cert_check(data, size, 1830297600 /* 2028 */, &d) ==
	    ARNET_OK) {
		if (size > ARNET_LINK_CERT_MAX || size < 2 || data[0] != 0x30 ||
		    arnet_link_cert_pem(data, size, pem, sizeof(pem), &d) !=
		            ARNET_OK) {
			abort();
		}
	}
	return 0;
}
