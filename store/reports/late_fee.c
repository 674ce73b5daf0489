/*
 * late_fee.c - late fees: simple daily interest on the overdue principal.
 *
 * The fee of an invoice is sum over days d in (due, as_of] of P(d) * num
 * / den, where P(d) is the principal unpaid at the start of day d (a
 * payment dated d still counts as unpaid on d: it reduces the principal
 * from d + 1). The sum of principal-days is exact (128-bit), multiplied
 * by the rate and divided once, rounding half up, so the fee of an
 * invoice does not depend on how its days are grouped. Principal changes
 * only on payment dates, so the sum is taken over those segments, not day
 * by day.
 */
#include "arnet_grow.h"
#include "arnet_reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RATE_MAX INT64_C(1000000000000) /* bounds num and den: no overflow */

static int
by_date(const void *a, const void *b)
{
	const arnet_alloc *x = a, *y = b;
	return (x->date > y->date) - (x->date < y->date);
}

int
arnet_late_fee_invoice(int64_t *fee, int32_t *days_late,
                       const arnet_invoice *inv, const arnet_alloc *allocs,
                       size_t n, int32_t as_of, int64_t num, int64_t den)
{
	arnet_alloc small[16], *a = small;
	unsigned __int128 sum = 0;
	int64_t late = 0;

	*fee = 0;
	*days_late = 0;
	if (num < 0 || den <= 0 || num > RATE_MAX || den > RATE_MAX) {
		return ARNET_ERANGE;
	}
	if (as_of <= inv->due || inv->issued > as_of) {
		return ARNET_OK;
	}
	if (n > 16 && (a = malloc(n * sizeof(*a))) == NULL) {
		return ARNET_ENOMEM;
	}
	if (n > 0) {
		memcpy(a, allocs, n * sizeof(*a));
	}
	if (n > 1) {
		qsort(a, n, sizeof(*a), by_date);
	}

	int64_t principal = inv->amount;
	int64_t cur = (int64_t)inv->due + 1; /* first day with a fee */
	size_t i = 0;
	for (; i < n && a[i].date < cur; i++) {
		principal -= a[i].amount;
	}
	for (; i < n && (int64_t)a[i].date + 1 <= as_of; i++) {
		int64_t next = (int64_t)a[i].date + 1;
		if (principal > 0) {
			sum += (unsigned __int128)principal *
			       (uint64_t)(next - cur);
			late += next - cur;
		}
		principal -= a[i].amount;
		cur = next;
	}
	if (principal > 0 && cur <= as_of) {
		sum += (unsigned __int128)principal *
		       (uint64_t)(as_of + 1 - cur);
		late += as_of + 1 - cur;
	}
	if (a != small) {
		free(a);
	}
	/* round half up: floor((2 * sum * num + den) / (2 * den)) */
	unsigned __int128 q = (2 * sum * (uint64_t)num + (uint64_t)den) /
	                      (2 * (unsigned __int128)den);
	if (q > INT64_MAX) {
		return ARNET_ERANGE;
	}
	*fee = (int64_t)q;
	*days_late = (int32_t)late;
	return ARNET_OK;
}

struct fee_run {
	arnet_late_fee *f;
	size_t cap;
	arnet_diag *d;
};

static int
fee_position(const arnet_position *p, void *arg)
{
	struct fee_run *r = arg;
	arnet_late_fee *f = r->f;
	const arnet_invoice *inv = p->inv;
	arnet_late_fee_row row;
	int rv = arnet_late_fee_invoice(&row.fee, &row.days_late, inv,
	                                p->allocs, p->nallocs, f->as_of,
	                                f->rate_num, f->rate_den);
	if (rv != ARNET_OK) {
		return arnet_diag_set(r->d, rv, "late fee of invoice %s: %s",
		                      inv->number, arnet_strerror(rv));
	}
	if (row.fee == 0) {
		return 0;
	}
	if (INT64_MAX - f->total < row.fee) {
		return arnet_diag_set(r->d, ARNET_ERANGE,
		                      "late fees: the total overflows");
	}
	memcpy(row.number, inv->number, sizeof(row.number));
	row.customer = inv->customer;
	row.due = inv->due;
	row.outstanding = p->outstanding;
	if (ARNET_GROW(&f->rows, f->nrows, &r->cap, 16) != ARNET_OK) {
		return arnet_diag_set(r->d, ARNET_ENOMEM, "out of memory");
	}
	f->rows[f->nrows++] = row;
	f->total += row.fee;
	return 0;
}

int
arnet_late_fee_report(arnet_txn *t, int32_t as_of, const char *currency,
                      const arnet_ident *customer, int64_t num, int64_t den,
                      arnet_late_fee *out, arnet_diag *d)
{
	struct fee_run r = {.f = out, .d = d};
	arnet_position_visitor v = {
	        as_of, out->currency, 0, fee_position, {.arg = &r}};
	memset(out, 0, sizeof(*out));
	if (num < 0 || den <= 0 || num > RATE_MAX || den > RATE_MAX) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "late fee rate out of range");
	}
	out->as_of = as_of;
	out->rate_num = num;
	out->rate_den = den;
	snprintf(out->currency, sizeof(out->currency), "%s", currency);
	int rv = arnet_position_scan(t, customer, &v, d);
	if (rv != ARNET_OK) {
		arnet_late_fee_free(out);
	}
	return rv;
}

void
arnet_late_fee_free(arnet_late_fee *f)
{
	arnet_grow_free(&f->rows, &f->nrows);
}
