/*
 * log_test.c - tests of store/log/log.c: the shared log a node keeps.
 *
 * Hostile first: malformed bytes, a broken signature, a non-member's
 * record, a record made after its author left, no roster at all, a
 * SETTLEMENT of another member's DEFAULT or of a record that is not a
 * DEFAULT, a record far past its author's head. Then the chain: appends,
 * duplicates, a rival record at the same place (kept as proof, feed
 * flagged), records out of order waiting and then released in one go,
 * and the indexes (heads, ranges, by subject, by hash).
 *
 * The rules of time and storage per member: a record from the future
 * (refused, accepted once its time has come), a revoked author's
 * backdated records past its frozen feed, 1,000 rivals for one seq (one
 * proof, a count), the bound of records waiting per author and their
 * expiry.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_log.h"
#include "arnet_roster_store.h"
#include "books_fixture.h"
#include "test_keys.h"
#include "test_roster.h"
#include "txn_fixture.h"

#include <stdlib.h>
#include <string.h>

static uint8_t root_pk[32], root_sk[64], a_pk[32], a_sk[64];
static uint8_t b_pk[32], b_sk[64], x_pk[32], x_sk[64];
static arnet_roster roster;
static uint8_t *roster_buf;

#define T0   INT64_C(1790000000)
#define LEFT (T0 + 1000000)

/* The node's clock and bounds in these tests (a test moves them). */
static int64_t now = T0 + 100;
static uint32_t per_author = ARNET_LOG_PENDING_PER_AUTHOR;

static const char *const ids[2] = {"local:A", "local:B"};

/* The roster of A and B (serials 1 and 2) at epoch, issued at `issued`,
 * with the n revocations rev; signed by root_sk, opened when opened is
 * not NULL. */
static int
roster_of(uint64_t epoch, int64_t issued, arnet_revocation *rev, size_t n,
          uint8_t **bytes, size_t *len, arnet_roster *opened)
{
	const uint8_t *keys[2] = {a_pk, b_pk};
	test_members m = {.n = 2,
	                  .ids = ids,
	                  .keys = keys,
	                  .from = T0 - 1000,
	                  .until = T0 + 10000000,
	                  .epoch = epoch,
	                  .issued = issued,
	                  .revoked = rev,
	                  .nrevoked = n};
	return test_roster_of(&m, root_pk, root_sk, bytes, len, opened);
}

static int
group_setup(void **state)
{
	arnet_revocation rev = {2, {0}, LEFT, ARNET_REVOKE_LEFT, 0};
	size_t len;
	(void)state;
	if (test_keypair(root_pk, root_sk, 0x71) |
	    test_keypair(a_pk, a_sk, 0x7a) | test_keypair(b_pk, b_sk, 0x7b) |
	    test_keypair(x_pk, x_sk, 0x7c)) {
		return -1;
	}
	memcpy(rev.key, b_pk, 32);
	return roster_of(1, T0, &rev, 1, &roster_buf, &len, &roster);
}

static int
group_teardown(void **state)
{
	(void)state;
	test_roster_free(&roster, roster_buf);
	return 0;
}

typedef struct rec {
	uint8_t b[ARNET_RECORD_MAX];
	size_t len;
	uint8_t hash[32];
	arnet_record r;
} rec;

/* A record of `type` by sk at seq after prev (NULL: zero). */
static void
make(rec *out, int type, const uint8_t *sk, uint64_t seq, const rec *prev,
     const char *subject, int64_t created)
{
	arnet_record *r = &out->r;
	arnet_record_init(r, (arnet_record_type)type);
	r->seq = seq;
	if (prev != NULL) {
		memcpy(r->prev, prev->hash, 32);
	}
	r->created = created;
	assert_int_equal(arnet_ident_parse(&r->subject, subject, NULL),
	                 ARNET_OK);
	switch (type) {
	case ARNET_REC_DEFAULT:
		r->u.def.amount = 100000;
		memcpy(r->u.def.currency, "CNY", 4);
		r->u.def.due_date = 20000;
		r->u.def.days_past_due = 95;
		r->u.def.reason = ARNET_REASON_NON_PAYMENT;
		break;
	case ARNET_REC_CREDIT_STOP:
		r->u.stop.reason = ARNET_REASON_OTHER;
		break;
	default:
		break;
	}
	arnet_diag d;
	if (arnet_record_sign(out->b, sizeof(out->b), &out->len, r, sk, &d) !=
	    ARNET_OK) {
		fail_msg("sign: %s", d.msg);
	}
	arnet_record_hash(out->hash, out->b, out->len);
}

static void
settlement(rec *out, const uint8_t *sk, uint64_t seq, const rec *prev,
           const rec *target, const char *subject)
{
	arnet_record *r = &out->r;
	arnet_record_init(r, ARNET_REC_SETTLEMENT);
	r->seq = seq;
	memcpy(r->prev, prev->hash, 32);
	r->created = T0 + 10;
	assert_int_equal(arnet_ident_parse(&r->subject, subject, NULL),
	                 ARNET_OK);
	memcpy(r->u.settle.target.author, target->r.author, 32);
	r->u.settle.target.seq = target->r.seq;
	memcpy(r->u.settle.target.hash, target->hash, 32);
	r->u.settle.how = ARNET_SETTLE_PAID;
	memcpy(r->u.settle.currency, "CNY", 4);
	assert_int_equal(arnet_record_sign(out->b, sizeof(out->b), &out->len, r,
	                                   sk, NULL),
	                 ARNET_OK);
	arnet_record_hash(out->hash, out->b, out->len);
}

/* Bytes to offer, under a roster and the rules; what the log did. */
typedef struct ing {
	const uint8_t *b;
	size_t len;
	const arnet_roster *roster;
	arnet_log_rules rules;
	arnet_ingest_info info;
} ing;

TXN_FN(ing_txn, ing,
       arnet_log_ingest(t, j->b, j->len, j->roster, &j->rules, &j->info, d))

/* The job offering b[0..len) under r, by the rules as of now with this
 * test's bound on pending. */
static ing
ing_of(const uint8_t *b, size_t len, const arnet_roster *r)
{
	ing j = {.b = b, .len = len, .roster = r};
	arnet_log_rules_default(&j.rules, now);
	j.rules.pending_per_author = per_author;
	return j;
}

/* Offer bytes to the log; returns the result, *refusal the reason. */
static int
offer_bytes(fixture *f, const uint8_t *b, size_t len, const arnet_roster *r,
            int *refusal)
{
	ing j = ing_of(b, len, r);
	arnet_diag d;
	if (arnet_store_write(f->s, ing_txn, &j, 0, &d) != ARNET_OK) {
		fail_msg("ingest: %s", d.msg);
	}
	if (refusal != NULL) {
		*refusal = j.info.refusal;
	}
	return j.info.result;
}

static int
offer(fixture *f, const rec *r)
{
	return offer_bytes(f, r->b, r->len, &roster, NULL);
}

static void
test_refusals(void **state)
{
	fixture *f = *state;
	rec r, s1, bad;
	int why;
	now = T0 + 100;
	make(&r, ARNET_REC_DEFAULT, a_sk, 1, NULL, "local:C-1", T0);
	/* Malformed: one byte short. */
	assert_int_equal(offer_bytes(f, r.b, r.len - 1, &roster, &why),
	                 ARNET_INGEST_REFUSED);
	assert_int_equal(why, ARNET_REFUSE_MALFORMED);
	/* A flipped signature bit: the caller's check refuses it before
	 * the log (node/ingest.c; tests/node/ingest_test.c). */
	bad = r;
	bad.b[bad.len - 3] ^= 4;
	assert_int_equal(arnet_record_verify(bad.b, bad.len), ARNET_ESIG);
	/* No roster. */
	assert_int_equal(offer_bytes(f, r.b, r.len, NULL, &why),
	                 ARNET_INGEST_REFUSED);
	assert_int_equal(why, ARNET_REFUSE_NO_ROSTER);
	/* A non-member; B after it left (before is fine). */
	now = LEFT; /* B's records are not in the future */
	make(&bad, ARNET_REC_DEFAULT, x_sk, 1, NULL, "local:C-1", T0);
	assert_int_equal(offer_bytes(f, bad.b, bad.len, &roster, &why),
	                 ARNET_INGEST_REFUSED);
	assert_int_equal(why, ARNET_REFUSE_NOT_MEMBER);
	make(&bad, ARNET_REC_DEFAULT, b_sk, 1, NULL, "local:C-1", LEFT);
	assert_int_equal(offer_bytes(f, bad.b, bad.len, &roster, &why),
	                 ARNET_INGEST_REFUSED);
	assert_int_equal(why, ARNET_REFUSE_NOT_MEMBER);
	make(&bad, ARNET_REC_DEFAULT, b_sk, 1, NULL, "local:C-1", LEFT - 1);
	assert_int_equal(offer(f, &bad), ARNET_INGEST_ACCEPTED);
	/* Far past the head. */
	make(&bad, ARNET_REC_DEFAULT, a_sk, ARNET_LOG_PENDING_MAX + 5, &r,
	     "local:C-1", T0);
	assert_int_equal(offer_bytes(f, bad.b, bad.len, &roster, &why),
	                 ARNET_INGEST_REFUSED);
	assert_int_equal(why, ARNET_REFUSE_TOO_FAR);
	/* A settlement of a CREDIT_STOP, and of a DEFAULT about another
	 * subject. */
	assert_int_equal(offer(f, &r), ARNET_INGEST_ACCEPTED);
	make(&s1, ARNET_REC_CREDIT_STOP, a_sk, 2, &r, "local:C-1", T0);
	assert_int_equal(offer(f, &s1), ARNET_INGEST_ACCEPTED);
	settlement(&bad, a_sk, 3, &s1, &s1, "local:C-1");
	assert_int_equal(offer_bytes(f, bad.b, bad.len, &roster, &why),
	                 ARNET_INGEST_REFUSED);
	assert_int_equal(why, ARNET_REFUSE_TARGET);
	settlement(&bad, a_sk, 3, &s1, &r, "local:C-2");
	assert_int_equal(offer_bytes(f, bad.b, bad.len, &roster, &why),
	                 ARNET_INGEST_REFUSED);
	assert_int_equal(why, ARNET_REFUSE_TARGET);
	/* The right one. */
	settlement(&bad, a_sk, 3, &s1, &r, "local:C-1");
	assert_int_equal(offer(f, &bad), ARNET_INGEST_ACCEPTED);
	assert_int_equal(head_of(f, a_pk).seq, 3);
	assert_string_equal(arnet_refusal_name(ARNET_REFUSE_NOT_MEMBER),
	                    "not-member");
}

TXN_FN(holds_txn, void, arnet_log_holds(t, j, d))

/* Whether the log holds the record (ARNET_OK) or not (ARNET_ENOTFOUND). */
static int
holds(fixture *f, const rec *r)
{
	uint8_t hash[32];
	memcpy(hash, r->hash, 32);
	return arnet_store_read(f->s, holds_txn, hash, NULL);
}

static void
test_chain(void **state)
{
	fixture *f = *state;
	rec r[6], rival;
	now = T0 + 100;
	make(&r[0], ARNET_REC_DEFAULT, a_sk, 1, NULL, "local:C-1", T0);
	for (int i = 1; i < 6; i++) {
		make(&r[i], ARNET_REC_CREDIT_STOP, a_sk, (uint64_t)i + 1,
		     &r[i - 1], i % 2 ? "local:C-2" : "local:C-1", T0 + i);
	}
	/* 1, then 4 and 6 arrive early: they wait. */
	assert_int_equal(offer(f, &r[0]), ARNET_INGEST_ACCEPTED);
	assert_int_equal(offer(f, &r[0]), ARNET_INGEST_DUPLICATE);
	assert_int_equal(offer(f, &r[3]), ARNET_INGEST_PENDING);
	assert_int_equal(offer(f, &r[5]), ARNET_INGEST_PENDING);
	assert_int_equal(offer(f, &r[3]), ARNET_INGEST_DUPLICATE);
	arnet_head h = head_of(f, a_pk);
	assert_int_equal(h.seq, 1);
	assert_int_equal(h.pending, 2);
	/* Held means appended: a record still waiting is not held. */
	assert_int_equal(holds(f, &r[0]), ARNET_OK);
	assert_int_equal(holds(f, &r[3]), ARNET_ENOTFOUND);
	/* 2 then 3: 3 releases 4; 5 releases 6. */
	assert_int_equal(offer(f, &r[1]), ARNET_INGEST_ACCEPTED);
	ing j = ing_of(r[2].b, r[2].len, &roster);
	assert_int_equal(arnet_store_write(f->s, ing_txn, &j, 0, NULL),
	                 ARNET_OK);
	assert_int_equal(j.info.appended, 2);
	assert_int_equal(head_of(f, a_pk).seq, 4);
	assert_int_equal(offer(f, &r[4]), ARNET_INGEST_ACCEPTED);
	h = head_of(f, a_pk);
	assert_int_equal(h.seq, 6);
	assert_int_equal(h.pending, 0);
	assert_memory_equal(h.hash, r[5].hash, 32);
	assert_false(h.equivocated);
	assert_int_equal(holds(f, &r[3]), ARNET_OK);
	/* A rival record for seq 3: kept as proof, feed flagged; the feed
	 * itself is unchanged. */
	make(&rival, ARNET_REC_CREDIT_STOP, a_sk, 3, &r[1], "local:C-9", T0);
	assert_int_equal(offer(f, &rival), ARNET_INGEST_EQUIVOCATION);
	assert_int_equal(holds(f, &rival), ARNET_ENOTFOUND); /* proof only */
	h = head_of(f, a_pk);
	assert_true(h.equivocated);
	assert_int_equal(h.seq, 6);
	/* A fork: seq 7 after a record we do not hold. */
	make(&rival, ARNET_REC_CREDIT_STOP, a_sk, 7, &r[0], "local:C-9", T0);
	assert_int_equal(offer(f, &rival), ARNET_INGEST_EQUIVOCATION);
	assert_int_equal(head_of(f, a_pk).seq, 6);
}

typedef struct collect {
	int n;
	uint64_t seqs[16];
} collect;

static int
collect_one(const uint8_t *b, size_t len, void *arg)
{
	collect *c = arg;
	arnet_record r;
	assert_int_equal(arnet_record_decode(&r, b, len, NULL), ARNET_OK);
	c->seqs[c->n++] = r.seq;
	return 0;
}

typedef struct qj {
	collect c;
	arnet_ident subject;
	uint8_t author[32], hash[32];
	int mode;
} qj;

static int
query_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	qj *j = arg;
	switch (j->mode) {
	case 0:
		return arnet_log_by_subject(t, &j->subject, collect_one, &j->c,
		                            d);
	case 1:
		return arnet_log_range(t, j->author, 2, 2, 1 << 20, collect_one,
		                       &j->c, d);
	case 2:
		return arnet_log_get(t, j->hash, collect_one, &j->c, d);
	default:
		return arnet_log_all(t, collect_one, &j->c, d);
	}
}

typedef struct own_job {
	arnet_record r;
	const uint8_t *sk;
	uint8_t out[ARNET_RECORD_MAX];
	size_t len;
} own_job;

TXN_FN(own_txn, own_job,
       arnet_log_append_own(t, &j->r, j->sk, &roster, j->out, &j->len, d))

static void
test_indexes_and_own(void **state)
{
	fixture *f = *state;
	rec r1, r2, r3;
	qj j;
	make(&r1, ARNET_REC_DEFAULT, a_sk, 1, NULL, "local:C-1", T0);
	make(&r2, ARNET_REC_CREDIT_STOP, a_sk, 2, &r1, "local:C-2", T0);
	make(&r3, ARNET_REC_CREDIT_STOP, a_sk, 3, &r2, "local:C-1", T0);
	assert_int_equal(offer(f, &r1), ARNET_INGEST_ACCEPTED);
	assert_int_equal(offer(f, &r2), ARNET_INGEST_ACCEPTED);
	assert_int_equal(offer(f, &r3), ARNET_INGEST_ACCEPTED);
	memset(&j, 0, sizeof(j));
	assert_int_equal(arnet_ident_parse(&j.subject, "local:C-1", NULL),
	                 ARNET_OK);
	assert_int_equal(arnet_store_read(f->s, query_txn, &j, NULL), ARNET_OK);
	assert_int_equal(j.c.n, 2);
	assert_int_equal(j.c.seqs[1], 3);
	memset(&j.c, 0, sizeof(j.c));
	j.mode = 1;
	memcpy(j.author, a_pk, 32);
	assert_int_equal(arnet_store_read(f->s, query_txn, &j, NULL), ARNET_OK);
	assert_int_equal(j.c.n, 2);
	assert_int_equal(j.c.seqs[0], 2);
	memset(&j.c, 0, sizeof(j.c));
	j.mode = 2;
	memcpy(j.hash, r2.hash, 32);
	assert_int_equal(arnet_store_read(f->s, query_txn, &j, NULL), ARNET_OK);
	assert_int_equal(j.c.seqs[0], 2);
	/* Own records: seq and prev come from the head. */
	own_job o;
	memset(&o, 0, sizeof(o));
	arnet_record_init(&o.r, ARNET_REC_CREDIT_STOP);
	o.r.created = T0 + 5;
	o.r.u.stop.reason = ARNET_REASON_NON_PAYMENT;
	assert_int_equal(arnet_ident_parse(&o.r.subject, "local:C-3", NULL),
	                 ARNET_OK);
	o.sk = a_sk;
	assert_int_equal(arnet_store_write(f->s, own_txn, &o, 0, NULL),
	                 ARNET_OK);
	assert_int_equal(o.r.seq, 4);
	assert_memory_equal(o.r.prev, r3.hash, 32);
	/* A non-member cannot publish. */
	o.sk = x_sk;
	arnet_diag d;
	assert_int_equal(arnet_store_write(f->s, own_txn, &o, 0, &d),
	                 ARNET_EPERM);
	assert_non_null(strstr(d.msg, "not a member"));
	memset(&j.c, 0, sizeof(j.c));
	j.mode = 3;
	assert_int_equal(arnet_store_read(f->s, query_txn, &j, NULL), ARNET_OK);
	assert_int_equal(j.c.n, 4);
}

static int
count_one(const uint8_t *b, size_t len, void *arg)
{
	(void)b;
	(void)len;
	(*(int *)arg)++;
	return 0;
}

typedef struct proofs_job {
	uint8_t author[32];
	int n;
} proofs_job;

TXN_FN(proofs_txn, proofs_job,
       arnet_log_proofs(t, j->author, count_one, &j->n, d))

static int
proofs_of(fixture *f, const uint8_t *pk)
{
	proofs_job j = {{0}, 0};
	memcpy(j.author, pk, 32);
	assert_int_equal(arnet_store_read(f->s, proofs_txn, &j, NULL),
	                 ARNET_OK);
	return j.n;
}

static void
test_future(void **state)
{
	fixture *f = *state;
	rec r1, r2;
	int why;
	now = T0 + 100;
	make(&r1, ARNET_REC_DEFAULT, a_sk, 1, NULL, "local:C-1", T0);
	assert_int_equal(offer(f, &r1), ARNET_INGEST_ACCEPTED);
	/* 301 s ahead of the clock: refused, and kept nowhere. */
	make(&r2, ARNET_REC_CREDIT_STOP, a_sk, 2, &r1, "local:C-1",
	     now + ARNET_LOG_MAX_FUTURE_S + 1);
	assert_int_equal(offer_bytes(f, r2.b, r2.len, &roster, &why),
	                 ARNET_INGEST_REFUSED);
	assert_int_equal(why, ARNET_REFUSE_FUTURE);
	assert_string_equal(arnet_refusal_name(why), "future");
	assert_int_equal(holds(f, &r2), ARNET_ENOTFOUND);
	arnet_head h = head_of(f, a_pk);
	assert_int_equal(h.seq, 1);
	assert_int_equal(h.pending, 0);
	/* A year ahead, after a gap: not waiting either. */
	rec far;
	make(&far, ARNET_REC_CREDIT_STOP, a_sk, 5, &r1, "local:C-1",
	     now + 365 * 86400);
	assert_int_equal(offer_bytes(f, far.b, far.len, &roster, &why),
	                 ARNET_INGEST_REFUSED);
	assert_int_equal(why, ARNET_REFUSE_FUTURE);
	assert_int_equal(head_of(f, a_pk).pending, 0);
	/* Its time has come (sync brings it again). */
	now += 1;
	assert_int_equal(offer(f, &r2), ARNET_INGEST_ACCEPTED);
	assert_int_equal(head_of(f, a_pk).seq, 2);
}

/* A roster of A and B at epoch, issued at `issued`, revoking A from
 * rev_time when rev_time is not 0; imported into f's store. */
static void
import_roster(fixture *f, uint64_t epoch, int64_t issued, int64_t rev_time)
{
	arnet_revocation rev = {1, {0}, rev_time, ARNET_REVOKE_LEFT, 0};
	uint8_t *buf;
	size_t len;
	memcpy(rev.key, a_pk, 32);
	assert_int_equal(
	        roster_of(epoch, issued, &rev, rev_time != 0, &buf, &len, NULL),
	        0);
	put_roster(f, buf, len, root_pk);
	free(buf);
}

typedef struct freeze_job {
	uint8_t author[32];
	uint64_t seq;
	int raise;
	arnet_freeze fz;
} freeze_job;

/* Raise the freeze of author at seq, or read it. */
TXN_FN(freeze_txn, freeze_job,
       j->raise ? arnet_log_freeze_raise(t, j->author, j->seq, d)
                : arnet_log_frozen(t, j->author, &j->fz, d))

static int
frozen_of(fixture *f, const uint8_t *pk, arnet_freeze *out)
{
	freeze_job j;
	memset(&j, 0, sizeof(j));
	memcpy(j.author, pk, 32);
	int rv = arnet_store_read(f->s, freeze_txn, &j, NULL);
	*out = j.fz;
	return rv;
}

static void
test_backdated(void **state)
{
	fixture *f = *state;
	rec r[7];
	int why;
	arnet_freeze fz;
	const int64_t rev = T0 + 1000;
	now = T0 + 100;
	make(&r[0], ARNET_REC_DEFAULT, a_sk, 1, NULL, "local:C-1", T0);
	for (int i = 1; i < 7; i++) {
		make(&r[i], ARNET_REC_CREDIT_STOP, a_sk, (uint64_t)i + 1,
		     &r[i - 1], "local:C-1", T0 + i);
	}
	import_roster(f, 1, T0, 0);
	assert_int_equal(frozen_of(f, a_pk, &fz), ARNET_ENOTFOUND);
	/* Before the revocation the node holds 1, 2 and, waiting, 4. */
	assert_int_equal(offer(f, &r[0]), ARNET_INGEST_ACCEPTED);
	assert_int_equal(offer(f, &r[1]), ARNET_INGEST_ACCEPTED);
	assert_int_equal(offer(f, &r[3]), ARNET_INGEST_PENDING);
	/* A is revoked; the node adopts the roster. */
	now = rev + 50;
	import_roster(f, 2, rev + 10, rev);
	assert_int_equal(frozen_of(f, a_pk, &fz), ARNET_OK);
	assert_true(fz.fixed);
	assert_int_equal(fz.seq, 4);
	/* 3 was made before the revocation and is within the freeze: it
	 * passes the membership rule and releases 4. */
	assert_int_equal(offer(f, &r[2]), ARNET_INGEST_ACCEPTED);
	assert_int_equal(head_of(f, a_pk).seq, 4);
	/* 5 claims a time before the revocation, but reached us after it. */
	assert_int_equal(offer_bytes(f, r[4].b, r[4].len, &roster, &why),
	                 ARNET_INGEST_REFUSED);
	assert_int_equal(why, ARNET_REFUSE_BACKDATED);
	assert_string_equal(arnet_refusal_name(why), "backdated");
	assert_int_equal(holds(f, &r[4]), ARNET_ENOTFOUND);
	/* A peer's signed heads showed 5 before the revocation. */
	freeze_job j;
	memset(&j, 0, sizeof(j));
	memcpy(j.author, a_pk, 32);
	j.raise = 1;
	j.seq = 5;
	assert_int_equal(arnet_store_write(f->s, freeze_txn, &j, 0, NULL),
	                 ARNET_OK);
	j.seq = 2; /* never down */
	assert_int_equal(arnet_store_write(f->s, freeze_txn, &j, 0, NULL),
	                 ARNET_OK);
	assert_int_equal(offer(f, &r[4]), ARNET_INGEST_ACCEPTED);
	assert_int_equal(offer_bytes(f, r[5].b, r[5].len, &roster, &why),
	                 ARNET_INGEST_REFUSED);
	assert_int_equal(why, ARNET_REFUSE_BACKDATED);
	/* B is not frozen: nothing to raise. */
	memcpy(j.author, b_pk, 32);
	assert_int_equal(arnet_store_write(f->s, freeze_txn, &j, 0, NULL),
	                 ARNET_ENOTFOUND);
	/* A comes back (a roster without the revocation): unfrozen. */
	import_roster(f, 3, rev + 20, 0);
	assert_int_equal(frozen_of(f, a_pk, &fz), ARNET_ENOTFOUND);
	assert_int_equal(offer(f, &r[5]), ARNET_INGEST_ACCEPTED);
}

static void
test_backdated_later(void **state)
{
	fixture *f = *state;
	rec r[3];
	int why;
	arnet_freeze fz;
	const int64_t rev = T0 + 1000;
	make(&r[0], ARNET_REC_DEFAULT, a_sk, 1, NULL, "local:C-1", T0);
	make(&r[1], ARNET_REC_DEFAULT, a_sk, 2, &r[0], "local:C-1", T0 + 1);
	make(&r[2], ARNET_REC_DEFAULT, a_sk, 3, &r[1], "local:C-1", T0 + 2);
	/* A node's first roster freezes nothing, revocations or not: it
	 * holds nothing yet, and a former member's earlier records count. */
	now = T0 + 100;
	import_roster(f, 1, T0 + 50, rev);
	assert_int_equal(frozen_of(f, a_pk, &fz), ARNET_ENOTFOUND);
	/* A leaves at rev, announced before: armed, not fixed. */
	import_roster(f, 2, T0 + 50, 0);
	import_roster(f, 3, T0 + 50, rev);
	assert_int_equal(frozen_of(f, a_pk, &fz), ARNET_OK);
	assert_false(fz.fixed);
	assert_int_equal(offer(f, &r[0]), ARNET_INGEST_ACCEPTED);
	/* Its time comes: the next record fixes the freeze at seq 1. */
	now = rev;
	assert_int_equal(offer_bytes(f, r[1].b, r[1].len, &roster, &why),
	                 ARNET_INGEST_REFUSED);
	assert_int_equal(why, ARNET_REFUSE_BACKDATED);
	assert_int_equal(frozen_of(f, a_pk, &fz), ARNET_OK);
	assert_true(fz.fixed);
	assert_int_equal(fz.seq, 1);
}

typedef struct rivals_job {
	rec *v;
	int n;
	int equivocations;
	arnet_log_rules rules;
} rivals_job;

static int
rivals_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	rivals_job *j = arg;
	j->equivocations = 0;
	for (int i = 0; i < j->n; i++) {
		arnet_ingest_info info;
		int rv = arnet_log_ingest(t, j->v[i].b, j->v[i].len, &roster,
		                          &j->rules, &info, d);
		if (rv != ARNET_OK) {
			return rv;
		}
		j->equivocations += info.result == ARNET_INGEST_EQUIVOCATION;
	}
	return ARNET_OK;
}

static void
test_rivals(void **state)
{
	fixture *f = *state;
	enum { N = 1000 };
	rec first, *v = malloc(N * sizeof(*v));
	char subject[32];
	assert_non_null(v);
	now = T0 + 100;
	make(&first, ARNET_REC_DEFAULT, a_sk, 1, NULL, "local:C-1", T0);
	assert_int_equal(offer(f, &first), ARNET_INGEST_ACCEPTED);
	for (int i = 0; i < N; i++) {
		snprintf(subject, sizeof(subject), "local:R-%d", i);
		make(&v[i], ARNET_REC_CREDIT_STOP, a_sk, 1, NULL, subject, T0);
	}
	rivals_job j = {v, N, 0, {0}};
	arnet_log_rules_default(&j.rules, now);
	assert_int_equal(arnet_store_write(f->s, rivals_txn, &j, 0, NULL),
	                 ARNET_OK);
	assert_int_equal(j.equivocations, N);
	arnet_head h = head_of(f, a_pk);
	assert_true(h.equivocated);
	assert_int_equal(h.rivals, N);
	assert_int_equal(h.seq, 1);
	assert_int_equal(proofs_of(f, a_pk), 1);
	/* The kept proof relayed again is a duplicate, not one more. */
	assert_int_equal(offer(f, &v[0]), ARNET_INGEST_DUPLICATE);
	assert_int_equal(head_of(f, a_pk).rivals, N);
	/* Another rival is counted. */
	assert_int_equal(offer(f, &v[1]), ARNET_INGEST_EQUIVOCATION);
	assert_int_equal(head_of(f, a_pk).rivals, N + 1);
	assert_int_equal(proofs_of(f, a_pk), 1);
	free(v);
}

static void
test_pending_bound(void **state)
{
	fixture *f = *state;
	enum { BOUND = 10 };
	rec r[BOUND + 3];
	int why;
	now = T0 + 100;
	per_author = BOUND;
	make(&r[0], ARNET_REC_DEFAULT, a_sk, 1, NULL, "local:C-1", T0);
	for (int i = 1; i < BOUND + 3; i++) {
		make(&r[i], ARNET_REC_CREDIT_STOP, a_sk, (uint64_t)i + 1,
		     &r[i - 1], "local:C-1", T0 + i);
	}
	assert_int_equal(offer(f, &r[0]), ARNET_INGEST_ACCEPTED);
	/* 3 .. 12 wait (2 is missing); 13 is one too many. */
	for (int i = 2; i < BOUND + 2; i++) {
		assert_int_equal(offer(f, &r[i]), ARNET_INGEST_PENDING);
	}
	assert_int_equal(head_of(f, a_pk).pending, BOUND);
	assert_int_equal(
	        offer_bytes(f, r[BOUND + 2].b, r[BOUND + 2].len, &roster, &why),
	        ARNET_INGEST_REFUSED);
	assert_int_equal(why, ARNET_REFUSE_TOO_FAR);
	assert_int_equal(head_of(f, a_pk).pending, BOUND);
	/* Another author has its own bound. */
	rec b1;
	make(&b1, ARNET_REC_DEFAULT, b_sk, 2, &r[0], "local:C-1", T0);
	assert_int_equal(offer(f, &b1), ARNET_INGEST_PENDING);
	/* The gap fills: all are released, and 13 goes in. */
	assert_int_equal(offer(f, &r[1]), ARNET_INGEST_ACCEPTED);
	assert_int_equal(head_of(f, a_pk).seq, BOUND + 2);
	assert_int_equal(head_of(f, a_pk).pending, 0);
	assert_int_equal(offer(f, &r[BOUND + 2]), ARNET_INGEST_ACCEPTED);
	per_author = ARNET_LOG_PENDING_PER_AUTHOR;
}

/* arg: the count of records dropped. */
static int
expire_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	arnet_log_rules rules;
	arnet_log_rules_default(&rules, now);
	return arnet_log_expire_pending(t, &rules, arg, d);
}

static void
test_pending_expired(void **state)
{
	fixture *f = *state;
	rec r[8];
	const int64_t week = ARNET_LOG_PENDING_EXPIRE_S;
	now = T0 + 100;
	make(&r[0], ARNET_REC_DEFAULT, a_sk, 1, NULL, "local:C-1", T0);
	for (int i = 1; i < 8; i++) {
		/* 3 and 4 made at T0; 6, 7 and 8 a week later. */
		make(&r[i], ARNET_REC_CREDIT_STOP, a_sk, (uint64_t)i + 1,
		     &r[i - 1], "local:C-1", i < 4 ? T0 : T0 + week);
	}
	assert_int_equal(offer(f, &r[0]), ARNET_INGEST_ACCEPTED);
	assert_int_equal(offer(f, &r[2]), ARNET_INGEST_PENDING);
	assert_int_equal(offer(f, &r[3]), ARNET_INGEST_PENDING);
	/* More than a week on, the gap still open: touching the author's
	 * waiting records drops 3 and 4. */
	now = T0 + week + 1;
	assert_int_equal(offer(f, &r[5]), ARNET_INGEST_PENDING);
	arnet_head h = head_of(f, a_pk);
	assert_int_equal(h.pending, 1);
	assert_int_equal(h.pending_oldest, T0 + week);
	/* Dropped, not lost: they come again with the gap. */
	assert_int_equal(offer(f, &r[1]), ARNET_INGEST_ACCEPTED);
	assert_int_equal(head_of(f, a_pk).seq, 2);
	assert_int_equal(offer(f, &r[6]), ARNET_INGEST_PENDING);
	/* The node's sweep: nothing is old enough yet, then 6 and 7 are. */
	uint64_t dropped = 99;
	assert_int_equal(arnet_store_write(f->s, expire_txn, &dropped, 0, NULL),
	                 ARNET_OK);
	assert_int_equal(dropped, 0);
	now = T0 + 2 * week + 1;
	assert_int_equal(arnet_store_write(f->s, expire_txn, &dropped, 0, NULL),
	                 ARNET_OK);
	assert_int_equal(dropped, 2);
	h = head_of(f, a_pk);
	assert_int_equal(h.pending, 0);
	assert_int_equal(h.seq, 2);
	assert_int_equal(offer(f, &r[2]), ARNET_INGEST_ACCEPTED);
	assert_int_equal(offer(f, &r[3]), ARNET_INGEST_ACCEPTED);
	assert_int_equal(head_of(f, a_pk).seq, 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_refusals, fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_chain, fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(
	                test_indexes_and_own, fixture_setup, fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_future, fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_backdated, fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(
	                test_backdated_later, fixture_setup, fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_rivals, fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(
	                test_pending_bound, fixture_setup, fixture_teardown),
	        cmocka_unit_test_setup_teardown(
	                test_pending_expired, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
