/*
 * evidence.c - hashes of the documents behind a claim, and where they are.
 */
#include "arnet_evidence.h"
#include "arnet_file.h"
#include "arnet_codec.h"
#include "arnet_utf8.h"
#include "txn.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char *const kind_names[] = {
        NULL, "contract", "delivery-note", "statement", "letter", "other",
};

const char *
arnet_evidence_kind_name(int kind)
{
	return kind >= 1 && kind <= 5 ? kind_names[kind] : "unknown";
}

int
arnet_evidence_kind_parse(const char *name)
{
	for (int i = 1; i <= 5; i++) {
		if (strcmp(name, kind_names[i]) == 0) {
			return i;
		}
	}
	return 0;
}

int
arnet_evidence_hash_file(uint8_t out[32], uint64_t *size, const char *path,
                         arnet_diag *d)
{
	crypto_generichash_state st;
	uint8_t buf[65536];
	size_t n;
	FILE *f;
	int orv;
	if ((orv = arnet_file_open(&f, path, "rb", d)) != ARNET_OK) {
		return orv;
	}
	*size = 0;
	crypto_generichash_init(&st, NULL, 0, 32);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		crypto_generichash_update(&st, buf, n);
		*size += n;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		return arnet_diag_set(d, ARNET_EIO, "%s: read error", path);
	}
	crypto_generichash_final(&st, out, 32);
	return ARNET_OK;
}

static size_t
enc(uint8_t *buf, size_t cap, const arnet_evidence *e)
{
	arnet_wbuf w;
	arnet_wbuf_init(&w, buf, cap);
	arnet_put_u8(&w, 1);
	arnet_put_u8(&w, (uint8_t)e->kind);
	arnet_put_str8(&w, e->customer.text, strlen(e->customer.text),
	               ARNET_ID_MAX);
	arnet_put_str8(&w, e->invoice, strlen(e->invoice),
	               ARNET_INVOICE_NO_MAX);
	arnet_put_str16(&w, e->path, strlen(e->path), ARNET_PATH_MAX);
	arnet_put_u64(&w, e->size);
	arnet_put_u64(&w, (uint64_t)e->added);
	arnet_put_str8(&w, e->note, strlen(e->note), ARNET_REF_MAX);
	return w.err == ARNET_OK ? w.len : 0;
}

static int
dec(arnet_evidence *e, const MDB_val *k, const MDB_val *v, arnet_diag *d)
{
	arnet_rbuf r;
	char id[ARNET_ID_MAX + 1];
	memset(e, 0, sizeof(*e));
	if (k->mv_size != 32) {
		return arnet_diag_set(d, ARNET_ESTORE,
		                      "store: corrupt evidence");
	}
	memcpy(e->hash, k->mv_data, 32);
	arnet_rbuf_init(&r, v->mv_data, v->mv_size, NULL);
	uint8_t version = arnet_get_u8(&r, "version");
	e->kind = arnet_get_u8(&r, "kind");
	arnet_get_str8(&r, id, sizeof(id), "customer");
	arnet_get_str8(&r, e->invoice, sizeof(e->invoice), "invoice");
	arnet_get_str16(&r, e->path, sizeof(e->path), "path");
	e->size = arnet_get_u64(&r, "size");
	e->added = (int64_t)arnet_get_u64(&r, "added");
	arnet_get_str8(&r, e->note, sizeof(e->note), "note");
	if (version != 1 || arnet_rbuf_finish(&r) != ARNET_OK ||
	    arnet_ident_parse_canonical(&e->customer, id, strlen(id), NULL) !=
	            ARNET_OK) {
		return arnet_diag_set(d, ARNET_ESTORE,
		                      "store: corrupt evidence");
	}
	return ARNET_OK;
}

int
arnet_evidence_add(arnet_txn *t, const arnet_evidence *e, arnet_put_result *res,
                   arnet_diag *d)
{
	uint8_t buf[ARNET_PATH_MAX + 512];
	arnet_customer c;
	MDB_val old;
	int rv;

	if (e->kind < 1 || e->kind > 5) {
		return arnet_diag_set(d, ARNET_ERANGE, "unknown evidence kind");
	}
	if (e->path[0] != '/' ||
	    !arnet_utf8_valid((const uint8_t *)e->path, strlen(e->path), 0) ||
	    !arnet_utf8_valid((const uint8_t *)e->note, strlen(e->note), 0)) {
		return arnet_diag_set(
		        d, ARNET_ESYNTAX,
		        "evidence path must be absolute, and path "
		        "and note text without control characters");
	}
	if ((rv = arnet_customer_get(t, &e->customer, &c, d)) != 0) {
		return rv;
	}
	if (e->invoice[0] != '\0') {
		arnet_invoice inv;
		if ((rv = arnet_invoice_get(t, e->invoice, &inv, d)) != 0) {
			return rv;
		}
		if (strcmp(inv.customer.text, e->customer.text) != 0) {
			return arnet_diag_set(d, ARNET_ESYNTAX,
			                      "invoice %s is %s's, not %s's",
			                      inv.number, inv.customer.text,
			                      e->customer.text);
		}
	}
	size_t n = enc(buf, sizeof(buf), e);
	if (n == 0) {
		return arnet_diag_set(d, ARNET_ETOOBIG, "evidence too large");
	}
	rv = st_get(t, ST_EVIDENCE, e->hash, 32, &old, d);
	if (rv == ARNET_OK) {
		arnet_evidence prev;
		MDB_val k = {32, (void *)e->hash};
		if ((rv = dec(&prev, &k, &old, d)) != 0) {
			return rv;
		}
		/* The time it was added does not make it different. */
		prev.added = e->added;
		uint8_t b2[sizeof(buf)];
		size_t n2 = enc(b2, sizeof(b2), &prev);
		if (n2 == n && memcmp(b2, buf, n) == 0) {
			if (res != NULL) {
				*res = ARNET_PUT_UNCHANGED;
			}
			return ARNET_OK;
		}
		return arnet_diag_set(
		        d, ARNET_ECONFLICT,
		        "this file was recorded before as %s "
		        "evidence about %s%s%s",
		        arnet_evidence_kind_name(prev.kind), prev.customer.text,
		        prev.invoice[0] ? ", invoice " : "", prev.invoice);
	}
	if (rv != ARNET_ENOTFOUND) {
		return rv;
	}
	rv = st_put(t, ST_EVIDENCE, e->hash, 32, buf, n, 0, d);
	if (rv == ARNET_OK && res != NULL) {
		*res = ARNET_PUT_ADDED;
	}
	return rv;
}

int
arnet_evidence_get(arnet_txn *t, const uint8_t hash[32], arnet_evidence *out,
                   arnet_diag *d)
{
	MDB_val v, k = {32, (void *)hash};
	int rv = st_get(t, ST_EVIDENCE, hash, 32, &v, d);
	if (rv == ARNET_ENOTFOUND) {
		return arnet_diag_set(d, rv, "no evidence with this hash");
	}
	return rv == ARNET_OK ? dec(out, &k, &v, d) : rv;
}

struct ev_scan {
	const arnet_ident *customer;
	const char *invoice;
	arnet_evidence_fn fn;
	void *arg;
	arnet_diag *d;
};

static int
ev_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct ev_scan *s = arg;
	arnet_evidence e;
	int rv = dec(&e, k, v, s->d);
	if (rv != ARNET_OK) {
		return rv;
	}
	if ((s->customer != NULL &&
	     strcmp(s->customer->text, e.customer.text) != 0) ||
	    (s->invoice != NULL && strcmp(s->invoice, e.invoice) != 0)) {
		return 0;
	}
	return s->fn(&e, s->arg);
}

int
arnet_evidence_scan(arnet_txn *t, const arnet_ident *customer,
                    const char *invoice, arnet_evidence_fn fn, void *arg,
                    arnet_diag *d)
{
	struct ev_scan s = {customer, invoice, fn, arg, d};
	return st_scan(t, ST_EVIDENCE, NULL, 0, ev_one, &s, d);
}
