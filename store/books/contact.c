/*
 * contact.c - the contact data of a customer, stored as a record of its
 * own in `meta` under "contact" 0 id (docs/storage.md): nothing scans
 * `meta`, so the customers table and the reports that walk it are
 * untouched, and a store without contact data needs no schema step.
 */
#include "arnet_contact.h"
#include "arnet_codec.h"
#include "books_internal.h"
#include "txn.h"

#include <stddef.h>
#include <string.h>

#define CONTACT_VERSION 1

#define F(n, m)                                                                \
	{                                                                      \
		n, offsetof(arnet_contact, m), sizeof(((arnet_contact *)0)->m) \
	}
const arnet_contact_field arnet_contact_fields[ARNET_CONTACT_NFIELDS] = {
        F("address", address),           F("person", person), F("phone", phone),
        F("finance_head", finance_head), F("email", email),
};
#undef F

char *
arnet_contact_text(arnet_contact *c, const arnet_contact_field *f)
{
	return (char *)c + f->offset;
}

const char *
arnet_contact_ctext(const arnet_contact *c, const arnet_contact_field *f)
{
	return (const char *)c + f->offset;
}

int
arnet_contact_set(arnet_contact *c, const arnet_contact_field *f, const char *v,
                  arnet_diag *d)
{
	size_t n = strlen(v);
	if (n >= f->cap) {
		return arnet_diag_set(d, ARNET_ETOOBIG,
		                      "%s is %zu bytes, at most %zu", f->name,
		                      n, f->cap - 1);
	}
	memcpy(arnet_contact_text(c, f), v, n + 1);
	return ARNET_OK;
}

int
arnet_contact_empty(const arnet_contact *c)
{
	for (int i = 0; i < ARNET_CONTACT_NFIELDS; i++) {
		if (arnet_contact_ctext(c, &arnet_contact_fields[i])[0]) {
			return 0;
		}
	}
	return 1;
}

static size_t
contact_key(uint8_t *key, const arnet_ident *id)
{
	size_t n = strlen(id->text);
	memcpy(key, ST_CONTACT_PREFIX, ST_CONTACT_PREFIX_LEN);
	memcpy(key + ST_CONTACT_PREFIX_LEN, id->text, n);
	return ST_CONTACT_PREFIX_LEN + n;
}

/* local@domain: one @, text on both sides, a dot in the domain, no
 * space. Enough to catch a phone number typed in the wrong column. */
static int
email_check(const char *s, arnet_diag *d)
{
	const char *at = strchr(s, '@');
	if (s[0] == '\0') {
		return ARNET_OK;
	}
	if (at == NULL || at == s || strchr(at + 1, '@') != NULL ||
	    strchr(s, ' ') != NULL || strchr(at + 1, '.') == NULL ||
	    at[1] == '.' || s[strlen(s) - 1] == '.') {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "email \"%s\" is not an address "
		                      "(name@example.com)",
		                      s);
	}
	return ARNET_OK;
}

static size_t
contact_encode(uint8_t *buf, size_t cap, const arnet_contact *c)
{
	arnet_wbuf w;
	arnet_wbuf_init(&w, buf, cap);
	arnet_put_u8(&w, CONTACT_VERSION);
	for (int i = 0; i < ARNET_CONTACT_NFIELDS; i++) {
		const arnet_contact_field *f = &arnet_contact_fields[i];
		const char *s = arnet_contact_ctext(c, f);
		arnet_put_str16(&w, s, strlen(s), f->cap - 1);
	}
	return w.err == ARNET_OK ? w.len : 0;
}

int
arnet_contact_get(arnet_txn *t, const arnet_ident *id, arnet_contact *out,
                  arnet_diag *d)
{
	uint8_t key[ST_CONTACT_PREFIX_LEN + ARNET_ID_MAX];
	MDB_val v;
	memset(out, 0, sizeof(*out));
	int rv = st_get(t, ST_META, key, contact_key(key, id), &v, d);
	if (rv == ARNET_ENOTFOUND) {
		return ARNET_OK;
	}
	if (rv != ARNET_OK) {
		return rv;
	}
	arnet_rbuf r;
	arnet_rbuf_init(&r, v.mv_data, v.mv_size, NULL);
	int version = arnet_get_u8(&r, "version");
	for (int i = 0; i < ARNET_CONTACT_NFIELDS; i++) {
		const arnet_contact_field *f = &arnet_contact_fields[i];
		arnet_get_str16(&r, arnet_contact_text(out, f), f->cap,
		                f->name);
	}
	if (arnet_rbuf_finish(&r) != ARNET_OK || version != CONTACT_VERSION) {
		memset(out, 0, sizeof(*out));
		return arnet_diag_set(d, ARNET_ESTORE,
		                      "store: corrupt contact data of %s",
		                      id->text);
	}
	return ARNET_OK;
}

int
arnet_contact_put(arnet_txn *t, const arnet_ident *id, const arnet_contact *c,
                  arnet_put_result *res, arnet_diag *d)
{
	uint8_t key[ST_CONTACT_PREFIX_LEN + ARNET_ID_MAX], buf[2048];
	size_t kn = contact_key(key, id), n;
	arnet_customer cust;
	arnet_contact old;
	int rv;

	for (int i = 0; i < ARNET_CONTACT_NFIELDS; i++) {
		const arnet_contact_field *f = &arnet_contact_fields[i];
		if ((rv = bk_check_text(arnet_contact_ctext(c, f), f->cap - 1,
		                        0, f->name, d)) != ARNET_OK) {
			return rv;
		}
	}
	if ((rv = email_check(c->email, d)) != ARNET_OK ||
	    (rv = arnet_customer_get(t, id, &cust, d)) != ARNET_OK ||
	    (rv = arnet_contact_get(t, id, &old, d)) != ARNET_OK) {
		return rv;
	}
	int same = 1;
	for (int i = 0; i < ARNET_CONTACT_NFIELDS; i++) {
		const arnet_contact_field *f = &arnet_contact_fields[i];
		same &= strcmp(arnet_contact_ctext(&old, f),
		               arnet_contact_ctext(c, f)) == 0;
	}
	if (same) {
		if (res != NULL) {
			*res = ARNET_PUT_UNCHANGED;
		}
		return ARNET_OK;
	}
	if (res != NULL) {
		*res = arnet_contact_empty(&old) ? ARNET_PUT_ADDED
		                                 : ARNET_PUT_UPDATED;
	}
	if (arnet_contact_empty(c)) {
		return st_del(t, ST_META, key, kn, d);
	}
	if ((n = contact_encode(buf, sizeof(buf), c)) == 0) {
		return arnet_diag_set(d, ARNET_ETOOBIG,
		                      "contact data too long");
	}
	return st_put(t, ST_META, key, kn, buf, n, 0, d);
}
