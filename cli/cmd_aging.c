/*
 * cmd_aging.c - `arnet aging`: what is owed, by age (days past due, or
 * since the invoice date, in the firm's bands), per customer and in all,
 * one section per currency the books hold.
 */
#include "arnet_reports.h"
#include "cli.h"
#include "columns.h"
#include "report_opts.h"

#include <stdio.h>
#include <stdlib.h>

/* What the printing of the sections needs. */
typedef struct aging_print {
	const arnet_aging *v; /* one a currency */
	const cli_out *o;
} aging_print;

static cJSON *
aging_row_json(const arnet_aging *a, const arnet_aging_row *r, int named)
{
	cJSON *o = cJSON_CreateObject();
	char label[32];
	if (named) {
		cJSON_AddStringToObject(o, "id", r->id.text);
		cJSON_AddStringToObject(o, "name", r->name);
	}
	for (int b = 0; b < a->nbuckets; b++) {
		arnet_aging_bucket_label(label, sizeof(label), &a->bands, b);
		cJSON_AddItemToObject(o, label, arnet_json_int(r->bucket[b]));
	}
	cJSON_AddItemToObject(o, "total", arnet_json_int(r->total));
	cJSON_AddItemToObject(o, "unapplied", arnet_json_int(r->unapplied));
	return o;
}

static int
aging_json(const arnet_aging *v, size_t n)
{
	cJSON *out = cJSON_CreateObject(), *bk = cJSON_CreateArray();
	cJSON *bands = cJSON_CreateArray(), *secs = cJSON_CreateArray();
	char b[40];
	cJSON_AddStringToObject(out, "as_of", cli_date(b, v[0].as_of));
	cJSON_AddStringToObject(
	        out, "basis",
	        v[0].bands.basis == ARNET_AGING_BY_DUE ? "due" : "invoice");
	for (int i = 0; i < v[0].bands.n; i++) {
		cJSON_AddItemToArray(bands, arnet_json_int(v[0].bands.upto[i]));
	}
	cJSON_AddItemToObject(out, "bands", bands);
	for (int i = 0; i < v[0].nbuckets; i++) {
		arnet_aging_bucket_label(b, sizeof(b), &v[0].bands, i);
		cJSON_AddItemToArray(bk, cJSON_CreateString(b));
	}
	cJSON_AddItemToObject(out, "buckets", bk);
	for (size_t k = 0; k < n; k++) {
		const arnet_aging *a = &v[k];
		cJSON *sec = cJSON_CreateObject(), *rows = cJSON_CreateArray();
		cJSON_AddStringToObject(sec, "currency", a->currency);
		for (size_t i = 0; i < a->nrows; i++) {
			cJSON_AddItemToArray(rows,
			                     aging_row_json(a, &a->rows[i], 1));
		}
		cJSON_AddItemToObject(sec, "customers", rows);
		cJSON_AddItemToObject(sec, "totals",
		                      aging_row_json(a, &a->totals, 0));
		cJSON_AddItemToArray(secs, sec);
	}
	cJSON_AddItemToObject(out, "by_currency", secs);
	return cli_print_json(out);
}

static void
aging_row(cli_table *t, const arnet_aging *a, const arnet_aging_row *r,
          const char *id, const char *name)
{
	cli_table_text(t, id);
	cli_table_text(t, name);
	for (int b = 0; b < a->nbuckets; b++) {
		cli_table_money(t, r->bucket[b]);
	}
	cli_table_money(t, r->total);
}

static const char *
aging_currency(size_t i, void *arg)
{
	return ((aging_print *)arg)->v[i].currency;
}

static void
aging_fill(cli_table *t, size_t i, void *arg)
{
	const aging_print *p = arg;
	const arnet_aging *a = &p->v[i];
	for (size_t r = 0; r < a->nrows; r++) {
		aging_row(t, a, &a->rows[r], a->rows[r].id.text,
		          a->rows[r].name);
	}
	cli_table_total(t);
	aging_row(t, a, &a->totals, p->o->zh ? "合计" : "total", "");
}

static void
aging_title(char *buf, size_t cap, size_t i, void *arg)
{
	const aging_print *p = arg;
	const arnet_aging *a = &p->v[i];
	int by_due = a->bands.basis == ARNET_AGING_BY_DUE;
	char b[40];
	if (p->o->zh) {
		snprintf(buf, cap, "应收账款账龄（%s，截至 %s，%s）",
		         a->currency, cli_date(b, a->as_of),
		         by_due ? "按逾期天数" : "按开票日起天数");
	} else {
		snprintf(buf, cap, "aging of receivables in %s as of %s (%s)",
		         a->currency, cli_date(b, a->as_of),
		         by_due ? "days past due" : "days since invoice date");
	}
}

static void
aging_after(size_t i, void *arg)
{
	const aging_print *p = arg;
	const arnet_aging *a = &p->v[i];
	char b[40];
	if (a->totals.unapplied > 0) {
		printf(p->o->zh ? "\n未核销收款（未对应到发票）：%s %s\n"
		                : "\nunapplied credit (payments not matched to "
		                  "an invoice): %s %s\n",
		       cli_money(b, a->totals.unapplied, a->currency),
		       a->currency);
	}
}

static int
aging_tables(const arnet_aging *v, size_t n, const cli_out *o)
{
	cli_aging_labels lb;
	cli_columns cols = cli_aging_columns(&lb, &v[0].bands);
	aging_print p = {v, o};
	report_table rt = {cols.v,      cols.n,         "aging",
	                   n,           aging_currency, aging_fill,
	                   aging_title, aging_after,    &p};
	return report_print(&rt, o);
}

int
cmd_aging(cli_ctx *ctx, int argc, char **argv)
{
	report_opts o = {0};
	const cli_opt opts[] = {CLI_OPT("as-of", &o.as_of),
	                        CLI_OPT("currency", &o.currency),
	                        CLI_OPT("customer", &o.customer),
	                        CLI_OPT("basis", &o.basis),
	                        CLI_OPT("bands", &o.bands),
	                        CLI_OUT_OPTS(o.out),
	                        CLI_END};
	arnet_currencies curs;
	arnet_aging *v;
	arnet_txn *t;
	arnet_diag d;
	size_t n = 0;
	int rv;

	if ((rv = cli_args("aging", argc, argv, 1, opts, NULL, 0, 0, NULL)) !=
	            0 ||
	    (rv = report_args("aging", ctx, &o)) != 0 ||
	    (rv = cli_txn(ctx, &t)) != 0 ||
	    (rv = report_currencies(t, &o, &curs)) != 0) {
		return rv;
	}
	if ((v = calloc(curs.n, sizeof(*v))) == NULL) {
		return cli_error("out of memory");
	}
	for (; n < curs.n; n++) {
		if ((rv = cli_ok(
		             arnet_aging_report(t, o.day, curs.v[n], &o.aging,
		                                report_customer(&o), &v[n], &d),
		             &d)) != 0) {
			break;
		}
	}
	if (rv == EXIT_OK) {
		rv = ctx->json ? aging_json(v, n) : aging_tables(v, n, &o.out);
	}
	for (size_t i = 0; i < n; i++) {
		arnet_aging_free(&v[i]);
	}
	free(v);
	return rv;
}
