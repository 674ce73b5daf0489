/*
 * aging.c - the aging report: outstanding receivables by days past due.
 *
 * One pass over the books (arnet_position_scan: the open invoices in the
 * currency with what is owed on each as of the date, read with
 * sequential cursors), summing per customer.
 */
#include "arnet_grow.h"
#include "arnet_money.h"
#include "arnet_reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const arnet_aging_bucket_names[ARNET_AGING_BUCKETS] = {
        "current", "1-30", "31-60", "61-90", "90+",
};

int
arnet_aging_bucket(int32_t dpd)
{
	return dpd <= 0 ? 0 : dpd <= 30 ? 1 : dpd <= 60 ? 2 : dpd <= 90 ? 3 : 4;
}

struct aging_run {
	arnet_aging *a;
	arnet_aging_row row;
	size_t cap;
	arnet_txn *t;
	arnet_diag *d;
};

static int
add_to(int64_t *sum, int64_t v, struct aging_run *r)
{
	if (arnet_money_add(sum, *sum, v) != ARNET_OK) {
		return arnet_diag_set(r->d, ARNET_ERANGE,
		                      "aging: a total exceeds the largest "
		                      "amount");
	}
	return ARNET_OK;
}

static int
aging_customer(const arnet_customer *c, void *arg)
{
	struct aging_run *r = arg;
	memset(&r->row, 0, sizeof(r->row));
	r->row.id = c->id;
	memcpy(r->row.name, c->name, sizeof(r->row.name));
	return 0;
}

static int
aging_position(const arnet_position *p, void *arg)
{
	struct aging_run *r = arg;
	int b = arnet_aging_bucket(p->days_past_due);
	int rv = add_to(&r->row.bucket[b], p->outstanding, r);
	return rv != ARNET_OK ? rv : add_to(&r->row.total, p->outstanding, r);
}

struct unapplied_run {
	struct aging_run *r;
	int64_t sum;
};

static int
sum_unapplied(const arnet_payment *p, void *arg)
{
	struct unapplied_run *u = arg;
	if (p->date <= u->r->a->as_of && p->unapplied > 0 &&
	    strcmp(p->currency, u->r->a->currency) == 0) {
		return add_to(&u->sum, p->unapplied, u->r);
	}
	return 0;
}

static int
aging_customer_end(const arnet_customer *c, void *arg)
{
	struct aging_run *r = arg;
	arnet_aging *a = r->a;
	struct unapplied_run u = {r, 0};
	int rv = arnet_payment_scan(r->t, &c->id, sum_unapplied, &u, r->d);
	if (rv != ARNET_OK) {
		return rv;
	}
	r->row.unapplied = u.sum;
	if (r->row.total == 0 && u.sum == 0) {
		return 0;
	}
	if (ARNET_GROW(&a->rows, a->nrows, &r->cap, 16) != ARNET_OK) {
		return arnet_diag_set(r->d, ARNET_ENOMEM, "out of memory");
	}
	a->rows[a->nrows++] = r->row;
	for (int b = 0; b < ARNET_AGING_BUCKETS; b++) {
		if ((rv = add_to(&a->totals.bucket[b], r->row.bucket[b], r)) !=
		    0) {
			return rv;
		}
	}
	if ((rv = add_to(&a->totals.total, r->row.total, r)) != 0) {
		return rv;
	}
	return add_to(&a->totals.unapplied, u.sum, r);
}

int
arnet_aging_report(arnet_txn *t, int32_t as_of, const char *currency,
                   const arnet_ident *customer, arnet_aging *out, arnet_diag *d)
{
	struct aging_run r = {.a = out, .t = t, .d = d};
	arnet_ledger_visitor each = {aging_customer, NULL, aging_customer_end,
	                             &r};
	arnet_position_visitor v = {as_of, out->currency, 1, aging_position,
	                            each};
	memset(out, 0, sizeof(*out));
	out->as_of = as_of;
	snprintf(out->currency, sizeof(out->currency), "%s", currency);
	int rv = arnet_position_scan(t, customer, &v, d);
	if (rv != ARNET_OK) {
		arnet_aging_free(out);
	}
	return rv;
}

void
arnet_aging_free(arnet_aging *a)
{
	arnet_grow_free(&a->rows, &a->nrows);
}
