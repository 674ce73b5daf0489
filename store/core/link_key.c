/*
 * link_key.c - the member's TLS link key and self-signed certificate,
 * made and checked with mbedTLS (the TLS library under Debian's nng).
 *
 * Randomness comes from libsodium (randombytes_buf) through mbedTLS's
 * f_rng callback, so no mbedTLS entropy source or DRBG is set up here.
 */
#include "arnet_link_key.h"
#include "arnet_date.h"
#include "arnet_keyfile.h"

#include <mbedtls/ecp.h>
#include <mbedtls/error.h>
#include <mbedtls/md.h>
#include <mbedtls/oid.h>
#include <mbedtls/pem.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The lines around a PEM certificate: with their newline to write,
 * without it to read (mbedTLS takes CRLF or LF after them). */
#define PEM_BEGIN_LINE "-----BEGIN CERTIFICATE-----"
#define PEM_END_LINE   "-----END CERTIFICATE-----"
#define PEM_BEGIN      PEM_BEGIN_LINE "\n"
#define PEM_END        PEM_END_LINE "\n"

static int
rng(void *ctx, unsigned char *out, size_t n)
{
	(void)ctx;
	randombytes_buf(out, n);
	return 0;
}

static int
tls_fail(arnet_diag *d, const char *what, int ret)
{
	char msg[160];
	mbedtls_strerror(ret, msg, sizeof(msg));
	return arnet_diag_set(d, ARNET_ECRYPTO, "%s: %s", what, msg);
}

/* YYYYMMDDhhmmss of a UTC time, as mbedTLS's validity wants it. */
static void
x509_time(char out[16], int64_t t)
{
	int y, m, dd;
	int64_t day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t sec = t - day * 86400;
	arnet_date_to_ymd((int32_t)day, &y, &m, &dd);
	snprintf(out, 16, "%04d%02d%02d%02d%02d%02d", y, m, dd,
	         (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
}

/* Write the new certificate of key into der (at its end, as mbedTLS
 * does); *out points at the first byte. */
static int
make_cert(mbedtls_pk_context *key, int64_t now, uint8_t *der, size_t cap,
          uint8_t **out, size_t *len, arnet_diag *d)
{
	mbedtls_x509write_cert w;
	mbedtls_mpi serial;
	uint8_t sn[16], tag[8];
	char subject[96], from[16];
	int ret, rv = ARNET_OK;
	randombytes_buf(sn, sizeof(sn));
	sn[0] &= 0x7f; /* a positive INTEGER */
	sn[0] |= 0x40; /* of full length */
	randombytes_buf(tag, sizeof(tag));
	int o = snprintf(subject, sizeof(subject),
	                 "CN=" ARNET_LINK_NAME ",serialNumber=");
	for (size_t i = 0; i < sizeof(tag); i++) {
		o += snprintf(subject + o, sizeof(subject) - (size_t)o, "%02x",
		              tag[i]);
	}
	x509_time(from, now - 86400);
	mbedtls_x509write_crt_init(&w);
	mbedtls_mpi_init(&serial);
	mbedtls_x509write_crt_set_version(&w, MBEDTLS_X509_CRT_VERSION_3);
	mbedtls_x509write_crt_set_md_alg(&w, MBEDTLS_MD_SHA256);
	mbedtls_x509write_crt_set_subject_key(&w, key);
	mbedtls_x509write_crt_set_issuer_key(&w, key);
	if ((ret = mbedtls_mpi_read_binary(&serial, sn, sizeof(sn))) != 0 ||
	    (ret = mbedtls_x509write_crt_set_serial(&w, &serial)) != 0 ||
	    (ret = mbedtls_x509write_crt_set_subject_name(&w, subject)) != 0 ||
	    (ret = mbedtls_x509write_crt_set_issuer_name(&w, subject)) != 0 ||
	    (ret = mbedtls_x509write_crt_set_validity(&w, from,
	                                              "20491231235959")) != 0 ||
	    (ret = mbedtls_x509write_crt_set_basic_constraints(&w, 0, -1)) !=
	            0 ||
	    (ret = mbedtls_x509write_crt_set_key_usage(
	             &w, MBEDTLS_X509_KU_DIGITAL_SIGNATURE)) != 0) {
		rv = tls_fail(d, "cannot make the link certificate", ret);
	} else if ((ret = mbedtls_x509write_crt_der(&w, der, cap, rng, NULL)) <
	           0) {
		rv = tls_fail(d, "cannot sign the link certificate", ret);
	} else {
		*len = (size_t)ret;
		*out = der + cap - *len;
	}
	mbedtls_mpi_free(&serial);
	mbedtls_x509write_crt_free(&w);
	return rv;
}

int
arnet_link_cert_pem(const uint8_t *der, size_t len, char *pem, size_t cap,
                    arnet_diag *d)
{
	size_t olen = 0;
	int ret = mbedtls_pem_write_buffer(PEM_BEGIN, PEM_END, der, len,
	                                   (unsigned char *)pem, cap, &olen);
	if (ret != 0) {
		return tls_fail(d, "cannot write the link certificate", ret);
	}
	return ARNET_OK;
}

void
arnet_link_cert_fingerprint(char out[ARNET_LINK_FPR_LEN + 1],
                            const uint8_t *der, size_t len)
{
	uint8_t h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, der, len);
	memcpy(out, "sha256:", 7);
	sodium_bin2hex(out + 7, 65, h, sizeof(h));
}

int
arnet_link_key_create(const char *key_path, const char *crt_path, int64_t now,
                      arnet_diag *d)
{
	mbedtls_pk_context key;
	uint8_t der[ARNET_LINK_CERT_MAX], *cert = NULL;
	char key_pem[ARNET_LINK_PEM_MAX], crt_pem[ARNET_LINK_PEM_MAX];
	size_t len = 0;
	int ret, rv;
	if (access(key_path, F_OK) == 0 || access(crt_path, F_OK) == 0) {
		return arnet_diag_set(d, ARNET_EEXIST, "%s exists",
		                      access(key_path, F_OK) == 0 ? key_path
		                                                  : crt_path);
	}
	mbedtls_pk_init(&key);
	if ((ret = mbedtls_pk_setup(
	             &key, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY))) != 0 ||
	    (ret = mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1,
	                               mbedtls_pk_ec(key), rng, NULL)) != 0) {
		rv = tls_fail(d, "cannot make the link key", ret);
	} else if ((rv = make_cert(&key, now, der, sizeof(der), &cert, &len,
	                           d)) != ARNET_OK) {
		/* diag set */
	} else if ((ret = mbedtls_pk_write_key_pem(&key, (uint8_t *)key_pem,
	                                           sizeof(key_pem))) != 0) {
		rv = tls_fail(d, "cannot write the link key", ret);
	} else if ((rv = arnet_link_cert_pem(cert, len, crt_pem,
	                                     sizeof(crt_pem), d)) == ARNET_OK &&
	           (rv = arnet_keyfile_write_new(key_path, key_pem,
	                                         strlen(key_pem), 0600, d)) ==
	                   ARNET_OK &&
	           (rv = arnet_keyfile_write_new(crt_path, crt_pem,
	                                         strlen(crt_pem), 0644, d)) !=
	                   ARNET_OK) {
		unlink(key_path);
	}
	mbedtls_pk_free(&key);
	sodium_memzero(key_pem, sizeof(key_pem));
	return rv;
}

int
arnet_link_cert_check(const uint8_t *der, size_t len, int64_t now,
                      arnet_diag *d)
{
	mbedtls_x509_crt crt;
	uint8_t hash[32];
	char from[16], to[16], at[16];
	int rv = ARNET_OK;
	if (len > ARNET_LINK_CERT_MAX) {
		return arnet_diag_set(d, ARNET_ETOOBIG,
		                      "link certificate: %zu bytes, over %d",
		                      len, ARNET_LINK_CERT_MAX);
	}
	mbedtls_x509_crt_init(&crt);
	int ret = mbedtls_x509_crt_parse_der(&crt, der, len);
	if (ret != 0) {
		mbedtls_x509_crt_free(&crt);
		return arnet_diag_set(
		        d, ARNET_ESYNTAX,
		        "link certificate does not parse as X.509 "
		        "(mbedTLS -0x%04x)",
		        (unsigned)-ret);
	}
	if (mbedtls_pk_get_type(&crt.pk) != MBEDTLS_PK_ECKEY ||
	    mbedtls_pk_ec(crt.pk)->grp.id != MBEDTLS_ECP_DP_SECP256R1) {
		rv = arnet_diag_set(d, ARNET_ETYPE,
		                    "link certificate: the key must be ECDSA "
		                    "P-256");
		goto out;
	}
	/* Self-signed: its issuer is its subject and its own key verifies
	 * it. (mbedtls_x509_crt_verify would not say: it takes a
	 * self-signed certificate found in the trust list as trusted
	 * without checking the signature.) */
	if (crt.issuer_raw.len != crt.subject_raw.len ||
	    memcmp(crt.issuer_raw.p, crt.subject_raw.p, crt.issuer_raw.len) !=
	            0 ||
	    crt.sig_md != MBEDTLS_MD_SHA256 ||
	    mbedtls_md(mbedtls_md_info_from_type(crt.sig_md), crt.tbs.p,
	               crt.tbs.len, hash) != 0 ||
	    mbedtls_pk_verify(&crt.pk, crt.sig_md, hash, sizeof(hash),
	                      crt.sig.p, crt.sig.len) != 0) {
		rv = arnet_diag_set(d, ARNET_ESIG,
		                    "link certificate is not self-signed by "
		                    "its key with ECDSA-SHA256");
		goto out;
	}
	snprintf(from, sizeof(from), "%04d%02d%02d%02d%02d%02d",
	         crt.valid_from.year, crt.valid_from.mon, crt.valid_from.day,
	         crt.valid_from.hour, crt.valid_from.min, crt.valid_from.sec);
	snprintf(to, sizeof(to), "%04d%02d%02d%02d%02d%02d", crt.valid_to.year,
	         crt.valid_to.mon, crt.valid_to.day, crt.valid_to.hour,
	         crt.valid_to.min, crt.valid_to.sec);
	x509_time(at, now);
	if (strcmp(at, from) < 0 || strcmp(at, to) > 0) {
		rv = arnet_diag_set(d, ARNET_ERANGE,
		                    "link certificate is valid from %.8s to "
		                    "%.8s, not at %.8s",
		                    from, to, at);
	}
out:
	mbedtls_x509_crt_free(&crt);
	return rv;
}

/* The DER of the first certificate in PEM text (NUL-terminated). */
static int
pem_to_der(const char *pem, const char *path, uint8_t *der, size_t cap,
           size_t *len, arnet_diag *d)
{
	mbedtls_pem_context ctx;
	size_t used = 0;
	mbedtls_pem_init(&ctx);
	int ret = mbedtls_pem_read_buffer(&ctx, PEM_BEGIN_LINE, PEM_END_LINE,
	                                  (const unsigned char *)pem, NULL, 0,
	                                  &used);
	if (ret != 0) {
		mbedtls_pem_free(&ctx);
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "%s: not a PEM certificate", path);
	}
	size_t n = ctx.buflen;
	const unsigned char *buf = ctx.buf;
	if (n > cap || n > ARNET_LINK_CERT_MAX) {
		mbedtls_pem_free(&ctx);
		return arnet_diag_set(d, ARNET_ETOOBIG,
		                      "%s: certificate of %zu bytes, over %d",
		                      path, n, ARNET_LINK_CERT_MAX);
	}
	memcpy(der, buf, n);
	*len = n;
	mbedtls_pem_free(&ctx);
	return ARNET_OK;
}

/* Read the PEM file at path as NUL-terminated text. */
static int
read_pem(const char *path, char *buf, size_t cap, int secret, arnet_diag *d)
{
	size_t n = 0;
	int rv = arnet_keyfile_read_text(path, buf, cap - 1, &n, secret, d);
	buf[rv == ARNET_OK ? n : 0] = '\0';
	return rv;
}

int
arnet_link_cert_read(const char *path, uint8_t *der, size_t cap, size_t *len,
                     arnet_diag *d)
{
	char pem[ARNET_LINK_PEM_MAX];
	int rv = read_pem(path, pem, sizeof(pem), 0, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	return pem_to_der(pem, path, der, cap, len, d);
}

int
arnet_link_key_load(const char *data_dir, char *key_pem, size_t key_cap,
                    char *crt_pem, size_t crt_cap, uint8_t *der, size_t der_cap,
                    size_t *der_len, int64_t now, arnet_diag *d)
{
	char kp[4096], cp[4096];
	mbedtls_pk_context key;
	mbedtls_x509_crt crt;
	int ret, rv;
	snprintf(kp, sizeof(kp), "%s/" ARNET_LINK_KEY_FILE, data_dir);
	snprintf(cp, sizeof(cp), "%s/" ARNET_LINK_CERT_FILE, data_dir);
	if ((rv = read_pem(kp, key_pem, key_cap, 1, d)) != ARNET_OK ||
	    (rv = read_pem(cp, crt_pem, crt_cap, 0, d)) != ARNET_OK ||
	    (rv = pem_to_der(crt_pem, cp, der, der_cap, der_len, d)) !=
	            ARNET_OK) {
		goto fail;
	}
	if ((rv = arnet_link_cert_check(der, *der_len, now, d)) != ARNET_OK) {
		char why[sizeof(d->msg)];
		snprintf(why, sizeof(why), "%s", d->msg);
		arnet_diag_set(d, rv, "%s: %s", cp, why);
		goto fail;
	}
	mbedtls_pk_init(&key);
	mbedtls_x509_crt_init(&crt);
	if ((ret = mbedtls_pk_parse_key(&key, (const uint8_t *)key_pem,
	                                strlen(key_pem) + 1, NULL, 0)) != 0) {
		rv = arnet_diag_set(d, ARNET_EKEYFILE,
		                    "%s: not a PEM private key (mbedTLS "
		                    "-0x%04x)",
		                    kp, (unsigned)-ret);
	} else if (mbedtls_x509_crt_parse_der(&crt, der, *der_len) != 0 ||
	           mbedtls_pk_check_pair(&crt.pk, &key) != 0) {
		rv = arnet_diag_set(d, ARNET_ECONFLICT,
		                    "%s is not the key of %s", kp, cp);
	}
	mbedtls_x509_crt_free(&crt);
	mbedtls_pk_free(&key);
	if (rv == ARNET_OK) {
		return ARNET_OK;
	}
fail:
	sodium_memzero(key_pem, key_cap);
	return rv;
}
