/*
 * order_check.c - may this customer take this order on credit?
 *
 * The practice: warn when exposure reaches 80% of the credit limit; hold
 * orders that would take it over the limit, and every order of a customer
 * with anything more than 30 days overdue (stop supply). Exposure is what
 * the customer owes now, less its unapplied credit, plus the order.
 */
#include "arnet_money.h"
#include "arnet_reports.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct oc_run {
	arnet_order_check *o;
	const arnet_books_policy *pol;
};

static void reason(arnet_order_check *o, int decision, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void
reason(arnet_order_check *o, int decision, const char *fmt, ...)
{
	va_list ap;
	if (decision > o->decision) {
		o->decision = decision;
	}
	if (o->nreasons < ARNET_REASONS_MAX) {
		va_start(ap, fmt);
		vsnprintf(o->reasons[o->nreasons++], sizeof(o->reasons[0]), fmt,
		          ap);
		va_end(ap);
	}
}

static int
oc_invoice(const arnet_customer *c, const arnet_invoice *inv,
           const arnet_alloc *allocs, size_t n, void *arg)
{
	struct oc_run *r = arg;
	arnet_order_check *o = r->o;
	if (strcmp(inv->currency, c->currency) != 0) {
		return 0;
	}
	int64_t left = arnet_outstanding(inv, allocs, n, o->as_of);
	if (left == 0) {
		return 0;
	}
	int32_t dpd = o->as_of - inv->due;
	if (arnet_money_add(&o->balance, o->balance, left) != ARNET_OK) {
		return ARNET_ERANGE;
	}
	if (dpd > o->oldest_dpd) {
		o->oldest_dpd = dpd;
	}
	if (dpd > r->pol->hold_days) {
		o->overdue_beyond += left;
	}
	return 0;
}

static int
oc_payment(const arnet_payment *p, void *arg)
{
	arnet_order_check *o = arg;
	if (p->date <= o->as_of && strcmp(p->currency, o->c.currency) == 0) {
		o->unapplied += p->unapplied;
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

int
arnet_order_check_run(arnet_txn *t, const arnet_ident *id, int64_t amount,
                      int32_t as_of, const arnet_books_policy *pol,
                      arnet_order_check *o, arnet_diag *d)
{
	struct oc_run r = {o, pol};
	arnet_ledger_visitor v = {NULL, oc_invoice, NULL, &r};
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
	rv = arnet_ledger_scan(t, id, &v, d);
	if (rv == ARNET_OK) {
		rv = arnet_payment_scan(t, id, oc_payment, o, d);
	}
	if (rv == ARNET_ERANGE ||
	    (rv == ARNET_OK &&
	     (arnet_money_sub(&o->exposure, o->balance, o->unapplied) != 0 ||
	      arnet_money_add(&o->exposure, o->exposure, amount) != 0))) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "order check: amounts overflow");
	}
	if (rv != ARNET_OK) {
		return rv;
	}
	const char *cur = o->c.currency;
	if (o->c.status == ARNET_CUST_HOLD) {
		reason(o, ARNET_ORDER_HOLD, "on credit hold (%s)",
		       o->c.hold_reason);
	} else if (o->c.status == ARNET_CUST_CLOSED) {
		reason(o, ARNET_ORDER_HOLD, "the account is closed");
	}
	if (o->overdue_beyond > 0) {
		money(m1, o->overdue_beyond, cur);
		reason(o, ARNET_ORDER_HOLD,
		       "%s %s is more than %d days overdue (oldest %d days)",
		       m1, cur, pol->hold_days, o->oldest_dpd);
	}
	money(m1, o->exposure, cur);
	if (o->c.credit_limit == ARNET_NO_LIMIT) {
		reason(o, ARNET_ORDER_WARN,
		       "no credit limit is set (exposure would be %s %s)", m1,
		       cur);
	} else if (o->exposure > o->c.credit_limit) {
		money(m2, o->c.credit_limit, cur);
		money(m3, o->exposure - o->c.credit_limit, cur);
		reason(o, ARNET_ORDER_HOLD,
		       "exposure %s %s would exceed the limit %s by %s", m1,
		       cur, m2, m3);
	} else if ((__int128)o->exposure * 100 >=
	           (__int128)o->c.credit_limit * pol->warn_percent) {
		money(m2, o->c.credit_limit, cur);
		reason(o, ARNET_ORDER_WARN,
		       "exposure %s %s reaches %d%% of the limit %s", m1, cur,
		       pol->warn_percent, m2);
	}
	if (o->nreasons == 0) {
		money(m2, o->c.credit_limit, cur);
		reason(o, ARNET_ORDER_ALLOW,
		       "exposure %s %s is within the limit %s, nothing "
		       "overdue beyond %d days",
		       m1, cur, m2, pol->hold_days);
	}
	return ARNET_OK;
}
