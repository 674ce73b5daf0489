/*
 * standing.c - how an invoice stands as of a date, read by the kind
 * of each entry on it (arnet_standing_of).
 *
 * The entries of an invoice (arnet_alloc) are payments, credit notes,
 * write-offs and a void, and a reversed payment's second, negative entry
 * on its reversal day. "Outstanding" sums them all; what the payment
 * behaviour of a customer is judged on (the credit check's own books,
 * the trade reference, the limit review) must tell them apart, as
 * accounting does: a credit note or a void reduces what was invoiced
 * (it is not a payment), a write-off is a loss (never "paid"), and a
 * reversed payment stops counting from its reversal day. Written once
 * here so that those three readers cannot disagree.
 */
#include "arnet_reports.h"

#include <string.h>

/* Whether payment entry i of a is undone by a reversal dated <= as_of. */
static int
reversed_by(const arnet_alloc *a, size_t n, size_t i, int32_t as_of)
{
	for (size_t j = 0; j < n; j++) {
		if (a[j].kind == ARNET_ALLOC_PAYMENT && a[j].amount < 0 &&
		    a[j].payment == a[i].payment && a[j].date <= as_of) {
			return 1;
		}
	}
	return 0;
}

int64_t
arnet_loss_of(const arnet_alloc *a, size_t n, int32_t day, int32_t as_of)
{
	int64_t loss = 0;
	for (size_t i = 0; i < n; i++) {
		if (a[i].kind == ARNET_ALLOC_WRITE_OFF && a[i].date <= day &&
		    a[i].date > as_of - ARNET_LOSS_DAYS) {
			loss += a[i].amount;
		}
	}
	return loss;
}

void
arnet_standing_of(arnet_standing *s, const arnet_invoice *inv,
                  const arnet_alloc *a, size_t n, int32_t as_of)
{
	int any_reversal = 0;
	memset(s, 0, sizeof(*s));
	s->paid_on = INT32_MIN;
	s->written_off_on = INT32_MIN;
	if (inv->issued > as_of) {
		return; /* ARNET_STANDS_NONE: not issued yet */
	}
	s->net = inv->amount;
	for (size_t i = 0; i < n; i++) {
		if (a[i].date > as_of) {
			continue;
		}
		switch (a[i].kind) {
		case ARNET_ALLOC_PAYMENT:
			s->paid += a[i].amount;
			any_reversal |= a[i].amount < 0;
			break;
		case ARNET_ALLOC_CREDIT_NOTE:
		case ARNET_ALLOC_VOID:
			s->net -= a[i].amount;
			break;
		case ARNET_ALLOC_WRITE_OFF:
			s->written_off += a[i].amount;
			if (a[i].date > s->written_off_on) {
				s->written_off_on = a[i].date;
			}
			break;
		default:
			break;
		}
	}
	/* The day the last payment that still stands was made. */
	for (size_t i = 0; i < n; i++) {
		if (a[i].kind == ARNET_ALLOC_PAYMENT && a[i].amount > 0 &&
		    a[i].date <= as_of && a[i].date > s->paid_on &&
		    !(any_reversal && reversed_by(a, n, i, as_of))) {
			s->paid_on = a[i].date;
		}
	}
	s->outstanding = arnet_outstanding(inv, a, n, as_of);
	s->loss = arnet_loss_of(a, n, as_of, as_of);
	s->state = s->net <= 0               ? ARNET_STANDS_NONE
	           : s->written_off > 0      ? ARNET_STANDS_LOSS
	           : s->outstanding > 0      ? ARNET_STANDS_OPEN
	           : s->paid_on != INT32_MIN ? ARNET_STANDS_PAID
	                                     : ARNET_STANDS_NONE;
}
