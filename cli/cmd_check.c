/*
 * cmd_check.c - `arnet check ID [--amount AMOUNT] [--currency CUR]
 * [--terms DAYS] [--survey [--timeout-ms MS]] [--json]`: should we extend
 * credit to this prospect, how much, on what terms, and why?
 *
 * Without --survey it reads only the local store (the shared log as this
 * node holds it, and the firm's books): nothing leaves the node, and
 * nobody learns who is being checked. With --survey the running arnetd
 * asks every member for a trade reference (the members then know who
 * asked about whom: their audit logs say so) and the answers that came
 * before the deadline count too. Exit codes: 0 grade A, 3 B, 4 C, 5 D
 * (1 error, 2 usage). It is a recommendation; the text says so.
 */
#include "arnet_date.h"
#include "arnet_check.h"
#include "arnet_publish_rules.h"
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
	arnet_trade_ref *refs; /* from the survey */
	size_t nrefs;
	cJSON *survey; /* the daemon's reply, for the output */
} check_job;

static const char *const SOURCES[] = {NULL, "shared log", "payments",
                                      "own books", "policy"};
static const char *const BASIS[] = {NULL,           "request",   "experience",
                                    "new customer", "our limit", "none"};

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
	char sg[2] = {r->score_grade, '\0'}, ko[2] = {r->knockout, '\0'};
	cJSON_AddStringToObject(o, "score_grade", sg);
	if (r->knockout != 0) {
		cJSON_AddStringToObject(o, "knockout", ko);
	} else {
		cJSON_AddNullToObject(o, "knockout");
	}
	cJSON_AddBoolToObject(o, "thin_file", r->thin);
	cJSON_AddItemToObject(o, "recommended_limit", arnet_json_int(r->limit));
	cJSON_AddStringToObject(o, "limit_basis", BASIS[r->limit_basis]);
	cJSON_AddItemToObject(o, "limit_cap",
	                      r->cap < 0 ? cJSON_CreateNull()
	                                 : arnet_json_int(r->cap));
	cJSON_AddItemToObject(o, "requested_terms_days",
	                      arnet_json_int(r->terms_requested));
	cJSON_AddItemToObject(o, "recommended_terms_days",
	                      arnet_json_int(r->terms_days));
	cJSON_AddStringToObject(o, "advice", r->advice);
	if (r->order_decision >= 0) {
		cJSON_AddStringToObject(o, "order_check",
		                        cli_order_decision(r->order_decision));
	} else {
		cJSON_AddNullToObject(o, "order_check");
	}
	for (int i = 0; i < r->nreasons; i++) {
		const arnet_check_reason *e = &r->reasons[i];
		cJSON *x = cJSON_CreateObject();
		cJSON_AddItemToObject(x, "points", arnet_json_int(e->points));
		cJSON_AddStringToObject(x, "source", SOURCES[e->source]);
		cJSON_AddStringToObject(x, "factor", e->factor);
		if (e->knockout != 0) {
			char k[2] = {e->knockout, '\0'};
			cJSON_AddStringToObject(x, "knockout", k);
		}
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
	cJSON_AddItemToObject(used, "log_counted",
	                      arnet_json_int(r->log_counted));
	cJSON_AddBoolToObject(used, "own_books", r->own_customer);
	cJSON_AddBoolToObject(used, "natural_person", r->individual);
	cJSON_AddBoolToObject(used, "currencies_uncombined", r->uncombined);
	if (r->fx_date != 0) {
		cJSON_AddStringToObject(used, "fx_date",
		                        cli_date(when, r->fx_date));
	} else {
		cJSON_AddNullToObject(used, "fx_date");
	}
	cJSON_AddBoolToObject(used, "roster", j->has_roster);
	if (r->last_sync > 0 &&
	    arnet_time_format(when, sizeof(when), r->last_sync) == ARNET_OK) {
		cJSON_AddStringToObject(used, "log_last_synced", when);
	} else {
		cJSON_AddNullToObject(used, "log_last_synced");
	}
	cJSON_AddItemToObject(o, "data_used", used);
	if (j->survey != NULL) {
		cJSON *sv = cJSON_CreateObject();
		cJSON_AddItemToObject(
		        sv, "asked",
		        cJSON_Duplicate(cJSON_GetObjectItem(j->survey, "asked"),
		                        1));
		cJSON_AddItemToObject(
		        sv, "timeout_ms",
		        cJSON_Duplicate(
		                cJSON_GetObjectItem(j->survey, "timeout_ms"),
		                1));
		cJSON_AddItemToObject(sv, "days_beyond_terms",
		                      arnet_json_int(r->trade_dbt));
		cJSON_AddItemToObject(
		        sv, "answers",
		        cJSON_Duplicate(
		                cJSON_GetObjectItem(j->survey, "answers"), 1));
		cJSON_AddItemToObject(o, "trade_references", sv);
	}
	cJSON_AddStringToObject(o, "note",
	                        "a recommendation for a person to decide on");
	cJSON_AddStringToObject(o, "credit_stops", ARNET_CREDIT_STOP_NOTICE);
	return o;
}

static void
survey_text(const check_job *j)
{
	char m[4][40];
	const cJSON *e;
	printf("\ntrade references: %d of %lld members asked answered "
	       "within %lld ms",
	       (int)j->nrefs,
	       (long long)cJSON_GetNumberValue(
	               cJSON_GetObjectItem(j->survey, "asked")),
	       (long long)cJSON_GetNumberValue(
	               cJSON_GetObjectItem(j->survey, "timeout_ms")));
	if (j->r.trade_counted > 0) {
		printf("; %d days beyond terms (PAYDEX-style, %d counted)",
		       j->r.trade_dbt, j->r.trade_counted);
	}
	printf("\n");
	for (size_t i = 0; i < j->nrefs; i++) {
		const arnet_trade_ref *t = &j->refs[i];
		e = cJSON_GetArrayItem(
		        cJSON_GetObjectItem(j->survey, "answers"), (int)i);
		char since[16], last[16];
		(void)arnet_date_format(since, sizeof(since), t->since);
		(void)arnet_date_format(last, sizeof(last), t->last_sale);
		printf("  %s (%s): customer since %s, last sale %s\n",
		       t->member_id,
		       cJSON_GetStringValue(cJSON_GetObjectItem(e, "name")),
		       since, last);
		printf("      high credit %s, balance %s %s, %d days beyond "
		       "terms\n",
		       cli_money(m[0], t->high_credit, t->currency),
		       cli_money(m[1], t->balance, t->currency), t->currency,
		       t->dbt);
		printf("      past due 1-30 %s, 31-60 %s, ",
		       cli_money(m[0], t->past_due[0], t->currency),
		       cli_money(m[1], t->past_due[1], t->currency));
		printf("61-90 %s, over 90 %s\n",
		       cli_money(m[2], t->past_due[2], t->currency),
		       cli_money(m[3], t->past_due[3], t->currency));
	}
}

static void
result_text(const check_job *j)
{
	const arnet_check_result *r = &j->r;
	char m[40], when[32];
	printf("credit check of %s\n\n", r->subject.text);
	printf("score %d of 100, grade %c", r->score, r->grade);
	if (r->knockout != 0 && r->knockout > r->score_grade) {
		printf(" (the score alone gives %c; a knock-out allows %c at "
		       "best)",
		       r->score_grade, r->knockout);
	}
	if (r->thin && r->grade <= 'B') {
		printf(" (a new customer: no payment experience with it)");
	}
	printf("\n");
	if (r->requested > 0) {
		printf("requested %s %s on %d days\n",
		       cli_money(m, r->requested, r->currency), r->currency,
		       r->terms_requested);
	}
	printf("recommendation: %s", r->advice);
	if (r->limit > 0) {
		printf("\n  limit %s %s, terms %d days",
		       cli_money(m, r->limit, r->currency), r->currency,
		       r->terms_days);
	}
	if (r->order_decision >= 0) {
		printf("\n  our order check: %s",
		       cli_order_decision(r->order_decision));
	}
	printf("\n\nwhy:\n");
	if (r->nreasons == 0) {
		printf("  nothing against it: no records in the shared log, no "
		       "history in our books\n");
	}
	for (int i = 0; i < r->nreasons; i++) {
		const arnet_check_reason *e = &r->reasons[i];
		if (e->knockout != 0) {
			printf("  KO %c  %-10s %s\n", e->knockout,
			       SOURCES[e->source], e->text);
		} else {
			printf("  %+4d  %-10s %s\n", e->points,
			       SOURCES[e->source], e->text);
		}
	}
	if (j->survey != NULL) {
		survey_text(j);
	}
	printf("\ndata: %d records in the shared log (%d counted, members "
	       "reporting: %d), %d trade references, %s\n",
	       r->log_records, r->log_counted, r->members_reporting,
	       r->trade_refs,
	       r->own_customer ? "our own books" : "not in our books");
	if (r->fx_date != 0) {
		printf("amounts in other currencies converted at the [fx] "
		       "rates "
		       "of %s\n",
		       cli_date(when, r->fx_date));
	}
	if (r->uncombined) {
		printf("some amounts are in currencies no [fx] rate converts: "
		       "they were not combined (see the reasons)\n");
	}
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
	printf("this is a recommendation for a person to decide on; %s\n",
	       ARNET_CREDIT_STOP_NOTICE);
}

/* An amount of an answer (0..2^53-1, checked by the daemon already);
 * key NULL: e itself. */
static int64_t
amount_of(const cJSON *e, const char *key)
{
	const cJSON *v = key != NULL ? cJSON_GetObjectItem(e, key) : e;
	return cJSON_IsNumber(v) ? (int64_t)v->valuedouble : 0;
}

/* Ask the running arnetd to survey the members about j->id. */
static int
run_survey(cli_ctx *ctx, check_job *j, int timeout_ms)
{
	cJSON *req = cJSON_CreateObject();
	cJSON_AddStringToObject(req, "op", "survey");
	cJSON_AddStringToObject(req, "subject", j->id.text);
	cJSON_AddNumberToObject(req, "timeout_ms", timeout_ms);
	cJSON *rep = cli_control_req(ctx, req, timeout_ms + 5000);
	if (rep == NULL) {
		return cli_control_fail(ctx, "--survey needs the running "
		                             "arnetd");
	}
	if (!cJSON_IsTrue(cJSON_GetObjectItem(rep, "ok"))) {
		int rv = cli_error("survey: %s",
		                   cJSON_GetStringValue(
		                           cJSON_GetObjectItem(rep, "error")));
		cJSON_Delete(rep);
		return rv;
	}
	const cJSON *answers = cJSON_GetObjectItem(rep, "answers");
	int n = cJSON_GetArraySize(answers);
	j->refs = calloc(n > 0 ? (size_t)n : 1, sizeof(*j->refs));
	if (j->refs == NULL) {
		cJSON_Delete(rep);
		return cli_error("out of memory");
	}
	for (int i = 0; i < n; i++) {
		const cJSON *e = cJSON_GetArrayItem(answers, i);
		arnet_trade_ref *t = &j->refs[j->nrefs];
		const char *id = cJSON_GetStringValue(
		        cJSON_GetObjectItem(e, "member_id"));
		const char *cur = cJSON_GetStringValue(
		        cJSON_GetObjectItem(e, "currency"));
		const char *since =
		        cJSON_GetStringValue(cJSON_GetObjectItem(e, "since"));
		const char *last = cJSON_GetStringValue(
		        cJSON_GetObjectItem(e, "last_sale"));
		const cJSON *pd = cJSON_GetObjectItem(e, "past_due");
		if (id == NULL || cur == NULL || strlen(cur) != 3 ||
		    since == NULL || last == NULL ||
		    arnet_date_parse(&t->since, since, NULL) != ARNET_OK ||
		    arnet_date_parse(&t->last_sale, last, NULL) != ARNET_OK ||
		    cJSON_GetArraySize(pd) != 4) {
			cJSON_Delete(rep);
			return cli_error("survey: arnetd sent a malformed "
			                 "answer");
		}
		snprintf(t->member_id, sizeof(t->member_id), "%s", id);
		memcpy(t->currency, cur, 4);
		t->high_credit = amount_of(e, "high_credit");
		t->balance = amount_of(e, "balance");
		for (int k = 0; k < 4; k++) {
			t->past_due[k] =
			        amount_of(cJSON_GetArrayItem(pd, k), NULL);
		}
		t->dbt = (int32_t)amount_of(e, "days_beyond_terms");
		j->nrefs++;
	}
	j->survey = rep;
	return EXIT_OK;
}

int
cmd_check(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "check";
	const char *amount = NULL, *cur = NULL, *terms = NULL, *as_of = NULL,
	           *timeout = NULL, *pos[1];
	int survey = 0;
	const cli_opt opts[] = {CLI_OPT("amount", &amount),
	                        CLI_OPT("currency", &cur),
	                        CLI_OPT("terms", &terms),
	                        CLI_OPT("as-of", &as_of),
	                        CLI_FLAG("survey", &survey),
	                        CLI_OPT("timeout-ms", &timeout),
	                        CLI_END};
	const arnet_config *cfg;
	check_job j;
	const arnet_roster *roster;
	arnet_txn *t;
	arnet_diag d;
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
	    (rv = cli_arg_long(C, "--terms", terms, 0, ARNET_TERMS_MAX, &x)) !=
	            0) {
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
		j.now = arnet_date_end(day);
	}
	j.pol = &cfg->check;
	if (timeout != NULL && !survey) {
		return cli_usage(C, "--timeout-ms goes with --survey");
	}
	x = cfg->survey.timeout_ms;
	if ((rv = cli_arg_long(C, "--timeout-ms", timeout, 100, 60000, &x)) !=
	    0) {
		return rv;
	}
	if (survey && (rv = run_survey(ctx, &j, (int)x)) != EXIT_OK) {
		return rv;
	}
	if ((rv = cli_txn(ctx, &t)) == EXIT_OK &&
	    (rv = cli_roster(ctx, &roster)) == EXIT_OK) {
		j.has_roster = roster != NULL;
		rv = cli_ok(arnet_check_run(t, &j.id, j.amount, j.currency,
		                            j.terms, j.now, roster, j.refs,
		                            j.nrefs, j.pol, &j.r, &d),
		            &d);
	}
	if (rv == EXIT_OK && ctx->json) {
		rv = cli_print_json(result_json(&j));
	} else if (rv == EXIT_OK) {
		result_text(&j);
	}
	free(j.refs);
	cJSON_Delete(j.survey);
	if (rv != EXIT_OK) {
		return rv;
	}
	return j.r.grade == 'A'   ? EXIT_OK
	       : j.r.grade == 'B' ? EXIT_GRADE_B
	       : j.r.grade == 'C' ? EXIT_GRADE_C
	                          : EXIT_GRADE_D;
}
