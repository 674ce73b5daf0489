/*
 * watch_test.c - the watch set and its alerts (store/watch), through the
 * log's ingest: an alert is raised in the transaction that stores a record
 * about a watched subject by another member, coalesces a storm into one
 * per subject until read, and is never raised for the node's own records,
 * an unwatched subject, or a transaction that does not commit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_log.h"
#include "arnet_watch.h"
#include "books_fixture.h"
#include "test_keys.h"
#include "test_roster.h"
#include "txn_fixture.h"

#include <string.h>

static uint8_t root_pk[32], root_sk[64], a_pk[32], a_sk[64], b_pk[32], b_sk[64];
static arnet_roster roster;
static uint8_t *roster_buf;

#define T0 INT64_C(1790000000)

static int
group_setup(void **state)
{
	static const char *const ids[2] = {"local:A", "local:B"};
	const uint8_t *keys[2] = {a_pk, b_pk};
	size_t len;
	(void)state;
	if (test_keypair(root_pk, root_sk, 0x71) |
	    test_keypair(a_pk, a_sk, 0x7a) | test_keypair(b_pk, b_sk, 0x7b)) {
		return -1;
	}
	test_members m = {.n = 2,
	                  .ids = ids,
	                  .keys = keys,
	                  .from = T0 - 1000,
	                  .until = T0 + 10000000,
	                  .epoch = 1,
	                  .issued = T0};
	return test_roster_of(&m, root_pk, root_sk, &roster_buf, &len, &roster);
}

static int
group_teardown(void **state)
{
	(void)state;
	test_roster_free(&roster, roster_buf);
	return 0;
}

/* One author's feed as the tests write it. */
typedef struct feed {
	const uint8_t *sk;
	uint64_t seq;
	uint8_t prev[32];
} feed;

typedef struct rec {
	uint8_t b[ARNET_RECORD_MAX];
	size_t len;
	uint8_t hash[32];
} rec;

/* The next record of f (a DEFAULT, or a CREDIT_STOP) about subject;
 * `skip` leaves a gap of that many seqs before it. */
static void
next(feed *f, rec *out, int type, const char *subject, int skip)
{
	arnet_record r;
	arnet_diag d;
	arnet_record_init(&r, (arnet_record_type)type);
	f->seq += (uint64_t)skip + 1;
	r.seq = f->seq;
	memcpy(r.prev, f->prev, 32);
	r.created = T0 + (int64_t)f->seq;
	assert_int_equal(arnet_ident_parse(&r.subject, subject, NULL),
	                 ARNET_OK);
	if (type == ARNET_REC_DEFAULT) {
		r.u.def.amount = 6000000;
		memcpy(r.u.def.currency, "CNY", 4);
		r.u.def.due_date = 20000;
		r.u.def.days_past_due = 183;
		r.u.def.reason = ARNET_REASON_NON_PAYMENT;
	} else {
		r.u.stop.reason = ARNET_REASON_NON_PAYMENT;
	}
	if (arnet_record_sign(out->b, sizeof(out->b), &out->len, &r, f->sk,
	                      &d) != ARNET_OK) {
		fail_msg("sign: %s", d.msg);
	}
	arnet_record_hash(out->hash, out->b, out->len);
	memcpy(f->prev, out->hash, 32);
}

typedef struct ingest_job {
	const rec *r;
	int fail_after; /* return an error after the ingest: nothing kept */
	arnet_ingest_info info;
} ingest_job;

static int
ingest_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	ingest_job *j = arg;
	arnet_log_rules rules;
	arnet_log_rules_default(&rules, T0 + 100000);
	rules.self = a_pk; /* this node is member A */
	int rv = arnet_log_ingest(t, j->r->b, j->r->len, &roster, &rules,
	                          &j->info, d);
	return rv == ARNET_OK && j->fail_after ? ARNET_EINVAL : rv;
}

static int
ingest(fixture *f, const rec *r)
{
	ingest_job j = {r, 0, {0}};
	arnet_diag d;
	assert_int_equal(arnet_store_write(f->s, ingest_txn, &j, 0, &d),
	                 ARNET_OK);
	return j.info.result;
}

typedef struct alerts {
	arnet_alert a[16];
	size_t n;
} alerts;

static int
take(const arnet_alert *a, void *arg)
{
	alerts *l = arg;
	if (l->n < 16) {
		l->a[l->n++] = *a;
	}
	return 0;
}

static int
list_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	alerts *l = arg;
	l->n = 0;
	return arnet_alerts_list(t, 0, take, l, d);
}

static void
list(fixture *f, alerts *l)
{
	arnet_diag d;
	assert_int_equal(arnet_store_read(f->s, list_txn, l, &d), ARNET_OK);
}

typedef struct ack_job {
	uint64_t id, count;
} ack_job;

TXN_FN(ack_txn, ack_job, arnet_alert_ack(t, j->id, &j->count, d))

static uint64_t
ack(fixture *f, uint64_t id)
{
	ack_job j = {id, 99};
	arnet_diag d;
	assert_int_equal(arnet_store_write(f->s, ack_txn, &j, 0, &d), ARNET_OK);
	return j.count;
}

typedef struct watch_job {
	arnet_watch_entry e;
	int remove;
} watch_job;

TXN_FN(watch_txn, watch_job,
       j->remove ? arnet_watch_remove(t, &j->e.subject, d)
                 : arnet_watch_add(t, &j->e, d))

static int
watch(fixture *f, const char *subject, const char *note, int remove,
      arnet_diag *d)
{
	watch_job j;
	memset(&j, 0, sizeof(j));
	assert_int_equal(arnet_ident_parse(&j.e.subject, subject, NULL),
	                 ARNET_OK);
	j.e.added = T0;
	snprintf(j.e.note, sizeof(j.e.note), "%s", note);
	j.remove = remove;
	return arnet_store_write(f->s, watch_txn, &j, 0, d);
}

/* --- hostile and refused first --- */

static void
test_watch_refusals(void **state)
{
	fixture *f = *state;
	arnet_diag d;
	assert_int_equal(watch(f, "local:P-1", "\x01", 0, &d), ARNET_ESYNTAX);
	assert_non_null(strstr(d.msg, "note is not valid UTF-8"));
	assert_int_equal(watch(f, "local:P-1", "\xff\xfe", 0, &d),
	                 ARNET_ESYNTAX);
	assert_int_equal(watch(f, "local:P-1", "", 1, &d), ARNET_ENOTFOUND);
	assert_non_null(strstr(d.msg, "local:P-1 is not watched by hand"));
	assert_int_equal(ack(f, 0), 0); /* nothing to read */
	ack_job j = {7, 0};
	assert_int_equal(arnet_store_write(f->s, ack_txn, &j, 0, &d),
	                 ARNET_ENOTFOUND);
	assert_non_null(strstr(d.msg, "no alert 7"));
}

/* Nothing about a subject nobody watches, nothing for the node's own
 * records, nothing from a transaction that does not commit. */
static void
test_no_alert(void **state)
{
	fixture *f = *state;
	feed a = {a_sk, 0, {0}}, b = {b_sk, 0, {0}};
	rec r;
	alerts l;
	arnet_diag d;
	add_customer(f, "local:C-1", 30);
	next(&b, &r, ARNET_REC_DEFAULT, "local:STRANGER", 0);
	assert_int_equal(ingest(f, &r), ARNET_INGEST_ACCEPTED);
	next(&a, &r, ARNET_REC_DEFAULT, "local:C-1", 0);
	assert_int_equal(ingest(f, &r), ARNET_INGEST_ACCEPTED);
	next(&b, &r, ARNET_REC_DEFAULT, "local:C-1", 0);
	ingest_job j = {&r, 1, {0}};
	assert_int_equal(arnet_store_write(f->s, ingest_txn, &j, 0, &d),
	                 ARNET_EINVAL);
	list(f, &l);
	assert_int_equal(l.n, 0);
	/* The same record, committed this time. */
	assert_int_equal(ingest(f, &r), ARNET_INGEST_ACCEPTED);
	list(f, &l);
	assert_int_equal(l.n, 1);
}

/* A customer's records by another member: one alert, coalesced until
 * read; reading it closes it, and the next record opens alert 2. */
static void
test_customer_alert_coalesces(void **state)
{
	fixture *f = *state;
	feed b = {b_sk, 0, {0}};
	rec r1, r2, r3;
	alerts l;
	add_customer(f, "local:C-1", 30);
	next(&b, &r1, ARNET_REC_DEFAULT, "local:C-1", 0);
	assert_int_equal(ingest(f, &r1), ARNET_INGEST_ACCEPTED);
	assert_int_equal(ingest(f, &r1), ARNET_INGEST_DUPLICATE);
	next(&b, &r2, ARNET_REC_CREDIT_STOP, "local:C-1", 0);
	assert_int_equal(ingest(f, &r2), ARNET_INGEST_ACCEPTED);
	list(f, &l);
	assert_int_equal(l.n, 1);
	const arnet_alert *a = &l.a[0];
	assert_int_equal(a->id, 1);
	assert_int_equal(a->source, ARNET_ALERT_RECORD);
	assert_string_equal(a->subject.text, "local:C-1");
	assert_int_equal(a->watched, ARNET_WATCH_CUSTOMER);
	assert_int_equal(a->records, 2); /* the duplicate is not a record */
	assert_int_equal(a->types, (1 << ARNET_REC_DEFAULT) |
	                                   (1 << ARNET_REC_CREDIT_STOP));
	assert_memory_equal(a->first, r1.hash, 32);
	assert_memory_equal(a->last, r2.hash, 32);
	assert_memory_equal(a->author, b_pk, 32);
	assert_false(a->read);
	assert_int_equal(ack(f, 1), 1);
	assert_int_equal(ack(f, 1), 0); /* read already */
	next(&b, &r3, ARNET_REC_DEFAULT, "local:C-1", 0);
	assert_int_equal(ingest(f, &r3), ARNET_INGEST_ACCEPTED);
	list(f, &l);
	assert_int_equal(l.n, 2);
	assert_true(l.a[0].read);
	assert_int_equal(l.a[1].id, 2);
	assert_int_equal(l.a[1].records, 1);
	assert_false(l.a[1].read);
}

/* A storm: 300 records about 3 subjects are 3 alerts. */
static void
test_storm_is_one_alert_per_subject(void **state)
{
	fixture *f = *state;
	static const char *const subj[3] = {"local:C-1", "local:C-2",
	                                    "local:C-3"};
	feed b = {b_sk, 0, {0}};
	rec r;
	alerts l;
	for (int i = 0; i < 3; i++) {
		add_customer(f, subj[i], 30);
	}
	for (int i = 0; i < 300; i++) {
		next(&b, &r, ARNET_REC_CREDIT_STOP, subj[i % 3], 0);
		assert_int_equal(ingest(f, &r), ARNET_INGEST_ACCEPTED);
	}
	list(f, &l);
	assert_int_equal(l.n, 3);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(l.a[i].records, 100);
	}
	assert_int_equal(ack(f, 0), 3);
	assert_int_equal(ack(f, 0), 0);
}

/* A prospect watched by hand; removed, it raises nothing more. A record
 * released from the waiting list when its gap is filled raises too. */
static void
test_prospect_and_released(void **state)
{
	fixture *f = *state;
	feed b = {b_sk, 0, {0}};
	rec r1, r2;
	alerts l;
	arnet_diag d;
	assert_int_equal(
	        watch(f, "local:P-1", "negotiating 2027 supply", 0, &d),
	        ARNET_OK);
	/* r2 (seq 2) arrives first and waits; r1 releases it */
	feed ahead = b;
	next(&ahead, &r1, ARNET_REC_CREDIT_STOP, "local:OTHER", 0);
	next(&ahead, &r2, ARNET_REC_DEFAULT, "local:P-1", 0);
	assert_int_equal(ingest(f, &r2), ARNET_INGEST_PENDING);
	list(f, &l);
	assert_int_equal(l.n, 0);
	assert_int_equal(ingest(f, &r1), ARNET_INGEST_ACCEPTED);
	list(f, &l);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.a[0].watched, ARNET_WATCH_PROSPECT);
	assert_memory_equal(l.a[0].last, r2.hash, 32);
	b = ahead;
	assert_int_equal(watch(f, "local:P-1", "", 1, &d), ARNET_OK);
	assert_int_equal(ack(f, 0), 1);
	next(&b, &r1, ARNET_REC_CREDIT_STOP, "local:P-1", 0);
	assert_int_equal(ingest(f, &r1), ARNET_INGEST_ACCEPTED);
	list(f, &l);
	assert_int_equal(l.n, 1);
}

/* A member who signs two records at one seq: whoever watches the rival's
 * subject hears of the equivocation. */
static void
test_equivocation_alert(void **state)
{
	fixture *f = *state;
	feed b = {b_sk, 0, {0}}, fork;
	rec r1, rival;
	alerts l;
	add_customer(f, "local:C-1", 30);
	fork = b;
	next(&b, &r1, ARNET_REC_CREDIT_STOP, "local:OTHER", 0);
	next(&fork, &rival, ARNET_REC_DEFAULT, "local:C-1", 0);
	assert_int_equal(ingest(f, &r1), ARNET_INGEST_ACCEPTED);
	assert_int_equal(ingest(f, &rival), ARNET_INGEST_EQUIVOCATION);
	list(f, &l);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.a[0].source, ARNET_ALERT_EQUIVOCATION);
	assert_memory_equal(l.a[0].last, rival.hash, 32);
}

typedef struct outbox_job {
	int64_t now;
	arnet_outbox_entry e[8];
	size_t n;
	uint64_t result_id; /* 0: claim */
	uint8_t reached;
	uint64_t count;
} outbox_job;

static int
outbox_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	outbox_job *j = arg;
	int rv = j->result_id != 0
	                 ? arnet_outbox_result(t, j->result_id, j->reached,
	                                       j->now, d)
	                 : arnet_outbox_claim(t, j->now, j->e, 8, &j->n, d);
	return rv != ARNET_OK ? rv : arnet_outbox_count(t, &j->count, d);
}

static outbox_job
outbox(fixture *f, int64_t at, uint64_t result_id, uint8_t reached)
{
	outbox_job j;
	arnet_diag d;
	memset(&j, 0, sizeof(j));
	j.now = at;
	j.result_id = result_id;
	j.reached = reached;
	assert_int_equal(arnet_store_write(f->s, outbox_txn, &j, 0, &d),
	                 ARNET_OK);
	return j;
}

/* Every alert is delivered at least once: claimed (which closes it, so
 * what comes next is a new alert), retried with backoff while a target
 * fails, gone once every target is reached; reading it changes nothing
 * of its delivery. */
static void
test_outbox(void **state)
{
	fixture *f = *state;
	const int64_t at = T0 + 100000; /* ingest_txn's clock */
	feed b = {b_sk, 0, {0}};
	rec r;
	alerts l;
	add_customer(f, "local:C-1", 30);
	next(&b, &r, ARNET_REC_DEFAULT, "local:C-1", 0);
	assert_int_equal(ingest(f, &r), ARNET_INGEST_ACCEPTED);
	outbox_job j = outbox(f, at - 1, 0, 0);
	assert_int_equal(j.n, 0); /* not due before it was raised */
	assert_int_equal(j.count, 1);
	j = outbox(f, at, 0, 0);
	assert_int_equal(j.n, 1);
	assert_int_equal(j.e[0].id, 1);
	assert_int_equal(j.e[0].pending, ARNET_OUT_ALL);
	assert_int_equal(j.e[0].tries, 0);
	/* claimed: the next record opens alert 2, itself in the outbox */
	next(&b, &r, ARNET_REC_CREDIT_STOP, "local:C-1", 0);
	assert_int_equal(ingest(f, &r), ARNET_INGEST_ACCEPTED);
	list(f, &l);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.a[0].records, 1);
	assert_false(l.a[0].read);
	/* the command took it, the webhook failed: retried after 1 s, 2 s */
	j = outbox(f, at, 1, ARNET_OUT_COMMAND);
	assert_int_equal(j.count, 2);
	j = outbox(f, at, 0, 0);
	assert_int_equal(j.n, 1);
	assert_int_equal(j.e[0].id, 2);
	j = outbox(f, at + 1, 0, 0);
	assert_int_equal(j.n, 2);
	assert_int_equal(j.e[0].pending, ARNET_OUT_WEBHOOK);
	assert_int_equal(j.e[0].tries, 1);
	assert_int_equal(j.e[0].next_try, at + 1);
	j = outbox(f, at + 1, 1, 0);
	assert_int_equal(outbox(f, at + 2, 0, 0).n, 1); /* only alert 2 */
	assert_int_equal(outbox(f, at + 3, 0, 0).n, 2);
	/* reached: gone (and a result for it again is no error) */
	assert_int_equal(ack(f, 0), 2);
	j = outbox(f, at + 3, 1, ARNET_OUT_WEBHOOK);
	assert_int_equal(j.count, 1);
	j = outbox(f, at + 3, 1, ARNET_OUT_ALL);
	j = outbox(f, at + 3, 2, ARNET_OUT_ALL);
	assert_int_equal(j.count, 0);
	assert_int_equal(outbox(f, at + 9999, 0, 0).n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(
	                test_watch_refusals, fixture_setup, fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_no_alert, fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_customer_alert_coalesces,
	                                        fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(
	                test_storm_is_one_alert_per_subject, fixture_setup,
	                fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_prospect_and_released,
	                                        fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_equivocation_alert,
	                                        fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_outbox, fixture_setup,
	                                        fixture_teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
