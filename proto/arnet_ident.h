/*
 * arnet_ident.h - typed identifiers of subjects (customers, prospects) and
 * members.
 *
 * A subject is named by a scheme and a value. The canonical text form,
 * which is what is signed, indexed and compared, is the lower-case scheme,
 * a colon and the upper-case value:
 *
 *   uscc:91350100M000100Y43   China Unified Social Credit Code, 18
 *                             characters, GB 32100-2015 check character
 *   lei:5493001KJTIIGC8Y1R12  ISO 17442 Legal Entity Identifier, 20
 *                             characters, ISO 7064 MOD 97-10 check digits
 *   duns:150483782            Dun & Bradstreet D-U-N-S number, 9 digits
 *   local:C-1001              free text unique within one member firm
 *
 * A local: value is visible text only: no control, bidi, zero-width,
 * format, private-use, unassigned or non-character code points, no space
 * but U+0020 and never two in a row, no combining mark first, letters of
 * one script (Latin may go with Han, kana, Hangul or Bopomofo; never with
 * Cyrillic or Greek), and in Unicode NFC (refused, not normalised).
 * docs/protocol.md states the rules exactly; arnet_utf8.h the classes.
 *
 * Input may carry the prefix in any case. Bare input (no prefix) is
 * recognised when unambiguous: 18 characters is a USCC, 20 a LEI, 9 digits
 * (dashes allowed) a DUNS number; anything else must be prefixed.
 */
#ifndef ARNET_IDENT_H
#define ARNET_IDENT_H

#include "arnet_err.h"

typedef enum arnet_id_scheme {
	ARNET_ID_USCC = 1,
	ARNET_ID_LEI = 2,
	ARNET_ID_DUNS = 3,
	ARNET_ID_LOCAL = 4,
} arnet_id_scheme;

/* Longest value of a local: identifier, in bytes of UTF-8. */
#define ARNET_ID_LOCAL_MAX 64
/* Longest canonical text, "local:" plus the value, without the NUL. */
#define ARNET_ID_MAX 70

typedef struct arnet_ident {
	arnet_id_scheme scheme;
	char text[ARNET_ID_MAX + 1]; /* canonical form, NUL-terminated */
} arnet_ident;

/*
 * arnet_ident_parse: parse, validate and canonicalise `in` (a
 * NUL-terminated string; surrounding white space is ignored).
 *
 * Returns ARNET_OK and fills *out, or:
 *   ARNET_ESYNTAX  wrong length, character or scheme, or ambiguous bare
 *                  input; a local: value that breaks the text rules
 *                  above (diag names the code point, its position in
 *                  characters and its kind) or is not in NFC (diag
 *                  shows the NFC form);
 *   ARNET_ECHECK   the check character(s) are wrong (diag names the
 *                  expected ones);
 *   ARNET_ETOOBIG  a local: value longer than ARNET_ID_LOCAL_MAX.
 * On error *out is unspecified and diag (may be NULL) says what is wrong.
 */
int arnet_ident_parse(arnet_ident *out, const char *in, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_ident_parse_canonical: like arnet_ident_parse on `len` bytes, but
 * refuses (ARNET_ENONCANON) any input that is not already in canonical
 * form. This is what decoders of signed data use.
 */
int arnet_ident_parse_canonical(arnet_ident *out, const char *in, size_t len,
                                arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_id_scheme_name: "uscc", "lei", "duns", "local", or "unknown". */
const char *arnet_id_scheme_name(arnet_id_scheme s);

/* arnet_ident_value: the canonical value after the "scheme:" prefix. */
const char *arnet_ident_value(const arnet_ident *id);

/*
 * arnet_ident_is_individual_business: 1 when id is a USCC whose
 * registration category (its first two characters, GB 32100-2015) is 92:
 * an individual business (个体工商户), registered by the market regulator
 * but in law a natural person. Adverse data about one is personal credit
 * information (State Council Order 631). 0 for everything else.
 */
int arnet_ident_is_individual_business(const arnet_ident *id);

/*
 * arnet_uscc_check_char: the GB 32100-2015 check character of the first
 * 17 characters of `body` (upper case). Returns 0 if one of them is not in
 * the USCC alphabet.
 */
char arnet_uscc_check_char(const char *body17);

/*
 * arnet_lei_check_digits: the ISO 7064 MOD 97-10 check digits (two ASCII
 * digits, written to out[0..1]) of the first 18 characters of `body`
 * (upper case alphanumerics). Returns ARNET_OK or ARNET_ESYNTAX.
 */
int arnet_lei_check_digits(char out[2], const char *body18);

#endif /* ARNET_IDENT_H */
