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

static void
top_json_head(cJSON *out, const void *first)
{
	const arnet_top_overdue *r = first;
	char b[40];
	cJSON_AddStringToObject(out, "as_of", cli_date(b, r->as_of));
}

static cJSON *
top_json_one(const void *one)
{
	const arnet_top_overdue *r = one;
	cJSON *sec = cJSON_CreateObject(), *a = cJSON_CreateArray();
	cJSON_AddStringToObject(sec, "currency", r->currency);
	for (size_t i = 0; i < r->n; i++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "id", r->v[i].id.text);
		cJSON_AddStringToObject(e, "name", r->v[i].name);
		cJSON_AddItemToObject(e, "overdue",
		                      arnet_json_int(r->v[i].overdue));
		cJSON_AddItemToObject(e, "oldest_days_past_due",
		                      arnet_json_int(r->v[i].oldest_dpd));
		cJSON_AddItemToObject(e, "invoices",
		                      arnet_json_int(r->v[i].invoices));
		cJSON_AddItemToArray(a, e);
	}
	cJSON_AddItemToObject(sec, "customers", a);
	cJSON_AddItemToObject(sec, "total_overdue",
	                      arnet_json_int(r->total_overdue));
	return sec;
}

static const char *
top_currency(size_t i, void *arg)
{
	const report_view *p = arg;
	return ((const arnet_top_overdue *)p->v)[i].currency;
}

static void
top_fill(cli_table *t, size_t k, void *arg)
{
	const report_view *p = arg;
	const arnet_top_overdue *r = (const arnet_top_overdue *)p->v + k;
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
	const report_view *p = arg;
	const arnet_top_overdue *r = (const arnet_top_overdue *)p->v + i;
	char b[40];
	snprintf(buf, cap,
	         p->o->zh ? "逾期最多的客户（%s，截至 %s）"
	                  : "most overdue customers in %s as of %s",
	         r->currency, cli_date(b, r->as_of));
}

static int
top_build(arnet_txn *t, const report_opts *o, const char *cur, void *out,
          const void *arg, arnet_diag *d)
{
	const long *n = arg; /* --n */
	return arnet_top_overdue_build(t, o->day, cur, (size_t)*n, out, d);
}

static void
top_release(void *one)
{
	arnet_top_overdue_free(one);
}

static const report_kind TOP = {.size = sizeof(arnet_top_overdue),
                                .build = top_build,
                                .json_head = top_json_head,
                                .json_one = top_json_one,
                                .cols = &CLI_COLS_TOP_OVERDUE,
                                .sheet = "top-overdue",
                                .currency = top_currency,
                                .fill = top_fill,
                                .title = top_title,
                                .release = top_release};

int
cmd_top_overdue(cli_ctx *ctx, int argc, char **argv)
{
	return report_run_n("top-overdue", ctx, argc, argv, "n", 1, 100000, 10,
	                    &TOP);
}
