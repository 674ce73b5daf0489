/*
 * arnet_verify.h - the walk of every table of the store, for
 * arnet doctor --store: what the shared log and the books promise about
 * each other, checked without the network.
 */
#ifndef ARNET_VERIFY_H
#define ARNET_VERIFY_H

#include "arnet_store.h"

#include <stddef.h>
#include <stdint.h>

/*
 * What arnet_store_verify reports, as it goes. Table names are those of
 * docs/storage.md ("records", "heads"...), constant strings; key points
 * into the store and is valid only during the call. Any callback may be
 * NULL.
 */
typedef struct arnet_verify_ops {
	/* before a table is walked (a crash after this is in `table`) */
	void (*table)(void *arg, const char *table);
	/* after it: how many entries it holds */
	void (*counted)(void *arg, const char *table, uint64_t entries);
	/* one problem: an entry (key, klen; klen 0: the table itself) and
	 * what is wrong with it, lower case */
	void (*problem)(void *arg, const char *table, const uint8_t *key,
	                size_t klen, const char *what);
	void *arg;
} arnet_verify_ops;

/*
 * arnet_store_verify: walk every table of s, each in a read transaction of
 * its own, reading every key and value, and check what can be checked without
 * the network: records, pending records and proofs decode and sit under their
 * own author and seq; every record's hash is indexed in by_hash and back; every
 * head names the last record of its feed with its hash; subject index entries
 * point at records; customers and invoices decode. Problems go to ops->problem
 * and are counted in *problems; the walk goes on past them (an unreadable table
 * is one problem, then the next table). Returns ARNET_OK when the walk ended
 * (whatever it found), or the error that stopped it (ARNET_EBUSY,
 * ARNET_ENOMEM).
 *
 * A page overwritten with garbage can crash the process that walks it
 * (LMDB has no checksums): run this in a process you can lose, as
 * `arnet doctor --store` does, and read ops->table as the progress.
 */
int arnet_store_verify(arnet_store *s, const arnet_verify_ops *ops,
                       uint64_t *problems, arnet_diag *diag)
        __attribute__((warn_unused_result));

#endif /* ARNET_VERIFY_H */
