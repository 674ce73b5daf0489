/*
 * arnet_trade_ref.h - a trade reference: this firm's payment experience
 * with a subject, from its own books, as it answers another member's
 * survey and as the credit check weighs it.
 */
#ifndef ARNET_TRADE_REF_H
#define ARNET_TRADE_REF_H

#include "arnet_books.h"
#include "arnet_reports.h"
#include "arnet_store.h"

/* A trade reference: one member's experience with the subject, from its
 * books (arnet_trade_ref_build), as it answered a survey. */
typedef struct arnet_trade_ref {
	char member_id[ARNET_ID_MAX + 1];
	int32_t since;       /* first invoice */
	int32_t last_sale;   /* latest invoice */
	int64_t high_credit; /* largest balance in the last 12 months */
	int64_t balance;     /* owed now */
	/* by the aging buckets past "current": 1-30, 31-60, 61-90, 90+ */
	int64_t past_due[ARNET_AGING_BUCKETS - 1];
	int32_t dbt; /* dollar-weighted days beyond terms, 12 m */
	char currency[4];
	/* Of balance and past_due[3]: written off within ARNET_LOSS_DAYS, a
	 * loss counted as unpaid. Not on the wire (the survey answer has no
	 * field for it: the 90+ bucket carries it), so 0 in a reference
	 * another member sent. */
	int64_t written_off;
} arnet_trade_ref;

/*
 * arnet_trade_ref_build: this firm's experience with `subject` as of
 * as_of, in the customer's currency, with corrections read as
 * accounting does (trade_ref.c: reversed payments pay nothing, credit
 * notes and voids reduce what was sold, a write-off is owed more than
 * 90 days past due for ARNET_LOSS_DAYS). ARNET_ENOTFOUND when the
 * subject is not a customer, or has no invoice that is a sale as of
 * as_of (a member with no experience does not answer).
 */
int arnet_trade_ref_build(arnet_txn *t, const arnet_ident *subject,
                          int32_t as_of, const char *member_id,
                          arnet_trade_ref *out, arnet_diag *diag)
        __attribute__((warn_unused_result));

#endif /* ARNET_TRADE_REF_H */
