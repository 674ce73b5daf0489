/*
 * keyfile_test.c - tests of store/core/keyfile.c: key files on disk.
 *
 * Hostile first: an existing file (never overwritten), a symlink planted
 * where the key goes (never followed), a missing directory, a secret key
 * file that others may read (refused, as ssh does), a FIFO or directory
 * in place of a key file, a file too large to be a key. Then the modes of
 * what is written, whatever the umask, and round trips.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_keyfile.h"
#include "test_keys.h"
#include "test_tmpdir.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static uint8_t pk[32], sk[64];
static char dir[64];
#define cheap test_kdf_cheap

static int
setup(void **state)
{
	(void)state;
	if (test_keypair(pk, sk, 0x17) != 0) {
		return -1;
	}
	return test_tmpdir_make(dir, sizeof(dir), "keyfile");
}

static int
teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(dir);
}

static const char *
path_of(const char *name)
{
	static char p[4][128];
	static int i;
	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static void
write_text(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

static void
test_existing_file_not_overwritten(void **state)
{
	const char *p = path_of("exists.key");
	arnet_diag d;
	struct stat st;
	(void)state;
	write_text(p, "precious\n", 0600);
	assert_int_equal(
	        arnet_keyfile_write_secret(p, sk, NULL, 0, NULL, NULL, &d),
	        ARNET_EEXIST);
	assert_non_null(strstr(d.msg, "exists.key"));
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_size, 9);
	assert_int_equal(arnet_keyfile_write_public(p, pk, NULL, &d),
	                 ARNET_EEXIST);
}

static void
test_symlink_not_followed(void **state)
{
	const char *target = path_of("target");
	const char *link = path_of("link.key");
	struct stat st;
	(void)state;
	assert_int_equal(symlink(target, link), 0);
	/* A dangling link: O_EXCL refuses it and target is not created. */
	assert_int_equal(
	        arnet_keyfile_write_secret(link, sk, NULL, 0, NULL, NULL, NULL),
	        ARNET_EEXIST);
	assert_int_not_equal(stat(target, &st), 0);
}

static void
test_missing_directory(void **state)
{
	arnet_diag d;
	(void)state;
	assert_int_equal(arnet_keyfile_write_secret(path_of("no/such/x.key"),
	                                            sk, NULL, 0, NULL, NULL,
	                                            &d),
	                 ARNET_ENOTFOUND);
	assert_non_null(strstr(d.msg, "No such file"));
	uint8_t out[64];
	assert_int_equal(arnet_keyfile_read_secret(path_of("absent.key"), out,
	                                           NULL, 0, &d),
	                 ARNET_ENOTFOUND);
	assert_int_equal(arnet_keyfile_secret_is_encrypted(path_of("absent")),
	                 -ARNET_ENOTFOUND);
}

static void
test_readable_secret_refused(void **state)
{
	const char *p = path_of("open.key");
	uint8_t out[64];
	arnet_diag d;
	(void)state;
	assert_int_equal(
	        arnet_keyfile_write_secret(p, sk, NULL, 0, NULL, NULL, NULL),
	        ARNET_OK);
	chmod(p, 0644);
	assert_int_equal(arnet_keyfile_read_secret(p, out, NULL, 0, &d),
	                 ARNET_EPERM);
	assert_non_null(strstr(d.msg, "mode 644"));
	chmod(p, 0620);
	assert_int_equal(arnet_keyfile_read_secret(p, out, NULL, 0, &d),
	                 ARNET_EPERM);
	chmod(p, 0600);
	assert_int_equal(arnet_keyfile_read_secret(p, out, NULL, 0, &d),
	                 ARNET_OK);
	assert_memory_equal(out, sk, 64);
}

static void
test_not_a_regular_file(void **state)
{
	const char *fifo = path_of("fifo.key");
	const char *sub = path_of("subdir.key");
	uint8_t out[64];
	arnet_diag d;
	(void)state;
	assert_int_equal(mkfifo(fifo, 0600), 0);
	/* Must not block waiting for a writer. */
	assert_int_equal(arnet_keyfile_read_secret(fifo, out, NULL, 0, &d),
	                 ARNET_EKEYFILE);
	assert_non_null(strstr(d.msg, "not a regular file"));
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(arnet_keyfile_read_public(sub, out, &d),
	                 ARNET_EKEYFILE);
}

static void
test_too_large(void **state)
{
	const char *p = path_of("big.pub");
	char big[ARNET_KEYFILE_MAX + 100];
	uint8_t out[32];
	arnet_diag d;
	(void)state;
	memset(big, '#', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	write_text(p, big, 0644);
	assert_int_equal(arnet_keyfile_read_public(p, out, &d), ARNET_EKEYFILE);
	assert_non_null(strstr(d.msg, "too large"));
}

static void
test_garbage_names_the_file(void **state)
{
	const char *p = path_of("garbage.key");
	uint8_t out[64];
	arnet_diag d;
	(void)state;
	write_text(p, "untrusted comment: x\nnot base64 at all\n", 0600);
	assert_int_equal(arnet_keyfile_read_secret(p, out, NULL, 0, &d),
	                 ARNET_EKEYFILE);
	assert_non_null(strstr(d.msg, "garbage.key: "));
	assert_int_equal(arnet_keyfile_secret_is_encrypted(p), -ARNET_EKEYFILE);
}

static void
test_modes_whatever_the_umask(void **state)
{
	const char *s = path_of("mode.key");
	const char *pub = path_of("mode.pub");
	struct stat st;
	(void)state;
	mode_t old = umask(0);
	assert_int_equal(
	        arnet_keyfile_write_secret(s, sk, NULL, 0, NULL, NULL, NULL),
	        ARNET_OK);
	assert_int_equal(arnet_keyfile_write_public(pub, pk, "c", NULL),
	                 ARNET_OK);
	umask(old);
	assert_int_equal(stat(s, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(pub, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
}

static void
test_encrypted_round_trip(void **state)
{
	const char *s = path_of("enc.key");
	const char *pub = path_of("enc.pub");
	uint8_t out[64], opk[32];
	arnet_diag d;
	(void)state;
	assert_int_equal(arnet_keyfile_write_secret(s, sk, "pw", 2, &cheap,
	                                            "member", &d),
	                 ARNET_OK);
	assert_int_equal(arnet_keyfile_secret_is_encrypted(s), 1);
	assert_int_equal(arnet_keyfile_read_secret(s, out, "bad", 3, &d),
	                 ARNET_EPASS);
	assert_non_null(strstr(d.msg, "enc.key: wrong passphrase"));
	assert_int_equal(arnet_keyfile_read_secret(s, out, "pw", 2, &d),
	                 ARNET_OK);
	assert_memory_equal(out, sk, 64);
	assert_int_equal(arnet_keyfile_write_public(pub, pk, NULL, &d),
	                 ARNET_OK);
	assert_int_equal(arnet_keyfile_read_public(pub, opk, &d), ARNET_OK);
	assert_memory_equal(opk, pk, 32);
}

static void
test_errno_mapping(void **state)
{
	(void)state;
	assert_int_equal(arnet_err_from_errno(0), ARNET_OK);
	assert_int_equal(arnet_err_from_errno(EEXIST), ARNET_EEXIST);
	assert_int_equal(arnet_err_from_errno(ENOENT), ARNET_ENOTFOUND);
	assert_int_equal(arnet_err_from_errno(EACCES), ARNET_EPERM);
	assert_int_equal(arnet_err_from_errno(ENOSPC), ARNET_EIO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_existing_file_not_overwritten),
	        cmocka_unit_test(test_symlink_not_followed),
	        cmocka_unit_test(test_missing_directory),
	        cmocka_unit_test(test_readable_secret_refused),
	        cmocka_unit_test(test_not_a_regular_file),
	        cmocka_unit_test(test_too_large),
	        cmocka_unit_test(test_garbage_names_the_file),
	        cmocka_unit_test(test_modes_whatever_the_umask),
	        cmocka_unit_test(test_encrypted_round_trip),
	        cmocka_unit_test(test_errno_mapping),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
