/*
 * cmd_late_fee.c - `arnet late-fee`: what the lateness of overdue
 * invoices costs, at a daily or annual rate.
 */
#include "arnet_reports.h"
#include "cli.h"
#include "columns.h"
#include "report_opts.h"

#include <stdio.h>

static int
fee_table(const arnet_late_fee *f, const cli_out *o)
{
	char b[40], title[240];
	cli_table *t = CLI_TABLE(CLI_COLS_LATE_FEE, f->currency);
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
	cli_table_text(t, o->zh ? "合计" : "total");
	cli_table_text(t, "");
	cli_table_blank(t);
	cli_table_blank(t);
	cli_table_blank(t);
	cli_table_money(t, f->total);
	snprintf(title, sizeof(title),
	         o->zh ? "逾期滞纳金（%s，截至 %s，每日按逾期本金的 "
	                 "%lld/%lld 计）"
	               : "late fees in %s as of %s, at %lld/%lld of the "
	                 "overdue principal a day",
	         f->currency, cli_date(b, f->as_of), (long long)f->rate_num,
	         (long long)f->rate_den);
	int rv = cli_table_print(t, o, "late-fee", title);
	cli_table_free(t);
	return rv;
}

int
cmd_late_fee(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "late-fee";
	report_opts o = {0};
	const char *daily = NULL, *annual = NULL;
	const cli_opt opts[] = {CLI_OPT("as-of", &o.as_of),
	                        CLI_OPT("currency", &o.currency),
	                        CLI_OPT("customer", &o.customer),
	                        CLI_OPT("rate-bp-per-day", &daily),
	                        CLI_OPT("annual-rate-bp", &annual),
	                        CLI_OUT_OPTS(o.out),
	                        CLI_END};
	int64_t num, den;
	arnet_late_fee fee;
	arnet_txn *t;
	arnet_diag d;
	char b1[40];
	long x = 0;
	int rv;

	if ((rv = cli_args(C, argc, argv, 1, opts, NULL, 0, 0, NULL)) != 0 ||
	    (rv = report_args(C, ctx, &o)) != 0) {
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
	if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = cli_ok(arnet_late_fee_report(t, o.day, o.cur,
	                                       report_customer(&o), num, den,
	                                       &fee, &d),
	                 &d)) != EXIT_OK) {
		return rv;
	}
	const arnet_late_fee *f = &fee;
	if (ctx->json) {
		cJSON *out = cJSON_CreateObject(), *rows = cJSON_CreateArray();
		cJSON_AddStringToObject(out, "as_of", cli_date(b1, f->as_of));
		cJSON_AddStringToObject(out, "currency", f->currency);
		cJSON_AddItemToObject(out, "rate_per_day_numerator",
		                      arnet_json_int(f->rate_num));
		cJSON_AddItemToObject(out, "rate_per_day_denominator",
		                      arnet_json_int(f->rate_den));
		for (size_t i = 0; i < f->nrows; i++) {
			const arnet_late_fee_row *r = &f->rows[i];
			cJSON *e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "number", r->number);
			cJSON_AddStringToObject(e, "customer",
			                        r->customer.text);
			cJSON_AddStringToObject(e, "due", cli_date(b1, r->due));
			cJSON_AddItemToObject(e, "days_late",
			                      arnet_json_int(r->days_late));
			cJSON_AddItemToObject(e, "outstanding",
			                      arnet_json_int(r->outstanding));
			cJSON_AddItemToObject(e, "fee", arnet_json_int(r->fee));
			cJSON_AddItemToArray(rows, e);
		}
		cJSON_AddItemToObject(out, "invoices", rows);
		cJSON_AddItemToObject(out, "total", arnet_json_int(f->total));
		arnet_late_fee_free(&fee);
		return cli_print_json(out);
	}
	rv = fee_table(f, &o.out);
	arnet_late_fee_free(&fee);
	return rv;
}
