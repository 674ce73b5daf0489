/*
 * hostile_asker.c - asks a node's survey socket what a hostile or broken
 * member would, for tests/integration/check_test.sh.
 *
 *   hostile_asker SURVEY_URL MODE SUBJECT [KEYFILE]
 *
 * MODE: garbage (random bytes), wrongtype (a SYNC_REQUEST envelope),
 * nonmember (a question signed by a fresh key, whatever KEYFILE), stale
 * (KEYFILE's member, dated an hour ago), forged (KEYFILE's member key claimed,
 * signed by another), replay (KEYFILE's member asks, then sends the same bytes
 * again), member (KEYFILE's member asks once).
 * Prints what came back; exit 0 when the node behaved as a node should:
 * member: one valid answer to this question; replay: the first answered
 * and the replay not; every other mode: no answer at all.
 */
#include "arnet_proto.h"
#include "hostile_key.h"

#include <nng/nng.h>
#include <nng/protocol/survey0/survey.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Send msg as one survey; count valid answers to q until the deadline. */
static int
survey(nng_socket s, const uint8_t *msg, size_t len, const arnet_survey_ask *q)
{
	nng_msg *m;
	int answers = 0;
	if (nng_msg_alloc(&m, 0) != 0 || nng_msg_append(m, msg, len) != 0 ||
	    nng_sendmsg(s, m, 0) != 0) {
		fprintf(stderr, "hostile_asker: cannot send\n");
		exit(2);
	}
	while (nng_recvmsg(s, &m, 0) == 0) {
		const uint8_t *body;
		size_t blen;
		int type;
		arnet_survey_answer a;
		if (arnet_envelope_open(nng_msg_body(m), nng_msg_len(m), &type,
		                        &body, &blen, NULL) == ARNET_OK &&
		    type == ARNET_MSG_SURVEY_ANSWER &&
		    arnet_survey_answer_open(&a, body, blen, NULL) ==
		            ARNET_OK &&
		    memcmp(a.nonce, q->nonce, 16) == 0) {
			printf("answer: balance %lld %s, %u days beyond "
			       "terms\n",
			       (long long)a.balance, a.currency, a.dbt);
			answers++;
		} else {
			printf("something else came back\n");
			answers += 100;
		}
		nng_msg_free(m);
	}
	return answers;
}

int
main(int argc, char **argv)
{
	nng_socket s;
	uint8_t sk[64], pk[32], other_sk[64], buf[ARNET_SURVEY_MAX];
	size_t len = 0;
	arnet_survey_ask q;
	arnet_diag d;
	if (argc < 4 || arnet_crypto_init() != ARNET_OK) {
		fprintf(stderr, "usage: hostile_asker SURVEY_URL MODE SUBJECT "
		                "[KEYFILE]\n");
		return 2;
	}
	const char *mode = argv[2];
	memset(&q, 0, sizeof(q));
	q.time = (int64_t)time(NULL);
	if (arnet_ident_parse(&q.subject, argv[3], &d) != ARNET_OK) {
		fprintf(stderr, "hostile_asker: %s\n", d.msg);
		return 2;
	}
	/* A nonmember asks with a key of its own even when given one. */
	const char *keyfile =
	        argc > 4 && strcmp(mode, "nonmember") != 0 ? argv[4] : NULL;
	if (hostile_key(sk, keyfile, "hostile_asker") != 0) {
		return 2;
	}
	if (strcmp(mode, "stale") == 0) {
		q.time -= 3600;
	}
	if (arnet_survey_ask_sign(buf, sizeof(buf), &len, &q, sk, &d) !=
	    ARNET_OK) {
		fprintf(stderr, "hostile_asker: %s\n", d.msg);
		return 2;
	}
	if (strcmp(mode, "garbage") == 0) {
		randombytes_buf(buf, sizeof(buf));
		len = 200;
	} else if (strcmp(mode, "wrongtype") == 0) {
		buf[5] = ARNET_MSG_SYNC_REQUEST;
	} else if (strcmp(mode, "forged") == 0) {
		/* The member's key claimed, the signature by another key. */
		arnet_survey_ask f = q;
		uint8_t fbuf[ARNET_SURVEY_MAX];
		size_t flen;
		(void)arnet_keypair(pk, other_sk);
		if (arnet_survey_ask_sign(fbuf, sizeof(fbuf), &flen, &f,
		                          other_sk, &d) != ARNET_OK) {
			return 2;
		}
		memcpy(buf + len - ARNET_SIG_BYTES,
		       fbuf + flen - ARNET_SIG_BYTES, ARNET_SIG_BYTES);
	}
	if (nng_surveyor0_open(&s) != 0 ||
	    nng_socket_set_ms(s, NNG_OPT_SURVEYOR_SURVEYTIME, 1000) != 0 ||
	    nng_dial(s, argv[1], NULL, 0) != 0) {
		printf("cannot reach %s\n", argv[1]);
		return 1;
	}
	usleep(200 * 1000); /* the connection is up before the survey */
	int got = survey(s, buf, len, &q);
	int ok;
	if (strcmp(mode, "member") == 0) {
		ok = got == 1;
	} else if (strcmp(mode, "replay") == 0) {
		int again = survey(s, buf, len, &q);
		printf("first: %d answers, replay: %d\n", got, again);
		ok = got == 1 && again == 0;
	} else {
		printf("%s: %d answers\n", mode, got);
		ok = got == 0;
	}
	nng_close(s);
	return ok ? 0 : 1;
}
