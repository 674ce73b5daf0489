/*
 * arnet_audit.h - the survey audit log: every trade-reference question
 * this node asked, and every question members asked it, with what came of
 * it. Credit data about a firm left the node (or did not) because of
 * these entries, so they are kept in the store, in order, append-only.
 *
 * Entries are numbered from 1 in the order they were written (key be64
 * number in the `audit` database; docs/storage.md).
 */
#ifndef ARNET_AUDIT_H
#define ARNET_AUDIT_H

#include "arnet_ident.h"
#include "arnet_keys.h"
#include "arnet_store.h"

typedef enum arnet_audit_kind {
	ARNET_AUDIT_ASKED = 1,    /* this node asked the members */
	ARNET_AUDIT_QUESTION = 2, /* a member asked this node */
} arnet_audit_kind;

/* What came of a question a member asked us. */
typedef enum arnet_audit_outcome {
	ARNET_AUDIT_ANSWERED = 1,      /* we sent our summary */
	ARNET_AUDIT_NO_EXPERIENCE = 2, /* not in our books: no answer */
	ARNET_AUDIT_POLICY_NEVER = 3,  /* [survey] answer = never */
	ARNET_AUDIT_RATE_LIMITED = 4,  /* the asker asked too often */
	ARNET_AUDIT_REPLAYED = 5,      /* a nonce seen before */
	ARNET_AUDIT_FAILED = 6,        /* our books could not be read */
	ARNET_AUDIT_OUTCOME_COUNT
} arnet_audit_outcome;

typedef struct arnet_audit_entry {
	uint64_t number; /* set by arnet_audit_append */
	int64_t time;    /* unix seconds */
	uint8_t kind;    /* arnet_audit_kind */
	uint8_t outcome; /* QUESTION: arnet_audit_outcome; ASKED: 0 */
	arnet_ident subject;
	/* QUESTION: the asker; ASKED: zero */
	uint8_t member_key[ARNET_PUBKEY_BYTES];
	char member_id[ARNET_ID_MAX + 1]; /* "" when not known */
	/* ASKED: members the question went to, answers kept, and who
	 * answered ("local:B, local:C", cut at 200 bytes).
	 * QUESTION: asked is 0 for an entry of one question; an entry that
	 * counts an asker's rate-limited questions after the first one of
	 * its hour (one entry when the hour ends, not one each) has their
	 * number in asked, the last one's subject, and detail saying which
	 * hour. */
	uint32_t asked, answers;
	char detail[201];
} arnet_audit_entry;

/* arnet_audit_append: write e (its number is set) in transaction t. */
int arnet_audit_append(arnet_txn *t, arnet_audit_entry *e, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_audit_scan: the entries with time >= since, oldest first, to fn
 * (0 go on, 1 stop, or an arnet_err returned). ARNET_ESTORE when an
 * entry cannot be read.
 */
typedef int (*arnet_audit_fn)(const arnet_audit_entry *e, void *arg);
int arnet_audit_scan(arnet_txn *t, int64_t since, arnet_audit_fn fn, void *arg,
                     arnet_diag *diag) __attribute__((warn_unused_result));

/* Names: "asked"/"question"; "answered", "no experience", ... */
const char *arnet_audit_kind_name(int kind);
const char *arnet_audit_outcome_name(int outcome);

#endif /* ARNET_AUDIT_H */
