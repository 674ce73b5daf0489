/*
 * survey.c - trade-reference surveys over nng SURVEYOR/RESPONDENT.
 *
 * Answering: a RESPONDENT socket listens on our certificate's survey_url;
 * one thread of ours (never an nng callback) takes each question, checks
 * it (signature, asker a member now, time within ARNET_SYNC_SKEW, nonce
 * not seen before, [survey] answer policy, the asker's hourly rate),
 * computes our trade reference from the books (arnet_trade_ref_build),
 * signs it and answers. A subject we do not have in our books gets no
 * answer. Every question from a member goes to the audit log with what
 * came of it, except that an asker over its hourly rate costs one entry
 * for the first question refused and one more, when its hour is over (its
 * next question, or arnetd stopping), that counts the rest ("N more");
 * undecodable, forged, stale or non-member questions are only counted.
 *
 * Asking: a SURVEYOR socket dials every member's survey_url (non-blocking
 * dials that keep reconnecting, like the SUB socket), so a survey goes
 * out at once to every member connected. node_survey sends one signed
 * question, keeps every answer until the deadline that is signed by a
 * member in force and answers exactly our question, and writes one audit
 * entry. Surveys run one at a time (a new survey on the socket would
 * cancel the one running).
 */
#include "arnet_audit.h"
#include "arnet_check.h"
#include "arnet_date.h"
#include "arnet_survey.h"
#include "guard.h"
#include "link.h"
#include "membership.h"
#include "net.h"
#include "survey.h"

#include <nng/protocol/survey0/respond.h>
#include <nng/protocol/survey0/survey.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SEEN_MAX 4096 /* recent (asker, nonce) pairs kept against replay */
#define SEEN_LEN (ARNET_PUBKEY_BYTES + 16)

/* The part's own state (n->survey): the answering side, whole. The
 * asking side's socket and its dials (n->svy, n->svy_dials) stay in the
 * node: membership.c follows the roster with them, and a survey on the
 * control thread may still be running while this part stops. */
struct survey_state {
	nng_socket resp; /* RESPONDENT */
	int resp_open, resp_started;
	pthread_t resp_thread;
	struct {
		uint8_t key[ARNET_PUBKEY_BYTES];
		int64_t window; /* start of the asker's current hour */
		int count;      /* questions in it */
		uint32_t more;  /* rate limited after the first, not audited */
		arnet_ident last; /* the subject of the last of those */
		char member_id[ARNET_ID_MAX + 1];
	} askers[NODE_PEERS_MAX];
	int naskers;
	uint8_t seen[SEEN_MAX][SEEN_LEN];
	size_t seen_next;
};

static int
audit_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	return arnet_audit_append(t, arg, d);
}

static void
audit(arnet_node *n, arnet_audit_entry *e)
{
	arnet_diag d;
	if (arnet_store_write(n->store, audit_txn, e, 0, &d) != ARNET_OK) {
		node_log(NODE_LOG_ERROR, "audit log: %s", d.msg);
	}
}

/* 1 when (asker, nonce) was seen before; remembers it otherwise. */
static int
replayed(struct survey_state *s, const arnet_survey_ask *q)
{
	uint8_t k[SEEN_LEN];
	memcpy(k, q->asker, ARNET_PUBKEY_BYTES);
	memcpy(k + ARNET_PUBKEY_BYTES, q->nonce, 16);
	for (size_t i = 0; i < SEEN_MAX; i++) {
		if (memcmp(s->seen[i], k, SEEN_LEN) == 0) {
			return 1;
		}
	}
	memcpy(s->seen[s->seen_next], k, SEEN_LEN);
	s->seen_next = (s->seen_next + 1) % SEEN_MAX;
	return 0;
}

/* The entry that counts an asker's rate-limited questions after the first
 * one of its hour, if there were any. */
static void
audit_more(arnet_node *n, int i, int64_t now)
{
	struct survey_state *s = n->survey;
	arnet_audit_entry e;
	char since[32];
	if (s->askers[i].more == 0) {
		return;
	}
	memset(&e, 0, sizeof(e));
	e.time = now;
	e.kind = ARNET_AUDIT_QUESTION;
	e.outcome = ARNET_AUDIT_RATE_LIMITED;
	e.subject = s->askers[i].last;
	memcpy(e.member_key, s->askers[i].key, ARNET_PUBKEY_BYTES);
	snprintf(e.member_id, sizeof(e.member_id), "%s",
	         s->askers[i].member_id);
	e.asked = s->askers[i].more;
	(void)arnet_time_format(since, sizeof(since), s->askers[i].window);
	snprintf(e.detail, sizeof(e.detail),
	         "%u more questions rate limited in the hour from %s",
	         s->askers[i].more, since);
	s->askers[i].more = 0;
	audit(n, &e);
}

/*
 * Whether the asker is over its hourly allowance (this question counted):
 * 0 no; 1 yes, the first refused this hour (audited as usual); 2 yes, and
 * only counted (audit_more writes them when the hour is over).
 */
static int
over_rate(arnet_node *n, const arnet_survey_ask *q, const char *member_id,
          int64_t now, int limit)
{
	struct survey_state *s = n->survey;
	int i = 0;
	while (i < s->naskers &&
	       memcmp(s->askers[i].key, q->asker, ARNET_PUBKEY_BYTES) != 0) {
		i++;
	}
	if (i == s->naskers) {
		if (s->naskers == NODE_PEERS_MAX) {
			i = 0; /* full: forget the first (its hour starts anew)
			        */
			audit_more(n, i, now);
		} else {
			s->naskers++;
		}
		memcpy(s->askers[i].key, q->asker, ARNET_PUBKEY_BYTES);
		s->askers[i].window = now;
		s->askers[i].count = 0;
		s->askers[i].more = 0;
	}
	if (now - s->askers[i].window >= 3600) {
		audit_more(n, i, now);
		s->askers[i].window = now;
		s->askers[i].count = 0;
	}
	if (++s->askers[i].count <= limit) {
		return 0;
	}
	if (s->askers[i].count == limit + 1) {
		return 1;
	}
	s->askers[i].more++;
	s->askers[i].last = q->subject;
	snprintf(s->askers[i].member_id, sizeof(s->askers[i].member_id), "%s",
	         member_id);
	return 2;
}

typedef struct ref_job {
	const arnet_ident *subject;
	int32_t today;
	const char *member_id;
	arnet_trade_ref ref;
} ref_job;

static int
ref_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	ref_job *j = arg;
	return arnet_trade_ref_build(t, j->subject, j->today, j->member_id,
	                             &j->ref, d);
}

/* Our answer to q, signed, into m (emptied first). ARNET_OK or why not. */
static int
answer(arnet_node *n, const arnet_survey_ask *q, int64_t now, nng_msg *m)
{
	ref_job j;
	arnet_survey_answer a;
	uint8_t buf[ARNET_SURVEY_MAX];
	size_t len;
	arnet_diag d;
	memset(&j, 0, sizeof(j));
	j.subject = &q->subject;
	j.today = arnet_date_from_unix(now);
	j.member_id = n->cfg.member_id.text;
	int rv = arnet_store_read(n->store, ref_txn, &j, &d);
	if (rv != ARNET_OK) {
		if (rv != ARNET_ENOTFOUND) {
			node_log(NODE_LOG_WARN, "trade reference for %s: %s",
			         q->subject.text, d.msg);
		}
		return rv;
	}
	memset(&a, 0, sizeof(a));
	memcpy(a.asker, q->asker, ARNET_PUBKEY_BYTES);
	memcpy(a.nonce, q->nonce, 16);
	a.time = now;
	a.subject = q->subject;
	memcpy(a.currency, j.ref.currency, 4);
	a.since = j.ref.since;
	a.last_sale = j.ref.last_sale;
	a.high_credit = j.ref.high_credit;
	a.balance = j.ref.balance;
	memcpy(a.past_due, j.ref.past_due, sizeof(a.past_due));
	a.dbt = j.ref.dbt < 0               ? 0
	        : j.ref.dbt > ARNET_DBT_MAX ? ARNET_DBT_MAX
	                                    : (uint32_t)j.ref.dbt;
	rv = arnet_survey_answer_sign(buf, sizeof(buf), &len, &a, n->sk, &d);
	if (rv != ARNET_OK) {
		node_log(NODE_LOG_WARN, "cannot answer about %s: %s",
		         q->subject.text, d.msg);
		return rv;
	}
	nng_msg_clear(m);
	return nng_msg_append(m, buf, len) == 0 ? ARNET_OK : ARNET_ENOMEM;
}

static void
on_question(arnet_node *n, nng_msg *m)
{
	const uint8_t *body;
	size_t len;
	int type;
	arnet_survey_ask q;
	arnet_audit_entry e;
	const arnet_cert *cert = NULL;
	int64_t now = (int64_t)time(NULL);
	int limited;
	if (arnet_envelope_open(nng_msg_body(m), nng_msg_len(m), &type, &body,
	                        &len, NULL) != ARNET_OK ||
	    type != ARNET_MSG_SURVEY_ASK) {
		n->c.bad_messages++;
		nng_msg_free(m);
		return;
	}
	memset(&e, 0, sizeof(e));
	int valid = arnet_survey_ask_open(&q, body, len, NULL) == ARNET_OK &&
	            llabs(q.time - now) <= ARNET_SYNC_SKEW;
	pthread_rwlock_rdlock(&n->roster_lock);
	/* Asked by another member in force (never by ourselves). */
	if (valid && (cert = node_peer_cert(n, q.asker, now)) != NULL) {
		snprintf(e.member_id, sizeof(e.member_id), "%s",
		         cert->member_id.text);
	} else {
		valid = 0;
	}
	pthread_rwlock_unlock(&n->roster_lock);
	if (!valid) {
		n->c.survey_refused++;
		nng_msg_free(m);
		return;
	}
	guard_valid(n, nng_msg_get_pipe(m)); /* a member's signed question */
	n->c.survey_questions++;
	e.time = now;
	e.kind = ARNET_AUDIT_QUESTION;
	e.subject = q.subject;
	memcpy(e.member_key, q.asker, ARNET_PUBKEY_BYTES);
	if (replayed(n->survey, &q)) {
		e.outcome = ARNET_AUDIT_REPLAYED;
	} else if (!n->cfg.survey.answer) {
		e.outcome = ARNET_AUDIT_POLICY_NEVER;
	} else if ((limited = over_rate(n, &q, e.member_id, now,
	                                n->cfg.survey.rate_limit)) != 0) {
		e.outcome = ARNET_AUDIT_RATE_LIMITED;
		if (limited == 2) {
			nng_msg_free(
			        m); /* counted; audited when the hour ends */
			return;
		}
		snprintf(e.detail, sizeof(e.detail),
		         "further questions this hour are counted in one "
		         "entry");
	} else {
		int rv = answer(n, &q, now, m);
		e.outcome = rv == ARNET_OK          ? ARNET_AUDIT_ANSWERED
		            : rv == ARNET_ENOTFOUND ? ARNET_AUDIT_NO_EXPERIENCE
		                                    : ARNET_AUDIT_FAILED;
	}
	/* The audit entry is durable before the answer leaves. */
	audit(n, &e);
	if (e.outcome == ARNET_AUDIT_ANSWERED) {
		if (nng_sendmsg(n->survey->resp, m, 0) != 0) {
			nng_msg_free(m);
		} else {
			n->c.survey_answered++;
		}
		return;
	}
	nng_msg_free(m);
}

static void *
respondent(void *arg)
{
	node_thread_name("arnet:answer");
	arnet_node *n = arg;
	node_receive(n, n->survey->resp, on_question);
	return NULL;
}

int
survey_start(arnet_node *n, const char *url, arnet_diag *d)
{
	n->survey = calloc(1, sizeof(*n->survey));
	if (n->survey == NULL || nng_surveyor0_open(&n->svy) != 0) {
		return arnet_diag_set(d, ARNET_ENOMEM, "cannot open sockets");
	}
	n->svy_open = 1;
	node_socket_limits(n->svy, ARNET_WIRE_MAX, 0);
	node_dial_backoff(n->svy);
	if (url[0] == '\0') {
		node_log(NODE_LOG_INFO, "no survey endpoint: this node asks "
		                        "but is never asked");
		return ARNET_OK;
	}
	struct survey_state *s = n->survey;
	if (nng_respondent0_open(&s->resp) != 0) {
		return arnet_diag_set(d, ARNET_ENOMEM, "cannot open sockets");
	}
	s->resp_open = 1;
	node_socket_limits(s->resp, ARNET_SURVEY_MAX, 500);
	int rv = guard_watch(n, s->resp, GUARD_SURVEY);
	if (rv != 0) {
		return arnet_diag_set(d, ARNET_EIO,
		                      "cannot watch the survey socket: %s",
		                      nng_strerror(rv));
	}
	if ((rv = node_link_listen(n, s->resp, url, "surveys", d)) !=
	    ARNET_OK) {
		return rv;
	}
	node_log(NODE_LOG_INFO, "surveys: answer %s, %d per asker per hour",
	         n->cfg.survey.answer ? "auto" : "never",
	         n->cfg.survey.rate_limit);
	if (node_thread_start(&s->resp_thread, &s->resp_started, respondent,
	                      n) != ARNET_OK) {
		return arnet_diag_set(d, ARNET_ENOMEM, "cannot start a thread");
	}
	return ARNET_OK;
}

void
survey_stop(arnet_node *n)
{
	struct survey_state *s = n->survey;
	if (n->svy_open) {
		nng_close(n->svy); /* a survey running ends with ECLOSED */
		n->svy_open = 0;
	}
	if (s == NULL) {
		return;
	}
	if (s->resp_open) {
		nng_close(s->resp);
		s->resp_open = 0;
	}
	node_thread_join(&s->resp_thread, &s->resp_started);
	/* The askers' hours end here: their counts go to the audit log. */
	for (int i = 0; i < s->naskers; i++) {
		audit_more(n, i, (int64_t)time(NULL));
	}
	free(s);
	n->survey = NULL;
}

/* Keep an answer to question q from a member in force; 1 kept. */
static int
keep_answer(arnet_node *n, const arnet_survey_ask *q, nng_msg *m,
            node_survey_result *res, int64_t now)
{
	const uint8_t *body;
	size_t len;
	int type;
	arnet_survey_answer a;
	const arnet_cert *cert = NULL;
	if (arnet_envelope_open(nng_msg_body(m), nng_msg_len(m), &type, &body,
	                        &len, NULL) != ARNET_OK ||
	    type != ARNET_MSG_SURVEY_ANSWER ||
	    arnet_survey_answer_open(&a, body, len, NULL) != ARNET_OK ||
	    memcmp(a.asker, q->asker, ARNET_PUBKEY_BYTES) != 0 ||
	    memcmp(a.nonce, q->nonce, 16) != 0 ||
	    strcmp(a.subject.text, q->subject.text) != 0) {
		return 0;
	}
	for (int i = 0; i < res->n; i++) {
		if (memcmp(res->answers[i].a.responder, a.responder,
		           ARNET_PUBKEY_BYTES) == 0) {
			return 0; /* one answer per member */
		}
	}
	int ok = 0;
	pthread_rwlock_rdlock(&n->roster_lock);
	if (n->has_roster && res->n < NODE_PEERS_MAX &&
	    arnet_member_valid_at(&n->roster, a.responder, now, &cert) ==
	            ARNET_MEMBER_OK) {
		node_survey_answer *out = &res->answers[res->n++];
		out->a = a;
		snprintf(out->member_id, sizeof(out->member_id), "%s",
		         cert->member_id.text);
		snprintf(out->name, sizeof(out->name), "%s", cert->name);
		ok = 1;
	}
	pthread_rwlock_unlock(&n->roster_lock);
	return ok;
}

/* Members other than us, in force now, with a survey endpoint. */
static int
members_asked(arnet_node *n, int64_t now)
{
	int k = 0;
	pthread_rwlock_rdlock(&n->roster_lock);
	for (size_t i = 0; n->has_roster && i < n->roster.ncerts; i++) {
		const arnet_cert *c = &n->roster.certs[i];
		k += c->survey_url[0] != '\0' && node_is_peer(n, c, now);
	}
	pthread_rwlock_unlock(&n->roster_lock);
	return k;
}

int
node_survey(arnet_node *n, const arnet_ident *subject, int timeout_ms,
            node_survey_result *res, arnet_diag *d)
{
	arnet_survey_ask q;
	uint8_t buf[ARNET_SURVEY_MAX];
	size_t len;
	nng_msg *m;
	int64_t now = (int64_t)time(NULL);
	memset(res, 0, sizeof(*res));
	memset(&q, 0, sizeof(q));
	q.time = now;
	q.subject = *subject;
	int rv = arnet_survey_ask_sign(buf, sizeof(buf), &len, &q, n->sk, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	pthread_mutex_lock(&n->svy_mu);
	res->asked = members_asked(n, now);
	if (nng_socket_set_ms(n->svy, NNG_OPT_SURVEYOR_SURVEYTIME,
	                      timeout_ms) != 0 ||
	    nng_msg_alloc(&m, 0) != 0 || nng_msg_append(m, buf, len) != 0 ||
	    nng_sendmsg(n->svy, m, 0) != 0) {
		pthread_mutex_unlock(&n->svy_mu);
		return arnet_diag_set(d, ARNET_EIO, "cannot send the survey");
	}
	n->c.surveys_asked++;
	/* Until the deadline: nng then answers NNG_ETIMEDOUT. */
	while (nng_recvmsg(n->svy, &m, 0) == 0) {
		if (!keep_answer(n, &q, m, res, (int64_t)time(NULL))) {
			n->c.survey_answers_refused++;
		}
		nng_msg_free(m);
	}
	pthread_mutex_unlock(&n->svy_mu);

	arnet_audit_entry e;
	memset(&e, 0, sizeof(e));
	e.time = now;
	e.kind = ARNET_AUDIT_ASKED;
	e.subject = *subject;
	e.asked = (uint32_t)res->asked;
	e.answers = (uint32_t)res->n;
	for (int i = 0; i < res->n; i++) {
		size_t at = strlen(e.detail);
		snprintf(e.detail + at, sizeof(e.detail) - at, "%s%s",
		         i ? ", " : "", res->answers[i].member_id);
	}
	audit(n, &e);
	return ARNET_OK;
}
