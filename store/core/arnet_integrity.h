/*
 * arnet_integrity.h - is the store whole: a quick check of its file before
 * LMDB maps it, and what a failed write means for the disk (the walk of
 * every table for `arnet doctor --store` is arnet_verify.h).
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
 * arnet_store_out_of_space: whether err, an errno from writing the store
 * in store_dir, means the device is out of space: ENOSPC, EDQUOT, EFBIG
 * (a file size limit is the same thing to the operator), or EIO when the
 * filesystem has (almost) no free blocks left or the file reached the
 * process's file size limit (LMDB 0.9.24 turns the short write that the
 * last free blocks give into EIO).
 */
int arnet_store_out_of_space(const char *store_dir, int err);

#endif /* ARNET_INTEGRITY_H */
