/*
 * config_aging_test.c - tests of the [aging] section and the [node] lang
 * key of node/config.c: refused values first, each with the file, the
 * line and the key; then the defaults (the standard bands by due date,
 * English when lang is absent) and values read.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Load `text` as a config file; its path in path (64 bytes). */
static int
load(arnet_config *c, const char *text, char *path, arnet_diag *d)
{
	snprintf(path, 64, "/tmp/arnet-config-aging-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	int rv = arnet_config_load(c, path, d);
	unlink(path);
	return rv;
}

static void
test_refused(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int line;
		const char *says;
	} bad[] = {
	        {"[aging]\nbands = 30,20\n", 2, "bands: 20 after 30"},
	        {"[aging]\nbasis = due\nbands = 0\n", 3, "bands: \"0\""},
	        {"[aging]\nbands = 1,2,3,4,5,6,7,8,9\n", 2, "more than 8"},
	        {"[aging]\nbands = 30,,60\n", 2, "bands"},
	        {"[aging]\nbasis = issued\n", 2,
	         "basis must be due or invoice"},
	        {"[aging]\ncurrent = 0\n", 2, "unknown key \"current\""},
	        {"[node]\nlang = zh-CN\n", 2, "lang must be zh or en"},
	        {"[node]\nlang =\n", 2, "lang must be zh or en"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		arnet_config c;
		arnet_diag d;
		char path[64], want[128];
		assert_int_not_equal(load(&c, bad[i].text, path, &d), ARNET_OK);
		snprintf(want, sizeof(want), "%s:%d: ", path, bad[i].line);
		assert_non_null(strstr(d.msg, want));
		assert_non_null(strstr(d.msg, bad[i].says));
	}
}

static void
test_defaults_and_values(void **state)
{
	(void)state;
	arnet_config c;
	arnet_diag d;
	char path[64];
	arnet_config_defaults(&c);
	assert_int_equal(c.aging.basis, ARNET_AGING_BY_DUE);
	assert_int_equal(c.aging.n, 3);
	assert_int_equal(c.aging.upto[2], 90);
	assert_int_equal(c.node.lang_zh, 0); /* absent: English */
	assert_int_equal(load(&c,
	                      "[node]\nlang = zh\n[aging]\nbands = "
	                      "30, 60, 90, 180, 365\nbasis = invoice\n",
	                      path, &d),
	                 ARNET_OK);
	assert_int_equal(c.node.lang_zh, 1);
	assert_int_equal(c.aging.basis, ARNET_AGING_BY_INVOICE);
	assert_int_equal(c.aging.n, 5);
	assert_int_equal(c.aging.upto[4], 365);
	assert_int_equal(load(&c, "[node]\nlang = en\n", path, &d), ARNET_OK);
	assert_int_equal(c.node.lang_zh, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_refused),
	        cmocka_unit_test(test_defaults_and_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
