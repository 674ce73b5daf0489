/*
 * books_internal.h - what books.c shares with corrections.c (private to
 * store/books/): the key of a customer's item, text checks, the entries
 * of an invoice, and the application of a credit (a payment or a credit
 * note) to invoices.
 */
#ifndef ARNET_BOOKS_INTERNAL_H
#define ARNET_BOOKS_INTERNAL_H

#include "arnet_books.h"
#include "txn.h"

#define BK_KEY_MAX (ARNET_ID_MAX + 1 + ARNET_INVOICE_NO_MAX + 1 + 8)

/* A document's number in keys of alloc and cust_pay: its kind in the top
 * byte (0 for payments, so their keys are as they always were). */
#define BK_DOC(kind, id) (((uint64_t)(kind) << 56) | (id))
#define BK_DOC_KIND(doc) ((uint8_t)((doc) >> 56))
#define BK_DOC_ID(doc)   ((doc) & ((UINT64_C(1) << 56) - 1))

typedef struct bk_alloc_list {
	arnet_alloc *a;
	size_t n, cap;
} bk_alloc_list;

/* A credit to apply: a payment, or a credit note. */
typedef struct bk_credit {
	const arnet_ident *customer;
	const char *currency;
	const char *invoice; /* "" = oldest first */
	int32_t date;
	int64_t amount;
	uint64_t doc;      /* BK_DOC(kind, id) */
	int64_t unapplied; /* out */
} bk_credit;

size_t bk_cust_key(uint8_t *key, const arnet_ident *id, const void *rest,
                   size_t n);
/* The customer and the document of a cust_pay key (id 0 be64 doc):
 * ARNET_OK, or ARNET_ESTORE for a key of another form. */
int bk_cust_doc_key(const MDB_val *k, arnet_ident *customer, uint64_t *doc);
int bk_check_text(const char *s, size_t max, int required, const char *field,
                  arnet_diag *d);
int bk_check_currency(const char *cur, const char *field, arnet_diag *d);
int bk_corrupt(arnet_diag *d, const char *what);
/* The entries of one invoice (into l, reset first). */
int bk_invoice_allocs(arnet_txn *t, const arnet_invoice *inv, bk_alloc_list *l,
                      arnet_diag *d);
int64_t bk_sum_allocs(const arnet_alloc *a, size_t n, int32_t as_of);
/* Store an entry of document doc on inv; reversed: its reversal day, or
 * 0 with `reversed_set` 0. */
int bk_put_alloc(arnet_txn *t, const arnet_invoice *inv, uint64_t doc,
                 int32_t date, int64_t amount, int reversed_set,
                 int32_t reversed, arnet_diag *d);
int bk_apply(arnet_txn *t, bk_credit *c, arnet_diag *d);
/* Store payment p (its cust_pay value) again. */
int bk_payment_put(arnet_txn *t, const arnet_payment *p, arnet_diag *d);

#endif /* ARNET_BOOKS_INTERNAL_H */
