/*
 * forms.c - dates, amounts and currencies as ERP exports write them.
 *
 * Each reader takes the cell's text apart into the one value it names
 * and hands the canonical form to proto/ (arnet_date_from_ymd,
 * arnet_money_parse, arnet_currency_parse), so the range and decimals
 * rules stay the ones every other input meets.
 */
#include "import_forms.h"
#include "arnet_date.h"
#include "arnet_money.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define AMOUNT_TEXT_MAX 64

/* Up to `max` decimal digits at *p into *v; the count read. */
static int
digits(const char **p, int max, int *v)
{
	int n = 0;
	*v = 0;
	while (n < max && isdigit((unsigned char)**p)) {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return isdigit((unsigned char)**p) ? max + 1 : n;
}

static int
skip(const char **p, const char *lit)
{
	size_t n = strlen(lit);
	if (strncmp(*p, lit, n) != 0) {
		return 0;
	}
	*p += n;
	return 1;
}

/* What may follow a date: nothing, or a time of day (checked, dropped). */
static int
time_of_day(const char *p)
{
	int h, m, s;
	if (*p == ' ' || *p == 'T') {
		while (*p == ' ') {
			p++;
		}
		if (*p == '\0') {
			return 1; /* trailing spaces */
		}
		if (*p == 'T') {
			p++;
		}
		if (digits(&p, 2, &h) < 1 || h > 23 || !skip(&p, ":") ||
		    digits(&p, 2, &m) != 2 || m > 59) {
			return 0;
		}
		if (skip(&p, ":")) {
			if (digits(&p, 2, &s) != 2 || s > 60) {
				return 0;
			}
			if (skip(&p, ".")) {
				while (isdigit((unsigned char)*p)) {
					p++;
				}
			}
		}
		skip(&p, "Z");
	}
	while (*p == ' ') {
		p++;
	}
	return *p == '\0';
}

/* "<sep>X<sep>Y" with sep one of - / . (the same twice), X of one or two
 * digits, Y of one to ylen digits. */
static int
separated(const char **p, int *x, int *y, int ylen)
{
	char sep = **p;
	if (sep != '-' && sep != '/' && sep != '.') {
		return 0;
	}
	(*p)++;
	if (digits(p, 2, x) < 1 || **p != sep) {
		return 0;
	}
	(*p)++;
	int n = digits(p, ylen, y);
	return n >= 1 && n <= ylen;
}

static int
date_fail(arnet_diag *d, const char *text)
{
	return arnet_diag_set(d, ARNET_ESYNTAX,
	                      "\"%.40s\" is not a date (YYYY-MM-DD, "
	                      "YYYY/MM/DD, YYYYMMDD or YYYY年MM月DD日)",
	                      text);
}

int
import_date(int32_t *out, const char *text, const import_form *f, arnet_diag *d)
{
	const char *p = text;
	int a, b, c, na, y, m, day;
	char sep;

	while (*p == ' ') {
		p++;
	}
	na = digits(&p, 8, &a);
	if (na == 8) { /* YYYYMMDD */
		y = a / 10000;
		m = a / 100 % 100;
		day = a % 100;
	} else if (na == 4) { /* year first, whatever the mapping says */
		y = a;
		if (skip(&p, "年")) {
			if (digits(&p, 2, &m) < 1 || !skip(&p, "月") ||
			    digits(&p, 2, &day) < 1 || !skip(&p, "日")) {
				return date_fail(d, text);
			}
		} else if (!separated(&p, &m, &day, 2)) {
			return date_fail(d, text);
		}
	} else if (na == 1 || na == 2) { /* day or month first */
		sep = *p;
		if (!separated(&p, &b, &c, 4) || c < 1000) {
			return date_fail(d, text);
		}
		import_date_order o = f != NULL ? f->dates : IMPORT_DATES_AUTO;
		if (o == IMPORT_DATES_AUTO && sep == '.') {
			o = IMPORT_DATES_DMY;
		}
		if (o == IMPORT_DATES_AUTO) {
			return arnet_diag_set(
			        d, ARNET_ESYNTAX,
			        "\"%.40s\" could be day first or month first: "
			        "say which with date_format in a --map file",
			        text);
		}
		if (o == IMPORT_DATES_YMD) {
			return arnet_diag_set(
			        d, ARNET_ESYNTAX,
			        "\"%.40s\" is not year first, as "
			        "the --map file's date_format says",
			        text);
		}
		y = c;
		m = o == IMPORT_DATES_DMY ? b : a;
		day = o == IMPORT_DATES_DMY ? a : b;
	} else {
		return date_fail(d, text);
	}
	if (!time_of_day(p)) {
		return date_fail(d, text);
	}
	if (arnet_date_from_ymd(out, y, m, day) != ARNET_OK) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "\"%.40s\" is not a day of the calendar "
		                      "(1900 to 9999)",
		                      text);
	}
	return ARNET_OK;
}

/* What a symbol or word in an amount says about its currency. */
enum sym_means { SYM_CODE, SYM_YEN_YUAN, SYM_CNY, SYM_DOLLAR, SYM_ONE };

static const struct symbol {
	const char *text;
	enum sym_means means;
	const char *code; /* SYM_ONE */
} symbols[] = {
        {"人民币", SYM_CNY, NULL},  {"RMB", SYM_CNY, NULL},
        {"￥", SYM_YEN_YUAN, NULL}, {"¥", SYM_YEN_YUAN, NULL},
        {"元", SYM_CNY, NULL},      {"US$", SYM_ONE, "USD"},
        {"HK$", SYM_ONE, "HKD"},    {"$", SYM_DOLLAR, NULL},
        {"€", SYM_ONE, "EUR"},      {"£", SYM_ONE, "GBP"},
};

static int
symbol_fits(const struct symbol *s, const char *code, const char *cur)
{
	static const char *const dollars[] = {"USD", "HKD", "SGD", "AUD",
	                                      "CAD", "NZD", "TWD"};
	switch (s != NULL ? s->means : SYM_CODE) {
	case SYM_CODE:
		return strcasecmp(code, cur) == 0;
	case SYM_CNY:
		return strcmp(cur, "CNY") == 0;
	case SYM_YEN_YUAN:
		return strcmp(cur, "CNY") == 0 || strcmp(cur, "JPY") == 0;
	case SYM_DOLLAR:
		for (size_t i = 0; i < sizeof(dollars) / sizeof(dollars[0]);
		     i++) {
			if (strcmp(cur, dollars[i]) == 0) {
				return 1;
			}
		}
		return 0;
	default:
		return strcmp(cur, s->code) == 0;
	}
}

typedef struct amount_text {
	char *s, *e;     /* the part not yet read */
	const char *sym; /* the symbol or code found, as written */
	const struct symbol *means;
	char code[4];
} amount_text;

static void
trim(amount_text *a)
{
	while (a->s < a->e && (*a->s == ' ' || *a->s == '\t')) {
		a->s++;
	}
	while (a->e > a->s && (a->e[-1] == ' ' || a->e[-1] == '\t')) {
		a->e--;
	}
}

/* A currency symbol or a 3-letter code at the front (front != 0) or the
 * back; at most one per amount. Returns 1 when one was taken. */
static int
take_symbol(amount_text *a, int front)
{
	size_t len = (size_t)(a->e - a->s);
	for (size_t i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++) {
		size_t n = strlen(symbols[i].text);
		const char *at = front ? a->s : a->e - n;
		if (n <= len && strncmp(at, symbols[i].text, n) == 0) {
			a->sym = symbols[i].text;
			a->means = &symbols[i];
			if (front) {
				a->s += n;
			} else {
				a->e -= n;
			}
			return 1;
		}
	}
	const char *at = front ? a->s : a->e - 3;
	if (len > 3 && isalpha((unsigned char)at[0]) &&
	    isalpha((unsigned char)at[1]) && isalpha((unsigned char)at[2]) &&
	    !isalpha((unsigned char)(front ? at[3] : at[-1]))) {
		memcpy(a->code, at, 3);
		a->code[3] = '\0';
		a->sym = a->code;
		a->means = NULL;
		if (front) {
			a->s += 3;
		} else {
			a->e -= 3;
		}
		return 1;
	}
	return 0;
}

/* One minus sign at the front or the back ("-200", "200-"). */
static int
take_sign(amount_text *a)
{
	if (a->s < a->e && *a->s == '-') {
		a->s++;
		return 1;
	}
	if (a->e > a->s && a->e[-1] == '-') {
		a->e--;
		return 1;
	}
	return 0;
}

static int
amount_fail(arnet_diag *d, int err, const char *text, const char *what)
{
	return arnet_diag_set(d, err, "amount \"%.40s\" %s", text, what);
}

/* Digits with at most one '.': what most cells of a file hold. */
static int
plain_decimal(const char *s)
{
	int dots = 0;
	if (*s < '0' || *s > '9') {
		return 0;
	}
	for (; *s != '\0'; s++) {
		if (*s == '.') {
			dots++;
		} else if (*s < '0' || *s > '9') {
			return 0;
		}
	}
	return dots <= 1;
}

int
import_amount(int64_t *out, const char *text, const char *cur,
              const import_form *f, arnet_diag *d)
{
	char buf[AMOUNT_TEXT_MAX + 2], num[AMOUNT_TEXT_MAX + 2];
	amount_text a = {buf, buf, NULL, NULL, {0}};
	int neg = 0, rv;
	size_t n = strlen(text);

	if (n > AMOUNT_TEXT_MAX) {
		return amount_fail(d, ARNET_ESYNTAX, text, "is too long");
	}
	if ((f == NULL || f->decimal_mark == '.') && plain_decimal(text)) {
		/* No sign, symbol or mark to take off: the same answer and
		 * message as below, without looking for them. */
		return arnet_money_parse(out, text, cur, d);
	}
	memcpy(buf, text, n + 1);
	a.e = buf + n;
	trim(&a);
	if (a.e - a.s >= 2 && *a.s == '(' && a.e[-1] == ')') {
		neg = 1;
		a.s++;
		a.e--;
	} else if (a.e - a.s >= 6 && strncmp(a.s, "（", 3) == 0 &&
	           strncmp(a.e - 3, "）", 3) == 0) {
		neg = 1;
		a.s += 3;
		a.e -= 3;
	}
	trim(&a);
	/* sign and symbol in either order, at either end: -¥200, ¥-200,
	 * 200.00元, CNY 200-, 200- CNY */
	for (int round = 0; round < 2; round++) {
		if (take_sign(&a)) {
			if (neg) {
				return amount_fail(d, ARNET_ESYNTAX, text,
				                   "has two minus signs");
			}
			neg = 1;
		}
		trim(&a);
		if (a.sym == NULL &&
		    (take_symbol(&a, 1) || take_symbol(&a, 0))) {
			trim(&a);
		}
	}
	if (a.sym != NULL && !symbol_fits(a.means, a.code, cur)) {
		return arnet_diag_set(d, ARNET_ECURRENCY,
		                      "amount \"%.40s\" is marked %s, but the "
		                      "row's currency is %s",
		                      text, a.sym, cur);
	}
	n = (size_t)(a.e - a.s);
	num[0] = '-';
	memcpy(num + 1, a.s, n);
	num[n + 1] = '\0';
	if (f != NULL && f->decimal_mark == ',') {
		for (size_t i = 1; i <= n; i++) { /* 1.234,56 -> 1,234.56 */
			num[i] = num[i] == ','   ? '.'
			         : num[i] == '.' ? ','
			                         : num[i];
		}
	}
	if (n == 0 || num[1] == '-' || num[1] == '+') {
		return amount_fail(d, ARNET_ESYNTAX, text, "is not a number");
	}
	rv = arnet_money_parse(out, neg ? num : num + 1, cur, d);
	if (rv != ARNET_OK && strcmp(neg ? num : num + 1, text) != 0) {
		char was[ARNET_DIAG_MAX];
		snprintf(was, sizeof(was), "%s", d != NULL ? d->msg : "");
		arnet_diag_set(d, rv, "%s (read from \"%.40s\")", was, text);
	}
	return rv;
}

static const struct alias {
	const char *name;
	const char *code;
} aliases[] = {
        {"RMB", "CNY"},  {"人民币", "CNY"}, {"￥", "CNY"},   {"¥", "CNY"},
        {"元", "CNY"},   {"美元", "USD"},   {"港币", "HKD"}, {"港元", "HKD"},
        {"欧元", "EUR"}, {"日元", "JPY"},   {"英镑", "GBP"},
};

int
import_currency(char out[4], const char *text, arnet_diag *d)
{
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++) {
		if (strcasecmp(text, aliases[i].name) == 0) {
			memcpy(out, aliases[i].code, 4);
			return ARNET_OK;
		}
	}
	return arnet_currency_parse(out, text, d);
}
