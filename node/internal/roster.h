/*
 * roster.h - the roster thread (roster.c, `arnet:roster`): rosters
 * peers offer, checked in full and adopted when newer (then passed on
 * and reported through the node's on_roster).
 * Internal to node/.
 */
#ifndef ARNET_NODE_ROSTER_H
#define ARNET_NODE_ROSTER_H

#include "node_internal.h"

int roster_start(arnet_node *n);
/* After every thread that offers rosters has stopped. */
void roster_stop(arnet_node *n);
/* Offer a roster (bytes) a peer sent: the cheap checks here (size,
 * header, our root, newer than ours: nanoseconds), the rest on the
 * roster thread. 1 queued, 0 dropped (counted). Any thread. */
int node_offer_roster(arnet_node *n, const uint8_t *b, size_t len);

#endif
