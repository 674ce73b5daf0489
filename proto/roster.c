/*
 * roster.c - the root-signed roster of members, and whose records count
 * when.
 *
 * The roster keeps every certificate that can still decide about a
 * record: the ones in force, the expired ones and the revoked ones (their
 * holders' earlier records keep counting). A renewal replaces a member's
 * certificate with one that covers the old period and more, so nothing
 * needs the old one. Revocations name a certificate of the roster by
 * serial and key.
 */
#include "arnet_codec.h"
#include "arnet_member.h"
#include "arnet_sign.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIME_MAX  INT64_C(253402300799)
#define EXACT_MAX INT64_C(9007199254740991)

static const char *const reason_names[] = {NULL, "left", "compromised"};

const char *
arnet_revoke_reason_name(int reason)
{
	return reason == 1 || reason == 2 ? reason_names[reason] : "unknown";
}

int
arnet_revoke_reason_parse(const char *name)
{
	return strcmp(name, "left") == 0          ? ARNET_REVOKE_LEFT
	       : strcmp(name, "compromised") == 0 ? ARNET_REVOKE_COMPROMISED
	                                          : 0;
}

void
arnet_roster_free(arnet_roster *r)
{
	free(r->certs);
	free(r->revoked);
	r->certs = NULL;
	r->revoked = NULL;
	r->ncerts = r->nrevoked = 0;
}

static const arnet_cert *
cert_by_serial(const arnet_roster *r, uint64_t serial)
{
	size_t lo = 0, hi = r->ncerts;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->certs[mid].serial == serial) {
			return &r->certs[mid];
		}
		if (r->certs[mid].serial < serial) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return NULL;
}

/* The rules on the roster as a whole, shared by signer and decoder. */
static int
check_roster(const arnet_roster *r, arnet_diag *d)
{
	if (r->version != ARNET_ROSTER_VERSION) {
		return arnet_diag_set(d, ARNET_EVERSION,
		                      "roster version %u is not supported",
		                      r->version);
	}
	if (r->epoch < 1 || r->epoch > (uint64_t)EXACT_MAX) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "epoch must be between 1 and 2^53-1");
	}
	if (r->issued < 0 || r->issued > TIME_MAX) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "issue time out of range");
	}
	if (r->ncerts > ARNET_ROSTER_MAX_CERTS ||
	    r->nrevoked > ARNET_ROSTER_MAX_REVOKED) {
		return arnet_diag_set(d, ARNET_ETOOBIG,
		                      "too many certificates or revocations");
	}
	for (size_t i = 0; i < r->ncerts; i++) {
		if (sodium_memcmp(r->certs[i].issuer, r->root,
		                  ARNET_PUBKEY_BYTES) != 0) {
			return arnet_diag_set(
			        d, ARNET_ESIG,
			        "certificate %llu is not issued by "
			        "the roster's root",
			        (unsigned long long)r->certs[i].serial);
		}
		if (i > 0 && r->certs[i].serial <= r->certs[i - 1].serial) {
			return arnet_diag_set(
			        d, ARNET_ENONCANON,
			        "certificates must be in rising "
			        "serial order (%llu after %llu)",
			        (unsigned long long)r->certs[i].serial,
			        (unsigned long long)r->certs[i - 1].serial);
		}
	}
	for (size_t i = 0; i < r->nrevoked; i++) {
		const arnet_revocation *v = &r->revoked[i];
		const arnet_cert *c = cert_by_serial(r, v->serial);
		if (i > 0 && v->serial <= r->revoked[i - 1].serial) {
			return arnet_diag_set(d, ARNET_ENONCANON,
			                      "revocations must be in rising "
			                      "serial order");
		}
		if (c == NULL ||
		    memcmp(c->key, v->key, ARNET_PUBKEY_BYTES) != 0) {
			return arnet_diag_set(
			        d, ARNET_ERANGE,
			        "revocation of serial %llu names no "
			        "certificate of the roster",
			        (unsigned long long)v->serial);
		}
		if ((v->reason != ARNET_REVOKE_LEFT &&
		     v->reason != ARNET_REVOKE_COMPROMISED) ||
		    v->all > 1 ||
		    (v->all && v->reason != ARNET_REVOKE_COMPROMISED)) {
			return arnet_diag_set(d, ARNET_ERANGE,
			                      "revocation of serial %llu: bad "
			                      "reason or flag",
			                      (unsigned long long)v->serial);
		}
		if (v->time < 0 || v->time > TIME_MAX) {
			return arnet_diag_set(d, ARNET_ERANGE,
			                      "revocation time out of range");
		}
	}
	return ARNET_OK;
}

int
arnet_roster_sign(uint8_t **out, size_t *len, arnet_roster *r,
                  const uint8_t root_sk[ARNET_SECKEY_BYTES], arnet_diag *d)
{
	arnet_wbuf w;
	uint8_t cert[ARNET_CERT_MAX];
	size_t cap = 128 + r->ncerts * (ARNET_CERT_MAX + 2) +
	             r->nrevoked * ARNET_REVOCATION_WIRE;
	int rv;

	*out = NULL;
	memcpy(r->root, arnet_seckey_pubkey(root_sk), ARNET_PUBKEY_BYTES);
	if ((rv = check_roster(r, d)) != ARNET_OK) {
		return rv;
	}
	uint8_t *buf = malloc(cap);
	if (buf == NULL) {
		return arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
	}
	arnet_wbuf_init(&w, buf, cap);
	arnet_put_u8(&w, r->version);
	arnet_put_u64(&w, r->epoch);
	arnet_put_u64(&w, (uint64_t)r->issued);
	arnet_put_bytes(&w, r->root, ARNET_PUBKEY_BYTES);
	arnet_put_u16(&w, (uint16_t)r->ncerts);
	for (size_t i = 0; i < r->ncerts && rv == ARNET_OK; i++) {
		size_t n = 0;
		rv = arnet_cert_encode(cert, sizeof(cert), &n, &r->certs[i], d);
		arnet_put_u16(&w, (uint16_t)n);
		arnet_put_bytes(&w, cert, n);
	}
	arnet_put_u16(&w, (uint16_t)r->nrevoked);
	for (size_t i = 0; i < r->nrevoked; i++) {
		const arnet_revocation *v = &r->revoked[i];
		arnet_put_u64(&w, v->serial);
		arnet_put_bytes(&w, v->key, ARNET_PUBKEY_BYTES);
		arnet_put_u64(&w, (uint64_t)v->time);
		arnet_put_u8(&w, v->reason);
		arnet_put_u8(&w, v->all);
	}
	if (rv == ARNET_OK && w.err != ARNET_OK) {
		rv = arnet_diag_set(d, ARNET_ETOOBIG, "roster too large");
	}
	if (rv == ARNET_OK && arnet_sign_ctx(r->sig, ARNET_ROSTER_SIG_CONTEXT,
	                                     ARNET_ROSTER_SIG_CONTEXT_LEN, buf,
	                                     w.len, root_sk) != ARNET_OK) {
		rv = arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
	}
	arnet_put_bytes(&w, r->sig, ARNET_SIG_BYTES);
	if (rv != ARNET_OK || w.err != ARNET_OK) {
		free(buf);
		return rv != ARNET_OK ? rv
		                      : arnet_diag_set(d, ARNET_ETOOBIG,
		                                       "roster too large");
	}
	*out = buf;
	*len = w.len;
	return ARNET_OK;
}

/* The fixed header every roster starts with. */
static void
get_header(arnet_rbuf *b, arnet_roster *r)
{
	r->version = arnet_get_u8(b, "version");
	if (b->err == ARNET_OK && r->version != ARNET_ROSTER_VERSION) {
		b->off = 0;
		arnet_rbuf_fail(b, ARNET_EVERSION, "version",
		                "version %u is not supported", r->version);
		return;
	}
	r->epoch = arnet_get_u64(b, "epoch");
	r->issued = (int64_t)arnet_get_u64(b, "issued");
	arnet_get_bytes(b, r->root, ARNET_PUBKEY_BYTES, "root");
}

int
arnet_roster_peek(uint64_t *epoch, const uint8_t *in, size_t len,
                  const uint8_t root[ARNET_PUBKEY_BYTES], arnet_diag *d)
{
	arnet_rbuf b;
	arnet_roster r;
	int rv;
	memset(&r, 0, sizeof(r));
	if ((rv = arnet_rbuf_open(&b, in, len, ARNET_ROSTER_MAX, "roster",
	                          d)) != ARNET_OK) {
		return rv;
	}
	get_header(&b, &r);
	if (b.err == ARNET_OK && root != NULL &&
	    sodium_memcmp(r.root, root, ARNET_PUBKEY_BYTES) != 0) {
		return arnet_rbuf_fail(&b, ARNET_ESIG, "root",
		                       "the roster is another association's "
		                       "(its root key is not ours)");
	}
	if (b.err == ARNET_OK) {
		*epoch = r.epoch;
	}
	return b.err;
}

/* Where one certificate lies in the roster being opened. */
typedef struct cert_span {
	const uint8_t *p;
	uint16_t len;
	size_t at;
} cert_span;

/*
 * The order of the checks is the cost order, so that a forged roster is
 * refused for little: the size and header (nanoseconds), the structure
 * with certificates only delimited (a walk of the lengths), the root's
 * signature over the whole (one verification, ~50 us + hashing), and only
 * then each certificate decoded and its signature checked (one
 * verification each: 4096 certificates cost ~0.2 s, which only a roster
 * the root really signed can make us spend).
 */
/* The certificates, only delimited: their count, then each u16 length
 * and bytes into (*span)[i]. ARNET_OK, with b->err set if the input is
 * wrong; otherwise an error to return at once, with nothing left
 * allocated. */
static int
get_cert_spans(arnet_rbuf *b, arnet_roster *r, cert_span **span, arnet_diag *d)
{
	*span = NULL;
	r->ncerts = arnet_get_u16(b, "certificates");
	if (b->err == ARNET_OK && r->ncerts > ARNET_ROSTER_MAX_CERTS) {
		return arnet_rbuf_fail(b, ARNET_ETOOBIG, "certificates",
		                       "%zu exceed %d", r->ncerts,
		                       ARNET_ROSTER_MAX_CERTS);
	}
	if (b->err == ARNET_OK && r->ncerts > 0 &&
	    ((*span = calloc(r->ncerts, sizeof(**span))) == NULL ||
	     (r->certs = calloc(r->ncerts, sizeof(*r->certs))) == NULL)) {
		free(*span);
		*span = NULL;
		return arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < r->ncerts && b->err == ARNET_OK; i++) {
		cert_span *c = &(*span)[i];
		c->len = arnet_get_u16(b, "certificate length");
		c->at = b->off;
		c->p = arnet_get_view(b, c->len, "certificate");
	}
	return ARNET_OK;
}

/* The revocations: their count, then each. ARNET_OK, with b->err set if
 * the input is wrong; ARNET_ENOMEM (diag set). */
static int
get_revocations(arnet_rbuf *b, arnet_roster *r, arnet_diag *d)
{
	if (b->err == ARNET_OK) {
		r->nrevoked = arnet_get_u16(b, "revocations");
		if (b->err == ARNET_OK &&
		    r->nrevoked > ARNET_ROSTER_MAX_REVOKED) {
			arnet_rbuf_fail(b, ARNET_ETOOBIG, "revocations",
			                "%zu exceed %d", r->nrevoked,
			                ARNET_ROSTER_MAX_REVOKED);
		}
	}
	if (b->err == ARNET_OK && r->nrevoked > 0 &&
	    (r->revoked = calloc(r->nrevoked, sizeof(*r->revoked))) == NULL) {
		return arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < r->nrevoked && b->err == ARNET_OK; i++) {
		arnet_revocation *v = &r->revoked[i];
		v->serial = arnet_get_u64(b, "revocation serial");
		arnet_get_bytes(b, v->key, ARNET_PUBKEY_BYTES,
		                "revocation key");
		v->time = (int64_t)arnet_get_u64(b, "revocation time");
		v->reason = arnet_get_u8(b, "revocation reason");
		v->all = arnet_get_u8(b, "revocation flags");
	}
	return ARNET_OK;
}

/* Decode each certificate and check the root signed it; the first that
 * fails sets b->err at its offset. */
static void
open_certs(arnet_rbuf *b, arnet_roster *r, const cert_span *span)
{
	for (size_t i = 0; i < r->ncerts && b->err == ARNET_OK; i++) {
		arnet_diag sub;
		int rv = arnet_cert_decode(&r->certs[i], span[i].p, span[i].len,
		                           &sub);
		if (rv == ARNET_OK &&
		    arnet_cert_verify(span[i].p, span[i].len, r->root) != 0) {
			rv = ARNET_ESIG;
			snprintf(sub.msg, sizeof(sub.msg),
			         "signature is not the root's");
		}
		if (rv != ARNET_OK) {
			b->off = span[i].at;
			arnet_rbuf_fail(b, rv, "certificate", "%zu: %s", i + 1,
			                sub.msg);
		}
	}
}

int
arnet_roster_open(arnet_roster *r, const uint8_t *in, size_t len,
                  const uint8_t root[ARNET_PUBKEY_BYTES], arnet_diag *d)
{
	arnet_rbuf b;
	int rv;
	uint64_t epoch;
	cert_span *span;
	memset(r, 0, sizeof(*r));
	if ((rv = arnet_roster_peek(&epoch, in, len, root, d)) != ARNET_OK) {
		return rv;
	}
	arnet_rbuf_init(&b, in, len, d);
	get_header(&b, r);
	if ((rv = get_cert_spans(&b, r, &span, d)) != ARNET_OK) {
		return rv;
	}
	if ((rv = get_revocations(&b, r, d)) != ARNET_OK) {
		free(span);
		arnet_roster_free(r);
		return rv;
	}
	size_t signed_len = b.off;
	arnet_get_bytes(&b, r->sig, ARNET_SIG_BYTES, "signature");
	if (arnet_rbuf_finish(&b) != ARNET_OK) {
		free(span);
		arnet_roster_free(r);
		return b.err;
	}
	rv = arnet_verify_ctx(r->sig, ARNET_ROSTER_SIG_CONTEXT,
	                      ARNET_ROSTER_SIG_CONTEXT_LEN, in, signed_len,
	                      r->root);
	if (rv != ARNET_OK) {
		free(span);
		arnet_roster_free(r);
		return arnet_diag_set(
		        d, rv,
		        rv == ARNET_ESIG ? "roster: the root signature does "
		                           "not verify"
		                         : "out of memory");
	}
	open_certs(&b, r, span);
	free(span);
	if (b.err != ARNET_OK) {
		arnet_roster_free(r);
		return b.err;
	}
	arnet_diag sub;
	if ((rv = check_roster(r, &sub)) != ARNET_OK) {
		arnet_roster_free(r);
		return arnet_diag_set(d, rv, "roster: %s", sub.msg);
	}
	return ARNET_OK;
}

const arnet_revocation *
arnet_revocation_find(const arnet_revocation *v, size_t n, uint64_t serial)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i].serial == serial) {
			return &v[i];
		}
	}
	return NULL;
}

const char *
arnet_roster_member_id(const arnet_roster *r,
                       const uint8_t key[ARNET_PUBKEY_BYTES])
{
	const arnet_cert *c = NULL;
	/* Certificates are in serial order: the last match is the newest. */
	for (size_t i = 0; r != NULL && i < r->ncerts; i++) {
		if (memcmp(r->certs[i].key, key, ARNET_PUBKEY_BYTES) == 0) {
			c = &r->certs[i];
		}
	}
	return c != NULL ? c->member_id.text : ARNET_ROSTER_NOT_MEMBER;
}

int
arnet_member_valid_at(const arnet_roster *r,
                      const uint8_t key[ARNET_PUBKEY_BYTES], int64_t time,
                      const arnet_cert **cert)
{
	int best = ARNET_MEMBER_UNKNOWN;
	const arnet_cert *which = NULL;

	/* A key compromised with `all` counts for nothing, whatever other
	 * certificate it has. The keys are public, so plain memcmp: this
	 * runs for every record ingested, over every certificate, and
	 * sodium_memcmp (constant time, all 32 bytes) was a tenth of the
	 * committer's time with 62 members. */
	for (size_t i = 0; i < r->nrevoked; i++) {
		const arnet_revocation *v = &r->revoked[i];
		if (v->all && memcmp(v->key, key, ARNET_PUBKEY_BYTES) == 0) {
			if (cert != NULL) {
				*cert = cert_by_serial(r, v->serial);
			}
			return ARNET_MEMBER_COMPROMISED;
		}
	}
	for (size_t i = 0; i < r->ncerts; i++) {
		const arnet_cert *c = &r->certs[i];
		int res;
		if (memcmp(c->key, key, ARNET_PUBKEY_BYTES) != 0) {
			continue;
		}
		const arnet_revocation *v = arnet_revocation_find(
		        r->revoked, r->nrevoked, c->serial);
		if (time < c->not_before) {
			res = ARNET_MEMBER_NOT_YET;
		} else if (time >= c->not_after) {
			res = ARNET_MEMBER_EXPIRED;
		} else if (v != NULL && time >= v->time) {
			res = v->reason == ARNET_REVOKE_LEFT
			              ? ARNET_MEMBER_LEFT
			              : ARNET_MEMBER_COMPROMISED;
		} else {
			res = ARNET_MEMBER_OK;
		}
		/* Report the most telling answer: OK over anything; a
		 * revocation over a period that does not cover the time. */
		if (which == NULL || res == ARNET_MEMBER_OK ||
		    (best != ARNET_MEMBER_OK && res >= ARNET_MEMBER_LEFT)) {
			best = res;
			which = c;
		}
		if (res == ARNET_MEMBER_OK) {
			break;
		}
	}
	if (cert != NULL) {
		*cert = which;
	}
	return best;
}

const char *
arnet_member_valid_text(int result)
{
	switch (result) {
	case ARNET_MEMBER_OK:
		return "a member at that time";
	case ARNET_MEMBER_UNKNOWN:
		return "not a member of the association";
	case ARNET_MEMBER_NOT_YET:
		return "not yet a member at that time";
	case ARNET_MEMBER_EXPIRED:
		return "membership had expired at that time";
	case ARNET_MEMBER_LEFT:
		return "had left the association at that time";
	case ARNET_MEMBER_COMPROMISED:
		return "key compromised: its records do not count";
	default:
		return "unknown";
	}
}
