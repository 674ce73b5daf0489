/*
 * verify.c - the walk of every table of the store (arnet doctor --store):
 * every key and value byte is read (so overflow pages are touched too) and
 * what the shared log and the books promise about each other is checked.
 * It may crash on a page of garbage: the caller runs it in a process it
 * can lose and reads the `table` callback as progress.
 */
#include "arnet_verify.h"
#include "arnet_books.h"
#include "arnet_contact.h"
#include "arnet_cust_changes.h"
#include "arnet_dunning.h"
#include "arnet_log.h"
#include "arnet_record.h"
#include "feed_key.h"
#include "txn.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
typedef struct walk {
	arnet_txn *t;
	const arnet_verify_ops *ops;
	const char *table;
	uint64_t entries;
	uint64_t problems;
	volatile uint8_t touched; /* every byte read goes through here */
	/* The customer (or invoice) whose entries were decoded last: a
	 * table keyed by customer first is decoded once per customer. */
	char last[ARNET_ID_MAX + ARNET_INVOICE_NO_MAX + 2];
} walk;

static int problem(walk *w, const MDB_val *k, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static int
problem(walk *w, const MDB_val *k, const char *fmt, ...)
{
	char msg[ARNET_DIAG_MAX + 64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	w->problems++;
	if (w->ops->problem != NULL) {
		w->ops->problem(w->ops->arg, w->table,
		                k != NULL ? k->mv_data : NULL,
		                k != NULL ? k->mv_size : 0, msg);
	}
	return 0; /* go on */
}

static void
touch(walk *w, const MDB_val *v)
{
	const uint8_t *p = v->mv_data;
	uint8_t x = 0;
	for (size_t i = 0; i < v->mv_size; i++) {
		x ^= p[i];
	}
	w->touched ^= x;
}

/* The record stored at feed key fk (author be64 seq), and its hash. */
static int
feed_record(walk *w, const uint8_t fk[ST_FEED_KEY_BYTES],
            uint8_t hash[ARNET_HASH_BYTES])
{
	MDB_val v;
	int rv = st_get(w->t, ST_RECORDS, fk, ST_FEED_KEY_BYTES, &v, NULL);
	if (rv == ARNET_OK) {
		arnet_record_hash(hash, v.mv_data, v.mv_size);
	}
	return rv;
}

/*
 * A signed record stored under key k: it decodes and its author and seq
 * are the key's first ST_FEED_KEY_BYTES. Returns 1 when it does (r filled).
 */
static int
record_at(walk *w, const MDB_val *k, const MDB_val *v, arnet_record *r)
{
	arnet_diag d = {{0}, 0};
	if (k->mv_size < ST_FEED_KEY_BYTES) {
		return problem(w, k, "key of %zu bytes, not an author and seq",
		               k->mv_size);
	}
	int rv = arnet_record_decode(r, v->mv_data, v->mv_size, &d);
	if (rv != ARNET_OK) {
		return problem(w, k, "the record does not decode: %s",
		               d.msg[0] ? d.msg : arnet_strerror(rv));
	}
	if (memcmp(r->author, (const uint8_t *)k->mv_data + ST_FEED_AUTHOR,
	           ARNET_PUBKEY_BYTES) != 0 ||
	    r->seq != st_feed_key_seq(k->mv_data)) {
		return problem(w, k,
		               "the record is filed under another "
		               "author or seq");
	}
	return 1;
}

static int
check_record(walk *w, const MDB_val *k, const MDB_val *v)
{
	arnet_record r;
	uint8_t hash[ARNET_HASH_BYTES];
	MDB_val bv;
	if (k->mv_size != ST_FEED_KEY_BYTES) {
		return problem(w, k, "key of %zu bytes, not %d", k->mv_size,
		               ST_FEED_KEY_BYTES);
	}
	if (record_at(w, k, v, &r) != 1) {
		return 0;
	}
	arnet_record_hash(hash, v->mv_data, v->mv_size);
	int rv = st_get(w->t, ST_BY_HASH, hash, sizeof(hash), &bv, NULL);
	if (rv != ARNET_OK) {
		return problem(w, k, "the record's hash is not in by_hash");
	}
	if (bv.mv_size != ST_FEED_KEY_BYTES ||
	    memcmp(bv.mv_data, k->mv_data, ST_FEED_KEY_BYTES) != 0) {
		return problem(w, k,
		               "by_hash files the record's hash "
		               "elsewhere");
	}
	return 0;
}

static int
check_by_hash(walk *w, const MDB_val *k, const MDB_val *v)
{
	uint8_t hash[ARNET_HASH_BYTES];
	if (k->mv_size != ARNET_HASH_BYTES || v->mv_size != ST_FEED_KEY_BYTES) {
		return problem(w, k,
		               "entry of %zu and %zu bytes, not %d and %d",
		               k->mv_size, v->mv_size, ARNET_HASH_BYTES,
		               ST_FEED_KEY_BYTES);
	}
	if (feed_record(w, v->mv_data, hash) != ARNET_OK) {
		return problem(w, k, "names a record that is not stored");
	}
	if (memcmp(hash, k->mv_data, sizeof(hash)) != 0) {
		return problem(w, k, "names a record of another hash");
	}
	return 0;
}

static int
check_head(walk *w, const MDB_val *k)
{
	arnet_head h;
	arnet_diag d = {{0}, 0};
	uint8_t fk[ST_FEED_KEY_BYTES], hash[ARNET_HASH_BYTES];
	if (k->mv_size != ARNET_PUBKEY_BYTES) {
		return problem(w, k, "key of %zu bytes, not an author",
		               k->mv_size);
	}
	int rv = arnet_log_head(w->t, k->mv_data, &h, &d);
	if (rv != ARNET_OK) {
		return problem(w, k, "the head does not decode: %s",
		               d.msg[0] ? d.msg : arnet_strerror(rv));
	}
	if (h.seq == 0) {
		return 0; /* only records waiting for a gap */
	}
	st_feed_key(fk, k->mv_data, h.seq);
	if (feed_record(w, fk, hash) != ARNET_OK) {
		return problem(w, k,
		               "the head is seq %llu, which is not stored",
		               (unsigned long long)h.seq);
	}
	if (memcmp(hash, h.hash, sizeof(hash)) != 0) {
		return problem(w, k, "the head's hash is not that of seq %llu",
		               (unsigned long long)h.seq);
	}
	st_feed_key(fk, k->mv_data, h.seq + 1);
	if (feed_record(w, fk, hash) == ARNET_OK) {
		return problem(w, k, "the feed goes on past its head, seq %llu",
		               (unsigned long long)h.seq);
	}
	return 0;
}

static int
check_subject(walk *w, const MDB_val *k, const MDB_val *v)
{
	uint8_t hash[ARNET_HASH_BYTES];
	const uint8_t *p = k->mv_data;
	/* subject (at least a byte), 0, feed key -> u8 type */
	if (k->mv_size < 1 + 1 + ST_FEED_KEY_BYTES ||
	    p[k->mv_size - ST_FEED_KEY_BYTES - 1] != 0 || v->mv_size != 1) {
		return problem(w, k, "not a subject, author, seq and type");
	}
	if (feed_record(w, p + k->mv_size - ST_FEED_KEY_BYTES, hash) !=
	    ARNET_OK) {
		return problem(w, k, "names a record that is not stored");
	}
	return 0;
}

static int
check_customer(walk *w, const MDB_val *k)
{
	arnet_ident id;
	arnet_customer c;
	arnet_diag d = {{0}, 0};
	if (k->mv_size > ARNET_ID_MAX ||
	    arnet_ident_parse_canonical(&id, k->mv_data, k->mv_size, NULL) !=
	            ARNET_OK) {
		return problem(w, k, "the key is not a canonical identifier");
	}
	if (arnet_customer_get(w->t, &id, &c, &d) != ARNET_OK) {
		return problem(w, k, "%s", d.msg);
	}
	return 0;
}

static int
check_invoice(walk *w, const MDB_val *k)
{
	char number[ARNET_INVOICE_NO_MAX + 1];
	arnet_invoice inv;
	arnet_diag d = {{0}, 0};
	if (k->mv_size == 0 || k->mv_size > ARNET_INVOICE_NO_MAX ||
	    memchr(k->mv_data, 0, k->mv_size) != NULL) {
		return problem(w, k, "the key is not an invoice number");
	}
	memcpy(number, k->mv_data, k->mv_size);
	number[k->mv_size] = '\0';
	if (arnet_invoice_get(w->t, number, &inv, &d) != ARNET_OK) {
		return problem(w, k, "%s", d.msg);
	}
	return 0;
}

/* The customer a key of the books starts with (its id, then a 0 byte,
 * then at least `rest` bytes). 0 when it does not. */
static int
key_customer(const MDB_val *k, size_t rest, arnet_ident *id)
{
	const uint8_t *z = memchr(k->mv_data, 0, k->mv_size);
	size_t n = z == NULL ? 0 : (size_t)(z - (const uint8_t *)k->mv_data);
	return n > 0 && n <= ARNET_ID_MAX && k->mv_size - n - 1 >= rest &&
	       arnet_ident_parse_canonical(id, k->mv_data, n, NULL) == ARNET_OK;
}

/* Whether the entries of `what` were decoded last; remembers it. */
static int
seen_last(walk *w, const char *what)
{
	if (strcmp(w->last, what) == 0) {
		return 1;
	}
	snprintf(w->last, sizeof(w->last), "%s", what);
	return 0;
}

static int
no_change(const arnet_cust_change *c, void *arg)
{
	(void)c;
	(void)arg;
	return 0;
}

/* customer id 0 be64 seq: the customer is held, and each of its changes
 * decodes (once per customer). */
static int
check_cust_change(walk *w, const MDB_val *k)
{
	arnet_ident id;
	arnet_customer c;
	arnet_diag d = {{0}, 0};
	if (!key_customer(k, 8, &id) || k->mv_size != strlen(id.text) + 9) {
		return problem(w, k, "not a customer id and a change number");
	}
	if (seen_last(w, id.text)) {
		return 0;
	}
	if (arnet_customer_get(w->t, &id, &c, &d) != ARNET_OK ||
	    arnet_cust_changes_scan(w->t, &id, no_change, NULL, &d) !=
	            ARNET_OK) {
		return problem(w, k, "%s", d.msg);
	}
	return 0;
}

/* customer id 0 invoice number 0 stage (or 0 be16: a promise): the
 * invoice is held and is that customer's, and its whole log (actions and
 * promises) decodes (once per invoice). */
static int
check_dunning(walk *w, const MDB_val *k)
{
	char number[ARNET_INVOICE_NO_MAX + 1], both[sizeof(w->last)];
	arnet_ident id;
	arnet_invoice inv;
	arnet_dunning_list l;
	arnet_diag d = {{0}, 0};
	const uint8_t *p = k->mv_data;
	size_t at = key_customer(k, 3, &id) ? strlen(id.text) + 1 : 0;
	const uint8_t *z = at == 0 ? NULL : memchr(p + at, 0, k->mv_size - at);
	size_t n = z == NULL ? 0 : (size_t)(z - (p + at));
	size_t rest = z == NULL ? 0 : k->mv_size - at - n - 1;
	if (n == 0 || n > ARNET_INVOICE_NO_MAX || (rest != 1 && rest != 3) ||
	    (rest == 1 && z[1] == 0) || (rest == 3 && z[1] != 0)) {
		return problem(w, k, "not a customer, invoice and stage");
	}
	memcpy(number, p + at, n);
	number[n] = '\0';
	snprintf(both, sizeof(both), "%s %s", id.text, number);
	if (seen_last(w, both)) {
		return 0;
	}
	if (arnet_invoice_get(w->t, number, &inv, &d) != ARNET_OK) {
		return problem(w, k, "%s", d.msg);
	}
	if (strcmp(inv.customer.text, id.text) != 0) {
		return problem(w, k, "invoice %s is %s's, not %s's", number,
		               inv.customer.text, id.text);
	}
	int rv = arnet_dunning_list_get(w->t, &id, number, INT32_MAX, &l, &d);
	arnet_dunning_list_free(&l);
	return rv == ARNET_OK ? 0 : problem(w, k, "%s", d.msg);
}

/* In meta, a customer's contact data: the customer is held and the data
 * decodes. Other meta keys are counters and marks, not checked here. */
static int
check_meta(walk *w, const MDB_val *k)
{
	arnet_ident id;
	arnet_customer c;
	arnet_contact ct;
	arnet_diag d = {{0}, 0};
	size_t n = k->mv_size - ST_CONTACT_PREFIX_LEN;
	if (k->mv_size <= ST_CONTACT_PREFIX_LEN ||
	    memcmp(k->mv_data, ST_CONTACT_PREFIX, ST_CONTACT_PREFIX_LEN) != 0) {
		return 0;
	}
	if (n > ARNET_ID_MAX ||
	    arnet_ident_parse_canonical(
	            &id, (const char *)k->mv_data + ST_CONTACT_PREFIX_LEN, n,
	            NULL) != ARNET_OK) {
		return problem(w, k,
		               "contact data of a key that is not a "
		               "canonical identifier");
	}
	if (arnet_customer_get(w->t, &id, &c, &d) != ARNET_OK ||
	    arnet_contact_get(w->t, &id, &ct, &d) != ARNET_OK) {
		return problem(w, k, "%s", d.msg);
	}
	return 0;
}

typedef struct table_ctx {
	walk *w;
	int db;
} table_ctx;

static int
entry(const MDB_val *k, const MDB_val *v, void *arg)
{
	table_ctx *c = arg;
	walk *w = c->w;
	arnet_record r;
	w->entries++;
	touch(w, k);
	touch(w, v);
	switch (c->db) {
	case ST_RECORDS:
		return check_record(w, k, v);
	case ST_BY_HASH:
		return check_by_hash(w, k, v);
	case ST_HEADS:
		return check_head(w, k);
	case ST_SUBJECTS:
		return check_subject(w, k, v);
	case ST_PENDING:
	case ST_EQUIV:
		(void)record_at(w, k, v, &r);
		return 0;
	case ST_CUSTOMERS:
		return check_customer(w, k);
	case ST_INVOICES:
		return check_invoice(w, k);
	case ST_META:
		return check_meta(w, k);
	case ST_DUNNING:
		return check_dunning(w, k);
	case ST_CUST_CHANGES:
		return check_cust_change(w, k);
	default:
		return 0;
	}
}

/* One table, in a transaction of its own: after an error LMDB refuses
 * every further read of the transaction (MDB_BAD_TXN). */
static int
table_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	table_ctx *tc = arg;
	tc->w->t = t;
	tc->w->entries = 0;
	tc->w->problems = 0;
	return st_scan(t, tc->db, NULL, 0, entry, tc, d);
}

int
arnet_store_verify(arnet_store *s, const arnet_verify_ops *ops,
                   uint64_t *problems, arnet_diag *d)
{
	*problems = 0;
	for (int db = 0; db < ST_DB_COUNT; db++) {
		walk w = {.ops = ops, .table = st_db_name(db)};
		table_ctx tc = {&w, db};
		arnet_diag sd = {{0}, 0};
		if (ops->table != NULL) {
			ops->table(ops->arg, w.table);
		}
		int rv = arnet_store_read(s, table_txn, &tc, &sd);
		if (rv == ARNET_EBUSY || rv == ARNET_ENOMEM) {
			*problems += w.problems;
			return arnet_diag_set(d, rv, "%s", sd.msg);
		}
		if (rv != ARNET_OK) {
			problem(&w, NULL, "the table cannot be read: %s",
			        sd.msg[0] ? sd.msg : arnet_strerror(rv));
		}
		if (ops->counted != NULL) {
			ops->counted(ops->arg, w.table, w.entries);
		}
		*problems += w.problems;
	}
	return ARNET_OK;
}
