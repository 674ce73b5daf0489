/*
 * dunning.c - the dunning ladder: what to do next about each open
 * invoice, and the log of what was done.
 *
 * An invoice reaches a stage when its days past due reach the stage's
 * start (policy.stage_from). Only the highest stage reached is due: a
 * customer 95 days late gets the litigation step, not a friendly reminder
 * first. A stage logged for an invoice, or a later one, means nothing is
 * due until the next stage is reached. Logging the hold stage (by default
 * the formal letter at 30 days) puts the customer on credit hold, as the
 * practice says: stop supply.
 */
#include "arnet_codec.h"
#include "arnet_date.h"
#include "arnet_grow.h"
#include "arnet_reports.h"
#include "arnet_utf8.h"
#include "arnet_dunning.h"
#include "txn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_MAX (ARNET_ID_MAX + 1 + ARNET_INVOICE_NO_MAX + 2)

int
arnet_dunning_stage_at(const arnet_books_policy *pol, int32_t dpd)
{
	int stage = 0;
	for (int s = 1; s <= ARNET_STAGE_COUNT; s++) {
		if (dpd >= pol->stage_from[s]) {
			stage = s;
		}
	}
	return stage;
}

int32_t
arnet_dunning_default_from(const arnet_books_policy *pol)
{
	return pol->stage_from[pol->default_stage];
}

int
arnet_dunning_may_default(const arnet_books_policy *pol, int32_t dpd)
{
	return dpd >= arnet_dunning_default_from(pol);
}

/* Key: customer 0 number 0 stage. Without the stage: the prefix. */
static size_t
dun_key(uint8_t *key, const arnet_invoice *inv, int stage)
{
	size_t a = strlen(inv->customer.text), b = strlen(inv->number);
	memcpy(key, inv->customer.text, a);
	key[a] = 0;
	memcpy(key + a + 1, inv->number, b);
	key[a + 1 + b] = 0;
	key[a + b + 2] = (uint8_t)stage;
	return a + b + (stage ? 3 : 2);
}

int
arnet_dunning_log(arnet_txn *t, const char *number, int stage, int32_t date,
                  int64_t now, const char *note, const arnet_books_policy *pol,
                  int *hold_set, arnet_diag *d)
{
	arnet_invoice inv;
	uint8_t key[KEY_MAX], val[ARNET_BOOKS_NOTE_MAX + 32];
	arnet_wbuf w;
	MDB_val old;
	int rv;

	*hold_set = 0;
	if (stage < 1 || stage > ARNET_STAGE_COUNT) {
		return arnet_diag_set(d, ARNET_ERANGE, "unknown stage %d",
		                      stage);
	}
	if (!arnet_date_valid(date)) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "date outside 1900..9999");
	}
	if (strlen(note) > ARNET_BOOKS_NOTE_MAX ||
	    !arnet_utf8_valid((const uint8_t *)note, strlen(note), 0)) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "note must be at most %d bytes of text "
		                      "on one line",
		                      ARNET_BOOKS_NOTE_MAX);
	}
	if ((rv = arnet_invoice_get(t, number, &inv, d)) != ARNET_OK) {
		return rv;
	}
	size_t kn = dun_key(key, &inv, stage);
	rv = st_get(t, ST_DUNNING, key, kn, &old, d);
	if (rv == ARNET_OK) {
		return arnet_diag_set(d, ARNET_EEXIST,
		                      "the %s stage of invoice %s was logged "
		                      "before",
		                      arnet_stage_name(stage), number);
	}
	if (rv != ARNET_ENOTFOUND) {
		return rv;
	}
	arnet_wbuf_init(&w, val, sizeof(val));
	arnet_put_u8(&w, 1);
	arnet_put_u32(&w, (uint32_t)date);
	arnet_put_u64(&w, (uint64_t)now);
	arnet_put_str16(&w, note, strlen(note), ARNET_BOOKS_NOTE_MAX);
	if ((rv = st_put(t, ST_DUNNING, key, kn, val, w.len, 0, d)) != 0) {
		return rv;
	}
	if (stage < pol->hold_stage) {
		return ARNET_OK;
	}
	arnet_customer c;
	if ((rv = arnet_customer_get(t, &inv.customer, &c, d)) != 0) {
		return rv;
	}
	if (c.status != ARNET_CUST_ACTIVE) {
		return ARNET_OK; /* already on hold, or closed */
	}
	char day[ARNET_DATE_TEXT_MAX + 1];
	(void)arnet_date_format(day, sizeof(day), date);
	c.status = ARNET_CUST_HOLD;
	c.hold_since = date;
	snprintf(c.hold_reason, sizeof(c.hold_reason),
	         "%s for invoice %s on %s", arnet_stage_name(stage), number,
	         day);
	*hold_set = 1;
	return arnet_customer_put(t, &c, NULL, d);
}

struct hist {
	const arnet_invoice *inv;
	arnet_dunning_fn fn;
	void *arg;
	size_t plen;
};

static int
hist_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct hist *h = arg;
	arnet_dunning_entry e;
	arnet_rbuf r;
	if (k->mv_size != h->plen + 1) {
		return ARNET_ESTORE;
	}
	memset(&e, 0, sizeof(e));
	memcpy(e.number, h->inv->number, sizeof(e.number));
	e.customer = h->inv->customer;
	e.stage = ((const uint8_t *)k->mv_data)[h->plen];
	arnet_rbuf_init(&r, v->mv_data, v->mv_size, NULL);
	(void)arnet_get_u8(&r, "version");
	e.date = (int32_t)arnet_get_u32(&r, "date");
	e.logged = (int64_t)arnet_get_u64(&r, "logged");
	arnet_get_str16(&r, e.note, sizeof(e.note), "note");
	if (arnet_rbuf_finish(&r) != ARNET_OK) {
		return ARNET_ESTORE;
	}
	return h->fn(&e, h->arg);
}

int
arnet_dunning_history(arnet_txn *t, const arnet_invoice *inv,
                      arnet_dunning_fn fn, void *arg, arnet_diag *d)
{
	uint8_t key[KEY_MAX];
	struct hist h = {inv, fn, arg, dun_key(key, inv, 0)};
	int rv = st_scan(t, ST_DUNNING, key, h.plen, hist_one, &h, d);
	if (rv == ARNET_ESTORE) {
		return arnet_diag_set(d, rv,
		                      "store: a dunning entry is corrupt");
	}
	return rv;
}

struct queue_run {
	arnet_txn *t;
	const arnet_books_policy *pol;
	arnet_dunning_queue *q;
	size_t cap;
	arnet_diag *d;
};

static int
last_logged(const arnet_dunning_entry *e, void *arg)
{
	arnet_dunning_action *a = arg;
	if (e->stage > a->last_stage) {
		a->last_stage = e->stage;
		a->last_date = e->date;
	}
	return 0;
}

static int
queue_position(const arnet_position *p, void *arg)
{
	struct queue_run *r = arg;
	const arnet_invoice *inv = p->inv;
	arnet_dunning_action a;
	int32_t days;
	int rv;

	memset(&a, 0, sizeof(a));
	a.outstanding = p->outstanding;
	a.days_past_due = p->days_past_due;
	a.stage = arnet_dunning_stage_at(r->pol, a.days_past_due);
	if (a.stage == 0) {
		return 0;
	}
	a.inv = *inv;
	if ((rv = arnet_dunning_history(r->t, inv, last_logged, &a, r->d)) !=
	    0) {
		return rv;
	}
	if (a.last_stage >= a.stage) {
		return 0;
	}
	memcpy(a.name, p->c->name, sizeof(a.name));
	a.credit_hold = a.stage >= r->pol->hold_stage;
	a.may_default = arnet_dunning_may_default(r->pol, a.days_past_due);
	(void)arnet_late_fee_invoice(
	        &a.late_fee, &days, inv, p->allocs, p->nallocs, r->q->as_of,
	        r->pol->late_fee_num, r->pol->late_fee_den);
	if (ARNET_GROW(&r->q->v, r->q->n, &r->cap, 32) != ARNET_OK) {
		return arnet_diag_set(r->d, ARNET_ENOMEM, "out of memory");
	}
	r->q->v[r->q->n++] = a;
	return 0;
}

static int
most_urgent_first(const void *x, const void *y)
{
	const arnet_dunning_action *a = x, *b = y;
	if (a->days_past_due != b->days_past_due) {
		return a->days_past_due > b->days_past_due ? -1 : 1;
	}
	return strcmp(a->inv.number, b->inv.number);
}

int
arnet_dunning_queue_build(arnet_txn *t, int32_t as_of,
                          const arnet_books_policy *pol,
                          const arnet_ident *customer, arnet_dunning_queue *out,
                          arnet_diag *d)
{
	struct queue_run r = {.t = t, .pol = pol, .q = out, .d = d};
	arnet_position_visitor v = {
	        as_of, NULL, 1, queue_position, {.arg = &r}};
	memset(out, 0, sizeof(*out));
	out->as_of = as_of;
	int rv = arnet_position_scan(t, customer, &v, d);
	if (rv != ARNET_OK) {
		arnet_dunning_queue_free(out);
		return rv;
	}
	if (out->n > 1) {
		qsort(out->v, out->n, sizeof(*out->v), most_urgent_first);
	}
	return ARNET_OK;
}

void
arnet_dunning_queue_free(arnet_dunning_queue *q)
{
	arnet_grow_free(&q->v, &q->n);
}
