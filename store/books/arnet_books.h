/*
 * arnet_books.h - the firm's own books: customers, invoices, payments and
 * how payments are applied to invoices.
 *
 * Every function here works inside a transaction (arnet_store.h) and does
 * not commit: the caller groups them into one operation (one command, one
 * imported file) that happens whole or not at all.
 *
 * Amounts are int64 minor units of the record's currency; dates are day
 * numbers (arnet_date.h). Text is strict UTF-8 without control
 * characters. The stored forms and keys are listed in docs/storage.md.
 *
 * Payment application: a payment names an invoice, or is applied to the
 * customer's open invoices in the same currency issued on or before the
 * payment date, oldest due date first, ties by invoice number. What is
 * left over is the customer's unapplied credit, kept on the payment.
 * Applications are permanent: reports as of a date count the payments
 * dated on or before it.
 */
#ifndef ARNET_BOOKS_H
#define ARNET_BOOKS_H

#include "arnet_days.h"
#include "arnet_ident.h"
#include "arnet_store.h"

#include <stddef.h>
#include <stdint.h>

#define ARNET_NAME_MAX       200 /* customer name, bytes of UTF-8 */
#define ARNET_INVOICE_NO_MAX 64  /* invoice number, bytes */
#define ARNET_REF_MAX        100 /* order ref, payment reference, bytes */
#define ARNET_BOOKS_NOTE_MAX 500 /* dunning note, hold reason, bytes */
#define ARNET_TERMS_MAX      ARNET_DECADE_DAYS /* payment terms, days */

/* No credit limit set (order-check then cannot warn on exposure). */
#define ARNET_NO_LIMIT (-1)

typedef enum arnet_cust_status {
	ARNET_CUST_ACTIVE = 1,
	ARNET_CUST_HOLD = 2,   /* credit hold: no new orders on credit */
	ARNET_CUST_CLOSED = 3, /* no longer a customer */
} arnet_cust_status;

typedef struct arnet_customer {
	arnet_ident id;
	char name[ARNET_NAME_MAX + 1];
	int64_t credit_limit; /* minor units of currency, or ARNET_NO_LIMIT */
	char currency[4];     /* of the limit; the customer's usual one */
	uint16_t terms_days;  /* payment terms, days after issue */
	char grade;           /* 'A'..'D', or 0 when not graded */
	uint8_t status;       /* arnet_cust_status */
	int32_t hold_since;   /* day of the hold, when status is HOLD */
	char hold_reason[ARNET_BOOKS_NOTE_MAX + 1];
	/* 1: the customer is a natural person (an individual, a sole
	 * trader), whatever its identifier's scheme: adverse records about
	 * it are personal credit information (arnet_publish_rules.h). 0: a
	 * company, or not known to be a person. */
	uint8_t individual;
} arnet_customer;

typedef struct arnet_invoice {
	char number[ARNET_INVOICE_NO_MAX + 1]; /* unique in the firm */
	arnet_ident customer;
	char order_ref[ARNET_REF_MAX + 1];
	int32_t issued;
	int32_t due;    /* >= issued */
	int64_t amount; /* > 0 */
	char currency[4];
} arnet_invoice;

typedef struct arnet_payment {
	uint64_t id; /* assigned when stored, from 1 */
	arnet_ident customer;
	int32_t date;
	int64_t amount; /* > 0 */
	char currency[4];
	char invoice[ARNET_INVOICE_NO_MAX + 1]; /* "" = oldest first */
	char reference[ARNET_REF_MAX + 1];
	int64_t unapplied; /* left after application: customer's credit */
} arnet_payment;

/* A payment, or part of one, applied to an invoice. */
typedef struct arnet_alloc {
	uint64_t payment;
	int32_t date; /* the payment's date */
	int64_t amount;
} arnet_alloc;

/* arnet_books_check_text: the rule of the books' text fields: valid
 * UTF-8 without control characters, at most max bytes, no space at
 * either end, and not empty when `required`. ARNET_OK, ARNET_ETOOBIG,
 * ARNET_ESYNTAX (diag names field). */
int arnet_books_check_text(const char *s, size_t max, int required,
                           const char *field, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* What a put did. */
typedef enum arnet_put_result {
	ARNET_PUT_ADDED = 1,
	ARNET_PUT_UPDATED = 2,
	ARNET_PUT_UNCHANGED = 3, /* identical to what was stored */
} arnet_put_result;

/*
 * arnet_customer_init: c with defaults (no limit, CNY, 30 days terms,
 * active, not an individual) for id.
 */
void arnet_customer_init(arnet_customer *c, const arnet_ident *id);

/*
 * arnet_customer_check: ARNET_OK when every field of c is valid, else
 * ARNET_ESYNTAX / ARNET_ERANGE / ARNET_ECURRENCY with diag naming the
 * field.
 */
int arnet_customer_check(const arnet_customer *c, arnet_diag *diag);

/* arnet_customer_get: ARNET_OK, ARNET_ENOTFOUND, ARNET_ESTORE. */
int arnet_customer_get(arnet_txn *t, const arnet_ident *id, arnet_customer *out,
                       arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_customer_put: add c, or replace the stored customer with the same
 * id. *res (may be NULL) says which, or that nothing changed.
 */
int arnet_customer_put(arnet_txn *t, const arnet_customer *c,
                       arnet_put_result *res, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_customer_scan: call fn for every customer in identifier order; fn
 * returns 0 to go on, 1 to stop, or an error to stop with it.
 */
typedef int (*arnet_customer_fn)(const arnet_customer *c, void *arg);
int arnet_customer_scan(arnet_txn *t, arnet_customer_fn fn, void *arg,
                        arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_invoice_check: the fields of inv alone (number, dates, amount,
 * currency).
 */
int arnet_invoice_check(const arnet_invoice *inv, arnet_diag *diag);

/*
 * arnet_invoice_add: store inv. The customer must exist. An invoice with
 * the same number and the same contents is ARNET_PUT_UNCHANGED; with
 * other contents ARNET_ECONFLICT (invoices are not edited: a correction is
 * a credit note, which is future work).
 */
int arnet_invoice_add(arnet_txn *t, const arnet_invoice *inv,
                      arnet_put_result *res, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_invoice_get: the invoice with this number. */
int arnet_invoice_get(arnet_txn *t, const char *number, arnet_invoice *out,
                      arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_payment_add: store p and apply it (see the top of this file),
 * filling p->id and p->unapplied. identity is what makes a payment the
 * same payment when a file is imported again (NULL: always a new
 * payment); a payment whose identity was stored before is
 * ARNET_PUT_UNCHANGED and nothing is done. Errors: ARNET_ENOTFOUND
 * (customer or invoice), ARNET_ESYNTAX (the invoice is another customer's
 * or in another currency), ARNET_ERANGE.
 */
int arnet_payment_add(arnet_txn *t, arnet_payment *p,
                      const uint8_t identity[32], arnet_put_result *res,
                      arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_payment_identity: the identity of a payment row of an import:
 * BLAKE2b-256 of its customer, date, amount, currency, invoice and
 * reference, and occurrence (how many identical rows came before it in
 * the same file), so that re-importing a file adds nothing while two
 * identical rows in one file are two payments.
 */
void arnet_payment_identity(uint8_t out[32], const arnet_payment *p,
                            uint32_t occurrence);

/*
 * arnet_payment_scan: the payments of one customer in the order they
 * were stored.
 */
typedef int (*arnet_payment_fn)(const arnet_payment *p, void *arg);
int arnet_payment_scan(arnet_txn *t, const arnet_ident *customer,
                       arnet_payment_fn fn, void *arg, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_ledger_scan: walk the books customer by customer (one customer
 * when `customer` is not NULL), in identifier order, and within each the
 * invoices in number order with the payments applied to each (in the
 * order they were applied). Any callback may be NULL. Pointers passed are
 * valid only during the call. A callback returns 0 to go on, or an error
 * to stop the scan with it.
 */
typedef struct arnet_ledger_visitor {
	int (*customer)(const arnet_customer *c, void *arg);
	int (*invoice)(const arnet_customer *c, const arnet_invoice *inv,
	               const arnet_alloc *allocs, size_t nallocs, void *arg);
	int (*customer_end)(const arnet_customer *c, void *arg);
	void *arg;
} arnet_ledger_visitor;

int arnet_ledger_scan(arnet_txn *t, const arnet_ident *customer,
                      const arnet_ledger_visitor *v, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_outstanding: what is still owed on inv as of day as_of: its
 * amount less the allocations dated on or before as_of (0 when it was not
 * issued yet). Never negative.
 */
int64_t arnet_outstanding(const arnet_invoice *inv, const arnet_alloc *allocs,
                          size_t n, int32_t as_of);

/* Names of statuses ("active", "hold", "closed") and their inverse (0). */
const char *arnet_cust_status_name(int status);
int arnet_cust_status_parse(const char *name);

#endif /* ARNET_BOOKS_H */
