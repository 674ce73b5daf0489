/*
 * test_roster.h - certificates and signed rosters for unit tests (tests
 * only): the association setup that the store, proto and credit tests
 * each need, written once.
 *
 * A test keeps its own keys (test_keys.h) and says who the members are;
 * these build the certificates, the roster and its opened form. The
 * helpers named test_* fail the running cmocka test (fail_msg) when
 * something that should work does not; test_roster_make returns -1
 * instead, for a group setup.
 */
#ifndef ARNET_TEST_ROSTER_H
#define ARNET_TEST_ROSTER_H

#include "arnet_member.h"

#include <stddef.h>
#include <stdint.h>

/*
 * test_cert: c zeroed, then a version 1 certificate: serial, member id
 * (which must parse), name (NULL: the id), key pk, the endpoints
 * tcp://127.0.0.1:7101 and :7102, valid from..until. Not signed.
 */
void test_cert(arnet_cert *c, uint64_t serial, const char *id, const char *name,
               const uint8_t pk[ARNET_PUBKEY_BYTES], int64_t from,
               int64_t until);

/* test_cert_sign: sign c with sk (issuer and signature set in c), as a
 * roster needs its certificates. */
void test_cert_sign(arnet_cert *c, const uint8_t sk[ARNET_SECKEY_BYTES]);

/* test_roster_init: r zeroed, then version 1, epoch, issued, and the n
 * certificates (borrowed); no revocations. */
void test_roster_init(arnet_roster *r, uint64_t epoch, int64_t issued,
                      arnet_cert *certs, size_t n);

/*
 * test_roster_make: sign r with root_sk into *bytes (malloc'd, the caller
 * frees; *len its size) and, with opened not NULL, open those bytes under
 * root_pk into *opened (arnet_roster_free). 0, or -1 when either fails.
 */
int test_roster_make(arnet_roster *r, const uint8_t root_pk[ARNET_PUBKEY_BYTES],
                     const uint8_t root_sk[ARNET_SECKEY_BYTES], uint8_t **bytes,
                     size_t *len, arnet_roster *opened);

/* An association's members for test_roster_of: member i has id ids[i],
 * key keys[i] and serial i + 1. */
typedef struct test_members {
	size_t n; /* at most TEST_MEMBERS_MAX */
	const char *const *ids;
	const uint8_t *const *keys;
	const char *name;    /* every member's name; NULL: its id */
	int64_t from, until; /* every certificate's validity */
	uint64_t epoch;
	int64_t issued;
	arnet_revocation *revoked; /* borrowed; nrevoked of them */
	size_t nrevoked;
} test_members;

#define TEST_MEMBERS_MAX 16

/*
 * test_roster_of: the certificates of m's members signed by root_sk, and
 * the roster of them, made as test_roster_make. 0, or -1 on failure.
 */
int test_roster_of(const test_members *m,
                   const uint8_t root_pk[ARNET_PUBKEY_BYTES],
                   const uint8_t root_sk[ARNET_SECKEY_BYTES], uint8_t **bytes,
                   size_t *len, arnet_roster *opened);

/* test_roster_free: free what test_roster_of made (either may be NULL
 * for what it did not make). */
void test_roster_free(arnet_roster *opened, uint8_t *bytes);

#endif
