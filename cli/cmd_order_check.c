/*
 * cmd_order_check.c - `arnet order-check ID AMOUNT`: allow, warn or hold
 * an order on credit, from the firm's own books and the shared log.
 *
 * order-check exit codes (docs/cli.md): 0 allow, 3 warn, 4 hold; 1 and 2
 * as every command.
 */
#include "arnet_check.h"
#include "arnet_reports.h"
#include "arnet_roster_store.h"
#include "arnet_order_check.h"
#include "cli.h"

#include <sodium.h>

static const char *const DECISION[] = {"allow", "warn", "hold"};

const char *
cli_order_decision(int decision)
{
	return DECISION[decision];
}

cJSON *
cli_owed_json(const arnet_order_owed *w)
{
	cJSON *e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "currency", w->currency);
	cJSON_AddItemToObject(e, "balance", arnet_json_int(w->balance));
	cJSON_AddItemToObject(e, "overdue", arnet_json_int(w->overdue));
	cJSON_AddItemToObject(e, "unapplied", arnet_json_int(w->unapplied));
	cJSON_AddItemToObject(e, "overdue_beyond_hold",
	                      arnet_json_int(w->overdue_beyond));
	cJSON_AddItemToObject(e, "oldest_days_past_due",
	                      arnet_json_int(w->oldest_dpd));
	cJSON_AddItemToObject(e, "written_off", arnet_json_int(w->written_off));
	return e;
}

static cJSON *
order_check_json(const arnet_order_check *r)
{
	char b1[40], hex[65];
	cJSON *o = cJSON_CreateObject(), *a = cJSON_CreateArray(),
	      *owed = cJSON_CreateArray();
	static const char *const WHY[] = {
	        "within",   "status",     "overdue",    "limit",   "near_limit",
	        "no_limit", "uncombined", "shared_log", "knockout"};
	cJSON_AddStringToObject(o, "customer", r->c.id.text);
	cJSON_AddStringToObject(o, "as_of", cli_date(b1, r->as_of));
	cJSON_AddStringToObject(o, "decision", DECISION[r->decision]);
	cJSON_AddStringToObject(o, "currency", r->c.currency);
	cJSON_AddItemToObject(o, "order", arnet_json_int(r->order));
	cJSON_AddItemToObject(o, "balance", arnet_json_int(r->owed[0].balance));
	cJSON_AddItemToObject(o, "unapplied",
	                      arnet_json_int(r->owed[0].unapplied));
	cJSON_AddItemToObject(o, "exposure", arnet_json_int(r->exposure));
	cJSON_AddBoolToObject(o, "exposure_complete", !r->uncombined);
	cJSON_AddItemToObject(o, "credit_limit",
	                      r->c.credit_limit == ARNET_NO_LIMIT
	                              ? cJSON_CreateNull()
	                              : arnet_json_int(r->c.credit_limit));
	cJSON_AddItemToObject(o, "oldest_days_past_due",
	                      arnet_json_int(r->oldest_dpd));
	for (size_t i = 0; i < r->nowed; i++) {
		cJSON_AddItemToArray(owed, cli_owed_json(&r->owed[i]));
	}
	cJSON_AddItemToObject(o, "owed", owed);
	if (r->fx_date != 0) {
		cJSON_AddStringToObject(o, "fx_date", cli_date(b1, r->fx_date));
	}
	for (int i = 0; i < r->nreasons; i++) {
		const arnet_order_reason *x = &r->reasons[i];
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "decision", DECISION[x->decision]);
		cJSON_AddStringToObject(e, "kind", WHY[x->why]);
		cJSON_AddStringToObject(e, "text", x->text);
		if (!sodium_is_zero(x->record, 32)) {
			sodium_bin2hex(hex, sizeof(hex), x->record, 32);
			cJSON_AddStringToObject(e, "record", hex);
		}
		cJSON_AddItemToArray(a, e);
	}
	cJSON_AddItemToObject(o, "reasons", a);
	return o;
}

int
cmd_order_check(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "order-check";
	const char *as_of = NULL, *pos[2];
	const cli_opt opts[] = {CLI_OPT("as-of", &as_of), CLI_END};
	const arnet_config *cfg;
	arnet_ident id;
	int32_t day;
	arnet_customer c;
	int64_t amount;
	const arnet_roster *roster;
	arnet_order_check oc;
	arnet_txn *t;
	arnet_diag d;
	char b1[40], b2[40], b3[40];
	int rv;

	if ((rv = cli_args(C, argc, argv, 1, opts, pos, 2, 2, NULL)) != 0 ||
	    (rv = cli_arg_ident(C, "ID", pos[0], &id)) != 0 ||
	    (rv = cli_as_of(C, as_of, &day)) != 0) {
		return rv;
	}
	if ((cfg = cli_config(ctx)) == NULL) {
		return EXIT_ERR;
	}
	/* The amount is in the customer's currency. */
	if ((rv = cli_customer(ctx, &id, &c)) != EXIT_OK) {
		return rv;
	}
	if (arnet_money_parse(&amount, pos[1], c.currency, &d) != ARNET_OK) {
		return cli_usage(C, "AMOUNT: %s", d.msg);
	}
	if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = cli_roster(ctx, &roster)) != EXIT_OK ||
	    (rv = cli_ok(arnet_order_check_run(t, &id, amount, day, &cfg->check,
	                                       roster, &oc, &d),
	                 &d)) != EXIT_OK) {
		return rv;
	}
	const arnet_order_check *r = &oc;
	const char *cur = r->c.currency;
	if (ctx->json) {
		rv = cli_print_json(order_check_json(r));
	} else {
		printf("%s: %s an order of %s %s for %s (%s)\n",
		       r->decision == ARNET_ORDER_HOLD   ? "HOLD"
		       : r->decision == ARNET_ORDER_WARN ? "WARN"
		                                         : "ALLOW",
		       DECISION[r->decision], cli_money(b1, r->order, cur), cur,
		       r->c.name, r->c.id.text);
		for (int i = 0; i < r->nreasons; i++) {
			printf("  - %s\n", r->reasons[i].text);
		}
		for (size_t i = 0; i < r->nowed; i++) {
			const arnet_order_owed *w = &r->owed[i];
			if (i > 0 && w->balance == 0 && w->unapplied == 0 &&
			    w->written_off == 0) {
				continue;
			}
			printf("  %s: balance %s, unapplied credit %s",
			       w->currency,
			       cli_money(b1, w->balance, w->currency),
			       cli_money(b2, w->unapplied, w->currency));
			if (w->written_off != 0) {
				/* a loss the credit check weighs; not owed */
				printf(", written off %s",
				       cli_money(b1, w->written_off,
				                 w->currency));
			}
			printf("\n");
		}
		if (r->fx_date != 0) {
			printf("  other currencies converted at the [fx] rates "
			       "of "
			       "%s\n",
			       cli_date(b3, r->fx_date));
		}
		printf("  as of %s\n", cli_date(b3, r->as_of));
		if (roster == NULL) {
			printf("  warning: this node has no roster: the shared "
			       "log "
			       "was not read\n");
		}
	}
	if (rv != EXIT_OK) {
		return rv;
	}
	return r->decision == ARNET_ORDER_HOLD   ? EXIT_HOLD
	       : r->decision == ARNET_ORDER_WARN ? EXIT_WARN
	                                         : EXIT_OK;
}
