/*
 * link_key_test.c - tests of store/core/link_key.c: the member's TLS
 * link key and self-signed certificate.
 *
 * Hostile first: files in the way (never overwritten, nothing left
 * behind), a key file others may read, a key that is not the
 * certificate's, a certificate that is not PEM, not X.509, altered,
 * signed by another key, of another curve, or not valid at the time
 * asked. Then what a fresh key looks like, and that it fits a version 2
 * roster certificate.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_link_key.h"
#include "arnet_member.h"
#include "test_tmpdir.h"

#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NOW 1796083200 /* 2026-12-01 */

static char dir[64];
static char key_pem[ARNET_LINK_PEM_MAX], crt_pem[ARNET_LINK_PEM_MAX];
static uint8_t der[ARNET_LINK_CERT_MAX];
static size_t der_len;

static int
setup(void **state)
{
	(void)state;
	if (sodium_init() < 0) {
		return -1;
	}
	return test_tmpdir_make(dir, sizeof(dir), "linkkey");
}

static int
teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(dir);
}

static const char *
in_dir(const char *sub, const char *name)
{
	static char p[4][160];
	static int i;
	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s%s%s", dir, sub, *sub ? "/" : "",
	         name);
	return p[i];
}

/* A fresh link key in dir/sub (made once per sub). */
static void
make_in(const char *sub)
{
	arnet_diag d;
	mkdir(in_dir("", sub), 0700);
	assert_int_equal(arnet_link_key_create(
	                         in_dir(sub, ARNET_LINK_KEY_FILE),
	                         in_dir(sub, ARNET_LINK_CERT_FILE), NOW, &d),
	                 ARNET_OK);
}

static int
load(const char *sub, arnet_diag *d)
{
	return arnet_link_key_load(in_dir("", sub), key_pem, sizeof(key_pem),
	                           crt_pem, sizeof(crt_pem), der, sizeof(der),
	                           &der_len, NOW, d);
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

static void
test_create_refuses_existing(void **state)
{
	arnet_diag d;
	(void)state;
	mkdir(in_dir("", "exists"), 0700);
	write_file(in_dir("exists", ARNET_LINK_CERT_FILE), "mine\n", 0644);
	assert_int_equal(
	        arnet_link_key_create(in_dir("exists", ARNET_LINK_KEY_FILE),
	                              in_dir("exists", ARNET_LINK_CERT_FILE),
	                              NOW, &d),
	        ARNET_EEXIST);
	assert_non_null(strstr(d.msg, ARNET_LINK_CERT_FILE));
	/* Nothing made beside it, and the file in the way is untouched. */
	assert_int_equal(access(in_dir("exists", ARNET_LINK_KEY_FILE), F_OK),
	                 -1);
	char buf[16] = {0};
	FILE *f = fopen(in_dir("exists", ARNET_LINK_CERT_FILE), "r");
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "mine\n");
}

static void
test_create_missing_dir(void **state)
{
	arnet_diag d;
	(void)state;
	assert_int_equal(arnet_link_key_create(in_dir("nodir", "k"),
	                                       in_dir("nodir", "c"), NOW, &d),
	                 ARNET_ENOTFOUND);
}

static void
test_load_missing(void **state)
{
	arnet_diag d;
	(void)state;
	mkdir(in_dir("", "empty"), 0700);
	assert_int_equal(load("empty", &d), ARNET_ENOTFOUND);
	assert_non_null(strstr(d.msg, ARNET_LINK_KEY_FILE));
}

static void
test_load_key_readable_by_others(void **state)
{
	arnet_diag d;
	(void)state;
	make_in("open");
	chmod(in_dir("open", ARNET_LINK_KEY_FILE), 0644);
	assert_int_equal(load("open", &d), ARNET_EPERM);
	assert_non_null(strstr(d.msg, "chmod 600"));
}

static void
test_load_key_not_the_certs(void **state)
{
	arnet_diag d;
	char cmd[512];
	(void)state;
	make_in("one");
	make_in("two");
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'",
	         in_dir("two", ARNET_LINK_CERT_FILE),
	         in_dir("one", ARNET_LINK_CERT_FILE));
	assert_int_equal(system(cmd), 0);
	assert_int_equal(load("one", &d), ARNET_ECONFLICT);
	assert_non_null(strstr(d.msg, "is not the key of"));
	/* The secret read is wiped on the way out. */
	for (size_t i = 0; i < sizeof(key_pem); i++) {
		assert_int_equal(key_pem[i], 0);
	}
}

static void
test_read_not_pem(void **state)
{
	arnet_diag d;
	uint8_t out[ARNET_LINK_CERT_MAX];
	size_t n;
	(void)state;
	write_file(in_dir("", "junk.crt"), "hello\n", 0644);
	assert_int_equal(arnet_link_cert_read(in_dir("", "junk.crt"), out,
	                                      sizeof(out), &n, &d),
	                 ARNET_ESYNTAX);
	assert_non_null(strstr(d.msg, "junk.crt"));
	/* PEM framing around bytes that are not a certificate. */
	write_file(in_dir("", "fake.crt"),
	           "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n"
	           "-----END CERTIFICATE-----\n",
	           0644);
	assert_int_equal(arnet_link_cert_read(in_dir("", "fake.crt"), out,
	                                      sizeof(out), &n, &d),
	                 ARNET_OK); /* framing only: read gives the DER */
	assert_int_equal(arnet_link_cert_check(out, n, NOW, &d), ARNET_ESYNTAX);
}

static void
test_check_altered(void **state)
{
	arnet_diag d;
	uint8_t bad[ARNET_LINK_CERT_MAX];
	(void)state;
	make_in("alter");
	assert_int_equal(load("alter", &d), ARNET_OK);
	/* Every byte of the signature (the last bytes) flipped in turn: no
	 * altered certificate passes. */
	for (size_t i = der_len - 8; i < der_len; i++) {
		memcpy(bad, der, der_len);
		bad[i] ^= 0x01;
		int rv = arnet_link_cert_check(bad, der_len, NOW, &d);
		assert_true(rv == ARNET_ESIG || rv == ARNET_ESYNTAX);
	}
	/* Truncated. */
	assert_int_equal(arnet_link_cert_check(der, der_len - 1, NOW, &d),
	                 ARNET_ESYNTAX);
	/* Over the limit. */
	assert_int_equal(
	        arnet_link_cert_check(der, ARNET_LINK_CERT_MAX + 1, NOW, &d),
	        ARNET_ETOOBIG);
}

static int
rng(void *ctx, unsigned char *out, size_t n)
{
	(void)ctx;
	randombytes_buf(out, n);
	return 0;
}

/* A certificate, CN=arnet-link like ours, for a new key on curve grp,
 * signed by that key or (other_signer) by another P-256 key; its DER at
 * the start of out. */
static size_t
foreign_cert(mbedtls_ecp_group_id grp, int other_signer, uint8_t *out,
             size_t cap)
{
	mbedtls_pk_context key, other;
	mbedtls_x509write_cert w;
	mbedtls_mpi sn;
	const mbedtls_pk_info_t *ec =
	        mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY);
	mbedtls_pk_init(&key);
	mbedtls_pk_init(&other);
	mbedtls_mpi_init(&sn);
	mbedtls_x509write_crt_init(&w);
	assert_int_equal(mbedtls_pk_setup(&key, ec), 0);
	assert_int_equal(mbedtls_pk_setup(&other, ec), 0);
	assert_int_equal(
	        mbedtls_ecp_gen_key(grp, mbedtls_pk_ec(key), rng, NULL), 0);
	assert_int_equal(mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1,
	                                     mbedtls_pk_ec(other), rng, NULL),
	                 0);
	mbedtls_x509write_crt_set_version(&w, MBEDTLS_X509_CRT_VERSION_3);
	mbedtls_x509write_crt_set_md_alg(&w, MBEDTLS_MD_SHA256);
	mbedtls_x509write_crt_set_subject_key(&w, &key);
	mbedtls_x509write_crt_set_issuer_key(&w, other_signer ? &other : &key);
	assert_int_equal(mbedtls_mpi_lset(&sn, 7), 0);
	assert_int_equal(mbedtls_x509write_crt_set_serial(&w, &sn), 0);
	assert_int_equal(
	        mbedtls_x509write_crt_set_subject_name(&w, "CN=arnet-link"), 0);
	assert_int_equal(
	        mbedtls_x509write_crt_set_issuer_name(&w, "CN=arnet-link"), 0);
	assert_int_equal(mbedtls_x509write_crt_set_validity(
	                         &w, "20200101000000", "20491231235959"),
	                 0);
	int n = mbedtls_x509write_crt_der(&w, out, cap, rng, NULL);
	assert_true(n > 0);
	memmove(out, out + cap - (size_t)n, (size_t)n);
	mbedtls_x509write_crt_free(&w);
	mbedtls_mpi_free(&sn);
	mbedtls_pk_free(&key);
	mbedtls_pk_free(&other);
	return (size_t)n;
}

static void
test_check_foreign(void **state)
{
	arnet_diag d;
	uint8_t buf[2048];
	size_t n;
	(void)state;
	/* Another curve. */
	n = foreign_cert(MBEDTLS_ECP_DP_SECP384R1, 0, buf, sizeof(buf));
	assert_int_equal(arnet_link_cert_check(buf, n, NOW, &d), ARNET_ETYPE);
	assert_non_null(strstr(d.msg, "P-256"));
	/* Signed by a key that is not its own, under the same name. */
	n = foreign_cert(MBEDTLS_ECP_DP_SECP256R1, 1, buf, sizeof(buf));
	assert_int_equal(arnet_link_cert_check(buf, n, NOW, &d), ARNET_ESIG);
	/* The same, signed by itself: accepted. */
	n = foreign_cert(MBEDTLS_ECP_DP_SECP256R1, 0, buf, sizeof(buf));
	assert_int_equal(arnet_link_cert_check(buf, n, NOW, &d), ARNET_OK);
}

static void
test_check_dates(void **state)
{
	arnet_diag d;
	(void)state;
	make_in("dates");
	assert_int_equal(load("dates", &d), ARNET_OK);
	/* Valid from the day before it was made to 2049-12-31. */
	assert_int_equal(arnet_link_cert_check(der, der_len, NOW - 86400, &d),
	                 ARNET_OK);
	assert_int_equal(
	        arnet_link_cert_check(der, der_len, NOW - 2 * 86400, &d),
	        ARNET_ERANGE);
	assert_non_null(strstr(d.msg, "valid from"));
	assert_int_equal(arnet_link_cert_check(der, der_len, 2524608000, &d),
	                 ARNET_ERANGE); /* 2050-01-01 */
}

static void
test_fresh_key(void **state)
{
	arnet_diag d;
	struct stat st;
	uint8_t again[ARNET_LINK_CERT_MAX];
	size_t n;
	(void)state;
	make_in("fresh");
	assert_int_equal(stat(in_dir("fresh", ARNET_LINK_KEY_FILE), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(in_dir("fresh", ARNET_LINK_CERT_FILE), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(load("fresh", &d), ARNET_OK);
	assert_non_null(strstr(key_pem, "-----BEGIN EC PRIVATE KEY-----"));
	assert_non_null(strstr(crt_pem, "-----BEGIN CERTIFICATE-----"));
	assert_true(der_len > 200 && der_len <= ARNET_LINK_CERT_MAX);
	assert_int_equal(der[0], 0x30);
	assert_int_equal(arnet_link_cert_check(der, der_len, NOW, &d),
	                 ARNET_OK);
	/* The file read alone gives the same DER, and PEM of it is the file. */
	assert_int_equal(
	        arnet_link_cert_read(in_dir("fresh", ARNET_LINK_CERT_FILE),
	                             again, sizeof(again), &n, &d),
	        ARNET_OK);
	assert_int_equal(n, der_len);
	assert_memory_equal(again, der, n);
	char pem[ARNET_LINK_PEM_MAX];
	assert_int_equal(
	        arnet_link_cert_pem(der, der_len, pem, sizeof(pem), &d),
	        ARNET_OK);
	assert_string_equal(pem, crt_pem);
	/* Two keys made are two keys, with two subject names. */
	make_in("fresh2");
	uint8_t der1[ARNET_LINK_CERT_MAX];
	size_t n1 = der_len;
	memcpy(der1, der, n1);
	assert_int_equal(load("fresh2", &d), ARNET_OK);
	assert_false(n1 == der_len && memcmp(der1, der, n1) == 0);
	mbedtls_x509_crt a, b;
	mbedtls_x509_crt_init(&a);
	mbedtls_x509_crt_init(&b);
	assert_int_equal(mbedtls_x509_crt_parse_der(&a, der1, n1), 0);
	assert_int_equal(mbedtls_x509_crt_parse_der(&b, der, der_len), 0);
	assert_false(a.subject_raw.len == b.subject_raw.len &&
	             memcmp(a.subject_raw.p, b.subject_raw.p,
	                    a.subject_raw.len) == 0);
	mbedtls_x509_crt_free(&a);
	mbedtls_x509_crt_free(&b);
}

static void
test_fits_a_roster_certificate(void **state)
{
	arnet_diag d;
	arnet_cert c, back;
	uint8_t buf[ARNET_CERT_MAX], root_pk[32], root_sk[64], mpk[32], msk[64];
	size_t n;
	(void)state;
	make_in("roster");
	assert_int_equal(load("roster", &d), ARNET_OK);
	crypto_sign_keypair(root_pk, root_sk);
	crypto_sign_keypair(mpk, msk);
	memset(&c, 0, sizeof(c));
	c.version = ARNET_CERT_VERSION_LINK;
	c.serial = 1;
	assert_int_equal(arnet_ident_parse(&c.member_id, "local:M1", &d),
	                 ARNET_OK);
	snprintf(c.name, sizeof(c.name), "M1");
	memcpy(c.key, mpk, 32);
	snprintf(c.pub_url, sizeof(c.pub_url), "tls+tcp://127.0.0.1:7100");
	snprintf(c.sync_url, sizeof(c.sync_url), "tls+tcp://127.0.0.1:7101");
	c.link_len = (uint16_t)der_len;
	memcpy(c.link, der, der_len);
	c.not_before = NOW;
	c.not_after = NOW + 86400;
	assert_int_equal(arnet_cert_sign(buf, sizeof(buf), &n, &c, root_sk, &d),
	                 ARNET_OK);
	assert_int_equal(arnet_cert_decode(&back, buf, n, &d), ARNET_OK);
	assert_int_equal(back.link_len, der_len);
	assert_memory_equal(back.link, der, der_len);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_create_refuses_existing),
	        cmocka_unit_test(test_create_missing_dir),
	        cmocka_unit_test(test_load_missing),
	        cmocka_unit_test(test_load_key_readable_by_others),
	        cmocka_unit_test(test_load_key_not_the_certs),
	        cmocka_unit_test(test_read_not_pem),
	        cmocka_unit_test(test_check_altered),
	        cmocka_unit_test(test_check_foreign),
	        cmocka_unit_test(test_check_dates),
	        cmocka_unit_test(test_fresh_key),
	        cmocka_unit_test(test_fits_a_roster_certificate),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
