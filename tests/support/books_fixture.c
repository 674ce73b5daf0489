/*
 * books_fixture.c - see books_fixture.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "books_fixture.h"
#include "arnet_date.h"
#include "arnet_keys.h"
#include "arnet_roster_store.h"
#include "txn.h"
#include "txn_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
fixture_setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	arnet_diag d;
	if (f == NULL || arnet_crypto_init() != ARNET_OK) {
		return -1;
	}
	snprintf(f->dir, sizeof(f->dir), "/tmp/arnet-books-XXXXXX");
	if (mkdtemp(f->dir) == NULL ||
	    arnet_store_open(&f->s, f->dir, ARNET_STORE_CREATE, &d) !=
	            ARNET_OK) {
		fprintf(stderr, "fixture: %s\n", d.msg);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

int
fixture_teardown(void **state)
{
	fixture *f = *state;
	char cmd[128];
	arnet_store_close(f->s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	int rv = system(cmd);
	free(f);
	return rv == 0 ? 0 : -1;
}

int
customer_setup(void **state)
{
	int rv = fixture_setup(state);
	if (rv == 0) {
		add_customer(*state, "local:A", 30);
	}
	return rv;
}

int32_t
day(const char *ymd)
{
	int32_t d = 0;
	assert_int_equal(arnet_date_parse(&d, ymd, NULL), ARNET_OK);
	return d;
}

void
make_customer(arnet_customer *c, const char *id, const char *name, int terms)
{
	arnet_ident i;
	assert_int_equal(arnet_ident_parse(&i, id, NULL), ARNET_OK);
	arnet_customer_init(c, &i);
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->terms_days = (uint16_t)terms;
}

typedef struct cust_job {
	const arnet_customer *c;
	arnet_put_result r;
} cust_job;

TXN_FN(put_txn, cust_job, arnet_customer_put(t, j->c, &j->r, d))

int
put_customer(fixture *f, const arnet_customer *c, arnet_diag *d)
{
	cust_job j = {c, 0};
	return arnet_store_write(f->s, put_txn, &j, 0, d);
}

int
put_customer_r(fixture *f, const arnet_customer *c, arnet_put_result *r)
{
	cust_job j = {c, 0};
	int rv = arnet_store_write(f->s, put_txn, &j, 0, NULL);
	*r = j.r;
	return rv;
}

void
add_customer_limit(fixture *f, const char *id, const char *name, int terms,
                   int64_t limit)
{
	arnet_customer c;
	arnet_diag d;
	make_customer(&c, id, name, terms);
	c.credit_limit = limit;
	int rv = put_customer(f, &c, &d);
	if (rv != ARNET_OK) {
		fail_msg("add_customer %s: %s", id, d.msg);
	}
}

void
add_customer(fixture *f, const char *id, int terms)
{
	add_customer_limit(f, id, "Customer", terms, ARNET_NO_LIMIT);
}

typedef struct get_job {
	arnet_ident id;
	arnet_customer *out;
	int n;
} get_job;

TXN_FN(get_txn, get_job, arnet_customer_get(t, &j->id, j->out, d))

int
get_customer(fixture *f, const char *id, arnet_customer *out)
{
	get_job j = {.out = out};
	assert_int_equal(arnet_ident_parse(&j.id, id, NULL), ARNET_OK);
	return arnet_store_read(f->s, get_txn, &j, NULL);
}

static int
count_one(const arnet_customer *c, void *arg)
{
	(void)c;
	(*(int *)arg)++;
	return 0;
}

TXN_FN(count_txn, int, arnet_customer_scan(t, count_one, j, d))

int
count_customers(fixture *f)
{
	int n = 0;
	assert_int_equal(arnet_store_read(f->s, count_txn, &n, NULL), ARNET_OK);
	return n;
}

static void
make_invoice(arnet_invoice *inv, const char *num, const char *cust,
             const char *issued, const char *due, int64_t amount,
             const char *cur)
{
	memset(inv, 0, sizeof(*inv));
	snprintf(inv->number, sizeof(inv->number), "%s", num);
	assert_int_equal(arnet_ident_parse(&inv->customer, cust, NULL),
	                 ARNET_OK);
	inv->issued = day(issued);
	inv->due = day(due);
	inv->amount = amount;
	snprintf(inv->currency, sizeof(inv->currency), "%s", cur);
}

/* The invoice to add, and what adding it did. */
typedef struct inv_job {
	arnet_invoice inv;
	arnet_put_result r;
} inv_job;

TXN_FN(inv_txn, inv_job, arnet_invoice_add(t, &j->inv, &j->r, d))

int
add_invoice_d(fixture *f, const char *num, const char *cust, const char *issued,
              const char *due, int64_t amount, const char *cur, arnet_diag *d)
{
	inv_job j;
	make_invoice(&j.inv, num, cust, issued, due, amount, cur);
	return arnet_store_write(f->s, inv_txn, &j, 0, d);
}

void
add_invoice(fixture *f, const char *num, const char *cust, const char *issued,
            const char *due, int64_t amount, const char *cur)
{
	arnet_diag d;
	if (add_invoice_d(f, num, cust, issued, due, amount, cur, &d) !=
	    ARNET_OK) {
		fail_msg("add_invoice %s: %s", num, d.msg);
	}
}

void
add_invoice_a(fixture *f, const char *num, const char *issued, const char *due,
              int64_t amount)
{
	add_invoice(f, num, "local:A", issued, due, amount, "CNY");
}

typedef struct inv_get {
	const char *num;
	arnet_invoice *out;
} inv_get;

TXN_FN(inv_get_txn, inv_get, arnet_invoice_get(t, j->num, j->out, d))

int
get_invoice(fixture *f, const char *num, arnet_invoice *out)
{
	inv_get j = {num, out};
	return arnet_store_read(f->s, inv_get_txn, &j, NULL);
}

void
make_payment(arnet_payment *p, const char *cust, const char *date,
             int64_t amount, const char *invoice)
{
	memset(p, 0, sizeof(*p));
	assert_int_equal(arnet_ident_parse(&p->customer, cust, NULL), ARNET_OK);
	p->date = day(date);
	p->amount = amount;
	memcpy(p->currency, "CNY", 4);
	snprintf(p->invoice, sizeof(p->invoice), "%s", invoice);
}

typedef struct pay_job {
	arnet_payment *p;
	const uint8_t *id;
	arnet_put_result r;
} pay_job;

TXN_FN(pay_txn, pay_job, arnet_payment_add(t, j->p, j->id, &j->r, d))

int
pay_d(fixture *f, const char *cust, const char *date, int64_t amount,
      const char *cur, const char *invoice, arnet_payment *out, arnet_diag *d)
{
	arnet_payment p;
	make_payment(&p, cust, date, amount, invoice);
	snprintf(p.currency, sizeof(p.currency), "%s", cur);
	pay_job j = {&p, NULL, 0};
	int rv = arnet_store_write(f->s, pay_txn, &j, 0, d);
	if (out != NULL) {
		*out = p;
	}
	return rv;
}

int
pay(fixture *f, const char *cust, const char *date, int64_t amount,
    const char *invoice, arnet_payment *out)
{
	arnet_diag d;
	int rv = pay_d(f, cust, date, amount, "CNY", invoice, out, &d);
	if (rv != ARNET_OK) {
		fail_msg("pay: %s", d.msg);
	}
	return rv;
}

int
pay_identity(fixture *f, arnet_payment *p, const uint8_t id[32],
             arnet_put_result *r)
{
	pay_job j = {p, id, 0};
	int rv = arnet_store_write(f->s, pay_txn, &j, 0, NULL);
	*r = j.r;
	return rv;
}

typedef struct corr_job {
	arnet_correction *c, *out;
	arnet_put_result *res;
} corr_job;

static int
corr_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	corr_job *j = arg;
	arnet_correction *c = j->c;
	switch (c->kind) {
	case ARNET_CORR_CREDIT_NOTE:
		return arnet_credit_note_add(t, c, j->res, d);
	case ARNET_CORR_VOID:
		return arnet_invoice_void(t, c->invoice, c->date, c->reason,
		                          j->out, d);
	case ARNET_CORR_WRITE_OFF:
		return arnet_invoice_write_off(t, c->invoice, c->date,
		                               c->amount, c->reason, j->out, d);
	default:
		return arnet_payment_reverse(t, c->payment, c->date, c->reason,
		                             j->out, d);
	}
}

int
run_correction(fixture *f, arnet_correction *c, arnet_correction *out,
               arnet_put_result *res, arnet_diag *d)
{
	corr_job j = {c, out, res};
	return arnet_store_write(f->s, corr_txn, &j, 0, d);
}

void
make_credit_note(arnet_correction *c, const char *cust, const char *number,
                 const char *date, int64_t amount, const char *cur,
                 const char *invoice, const char *reason)
{
	memset(c, 0, sizeof(*c));
	c->kind = ARNET_CORR_CREDIT_NOTE;
	assert_int_equal(arnet_ident_parse(&c->customer, cust, NULL), ARNET_OK);
	snprintf(c->number, sizeof(c->number), "%s", number);
	snprintf(c->currency, sizeof(c->currency), "%s", cur);
	snprintf(c->invoice, sizeof(c->invoice), "%s", invoice);
	snprintf(c->reason, sizeof(c->reason), "%s", reason);
	c->date = day(date);
	c->amount = amount;
}

void
correct_ok(fixture *f, arnet_correction *c)
{
	arnet_diag d;
	if (run_correction(f, c, c, NULL, &d) != ARNET_OK) {
		fail_msg("%s: %s", arnet_corr_kind_name(c->kind), d.msg);
	}
}

const arnet_books_policy *
default_policy(void)
{
	static arnet_books_policy pol;
	static int made;
	if (!made) {
		arnet_policy_defaults(&pol);
		made = 1;
	}
	return &pol;
}

typedef struct log_job {
	const char *number;
	int stage;
	int32_t date;
	const char *note;
	int hold;
} log_job;

TXN_FN(log_txn, log_job,
       arnet_dunning_log(t, j->number, j->stage, j->date, 0, j->note,
                         default_policy(), &j->hold, d))

int
dunning_log_d(fixture *f, const char *number, int stage, const char *date,
              const char *note, int *hold, arnet_diag *d)
{
	log_job j = {number, stage, day(date), note, 0};
	int rv = arnet_store_write(f->s, log_txn, &j, 0, d);
	if (hold != NULL) {
		*hold = j.hold;
	}
	return rv;
}

typedef struct q_job {
	int32_t as_of;
	arnet_dunning_queue *q;
} q_job;

TXN_FN(q_txn, q_job,
       arnet_dunning_queue_build(t, j->as_of, default_policy(), NULL, j->q, d))

void
dunning_queue(fixture *f, const char *as_of, arnet_dunning_queue *q)
{
	q_job j = {day(as_of), q};
	arnet_diag d;
	if (arnet_store_read(f->s, q_txn, &j, &d) != ARNET_OK) {
		fail_msg("dunning queue: %s", d.msg);
	}
}

typedef struct out_job {
	const char *num;
	int32_t as_of;
	int64_t left;
	int found;
} out_job;

static int
out_visit(const arnet_customer *c, const arnet_invoice *inv,
          const arnet_alloc *a, size_t n, void *arg)
{
	out_job *j = arg;
	(void)c;
	if (strcmp(inv->number, j->num) == 0) {
		j->left = arnet_outstanding(inv, a, n, j->as_of);
		j->found = 1;
	}
	return 0;
}

static int
out_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	arnet_ledger_visitor v = {NULL, out_visit, NULL, arg};
	return arnet_ledger_scan(t, NULL, &v, d);
}

int64_t
outstanding(fixture *f, const char *num, const char *date)
{
	out_job j = {num, day(date), 0, 0};
	assert_int_equal(arnet_store_read(f->s, out_txn, &j, NULL), ARNET_OK);
	if (!j.found) {
		fail_msg("no invoice %s", num);
	}
	return j.left;
}

static int
two_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	arnet_invoice inv;
	(void)arg;
	make_invoice(&inv, "GOOD-1", "local:A", "2026-01-01", "2026-01-31", 100,
	             "CNY");
	int rv = arnet_invoice_add(t, &inv, NULL, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	make_invoice(&inv, "BAD-1", "local:A", "2026-01-01", "2026-01-31", 0,
	             "CNY");
	return arnet_invoice_add(t, &inv, NULL, d);
}

int
add_two_invoices_second_bad(fixture *f)
{
	return arnet_store_write(f->s, two_txn, NULL, 0, NULL);
}

static int
many_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	int n = *(int *)arg;
	arnet_invoice inv;
	make_invoice(&inv, "N-0", "local:A", "2026-01-01", "2026-01-31", 1,
	             "CNY");
	for (int i = 0; i < n; i++) {
		snprintf(inv.number, sizeof(inv.number), "N-%d", i);
		inv.amount = i + 1;
		int rv = arnet_invoice_add(t, &inv, NULL, d);
		if (rv != ARNET_OK) {
			return rv;
		}
	}
	return ARNET_OK;
}

int
add_many_invoices(fixture *f, int n)
{
	arnet_diag d;
	int rv = arnet_store_write(f->s, many_txn, &n, 0, &d);
	if (rv != ARNET_OK) {
		fprintf(stderr, "add_many_invoices: %s\n", d.msg);
	}
	return rv;
}

/* A stored value: where it is, what to write, and what was read. */
typedef struct raw_job {
	int db;
	const void *key;
	size_t klen;
	const uint8_t *val;
	size_t len;
	uint8_t *out;
	size_t cap, got;
} raw_job;

TXN_FN(raw_put_txn, raw_job,
       st_put(t, j->db, j->key, j->klen, j->val, j->len, 0, d))

static int
raw_get_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	raw_job *j = arg;
	MDB_val v;
	int rv = st_get(t, j->db, j->key, j->klen, &v, d);
	if (rv == ARNET_OK) {
		assert_true(v.mv_size <= j->cap);
		memcpy(j->out, v.mv_data, v.mv_size);
		j->got = v.mv_size;
	}
	return rv;
}

void
raw_put(fixture *f, int db, const void *key, size_t klen, const uint8_t *val,
        size_t len)
{
	raw_job j = {
	        .db = db, .key = key, .klen = klen, .val = val, .len = len};
	arnet_diag d;
	if (arnet_store_write(f->s, raw_put_txn, &j, 0, &d) != ARNET_OK) {
		fail_msg("raw put: %s", d.msg);
	}
}

long
raw_get(fixture *f, int db, const void *key, size_t klen, uint8_t *out,
        size_t cap)
{
	raw_job j = {
	        .db = db, .key = key, .klen = klen, .out = out, .cap = cap};
	if (arnet_store_read(f->s, raw_get_txn, &j, NULL) != ARNET_OK) {
		return -1;
	}
	return (long)j.got;
}

static int
schema_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	unsigned v = *(unsigned *)arg;
	uint8_t be[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16),
	                 (uint8_t)(v >> 8), (uint8_t)v};
	return st_put(t, ST_META, "schema", 6, be, 4, 0, d);
}

void
set_schema(fixture *f, unsigned v)
{
	assert_int_equal(arnet_store_write(f->s, schema_txn, &v, 0, NULL),
	                 ARNET_OK);
}

void
reopen_close(fixture *f)
{
	arnet_store_close(f->s);
	f->s = NULL;
}

void
put_roster(fixture *f, const uint8_t *b, size_t len, const uint8_t root_pk[32])
{
	arnet_diag d;
	if (txn_roster_import(f->s, b, len, root_pk, NULL, &d) != ARNET_OK) {
		fail_msg("import roster: %s", d.msg);
	}
}

arnet_head
head_of(fixture *f, const uint8_t pk[32])
{
	arnet_head h;
	assert_int_equal(arnet_log_head_read(f->s, pk, &h, NULL), ARNET_OK);
	return h;
}

typedef struct import_job {
	int kind;
	const char *path;
	const arnet_import_opts *opts;
	arnet_books_policy pol;
	arnet_import_stats st;
} import_job;

TXN_FN(import_txn, import_job,
       arnet_import_file(t, j->kind, j->path, j->opts, &j->pol, &j->st, d))

int
import_path(fixture *f, int kind, const char *path,
            const arnet_import_opts *opts, int dry, arnet_import_stats *st,
            arnet_diag *d)
{
	import_job j = {.kind = kind, .path = path, .opts = opts};
	arnet_policy_defaults(&j.pol);
	int rv = arnet_store_write(f->s, import_txn, &j, dry, d);
	if (st != NULL) {
		*st = j.st;
	}
	return rv;
}

int
import_bytes(fixture *f, int kind, const char *name, const char *text,
             size_t len, const arnet_import_opts *opts, int dry,
             arnet_import_stats *st, arnet_diag *d)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return import_path(f, kind, path, opts, dry, st, d);
}
