/*
 * dso.c - days sales outstanding and the collection rate of a period.
 *
 * DSO = receivables at the end of the period / credit sales in the period
 * * days in the period (the "countback-free" textbook form, which is what
 * the source practice means); collection rate = payments received in the
 * period / (receivables at its start + sales in it). Both are exact
 * integer ratios, rounded half up to their printed precision.
 *
 * Corrections as accounting reads them: sales are the period's invoices
 * less what credit notes and voids took off them by the date (net credit
 * sales); collections are real payments only (a credit note or a
 * write-off collects nothing), and a payment reversed on or before the
 * date no longer counts.
 */
#include "arnet_days.h"
#include "arnet_money.h"
#include "arnet_reports.h"

#include <stdio.h>
#include <string.h>

struct dso_run {
	arnet_dso *o;
	int32_t start; /* the day before the period */
	int overflow;
	arnet_txn *t;
	arnet_diag *d;
};

static void
add(int64_t *sum, int64_t v, struct dso_run *r)
{
	if (arnet_money_add(sum, *sum, v) != ARNET_OK) {
		r->overflow = 1;
	}
}

static int
dso_position(const arnet_position *p, void *arg)
{
	struct dso_run *r = arg;
	arnet_dso *o = r->o;
	const arnet_invoice *inv = p->inv;
	add(&o->receivables, p->outstanding, r);
	add(&o->opening,
	    arnet_outstanding(inv, p->allocs, p->nallocs, r->start), r);
	if (inv->issued > r->start && inv->issued <= o->as_of) {
		/* A credit note or a void takes back what was sold. */
		arnet_standing s;
		arnet_standing_of(&s, inv, p->allocs, p->nallocs, o->as_of);
		add(&o->sales, s.net > 0 ? s.net : 0, r);
	}
	return 0;
}

static int
dso_payment(const arnet_payment *p, void *arg)
{
	struct dso_run *r = arg;
	/* A payment reversed by the date (a bounced bill) collected
	 * nothing; as of a day before its reversal it still counts. */
	int standing = p->reversal == 0 || p->reversed > r->o->as_of;
	if (strcmp(p->currency, r->o->currency) == 0 && p->date > r->start &&
	    p->date <= r->o->as_of && standing) {
		add(&r->o->collected, p->amount, r);
	}
	return 0;
}

static int
dso_customer_end(const arnet_customer *c, void *arg)
{
	struct dso_run *r = arg;
	return arnet_payment_scan(r->t, &c->id, dso_payment, r, r->d);
}

/* round(num * scale / den), half up, for num, den >= 0. */
static int64_t
ratio(int64_t num, int64_t scale, int64_t den)
{
	__int128 q = ((__int128)num * scale * 2 + den) / ((__int128)den * 2);
	return q > INT64_MAX ? INT64_MAX : (int64_t)q;
}

int
arnet_dso_build(arnet_txn *t, int32_t as_of, int days, const char *currency,
                arnet_dso *out, arnet_diag *d)
{
	struct dso_run r = {.o = out, .t = t, .d = d};
	arnet_ledger_visitor each = {NULL, NULL, dso_customer_end, &r};
	arnet_position_visitor v = {as_of, out->currency, 0, dso_position,
	                            each};
	memset(out, 0, sizeof(*out));
	if (days < 1 || days > ARNET_DECADE_DAYS) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "the period must be 1 to %d days",
		                      ARNET_DECADE_DAYS);
	}
	out->as_of = as_of;
	out->days = days;
	r.start = as_of - days;
	snprintf(out->currency, sizeof(out->currency), "%s", currency);
	int rv = arnet_position_scan(t, NULL, &v, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	if (r.overflow) {
		return arnet_diag_set(d, ARNET_ERANGE, "dso: totals overflow");
	}
	out->dso_centidays = out->sales > 0
	                             ? ratio(out->receivables,
	                                     (int64_t)days * 100, out->sales)
	                             : -1;
	int64_t due = out->opening + out->sales;
	out->collection_bp = due > 0 ? ratio(out->collected, 10000, due) : -1;
	return ARNET_OK;
}
