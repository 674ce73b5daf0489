/*
 * review.c - credit limit review: suggestions, not changes.
 *
 * The practice: raise the limit of a customer who keeps paying on time
 * (three settlements in a row by their due dates), cut it and shorten
 * the terms of one with an overdue invoice or a write-off within
 * ARNET_LOSS_DAYS (a loss). A person decides; `arnet
 * customer set` applies a suggestion.
 */
#include "arnet_date.h"
#include "arnet_grow.h"
#include "arnet_reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct settled {
	int32_t due, paid; /* the day the last payment completed it */
	int loss;          /* written off: never on time */
} settled;

struct review_run {
	arnet_review *r;
	size_t cap;
	const arnet_books_policy *pol;
	settled *s;
	size_t ns, caps;
	int64_t overdue;
	int32_t oldest;
	char oldest_no[ARNET_INVOICE_NO_MAX + 1];
	/* written off within ARNET_LOSS_DAYS: a loss, which cuts as an
	 * overdue invoice does; the first such invoice */
	int64_t lost;
	char lost_no[ARNET_INVOICE_NO_MAX + 1];
	arnet_diag *d;
};

static int
rv_customer(const arnet_customer *c, void *arg)
{
	struct review_run *r = arg;
	(void)c;
	r->ns = 0;
	r->overdue = 0;
	r->oldest = 0;
	r->lost = 0;
	return 0;
}

static int
rv_position(const arnet_position *p, void *arg)
{
	struct review_run *r = arg;
	int32_t as_of = r->r->as_of;
	const arnet_invoice *inv = p->inv;
	if (inv->issued > as_of) {
		return 0;
	}
	int64_t left = p->outstanding;
	arnet_standing st;
	arnet_standing_of(&st, inv, p->allocs, p->nallocs, as_of);
	if (st.loss > 0 && r->lost == 0) {
		memcpy(r->lost_no, inv->number, sizeof(r->lost_no));
	}
	r->lost += st.loss;
	if (left > 0) {
		int32_t dpd = p->days_past_due;
		if (dpd > 0) {
			r->overdue += left;
		}
		if (dpd > r->oldest) {
			r->oldest = dpd;
			memcpy(r->oldest_no, inv->number, sizeof(r->oldest_no));
		}
		return 0;
	}
	/* Settled by as_of: by payments that still stand (the last one's
	 * day), or by a write-off (a loss, which ends a streak); credited
	 * or void in full, it says nothing about paying. */
	if (st.state != ARNET_STANDS_PAID && st.state != ARNET_STANDS_LOSS) {
		return 0;
	}
	if (ARNET_GROW(&r->s, r->ns, &r->caps, 16) != ARNET_OK) {
		return arnet_diag_set(r->d, ARNET_ENOMEM, "out of memory");
	}
	r->s[r->ns].due = inv->due;
	r->s[r->ns].loss = st.state == ARNET_STANDS_LOSS;
	r->s[r->ns].paid = r->s[r->ns].loss ? st.written_off_on : st.paid_on;
	r->ns++;
	return 0;
}

static int
by_paid(const void *x, const void *y)
{
	const settled *a = x, *b = y;
	if (a->paid != b->paid) {
		return a->paid < b->paid ? -1 : 1;
	}
	return (a->due > b->due) - (a->due < b->due);
}

/* limit * (100 + pct) / 100, rounded down to a whole unit of 100. */
static int64_t
scale(int64_t limit, int pct)
{
	__int128 v = (__int128)limit * (100 + pct) / 100;
	if (v > INT64_MAX) {
		v = INT64_MAX;
	}
	return (int64_t)v;
}

static int
rv_customer_end(const arnet_customer *c, void *arg)
{
	struct review_run *r = arg;
	const arnet_books_policy *pol = r->pol;
	arnet_review_item it;
	char day[ARNET_DATE_TEXT_MAX + 1];

	if (c->status == ARNET_CUST_CLOSED) {
		return 0;
	}
	memset(&it, 0, sizeof(it));
	it.c = *c;
	it.new_terms = c->terms_days;
	if (r->overdue > 0 || r->lost > 0) {
		it.kind = ARNET_REVIEW_CUT;
		it.new_limit =
		        c->credit_limit == ARNET_NO_LIMIT
		                ? ARNET_NO_LIMIT
		                : scale(c->credit_limit, -pol->cut_percent);
		it.new_terms = c->terms_days - pol->shorten_days;
		if (it.new_terms < pol->min_terms) {
			it.new_terms = pol->min_terms;
		}
		if (r->overdue > 0) {
			snprintf(it.reason, sizeof(it.reason),
			         "invoice %s is %d days overdue", r->oldest_no,
			         r->oldest);
		} else {
			snprintf(it.reason, sizeof(it.reason),
			         "invoice %s was written off: a loss",
			         r->lost_no);
		}
	} else if (r->ns >= (size_t)pol->on_time_streak) {
		qsort(r->s, r->ns, sizeof(*r->s), by_paid);
		size_t k = r->ns - (size_t)pol->on_time_streak;
		for (size_t i = k; i < r->ns; i++) {
			if (r->s[i].paid > r->s[i].due || r->s[i].loss) {
				return 0;
			}
		}
		it.kind = ARNET_REVIEW_RAISE;
		it.new_limit =
		        c->credit_limit == ARNET_NO_LIMIT
		                ? ARNET_NO_LIMIT
		                : scale(c->credit_limit, pol->raise_percent);
		(void)arnet_date_format(day, sizeof(day), r->s[r->ns - 1].paid);
		snprintf(it.reason, sizeof(it.reason),
		         "the last %d invoices were paid on time (the latest "
		         "on %s)",
		         pol->on_time_streak, day);
	} else {
		return 0;
	}
	if (ARNET_GROW(&r->r->v, r->r->n, &r->cap, 16) != ARNET_OK) {
		return arnet_diag_set(r->d, ARNET_ENOMEM, "out of memory");
	}
	r->r->v[r->r->n++] = it;
	return 0;
}

int
arnet_review_build(arnet_txn *t, int32_t as_of, const arnet_books_policy *pol,
                   arnet_review *out, arnet_diag *d)
{
	struct review_run r = {.r = out, .pol = pol, .d = d};
	arnet_ledger_visitor each = {rv_customer, NULL, rv_customer_end, &r};
	arnet_position_visitor v = {as_of, NULL, 0, rv_position, each};
	memset(out, 0, sizeof(*out));
	out->as_of = as_of;
	int rv = arnet_position_scan(t, NULL, &v, d);
	free(r.s);
	if (rv != ARNET_OK) {
		arnet_review_free(out);
	}
	return rv;
}

void
arnet_review_free(arnet_review *r)
{
	arnet_grow_free(&r->v, &r->n);
}
