/*
 * roster_store_test.c - tests of store/roster/roster_store.c: a node adopting
 * rosters (forged, foreign and replayed ones refused, nothing changed),
 * and the administrator's state (enrol, revoke, renew, each signing the
 * next epoch in the same transaction).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_roster_store.h"
#include "books_fixture.h"
#include "test_keys.h"
#include "txn_fixture.h"

#include <stdlib.h>
#include <string.h>

static uint8_t root_pk[32], root_sk[64], other_pk[32], other_sk[64];
static uint8_t a_pk[32], a_sk[64], b_pk[32], b_sk[64];
#define NOW INT64_C(1790000000)

static int
group_setup(void **state)
{
	(void)state;
	return test_keypair(root_pk, root_sk, 0x51) |
	       test_keypair(other_pk, other_sk, 0x52) |
	       test_keypair(a_pk, a_sk, 0x5a) | test_keypair(b_pk, b_sk, 0x5b);
}

typedef struct job {
	arnet_cert c;
	const uint8_t *sk;
	const char *who;
	int reason, all;
	uint64_t serial, epoch;
	arnet_roster r;
	uint8_t *raw;
	size_t len;
	const uint8_t *root;
} job;

TXN_FN(enroll_txn, job, arnet_admin_enroll(t, &j->c, j->sk, NOW, &j->epoch, d))

TXN_FN(revoke_txn, job,
       arnet_admin_revoke(t, j->who, j->reason, j->all, NOW, j->sk, NOW,
                          &j->serial, &j->epoch, d))

TXN_FN(renew_txn, job,
       arnet_admin_renew(t, j->who, 30, NULL, 0, j->sk, NOW, &j->c, &j->epoch,
                         d))

TXN_FN(state_txn, job, arnet_admin_state(t, &j->r, &j->raw, &j->len, d))

TXN_FN(import_txn, job,
       arnet_roster_import(t, j->raw, j->len, j->root, &j->epoch, d))

TXN_FN(current_txn, job, arnet_roster_current(t, &j->r, NULL, NULL, d))

static int
enroll(fixture *f, const char *id, const uint8_t *pk, arnet_diag *d)
{
	job j;
	memset(&j, 0, sizeof(j));
	assert_int_equal(arnet_ident_parse(&j.c.member_id, id, NULL), ARNET_OK);
	strcpy(j.c.name, id);
	memcpy(j.c.key, pk, 32);
	strcpy(j.c.pub_url, "tcp://127.0.0.1:7101");
	strcpy(j.c.sync_url, "tcp://127.0.0.1:7102");
	j.c.not_before = NOW;
	j.c.not_after = NOW + 86400 * 365;
	j.sk = root_sk;
	return arnet_store_write(f->s, enroll_txn, &j, 0, d);
}

/* The admin's current roster bytes (caller frees). */
static uint8_t *
roster_bytes(fixture *f, size_t *len, uint64_t *epoch)
{
	job j;
	memset(&j, 0, sizeof(j));
	assert_int_equal(arnet_store_read(f->s, state_txn, &j, NULL), ARNET_OK);
	*len = j.len;
	*epoch = j.r.epoch;
	arnet_roster_free(&j.r);
	return j.raw;
}

static int
import(fixture *f, uint8_t *buf, size_t len, const uint8_t *root, arnet_diag *d)
{
	job j;
	memset(&j, 0, sizeof(j));
	j.raw = buf;
	j.len = len;
	j.root = root;
	return arnet_store_write(f->s, import_txn, &j, 0, d);
}

static uint64_t
kept_epoch(fixture *f)
{
	job j;
	memset(&j, 0, sizeof(j));
	if (arnet_store_read(f->s, current_txn, &j, NULL) != ARNET_OK) {
		return 0;
	}
	uint64_t e = j.r.epoch;
	arnet_roster_free(&j.r);
	return e;
}

static void
test_node_import(void **state)
{
	fixture *f = *state;
	arnet_diag d;
	size_t l1, l2;
	uint64_t e1, e2;
	/* The same store plays admin (certs) and node (roster): the admin
	 * roster is the "current" one, so import into a fresh key space
	 * by comparing epochs only. */
	assert_int_equal(enroll(f, "local:A", a_pk, &d), ARNET_OK);
	uint8_t *r1 = roster_bytes(f, &l1, &e1);
	assert_int_equal(enroll(f, "local:B", b_pk, &d), ARNET_OK);
	uint8_t *r2 = roster_bytes(f, &l2, &e2);
	assert_int_equal(e1, 1);
	assert_int_equal(e2, 2);
	/* Replays of the kept epoch and older are refused. */
	assert_int_equal(import(f, r2, l2, root_pk, &d), ARNET_EEXIST);
	assert_non_null(strstr(d.msg, "not newer"));
	assert_int_equal(import(f, r1, l1, root_pk, &d), ARNET_EEXIST);
	/* Another association's trust anchor. */
	assert_int_equal(import(f, r2, l2, other_pk, &d), ARNET_ESIG);
	/* Forged: a byte of the signature. */
	r2[l2 - 1] ^= 1;
	assert_int_equal(import(f, r2, l2, root_pk, &d), ARNET_ESIG);
	assert_int_equal(kept_epoch(f), 2);
	free(r1);
	free(r2);
}

static void
test_admin_changes(void **state)
{
	fixture *f = *state;
	arnet_diag d;
	job j;
	assert_int_equal(enroll(f, "local:A", a_pk, &d), ARNET_OK);
	/* The same key again, or the same member with another key. */
	assert_int_equal(enroll(f, "local:A2", a_pk, &d), ARNET_EEXIST);
	assert_int_equal(enroll(f, "local:A", b_pk, &d), ARNET_EEXIST);
	assert_int_equal(kept_epoch(f), 1);
	/* Revoke by member id; then by serial again is refused. */
	memset(&j, 0, sizeof(j));
	j.sk = root_sk;
	j.who = "local:A";
	j.reason = ARNET_REVOKE_COMPROMISED;
	j.all = 1;
	assert_int_equal(arnet_store_write(f->s, revoke_txn, &j, 0, &d),
	                 ARNET_OK);
	assert_int_equal(j.serial, 1);
	assert_int_equal(j.epoch, 2);
	j.who = "1";
	assert_int_equal(arnet_store_write(f->s, revoke_txn, &j, 0, &d),
	                 ARNET_EEXIST);
	j.who = "not a thing at all!";
	assert_int_equal(arnet_store_write(f->s, revoke_txn, &j, 0, &d),
	                 ARNET_ESYNTAX);
	/* A compromised key cannot come back; the member with a new key can
	 * (its old certificate is revoked). */
	assert_int_equal(enroll(f, "local:A", a_pk, &d), ARNET_EPERM);
	assert_int_equal(enroll(f, "local:A", b_pk, &d), ARNET_OK);
	/* Renew by key: new serial, old one gone, start kept. */
	char text[ARNET_PUBKEY_TEXT_LEN + 1];
	arnet_pubkey_format(text, b_pk);
	memset(&j, 0, sizeof(j));
	j.sk = root_sk;
	j.who = text;
	assert_int_equal(arnet_store_write(f->s, renew_txn, &j, 0, &d),
	                 ARNET_OK);
	assert_int_equal(j.c.serial, 3);
	assert_int_equal(j.c.not_before, NOW);
	memset(&j, 0, sizeof(j));
	assert_int_equal(arnet_store_read(f->s, state_txn, &j, NULL), ARNET_OK);
	assert_int_equal(j.r.epoch, 4);
	assert_int_equal(j.r.ncerts, 2); /* serial 1 (revoked) and 3 */
	assert_int_equal(j.r.certs[0].serial, 1);
	assert_int_equal(j.r.certs[1].serial, 3);
	assert_int_equal(arnet_member_valid_at(&j.r, a_pk, NOW - 1, NULL),
	                 ARNET_MEMBER_COMPROMISED);
	assert_int_equal(arnet_member_valid_at(&j.r, b_pk, NOW + 10, NULL),
	                 ARNET_MEMBER_OK);
	arnet_roster_free(&j.r);
	free(j.raw);
	/* Signing with a key that is not the root of the existing
	 * certificates fails and changes nothing. */
	memset(&j, 0, sizeof(j));
	j.sk = other_sk;
	j.who = "local:A";
	j.reason = ARNET_REVOKE_LEFT;
	assert_int_not_equal(arnet_store_write(f->s, revoke_txn, &j, 0, &d),
	                     ARNET_OK);
	assert_int_equal(kept_epoch(f), 4);
}

#define T(fn)                                                                  \
	cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {T(test_node_import),
	                                   T(test_admin_changes)};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
