/*
 * alerts_out.c - the delivery of alerts (alerts_out.h).
 *
 * At start and every hour: the books' triggers (arnet_books_alerts.h),
 * raised into the same stream. Every half second, when [alerts] names a
 * target: claim the alerts due
 * (a write transaction: claiming closes each, so a later record about
 * its subject makes a new alert), build each one's JSON and text in a
 * read transaction, deliver outside any transaction, and write what was
 * reached (the rest waits, with backoff). A crash between claim and
 * result delivers the alert again after the restart, with the same id.
 *
 * The command runs through posix_spawn (no fork of this threaded
 * process), the alert's JSON on its stdin, killed at [alerts] timeout_ms.
 * The webhook is a libcurl POST with the same timeout, no signals, no
 * redirects followed, and the stop flag checked while it runs.
 */
#include "alerts_out.h"
#include "arnet_alert_view.h"
#include "arnet_books_alerts.h"
#include "arnet_date.h"
#include "arnet_digest.h"
#include "net.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define CLAIM_MAX     16
#define POLL_MS       500
#define BOOKS_EVERY_S 3600 /* the books' triggers: at start, then hourly */

struct alerts_out {
	pthread_t thread;
	int started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop;
};

/* The targets [alerts] names. */
static uint8_t
targets(const arnet_node *n)
{
	return (uint8_t)((n->cfg.alerts.command[0] ? ARNET_OUT_COMMAND : 0) |
	                 (n->cfg.alerts.webhook[0] ? ARNET_OUT_WEBHOOK : 0));
}

static int
stopping(struct alerts_out *a)
{
	pthread_mutex_lock(&a->mu);
	int s = a->stop;
	pthread_mutex_unlock(&a->mu);
	return s;
}

/* --- the command --- */

/* The SIGPIPE a write to a closed pipe left pending in this thread. */
static void
take_sigpipe(void)
{
	sigset_t set;
	struct timespec none = {0, 0};
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	while (sigtimedwait(&set, NULL, &none) == SIGPIPE) {
	}
}

/* Run the command with body on its stdin; 1 when it exited 0 in time. */
static int
run_command(arnet_node *n, struct alerts_out *a, const char *body)
{
	int in[2];
	pid_t pid;
	posix_spawn_file_actions_t fa;
	char *argv[] = {"/bin/sh", "-c", n->cfg.alerts.command, NULL};
	/* Both ends close on exec (the dup2 below clears it on fd 0): the
	 * command must not hold the write end, or its stdin never ends. */
	if (pipe(in) != 0) {
		return 0;
	}
	(void)fcntl(in[0], F_SETFD, FD_CLOEXEC);
	(void)fcntl(in[1], F_SETFD, FD_CLOEXEC);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	int rv = posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	if (rv != 0) {
		close(in[1]);
		node_log_coalesced("alerts-spawn", NODE_LOG_WARN,
		                   "alerts: cannot run the command: %s",
		                   strerror(rv));
		return 0;
	}
	/* The body is a few KiB at most: a pipe takes it whole, or the
	 * command is not reading, which the deadline below settles. */
	int64_t deadline =
	        node_clock_ms(CLOCK_MONOTONIC) + n->cfg.alerts.timeout_ms;
	size_t len = strlen(body), off = 0;
	(void)fcntl(in[1], F_SETFL, O_NONBLOCK);
	int status = 0, done = 0;
	while (!done) {
		if (off < len) {
			ssize_t w = write(in[1], body + off, len - off);
			if (w > 0) {
				off += (size_t)w;
			} else if (w < 0 && errno != EAGAIN && errno != EINTR) {
				off = len; /* it closed its stdin: fine */
				if (errno == EPIPE) {
					take_sigpipe();
				}
			}
			if (off == len) {
				close(in[1]);
				in[1] = -1;
			}
		}
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid) {
			done = 1;
			break;
		}
		if (node_clock_ms(CLOCK_MONOTONIC) >= deadline || stopping(a)) {
			kill(pid, SIGKILL);
			(void)waitpid(pid, &status, 0);
			node_log_coalesced(
			        "alerts-timeout", NODE_LOG_WARN,
			        "alerts: the command took longer than "
			        "%ld ms: killed, to be tried again",
			        n->cfg.alerts.timeout_ms);
			if (in[1] >= 0) {
				close(in[1]);
			}
			return 0;
		}
		(void)poll(NULL, 0, 10);
	}
	if (in[1] >= 0) {
		close(in[1]);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		node_log_coalesced("alerts-exit", NODE_LOG_WARN,
		                   "alerts: the command failed (status %d): to "
		                   "be tried again",
		                   WIFEXITED(status) ? WEXITSTATUS(status)
		                                     : -1);
		return 0;
	}
	return 1;
}

/* --- the webhook --- */

static size_t
discard(char *p, size_t size, size_t nmemb, void *arg)
{
	(void)p;
	(void)arg;
	return size * nmemb;
}

/* Abort a POST under way when the node stops. */
static int
progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	(void)dt;
	(void)dn;
	(void)ut;
	(void)un;
	return stopping(arg);
}

/* POST body; 1 when answered 2xx in time. */
static int
post(arnet_node *n, struct alerts_out *a, const char *body)
{
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	long code = 0;
	if (c == NULL) {
		return 0;
	}
	h = curl_slist_append(h, "Content-Type: application/json");
	curl_easy_setopt(c, CURLOPT_URL, n->cfg.alerts.webhook);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, n->cfg.alerts.timeout_ms);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, a);
	CURLcode rc = curl_easy_perform(c);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK || code < 200 || code > 299) {
		node_log_coalesced("alerts-webhook", NODE_LOG_WARN,
		                   "alerts: the webhook %s: to be tried again",
		                   rc != CURLE_OK ? curl_easy_strerror(rc)
		                                  : "answered");
		return 0;
	}
	return 1;
}

/* --- one pass --- */

typedef struct claim_job {
	int64_t now;
	arnet_outbox_entry e[CLAIM_MAX];
	size_t n;
} claim_job;

static int
claim_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	claim_job *j = arg;
	return arnet_outbox_claim(t, j->now, j->e, CLAIM_MAX, &j->n, d);
}

/* What is POSTed or piped: o as JSON (deleted here), and a chat robot's
 * text message {"msgtype": "text", "text": {"content": text}} (企业微信,
 * 钉钉), both malloc'd. ARNET_OK or ARNET_ENOMEM. */
static int
bodies(cJSON *o, const char *text, char **json, char **robot)
{
	cJSON *m = cJSON_CreateObject(), *x = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "msgtype", "text");
	cJSON_AddStringToObject(x, "content", text);
	cJSON_AddItemToObject(m, "text", x);
	*json = o ? cJSON_PrintUnformatted(o) : NULL;
	*robot = cJSON_PrintUnformatted(m);
	cJSON_Delete(o);
	cJSON_Delete(m);
	return *json && *robot ? ARNET_OK : ARNET_ENOMEM;
}

/* The alert's two bodies: the JSON, and the robot's text message. */
typedef struct body_job {
	uint64_t id;
	const arnet_roster *roster; /* the node's, held; NULL: none yet */
	char *json, *robot;
} body_job;

static int
body_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	body_job *j = arg;
	arnet_alert a;
	arnet_alert_view v;
	char text[ARNET_ALERT_TEXT_MAX];
	int rv;
	if ((rv = arnet_alert_get(t, j->id, &a, d)) != ARNET_OK ||
	    (rv = arnet_alert_view_get(t, &a, &v, d)) != ARNET_OK) {
		return rv;
	}
	cJSON *o = arnet_alert_view_json(&v, j->roster);
	arnet_alert_view_text(text, sizeof(text), &v, j->roster);
	return bodies(o, text, &j->json, &j->robot);
}

/* fn in a read transaction, with *slot (the job's roster) the roster the
 * node follows, read-locked meanwhile (NULL when it has none yet): the
 * txns below name members from it. */
static int
read_with_roster(arnet_node *n, arnet_txn_fn fn, void *job,
                 const arnet_roster **slot, arnet_diag *d)
{
	pthread_rwlock_rdlock(&n->roster_lock);
	*slot = n->has_roster ? &n->roster : NULL;
	int rv = arnet_store_read(n->store, fn, job, d);
	*slot = NULL;
	pthread_rwlock_unlock(&n->roster_lock);
	return rv;
}

typedef struct result_job {
	uint64_t id;
	uint8_t reached;
	int64_t now;
} result_job;

static int
result_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	result_job *j = arg;
	return arnet_outbox_result(t, j->id, j->reached, j->now, d);
}

/* A target that failed rests a while, growing with each failure in a
 * row (1, 2, 4 ... 60 s): a dead webhook or a broken command does not
 * cost a try, a spawn or a connection per alert. */
typedef struct breaker {
	int fails;     /* in a row */
	int64_t until; /* not tried before (UTC seconds) */
} breaker;

static void
breaker_after(breaker *b, int ok, int64_t now)
{
	if (ok) {
		b->fails = 0;
		b->until = 0;
		return;
	}
	b->fails += b->fails < 6;
	b->until = now +
	           ((int64_t)1 << b->fails > 60 ? 60 : (int64_t)1 << b->fails);
}

/* Of the targets on, those not resting at now. */
static uint8_t
awake(const breaker br[2], uint8_t on, int64_t now)
{
	uint8_t t = on;
	if (br[0].until > now) {
		t &= (uint8_t)~ARNET_OUT_COMMAND;
	}
	if (br[1].until > now) {
		t &= (uint8_t)~ARNET_OUT_WEBHOOK;
	}
	return t;
}

/* Deliver alert e to the targets it still waits for among `try` (the
 * configured ones, `on`, that are not resting); a target not configured
 * counts as reached. */
static void
deliver(arnet_node *n, struct alerts_out *a, const arnet_outbox_entry *e,
        uint8_t on, breaker br[2])
{
	body_job b = {e->id, NULL, NULL, NULL};
	result_job r = {e->id, (uint8_t)(e->pending & ~on), 0};
	arnet_diag d;
	int64_t now = node_clock_ms(CLOCK_REALTIME) / 1000;
	uint8_t try = awake(br, on, now) & e->pending;
	if (read_with_roster(n, body_txn, &b, &b.roster, &d) != ARNET_OK) {
		node_log_coalesced("alerts-read", NODE_LOG_WARN,
		                   "alerts: cannot read alert %llu: %s",
		                   (unsigned long long)e->id, d.msg);
	} else {
		if (try & ARNET_OUT_COMMAND) {
			int ok = run_command(n, a, b.json);
			breaker_after(&br[0], ok, now);
			r.reached |= ok ? ARNET_OUT_COMMAND : 0;
		}
		if (try & ARNET_OUT_WEBHOOK) {
			int ok = post(n, a,
			              n->cfg.alerts.webhook_text ? b.robot
			                                         : b.json);
			breaker_after(&br[1], ok, now);
			r.reached |= ok ? ARNET_OUT_WEBHOOK : 0;
		}
	}
	free(b.json);
	free(b.robot);
	if (r.reached & on) {
		n->c.alerts_delivered++;
	}
	if ((try & ~r.reached) != 0) {
		n->c.alerts_failed++;
	}
	r.now = node_clock_ms(CLOCK_REALTIME) / 1000;
	if (arnet_store_write(n->store, result_txn, &r, 0, &d) != ARNET_OK) {
		node_log_coalesced("alerts-write", NODE_LOG_WARN,
		                   "alerts: cannot record alert %llu's "
		                   "delivery: %s",
		                   (unsigned long long)e->id, d.msg);
	}
}

typedef struct books_job {
	const arnet_node *n;
	int64_t now;
	size_t raised;
} books_job;

static int
books_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	books_job *j = arg;
	return arnet_books_alerts_scan(t, arnet_date_from_unix(j->now),
	                               &j->n->cfg.check, j->now, &j->raised, d);
}

typedef struct assess_job {
	const arnet_node *n;
	const arnet_roster *roster; /* held */
	int64_t now;
	arnet_alert_effect e[16];
	size_t count;
} assess_job;

static int
assess_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	assess_job *j = arg;
	return arnet_alerts_assess(t, &j->n->cfg.check, j->roster, j->now, j->e,
	                           16, &j->count, d);
}

static int
effects_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	assess_job *j = arg;
	return arnet_alerts_effects_put(t, j->e, j->count, d);
}

/* What the open alerts change (grade, order decision), before they are
 * delivered or read: the checks in a read transaction, then a short
 * write, so that ingest is held up by none of it. */
static void
assess(arnet_node *n, int64_t now)
{
	assess_job j;
	arnet_diag d;
	memset(&j, 0, sizeof(j));
	j.n = n;
	j.now = now;
	if (read_with_roster(n, assess_txn, &j, &j.roster, &d) != ARNET_OK ||
	    (j.count > 0 &&
	     arnet_store_write(n->store, effects_txn, &j, 0, &d) != ARNET_OK)) {
		node_log_coalesced("alerts-assess", NODE_LOG_WARN,
		                   "alerts: cannot assess the alerts: %s",
		                   d.msg);
	}
}

/* The books' triggers as of today (an invoice at a new stage, a promise
 * broken, the limit warning), raised into the same stream. */
static void
books_scan(arnet_node *n, int64_t now)
{
	books_job j = {n, now, 0};
	arnet_diag d;
	if (arnet_store_write(n->store, books_txn, &j, 0, &d) != ARNET_OK) {
		node_log_coalesced("alerts-books", NODE_LOG_WARN,
		                   "alerts: cannot scan the books: %s", d.msg);
	} else if (j.raised > 0) {
		node_log(NODE_LOG_INFO, "alerts: %zu new from the books",
		         j.raised);
	}
}

/* --- the daily digest --- */

/* Today's digest time (UTC seconds) in the machine's local time. */
static int64_t
digest_time(const arnet_node *n, int64_t now)
{
	time_t t = (time_t)now;
	struct tm tm;
	localtime_r(&t, &tm);
	tm.tm_hour = n->cfg.alerts.digest_minute / 60;
	tm.tm_min = n->cfg.alerts.digest_minute % 60;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

typedef struct digest_job {
	const arnet_node *n;
	const arnet_roster *roster; /* held */
	int64_t now, due, last;
	char *json, *robot, *text;
} digest_job;

static int
digest_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	digest_job *j = arg;
	cJSON *o;
	int rv = arnet_digest_last(t, &j->last, d);
	if (rv != ARNET_OK || j->last >= j->due) {
		return rv; /* sent already */
	}
	rv = arnet_digest_build(t, arnet_date_from_unix(j->now),
	                        j->last ? j->last : j->now - ARNET_DAY_SECONDS,
	                        &j->n->cfg.check, j->roster, &o, &j->text, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	cJSON_AddStringToObject(o, "kind", "digest");
	return bodies(o, j->text, &j->json, &j->robot);
}

static int
digest_done_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	return arnet_digest_set_last(t, ((digest_job *)arg)->now, d);
}

/* Where today's digest has gone: a target that took it is not sent it
 * again while another fails. */
typedef struct digest_state {
	int64_t due;     /* the digest these are of */
	uint8_t reached; /* ARNET_OUT_* */
	int64_t next;    /* the next try */
} digest_state;

/* The digest, once a day after digest_at, to every target; a target
 * that fails is tried again a minute later. */
static void
digest(arnet_node *n, struct alerts_out *a, uint8_t on, int64_t now,
       digest_state *ds)
{
	digest_job j = {n, NULL, now, digest_time(n, now), 0, NULL, NULL, NULL};
	arnet_diag d;
	if (n->cfg.alerts.digest_minute < 0 || on == 0 || now < j.due ||
	    now < ds->next) {
		return;
	}
	if (ds->due != j.due) {
		ds->due = j.due;
		ds->reached = 0;
	}
	if (read_with_roster(n, digest_txn, &j, &j.roster, &d) != ARNET_OK) {
		node_log_coalesced("alerts-digest", NODE_LOG_WARN,
		                   "alerts: cannot build the digest: %s",
		                   d.msg);
		ds->next = now + 60;
	} else if (j.json != NULL) {
		uint8_t want = on & (uint8_t)~ds->reached;
		if ((want & ARNET_OUT_COMMAND) && run_command(n, a, j.json)) {
			ds->reached |= ARNET_OUT_COMMAND;
		}
		if ((want & ARNET_OUT_WEBHOOK) &&
		    post(n, a, n->cfg.alerts.webhook_text ? j.robot : j.json)) {
			ds->reached |= ARNET_OUT_WEBHOOK;
		}
		if ((on & ~ds->reached) == 0 &&
		    arnet_store_write(n->store, digest_done_txn, &j, 0, &d) ==
		            ARNET_OK) {
			node_log(NODE_LOG_INFO,
			         "alerts: the daily digest sent");
		} else {
			ds->next = now + 60;
		}
	}
	free(j.json);
	free(j.robot);
	free(j.text);
}

static void *
alerts_thread(void *arg)
{
	arnet_node *n = arg;
	struct alerts_out *a = n->alerts;
	uint8_t on = targets(n);
	int64_t books_at = 0;
	digest_state ds = {0, 0, 0};
	breaker br[2] = {{0, 0}, {0, 0}}; /* the command's, the webhook's */
	node_thread_name("arnet:alerts");
	/* A command that exits without reading its stdin makes the write
	 * raise SIGPIPE: in this thread it stays blocked (write says EPIPE,
	 * and the pending signal is taken back at once), so no process that
	 * runs a node dies of it, whatever it does with SIGPIPE. */
	sigset_t pipe_set;
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, NULL);
	while (!stopping(a)) {
		claim_job j;
		arnet_diag d;
		memset(&j, 0, sizeof(j));
		j.now = node_clock_ms(CLOCK_REALTIME) / 1000;
		if (j.now >= books_at) {
			books_scan(n, j.now);
			books_at = j.now + BOOKS_EVERY_S;
		}
		assess(n, j.now);
		digest(n, a, on, j.now, &ds);
		if (awake(br, on, j.now) == 0) {
			/* no target, or every one resting: the alerts wait in
			 * the outbox (not claimed, so still open) */
		} else if (arnet_store_write(n->store, claim_txn, &j, 0, &d) !=
		           ARNET_OK) {
			node_log_coalesced("alerts-claim", NODE_LOG_WARN,
			                   "alerts: cannot read the outbox: %s",
			                   d.msg);
		}
		for (size_t i = 0; i < j.n && !stopping(a); i++) {
			deliver(n, a, &j.e[i], on, br);
		}
		if (j.n == CLAIM_MAX && awake(br, on, j.now) != 0) {
			continue; /* more due: no wait */
		}
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += (long)POLL_MS * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		pthread_mutex_lock(&a->mu);
		if (!a->stop) {
			pthread_cond_timedwait(&a->cv, &a->mu, &until);
		}
		pthread_mutex_unlock(&a->mu);
	}
	return NULL;
}

int
alerts_out_start(arnet_node *n)
{
	if ((n->alerts = calloc(1, sizeof(*n->alerts))) == NULL ||
	    curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		free(n->alerts);
		n->alerts = NULL;
		return ARNET_ENOMEM;
	}
	pthread_mutex_init(&n->alerts->mu, NULL);
	pthread_cond_init(&n->alerts->cv, NULL);
	return node_thread_start(&n->alerts->thread, &n->alerts->started,
	                         alerts_thread, n);
}

void
alerts_out_stop(arnet_node *n)
{
	struct alerts_out *a = n->alerts;
	if (a == NULL) {
		return;
	}
	pthread_mutex_lock(&a->mu);
	a->stop = 1;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
	node_thread_join(&a->thread, &a->started);
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->cv);
	free(a);
	n->alerts = NULL;
	curl_global_cleanup();
}
