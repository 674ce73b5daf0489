/*
 * arnet_log_view.h - the shared log's records as a person reads them:
 * each record once, with its hash, whether its author was a member in
 * force when it was made, what closed it (its author's latest SETTLEMENT
 * or LIFT) and how many disputes that count mark it. `arnet records`,
 * `arnet blacklist list` and `arnet blacklist lift` read the log through
 * it; the credit check reads the same rules through arnet_log_facts.h
 * (arnet_record_closes and arnet_dispute_marks decide for both).
 */
#ifndef ARNET_LOG_VIEW_H
#define ARNET_LOG_VIEW_H

#include "arnet_log.h"

#include <stddef.h>
#include <stdint.h>

typedef struct arnet_view_entry {
	arnet_record r;
	uint8_t hash[ARNET_HASH_BYTES];
	uint8_t *bytes; /* the signed record, owned; NULL unless asked for */
	size_t len;
	int member_ok; /* the author was a member in force at r.created */
	/* ARNET_REC_SETTLEMENT or ARNET_REC_LIFT: the author's latest
	 * closing of this record (closed_by names it); 0 when open */
	int closed;
	int settle_how; /* arnet_settle_how of that SETTLEMENT */
	uint8_t closed_by[ARNET_HASH_BYTES];
	int disputes; /* DISPUTEs that mark it (arnet_dispute_marks) */
} arnet_view_entry;

typedef struct arnet_view_key {
	uint8_t hash[ARNET_HASH_BYTES];
	size_t i; /* into v */
} arnet_view_key;

typedef struct arnet_log_view {
	arnet_view_entry
	        *v; /* in the log's order (by subject, or feed order) */
	size_t n;
	arnet_view_key *by_hash; /* private: v's hashes, sorted */
} arnet_log_view;

/*
 * arnet_log_view_build: every record about `subject` (every record of
 * the log when subject is NULL), decoded and hashed once, closings and
 * disputes linked to their targets by binary search over the hashes
 * (O(n log n)). roster may be NULL: then no author is a member and no
 * dispute marks anything. keep_bytes: copy each record's bytes. On
 * success the caller frees *out with arnet_log_view_free; on error there
 * is nothing to free. ARNET_OK, ARNET_ENOMEM, a store error.
 */
int arnet_log_view_build(arnet_txn *t, const arnet_ident *subject,
                         const arnet_roster *roster, int keep_bytes,
                         arnet_log_view *out, arnet_diag *diag)
        __attribute__((warn_unused_result));
void arnet_log_view_free(arnet_log_view *v);

/* arnet_log_view_find: the entry whose hash is `hash`, or NULL. */
const arnet_view_entry *
arnet_log_view_find(const arnet_log_view *v,
                    const uint8_t hash[ARNET_HASH_BYTES]);

#endif /* ARNET_LOG_VIEW_H */
