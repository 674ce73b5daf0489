/*
 * arnet_log.h - the shared log as a node keeps it: every member's feed
 * of signed records, each author's head, an index by subject, records
 * waiting for a gap to fill, and proof of equivocation.
 *
 * Records enter through arnet_log_ingest, which applies, in order: strict
 * decoding, the signature (unless the caller's worker thread checked it
 * already), membership of the author at the record's time under the
 * roster, the type rules that need other records (a SETTLEMENT settles
 * the author's own DEFAULT about the same subject, a LIFT lifts its own
 * CREDIT_STOP), and the chain rule. Every record and its author's new head
 * are written in the caller's transaction, so a crash never leaves a head
 * without its record or the reverse; the caller batches many records per
 * transaction.
 *
 * Keys and values: docs/storage.md, "The shared log".
 */
#ifndef ARNET_LOG_H
#define ARNET_LOG_H

#include "arnet_member.h"
#include "arnet_record.h"
#include "arnet_store.h"

/* What became of a record offered to the log. */
typedef enum arnet_ingest_result {
	ARNET_INGEST_ACCEPTED = 1,     /* appended to its author's feed */
	ARNET_INGEST_DUPLICATE = 2,    /* the log has it already */
	ARNET_INGEST_PENDING = 3,      /* kept until the gap before it fills */
	ARNET_INGEST_EQUIVOCATION = 4, /* another record at that place of the
	                                  author's chain: kept as proof, the
	                                  author's feed is flagged */
	ARNET_INGEST_REFUSED = 5,      /* see arnet_refusal */
} arnet_ingest_result;

/* Why a record was refused (for the node's counters). */
typedef enum arnet_refusal {
	ARNET_REFUSE_NONE = 0,
	ARNET_REFUSE_MALFORMED = 1,  /* strict decoding failed */
	ARNET_REFUSE_SIGNATURE = 2,  /* does not verify */
	ARNET_REFUSE_NOT_MEMBER = 3, /* author not a member at its time */
	ARNET_REFUSE_NO_ROSTER = 4,  /* the node has no roster yet */
	ARNET_REFUSE_TARGET = 5,     /* settles or lifts what it may not */
	ARNET_REFUSE_TOO_FAR = 6,    /* too far ahead of the author's head */
	ARNET_REFUSE_COUNT
} arnet_refusal;

/* A short name of a refusal ("signature"), for counters and logs. */
const char *arnet_refusal_name(int refusal);

/* How far past an author's head a record may be and still wait. */
#define ARNET_LOG_PENDING_MAX 100000

typedef struct arnet_ingest_info {
	int result;  /* arnet_ingest_result */
	int refusal; /* arnet_refusal, when REFUSED */
	uint8_t author[ARNET_PUBKEY_BYTES];
	uint64_t seq;
	uint8_t hash[ARNET_HASH_BYTES];
	size_t appended; /* records appended, this one and pending ones it
	                    released */
} arnet_ingest_info;

/*
 * arnet_log_ingest: offer the encoded record in[0..len) to the log.
 * `verified` says the signature was checked already. Returns ARNET_OK
 * with *info saying what happened (refusals are not errors), or a store
 * error (ARNET_ESTORE, ARNET_ENOMEM, ARNET_ETOOBIG when the map is full:
 * the caller's arnet_store_write grows it and runs again).
 */
int arnet_log_ingest(arnet_txn *t, const uint8_t *in, size_t len,
                     const arnet_roster *roster, int verified,
                     arnet_ingest_info *info, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_log_append_own: make r the next record of the feed of the key sk
 * (seq and prev from its head; created as r says), sign it, and ingest it
 * under the roster. out (ARNET_RECORD_MAX bytes) and *len get the record.
 * ARNET_OK; the ingest's refusal as an error (ARNET_EPERM: not a member
 * at r->created; ARNET_ENOTFOUND: no roster; ARNET_ERANGE: a bad target)
 * with diag saying why; encoding errors as arnet_record_sign.
 */
int arnet_log_append_own(arnet_txn *t, arnet_record *r,
                         const uint8_t sk[ARNET_SECKEY_BYTES],
                         const arnet_roster *roster, uint8_t *out, size_t *len,
                         arnet_diag *diag) __attribute__((warn_unused_result));

/* An author's head: the last record of its feed the node holds. */
typedef struct arnet_head {
	uint8_t author[ARNET_PUBKEY_BYTES];
	uint64_t seq;
	uint8_t hash[ARNET_HASH_BYTES];
	int equivocated;  /* proof of two chains is held */
	uint64_t pending; /* records held waiting for a gap */
} arnet_head;

/* arnet_log_head: the head of one author (seq 0 when none). */
int arnet_log_head(arnet_txn *t, const uint8_t author[ARNET_PUBKEY_BYTES],
                   arnet_head *out, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_log_heads: every author's head, in key order. */
typedef int (*arnet_head_fn)(const arnet_head *h, void *arg);
int arnet_log_heads(arnet_txn *t, arnet_head_fn fn, void *arg, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_log_range: the records of an author's feed with seq >= from, in
 * order, at most max of them (and at most max_bytes in all, but always
 * one). The bytes passed to fn are valid during the call only.
 */
typedef int (*arnet_log_fn)(const uint8_t *rec, size_t len, void *arg);
int arnet_log_range(arnet_txn *t, const uint8_t author[ARNET_PUBKEY_BYTES],
                    uint64_t from, size_t max, size_t max_bytes,
                    arnet_log_fn fn, void *arg, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_log_get: the record with this hash. ARNET_ENOTFOUND. */
int arnet_log_get(arnet_txn *t, const uint8_t hash[ARNET_HASH_BYTES],
                  arnet_log_fn fn, void *arg, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_log_holds: ARNET_OK when the log holds the record with this
 * hash (appended to its feed: not one still pending), ARNET_ENOTFOUND when
 * not, or a store error. */
int arnet_log_holds(arnet_txn *t, const uint8_t hash[ARNET_HASH_BYTES],
                    arnet_diag *diag) __attribute__((warn_unused_result));

/* arnet_log_by_subject: every record about the subject (any author), in
 * author then seq order. */
int arnet_log_by_subject(arnet_txn *t, const arnet_ident *subject,
                         arnet_log_fn fn, void *arg, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_log_all: every record of the log, author by author. */
int arnet_log_all(arnet_txn *t, arnet_log_fn fn, void *arg, arnet_diag *diag)
        __attribute__((warn_unused_result));

#endif /* ARNET_LOG_H */
