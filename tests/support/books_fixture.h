/*
 * books_fixture.h - a fresh store in a temporary directory for each test,
 * and one-line helpers to fill and read the books (tests only).
 *
 * Helpers named add_* assert that they succeed; the *_d forms return the
 * error and the diagnostic so hostile cases can check them. Dates are
 * "YYYY-MM-DD" text; amounts are minor units.
 */
#ifndef ARNET_BOOKS_FIXTURE_H
#define ARNET_BOOKS_FIXTURE_H

#include "arnet_books.h"
#include "arnet_corrections.h"
#include "arnet_dunning.h"
#include "arnet_import.h"
#include "arnet_log.h"
#include "arnet_store.h"

typedef struct fixture {
	char dir[64];
	arnet_store *s;
} fixture;

int fixture_setup(void **state);
int fixture_teardown(void **state);
/* customer_setup: fixture_setup, and in the store customer local:A on 30
 * days' terms, the customer most tests' books are about. */
int customer_setup(void **state);

int32_t day(const char *ymd);

void make_customer(arnet_customer *c, const char *id, const char *name,
                   int terms);
/* add_customer: customer id named "Customer" on terms days, no credit
 * limit; add_customer_limit: named name, with a limit of limit minor
 * units. Both fail the test when the customer is refused. */
void add_customer(fixture *f, const char *id, int terms);
void add_customer_limit(fixture *f, const char *id, const char *name, int terms,
                        int64_t limit);
int put_customer(fixture *f, const arnet_customer *c, arnet_diag *d);
int put_customer_r(fixture *f, const arnet_customer *c, arnet_put_result *r);
int get_customer(fixture *f, const char *id, arnet_customer *out);
int count_customers(fixture *f);

int add_invoice_d(fixture *f, const char *num, const char *cust,
                  const char *issued, const char *due, int64_t amount,
                  const char *cur, arnet_diag *d);
void add_invoice(fixture *f, const char *num, const char *cust,
                 const char *issued, const char *due, int64_t amount,
                 const char *cur);
/* add_invoice of customer local:A in CNY, the tests' usual invoice. */
void add_invoice_a(fixture *f, const char *num, const char *issued,
                   const char *due, int64_t amount);
int get_invoice(fixture *f, const char *num, arnet_invoice *out);

void make_payment(arnet_payment *p, const char *cust, const char *date,
                  int64_t amount, const char *invoice);
int pay(fixture *f, const char *cust, const char *date, int64_t amount,
        const char *invoice, arnet_payment *out);
int pay_d(fixture *f, const char *cust, const char *date, int64_t amount,
          const char *cur, const char *invoice, arnet_payment *out,
          arnet_diag *d);
int pay_identity(fixture *f, arnet_payment *p, const uint8_t id[32],
                 arnet_put_result *r);

/*
 * run_correction: the correction of kind c->kind (arnet_corr_kind) in one
 * write transaction: the credit note c (filled as stored, *res added or
 * unchanged; res may be NULL), or a void or write-off of c->invoice, or a
 * reversal of payment c->payment, on c->date for c->reason (a write-off
 * of c->amount), its record written to *out (may be NULL). The store's
 * error and d.
 */
int run_correction(fixture *f, arnet_correction *c, arnet_correction *out,
                   arnet_put_result *res, arnet_diag *d);

/* make_credit_note: *c the credit note number of customer cust on date
 * for amount in currency cur, against invoice ("": the oldest open
 * invoices), for reason. */
void make_credit_note(arnet_correction *c, const char *cust, const char *number,
                      const char *date, int64_t amount, const char *cur,
                      const char *invoice, const char *reason);
/* correct_ok: run_correction of c, its record written back to *c; fails
 * the test when it is refused. */
void correct_ok(fixture *f, arnet_correction *c);

/* The default books policy (arnet_policy_defaults): the one the dunning
 * and review tests run under. */
const arnet_books_policy *default_policy(void);

/* dunning_log_d: log that stage was done for invoice number on date
 * (note as given), in one write transaction under the default policy;
 * *hold (may be NULL) as arnet_dunning_log sets it. The error and d. */
int dunning_log_d(fixture *f, const char *number, int stage, const char *date,
                  const char *note, int *hold, arnet_diag *d);

/* dunning_queue: the dunning queue as of date under the default policy
 * into *q (arnet_dunning_queue_free); fails the test on an error. */
void dunning_queue(fixture *f, const char *as_of, arnet_dunning_queue *q);

/* What is owed on invoice num as of date. */
int64_t outstanding(fixture *f, const char *num, const char *date);

/* One transaction: a good invoice, then a bad one (returns the error). */
int add_two_invoices_second_bad(fixture *f);
/* One transaction: n invoices N-0 ... of customer local:A. */
int add_many_invoices(fixture *f, int n);

/* Import the file at path as kind with opts
 * (NULL: the defaults) and the default policy, in one transaction (a dry
 * run: aborted when dry); the error, *st (may be NULL) and d. */
int import_path(fixture *f, int kind, const char *path,
                const arnet_import_opts *opts, int dry, arnet_import_stats *st,
                arnet_diag *d);
/* import_path of a file at DIR/name holding len bytes of text. */
int import_bytes(fixture *f, int kind, const char *name, const char *text,
                 size_t len, const arnet_import_opts *opts, int dry,
                 arnet_import_stats *st, arnet_diag *d);

/* The head of the feed of pk in f's log (seq 0: none). */
arnet_head head_of(fixture *f, const uint8_t pk[32]);

/* Import the roster b[0..len), signed by root_pk, into f's store (the
 * roster the node follows); fails the test when it is refused. */
void put_roster(fixture *f, const uint8_t *b, size_t len,
                const uint8_t root_pk[32]);

/* raw_put: store val[0..len) as it is under key[0..klen) in database db
 * (an ST_* of store/internal/txn.h), in one write transaction: for tests
 * of stored forms and of corrupt values. Fails the test on an error. */
void raw_put(fixture *f, int db, const void *key, size_t klen,
             const uint8_t *val, size_t len);
/* raw_get: the value stored under key[0..klen) in db, copied to out (cap
 * bytes; a longer value fails the test); its length, or -1 when it cannot
 * be read (none stored). */
long raw_get(fixture *f, int db, const void *key, size_t klen, uint8_t *out,
             size_t cap);

/* Write a schema version into the store, and close it. */
void set_schema(fixture *f, unsigned v);
void reopen_close(fixture *f);

#endif
