/*
 * books.c - customers, invoices and payments in LMDB, and the application
 * of payments to invoices.
 *
 * Keys put the customer first (customer id, a 0 byte, then the invoice
 * number or payment id), so one customer's invoices, the payments applied
 * to them and its payments are each one contiguous range; a report walks
 * them with sequential cursors, and the allocations of an invoice follow
 * in the same order as the invoices (an invoice key K sorts before every
 * K 0 ... allocation key, and those before the next invoice).
 */
#include "arnet_books.h"
#include "arnet_cust_changes.h"
#include "arnet_codec.h"
#include "arnet_date.h"
#include "arnet_grow.h"
#include "arnet_money.h"
#include "arnet_utf8.h"
#include "books_internal.h"
#include "txn.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define VALUE_VERSION 1
/* Customers: 2 added the individual flag; 1 (without it) is still read,
 * as not an individual, and rewritten as 2 when the customer changes. */
#define CUSTOMER_VERSION 2
#define KEY_MAX          BK_KEY_MAX

static const char *const status_names[] = {NULL, "active", "hold", "closed"};

const char *
arnet_cust_status_name(int status)
{
	return status >= 1 && status <= 3 ? status_names[status] : "unknown";
}

int
arnet_cust_status_parse(const char *name)
{
	for (int i = 1; i <= 3; i++) {
		if (strcmp(name, status_names[i]) == 0) {
			return i;
		}
	}
	return 0;
}

/* Text field: valid UTF-8 without control characters, at most max bytes,
 * and, when `required`, not empty or white space at either end. */
int
bk_check_text(const char *s, size_t max, int required, const char *field,
              arnet_diag *d)
{
	size_t n = strlen(s);
	if (n > max) {
		return arnet_diag_set(d, ARNET_ETOOBIG,
		                      "%s is %zu bytes, at most %zu", field, n,
		                      max);
	}
	if (required && n == 0) {
		return arnet_diag_set(d, ARNET_ESYNTAX, "%s is empty", field);
	}
	if (!arnet_utf8_valid((const uint8_t *)s, n, 0)) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "%s is not valid UTF-8 text (or has "
		                      "control characters)",
		                      field);
	}
	if (n > 0 && (s[0] == ' ' || s[n - 1] == ' ')) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "%s has spaces at its start or end",
		                      field);
	}
	return ARNET_OK;
}

int
bk_check_currency(const char *cur, const char *field, arnet_diag *d)
{
	if (strlen(cur) != 3 || arnet_currency_exponent(cur) < 0) {
		return arnet_diag_set(d, ARNET_ECURRENCY,
		                      "%s \"%s\" is not an ISO 4217 code arnet "
		                      "knows",
		                      field, cur);
	}
	return ARNET_OK;
}

void
arnet_customer_init(arnet_customer *c, const arnet_ident *id)
{
	memset(c, 0, sizeof(*c));
	if (id != NULL) {
		c->id = *id;
	}
	c->credit_limit = ARNET_NO_LIMIT;
	memcpy(c->currency, ARNET_CURRENCY_DEFAULT, 4);
	c->terms_days = 30;
	c->status = ARNET_CUST_ACTIVE;
}

int
arnet_customer_check(const arnet_customer *c, arnet_diag *d)
{
	arnet_ident canon;
	int rv = arnet_ident_parse_canonical(&canon, c->id.text,
	                                     strlen(c->id.text), d);
	if (rv != ARNET_OK) {
		return rv;
	}
	if ((rv = bk_check_text(c->name, ARNET_NAME_MAX, 1, "name", d)) != 0 ||
	    (rv = bk_check_currency(c->currency, "currency", d)) != 0 ||
	    (rv = bk_check_text(c->hold_reason, ARNET_BOOKS_NOTE_MAX, 0,
	                        "hold reason", d)) != 0) {
		return rv;
	}
	if (c->credit_limit < ARNET_NO_LIMIT) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "credit limit must not be negative");
	}
	if (c->terms_days > ARNET_TERMS_MAX) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "terms of %u days exceed %d",
		                      c->terms_days, ARNET_TERMS_MAX);
	}
	if (c->grade != 0 && (c->grade < 'A' || c->grade > 'D')) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "grade must be A, B, C or D");
	}
	if (c->status < ARNET_CUST_ACTIVE || c->status > ARNET_CUST_CLOSED) {
		return arnet_diag_set(d, ARNET_ERANGE, "unknown status %u",
		                      c->status);
	}
	if (c->individual > 1) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "individual must be 0 or 1, not %u",
		                      c->individual);
	}
	return ARNET_OK;
}

/* --- stored forms --- */

static size_t
enc_customer(uint8_t *buf, size_t cap, const arnet_customer *c)
{
	arnet_wbuf w;
	arnet_wbuf_init(&w, buf, cap);
	arnet_put_u8(&w, CUSTOMER_VERSION);
	arnet_put_str16(&w, c->name, strlen(c->name), ARNET_NAME_MAX);
	arnet_put_u64(&w, (uint64_t)c->credit_limit);
	arnet_put_bytes(&w, c->currency, 3);
	arnet_put_u16(&w, c->terms_days);
	arnet_put_u8(&w, (uint8_t)c->grade);
	arnet_put_u8(&w, c->status);
	arnet_put_u32(&w, (uint32_t)c->hold_since);
	arnet_put_str16(&w, c->hold_reason, strlen(c->hold_reason),
	                ARNET_BOOKS_NOTE_MAX);
	arnet_put_u8(&w, c->individual);
	return w.err == ARNET_OK ? w.len : 0;
}

int
bk_corrupt(arnet_diag *d, const char *what)
{
	return arnet_diag_set(d, ARNET_ESTORE, "store: a stored %s is corrupt",
	                      what);
}

static int
dec_customer(arnet_customer *c, const MDB_val *k, const MDB_val *v,
             arnet_diag *d)
{
	arnet_rbuf r;
	memset(c, 0, sizeof(*c));
	if (k->mv_size > ARNET_ID_MAX ||
	    arnet_ident_parse_canonical(&c->id, k->mv_data, k->mv_size, NULL) !=
	            ARNET_OK) {
		return bk_corrupt(d, "customer id");
	}
	arnet_rbuf_init(&r, v->mv_data, v->mv_size, NULL);
	uint8_t version = arnet_get_u8(&r, "version");
	if (version != 1 && version != CUSTOMER_VERSION) {
		return bk_corrupt(d, "customer");
	}
	arnet_get_str16(&r, c->name, sizeof(c->name), "name");
	c->credit_limit = (int64_t)arnet_get_u64(&r, "limit");
	arnet_get_bytes(&r, c->currency, 3, "currency");
	c->terms_days = arnet_get_u16(&r, "terms");
	c->grade = (char)arnet_get_u8(&r, "grade");
	c->status = arnet_get_u8(&r, "status");
	c->hold_since = (int32_t)arnet_get_u32(&r, "hold_since");
	arnet_get_str16(&r, c->hold_reason, sizeof(c->hold_reason), "reason");
	if (version >= 2) {
		c->individual = arnet_get_u8(&r, "individual");
	}
	if (arnet_rbuf_finish(&r) != ARNET_OK || c->individual > 1) {
		return bk_corrupt(d, "customer");
	}
	return ARNET_OK;
}

static size_t
enc_invoice(uint8_t *buf, size_t cap, const arnet_invoice *inv)
{
	arnet_wbuf w;
	arnet_wbuf_init(&w, buf, cap);
	arnet_put_u8(&w, VALUE_VERSION);
	arnet_put_str8(&w, inv->order_ref, strlen(inv->order_ref),
	               ARNET_REF_MAX);
	arnet_put_u32(&w, (uint32_t)inv->issued);
	arnet_put_u32(&w, (uint32_t)inv->due);
	arnet_put_u64(&w, (uint64_t)inv->amount);
	arnet_put_bytes(&w, inv->currency, 3);
	return w.err == ARNET_OK ? w.len : 0;
}

/* Key of a customer's item: id 0 rest. Returns its length. */
size_t
bk_cust_key(uint8_t *key, const arnet_ident *id, const void *rest, size_t n)
{
	size_t idn = strlen(id->text);
	memcpy(key, id->text, idn);
	key[idn] = 0;
	memcpy(key + idn + 1, rest, n);
	return idn + 1 + n;
}

/* The customer and the document of a cust_pay key (id 0 be64 doc): a
 * payment's or a correction's. ARNET_OK, or ARNET_ESTORE for a key of
 * another form. */
int
bk_cust_doc_key(const MDB_val *k, arnet_ident *customer, uint64_t *doc)
{
	const uint8_t *kp = k->mv_data;
	if (k->mv_size < 10 || kp[k->mv_size - 9] != 0 ||
	    arnet_ident_parse_canonical(customer, (const char *)kp,
	                                k->mv_size - 9, NULL) != ARNET_OK) {
		return ARNET_ESTORE;
	}
	*doc = arnet_be64_read(kp + k->mv_size - 8);
	return ARNET_OK;
}

/* Decode an invoice from its ST_CUST_INV key (id 0 number) and value. */
static int
dec_invoice(arnet_invoice *inv, const MDB_val *k, const MDB_val *v,
            arnet_diag *d)
{
	arnet_rbuf r;
	const uint8_t *kp = k->mv_data;
	const uint8_t *z = memchr(kp, 0, k->mv_size);
	memset(inv, 0, sizeof(*inv));
	size_t idn = z ? (size_t)(z - kp) : 0;
	size_t nn = z ? k->mv_size - idn - 1 : 0;
	if (z == NULL || nn == 0 || nn > ARNET_INVOICE_NO_MAX ||
	    arnet_ident_parse_canonical(&inv->customer, (const char *)kp, idn,
	                                NULL) != ARNET_OK) {
		return bk_corrupt(d, "invoice key");
	}
	memcpy(inv->number, z + 1, nn);
	arnet_rbuf_init(&r, v->mv_data, v->mv_size, NULL);
	if (arnet_get_u8(&r, "version") != VALUE_VERSION) {
		return bk_corrupt(d, "invoice");
	}
	arnet_get_str8(&r, inv->order_ref, sizeof(inv->order_ref), "ref");
	inv->issued = (int32_t)arnet_get_u32(&r, "issued");
	inv->due = (int32_t)arnet_get_u32(&r, "due");
	inv->amount = (int64_t)arnet_get_u64(&r, "amount");
	arnet_get_bytes(&r, inv->currency, 3, "currency");
	return arnet_rbuf_finish(&r) == ARNET_OK ? ARNET_OK
	                                         : bk_corrupt(d, "invoice");
}

/* Payments: 2 adds the reversal (u64 correction id, i32 day); written
 * only for a reversed payment, so every other payment keeps format 1. */
#define PAYMENT_VERSION 2

static size_t
enc_payment(uint8_t *buf, size_t cap, const arnet_payment *p)
{
	arnet_wbuf w;
	arnet_wbuf_init(&w, buf, cap);
	arnet_put_u8(&w, p->reversal != 0 ? PAYMENT_VERSION : VALUE_VERSION);
	arnet_put_u32(&w, (uint32_t)p->date);
	arnet_put_u64(&w, (uint64_t)p->amount);
	arnet_put_bytes(&w, p->currency, 3);
	arnet_put_str8(&w, p->invoice, strlen(p->invoice),
	               ARNET_INVOICE_NO_MAX);
	arnet_put_str8(&w, p->reference, strlen(p->reference), ARNET_REF_MAX);
	arnet_put_u64(&w, (uint64_t)p->unapplied);
	if (p->reversal != 0) {
		arnet_put_u64(&w, p->reversal);
		arnet_put_u32(&w, (uint32_t)p->reversed);
	}
	return w.err == ARNET_OK ? w.len : 0;
}

static int
dec_payment(arnet_payment *p, const MDB_val *k, const MDB_val *v, arnet_diag *d)
{
	arnet_rbuf r;
	memset(p, 0, sizeof(*p));
	if (bk_cust_doc_key(k, &p->customer, &p->id) != ARNET_OK) {
		return bk_corrupt(d, "payment key");
	}
	arnet_rbuf_init(&r, v->mv_data, v->mv_size, NULL);
	uint8_t version = arnet_get_u8(&r, "version");
	if (version != VALUE_VERSION && version != PAYMENT_VERSION) {
		return bk_corrupt(d, "payment");
	}
	p->date = (int32_t)arnet_get_u32(&r, "date");
	p->amount = (int64_t)arnet_get_u64(&r, "amount");
	arnet_get_bytes(&r, p->currency, 3, "currency");
	arnet_get_str8(&r, p->invoice, sizeof(p->invoice), "invoice");
	arnet_get_str8(&r, p->reference, sizeof(p->reference), "reference");
	p->unapplied = (int64_t)arnet_get_u64(&r, "unapplied");
	if (version == PAYMENT_VERSION) {
		p->reversal = arnet_get_u64(&r, "reversal");
		p->reversed = (int32_t)arnet_get_u32(&r, "reversed");
	}
	if (arnet_rbuf_finish(&r) != ARNET_OK ||
	    (version == PAYMENT_VERSION && p->reversal == 0)) {
		return bk_corrupt(d, "payment");
	}
	return ARNET_OK;
}

/* --- customers --- */

/* The stored form of customer id, undecoded. */
static int
customer_find(arnet_txn *t, const arnet_ident *id, MDB_val *v, arnet_diag *d)
{
	int rv = st_get(t, ST_CUSTOMERS, id->text, strlen(id->text), v, d);
	if (rv == ARNET_ENOTFOUND) {
		return arnet_diag_set(d, ARNET_ENOTFOUND,
		                      "no customer %s in the books", id->text);
	}
	return rv;
}

int
arnet_customer_get(arnet_txn *t, const arnet_ident *id, arnet_customer *out,
                   arnet_diag *d)
{
	MDB_val v;
	int rv = customer_find(t, id, &v, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	MDB_val k = {strlen(id->text), (void *)id->text};
	return dec_customer(out, &k, &v, d);
}

/* Is the stored value old the customer c, encoded as buf[0..n)? An
 * older version with the same fields is: re-encoded, it is buf. */
static int
same_customer(const MDB_val *old, const arnet_customer *c, const uint8_t *buf,
              size_t n)
{
	uint8_t again[1024];
	arnet_customer was;
	if (old->mv_size == n && memcmp(old->mv_data, buf, n) == 0) {
		return 1;
	}
	MDB_val k = {strlen(c->id.text), (void *)c->id.text};
	if (dec_customer(&was, &k, old, NULL) != ARNET_OK) {
		return 0;
	}
	size_t m = enc_customer(again, sizeof(again), &was);
	return m == n && memcmp(again, buf, n) == 0;
}

int
arnet_customer_put(arnet_txn *t, const arnet_customer *c, arnet_put_result *res,
                   arnet_diag *d)
{
	uint8_t buf[1024];
	MDB_val old;
	int rv = arnet_customer_check(c, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	size_t n = enc_customer(buf, sizeof(buf), c);
	if (n == 0) {
		return arnet_diag_set(d, ARNET_ETOOBIG, "customer too large");
	}
	size_t kn = strlen(c->id.text);
	rv = st_get(t, ST_CUSTOMERS, c->id.text, kn, &old, d);
	if (rv != ARNET_OK && rv != ARNET_ENOTFOUND) {
		return rv;
	}
	arnet_put_result r =
	        rv == ARNET_ENOTFOUND ? ARNET_PUT_ADDED : ARNET_PUT_UPDATED;
	if (r == ARNET_PUT_UPDATED && same_customer(&old, c, buf, n)) {
		r = ARNET_PUT_UNCHANGED;
	} else {
		/* What changes is written beside it (arnet_cust_changes.h). */
		arnet_customer was;
		MDB_val k = {kn, (void *)c->id.text};
		if (r == ARNET_PUT_UPDATED &&
		    (rv = dec_customer(&was, &k, &old, d)) != ARNET_OK) {
			return rv;
		}
		rv = arnet_cust_changes_record(
		        t, r == ARNET_PUT_UPDATED ? &was : NULL, c,
		        (int64_t)time(NULL), d);
		if (rv == ARNET_OK) {
			rv = st_put(t, ST_CUSTOMERS, c->id.text, kn, buf, n, 0,
			            d);
		}
		if (rv != ARNET_OK) {
			return rv;
		}
	}
	if (res != NULL) {
		*res = r;
	}
	return ARNET_OK;
}

struct cust_scan {
	arnet_customer_fn fn;
	void *arg;
	arnet_diag *d;
};

static int
cust_scan_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct cust_scan *s = arg;
	arnet_customer c;
	int rv = dec_customer(&c, k, v, s->d);
	return rv != ARNET_OK ? rv : s->fn(&c, s->arg);
}

int
arnet_customer_scan(arnet_txn *t, arnet_customer_fn fn, void *arg,
                    arnet_diag *d)
{
	struct cust_scan s = {fn, arg, d};
	return st_scan(t, ST_CUSTOMERS, NULL, 0, cust_scan_one, &s, d);
}

/* --- invoices --- */

int
arnet_invoice_check(const arnet_invoice *inv, arnet_diag *d)
{
	int rv;
	if ((rv = bk_check_text(inv->number, ARNET_INVOICE_NO_MAX, 1,
	                        "invoice number", d)) != 0 ||
	    (rv = bk_check_text(inv->order_ref, ARNET_REF_MAX, 0, "order ref",
	                        d)) != 0 ||
	    (rv = bk_check_currency(inv->currency, "currency", d)) != 0) {
		return rv;
	}
	if (!arnet_date_valid(inv->issued) || !arnet_date_valid(inv->due)) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "invoice date outside 1900..9999");
	}
	if (inv->due < inv->issued) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "due date is before the issue date");
	}
	if (inv->amount <= 0) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "amount must be more than zero");
	}
	return ARNET_OK;
}

int
arnet_invoice_add(arnet_txn *t, const arnet_invoice *inv, arnet_put_result *res,
                  arnet_diag *d)
{
	uint8_t key[KEY_MAX], buf[256];
	MDB_val v;
	int rv = arnet_invoice_check(inv, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	rv = customer_find(t, &inv->customer, &v, d); /* it exists */
	if (rv != ARNET_OK) {
		return rv;
	}
	size_t nn = strlen(inv->number);
	size_t n = enc_invoice(buf, sizeof(buf), inv);
	size_t kn = bk_cust_key(key, &inv->customer, inv->number, nn);
	size_t idn = strlen(inv->customer.text);
	rv = st_put_new(t, ST_INVOICES, inv->number, nn, inv->customer.text,
	                idn, &v, d);
	if (rv == ARNET_EEXIST) {
		MDB_val old;
		if (v.mv_size == idn &&
		    memcmp(v.mv_data, inv->customer.text, idn) == 0 &&
		    st_get(t, ST_CUST_INV, key, kn, &old, d) == ARNET_OK &&
		    old.mv_size == n && memcmp(old.mv_data, buf, n) == 0) {
			if (res != NULL) {
				*res = ARNET_PUT_UNCHANGED;
			}
			return ARNET_OK;
		}
		return arnet_diag_set(d, ARNET_ECONFLICT,
		                      "invoice %s already exists with other "
		                      "contents",
		                      inv->number);
	}
	if (rv == ARNET_OK) {
		rv = st_put(t, ST_CUST_INV, key, kn, buf, n, 0, d);
	}
	if (rv == ARNET_OK && res != NULL) {
		*res = ARNET_PUT_ADDED;
	}
	return rv;
}

int
arnet_invoice_get(arnet_txn *t, const char *number, arnet_invoice *out,
                  arnet_diag *d)
{
	uint8_t key[KEY_MAX];
	arnet_ident id;
	MDB_val v, iv;
	size_t nn = strlen(number);
	if (nn == 0 || nn > ARNET_INVOICE_NO_MAX) {
		return arnet_diag_set(d, ARNET_ENOTFOUND,
		                      "no invoice \"%.64s\"", number);
	}
	int rv = st_get(t, ST_INVOICES, number, nn, &v, d);
	if (rv == ARNET_ENOTFOUND) {
		return arnet_diag_set(d, ARNET_ENOTFOUND,
		                      "no invoice %s in the books", number);
	}
	if (rv != ARNET_OK) {
		return rv;
	}
	if (arnet_ident_parse_canonical(&id, v.mv_data, v.mv_size, NULL) !=
	    ARNET_OK) {
		return bk_corrupt(d, "invoice index");
	}
	size_t kn = bk_cust_key(key, &id, number, nn);
	rv = st_get(t, ST_CUST_INV, key, kn, &iv, d);
	if (rv != ARNET_OK) {
		return rv == ARNET_ENOTFOUND ? bk_corrupt(d, "invoice index")
		                             : rv;
	}
	MDB_val k = {kn, key};
	return dec_invoice(out, &k, &iv, d);
}

/* --- allocations --- */

/* Key of an entry: id 0 number 0 be64(doc). */
static size_t
alloc_key(uint8_t *key, const arnet_invoice *inv, uint64_t doc)
{
	size_t nn = strlen(inv->number);
	size_t n = bk_cust_key(key, &inv->customer, inv->number, nn);
	key[n] = 0;
	arnet_be64_write(key + n + 1, doc);
	return n + 9;
}

static int
alloc_push(bk_alloc_list *l, const arnet_alloc *a)
{
	if (ARNET_GROW(&l->a, l->n, &l->cap, 8) != ARNET_OK) {
		return ARNET_ENOMEM;
	}
	l->a[l->n++] = *a;
	return ARNET_OK;
}

/*
 * The stored entry k -> v pushed onto l: i32 date, i64 amount, and for a
 * reversed one i32 the reversal day, which becomes a second, negative
 * entry. ARNET_ESTORE for a corrupt one, ARNET_ENOMEM.
 */
static int
alloc_push_stored(bk_alloc_list *l, const MDB_val *k, const MDB_val *v)
{
	if (k->mv_size < 9 || (v->mv_size != 12 && v->mv_size != 16)) {
		return ARNET_ESTORE;
	}
	const uint8_t *p = v->mv_data;
	uint64_t doc =
	        arnet_be64_read((const uint8_t *)k->mv_data + k->mv_size - 8);
	arnet_alloc a = {
	        .payment = BK_DOC_ID(doc),
	        .date = (int32_t)arnet_be32_read(p),
	        .amount = (int64_t)arnet_be64_read(p + 4),
	        .kind = BK_DOC_KIND(doc),
	};
	if (a.kind > ARNET_ALLOC_VOID || a.amount <= 0) {
		return ARNET_ESTORE;
	}
	int rv = alloc_push(l, &a);
	if (rv == ARNET_OK && v->mv_size == 16) {
		a.date = (int32_t)arnet_be32_read(p + 12);
		a.amount = -a.amount;
		rv = alloc_push(l, &a);
	}
	return rv;
}

static int
collect_alloc(const MDB_val *k, const MDB_val *v, void *arg)
{
	return alloc_push_stored(arg, k, v);
}

int
bk_invoice_allocs(arnet_txn *t, const arnet_invoice *inv, bk_alloc_list *l,
                  arnet_diag *d)
{
	uint8_t key[KEY_MAX];
	size_t kn = alloc_key(key, inv, 0) - 8;
	l->n = 0;
	int rv = st_scan(t, ST_ALLOC, key, kn, collect_alloc, l, d);
	if (rv == ARNET_ESTORE) {
		return bk_corrupt(d, "payment application");
	}
	if (rv == ARNET_ENOMEM) {
		return arnet_diag_set(d, rv, "out of memory");
	}
	return rv;
}

int64_t
bk_sum_allocs(const arnet_alloc *a, size_t n, int32_t as_of)
{
	int64_t s = 0;
	for (size_t i = 0; i < n; i++) {
		if (a[i].date <= as_of) {
			s += a[i].amount;
		}
	}
	return s;
}

int64_t
arnet_outstanding(const arnet_invoice *inv, const arnet_alloc *allocs, size_t n,
                  int32_t as_of)
{
	if (inv->issued > as_of) {
		return 0;
	}
	int64_t left = inv->amount - bk_sum_allocs(allocs, n, as_of);
	return left > 0 ? left : 0;
}

int64_t
arnet_payment_credit(const arnet_payment *p, int32_t as_of)
{
	if (p->date > as_of || (p->reversal != 0 && p->reversed <= as_of)) {
		return 0;
	}
	return p->unapplied;
}

const char *
arnet_alloc_kind_name(int kind)
{
	static const char *const names[] = {"payment", "credit note",
	                                    "write-off", "void"};
	return kind >= 0 && kind <= ARNET_ALLOC_VOID ? names[kind] : "unknown";
}

int
bk_put_alloc(arnet_txn *t, const arnet_invoice *inv, uint64_t doc, int32_t date,
             int64_t amount, int reversed_set, int32_t reversed, arnet_diag *d)
{
	uint8_t key[KEY_MAX], val[16];
	size_t kn = alloc_key(key, inv, doc);
	arnet_be32_write(val, (uint32_t)date);
	arnet_be64_write(val + 4, (uint64_t)amount);
	arnet_be32_write(val + 12, (uint32_t)reversed);
	return st_put(t, ST_ALLOC, key, kn, val, reversed_set ? 16 : 12, 0, d);
}

/* --- applying a credit --- */

/* Open invoices of a customer that a credit may be applied to. */
typedef struct open_inv {
	arnet_invoice inv;
	int64_t left;
} open_inv;

typedef struct open_list {
	open_inv *v;
	size_t n, cap;
	const bk_credit *c;
	arnet_txn *t;
	bk_alloc_list allocs;
	arnet_diag *d;
} open_list;

static int
collect_open(const MDB_val *k, const MDB_val *v, void *arg)
{
	open_list *l = arg;
	open_inv oi;
	int rv = dec_invoice(&oi.inv, k, v, l->d);
	if (rv != ARNET_OK) {
		return rv;
	}
	if (strcmp(oi.inv.currency, l->c->currency) != 0 ||
	    oi.inv.issued > l->c->date) {
		return 0;
	}
	rv = bk_invoice_allocs(l->t, &oi.inv, &l->allocs, l->d);
	if (rv != ARNET_OK) {
		return rv;
	}
	oi.left = oi.inv.amount -
	          bk_sum_allocs(l->allocs.a, l->allocs.n, INT32_MAX);
	if (oi.left <= 0) {
		return 0;
	}
	if (ARNET_GROW(&l->v, l->n, &l->cap, 16) != ARNET_OK) {
		return ARNET_ENOMEM;
	}
	l->v[l->n++] = oi;
	return 0;
}

static int
by_due_then_number(const void *a, const void *b)
{
	const open_inv *x = a, *y = b;
	if (x->inv.due != y->inv.due) {
		return x->inv.due < y->inv.due ? -1 : 1;
	}
	return strcmp(x->inv.number, y->inv.number);
}

static int
is_void(const arnet_alloc *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (a[i].kind == ARNET_ALLOC_VOID) {
			return 1;
		}
	}
	return 0;
}

/* Apply c to the invoice it names. */
static int
apply_named(arnet_txn *t, bk_credit *c, bk_alloc_list *l, arnet_diag *d)
{
	arnet_invoice inv;
	const char *what = BK_DOC_KIND(c->doc) == 0 ? "payment" : "credit note";
	int rv = arnet_invoice_get(t, c->invoice, &inv, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	if (strcmp(inv.customer.text, c->customer->text) != 0) {
		return arnet_diag_set(
		        d, ARNET_ESYNTAX, "invoice %s is %s's, not %s's",
		        inv.number, inv.customer.text, c->customer->text);
	}
	if (strcmp(inv.currency, c->currency) != 0) {
		return arnet_diag_set(
		        d, ARNET_ESYNTAX, "invoice %s is in %s, the %s in %s",
		        inv.number, inv.currency, what, c->currency);
	}
	if ((rv = bk_invoice_allocs(t, &inv, l, d)) != ARNET_OK) {
		return rv;
	}
	if (BK_DOC_KIND(c->doc) != 0 && is_void(l->a, l->n)) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "invoice %s is void: a credit note "
		                      "cannot be applied to it",
		                      inv.number);
	}
	int64_t left = inv.amount - bk_sum_allocs(l->a, l->n, INT32_MAX);
	int64_t take = left < c->amount ? left : c->amount;
	if (take > 0) {
		rv = bk_put_alloc(t, &inv, c->doc, c->date, take, 0, 0, d);
		c->unapplied -= take;
	}
	return rv;
}

int
bk_apply(arnet_txn *t, bk_credit *c, arnet_diag *d)
{
	open_list l = {.c = c, .t = t, .d = d};
	uint8_t prefix[ARNET_ID_MAX + 1];
	int rv;

	c->unapplied = c->amount;
	if (c->invoice[0] != '\0') {
		rv = apply_named(t, c, &l.allocs, d);
		free(l.allocs.a);
		return rv;
	}
	size_t pn = bk_cust_key(prefix, c->customer, "", 0);
	rv = st_scan(t, ST_CUST_INV, prefix, pn, collect_open, &l, d);
	if (rv == ARNET_ENOMEM) {
		rv = arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
	}
	if (rv == ARNET_OK) {
		if (l.n > 1) {
			qsort(l.v, l.n, sizeof(*l.v), by_due_then_number);
		}
		for (size_t i = 0; i < l.n && c->unapplied > 0; i++) {
			int64_t take = l.v[i].left < c->unapplied
			                       ? l.v[i].left
			                       : c->unapplied;
			rv = bk_put_alloc(t, &l.v[i].inv, c->doc, c->date, take,
			                  0, 0, d);
			if (rv != ARNET_OK) {
				break;
			}
			c->unapplied -= take;
		}
	}
	free(l.v);
	free(l.allocs.a);
	return rv;
}

/* --- payments --- */

static void
hash_texts(crypto_generichash_state *st, const char *const *texts, size_t n)
{
	/* Each text field with its length first, so fields cannot run
	 * into each other. */
	for (size_t i = 0; i < n; i++) {
		uint8_t len[2] = {(uint8_t)(strlen(texts[i]) >> 8),
		                  (uint8_t)strlen(texts[i])};
		crypto_generichash_update(st, len, 2);
		crypto_generichash_update(st, (const uint8_t *)texts[i],
		                          strlen(texts[i]));
	}
}

void
arnet_payment_identity(uint8_t out[32], const arnet_payment *p,
                       uint32_t occurrence)
{
	crypto_generichash_state st;
	uint8_t num[16];
	crypto_generichash_init(&st, (const uint8_t *)"arnet/payment/v1", 16,
	                        32);
	const char *texts[] = {p->customer.text, p->currency, p->invoice,
	                       p->reference};
	hash_texts(&st, texts, sizeof(texts) / sizeof(texts[0]));
	arnet_be64_write(num, (uint64_t)p->amount);
	arnet_be64_write(num + 8,
	                 ((uint64_t)(uint32_t)p->date << 32) | occurrence);
	crypto_generichash_update(&st, num, sizeof(num));
	crypto_generichash_final(&st, out, 32);
}

/*
 * The key under which pay_keys remembers the first payment with these
 * customer, date, amount, currency and reference: what makes a payment a
 * repeat of another (docs/storage.md, "Payment identity").
 */
static void
repeat_key(uint8_t out[32], const arnet_payment *p)
{
	crypto_generichash_state st;
	uint8_t num[12];
	crypto_generichash_init(&st, (const uint8_t *)"arnet/pay-same/v1", 17,
	                        32);
	const char *texts[] = {p->customer.text, p->currency, p->reference};
	hash_texts(&st, texts, sizeof(texts) / sizeof(texts[0]));
	arnet_be64_write(num, (uint64_t)p->amount);
	arnet_be32_write(num + 8, (uint32_t)p->date);
	crypto_generichash_update(&st, num, sizeof(num));
	crypto_generichash_final(&st, out, 32);
}

/* Remember p under its repeat key unless an earlier payment is there
 * (replace = 1: even then). */
static int
note_repeat(arnet_txn *t, const arnet_payment *p, int replace, arnet_diag *d)
{
	uint8_t key[32], be[8];
	repeat_key(key, p);
	arnet_be64_write(be, p->id);
	int rv = st_put(t, ST_PAY_KEYS, key, 32, be, 8,
	                replace ? 0 : MDB_NOOVERWRITE, d);
	if (rv == ARNET_EEXIST) {
		arnet_diag_clear(d);
		rv = ARNET_OK;
	}
	return rv;
}

static int
index_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	void **a = arg;
	arnet_payment p;
	const uint8_t *kp = k->mv_data;
	if (k->mv_size < 10 || kp[k->mv_size - 8] != 0) {
		return 0; /* a correction */
	}
	int rv = dec_payment(&p, k, v, a[1]);
	return rv != ARNET_OK ? rv : note_repeat(a[0], &p, 0, a[1]);
}

/* Stores written before the repeat keys get them for every payment held,
 * once, in the first transaction that checks for a repeat. */
static int
repeat_index_ready(arnet_txn *t, arnet_diag *d)
{
	static const char mark[] = "pay_repeat_keys";
	MDB_val v;
	uint8_t one = 1;
	int rv = st_get(t, ST_META, mark, sizeof(mark) - 1, &v, d);
	if (rv != ARNET_ENOTFOUND) {
		return rv;
	}
	void *a[2] = {t, d};
	rv = st_scan(t, ST_CUST_PAY, NULL, 0, index_one, a, d);
	return rv != ARNET_OK ? rv
	                      : st_put(t, ST_META, mark, sizeof(mark) - 1, &one,
	                               1, 0, d);
}

int
arnet_payment_last_id(arnet_txn *t, uint64_t *out, arnet_diag *d)
{
	MDB_val v;
	*out = 0;
	int rv = st_get(t, ST_META, "next_payment", 12, &v, d);
	if (rv == ARNET_ENOTFOUND) {
		return ARNET_OK;
	}
	if (rv == ARNET_OK) {
		if (v.mv_size != 8) {
			return bk_corrupt(d, "payment counter");
		}
		*out = arnet_be64_read(v.mv_data);
	}
	return rv;
}

int
arnet_payment_get(arnet_txn *t, uint64_t id, arnet_payment *out, arnet_diag *d)
{
	uint8_t be[8], key[KEY_MAX];
	arnet_ident cust;
	MDB_val v, pv;
	arnet_be64_write(be, id);
	int rv = id == 0 || BK_DOC_KIND(id) != 0
	                 ? ARNET_ENOTFOUND
	                 : st_get(t, ST_PAYMENTS, be, 8, &v, d);
	if (rv == ARNET_ENOTFOUND) {
		return arnet_diag_set(d, ARNET_ENOTFOUND,
		                      "no payment %llu in the books",
		                      (unsigned long long)id);
	}
	if (rv != ARNET_OK) {
		return rv;
	}
	if (v.mv_size > ARNET_ID_MAX ||
	    arnet_ident_parse_canonical(&cust, v.mv_data, v.mv_size, NULL) !=
	            ARNET_OK) {
		return bk_corrupt(d, "payment index");
	}
	size_t kn = bk_cust_key(key, &cust, be, 8);
	rv = st_get(t, ST_CUST_PAY, key, kn, &pv, d);
	if (rv != ARNET_OK) {
		return rv == ARNET_ENOTFOUND ? bk_corrupt(d, "payment index")
		                             : rv;
	}
	MDB_val k = {kn, key};
	return dec_payment(out, &k, &pv, d);
}

int
bk_payment_put(arnet_txn *t, const arnet_payment *p, arnet_diag *d)
{
	uint8_t key[KEY_MAX], buf[512], be[8];
	arnet_be64_write(be, p->id);
	size_t n = enc_payment(buf, sizeof(buf), p);
	size_t kn = bk_cust_key(key, &p->customer, be, 8);
	return st_put(t, ST_CUST_PAY, key, kn, buf, n, 0, d);
}

/* Is a payment held with an id <= upto that p repeats? *earlier: its id,
 * or 0; *stale: the payment the repeat key names was reversed. */
static int
find_repeat(arnet_txn *t, const arnet_payment *p, uint64_t upto,
            uint64_t *earlier, int *stale, arnet_diag *d)
{
	uint8_t key[32];
	arnet_payment was;
	MDB_val v;
	*earlier = 0;
	repeat_key(key, p);
	int rv;
	rv = st_get(t, ST_PAY_KEYS, key, 32, &v, d);
	if (rv == ARNET_ENOTFOUND) {
		return ARNET_OK;
	}
	if (rv != ARNET_OK) {
		return rv;
	}
	if (v.mv_size != 8) {
		return bk_corrupt(d, "payment repeat key");
	}
	uint64_t id = arnet_be64_read(v.mv_data);
	if (id > upto) {
		return ARNET_OK;
	}
	if ((rv = arnet_payment_get(t, id, &was, d)) != ARNET_OK) {
		return rv;
	}
	if (was.reversal == 0) {
		*earlier = id;
	} else {
		*stale = 1;
	}
	return ARNET_OK;
}

static int
payment_store(arnet_txn *t, arnet_payment *p, const uint8_t identity[32],
              uint64_t held_upto, uint64_t *earlier, arnet_put_result *res,
              arnet_diag *d)
{
	uint8_t be[8];
	arnet_customer c;
	MDB_val v;
	uint64_t dup = 0;
	int stale = 0, rv;

	if ((rv = bk_check_currency(p->currency, "currency", d)) != 0 ||
	    (rv = bk_check_text(p->reference, ARNET_REF_MAX, 0, "reference",
	                        d)) != 0) {
		return rv;
	}
	if (p->amount <= 0) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "amount must be more than zero");
	}
	if (!arnet_date_valid(p->date)) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "date outside 1900..9999");
	}
	rv = arnet_customer_get(t, &p->customer, &c, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	if (identity != NULL) {
		rv = st_get(t, ST_PAY_KEYS, identity, 32, &v, d);
		if (rv == ARNET_OK) {
			p->id = v.mv_size == 8 ? arnet_be64_read(v.mv_data) : 0;
			if (res != NULL) {
				*res = ARNET_PUT_UNCHANGED;
			}
			return ARNET_OK;
		}
		if (rv != ARNET_ENOTFOUND) {
			return rv;
		}
	}
	if ((rv = repeat_index_ready(t, d)) != ARNET_OK ||
	    (held_upto > 0 && (rv = find_repeat(t, p, held_upto, &dup, &stale,
	                                        d)) != ARNET_OK)) {
		return rv;
	}
	if (earlier != NULL) {
		*earlier = dup;
	}
	if (dup != 0) {
		return arnet_diag_set(d, ARNET_EEXIST,
		                      "payment repeats payment %llu, already "
		                      "held (same customer, date, amount, "
		                      "currency and reference); "
		                      "--allow-duplicate adds it all the same",
		                      (unsigned long long)dup);
	}
	rv = st_counter_next(t, "next_payment", &p->id, d);
	p->reversal = 0;
	p->reversed = 0;
	bk_credit cr = {&p->customer, p->currency,      p->invoice, p->date,
	                p->amount,    BK_DOC(0, p->id), 0};
	if (rv == ARNET_OK) {
		rv = bk_apply(t, &cr, d);
	}
	if (rv != ARNET_OK) {
		return rv;
	}
	p->unapplied = cr.unapplied;
	arnet_be64_write(be, p->id);
	if ((rv = bk_payment_put(t, p, d)) != 0 ||
	    (rv = st_put(t, ST_PAYMENTS, be, 8, p->customer.text,
	                 strlen(p->customer.text), 0, d)) != 0 ||
	    (identity != NULL &&
	     (rv = st_put(t, ST_PAY_KEYS, identity, 32, be, 8, 0, d)) != 0) ||
	    (rv = note_repeat(t, p, stale, d)) != 0) {
		return rv;
	}
	if (res != NULL) {
		*res = ARNET_PUT_ADDED;
	}
	return ARNET_OK;
}

int
arnet_payment_add(arnet_txn *t, arnet_payment *p, const uint8_t identity[32],
                  arnet_put_result *res, arnet_diag *d)
{
	return payment_store(t, p, identity, 0, NULL, res, d);
}

int
arnet_payment_add_unique(arnet_txn *t, arnet_payment *p,
                         const uint8_t identity[32], uint64_t held_upto,
                         uint64_t *earlier, arnet_put_result *res,
                         arnet_diag *d)
{
	return payment_store(t, p, identity, held_upto, earlier, res, d);
}

struct pay_scan {
	arnet_payment_fn fn;
	void *arg;
	arnet_diag *d;
};

static int
pay_scan_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct pay_scan *s = arg;
	arnet_payment p;
	int rv = dec_payment(&p, k, v, s->d);
	return rv != ARNET_OK ? rv : s->fn(&p, s->arg);
}

int
arnet_payment_scan(arnet_txn *t, const arnet_ident *customer,
                   arnet_payment_fn fn, void *arg, arnet_diag *d)
{
	uint8_t prefix[ARNET_ID_MAX + 2];
	struct pay_scan s = {fn, arg, d};
	/* Payments are the keys id 0 0 ...: their ids' top byte is 0, a
	 * correction's is its kind. */
	size_t pn = bk_cust_key(prefix, customer, "", 1);
	return st_scan(t, ST_CUST_PAY, prefix, pn, pay_scan_one, &s, d);
}

/* --- the ledger walk --- */

struct ledger {
	arnet_txn *t;
	const arnet_ledger_visitor *v;
	MDB_cursor *inv, *alloc;
	bk_alloc_list allocs;
	arnet_diag *d;
};

/*
 * The allocations of the invoice with key k (id 0 number): advance the
 * allocation cursor, which runs in step with the invoices, over every key
 * k 0 ... and collect them.
 */
static int
ledger_allocs(struct ledger *L, const MDB_val *k, MDB_val *ak, MDB_val *av,
              int *arc)
{
	L->allocs.n = 0;
	while (*arc == 0) {
		int cmp = memcmp(ak->mv_data, k->mv_data,
		                 ak->mv_size < k->mv_size ? ak->mv_size
		                                          : k->mv_size);
		if (cmp < 0 || (cmp == 0 && ak->mv_size <= k->mv_size)) {
			/* An allocation of an earlier invoice key: orphan. */
			*arc = mdb_cursor_get(L->alloc, ak, av, MDB_NEXT);
			continue;
		}
		if (cmp > 0 || ak->mv_size != k->mv_size + 9 ||
		    ((const uint8_t *)ak->mv_data)[k->mv_size] != 0) {
			break;
		}
		int rv = alloc_push_stored(&L->allocs, ak, av);
		if (rv == ARNET_ESTORE) {
			return bk_corrupt(L->d, "payment application");
		}
		if (rv != ARNET_OK) {
			return arnet_diag_set(L->d, ARNET_ENOMEM,
			                      "out of memory");
		}
		*arc = mdb_cursor_get(L->alloc, ak, av, MDB_NEXT);
	}
	return ARNET_OK;
}

static int
ledger_customer(const arnet_customer *c, void *arg)
{
	struct ledger *L = arg;
	const arnet_ledger_visitor *v = L->v;
	uint8_t prefix[ARNET_ID_MAX + 1];
	size_t pn = bk_cust_key(prefix, &c->id, "", 0);
	MDB_val k = {pn, prefix}, val, ak = {pn, prefix}, av;
	int rv;

	if (v->customer != NULL && (rv = v->customer(c, v->arg)) != 0) {
		return rv;
	}
	int rc = mdb_cursor_get(L->inv, &k, &val, MDB_SET_RANGE);
	int arc = mdb_cursor_get(L->alloc, &ak, &av, MDB_SET_RANGE);
	while (rc == 0 && k.mv_size > pn &&
	       memcmp(k.mv_data, prefix, pn) == 0) {
		arnet_invoice inv;
		if ((rv = dec_invoice(&inv, &k, &val, L->d)) != 0 ||
		    (rv = ledger_allocs(L, &k, &ak, &av, &arc)) != 0) {
			return rv;
		}
		if (v->invoice != NULL &&
		    (rv = v->invoice(c, &inv, L->allocs.a, L->allocs.n,
		                     v->arg)) != 0) {
			return rv;
		}
		rc = mdb_cursor_get(L->inv, &k, &val, MDB_NEXT);
	}
	if (rc != 0 && rc != MDB_NOTFOUND) {
		return st_err(L->t, rc, L->d, "cust_inv");
	}
	if (arc != 0 && arc != MDB_NOTFOUND) {
		return st_err(L->t, arc, L->d, "alloc");
	}
	return v->customer_end != NULL ? v->customer_end(c, v->arg) : 0;
}

int
arnet_ledger_scan(arnet_txn *t, const arnet_ident *customer,
                  const arnet_ledger_visitor *v, arnet_diag *d)
{
	struct ledger L = {.t = t, .v = v, .d = d};
	int rc = mdb_cursor_open(t->txn, t->dbi[ST_CUST_INV], &L.inv);
	if (rc != 0) {
		return st_err(t, rc, d, "cust_inv");
	}
	rc = mdb_cursor_open(t->txn, t->dbi[ST_ALLOC], &L.alloc);
	if (rc != 0) {
		mdb_cursor_close(L.inv);
		return st_err(t, rc, d, "alloc");
	}
	int rv;
	if (customer != NULL) {
		arnet_customer c;
		rv = arnet_customer_get(t, customer, &c, d);
		if (rv == ARNET_OK) {
			rv = ledger_customer(&c, &L);
		}
	} else {
		rv = arnet_customer_scan(t, ledger_customer, &L, d);
	}
	mdb_cursor_close(L.alloc);
	mdb_cursor_close(L.inv);
	free(L.allocs.a);
	return rv;
}
