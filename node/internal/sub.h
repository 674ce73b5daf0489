/*
 * sub.h - the SUB reader (sub.c, `arnet:sub`): what members publish.
 * Internal to node/.
 */
#ifndef ARNET_NODE_SUB_H
#define ARNET_NODE_SUB_H

#include "node_internal.h"

/* Start the reader on the node's SUB socket (open, not yet dialled). */
int sub_start(arnet_node *n);

#endif
