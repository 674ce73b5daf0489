/*
 * utf8.c - strict UTF-8 validation for names, notes and local identifiers.
 *
 * Follows the well-formed byte sequences table of Unicode 15, section 3.9
 * (table 3-7), so every accepted string has one and only one encoding.
 */
#include "arnet_utf8.h"

int
arnet_utf8_valid(const uint8_t *s, size_t n, int allow_newline)
{
	size_t i = 0;
	while (i < n) {
		uint8_t c = s[i];
		if (c < 0x80) {
			if ((c < 0x20 && !(allow_newline && c == '\n')) ||
			    c == 0x7f) {
				return 0;
			}
			i++;
			continue;
		}
		size_t need;
		uint8_t lo = 0x80, hi = 0xbf;
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			if (c == 0xe0) {
				lo = 0xa0; /* no overlong 3-byte forms */
			} else if (c == 0xed) {
				hi = 0x9f; /* no UTF-16 surrogates */
			}
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			if (c == 0xf0) {
				lo = 0x90; /* no overlong 4-byte forms */
			} else if (c == 0xf4) {
				hi = 0x8f; /* nothing above U+10FFFF */
			}
		} else {
			return 0;
		}
		if (n - i <= need) {
			return 0;
		}
		if (s[i + 1] < lo || s[i + 1] > hi) {
			return 0;
		}
		for (size_t k = 2; k <= need; k++) {
			if (s[i + k] < 0x80 || s[i + k] > 0xbf) {
				return 0;
			}
		}
		/* C1 controls U+0080..U+009F are encoded C2 80..C2 9F. */
		if (c == 0xc2 && s[i + 1] < 0xa0) {
			return 0;
		}
		i += need + 1;
	}
	return 1;
}
