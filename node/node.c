/*
 * node.c - a node's life: start (key, store, roster, sockets, the parts
 * in order) and the ordered stop. What the parts share is below them
 * (net.c, membership.c); the parts are in their own files.
 */
#include "arnet_control.h"
#include "arnet_keyfile.h"
#include "arnet_node.h"
#include "alerts_out.h"
#include "guard.h"
#include "link.h"
#include "membership.h"
#include "net.h"
#include "control.h"
#include "ingest.h"
#include "roster.h"
#include "sub.h"
#include "survey.h"
#include "sync_client.h"
#include "sync_server.h"

#include <nng/protocol/pubsub0/pub.h>
#include <nng/protocol/pubsub0/sub.h>
#include <nng/protocol/reqrep0/rep.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The key file, relative to the config file's directory. */
static int
load_key(arnet_node *n, arnet_diag *d)
{
	char path[2400];
	if (arnet_member_key_path(path, sizeof(path), &n->cfg, n->data_dir) !=
	    ARNET_OK) {
		return arnet_diag_set(d, ARNET_ENOTFOUND,
		                      "no member key: set [member] key");
	}
	if ((n->sk = sodium_malloc(ARNET_SECKEY_BYTES)) == NULL) {
		return arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
	}
	int rv = arnet_keyfile_read_secret(path, n->sk, NULL, 0, d);
	if (rv == ARNET_OK) {
		memcpy(n->pk, arnet_seckey_pubkey(n->sk), ARNET_PUBKEY_BYTES);
	}
	return rv;
}

/* Our own certificate's endpoints, when the config does not say. */
static void
own_endpoints(arnet_node *n, char *pub, char *sync, char *survey, size_t cap)
{
	snprintf(pub, cap, "%s", n->cfg.node.pub_listen);
	snprintf(sync, cap, "%s", n->cfg.node.sync_listen);
	snprintf(survey, cap, "%s", n->cfg.node.survey_listen);
	pthread_rwlock_rdlock(&n->roster_lock);
	for (size_t i = 0; n->has_roster && i < n->roster.ncerts; i++) {
		const arnet_cert *c = &n->roster.certs[i];
		if (memcmp(c->key, n->pk, ARNET_PUBKEY_BYTES) == 0) {
			if (pub[0] == '\0') {
				snprintf(pub, cap, "%s", c->pub_url);
			}
			if (sync[0] == '\0') {
				snprintf(sync, cap, "%s", c->sync_url);
			}
			if (survey[0] == '\0') {
				snprintf(survey, cap, "%s", c->survey_url);
			}
		}
	}
	pthread_rwlock_unlock(&n->roster_lock);
}

int
arnet_node_start(arnet_node **out, const char *data_dir,
                 const arnet_config *cfg, arnet_diag *d)
{
	char pub[256], sync[256], survey[256];
	int rv;
	*out = NULL;
	arnet_node *n = calloc(1, sizeof(*n));
	if (n == NULL) {
		return arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
	}
	snprintf(n->data_dir, sizeof(n->data_dir), "%s", data_dir);
	n->cfg = *cfg;
	n->nworkers = cfg->node.workers;
	n->started = (int64_t)time(NULL);
	/* A gap seen by ingest, or a newer roster: a sync round at once. */
	n->on_gap = sync_client_kick;
	n->on_roster = sync_client_kick;
	pthread_mutex_init(&n->mu, NULL);
	pthread_rwlock_init(&n->roster_lock, NULL);
	pthread_mutex_init(&n->svy_mu, NULL);
	pthread_mutex_init(&n->pub_mu, NULL);
	node_log_level(cfg->node.log_level);
	if ((rv = sync_client_init(n)) != ARNET_OK) {
		arnet_diag_set(d, rv, "out of memory");
		goto fail;
	}
	if (!cfg->has_root_key) {
		rv = arnet_diag_set(d, ARNET_ENOTFOUND,
		                    "no trust anchor: set [association] "
		                    "root_key (arnet init does)");
		goto fail;
	}
	if ((rv = load_key(n, d)) != ARNET_OK ||
	    (rv = arnet_store_open_limits(&n->store, data_dir,
	                                  ARNET_STORE_CREATE, &cfg->store,
	                                  d)) != ARNET_OK) {
		goto fail;
	}
	node_roster_load(n);
	if ((rv = node_links_open(n, d)) != ARNET_OK) {
		goto fail;
	}
	node_links_follow(n); /* the pins, before any listener */
	own_endpoints(n, pub, sync, survey, sizeof(pub));
	if (pub[0] == '\0' || sync[0] == '\0') {
		rv = arnet_diag_set(d, ARNET_ENOTFOUND,
		                    "no endpoints: this member is not in the "
		                    "roster and [node] pub_listen/sync_listen "
		                    "are not set");
		goto fail;
	}
	if (nng_pub0_open(&n->pub) != 0 || nng_sub0_open(&n->sub) != 0 ||
	    nng_rep0_open(&n->rep) != 0) {
		rv = arnet_diag_set(d, ARNET_ENOMEM, "cannot open sockets");
		goto fail;
	}
	n->pub_open = n->sub_open = n->rep_open = 1;
	if (nng_aio_alloc(&n->pub_aio, NULL, NULL) != 0) {
		rv = arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
		goto fail;
	}
	node_socket_limits(n->pub, ARNET_WIRE_MAX, 0);
	node_socket_limits(n->sub, ARNET_WIRE_MAX, 500);
	node_socket_limits(n->rep, ARNET_WIRE_MAX, 0);
	nng_socket_set(n->sub, NNG_OPT_SUB_SUBSCRIBE, "", 0);
	node_dial_backoff(n->sub);
	if ((rv = guard_start(n, d)) != ARNET_OK ||
	    (rv = node_link_listen(n, n->pub, pub, "publishing", d)) !=
	            ARNET_OK ||
	    (rv = node_link_listen(n, n->rep, sync, "sync", d)) != ARNET_OK) {
		goto fail;
	}
	if ((rv = survey_start(n, survey, d)) != ARNET_OK) {
		goto fail;
	}
	if ((rv = ingest_start(n)) != ARNET_OK ||
	    (rv = sync_server_start(n)) != ARNET_OK ||
	    (rv = control_start(n)) != ARNET_OK) {
		if (d != NULL && d->msg[0] == '\0') {
			arnet_diag_set(d, rv, "cannot start: %s",
			               arnet_strerror(rv));
		}
		goto fail;
	}
	if (roster_start(n) != ARNET_OK || sub_start(n) != ARNET_OK) {
		rv = arnet_diag_set(d, ARNET_ENOMEM, "cannot start a thread");
		goto fail;
	}
	if ((rv = sync_client_start(n)) != ARNET_OK ||
	    (rv = alerts_out_start(n)) != ARNET_OK) {
		goto fail;
	}
	char key[ARNET_PUBKEY_TEXT_LEN + 1];
	arnet_pubkey_format(key, n->pk);
	node_log(NODE_LOG_INFO, "member %s (%s) running on %s",
	         cfg->member_id.text, key, data_dir);
	*out = n;
	return ARNET_OK;
fail:
	arnet_node_stop(n);
	return rv;
}

void
arnet_node_reload(arnet_node *n)
{
	node_roster_load(n);
	sync_client_kick(n);
}

void
arnet_node_stop(arnet_node *n)
{
	if (n == NULL) {
		return;
	}
	atomic_store(&n->stopping, 1);
	node_log(NODE_LOG_INFO, "stopping");
	/* Outward first: no new work arrives while the rest winds down. */
	alerts_out_stop(n);
	sync_client_stop(n);
	survey_stop(n); /* ends a survey the control thread may be in */
	control_stop(n);
	if (n->rep_open) {
		nng_close(n->rep);
	}
	sync_server_stop(n);
	if (n->sub_open) {
		nng_close(n->sub);
	}
	sub_stop(n);
	roster_stop(n); /* after every thread that offers rosters */
	ingest_stop(n);
	if (n->pub_open) {
		nng_close(n->pub);
	}
	if (n->pub_aio != NULL) {
		nng_aio_free(n->pub_aio);
	}
	guard_stop(n);       /* after every socket it watches is closed */
	node_links_close(n); /* after every socket that listens */
	if (n->has_roster) {
		arnet_roster_free(&n->roster);
	}
	arnet_store_close(n->store);
	if (n->sk != NULL) {
		sodium_free(n->sk);
	}
	node_dials_free(&n->sub_dials);
	node_dials_free(&n->svy_dials);
	pthread_mutex_destroy(&n->svy_mu);
	pthread_mutex_destroy(&n->pub_mu);
	sync_client_free(n); /* after every part that kicks a round */
	pthread_rwlock_destroy(&n->roster_lock);
	pthread_mutex_destroy(&n->mu);
	free(n);
}
