/*
 * check_test.c - the credit check (store/credit/check.c, store/log/log_facts.c,
 * store/credit/order_check.c, store/credit/trade_ref.c) as a credit manager
 * meets it: one test per case of docs/credit-policy.md's worked table, and its
 * neighbours. The expected grades, limits and terms are those of the
 * policy document, worked out by hand there, not by running the code.
 *
 * Hostile first: no roster, a non-member's record, a rival's dispute, an
 * allocation or store failure in the middle of a check (it fails; it
 * never gives a grade it did not compute). Then the cases, then three
 * properties over random histories: a negative fact never raises the
 * score, paying never lowers it, a bigger default never scores better.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_check.h"
#include "arnet_date.h"
#include "arnet_dispute.h"
#include "arnet_log.h"
#include "arnet_log_view.h"
#include "arnet_reports.h"
#include "books_fixture.h"
#include "test_keys.h"
#include "test_roster.h"

#include <limits.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- failure injection: the link wraps the allocator and LMDB reads
 * (tests/CMakeLists.txt); a countdown fails the N-th call while armed. */
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
int __real_mdb_get(MDB_txn *t, MDB_dbi d, MDB_val *k, MDB_val *v);
int __real_mdb_cursor_get(MDB_cursor *c, MDB_val *k, MDB_val *v,
                          MDB_cursor_op op);
static int fail_alloc_at, fail_read_at; /* 0: off; else the N-th fails */
static int nalloc, nread;

static int
alloc_fails(void)
{
	return fail_alloc_at > 0 && ++nalloc == fail_alloc_at;
}

void *
__wrap_malloc(size_t n)
{
	return alloc_fails() ? NULL : __real_malloc(n);
}

void *
__wrap_calloc(size_t n, size_t m)
{
	return alloc_fails() ? NULL : __real_calloc(n, m);
}

void *
__wrap_realloc(void *p, size_t n)
{
	return alloc_fails() ? NULL : __real_realloc(p, n);
}

int
__wrap_mdb_get(MDB_txn *t, MDB_dbi d, MDB_val *k, MDB_val *v)
{
	if (fail_read_at > 0 && ++nread == fail_read_at) {
		return MDB_CORRUPTED;
	}
	return __real_mdb_get(t, d, k, v);
}

int
__wrap_mdb_cursor_get(MDB_cursor *c, MDB_val *k, MDB_val *v, MDB_cursor_op op)
{
	if (fail_read_at > 0 && ++nread == fail_read_at) {
		return MDB_CORRUPTED;
	}
	return __real_mdb_cursor_get(c, k, v, op);
}

/* --- the association: members A and B, us (C), and X, no member --- */

static uint8_t root_pk[32], root_sk[64], a_pk[32], a_sk[64];
static uint8_t b_pk[32], b_sk[64], c_pk[32], c_sk[64], x_pk[32], x_sk[64];
static arnet_roster roster;
static uint8_t *roster_buf;
static arnet_check_policy pol;
static arnet_ident subj;
static const char *const S = "uscc:91350100M000100Y43";

#define T0     INT64_C(1790000000) /* 2026-09-21 */
#define DAY    INT64_C(86400)
#define NOW    (T0 + DAY)
#define CNY(x) ((int64_t)(x)*100) /* whole yuan in fen */

static int
group_setup(void **state)
{
	static const char *const ids[3] = {"local:A", "local:B", "local:C"};
	const uint8_t *keys[3] = {a_pk, b_pk, c_pk};
	test_members m = {.n = 3,
	                  .ids = ids,
	                  .keys = keys,
	                  .name = "m",
	                  .from = T0 - 4000 * DAY,
	                  .until = T0 + 10000 * DAY,
	                  .epoch = 1,
	                  .issued = T0};
	size_t len;
	(void)state;
	if (test_keypair(root_pk, root_sk, 0x31) |
	    test_keypair(a_pk, a_sk, 0x3a) | test_keypair(b_pk, b_sk, 0x3b) |
	    test_keypair(c_pk, c_sk, 0x3d) | test_keypair(x_pk, x_sk, 0x3c)) {
		return -1;
	}
	return test_roster_of(&m, root_pk, root_sk, &roster_buf, &len, &roster);
}

static int
group_teardown(void **state)
{
	(void)state;
	test_roster_free(&roster, roster_buf);
	return 0;
}

/* Each test: a fresh store, the default policy, we are local:C, the
 * subject S. */
static int
setup(void **state)
{
	arnet_check_policy_defaults(&pol);
	strcpy(pol.member_id, "local:C");
	if (arnet_ident_parse(&subj, S, NULL) != ARNET_OK) {
		return -1;
	}
	return fixture_setup(state);
}

/* A record as published: hash, author and seq, for what refers to it. */
typedef struct rec {
	uint8_t hash[32];
	const uint8_t *author;
	uint64_t seq;
} rec;

typedef struct own_job {
	arnet_record r;
	const uint8_t *sk;
	rec out;
} own_job;

static int
own_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	own_job *j = arg;
	uint8_t out[ARNET_RECORD_MAX];
	size_t len;
	int rv = arnet_log_append_own(t, &j->r, j->sk, &roster, out, &len, d);
	if (rv == ARNET_OK) {
		arnet_record_hash(j->out.hash, out, len);
		j->out.seq = j->r.seq;
	}
	return rv;
}

static rec
publish(fixture *f, own_job *j)
{
	arnet_diag d;
	j->r.subject = subj;
	if (arnet_store_write(f->s, own_txn, j, 0, &d) != ARNET_OK) {
		fail_msg("publish: %s", d.msg);
	}
	j->out.author = j->sk == a_sk   ? a_pk
	                : j->sk == b_sk ? b_pk
	                : j->sk == c_sk ? c_pk
	                                : x_pk;
	return j->out;
}

/* j: a fresh record of type by sk, made at `created`. */
static void
own_start(own_job *j, arnet_record_type type, const uint8_t *sk,
          int64_t created)
{
	memset(j, 0, sizeof(*j));
	arnet_record_init(&j->r, type);
	j->sk = sk;
	j->r.created = created;
}

/* A DEFAULT by sk made at `created`: amount in fen of CNY. */
static rec
def(fixture *f, const uint8_t *sk, int64_t created, int64_t amount, int dpd,
    int reason, int evidence)
{
	own_job j;
	own_start(&j, ARNET_REC_DEFAULT, sk, created);
	j.r.u.def.amount = amount;
	memcpy(j.r.u.def.currency, "CNY", 4);
	j.r.u.def.due_date = arnet_date_from_unix(created) - dpd;
	j.r.u.def.days_past_due = (uint32_t)dpd;
	j.r.u.def.reason = (uint8_t)reason;
	if (evidence) {
		memset(j.r.u.def.evidence, 0xe5, 32);
	}
	return publish(f, &j);
}

static rec
stop(fixture *f, const uint8_t *sk, int64_t created, int reason)
{
	own_job j;
	own_start(&j, ARNET_REC_CREDIT_STOP, sk, created);
	j.r.u.stop.reason = (uint8_t)reason;
	return publish(f, &j);
}

static void
refer(own_job *j, const rec *target)
{
	arnet_ref *ref = j->r.type == ARNET_REC_SETTLEMENT
	                         ? &j->r.u.settle.target
	                 : j->r.type == ARNET_REC_LIFT ? &j->r.u.lift.target
	                                               : &j->r.u.dispute.target;
	memcpy(ref->author, target->author, 32);
	ref->seq = target->seq;
	memcpy(ref->hash, target->hash, 32);
}

static void
settle(fixture *f, const uint8_t *sk, int64_t created, const rec *target,
       int how, int64_t amount)
{
	own_job j;
	own_start(&j, ARNET_REC_SETTLEMENT, sk, created);
	refer(&j, target);
	j.r.u.settle.how = (uint8_t)how;
	j.r.u.settle.amount = amount;
	memcpy(j.r.u.settle.currency, "CNY", 4);
	(void)publish(f, &j);
}

static void
lift(fixture *f, const uint8_t *sk, int64_t created, const rec *target)
{
	own_job j;
	own_start(&j, ARNET_REC_LIFT, sk, created);
	refer(&j, target);
	(void)publish(f, &j);
}

static void
dispute(fixture *f, const uint8_t *sk, int64_t created, const rec *target,
        int status)
{
	own_job j;
	own_start(&j, ARNET_REC_DISPUTE, sk, created);
	refer(&j, target);
	j.r.u.dispute.status = (uint8_t)status;
	(void)publish(f, &j);
}

typedef struct rival_job {
	uint8_t b[ARNET_RECORD_MAX];
	size_t len;
	arnet_ingest_info info;
} rival_job;

static int
rival_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	rival_job *j = arg;
	arnet_log_rules rules;
	arnet_log_rules_default(&rules, T0 + DAY);
	return arnet_log_ingest(t, j->b, j->len, &roster, &rules, &j->info, d);
}

/* r signed by sk (r->author and r->sig set), offered to the log as a
 * relayed record: what the ingest made of it (an arnet_ingest_result). */
static int
offer(fixture *f, arnet_record *r, const uint8_t *sk)
{
	rival_job j;
	assert_int_equal(
	        arnet_record_sign(j.b, sizeof(j.b), &j.len, r, sk, NULL),
	        ARNET_OK);
	assert_int_equal(arnet_store_write(f->s, rival_txn, &j, 0, NULL),
	                 ARNET_OK);
	return j.info.result;
}

/* A DEFAULT about subj signed by a key that is no member's, offered as
 * a relayed record: the log refuses it, so it can never count. */
static void
foreign_def(fixture *f, const uint8_t *sk, int64_t created)
{
	arnet_record r;
	arnet_record_init(&r, ARNET_REC_DEFAULT);
	r.seq = 1;
	r.created = created;
	r.subject = subj;
	r.u.def.amount = CNY(50000);
	memcpy(r.u.def.currency, "CNY", 4);
	r.u.def.due_date = arnet_date_from_unix(created) - 95;
	r.u.def.days_past_due = 95;
	r.u.def.reason = ARNET_REASON_NON_PAYMENT;
	assert_int_equal(offer(f, &r, sk), ARNET_INGEST_REFUSED);
}

/* --- running the check --- */

typedef struct ck {
	int64_t now, amount;
	int terms;
	const arnet_roster *roster;
	const arnet_trade_ref *refs;
	size_t nrefs;
	arnet_check_result r;
	int armed; /* failure injection inside the check only */
} ck;

static int
check_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	ck *c = arg;
	if (c->armed) {
		nalloc = nread = 0;
	}
	int save_a = fail_alloc_at, save_r = fail_read_at;
	if (!c->armed) {
		fail_alloc_at = fail_read_at = 0;
	}
	int rv = arnet_check_run(t, &subj, c->amount, "CNY", c->terms, c->now,
	                         c->roster, c->refs, c->nrefs, &pol, &c->r, d);
	fail_alloc_at = save_a;
	fail_read_at = save_r;
	return rv;
}

static arnet_check_result
check_refs(fixture *f, int64_t now, int64_t amount, int terms,
           const arnet_trade_ref *refs, size_t nrefs)
{
	ck c;
	arnet_diag d;
	memset(&c, 0, sizeof(c));
	c.now = now;
	c.amount = amount;
	c.terms = terms;
	c.roster = &roster;
	c.refs = refs;
	c.nrefs = nrefs;
	if (arnet_store_read(f->s, check_txn, &c, &d) != ARNET_OK) {
		fail_msg("check: %s", d.msg);
	}
	/* Every check: the score is 100 plus its reasons, within 0..100,
	 * and the grade is never better than a knock-out allows. */
	int sum = 100;
	for (int i = 0; i < c.r.nreasons; i++) {
		sum += c.r.reasons[i].points;
	}
	sum = sum < 0 ? 0 : sum > 100 ? 100 : sum;
	assert_int_equal(c.r.score, sum);
	assert_true(c.r.knockout == 0 || c.r.grade >= c.r.knockout);
	assert_true(c.r.grade >= c.r.score_grade);
	if (c.r.grade >= 'C') {
		assert_int_equal(c.r.limit, 0);
		assert_int_equal(c.r.terms_days, 0);
	}
	return c.r;
}

static arnet_check_result
check(fixture *f, int64_t now, int64_t amount)
{
	return check_refs(f, now, amount, 0, NULL, 0);
}

/* The points of the reasons that fired with this factor, INT_MIN when
 * none did. */
static int
fired(const arnet_check_result *r, const char *factor)
{
	int sum = INT_MIN;
	for (int i = 0; i < r->nreasons; i++) {
		if (strcmp(r->reasons[i].factor, factor) == 0) {
			sum = (sum == INT_MIN ? 0 : sum) + r->reasons[i].points;
		}
	}
	return sum;
}

static const arnet_check_reason *
reason_of(const arnet_check_result *r, const char *factor)
{
	for (int i = 0; i < r->nreasons; i++) {
		if (strcmp(r->reasons[i].factor, factor) == 0) {
			return &r->reasons[i];
		}
	}
	fail_msg("no reason %s", factor);
	return NULL;
}

/* The check's case over again in a fresh store (the policy and the
 * subject kept): the fixture torn down and set up. */
static fixture *
fresh_store(void **state)
{
	fixture_teardown(state);
	fixture_setup(state);
	return *state;
}

/* A member's trade reference of high credit in CNY. */
static arnet_trade_ref
trade_ref(const char *member, int dbt, int64_t high_credit)
{
	arnet_trade_ref ref;
	memset(&ref, 0, sizeof(ref));
	strcpy(ref.member_id, member);
	memcpy(ref.currency, "CNY", 4);
	ref.dbt = dbt;
	ref.high_credit = high_credit;
	return ref;
}

/* Our books: the subject as a customer, dates as day offsets from NOW. */
static const char *
ymd(int offset)
{
	static char buf[4][16];
	static int k;
	k = (k + 1) % 4;
	(void)arnet_date_format(buf[k], sizeof(buf[k]),
	                        arnet_date_from_unix(NOW) + offset);
	return buf[k];
}

/* --- hostile first --- */

/* No roster: no record counts, whatever it says; a record by a key that
 * is no member's neither; a rival member's dispute marks nothing. */
static void
test_hostile_records(void **state)
{
	fixture *f = *state;
	rec a = def(f, a_sk, T0, CNY(50000), 95, ARNET_REASON_NON_PAYMENT, 1);
	ck c;
	memset(&c, 0, sizeof(c));
	c.now = NOW;
	assert_int_equal(arnet_store_read(f->s, check_txn, &c, NULL), ARNET_OK);
	assert_int_equal(c.r.log_records, 1);
	assert_int_equal(c.r.log_counted, 0);
	assert_true(c.r.thin);
	foreign_def(f, x_sk, T0);
	dispute(f, b_sk, T0 + 10, &a, ARNET_DISPUTE_UPHELD);
	arnet_check_result r = check(f, NOW, 0);
	assert_int_equal(r.log_records, 2); /* A's default, B's dispute */
	assert_int_equal(r.log_counted, 1); /* A's default, in full */
	assert_int_equal(fired(&r, "default_base"), -45);
	assert_int_equal(r.reasons[0].disputed, 0);
}

/* An allocation failure or a store error anywhere in the check: the
 * check fails with an error; it never returns a grade it did not
 * compute (the old check dropped the log's reasons and scored clean). */
static void
test_failure_injection(void **state)
{
	fixture *f = *state;
	rec a = def(f, a_sk, T0, CNY(50000), 95, ARNET_REASON_NON_PAYMENT, 1);
	(void)def(f, b_sk, T0, CNY(60000), 120, ARNET_REASON_NON_PAYMENT, 1);
	dispute(f, a_sk, T0 + 5, &a, ARNET_DISPUTE_OPEN);
	add_customer(f, S, 30);
	add_invoice(f, "I-1", S, ymd(-100), ymd(-70), CNY(1000), "CNY");
	arnet_trade_ref ref;
	memset(&ref, 0, sizeof(ref));
	strcpy(ref.member_id, "local:B");
	memcpy(ref.currency, "CNY", 4);
	ref.dbt = 12;
	int failures = 0;
	for (int kind = 0; kind < 2; kind++) {
		for (int n = 1;; n++) {
			ck c;
			arnet_diag d;
			memset(&c, 0, sizeof(c));
			c.now = NOW;
			c.amount = CNY(100000);
			c.roster = &roster;
			c.refs = &ref;
			c.nrefs = 1;
			c.armed = 1;
			*(kind ? &fail_read_at : &fail_alloc_at) = n;
			int rv = arnet_store_read(f->s, check_txn, &c, &d);
			int reached = kind ? nread >= n : nalloc >= n;
			fail_alloc_at = fail_read_at = 0;
			if (!reached) {
				assert_int_equal(rv, ARNET_OK);
				assert_int_equal(c.r.grade, 'D');
				break;
			}
			if (rv == ARNET_OK) {
				/* A failed read the check may take as "not
				 * there" (no customer, no head) must still
				 * not make the result better than the truth. */
				assert_true(kind == 1);
				assert_true(c.r.grade >= 'C');
				continue;
			}
			failures++;
			assert_int_equal(c.r.grade, 0);
			assert_int_equal(c.r.nreasons, 0);
			assert_true(strlen(d.msg) > 0);
		}
	}
	assert_true(failures >= 4);
}

/* --- the worked table of docs/credit-policy.md --- */

/* 1. Nobody knows it; 50,000,000.00 CNY on 365 days asked: a thin file,
 * score 70, B, the new-customer limit 50,000.00 on 30 days. */
static void
test_case_thin_file(void **state)
{
	fixture *f = *state;
	arnet_check_result r = check_refs(f, NOW, CNY(50000000), 365, NULL, 0);
	assert_true(r.thin);
	assert_int_equal(r.score, 70);
	assert_int_equal(r.grade, 'B');
	assert_int_equal(r.limit, CNY(50000));
	assert_int_equal(r.limit_basis, ARNET_LIMIT_NEW);
	assert_int_equal(r.terms_days, 30);
	assert_int_equal(fired(&r, "thin_score"), -30);
	assert_non_null(strstr(r.advice, "new customer"));
	assert_non_null(strstr(r.advice, "trade references"));
	/* Asked less than the new-customer limit: that much. */
	r = check_refs(f, NOW, CNY(20000), 20, NULL, 0);
	assert_int_equal(r.limit, CNY(20000));
	assert_int_equal(r.terms_days, 20);
}

/* 2. Our own books: 800,000.00 owed, 150 days past due. The order check
 * holds, so the check gives no open credit, with the same reason. */
static void
test_case_own_overdue(void **state)
{
	fixture *f = *state;
	add_customer(f, S, 30);
	add_invoice(f, "I-1", S, ymd(-180), ymd(-150), CNY(800000), "CNY");
	arnet_check_result r = check(f, NOW, CNY(100000));
	assert_int_equal(r.grade, 'C');
	assert_int_equal(r.limit, 0);
	assert_int_equal(r.order_decision, ARNET_ORDER_HOLD);
	const arnet_check_reason *e = reason_of(&r, "order_check");
	assert_int_equal(e->knockout, 'C');
	assert_non_null(strstr(e->text, "more than 30 days overdue"));
	/* Our own payment experience counts too: 150 days beyond terms,
	 * over 90 days owed. */
	assert_int_equal(fired(&r, "dbt_over_60"), -40);
	assert_int_equal(fired(&r, "trade_over_90"), -15);
}

/* 3. Unpaid defaults by two members within a year: knock-out, D. */
static void
test_case_two_members(void **state)
{
	fixture *f = *state;
	(void)def(f, a_sk, T0 - 30 * DAY, CNY(5000), 40,
	          ARNET_REASON_NON_PAYMENT, 1);
	rec b = def(f, b_sk, T0, CNY(5000), 40, ARNET_REASON_NON_PAYMENT, 1);
	arnet_check_result r = check(f, NOW, CNY(100000));
	assert_int_equal(r.score, 50); /* 25 + 25 */
	assert_int_equal(r.score_grade, 'C');
	assert_int_equal(r.grade, 'D');
	assert_int_equal(reason_of(&r, "ko_members")->knockout, 'D');
	assert_string_equal(r.advice, "cash in advance only");
	assert_int_equal(r.members_reporting, 2);
	/* Neighbour: B's is disputed: no knock-out, 25 + 13 = 38: B. */
	dispute(f, b_sk, T0 + 10, &b, ARNET_DISPUTE_OPEN);
	r = check(f, NOW, CNY(100000));
	assert_int_equal(r.knockout, 0);
	assert_int_equal(r.score, 62);
	assert_int_equal(r.grade, 'B');
}

/* Neighbour of 3: the two defaults more than the window apart. */
static void
test_case_two_members_apart(void **state)
{
	fixture *f = *state;
	(void)def(f, a_sk, T0 - 400 * DAY, CNY(5000), 40,
	          ARNET_REASON_NON_PAYMENT, 1);
	(void)def(f, b_sk, T0, CNY(5000), 40, ARNET_REASON_NON_PAYMENT, 1);
	arnet_check_result r = check(f, NOW, 0);
	assert_int_equal(r.knockout, 0);
	assert_int_equal(r.score, 100 - 25 - 15); /* A's x60%: over a year */
	assert_int_equal(r.grade, 'B');
}

/* 4. Another member's credit stop for a bounced bill (承兑汇票退票):
 * 40 points, score 60 (B), but C at best. Forged documents: D. */
static void
test_case_bounced_stop(void **state)
{
	fixture *f = *state;
	rec s = stop(f, b_sk, T0, ARNET_REASON_BOUNCED_INSTRUMENT);
	arnet_check_result r = check(f, NOW, CNY(100000));
	assert_int_equal(r.score, 60);
	assert_int_equal(r.score_grade, 'B');
	assert_int_equal(r.grade, 'C');
	assert_int_equal(reason_of(&r, "ko_bounced")->knockout, 'C');
	/* Lifted: 2 points, no knock-out. */
	lift(f, b_sk, T0 + 10 * DAY, &s);
	r = check(f, T0 + 11 * DAY, CNY(100000));
	assert_int_equal(fired(&r, "lifted"), -2);
	assert_int_equal(r.knockout, 0);
	assert_int_equal(r.grade, 'B'); /* 98; a new customer: 70 */
	(void)stop(f, a_sk, T0 + 12 * DAY, ARNET_REASON_FORGED_DOCUMENTS);
	r = check(f, T0 + 13 * DAY, CNY(100000));
	assert_int_equal(r.grade, 'D');
	assert_int_equal(reason_of(&r, "ko_forged")->knockout, 'D');
}

/* 5. Amount and days past due matter: 2,000,000.00 at 153 days is 55
 * points (C); 500.00 at 5 days, a trifle, 10 (A). */
static void
test_case_amount_and_days(void **state)
{
	fixture *f = *state;
	(void)def(f, a_sk, T0, CNY(2000000), 153, ARNET_REASON_NON_PAYMENT, 1);
	arnet_check_result big = check(f, NOW, 0);
	assert_int_equal(big.score, 45);
	assert_int_equal(big.grade, 'C');
	/* Against a request of 100,000.00 it is more than half: +10, D. */
	big = check(f, NOW, CNY(100000));
	assert_int_equal(big.score, 35);
	assert_int_equal(big.grade, 'D');
	f = fresh_store(state); /* for the other one */
	(void)def(f, a_sk, T0, CNY(500), 5, ARNET_REASON_NON_PAYMENT, 1);
	arnet_check_result small = check(f, NOW, 0);
	assert_int_equal(fired(&small, "default_base"), -10);
	assert_non_null(strstr(reason_of(&small, "default_base")->text,
	                       "below the minimum"));
	/* Nobody has payment experience with it: a new customer, B. */
	assert_int_equal(small.score, 70);
	assert_int_equal(small.grade, 'B');
	assert_int_equal(small.limit, CNY(50000));
	/* A 1.00 CNY default without evidence costs 5, not 20-30. */
	(void)def(f, b_sk, T0, CNY(1), 5, ARNET_REASON_NON_PAYMENT, 0);
	arnet_check_result tiny = check(f, NOW, 0);
	assert_int_equal(fired(&tiny, "default_base"), -10 - 5);
}

/* 6. A payment plan: 100,000.00 of 200,000.00 still owed: the remainder
 * counts at 75%: (15 + 15 + 5) x 75% = 26, score 74, B: half the
 * new-customer limit on 15 days. */
static void
test_case_plan_remainder(void **state)
{
	fixture *f = *state;
	rec a = def(f, a_sk, T0 - 10 * DAY, CNY(200000), 60,
	            ARNET_REASON_NON_PAYMENT, 1);
	settle(f, a_sk, T0, &a, ARNET_SETTLE_PLAN, CNY(100000));
	arnet_check_result r = check(f, NOW, 0);
	assert_int_equal(fired(&r, "default_base"), -26);
	assert_int_equal(r.score, 70); /* 74, and a new customer: 70 */
	assert_int_equal(r.grade, 'B');
	assert_int_equal(r.limit, CNY(50000));
	assert_int_equal(r.terms_days, 30);
	assert_non_null(strstr(reason_of(&r, "default_base")->text,
	                       "100,000.00 CNY still"));
	/* Against a request of 100,000.00 the remainder is all of it:
	 * (35 + 10) x 75% = 34, 66. */
	r = check(f, NOW, CNY(100000));
	assert_int_equal(r.score, 66);
	/* With a reference (no days beyond terms) it is no new customer:
	 * B on 74, half the request on 15 days at most. */
	arnet_trade_ref ref = trade_ref("local:B", 0, CNY(80000));
	r = check_refs(f, NOW, CNY(100000), 30, &ref, 1);
	assert_int_equal(r.score, 66);
	assert_int_equal(r.limit, CNY(50000));
	assert_int_equal(r.terms_days, 15);
}

/* Neighbours of 6: written off (a loss, in full); paid in full (5
 * points, fading to none over two years, then no reason to doubt). */
static void
test_case_settled(void **state)
{
	fixture *f = *state;
	rec a = def(f, a_sk, T0 - 10 * DAY, CNY(200000), 60,
	            ARNET_REASON_NON_PAYMENT, 1);
	settle(f, a_sk, T0, &a, ARNET_SETTLE_WRITTEN_OFF, 0);
	arnet_check_result r = check(f, NOW, 0);
	assert_int_equal(r.score, 65);
	rec b = def(f, b_sk, T0 - 10 * DAY, CNY(200000), 60,
	            ARNET_REASON_NON_PAYMENT, 1);
	settle(f, b_sk, T0, &b, ARNET_SETTLE_PAID, 0);
	r = check(f, NOW, 0);
	assert_int_equal(fired(&r, "paid_points"), -5);
	/* A small old settled default: three years on, nothing; still a
	 * new customer: nobody is known to have given it credit. */
	f = fresh_store(state);
	rec c = def(f, a_sk, T0 - 1200 * DAY, CNY(3000), 20,
	            ARNET_REASON_NON_PAYMENT, 1);
	settle(f, a_sk, T0 - 1100 * DAY, &c, ARNET_SETTLE_PAID, CNY(3000));
	r = check(f, NOW, CNY(100000));
	assert_true(r.thin);
	assert_int_equal(fired(&r, "paid_points"), 0);
	assert_int_equal(r.score, 70);
	assert_int_equal(r.grade, 'B');
	assert_int_equal(r.limit, CNY(50000));
	assert_int_equal(r.limit_basis, ARNET_LIMIT_NEW);
}

/* Neighbour: an expired default (settled past retention) is not
 * counted: a thin file again. */
static void
test_case_expired(void **state)
{
	fixture *f = *state;
	rec a = def(f, a_sk, T0 - 2300 * DAY, CNY(3000), 20,
	            ARNET_REASON_NON_PAYMENT, 1);
	settle(f, a_sk, T0 - 2200 * DAY, &a, ARNET_SETTLE_PAID, 0);
	arnet_check_result r = check(f, NOW, 0);
	assert_true(r.thin);
	assert_int_equal(fired(&r, "retention_days"), 0);
}

/* 7. Our own customer pays every invoice 10 days late: 10 days beyond
 * terms, -10: score 90, A, limit up to twice our high credit. */
static void
test_case_own_late_payer(void **state)
{
	fixture *f = *state;
	add_customer_limit(f, S, "S", 30, CNY(100000));
	for (int i = 0; i < 4; i++) {
		char num[16];
		snprintf(num, sizeof(num), "I-%d", i);
		int issued = -200 + 40 * i;
		add_invoice(f, num, S, ymd(issued), ymd(issued + 30),
		            CNY(10000), "CNY");
		assert_int_equal(
		        pay(f, S, ymd(issued + 40), CNY(10000), num, NULL),
		        ARNET_OK);
	}
	arnet_check_result r = check(f, NOW, 0);
	assert_int_equal(r.trade_dbt, 10);
	assert_int_equal(fired(&r, "dbt_1_15"), -10);
	assert_int_equal(fired(&r, "own_good"), INT_MIN);
	assert_int_equal(r.score, 90);
	assert_int_equal(r.grade, 'A');
	assert_int_equal(r.order_decision, ARNET_ORDER_ALLOW);
	/* 12. No amount asked: a recommended limit, worded so: our limit
	 * leaves 100,000.00 (twice the largest credit known would be
	 * 200,000.00). */
	assert_int_equal(r.limit, CNY(100000));
	assert_int_equal(r.limit_basis, ARNET_LIMIT_OURS);
	assert_non_null(strstr(r.advice, "recommended limit 100,000.00"));
	/* On time instead: +5. */
	f = fresh_store(state);
	add_customer_limit(f, S, "S", 30, CNY(100000));
	for (int i = 0; i < 3; i++) {
		char num[16];
		snprintf(num, sizeof(num), "I-%d", i);
		add_invoice(f, num, S, ymd(-100 + 20 * i), ymd(-70 + 20 * i),
		            CNY(10000), "CNY");
		assert_int_equal(
		        pay(f, S, ymd(-75 + 20 * i), CNY(10000), num, NULL),
		        ARNET_OK);
	}
	r = check(f, NOW, 0);
	assert_int_equal(fired(&r, "own_good"), 5);
	assert_int_equal(r.score, 100);
}

/* 8. A member answers a survey about the debt it reported as a DEFAULT:
 * the debt counts once, as the default. */
static void
test_case_survey_once(void **state)
{
	fixture *f = *state;
	(void)def(f, a_sk, T0, CNY(50000), 95, ARNET_REASON_NON_PAYMENT, 1);
	arnet_trade_ref ref = trade_ref("local:A", 95, CNY(50000));
	ref.balance = ref.past_due[3] = CNY(50000);
	arnet_check_result r = check_refs(f, NOW, 0, 0, &ref, 1);
	assert_int_equal(r.score, 55); /* the default's 45 only */
	assert_int_equal(fired(&r, "dbt_over_60"), INT_MIN);
	assert_int_equal(fired(&r, "trade_over_90"), INT_MIN);
	assert_int_equal(fired(&r, "same_member_percent"), 0);
	assert_int_equal(r.trade_refs, 1);
}

/* 9. --as-of: only what existed then. */
static void
test_case_as_of(void **state)
{
	fixture *f = *state;
	rec a = def(f, a_sk, T0, CNY(50000), 95, ARNET_REASON_NON_PAYMENT, 1);
	settle(f, a_sk, T0 + 30 * DAY, &a, ARNET_SETTLE_PAID, 0);
	arnet_check_result r = check(f, T0 - 100 * DAY, 0);
	assert_true(r.thin);
	assert_int_equal(r.log_records, 0);
	/* Between the default and its settlement: still unpaid then. */
	r = check(f, T0 + 10 * DAY, 0);
	assert_int_equal(fired(&r, "default_base"), -45);
	r = check(f, T0 + 31 * DAY, 0);
	assert_int_equal(fired(&r, "paid_points"), -5);
}

/* 10. A CNY customer with a USD invoice 83 days overdue: held, in USD,
 * by the order check and so by the check; nothing added across. */
static void
test_case_other_currency(void **state)
{
	fixture *f = *state;
	add_customer_limit(f, S, "S", 30, CNY(1000000));
	add_invoice(f, "U-1", S, ymd(-113), ymd(-83), 8000000, "USD");
	arnet_check_result r = check(f, NOW, CNY(10000));
	assert_int_equal(r.order_decision, ARNET_ORDER_HOLD);
	assert_int_equal(r.grade, 'C');
	const arnet_check_reason *e = reason_of(&r, "order_check");
	assert_non_null(strstr(e->text, "80,000.00 USD"));
	assert_null(strstr(e->text, "CNY"));
	/* Not overdue: without a rate the USD balance is not set against
	 * the CNY limit, and the order check says so (warn). */
	f = fresh_store(state);
	add_customer_limit(f, S, "S", 30, CNY(1000000));
	add_invoice(f, "U-1", S, ymd(-10), ymd(20), 8000000, "USD");
	r = check(f, NOW, CNY(10000));
	assert_int_equal(r.order_decision, ARNET_ORDER_WARN);
	assert_true(r.uncombined);
	assert_non_null(strstr(reason_of(&r, "order_check_note")->text,
	                       "no [fx] rate"));
	/* With a rate (7.1 CNY a dollar): 568,000.00 CNY of exposure, the
	 * order allowed, the table's date told. */
	pol.fx.date = arnet_date_from_unix(T0);
	assert_int_equal(arnet_fx_set(&pol.fx, "USD", 7100000, NULL), ARNET_OK);
	r = check(f, NOW, CNY(10000));
	assert_int_equal(r.order_decision, ARNET_ORDER_ALLOW);
	assert_false(r.uncombined);
	assert_int_equal(r.fx_date, arnet_date_from_unix(T0));
}

/* 11. Another member reports one of our customers: the order check
 * warns (or holds, by policy) naming the record; the check follows. */
typedef struct oc_job {
	int32_t as_of;
	int64_t amount;
	arnet_order_check r;
} oc_job;

static int
oc_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	oc_job *j = arg;
	return arnet_order_check_run(t, &subj, j->amount, j->as_of, &pol,
	                             &roster, &j->r, d);
}

static void
test_case_peer_default_order_check(void **state)
{
	fixture *f = *state;
	add_customer_limit(f, S, "S", 30, CNY(1000000));
	rec a = def(f, a_sk, T0, CNY(60000), 183, ARNET_REASON_NON_PAYMENT, 1);
	oc_job j = {.as_of = arnet_date_from_unix(NOW), .amount = CNY(100000)};
	assert_int_equal(arnet_store_read(f->s, oc_txn, &j, NULL), ARNET_OK);
	assert_int_equal(j.r.decision, ARNET_ORDER_WARN);
	assert_int_equal(j.r.reasons[0].why, ARNET_WHY_PEER);
	assert_memory_equal(j.r.reasons[0].record, a.hash, 32);
	assert_non_null(strstr(j.r.reasons[0].text, "local:A"));
	pol.on_peer_default = ARNET_ORDER_HOLD;
	assert_int_equal(arnet_store_read(f->s, oc_txn, &j, NULL), ARNET_OK);
	assert_int_equal(j.r.decision, ARNET_ORDER_HOLD);
	arnet_check_result r = check(f, NOW, CNY(100000));
	assert_int_equal(r.order_decision, ARNET_ORDER_HOLD);
	assert_int_equal(r.grade, 'C');
	assert_int_equal(reason_of(&r, "order_check")->knockout, 'C');
	/* Settled: nothing in force, the order check allows again. */
	settle(f, a_sk, T0 + DAY, &a, ARNET_SETTLE_PAID, 0);
	j.as_of += 2;
	assert_int_equal(arnet_store_read(f->s, oc_txn, &j, NULL), ARNET_OK);
	assert_int_equal(j.r.decision, ARNET_ORDER_ALLOW);
	/* Two members' defaults are a knock-out: the order check holds
	 * whatever on_peer_default says. */
	pol.on_peer_default = ARNET_ORDER_WARN;
	(void)def(f, a_sk, T0 + 2 * DAY, CNY(60000), 40,
	          ARNET_REASON_NON_PAYMENT, 1);
	(void)def(f, b_sk, T0 + 2 * DAY, CNY(60000), 40,
	          ARNET_REASON_NON_PAYMENT, 1);
	assert_int_equal(arnet_store_read(f->s, oc_txn, &j, NULL), ARNET_OK);
	assert_int_equal(j.r.decision, ARNET_ORDER_HOLD);
	assert_int_equal(j.r.reasons[0].why, ARNET_WHY_KNOCKOUT);
}

/* Our own DEFAULT about our own customer counts once: our books speak. */
static void
test_own_record_once(void **state)
{
	fixture *f = *state;
	add_customer(f, S, 30);
	add_invoice(f, "I-1", S, ymd(-30), ymd(0), CNY(10000), "CNY");
	(void)def(f, c_sk, T0, CNY(50000), 95, ARNET_REASON_NON_PAYMENT, 1);
	arnet_check_result r = check(f, NOW, 0);
	assert_int_equal(r.log_counted, 0);
	assert_int_equal(fired(&r, "own_books"), 0);
	/* Not our customer: our record is the only word, and counts. */
	arnet_ident other;
	assert_int_equal(arnet_ident_parse(&other, "local:ELSEWHERE", NULL),
	                 ARNET_OK);
	subj = other;
	(void)def(f, c_sk, T0 + 1, CNY(50000), 95, ARNET_REASON_NON_PAYMENT, 1);
	r = check(f, NOW, 0);
	assert_int_equal(r.log_counted, 1);
}

/* Disputed: half the points; unverified after 20 days; upheld by the
 * administrator: out, and said. */
static void
test_case_disputed(void **state)
{
	fixture *f = *state;
	rec a = def(f, a_sk, T0, CNY(88000), 95, ARNET_REASON_NON_PAYMENT, 1);
	arnet_check_result r = check(f, NOW, 0);
	assert_int_equal(r.score, 55);
	assert_int_equal(r.grade, 'C');
	dispute(f, a_sk, T0 + 10, &a, ARNET_DISPUTE_OPEN);
	r = check(f, NOW, 0);
	/* 45 x 50% = 22.5, rounded to 23: 77, a new customer: 70, B */
	assert_int_equal(fired(&r, "default_base"), -23);
	assert_int_equal(r.grade, 'B');
	assert_int_equal(r.reasons[0].disputed, 1);
	r = check(f, T0 + 30 * DAY, 0);
	assert_int_equal(r.reasons[0].disputed, 2);
	dispute(f, root_sk, T0 + 40, &a, ARNET_DISPUTE_UPHELD);
	r = check(f, NOW, 0);
	assert_true(r.thin);
	assert_non_null(
	        strstr(reason_of(&r, "dispute_percent")->text, "not counted"));
}

/* Three members' references with mixed days beyond terms, dollar-
 * weighted: (2 x 90,000 + 45 x 10,000 + 20 x 50,000) / 150,000 = 10.9,
 * 11 days: -10, A; the limit up to twice the largest high credit. */
static void
test_case_three_references(void **state)
{
	fixture *f = *state;
	arnet_trade_ref refs[3] = {trade_ref("local:B", 2, CNY(90000)),
	                           trade_ref("local:D", 45, CNY(10000)),
	                           trade_ref("local:E", 20, CNY(50000))};
	arnet_check_result r = check_refs(f, NOW, CNY(500000), 60, refs, 3);
	assert_int_equal(r.trade_dbt, 11);
	assert_int_equal(r.score, 90);
	assert_int_equal(r.grade, 'A');
	assert_int_equal(r.limit, CNY(180000));
	assert_int_equal(r.limit_basis, ARNET_LIMIT_EXPERIENCE);
	assert_int_equal(r.terms_days, 60);
	assert_non_null(strstr(r.advice, "500,000.00 requested"));
	/* Within the cap and on terms: as requested. */
	r = check_refs(f, NOW, CNY(150000), 60, refs, 3);
	assert_string_equal(r.advice, "extend credit as requested");
	/* Terms beyond the policy's most: cut to 90 days. */
	r = check_refs(f, NOW, CNY(150000), 365, refs, 3);
	assert_int_equal(r.terms_days, 90);
	/* In two currencies without a rate: each weighs the same,
	 * (2 + 45 + 20) / 3 = 22 days: -20. */
	memcpy(refs[1].currency, "USD", 4);
	r = check_refs(f, NOW, 0, 0, refs, 3);
	assert_int_equal(r.trade_dbt, 22);
	assert_int_equal(fired(&r, "dbt_16_30"), -20);
}

/* Natural persons (个体工商户, USCC category 92): their records are
 * personal credit data; they count only for a licensed association. */
static void
test_natural_person(void **state)
{
	fixture *f = *state;
	char id[32] = "92350100MA00010000";
	id[17] = arnet_uscc_check_char(id);
	assert_int_equal(arnet_ident_parse(&subj, id, NULL), ARNET_OK);
	(void)def(f, a_sk, T0, CNY(50000), 95, ARNET_REASON_NON_PAYMENT, 1);
	arnet_check_result r = check(f, NOW, 0);
	assert_true(r.individual);
	assert_int_equal(r.log_counted, 0);
	assert_true(r.thin);
	assert_non_null(
	        strstr(reason_of(&r, "personal_data")->text, "Order 631"));
	pol.personal_data_licensed = 1;
	r = check(f, NOW, 0);
	assert_int_equal(r.log_counted, 1);
	assert_int_equal(r.score, 55);
	/* A customer our books mark as an individual, under any scheme. */
	pol.personal_data_licensed = 0;
	assert_int_equal(arnet_ident_parse(&subj, "local:ZHANG-SAN", NULL),
	                 ARNET_OK);
	arnet_customer c;
	make_customer(&c, "local:ZHANG-SAN", "Zhang San", 30);
	c.individual = 1;
	assert_int_equal(put_customer(f, &c, NULL), ARNET_OK);
	(void)def(f, a_sk, T0, CNY(50000), 95, ARNET_REASON_NON_PAYMENT, 1);
	r = check(f, NOW, 0);
	assert_true(r.individual);
	assert_int_equal(r.log_counted, 0);
	/* ... and the order check does not hold or warn on it either. */
	oc_job j = {.as_of = arnet_date_from_unix(NOW), .amount = 0};
	assert_int_equal(arnet_store_read(f->s, oc_txn, &j, NULL), ARNET_OK);
	for (int i = 0; i < j.r.nreasons; i++) {
		assert_int_not_equal(j.r.reasons[i].why, ARNET_WHY_PEER);
	}
}

/* A member's further records count at half: a DEFAULT and the credit
 * stop that followed it are one debt. */
static void
test_same_member(void **state)
{
	fixture *f = *state;
	(void)def(f, a_sk, T0, CNY(50000), 95, ARNET_REASON_NON_PAYMENT, 1);
	(void)stop(f, a_sk, T0 + 10, ARNET_REASON_NON_PAYMENT);
	arnet_check_result r = check(f, NOW, 0);
	assert_int_equal(fired(&r, "default_base"), -45);
	assert_int_equal(fired(&r, "stop_base"), -13); /* 25 x 50% */
	assert_int_equal(r.members_reporting, 1);
}

/* A member that signed two versions of its feed: its records keep
 * equivocated_percent, said once; the knock-outs ignore it. */
static void
test_equivocated(void **state)
{
	fixture *f = *state;
	arnet_record r;
	(void)def(f, a_sk, T0, CNY(50000), 95, ARNET_REASON_NON_PAYMENT, 1);
	arnet_check_result c = check(f, NOW, 0);
	assert_int_equal(c.score, 55);
	arnet_record_init(&r, ARNET_REC_CREDIT_STOP);
	r.seq = 1;
	r.created = T0;
	r.u.stop.reason = ARNET_REASON_OTHER;
	assert_int_equal(arnet_ident_parse(&r.subject, "local:OTHER", NULL),
	                 ARNET_OK);
	assert_int_equal(offer(f, &r, a_sk), ARNET_INGEST_EQUIVOCATION);
	c = check(f, NOW, 0);
	assert_int_equal(fired(&c, "default_base"), -23); /* 45 x 50% */
	assert_non_null(strstr(reason_of(&c, "equivocated_percent")->text,
	                       "member local:A signed two versions of its "
	                       "log (equivocation): its records count at "
	                       "50%"));
	pol.equivocated_percent = 0;
	c = check(f, NOW, 0);
	assert_int_equal(fired(&c, "default_base"), 0);
}

/* --- properties, over random histories (a fixed seed) --- */

static uint32_t rng = 0x2545f491;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng % n;
}

static const uint8_t *
rnd_member(void)
{
	return rnd(2) ? a_sk : b_sk;
}

/* A random negative fact about subj. */
static rec
rnd_fact(fixture *f, int64_t when)
{
	static const int reasons[] = {
	        ARNET_REASON_NON_PAYMENT, ARNET_REASON_BOUNCED_INSTRUMENT,
	        ARNET_REASON_FORGED_DOCUMENTS, ARNET_REASON_INSOLVENCY,
	        ARNET_REASON_OTHER};
	if (rnd(3) == 0) {
		return stop(f, rnd_member(), when, reasons[rnd(5)]);
	}
	return def(f, rnd_member(), when, CNY(1 + rnd(3000000)),
	           1 + (int)rnd(400), reasons[rnd(5)], (int)rnd(2));
}

static void
use_subject(int i)
{
	char id[32];
	snprintf(id, sizeof(id), "local:P-%d", i);
	assert_int_equal(arnet_ident_parse(&subj, id, NULL), ARNET_OK);
}

static void
test_property_negative_never_helps(void **state)
{
	fixture *f = *state;
	for (int i = 0; i < 60; i++) {
		use_subject(i);
		int n = (int)rnd(4);
		for (int k = 0; k < n; k++) {
			(void)rnd_fact(f, T0 - (int64_t)rnd(900) * DAY);
		}
		int64_t amount = rnd(2) ? CNY(100000) : 0;
		arnet_check_result before = check(f, NOW, amount);
		(void)rnd_fact(f, T0 - (int64_t)rnd(900) * DAY);
		arnet_check_result after = check(f, NOW, amount);
		if (after.score > before.score || after.grade < before.grade ||
		    (after.limit > before.limit && !before.thin)) {
			fail_msg("subject %d: %d %c -> %d %c", i, before.score,
			         before.grade, after.score, after.grade);
		}
	}
}

static void
test_property_paying_never_hurts(void **state)
{
	fixture *f = *state;
	for (int i = 0; i < 60; i++) {
		use_subject(100 + i);
		if (rnd(2)) {
			(void)rnd_fact(f, T0 - (int64_t)rnd(300) * DAY);
		}
		rec d = def(f, rnd_member(), T0 - (int64_t)rnd(300) * DAY,
		            CNY(1 + rnd(3000000)), 1 + (int)rnd(400),
		            ARNET_REASON_NON_PAYMENT, (int)rnd(2));
		arnet_check_result before = check(f, NOW, CNY(100000));
		static const int hows[] = {ARNET_SETTLE_PAID, ARNET_SETTLE_PLAN,
		                           ARNET_SETTLE_WRITTEN_OFF};
		int how = hows[rnd(3)];
		settle(f, d.author == a_pk ? a_sk : b_sk, T0, &d, how,
		       how == ARNET_SETTLE_WRITTEN_OFF ? 0 : CNY(rnd(10000)));
		arnet_check_result after = check(f, NOW, CNY(100000));
		if (after.score < before.score || after.grade > before.grade) {
			fail_msg("subject %d, settled %d: %d %c -> %d %c", i,
			         how, before.score, before.grade, after.score,
			         after.grade);
		}
	}
}

static void
test_property_bigger_never_better(void **state)
{
	fixture *f = *state;
	for (int i = 0; i < 60; i++) {
		int64_t small = CNY(1 + rnd(1000000));
		int64_t big = small + CNY(1 + rnd(2000000));
		int dpd = 1 + (int)rnd(400), ev = (int)rnd(2);
		int64_t when = T0 - (int64_t)rnd(900) * DAY;
		int other = (int)rnd(2);
		arnet_check_result r[2];
		for (int k = 0; k < 2; k++) {
			use_subject(200 + 2 * i + k);
			if (other) {
				(void)stop(f, b_sk, when, ARNET_REASON_OTHER);
			}
			(void)def(f, a_sk, when, k ? big : small, dpd,
			          ARNET_REASON_NON_PAYMENT, ev);
			r[k] = check(f, NOW, CNY(50000));
		}
		if (r[1].score > r[0].score || r[1].grade < r[0].grade) {
			fail_msg("%lld vs %lld: %d vs %d", (long long)big,
			         (long long)small, r[1].score, r[0].score);
		}
	}
}

/* --- the trade reference this firm gives (store/credit/trade_ref.c) --- */
typedef struct tr_job {
	arnet_trade_ref ref;
	int32_t as_of;
} tr_job;

static int
tr_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	tr_job *j = arg;
	return arnet_trade_ref_build(t, &subj, j->as_of, "local:ME", &j->ref,
	                             d);
}

static void
test_trade_ref_build(void **state)
{
	fixture *f = *state;
	tr_job j;
	memset(&j, 0, sizeof(j));
	j.as_of = day("2026-06-30");
	arnet_diag d;
	assert_int_equal(arnet_store_read(f->s, tr_txn, &j, &d),
	                 ARNET_ENOTFOUND);
	add_customer(f, S, 30);
	/* 1000 paid 10 days late, 3000 paid on time, 2000 open 20 days
	 * past due: (1000*10 + 3000*0 + 2000*20) / 6000 = 8.33 -> 8. */
	add_invoice(f, "I-1", "uscc:91350100M000100Y43", "2026-03-01",
	            "2026-03-31", 1000, "CNY");
	add_invoice(f, "I-2", "uscc:91350100M000100Y43", "2026-04-01",
	            "2026-04-30", 3000, "CNY");
	add_invoice(f, "I-3", "uscc:91350100M000100Y43", "2026-05-10",
	            "2026-06-10", 2000, "CNY");
	pay(f, "uscc:91350100M000100Y43", "2026-04-10", 1000, "I-1", NULL);
	pay(f, "uscc:91350100M000100Y43", "2026-04-30", 3000, "I-2", NULL);
	assert_int_equal(arnet_store_read(f->s, tr_txn, &j, &d), ARNET_OK);
	assert_int_equal(j.ref.dbt, 8);
	assert_int_equal(j.ref.balance, 2000);
	assert_int_equal(j.ref.past_due[0], 2000);
	assert_int_equal(j.ref.since, day("2026-03-01"));
	assert_int_equal(j.ref.last_sale, day("2026-05-10"));
	assert_int_equal(j.ref.high_credit, 4000); /* I-2 issued, I-1 open */
}

/* arnet_dispute_marks (store/log/dispute.c), the rule the check and `arnet
 * records` share: a rival member's, a non-member's, or a former member's
 * word marks nothing; the author's and the administrator's do. */
static void
test_dispute_marks(void **state)
{
	(void)state;
	arnet_record target, dsp;
	uint8_t hash[32];
	memset(hash, 0x77, sizeof(hash));
	arnet_record_init(&target, ARNET_REC_DEFAULT);
	memcpy(target.author, a_pk, 32);
	arnet_record_init(&dsp, ARNET_REC_DISPUTE);
	memcpy(dsp.u.dispute.target.hash, hash, 32);
	dsp.created = T0;
	const struct {
		const uint8_t *author;
		int64_t created;
		int want;
	} v[] = {
	        {b_pk, T0, 0},                  /* a rival member */
	        {x_pk, T0, 0},                  /* not a member */
	        {a_pk, T0 + 20000 * DAY, 0},    /* the author, no longer one */
	        {a_pk, T0, 1},                  /* the author */
	        {root_pk, T0 + 20000 * DAY, 1}, /* the administrator */
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		memcpy(dsp.author, v[i].author, 32);
		dsp.created = v[i].created;
		if (arnet_dispute_marks(&roster, &dsp, &target, hash) !=
		    v[i].want) {
			fail_msg("case %zu: want %d", i, v[i].want);
		}
	}
	/* No roster, another record's hash, or not a DISPUTE: nothing. */
	memcpy(dsp.author, root_pk, 32);
	assert_int_equal(arnet_dispute_marks(NULL, &dsp, &target, hash), 0);
	hash[0] ^= 1;
	assert_int_equal(arnet_dispute_marks(&roster, &dsp, &target, hash), 0);
	hash[0] ^= 1;
	dsp.type = ARNET_REC_LIFT;
	assert_int_equal(arnet_dispute_marks(&roster, &dsp, &target, hash), 0);
}

typedef struct view_job {
	arnet_log_view v;
	const arnet_ident *subject;
} view_job;

static int
view_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	view_job *j = arg;
	return arnet_log_view_build(t, j->subject, &roster, 1, &j->v, d);
}

static const arnet_view_entry *
view_entry(const view_job *j, const rec *r)
{
	const arnet_view_entry *e = arnet_log_view_find(&j->v, r->hash);
	if (e == NULL) {
		fail_msg("the view lacks a record");
	}
	return e;
}

/* The subject view (store/log/view.c) that `records` and the blacklist
 * read: what closed each record and which disputes mark it, by the same
 * rules as the check (the author's latest settlement decides; the
 * author's and the administrator's disputes mark, a rival's does not;
 * a record of another author's is refused by the decoder already). */
static void
test_log_view(void **state)
{
	fixture *f = *state;
	view_job j = {.subject = &subj};
	arnet_diag d;
	rec a = def(f, a_sk, T0 - 90 * DAY, CNY(80000), 60, 1, 1);
	rec b = def(f, b_sk, T0 - 80 * DAY, CNY(1000), 40, 1, 1);
	rec st = stop(f, c_sk, T0 - 70 * DAY, 1);
	settle(f, a_sk, T0 - 50 * DAY, &a, ARNET_SETTLE_PLAN, CNY(10000));
	settle(f, a_sk, T0 - 40 * DAY, &a, ARNET_SETTLE_PAID, 0);
	dispute(f, b_sk, T0 - 20 * DAY, &a, ARNET_DISPUTE_OPEN); /* a rival */
	dispute(f, b_sk, T0 - 20 * DAY, &b, ARNET_DISPUTE_OPEN); /* its own */
	assert_int_equal(arnet_store_read(f->s, view_txn, &j, &d), ARNET_OK);
	assert_int_equal(j.v.n, 7);
	const arnet_view_entry *e = view_entry(&j, &a);
	assert_int_equal(e->closed, ARNET_REC_SETTLEMENT);
	assert_int_equal(e->settle_how, ARNET_SETTLE_PAID);
	assert_int_equal(e->disputes, 0);
	assert_true(e->member_ok);
	e = view_entry(&j, &b);
	assert_int_equal(e->closed, 0);
	assert_int_equal(e->disputes, 1);
	e = view_entry(&j, &st);
	assert_int_equal(e->closed, 0);
	/* Every entry carries its own bytes, which hash to its hash. */
	for (size_t i = 0; i < j.v.n; i++) {
		uint8_t h[32];
		arnet_record_hash(h, j.v.v[i].bytes, j.v.v[i].len);
		assert_memory_equal(h, j.v.v[i].hash, 32);
	}
	arnet_log_view_free(&j.v);
	/* The author's own lift closes its stop; the whole log, no subject. */
	lift(f, c_sk, T0 - 10 * DAY, &st);
	j.subject = NULL;
	assert_int_equal(arnet_store_read(f->s, view_txn, &j, &d), ARNET_OK);
	assert_int_equal(j.v.n, 8);
	assert_int_equal(view_entry(&j, &st)->closed, ARNET_REC_LIFT);
	arnet_log_view_free(&j.v);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        T(test_hostile_records),
	        T(test_failure_injection),
	        T(test_case_thin_file),
	        T(test_case_own_overdue),
	        T(test_case_two_members),
	        T(test_case_two_members_apart),
	        T(test_case_bounced_stop),
	        T(test_case_amount_and_days),
	        T(test_case_plan_remainder),
	        T(test_case_settled),
	        T(test_case_expired),
	        T(test_case_own_late_payer),
	        T(test_case_survey_once),
	        T(test_case_as_of),
	        T(test_case_other_currency),
	        T(test_case_peer_default_order_check),
	        T(test_own_record_once),
	        T(test_case_disputed),
	        T(test_case_three_references),
	        T(test_natural_person),
	        T(test_same_member),
	        T(test_equivocated),
	        T(test_property_negative_never_helps),
	        T(test_property_paying_never_hurts),
	        T(test_property_bigger_never_better),
	        T(test_trade_ref_build),
	        T(test_log_view),
	        cmocka_unit_test(test_dispute_marks),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
