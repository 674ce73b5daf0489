/*
 * cmd_aging.c - `arnet aging`: what is owed, by how many days past due,
 * per customer and in all, in one currency.
 */
#include "arnet_reports.h"
#include "cli.h"
#include "report_opts.h"

#include <stdio.h>

typedef struct aging_job {
	report_opts *o;
	arnet_aging a;
} aging_job;

static int
aging_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	aging_job *j = arg;
	return arnet_aging_report(t, j->o->day, j->o->cur,
	                          j->o->has_id ? &j->o->id : NULL, &j->a, d);
}

static cJSON *
aging_row_json(const arnet_aging_row *r, int named)
{
	cJSON *o = cJSON_CreateObject();
	if (named) {
		cJSON_AddStringToObject(o, "id", r->id.text);
		cJSON_AddStringToObject(o, "name", r->name);
	}
	for (int b = 0; b < ARNET_AGING_BUCKETS; b++) {
		cJSON_AddItemToObject(o, arnet_aging_bucket_names[b],
		                      arnet_json_int(r->bucket[b]));
	}
	cJSON_AddItemToObject(o, "total", arnet_json_int(r->total));
	cJSON_AddItemToObject(o, "unapplied", arnet_json_int(r->unapplied));
	return o;
}

static void
aging_row_text(const arnet_aging_row *r, const char *id, const char *name,
               const char *cur)
{
	char cell[200], m[40];
	printf("%-26s %s", id, cli_cell(cell, sizeof(cell), name, 20));
	for (int b = 0; b < ARNET_AGING_BUCKETS; b++) {
		printf(" %15s", cli_money(m, r->bucket[b], cur));
	}
	printf(" %16s\n", cli_money(m, r->total, cur));
}

int
cmd_aging(cli_ctx *ctx, int argc, char **argv)
{
	report_opts o = {0};
	const cli_opt opts[] = {CLI_OPT("as-of", &o.as_of),
	                        CLI_OPT("currency", &o.currency),
	                        CLI_OPT("customer", &o.customer), CLI_END};
	aging_job j = {.o = &o};
	char b[40];
	int rv;

	if ((rv = cli_args("aging", argc, argv, 1, opts, NULL, 0, 0, NULL)) !=
	            0 ||
	    (rv = report_args("aging", ctx, &o)) != 0 ||
	    (rv = cli_read(ctx, aging_txn, &j)) != 0) {
		return rv;
	}
	const arnet_aging *a = &j.a;
	if (ctx->json) {
		cJSON *out = cJSON_CreateObject(), *bk = cJSON_CreateArray();
		cJSON *rows = cJSON_CreateArray();
		cJSON_AddStringToObject(out, "as_of", cli_date(b, a->as_of));
		cJSON_AddStringToObject(out, "currency", a->currency);
		for (int i = 0; i < ARNET_AGING_BUCKETS; i++) {
			cJSON_AddItemToArray(
			        bk, cJSON_CreateString(
			                    arnet_aging_bucket_names[i]));
		}
		cJSON_AddItemToObject(out, "buckets", bk);
		for (size_t i = 0; i < a->nrows; i++) {
			cJSON_AddItemToArray(rows,
			                     aging_row_json(&a->rows[i], 1));
		}
		cJSON_AddItemToObject(out, "customers", rows);
		cJSON_AddItemToObject(out, "totals",
		                      aging_row_json(&a->totals, 0));
		arnet_aging_free(&j.a);
		return cli_print_json(out);
	}
	printf("aging of receivables in %s as of %s (days past due)\n\n",
	       a->currency, cli_date(b, a->as_of));
	printf("%-26s %-20s", "customer", "name");
	for (int i = 0; i < ARNET_AGING_BUCKETS; i++) {
		printf(" %15s", arnet_aging_bucket_names[i]);
	}
	printf(" %16s\n", "total");
	for (size_t i = 0; i < a->nrows; i++) {
		aging_row_text(&a->rows[i], a->rows[i].id.text, a->rows[i].name,
		               a->currency);
	}
	aging_row_text(&a->totals, "total", "", a->currency);
	if (a->totals.unapplied > 0) {
		printf("\nunapplied credit (payments not matched to an "
		       "invoice): %s %s\n",
		       cli_money(b, a->totals.unapplied, a->currency),
		       a->currency);
	}
	arnet_aging_free(&j.a);
	return EXIT_OK;
}
