/*
 * integrity_test.c - store/core/integrity.c: stores truncated, with meta pages
 * overwritten, with entries that disagree, and on a full disk.
 *
 * Hostile first: every damaged store is opened in a forked child, so a
 * SIGBUS inside liblmdb (what arnet 69e8605 did on a truncated file)
 * fails the test instead of ending it; the child reports what the open
 * returned by its exit code.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_integrity.h"
#include "arnet_verify.h"
#include "books_fixture.h"
#include "txn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* A store of some size: a customer and n invoices, then closed. */
static void
fill(fixture *f, int n)
{
	add_customer(f, "local:A", 30);
	assert_int_equal(add_many_invoices(f, n), ARNET_OK);
	reopen_close(f);
}

static void
data_path(const fixture *f, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s/store/data.mdb", f->dir);
}

static off_t
file_size(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

static void
overwrite(const char *path, off_t off, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, p, n, off), (ssize_t)n);
	close(fd);
}

/*
 * Open the store of f in a child and touch every table; the child exits
 * with the arnet_err of the open (ARNET_OK: opened and walked) and writes
 * the message to msg. Asserts the child did not die by a signal.
 */
static int
open_in_child(const fixture *f, char *msg, size_t cap)
{
	int p[2];
	assert_int_equal(pipe(p), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		arnet_store *s;
		arnet_diag d = {{0}, 0};
		uint64_t problems;
		close(p[0]);
		/* Die by the signal (not in cmocka's handler, which would
		 * run the remaining tests in this child too). */
		signal(SIGBUS, SIG_DFL);
		signal(SIGSEGV, SIG_DFL);
		int rv = arnet_store_open(&s, f->dir, 0, &d);
		if (rv == ARNET_OK) {
			arnet_verify_ops ops = {0};
			rv = arnet_store_verify(s, &ops, &problems, &d);
			arnet_store_close(s);
		}
		if (write(p[1], d.msg, strlen(d.msg)) < 0) {
			_exit(99);
		}
		_exit(rv);
	}
	close(p[1]);
	ssize_t n = read(p[0], msg, cap - 1);
	msg[n > 0 ? n : 0] = '\0';
	close(p[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status)) {
		fail_msg("the open died by signal %d", WTERMSIG(status));
	}
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* f's store does not open (ARNET_ESTORE), and the refusal, in msg
 * (ARNET_DIAG_MAX + 1 bytes), says says. */
static void
open_refused(const fixture *f, char *msg, const char *says)
{
	assert_int_equal(open_in_child(f, msg, ARNET_DIAG_MAX + 1),
	                 ARNET_ESTORE);
	if (strstr(msg, says) == NULL) {
		fail_msg("\"%s\" does not say \"%s\"", msg, says);
	}
}

static void
test_truncated_refused(void **state)
{
	fixture *f = *state;
	char path[128], msg[ARNET_DIAG_MAX + 1];
	fill(f, 3000);
	data_path(f, path, sizeof(path));
	off_t full = file_size(path);
	assert_true(full > 256 * 1024);
	assert_int_equal(truncate(path, full / 3), 0);
	open_refused(f, msg, "is truncated");
	assert_non_null(strstr(msg, path));
	assert_non_null(strstr(msg, "doctor --store"));
	/* The check alone says the same, without LMDB. */
	arnet_diag d;
	char sdir[128];
	snprintf(sdir, sizeof(sdir), "%s/store", f->dir);
	assert_int_equal(arnet_store_check_file(sdir, &d), ARNET_ESTORE);
}

static void
test_cut_to_one_page_refused(void **state)
{
	fixture *f = *state;
	char path[128], msg[ARNET_DIAG_MAX + 1];
	fill(f, 10);
	data_path(f, path, sizeof(path));
	assert_int_equal(truncate(path, 5000), 0);
	open_refused(f, msg, "truncated");
	assert_int_equal(truncate(path, 100), 0);
	open_refused(f, msg, "meta page 0");
}

static void
test_meta_pages_overwritten(void **state)
{
	fixture *f = *state;
	char path[128], msg[ARNET_DIAG_MAX + 1];
	uint8_t junk[64];
	long ps = sysconf(_SC_PAGESIZE);
	memset(junk, 0x5a, sizeof(junk));
	fill(f, 10);
	data_path(f, path, sizeof(path));
	/* meta page 1's magic (after the 16-byte page header) */
	overwrite(path, ps + 16, junk, 4);
	open_refused(f, msg, "meta page 1");
	assert_non_null(strstr(msg, path));
	/* meta page 0 as a whole */
	overwrite(path, 0, junk, sizeof(junk));
	open_refused(f, msg, "meta page 0");
}

static void
test_last_page_out_of_range(void **state)
{
	fixture *f = *state;
	char path[128], msg[ARNET_DIAG_MAX + 1];
	uint8_t huge[8];
	memset(huge, 0xff, sizeof(huge));
	fill(f, 10);
	data_path(f, path, sizeof(path));
	/* mm_last_pg of both meta pages: 16 + 120 bytes into each */
	long ps = sysconf(_SC_PAGESIZE);
	overwrite(path, 136, huge, sizeof(huge));
	overwrite(path, ps + 136, huge, sizeof(huge));
	open_refused(f, msg, "damaged");
}

static void
test_empty_and_healthy_pass(void **state)
{
	fixture *f = *state;
	char path[128], msg[ARNET_DIAG_MAX + 1], sdir[128];
	arnet_diag d;
	snprintf(sdir, sizeof(sdir), "%s/nothing", f->dir);
	assert_int_equal(arnet_store_check_file(sdir, &d), ARNET_OK);
	fill(f, 500);
	assert_int_equal(open_in_child(f, msg, sizeof(msg)), ARNET_OK);
	/* A partial page after the last one (a write a full disk cut
	 * short) is harmless. */
	data_path(f, path, sizeof(path));
	int fd = open(path, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "partial", 7), 7);
	close(fd);
	assert_int_equal(open_in_child(f, msg, sizeof(msg)), ARNET_OK);
}

/* --- the walk --- */

typedef struct seen {
	int problems;
	char tables[8][16];
	uint64_t customers;
} seen;

static void
saw_problem(void *arg, const char *table, const uint8_t *key, size_t klen,
            const char *what)
{
	seen *s = arg;
	(void)key;
	(void)klen;
	(void)what;
	if (s->problems < 8) {
		snprintf(s->tables[s->problems], sizeof(s->tables[0]), "%s",
		         table);
	}
	s->problems++;
}

static void
saw_count(void *arg, const char *table, uint64_t n)
{
	seen *s = arg;
	if (strcmp(table, "customers") == 0) {
		s->customers = n;
	}
}

static int
damage_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	uint8_t head[49] = {0}, key[32], fk[40];
	(void)arg;
	memset(key, 7, sizeof(key));
	head[7] = 5; /* seq 5 of an author with no records */
	memset(fk, 9, sizeof(fk));
	int rv =
	        st_put(t, ST_CUSTOMERS, "local:BAD", 9, "\x01garbage", 8, 0, d);
	if (rv == ARNET_OK) {
		rv = st_put(t, ST_HEADS, key, 32, head, sizeof(head), 0, d);
	}
	if (rv == ARNET_OK) {
		rv = st_put(t, ST_BY_HASH, key, 32, fk, sizeof(fk), 0, d);
	}
	if (rv == ARNET_OK) {
		rv = st_put(t, ST_RECORDS, fk, sizeof(fk), "not a record", 12,
		            0, d);
	}
	return rv;
}

/* The walk finds nothing, then after `damage` what it returns. */
static uint64_t
verify_before_after(fixture *f, seen *s, arnet_txn_fn damage)
{
	arnet_verify_ops ops = {NULL, saw_count, saw_problem, s};
	uint64_t problems;
	arnet_diag d;
	assert_int_equal(arnet_store_verify(f->s, &ops, &problems, &d),
	                 ARNET_OK);
	assert_int_equal(problems, 0);
	assert_int_equal(s->problems, 0);
	assert_int_equal(arnet_store_write(f->s, damage, NULL, 0, &d),
	                 ARNET_OK);
	assert_int_equal(arnet_store_verify(f->s, &ops, &problems, &d),
	                 ARNET_OK);
	return problems;
}

static void
test_verify_finds_disagreements(void **state)
{
	fixture *f = *state;
	seen s = {0};
	assert_int_equal(verify_before_after(f, &s, damage_txn), 4);
	assert_int_equal(s.customers, 2);
	/* customer, record, by_hash (a record of another hash), head */
	assert_int_equal(s.problems, 4);
	assert_string_equal(s.tables[0], "customers");
	assert_string_equal(s.tables[1], "records");
	assert_string_equal(s.tables[2], "heads");
	assert_string_equal(s.tables[3], "by_hash");
	assert_int_equal(s.customers, 2);
}

static int
damage_books_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	static const struct {
		int db;
		const char *key;
		size_t klen;
		const char *val;
		size_t vlen;
	} bad[] = {
	        /* contact data that does not decode; of no customer */
	        {ST_META, "contact\0local:A", 15, "\x02", 1},
	        {ST_META, "contact\0local:Z", 15, "\x01", 1},
	        /* an entry that does not decode; of an invoice not held;
	         * of another customer's invoice */
	        {ST_DUNNING, "local:A\0INV-1\0\x03", 16, "\x09", 1},
	        {ST_DUNNING, "local:A\0INV-9\0\x01", 16, "\x01", 1},
	        {ST_DUNNING, "local:B\0INV-1\0\x02", 16, "\x01", 1},
	        /* a change of no customer */
	        {ST_CUST_CHANGES, "local:Z\0\0\0\0\0\0\0\0\x01", 16, "\x01", 1},
	};
	(void)arg;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rv = st_put(t, bad[i].db, bad[i].key, bad[i].klen,
		                bad[i].val, bad[i].vlen, 0, d);
		if (rv != ARNET_OK) {
			return rv;
		}
	}
	return ARNET_OK;
}

/* The books' side tables: dunning entries, contact data and changes of
 * the record name a customer (and an invoice) the books hold, and decode. */
static void
test_verify_books_side_tables(void **state)
{
	fixture *f = *state;
	seen s = {0};
	add_customer(f, "local:B", 30);
	add_invoice_a(f, "INV-1", "2026-01-01", "2026-01-31", 100);
	assert_int_equal(verify_before_after(f, &s, damage_books_txn), 6);
	assert_string_equal(s.tables[0], "meta");
	assert_string_equal(s.tables[1], "meta");
	assert_string_equal(s.tables[2], "dunning");
	assert_string_equal(s.tables[3], "dunning");
	assert_string_equal(s.tables[4], "dunning");
	assert_string_equal(s.tables[5], "cust_changes");
}

/* --- a full disk --- */

static int
fill_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	int *round = arg;
	uint8_t key[16], val[2000];
	memset(val, 0x33, sizeof(val));
	for (int i = 0; i < 200; i++) {
		snprintf((char *)key, sizeof(key), "%06d-%06d", *round, i);
		int rv = st_put(t, ST_AUDIT, key, 13, val, sizeof(val), 0, d);
		if (rv != ARNET_OK) {
			return rv;
		}
	}
	return ARNET_OK;
}

/* Write into s until a write fails; its error and message. */
static int
write_until_full(arnet_store *s, arnet_diag *d)
{
	for (int round = 0; round < 10000; round++) {
		int rv = arnet_store_write(s, fill_txn, &round, 0, d);
		if (rv != ARNET_OK) {
			return rv;
		}
	}
	return ARNET_OK;
}

static void
test_full_filesystem_is_enospc(void **state)
{
	char dir[] = "/tmp/arnet-full-XXXXXX";
	arnet_store *s;
	arnet_diag d;
	arnet_store_limits lim = {ARNET_STORE_MAP_MIN, (size_t)64 << 20};
	arnet_store_stats st;
	(void)state;
	assert_non_null(mkdtemp(dir));
	if (mount("tmpfs", dir, "tmpfs", 0, "size=2m") != 0) {
		rmdir(dir);
		fprintf(stderr,
		        "skipped: cannot mount a 2 MiB tmpfs here (%s); the "
		        "file size limit test covers ARNET_ENOSPC\n",
		        strerror(errno));
		skip();
	}
	assert_int_equal(
	        arnet_store_open_limits(&s, dir, ARNET_STORE_CREATE, &lim, &d),
	        ARNET_OK);
	int rv = write_until_full(s, &d);
	arnet_store_stats_get(s, &st);
	arnet_store_close(s);
	umount(dir);
	rmdir(dir);
	assert_int_equal(rv, ARNET_ENOSPC);
	assert_non_null(strstr(d.msg, "no space left on the device holding"));
	assert_non_null(strstr(d.msg, dir));
	assert_int_equal(st.nospace, 1);
}

static void
test_file_size_limit_is_enospc(void **state)
{
	fixture *f = *state;
	char path[128];
	fill(f, 10);
	data_path(f, path, sizeof(path));
	off_t size = file_size(path);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		arnet_store *s;
		arnet_diag d = {{0}, 0};
		struct rlimit lim = {(rlim_t)size + (256 << 10),
		                     (rlim_t)size + (256 << 10)};
		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &lim) != 0 ||
		    arnet_store_open(&s, f->dir, 0, &d) != ARNET_OK) {
			_exit(98);
		}
		int rv = write_until_full(s, &d);
		arnet_store_close(s);
		fprintf(stderr, "file size limit: %s\n", d.msg);
		_exit(rv == ARNET_ENOSPC &&
		                      strstr(d.msg, "no space left") != NULL
		              ? 0
		              : 10 + rv);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_truncated_refused,
	                                        fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_cut_to_one_page_refused,
	                                        fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_meta_pages_overwritten,
	                                        fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_last_page_out_of_range,
	                                        fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_empty_and_healthy_pass,
	                                        fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_verify_finds_disagreements,
	                                        customer_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_verify_books_side_tables,
	                                        customer_setup,
	                                        fixture_teardown),
	        cmocka_unit_test(test_full_filesystem_is_enospc),
	        cmocka_unit_test_setup_teardown(test_file_size_limit_is_enospc,
	                                        fixture_setup,
	                                        fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
