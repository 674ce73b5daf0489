/*
 * arnet_integrity.h - is the store whole: a quick check of its file before
 * LMDB maps it, a walk of every table for `arnet doctor --store`, and
 * what a failed write means for the disk.
 *
 * LMDB maps the data file and trusts it: a page the file no longer holds
 * (a truncated copy, a restore cut short) raises SIGBUS when touched, and
 * LMDB has no page checksums, so a page overwritten with garbage can send
 * a reader through wild pointers (SIGSEGV). The quick check runs at every
 * open, with pread only, and refuses a file LMDB would fault on at start;
 * damage deeper in the file is found by the walk, which the caller runs
 * in a process it can lose (cli/cmd_doctor.c forks).
 */
#ifndef ARNET_INTEGRITY_H
#define ARNET_INTEGRITY_H

#include "arnet_store.h"

#include <stddef.h>
#include <stdint.h>

/*
 * arnet_store_check_file: the quick check of store_dir/data.mdb (store_dir
 * is DIR/store), read with pread, never
 * mapped: both meta pages carry LMDB's magic, data version 1 and the same
 * valid page size, and the file holds every page up to the last one the
 * newest meta page names. A missing or empty file passes (a new store).
 * Returns ARNET_OK, ARNET_ESTORE (truncated or damaged: diag names the
 * file, what is wrong and what to do), ARNET_EPERM (cannot be read) or
 * ARNET_EIO. Safe to call while other processes use the store.
 */
int arnet_store_check_file(const char *store_dir, arnet_diag *diag)
        __attribute__((warn_unused_result));

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

/*
 * arnet_store_out_of_space: whether err, an errno from writing the store
 * in store_dir, means the device is out of space: ENOSPC, EDQUOT, EFBIG
 * (a file size limit is the same thing to the operator), or EIO when the
 * filesystem has (almost) no free blocks left or the file reached the
 * process's file size limit (LMDB 0.9.24 turns the short write that the
 * last free blocks give into EIO).
 */
int arnet_store_out_of_space(const char *store_dir, int err);

#endif /* ARNET_INTEGRITY_H */
