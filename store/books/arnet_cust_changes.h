/*
 * arnet_cust_changes.h - what was changed in a customer's record, and
 * when: the credit limit raised or cut, the terms, the grade, a credit
 * hold put on or released, the customer closed, its name or the
 * individual mark changed. A credit manager reads it in `customer show`
 * beside the invoices, payments and dunning ("who cut this limit, when,
 * from what?"); nothing in it is ever edited or deleted.
 *
 * arnet_customer_put writes the changes it makes (store/books/books.c),
 * in its transaction, stamped with the wall-clock time of the write: so
 * the import, `customer add|set` and the dunning ladder's hold all leave
 * their mark. Stored in the `cust_changes` database (docs/storage.md).
 */
#ifndef ARNET_CUST_CHANGES_H
#define ARNET_CUST_CHANGES_H

#include "arnet_books.h"

typedef enum arnet_cust_change_kind {
	ARNET_CHANGE_ADDED = 1,  /* new: the limit (or none) it got */
	ARNET_CHANGE_LIMIT = 2,  /* old -> new, minor units of currency */
	ARNET_CHANGE_CURRENCY,   /* text: the old currency */
	ARNET_CHANGE_TERMS,      /* old -> new days */
	ARNET_CHANGE_GRADE,      /* old -> new, 'A'..'D' or 0 */
	ARNET_CHANGE_STATUS,     /* old -> new arnet_cust_status; text:
	                            the hold's reason */
	ARNET_CHANGE_NAME,       /* text: the old name */
	ARNET_CHANGE_INDIVIDUAL, /* old -> new, 0 or 1 */
} arnet_cust_change_kind;

typedef struct arnet_cust_change {
	uint64_t seq; /* order of writing, from 1, over all customers */
	int64_t at;   /* when it was written, UTC seconds */
	int kind;     /* arnet_cust_change_kind */
	int64_t old, new;
	char currency[4]; /* of a limit; the customer's */
	char text[ARNET_BOOKS_NOTE_MAX + 1];
} arnet_cust_change;

/*
 * arnet_cust_changes_record: the changes from `was` (NULL: a new
 * customer) to `now`, written for now->id at time `at`. Called by
 * arnet_customer_put; nothing is written when nothing changed.
 */
int arnet_cust_changes_record(arnet_txn *t, const arnet_customer *was,
                              const arnet_customer *now, int64_t at,
                              arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_cust_changes_scan: the changes of customer id in the order they
 * were written; fn returns 0 to go on, 1 to stop, or an error.
 */
typedef int (*arnet_cust_change_fn)(const arnet_cust_change *c, void *arg);
int arnet_cust_changes_scan(arnet_txn *t, const arnet_ident *id,
                            arnet_cust_change_fn fn, void *arg,
                            arnet_diag *diag)
        __attribute__((warn_unused_result));

/* The kind's name ("limit", "status", ...), for text and JSON. */
const char *arnet_cust_change_name(int kind);

#endif /* ARNET_CUST_CHANGES_H */
