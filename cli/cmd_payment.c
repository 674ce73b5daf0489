/*
 * cmd_payment.c - `arnet payment add`: one payment typed in by hand,
 * applied to its invoice or to the oldest open ones first, and refused
 * when it repeats one already held (unless --allow-duplicate); `arnet
 * payment reverse`: a bounced or returned payment undone from a date
 * (run and printed by cli_correct, cmd_credit_note.c).
 */
#include "arnet_reports.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct pay_job {
	arnet_payment p;
	int allow_duplicate;
	arnet_put_result res;
	cJSON *applied; /* [{invoice, amount}] */
} pay_job;

static int
pay_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	pay_job *j = arg;
	int rv = arnet_payment_add_unique(t, &j->p, NULL,
	                                  j->allow_duplicate ? 0 : UINT64_MAX,
	                                  NULL, &j->res, d);
	if (rv == ARNET_OK) {
		rv = cli_applied_scan(t, &j->p.customer, ARNET_ALLOC_PAYMENT,
		                      j->p.id, 0, &j->applied, d);
	}
	return rv;
}

static int
payment_reverse(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "payment";
	const char *date = NULL, *reason = NULL, *pos[1];
	const cli_opt opts[] = {
	        CLI_OPT("date", &date),
	        CLI_OPT("reason", &reason),
	        CLI_END,
	};
	cli_correction j = {.op = ARNET_CORR_REVERSAL};
	char *end;
	int rv;

	if ((rv = cli_args(C, argc, argv, 2, opts, pos, 1, 1, NULL)) != 0 ||
	    (rv = cli_correction_reason(C, reason, 1, &j)) != 0 ||
	    (rv = cli_as_of(C, date, &j.c.date)) != 0) {
		return rv;
	}
	unsigned long long id = strtoull(pos[0], &end, 10);
	if (pos[0][0] < '1' || pos[0][0] > '9' || *end != '\0') {
		return cli_usage(C, "payment id \"%s\" is not a number from 1",
		                 pos[0]);
	}
	j.c.payment = id;
	return cli_correct(ctx, &j);
}

int
cmd_payment(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "payment";
	const char *cust = NULL, *amount = NULL, *cur = NULL, *date = NULL,
	           *inv = NULL, *ref = NULL;
	pay_job j = {0};
	const cli_opt opts[] = {
	        CLI_NEED("customer", &cust),
	        CLI_NEED("amount", &amount),
	        CLI_OPT("currency", &cur),
	        CLI_NEED("date", &date),
	        CLI_OPT("invoice", &inv),
	        CLI_OPT("ref", &ref),
	        CLI_FLAG("allow-duplicate", &j.allow_duplicate),
	        CLI_END,
	};
	arnet_customer c = {0};
	char b1[40], b2[40];
	int rv;

	if (argc >= 2 && strcmp(argv[1], "reverse") == 0) {
		return payment_reverse(ctx, argc, argv);
	}
	if (argc < 2 || strcmp(argv[1], "add") != 0) {
		return cli_usage(C, "the subcommand is add or reverse");
	}
	if ((rv = cli_args(C, argc, argv, 2, opts, NULL, 0, 0, NULL)) != 0) {
		return rv;
	}
	if ((rv = cli_arg_texts(C, "--invoice or --ref", inv, j.p.invoice,
	                        sizeof(j.p.invoice), ref, j.p.reference,
	                        sizeof(j.p.reference))) != 0 ||
	    (rv = cli_arg_ident(C, "--customer", cust, &j.p.customer)) != 0 ||
	    (rv = cli_arg_date(C, "--date", date, &j.p.date)) != 0 ||
	    (cur != NULL && (rv = cli_arg_currency(C, "--currency", cur,
	                                           j.p.currency)) != 0)) {
		return rv;
	}
	if ((rv = cli_customer_amount(ctx, C, &j.p.customer, cur != NULL,
	                              j.p.currency, "--amount", amount,
	                              &j.p.amount, &c)) != 0) {
		return rv;
	}
	if ((rv = cli_write(ctx, 0, pay_txn, &j, 0)) != EXIT_OK) {
		cJSON_Delete(j.applied);
		return rv;
	}
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "id", arnet_json_int((int64_t)j.p.id));
		cJSON_AddStringToObject(o, "customer", j.p.customer.text);
		cJSON_AddStringToObject(o, "date", cli_date(b1, j.p.date));
		cJSON_AddItemToObject(o, "amount", arnet_json_int(j.p.amount));
		cJSON_AddStringToObject(o, "currency", j.p.currency);
		cJSON_AddItemToObject(o, "applied", j.applied);
		cJSON_AddItemToObject(o, "unapplied",
		                      arnet_json_int(j.p.unapplied));
		return cli_print_json(o);
	}
	printf("payment %llu from %s: %s %s on %s\n",
	       (unsigned long long)j.p.id, j.p.customer.text,
	       cli_money(b1, j.p.amount, j.p.currency), j.p.currency,
	       cli_date(b2, j.p.date));
	const cJSON *e;
	cJSON_ArrayForEach(e, j.applied)
	{
		const cJSON *amt = cJSON_GetObjectItem(e, "amount");
		printf("  applied %s to invoice %s\n",
		       cli_money(b1, strtoll(amt->valuestring, NULL, 10),
		                 j.p.currency),
		       cJSON_GetObjectItem(e, "invoice")->valuestring);
	}
	if (j.p.unapplied > 0) {
		printf("  unapplied credit %s %s\n",
		       cli_money(b1, j.p.unapplied, j.p.currency),
		       j.p.currency);
	}
	cJSON_Delete(j.applied);
	return EXIT_OK;
}
