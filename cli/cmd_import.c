/*
 * cmd_import.c - `arnet import customers|invoices|payments FILE.csv
 * [--encoding auto|utf-8|gb18030] [--map FILE.ini] [--dry-run]`: one
 * file, one transaction.
 */
#include "arnet_import.h"
#include "cli.h"

#include <string.h>

typedef struct import_job {
	int kind;
	const char *path;
	arnet_import_opts opts;
	const arnet_books_policy *pol;
	arnet_import_stats st;
} import_job;

static int
import_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	import_job *j = arg;
	return arnet_import_file(t, j->kind, j->path, &j->opts, j->pol, &j->st,
	                         d);
}

int
cmd_import(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "import";
	const char *pos[2];
	const char *enc = NULL;
	int dry = 0, e;
	import_job j = {0};
	const cli_opt opts[] = {
	        CLI_FLAG("dry-run", &dry), CLI_OPT("encoding", &enc),
	        CLI_OPT("map", &j.opts.map_path),
	        CLI_FLAG("allow-duplicate", &j.opts.allow_duplicate), CLI_END};
	const arnet_config *cfg;
	int rv;

	if ((rv = cli_args(C, argc, argv, 1, opts, pos, 2, 2, NULL)) != 0) {
		return rv;
	}
	if ((j.kind = arnet_import_kind_parse(pos[0])) == 0) {
		return cli_usage(C,
		                 "what to import: customers, invoices or "
		                 "payments, not \"%s\"",
		                 pos[0]);
	}
	if (enc != NULL) {
		if ((e = arnet_import_encoding_parse(enc)) < 0) {
			return cli_usage(
			        C,
			        "--encoding: \"%s\" is not auto, utf-8, "
			        "gb18030 or gbk",
			        enc);
		}
		j.opts.encoding = (arnet_import_encoding)e;
	}
	if ((cfg = cli_config(ctx)) == NULL) {
		return EXIT_ERR;
	}
	j.path = pos[1];
	j.pol = &cfg->books;
	/* Customers may start the books; the others need them. */
	if ((rv = cli_write(ctx, j.kind == ARNET_IMPORT_CUSTOMERS, import_txn,
	                    &j, dry)) != EXIT_OK) {
		fprintf(stderr, "arnet: nothing of %s was imported\n", j.path);
		return EXIT_ERR;
	}
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "file", j.path);
		cJSON_AddStringToObject(o, "kind", pos[0]);
		cJSON_AddBoolToObject(o, "dry_run", dry);
		cJSON_AddItemToObject(o, "rows",
		                      arnet_json_int((int64_t)j.st.rows));
		cJSON_AddItemToObject(o, "added",
		                      arnet_json_int((int64_t)j.st.added));
		cJSON_AddItemToObject(o, "updated",
		                      arnet_json_int((int64_t)j.st.updated));
		cJSON_AddItemToObject(o, "unchanged",
		                      arnet_json_int((int64_t)j.st.unchanged));
		if (j.kind == ARNET_IMPORT_PAYMENTS) {
			/* Each currency on its own: never one sum. */
			cJSON *by = cJSON_AddArrayToObject(o, "by_currency");
			for (size_t i = 0; i < j.st.ncurrencies; i++) {
				const arnet_import_money *m = &j.st.money[i];
				cJSON *c = cJSON_CreateObject();
				cJSON_AddStringToObject(c, "currency",
				                        m->currency);
				cJSON_AddItemToObject(
				        c, "applied",
				        arnet_json_int(m->applied));
				cJSON_AddItemToObject(
				        c, "unapplied",
				        arnet_json_int(m->unapplied));
				cJSON_AddItemToArray(by, c);
			}
		}
		return cli_print_json(o);
	}
	printf("%s%s: %zu rows: %zu added, %zu updated, %zu unchanged\n",
	       dry ? "dry run, nothing stored: " : "", j.path, j.st.rows,
	       j.st.added, j.st.updated, j.st.unchanged);
	for (size_t i = 0; i < j.st.ncurrencies; i++) {
		const arnet_import_money *m = &j.st.money[i];
		char a[40], u[40];
		printf("  %s: %s applied to invoices, %s left as unapplied "
		       "credit\n",
		       m->currency, cli_money(a, m->applied, m->currency),
		       cli_money(u, m->unapplied, m->currency));
	}
	return EXIT_OK;
}
