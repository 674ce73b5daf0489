/*
 * arnet_store.h - the node's LMDB environment: one per data directory.
 *
 * The store holds the firm's books (arnet_books.h) and, later, the shared
 * log and the roster state, each in named sub-databases of one LMDB
 * environment at DIR/store/. Many processes may open it at once (the CLI
 * and arnetd); LMDB lets one of them write at a time and the others wait.
 *
 * Every operation is one transaction, run through arnet_store_write or
 * arnet_store_read: the function given is called with an open transaction
 * and the transaction is committed only when it returns ARNET_OK, so an
 * operation happens whole or not at all. When the map fills up, the write
 * is aborted, the map grown (doubling, up to ARNET_STORE_MAP_MAX) and the
 * function called again from the start: it must not have effects outside
 * the transaction other than on its own argument, which it resets first.
 *
 * Threads: an arnet_store may be shared by threads (MDB_NOTLS); a
 * transaction belongs to the thread that runs it. Never open the same
 * directory twice in one process (an LMDB rule).
 */
#ifndef ARNET_STORE_H
#define ARNET_STORE_H

#include "arnet_err.h"

#include <stddef.h>
#include <stdint.h>

/* The store's schema version: a store of another version is refused. */
#define ARNET_STORE_SCHEMA 1
/* First map size of a new store, and the largest it may grow to. */
#define ARNET_STORE_MAP_INITIAL ((size_t)64 << 20)
#define ARNET_STORE_MAP_MAX     ((size_t)64 << 30)

typedef struct arnet_store arnet_store;
/* An open transaction; valid only inside the function it is passed to. */
typedef struct arnet_txn arnet_txn;

enum arnet_store_flags {
	ARNET_STORE_CREATE = 1,   /* create DIR and the store if missing */
	ARNET_STORE_READONLY = 2, /* no write transactions */
};

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

/* arnet_store_close: close s (NULL is allowed). No transaction may run. */
void arnet_store_close(arnet_store *s);

/* arnet_store_map_size: the current size of the memory map, bytes. */
size_t arnet_store_map_size(const arnet_store *s);

/* arnet_store_path: the directory of the LMDB files (borrowed from s). */
const char *arnet_store_path(const arnet_store *s);

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
 * ARNET_ESTORE / ARNET_ETOOBIG (the map reached ARNET_STORE_MAP_MAX) /
 * ARNET_EPERM (read-only store).
 */
int arnet_store_write(arnet_store *s, arnet_txn_fn fn, void *arg, int dry_run,
                      arnet_diag *diag) __attribute__((warn_unused_result));

/* arnet_store_read: run fn in a read-only transaction. */
int arnet_store_read(arnet_store *s, arnet_txn_fn fn, void *arg,
                     arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_store_default_dir: the data directory to use when none is given:
 * $ARNET_DATA, else $XDG_DATA_HOME/arnet, else $HOME/.local/share/arnet.
 * Writes it into buf; ARNET_OK or ARNET_ETOOBIG / ARNET_ENOTFOUND (no
 * HOME).
 */
int arnet_store_default_dir(char *buf, size_t cap);

#endif /* ARNET_STORE_H */
