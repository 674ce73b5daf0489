/*
 * cert.c - membership certificates: canonical encoding, strict decoding,
 * the root's signature, and the nng URLs they carry.
 */
#include "arnet_codec.h"
#include "arnet_member.h"
#include "arnet_sign.h"
#include "arnet_utf8.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define TIME_MAX  INT64_C(253402300799) /* 9999-12-31T23:59:59Z */
#define EXACT_MAX INT64_C(9007199254740991)

static int
port_ok(const char *p)
{
	long v = 0;
	if (*p == '\0' || strlen(p) > 5) {
		return 0;
	}
	for (; *p; p++) {
		if (*p < '0' || *p > '9') {
			return 0;
		}
		v = v * 10 + (*p - '0');
	}
	return v >= 1 && v <= 65535;
}

int
arnet_url_check(const char *url, arnet_diag *d)
{
	size_t n = strlen(url);
	const char *rest;
	if (n == 0 || n > ARNET_URL_MAX) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "URL must be 1 to %d characters",
		                      ARNET_URL_MAX);
	}
	for (size_t i = 0; i < n; i++) {
		if (url[i] <= ' ' || url[i] > '~') {
			return arnet_diag_set(d, ARNET_ESYNTAX,
			                      "URL \"%.60s\" has a space or a "
			                      "character that is not ASCII",
			                      url);
		}
	}
	if (strncmp(url, "ipc:///", 7) == 0) {
		return n > 7 ? ARNET_OK
		             : arnet_diag_set(d, ARNET_ESYNTAX,
		                              "ipc URL needs a path");
	}
	if (strncmp(url, "tcp://", 6) == 0) {
		rest = url + 6;
	} else if (strncmp(url, "tls+tcp://", 10) == 0) {
		rest = url + 10;
	} else {
		return arnet_diag_set(
		        d, ARNET_ESYNTAX,
		        "URL \"%.60s\": expected tcp://HOST:PORT, "
		        "tls+tcp://HOST:PORT or ipc:///PATH",
		        url);
	}
	const char *colon = strrchr(rest, ':');
	if (colon == NULL || colon == rest || !port_ok(colon + 1)) {
		return arnet_diag_set(
		        d, ARNET_ESYNTAX,
		        "URL \"%.60s\": expected HOST:PORT with a "
		        "port from 1 to 65535",
		        url);
	}
	for (const char *p = rest; p < colon; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
		      *p == '[' || *p == ']' || *p == ':' || *p == '*')) {
			return arnet_diag_set(d, ARNET_ESYNTAX,
			                      "URL \"%.60s\": bad host name",
			                      url);
		}
	}
	return ARNET_OK;
}

/* A version 1 certificate has no link certificate; a version 2 one has
 * 1..ARNET_LINK_CERT_MAX bytes of one DER SEQUENCE (0x30, its length in
 * DER's definite form, exactly the bytes given). Whether those bytes are
 * the X.509 certificate a TLS stack accepts is the node's and the
 * administrator's to check (store/core/link_key.c); here, only that the
 * field is well framed. */
static int
check_link(const arnet_cert *c, arnet_diag *d)
{
	size_t n = c->link_len, hdr, body;
	if (c->version == ARNET_CERT_VERSION) {
		return n == 0 ? ARNET_OK
		              : arnet_diag_set(d, ARNET_EVERSION,
		                               "a link certificate needs "
		                               "version %d",
		                               ARNET_CERT_VERSION_LINK);
	}
	if (n < 2 || n > ARNET_LINK_CERT_MAX || c->link[0] != 0x30) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "link_cert must be one DER SEQUENCE of "
		                      "2..%d bytes",
		                      ARNET_LINK_CERT_MAX);
	}
	if (c->link[1] < 0x80) {
		hdr = 2;
		body = c->link[1];
	} else if (c->link[1] == 0x81 && n >= 3 && c->link[2] >= 0x80) {
		hdr = 3;
		body = c->link[2];
	} else if (c->link[1] == 0x82 && n >= 4 && c->link[2] != 0) {
		hdr = 4;
		body = (size_t)c->link[2] << 8 | c->link[3];
	} else {
		return arnet_diag_set(d, ARNET_ENONCANON,
		                      "link_cert: bad DER length");
	}
	if (hdr + body != n) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "link_cert: DER length %zu, field %zu "
		                      "bytes",
		                      hdr + body, n);
	}
	return ARNET_OK;
}

/* The checks the encoder and the decoder share, field by field. */
static int
check_cert(const arnet_cert *c, arnet_diag *d)
{
	arnet_ident canon;
	size_t nn = strlen(c->name);
	int rv;
	if (c->version != ARNET_CERT_VERSION &&
	    c->version != ARNET_CERT_VERSION_LINK) {
		return arnet_diag_set(d, ARNET_EVERSION,
		                      "version %u is not supported",
		                      c->version);
	}
	if ((rv = check_link(c, d)) != ARNET_OK) {
		return rv;
	}
	if (c->serial < 1 || c->serial > (uint64_t)EXACT_MAX) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "serial must be between 1 and 2^53-1");
	}
	rv = arnet_ident_parse_canonical(&canon, c->member_id.text,
	                                 strlen(c->member_id.text), d);
	if (rv != ARNET_OK) {
		return rv;
	}
	if (nn == 0 || nn > ARNET_MEMBER_NAME_MAX ||
	    !arnet_utf8_valid((const uint8_t *)c->name, nn, 0)) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "name must be 1 to %d bytes of text",
		                      ARNET_MEMBER_NAME_MAX);
	}
	if ((rv = arnet_url_check(c->pub_url, d)) != ARNET_OK ||
	    (rv = arnet_url_check(c->sync_url, d)) != ARNET_OK ||
	    (c->survey_url[0] != '\0' &&
	     (rv = arnet_url_check(c->survey_url, d)) != ARNET_OK)) {
		return rv;
	}
	if (c->not_before < 0 || c->not_after > TIME_MAX ||
	    c->not_after <= c->not_before) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "validity must be a non-empty period "
		                      "within 1970..9999");
	}
	return ARNET_OK;
}

static int
encode(uint8_t *out, size_t cap, size_t *len, const arnet_cert *c, int sig,
       arnet_diag *d)
{
	arnet_wbuf w;
	int rv = check_cert(c, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	arnet_wbuf_init(&w, out, cap);
	arnet_put_u8(&w, c->version);
	arnet_put_u64(&w, c->serial);
	arnet_put_str8(&w, c->member_id.text, strlen(c->member_id.text),
	               ARNET_ID_MAX);
	arnet_put_str8(&w, c->name, strlen(c->name), ARNET_MEMBER_NAME_MAX);
	arnet_put_bytes(&w, c->key, ARNET_PUBKEY_BYTES);
	arnet_put_str8(&w, c->pub_url, strlen(c->pub_url), ARNET_URL_MAX);
	arnet_put_str8(&w, c->sync_url, strlen(c->sync_url), ARNET_URL_MAX);
	arnet_put_str8(&w, c->survey_url, strlen(c->survey_url), ARNET_URL_MAX);
	if (c->version == ARNET_CERT_VERSION_LINK) {
		arnet_put_u16(&w, c->link_len);
		arnet_put_bytes(&w, c->link, c->link_len);
	}
	arnet_put_u64(&w, (uint64_t)c->not_before);
	arnet_put_u64(&w, (uint64_t)c->not_after);
	arnet_put_bytes(&w, c->issuer, ARNET_PUBKEY_BYTES);
	if (sig) {
		arnet_put_bytes(&w, c->sig, ARNET_SIG_BYTES);
	}
	if (w.err != ARNET_OK) {
		return arnet_diag_set(d, ARNET_ETOOBIG,
		                      "certificate buffer too small");
	}
	*len = w.len;
	return ARNET_OK;
}

int
arnet_cert_encode(uint8_t *out, size_t cap, size_t *len, const arnet_cert *c,
                  arnet_diag *d)
{
	return encode(out, cap, len, c, 1, d);
}

int
arnet_cert_sign(uint8_t *out, size_t cap, size_t *len, arnet_cert *c,
                const uint8_t root_sk[ARNET_SECKEY_BYTES], arnet_diag *d)
{
	size_t n = 0;
	memcpy(c->issuer, arnet_seckey_pubkey(root_sk), ARNET_PUBKEY_BYTES);
	int rv = encode(out, cap, &n, c, 0, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	if (cap - n < ARNET_SIG_BYTES) {
		return arnet_diag_set(d, ARNET_ETOOBIG,
		                      "certificate buffer too small");
	}
	if (arnet_sign_ctx(c->sig, ARNET_CERT_SIG_CONTEXT,
	                   ARNET_CERT_SIG_CONTEXT_LEN, out, n,
	                   root_sk) != ARNET_OK) {
		return arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
	}
	memcpy(out + n, c->sig, ARNET_SIG_BYTES);
	*len = n + ARNET_SIG_BYTES;
	return ARNET_OK;
}

int
arnet_cert_decode(arnet_cert *c, const uint8_t *in, size_t len, arnet_diag *d)
{
	arnet_rbuf r;
	uint8_t n;
	const uint8_t *p;
	int rv;
	memset(c, 0, sizeof(*c));
	if ((rv = arnet_rbuf_open(&r, in, len, ARNET_CERT_MAX, "certificate",
	                          d)) != ARNET_OK) {
		return rv;
	}
	c->version = arnet_get_u8(&r, "version");
	if (r.err == ARNET_OK && c->version == ARNET_CERT_VERSION &&
	    len > ARNET_CERT_V1_MAX) {
		return arnet_diag_set(d, ARNET_ETOOBIG,
		                      "certificate: %zu bytes, over the %d of "
		                      "version 1",
		                      len, ARNET_CERT_V1_MAX);
	}
	if (r.err == ARNET_OK && c->version != ARNET_CERT_VERSION &&
	    c->version != ARNET_CERT_VERSION_LINK) {
		r.off = 0;
		return arnet_rbuf_fail(&r, ARNET_EVERSION, "version",
		                       "version %u is not supported",
		                       c->version);
	}
	c->serial = arnet_get_u64(&r, "serial");
	n = arnet_get_u8(&r, "member_id");
	p = arnet_get_view(&r, n, "member_id");
	if (p != NULL) {
		if (n == 0 || n > ARNET_ID_MAX) {
			return arnet_rbuf_fail(&r, ARNET_ETOOBIG, "member_id",
			                       "length %u is not 1..%d", n,
			                       ARNET_ID_MAX);
		}
		arnet_diag sub;
		rv = arnet_ident_parse_canonical(&c->member_id, (const char *)p,
		                                 n, &sub);
		if (rv != ARNET_OK) {
			r.off -= n;
			return arnet_rbuf_fail(&r, rv, "member_id", "%s",
			                       sub.msg);
		}
	}
	arnet_get_str8(&r, c->name, sizeof(c->name), "name");
	arnet_get_bytes(&r, c->key, ARNET_PUBKEY_BYTES, "key");
	arnet_get_str8(&r, c->pub_url, sizeof(c->pub_url), "pub_url");
	arnet_get_str8(&r, c->sync_url, sizeof(c->sync_url), "sync_url");
	arnet_get_str8(&r, c->survey_url, sizeof(c->survey_url), "survey_url");
	if (c->version == ARNET_CERT_VERSION_LINK) {
		uint16_t ln = arnet_get_u16(&r, "link_cert");
		if (r.err == ARNET_OK && ln > ARNET_LINK_CERT_MAX) {
			return arnet_rbuf_fail(&r, ARNET_ETOOBIG, "link_cert",
			                       "length %u is over %d", ln,
			                       ARNET_LINK_CERT_MAX);
		}
		c->link_len = ln;
		arnet_get_bytes(&r, c->link, ln, "link_cert");
	}
	c->not_before = (int64_t)arnet_get_u64(&r, "not_before");
	c->not_after = (int64_t)arnet_get_u64(&r, "not_after");
	arnet_get_bytes(&r, c->issuer, ARNET_PUBKEY_BYTES, "issuer");
	arnet_get_bytes(&r, c->sig, ARNET_SIG_BYTES, "signature");
	if (arnet_rbuf_finish(&r) != ARNET_OK) {
		return r.err;
	}
	/* Field values: the encoder's rules, so canonical in both ways. */
	arnet_diag sub;
	rv = check_cert(c, &sub);
	if (rv != ARNET_OK) {
		return arnet_diag_set(d, rv, "certificate: %s", sub.msg);
	}
	return ARNET_OK;
}

int
arnet_cert_verify(const uint8_t *in, size_t len,
                  const uint8_t root[ARNET_PUBKEY_BYTES])
{
	arnet_cert c;
	if (arnet_cert_decode(&c, in, len, NULL) != ARNET_OK) {
		return ARNET_ESIG;
	}
	if (root != NULL &&
	    sodium_memcmp(c.issuer, root, ARNET_PUBKEY_BYTES) != 0) {
		return ARNET_ESIG;
	}
	size_t n = len - ARNET_SIG_BYTES;
	return arnet_verify_ctx(in + n, ARNET_CERT_SIG_CONTEXT,
	                        ARNET_CERT_SIG_CONTEXT_LEN, in, n, c.issuer);
}
