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
 */
#include "arnet_check.h"
#include "arnet_codec.h"
#include "node_internal.h"

#include <nng/protocol/reqrep0/req.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PULL_BATCH     500
#define PULL_QUEUE     (2 * INGEST_BATCH) /* records queued, at most */
#define REQ_TIMEOUT_MS 3000

void
sync_client_kick(arnet_node *n)
{
	pthread_mutex_lock(&n->sync_mu);
	n->sync_wanted = 1;
	pthread_cond_signal(&n->sync_cv);
	pthread_mutex_unlock(&n->sync_mu);
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
	q->time = (int64_t)time(NULL);
	memset(q->nonce, 0, sizeof(q->nonce));
	if (arnet_sync_req_sign(buf, sizeof(buf), &len, q, n->sk) != ARNET_OK) {
		return -1;
	}
	if ((rv = nng_send(p->req, buf, len, 0)) != 0 ||
	    (rv = nng_recvmsg(p->req, reply, 0)) != 0) {
		snprintf(p->last_error, sizeof(p->last_error), "%s",
		         nng_strerror(rv));
		return -1;
	}
	if (arnet_envelope_open(nng_msg_body(*reply), nng_msg_len(*reply),
	                        &type, &body, &blen, &d) != ARNET_OK ||
	    type != ARNET_MSG_SYNC_REPLY ||
	    arnet_sync_reply_open(rep, body, blen, &d) != ARNET_OK) {
		n->c.bad_messages++;
		snprintf(p->last_error, sizeof(p->last_error),
		         "bad reply: %.80s", d.msg);
		nng_msg_free(*reply);
		return -1;
	}
	if (rep->status != ARNET_SYNC_OK) {
		snprintf(p->last_error, sizeof(p->last_error), "refused: %.80s",
		         rep->reason);
		nng_msg_free(*reply);
		return 1;
	}
	return 0;
}

typedef struct local_heads {
	const uint8_t *author;
	uint64_t seq;
} local_heads;

static int
head_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	arnet_head *h = arg;
	uint8_t author[32];
	memcpy(author, h->author, 32);
	return arnet_log_head(t, author, h, d);
}

static uint64_t
our_seq(arnet_node *n, const uint8_t *author)
{
	arnet_head h;
	memcpy(h.author, author, 32);
	if (arnet_store_read(n->store, head_txn, &h, NULL) != ARNET_OK) {
		return 0;
	}
	return h.seq;
}

/*
 * Ask for the author's records from `from` on, queue them for ingest;
 * how many came (0 on error). A peer sends a feed's records in seq
 * order with no gap, so the next ask starts `from` + that many.
 */
static uint32_t
pull_batch(arnet_node *n, node_peer *p, const uint8_t *author, uint64_t from)
{
	arnet_sync_req q;
	arnet_sync_reply rep;
	nng_msg *m;
	memset(&q, 0, sizeof(q));
	q.op = ARNET_SYNC_PULL;
	memcpy(q.author, author, 32);
	q.from = from;
	q.max = PULL_BATCH;
	if (ask(n, p, &q, &m, &rep) != 0) {
		return 0;
	}
	/* n u32, then n records, each a u16 length and the record (an
	 * empty payload is taken as none). */
	arnet_rbuf r;
	arnet_rbuf_init(&r, rep.payload, rep.payload_len, NULL);
	uint32_t count = rep.payload_len > 0 ? arnet_get_u32(&r, "n") : 0;
	uint32_t got = 0;
	/* Keep the queue fed, not flooded: room for this reply. */
	ingest_wait_room(n, PULL_QUEUE - PULL_BATCH);
	while (got < count) {
		uint16_t len = arnet_get_u16(&r, "length");
		const uint8_t *b = arnet_get_view(&r, len, "record");
		if (b == NULL) {
			break;
		}
		(void)ingest_push(n, b, len);
		got++;
	}
	if (arnet_rbuf_finish(&r) != ARNET_OK) {
		n->c.bad_messages++;
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
 */
static void
pull(arnet_node *n, node_peer *p, const uint8_t *author, uint64_t upto)
{
	for (int rounds = 0; rounds < 100 && !atomic_load(&n->stopping);
	     rounds++) {
		uint64_t have = our_seq(n, author), from = have + 1;
		if (have >= upto) {
			return;
		}
		uint32_t got;
		while (from <= upto && !atomic_load(&n->stopping) &&
		       (got = pull_batch(n, p, author, from)) > 0) {
			from += got;
		}
		ingest_drain(n);
		if (our_seq(n, author) <= have) {
			return; /* no progress: the peer has a gap too */
		}
	}
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
	/* A u32 length, then the roster. */
	arnet_rbuf r;
	arnet_rbuf_init(&r, rep.payload, rep.payload_len, NULL);
	uint32_t len = arnet_get_u32(&r, "length");
	const uint8_t *b = arnet_get_view(&r, len, "roster");
	if (len > 0 && arnet_rbuf_finish(&r) == ARNET_OK) {
		(void)node_offer_roster(n, b, len);
	}
	nng_msg_free(m);
}

static void
sync_peer(arnet_node *n, node_peer *p)
{
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
	/* The peer's roster epoch u64, n u32, n heads (author, seq, ...). */
	arnet_rbuf r;
	arnet_rbuf_init(&r, rep.payload, rep.payload_len, NULL);
	uint64_t epoch = arnet_get_u64(&r, "epoch");
	uint32_t count = arnet_get_u32(&r, "n");
	size_t size = (size_t)count * ARNET_HEAD_WIRE;
	const uint8_t *b = arnet_get_view(&r, size, "heads");
	if (arnet_rbuf_finish(&r) != ARNET_OK) {
		n->c.bad_messages++;
		nng_msg_free(m);
		return;
	}
	p->heads = count;
	/* Copy the heads out: pulling reuses the socket. */
	uint8_t *heads = malloc(size + 1);
	if (heads != NULL) {
		memcpy(heads, b, size);
	}
	nng_msg_free(m);
	if (epoch > node_roster_epoch(n)) {
		fetch_roster(n, p);
	}
	arnet_rbuf_init(&r, heads, heads != NULL ? size : 0, NULL);
	for (uint32_t i = 0; heads != NULL && i < count; i++) {
		const uint8_t *author = arnet_get_view(&r, 32, "author");
		uint64_t seq = arnet_get_u64(&r, "seq");
		(void)arnet_get_view(&r, ARNET_HEAD_WIRE - 40, "hash");
		if (seq > our_seq(n, author)) {
			pull(n, p, author, seq);
		}
	}
	free(heads);
	p->last_ok = (int64_t)time(NULL);
	p->last_error[0] = '\0';
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

/* Make the peer list match the roster: a REQ socket per member. */
static void
refresh_peers(arnet_node *n)
{
	int64_t now = (int64_t)time(NULL);
	pthread_mutex_lock(&n->mu);
	pthread_rwlock_rdlock(&n->roster_lock);
	for (size_t i = 0; n->has_roster && i < n->roster.ncerts; i++) {
		const arnet_cert *c = &n->roster.certs[i];
		if (!node_is_peer(n, c, now)) {
			continue;
		}
		int k = 0;
		while (k < n->npeers &&
		       memcmp(n->peers[k].key, c->key, 32) != 0) {
			k++;
		}
		if (k < n->npeers || n->npeers >= NODE_PEERS_MAX) {
			continue;
		}
		node_peer *p = &n->peers[n->npeers];
		memset(p, 0, sizeof(*p));
		memcpy(p->key, c->key, 32);
		snprintf(p->member_id, sizeof(p->member_id), "%s",
		         c->member_id.text);
		snprintf(p->sync_url, sizeof(p->sync_url), "%s", c->sync_url);
		snprintf(p->pub_url, sizeof(p->pub_url), "%s", c->pub_url);
		if (nng_req0_open(&p->req) != 0) {
			continue;
		}
		node_socket_limits(p->req, REQ_TIMEOUT_MS);
		nng_socket_set_ms(p->req, NNG_OPT_SENDTIMEO, REQ_TIMEOUT_MS);
		p->node = n;
		atomic_init(&p->pipes, 0);
		nng_pipe_notify(p->req, NNG_PIPE_EV_ADD_POST, on_pipe, p);
		nng_pipe_notify(p->req, NNG_PIPE_EV_REM_POST, on_pipe, p);
		node_dial_backoff(p->req);
		/* Our requests are idempotent reads: resend after a while. */
		nng_socket_set_ms(p->req, NNG_OPT_REQ_RESENDTIME, 10000);
		if (nng_dial(p->req, p->sync_url, NULL, NNG_FLAG_NONBLOCK) !=
		    0) {
			nng_close(p->req);
			continue;
		}
		p->open = 1;
		n->npeers++;
		node_log(NODE_LOG_INFO, "peer %s at %s", p->member_id,
		         p->sync_url);
	}
	pthread_rwlock_unlock(&n->roster_lock);
	pthread_mutex_unlock(&n->mu);
	node_dial_members(n);
}

static int
last_sync_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	return arnet_log_set_last_sync(t, *(int64_t *)arg, d);
}

static void *
client(void *arg)
{
	arnet_node *n = arg;
	node_thread_name("arnet:syncc");
	long interval = n->cfg.node.sync_interval_ms;
	while (!atomic_load(&n->stopping)) {
		refresh_peers(n);
		int64_t round = (int64_t)time(NULL);
		int synced = 0;
		for (int i = 0; i < n->npeers && !atomic_load(&n->stopping);
		     i++) {
			node_peer *p = &n->peers[i];
			if (p->open && atomic_load(&p->pipes) > 0) {
				sync_peer(n, p);
				synced |= p->last_ok >= round;
			} else if (p->open) {
				snprintf(p->last_error, sizeof(p->last_error),
				         "not connected");
			}
		}
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
		pthread_mutex_lock(&n->sync_mu);
		while (!n->sync_wanted && !atomic_load(&n->stopping)) {
			if (pthread_cond_timedwait(&n->sync_cv, &n->sync_mu,
			                           &until) != 0) {
				break;
			}
		}
		n->sync_wanted = 0;
		pthread_mutex_unlock(&n->sync_mu);
	}
	return NULL;
}

int
sync_client_start(arnet_node *n)
{
	if (pthread_create(&n->client_thread, NULL, client, n) != 0) {
		return ARNET_ENOMEM;
	}
	n->client_started = 1;
	return ARNET_OK;
}

void
sync_client_stop(arnet_node *n)
{
	if (n->client_started) {
		sync_client_kick(n);
		/* A request in flight ends at its timeout: close the sockets
		 * so it ends now. */
		for (int i = 0; i < n->npeers; i++) {
			if (n->peers[i].open) {
				nng_close(n->peers[i].req);
			}
		}
		pthread_join(n->client_thread, NULL);
		for (int i = 0; i < n->npeers; i++) {
			n->peers[i].open = 0;
		}
	}
}
