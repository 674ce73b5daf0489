/*
 * statement_range_test.c - tests of arnet_statement_range
 * (store/reports/statement.c), the statement over any days from..to:
 * refused first (a period that starts after it ends, an unknown
 * customer), then a period of one day, the opening balance from what is
 * dated before the period, a period across a month's and a year's end
 * that continues the one before it, and corrections (credit note, void,
 * write-off, payment reversal) dated before and in the period.
 *
 * The books (customer local:A, terms 30, CNY unless said):
 *   I-1  issued 2025-12-10  10,000.00
 *   I-2  issued 2025-12-28   5,000.00
 *   I-3  issued 2026-01-05   2,000.00
 *   I-4  issued 2026-01-05     300.00
 *   I-5  issued 2026-02-02   1,000.00
 *   U-1  issued 2026-01-05   USD 70.00 (another currency: never here)
 *   payment 2025-12-20  4,000.00 to I-1
 *   payment 2026-01-05  2,500.00 to I-2
 *   payment 2026-01-31    500.00 oldest first
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

static int
setup(void **state)
{
	int rv = customer_setup(state);
	if (rv != 0) {
		return rv;
	}
	fixture *f = *state;
	add_invoice_a(f, "I-1", "2025-12-10", "2026-01-09", 1000000);
	add_invoice_a(f, "I-2", "2025-12-28", "2026-01-27", 500000);
	add_invoice_a(f, "I-3", "2026-01-05", "2026-02-04", 200000);
	add_invoice_a(f, "I-4", "2026-01-05", "2026-02-04", 30000);
	add_invoice_a(f, "I-5", "2026-02-02", "2026-03-04", 100000);
	add_invoice(f, "U-1", CUST, "2026-01-05", "2026-02-04", 7000, "USD");
	pay(f, CUST, "2025-12-20", 400000, "I-1", NULL);
	pay(f, CUST, "2026-01-05", 250000, "I-2", NULL);
	pay(f, CUST, "2026-01-31", 50000, "", NULL);
	return 0;
}

/* The statement of `id` (default CUST) for from..to in `cur` (default
 * CNY), or with `month` set of that month of 2026 through
 * arnet_statement_build. */
typedef struct range_job {
	const char *id;
	arnet_ident ident; /* id, parsed */
	int32_t from, to;
	const char *cur;
	int month;
	arnet_statement s;
} range_job;

TXN_FN(range_txn, range_job,
       j->month != 0 ? arnet_statement_build(t, &j->ident, 2026, j->month,
                                             j->cur, &j->s, d)
                     : arnet_statement_range(t, &j->ident, j->from, j->to,
                                             j->cur, &j->s, d))

static int
range(fixture *f, const char *from, const char *to, range_job *j, arnet_diag *d)
{
	if (j->id == NULL) {
		j->id = CUST;
	}
	if (j->cur == NULL) {
		j->cur = "CNY";
	}
	j->from = day(from);
	j->to = day(to);
	int rv = arnet_ident_parse(&j->ident, j->id, d);
	return rv != ARNET_OK ? rv : arnet_store_read(f->s, range_txn, j, d);
}

/* The statement's arithmetic holds: every running balance is the one
 * before it plus the line's debit less its credit, the sums of the debits
 * and credits are `invoiced` and `paid`, and closing is opening plus
 * invoiced less paid. Lines are by date, inside the period. */
static void
assert_consistent(const arnet_statement *s)
{
	int64_t bal = s->opening, debits = 0, credits = 0;
	for (size_t i = 0; i < s->n; i++) {
		const arnet_statement_line *l = &s->lines[i];
		assert_true(l->date >= s->from && l->date <= s->to);
		if (i > 0) {
			assert_true(l->date >= s->lines[i - 1].date);
		}
		bal += l->debit - l->credit;
		debits += l->debit;
		credits += l->credit;
		assert_int_equal(l->balance, bal);
	}
	assert_int_equal(s->invoiced, debits);
	assert_int_equal(s->paid, credits);
	assert_int_equal(s->closing, bal);
	assert_int_equal(s->closing, s->opening + s->invoiced - s->paid);
}

/* The line of document `doc`, or NULL. */
static const arnet_statement_line *
line_of(const arnet_statement *s, const char *doc)
{
	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->lines[i].doc, doc) == 0) {
			return &s->lines[i];
		}
	}
	return NULL;
}

/* --- refused --- */

static void
test_from_after_to_refused(void **state)
{
	fixture *f = *state;
	range_job j = {0};
	arnet_diag d;
	assert_int_equal(range(f, "2026-01-06", "2026-01-05", &j, &d),
	                 ARNET_ERANGE);
	assert_non_null(strstr(d.msg, "starts after it ends"));
	/* Nothing is left for the caller to free. */
	assert_int_equal(j.s.n, 0);
	assert_null(j.s.lines);
}

static void
test_unknown_customer_refused(void **state)
{
	fixture *f = *state;
	range_job j = {.id = "local:NOBODY"};
	arnet_diag d;
	assert_int_equal(range(f, "2026-01-01", "2026-01-31", &j, &d),
	                 ARNET_ENOTFOUND);
	assert_int_equal(j.s.n, 0);
	assert_null(j.s.lines);
}

/* --- the period --- */

static void
test_one_day(void **state)
{
	fixture *f = *state;
	range_job j = {0};
	assert_int_equal(range(f, "2026-01-05", "2026-01-05", &j, NULL),
	                 ARNET_OK);
	assert_int_equal(j.s.from, day("2026-01-05"));
	assert_int_equal(j.s.to, day("2026-01-05"));
	/* Before it: I-1, I-2 less the payment of Dec 20. */
	assert_int_equal(j.s.opening, 1000000 + 500000 - 400000);
	/* That day: the two invoices (by number), then the payment; U-1 is
	 * in another currency, I-5 and the payment of Jan 31 come later. */
	assert_int_equal(j.s.n, 3);
	assert_string_equal(j.s.lines[0].doc, "I-3");
	assert_int_equal(j.s.lines[0].kind, ARNET_STMT_INVOICE);
	assert_int_equal(j.s.lines[0].due, day("2026-02-04"));
	assert_string_equal(j.s.lines[1].doc, "I-4");
	assert_int_equal(j.s.lines[2].kind, ARNET_STMT_PAYMENT);
	assert_int_equal(j.s.lines[2].credit, 250000);
	assert_int_equal(j.s.invoiced, 230000);
	assert_int_equal(j.s.paid, 250000);
	assert_int_equal(j.s.closing, 1100000 + 230000 - 250000);
	/* Past due at the day's end: I-1 (due Jan 9) is not yet. */
	assert_int_equal(j.s.overdue, 0);
	assert_consistent(&j.s);
	arnet_statement_free(&j.s);

	/* A day with nothing on it: no lines, closing = opening. */
	range_job k = {0};
	assert_int_equal(range(f, "2026-01-06", "2026-01-06", &k, NULL),
	                 ARNET_OK);
	assert_int_equal(k.s.n, 0);
	assert_int_equal(k.s.opening, 1080000);
	assert_int_equal(k.s.closing, 1080000);
	arnet_statement_free(&k.s);

	/* I-1 is due on Jan 9: not past due that day, past due the next. */
	range_job due = {0}, after = {0};
	assert_int_equal(range(f, "2026-01-09", "2026-01-09", &due, NULL),
	                 ARNET_OK);
	assert_int_equal(due.s.overdue, 0);
	assert_int_equal(range(f, "2026-01-10", "2026-01-10", &after, NULL),
	                 ARNET_OK);
	assert_int_equal(after.s.overdue, 600000);
	arnet_statement_free(&due.s);
	arnet_statement_free(&after.s);
}

static void
test_opening_from_before(void **state)
{
	fixture *f = *state;
	range_job j = {0};
	/* Everything before Feb 1: 10,000 + 5,000 + 2,000 + 300 invoiced,
	 * 4,000 + 2,500 + 500 paid, whatever they were applied to. */
	assert_int_equal(range(f, "2026-02-01", "2026-02-28", &j, NULL),
	                 ARNET_OK);
	assert_int_equal(j.s.opening, 1730000 - 700000);
	assert_int_equal(j.s.n, 1);
	assert_string_equal(j.s.lines[0].doc, "I-5");
	assert_int_equal(j.s.closing, 1030000 + 100000);
	/* Past due on Feb 28: what is open of I-1 (6,000 less the 500 paid
	 * oldest first), I-2, I-3 and I-4; not I-5 (due Mar 4). */
	assert_int_equal(j.s.overdue, 550000 + 250000 + 200000 + 30000);
	assert_consistent(&j.s);
	arnet_statement_free(&j.s);

	/* The month through arnet_statement_build is the same period. */
	range_job m = {.month = 2};
	assert_int_equal(range(f, "2026-02-01", "2026-02-28", &m, NULL),
	                 ARNET_OK);
	assert_int_equal(m.s.from, day("2026-02-01"));
	assert_int_equal(m.s.to, day("2026-02-28"));
	assert_int_equal(m.s.opening, 1030000);
	assert_int_equal(m.s.n, 1);
	assert_int_equal(m.s.closing, 1130000);
	arnet_statement_free(&m.s);

	/* In USD: U-1 alone, nothing before. */
	range_job u = {.cur = "USD"};
	assert_int_equal(range(f, "2026-01-01", "2026-01-31", &u, NULL),
	                 ARNET_OK);
	assert_int_equal(u.s.opening, 0);
	assert_int_equal(u.s.n, 1);
	assert_string_equal(u.s.lines[0].doc, "U-1");
	assert_int_equal(u.s.closing, 7000);
	arnet_statement_free(&u.s);
}

static void
test_across_months(void **state)
{
	fixture *f = *state;
	range_job a = {0}, b = {0}, whole = {0};
	/* Across the year's end and into January. */
	assert_int_equal(range(f, "2025-12-15", "2026-01-10", &a, NULL),
	                 ARNET_OK);
	assert_int_equal(a.s.opening, 1000000);
	assert_int_equal(a.s.n, 5);
	assert_int_equal(a.s.lines[0].date, day("2025-12-20")); /* payment */
	assert_string_equal(a.s.lines[1].doc, "I-2");
	assert_int_equal(a.s.lines[2].date, day("2026-01-05"));
	assert_int_equal(a.s.lines[4].kind, ARNET_STMT_PAYMENT);
	/* I-1 was due Jan 9: 6,000.00 of it past due on Jan 10. */
	assert_int_equal(a.s.overdue, 600000);
	assert_consistent(&a.s);

	/* The next period opens with what this one closes with. */
	assert_int_equal(range(f, "2026-01-11", "2026-02-10", &b, NULL),
	                 ARNET_OK);
	assert_int_equal(b.s.opening, a.s.closing);
	assert_int_equal(b.s.n, 2); /* the payment of Jan 31, I-5 */
	assert_int_equal(b.s.lines[0].kind, ARNET_STMT_PAYMENT);
	assert_string_equal(b.s.lines[1].doc, "I-5");
	assert_consistent(&b.s);

	/* And the two together are the whole: same lines, same closing. */
	assert_int_equal(range(f, "2025-12-15", "2026-02-10", &whole, NULL),
	                 ARNET_OK);
	assert_int_equal(whole.s.opening, a.s.opening);
	assert_int_equal(whole.s.n, a.s.n + b.s.n);
	assert_int_equal(whole.s.closing, b.s.closing);
	assert_int_equal(whole.s.invoiced, a.s.invoiced + b.s.invoiced);
	assert_int_equal(whole.s.paid, a.s.paid + b.s.paid);
	assert_consistent(&whole.s);
	arnet_statement_free(&a.s);
	arnet_statement_free(&b.s);
	arnet_statement_free(&whole.s);
}

/* --- corrections --- */

/* One correction (kind 'c' credit note, 'v' void, 'w' write-off, 'r'
 * reversal of payment `payment`) of `amount` on `invoice` at `date`. */
typedef struct fix_job {
	char kind;
	const char *invoice, *date, *number;
	int64_t amount;
	uint64_t payment;
} fix_job;

/* The kinds fix_job names, as the store's. */
static uint8_t
fix_kind(char kind)
{
	switch (kind) {
	case 'r':
		return ARNET_CORR_REVERSAL;
	case 'v':
		return ARNET_CORR_VOID;
	case 'w':
		return ARNET_CORR_WRITE_OFF;
	default:
		return ARNET_CORR_CREDIT_NOTE;
	}
}

static void
fix(fixture *f, fix_job x)
{
	/* The reason each kind is written with in the books. */
	static const char *const reason[] = {
	        [ARNET_CORR_CREDIT_NOTE] = "红字",
	        [ARNET_CORR_WRITE_OFF] = "坏账",
	        [ARNET_CORR_VOID] = "开错",
	        [ARNET_CORR_REVERSAL] = "退票",
	};
	arnet_correction c = {.kind = fix_kind(x.kind)};
	arnet_put_result res;
	arnet_diag d;
	assert_int_equal(arnet_ident_parse(&c.customer, CUST, NULL), ARNET_OK);
	snprintf(c.number, sizeof(c.number), "%s",
	         x.number != NULL ? x.number : "");
	snprintf(c.invoice, sizeof(c.invoice), "%s",
	         x.invoice != NULL ? x.invoice : "");
	snprintf(c.currency, sizeof(c.currency), "CNY");
	snprintf(c.reason, sizeof(c.reason), "%s", reason[c.kind]);
	c.date = day(x.date);
	c.amount = x.amount;
	c.payment = x.payment;
	if (run_correction(f, &c, NULL, &res, &d) != ARNET_OK) {
		fail_msg("correction %c: %s", x.kind, d.msg);
	}
}

static void
test_corrections_before_and_in(void **state)
{
	fixture *f = *state;
	arnet_payment p;
	/* Before the period (Feb): a credit note on I-3 in January, the
	 * payment of Jan 31 reversed on Jan 31 too. */
	fix(f, (fix_job){.kind = 'c',
	                 .invoice = "I-3",
	                 .date = "2026-01-20",
	                 .number = "CN-1",
	                 .amount = 20000});
	pay(f, CUST, "2026-01-25", 10000, "I-3", &p);
	fix(f, (fix_job){.kind = 'r', .date = "2026-01-28", .payment = p.id});
	/* In it: a credit note on its first day, I-4 void, 1,000.00 of I-2
	 * written off, a credit note on I-5, and a payment reversed. */
	fix(f, (fix_job){.kind = 'c',
	                 .invoice = "I-1",
	                 .date = "2026-02-01",
	                 .number = "CN-0",
	                 .amount = 1000});
	pay(f, CUST, "2026-02-03", 30000, "I-1", &p);
	fix(f, (fix_job){.kind = 'v', .invoice = "I-4", .date = "2026-02-05"});
	fix(f, (fix_job){.kind = 'w',
	                 .invoice = "I-2",
	                 .date = "2026-02-10",
	                 .amount = 100000});
	fix(f, (fix_job){.kind = 'c',
	                 .invoice = "I-5",
	                 .date = "2026-02-12",
	                 .number = "CN-2",
	                 .amount = 5000});
	fix(f, (fix_job){.kind = 'r', .date = "2026-02-14", .payment = p.id});
	/* After it: nothing of this counts. */
	fix(f, (fix_job){.kind = 'w',
	                 .invoice = "I-3",
	                 .date = "2026-03-02",
	                 .amount = 1000});

	range_job j = {0};
	assert_int_equal(range(f, "2026-02-01", "2026-02-28", &j, NULL),
	                 ARNET_OK);
	/* The opening: the books before Feb 1 (1,030,000 as without the
	 * corrections) less the credit note; the payment of Jan 25 and its
	 * reversal cancel out. */
	assert_int_equal(j.s.opening, 1030000 - 20000);

	const arnet_statement_line *l;
	assert_non_null(l = line_of(&j.s, "I-4"));
	assert_int_equal(l->kind, ARNET_STMT_VOID);
	assert_int_equal(l->date, day("2026-02-05"));
	assert_int_equal(l->credit, 30000);
	assert_string_equal(l->reason, "开错");
	assert_non_null(l = line_of(&j.s, "I-2"));
	assert_int_equal(l->kind, ARNET_STMT_WRITE_OFF);
	assert_int_equal(l->credit, 100000);
	assert_string_equal(l->reason, "坏账");
	assert_non_null(l = line_of(&j.s, "CN-2"));
	assert_int_equal(l->kind, ARNET_STMT_CREDIT_NOTE);
	assert_int_equal(l->credit, 5000);
	/* The reversal is a debit named after its payment, after the
	 * payment's own line. */
	char doc[40];
	snprintf(doc, sizeof(doc), "payment %llu", (unsigned long long)p.id);
	size_t paid_at = j.s.n, reversed_at = j.s.n;
	for (size_t i = 0; i < j.s.n; i++) {
		if (strcmp(j.s.lines[i].doc, doc) != 0) {
			continue;
		}
		if (j.s.lines[i].kind == ARNET_STMT_PAYMENT) {
			paid_at = i;
			assert_int_equal(j.s.lines[i].credit, 30000);
		} else {
			reversed_at = i;
			assert_int_equal(j.s.lines[i].kind,
			                 ARNET_STMT_REVERSAL);
			assert_int_equal(j.s.lines[i].debit, 30000);
			assert_string_equal(j.s.lines[i].reason, "退票");
		}
	}
	assert_true(paid_at < reversed_at && reversed_at < j.s.n);
	/* CN-0, I-5, the payment, the void, the write-off, CN-2, the
	 * reversal; not the write-off of March. */
	assert_int_equal(j.s.n, 7);
	assert_int_equal(j.s.lines[0].date, day("2026-02-01"));
	assert_string_equal(j.s.lines[0].doc, "CN-0");
	assert_int_equal(j.s.invoiced, 100000 + 30000);
	assert_int_equal(j.s.paid, 1000 + 30000 + 30000 + 100000 + 5000);
	assert_consistent(&j.s);
	arnet_statement_free(&j.s);

	/* A period that ends the day before the void still has I-4 open. */
	range_job k = {0};
	assert_int_equal(range(f, "2026-02-01", "2026-02-04", &k, NULL),
	                 ARNET_OK);
	assert_null(line_of(&k.s, "I-4"));
	assert_int_equal(k.s.n, 3);
	assert_int_equal(k.s.closing, 1010000 - 1000 + 100000 - 30000);
	assert_consistent(&k.s);
	arnet_statement_free(&k.s);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
	        T(test_from_after_to_refused),
	        T(test_unknown_customer_refused),
	        T(test_one_day),
	        T(test_opening_from_before),
	        T(test_across_months),
	        T(test_corrections_before_and_in),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
