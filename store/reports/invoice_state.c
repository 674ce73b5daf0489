/*
 * invoice_state.c - one invoice as of a date: what the invoice screen,
 * the dunning letters and a DEFAULT report all need to know about it.
 */
#include "arnet_grow.h"
#include "arnet_reports.h"

#include <stdlib.h>
#include <string.h>

struct state_run {
	arnet_invoice_state *s;
	const arnet_books_policy *pol;
	int found;
};

static int
state_visit(const arnet_position *p, void *arg)
{
	struct state_run *r = arg;
	arnet_invoice_state *s = r->s;
	const arnet_invoice *inv = p->inv;
	const arnet_alloc *allocs = p->allocs;
	size_t n = p->nallocs;
	if (strcmp(inv->number, s->inv.number) != 0) {
		return 0;
	}
	r->found = 1;
	s->allocs = malloc((n ? n : 1) * sizeof(*allocs));
	if (s->allocs == NULL) {
		return ARNET_ENOMEM;
	}
	if (n > 0) {
		memcpy(s->allocs, allocs, n * sizeof(*allocs));
	}
	s->nallocs = n;
	s->outstanding = p->outstanding;
	return arnet_late_fee_invoice(&s->late_fee, &s->days_late, inv, allocs,
	                              n, s->as_of, r->pol->late_fee_num,
	                              r->pol->late_fee_den);
}

int
arnet_invoice_state_get(arnet_txn *t, const char *number, int32_t as_of,
                        const arnet_books_policy *pol, arnet_invoice_state *out,
                        arnet_diag *d)
{
	struct state_run r = {out, pol, 0};
	arnet_position_visitor v = {as_of, NULL, 0, state_visit, {.arg = &r}};
	int rv;
	memset(out, 0, sizeof(*out));
	out->as_of = as_of;
	if ((rv = arnet_invoice_get(t, number, &out->inv, d)) != 0 ||
	    (rv = arnet_customer_get(t, &out->inv.customer, &out->c, d)) != 0) {
		return rv;
	}
	out->days_past_due = as_of - out->inv.due;
	rv = arnet_position_scan(t, &out->inv.customer, &v, d);
	if (rv == ARNET_OK && !r.found) {
		rv = arnet_diag_set(d, ARNET_ESTORE,
		                    "store: invoice %s is indexed but missing",
		                    number);
	}
	if (rv != ARNET_OK) {
		arnet_invoice_state_free(out);
		if (rv == ARNET_ENOMEM || rv == ARNET_ERANGE) {
			return arnet_diag_set(d, rv, "invoice %s: %s", number,
			                      arnet_strerror(rv));
		}
	}
	return rv;
}

void
arnet_invoice_state_free(arnet_invoice_state *s)
{
	arnet_grow_free(&s->allocs, &s->nallocs);
}
