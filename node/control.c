/*
 * control.c - the CLI's socket: a REP socket on ipc:// in the data
 * directory (local only). Two things keep other local users out: arnetd
 * refuses to start unless the socket's directory is 0700 and its own
 * (arnetd.c), and the socket file is made mode 0600 here, whatever the
 * umask (docs/operations.md, "Local access").
 *
 * Requests and replies are JSON objects (the CLI is the only client; the
 * shapes are in docs/cli.md under `arnet status`; control_req.c parses
 * and checks each request, with the rules in control_req.h):
 *   {"op": "status"}               heads, roster, peers, counters
 *   {"op": "sync"}                 start a sync round now
 *   {"op": "announce", "hash": H}  publish our record H (the CLI
 *                                  appended it to the log itself)
 *   {"op": "survey", "subject": ID, "timeout_ms": MS}
 *                                  ask every member for a trade
 *                                  reference; answers at the deadline
 * Every reply has "ok": true or "ok": false with "error".
 */
#include "arnet_date.h"
#include "arnet_record_json.h"
#include "control_req.h"
#include "membership.h"
#include "net.h"
#include "arnet_control.h"
#include "control.h"
#include "survey.h"
#include "sync_client.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <nng/protocol/reqrep0/rep.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* The control part's own state (n->control). */
struct control {
	nng_socket sock; /* REP on url */
	int open, started;
	pthread_t thread;
	char url[1200];
};

static cJSON *
counters_json(arnet_node *n)
{
	node_counters *c = &n->c;
	const struct {
		const char *name;
		atomic_ulong *v;
	} all[] = {
	        {"accepted", &c->accepted},
	        {"duplicates", &c->duplicates},
	        {"pending", &c->pending},
	        {"equivocations", &c->equivocations},
	        {"commits", &c->commits},
	        {"verified", &c->verified},
	        {"bad_messages", &c->bad_messages},
	        {"sync_served", &c->sync_served},
	        {"sync_refused", &c->sync_refused},
	        {"sync_replayed", &c->sync_replayed},
	        {"sync_replay_full", &c->sync_replay_full},
	        {"rosters_adopted", &c->rosters_adopted},
	        {"rosters_refused", &c->rosters_refused},
	        {"rosters_stale", &c->rosters_stale},
	        {"rosters_dropped", &c->rosters_dropped},
	        {"store_full", &c->store_full},
	        {"store_errors", &c->store_errors},
	        {"peers_demoted", &c->peers_demoted},
	        {"heads_unknown", &c->heads_unknown},
	        {"split_views", &c->split_views},
	        {"pending_expired", &c->pending_expired},
	        {"published", &c->published},
	        {"alerts_delivered", &c->alerts_delivered},
	        {"alerts_failed", &c->alerts_failed},
	        {"surveys_asked", &c->surveys_asked},
	        {"survey_answers_refused", &c->survey_answers_refused},
	        {"survey_questions", &c->survey_questions},
	        {"survey_answered", &c->survey_answered},
	        {"survey_refused", &c->survey_refused},
	};
	cJSON *o = cJSON_CreateObject(), *r = cJSON_CreateObject();
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		cJSON_AddItemToObject(o, all[i].name,
		                      arnet_json_int((int64_t)*all[i].v));
	}
	for (int i = 1; i < ARNET_REFUSE_COUNT; i++) {
		cJSON_AddItemToObject(r, arnet_refusal_name(i),
		                      arnet_json_int((int64_t)c->refused[i]));
	}
	cJSON_AddItemToObject(o, "refused", r);
	return o;
}

static int
head_json(const arnet_head *h, void *arg)
{
	char key[ARNET_PUBKEY_TEXT_LEN + 1];
	cJSON *e = cJSON_CreateObject();
	arnet_pubkey_format(key, h->author);
	cJSON_AddStringToObject(e, "author", key);
	cJSON_AddItemToObject(e, "seq", arnet_json_int((int64_t)h->seq));
	cJSON_AddItemToObject(e, "pending",
	                      arnet_json_int((int64_t)h->pending));
	cJSON_AddBoolToObject(e, "equivocated", h->equivocated);
	cJSON_AddItemToArray(arg, e);
	return 0;
}

static int
heads_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	return arnet_log_heads(t, head_json, arg, d);
}

/* The listeners' connections and their limits (guard.h). */
static cJSON *
connections_json(arnet_node *n)
{
	const node_counters *c = &n->c;
	const struct {
		const char *name;
		int64_t v;
	} all[] = {
	        {"open", (int64_t)c->conns_open},
	        {"max", n->cfg.node.max_connections},
	        {"max_per_address", n->cfg.node.max_connections_per_addr},
	        {"handshake_timeout_ms", n->cfg.node.handshake_timeout_ms},
	        {"idle_timeout_ms", n->cfg.node.idle_timeout_ms},
	        {"refused_total", (int64_t)c->conns_refused_total},
	        {"refused_per_address", (int64_t)c->conns_refused_per_addr},
	        {"handshake_timeouts", (int64_t)c->conns_handshake_timeout},
	        {"idle_timeouts", (int64_t)c->conns_idle_timeout},
	};
	cJSON *o = cJSON_CreateObject();
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		cJSON_AddItemToObject(o, all[i].name, arnet_json_int(all[i].v));
	}
	return o;
}

/* One peer of the status (sync_client_peers, under the node's mu). */
static void
peer_json(const node_peer *p, void *arg)
{
	char when[32];
	cJSON *e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "member_id", p->member_id);
	cJSON_AddStringToObject(e, "sync_url", p->sync_url);
	if (p->last_ok > 0 &&
	    arnet_time_format(when, sizeof(when), p->last_ok) == ARNET_OK) {
		cJSON_AddStringToObject(e, "last_sync", when);
	} else {
		cJSON_AddNullToObject(e, "last_sync");
	}
	cJSON_AddStringToObject(e, "last_error", p->last_error);
	cJSON_AddItemToObject(e, "heads", arnet_json_int((int64_t)p->heads));
	cJSON_AddItemToObject(e, "unknown_heads",
	                      arnet_json_int((int64_t)p->unknown_heads));
	int64_t now_ms = (int64_t)time(NULL) * 1000;
	cJSON_AddBoolToObject(e, "demoted", p->demoted_until > now_ms);
	cJSON_AddItemToArray(arg, e);
}

static cJSON *
status(arnet_node *n)
{
	char key[ARNET_PUBKEY_TEXT_LEN + 1];
	cJSON *o = cJSON_CreateObject(), *heads = cJSON_CreateArray();
	cJSON *peers = cJSON_CreateArray();
	arnet_pubkey_format(key, n->pk);
	cJSON_AddBoolToObject(o, "ok", 1);
	cJSON_AddStringToObject(o, "member_id", n->cfg.member_id.text);
	cJSON_AddStringToObject(o, "public_key", key);
	cJSON_AddItemToObject(o, "uptime_s",
	                      arnet_json_int((int64_t)time(NULL) - n->started));
	cJSON_AddItemToObject(o, "roster_epoch",
	                      arnet_json_int((int64_t)node_roster_epoch(n)));
	if (arnet_store_read(n->store, heads_txn, heads, NULL) != ARNET_OK) {
		cJSON_AddStringToObject(o, "heads_error", "cannot read heads");
	}
	cJSON_AddItemToObject(o, "heads", heads);
	(void)sync_client_peers(n, peer_json, peers);
	cJSON_AddItemToObject(o, "peers", peers);
	cJSON_AddItemToObject(o, "counters", counters_json(n));
	arnet_store_stats st;
	arnet_store_stats_get(n->store, &st);
	cJSON *so = cJSON_CreateObject();
	cJSON_AddItemToObject(so, "map_size",
	                      arnet_json_int((int64_t)st.map_size));
	cJSON_AddItemToObject(so, "map_max",
	                      arnet_json_int((int64_t)st.map_max));
	cJSON_AddItemToObject(so, "grown", arnet_json_int((int64_t)st.grown));
	cJSON_AddItemToObject(so, "adopted",
	                      arnet_json_int((int64_t)st.adopted));
	cJSON_AddItemToObject(so, "full", arnet_json_int((int64_t)st.full));
	cJSON_AddItemToObject(so, "resize_busy",
	                      arnet_json_int((int64_t)st.resize_busy));
	cJSON_AddItemToObject(o, "store", so);
	cJSON_AddItemToObject(o, "connections", connections_json(n));
	return o;
}

typedef struct announce {
	arnet_node *n;
	uint8_t hash[ARNET_HASH_BYTES];
	int found;
} announce;

static int
publish_one(const uint8_t *b, size_t len, void *arg)
{
	announce *a = arg;
	node_publish(a->n, ARNET_MSG_RECORD, b, len);
	a->found = 1;
	return 0;
}

static int
announce_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	announce *a = arg;
	return arnet_log_get(t, a->hash, publish_one, a, d);
}

static cJSON *
error(const char *msg)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "ok", 0);
	cJSON_AddStringToObject(o, "error", msg);
	return o;
}

static cJSON *
answer_json(const node_survey_answer *x)
{
	char key[ARNET_PUBKEY_TEXT_LEN + 1], day[16], when[32];
	const arnet_survey_answer *a = &x->a;
	cJSON *e = cJSON_CreateObject(), *pd = cJSON_CreateArray();
	arnet_pubkey_format(key, a->responder);
	cJSON_AddStringToObject(e, "member_id", x->member_id);
	cJSON_AddStringToObject(e, "name", x->name);
	cJSON_AddStringToObject(e, "public_key", key);
	(void)arnet_time_format(when, sizeof(when), a->time);
	cJSON_AddStringToObject(e, "answered", when);
	cJSON_AddStringToObject(e, "currency", a->currency);
	(void)arnet_date_format(day, sizeof(day), a->since);
	cJSON_AddStringToObject(e, "since", day);
	(void)arnet_date_format(day, sizeof(day), a->last_sale);
	cJSON_AddStringToObject(e, "last_sale", day);
	cJSON_AddItemToObject(e, "high_credit", arnet_json_int(a->high_credit));
	cJSON_AddItemToObject(e, "balance", arnet_json_int(a->balance));
	for (int i = 0; i < 4; i++) {
		cJSON_AddItemToArray(pd, arnet_json_int(a->past_due[i]));
	}
	cJSON_AddItemToObject(e, "past_due", pd);
	cJSON_AddItemToObject(e, "days_beyond_terms", arnet_json_int(a->dbt));
	return e;
}

static cJSON *
survey(arnet_node *n, const control_request *q)
{
	arnet_diag d;
	int timeout =
	        q->timeout_ms > 0 ? q->timeout_ms : n->cfg.survey.timeout_ms;
	node_survey_result *r = malloc(sizeof(*r));
	if (r == NULL) {
		return error("out of memory");
	}
	if (node_survey(n, &q->subject, timeout, r, &d) != ARNET_OK) {
		free(r);
		return error(d.msg);
	}
	cJSON *o = cJSON_CreateObject(), *a = cJSON_CreateArray();
	cJSON_AddBoolToObject(o, "ok", 1);
	cJSON_AddStringToObject(o, "subject", q->subject.text);
	cJSON_AddItemToObject(o, "asked", arnet_json_int(r->asked));
	cJSON_AddItemToObject(o, "timeout_ms", arnet_json_int(timeout));
	for (int i = 0; i < r->n; i++) {
		cJSON_AddItemToArray(a, answer_json(&r->answers[i]));
	}
	cJSON_AddItemToObject(o, "answers", a);
	free(r);
	return o;
}

static cJSON *
ok(void)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "ok", 1);
	return o;
}

/* The request is parsed and checked by control_req.c; here it is done. */
static cJSON *
handle(arnet_node *n, const char *text, size_t len)
{
	control_request q;
	arnet_diag d;
	if (control_request_parse(&q, text, len, &d) != ARNET_OK) {
		return error(d.msg);
	}
	switch (q.op) {
	case CONTROL_STATUS:
		return status(n);
	case CONTROL_SYNC:
		sync_client_kick(n);
		return ok();
	case CONTROL_ANNOUNCE: {
		announce a = {n, {0}, 0};
		memcpy(a.hash, q.hash, sizeof(a.hash));
		if (arnet_store_read(n->store, announce_txn, &a, NULL) !=
		            ARNET_OK ||
		    !a.found) {
			return error("no record with this hash");
		}
		return ok();
	}
	case CONTROL_SURVEY:
		return survey(n, &q);
	}
	return error("unknown op");
}

static void
on_request(arnet_node *n, nng_msg *m)
{
	cJSON *out = handle(n, nng_msg_body(m), nng_msg_len(m));
	char *text = out ? cJSON_PrintUnformatted(out) : NULL;
	cJSON_Delete(out);
	nng_msg_clear(m);
	if (text == NULL || nng_msg_append(m, text, strlen(text)) != 0 ||
	    nng_sendmsg(n->control->sock, m, 0) != 0) {
		nng_msg_free(m);
	}
	free(text);
}

static void *
control(void *arg)
{
	node_thread_name("arnet:control");
	node_receive(arg, ((arnet_node *)arg)->control->sock, on_request);
	return NULL;
}

int
control_start(arnet_node *n)
{
	if ((n->control = calloc(1, sizeof(*n->control))) == NULL) {
		return ARNET_ENOMEM;
	}
	arnet_control_url(n->control->url, sizeof(n->control->url), &n->cfg,
	                  n->data_dir);
	if (nng_rep0_open(&n->control->sock) != 0) {
		return ARNET_ENOMEM;
	}
	n->control->open = 1;
	node_socket_limits(n->control->sock, CONTROL_REQ_MAX, 500);
	/*
	 * bind() gives the socket file 0777 & ~umask: with umask 077 it is
	 * never open to others, not even between bind and the chmod that
	 * follows. The umask is the process's, so other threads creating
	 * files meanwhile only get stricter modes.
	 */
	mode_t old = umask(077);
	int rv = nng_listen(n->control->sock, n->control->url, NULL, 0);
	umask(old);
	if (rv != 0) {
		node_log(NODE_LOG_ERROR, "control socket %s: %s",
		         n->control->url, nng_strerror(rv));
		return ARNET_EIO;
	}
	/* config.c admits ipc:// URLs only; the path follows the scheme. */
	const char *path = n->control->url + strlen("ipc://");
	if (strncmp(n->control->url, "ipc://", 6) == 0 &&
	    chmod(path, 0600) != 0) {
		node_log(NODE_LOG_ERROR,
		         "control socket %s: cannot make it mode "
		         "0600: %s",
		         path, strerror(errno));
		return ARNET_EPERM;
	}
	return node_thread_start(&n->control->thread, &n->control->started,
	                         control, n);
}

void
control_stop(arnet_node *n)
{
	if (n->control == NULL) {
		return;
	}
	if (n->control->open) {
		nng_close(n->control->sock);
		n->control->open = 0;
	}
	node_thread_join(&n->control->thread, &n->control->started);
	free(n->control);
	n->control = NULL;
}
