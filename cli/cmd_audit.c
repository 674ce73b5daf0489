/*
 * cmd_audit.c - `arnet audit [--since DATE] [--json]`: the survey audit
 * log, oldest first: every trade-reference question this node asked the
 * members (how many were asked, who answered), and every question a member
 * asked this node about a subject (who asked, and whether we answered or
 * why not). Read from the store; the daemon need not run.
 */
#include "arnet_date.h"
#include "arnet_audit.h"
#include "cli.h"

#include <string.h>

typedef struct audit_job {
	int64_t since;
	cJSON *json; /* NULL: print text */
	int n;
} audit_job;

static int
one(const arnet_audit_entry *e, void *arg)
{
	audit_job *j = arg;
	char when[32], key[ARNET_PUBKEY_TEXT_LEN + 1];
	(void)arnet_time_format(when, sizeof(when), e->time);
	j->n++;
	if (j->json != NULL) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "number",
		                      arnet_json_int((int64_t)e->number));
		cJSON_AddStringToObject(o, "time", when);
		cJSON_AddStringToObject(o, "kind",
		                        arnet_audit_kind_name(e->kind));
		cJSON_AddStringToObject(o, "subject", e->subject.text);
		if (e->kind == ARNET_AUDIT_QUESTION) {
			arnet_pubkey_format(key, e->member_key);
			cJSON_AddStringToObject(o, "asked_by", e->member_id);
			cJSON_AddStringToObject(o, "asked_by_key", key);
			cJSON_AddStringToObject(
			        o, "outcome",
			        arnet_audit_outcome_name(e->outcome));
			cJSON_AddItemToObject(
			        o, "questions",
			        arnet_json_int(e->asked ? e->asked : 1));
			cJSON_AddStringToObject(o, "detail", e->detail);
		} else {
			cJSON_AddItemToObject(o, "members_asked",
			                      arnet_json_int(e->asked));
			cJSON_AddItemToObject(o, "answers",
			                      arnet_json_int(e->answers));
			cJSON_AddStringToObject(o, "answered_by", e->detail);
		}
		cJSON_AddItemToArray(j->json, o);
	} else if (e->kind == ARNET_AUDIT_QUESTION && e->asked > 0) {
		printf("%6llu  %s  %s asked %u more questions (the last about "
		       "%s): %s\n",
		       (unsigned long long)e->number, when, e->member_id,
		       e->asked, e->subject.text,
		       arnet_audit_outcome_name(e->outcome));
	} else if (e->kind == ARNET_AUDIT_QUESTION) {
		printf("%6llu  %s  %s asked about %s: %s\n",
		       (unsigned long long)e->number, when, e->member_id,
		       e->subject.text, arnet_audit_outcome_name(e->outcome));
	} else {
		printf("%6llu  %s  we asked %u members about %s: %u "
		       "answered%s%s\n",
		       (unsigned long long)e->number, when, e->asked,
		       e->subject.text, e->answers, e->answers ? ": " : "",
		       e->detail);
	}
	return 0;
}

int
cmd_audit(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "audit";
	const char *since = NULL;
	const cli_opt opts[] = {CLI_OPT("since", &since), CLI_END};
	audit_job j;
	arnet_txn *t;
	arnet_diag d;
	int rv;
	memset(&j, 0, sizeof(j));
	if ((rv = cli_args(C, argc, argv, 1, opts, NULL, 0, 0, NULL)) != 0) {
		return rv;
	}
	if ((rv = cli_arg_since(C, since, &j.since)) != 0) {
		return rv;
	}
	if (ctx->json) {
		j.json = cJSON_CreateArray();
	}
	if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = cli_ok(arnet_audit_scan(t, j.since, one, &j, &d), &d)) !=
	            EXIT_OK) {
		cJSON_Delete(j.json);
		return rv;
	}
	if (ctx->json) {
		return cli_print_json_as("entries", j.json);
	}
	if (j.n == 0) {
		printf("no survey questions asked or answered%s\n",
		       since != NULL ? " since then" : "");
	}
	return EXIT_OK;
}
