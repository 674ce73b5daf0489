/*
 * arnet_order_check.h - may this customer take this order on credit: the
 * books' limits, holds and overdue balances in every currency, and the
 * shared log's knock-outs and other members' records. The credit check
 * (arnet_check.h) runs it and follows its decision as a floor.
 */
#ifndef ARNET_ORDER_CHECK_H
#define ARNET_ORDER_CHECK_H

#include "arnet_books.h"
#include "arnet_policy.h"

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
	int64_t balance; /* outstanding */
	/* credit to set against it: payments not reversed as of the date,
	 * and what credit notes left that no invoice took */
	int64_t unapplied;
	int64_t overdue;        /* owed past due */
	int64_t overdue_beyond; /* owed more than hold_days past due */
	int32_t oldest_dpd;     /* days past due of the oldest open invoice */
	/* written off within ARNET_LOSS_DAYS up to the date: a loss, not in
	 * balance or exposure; the credit check weighs it */
	int64_t written_off;
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

#endif /* ARNET_ORDER_CHECK_H */
