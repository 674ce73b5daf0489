/*
 * wire_test.c - tests of proto/wire.c: envelopes, signed sync requests
 * and replies. Hostile first: short and oversize messages, unknown
 * versions and types, sealed payloads, requests truncated at every byte,
 * every flipped bit, unknown ops, pull sizes out of range.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_proto.h"
#include "test_hex.h"
#include "test_keys.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t pk[32], sk[64];

static int
setup(void **state)
{
	(void)state;
	return test_keypair(pk, sk, 0x99);
}

static void
test_envelope_hostile(void **state)
{
	uint8_t m[16] = {1, 0, 0, 0, 0, ARNET_MSG_RECORD, 0xaa};
	const uint8_t *body;
	size_t n;
	int type;
	arnet_diag d;
	(void)state;
	for (size_t k = 0; k < ARNET_ENVELOPE_BYTES; k++) {
		assert_int_equal(
		        arnet_envelope_open(m, k, &type, &body, &n, &d),
		        ARNET_ETRUNC);
	}
	assert_int_equal(arnet_envelope_open(m, 7, &type, &body, &n, &d),
	                 ARNET_OK);
	assert_int_equal(type, ARNET_MSG_RECORD);
	assert_int_equal(n, 1);
	assert_int_equal(body[0], 0xaa);
	m[0] = 2;
	assert_int_equal(arnet_envelope_open(m, 7, &type, &body, &n, &d),
	                 ARNET_EVERSION);
	m[0] = 1;
	m[4] = 1; /* key epoch 1: sealed */
	assert_int_equal(arnet_envelope_open(m, 7, &type, &body, &n, &d),
	                 ARNET_EPERM);
	assert_non_null(strstr(d.msg, "sealed"));
	m[4] = 0;
	m[5] = 0;
	assert_int_equal(arnet_envelope_open(m, 7, &type, &body, &n, &d),
	                 ARNET_ETYPE);
	m[5] = ARNET_MSG_SURVEY_ANSWER + 1;
	assert_int_equal(arnet_envelope_open(m, 7, &type, &body, &n, &d),
	                 ARNET_ETYPE);
	m[5] = ARNET_MSG_RECORD;
	assert_int_equal(arnet_envelope_open(m, (size_t)ARNET_WIRE_MAX + 1,
	                                     &type, &body, &n, &d),
	                 ARNET_ETOOBIG);
}

static void
test_request_hostile(void **state)
{
	uint8_t buf[256], f[256];
	size_t len;
	arnet_sync_req q, back;
	arnet_diag d;
	(void)state;
	memset(&q, 0, sizeof(q));
	q.op = ARNET_SYNC_PULL;
	q.time = 1790000000;
	memset(q.author, 0x33, 32);
	q.from = 5;
	q.max = 0;
	assert_int_equal(arnet_sync_req_sign(buf, sizeof(buf), &len, &q, sk),
	                 ARNET_EINVAL);
	q.max = ARNET_PULL_MAX + 1;
	assert_int_equal(arnet_sync_req_sign(buf, sizeof(buf), &len, &q, sk),
	                 ARNET_EINVAL);
	q.max = 100;
	assert_int_equal(arnet_sync_req_sign(buf, 20, &len, &q, sk),
	                 ARNET_ETOOBIG);
	assert_int_equal(arnet_sync_req_sign(buf, sizeof(buf), &len, &q, sk),
	                 ARNET_OK);
	const uint8_t *body = buf + ARNET_ENVELOPE_BYTES;
	size_t n = len - ARNET_ENVELOPE_BYTES;
	for (size_t k = 0; k < n; k++) {
		assert_int_not_equal(arnet_sync_req_open(&back, body, k, &d),
		                     ARNET_OK);
		assert_true(d.msg[0] != '\0');
	}
	for (size_t k = 0; k < n; k++) {
		memcpy(f, body, n);
		f[k] ^= 0x10;
		assert_int_not_equal(arnet_sync_req_open(&back, f, n, &d),
		                     ARNET_OK);
	}
	memcpy(f, body, n);
	f[n] = 0;
	assert_int_equal(arnet_sync_req_open(&back, f, n + 1, &d),
	                 ARNET_ETRAILING);
	/* Decoding alone takes exactly the framing open takes, and leaves
	 * the signature to arnet_sync_req_verify: the server checks the
	 * time and the asker first. */
	for (size_t k = 0; k < n; k++) {
		assert_int_not_equal(arnet_sync_req_decode(&back, body, k, &d),
		                     ARNET_OK);
	}
	assert_int_equal(arnet_sync_req_decode(&back, f, n + 1, &d),
	                 ARNET_ETRAILING);
	for (size_t k = n - 64; k < n; k++) { /* any signature byte */
		memcpy(f, body, n);
		f[k] ^= 0x10;
		assert_int_equal(arnet_sync_req_decode(&back, f, n, &d),
		                 ARNET_OK);
		assert_int_equal(arnet_sync_req_verify(&back, f, n, &d),
		                 ARNET_ESIG);
	}
	memcpy(f, body, n);
	f[40] ^= 0x01; /* the time, signed */
	assert_int_equal(arnet_sync_req_decode(&back, f, n, &d), ARNET_OK);
	assert_int_equal(arnet_sync_req_verify(&back, f, n, &d), ARNET_ESIG);
	assert_int_equal(arnet_sync_req_decode(&back, body, n, &d), ARNET_OK);
	assert_int_equal(arnet_sync_req_verify(&back, body, n, &d), ARNET_OK);
	assert_int_equal(arnet_sync_req_open(&back, body, n, &d), ARNET_OK);
	assert_memory_equal(back.asker, pk, 32);
	assert_int_equal(back.from, 5);
	assert_int_equal(back.max, 100);
	assert_int_equal(back.time, 1790000000);
	/* HEADS has no op body. */
	q.op = ARNET_SYNC_HEADS;
	assert_int_equal(arnet_sync_req_sign(buf, sizeof(buf), &len, &q, sk),
	                 ARNET_OK);
	assert_int_equal(len, ARNET_ENVELOPE_BYTES + 32 + 8 + 16 + 1 + 64);
	assert_int_equal(arnet_sync_req_open(&back, buf + ARNET_ENVELOPE_BYTES,
	                                     len - ARNET_ENVELOPE_BYTES, &d),
	                 ARNET_OK);
	assert_int_equal(back.op, ARNET_SYNC_HEADS);
	q.op = 9;
	assert_int_equal(arnet_sync_req_sign(buf, sizeof(buf), &len, &q, sk),
	                 ARNET_EINVAL);
}

static void
test_reply(void **state)
{
	arnet_reply r;
	arnet_sync_reply back;
	arnet_diag d;
	int type;
	const uint8_t *body;
	size_t n;
	(void)state;
	arnet_reply_start(&r, ARNET_SYNC_REFUSED, "not a member");
	assert_int_equal(r.err, ARNET_OK);
	assert_int_equal(arnet_envelope_open(r.p, r.len, &type, &body, &n, &d),
	                 ARNET_OK);
	assert_int_equal(type, ARNET_MSG_SYNC_REPLY);
	assert_int_equal(arnet_sync_reply_open(&back, body, n, &d), ARNET_OK);
	assert_int_equal(back.status, ARNET_SYNC_REFUSED);
	assert_string_equal(back.reason, "not a member");
	assert_int_equal(back.payload_len, 0);
	arnet_wbuf_free(&r);
	arnet_reply_start(&r, ARNET_SYNC_OK, NULL);
	arnet_put_u32(&r, 2);
	arnet_put_blob16(&r, "ab", 2);
	arnet_put_blob16(&r, "cde", 3);
	assert_int_equal(arnet_sync_reply_open(&back, r.p + 6, r.len - 6, &d),
	                 ARNET_OK);
	assert_int_equal(back.payload_len, 4 + 4 + 5);
	/* Hostile replies: unknown status, truncated reason. */
	uint8_t bad[3] = {7, 0, 0};
	assert_int_equal(arnet_sync_reply_open(&back, bad, 2, &d),
	                 ARNET_ERANGE);
	uint8_t cut[3] = {1, 5, 'x'};
	assert_int_equal(arnet_sync_reply_open(&back, cut, 3, &d),
	                 ARNET_ETRUNC);
	/* A reply never grows past the wire maximum. */
	static uint8_t chunk[65535];
	for (int i = 0; i < 200 && r.err == ARNET_OK; i++) {
		arnet_put_blob16(&r, chunk, sizeof(chunk));
	}
	assert_int_equal(r.err, ARNET_ETOOBIG);
	arnet_wbuf_free(&r);
}

/* The JSON text of tests/vectors/wire.json (static storage). */
static cJSON *
wire_vectors(void)
{
	static char text[1 << 15];
	FILE *f = fopen(ARNET_SOURCE_DIR "/tests/vectors/wire.json", "rb");
	assert_non_null(f);
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	assert_true(n < sizeof(text) - 1);
	text[n] = '\0';
	cJSON *doc = cJSON_Parse(text);
	assert_non_null(doc);
	return doc;
}

/* Every golden message of tests/vectors/wire.json, rebuilt. */
static void
test_vectors(void **state)
{
	(void)state;
	cJSON *doc = wire_vectors(), *v;
	int count = 0;
	cJSON_ArrayForEach(v, cJSON_GetObjectItem(doc, "sync_requests"))
	{
		const cJSON *fl = cJSON_GetObjectItem(v, "fields");
		uint8_t seed[32], vpk[32], vsk[64], buf[256], want[256];
		size_t len;
		arnet_sync_req q;
		memset(&q, 0, sizeof(q));
		assert_int_equal(
		        test_unhex_json(seed, 32,
		                        cJSON_GetObjectItem(v, "seed_hex")),
		        32);
		assert_int_equal(arnet_keypair_from_seed(vpk, vsk, seed),
		                 ARNET_OK);
		q.time = (int64_t)cJSON_GetObjectItem(fl, "time")->valuedouble;
		assert_int_equal(
		        test_unhex_json(q.nonce, 16,
		                        cJSON_GetObjectItem(fl, "nonce")),
		        16);
		q.op = (uint8_t)cJSON_GetObjectItem(fl, "op")->valuedouble;
		if (q.op == ARNET_SYNC_PULL) {
			assert_int_equal(test_unhex_json(q.author, 32,
			                                 cJSON_GetObjectItem(
			                                         fl, "author")),
			                 32);
			q.from = (uint64_t)cJSON_GetObjectItem(fl, "from")
			                 ->valuedouble;
			q.max = (uint16_t)cJSON_GetObjectItem(fl, "max")
			                ->valuedouble;
		}
		assert_int_equal(
		        arnet_sync_req_sign(buf, sizeof(buf), &len, &q, vsk),
		        ARNET_OK);
		assert_int_equal(
		        test_unhex_json(want, sizeof(want),
		                        cJSON_GetObjectItem(v, "message_hex")),
		        len);
		assert_memory_equal(buf, want, len);
		count++;
	}
	assert_int_equal(count, 4);
	cJSON_Delete(doc);
}

/* A hex field of a vector into out (cap bytes); its length. */
static size_t
unhex(uint8_t *out, size_t cap, const cJSON *obj, const char *name)
{
	int n = test_unhex_json(out, cap, cJSON_GetObjectItem(obj, name));
	assert_true(n >= 0);
	return (size_t)n;
}

/* A HEADS vector: encoded from its fields, and decoded back to them. */
static void
heads_vector(arnet_reply *r, const cJSON *f, const uint8_t *want, size_t len)
{
	arnet_payload_enc e;
	arnet_heads_view hv;
	arnet_diag d;
	const cJSON *h, *heads = cJSON_GetObjectItem(f, "heads");
	uint64_t epoch = (uint64_t)cJSON_GetObjectItem(f, "epoch")->valuedouble;
	arnet_heads_payload_begin(&e, r, epoch);
	cJSON_ArrayForEach(h, heads)
	{
		uint8_t author[ARNET_PUBKEY_BYTES], hash[ARNET_HASH_BYTES];
		assert_int_equal(unhex(author, sizeof(author), h, "author"),
		                 sizeof(author));
		assert_int_equal(unhex(hash, sizeof(hash), h, "hash"),
		                 sizeof(hash));
		arnet_heads_payload_add(
		        &e, author,
		        (uint64_t)cJSON_GetObjectItem(h, "seq")->valuedouble,
		        hash);
	}
	assert_int_equal(arnet_payload_end(&e), ARNET_OK);
	assert_int_equal(arnet_heads_payload_open(&hv, want, len, &d),
	                 ARNET_OK);
	assert_int_equal(hv.epoch, epoch);
	assert_int_equal(hv.n, cJSON_GetArraySize(heads));
	uint32_t i = 0;
	cJSON_ArrayForEach(h, heads)
	{
		const uint8_t *author, *hash;
		uint8_t a[ARNET_PUBKEY_BYTES], hh[ARNET_HASH_BYTES];
		uint64_t seq;
		arnet_heads_view_get(&hv, i++, &author, &seq, &hash);
		unhex(a, sizeof(a), h, "author");
		unhex(hh, sizeof(hh), h, "hash");
		assert_memory_equal(author, a, sizeof(a));
		assert_memory_equal(hash, hh, sizeof(hh));
		assert_int_equal(
		        seq,
		        (uint64_t)cJSON_GetObjectItem(h, "seq")->valuedouble);
	}
}

/* A PULL or PROOFS vector, likewise. */
static void
records_vector(arnet_reply *r, const cJSON *f, const uint8_t *want, size_t len)
{
	arnet_payload_enc e;
	arnet_records_view rv;
	arnet_diag d;
	const cJSON *x, *recs = cJSON_GetObjectItem(f, "records");
	uint8_t rec[ARNET_RECORD_MAX];
	arnet_records_payload_begin(&e, r);
	cJSON_ArrayForEach(x, recs)
	{
		int n = test_unhex_json(rec, sizeof(rec), x);
		assert_true(n > 0);
		arnet_records_payload_add(&e, rec, (size_t)n);
	}
	assert_int_equal(arnet_payload_end(&e), ARNET_OK);
	assert_int_equal(
	        arnet_records_payload_open(&rv, want, len, ARNET_PULL_MAX, &d),
	        ARNET_OK);
	assert_int_equal(rv.n, cJSON_GetArraySize(recs));
	cJSON_ArrayForEach(x, recs)
	{
		const uint8_t *got;
		size_t n;
		assert_int_equal(arnet_records_next(&rv, &got, &n), 1);
		assert_int_equal(test_unhex_json(rec, sizeof(rec), x), n);
		assert_memory_equal(got, rec, n);
	}
	const uint8_t *end;
	size_t n;
	assert_int_equal(arnet_records_next(&rv, &end, &n), 0);
}

/* Every reply payload of tests/vectors/wire.json: the encoders give its
 * bytes, the decoders its fields. */
static void
test_payload_vectors(void **state)
{
	(void)state;
	cJSON *doc = wire_vectors(), *v;
	int count = 0;
	cJSON_ArrayForEach(v, cJSON_GetObjectItem(doc, "sync_payloads"))
	{
		static uint8_t want[4096];
		arnet_reply r;
		const cJSON *f = cJSON_GetObjectItem(v, "fields");
		int op = (int)cJSON_GetObjectItem(v, "op")->valuedouble;
		size_t len = unhex(want, sizeof(want), v, "payload_hex");
		arnet_reply_start(&r, ARNET_SYNC_OK, NULL);
		size_t at = r.len;
		if (op == ARNET_SYNC_HEADS) {
			heads_vector(&r, f, want, len);
		} else if (op == ARNET_SYNC_PULL || op == ARNET_SYNC_PROOFS) {
			records_vector(&r, f, want, len);
		} else {
			uint8_t roster[256];
			const uint8_t *ro;
			size_t n = unhex(roster, sizeof(roster), f, "roster"),
			       rn;
			assert_int_equal(op, ARNET_SYNC_ROSTER);
			arnet_roster_payload_put(&r, roster, n);
			arnet_diag d;
			assert_int_equal(arnet_roster_payload_open(
			                         &ro, &rn, want, len, &d),
			                 ARNET_OK);
			assert_int_equal(rn, n);
			assert_memory_equal(ro, roster, n);
		}
		assert_int_equal(r.err, ARNET_OK);
		assert_int_equal(r.len - at, len);
		assert_memory_equal(r.p + at, want, len);
		arnet_wbuf_free(&r);
		count++;
	}
	assert_int_equal(count, 5);
	cJSON_Delete(doc);
}

/* The encoders refuse what the decoders would: a record of 0 bytes or
 * over ARNET_RECORD_MAX. */
static void
test_payload_encoder_limits(void **state)
{
	static uint8_t big[ARNET_RECORD_MAX + 1];
	arnet_reply r;
	arnet_payload_enc e;
	(void)state;
	arnet_reply_start(&r, ARNET_SYNC_OK, NULL);
	arnet_records_payload_begin(&e, &r);
	arnet_records_payload_add(&e, big, ARNET_RECORD_MAX);
	assert_int_equal(r.err, ARNET_OK);
	arnet_records_payload_add(&e, big, sizeof(big));
	assert_int_equal(arnet_payload_end(&e), ARNET_ETOOBIG);
	arnet_wbuf_free(&r);
	arnet_reply_start(&r, ARNET_SYNC_OK, NULL);
	arnet_records_payload_begin(&e, &r);
	arnet_records_payload_add(&e, big, 0);
	assert_int_equal(arnet_payload_end(&e), ARNET_ETOOBIG);
	arnet_wbuf_free(&r);
}

/* Reply payloads: hostile first (lengths past the end, counts that do
 * not fit, trailing bytes, more records than asked), then good ones. */
static void
test_payloads(void **state)
{
	(void)state;
	uint8_t p[512];
	arnet_heads_view hv;
	arnet_records_view rv;
	arnet_diag d;
	const uint8_t *a, *h, *rec;
	uint64_t seq;
	size_t n;
	memset(p, 0, sizeof(p));
	/* HEADS: epoch 7, n 2, two heads */
	p[7] = 7;
	p[11] = 2;
	for (int i = 0; i < 2 * ARNET_HEAD_WIRE; i++) {
		p[12 + i] = (uint8_t)i;
	}
	size_t hl = 12 + 2 * ARNET_HEAD_WIRE;
	assert_int_equal(arnet_heads_payload_open(&hv, p, hl - 1, &d),
	                 ARNET_ETRUNC);
	assert_non_null(strstr(d.msg, "heads"));
	assert_int_equal(arnet_heads_payload_open(&hv, p, hl + 1, &d),
	                 ARNET_ETRAILING);
	p[8] = 0xff; /* n = 0xff000002: cannot fit, refused before a view */
	assert_int_equal(arnet_heads_payload_open(&hv, p, hl, &d),
	                 ARNET_ETRUNC);
	p[8] = 0;
	assert_int_equal(arnet_heads_payload_open(&hv, p, 5, &d), ARNET_ETRUNC);
	assert_int_equal(arnet_heads_payload_open(&hv, p, hl, &d), ARNET_OK);
	assert_int_equal(hv.epoch, 7);
	assert_int_equal(hv.n, 2);
	arnet_heads_view_get(&hv, 1, &a, &seq, &h);
	assert_ptr_equal(a, p + 12 + ARNET_HEAD_WIRE);
	assert_int_equal(a[0], ARNET_HEAD_WIRE);
	assert_ptr_equal(h, a + 40);
	assert_int_equal(seq, 0x68696a6b6c6d6e6full); /* bytes 104..111 */

	/* PULL / PROOFS: n 2; records of 3 and 1 bytes */
	uint8_t q[] = {0, 0, 0, 2, 0, 3, 'a', 'b', 'c', 0, 1, 'z'};
	assert_int_equal(arnet_records_payload_open(&rv, q, 0, 10, &d),
	                 ARNET_OK);
	assert_int_equal(rv.n, 0); /* empty: none */
	assert_int_equal(arnet_records_next(&rv, &rec, &n), 0);
	assert_int_equal(arnet_records_payload_open(&rv, q, sizeof(q), 1, &d),
	                 ARNET_ERANGE);
	assert_non_null(strstr(d.msg, "at most 1"));
	assert_int_equal(
	        arnet_records_payload_open(&rv, q, sizeof(q) - 1, 10, &d),
	        ARNET_ETRUNC);
	uint8_t longer[sizeof(q) + 1];
	memcpy(longer, q, sizeof(q));
	longer[sizeof(q)] = 0;
	assert_int_equal(
	        arnet_records_payload_open(&rv, longer, sizeof(longer), 10, &d),
	        ARNET_ETRAILING);
	q[5] = 0; /* a record of 0 bytes */
	assert_int_equal(arnet_records_payload_open(&rv, q, sizeof(q), 10, &d),
	                 ARNET_ETOOBIG);
	q[5] = 3;
	assert_int_equal(arnet_records_payload_open(&rv, q, sizeof(q), 2, &d),
	                 ARNET_OK);
	assert_int_equal(arnet_records_next(&rv, &rec, &n), 1);
	assert_int_equal(n, 3);
	assert_memory_equal(rec, "abc", 3);
	assert_int_equal(arnet_records_next(&rv, &rec, &n), 1);
	assert_int_equal(n, 1);
	assert_int_equal(rec[0], 'z');
	assert_int_equal(arnet_records_next(&rv, &rec, &n), 0);

	/* ROSTER: u32 length, the roster */
	uint8_t r[] = {0, 0, 0, 2, 9, 9};
	const uint8_t *ro;
	assert_int_equal(arnet_roster_payload_open(&ro, &n, r, 5, &d),
	                 ARNET_ETRUNC);
	assert_null(ro);
	assert_int_equal(arnet_roster_payload_open(&ro, &n, r, 6, &d),
	                 ARNET_OK);
	assert_ptr_equal(ro, r + 4);
	assert_int_equal(n, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_payloads),
	        cmocka_unit_test(test_envelope_hostile),
	        cmocka_unit_test(test_request_hostile),
	        cmocka_unit_test(test_reply),
	        cmocka_unit_test(test_vectors),
	        cmocka_unit_test(test_payload_vectors),
	        cmocka_unit_test(test_payload_encoder_limits),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
