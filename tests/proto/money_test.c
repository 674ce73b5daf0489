/*
 * money_test.c - tests of proto/money.c: ISO 4217 exponents, parsing
 * amounts into minor units, printing them, and overflow-checked
 * arithmetic. Malformed and overflowing amounts come first.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_says.h"

#include "arnet_money.h"

#include <string.h>

static void
expect_err(const char *text, const char *cur, int want, const char *in_msg)
{
	int64_t v = 42;
	arnet_diag d;
	int rv = arnet_money_parse(&v, text, cur, &d);
	if (rv != want) {
		fail_msg("\"%s\" %s: got %s (%s)", text, cur, arnet_errname(rv),
		         d.msg);
	}
	assert_int_equal(v, 42); /* untouched on error */
	test_says(text, d.msg, in_msg);
}

static void
expect_val(const char *text, const char *cur, int64_t want)
{
	int64_t v;
	arnet_diag d;
	int rv = arnet_money_parse(&v, text, cur, &d);
	if (rv != ARNET_OK) {
		fail_msg("\"%s\" %s: %s", text, cur, d.msg);
	}
	assert_int_equal(v, want);
}

static void
test_malformed(void **state)
{
	(void)state;
	const char *bad[] = {"12,3x", "abc",   "",   "-",    ".",
	                     "1.",    "1.2.3", "+5", " 1 2", "1e5",
	                     "--1",   "0x10",  "1,2"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		expect_err(bad[i], "CNY", ARNET_ESYNTAX, NULL);
	}
	expect_err("12,3x", "CNY", ARNET_ESYNTAX, "12,3x");
}

static void
test_misplaced_commas(void **state)
{
	(void)state;
	const char *bad[] = {"12,3",     "1,23,456", ",123",
	                     "1234,567", "1,,234",   "1,234,",
	                     "1,2345",   "1,234,56", "1,234.5,6"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t v;
		int rv = arnet_money_parse(&v, bad[i], "CNY", NULL);
		if (rv != ARNET_ESYNTAX) {
			fail_msg("\"%s\" accepted", bad[i]);
		}
	}
	expect_err("1,23,456", "CNY", ARNET_ESYNTAX, "comma");
}

static void
test_too_many_decimals(void **state)
{
	(void)state;
	expect_err("10.5", "JPY", ARNET_ESYNTAX,
	           "more than 0 decimals for JPY");
	expect_err("1.234", "CNY", ARNET_ESYNTAX, "2 decimals");
	expect_err("1.2345", "BHD", ARNET_ESYNTAX, "3 decimals");
}

static void
test_overflow(void **state)
{
	(void)state;
	expect_val("92,233,720,368,547,758.07", "CNY", INT64_MAX);
	expect_err("92,233,720,368,547,758.08", "CNY", ARNET_ERANGE,
	           "too large");
	expect_val("-92233720368547758.08", "CNY", INT64_MIN);
	expect_err("-92233720368547758.09", "CNY", ARNET_ERANGE, NULL);
	expect_val("9223372036854775807", "JPY", INT64_MAX);
	expect_err("9223372036854775808", "JPY", ARNET_ERANGE, NULL);
	expect_err("99999999999999999999999", "CNY", ARNET_ERANGE, NULL);
	expect_err("9223372036854775.808", "BHD", ARNET_ERANGE, NULL);
}

static void
test_valid(void **state)
{
	(void)state;
	expect_val("1,234.56", "CNY", 123456);
	expect_val("1234.5", "CNY", 123450);
	expect_val("0.01", "CNY", 1);
	expect_val(".5", "USD", 50);
	expect_val("-12.30", "EUR", -1230);
	expect_val("1,234,567", "CNY", 123456700);
	expect_val("  7 ", "CNY", 700);
	expect_val("-0", "CNY", 0);
	expect_val("1,000", "JPY", 1000);
	expect_val("1.234", "BHD", 1234);
	expect_val("000123", "CNY", 12300);
}

static void
test_currency(void **state)
{
	(void)state;
	char out[4];
	arnet_diag d;
	assert_int_equal(arnet_currency_exponent("CNY"), 2);
	assert_int_equal(arnet_currency_exponent("JPY"), 0);
	assert_int_equal(arnet_currency_exponent("BHD"), 3);
	assert_int_equal(arnet_currency_exponent("XXX"), -1);
	assert_int_equal(arnet_currency_exponent("cny"), -1);
	assert_int_equal(arnet_currency_exponent(NULL), -1);
	assert_int_equal(arnet_currency_parse(out, "cny", &d), ARNET_OK);
	assert_string_equal(out, "CNY");
	assert_int_equal(arnet_currency_parse(out, "CN", &d), ARNET_ECURRENCY);
	assert_non_null(strstr(d.msg, "3-letter"));
	assert_int_equal(arnet_currency_parse(out, "XYZ", &d), ARNET_ECURRENCY);
	assert_non_null(strstr(d.msg, "XYZ"));
	assert_int_equal(arnet_currency_parse(out, NULL, &d), ARNET_ECURRENCY);
	int64_t v;
	assert_int_equal(arnet_money_parse(&v, "1", "XYZ", &d),
	                 ARNET_ECURRENCY);
	assert_int_equal(arnet_money_parse(&v, NULL, "CNY", &d), ARNET_EINVAL);
}

static void
test_format(void **state)
{
	(void)state;
	char buf[ARNET_MONEY_TEXT_MAX + 1];
	struct {
		int64_t v;
		const char *cur;
		int group;
		const char *want;
	} cases[] = {
	        {123456, "CNY", 1, "1,234.56"},
	        {123456, "CNY", 0, "1234.56"},
	        {-1230, "EUR", 1, "-12.30"},
	        {0, "CNY", 1, "0.00"},
	        {5, "CNY", 1, "0.05"},
	        {1000, "JPY", 1, "1,000"},
	        {1234, "BHD", 1, "1.234"},
	        {100000000, "CNY", 1, "1,000,000.00"},
	        {INT64_MAX, "CNY", 1, "92,233,720,368,547,758.07"},
	        {INT64_MIN, "CNY", 1, "-92,233,720,368,547,758.08"},
	        {INT64_MIN, "JPY", 1, "-9,223,372,036,854,775,808"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(arnet_money_format(buf, sizeof(buf),
		                                    cases[i].v, cases[i].cur,
		                                    cases[i].group),
		                 ARNET_OK);
		assert_string_equal(buf, cases[i].want);
	}
	assert_int_equal(arnet_money_format(buf, 5, 123456, "CNY", 1),
	                 ARNET_ETOOBIG);
	assert_int_equal(arnet_money_format(buf, sizeof(buf), 1, "XYZ", 1),
	                 ARNET_ECURRENCY);
}

static void
test_round_trip(void **state)
{
	(void)state;
	const char *curs[] = {"CNY", "JPY", "BHD"};
	int64_t vals[] = {0,
	                  1,
	                  -1,
	                  999,
	                  1000,
	                  -1000,
	                  123456789,
	                  INT64_MAX,
	                  INT64_MIN,
	                  INT64_MAX - 1,
	                  INT64_MIN + 1};
	char buf[ARNET_MONEY_TEXT_MAX + 1];
	for (size_t c = 0; c < 3; c++) {
		for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
			for (int g = 0; g < 2; g++) {
				int64_t back;
				assert_int_equal(
				        arnet_money_format(buf, sizeof(buf),
				                           vals[i], curs[c], g),
				        ARNET_OK);
				assert_int_equal(arnet_money_parse(&back, buf,
				                                   curs[c],
				                                   NULL),
				                 ARNET_OK);
				assert_int_equal(back, vals[i]);
			}
		}
	}
	/* A pseudo-random sweep. */
	uint64_t x = 88172645463325252ULL;
	for (int i = 0; i < 20000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		int64_t v = (int64_t)x >> (x % 60), back;
		assert_int_equal(
		        arnet_money_format(buf, sizeof(buf), v, "CNY", i & 1),
		        ARNET_OK);
		assert_int_equal(arnet_money_parse(&back, buf, "CNY", NULL),
		                 ARNET_OK);
		assert_int_equal(back, v);
	}
}

static void
test_arithmetic(void **state)
{
	(void)state;
	int64_t r = 7;
	assert_int_equal(arnet_money_add(&r, INT64_MAX, 1), ARNET_ERANGE);
	assert_int_equal(r, 7);
	assert_int_equal(arnet_money_sub(&r, INT64_MIN, 1), ARNET_ERANGE);
	assert_int_equal(arnet_money_mul(&r, INT64_MAX / 2 + 1, 2),
	                 ARNET_ERANGE);
	assert_int_equal(arnet_money_mul(&r, INT64_MIN, -1), ARNET_ERANGE);
	assert_int_equal(r, 7);
	assert_int_equal(arnet_money_add(&r, 5, -7), ARNET_OK);
	assert_int_equal(r, -2);
	assert_int_equal(arnet_money_sub(&r, 5, -7), ARNET_OK);
	assert_int_equal(r, 12);
	assert_int_equal(arnet_money_mul(&r, 123456, 5), ARNET_OK);
	assert_int_equal(r, 617280);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_malformed),
	        cmocka_unit_test(test_misplaced_commas),
	        cmocka_unit_test(test_too_many_decimals),
	        cmocka_unit_test(test_overflow),
	        cmocka_unit_test(test_valid),
	        cmocka_unit_test(test_currency),
	        cmocka_unit_test(test_format),
	        cmocka_unit_test(test_round_trip),
	        cmocka_unit_test(test_arithmetic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
