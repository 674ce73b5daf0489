/*
 * corrections.c - credit notes, voids, write-offs and payment reversals
 * (arnet_corrections.h).
 *
 * A correction is kept with the customer's payments in cust_pay, under
 * id 0 be64(kind << 56 | correction id): payments have 0 in that top
 * byte, so their keys and the payment scan are as before, and each kind
 * of correction is one contiguous range after them. Its entries on
 * invoices are alloc keys with the same number, so a walk of the books
 * gets them with the payments' entries, in one sequential cursor. Nothing
 * is ever deleted: a reversal marks the payment and its entries with the
 * reversal day (docs/storage.md) and the ledger walk turns each into a
 * negative entry from that day.
 */
#include "arnet_corrections.h"
#include "arnet_codec.h"
#include "arnet_date.h"
#include "arnet_grow.h"
#include "books_internal.h"
#include "txn.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define CORR_VERSION 1

const char *
arnet_corr_kind_name(int kind)
{
	static const char *const names[] = {NULL, "credit note", "write-off",
	                                    "void", "reversal"};
	return kind >= 1 && kind <= ARNET_CORR_REVERSAL ? names[kind]
	                                                : "unknown";
}

static size_t
enc_corr(uint8_t *buf, size_t cap, const arnet_correction *c)
{
	arnet_wbuf w;
	arnet_wbuf_init(&w, buf, cap);
	arnet_put_u8(&w, CORR_VERSION);
	arnet_put_u8(&w, c->kind);
	arnet_put_u32(&w, (uint32_t)c->date);
	arnet_put_u64(&w, (uint64_t)c->amount);
	arnet_put_bytes(&w, c->currency, 3);
	arnet_put_str8(&w, c->number, strlen(c->number), ARNET_INVOICE_NO_MAX);
	arnet_put_str8(&w, c->invoice, strlen(c->invoice),
	               ARNET_INVOICE_NO_MAX);
	arnet_put_u64(&w, c->payment);
	arnet_put_str16(&w, c->reason, strlen(c->reason), ARNET_BOOKS_NOTE_MAX);
	arnet_put_u64(&w, (uint64_t)c->unapplied);
	return w.err == ARNET_OK ? w.len : 0;
}

static int
dec_corr(arnet_correction *c, const MDB_val *k, const MDB_val *v, arnet_diag *d)
{
	arnet_rbuf r;
	uint64_t doc;
	memset(c, 0, sizeof(*c));
	if (bk_cust_doc_key(k, &c->customer, &doc) != ARNET_OK) {
		return bk_corrupt(d, "correction key");
	}
	c->id = BK_DOC_ID(doc);
	arnet_rbuf_init(&r, v->mv_data, v->mv_size, NULL);
	if (arnet_get_u8(&r, "version") != CORR_VERSION) {
		return bk_corrupt(d, "correction");
	}
	c->kind = arnet_get_u8(&r, "kind");
	c->date = (int32_t)arnet_get_u32(&r, "date");
	c->amount = (int64_t)arnet_get_u64(&r, "amount");
	arnet_get_bytes(&r, c->currency, 3, "currency");
	arnet_get_str8(&r, c->number, sizeof(c->number), "number");
	arnet_get_str8(&r, c->invoice, sizeof(c->invoice), "invoice");
	c->payment = arnet_get_u64(&r, "payment");
	arnet_get_str16(&r, c->reason, sizeof(c->reason), "reason");
	c->unapplied = (int64_t)arnet_get_u64(&r, "unapplied");
	if (arnet_rbuf_finish(&r) != ARNET_OK || c->kind != BK_DOC_KIND(doc)) {
		return bk_corrupt(d, "correction");
	}
	return ARNET_OK;
}

/* Give c its id and store it (cust_pay, and payments for the lookup). */
static int
corr_store(arnet_txn *t, arnet_correction *c, int have_id, arnet_diag *d)
{
	uint8_t key[BK_KEY_MAX], buf[1024], be[8];
	int rv = have_id ? ARNET_OK
	                 : st_counter_next(t, "next_correction", &c->id, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	arnet_be64_write(be, BK_DOC(c->kind, c->id));
	size_t n = enc_corr(buf, sizeof(buf), c);
	if (n == 0) {
		return arnet_diag_set(d, ARNET_ETOOBIG, "correction too large");
	}
	size_t kn = bk_cust_key(key, &c->customer, be, 8);
	if ((rv = st_put(t, ST_CUST_PAY, key, kn, buf, n, 0, d)) == 0) {
		rv = st_put(t, ST_PAYMENTS, be, 8, c->customer.text,
		            strlen(c->customer.text), 0, d);
	}
	return rv;
}

/* The correction stored under doc (BK_DOC). */
static int
corr_get(arnet_txn *t, uint64_t doc, arnet_correction *out, arnet_diag *d)
{
	uint8_t be[8], key[BK_KEY_MAX];
	arnet_ident cust;
	MDB_val v, cv;
	arnet_be64_write(be, doc);
	int rv = st_get(t, ST_PAYMENTS, be, 8, &v, d);
	if (rv != ARNET_OK) {
		return rv == ARNET_ENOTFOUND ? bk_corrupt(d, "correction index")
		                             : rv;
	}
	if (v.mv_size > ARNET_ID_MAX ||
	    arnet_ident_parse_canonical(&cust, v.mv_data, v.mv_size, NULL) !=
	            ARNET_OK) {
		return bk_corrupt(d, "correction index");
	}
	size_t kn = bk_cust_key(key, &cust, be, 8);
	if ((rv = st_get(t, ST_CUST_PAY, key, kn, &cv, d)) != ARNET_OK) {
		return rv == ARNET_ENOTFOUND ? bk_corrupt(d, "correction index")
		                             : rv;
	}
	MDB_val k = {kn, key};
	return dec_corr(out, &k, &cv, d);
}

static int
check_reason(const char *reason, int required, arnet_diag *d)
{
	return bk_check_text(reason, ARNET_BOOKS_NOTE_MAX, required, "reason",
	                     d);
}

static int
check_day(int32_t date, arnet_diag *d)
{
	return arnet_date_valid(date)
	               ? ARNET_OK
	               : arnet_diag_set(d, ARNET_ERANGE,
	                                "date outside 1900..9999");
}

/* --- credit notes --- */

/* The key in pay_keys that holds a credit note's number. */
static void
number_key(uint8_t out[32], const char *number)
{
	crypto_generichash(out, 32, (const uint8_t *)number, strlen(number),
	                   (const uint8_t *)"arnet/credit-note/v1", 20);
}

static int
same_credit_note(const arnet_correction *a, const arnet_correction *b)
{
	return strcmp(a->customer.text, b->customer.text) == 0 &&
	       a->date == b->date && a->amount == b->amount &&
	       strcmp(a->currency, b->currency) == 0 &&
	       strcmp(a->invoice, b->invoice) == 0 &&
	       strcmp(a->reason, b->reason) == 0;
}

int
arnet_credit_note_add(arnet_txn *t, arnet_correction *cn, arnet_put_result *res,
                      arnet_diag *d)
{
	uint8_t nk[32], be[8];
	arnet_customer c;
	MDB_val v;
	int rv;

	cn->kind = ARNET_CORR_CREDIT_NOTE;
	cn->payment = 0;
	if ((rv = bk_check_text(cn->number, ARNET_INVOICE_NO_MAX, 1,
	                        "credit note number", d)) != 0 ||
	    (rv = bk_check_currency(cn->currency, "currency", d)) != 0 ||
	    (rv = check_reason(cn->reason, 0, d)) != 0 ||
	    (rv = check_day(cn->date, d)) != 0) {
		return rv;
	}
	if (cn->amount <= 0) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "a credit note's amount must be more "
		                      "than zero");
	}
	if ((rv = arnet_customer_get(t, &cn->customer, &c, d)) != 0) {
		return rv;
	}
	number_key(nk, cn->number);
	rv = st_get(t, ST_PAY_KEYS, nk, 32, &v, d);
	if (rv == ARNET_OK) {
		arnet_correction was;
		if (v.mv_size != 8) {
			return bk_corrupt(d, "credit note number");
		}
		if ((rv = corr_get(t, arnet_be64_read(v.mv_data), &was, d)) !=
		    0) {
			return rv;
		}
		if (!same_credit_note(&was, cn)) {
			return arnet_diag_set(d, ARNET_ECONFLICT,
			                      "credit note %s already exists "
			                      "with other contents",
			                      cn->number);
		}
		*cn = was;
		if (res != NULL) {
			*res = ARNET_PUT_UNCHANGED;
		}
		return ARNET_OK;
	}
	if (rv != ARNET_ENOTFOUND) {
		return rv;
	}
	if ((rv = st_counter_next(t, "next_correction", &cn->id, d)) != 0) {
		return rv;
	}
	bk_credit cr = {&cn->customer,
	                cn->currency,
	                cn->invoice,
	                cn->date,
	                cn->amount,
	                BK_DOC(ARNET_CORR_CREDIT_NOTE, cn->id),
	                0};
	if ((rv = bk_apply(t, &cr, d)) != ARNET_OK) {
		return rv;
	}
	cn->unapplied = cr.unapplied;
	arnet_be64_write(be, cr.doc);
	if ((rv = corr_store(t, cn, 1, d)) != 0 ||
	    (rv = st_put(t, ST_PAY_KEYS, nk, 32, be, 8, 0, d)) != 0) {
		return rv;
	}
	if (res != NULL) {
		*res = ARNET_PUT_ADDED;
	}
	return ARNET_OK;
}

/* --- voids and write-offs --- */

/*
 * The invoice `number` with its entries, checked for a correction dated
 * `date`: on or after its issue and its latest entry, and with a reason.
 * *left: what is outstanding with every entry held.
 */
static int
corr_target(arnet_txn *t, const char *number, int32_t date, const char *reason,
            arnet_invoice *inv, bk_alloc_list *l, int64_t *left, arnet_diag *d)
{
	char b1[16], b2[16];
	int rv = check_reason(reason, 1, d);
	if (rv == ARNET_OK) {
		rv = check_day(date, d);
	}
	if (rv == ARNET_OK) {
		rv = arnet_invoice_get(t, number, inv, d);
	}
	if (rv == ARNET_OK) {
		rv = bk_invoice_allocs(t, inv, l, d);
	}
	if (rv != ARNET_OK) {
		return rv;
	}
	if (date < inv->issued) {
		arnet_date_format(b1, sizeof(b1), inv->issued);
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "invoice %s was issued on %s, after the "
		                      "date given",
		                      inv->number, b1);
	}
	for (size_t i = 0; i < l->n; i++) {
		if (l->a[i].kind == ARNET_ALLOC_VOID) {
			arnet_date_format(b1, sizeof(b1), l->a[i].date);
			return arnet_diag_set(d, ARNET_ECONFLICT,
			                      "invoice %s is void since %s",
			                      inv->number, b1);
		}
	}
	for (size_t i = 0; i < l->n; i++) {
		if (l->a[i].date > date) {
			arnet_date_format(b1, sizeof(b1), l->a[i].date);
			arnet_date_format(b2, sizeof(b2), date);
			return arnet_diag_set(
			        d, ARNET_ERANGE,
			        "invoice %s has a %s (%llu) dated %s, "
			        "after %s: date the correction on or after it",
			        inv->number,
			        arnet_alloc_kind_name(l->a[i].kind),
			        (unsigned long long)l->a[i].payment, b1, b2);
		}
	}
	*left = inv->amount - bk_sum_allocs(l->a, l->n, INT32_MAX);
	return ARNET_OK;
}

/* Store correction c (kind, date, amount set) of inv, with its reason,
 * and its entry; *out (when not NULL) gets c as stored. */
static int
corr_entry(arnet_txn *t, const arnet_invoice *inv, arnet_correction *c,
           const char *reason, arnet_correction *out, arnet_diag *d)
{
	c->customer = inv->customer;
	memcpy(c->currency, inv->currency, 4);
	memcpy(c->invoice, inv->number, sizeof(c->invoice));
	snprintf(c->reason, sizeof(c->reason), "%s", reason);
	int rv = corr_store(t, c, 0, d);
	if (rv == ARNET_OK) {
		rv = bk_put_alloc(t, inv, BK_DOC(c->kind, c->id), c->date,
		                  c->amount, 0, 0, d);
	}
	if (rv == ARNET_OK && out != NULL) {
		*out = *c;
	}
	return rv;
}

int
arnet_invoice_void(arnet_txn *t, const char *number, int32_t date,
                   const char *reason, arnet_correction *out, arnet_diag *d)
{
	arnet_invoice inv;
	bk_alloc_list l = {0};
	arnet_correction c = {.kind = ARNET_CORR_VOID, .date = date};
	int64_t left = 0;
	int rv = corr_target(t, number, date, reason, &inv, &l, &left, d);
	/* A payment counts against a void unless it was reversed: its
	 * entries then sum to nothing. */
	for (size_t i = 0; rv == ARNET_OK && i < l.n; i++) {
		int64_t net = 0;
		if (l.a[i].kind != ARNET_ALLOC_PAYMENT || l.a[i].amount < 0) {
			continue;
		}
		for (size_t j = 0; j < l.n; j++) {
			if (l.a[j].kind == ARNET_ALLOC_PAYMENT &&
			    l.a[j].payment == l.a[i].payment) {
				net += l.a[j].amount;
			}
		}
		if (net > 0) {
			rv = arnet_diag_set(
			        d, ARNET_ECONFLICT,
			        "payment %llu is applied to invoice "
			        "%s: reverse it first (arnet payment "
			        "reverse %llu)",
			        (unsigned long long)l.a[i].payment, inv.number,
			        (unsigned long long)l.a[i].payment);
		}
	}
	if (rv == ARNET_OK && left <= 0) {
		rv = arnet_diag_set(d, ARNET_ECONFLICT,
		                    "nothing is outstanding on invoice %s: "
		                    "there is nothing to void",
		                    inv.number);
	}
	free(l.a);
	if (rv != ARNET_OK) {
		return rv;
	}
	c.amount = left;
	return corr_entry(t, &inv, &c, reason, out, d);
}

int
arnet_invoice_write_off(arnet_txn *t, const char *number, int32_t date,
                        int64_t amount, const char *reason,
                        arnet_correction *out, arnet_diag *d)
{
	arnet_invoice inv;
	bk_alloc_list l = {0};
	arnet_correction c = {.kind = ARNET_CORR_WRITE_OFF, .date = date};
	int64_t left = 0;
	int rv = corr_target(t, number, date, reason, &inv, &l, &left, d);
	free(l.a);
	if (rv != ARNET_OK) {
		return rv;
	}
	if (left <= 0) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "nothing is outstanding on invoice %s to "
		                      "write off",
		                      inv.number);
	}
	if (amount < 0 || amount > left) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "a write-off of %lld is more than the "
		                      "%lld outstanding on invoice %s (minor "
		                      "units)",
		                      (long long)amount, (long long)left,
		                      inv.number);
	}
	c.amount = amount == 0 ? left : amount;
	return corr_entry(t, &inv, &c, reason, out, d);
}

/* --- payment reversals --- */

/* An entry of the payment being reversed, collected before it is
 * rewritten (no write while the scan's cursor is open). */
typedef struct rev_entry {
	uint8_t k[BK_KEY_MAX];
	size_t kn;
	uint8_t val[12];
} rev_entry;

typedef struct rev_keys {
	rev_entry *e;
	size_t n, cap;
	uint64_t payment;
} rev_keys;

/* Collect the entries of one payment (keys ... 0 be64(payment id)). */
static int
rev_collect(const MDB_val *k, const MDB_val *v, void *arg)
{
	rev_keys *r = arg;
	const uint8_t *kp = k->mv_data;
	if (k->mv_size < 9 || k->mv_size > BK_KEY_MAX ||
	    kp[k->mv_size - 9] != 0 ||
	    arnet_be64_read(kp + k->mv_size - 8) != r->payment) {
		return 0;
	}
	if (v->mv_size != 12) {
		return ARNET_ESTORE; /* reversed already, or corrupt */
	}
	if (ARNET_GROW(&r->e, r->n, &r->cap, 4) != ARNET_OK) {
		return ARNET_ENOMEM;
	}
	rev_entry *e = &r->e[r->n++];
	memcpy(e->k, kp, k->mv_size);
	e->kn = k->mv_size;
	memcpy(e->val, v->mv_data, 12);
	return 0;
}

int
arnet_payment_reverse(arnet_txn *t, uint64_t id, int32_t date,
                      const char *reason, arnet_correction *out, arnet_diag *d)
{
	uint8_t prefix[ARNET_ID_MAX + 1], val[16];
	char b1[16];
	arnet_payment p;
	rev_keys r = {.payment = id};
	int rv;

	if ((rv = check_reason(reason, 1, d)) != 0 ||
	    (rv = check_day(date, d)) != 0 ||
	    (rv = arnet_payment_get(t, id, &p, d)) != 0) {
		return rv;
	}
	if (p.reversal != 0) {
		arnet_date_format(b1, sizeof(b1), p.reversed);
		return arnet_diag_set(d, ARNET_ECONFLICT,
		                      "payment %llu was reversed on %s already",
		                      (unsigned long long)id, b1);
	}
	if (date < p.date) {
		arnet_date_format(b1, sizeof(b1), p.date);
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "payment %llu is dated %s, after the "
		                      "reversal date",
		                      (unsigned long long)id, b1);
	}
	size_t pn = bk_cust_key(prefix, &p.customer, "", 0);
	rv = st_scan(t, ST_ALLOC, prefix, pn, rev_collect, &r, d);
	if (rv == ARNET_ESTORE) {
		rv = bk_corrupt(d, "payment application");
	} else if (rv == ARNET_ENOMEM) {
		rv = arnet_diag_set(d, rv, "out of memory");
	}
	for (size_t i = 0; rv == ARNET_OK && i < r.n; i++) {
		memcpy(val, r.e[i].val, 12);
		arnet_be32_write(val + 12, (uint32_t)date);
		rv = st_put(t, ST_ALLOC, r.e[i].k, r.e[i].kn, val, 16, 0, d);
	}
	free(r.e);
	if (rv != ARNET_OK) {
		return rv;
	}
	arnet_correction c = {
	        .kind = ARNET_CORR_REVERSAL,
	        .customer = p.customer,
	        .date = date,
	        .amount = p.amount,
	        .payment = id,
	};
	memcpy(c.currency, p.currency, 4);
	snprintf(c.reason, sizeof(c.reason), "%s", reason);
	if ((rv = corr_store(t, &c, 0, d)) != ARNET_OK) {
		return rv;
	}
	p.reversal = c.id;
	p.reversed = date;
	rv = bk_payment_put(t, &p, d);
	if (rv == ARNET_OK && out != NULL) {
		*out = c;
	}
	return rv;
}

/* --- scan --- */

struct corr_scan {
	arnet_correction_fn fn;
	void *arg;
	arnet_diag *d;
};

static int
corr_scan_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct corr_scan *s = arg;
	arnet_correction c;
	const uint8_t *kp = k->mv_data;
	if (k->mv_size < 10 || kp[k->mv_size - 8] == 0) {
		return 0; /* a payment */
	}
	int rv = dec_corr(&c, k, v, s->d);
	return rv != ARNET_OK ? rv : s->fn(&c, s->arg);
}

int
arnet_correction_scan(arnet_txn *t, const arnet_ident *customer,
                      arnet_correction_fn fn, void *arg, arnet_diag *d)
{
	uint8_t prefix[ARNET_ID_MAX + 1];
	struct corr_scan s = {fn, arg, d};
	size_t pn = bk_cust_key(prefix, customer, "", 0);
	return st_scan(t, ST_CUST_PAY, prefix, pn, corr_scan_one, &s, d);
}
