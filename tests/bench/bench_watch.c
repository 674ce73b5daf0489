/*
 * bench_watch.c - what watching costs ingest (docs/benchmarks.md): the
 * same N signed records of 50 authors about N/5 subjects pushed into a
 * node's ingest path in-process, once into a node that watches nothing
 * and once into one that watches W subjects (prospects added by hand,
 * every subject of the records among them, so every record raises or
 * joins an alert in the transaction that stores it), and once more into
 * a node watching the same whose every delivery fails (so its alerts
 * thread claims, runs a failing command and a refused POST, and retries,
 * while the records come). Each twice, alternating, on fresh nodes; the
 * better of each counts. The ratios are the result: watched (and
 * failing) / unwatched, which issue 16 bounds at 0.9.
 *
 *   bench_watch [--records N] [--watched W]
 *
 * Prints a markdown table row on stdout, a JSON object on stderr.
 */
#include "arnet_watch.h"
#include "assoc_fixture.h"
#include "bench_util.h"
#include "node_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUTHORS 50
#define ROUNDS  2
/* [alerts] of the node whose deliveries all fail (appended to its
 * config under [node]). */
#define FAILING                                                                \
	"\n[alerts]\ncommand = exit 1\nwebhook = "                             \
	"http://127.0.0.1:9/hook\ntimeout_ms = 1000\n"

static assoc A;

static void die(const char *what, const char *msg) __attribute__((noreturn));

static void
die(const char *what, const char *msg)
{
	bench_die("bench_watch", what, msg);
}

typedef struct watch_job {
	size_t from, to;
} watch_job;

static int
watch_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	watch_job *j = arg;
	for (size_t i = j->from; i < j->to; i++) {
		arnet_watch_entry e;
		char id[32];
		memset(&e, 0, sizeof(e));
		snprintf(id, sizeof(id), "local:S-%zu", i);
		if (arnet_ident_parse(&e.subject, id, d) != ARNET_OK) {
			return ARNET_EINVAL;
		}
		e.added = A.now;
		snprintf(e.note, sizeof(e.note), "prospect %zu", i);
		int rv = arnet_watch_add(t, &e, d);
		if (rv != ARNET_OK) {
			return rv;
		}
	}
	return ARNET_OK;
}

/* Node k's store watches local:S-0 .. S-(w-1). */
static void
watch_subjects(int k, size_t w)
{
	char path[300];
	arnet_store *s;
	arnet_diag d;
	assoc_node_dir(&A, k, NULL, path, sizeof(path));
	if (arnet_store_open(&s, path, 0, &d) != ARNET_OK) {
		die(path, d.msg);
	}
	for (size_t i = 0; i < w; i += 20000) {
		watch_job j = {i, i + 20000 < w ? i + 20000 : w};
		if (arnet_store_write(s, watch_txn, &j, 0, &d) != ARNET_OK) {
			die("watch", d.msg);
		}
	}
	arnet_store_close(s);
}

/* Records per second node k stores r at. */
static double
ingest_rate(int k, const assoc_recs *r)
{
	arnet_node *n = assoc_start_node(&A, k);
	double t0 = bench_now_s();
	for (size_t i = 0; i < r->n; i++) {
		while (ingest_push(n, r->b + r->off[i], r->len[i]) != 0) {
			ingest_wait_room(n, NODE_QUEUE_MAX / 2);
		}
	}
	ingest_drain(n);
	double rate = (double)r->n / (bench_now_s() - t0);
	if (atomic_load(&n->c.accepted) != r->n) {
		die("ingest", "not every record was accepted");
	}
	arnet_node_stop(n);
	return rate;
}

typedef struct count_job {
	uint64_t alerts;
} count_job;

static int
count_one(const arnet_alert *a, void *arg)
{
	(void)a;
	((count_job *)arg)->alerts++;
	return 0;
}

static int
count_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	return arnet_alerts_list(t, 0, count_one, arg, d);
}

/* The alerts node k raised. */
static uint64_t
alerts_of(int k)
{
	char path[300];
	arnet_store *s;
	arnet_diag d;
	count_job j = {0};
	assoc_node_dir(&A, k, NULL, path, sizeof(path));
	if (arnet_store_open(&s, path, 0, &d) != ARNET_OK ||
	    arnet_store_read(s, count_txn, &j, &d) != ARNET_OK) {
		die(path, d.msg);
	}
	arnet_store_close(s);
	return j.alerts;
}

int
main(int argc, char **argv)
{
	size_t n = (size_t)bench_opt(argc, argv, "--records", 100000);
	size_t w = (size_t)bench_opt(argc, argv, "--watched", 100000);
	size_t subjects = n / 5 + 1;
	double plain = 0, watched = 0, failing = 0;
	assoc_recs r;
	if (arnet_crypto_init() != ARNET_OK || n < 1 || w < subjects) {
		fprintf(stderr, "usage: bench_watch [--records N] [--watched "
		                "W], W at least N/5 + 1 (every subject of the "
		                "records watched)\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	node_log_level(NODE_LOG_ERROR);
	assoc_make(&A, NULL, AUTHORS, 3 * ROUNDS);
	assoc_sign_feeds(&A, &r, n, subjects);
	for (int i = 0; i < ROUNDS; i++) {
		char path[300];
		/* node 3i + 2 delivers every alert, and every try fails: a
		 * command that exits 1, a webhook nobody listens on */
		assoc_node_dir(&A, 3 * i + 2, FAILING, path, sizeof(path));
		watch_subjects(3 * i + 1, w);
		watch_subjects(3 * i + 2, w);
	}
	for (int i = 0; i < ROUNDS; i++) {
		double p = ingest_rate(3 * i, &r);
		double x = ingest_rate(3 * i + 1, &r);
		double f = ingest_rate(3 * i + 2, &r);
		plain = p > plain ? p : plain;
		watched = x > watched ? x : watched;
		failing = f > failing ? f : failing;
	}
	uint64_t alerts = alerts_of(1), none = alerts_of(0);
	if (alerts != subjects || none != 0) {
		char msg[120];
		snprintf(msg, sizeof(msg),
		         "%llu alerts for %zu subjects watched, %llu unwatched",
		         (unsigned long long)alerts, subjects,
		         (unsigned long long)none);
		die("alerts", msg);
	}
	printf("| ingest, %zu records about %zu subjects, %zu watched "
	       "(%llu alerts) | %.0f records/s | none watched: %.0f/s | "
	       "%.2f |\n",
	       n, subjects, w, (unsigned long long)alerts, watched, plain,
	       watched / plain);
	printf("| the same, every delivery failing (a command that exits 1, "
	       "a webhook refused) | %.0f records/s | none watched: %.0f/s | "
	       "%.2f |\n",
	       failing, plain, failing / plain);
	fprintf(stderr,
	        "{\"records\": %zu, \"subjects\": %zu, \"watched\": %zu, "
	        "\"alerts\": %llu, \"watched_per_s\": %.0f, "
	        "\"failing_per_s\": %.0f, \"plain_per_s\": %.0f, "
	        "\"ratio\": %.3f, \"failing_ratio\": %.3f}\n",
	        n, subjects, w, (unsigned long long)alerts, watched, failing,
	        plain, watched / plain, failing / plain);
	assoc_recs_free(&r);
	assoc_free(&A);
	return 0;
}
