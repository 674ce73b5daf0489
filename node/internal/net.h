/*
 * net.h - what every part of the node does with its sockets (net.c;
 * internal to node/): limits, reconnect backoff, the receive loop,
 * whether an endpoint is worth a dial, thread names; net.c also
 * publishes (node_publish, node_internal.h). Below
 * the parts: it calls none of them.
 */
#ifndef ARNET_NODE_NET_H
#define ARNET_NODE_NET_H

#include "node_internal.h"

#include <time.h>

/* Set what every socket gets: the largest message it takes (max_bytes:
 * ARNET_WIRE_MAX, or less where the protocol allows less; nng drops the
 * connection of a peer that sends more) and, when recv_timeout_ms > 0,
 * a receive timeout. 0, or nng's error. */
int node_socket_limits(nng_socket s, size_t max_bytes, int recv_timeout_ms);
/*
 * Reconnect backoff of a socket that dials members: from
 * NODE_RECONN_MIN_MS, doubling up to NODE_RECONN_MAX_MS while the member
 * stays down. The ceiling is high on purpose: nng 1.5.2's timer thread
 * spins for up to a millisecond on every timer that fires, so a node
 * with 60 members down and three dialers each (SUB, REQ, SURVEYOR) at a
 * 5 s ceiling burned 14% of a core doing nothing; at 30 s (and 0.5 s
 * to start) it is ~3%.
 * A member that comes back dials us at once itself.
 */
#define NODE_RECONN_MIN_MS 500
#define NODE_RECONN_MAX_MS 30000
void node_dial_backoff(nng_socket s);
/* Receive on s (which has a receive timeout) and hand each message to fn
 * (which owns it) until the node stops or s is closed. */
void node_receive(arnet_node *n, nng_socket s,
                  void (*fn)(arnet_node *, nng_msg *));
/*
 * Whether url is worth an nng dial now. Always for tcp:// and tls+tcp://
 * (nng retries those with backoff at little cost); for ipc:// only when
 * a socket file is there (a member that stopped removed it). nng
 * 1.5.2 registers a new socket with its poller for every failed ipc://
 * dial and reaps it later; level-triggered hang-ups on hundreds of them
 * kept the poller spinning, so reaping fell behind: with 300 members
 * down on ipc:// endpoints a node held 10,000 descriptors after five
 * seconds at a full core (tests/node/peers_test.c). A member down on an
 * ipc:// endpoint is looked for once a round instead.
 */
int node_endpoint_dialable(const char *url);
/* Start fn(arg) on *t and set *started: ARNET_OK, or ARNET_ENOMEM when
 * no thread is to be had (*started is left alone). */
int node_thread_start(pthread_t *t, int *started, void *(*fn)(void *),
                      void *arg);
/* The clock (CLOCK_REALTIME or CLOCK_MONOTONIC) in milliseconds. */
int64_t node_clock_ms(clockid_t clock);
/* Wait for a thread node_thread_start started, if it did, and mark it
 * ended. */
void node_thread_join(pthread_t *t, int *started);

/* Name the calling thread (at most 15 bytes) so that top -H, perf and
 * gdb tell the node's threads apart: "arnet:verify", "arnet:commit"... */
void node_thread_name(const char *name);

#endif
