/*
 * order_check.c - may this customer take this order on credit?
 *
 * The practice: warn when exposure reaches 80% of the credit limit; hold
 * orders that would take it over the limit, and every order of a customer
 * with anything more than 30 days overdue, in any currency (stop supply).
 * Exposure is what the customer owes now, less its unapplied credit
 * (payments not reversed as of the date and the part of credit notes no
 * invoice took, each in its own currency: arnet_unapplied_scan), plus
 * the order, in the limit's currency; what it owes in other currencies is
 * converted with the configured rates, or named and left out (then the
 * order check warns: it cannot tell). The shared log speaks too: a
 * knock-out of the credit check holds, another member's DEFAULT or
 * CREDIT_STOP in force warns or holds (on_peer_default).
 *
 * What was written off (within ARNET_LOSS_DAYS) is no longer owed and
 * not in the exposure; it is counted per currency (written_off) for the
 * credit check, which weighs it as a loss from these same numbers.
 */
#include "arnet_date.h"
#include "arnet_check.h"
#include "arnet_money.h"
#include "arnet_order_check.h"
#include "arnet_publish_rules.h"
#include "arnet_reports.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void reason(arnet_order_check *o, int decision, int why,
                   const uint8_t *record, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));

static void
reason(arnet_order_check *o, int decision, int why, const uint8_t *record,
       const char *fmt, ...)
{
	va_list ap;
	if (decision > o->decision) {
		o->decision = decision;
	}
	if (o->nreasons == ARNET_REASONS_MAX) {
		/* The last slot says that more was found; the decision above
		 * already counts every one. */
		arnet_order_reason *r = &o->reasons[ARNET_REASONS_MAX - 1];
		snprintf(r->text, sizeof(r->text),
		         "and further reasons (see arnet check)");
		r->why = why;
		r->decision = r->decision > decision ? r->decision : decision;
		memset(r->record, 0, sizeof(r->record));
		return;
	}
	arnet_order_reason *r = &o->reasons[o->nreasons++];
	memset(r, 0, sizeof(*r));
	r->decision = decision;
	r->why = why;
	if (record != NULL) {
		memcpy(r->record, record, sizeof(r->record));
	}
	va_start(ap, fmt);
	vsnprintf(r->text, sizeof(r->text), fmt, ap);
	va_end(ap);
}

static arnet_order_owed *
owed_in(arnet_order_check *o, const char *cur)
{
	for (size_t i = 0; i < o->nowed; i++) {
		if (strcmp(o->owed[i].currency, cur) == 0) {
			return &o->owed[i];
		}
	}
	if (o->nowed == ARNET_ORDER_CURRENCY_MAX) {
		return NULL;
	}
	arnet_order_owed *w = &o->owed[o->nowed++];
	memset(w, 0, sizeof(*w));
	memcpy(w->currency, cur, 4);
	return w;
}

struct oc_run {
	arnet_order_check *o;
	const arnet_books_policy *pol;
};

static int
oc_position(const arnet_position *p, void *arg)
{
	struct oc_run *r = arg;
	arnet_order_check *o = r->o;
	int64_t left = p->outstanding;
	int64_t loss = arnet_loss_of(p->allocs, p->nallocs, o->as_of, o->as_of);
	if (left == 0 && loss == 0) {
		return 0; /* settled, or not issued yet */
	}
	arnet_order_owed *w = owed_in(o, p->inv->currency);
	int32_t dpd = p->days_past_due;
	if (w == NULL || arnet_money_add(&w->balance, w->balance, left) != 0 ||
	    arnet_money_add(&w->written_off, w->written_off, loss) != 0) {
		return ARNET_ERANGE;
	}
	if (left == 0) {
		return 0; /* written off: a loss, no longer owed */
	}
	if (dpd > w->oldest_dpd) {
		w->oldest_dpd = dpd;
	}
	if (dpd > 0 && arnet_money_add(&w->overdue, w->overdue, left) != 0) {
		return ARNET_ERANGE;
	}
	if (dpd > o->oldest_dpd) {
		o->oldest_dpd = dpd;
	}
	if (dpd > r->pol->hold_days &&
	    arnet_money_add(&w->overdue_beyond, w->overdue_beyond, left) != 0) {
		return ARNET_ERANGE;
	}
	return 0;
}

/* Credit left on a payment (not reversed) or a credit note, set against
 * what is owed in its own currency. */
static int
oc_unapplied(const char *currency, int64_t amount, void *arg)
{
	arnet_order_check *o = arg;
	arnet_order_owed *w = owed_in(o, currency);
	if (w == NULL ||
	    arnet_money_add(&w->unapplied, w->unapplied, amount) != 0) {
		return ARNET_ERANGE;
	}
	return 0;
}

static void
money(char *buf, int64_t v, const char *cur)
{
	if (arnet_money_format(buf, ARNET_MONEY_TEXT_MAX + 1, v, cur, 1) !=
	    ARNET_OK) {
		snprintf(buf, ARNET_MONEY_TEXT_MAX + 1, "%lld", (long long)v);
	}
}

/* Exposure in the customer's currency: its own, plus every other
 * currency the rates convert; the others are named. */
static int
exposure(arnet_order_check *o, const arnet_check_policy *pol)
{
	int64_t e = 0, x;
	char m[40];
	for (size_t i = 0; i < o->nowed; i++) {
		const arnet_order_owed *w = &o->owed[i];
		int64_t net;
		if (arnet_money_sub(&net, w->balance, w->unapplied) != 0) {
			return ARNET_ERANGE;
		}
		if (net == 0) {
			continue;
		}
		int rv = arnet_fx_convert(&pol->fx, &x, net, w->currency,
		                          o->c.currency);
		if (rv == ARNET_ENOTFOUND) {
			o->uncombined = 1;
			money(m, net, w->currency);
			reason(o, ARNET_ORDER_WARN, ARNET_WHY_UNCOMBINED, NULL,
			       "owes %s %s, which no [fx] rate converts to %s: "
			       "not set against the limit",
			       m, w->currency, o->c.currency);
			continue;
		}
		if (rv != ARNET_OK || arnet_money_add(&e, e, x) != 0) {
			return ARNET_ERANGE;
		}
		if (i > 0) {
			o->fx_date = pol->fx.date;
		}
	}
	o->headroom = o->c.credit_limit == ARNET_NO_LIMIT ? -1
	              : o->c.credit_limit > e ? o->c.credit_limit - e
	                                      : 0;
	return arnet_money_add(&o->exposure, e, o->order) != 0 ? ARNET_ERANGE
	                                                       : ARNET_OK;
}

/* What the shared log says: a knock-out holds; another member's DEFAULT
 * or CREDIT_STOP in force warns or holds, by policy. */
static void
log_reasons(arnet_order_check *o, const arnet_check_policy *pol,
            const arnet_log_facts *f)
{
	const arnet_fact *why = NULL;
	char text[260];
	int64_t as_of = arnet_date_end(o->as_of);
	int natural =
	        arnet_subject_is_natural_person(&o->c.id, o->c.individual);
	char ko = arnet_check_knockout(f, as_of, natural, pol, 1, &why);
	if (ko != 0 && why != NULL) {
		arnet_fact_describe(text, sizeof(text), why);
		reason(o, ARNET_ORDER_HOLD, ARNET_WHY_KNOCKOUT, why->hash,
		       "knock-out of the credit check (grade %c at best): %s",
		       ko, text);
	}
	for (size_t i = 0; i < f->n; i++) {
		const arnet_fact *x = &f->v[i];
		if (x == why || !arnet_check_fact_counts(x, natural, pol, 1) ||
		    !(x->state == ARNET_FACT_STOP || arnet_fact_owing(x))) {
			continue;
		}
		arnet_fact_describe(text, sizeof(text), x);
		reason(o, pol->on_peer_default, ARNET_WHY_PEER, x->hash,
		       "shared log: %s", text);
	}
}

int
arnet_order_check_on(arnet_txn *t, const arnet_ident *id, int64_t amount,
                     int32_t as_of, const arnet_check_policy *pol,
                     const arnet_log_facts *facts, arnet_order_check *o,
                     arnet_diag *d)
{
	const arnet_books_policy *bp = &pol->books;
	struct oc_run r = {o, bp};
	/* Every invoice, not only open ones: a written-off one is read for
	 * its loss (oc_position skips the settled). */
	arnet_position_visitor v = {as_of, NULL, 0, oc_position, {.arg = &r}};
	char m1[40], m2[40], m3[40];
	int rv;

	memset(o, 0, sizeof(*o));
	o->as_of = as_of;
	o->order = amount;
	if (amount < 0) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "the order amount is negative");
	}
	if ((rv = arnet_customer_get(t, id, &o->c, d)) != 0) {
		return rv;
	}
	(void)owed_in(o, o->c.currency); /* the limit's currency first */
	rv = arnet_position_scan(t, id, &v, d);
	if (rv == ARNET_OK) {
		rv = arnet_unapplied_scan(t, id, as_of, oc_unapplied, o, d);
	}
	if (rv == ARNET_OK) {
		rv = exposure(o, pol);
	}
	if (rv == ARNET_ERANGE) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "order check: amounts overflow, or more "
		                      "than %d currencies",
		                      ARNET_ORDER_CURRENCY_MAX);
	}
	if (rv != ARNET_OK) {
		return rv;
	}
	const char *cur = o->c.currency;
	if (o->c.status == ARNET_CUST_HOLD) {
		reason(o, ARNET_ORDER_HOLD, ARNET_WHY_STATUS, NULL,
		       "on credit hold (%s)", o->c.hold_reason);
	} else if (o->c.status == ARNET_CUST_CLOSED) {
		reason(o, ARNET_ORDER_HOLD, ARNET_WHY_STATUS, NULL,
		       "the account is closed");
	}
	for (size_t i = 0; i < o->nowed; i++) {
		const arnet_order_owed *w = &o->owed[i];
		if (w->overdue_beyond > 0) {
			money(m1, w->overdue_beyond, w->currency);
			reason(o, ARNET_ORDER_HOLD, ARNET_WHY_OVERDUE, NULL,
			       "%s %s is more than %d days overdue (oldest "
			       "%d days)",
			       m1, w->currency, bp->hold_days, w->oldest_dpd);
		}
	}
	money(m1, o->exposure, cur);
	if (o->c.credit_limit == ARNET_NO_LIMIT) {
		reason(o, ARNET_ORDER_WARN, ARNET_WHY_NO_LIMIT, NULL,
		       "no credit limit is set (exposure would be %s %s)", m1,
		       cur);
	} else if (o->exposure > o->c.credit_limit) {
		money(m2, o->c.credit_limit, cur);
		money(m3, o->exposure - o->c.credit_limit, cur);
		reason(o, ARNET_ORDER_HOLD, ARNET_WHY_LIMIT, NULL,
		       "exposure %s %s would exceed the limit %s by %s", m1,
		       cur, m2, m3);
	} else if ((__int128)o->exposure * 100 >=
	           (__int128)o->c.credit_limit * bp->warn_percent) {
		money(m2, o->c.credit_limit, cur);
		reason(o, ARNET_ORDER_WARN, ARNET_WHY_NEAR_LIMIT, NULL,
		       "exposure %s %s reaches %d%% of the limit %s", m1, cur,
		       bp->warn_percent, m2);
	}
	if (facts != NULL) {
		log_reasons(o, pol, facts);
	}
	if (o->nreasons == 0) {
		money(m2, o->c.credit_limit, cur);
		reason(o, ARNET_ORDER_ALLOW, ARNET_WHY_WITHIN, NULL,
		       "exposure %s %s is within the limit %s, nothing "
		       "overdue beyond %d days, nothing against it in the "
		       "shared log",
		       m1, cur, m2, bp->hold_days);
	}
	return ARNET_OK;
}

int
arnet_order_check_run(arnet_txn *t, const arnet_ident *id, int64_t amount,
                      int32_t as_of, const arnet_check_policy *pol,
                      const arnet_roster *roster, arnet_order_check *o,
                      arnet_diag *d)
{
	arnet_log_facts f;
	int64_t end = arnet_date_end(as_of);
	int rv = arnet_log_facts_gather(t, id, end, roster, pol->retention_days,
	                                pol->dispute_unverified_days, &f, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	rv = arnet_order_check_on(t, id, amount, as_of, pol,
	                          roster != NULL ? &f : NULL, o, d);
	arnet_log_facts_free(&f);
	return rv;
}
