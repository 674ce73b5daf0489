/*
 * fuzz_wire.c - libFuzzer harness for network message decoding: the
 * envelope, sync requests (with their signature check) and replies,
 * survey questions and answers, the way a node's receive path takes them. Every
 * refusal must say why.
 */
#include "arnet_proto.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	const uint8_t *body;
	size_t n;
	int type;
	arnet_diag d;
	if (!ready) {
		if (arnet_crypto_init() != ARNET_OK) {
			abort();
		}
		ready = 1;
	}
	if (arnet_envelope_open(data, size, &type, &body, &n, &d) != ARNET_OK) {
		if (d.msg[0] == '\0') {
			abort();
		}
		return 0;
	}
	if (type == ARNET_MSG_SYNC_REQUEST) {
		arnet_sync_req q;
		if (arnet_sync_req_open(&q, body, n, &d) != ARNET_OK &&
		    d.msg[0] == '\0') {
			abort();
		}
	} else if (type == ARNET_MSG_SYNC_REPLY) {
		arnet_sync_reply r;
		if (arnet_sync_reply_open(&r, body, n, &d) == ARNET_OK &&
		    r.payload + r.payload_len != body + n) {
			abort();
		}
	} else if (type == ARNET_MSG_SURVEY_ASK) {
		arnet_survey_ask q;
		if (arnet_survey_ask_open(&q, body, n, &d) != ARNET_OK &&
		    d.msg[0] == '\0') {
			abort();
		}
	} else if (type == ARNET_MSG_SURVEY_ANSWER) {
		arnet_survey_answer a;
		if (arnet_survey_answer_open(&a, body, n, &d) != ARNET_OK &&
		    d.msg[0] == '\0') {
			abort();
		}
	} else if (type == ARNET_MSG_RECORD) {
		arnet_record rec;
		(void)arnet_record_open(&rec, body, n, &d);
	}
	return 0;
}
