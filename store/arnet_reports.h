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

#endif /* ARNET_REPORTS_H */
