/*
 * arnet_watch.h - the watch set and its alerts: a member hears at once
 * when the shared log learns something about a subject it cares for.
 *
 * The watch set is every customer in the books, plus the prospects the
 * credit manager adds by hand (a firm under negotiation). It is kept in
 * this store and never sent anywhere: nothing here is read by the sync or
 * survey code.
 *
 * An alert is raised inside the transaction that stores a record about a
 * watched subject (arnet_log_ingest, through arnet_watch_on_record), so a
 * crash loses none and a restart repeats none. Records about one subject
 * coalesce into that subject's open alert (the one not yet read), so a
 * storm of records (a catch-up after weeks away) is one alert per
 * subject, with the count, the first and the latest record. Reading it
 * (arnet_alert_ack) closes it: the next record opens a new one.
 *
 * Every function works inside the caller's transaction and does not
 * commit.
 */
#ifndef ARNET_WATCH_H
#define ARNET_WATCH_H

#include "arnet_ident.h"
#include "arnet_record.h"
#include "arnet_store.h"

#include <stdint.h>

#define ARNET_WATCH_NOTE_MAX 200    /* a prospect's note, bytes */
#define ARNET_WATCH_MAX      100000 /* prospects watched by hand */

/* A prospect watched by hand. */
typedef struct arnet_watch_entry {
	arnet_ident subject;
	int64_t added; /* UTC seconds */
	char note[ARNET_WATCH_NOTE_MAX + 1];
} arnet_watch_entry;

/*
 * arnet_watch_add: watch e->subject (added and note as given; note valid
 * UTF-8 without control characters). Adding one watched already updates
 * its note and keeps its first `added`. ARNET_OK; ARNET_ESYNTAX (note),
 * ARNET_ETOOBIG (ARNET_WATCH_MAX prospects watched already).
 */
int arnet_watch_add(arnet_txn *t, const arnet_watch_entry *e, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_watch_remove: stop watching a prospect. ARNET_ENOTFOUND when it
 * was not watched by hand (a customer in the books stays watched). */
int arnet_watch_remove(arnet_txn *t, const arnet_ident *subject,
                       arnet_diag *diag) __attribute__((warn_unused_result));

/* arnet_watch_list: every prospect watched by hand, by subject. fn
 * returns 0 to go on, 1 to stop, or an error. */
typedef int (*arnet_watch_fn)(const arnet_watch_entry *e, void *arg);
int arnet_watch_list(arnet_txn *t, arnet_watch_fn fn, void *arg,
                     arnet_diag *diag) __attribute__((warn_unused_result));

/* Why a subject is watched: 0 not, or these bits. */
enum {
	ARNET_WATCH_CUSTOMER = 1, /* a customer in the books */
	ARNET_WATCH_PROSPECT = 2, /* watched by hand */
};

/* arnet_watch_why: the bits above for subject, or < 0 (an arnet_err). */
int arnet_watch_why(arnet_txn *t, const arnet_ident *subject, arnet_diag *diag);

/* --- alerts --- */

/* What raised an alert. */
typedef enum arnet_alert_source {
	ARNET_ALERT_RECORD =
	        1, /* records about the subject by another member */
	ARNET_ALERT_EQUIVOCATION = 2, /* a member who wrote about the subject
	                                 signed two records at one seq */
	ARNET_ALERT_BOOKS = 3,        /* the firm's own books: a trigger */
} arnet_alert_source;

/* What in the books raised an ARNET_ALERT_BOOKS alert. */
typedef enum arnet_alert_trigger {
	ARNET_TRIGGER_STAGE = 1,   /* an invoice reached a dunning stage */
	ARNET_TRIGGER_PROMISE = 2, /* a payment promise was broken */
	ARNET_TRIGGER_LIMIT = 3,   /* exposure reached the limit warning */
} arnet_alert_trigger;

#define ARNET_ALERT_DETAIL_MAX 300 /* a books alert's text, bytes */

typedef struct arnet_alert {
	uint64_t id; /* from 1, never reused: a receiver dedups on it */
	uint8_t source;
	arnet_ident subject;
	int watched;      /* arnet_watch_why when it was raised */
	int64_t raised;   /* UTC seconds (the node's clock) */
	int64_t updated;  /* when its latest record came */
	uint32_t records; /* records coalesced into it, >= 1 */
	uint8_t types;    /* 1 << arnet_record_type of each */
	uint8_t first[ARNET_HASH_BYTES], last[ARNET_HASH_BYTES];
	uint8_t author[ARNET_PUBKEY_BYTES]; /* of the latest record */
	int read;                           /* acknowledged (closed) */
	/* ARNET_ALERT_BOOKS: the trigger and what it says ("invoice X
	 * reached the lawyer stage ..."); 0 and "" otherwise */
	uint8_t trigger;
	char detail[ARNET_ALERT_DETAIL_MAX + 1];
	/* What it changes (arnet_books_alerts.h, arnet_alerts_assess): the
	 * credit check's grade ('A'..'D') and the order check's decision
	 * (1 + arnet_order_decision) before its records and after them; 0
	 * not known (not assessed yet; no order check: not a customer).
	 * assessed: how many of its records the "after" has seen. */
	uint8_t grade_before, grade_after, order_before, order_after;
	uint32_t assessed;
} arnet_alert;

/*
 * arnet_watch_on_record: called by the log for every record it stores
 * (encoded, of hash `hash`), at the clock `now`. When the record is by
 * another member than `self` (NULL: every author is another) and its
 * subject is watched, it opens the subject's alert or adds to the one
 * open. ARNET_OK (also when nothing is raised) or a store error.
 */
int arnet_watch_on_record(arnet_txn *t, const arnet_record *r,
                          const uint8_t hash[ARNET_HASH_BYTES],
                          const uint8_t *self, int64_t now, int source,
                          arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_alert_raise_books: a new alert (never coalesced) about customer
 * subject from the books, with trigger and detail (valid UTF-8, cut at
 * ARNET_ALERT_DETAIL_MAX bytes by the caller), raised at now and put in
 * the outbox. *id (may be NULL) gets its id. ARNET_OK or a store error.
 */
int arnet_alert_raise_books(arnet_txn *t, const arnet_ident *subject,
                            int trigger, const char *detail, int64_t now,
                            uint64_t *id, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_alert_put: store a (its id set) as it is: for the assessment
 * of what it changes (arnet_alerts_assess). */
int arnet_alert_put(arnet_txn *t, const arnet_alert *a, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_alerts_unassessed: the ids of up to max unread alerts whose
 * newest records are not assessed yet, oldest first, into ids (*n). */
int arnet_alerts_unassessed(arnet_txn *t, uint64_t *ids, size_t max, size_t *n,
                            arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_alert_assessed: alert a was stored as assessed up to its
 * records: no longer to be assessed (while a->assessed == a->records). */
int arnet_alert_assessed(arnet_txn *t, const arnet_alert *a, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_alert_get: alert id. ARNET_OK, ARNET_ENOTFOUND, ARNET_ESTORE. */
int arnet_alert_get(arnet_txn *t, uint64_t id, arnet_alert *out,
                    arnet_diag *diag) __attribute__((warn_unused_result));

/* arnet_alerts_list: the alerts in the order raised, from id `from` on
 * (0 or 1: all). fn returns 0 to go on, 1 to stop, or an error. */
typedef int (*arnet_alert_fn)(const arnet_alert *a, void *arg);
int arnet_alerts_list(arnet_txn *t, uint64_t from, arnet_alert_fn fn, void *arg,
                      arnet_diag *diag) __attribute__((warn_unused_result));

/* arnet_alert_ack: mark alert id read (closing it: the subject's next
 * record opens a new one); id 0: every unread alert. *count (may be NULL)
 * gets how many were marked. ARNET_ENOTFOUND for an unknown id; acking
 * one read already is ARNET_OK with *count 0. */
int arnet_alert_ack(arnet_txn *t, uint64_t id, uint64_t *count,
                    arnet_diag *diag) __attribute__((warn_unused_result));

/* --- the outbox: delivery of each alert, at least once --- */

/* Where an alert goes (bits). */
enum {
	ARNET_OUT_COMMAND = 1, /* [alerts] command, the alert on its stdin */
	ARNET_OUT_WEBHOOK = 2, /* [alerts] webhook, an HTTP POST */
	ARNET_OUT_ALL = 3,
};

#define ARNET_OUTBOX_BACKOFF_MAX_S 3600 /* the longest wait between tries */

/* An alert waiting to be delivered. */
typedef struct arnet_outbox_entry {
	uint64_t id;      /* the alert's */
	uint8_t pending;  /* targets not yet reached (ARNET_OUT_*) */
	uint32_t tries;   /* failed tries so far */
	int64_t next_try; /* UTC seconds: not before */
} arnet_outbox_entry;

/*
 * Every new alert enters the outbox with every target pending (the
 * worker, which knows the config, drops the targets not configured).
 *
 * arnet_outbox_claim: up to `max` entries due at `now` (next_try <= now),
 * oldest alert first, into out[] (*n of them). Each alert claimed is
 * closed (arnet_alert_ack's sense, but not marked read): a record about
 * its subject from now on opens a new alert, so what is delivered is
 * what the alert held when claimed. A claim is not a delivery: until
 * arnet_outbox_result clears its targets the entry stays, and is claimed
 * again (a crash between the two delivers it again, with the same id).
 */
int arnet_outbox_claim(arnet_txn *t, int64_t now, arnet_outbox_entry *out,
                       size_t max, size_t *n, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_outbox_result: the targets `reached` of entry id were delivered
 * to at `now`; those still pending wait (tries + 1, 2^tries seconds, at
 * most ARNET_OUTBOX_BACKOFF_MAX_S). With nothing pending the entry is
 * gone. ARNET_OK (also for an entry gone already), or a store error.
 */
int arnet_outbox_result(arnet_txn *t, uint64_t id, uint8_t reached, int64_t now,
                        arnet_diag *diag) __attribute__((warn_unused_result));

/* arnet_outbox_count: how many alerts wait (for status). */
int arnet_outbox_count(arnet_txn *t, uint64_t *n, arnet_diag *diag)
        __attribute__((warn_unused_result));

#endif /* ARNET_WATCH_H */
