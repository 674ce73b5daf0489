/*
 * arnet_publish.h - the records this member signs about a customer:
 * DEFAULT, SETTLEMENT, CREDIT_STOP, LIFT and DISPUTE, each built from the
 * firm's books and the shared log, checked by the publishing rules
 * (arnet_publish_rules.h), signed as the next record of the member's
 * feed and appended to the log, in the caller's one write transaction.
 *
 * The command gathers what only it knows (the options, the key, the
 * policy from the config) into an arnet_publish_job and runs
 * arnet_publish_txn in arnet_store_write; everything a record says that
 * the books or the log know comes from here:
 *
 *   DEFAULT: the invoice's customer, what is still owed on it (what is
 *       outstanding and what was written off: a loss in the books is no
 *       debt forgiven), its currency, due date and days past due at
 *       `today`, reason non-payment, the note "invoice NUMBER", and the
 *       hash of the first document of evidence; every document is
 *       recorded in the books against the invoice. A paid, credited or
 *       void invoice is refused (ARNET_ERANGE).
 *   SETTLEMENT: of one of this member's DEFAULTs (`target`): its subject,
 *       its currency, and `amount` parsed in that currency. What it says
 *       is checked against the DEFAULT's invoice in the books as of
 *       `today` under `books`: paid only with nothing outstanding
 *       (ARNET_ERANGE), written off only with the invoice's write-off
 *       (ARNET_ENOTFOUND), which the note then names.
 *   CREDIT_STOP: the subject, reason and note the command set in `r`.
 *   LIFT: of this member's latest CREDIT_STOP on r.subject still in
 *       force (ARNET_ENOTFOUND when there is none).
 *   DISPUTE: of any record (`target`): its subject.
 *
 * Every record is created at `now`.
 */
#ifndef ARNET_PUBLISH_H
#define ARNET_PUBLISH_H

#include "arnet_evidence.h"
#include "arnet_policy.h"
#include "arnet_publish_rules.h"
#include "arnet_record.h"
#include "arnet_store.h"

#include <stddef.h>
#include <stdint.h>

/* Documents of evidence one DEFAULT can be reported with. */
#define ARNET_PUBLISH_EVIDENCE_MAX 8

typedef struct arnet_publish_job {
	/* In. r: arnet_record_init'ed with the type, and what the command
	 * gives: CREDIT_STOP subject, reason and note; LIFT subject and
	 * note; SETTLEMENT how; DISPUTE status and note. */
	arnet_record r;
	const uint8_t *sk; /* the author's secret key; borrowed */
	int64_t now;       /* the record's created time */
	/* DEFAULT: the invoice as of `today` under the books' policy, and
	 * its documents (hash, size, path, kind, added set; customer and
	 * invoice are filled in here). SETTLEMENT: today and books too. */
	const char *invoice;
	int32_t today;
	const arnet_books_policy *books;
	arnet_evidence ev[ARNET_PUBLISH_EVIDENCE_MAX];
	int nev;
	/* SETTLEMENT, DISPUTE: the target record's hash. */
	uint8_t target[ARNET_HASH_BYTES];
	/* SETTLEMENT: the amount settled, as text in the DEFAULT's
	 * currency (arnet_money_parse); NULL: none said. */
	const char *amount;
	/* DEFAULT, CREDIT_STOP: the publishing rules' policy. */
	arnet_publish_policy rules;

	/* Out: what the rules said (also on a refusal), and the record as
	 * signed and appended. */
	arnet_publish_verdict verdict;
	uint8_t out[ARNET_RECORD_MAX];
	size_t len;
	uint8_t hash[ARNET_HASH_BYTES];
} arnet_publish_job;

/*
 * arnet_publish_txn: an arnet_txn_fn; arg is the arnet_publish_job.
 * ARNET_OK with j->r, out, len and hash set. Errors: the rules' refusal
 * (ARNET_EPERM, j->verdict says which rules), ARNET_ENOTFOUND (no such
 * invoice, target, credit stop in force, or no roster yet), ARNET_EPERM
 * (a SETTLEMENT of a record that is not one of this member's DEFAULTs),
 * ARNET_EINVAL (not a type a member publishes; nev not within 0 ..
 * ARNET_PUBLISH_EVIDENCE_MAX),
 * ARNET_ERANGE (a paid invoice), ARNET_ESYNTAX (the amount), and the
 * log's and the store's errors; diag says why.
 */
int arnet_publish_txn(arnet_txn *t, void *arg, arnet_diag *d)
        __attribute__((warn_unused_result));

#endif
