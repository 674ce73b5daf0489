/*
 * cmd_dso.c - `arnet dso`: days sales outstanding and the collection
 * rate over a window: how fast money comes in, a row per currency the
 * books hold (each currency's figures apart: a ratio of two currencies
 * added would mean nothing).
 */
#include "arnet_reports.h"
#include "cli.h"
#include "columns.h"
#include "report_opts.h"

#include <stdio.h>
#include <stdlib.h>

/* v in hundredths as "12.34" (or "n/a" for -1). */
static const char *
hundredths(char *buf, int64_t v)
{
	if (v < 0) {
		return "n/a";
	}
	snprintf(buf, 40, "%lld.%02lld", (long long)(v / 100),
	         (long long)(v % 100));
	return buf;
}

static cJSON *
dso_json_or_null(int64_t v)
{
	return v < 0 ? cJSON_CreateNull() : arnet_json_int(v);
}

static void
dso_json_head(cJSON *out, const void *first)
{
	const arnet_dso *r = first;
	char b[40];
	cJSON_AddStringToObject(out, "as_of", cli_date(b, r->as_of));
	cJSON_AddItemToObject(out, "days", arnet_json_int(r->days));
}

static cJSON *
dso_json_one(const void *one)
{
	const arnet_dso *r = one;
	cJSON *e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "currency", r->currency);
	cJSON_AddItemToObject(e, "receivables", arnet_json_int(r->receivables));
	cJSON_AddItemToObject(e, "sales", arnet_json_int(r->sales));
	cJSON_AddItemToObject(e, "opening", arnet_json_int(r->opening));
	cJSON_AddItemToObject(e, "collected", arnet_json_int(r->collected));
	cJSON_AddItemToObject(e, "dso_centidays",
	                      dso_json_or_null(r->dso_centidays));
	cJSON_AddItemToObject(e, "collection_rate_bp",
	                      dso_json_or_null(r->collection_bp));
	return e;
}

static int
dso_table(const void *all, size_t n, const report_opts *ro)
{
	const arnet_dso *v = all;
	const cli_out *o = &ro->out;
	char b[40], title[200];
	cli_table *t = CLI_TABLE(CLI_COLS_DSO, NULL);
	for (size_t i = 0; i < n; i++) {
		const arnet_dso *r = &v[i];
		cli_table_text(t, r->currency);
		cli_table_money_in(t, r->opening, r->currency);
		cli_table_money_in(t, r->sales, r->currency);
		cli_table_money_in(t, r->collected, r->currency);
		cli_table_money_in(t, r->receivables, r->currency);
		cli_table_label(t, hundredths(b, r->dso_centidays));
		cli_table_label(t, hundredths(b, r->collection_bp));
	}
	snprintf(title, sizeof(title),
	         o->zh ? "应收账款周转天数（DSO）与回款率：截至 %s 的 %d 天"
	               : "days sales outstanding and collection rate: %2$d "
	                 "days to %1$s",
	         cli_date(b, v[0].as_of), v[0].days);
	int rv = cli_table_print(t, o, "dso", title);
	cli_table_free(t);
	return rv;
}

static int
dso_build(arnet_txn *t, const report_opts *o, const char *cur, void *out,
          const void *arg, arnet_diag *d)
{
	const long *days = arg; /* --days */
	return arnet_dso_build(t, o->day, (int)*days, cur, out, d);
}

static const report_kind DSO = {.size = sizeof(arnet_dso),
                                .build = dso_build,
                                .json_head = dso_json_head,
                                .json_one = dso_json_one,
                                .text = dso_table};

int
cmd_dso(cli_ctx *ctx, int argc, char **argv)
{
	return report_run_n("dso", ctx, argc, argv, "days", 1, 3660, 90, &DSO);
}
