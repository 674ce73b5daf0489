/*
 * membership.c - the roster the node follows, and what it says: its
 * epoch, whether it knows an author, which keys are other members in
 * force (the peers), and the dials of a socket that follow them. Below
 * the parts: it calls none of them.
 */
#include "arnet_roster_store.h"
#include "membership.h"
#include "net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

uint64_t
node_roster_epoch(arnet_node *n)
{
	pthread_rwlock_rdlock(&n->roster_lock);
	uint64_t e = n->has_roster ? n->roster.epoch : 0;
	pthread_rwlock_unlock(&n->roster_lock);
	return e;
}

static int
current_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	return arnet_roster_current(t, arg, NULL, NULL, d);
}

/* Follow r (owned by the node from here on). */
void
node_roster_follow(arnet_node *n, arnet_roster *r)
{
	pthread_rwlock_wrlock(&n->roster_lock);
	if (n->has_roster) {
		arnet_roster_free(&n->roster);
	}
	n->roster = *r;
	n->has_roster = 1;
	pthread_rwlock_unlock(&n->roster_lock);
}

/* Load the roster kept in the store as the one the node follows. */
void
node_roster_load(arnet_node *n)
{
	arnet_roster r;
	memset(&r, 0, sizeof(r));
	int rv = arnet_store_read(n->store, current_txn, &r, NULL);
	if (rv == ARNET_OK) {
		node_roster_follow(n, &r);
		node_log(NODE_LOG_INFO, "roster epoch %llu, %zu certificates",
		         (unsigned long long)r.epoch, r.ncerts);
	} else {
		node_log(NODE_LOG_WARN, "no roster yet: records are refused "
		                        "until one is imported");
	}
}

int
node_knows_author(arnet_node *n, const uint8_t key[ARNET_PUBKEY_BYTES])
{
	pthread_rwlock_rdlock(&n->roster_lock);
	int known = n->has_roster &&
	            arnet_member_valid_at(&n->roster, key, 0, NULL) !=
	                    ARNET_MEMBER_UNKNOWN;
	pthread_rwlock_unlock(&n->roster_lock);
	return known;
}

const arnet_cert *
node_peer_cert(const arnet_node *n, const uint8_t *key, int64_t now)
{
	const arnet_cert *c = NULL;
	if (!n->has_roster || memcmp(key, n->pk, ARNET_PUBKEY_BYTES) == 0 ||
	    arnet_member_valid_at(&n->roster, key, now, &c) !=
	            ARNET_MEMBER_OK) {
		return NULL;
	}
	return c;
}

/* Close the dials of members no longer in force (revoked, expired, or
 * moved to another URL): nng would otherwise redial them for ever.
 * Caller holds n->mu and roster_lock. */
static void
prune_dials(arnet_node *n, node_dials *dl, int survey, int64_t now)
{
	for (int k = 0; k < dl->n;) {
		const arnet_cert *c = node_peer_cert(n, dl->v[k].key, now);
		const char *url = c == NULL ? NULL
		                  : survey  ? c->survey_url
		                            : c->pub_url;
		if (url != NULL && strcmp(url, dl->v[k].url) == 0) {
			k++;
			continue;
		}
		node_log(NODE_LOG_INFO, "no longer dialling %s (%s)",
		         dl->v[k].url,
		         c == NULL ? "not a member in force" : "moved");
		nng_dialer_close(dl->v[k].d);
		dl->v[k] = dl->v[--dl->n];
	}
}

/* Dial url for the member key on s unless it is dialled already (caller
 * holds n->mu). */
static void
dial_once(nng_socket s, node_dials *dl, const uint8_t *key, const char *url)
{
	if (url[0] == '\0') {
		return;
	}
	for (int k = 0; k < dl->n; k++) {
		if (strcmp(dl->v[k].url, url) == 0) {
			return;
		}
	}
	if (!node_endpoint_dialable(url)) {
		return; /* asked again at the next round */
	}
	if (dl->n == dl->cap) {
		int cap = dl->cap ? dl->cap * 2 : 16;
		node_dial *v = realloc(dl->v, (size_t)cap * sizeof(*v));
		if (v == NULL) {
			return; /* tried again at the next round */
		}
		dl->v = v;
		dl->cap = cap;
	}
	node_dial *e = &dl->v[dl->n];
	if (nng_dial(s, url, &e->d, NNG_FLAG_NONBLOCK) == 0) {
		snprintf(e->url, sizeof(e->url), "%s", url);
		memcpy(e->key, key, ARNET_PUBKEY_BYTES);
		dl->n++;
	}
}

void
node_dials_free(node_dials *dl)
{
	free(dl->v);
	memset(dl, 0, sizeof(*dl));
}

int
node_is_peer(const arnet_node *n, const arnet_cert *c, int64_t now)
{
	return node_peer_cert(n, c->key, now) != NULL;
}

void
node_dial_members(arnet_node *n)
{
	int64_t now = (int64_t)time(NULL);
	pthread_mutex_lock(&n->mu);
	pthread_rwlock_rdlock(&n->roster_lock);
	prune_dials(n, &n->sub_dials, 0, now);
	if (n->svy_open) {
		prune_dials(n, &n->svy_dials, 1, now);
	}
	for (size_t i = 0; n->has_roster && i < n->roster.ncerts; i++) {
		const arnet_cert *c = &n->roster.certs[i];
		if (!node_is_peer(n, c, now)) {
			continue;
		}
		dial_once(n->sub, &n->sub_dials, c->key, c->pub_url);
		if (n->svy_open) {
			dial_once(n->svy, &n->svy_dials, c->key, c->survey_url);
		}
	}
	pthread_rwlock_unlock(&n->roster_lock);
	pthread_mutex_unlock(&n->mu);
}
