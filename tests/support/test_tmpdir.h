/*
 * test_tmpdir.h - a temporary directory for a test group: made by
 * test_tmpdir_make (dir is a buffer of at least 64 bytes, `name` a short
 * word for the path) and removed whole by test_tmpdir_remove. Both
 * return 0 or -1, as cmocka's group setup and teardown do.
 */
#ifndef ARNET_TEST_TMPDIR_H
#define ARNET_TEST_TMPDIR_H

#include <stdio.h>
#include <stdlib.h>

static inline int
test_tmpdir_make(char *dir, size_t cap, const char *name)
{
	snprintf(dir, cap, "/tmp/arnet-%s-XXXXXX", name);
	return mkdtemp(dir) != NULL ? 0 : -1;
}

static inline int
test_tmpdir_remove(const char *dir)
{
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif
