/*
 * fuzz_import.c - libFuzzer harness for the CSV import (store/books/import.c).
 *
 * One store, opened once, holds a few customers and invoices; each input
 * is written to a file and imported as customers, invoices and payments
 * in dry-run transactions (always aborted), so every input meets the same
 * books. Properties beyond "no crash, no UB, no leak": every refusal
 * names the file and a line ("FILE:LINE: "), and a dry run never changes
 * the books.
 */
#include "arnet_import.h"
#include "arnet_keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static arnet_store *store;
static char dir[64], path[128];
static arnet_books_policy pol;

typedef struct job {
	int kind;
	arnet_import_stats st;
} job;

static int
import_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	job *j = arg;
	return arnet_import_file(t, j->kind, path, NULL, &pol, &j->st, d);
}

static void
seed_books(void)
{
	static const char customers[] =
	        "id,name,credit_limit,currency,terms_days,grade\n"
	        "local:A,A,1000,CNY,30,A\nduns:150483782,B,,JPY,60,\n";
	static const char invoices[] =
	        "number,customer,issue_date,amount\n"
	        "I-1,local:A,2026-01-01,100\nJ-1,duns:150483782,2026-01-01,5\n";
	const char *texts[] = {customers, invoices};
	for (int k = 0; k < 2; k++) {
		FILE *f = fopen(path, "w");
		if (f == NULL || fputs(texts[k], f) < 0 || fclose(f) != 0) {
			abort();
		}
		job j = {k + 1, {0}};
		arnet_diag d;
		if (arnet_store_write(store, import_txn, &j, 0, &d) !=
		    ARNET_OK) {
			fprintf(stderr, "seed: %s\n", d.msg);
			abort();
		}
	}
}

static void
cleanup(void)
{
	char cmd[128];
	arnet_store_close(store);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0) {
		fprintf(stderr, "cannot remove %s\n", dir);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arnet_diag d;
	if (store == NULL) {
		snprintf(dir, sizeof(dir), "/tmp/arnet-fuzz-import-XXXXXX");
		if (arnet_crypto_init() != ARNET_OK || mkdtemp(dir) == NULL ||
		    arnet_store_open(&store, dir, ARNET_STORE_CREATE, &d) !=
		            ARNET_OK) {
			abort();
		}
		atexit(cleanup);
		snprintf(path, sizeof(path), "%s/in.csv", dir);
		arnet_policy_defaults(&pol);
		seed_books();
	}
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		abort();
	}
	for (int kind = 1; kind <= 3; kind++) {
		job j = {kind, {0}};
		int rv = arnet_store_write(store, import_txn, &j, 1, &d);
		if (rv != ARNET_OK && strncmp(d.msg, path, strlen(path)) != 0) {
			fprintf(stderr, "refusal without the file: %s\n",
			        d.msg);
			abort();
		}
	}
	return 0;
}
