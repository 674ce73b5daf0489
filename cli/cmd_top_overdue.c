/*
 * cmd_top_overdue.c - `arnet top-overdue`: the customers who owe the
 * most past due, who to chase first, in each currency the books hold.
 */
#include "arnet_reports.h"
#include "cli.h"
#include "columns.h"
#include "report_opts.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct top_print {
	const arnet_top_overdue *v; /* one a currency */
	const cli_out *o;
} top_print;

static int
top_json(const arnet_top_overdue *v, size_t n)
{
	cJSON *out = cJSON_CreateObject(), *secs = cJSON_CreateArray();
	char b[40];
	cJSON_AddStringToObject(out, "as_of", cli_date(b, v[0].as_of));
	for (size_t k = 0; k < n; k++) {
		const arnet_top_overdue *r = &v[k];
		cJSON *sec = cJSON_CreateObject(), *a = cJSON_CreateArray();
		cJSON_AddStringToObject(sec, "currency", r->currency);
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
		cJSON_AddItemToObject(sec, "customers", a);
		cJSON_AddItemToObject(sec, "total_overdue",
		                      arnet_json_int(r->total_overdue));
		cJSON_AddItemToArray(secs, sec);
	}
	cJSON_AddItemToObject(out, "by_currency", secs);
	return cli_print_json(out);
}

static const char *
top_currency(size_t i, void *arg)
{
	return ((top_print *)arg)->v[i].currency;
}

static void
top_fill(cli_table *t, size_t k, void *arg)
{
	const top_print *p = arg;
	const arnet_top_overdue *r = &p->v[k];
	for (size_t i = 0; i < r->n; i++) {
		cli_table_int(t, (int64_t)i + 1);
		cli_table_text(t, r->v[i].id.text);
		cli_table_text(t, r->v[i].name);
		cli_table_money(t, r->v[i].overdue);
		cli_table_int(t, r->v[i].oldest_dpd);
		cli_table_int(t, r->v[i].invoices);
	}
	/* The overdue of every customer, not only of the rows shown. */
	cli_table_total(t);
	cli_table_blank(t);
	cli_table_text(t, "");
	cli_table_text(t, p->o->zh ? "全部客户合计" : "all customers");
	cli_table_money(t, r->total_overdue);
	cli_table_blank(t);
	cli_table_blank(t);
}

static void
top_title(char *buf, size_t cap, size_t i, void *arg)
{
	const top_print *p = arg;
	char b[40];
	snprintf(buf, cap,
	         p->o->zh ? "逾期最多的客户（%s，截至 %s）"
	                  : "most overdue customers in %s as of %s",
	         p->v[i].currency, cli_date(b, p->v[i].as_of));
}

int
cmd_top_overdue(cli_ctx *ctx, int argc, char **argv)
{
	report_opts o = {0};
	const char *nt = NULL;
	const cli_opt opts[] = {
	        CLI_OPT("as-of", &o.as_of), CLI_OPT("currency", &o.currency),
	        CLI_OPT("n", &nt), CLI_OUT_OPTS(o.out), CLI_END};
	arnet_currencies curs;
	arnet_top_overdue *v;
	arnet_txn *t;
	arnet_diag d;
	size_t n = 0;
	long x = 10;
	int rv;

	if ((rv = cli_args("top-overdue", argc, argv, 1, opts, NULL, 0, 0,
	                   NULL)) != 0 ||
	    (rv = report_args("top-overdue", ctx, &o)) != 0 ||
	    (nt != NULL && (rv = cli_arg_long("top-overdue", "--n", nt, 1,
	                                      100000, &x)) != 0)) {
		return rv;
	}
	if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = report_currencies(t, &o, &curs)) != EXIT_OK) {
		return rv;
	}
	if ((v = calloc(curs.n, sizeof(*v))) == NULL) {
		return cli_error("out of memory");
	}
	for (; n < curs.n; n++) {
		if ((rv = cli_ok(arnet_top_overdue_build(t, o.day, curs.v[n],
		                                         (size_t)x, &v[n], &d),
		                 &d)) != EXIT_OK) {
			break;
		}
	}
	if (rv == EXIT_OK && ctx->json) {
		rv = top_json(v, n);
	} else if (rv == EXIT_OK) {
		top_print p = {v, &o.out};
		report_table rt = {CLI_COLS_TOP_OVERDUE.v,
		                   CLI_COLS_TOP_OVERDUE.n,
		                   "top-overdue",
		                   n,
		                   top_currency,
		                   top_fill,
		                   top_title,
		                   NULL,
		                   &p};
		rv = report_print(&rt, &o.out);
	}
	for (size_t i = 0; i < n; i++) {
		arnet_top_overdue_free(&v[i]);
	}
	free(v);
	return rv;
}
