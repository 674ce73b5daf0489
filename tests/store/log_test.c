/*
 * log_test.c - tests of store/log.c: the shared log a node keeps.
 *
 * Hostile first: malformed bytes, a broken signature, a non-member's
 * record, a record made after its author left, no roster at all, a
 * SETTLEMENT of another member's DEFAULT or of a record that is not a
 * DEFAULT, a record far past its author's head. Then the chain: appends,
 * duplicates, a rival record at the same place (kept as proof, feed
 * flagged), records out of order waiting and then released in one go,
 * and the indexes (heads, ranges, by subject, by hash).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_log.h"
#include "books_fixture.h"
#include "test_keys.h"

#include <stdlib.h>
#include <string.h>

static uint8_t root_pk[32], root_sk[64], a_pk[32], a_sk[64];
static uint8_t b_pk[32], b_sk[64], x_pk[32], x_sk[64];
static arnet_roster roster;
static uint8_t *roster_buf;

#define T0   INT64_C(1790000000)
#define LEFT (T0 + 1000000)

/* The node's clock in these tests (a test moves it). */
static int64_t now = T0 + 100;

static void
cert(arnet_cert *c, uint64_t serial, const char *id, const uint8_t *pk)
{
	uint8_t buf[ARNET_CERT_MAX];
	size_t n;
	memset(c, 0, sizeof(*c));
	c->version = 1;
	c->serial = serial;
	assert_int_equal(arnet_ident_parse(&c->member_id, id, NULL), ARNET_OK);
	strcpy(c->name, id);
	memcpy(c->key, pk, 32);
	strcpy(c->pub_url, "tcp://127.0.0.1:1");
	strcpy(c->sync_url, "tcp://127.0.0.1:2");
	c->not_before = T0 - 1000;
	c->not_after = T0 + 10000000;
	assert_int_equal(
	        arnet_cert_sign(buf, sizeof(buf), &n, c, root_sk, NULL),
	        ARNET_OK);
}

static int
group_setup(void **state)
{
	arnet_cert certs[2];
	arnet_revocation rev = {2, {0}, LEFT, ARNET_REVOKE_LEFT, 0};
	arnet_roster r;
	size_t len;
	(void)state;
	if (test_keypair(root_pk, root_sk, 0x71) |
	    test_keypair(a_pk, a_sk, 0x7a) | test_keypair(b_pk, b_sk, 0x7b) |
	    test_keypair(x_pk, x_sk, 0x7c)) {
		return -1;
	}
	cert(&certs[0], 1, "local:A", a_pk);
	cert(&certs[1], 2, "local:B", b_pk);
	memcpy(rev.key, b_pk, 32);
	memset(&r, 0, sizeof(r));
	r.version = 1;
	r.epoch = 1;
	r.issued = T0;
	r.certs = certs;
	r.ncerts = 2;
	r.revoked = &rev;
	r.nrevoked = 1;
	if (arnet_roster_sign(&roster_buf, &len, &r, root_sk, NULL) !=
	            ARNET_OK ||
	    arnet_roster_open(&roster, roster_buf, len, root_pk, NULL) !=
	            ARNET_OK) {
		return -1;
	}
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

typedef struct ing {
	const uint8_t *b;
	size_t len;
	const arnet_roster *roster;
	arnet_ingest_info info;
} ing;

static int
ing_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	ing *j = arg;
	arnet_log_rules rules;
	arnet_log_rules_default(&rules, now);
	return arnet_log_ingest(t, j->b, j->len, j->roster, &rules, 0, &j->info,
	                        d);
}

/* Offer bytes to the log; returns the result, *refusal the reason. */
static int
offer_bytes(fixture *f, const uint8_t *b, size_t len, const arnet_roster *r,
            int *refusal)
{
	ing j = {b, len, r, {0}};
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

typedef struct hj {
	uint8_t author[32];
	arnet_head h;
} hj;

static int
head_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	hj *j = arg;
	return arnet_log_head(t, j->author, &j->h, d);
}

static arnet_head
head_of(fixture *f, const uint8_t *pk)
{
	hj j;
	memcpy(j.author, pk, 32);
	assert_int_equal(arnet_store_read(f->s, head_txn, &j, NULL), ARNET_OK);
	return j.h;
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
	/* A flipped signature bit. */
	bad = r;
	bad.b[bad.len - 3] ^= 4;
	assert_int_equal(offer_bytes(f, bad.b, bad.len, &roster, &why),
	                 ARNET_INGEST_REFUSED);
	assert_int_equal(why, ARNET_REFUSE_SIGNATURE);
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

static int
holds_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	return arnet_log_holds(t, arg, d);
}

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
	ing j = {r[2].b, r[2].len, &roster, {0}};
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

static int
own_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	own_job *o = arg;
	return arnet_log_append_own(t, &o->r, o->sk, &roster, o->out, &o->len,
	                            d);
}

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
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
