/*
 * guard.h - the accounting of every connection the node's listeners
 * accept (internal to node/; guard.c).
 *
 * The guard watches the three listening sockets (PUB, the sync REP and
 * the survey RESPONDENT) through nng pipe notifications and keeps, for
 * each accepted pipe, its remote address and its deadline:
 *   - caps: a new pipe is refused (closed in NNG_PIPE_EV_ADD_PRE, which is
 *     how nng 1.5.2 rejects one: the socket never starts it) when
 *     [node] max_connections pipes are open on the listeners in all, or
 *     max_connections_per_address from its IP address (IPv6: its /64;
 *     ipc peers are local and get only the total cap);
 *   - deadlines, enforced by a thread of ours ("arnet:guard", once a
 *     second): a sync pipe that has not sent a valid signed request
 *     within handshake_timeout_ms is closed, and any sync or survey pipe
 *     idle_timeout_ms after its last valid request (for a survey pipe,
 *     after it connected: other members' surveyors dial and stay silent
 *     until they ask, so they get the idle deadline, not the handshake
 *     one). PUB pipes get only the caps: subscribers never send anything
 *     (SUB subscriptions are local in nng).
 * Pipes that our own dialers make (SUB, REQ, SURVEYOR) are never counted.
 * Refusals and closings are counted in node_counters (conns_*) and logged
 * by the guard thread: the first refusal from an address at once, then
 * at most one line a minute per address with the count.
 *
 * At start the guard also raises the soft descriptor limit (RLIMIT_NOFILE)
 * towards the hard one, to what max_connections and the roster need (see
 * guard_start).
 *
 * Threads: the pipe callbacks run on nng's threads and only take the
 * guard's mutex briefly (no allocation, no I/O, no blocking);
 * guard_valid is called by the sync server and respondent threads.
 */
#ifndef ARNET_NODE_GUARD_H
#define ARNET_NODE_GUARD_H

#include "node_internal.h"

typedef enum guard_kind {
	GUARD_PUB,    /* the PUB listener: caps only */
	GUARD_SYNC,   /* the REP listener: caps, handshake and idle deadline */
	GUARD_SURVEY, /* the RESPONDENT listener: caps, idle deadline */
	GUARD_KINDS
} guard_kind;

/* Descriptors the node holds besides its listeners' connections: the
 * store, the log, listeners, nng's pollers and the control socket's
 * clients (a node with N members measured 6(N-1)+14 at rest). */
#define GUARD_FDS_FIXED 64
/* Connections a node dials to each other member (SUB, REQ, SURVEYOR);
 * the member dials as many back, and those count in max_connections. */
#define GUARD_FDS_PER_PEER 3

/*
 * guard_start: raise the descriptor limit, allocate the tables (bounded
 * by max_connections) and start the guard thread, and watch n->pub and
 * n->rep, which must be open and not yet listening. Call after the roster
 * is loaded. Needs = max_connections + 3 x (members - 1) + GUARD_FDS_FIXED
 * descriptors: the soft limit is raised to at least that (to 65536 when
 * the hard limit allows). If the hard limit is below the need,
 * max_connections (n->cfg) is lowered to fit, with a warning; if it
 * cannot hold even the members' own connections (6 per member), the node
 * refuses to start: ARNET_ERANGE (diag names the limit and the need).
 * ARNET_ENOMEM (diag set) when the tables or the thread cannot be had.
 */
int guard_start(arnet_node *n, arnet_diag *d)
        __attribute__((warn_unused_result));

/* Watch another listening socket s of kind k (before it listens).
 * 0, or an nng error (the socket is then not guarded). A no-op without
 * a guard. */
int guard_watch(arnet_node *n, nng_socket s, guard_kind k);

/* The pipe p sent a valid signed request (signature checked, asker a
 * member): its deadline moves to now + idle_timeout_ms. Any thread; a
 * pipe the guard does not hold (a dialer's, or already gone) is ignored.
 */
void guard_valid(arnet_node *n, nng_pipe p);

/* Stop the thread and free the tables. Call only after every watched
 * socket is closed (nng_close returns after the last pipe callback). */
void guard_stop(arnet_node *n);

#endif
