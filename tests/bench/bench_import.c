/*
 * bench_import.c - importing an invoices CSV file: arnet's import
 * (store/import, one transaction for the file, every row checked and
 * applied as `arnet import invoices` does) against SQLite loading the same
 * file in one transaction.
 *
 * Both read the file with libcsv and parse the date and the amount of
 * every row (proto/'s parsers on the SQLite side too). SQLite loads it two
 * ways and the faster counts: "checked", with the checks arnet makes (the
 * customer known: a foreign key; the number unique: the primary key; the
 * customer's index kept while loading), and "bulk", without the foreign
 * key and with the index built after the load. SQLite runs with its
 * defaults (rollback journal, synchronous FULL), arnet with LMDB's (a
 * durable commit). The customers are loaded first, untimed. The ratio
 * arnet / SQLite is the result; issue 15 bounds it at 2.
 *
 *   bench_import [--invoices N] [--customers M] [--runs R] [--dir DIR]
 *                [--only arnet|sqlite]     (one side, e.g. for perf)
 *
 * Prints a Markdown table row on stdout, JSON on stderr.
 */
#include "arnet_date.h"
#include "arnet_import.h"
#include "arnet_keys.h"
#include "arnet_money.h"
#include "arnet_store.h"
#include "bench_util.h"
#include "books_fixture.h"

#include <csv.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int n_inv = 1000000, n_cust = 10000, runs = 3;

/* xorshift64*: the same file every run. */
static uint64_t rng = 0x2545f4914f6cdd1dULL;
static uint64_t
next(void)
{
	return bench_xorshift(&rng);
}

static void __attribute__((noreturn)) die(const char *what, const char *msg)
{
	fprintf(stderr, "bench_import: %s: %s\n", what, msg);
	exit(1);
}

/* DIR/customers.csv and DIR/invoices.csv, as an ERP would write them. */
static void
write_files(const char *dir)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/customers.csv", dir);
	FILE *f = fopen(path, "w");
	if (f == NULL) {
		die(path, "cannot write");
	}
	fputs("id,name,credit_limit,currency,terms_days\n", f);
	for (int c = 0; c < n_cust; c++) {
		fprintf(f, "local:C-%06d,Customer %d Trading Co.,%d,CNY,%d\n",
		        c, c, 100000 + c * 10, 30 + (c % 3) * 15);
	}
	fclose(f);
	snprintf(path, sizeof(path), "%s/invoices.csv", dir);
	if ((f = fopen(path, "w")) == NULL) {
		die(path, "cannot write");
	}
	fputs("number,customer,issue_date,due_date,amount,currency,"
	      "order_ref\n",
	      f);
	int32_t base;
	if (arnet_date_parse(&base, "2025-01-01", NULL) != ARNET_OK) {
		die("date", "2025-01-01");
	}
	for (int i = 0; i < n_inv; i++) {
		char issued[11], due[11];
		int32_t d = base + (int32_t)(next() % 730);
		arnet_date_format(issued, sizeof(issued), d);
		arnet_date_format(due, sizeof(due),
		                  d + 30 + (int32_t)(next() % 3) * 15);
		uint64_t amount = 1000 + next() % 10000000;
		fprintf(f,
		        "INV-%07d,local:C-%06d,%s,%s,%llu.%02llu,CNY,PO-%d\n",
		        i, (int)(next() % (uint64_t)n_cust), issued, due,
		        (unsigned long long)(amount / 100),
		        (unsigned long long)(amount % 100), i / 3);
	}
	fclose(f);
}

/* --- arnet --- */

/* The fixture's import_path: the job `arnet import` runs, in one
 * transaction, with the default policy. */
static void
arnet_import(arnet_store *s, int kind, const char *path)
{
	fixture f = {.s = s};
	arnet_import_stats st;
	arnet_diag d;
	if (import_path(&f, kind, path, NULL, 0, &st, &d) != ARNET_OK) {
		die("arnet import", d.msg);
	}
	if (st.added !=
	    (size_t)(kind == ARNET_IMPORT_INVOICES ? n_inv : n_cust)) {
		die("arnet import", "not every row was added");
	}
}

/* One run: a new store, the customers, then the invoices timed. */
static double
arnet_run(const char *dir, size_t *map_bytes)
{
	char sdir[512], path[512];
	snprintf(sdir, sizeof(sdir), "%s/store", dir);
	if (bench_rm_rf(sdir) != 0) {
		die("rm", sdir);
	}
	arnet_store *s;
	arnet_diag d;
	if (arnet_store_open(&s, sdir, ARNET_STORE_CREATE, &d) != ARNET_OK) {
		die("arnet", d.msg);
	}
	snprintf(path, sizeof(path), "%s/customers.csv", dir);
	arnet_import(s, ARNET_IMPORT_CUSTOMERS, path);
	snprintf(path, sizeof(path), "%s/invoices.csv", dir);
	double t0 = bench_now_s();
	arnet_import(s, ARNET_IMPORT_INVOICES, path);
	double t = bench_now_s() - t0;
	*map_bytes = arnet_store_map_size(s);
	arnet_store_close(s);
	return t;
}

/* --- SQLite --- */

#define FIELDS 7

typedef struct sql_load {
	sqlite3 *db;
	sqlite3_stmt *ins;
	char field[FIELDS][128];
	int nf;
	long rows; /* data rows, after the header */
	int header;
} sql_load;

static void
exec(sqlite3 *db, const char *q)
{
	char *err = NULL;
	if (sqlite3_exec(db, q, NULL, NULL, &err) != SQLITE_OK) {
		die(q, err ? err : "?");
	}
}

static void
on_field(void *s, size_t n, void *arg)
{
	sql_load *l = arg;
	if (l->nf < FIELDS && n < sizeof(l->field[0])) {
		memcpy(l->field[l->nf], s, n);
		l->field[l->nf][n] = '\0';
	}
	l->nf++;
}

/* A customers row or an invoices row, by the number of fields. */
static void
on_row(int c, void *arg)
{
	(void)c;
	sql_load *l = arg;
	int nf = l->nf;
	l->nf = 0;
	if (l->header) {
		l->header = 0;
		return;
	}
	sqlite3_stmt *st = l->ins;
	if (nf == 5) { /* id, name, limit, currency, terms */
		sqlite3_bind_text(st, 1, l->field[0], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, l->field[1], -1, SQLITE_STATIC);
	} else if (nf == FIELDS) {
		int32_t issued, due;
		int64_t amount;
		if (arnet_date_parse(&issued, l->field[2], NULL) != ARNET_OK ||
		    arnet_date_parse(&due, l->field[3], NULL) != ARNET_OK ||
		    arnet_money_parse(&amount, l->field[4], l->field[5],
		                      NULL) != ARNET_OK) {
			die("sqlite row", l->field[0]);
		}
		sqlite3_bind_text(st, 1, l->field[0], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, l->field[1], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, issued);
		sqlite3_bind_int(st, 4, due);
		sqlite3_bind_int64(st, 5, amount);
		sqlite3_bind_text(st, 6, l->field[5], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, l->field[6], -1, SQLITE_STATIC);
	} else {
		die("sqlite", "a row of an unexpected width");
	}
	if (sqlite3_step(st) != SQLITE_DONE) {
		die("sqlite insert", sqlite3_errmsg(l->db));
	}
	sqlite3_reset(st);
	l->rows++;
}

/* Load path into the table `ins` inserts into, in one transaction. */
static long
sqlite_file(sqlite3 *db, const char *path, const char *ins)
{
	sql_load l = {.db = db, .header = 1};
	struct csv_parser p;
	char buf[1 << 16];
	if (sqlite3_prepare_v2(db, ins, -1, &l.ins, NULL) != SQLITE_OK ||
	    csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0) {
		die("sqlite prepare", sqlite3_errmsg(db));
	}
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		die(path, "cannot read");
	}
	exec(db, "BEGIN");
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (csv_parse(&p, buf, n, on_field, on_row, &l) != n) {
			die(path, csv_strerror(csv_error(&p)));
		}
	}
	csv_fini(&p, on_field, on_row, &l);
	exec(db, "COMMIT");
	csv_free(&p);
	fclose(f);
	sqlite3_finalize(l.ins);
	return l.rows;
}

/* One run: a new database, the customers, then the invoices timed.
 * checked: foreign key on and the index kept while loading (the checks
 * arnet makes); else no foreign key and the index built after the load
 * (SQLite's fastest bulk load, doing less than arnet). */
static double
sqlite_run(const char *dir, int checked)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/bench.sqlite", dir);
	remove(path);
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		die(path, "cannot open");
	}
	exec(db, checked ? "PRAGMA foreign_keys = ON"
	                 : "PRAGMA foreign_keys = OFF");
	exec(db, "CREATE TABLE customers(id TEXT PRIMARY KEY, name TEXT NOT "
	         "NULL) WITHOUT ROWID;"
	         "CREATE TABLE invoices(number TEXT PRIMARY KEY, customer TEXT "
	         "NOT NULL REFERENCES customers(id), issued INTEGER NOT NULL, "
	         "due INTEGER NOT NULL, amount INTEGER NOT NULL, currency TEXT "
	         "NOT NULL, order_ref TEXT) WITHOUT ROWID");
	if (checked) {
		exec(db,
		     "CREATE INDEX invoices_customer ON invoices(customer)");
	}
	snprintf(path, sizeof(path), "%s/customers.csv", dir);
	if (sqlite_file(db, path, "INSERT INTO customers VALUES(?,?)") !=
	    n_cust) {
		die("sqlite", "customers");
	}
	snprintf(path, sizeof(path), "%s/invoices.csv", dir);
	double t0 = bench_now_s();
	if (sqlite_file(db, path,
	                "INSERT INTO invoices VALUES(?,?,?,?,?,?,?)") !=
	    n_inv) {
		die("sqlite", "invoices");
	}
	if (!checked) {
		exec(db,
		     "CREATE INDEX invoices_customer ON invoices(customer)");
	}
	double t = bench_now_s() - t0;
	sqlite3_close(db);
	return t;
}

int
main(int argc, char **argv)
{
	const char *dir = bench_opt_str(argc, argv, "--dir", NULL),
	           *only = bench_opt_str(argc, argv, "--only", "");
	char tmp[] = "/tmp/arnet-bench-import-XXXXXX";
	n_inv = (int)bench_opt(argc, argv, "--invoices", n_inv);
	n_cust = (int)bench_opt(argc, argv, "--customers", n_cust);
	runs = (int)bench_opt(argc, argv, "--runs", runs);
	if (n_inv < 1 || n_inv > 9999999 || n_cust < 1 || n_cust > 999999 ||
	    runs < 1 || runs > 20 || arnet_crypto_init() != ARNET_OK) {
		fprintf(stderr, "usage: bench_import [--invoices N] "
		                "[--customers M] [--runs R] [--dir DIR]\n");
		return 2;
	}
	if (dir == NULL && (dir = mkdtemp(tmp)) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	write_files(dir);
	char path[512];
	snprintf(path, sizeof(path), "%s/invoices.csv", dir);
	struct stat sb;
	if (stat(path, &sb) != 0) {
		die(path, "cannot stat");
	}

	double ta[20], ts[2][20];
	size_t map_bytes = 0;
	for (int r = 0; r < runs; r++) {
		ta[r] = strcmp(only, "sqlite") ? arnet_run(dir, &map_bytes) : 1;
		ts[0][r] = strcmp(only, "arnet") ? sqlite_run(dir, 1) : 1;
		ts[1][r] = strcmp(only, "arnet") ? sqlite_run(dir, 0) : 1;
	}
	double ma = bench_median(ta, (size_t)runs);
	double mq[2] = {bench_median(ts[0], (size_t)runs),
	                bench_median(ts[1], (size_t)runs)};
	double ms = mq[0] < mq[1] ? mq[0] : mq[1]; /* the faster counts */
	printf("| import, %d invoices (%.0f MB of CSV, one transaction) | "
	       "%.2f s | %.2f s | %.2f |\n",
	       n_inv, (double)sb.st_size / 1e6, ma, ms, ma / ms);
	fprintf(stderr,
	        "{\"bench\": \"import\", \"invoices\": %d, \"customers\": %d, "
	        "\"csv_bytes\": %lld, \"runs\": %d, \"arnet_s\": %.3f, "
	        "\"sqlite_s\": %.3f, \"sqlite_checked_s\": %.3f, "
	        "\"sqlite_bulk_s\": %.3f, \"arnet_over_sqlite\": %.3f, "
	        "\"rows_per_s\": %.0f, \"store_map_bytes\": %zu}\n",
	        n_inv, n_cust, (long long)sb.st_size, runs, ma, ms, mq[0],
	        mq[1], ma / ms, (double)n_inv / ma, map_bytes);
	if (dir == tmp && bench_rm_rf(tmp) != 0) {
		return 1;
	}
	return 0;
}
