/*
 * sync_client.c - anti-entropy: ask every member for its heads and pull
 * what this node misses.
 *
 * Runs on start, every sync_interval_ms, and at once when kicked (a gap
 * seen by ingest, `arnet sync`). For each member in the roster other
 * than this one, a REQ socket dialled to its sync URL (non-blocking, so
 * it reconnects by itself with backoff) carries a signed HEADS request;
 * for every author whose head the peer has beyond ours, PULL requests in
 * batches of PULL_BATCH bring the records, which go through the ingest
 * queue like any others. Any node relays any record: we pull from
 * whoever has it. A roster with a higher epoch is fetched and offered.
 *
 * A member can lie (a valid key, bad intent), so a round is built to
 * cost an honest node little whatever one peer does:
 *   - peers are synced in parallel (SYNC_PARALLEL threads per round), so
 *     a peer that stalls every request holds up one thread, not the
 *     others; the round has a deadline (ROUND_DEADLINE_MS), and what it
 *     cut short starts again at once;
 *   - only authors the roster names are pulled (a head of an unknown
 *     author is counted and skipped);
 *   - an author is pulled by one thread at a time (claimed for the
 *     round), so two peers do not both bring the same records;
 *   - a peer that lists a head beyond ours and then serves nothing of it
 *     is demoted: not asked for SYNC_DEMOTE_BASE_MS, doubling up to
 *     SYNC_DEMOTE_MAX_MS with every repeat, and `arnet peers` says why;
 *   - a head at a seq we hold with another hash is a split view (the
 *     author signed two records for one seq): the peer's record is pulled,
 *     so the log keeps the proof and flags the feed in the same round.
 *
 * Stopping never closes a socket under a request in flight. nng 1.5.2's
 * ipc transport (and its tcp one before 1.6.0, nanomsg/nng#1636) loses
 * the pipe's pending receive when the pipe is closed while a message is
 * arriving on it: ipc_pipe_recv_cb resubmits the stream read for the
 * message body on an aio that ipc_pipe_close has just stopped, the read
 * is refused without a callback, and the REQ pipe's receive is never
 * finished. nng's one reaper thread then waits for it for ever
 * (req0_pipe_stop -> nni_aio_stop), so no pipe of any socket in the
 * process is reaped again and nng_close waits for ever for the socket's
 * pipes (nni_sock_shutdown). Closing the REQ sockets to cut the round's
 * requests short, as sync_client_stop did, closed them just as the
 * replies came: bench_net hung in 1 run of 6 stopping its catch-up node.
 * So at stop the round threads finish the request they are in (answered,
 * or at REQ_TIMEOUT_MS) and send no other; the sockets are closed idle,
 * once the client thread is joined. What remains is a peer that answers
 * a request after its timeout, just as we close: nng has to fix that.
 */
#include "arnet_check.h"
#include "arnet_codec.h"
#include "link.h"
#include "membership.h"
#include "net.h"
#include "ingest.h"
#include "roster.h"
#include "sync_client.h"

#include <nng/protocol/reqrep0/req.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PULL_BATCH          500
#define PULL_QUEUE          (2 * INGEST_BATCH) /* records queued, at most */
#define REQ_TIMEOUT_MS      3000
#define SYNC_PARALLEL       4
#define ROUND_DEADLINE_MS   30000
#define SYNC_DEMOTE_BASE_MS 10000
#define SYNC_DEMOTE_MAX_MS  600000

/* The part's own state (n->client), alive as long as the node: ingest
 * and the roster thread kick rounds before the client thread starts and
 * after it stopped. peers: allocated one by one (pipe callbacks hold a
 * node_peer *); the array of pointers changes under the node's mu. */
struct sync_client {
	pthread_t thread;
	int started;
	pthread_mutex_t mu; /* wanted */
	pthread_cond_t cv;
	int wanted;
	node_peer **peers;
	int npeers, cap;
};

/* One round: the peers to sync and the authors being pulled. */
typedef struct sync_round {
	arnet_node *n;
	node_peer **peers;
	int npeers;
	atomic_int next;  /* the next peer to take */
	int64_t deadline; /* unix ms */
	atomic_int cut;   /* the deadline cut something short */
	pthread_mutex_t mu;
	uint8_t (*claimed)[ARNET_PUBKEY_BYTES];
	int nclaimed, capclaimed;
} sync_round;

static int64_t
now_ms(void)
{
	return node_clock_ms(CLOCK_REALTIME);
}

static int
past_deadline(sync_round *r)
{
	if (atomic_load(&r->n->stopping)) {
		return 1;
	}
	if (now_ms() >= r->deadline) {
		atomic_store(&r->cut, 1);
		return 1;
	}
	return 0;
}

/* Claim the author for this thread: 0 when another has it. */
static int
claim(sync_round *r, const uint8_t *author)
{
	int ok = 1;
	pthread_mutex_lock(&r->mu);
	for (int i = 0; i < r->nclaimed && ok; i++) {
		ok = memcmp(r->claimed[i], author, ARNET_PUBKEY_BYTES) != 0;
	}
	if (ok && r->nclaimed == r->capclaimed) {
		int cap = r->capclaimed ? r->capclaimed * 2 : 64;
		void *v = realloc(r->claimed, (size_t)cap * ARNET_PUBKEY_BYTES);
		if (v == NULL) {
			ok = 0;
		} else {
			r->claimed = v;
			r->capclaimed = cap;
		}
	}
	if (ok) {
		memcpy(r->claimed[r->nclaimed++], author, ARNET_PUBKEY_BYTES);
	}
	pthread_mutex_unlock(&r->mu);
	return ok;
}

static void
unclaim(sync_round *r, const uint8_t *author)
{
	pthread_mutex_lock(&r->mu);
	for (int i = 0; i < r->nclaimed; i++) {
		if (memcmp(r->claimed[i], author, ARNET_PUBKEY_BYTES) == 0) {
			memcpy(r->claimed[i], r->claimed[--r->nclaimed],
			       ARNET_PUBKEY_BYTES);
			break;
		}
	}
	pthread_mutex_unlock(&r->mu);
}

/* Say what went wrong with a peer (shown by `arnet peers`). */
static void peer_error(arnet_node *n, node_peer *p, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static void
peer_error(arnet_node *n, node_peer *p, const char *fmt, ...)
{
	va_list ap;
	pthread_mutex_lock(&n->mu);
	va_start(ap, fmt);
	vsnprintf(p->last_error, sizeof(p->last_error), fmt, ap);
	va_end(ap);
	pthread_mutex_unlock(&n->mu);
}

void
sync_client_kick(arnet_node *n)
{
	struct sync_client *sc = n->client;
	if (sc == NULL) {
		return; /* the node is being made or has failed to be */
	}
	pthread_mutex_lock(&sc->mu);
	sc->wanted = 1;
	pthread_cond_signal(&sc->cv);
	pthread_mutex_unlock(&sc->mu);
}

int
sync_client_peers(arnet_node *n, void (*fn)(const node_peer *p, void *arg),
                  void *arg)
{
	struct sync_client *sc = n->client;
	pthread_mutex_lock(&n->mu);
	int k = sc != NULL ? sc->npeers : 0;
	for (int i = 0; fn != NULL && i < k; i++) {
		fn(sc->peers[i], arg);
	}
	pthread_mutex_unlock(&n->mu);
	return k;
}

/* Send a signed request and receive the reply message (caller frees). */
static int
ask(arnet_node *n, node_peer *p, arnet_sync_req *q, nng_msg **reply,
    arnet_sync_reply *rep)
{
	uint8_t buf[256];
	size_t len;
	const uint8_t *body;
	size_t blen;
	int type, rv;
	arnet_diag d;
	if (atomic_load(&n->stopping)) {
		return -1; /* a socket is closed only with no request on it */
	}
	q->time = (int64_t)time(NULL);
	memset(q->nonce, 0, sizeof(q->nonce));
	if (arnet_sync_req_sign(buf, sizeof(buf), &len, q, n->sk) != ARNET_OK) {
		return -1;
	}
	if ((rv = nng_send(p->req, buf, len, 0)) != 0 ||
	    (rv = nng_recvmsg(p->req, reply, 0)) != 0) {
		peer_error(n, p, "%s", nng_strerror(rv));
		return -1;
	}
	if (arnet_envelope_open(nng_msg_body(*reply), nng_msg_len(*reply),
	                        &type, &body, &blen, &d) != ARNET_OK ||
	    type != ARNET_MSG_SYNC_REPLY ||
	    arnet_sync_reply_open(rep, body, blen, &d) != ARNET_OK) {
		n->c.bad_messages++;
		peer_error(n, p, "bad reply: %.80s", d.msg);
		nng_msg_free(*reply);
		return -1;
	}
	if (rep->status != ARNET_SYNC_OK) {
		peer_error(n, p, "refused: %.80s", rep->reason);
		nng_msg_free(*reply);
		return 1;
	}
	return 0;
}

/* Our head of the author (seq 0 when none). */
static void
our_head(arnet_node *n, const uint8_t *author, arnet_head *h)
{
	if (arnet_log_head_read(n->store, author, h, NULL) != ARNET_OK) {
		h->seq = 0;
	}
}

static uint64_t
our_seq(arnet_node *n, const uint8_t *author)
{
	arnet_head h;
	our_head(n, author, &h);
	return h.seq;
}

typedef struct at_seq {
	const uint8_t *author;
	uint64_t seq;
	uint8_t hash[ARNET_HASH_BYTES];
	int found;
} at_seq;

static int
hash_one(const uint8_t *rec, size_t len, void *arg)
{
	at_seq *a = arg;
	arnet_record_hash(a->hash, rec, len);
	a->found = 1;
	return 1;
}

static int
at_seq_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	at_seq *a = arg;
	return arnet_log_range(t, a->author, a->seq, 1, ARNET_RECORD_MAX,
	                       hash_one, a, d);
}

/*
 * Ask for the author's records from `from` on (at most max), queue them
 * for ingest; how many came (0 on error). A peer sends a feed's records
 * in seq order with no gap, so the next ask starts `from` + that many.
 */
static uint32_t
pull_batch(arnet_node *n, node_peer *p, const uint8_t *author, uint64_t from,
           uint32_t max)
{
	arnet_sync_req q;
	arnet_sync_reply rep;
	nng_msg *m;
	memset(&q, 0, sizeof(q));
	q.op = ARNET_SYNC_PULL;
	memcpy(q.author, author, ARNET_PUBKEY_BYTES);
	q.from = from;
	q.max = max;
	if (ask(n, p, &q, &m, &rep) != 0) {
		return 0;
	}
	/* Checked whole first: a reply is used whole or not at all. */
	arnet_records_view v;
	const uint8_t *b;
	size_t len;
	uint32_t got = 0;
	if (arnet_records_payload_open(&v, rep.payload, rep.payload_len, max,
	                               NULL) != ARNET_OK) {
		n->c.bad_messages++;
		nng_msg_free(m);
		return 0;
	}
	/* Keep the queue fed, not flooded: room for this reply. */
	ingest_wait_room(n, PULL_QUEUE - PULL_BATCH);
	while (arnet_records_next(&v, &b, &len)) {
		(void)ingest_push(n, b, len);
		got++;
	}
	nng_msg_free(m);
	return got;
}

/*
 * Pull the author's records after our head, up to `upto`. The asks are
 * pipelined: the next one goes out while the workers verify what the
 * last one brought (waiting for each batch to be stored left the
 * verifiers idle during every round trip and commit). Once the peer has
 * nothing more, what we hold is checked: records that failed or went
 * pending leave our head short, and the next round starts from it.
 * Returns the records the peer served (0: it listed a head it did not
 * serve).
 */
static uint64_t
pull(sync_round *rd, node_peer *p, const uint8_t *author, uint64_t upto)
{
	arnet_node *n = rd->n;
	uint64_t served = 0;
	for (int rounds = 0; rounds < 100 && !past_deadline(rd); rounds++) {
		uint64_t have = our_seq(n, author), from = have + 1;
		if (have >= upto) {
			break;
		}
		uint32_t got;
		while (from <= upto && !past_deadline(rd) &&
		       (got = pull_batch(n, p, author, from, PULL_BATCH)) > 0) {
			from += got;
			served += got;
		}
		ingest_drain(n);
		if (our_seq(n, author) <= have) {
			break; /* no progress: the peer has a gap too */
		}
	}
	return served;
}

static void
fetch_roster(arnet_node *n, node_peer *p)
{
	arnet_sync_req q;
	arnet_sync_reply rep;
	nng_msg *m;
	memset(&q, 0, sizeof(q));
	q.op = ARNET_SYNC_ROSTER;
	if (ask(n, p, &q, &m, &rep) != 0) {
		return;
	}
	const uint8_t *b;
	size_t len;
	if (arnet_roster_payload_open(&b, &len, rep.payload, rep.payload_len,
	                              NULL) != ARNET_OK) {
		n->c.bad_messages++;
	} else if (len > 0) {
		(void)node_offer_roster(n, b, len);
	}
	nng_msg_free(m);
}

/*
 * The peer's proofs of equivocation: for each feed it flagged, a rival
 * and the feed's own record at that seq. What we flagged already is
 * skipped before any signature work; the rest goes through ingest, which
 * keeps the pair as proof and flags the feed here too. So a node learns
 * of an equivocation from any peer that knows of it, not only from one
 * whose head differs from ours.
 */
static void
fetch_proofs(arnet_node *n, node_peer *p)
{
	arnet_sync_req q;
	arnet_sync_reply rep;
	nng_msg *m;
	if (p->no_proofs) {
		return;
	}
	memset(&q, 0, sizeof(q));
	q.op = ARNET_SYNC_PROOFS;
	int rv = ask(n, p, &q, &m, &rep);
	if (rv == 1 && rep.status == ARNET_SYNC_BAD) {
		p->no_proofs = 1; /* an older node: it keeps no such list */
		return;
	}
	if (rv != 0) {
		return;
	}
	arnet_records_view v;
	const uint8_t *b;
	size_t len;
	int pushed = 0;
	if (arnet_records_payload_open(&v, rep.payload, rep.payload_len,
	                               UINT32_MAX, NULL) != ARNET_OK) {
		n->c.bad_messages++;
		nng_msg_free(m);
		return;
	}
	while (arnet_records_next(&v, &b, &len)) {
		arnet_record rec;
		arnet_head h;
		if (arnet_record_decode(&rec, b, len, NULL) != ARNET_OK ||
		    !node_knows_author(n, rec.author)) {
			continue;
		}
		our_head(n, rec.author, &h);
		if (!h.equivocated) {
			(void)ingest_push(n, b, len);
			pushed = 1;
		}
	}
	nng_msg_free(m);
	if (pushed) {
		ingest_drain(n);
	}
}

/* Not asked again for a while: the peer listed a head it did not serve. */
static void
demote(arnet_node *n, node_peer *p, const uint8_t *author, uint64_t seq)
{
	char key[ARNET_PUBKEY_TEXT_LEN + 1];
	int64_t ms = SYNC_DEMOTE_BASE_MS;
	for (int i = 0; i < p->strikes && ms < SYNC_DEMOTE_MAX_MS; i++) {
		ms *= 2;
	}
	if (ms > SYNC_DEMOTE_MAX_MS) {
		ms = SYNC_DEMOTE_MAX_MS;
	}
	p->strikes++;
	p->demoted_until = now_ms() + ms;
	n->c.peers_demoted++;
	arnet_pubkey_format(key, author);
	peer_error(n, p,
	           "demoted for %lld s: listed author %.16s... at seq %llu "
	           "and did not serve it",
	           (long long)(ms / 1000), key, (unsigned long long)seq);
	node_log(NODE_LOG_WARN, "peer %s %s", p->member_id, p->last_error);
}

/*
 * The peer holds another record than ours at the author's seq: two
 * records signed for one place of a feed. Pull the peer's: the log keeps
 * it as proof and flags the feed.
 */
static void
check_split(arnet_node *n, node_peer *p, const arnet_head *ours, uint64_t seq,
            const uint8_t *hash)
{
	const uint8_t *author = ours->author;
	at_seq a = {author, seq, {0}, 0};
	if (ours->equivocated || seq == 0) {
		return; /* the proof is here already, or nothing to compare */
	}
	/* A peer level with us (the common case, every round) compares
	 * with our head's hash; only one behind needs our record there. */
	if (seq == ours->seq) {
		memcpy(a.hash, ours->hash, ARNET_HASH_BYTES);
	} else if (arnet_store_read(n->store, at_seq_txn, &a, NULL) !=
	                   ARNET_OK ||
	           !a.found) {
		return;
	}
	if (memcmp(a.hash, hash, ARNET_HASH_BYTES) == 0) {
		return;
	}
	n->c.split_views++;
	if (pull_batch(n, p, author, seq, 1) > 0) {
		ingest_drain(n);
	}
}

static void
sync_peer(sync_round *rd, node_peer *p)
{
	arnet_node *n = rd->n;
	arnet_sync_req q;
	arnet_sync_reply rep;
	nng_msg *m;
	memset(&q, 0, sizeof(q));
	q.op = ARNET_SYNC_HEADS;
	int rv = ask(n, p, &q, &m, &rep);
	if (rv == 1) {
		/* Refused: the peer may follow a newer roster (one that
		 * revoked us, say). A roster is served to anyone it names. */
		fetch_roster(n, p);
	}
	if (rv != 0) {
		return;
	}
	arnet_heads_view hv;
	arnet_diag d;
	if (arnet_heads_payload_open(&hv, rep.payload, rep.payload_len, &d) !=
	    ARNET_OK) {
		n->c.bad_messages++;
		peer_error(n, p, "bad heads reply: %.100s", d.msg);
		nng_msg_free(m);
		return;
	}
	uint32_t count = hv.n;
	size_t size = (size_t)count * ARNET_HEAD_WIRE;
	p->heads = count;
	/* Copy the heads out: pulling reuses the socket. */
	uint8_t *heads = malloc(size + 1);
	if (heads != NULL) {
		memcpy(heads, hv.heads, size);
	}
	nng_msg_free(m);
	hv.heads = heads;
	if (hv.epoch > node_roster_epoch(n)) {
		fetch_roster(n, p);
	}
	int demoted = 0;
	uint64_t unknown = 0;
	for (uint32_t i = 0; heads != NULL && i < count && !demoted; i++) {
		const uint8_t *author, *hash;
		uint64_t seq;
		arnet_heads_view_get(&hv, i, &author, &seq, &hash);
		if (past_deadline(rd)) {
			break;
		}
		if (!node_knows_author(n, author)) {
			unknown++;
			continue;
		}
		arnet_head h;
		our_head(n, author, &h);
		if (seq <= h.seq) {
			check_split(n, p, &h, seq, hash);
			continue;
		}
		if (!claim(rd, author)) {
			continue; /* another peer is bringing it */
		}
		uint64_t served = pull(rd, p, author, seq);
		unclaim(rd, author);
		if (served == 0 && our_seq(n, author) < seq &&
		    !past_deadline(rd)) {
			demote(n, p, author, seq);
			demoted = 1;
		}
	}
	free(heads);
	if (!demoted && !past_deadline(rd)) {
		fetch_proofs(n, p);
	}
	if (unknown > 0) {
		n->c.heads_unknown += unknown;
	}
	p->unknown_heads = unknown;
	if (!demoted) {
		pthread_mutex_lock(&n->mu);
		p->last_ok = (int64_t)time(NULL);
		p->last_error[0] = '\0';
		pthread_mutex_unlock(&n->mu);
	}
	if (demoted || (heads != NULL && rd->cut)) {
		sync_client_kick(n); /* the others, or the rest, at once */
	}
}

/* nng's pipe notifications (on nng's threads: only an atomic and a
 * kick): a peer is asked only while connected, so a member that is down
 * costs the round nothing, and a peer that comes up is synced at once. */
static void
on_pipe(nng_pipe pipe, nng_pipe_ev ev, void *arg)
{
	node_peer *p = arg;
	(void)pipe;
	if (ev == NNG_PIPE_EV_ADD_POST) {
		atomic_fetch_add(&p->pipes, 1);
		sync_client_kick(p->node);
	} else if (ev == NNG_PIPE_EV_REM_POST) {
		atomic_fetch_sub(&p->pipes, 1);
	}
}

/* A REQ socket dialled to the member's sync URL; NULL when it fails. */
static node_peer *
peer_open(arnet_node *n, const arnet_cert *c)
{
	node_peer *p = calloc(1, sizeof(*p));
	if (p == NULL) {
		return NULL;
	}
	memcpy(p->key, c->key, ARNET_PUBKEY_BYTES);
	snprintf(p->member_id, sizeof(p->member_id), "%s", c->member_id.text);
	snprintf(p->sync_url, sizeof(p->sync_url), "%s", c->sync_url);
	snprintf(p->pub_url, sizeof(p->pub_url), "%s", c->pub_url);
	if (nng_req0_open(&p->req) != 0) {
		free(p);
		return NULL;
	}
	node_socket_limits(p->req, ARNET_WIRE_MAX, REQ_TIMEOUT_MS);
	nng_socket_set_ms(p->req, NNG_OPT_SENDTIMEO, REQ_TIMEOUT_MS);
	p->node = n;
	atomic_init(&p->pipes, 0);
	nng_pipe_notify(p->req, NNG_PIPE_EV_ADD_POST, on_pipe, p);
	nng_pipe_notify(p->req, NNG_PIPE_EV_REM_POST, on_pipe, p);
	node_dial_backoff(p->req);
	/* Never resent by nng: a copy of a request is refused by the peer's
	 * replay cache. A request lost is asked again, with a new nonce, at
	 * the next round. */
	nng_socket_set_ms(p->req, NNG_OPT_REQ_RESENDTIME,
	                  NNG_DURATION_INFINITE);
	p->serial = c->serial;
	if (node_link_dial(n, p->req, p->sync_url, c->link, c->link_len,
	                   NULL) != 0) {
		nng_close(p->req);
		free(p);
		return NULL;
	}
	p->open = 1;
	return p;
}

static void
peer_close(node_peer *p)
{
	if (p->open) {
		nng_close(p->req); /* no pipe callback runs after this */
	}
	free(p);
}

/* The peers of a batch, closed on a thread of their own. */
typedef struct closing {
	int n;
	node_peer *v[64];
} closing;

static void *
closer(void *arg)
{
	closing *c = arg;
	node_thread_name("arnet:close");
	for (int i = 0; i < c->n; i++) {
		peer_close(c->v[i]);
	}
	free(c);
	return NULL;
}

/* Close the peers no longer wanted without waiting for it: nng 1.5.2's
 * nng_close can block for good on a TLS connection being reaped
 * (nanomsg/nng#1543: its reaper waits on a task that never runs; seen in
 * bench_net --links tls), and this thread must go on syncing with the
 * others. The pipe callback that reaches the node is cleared first, so
 * the closing thread touches nothing of the node's. Inline when no
 * thread is to be had. */
static void
peers_close_detached(node_peer **gone, int n)
{
	closing *c = malloc(sizeof(*c));
	pthread_t t;
	for (int i = 0; i < n; i++) {
		nng_pipe_notify(gone[i]->req, NNG_PIPE_EV_ADD_POST, NULL, NULL);
	}
	if (c != NULL) {
		c->n = n;
		memcpy(c->v, gone, (size_t)n * sizeof(*gone));
		if (pthread_create(&t, NULL, closer, c) == 0) {
			pthread_detach(t);
			return;
		}
		free(c);
	}
	for (int i = 0; i < n; i++) {
		peer_close(gone[i]);
	}
}

/*
 * Make the peer list match the roster: a REQ socket per member in force,
 * closed when it is no longer (revoked, expired, moved). Runs on the
 * sync client thread, the only one that uses the sockets.
 */
static void
refresh_peers(arnet_node *n)
{
	struct sync_client *sc = n->client;
	int64_t now = (int64_t)time(NULL);
	node_peer *gone[64];
	int ngone;
	do {
		ngone = 0;
		pthread_mutex_lock(&n->mu);
		pthread_rwlock_rdlock(&n->roster_lock);
		for (int k = 0; k < sc->npeers && ngone < 64;) {
			node_peer *p = sc->peers[k];
			const arnet_cert *c = node_peer_cert(n, p->key, now);
			if (c != NULL &&
			    strcmp(c->sync_url, p->sync_url) == 0 &&
			    c->serial == p->serial) {
				k++;
				continue;
			}
			gone[ngone++] = p;
			sc->peers[k] = sc->peers[--sc->npeers];
		}
		pthread_rwlock_unlock(&n->roster_lock);
		pthread_mutex_unlock(&n->mu);
		for (int i = 0; i < ngone; i++) {
			node_log(NODE_LOG_INFO,
			         "peer %s is no longer a member in force "
			         "(or has a new certificate): link closed",
			         gone[i]->member_id);
		}
		if (ngone > 0) {
			peers_close_detached(gone, ngone);
		}
	} while (ngone == 64);

	/* The members to open a link to, copied out under roster_lock
	 * (taken after mu elsewhere: never hold it while waiting for mu).
	 * Only this thread changes the peer list, so it reads it freely. */
	arnet_cert *want = NULL;
	size_t nwant = 0;
	pthread_rwlock_rdlock(&n->roster_lock);
	size_t ncerts = n->has_roster ? n->roster.ncerts : 0;
	for (size_t i = 0; i < ncerts; i++) {
		const arnet_cert *c = &n->roster.certs[i];
		int k = 0;
		while (k < sc->npeers && memcmp(sc->peers[k]->key, c->key,
		                                ARNET_PUBKEY_BYTES) != 0) {
			k++;
		}
		if (k < sc->npeers || !node_is_peer(n, c, now) ||
		    !node_endpoint_dialable(c->sync_url)) {
			continue; /* a member down on ipc://: next round */
		}
		if (want == NULL &&
		    (want = malloc((ncerts - i) * sizeof(*want))) == NULL) {
			break; /* tried again next round */
		}
		want[nwant++] = *c;
	}
	pthread_rwlock_unlock(&n->roster_lock);
	for (size_t i = 0; i < nwant && !atomic_load(&n->stopping); i++) {
		node_peer *p = peer_open(n, &want[i]);
		if (p == NULL) {
			continue; /* tried again next round */
		}
		pthread_mutex_lock(&n->mu);
		if (sc->npeers == sc->cap) {
			int cap = sc->cap ? sc->cap * 2 : 16;
			node_peer **v =
			        realloc(sc->peers, (size_t)cap * sizeof(*v));
			if (v == NULL) {
				pthread_mutex_unlock(&n->mu);
				peer_close(p);
				continue;
			}
			sc->peers = v;
			sc->cap = cap;
		}
		sc->peers[sc->npeers++] = p;
		pthread_mutex_unlock(&n->mu);
		node_log(NODE_LOG_INFO, "peer %s at %s", p->member_id,
		         p->sync_url);
	}
	free(want);
	node_dial_members(n);
}

static int
last_sync_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	return arnet_log_set_last_sync(t, *(int64_t *)arg, d);
}

static void
round_work(sync_round *rd)
{
	int i;
	while ((i = atomic_fetch_add(&rd->next, 1)) < rd->npeers &&
	       !past_deadline(rd)) {
		sync_peer(rd, rd->peers[i]);
	}
}

static void *
round_worker(void *arg)
{
	node_thread_name("arnet:syncw");
	round_work(arg);
	return NULL;
}

/* Sync with every connected, not demoted peer, SYNC_PARALLEL at a time.
 * 1 when some peer answered. */
static int
sync_round_run(arnet_node *n)
{
	struct sync_client *sc = n->client;
	sync_round rd;
	int64_t round = (int64_t)time(NULL), ms = now_ms();
	memset(&rd, 0, sizeof(rd));
	rd.n = n;
	rd.deadline = ms + ROUND_DEADLINE_MS;
	pthread_mutex_init(&rd.mu, NULL);
	pthread_mutex_lock(&n->mu);
	rd.peers = malloc(((size_t)sc->npeers + 1) * sizeof(*rd.peers));
	for (int i = 0; rd.peers != NULL && i < sc->npeers; i++) {
		node_peer *p = sc->peers[i];
		if (!p->open) {
			continue;
		}
		if (atomic_load(&p->pipes) == 0) {
			snprintf(p->last_error, sizeof(p->last_error),
			         "not connected");
		} else if (p->demoted_until <= ms) {
			rd.peers[rd.npeers++] = p;
		}
	}
	pthread_mutex_unlock(&n->mu);
	pthread_t th[SYNC_PARALLEL];
	int nth = 0;
	while (nth < SYNC_PARALLEL && nth < rd.npeers &&
	       pthread_create(&th[nth], NULL, round_worker, &rd) == 0) {
		nth++;
	}
	if (nth == 0 && rd.npeers > 0) {
		/* No thread to be had: this one, under its own name. */
		round_work(&rd);
	}
	for (int i = 0; i < nth; i++) {
		pthread_join(th[i], NULL);
	}
	int synced = 0;
	for (int i = 0; i < rd.npeers; i++) {
		synced |= rd.peers[i]->last_ok >= round;
	}
	free(rd.peers);
	free(rd.claimed);
	pthread_mutex_destroy(&rd.mu);
	return synced;
}

typedef struct expire_job {
	arnet_log_rules rules;
	uint64_t dropped;
} expire_job;

static int
expire_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	expire_job *j = arg;
	return arnet_log_expire_pending(t, &j->rules, &j->dropped, d);
}

/* Records that waited for a gap past [log] pending_expire_days are
 * dropped (sync brings them again once the gap is filled): so a member
 * cannot fill every node's `pending` with records it never completes. */
static void
expire_pending(arnet_node *n)
{
	expire_job j;
	arnet_diag d;
	memset(&j, 0, sizeof(j));
	ingest_log_rules(n, &j.rules);
	if (arnet_store_write(n->store, expire_txn, &j, 0, &d) != ARNET_OK) {
		node_log(NODE_LOG_WARN, "expiring pending records: %s", d.msg);
	} else if (j.dropped > 0) {
		n->c.pending_expired += j.dropped;
		node_log(NODE_LOG_INFO,
		         "dropped %llu records that waited for a gap longer "
		         "than %ld days",
		         (unsigned long long)j.dropped,
		         n->cfg.log.pending_expire_days);
	}
}

#define EXPIRE_EVERY_S 3600

static void *
client(void *arg)
{
	arnet_node *n = arg;
	node_thread_name("arnet:syncc");
	long interval = n->cfg.node.sync_interval_ms;
	int64_t expired_at = 0;
	while (!atomic_load(&n->stopping)) {
		if ((int64_t)time(NULL) - expired_at >= EXPIRE_EVERY_S) {
			expire_pending(n);
			expired_at = (int64_t)time(NULL);
		}
		refresh_peers(n);
		int64_t round = (int64_t)time(NULL);
		int synced = sync_round_run(n);
		/* The credit check says how fresh the log is. */
		if (synced && arnet_store_write(n->store, last_sync_txn, &round,
		                                0, NULL) != ARNET_OK) {
			node_log(NODE_LOG_WARN, "cannot record the sync time");
		}
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += interval / 1000;
		until.tv_nsec += (interval % 1000) * 1000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		struct sync_client *sc = n->client;
		pthread_mutex_lock(&sc->mu);
		while (!sc->wanted && !atomic_load(&n->stopping)) {
			if (pthread_cond_timedwait(&sc->cv, &sc->mu, &until) !=
			    0) {
				break;
			}
		}
		sc->wanted = 0;
		pthread_mutex_unlock(&sc->mu);
	}
	return NULL;
}

int
sync_client_init(arnet_node *n)
{
	struct sync_client *sc = calloc(1, sizeof(*sc));
	if (sc == NULL) {
		return ARNET_ENOMEM;
	}
	pthread_mutex_init(&sc->mu, NULL);
	pthread_cond_init(&sc->cv, NULL);
	n->client = sc;
	return ARNET_OK;
}

void
sync_client_free(arnet_node *n)
{
	struct sync_client *sc = n->client;
	if (sc == NULL) {
		return;
	}
	n->client = NULL;
	pthread_cond_destroy(&sc->cv);
	pthread_mutex_destroy(&sc->mu);
	free(sc);
}

int
sync_client_start(arnet_node *n)
{
	return node_thread_start(&n->client->thread, &n->client->started,
	                         client, n);
}

void
sync_client_stop(arnet_node *n)
{
	struct sync_client *sc = n->client;
	if (sc == NULL) {
		return;
	}
	if (sc->started) {
		/* The node is stopping: the round threads send no new
		 * request and end after the one they are in (see the top of
		 * this file for why its socket must not be closed under it).
		 * A stop waits at most one request (REQ_TIMEOUT_MS to send,
		 * as much for the reply) and the ingest of its records. */
		sync_client_kick(n);
		pthread_join(sc->thread, NULL);
		sc->started = 0;
	}
	/* No thread uses the sockets any more and no request is in
	 * flight on them. Not under mu: nng_close waits for the pipes to
	 * be reaped on nng's threads. */
	pthread_mutex_lock(&n->mu);
	node_peer **peers = sc->peers;
	int npeers = sc->npeers;
	sc->peers = NULL;
	sc->npeers = sc->cap = 0;
	pthread_mutex_unlock(&n->mu);
	/* Detached, as refresh_peers does: a close nng cannot finish must
	 * not hold the node's stop (the closing threads touch only the
	 * peers). */
	for (int i = 0; i < npeers; i += 64) {
		peers_close_detached(peers + i,
		                     npeers - i < 64 ? npeers - i : 64);
	}
	free(peers);
}
