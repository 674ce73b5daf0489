/*
 * keys_test.c - tests of proto/keys.c: public key text, and the text of
 * public and secret key files, plain and encrypted.
 *
 * Hostile input first: files with no key line or two, bad base64, wrong
 * magic, version or protection byte, a truncated blob, Argon2id costs a
 * hostile file could use to make arnet allocate gigabytes, a wrong
 * passphrase, a flipped bit in the sealed box, and a secret key whose
 * public half does not match its seed. Encryption uses libsodium's
 * minimum Argon2id cost so the suite stays fast.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_keys.h"
#include "test_keys.h"
#include "test_says.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static uint8_t pk[32], sk[64];
#define cheap test_kdf_cheap

static int
setup(void **state)
{
	(void)state;
	return test_keypair(pk, sk, 0x42);
}

/* A key file whose key line is base64 of blob[0..n). */
static void
file_of_blob(char *out, size_t cap, const uint8_t *blob, size_t n)
{
	char b64[512];
	sodium_bin2base64(b64, sizeof(b64), blob, n,
	                  sodium_base64_VARIANT_ORIGINAL);
	snprintf(out, cap, "untrusted comment: arnet secret key\n%s\n", b64);
}

/* Decode the blob of a key file written by arnet (second line). */
static size_t
blob_of_file(uint8_t *blob, size_t cap, const char *text)
{
	const char *line = strchr(text, '\n') + 1;
	size_t n = strcspn(line, "\n"), got = 0;
	assert_int_equal(sodium_base642bin(blob, cap, line, n, NULL, &got, NULL,
	                                   sodium_base64_VARIANT_ORIGINAL),
	                 0);
	return got;
}

/* The key file of blob[0..n) is refused with ARNET_EKEYFILE, its output
 * zeroed, the message saying says (NULL: anything); pw: the passphrase
 * given (NULL: none). */
static void
blob_refused(const uint8_t *blob, size_t n, const char *pw, const char *says)
{
	char file[600];
	uint8_t out[64], zero[64] = {0};
	arnet_diag d;
	memset(out, 0xa5, sizeof(out));
	file_of_blob(file, sizeof(file), blob, n);
	assert_int_equal(arnet_seckey_file_parse(out, file, strlen(file), pw,
	                                         pw ? strlen(pw) : 0, &d),
	                 ARNET_EKEYFILE);
	assert_memory_equal(out, zero, sizeof(out));
	test_says("key file", d.msg, says);
}

static void
test_pubkey_parse_hostile(void **state)
{
	uint8_t out[32];
	arnet_diag d;
	(void)state;
	assert_int_equal(arnet_pubkey_parse(out, NULL, &d), ARNET_ESYNTAX);
	assert_int_equal(arnet_pubkey_parse(out, "", &d), ARNET_ESYNTAX);
	assert_int_equal(arnet_pubkey_parse(out, "abc", &d), ARNET_ESYNTAX);
	assert_non_null(strstr(d.msg, "got 3 characters"));
	/* 44 characters but not base64. */
	assert_int_equal(arnet_pubkey_parse(out,
	                                    "!!!!!!!!!!!!!!!!!!!!!!!!!!!"
	                                    "!!!!!!!!!!!!!!!!!",
	                                    &d),
	                 ARNET_ESYNTAX);
	/* 64 characters, not hex. */
	assert_int_equal(
	        arnet_pubkey_parse(out,
	                           "zz00000000000000000000000000000000000000"
	                           "000000000000000000000000",
	                           &d),
	        ARNET_ESYNTAX);
	assert_non_null(strstr(d.msg, "not hex"));
	/* Base64 of 33 bytes is 44 characters with no padding: refused. */
	uint8_t b33[33];
	char t[64];
	memset(b33, 1, sizeof(b33));
	sodium_bin2base64(t, sizeof(t), b33, 33,
	                  sodium_base64_VARIANT_ORIGINAL);
	assert_int_equal(strlen(t), 44);
	assert_int_equal(arnet_pubkey_parse(out, t, &d), ARNET_ESYNTAX);
}

static void
test_pubkey_text_round_trip(void **state)
{
	char text[ARNET_PUBKEY_TEXT_LEN + 1], hex[65], padded[80];
	uint8_t out[32];
	(void)state;
	arnet_pubkey_format(text, pk);
	assert_int_equal(strlen(text), 44);
	assert_int_equal(arnet_pubkey_parse(out, text, NULL), ARNET_OK);
	assert_memory_equal(out, pk, 32);
	sodium_bin2hex(hex, sizeof(hex), pk, 32);
	memset(out, 0, 32);
	assert_int_equal(arnet_pubkey_parse(out, hex, NULL), ARNET_OK);
	assert_memory_equal(out, pk, 32);
	snprintf(padded, sizeof(padded), "  %s\n", text);
	assert_int_equal(arnet_pubkey_parse(out, padded, NULL), ARNET_OK);
}

static void
test_pubkey_file_hostile(void **state)
{
	uint8_t out[32];
	arnet_diag d;
	char text[ARNET_PUBKEY_TEXT_LEN + 1], two[200];
	(void)state;
	arnet_pubkey_format(text, pk);
	assert_int_equal(arnet_pubkey_file_parse(out, "", 0, &d),
	                 ARNET_EKEYFILE);
	const char *only_comment = "untrusted comment: nothing\n";
	assert_int_equal(arnet_pubkey_file_parse(out, only_comment,
	                                         strlen(only_comment), &d),
	                 ARNET_EKEYFILE);
	snprintf(two, sizeof(two), "%s\n%s\n", text, text);
	assert_int_equal(arnet_pubkey_file_parse(out, two, strlen(two), &d),
	                 ARNET_EKEYFILE);
	assert_non_null(strstr(d.msg, "one key line"));
	/* A NUL inside the file. */
	snprintf(two, sizeof(two), "#c\n%s\n", text);
	two[1] = '\0';
	assert_int_equal(arnet_pubkey_file_parse(out, two, 48, &d),
	                 ARNET_EKEYFILE);
	/* Hex is fine on the command line but not in a key file. */
	char hex[65];
	sodium_bin2hex(hex, sizeof(hex), pk, 32);
	assert_int_equal(arnet_pubkey_file_parse(out, hex, 64, &d),
	                 ARNET_EKEYFILE);
}

static void
test_pubkey_file_round_trip(void **state)
{
	char buf[ARNET_KEYFILE_MAX];
	size_t len = 0;
	uint8_t out[32];
	(void)state;
	assert_int_equal(arnet_pubkey_file_format(buf, sizeof(buf), &len, pk,
	                                          "member A"),
	                 ARNET_OK);
	assert_int_equal(len, strlen(buf));
	assert_true(strncmp(buf,
	                    "untrusted comment: arnet public key member "
	                    "A\n",
	                    43) == 0);
	assert_int_equal(arnet_pubkey_file_parse(out, buf, len, NULL),
	                 ARNET_OK);
	assert_memory_equal(out, pk, 32);
	/* Comments with control characters or too long are refused. */
	assert_int_equal(arnet_pubkey_file_format(buf, sizeof(buf), &len, pk,
	                                          "two\nlines"),
	                 ARNET_EINVAL);
	char long_c[ARNET_KEYFILE_COMMENT_MAX + 2];
	memset(long_c, 'c', sizeof(long_c) - 1);
	long_c[sizeof(long_c) - 1] = '\0';
	assert_int_equal(
	        arnet_pubkey_file_format(buf, sizeof(buf), &len, pk, long_c),
	        ARNET_EINVAL);
	/* Too small a buffer is refused, not cut. */
	assert_int_equal(arnet_pubkey_file_format(buf, 40, &len, pk, NULL),
	                 ARNET_ETOOBIG);
}

static void
test_seckey_plain_hostile(void **state)
{
	uint8_t blob[70], out[64];
	char file[400];
	arnet_diag d;
	(void)state;
	memcpy(blob, "ARSK", 4);
	blob[4] = 1;
	blob[5] = 0;
	memcpy(blob + 6, sk, 64);
	/* Sanity: this hand-built file is accepted. */
	file_of_blob(file, sizeof(file), blob, 70);
	assert_int_equal(
	        arnet_seckey_file_parse(out, file, strlen(file), NULL, 0, &d),
	        ARNET_OK);
	assert_memory_equal(out, sk, 64);
	/* Wrong magic. */
	blob[0] = 'X';
	file_of_blob(file, sizeof(file), blob, 70);
	assert_int_equal(
	        arnet_seckey_file_parse(out, file, strlen(file), NULL, 0, &d),
	        ARNET_EKEYFILE);
	assert_string_equal(d.msg, "not an arnet secret key file");
	/* On error the output is zeroed. */
	uint8_t zero[64] = {0};
	assert_memory_equal(out, zero, 64);
	blob[0] = 'A';
	/* Unknown version. */
	blob[4] = 2;
	blob_refused(blob, 70, NULL, "version 2");
	blob[4] = 1;
	/* Unknown protection. */
	blob[5] = 7;
	blob_refused(blob, 70, NULL, NULL);
	blob[5] = 0;
	/* Truncated blob. */
	blob_refused(blob, 69, NULL, NULL);
	/* Public half does not match the seed. */
	blob[69] ^= 1;
	blob_refused(blob, 70, NULL, "inconsistent");
	/* Not base64. */
	const char *junk = "untrusted comment: x\n@@@@\n";
	assert_int_equal(
	        arnet_seckey_file_parse(out, junk, strlen(junk), NULL, 0, &d),
	        ARNET_EKEYFILE);
	assert_int_equal(arnet_seckey_file_is_encrypted(junk, strlen(junk)),
	                 -1);
}

static void
test_seckey_hostile_cost(void **state)
{
	char buf[ARNET_KEYFILE_MAX];
	size_t len = 0;
	uint8_t blob[200];
	(void)state;
	assert_int_equal(arnet_seckey_file_format(buf, sizeof(buf), &len, sk,
	                                          "pw", 2, &cheap, NULL),
	                 ARNET_OK);
	size_t n = blob_of_file(blob, sizeof(blob), buf);
	assert_int_equal(n, 4 + 1 + 1 + 8 + 8 + 16 + 24 + 16 + 64);
	/* memlimit at offset 14: ask for 2^40 bytes. */
	uint8_t huge[8] = {0, 0, 1, 0, 0, 0, 0, 0};
	memcpy(blob + 14, huge, 8);
	blob_refused(blob, n, "pw", "outside what arnet accepts");
	/* opslimit at offset 6: 2^32 passes. */
	blob_of_file(blob, sizeof(blob), buf);
	uint8_t many[8] = {0, 0, 0, 1, 0, 0, 0, 0};
	memcpy(blob + 6, many, 8);
	blob_refused(blob, n, "pw", NULL);
	/* Zero cost. */
	memset(blob + 6, 0, 8);
	blob_refused(blob, n, "pw", NULL);
	/* The writer refuses the same costs. */
	arnet_kdf_params bad = {1ULL << 32, crypto_pwhash_MEMLIMIT_MIN};
	assert_int_equal(arnet_seckey_file_format(buf, sizeof(buf), &len, sk,
	                                          "pw", 2, &bad, NULL),
	                 ARNET_EINVAL);
}

static void
test_seckey_encrypted(void **state)
{
	char buf[ARNET_KEYFILE_MAX], file[600];
	size_t len = 0;
	uint8_t out[64], blob[200];
	arnet_diag d;
	(void)state;
	assert_int_equal(arnet_seckey_file_format(buf, sizeof(buf), &len, sk,
	                                          "", 0, &cheap, NULL),
	                 ARNET_EINVAL);
	assert_int_equal(arnet_seckey_file_format(buf, sizeof(buf), &len, sk,
	                                          "correct horse", 13, &cheap,
	                                          "node 1"),
	                 ARNET_OK);
	assert_non_null(strstr(buf, "encrypted (argon2id) node 1\n"));
	assert_int_equal(arnet_seckey_file_is_encrypted(buf, len), 1);
	/* The secret does not appear in the file. */
	size_t n = blob_of_file(blob, sizeof(blob), buf);
	for (size_t i = 0; i + 8 <= n; i++) {
		assert_true(memcmp(blob + i, sk, 8) != 0);
	}
	/* No passphrase, wrong passphrase, a prefix of it. */
	assert_int_equal(arnet_seckey_file_parse(out, buf, len, NULL, 0, &d),
	                 ARNET_EPASS);
	assert_non_null(strstr(d.msg, "passphrase is needed"));
	assert_int_equal(arnet_seckey_file_parse(out, buf, len, "wrong", 5, &d),
	                 ARNET_EPASS);
	assert_int_equal(
	        arnet_seckey_file_parse(out, buf, len, "correct", 7, &d),
	        ARNET_EPASS);
	/* A flipped bit in the box or the nonce. */
	for (size_t at = n - 1; at >= n - 100; at -= 40) {
		blob_of_file(blob, sizeof(blob), buf);
		blob[at] ^= 0x20;
		file_of_blob(file, sizeof(file), blob, n);
		assert_int_equal(
		        arnet_seckey_file_parse(out, file, strlen(file),
		                                "correct horse", 13, &d),
		        ARNET_EPASS);
	}
	/* The right passphrase. */
	assert_int_equal(
	        arnet_seckey_file_parse(out, buf, len, "correct horse", 13, &d),
	        ARNET_OK);
	assert_memory_equal(out, sk, 64);
	/* Two encryptions of one key differ (fresh salt and nonce). */
	char buf2[ARNET_KEYFILE_MAX];
	size_t len2;
	assert_int_equal(arnet_seckey_file_format(buf2, sizeof(buf2), &len2, sk,
	                                          "correct horse", 13, &cheap,
	                                          "node 1"),
	                 ARNET_OK);
	assert_string_not_equal(buf, buf2);
}

static void
test_seckey_plain_round_trip(void **state)
{
	char buf[ARNET_KEYFILE_MAX];
	size_t len = 0;
	uint8_t out[64];
	(void)state;
	assert_int_equal(arnet_seckey_file_format(buf, sizeof(buf), &len, sk,
	                                          NULL, 0, NULL, NULL),
	                 ARNET_OK);
	assert_int_equal(arnet_seckey_file_is_encrypted(buf, len), 0);
	assert_true(strncmp(buf, "untrusted comment: arnet secret key\n", 36) ==
	            0);
	/* A passphrase given for a plain file is ignored. */
	assert_int_equal(arnet_seckey_file_parse(out, buf, len, "x", 1, NULL),
	                 ARNET_OK);
	assert_memory_equal(out, sk, 64);
}

static void
test_keypair_random_and_seeded(void **state)
{
	uint8_t p1[32], s1[64], p2[32], s2[64], seed[32];
	(void)state;
	assert_int_equal(arnet_keypair(p1, s1), ARNET_OK);
	assert_int_equal(arnet_keypair(p2, s2), ARNET_OK);
	assert_memory_not_equal(p1, p2, 32);
	memset(seed, 0x42, 32);
	assert_int_equal(arnet_keypair_from_seed(p1, s1, seed), ARNET_OK);
	assert_memory_equal(p1, pk, 32);
	assert_memory_equal(s1, seed, 32);
	assert_memory_equal(s1 + 32, pk, 32);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_pubkey_parse_hostile),
	        cmocka_unit_test(test_pubkey_text_round_trip),
	        cmocka_unit_test(test_pubkey_file_hostile),
	        cmocka_unit_test(test_pubkey_file_round_trip),
	        cmocka_unit_test(test_seckey_plain_hostile),
	        cmocka_unit_test(test_seckey_hostile_cost),
	        cmocka_unit_test(test_seckey_encrypted),
	        cmocka_unit_test(test_seckey_plain_round_trip),
	        cmocka_unit_test(test_keypair_random_and_seeded),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
