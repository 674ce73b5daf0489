/*
 * position.c - the walk every report of open items starts from: each
 * invoice of a customer in a currency, with what is still owed on it and
 * how many days past due it is as of one date.
 *
 * Written once here so that "outstanding as of" and "days past due" mean
 * the same in the aging, the late fees, the statement, the review, the
 * dunning queue and the order check. The filters run in the order the
 * aging loop needs them cheapest: currency, then outstanding.
 */
#include "arnet_reports.h"

#include <string.h>

static int
pos_customer(const arnet_customer *c, void *arg)
{
	const arnet_position_visitor *v = arg;
	return v->each.customer != NULL ? v->each.customer(c, v->each.arg) : 0;
}

static int
pos_invoice(const arnet_customer *c, const arnet_invoice *inv,
            const arnet_alloc *allocs, size_t n, void *arg)
{
	const arnet_position_visitor *v = arg;
	if (v->currency != NULL && strcmp(inv->currency, v->currency) != 0) {
		return 0;
	}
	arnet_position p = {
	        .c = c,
	        .inv = inv,
	        .allocs = allocs,
	        .nallocs = n,
	        .outstanding = arnet_outstanding(inv, allocs, n, v->as_of),
	        .days_past_due = v->as_of - inv->due,
	};
	if (v->open_only && p.outstanding == 0) {
		return 0;
	}
	return v->position != NULL ? v->position(&p, v->each.arg) : 0;
}

static int
pos_customer_end(const arnet_customer *c, void *arg)
{
	const arnet_position_visitor *v = arg;
	return v->each.customer_end != NULL
	               ? v->each.customer_end(c, v->each.arg)
	               : 0;
}

int
arnet_position_scan(arnet_txn *t, const arnet_ident *customer,
                    const arnet_position_visitor *v, arnet_diag *d)
{
	arnet_ledger_visitor lv = {pos_customer, pos_invoice, pos_customer_end,
	                           (void *)v};
	return arnet_ledger_scan(t, customer, &lv, d);
}
