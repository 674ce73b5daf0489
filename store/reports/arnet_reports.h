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
#include "arnet_fx.h"
#include "arnet_policy.h"

/* --- positions: each invoice as of a date (position.c) --- */

/* One invoice of a customer as of the scan's date: what the reports, the
 * dunning queue and the order check all start from. The pointers are
 * valid only during the callback. */
typedef struct arnet_position {
	const arnet_customer *c;
	const arnet_invoice *inv;
	const arnet_alloc *allocs; /* applied to inv, in the order applied */
	size_t nallocs;
	int64_t outstanding;   /* arnet_outstanding as of as_of */
	int32_t days_past_due; /* as_of - due (negative before due) */
} arnet_position;

typedef struct arnet_position_visitor {
	int32_t as_of;
	const char *currency; /* only invoices in it; NULL: in any */
	int open_only;        /* only invoices with something outstanding */
	int (*position)(const arnet_position *p, void *arg);
	/* customer, customer_end and the arg of every callback, as in a
	 * ledger scan; its invoice callback is not used */
	arnet_ledger_visitor each;
} arnet_position_visitor;

/*
 * arnet_position_scan: arnet_ledger_scan (one customer when `customer` is
 * not NULL), with each invoice that passes v's filters given as its
 * position as of v->as_of. Any callback may be NULL; one returning
 * non-zero stops the scan with that value. ARNET_OK, the callbacks'
 * errors, or arnet_ledger_scan's.
 */
int arnet_position_scan(arnet_txn *t, const arnet_ident *customer,
                        const arnet_position_visitor *v, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* --- how an invoice stands, entry by entry (standing.c) --- */

/*
 * A write-off counts as a loss, against the customer's payment record,
 * for this many days from its date: the shared log's default retention
 * of a negative record (docs/credit-policy.md).
 */
#define ARNET_LOSS_DAYS 1826

typedef enum arnet_standing_state {
	/* nothing to judge: not issued as of the date, or credited or void
	 * in full (a credit note or a void is no payment) */
	ARNET_STANDS_NONE = 0,
	ARNET_STANDS_OPEN = 1, /* something outstanding, nothing written off */
	/* paid in full by payments that still stand (with credit notes
	 * reducing what was owed): on time when paid_on <= due */
	ARNET_STANDS_PAID = 2,
	ARNET_STANDS_LOSS = 3, /* written off, in part or in whole */
} arnet_standing_state;

typedef struct arnet_standing {
	int state;              /* arnet_standing_state */
	int64_t net;            /* invoiced less credit notes and a void */
	int64_t paid;           /* payments standing (reversals netted) */
	int64_t written_off;    /* write-offs */
	int64_t loss;           /* of them, within ARNET_LOSS_DAYS: a loss */
	int64_t outstanding;    /* arnet_outstanding */
	int32_t paid_on;        /* the last standing payment; INT32_MIN: none */
	int32_t written_off_on; /* the last write-off; INT32_MIN: none */
} arnet_standing;

/*
 * arnet_standing_of: how inv stands as of as_of, counting the entries
 * a[0..n) dated on or before it by their kind: a payment reversed on or
 * before as_of no longer counts as paid; credit notes and a void reduce
 * `net`; write-offs are a loss. Pure; never fails.
 */
void arnet_standing_of(arnet_standing *s, const arnet_invoice *inv,
                       const arnet_alloc *a, size_t n, int32_t as_of);

/*
 * arnet_loss_of: what the write-offs among a[0..n) dated on or before
 * `day` took off, of those that still count as a loss as of as_of
 * (dated within ARNET_LOSS_DAYS before it).
 */
int64_t arnet_loss_of(const arnet_alloc *a, size_t n, int32_t day,
                      int32_t as_of);

/* --- a customer's unapplied credit (unapplied.c) --- */

/* Called once per document with credit left: its currency and amount
 * (> 0). Returns 0 to go on, or an error to stop with it. */
typedef int (*arnet_unapplied_fn)(const char *currency, int64_t amount,
                                  void *arg);

/*
 * arnet_unapplied_scan: customer's unapplied credit as of as_of, a
 * document at a time: each payment dated on or before it and not
 * reversed by then (arnet_payment_credit), and each credit note dated on
 * or before it, with what no invoice took of it. Amounts are in each
 * document's own currency: the caller keeps currencies apart. ARNET_OK,
 * fn's error, or the scans' (ARNET_ESTORE).
 */
int arnet_unapplied_scan(arnet_txn *t, const arnet_ident *customer,
                         int32_t as_of, arnet_unapplied_fn fn, void *arg,
                         arnet_diag *diag) __attribute__((warn_unused_result));

/* --- the currencies of the books (currencies.c) --- */

#define ARNET_REPORT_CURRENCIES_MAX 16

typedef struct arnet_currencies {
	char v[ARNET_REPORT_CURRENCIES_MAX][4];
	size_t n;
} arnet_currencies;

/*
 * arnet_report_currencies: the currencies of the invoices, payments and
 * credit notes dated on or before as_of of every customer (or only `customer`),
 * the sections of a report that shows each: `first` (the books' currency) first
 * when held, the others in code order; `first` alone when none is held (so a
 * report of empty books still says what it is in). ARNET_OK, ARNET_ETOOBIG
 * (more than ARNET_REPORT_CURRENCIES_MAX), or the scan's errors.
 */
int arnet_report_currencies(arnet_txn *t, int32_t as_of,
                            const arnet_ident *customer, const char *first,
                            arnet_currencies *out, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* --- aging (aging.c) --- */

/*
 * The standard bands: "current", "1-30", "31-60", "61-90", "90+" days
 * past due. Trade references (store/credit/trade_ref.c) report on these
 * and only these: the wire protocol pins them, whatever the firm's own
 * [aging] bands are.
 */
#define ARNET_AGING_BUCKETS 5
extern const char *const arnet_aging_bucket_names[ARNET_AGING_BUCKETS];

/* The standard bucket of an invoice by days past due (as-of minus due). */
int arnet_aging_bucket(int32_t days_past_due);

/*
 * The firm's own bands ([aging] in the config, --bands / --basis): what
 * an invoice's age is counted from, and the upper day of each band.
 *
 * By due date (the default) the age is days past due: bucket 0 is
 * "current" (not yet past due: age <= 0), then one bucket per band
 * (1-30, 31-60, 61-90 for bands 30,60,90) and one beyond the last
 * ("90+": more than 90): n + 2 buckets.
 *
 * By invoice date the age is days since issue (never negative for an
 * invoice the report counts): one bucket per band (0-30, 31-60, 61-90)
 * and one beyond the last (90+): n + 1 buckets, no "current".
 */
#define ARNET_AGING_BANDS_MAX   8
#define ARNET_AGING_BUCKETS_MAX (ARNET_AGING_BANDS_MAX + 2)
#define ARNET_AGING_DAYS_MAX    9999 /* the highest band's upper day */

typedef enum arnet_aging_basis {
	ARNET_AGING_BY_DUE = 0,     /* days past the due date */
	ARNET_AGING_BY_INVOICE = 1, /* days since the invoice date */
} arnet_aging_basis;

typedef struct arnet_aging_bands {
	int basis;                           /* arnet_aging_basis */
	int n;                               /* 1 .. ARNET_AGING_BANDS_MAX */
	int32_t upto[ARNET_AGING_BANDS_MAX]; /* rising, 1 .. DAYS_MAX */
} arnet_aging_bands;

/* arnet_aging_bands_default: by due date, bands 30,60,90 (the standard). */
void arnet_aging_bands_default(arnet_aging_bands *b);

/*
 * arnet_aging_bands_parse: b's bands from text "30,60,90" (blanks around
 * a number allowed); b->basis is kept. Each a whole number of days from
 * 1 to ARNET_AGING_DAYS_MAX, each above the one before, at most
 * ARNET_AGING_BANDS_MAX. ARNET_OK, or ARNET_ESYNTAX with diag saying
 * which number is wrong and why; *b is unchanged on error.
 */
int arnet_aging_bands_parse(arnet_aging_bands *b, const char *text,
                            arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_aging_basis_parse: "due" or "invoice" into *basis; ARNET_OK, or
 * ARNET_ESYNTAX (diag). */
int arnet_aging_basis_parse(int *basis, const char *text, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_aging_nbuckets: how many buckets b makes (see above). */
int arnet_aging_nbuckets(const arnet_aging_bands *b);

/* arnet_aging_bucket_of: the bucket of an invoice of age `days` (days
 * past due, or since issue, as b->basis says). */
int arnet_aging_bucket_of(const arnet_aging_bands *b, int32_t days);

/* arnet_aging_bucket_label: bucket i's name in out (cap bytes):
 * "current", "1-30", "31-60", "90+", or "0-30" by invoice date. These
 * are the keys of the aging JSON. */
void arnet_aging_bucket_label(char *out, size_t cap, const arnet_aging_bands *b,
                              int i);

typedef struct arnet_aging_row {
	arnet_ident id;
	char name[ARNET_NAME_MAX + 1];
	int64_t bucket[ARNET_AGING_BUCKETS_MAX]; /* [0, nbuckets) */
	int64_t total;
	/* the customer's unapplied credit in the report's currency:
	 * payments not reversed as of the date and credit notes, the part
	 * no invoice took (arnet_unapplied_scan) */
	int64_t unapplied;
} arnet_aging_row;

typedef struct arnet_aging {
	int32_t as_of;
	char currency[4];
	arnet_aging_bands bands;
	int nbuckets;          /* arnet_aging_nbuckets(&bands) */
	arnet_aging_row *rows; /* customers with something outstanding */
	size_t nrows;
	arnet_aging_row totals;
} arnet_aging;

/*
 * arnet_aging_report: what each customer (or only `customer`) owes in
 * `currency` as of as_of, by age in `bands` (NULL: the standard bands
 * by due date): for every invoice issued on or before as_of, its amount
 * less the entries on it (payments, credit notes, write-offs, a void,
 * reversals) dated on or before as_of; and each customer's unapplied
 * credit in `currency` (arnet_unapplied_scan).
 * ARNET_OK, ARNET_ENOTFOUND (customer), ARNET_EINVAL (bands outside the
 * rules of arnet_aging_bands_parse), ARNET_ERANGE (a sum overflows),
 * ARNET_ENOMEM, ARNET_ESTORE.
 */
int arnet_aging_report(arnet_txn *t, int32_t as_of, const char *currency,
                       const arnet_aging_bands *bands,
                       const arnet_ident *customer, arnet_aging *out,
                       arnet_diag *diag) __attribute__((warn_unused_result));
void arnet_aging_free(arnet_aging *a);

/*
 * arnet_aging_convert: the sections v[0..n) (one a currency, all of the
 * same date and bands, as arnet_aging_report made them) as one report in
 * currency `to`, at the rates of fx ([fx] in the config): each
 * customer's amount in each bucket of each section converted (rounded
 * half away from zero, arnet_fx_convert), then added; a row per
 * customer, in identifier-text order. The totals are the sums of the
 * converted rows. The caller frees *out with arnet_aging_free.
 * ARNET_OK; ARNET_ENOTFOUND (diag names the currency fx has no rate
 * for); ARNET_ERANGE (a sum overflows); ARNET_ENOMEM.
 */
int arnet_aging_convert(const arnet_aging *v, size_t n, const arnet_fx *fx,
                        const char *to, arnet_aging *out, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* --- late fees (late_fee.c) --- */

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

/* --- one invoice as of a date (invoice_state.c) --- */

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

/* --- monthly statement (statement.c) --- */

/* What a statement line is: an invoice, a payment, or a correction. */
typedef enum arnet_stmt_kind {
	ARNET_STMT_INVOICE = 0,
	ARNET_STMT_PAYMENT = 1,
	ARNET_STMT_CREDIT_NOTE = 2, /* a credit, like a payment */
	ARNET_STMT_WRITE_OFF = 3,   /* a credit */
	ARNET_STMT_VOID = 4,        /* a credit: what the void took off */
	ARNET_STMT_REVERSAL = 5,    /* a debit: the payment is owed again */
} arnet_stmt_kind;

typedef struct arnet_statement_line {
	int32_t date;
	uint8_t kind; /* arnet_stmt_kind */
	/* invoice number, payment id, credit note number, or for a void or
	 * write-off the invoice's number, for a reversal the payment's id */
	char doc[ARNET_INVOICE_NO_MAX + 1];
	char ref[ARNET_REF_MAX + 1]; /* order ref, or payment reference */
	char reason[ARNET_BOOKS_NOTE_MAX + 1]; /* of a correction */
	int32_t due;                           /* invoices */
	/* debit: invoiced, or a payment reversed; credit: paid, credited,
	 * written off or void */
	int64_t debit, credit;
	int64_t balance; /* running */
} arnet_statement_line;

typedef struct arnet_statement {
	arnet_customer c;
	int32_t from, to; /* the period's first and last day */
	char currency[4];
	int64_t opening, closing;
	int64_t invoiced, paid;      /* the month's debits and credits */
	arnet_statement_line *lines; /* by date; invoices before payments */
	size_t n;
	int64_t overdue; /* of the closing balance, past due at month end */
} arnet_statement;

/*
 * arnet_statement_build: the reconciliation statement of customer id for
 * month (year, month) in `currency`: the balance before the month,
 * every invoice issued and payment received in it, every correction dated
 * in it (credit notes, voids and write-offs as credits, payment reversals
 * as debits, each with its reason), and the balance at its end. ARNET_OK,
 * ARNET_ENOTFOUND, ARNET_ERANGE, ARNET_ENOMEM.
 */
int arnet_statement_build(arnet_txn *t, const arnet_ident *id, int year,
                          int month, const char *currency, arnet_statement *out,
                          arnet_diag *diag) __attribute__((warn_unused_result));
/* arnet_statement_range: the same for the days from..to (both included;
 * ARNET_ERANGE when from > to). */
int arnet_statement_range(arnet_txn *t, const arnet_ident *id, int32_t from,
                          int32_t to, const char *currency,
                          arnet_statement *out, arnet_diag *diag)
        __attribute__((warn_unused_result));
void arnet_statement_free(arnet_statement *s);

/* --- credit review (review.c) --- */

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
 * customer: CUT when an invoice is overdue as of as_of, or was written
 * off within ARNET_LOSS_DAYS before it, a loss (limit down by
 * pol->cut_percent, terms shorter by pol->shorten_days); RAISE when its
 * last pol->on_time_streak invoices settled were each paid in full by
 * their due date (limit up by pol->raise_percent), by payments that still
 * stand as of as_of (arnet_standing_of): a write-off breaks the streak,
 * and an invoice credited or void in full is no settlement.
 */
int arnet_review_build(arnet_txn *t, int32_t as_of,
                       const arnet_books_policy *pol, arnet_review *out,
                       arnet_diag *diag) __attribute__((warn_unused_result));
void arnet_review_free(arnet_review *r);

/* --- DSO and top overdue (dso.c, top_overdue.c) --- */

typedef struct arnet_dso {
	int32_t as_of;
	int days; /* the period: (as_of - days, as_of] */
	char currency[4];
	int64_t receivables; /* outstanding at as_of */
	/* invoiced in the period, less credit notes and voids on those
	 * invoices dated by as_of */
	int64_t sales;
	/* payments dated in the period, not reversed by as_of */
	int64_t collected;
	int64_t opening; /* outstanding at the period's start */
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
