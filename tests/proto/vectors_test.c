/*
 * vectors_test.c - rebuilds every golden record of tests/vectors/
 * records.json from its fields and seed, and compares the bytes.
 *
 * A failure here means the wire format changed: every record ever signed
 * would stop verifying on upgraded nodes. Change the vectors only with a
 * new format version.
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

#define VECTORS ARNET_SOURCE_DIR "/tests/vectors/records.json"

static cJSON *
load_vectors(void)
{
	FILE *f = fopen(VECTORS, "rb");
	assert_non_null(f);
	static char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	assert_true(n > 0 && n < sizeof(buf) - 1);
	buf[n] = '\0';
	cJSON *v = cJSON_Parse(buf);
	assert_non_null(v);
	assert_true(cJSON_IsArray(v));
	return v;
}

static const char *
str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	assert_non_null(v);
	assert_true(cJSON_IsString(v));
	return v->valuestring;
}

static int
setup(void **state)
{
	(void)state;
	return arnet_crypto_init() == ARNET_OK ? 0 : -1;
}

/* Every type of record has at least one vector. */
static void
test_every_type_covered(void **state)
{
	(void)state;
	cJSON *all = load_vectors();
	int seen[ARNET_REC_DISPUTE + 1] = {0};
	const cJSON *v;
	cJSON_ArrayForEach(v, all)
	{
		int t = arnet_record_type_parse(str(v, "type"));
		assert_true(t >= ARNET_REC_DEFAULT && t <= ARNET_REC_DISPUTE);
		seen[t]++;
	}
	for (int t = ARNET_REC_DEFAULT; t <= ARNET_REC_DISPUTE; t++) {
		assert_true(seen[t] > 0);
	}
	cJSON_Delete(all);
}

/* fields + seed -> sign -> exactly record_hex and hash_hex. */
static void
test_rebuild_bytes(void **state)
{
	(void)state;
	cJSON *all = load_vectors();
	const cJSON *v;
	cJSON_ArrayForEach(v, all)
	{
		uint8_t seed[32], pk[32], want_pk[32], sk[64];
		uint8_t want[ARNET_RECORD_MAX], got[ARNET_RECORD_MAX];
		uint8_t want_hash[32], hash[32];
		size_t want_len, got_len = 0;
		arnet_record r;
		arnet_diag d;

		print_message("vector %s\n", str(v, "name"));
		test_unhex(seed, sizeof(seed), str(v, "seed_hex"));
		test_unhex(want_pk, sizeof(want_pk), str(v, "public_key_hex"));
		assert_int_equal(arnet_keypair_from_seed(pk, sk, seed),
		                 ARNET_OK);
		assert_memory_equal(pk, want_pk, 32);

		int rv = arnet_record_from_json(
		        &r, cJSON_GetObjectItemCaseSensitive(v, "fields"), &d);
		if (rv != ARNET_OK) {
			fail_msg("%s: %s", str(v, "name"), d.msg);
		}
		rv = arnet_record_sign(got, sizeof(got), &got_len, &r, sk, &d);
		if (rv != ARNET_OK) {
			fail_msg("%s: %s", str(v, "name"), d.msg);
		}
		want_len = test_unhex(want, sizeof(want), str(v, "record_hex"));
		assert_int_equal(got_len, want_len);
		assert_memory_equal(got, want, want_len);

		test_unhex(want_hash, sizeof(want_hash), str(v, "hash_hex"));
		arnet_record_hash(hash, got, got_len);
		assert_memory_equal(hash, want_hash, 32);
	}
	cJSON_Delete(all);
}

/* record_hex -> decode -> verify -> the same fields, the chain holds. */
static void
test_decode_matches_fields(void **state)
{
	(void)state;
	cJSON *all = load_vectors();
	const cJSON *v;
	/* Heads per author, to check each vector follows the previous. */
	struct {
		uint8_t author[32];
		uint64_t seq;
		uint8_t hash[32];
	} heads[8];
	int nheads = 0;
	cJSON_ArrayForEach(v, all)
	{
		uint8_t buf[ARNET_RECORD_MAX];
		size_t len = test_unhex(buf, sizeof(buf), str(v, "record_hex"));
		arnet_record r;
		arnet_diag d;
		int rv = arnet_record_open(&r, buf, len, &d);
		if (rv != ARNET_OK) {
			fail_msg("%s: %s", str(v, "name"), d.msg);
		}
		/* Raw integers compare unequal to numbers: reparse first. */
		cJSON *fields = arnet_record_to_json(&r);
		assert_non_null(fields);
		char *text = cJSON_PrintUnformatted(fields);
		cJSON *reparsed = cJSON_Parse(text);
		assert_non_null(reparsed);
		assert_true(cJSON_Compare(
		        reparsed, cJSON_GetObjectItemCaseSensitive(v, "fields"),
		        1));
		cJSON_Delete(reparsed);
		free(text);
		cJSON_Delete(fields);

		int h = 0;
		while (h < nheads && memcmp(heads[h].author, r.author, 32)) {
			h++;
		}
		if (h == nheads) {
			assert_true(nheads < 8);
			memcpy(heads[h].author, r.author, 32);
			heads[h].seq = 0;
			nheads++;
		}
		assert_int_equal(arnet_record_check_chain(
		                         &r, heads[h].seq,
		                         heads[h].seq ? heads[h].hash : NULL,
		                         &d),
		                 ARNET_OK);
		heads[h].seq = r.seq;
		arnet_record_hash(heads[h].hash, buf, len);
	}
	cJSON_Delete(all);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_every_type_covered),
	        cmocka_unit_test(test_rebuild_bytes),
	        cmocka_unit_test(test_decode_matches_fields),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
