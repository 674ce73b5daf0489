/*
 * sync_client.h - anti-entropy: asking the members for what this
 * node misses (sync_client.c, `arnet:syncc` and `arnet:syncw`).
 * Internal to node/.
 */
#ifndef ARNET_NODE_SYNC_CLIENT_H
#define ARNET_NODE_SYNC_CLIENT_H

#include "node_internal.h"

/* What the sync client knows of a peer. */
typedef struct node_peer {
	uint8_t key[ARNET_PUBKEY_BYTES];
	char member_id[80];
	char sync_url[ARNET_URL_MAX + 1];
	char pub_url[ARNET_URL_MAX + 1];
	uint64_t serial; /* the certificate dialled under (its link pin) */
	nng_socket req;
	int open;
	atomic_int pipes;        /* connections up (pipe notifications) */
	struct arnet_node *node; /* for the pipe callback */
	int64_t last_ok;         /* unix seconds of the last good exchange */
	char last_error[160];
	uint64_t heads; /* authors it reported */
	/* A peer that lists heads and then does not serve them is demoted:
	 * not asked again until demoted_until, doubling each time. */
	int64_t demoted_until;
	int strikes;
	uint64_t unknown_heads; /* heads of authors the roster does not know */
	int no_proofs;          /* an older node: no PROOFS op */
} node_peer;

/* sync_client_init: the part's state (n->client), made with the node,
 * before any part that may kick a round starts; ARNET_ENOMEM. */
int sync_client_init(arnet_node *n);
/* sync_client_free: with every part stopped, free the state. */
void sync_client_free(arnet_node *n);
int sync_client_start(arnet_node *n);
/* With n->stopping set: the round threads end after the request each is
 * in (3 s at most to send it, as much for the reply), the client thread
 * is joined, then every peer socket is closed, none under a request
 * (nng 1.5.2 can hang closing one then: sync_client.c). */
void sync_client_stop(arnet_node *n);
/* Run a round at once (or right after the one running). Any thread. */
void sync_client_kick(arnet_node *n);
/* fn(p, arg) for each peer (the status), under n->mu: fn takes no lock
 * of the node. How many peers there are. */
int sync_client_peers(arnet_node *n, void (*fn)(const node_peer *p, void *arg),
                      void *arg);

#endif
