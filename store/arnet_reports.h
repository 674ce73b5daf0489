/*
 * arnet_reports.h - the reports of the firm's books, each computed as of a
 * civil date inside one read transaction.
 *
 * Every report is a pure function of the books, the as-of date and the
 * policy: the same inputs give the same numbers, whatever the date today.
 * Amounts are int64 minor units of one currency (a report never adds
 * amounts of different currencies). Results are caller-owned structs
 * freed with their *_free function; on error nothing needs freeing.
 */
#ifndef ARNET_REPORTS_H
#define ARNET_REPORTS_H

#include "arnet_books.h"
#include "arnet_policy.h"

/* --- aging (store/aging.c) --- */

#define ARNET_AGING_BUCKETS 5
/* "current", "1-30", "31-60", "61-90", "90+" */
extern const char *const arnet_aging_bucket_names[ARNET_AGING_BUCKETS];

/* The bucket of an invoice by days past due (as-of minus due date). */
int arnet_aging_bucket(int32_t days_past_due);

typedef struct arnet_aging_row {
	arnet_ident id;
	char name[ARNET_NAME_MAX + 1];
	int64_t bucket[ARNET_AGING_BUCKETS];
	int64_t total;
	int64_t unapplied; /* the customer's unapplied credit */
} arnet_aging_row;

typedef struct arnet_aging {
	int32_t as_of;
	char currency[4];
	arnet_aging_row *rows; /* customers with something outstanding */
	size_t nrows;
	arnet_aging_row totals;
} arnet_aging;

/*
 * arnet_aging_report: what each customer (or only `customer`) owes in
 * `currency` as of as_of, by days past due: for every invoice issued on
 * or before as_of, its amount less the payments applied to it dated on or
 * before as_of. ARNET_OK, ARNET_ENOTFOUND (customer), ARNET_ERANGE (a sum
 * overflows), ARNET_ENOMEM, ARNET_ESTORE.
 */
int arnet_aging_report(arnet_txn *t, int32_t as_of, const char *currency,
                       const arnet_ident *customer, arnet_aging *out,
                       arnet_diag *diag) __attribute__((warn_unused_result));
void arnet_aging_free(arnet_aging *a);

/* --- late fees (store/late_fee.c) --- */

typedef struct arnet_late_fee_row {
	char number[ARNET_INVOICE_NO_MAX + 1];
	arnet_ident customer;
	int32_t due;
	int32_t days_late;   /* days after due with principal unpaid */
	int64_t outstanding; /* principal unpaid as of the date */
	int64_t fee;
} arnet_late_fee_row;

typedef struct arnet_late_fee {
	int32_t as_of;
	char currency[4];
	int64_t rate_num, rate_den; /* per day */
	arnet_late_fee_row *rows;   /* invoices with a fee, by customer */
	size_t nrows;
	int64_t total;
} arnet_late_fee;

/*
 * arnet_late_fee_invoice: the fee of one invoice as of as_of: for each
 * day d with due < d <= as_of, the principal unpaid at the start of d
 * (payments dated before d) times num / den, summed exactly and rounded
 * half up to the minor unit once. *days_late is the number of such days
 * with principal unpaid. ARNET_OK or ARNET_ERANGE (the fee overflows).
 */
int arnet_late_fee_invoice(int64_t *fee, int32_t *days_late,
                           const arnet_invoice *inv, const arnet_alloc *allocs,
                           size_t n, int32_t as_of, int64_t num, int64_t den);

int arnet_late_fee_report(arnet_txn *t, int32_t as_of, const char *currency,
                          const arnet_ident *customer, int64_t num, int64_t den,
                          arnet_late_fee *out, arnet_diag *diag)
        __attribute__((warn_unused_result));
void arnet_late_fee_free(arnet_late_fee *f);

/* --- one invoice as of a date (store/invoice_state.c) --- */

typedef struct arnet_invoice_state {
	arnet_invoice inv;
	arnet_customer c;
	arnet_alloc *allocs; /* payments applied, in the order applied */
	size_t nallocs;
	int32_t as_of;
	int32_t days_past_due; /* as_of - due (negative before due) */
	int64_t outstanding;
	int64_t late_fee; /* at the policy's rate */
	int32_t days_late;
} arnet_invoice_state;

/*
 * arnet_invoice_state_get: invoice `number` with its customer, payments,
 * what is owed and the late fee as of as_of. The caller frees with
 * arnet_invoice_state_free. ARNET_OK, ARNET_ENOTFOUND, ARNET_ENOMEM,
 * ARNET_ERANGE.
 */
int arnet_invoice_state_get(arnet_txn *t, const char *number, int32_t as_of,
                            const arnet_books_policy *pol,
                            arnet_invoice_state *out, arnet_diag *diag)
        __attribute__((warn_unused_result));
void arnet_invoice_state_free(arnet_invoice_state *s);

/* --- dunning (store/dunning.c) --- */

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

/* --- monthly statement (store/statement.c) --- */

typedef struct arnet_statement_line {
	int32_t date;
	int is_payment;
	char doc[ARNET_INVOICE_NO_MAX + 1]; /* invoice number, or payment id */
	char ref[ARNET_REF_MAX + 1]; /* order ref, or payment reference */
	int32_t due;                 /* invoices */
	int64_t debit, credit;       /* invoiced, paid */
	int64_t balance;             /* running */
} arnet_statement_line;

typedef struct arnet_statement {
	arnet_customer c;
	int32_t from, to; /* the month's first and last day */
	char currency[4];
	int64_t opening, invoiced, paid, closing;
	arnet_statement_line *lines; /* by date; invoices before payments */
	size_t n;
	int64_t overdue; /* of the closing balance, past due at month end */
} arnet_statement;

/*
 * arnet_statement_build: the reconciliation statement of customer id for
 * month (year, month) in `currency`: the balance before the month,
 * every invoice issued and payment received in it, and the balance at its
 * end. ARNET_OK, ARNET_ENOTFOUND, ARNET_ERANGE, ARNET_ENOMEM.
 */
int arnet_statement_build(arnet_txn *t, const arnet_ident *id, int year,
                          int month, const char *currency, arnet_statement *out,
                          arnet_diag *diag) __attribute__((warn_unused_result));
void arnet_statement_free(arnet_statement *s);

/* --- credit control (store/order_check.c, store/review.c) --- */

typedef enum arnet_order_decision {
	ARNET_ORDER_ALLOW = 0,
	ARNET_ORDER_WARN = 1,
	ARNET_ORDER_HOLD = 2,
} arnet_order_decision;

/* Why a reason was given: the check follows the order check by these. */
typedef enum arnet_order_why {
	ARNET_WHY_WITHIN = 0,     /* within the limit, nothing overdue */
	ARNET_WHY_STATUS = 1,     /* on credit hold, or the account closed */
	ARNET_WHY_OVERDUE = 2,    /* owed past the hold days, any currency */
	ARNET_WHY_LIMIT = 3,      /* the exposure would exceed the limit */
	ARNET_WHY_NEAR_LIMIT = 4, /* it reaches warn_percent of the limit */
	ARNET_WHY_NO_LIMIT = 5,   /* no credit limit is set */
	ARNET_WHY_UNCOMBINED = 6, /* owed in a currency no rate converts */
	ARNET_WHY_PEER = 7,       /* another member's DEFAULT or stop */
	ARNET_WHY_KNOCKOUT = 8,   /* a knock-out of the credit check */
} arnet_order_why;

#define ARNET_REASONS_MAX        12
#define ARNET_ORDER_CURRENCY_MAX 8

typedef struct arnet_order_reason {
	int decision; /* arnet_order_decision */
	int why;      /* arnet_order_why */
	char text[320];
	uint8_t record[32]; /* the shared-log record it names, else zero */
} arnet_order_reason;

/* What the customer owes in one currency. */
typedef struct arnet_order_owed {
	char currency[4];
	int64_t balance;        /* outstanding */
	int64_t unapplied;      /* credit to set against it */
	int64_t overdue;        /* owed past due */
	int64_t overdue_beyond; /* owed more than hold_days past due */
	int32_t oldest_dpd;     /* days past due of the oldest open invoice */
} arnet_order_owed;

struct arnet_check_policy;
struct arnet_log_facts;
struct arnet_roster;

typedef struct arnet_order_check {
	arnet_customer c;
	int32_t as_of;
	/* per currency, the customer's own (its limit's) first */
	arnet_order_owed owed[ARNET_ORDER_CURRENCY_MAX];
	size_t nowed;
	int64_t order;      /* in the customer's currency */
	int64_t exposure;   /* in its currency: owed - unapplied + order, with
	                       other currencies converted by [fx] when rated */
	int uncombined;     /* 1: some currency has no rate and is left out */
	int32_t fx_date;    /* the [fx] table used, 0 when none */
	int64_t headroom;   /* limit - exposure before the order; -1 no limit */
	int32_t oldest_dpd; /* over every currency */
	int decision;       /* arnet_order_decision */
	int nreasons;
	arnet_order_reason reasons[ARNET_REASONS_MAX];
} arnet_order_check;

/*
 * arnet_order_check_run: may customer id take an order of `amount` (its
 * currency) on credit, as of the end of day as_of? HOLD when the customer
 * is on credit hold or closed, owes anything more than hold_days past due
 * in any currency, the exposure after the order exceeds the limit, a
 * knock-out of the credit check fires on the shared log, or another
 * member's DEFAULT or CREDIT_STOP is in force and on_peer_default is
 * hold; WARN when the exposure reaches warn_percent of the limit, no
 * limit is set, a balance in another currency cannot be converted, or
 * another member's record is in force (on_peer_default warn); else
 * ALLOW. Every reason is listed. pol is the check policy (its books
 * thresholds, the log's rules, the rates); roster may be NULL (the log
 * is then not read).
 */
int arnet_order_check_run(arnet_txn *t, const arnet_ident *id, int64_t amount,
                          int32_t as_of, const struct arnet_check_policy *pol,
                          const struct arnet_roster *roster,
                          arnet_order_check *out, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* The same on facts already gathered as of the end of as_of (the credit
 * check's, so the log is read once). facts may be NULL. */
int arnet_order_check_on(arnet_txn *t, const arnet_ident *id, int64_t amount,
                         int32_t as_of, const struct arnet_check_policy *pol,
                         const struct arnet_log_facts *facts,
                         arnet_order_check *out, arnet_diag *diag)
        __attribute__((warn_unused_result));

typedef enum arnet_review_kind {
	ARNET_REVIEW_RAISE = 1, /* paid on time: raise the limit */
	ARNET_REVIEW_CUT = 2,   /* overdue: cut the limit, shorten terms */
} arnet_review_kind;

typedef struct arnet_review_item {
	arnet_customer c;
	int kind;
	int64_t new_limit; /* ARNET_NO_LIMIT: set one */
	int new_terms;
	char reason[200];
} arnet_review_item;

typedef struct arnet_review {
	int32_t as_of;
	arnet_review_item *v;
	size_t n;
} arnet_review;

/*
 * arnet_review_build: limit and terms suggestions for every active
 * customer: CUT when an invoice is overdue as of as_of (limit down by
 * pol->cut_percent, terms shorter by pol->shorten_days); RAISE when its
 * last pol->on_time_streak invoices settled were each paid in full by
 * their due date (limit up by pol->raise_percent).
 */
int arnet_review_build(arnet_txn *t, int32_t as_of,
                       const arnet_books_policy *pol, arnet_review *out,
                       arnet_diag *diag) __attribute__((warn_unused_result));
void arnet_review_free(arnet_review *r);

/* --- DSO and top overdue (store/dso.c, store/top_overdue.c) --- */

typedef struct arnet_dso {
	int32_t as_of;
	int days; /* the period: (as_of - days, as_of] */
	char currency[4];
	int64_t receivables; /* outstanding at as_of */
	int64_t sales;       /* invoiced in the period */
	int64_t collected;   /* paid in the period */
	int64_t opening;     /* outstanding at the period's start */
	/* days sales outstanding, in hundredths of a day (-1: no sales) */
	int64_t dso_centidays;
	/* collected / (opening + sales), in basis points (-1: nothing due) */
	int64_t collection_bp;
} arnet_dso;

int arnet_dso_build(arnet_txn *t, int32_t as_of, int days, const char *currency,
                    arnet_dso *out, arnet_diag *diag)
        __attribute__((warn_unused_result));

typedef struct arnet_overdue_row {
	arnet_ident id;
	char name[ARNET_NAME_MAX + 1];
	int64_t overdue;
	int32_t oldest_dpd;
	int invoices;
} arnet_overdue_row;

typedef struct arnet_top_overdue {
	int32_t as_of;
	char currency[4];
	arnet_overdue_row *v; /* most overdue first, at most n */
	size_t n;
	int64_t total_overdue; /* of every customer */
} arnet_top_overdue;

int arnet_top_overdue_build(arnet_txn *t, int32_t as_of, const char *currency,
                            size_t n, arnet_top_overdue *out, arnet_diag *diag)
        __attribute__((warn_unused_result));
void arnet_top_overdue_free(arnet_top_overdue *o);

#endif /* ARNET_REPORTS_H */
