/*
 * control.h - the daemon's side of the control socket (control.c,
 * `arnet:control`); the client's side is arnet_control.h.
 * Internal to node/.
 */
#ifndef ARNET_NODE_CONTROL_H
#define ARNET_NODE_CONTROL_H

#include "node_internal.h"

/* Listen on the control URL (arnet_control_url) and serve. */
int control_start(arnet_node *n);
void control_stop(arnet_node *n);

#endif
