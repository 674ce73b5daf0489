/*
 * arnet_check.h - the credit check: the shared log, trade references and
 * the firm's own books about a subject, turned into an explainable
 * recommendation (score, grade, limit, terms, and every reason with its
 * points).
 *
 * A pure function of its inputs: the log and books as they are in the
 * transaction, the roster, the time, the policy, and any trade references
 * the caller collected. Nothing leaves the node: without a survey the
 * check reads only the local store. The policy and worked examples are in
 * docs/credit-policy.md.
 */
#ifndef ARNET_CHECK_H
#define ARNET_CHECK_H

#include "arnet_books.h"
#include "arnet_member.h"
#include "arnet_store.h"

typedef struct arnet_check_policy {
	int default_first, default_more; /* points off per DEFAULT in force */
	int old_default_days, old_default_extra;
	int stop_first, stop_more; /* per CREDIT_STOP in force */
	int settled_paid, settled_plan, settled_written_off;
	int lifted;          /* a credit stop since lifted */
	int dispute_percent; /* an open dispute keeps this % of the points */
	int dispute_unverified_days; /* open longer: flagged */
	int retention_days; /* records drop out this long after they end */
	int own_overdue, own_overdue_30, own_hold, own_good;
	int dbt_points[4]; /* days beyond terms 1-15, 16-30, 31-60, >60 */
	int trade_over_90; /* a reference reports anything over 90 days */
	int grade_a, grade_b, grade_c; /* lowest score of each grade */
	int b_limit_percent, b_terms_days;
	int default_terms;
	int equivocated_percent; /* a record whose author signed two versions
	                            of its feed keeps this % of its points */
} arnet_check_policy;

void arnet_check_policy_defaults(arnet_check_policy *p);

/* A trade reference: one member's experience with the subject, from its
 * books (arnet_trade_ref_build), as it answered a survey. */
typedef struct arnet_trade_ref {
	char member_id[ARNET_ID_MAX + 1];
	int32_t since;       /* first invoice */
	int32_t last_sale;   /* latest invoice */
	int64_t high_credit; /* largest balance in the last 12 months */
	int64_t balance;     /* owed now */
	int64_t past_due[4]; /* 1-30, 31-60, 61-90, 90+ */
	int32_t dbt;         /* dollar-weighted days beyond terms, 12 m */
	char currency[4];
} arnet_trade_ref;

/*
 * arnet_trade_ref_build: this firm's experience with `subject` as of
 * as_of, in the customer's currency. ARNET_ENOTFOUND when the subject is
 * not a customer (a member with no experience does not answer).
 */
int arnet_trade_ref_build(arnet_txn *t, const arnet_ident *subject,
                          int32_t as_of, const char *member_id,
                          arnet_trade_ref *out, arnet_diag *diag)
        __attribute__((warn_unused_result));

#define ARNET_CHECK_REASONS_MAX 64

typedef enum arnet_check_source {
	ARNET_SRC_LOG = 1,   /* the shared log */
	ARNET_SRC_TRADE = 2, /* trade references */
	ARNET_SRC_BOOKS = 3, /* the firm's own books */
} arnet_check_source;

typedef struct arnet_check_reason {
	int points; /* negative: against; positive: for */
	int source; /* arnet_check_source */
	char text[220];
	uint8_t record[32]; /* the record it comes from (log), else zero */
	int disputed;       /* 1 open, 2 open and unverified (> N days) */
} arnet_check_reason;

typedef struct arnet_check_result {
	arnet_ident subject;
	int score;                /* 0..100 */
	char grade;               /* 'A'..'D' */
	int64_t requested, limit; /* minor units; limit -1: none on credit */
	char currency[4];
	int terms_days; /* recommended; 0: cash in advance */
	char advice[200];
	arnet_check_reason reasons[ARNET_CHECK_REASONS_MAX];
	int nreasons;
	/* what it used */
	int log_records, members_reporting, trade_refs;
	int32_t trade_dbt; /* the references' PAYDEX-style days beyond terms */
	int own_customer;
	int64_t last_sync; /* unix seconds of the node's last sync, 0 never */
	int64_t as_of;
} arnet_check_result;

/*
 * arnet_check_run: the recommendation about `subject` at time `now`
 * (unix seconds) for an order of `amount` (minor units of `currency`, 0:
 * none given) on `terms` days (0: the policy's default). refs are trade
 * references collected by a survey (n may be 0). roster may be NULL (no
 * log record then counts, and the result says so).
 */
int arnet_check_run(arnet_txn *t, const arnet_ident *subject, int64_t amount,
                    const char *currency, int terms, int64_t now,
                    const arnet_roster *roster, const arnet_trade_ref *refs,
                    size_t nrefs, const arnet_check_policy *pol,
                    arnet_check_result *out, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* The node's last successful sync (sync client) and its reader. */
int arnet_log_set_last_sync(arnet_txn *t, int64_t when, arnet_diag *diag);
int64_t arnet_log_last_sync(arnet_txn *t);

#endif /* ARNET_CHECK_H */
