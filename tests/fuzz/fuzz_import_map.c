/*
 * fuzz_import_map.c - libFuzzer harness for mapping files
 * (store/import/map.c, through inih): the input is written to a file and
 * loaded. Properties beyond "no crash, no UB, no leak": a refusal names
 * the file ("PATH:" first), a map that loads holds only columns of its
 * kind or "ignore", a separator and a decimal mark of the documented
 * sets, and every header it names is found again.
 */
#include "fuzz_util.h"
#include "import_columns.h"
#include "import_map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];

static void
cleanup(void)
{
	unlink(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (path[0] == '\0') {
		snprintf(path, sizeof(path), "/tmp/arnet-fuzz-map-%ld.ini",
		         (long)getpid());
		atexit(cleanup);
	}
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		abort();
	}
	import_map m;
	arnet_diag d;
	int rv = import_map_load(&m, path, &d);
	if (rv != ARNET_OK) {
		size_t n = strlen(path);
		if (strncmp(d.msg, path, n) != 0 || d.msg[n] != ':') {
			fprintf(stderr, "refusal without its file: %s\n",
			        d.msg);
			abort();
		}
		return 0;
	}
	if (strchr(",;\t|", m.separator) == NULL || m.separator == '\0' ||
	    (m.form.decimal_mark != '.' && m.form.decimal_mark != ',')) {
		abort();
	}
	for (int k = ARNET_IMPORT_CUSTOMERS; k <= ARNET_IMPORT_PAYMENTS; k++) {
		if (m.ncols[k] < 0 || m.ncols[k] > IMPORT_MAP_COLS) {
			abort();
		}
		for (int i = 0; i < m.ncols[k]; i++) {
			int c = m.cols[k][i].col;
			if (c != COL_IGNORED &&
			    (c < 0 || c >= IMPORT_COLS_MAX ||
			     import_column_name((arnet_import_kind)k, c) ==
			             NULL)) {
				abort();
			}
			if (import_map_find(&m, (arnet_import_kind)k,
			                    m.cols[k][i].header) != c) {
				abort(); /* a header named twice was let in */
			}
		}
	}
	return 0;
}
