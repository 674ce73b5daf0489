/*
 * gen_wire_vectors.c - writes tests/vectors/wire.json: golden network
 * messages (`build/tests/gen_wire_vectors | python3 -m json.tool --indent 2
 * > tests/vectors/wire.json`).
 * The asking member is seed 00 01 ... 1f; time and nonces are fixed.
 * tests/vectors/verify_vectors.py rebuilds each message independently;
 * tests/proto/survey_test.c re-signs the survey messages and compares.
 * The reply payloads (sync_payloads) are built with the encoders the
 * server uses; the records and the roster in them are opaque bytes to
 * the payload (a real record and roster would decode the same).
 */
#include "gen_util.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
request(cJSON *out, const char *name, arnet_sync_req *q, const uint8_t *sk,
        const uint8_t *seed)
{
	uint8_t buf[256];
	size_t len;
	if (arnet_sync_req_sign(buf, sizeof(buf), &len, q, sk) != ARNET_OK) {
		fprintf(stderr, "gen_wire_vectors: sign\n");
		exit(1);
	}
	cJSON *v = cJSON_CreateObject(), *f = cJSON_CreateObject();
	cJSON_AddStringToObject(v, "name", name);
	cJSON_AddItemToObject(v, "seed_hex", gen_hex(seed, 32));
	cJSON_AddItemToObject(f, "time", arnet_json_int(q->time));
	cJSON_AddItemToObject(f, "nonce", gen_hex(q->nonce, 16));
	cJSON_AddItemToObject(f, "op", arnet_json_int(q->op));
	if (q->op == ARNET_SYNC_PULL) {
		cJSON_AddItemToObject(f, "author", gen_hex(q->author, 32));
		cJSON_AddItemToObject(f, "from",
		                      arnet_json_int((int64_t)q->from));
		cJSON_AddItemToObject(f, "max", arnet_json_int(q->max));
	}
	cJSON_AddItemToObject(v, "fields", f);
	cJSON_AddItemToObject(v, "message_hex", gen_hex(buf, len));
	cJSON_AddItemToArray(out, v);
}

static void
survey_vectors(cJSON *top, const uint8_t *sk, const uint8_t *seed)
{
	uint8_t rseed[32], rpk[32], rsk[64], buf[ARNET_SURVEY_MAX];
	size_t len;
	arnet_survey_ask q;
	arnet_survey_answer a;
	arnet_diag d;
	memset(&q, 0, sizeof(q));
	memset(&a, 0, sizeof(a));
	q.time = 1795161600;
	for (int i = 0; i < 16; i++) {
		q.nonce[i] = (uint8_t)(0xb0 + i);
	}
	if (arnet_ident_parse(&q.subject, "uscc:91350100M000100Y43", &d) !=
	            ARNET_OK ||
	    arnet_survey_ask_sign(buf, sizeof(buf), &len, &q, sk, &d) !=
	            ARNET_OK) {
		fprintf(stderr, "gen_wire_vectors: ask: %s\n", d.msg);
		exit(1);
	}
	cJSON *v = cJSON_CreateObject(), *f = cJSON_CreateObject();
	cJSON_AddStringToObject(v, "name", "survey-ask");
	cJSON_AddItemToObject(v, "seed_hex", gen_hex(seed, 32));
	cJSON_AddItemToObject(f, "time", arnet_json_int(q.time));
	cJSON_AddItemToObject(f, "nonce", gen_hex(q.nonce, 16));
	cJSON_AddStringToObject(f, "subject", q.subject.text);
	cJSON_AddItemToObject(v, "fields", f);
	cJSON_AddItemToObject(v, "message_hex", gen_hex(buf, len));
	cJSON_AddItemToObject(top, "survey_ask", v);

	for (int i = 0; i < 32; i++) {
		rseed[i] = (uint8_t)(0x40 + i);
	}
	if (arnet_keypair_from_seed(rpk, rsk, rseed) != ARNET_OK) {
		exit(1);
	}
	memcpy(a.asker, q.asker, 32);
	memcpy(a.nonce, q.nonce, 16);
	a.time = q.time + 1;
	a.subject = q.subject;
	memcpy(a.currency, "CNY", 4);
	a.since = 19723;     /* 2024-01-01 */
	a.last_sale = 20390; /* 2025-10-29 */
	a.high_credit = 12000000;
	a.balance = 4500000;
	a.past_due[0] = 1500000;
	a.past_due[1] = 800000;
	a.dbt = 17;
	if (arnet_survey_answer_sign(buf, sizeof(buf), &len, &a, rsk, &d) !=
	    ARNET_OK) {
		fprintf(stderr, "gen_wire_vectors: answer: %s\n", d.msg);
		exit(1);
	}
	v = cJSON_CreateObject();
	f = cJSON_CreateObject();
	cJSON_AddStringToObject(v, "name", "survey-answer");
	cJSON_AddItemToObject(v, "seed_hex", gen_hex(rseed, 32));
	cJSON_AddItemToObject(f, "asker", gen_hex(a.asker, 32));
	cJSON_AddItemToObject(f, "nonce", gen_hex(a.nonce, 16));
	cJSON_AddItemToObject(f, "time", arnet_json_int(a.time));
	cJSON_AddStringToObject(f, "subject", a.subject.text);
	cJSON_AddStringToObject(f, "currency", a.currency);
	cJSON_AddItemToObject(f, "since", arnet_json_int(a.since));
	cJSON_AddItemToObject(f, "last_sale", arnet_json_int(a.last_sale));
	cJSON_AddItemToObject(f, "high_credit", arnet_json_int(a.high_credit));
	cJSON_AddItemToObject(f, "balance", arnet_json_int(a.balance));
	cJSON *pd = cJSON_AddArrayToObject(f, "past_due");
	for (int i = 0; i < 4; i++) {
		cJSON_AddItemToArray(pd, arnet_json_int(a.past_due[i]));
	}
	cJSON_AddItemToObject(f, "dbt", arnet_json_int(a.dbt));
	cJSON_AddItemToObject(v, "fields", f);
	cJSON_AddItemToObject(v, "message_hex", gen_hex(buf, len));
	cJSON_AddItemToObject(top, "survey_answer", v);
}

/* Bytes 0x<base>, 0x<base>+1, ... */
static void
fill(uint8_t *p, size_t n, uint8_t base)
{
	for (size_t i = 0; i < n; i++) {
		p[i] = (uint8_t)(base + i);
	}
}

/* The payload of r (a status-0 reply) as a vector. */
static void
payload(cJSON *out, const char *name, int op, cJSON *fields,
        const arnet_reply *r)
{
	size_t at = ARNET_ENVELOPE_BYTES + 2; /* status, empty reason */
	if (r->err != ARNET_OK) {
		fprintf(stderr, "gen_wire_vectors: %s\n", name);
		exit(1);
	}
	cJSON *v = cJSON_CreateObject();
	cJSON_AddStringToObject(v, "name", name);
	cJSON_AddItemToObject(v, "op", arnet_json_int(op));
	cJSON_AddItemToObject(v, "fields", fields);
	cJSON_AddItemToObject(v, "payload_hex",
	                      gen_hex(r->p + at, r->len - at));
	cJSON_AddItemToArray(out, v);
}

/* A PULL or PROOFS payload of the records recs[0..n). */
static void
records(cJSON *out, const char *name, int op, const uint8_t *const *recs,
        const size_t *lens, size_t n)
{
	arnet_reply r;
	arnet_payload_enc e;
	cJSON *f = cJSON_CreateObject();
	cJSON *list = cJSON_AddArrayToObject(f, "records");
	arnet_reply_start(&r, ARNET_SYNC_OK, NULL);
	arnet_records_payload_begin(&e, &r);
	for (size_t i = 0; i < n; i++) {
		arnet_records_payload_add(&e, recs[i], lens[i]);
		cJSON_AddItemToArray(list, gen_hex(recs[i], lens[i]));
	}
	(void)arnet_payload_end(&e);
	payload(out, name, op, f, &r);
	arnet_wbuf_free(&r);
}

static void
payload_vectors(cJSON *top)
{
	cJSON *out = cJSON_CreateArray();
	arnet_reply r;
	arnet_payload_enc e;
	uint8_t author[2][32], hash[2][32], a[40], b[27], c[33], roster[48];
	const uint64_t seqs[2] = {7, 256};
	fill(author[0], 32, 0x20);
	fill(author[1], 32, 0x60);
	fill(hash[0], 32, 0x80);
	fill(hash[1], 32, 0xc0);

	cJSON *f = cJSON_CreateObject(), *list;
	cJSON_AddItemToObject(f, "epoch", arnet_json_int(5));
	list = cJSON_AddArrayToObject(f, "heads");
	arnet_reply_start(&r, ARNET_SYNC_OK, NULL);
	arnet_heads_payload_begin(&e, &r, 5);
	for (int i = 0; i < 2; i++) {
		cJSON *h = cJSON_CreateObject();
		cJSON_AddItemToObject(h, "author", gen_hex(author[i], 32));
		cJSON_AddItemToObject(h, "seq", arnet_json_int(seqs[i]));
		cJSON_AddItemToObject(h, "hash", gen_hex(hash[i], 32));
		cJSON_AddItemToArray(list, h);
		arnet_heads_payload_add(&e, author[i], seqs[i], hash[i]);
	}
	(void)arnet_payload_end(&e);
	payload(out, "payload-heads", ARNET_SYNC_HEADS, f, &r);
	arnet_wbuf_free(&r);

	fill(a, sizeof(a), 0x01);
	fill(b, sizeof(b), 0x41);
	fill(c, sizeof(c), 0x81);
	const uint8_t *pull[2] = {a, b}, *proofs[2] = {b, c};
	const size_t pull_len[2] = {sizeof(a), sizeof(b)};
	const size_t proofs_len[2] = {sizeof(b), sizeof(c)};
	records(out, "payload-pull", ARNET_SYNC_PULL, pull, pull_len, 2);
	records(out, "payload-pull-none", ARNET_SYNC_PULL, NULL, NULL, 0);
	records(out, "payload-proofs", ARNET_SYNC_PROOFS, proofs, proofs_len,
	        2);

	fill(roster, sizeof(roster), 0xd0);
	f = cJSON_CreateObject();
	cJSON_AddItemToObject(f, "roster", gen_hex(roster, sizeof(roster)));
	arnet_reply_start(&r, ARNET_SYNC_OK, NULL);
	arnet_roster_payload_put(&r, roster, sizeof(roster));
	payload(out, "payload-roster", ARNET_SYNC_ROSTER, f, &r);
	arnet_wbuf_free(&r);
	cJSON_AddItemToObject(top, "sync_payloads", out);
}

int
main(void)
{
	uint8_t seed[32], pk[32], sk[64];
	arnet_sync_req q;
	if (arnet_crypto_init() != ARNET_OK) {
		return 1;
	}
	for (int i = 0; i < 32; i++) {
		seed[i] = (uint8_t)i;
	}
	if (arnet_keypair_from_seed(pk, sk, seed) != ARNET_OK) {
		return 1;
	}
	cJSON *top = cJSON_CreateObject(), *reqs = cJSON_CreateArray();
	memset(&q, 0, sizeof(q));
	q.time = 1795161600;
	for (int i = 0; i < 16; i++) {
		q.nonce[i] = (uint8_t)(0xa0 + i);
	}
	q.op = ARNET_SYNC_HEADS;
	request(reqs, "sync-heads", &q, sk, seed);
	q.op = ARNET_SYNC_PULL;
	for (int i = 0; i < 32; i++) {
		q.author[i] = (uint8_t)(0x20 + i);
	}
	q.from = 3;
	q.max = 500;
	request(reqs, "sync-pull", &q, sk, seed);
	q.op = ARNET_SYNC_ROSTER;
	request(reqs, "sync-roster", &q, sk, seed);
	q.op = ARNET_SYNC_PROOFS;
	request(reqs, "sync-proofs", &q, sk, seed);
	cJSON_AddItemToObject(top, "sync_requests", reqs);
	arnet_reply r;
	arnet_reply_start(&r, ARNET_SYNC_REFUSED, "not a member at this time");
	cJSON *reps = cJSON_CreateArray(), *v = cJSON_CreateObject();
	cJSON_AddStringToObject(v, "name", "reply-refused");
	cJSON_AddItemToObject(v, "message_hex", gen_hex(r.p, r.len));
	cJSON_AddItemToArray(reps, v);
	arnet_wbuf_free(&r);
	cJSON_AddItemToObject(top, "sync_replies", reps);
	payload_vectors(top);
	survey_vectors(top, sk, seed);
	gen_print("gen_wire_vectors", top);
	return 0;
}
