/*
 * txn.h - LMDB access for the modules of store/ (internal).
 *
 * The named databases of the store, opened once when the store opens (an
 * LMDB rule: mdb_dbi_open must not race), and small wrappers that map
 * LMDB's return codes to arnet_err at this one boundary. A write that
 * finds the map full marks the transaction so arnet_store_write can grow
 * the map and run the operation again.
 *
 * Keys are byte strings compared with memcmp; numbers in keys are
 * big-endian so they sort in numeric order. Values returned by st_get and
 * cursors point into the map: valid until the transaction ends or the
 * next write in it; never modified.
 */
#ifndef ARNET_STORE_TXN_H
#define ARNET_STORE_TXN_H

#include "arnet_codec.h"
#include "arnet_store.h"

#include <lmdb.h>

/* A customer's contact data in ST_META: this prefix (with its 0 byte),
 * then the customer id (store/books/contact.c; the doctor reads it). */
#define ST_CONTACT_PREFIX     "contact"
#define ST_CONTACT_PREFIX_LEN 8

/* The named databases; see docs/storage.md for their keys and values. */
enum st_db {
	ST_META,      /* "schema" -> u32; counters ("next_payment" -> u64) */
	ST_CUSTOMERS, /* customer id -> customer */
	ST_INVOICES,  /* invoice number -> customer id */
	ST_CUST_INV,  /* customer id 0 invoice number -> invoice */
	ST_ALLOC,     /* customer id 0 invoice number 0 be64 payment id ->
	                 date, amount (a payment applied to an invoice) */
	ST_PAYMENTS,  /* be64 payment id -> customer id */
	ST_CUST_PAY,  /* customer id 0 be64 payment id -> payment */
	ST_PAY_KEYS,  /* BLAKE2b of a payment's identity -> be64 payment id */
	ST_DUNNING,   /* customer id 0 invoice number 0 stage -> action */
	ST_EVIDENCE,  /* BLAKE2b-256 of a file -> evidence */
	ST_ROSTER,    /* "current" -> the signed roster this node follows */
	ST_CERTS,     /* admin: be64 serial -> signed certificate */
	ST_REVOKED,   /* admin: be64 serial -> revocation */
	ST_RECORDS,   /* author be64 seq -> signed record */
	ST_HEADS,     /* author -> be64 seq, hash, flags, be64 pending */
	ST_BY_HASH,   /* record hash -> author be64 seq */
	ST_SUBJECTS,  /* subject 0 author be64 seq -> u8 type */
	ST_PENDING,   /* author be64 seq -> record waiting for a gap */
	ST_EQUIV,     /* author be64 seq hash -> a rival record (proof) */
	ST_AUDIT,     /* be64 entry number -> survey audit entry */
	ST_FROZEN,    /* author -> i64 from, u8 fixed, be64 seq: a revoked
	                 author's feed frozen (arnet_log_freeze) */
	ST_CUST_CHANGES, /* customer id 0 be64 seq -> a change to the
	                    customer's record (arnet_cust_changes.h) */
	ST_WATCH,        /* subject -> a prospect watched by hand */
	ST_ALERTS,       /* be64 id -> alert (arnet_watch.h) */
	ST_ALERT_OPEN,   /* subject -> be64 id of its alert not yet read */
	ST_OUTBOX,       /* be64 alert id -> its delivery (arnet_watch.h) */
	ST_TRIGGERS,     /* customer 0 invoice 0 trigger ... -> i64 raised:
	                    the books' triggers that raised an alert */
	ST_ASSESS,       /* be64 alert id -> u8 1: an alert whose effect
	                    (grade, order decision) is to be assessed */
	ST_DB_COUNT
};

struct arnet_txn {
	MDB_txn *txn;
	arnet_store *store;
	MDB_dbi *dbi; /* the store's handles, indexed by enum st_db */
	int map_full; /* a write failed with MDB_MAP_FULL */
	int write;
};

/* The name of database db ("records"), for messages. */
const char *st_db_name(int db);

/* The arnet_err of an LMDB (or errno) return code; sets map_full. */
int st_err(arnet_txn *t, int rc, arnet_diag *d, const char *what);

/* st_get: ARNET_OK and *v, ARNET_ENOTFOUND, or ARNET_ESTORE. */
int st_get(arnet_txn *t, int db, const void *key, size_t klen, MDB_val *v,
           arnet_diag *d);
/* st_put: write key -> val (flags as mdb_put). */
int st_put(arnet_txn *t, int db, const void *key, size_t klen, const void *val,
           size_t vlen, unsigned flags, arnet_diag *d);
/* st_put_new: write key -> val unless key is there (one search, not a
 * get and a put): ARNET_OK, or ARNET_EEXIST with *old the stored value
 * (nothing written), or ARNET_ESTORE. */
int st_put_new(arnet_txn *t, int db, const void *key, size_t klen,
               const void *val, size_t vlen, MDB_val *old, arnet_diag *d);
/* st_del: delete key; ARNET_ENOTFOUND when it is not there. */
int st_del(arnet_txn *t, int db, const void *key, size_t klen, arnet_diag *d);

/*
 * st_scan: call fn for every entry whose key starts with prefix (plen 0:
 * every entry), in key order. fn returns 0 to go on, 1 to stop (st_scan
 * then returns ARNET_OK) or an arnet_err (returned).
 */
typedef int (*st_scan_fn)(const MDB_val *key, const MDB_val *val, void *arg);
int st_scan(arnet_txn *t, int db, const void *prefix, size_t plen,
            st_scan_fn fn, void *arg, arnet_diag *d);

/* st_scan_from: st_scan starting at the first key >= start (which should
 * begin with prefix). */
int st_scan_from(arnet_txn *t, int db, const void *prefix, size_t plen,
                 const void *start, size_t slen, st_scan_fn fn, void *arg,
                 arnet_diag *d);

/* st_counter_next: increment the u64 counter `name` in ST_META; *out is the
 * new value (1 for the first). */
int st_counter_next(arnet_txn *t, const char *name, uint64_t *out,
                    arnet_diag *d);

/* Big-endian integers in keys and values are proto's (arnet_codec.h:
 * arnet_be64_write, arnet_be64_read). */

#endif
