/*
 * store_test.c - the store's map: it grows (in this process) and is
 * adopted (grown by another process) while other threads read, as often
 * as a busy node sees it, without a crash; at its ceiling a write is
 * refused with ARNET_EFULL and reads go on.
 *
 * LMDB forbids mdb_env_set_mapsize while any thread of the process has a
 * transaction open; arnet 8bed2a4 did it anyway and arnetd segfaulted in
 * liblmdb under concurrent readers. These tests grow tiny maps hundreds of
 * times under four reader threads that walk every page they can see.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "txn.h"
#include "txn_fixture.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define READERS 4

typedef struct reader_ctx {
	arnet_store *s;
	atomic_int stop;
	atomic_ulong reads, errors;
	atomic_ulong seen; /* bytes of values read: every page touched */
} reader_ctx;

static int
sum_value(const MDB_val *k, const MDB_val *v, void *arg)
{
	unsigned long *sum = arg;
	const uint8_t *p = v->mv_data;
	(void)k;
	for (size_t i = 0; i < v->mv_size; i += 512) {
		*sum += p[i];
	}
	*sum += v->mv_size;
	return 0;
}

TXN_FN(walk_txn, void, st_scan(t, ST_AUDIT, NULL, 0, sum_value, j, d))

static void *
reader(void *arg)
{
	reader_ctx *c = arg;
	for (unsigned long n = 0; !atomic_load(&c->stop); n++) {
		unsigned long sum = 0;
		arnet_diag d;
		arnet_txn *t = NULL;
		/* Every other read in straight-line form: the same gate. */
		int rv = n % 2 ? arnet_store_read(c->s, walk_txn, &sum, &d)
		               : arnet_store_read_begin(c->s, &t, &d);
		if (rv == ARNET_OK && t != NULL) {
			rv = walk_txn(t, &sum, &d);
			arnet_store_read_end(t);
		}
		if (rv == ARNET_OK) {
			c->reads++;
			c->seen += sum;
		} else {
			c->errors++;
		}
	}
	return NULL;
}

typedef struct fill_job {
	uint64_t from;
	int n;
	size_t vlen;
} fill_job;

static int
fill_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	fill_job *j = arg;
	uint8_t key[8], val[4096];
	memset(val, 0x5a, sizeof(val));
	for (int i = 0; i < j->n; i++) {
		arnet_be64_write(key, j->from + (uint64_t)i);
		int rv = st_put(t, ST_AUDIT, key, 8, val, j->vlen, 0, d);
		if (rv != ARNET_OK) {
			return rv;
		}
	}
	return ARNET_OK;
}

static void
make_dir(char *dir, size_t cap)
{
	snprintf(dir, cap, "/tmp/arnet-store-XXXXXX");
	assert_non_null(mkdtemp(dir));
}

static void
remove_dir(const char *dir)
{
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* A store in a new directory, read by READERS threads. */
typedef struct busy_store {
	char dir[64];
	arnet_store *s;
	reader_ctx c;
	pthread_t th[READERS];
} busy_store;

/* Open b's store with lim in a new directory and start its readers. */
static void
open_busy(busy_store *b, const arnet_store_limits *lim)
{
	arnet_diag d;
	memset(b, 0, sizeof(*b));
	make_dir(b->dir, sizeof(b->dir));
	assert_int_equal(arnet_store_open_limits(&b->s, b->dir,
	                                         ARNET_STORE_CREATE, lim, &d),
	                 ARNET_OK);
	b->c.s = b->s;
	for (int i = 0; i < READERS; i++) {
		assert_int_equal(pthread_create(&b->th[i], NULL, reader, &b->c),
		                 0);
	}
}

/* Stop b's readers: not one of their reads may have failed. */
static void
stop_readers(busy_store *b)
{
	atomic_store(&b->c.stop, 1);
	for (int i = 0; i < READERS; i++) {
		pthread_join(b->th[i], NULL);
	}
	assert_int_equal(b->c.errors, 0);
}

/* Close b's store and remove its directory. */
static void
close_busy(busy_store *b)
{
	arnet_store_close(b->s);
	remove_dir(b->dir);
}

/* Grow a 256 KiB map to 32 MiB (8 doublings) in small writes while four
 * threads read, forty times over: 320 resizes under readers. */
static void
test_grow_under_readers(void **state)
{
	(void)state;
	arnet_store_limits lim = {ARNET_STORE_MAP_MIN, (size_t)32 << 20};
	uint64_t grown = 0;
	for (int round = 0; round < 40; round++) {
		busy_store b;
		arnet_diag d;
		open_busy(&b, &lim);
		uint64_t at = 0;
		arnet_store_stats st;
		do {
			fill_job j = {at, 64, 3000};
			assert_int_equal(
			        arnet_store_write(b.s, fill_txn, &j, 0, &d),
			        ARNET_OK);
			at += 64;
			arnet_store_stats_get(b.s, &st);
		} while (st.grown < 7);
		stop_readers(&b);
		assert_true(b.c.reads > 0);
		grown += st.grown;
		close_busy(&b);
	}
	assert_true(grown >= 280);
}

/* At the ceiling: refused with ARNET_EFULL, counted, named; what was
 * stored stays readable and smaller writes still fit. */
static void
test_full_at_ceiling(void **state)
{
	(void)state;
	arnet_store_limits lim = {ARNET_STORE_MAP_MIN, (size_t)1 << 20};
	busy_store b;
	arnet_diag d;
	open_busy(&b, &lim);
	arnet_store *s = b.s;
	uint64_t at = 0;
	int rv;
	for (;;) {
		fill_job j = {at, 16, 3000};
		rv = arnet_store_write(s, fill_txn, &j, 0, &d);
		if (rv != ARNET_OK) {
			break;
		}
		at += 16;
	}
	assert_int_equal(rv, ARNET_EFULL);
	assert_non_null(strstr(d.msg, "map_max"));
	assert_non_null(strstr(d.msg, "1 MiB"));
	arnet_store_stats st;
	arnet_store_stats_get(s, &st);
	assert_int_equal(st.full, 1);
	assert_int_equal(st.map_size, (size_t)1 << 20);
	/* Reads go on and see everything committed. */
	unsigned long sum = 0;
	assert_int_equal(arnet_store_read(s, walk_txn, &sum, &d), ARNET_OK);
	assert_true(sum >= at * 3000);
	stop_readers(&b);
	close_busy(&b);
}

/* Another process grows the map while our threads read: each of our
 * transactions that begins after it sees MDB_MAP_RESIZED and adopts the
 * new size with every transaction of ours out of the way. */
static void
test_adopt_from_other_process(void **state)
{
	(void)state;
	arnet_store_limits lim = {ARNET_STORE_MAP_MIN, (size_t)64 << 20};
	uint64_t adopted = 0;
	for (int round = 0; round < 20; round++) {
		busy_store b;
		arnet_diag d;
		open_busy(&b, &lim);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			/* The CLI importing into the daemon's store. */
			arnet_store *w;
			if (arnet_store_open_limits(&w, b.dir, 0, &lim, &d) !=
			    ARNET_OK) {
				_exit(2);
			}
			for (uint64_t at = 0; at < 64 * 60; at += 64) {
				fill_job j = {at, 64, 3000};
				if (arnet_store_write(w, fill_txn, &j, 0, &d) !=
				    ARNET_OK) {
					_exit(3);
				}
			}
			arnet_store_close(w);
			_exit(0);
		}
		int status;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
		/* Our next transactions see the grown map. */
		unsigned long sum = 0;
		assert_int_equal(arnet_store_read(b.s, walk_txn, &sum, &d),
		                 ARNET_OK);
		assert_true(sum >= 64 * 60 * 3000);
		stop_readers(&b);
		arnet_store_stats st;
		arnet_store_stats_get(b.s, &st);
		assert_true(st.adopted >= 1);
		assert_true(st.map_size > ARNET_STORE_MAP_MIN);
		adopted += st.adopted;
		close_busy(&b);
	}
	assert_true(adopted >= 20);
}

/* A transaction inside another's function on the same thread re-enters
 * the gate; a resize it would need fails cleanly instead of deadlocking. */
typedef struct nest_job {
	arnet_store *s;
	int inner;
} nest_job;

static int
inner_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	(void)t;
	(void)d;
	(*(int *)arg)++;
	return ARNET_OK;
}

static int
outer_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	nest_job *j = arg;
	(void)t;
	return arnet_store_read(j->s, inner_txn, &j->inner, d);
}

static void
test_nested_and_limits(void **state)
{
	(void)state;
	char dir[64];
	arnet_store *s;
	arnet_diag d;
	make_dir(dir, sizeof(dir));
	arnet_store_limits bad = {1024, 0};
	assert_int_equal(
	        arnet_store_open_limits(&s, dir, ARNET_STORE_CREATE, &bad, &d),
	        ARNET_ERANGE);
	assert_non_null(strstr(d.msg, "minimum"));
	assert_int_equal(arnet_store_open(&s, dir, ARNET_STORE_CREATE, &d),
	                 ARNET_OK);
	assert_int_equal(arnet_store_map_size(s), ARNET_STORE_MAP_DEFAULT);
	nest_job j = {s, 0};
	assert_int_equal(arnet_store_read(s, outer_txn, &j, &d), ARNET_OK);
	assert_int_equal(j.inner, 1);
	assert_int_equal(arnet_store_write(s, outer_txn, &j, 0, &d), ARNET_OK);
	assert_int_equal(j.inner, 2);
	arnet_store_close(s);
	/* A store opened with a smaller map keeps the size it has. */
	arnet_store_limits small = {ARNET_STORE_MAP_MIN, 0};
	assert_int_equal(arnet_store_open_limits(&s, dir, 0, &small, &d),
	                 ARNET_OK);
	assert_true(arnet_store_map_size(s) >= ARNET_STORE_MAP_MIN);
	arnet_store_close(s);
	remove_dir(dir);
}

static int
drop_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	int db = *(int *)arg;
	(void)d;
	return mdb_drop(t->txn, t->dbi[db], 1) == 0 ? ARNET_OK : ARNET_ESTORE;
}

static int
audit_count(const MDB_val *k, const MDB_val *v, void *arg)
{
	(void)k;
	(void)v;
	(*(int *)arg)++;
	return 0;
}

TXN_FN(count_txn, void, st_scan(t, ST_AUDIT, NULL, 0, audit_count, j, d))

/* A store of an older arnet lacks a database this one has: a read-only
 * open (a report before any write since the upgrade) adds it through a
 * short read-write open; a directory that may not be written keeps the
 * refusal, saying why. */
static void
test_readonly_open_of_older_store(void **state)
{
	(void)state;
	char dir[64];
	arnet_store *s;
	arnet_diag d;
	make_dir(dir, sizeof(dir));
	assert_int_equal(arnet_store_open(&s, dir, ARNET_STORE_CREATE, &d),
	                 ARNET_OK);
	int db = ST_AUDIT;
	assert_int_equal(arnet_store_write(s, drop_txn, &db, 0, &d), ARNET_OK);
	arnet_store_close(s);
	assert_int_equal(arnet_store_open(&s, dir, ARNET_STORE_READONLY, &d),
	                 ARNET_OK);
	int n = 0;
	assert_int_equal(arnet_store_read(s, count_txn, &n, &d), ARNET_OK);
	assert_int_equal(n, 0);
	arnet_store_close(s);
	if (geteuid() != 0) { /* root may write anywhere */
		assert_int_equal(arnet_store_open(&s, dir, 0, &d), ARNET_OK);
		assert_int_equal(arnet_store_write(s, drop_txn, &db, 0, &d),
		                 ARNET_OK);
		arnet_store_close(s);
		char sdir[80];
		snprintf(sdir, sizeof(sdir), "%s/store", dir);
		assert_int_equal(chmod(sdir, 0500), 0);
		assert_int_not_equal(
		        arnet_store_open(&s, dir, ARNET_STORE_READONLY, &d),
		        ARNET_OK);
		assert_non_null(strstr(d.msg, "incomplete"));
		assert_int_equal(chmod(sdir, 0700), 0);
	}
	remove_dir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_nested_and_limits),
	        cmocka_unit_test(test_readonly_open_of_older_store),
	        cmocka_unit_test(test_full_at_ceiling),
	        cmocka_unit_test(test_grow_under_readers),
	        cmocka_unit_test(test_adopt_from_other_process),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
