/*
 * cmd_top_overdue.c - `arnet top-overdue`: the customers who owe the
 * most past due, who to chase first.
 */
#include "arnet_reports.h"
#include "cli.h"
#include "columns.h"
#include "report_opts.h"

#include <stdio.h>

static int
top_table(const arnet_top_overdue *r, const cli_out *o)
{
	char b[40], title[200];
	cli_table *t = CLI_TABLE(CLI_COLS_TOP_OVERDUE, r->currency);
	for (size_t i = 0; i < r->n; i++) {
		cli_table_int(t, (int64_t)i + 1);
		cli_table_text(t, r->v[i].id.text);
		cli_table_text(t, r->v[i].name);
		cli_table_money(t, r->v[i].overdue);
		cli_table_int(t, r->v[i].oldest_dpd);
		cli_table_int(t, r->v[i].invoices);
	}
	snprintf(title, sizeof(title),
	         o->zh ? "逾期最多的客户（%s，截至 %s）"
	               : "most overdue customers in %s as of %s",
	         r->currency, cli_date(b, r->as_of));
	int rv = cli_table_print(t, o, "top-overdue", title);
	cli_table_free(t);
	if (rv == EXIT_OK && o->format == CLI_FMT_TEXT) {
		printf(o->zh ? "\n全部客户逾期合计：%s %s\n"
		             : "\ntotal overdue, all customers: %s %s\n",
		       cli_money(b, r->total_overdue, r->currency),
		       r->currency);
	}
	return rv;
}

int
cmd_top_overdue(cli_ctx *ctx, int argc, char **argv)
{
	report_opts o = {0};
	const char *n = NULL;
	const cli_opt opts[] = {CLI_OPT("as-of", &o.as_of),
	                        CLI_OPT("currency", &o.currency),
	                        CLI_OPT("n", &n), CLI_OUT_OPTS(o.out), CLI_END};
	arnet_top_overdue top;
	arnet_txn *t;
	arnet_diag d;
	char b1[40];
	long x = 10;
	int rv;

	if ((rv = cli_args("top-overdue", argc, argv, 1, opts, NULL, 0, 0,
	                   NULL)) != 0 ||
	    (rv = report_args("top-overdue", ctx, &o)) != 0 ||
	    (n != NULL && (rv = cli_arg_long("top-overdue", "--n", n, 1, 100000,
	                                     &x)) != 0)) {
		return rv;
	}
	if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = cli_ok(arnet_top_overdue_build(t, o.day, o.cur, (size_t)x,
	                                         &top, &d),
	                 &d)) != EXIT_OK) {
		return rv;
	}
	const arnet_top_overdue *r = &top;
	if (ctx->json) {
		cJSON *out = cJSON_CreateObject(), *a = cJSON_CreateArray();
		cJSON_AddStringToObject(out, "as_of", cli_date(b1, r->as_of));
		cJSON_AddStringToObject(out, "currency", r->currency);
		for (size_t i = 0; i < r->n; i++) {
			cJSON *e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "id", r->v[i].id.text);
			cJSON_AddStringToObject(e, "name", r->v[i].name);
			cJSON_AddItemToObject(e, "overdue",
			                      arnet_json_int(r->v[i].overdue));
			cJSON_AddItemToObject(
			        e, "oldest_days_past_due",
			        arnet_json_int(r->v[i].oldest_dpd));
			cJSON_AddItemToObject(e, "invoices",
			                      arnet_json_int(r->v[i].invoices));
			cJSON_AddItemToArray(a, e);
		}
		cJSON_AddItemToObject(out, "customers", a);
		cJSON_AddItemToObject(out, "total_overdue",
		                      arnet_json_int(r->total_overdue));
		arnet_top_overdue_free(&top);
		return cli_print_json(out);
	}
	rv = top_table(r, &o.out);
	arnet_top_overdue_free(&top);
	return rv;
}
