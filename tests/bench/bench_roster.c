/*
 * bench_roster.c - what a forged roster costs a node, beside what it cost
 * before the checks were put in cost order (arnet 8bed2a4: every
 * certificate's signature first, the roster's own signature last, on the
 * SUB reader thread, inside a write transaction).
 *
 *   bench_roster [--certs N] [--runs R]
 *
 * Builds a roster of N genuine certificates (about 300 bytes each: 3500
 * make the 1 MB of the attack in issue 12), then times, per roster:
 *   stale:   a forgery whose epoch is not above ours, dropped by
 *            arnet_roster_peek on the receiving thread;
 *   forged:  a forgery with a higher epoch and a well-formed signature
 *            that does not match, refused by arnet_roster_open (one
 *            verification, hashing the whole roster);
 *   before:  the same forgery checked the 8bed2a4 way, every certificate
 *            verified before the roster's signature;
 *   genuine: a roster the root really signed, opened in full (what a node
 *            spends when the administrator publishes one).
 * Prints a table; --json on stderr for deploy/bench.sh.
 */
#include "arnet_codec.h"
#include "arnet_proto.h"
#include "bench_util.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void
die(const char *what)
{
	fprintf(stderr, "bench_roster: %s\n", what);
	exit(1);
}

/* The 8bed2a4 order: decode and verify every certificate, then the
 * roster's signature. Returns the error the old code returned. */
static int
open_before(const uint8_t *in, size_t len, const uint8_t *root)
{
	arnet_rbuf b;
	arnet_rbuf_init(&b, in, len, NULL);
	(void)arnet_get_u8(&b, "version");
	(void)arnet_get_u64(&b, "epoch");
	(void)arnet_get_u64(&b, "issued");
	(void)arnet_get_view(&b, 32, "root");
	uint16_t n = arnet_get_u16(&b, "certificates");
	for (uint16_t i = 0; i < n && b.err == ARNET_OK; i++) {
		uint16_t cl = arnet_get_u16(&b, "length");
		const uint8_t *p = arnet_get_view(&b, cl, "certificate");
		arnet_cert c;
		if (p == NULL ||
		    arnet_cert_decode(&c, p, cl, NULL) != ARNET_OK ||
		    arnet_cert_verify(p, cl, root) != ARNET_OK) {
			return ARNET_ESIG;
		}
	}
	(void)arnet_get_u16(&b, "revocations");
	size_t signed_len = b.off;
	const uint8_t *sig = arnet_get_view(&b, ARNET_SIG_BYTES, "signature");
	if (sig == NULL) {
		return ARNET_ETRUNC;
	}
	return arnet_verify_ctx(sig, ARNET_ROSTER_SIG_CONTEXT,
	                        ARNET_ROSTER_SIG_CONTEXT_LEN, in, signed_len,
	                        root);
}

/* A way of opening a roster, timed by main: the code now (on success the
 * roster is in *o, for the caller to free) or the 8bed2a4 order (o is not
 * used). */
typedef int (*open_fn)(arnet_roster *o, const uint8_t *in, size_t len,
                       const uint8_t *root);

static int
open_now(arnet_roster *o, const uint8_t *in, size_t len, const uint8_t *root)
{
	return arnet_roster_open(o, in, len, root, NULL);
}

static int
open_old(arnet_roster *o, const uint8_t *in, size_t len, const uint8_t *root)
{
	(void)o;
	return open_before(in, len, root);
}

int
main(int argc, char **argv)
{
	int ncerts = 3500, runs = 5;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--certs") == 0 && i + 1 < argc) {
			ncerts = atoi(argv[++i]);
		} else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
			runs = atoi(argv[++i]);
		} else {
			fprintf(stderr,
			        "usage: bench_roster [--certs N] [--runs R]\n");
			return 2;
		}
	}
	if (ncerts < 1 || ncerts > ARNET_ROSTER_MAX_CERTS || runs < 1 ||
	    arnet_crypto_init() != ARNET_OK) {
		die("bad arguments or no libsodium");
	}
	uint8_t root_pk[32], root_sk[64];
	if (arnet_keypair(root_pk, root_sk) != ARNET_OK) {
		die("keypair");
	}
	arnet_roster r;
	memset(&r, 0, sizeof(r));
	r.version = ARNET_ROSTER_VERSION;
	r.epoch = 7;
	r.issued = 1790000000;
	r.ncerts = (size_t)ncerts;
	if ((r.certs = calloc(r.ncerts, sizeof(*r.certs))) == NULL) {
		die("out of memory");
	}
	for (int i = 0; i < ncerts; i++) {
		arnet_cert *c = &r.certs[i];
		uint8_t pk[32], sk[64], buf[ARNET_CERT_MAX];
		size_t len;
		char id[40];
		if (arnet_keypair(pk, sk) != ARNET_OK) {
			die("keypair");
		}
		c->version = ARNET_CERT_VERSION;
		c->serial = (uint64_t)i + 1;
		snprintf(id, sizeof(id), "local:MEMBER-%d", i + 1);
		if (arnet_ident_parse(&c->member_id, id, NULL) != ARNET_OK) {
			die("ident");
		}
		snprintf(c->name, sizeof(c->name), "member firm %d", i + 1);
		memcpy(c->key, pk, 32);
		snprintf(c->pub_url, sizeof(c->pub_url),
		         "tcp://member-%d.example.org:7101", i + 1);
		snprintf(c->sync_url, sizeof(c->sync_url),
		         "tcp://member-%d.example.org:7102", i + 1);
		snprintf(c->survey_url, sizeof(c->survey_url),
		         "tcp://member-%d.example.org:7103", i + 1);
		c->not_before = 1780000000;
		c->not_after = 1880000000;
		if (arnet_cert_sign(buf, sizeof(buf), &len, c, root_sk, NULL) !=
		    ARNET_OK) {
			die("cert sign");
		}
	}
	uint8_t *genuine;
	size_t glen;
	if (arnet_roster_sign(&genuine, &glen, &r, root_sk, NULL) != ARNET_OK) {
		die("roster sign");
	}
	/* The forgery: the same bytes with a higher epoch (bytes 1..8) and
	 * the genuine roster's signature, which no longer matches: a
	 * well-formed signature, so the verification hashes the whole
	 * megabyte (a random one is refused by libsodium before hashing,
	 * when its scalar is out of range, and would flatter the figure). */
	uint8_t *forged = malloc(glen);
	if (forged == NULL) {
		die("out of memory");
	}
	memcpy(forged, genuine, glen);
	forged[8] = 99;

	/* Timed one after another in each run, into best[1..3]. */
	const struct {
		open_fn open;
		const uint8_t *in;
		int want;
		const char *fail;
	} ways[] = {
	        {open_now, forged, ARNET_ESIG, "a forgery was not refused"},
	        {open_old, forged, ARNET_ESIG,
	         "the old order did not refuse the forgery"},
	        {open_now, genuine, ARNET_OK, "the genuine roster was refused"},
	};
	double best[4] = {1e9, 1e9, 1e9, 1e9};
	for (int k = 0; k < runs; k++) {
		arnet_roster o;
		uint64_t epoch;
		int reps = 100000;
		double t = bench_now_s();
		for (int i = 0; i < reps; i++) {
			if (arnet_roster_peek(&epoch, forged, glen, root_pk,
			                      NULL) != ARNET_OK) {
				die("peek");
			}
		}
		double x = (bench_now_s() - t) / reps;
		best[0] = x < best[0] ? x : best[0];
		for (size_t w = 0; w < sizeof(ways) / sizeof(ways[0]); w++) {
			t = bench_now_s();
			if (ways[w].open(&o, ways[w].in, glen, root_pk) !=
			    ways[w].want) {
				die(ways[w].fail);
			}
			x = bench_now_s() - t;
			best[w + 1] = x < best[w + 1] ? x : best[w + 1];
		}
		arnet_roster_free(&o);
	}
	printf("| roster of %d certificates, %zu bytes | best of %d |\n",
	       ncerts, glen, runs);
	printf("|---|---|\n");
	printf("| stale forgery, header only (peek) | %.3f us |\n",
	       best[0] * 1e6);
	printf("| forgery with a higher epoch (open: root signature first) | "
	       "%.3f ms |\n",
	       best[1] * 1e3);
	printf("| the same, the 8bed2a4 order (every certificate first) | "
	       "%.1f ms |\n",
	       best[2] * 1e3);
	printf("| ratio before / now | %.0f |\n", best[2] / best[1]);
	printf("| genuine roster, opened in full | %.1f ms |\n", best[3] * 1e3);
	fprintf(stderr,
	        "{\"certs\": %d, \"bytes\": %zu, \"peek_us\": %.3f, "
	        "\"forged_ms\": %.3f, \"before_ms\": %.2f, \"genuine_ms\": "
	        "%.2f}\n",
	        ncerts, glen, best[0] * 1e6, best[1] * 1e3, best[2] * 1e3,
	        best[3] * 1e3);
	free(forged);
	free(genuine);
	arnet_roster_free(&r);
	return 0;
}
