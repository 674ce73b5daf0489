/*
 * membership.c - the roster the node follows, and what it says: its
 * epoch, whether it knows an author, which keys are other members in
 * force (the peers), and the dials of a socket that follow them. Below
 * the parts: it calls none of them.
 */
#include "arnet_roster_store.h"
#include "link.h"
#include "membership.h"
#include "net.h"

#include <sodium.h>
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
		if (url != NULL && strcmp(url, dl->v[k].url) == 0 &&
		    c->serial == dl->v[k].serial) {
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

/* Dial url for the member of certificate c on s unless it is dialled
 * already (caller holds n->mu and roster_lock). */
static void
dial_once(arnet_node *n, nng_socket s, node_dials *dl, const arnet_cert *c,
          const char *url)
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
	int rv = node_link_dial(n, s, url, c->link, c->link_len, &e->d);
	if (rv == 0) {
		snprintf(e->url, sizeof(e->url), "%s", url);
		memcpy(e->key, c->key, ARNET_PUBKEY_BYTES);
		e->serial = c->serial;
		dl->n++;
	} else {
		node_log_coalesced(url, NODE_LOG_WARN, "cannot dial %s: %s",
		                   url, nng_strerror(rv));
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
		dial_once(n, n->sub, &n->sub_dials, c, c->pub_url);
		if (n->svy_open) {
			dial_once(n, n->svy, &n->svy_dials, c, c->survey_url);
		}
	}
	pthread_rwlock_unlock(&n->roster_lock);
	pthread_mutex_unlock(&n->mu);
	node_links_follow(n);
}

void
node_links_follow(arnet_node *n)
{
	int64_t now = (int64_t)time(NULL);
	crypto_hash_sha256_state h;
	uint8_t id[32], be[8];
	node_pin *pins = NULL, own = {0};
	size_t npins = 0;
	int have_own = 0;
	pthread_rwlock_rdlock(&n->roster_lock);
	size_t ncerts = n->has_roster ? n->roster.ncerts : 0;
	if (ncerts > 0 && (pins = malloc(ncerts * sizeof(*pins))) == NULL) {
		pthread_rwlock_unlock(&n->roster_lock);
		return; /* tried again at the next round */
	}
	/* Ours: the certificate that decides for our key (a key enrolled
	 * again after it left has an older, revoked one too). */
	const arnet_cert *mine = NULL;
	if (ncerts > 0 &&
	    arnet_member_valid_at(&n->roster, n->pk, now, &mine) ==
	            ARNET_MEMBER_OK &&
	    mine != NULL && mine->link_len > 0) {
		own = (node_pin){mine->link, mine->link_len};
		have_own = 1;
	}
	crypto_hash_sha256_init(&h);
	for (size_t i = 0; i < ncerts; i++) {
		const arnet_cert *c = &n->roster.certs[i];
		if (c->link_len == 0) {
			continue;
		}
		if (node_peer_cert(n, c->key, now) == c) {
			pins[npins++] = (node_pin){c->link, c->link_len};
			arnet_be64_write(be, c->serial);
			crypto_hash_sha256_update(&h, be, sizeof(be));
		}
	}
	crypto_hash_sha256_final(&h, id);
	node_links_pin(n, id, pins, npins, have_own ? &own : NULL);
	pthread_rwlock_unlock(&n->roster_lock);
	free(pins);
}
