/*
 * record_json_test.c - tests of proto/record_json.c: the JSON form of a
 * record's fields.
 *
 * Hostile first: not an object, unknown and missing fields, fields of
 * another type of record, wrong JSON types, fractions and numbers beyond
 * 2^53 (which JSON parsers do not keep exact), hex of the wrong length,
 * bad dates, currencies, identifiers and enum names. Then a round trip of
 * every record type through JSON with nothing lost.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_proto.h"
#include "arnet_record_json.h"
#include "test_keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t sk[64], pk[32];

static int
setup(void **state)
{
	(void)state;
	return test_keypair(pk, sk, 0x33);
}

#define Z64 "0000000000000000000000000000000000000000000000000000000000000000"
#define COMMON                                                                 \
	"\"version\":1,\"seq\":1,\"prev\":\"" Z64 "\",\"created\":1793782800," \
	"\"subject\":\"uscc:91350100M000100Y43\",\"note\":\"\""
#define DEFAULT_BODY                                                           \
	"\"amount\":12345678,\"currency\":\"CNY\",\"due_date\":"               \
	"\"2026-08-01\",\"days_past_due\":95,\"reason\":\"non-payment\","      \
	"\"evidence\":\"" Z64 "\""

/* Parse text and convert; returns the error, with d filled. */
static int
from_text(arnet_record *r, const char *text, arnet_diag *d)
{
	cJSON *j = cJSON_Parse(text);
	assert_non_null(j);
	int rv = arnet_record_from_json(r, j, d);
	cJSON_Delete(j);
	return rv;
}

/* A DEFAULT with one field replaced (or added) by `extra`. */
static int
default_with(const char *common, const char *body, arnet_diag *d)
{
	char text[2048];
	arnet_record r;
	snprintf(text, sizeof(text), "{\"type\":\"DEFAULT\",%s,%s}", common,
	         body);
	return from_text(&r, text, d);
}

static void
test_not_an_object(void **state)
{
	arnet_record r;
	arnet_diag d;
	(void)state;
	assert_int_equal(from_text(&r, "[1,2]", &d), ARNET_ESYNTAX);
	assert_int_equal(from_text(&r, "\"DEFAULT\"", &d), ARNET_ESYNTAX);
	assert_int_equal(from_text(&r, "{}", &d), ARNET_ESYNTAX);
	assert_non_null(strstr(d.msg, "type"));
}

static void
test_unknown_and_foreign_fields(void **state)
{
	arnet_diag d;
	(void)state;
	assert_int_equal(default_with(COMMON, DEFAULT_BODY, &d), ARNET_OK);
	assert_int_not_equal(
	        default_with(COMMON, DEFAULT_BODY ",\"colour\":1", &d),
	        ARNET_OK);
	assert_non_null(strstr(d.msg, "colour"));
	/* "how" belongs to SETTLEMENT, not DEFAULT. */
	assert_int_not_equal(
	        default_with(COMMON, DEFAULT_BODY ",\"how\":\"paid\"", &d),
	        ARNET_OK);
	assert_non_null(strstr(d.msg, "how"));
}

static void
test_missing_field(void **state)
{
	arnet_diag d;
	(void)state;
	assert_int_not_equal(
	        default_with(COMMON,
	                     "\"currency\":\"CNY\",\"due_date\":\"2026-08-01\","
	                     "\"days_past_due\":95,\"reason\":\"non-payment\","
	                     "\"evidence\":\"" Z64 "\"",
	                     &d),
	        ARNET_OK);
	assert_string_equal(d.msg, "field amount: missing");
}

static void
test_inexact_numbers(void **state)
{
	arnet_diag d;
	char body[512];
	(void)state;
	const char *bad[] = {"1.5",     "1e300", "-1e300", "9007199254740993",
	                     "\"100\"", "true",  "null"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(body, sizeof(body),
		         "\"amount\":%s,\"currency\":\"CNY\",\"due_date\":"
		         "\"2026-08-01\",\"days_past_due\":95,\"reason\":"
		         "\"non-payment\",\"evidence\":\"" Z64 "\"",
		         bad[i]);
		assert_int_not_equal(default_with(COMMON, body, &d), ARNET_OK);
		assert_non_null(strstr(d.msg, "amount"));
	}
	/* days_past_due is 32 bits. */
	assert_int_equal(default_with(COMMON,
	                              "\"amount\":1,\"currency\":\"CNY\","
	                              "\"due_date\":\"2026-08-01\","
	                              "\"days_past_due\":4294967296,"
	                              "\"reason\":\"non-payment\","
	                              "\"evidence\":\"" Z64 "\"",
	                              &d),
	                 ARNET_ERANGE);
}

static void
test_bad_values(void **state)
{
	arnet_diag d;
	(void)state;
	/* Hex one digit short. */
	assert_int_not_equal(
	        default_with(COMMON,
	                     "\"amount\":1,\"currency\":\"CNY\",\"due_date\":"
	                     "\"2026-08-01\",\"days_past_due\":95,\"reason\":"
	                     "\"non-payment\",\"evidence\":\"0\"",
	                     &d),
	        ARNET_OK);
	assert_non_null(strstr(d.msg, "evidence"));
	/* Not a date. */
	assert_int_not_equal(
	        default_with(COMMON,
	                     "\"amount\":1,\"currency\":\"CNY\",\"due_date\":"
	                     "\"2026-02-30\",\"days_past_due\":95,\"reason\":"
	                     "\"non-payment\",\"evidence\":\"" Z64 "\"",
	                     &d),
	        ARNET_OK);
	assert_non_null(strstr(d.msg, "due_date"));
	/* Currency. */
	assert_int_not_equal(
	        default_with(COMMON,
	                     "\"amount\":1,\"currency\":\"YUAN\",\"due_date\":"
	                     "\"2026-08-01\",\"days_past_due\":95,\"reason\":"
	                     "\"non-payment\",\"evidence\":\"" Z64 "\"",
	                     &d),
	        ARNET_OK);
	assert_non_null(strstr(d.msg, "currency"));
	/* Reason. */
	assert_int_not_equal(
	        default_with(COMMON,
	                     "\"amount\":1,\"currency\":\"CNY\",\"due_date\":"
	                     "\"2026-08-01\",\"days_past_due\":95,\"reason\":"
	                     "\"laziness\",\"evidence\":\"" Z64 "\"",
	                     &d),
	        ARNET_OK);
	assert_non_null(strstr(d.msg, "laziness"));
	/* Subject with a wrong check character. */
	assert_int_equal(
	        default_with("\"version\":1,\"seq\":1,\"prev\":\"" Z64
	                     "\",\"created\":1,\"subject\":"
	                     "\"uscc:91350100M000100Y44\",\"note\":\"\"",
	                     DEFAULT_BODY, &d),
	        ARNET_ECHECK);
	assert_non_null(strstr(d.msg, "subject"));
	/* Unknown type. */
	arnet_record r;
	assert_int_not_equal(from_text(&r, "{\"type\":\"RUMOUR\"}", &d),
	                     ARNET_OK);
}

static void
round_trip(arnet_record *r)
{
	uint8_t buf[ARNET_RECORD_MAX], buf2[ARNET_RECORD_MAX];
	size_t len, len2;
	arnet_record back;
	arnet_diag d;
	if (arnet_record_sign(buf, sizeof(buf), &len, r, sk, &d) != ARNET_OK) {
		fail_msg("sign %s: %s", arnet_record_type_name(r->type), d.msg);
	}
	cJSON *j = arnet_record_to_json(r);
	assert_non_null(j);
	/* In memory, without printing (integers are raw digits there). */
	assert_int_equal(arnet_record_from_json(&back, j, &d), ARNET_OK);
	assert_true(back.seq == r->seq && back.created == r->created);
	/* Through text, as a file or socket would carry it. */
	char *text = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	assert_non_null(text);
	j = cJSON_Parse(text);
	free(text);
	assert_non_null(j);
	assert_int_equal(arnet_record_from_json(&back, j, &d), ARNET_OK);
	cJSON_Delete(j);
	assert_int_equal(
	        arnet_record_sign(buf2, sizeof(buf2), &len2, &back, sk, &d),
	        ARNET_OK);
	assert_int_equal(len, len2);
	assert_memory_equal(buf, buf2, len);
}

static void
test_round_trip_every_type(void **state)
{
	arnet_record r;
	arnet_ref t;
	(void)state;
	memset(t.author, 0xab, 32);
	t.seq = 9007199254740991ULL; /* 2^53 - 1: the largest exact */
	memset(t.hash, 0xcd, 32);
	for (int type = ARNET_REC_DEFAULT; type <= ARNET_REC_DISPUTE; type++) {
		arnet_record_init(&r, (arnet_record_type)type);
		r.seq = 2;
		memset(r.prev, 0x77, 32);
		r.created = 1793782800;
		assert_int_equal(arnet_ident_parse(&r.subject,
		                                   "local:\xe7\xa6\x8f\xe5\xb7"
		                                   "\x9e-42",
		                                   NULL),
		                 ARNET_OK);
		snprintf(r.note, sizeof(r.note), "note \xe4\xb8\xad, one line");
		switch (type) {
		case ARNET_REC_DEFAULT:
			r.u.def.amount = 9007199254740991LL;
			memcpy(r.u.def.currency, "JPY", 4);
			r.u.def.due_date = -25567;     /* 1900-01-01 */
			r.u.def.days_past_due = 36600; /* the largest allowed */
			r.u.def.reason = ARNET_REASON_OTHER;
			memset(r.u.def.evidence, 0x01, 32);
			break;
		case ARNET_REC_CREDIT_STOP:
			r.u.stop.reason = ARNET_REASON_INSOLVENCY;
			break;
		case ARNET_REC_SETTLEMENT:
			/* SETTLEMENT and LIFT refer to the author's own. */
			memcpy(t.author, pk, 32);
			t.seq = 1;
			r.u.settle.target = t;
			r.u.settle.how = ARNET_SETTLE_WRITTEN_OFF;
			r.u.settle.amount = 0;
			memcpy(r.u.settle.currency, "USD", 4);
			break;
		case ARNET_REC_LIFT:
			r.u.lift.target = t;
			break;
		case ARNET_REC_DISPUTE:
			memset(t.author, 0xab, 32);
			t.seq = 9007199254740991ULL;
			r.u.dispute.target = t;
			r.u.dispute.status = ARNET_DISPUTE_CORRECTED;
			break;
		}
		round_trip(&r);
	}
}

static void
test_json_helpers(void **state)
{
	uint8_t big[65] = {0};
	(void)state;
	assert_null(arnet_json_hex(big, 65));
	cJSON *j = arnet_json_int(INT64_MIN);
	char *s = cJSON_PrintUnformatted(j);
	assert_string_equal(s, "-9223372036854775808");
	free(s);
	cJSON_Delete(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_not_an_object),
	        cmocka_unit_test(test_unknown_and_foreign_fields),
	        cmocka_unit_test(test_missing_field),
	        cmocka_unit_test(test_inexact_numbers),
	        cmocka_unit_test(test_bad_values),
	        cmocka_unit_test(test_round_trip_every_type),
	        cmocka_unit_test(test_json_helpers),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
