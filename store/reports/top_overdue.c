/*
 * top_overdue.c - the customers who owe the most past due: where the
 * collection effort pays best.
 */
#include "arnet_grow.h"
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
top_position(const arnet_position *p, void *arg)
{
	struct top_run *r = arg;
	int32_t dpd = p->days_past_due;
	if (dpd <= 0) {
		return 0;
	}
	if (arnet_money_add(&r->row.overdue, r->row.overdue, p->outstanding) !=
	    0) {
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
	if (ARNET_GROW(&r->all, r->n, &r->cap, 64) != ARNET_OK) {
		return arnet_diag_set(r->d, ARNET_ENOMEM, "out of memory");
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
	arnet_ledger_visitor each = {top_customer, NULL, top_customer_end, &r};
	arnet_position_visitor v = {as_of, out->currency, 1, top_position,
	                            each};
	memset(out, 0, sizeof(*out));
	out->as_of = as_of;
	snprintf(out->currency, sizeof(out->currency), "%s", currency);
	int rv = arnet_position_scan(t, NULL, &v, d);
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
	arnet_grow_free(&o->v, &o->n);
}
