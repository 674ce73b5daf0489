/*
 * txn_fixture.c - see txn_fixture.h.
 */
#include "txn_fixture.h"
#include "arnet_roster_store.h"

#include <string.h>

typedef struct head_job {
	const uint8_t *author;
	arnet_head h;
} head_job;

TXN_FN(head_txn, head_job, arnet_log_head(t, j->author, &j->h, d))

int
txn_head(arnet_store *s, const uint8_t author[32], arnet_head *h, arnet_diag *d)
{
	head_job j = {.author = author};
	int rv = arnet_store_read(s, head_txn, &j, d);
	*h = j.h;
	return rv;
}

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
