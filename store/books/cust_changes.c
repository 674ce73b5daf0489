/*
 * cust_changes.c - the changes made to a customer's record.
 *
 * Key: customer id, 0, be64 seq (the `next_cust_change` counter), so one
 * customer's changes are one range in the order written. Value: u8
 * version (1), u8 kind, i64 at, i64 old, i64 new, 3 bytes currency,
 * str16 text.
 */
#include "arnet_cust_changes.h"
#include "txn.h"

#include <stdio.h>
#include <string.h>

#define CHANGE_VERSION 1
#define KEY_MAX        (ARNET_ID_MAX + 1 + 8)

static size_t
change_key(uint8_t *key, const arnet_ident *id, uint64_t seq)
{
	size_t n = strlen(id->text);
	memcpy(key, id->text, n);
	key[n] = 0;
	arnet_be_write(key + n + 1, seq, 8);
	return n + 9;
}

static int
put_change(arnet_txn *t, const arnet_ident *id, arnet_cust_change *c,
           arnet_diag *d)
{
	uint8_t key[KEY_MAX], buf[64 + ARNET_BOOKS_NOTE_MAX];
	int rv = st_counter_next(t, "next_cust_change", &c->seq, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	arnet_wbuf w;
	arnet_wbuf_init(&w, buf, sizeof(buf));
	arnet_put_u8(&w, CHANGE_VERSION);
	arnet_put_u8(&w, (uint8_t)c->kind);
	arnet_put_u64(&w, (uint64_t)c->at);
	arnet_put_u64(&w, (uint64_t)c->old);
	arnet_put_u64(&w, (uint64_t)c->new);
	arnet_put_bytes(&w, c->currency, 3);
	arnet_put_str16(&w, c->text, strlen(c->text), ARNET_BOOKS_NOTE_MAX);
	if (w.err != ARNET_OK) {
		return arnet_diag_set(d, ARNET_ETOOBIG,
		                      "customer change too "
		                      "large");
	}
	return st_put(t, ST_CUST_CHANGES, key, change_key(key, id, c->seq), buf,
	              w.len, 0, d);
}

/* One change of kind from old to new (text may be NULL). */
static int
change(arnet_txn *t, const arnet_customer *now, int64_t at, int kind,
       int64_t old, int64_t new, const char *text, arnet_diag *d)
{
	arnet_cust_change c;
	memset(&c, 0, sizeof(c));
	c.at = at;
	c.kind = kind;
	c.old = old;
	c.new = new;
	memcpy(c.currency, now->currency, 4);
	if (text != NULL) {
		snprintf(c.text, sizeof(c.text), "%s", text);
	}
	return put_change(t, &now->id, &c, d);
}

int
arnet_cust_changes_record(arnet_txn *t, const arnet_customer *was,
                          const arnet_customer *now, int64_t at, arnet_diag *d)
{
	if (was == NULL) {
		return change(t, now, at, ARNET_CHANGE_ADDED, ARNET_NO_LIMIT,
		              now->credit_limit, NULL, d);
	}
	int rv = ARNET_OK;
	/* The currency first: a limit that follows is in the new one. */
	if (rv == ARNET_OK && strcmp(was->currency, now->currency) != 0) {
		rv = change(t, now, at, ARNET_CHANGE_CURRENCY, 0, 0,
		            was->currency, d);
	}
	if (rv == ARNET_OK && was->credit_limit != now->credit_limit) {
		rv = change(t, now, at, ARNET_CHANGE_LIMIT, was->credit_limit,
		            now->credit_limit, NULL, d);
	}
	if (rv == ARNET_OK && was->terms_days != now->terms_days) {
		rv = change(t, now, at, ARNET_CHANGE_TERMS, was->terms_days,
		            now->terms_days, NULL, d);
	}
	if (rv == ARNET_OK && was->grade != now->grade) {
		rv = change(t, now, at, ARNET_CHANGE_GRADE, was->grade,
		            now->grade, NULL, d);
	}
	if (rv == ARNET_OK && was->status != now->status) {
		rv = change(t, now, at, ARNET_CHANGE_STATUS, was->status,
		            now->status,
		            now->status == ARNET_CUST_HOLD ? now->hold_reason
		                                           : NULL,
		            d);
	}
	if (rv == ARNET_OK && strcmp(was->name, now->name) != 0) {
		rv = change(t, now, at, ARNET_CHANGE_NAME, 0, 0, was->name, d);
	}
	if (rv == ARNET_OK && was->individual != now->individual) {
		rv = change(t, now, at, ARNET_CHANGE_INDIVIDUAL,
		            was->individual, now->individual, NULL, d);
	}
	return rv;
}

typedef struct scan {
	arnet_cust_change_fn fn;
	void *arg;
	arnet_diag *d;
} scan;

static int
scan_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	scan *s = arg;
	arnet_cust_change c;
	arnet_rbuf r;
	memset(&c, 0, sizeof(c));
	if (k->mv_size < 9) {
		return arnet_diag_set(
		        s->d, ARNET_ESTORE,
		        "store: a customer change key is corrupt");
	}
	c.seq = arnet_be_read((const uint8_t *)k->mv_data + k->mv_size - 8, 8);
	arnet_rbuf_init(&r, v->mv_data, v->mv_size, NULL);
	uint8_t version = arnet_get_u8(&r, "version");
	c.kind = arnet_get_u8(&r, "kind");
	c.at = (int64_t)arnet_get_u64(&r, "at");
	c.old = (int64_t)arnet_get_u64(&r, "old");
	c.new = (int64_t)arnet_get_u64(&r, "new");
	arnet_get_bytes(&r, c.currency, 3, "currency");
	arnet_get_str16(&r, c.text, sizeof(c.text), "text");
	if (version != CHANGE_VERSION || arnet_rbuf_finish(&r) != ARNET_OK ||
	    arnet_cust_change_name(c.kind) == NULL) {
		return arnet_diag_set(s->d, ARNET_ESTORE,
		                      "store: a customer change is corrupt");
	}
	return s->fn(&c, s->arg);
}

int
arnet_cust_changes_scan(arnet_txn *t, const arnet_ident *id,
                        arnet_cust_change_fn fn, void *arg, arnet_diag *d)
{
	uint8_t prefix[ARNET_ID_MAX + 1];
	size_t n = strlen(id->text);
	memcpy(prefix, id->text, n);
	prefix[n] = 0;
	scan s = {fn, arg, d};
	return st_scan(t, ST_CUST_CHANGES, prefix, n + 1, scan_one, &s, d);
}

const char *
arnet_cust_change_name(int kind)
{
	static const char *const names[] = {
	        [ARNET_CHANGE_ADDED] = "added",
	        [ARNET_CHANGE_LIMIT] = "limit",
	        [ARNET_CHANGE_CURRENCY] = "currency",
	        [ARNET_CHANGE_TERMS] = "terms",
	        [ARNET_CHANGE_GRADE] = "grade",
	        [ARNET_CHANGE_STATUS] = "status",
	        [ARNET_CHANGE_NAME] = "name",
	        [ARNET_CHANGE_INDIVIDUAL] = "individual",
	};
	return kind > 0 && kind < (int)(sizeof(names) / sizeof(names[0]))
	               ? names[kind]
	               : NULL;
}
