/*
 * money.c - ISO 4217 exponents, decimal parsing and printing of minor
 * units, and overflow-checked arithmetic.
 *
 * The table lists the currencies a member firm is likely to invoice in.
 * A code that is missing is refused rather than guessed, because guessing
 * an exponent wrong multiplies an amount by 100.
 */
#include "arnet_money.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const struct {
	char code[4];
	int exponent;
} currencies[] = {
        {"AED", 2}, {"ARS", 2}, {"AUD", 2}, {"BDT", 2}, {"BGN", 2}, {"BHD", 3},
        {"BND", 2}, {"BRL", 2}, {"CAD", 2}, {"CHF", 2}, {"CLP", 0}, {"CNH", 2},
        {"CNY", 2}, {"COP", 2}, {"CZK", 2}, {"DKK", 2}, {"EGP", 2}, {"EUR", 2},
        {"GBP", 2}, {"HKD", 2}, {"HUF", 2}, {"IDR", 2}, {"ILS", 2}, {"INR", 2},
        {"IQD", 3}, {"ISK", 0}, {"JOD", 3}, {"JPY", 0}, {"KES", 2}, {"KHR", 2},
        {"KRW", 0}, {"KWD", 3}, {"KZT", 2}, {"LAK", 2}, {"LKR", 2}, {"LYD", 3},
        {"MMK", 2}, {"MNT", 2}, {"MOP", 2}, {"MXN", 2}, {"MYR", 2}, {"NGN", 2},
        {"NOK", 2}, {"NPR", 2}, {"NZD", 2}, {"OMR", 3}, {"PHP", 2}, {"PKR", 2},
        {"PLN", 2}, {"PYG", 0}, {"QAR", 2}, {"RON", 2}, {"RUB", 2}, {"SAR", 2},
        {"SEK", 2}, {"SGD", 2}, {"THB", 2}, {"TND", 3}, {"TRY", 2}, {"TWD", 2},
        {"UAH", 2}, {"UGX", 0}, {"USD", 2}, {"UZS", 2}, {"VND", 0}, {"XAF", 0},
        {"XOF", 0}, {"ZAR", 2},
};

int
arnet_currency_exponent(const char *code)
{
	if (code == NULL) {
		return -1;
	}
	for (size_t i = 0; i < sizeof(currencies) / sizeof(currencies[0]);
	     i++) {
		if (strcmp(currencies[i].code, code) == 0) {
			return currencies[i].exponent;
		}
	}
	return -1;
}

int
arnet_currency_parse(char out[4], const char *in, arnet_diag *d)
{
	char up[4];
	if (in == NULL || strlen(in) != 3) {
		return arnet_diag_set(
		        d, ARNET_ECURRENCY,
		        "currency \"%.10s\" is not a 3-letter ISO "
		        "4217 code",
		        in ? in : "");
	}
	for (int i = 0; i < 3; i++) {
		up[i] = (char)toupper((unsigned char)in[i]);
	}
	up[3] = '\0';
	if (arnet_currency_exponent(up) < 0) {
		return arnet_diag_set(d, ARNET_ECURRENCY,
		                      "currency \"%s\" is not known to arnet",
		                      up);
	}
	memcpy(out, up, 4);
	return ARNET_OK;
}

/* a op b into *out, or ARNET_ERANGE (and *out untouched) when the result
 * does not fit in int64. */
enum money_op { MONEY_ADD, MONEY_SUB, MONEY_MUL };

static int
money_op(int64_t *out, enum money_op op, int64_t a, int64_t b)
{
	int64_t r;
	int overflow = op == MONEY_ADD   ? __builtin_add_overflow(a, b, &r)
	               : op == MONEY_SUB ? __builtin_sub_overflow(a, b, &r)
	                                 : __builtin_mul_overflow(a, b, &r);
	if (overflow) {
		return ARNET_ERANGE;
	}
	*out = r;
	return ARNET_OK;
}

int
arnet_money_add(int64_t *out, int64_t a, int64_t b)
{
	return money_op(out, MONEY_ADD, a, b);
}

int
arnet_money_sub(int64_t *out, int64_t a, int64_t b)
{
	return money_op(out, MONEY_SUB, a, b);
}

int
arnet_money_mul(int64_t *out, int64_t a, int64_t b)
{
	return money_op(out, MONEY_MUL, a, b);
}

/* |INT64_MIN| fits in uint64; the sign is applied at the end. */
#define MONEY_LIMIT ((uint64_t)INT64_MAX + 1)

/* An amount being parsed: the diagnostics quote text up to end. */
typedef struct money_in {
	const char *text;     /* as given */
	const char *p, *end;  /* the next character; after the last one */
	const char *currency; /* for the message about decimals */
	int exp;
	int digits, decimals; /* read before and after the point */
	uint64_t mag;
	arnet_diag *d;
} money_in;

static int
money_fail(const money_in *m, int err, const char *what)
{
	return arnet_diag_set(m->d, err, "amount \"%.*s\" %s",
	                      (int)(m->end - m->text), m->text, what);
}

/* mag = mag * 10 + dgt, or ARNET_ERANGE. */
static int
money_digit(money_in *m, uint64_t dgt)
{
	if (m->mag > (MONEY_LIMIT - dgt) / 10) {
		return money_fail(m, ARNET_ERANGE, "is too large");
	}
	m->mag = m->mag * 10 + dgt;
	return ARNET_OK;
}

/* Integer part, with optional thousands separators: the first group of
 * 1-3 digits, later groups exactly 3. */
static int
money_integer(money_in *m)
{
	int group = -1, rv;
	for (; m->p < m->end && *m->p != '.'; m->p++) {
		if (*m->p == ',') {
			if (group < 0 ? (m->digits == 0 || m->digits > 3)
			              : group != 3) {
				return money_fail(m, ARNET_ESYNTAX,
				                  "has a misplaced comma");
			}
			group = 0;
			continue;
		}
		if (!isdigit((unsigned char)*m->p)) {
			return money_fail(m, ARNET_ESYNTAX, "is not a number");
		}
		if (group >= 0 && ++group > 3) {
			return money_fail(m, ARNET_ESYNTAX,
			                  "has a misplaced comma");
		}
		m->digits++;
		if ((rv = money_digit(m, (uint64_t)(*m->p - '0'))) !=
		    ARNET_OK) {
			return rv;
		}
	}
	if (group >= 0 && group != 3) {
		return money_fail(m, ARNET_ESYNTAX, "has a misplaced comma");
	}
	return ARNET_OK;
}

/* The point and the fraction: exactly exp decimal places after scaling
 * (missing ones are zeros); more digits than exp are refused. */
static int
money_fraction(money_in *m)
{
	int rv;
	if (m->p < m->end) { /* *p == '.' */
		m->p++;
		if (m->p == m->end) {
			return money_fail(m, ARNET_ESYNTAX,
			                  "ends with a decimal point");
		}
	}
	for (int k = 0; k < m->exp; k++) {
		uint64_t dgt = 0;
		if (m->p < m->end) {
			if (!isdigit((unsigned char)*m->p)) {
				return money_fail(m, ARNET_ESYNTAX,
				                  "is not a number");
			}
			dgt = (uint64_t)(*m->p++ - '0');
			m->decimals++;
		}
		if ((rv = money_digit(m, dgt)) != ARNET_OK) {
			return rv;
		}
	}
	if (m->p < m->end) {
		for (const char *q = m->p; q < m->end; q++) {
			if (!isdigit((unsigned char)*q)) {
				return money_fail(m, ARNET_ESYNTAX,
				                  "is not a number");
			}
		}
		return arnet_diag_set(m->d, ARNET_ESYNTAX,
		                      "amount \"%.*s\" has more than %d "
		                      "decimal%s for %s",
		                      (int)(m->end - m->text), m->text, m->exp,
		                      m->exp == 1 ? "" : "s", m->currency);
	}
	return ARNET_OK;
}

int
arnet_money_parse(int64_t *out, const char *text, const char *currency,
                  arnet_diag *d)
{
	money_in m = {text, text, NULL, currency, 0, 0, 0, 0, d};
	int neg = 0, rv;

	m.exp = arnet_currency_exponent(currency);
	arnet_diag_clear(d);
	if (m.exp < 0) {
		return arnet_diag_set(
		        d, ARNET_ECURRENCY,
		        "currency \"%.10s\" is not known to arnet",
		        currency ? currency : "");
	}
	if (text == NULL) {
		return ARNET_EINVAL;
	}
	while (isspace((unsigned char)*m.p)) {
		m.p++;
	}
	m.end = m.p + strlen(m.p);
	while (m.end > m.p && isspace((unsigned char)m.end[-1])) {
		m.end--;
	}
	if (m.p < m.end && *m.p == '-') {
		neg = 1;
		m.p++;
	}
	if (m.p == m.end) {
		return arnet_diag_set(d, ARNET_ESYNTAX, "amount is empty");
	}
	if ((rv = money_integer(&m)) != ARNET_OK ||
	    (rv = money_fraction(&m)) != ARNET_OK) {
		return rv;
	}
	if (m.digits == 0 && m.decimals == 0) {
		return money_fail(&m, ARNET_ESYNTAX, "is not a number");
	}
	if (!neg && m.mag > (uint64_t)INT64_MAX) {
		return money_fail(&m, ARNET_ERANGE, "is too large");
	}
	*out = neg ? (int64_t)(0 - m.mag) : (int64_t)m.mag;
	return ARNET_OK;
}

int
arnet_money_format(char *buf, size_t cap, int64_t minor, const char *currency,
                   int grouping)
{
	int exp = arnet_currency_exponent(currency);
	char tmp[ARNET_MONEY_TEXT_MAX + 1];
	char digits[24];
	size_t n = 0, len;
	uint64_t mag;

	if (exp < 0) {
		return ARNET_ECURRENCY;
	}
	mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	len = (size_t)snprintf(digits, sizeof(digits), "%0*llu", exp + 1,
	                       (unsigned long long)mag);
	size_t intlen = len - (size_t)exp;
	if (minor < 0) {
		tmp[n++] = '-';
	}
	for (size_t i = 0; i < intlen; i++) {
		if (grouping && i > 0 && (intlen - i) % 3 == 0) {
			tmp[n++] = ',';
		}
		tmp[n++] = digits[i];
	}
	if (exp > 0) {
		tmp[n++] = '.';
		memcpy(tmp + n, digits + intlen, (size_t)exp);
		n += (size_t)exp;
	}
	tmp[n] = '\0';
	if (n + 1 > cap) {
		return ARNET_ETOOBIG;
	}
	memcpy(buf, tmp, n + 1);
	return ARNET_OK;
}
