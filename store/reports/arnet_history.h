/*
 * arnet_history.h - the history of a customer or of one invoice as of a
 * date: the corrections made (credit notes, voids, write-offs, payment
 * reversals), the invoices closed and how, the payments received and
 * whether each was reversed. What `customer show` and `invoice show`
 * print (docs/cli.md); the rules of "closed" and of its day are here,
 * written once.
 *
 * An invoice is closed as of D when it was issued on or before D and
 * nothing is outstanding on it as of D (arnet_outstanding). It closed on
 * the day of the entry that took the last of it off, counting only
 * entries dated on or before D: an invoice paid, re-opened by a payment
 * reversal and paid again closed on the second payment's day. How it was
 * closed is the kind of that entry: paid, credited, written off, or void
 * (a void takes off all that is left, so it is always the last). Entries
 * of one day count reversals first, then the others in the order they
 * are held, so the day's last credit is the one that closed it.
 *
 * Each list is newest first (by date, then the later document first) and
 * cut at `limit` items; the total before the cut is kept beside it, so a
 * customer with 10,000 invoices gives `limit` lines and "9,950 more".
 * Everything is read in the caller's transaction; the result is the
 * caller's, freed with its *_free function (on error nothing needs
 * freeing).
 */
#ifndef ARNET_HISTORY_H
#define ARNET_HISTORY_H

#include "arnet_corrections.h"

/* How an invoice was closed. */
typedef enum arnet_close_kind {
	ARNET_CLOSE_PAID = 1,
	ARNET_CLOSE_CREDITED = 2,    /* by a credit note */
	ARNET_CLOSE_WRITTEN_OFF = 3, /* by a write-off */
	ARNET_CLOSE_VOID = 4,
} arnet_close_kind;

/* "paid", "credited", "written off", "void" (NULL for another value). */
const char *arnet_close_kind_name(int kind);

typedef struct arnet_closed_invoice {
	arnet_invoice inv;
	int32_t closed; /* the day it closed */
	uint8_t how;    /* arnet_close_kind */
} arnet_closed_invoice;

/* A payment as of the history's date. */
typedef struct arnet_history_payment {
	arnet_payment p;
	/* 1 when reversed on or before the history's date: then reversed_on
	 * is the reversal's day and reason its reason. A reversal dated
	 * later is not shown (0, as it was then). */
	int reversed;
	int32_t reversed_on;
	char reason[ARNET_BOOKS_NOTE_MAX + 1];
	/* invoice history only: what it settled of the invoice (the entries
	 * of this payment on it, before any reversal); 0 otherwise */
	int64_t applied;
} arnet_history_payment;

/* A correction as of the history's date. */
typedef struct arnet_history_corr {
	arnet_correction c;
	/* invoice history only: what it took off the invoice (a credit
	 * note may be spread over several); 0 otherwise */
	int64_t applied;
} arnet_history_corr;

/* One list of a history: the newest `n` of `total` items. */
#define ARNET_HISTORY_LIST(type)                                               \
	struct {                                                               \
		type *v;                                                       \
		size_t n;     /* shown: at most the limit */                   \
		size_t total; /* before the cut */                             \
	}

typedef struct arnet_history {
	int32_t as_of;
	size_t limit;
	ARNET_HISTORY_LIST(arnet_history_corr) corrections;
	ARNET_HISTORY_LIST(arnet_closed_invoice) closed;
	ARNET_HISTORY_LIST(arnet_history_payment) payments;
} arnet_history;

/* The default limit of a history's lists (`--limit`). */
#define ARNET_HISTORY_LIMIT 50

/*
 * arnet_history_build: the history of customer id as of as_of: its
 * corrections dated on or before as_of, its invoices closed as of
 * as_of, its payments dated on or before as_of with their reversals;
 * each newest first and cut at limit (> 0). ARNET_OK; ARNET_EINVAL
 * (limit 0); ARNET_ENOTFOUND (the customer); ARNET_ENOMEM; the scans'
 * errors. Out is zeroed first.
 */
int arnet_history_build(arnet_txn *t, const arnet_ident *id, int32_t as_of,
                        size_t limit, arnet_history *out, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_invoice_history_build: the history of invoice `number` as of
 * as_of: in out->corrections, the credit notes applied to it, its void
 * and its write-offs (each with what it took off the invoice); in
 * out->payments, the payments applied to it (with what each settled of
 * it, and its reversal); out->closed holds the invoice itself when it is
 * closed as of as_of (n 1), else nothing. Cut at limit as above.
 * ARNET_OK; ARNET_EINVAL; ARNET_ENOTFOUND (the invoice); ARNET_ENOMEM;
 * ARNET_ESTORE (the invoice is indexed but not among its customer's).
 */
int arnet_invoice_history_build(arnet_txn *t, const char *number, int32_t as_of,
                                size_t limit, arnet_history *out,
                                arnet_diag *diag)
        __attribute__((warn_unused_result));

void arnet_history_free(arnet_history *h);

/*
 * arnet_invoice_closed: whether inv (with its entries allocs[0..n)) is
 * closed as of as_of, and if so the day (*closed) and how (*how), by the
 * rules at the top of this file. 1 closed, 0 not.
 */
int arnet_invoice_closed(const arnet_invoice *inv, const arnet_alloc *allocs,
                         size_t n, int32_t as_of, int32_t *closed,
                         uint8_t *how);

#endif /* ARNET_HISTORY_H */
