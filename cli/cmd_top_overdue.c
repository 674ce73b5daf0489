/*
 * cmd_top_overdue.c - `arnet top-overdue`: the customers who owe the
 * most past due, who to chase first.
 */
#include "arnet_reports.h"
#include "cli.h"
#include "report_opts.h"

#include <stdio.h>

typedef struct top_job {
	report_opts *o;
	size_t n;
	arnet_top_overdue r;
} top_job;

static int
top_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	top_job *j = arg;
	return arnet_top_overdue_build(t, j->o->day, j->o->cur, j->n, &j->r, d);
}

int
cmd_top_overdue(cli_ctx *ctx, int argc, char **argv)
{
	report_opts o = {0};
	const char *n = NULL;
	const cli_opt opts[] = {CLI_OPT("as-of", &o.as_of),
	                        CLI_OPT("currency", &o.currency),
	                        CLI_OPT("n", &n), CLI_END};
	top_job j = {.o = &o, .n = 10};
	char b1[40], cell[100];
	long x = 0;
	int rv;

	if ((rv = cli_args("top-overdue", argc, argv, 1, opts, NULL, 0, 0,
	                   NULL)) != 0 ||
	    (rv = report_args("top-overdue", ctx, &o)) != 0 ||
	    (n != NULL && (rv = cli_arg_long("top-overdue", "--n", n, 1, 100000,
	                                     &x)) != 0)) {
		return rv;
	}
	if (n != NULL) {
		j.n = (size_t)x;
	}
	if ((rv = cli_read(ctx, top_txn, &j)) != EXIT_OK) {
		return rv;
	}
	const arnet_top_overdue *r = &j.r;
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
		arnet_top_overdue_free(&j.r);
		return cli_print_json(out);
	}
	printf("most overdue customers in %s as of %s\n\n", r->currency,
	       cli_date(b1, r->as_of));
	printf("%4s  %-26s %-20s %16s %8s %8s\n", "rank", "customer", "name",
	       "overdue", "oldest", "invoices");
	for (size_t i = 0; i < r->n; i++) {
		printf("%4zu  %-26s %s %16s %8d %8d\n", i + 1, r->v[i].id.text,
		       cli_cell(cell, sizeof(cell), r->v[i].name, 20),
		       cli_money(b1, r->v[i].overdue, r->currency),
		       r->v[i].oldest_dpd, r->v[i].invoices);
	}
	printf("\ntotal overdue, all customers: %s %s\n",
	       cli_money(b1, r->total_overdue, r->currency), r->currency);
	arnet_top_overdue_free(&j.r);
	return EXIT_OK;
}
