/*
 * control_req_test.c - the control socket's request parser
 * (node/control_req.c): hostile requests first, each refused with the
 * field at fault named, then the four requests the CLI sends.
 *
 * Every request is handed over in a buffer of exactly its length, with no
 * NUL after it, as the socket's message body is (ASan sees any read past
 * it).
 */
#include "control_req.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define HASH_HEX                                                               \
	"00112233445566778899aabbccddeeff"                                     \
	"00112233445566778899AABBCCDDEEFF"

/* Parse text[0..len) from a heap buffer of exactly len bytes. */
static int
parse_n(control_request *q, const char *text, size_t len, arnet_diag *d)
{
	char *buf = malloc(len > 0 ? len : 1);
	assert_non_null(buf);
	memcpy(buf, text, len);
	int rv = control_request_parse(q, buf, len, d);
	free(buf);
	return rv;
}

/* text is refused with rv, and the message holds `names`. */
static void
refused(const char *text, int rv, const char *names)
{
	control_request q;
	arnet_diag d;
	int got = parse_n(&q, text, strlen(text), &d);
	if (got != rv || strstr(d.msg, names) == NULL) {
		fail_msg("%s: got %s \"%s\", want %s with \"%s\"", text,
		         arnet_errname(got), d.msg, arnet_errname(rv), names);
	}
	/* Whatever went wrong, it can be said without a diag too. */
	assert_int_equal(parse_n(&q, text, strlen(text), NULL), rv);
}

static control_request
accepted(const char *text)
{
	control_request q;
	arnet_diag d;
	int rv = parse_n(&q, text, strlen(text), &d);
	if (rv != ARNET_OK) {
		fail_msg("%s: refused: %s %s", text, arnet_errname(rv), d.msg);
	}
	return q;
}

static void
test_not_json(void **state)
{
	(void)state;
	refused("", ARNET_ESYNTAX, "not JSON");
	refused("status", ARNET_ESYNTAX, "not JSON");
	refused("{\"op\":", ARNET_ESYNTAX, "not JSON");
	refused("{op:\"status\"}", ARNET_ESYNTAX, "not JSON");
	refused("{\"op\":\"status\",}", ARNET_ESYNTAX, "not JSON");
	refused("{\"op\":\"stat", ARNET_ESYNTAX, "not JSON");
	/* The place is given: the "x" at byte 6. */
	control_request q;
	arnet_diag d;
	assert_int_equal(parse_n(&q, "{\"op\":x}", 8, &d), ARNET_ESYNTAX);
	assert_int_equal(d.offset, 6);
}

static void
test_not_an_object(void **state)
{
	(void)state;
	refused("[]", ARNET_ESYNTAX, "not a JSON object");
	refused("[{\"op\":\"status\"}]", ARNET_ESYNTAX, "not a JSON object");
	refused("\"status\"", ARNET_ESYNTAX, "not a JSON object");
	refused("42", ARNET_ESYNTAX, "not a JSON object");
	refused("null", ARNET_ESYNTAX, "not a JSON object");
}

static void
test_op_missing_or_not_a_string(void **state)
{
	(void)state;
	refused("{}", ARNET_ESYNTAX, "\"op\": missing");
	refused("{\"hash\":\"" HASH_HEX "\"}", ARNET_ESYNTAX,
	        "\"op\": missing");
	refused("{\"OP\":\"status\"}", ARNET_ESYNTAX, "\"op\": missing");
	refused("{\"op\":1}", ARNET_ESYNTAX, "\"op\": not a string");
	refused("{\"op\":null}", ARNET_ESYNTAX, "\"op\": not a string");
	refused("{\"op\":true}", ARNET_ESYNTAX, "\"op\": not a string");
	refused("{\"op\":[\"status\"]}", ARNET_ESYNTAX, "\"op\": not a string");
	refused("{\"op\":{\"op\":\"status\"}}", ARNET_ESYNTAX,
	        "\"op\": not a string");
}

static void
test_unknown_op(void **state)
{
	(void)state;
	refused("{\"op\":\"Status\"}", ARNET_ESYNTAX, "unknown op \"Status\"");
	refused("{\"op\":\"stop\"}", ARNET_ESYNTAX, "unknown op \"stop\"");
	refused("{\"op\":\"\"}", ARNET_ESYNTAX, "unknown op \"\"");
	refused("{\"op\":\"status \"}", ARNET_ESYNTAX, "unknown op");
	/* A control character in the op is not echoed as it is. */
	refused("{\"op\":\"\\u001b[2J\"}", ARNET_ESYNTAX,
	        "unknown op \"?[2J\"");
}

static void
test_nul_in_a_string(void **state)
{
	(void)state;
	/* cJSON would read these as "status" and the bare identifier. */
	refused("{\"op\":\"status\\u0000x\"}", ARNET_ESYNTAX, "\\u0000");
	refused("{\"op\":\"survey\",\"subject\":\"lei:5493001KJTIIGC8Y1R12"
	        "\\u0000junk\"}",
	        ARNET_ESYNTAX, "\\u0000");
	refused("{\"op\\u0000\":\"status\"}", ARNET_ESYNTAX, "\\u0000");
	/* An escaped backslash before u0000 is no NUL: the op is unknown. */
	refused("{\"op\":\"status\\\\u0000\"}", ARNET_ESYNTAX, "unknown op");
}

static void
test_oversize(void **state)
{
	(void)state;
	/* Valid JSON padded with white space to the limit, then one more. */
	size_t n = CONTROL_REQ_MAX + 1;
	char *big = malloc(n);
	assert_non_null(big);
	memset(big, ' ', n);
	memcpy(big, "{\"op\":\"status\"}", 15);
	control_request q;
	arnet_diag d;
	assert_int_equal(parse_n(&q, big, n, &d), ARNET_ETOOBIG);
	assert_non_null(strstr(d.msg, "65537 bytes"));
	assert_int_equal(parse_n(&q, big, n - 1, &d), ARNET_OK);
	assert_int_equal(q.op, CONTROL_STATUS);
	/* A long string in the fields is cut in the message. */
	memset(big, 'a', n);
	memcpy(big, "{\"op\":\"", 7);
	memcpy(big + 60000, "\"}", 2);
	assert_int_equal(parse_n(&q, big, 60002, &d), ARNET_ESYNTAX);
	assert_true(strlen(d.msg) < 100);
	free(big);
}

static void
test_trailing_bytes(void **state)
{
	(void)state;
	refused("{\"op\":\"status\"}x", ARNET_ETRAILING, "after the request");
	refused("{\"op\":\"status\"}{\"op\":\"sync\"}", ARNET_ETRAILING,
	        "at byte 15");
	/* A NUL the client counted in the length is a byte too many. */
	control_request q;
	arnet_diag d;
	assert_int_equal(parse_n(&q, "{\"op\":\"status\"}", 16, &d),
	                 ARNET_ESYNTAX);
	assert_int_equal(d.offset, 15);
	assert_non_null(strstr(d.msg, "control character 0x00"));
	/* cJSON would take a NUL or a form feed for white space. */
	assert_int_equal(parse_n(&q, "{\"op\":\0\"status\"}", 16, &d),
	                 ARNET_ESYNTAX);
	assert_int_equal(d.offset, 6);
	assert_non_null(strstr(d.msg, "control character 0x00"));
	refused("{\"op\":\"status\"} \f", ARNET_ESYNTAX,
	        "control character 0x0c (at byte 16)");
	/* Nor may one stand raw in a string. */
	refused("{\"op\":\"sta\001tus\"}", ARNET_ESYNTAX,
	        "control character 0x01");
}

static void
test_bad_hash(void **state)
{
	(void)state;
	refused("{\"op\":\"announce\"}", ARNET_ESYNTAX, "\"hash\": missing");
	refused("{\"op\":\"announce\",\"hash\":7}", ARNET_ESYNTAX,
	        "\"hash\": not a string");
	refused("{\"op\":\"announce\",\"hash\":null}", ARNET_ESYNTAX,
	        "\"hash\": not a string");
	refused("{\"op\":\"announce\",\"hash\":\"\"}", ARNET_ESYNTAX,
	        "\"hash\": 0 characters");
	refused("{\"op\":\"announce\",\"hash\":\"" HASH_HEX "0\"}",
	        ARNET_ESYNTAX, "\"hash\": 65 characters");
	/* 63 digits. */
	refused("{\"op\":\"announce\",\"hash\":\""
	        "00112233445566778899aabbccddeeff"
	        "00112233445566778899aabbccddeef\"}",
	        ARNET_ESYNTAX, "\"hash\": 63 characters");
	/* 64 characters, not all hex. */
	refused("{\"op\":\"announce\",\"hash\":\""
	        "00112233445566778899aabbccddeeff"
	        "00112233445566778899aabbccddeefg\"}",
	        ARNET_ESYNTAX, "\"hash\": not 64 hex digits");
	refused("{\"op\":\"announce\",\"hash\":\""
	        "00112233445566778899aabbccddeeff"
	        "00112233445566778899aabbccdd eef\"}",
	        ARNET_ESYNTAX, "\"hash\": not 64 hex digits");
	refused("{\"op\":\"announce\",\"hash\":\""
	        "0x112233445566778899aabbccddeeff"
	        "00112233445566778899aabbccddeeff\"}",
	        ARNET_ESYNTAX, "\"hash\": not 64 hex digits");
}

static void
test_bad_subject(void **state)
{
	(void)state;
	refused("{\"op\":\"survey\"}", ARNET_ESYNTAX, "\"subject\": missing");
	refused("{\"op\":\"survey\",\"timeout_ms\":2000}", ARNET_ESYNTAX,
	        "\"subject\": missing");
	refused("{\"op\":\"survey\",\"subject\":150483782}", ARNET_ESYNTAX,
	        "\"subject\": not a string");
	refused("{\"op\":\"survey\",\"subject\":\"\"}", ARNET_ESYNTAX,
	        "\"subject\": ");
	refused("{\"op\":\"survey\",\"subject\":\"ACME\"}", ARNET_ESYNTAX,
	        "\"subject\": ");
	/* The last check digit is wrong. */
	refused("{\"op\":\"survey\",\"subject\":\"lei:5493001KJTIIGC8Y1R13\"}",
	        ARNET_ECHECK, "\"subject\": ");
	/* A right-to-left override in a local: value. */
	refused("{\"op\":\"survey\",\"subject\":\"local:C-\\u202e1001\"}",
	        ARNET_ESYNTAX, "\"subject\": ");
	refused("{\"op\":\"survey\",\"subject\":\"local:"
	        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	        "AA"
	        "A\"}",
	        ARNET_ETOOBIG, "\"subject\": ");
}

static void
test_bad_timeout(void **state)
{
	(void)state;
#define SURVEY "{\"op\":\"survey\",\"subject\":\"duns:150483782\","
	refused(SURVEY "\"timeout_ms\":99}", ARNET_ERANGE,
	        "\"timeout_ms\": 99 is not an integer in 100..60000");
	refused(SURVEY "\"timeout_ms\":60001}", ARNET_ERANGE,
	        "\"timeout_ms\": 60001");
	refused(SURVEY "\"timeout_ms\":-1}", ARNET_ERANGE, "\"timeout_ms\"");
	refused(SURVEY "\"timeout_ms\":0}", ARNET_ERANGE, "\"timeout_ms\"");
	refused(SURVEY "\"timeout_ms\":100.5}", ARNET_ERANGE,
	        "\"timeout_ms\": 100.5");
	refused(SURVEY "\"timeout_ms\":1e300}", ARNET_ERANGE, "\"timeout_ms\"");
	refused(SURVEY "\"timeout_ms\":1e999}", ARNET_ERANGE, "\"timeout_ms\"");
	refused(SURVEY "\"timeout_ms\":-1e999}", ARNET_ERANGE,
	        "\"timeout_ms\"");
	refused(SURVEY "\"timeout_ms\":\"2000\"}", ARNET_ESYNTAX,
	        "\"timeout_ms\": not a number");
	refused(SURVEY "\"timeout_ms\":null}", ARNET_ESYNTAX,
	        "\"timeout_ms\": not a number");
	refused(SURVEY "\"timeout_ms\":true}", ARNET_ESYNTAX,
	        "\"timeout_ms\": not a number");
}

/* Extra fields are refused, not ignored: see control_req.c's top. */
static void
test_fields_not_taken(void **state)
{
	(void)state;
	refused("{\"op\":\"status\",\"verbose\":true}", ARNET_ESYNTAX,
	        "\"verbose\": not a field of op status");
	refused("{\"op\":\"sync\",\"hash\":\"" HASH_HEX "\"}", ARNET_ESYNTAX,
	        "\"hash\": not a field of op sync");
	refused("{\"op\":\"announce\",\"hash\":\"" HASH_HEX
	        "\",\"subject\":\"duns:150483782\"}",
	        ARNET_ESYNTAX, "\"subject\": not a field of op announce");
	/* A misspelt deadline is not silently the default. */
	refused(SURVEY "\"timeout\":2000}", ARNET_ESYNTAX,
	        "\"timeout\": not a field of op survey");
	refused("{\"\":1,\"op\":\"status\"}", ARNET_ESYNTAX,
	        "\"\": not a field");
	/* Given twice: which one would count? */
	refused("{\"op\":\"status\",\"op\":\"sync\"}", ARNET_ESYNTAX,
	        "\"op\": given twice");
	refused(SURVEY "\"subject\":\"lei:5493001KJTIIGC8Y1R12\"}",
	        ARNET_ESYNTAX, "\"subject\": given twice");
	refused(SURVEY "\"timeout_ms\":100,\"timeout_ms\":200}", ARNET_ESYNTAX,
	        "\"timeout_ms\": given twice");
}

static void
test_valid(void **state)
{
	(void)state;
	control_request q = accepted("{\"op\":\"status\"}");
	assert_int_equal(q.op, CONTROL_STATUS);
	q = accepted(" \r\n\t{ \"op\" : \"sync\" }\n");
	assert_int_equal(q.op, CONTROL_SYNC);

	q = accepted("{\"hash\":\"" HASH_HEX "\",\"op\":\"announce\"}");
	assert_int_equal(q.op, CONTROL_ANNOUNCE);
	static const uint8_t want[ARNET_HASH_BYTES] = {
	        0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	        0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
	        0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	        0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
	assert_memory_equal(q.hash, want, sizeof(want));

	/* No deadline: 0, the node's own. The subject in canonical form. */
	q = accepted(
	        "{\"op\":\"survey\",\"subject\":\"LEI:5493001kjtiigc8y1r12\"}");
	assert_int_equal(q.op, CONTROL_SURVEY);
	assert_string_equal(q.subject.text, "lei:5493001KJTIIGC8Y1R12");
	assert_int_equal(q.timeout_ms, 0);
	q = accepted(SURVEY "\"timeout_ms\":100}");
	assert_string_equal(q.subject.text, "duns:150483782");
	assert_int_equal(q.timeout_ms, 100);
	q = accepted(SURVEY "\"timeout_ms\":6e4}");
	assert_int_equal(q.timeout_ms, 60000);
	/* What the CLI sends (cmd_check.c: cJSON_PrintUnformatted). */
	q = accepted("{\"op\":\"survey\",\"subject\":\"local:客户-1001\","
	             "\"timeout_ms\":2000}");
	assert_string_equal(q.subject.text, "local:客户-1001");
	assert_int_equal(q.timeout_ms, 2000);
	/* A literal backslash and u0000 is text, not a NUL. */
	q = accepted("{\"op\":\"survey\",\"subject\":\"local:A\\\\u0000\"}");
	assert_string_equal(q.subject.text, "local:A\\U0000");
#undef SURVEY
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_not_json),
	        cmocka_unit_test(test_not_an_object),
	        cmocka_unit_test(test_op_missing_or_not_a_string),
	        cmocka_unit_test(test_unknown_op),
	        cmocka_unit_test(test_nul_in_a_string),
	        cmocka_unit_test(test_oversize),
	        cmocka_unit_test(test_trailing_bytes),
	        cmocka_unit_test(test_bad_hash),
	        cmocka_unit_test(test_bad_subject),
	        cmocka_unit_test(test_bad_timeout),
	        cmocka_unit_test(test_fields_not_taken),
	        cmocka_unit_test(test_valid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
