/*
 * arnet_node.h - arnetd, the daemon of a member node, as a library.
 *
 * A node publishes its member's records and rosters on a PUB socket,
 * subscribes to every member's PUB socket (records there are hints: nng
 * drops messages for slow or late subscribers), answers signed sync
 * requests of members on a REP socket and asks every member for what it
 * misses (the delivery that matters), and serves the local CLI on an
 * ipc:// control socket in its data directory. Every record that enters
 * is checked (arnet_log_ingest) on the node's own threads and stored in
 * batched LMDB transactions. Network input never aborts the node: a bad
 * message is refused, counted, and the node keeps serving.
 *
 * arnet_node_start returns once every socket listens and every thread
 * runs; arnet_node_stop closes everything in order and waits for the
 * threads. Not thread-safe: start, reload and stop from one thread (the
 * daemon's main thread, which also handles the signals).
 */
#ifndef ARNET_NODE_H
#define ARNET_NODE_H

#include "arnet_config.h"
#include "arnet_err.h"

typedef struct arnet_node arnet_node;

/*
 * arnet_node_start: run a node on data_dir with cfg (the member key file
 * is read from cfg->key_file, relative to the config file's directory;
 * it must not be encrypted: a daemon starts unattended). ARNET_OK and
 * *out; ARNET_ENOTFOUND (no key, no store), ARNET_EIO (a socket could
 * not listen: diag names the URL), ARNET_EPERM, ARNET_ENOMEM.
 */
int arnet_node_start(arnet_node **out, const char *data_dir,
                     const arnet_config *cfg, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_node_reload: reread the roster kept in the store (SIGHUP). */
void arnet_node_reload(arnet_node *n);

/* arnet_node_stop: stop and free the node (NULL is allowed). */
void arnet_node_stop(arnet_node *n);

#endif /* ARNET_NODE_H */
