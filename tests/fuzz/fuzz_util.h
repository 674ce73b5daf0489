/*
 * fuzz_util.h - what the libFuzzer harnesses share: the entry point's
 * prototype, libsodium started once per process, the input as a C string,
 * and the property every decoder keeps: a refusal says why.
 */
#ifndef ARNET_FUZZ_UTIL_H
#define ARNET_FUZZ_UTIL_H

#include "arnet_proto.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Starts libsodium on the first call; aborts when it cannot start, since
 * no input could then be checked. */
static inline void
fuzz_crypto_once(void)
{
	static int ready;
	if (!ready) {
		if (arnet_crypto_init() != ARNET_OK) {
			abort();
		}
		ready = 1;
	}
}

/* Copies data[0..size) into text[0..cap) with a terminating NUL. False
 * (and text untouched) when it does not fit: such inputs are skipped. */
static inline bool
fuzz_text(char *text, size_t cap, const uint8_t *data, size_t size)
{
	if (size >= cap) {
		return false;
	}
	memcpy(text, data, size);
	text[size] = '\0';
	return true;
}

/* Aborts when a decoder refused (rv is not ARNET_OK) without saying why
 * in d. */
static inline void
fuzz_says_why(int rv, const arnet_diag *d)
{
	if (rv != ARNET_OK && d->msg[0] == '\0') {
		abort();
	}
}

#endif
