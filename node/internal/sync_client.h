/*
 * sync_client.h - anti-entropy: asking the members for what this
 * node misses (sync_client.c, `arnet:syncc` and `arnet:syncw`).
 * Internal to node/.
 */
#ifndef ARNET_NODE_SYNC_CLIENT_H
#define ARNET_NODE_SYNC_CLIENT_H

#include "node_internal.h"

int sync_client_start(arnet_node *n);
/* With n->stopping set: the round threads end after the request each is
 * in (3 s at most to send it, as much for the reply), the client thread
 * is joined, then every peer socket is closed, none under a request
 * (nng 1.5.2 can hang closing one then: sync_client.c). */
void sync_client_stop(arnet_node *n);
/* Run a round at once (or right after the one running). Any thread. */
void sync_client_kick(arnet_node *n);

#endif
