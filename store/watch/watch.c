/*
 * watch.c - the watch set and its alerts (arnet_watch.h).
 *
 * Tables (docs/storage.md): `watch` subject -> u8 1, i64 added, str16
 * note; `alerts` be64 id -> the alert; `alert_open` subject -> be64 id
 * of the subject's alert not yet read. A customer is watched by being in
 * `customers` (the books' key is the customer id).
 */
#include "arnet_watch.h"
#include "arnet_codec.h"
#include "arnet_grow.h"
#include "arnet_utf8.h"
#include "watch_internal.h"
#include "txn.h"

#include <stdio.h>
#include <string.h>

#define WATCH_VERSION 1
#define ALERT_VERSION 1
#define ALERT_BYTES                                                            \
	(1 + 1 + 1 + 8 + 8 + 4 + 1 + 3 * 32 + 1 + 2 + ARNET_ID_MAX + 1 + 2 +   \
	 ARNET_ALERT_DETAIL_MAX + 4 + 4)

/* --- the watch set --- */

static size_t
watch_encode(uint8_t *buf, size_t cap, const arnet_watch_entry *e)
{
	arnet_wbuf w;
	arnet_wbuf_init(&w, buf, cap);
	arnet_put_u8(&w, WATCH_VERSION);
	arnet_put_u64(&w, (uint64_t)e->added);
	arnet_put_str16(&w, e->note, strlen(e->note), ARNET_WATCH_NOTE_MAX);
	return w.err == ARNET_OK ? w.len : 0;
}

static int
watch_decode(const MDB_val *k, const MDB_val *v, arnet_watch_entry *e)
{
	arnet_rbuf r;
	memset(e, 0, sizeof(*e));
	if (k->mv_size > ARNET_ID_MAX ||
	    arnet_ident_parse_canonical(&e->subject, k->mv_data, k->mv_size,
	                                NULL) != ARNET_OK) {
		return ARNET_ESTORE;
	}
	arnet_rbuf_init(&r, v->mv_data, v->mv_size, NULL);
	int version = arnet_get_u8(&r, "version");
	e->added = (int64_t)arnet_get_u64(&r, "added");
	arnet_get_str16(&r, e->note, sizeof(e->note), "note");
	return arnet_rbuf_finish(&r) == ARNET_OK && version == WATCH_VERSION
	               ? ARNET_OK
	               : ARNET_ESTORE;
}

int
arnet_watch_add(arnet_txn *t, const arnet_watch_entry *e, arnet_diag *d)
{
	const char *id = e->subject.text;
	size_t n = strlen(e->note);
	arnet_watch_entry old;
	uint8_t buf[1 + 8 + 2 + ARNET_WATCH_NOTE_MAX];
	MDB_val v;
	MDB_stat st;
	if (n > ARNET_WATCH_NOTE_MAX) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "note is %zu bytes, at most %d", n,
		                      ARNET_WATCH_NOTE_MAX);
	}
	if (!arnet_utf8_valid((const uint8_t *)e->note, n, 0)) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "note is not valid UTF-8 text (or has "
		                      "control characters)");
	}
	arnet_watch_entry put = *e;
	int rv = st_get(t, ST_WATCH, id, strlen(id), &v, d);
	if (rv == ARNET_OK) {
		MDB_val k = {strlen(id), (void *)id};
		if (watch_decode(&k, &v, &old) != ARNET_OK) {
			return arnet_diag_set(d, ARNET_ESTORE,
			                      "store: the watch entry of %s is "
			                      "corrupt",
			                      id);
		}
		put.added = old.added;
	} else if (rv != ARNET_ENOTFOUND) {
		return rv;
	} else {
		if ((rv = mdb_stat(t->txn, t->dbi[ST_WATCH], &st)) != 0) {
			return st_err(t, rv, d, "watch");
		}
		if (st.ms_entries >= ARNET_WATCH_MAX) {
			return arnet_diag_set(
			        d, ARNET_ETOOBIG,
			        "%d prospects are watched already: "
			        "remove one first",
			        ARNET_WATCH_MAX);
		}
	}
	size_t len = watch_encode(buf, sizeof(buf), &put);
	return st_put(t, ST_WATCH, id, strlen(id), buf, len, 0, d);
}

int
arnet_watch_remove(arnet_txn *t, const arnet_ident *subject, arnet_diag *d)
{
	int rv = st_del(t, ST_WATCH, subject->text, strlen(subject->text), d);
	if (rv == ARNET_ENOTFOUND) {
		return arnet_diag_set(d, rv, "%s is not watched by hand",
		                      subject->text);
	}
	return rv;
}

struct list_run {
	arnet_watch_fn fn;
	void *arg;
};

static int
list_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct list_run *l = arg;
	arnet_watch_entry e;
	if (watch_decode(k, v, &e) != ARNET_OK) {
		return ARNET_ESTORE;
	}
	return l->fn(&e, l->arg);
}

int
arnet_watch_list(arnet_txn *t, arnet_watch_fn fn, void *arg, arnet_diag *d)
{
	struct list_run l = {fn, arg};
	int rv = st_scan(t, ST_WATCH, NULL, 0, list_one, &l, d);
	if (rv == ARNET_ESTORE) {
		return arnet_diag_set(d, rv, "store: a watch entry is corrupt");
	}
	return rv;
}

int
arnet_watch_why(arnet_txn *t, const arnet_ident *subject, arnet_diag *d)
{
	const char *id = subject->text;
	size_t n = strlen(id);
	MDB_val v;
	int why = 0, rv;
	if ((rv = st_get(t, ST_CUSTOMERS, id, n, &v, d)) == ARNET_OK) {
		why |= ARNET_WATCH_CUSTOMER;
	} else if (rv != ARNET_ENOTFOUND) {
		return rv;
	}
	if ((rv = st_get(t, ST_WATCH, id, n, &v, d)) == ARNET_OK) {
		why |= ARNET_WATCH_PROSPECT;
	} else if (rv != ARNET_ENOTFOUND) {
		return rv;
	}
	return why;
}

/* --- alerts --- */

static size_t
alert_encode(uint8_t *buf, size_t cap, const arnet_alert *a)
{
	arnet_wbuf w;
	arnet_wbuf_init(&w, buf, cap);
	arnet_put_u8(&w, ALERT_VERSION);
	arnet_put_u8(&w, a->source);
	arnet_put_u8(&w, (uint8_t)a->watched);
	arnet_put_u64(&w, (uint64_t)a->raised);
	arnet_put_u64(&w, (uint64_t)a->updated);
	arnet_put_u32(&w, a->records);
	arnet_put_u8(&w, a->types);
	arnet_put_bytes(&w, a->first, ARNET_HASH_BYTES);
	arnet_put_bytes(&w, a->last, ARNET_HASH_BYTES);
	arnet_put_bytes(&w, a->author, ARNET_PUBKEY_BYTES);
	arnet_put_u8(&w, (uint8_t)(a->read != 0));
	arnet_put_str16(&w, a->subject.text, strlen(a->subject.text),
	                ARNET_ID_MAX);
	arnet_put_u8(&w, a->trigger);
	arnet_put_str16(&w, a->detail, strlen(a->detail),
	                ARNET_ALERT_DETAIL_MAX);
	arnet_put_u8(&w, a->grade_before);
	arnet_put_u8(&w, a->grade_after);
	arnet_put_u8(&w, a->order_before);
	arnet_put_u8(&w, a->order_after);
	arnet_put_u32(&w, a->assessed);
	return w.err == ARNET_OK ? w.len : 0;
}

static int
alert_decode(uint64_t id, const MDB_val *v, arnet_alert *a)
{
	arnet_rbuf r;
	char subject[ARNET_ID_MAX + 1];
	memset(a, 0, sizeof(*a));
	a->id = id;
	arnet_rbuf_init(&r, v->mv_data, v->mv_size, NULL);
	int version = arnet_get_u8(&r, "version");
	a->source = arnet_get_u8(&r, "source");
	a->watched = arnet_get_u8(&r, "watched");
	a->raised = (int64_t)arnet_get_u64(&r, "raised");
	a->updated = (int64_t)arnet_get_u64(&r, "updated");
	a->records = arnet_get_u32(&r, "records");
	a->types = arnet_get_u8(&r, "types");
	arnet_get_bytes(&r, a->first, ARNET_HASH_BYTES, "first");
	arnet_get_bytes(&r, a->last, ARNET_HASH_BYTES, "last");
	arnet_get_bytes(&r, a->author, ARNET_PUBKEY_BYTES, "author");
	a->read = arnet_get_u8(&r, "read");
	arnet_get_str16(&r, subject, sizeof(subject), "subject");
	a->trigger = arnet_get_u8(&r, "trigger");
	arnet_get_str16(&r, a->detail, sizeof(a->detail), "detail");
	a->grade_before = arnet_get_u8(&r, "grade_before");
	a->grade_after = arnet_get_u8(&r, "grade_after");
	a->order_before = arnet_get_u8(&r, "order_before");
	a->order_after = arnet_get_u8(&r, "order_after");
	a->assessed = arnet_get_u32(&r, "assessed");
	if (arnet_rbuf_finish(&r) != ARNET_OK || version != ALERT_VERSION ||
	    a->read > 1 || a->records == 0 ||
	    arnet_ident_parse_canonical(&a->subject, subject, strlen(subject),
	                                NULL) != ARNET_OK) {
		return ARNET_ESTORE;
	}
	return ARNET_OK;
}

static int
alert_put(arnet_txn *t, const arnet_alert *a, arnet_diag *d)
{
	uint8_t key[8], buf[ALERT_BYTES];
	arnet_be64_write(key, a->id);
	size_t len = alert_encode(buf, sizeof(buf), a);
	return st_put(t, ST_ALERTS, key, sizeof(key), buf, len, 0, d);
}

int
arnet_alert_put(arnet_txn *t, const arnet_alert *a, arnet_diag *d)
{
	return alert_put(t, a, d);
}

struct open_run {
	uint64_t *ids;
	size_t max, n;
};

static int
open_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct open_run *o = arg;
	(void)v;
	if (k->mv_size != 8) {
		return ARNET_ESTORE;
	}
	o->ids[o->n++] = arnet_be64_read(k->mv_data);
	return o->n == o->max ? 1 : 0;
}

int
arnet_alerts_unassessed(arnet_txn *t, uint64_t *ids, size_t max, size_t *n,
                        arnet_diag *d)
{
	struct open_run o = {ids, max, 0};
	int rv = max == 0 ? ARNET_OK
	                  : st_scan(t, ST_ASSESS, NULL, 0, open_one, &o, d);
	*n = o.n;
	return rv == ARNET_ESTORE ? arnet_diag_set(d, rv,
	                                           "store: an assess entry "
	                                           "is corrupt")
	                          : rv;
}

int
arnet_alert_assessed(arnet_txn *t, const arnet_alert *a, arnet_diag *d)
{
	return a->assessed == a->records ? wt_assess_mark(t, a->id, 0, d)
	                                 : ARNET_OK;
}

int
wt_assess_mark(arnet_txn *t, uint64_t id, int on, arnet_diag *d)
{
	uint8_t key[8], one = 1;
	arnet_be64_write(key, id);
	if (on) {
		return st_put(t, ST_ASSESS, key, sizeof(key), &one, 1, 0, d);
	}
	int rv = st_del(t, ST_ASSESS, key, sizeof(key), d);
	return rv == ARNET_ENOTFOUND ? ARNET_OK : rv;
}

int
arnet_alert_get(arnet_txn *t, uint64_t id, arnet_alert *out, arnet_diag *d)
{
	uint8_t key[8];
	MDB_val v;
	arnet_be64_write(key, id);
	int rv = st_get(t, ST_ALERTS, key, sizeof(key), &v, d);
	if (rv == ARNET_ENOTFOUND) {
		return arnet_diag_set(d, rv, "no alert %llu",
		                      (unsigned long long)id);
	}
	if (rv == ARNET_OK && alert_decode(id, &v, out) != ARNET_OK) {
		return arnet_diag_set(d, ARNET_ESTORE,
		                      "store: alert %llu is corrupt",
		                      (unsigned long long)id);
	}
	return rv;
}

/* The subject's open alert: ARNET_OK with *id, or ARNET_ENOTFOUND. */
static int
open_alert(arnet_txn *t, const arnet_ident *subject, uint64_t *id,
           arnet_diag *d)
{
	MDB_val v;
	int rv = st_get(t, ST_ALERT_OPEN, subject->text, strlen(subject->text),
	                &v, d);
	if (rv == ARNET_OK && v.mv_size != 8) {
		return arnet_diag_set(d, ARNET_ESTORE,
		                      "store: the open alert of %s is corrupt",
		                      subject->text);
	}
	if (rv == ARNET_OK) {
		*id = arnet_be64_read(v.mv_data);
	}
	return rv;
}

int
arnet_watch_on_record(arnet_txn *t, const arnet_record *r,
                      const uint8_t hash[ARNET_HASH_BYTES], const uint8_t *self,
                      int64_t now, int source, arnet_diag *d)
{
	int mark = 1; /* a new alert: to be assessed */
	arnet_alert a;
	uint64_t id = 0;
	uint8_t key[8];
	if (self != NULL && memcmp(r->author, self, ARNET_PUBKEY_BYTES) == 0) {
		return ARNET_OK;
	}
	int why = arnet_watch_why(t, &r->subject, d), rv;
	if (why <= 0) {
		return why;
	}
	if ((rv = open_alert(t, &r->subject, &id, d)) == ARNET_OK) {
		if ((rv = arnet_alert_get(t, id, &a, d)) != ARNET_OK) {
			return rv;
		}
		/* marked to be assessed already, unless all it held was */
		mark = a.assessed == a.records;
		if (a.records < UINT32_MAX) {
			a.records++;
		}
	} else if (rv != ARNET_ENOTFOUND) {
		return rv;
	} else {
		if ((rv = st_counter_next(t, "next_alert", &id, d)) != 0) {
			return rv;
		}
		memset(&a, 0, sizeof(a));
		a.id = id;
		a.source = (uint8_t)source;
		a.subject = r->subject;
		a.raised = now;
		a.records = 1;
		memcpy(a.first, hash, ARNET_HASH_BYTES);
		arnet_be64_write(key, id);
		if ((rv = st_put(t, ST_ALERT_OPEN, r->subject.text,
		                 strlen(r->subject.text), key, sizeof(key), 0,
		                 d)) != ARNET_OK ||
		    (rv = wt_outbox_add(t, id, now, d)) != ARNET_OK) {
			return rv;
		}
	}
	a.watched |= why;
	if (source == ARNET_ALERT_EQUIVOCATION) {
		a.source = ARNET_ALERT_EQUIVOCATION;
	}
	a.updated = now;
	a.types |= (uint8_t)(1u << (r->type & 7));
	memcpy(a.last, hash, ARNET_HASH_BYTES);
	memcpy(a.author, r->author, ARNET_PUBKEY_BYTES);
	if ((rv = alert_put(t, &a, d)) != ARNET_OK) {
		return rv;
	}
	return mark ? wt_assess_mark(t, a.id, 1, d) : ARNET_OK;
}

int
arnet_alert_raise_books(arnet_txn *t, const arnet_ident *subject, int trigger,
                        const char *detail, int64_t now, uint64_t *id,
                        arnet_diag *d)
{
	arnet_alert a;
	int rv;
	memset(&a, 0, sizeof(a));
	if ((rv = st_counter_next(t, "next_alert", &a.id, d)) != ARNET_OK) {
		return rv;
	}
	a.source = ARNET_ALERT_BOOKS;
	a.subject = *subject;
	a.watched = ARNET_WATCH_CUSTOMER;
	a.raised = a.updated = now;
	a.records = 1;
	a.trigger = (uint8_t)trigger;
	snprintf(a.detail, sizeof(a.detail), "%s", detail);
	if ((rv = alert_put(t, &a, d)) != ARNET_OK ||
	    (rv = wt_outbox_add(t, a.id, now, d)) != ARNET_OK ||
	    (rv = wt_assess_mark(t, a.id, 1, d)) != ARNET_OK) {
		return rv;
	}
	if (id != NULL) {
		*id = a.id;
	}
	return ARNET_OK;
}

struct alerts_run {
	arnet_alert_fn fn;
	void *arg;
};

static int
alerts_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct alerts_run *l = arg;
	arnet_alert a;
	if (k->mv_size != 8 ||
	    alert_decode(arnet_be64_read(k->mv_data), v, &a) != ARNET_OK) {
		return ARNET_ESTORE;
	}
	return l->fn(&a, l->arg);
}

int
arnet_alerts_list(arnet_txn *t, uint64_t from, arnet_alert_fn fn, void *arg,
                  arnet_diag *d)
{
	struct alerts_run l = {fn, arg};
	uint8_t start[8];
	arnet_be64_write(start, from);
	int rv = st_scan_from(t, ST_ALERTS, NULL, 0, start, sizeof(start),
	                      alerts_one, &l, d);
	if (rv == ARNET_ESTORE) {
		return arnet_diag_set(d, rv, "store: an alert is corrupt");
	}
	return rv;
}

int
wt_alert_close(arnet_txn *t, const arnet_alert *a, arnet_diag *d)
{
	uint64_t open = 0;
	int rv = open_alert(t, &a->subject, &open, d);
	if (rv == ARNET_OK && open == a->id) {
		rv = st_del(t, ST_ALERT_OPEN, a->subject.text,
		            strlen(a->subject.text), d);
	}
	return rv == ARNET_ENOTFOUND ? ARNET_OK : rv;
}

/* Mark a read and close it. */
static int
ack_one(arnet_txn *t, arnet_alert *a, arnet_diag *d)
{
	int rv = wt_alert_close(t, a, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	a->read = 1;
	if ((rv = wt_assess_mark(t, a->id, 0, d)) != ARNET_OK) {
		return rv;
	}
	return alert_put(t, a, d);
}

struct unread {
	uint64_t *ids;
	size_t n, cap;
};

static int
take_unread(const arnet_alert *a, void *arg)
{
	struct unread *u = arg;
	if (a->read) {
		return 0;
	}
	if (ARNET_GROW(&u->ids, u->n, &u->cap, 64) != ARNET_OK) {
		return ARNET_ENOMEM;
	}
	u->ids[u->n++] = a->id;
	return 0;
}

int
arnet_alert_ack(arnet_txn *t, uint64_t id, uint64_t *count, arnet_diag *d)
{
	arnet_alert a;
	uint64_t n = 0;
	int rv;
	if (count != NULL) {
		*count = 0;
	}
	if (id != 0) {
		if ((rv = arnet_alert_get(t, id, &a, d)) != ARNET_OK ||
		    a.read) {
			return rv;
		}
		if ((rv = ack_one(t, &a, d)) == ARNET_OK && count != NULL) {
			*count = 1;
		}
		return rv;
	}
	/* Every unread alert: gathered first (the writes below may move
	 * the pages a cursor stands on), then marked one by one. */
	struct unread u = {NULL, 0, 0};
	rv = arnet_alerts_list(t, 0, take_unread, &u, d);
	for (size_t i = 0; rv == ARNET_OK && i < u.n; i++) {
		if ((rv = arnet_alert_get(t, u.ids[i], &a, d)) == ARNET_OK &&
		    (rv = ack_one(t, &a, d)) == ARNET_OK) {
			n++;
		}
	}
	arnet_grow_free(&u.ids, &u.n);
	if (rv != ARNET_OK) {
		return rv;
	}
	if (count != NULL) {
		*count = n;
	}
	return ARNET_OK;
}
