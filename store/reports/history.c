/*
 * history.c - a customer's or an invoice's history as of a date
 * (arnet_history.h): its corrections, its closed invoices and how each
 * closed, its payments and their reversals, newest first and cut.
 *
 * Each list is gathered whole, sorted and then cut, because "newest" is
 * by date and the books hold documents in the order they were stored (a
 * payment typed in late for an old date comes last). A customer's items
 * are at most a few tens of thousands of small structs, so the whole
 * list costs little beside the scan that reads them.
 */
#include "arnet_history.h"
#include "arnet_grow.h"

#include <stdlib.h>
#include <string.h>

const char *
arnet_close_kind_name(int kind)
{
	switch (kind) {
	case ARNET_CLOSE_PAID:
		return "paid";
	case ARNET_CLOSE_CREDITED:
		return "credited";
	case ARNET_CLOSE_WRITTEN_OFF:
		return "written off";
	case ARNET_CLOSE_VOID:
		return "void";
	default:
		return NULL;
	}
}

static uint8_t
close_kind(uint8_t alloc_kind)
{
	switch (alloc_kind) {
	case ARNET_ALLOC_CREDIT_NOTE:
		return ARNET_CLOSE_CREDITED;
	case ARNET_ALLOC_WRITE_OFF:
		return ARNET_CLOSE_WRITTEN_OFF;
	case ARNET_ALLOC_VOID:
		return ARNET_CLOSE_VOID;
	default:
		return ARNET_CLOSE_PAID;
	}
}

/* What is owed on inv after the entries dated on or before day. */
static int64_t
owed_after(const arnet_invoice *inv, const arnet_alloc *a, size_t n,
           int32_t day)
{
	int64_t owed = inv->amount;
	for (size_t i = 0; i < n; i++) {
		if (a[i].date <= day) {
			owed -= a[i].amount;
		}
	}
	return owed;
}

/*
 * Without sorting (and so without allocating): the last day L on which
 * something was owed at the end of the day is the latest entry day with
 * something owed after it; the invoice closed on the first entry day
 * after L. In that day the entries count reversals first, then the rest
 * in the order held, and the one that takes the last of it off says how.
 * An invoice has a handful of entries, so n * n is small.
 */
int
arnet_invoice_closed(const arnet_invoice *inv, const arnet_alloc *allocs,
                     size_t n, int32_t as_of, int32_t *closed, uint8_t *how)
{
	if (inv->issued > as_of || owed_after(inv, allocs, n, as_of) > 0) {
		return 0;
	}
	int have_last = 0, have_day = 0;
	int32_t last = 0, day = inv->issued;
	for (size_t i = 0; i < n; i++) {
		int32_t y = allocs[i].date;
		if (y <= as_of && (!have_last || y > last) &&
		    owed_after(inv, allocs, n, y) > 0) {
			last = y;
			have_last = 1;
		}
	}
	for (size_t i = 0; i < n; i++) {
		int32_t y = allocs[i].date;
		if (y <= as_of && (!have_last || y > last) &&
		    (!have_day || y < day)) {
			day = y;
			have_day = 1;
		}
	}
	*closed = day;
	*how = ARNET_CLOSE_PAID; /* no entry at all: nothing was ever owed */
	int64_t owed = owed_after(inv, allocs, n, day - 1);
	for (size_t i = 0; i < n; i++) {
		if (allocs[i].date == day && allocs[i].amount < 0) {
			owed -= allocs[i].amount;
		}
	}
	for (size_t i = 0; i < n && owed > 0; i++) {
		if (allocs[i].date == day && allocs[i].amount > 0) {
			owed -= allocs[i].amount;
			*how = close_kind(allocs[i].kind);
		}
	}
	return 1;
}

/* --- gathering --- */

typedef struct hist_run {
	arnet_history *h;
	size_t cap_corr, cap_closed, cap_pay;
	/* invoice history: the invoice and its entries (copied) */
	const char *number;
	arnet_invoice inv;
	arnet_alloc *allocs;
	size_t nallocs;
	int found;
	/* every reversal of the customer, to give a payment its reason */
	arnet_correction *rev;
	size_t nrev, caprev;
} hist_run;

static int
add_closed(hist_run *r, const arnet_invoice *inv, const arnet_alloc *allocs,
           size_t n)
{
	arnet_history *h = r->h;
	int32_t day;
	uint8_t how;
	if (!arnet_invoice_closed(inv, allocs, n, h->as_of, &day, &how)) {
		return 0;
	}
	if (ARNET_GROW(&h->closed.v, h->closed.n, &r->cap_closed, 16) !=
	    ARNET_OK) {
		return ARNET_ENOMEM;
	}
	arnet_closed_invoice *c = &h->closed.v[h->closed.n++];
	c->inv = *inv;
	c->closed = day;
	c->how = how;
	return 0;
}

static int
cust_invoice(const arnet_customer *c, const arnet_invoice *inv,
             const arnet_alloc *allocs, size_t n, void *arg)
{
	(void)c;
	return add_closed(arg, inv, allocs, n);
}

static int
one_invoice(const arnet_customer *c, const arnet_invoice *inv,
            const arnet_alloc *allocs, size_t n, void *arg)
{
	hist_run *r = arg;
	(void)c;
	if (strcmp(inv->number, r->number) != 0) {
		return 0;
	}
	r->found = 1;
	r->inv = *inv;
	if (n > 0) {
		r->allocs = malloc(n * sizeof(*allocs));
		if (r->allocs == NULL) {
			return ARNET_ENOMEM;
		}
		memcpy(r->allocs, allocs, n * sizeof(*allocs));
	}
	r->nallocs = n;
	return add_closed(r, inv, allocs, n);
}

/* What the invoice's entries of document (kind, id) took off it, before
 * any reversal; 0: none (the document did not touch it). */
static int64_t
applied_to(const hist_run *r, uint8_t kind, uint64_t id)
{
	int64_t s = 0;
	for (size_t i = 0; i < r->nallocs; i++) {
		const arnet_alloc *a = &r->allocs[i];
		if (a->kind == kind && a->payment == id && a->amount > 0 &&
		    a->date <= r->h->as_of) {
			s += a->amount;
		}
	}
	return s;
}

static int
keep_corr(const arnet_correction *c, void *arg)
{
	hist_run *r = arg;
	arnet_history *h = r->h;
	if (c->kind == ARNET_CORR_REVERSAL) {
		if (ARNET_GROW(&r->rev, r->nrev, &r->caprev, 8) != ARNET_OK) {
			return ARNET_ENOMEM;
		}
		r->rev[r->nrev++] = *c;
	}
	if (c->date > h->as_of) {
		return 0;
	}
	int64_t applied = 0;
	if (r->number != NULL) { /* this invoice's only, and no reversal */
		if (c->kind == ARNET_CORR_REVERSAL ||
		    (applied = applied_to(r, c->kind, c->id)) == 0) {
			return 0;
		}
	}
	if (ARNET_GROW(&h->corrections.v, h->corrections.n, &r->cap_corr, 16) !=
	    ARNET_OK) {
		return ARNET_ENOMEM;
	}
	arnet_history_corr *e = &h->corrections.v[h->corrections.n++];
	e->c = *c;
	e->applied = applied;
	return 0;
}

static int
keep_payment(const arnet_payment *p, void *arg)
{
	hist_run *r = arg;
	arnet_history *h = r->h;
	int64_t applied = 0;
	if (p->date > h->as_of) {
		return 0;
	}
	if (r->number != NULL &&
	    (applied = applied_to(r, ARNET_ALLOC_PAYMENT, p->id)) == 0) {
		return 0;
	}
	if (ARNET_GROW(&h->payments.v, h->payments.n, &r->cap_pay, 16) !=
	    ARNET_OK) {
		return ARNET_ENOMEM;
	}
	arnet_history_payment *e = &h->payments.v[h->payments.n++];
	memset(e, 0, sizeof(*e));
	e->p = *p;
	e->applied = applied;
	if (p->reversal != 0 && p->reversed <= h->as_of) {
		e->reversed = 1;
		e->reversed_on = p->reversed;
		for (size_t i = 0; i < r->nrev; i++) {
			if (r->rev[i].id == p->reversal) {
				memcpy(e->reason, r->rev[i].reason,
				       sizeof(e->reason));
				break;
			}
		}
	}
	return 0;
}

/* --- newest first, then cut --- */

static int
cmp_desc(int32_t da, int32_t db, uint64_t ia, uint64_t ib)
{
	if (da != db) {
		return da > db ? -1 : 1;
	}
	return ia > ib ? -1 : ia < ib;
}

static int
corr_cmp(const void *x, const void *y)
{
	const arnet_history_corr *a = x, *b = y;
	return cmp_desc(a->c.date, b->c.date, a->c.id, b->c.id);
}

static int
pay_cmp(const void *x, const void *y)
{
	const arnet_history_payment *a = x, *b = y;
	return cmp_desc(a->p.date, b->p.date, a->p.id, b->p.id);
}

static int
closed_cmp(const void *x, const void *y)
{
	const arnet_closed_invoice *a = x, *b = y;
	int c = cmp_desc(a->closed, b->closed, 0, 0);
	if (c == 0) {
		c = cmp_desc(a->inv.issued, b->inv.issued, 0, 0);
	}
	return c != 0 ? c : -strcmp(a->inv.number, b->inv.number);
}

#define SORT_CUT(list, cmp, limit)                                             \
	do {                                                                   \
		(list).total = (list).n;                                       \
		if ((list).n > 1) {                                            \
			qsort((list).v, (list).n, sizeof(*(list).v), cmp);     \
		}                                                              \
		if ((list).n > (limit)) {                                      \
			(list).n = (limit);                                    \
		}                                                              \
	} while (0)

static void
finish(arnet_history *h)
{
	SORT_CUT(h->corrections, corr_cmp, h->limit);
	SORT_CUT(h->closed, closed_cmp, h->limit);
	SORT_CUT(h->payments, pay_cmp, h->limit);
}

/* The corrections (reversals first gathered, so the payments find
 * theirs) and the payments of customer id into r->h. */
static int
gather_docs(arnet_txn *t, const arnet_ident *id, hist_run *r, arnet_diag *d)
{
	int rv = arnet_correction_scan(t, id, keep_corr, r, d);
	if (rv == ARNET_OK) {
		rv = arnet_payment_scan(t, id, keep_payment, r, d);
	}
	return rv;
}

static int
done(hist_run *r, int rv, arnet_diag *d)
{
	free(r->rev);
	free(r->allocs);
	if (rv == ARNET_OK) {
		finish(r->h);
		return ARNET_OK;
	}
	arnet_history_free(r->h);
	if (rv == ARNET_ENOMEM) {
		return arnet_diag_set(d, rv, "history: out of memory");
	}
	return rv;
}

static int
start(arnet_history *out, int32_t as_of, size_t limit, arnet_diag *d)
{
	memset(out, 0, sizeof(*out));
	out->as_of = as_of;
	out->limit = limit;
	if (limit == 0) {
		return arnet_diag_set(d, ARNET_EINVAL,
		                      "history: the limit must be at least 1");
	}
	return ARNET_OK;
}

int
arnet_history_build(arnet_txn *t, const arnet_ident *id, int32_t as_of,
                    size_t limit, arnet_history *out, arnet_diag *d)
{
	hist_run r = {.h = out};
	arnet_customer c;
	arnet_ledger_visitor v = {NULL, cust_invoice, NULL, &r};
	int rv = start(out, as_of, limit, d);
	if (rv != ARNET_OK ||
	    (rv = arnet_customer_get(t, id, &c, d)) != ARNET_OK) {
		return rv;
	}
	rv = arnet_ledger_scan(t, id, &v, d);
	if (rv == ARNET_OK) {
		rv = gather_docs(t, id, &r, d);
	}
	return done(&r, rv, d);
}

int
arnet_invoice_history_build(arnet_txn *t, const char *number, int32_t as_of,
                            size_t limit, arnet_history *out, arnet_diag *d)
{
	hist_run r = {.h = out, .number = number};
	arnet_invoice inv;
	arnet_ledger_visitor v = {NULL, one_invoice, NULL, &r};
	int rv = start(out, as_of, limit, d);
	if (rv != ARNET_OK ||
	    (rv = arnet_invoice_get(t, number, &inv, d)) != ARNET_OK) {
		return rv;
	}
	rv = arnet_ledger_scan(t, &inv.customer, &v, d);
	if (rv == ARNET_OK && !r.found) {
		rv = arnet_diag_set(d, ARNET_ESTORE,
		                    "store: invoice %s is indexed but missing",
		                    number);
	}
	if (rv == ARNET_OK) {
		rv = gather_docs(t, &inv.customer, &r, d);
	}
	return done(&r, rv, d);
}

void
arnet_history_free(arnet_history *h)
{
	free(h->corrections.v);
	free(h->closed.v);
	free(h->payments.v);
	h->corrections.v = NULL;
	h->closed.v = NULL;
	h->payments.v = NULL;
	h->corrections.n = h->closed.n = h->payments.n = 0;
}
