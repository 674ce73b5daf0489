/*
 * letters.c - which dunning letter fits an invoice as it stands
 * (arnet_dunning.h, arnet_letter_fits).
 */
#include "arnet_date.h"
#include "arnet_dunning.h"
#include "arnet_money.h"

#include <stdio.h>

static const char *
money_text(char *buf, int64_t minor, const char *cur)
{
	if (arnet_money_format(buf, ARNET_MONEY_TEXT_MAX + 1, minor, cur, 1) !=
	    ARNET_OK) {
		snprintf(buf, ARNET_MONEY_TEXT_MAX + 1, "%lld",
		         (long long)minor);
	}
	return buf;
}

/* buf: ARNET_MONEY_TEXT_MAX + 1 bytes, more than a date needs. */
static const char *
date_text(char *buf, int32_t day)
{
	if (arnet_date_format(buf, ARNET_MONEY_TEXT_MAX + 1, day) != ARNET_OK) {
		snprintf(buf, ARNET_MONEY_TEXT_MAX + 1, "day %ld", (long)day);
	}
	return buf;
}

int
arnet_letter_fits(const arnet_invoice_state *v, const arnet_books_policy *pol,
                  int stage, arnet_diag *d)
{
	char b1[ARNET_MONEY_TEXT_MAX + 1], b2[ARNET_MONEY_TEXT_MAX + 1];
	const char *num = v->inv.number, *cur = v->inv.currency;
	int reached = arnet_dunning_stage_at(pol, v->days_past_due);
	/* What closed it: the last entry that counts by then. */
	int32_t closed = 0;
	int closed_by = ARNET_ALLOC_PAYMENT;
	for (size_t i = 0; i < v->nallocs; i++) {
		const arnet_alloc *a = &v->allocs[i];
		if (a->date <= v->as_of && a->amount > 0) {
			closed = a->date;
			closed_by = a->kind;
		}
	}
	if (v->outstanding <= 0 && (closed_by == ARNET_ALLOC_VOID ||
	                            closed_by == ARNET_ALLOC_WRITE_OFF)) {
		return arnet_diag_set(
		        d, ARNET_ERANGE,
		        "invoice %s was %s on %s: no letter to send "
		        "(--force to write one anyway)",
		        num,
		        closed_by == ARNET_ALLOC_VOID ? "void" : "written off",
		        date_text(b1, closed));
	}
	if (v->outstanding <= 0) {
		return arnet_diag_set(
		        d, ARNET_ERANGE,
		        "invoice %s (%s %s) is paid in full as of %s: "
		        "no letter to send (--force to write one "
		        "anyway)",
		        num, money_text(b1, v->inv.amount, cur), cur,
		        date_text(b2, v->as_of));
	}
	if (v->days_past_due < pol->stage_from[stage]) {
		return arnet_diag_set(
		        d, ARNET_ERANGE,
		        "invoice %s is %d days past due as of %s (due %s); the "
		        "%s letter is for %d days past due or more (the stage "
		        "it has reached: %s; --force to write it anyway)",
		        num, v->days_past_due, date_text(b1, v->as_of),
		        date_text(b2, v->inv.due), arnet_stage_name(stage),
		        pol->stage_from[stage],
		        reached ? arnet_stage_name(reached) : "none yet");
	}
	if (stage == ARNET_STAGE_REMINDER && v->days_past_due > 0) {
		return arnet_diag_set(
		        d, ARNET_ERANGE,
		        "invoice %s is already %d days past due (due "
		        "%s): the reminder speaks of a coming due "
		        "date; the stage it has reached is %s "
		        "(--force to write it anyway)",
		        num, v->days_past_due, date_text(b1, v->inv.due),
		        arnet_stage_name(reached));
	}
	return ARNET_OK;
}
