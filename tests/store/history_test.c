/*
 * history_test.c - tests of store/reports/history.c: refused input first
 * (a zero limit, an unknown customer or invoice), then the edges (no
 * invoices at all, every invoice closed each its own way, a payment
 * reversed and paid again, a history as of a day before the reversal,
 * the limit's cut) and one invoice's history (a credit note spread over
 * two invoices, a reversed payment).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_history.h"
#include "books_fixture.h"

#include <stdio.h>
#include <string.h>

#define CUST "local:A"

/* Correction `kind` of invoice (a credit note's number: cn) or payment,
 * on date; it must succeed. */
static void
correct(fixture *f, int kind, const char *invoice, const char *cn,
        uint64_t payment, const char *date, int64_t amount, const char *reason)
{
	arnet_correction c;
	make_credit_note(&c, CUST, cn, date, amount, "CNY", invoice, reason);
	c.kind = (uint8_t)kind;
	c.payment = payment;
	correct_ok(f, &c);
}

/* --- a history, in one read transaction --- */

typedef struct hist_job {
	const char *customer, *invoice; /* one of them */
	int32_t as_of;
	size_t limit;
	arnet_history h;
} hist_job;

static int
hist_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	hist_job *j = arg;
	if (j->invoice != NULL) {
		return arnet_invoice_history_build(t, j->invoice, j->as_of,
		                                   j->limit, &j->h, d);
	}
	arnet_ident id;
	int rv = arnet_ident_parse(&id, j->customer, d);
	return rv != ARNET_OK ? rv
	                      : arnet_history_build(t, &id, j->as_of, j->limit,
	                                            &j->h, d);
}

static int
history(fixture *f, hist_job *j, const char *customer, const char *invoice,
        const char *as_of, size_t limit, arnet_diag *d)
{
	memset(j, 0, sizeof(*j));
	j->customer = customer;
	j->invoice = invoice;
	j->as_of = day(as_of);
	j->limit = limit;
	return arnet_store_read(f->s, hist_txn, j, d);
}

/* The history of CUST (invoice NULL) or of invoice as of as_of, cut at
 * limit; it must build. */
static void
history_ok(fixture *f, hist_job *j, const char *invoice, const char *as_of,
           size_t limit)
{
	arnet_diag d;
	if (history(f, j, invoice == NULL ? CUST : NULL, invoice, as_of, limit,
	            &d) != ARNET_OK) {
		fail_msg("history: %s", d.msg);
	}
}

/* --- refused --- */

static void
test_refused(void **state)
{
	fixture *f = *state;
	hist_job j;
	arnet_diag d;
	assert_int_equal(history(f, &j, CUST, NULL, "2026-03-01", 0, &d),
	                 ARNET_EINVAL);
	assert_non_null(strstr(d.msg, "limit"));
	assert_null(j.h.closed.v);
	assert_int_equal(
	        history(f, &j, "local:NOBODY", NULL, "2026-03-01", 5, &d),
	        ARNET_ENOTFOUND);
	assert_int_equal(history(f, &j, NULL, "NO-SUCH", "2026-03-01", 5, &d),
	                 ARNET_ENOTFOUND);
	assert_int_equal(history(f, &j, NULL, "NO-SUCH", "2026-03-01", 0, &d),
	                 ARNET_EINVAL);
}

/* --- edges --- */

static void
test_no_invoices(void **state)
{
	fixture *f = *state;
	hist_job j;
	history_ok(f, &j, NULL, "2026-03-01", 5);
	assert_int_equal(j.h.closed.n, 0);
	assert_int_equal(j.h.closed.total, 0);
	assert_int_equal(j.h.corrections.total, 0);
	assert_int_equal(j.h.payments.total, 0);
	arnet_history_free(&j.h);
}

static void
test_all_closed(void **state)
{
	fixture *f = *state;
	hist_job j;
	add_invoice_a(f, "I-PAID", "2026-01-01", "2026-01-31", 1000);
	add_invoice_a(f, "I-CRED", "2026-01-02", "2026-02-01", 1000);
	add_invoice_a(f, "I-WOFF", "2026-01-03", "2026-02-02", 1000);
	add_invoice_a(f, "I-VOID", "2026-01-04", "2026-02-03", 1000);
	/* Part paid, the rest written off: written off. */
	assert_int_equal(pay(f, CUST, "2026-02-05", 1000, "I-PAID", NULL), 0);
	correct(f, ARNET_CORR_CREDIT_NOTE, "I-CRED", "CN-1", 0, "2026-02-06",
	        1000, "price");
	assert_int_equal(pay(f, CUST, "2026-02-07", 400, "I-WOFF", NULL), 0);
	correct(f, ARNET_CORR_WRITE_OFF, "I-WOFF", "", 0, "2026-02-08", 0,
	        "bad debt");
	correct(f, ARNET_CORR_VOID, "I-VOID", "", 0, "2026-02-09", 0,
	        "wrong customer");

	history_ok(f, &j, NULL, "2026-03-01", 50);
	assert_int_equal(j.h.closed.n, 4);
	assert_int_equal(j.h.closed.total, 4);
	/* Newest closed first. */
	static const char *const num[] = {"I-VOID", "I-WOFF", "I-CRED",
	                                  "I-PAID"};
	static const uint8_t how[] = {ARNET_CLOSE_VOID, ARNET_CLOSE_WRITTEN_OFF,
	                              ARNET_CLOSE_CREDITED, ARNET_CLOSE_PAID};
	static const char *const when[] = {"2026-02-09", "2026-02-08",
	                                   "2026-02-06", "2026-02-05"};
	for (int i = 0; i < 4; i++) {
		assert_string_equal(j.h.closed.v[i].inv.number, num[i]);
		assert_int_equal(j.h.closed.v[i].how, how[i]);
		assert_int_equal(j.h.closed.v[i].closed, day(when[i]));
	}
	assert_string_equal(arnet_close_kind_name(ARNET_CLOSE_WRITTEN_OFF),
	                    "written off");
	assert_null(arnet_close_kind_name(0));
	/* The corrections, newest first, with their reasons. */
	assert_int_equal(j.h.corrections.n, 3);
	assert_int_equal(j.h.corrections.v[0].c.kind, ARNET_CORR_VOID);
	assert_string_equal(j.h.corrections.v[0].c.reason, "wrong customer");
	assert_int_equal(j.h.corrections.v[1].c.kind, ARNET_CORR_WRITE_OFF);
	assert_int_equal(j.h.corrections.v[1].c.amount, 600);
	assert_int_equal(j.h.corrections.v[2].c.kind, ARNET_CORR_CREDIT_NOTE);
	assert_string_equal(j.h.corrections.v[2].c.number, "CN-1");
	assert_int_equal(j.h.payments.n, 2);
	assert_int_equal(j.h.payments.v[0].p.date, day("2026-02-07"));
	arnet_history_free(&j.h);

	/* As of a day between: only what had closed by then, nothing
	 * corrected after it. */
	history_ok(f, &j, NULL, "2026-02-06", 50);
	assert_int_equal(j.h.closed.n, 2);
	assert_string_equal(j.h.closed.v[0].inv.number, "I-CRED");
	assert_int_equal(j.h.corrections.n, 1);
	assert_int_equal(j.h.payments.n, 1);
	arnet_history_free(&j.h);
	/* Before any invoice was issued: none closed. */
	history_ok(f, &j, NULL, "2025-12-31", 50);
	assert_int_equal(j.h.closed.total, 0);
	arnet_history_free(&j.h);
}

static void
test_reversed_payment(void **state)
{
	fixture *f = *state;
	hist_job j;
	arnet_payment p;
	add_invoice_a(f, "I-1", "2026-01-01", "2026-01-31", 1000);
	assert_int_equal(pay(f, CUST, "2026-02-10", 1000, "I-1", &p), 0);
	correct(f, ARNET_CORR_REVERSAL, "", "", p.id, "2026-02-15", 0,
	        "bounced bill");
	assert_int_equal(pay(f, CUST, "2026-02-20", 1000, "I-1", NULL), 0);

	/* Paid, re-opened, paid again: closed on the second payment. */
	history_ok(f, &j, NULL, "2026-03-01", 50);
	assert_int_equal(j.h.closed.n, 1);
	assert_int_equal(j.h.closed.v[0].closed, day("2026-02-20"));
	assert_int_equal(j.h.closed.v[0].how, ARNET_CLOSE_PAID);
	assert_int_equal(j.h.payments.n, 2);
	assert_int_equal(j.h.payments.v[0].reversed, 0);
	assert_int_equal(j.h.payments.v[1].p.id, p.id);
	assert_int_equal(j.h.payments.v[1].reversed, 1);
	assert_int_equal(j.h.payments.v[1].reversed_on, day("2026-02-15"));
	assert_string_equal(j.h.payments.v[1].reason, "bounced bill");
	assert_int_equal(j.h.corrections.n, 1);
	assert_int_equal(j.h.corrections.v[0].c.kind, ARNET_CORR_REVERSAL);
	assert_int_equal(j.h.corrections.v[0].c.payment, p.id);
	arnet_history_free(&j.h);

	/* Between the reversal and the second payment: open again. */
	history_ok(f, &j, NULL, "2026-02-16", 50);
	assert_int_equal(j.h.closed.total, 0);
	assert_int_equal(j.h.payments.n, 1);
	assert_int_equal(j.h.payments.v[0].reversed, 1);
	arnet_history_free(&j.h);
	/* Before the reversal: closed on the first payment, which is not
	 * reversed yet. */
	history_ok(f, &j, NULL, "2026-02-12", 50);
	assert_int_equal(j.h.closed.n, 1);
	assert_int_equal(j.h.closed.v[0].closed, day("2026-02-10"));
	assert_int_equal(j.h.payments.v[0].reversed, 0);
	assert_string_equal(j.h.payments.v[0].reason, "");
	assert_int_equal(j.h.corrections.total, 0);
	arnet_history_free(&j.h);

	/* The invoice's own history: both payments, the first reversed. */
	history_ok(f, &j, "I-1", "2026-03-01", 50);
	assert_int_equal(j.h.payments.n, 2);
	assert_int_equal(j.h.payments.v[1].reversed, 1);
	assert_int_equal(j.h.payments.v[1].applied, 1000);
	assert_int_equal(j.h.closed.n, 1);
	assert_int_equal(j.h.corrections.total, 0); /* a reversal is the
	                                               payment's */
	arnet_history_free(&j.h);
}

static void
test_limit_cut(void **state)
{
	fixture *f = *state;
	hist_job j;
	char num[16], date[16];
	for (int i = 1; i <= 5; i++) {
		snprintf(num, sizeof(num), "I-%d", i);
		snprintf(date, sizeof(date), "2026-01-%02d", i);
		add_invoice(f, num, CUST, date, date, 100, "CNY");
		snprintf(date, sizeof(date), "2026-02-%02d", 10 - i);
		assert_int_equal(pay(f, CUST, date, 100, num, NULL), 0);
	}
	history_ok(f, &j, NULL, "2026-03-01", 2);
	assert_int_equal(j.h.closed.n, 2);
	assert_int_equal(j.h.closed.total, 5);
	/* Paid in the reverse order of issue: I-1 closed last. */
	assert_string_equal(j.h.closed.v[0].inv.number, "I-1");
	assert_string_equal(j.h.closed.v[1].inv.number, "I-2");
	assert_int_equal(j.h.payments.n, 2);
	assert_int_equal(j.h.payments.total, 5);
	assert_int_equal(j.h.payments.v[0].p.date, day("2026-02-09"));
	assert_int_equal(j.h.payments.v[1].p.date, day("2026-02-08"));
	arnet_history_free(&j.h);
	/* A limit of exactly the count cuts nothing. */
	history_ok(f, &j, NULL, "2026-03-01", 5);
	assert_int_equal(j.h.closed.n, 5);
	assert_string_equal(j.h.closed.v[4].inv.number, "I-5");
	arnet_history_free(&j.h);
}

static void
test_invoice_credit_note_spread(void **state)
{
	fixture *f = *state;
	hist_job j;
	add_invoice_a(f, "I-1", "2026-01-01", "2026-01-31", 1000);
	add_invoice_a(f, "I-2", "2026-01-02", "2026-02-01", 1000);
	/* Oldest first: 1000 to I-1, 500 to I-2. */
	correct(f, ARNET_CORR_CREDIT_NOTE, "", "CN-9", 0, "2026-02-10", 1500,
	        "returned goods");
	history_ok(f, &j, "I-2", "2026-03-01", 50);
	assert_int_equal(j.h.corrections.n, 1);
	assert_string_equal(j.h.corrections.v[0].c.number, "CN-9");
	assert_int_equal(j.h.corrections.v[0].c.amount, 1500);
	assert_int_equal(j.h.corrections.v[0].applied, 500);
	assert_int_equal(j.h.closed.n, 0); /* 500 still owed */
	assert_int_equal(j.h.payments.total, 0);
	arnet_history_free(&j.h);
	history_ok(f, &j, "I-1", "2026-03-01", 50);
	assert_int_equal(j.h.corrections.v[0].applied, 1000);
	assert_int_equal(j.h.closed.n, 1);
	assert_int_equal(j.h.closed.v[0].how, ARNET_CLOSE_CREDITED);
	arnet_history_free(&j.h);
	/* Before the credit note: nothing touched either. */
	history_ok(f, &j, "I-1", "2026-02-09", 50);
	assert_int_equal(j.h.corrections.total, 0);
	arnet_history_free(&j.h);
}

int
main(void)
{
#define T(fn)                                                                  \
	cmocka_unit_test_setup_teardown(fn, customer_setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
	        T(test_refused),    T(test_no_invoices),
	        T(test_all_closed), T(test_reversed_payment),
	        T(test_limit_cut),  T(test_invoice_credit_note_spread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
