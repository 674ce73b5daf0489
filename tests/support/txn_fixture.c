/*
 * txn_fixture.c - see txn_fixture.h.
 */
#include "txn_fixture.h"
#include "arnet_roster_store.h"

#include <string.h>

typedef struct roster_job {
	const uint8_t *b;
	size_t len;
	const uint8_t *root;
	uint64_t epoch;
} roster_job;

TXN_FN(roster_txn, roster_job,
       arnet_roster_import(t, j->b, j->len, j->root, &j->epoch, d))

int
txn_roster_import(arnet_store *s, const uint8_t *b, size_t len,
                  const uint8_t root_pk[32], uint64_t *epoch, arnet_diag *d)
{
	roster_job j = {b, len, root_pk, 0};
	int rv = arnet_store_write(s, roster_txn, &j, 0, d);
	if (epoch != NULL) {
		*epoch = j.epoch;
	}
	return rv;
}
