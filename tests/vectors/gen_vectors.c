/*
 * gen_vectors.c - writes tests/vectors/records.json, the golden records.
 *
 * Run once when the record format changes on purpose (it never should for
 * version 1): `build/tests/gen_vectors > tests/vectors/records.json`.
 * The vectors are a fixed story: member A reports a default, stops credit,
 * settles on a plan and lifts the stop; member B disputes A's default and
 * reports defaults of its own. Seeds and times are fixed, so the output is
 * the same on every machine; tests/proto/vectors_test.c rebuilds every
 * record from its fields and compares the bytes, and
 * tests/vectors/verify_vectors.py checks them independently of this code.
 */
#include "gen_util.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct member {
	uint8_t seed[ARNET_SEED_BYTES];
	uint8_t pk[ARNET_PUBKEY_BYTES];
	uint8_t sk[ARNET_SECKEY_BYTES];
	uint64_t seq;
	uint8_t head[ARNET_HASH_BYTES];
} member;

typedef struct made {
	uint8_t bytes[ARNET_RECORD_MAX];
	size_t len;
	arnet_ref ref;
} made;

static cJSON *vectors;

static void
die(const char *what, const arnet_diag *d)
{
	fprintf(stderr, "gen_vectors: %s: %s\n", what, d ? d->msg : "");
	exit(1);
}

static void
member_init(member *m, uint8_t first)
{
	for (int i = 0; i < ARNET_SEED_BYTES; i++) {
		m->seed[i] = (uint8_t)(first + i);
	}
	if (arnet_keypair_from_seed(m->pk, m->sk, m->seed) != ARNET_OK) {
		die("keypair", NULL);
	}
	m->seq = 0;
	memset(m->head, 0, sizeof(m->head));
}

/* A new record of this type about subject id, created at when (UTC). */
static void
begin(arnet_record *r, arnet_record_type type, const char *id, const char *when)
{
	arnet_diag d;
	arnet_record_init(r, type);
	if (arnet_ident_parse(&r->subject, id, &d) != ARNET_OK) {
		die(id, &d);
	}
	if (arnet_time_parse(&r->created, when, &d) != ARNET_OK) {
		die(when, &d);
	}
}

/* Chain, sign, append to the JSON array, and remember the reference. */
static void
emit(const char *name, member *m, arnet_record *r, made *out)
{
	arnet_diag d;
	uint8_t hash[ARNET_HASH_BYTES];
	r->seq = ++m->seq;
	memcpy(r->prev, m->head, sizeof(r->prev));
	if (arnet_record_sign(out->bytes, sizeof(out->bytes), &out->len, r,
	                      m->sk, &d) != ARNET_OK) {
		die(name, &d);
	}
	arnet_record_hash(hash, out->bytes, out->len);
	memcpy(m->head, hash, sizeof(hash));
	memcpy(out->ref.author, r->author, sizeof(r->author));
	out->ref.seq = r->seq;
	memcpy(out->ref.hash, hash, sizeof(hash));

	cJSON *v = cJSON_CreateObject();
	cJSON_AddStringToObject(v, "name", name);
	cJSON_AddStringToObject(v, "type", arnet_record_type_name(r->type));
	cJSON_AddItemToObject(v, "seed_hex", arnet_json_hex(m->seed, 32));
	cJSON_AddItemToObject(v, "public_key_hex", arnet_json_hex(m->pk, 32));
	cJSON_AddItemToObject(v, "fields", arnet_record_to_json(r));
	cJSON_AddItemToObject(v, "record_hex", gen_hex(out->bytes, out->len));
	cJSON_AddItemToObject(v, "hash_hex", arnet_json_hex(hash, 32));
	cJSON_AddItemToArray(vectors, v);
}

int
main(void)
{
	member a, b;
	made a1, a2, a3, a4, b1, b2, b3;
	arnet_record r;
	const char *evidence = "contract HT-2026-017 and delivery note 0415";

	if (arnet_crypto_init() != ARNET_OK) {
		die("sodium_init", NULL);
	}
	vectors = cJSON_CreateArray();
	member_init(&a, 0x00);
	member_init(&b, 0x20);

	begin(&r, ARNET_REC_DEFAULT, "uscc:91350100M000100Y43",
	      "2026-11-04T09:00:00Z");
	r.u.def.amount = 12345678; /* 123,456.78 CNY */
	memcpy(r.u.def.currency, "CNY", 4);
	if (arnet_date_parse(&r.u.def.due_date, "2026-08-01", NULL)) {
		die("date", NULL);
	}
	r.u.def.days_past_due = 95;
	r.u.def.reason = ARNET_REASON_NON_PAYMENT;
	crypto_generichash(r.u.def.evidence, 32, (const uint8_t *)evidence,
	                   strlen(evidence), NULL, 0);
	snprintf(r.note, sizeof(r.note),
	         "货款逾期未付 (invoice INV-2026-0415)");
	emit("default-cny-uscc", &a, &r, &a1);

	begin(&r, ARNET_REC_CREDIT_STOP, "uscc:91350100M000100Y43",
	      "2026-11-04T09:05:00Z");
	r.u.stop.reason = ARNET_REASON_NON_PAYMENT;
	emit("credit-stop-empty-note", &a, &r, &a2);

	begin(&r, ARNET_REC_DISPUTE, "uscc:91350100M000100Y43",
	      "2026-11-05T02:30:00Z");
	r.u.dispute.target = a1.ref;
	r.u.dispute.status = ARNET_DISPUTE_OPEN;
	snprintf(r.note, sizeof(r.note),
	         "金额有误: customer says 23,456.78 "
	         "was paid on 2026-09-30");
	emit("dispute-open-other-author", &b, &r, &b1);

	begin(&r, ARNET_REC_SETTLEMENT, "uscc:91350100M000100Y43",
	      "2026-11-20T08:00:00Z");
	r.u.settle.target = a1.ref;
	r.u.settle.how = ARNET_SETTLE_PLAN;
	r.u.settle.amount = 5000000;
	memcpy(r.u.settle.currency, "CNY", 4);
	snprintf(r.note, sizeof(r.note), "payment plan: 4 monthly instalments");
	emit("settlement-plan", &a, &r, &a3);

	begin(&r, ARNET_REC_LIFT, "uscc:91350100M000100Y43",
	      "2026-11-20T08:01:00Z");
	r.u.lift.target = a2.ref;
	emit("lift", &a, &r, &a4);

	begin(&r, ARNET_REC_DEFAULT, "duns:150483782", "2026-11-21T00:00:00Z");
	r.u.def.amount = 4800000; /* JPY has no minor unit */
	memcpy(r.u.def.currency, "JPY", 4);
	if (arnet_date_parse(&r.u.def.due_date, "2026-06-30", NULL)) {
		die("date", NULL);
	}
	r.u.def.days_past_due = 144;
	r.u.def.reason = ARNET_REASON_BOUNCED_INSTRUMENT;
	emit("default-jpy-duns-no-evidence", &b, &r, &b2);

	begin(&r, ARNET_REC_CREDIT_STOP, "local:客户-1001",
	      "2026-11-21T00:00:01Z");
	r.u.stop.reason = ARNET_REASON_FORGED_DOCUMENTS;
	snprintf(r.note, sizeof(r.note), "伪造的银行承兑汇票");
	emit("credit-stop-local-chinese", &b, &r, &b3);

	(void)a4;
	(void)b2;
	(void)b3;
	gen_print("gen_vectors", vectors);
	return 0;
}
