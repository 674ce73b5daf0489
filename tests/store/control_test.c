/*
 * control_test.c - tests of the credit-control rules: the dunning ladder
 * (store/dunning/dunning.c) at each stage's first day, the log and the credit
 * hold it sets; the order check (store/credit/order_check.c) at 80% and at the
 * limit, and more than 30 days overdue; the limit review
 * (store/reports/review.c); the monthly statement (store/reports/statement.c);
 * DSO and top overdue.
 *
 * Hostile first: logging an unknown invoice, an unknown stage, the same
 * stage twice, a note with a newline.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_check.h"
#include "arnet_reports.h"
#include "arnet_order_check.h"
#include "arnet_dunning.h"
#include "books_fixture.h"
#include "txn_fixture.h"

#include <string.h>

/* The stage due for the only queued invoice as of date (0: none). */
static int
stage_due(fixture *f, const char *date)
{
	arnet_dunning_queue q = {0};
	dunning_queue(f, date, &q);
	int stage = q.n > 0 ? q.v[0].stage : 0;
	assert_true(q.n <= 1);
	arnet_dunning_queue_free(&q);
	return stage;
}

static void
test_dunning_log_refused(void **state)
{
	fixture *f = *state;
	arnet_diag d;
	add_invoice_a(f, "I-1", "2026-01-01", "2026-01-31", 100);
	assert_int_equal(
	        dunning_log_d(f, "NOPE", 2, "2026-02-05", "", NULL, &d),
	        ARNET_ENOTFOUND);
	assert_int_equal(dunning_log_d(f, "I-1", 0, "2026-02-05", "", NULL, &d),
	                 ARNET_ERANGE);
	assert_int_equal(dunning_log_d(f, "I-1", 6, "2026-02-05", "", NULL, &d),
	                 ARNET_ERANGE);
	assert_int_equal(dunning_log_d(f, "I-1", 2, "2026-02-05", "two\nlines",
	                               NULL, &d),
	                 ARNET_ESYNTAX);
	assert_int_equal(
	        dunning_log_d(f, "I-1", 2, "2026-02-05", "called", NULL, &d),
	        ARNET_OK);
	assert_int_equal(
	        dunning_log_d(f, "I-1", 2, "2026-02-06", "again", NULL, &d),
	        ARNET_EEXIST);
	assert_non_null(strstr(d.msg, "phone"));
}

static void
test_ladder_edges(void **state)
{
	fixture *f = *state;
	add_invoice_a(f, "I-1", "2026-01-01", "2026-03-31", 100);
	assert_int_equal(stage_due(f, "2026-03-23"), 0); /* 8 days before */
	assert_int_equal(stage_due(f, "2026-03-24"), ARNET_STAGE_REMINDER);
	assert_int_equal(stage_due(f, "2026-03-31"), ARNET_STAGE_REMINDER);
	assert_int_equal(stage_due(f, "2026-04-01"), ARNET_STAGE_PHONE);
	assert_int_equal(stage_due(f, "2026-04-29"), ARNET_STAGE_PHONE);
	assert_int_equal(stage_due(f, "2026-04-30"), ARNET_STAGE_LETTER);
	assert_int_equal(stage_due(f, "2026-05-29"), ARNET_STAGE_LETTER);
	assert_int_equal(stage_due(f, "2026-05-30"), ARNET_STAGE_LAWYER);
	assert_int_equal(stage_due(f, "2026-06-28"), ARNET_STAGE_LAWYER);
	assert_int_equal(stage_due(f, "2026-06-29"), ARNET_STAGE_LITIGATION);
	/* Logged: nothing due until the next stage. */
	assert_int_equal(dunning_log_d(f, "I-1", ARNET_STAGE_PHONE,
	                               "2026-04-02", "", NULL, NULL),
	                 ARNET_OK);
	assert_int_equal(stage_due(f, "2026-04-15"), 0);
	assert_int_equal(stage_due(f, "2026-04-30"), ARNET_STAGE_LETTER);
	/* A later stage logged covers the earlier ones. */
	assert_int_equal(dunning_log_d(f, "I-1", ARNET_STAGE_LAWYER,
	                               "2026-06-01", "", NULL, NULL),
	                 ARNET_OK);
	assert_int_equal(stage_due(f, "2026-06-10"), 0);
	/* Paid: nothing due at all. */
	pay(f, "local:A", "2026-06-20", 100, "I-1", NULL);
	assert_int_equal(stage_due(f, "2026-07-30"), 0);
}

static void
test_letter_sets_hold(void **state)
{
	fixture *f = *state;
	arnet_customer c;
	int hold;
	add_invoice_a(f, "I-1", "2026-01-01", "2026-01-31", 100);
	add_invoice_a(f, "I-2", "2026-01-01", "2026-01-31", 100);
	assert_int_equal(dunning_log_d(f, "I-1", ARNET_STAGE_PHONE,
	                               "2026-02-05", "", &hold, NULL),
	                 ARNET_OK);
	assert_int_equal(hold, 0);
	assert_int_equal(dunning_log_d(f, "I-1", ARNET_STAGE_LETTER,
	                               "2026-03-03", "", &hold, NULL),
	                 ARNET_OK);
	assert_int_equal(hold, 1);
	assert_int_equal(get_customer(f, "local:A", &c), ARNET_OK);
	assert_int_equal(c.status, ARNET_CUST_HOLD);
	assert_int_equal(c.hold_since, day("2026-03-03"));
	assert_non_null(strstr(c.hold_reason, "I-1"));
	/* Already on hold: a second letter does not move the date. */
	assert_int_equal(dunning_log_d(f, "I-2", ARNET_STAGE_LETTER,
	                               "2026-03-10", "", &hold, NULL),
	                 ARNET_OK);
	assert_int_equal(hold, 0);
	assert_int_equal(get_customer(f, "local:A", &c), ARNET_OK);
	assert_int_equal(c.hold_since, day("2026-03-03"));
}

typedef struct oc_job {
	arnet_ident id;
	int64_t amount;
	int32_t as_of;
	arnet_check_policy cp;
	arnet_order_check r;
} oc_job;

TXN_FN(oc_txn, oc_job,
       arnet_order_check_run(t, &j->id, j->amount, j->as_of, &j->cp, NULL,
                             &j->r, d))

static int
order_check(fixture *f, const char *id, int64_t amount, const char *as_of,
            arnet_order_check *out)
{
	oc_job j = {.amount = amount, .as_of = day(as_of)};
	arnet_check_policy_defaults(&j.cp);
	j.cp.books = *default_policy();
	assert_int_equal(arnet_ident_parse(&j.id, id, NULL), ARNET_OK);
	assert_int_equal(arnet_store_read(f->s, oc_txn, &j, NULL), ARNET_OK);
	if (out != NULL) {
		*out = j.r;
	}
	return j.r.decision;
}

static void
test_order_check(void **state)
{
	fixture *f = *state;
	arnet_customer c;
	arnet_order_check r;
	add_customer_limit(f, "local:A", "A", 30, 10000);
	add_invoice_a(f, "I-1", "2026-01-01", "2026-01-31", 5000);
	/* 5000 + 2999 = 79.99%: allow; 3000 = 80%: warn; 5000 = the limit:
	 * warn; 5001 over: hold. */
	assert_int_equal(order_check(f, "local:A", 2999, "2026-01-15", NULL),
	                 ARNET_ORDER_ALLOW);
	assert_int_equal(order_check(f, "local:A", 3000, "2026-01-15", NULL),
	                 ARNET_ORDER_WARN);
	assert_int_equal(order_check(f, "local:A", 5000, "2026-01-15", NULL),
	                 ARNET_ORDER_WARN);
	assert_int_equal(order_check(f, "local:A", 5001, "2026-01-15", &r),
	                 ARNET_ORDER_HOLD);
	assert_non_null(strstr(r.reasons[0].text, "exceed the limit"));
	/* 30 days past due is fine, 31 holds even a tiny order. */
	assert_int_equal(order_check(f, "local:A", 1, "2026-03-02", NULL),
	                 ARNET_ORDER_ALLOW);
	assert_int_equal(order_check(f, "local:A", 1, "2026-03-03", &r),
	                 ARNET_ORDER_HOLD);
	assert_int_equal(r.oldest_dpd, 31);
	assert_int_equal(r.owed[0].overdue_beyond, 5000);
	/* Unapplied credit reduces exposure. */
	add_customer(f, "local:B", 30);
	add_customer_limit(f, "local:B", "B", 30, 1000);
	pay(f, "local:B", "2026-01-10", 500, "", NULL);
	assert_int_equal(order_check(f, "local:B", 1300, "2026-01-15", &r),
	                 ARNET_ORDER_WARN);
	assert_int_equal(r.exposure, 800);
	/* No limit: warn, with the reason. */
	add_customer(f, "local:C", 30);
	assert_int_equal(order_check(f, "local:C", 1, "2026-01-15", &r),
	                 ARNET_ORDER_WARN);
	assert_non_null(strstr(r.reasons[0].text, "no credit limit"));
	/* Customer on hold. */
	make_customer(&c, "local:D", "D", 30);
	c.credit_limit = 1000000;
	c.status = ARNET_CUST_HOLD;
	assert_int_equal(put_customer(f, &c, NULL), ARNET_OK);
	assert_int_equal(order_check(f, "local:D", 1, "2026-01-15", NULL),
	                 ARNET_ORDER_HOLD);
}

typedef struct rv_job {
	int32_t as_of;
	arnet_review r;
} rv_job;

TXN_FN(rv_txn, rv_job,
       arnet_review_build(t, j->as_of, default_policy(), &j->r, d))

static void
test_review(void **state)
{
	fixture *f = *state;
	rv_job j = {day("2026-06-30"), {0}};
	/* A: three invoices paid on time: raise 20%. */
	add_customer_limit(f, "local:A", "A", 30, 100000);
	add_invoice_a(f, "A-1", "2026-01-01", "2026-01-31", 10);
	add_invoice_a(f, "A-2", "2026-02-01", "2026-02-28", 10);
	add_invoice_a(f, "A-3", "2026-03-01", "2026-03-31", 10);
	pay(f, "local:A", "2026-01-31", 10, "A-1", NULL);
	pay(f, "local:A", "2026-02-20", 10, "A-2", NULL);
	pay(f, "local:A", "2026-03-31", 10, "A-3", NULL);
	/* B: two on time, the third a day late: nothing. */
	add_customer(f, "local:B", 30);
	add_invoice(f, "B-1", "local:B", "2026-01-01", "2026-01-31", 10, "CNY");
	add_invoice(f, "B-2", "local:B", "2026-02-01", "2026-02-28", 10, "CNY");
	add_invoice(f, "B-3", "local:B", "2026-03-01", "2026-03-31", 10, "CNY");
	pay(f, "local:B", "2026-01-30", 10, "B-1", NULL);
	pay(f, "local:B", "2026-02-27", 10, "B-2", NULL);
	pay(f, "local:B", "2026-04-01", 10, "B-3", NULL);
	/* C: an overdue invoice: cut 30%, terms 30 -> 15. */
	add_customer_limit(f, "local:C", "C", 30, 100000);
	add_invoice(f, "C-1", "local:C", "2026-05-01", "2026-05-31", 10, "CNY");
	/* D: only two invoices, both on time: not enough history. */
	add_customer(f, "local:D", 30);
	add_invoice(f, "D-1", "local:D", "2026-01-01", "2026-01-31", 10, "CNY");
	add_invoice(f, "D-2", "local:D", "2026-02-01", "2026-02-28", 10, "CNY");
	pay(f, "local:D", "2026-01-30", 10, "", NULL);
	pay(f, "local:D", "2026-02-27", 10, "", NULL);

	assert_int_equal(arnet_store_read(f->s, rv_txn, &j, NULL), ARNET_OK);
	assert_int_equal(j.r.n, 2);
	assert_string_equal(j.r.v[0].c.id.text, "local:A");
	assert_int_equal(j.r.v[0].kind, ARNET_REVIEW_RAISE);
	assert_int_equal(j.r.v[0].new_limit, 120000);
	assert_string_equal(j.r.v[1].c.id.text, "local:C");
	assert_int_equal(j.r.v[1].kind, ARNET_REVIEW_CUT);
	assert_int_equal(j.r.v[1].new_limit, 70000);
	assert_int_equal(j.r.v[1].new_terms, 15);
	assert_non_null(strstr(j.r.v[1].reason, "C-1"));
	arnet_review_free(&j.r);
}

typedef struct st_job {
	arnet_ident id;
	arnet_statement s;
} st_job;

TXN_FN(st_txn, st_job,
       arnet_statement_build(t, &j->id, 2026, 2, "CNY", &j->s, d))

static void
test_statement(void **state)
{
	fixture *f = *state;
	st_job j = {0};
	add_invoice_a(f, "JAN", "2026-01-20", "2026-02-19", 1000);
	add_invoice_a(f, "FEB-2", "2026-02-10", "2026-03-12", 300);
	add_invoice_a(f, "FEB-1", "2026-02-10", "2026-03-12", 200);
	add_invoice_a(f, "MAR", "2026-03-01", "2026-03-31", 999);
	add_invoice(f, "USD", "local:A", "2026-02-01", "2026-03-01", 7, "USD");
	pay(f, "local:A", "2026-01-31", 100, "JAN", NULL);
	pay(f, "local:A", "2026-02-10", 400, "", NULL);
	pay(f, "local:A", "2026-02-28", 50, "", NULL);
	assert_int_equal(arnet_ident_parse(&j.id, "local:A", NULL), ARNET_OK);
	assert_int_equal(arnet_store_read(f->s, st_txn, &j, NULL), ARNET_OK);
	assert_int_equal(j.s.from, day("2026-02-01"));
	assert_int_equal(j.s.to, day("2026-02-28"));
	assert_int_equal(j.s.opening, 900);
	assert_int_equal(j.s.invoiced, 500);
	assert_int_equal(j.s.paid, 450);
	assert_int_equal(j.s.closing, 950);
	assert_int_equal(j.s.n, 4);
	/* Same day: invoices first, by number; then the payment. */
	assert_string_equal(j.s.lines[0].doc, "FEB-1");
	assert_int_equal(j.s.lines[0].balance, 1100);
	assert_string_equal(j.s.lines[1].doc, "FEB-2");
	assert_int_equal(j.s.lines[2].kind, ARNET_STMT_PAYMENT);
	assert_int_equal(j.s.lines[2].balance, 1000);
	assert_int_equal(j.s.lines[3].balance, 950);
	/* JAN was due Feb 19 and 450 of it is open at month end. */
	assert_int_equal(j.s.overdue, 450);
	arnet_statement_free(&j.s);
}

typedef struct dso_job {
	arnet_dso r;
	arnet_top_overdue top;
} dso_job;

static int
dso_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	dso_job *j = arg;
	int rv = arnet_dso_build(t, day("2026-03-31"), 90, "CNY", &j->r, d);
	if (rv == ARNET_OK) {
		rv = arnet_top_overdue_build(t, day("2026-03-31"), "CNY", 1,
		                             &j->top, d);
	}
	return rv;
}

static void
test_dso_and_top(void **state)
{
	fixture *f = *state;
	dso_job j;
	memset(&j, 0, sizeof(j));
	add_customer(f, "local:B", 30);
	add_invoice_a(f, "OLD", "2025-12-01", "2025-12-31", 1000);
	add_invoice_a(f, "A-1", "2026-02-01", "2026-03-03", 9000);
	add_invoice(f, "B-1", "local:B", "2026-01-10", "2026-02-09", 2000,
	            "CNY");
	pay(f, "local:A", "2026-01-15", 1000, "OLD", NULL);
	assert_int_equal(arnet_store_read(f->s, dso_txn, &j, NULL), ARNET_OK);
	/* Period Jan 1 .. Mar 31: sales 11000, receivables 11000: DSO 90. */
	assert_int_equal(j.r.sales, 11000);
	assert_int_equal(j.r.receivables, 11000);
	assert_int_equal(j.r.dso_centidays, 9000);
	assert_int_equal(j.r.opening, 1000);
	assert_int_equal(j.r.collected, 1000);
	assert_int_equal(j.r.collection_bp, 833); /* 1000 / 12000 */
	/* Top 1: A owes 9000 (28 days), B 2000 (50 days). */
	assert_int_equal(j.top.n, 1);
	assert_string_equal(j.top.v[0].id.text, "local:A");
	assert_int_equal(j.top.v[0].oldest_dpd, 28);
	assert_int_equal(j.top.total_overdue, 11000);
	arnet_top_overdue_free(&j.top);
}

#define T(fn)                                                                  \
	cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
/* C: customer local:A in the store from the start (customer_setup). */
#define C(fn)                                                                  \
	cmocka_unit_test_setup_teardown(fn, customer_setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        C(test_dunning_log_refused),
	        C(test_ladder_edges),
	        C(test_letter_sets_hold),
	        T(test_order_check),
	        T(test_review),
	        C(test_statement),
	        C(test_dso_and_top),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
