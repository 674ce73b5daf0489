/*
 * capture_peer.c - everything a node sends a member who asks it for all
 * it will give, captured, for tests/integration/alerts_test.sh (the watch
 * set must never leave the node).
 *
 *   capture_peer SYNC_URL PUB_URL KEYFILE OUT [SECONDS]
 *
 * As the member of KEYFILE: subscribes to the node's PUB for SECONDS
 * (default 3) while it asks the node's sync socket for its heads, every
 * record of every feed it lists (PULL from seq 1, a page at a time), its
 * roster and its proofs. Every message received is appended to OUT as it
 * came. Prints how many messages and records; exit 0 when the heads and
 * every pull were answered, 1 otherwise.
 */
#include "arnet_proto.h"
#include "hostile_key.h"

#include <nng/nng.h>
#include <nng/protocol/pubsub0/sub.h>
#include <nng/protocol/reqrep0/req.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static FILE *out;
static size_t messages;

static void
keep(const void *b, size_t len)
{
	if (fwrite(b, 1, len, out) != len) {
		perror("capture_peer: OUT");
		exit(1);
	}
	messages++;
}

/* One request, its reply kept and decoded into *r (reply in *buf, freed
 * by the caller with nng_free). 0, or -1 when there is no OK reply. */
static int
ask(nng_socket s, arnet_sync_req *q, const uint8_t *sk, char **buf,
    size_t *blen, arnet_sync_reply *r)
{
	uint8_t msg[512];
	size_t len;
	const uint8_t *body;
	size_t body_len;
	int type;
	q->time = (int64_t)time(NULL);
	memset(q->nonce, 0, sizeof(q->nonce)); /* a fresh random one */
	if (arnet_sync_req_sign(msg, sizeof(msg), &len, q, sk) != ARNET_OK ||
	    nng_send(s, msg, len, 0) != 0 ||
	    nng_recv(s, buf, blen, NNG_FLAG_ALLOC) != 0) {
		return -1;
	}
	keep(*buf, *blen);
	if (arnet_envelope_open((uint8_t *)*buf, *blen, &type, &body, &body_len,
	                        NULL) != ARNET_OK ||
	    type != ARNET_MSG_SYNC_REPLY ||
	    arnet_sync_reply_open(r, body, body_len, NULL) != ARNET_OK ||
	    r->status != ARNET_SYNC_OK) {
		nng_free(*buf, *blen);
		return -1;
	}
	return 0;
}

/* Every record of author up to seq, a page at a time; how many, or -1. */
static long
pull_all(nng_socket s, const uint8_t *sk, const uint8_t *author, uint64_t seq)
{
	long n = 0;
	for (uint64_t from = 1; from <= seq;) {
		arnet_sync_req q;
		arnet_sync_reply r;
		arnet_records_view v;
		char *buf;
		size_t blen;
		const uint8_t *rec;
		size_t rlen;
		memset(&q, 0, sizeof(q));
		q.op = ARNET_SYNC_PULL;
		memcpy(q.author, author, ARNET_PUBKEY_BYTES);
		q.from = from;
		q.max = ARNET_PULL_MAX;
		if (ask(s, &q, sk, &buf, &blen, &r) != 0) {
			return -1;
		}
		uint32_t got = 0;
		if (arnet_records_payload_open(&v, r.payload, r.payload_len,
		                               ARNET_PULL_MAX,
		                               NULL) == ARNET_OK) {
			while (arnet_records_next(&v, &rec, &rlen)) {
				got++;
			}
		}
		nng_free(buf, blen);
		if (got == 0) {
			break;
		}
		n += got;
		from += got;
	}
	return n;
}

int
main(int argc, char **argv)
{
	nng_socket req, sub;
	uint8_t sk[64];
	int seconds = argc > 5 ? atoi(argv[5]) : 3, bad = 0;
	long records = 0;
	if (argc < 5 || arnet_crypto_init() != ARNET_OK) {
		fprintf(stderr, "usage: capture_peer SYNC_URL PUB_URL KEYFILE "
		                "OUT [SECONDS]\n");
		return 2;
	}
	if (hostile_key(sk, argv[3], "capture_peer") != 0 ||
	    (out = fopen(argv[4], "ab")) == NULL) {
		return 2;
	}
	if (nng_sub0_open(&sub) != 0 || nng_req0_open(&req) != 0) {
		return 2;
	}
	nng_socket_set(sub, NNG_OPT_SUB_SUBSCRIBE, "", 0);
	nng_socket_set_ms(sub, NNG_OPT_RECVTIMEO, 100);
	nng_socket_set_ms(req, NNG_OPT_RECVTIMEO, 5000);
	nng_socket_set_ms(req, NNG_OPT_SENDTIMEO, 5000);
	if (nng_dial(sub, argv[2], NULL, NNG_FLAG_NONBLOCK) != 0 ||
	    nng_dial(req, argv[1], NULL, 0) != 0) {
		printf("no connection\n");
		return 1;
	}
	arnet_sync_req q;
	arnet_sync_reply r;
	arnet_heads_view hv;
	char *buf;
	size_t blen;
	memset(&q, 0, sizeof(q));
	q.op = ARNET_SYNC_HEADS;
	if (ask(req, &q, sk, &buf, &blen, &r) != 0 ||
	    arnet_heads_payload_open(&hv, r.payload, r.payload_len, NULL) !=
	            ARNET_OK) {
		printf("no heads\n");
		return 1;
	}
	for (uint32_t i = 0; i < hv.n; i++) {
		const uint8_t *author, *hash;
		uint64_t seq;
		arnet_heads_view_get(&hv, i, &author, &seq, &hash);
		long n = pull_all(req, sk, author, seq);
		bad |= n < 0;
		records += n > 0 ? n : 0;
	}
	nng_free(buf, blen);
	static const int more[] = {ARNET_SYNC_ROSTER, ARNET_SYNC_PROOFS};
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++) {
		memset(&q, 0, sizeof(q));
		q.op = (uint8_t)more[i];
		if (ask(req, &q, sk, &buf, &blen, &r) == 0) {
			nng_free(buf, blen);
		}
	}
	/* What the node publishes meanwhile, for the rest of the time. */
	for (time_t end = time(NULL) + seconds; time(NULL) < end;) {
		char *m;
		size_t mlen;
		if (nng_recv(sub, &m, &mlen, NNG_FLAG_ALLOC) == 0) {
			keep(m, mlen);
			nng_free(m, mlen);
		}
	}
	nng_close(req);
	nng_close(sub);
	fclose(out);
	printf("%zu messages, %ld records\n", messages, records);
	return bad ? 1 : 0;
}
