/*
 * cmd_dso.c - `arnet dso`: days sales outstanding and the collection
 * rate over a window: how fast money comes in.
 */
#include "arnet_reports.h"
#include "cli.h"
#include "report_opts.h"

#include <stdio.h>

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

int
cmd_dso(cli_ctx *ctx, int argc, char **argv)
{
	report_opts o = {0};
	const char *days = NULL;
	const cli_opt opts[] = {CLI_OPT("as-of", &o.as_of),
	                        CLI_OPT("currency", &o.currency),
	                        CLI_OPT("days", &days), CLI_END};
	arnet_dso dso;
	arnet_txn *t;
	arnet_diag d;
	char b1[40], b2[40];
	long x = 90;
	int rv;

	if ((rv = cli_args("dso", argc, argv, 1, opts, NULL, 0, 0, NULL)) !=
	            0 ||
	    (rv = report_args("dso", ctx, &o)) != 0 ||
	    (days != NULL &&
	     (rv = cli_arg_long("dso", "--days", days, 1, 3660, &x)) != 0)) {
		return rv;
	}
	if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = cli_ok(arnet_dso_build(t, o.day, (int)x, o.cur, &dso, &d),
	                 &d)) != EXIT_OK) {
		return rv;
	}
	const arnet_dso *r = &dso;
	if (ctx->json) {
		cJSON *out = cJSON_CreateObject();
		cJSON_AddStringToObject(out, "as_of", cli_date(b1, r->as_of));
		cJSON_AddItemToObject(out, "days", arnet_json_int(r->days));
		cJSON_AddStringToObject(out, "currency", r->currency);
		cJSON_AddItemToObject(out, "receivables",
		                      arnet_json_int(r->receivables));
		cJSON_AddItemToObject(out, "sales", arnet_json_int(r->sales));
		cJSON_AddItemToObject(out, "opening",
		                      arnet_json_int(r->opening));
		cJSON_AddItemToObject(out, "collected",
		                      arnet_json_int(r->collected));
		cJSON_AddItemToObject(
		        out, "dso_centidays",
		        r->dso_centidays < 0
		                ? cJSON_CreateNull()
		                : arnet_json_int(r->dso_centidays));
		cJSON_AddItemToObject(
		        out, "collection_rate_bp",
		        r->collection_bp < 0
		                ? cJSON_CreateNull()
		                : arnet_json_int(r->collection_bp));
		return cli_print_json(out);
	}
	printf("%d days to %s, %s\n", r->days, cli_date(b1, r->as_of),
	       r->currency);
	printf("%-28s %s\n", "receivables at the end",
	       cli_money(b1, r->receivables, r->currency));
	printf("%-28s %s\n", "receivables at the start",
	       cli_money(b1, r->opening, r->currency));
	printf("%-28s %s\n", "credit sales in the period",
	       cli_money(b1, r->sales, r->currency));
	printf("%-28s %s\n", "collected in the period",
	       cli_money(b1, r->collected, r->currency));
	printf("%-28s %s days\n", "DSO", hundredths(b1, r->dso_centidays));
	printf("%-28s %s%%\n", "collection rate",
	       hundredths(b2, r->collection_bp));
	return EXIT_OK;
}
