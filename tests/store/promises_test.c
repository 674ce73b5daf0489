/*
 * promises_test.c - payment promises in the dunning log
 * (store/dunning/dunning.c): the promises refused, the rule that says
 * whether one was kept (pure, at each edge of its window), what an open or
 * a broken promise does to the dunning queue, and the log of an invoice and
 * of a customer as of a date.
 *
 * Hostile first: a promise on an unknown invoice, on a paid one, for more
 * than is outstanding, for nothing, before the invoice was issued, due
 * before it was made, with a note of two lines.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_dunning.h"
#include "books_fixture.h"
#include "txn_fixture.h"

#include <string.h>

typedef struct promise_job {
	const char *number;
	arnet_promise p;
	int stage;
	const char *note;
} promise_job;

TXN_FN(promise_txn, promise_job,
       arnet_dunning_promise(t, j->number, &j->p, j->stage, 7, j->note, d))

static int
promise_d(fixture *f, const char *number, const char *made, const char *date,
          int64_t amount, arnet_diag *d)
{
	promise_job j = {number, {day(made), day(date), amount}, 0, ""};
	return arnet_store_write(f->s, promise_txn, &j, 0, d);
}

static void
promise(fixture *f, const char *number, const char *made, const char *date,
        int64_t amount)
{
	arnet_diag d;
	if (promise_d(f, number, made, date, amount, &d) != ARNET_OK) {
		fail_msg("promise: %s", d.msg);
	}
}

typedef struct log_job {
	const char *number;
	int stage;
	int32_t date;
	arnet_promise p; /* amount 0: none */
} log_job;

/* A dunning action, and the promise made in it, in one transaction. */
static int
log_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	log_job *j = arg;
	int hold, rv = arnet_dunning_log(t, j->number, j->stage, j->date, 0,
	                                 "called", default_policy(), &hold, d);
	if (rv == ARNET_OK && j->p.amount != 0) {
		rv = arnet_dunning_promise(t, j->number, &j->p, j->stage, 0, "",
		                           d);
	}
	return rv;
}

static int
dlog(fixture *f, const char *number, int stage, const char *date,
     const char *promised, int64_t amount)
{
	log_job j = {number, stage, day(date), {0}};
	if (promised != NULL) {
		j.p = (arnet_promise){day(date), day(promised), amount};
	}
	return arnet_store_write(f->s, log_txn, &j, 0, NULL);
}

/* The queue's entry for invoice number (NULL: not queued). */
static const arnet_dunning_action *
queued(const arnet_dunning_queue *q, const char *number)
{
	for (size_t i = 0; i < q->n; i++) {
		if (strcmp(q->v[i].inv.number, number) == 0) {
			return &q->v[i];
		}
	}
	return NULL;
}

typedef struct list_job {
	const arnet_ident *cust; /* NULL: every customer */
	const char *number;
	int32_t as_of;
	arnet_dunning_list l;
} list_job;

TXN_FN(list_txn, list_job,
       arnet_dunning_list_get(t, j->cust, j->number, j->as_of, &j->l, d))

static int
list(fixture *f, const char *cust, const char *number, const char *as_of,
     list_job *j)
{
	arnet_ident id;
	if (cust != NULL && arnet_ident_parse(&id, cust, NULL) != ARNET_OK) {
		return ARNET_EINVAL;
	}
	*j = (list_job){cust != NULL ? &id : NULL, number, day(as_of), {0}};
	return arnet_store_read(f->s, list_txn, j, NULL);
}

/* The fixture, and in it a customer with two invoices of 1,000.00 CNY
 * due 2026-01-31: the books every test but the rule's edges starts from. */
static int
books_setup(void **state)
{
	int rv = customer_setup(state);
	if (rv == 0) {
		fixture *f = *state;
		add_invoice_a(f, "I-1", "2026-01-01", "2026-01-31", 100000);
		add_invoice_a(f, "I-2", "2026-01-01", "2026-01-31", 100000);
	}
	return rv;
}

static void
test_promise_refused(void **state)
{
	fixture *f = *state;
	arnet_diag d;
	pay(f, "local:A", "2026-02-10", 100000, "I-2", NULL);
	assert_int_equal(
	        promise_d(f, "NOPE", "2026-02-05", "2026-02-20", 100, &d),
	        ARNET_ENOTFOUND);
	/* Paid as of the day it would be made; not yet paid the day before. */
	assert_int_equal(
	        promise_d(f, "I-2", "2026-02-10", "2026-02-20", 100, &d),
	        ARNET_ECONFLICT);
	assert_non_null(strstr(d.msg, "paid"));
	assert_int_equal(
	        promise_d(f, "I-2", "2026-02-09", "2026-02-20", 100, &d),
	        ARNET_OK);
	/* Out of range on I-1, 600.00 outstanding (what d.msg says, or
	 * NULL). */
	static const struct {
		const char *made, *date;
		int64_t amount;
		const char *says;
	} out[] = {
	        /* More than is outstanding; exactly that is fine. */
	        {"2026-02-05", "2026-02-20", 60001, "600.00"},
	        {"2026-02-05", "2026-02-20", 0, NULL},
	        {"2026-02-05", "2026-02-20", -5, NULL},
	        /* The promised date before the day it was made; the same
	         * day is fine. */
	        {"2026-02-05", "2026-02-04", 100, "before"},
	        /* Made before the invoice was issued. */
	        {"2025-12-31", "2026-02-20", 100, NULL},
	};
	pay(f, "local:A", "2026-02-03", 40000, "I-1", NULL);
	for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++) {
		assert_int_equal(promise_d(f, "I-1", out[i].made, out[i].date,
		                           out[i].amount, &d),
		                 ARNET_ERANGE);
		if (out[i].says != NULL) {
			assert_non_null(strstr(d.msg, out[i].says));
		}
	}
	promise_job j = {"I-1",
	                 {day("2026-02-05"), day("2026-02-20"), 100},
	                 0,
	                 "two\nlines"};
	assert_int_equal(arnet_store_write(f->s, promise_txn, &j, 0, &d),
	                 ARNET_ESYNTAX);
	j.stage = ARNET_STAGE_COUNT + 1;
	j.note = "";
	assert_int_equal(arnet_store_write(f->s, promise_txn, &j, 0, &d),
	                 ARNET_ERANGE);
	/* Nothing refused was written. */
	list_job l;
	assert_int_equal(list(f, NULL, "I-1", "2026-12-31", &l), ARNET_OK);
	assert_int_equal(l.l.n, 0);
	arnet_dunning_list_free(&l.l);
	assert_int_equal(
	        promise_d(f, "I-1", "2026-02-05", "2026-02-05", 60000, &d),
	        ARNET_OK);
}

/* The rule alone, at each edge of the promise's window. */
static void
test_promise_rule_edges(void **state)
{
	(void)state;
	const arnet_promise p = {day("2026-03-10"), day("2026-03-20"), 500};
	arnet_alloc a[3] = {{1, day("2026-03-09"), 500, ARNET_ALLOC_PAYMENT},
	                    {2, day("2026-03-10"), 200, ARNET_ALLOC_PAYMENT},
	                    {3, day("2026-03-21"), 300, ARNET_ALLOC_PAYMENT}};
	/* Paid the day before it was made: that payment is not the one
	 * promised. */
	assert_int_equal(arnet_promise_paid(&p, a, 1, day("2026-03-30")), 0);
	assert_int_equal(arnet_promise_state_of(&p, a, 1, day("2026-03-20")),
	                 ARNET_PROMISE_OPEN);
	assert_int_equal(arnet_promise_state_of(&p, a, 1, day("2026-03-21")),
	                 ARNET_PROMISE_BROKEN);
	/* Paid the day it was made counts; the promised day is still in
	 * time, the day after is not. */
	assert_int_equal(arnet_promise_paid(&p, a, 2, day("2026-03-30")), 200);
	assert_int_equal(arnet_promise_paid(&p, a, 3, day("2026-03-30")), 200);
	assert_int_equal(arnet_promise_state_of(&p, a, 3, day("2026-03-30")),
	                 ARNET_PROMISE_BROKEN);
	/* Nothing paid, before the day promised: open. */
	assert_int_equal(arnet_promise_state_of(&p, NULL, 0, day("2026-03-10")),
	                 ARNET_PROMISE_OPEN);
	/* The whole amount on the last day: kept, and kept ever after. */
	arnet_alloc b[2] = {{1, day("2026-03-12"), 200, ARNET_ALLOC_PAYMENT},
	                    {2, day("2026-03-20"), 300, ARNET_ALLOC_PAYMENT}};
	assert_int_equal(arnet_promise_state_of(&p, b, 2, day("2026-03-19")),
	                 ARNET_PROMISE_OPEN);
	assert_int_equal(arnet_promise_state_of(&p, b, 2, day("2026-03-20")),
	                 ARNET_PROMISE_KEPT);
	assert_int_equal(arnet_promise_state_of(&p, b, 2, day("2027-01-01")),
	                 ARNET_PROMISE_KEPT);
	/* A payment booked as of a later day does not count earlier. */
	assert_int_equal(arnet_promise_paid(&p, b, 2, day("2026-03-15")), 200);
	/* One minor unit short: broken. */
	b[1].amount = 299;
	assert_int_equal(arnet_promise_state_of(&p, b, 2, day("2026-03-21")),
	                 ARNET_PROMISE_BROKEN);
	/* Paid early, all at once: kept before the day. */
	arnet_alloc c[1] = {{1, day("2026-03-11"), 9000, ARNET_ALLOC_PAYMENT}};
	assert_int_equal(arnet_promise_state_of(&p, c, 1, day("2026-03-11")),
	                 ARNET_PROMISE_KEPT);
	assert_string_equal(arnet_promise_state_name(ARNET_PROMISE_BROKEN),
	                    "broken");
	assert_string_equal(arnet_promise_state_name(0), "?");
}

/* The rule over the books: payments by hand, the state as of each day. */
static void
test_promise_state_in_log(void **state)
{
	fixture *f = *state;
	list_job l;
	assert_int_equal(dlog(f, "I-1", ARNET_STAGE_PHONE, "2026-02-05",
	                      "2026-02-15", 50000),
	                 ARNET_OK);
	pay(f, "local:A", "2026-02-10", 30000, "I-1", NULL);
	pay(f, "local:A", "2026-02-15", 20000, "I-1", NULL);
	assert_int_equal(list(f, NULL, "I-1", "2026-02-14", &l), ARNET_OK);
	assert_int_equal(l.l.n, 2);
	/* The call first, then the promise made in it. */
	assert_false(l.l.v[0].is_promise);
	assert_string_equal(l.l.v[0].note, "called");
	assert_true(l.l.v[1].is_promise);
	assert_int_equal(l.l.v[1].stage, ARNET_STAGE_PHONE);
	assert_int_equal(l.l.v[1].promise.amount, 50000);
	assert_string_equal(l.l.v[1].currency, "CNY");
	assert_int_equal(l.l.v[1].state, ARNET_PROMISE_OPEN);
	assert_int_equal(l.l.v[1].paid, 30000);
	arnet_dunning_list_free(&l.l);
	assert_int_equal(list(f, NULL, "I-1", "2026-02-15", &l), ARNET_OK);
	assert_int_equal(l.l.v[1].state, ARNET_PROMISE_KEPT);
	arnet_dunning_list_free(&l.l);
	/* Before the call: nothing logged yet. */
	assert_int_equal(list(f, NULL, "I-1", "2026-02-04", &l), ARNET_OK);
	assert_int_equal(l.l.n, 0);
	arnet_dunning_list_free(&l.l);
}

static void
test_queue_waits_for_open_promise(void **state)
{
	fixture *f = *state;
	arnet_dunning_queue q = {0};
	/* A phone call logged on 02-05 with a promise for 03-10; by 03-05
	 * the letter stage is reached. */
	assert_int_equal(dlog(f, "I-1", ARNET_STAGE_PHONE, "2026-02-05",
	                      "2026-03-10", 100000),
	                 ARNET_OK);
	dunning_queue(f, "2026-03-05", &q);
	assert_int_equal(q.n, 2);
	/* I-2 is due and goes first; I-1 waits, last. */
	assert_string_equal(q.v[0].inv.number, "I-2");
	assert_int_equal(q.v[0].status, ARNET_DUN_DUE);
	assert_false(q.v[0].has_promise);
	assert_string_equal(q.v[1].inv.number, "I-1");
	assert_int_equal(q.v[1].status, ARNET_DUN_WAITING);
	assert_int_equal(q.v[1].stage, ARNET_STAGE_LETTER);
	assert_int_equal(q.v[1].promise_state, ARNET_PROMISE_OPEN);
	arnet_dunning_queue_free(&q);
	/* The promised day itself: still waiting. */
	dunning_queue(f, "2026-03-10", &q);
	assert_int_equal(queued(&q, "I-1")->status, ARNET_DUN_WAITING);
	arnet_dunning_queue_free(&q);
	/* Kept: paid in full, out of the queue. */
	pay(f, "local:A", "2026-03-09", 100000, "I-1", NULL);
	dunning_queue(f, "2026-03-20", &q);
	assert_null(queued(&q, "I-1"));
	arnet_dunning_queue_free(&q);
}

static void
test_queue_broken_promise_first(void **state)
{
	fixture *f = *state;
	arnet_dunning_queue q = {0};
	add_invoice_a(f, "I-3", "2025-10-01", "2025-10-31", 100000);
	/* The phone stage logged for I-1, with a promise of 500.00 by 02-10;
	 * only 100.00 came. */
	assert_int_equal(dlog(f, "I-1", ARNET_STAGE_PHONE, "2026-02-05",
	                      "2026-02-10", 50000),
	                 ARNET_OK);
	pay(f, "local:A", "2026-02-08", 10000, "I-1", NULL);
	dunning_queue(f, "2026-02-10", &q);
	/* Not yet broken, the phone stage done: not queued. */
	assert_null(queued(&q, "I-1"));
	arnet_dunning_queue_free(&q);
	dunning_queue(f, "2026-02-11", &q);
	/* Broken: first, before I-3 (far more days past due), though its
	 * stage was logged. */
	assert_string_equal(q.v[0].inv.number, "I-1");
	assert_int_equal(q.v[0].status, ARNET_DUN_PROMISE_BROKEN);
	assert_int_equal(q.v[0].stage, ARNET_STAGE_PHONE);
	assert_int_equal(q.v[0].promise.date, day("2026-02-10"));
	assert_int_equal(q.v[0].promise.amount, 50000);
	assert_int_equal(q.v[0].promise_state, ARNET_PROMISE_BROKEN);
	assert_int_equal(q.v[1].status, ARNET_DUN_DUE);
	assert_string_equal(q.v[1].inv.number, "I-3");
	arnet_dunning_queue_free(&q);
	/* A new promise after the broken one: waiting again. */
	promise(f, "I-1", "2026-02-12", "2026-02-28", 90000);
	dunning_queue(f, "2026-02-12", &q);
	assert_null(queued(&q, "I-1")); /* no stage due, nothing to hold */
	arnet_dunning_queue_free(&q);
	dunning_queue(f, "2026-03-02", &q);
	/* After 02-28 the second is broken too; the letter stage is reached. */
	assert_int_equal(queued(&q, "I-1")->status, ARNET_DUN_PROMISE_BROKEN);
	assert_int_equal(queued(&q, "I-1")->stage, ARNET_STAGE_LETTER);
	assert_int_equal(queued(&q, "I-1")->promise.made, day("2026-02-12"));
	arnet_dunning_queue_free(&q);
	/* Followed up: the letter logged after the promised day ends the
	 * mark; the ladder goes on as before. */
	assert_int_equal(
	        dlog(f, "I-1", ARNET_STAGE_LETTER, "2026-03-02", NULL, 0),
	        ARNET_OK);
	dunning_queue(f, "2026-03-02", &q);
	assert_null(queued(&q, "I-1"));
	arnet_dunning_queue_free(&q);
	/* As of a day before the follow-up, it was still first. */
	dunning_queue(f, "2026-03-01", &q);
	assert_int_equal(queued(&q, "I-1")->status, ARNET_DUN_PROMISE_BROKEN);
	arnet_dunning_queue_free(&q);
}

/* A promise before the due date, broken: queued though not overdue. */
static void
test_queue_broken_before_due(void **state)
{
	fixture *f = *state;
	arnet_dunning_queue q = {0};
	promise(f, "I-1", "2026-01-05", "2026-01-10", 100000);
	dunning_queue(f, "2026-01-11", &q);
	assert_int_equal(q.n, 1);
	assert_int_equal(q.v[0].status, ARNET_DUN_PROMISE_BROKEN);
	assert_int_equal(q.v[0].stage, ARNET_STAGE_PHONE);
	assert_true(q.v[0].days_past_due < 0);
	arnet_dunning_queue_free(&q);
}

static void
test_customer_log(void **state)
{
	fixture *f = *state;
	list_job l;
	add_customer(f, "local:B", 30);
	add_invoice(f, "B-1", "local:B", "2026-01-01", "2026-01-31", 100,
	            "CNY");
	promise(f, "B-1", "2026-02-01", "2026-02-10", 100);
	promise(f, "I-2", "2026-02-07", "2026-02-10", 100);
	assert_int_equal(
	        dlog(f, "I-1", ARNET_STAGE_PHONE, "2026-02-06", NULL, 0),
	        ARNET_OK);
	promise(f, "I-1", "2026-02-06", "2026-02-09", 100);
	promise(f, "I-1", "2026-02-06", "2026-02-28", 200);
	pay(f, "local:A", "2026-02-08", 100, "I-2", NULL);
	assert_int_equal(list(f, "local:A", NULL, "2026-02-20", &l), ARNET_OK);
	/* local:A only, by date: I-1's call, its two promises, I-2's. */
	assert_int_equal(l.l.n, 4);
	assert_string_equal(l.l.v[0].number, "I-1");
	assert_false(l.l.v[0].is_promise);
	assert_int_equal(l.l.v[1].promise.date, day("2026-02-09"));
	assert_int_equal(l.l.v[1].state, ARNET_PROMISE_BROKEN);
	assert_int_equal(l.l.v[2].promise.date, day("2026-02-28"));
	assert_int_equal(l.l.v[2].state, ARNET_PROMISE_OPEN);
	assert_string_equal(l.l.v[3].number, "I-2");
	assert_int_equal(l.l.v[3].state, ARNET_PROMISE_KEPT);
	arnet_dunning_list_free(&l.l);
	/* Unknown customer, unknown invoice. */
	assert_int_equal(list(f, "local:NOPE", NULL, "2026-02-20", &l),
	                 ARNET_ENOTFOUND);
	arnet_dunning_list_free(&l.l);
	assert_int_equal(list(f, NULL, "NOPE", "2026-02-20", &l),
	                 ARNET_ENOTFOUND);
	arnet_dunning_list_free(&l.l);
}

/* The actions-only history that older callers read skips promises. */
static int
count_action(const arnet_dunning_entry *e, void *arg)
{
	assert_false(e->is_promise);
	(*(int *)arg)++;
	return 0;
}

/* arg: the count of I-1's actions. */
static int
hist_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	arnet_invoice inv;
	int rv = arnet_invoice_get(t, "I-1", &inv, d);
	return rv ? rv : arnet_dunning_history(t, &inv, count_action, arg, d);
}

static void
test_history_actions_only(void **state)
{
	fixture *f = *state;
	int n = 0;
	assert_int_equal(dlog(f, "I-1", ARNET_STAGE_PHONE, "2026-02-06",
	                      "2026-02-09", 100),
	                 ARNET_OK);
	promise(f, "I-1", "2026-02-10", "2026-02-20", 100);
	assert_int_equal(arnet_store_read(f->s, hist_txn, &n, NULL), ARNET_OK);
	assert_int_equal(n, 1);
}

#define T(fn)                                                                  \
	cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
#define B(fn) cmocka_unit_test_setup_teardown(fn, books_setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        B(test_promise_refused),
	        T(test_promise_rule_edges),
	        B(test_promise_state_in_log),
	        B(test_queue_waits_for_open_promise),
	        B(test_queue_broken_promise_first),
	        B(test_queue_broken_before_due),
	        B(test_customer_log),
	        B(test_history_actions_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
