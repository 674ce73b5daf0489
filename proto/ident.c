/*
 * ident.c - parse, validate and canonicalise subject identifiers.
 *
 * Every check here exists so that two members who type the same company
 * in two ways still index, sign and find it under one canonical text, and
 * so that a mistyped code is caught by its check character instead of
 * silently naming another company.
 */
#include "arnet_ident.h"
#include "arnet_utf8.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* GB 32100-2015: 31 characters, I O S V Z are never used. */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int uscc_weights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                     29, 25, 13, 8,  24, 10, 30, 28};

static int
uscc_value(char c)
{
	const char *p = c ? strchr(uscc_alphabet, c) : NULL;
	return p ? (int)(p - uscc_alphabet) : -1;
}

char
arnet_uscc_check_char(const char *body17)
{
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		int v = uscc_value(body17[i]);
		if (v < 0) {
			return 0;
		}
		sum += v * uscc_weights[i];
	}
	int c = 31 - sum % 31;
	return uscc_alphabet[c == 31 ? 0 : c];
}

/* MOD 97 of the digit string obtained by writing A..Z as 10..35. */
static int
lei_mod97(const char *s, size_t n, int *out)
{
	int r = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			r = (r * 10 + (c - '0')) % 97;
		} else if (c >= 'A' && c <= 'Z') {
			r = (r * 100 + (c - 'A' + 10)) % 97;
		} else {
			return ARNET_ESYNTAX;
		}
	}
	*out = r;
	return ARNET_OK;
}

int
arnet_lei_check_digits(char out[2], const char *body18)
{
	char buf[20];
	int r;
	memcpy(buf, body18, 18);
	buf[18] = '0';
	buf[19] = '0';
	if (lei_mod97(buf, 20, &r) != ARNET_OK) {
		return ARNET_ESYNTAX;
	}
	int check = 98 - r;
	out[0] = (char)('0' + check / 10);
	out[1] = (char)('0' + check % 10);
	return ARNET_OK;
}

static int
parse_uscc(arnet_ident *out, const char *v, size_t n, arnet_diag *d)
{
	char up[18];
	if (n != 18) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "uscc: must be 18 characters, got %zu",
		                      n);
	}
	for (size_t i = 0; i < 18; i++) {
		unsigned char c = (unsigned char)toupper((unsigned char)v[i]);
		if (uscc_value((char)c) < 0) {
			if (strchr("IOSVZ", c) != NULL) {
				return arnet_diag_set(d, ARNET_ESYNTAX,
				                      "uscc: character '%c' at "
				                      "position %zu is "
				                      "never used (I, O, S, V, "
				                      "Z are excluded)",
				                      c, i + 1);
			}
			return arnet_diag_set(d, ARNET_ESYNTAX,
			                      "uscc: invalid character at "
			                      "position %zu",
			                      i + 1);
		}
		up[i] = (char)c;
	}
	for (size_t i = 2; i < 8; i++) {
		if (!isdigit((unsigned char)up[i])) {
			return arnet_diag_set(
			        d, ARNET_ESYNTAX,
			        "uscc: position %zu is part of the "
			        "administrative division code and "
			        "must be a digit",
			        i + 1);
		}
	}
	char want = arnet_uscc_check_char(up);
	if (want != up[17]) {
		return arnet_diag_set(d, ARNET_ECHECK,
		                      "uscc: check character is '%c', expected "
		                      "'%c'",
		                      up[17], want);
	}
	out->scheme = ARNET_ID_USCC;
	snprintf(out->text, sizeof(out->text), "uscc:%.18s", up);
	return ARNET_OK;
}

static int
parse_lei(arnet_ident *out, const char *v, size_t n, arnet_diag *d)
{
	char up[20];
	char want[2] = {0, 0};
	int r = 0;
	if (n != 20) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "lei: must be 20 characters, got %zu", n);
	}
	for (size_t i = 0; i < 20; i++) {
		unsigned char c = (unsigned char)toupper((unsigned char)v[i]);
		if (!isdigit(c) && !(c >= 'A' && c <= 'Z')) {
			return arnet_diag_set(
			        d, ARNET_ESYNTAX,
			        "lei: invalid character at position "
			        "%zu (only A-Z and 0-9)",
			        i + 1);
		}
		up[i] = (char)c;
	}
	if (!isdigit((unsigned char)up[18]) ||
	    !isdigit((unsigned char)up[19])) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "lei: positions 19-20 are check digits "
		                      "and must be digits");
	}
	(void)arnet_lei_check_digits(want, up);
	(void)lei_mod97(up, 20, &r);
	if (r != 1) {
		return arnet_diag_set(d, ARNET_ECHECK,
		                      "lei: check digits are '%c%c', expected "
		                      "'%c%c'",
		                      up[18], up[19], want[0], want[1]);
	}
	out->scheme = ARNET_ID_LEI;
	snprintf(out->text, sizeof(out->text), "lei:%.20s", up);
	return ARNET_OK;
}

static int
parse_duns(arnet_ident *out, const char *v, size_t n, arnet_diag *d)
{
	char digits[10];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i] == '-' && i > 0 && i + 1 < n && v[i - 1] != '-') {
			continue;
		}
		if (!isdigit((unsigned char)v[i])) {
			return arnet_diag_set(d, ARNET_ESYNTAX,
			                      "duns: invalid character at "
			                      "position %zu (only digits and "
			                      "single dashes)",
			                      i + 1);
		}
		if (k == 9) {
			return arnet_diag_set(
			        d, ARNET_ESYNTAX,
			        "duns: must be 9 digits, got more");
		}
		digits[k++] = v[i];
	}
	if (k != 9) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "duns: must be 9 digits, got %zu", k);
	}
	digits[9] = '\0';
	out->scheme = ARNET_ID_DUNS;
	snprintf(out->text, sizeof(out->text), "duns:%s", digits);
	return ARNET_OK;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
parse_local(arnet_ident *out, const char *v, size_t n, arnet_diag *d)
{
	while (n > 0 && is_space(*v)) {
		v++;
		n--;
	}
	while (n > 0 && is_space(v[n - 1])) {
		n--;
	}
	if (n == 0) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "local: value is empty");
	}
	if (n > ARNET_ID_LOCAL_MAX) {
		return arnet_diag_set(d, ARNET_ETOOBIG,
		                      "local: value is %zu bytes, at most %d",
		                      n, ARNET_ID_LOCAL_MAX);
	}
	if (!arnet_utf8_valid((const uint8_t *)v, n, 0)) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "local: value is not valid UTF-8 text "
		                      "(control characters are refused)");
	}
	out->scheme = ARNET_ID_LOCAL;
	memcpy(out->text, "local:", 6);
	for (size_t i = 0; i < n; i++) {
		/* ASCII letters only: multi-byte UTF-8 passes unchanged. */
		char c = v[i];
		out->text[6 + i] = (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
	}
	out->text[6 + n] = '\0';
	return ARNET_OK;
}

static const struct {
	const char *prefix;
	arnet_id_scheme scheme;
	int (*parse)(arnet_ident *, const char *, size_t, arnet_diag *);
} schemes[] = {
        {"uscc", ARNET_ID_USCC, parse_uscc},
        {"lei", ARNET_ID_LEI, parse_lei},
        {"duns", ARNET_ID_DUNS, parse_duns},
        {"local", ARNET_ID_LOCAL, parse_local},
};

static int
parse_bare(arnet_ident *out, const char *v, size_t n, arnet_diag *d)
{
	size_t digits = 0, dashes = 0;
	for (size_t i = 0; i < n; i++) {
		digits += isdigit((unsigned char)v[i]) != 0;
		dashes += v[i] == '-';
	}
	if (n == 18) {
		return parse_uscc(out, v, n, d);
	}
	if (n == 20) {
		return parse_lei(out, v, n, d);
	}
	if (digits == 9 && digits + dashes == n) {
		return parse_duns(out, v, n, d);
	}
	return arnet_diag_set(d, ARNET_ESYNTAX,
	                      "cannot tell the scheme of \"%.*s\": prefix it "
	                      "with uscc:, lei:, duns: or local:",
	                      (int)(n > 40 ? 40 : n), v);
}

static int
parse_text(arnet_ident *out, const char *in, size_t len, arnet_diag *d)
{
	const char *colon = memchr(in, ':', len);
	arnet_diag_clear(d);
	if (len == 0) {
		return arnet_diag_set(d, ARNET_ESYNTAX, "identifier is empty");
	}
	if (colon != NULL) {
		size_t plen = (size_t)(colon - in);
		for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]);
		     i++) {
			if (strlen(schemes[i].prefix) == plen &&
			    strncasecmp(schemes[i].prefix, in, plen) == 0) {
				return schemes[i].parse(out, colon + 1,
				                        len - plen - 1, d);
			}
		}
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "unknown identifier scheme \"%.*s\" "
		                      "(expected uscc, lei, duns or local)",
		                      (int)(plen > 20 ? 20 : plen), in);
	}
	return parse_bare(out, in, len, d);
}

int
arnet_ident_parse(arnet_ident *out, const char *in, arnet_diag *d)
{
	if (out == NULL || in == NULL) {
		return ARNET_EINVAL;
	}
	size_t len = strlen(in);
	while (len > 0 && is_space(*in)) {
		in++;
		len--;
	}
	while (len > 0 && is_space(in[len - 1])) {
		len--;
	}
	return parse_text(out, in, len, d);
}

int
arnet_ident_parse_canonical(arnet_ident *out, const char *in, size_t len,
                            arnet_diag *d)
{
	if (out == NULL || (in == NULL && len > 0)) {
		return ARNET_EINVAL;
	}
	if (len > ARNET_ID_MAX) {
		return arnet_diag_set(d, ARNET_ETOOBIG,
		                      "identifier is %zu bytes, at most %d",
		                      len, ARNET_ID_MAX);
	}
	if (memchr(in, '\0', len) != NULL) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "identifier contains a NUL byte");
	}
	int rv = parse_text(out, in, len, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	if (strlen(out->text) != len || memcmp(out->text, in, len) != 0) {
		return arnet_diag_set(d, ARNET_ENONCANON,
		                      "identifier is not in canonical form "
		                      "(expected \"%s\")",
		                      out->text);
	}
	return ARNET_OK;
}

const char *
arnet_id_scheme_name(arnet_id_scheme s)
{
	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		if (schemes[i].scheme == s) {
			return schemes[i].prefix;
		}
	}
	return "unknown";
}

const char *
arnet_ident_value(const arnet_ident *id)
{
	const char *colon = strchr(id->text, ':');
	return colon ? colon + 1 : id->text;
}
