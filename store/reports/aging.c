/*
 * aging.c - the aging report: outstanding receivables by age, in the
 * standard bands or the firm's own (days past due, or since issue).
 *
 * One pass over the books (arnet_position_scan: the open invoices in the
 * currency with what is owed on each as of the date, read with
 * sequential cursors), summing per customer. The bucket of an invoice is
 * a walk over at most ARNET_AGING_BANDS_MAX bounds: nothing the 1M-invoice
 * benchmark can see next to the cursor reads. The unapplied column is
 * each customer's credit left as of the date (arnet_unapplied_scan:
 * payments not reversed by then, and credit notes).
 */
#include "arnet_grow.h"
#include "arnet_money.h"
#include "arnet_reports.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const arnet_aging_bucket_names[ARNET_AGING_BUCKETS] = {
        "current", "1-30", "31-60", "61-90", "90+",
};

static const arnet_aging_bands standard = {ARNET_AGING_BY_DUE, 3, {30, 60, 90}};

int
arnet_aging_bucket(int32_t dpd)
{
	return arnet_aging_bucket_of(&standard, dpd);
}

void
arnet_aging_bands_default(arnet_aging_bands *b)
{
	*b = standard;
}

int
arnet_aging_bands_parse(arnet_aging_bands *b, const char *text, arnet_diag *d)
{
	arnet_aging_bands out = *b;
	const char *p = text;
	out.n = 0;
	for (;;) {
		char *end;
		while (*p == ' ' || *p == '\t') {
			p++;
		}
		errno = 0;
		long x = strtol(p, &end, 10);
		const char *after = end;
		while (*after == ' ' || *after == '\t') {
			after++;
		}
		if (end == p || *p == '-' || *p == '+' || errno != 0 || x < 1 ||
		    x > ARNET_AGING_DAYS_MAX ||
		    (*after != ',' && *after != '\0')) {
			int len = (int)strcspn(p, ",");
			return arnet_diag_set(
			        d, ARNET_ESYNTAX,
			        "bands: \"%.*s\" is not a whole number of days "
			        "from 1 to %d (bands are like 30,60,90)",
			        len > 40 ? 40 : len, p, ARNET_AGING_DAYS_MAX);
		}
		if (out.n == ARNET_AGING_BANDS_MAX) {
			return arnet_diag_set(d, ARNET_ESYNTAX,
			                      "bands: more than %d bands",
			                      ARNET_AGING_BANDS_MAX);
		}
		if (out.n > 0 && x <= out.upto[out.n - 1]) {
			return arnet_diag_set(
			        d, ARNET_ESYNTAX,
			        "bands: %ld after %d: each band must end later "
			        "than the one before",
			        x, (int)out.upto[out.n - 1]);
		}
		out.upto[out.n++] = (int32_t)x;
		if (*after == '\0') {
			break;
		}
		p = after + 1;
	}
	*b = out;
	return ARNET_OK;
}

int
arnet_aging_basis_parse(int *basis, const char *text, arnet_diag *d)
{
	if (strcmp(text, "due") == 0 || strcmp(text, "invoice") == 0) {
		*basis = text[0] == 'd' ? ARNET_AGING_BY_DUE
		                        : ARNET_AGING_BY_INVOICE;
		return ARNET_OK;
	}
	return arnet_diag_set(d, ARNET_ESYNTAX,
	                      "basis must be due or invoice, not \"%.40s\"",
	                      text);
}

int
arnet_aging_nbuckets(const arnet_aging_bands *b)
{
	return b->n + (b->basis == ARNET_AGING_BY_DUE ? 2 : 1);
}

int
arnet_aging_bucket_of(const arnet_aging_bands *b, int32_t days)
{
	int first = b->basis == ARNET_AGING_BY_DUE ? 1 : 0;
	if (first && days <= 0) {
		return 0;
	}
	int i = 0;
	while (i < b->n && days > b->upto[i]) {
		i++;
	}
	return first + i;
}

void
arnet_aging_bucket_label(char *out, size_t cap, const arnet_aging_bands *b,
                         int i)
{
	int first = b->basis == ARNET_AGING_BY_DUE ? 1 : 0;
	if (first && i == 0) {
		snprintf(out, cap, "current");
		return;
	}
	int k = i - first; /* the band: 0 .. n (n: beyond the last) */
	if (k >= b->n) {
		snprintf(out, cap, "%d+", (int)b->upto[b->n - 1]);
		return;
	}
	int lo = k > 0 ? (int)b->upto[k - 1] + 1 : first;
	snprintf(out, cap, "%d-%d", lo, (int)b->upto[k]);
}

/* Bands a caller made by hand are held to the parser's rules. */
static int
bands_ok(const arnet_aging_bands *b)
{
	if ((b->basis != ARNET_AGING_BY_DUE &&
	     b->basis != ARNET_AGING_BY_INVOICE) ||
	    b->n < 1 || b->n > ARNET_AGING_BANDS_MAX) {
		return 0;
	}
	for (int i = 0; i < b->n; i++) {
		if (b->upto[i] < 1 || b->upto[i] > ARNET_AGING_DAYS_MAX ||
		    (i > 0 && b->upto[i] <= b->upto[i - 1])) {
			return 0;
		}
	}
	return 1;
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
	const arnet_aging_bands *bands = &r->a->bands;
	int32_t days = bands->basis == ARNET_AGING_BY_DUE
	                       ? p->days_past_due
	                       : r->a->as_of - p->inv->issued;
	int b = arnet_aging_bucket_of(bands, days);
	int rv = add_to(&r->row.bucket[b], p->outstanding, r);
	return rv != ARNET_OK ? rv : add_to(&r->row.total, p->outstanding, r);
}

struct unapplied_run {
	struct aging_run *r;
	int64_t sum;
};

/* A payment's or credit note's credit left, in the report's currency
 * only (arnet_unapplied_scan: reversed payments no longer count). */
static int
sum_unapplied(const char *currency, int64_t amount, void *arg)
{
	struct unapplied_run *u = arg;
	return strcmp(currency, u->r->a->currency) == 0
	               ? add_to(&u->sum, amount, u->r)
	               : 0;
}

static int
aging_customer_end(const arnet_customer *c, void *arg)
{
	struct aging_run *r = arg;
	arnet_aging *a = r->a;
	struct unapplied_run u = {r, 0};
	int rv = arnet_unapplied_scan(r->t, &c->id, a->as_of, sum_unapplied, &u,
	                              r->d);
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
	for (int b = 0; b < a->nbuckets; b++) {
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
                   const arnet_aging_bands *bands, const arnet_ident *customer,
                   arnet_aging *out, arnet_diag *d)
{
	struct aging_run r = {.a = out, .t = t, .d = d};
	arnet_ledger_visitor each = {aging_customer, NULL, aging_customer_end,
	                             &r};
	arnet_position_visitor v = {as_of, out->currency, 1, aging_position,
	                            each};
	memset(out, 0, sizeof(*out));
	out->as_of = as_of;
	snprintf(out->currency, sizeof(out->currency), "%s", currency);
	out->bands = bands != NULL ? *bands : standard;
	if (!bands_ok(&out->bands)) {
		return arnet_diag_set(d, ARNET_EINVAL,
		                      "aging: bands must rise from 1 to %d "
		                      "days, at most %d of them",
		                      ARNET_AGING_DAYS_MAX,
		                      ARNET_AGING_BANDS_MAX);
	}
	out->nbuckets = arnet_aging_nbuckets(&out->bands);
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

/* Rows of several sections, by customer then section. */
static int
by_customer(const void *a, const void *b)
{
	const arnet_aging_row *x = a, *y = b;
	return strcmp(x->id.text, y->id.text);
}

/* *sum += the conversion of v from `from` to `to`. */
static int
add_converted(int64_t *sum, int64_t v, const arnet_fx *fx, const char *from,
              const char *to, arnet_diag *d)
{
	int64_t x;
	int rv = arnet_fx_convert(fx, &x, v, from, to);
	if (rv == ARNET_ENOTFOUND) {
		return arnet_diag_set(d, rv,
		                      "no [fx] rate to convert %s to %s (set "
		                      "one in the config's [fx])",
		                      from, to);
	}
	if (rv != ARNET_OK || arnet_money_add(sum, *sum, x) != ARNET_OK) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "aging: a converted total exceeds the "
		                      "largest amount");
	}
	return ARNET_OK;
}

/* A row's amounts converted from `from` and added to *to_row. */
static int
add_row(arnet_aging_row *to_row, const arnet_aging_row *r, int nb,
        const arnet_fx *fx, const char *from, const char *to, arnet_diag *d)
{
	int rv = ARNET_OK;
	for (int b = 0; b < nb && rv == ARNET_OK; b++) {
		rv = add_converted(&to_row->bucket[b], r->bucket[b], fx, from,
		                   to, d);
	}
	if (rv == ARNET_OK) {
		rv = add_converted(&to_row->total, r->total, fx, from, to, d);
	}
	if (rv == ARNET_OK) {
		rv = add_converted(&to_row->unapplied, r->unapplied, fx, from,
		                   to, d);
	}
	return rv;
}

int
arnet_aging_convert(const arnet_aging *v, size_t n, const arnet_fx *fx,
                    const char *to, arnet_aging *out, arnet_diag *d)
{
	size_t all = 0, k = 0;
	memset(out, 0, sizeof(*out));
	if (n == 0) {
		return arnet_diag_set(d, ARNET_EINVAL,
		                      "aging: nothing to convert");
	}
	out->as_of = v[0].as_of;
	snprintf(out->currency, sizeof(out->currency), "%s", to);
	out->bands = v[0].bands;
	out->nbuckets = v[0].nbuckets;
	for (size_t i = 0; i < n; i++) {
		all += v[i].nrows;
	}
	/* Each row, converted into `to` on its own; then one per customer. */
	arnet_aging_row *rows = calloc(all > 0 ? all : 1, sizeof(*rows));
	if (rows == NULL) {
		return arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
	}
	int rv = ARNET_OK;
	for (size_t i = 0; i < n && rv == ARNET_OK; i++) {
		for (size_t r = 0; r < v[i].nrows && rv == ARNET_OK; r++) {
			arnet_aging_row *c = &rows[k++];
			c->id = v[i].rows[r].id;
			memcpy(c->name, v[i].rows[r].name, sizeof(c->name));
			rv = add_row(c, &v[i].rows[r], out->nbuckets, fx,
			             v[i].currency, to, d);
		}
	}
	qsort(rows, k, sizeof(*rows), by_customer);
	size_t m = 0;
	for (size_t i = 0; i < k && rv == ARNET_OK; i++) {
		if (m > 0 &&
		    strcmp(rows[m - 1].id.text, rows[i].id.text) == 0) {
			rv = add_row(&rows[m - 1], &rows[i], out->nbuckets, fx,
			             to, to, d);
		} else {
			rows[m++] = rows[i];
		}
	}
	for (size_t i = 0; i < m && rv == ARNET_OK; i++) {
		rv = add_row(&out->totals, &rows[i], out->nbuckets, fx, to, to,
		             d);
	}
	if (rv != ARNET_OK) {
		free(rows);
		return rv;
	}
	out->rows = rows;
	out->nrows = m;
	return ARNET_OK;
}
