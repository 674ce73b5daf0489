/*
 * arnet_utf8.h - strict UTF-8 validation of text that is signed or stored.
 *
 * Text that is signed must have exactly one byte form, so overlong forms,
 * surrogates, code points above U+10FFFF and control characters (C0, DEL,
 * C1) are refused. Newline may be allowed for multi-line notes.
 */
#ifndef ARNET_PROTO_UTF8_H
#define ARNET_PROTO_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* arnet_utf8_valid: 1 if s[0..n) is valid text, else 0. */
int arnet_utf8_valid(const uint8_t *s, size_t n, int allow_newline);

#endif
