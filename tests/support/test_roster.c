/*
 * test_roster.c - certificates and signed rosters for unit tests
 * (test_roster.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
test_cert(arnet_cert *c, uint64_t serial, const char *id, const char *name,
          const uint8_t pk[ARNET_PUBKEY_BYTES], int64_t from, int64_t until)
{
	memset(c, 0, sizeof(*c));
	c->version = ARNET_CERT_VERSION;
	c->serial = serial;
	if (arnet_ident_parse(&c->member_id, id, NULL) != ARNET_OK) {
		fail_msg("member id %s does not parse", id);
	}
	snprintf(c->name, sizeof(c->name), "%s", name != NULL ? name : id);
	memcpy(c->key, pk, ARNET_PUBKEY_BYTES);
	strcpy(c->pub_url, "tcp://127.0.0.1:7101");
	strcpy(c->sync_url, "tcp://127.0.0.1:7102");
	c->not_before = from;
	c->not_after = until;
}

void
test_cert_sign(arnet_cert *c, const uint8_t sk[ARNET_SECKEY_BYTES])
{
	uint8_t buf[ARNET_CERT_MAX];
	size_t n;
	arnet_diag d;
	if (arnet_cert_sign(buf, sizeof(buf), &n, c, sk, &d) != ARNET_OK) {
		fail_msg("sign cert: %s", d.msg);
	}
}

void
test_roster_init(arnet_roster *r, uint64_t epoch, int64_t issued,
                 arnet_cert *certs, size_t n)
{
	memset(r, 0, sizeof(*r));
	r->version = ARNET_ROSTER_VERSION;
	r->epoch = epoch;
	r->issued = issued;
	r->certs = certs;
	r->ncerts = n;
}

int
test_roster_make(arnet_roster *r, const uint8_t root_pk[ARNET_PUBKEY_BYTES],
                 const uint8_t root_sk[ARNET_SECKEY_BYTES], uint8_t **bytes,
                 size_t *len, arnet_roster *opened)
{
	if (arnet_roster_sign(bytes, len, r, root_sk, NULL) != ARNET_OK) {
		return -1;
	}
	if (opened != NULL && arnet_roster_open(opened, *bytes, *len, root_pk,
	                                        NULL) != ARNET_OK) {
		return -1;
	}
	return 0;
}

int
test_roster_of(const test_members *m, const uint8_t root_pk[ARNET_PUBKEY_BYTES],
               const uint8_t root_sk[ARNET_SECKEY_BYTES], uint8_t **bytes,
               size_t *len, arnet_roster *opened)
{
	arnet_cert certs[TEST_MEMBERS_MAX];
	arnet_roster r;
	if (m->n > TEST_MEMBERS_MAX) {
		return -1;
	}
	for (size_t i = 0; i < m->n; i++) {
		test_cert(&certs[i], (uint64_t)i + 1, m->ids[i], m->name,
		          m->keys[i], m->from, m->until);
		test_cert_sign(&certs[i], root_sk);
	}
	test_roster_init(&r, m->epoch, m->issued, certs, m->n);
	r.revoked = m->revoked;
	r.nrevoked = m->nrevoked;
	return test_roster_make(&r, root_pk, root_sk, bytes, len, opened);
}

void
test_roster_free(arnet_roster *opened, uint8_t *bytes)
{
	if (opened != NULL) {
		arnet_roster_free(opened);
	}
	free(bytes);
}
