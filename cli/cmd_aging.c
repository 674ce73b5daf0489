/*
 * cmd_aging.c - `arnet aging`: what is owed, by how many days past due,
 * per customer and in all, in one currency.
 */
#include "arnet_reports.h"
#include "cli.h"
#include "columns.h"
#include "report_opts.h"

#include <stdio.h>

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
aging_row(cli_table *t, const arnet_aging_row *r, const char *id,
          const char *name)
{
	cli_table_text(t, id);
	cli_table_text(t, name);
	for (int b = 0; b < ARNET_AGING_BUCKETS; b++) {
		cli_table_money(t, r->bucket[b]);
	}
	cli_table_money(t, r->total);
}

static int
aging_table(const arnet_aging *a, const cli_out *o)
{
	char b[40], title[200];
	cli_table *t = CLI_TABLE(CLI_COLS_AGING, a->currency);
	for (size_t i = 0; i < a->nrows; i++) {
		aging_row(t, &a->rows[i], a->rows[i].id.text, a->rows[i].name);
	}
	cli_table_total(t);
	aging_row(t, &a->totals, o->zh ? "合计" : "total", "");
	snprintf(title, sizeof(title),
	         o->zh ? "应收账款账龄（%s，截至 %s，按逾期天数）"
	               : "aging of receivables in %s as of %s (days past due)",
	         a->currency, cli_date(b, a->as_of));
	int rv = cli_table_print(t, o, "aging", title);
	cli_table_free(t);
	if (rv == EXIT_OK && o->format == CLI_FMT_TEXT &&
	    a->totals.unapplied > 0) {
		printf(o->zh ? "\n未核销收款（未对应到发票）：%s %s\n"
		             : "\nunapplied credit (payments not matched to an "
		               "invoice): %s %s\n",
		       cli_money(b, a->totals.unapplied, a->currency),
		       a->currency);
	}
	return rv;
}

int
cmd_aging(cli_ctx *ctx, int argc, char **argv)
{
	report_opts o = {0};
	const cli_opt opts[] = {
	        CLI_OPT("as-of", &o.as_of), CLI_OPT("currency", &o.currency),
	        CLI_OPT("customer", &o.customer), CLI_OUT_OPTS(o.out), CLI_END};
	arnet_aging aging;
	arnet_txn *t;
	arnet_diag d;
	char b[40];
	int rv;

	if ((rv = cli_args("aging", argc, argv, 1, opts, NULL, 0, 0, NULL)) !=
	            0 ||
	    (rv = report_args("aging", ctx, &o)) != 0 ||
	    (rv = cli_txn(ctx, &t)) != 0 ||
	    (rv = cli_ok(arnet_aging_report(t, o.day, o.cur,
	                                    report_customer(&o), &aging, &d),
	                 &d)) != 0) {
		return rv;
	}
	const arnet_aging *a = &aging;
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
		arnet_aging_free(&aging);
		return cli_print_json(out);
	}
	rv = aging_table(a, &o.out);
	arnet_aging_free(&aging);
	return rv;
}
