/*
 * arnet_store.h - the node's LMDB environment: one per data directory.
 *
 * The store holds the firm's books (arnet_books.h), the shared log
 * (arnet_log.h), the roster and the administrator's certificates
 * (arnet_roster_store.h), evidence and the survey audit log, each in
 * named sub-databases (docs/storage.md) of one LMDB
 * environment at DIR/store/. Many processes may open it at once (the CLI
 * and arnetd); LMDB lets one of them write at a time and the others wait.
 *
 * Every operation is one transaction, run through arnet_store_write or
 * arnet_store_read: the function given is called with an open transaction
 * and the transaction is committed only when it returns ARNET_OK, so an
 * operation happens whole or not at all.
 *
 * The map: LMDB maps the whole store into memory at a fixed size, and its
 * size may change only while no thread of the process has a transaction
 * open, read transactions included (changing it under a reader crashes
 * inside liblmdb). So the map is sized once at open, large (it reserves
 * address space, not memory or disk: [store] map_size), and every
 * transaction of the process holds a process-wide lock shared; growing the
 * map (when a write fills it) or adopting the size another process grew it
 * to (MDB_MAP_RESIZED) takes that lock exclusively, with every transaction
 * of the process out of the way. A write that fills the map is aborted,
 * the map doubled up to the ceiling ([store] map_max) and the function
 * called again from the start: it must not have effects outside the
 * transaction other than on its own argument, which it resets first. At
 * the ceiling the write fails with ARNET_EFULL and reads go on.
 *
 * Threads: an arnet_store may be shared by threads (MDB_NOTLS); a
 * transaction belongs to the thread that runs it. A function run in a
 * transaction may run another transaction of the same store on the same
 * thread (the lock is re-entered), but must not wait for another thread
 * that runs a transaction: a resize waits for every transaction to end
 * (it gives up after ARNET_STORE_RESIZE_WAIT_MS with ARNET_EBUSY rather
 * than wait for ever). Never open the same directory twice in one process
 * (an LMDB rule).
 */
#ifndef ARNET_STORE_H
#define ARNET_STORE_H

#include "arnet_err.h"

#include <stddef.h>
#include <stdint.h>

/* The store's schema version: a store of another version is refused. */
#define ARNET_STORE_SCHEMA 1
/* The map size at open and the ceiling it may grow to, by default
 * ([store] map_size, map_max). A larger size found in the store is kept. */
#define ARNET_STORE_MAP_DEFAULT ((size_t)8 << 30)
#define ARNET_STORE_MAP_MAX     ((size_t)64 << 30)
/* The smallest map accepted (LMDB needs a few pages; tests use it). */
#define ARNET_STORE_MAP_MIN ((size_t)256 << 10)
/* How long a resize waits for the process's transactions to end. */
#define ARNET_STORE_RESIZE_WAIT_MS 10000

typedef struct arnet_store arnet_store;
/* An open transaction; valid only inside the function it is passed to. */
typedef struct arnet_txn arnet_txn;

enum arnet_store_flags {
	ARNET_STORE_CREATE = 1,   /* create DIR and the store if missing */
	ARNET_STORE_READONLY = 2, /* no write transactions */
};

/* How large the map is made at open and how far it may grow. */
typedef struct arnet_store_limits {
	size_t map_size; /* bytes, at open; 0: ARNET_STORE_MAP_DEFAULT */
	size_t map_max;  /* bytes, the ceiling; 0: ARNET_STORE_MAP_MAX */
} arnet_store_limits;

/* What happened to the map since open (for status and tests). */
typedef struct arnet_store_stats {
	size_t map_size;      /* bytes mapped now */
	size_t map_max;       /* the ceiling */
	uint64_t grown;       /* resizes done by this process */
	uint64_t adopted;     /* sizes adopted from another process */
	uint64_t full;        /* writes refused at the ceiling (ARNET_EFULL) */
	uint64_t resize_busy; /* resizes given up waiting (ARNET_EBUSY) */
	uint64_t nospace;     /* writes failed: the disk is full (ENOSPC) */
} arnet_store_stats;

/*
 * arnet_store_open: open (or with ARNET_STORE_CREATE, create with mode
 * 0700) the store of the data directory dir. Clears reader slots left by
 * crashed processes. Returns ARNET_OK and *out (the caller closes it), or
 * ARNET_ENOTFOUND (no store and not CREATE), ARNET_EVERSION (a store of
 * another schema version), ARNET_EPERM, ARNET_ESTORE, ARNET_ENOMEM; diag
 * names the directory and the cause.
 */
int arnet_store_open(arnet_store **out, const char *dir, int flags,
                     arnet_diag *diag) __attribute__((warn_unused_result));

/* arnet_store_open_limits: arnet_store_open with the map's size and
 * ceiling (lim NULL: the defaults). ARNET_ERANGE when map_size is below
 * ARNET_STORE_MAP_MIN or above map_max. */
int arnet_store_open_limits(arnet_store **out, const char *dir, int flags,
                            const arnet_store_limits *lim, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_store_stats_get: the map's size and what happened to it. */
void arnet_store_stats_get(arnet_store *s, arnet_store_stats *out);

/* arnet_store_close: close s (NULL is allowed). No transaction may run. */
void arnet_store_close(arnet_store *s);

/* arnet_store_map_size: the current size of the memory map, bytes. */
size_t arnet_store_map_size(arnet_store *s);

/*
 * The body of an operation. txn is valid until fn returns. Return ARNET_OK
 * to commit (writes) or any error to abort; diag explains errors.
 */
typedef int (*arnet_txn_fn)(arnet_txn *txn, void *arg, arnet_diag *diag);

/*
 * arnet_store_write: run fn in a write transaction and commit it when fn
 * returns ARNET_OK. With dry_run set the transaction is aborted even then
 * (the caller sees what would have happened, nothing is kept). Retries fn
 * after growing the map when it fills. Returns fn's result, or
 * ARNET_ESTORE / ARNET_EFULL (the map is at its ceiling; diag names it) /
 * ARNET_ENOSPC (the disk is full) / ARNET_EBUSY (a resize could not get
 * the process's other transactions out of the way) / ARNET_EPERM
 * (read-only store).
 */
int arnet_store_write(arnet_store *s, arnet_txn_fn fn, void *arg, int dry_run,
                      arnet_diag *diag) __attribute__((warn_unused_result));

/* arnet_store_read: run fn in a read-only transaction. Returns fn's
 * result, or ARNET_ESTORE / ARNET_EBUSY (the map another process grew
 * could not be adopted). */
int arnet_store_read(arnet_store *s, arnet_txn_fn fn, void *arg,
                     arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_store_read_begin: open a read-only transaction for a run of reads
 * in straight-line code, as mdb_txn_begin does; the caller ends it with
 * arnet_store_read_end on every path (it is the same transaction
 * arnet_store_read passes its function, under the same rules: it belongs
 * to this thread, and the thread must not wait for another thread that
 * runs a transaction before ending it, since a resize waits for it).
 * Returns ARNET_OK and *out, or ARNET_ENOMEM / ARNET_ESTORE / ARNET_EBUSY.
 * Writes have no such pair: a write may have to run again from the start
 * after the map grows, so it is always a function (arnet_store_write).
 */
int arnet_store_read_begin(arnet_store *s, arnet_txn **out, arnet_diag *diag)
        __attribute__((warn_unused_result));
/* arnet_store_read_end: end t (NULL is allowed) and free it. */
void arnet_store_read_end(arnet_txn *t);

/*
 * arnet_store_default_dir: the data directory to use when none is given:
 * $ARNET_DATA, else $XDG_DATA_HOME/arnet, else $HOME/.local/share/arnet.
 * Writes it into buf; ARNET_OK or ARNET_ETOOBIG / ARNET_ENOTFOUND (no
 * HOME).
 */
int arnet_store_default_dir(char *buf, size_t cap);

#endif /* ARNET_STORE_H */
