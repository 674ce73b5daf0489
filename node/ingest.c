/*
 * ingest.c - records into the log: verify on worker threads, commit in
 * batches on one committer thread.
 *
 * Ed25519 verification is the cost of ingest (about 20k/s a core), so the
 * workers do it in parallel and the LMDB writer only stores. The
 * committer is a group commit: while more records are on their way (some
 * wait for a worker or are being verified) it lets the verified ones
 * gather, up to INGEST_BATCH, and stores them in one write transaction; when
 * nothing more is coming it stores what it has at once. So a single
 * record (a publish, a hint) is durable without delay, and a burst costs
 * one fsync per INGEST_BATCH records. Batch size matters beyond the fsync: the
 * log's by-hash and by-subject indexes take random keys, so each commit
 * rewrites about one leaf page per record per index until a batch is
 * large beside the tree (measured: 330 commits of ~300 records for 100k
 * records spent more time in page writeback than in LMDB itself).
 * Each record and its author's new head are written together by
 * arnet_log_ingest; a crash loses at most an uncommitted batch, which
 * sync brings back.
 */
#include "arnet_date.h"
#include "net.h"
#include "ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The committer may start: a full batch, or nothing more on its way.
 * Caller holds q->mu. */
static int
commit_due(const ingest_queue *q)
{
	return q->stop ||
	       (q->vhead != NULL && (q->nverified >= INGEST_BATCH ||
	                             (q->head == NULL && q->verifying == 0)));
}

/* Append it to the verified list; wake the committer if it may start.
 * Caller holds q->mu. */
static void
put_verified(ingest_queue *q, ingest_item *it)
{
	it->next = NULL;
	if (q->vtail) {
		q->vtail->next = it;
	} else {
		q->vhead = it;
	}
	q->vtail = it;
	q->nverified++;
	if (commit_due(q)) {
		pthread_cond_signal(&q->vcv);
	}
}

int
ingest_push(arnet_node *n, const uint8_t *b, size_t len)
{
	ingest_queue *q = &n->q;
	if (len == 0 || len > ARNET_RECORD_MAX) {
		n->c.refused[ARNET_REFUSE_MALFORMED]++;
		return -1;
	}
	ingest_item *it = malloc(sizeof(*it) + len);
	if (it == NULL) {
		return -1;
	}
	it->next = NULL;
	it->len = len;
	memcpy(it->bytes, b, len);
	pthread_mutex_lock(&q->mu);
	if (q->stop || q->n >= NODE_QUEUE_MAX) {
		pthread_mutex_unlock(&q->mu);
		free(it);
		return -1;
	}
	q->n++;
	if (q->tail) {
		q->tail->next = it;
	} else {
		q->head = it;
	}
	q->tail = it;
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->mu);
	return 0;
}

void
ingest_drain(arnet_node *n)
{
	ingest_queue *q = &n->q;
	pthread_mutex_lock(&q->mu);
	while (!q->stop && (q->n > 0 || q->inflight > 0)) {
		pthread_cond_wait(&q->less, &q->mu);
	}
	pthread_mutex_unlock(&q->mu);
}

void
ingest_wait_room(arnet_node *n, size_t limit)
{
	ingest_queue *q = &n->q;
	pthread_mutex_lock(&q->mu);
	while (!q->stop && q->n > limit) {
		pthread_cond_wait(&q->less, &q->mu);
	}
	pthread_mutex_unlock(&q->mu);
}

/* Worker: verify, then pass to the committer (or count the refusal). */
static void *
worker(void *arg)
{
	arnet_node *n = arg;
	ingest_queue *q = &n->q;
	node_thread_name("arnet:verify");
	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (!q->stop && q->head == NULL) {
			pthread_cond_wait(&q->cv, &q->mu);
		}
		if (q->stop) {
			break;
		}
		ingest_item *it = q->head;
		q->head = it->next;
		if (q->head == NULL) {
			q->tail = NULL;
		}
		q->inflight++;
		q->verifying++;
		pthread_mutex_unlock(&q->mu);
		int rv = arnet_record_verify(it->bytes, it->len);
		n->c.verified++;
		pthread_mutex_lock(&q->mu);
		q->inflight--;
		q->verifying--;
		if (rv == ARNET_OK) {
			put_verified(q, it);
			continue;
		}
		/* Too short to hold a signature is malformed; the rest is
		 * not signed by the key it names. */
		n->c.refused[rv == ARNET_ESIG ? ARNET_REFUSE_SIGNATURE
		                              : ARNET_REFUSE_MALFORMED]++;
		q->n--;
		free(it);
		pthread_cond_broadcast(&q->less);
		/* The last record on its way failed: the ones that
		 * gathered may go now. */
		if (commit_due(q)) {
			pthread_cond_signal(&q->vcv);
		}
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

typedef struct batch {
	arnet_node *n;
	ingest_item *items;
	arnet_ingest_info *info;
	size_t count;
	arnet_log_rules rules; /* [log] and the clock, at the batch */
} batch;

void
ingest_log_rules(const arnet_node *n, arnet_log_rules *r)
{
	arnet_log_rules_default(r, (int64_t)time(NULL));
	r->max_future_s = n->cfg.log.max_future_s;
	r->pending_per_author = (uint32_t)n->cfg.log.pending_per_author;
	r->pending_expire_s =
	        (int64_t)n->cfg.log.pending_expire_days * ARNET_DAY_SECONDS;
	r->self = n->pk; /* its own records raise no alert */
}

static int
batch_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	batch *b = arg;
	size_t i = 0;
	for (ingest_item *it = b->items; it != NULL; it = it->next, i++) {
		int rv = arnet_log_ingest(t, it->bytes, it->len,
		                          b->n->has_roster ? &b->n->roster
		                                           : NULL,
		                          &b->rules, &b->info[i], d);
		if (rv != ARNET_OK) {
			return rv;
		}
	}
	return ARNET_OK;
}

/*
 * One line per kind of offence and author, coalesced: a member that
 * sends 20,000 rivals or forgeries costs a line a minute, not one each.
 * Only refusals decided after the membership check name a member for
 * sure; anyone can make new keys, so the others are keyed by the kind
 * alone (or a flood of fresh keys would print a line each).
 */
static void
log_offence(const arnet_ingest_info *in, const char *kind, int level,
            const char *what)
{
	char key[80], author[ARNET_PUBKEY_TEXT_LEN + 1];
	int trusted = in->result == ARNET_INGEST_EQUIVOCATION ||
	              in->refusal == ARNET_REFUSE_BACKDATED ||
	              in->refusal == ARNET_REFUSE_TOO_FAR ||
	              in->refusal == ARNET_REFUSE_TARGET;
	arnet_pubkey_format(author, in->author);
	snprintf(key, sizeof(key), "%s %s", kind, trusted ? author : "");
	node_log_coalesced(key, level, "%s (%s): author %s, seq %llu", what,
	                   kind, author, (unsigned long long)in->seq);
}

static void
account(arnet_node *n, batch *b)
{
	size_t i = 0;
	int gap = 0;
	for (ingest_item *it = b->items; it != NULL; it = it->next, i++) {
		const arnet_ingest_info *in = &b->info[i];
		switch (in->result) {
		case ARNET_INGEST_ACCEPTED:
			n->c.accepted += in->appended;
			/* A hint for subscribers; relaying is what sync is
			 * for, so only publish what we are the first to see. */
			node_publish(n, ARNET_MSG_RECORD, it->bytes, it->len);
			break;
		case ARNET_INGEST_DUPLICATE:
			n->c.duplicates++;
			break;
		case ARNET_INGEST_PENDING:
			n->c.pending++;
			gap = 1;
			break;
		case ARNET_INGEST_EQUIVOCATION:
			n->c.equivocations++;
			log_offence(in, "equivocation", NODE_LOG_WARN,
			            "two records at one place of its feed; the "
			            "first rival is kept as proof, the others "
			            "counted");
			break;
		default:
			if (in->refusal > 0 &&
			    in->refusal < ARNET_REFUSE_COUNT) {
				n->c.refused[in->refusal]++;
				log_offence(in, arnet_refusal_name(in->refusal),
				            NODE_LOG_INFO, "record refused");
			}
			break;
		}
	}
	if (gap) {
		n->on_gap(n); /* the node has the sync client look for it */
	}
}

/* A batch item and its place in arrival order. */
typedef struct arrival {
	ingest_item *it;
	size_t at;
} arrival;

/* Order of records in a feed (arnet_record_feed_cmp); ties (the same
 * record twice, or rivals) keep their arrival order. */
static int
feed_order(const void *a, const void *b)
{
	const arrival *x = a, *y = b;
	int c = arnet_record_feed_cmp(x->it->bytes, x->it->len, y->it->bytes,
	                              y->it->len);
	return c != 0 ? c : (x->at > y->at) - (x->at < y->at);
}

/*
 * The workers verify in parallel, so records of one feed reach the
 * committer out of order; stored as they come, every record after a gap
 * would be written to `pending` and moved again when the gap fills.
 * Sorting a batch by feed and seq stores them in order.
 */
static ingest_item *
in_feed_order(ingest_item *head, size_t n)
{
	arrival *v = n > 1 ? malloc(n * sizeof(*v)) : NULL;
	if (v == NULL) {
		return head; /* the order only saves work */
	}
	size_t i = 0;
	for (ingest_item *it = head; it != NULL; it = it->next, i++) {
		v[i] = (arrival){it, i};
	}
	qsort(v, n, sizeof(*v), feed_order);
	for (i = 0; i + 1 < n; i++) {
		v[i].it->next = v[i + 1].it;
	}
	v[n - 1].it->next = NULL;
	head = v[0].it;
	free(v);
	return head;
}

static void *
committer(void *arg)
{
	arnet_node *n = arg;
	ingest_queue *q = &n->q;
	node_thread_name("arnet:commit");
	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (!commit_due(q)) {
			pthread_cond_wait(&q->vcv, &q->mu);
		}
		if (q->stop) {
			break;
		}
		batch b = {n, q->vhead, NULL, 0, {0}};
		ingest_item *last = q->vhead;
		b.count = 1;
		while (last->next != NULL && b.count < INGEST_BATCH) {
			last = last->next;
			b.count++;
		}
		q->vhead = last->next;
		if (q->vhead == NULL) {
			q->vtail = NULL;
		}
		last->next = NULL;
		q->nverified -= b.count;
		q->inflight += b.count;
		q->n -= b.count;
		pthread_cond_broadcast(&q->less);
		pthread_mutex_unlock(&q->mu);
		b.items = in_feed_order(b.items, b.count);

		b.info = calloc(b.count, sizeof(*b.info));
		ingest_log_rules(n, &b.rules);
		arnet_diag d;
		int rv = ARNET_ENOMEM;
		if (b.info != NULL) {
			pthread_rwlock_rdlock(&n->roster_lock);
			rv = arnet_store_write(n->store, batch_txn, &b, 0, &d);
			pthread_rwlock_unlock(&n->roster_lock);
		}
		if (rv == ARNET_OK) {
			n->c.commits++;
			account(n, &b);
		} else {
			/* Refused, counted, logged by name; reads go on and
			 * sync brings the records again once there is room. */
			if (rv == ARNET_EFULL || rv == ARNET_ENOSPC) {
				n->c.store_full++;
			} else {
				n->c.store_errors++;
			}
			node_log(NODE_LOG_ERROR,
			         "could not store %zu records: %s: %s (sync "
			         "will bring them again)",
			         b.count, arnet_errname(rv),
			         b.info ? d.msg : "out of memory");
		}
		free(b.info);
		while (b.items != NULL) {
			ingest_item *next = b.items->next;
			free(b.items);
			b.items = next;
		}
		pthread_mutex_lock(&q->mu);
		q->inflight -= b.count;
		if (q->n == 0 && q->inflight == 0) {
			pthread_cond_broadcast(&q->less);
		}
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

int
ingest_start(arnet_node *n)
{
	ingest_queue *q = &n->q;
	memset(q, 0, sizeof(*q));
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	pthread_cond_init(&q->vcv, NULL);
	pthread_cond_init(&q->less, NULL);
	n->ingest_started = 1; /* from here on ingest_stop cleans up */
	for (int i = 0; i < n->nworkers; i++) {
		if (pthread_create(&n->workers[i], NULL, worker, n) != 0) {
			n->nworkers = i;
			return ARNET_ENOMEM;
		}
	}
	if (pthread_create(&n->committer, NULL, committer, n) != 0) {
		return ARNET_ENOMEM;
	}
	n->committer_started = 1;
	return ARNET_OK;
}

static void
free_list(ingest_item *it)
{
	while (it != NULL) {
		ingest_item *next = it->next;
		free(it);
		it = next;
	}
}

void
ingest_stop(arnet_node *n)
{
	ingest_queue *q = &n->q;
	if (!n->ingest_started) {
		return;
	}
	pthread_mutex_lock(&q->mu);
	q->stop = 1;
	pthread_cond_broadcast(&q->cv);
	pthread_cond_broadcast(&q->vcv);
	pthread_cond_broadcast(&q->less);
	pthread_mutex_unlock(&q->mu);
	for (int i = 0; i < n->nworkers; i++) {
		pthread_join(n->workers[i], NULL);
	}
	if (n->committer_started) {
		pthread_join(n->committer, NULL);
	}
	free_list(q->head);
	free_list(q->vhead);
	pthread_cond_destroy(&q->cv);
	pthread_cond_destroy(&q->vcv);
	pthread_cond_destroy(&q->less);
	pthread_mutex_destroy(&q->mu);
}
