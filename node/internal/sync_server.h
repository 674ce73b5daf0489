/*
 * sync_server.h - answering members' sync requests on the REP
 * socket (sync_server.c, `arnet:syncd`).
 * Internal to node/.
 */
#ifndef ARNET_NODE_SYNC_SERVER_H
#define ARNET_NODE_SYNC_SERVER_H

#include "node_internal.h"

/* Serve on n->rep (open and listening). */
int sync_server_start(arnet_node *n);
/* After n->rep is closed. */
void sync_server_stop(arnet_node *n);

#endif
