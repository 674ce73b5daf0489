/*
 * utf8.c - strict UTF-8 validation for names, notes and local identifiers,
 * and the Unicode properties identifiers and displays depend on.
 *
 * Decoding follows the well-formed byte sequences table of Unicode,
 * section 3.9 (table 3-7), so every accepted string has one and only one
 * encoding. Character properties and normalisation come from
 * libunistring (Unicode 14.0 in Debian 12's 1.0) rather than tables of
 * our own: they are what a careful reviewer can check against the
 * standard, and they follow its corrections.
 */
#include "arnet_utf8.h"
#include "arnet_err.h"

#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <uninorm.h>

size_t
arnet_utf8_decode(const uint8_t *s, size_t n, uint32_t *cp)
{
	if (n == 0) {
		return 0;
	}
	uint8_t c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t need;
	uint8_t lo = 0x80, hi = 0xbf;
	uint32_t v;
	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		v = c & 0x0f;
		if (c == 0xe0) {
			lo = 0xa0; /* no overlong 3-byte forms */
		} else if (c == 0xed) {
			hi = 0x9f; /* no UTF-16 surrogates */
		}
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		v = c & 0x07;
		if (c == 0xf0) {
			lo = 0x90; /* no overlong 4-byte forms */
		} else if (c == 0xf4) {
			hi = 0x8f; /* nothing above U+10FFFF */
		}
	} else {
		return 0;
	}
	if (n <= need || s[1] < lo || s[1] > hi) {
		return 0;
	}
	for (size_t k = 1; k <= need; k++) {
		if (s[k] < 0x80 || s[k] > 0xbf) {
			return 0;
		}
		v = (v << 6) | (s[k] & 0x3f);
	}
	*cp = v;
	return need + 1;
}

int
arnet_utf8_valid(const uint8_t *s, size_t n, int allow_newline)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = arnet_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			return 0;
		}
		/* C0, DEL and the C1 controls U+0080..U+009F. */
		if ((cp < 0x20 && !(allow_newline && cp == '\n')) ||
		    (cp >= 0x7f && cp <= 0x9f)) {
			return 0;
		}
		i += k;
	}
	return 1;
}

static int
is_zero_width(uint32_t cp)
{
	return (cp >= 0x200b && cp <= 0x200d) || cp == 0x2060 || cp == 0xfeff;
}

arnet_cp_class
arnet_cp_classify(uint32_t cp)
{
	if (cp > 0x10ffff) {
		return ARNET_CP_UNASSIGNED;
	}
	if (cp >= 0x20 && cp < 0x7f) {
		return ARNET_CP_TEXT; /* the common case, without a lookup */
	}
	if (uc_is_general_category(cp, UC_CATEGORY_Cc)) {
		return ARNET_CP_CONTROL;
	}
	if (uc_is_property_bidi_control(cp)) {
		return ARNET_CP_BIDI;
	}
	if (is_zero_width(cp)) {
		return ARNET_CP_ZERO_WIDTH;
	}
	if (uc_is_general_category(cp, UC_CATEGORY_Cf)) {
		return ARNET_CP_FORMAT;
	}
	if (uc_is_general_category(cp, UC_CATEGORY_Zl) ||
	    uc_is_general_category(cp, UC_CATEGORY_Zp)) {
		return ARNET_CP_SEPARATOR;
	}
	if (uc_is_general_category(cp, UC_CATEGORY_Co)) {
		return ARNET_CP_PRIVATE;
	}
	if (uc_is_property_not_a_character(cp)) {
		return ARNET_CP_NONCHAR;
	}
	if (uc_is_general_category(cp, UC_CATEGORY_Cn) ||
	    uc_is_general_category(cp, UC_CATEGORY_Cs)) {
		return ARNET_CP_UNASSIGNED;
	}
	if (uc_is_property_default_ignorable_code_point(cp)) {
		return ARNET_CP_IGNORABLE;
	}
	if (uc_is_general_category(cp, UC_CATEGORY_Zs)) {
		return ARNET_CP_SPACE;
	}
	return ARNET_CP_TEXT;
}

const char *
arnet_cp_class_name(arnet_cp_class c)
{
	switch (c) {
	case ARNET_CP_TEXT:
		return "a visible character";
	case ARNET_CP_CONTROL:
		return "a control character";
	case ARNET_CP_BIDI:
		return "a bidi control";
	case ARNET_CP_ZERO_WIDTH:
		return "a zero-width character";
	case ARNET_CP_FORMAT:
		return "a format character";
	case ARNET_CP_SEPARATOR:
		return "a line or paragraph separator";
	case ARNET_CP_PRIVATE:
		return "a private-use character";
	case ARNET_CP_NONCHAR:
		return "a non-character";
	case ARNET_CP_UNASSIGNED:
		return "an unassigned code point (Unicode 14.0)";
	case ARNET_CP_IGNORABLE:
		return "an invisible (default-ignorable) character";
	case ARNET_CP_SPACE:
		return "a space other than U+0020";
	}
	return "an unknown class";
}

int
arnet_utf8_nfc(uint8_t *out, size_t cap, size_t *outlen, const uint8_t *s,
               size_t n)
{
	if (!arnet_utf8_valid(s, n, 1)) {
		return ARNET_ESYNTAX;
	}
	size_t len = cap;
	/* u8_normalize writes into out when the result fits, else it
	 * returns a new buffer of its own (malloc). */
	uint8_t *r = u8_normalize(UNINORM_NFC, s, n, out, &len);
	if (r == NULL) {
		return ARNET_ENOMEM;
	}
	if (r != out) {
		free(r);
		return ARNET_ETOOBIG;
	}
	*outlen = len;
	return ARNET_OK;
}

size_t
arnet_utf8_escape(char *out, size_t cap, const uint8_t *s, size_t n, int flags,
                  size_t *used)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0, i = 0;
	while (i < n) {
		uint32_t cp = 0;
		size_t k = arnet_utf8_decode(s + i, n - i, &cp);
		char esc[16];
		size_t elen = 0;
		int keep = k > 0;
		if (k == 0) {
			esc[elen++] = '\\';
			esc[elen++] = 'x';
			esc[elen++] = hex[s[i] >> 4];
			esc[elen++] = hex[s[i] & 15];
			k = 1;
		} else if ((flags & ARNET_UTF8_ESC_LAYOUT) &&
		           (cp == '\n' || cp == '\t')) {
			keep = 1;
		} else if (flags & ARNET_UTF8_ESC_ASCII) {
			keep = cp >= 0x20 && cp < 0x7f;
		} else {
			arnet_cp_class c = arnet_cp_classify(cp);
			keep = c == ARNET_CP_TEXT || c == ARNET_CP_SPACE;
		}
		if (!keep && elen == 0) {
			int digits = cp > 0xfffff ? 6 : cp > 0xffff ? 5 : 4;
			esc[elen++] = '\\';
			esc[elen++] = 'u';
			esc[elen++] = '{';
			for (int d = digits - 1; d >= 0; d--) {
				esc[elen++] = hex[(cp >> (4 * d)) & 15];
			}
			esc[elen++] = '}';
		}
		const char *src = keep ? (const char *)s + i : esc;
		size_t len = keep ? k : elen;
		if (o + len + 1 > cap) {
			break;
		}
		memcpy(out + o, src, len);
		o += len;
		i += k;
	}
	if (cap > 0) {
		out[o] = '\0';
	}
	if (used != NULL) {
		*used = i;
	}
	return o;
}
