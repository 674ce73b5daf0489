/*
 * top_overdue.c - the customers who owe the most past due: where the
 * collection effort pays best.
 */
#include "arnet_money.h"
#include "arnet_reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct top_run {
	arnet_top_overdue *o;
	arnet_overdue_row row;
	arnet_overdue_row *all;
	size_t n, cap;
	int overflow;
	arnet_diag *d;
};

static int
top_customer(const arnet_customer *c, void *arg)
{
	struct top_run *r = arg;
	memset(&r->row, 0, sizeof(r->row));
	r->row.id = c->id;
	memcpy(r->row.name, c->name, sizeof(r->row.name));
	return 0;
}

static int
top_invoice(const arnet_customer *c, const arnet_invoice *inv,
            const arnet_alloc *allocs, size_t n, void *arg)
{
	struct top_run *r = arg;
	int32_t dpd = r->o->as_of - inv->due;
	(void)c;
	if (dpd <= 0 || strcmp(inv->currency, r->o->currency) != 0) {
		return 0;
	}
	int64_t left = arnet_outstanding(inv, allocs, n, r->o->as_of);
	if (left == 0) {
		return 0;
	}
	if (arnet_money_add(&r->row.overdue, r->row.overdue, left) != 0) {
		r->overflow = 1;
	}
	r->row.invoices++;
	if (dpd > r->row.oldest_dpd) {
		r->row.oldest_dpd = dpd;
	}
	return 0;
}

static int
top_customer_end(const arnet_customer *c, void *arg)
{
	struct top_run *r = arg;
	(void)c;
	if (r->row.overdue == 0) {
		return 0;
	}
	if (arnet_money_add(&r->o->total_overdue, r->o->total_overdue,
	                    r->row.overdue) != 0) {
		r->overflow = 1;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		arnet_overdue_row *p = realloc(r->all, cap * sizeof(*p));
		if (p == NULL) {
			return arnet_diag_set(r->d, ARNET_ENOMEM,
			                      "out of memory");
		}
		r->all = p;
		r->cap = cap;
	}
	r->all[r->n++] = r->row;
	return 0;
}

static int
most_overdue(const void *x, const void *y)
{
	const arnet_overdue_row *a = x, *b = y;
	if (a->overdue != b->overdue) {
		return a->overdue > b->overdue ? -1 : 1;
	}
	if (a->oldest_dpd != b->oldest_dpd) {
		return a->oldest_dpd > b->oldest_dpd ? -1 : 1;
	}
	return strcmp(a->id.text, b->id.text);
}

int
arnet_top_overdue_build(arnet_txn *t, int32_t as_of, const char *currency,
                        size_t n, arnet_top_overdue *out, arnet_diag *d)
{
	struct top_run r = {.o = out, .d = d};
	arnet_ledger_visitor v = {top_customer, top_invoice, top_customer_end,
	                          &r};
	memset(out, 0, sizeof(*out));
	out->as_of = as_of;
	snprintf(out->currency, sizeof(out->currency), "%s", currency);
	int rv = arnet_ledger_scan(t, NULL, &v, d);
	if (rv == ARNET_OK && r.overflow) {
		rv = arnet_diag_set(d, ARNET_ERANGE,
		                    "top overdue: totals overflow");
	}
	if (rv != ARNET_OK) {
		free(r.all);
		return rv;
	}
	if (r.n > 1) {
		qsort(r.all, r.n, sizeof(*r.all), most_overdue);
	}
	out->v = r.all;
	out->n = r.n < n ? r.n : n;
	return ARNET_OK;
}

void
arnet_top_overdue_free(arnet_top_overdue *o)
{
	free(o->v);
	o->v = NULL;
	o->n = 0;
}
