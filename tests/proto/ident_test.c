/*
 * ident_test.c - tests of proto/ident.c: parsing, validating and
 * canonicalising subject identifiers (USCC, LEI, D-U-N-S, local).
 *
 * Wrong check characters and every kind of malformed input come first;
 * each refusal must say what is wrong (the expected check character, the
 * position of a bad character).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_says.h"

#include "arnet_ident.h"

#include <stdio.h>
#include <string.h>

static void
expect_ok(const char *in, const char *canonical, arnet_id_scheme scheme)
{
	arnet_ident id;
	arnet_diag d;
	int rv = arnet_ident_parse(&id, in, &d);
	if (rv != ARNET_OK) {
		fail_msg("\"%s\": %s", in, d.msg);
	}
	assert_string_equal(id.text, canonical);
	assert_int_equal(id.scheme, scheme);
	/* The canonical form is accepted strictly, and is a fixed point. */
	arnet_ident again;
	assert_int_equal(arnet_ident_parse_canonical(&again, id.text,
	                                             strlen(id.text), &d),
	                 ARNET_OK);
	assert_string_equal(again.text, canonical);
}

static void
expect_err(const char *in, int want, const char *in_msg)
{
	arnet_ident id;
	arnet_diag d;
	int rv = arnet_ident_parse(&id, in, &d);
	if (rv != want) {
		fail_msg("\"%s\": got %s (%s), want %s", in, arnet_errname(rv),
		         d.msg, arnet_errname(want));
	}
	test_says(in, d.msg, in_msg);
}

/* Category 92 (个体工商户) is a natural person; 91 (an enterprise), a
 * LEI or a local: identifier is not. */
static void
test_individual_business(void **state)
{
	(void)state;
	char body[19] = "92350100MA00010000";
	body[17] = arnet_uscc_check_char(body);
	arnet_ident id;
	assert_int_equal(arnet_ident_parse(&id, body, NULL), ARNET_OK);
	assert_true(arnet_ident_is_individual_business(&id));
	assert_int_equal(arnet_ident_parse(&id, "91350100M000100Y43", NULL),
	                 ARNET_OK);
	assert_false(arnet_ident_is_individual_business(&id));
	assert_int_equal(arnet_ident_parse(&id, "local:92", NULL), ARNET_OK);
	assert_false(arnet_ident_is_individual_business(&id));
}

static void
test_uscc_wrong_check(void **state)
{
	(void)state;
	expect_err("91350100M000100Y44", ARNET_ECHECK, "expected '3'");
	expect_err("uscc:91350100M000100Y40", ARNET_ECHECK,
	           "check character is '0', expected '3'");
	/* Every wrong check character of a valid code is caught. */
	const char *alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	for (const char *c = alphabet; *c; c++) {
		char buf[32];
		snprintf(buf, sizeof(buf), "91350100M000100Y4%c", *c);
		arnet_ident id;
		int rv = arnet_ident_parse(&id, buf, NULL);
		assert_int_equal(rv, *c == '3' ? ARNET_OK : ARNET_ECHECK);
	}
}

static void
test_uscc_bad_characters(void **state)
{
	(void)state;
	expect_err("91350100M0O0100Y43", ARNET_ESYNTAX, "position 11");
	expect_err("91350100M000100I43", ARNET_ESYNTAX, "never used");
	expect_err("uscc:9135010SM000100Y43", ARNET_ESYNTAX, NULL);
	expect_err("uscc:91350100M000100Y4*", ARNET_ESYNTAX, "position 18");
	expect_err("uscc:91A50100M000100Y43", ARNET_ESYNTAX,
	           "administrative division");
	expect_err("uscc:91350100M000100Y4", ARNET_ESYNTAX, "18 characters");
	expect_err("uscc:91350100M000100Y433", ARNET_ESYNTAX, "got 19");
	expect_err("uscc:", ARNET_ESYNTAX, NULL);
}

static void
test_uscc_valid(void **state)
{
	(void)state;
	expect_ok("91350100M000100Y43", "uscc:91350100M000100Y43",
	          ARNET_ID_USCC);
	expect_ok("  91350100m000100y43\n", "uscc:91350100M000100Y43",
	          ARNET_ID_USCC);
	expect_ok("USCC:91350100M000100Y43", "uscc:91350100M000100Y43",
	          ARNET_ID_USCC);
	expect_ok("Uscc:91350100m000100y43", "uscc:91350100M000100Y43",
	          ARNET_ID_USCC);
	/* Codes built with the check function parse. */
	const char *bodies[] = {"91110000100000000", "12100000400000000",
	                        "52440300MJL000000", "Y1330100MA2AAAAAA"};
	for (size_t i = 0; i < 4; i++) {
		char code[19], want[32];
		memcpy(code, bodies[i], 17);
		code[17] = arnet_uscc_check_char(bodies[i]);
		code[18] = '\0';
		assert_int_not_equal(code[17], 0);
		snprintf(want, sizeof(want), "uscc:%s", code);
		expect_ok(code, want, ARNET_ID_USCC);
	}
	assert_int_equal(arnet_uscc_check_char("9135010OM000100Y4"), 0);
}

static void
test_lei(void **state)
{
	(void)state;
	char cd[2];
	expect_ok("5493001KJTIIGC8Y1R12", "lei:5493001KJTIIGC8Y1R12",
	          ARNET_ID_LEI);
	expect_ok("lei:529900t8bm49aursdo55", "lei:529900T8BM49AURSDO55",
	          ARNET_ID_LEI);
	expect_err("5493001KJTIIGC8Y1R13", ARNET_ECHECK, "expected '12'");
	expect_err("lei:529900T8BM49AURSDO50", ARNET_ECHECK, "'55'");
	expect_err("lei:5493001KJTIIGC8Y1RAB", ARNET_ESYNTAX, "check digits");
	expect_err("lei:5493001KJTIIGC8Y1R1", ARNET_ESYNTAX, "20 characters");
	expect_err("lei:5493001KJTIIGC8-1R12", ARNET_ESYNTAX, "position 16");
	assert_int_equal(arnet_lei_check_digits(cd, "5493001KJTIIGC8Y1R"),
	                 ARNET_OK);
	assert_memory_equal(cd, "12", 2);
	assert_int_equal(arnet_lei_check_digits(cd, "529900T8BM49AURSDO"),
	                 ARNET_OK);
	assert_memory_equal(cd, "55", 2);
	assert_int_equal(arnet_lei_check_digits(cd, "529900T8BM49AURSD?"),
	                 ARNET_ESYNTAX);
}

static void
test_duns(void **state)
{
	(void)state;
	expect_ok("150483782", "duns:150483782", ARNET_ID_DUNS);
	expect_ok("15-048-3782", "duns:150483782", ARNET_ID_DUNS);
	expect_ok("DUNS:15-048-3782", "duns:150483782", ARNET_ID_DUNS);
	expect_err("duns:15048378", ARNET_ESYNTAX, "9 digits");
	expect_err("duns:1504837821", ARNET_ESYNTAX, "9 digits");
	expect_err("duns:15--0483782", ARNET_ESYNTAX, NULL);
	expect_err("duns:-150483782", ARNET_ESYNTAX, NULL);
	expect_err("duns:150483782-", ARNET_ESYNTAX, NULL);
	expect_err("duns:15048378X", ARNET_ESYNTAX, "position 9");
}

static void
test_local(void **state)
{
	(void)state;
	char buf[128];
	expect_ok("local:c-1001", "local:C-1001", ARNET_ID_LOCAL);
	expect_ok("LOCAL:  客户-1001 ", "local:客户-1001", ARNET_ID_LOCAL);
	expect_ok("local:Ünïcode straße", "local:ÜNïCODE STRAßE",
	          ARNET_ID_LOCAL);
	expect_err("local:", ARNET_ESYNTAX, "empty");
	expect_err("local:   ", ARNET_ESYNTAX, "empty");
	expect_err("local:a\tb", ARNET_ESYNTAX, "control character");
	expect_err("local:a\x7f", ARNET_ESYNTAX, NULL);
	expect_err("local:\xc3\x28", ARNET_ESYNTAX, NULL);
	memset(buf, 0, sizeof(buf));
	memcpy(buf, "local:", 6);
	memset(buf + 6, 'x', 64);
	arnet_ident id;
	assert_int_equal(arnet_ident_parse(&id, buf, NULL), ARNET_OK);
	assert_int_equal(strlen(id.text), ARNET_ID_MAX);
	buf[6 + 64] = 'x';
	expect_err(buf, ARNET_ETOOBIG, "at most 64");
}

/* Each hidden or misleading character is refused, named by code point,
 * position (in characters) and kind. */
static void
test_local_hidden_characters(void **state)
{
	(void)state;
	static const struct {
		const char *in, *msg;
	} bad[] = {
	        /* bidi controls: "ACME" shown reversed, and the rest */
	        {"local:AB\u202eEMCA",
	         "character 3 (U+202E) is a bidi control"},
	        {"local:A\u202aB", "U+202A) is a bidi control"},
	        {"local:A\u2066B", "U+2066) is a bidi control"},
	        {"local:A\u2069B", "U+2069) is a bidi control"},
	        {"local:A\u200eB", "U+200E) is a bidi control"},
	        {"local:A\u200fB", "U+200F) is a bidi control"},
	        {"local:A\u061cB", "U+061C) is a bidi control"},
	        /* zero-width and other format characters */
	        {"local:A\u200bB", "U+200B) is a zero-width character"},
	        {"local:A\u200cB", "U+200C) is a zero-width character"},
	        {"local:A\u200dB", "U+200D) is a zero-width character"},
	        {"local:A\u2060B", "U+2060) is a zero-width character"},
	        {"local:\ufeffAB", "character 1 (U+FEFF) is a zero-width"},
	        {"local:客户\u00ad1", "character 3 (U+00AD) is a format"},
	        {"local:A\U000E0041", "U+E0041) is a format character"},
	        /* controls, separators */
	        {"local:A\xc2\x85"
	         "B",
	         "U+0085) is a control character"},
	        {"local:A\x1b[2JB", "U+001B) is a control character"},
	        {"local:A\u2028B", "U+2028) is a line or paragraph"},
	        {"local:A\u2029B", "U+2029) is a line or paragraph"},
	        /* private use, non-characters, unassigned, invisible */
	        {"local:A\ue000", "U+E000) is a private-use character"},
	        {"local:A\U0010FFFD", "U+10FFFD) is a private-use"},
	        {"local:A\ufdd0", "U+FDD0) is a non-character"},
	        {"local:A\xef\xbf\xbf", "U+FFFF) is a non-character"},
	        {"local:A\U0001FFFE", "U+1FFFE) is a non-character"},
	        {"local:A\u0378", "U+0378) is an unassigned code point"},
	        {"local:A\u034fB", "U+034F) is an invisible"},
	        {"local:\u3164", "U+3164) is an invisible"},
	        {"local:A\ufe0f", "U+FE0F) is an invisible"},
	        /* odd spaces: only U+0020, one at a time */
	        {"local:A\u00a0B", "U+00A0) is a space other than U+0020"},
	        {"local:A\u2002B", "U+2002) is a space other than U+0020"},
	        {"local:A\u200aB", "U+200A) is a space other than U+0020"},
	        {"local:A\u202fB", "U+202F) is a space other than U+0020"},
	        {"local:客户\u30001", "U+3000) is a space other than U+0020"},
	        {"local:A  B", "character 3 is a second space in a row"},
	        /* a mark with nothing to sit on */
	        {"local:\u0301A", "character 1 (U+0301) is a combining mark"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		expect_err(bad[i].in, ARNET_ESYNTAX, bad[i].msg);
	}
}

/* Latin with Cyrillic or Greek look-alikes is refused; the mixes of CJK
 * firm names are not. */
static void
test_local_mixed_scripts(void **state)
{
	(void)state;
	/* "ACME" with a Cyrillic A (U+0410), and with a Greek omicron. */
	expect_err("local:\u0410CME", ARNET_ESYNTAX,
	           "character 2 (U+0043) is Latin but character 1 (U+0410) "
	           "is Cyrillic");
	expect_err("local:ACME-\u0421", ARNET_ESYNTAX, "look-alike");
	expect_err("local:G\u03bfOGLE", ARNET_ESYNTAX,
	           "(U+03BF) is Greek but character 1 (U+0047) is Latin");
	expect_err("local:\u0391\u0410", ARNET_ESYNTAX, "is Cyrillic");
	expect_err("local:かな한국", ARNET_ESYNTAX, "is Hangul");
	expect_err("local:客户\u0410", ARNET_ESYNTAX, "is Cyrillic");
	/* One script alone, and the CJK sets with Latin and digits. */
	expect_ok("local:АКМЕ-1", "local:АКМЕ-1", ARNET_ID_LOCAL);
	expect_ok("local:Αλφα", "local:Αλφα", ARNET_ID_LOCAL);
	expect_ok("local:华为 Huawei (福州) No.1",
	          "local:华为 HUAWEI (福州) NO.1", ARNET_ID_LOCAL);
	expect_ok("local:トヨタ自動車 toyota", "local:トヨタ自動車 TOYOTA",
	          ARNET_ID_LOCAL);
	expect_ok("local:삼성전자 samsung", "local:삼성전자 SAMSUNG",
	          ARNET_ID_LOCAL);
	expect_ok("local:客户（福州）１２", "local:客户（福州）１２",
	          ARNET_ID_LOCAL);
	expect_ok("local:Tiếng Việt", "local:TIếNG VIệT", ARNET_ID_LOCAL);
}

/* Text not in NFC is refused, with the NFC form to copy; the check is on
 * the canonical (upper-cased) value. */
static void
test_local_nfc(void **state)
{
	(void)state;
	/* "e" + COMBINING ACUTE: NFC is U+00C9 once upper-cased. */
	expect_err("local:cafe\u0301", ARNET_ESYNTAX,
	           "not in Unicode NFC (composed) form; its NFC form is "
	           "\"local:CAF\\u{00C9}\"");
	/* i + U+0307 is NFC, I + U+0307 is not (it composes to U+0130). */
	expect_err("local:i\u0307", ARNET_ESYNTAX, "\"local:\\u{0130}\"");
	/* A singleton: ANGSTROM SIGN becomes A WITH RING. */
	expect_err("local:\u212b", ARNET_ESYNTAX, "\"local:\\u{00C5}\"");
	expect_ok("local:caf\u00e9", "local:CAF\u00e9", ARNET_ID_LOCAL);
	expect_ok("local:\u00c5", "local:\u00c5", ARNET_ID_LOCAL);
}

/* Strict decoding of signed data refuses the same text: a record's or a
 * certificate's subject goes through arnet_ident_parse_canonical. */
static void
test_local_canonical_refuses_hidden(void **state)
{
	(void)state;
	static const char *const bad[] = {
	        "local:AB\u202eEMCA", "local:A\u200bB", "local:\u0410CME",
	        "local:CAFE\u0301",   "local:A\u00a0B", "local:A  B",
	};
	arnet_ident id;
	arnet_diag d;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rv = arnet_ident_parse_canonical(&id, bad[i],
		                                     strlen(bad[i]), &d);
		if (rv != ARNET_ESYNTAX) {
			fail_msg("%s: %s", bad[i], arnet_errname(rv));
		}
		assert_non_null(strstr(d.msg, "local: "));
	}
}

static void
test_bare_and_schemes(void **state)
{
	(void)state;
	expect_err("ACME", ARNET_ESYNTAX, "prefix");
	expect_err("12345", ARNET_ESYNTAX, "prefix");
	expect_err("", ARNET_ESYNTAX, "empty");
	expect_err("   ", ARNET_ESYNTAX, "empty");
	expect_err("foo:1", ARNET_ESYNTAX, "unknown identifier scheme");
	expect_err(":1", ARNET_ESYNTAX, NULL);
	arnet_ident id;
	assert_int_equal(arnet_ident_parse(NULL, "x", NULL), ARNET_EINVAL);
	assert_int_equal(arnet_ident_parse(&id, NULL, NULL), ARNET_EINVAL);
}

static void
test_canonical_strict(void **state)
{
	(void)state;
	const char *noncanon[] = {
	        "uscc:91350100m000100y43",
	        "USCC:91350100M000100Y43",
	        "local:c-1",
	        "local: C-1",
	        "duns:15-048-3782",
	        "91350100M000100Y43",
	};
	arnet_ident id;
	arnet_diag d;
	for (size_t i = 0; i < sizeof(noncanon) / sizeof(noncanon[0]); i++) {
		int rv = arnet_ident_parse_canonical(&id, noncanon[i],
		                                     strlen(noncanon[i]), &d);
		if (rv != ARNET_ENONCANON) {
			fail_msg("%s: %s", noncanon[i], arnet_errname(rv));
		}
		assert_non_null(strstr(d.msg, "canonical"));
	}
	/* Leading space makes an unknown scheme " local". */
	assert_int_equal(arnet_ident_parse_canonical(&id, " local:C-1", 10, &d),
	                 ARNET_ESYNTAX);
	assert_int_equal(arnet_ident_parse_canonical(&id, "local:A\0B", 9, &d),
	                 ARNET_ESYNTAX);
	char big[ARNET_ID_MAX + 2];
	memset(big, 'A', sizeof(big));
	assert_int_equal(arnet_ident_parse_canonical(&id, big, sizeof(big), &d),
	                 ARNET_ETOOBIG);
	assert_int_equal(arnet_ident_parse_canonical(&id,
	                                             "uscc:91350100M0001"
	                                             "00Y44",
	                                             23, &d),
	                 ARNET_ECHECK);
	assert_int_equal(arnet_ident_parse_canonical(&id, "", 0, &d),
	                 ARNET_ESYNTAX);
}

static void
test_names(void **state)
{
	(void)state;
	arnet_ident id;
	assert_string_equal(arnet_id_scheme_name(ARNET_ID_USCC), "uscc");
	assert_string_equal(arnet_id_scheme_name(ARNET_ID_LEI), "lei");
	assert_string_equal(arnet_id_scheme_name(ARNET_ID_DUNS), "duns");
	assert_string_equal(arnet_id_scheme_name(ARNET_ID_LOCAL), "local");
	assert_string_equal(arnet_id_scheme_name(0), "unknown");
	assert_int_equal(arnet_ident_parse(&id, "15-048-3782", NULL), ARNET_OK);
	assert_string_equal(arnet_ident_value(&id), "150483782");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_individual_business),
	        cmocka_unit_test(test_uscc_wrong_check),
	        cmocka_unit_test(test_uscc_bad_characters),
	        cmocka_unit_test(test_uscc_valid),
	        cmocka_unit_test(test_lei),
	        cmocka_unit_test(test_duns),
	        cmocka_unit_test(test_local_hidden_characters),
	        cmocka_unit_test(test_local_mixed_scripts),
	        cmocka_unit_test(test_local_nfc),
	        cmocka_unit_test(test_local_canonical_refuses_hidden),
	        cmocka_unit_test(test_local),
	        cmocka_unit_test(test_bare_and_schemes),
	        cmocka_unit_test(test_canonical_strict),
	        cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
