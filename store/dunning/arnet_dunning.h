/*
 * arnet_dunning.h - the dunning ladder: the stage an overdue invoice has
 * reached, the log of the actions taken (kept in the books, one per
 * invoice and stage), the customer's payment promises, and the queue of
 * the actions due as of a date.
 */
#ifndef ARNET_DUNNING_H
#define ARNET_DUNNING_H

#include "arnet_books.h"
#include "arnet_policy.h"
#include "arnet_reports.h"

/*
 * A payment promise: on day `made` the customer promised to pay `amount`
 * (minor units of the invoice's currency) by day `date`.
 *
 * The rule (arnet_promise_state_of): a promise is KEPT when the payments
 * applied to the invoice dated from `made` to `date` (both included, and
 * not after as_of) add up to at least `amount`; BROKEN when as_of is past
 * `date` without that; OPEN otherwise (`date` itself is still in time).
 */
typedef struct arnet_promise {
	int32_t made;
	int32_t date;   /* >= made */
	int64_t amount; /* > 0 */
} arnet_promise;

typedef enum arnet_promise_state {
	ARNET_PROMISE_OPEN = 1,
	ARNET_PROMISE_KEPT = 2,
	ARNET_PROMISE_BROKEN = 3,
} arnet_promise_state;

#define ARNET_PROMISES_MAX 1000 /* promises on one invoice */

/* What has been paid towards p as of as_of: the allocations of allocs[0..n)
 * dated from p->made to p->date, and not after as_of. */
int64_t arnet_promise_paid(const arnet_promise *p, const arnet_alloc *allocs,
                           size_t n, int32_t as_of);

/* The state of p as of as_of (the rule above), given the allocations of
 * its invoice. Pure: no store, no clock. */
int arnet_promise_state_of(const arnet_promise *p, const arnet_alloc *allocs,
                           size_t n, int32_t as_of);

/* "open", "kept", "broken" ("?" for anything else). */
const char *arnet_promise_state_name(int state);

/* One entry of an invoice's dunning log: an action taken, or a payment
 * promise (is_promise). */
typedef struct arnet_dunning_entry {
	char number[ARNET_INVOICE_NO_MAX + 1];
	arnet_ident customer;
	int stage;      /* arnet_stage; a promise: the action it was made in
	                   (0: on its own, `dunning promise`) */
	int32_t date;   /* when it was done; a promise: when it was made */
	int64_t logged; /* when it was logged, UTC seconds */
	char note[ARNET_BOOKS_NOTE_MAX + 1];
	int is_promise;
	/* A promise only (zero for an action): */
	arnet_promise promise; /* promise.made == date */
	char currency[4];      /* the invoice's, of promise.amount */
	int state;             /* arnet_promise_state as of the log's as_of
	                          (arnet_dunning_list_get; 0 elsewhere) */
	int64_t paid;          /* arnet_promise_paid, likewise */
} arnet_dunning_entry;

/*
 * arnet_dunning_log: record that `stage` was done for invoice `number` on
 * `date`. A stage at or beyond the policy's hold stage puts the customer
 * on credit hold (*hold_set = 1 when this call set it). ARNET_OK;
 * ARNET_ENOTFOUND (invoice); ARNET_EEXIST (this stage was logged for this
 * invoice before); ARNET_ERANGE (stage); ARNET_ESYNTAX (note).
 */
int arnet_dunning_log(arnet_txn *t, const char *number, int stage, int32_t date,
                      int64_t now, const char *note,
                      const arnet_books_policy *pol, int *hold_set,
                      arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_dunning_promise: record that the customer promised on p->made to
 * pay p->amount of invoice `number` by p->date; `stage` is the action it
 * was made in (0: none; arnet_dunning_log then goes first in the same
 * transaction), note may be "". ARNET_OK; ARNET_ENOTFOUND (invoice);
 * ARNET_ERANGE (a date outside 1900..9999, p->date before p->made, an
 * amount not above 0, or above what is outstanding on p->made, or the
 * invoice not issued by then, or too many promises); ARNET_ECONFLICT (the
 * invoice is paid as of p->made); ARNET_ESYNTAX (note).
 */
int arnet_dunning_promise(arnet_txn *t, const char *number,
                          const arnet_promise *p, int stage, int64_t now,
                          const char *note, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_dunning_history: the actions logged for one invoice (not its
 * promises), in stage order; fn returns 0 to go on. */
typedef int (*arnet_dunning_fn)(const arnet_dunning_entry *e, void *arg);
int arnet_dunning_history(arnet_txn *t, const arnet_invoice *inv,
                          arnet_dunning_fn fn, void *arg, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * The dunning log of one invoice (number) or of all the invoices of one
 * customer (number NULL; both NULL: of every customer): its actions dated and
 * its promises made on or before as_of, each promise with its state as of
 * as_of; by date, then invoice number, an action before the promises made that
 * day.
 */
typedef struct arnet_dunning_list {
	int32_t as_of;
	arnet_dunning_entry *v;
	size_t n;
} arnet_dunning_list;

/* arnet_dunning_list_get: fill *out (freed with arnet_dunning_list_free,
 * also after an error). ARNET_OK; ARNET_ENOTFOUND (the invoice or the
 * customer); ARNET_ENOMEM; ARNET_ESTORE. */
int arnet_dunning_list_get(arnet_txn *t, const arnet_ident *customer,
                           const char *number, int32_t as_of,
                           arnet_dunning_list *out, arnet_diag *diag)
        __attribute__((warn_unused_result));
void arnet_dunning_list_free(arnet_dunning_list *l);

/* Why an invoice is in the queue. */
typedef enum arnet_dunning_status {
	ARNET_DUN_PROMISE_BROKEN = 1, /* its latest promise was broken and
	                                 nothing was done since: first */
	ARNET_DUN_DUE = 2,            /* a stage is due */
	ARNET_DUN_WAITING = 3, /* a stage would be due, but an open promise
	                          holds it back: last, not to be nagged */
} arnet_dunning_status;

/* An action due: the next stage of the ladder for an open invoice. */
typedef struct arnet_dunning_action {
	arnet_invoice inv;
	char name[ARNET_NAME_MAX + 1]; /* the customer's */
	int64_t outstanding;
	int64_t late_fee;
	int32_t days_past_due;
	int stage;      /* the stage due now */
	int last_stage; /* the last one logged, 0 for none */
	int32_t last_date;
	int credit_hold; /* this stage puts the customer on hold */
	int may_default; /* the invoice may be reported as a DEFAULT */
	int status;      /* arnet_dunning_status */
	/* The latest promise made on or before as_of, if any: */
	int has_promise;
	arnet_promise promise;
	int promise_state; /* as of as_of */
} arnet_dunning_action;

typedef struct arnet_dunning_queue {
	int32_t as_of;
	arnet_dunning_action *v; /* by status, then most days past due */
	size_t n;
} arnet_dunning_queue;

/*
 * arnet_dunning_queue: for every invoice open as of as_of, the highest
 * stage of the ladder it has reached, unless that stage (or a later one)
 * was logged already. The invoice's latest promise (made on or before
 * as_of) changes that:
 *   broken, and no action dated after its promised date: the invoice is
 *     queued first (ARNET_DUN_PROMISE_BROKEN) whatever its days past due
 *     and its stages logged; its stage is the one reached, at least the
 *     phone call;
 *   open, and a stage due: queued last as ARNET_DUN_WAITING, to be left
 *     alone until the promised date;
 *   kept (but something still owed): no effect.
 * Within a status, most days past due first, then by invoice number.
 */
int arnet_dunning_queue_build(arnet_txn *t, int32_t as_of,
                              const arnet_books_policy *pol,
                              const arnet_ident *customer,
                              arnet_dunning_queue *out, arnet_diag *diag)
        __attribute__((warn_unused_result));
void arnet_dunning_queue_free(arnet_dunning_queue *q);

/* The stage an invoice has reached at dpd days past due (0: none). */
int arnet_dunning_stage_at(const arnet_books_policy *pol, int32_t dpd);

/* The days past due from which an invoice may be reported to the
 * association as a DEFAULT: the start of the policy's default stage (the
 * ladder's litigation step by default). The publishing rules take it as
 * their minimum (arnet_publish_policy.min_days_past_due). */
int32_t arnet_dunning_default_from(const arnet_books_policy *pol);

/* The dunning queue's question, by the same rule: may an invoice dpd
 * days past due be reported as a DEFAULT? */
int arnet_dunning_may_default(const arnet_books_policy *pol, int32_t dpd);

/*
 * arnet_letter_fits: whether the letter of `stage` fits the invoice as it
 * stands: nothing goes out for an invoice paid in full, void or written off
 * (said as such: the entry that closed it), nor a stage's letter before the
 * invoice has reached that stage on the ladder, nor the reminder (which
 * speaks of a coming due date) once the invoice is past due. A later
 * invoice may still get an earlier stage's letter (a formal letter sent
 * late is still a formal letter). ARNET_OK, or ARNET_ERANGE with diag
 * saying why (and that --force writes it anyway).
 */
int arnet_letter_fits(const arnet_invoice_state *v,
                      const arnet_books_policy *pol, int stage,
                      arnet_diag *diag) __attribute__((warn_unused_result));

#endif /* ARNET_DUNNING_H */
