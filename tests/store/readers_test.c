/*
 * readers_test.c - the readers of the books (store/reports, store/credit)
 * and corrections, as accounting reads them: a payment reversed on or
 * before the date no longer counts (aging's unapplied column, DSO's
 * collections, the order check's exposure), and still does as of a day
 * before the reversal; what a credit note left that no invoice took is
 * unapplied credit in its own currency; only payments that still stand
 * pay an invoice in the check's own books, the trade reference and the
 * limit review; a credit note or a void is no payment; a write-off is a
 * loss.
 *
 * Edge cases first (a reversal on the payment's own day, the last day a
 * loss counts, an invoice credited or void in full), then the cases.
 * Every expected figure is worked out by hand in the comment beside it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_check.h"
#include "arnet_corrections.h"
#include "arnet_date.h"
#include "arnet_order_check.h"
#include "arnet_reports.h"
#include "arnet_trade_ref.h"
#include "books_fixture.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#define CUST "local:A"

/* --- corrections, one transaction each --- */

/* A void ("issued twice"), a write-off of amount ("insolvent") or a
 * reversal ("bounced") of invoice or payment on date; it must succeed. */
static arnet_correction
correct(fixture *f, int kind, const char *invoice, const char *date,
        int64_t amount)
{
	arnet_correction c = {.kind = (uint8_t)kind};
	snprintf(c.invoice, sizeof(c.invoice), "%s", invoice);
	snprintf(c.reason, sizeof(c.reason), "%s",
	         kind == ARNET_CORR_VOID        ? "issued twice"
	         : kind == ARNET_CORR_WRITE_OFF ? "insolvent"
	                                        : "bounced");
	c.date = day(date);
	c.amount = amount;
	correct_ok(f, &c);
	return c;
}

static arnet_correction
credit_note(fixture *f, const char *number, const char *date, int64_t amount,
            const char *cur, const char *invoice)
{
	arnet_correction c;
	make_credit_note(&c, CUST, number, date, amount, cur, invoice, "");
	correct_ok(f, &c);
	return c;
}

static void
reverse(fixture *f, uint64_t payment, const char *date)
{
	arnet_correction c = {.kind = ARNET_CORR_REVERSAL};
	snprintf(c.reason, sizeof(c.reason), "bounced");
	c.payment = payment;
	c.date = day(date);
	correct_ok(f, &c);
}

/* --- the readers, each in one read transaction --- */

typedef struct readers {
	int32_t as_of;
	const char *cur;
	arnet_aging a;
	arnet_dso dso;
	arnet_order_check oc;
	arnet_trade_ref tr;
	int tr_rv; /* ARNET_ENOTFOUND: no reference */
	arnet_check_result ck;
	arnet_review rev;
	arnet_currencies held;
} readers;

static int
readers_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	readers *j = arg;
	arnet_ident id;
	arnet_check_policy pol;
	arnet_diag sub;
	int32_t as_of = j->as_of;
	arnet_check_policy_defaults(&pol);
	assert_int_equal(arnet_ident_parse(&id, CUST, NULL), ARNET_OK);
	int rv = arnet_aging_report(t, as_of, j->cur, NULL, NULL, &j->a, d);
	rv = rv ? rv : arnet_dso_build(t, as_of, 90, j->cur, &j->dso, d);
	rv = rv ? rv
	        : arnet_order_check_run(t, &id, 0, as_of, &pol, NULL, &j->oc,
	                                d);
	j->tr_rv =
	        arnet_trade_ref_build(t, &id, as_of, "local:C", &j->tr, &sub);
	rv = rv ? rv
	        : arnet_check_run(t, &id, 0, "CNY", 0, arnet_date_end(as_of),
	                          NULL, NULL, 0, &pol, &j->ck, d);
	rv = rv ? rv
	        : arnet_report_currencies(t, as_of, NULL, "CNY", &j->held, d);
	return rv ? rv : arnet_review_build(t, as_of, &pol.books, &j->rev, d);
}

static void
read_books(fixture *f, const char *as_of, const char *cur, readers *j)
{
	arnet_diag d;
	arnet_aging_free(&j->a);
	arnet_review_free(&j->rev);
	memset(j, 0, sizeof(*j));
	j->as_of = day(as_of);
	j->cur = cur;
	if (arnet_store_read(f->s, readers_txn, j, &d) != ARNET_OK) {
		fail_msg("readers as of %s: %s", as_of, d.msg);
	}
	/* What the survey answer is held to (proto/survey.c). */
	if (j->tr_rv == ARNET_OK) {
		int64_t due = 0;
		for (int i = 0; i < 4; i++) {
			due += j->tr.past_due[i];
		}
		assert_true(due <= j->tr.balance);
	}
}

static void
readers_free(readers *j)
{
	arnet_aging_free(&j->a);
	arnet_review_free(&j->rev);
	memset(j, 0, sizeof(*j));
}

/* The reason with this factor (NULL: none fired). */
static const arnet_check_reason *
find(const arnet_check_result *r, const char *factor)
{
	int i = 0;
	while (i < r->nreasons && strcmp(r->reasons[i].factor, factor) != 0) {
		i++;
	}
	return i < r->nreasons ? &r->reasons[i] : NULL;
}

/* Its points; INT_MIN when it did not fire. */
static int
fired(const arnet_check_result *r, const char *factor)
{
	const arnet_check_reason *e = find(r, factor);
	return e != NULL ? e->points : INT_MIN;
}

/* Its text; the test fails when it did not fire. */
static const char *
reason_text(const arnet_check_result *r, const char *factor)
{
	const arnet_check_reason *e = find(r, factor);
	assert_non_null(e);
	return e->text;
}

static const arnet_order_owed *
owed(const arnet_order_check *oc, const char *cur)
{
	for (size_t i = 0; i < oc->nowed; i++) {
		if (strcmp(oc->owed[i].currency, cur) == 0) {
			return &oc->owed[i];
		}
	}
	fail_msg("the order check has no %s", cur);
	return NULL;
}

static int
setup(void **state)
{
	int rv = fixture_setup(state);
	if (rv == 0) {
		arnet_customer c;
		make_customer(&c, CUST, "A Co", 30);
		c.credit_limit = 100000000; /* 1,000,000.00 */
		if (put_customer(*state, &c, NULL) != ARNET_OK) {
			return -1;
		}
	}
	return rv;
}

/* --- edge cases --- */

/* A payment reversed on its own day never counted as of that day:
 * neither as credit nor as collected. */
static void
test_reversed_same_day(void **state)
{
	fixture *f = *state;
	arnet_payment p;
	readers j = {0};
	add_invoice_a(f, "I-1", "2026-01-01", "2026-01-31", 100000);
	pay(f, CUST, "2026-02-10", 150000, "", &p);
	assert_int_equal(p.unapplied, 50000);
	reverse(f, p.id, "2026-02-10");
	read_books(f, "2026-02-10", "CNY", &j);
	assert_int_equal(j.a.totals.unapplied, 0);
	assert_int_equal(j.a.totals.total, 100000);
	assert_int_equal(j.dso.collected, 0);
	assert_int_equal(owed(&j.oc, "CNY")->unapplied, 0);
	assert_int_equal(j.oc.exposure, 100000);
	/* The day before: nothing paid yet either. */
	read_books(f, "2026-02-09", "CNY", &j);
	assert_int_equal(j.a.totals.unapplied, 0);
	assert_int_equal(j.dso.collected, 0);
	readers_free(&j);
}

/* A loss counts for ARNET_LOSS_DAYS from the write-off's day: on the
 * last of them, not the day after. */
static void
test_loss_fades_after_its_days(void **state)
{
	fixture *f = *state;
	char last[16], after[16];
	readers j = {0};
	add_invoice_a(f, "I-1", "2020-01-01", "2020-01-31", 500000);
	arnet_correction wo =
	        correct(f, ARNET_CORR_WRITE_OFF, "I-1", "2020-06-01", 0);
	assert_int_equal(wo.amount, 500000);
	arnet_date_format(last, sizeof(last), wo.date + ARNET_LOSS_DAYS - 1);
	arnet_date_format(after, sizeof(after), wo.date + ARNET_LOSS_DAYS);
	read_books(f, last, "CNY", &j);
	assert_int_equal(owed(&j.oc, "CNY")->written_off, 500000);
	assert_int_equal(j.tr.written_off, 500000);
	assert_int_equal(fired(&j.ck, "own_written_off"), -20);
	assert_int_equal(j.rev.n, 1);
	assert_int_equal(j.rev.v[0].kind, ARNET_REVIEW_CUT);
	read_books(f, after, "CNY", &j);
	assert_int_equal(j.rev.n, 0);
	assert_int_equal(j.oc.nowed, 1);
	assert_int_equal(j.oc.owed[0].written_off, 0);
	assert_int_equal(j.tr.written_off, 0);
	assert_int_equal(j.tr.balance, 0);
	assert_int_equal(j.tr.past_due[3], 0);
	assert_int_equal(fired(&j.ck, "own_written_off"), INT_MIN);
	readers_free(&j);
}

/* Invoices credited or void in full were no sales: not "paid on time",
 * no trade reference, no payment experience (a thin file), no sales in
 * the DSO, no settlement for the review. */
static void
test_credited_or_void_in_full(void **state)
{
	fixture *f = *state;
	readers j = {0};
	add_invoice_a(f, "I-1", "2026-01-01", "2026-01-31", 100000);
	add_invoice_a(f, "I-2", "2026-01-02", "2026-02-01", 100000);
	add_invoice_a(f, "I-3", "2026-01-03", "2026-02-02", 100000);
	(void)credit_note(f, "CN-1", "2026-01-10", 100000, "CNY", "I-1");
	(void)credit_note(f, "CN-2", "2026-01-10", 100000, "CNY", "I-2");
	(void)correct(f, ARNET_CORR_VOID, "I-3", "2026-01-10", 0);
	read_books(f, "2026-03-01", "CNY", &j);
	assert_int_equal(fired(&j.ck, "own_good"), INT_MIN);
	assert_int_equal(j.ck.thin, 1);
	assert_int_equal(j.tr_rv, ARNET_ENOTFOUND);
	assert_int_equal(j.dso.sales, 0);
	assert_int_equal(j.dso.collected, 0);
	assert_int_equal(j.rev.n, 0);
	/* As of before the corrections they were sales, open and not due. */
	read_books(f, "2026-01-09", "CNY", &j);
	assert_int_equal(j.dso.sales, 300000);
	assert_int_equal(j.tr_rv, ARNET_OK);
	assert_int_equal(j.tr.balance, 300000);
	readers_free(&j);
}

/* --- reversals as of dates --- */

/* 1,500.00 paid on 1,000.00 owed leaves 500.00 credit; the payment
 * bounces on Feb 20. */
static void
test_reversal_before_and_after(void **state)
{
	fixture *f = *state;
	arnet_payment p;
	readers j = {0};
	add_invoice_a(f, "I-1", "2026-01-01", "2026-01-31", 100000);
	pay(f, CUST, "2026-02-10", 150000, "", &p);
	reverse(f, p.id, "2026-02-20");

	/* Feb 19: the payment stands: 500.00 credit, 1,500.00 collected,
	 * nothing owed; exposure 0 - 500.00. */
	read_books(f, "2026-02-19", "CNY", &j);
	assert_int_equal(j.a.totals.total, 0);
	assert_int_equal(j.a.totals.unapplied, 50000);
	assert_int_equal(j.a.nrows, 1);
	assert_int_equal(j.dso.collected, 150000);
	assert_int_equal(owed(&j.oc, "CNY")->unapplied, 50000);
	assert_int_equal(j.oc.exposure, -50000);
	assert_int_equal(j.tr.balance, 0);
	assert_int_equal(j.tr.dbt, 10); /* paid Feb 10, due Jan 31 */

	/* Feb 20: gone; I-1 owed again, 20 days past due. */
	read_books(f, "2026-02-20", "CNY", &j);
	assert_int_equal(j.a.totals.total, 100000);
	assert_int_equal(j.a.totals.bucket[1], 100000);
	assert_int_equal(j.a.totals.unapplied, 0);
	assert_int_equal(j.dso.collected, 0);
	assert_int_equal(owed(&j.oc, "CNY")->unapplied, 0);
	assert_int_equal(j.oc.exposure, 100000);
	/* The trade reference: owed 20 days past due, 20 days beyond
	 * terms; the check the same, and no "paid on time". */
	assert_int_equal(j.tr.past_due[0], 100000);
	assert_int_equal(j.tr.dbt, 20);
	assert_int_equal(fired(&j.ck, "dbt_16_30"), -20);
	assert_int_equal(fired(&j.ck, "own_overdue"), -5);
	readers_free(&j);
}

/* A reversed payment paid again late: the invoice was paid on the day
 * the payment that still stands came in. */
static void
test_reversed_then_paid_again(void **state)
{
	fixture *f = *state;
	arnet_payment p, q;
	readers j = {0};
	add_invoice_a(f, "I-1", "2026-01-01", "2026-01-31", 100000);
	pay(f, CUST, "2026-01-25", 100000, "I-1", &p);
	reverse(f, p.id, "2026-02-05");
	pay(f, CUST, "2026-02-12", 100000, "I-1", &q);
	read_books(f, "2026-02-28", "CNY", &j);
	assert_int_equal(j.tr.balance, 0);
	assert_int_equal(j.tr.dbt, 12);            /* paid Feb 12, due Jan 31 */
	assert_int_equal(j.dso.collected, 100000); /* q only */
	readers_free(&j);
}

/* --- credit notes --- */

/* A credit note larger than what was open: the rest is credit, in its
 * own currency only; a credit note is no payment. */
static void
test_credit_note_over_applied(void **state)
{
	fixture *f = *state;
	readers j = {0};
	add_invoice_a(f, "I-1", "2026-01-01", "2026-01-31", 100000);
	add_invoice(f, "U-1", CUST, "2026-01-01", "2026-01-31", 10000, "USD");
	arnet_correction cn =
	        credit_note(f, "CN-1", "2026-02-15", 150000, "CNY", "I-1");
	assert_int_equal(cn.unapplied, 50000);
	cn = credit_note(f, "CN-U", "2026-02-15", 30000, "USD", "");
	assert_int_equal(cn.unapplied, 20000);

	/* Feb 14: before them. */
	read_books(f, "2026-02-14", "CNY", &j);
	assert_int_equal(j.a.totals.total, 100000);
	assert_int_equal(j.a.totals.unapplied, 0);
	assert_int_equal(owed(&j.oc, "CNY")->unapplied, 0);

	/* Feb 15: CNY 500.00 and USD 200.00 of credit, each apart. */
	read_books(f, "2026-02-15", "CNY", &j);
	assert_int_equal(j.a.totals.total, 0);
	assert_int_equal(j.a.totals.unapplied, 50000);
	assert_int_equal(j.a.nrows, 1);
	assert_int_equal(j.a.rows[0].unapplied, 50000);
	assert_int_equal(owed(&j.oc, "CNY")->unapplied, 50000);
	assert_int_equal(owed(&j.oc, "USD")->unapplied, 20000);
	assert_int_equal(owed(&j.oc, "USD")->balance, 0);
	/* The limit's currency: 0 owed less 500.00 (USD: no [fx] rate,
	 * named and left out). */
	assert_int_equal(j.oc.exposure, -50000);
	assert_int_equal(j.oc.uncombined, 1);
	/* DSO: I-1 credited in full is no sale; nothing was collected. */
	assert_int_equal(j.dso.sales, 0);
	assert_int_equal(j.dso.collected, 0);
	read_books(f, "2026-02-15", "USD", &j);
	assert_int_equal(j.a.totals.total, 0);
	assert_int_equal(j.a.totals.unapplied, 20000);
	readers_free(&j);
}

/* A credit note in a currency no invoice or payment is in (none open to
 * take it): all of it is credit, and its currency a section of the
 * reports from its date on. */
static void
test_credit_note_alone_in_its_currency(void **state)
{
	fixture *f = *state;
	readers j = {0};
	add_invoice_a(f, "I-1", "2026-01-01", "2026-01-31", 100000);
	arnet_correction cn =
	        credit_note(f, "CN-E", "2026-02-15", 70000, "EUR", "");
	assert_int_equal(cn.unapplied, 70000);
	read_books(f, "2026-02-14", "EUR", &j);
	assert_int_equal(j.held.n, 1);
	assert_int_equal(j.a.totals.unapplied, 0);
	read_books(f, "2026-02-15", "EUR", &j);
	assert_int_equal(j.held.n, 2);
	assert_string_equal(j.held.v[0], "CNY");
	assert_string_equal(j.held.v[1], "EUR");
	assert_int_equal(j.a.totals.unapplied, 70000);
	assert_int_equal(owed(&j.oc, "EUR")->unapplied, 70000);
	assert_int_equal(owed(&j.oc, "CNY")->unapplied, 0);
	readers_free(&j);
}

/* 10,000.00 due Jan 31: 8,000.00 paid on Jan 25, a 2,000.00 credit note
 * (a price allowance) on Mar 1. Paid on time: the credit note is no
 * late payment. */
static void
test_credit_note_after_due_is_not_late(void **state)
{
	fixture *f = *state;
	readers j = {0};
	add_invoice_a(f, "I-1", "2026-01-01", "2026-01-31", 1000000);
	pay(f, CUST, "2026-01-25", 800000, "I-1", NULL);
	(void)credit_note(f, "CN-1", "2026-03-01", 200000, "CNY", "I-1");
	read_books(f, "2026-03-10", "CNY", &j);
	assert_int_equal(j.tr.balance, 0);
	assert_int_equal(j.tr.dbt, 0);
	assert_int_equal(fired(&j.ck, "dbt"), 0);
	/* As of Feb 28 it was 2,000.00 owed 28 days past due. */
	read_books(f, "2026-02-28", "CNY", &j);
	assert_int_equal(j.tr.past_due[0], 200000);
	assert_int_equal(j.tr.dbt, 28);
	readers_free(&j);
}

/* --- write-offs and voids --- */

/* Three invoices of 10,000.00 paid on time, a fourth of 5,000.00 (due
 * May 1) written off on May 10. */
static void
add_history(fixture *f)
{
	add_invoice_a(f, "I-1", "2026-01-01", "2026-01-31", 1000000);
	add_invoice_a(f, "I-2", "2026-02-01", "2026-03-03", 1000000);
	add_invoice_a(f, "I-3", "2026-03-01", "2026-03-31", 1000000);
	pay(f, CUST, "2026-01-26", 1000000, "I-1", NULL);
	pay(f, CUST, "2026-02-26", 1000000, "I-2", NULL);
	pay(f, CUST, "2026-03-26", 1000000, "I-3", NULL);
	add_invoice_a(f, "I-4", "2026-04-01", "2026-05-01", 500000);
}

static void
test_write_off_in_check_and_trade_ref(void **state)
{
	fixture *f = *state;
	readers j = {0};
	add_history(f);
	(void)correct(f, ARNET_CORR_WRITE_OFF, "I-4", "2026-05-10", 0);

	/* May 9: I-4 is 8 days past due: own_overdue, no loss. */
	read_books(f, "2026-05-09", "CNY", &j);
	assert_int_equal(fired(&j.ck, "own_overdue"), -5);
	assert_int_equal(fired(&j.ck, "own_written_off"), INT_MIN);
	assert_int_equal(j.tr.written_off, 0);
	assert_int_equal(j.tr.past_due[0], 500000);

	/* Jun 1: written off. The order check: nothing owed, 5,000.00 lost;
	 * the check reads the same number. */
	read_books(f, "2026-06-01", "CNY", &j);
	assert_int_equal(owed(&j.oc, "CNY")->balance, 0);
	assert_int_equal(owed(&j.oc, "CNY")->written_off, 500000);
	assert_int_equal(j.oc.exposure, 0);
	assert_int_equal(j.oc.decision, ARNET_ORDER_ALLOW);
	assert_int_equal(fired(&j.ck, "own_written_off"), -20);
	assert_non_null(
	        strstr(reason_text(&j.ck, "own_written_off"), "5,000.00 CNY"));
	assert_int_equal(fired(&j.ck, "own_good"), INT_MIN);
	/* The trade reference: the loss is owed 90+ past due (the wire has
	 * no field for it): balance 5,000.00, all in the oldest bucket.
	 * Days beyond terms: three on time (0 days, 10,000.00 each) and the
	 * loss at 91 days: 500,000 x 91 / 3,500,000 = 13. */
	assert_int_equal(j.tr_rv, ARNET_OK);
	assert_int_equal(j.tr.balance, 500000);
	assert_int_equal(j.tr.past_due[3], 500000);
	assert_int_equal(j.tr.past_due[0], 0);
	assert_int_equal(j.tr.written_off, 500000);
	assert_int_equal(j.tr.dbt, 13);
	assert_int_equal(fired(&j.ck, "dbt_1_15"), -10);
	assert_int_equal(fired(&j.ck, "trade_over_90"), -15);
	assert_non_null(
	        strstr(reason_text(&j.ck, "trade_over_90"), "wrote off"));
	/* 100 - 20 - 10 - 15: C, no open credit, though the order check
	 * allows (a score, not a knock-out: no contradiction). */
	assert_int_equal(j.ck.score, 55);
	assert_int_equal(j.ck.grade, 'C');
	/* The review: a loss is no settlement on time; it cuts as an
	 * overdue invoice does. */
	assert_int_equal(j.rev.n, 1);
	assert_int_equal(j.rev.v[0].kind, ARNET_REVIEW_CUT);
	assert_string_equal(j.rev.v[0].reason,
	                    "invoice I-4 was written off: a loss");
	readers_free(&j);
}

/* The same history with I-4 paid on time instead: the neighbour that
 * shows the write-off made the difference. */
static void
test_history_paid_on_time(void **state)
{
	fixture *f = *state;
	readers j = {0};
	add_history(f);
	pay(f, CUST, "2026-04-28", 500000, "I-4", NULL);
	read_books(f, "2026-06-01", "CNY", &j);
	assert_int_equal(fired(&j.ck, "own_good"), 5);
	assert_int_equal(fired(&j.ck, "own_written_off"), INT_MIN);
	assert_int_equal(j.tr.dbt, 0);
	assert_int_equal(j.ck.score, 100);
	assert_int_equal(j.rev.n, 1);
	assert_int_equal(j.rev.v[0].kind, ARNET_REVIEW_RAISE);
	readers_free(&j);
}

/* I-4 credited in full after its due date (goods returned): no sale,
 * so neither late nor a loss; the history stays all on time. */
static void
test_credited_in_full_after_due(void **state)
{
	fixture *f = *state;
	readers j = {0};
	add_history(f);
	(void)credit_note(f, "CN-4", "2026-05-20", 500000, "CNY", "I-4");
	read_books(f, "2026-06-01", "CNY", &j);
	assert_int_equal(fired(&j.ck, "own_good"), 5);
	assert_int_equal(j.tr.dbt, 0);
	assert_int_equal(j.tr.balance, 0);
	assert_int_equal(j.rev.n, 1);
	assert_int_equal(j.rev.v[0].kind, ARNET_REVIEW_RAISE);
	/* As of May 19 it was owed, 18 days past due. */
	read_books(f, "2026-05-19", "CNY", &j);
	assert_int_equal(j.tr.past_due[0], 500000);
	assert_int_equal(j.rev.v[0].kind, ARNET_REVIEW_CUT);
	readers_free(&j);
}

/* A void spoils nothing: the history stays "all paid on time", the
 * voided invoice is no sale in the trade reference or the DSO. */
static void
test_void_spoils_nothing(void **state)
{
	fixture *f = *state;
	readers j = {0};
	add_history(f);
	(void)correct(f, ARNET_CORR_VOID, "I-4", "2026-04-05", 0);
	read_books(f, "2026-06-01", "CNY", &j);
	assert_int_equal(fired(&j.ck, "own_good"), 5);
	assert_int_equal(j.tr.balance, 0);
	assert_int_equal(j.tr.last_sale, day("2026-03-01"));
	/* DSO over Mar 4 .. Jun 1: I-4 alone was issued in it, and it is
	 * void. */
	assert_int_equal(j.dso.sales, 0);
	assert_int_equal(j.rev.n, 1);
	assert_int_equal(j.rev.v[0].kind, ARNET_REVIEW_RAISE);
	readers_free(&j);
}

/* A write-off before the due date (an insolvency) is a loss all the
 * same: 90+ past due, at least 91 days beyond terms. */
static void
test_write_off_before_due(void **state)
{
	fixture *f = *state;
	readers j = {0};
	add_invoice_a(f, "I-1", "2026-04-01", "2026-05-01", 500000);
	(void)correct(f, ARNET_CORR_WRITE_OFF, "I-1", "2026-04-20", 200000);
	read_books(f, "2026-04-25", "CNY", &j);
	/* 3,000.00 still owed, not due; 2,000.00 lost. */
	assert_int_equal(j.tr.balance, 500000);
	assert_int_equal(j.tr.past_due[3], 200000);
	assert_int_equal(j.tr.past_due[0], 0);
	assert_int_equal(j.tr.dbt, 91);
	assert_int_equal(owed(&j.oc, "CNY")->balance, 300000);
	assert_int_equal(owed(&j.oc, "CNY")->written_off, 200000);
	assert_int_equal(j.a.totals.total, 300000);
	readers_free(&j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)
	        T(test_reversed_same_day),
	        T(test_loss_fades_after_its_days),
	        T(test_credited_or_void_in_full),
	        T(test_reversal_before_and_after),
	        T(test_reversed_then_paid_again),
	        T(test_credit_note_over_applied),
	        T(test_credit_note_alone_in_its_currency),
	        T(test_credit_note_after_due_is_not_late),
	        T(test_write_off_in_check_and_trade_ref),
	        T(test_history_paid_on_time),
	        T(test_credited_in_full_after_due),
	        T(test_void_spoils_nothing),
	        T(test_write_off_before_due),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
