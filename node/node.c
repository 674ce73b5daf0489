/*
 * node.c - a node's life: start (key, store, roster, sockets, threads),
 * the roster it follows, publishing, the SUB reader, stop.
 */
#include "arnet_keyfile.h"
#include "arnet_roster_store.h"
#include "guard.h"
#include "node_internal.h"

#include <nng/protocol/pubsub0/pub.h>
#include <nng/protocol/pubsub0/sub.h>
#include <nng/protocol/reqrep0/rep.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>

void
arnet_node_control_url(char *buf, size_t cap, const char *data_dir)
{
	snprintf(buf, cap, "ipc://%s/arnetd.ipc", data_dir);
}

int
node_socket_limits(nng_socket s, int recv_timeout_ms)
{
	int rv = nng_socket_set_size(s, NNG_OPT_RECVMAXSZ, ARNET_WIRE_MAX);
	if (rv == 0 && recv_timeout_ms > 0) {
		rv = nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, recv_timeout_ms);
	}
	return rv;
}

void
node_dial_backoff(nng_socket s)
{
	nng_socket_set_ms(s, NNG_OPT_RECONNMINT, NODE_RECONN_MIN_MS);
	nng_socket_set_ms(s, NNG_OPT_RECONNMAXT, NODE_RECONN_MAX_MS);
}

void
node_thread_name(const char *name)
{
	(void)prctl(PR_SET_NAME, name, 0, 0, 0);
}

uint64_t
node_roster_epoch(arnet_node *n)
{
	pthread_rwlock_rdlock(&n->roster_lock);
	uint64_t e = n->has_roster ? n->roster.epoch : 0;
	pthread_rwlock_unlock(&n->roster_lock);
	return e;
}

typedef struct roster_job {
	arnet_roster r;
	const uint8_t *b;
	size_t len;
	uint64_t epoch;
} roster_job;

static int
current_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	roster_job *j = arg;
	return arnet_roster_current(t, &j->r, NULL, NULL, d);
}

static int
adopt_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	roster_job *j = arg;
	return arnet_roster_adopt(t, j->b, j->len, &j->r, d);
}

/* Follow r (owned by the node from here on). */
static void
follow(arnet_node *n, arnet_roster *r)
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
static void
load_roster(arnet_node *n)
{
	roster_job j;
	memset(&j, 0, sizeof(j));
	int rv = arnet_store_read(n->store, current_txn, &j, NULL);
	if (rv == ARNET_OK) {
		follow(n, &j.r);
		node_log(NODE_LOG_INFO, "roster epoch %llu, %zu certificates",
		         (unsigned long long)j.r.epoch, j.r.ncerts);
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
	pthread_mutex_lock(&n->roster_mu);
	int queued = n->noffers < NODE_ROSTER_QUEUE;
	if (queued) {
		roster_offer **at = &n->offers;
		while (*at != NULL) {
			at = &(*at)->next;
		}
		*at = o;
		n->noffers++;
		pthread_cond_signal(&n->roster_cv);
	}
	pthread_mutex_unlock(&n->roster_mu);
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
	follow(n, &j.r);
	node_publish(n, ARNET_MSG_ROSTER, o->bytes, o->len); /* pass it on */
	sync_client_kick(n); /* peers and dials follow the new roster */
}

static void *
roster_thread(void *arg)
{
	arnet_node *n = arg;
	node_thread_name("arnet:roster");
	pthread_mutex_lock(&n->roster_mu);
	while (!atomic_load(&n->stopping)) {
		roster_offer *o = n->offers;
		if (o == NULL) {
			pthread_cond_wait(&n->roster_cv, &n->roster_mu);
			continue;
		}
		n->offers = o->next;
		n->noffers--;
		pthread_mutex_unlock(&n->roster_mu);
		consider(n, o);
		free(o);
		pthread_mutex_lock(&n->roster_mu);
	}
	pthread_mutex_unlock(&n->roster_mu);
	return NULL;
}

static void
roster_stop(arnet_node *n)
{
	if (n->roster_started) {
		pthread_mutex_lock(&n->roster_mu);
		pthread_cond_broadcast(&n->roster_cv);
		pthread_mutex_unlock(&n->roster_mu);
		pthread_join(n->roster_thread, NULL);
		n->roster_started = 0;
	}
	while (n->offers != NULL) {
		roster_offer *o = n->offers;
		n->offers = o->next;
		free(o);
	}
	n->noffers = 0;
}

void
node_publish(arnet_node *n, int type, const uint8_t *b, size_t len)
{
	nng_msg *m;
	if (!n->pub_open || n->pub_aio == NULL ||
	    nng_msg_alloc(&m, ARNET_ENVELOPE_BYTES + len) != 0) {
		return;
	}
	uint8_t *body = nng_msg_body(m);
	arnet_envelope_put(body, type);
	memcpy(body + ARNET_ENVELOPE_BYTES, b, len);
	/* PUB never blocks: a subscriber that lags loses messages (sync
	 * brings them), so the send completes at once. */
	pthread_mutex_lock(&n->pub_mu);
	nng_aio_set_msg(n->pub_aio, m);
	nng_send_aio(n->pub, n->pub_aio);
	nng_aio_wait(n->pub_aio);
	int rv = nng_aio_result(n->pub_aio);
	pthread_mutex_unlock(&n->pub_mu);
	if (rv != 0) {
		nng_msg_free(m);
		return;
	}
	n->c.published++;
}

const arnet_cert *
node_peer_cert(const arnet_node *n, const uint8_t *key, int64_t now)
{
	const arnet_cert *c = NULL;
	if (!n->has_roster || memcmp(key, n->pk, 32) == 0 ||
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

int
node_endpoint_dialable(const char *url)
{
	struct stat st;
	if (strncmp(url, "ipc://", 6) != 0) {
		return 1;
	}
	/* Not a connect: nng 1.5.2's ipc listener stops accepting after a
	 * connection that closes before the SP handshake (tested), so a
	 * probe that connected would take the member down. */
	return stat(url + 6, &st) == 0 && S_ISSOCK(st.st_mode);
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
		memcpy(e->key, key, 32);
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

void
node_receive(arnet_node *n, nng_socket s, void (*fn)(arnet_node *, nng_msg *))
{
	while (!atomic_load(&n->stopping)) {
		nng_msg *m;
		int rv = nng_recvmsg(s, &m, 0);
		if (rv == NNG_ECLOSED) {
			break;
		}
		if (rv == 0) {
			fn(n, m); /* timeouts just let us see `stopping` */
		}
	}
}

static int
holds_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	return arnet_log_holds(t, arg, d);
}

/*
 * Every node passes on what it is the first to store, so with k members
 * each record reaches a node up to k-1 times. Verifying a copy the log
 * holds already would cost a signature check (~40 us); looking its hash
 * up costs about a microsecond. Exactly these bytes were verified when
 * they were stored, so the copy is counted as a duplicate and dropped.
 */
static int
held_already(arnet_node *n, const uint8_t *b, size_t len)
{
	uint8_t hash[ARNET_HASH_BYTES];
	arnet_record_hash(hash, b, len);
	return arnet_store_read(n->store, holds_txn, hash, NULL) == ARNET_OK;
}

/* A record or roster a member published: into the ingest queue. */
static void
on_published(arnet_node *n, nng_msg *m)
{
	const uint8_t *body;
	size_t len;
	int type;
	if (arnet_envelope_open(nng_msg_body(m), nng_msg_len(m), &type, &body,
	                        &len, NULL) != ARNET_OK) {
		n->c.bad_messages++;
	} else if (type == ARNET_MSG_RECORD) {
		if (held_already(n, body, len)) {
			n->c.duplicates++;
		} else {
			(void)ingest_push(n, body, len);
		}
	} else if (type == ARNET_MSG_ROSTER) {
		(void)node_offer_roster(n, body, len);
	} else {
		n->c.bad_messages++;
	}
	nng_msg_free(m);
}

static void *
sub_reader(void *arg)
{
	node_thread_name("arnet:sub");
	node_receive(arg, ((arnet_node *)arg)->sub, on_published);
	return NULL;
}

/* The key file, relative to the config file's directory. */
static int
load_key(arnet_node *n, arnet_diag *d)
{
	char path[2400];
	const arnet_config *c = &n->cfg;
	if (c->key_file[0] == '\0') {
		return arnet_diag_set(d, ARNET_ENOTFOUND,
		                      "no member key: set [member] key");
	}
	const char *slash = strrchr(c->path, '/');
	if (c->key_file[0] == '/') {
		snprintf(path, sizeof(path), "%s", c->key_file);
	} else if (c->path[0] != '\0' && slash != NULL) {
		snprintf(path, sizeof(path), "%.*s/%s", (int)(slash - c->path),
		         c->path, c->key_file);
	} else if (c->path[0] != '\0') {
		snprintf(path, sizeof(path), "%s", c->key_file);
	} else {
		snprintf(path, sizeof(path), "%s/%s", n->data_dir, c->key_file);
	}
	if ((n->sk = sodium_malloc(ARNET_SECKEY_BYTES)) == NULL) {
		return arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
	}
	int rv = arnet_keyfile_read_secret(path, n->sk, NULL, 0, d);
	if (rv == ARNET_OK) {
		memcpy(n->pk, n->sk + 32, 32);
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
		if (memcmp(c->key, n->pk, 32) == 0) {
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

static int
listen_on(nng_socket s, const char *url, const char *what, arnet_diag *d)
{
	int rv = nng_listen(s, url, NULL, 0);
	if (rv != 0) {
		return arnet_diag_set(d, ARNET_EIO,
		                      "cannot listen for %s on %s: %s", what,
		                      url, nng_strerror(rv));
	}
	node_log(NODE_LOG_INFO, "%s on %s", what, url);
	return ARNET_OK;
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
	pthread_mutex_init(&n->mu, NULL);
	pthread_rwlock_init(&n->roster_lock, NULL);
	pthread_mutex_init(&n->sync_mu, NULL);
	pthread_cond_init(&n->sync_cv, NULL);
	pthread_mutex_init(&n->svy_mu, NULL);
	pthread_mutex_init(&n->pub_mu, NULL);
	pthread_mutex_init(&n->roster_mu, NULL);
	pthread_cond_init(&n->roster_cv, NULL);
	node_log_level(cfg->node.log_level);
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
	load_roster(n);
	own_endpoints(n, pub, sync, survey, sizeof(pub));
	if (pub[0] == '\0' || sync[0] == '\0') {
		rv = arnet_diag_set(d, ARNET_ENOTFOUND,
		                    "no endpoints: this member is not in the "
		                    "roster and [node] pub_listen/sync_listen "
		                    "are not set");
		goto fail;
	}
	if (cfg->node.control[0] != '\0') {
		snprintf(n->ctl_url, sizeof(n->ctl_url), "%s",
		         cfg->node.control);
	} else {
		arnet_node_control_url(n->ctl_url, sizeof(n->ctl_url),
		                       data_dir);
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
	node_socket_limits(n->pub, 0);
	node_socket_limits(n->sub, 500);
	node_socket_limits(n->rep, 0);
	nng_socket_set(n->sub, NNG_OPT_SUB_SUBSCRIBE, "", 0);
	node_dial_backoff(n->sub);
	if ((rv = guard_start(n, d)) != ARNET_OK ||
	    (rv = listen_on(n->pub, pub, "publishing", d)) != ARNET_OK ||
	    (rv = listen_on(n->rep, sync, "sync", d)) != ARNET_OK) {
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
	if (pthread_create(&n->roster_thread, NULL, roster_thread, n) != 0) {
		rv = arnet_diag_set(d, ARNET_ENOMEM, "cannot start a thread");
		goto fail;
	}
	n->roster_started = 1;
	if (pthread_create(&n->sub_thread, NULL, sub_reader, n) != 0) {
		rv = arnet_diag_set(d, ARNET_ENOMEM, "cannot start a thread");
		goto fail;
	}
	n->sub_started = 1;
	if ((rv = sync_client_start(n)) != ARNET_OK) {
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
	load_roster(n);
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
	if (n->sub_started) {
		pthread_join(n->sub_thread, NULL);
	}
	roster_stop(n); /* after every thread that offers rosters */
	ingest_stop(n);
	if (n->pub_open) {
		nng_close(n->pub);
	}
	if (n->pub_aio != NULL) {
		nng_aio_free(n->pub_aio);
	}
	guard_stop(n); /* after every socket it watches is closed */
	if (n->has_roster) {
		arnet_roster_free(&n->roster);
	}
	arnet_store_close(n->store);
	if (n->sk != NULL) {
		sodium_free(n->sk);
	}
	node_dials_free(&n->sub_dials);
	node_dials_free(&n->svy_dials);
	pthread_cond_destroy(&n->roster_cv);
	pthread_mutex_destroy(&n->roster_mu);
	pthread_mutex_destroy(&n->svy_mu);
	pthread_mutex_destroy(&n->pub_mu);
	pthread_cond_destroy(&n->sync_cv);
	pthread_mutex_destroy(&n->sync_mu);
	pthread_rwlock_destroy(&n->roster_lock);
	pthread_mutex_destroy(&n->mu);
	free(n);
}
