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
#include <string.h>

/* What the printing of the sections needs. */
typedef struct aging_print {
	const arnet_aging *v; /* one a currency */
	const cli_out *o;
	const char *converted; /* a note on the conversion, or NULL */
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
aging_json(const arnet_aging *v, size_t n, cJSON *converted)
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
	if (converted != NULL) {
		cJSON_AddItemToObject(out, "converted", converted);
	}
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
	if (p->converted != NULL) {
		printf("\n%s\n", p->converted);
	}
	if (a->totals.unapplied > 0) {
		printf(p->o->zh ? "\n未核销收款（未对应到发票）：%s %s\n"
		                : "\nunapplied credit (payments not matched to "
		                  "an invoice): %s %s\n",
		       cli_money(b, a->totals.unapplied, a->currency),
		       a->currency);
	}
}

static int
aging_tables(const arnet_aging *v, size_t n, const cli_out *o,
             const char *converted)
{
	cli_aging_labels lb;
	cli_columns cols = cli_aging_columns(&lb, &v[0].bands);
	aging_print p = {v, o, converted};
	report_table rt = {cols.v,      cols.n,         "aging",
	                   n,           aging_currency, aging_fill,
	                   aging_title, aging_after,    &p};
	return report_print(&rt, o);
}

/*
 * --reporting-currency: every section converted at the [fx] rates into
 * one, printed as the only section, with what was converted said beside
 * it (JSON: "converted": {to, fx_date, from}).
 */
static int
aging_converted(cli_ctx *ctx, const arnet_aging *v, size_t n, const char *to,
                const cli_out *o)
{
	const arnet_fx *fx = &ctx->cfg.check.fx;
	arnet_aging one;
	arnet_diag d;
	char b[40], from[ARNET_REPORT_CURRENCIES_MAX * 4 + 1] = "";
	int rv = cli_ok(arnet_aging_convert(v, n, fx, to, &one, &d), &d);
	if (rv != EXIT_OK) {
		return rv;
	}
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].currency, to) != 0) {
			snprintf(from + strlen(from),
			         sizeof(from) - strlen(from), "%s%s",
			         from[0] != '\0' ? ", " : "", v[i].currency);
		}
	}
	if (ctx->json) {
		cJSON *c = cJSON_CreateObject(), *f = cJSON_CreateArray();
		cJSON_AddStringToObject(c, "to", to);
		cJSON_AddStringToObject(c, "fx_date", cli_date(b, fx->date));
		for (size_t i = 0; i < n; i++) {
			cJSON_AddItemToArray(f,
			                     cJSON_CreateString(v[i].currency));
		}
		cJSON_AddItemToObject(c, "from", f);
		rv = aging_json(&one, 1, c);
	} else {
		char note[300];
		snprintf(
		        note, sizeof(note),
		        o->zh ? "以上金额由 %s 按 %s 的 [fx] 汇率折算为 %s"
		              : "amounts in %1$s converted to %3$s at the [fx] "
		                "rates of %2$s",
		        from, cli_date(b, fx->date), to);
		rv = aging_tables(&one, 1, o, from[0] != '\0' ? note : NULL);
	}
	arnet_aging_free(&one);
	return rv;
}

int
cmd_aging(cli_ctx *ctx, int argc, char **argv)
{
	report_opts o = {0};
	const char *to_text = NULL;
	char to[4];
	const cli_opt extra[] = {
	        CLI_OPT("customer", &o.customer), CLI_OPT("basis", &o.basis),
	        CLI_OPT("bands", &o.bands),
	        CLI_OPT("reporting-currency", &to_text), CLI_END};
	arnet_currencies curs;
	arnet_aging *v;
	arnet_txn *t;
	arnet_diag d;
	size_t n = 0;
	int rv;

	if ((rv = report_parse("aging", ctx, argc, argv, extra, &o)) != 0 ||
	    (to_text != NULL &&
	     (rv = cli_arg_currency("aging", "--reporting-currency", to_text,
	                            to)) != 0) ||
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
	if (rv == EXIT_OK && to_text != NULL) {
		rv = aging_converted(ctx, v, n, to, &o.out);
	} else if (rv == EXIT_OK) {
		rv = ctx->json ? aging_json(v, n, NULL)
		               : aging_tables(v, n, &o.out, NULL);
	}
	for (size_t i = 0; i < n; i++) {
		arnet_aging_free(&v[i]);
	}
	free(v);
	return rv;
}
