/*
 * arnet_log_facts.h - what the shared log says about one subject at one
 * time: each DEFAULT and CREDIT_STOP that counts, with what later records
 * made of it (settled and how much was recovered, lifted, disputed), read
 * once.
 *
 * The one interpretation of the log that the credit check, the order
 * check and `records` share. A record counts when its author was a
 * member in force when it was made (under the roster the node holds) and
 * it was made at or before the time asked about. A SETTLEMENT or LIFT
 * counts only by the author of its target; a DISPUTE only by that author
 * or the association's administrator (arnet_dispute.h), the latest one
 * deciding. Nothing made after `as_of` is seen, so a check as of a past
 * day sees the log as it was then (as far as this node held it).
 */
#ifndef ARNET_LOG_FACTS_H
#define ARNET_LOG_FACTS_H

#include "arnet_member.h"
#include "arnet_record.h"
#include "arnet_store.h"

#include <stddef.h>
#include <stdint.h>

typedef enum arnet_fact_state {
	ARNET_FACT_UNPAID = 1,      /* a DEFAULT not settled */
	ARNET_FACT_PLAN = 2,        /* settled by a payment plan */
	ARNET_FACT_PAID = 3,        /* settled, paid */
	ARNET_FACT_WRITTEN_OFF = 4, /* settled: the author wrote it off */
	ARNET_FACT_STOP = 5,        /* a CREDIT_STOP in force */
	ARNET_FACT_LIFTED = 6,      /* a CREDIT_STOP since lifted */
} arnet_fact_state;

typedef enum arnet_fact_dispute {
	ARNET_FACT_UNDISPUTED = 0,
	ARNET_FACT_DISPUTE_OPEN = 1,
	ARNET_FACT_DISPUTE_UNVERIFIED = 2, /* open longer than the period */
	ARNET_FACT_STRUCK = 3, /* upheld or corrected: it does not count */
} arnet_fact_dispute;

typedef struct arnet_fact {
	arnet_record r; /* the DEFAULT or CREDIT_STOP */
	uint8_t hash[ARNET_HASH_BYTES];
	int state;          /* arnet_fact_state */
	int dispute;        /* arnet_fact_dispute */
	int64_t ended;      /* created time of the SETTLEMENT or LIFT, else 0 */
	int64_t recovered;  /* a settlement's amount, when in r's currency */
	int64_t owed;       /* of a DEFAULT: amount - recovered, >= 0; a
	                       settlement in another currency leaves the
	                       whole amount owed unless paid in full */
	int equivocated;    /* the author signed two versions of its feed */
	const char *member; /* the author's member id in the roster (owned
	                       by the roster), or "a former member" */
} arnet_fact;

typedef struct arnet_log_facts {
	arnet_fact *v; /* DEFAULTs and CREDIT_STOPs, oldest first */
	size_t n;
	int records;        /* records about the subject made by as_of */
	int not_members;    /* of them, by authors not members at the time */
	int past_retention; /* facts that ended longer than retention ago */
} arnet_log_facts;

/*
 * arnet_log_facts_gather: the facts about subject as of `as_of` (unix
 * seconds). roster NULL: nothing counts (the result says records only).
 * Facts that ended (settled, lifted) more than retention_days before
 * as_of are left out and counted in past_retention; an open dispute
 * older than unverified_days is ARNET_FACT_DISPUTE_UNVERIFIED. Returns
 * ARNET_OK, ARNET_ENOMEM or a store error, with diag set; on error *out
 * holds nothing to free. The caller frees with arnet_log_facts_free.
 */
int arnet_log_facts_gather(arnet_txn *t, const arnet_ident *subject,
                           int64_t as_of, const arnet_roster *roster,
                           int retention_days, int unverified_days,
                           arnet_log_facts *out, arnet_diag *diag)
        __attribute__((warn_unused_result));

void arnet_log_facts_free(arnet_log_facts *f);

/* "unpaid", "payment plan", "paid", "written off", "in force", "lifted". */
const char *arnet_fact_state_name(int state);

/*
 * arnet_fact_describe: one line a person reads, e.g. "unpaid default
 * reported by local:B on 2026-06-01: 60,000.00 CNY, 183 days past due
 * when reported (non-payment)" or "credit stop by local:C since
 * 2026-05-02 (bounced-instrument)", with what settled or lifted it and
 * any dispute. Always NUL-terminates buf.
 */
void arnet_fact_describe(char *buf, size_t cap, const arnet_fact *f);

/* A DEFAULT fact that still leaves a debt (not paid in full). */
int arnet_fact_owing(const arnet_fact *f);

#endif /* ARNET_LOG_FACTS_H */
