/*
 * cmd_check.c - `arnet check ID [--amount AMOUNT] [--currency CUR]
 * [--terms DAYS] [--json]`: should we extend credit to this prospect, how
 * much, on what terms, and why?
 *
 * Reads only the local store (the shared log as this node holds it, and
 * the firm's books): nothing leaves the node, and nobody learns who is
 * being checked. Exit codes: 0 grade A, 3 B, 4 C, 5 D (1 error, 2 usage).
 * It is a recommendation; the text says so.
 */
#include "arnet_check.h"
#include "arnet_roster_store.h"
#include "cli.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct check_job {
	arnet_ident id;
	int64_t amount;
	char currency[4];
	int terms;
	int64_t now;
	const arnet_check_policy *pol;
	arnet_check_result r;
	int has_roster;
} check_job;

static int
check_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	check_job *j = arg;
	arnet_roster roster;
	j->has_roster =
	        arnet_roster_current(t, &roster, NULL, NULL, NULL) == ARNET_OK;
	int rv = arnet_check_run(t, &j->id, j->amount, j->currency, j->terms,
	                         j->now, j->has_roster ? &roster : NULL, NULL,
	                         0, j->pol, &j->r, d);
	if (j->has_roster) {
		arnet_roster_free(&roster);
	}
	return rv;
}

static const char *const SOURCES[] = {NULL, "shared log", "trade reference",
                                      "own books"};

static cJSON *
result_json(const check_job *j)
{
	const arnet_check_result *r = &j->r;
	char hex[65], when[32];
	cJSON *o = cJSON_CreateObject(), *a = cJSON_CreateArray();
	cJSON_AddStringToObject(o, "subject", r->subject.text);
	cJSON_AddItemToObject(o, "score", arnet_json_int(r->score));
	char g[2] = {r->grade, '\0'};
	cJSON_AddStringToObject(o, "grade", g);
	cJSON_AddStringToObject(o, "currency", r->currency);
	cJSON_AddItemToObject(o, "requested", arnet_json_int(r->requested));
	cJSON_AddItemToObject(o, "recommended_limit", arnet_json_int(r->limit));
	cJSON_AddItemToObject(o, "recommended_terms_days",
	                      arnet_json_int(r->terms_days));
	cJSON_AddStringToObject(o, "advice", r->advice);
	for (int i = 0; i < r->nreasons; i++) {
		const arnet_check_reason *e = &r->reasons[i];
		cJSON *x = cJSON_CreateObject();
		cJSON_AddItemToObject(x, "points", arnet_json_int(e->points));
		cJSON_AddStringToObject(x, "source", SOURCES[e->source]);
		cJSON_AddStringToObject(x, "text", e->text);
		if (!sodium_is_zero(e->record, 32)) {
			sodium_bin2hex(hex, sizeof(hex), e->record, 32);
			cJSON_AddStringToObject(x, "record", hex);
		}
		cJSON_AddStringToObject(x, "dispute",
		                        e->disputed == 2   ? "open, unverified"
		                        : e->disputed == 1 ? "open"
		                                           : "none");
		cJSON_AddItemToArray(a, x);
	}
	cJSON_AddItemToObject(o, "reasons", a);
	cJSON *used = cJSON_CreateObject();
	cJSON_AddItemToObject(used, "log_records",
	                      arnet_json_int(r->log_records));
	cJSON_AddItemToObject(used, "members_reporting",
	                      arnet_json_int(r->members_reporting));
	cJSON_AddItemToObject(used, "trade_references",
	                      arnet_json_int(r->trade_refs));
	cJSON_AddBoolToObject(used, "own_books", r->own_customer);
	cJSON_AddBoolToObject(used, "roster", j->has_roster);
	if (r->last_sync > 0 &&
	    arnet_time_format(when, sizeof(when), r->last_sync) == ARNET_OK) {
		cJSON_AddStringToObject(used, "log_last_synced", when);
	} else {
		cJSON_AddNullToObject(used, "log_last_synced");
	}
	cJSON_AddItemToObject(o, "data_used", used);
	cJSON_AddStringToObject(o, "note",
	                        "a recommendation for a person to decide on");
	return o;
}

static void
result_text(const check_job *j)
{
	const arnet_check_result *r = &j->r;
	char m[40], when[32];
	printf("credit check of %s\n\n", r->subject.text);
	printf("score %d of 100, grade %c\n", r->score, r->grade);
	if (r->requested > 0) {
		printf("requested %s %s on %d days\n",
		       cli_money(m, r->requested, r->currency), r->currency,
		       j->terms > 0 ? j->terms : j->pol->default_terms);
	}
	printf("recommendation: %s", r->advice);
	if (r->grade <= 'B' && r->requested > 0) {
		printf("; limit %s %s, terms %d days",
		       cli_money(m, r->limit, r->currency), r->currency,
		       r->terms_days);
	} else if (r->grade <= 'B') {
		printf("; terms %d days", r->terms_days);
	}
	printf("\n\nwhy:\n");
	if (r->nreasons == 0) {
		printf("  nothing against it: no records in the shared log, no "
		       "history in our books\n");
	}
	for (int i = 0; i < r->nreasons; i++) {
		const arnet_check_reason *e = &r->reasons[i];
		printf("  %+4d  %-15s %s\n", e->points, SOURCES[e->source],
		       e->text);
	}
	printf("\ndata: %d records in the shared log (members reporting: %d), "
	       "%d trade references, %s\n",
	       r->log_records, r->members_reporting, r->trade_refs,
	       r->own_customer ? "our own books" : "not in our books");
	if (!j->has_roster) {
		printf("warning: this node has no roster: no record of the "
		       "shared log counted\n");
	}
	if (r->last_sync > 0 &&
	    arnet_time_format(when, sizeof(when), r->last_sync) == ARNET_OK) {
		printf("the shared log was last synced with the members at %s "
		       "(%lld minutes ago)\n",
		       when, (long long)((r->as_of - r->last_sync) / 60));
	} else {
		printf("the shared log has never been synced with the members "
		       "(is arnetd running?)\n");
	}
	printf("this is a recommendation for a person to decide on\n");
}

int
cmd_check(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "check";
	const char *amount = NULL, *cur = NULL, *terms = NULL, *as_of = NULL,
	           *pos[1];
	const cli_opt opts[] = {
	        CLI_OPT("amount", &amount), CLI_OPT("currency", &cur),
	        CLI_OPT("terms", &terms), CLI_OPT("as-of", &as_of), CLI_END};
	const arnet_config *cfg;
	check_job j;
	long x;
	int rv;

	memset(&j, 0, sizeof(j));
	if ((rv = cli_args(C, argc, argv, 1, opts, pos, 1, 1, NULL)) != 0 ||
	    (rv = cli_arg_ident(C, "ID", pos[0], &j.id)) != 0) {
		return rv;
	}
	if ((cfg = cli_config(ctx)) == NULL) {
		return EXIT_ERR;
	}
	memcpy(j.currency, cfg->books.currency, 4);
	if ((cur != NULL &&
	     (rv = cli_arg_currency(C, "--currency", cur, j.currency)) != 0) ||
	    (amount != NULL &&
	     (rv = cli_arg_money(C, "--amount", amount, j.currency,
	                         &j.amount)) != 0) ||
	    (terms != NULL &&
	     (rv = cli_arg_long(C, "--terms", terms, 0, 3660, &x)) != 0)) {
		return rv;
	}
	if (amount != NULL && j.amount < 0) {
		return cli_usage(C, "--amount must not be negative");
	}
	j.terms = terms != NULL ? (int)x : 0;
	j.now = (int64_t)time(NULL);
	if (as_of != NULL) {
		int32_t day;
		if ((rv = cli_arg_date(C, "--as-of", as_of, &day)) != 0) {
			return rv;
		}
		j.now = (int64_t)day * 86400 + 86399; /* the end of that day */
	}
	j.pol = &cfg->check;
	if ((rv = cli_read(ctx, check_txn, &j)) != EXIT_OK) {
		return rv;
	}
	if (ctx->json) {
		rv = cli_print_json(result_json(&j));
	} else {
		result_text(&j);
		rv = EXIT_OK;
	}
	if (rv != EXIT_OK) {
		return rv;
	}
	return j.r.grade == 'A'   ? EXIT_OK
	       : j.r.grade == 'B' ? 3
	       : j.r.grade == 'C' ? 4
	                          : 5;
}
