/*
 * sub.h - the SUB reader (sub.c, `arnet:sub`): what members publish.
 * Internal to node/.
 */
#ifndef ARNET_NODE_SUB_H
#define ARNET_NODE_SUB_H

#include "node_internal.h"

/* The SUB reader's own state (n->subr), made by sub_start. The dials
 * it reads from (n->sub_dials) stay in the node: membership.c follows
 * them with the roster. */
struct sub_part {
	pthread_t thread;
	int started;
};

/* Start the reader on the node's SUB socket (open, not yet dialled). */
int sub_start(arnet_node *n);

/* Wait for the reader to end (the SUB socket closed) and free its
 * state; nothing if it never started. */
void sub_stop(arnet_node *n);

#endif
