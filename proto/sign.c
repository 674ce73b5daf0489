/*
 * sign.c - Ed25519 over a context string and a message (arnet_sign.h).
 */
#include "arnet_sign.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* context || msg in one buffer: pure Ed25519 hashes the message twice, so
 * it cannot be streamed. */
static uint8_t *
join(const char *ctx, size_t ctx_len, const uint8_t *msg, size_t len)
{
	uint8_t *m = malloc(ctx_len + len + 1);
	if (m != NULL) {
		memcpy(m, ctx, ctx_len);
		if (len > 0) {
			memcpy(m + ctx_len, msg, len);
		}
	}
	return m;
}

int
arnet_sign_ctx(uint8_t sig[ARNET_SIG_BYTES], const char *ctx, size_t ctx_len,
               const uint8_t *msg, size_t len,
               const uint8_t sk[ARNET_SECKEY_BYTES])
{
	uint8_t *m = join(ctx, ctx_len, msg, len);
	if (m == NULL) {
		return ARNET_ENOMEM;
	}
	crypto_sign_detached(sig, NULL, m, ctx_len + len, sk);
	free(m);
	return ARNET_OK;
}

int
arnet_verify_ctx(const uint8_t sig[ARNET_SIG_BYTES], const char *ctx,
                 size_t ctx_len, const uint8_t *msg, size_t len,
                 const uint8_t pk[ARNET_PUBKEY_BYTES])
{
	uint8_t *m = join(ctx, ctx_len, msg, len);
	if (m == NULL) {
		return ARNET_ENOMEM;
	}
	int ok = crypto_sign_verify_detached(sig, m, ctx_len + len, pk) == 0;
	free(m);
	return ok ? ARNET_OK : ARNET_ESIG;
}
