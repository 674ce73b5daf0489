/*
 * member_test.c - tests of proto/cert.c and proto/roster.c: certificates,
 * the signed roster, and whose records count when.
 *
 * Hostile first: a forged roster (a byte changed, the signature of
 * another key), a roster of another association (wrong root), a
 * certificate signed by a key that is not the root, truncation at every
 * byte, trailing bytes, certificates out of order, a revocation naming no
 * certificate, bad URLs. Then validity: not yet valid and expired
 * certificates, revoked `left` versus `compromised` (with and without
 * `all`), a record signed before and after the revocation, and a
 * certificate for a key that is not the record's author.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_proto.h"
#include "test_keys.h"
#include "test_roster.h"

#include <stdlib.h>
#include <string.h>

static uint8_t root_pk[32], root_sk[64], other_pk[32], other_sk[64];
static uint8_t a_pk[32], a_sk[64], b_pk[32], b_sk[64];

#define T0  INT64_C(1767225600) /* 2026-01-01T00:00:00Z */
#define DAY INT64_C(86400)

static int
setup(void **state)
{
	(void)state;
	return test_keypair(root_pk, root_sk, 0x01) |
	       test_keypair(other_pk, other_sk, 0x02) |
	       test_keypair(a_pk, a_sk, 0x0a) | test_keypair(b_pk, b_sk, 0x0b);
}

static void
make_cert(arnet_cert *c, uint64_t serial, const char *id, const uint8_t *key,
          int64_t from, int64_t days)
{
	test_cert(c, serial, id, "福州某某贸易有限公司", key, from,
	          from + days * DAY);
}

/* A roster of A (serial 1) and B (serial 2), signed by root. */
static uint8_t *
make_roster(size_t *len, arnet_revocation *rev, size_t nrev, uint64_t epoch)
{
	arnet_cert certs[2];
	arnet_roster r;
	uint8_t *out;
	arnet_diag d;
	make_cert(&certs[0], 1, "uscc:91350100M000100Y43", a_pk, T0, 365);
	make_cert(&certs[1], 2, "local:member-B", b_pk, T0 + 10 * DAY, 30);
	test_cert_sign(&certs[0], root_sk);
	test_cert_sign(&certs[1], root_sk);
	test_roster_init(&r, epoch, T0 + DAY, certs, 2);
	r.revoked = rev;
	r.nrevoked = nrev;
	if (arnet_roster_sign(&out, len, &r, root_sk, &d) != ARNET_OK) {
		fail_msg("sign roster: %s", d.msg);
	}
	return out;
}

static void
test_url_check(void **state)
{
	(void)state;
	const char *good[] = {"tcp://127.0.0.1:7101", "tcp://node-1.example:1",
	                      "tls+tcp://[::1]:65535", "ipc:///tmp/arnet.ipc",
	                      "tcp://*:7000"};
	const char *bad[] = {"",
	                     "http://x:1",
	                     "tcp://127.0.0.1",
	                     "tcp://127.0.0.1:0",
	                     "tcp://127.0.0.1:65536",
	                     "tcp://:80",
	                     "tcp://a b:80",
	                     "ipc://",
	                     "ipc:///",
	                     "tcp://host:80x",
	                     "tcp://h\xc3\xa9:80"};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(arnet_url_check(good[i], NULL), ARNET_OK);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (arnet_url_check(bad[i], NULL) == ARNET_OK) {
			fail_msg("accepted \"%s\"", bad[i]);
		}
	}
}

static void
test_cert_hostile(void **state)
{
	arnet_cert c, back;
	uint8_t buf[ARNET_CERT_MAX], big[ARNET_CERT_MAX + 10];
	size_t n;
	arnet_diag d;
	(void)state;
	make_cert(&c, 7, "local:M", a_pk, T0, 10);
	/* The encoder refuses what the decoder would. */
	c.serial = 0;
	assert_int_equal(arnet_cert_sign(buf, sizeof(buf), &n, &c, root_sk, &d),
	                 ARNET_ERANGE);
	c.serial = 7;
	c.not_after = c.not_before;
	assert_int_equal(arnet_cert_sign(buf, sizeof(buf), &n, &c, root_sk, &d),
	                 ARNET_ERANGE);
	c.not_after = c.not_before + DAY;
	strcpy(c.pub_url, "udp://x:1");
	assert_int_equal(arnet_cert_sign(buf, sizeof(buf), &n, &c, root_sk, &d),
	                 ARNET_ESYNTAX);
	strcpy(c.pub_url, "tcp://127.0.0.1:7101");
	/* No survey endpoint is allowed (the member takes no part in
	 * surveys); a malformed one is not. */
	strcpy(c.survey_url, "tcp://127.0.0.1");
	assert_int_equal(arnet_cert_sign(buf, sizeof(buf), &n, &c, root_sk, &d),
	                 ARNET_ESYNTAX);
	strcpy(c.survey_url, "tcp://127.0.0.1:7103");
	assert_int_equal(arnet_cert_sign(buf, sizeof(buf), &n, &c, root_sk, &d),
	                 ARNET_OK);
	assert_int_equal(arnet_cert_decode(&back, buf, n, &d), ARNET_OK);
	assert_string_equal(back.survey_url, "tcp://127.0.0.1:7103");
	c.survey_url[0] = '\0';
	assert_int_equal(arnet_cert_sign(buf, sizeof(buf), &n, &c, root_sk, &d),
	                 ARNET_OK);
	assert_int_equal(arnet_cert_decode(&back, buf, n, &d), ARNET_OK);
	assert_string_equal(back.survey_url, "");
	c.name[0] = '\0';
	assert_int_equal(arnet_cert_sign(buf, sizeof(buf), &n, &c, root_sk, &d),
	                 ARNET_ESYNTAX);
	strcpy(c.name, "M");
	assert_int_equal(arnet_cert_sign(buf, sizeof(buf), &n, &c, root_sk, &d),
	                 ARNET_OK);
	assert_int_equal(arnet_cert_verify(buf, n, root_pk), ARNET_OK);
	/* Truncated at every byte; one byte more. */
	for (size_t k = 0; k < n; k++) {
		assert_int_not_equal(arnet_cert_decode(&back, buf, k, &d),
		                     ARNET_OK);
		assert_int_not_equal(d.msg[0], '\0');
	}
	memcpy(big, buf, n);
	big[n] = 0;
	assert_int_equal(arnet_cert_decode(&back, big, n + 1, &d),
	                 ARNET_ETRAILING);
	/* Any flipped bit breaks the signature (or the decoding). */
	for (size_t k = 0; k < n; k++) {
		memcpy(big, buf, n);
		big[k] ^= 0x01;
		assert_int_not_equal(arnet_cert_verify(big, n, root_pk),
		                     ARNET_OK);
	}
	/* Issued by another key: refused when the root is given. */
	assert_int_equal(
	        arnet_cert_sign(buf, sizeof(buf), &n, &c, other_sk, &d),
	        ARNET_OK);
	assert_int_equal(arnet_cert_verify(buf, n, NULL), ARNET_OK);
	assert_int_equal(arnet_cert_verify(buf, n, root_pk), ARNET_ESIG);
	/* Lower-case member id is not canonical. */
	assert_int_equal(arnet_cert_sign(buf, sizeof(buf), &n, &c, root_sk, &d),
	                 ARNET_OK);
	size_t at = 1 + 8 + 1 + 6; /* "local:M": the 'M' */
	assert_int_equal(buf[at], 'M');
	buf[at] = 'm';
	assert_int_equal(arnet_cert_decode(&back, buf, n, &d), ARNET_ENONCANON);
}

static void
test_roster_hostile(void **state)
{
	arnet_roster r;
	arnet_diag d;
	size_t len;
	(void)state;
	uint8_t *buf = make_roster(&len, NULL, 0, 3);
	assert_int_equal(arnet_roster_open(&r, buf, len, root_pk, &d),
	                 ARNET_OK);
	assert_int_equal(r.ncerts, 2);
	assert_int_equal(r.epoch, 3);
	arnet_roster_free(&r);
	/* Another association's roster. */
	assert_int_equal(arnet_roster_open(&r, buf, len, other_pk, &d),
	                 ARNET_ESIG);
	assert_non_null(strstr(d.msg, "another association"));
	/* Truncated anywhere. */
	for (size_t k = 0; k < len; k += 7) {
		assert_int_not_equal(arnet_roster_open(&r, buf, k, root_pk, &d),
		                     ARNET_OK);
	}
	/* Forged: any byte changed. */
	for (size_t k = 0; k < len; k += 3) {
		uint8_t *f = malloc(len);
		memcpy(f, buf, len);
		f[k] ^= 0x40;
		assert_int_not_equal(arnet_roster_open(&r, f, len, NULL, &d),
		                     ARNET_OK);
		free(f);
	}
	/* Signed by a key that is not its root field: rebuild with the
	 * other key and put the real root's key in the root field. */
	free(buf);
	arnet_cert certs[1];
	arnet_roster f;
	make_cert(&certs[0], 1, "local:A", a_pk, T0, 10);
	test_cert_sign(&certs[0], other_sk);
	test_roster_init(&f, 9, T0, certs, 1);
	assert_int_equal(arnet_roster_sign(&buf, &len, &f, other_sk, &d),
	                 ARNET_OK);
	memcpy(buf + 1 + 8 + 8, root_pk, 32);
	assert_int_equal(arnet_roster_open(&r, buf, len, root_pk, &d),
	                 ARNET_ESIG);
	free(buf);
	/* A certificate from another key cannot enter a root roster. */
	assert_int_equal(arnet_roster_sign(&buf, &len, &f, root_sk, &d),
	                 ARNET_ESIG);
	/* Out of order serials; a revocation of nothing. */
	arnet_cert two[2];
	make_cert(&two[0], 5, "local:A", a_pk, T0, 10);
	make_cert(&two[1], 4, "local:B", b_pk, T0, 10);
	test_cert_sign(&two[0], root_sk);
	test_cert_sign(&two[1], root_sk);
	f.certs = two;
	f.ncerts = 2;
	assert_int_equal(arnet_roster_sign(&buf, &len, &f, root_sk, &d),
	                 ARNET_ENONCANON);
	arnet_revocation rv = {99, {0}, T0, ARNET_REVOKE_LEFT, 0};
	f.ncerts = 1;
	f.revoked = &rv;
	f.nrevoked = 1;
	assert_int_equal(arnet_roster_sign(&buf, &len, &f, root_sk, &d),
	                 ARNET_ERANGE);
	/* `all` only goes with compromised. */
	rv.serial = 5;
	memcpy(rv.key, a_pk, 32);
	rv.all = 1;
	assert_int_equal(arnet_roster_sign(&buf, &len, &f, root_sk, &d),
	                 ARNET_ERANGE);
	/* Wrong version. */
	uint8_t one = 2;
	assert_int_equal(arnet_roster_open(&r, &one, 1, NULL, &d),
	                 ARNET_EVERSION);
}

static void
test_validity_periods(void **state)
{
	arnet_roster r;
	const arnet_cert *c;
	size_t len;
	(void)state;
	uint8_t *buf = make_roster(&len, NULL, 0, 1);
	assert_int_equal(arnet_roster_open(&r, buf, len, root_pk, NULL),
	                 ARNET_OK);
	/* A: [T0, T0 + 365 days). */
	assert_int_equal(arnet_member_valid_at(&r, a_pk, T0 - 1, &c),
	                 ARNET_MEMBER_NOT_YET);
	assert_int_equal(arnet_member_valid_at(&r, a_pk, T0, &c),
	                 ARNET_MEMBER_OK);
	assert_int_equal(c->serial, 1);
	assert_int_equal(
	        arnet_member_valid_at(&r, a_pk, T0 + 365 * DAY - 1, NULL),
	        ARNET_MEMBER_OK);
	assert_int_equal(arnet_member_valid_at(&r, a_pk, T0 + 365 * DAY, NULL),
	                 ARNET_MEMBER_EXPIRED);
	/* B: starts ten days later. */
	assert_int_equal(arnet_member_valid_at(&r, b_pk, T0 + DAY, NULL),
	                 ARNET_MEMBER_NOT_YET);
	/* A key with no certificate: not a member (a certificate for
	 * another key does not make its records count). */
	assert_int_equal(arnet_member_valid_at(&r, other_pk, T0 + DAY, &c),
	                 ARNET_MEMBER_UNKNOWN);
	assert_null(c);
	assert_string_equal(arnet_member_valid_text(ARNET_MEMBER_UNKNOWN),
	                    "not a member of the association");
	arnet_roster_free(&r);
	free(buf);
}

static void
test_revocations(void **state)
{
	arnet_roster r;
	size_t len;
	(void)state;
	int64_t when = T0 + 100 * DAY;
	arnet_revocation rev[2] = {
	        {1, {0}, when, ARNET_REVOKE_LEFT, 0},
	        {2, {0}, T0 + 20 * DAY, ARNET_REVOKE_COMPROMISED, 0},
	};
	memcpy(rev[0].key, a_pk, 32);
	memcpy(rev[1].key, b_pk, 32);
	uint8_t *buf = make_roster(&len, rev, 2, 2);
	assert_int_equal(arnet_roster_open(&r, buf, len, root_pk, NULL),
	                 ARNET_OK);
	/* A left: records made before count, at or after do not. */
	assert_int_equal(arnet_member_valid_at(&r, a_pk, when - 1, NULL),
	                 ARNET_MEMBER_OK);
	assert_int_equal(arnet_member_valid_at(&r, a_pk, when, NULL),
	                 ARNET_MEMBER_LEFT);
	/* B compromised from day 20: before counts, after does not. */
	assert_int_equal(arnet_member_valid_at(&r, b_pk, T0 + 15 * DAY, NULL),
	                 ARNET_MEMBER_OK);
	assert_int_equal(arnet_member_valid_at(&r, b_pk, T0 + 20 * DAY, NULL),
	                 ARNET_MEMBER_COMPROMISED);
	arnet_roster_free(&r);
	free(buf);
	/* With `all`, B's key counts for nothing, even long before. */
	rev[1].all = 1;
	buf = make_roster(&len, rev, 2, 3);
	assert_int_equal(arnet_roster_open(&r, buf, len, root_pk, NULL),
	                 ARNET_OK);
	assert_int_equal(arnet_member_valid_at(&r, b_pk, T0 + 11 * DAY, NULL),
	                 ARNET_MEMBER_COMPROMISED);
	assert_int_equal(arnet_member_valid_at(&r, a_pk, T0 + DAY, NULL),
	                 ARNET_MEMBER_OK);
	arnet_roster_free(&r);
	free(buf);
}

static void
test_record_author_check(void **state)
{
	/* A record by B, checked against the roster: B's record counts only
	 * through B's own certificate. */
	arnet_record rec;
	arnet_roster r;
	uint8_t out[ARNET_RECORD_MAX];
	size_t n, len;
	(void)state;
	arnet_record_init(&rec, ARNET_REC_CREDIT_STOP);
	rec.seq = 1;
	rec.created = T0 + 12 * DAY;
	assert_int_equal(arnet_ident_parse(&rec.subject, "local:X", NULL),
	                 ARNET_OK);
	rec.u.stop.reason = ARNET_REASON_NON_PAYMENT;
	assert_int_equal(
	        arnet_record_sign(out, sizeof(out), &n, &rec, b_sk, NULL),
	        ARNET_OK);
	uint8_t *buf = make_roster(&len, NULL, 0, 1);
	assert_int_equal(arnet_roster_open(&r, buf, len, root_pk, NULL),
	                 ARNET_OK);
	assert_int_equal(
	        arnet_member_valid_at(&r, rec.author, rec.created, NULL),
	        ARNET_MEMBER_OK);
	/* The same record re-signed by a non-member key does not count. */
	assert_int_equal(
	        arnet_record_sign(out, sizeof(out), &n, &rec, other_sk, NULL),
	        ARNET_OK);
	assert_int_equal(
	        arnet_member_valid_at(&r, rec.author, rec.created, NULL),
	        ARNET_MEMBER_UNKNOWN);
	arnet_roster_free(&r);
	free(buf);
}

/* Version 2 carries the member's link certificate: a v1 that claims one,
 * a v2 without one, a field that is not one well-framed DER SEQUENCE, one
 * over the limit, a v1 over its own 1024 bytes, truncation anywhere. */
static void
test_cert_link(void **state)
{
	arnet_cert c, back;
	uint8_t buf[ARNET_CERT_MAX];
	size_t n;
	arnet_diag d;
	(void)state;
	make_cert(&c, 7, "local:LINKED", a_pk, T0, 365);
	c.link_len = 4;
	memcpy(c.link, "\x30\x02\x05\x00", 4);
	assert_int_equal(arnet_cert_sign(buf, sizeof(buf), &n, &c, root_sk, &d),
	                 ARNET_EVERSION); /* v1 with a link */
	c.version = ARNET_CERT_VERSION_LINK;
	assert_int_equal(arnet_cert_sign(buf, sizeof(buf), &n, &c, root_sk, &d),
	                 ARNET_OK);
	assert_int_equal(arnet_cert_decode(&back, buf, n, &d), ARNET_OK);
	assert_int_equal(back.version, ARNET_CERT_VERSION_LINK);
	assert_int_equal(back.link_len, 4);
	assert_memory_equal(back.link, c.link, 4);
	for (size_t k = 0; k < n; k++) {
		assert_int_not_equal(arnet_cert_decode(&back, buf, k, &d),
		                     ARNET_OK);
	}
	static const struct {
		const char *der;
		size_t len;
		int want;
	} bad[] = {
	        {"", 0, ARNET_ESYNTAX},                 /* v2 without one */
	        {"\x31\x00", 2, ARNET_ESYNTAX},         /* a SET */
	        {"\x30\x03\x05\x00", 4, ARNET_ESYNTAX}, /* length too long */
	        {"\x30\x81\x02\x05\x00", 5, ARNET_ENONCANON}, /* not shortest */
	        {"\x30\x80\x05\x00", 4, ARNET_ENONCANON},     /* indefinite */
	};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		c.link_len = (uint16_t)bad[k].len;
		memcpy(c.link, bad[k].der, bad[k].len);
		assert_int_equal(
		        arnet_cert_sign(buf, sizeof(buf), &n, &c, root_sk, &d),
		        bad[k].want);
	}
	/* The largest link certificate: a SEQUENCE of 800 bytes. */
	memset(c.link, 0, sizeof(c.link));
	c.link[0] = 0x30;
	c.link[1] = 0x82;
	c.link[2] = (ARNET_LINK_CERT_MAX - 4) >> 8;
	c.link[3] = (ARNET_LINK_CERT_MAX - 4) & 0xff;
	c.link_len = ARNET_LINK_CERT_MAX;
	assert_int_equal(arnet_cert_sign(buf, sizeof(buf), &n, &c, root_sk, &d),
	                 ARNET_OK);
	assert_int_equal(arnet_cert_decode(&back, buf, n, &d), ARNET_OK);
	/* Its length field raised past the limit on the wire: refused by
	 * the decoder before it reads the bytes. */
	size_t at = n - 64 - 32 - 16 - ARNET_LINK_CERT_MAX - 2;
	assert_int_equal(buf[at] << 8 | buf[at + 1], ARNET_LINK_CERT_MAX);
	buf[at + 1]++;
	assert_int_equal(arnet_cert_decode(&back, buf, n, &d), ARNET_ETOOBIG);
	assert_non_null(strstr(d.msg, "link_cert"));
	/* A version 1 certificate is at most 1024 bytes, as before. */
	uint8_t big[ARNET_CERT_V1_MAX + 1];
	memset(big, 0, sizeof(big));
	big[0] = ARNET_CERT_VERSION;
	assert_int_equal(arnet_cert_decode(&back, big, sizeof(big), &d),
	                 ARNET_ETOOBIG);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_url_check),
	        cmocka_unit_test(test_cert_hostile),
	        cmocka_unit_test(test_cert_link),
	        cmocka_unit_test(test_roster_hostile),
	        cmocka_unit_test(test_validity_periods),
	        cmocka_unit_test(test_revocations),
	        cmocka_unit_test(test_record_author_check),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
