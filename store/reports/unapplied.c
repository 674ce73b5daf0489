/*
 * unapplied.c - a customer's unapplied credit as of a date: what is left
 * of its payments and of its credit notes that no invoice took
 * (arnet_unapplied_scan).
 *
 * A payment's credit counts from its date until it is reversed
 * (arnet_payment_credit); a credit note's from its date on (a credit
 * note is not reversed: a correction of it is an invoice). Each stays
 * in its own currency. The aging's unapplied column and the order
 * check's exposure both read it here, so they cannot disagree.
 *
 * Cost: the payment scan of the customer, then the corrections scan,
 * stopped at the first correction that is not a credit note (credit
 * notes come first: arnet_corrections.h); the corrections scan steps
 * over the customer's payment keys without decoding them.
 */
#include "arnet_corrections.h"
#include "arnet_reports.h"

struct unapplied_run {
	int32_t as_of;
	arnet_unapplied_fn fn;
	void *arg;
};

static int
from_payment(const arnet_payment *p, void *arg)
{
	struct unapplied_run *u = arg;
	int64_t left = arnet_payment_credit(p, u->as_of);
	return left > 0 ? u->fn(p->currency, left, u->arg) : 0;
}

static int
from_credit_note(const arnet_correction *c, void *arg)
{
	struct unapplied_run *u = arg;
	if (c->kind != ARNET_CORR_CREDIT_NOTE) {
		return 1; /* past the credit notes: done */
	}
	return c->date <= u->as_of && c->unapplied > 0
	               ? u->fn(c->currency, c->unapplied, u->arg)
	               : 0;
}

int
arnet_unapplied_scan(arnet_txn *t, const arnet_ident *customer, int32_t as_of,
                     arnet_unapplied_fn fn, void *arg, arnet_diag *d)
{
	struct unapplied_run u = {as_of, fn, arg};
	int rv = arnet_payment_scan(t, customer, from_payment, &u, d);
	return rv != ARNET_OK ? rv
	                      : arnet_correction_scan(t, customer,
	                                              from_credit_note, &u, d);
}
