/*
 * node_internal.h - what the parts of arnetd truly share (internal to
 * node/): the node itself (key, store, config, the roster followed, the
 * PUB socket, counters, the callbacks node.c wires), the ingest queue
 * every receiver feeds, and the log. Below it: nothing of node/; above
 * it, the helpers (net.h, membership.h) and the parts, each with its
 * own header and its own state (struct control, struct sync_server,
 * ... behind a pointer here, defined in the part's file alone).
 *
 * Threads, each with one job, none of them nng's:
 *   ingest workers (ingest.c): verify signatures of records from the
 *       queue; the committer writes verified records to LMDB in batches,
 *       each record and its author's head in the same transaction;
 *   sub reader (sub.c): records and rosters published by members (a
 *       roster only has its header read here);
 *   roster thread (roster.c, `arnet:roster`): checks offered rosters in
 *       full, outside any transaction, and adopts a newer one;
 *   sync server workers (sync_server.c): answer sync requests that the
 *       REP contexts' callbacks queue (callbacks never block);
 *   sync client (sync_client.c): every few seconds, and at once when a
 *       gap is seen, runs a round: up to SYNC_PARALLEL round workers
 *       (`arnet:syncw`) ask the members for their heads and pull what is
 *       missing, under a deadline;
 *   guard (guard.c, `arnet:guard`): closes connections past their
 *       handshake or idle deadline (nng's pipe callbacks only count);
 *   respondent (survey.c): answers other members' trade-reference
 *       questions from our books;
 *   control (control.c): the CLI's requests on the local ipc socket
 *       (a survey runs on this thread, up to its deadline).
 *
 * The roster is read by many threads and replaced rarely (SIGHUP, or a
 * newer one from a peer): it is guarded by `roster_lock` alone (not by
 * `mu`, which guards the sync client's peers and the dial lists), and
 * readers hold it only while they use it. Lock order: `mu` (and any
 * part's own mutex) before `roster_lock`.
 */
#ifndef ARNET_NODE_INTERNAL_H
#define ARNET_NODE_INTERNAL_H

#include "arnet_config.h"
#include "arnet_log.h"
#include "arnet_wire.h"

#include <nng/nng.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>

/* The node (not arnet_node.h: the parts do not start or stop it). */
typedef struct arnet_node arnet_node;

/* Counters of everything accepted and refused, by reason. */
typedef struct node_counters {
	atomic_ulong accepted, duplicates, pending, equivocations;
	atomic_ulong commits;  /* ingest write transactions (one fsync each) */
	atomic_ulong verified; /* signatures checked by the workers */
	atomic_ulong refused[ARNET_REFUSE_COUNT];
	atomic_ulong bad_messages; /* undecodable, unknown type, sealed */
	atomic_ulong sync_served, sync_refused;
	/* sync requests refused as seen before within the window, and for
	 * the asker's share of the replay cache being full (replay.h) */
	atomic_ulong sync_replayed, sync_replay_full;
	atomic_ulong rosters_adopted, rosters_refused;
	atomic_ulong rosters_stale;   /* not newer than ours: dropped unread */
	atomic_ulong rosters_dropped; /* the roster queue was full */
	atomic_ulong store_full;      /* writes refused: the map's ceiling */
	atomic_ulong store_errors;    /* other failed writes */
	atomic_ulong peers_demoted;   /* heads listed, not served */
	atomic_ulong heads_unknown;   /* heads of authors not in the roster */
	atomic_ulong split_views;     /* a peer's head differs at one seq */
	atomic_ulong
	        pending_expired; /* waited past [log] pending_expire_days */
	atomic_ulong published;
	atomic_ulong surveys_asked, survey_answers_refused;
	atomic_ulong survey_questions, survey_answered, survey_refused;
	/* connections on our listeners (guard.c): open now; refused at
	 * the total or the per-address cap; closed for sending no valid
	 * request by the handshake deadline, or none for the idle one */
	atomic_ulong conns_open;
	atomic_ulong conns_refused_total, conns_refused_per_addr;
	atomic_ulong conns_handshake_timeout, conns_idle_timeout;
	/* alerts (alerts_out.c): deliveries that reached a target, and
	 * tries that failed (to be tried again) */
	atomic_ulong alerts_delivered, alerts_failed;
} node_counters;

/* A record waiting to be checked and stored. */
typedef struct ingest_item {
	struct ingest_item *next;
	size_t len;
	uint8_t bytes[];
} ingest_item;

typedef struct ingest_queue {
	pthread_mutex_t mu;
	pthread_cond_t cv, vcv;     /* the workers; the committer */
	pthread_cond_t less;        /* records left the queue (n fell) */
	ingest_item *head, *tail;   /* waiting for verification */
	ingest_item *vhead, *vtail; /* verified, waiting for the commit */
	size_t n;                   /* waiting, being verified, or verified */
	size_t inflight;            /* being verified or being stored */
	size_t verifying;           /* being verified */
	size_t nverified;           /* in vhead..vtail */
	int stop;
} ingest_queue;

#define NODE_QUEUE_MAX   50000 /* items; beyond this, hints are dropped */
#define NODE_WORKERS_MAX 16
/* No cap of its own: every member a roster can name is a peer. */
#define NODE_PEERS_MAX ARNET_ROSTER_MAX_CERTS

/* One endpoint a socket dials (nng reconnects), for the member `key`
 * under its certificate `serial` (a new one may pin another link
 * certificate: the dial is made again). */
typedef struct node_dial {
	char url[ARNET_URL_MAX + 1];
	uint8_t key[ARNET_PUBKEY_BYTES];
	uint64_t serial;
	nng_dialer d;
} node_dial;

/* The endpoints a socket dials: the members in force, no others. */
typedef struct node_dials {
	node_dial *v;
	int n, cap;
} node_dials;

struct arnet_node {
	char data_dir[1024];
	arnet_config cfg;
	arnet_store *store;
	uint8_t *sk; /* sodium_malloc'd member secret key */
	uint8_t pk[ARNET_PUBKEY_BYTES];

	pthread_mutex_t mu; /* sync peers, dial lists; not the roster */
	/* roster, has_roster: read-locked by the committer through each
	 * commit and by every membership check, write-locked only to swap in
	 * a new roster, so a commit holds up no status, sync or survey. */
	pthread_rwlock_t roster_lock;
	arnet_roster roster;
	int has_roster;

	nng_socket pub, sub, rep;
	int pub_open, sub_open, rep_open;
	/* One aio for every publish: nng_sendmsg allocates an aio per
	 * call, and nng 1.5.2's aio allocation makes a getrandom system
	 * call (a tenth of the committer's time when it published every
	 * record of a batch that way). pub_mu serializes its use. */
	pthread_mutex_t pub_mu;
	nng_aio *pub_aio;

	/* asking surveys (survey.c): the SURVEYOR, which dials members
	 * (membership.c follows the roster with svy_dials) */
	nng_socket svy;
	int svy_open;
	pthread_mutex_t svy_mu; /* one survey at a time */
	node_dials svy_dials;

	/* ingest (ingest.c); q is the queue the tests look into */
	ingest_queue q;
	pthread_t workers[NODE_WORKERS_MAX], committer;
	int nworkers, ingest_started, committer_started;

	/* members' publish endpoints the SUB socket dials (membership.c),
	 * under mu */
	node_dials sub_dials;

	/* What a part has to tell another, through the node: node.c wires
	 * these before any part starts, so no part calls another back. */
	void (*on_gap)(arnet_node *n);    /* ingest: a record waits for a gap */
	void (*on_roster)(arnet_node *n); /* a newer roster is followed */

	/* The parts' own state, each private to its file. */
	struct roster_queue *rosters; /* roster.c */
	struct sync_server *server;   /* sync_server.c */
	struct control *control;      /* control.c */
	struct node_guard *guard;     /* guard.c: connection accounting */
	struct sub_part *subr;        /* sub.c (sub.h) */
	struct alerts_out *alerts;    /* alerts_out.c */
	struct survey_state *survey;  /* survey.c: answering, rate, replay */
	struct sync_client *client;   /* sync_client.c: peers, the thread */
	struct node_links *links;     /* link.c: TLS key, listeners */

	node_counters c;
	atomic_int stopping;
	int64_t started;
};

/* log.c */
void node_log(int level, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
enum { NODE_LOG_ERROR = 0, NODE_LOG_WARN, NODE_LOG_INFO, NODE_LOG_DEBUG };
void node_log_level(int level);
/* node_log for an offence that may repeat: the first line for `key`
 * prints, then at most one a minute, which says how many it stood for
 * ("... (and 41 more like it in the last 60 s)"). 1 printed, 0 counted.
 * node_vlog_coalesced takes the monotonic clock in seconds (tests). */
int node_log_coalesced(const char *key, int level, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
int node_vlog_coalesced(int64_t now, const char *key, int level,
                        const char *fmt, va_list ap)
        __attribute__((format(printf, 4, 0)));

/* The ingest queue (ingest.c), which every part that receives records
 * feeds (sub.c, sync_client.c; the tests and tests/bench/bench_net.c
 * too, which include this header alone); the rest of ingest is in
 * ingest.h. */
/* Queue bytes (a record) for checking; 0, or -1 when full or stopping
 * (the record was dropped: sync will bring it again). */
int ingest_push(arnet_node *n, const uint8_t *b, size_t len);
/* Wait until everything queued so far is stored (sync client). */
void ingest_drain(arnet_node *n);
/* Wait until at most `limit` records wait to be verified or stored, or
 * the node stops: lets the sync client keep the queue fed without
 * overflowing it. `limit` must be at least INGEST_BATCH, or every wait
 * drains the queue. */
void ingest_wait_room(arnet_node *n, size_t limit);
#define INGEST_BATCH 4096 /* records per write transaction, at most */

/* net.c: publish bytes with an envelope of `type` on the PUB socket (a
 * no-op before it is open). Any thread. */
void node_publish(arnet_node *n, int type, const uint8_t *b, size_t len);

#endif
