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
#include <unictype.h>

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

/*
 * Scripts that may share one identifier: the sets of UTS #39's "highly
 * restrictive" level (Latin with Han and the Japanese kana, with Han and
 * Bopomofo, with Han and Hangul). Any other script, Cyrillic and Greek
 * among them, stands alone, so "ACME" with a Cyrillic A is refused as a
 * look-alike. Common (digits, punctuation) and Inherited (combining
 * marks) characters go with any script.
 */
static const char *const script_groups[][4] = {
        {"Latin", "Han", "Hiragana", "Katakana"},
        {"Latin", "Han", "Bopomofo", NULL},
        {"Latin", "Han", "Hangul", NULL},
};

static int
in_group(const char *const *g, const char *script)
{
	for (int i = 0; i < 4 && g[i] != NULL; i++) {
		if (strcmp(g[i], script) == 0) {
			return 1;
		}
	}
	return 0;
}

/* May scripts a and b appear in one identifier? The groups are chosen so
 * that a set of scripts is allowed exactly when each pair of it is. */
static int
scripts_mix(const char *a, const char *b)
{
	if (strcmp(a, b) == 0) {
		return 1;
	}
	for (size_t i = 0; i < sizeof(script_groups) / sizeof(script_groups[0]);
	     i++) {
		if (in_group(script_groups[i], a) &&
		    in_group(script_groups[i], b)) {
			return 1;
		}
	}
	return 0;
}

/* The first character of each script seen so far in a value. */
typedef struct script_seen {
	const char *name;
	uint32_t cp;
	size_t at;
} script_seen;

/* The refusal of a second space in a row at character `at` (1-based). */
static int
second_space(arnet_diag *d, size_t at)
{
	return arnet_diag_set(d, ARNET_ESYNTAX,
	                      "local: character %zu is a second space in a "
	                      "row (one space between words)",
	                      at);
}

/*
 * local_chars_ok: the rules every character of a local: value v[0..n)
 * (valid UTF-8, upper-cased) must meet, each refusal naming the code
 * point, its position (1-based, in characters) and what is wrong.
 */
static int
local_chars_ok(const uint8_t *v, size_t n, arnet_diag *d)
{
	script_seen seen[ARNET_ID_LOCAL_MAX];
	size_t nseen = 0, at = 0;
	uint32_t prev = 0;
	for (size_t i = 0; i < n; at++) {
		uint32_t cp;
		size_t k = arnet_utf8_decode(v + i, n - i, &cp);
		if (k == 0) {
			return arnet_diag_set(d, ARNET_ESYNTAX,
			                      "local: character %zu is not "
			                      "valid UTF-8",
			                      at + 1);
		}
		i += k;
		arnet_cp_class c = arnet_cp_classify(cp);
		if (c != ARNET_CP_TEXT) {
			return arnet_diag_set(d, ARNET_ESYNTAX,
			                      "local: character %zu (U+%04X) "
			                      "is %s, not allowed in an "
			                      "identifier",
			                      at + 1, (unsigned)cp,
			                      arnet_cp_class_name(c));
		}
		if (cp == ' ' && prev == ' ') {
			return second_space(d, at + 1);
		}
		prev = cp;
		if (at == 0 && uc_is_general_category(cp, UC_CATEGORY_M)) {
			return arnet_diag_set(
			        d, ARNET_ESYNTAX,
			        "local: character 1 (U+%04X) is a "
			        "combining mark with nothing "
			        "before it",
			        (unsigned)cp);
		}
		const uc_script_t *sc = uc_script(cp);
		if (sc == NULL || strcmp(sc->name, "Common") == 0 ||
		    strcmp(sc->name, "Inherited") == 0) {
			continue;
		}
		size_t s = 0;
		while (s < nseen && strcmp(seen[s].name, sc->name) != 0) {
			s++;
		}
		if (s < nseen) {
			continue;
		}
		for (size_t o = 0; o < nseen; o++) {
			if (!scripts_mix(seen[o].name, sc->name)) {
				return arnet_diag_set(
				        d, ARNET_ESYNTAX,
				        "local: character %zu (U+%04X) is "
				        "%s but character %zu (U+%04X) is %s: "
				        "an identifier may not mix these "
				        "scripts (look-alike letters)",
				        at + 1, (unsigned)cp, sc->name,
				        seen[o].at + 1, (unsigned)seen[o].cp,
				        seen[o].name);
			}
		}
		seen[nseen++] = (script_seen){sc->name, cp, at};
	}
	return ARNET_OK;
}

/* local_nfc_ok: refuse a value v[0..n) that is not in Unicode NFC, and
 * show the NFC form (escaped, so the difference can be seen). */
static int
local_nfc_ok(const uint8_t *v, size_t n, arnet_diag *d)
{
	uint8_t nfc[3 * ARNET_ID_LOCAL_MAX];
	char shown[ARNET_DIAG_MAX];
	size_t len = 0;
	int rv = arnet_utf8_nfc(nfc, sizeof(nfc), &len, v, n);
	if (rv != ARNET_OK) {
		return arnet_diag_set(d, rv, "local: cannot normalise: %s",
		                      arnet_strerror(rv));
	}
	if (len == n && memcmp(nfc, v, n) == 0) {
		return ARNET_OK;
	}
	(void)arnet_utf8_escape(shown, 120, nfc, len, ARNET_UTF8_ESC_ASCII,
	                        NULL);
	return arnet_diag_set(d, ARNET_ESYNTAX,
	                      "local: value is not in Unicode NFC "
	                      "(composed) form; its NFC form is \"local:%s\"",
	                      shown);
}

static int
printable_ascii(const uint8_t *u, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (u[i] < 0x20 || u[i] > 0x7e) {
			return 0;
		}
	}
	return 1;
}

/* local_chars_ok for printable ASCII: the same refusal for two spaces. */
static int
local_chars_ok_ascii(const uint8_t *u, size_t n, arnet_diag *d)
{
	for (size_t i = 1; i < n; i++) {
		if (u[i] == ' ' && u[i - 1] == ' ') {
			return second_space(d, i + 1);
		}
	}
	return ARNET_OK;
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
	out->scheme = ARNET_ID_LOCAL;
	memcpy(out->text, "local:", 6);
	for (size_t i = 0; i < n; i++) {
		/* ASCII letters only: multi-byte UTF-8 passes unchanged. */
		char c = v[i];
		out->text[6 + i] =
		        (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
	}
	out->text[6 + n] = '\0';
	/* The rules apply to the canonical value, which is what is signed:
	 * upper-casing keeps every position and every class and script,
	 * and NFC is checked after it (I + U+0307 composes, i + U+0307
	 * does not). */
	const uint8_t *u = (const uint8_t *)out->text + 6;
	if (printable_ascii(u, n)) {
		/* The common case, and every stored book entry is parsed
		 * again when read (a million invoices per aging report):
		 * printable ASCII is NFC, has no marks, and is Latin or
		 * common script, so only the spacing rule can fail. */
		return local_chars_ok_ascii(u, n, d);
	}
	int rv = local_chars_ok(u, n, d);
	return rv != ARNET_OK ? rv : local_nfc_ok(u, n, d);
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

int
arnet_ident_is_individual_business(const arnet_ident *id)
{
	const char *v = arnet_ident_value(id);
	return id->scheme == ARNET_ID_USCC && v[0] == '9' && v[1] == '2';
}

const char *
arnet_ident_value(const arnet_ident *id)
{
	const char *colon = strchr(id->text, ':');
	return colon ? colon + 1 : id->text;
}
