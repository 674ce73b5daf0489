/*
 * arnet_utf8.h - strict UTF-8 validation of text that is signed or stored,
 * and what kind of character each code point is.
 *
 * Text that is signed must have exactly one byte form, so overlong forms,
 * surrogates, code points above U+10FFFF and control characters (C0, DEL,
 * C1) are refused. Newline may be allowed for multi-line notes.
 *
 * The character classes come from libunistring 1.0 (Debian 12), which
 * implements Unicode 14.0: "unassigned" means unassigned in Unicode 14.0.
 * Identifiers (arnet_ident.h) refuse every class but ARNET_CP_TEXT; the
 * CLI escapes every class but ARNET_CP_TEXT and ARNET_CP_SPACE when it
 * prints text.
 */
#ifndef ARNET_PROTO_UTF8_H
#define ARNET_PROTO_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* arnet_utf8_valid: 1 if s[0..n) is valid text, else 0. */
int arnet_utf8_valid(const uint8_t *s, size_t n, int allow_newline);

/*
 * arnet_utf8_decode: the code point that s[0..n) starts with. Returns its
 * length in bytes (1 to 4) and sets *cp, or 0 when n is 0 or s does not
 * start with a well-formed sequence (Unicode 14.0, table 3-7: no
 * overlong forms, surrogates or code points above U+10FFFF). Control
 * characters are decoded, not refused.
 */
size_t arnet_utf8_decode(const uint8_t *s, size_t n, uint32_t *cp);

/* What a code point is, in the order arnet_cp_classify tests them. */
typedef enum arnet_cp_class {
	ARNET_CP_TEXT = 0,   /* a visible character, or U+0020 */
	ARNET_CP_CONTROL,    /* general category Cc (C0, DEL, C1) */
	ARNET_CP_BIDI,       /* Bidi_Control: U+061C, U+200E, U+200F,
	                        U+202A..U+202E, U+2066..U+2069 */
	ARNET_CP_ZERO_WIDTH, /* U+200B..U+200D, U+2060, U+FEFF */
	ARNET_CP_FORMAT,     /* any other Cf (soft hyphen U+00AD, ...) */
	ARNET_CP_SEPARATOR,  /* Zl, Zp: U+2028, U+2029 */
	ARNET_CP_PRIVATE,    /* Co: private use */
	ARNET_CP_NONCHAR,    /* Noncharacter_Code_Point: U+FDD0..U+FDEF,
	                        U+xxFFFE, U+xxFFFF */
	ARNET_CP_UNASSIGNED, /* Cn (unassigned in Unicode 14.0), Cs */
	ARNET_CP_IGNORABLE,  /* any other Default_Ignorable_Code_Point
	                        (U+034F, U+115F, U+3164, U+FE00..U+FE0F...):
	                        shown as nothing or as a blank */
	ARNET_CP_SPACE,      /* Zs other than U+0020 (U+00A0, U+2000..U+200A,
	                        U+202F, U+205F, U+3000, U+1680): visible as
	                        a space, but not the one space */
} arnet_cp_class;

/* arnet_cp_classify: the class of code point cp (any value; above
 * U+10FFFF is ARNET_CP_UNASSIGNED). Pure and thread-safe. */
arnet_cp_class arnet_cp_classify(uint32_t cp);

/* arnet_cp_class_name: "a bidi control", "a zero-width character", ...
 * (a constant string, for messages). */
const char *arnet_cp_class_name(arnet_cp_class c);

/*
 * arnet_utf8_nfc: the Unicode NFC form of s[0..n) (valid UTF-8) into
 * out[0..cap), *outlen bytes (no NUL is added). Returns ARNET_OK,
 * ARNET_ESYNTAX (s is not valid UTF-8), ARNET_ETOOBIG (the NFC form does
 * not fit in cap bytes; NFC may grow text up to three times) or
 * ARNET_ENOMEM.
 */
int arnet_utf8_nfc(uint8_t *out, size_t cap, size_t *outlen, const uint8_t *s,
                   size_t n) __attribute__((warn_unused_result));

/* Flags of arnet_utf8_escape. */
#define ARNET_UTF8_ESC_ASCII  1 /* escape every code point but U+0020..7E */
#define ARNET_UTF8_ESC_LAYOUT 2 /* pass newline and tab through as they are */

/*
 * arnet_utf8_escape: s[0..n) with what must not reach a terminal raw
 * written as escapes: a code point of any class but ARNET_CP_TEXT and
 * ARNET_CP_SPACE (or, with ARNET_UTF8_ESC_ASCII, any code point outside
 * printable ASCII) as "\u{202E}" (upper-case hex, at least four digits),
 * a byte that does not start a well-formed sequence as "\xFF". Writes at
 * most cap - 1 bytes and a NUL to out (cap > 0), never cutting an escape
 * or a character; *used (may be NULL) gets how many bytes of s were
 * written out, which is n unless out was too small. Returns the length
 * written, without the NUL. Pure: no allocation.
 */
size_t arnet_utf8_escape(char *out, size_t cap, const uint8_t *s, size_t n,
                         int flags, size_t *used);

#endif
