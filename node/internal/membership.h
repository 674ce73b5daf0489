/*
 * membership.h - the roster the node follows (membership.c; internal to
 * node/): loading and swapping it, what it says about a key, and the
 * dials of a socket that follow the members in force. Below the parts:
 * it calls none of them.
 *
 * The roster is read by many threads and replaced rarely (SIGHUP, or a
 * newer one from a peer): it is guarded by the node's `roster_lock`,
 * read-locked only while it is used, write-locked only to swap.
 */
#ifndef ARNET_NODE_MEMBERSHIP_H
#define ARNET_NODE_MEMBERSHIP_H

#include "node_internal.h"

/* Load the roster kept in the store as the one the node follows (a
 * warning when there is none yet). */
void node_roster_load(arnet_node *n);
/* Follow r (owned by the node from here on). */
void node_roster_follow(arnet_node *n, arnet_roster *r);
/* The epoch of the roster followed; 0 without one. */
uint64_t node_roster_epoch(arnet_node *n);
/* Whether the roster names this author (in force or not): heads and
 * records of authors it does not know are not worth a request. */
int node_knows_author(arnet_node *n, const uint8_t key[ARNET_PUBKEY_BYTES]);
/* Another member (not us) in force at `now` under n's roster: one we
 * sync with, subscribe to and survey. node_peer_cert gives the
 * certificate that decides for the key (borrowed from the roster, valid
 * while roster_lock is held), or NULL when it is no such member. The
 * caller holds roster_lock. */
const arnet_cert *node_peer_cert(const arnet_node *n, const uint8_t *key,
                                 int64_t now);
int node_is_peer(const arnet_node *n, const arnet_cert *c, int64_t now);
/* Make the publish and survey dials match the roster: dial members in
 * force not dialled yet, close the dials of those no longer in force. */
void node_dial_members(arnet_node *n);
/* Hand link.c the link certificates of the members in force (it
 * restarts the TLS listeners when they changed): at start, before any
 * listener, and after each node_dial_members. */
void node_links_follow(arnet_node *n);
/* Close every dial of a list and free it (at stop). */
void node_dials_free(node_dials *dl);

#endif
