/*
 * arnet_log.h - the shared log as a node keeps it: every member's feed
 * of signed records, each author's head, an index by subject, records
 * waiting for a gap to fill, and proof of equivocation.
 *
 * Records enter through arnet_log_ingest, their signatures checked already
 * (arnet_record_verify, on the node's worker threads), which applies, in
 * order: strict decoding, the time window (created at most
 * rules->max_future_s ahead of the node's clock), membership of the author
 * at the record's time under the roster, the freeze of a revoked author's
 * feed (nothing past what the node held when the revocation took effect),
 * the type rules that need other records (a SETTLEMENT settles the
 * author's own DEFAULT about the same subject, a LIFT lifts its own
 * CREDIT_STOP), and the chain rule with its bounds (records waiting for a
 * gap: rules->pending_per_author per author; one proof kept per
 * equivocating feed, further rivals counted). Every record and its
 * author's new head are written in the caller's transaction, so a crash
 * never leaves a head without its record or the reverse; the caller
 * batches many records per transaction.
 *
 * Keys and values: docs/storage.md, "The shared log".
 */
#ifndef ARNET_LOG_H
#define ARNET_LOG_H

#include "arnet_date.h"
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
	ARNET_REFUSE_SIGNATURE = 2,  /* does not verify (the caller's check,
	                                before arnet_log_ingest) */
	ARNET_REFUSE_NOT_MEMBER = 3, /* author not a member at its time */
	ARNET_REFUSE_NO_ROSTER = 4,  /* the node has no roster yet */
	ARNET_REFUSE_TARGET = 5,     /* settles or lifts what it may not */
	ARNET_REFUSE_TOO_FAR = 6,    /* too far ahead of the author's head, or
	                                the author has its bound of records
	                                waiting already */
	ARNET_REFUSE_FUTURE = 7,     /* made later than the node's clock
	                                allows (rules->max_future_s) */
	ARNET_REFUSE_BACKDATED = 8,  /* by a revoked author, past what the
	                                node held when the revocation took
	                                effect (arnet_log_freeze) */
	ARNET_REFUSE_COUNT
} arnet_refusal;

/* A short name of a refusal ("signature"), for counters and logs. */
const char *arnet_refusal_name(int refusal);

/* How far past an author's head a record may be and still wait. */
#define ARNET_LOG_PENDING_MAX 100000

/* The defaults of arnet_log_rules ([log] in the node's config). */
#define ARNET_LOG_MAX_FUTURE_S       300
#define ARNET_LOG_PENDING_PER_AUTHOR 1000
#define ARNET_LOG_PENDING_EXPIRE_S   (7 * ARNET_DAY_SECONDS)

/*
 * What the log accepts, as the node is configured, and its clock. A
 * record made more than max_future_s after `now` is refused (FUTURE: it
 * is not kept, and may come again once its time has come). An author may
 * have at most pending_per_author records waiting for a gap (more are
 * refused as TOO_FAR); a waiting record made more than pending_expire_s
 * before `now` is dropped when its author's waiting records are next
 * touched, or by arnet_log_expire_pending (sync brings it again once the
 * gap before it is filled).
 */
typedef struct arnet_log_rules {
	int64_t now; /* UTC seconds */
	int64_t max_future_s;
	uint32_t pending_per_author;
	int64_t pending_expire_s;
	/* This node's member key (borrowed; NULL: none known): its own
	 * records raise no alert. Every record stored about a watched
	 * subject by another author raises or joins one (arnet_watch.h), in
	 * the same transaction. */
	const uint8_t *self;
} arnet_log_rules;

/* arnet_log_rules_default: the defaults above, at the clock `now`. */
void arnet_log_rules_default(arnet_log_rules *rules, int64_t now);

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
 * arnet_log_ingest: offer the encoded record in[0..len), whose signature
 * the caller has verified (arnet_record_verify), to the log under the
 * roster and the rules (not NULL; borrowed for the call). Returns ARNET_OK
 * with *info saying what happened (refusals are not errors; diag says why),
 * or a store error (ARNET_ESTORE, ARNET_ENOMEM, ARNET_EFULL when the map
 * is full).
 */
int arnet_log_ingest(arnet_txn *t, const uint8_t *in, size_t len,
                     const arnet_roster *roster, const arnet_log_rules *rules,
                     arnet_ingest_info *info, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_log_append_own: make r the next record of the feed of the key sk
 * (seq and prev from its head; created as r says), sign it, and ingest it
 * under the roster, with the default rules at the wall clock
 * (arnet_log_rules_default). out (ARNET_RECORD_MAX bytes) and *len get the
 * record. ARNET_OK; the ingest's refusal as an error (ARNET_EPERM: not a
 * member at r->created, or revoked; ARNET_ENOTFOUND: no roster;
 * ARNET_ERANGE: a bad target, or r->created too far ahead of the clock)
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
	uint64_t rivals;  /* rival records seen (one is kept as proof) */
	/* a lower bound of the created time of the records waiting (when
	 * pending > 0): expiry looks at them only once it is old enough */
	int64_t pending_oldest;
} arnet_head;

/* arnet_log_head: the head of one author (seq 0 when none). */
int arnet_log_head(arnet_txn *t, const uint8_t author[ARNET_PUBKEY_BYTES],
                   arnet_head *out, arnet_diag *diag)
        __attribute__((warn_unused_result));
/* arnet_log_head_read: arnet_log_head in a read transaction of its own on
 * s, for a caller that is in none. Errors: arnet_store_read's. */
int arnet_log_head_read(arnet_store *s,
                        const uint8_t author[ARNET_PUBKEY_BYTES],
                        arnet_head *out, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_log_any_equivocated: 0 when no feed of the log is flagged as
 * equivocating (one O(1) look, so readers can skip the heads), else 1. */
int arnet_log_any_equivocated(arnet_txn *t);

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

/*
 * arnet_log_proofs: the rival records kept as proof of the author's
 * equivocation (at most one for a feed flagged since this rule; stores
 * written before may hold more), in (seq, hash) order. The bytes passed
 * to fn are valid during the call only.
 */
int arnet_log_proofs(arnet_txn *t, const uint8_t author[ARNET_PUBKEY_BYTES],
                     arnet_log_fn fn, void *arg, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_log_expire_pending: drop every waiting record made more than
 * rules->pending_expire_s before rules->now (any author); *dropped (may
 * be NULL) gets how many. For the node to call now and then. ARNET_OK or
 * a store error.
 */
int arnet_log_expire_pending(arnet_txn *t, const arnet_log_rules *rules,
                             uint64_t *dropped, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* --- revoked authors: the feed is frozen at what the node held --- */

/*
 * A revoked author could backdate new records to a time it was a member.
 * So when the node adopts a roster that revokes an author (for good: no
 * certificate of its key is left unrevoked), its feed is frozen: from the
 * revocation's time, records past the highest seq the node then held
 * (appended or waiting) are refused as BACKDATED. A freeze whose time is
 * still to come is "armed" and is fixed by the first ingest after it.
 */
typedef struct arnet_freeze {
	int64_t from; /* the revocation takes effect */
	int fixed;    /* seq is set: the freeze applies */
	uint64_t seq; /* the last seq accepted (fixed), or a floor (armed) */
} arnet_freeze;

/*
 * arnet_log_freeze: freeze the author's feed from `from`: fixed now at
 * what the node holds when from <= now, else armed. An author frozen
 * already keeps its freeze (an armed one takes the later `from`).
 * ARNET_OK or a store error. Called by arnet_roster_import.
 */
int arnet_log_freeze(arnet_txn *t, const uint8_t author[ARNET_PUBKEY_BYTES],
                     int64_t from, int64_t now, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_log_unfreeze: the author is a member again (a new certificate);
 * ARNET_OK whether it was frozen or not, or a store error. */
int arnet_log_unfreeze(arnet_txn *t, const uint8_t author[ARNET_PUBKEY_BYTES],
                       arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_log_freeze_raise: a peer's signed heads showed the author's feed
 * at `seq` before the revocation took effect: let records up to seq in
 * (the freeze never goes down). ARNET_OK; ARNET_ENOTFOUND when the author
 * is not frozen (diag says so); a store error.
 */
int arnet_log_freeze_raise(arnet_txn *t,
                           const uint8_t author[ARNET_PUBKEY_BYTES],
                           uint64_t seq, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_log_frozen: the author's freeze. ARNET_OK, ARNET_ENOTFOUND when
 * the author is not frozen, a store error. */
int arnet_log_frozen(arnet_txn *t, const uint8_t author[ARNET_PUBKEY_BYTES],
                     arnet_freeze *out, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* The node's last successful sync (the sync client sets it; the check
 * and status show it), unix seconds; 0 when it never synced. */
int arnet_log_set_last_sync(arnet_txn *t, int64_t when, arnet_diag *diag)
        __attribute__((warn_unused_result));
int64_t arnet_log_last_sync(arnet_txn *t);

#endif /* ARNET_LOG_H */
