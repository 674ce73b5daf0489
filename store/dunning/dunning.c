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
 *
 * The phone calls the ladder asks for end in promises ("we pay 50,000 by
 * the 20th"). A promise is kept in the same table as the actions, under
 * stage byte 0 (no stage is 0), so that an invoice's whole log is one
 * contiguous range: `id 0 number 0 0 be16(seq)`. Whether it was kept is
 * never stored: it follows from the payments (arnet_promise_state_of), so
 * a payment booked late, or a report as of an earlier day, gives the
 * right answer. A broken promise is what a collector must act on first;
 * an open one is a reason to leave the customer alone until its day.
 */
#include "arnet_codec.h"
#include "arnet_date.h"
#include "arnet_grow.h"
#include "arnet_money.h"
#include "arnet_reports.h"
#include "arnet_utf8.h"
#include "arnet_dunning.h"
#include "txn.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_MAX         (ARNET_ID_MAX + 1 + ARNET_INVOICE_NO_MAX + 4)
#define PROMISE_VAL_MAX (1 + 4 + 4 + 8 + 1 + 8 + 2 + ARNET_BOOKS_NOTE_MAX)

int64_t
arnet_promise_paid(const arnet_promise *p, const arnet_alloc *allocs, size_t n,
                   int32_t as_of)
{
	int64_t paid = 0;
	for (size_t i = 0; i < n; i++) {
		int32_t day = allocs[i].date;
		if (day >= p->made && day <= p->date && day <= as_of &&
		    arnet_money_add(&paid, paid, allocs[i].amount) !=
		            ARNET_OK) {
			return INT64_MAX; /* more than any promise */
		}
	}
	return paid;
}

int
arnet_promise_state_of(const arnet_promise *p, const arnet_alloc *allocs,
                       size_t n, int32_t as_of)
{
	if (arnet_promise_paid(p, allocs, n, as_of) >= p->amount) {
		return ARNET_PROMISE_KEPT;
	}
	return as_of > p->date ? ARNET_PROMISE_BROKEN : ARNET_PROMISE_OPEN;
}

const char *
arnet_promise_state_name(int state)
{
	switch (state) {
	case ARNET_PROMISE_OPEN:
		return "open";
	case ARNET_PROMISE_KEPT:
		return "kept";
	case ARNET_PROMISE_BROKEN:
		return "broken";
	default:
		return "?";
	}
}

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

static int
check_note(const char *note, arnet_diag *d)
{
	if (strlen(note) > ARNET_BOOKS_NOTE_MAX ||
	    !arnet_utf8_valid((const uint8_t *)note, strlen(note), 0)) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "note must be at most %d bytes of text "
		                      "on one line",
		                      ARNET_BOOKS_NOTE_MAX);
	}
	return ARNET_OK;
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
	if ((rv = check_note(note, d)) != ARNET_OK ||
	    (rv = arnet_invoice_get(t, number, &inv, d)) != ARNET_OK) {
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

/* One invoice's log: every entry under its prefix, decoded. */
struct hist {
	const arnet_invoice *inv;
	arnet_dunning_fn fn;
	void *arg;
	size_t plen;
	int promises; /* pass promises to fn too */
};

static int
hist_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct hist *h = arg;
	const uint8_t *kb = k->mv_data;
	arnet_dunning_entry e;
	arnet_rbuf r;
	memset(&e, 0, sizeof(e));
	memcpy(e.number, h->inv->number, sizeof(e.number));
	e.customer = h->inv->customer;
	memcpy(e.currency, h->inv->currency, sizeof(e.currency));
	arnet_rbuf_init(&r, v->mv_data, v->mv_size, NULL);
	if (arnet_get_u8(&r, "version") != 1) {
		return ARNET_ESTORE;
	}
	if (k->mv_size == h->plen + 1 && kb[h->plen] != 0) {
		e.stage = kb[h->plen];
		e.date = (int32_t)arnet_get_u32(&r, "date");
	} else if (k->mv_size == h->plen + 3 && kb[h->plen] == 0) {
		e.is_promise = 1;
		e.promise.made = e.date = (int32_t)arnet_get_u32(&r, "made");
		e.promise.date = (int32_t)arnet_get_u32(&r, "date");
		e.promise.amount = (int64_t)arnet_get_u64(&r, "amount");
		e.stage = arnet_get_u8(&r, "stage");
	} else {
		return ARNET_ESTORE;
	}
	e.logged = (int64_t)arnet_get_u64(&r, "logged");
	arnet_get_str16(&r, e.note, sizeof(e.note), "note");
	if (arnet_rbuf_finish(&r) != ARNET_OK) {
		return ARNET_ESTORE;
	}
	return e.is_promise && !h->promises ? 0 : h->fn(&e, h->arg);
}

static int
log_scan(arnet_txn *t, const arnet_invoice *inv, int promises,
         arnet_dunning_fn fn, void *arg, arnet_diag *d)
{
	uint8_t key[KEY_MAX];
	struct hist h = {inv, fn, arg, dun_key(key, inv, 0), promises};
	int rv = st_scan(t, ST_DUNNING, key, h.plen, hist_one, &h, d);
	if (rv == ARNET_ESTORE) {
		return arnet_diag_set(d, rv,
		                      "store: a dunning entry of invoice %s is "
		                      "corrupt",
		                      inv->number);
	}
	return rv;
}

int
arnet_dunning_history(arnet_txn *t, const arnet_invoice *inv,
                      arnet_dunning_fn fn, void *arg, arnet_diag *d)
{
	return log_scan(t, inv, 0, fn, arg, d);
}

/* --- promises --- */

/* One invoice's allocations, through the positions of its customer's
 * invoices: fn is called for the invoice `number` only. */
struct one_invoice {
	const char *number;
	int (*fn)(const arnet_position *p, void *arg);
	void *arg;
};

static int
one_position(const arnet_position *p, void *arg)
{
	struct one_invoice *o = arg;
	if (o->number != NULL && strcmp(p->inv->number, o->number) != 0) {
		return 0;
	}
	return o->fn(p, o->arg);
}

static int
positions_of(arnet_txn *t, const arnet_ident *customer, const char *number,
             int32_t as_of, int (*fn)(const arnet_position *, void *),
             void *arg, arnet_diag *d)
{
	struct one_invoice o = {number, fn, arg};
	arnet_position_visitor v = {as_of, NULL, 0, one_position, {.arg = &o}};
	return arnet_position_scan(t, customer, &v, d);
}

static int
owed_on(const arnet_position *p, void *arg)
{
	*(int64_t *)arg = p->outstanding;
	return 0;
}

/* The highest promise sequence number of an invoice (0: none). */
struct last_seq {
	size_t plen;
	unsigned seq;
};

static int
seq_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct last_seq *s = arg;
	(void)v;
	if (k->mv_size != s->plen + 3) {
		return ARNET_ESTORE;
	}
	s->seq = (unsigned)arnet_be_read(
	        (const uint8_t *)k->mv_data + s->plen + 1, 2);
	return 0;
}

int
arnet_dunning_promise(arnet_txn *t, const char *number, const arnet_promise *p,
                      int stage, int64_t now, const char *note, arnet_diag *d)
{
	char b1[ARNET_MONEY_TEXT_MAX + 1], b2[ARNET_MONEY_TEXT_MAX + 1];
	char day[ARNET_DATE_TEXT_MAX + 1];
	uint8_t key[KEY_MAX], val[PROMISE_VAL_MAX];
	arnet_invoice inv;
	arnet_wbuf w;
	int64_t owed = 0;
	int rv;

	if (stage < 0 || stage > ARNET_STAGE_COUNT) {
		return arnet_diag_set(d, ARNET_ERANGE, "unknown stage %d",
		                      stage);
	}
	if (!arnet_date_valid(p->made) || !arnet_date_valid(p->date)) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "date outside 1900..9999");
	}
	if (p->date < p->made) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "the promised date is before the day the "
		                      "promise was made");
	}
	if (p->amount <= 0) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "the promised amount must be more than "
		                      "zero");
	}
	if ((rv = check_note(note, d)) != ARNET_OK ||
	    (rv = arnet_invoice_get(t, number, &inv, d)) != ARNET_OK ||
	    (rv = positions_of(t, &inv.customer, number, p->made, owed_on,
	                       &owed, d)) != ARNET_OK) {
		return rv;
	}
	(void)arnet_date_format(day, sizeof(day), p->made);
	if (p->made < inv.issued) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "invoice %s was not issued yet on %s",
		                      number, day);
	}
	if (owed == 0) {
		return arnet_diag_set(d, ARNET_ECONFLICT,
		                      "invoice %s is paid as of %s: nothing to "
		                      "promise",
		                      number, day);
	}
	if (p->amount > owed) {
		(void)arnet_money_format(b1, sizeof(b1), p->amount,
		                         inv.currency, 1);
		(void)arnet_money_format(b2, sizeof(b2), owed, inv.currency, 1);
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "the promised %s %s is more than the %s "
		                      "%s outstanding on invoice %s on %s",
		                      b1, inv.currency, b2, inv.currency,
		                      number, day);
	}
	struct last_seq ls = {dun_key(key, &inv, 0), 0};
	key[ls.plen] = 0;
	rv = st_scan(t, ST_DUNNING, key, ls.plen + 1, seq_one, &ls, d);
	if (rv != ARNET_OK) {
		return rv == ARNET_ESTORE
		               ? arnet_diag_set(d, rv,
		                                "store: a promise of invoice "
		                                "%s is corrupt",
		                                number)
		               : rv;
	}
	if (ls.seq >= ARNET_PROMISES_MAX) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "invoice %s has %d promises already",
		                      number, ARNET_PROMISES_MAX);
	}
	arnet_be_write(key + ls.plen + 1, ls.seq + 1, 2);
	arnet_wbuf_init(&w, val, sizeof(val));
	arnet_put_u8(&w, 1);
	arnet_put_u32(&w, (uint32_t)p->made);
	arnet_put_u32(&w, (uint32_t)p->date);
	arnet_put_u64(&w, (uint64_t)p->amount);
	arnet_put_u8(&w, (uint8_t)stage);
	arnet_put_u64(&w, (uint64_t)now);
	arnet_put_str16(&w, note, strlen(note), ARNET_BOOKS_NOTE_MAX);
	return st_put(t, ST_DUNNING, key, ls.plen + 3, val, w.len, 0, d);
}

/* --- the log, as a report --- */

struct log_run {
	const char *number;
	int32_t as_of;
	arnet_dunning_list *out;
	size_t cap;
	const arnet_position *p;
	arnet_txn *t;
	arnet_diag *d;
};

static int
log_entry(const arnet_dunning_entry *e, void *arg)
{
	struct log_run *r = arg;
	if (e->date > r->as_of) {
		return 0;
	}
	if (ARNET_GROW(&r->out->v, r->out->n, &r->cap, 16) != ARNET_OK) {
		return arnet_diag_set(r->d, ARNET_ENOMEM, "out of memory");
	}
	arnet_dunning_entry *x = &r->out->v[r->out->n++];
	*x = *e;
	if (x->is_promise) {
		x->state = arnet_promise_state_of(&x->promise, r->p->allocs,
		                                  r->p->nallocs, r->as_of);
		x->paid = arnet_promise_paid(&x->promise, r->p->allocs,
		                             r->p->nallocs, r->as_of);
	}
	return 0;
}

static int
log_position(const arnet_position *p, void *arg)
{
	struct log_run *r = arg;
	r->p = p;
	return log_scan(r->t, p->inv, 1, log_entry, r, r->d);
}

static int
by_date(const void *x, const void *y)
{
	const arnet_dunning_entry *a = x, *b = y;
	int c;
	if (a->date != b->date) {
		return a->date < b->date ? -1 : 1;
	}
	if ((c = strcmp(a->number, b->number)) != 0) {
		return c;
	}
	if (a->is_promise != b->is_promise) {
		return a->is_promise - b->is_promise;
	}
	if (a->stage != b->stage) {
		return a->stage - b->stage;
	}
	if (a->logged != b->logged) {
		return a->logged < b->logged ? -1 : 1;
	}
	return a->promise.date - b->promise.date;
}

int
arnet_dunning_list_get(arnet_txn *t, const arnet_ident *customer,
                       const char *number, int32_t as_of,
                       arnet_dunning_list *out, arnet_diag *d)
{
	struct log_run r = {number, as_of, out, 0, NULL, t, d};
	arnet_invoice inv;
	arnet_customer c;
	int rv;

	memset(out, 0, sizeof(*out));
	out->as_of = as_of;
	if (number != NULL) {
		if ((rv = arnet_invoice_get(t, number, &inv, d)) != ARNET_OK) {
			return rv;
		}
		customer = &inv.customer;
	} else if (customer != NULL &&
	           (rv = arnet_customer_get(t, customer, &c, d)) != ARNET_OK) {
		return rv;
	}
	rv = positions_of(t, customer, number, as_of, log_position, &r, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	if (out->n > 1) {
		qsort(out->v, out->n, sizeof(*out->v), by_date);
	}
	return ARNET_OK;
}

void
arnet_dunning_list_free(arnet_dunning_list *l)
{
	arnet_grow_free(&l->v, &l->n);
}

/* --- the queue --- */

struct queue_run {
	arnet_txn *t;
	const arnet_books_policy *pol;
	arnet_dunning_queue *q;
	size_t cap;
	arnet_diag *d;
};

/* What the queue needs of an invoice's log. */
struct queue_log {
	int32_t as_of;
	int last_stage; /* the highest logged, whenever */
	int32_t last_date;
	int32_t last_action; /* the latest action dated on or before as_of */
	int has_promise;     /* the latest promise made on or before as_of */
	arnet_promise promise;
};

static int
queue_log_entry(const arnet_dunning_entry *e, void *arg)
{
	struct queue_log *l = arg;
	if (!e->is_promise) {
		if (e->stage > l->last_stage) {
			l->last_stage = e->stage;
			l->last_date = e->date;
		}
		if (e->date <= l->as_of && e->date > l->last_action) {
			l->last_action = e->date;
		}
	} else if (e->date <= l->as_of &&
	           (!l->has_promise || e->date >= l->promise.made)) {
		/* in sequence order: the later of one day's wins */
		l->has_promise = 1;
		l->promise = e->promise;
	}
	return 0;
}

static int
queue_position(const arnet_position *p, void *arg)
{
	struct queue_run *r = arg;
	const arnet_invoice *inv = p->inv;
	struct queue_log l = {.as_of = r->q->as_of, .last_action = INT32_MIN};
	arnet_dunning_action a;
	int32_t days;
	int rv;

	memset(&a, 0, sizeof(a));
	a.outstanding = p->outstanding;
	a.days_past_due = p->days_past_due;
	a.stage = arnet_dunning_stage_at(r->pol, a.days_past_due);
	if ((rv = log_scan(r->t, inv, 1, queue_log_entry, &l, r->d)) != 0) {
		return rv;
	}
	a.inv = *inv;
	a.last_stage = l.last_stage;
	a.last_date = l.last_date;
	a.status = ARNET_DUN_DUE;
	if (l.has_promise) {
		a.has_promise = 1;
		a.promise = l.promise;
		a.promise_state = arnet_promise_state_of(
		        &l.promise, p->allocs, p->nallocs, r->q->as_of);
	}
	if (a.promise_state == ARNET_PROMISE_BROKEN &&
	    l.last_action <= l.promise.date) {
		a.status = ARNET_DUN_PROMISE_BROKEN;
		if (a.stage < ARNET_STAGE_PHONE) {
			a.stage = ARNET_STAGE_PHONE;
		}
	} else if (a.stage == 0 || a.last_stage >= a.stage) {
		return 0;
	} else if (a.promise_state == ARNET_PROMISE_OPEN) {
		a.status = ARNET_DUN_WAITING;
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
	if (a->status != b->status) {
		return a->status - b->status;
	}
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
