/*
 * books_alerts.c - the books' triggers (arnet_books_alerts.h). `triggers`
 * key: customer id 0 invoice number 0 u8 trigger, then u8 stage (a stage
 * reached) or be32 the promise's day (a promise broken); customer id 0 0
 * u8 3 for the limit warning. Value: i64 when it raised its alert.
 */
#include "arnet_books_alerts.h"
#include "arnet_codec.h"
#include "arnet_date.h"
#include "arnet_dunning.h"
#include "arnet_grow.h"
#include "arnet_money.h"
#include "arnet_order_check.h"
#include "txn.h"

#include <stdio.h>
#include <string.h>

#define KEY_MAX (ARNET_ID_MAX + 1 + ARNET_INVOICE_NO_MAX + 1 + 1 + 4)

static size_t
trigger_key(uint8_t *key, const arnet_ident *c, const char *invoice,
            int trigger, uint32_t which, size_t which_bytes)
{
	size_t a = strlen(c->text), b = strlen(invoice), n;
	memcpy(key, c->text, a);
	key[a] = 0;
	memcpy(key + a + 1, invoice, b);
	key[a + 1 + b] = 0;
	key[a + b + 2] = (uint8_t)trigger;
	n = a + b + 3;
	for (size_t i = 0; i < which_bytes; i++) {
		key[n++] = (uint8_t)(which >> (8 * (which_bytes - 1 - i)));
	}
	return n;
}

/* Raise the alert unless its key says it was: *raised + 1 when it is. */
static int
raise_once(arnet_txn *t, const uint8_t *key, size_t klen, const arnet_ident *c,
           int trigger, const char *detail, int64_t now, size_t *raised,
           arnet_diag *d)
{
	uint8_t v[8];
	MDB_val old;
	arnet_be64_write(v, (uint64_t)now);
	int rv = st_put_new(t, ST_TRIGGERS, key, klen, v, sizeof(v), &old, d);
	if (rv == ARNET_EEXIST) {
		return ARNET_OK;
	}
	if (rv == ARNET_OK &&
	    (rv = arnet_alert_raise_books(t, c, trigger, detail, now, NULL,
	                                  d)) == ARNET_OK) {
		(*raised)++;
	}
	return rv;
}

static const char *
money(char *buf, size_t cap, int64_t minor, const char *cur)
{
	return arnet_money_format(buf, cap, minor, cur, 1) == ARNET_OK ? buf
	                                                               : "?";
}

static int
queue_alerts(arnet_txn *t, int32_t as_of, const arnet_check_policy *pol,
             int64_t now, size_t *raised, arnet_diag *d)
{
	arnet_dunning_queue q;
	int rv = arnet_dunning_queue_build(t, as_of, &pol->books, NULL, &q, d);
	for (size_t i = 0; rv == ARNET_OK && i < q.n; i++) {
		const arnet_dunning_action *x = &q.v[i];
		uint8_t key[KEY_MAX];
		char detail[ARNET_ALERT_DETAIL_MAX + 1], m[48], day[16];
		size_t klen;
		int trigger;
		if (x->status == ARNET_DUN_PROMISE_BROKEN) {
			trigger = ARNET_TRIGGER_PROMISE;
			klen = trigger_key(key, &x->inv.customer, x->inv.number,
			                   trigger, (uint32_t)x->promise.date,
			                   4);
			(void)arnet_date_format(day, sizeof(day),
			                        x->promise.date);
			snprintf(
			        detail, sizeof(detail),
			        "invoice %s: the promise to pay %s %s by %s is "
			        "broken; %s %s outstanding, %d days past due",
			        x->inv.number,
			        money(m, sizeof(m), x->promise.amount,
			              x->inv.currency),
			        x->inv.currency, day,
			        money(m, sizeof(m), x->outstanding,
			              x->inv.currency),
			        x->inv.currency, (int)x->days_past_due);
		} else if (x->status == ARNET_DUN_DUE) {
			trigger = ARNET_TRIGGER_STAGE;
			klen = trigger_key(key, &x->inv.customer, x->inv.number,
			                   trigger, (uint32_t)x->stage, 1);
			snprintf(
			        detail, sizeof(detail),
			        "invoice %s reached the %s stage: %d days past "
			        "due, %s %s outstanding",
			        x->inv.number, arnet_stage_name(x->stage),
			        (int)x->days_past_due,
			        money(m, sizeof(m), x->outstanding,
			              x->inv.currency),
			        x->inv.currency);
		} else {
			continue; /* waiting on an open promise */
		}
		rv = raise_once(t, key, klen, &x->inv.customer, trigger, detail,
		                now, raised, d);
	}
	arnet_dunning_queue_free(&q);
	return rv;
}

/* The customers with a limit, gathered before any write. */
typedef struct limited {
	arnet_ident *v;
	size_t n, cap;
} limited;

static int
take_limited(const arnet_customer *c, void *arg)
{
	limited *l = arg;
	if (c->credit_limit == ARNET_NO_LIMIT) {
		return 0;
	}
	if (ARNET_GROW(&l->v, l->n, &l->cap, 64) != ARNET_OK) {
		return ARNET_ENOMEM;
	}
	l->v[l->n++] = c->id;
	return 0;
}

static int
limit_alerts(arnet_txn *t, int32_t as_of, const arnet_check_policy *pol,
             int64_t now, size_t *raised, arnet_diag *d)
{
	limited l = {NULL, 0, 0};
	int rv = arnet_customer_scan(t, take_limited, &l, d);
	for (size_t i = 0; rv == ARNET_OK && i < l.n; i++) {
		arnet_order_check oc;
		uint8_t key[KEY_MAX];
		size_t klen = trigger_key(key, &l.v[i], "", ARNET_TRIGGER_LIMIT,
		                          0, 0);
		if ((rv = arnet_order_check_on(t, &l.v[i], 0, as_of, pol, NULL,
		                               &oc, d)) != ARNET_OK) {
			break;
		}
		int near = 0;
		for (int k = 0; k < oc.nreasons; k++) {
			near |= oc.reasons[k].why == ARNET_WHY_NEAR_LIMIT ||
			        oc.reasons[k].why == ARNET_WHY_LIMIT;
		}
		if (!near) {
			/* below again: a later crossing is news again */
			rv = st_del(t, ST_TRIGGERS, key, klen, d);
			rv = rv == ARNET_ENOTFOUND ? ARNET_OK : rv;
			continue;
		}
		char detail[ARNET_ALERT_DETAIL_MAX + 1], m1[48], m2[48];
		const char *cur = oc.c.currency;
		int64_t pct = oc.c.credit_limit > 0
		                      ? oc.exposure * 100 / oc.c.credit_limit
		                      : 100;
		snprintf(detail, sizeof(detail),
		         "exposure %s %s is %lld%% of the credit limit %s %s",
		         money(m1, sizeof(m1), oc.exposure, cur), cur,
		         (long long)pct,
		         money(m2, sizeof(m2), oc.c.credit_limit, cur), cur);
		rv = raise_once(t, key, klen, &l.v[i], ARNET_TRIGGER_LIMIT,
		                detail, now, raised, d);
	}
	arnet_grow_free(&l.v, &l.n);
	return rv;
}

int
arnet_books_alerts_scan(arnet_txn *t, int32_t as_of,
                        const arnet_check_policy *pol, int64_t now,
                        size_t *raised, arnet_diag *d)
{
	size_t n = 0;
	int rv = queue_alerts(t, as_of, pol, now, &n, d);
	if (rv == ARNET_OK) {
		rv = limit_alerts(t, as_of, pol, now, &n, d);
	}
	if (raised != NULL) {
		*raised = n;
	}
	return rv;
}
