/*
 * hostile_peer.c - sends a node's sync socket what a hostile or broken
 * peer would, for tests/integration/net_test.sh.
 *
 *   hostile_peer SYNC_URL MODE [KEYFILE]
 *
 * MODE: garbage (random bytes), oversize (9 MiB), sealed (an envelope
 * with a key epoch), nonmember (a HEADS request signed by a fresh key),
 * stale (a member's request dated an hour ago; KEYFILE is the member's),
 * pull-bad (a PULL for 0 records, signed by KEYFILE's member),
 * heads (a valid HEADS request by KEYFILE's member), replay (that
 * request answered, then the same bytes again on a new connection, as
 * one who captured it would: refused as replayed).
 * Prints the reply's status and reason ("status 1: ...") or "no reply";
 * exit 0 when the node answered as a node should (refusal, or ok for
 * heads), 1 otherwise.
 */
#include "arnet_proto.h"
#include "hostile_key.h"

#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

static int oversize_mode;

/* nng may take long to give up on a connection the node dropped (the
 * 9 MiB message): the node refusing it is all this tool must show. */
static void
watchdog(int sig)
{
	(void)sig;
	static const char msg[] = "no reply (watchdog)\n";
	if (write(1, msg, sizeof(msg) - 1) < 0) {
		_exit(1);
	}
	_exit(oversize_mode ? 0 : 1);
}

/* Send msg on a new REQ socket to url and print the reply's status and
 * reason. 1 when the node answered as it should (want_ok: OK; else a
 * refusal), 0 when not, -1 without a connection or a reply. */
static int
exchange(const char *url, const uint8_t *msg, size_t len, const char *mode,
         int want_ok, char *reason, size_t reason_cap)
{
	nng_socket s;
	if (nng_req0_open(&s) != 0) {
		return -1;
	}
	nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, 3000);
	nng_socket_set_ms(s, NNG_OPT_SENDTIMEO, 3000);
	if (nng_dial(s, url, NULL, 0) != 0 ||
	    nng_send(s, (void *)msg, len, 0) != 0) {
		printf("no connection\n");
		nng_close(s);
		return -1;
	}
	char *rep = NULL;
	size_t rlen = 0;
	int rv = nng_recv(s, &rep, &rlen, NNG_FLAG_ALLOC);
	if (rv != 0) {
		/* An oversize message makes nng drop the connection. */
		printf("no reply (%s)\n", nng_strerror(rv));
		nng_close(s);
		return strcmp(mode, "oversize") == 0 ? 1 : -1;
	}
	const uint8_t *body;
	size_t blen;
	int type;
	arnet_sync_reply r;
	int ok = arnet_envelope_open((uint8_t *)rep, rlen, &type, &body, &blen,
	                             NULL) == ARNET_OK &&
	         type == ARNET_MSG_SYNC_REPLY &&
	         arnet_sync_reply_open(&r, body, blen, NULL) == ARNET_OK;
	if (ok) {
		printf("status %u: %s\n", r.status, r.reason);
		snprintf(reason, reason_cap, "%s", r.reason);
		ok = want_ok ? r.status == ARNET_SYNC_OK
		             : r.status != ARNET_SYNC_OK;
	} else {
		printf("malformed reply\n");
	}
	nng_free(rep, rlen);
	nng_close(s);
	return ok;
}

int
main(int argc, char **argv)
{
	uint8_t sk[64], buf[512];
	size_t len = 0;
	arnet_sync_req q;
	uint8_t *big = NULL;
	if (argc < 3 || arnet_crypto_init() != ARNET_OK) {
		fprintf(stderr,
		        "usage: hostile_peer SYNC_URL MODE [KEYFILE]\n");
		return 2;
	}
	const char *mode = argv[2];
	oversize_mode = strcmp(mode, "oversize") == 0;
	signal(SIGALRM, watchdog);
	alarm(10);
	memset(&q, 0, sizeof(q));
	q.op = ARNET_SYNC_HEADS;
	q.time = (int64_t)time(NULL);
	if (hostile_key(sk, argc > 3 ? argv[3] : NULL, "hostile_peer") != 0) {
		return 2;
	}
	const uint8_t *msg = buf;
	if (strcmp(mode, "garbage") == 0) {
		randombytes_buf(buf, 200);
		len = 200;
	} else if (strcmp(mode, "oversize") == 0) {
		len = 9u << 20;
		big = calloc(1, len);
		big[0] = 1;
		big[5] = ARNET_MSG_SYNC_REQUEST;
		msg = big;
	} else if (strcmp(mode, "sealed") == 0 ||
	           strcmp(mode, "nonmember") == 0 ||
	           strcmp(mode, "stale") == 0 || strcmp(mode, "heads") == 0 ||
	           strcmp(mode, "pull-bad") == 0 ||
	           strcmp(mode, "replay") == 0) {
		if (strcmp(mode, "stale") == 0) {
			q.time -= 3600;
		}
		if (strcmp(mode, "pull-bad") == 0) {
			q.op = ARNET_SYNC_PULL;
			q.max = 1;
		}
		if (arnet_sync_req_sign(buf, sizeof(buf), &len, &q, sk) !=
		    ARNET_OK) {
			return 2;
		}
		if (strcmp(mode, "sealed") == 0) {
			buf[4] = 7;
		}
		if (strcmp(mode, "pull-bad") == 0) {
			buf[len - 64 - 1] =
			        0; /* max 0, signature now wrong too */
		}
	} else {
		fprintf(stderr, "hostile_peer: unknown mode %s\n", mode);
		return 2;
	}
	char reason[256] = "";
	int replay = strcmp(mode, "replay") == 0;
	if (replay &&
	    exchange(argv[1], msg, len, mode, 1, reason, sizeof(reason)) != 1) {
		return 1; /* the first copy must be served */
	}
	int ok = exchange(argv[1], msg, len, mode, strcmp(mode, "heads") == 0,
	                  reason, sizeof(reason));
	free(big);
	if (replay && ok == 1 && strstr(reason, "replayed") == NULL) {
		ok = 0;
	}
	return ok == 1 ? 0 : 1;
}
