/*
 * bench_net.c - the shared log's benchmarks, each beside its bound or its
 * alternative measured in the same run (docs/benchmarks.md):
 *
 *   ingest     records of 50 authors, signed in advance, pushed into a
 *              node's ingest path in-process; accepted (durable) records
 *              per second beside the raw Ed25519 verify rate of the same
 *              records on as many threads as the node verifies with
 *   catch-up   a node that was down while they came back up pulls the
 *              same records over nng (REQ/REP sync) from the node that
 *              holds them; records per second until it holds them all,
 *              beside the ingest rate
 *   check      the credit check (no survey) on a log of L records about S
 *              subjects: p50/p99 latency, beside SQLite doing the same
 *              lookup (every record about the subject, decoded) with an
 *              index on the subject
 *   propagate  K nodes; one publishes M records (one every 5 ms): time
 *              from publish until the record is durable at every other
 *              node, p50/p99
 *
 * All nodes run in this process on ipc:// endpoints in a temporary
 * directory (--links tcp: tcp://, --links tls: TLS links with pinned
 * link certificates, as members on a network run them; both on
 * 127.0.0.1); each has its own LMDB store. Prints markdown table rows on
 * stdout and a JSON object of every figure on stderr. With --keep DIR the
 * node directories stay (deploy/bench.sh measures the memory of arnetd on
 * them): DIR/node10 holds the check's log, DIR/node11 is empty.
 */
#include "arnet_check.h"
#include "assoc_fixture.h"
#include "bench_util.h"
#include "node_internal.h"
#include "txn_fixture.h"

#include <errno.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define AUTHORS 50
#define NODES   12 /* 0-7 propagation, 8 ingest, 9 catch-up, 10 log, 11 idle */

static assoc A; /* the association: root, 50 authors, the nodes */

static void die(const char *what, const char *msg) __attribute__((noreturn));

static void
die(const char *what, const char *msg)
{
	bench_die("bench_net", what, msg);
}

/* --- 1. ingest, and its bound: raw verification --- */

typedef struct verify_job {
	const assoc_recs *r;
	size_t first, step;
	size_t bad;
} verify_job;

static void *
verify_some(void *arg)
{
	verify_job *j = arg;
	for (size_t i = j->first; i < j->r->n; i += j->step) {
		j->bad += arnet_record_verify(j->r->b + j->r->off[i],
		                              j->r->len[i]) != ARNET_OK;
	}
	return NULL;
}

/* Records verified per second on `threads` threads. */
static double
verify_rate(const assoc_recs *r, int threads)
{
	pthread_t t[NODE_WORKERS_MAX];
	verify_job j[NODE_WORKERS_MAX];
	double t0 = bench_now_s();
	for (int i = 0; i < threads; i++) {
		j[i] = (verify_job){r, (size_t)i, (size_t)threads, 0};
		pthread_create(&t[i], NULL, verify_some, &j[i]);
	}
	for (int i = 0; i < threads; i++) {
		pthread_join(t[i], NULL);
		if (j[i].bad) {
			die("verify", "a record does not verify");
		}
	}
	return (double)r->n / (bench_now_s() - t0);
}

static void
wait_accepted(arnet_node *n, size_t want, double limit_s)
{
	double t0 = bench_now_s();
	while (atomic_load(&n->c.accepted) < want) {
		if (bench_now_s() - t0 > limit_s) {
			char msg[120];
			snprintf(msg, sizeof(msg), "%lu of %zu after %.0f s",
			         (unsigned long)atomic_load(&n->c.accepted),
			         want, limit_s);
			die("node", msg);
		}
		usleep(200);
	}
}

/* --- 2. the credit check beside SQLite --- */

typedef struct load_job {
	const assoc_recs *r;
	size_t from, to;
	arnet_log_rules rules;
} load_job;

static int
load_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	load_job *j = arg;
	for (size_t i = j->from; i < j->to; i++) {
		arnet_ingest_info info;
		int rv = arnet_log_ingest(t, j->r->b + j->r->off[i],
		                          j->r->len[i], &A.roster, &j->rules,
		                          &info, d);
		if (rv != ARNET_OK) {
			return rv;
		}
		if (info.result != ARNET_INGEST_ACCEPTED) {
			return arnet_diag_set(d, ARNET_EINVAL,
			                      "record %zu not appended", i);
		}
	}
	return ARNET_OK;
}

typedef struct check_job {
	arnet_ident subject;
	arnet_check_policy pol;
	arnet_check_result res;
} check_job;

TXN_FN(check_txn, check_job,
       arnet_check_run(t, &j->subject, 0, "CNY", 0, A.now, &A.roster, NULL, 0,
                       &j->pol, &j->res, d))

static void
sql(sqlite3 *db, const char *q)
{
	char *err = NULL;
	if (sqlite3_exec(db, q, NULL, NULL, &err) != SQLITE_OK) {
		die(q, err);
	}
}

/* Every record about subject from SQLite, decoded as arnet decodes it;
 * returns how many. */
static int
sqlite_lookup(sqlite3_stmt *st, const char *subject)
{
	int n = 0;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, subject, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		arnet_record rec;
		if (arnet_record_decode(&rec, sqlite3_column_blob(st, 0),
		                        (size_t)sqlite3_column_bytes(st, 0),
		                        NULL) != ARNET_OK) {
			die("sqlite", "a record does not decode");
		}
		n++;
	}
	return n;
}

static void
bench_check(size_t nlog, size_t subjects, size_t checks, int keep)
{
	assoc_recs r;
	char path[300], f[400];
	arnet_store *s;
	arnet_diag d;
	assoc_sign_feeds(&A, &r, nlog, subjects);
	assoc_node_dir(&A, 10, NULL, path, sizeof(path));
	if (arnet_store_open(&s, path, 0, &d) != ARNET_OK) {
		die(path, d.msg);
	}
	double t0 = bench_now_s();
	for (size_t i = 0; i < nlog; i += 20000) {
		load_job j = {&r, i, i + 20000 < nlog ? i + 20000 : nlog, {0}};
		arnet_log_rules_default(&j.rules, A.now);
		if (arnet_store_write(s, load_txn, &j, 0, &d) != ARNET_OK) {
			die("load", d.msg);
		}
	}
	double arnet_load = bench_now_s() - t0;

	sqlite3 *db;
	sqlite3_stmt *ins, *sel;
	snprintf(f, sizeof(f), "%s/log.sqlite", A.dir);
	if (sqlite3_open(f, &db) != SQLITE_OK) {
		die(f, sqlite3_errmsg(db));
	}
	sql(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	        "CREATE TABLE log (author BLOB, seq INTEGER, subject TEXT, "
	        "type INTEGER, hash BLOB, rec BLOB, PRIMARY KEY (author, "
	        "seq)) WITHOUT ROWID;");
	t0 = bench_now_s();
	sql(db, "BEGIN");
	sqlite3_prepare_v2(db, "INSERT INTO log VALUES (?, ?, ?, ?, ?, ?)", -1,
	                   &ins, NULL);
	for (size_t i = 0; i < nlog; i++) {
		arnet_record rec;
		uint8_t h[32];
		const uint8_t *b = r.b + r.off[i];
		if (arnet_record_decode(&rec, b, r.len[i], &d) != ARNET_OK) {
			die("decode", d.msg);
		}
		arnet_record_hash(h, b, r.len[i]);
		sqlite3_reset(ins);
		sqlite3_bind_blob(ins, 1, rec.author, 32, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 2, (sqlite3_int64)rec.seq);
		sqlite3_bind_text(ins, 3, rec.subject.text, -1,
		                  SQLITE_TRANSIENT);
		sqlite3_bind_int(ins, 4, rec.type);
		sqlite3_bind_blob(ins, 5, h, 32, SQLITE_TRANSIENT);
		sqlite3_bind_blob(ins, 6, b, (int)r.len[i], SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			die("insert", sqlite3_errmsg(db));
		}
	}
	sqlite3_finalize(ins);
	sql(db, "COMMIT; CREATE INDEX log_subject ON log (subject);"
	        "CREATE INDEX log_hash ON log (hash); ANALYZE;");
	double sqlite_load = bench_now_s() - t0;
	sqlite3_prepare_v2(db, "SELECT rec FROM log WHERE subject = ?", -1,
	                   &sel, NULL);

	double *ta = malloc(checks * sizeof(double));
	double *ts = malloc(checks * sizeof(double));
	check_job j;
	arnet_check_policy_defaults(&j.pol);
	size_t seen = 0;
	for (size_t q = 0; q < checks; q++) {
		char id[40];
		snprintf(id, sizeof(id), "local:S-%u",
		         (unsigned)randombytes_uniform((uint32_t)subjects));
		if (arnet_ident_parse(&j.subject, id, &d) != ARNET_OK) {
			die("subject", d.msg);
		}
		/* Alternate which goes first, so neither warms the other. */
		for (int k = 0; k < 2; k++) {
			double a = bench_now_s();
			if ((k ^ (int)(q & 1)) == 0) {
				if (arnet_store_read(s, check_txn, &j, &d) !=
				    ARNET_OK) {
					die("check", d.msg);
				}
				ta[q] = bench_now_s() - a;
			} else {
				seen += (size_t)sqlite_lookup(sel, id);
				ts[q] = bench_now_s() - a;
			}
		}
		if ((size_t)j.res.log_records > 0 && seen == 0) {
			die("check", "SQLite finds nothing arnet finds");
		}
	}
	sqlite3_finalize(sel);
	sqlite3_close(db);
	arnet_store_close(s);
	double a50 = bench_pct(ta, checks, 0.5) * 1e6,
	       a99 = bench_pct(ta, checks, 0.99) * 1e6;
	double s50 = bench_pct(ts, checks, 0.5) * 1e6,
	       s99 = bench_pct(ts, checks, 0.99) * 1e6;
	printf("| credit check, %zu records about %zu subjects, p50 | %.0f us "
	       "| %.0f us | %.2f |\n",
	       nlog, subjects, a50, s50, s50 / a50);
	printf("| credit check, p99 | %.0f us | %.0f us | %.2f |\n", a99, s99,
	       s99 / a99);
	fprintf(stderr,
	        "\"check_records\": %zu, \"check_subjects\": %zu, "
	        "\"checks\": %zu, \"check_p50_us\": %.1f, \"check_p99_us\": "
	        "%.1f, \"sqlite_p50_us\": %.1f, \"sqlite_p99_us\": %.1f, "
	        "\"log_load_s\": %.2f, \"sqlite_log_load_s\": %.2f, "
	        "\"records_per_check\": %.1f,\n",
	        nlog, subjects, checks, a50, a99, s50, s99, arnet_load,
	        sqlite_load, (double)seen / (double)checks);
	free(ta);
	free(ts);
	assoc_recs_free(&r);
	if (!keep) {
		snprintf(f, sizeof(f), "rm -rf '%s/node10' '%s/log.sqlite'*",
		         A.dir, A.dir);
		if (system(f) != 0) {
			fprintf(stderr, "bench_net: cannot remove %s\n", f);
		}
	}
}

/* --- 1 and 5: ingest in-process, catch-up over nng --- */

/* CPU seconds a thread has used. */
static double
thread_cpu(pthread_t t)
{
	clockid_t c;
	if (pthread_getcpuclockid(t, &c) != 0) {
		return 0;
	}
	return bench_clock_s(c);
}

static void
bench_ingest(size_t n)
{
	assoc_recs r;
	assoc_sign_feeds(&A, &r, n, n / 5 + 1);
	/* The catch-up node runs, then is down while the records come. */
	arnet_node_stop(assoc_start_node(&A, 9));
	arnet_node *a = assoc_start_node(&A, 8);
	int threads = a->nworkers;
	double v1 = verify_rate(&r, threads);
	/* Where the CPU goes while the node ingests: its verify workers,
	 * its committer (LMDB, page writes, fsync), and the rest (this
	 * thread pushing, nng's threads). */
	double cpu0 = bench_clock_s(CLOCK_PROCESS_CPUTIME_ID), verify0 = 0;
	for (int w = 0; w < threads; w++) {
		verify0 += thread_cpu(a->workers[w]);
	}
	double commit0 = thread_cpu(a->committer);
	double t0 = bench_now_s();
	for (size_t i = 0; i < n; i++) {
		/* A full queue refuses: wait for room as the sync client
		 * does (polling would spend the cores the node needs). */
		while (ingest_push(a, r.b + r.off[i], r.len[i]) != 0) {
			ingest_wait_room(a, NODE_QUEUE_MAX / 2);
		}
	}
	ingest_drain(a); /* every record stored (or refused) */
	double ingest = (double)n / (bench_now_s() - t0);
	if (atomic_load(&a->c.accepted) != n) {
		die("ingest", "not every record was accepted");
	}
	double cpu = bench_clock_s(CLOCK_PROCESS_CPUTIME_ID) - cpu0,
	       verify_cpu = -verify0;
	for (int w = 0; w < threads; w++) {
		verify_cpu += thread_cpu(a->workers[w]);
	}
	double commit_cpu = thread_cpu(a->committer) - commit0;
	double v2 = verify_rate(&r, threads);
	double verify = v1 > v2 ? v1 : v2;
	printf("| ingest in-process, %zu records of %d authors | %.0f "
	       "records/s | verify on %d threads: %.0f/s | %.2f |\n",
	       n, AUTHORS, ingest, threads, verify, ingest / verify);

	/* The node that was down comes back and catches up over nng from
	 * the one that has them. */
	t0 = bench_now_s();
	arnet_node *b = assoc_start_node(&A, 9);
	wait_accepted(b, n, 600);
	double catchup = (double)n / (bench_now_s() - t0);
	printf("| catch-up over nng (sync), %zu records | %.0f records/s | "
	       "ingest: %.0f/s | %.2f |\n",
	       n, catchup, ingest, catchup / ingest);
	fprintf(stderr,
	        "\"ingest_records\": %zu, \"verify_threads\": %d, "
	        "\"verify_per_s\": %.0f, \"verify_before\": %.0f, "
	        "\"verify_after\": %.0f, \"ingest_per_s\": %.0f, "
	        "\"ingest_commits\": %lu, \"ingest_cpu_s\": %.3f, "
	        "\"ingest_cpu_verify_s\": %.3f, "
	        "\"ingest_cpu_commit_s\": %.3f, "
	        "\"catchup_per_s\": %.0f, \"catchup_commits\": %lu,\n",
	        n, threads, verify, v1, v2, ingest,
	        (unsigned long)atomic_load(&a->c.commits), cpu, verify_cpu,
	        commit_cpu, catchup, (unsigned long)atomic_load(&b->c.commits));
	arnet_node_stop(b);
	arnet_node_stop(a);
	assoc_recs_free(&r);
}

/* --- 4. propagation: publish at one node, durable at all others --- */

typedef struct prop {
	arnet_node *nodes[8];
	int k;
	size_t m;
	double *t_pub, *t_all; /* per record: published, durable at all */
	atomic_int done;
} prop;

static void *
poller(void *arg)
{
	prop *p = arg;
	size_t seen[8] = {0};
	while (!atomic_load(&p->done)) {
		double t = bench_now_s();
		for (int j = 1; j < p->k; j++) {
			size_t a = atomic_load(&p->nodes[j]->c.accepted);
			for (; seen[j] < a && seen[j] < p->m; seen[j]++) {
				if (t > p->t_all[seen[j]]) {
					p->t_all[seen[j]] = t;
				}
			}
		}
		size_t low = p->m;
		for (int j = 1; j < p->k; j++) {
			low = seen[j] < low ? seen[j] : low;
		}
		if (low == p->m) {
			break;
		}
		usleep(100);
	}
	return NULL;
}

typedef struct pub_job {
	arnet_record rec;
	uint8_t out[ARNET_RECORD_MAX];
	size_t len;
} pub_job;

TXN_FN(append_txn, pub_job,
       arnet_log_append_own(t, &j->rec, assoc_node_sk(&A, 0), &A.roster, j->out,
                            &j->len, d))

static void
bench_propagate(int k, size_t m)
{
	prop p;
	arnet_diag d;
	memset(&p, 0, sizeof(p));
	p.k = k;
	p.m = m;
	p.t_pub = calloc(m, sizeof(double));
	p.t_all = calloc(m, sizeof(double));
	for (int i = 0; i < k; i++) {
		p.nodes[i] = assoc_start_node(&A, i);
	}
	/* Every SUB connected (they reconnect every 100 ms at first). */
	usleep(3000 * 1000);
	pthread_t t;
	pthread_create(&t, NULL, poller, &p);
	for (size_t i = 0; i < m; i++) {
		pub_job j;
		char id[40];
		arnet_record_init(&j.rec, ARNET_REC_CREDIT_STOP);
		j.rec.created = A.now;
		j.rec.u.stop.reason = 1;
		snprintf(id, sizeof(id), "local:P-%zu", i);
		if (arnet_ident_parse(&j.rec.subject, id, &d) != ARNET_OK) {
			die("subject", d.msg);
		}
		if (arnet_store_write(p.nodes[0]->store, append_txn, &j, 0,
		                      &d) != ARNET_OK) {
			die("publish", d.msg);
		}
		p.t_pub[i] = bench_now_s();
		node_publish(p.nodes[0], ARNET_MSG_RECORD, j.out, j.len);
		usleep(5000);
	}
	double t0 = bench_now_s();
	for (int j = 1; j < k; j++) {
		while (atomic_load(&p.nodes[j]->c.accepted) < m &&
		       bench_now_s() - t0 < 60) {
			usleep(1000);
		}
	}
	atomic_store(&p.done, 1);
	pthread_join(t, NULL);
	double *lat = malloc(m * sizeof(double));
	size_t got = 0;
	for (size_t i = 0; i < m; i++) {
		if (p.t_all[i] > 0) {
			lat[got++] = (p.t_all[i] - p.t_pub[i]) * 1e3;
		}
	}
	if (got < m) {
		die("propagate", "not every record reached every node");
	}
	double p50 = bench_pct(lat, m, 0.5), p99 = bench_pct(lat, m, 0.99);
	printf("| propagation to %d nodes, %zu records, p50 / p99 | %.1f ms / "
	       "%.1f ms | sync interval: 5000 ms | %.0f |\n",
	       k - 1, m, p50, p99, 5000.0 / p99);
	fprintf(stderr,
	        "\"propagation_nodes\": %d, \"propagation_records\": %zu, "
	        "\"propagation_p50_ms\": %.2f, \"propagation_p99_ms\": %.2f,\n",
	        k, m, p50, p99);
	/* Stopped one after another while the others run, as a member's
	 * daemon stops: each stop waits for its sync requests in flight
	 * (closing a socket under one hung nng 1.5.2, node/sync_client.c). */
	for (int i = 0; i < k; i++) {
		arnet_node_stop(p.nodes[i]);
	}
	free(lat);
	free(p.t_pub);
	free(p.t_all);
}

int
main(int argc, char **argv)
{
	const char *keep = NULL, *links = "ipc";
	for (int i = 1; i + 1 < argc; i++) {
		if (strcmp(argv[i], "--keep") == 0) {
			keep = argv[i + 1];
		} else if (strcmp(argv[i], "--links") == 0) {
			links = argv[i + 1];
		}
	}
	int lk = strcmp(links, "tls") == 0   ? ASSOC_TLS
	         : strcmp(links, "tcp") == 0 ? ASSOC_TCP
	         : strcmp(links, "ipc") == 0 ? ASSOC_IPC
	                                     : -1;
	size_t n = (size_t)bench_opt(argc, argv, "--records", 100000);
	size_t nlog = (size_t)bench_opt(argc, argv, "--log", 1000000);
	size_t subjects = (size_t)bench_opt(argc, argv, "--subjects", 200000);
	size_t checks = (size_t)bench_opt(argc, argv, "--checks", 10000);
	size_t m = (size_t)bench_opt(argc, argv, "--prop", 1000);
	int k = (int)bench_opt(argc, argv, "--nodes", 8);
	if (arnet_crypto_init() != ARNET_OK || k < 2 || k > 8 || n < 1 ||
	    nlog < 1 || subjects < 1 || checks < 1 || m < 1 || lk < 0) {
		fprintf(stderr, "usage: bench_net [--records N] [--log N] "
		                "[--subjects N] [--checks N] [--prop N] "
		                "[--nodes 2..8] [--links ipc|tcp|tls] "
		                "[--keep DIR]\n");
		return 2;
	}
	/* Each phase's row shows when the phase ends, also into a pipe: a
	 * run that stops half way says how far it got. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	node_log_level(NODE_LOG_ERROR);
	assoc_make_links(&A, keep, AUTHORS, NODES, lk);
	fprintf(stderr, "{\"links\": \"%s\", ", links);
	bench_ingest(n);
	bench_check(nlog, subjects, checks, keep != NULL);
	char path[300];
	assoc_node_dir(&A, 11, NULL, path, sizeof(path)); /* an idle node */
	bench_propagate(k, m);
	fprintf(stderr, "\"dir\": \"%s\"}\n", A.dir);
	assoc_free(&A); /* removes the directory unless --keep */
	if (fflush(stdout) != 0 || fflush(stderr) != 0) {
		perror("bench_net: writing the figures");
		return 1;
	}
	return 0;
}
