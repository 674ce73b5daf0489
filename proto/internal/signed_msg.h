/*
 * signed_msg.h - the frame of proto's signed network messages (internal
 * to proto/).
 *
 * A sync request, a trade-reference question and its answer are each an
 * envelope, a body and an Ed25519 signature over the body under the
 * message's context (docs/protocol.md). The frame is written and checked
 * here once; each message writes and reads only its body.
 */
#ifndef ARNET_PROTO_SIGNED_MSG_H
#define ARNET_PROTO_SIGNED_MSG_H

#include "arnet_codec.h"
#include "arnet_keys.h"

#include <stddef.h>
#include <stdint.h>

/*
 * sm_sign: into out (cap bytes) the envelope of type, what put_body writes
 * of msg, then sk's signature over the body under ctx; *len its length.
 * ARNET_ETOOBIG when cap is too small, or the error of arnet_sign_ctx.
 */
int sm_sign(uint8_t *out, size_t cap, size_t *len, int type, const char *ctx,
            size_t ctx_len, void (*put_body)(arnet_wbuf *, const void *),
            const void *msg, const uint8_t sk[ARNET_SECKEY_BYTES]);

/*
 * sm_check_sig: the signature that ends the body r reads, at r's offset,
 * by key over body[0..that offset) under ctx; *signed_len is that offset.
 * r->err when the signature is cut short or bytes follow it (r names the
 * field); ARNET_ESIG, with no diagnostic, when it does not verify: the
 * caller says whose key.
 */
int sm_check_sig(arnet_rbuf *r, const uint8_t *body, const char *ctx,
                 size_t ctx_len, const uint8_t key[ARNET_PUBKEY_BYTES],
                 size_t *signed_len);

/* The nonce of a request, against replay (docs/protocol.md). */
#define SM_NONCE_BYTES 16

/*
 * A request (a sync request, a trade-reference question) opens with who
 * asks, when and a nonce: the asker's key, i64 time, the nonce.
 * sm_stamp sets the asker to sk's public key and draws a nonce unless
 * one is set; sm_put_asked and sm_get_asked write and read the three.
 */
void sm_stamp(uint8_t asker[ARNET_PUBKEY_BYTES], uint8_t nonce[SM_NONCE_BYTES],
              const uint8_t sk[ARNET_SECKEY_BYTES]);
void sm_put_asked(arnet_wbuf *w, const uint8_t asker[ARNET_PUBKEY_BYTES],
                  int64_t time, const uint8_t nonce[SM_NONCE_BYTES]);
void sm_get_asked(arnet_rbuf *r, uint8_t asker[ARNET_PUBKEY_BYTES],
                  int64_t *time, uint8_t nonce[SM_NONCE_BYTES]);

#endif
