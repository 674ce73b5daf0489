/*
 * reports_test.c - tests of store/reports/aging.c and store/reports/late_fee.c
 * at the edges of every rule: bucket boundaries (0, 1, 30, 31, 60, 61, 90, 91
 * days past due), partial payments and payments dated after the as-of
 * date, invoices issued after it, a currency with no decimals, leap
 * years, rounding half up once per invoice, and overflow refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_reports.h"
#include "books_fixture.h"
#include "txn_fixture.h"

#include <string.h>

typedef struct aging_job {
	int32_t as_of;
	const char *cur;
	arnet_aging a;
} aging_job;

TXN_FN(aging_txn, aging_job,
       arnet_aging_report(t, j->as_of, j->cur, NULL, NULL, &j->a, d))

static void
aging(fixture *f, const char *as_of, const char *cur, arnet_aging *out)
{
	aging_job j = {day(as_of), cur, {0}};
	arnet_diag d;
	if (arnet_store_read(f->s, aging_txn, &j, &d) != ARNET_OK) {
		fail_msg("aging: %s", d.msg);
	}
	*out = j.a;
}

static void
test_bucket_boundaries(void **state)
{
	(void)state;
	const struct {
		int32_t dpd;
		int bucket;
	} cases[] = {{-400, 0}, {-1, 0}, {0, 0},  {1, 1},  {30, 1},  {31, 2},
	             {60, 2},   {61, 3}, {90, 3}, {91, 4}, {5000, 4}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(arnet_aging_bucket(cases[i].dpd),
		                 cases[i].bucket);
	}
}

static void
test_aging_edges(void **state)
{
	fixture *f = *state;
	arnet_aging a;
	add_customer(f, "local:B", 30);
	/* As of 2026-06-30; due dates give dpd 0, 1, 30, 31, 90, 91. */
	add_invoice_a(f, "D0", "2026-05-01", "2026-06-30", 1);
	add_invoice_a(f, "D1", "2026-05-01", "2026-06-29", 10);
	add_invoice_a(f, "D30", "2026-05-01", "2026-05-31", 100);
	add_invoice_a(f, "D31", "2026-04-01", "2026-05-30", 1000);
	add_invoice(f, "D90", "local:B", "2026-03-01", "2026-04-01", 10000,
	            "CNY");
	add_invoice(f, "D91", "local:B", "2026-03-01", "2026-03-31", 100000,
	            "CNY");
	/* Issued after the as-of date: not yet owed. */
	add_invoice(f, "LATER", "local:B", "2026-07-01", "2026-07-31", 7,
	            "CNY");
	/* Another currency: not in a CNY report. */
	add_invoice(f, "USD-1", "local:B", "2026-03-01", "2026-03-31", 5,
	            "USD");
	/* A partial payment on D91 and one dated after the as-of date. */
	pay(f, "local:B", "2026-06-01", 40000, "D91", NULL);
	pay(f, "local:B", "2026-07-05", 60000, "D91", NULL);

	aging(f, "2026-06-30", "CNY", &a);
	assert_int_equal(a.nrows, 2);
	assert_string_equal(a.rows[0].id.text, "local:A");
	assert_int_equal(a.rows[0].bucket[0], 1);
	assert_int_equal(a.rows[0].bucket[1], 110);
	assert_int_equal(a.rows[0].bucket[2], 1000);
	assert_int_equal(a.rows[0].total, 1111);
	assert_int_equal(a.rows[1].bucket[3], 10000);
	assert_int_equal(a.rows[1].bucket[4], 60000);
	assert_int_equal(a.rows[1].total, 70000);
	assert_int_equal(a.totals.total, 71111);
	arnet_aging_free(&a);

	/* After the second payment D91 is settled; D90 is now 95 days
	 * past due, and LATER has been issued. */
	aging(f, "2026-07-05", "CNY", &a);
	assert_int_equal(a.rows[1].bucket[4], 10000);
	assert_int_equal(a.rows[1].bucket[0], 7);
	assert_int_equal(a.rows[1].total, 10007);
	arnet_aging_free(&a);

	/* USD alone. */
	aging(f, "2026-06-30", "USD", &a);
	assert_int_equal(a.nrows, 1);
	assert_int_equal(a.totals.bucket[4], 5); /* 91 days */
	arnet_aging_free(&a);
}

static void
test_aging_unapplied_and_empty(void **state)
{
	fixture *f = *state;
	arnet_aging a;
	aging(f, "2026-06-30", "CNY", &a);
	assert_int_equal(a.nrows, 0);
	assert_int_equal(a.totals.total, 0);
	arnet_aging_free(&a);
	/* A customer with only unapplied credit has a row. */
	pay(f, "local:A", "2026-06-01", 500, "", NULL);
	aging(f, "2026-06-30", "CNY", &a);
	assert_int_equal(a.nrows, 1);
	assert_int_equal(a.rows[0].total, 0);
	assert_int_equal(a.rows[0].unapplied, 500);
	arnet_aging_free(&a);
	/* Not before the payment's date. */
	aging(f, "2026-05-31", "CNY", &a);
	assert_int_equal(a.nrows, 0);
	arnet_aging_free(&a);
}

static void
test_aging_jpy(void **state)
{
	fixture *f = *state;
	arnet_aging a;
	add_customer(f, "duns:150483782", 60);
	add_invoice(f, "J-1", "duns:150483782", "2026-01-01", "2026-03-02",
	            4800000, "JPY");
	pay_d(f, "duns:150483782", "2026-03-10", 1, "JPY", "J-1", NULL, NULL);
	aging(f, "2026-04-01", "JPY", &a);
	assert_int_equal(a.totals.bucket[1], 4799999);
	arnet_aging_free(&a);
}

/* The fee of a fresh invoice for `amount` due on `due`, as of `as_of`. */
static int64_t
fee_of(int64_t amount, const char *due, const char *as_of,
       const arnet_alloc *allocs, size_t n, int64_t num, int64_t den,
       int32_t *days)
{
	arnet_invoice inv;
	int64_t fee = -1;
	memset(&inv, 0, sizeof(inv));
	inv.issued = day("1999-01-01");
	inv.due = day(due);
	inv.amount = amount;
	assert_int_equal(arnet_late_fee_invoice(&fee, days, &inv, allocs, n,
	                                        day(as_of), num, den),
	                 ARNET_OK);
	return fee;
}

static void
test_late_fee_edges(void **state)
{
	int32_t days;
	(void)state;
	/* Not late on the due date, one day late the day after. */
	assert_int_equal(fee_of(100000, "2026-06-30", "2026-06-30", NULL, 0, 5,
	                        10000, &days),
	                 0);
	assert_int_equal(days, 0);
	assert_int_equal(fee_of(100000, "2026-06-30", "2026-07-01", NULL, 0, 5,
	                        10000, &days),
	                 50);
	assert_int_equal(days, 1);
	/* 2024 is a leap year: Feb 1 to Mar 1 is 29 days; 2026 is not. */
	assert_int_equal(fee_of(100000, "2024-02-01", "2024-03-01", NULL, 0, 5,
	                        10000, &days),
	                 29 * 50);
	assert_int_equal(fee_of(100000, "2026-02-01", "2026-03-01", NULL, 0, 5,
	                        10000, &days),
	                 28 * 50);
	/* Rounding once, half up: 1 fen for 10 days at 0.05% = 0.005 fen:
	 * 0; 1000 fen for 1 day = 0.5 fen: rounds up to 1. */
	assert_int_equal(
	        fee_of(1, "2026-01-01", "2026-01-11", NULL, 0, 5, 10000, &days),
	        0);
	assert_int_equal(fee_of(1000, "2026-01-01", "2026-01-02", NULL, 0, 5,
	                        10000, &days),
	                 1);
	/* Summed before rounding: 999 fen for 3 days = 1.4985 -> 1, not
	 * 3 x round(0.4995) = 0 nor 3 x 1. */
	assert_int_equal(fee_of(999, "2026-01-01", "2026-01-04", NULL, 0, 5,
	                        10000, &days),
	                 1);
	/* Annual rate: 3650 bp a year = 10 bp a day. */
	assert_int_equal(fee_of(100000, "2026-01-01", "2026-01-11", NULL, 0,
	                        3650, 3650000, &days),
	                 1000);
}

static void
test_late_fee_partial_payments(void **state)
{
	int32_t days;
	(void)state;
	/* 10,000.00 due Jan 31; 4,000.00 paid Feb 10 (counts as unpaid on
	 * Feb 10), the rest Feb 20. Days Feb 1..10 on 10,000, Feb 11..20
	 * on 6,000: (10 * 1,000,000 + 10 * 600,000) * 5 / 10000 = 8,000
	 * fen. */
	arnet_alloc a[2] = {
	        {2, day("2026-02-20"), 600000, ARNET_ALLOC_PAYMENT},
	        {1, day("2026-02-10"), 400000, ARNET_ALLOC_PAYMENT}};
	assert_int_equal(fee_of(1000000, "2026-01-31", "2026-03-31", a, 2, 5,
	                        10000, &days),
	                 8000);
	assert_int_equal(days, 20);
	/* Paid before due: no fee however late the as-of date. */
	arnet_alloc early = {1, day("2026-01-15"), 1000000,
	                     ARNET_ALLOC_PAYMENT};
	assert_int_equal(fee_of(1000000, "2026-01-31", "2026-12-31", &early, 1,
	                        5, 10000, &days),
	                 0);
	/* Paid on the due date: no fee either. */
	early.date = day("2026-01-31");
	assert_int_equal(fee_of(1000000, "2026-01-31", "2026-12-31", &early, 1,
	                        5, 10000, &days),
	                 0);
	/* A payment after the as-of date does not count. */
	arnet_alloc later = {1, day("2026-02-05"), 1000000,
	                     ARNET_ALLOC_PAYMENT};
	assert_int_equal(fee_of(1000000, "2026-01-31", "2026-02-03", &later, 1,
	                        5, 10000, &days),
	                 1500);
}

static void
test_late_fee_hostile(void **state)
{
	arnet_invoice inv;
	int64_t fee;
	int32_t days;
	(void)state;
	memset(&inv, 0, sizeof(inv));
	inv.due = day("1900-01-01");
	inv.issued = inv.due;
	inv.amount = INT64_MAX;
	/* The largest principal for 8,000 years at 100% a day overflows
	 * int64 and is refused, not wrapped. */
	assert_int_equal(arnet_late_fee_invoice(&fee, &days, &inv, NULL, 0,
	                                        day("9999-12-31"), 1, 1),
	                 ARNET_ERANGE);
	/* Bad rates. */
	assert_int_equal(arnet_late_fee_invoice(&fee, &days, &inv, NULL, 0,
	                                        day("2000-01-01"), 1, 0),
	                 ARNET_ERANGE);
	assert_int_equal(arnet_late_fee_invoice(&fee, &days, &inv, NULL, 0,
	                                        day("2000-01-01"), -1, 10),
	                 ARNET_ERANGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_late_fee_hostile),
	        cmocka_unit_test(test_bucket_boundaries),
	        cmocka_unit_test_setup_teardown(
	                test_aging_edges, customer_setup, fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_aging_unapplied_and_empty,
	                                        customer_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_aging_jpy, fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test(test_late_fee_edges),
	        cmocka_unit_test(test_late_fee_partial_payments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
