/*
 * fuzz_config.c - libFuzzer harness for the configuration file reader
 * (node/config.c, inih underneath). Every refusal must name the file.
 */
#include "arnet_config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	arnet_config c;
	arnet_diag d;
	if (path[0] == '\0') {
		snprintf(path, sizeof(path), "/tmp/arnet-fuzz-config-%d.conf",
		         (int)getpid());
	}
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		abort();
	}
	int rv = arnet_config_load(&c, path, &d);
	unlink(path);
	if (rv != ARNET_OK && strstr(d.msg, path) == NULL) {
		abort();
	}
	if (rv == ARNET_OK) {
		/* An accepted ladder rises. */
		for (int s = 2; s <= ARNET_STAGE_COUNT; s++) {
			if (c.books.stage_from[s] <=
			    c.books.stage_from[s - 1]) {
				abort();
			}
		}
	}
	return 0;
}
