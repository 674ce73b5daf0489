/*
 * ingest.h - the ingest part (ingest.c): signature workers
 * (`arnet:verify`) and one committer (`arnet:commit`); the queue they
 * take records from is in node_internal.h.
 * Internal to node/.
 */
#ifndef ARNET_NODE_INGEST_H
#define ARNET_NODE_INGEST_H

#include "node_internal.h"

int ingest_start(arnet_node *n);
/* After every thread that queues records has stopped. */
void ingest_stop(arnet_node *n);
/* What the log accepts, from [log], at the clock now. */
void ingest_log_rules(const arnet_node *n, arnet_log_rules *r);

#endif
