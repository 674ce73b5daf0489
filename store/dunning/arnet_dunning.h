/*
 * arnet_dunning.h - the dunning ladder: the stage an overdue invoice has
 * reached, the log of the actions taken (kept in the books, one per
 * invoice and stage) and the queue of the actions due as of a date.
 */
#ifndef ARNET_DUNNING_H
#define ARNET_DUNNING_H

#include "arnet_books.h"
#include "arnet_policy.h"

/* One dunning action taken, as logged. */
typedef struct arnet_dunning_entry {
	char number[ARNET_INVOICE_NO_MAX + 1];
	arnet_ident customer;
	int stage;      /* arnet_stage */
	int32_t date;   /* when it was done */
	int64_t logged; /* when it was logged, UTC seconds */
	char note[ARNET_BOOKS_NOTE_MAX + 1];
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

/* arnet_dunning_history: the actions logged for one invoice, in stage
 * order; fn returns 0 to go on. */
typedef int (*arnet_dunning_fn)(const arnet_dunning_entry *e, void *arg);
int arnet_dunning_history(arnet_txn *t, const arnet_invoice *inv,
                          arnet_dunning_fn fn, void *arg, arnet_diag *diag)
        __attribute__((warn_unused_result));

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
} arnet_dunning_action;

typedef struct arnet_dunning_queue {
	int32_t as_of;
	arnet_dunning_action *v; /* most days past due first */
	size_t n;
} arnet_dunning_queue;

/*
 * arnet_dunning_queue: for every invoice open as of as_of, the highest
 * stage of the ladder it has reached, unless that stage (or a later one)
 * was logged already.
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

#endif /* ARNET_DUNNING_H */
