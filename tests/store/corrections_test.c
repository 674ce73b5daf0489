/*
 * corrections_test.c - tests of store/books/corrections.c and the
 * duplicate payment refusal: refused cases first (a void with a payment
 * applied, a write-off of more than is outstanding, a reversal of a
 * reversed payment, unknown ids, a credit note in another currency than
 * its invoice, a credit note number reused), then what each correction
 * does to what is owed as of dates before and after it, to the aging,
 * the late fee, the statement and the DSO.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_corrections.h"
#include "arnet_reports.h"
#include "books_fixture.h"
#include "txn_fixture.h"

#include <stdio.h>
#include <string.h>

#define CUST "local:A"

/* A correction's kind (arnet_corr_kind), or a payment added only once. */
enum op {
	OP_CREDIT = ARNET_CORR_CREDIT_NOTE,
	OP_VOID = ARNET_CORR_VOID,
	OP_WRITE_OFF = ARNET_CORR_WRITE_OFF,
	OP_REVERSE = ARNET_CORR_REVERSAL,
	OP_PAY_UNIQUE
};

typedef struct corr_job {
	int op;
	arnet_correction c;
	arnet_payment p;
	uint64_t held_upto, earlier;
	arnet_put_result res;
} corr_job;

TXN_FN(pay_unique_txn, corr_job,
       arnet_payment_add_unique(t, &j->p, NULL, j->held_upto, &j->earlier,
                                &j->res, d))

static int
run(fixture *f, corr_job *j, arnet_diag *d)
{
	if (j->op == OP_PAY_UNIQUE) {
		return arnet_store_write(f->s, pay_unique_txn, j, 0, d);
	}
	j->c.kind = (uint8_t)j->op;
	return run_correction(f, &j->c, &j->c, &j->res, d);
}

static int
credit_note(fixture *f, const char *number, const char *date, int64_t amount,
            const char *cur, const char *invoice, arnet_correction *out,
            arnet_diag *d)
{
	corr_job j = {.op = OP_CREDIT};
	make_credit_note(&j.c, CUST, number, date, amount, cur, invoice,
	                 "price agreed");
	int rv = run(f, &j, d);
	if (out != NULL) {
		*out = j.c;
	}
	return rv;
}

static int
correct(fixture *f, int op, const char *invoice, uint64_t payment,
        const char *date, int64_t amount, const char *reason, arnet_diag *d)
{
	corr_job j = {.op = op};
	snprintf(j.c.invoice, sizeof(j.c.invoice), "%s", invoice);
	snprintf(j.c.reason, sizeof(j.c.reason), "%s", reason);
	j.c.payment = payment;
	j.c.date = day(date);
	j.c.amount = amount;
	return run(f, &j, d);
}

/* A void of invoice on date for reason. */
static int
void_inv(fixture *f, const char *invoice, const char *date, const char *reason,
         arnet_diag *d)
{
	return correct(f, OP_VOID, invoice, 0, date, 0, reason, d);
}

/* A write-off of amount (0: what is outstanding) of invoice. */
static int
write_off(fixture *f, const char *invoice, const char *date, int64_t amount,
          const char *reason, arnet_diag *d)
{
	return correct(f, OP_WRITE_OFF, invoice, 0, date, amount, reason, d);
}

/* A reversal of payment on date. */
static int
reverse(fixture *f, uint64_t payment, const char *date, const char *reason,
        arnet_diag *d)
{
	return correct(f, OP_REVERSE, "", payment, date, 0, reason, d);
}

static int
pay_unique(fixture *f, const char *date, int64_t amount, const char *ref,
           uint64_t held_upto, uint64_t *earlier, arnet_diag *d)
{
	corr_job j = {.op = OP_PAY_UNIQUE, .held_upto = held_upto};
	make_payment(&j.p, CUST, date, amount, "");
	snprintf(j.p.reference, sizeof(j.p.reference), "%s", ref);
	int rv = run(f, &j, d);
	if (earlier != NULL) {
		*earlier = j.earlier;
	}
	return rv;
}

static int
setup(void **state)
{
	int rv = customer_setup(state);
	if (rv == 0) {
		fixture *f = *state;
		add_invoice_a(f, "I-1", "2026-01-01", "2026-01-31", 1000000);
		add_invoice_a(f, "I-2", "2026-02-01", "2026-03-03", 500000);
	}
	return rv;
}

/* --- refused --- */

static void
test_void_refused_with_payment(void **state)
{
	fixture *f = *state;
	arnet_payment p;
	arnet_diag d;
	pay(f, CUST, "2026-02-10", 300000, "I-1", &p);
	assert_int_equal(void_inv(f, "I-1", "2026-02-20", "wrong customer", &d),
	                 ARNET_ECONFLICT);
	assert_non_null(strstr(d.msg, "payment 1 is applied"));
	assert_non_null(strstr(d.msg, "reverse"));
	assert_int_equal(outstanding(f, "I-1", "2026-03-01"), 700000);
	/* Reversed first, the void goes through. */
	assert_int_equal(reverse(f, p.id, "2026-02-15", "bounced", &d),
	                 ARNET_OK);
	assert_int_equal(void_inv(f, "I-1", "2026-02-20", "wrong customer", &d),
	                 ARNET_OK);
	assert_int_equal(outstanding(f, "I-1", "2026-02-12"), 700000);
	assert_int_equal(outstanding(f, "I-1", "2026-02-16"), 1000000);
	assert_int_equal(outstanding(f, "I-1", "2026-02-20"), 0);
	/* A second void, or a write-off of a void invoice, is refused. */
	assert_int_equal(void_inv(f, "I-1", "2026-02-21", "again", &d),
	                 ARNET_ECONFLICT);
	assert_non_null(strstr(d.msg, "void since 2026-02-20"));
	assert_int_equal(write_off(f, "I-1", "2026-02-21", 0, "bad debt", &d),
	                 ARNET_ECONFLICT);
	/* Nor can a credit note name it. */
	assert_int_equal(credit_note(f, "CN-1", "2026-02-22", 100, "CNY", "I-1",
	                             NULL, &d),
	                 ARNET_ESYNTAX);
	assert_non_null(strstr(d.msg, "void"));
}

static void
test_write_off_refused(void **state)
{
	fixture *f = *state;
	arnet_diag d;
	pay(f, CUST, "2026-02-10", 300000, "I-1", NULL);
	assert_int_equal(
	        write_off(f, "I-1", "2026-03-01", 700001, "bad debt", &d),
	        ARNET_ERANGE);
	assert_non_null(strstr(d.msg, "700000 outstanding"));
	/* Before the issue date, or before an entry on the invoice. */
	assert_int_equal(write_off(f, "I-1", "2025-12-31", 0, "bad debt", &d),
	                 ARNET_ERANGE);
	assert_int_equal(write_off(f, "I-1", "2026-02-09", 0, "bad debt", &d),
	                 ARNET_ERANGE);
	assert_non_null(strstr(d.msg, "payment (1) dated 2026-02-10"));
	/* A reason is needed. */
	assert_int_equal(write_off(f, "I-1", "2026-03-01", 0, "", &d),
	                 ARNET_ESYNTAX);
	assert_int_equal(outstanding(f, "I-1", "2026-03-01"), 700000);
	/* All of it written off: nothing is left to write off. */
	assert_int_equal(write_off(f, "I-1", "2026-03-01", 0, "bad debt", &d),
	                 ARNET_OK);
	assert_int_equal(write_off(f, "I-1", "2026-03-02", 1, "bad debt", &d),
	                 ARNET_ERANGE);
}

static void
test_reverse_refused(void **state)
{
	fixture *f = *state;
	arnet_payment p;
	arnet_diag d;
	pay(f, CUST, "2026-02-10", 300000, "", &p);
	assert_int_equal(reverse(f, 99, "2026-02-15", "bounced", &d),
	                 ARNET_ENOTFOUND);
	assert_non_null(strstr(d.msg, "no payment 99"));
	assert_int_equal(reverse(f, p.id, "2026-02-09", "bounced", &d),
	                 ARNET_ERANGE);
	assert_int_equal(reverse(f, p.id, "2026-02-15", "bounced 承兑汇票", &d),
	                 ARNET_OK);
	assert_int_equal(reverse(f, p.id, "2026-02-16", "again", &d),
	                 ARNET_ECONFLICT);
	assert_non_null(strstr(d.msg, "reversed on 2026-02-15 already"));
}

static void
test_unknown_and_currency(void **state)
{
	fixture *f = *state;
	arnet_diag d;
	assert_int_equal(void_inv(f, "NOPE", "2026-02-20", "x", &d),
	                 ARNET_ENOTFOUND);
	assert_int_equal(write_off(f, "NOPE", "2026-02-20", 0, "x", &d),
	                 ARNET_ENOTFOUND);
	assert_int_equal(credit_note(f, "CN-1", "2026-02-20", 100, "CNY",
	                             "NOPE", NULL, &d),
	                 ARNET_ENOTFOUND);
	assert_int_equal(credit_note(f, "CN-1", "2026-02-20", 100, "USD", "I-1",
	                             NULL, &d),
	                 ARNET_ESYNTAX);
	assert_non_null(strstr(d.msg, "I-1 is in CNY, the credit note in USD"));
	assert_int_equal(
	        credit_note(f, "CN-1", "2026-02-20", 0, "CNY", "", NULL, &d),
	        ARNET_ERANGE);
	assert_int_equal(
	        credit_note(f, "", "2026-02-20", 100, "CNY", "", NULL, &d),
	        ARNET_ESYNTAX);
	/* Nothing of the refused ones was kept. */
	assert_int_equal(outstanding(f, "I-1", "2026-12-31"), 1000000);
}

static void
test_credit_note_number_reused(void **state)
{
	fixture *f = *state;
	arnet_correction c1, c2;
	arnet_diag d;
	assert_int_equal(credit_note(f, "CN-1", "2026-02-20", 100000, "CNY", "",
	                             &c1, &d),
	                 ARNET_OK);
	/* The same again (a file imported twice): nothing more. */
	assert_int_equal(credit_note(f, "CN-1", "2026-02-20", 100000, "CNY", "",
	                             &c2, &d),
	                 ARNET_OK);
	assert_int_equal(c2.id, c1.id);
	assert_int_equal(outstanding(f, "I-1", "2026-12-31"), 900000);
	assert_int_equal(credit_note(f, "CN-1", "2026-02-20", 100001, "CNY", "",
	                             NULL, &d),
	                 ARNET_ECONFLICT);
	assert_non_null(strstr(d.msg, "CN-1 already exists"));
}

static void
test_duplicate_payment(void **state)
{
	fixture *f = *state;
	uint64_t earlier = 0;
	arnet_diag d;
	assert_int_equal(pay_unique(f, "2026-02-10", 300000, "R-1", UINT64_MAX,
	                            &earlier, &d),
	                 ARNET_OK);
	assert_int_equal(earlier, 0);
	assert_int_equal(pay_unique(f, "2026-02-10", 300000, "R-1", UINT64_MAX,
	                            &earlier, &d),
	                 ARNET_EEXIST);
	assert_int_equal(earlier, 1);
	assert_non_null(strstr(d.msg, "repeats payment 1"));
	assert_int_equal(outstanding(f, "I-1", "2026-12-31"), 700000);
	/* Another reference, date or amount is another payment. */
	assert_int_equal(pay_unique(f, "2026-02-10", 300000, "R-2", UINT64_MAX,
	                            NULL, &d),
	                 ARNET_OK);
	assert_int_equal(pay_unique(f, "2026-02-11", 300000, "R-1", UINT64_MAX,
	                            NULL, &d),
	                 ARNET_OK);
	/* Allowed (held_upto 0), or held after the point an import started
	 * from (identical rows of one file): added. */
	assert_int_equal(
	        pay_unique(f, "2026-02-10", 300000, "R-1", 0, NULL, &d),
	        ARNET_OK);
	assert_int_equal(
	        pay_unique(f, "2026-02-11", 300000, "R-1", 2, NULL, &d),
	        ARNET_OK);
	/* A reversed payment paid again is not a repeat. */
	assert_int_equal(
	        pay_unique(f, "2026-02-12", 5000, "R-9", UINT64_MAX, NULL, &d),
	        ARNET_OK);
	assert_int_equal(reverse(f, 6, "2026-02-13", "bounced", &d), ARNET_OK);
	assert_int_equal(
	        pay_unique(f, "2026-02-12", 5000, "R-9", UINT64_MAX, NULL, &d),
	        ARNET_OK);
}

/* --- effects as of dates --- */

static void
test_credit_note_oldest_first(void **state)
{
	fixture *f = *state;
	arnet_correction c;
	arnet_diag d;
	/* 12,000.00 against 10,000.00 (I-1, due first) and 5,000.00 (I-2). */
	assert_int_equal(credit_note(f, "CN-1", "2026-02-15", 1200000, "CNY",
	                             "", &c, &d),
	                 ARNET_OK);
	assert_int_equal(c.unapplied, 0);
	assert_int_equal(outstanding(f, "I-1", "2026-02-14"), 1000000);
	assert_int_equal(outstanding(f, "I-1", "2026-02-15"), 0);
	assert_int_equal(outstanding(f, "I-2", "2026-02-15"), 300000);
	/* Named, more than is owed: the rest is unapplied credit. */
	assert_int_equal(credit_note(f, "CN-2", "2026-02-16", 400000, "CNY",
	                             "I-2", &c, &d),
	                 ARNET_OK);
	assert_int_equal(c.unapplied, 100000);
	assert_int_equal(outstanding(f, "I-2", "2026-02-16"), 0);
}

typedef struct report_job {
	arnet_ident id;
	int32_t as_of;
	arnet_aging a;
	arnet_late_fee lf;
	arnet_dso dso;
	arnet_statement st;
	int year, month;
} report_job;

static int
report_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	report_job *j = arg;
	int rv = arnet_aging_report(t, j->as_of, "CNY", NULL, NULL, &j->a, d);
	if (rv == ARNET_OK) {
		rv = arnet_late_fee_report(t, j->as_of, "CNY", NULL, 5, 10000,
		                           &j->lf, d);
	}
	if (rv == ARNET_OK) {
		rv = arnet_dso_build(t, j->as_of, 90, "CNY", &j->dso, d);
	}
	if (rv == ARNET_OK) {
		rv = arnet_statement_build(t, &j->id, j->year, j->month, "CNY",
		                           &j->st, d);
	}
	return rv;
}

static void
reports(fixture *f, const char *as_of, int year, int month, report_job *j)
{
	arnet_diag d;
	memset(j, 0, sizeof(*j));
	j->as_of = day(as_of);
	j->year = year;
	j->month = month;
	assert_int_equal(arnet_ident_parse(&j->id, CUST, NULL), ARNET_OK);
	if (arnet_store_read(f->s, report_txn, j, &d) != ARNET_OK) {
		fail_msg("reports: %s", d.msg);
	}
}

static void
reports_free(report_job *j)
{
	arnet_aging_free(&j->a);
	arnet_late_fee_free(&j->lf);
	arnet_statement_free(&j->st);
}

static int64_t
fee_of(const report_job *j, const char *number)
{
	for (size_t i = 0; i < j->lf.nrows; i++) {
		if (strcmp(j->lf.rows[i].number, number) == 0) {
			return j->lf.rows[i].fee;
		}
	}
	return 0;
}

static void
test_reversal_reopens_from_its_date(void **state)
{
	fixture *f = *state;
	arnet_payment p;
	arnet_diag d;
	report_job j;
	/* I-1 (10,000.00, due Jan 31) paid in full Feb 10, the acceptance
	 * bill bounces Feb 20. */
	pay(f, CUST, "2026-02-10", 1000000, "I-1", &p);
	assert_int_equal(reverse(f, p.id, "2026-02-20", "bounced 承兑汇票", &d),
	                 ARNET_OK);
	assert_int_equal(outstanding(f, "I-1", "2026-02-19"), 0);
	assert_int_equal(outstanding(f, "I-1", "2026-02-20"), 1000000);

	/* As of Feb 19 the books are as they were: paid. */
	reports(f, "2026-02-19", 2026, 2, &j);
	assert_int_equal(j.a.totals.bucket[1], 0);
	assert_int_equal(j.a.totals.total, 500000); /* I-2, current */
	/* Late fee: Feb 1..10 at 10,000.00 (the payment counts from Feb
	 * 11): 10 * 1,000,000 * 5 / 10000 = 5,000 fen. */
	assert_int_equal(fee_of(&j, "I-1"), 5000);
	reports_free(&j);

	/* As of Feb 28: owed again, 28 days past due; fee for Feb 1..10
	 * and Feb 21..28 = 18 days: 9,000 fen. */
	reports(f, "2026-02-28", 2026, 2, &j);
	assert_int_equal(j.a.totals.bucket[1], 1000000);
	assert_int_equal(j.a.totals.total, 1500000);
	assert_int_equal(fee_of(&j, "I-1"), 9000);
	assert_int_equal(j.dso.receivables, 1500000);
	/* The statement: I-2, the payment (a credit), the reversal (a
	 * debit, with its reason); closing = what the aging says. */
	assert_int_equal(j.st.opening, 1000000);
	assert_int_equal(j.st.n, 3);
	assert_int_equal(j.st.lines[1].kind, ARNET_STMT_PAYMENT);
	assert_int_equal(j.st.lines[1].credit, 1000000);
	assert_int_equal(j.st.lines[2].kind, ARNET_STMT_REVERSAL);
	assert_int_equal(j.st.lines[2].debit, 1000000);
	assert_string_equal(j.st.lines[2].doc, "payment 1");
	assert_string_equal(j.st.lines[2].reason, "bounced 承兑汇票");
	assert_int_equal(j.st.closing, j.a.totals.total);
	reports_free(&j);
}

static void
test_void_and_write_off_in_reports(void **state)
{
	fixture *f = *state;
	arnet_diag d;
	report_job j;
	assert_int_equal(void_inv(f, "I-2", "2026-02-20", "issued twice", &d),
	                 ARNET_OK);
	assert_int_equal(
	        write_off(f, "I-1", "2026-02-25", 400000, "settled at 60%", &d),
	        ARNET_OK);
	assert_int_equal(credit_note(f, "CN-7", "2026-02-26", 100000, "CNY",
	                             "I-1", NULL, &d),
	                 ARNET_OK);

	/* As of Feb 19 nothing has happened yet. */
	reports(f, "2026-02-19", 2026, 2, &j);
	assert_int_equal(j.a.totals.total, 1500000);
	reports_free(&j);

	/* As of Feb 28: I-2 void, I-1 10,000 - 4,000 - 1,000 = 5,000.00.
	 * Fee on I-1: Feb 1..25 at 10,000.00 (25 days), Feb 26 at
	 * 6,000.00, Feb 27..28 at 5,000.00: (25 * 1,000,000 + 600,000 + 2
	 * * 500,000) * 5 / 10000 = 13,300 fen. */
	reports(f, "2026-02-28", 2026, 2, &j);
	assert_int_equal(j.a.totals.total, 500000);
	assert_int_equal(j.a.totals.bucket[1], 500000);
	assert_int_equal(fee_of(&j, "I-1"), 13300);
	assert_int_equal(fee_of(&j, "I-2"), 0);
	assert_int_equal(j.dso.receivables, 500000);
	/* Statement of February: I-2, the void, the write-off, the credit
	 * note, each with its reason, balances running to the aging's. */
	assert_int_equal(j.st.n, 4);
	assert_int_equal(j.st.lines[1].kind, ARNET_STMT_VOID);
	assert_string_equal(j.st.lines[1].doc, "I-2");
	assert_int_equal(j.st.lines[1].credit, 500000);
	assert_string_equal(j.st.lines[1].reason, "issued twice");
	assert_int_equal(j.st.lines[2].kind, ARNET_STMT_WRITE_OFF);
	assert_int_equal(j.st.lines[2].credit, 400000);
	assert_int_equal(j.st.lines[3].kind, ARNET_STMT_CREDIT_NOTE);
	assert_string_equal(j.st.lines[3].doc, "CN-7");
	assert_int_equal(j.st.closing, 500000);
	assert_int_equal(j.st.overdue, 500000);
	reports_free(&j);

	/* March's statement starts from that balance. */
	reports(f, "2026-03-31", 2026, 3, &j);
	assert_int_equal(j.st.opening, 500000);
	assert_int_equal(j.st.n, 0);
	reports_free(&j);
}

typedef struct scan_job {
	int kinds[8];
	size_t n;
} scan_job;

static int
scan_one(const arnet_correction *c, void *arg)
{
	scan_job *j = arg;
	if (j->n < 8) {
		j->kinds[j->n++] = c->kind;
	}
	return 0;
}

static int
count_pay(const arnet_payment *p, void *arg)
{
	size_t *n = arg;
	(void)p;
	(*n)++;
	return 0;
}

typedef struct both_job {
	arnet_ident id;
	scan_job s;
	size_t npay;
	arnet_payment p;
} both_job;

static int
scan_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	both_job *j = arg;
	int rv = arnet_correction_scan(t, &j->id, scan_one, &j->s, d);
	if (rv == ARNET_OK) {
		rv = arnet_payment_scan(t, &j->id, count_pay, &j->npay, d);
	}
	if (rv == ARNET_OK) {
		rv = arnet_payment_get(t, 1, &j->p, d);
	}
	return rv;
}

static void
test_scans_keep_kinds_apart(void **state)
{
	fixture *f = *state;
	arnet_payment p;
	arnet_diag d;
	both_job j = {0};
	assert_int_equal(arnet_ident_parse(&j.id, CUST, NULL), ARNET_OK);
	pay(f, CUST, "2026-02-10", 100, "I-1", &p);
	assert_int_equal(
	        credit_note(f, "CN-1", "2026-02-11", 100, "CNY", "", NULL, &d),
	        ARNET_OK);
	assert_int_equal(reverse(f, p.id, "2026-02-12", "returned", &d),
	                 ARNET_OK);
	assert_int_equal(write_off(f, "I-2", "2026-02-13", 0, "lost", &d),
	                 ARNET_OK);
	assert_int_equal(arnet_store_read(f->s, scan_txn, &j, &d), ARNET_OK);
	/* Kind by kind, payments not among them. */
	assert_int_equal(j.s.n, 3);
	assert_int_equal(j.s.kinds[0], ARNET_CORR_CREDIT_NOTE);
	assert_int_equal(j.s.kinds[1], ARNET_CORR_WRITE_OFF);
	assert_int_equal(j.s.kinds[2], ARNET_CORR_REVERSAL);
	assert_int_equal(j.npay, 1);
	/* The reversed payment reads back with its reversal. */
	assert_int_equal(j.p.reversed, day("2026-02-12"));
	assert_true(j.p.reversal != 0);
	assert_int_equal(arnet_payment_credit(&j.p, day("2026-02-11")),
	                 j.p.unapplied);
	assert_int_equal(arnet_payment_credit(&j.p, day("2026-02-12")), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)
	        T(test_void_refused_with_payment),
	        T(test_write_off_refused),
	        T(test_reverse_refused),
	        T(test_unknown_and_currency),
	        T(test_credit_note_number_reused),
	        T(test_duplicate_payment),
	        T(test_credit_note_oldest_first),
	        T(test_reversal_reopens_from_its_date),
	        T(test_void_and_write_off_in_reports),
	        T(test_scans_keep_kinds_apart),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
