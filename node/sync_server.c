/*
 * sync_server.c - answering members' sync requests on the REP socket.
 *
 * NODE_REP_CTXS contexts, each a small state machine driven by its aio:
 * RECV completes -> the callback queues the request (it never blocks) ->
 * a server thread checks and answers it and starts the SEND -> SEND
 * completes -> the callback starts the next RECV. A request must be a
 * valid envelope and a signed request by a member in force at its time,
 * made within ARNET_SYNC_SKEW seconds of our clock; anything else gets a
 * refusal (counted) and the context goes on serving.
 */
#include "arnet_roster_store.h"
#include "guard.h"
#include "membership.h"
#include "net.h"
#include "replay.h"
#include "sync_server.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NODE_REP_CTXS 8 /* requests served at once */

enum { REP_RECV, REP_SEND };

typedef struct rep_ctx {
	arnet_node *n;
	nng_ctx ctx;
	nng_aio *aio;
	int state;
} rep_ctx;

typedef struct rep_job {
	struct rep_job *next;
	rep_ctx *rc;
	nng_msg *msg;
} rep_job;

/* The sync server's own state (n->server). */
struct sync_server {
	rep_ctx reps[NODE_REP_CTXS];
	pthread_t threads[2];
	int nthreads;
	pthread_mutex_t mu; /* the queue of requests */
	pthread_cond_t cv;
	rep_job *head, *tail;
	replay_cache *seen; /* the requests taken within the window */
};

/* Every request taken is remembered for the whole window either side of
 * our clock (a request stamped ARNET_SYNC_SKEW ahead is fresh until
 * twice that has passed); a member may hold SEEN_PER_ASKER of them, 27
 * a second sustained, far over a catch-up's pace (1,000 records a PULL),
 * and SEEN_MAX in all (3 MB). */
#define SEEN_MAX       (1u << 17)
#define SEEN_PER_ASKER 16384

static void
rep_cb(void *arg)
{
	rep_ctx *rc = arg;
	arnet_node *n = rc->n;
	int rv = nng_aio_result(rc->aio);
	if (rc->state == REP_SEND) {
		if (rv != 0) {
			nng_msg_free(nng_aio_get_msg(rc->aio));
		}
		if (atomic_load(&n->stopping)) {
			return;
		}
		rc->state = REP_RECV;
		nng_ctx_recv(rc->ctx, rc->aio);
		return;
	}
	if (rv != 0) {
		if (rv != NNG_ECLOSED && !atomic_load(&n->stopping)) {
			nng_ctx_recv(rc->ctx, rc->aio);
		}
		return;
	}
	rep_job *j = malloc(sizeof(*j));
	if (j == NULL) {
		nng_msg_free(nng_aio_get_msg(rc->aio));
		nng_ctx_recv(rc->ctx, rc->aio);
		return;
	}
	j->next = NULL;
	j->rc = rc;
	j->msg = nng_aio_get_msg(rc->aio);
	pthread_mutex_lock(&n->server->mu);
	if (n->server->tail) {
		n->server->tail->next = j;
	} else {
		n->server->head = j;
	}
	n->server->tail = j;
	pthread_cond_signal(&n->server->cv);
	pthread_mutex_unlock(&n->server->mu);
}

typedef struct serve {
	arnet_node *n;
	const arnet_sync_req *q;
	arnet_reply *r;
	arnet_payload_enc e; /* the list being answered */
} serve;

static int
head_out(const arnet_head *h, void *arg)
{
	serve *s = arg;
	arnet_heads_payload_add(&s->e, h->author, h->seq, h->hash);
	return s->r->err == ARNET_OK ? 0 : s->r->err;
}

static int
record_out(const uint8_t *b, size_t len, void *arg)
{
	serve *s = arg;
	arnet_records_payload_add(&s->e, b, len);
	return s->r->err == ARNET_OK ? 0 : s->r->err;
}

/* PROOFS: for each flagged feed, the first rival kept and the feed's
 * own record at its seq, so the asker holds the proof whole. */
typedef struct proof_out {
	serve *s;
	arnet_txn *t;
	arnet_diag *d;
	const uint8_t *author;
	int rv;
} proof_out;

#define PROOFS_REPLY_MAX (2u << 20)

static int
first_proof(const uint8_t *b, size_t len, void *arg)
{
	proof_out *o = arg;
	arnet_record r;
	if (arnet_record_decode(&r, b, len, NULL) != ARNET_OK) {
		return 1; /* not ours to serve: skip the feed */
	}
	record_out(b, len, o->s);
	o->rv = arnet_log_range(o->t, o->author, r.seq, 1, ARNET_RECORD_MAX,
	                        record_out, o->s, o->d);
	return 1;
}

static int
proofs_of(const arnet_head *h, void *arg)
{
	proof_out *o = arg;
	if (!h->equivocated) {
		return 0;
	}
	if (o->s->r->len > PROOFS_REPLY_MAX) {
		return 1; /* the asker asks again next round */
	}
	o->author = h->author;
	int rv = arnet_log_proofs(o->t, h->author, first_proof, o, o->d);
	if (rv == ARNET_OK) {
		rv = o->rv;
	}
	return rv != ARNET_OK ? rv : o->s->r->err;
}

static int
serve_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	serve *s = arg;
	int rv;
	switch (s->q->op) {
	case ARNET_SYNC_HEADS:
		arnet_heads_payload_begin(&s->e, s->r, node_roster_epoch(s->n));
		rv = arnet_log_heads(t, head_out, s, d);
		break;
	case ARNET_SYNC_PULL:
		arnet_records_payload_begin(&s->e, s->r);
		rv = arnet_log_range(t, s->q->author, s->q->from, s->q->max,
		                     4u << 20, record_out, s, d);
		break;
	case ARNET_SYNC_PROOFS: {
		proof_out o = {s, t, d, NULL, ARNET_OK};
		arnet_records_payload_begin(&s->e, s->r);
		rv = arnet_log_heads(t, proofs_of, &o, d);
		break;
	}
	default: {
		arnet_roster ro;
		uint8_t *raw = NULL;
		size_t len = 0;
		rv = arnet_roster_current(t, &ro, &raw, &len, d);
		if (rv == ARNET_OK) {
			arnet_roster_free(&ro);
			arnet_roster_payload_put(s->r, raw, len);
			free(raw);
		}
		return rv;
	}
	}
	(void)arnet_payload_end(&s->e); /* r->err is checked by the caller */
	return rv;
}

/* Answer one request message into r. */
static void
answer(arnet_node *n, nng_msg *m, arnet_reply *r)
{
	const uint8_t *body;
	size_t len;
	int type = 0;
	arnet_sync_req q;
	arnet_diag d;
	if (arnet_envelope_open(nng_msg_body(m), nng_msg_len(m), &type, &body,
	                        &len, &d) != ARNET_OK ||
	    (type != ARNET_MSG_SYNC_REQUEST &&
	     arnet_diag_set(&d, ARNET_ETYPE, "not a sync request")) ||
	    arnet_sync_req_decode(&q, body, len, &d) != ARNET_OK) {
		n->c.bad_messages++;
		arnet_reply_start(r, ARNET_SYNC_BAD, d.msg);
		return;
	}
	int64_t now = (int64_t)time(NULL);
	if (q.time < now - ARNET_SYNC_SKEW || q.time > now + ARNET_SYNC_SKEW) {
		n->c.sync_refused++;
		arnet_reply_start(r, ARNET_SYNC_REFUSED,
		                  "request time too far from ours");
		return;
	}
	pthread_rwlock_rdlock(&n->roster_lock);
	int member = n->has_roster ? arnet_member_valid_at(&n->roster, q.asker,
	                                                   q.time, NULL)
	                           : ARNET_MEMBER_UNKNOWN;
	pthread_rwlock_unlock(&n->roster_lock);
	/* The roster is served to every key it names, in force or not: a
	 * member that left or was revoked learns it from any peer. */
	if (member != ARNET_MEMBER_OK &&
	    !(q.op == ARNET_SYNC_ROSTER && member != ARNET_MEMBER_UNKNOWN)) {
		n->c.sync_refused++;
		arnet_reply_start(r, ARNET_SYNC_REFUSED,
		                  arnet_member_valid_text(member));
		return;
	}
	/* The signature last of the checks that cost nothing: a stale or
	 * a stranger's request costs no verification. */
	if (arnet_sync_req_verify(&q, body, len, &d) != ARNET_OK) {
		n->c.bad_messages++;
		arnet_reply_start(r, ARNET_SYNC_BAD, d.msg);
		return;
	}
	switch (replay_check(n->server->seen, q.asker, q.nonce, now)) {
	case REPLAY_SEEN:
		n->c.sync_replayed++;
		arnet_reply_start(r, ARNET_SYNC_REFUSED,
		                  "request seen before (replayed)");
		return;
	case REPLAY_FULL:
		n->c.sync_replay_full++;
		arnet_reply_start(r, ARNET_SYNC_REFUSED,
		                  "too many requests from this member");
		return;
	}
	guard_valid(n, nng_msg_get_pipe(m)); /* signed, and by a member */
	arnet_reply_start(r, ARNET_SYNC_OK, NULL);
	serve s = {n, &q, r, {0}};
	int rv = arnet_store_read(n->store, serve_txn, &s, &d);
	if (rv != ARNET_OK || r->err != ARNET_OK) {
		arnet_wbuf_free(r);
		arnet_reply_start(r, ARNET_SYNC_REFUSED,
		                  rv == ARNET_ENOTFOUND ? "no roster yet"
		                                        : "cannot answer now");
		return;
	}
	n->c.sync_served++;
}

static void *
server(void *arg)
{
	arnet_node *n = arg;
	node_thread_name("arnet:syncd");
	for (;;) {
		pthread_mutex_lock(&n->server->mu);
		while (n->server->head == NULL && !atomic_load(&n->stopping)) {
			pthread_cond_wait(&n->server->cv, &n->server->mu);
		}
		rep_job *j = n->server->head;
		if (j != NULL) {
			n->server->head = j->next;
			if (n->server->head == NULL) {
				n->server->tail = NULL;
			}
		}
		pthread_mutex_unlock(&n->server->mu);
		if (j == NULL) {
			return NULL; /* stopping */
		}
		arnet_reply r;
		answer(n, j->msg, &r);
		nng_msg_clear(j->msg);
		if (r.err != ARNET_OK ||
		    nng_msg_append(j->msg, r.p, r.len) != 0) {
			nng_msg_free(j->msg);
			j->rc->state = REP_RECV;
			nng_ctx_recv(j->rc->ctx, j->rc->aio);
		} else {
			j->rc->state = REP_SEND;
			nng_aio_set_msg(j->rc->aio, j->msg);
			nng_ctx_send(j->rc->ctx, j->rc->aio);
		}
		arnet_wbuf_free(&r);
		free(j);
	}
}

int
sync_server_start(arnet_node *n)
{
	if ((n->server = calloc(1, sizeof(*n->server))) == NULL) {
		return ARNET_ENOMEM;
	}
	if ((n->server->seen = replay_new(SEEN_MAX, SEEN_PER_ASKER,
	                                  2 * ARNET_SYNC_SKEW + 1)) == NULL) {
		free(n->server);
		n->server = NULL;
		return ARNET_ENOMEM;
	}
	pthread_mutex_init(&n->server->mu, NULL);
	pthread_cond_init(&n->server->cv, NULL);
	for (int i = 0; i < NODE_REP_CTXS; i++) {
		rep_ctx *rc = &n->server->reps[i];
		rc->n = n;
		if (nng_aio_alloc(&rc->aio, rep_cb, rc) != 0 ||
		    nng_ctx_open(&rc->ctx, n->rep) != 0) {
			return ARNET_ENOMEM;
		}
		rc->state = REP_RECV;
		nng_ctx_recv(rc->ctx, rc->aio);
	}
	n->server->nthreads = 2;
	for (int i = 0; i < n->server->nthreads; i++) {
		if (pthread_create(&n->server->threads[i], NULL, server, n) !=
		    0) {
			n->server->nthreads = i;
			return ARNET_ENOMEM;
		}
	}
	return ARNET_OK;
}

void
sync_server_stop(arnet_node *n)
{
	if (n->server == NULL) {
		return;
	}
	pthread_mutex_lock(&n->server->mu);
	pthread_cond_broadcast(&n->server->cv);
	pthread_mutex_unlock(&n->server->mu);
	for (int i = 0; i < n->server->nthreads; i++) {
		pthread_join(n->server->threads[i], NULL);
	}
	for (int i = 0; i < NODE_REP_CTXS; i++) {
		if (n->server->reps[i].aio != NULL) {
			nng_aio_stop(n->server->reps[i].aio);
		}
	}
	while (n->server->head != NULL) {
		rep_job *j = n->server->head;
		n->server->head = j->next;
		nng_msg_free(j->msg);
		free(j);
	}
	for (int i = 0; i < NODE_REP_CTXS; i++) {
		if (n->server->reps[i].aio != NULL) {
			nng_ctx_close(n->server->reps[i].ctx);
			nng_aio_free(n->server->reps[i].aio);
		}
	}
	pthread_cond_destroy(&n->server->cv);
	pthread_mutex_destroy(&n->server->mu);
	replay_free(n->server->seen);
	free(n->server);
	n->server = NULL;
}
