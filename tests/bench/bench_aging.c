/*
 * bench_aging.c - the aging report over a large book, beside SQLite
 * computing the same report from the same data in the same run.
 *
 *   bench_aging [--invoices N] [--customers M] [--runs R]
 *               [--batch B] [--dir DIR]
 *
 * Builds a deterministic book (M customers, N invoices over two years,
 * about 60% paid in full or in part by explicit payments, about 3% with
 * a credit note and 2% with their payment reversed later: 5% corrected,
 * arnet_corrections.h), loads it into
 * an arnet store and into an SQLite database with the indexes that query
 * needs, checks that both give the same per-customer buckets, then times
 * each report R times and prints the medians and their ratio as one
 * Markdown table row (and a JSON line on stderr for scripts).
 *
 * Machines here are shared and noisy: the figure that matters is the
 * ratio, measured back to back on the same data.
 */
#include "arnet_books.h"
#include "arnet_corrections.h"
#include "arnet_date.h"
#include "arnet_keys.h"
#include "arnet_reports.h"
#include "bench_util.h"
#include "txn_fixture.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A tiny deterministic generator (xorshift64*), so every run has the
 * same data. */
static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t
next(void)
{
	return bench_xorshift(&rng);
}

typedef struct gen_inv {
	int cust;
	int32_t issued, due;
	int64_t amount;
	int64_t paid;    /* 0, part or all */
	int32_t paid_on; /* when */
	int64_t credit;  /* a credit note on it (0: none) */
	int32_t credit_on;
	int32_t reversed_on; /* its payment reversed then (0: not) */
} gen_inv;

static int n_inv = 1000000, n_cust = 10000, runs = 5, batch = 100000;
static gen_inv *inv;
static int32_t base, as_of;

static void
generate(void)
{
	inv = calloc((size_t)n_inv, sizeof(*inv));
	if (inv == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	if (arnet_date_parse(&base, "2025-01-01", NULL) != ARNET_OK) {
		exit(1);
	}
	as_of = base + 700;
	for (int i = 0; i < n_inv; i++) {
		gen_inv *g = &inv[i];
		g->cust = (int)(next() % (uint64_t)n_cust);
		g->issued = base + (int32_t)(next() % 730);
		g->due = g->issued + 30 + (int32_t)(next() % 3) * 15;
		g->amount = 1000 + (int64_t)(next() % 10000000);
		uint64_t r = next() % 10;
		if (r < 6) {
			g->paid = r < 4 ? g->amount : g->amount / 2;
			g->paid_on = g->issued + (int32_t)(next() % 90);
		}
		/* Corrections: a credit note of a quarter of what the
		 * payment leaves (3%), or the payment reversed (2%). */
		uint64_t c = next() % 100;
		if (c < 3 && g->amount - g->paid >= 4) {
			g->credit = (g->amount - g->paid) / 4;
			g->credit_on = g->issued + 5 + (int32_t)(next() % 60);
		} else if (c < 5 && g->paid > 0) {
			g->reversed_on =
			        g->paid_on + 3 + (int32_t)(next() % 30);
		}
	}
}

static void
cust_id(char *buf, size_t cap, int c)
{
	snprintf(buf, cap, "local:C-%06d", c);
}

/* --- arnet --- */

typedef struct load_job {
	int from, to;
} load_job;

static int
load_customers(arnet_txn *t, void *arg, arnet_diag *d)
{
	(void)arg;
	for (int c = 0; c < n_cust; c++) {
		arnet_customer cu;
		arnet_ident id;
		char text[32];
		cust_id(text, sizeof(text), c);
		if (arnet_ident_parse(&id, text, d) != ARNET_OK) {
			return ARNET_EINVAL;
		}
		arnet_customer_init(&cu, &id);
		snprintf(cu.name, sizeof(cu.name), "Customer %d", c);
		int rv = arnet_customer_put(t, &cu, NULL, d);
		if (rv != ARNET_OK) {
			return rv;
		}
	}
	return ARNET_OK;
}

static int
load_invoices(arnet_txn *t, void *arg, arnet_diag *d)
{
	load_job *j = arg;
	for (int i = j->from; i < j->to; i++) {
		arnet_invoice v;
		char text[32];
		memset(&v, 0, sizeof(v));
		snprintf(v.number, sizeof(v.number), "INV-%07d", i);
		cust_id(text, sizeof(text), inv[i].cust);
		if (arnet_ident_parse(&v.customer, text, d) != ARNET_OK) {
			return ARNET_EINVAL;
		}
		v.issued = inv[i].issued;
		v.due = inv[i].due;
		v.amount = inv[i].amount;
		memcpy(v.currency, "CNY", 4);
		int rv = arnet_invoice_add(t, &v, NULL, d);
		if (rv == ARNET_OK && inv[i].paid > 0) {
			arnet_payment p;
			memset(&p, 0, sizeof(p));
			p.customer = v.customer;
			p.date = inv[i].paid_on;
			p.amount = inv[i].paid;
			memcpy(p.currency, "CNY", 4);
			memcpy(p.invoice, v.number, sizeof(p.invoice));
			rv = arnet_payment_add(t, &p, NULL, NULL, d);
			if (rv == ARNET_OK && inv[i].reversed_on != 0) {
				rv = arnet_payment_reverse(t, p.id,
				                           inv[i].reversed_on,
				                           "bounced", NULL, d);
			}
		}
		if (rv == ARNET_OK && inv[i].credit > 0) {
			arnet_correction cn;
			memset(&cn, 0, sizeof(cn));
			cn.customer = v.customer;
			snprintf(cn.number, sizeof(cn.number), "CN-%07d", i);
			cn.date = inv[i].credit_on;
			cn.amount = inv[i].credit;
			memcpy(cn.currency, "CNY", 4);
			memcpy(cn.invoice, v.number, sizeof(cn.invoice));
			rv = arnet_credit_note_add(t, &cn, NULL, d);
		}
		if (rv != ARNET_OK) {
			return rv;
		}
	}
	return ARNET_OK;
}

typedef struct aging_job {
	arnet_aging a;
} aging_job;

TXN_FN(aging_txn, aging_job,
       arnet_aging_report(t, as_of, "CNY", NULL, NULL, &j->a, d))

/* --- SQLite --- */

static void
sql(sqlite3 *db, const char *q)
{
	char *err = NULL;
	if (sqlite3_exec(db, q, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "sqlite: %s: %s\n", q, err);
		exit(1);
	}
}

/* One row of allocs (prepared INSERT ai): amount to invoice num by
 * payment (or correction) id on date. */
static void
put_alloc(sqlite3_stmt *ai, const char *num, int id, int32_t date,
          int64_t amount)
{
	sqlite3_bind_text(ai, 1, num, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(ai, 2, id);
	sqlite3_bind_int(ai, 3, date);
	sqlite3_bind_int64(ai, 4, amount);
	sqlite3_step(ai);
	sqlite3_reset(ai);
}

static void
sqlite_load(sqlite3 *db)
{
	sqlite3_stmt *ci, *ii, *ai;
	sql(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	        "CREATE TABLE customers(id TEXT PRIMARY KEY, name TEXT);"
	        "CREATE TABLE invoices(number TEXT PRIMARY KEY, customer TEXT, "
	        "issued INTEGER, due INTEGER, amount INTEGER, currency TEXT);"
	        "CREATE TABLE allocs(invoice TEXT, payment INTEGER, date "
	        "INTEGER, amount INTEGER);");
	sql(db, "BEGIN");
	sqlite3_prepare_v2(db, "INSERT INTO customers VALUES(?,?)", -1, &ci,
	                   NULL);
	sqlite3_prepare_v2(db, "INSERT INTO invoices VALUES(?,?,?,?,?,'CNY')",
	                   -1, &ii, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO allocs VALUES(?,?,?,?)", -1, &ai,
	                   NULL);
	for (int c = 0; c < n_cust; c++) {
		char id[32], name[32];
		cust_id(id, sizeof(id), c);
		snprintf(name, sizeof(name), "Customer %d", c);
		sqlite3_bind_text(ci, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ci, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_step(ci);
		sqlite3_reset(ci);
	}
	for (int i = 0; i < n_inv; i++) {
		char num[32], id[32];
		snprintf(num, sizeof(num), "INV-%07d", i);
		cust_id(id, sizeof(id), inv[i].cust);
		sqlite3_bind_text(ii, 1, num, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ii, 2, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(ii, 3, inv[i].issued);
		sqlite3_bind_int(ii, 4, inv[i].due);
		sqlite3_bind_int64(ii, 5, inv[i].amount);
		sqlite3_step(ii);
		sqlite3_reset(ii);
		if (inv[i].paid > 0) {
			put_alloc(ai, num, i, inv[i].paid_on, inv[i].paid);
		}
		/* Corrections are rows too: a credit note's, and a
		 * reversal's negative one on its date. */
		if (inv[i].credit > 0) {
			put_alloc(ai, num, n_inv + i, inv[i].credit_on,
			          inv[i].credit);
		}
		if (inv[i].reversed_on != 0) {
			put_alloc(ai, num, i, inv[i].reversed_on, -inv[i].paid);
		}
	}
	sqlite3_finalize(ci);
	sqlite3_finalize(ii);
	sqlite3_finalize(ai);
	sql(db, "COMMIT");
	/* The indexes this report needs. */
	sql(db, "CREATE INDEX allocs_invoice ON allocs(invoice, date);"
	        "CREATE INDEX invoices_customer ON invoices(customer);"
	        "ANALYZE;");
}

/*
 * The same report: per customer, buckets by days past due. Two ways to
 * say it in SQL; the bench times both and keeps the faster, so SQLite is
 * not judged by a poor plan.
 */
#define AGING_BUCKETS_SQL                                                      \
	"SELECT customer,"                                                     \
	" SUM(CASE WHEN dpd <= 0 THEN o ELSE 0 END),"                          \
	" SUM(CASE WHEN dpd BETWEEN 1 AND 30 THEN o ELSE 0 END),"              \
	" SUM(CASE WHEN dpd BETWEEN 31 AND 60 THEN o ELSE 0 END),"             \
	" SUM(CASE WHEN dpd BETWEEN 61 AND 90 THEN o ELSE 0 END),"             \
	" SUM(CASE WHEN dpd > 90 THEN o ELSE 0 END), SUM(o) "

static const char *aging_sql_join =
        "WITH paid AS (SELECT invoice, SUM(amount) AS s FROM allocs"
        "  WHERE date <= ?1 GROUP BY invoice) " AGING_BUCKETS_SQL
        "FROM (SELECT i.customer AS customer, ?1 - i.due AS dpd,"
        "  i.amount - COALESCE(p.s, 0) AS o"
        "  FROM invoices i LEFT JOIN paid p ON p.invoice = i.number"
        "  WHERE i.issued <= ?1 AND i.currency = 'CNY')"
        " WHERE o > 0 GROUP BY customer ORDER BY customer";

static const char *aging_sql_correlated = AGING_BUCKETS_SQL
        "FROM (SELECT i.customer AS customer, ?1 - i.due AS dpd,"
        "  i.amount - COALESCE((SELECT SUM(a.amount) FROM allocs a"
        "   WHERE a.invoice = i.number AND a.date <= ?1), 0) AS o"
        "  FROM invoices i WHERE i.issued <= ?1 AND i.currency = 'CNY')"
        " WHERE o > 0 GROUP BY customer ORDER BY customer";

typedef struct sql_row {
	char id[32];
	int64_t b[6];
} sql_row;

static size_t
sqlite_aging(sqlite3 *db, const char *q, sql_row *rows, size_t cap)
{
	sqlite3_stmt *st;
	size_t n = 0;
	if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
		exit(1);
	}
	sqlite3_bind_int(st, 1, as_of);
	while (sqlite3_step(st) == SQLITE_ROW && n < cap) {
		snprintf(rows[n].id, sizeof(rows[n].id), "%s",
		         (const char *)sqlite3_column_text(st, 0));
		for (int k = 0; k < 6; k++) {
			rows[n].b[k] = sqlite3_column_int64(st, k + 1);
		}
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

int
main(int argc, char **argv)
{
	const char *dir = bench_opt_str(argc, argv, "--dir", NULL);
	char tmp[] = "/tmp/arnet-bench-XXXXXX", path[512];
	n_inv = (int)bench_opt(argc, argv, "--invoices", n_inv);
	n_cust = (int)bench_opt(argc, argv, "--customers", n_cust);
	runs = (int)bench_opt(argc, argv, "--runs", runs);
	batch = (int)bench_opt(argc, argv, "--batch", batch);
	if (n_inv < 1 || n_cust < 1 || runs < 1 || runs > 100 || batch < 1 ||
	    arnet_crypto_init() != ARNET_OK) {
		fprintf(stderr, "usage: bench_aging [--invoices N] "
		                "[--customers M] [--runs R] [--batch B] "
		                "[--dir DIR]\n");
		return 2;
	}
	if (dir == NULL && (dir = mkdtemp(tmp)) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	generate();

	/* Load arnet in transactions of `batch` invoices (an imported file
	 * is one transaction). */
	arnet_store *s;
	arnet_diag d;
	if (arnet_store_open(&s, dir, ARNET_STORE_CREATE, &d) != ARNET_OK ||
	    arnet_store_write(s, load_customers, NULL, 0, &d) != ARNET_OK) {
		fprintf(stderr, "arnet: %s\n", d.msg);
		return 1;
	}
	double t0 = bench_now_s();
	for (int from = 0; from < n_inv; from += batch) {
		load_job j = {from,
		              from + batch < n_inv ? from + batch : n_inv};
		if (arnet_store_write(s, load_invoices, &j, 0, &d) !=
		    ARNET_OK) {
			fprintf(stderr, "arnet load: %s\n", d.msg);
			return 1;
		}
	}
	double arnet_load = bench_now_s() - t0;

	sqlite3 *db;
	snprintf(path, sizeof(path), "%s/bench.sqlite", dir);
	remove(path);
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		fprintf(stderr, "sqlite: cannot open %s\n", path);
		return 1;
	}
	t0 = bench_now_s();
	sqlite_load(db);
	double sqlite_load_s = bench_now_s() - t0;

	/* Same answer first. */
	aging_job j;
	memset(&j, 0, sizeof(j));
	if (arnet_store_read(s, aging_txn, &j, &d) != ARNET_OK) {
		fprintf(stderr, "arnet aging: %s\n", d.msg);
		return 1;
	}
	sql_row *rows = calloc((size_t)n_cust, sizeof(*rows));
	const char *queries[2] = {aging_sql_correlated, aging_sql_join};
	for (int q = 0; q < 2; q++) {
		size_t n = sqlite_aging(db, queries[q], rows, (size_t)n_cust);
		if (n != j.a.nrows) {
			fprintf(stderr,
			        "MISMATCH: arnet %zu rows, sqlite %zu\n",
			        j.a.nrows, n);
			return 1;
		}
		for (size_t i = 0; i < n; i++) {
			const arnet_aging_row *r = &j.a.rows[i];
			if (strcmp(r->id.text, rows[i].id) != 0 ||
			    r->total != rows[i].b[5] ||
			    memcmp(r->bucket, rows[i].b,
			           ARNET_AGING_BUCKETS *
			                   sizeof(r->bucket[0])) != 0) {
				fprintf(stderr, "MISMATCH at %s\n", rows[i].id);
				return 1;
			}
		}
	}
	size_t n = j.a.nrows;
	int64_t total = j.a.totals.total;
	arnet_aging_free(&j.a);

	double ta[100], ts[2][100];
	for (int r = 0; r < runs; r++) {
		t0 = bench_now_s();
		if (arnet_store_read(s, aging_txn, &j, &d) != ARNET_OK) {
			return 1;
		}
		ta[r] = bench_now_s() - t0;
		arnet_aging_free(&j.a);
		for (int q = 0; q < 2; q++) {
			t0 = bench_now_s();
			(void)sqlite_aging(db, queries[q], rows,
			                   (size_t)n_cust);
			ts[q][r] = bench_now_s() - t0;
		}
	}
	double mq[2] = {bench_median(ts[0], (size_t)runs),
	                bench_median(ts[1], (size_t)runs)};
	int best = mq[1] < mq[0];
	double ma = bench_median(ta, (size_t)runs), ms = mq[best];
	printf("| aging, %d invoices, %d customers | %.3f s | %.3f s | %.2f "
	       "|\n",
	       n_inv, n_cust, ma, ms, ms / ma);
	fprintf(stderr,
	        "{\"bench\": \"aging\", \"invoices\": %d, \"customers\": %d, "
	        "\"rows\": %zu, \"total\": %lld, \"arnet_s\": %.4f, "
	        "\"sqlite_s\": %.4f, \"sqlite_correlated_s\": %.4f, "
	        "\"sqlite_join_s\": %.4f, \"sqlite_over_arnet\": %.3f, "
	        "\"arnet_load_s\": %.2f, \"sqlite_load_s\": %.2f, "
	        "\"batch\": %d, \"store_map_bytes\": %zu}\n",
	        n_inv, n_cust, n, (long long)total, ma, ms, mq[0], mq[1],
	        ms / ma, arnet_load, sqlite_load_s, batch,
	        arnet_store_map_size(s));
	free(rows);
	free(inv);
	sqlite3_close(db);
	arnet_store_close(s);
	if (dir == tmp && bench_rm_rf(tmp) != 0) {
		return 1;
	}
	return 0;
}
