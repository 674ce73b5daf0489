/*
 * check_test.c - tests of store/check.c and store/trade_ref.c: the credit
 * check's rules one by one, and store/dispute.c, whose disputes count.
 *
 * Hostile first: no roster (nothing counts, and the result says so), a
 * default by a non-member, a dispute by a member who is neither the
 * author nor the administrator (ignored). Then: first and further
 * members, an old default, settled history within and past retention,
 * disputes open / unverified / upheld, the administrator's dispute,
 * trade references by days beyond terms, the firm's own books, and the
 * grades and recommendations at their thresholds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_check.h"
#include "arnet_dispute.h"
#include "arnet_log.h"
#include "books_fixture.h"
#include "test_keys.h"

#include <stdlib.h>
#include <string.h>

static uint8_t root_pk[32], root_sk[64], a_pk[32], a_sk[64];
static uint8_t b_pk[32], b_sk[64], x_pk[32], x_sk[64];
static arnet_roster roster;
static uint8_t *roster_buf;
static arnet_check_policy pol;
static arnet_ident subj;

#define T0  INT64_C(1790000000)
#define DAY INT64_C(86400)

static int
group_setup(void **state)
{
	arnet_cert c[2];
	arnet_roster r;
	size_t len;
	uint8_t buf[ARNET_CERT_MAX];
	(void)state;
	if (test_keypair(root_pk, root_sk, 0x31) |
	    test_keypair(a_pk, a_sk, 0x3a) | test_keypair(b_pk, b_sk, 0x3b) |
	    test_keypair(x_pk, x_sk, 0x3c)) {
		return -1;
	}
	for (int i = 0; i < 2; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		c[i].version = 1;
		c[i].serial = (uint64_t)i + 1;
		if (arnet_ident_parse(&c[i].member_id,
		                      i ? "local:B" : "local:A",
		                      NULL) != ARNET_OK) {
			return -1;
		}
		strcpy(c[i].name, "m");
		memcpy(c[i].key, i ? b_pk : a_pk, 32);
		strcpy(c[i].pub_url, "tcp://127.0.0.1:1");
		strcpy(c[i].sync_url, "tcp://127.0.0.1:2");
		c[i].not_before = T0 - 1000 * DAY;
		c[i].not_after = T0 + 10000 * DAY;
		if (arnet_cert_sign(buf, sizeof(buf), &len, &c[i], root_sk,
		                    NULL) != ARNET_OK) {
			return -1;
		}
	}
	memset(&r, 0, sizeof(r));
	r.version = 1;
	r.epoch = 1;
	r.issued = T0;
	r.certs = c;
	r.ncerts = 2;
	if (arnet_roster_sign(&roster_buf, &len, &r, root_sk, NULL) !=
	            ARNET_OK ||
	    arnet_roster_open(&roster, roster_buf, len, root_pk, NULL) !=
	            ARNET_OK ||
	    arnet_ident_parse(&subj, "uscc:91350100M000100Y43", NULL) !=
	            ARNET_OK) {
		return -1;
	}
	arnet_check_policy_defaults(&pol);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	arnet_roster_free(&roster);
	free(roster_buf);
	return 0;
}

typedef struct own_job {
	arnet_record r;
	const uint8_t *sk;
	uint8_t hash[32];
} own_job;

static int
own_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	own_job *j = arg;
	uint8_t out[ARNET_RECORD_MAX];
	size_t len;
	int rv = arnet_log_append_own(t, &j->r, j->sk, &roster, out, &len, d);
	if (rv == ARNET_OK) {
		arnet_record_hash(j->hash, out, len);
	}
	return rv;
}

/* Publish a record of type by sk at `created`; returns its hash. */
static void
pub(fixture *f, int type, const uint8_t *sk, int64_t created,
    const uint8_t *target, const uint8_t *target_author, uint64_t tseq,
    int how_or_status, uint8_t hash[32])
{
	own_job j;
	arnet_diag d;
	memset(&j, 0, sizeof(j));
	arnet_record_init(&j.r, (arnet_record_type)type);
	j.r.created = created;
	j.r.subject = subj;
	j.sk = sk;
	switch (type) {
	case ARNET_REC_DEFAULT:
		j.r.u.def.amount = 100000;
		memcpy(j.r.u.def.currency, "CNY", 4);
		j.r.u.def.due_date = 20000;
		j.r.u.def.days_past_due = (uint32_t)how_or_status;
		j.r.u.def.reason = ARNET_REASON_NON_PAYMENT;
		break;
	case ARNET_REC_CREDIT_STOP:
		j.r.u.stop.reason = ARNET_REASON_OTHER;
		break;
	case ARNET_REC_SETTLEMENT:
		memcpy(j.r.u.settle.target.author, target_author, 32);
		j.r.u.settle.target.seq = tseq;
		memcpy(j.r.u.settle.target.hash, target, 32);
		j.r.u.settle.how = (uint8_t)how_or_status;
		memcpy(j.r.u.settle.currency, "CNY", 4);
		break;
	case ARNET_REC_DISPUTE:
		memcpy(j.r.u.dispute.target.author, target_author, 32);
		j.r.u.dispute.target.seq = tseq;
		memcpy(j.r.u.dispute.target.hash, target, 32);
		j.r.u.dispute.status = (uint8_t)how_or_status;
		break;
	}
	if (arnet_store_write(f->s, own_txn, &j, 0, &d) != ARNET_OK) {
		fail_msg("publish: %s", d.msg);
	}
	if (hash != NULL) {
		memcpy(hash, j.hash, 32);
	}
}

typedef struct ck {
	int64_t now, amount;
	const arnet_roster *roster;
	const arnet_trade_ref *refs;
	size_t nrefs;
	arnet_check_result r;
} ck;

static int
check_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	ck *c = arg;
	return arnet_check_run(t, &subj, c->amount, "CNY", 0, c->now, c->roster,
	                       c->refs, c->nrefs, &pol, &c->r, d);
}

static arnet_check_result
check(fixture *f, int64_t now, const arnet_roster *r)
{
	ck c;
	memset(&c, 0, sizeof(c));
	c.now = now;
	c.amount = 100000;
	c.roster = r;
	assert_int_equal(arnet_store_read(f->s, check_txn, &c, NULL), ARNET_OK);
	return c.r;
}

static void
test_hostile(void **state)
{
	fixture *f = *state;
	uint8_t h[32];
	pub(f, ARNET_REC_DEFAULT, a_sk, T0, NULL, NULL, 0, 95, h);
	/* No roster: nothing counts. */
	arnet_check_result r = check(f, T0 + DAY, NULL);
	assert_int_equal(r.score, 100);
	assert_int_equal(r.log_records, 1);
	/* A dispute by B (not the author, not the administrator) does not
	 * touch A's default. */
	pub(f, ARNET_REC_DISPUTE, b_sk, T0 + 10, h, a_pk, 1,
	    ARNET_DISPUTE_UPHELD, NULL);
	r = check(f, T0 + DAY, &roster);
	assert_int_equal(r.score, 70);
	assert_int_equal(r.grade, 'B');
	assert_int_equal(r.limit, 50000);
	assert_int_equal(r.terms_days, 15);
	assert_non_null(strstr(r.reasons[0].text, "local:A"));
}

static void
test_members_and_grades(void **state)
{
	fixture *f = *state;
	pub(f, ARNET_REC_DEFAULT, a_sk, T0, NULL, NULL, 0, 200, NULL);
	arnet_check_result r = check(f, T0 + DAY, &roster);
	assert_int_equal(r.score, 100 - 30 - 5); /* old default: extra */
	pub(f, ARNET_REC_DEFAULT, b_sk, T0 + 5, NULL, NULL, 0, 40, NULL);
	pub(f, ARNET_REC_CREDIT_STOP, b_sk, T0 + 6, NULL, NULL, 0, 0, NULL);
	r = check(f, T0 + DAY, &roster);
	assert_int_equal(r.score, 100 - 35 - 20 - 15);
	assert_int_equal(r.grade, 'D');
	assert_int_equal(r.limit, 0);
	assert_int_equal(r.members_reporting, 2);
	assert_string_equal(r.advice, "cash in advance only");
	/* Reasons most negative first. */
	assert_true(r.reasons[0].points <= r.reasons[1].points);
}

static void
test_settled_and_retention(void **state)
{
	fixture *f = *state;
	uint8_t h[32];
	pub(f, ARNET_REC_DEFAULT, a_sk, T0, NULL, NULL, 0, 95, h);
	pub(f, ARNET_REC_SETTLEMENT, a_sk, T0 + DAY, h, a_pk, 1,
	    ARNET_SETTLE_WRITTEN_OFF, NULL);
	arnet_check_result r = check(f, T0 + 2 * DAY, &roster);
	assert_int_equal(r.score, 100 - 15);
	r = check(f, T0 + DAY + pol.retention_days * DAY + 1, &roster);
	assert_int_equal(r.score, 100);
	assert_int_equal(r.nreasons, 0);
}

static void
test_disputes(void **state)
{
	fixture *f = *state;
	uint8_t h[32], h2[32];
	pub(f, ARNET_REC_DEFAULT, a_sk, T0, NULL, NULL, 0, 95, h);
	pub(f, ARNET_REC_DISPUTE, a_sk, T0 + 10, h, a_pk, 1, ARNET_DISPUTE_OPEN,
	    NULL);
	arnet_check_result r = check(f, T0 + DAY, &roster);
	assert_int_equal(r.score, 85);
	assert_int_equal(r.reasons[0].disputed, 1);
	r = check(f, T0 + 30 * DAY, &roster);
	assert_int_equal(r.reasons[0].disputed, 2); /* unverified */
	/* The administrator upholds the objection: the default is out. */
	pub(f, ARNET_REC_DISPUTE, root_sk, T0 + 40, h, a_pk, 1,
	    ARNET_DISPUTE_UPHELD, NULL);
	r = check(f, T0 + DAY, &roster);
	assert_int_equal(r.score, 100);
	/* A second default by B still counts in full. */
	pub(f, ARNET_REC_DEFAULT, b_sk, T0 + 50, NULL, NULL, 0, 95, h2);
	r = check(f, T0 + DAY, &roster);
	assert_int_equal(r.score, 70);
}

static void
test_trade_refs_and_books(void **state)
{
	fixture *f = *state;
	arnet_trade_ref refs[2];
	memset(refs, 0, sizeof(refs));
	strcpy(refs[0].member_id, "local:B");
	memcpy(refs[0].currency, "CNY", 4);
	refs[0].dbt = 0;
	strcpy(refs[1].member_id, "local:C");
	memcpy(refs[1].currency, "CNY", 4);
	refs[1].dbt = 45;
	ck c;
	memset(&c, 0, sizeof(c));
	c.now = T0;
	c.roster = &roster;
	c.refs = refs;
	c.nrefs = 2;
	/* No high credit given: each member weighs the same, (0 + 45) / 2
	 * rounds to 23 days, band 16-30. */
	assert_int_equal(arnet_store_read(f->s, check_txn, &c, NULL), ARNET_OK);
	assert_int_equal(c.r.trade_dbt, 23);
	assert_int_equal(c.r.score, 100 - 10);
	assert_int_equal(c.r.trade_refs, 2);
	assert_non_null(strstr(c.r.reasons[0].text, "each member weighing"));
	/* Dollar-weighted: B sold 9,000, C 1,000: (45 * 1000) / 10000 is
	 * 4.5, rounds to 5 days, band 1-15. */
	refs[0].high_credit = 9000;
	refs[1].high_credit = 1000;
	assert_int_equal(arnet_store_read(f->s, check_txn, &c, NULL), ARNET_OK);
	assert_int_equal(c.r.trade_dbt, 5);
	assert_int_equal(c.r.score, 100 - 5);
	assert_non_null(strstr(c.r.reasons[0].text, "high credit"));
	/* Two currencies cannot be added: equal weights again. */
	memcpy(refs[1].currency, "USD", 4);
	assert_int_equal(arnet_store_read(f->s, check_txn, &c, NULL), ARNET_OK);
	assert_int_equal(c.r.trade_dbt, 23);
	/* One member only, paying 45 days late: band 31-60. */
	c.nrefs = 1;
	refs[0].dbt = 45;
	assert_int_equal(arnet_store_read(f->s, check_txn, &c, NULL), ARNET_OK);
	assert_int_equal(c.r.score, 100 - 20);
	/* ... and owing something over 90 days past due now. */
	refs[0].balance = refs[0].past_due[3] = 100;
	assert_int_equal(arnet_store_read(f->s, check_txn, &c, NULL), ARNET_OK);
	assert_int_equal(c.r.score, 100 - 20 - 15);
	assert_int_equal(c.r.nreasons, 2);
	assert_non_null(strstr(c.r.reasons[1].text, "more than 90 days"));
	memset(refs[0].past_due, 0, sizeof(refs[0].past_due));
	c.nrefs = 2;
	/* Our own books: the customer owes us 40 days past due. */
	add_customer(f, "uscc:91350100M000100Y43", 30);
	add_invoice(f, "I-1", "uscc:91350100M000100Y43", "2026-01-01",
	            "2026-01-31", 1000, "CNY");
	int64_t now = (int64_t)day("2026-03-12") * DAY + 100;
	arnet_check_result r = check(f, now, &roster);
	assert_int_equal(r.score, 100 - 15);
	assert_true(r.own_customer);
}

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
	add_customer(f, "uscc:91350100M000100Y43", 30);
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

/* arnet_dispute_marks (store/dispute.c), the rule the check and `arnet
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

#define T(fn)                                                                  \
	cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        T(test_hostile),
	        T(test_members_and_grades),
	        T(test_settled_and_retention),
	        T(test_disputes),
	        T(test_trade_refs_and_books),
	        T(test_trade_ref_build),
	        cmocka_unit_test(test_dispute_marks),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
