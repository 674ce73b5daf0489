/*
 * arnet_sign.h - Ed25519 signatures with a domain-separation context.
 *
 * Every signed structure of arnet is signed as pure Ed25519 (RFC 8032,
 * not Ed25519ph) over a fixed context string (with its final NUL) followed
 * by the structure's bytes, so a signature made for one kind of structure
 * can never be taken for another. Records sign from a stack buffer
 * (record.c); certificates, rosters and network messages use these.
 */
#ifndef ARNET_SIGN_H
#define ARNET_SIGN_H

#include "arnet_keys.h"

#include <stddef.h>
#include <stdint.h>

/* arnet_sign_ctx: sig = Ed25519(sk, ctx[0..ctx_len) || msg[0..len)).
 * ARNET_OK or ARNET_ENOMEM. */
int arnet_sign_ctx(uint8_t sig[ARNET_SIG_BYTES], const char *ctx,
                   size_t ctx_len, const uint8_t *msg, size_t len,
                   const uint8_t sk[ARNET_SECKEY_BYTES])
        __attribute__((warn_unused_result));

/* arnet_verify_ctx: ARNET_OK when sig is pk's over ctx || msg, else
 * ARNET_ESIG (or ARNET_ENOMEM). */
int arnet_verify_ctx(const uint8_t sig[ARNET_SIG_BYTES], const char *ctx,
                     size_t ctx_len, const uint8_t *msg, size_t len,
                     const uint8_t pk[ARNET_PUBKEY_BYTES])
        __attribute__((warn_unused_result));

#endif
