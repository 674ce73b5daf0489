/*
 * hostile_member.c - a member with a valid key and bad intent, standing in
 * for its own node on its own endpoints, for tests/integration/
 * member_attack_test.sh.
 *
 *   hostile_member fake-heads KEYFILE SYNC_LISTEN HONEST_SYNC_URL
 *       Learns the real heads from an honest member (a signed HEADS
 *       request), then answers every HEADS request with 200 authors
 *       nobody knows and each real author 1000 records ahead, and never
 *       answers a PULL or a ROSTER request: a member that stalls
 *       everyone's sync.
 *   hostile_member split KEYFILE SYNC_LISTEN VICTIM_KEY
 *       Signs two different records for seq 1 of its own feed and shows
 *       the member whose public key is VICTIM_KEY one of them, everyone
 *       else the other (heads and pulls alike): a split view, which
 *       sync must find and turn into proof of equivocation everywhere.
 *   hostile_member future KEYFILE PUB_LISTEN COUNT
 *       Publishes COUNT records of its own feed (seq 2, 3, ...) dated a
 *       year ahead, once the other three members subscribe: a credit stop "in
 * force since" next year, which no node may store. hostile_member rosters
 * PUB_LISTEN ROSTER_FILE COUNT PER_SECOND Publishes COUNT forged rosters of
 * about 1 MB each: the real roster's root key and certificates (each validly
 * signed by the root), certificate after certificate up to the size, a higher
 *       epoch every time, and a signature that is not the root's.
 *
 * Runs until its work is done (rosters) or until killed (fake-heads);
 * prints what it did on stdout, one line, at the end or on SIGTERM.
 */
#include "arnet_codec.h"
#include "arnet_keyfile.h"
#include "arnet_proto.h"

#include <nng/nng.h>
#include <nng/protocol/pubsub0/pub.h>
#include <nng/protocol/reqrep0/rep.h>
#include <nng/protocol/reqrep0/req.h>
#include <signal.h>
#include <stdatomic.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define FAKE_UNKNOWN 200
/* The other members of member_attack_test's association of four. */
#define SUBSCRIBERS 3

static volatile sig_atomic_t done;
static atomic_int subscribers;

static void
on_pipe(nng_pipe p, nng_pipe_ev ev, void *arg)
{
	(void)p;
	(void)arg;
	atomic_fetch_add(&subscribers, ev == NNG_PIPE_EV_ADD_POST ? 1 : -1);
}
static unsigned long heads_served, pulls_held;

static void
on_term(int sig)
{
	(void)sig;
	done = 1;
}

static int
usage(void)
{
	fprintf(stderr,
	        "usage: hostile_member fake-heads KEYFILE SYNC_LISTEN "
	        "HONEST_SYNC_URL\n"
	        "       hostile_member split KEYFILE SYNC_LISTEN VICTIM_KEY\n"
	        "       hostile_member future KEYFILE PUB_LISTEN COUNT\n"
	        "       hostile_member rosters PUB_LISTEN ROSTER_FILE COUNT "
	        "PER_SECOND\n");
	return 2;
}

/* The payload of the honest member's HEADS reply (malloc'd). */
static uint8_t *
real_heads(const char *url, const uint8_t *sk, size_t *len)
{
	nng_socket s;
	arnet_sync_req q;
	uint8_t buf[256];
	size_t n;
	char *rep = NULL;
	size_t rlen = 0;
	uint8_t *out = NULL;
	memset(&q, 0, sizeof(q));
	q.op = ARNET_SYNC_HEADS;
	q.time = (int64_t)time(NULL);
	if (arnet_sync_req_sign(buf, sizeof(buf), &n, &q, sk) != ARNET_OK ||
	    nng_req0_open(&s) != 0) {
		return NULL;
	}
	nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, 5000);
	if (nng_dial(s, url, NULL, 0) == 0 && nng_send(s, buf, n, 0) == 0 &&
	    nng_recv(s, &rep, &rlen, NNG_FLAG_ALLOC) == 0) {
		const uint8_t *body;
		size_t blen;
		int type;
		arnet_sync_reply r;
		if (arnet_envelope_open((uint8_t *)rep, rlen, &type, &body,
		                        &blen, NULL) == ARNET_OK &&
		    arnet_sync_reply_open(&r, body, blen, NULL) == ARNET_OK &&
		    r.status == ARNET_SYNC_OK &&
		    (out = malloc(r.payload_len)) != NULL) {
			memcpy(out, r.payload, r.payload_len);
			*len = r.payload_len;
		}
		nng_free(rep, rlen);
	}
	nng_close(s);
	return out;
}

/* One head of a HEADS reply payload. */
static void
put_head(arnet_reply *r, const uint8_t *author, uint64_t seq,
         const uint8_t *hash)
{
	arnet_put_bytes(r, author, ARNET_PUBKEY_BYTES);
	arnet_put_u64(r, seq);
	arnet_put_bytes(r, hash, ARNET_HASH_BYTES);
}

/* The lying HEADS reply: strangers, and the real heads 1000 ahead. */
static int
lying_reply(arnet_reply *r, const uint8_t *real, size_t len)
{
	arnet_heads_view v;
	if (arnet_heads_payload_open(&v, real, len, NULL) != ARNET_OK) {
		return -1;
	}
	arnet_reply_start(r, ARNET_SYNC_OK, NULL);
	arnet_put_u64(r, v.epoch);
	arnet_put_u32(r, v.n + FAKE_UNKNOWN);
	for (int i = 0; i < FAKE_UNKNOWN; i++) {
		uint8_t author[32], hash[32];
		randombytes_buf(author, sizeof(author));
		randombytes_buf(hash, sizeof(hash));
		put_head(r, author, 1000000, hash);
	}
	for (uint32_t i = 0; i < v.n; i++) {
		const uint8_t *author, *real_hash;
		uint64_t seq;
		uint8_t hash[32];
		arnet_heads_view_get(&v, i, &author, &seq, &real_hash);
		randombytes_buf(hash, sizeof(hash));
		put_head(r, author, seq + 1000, hash);
	}
	return r->err == ARNET_OK ? 0 : -1;
}

/* A REP socket listening on url for the members' sync requests, printing
 * "listening" once it does (the test waits for that line); -1, said on
 * stderr, when it cannot listen. */
static int
sync_listen(nng_socket *s, const char *url)
{
	if (nng_rep0_open(s) != 0 || nng_listen(*s, url, NULL, 0) != 0) {
		fprintf(stderr, "hostile_member: cannot listen on %s\n", url);
		return -1;
	}
	/* Short receives, so the loop sees SIGTERM. */
	nng_socket_set_ms(*s, NNG_OPT_RECVTIMEO, 200);
	/* A reply to a member that went away must not hold the tool past
	 * SIGTERM. */
	nng_socket_set_ms(*s, NNG_OPT_SENDTIMEO, 1000);
	printf("listening\n");
	fflush(stdout);
	return 0;
}

/* The next message on s, read as a sync request into *q: 1 when it is
 * one, 0 when a message came that is not (it is dropped: a cooked REP
 * then never answers it), -1 when none came within the receive timeout.
 * The asker's signature is checked; whether it is a member is not. */
static int
sync_recv(nng_socket s, arnet_sync_req *q)
{
	nng_msg *m;
	const uint8_t *body;
	size_t blen;
	int type;
	if (nng_recvmsg(s, &m, 0) != 0) {
		return -1;
	}
	int ok = arnet_envelope_open(nng_msg_body(m), nng_msg_len(m), &type,
	                             &body, &blen, NULL) == ARNET_OK &&
	         arnet_sync_req_open(q, body, blen, NULL) == ARNET_OK;
	nng_msg_free(m);
	return ok;
}

static int
fake_heads(const char *keyfile, const char *listen, const char *honest)
{
	uint8_t sk[ARNET_SECKEY_BYTES];
	arnet_diag d;
	size_t len = 0;
	if (arnet_keyfile_read_secret(keyfile, sk, NULL, 0, &d) != ARNET_OK) {
		fprintf(stderr, "hostile_member: %s\n", d.msg);
		return 2;
	}
	uint8_t *real = real_heads(honest, sk, &len);
	if (real == NULL) {
		fprintf(stderr, "hostile_member: no heads from %s\n", honest);
		return 1;
	}
	nng_socket s;
	if (sync_listen(&s, listen) != 0) {
		return 1;
	}
	while (!done) {
		arnet_sync_req q;
		int got = sync_recv(s, &q);
		if (got < 0) {
			continue;
		}
		if (got == 0 || q.op != ARNET_SYNC_HEADS) {
			/* Held for ever: a cooked REP drops a request it
			 * never answers when the next one is received. */
			pulls_held++;
			continue;
		}
		arnet_reply r;
		if (lying_reply(&r, real, len) == 0 &&
		    nng_send(s, r.p, r.len, 0) == 0) {
			heads_served++;
		}
		arnet_wbuf_free(&r);
	}
	printf("served %lu lying heads replies, held %lu requests\n",
	       heads_served, pulls_held);
	nng_close(s);
	free(real);
	sodium_memzero(sk, sizeof(sk));
	return 0;
}

typedef struct rival {
	uint8_t b[ARNET_RECORD_MAX];
	size_t len;
	uint8_t hash[ARNET_HASH_BYTES];
} rival;

static int
sign_at(rival *v, const uint8_t *sk, const char *subject, uint64_t seq,
        int64_t created)
{
	arnet_record r;
	arnet_record_init(&r, ARNET_REC_CREDIT_STOP);
	r.seq = seq;
	r.created = created;
	if (seq > 1) {
		memset(r.prev, 0x5a, sizeof(r.prev)); /* some record before */
	}
	r.u.stop.reason = ARNET_REASON_OTHER;
	if (arnet_ident_parse(&r.subject, subject, NULL) != ARNET_OK ||
	    arnet_record_sign(v->b, sizeof(v->b), &v->len, &r, sk, NULL) !=
	            ARNET_OK) {
		return -1;
	}
	arnet_record_hash(v->hash, v->b, v->len);
	return 0;
}

static int
sign_rival(rival *v, const uint8_t *sk, const char *subject)
{
	/* now: after the certificate began */
	return sign_at(v, sk, subject, 1, (int64_t)time(NULL));
}

static int
split(const char *keyfile, const char *listen, const char *victim_text)
{
	uint8_t sk[ARNET_SECKEY_BYTES], pk[ARNET_PUBKEY_BYTES], victim[32];
	arnet_diag d;
	rival v[2];
	if (arnet_keyfile_read_secret(keyfile, sk, NULL, 0, &d) != ARNET_OK ||
	    arnet_pubkey_parse(victim, victim_text, &d) != ARNET_OK) {
		fprintf(stderr, "hostile_member: %s\n", d.msg);
		return 2;
	}
	crypto_sign_ed25519_sk_to_pk(pk, sk);
	if (sign_rival(&v[0], sk, "local:SPLIT-A") != 0 ||
	    sign_rival(&v[1], sk, "local:SPLIT-B") != 0) {
		return 2;
	}
	nng_socket s;
	if (sync_listen(&s, listen) != 0) {
		return 1;
	}
	unsigned long shown[2] = {0, 0};
	while (!done) {
		arnet_sync_req q;
		arnet_reply r;
		if (sync_recv(s, &q) != 1) {
			continue;
		}
		const rival *w = &v[memcmp(q.asker, victim, 32) == 0 ? 0 : 1];
		arnet_reply_start(&r, ARNET_SYNC_OK, NULL);
		if (q.op == ARNET_SYNC_HEADS) {
			arnet_put_u64(&r, 0);
			arnet_put_u32(&r, 1);
			put_head(&r, pk, 1, w->hash);
		} else if (q.op == ARNET_SYNC_PULL &&
		           memcmp(q.author, pk, 32) == 0 && q.from == 1) {
			arnet_put_u32(&r, 1);
			arnet_put_blob16(&r, w->b, w->len);
			shown[w == &v[1]]++;
		} else if (q.op == ARNET_SYNC_PULL) {
			arnet_put_u32(&r, 0);
		} else {
			arnet_wbuf_free(&r);
			arnet_reply_start(&r, ARNET_SYNC_REFUSED, "no roster");
		}
		if (r.err == ARNET_OK) {
			(void)nng_send(s, r.p, r.len, 0);
		}
		arnet_wbuf_free(&r);
	}
	printf("showed record A %lu times, record B %lu times\n", shown[0],
	       shown[1]);
	nng_close(s);
	sodium_memzero(sk, sizeof(sk));
	return 0;
}

/* Listen for subscribers on url; wait for SUBSCRIBERS, at most 40 s. */
static int
publisher(nng_socket *s, const char *url)
{
	if (nng_pub0_open(s) != 0) {
		return -1;
	}
	nng_pipe_notify(*s, NNG_PIPE_EV_ADD_POST, on_pipe, NULL);
	nng_pipe_notify(*s, NNG_PIPE_EV_REM_POST, on_pipe, NULL);
	if (nng_listen(*s, url, NULL, 0) != 0) {
		fprintf(stderr, "hostile_member: cannot listen on %s\n", url);
		return -1;
	}
	/* The members' subscribers reconnect with their backoff (up to
	 * 30 s). */
	for (int i = 0; i < 400 && atomic_load(&subscribers) < SUBSCRIBERS;
	     i++) {
		usleep(100 * 1000);
	}
	return 0;
}

static int
publish(nng_socket s, int type, const uint8_t *b, size_t len)
{
	nng_msg *m;
	if (nng_msg_alloc(&m, ARNET_ENVELOPE_BYTES + len) != 0) {
		return -1;
	}
	arnet_envelope_put(nng_msg_body(m), type);
	memcpy((uint8_t *)nng_msg_body(m) + ARNET_ENVELOPE_BYTES, b, len);
	if (nng_sendmsg(s, m, 0) != 0) {
		nng_msg_free(m);
		return -1;
	}
	return 0;
}

static int
future(const char *keyfile, const char *listen, long count)
{
	uint8_t sk[ARNET_SECKEY_BYTES];
	arnet_diag d;
	nng_socket s;
	long sent = 0;
	if (arnet_keyfile_read_secret(keyfile, sk, NULL, 0, &d) != ARNET_OK) {
		fprintf(stderr, "hostile_member: %s\n", d.msg);
		return 2;
	}
	if (publisher(&s, listen) != 0) {
		return 1;
	}
	printf("publishing to %d subscribers\n", atomic_load(&subscribers));
	fflush(stdout);
	for (long i = 0; i < count && !done; i++) {
		rival v;
		if (sign_at(&v, sk, "local:NEXT-YEAR", 2 + (uint64_t)i,
		            (int64_t)time(NULL) + 365 * 86400) != 0) {
			return 2;
		}
		sent += publish(s, ARNET_MSG_RECORD, v.b, v.len) == 0;
		usleep(100 * 1000);
	}
	printf("published %ld records dated a year ahead\n", sent);
	sleep(1);
	nng_close(s);
	sodium_memzero(sk, sizeof(sk));
	return 0;
}

static uint8_t *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p = NULL;
	if (f == NULL) {
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) == 0) {
		long n = ftell(f);
		if (n > 0 && fseek(f, 0, SEEK_SET) == 0 &&
		    (p = malloc((size_t)n)) != NULL &&
		    fread(p, 1, (size_t)n, f) != (size_t)n) {
			free(p);
			p = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return p;
}

/* A forged roster of about `size` bytes: genuine certificates repeated,
 * a higher epoch, a random signature. */
static uint8_t *
forge(const arnet_roster *real, uint64_t epoch, size_t size, size_t *len)
{
	uint8_t cert[ARNET_CERT_MAX], *p = malloc(size + ARNET_CERT_MAX + 256);
	if (p == NULL || real->ncerts == 0) {
		free(p);
		return NULL;
	}
	arnet_wbuf w;
	arnet_wbuf_init(&w, p, size + ARNET_CERT_MAX + 256);
	arnet_put_u8(&w, ARNET_ROSTER_VERSION);
	arnet_put_u64(&w, epoch);
	arnet_put_u64(&w, (uint64_t)time(NULL));
	arnet_put_bytes(&w, real->root, 32);
	size_t count_at = w.len;
	arnet_put_u16(&w, 0);
	uint16_t n = 0;
	while (w.len < size && n < ARNET_ROSTER_MAX_CERTS) {
		size_t clen;
		if (arnet_cert_encode(cert, sizeof(cert), &clen,
		                      &real->certs[n % real->ncerts],
		                      NULL) != ARNET_OK) {
			free(p);
			return NULL;
		}
		arnet_put_u16(&w, (uint16_t)clen);
		arnet_put_bytes(&w, cert, clen);
		n++;
	}
	p[count_at] = (uint8_t)(n >> 8);
	p[count_at + 1] = (uint8_t)n;
	arnet_put_u16(&w, 0); /* no revocations */
	uint8_t sig[ARNET_SIG_BYTES];
	randombytes_buf(sig, sizeof(sig));
	arnet_put_bytes(&w, sig, sizeof(sig));
	*len = w.len;
	return p;
}

static int
rosters(const char *listen, const char *file, long count, long rate)
{
	size_t len = 0;
	uint8_t *raw = read_file(file, &len);
	arnet_roster real;
	arnet_diag d;
	if (raw == NULL ||
	    arnet_roster_open(&real, raw, len, NULL, &d) != ARNET_OK) {
		fprintf(stderr, "hostile_member: cannot read roster %s\n",
		        file);
		return 2;
	}
	nng_socket s;
	if (publisher(&s, listen) != 0) {
		return 1;
	}
	printf("flooding %d subscribers\n", atomic_load(&subscribers));
	fflush(stdout);
	long sent = 0;
	for (long i = 0; i < count && !done; i++) {
		size_t flen;
		uint8_t *f = forge(&real, real.epoch + 1000 + (uint64_t)i,
		                   1u << 20, &flen);
		if (f == NULL) {
			return 1;
		}
		sent += publish(s, ARNET_MSG_ROSTER, f, flen) == 0;
		free(f);
		usleep((useconds_t)(1000000 / rate));
	}
	printf("published %ld forged rosters\n", sent);
	sleep(1); /* let the last ones leave */
	nng_close(s);
	arnet_roster_free(&real);
	free(raw);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc < 2 || arnet_crypto_init() != ARNET_OK) {
		return usage();
	}
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	if (strcmp(argv[1], "fake-heads") == 0 && argc == 5) {
		return fake_heads(argv[2], argv[3], argv[4]);
	}
	if (strcmp(argv[1], "future") == 0 && argc == 5) {
		long count = atol(argv[4]);
		return count < 1 ? usage() : future(argv[2], argv[3], count);
	}
	if (strcmp(argv[1], "split") == 0 && argc == 5) {
		return split(argv[2], argv[3], argv[4]);
	}
	if (strcmp(argv[1], "rosters") == 0 && argc == 6) {
		long count = atol(argv[4]), rate = atol(argv[5]);
		if (count < 1 || rate < 1 || rate > 1000) {
			return usage();
		}
		return rosters(argv[2], argv[3], count, rate);
	}
	return usage();
}
