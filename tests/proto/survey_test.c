/*
 * survey_test.c - trade-reference questions and answers (proto/survey.c):
 * hostile input first (truncation at every byte, every flipped bit,
 * trailing bytes, inconsistent summaries, a question signed by one key
 * claiming another), then the golden messages of tests/vectors/wire.json.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_proto.h"
#include "test_hex.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static uint8_t ask_pk[32], ask_sk[64], ans_pk[32], ans_sk[64];

static int
setup(void **state)
{
	(void)state;
	if (arnet_crypto_init() != ARNET_OK) {
		return -1;
	}
	crypto_sign_keypair(ask_pk, ask_sk);
	crypto_sign_keypair(ans_pk, ans_sk);
	return 0;
}

/* A question with fixed values (q), signed into buf: its length. */
static size_t
make_ask(uint8_t *buf, arnet_survey_ask *q)
{
	size_t len;
	arnet_diag d;
	memset(q, 0, sizeof(*q));
	q->time = 1795161600;
	assert_int_equal(
	        arnet_ident_parse(&q->subject, "uscc:91350100M000100Y43", &d),
	        ARNET_OK);
	assert_int_equal(arnet_survey_ask_sign(buf, ARNET_SURVEY_MAX, &len, q,
	                                       ask_sk, &d),
	                 ARNET_OK);
	return len;
}

/* The answer to question q, with fixed values, not signed. */
static void
fill_answer(arnet_survey_answer *a, const arnet_survey_ask *q)
{
	memset(a, 0, sizeof(*a));
	memcpy(a->asker, q->asker, 32);
	memcpy(a->nonce, q->nonce, 16);
	a->time = q->time + 2;
	a->subject = q->subject;
	memcpy(a->currency, "CNY", 4);
	a->since = 19000;
	a->last_sale = 20000;
	a->high_credit = 900000;
	a->balance = 500000;
	a->past_due[0] = 100000;
	a->past_due[3] = 50000;
	a->dbt = 12;
}

/* A question (q) and the answer to it (a), signed into buf: its length. */
static size_t
make_answer(uint8_t *buf, arnet_survey_ask *q, arnet_survey_answer *a)
{
	size_t len;
	arnet_diag d;
	(void)make_ask(buf, q);
	fill_answer(a, q);
	assert_int_equal(arnet_survey_answer_sign(buf, ARNET_SURVEY_MAX, &len,
	                                          a, ans_sk, &d),
	                 ARNET_OK);
	return len;
}

/* make_ask, and what the *_open functions read: the message past its
 * envelope, *blen bytes long (the signature included). */
static uint8_t *
ask_body(uint8_t *buf, arnet_survey_ask *q, size_t *blen)
{
	*blen = make_ask(buf, q) - ARNET_ENVELOPE_BYTES;
	return buf + ARNET_ENVELOPE_BYTES;
}

/* make_answer, and the message past its envelope as ask_body. */
static uint8_t *
answer_body(uint8_t *buf, arnet_survey_ask *q, arnet_survey_answer *a,
            size_t *blen)
{
	*blen = make_answer(buf, q, a) - ARNET_ENVELOPE_BYTES;
	return buf + ARNET_ENVELOPE_BYTES;
}

static void
test_ask_truncated_and_trailing(void **state)
{
	uint8_t m[ARNET_SURVEY_MAX + 8];
	arnet_survey_ask q, got;
	arnet_diag d;
	(void)state;
	size_t blen;
	uint8_t *body = ask_body(m, &q, &blen);
	for (size_t k = 0; k < blen; k++) {
		d.msg[0] = '\0';
		assert_int_not_equal(arnet_survey_ask_open(&got, body, k, &d),
		                     ARNET_OK);
		assert_true(d.msg[0] != '\0');
	}
	body[blen] = 0;
	assert_int_equal(arnet_survey_ask_open(&got, body, blen + 1, &d),
	                 ARNET_ETRAILING);
	assert_int_equal(arnet_survey_ask_open(&got, body, blen, &d), ARNET_OK);
	assert_string_equal(got.subject.text, "uscc:91350100M000100Y43");
	assert_memory_equal(got.asker, ask_pk, 32);
	assert_memory_equal(got.nonce, q.nonce, 16);
	assert_false(sodium_is_zero(got.nonce, 16));
	assert_int_equal(got.time, q.time);
}

static void
test_ask_every_flipped_bit(void **state)
{
	uint8_t m[ARNET_SURVEY_MAX];
	arnet_survey_ask q, got;
	arnet_diag d;
	(void)state;
	size_t blen;
	uint8_t *body = ask_body(m, &q, &blen);
	for (size_t k = 0; k < blen * 8; k++) {
		body[k / 8] ^= (uint8_t)(1u << (k % 8));
		assert_int_not_equal(
		        arnet_survey_ask_open(&got, body, blen, &d), ARNET_OK);
		body[k / 8] ^= (uint8_t)(1u << (k % 8));
	}
}

static void
test_ask_claiming_another_key(void **state)
{
	uint8_t m[ARNET_SURVEY_MAX];
	arnet_survey_ask q, got;
	arnet_diag d;
	(void)state;
	size_t blen;
	uint8_t *body = ask_body(m, &q, &blen);
	memcpy(body, ans_pk, 32); /* someone else's */
	assert_int_equal(arnet_survey_ask_open(&got, body, blen, &d),
	                 ARNET_ESIG);
	assert_non_null(strstr(d.msg, "asker"));
}

static void
test_ask_bad_subject_refused(void **state)
{
	uint8_t m[ARNET_SURVEY_MAX];
	size_t len;
	arnet_survey_ask q;
	arnet_diag d;
	(void)state;
	memset(&q, 0, sizeof(q));
	strcpy(q.subject.text, "uscc:91350100M000100Y44"); /* bad check */
	assert_int_equal(
	        arnet_survey_ask_sign(m, sizeof(m), &len, &q, ask_sk, &d),
	        ARNET_ECHECK);
	strcpy(q.subject.text, "USCC:91350100M000100Y43"); /* not canonical */
	assert_int_equal(
	        arnet_survey_ask_sign(m, sizeof(m), &len, &q, ask_sk, &d),
	        ARNET_ENONCANON);
	assert_int_equal(arnet_survey_ask_sign(m, 40, &len, &q, ask_sk, &d),
	                 ARNET_ENONCANON);
}

static void
test_ask_oversize_refused(void **state)
{
	static uint8_t big[ARNET_SURVEY_MAX + 1];
	arnet_survey_ask got;
	arnet_diag d;
	(void)state;
	assert_int_equal(arnet_survey_ask_open(&got, big, sizeof(big), &d),
	                 ARNET_ETOOBIG);
}

static void
test_answer_truncated_flipped(void **state)
{
	uint8_t m[ARNET_SURVEY_MAX + 8];
	arnet_survey_ask q;
	arnet_survey_answer a, got;
	arnet_diag d;
	(void)state;
	size_t blen;
	uint8_t *body = answer_body(m, &q, &a, &blen);
	for (size_t k = 0; k < blen; k++) {
		d.msg[0] = '\0';
		assert_int_not_equal(
		        arnet_survey_answer_open(&got, body, k, &d), ARNET_OK);
		assert_true(d.msg[0] != '\0');
	}
	for (size_t k = 0; k < blen * 8; k++) {
		body[k / 8] ^= (uint8_t)(1u << (k % 8));
		assert_int_not_equal(
		        arnet_survey_answer_open(&got, body, blen, &d),
		        ARNET_OK);
		body[k / 8] ^= (uint8_t)(1u << (k % 8));
	}
	body[blen] = 0;
	assert_int_equal(arnet_survey_answer_open(&got, body, blen + 1, &d),
	                 ARNET_ETRAILING);
	assert_int_equal(arnet_survey_answer_open(&got, body, blen, &d),
	                 ARNET_OK);
	assert_memory_equal(got.responder, ans_pk, 32);
	assert_memory_equal(got.asker, ask_pk, 32);
	assert_memory_equal(got.nonce, q.nonce, 16);
	assert_string_equal(got.currency, "CNY");
	assert_int_equal(got.since, 19000);
	assert_int_equal(got.last_sale, 20000);
	assert_int_equal(got.high_credit, 900000);
	assert_int_equal(got.balance, 500000);
	assert_int_equal(got.past_due[0], 100000);
	assert_int_equal(got.past_due[3], 50000);
	assert_int_equal(got.dbt, 12);
}

static void
test_answer_inconsistent_refused(void **state)
{
	uint8_t m[ARNET_SURVEY_MAX];
	size_t len;
	arnet_survey_ask q;
	arnet_survey_answer a;
	arnet_diag d;
	(void)state;
	(void)make_ask(m, &q);
	fill_answer(&a, &q);
	a.past_due[2] = a.balance; /* more past due than owed */
	assert_int_equal(
	        arnet_survey_answer_sign(m, sizeof(m), &len, &a, ans_sk, &d),
	        ARNET_ERANGE);
	assert_non_null(strstr(d.msg, "past due"));
	fill_answer(&a, &q);
	a.since = a.last_sale + 1;
	assert_int_equal(
	        arnet_survey_answer_sign(m, sizeof(m), &len, &a, ans_sk, &d),
	        ARNET_ERANGE);
	fill_answer(&a, &q);
	a.balance = -1;
	assert_int_equal(
	        arnet_survey_answer_sign(m, sizeof(m), &len, &a, ans_sk, &d),
	        ARNET_ERANGE);
	fill_answer(&a, &q);
	a.dbt = ARNET_DBT_MAX + 1;
	assert_int_equal(
	        arnet_survey_answer_sign(m, sizeof(m), &len, &a, ans_sk, &d),
	        ARNET_ERANGE);
	fill_answer(&a, &q);
	memcpy(a.currency, "XXQ", 4);
	assert_int_equal(
	        arnet_survey_answer_sign(m, sizeof(m), &len, &a, ans_sk, &d),
	        ARNET_ECURRENCY);
}

/* A responder that signs nonsense is refused on decoding: the rules are
 * checked before the signature, and name the field. */
static void
test_answer_nonsense_signed_refused(void **state)
{
	uint8_t m[ARNET_SURVEY_MAX];
	arnet_survey_ask q;
	arnet_survey_answer a, got;
	arnet_diag d;
	(void)state;
	size_t blen;
	uint8_t *body = answer_body(m, &q, &a, &blen);
	blen -= ARNET_SIG_BYTES; /* the signed part */
	/* balance is after responder, asker, nonce, time, subject, currency,
	 * since, last_sale, high_credit: set it to 0 (below past due) and
	 * re-sign the body as the responder would. */
	size_t off =
	        32 + 32 + 16 + 8 + 1 + strlen(a.subject.text) + 3 + 4 + 4 + 8;
	memset(body + off, 0, 8);
	assert_int_equal(arnet_sign_ctx(body + blen, ARNET_ANSWER_SIG_CONTEXT,
	                                ARNET_ANSWER_SIG_CONTEXT_LEN, body,
	                                blen, ans_sk),
	                 ARNET_OK);
	assert_int_equal(arnet_survey_answer_open(&got, body,
	                                          blen + ARNET_SIG_BYTES, &d),
	                 ARNET_ERANGE);
	assert_non_null(strstr(d.msg, "past_due"));
}

/* An answer signed under the ask's context (or the other way round) does
 * not verify: the contexts separate the two. */
static void
test_contexts_separate(void **state)
{
	uint8_t m[ARNET_SURVEY_MAX];
	arnet_survey_ask q, got;
	arnet_diag d;
	(void)state;
	size_t blen;
	uint8_t *body = ask_body(m, &q, &blen);
	blen -= ARNET_SIG_BYTES; /* the signed part */
	assert_int_equal(arnet_sign_ctx(body + blen, ARNET_ANSWER_SIG_CONTEXT,
	                                ARNET_ANSWER_SIG_CONTEXT_LEN, body,
	                                blen, ask_sk),
	                 ARNET_OK);
	assert_int_equal(
	        arnet_survey_ask_open(&got, body, blen + ARNET_SIG_BYTES, &d),
	        ARNET_ESIG);
}

/* The golden messages open, say what their fields say, and re-sign to
 * the same bytes (Ed25519 is deterministic). */
static void
test_golden_vectors(void **state)
{
	static char text[1 << 16];
	uint8_t m[ARNET_SURVEY_MAX], seed[32], pk[32], sk[64], again[512];
	arnet_diag d;
	const uint8_t *body;
	size_t blen, len, n2;
	int type;
	(void)state;
	FILE *f = fopen(ARNET_SOURCE_DIR "/tests/vectors/wire.json", "rb");
	assert_non_null(f);
	text[fread(text, 1, sizeof(text) - 1, f)] = '\0';
	fclose(f);
	cJSON *doc = cJSON_Parse(text);
	assert_non_null(doc);

	const cJSON *v = cJSON_GetObjectItem(doc, "survey_ask");
	len = test_unhex_json(m, sizeof(m),
	                      cJSON_GetObjectItem(v, "message_hex"));
	assert_int_equal(arnet_envelope_open(m, len, &type, &body, &blen, &d),
	                 ARNET_OK);
	assert_int_equal(type, ARNET_MSG_SURVEY_ASK);
	arnet_survey_ask q;
	assert_int_equal(arnet_survey_ask_open(&q, body, blen, &d), ARNET_OK);
	test_unhex_json(seed, 32, cJSON_GetObjectItem(v, "seed_hex"));
	assert_int_equal(arnet_keypair_from_seed(pk, sk, seed), ARNET_OK);
	assert_memory_equal(q.asker, pk, 32);
	assert_int_equal(
	        arnet_survey_ask_sign(again, sizeof(again), &n2, &q, sk, &d),
	        ARNET_OK);
	assert_int_equal(n2, len);
	assert_memory_equal(again, m, len);

	v = cJSON_GetObjectItem(doc, "survey_answer");
	len = test_unhex_json(m, sizeof(m),
	                      cJSON_GetObjectItem(v, "message_hex"));
	assert_int_equal(arnet_envelope_open(m, len, &type, &body, &blen, &d),
	                 ARNET_OK);
	assert_int_equal(type, ARNET_MSG_SURVEY_ANSWER);
	arnet_survey_answer a;
	assert_int_equal(arnet_survey_answer_open(&a, body, blen, &d),
	                 ARNET_OK);
	assert_memory_equal(a.asker, q.asker, 32);
	assert_memory_equal(a.nonce, q.nonce, 16);
	const cJSON *fl = cJSON_GetObjectItem(v, "fields");
	assert_int_equal(a.balance,
	                 (int64_t)cJSON_GetNumberValue(
	                         cJSON_GetObjectItem(fl, "balance")));
	assert_int_equal(a.dbt, (uint32_t)cJSON_GetNumberValue(
	                                cJSON_GetObjectItem(fl, "dbt")));
	test_unhex_json(seed, 32, cJSON_GetObjectItem(v, "seed_hex"));
	assert_int_equal(arnet_keypair_from_seed(pk, sk, seed), ARNET_OK);
	assert_int_equal(
	        arnet_survey_answer_sign(again, sizeof(again), &n2, &a, sk, &d),
	        ARNET_OK);
	assert_int_equal(n2, len);
	assert_memory_equal(again, m, len);
	cJSON_Delete(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_ask_truncated_and_trailing),
	        cmocka_unit_test(test_ask_every_flipped_bit),
	        cmocka_unit_test(test_ask_claiming_another_key),
	        cmocka_unit_test(test_ask_bad_subject_refused),
	        cmocka_unit_test(test_ask_oversize_refused),
	        cmocka_unit_test(test_answer_truncated_flipped),
	        cmocka_unit_test(test_answer_inconsistent_refused),
	        cmocka_unit_test(test_answer_nonsense_signed_refused),
	        cmocka_unit_test(test_contexts_separate),
	        cmocka_unit_test(test_golden_vectors),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
