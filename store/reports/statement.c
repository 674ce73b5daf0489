/*
 * statement.c - the monthly reconciliation statement of one customer.
 *
 * The practice is to send each customer, every month, a statement of
 * order numbers, delivery dates and amounts to confirm within three
 * working days, so that a dispute about paperwork cannot delay payment.
 * Balances here are what the customer owes: invoices less payments
 * received, however the payments were applied, so the statement agrees
 * with the customer's own ledger. Corrections are lines of their own on
 * their dates, never an edit of an earlier line: a credit note, a void or
 * a write-off is a credit, a payment reversal a debit.
 */
#include "arnet_corrections.h"
#include "arnet_date.h"
#include "arnet_grow.h"
#include "arnet_money.h"
#include "arnet_reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct stmt_run {
	arnet_statement *s;
	size_t cap;
	int overflow, oom;
};

static void
add(int64_t *sum, int64_t v, struct stmt_run *r)
{
	if (arnet_money_add(sum, *sum, v) != ARNET_OK) {
		r->overflow = 1;
	}
}

static arnet_statement_line *
new_line(struct stmt_run *r)
{
	arnet_statement *s = r->s;
	if (ARNET_GROW(&s->lines, s->n, &r->cap, 32) != ARNET_OK) {
		r->oom = 1;
		return NULL;
	}
	arnet_statement_line *l = &s->lines[s->n++];
	memset(l, 0, sizeof(*l));
	return l;
}

static int
stmt_position(const arnet_position *p, void *arg)
{
	struct stmt_run *r = arg;
	arnet_statement *s = r->s;
	const arnet_invoice *inv = p->inv;
	if (inv->issued > s->to) {
		return 0;
	}
	if (p->days_past_due > 0) { /* past due at the month's end */
		add(&s->overdue, p->outstanding, r);
	}
	if (inv->issued < s->from) {
		add(&s->opening, inv->amount, r);
		return 0;
	}
	arnet_statement_line *l = new_line(r);
	if (l == NULL) {
		return ARNET_ENOMEM;
	}
	l->date = inv->issued;
	memcpy(l->doc, inv->number, sizeof(l->doc));
	memcpy(l->ref, inv->order_ref, sizeof(l->ref));
	l->due = inv->due;
	l->debit = inv->amount;
	add(&s->invoiced, inv->amount, r);
	return 0;
}

static int
stmt_payment(const arnet_payment *p, void *arg)
{
	struct stmt_run *r = arg;
	arnet_statement *s = r->s;
	if (strcmp(p->currency, s->currency) != 0 || p->date > s->to) {
		return 0;
	}
	if (p->date < s->from) {
		add(&s->opening, -p->amount, r);
		return 0;
	}
	arnet_statement_line *l = new_line(r);
	if (l == NULL) {
		return ARNET_ENOMEM;
	}
	l->date = p->date;
	l->kind = ARNET_STMT_PAYMENT;
	snprintf(l->doc, sizeof(l->doc), "payment %llu",
	         (unsigned long long)p->id);
	memcpy(l->ref, p->reference, sizeof(l->ref));
	l->credit = p->amount;
	add(&s->paid, p->amount, r);
	return 0;
}

static int
stmt_correction(const arnet_correction *c, void *arg)
{
	static const uint8_t kinds[] = {
	        [ARNET_CORR_CREDIT_NOTE] = ARNET_STMT_CREDIT_NOTE,
	        [ARNET_CORR_WRITE_OFF] = ARNET_STMT_WRITE_OFF,
	        [ARNET_CORR_VOID] = ARNET_STMT_VOID,
	        [ARNET_CORR_REVERSAL] = ARNET_STMT_REVERSAL,
	};
	struct stmt_run *r = arg;
	arnet_statement *s = r->s;
	int debit = c->kind == ARNET_CORR_REVERSAL;
	if (strcmp(c->currency, s->currency) != 0 || c->date > s->to ||
	    c->kind < ARNET_CORR_CREDIT_NOTE || c->kind > ARNET_CORR_REVERSAL) {
		return 0;
	}
	if (c->date < s->from) {
		add(&s->opening, debit ? c->amount : -c->amount, r);
		return 0;
	}
	arnet_statement_line *l = new_line(r);
	if (l == NULL) {
		return ARNET_ENOMEM;
	}
	l->date = c->date;
	l->kind = kinds[c->kind];
	if (c->kind == ARNET_CORR_CREDIT_NOTE) {
		memcpy(l->doc, c->number, sizeof(l->doc));
	} else if (debit) {
		snprintf(l->doc, sizeof(l->doc), "payment %llu",
		         (unsigned long long)c->payment);
	} else {
		memcpy(l->doc, c->invoice, sizeof(l->doc));
	}
	memcpy(l->reason, c->reason, sizeof(l->reason));
	if (debit) {
		l->debit = c->amount;
		add(&s->invoiced, c->amount, r);
	} else {
		l->credit = c->amount;
		add(&s->paid, c->amount, r);
	}
	return 0;
}

/* By date; on one day invoices first, then payments, then corrections. */
static int
by_date(const void *x, const void *y)
{
	const arnet_statement_line *a = x, *b = y;
	if (a->date != b->date) {
		return a->date < b->date ? -1 : 1;
	}
	if (a->kind != b->kind) {
		return a->kind - b->kind;
	}
	return strcmp(a->doc, b->doc);
}

int
arnet_statement_build(arnet_txn *t, const arnet_ident *id, int year, int month,
                      const char *currency, arnet_statement *out, arnet_diag *d)
{
	int32_t from, next;
	memset(out, 0, sizeof(*out));
	if (arnet_date_from_ymd(&from, year, month, 1) != ARNET_OK ||
	    arnet_date_from_ymd(&next, month == 12 ? year + 1 : year,
	                        month == 12 ? 1 : month + 1, 1) != ARNET_OK) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "month %04d-%02d is out of range", year,
		                      month);
	}
	return arnet_statement_range(t, id, from, next - 1, currency, out, d);
}

int
arnet_statement_range(arnet_txn *t, const arnet_ident *id, int32_t from,
                      int32_t to, const char *currency, arnet_statement *out,
                      arnet_diag *d)
{
	struct stmt_run r = {.s = out};
	arnet_position_visitor v = {
	        0, out->currency, 0, stmt_position, {.arg = &r}};
	int rv;

	memset(out, 0, sizeof(*out));
	if (from > to) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "the period starts after it ends");
	}
	out->from = from;
	out->to = to;
	v.as_of = out->to;
	snprintf(out->currency, sizeof(out->currency), "%s", currency);
	if ((rv = arnet_customer_get(t, id, &out->c, d)) != 0 ||
	    (rv = arnet_position_scan(t, id, &v, d)) != 0 ||
	    (rv = arnet_payment_scan(t, id, stmt_payment, &r, d)) != 0 ||
	    (rv = arnet_correction_scan(t, id, stmt_correction, &r, d)) != 0) {
		arnet_statement_free(out);
		return rv == ARNET_ENOMEM
		               ? arnet_diag_set(d, rv, "out of memory")
		               : rv;
	}
	if (out->n > 1) {
		qsort(out->lines, out->n, sizeof(*out->lines), by_date);
	}
	int64_t bal = out->opening;
	for (size_t i = 0; i < out->n; i++) {
		add(&bal, out->lines[i].debit - out->lines[i].credit, &r);
		out->lines[i].balance = bal;
	}
	out->closing = bal;
	if (r.overflow) {
		arnet_statement_free(out);
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "statement: a balance overflows");
	}
	return ARNET_OK;
}

void
arnet_statement_free(arnet_statement *s)
{
	arnet_grow_free(&s->lines, &s->n);
}
