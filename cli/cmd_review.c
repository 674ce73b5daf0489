/*
 * cmd_review.c - `arnet review`: credit limit and terms suggestions from
 * each customer's payment record.
 */
#include "arnet_reports.h"
#include "cli.h"

#include <stdio.h>

typedef struct review_job {
	int32_t as_of;
	const arnet_books_policy *pol;
	arnet_review r;
} review_job;

static int
review_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	review_job *j = arg;
	return arnet_review_build(t, j->as_of, j->pol, &j->r, d);
}

static const char *
limit_text(char *buf, int64_t v, const char *cur)
{
	return v == ARNET_NO_LIMIT ? "none" : cli_money(buf, v, cur);
}

int
cmd_review(cli_ctx *ctx, int argc, char **argv)
{
	const char *as_of = NULL;
	const cli_opt opts[] = {CLI_OPT("as-of", &as_of), CLI_END};
	const arnet_config *cfg;
	review_job j = {0};
	char b1[40], b2[40];
	int rv;

	if ((rv = cli_args("review", argc, argv, 1, opts, NULL, 0, 0, NULL)) !=
	            0 ||
	    (rv = cli_as_of("review", as_of, &j.as_of)) != 0) {
		return rv;
	}
	if ((cfg = cli_config(ctx)) == NULL) {
		return EXIT_ERR;
	}
	j.pol = &cfg->books;
	if ((rv = cli_read(ctx, review_txn, &j)) != EXIT_OK) {
		return rv;
	}
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject(), *a = cJSON_CreateArray();
		cJSON_AddStringToObject(o, "as_of", cli_date(b1, j.as_of));
		for (size_t i = 0; i < j.r.n; i++) {
			const arnet_review_item *it = &j.r.v[i];
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
		arnet_review_free(&j.r);
		return cli_print_json(o);
	}
	printf("credit limit review as of %s: %zu suggestions\n\n",
	       cli_date(b1, j.as_of), j.r.n);
	for (size_t i = 0; i < j.r.n; i++) {
		const arnet_review_item *it = &j.r.v[i];
		const char *cur = it->c.currency;
		printf("%s %s (%s)\n  limit %s -> %s %s, terms %u -> %d days: "
		       "%s\n",
		       it->kind == ARNET_REVIEW_RAISE ? "RAISE" : "CUT  ",
		       it->c.id.text, it->c.name,
		       limit_text(b1, it->c.credit_limit, cur),
		       limit_text(b2, it->new_limit, cur), cur,
		       it->c.terms_days, it->new_terms, it->reason);
	}
	if (j.r.n > 0) {
		printf("\nthese are suggestions; apply one with: arnet "
		       "customer "
		       "set ID --limit AMOUNT --terms DAYS\n");
	}
	arnet_review_free(&j.r);
	return EXIT_OK;
}
