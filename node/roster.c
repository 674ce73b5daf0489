/*
 * roster.c - the roster thread (`arnet:roster`): rosters peers offer,
 * checked in full off the network threads and outside any write
 * transaction, and adopted when newer; an adopted roster is passed on.
 */
#include "arnet_roster_store.h"
#include "membership.h"
#include "net.h"
#include "roster.h"

#include <stdlib.h>
#include <string.h>

/* Rosters waiting for the roster thread; more are dropped (counted). */
#define NODE_ROSTER_QUEUE 8

/* A roster offered by a peer, waiting to be checked. */
typedef struct roster_offer {
	struct roster_offer *next;
	uint64_t epoch;
	size_t len;
	uint8_t bytes[];
} roster_offer;

/* The roster part's own state (n->rosters). */
struct roster_queue {
	pthread_t thread;
	int started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	roster_offer *offers; /* oldest first */
	int n;
};

typedef struct roster_job {
	arnet_roster r;
	const uint8_t *b;
	size_t len;
	uint64_t epoch;
} roster_job;

static int
adopt_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	roster_job *j = arg;
	return arnet_roster_adopt(t, j->b, j->len, &j->r, d);
}

int
node_offer_roster(arnet_node *n, const uint8_t *b, size_t len)
{
	uint64_t epoch;
	arnet_diag d;
	/* Header only: a roster that is not newer than ours (the common
	 * case: every peer passes each roster on) or not our association's
	 * costs no signature check and no copy. */
	if (arnet_roster_peek(&epoch, b, len, n->cfg.root_key, &d) !=
	    ARNET_OK) {
		n->c.rosters_refused++;
		node_log(NODE_LOG_WARN, "roster refused: %s", d.msg);
		return 0;
	}
	if (epoch <= node_roster_epoch(n)) {
		n->c.rosters_stale++;
		return 0;
	}
	roster_offer *o = malloc(sizeof(*o) + len);
	if (o == NULL) {
		n->c.rosters_dropped++;
		return 0;
	}
	o->next = NULL;
	o->epoch = epoch;
	o->len = len;
	memcpy(o->bytes, b, len);
	pthread_mutex_lock(&n->rosters->mu);
	int queued = n->rosters->n < NODE_ROSTER_QUEUE;
	if (queued) {
		roster_offer **at = &n->rosters->offers;
		while (*at != NULL) {
			at = &(*at)->next;
		}
		*at = o;
		n->rosters->n++;
		pthread_cond_signal(&n->rosters->cv);
	}
	pthread_mutex_unlock(&n->rosters->mu);
	if (!queued) {
		free(o); /* sync fetches a newer roster again next round */
		n->c.rosters_dropped++;
	}
	return queued;
}

/* Check an offered roster in full and adopt it if it is still newer. */
static void
consider(arnet_node *n, roster_offer *o)
{
	roster_job j;
	arnet_diag d;
	memset(&j, 0, sizeof(j));
	if (o->epoch <= node_roster_epoch(n)) {
		n->c.rosters_stale++; /* one queued before it was adopted */
		return;
	}
	if (arnet_roster_open(&j.r, o->bytes, o->len, n->cfg.root_key, &d) !=
	    ARNET_OK) {
		n->c.rosters_refused++;
		node_log(NODE_LOG_WARN, "roster epoch %llu refused: %s",
		         (unsigned long long)o->epoch, d.msg);
		return;
	}
	j.b = o->bytes;
	j.len = o->len;
	j.epoch = j.r.epoch;
	int rv = arnet_store_write(n->store, adopt_txn, &j, 0, &d);
	if (rv != ARNET_OK) {
		arnet_roster_free(&j.r);
		if (rv != ARNET_EEXIST) {
			n->c.rosters_refused++;
			node_log(NODE_LOG_WARN, "roster not kept: %s", d.msg);
		}
		return;
	}
	n->c.rosters_adopted++;
	node_log(NODE_LOG_INFO, "adopted roster epoch %llu, %zu certificates",
	         (unsigned long long)j.epoch, j.r.ncerts);
	node_roster_follow(n, &j.r);
	node_publish(n, ARNET_MSG_ROSTER, o->bytes, o->len); /* pass it on */
	n->on_roster(n); /* peers and dials follow the new roster */
}

static void *
roster_thread(void *arg)
{
	arnet_node *n = arg;
	node_thread_name("arnet:roster");
	pthread_mutex_lock(&n->rosters->mu);
	while (!atomic_load(&n->stopping)) {
		roster_offer *o = n->rosters->offers;
		if (o == NULL) {
			pthread_cond_wait(&n->rosters->cv, &n->rosters->mu);
			continue;
		}
		n->rosters->offers = o->next;
		n->rosters->n--;
		pthread_mutex_unlock(&n->rosters->mu);
		consider(n, o);
		free(o);
		pthread_mutex_lock(&n->rosters->mu);
	}
	pthread_mutex_unlock(&n->rosters->mu);
	return NULL;
}

void
roster_stop(arnet_node *n)
{
	if (n->rosters == NULL) {
		return;
	}
	if (n->rosters->started) {
		pthread_mutex_lock(&n->rosters->mu);
		pthread_cond_broadcast(&n->rosters->cv);
		pthread_mutex_unlock(&n->rosters->mu);
		pthread_join(n->rosters->thread, NULL);
		n->rosters->started = 0;
	}
	while (n->rosters->offers != NULL) {
		roster_offer *o = n->rosters->offers;
		n->rosters->offers = o->next;
		free(o);
	}
	pthread_cond_destroy(&n->rosters->cv);
	pthread_mutex_destroy(&n->rosters->mu);
	free(n->rosters);
	n->rosters = NULL;
}

int
roster_start(arnet_node *n)
{
	if ((n->rosters = calloc(1, sizeof(*n->rosters))) == NULL) {
		return ARNET_ENOMEM;
	}
	pthread_mutex_init(&n->rosters->mu, NULL);
	pthread_cond_init(&n->rosters->cv, NULL);
	return node_thread_start(&n->rosters->thread, &n->rosters->started,
	                         roster_thread, n);
}
