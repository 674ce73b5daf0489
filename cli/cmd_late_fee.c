/*
 * cmd_late_fee.c - `arnet late-fee`: what the lateness of overdue
 * invoices costs, at a daily or annual rate.
 */
#include "arnet_reports.h"
#include "cli.h"
#include "columns.h"
#include "report_opts.h"

#include <stdio.h>
#include <stdlib.h>

static const char *
fee_currency(size_t i, void *arg)
{
	const report_view *p = arg;
	return ((const arnet_late_fee *)p->v)[i].currency;
}

static void
fee_fill(cli_table *t, size_t k, void *arg)
{
	const report_view *p = arg;
	const arnet_late_fee *f = (const arnet_late_fee *)p->v + k;
	for (size_t i = 0; i < f->nrows; i++) {
		const arnet_late_fee_row *r = &f->rows[i];
		cli_table_text(t, r->number);
		cli_table_text(t, r->customer.text);
		cli_table_date(t, r->due);
		cli_table_int(t, r->days_late);
		cli_table_money(t, r->outstanding);
		cli_table_money(t, r->fee);
	}
	cli_table_total(t);
	cli_table_text(t, p->o->zh ? "合计" : "total");
	cli_table_text(t, "");
	cli_table_blank(t);
	cli_table_blank(t);
	cli_table_blank(t);
	cli_table_money(t, f->total);
}

static void
fee_title(char *buf, size_t cap, size_t i, void *arg)
{
	const report_view *p = arg;
	const arnet_late_fee *f = (const arnet_late_fee *)p->v + i;
	char b[40];
	snprintf(buf, cap,
	         p->o->zh ? "逾期滞纳金（%s，截至 %s，每日按逾期本金的 "
	                    "%lld/%lld 计）"
	                  : "late fees in %s as of %s, at %lld/%lld of the "
	                    "overdue principal a day",
	         f->currency, cli_date(b, f->as_of), (long long)f->rate_num,
	         (long long)f->rate_den);
}

static void
fee_json_head(cJSON *out, const void *first)
{
	const arnet_late_fee *f = first;
	char b[40];
	cJSON_AddStringToObject(out, "as_of", cli_date(b, f->as_of));
	cJSON_AddItemToObject(out, "rate_per_day_numerator",
	                      arnet_json_int(f->rate_num));
	cJSON_AddItemToObject(out, "rate_per_day_denominator",
	                      arnet_json_int(f->rate_den));
}

static cJSON *
fee_json_one(const void *one)
{
	const arnet_late_fee *f = one;
	char b[40];
	cJSON *sec = cJSON_CreateObject(), *rows = cJSON_CreateArray();
	cJSON_AddStringToObject(sec, "currency", f->currency);
	for (size_t i = 0; i < f->nrows; i++) {
		const arnet_late_fee_row *r = &f->rows[i];
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "number", r->number);
		cJSON_AddStringToObject(e, "customer", r->customer.text);
		cJSON_AddStringToObject(e, "due", cli_date(b, r->due));
		cJSON_AddItemToObject(e, "days_late",
		                      arnet_json_int(r->days_late));
		cJSON_AddItemToObject(e, "outstanding",
		                      arnet_json_int(r->outstanding));
		cJSON_AddItemToObject(e, "fee", arnet_json_int(r->fee));
		cJSON_AddItemToArray(rows, e);
	}
	cJSON_AddItemToObject(sec, "invoices", rows);
	cJSON_AddItemToObject(sec, "total", arnet_json_int(f->total));
	return sec;
}

static int
fee_build(arnet_txn *t, const report_opts *o, const char *cur, void *out,
          const void *arg, arnet_diag *d)
{
	const int64_t *rate = arg; /* numerator, denominator */
	return arnet_late_fee_report(t, o->day, cur, report_customer(o),
	                             rate[0], rate[1], out, d);
}

static void
fee_release(void *one)
{
	arnet_late_fee_free(one);
}

static const report_kind FEE = {.size = sizeof(arnet_late_fee),
                                .build = fee_build,
                                .json_head = fee_json_head,
                                .json_one = fee_json_one,
                                .cols = &CLI_COLS_LATE_FEE,
                                .sheet = "late-fee",
                                .currency = fee_currency,
                                .fill = fee_fill,
                                .title = fee_title,
                                .release = fee_release};

int
cmd_late_fee(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "late-fee";
	report_opts o = {0};
	const char *daily = NULL, *annual = NULL;
	const cli_opt extra[] = {CLI_OPT("customer", &o.customer),
	                         CLI_OPT("rate-bp-per-day", &daily),
	                         CLI_OPT("annual-rate-bp", &annual), CLI_END};
	int64_t num, den;
	long x = 0;
	int rv;

	if ((rv = report_parse(C, ctx, argc, argv, extra, &o)) != 0) {
		return rv;
	}
	if (daily != NULL && annual != NULL) {
		return cli_usage(C, "give a daily or an annual rate, not both");
	}
	num = ctx->cfg.books.late_fee_num;
	den = ctx->cfg.books.late_fee_den;
	/* A rate given replaces the configured one: basis points a day,
	 * or a year of 365 days. */
	const struct {
		const char *opt, *text;
		long max;
		int64_t den;
	} rates[] = {{"--rate-bp-per-day", daily, 10000, 10000},
	             {"--annual-rate-bp", annual, 100000, 10000 * 365}};
	for (int i = 0; i < 2; i++) {
		if (rates[i].text == NULL) {
			continue;
		}
		if ((rv = cli_arg_long(C, rates[i].opt, rates[i].text, 0,
		                       rates[i].max, &x)) != 0) {
			return rv;
		}
		num = x;
		den = rates[i].den;
	}
	const int64_t rate[2] = {num, den};
	return report_run(ctx, &o, &FEE, rate);
}
