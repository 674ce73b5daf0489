/*
 * gen_wire_vectors.c - writes tests/vectors/wire.json: golden network
 * messages (`build/tests/gen_wire_vectors > tests/vectors/wire.json`).
 * The asking member is seed 00 01 ... 1f; time and nonces are fixed.
 * tests/vectors/verify_vectors.py rebuilds each message independently;
 * tests/proto/survey_test.c re-signs the survey messages and compares.
 */
#include "arnet_proto.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cJSON *
hex(const uint8_t *p, size_t n)
{
	char *s = malloc(2 * n + 1);
	sodium_bin2hex(s, 2 * n + 1, p, n);
	cJSON *j = cJSON_CreateString(s);
	free(s);
	return j;
}

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
	cJSON_AddItemToObject(v, "seed_hex", hex(seed, 32));
	cJSON_AddItemToObject(f, "time", arnet_json_int(q->time));
	cJSON_AddItemToObject(f, "nonce", hex(q->nonce, 16));
	cJSON_AddItemToObject(f, "op", arnet_json_int(q->op));
	if (q->op == ARNET_SYNC_PULL) {
		cJSON_AddItemToObject(f, "author", hex(q->author, 32));
		cJSON_AddItemToObject(f, "from",
		                      arnet_json_int((int64_t)q->from));
		cJSON_AddItemToObject(f, "max", arnet_json_int(q->max));
	}
	cJSON_AddItemToObject(v, "fields", f);
	cJSON_AddItemToObject(v, "message_hex", hex(buf, len));
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
	cJSON_AddItemToObject(v, "seed_hex", hex(seed, 32));
	cJSON_AddItemToObject(f, "time", arnet_json_int(q.time));
	cJSON_AddItemToObject(f, "nonce", hex(q.nonce, 16));
	cJSON_AddStringToObject(f, "subject", q.subject.text);
	cJSON_AddItemToObject(v, "fields", f);
	cJSON_AddItemToObject(v, "message_hex", hex(buf, len));
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
	cJSON_AddItemToObject(v, "seed_hex", hex(rseed, 32));
	cJSON_AddItemToObject(f, "asker", hex(a.asker, 32));
	cJSON_AddItemToObject(f, "nonce", hex(a.nonce, 16));
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
	cJSON_AddItemToObject(v, "message_hex", hex(buf, len));
	cJSON_AddItemToObject(top, "survey_answer", v);
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
	cJSON_AddItemToObject(v, "message_hex", hex(r.p, r.len));
	cJSON_AddItemToArray(reps, v);
	arnet_reply_free(&r);
	cJSON_AddItemToObject(top, "sync_replies", reps);
	survey_vectors(top, sk, seed);
	char *s = cJSON_Print(top);
	puts(s);
	free(s);
	cJSON_Delete(top);
	return 0;
}
