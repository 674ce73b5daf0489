/*
 * node_log_test.c - the daemon's coalescing log (node/log.c): an offence
 * repeated 20,000 times costs a line a minute, not a line each.
 *
 * The clock is passed in (node_vlog_coalesced), so no test waits; the
 * lines are read back from stderr, redirected to a file.
 */
#include "node_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static int say(int64_t now, const char *key, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static int
say(int64_t now, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int printed = node_vlog_coalesced(now, key, NODE_LOG_WARN, fmt, ap);
	va_end(ap);
	return printed;
}

/* Run fn with stderr going to a file; the file's text into buf. */
static void
captured(void (*fn)(void), char *buf, size_t cap)
{
	FILE *tmp = tmpfile();
	assert_non_null(tmp);
	fflush(stderr);
	int saved = dup(2);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fileno(tmp), 2), 2);
	fn();
	fflush(stderr);
	assert_int_equal(dup2(saved, 2), 2);
	close(saved);
	rewind(tmp);
	size_t n = fread(buf, 1, cap - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
}

static int
lines(const char *s)
{
	int n = 0;
	for (; *s; s++) {
		n += *s == '\n';
	}
	return n;
}

static void
flood(void)
{
	/* The first line prints. */
	assert_int_equal(say(1000, "equivocation A", "rival %d", 0), 1);
	/* 20,000 more within the minute: counted, not printed. */
	for (int i = 1; i <= 20000; i++) {
		assert_int_equal(
		        say(1000 + i % 60, "equivocation A", "rival %d", i), 0);
	}
	/* Another key is not held back by the first. */
	assert_int_equal(say(1010, "equivocation B", "rival of B"), 1);
	/* A minute on: one line that says how many it stood for. */
	assert_int_equal(say(1060, "equivocation A", "rival %d", 20001), 1);
	assert_int_equal(say(1061, "equivocation A", "rival %d", 20002), 0);
	/* Quiet for long, then once more. */
	assert_int_equal(say(5000, "equivocation A", "rival %d", 20003), 1);
	assert_int_equal(say(9000, "equivocation A", "rival %d", 20004), 1);
}

static void
test_coalesced(void **state)
{
	static char buf[1 << 16];
	(void)state;
	node_log_level(NODE_LOG_INFO);
	captured(flood, buf, sizeof(buf));
	assert_int_equal(lines(buf), 5);
	assert_non_null(strstr(buf, "warn: rival 0\n"));
	assert_non_null(strstr(buf, "warn: rival of B\n"));
	assert_non_null(strstr(buf, "warn: rival 20001 (and 20000 more like it "
	                            "in the last 60 s)\n"));
	assert_non_null(strstr(buf, "warn: rival 20003 (and 1 more like it in "
	                            "the last 3940 s)\n"));
	assert_non_null(strstr(buf, "warn: rival 20004\n"));
}

static void
many_keys(void)
{
	char key[32];
	/* More keys than the table holds: each still prints once. */
	for (int i = 0; i < 500; i++) {
		snprintf(key, sizeof(key), "refused %d", i);
		assert_int_equal(say(20000, key, "offence %d", i), 1);
	}
	/* Below the level: neither printed nor counted. */
	assert_int_equal(node_log_coalesced("debug", NODE_LOG_DEBUG, "x"), 0);
}

static void
test_many_keys(void **state)
{
	static char buf[1 << 16];
	(void)state;
	node_log_level(NODE_LOG_INFO);
	captured(many_keys, buf, sizeof(buf));
	assert_int_equal(lines(buf), 500);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_coalesced),
	        cmocka_unit_test(test_many_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
