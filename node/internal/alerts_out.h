/*
 * alerts_out.h - the alerts thread (alerts_out.c, `arnet:alerts`):
 * raises the books' alerts (arnet_books_alerts.h) and delivers each alert
 * of the store's outbox (store/watch) to the
 * [alerts] command and webhook, each at least once, off every other
 * thread: a command that hangs or a webhook that answers 500 holds up
 * nothing but its own next try. Internal to node/.
 */
#ifndef ARNET_NODE_ALERTS_OUT_H
#define ARNET_NODE_ALERTS_OUT_H

#include "node_internal.h"

/* Start the thread, which also raises the books' alerts hourly (and
 * delivers nothing when [alerts] names no target). ARNET_OK or
 * ARNET_ENOMEM. */
int alerts_out_start(arnet_node *n);
/* Stop it: a delivery under way is cut at once (a command killed, a
 * POST aborted) and its alert stays in the outbox for the next start. */
void alerts_out_stop(arnet_node *n);

#endif
