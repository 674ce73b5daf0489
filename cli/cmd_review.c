/*
 * cmd_review.c - `arnet review`: credit limit and terms suggestions from
 * each customer's payment record.
 */
#include "arnet_reports.h"
#include "cli.h"
#include "columns.h"
#include "table.h"

#include <stdio.h>

static void
limit_cell(cli_table *t, int64_t v, const char *cur, int zh)
{
	if (v == ARNET_NO_LIMIT) {
		cli_table_label(t, zh ? "无" : "none");
	} else {
		cli_table_money_in(t, v, cur);
	}
}

static int
review_table(const arnet_review *r, int32_t as_of, const cli_out *o)
{
	char b[40], title[160];
	cli_table *t = CLI_TABLE(CLI_COLS_REVIEW, NULL);
	for (size_t i = 0; i < r->n; i++) {
		const arnet_review_item *it = &r->v[i];
		int raise = it->kind == ARNET_REVIEW_RAISE;
		cli_table_text(t, o->zh ? (raise ? "提高" : "降低")
		                        : (raise ? "raise" : "cut"));
		cli_table_text(t, it->c.id.text);
		cli_table_text(t, it->c.name);
		limit_cell(t, it->c.credit_limit, it->c.currency, o->zh);
		limit_cell(t, it->new_limit, it->c.currency, o->zh);
		cli_table_text(t, it->c.currency);
		cli_table_int(t, it->c.terms_days);
		cli_table_int(t, it->new_terms);
		cli_table_text(t, it->reason);
	}
	snprintf(title, sizeof(title),
	         o->zh ? "信用额度复核（截至 %s）：%zu 条建议"
	               : "credit limit review as of %s: %zu suggestions",
	         cli_date(b, as_of), r->n);
	int rv = cli_table_print(t, o, "review", title);
	cli_table_free(t);
	if (rv == EXIT_OK && o->format == CLI_FMT_TEXT && r->n > 0) {
		printf(o->zh ? "\n以上仅为建议；采纳一条：arnet customer set "
		               "客户编码 --limit 金额 --terms 天数\n"
		             : "\nthese are suggestions; apply one with: arnet "
		               "customer set ID --limit AMOUNT --terms DAYS\n");
	}
	return rv;
}

int
cmd_review(cli_ctx *ctx, int argc, char **argv)
{
	const char *as_of = NULL;
	cli_out fmt = {0};
	const cli_opt opts[] = {CLI_OPT("as-of", &as_of), CLI_OUT_OPTS(fmt),
	                        CLI_END};
	const arnet_config *cfg;
	arnet_review r;
	int32_t as_of_day;
	arnet_txn *t;
	arnet_diag d;
	char b1[40];
	int rv;

	if ((rv = cli_args("review", argc, argv, 1, opts, NULL, 0, 0, NULL)) !=
	            0 ||
	    (rv = cli_out_parse("review", ctx, &fmt)) != 0 ||
	    (rv = cli_as_of("review", as_of, &as_of_day)) != 0) {
		return rv;
	}
	if ((cfg = cli_config(ctx)) == NULL) {
		return EXIT_ERR;
	}
	if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = cli_ok(arnet_review_build(t, as_of_day, &cfg->books, &r, &d),
	                 &d)) != EXIT_OK) {
		return rv;
	}
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject(), *a = cJSON_CreateArray();
		cJSON_AddStringToObject(o, "as_of", cli_date(b1, as_of_day));
		for (size_t i = 0; i < r.n; i++) {
			const arnet_review_item *it = &r.v[i];
			cJSON *e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "customer", it->c.id.text);
			cJSON_AddStringToObject(e, "name", it->c.name);
			cJSON_AddStringToObject(e, "suggestion",
			                        it->kind == ARNET_REVIEW_RAISE
			                                ? "raise"
			                                : "cut");
			cJSON_AddStringToObject(e, "currency", it->c.currency);
			cJSON_AddItemToObject(
			        e, "credit_limit",
			        it->c.credit_limit == ARNET_NO_LIMIT
			                ? cJSON_CreateNull()
			                : arnet_json_int(it->c.credit_limit));
			cJSON_AddItemToObject(
			        e, "new_credit_limit",
			        it->new_limit == ARNET_NO_LIMIT
			                ? cJSON_CreateNull()
			                : arnet_json_int(it->new_limit));
			cJSON_AddItemToObject(e, "terms_days",
			                      arnet_json_int(it->c.terms_days));
			cJSON_AddItemToObject(e, "new_terms_days",
			                      arnet_json_int(it->new_terms));
			cJSON_AddStringToObject(e, "reason", it->reason);
			cJSON_AddItemToArray(a, e);
		}
		cJSON_AddItemToObject(o, "suggestions", a);
		arnet_review_free(&r);
		return cli_print_json(o);
	}
	rv = review_table(&r, as_of_day, &fmt);
	arnet_review_free(&r);
	return rv;
}
