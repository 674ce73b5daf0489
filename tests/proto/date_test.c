/*
 * date_test.c - tests of proto/date.c: civil dates as day numbers and
 * UTC timestamps. Malformed and impossible dates come first; then every
 * day of the valid range round-trips.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_date.h"

#include <string.h>

static void
test_malformed(void **state)
{
	(void)state;
	const char *bad[] = {"2026-1-01",   "2026/01/01", "20260101",
	                     "2026-01-01x", "",           "2026-01-0a",
	                     " 2026-01-01", "+026-01-01"};
	int32_t day = 5;
	arnet_diag d;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(arnet_date_parse(&day, bad[i], &d),
		                 ARNET_ESYNTAX);
		assert_non_null(strstr(d.msg, "YYYY-MM-DD"));
	}
	assert_int_equal(arnet_date_parse(&day, NULL, &d), ARNET_ESYNTAX);
	assert_int_equal(day, 5);
}

static void
test_impossible(void **state)
{
	(void)state;
	const char *bad[] = {"1900-02-29", "2026-02-29", "2026-04-31",
	                     "2026-13-01", "2026-00-10", "2026-01-00",
	                     "1899-12-31", "0000-01-01"};
	int32_t day;
	arnet_diag d;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(arnet_date_parse(&day, bad[i], &d),
		                 ARNET_ERANGE);
		assert_non_null(strstr(d.msg, "does not exist"));
	}
	assert_int_equal(arnet_date_from_ymd(&day, 10000, 1, 1), ARNET_ERANGE);
}

static void
test_known_days(void **state)
{
	(void)state;
	int32_t day;
	assert_int_equal(arnet_date_parse(&day, "1970-01-01", NULL), ARNET_OK);
	assert_int_equal(day, 0);
	assert_int_equal(arnet_date_parse(&day, "1900-01-01", NULL), ARNET_OK);
	assert_int_equal(day, ARNET_DATE_MIN);
	assert_int_equal(arnet_date_parse(&day, "9999-12-31", NULL), ARNET_OK);
	assert_int_equal(day, ARNET_DATE_MAX);
	assert_int_equal(arnet_date_parse(&day, "2000-02-29", NULL), ARNET_OK);
	assert_int_equal(day, 11016);
	assert_int_equal(arnet_date_parse(&day, "2026-08-01", NULL), ARNET_OK);
	assert_int_equal(day, 20666);
	assert_int_equal(arnet_date_parse(&day, "1969-12-31", NULL), ARNET_OK);
	assert_int_equal(day, -1);
	assert_true(arnet_date_valid(ARNET_DATE_MIN));
	assert_false(arnet_date_valid(ARNET_DATE_MIN - 1));
	assert_false(arnet_date_valid((int64_t)ARNET_DATE_MAX + 1));
}

static void
test_every_day_round_trips(void **state)
{
	(void)state;
	char buf[ARNET_DATE_TEXT_MAX + 1];
	int py = 1899, pm = 12, pd = 31;
	for (int32_t day = ARNET_DATE_MIN; day <= ARNET_DATE_MAX; day++) {
		int y, m, d;
		int32_t back;
		arnet_date_to_ymd(day, &y, &m, &d);
		/* Consecutive days: the next civil date. */
		if (d != pd + 1) {
			assert_int_equal(d, 1);
			assert_true(m == pm + 1 || (m == 1 && y == py + 1));
		}
		py = y;
		pm = m;
		pd = d;
		assert_int_equal(arnet_date_from_ymd(&back, y, m, d), ARNET_OK);
		assert_int_equal(back, day);
		if (day % 97 == 0) {
			assert_int_equal(
			        arnet_date_format(buf, sizeof(buf), day),
			        ARNET_OK);
			assert_int_equal(arnet_date_parse(&back, buf, NULL),
			                 ARNET_OK);
			assert_int_equal(back, day);
		}
	}
	assert_int_equal(
	        arnet_date_format(buf, sizeof(buf), ARNET_DATE_MAX + 1),
	        ARNET_ERANGE);
	assert_int_equal(arnet_date_format(buf, 10, 0), ARNET_ETOOBIG);
}

static void
test_unix(void **state)
{
	(void)state;
	assert_int_equal(arnet_date_from_unix(0), 0);
	assert_int_equal(arnet_date_from_unix(86399), 0);
	assert_int_equal(arnet_date_from_unix(86400), 1);
	assert_int_equal(arnet_date_from_unix(-1), -1);
	assert_int_equal(arnet_date_from_unix(-86400), -1);
	assert_int_equal(arnet_date_from_unix(-86401), -2);
}

static void
test_time(void **state)
{
	(void)state;
	char buf[32];
	int64_t t;
	arnet_diag d;
	assert_int_equal(arnet_time_parse(&t, "2026-11-04T09:00:00Z", &d),
	                 ARNET_OK);
	assert_int_equal(t, 1793782800);
	assert_int_equal(arnet_time_format(buf, sizeof(buf), t), ARNET_OK);
	assert_string_equal(buf, "2026-11-04T09:00:00Z");
	assert_int_equal(arnet_time_parse(&t, "2026-11-04", &d), ARNET_OK);
	assert_int_equal(t, 1793750400);
	assert_int_equal(arnet_time_format(buf, sizeof(buf), -1), ARNET_OK);
	assert_string_equal(buf, "1969-12-31T23:59:59Z");
	assert_int_equal(arnet_time_parse(&t, "2026-11-04T24:00:00Z", &d),
	                 ARNET_ERANGE);
	assert_int_equal(arnet_time_parse(&t, "2026-11-04T09:60:00Z", &d),
	                 ARNET_ERANGE);
	assert_int_equal(arnet_time_parse(&t, "2026-11-04T09:00:00+", &d),
	                 ARNET_ESYNTAX);
	assert_int_equal(arnet_time_parse(&t, "2026-11-04 09:00:00Z", &d),
	                 ARNET_ESYNTAX);
	assert_int_equal(arnet_time_parse(&t, "2026-11-04T09:00:00", &d),
	                 ARNET_ESYNTAX);
	assert_int_equal(arnet_time_parse(&t, "2026-02-30T00:00:00Z", &d),
	                 ARNET_ERANGE);
	assert_int_equal(arnet_time_format(buf, 20, 0), ARNET_ETOOBIG);
	assert_int_equal(
	        arnet_time_format(buf, sizeof(buf), INT64_C(253402300800)),
	        ARNET_ERANGE);
	for (int64_t s = -100000; s < 100000; s += 997) {
		int64_t back;
		assert_int_equal(arnet_time_format(buf, sizeof(buf), s),
		                 ARNET_OK);
		assert_int_equal(arnet_time_parse(&back, buf, NULL), ARNET_OK);
		assert_int_equal(back, s);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_malformed),
	        cmocka_unit_test(test_impossible),
	        cmocka_unit_test(test_known_days),
	        cmocka_unit_test(test_every_day_round_trips),
	        cmocka_unit_test(test_unix),
	        cmocka_unit_test(test_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
