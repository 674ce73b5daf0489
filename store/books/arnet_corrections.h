/*
 * arnet_corrections.h - corrections of the books as accounting makes
 * them, never by deleting: credit notes (红字发票), invoice voids,
 * write-offs and payment reversals.
 *
 * Each correction is a dated document of its own, kept with the
 * customer's payments (docs/storage.md), with a reason; its effect on an
 * invoice is an entry (arnet_alloc, arnet_books.h) that counts from its
 * date on, so that every report as of an earlier date still sees the
 * books as they were then. Like the rest of arnet_books.h these work
 * inside a caller's write transaction and do not commit.
 */
#ifndef ARNET_CORRECTIONS_H
#define ARNET_CORRECTIONS_H

#include "arnet_books.h"

typedef enum arnet_corr_kind {
	ARNET_CORR_CREDIT_NOTE = 1, /* = ARNET_ALLOC_CREDIT_NOTE */
	ARNET_CORR_WRITE_OFF = 2,   /* = ARNET_ALLOC_WRITE_OFF */
	ARNET_CORR_VOID = 3,        /* = ARNET_ALLOC_VOID */
	ARNET_CORR_REVERSAL = 4,    /* of a payment */
} arnet_corr_kind;

typedef struct arnet_correction {
	uint64_t id; /* assigned when stored, from 1 (one counter for all) */
	uint8_t kind;
	arnet_ident customer;
	int32_t date;
	/* credit note: its amount (> 0, a credit); write-off, void: what it
	 * took off the invoice; reversal: the payment's amount */
	int64_t amount;
	char currency[4];
	char number[ARNET_INVOICE_NO_MAX + 1]; /* credit note's own number */
	/* credit note: the invoice it names ("" = oldest first); write-off
	 * and void: the invoice */
	char invoice[ARNET_INVOICE_NO_MAX + 1];
	uint64_t payment; /* reversal: the payment reversed */
	char reason[ARNET_BOOKS_NOTE_MAX + 1];
	int64_t unapplied; /* credit note: left as the customer's credit */
} arnet_correction;

/*
 * arnet_credit_note_add: store the credit note cn (kind, customer,
 * number, date, amount > 0, currency; invoice and reason may be empty)
 * and apply it like a payment: to the invoice it names, or to the
 * customer's open invoices in its currency issued on or before its date,
 * oldest due first. Fills cn->id and cn->unapplied. A credit note with
 * the same number and contents is ARNET_PUT_UNCHANGED (an import run
 * again); with other contents ARNET_ECONFLICT. Errors: ARNET_ENOTFOUND
 * (customer, invoice), ARNET_ESYNTAX (the invoice is another customer's,
 * in another currency, or void), ARNET_ERANGE (amount, date).
 */
int arnet_credit_note_add(arnet_txn *t, arnet_correction *cn,
                          arnet_put_result *res, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_invoice_void: cancel invoice `number` as of `date` (on or after
 * its issue and every entry on it): what is outstanding becomes 0 from
 * then. Refused with ARNET_ECONFLICT when a payment is applied to it (diag
 * names the payment: reverse it first) or it is void already;
 * ARNET_ERANGE for a date before the issue or a later entry;
 * ARNET_ENOTFOUND. out (may be NULL) receives the correction stored.
 */
int arnet_invoice_void(arnet_txn *t, const char *number, int32_t date,
                       const char *reason, arnet_correction *out,
                       arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_invoice_write_off: write off `amount` (0: all) of what is
 * outstanding on invoice `number` as of `date`. ARNET_ERANGE when more
 * than is outstanding, nothing is outstanding, or the date is before
 * the issue or a later entry; ARNET_ENOTFOUND. out as for a void.
 */
int arnet_invoice_write_off(arnet_txn *t, const char *number, int32_t date,
                            int64_t amount, const char *reason,
                            arnet_correction *out, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_payment_reverse: reverse payment `id` (a bounced acceptance
 * bill, a returned transfer) from `date` on (on or after its date): what
 * it had settled is owed again from then, and its unapplied credit is
 * gone; reports as of an earlier date still see it applied. ARNET_ECONFLICT
 * when reversed already (diag says when); ARNET_ERANGE; ARNET_ENOTFOUND.
 * out as for a void (amount: the payment's).
 */
int arnet_payment_reverse(arnet_txn *t, uint64_t id, int32_t date,
                          const char *reason, arnet_correction *out,
                          arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_correction_scan: the corrections of one customer, kind by kind
 * (credit notes, write-offs, voids, reversals), each in the order
 * stored. fn returns 0 to go on, 1 to stop, or an error.
 */
typedef int (*arnet_correction_fn)(const arnet_correction *c, void *arg);
int arnet_correction_scan(arnet_txn *t, const arnet_ident *customer,
                          arnet_correction_fn fn, void *arg, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* "credit note", "write-off", "void", "reversal". */
const char *arnet_corr_kind_name(int kind);

#endif /* ARNET_CORRECTIONS_H */
