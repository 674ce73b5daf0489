/*
 * signed_msg.c - envelope, body, signature: the frame of the signed
 * network messages (signed_msg.h).
 */
#include "signed_msg.h"
#include "arnet_sign.h"
#include "arnet_wire.h"

#include <sodium.h>
#include <string.h>

int
sm_sign(uint8_t *out, size_t cap, size_t *len, int type, const char *ctx,
        size_t ctx_len, void (*put_body)(arnet_wbuf *, const void *),
        const void *msg, const uint8_t sk[ARNET_SECKEY_BYTES])
{
	arnet_wbuf w;
	uint8_t sig[ARNET_SIG_BYTES];
	arnet_wbuf_init(&w, out, cap);
	uint8_t *env = arnet_put_reserve(&w, ARNET_ENVELOPE_BYTES);
	if (env == NULL) {
		return ARNET_ETOOBIG;
	}
	arnet_envelope_put(env, type);
	put_body(&w, msg);
	if (w.err != ARNET_OK || cap - w.len < ARNET_SIG_BYTES) {
		return ARNET_ETOOBIG;
	}
	int rv = arnet_sign_ctx(sig, ctx, ctx_len, out + ARNET_ENVELOPE_BYTES,
	                        w.len - ARNET_ENVELOPE_BYTES, sk);
	if (rv != ARNET_OK) {
		return rv;
	}
	arnet_put_bytes(&w, sig, sizeof(sig));
	*len = w.len;
	return ARNET_OK;
}

int
sm_check_sig(arnet_rbuf *r, const uint8_t *body, const char *ctx,
             size_t ctx_len, const uint8_t key[ARNET_PUBKEY_BYTES],
             size_t *signed_len)
{
	*signed_len = r->off;
	const uint8_t *sig = arnet_get_view(r, ARNET_SIG_BYTES, "signature");
	if (arnet_rbuf_finish(r) != ARNET_OK) {
		return r->err;
	}
	if (arnet_verify_ctx(sig, ctx, ctx_len, body, *signed_len, key) !=
	    ARNET_OK) {
		return ARNET_ESIG;
	}
	return ARNET_OK;
}

void
sm_stamp(uint8_t asker[ARNET_PUBKEY_BYTES], uint8_t nonce[SM_NONCE_BYTES],
         const uint8_t sk[ARNET_SECKEY_BYTES])
{
	memcpy(asker, arnet_seckey_pubkey(sk), ARNET_PUBKEY_BYTES);
	if (sodium_is_zero(nonce, SM_NONCE_BYTES)) {
		randombytes_buf(nonce, SM_NONCE_BYTES);
	}
}

void
sm_put_asked(arnet_wbuf *w, const uint8_t asker[ARNET_PUBKEY_BYTES],
             int64_t time, const uint8_t nonce[SM_NONCE_BYTES])
{
	arnet_put_bytes(w, asker, ARNET_PUBKEY_BYTES);
	arnet_put_u64(w, (uint64_t)time);
	arnet_put_bytes(w, nonce, SM_NONCE_BYTES);
}

void
sm_get_asked(arnet_rbuf *r, uint8_t asker[ARNET_PUBKEY_BYTES], int64_t *time,
             uint8_t nonce[SM_NONCE_BYTES])
{
	arnet_get_bytes(r, asker, ARNET_PUBKEY_BYTES, "asker");
	*time = (int64_t)arnet_get_u64(r, "time");
	arnet_get_bytes(r, nonce, SM_NONCE_BYTES, "nonce");
}
