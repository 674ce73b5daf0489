/*
 * outbox.c - the delivery of each alert, at least once (arnet_watch.h):
 * `outbox` be64 alert id -> u8 version 1, u8 targets pending, u32 tries,
 * i64 next try (UTC seconds).
 */
#include "arnet_codec.h"
#include "txn.h"
#include "watch_internal.h"

#include <string.h>

#define OUTBOX_VERSION 1
#define OUTBOX_BYTES   (1 + 1 + 4 + 8)

static int
entry_put(arnet_txn *t, const arnet_outbox_entry *e, arnet_diag *d)
{
	uint8_t key[8], buf[OUTBOX_BYTES];
	arnet_wbuf w;
	arnet_be64_write(key, e->id);
	arnet_wbuf_init(&w, buf, sizeof(buf));
	arnet_put_u8(&w, OUTBOX_VERSION);
	arnet_put_u8(&w, e->pending);
	arnet_put_u32(&w, e->tries);
	arnet_put_u64(&w, (uint64_t)e->next_try);
	return st_put(t, ST_OUTBOX, key, sizeof(key), buf, w.len, 0, d);
}

static int
entry_decode(const MDB_val *k, const MDB_val *v, arnet_outbox_entry *e)
{
	arnet_rbuf r;
	if (k->mv_size != 8) {
		return ARNET_ESTORE;
	}
	e->id = arnet_be64_read(k->mv_data);
	arnet_rbuf_init(&r, v->mv_data, v->mv_size, NULL);
	int version = arnet_get_u8(&r, "version");
	e->pending = arnet_get_u8(&r, "pending");
	e->tries = arnet_get_u32(&r, "tries");
	e->next_try = (int64_t)arnet_get_u64(&r, "next_try");
	return arnet_rbuf_finish(&r) == ARNET_OK && version == OUTBOX_VERSION &&
	                       (e->pending & ~ARNET_OUT_ALL) == 0
	               ? ARNET_OK
	               : ARNET_ESTORE;
}

int
wt_outbox_add(arnet_txn *t, uint64_t id, int64_t now, arnet_diag *d)
{
	arnet_outbox_entry e = {id, ARNET_OUT_ALL, 0, now};
	return entry_put(t, &e, d);
}

struct claim {
	int64_t now;
	arnet_outbox_entry *out;
	size_t max, n;
};

static int
claim_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct claim *c = arg;
	arnet_outbox_entry e;
	if (entry_decode(k, v, &e) != ARNET_OK) {
		return ARNET_ESTORE;
	}
	if (e.next_try <= c->now) {
		c->out[c->n++] = e;
	}
	return c->n == c->max ? 1 : 0;
}

int
arnet_outbox_claim(arnet_txn *t, int64_t now, arnet_outbox_entry *out,
                   size_t max, size_t *n, arnet_diag *d)
{
	struct claim c = {now, out, max, 0};
	int rv;
	*n = 0;
	if (max == 0) {
		return ARNET_OK;
	}
	if ((rv = st_scan(t, ST_OUTBOX, NULL, 0, claim_one, &c, d)) != 0) {
		return rv == ARNET_ESTORE ? arnet_diag_set(d, rv,
		                                           "store: an outbox "
		                                           "entry is corrupt")
		                          : rv;
	}
	for (size_t i = 0; i < c.n; i++) {
		arnet_alert a;
		if ((rv = arnet_alert_get(t, out[i].id, &a, d)) != ARNET_OK ||
		    (rv = wt_alert_close(t, &a, d)) != ARNET_OK) {
			return rv;
		}
	}
	*n = c.n;
	return ARNET_OK;
}

int
arnet_outbox_result(arnet_txn *t, uint64_t id, uint8_t reached, int64_t now,
                    arnet_diag *d)
{
	uint8_t key[8];
	MDB_val k = {sizeof(key), key}, v;
	arnet_outbox_entry e;
	arnet_be64_write(key, id);
	int rv = st_get(t, ST_OUTBOX, key, sizeof(key), &v, d);
	if (rv == ARNET_ENOTFOUND) {
		return ARNET_OK;
	}
	if (rv != ARNET_OK) {
		return rv;
	}
	if (entry_decode(&k, &v, &e) != ARNET_OK) {
		return arnet_diag_set(
		        d, ARNET_ESTORE,
		        "store: the outbox entry of alert %llu is "
		        "corrupt",
		        (unsigned long long)id);
	}
	e.pending &= (uint8_t)~reached;
	if (e.pending == 0) {
		return st_del(t, ST_OUTBOX, key, sizeof(key), d);
	}
	int64_t wait = e.tries >= 12 ? ARNET_OUTBOX_BACKOFF_MAX_S
	                             : (int64_t)1 << e.tries;
	e.tries++;
	e.next_try = now + (wait < ARNET_OUTBOX_BACKOFF_MAX_S
	                            ? wait
	                            : ARNET_OUTBOX_BACKOFF_MAX_S);
	return entry_put(t, &e, d);
}

int
arnet_outbox_count(arnet_txn *t, uint64_t *n, arnet_diag *d)
{
	MDB_stat st;
	int rv = mdb_stat(t->txn, t->dbi[ST_OUTBOX], &st);
	if (rv != 0) {
		return st_err(t, rv, d, "outbox");
	}
	*n = st.ms_entries;
	return ARNET_OK;
}
