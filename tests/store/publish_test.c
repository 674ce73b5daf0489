/*
 * publish_test.c - the records a member signs from its books and the log
 * (store/credit/publish.c, arnet_publish_txn), as `arnet report`,
 * `arnet blacklist` and `arnet dispute` (cli/cmd_publish.c) run it.
 *
 * Hostile and refused first: no roster, a type no member publishes, an
 * unknown or paid invoice, a DEFAULT before the dunning stage that
 * allows it or without evidence, a SETTLEMENT, LIFT or DISPUTE whose
 * target is unknown, of the wrong type or another member's, a LIFT of a
 * credit stop already lifted, a key that is no member's; each leaves the
 * log and the books as they were. Then each record type built and
 * appended, its fields checked against the books and the log.
 *
 * The association (A is this member, B another, X no member) comes from
 * tests/support/test_roster.c; its certificates run around the wall
 * clock, which arnet_log_append_own checks the created time against.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_corrections.h"
#include "arnet_dunning.h"
#include "arnet_log.h"
#include "arnet_publish.h"
#include "books_fixture.h"
#include "test_keys.h"
#include "test_roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint8_t root_pk[32], root_sk[64], a_pk[32], a_sk[64];
static uint8_t b_pk[32], b_sk[64], x_pk[32], x_sk[64];
static uint8_t *roster_buf;
static size_t roster_len;
static arnet_books_policy books;
static int64_t now;

#define DAY   INT64_C(86400)
#define CUST  "uscc:91350100M000100Y43"
#define TODAY "2026-06-30" /* INV-1 is 150 days past due */

static int
group_setup(void **state)
{
	static const char *const ids[2] = {"local:A", "local:B"};
	const uint8_t *keys[2] = {a_pk, b_pk};
	(void)state;
	if (test_keypair(root_pk, root_sk, 0x91) |
	    test_keypair(a_pk, a_sk, 0x9a) | test_keypair(b_pk, b_sk, 0x9b) |
	    test_keypair(x_pk, x_sk, 0x9c)) {
		return -1;
	}
	now = (int64_t)time(NULL);
	test_members m = {.n = 2,
	                  .ids = ids,
	                  .keys = keys,
	                  .from = now - 30 * DAY,
	                  .until = now + 365 * DAY,
	                  .epoch = 1,
	                  .issued = now - DAY};
	arnet_policy_defaults(&books);
	return test_roster_of(&m, root_pk, root_sk, &roster_buf, &roster_len,
	                      NULL);
}

static int
group_teardown(void **state)
{
	(void)state;
	test_roster_free(NULL, roster_buf);
	return 0;
}

/* Each test's store, job (on the heap: it holds a whole record) and
 * the diagnostic of its last run. */
static fixture *f;
static arnet_publish_job *j;
static arnet_diag d;

/* The books without the roster: customer CUST, invoice INV-1 of 5000.00
 * CNY due 2026-01-31 of which 1000.00 is paid, INV-PAID paid in full. */
static int
setup_books(void **state)
{
	if (fixture_setup(state) != 0 || (j = malloc(sizeof(*j))) == NULL) {
		return -1;
	}
	f = *state;
	add_customer(f, CUST, 30);
	add_invoice(f, "INV-1", CUST, "2026-01-01", "2026-01-31", 500000,
	            "CNY");
	(void)pay(f, CUST, "2026-02-15", 100000, "INV-1", NULL);
	add_invoice(f, "INV-PAID", CUST, "2026-01-01", "2026-01-31", 1000,
	            "CNY");
	(void)pay(f, CUST, "2026-01-20", 1000, "INV-PAID", NULL);
	return 0;
}

/* The books and the association's roster, as a member's node has. */
static int
setup(void **state)
{
	if (setup_books(state) != 0) {
		return -1;
	}
	put_roster(f, roster_buf, roster_len, root_pk);
	return 0;
}

static int
teardown(void **state)
{
	free(j);
	return fixture_teardown(state);
}

/* The job: `type` by sk as the command starts it, with the rules'
 * policy as rules_policy makes it from a default config. */
static void
job(int type, const uint8_t *sk)
{
	memset(j, 0, sizeof(*j));
	arnet_record_init(&j->r, (arnet_record_type)type);
	j->sk = sk;
	j->now = now;
	j->books = &books;
	j->today = day(TODAY);
	memcpy(j->rules.currency, "CNY", 4);
	j->rules.min_days_past_due = arnet_dunning_default_from(&books);
}

/* The job: `type` by sk about CUST (a CREDIT_STOP for reason other). */
static void
about(int type, const uint8_t *sk)
{
	job(type, sk);
	assert_int_equal(arnet_ident_parse(&j->r.subject, CUST, NULL),
	                 ARNET_OK);
	if (type == ARNET_REC_CREDIT_STOP) {
		j->r.u.stop.reason = ARNET_REASON_OTHER;
	}
}

/* Document i of evidence, as the command hashes it. */
static void
document(arnet_evidence *e, int i)
{
	memset(e, 0, sizeof(*e));
	memset(e->hash, 0xe0 + i, sizeof(e->hash));
	e->size = 100 + (uint64_t)i;
	snprintf(e->path, sizeof(e->path), "/srv/evidence/doc-%d.pdf", i);
	e->kind = ARNET_EVIDENCE_OTHER;
	e->added = now;
}

/* The job: a DEFAULT of `invoice` by sk with one document. */
static void
default_job(const uint8_t *sk, const char *invoice)
{
	job(ARNET_REC_DEFAULT, sk);
	j->invoice = invoice;
	document(&j->ev[0], 0);
	j->nev = 1;
}

/* Run the job in one write transaction; d says why it failed. */
static int
run(void)
{
	return arnet_store_write(f->s, arnet_publish_txn, j, 0, &d);
}

/* Run the job, which must publish. */
static void
publish(void)
{
	if (run() != ARNET_OK) {
		fail_msg("publish: %s", d.msg);
	}
}

/* The hash of a DEFAULT of INV-1 by sk, published. */
static void
published_default(const uint8_t *sk, uint8_t hash[32])
{
	default_job(sk, "INV-1");
	publish();
	memcpy(hash, j->hash, 32);
}

/* The job: `type` by sk about the record with this hash. */
static void
of(int type, const uint8_t *sk, const uint8_t hash[32])
{
	job(type, sk);
	memcpy(j->target, hash, 32);
}

/* Run the job, which the store or the rules must refuse with err, d
 * saying why (NULL: whatever it says). */
static void
refused(int err, const char *why)
{
	assert_int_equal(run(), err);
	if (why != NULL) {
		assert_non_null(strstr(d.msg, why));
	}
}

static int
count_ev(const arnet_evidence *e, void *arg)
{
	assert_string_equal(e->customer.text, CUST);
	assert_string_equal(e->invoice, "INV-1");
	(*(int *)arg)++;
	return 0;
}

static int
ev_txn(arnet_txn *t, void *arg, arnet_diag *diag)
{
	return arnet_evidence_scan(t, NULL, NULL, count_ev, arg, diag);
}

/* The documents the books hold (each must be CUST's, about INV-1). */
static int
documents(void)
{
	int n = 0;
	assert_int_equal(arnet_store_read(f->s, ev_txn, &n, NULL), ARNET_OK);
	return n;
}

/* Nothing was appended or recorded. */
static void
assert_untouched(void)
{
	assert_int_equal(head_of(f, a_pk).seq, 0);
	assert_int_equal(head_of(f, b_pk).seq, 0);
	assert_int_equal(head_of(f, x_pk).seq, 0);
	assert_int_equal(documents(), 0);
}

/* The record the job appended: its bytes decode to j->r, its hash is
 * j->hash, it is signed by author as the seq-th of its feed, created
 * now, and the log holds it. */
static void
assert_appended(const uint8_t *author, uint64_t seq)
{
	arnet_record r;
	uint8_t hash[ARNET_HASH_BYTES];
	assert_int_equal(arnet_record_decode(&r, j->out, j->len, NULL),
	                 ARNET_OK);
	arnet_record_hash(hash, j->out, j->len);
	assert_memory_equal(hash, j->hash, sizeof(hash));
	assert_int_equal(r.type, j->r.type);
	assert_memory_equal(r.author, author, 32);
	assert_memory_equal(j->r.author, author, 32);
	assert_int_equal(r.seq, seq);
	assert_int_equal(j->r.seq, seq);
	assert_int_equal(r.created, now);
	assert_string_equal(r.subject.text, j->r.subject.text);
	assert_string_equal(r.note, j->r.note);
	assert_int_equal(head_of(f, author).seq, seq);
}

/* ref names the seq-th record of author's feed, of this hash. */
static void
assert_ref(const arnet_ref *ref, const uint8_t *author, uint64_t seq,
           const uint8_t *hash)
{
	assert_memory_equal(ref->author, author, 32);
	assert_int_equal(ref->seq, seq);
	assert_memory_equal(ref->hash, hash, 32);
}

/* --- hostile and refused --- */

static void
test_no_roster(void **state)
{
	(void)state;
	default_job(a_sk, "INV-1");
	refused(ARNET_ENOTFOUND, "roster import");
	assert_untouched();
}

static void
test_not_a_member_type(void **state)
{
	(void)state;
	job(ARNET_REC_CREDIT_STOP, a_sk);
	j->r.type = 0;
	refused(ARNET_EINVAL, "does not publish");
	j->r.type = 200;
	refused(ARNET_EINVAL, NULL);
	assert_untouched();
}

static void
test_default_unknown_or_paid_invoice(void **state)
{
	(void)state;
	default_job(a_sk, "INV-404");
	refused(ARNET_ENOTFOUND, NULL);
	default_job(a_sk, "INV-PAID");
	refused(ARNET_ERANGE, "INV-PAID is paid");
	assert_untouched();
}

static void
test_default_before_its_dunning_stage(void **state)
{
	(void)state;
	/* 2026-03-31: 59 days past due, before the litigation stage (90)
	 * from which the default ladder lets a DEFAULT be reported. */
	default_job(a_sk, "INV-1");
	j->today = day("2026-03-31");
	assert_false(arnet_dunning_may_default(&books, 59));
	assert_true(arnet_dunning_may_default(&books, 90));
	assert_int_equal(j->rules.min_days_past_due, 90);
	refused(ARNET_EPERM, NULL);
	assert_int_equal(j->verdict.refused, ARNET_RULE_DUNNING_STAGE);
	assert_int_equal(j->verdict.n, 1);
	assert_int_equal(j->r.u.def.days_past_due, 59);
	assert_untouched();
	/* --force sets the rule aside; the verdict still says it fired. */
	default_job(a_sk, "INV-1");
	j->today = day("2026-03-31");
	j->rules.force = 1;
	publish();
	assert_int_equal(j->verdict.fired, ARNET_RULE_DUNNING_STAGE);
	assert_int_equal(j->verdict.refused, 0);
	assert_appended(a_pk, 1);
}

static void
test_default_without_evidence(void **state)
{
	(void)state;
	default_job(a_sk, "INV-1");
	j->nev = 0;
	refused(ARNET_EPERM, NULL);
	assert_int_equal(j->verdict.refused, ARNET_RULE_EVIDENCE);
	assert_untouched();
}

/* A document set is capped at ARNET_PUBLISH_EVIDENCE_MAX (the command's
 * --evidence list stops there; arnet_publish_txn trusts nev): all of a
 * full set go into the books, the record carries the first. */
static void
test_default_evidence_cap(void **state)
{
	(void)state;
	default_job(a_sk, "INV-1");
	for (int i = 0; i < ARNET_PUBLISH_EVIDENCE_MAX; i++) {
		document(&j->ev[i], i);
	}
	j->nev = ARNET_PUBLISH_EVIDENCE_MAX;
	publish();
	assert_int_equal(documents(), ARNET_PUBLISH_EVIDENCE_MAX);
	assert_memory_equal(j->r.u.def.evidence, j->ev[0].hash, 32);
}

/* More documents than the job holds (or fewer than none) are refused
 * before anything is read or kept. */
static void
test_default_evidence_over_cap(void **state)
{
	(void)state;
	default_job(a_sk, "INV-1");
	j->nev = ARNET_PUBLISH_EVIDENCE_MAX + 1;
	refused(ARNET_EINVAL, "documents of evidence");
	j->nev = -1;
	refused(ARNET_EINVAL, "documents of evidence");
	assert_untouched();
}

/* A key with no certificate in the roster signs nothing, and the
 * documents of its refused DEFAULT are not kept. */
static void
test_wrong_key(void **state)
{
	(void)state;
	default_job(x_sk, "INV-1");
	refused(ARNET_EPERM, NULL);
	about(ARNET_REC_CREDIT_STOP, x_sk);
	refused(ARNET_EPERM, NULL);
	assert_untouched();
}

static void
test_settlement_bad_targets(void **state)
{
	(void)state;
	uint8_t stop_hash[32], b_default[32];
	/* B's DEFAULT and A's CREDIT_STOP: neither is A's DEFAULT. */
	published_default(b_sk, b_default);
	about(ARNET_REC_CREDIT_STOP, a_sk);
	j->r.u.stop.reason = ARNET_REASON_NON_PAYMENT;
	publish();
	memcpy(stop_hash, j->hash, 32);

	job(ARNET_REC_SETTLEMENT, a_sk);
	j->r.u.settle.how = ARNET_SETTLE_PAID;
	memset(j->target, 0xaa, 32); /* no such record */
	refused(ARNET_ENOTFOUND, NULL);
	memcpy(j->target, stop_hash, 32); /* the wrong type */
	refused(ARNET_EPERM, "not one of this member's DEFAULTs");
	memcpy(j->target, b_default, 32); /* another member's */
	refused(ARNET_EPERM, NULL);
	assert_int_equal(head_of(f, a_pk).seq, 1);
}

static void
test_settlement_bad_amount(void **state)
{
	(void)state;
	uint8_t target[32];
	published_default(a_sk, target);
	of(ARNET_REC_SETTLEMENT, a_sk, target);
	j->amount = "12,3x";
	j->r.u.settle.how = ARNET_SETTLE_PAID;
	refused(ARNET_ESYNTAX, "--amount");
	assert_int_equal(head_of(f, a_pk).seq, 1);
}

static void
test_dispute_unknown_target(void **state)
{
	(void)state;
	job(ARNET_REC_DISPUTE, b_sk);
	j->r.u.dispute.status = ARNET_DISPUTE_OPEN;
	memset(j->target, 0xbb, 32);
	refused(ARNET_ENOTFOUND, NULL);
	assert_untouched();
}

/* A LIFT ends this member's own credit stop in force: none at all, only
 * a DEFAULT (the wrong type), another member's stop, or a stop already
 * lifted is ARNET_ENOTFOUND. */
static void
test_lift_nothing_in_force(void **state)
{
	(void)state;
	about(ARNET_REC_LIFT, a_sk);
	refused(ARNET_ENOTFOUND, "no credit stop on " CUST);

	default_job(a_sk, "INV-1");
	publish();
	about(ARNET_REC_CREDIT_STOP, b_sk);
	publish();
	about(ARNET_REC_LIFT, a_sk);
	refused(ARNET_ENOTFOUND, NULL);

	about(ARNET_REC_CREDIT_STOP, a_sk);
	publish();
	about(ARNET_REC_LIFT, a_sk);
	publish();
	assert_int_equal(head_of(f, a_pk).seq, 3);
	about(ARNET_REC_LIFT, a_sk);
	refused(ARNET_ENOTFOUND, NULL);
	assert_int_equal(head_of(f, a_pk).seq, 3);
}

/* A credit stop about a customer the books mark as a natural person is
 * personal credit information: refused, --force or not, unless the
 * association is licensed. */
static void
test_stop_about_a_person(void **state)
{
	(void)state;
	arnet_customer c;
	make_customer(&c, "local:P-1", "Zhang San", 30);
	c.individual = 1;
	assert_int_equal(put_customer(f, &c, &d), ARNET_OK);
	job(ARNET_REC_CREDIT_STOP, a_sk);
	j->r.subject = c.id;
	j->r.u.stop.reason = ARNET_REASON_OTHER;
	j->rules.force = 1;
	refused(ARNET_EPERM, NULL);
	assert_int_equal(j->verdict.refused, ARNET_RULE_PERSONAL_DATA);
	assert_untouched();
	j->rules.personal_data_licensed = 1;
	publish();
	assert_appended(a_pk, 1);
}

/* --- each record type, built from the books and the log --- */

static void
test_default_from_the_books(void **state)
{
	(void)state;
	arnet_invoice inv;
	default_job(a_sk, "INV-1");
	document(&j->ev[1], 1);
	j->nev = 2;
	publish();
	assert_appended(a_pk, 1);
	assert_int_equal(get_invoice(f, "INV-1", &inv), ARNET_OK);
	assert_string_equal(j->r.subject.text, CUST);
	assert_int_equal(j->r.u.def.amount, outstanding(f, "INV-1", TODAY));
	assert_int_equal(j->r.u.def.amount, 400000);
	assert_string_equal(j->r.u.def.currency, "CNY");
	assert_int_equal(j->r.u.def.due_date, inv.due);
	assert_int_equal(j->r.u.def.due_date, day("2026-01-31"));
	assert_int_equal(j->r.u.def.days_past_due, 150);
	assert_int_equal(j->r.u.def.reason, ARNET_REASON_NON_PAYMENT);
	assert_memory_equal(j->r.u.def.evidence, j->ev[0].hash, 32);
	assert_string_equal(j->r.note, "invoice INV-1");
	assert_int_equal(j->verdict.fired, 0);
	assert_int_equal(documents(), 2);
}

static void
test_settlement_of_own_default(void **state)
{
	(void)state;
	uint8_t target[32];
	published_default(a_sk, target);
	of(ARNET_REC_SETTLEMENT, a_sk, target);
	j->r.u.settle.how = ARNET_SETTLE_PLAN;
	j->amount = "1500.50";
	publish();
	assert_appended(a_pk, 2);
	assert_string_equal(j->r.subject.text, CUST);
	assert_int_equal(j->r.u.settle.how, ARNET_SETTLE_PLAN);
	assert_int_equal(j->r.u.settle.amount, 150050);
	assert_string_equal(j->r.u.settle.currency, "CNY");
	assert_ref(&j->r.u.settle.target, a_pk, 1, target);
}

static int
write_off_txn(arnet_txn *t, void *arg, arnet_diag *dd)
{
	(void)arg;
	return arnet_invoice_write_off(t, "INV-1", day("2026-03-01"), 300000,
	                               "uncollectable", NULL, dd);
}

/* A settlement says what the books say about the DEFAULT's invoice: paid
 * is refused while it is owed, written off without its write-off; with
 * the write-off, the note names it. */
static void
test_settlement_as_the_books_say(void **state)
{
	(void)state;
	uint8_t target[32];
	published_default(a_sk, target);
	of(ARNET_REC_SETTLEMENT, a_sk, target);
	j->r.u.settle.how = ARNET_SETTLE_PAID;
	refused(ARNET_ERANGE, "invoice INV-1 still has 4,000.00 CNY "
	                      "outstanding in the books");
	of(ARNET_REC_SETTLEMENT, a_sk, target);
	j->r.u.settle.how = ARNET_SETTLE_WRITTEN_OFF;
	refused(ARNET_ENOTFOUND, "invoice INV-1 has no write-off in the books");
	assert_int_equal(head_of(f, a_pk).seq, 1);
	assert_int_equal(arnet_store_write(f->s, write_off_txn, NULL, 0, &d),
	                 ARNET_OK);
	of(ARNET_REC_SETTLEMENT, a_sk, target);
	j->r.u.settle.how = ARNET_SETTLE_WRITTEN_OFF;
	j->amount = "1000";
	publish();
	assert_appended(a_pk, 2);
	assert_string_equal(j->r.note, "write-off 1 of invoice INV-1: "
	                               "3,000.00 CNY written off");
}

/* A write-off is the firm's loss, not the customer's debt forgiven: a
 * DEFAULT after it still reports what was written off; an invoice paid
 * or credited in full has nothing to report, saying which. */
static void
test_default_after_a_write_off(void **state)
{
	(void)state;
	assert_int_equal(arnet_store_write(f->s, write_off_txn, NULL, 0, &d),
	                 ARNET_OK);
	assert_int_equal(outstanding(f, "INV-1", TODAY), 100000);
	default_job(a_sk, "INV-1");
	publish();
	assert_int_equal(j->r.u.def.amount, 400000);
	default_job(a_sk, "INV-PAID");
	refused(ARNET_ERANGE, "invoice INV-PAID is paid: nothing to report");
}

static void
test_credit_stop_as_given(void **state)
{
	(void)state;
	about(ARNET_REC_CREDIT_STOP, a_sk);
	j->r.u.stop.reason = ARNET_REASON_BOUNCED_INSTRUMENT;
	strcpy(j->r.note, "cheque 0042 bounced");
	publish();
	assert_appended(a_pk, 1);
	assert_string_equal(j->r.subject.text, CUST);
	assert_int_equal(j->r.u.stop.reason, ARNET_REASON_BOUNCED_INSTRUMENT);
	assert_string_equal(j->r.note, "cheque 0042 bounced");
}

/* Two stops of A in force: a LIFT ends the latest, the next LIFT the
 * other. */
static void
test_lift_latest_stop(void **state)
{
	(void)state;
	uint8_t first[32], second[32];
	for (int i = 0; i < 2; i++) {
		about(ARNET_REC_CREDIT_STOP, a_sk);
		publish();
		memcpy(i == 0 ? first : second, j->hash, 32);
	}
	const uint8_t *expect[2] = {second, first};
	for (int i = 0; i < 2; i++) {
		about(ARNET_REC_LIFT, a_sk);
		strcpy(j->r.note, "paid up");
		publish();
		assert_appended(a_pk, 3 + (uint64_t)i);
		assert_ref(&j->r.u.lift.target, a_pk, 2 - (uint64_t)i,
		           expect[i]);
	}
}

static void
test_dispute_of_any_record(void **state)
{
	(void)state;
	uint8_t target[32];
	published_default(a_sk, target);
	of(ARNET_REC_DISPUTE, b_sk, target);
	strcpy(j->r.note, "paid in March");
	j->r.u.dispute.status = ARNET_DISPUTE_OPEN;
	publish();
	assert_appended(b_pk, 1);
	/* B objects to A's record: the subject and the target are A's. */
	assert_ref(&j->r.u.dispute.target, a_pk, 1, target);
	assert_string_equal(j->r.subject.text, CUST);
	assert_int_equal(j->r.u.dispute.status, ARNET_DISPUTE_OPEN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_no_roster, setup_books,
	                                        teardown),
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	        T(test_not_a_member_type),
	        T(test_default_unknown_or_paid_invoice),
	        T(test_default_before_its_dunning_stage),
	        T(test_default_without_evidence),
	        T(test_default_evidence_cap),
	        T(test_default_evidence_over_cap),
	        T(test_wrong_key),
	        T(test_settlement_bad_targets),
	        T(test_settlement_bad_amount),
	        T(test_dispute_unknown_target),
	        T(test_lift_nothing_in_force),
	        T(test_stop_about_a_person),
	        T(test_default_from_the_books),
	        T(test_settlement_of_own_default),
	        T(test_settlement_as_the_books_say),
	        T(test_default_after_a_write_off),
	        T(test_credit_stop_as_given),
	        T(test_lift_latest_stop),
	        T(test_dispute_of_any_record),
#undef T
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
