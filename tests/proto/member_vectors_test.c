/*
 * member_vectors_test.c - rebuilds every golden certificate and roster of
 * tests/vectors/membership.json from its fields and compares the bytes;
 * then opens each roster as a node would.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_proto.h"
#include "test_hex.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cJSON *doc;

static int
setup(void **state)
{
	(void)state;
	FILE *f =
	        fopen(ARNET_SOURCE_DIR "/tests/vectors/membership.json", "rb");
	static char buf[1 << 16];
	if (arnet_crypto_init() != ARNET_OK || f == NULL) {
		return -1;
	}
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	doc = cJSON_Parse(buf);
	return doc != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	cJSON_Delete(doc);
	return 0;
}

static int64_t
num(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	assert_true(cJSON_IsNumber(v));
	return (int64_t)v->valuedouble;
}

static const char *
str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	assert_true(cJSON_IsString(v));
	return v->valuestring;
}

static void
root_keys(const cJSON *v, uint8_t pk[32], uint8_t sk[64])
{
	uint8_t seed[32];
	assert_int_equal(
	        test_unhex_json(seed, 32,
	                        cJSON_GetObjectItem(v, "root_seed_hex")),
	        32);
	assert_int_equal(arnet_keypair_from_seed(pk, sk, seed), ARNET_OK);
}

static void
test_certificates(void **state)
{
	const cJSON *v;
	int count = 0;
	(void)state;
	cJSON_ArrayForEach(v, cJSON_GetObjectItem(doc, "certificates"))
	{
		uint8_t pk[32], sk[64], want[ARNET_CERT_MAX],
		        got[ARNET_CERT_MAX];
		const cJSON *f = cJSON_GetObjectItem(v, "fields");
		arnet_cert c;
		size_t n, wn;
		arnet_diag d;
		root_keys(v, pk, sk);
		memset(&c, 0, sizeof(c));
		c.version = (uint8_t)num(f, "version");
		c.serial = (uint64_t)num(f, "serial");
		assert_int_equal(arnet_ident_parse(&c.member_id,
		                                   str(f, "member_id"), NULL),
		                 ARNET_OK);
		snprintf(c.name, sizeof(c.name), "%s", str(f, "name"));
		test_unhex_json(c.key, 32, cJSON_GetObjectItem(f, "key"));
		snprintf(c.pub_url, sizeof(c.pub_url), "%s", str(f, "pub_url"));
		snprintf(c.sync_url, sizeof(c.sync_url), "%s",
		         str(f, "sync_url"));
		snprintf(c.survey_url, sizeof(c.survey_url), "%s",
		         str(f, "survey_url"));
		if (cJSON_GetObjectItem(f, "link_cert") != NULL) {
			c.link_len = (uint16_t)test_unhex_json(
			        c.link, sizeof(c.link),
			        cJSON_GetObjectItem(f, "link_cert"));
		}
		c.not_before = num(f, "not_before");
		c.not_after = num(f, "not_after");
		if (arnet_cert_sign(got, sizeof(got), &n, &c, sk, &d) !=
		    ARNET_OK) {
			fail_msg("%s: %s", str(v, "name"), d.msg);
		}
		wn = test_unhex_json(want, sizeof(want),
		                     cJSON_GetObjectItem(v, "cert_hex"));
		assert_int_equal(n, wn);
		assert_memory_equal(got, want, n);
		assert_int_equal(arnet_cert_verify(want, wn, pk), ARNET_OK);
		arnet_cert back;
		assert_int_equal(arnet_cert_decode(&back, want, wn, &d),
		                 ARNET_OK);
		assert_int_equal(back.link_len, c.link_len);
		assert_memory_equal(back.link, c.link, c.link_len);
		count++;
	}
	assert_true(count >= 4);
}

static void
test_rosters(void **state)
{
	const cJSON *v;
	int count = 0;
	(void)state;
	cJSON_ArrayForEach(v, cJSON_GetObjectItem(doc, "rosters"))
	{
		uint8_t pk[32], sk[64], buf[ARNET_CERT_MAX], *got;
		const cJSON *f = cJSON_GetObjectItem(v, "fields"), *e;
		arnet_cert certs[8];
		arnet_revocation revs[8];
		arnet_roster r, opened;
		size_t n = 0, len;
		arnet_diag d;
		root_keys(v, pk, sk);
		memset(&r, 0, sizeof(r));
		r.version = (uint8_t)num(f, "version");
		r.epoch = (uint64_t)num(f, "epoch");
		r.issued = num(f, "issued");
		cJSON_ArrayForEach(e, cJSON_GetObjectItem(f, "certificates"))
		{
			size_t cn = test_unhex_json(buf, sizeof(buf), e);
			assert_int_equal(
			        arnet_cert_decode(&certs[n++], buf, cn, &d),
			        ARNET_OK);
		}
		r.certs = certs;
		r.ncerts = n;
		n = 0;
		cJSON_ArrayForEach(e, cJSON_GetObjectItem(f, "revocations"))
		{
			arnet_revocation *rv = &revs[n++];
			rv->serial = (uint64_t)num(e, "serial");
			test_unhex_json(rv->key, 32,
			                cJSON_GetObjectItem(e, "key"));
			rv->time = num(e, "time");
			rv->reason = (uint8_t)arnet_revoke_reason_parse(
			        str(e, "reason"));
			rv->all = cJSON_IsTrue(cJSON_GetObjectItem(e, "all"));
		}
		r.revoked = revs;
		r.nrevoked = n;
		if (arnet_roster_sign(&got, &len, &r, sk, &d) != ARNET_OK) {
			fail_msg("%s: %s", str(v, "name"), d.msg);
		}
		const char *want = str(v, "roster_hex");
		uint8_t *w = malloc(strlen(want) / 2);
		size_t wn = 0;
		assert_int_equal(sodium_hex2bin(w, strlen(want) / 2, want,
		                                strlen(want), NULL, &wn, NULL),
		                 0);
		assert_int_equal(len, wn);
		assert_memory_equal(got, w, len);
		assert_int_equal(arnet_roster_open(&opened, w, wn, pk, &d),
		                 ARNET_OK);
		assert_int_equal(opened.epoch, r.epoch);
		arnet_roster_free(&opened);
		free(got);
		free(w);
		count++;
	}
	assert_true(count >= 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_certificates),
	        cmocka_unit_test(test_rosters),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
