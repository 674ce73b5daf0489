/*
 * cmd_reports.c - the reports of the receivables: `arnet aging`,
 * `late-fee`, `dso` and `top-overdue`: what is owed, how late, what the
 * lateness costs, how fast money comes in, and who to chase first.
 */
#include "arnet_reports.h"
#include "cli.h"

#include <stdio.h>
#include <string.h>

/* The options every books report shares. */
typedef struct report_opts {
	const char *as_of, *currency, *customer;
	int32_t day;
	char cur[4];
	arnet_ident id;
	int has_id;
} report_opts;

static int
report_args(const char *cmd, cli_ctx *ctx, report_opts *o)
{
	const arnet_config *cfg = cli_config(ctx);
	int rv;
	if (cfg == NULL) {
		return EXIT_ERR;
	}
	memcpy(o->cur, cfg->books.currency, 4);
	if ((rv = cli_as_of(cmd, o->as_of, &o->day)) != 0 ||
	    (o->currency != NULL &&
	     (rv = cli_arg_currency(cmd, "--currency", o->currency, o->cur)) !=
	             0) ||
	    (o->customer != NULL &&
	     (rv = cli_arg_ident(cmd, "--customer", o->customer, &o->id)) !=
	             0)) {
		return rv;
	}
	o->has_id = o->customer != NULL;
	return EXIT_OK;
}

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

typedef struct fee_job {
	report_opts *o;
	int64_t num, den;
	arnet_late_fee f;
} fee_job;

static int
fee_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	fee_job *j = arg;
	return arnet_late_fee_report(t, j->o->day, j->o->cur,
	                             j->o->has_id ? &j->o->id : NULL, j->num,
	                             j->den, &j->f, d);
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
	                        CLI_END};
	fee_job j = {.o = &o};
	char b1[40], b2[40], b3[40];
	long x = 0;
	int rv;

	if ((rv = cli_args(C, argc, argv, 1, opts, NULL, 0, 0, NULL)) != 0 ||
	    (rv = report_args(C, ctx, &o)) != 0) {
		return rv;
	}
	if (daily != NULL && annual != NULL) {
		return cli_usage(C, "give a daily or an annual rate, not both");
	}
	j.num = ctx->cfg.books.late_fee_num;
	j.den = ctx->cfg.books.late_fee_den;
	if (daily != NULL) {
		if ((rv = cli_arg_long(C, "--rate-bp-per-day", daily, 0, 10000,
		                       &x)) != 0) {
			return rv;
		}
		j.num = x;
		j.den = 10000;
	}
	if (annual != NULL) {
		if ((rv = cli_arg_long(C, "--annual-rate-bp", annual, 0, 100000,
		                       &x)) != 0) {
			return rv;
		}
		j.num = x;
		j.den = 3650000;
	}
	if ((rv = cli_read(ctx, fee_txn, &j)) != EXIT_OK) {
		return rv;
	}
	const arnet_late_fee *f = &j.f;
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
		arnet_late_fee_free(&j.f);
		return cli_print_json(out);
	}
	printf("late fees in %s as of %s, at %lld/%lld of the overdue "
	       "principal a day\n\n",
	       f->currency, cli_date(b1, f->as_of), (long long)f->rate_num,
	       (long long)f->rate_den);
	printf("%-16s %-28s %-10s %9s %16s %14s\n", "invoice", "customer",
	       "due", "days late", "outstanding", "fee");
	for (size_t i = 0; i < f->nrows; i++) {
		const arnet_late_fee_row *r = &f->rows[i];
		printf("%-16s %-28s %-10s %9d %16s %14s\n", r->number,
		       r->customer.text, cli_date(b1, r->due), r->days_late,
		       cli_money(b2, r->outstanding, f->currency),
		       cli_money(b3, r->fee, f->currency));
	}
	printf("%-16s %-28s %-10s %9s %16s %14s\n", "total", "", "", "", "",
	       cli_money(b1, f->total, f->currency));
	arnet_late_fee_free(&j.f);
	return EXIT_OK;
}

typedef struct dso_job {
	report_opts *o;
	int days;
	arnet_dso r;
} dso_job;

static int
dso_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	dso_job *j = arg;
	return arnet_dso_build(t, j->o->day, j->days, j->o->cur, &j->r, d);
}

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
	dso_job j = {.o = &o, .days = 90};
	char b1[40], b2[40];
	long x = 0;
	int rv;

	if ((rv = cli_args("dso", argc, argv, 1, opts, NULL, 0, 0, NULL)) !=
	            0 ||
	    (rv = report_args("dso", ctx, &o)) != 0 ||
	    (days != NULL &&
	     (rv = cli_arg_long("dso", "--days", days, 1, 3660, &x)) != 0)) {
		return rv;
	}
	if (days != NULL) {
		j.days = (int)x;
	}
	if ((rv = cli_read(ctx, dso_txn, &j)) != EXIT_OK) {
		return rv;
	}
	const arnet_dso *r = &j.r;
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
