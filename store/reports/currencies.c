/*
 * currencies.c - which currencies the books hold as of a date: the
 * sections of every report that shows each currency apart (a report
 * never adds amounts of two currencies, so each gets its own table and
 * totals).
 *
 * One walk over the ledger and each customer's payments and credit
 * notes. A report of several currencies then runs once per currency;
 * the books of a firm hold a handful of currencies, so that costs a few
 * more scans, never one per customer.
 */
#include "arnet_corrections.h"
#include "arnet_reports.h"

#include <stdlib.h>
#include <string.h>

struct cur_run {
	arnet_txn *t;
	int32_t as_of;
	arnet_currencies *out;
	arnet_diag *d;
};

static int
note(struct cur_run *r, const char *cur)
{
	arnet_currencies *o = r->out;
	for (size_t i = 0; i < o->n; i++) {
		if (strcmp(o->v[i], cur) == 0) {
			return 0;
		}
	}
	if (o->n == ARNET_REPORT_CURRENCIES_MAX) {
		return arnet_diag_set(r->d, ARNET_ETOOBIG,
		                      "the books hold more than %d currencies: "
		                      "name one with --currency",
		                      ARNET_REPORT_CURRENCIES_MAX);
	}
	memcpy(o->v[o->n++], cur, 4);
	return 0;
}

static int
cur_invoice(const arnet_customer *c, const arnet_invoice *inv,
            const arnet_alloc *allocs, size_t n, void *arg)
{
	struct cur_run *r = arg;
	(void)c;
	(void)allocs;
	(void)n;
	return inv->issued <= r->as_of ? note(r, inv->currency) : 0;
}

static int
cur_payment(const arnet_payment *p, void *arg)
{
	struct cur_run *r = arg;
	return p->date <= r->as_of ? note(r, p->currency) : 0;
}

/* A credit note's currency is held too: its unapplied credit is shown in
 * that currency's section even when no invoice or payment is in it.
 * Credit notes come first among the corrections: stop after them. */
static int
cur_credit_note(const arnet_correction *c, void *arg)
{
	struct cur_run *r = arg;
	if (c->kind != ARNET_CORR_CREDIT_NOTE) {
		return 1;
	}
	return c->date <= r->as_of ? note(r, c->currency) : 0;
}

static int
cur_customer_end(const arnet_customer *c, void *arg)
{
	struct cur_run *r = arg;
	int rv = arnet_payment_scan(r->t, &c->id, cur_payment, r, r->d);
	return rv != ARNET_OK ? rv
	                      : arnet_correction_scan(r->t, &c->id,
	                                              cur_credit_note, r, r->d);
}

static int
by_code(const void *a, const void *b)
{
	return strcmp(a, b);
}

int
arnet_report_currencies(arnet_txn *t, int32_t as_of,
                        const arnet_ident *customer, const char *first,
                        arnet_currencies *out, arnet_diag *d)
{
	struct cur_run r = {t, as_of, out, d};
	arnet_ledger_visitor v = {NULL, cur_invoice, cur_customer_end, &r};
	memset(out, 0, sizeof(*out));
	int rv = arnet_ledger_scan(t, customer, &v, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	qsort(out->v, out->n, sizeof(out->v[0]), by_code);
	for (size_t i = 0; i < out->n; i++) {
		if (strcmp(out->v[i], first) == 0) {
			memmove(out->v[1], out->v[0], i * sizeof(out->v[0]));
			memcpy(out->v[0], first, 4);
			return ARNET_OK;
		}
	}
	if (out->n == 0) {
		memcpy(out->v[0], first, 4);
		out->n = 1;
	}
	return ARNET_OK;
}
