/*
 * txn_fixture.h - the transaction functions that tests and benchmarks hand
 * to arnet_store_write and arnet_store_read, one line each (tests only).
 *
 * A test that runs one store operation in a transaction keeps what goes in
 * and what comes out in a job struct of its own; the function that unpacks
 * the job and makes the call is the same every time, so it is written
 * here once:
 *
 *     typedef struct ev_job { arnet_evidence e; arnet_put_result r; } ev_job;
 *     TXN_FN(ev_add_txn, ev_job, arnet_evidence_add(t, &j->e, &j->r, d))
 *
 * defines `static int ev_add_txn(arnet_txn *t, void *arg, arnet_diag *d)`
 * that returns the call, with `j` the job (arg). A function that does more
 * than one call is written out as usual.
 *
 * Below, the one-transaction reads and writes that both the store
 * fixture (books_fixture.h) and the association fixture (assoc_fixture.h)
 * need, in txn_fixture.c.
 */
#ifndef ARNET_TXN_FIXTURE_H
#define ARNET_TXN_FIXTURE_H

#include "arnet_log.h"
#include "arnet_store.h"

#include <stddef.h>
#include <stdint.h>

/* TXN_FN(name, job, call): an arnet_txn_fn `name` returning call, where
 * t is the transaction, j the job (a job *) and d the diagnostic. */
#define TXN_FN(name, job, call)                                                \
	static int name(arnet_txn *t, void *arg, arnet_diag *d)                \
	{                                                                      \
		job *j = arg;                                                  \
		(void)t;                                                       \
		(void)j;                                                       \
		(void)d;                                                       \
		return (call);                                                 \
	}

/* txn_roster_import: import the roster b[0..len), signed by root_pk, into
 * s (the roster the node follows) in one transaction; its epoch into
 * *epoch (may be NULL). The store's error and d when it is refused. */
int txn_roster_import(arnet_store *s, const uint8_t *b, size_t len,
                      const uint8_t root_pk[32], uint64_t *epoch,
                      arnet_diag *d);

#endif
