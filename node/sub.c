/*
 * sub.c - the SUB reader (`arnet:sub`): records and rosters members
 * publish. Records are hints (sync is the delivery that matters): copies
 * the log holds already are dropped by hash, the rest go to the ingest
 * queue; a roster has only its header read here (roster.c).
 */
#include "net.h"
#include "roster.h"
#include "sub.h"

#include <stdlib.h>

static int
holds_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	return arnet_log_holds(t, arg, d);
}

/*
 * Every node passes on what it is the first to store, so with k members
 * each record reaches a node up to k-1 times. Verifying a copy the log
 * holds already would cost a signature check (~40 us); looking its hash
 * up costs about a microsecond. Exactly these bytes were verified when
 * they were stored, so the copy is counted as a duplicate and dropped.
 */
static int
held_already(arnet_node *n, const uint8_t *b, size_t len)
{
	uint8_t hash[ARNET_HASH_BYTES];
	arnet_record_hash(hash, b, len);
	return arnet_store_read(n->store, holds_txn, hash, NULL) == ARNET_OK;
}

/* A record or roster a member published: into the ingest queue. */
static void
on_published(arnet_node *n, nng_msg *m)
{
	const uint8_t *body;
	size_t len;
	int type;
	if (arnet_envelope_open(nng_msg_body(m), nng_msg_len(m), &type, &body,
	                        &len, NULL) != ARNET_OK) {
		n->c.bad_messages++;
	} else if (type == ARNET_MSG_RECORD) {
		if (held_already(n, body, len)) {
			n->c.duplicates++;
		} else {
			(void)ingest_push(n, body, len);
		}
	} else if (type == ARNET_MSG_ROSTER) {
		(void)node_offer_roster(n, body, len);
	} else {
		n->c.bad_messages++;
	}
	nng_msg_free(m);
}

static void *
sub_reader(void *arg)
{
	node_thread_name("arnet:sub");
	node_receive(arg, ((arnet_node *)arg)->sub, on_published);
	return NULL;
}

int
sub_start(arnet_node *n)
{
	n->subr = calloc(1, sizeof(*n->subr));
	if (n->subr == NULL) {
		return ARNET_ENOMEM;
	}
	return node_thread_start(&n->subr->thread, &n->subr->started,
	                         sub_reader, n);
}

void
sub_stop(arnet_node *n)
{
	struct sub_part *r = n->subr;
	if (r != NULL) {
		node_thread_join(&r->thread, &r->started);
		n->subr = NULL;
		free(r);
	}
}
