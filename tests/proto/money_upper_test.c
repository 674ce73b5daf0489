/*
 * money_upper_test.c - tests of proto/money_upper.c, the capital (大写)
 * form of CNY amounts. Refused input first (other currencies, negative,
 * too large, a buffer too small), then the rules' own examples and the
 * zeros that trip writers up, then the rules checked over a range.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_money.h"

#include <string.h>

static void
expect_refused(int64_t minor, const char *cur, int want)
{
	char buf[ARNET_MONEY_UPPER_MAX + 1] = "x";
	int rv = arnet_money_cny_upper(buf, sizeof(buf), minor, cur);
	if (rv != want) {
		fail_msg("%lld %s: got %s, wanted %s", (long long)minor,
		         cur ? cur : "(null)", arnet_errname(rv),
		         arnet_errname(want));
	}
	assert_string_equal(buf, "");
}

static void
expect_upper(int64_t minor, const char *want)
{
	char buf[ARNET_MONEY_UPPER_MAX + 1];
	int rv = arnet_money_cny_upper(buf, sizeof(buf), minor, "CNY");
	if (rv != ARNET_OK || strcmp(buf, want) != 0) {
		fail_msg("%lld: got %s \"%s\", wanted \"%s\"", (long long)minor,
		         arnet_errname(rv), buf, want);
	}
}

static void
test_other_currencies_refused(void **state)
{
	(void)state;
	expect_refused(100, "USD", ARNET_ECURRENCY);
	expect_refused(100, "JPY", ARNET_ECURRENCY);
	expect_refused(100, "cny", ARNET_ECURRENCY); /* not canonical */
	expect_refused(100, "CNYX", ARNET_ECURRENCY);
	expect_refused(100, "", ARNET_ECURRENCY);
	expect_refused(100, NULL, ARNET_ECURRENCY);
}

static void
test_out_of_range_refused(void **state)
{
	(void)state;
	expect_refused(-1, "CNY", ARNET_ERANGE);
	expect_refused(-18640000, "CNY", ARNET_ERANGE);
	expect_refused(INT64_MIN, "CNY", ARNET_ERANGE);
	expect_refused(INT64_MAX, "CNY", ARNET_ERANGE);
	expect_refused(1000000000000000000LL, "CNY",
	               ARNET_ERANGE); /* 1e16 元 */
	/* the largest written: every digit, every unit */
	expect_upper(999999999999999999LL,
	             "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万"
	             "玖仟玖佰玖拾玖元玖角玖分");
}

static void
test_small_buffer_refused(void **state)
{
	(void)state;
	char buf[16] = "x";
	assert_int_equal(arnet_money_cny_upper(buf, 0, 0, "CNY"),
	                 ARNET_ETOOBIG);
	assert_string_equal(buf, "x"); /* cap 0: nothing written */
	assert_int_equal(arnet_money_cny_upper(buf, 1, 0, "CNY"),
	                 ARNET_ETOOBIG);
	assert_string_equal(buf, "");
	/* 壹拾捌万陆仟肆佰元整 is 30 bytes */
	assert_int_equal(
	        arnet_money_cny_upper(buf, sizeof(buf), 18640000, "CNY"),
	        ARNET_ETOOBIG);
	assert_string_equal(buf, "");
	char exact[31];
	assert_int_equal(
	        arnet_money_cny_upper(exact, sizeof(exact), 18640000, "CNY"),
	        ARNET_OK);
	assert_int_equal(arnet_money_cny_upper(exact, sizeof(exact) - 1,
	                                       18640000, "CNY"),
	                 ARNET_ETOOBIG);
}

/* The rules' examples (168032, 10700053) and the zeros that trip
 * writers up: after 元, inside the figure, across 万 and 亿. */
static const struct {
	int64_t minor;
	const char *upper;
} cases[] = {
        {0, "零元整"},
        {1, "壹分"},
        {10, "壹角整"},
        {11, "壹角壹分"},
        {100, "壹元整"},
        {101, "壹元零壹分"},
        {150, "壹元伍角整"},
        {1005, "壹拾元零伍分"},
        {1050, "壹拾元零伍角整"},
        {1105, "壹拾壹元零伍分"},
        {1150, "壹拾壹元伍角整"},
        {168032, "壹仟陆佰捌拾元零叁角贰分"},
        {10700053, "壹拾万柒仟元零伍角叁分"},
        {1000, "壹拾元整"},
        {2000, "贰拾元整"},
        {100100, "壹仟零壹元整"},
        {101000, "壹仟零壹拾元整"},
        {1000100, "壹万零壹元整"},
        {10000000, "壹拾万元整"},
        {18640000, "壹拾捌万陆仟肆佰元整"},
        {100070000, "壹佰万零柒佰元整"},
        {10000000000LL, "壹亿元整"},
        {10000000100LL, "壹亿零壹元整"},
        {10000100000LL, "壹亿零壹仟元整"},
        {10010000000LL, "壹亿零壹拾万元整"},
        {10000000000000LL, "壹仟亿元整"},
        {100000000000000LL, "壹万亿元整"},
        {123450000000000LL, "壹万贰仟叁佰肆拾伍亿元整"},
        {100010000000000LL, "壹万零壹亿元整"},
        {100001000000000LL, "壹万亿零壹仟万元整"},
        {100000000000100LL, "壹万亿零壹元整"},
};

static void
test_written(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		expect_upper(cases[i].minor, cases[i].upper);
	}
}

/* Over a range of amounts: one 零 at most in a row, never before a unit
 * or at the end, 整 exactly when there is no 分, and 拾 never first. */
static void
test_rules_over_a_range(void **state)
{
	(void)state;
	static const char *const bad[] = {"零零", "零万", "零亿", "零元",
	                                  "零整", "万万", "亿亿"};
	char buf[ARNET_MONEY_UPPER_MAX + 1];
	for (int64_t m = 0; m <= 30000000; m += m < 200000 ? 1 : 997) {
		int64_t v = m < 200000 ? m : m * 1009; /* reach the 亿 */
		assert_int_equal(
		        arnet_money_cny_upper(buf, sizeof(buf), v, "CNY"),
		        ARNET_OK);
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			if (v != 0 && strstr(buf, bad[i]) != NULL) {
				fail_msg("%lld: \"%s\" has %s", (long long)v,
				         buf, bad[i]);
			}
		}
		size_t n = strlen(buf);
		int whole = n >= 3 && strcmp(buf + n - 3, "整") == 0;
		assert_int_equal(whole, v % 10 == 0);
		if (strncmp(buf, "拾", 3) == 0) {
			fail_msg("%lld: \"%s\" starts with 拾", (long long)v,
			         buf);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_other_currencies_refused),
	        cmocka_unit_test(test_out_of_range_refused),
	        cmocka_unit_test(test_small_buffer_refused),
	        cmocka_unit_test(test_written),
	        cmocka_unit_test(test_rules_over_a_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
