/*
 * import_forms_test.c - the date, amount and currency forms of ERP
 * exports (store/import/forms.c) and the header names of each import
 * kind (store/import/columns.c). Refusals first.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_date.h"
#include "import_columns.h"
#include "import_forms.h"
#include "test_diag.h"

#include <string.h>

static const import_form AUTO = {IMPORT_DATES_AUTO, '.'};
static const import_form DMY = {IMPORT_DATES_DMY, '.'};
static const import_form MDY = {IMPORT_DATES_MDY, '.'};
static const import_form YMD = {IMPORT_DATES_YMD, '.'};
static const import_form COMMA = {IMPORT_DATES_AUTO, ','};

static int32_t
ymd(int y, int m, int d)
{
	int32_t out;
	assert_int_equal(arnet_date_from_ymd(&out, y, m, d), ARNET_OK);
	return out;
}

static void
date_is(const char *text, const import_form *f, int32_t want)
{
	int32_t got = -1;
	arnet_diag d;
	if (import_date(&got, text, f, &d) != ARNET_OK) {
		fail_msg("\"%s\": %s", text, d.msg);
	}
	assert_int_equal(got, want);
}

/* A parse of text refused: rv is err, the output (set to 7 before) is
 * untouched, and d says says. */
static void
refused_as(const char *text, int rv, int64_t got, const arnet_diag *d, int err,
           const char *says)
{
	assert_int_equal(rv, err);
	assert_int_equal(got, 7);
	test_says(d, says, text);
}

static void
date_refused(const char *text, const import_form *f, int err, const char *says)
{
	int32_t got = 7;
	arnet_diag d;
	int rv = import_date(&got, text, f, &d);
	refused_as(text, rv, got, &d, err, says);
}

static void
test_dates_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
	        "",
	        "2026-11",
	        "2026-11-05x",
	        "2026-11/05",
	        "2026-11-05 25:00",
	        "2026-11-05 12",
	        "202611050",
	        "2026年11月5",
	        "11/05/26",
	        "2026-011-05",
	        "26-11-05",
	        "2026--11-05",
	        "2026-11-05 12:5",
	        "2026-11-05 12:00:99",
	        "二〇二六年",
	        "-2026-11-05",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		date_refused(bad[i], &AUTO, ARNET_ESYNTAX, "is not a date");
	}
	/* A date the calendar does not have. */
	date_refused("2026-13-01", &AUTO, ARNET_ERANGE, "not a day");
	date_refused("2026-02-29", &AUTO, ARNET_ERANGE, "not a day");
	date_refused("20260230", &AUTO, ARNET_ERANGE, "not a day");
	date_refused("1899-12-31", &AUTO, ARNET_ERANGE, "not a day");
	date_refused("31.04.2026", &AUTO, ARNET_ERANGE, "not a day");
	/* Day or month first is never guessed. */
	date_refused("05/11/2026", &AUTO, ARNET_ESYNTAX, "date_format");
	date_refused("05-11-2026", &AUTO, ARNET_ESYNTAX, "date_format");
	date_refused("05/11/2026", &YMD, ARNET_ESYNTAX, "not year first");
}

static void
test_dates(void **state)
{
	(void)state;
	int32_t nov5 = ymd(2026, 11, 5);
	static const char *const forms[] = {
	        "2026-11-05",
	        "2026/11/05",
	        "2026/11/5",
	        "2026.11.05",
	        "20261105",
	        "2026年11月5日",
	        "2026年11月05日",
	        "2026-11-05 00:00:00",
	        "2026-11-05T14:30",
	        "2026/11/5 9:05:00.000",
	        "2026-11-05T00:00:00Z",
	        " 2026-11-05 ",
	        "05.11.2026",
	};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		date_is(forms[i], &AUTO, nov5);
	}
	/* Year first whatever the map says; the map orders the rest. */
	date_is("2026-11-05", &DMY, nov5);
	date_is("2026-11-05", &MDY, nov5);
	date_is("05/11/2026", &DMY, nov5);
	date_is("11/05/2026", &MDY, nov5);
	date_is("5-11-2026", &DMY, nov5);
	date_is("2024-02-29", &AUTO, ymd(2024, 2, 29));
	date_is("9999-12-31", &AUTO, ARNET_DATE_MAX);
}

static void
amount_is(const char *text, const char *cur, const import_form *f, int64_t want)
{
	int64_t got = -1;
	arnet_diag d;
	if (import_amount(&got, text, cur, f, &d) != ARNET_OK) {
		fail_msg("\"%s\" in %s: %s", text, cur, d.msg);
	}
	assert_int_equal(got, want);
}

static void
amount_refused(const char *text, const char *cur, const import_form *f, int err,
               const char *says)
{
	int64_t got = 7;
	arnet_diag d;
	int rv = import_amount(&got, text, cur, f, &d);
	refused_as(text, rv, got, &d, err, says);
}

static void
test_amounts_refused(void **state)
{
	(void)state;
	static const char *const not_numbers[] = {
	        "",   "¥",        "abc", "+5",  "元", "1234.56元元",
	        "()", "1 234.56", "12a", "CNY", "- ",
	};
	for (size_t i = 0; i < sizeof(not_numbers) / sizeof(not_numbers[0]);
	     i++) {
		amount_refused(not_numbers[i], "CNY", &AUTO, ARNET_ESYNTAX,
		               "amount");
	}
	amount_refused("(-200)", "CNY", &AUTO, ARNET_ESYNTAX, "two minus");
	amount_refused("--5", "CNY", &AUTO, ARNET_ESYNTAX, "two minus");
	amount_refused("-200-", "CNY", &AUTO, ARNET_ESYNTAX, "two minus");
	amount_refused("1,23.4", "CNY", &AUTO, ARNET_ESYNTAX, "comma");
	/* The original text is named when a symbol was taken off. */
	amount_refused("¥1,234.567", "CNY", &AUTO, ARNET_ESYNTAX,
	               "(read from \"¥1,234.567\")");
	amount_refused("99999999999999999999", "CNY", &AUTO, ARNET_ERANGE,
	               "too large");
	/* A symbol or code must be the row's currency. */
	amount_refused("$100", "CNY", &AUTO, ARNET_ECURRENCY, "marked $");
	amount_refused("USD 100", "CNY", &AUTO, ARNET_ECURRENCY,
	               "row's currency is CNY");
	amount_refused("100 EUR", "CNY", &AUTO, ARNET_ECURRENCY, "EUR");
	amount_refused("1000元", "JPY", &AUTO, ARNET_ECURRENCY, "元");
	amount_refused("HK$5", "USD", &AUTO, ARNET_ECURRENCY, "HK$");
	amount_refused("¥5", "USD", &AUTO, ARNET_ECURRENCY, "¥");
	char huge[100];
	memset(huge, '1', sizeof(huge) - 1);
	huge[sizeof(huge) - 1] = '\0';
	amount_refused(huge, "CNY", &AUTO, ARNET_ESYNTAX, "too long");
}

static void
test_amounts(void **state)
{
	(void)state;
	static const char *const forms[] = {
	        "1234.56",        "1,234.56",     "¥1,234.56",    "￥1234.56",
	        "1234.56元",      "CNY 1,234.56", "1,234.56 CNY", "RMB1234.56",
	        "人民币1,234.56", " 1234.56 ",    "cny1234.56",   "¥ 1,234.56",
	};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		amount_is(forms[i], "CNY", &AUTO, 123456);
	}
	static const char *const negative[] = {
	        "(200.00)", "（200.00）", "200.00-", "-200",     "¥-200",
	        "-¥200",    "200元-",     "(¥200)",  "CNY 200-",
	};
	for (size_t i = 0; i < sizeof(negative) / sizeof(negative[0]); i++) {
		amount_is(negative[i], "CNY", &AUTO, -20000);
	}
	amount_is("1.234,56", "CNY", &COMMA, 123456);
	amount_is("1.234,56-", "CNY", &COMMA, -123456);
	amount_is("0,5", "CNY", &COMMA, 50);
	amount_is("¥1000", "JPY", &AUTO, 1000);
	amount_is("$1,000.50", "USD", &AUTO, 100050);
	amount_is("US$5", "USD", &AUTO, 500);
	amount_is("HK$5", "HKD", &AUTO, 500);
	amount_is("$5", "SGD", &AUTO, 500);
	amount_is("€5", "EUR", &AUTO, 500);
}

static void
test_currencies(void **state)
{
	(void)state;
	static const struct {
		const char *text, *code;
	} ok[] = {
	        {"RMB", "CNY"},  {"rmb", "CNY"},  {"人民币", "CNY"},
	        {"￥", "CNY"},   {"¥", "CNY"},    {"元", "CNY"},
	        {"cny", "CNY"},  {"USD", "USD"},  {"美元", "USD"},
	        {"港币", "HKD"}, {"港元", "HKD"}, {"欧元", "EUR"},
	        {"日元", "JPY"}, {"英镑", "GBP"},
	};
	char out[4];
	arnet_diag d;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(import_currency(out, ok[i].text, &d),
		                 ARNET_OK);
		assert_string_equal(out, ok[i].code);
	}
	static const char *const bad[] = {"", "XXX", "RMBX", "人民", "C N Y"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(import_currency(out, bad[i], &d),
		                 ARNET_ECURRENCY);
	}
}

static void
test_columns(void **state)
{
	(void)state;
	/* Unknown names are unknown; an empty or over-long one too. */
	assert_int_equal(import_column_find(ARNET_IMPORT_INVOICES, "税额"),
	                 COL_UNKNOWN);
	assert_int_equal(import_column_find(ARNET_IMPORT_INVOICES, ""),
	                 COL_UNKNOWN);
	assert_int_equal(import_column_find(ARNET_IMPORT_INVOICES, "  _ "),
	                 COL_UNKNOWN);
	char longname[200];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(import_column_find(ARNET_IMPORT_PAYMENTS, longname),
	                 COL_UNKNOWN);
	/* The names of the export, and their English forms. */
	static const struct {
		arnet_import_kind kind;
		const char *header, *column;
	} ok[] = {
	        {ARNET_IMPORT_INVOICES, "发票号", "number"},
	        {ARNET_IMPORT_INVOICES, "Invoice No.", "number"},
	        {ARNET_IMPORT_INVOICES, "客户编码", "customer"},
	        {ARNET_IMPORT_INVOICES, "开票日期", "issue_date"},
	        {ARNET_IMPORT_INVOICES, "ISSUE_DATE", "issue_date"},
	        {ARNET_IMPORT_INVOICES, "Issue Date", "issue_date"},
	        {ARNET_IMPORT_INVOICES, "到期日", "due_date"},
	        {ARNET_IMPORT_INVOICES, "Net due date", "due_date"},
	        {ARNET_IMPORT_INVOICES, "金额", "amount"},
	        {ARNET_IMPORT_INVOICES, "币种", "currency"},
	        {ARNET_IMPORT_CUSTOMERS, "客户编码", "id"},
	        {ARNET_IMPORT_CUSTOMERS, "客户名称", "name"},
	        {ARNET_IMPORT_CUSTOMERS, "信用额度", "credit_limit"},
	        {ARNET_IMPORT_CUSTOMERS, "账期", "terms_days"},
	        {ARNET_IMPORT_PAYMENTS, "收款日期", "date"},
	        {ARNET_IMPORT_PAYMENTS, "单据编号", "reference"},
	        {ARNET_IMPORT_PAYMENTS, "amount", "amount"},
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		int c = import_column_find(ok[i].kind, ok[i].header);
		assert_true(c >= 0);
		assert_string_equal(import_column_name(ok[i].kind, c),
		                    ok[i].column);
	}
	/* A customer's name in an invoice file is for people. */
	assert_int_equal(import_column_find(ARNET_IMPORT_INVOICES, "客户名称"),
	                 COL_IGNORED);
	assert_int_equal(import_column_by_name(ARNET_IMPORT_PAYMENTS, "ignore"),
	                 COL_IGNORED);
	assert_int_equal(import_column_by_name(ARNET_IMPORT_PAYMENTS, "numbr"),
	                 COL_UNKNOWN);
	char list[200];
	import_columns_list(ARNET_IMPORT_PAYMENTS, list, sizeof(list));
	assert_string_equal(list, "date, customer, amount, currency, invoice, "
	                          "reference");
	import_columns_list(ARNET_IMPORT_PAYMENTS, list, 10); /* cut, ended */
	assert_true(strlen(list) < 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_dates_refused),
	        cmocka_unit_test(test_dates),
	        cmocka_unit_test(test_amounts_refused),
	        cmocka_unit_test(test_amounts),
	        cmocka_unit_test(test_currencies),
	        cmocka_unit_test(test_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
