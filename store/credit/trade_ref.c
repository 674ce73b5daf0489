/*
 * trade_ref.c - this firm's experience with a customer, as a trade
 * reference for another member's credit check: how long it has been a
 * customer, its largest balance in the last year, what it owes now and
 * how late, and its dollar-weighted days beyond terms (a PAYDEX-style
 * figure: each invoice settled in the last year weighs its amount times
 * the days it was paid after its due date; each invoice still open past
 * due weighs what is owed times the days so far).
 *
 * Corrections as accounting reads them (arnet_standing_of): only
 * payments that still stand as of the date pay an invoice (a reversed
 * one no longer does); a credit note or a void reduces what was invoiced
 * (an invoice credited or void in full was no sale and is left out); a
 * write-off is a loss: for ARNET_LOSS_DAYS after its date it counts as
 * unpaid, in the balance and as owed more than 90 days past due (at
 * least 91 days beyond terms). The answer on the wire (proto/
 * arnet_survey.h) has no field for a loss, and its format is not
 * changed for one: the 90+ bucket carries it; `written_off` says how
 * much of it is a loss, for our own check.
 */
#include "arnet_check.h"
#include "arnet_grow.h"
#include "arnet_reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct inv_copy {
	arnet_invoice inv;
	arnet_alloc *a;
	size_t n;
} inv_copy;

typedef struct tr {
	inv_copy *v;
	size_t n, cap;
} tr;

static int
keep(const arnet_customer *c, const arnet_invoice *inv, const arnet_alloc *a,
     size_t n, void *arg)
{
	tr *s = arg;
	if (strcmp(inv->currency, c->currency) != 0) {
		return 0;
	}
	if (ARNET_GROW(&s->v, s->n, &s->cap, 32) != ARNET_OK) {
		return ARNET_ENOMEM;
	}
	inv_copy *e = &s->v[s->n];
	e->inv = *inv;
	e->n = n;
	e->a = malloc((n ? n : 1) * sizeof(*a));
	if (e->a == NULL) {
		return ARNET_ENOMEM;
	}
	if (n > 0) {
		memcpy(e->a, a, n * sizeof(*a));
	}
	s->n++;
	return 0;
}

/* The balance on `day`, a loss counted as still owed. */
static int64_t
balance_at(const tr *s, int32_t day, int32_t as_of)
{
	int64_t b = 0;
	for (size_t i = 0; i < s->n; i++) {
		const inv_copy *e = &s->v[i];
		b += arnet_outstanding(&e->inv, e->a, e->n, day) +
		     arnet_loss_of(e->a, e->n, day, as_of);
	}
	return b;
}

int
arnet_trade_ref_build(arnet_txn *t, const arnet_ident *subject, int32_t as_of,
                      const char *member_id, arnet_trade_ref *out,
                      arnet_diag *d)
{
	arnet_customer c;
	tr s = {NULL, 0, 0};
	memset(out, 0, sizeof(*out));
	int rv = arnet_customer_get(t, subject, &c, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	arnet_ledger_visitor v = {NULL, keep, NULL, &s};
	rv = arnet_ledger_scan(t, subject, &v, d);
	if (rv == ARNET_OK && s.n == 0) {
		rv = arnet_diag_set(d, ARNET_ENOTFOUND, "no invoices");
	}
	if (rv != ARNET_OK) {
		goto done;
	}
	snprintf(out->member_id, sizeof(out->member_id), "%s", member_id);
	memcpy(out->currency, c.currency, 4);
	out->since = INT32_MAX;
	out->last_sale = INT32_MIN;
	__int128 wsum = 0, wdays = 0;
	int32_t year_ago = as_of - 365;
	for (size_t i = 0; i < s.n; i++) {
		const inv_copy *e = &s.v[i];
		arnet_standing st;
		arnet_standing_of(&st, &e->inv, e->a, e->n, as_of);
		if (st.state == ARNET_STANDS_NONE) {
			/* not issued yet, or credited or void in full */
			continue;
		}
		if (e->inv.issued < out->since) {
			out->since = e->inv.issued;
		}
		if (e->inv.issued > out->last_sale) {
			out->last_sale = e->inv.issued;
		}
		int64_t left = st.outstanding;
		int64_t loss = st.loss;
		int32_t dpd = as_of - e->inv.due;
		out->balance += left + loss;
		if (left > 0 && dpd > 0) {
			/* the aging report's buckets past "current" */
			out->past_due[arnet_aging_bucket(dpd) - 1] += left;
			wsum += left;
			wdays += (__int128)left * dpd;
		}
		if (loss > 0) {
			/* Unpaid for good: owed more than 90 days past due. */
			int32_t days = dpd > 90 ? dpd : 91;
			out->past_due[ARNET_AGING_BUCKETS - 2] += loss;
			out->written_off += loss;
			wsum += loss;
			wdays += (__int128)loss * days;
		} else if (st.state == ARNET_STANDS_PAID &&
		           st.paid_on > year_ago) {
			/* Paid by payments that still stand: credit notes took
			 * off what was not owed. */
			int32_t late = st.paid_on - e->inv.due;
			wsum += st.net;
			wdays += (__int128)st.net * (late > 0 ? late : 0);
		}
		/* The balance right after each invoice of the last year is
		 * where it peaked. */
		if (e->inv.issued > year_ago) {
			int64_t b = balance_at(&s, e->inv.issued, as_of);
			if (b > out->high_credit) {
				out->high_credit = b;
			}
		}
	}
	out->dbt = wsum > 0 ? (int32_t)((wdays + wsum / 2) / wsum) : 0;
	if (out->since == INT32_MAX) {
		rv = arnet_diag_set(d, ARNET_ENOTFOUND, "no invoices yet");
	}
done:
	for (size_t i = 0; i < s.n; i++) {
		free(s.v[i].a);
	}
	free(s.v);
	return rv;
}
