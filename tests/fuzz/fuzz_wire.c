/*
 * fuzz_wire.c - libFuzzer harness for network message decoding: the
 * envelope, sync requests (with their signature check) and replies and
 * their payloads (HEADS, PULL/PROOFS, ROSTER),
 * survey questions and answers, the way a node's receive path takes them. Every
 * refusal must say why, and every payload that decodes must encode back
 * to the same bytes (the server's encoders are the decoders' inverse).
 */
#include "fuzz_util.h"

/* The payload written into r (started as a status-0 reply) must be
 * p[0..len) exactly. */
static void
same_payload(arnet_reply *r, size_t at, const uint8_t *p, size_t len)
{
	if (r->err != ARNET_OK || r->len - at != len ||
	    memcmp(r->p + at, p, len) != 0) {
		abort();
	}
	arnet_wbuf_free(r);
}

static void
payloads(const uint8_t *p, size_t len)
{
	arnet_heads_view hv;
	arnet_records_view rv;
	arnet_diag d;
	arnet_reply out;
	arnet_payload_enc e;
	size_t at;
	if (arnet_heads_payload_open(&hv, p, len, &d) == ARNET_OK) {
		arnet_reply_start(&out, ARNET_SYNC_OK, NULL);
		at = out.len;
		arnet_heads_payload_begin(&e, &out, hv.epoch);
		for (uint32_t i = 0; i < hv.n; i++) {
			const uint8_t *author, *hash;
			uint64_t seq;
			arnet_heads_view_get(&hv, i, &author, &seq, &hash);
			if (author == NULL || hash == NULL ||
			    hash + ARNET_HASH_BYTES > p + len) {
				abort();
			}
			arnet_heads_payload_add(&e, author, seq, hash);
		}
		(void)arnet_payload_end(&e);
		same_payload(&out, at, p, len);
	} else if (d.msg[0] == '\0') {
		abort();
	}
	if (arnet_records_payload_open(&rv, p, len, ARNET_PULL_MAX, &d) ==
	    ARNET_OK) {
		const uint8_t *rec;
		size_t n, seen = 0;
		arnet_reply_start(&out, ARNET_SYNC_OK, NULL);
		at = out.len;
		arnet_records_payload_begin(&e, &out);
		while (arnet_records_next(&rv, &rec, &n)) {
			if (rec < p || rec + n > p + len) {
				abort();
			}
			arnet_record r;
			(void)arnet_record_open(&r, rec, n, &d);
			arnet_records_payload_add(&e, rec, n);
			seen++;
		}
		if (seen != rv.n) {
			abort();
		}
		(void)arnet_payload_end(&e);
		/* An empty payload is read as no record; the encoder writes
		 * the count 0. */
		same_payload(&out, at, len == 0 ? (const uint8_t *)"\0\0\0" : p,
		             len == 0 ? 4 : len);
	}
	const uint8_t *roster;
	size_t rlen;
	if (arnet_roster_payload_open(&roster, &rlen, p, len, &d) == ARNET_OK) {
		if (roster == NULL || roster + rlen != p + len) {
			abort();
		}
		arnet_reply_start(&out, ARNET_SYNC_OK, NULL);
		at = out.len;
		arnet_roster_payload_put(&out, roster, rlen);
		same_payload(&out, at, p, len);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *body;
	size_t n;
	int type;
	arnet_diag d;
	fuzz_crypto_once();
	int rv = arnet_envelope_open(data, size, &type, &body, &n, &d);
	fuzz_says_why(rv, &d);
	if (rv != ARNET_OK) {
		return 0;
	}
	if (type == ARNET_MSG_SYNC_REQUEST) {
		arnet_sync_req q, q2;
		int open = arnet_sync_req_open(&q, body, n, &d);
		fuzz_says_why(open, &d);
		/* Decoding and then verifying, as the server does, agrees
		 * with opening in one step. */
		int dec = arnet_sync_req_decode(&q2, body, n, &d);
		fuzz_says_why(dec, &d);
		int both = dec == ARNET_OK
		                   ? arnet_sync_req_verify(&q2, body, n, &d)
		                   : dec;
		if ((open == ARNET_OK) != (both == ARNET_OK)) {
			abort();
		}
	} else if (type == ARNET_MSG_SYNC_REPLY) {
		arnet_sync_reply r;
		if (arnet_sync_reply_open(&r, body, n, &d) != ARNET_OK) {
			return 0;
		}
		if (r.payload + r.payload_len != body + n) {
			abort();
		}
		/* The payload as each op's reply would be read: HEADS, PULL
		 * and PROOFS, ROSTER (the client does not know which the peer
		 * meant, so every one must refuse garbage cleanly). */
		payloads(r.payload, r.payload_len);
	} else if (type == ARNET_MSG_SURVEY_ASK) {
		arnet_survey_ask q;
		fuzz_says_why(arnet_survey_ask_open(&q, body, n, &d), &d);
	} else if (type == ARNET_MSG_SURVEY_ANSWER) {
		arnet_survey_answer a;
		fuzz_says_why(arnet_survey_answer_open(&a, body, n, &d), &d);
	} else if (type == ARNET_MSG_RECORD) {
		arnet_record rec;
		(void)arnet_record_open(&rec, body, n, &d);
	}
	return 0;
}
