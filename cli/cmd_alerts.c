/*
 * cmd_alerts.c - `arnet alerts [--unread] [--since DATE]` and `arnet
 * alerts ack ID|--all`: what the shared log brought about the subjects
 * this member watches (store/watch): the subject (and the customer's
 * name), why it is watched, how many records came, of which types, and
 * the latest one with its member, amount and days past due. Newest
 * first. Read from the store; the daemon need not run.
 */
#include "arnet_date.h"
#include "arnet_alert_view.h"
#include "arnet_books_alerts.h"
#include "arnet_grow.h"
#include "cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct alerts_job {
	const arnet_ident *subject; /* NULL: every subject */
	int unread;
	int log_only; /* not the books' own */
	int64_t since;
	arnet_alert *v; /* gathered, then printed newest first */
	size_t n, cap;
} alerts_job;

static int
gather(const arnet_alert *a, void *arg)
{
	alerts_job *j = arg;
	if ((j->unread && a->read) || a->updated < j->since ||
	    (j->log_only && a->source == ARNET_ALERT_BOOKS) ||
	    (j->subject != NULL &&
	     strcmp(a->subject.text, j->subject->text) != 0)) {
		return 0;
	}
	if (ARNET_GROW(&j->v, j->n, &j->cap, 64) != ARNET_OK) {
		return ARNET_ENOMEM;
	}
	j->v[j->n++] = *a;
	return 0;
}

int
cli_alerts_show(arnet_txn *t, const arnet_roster *roster,
                const arnet_ident *subject, int unread, int64_t since,
                const char *head, cJSON *json, size_t *n, size_t *nunread,
                arnet_diag *d)
{
	alerts_job j = {subject, unread & 1, unread & 2, since, NULL, 0, 0};
	int rv = arnet_alerts_list(t, 0, gather, &j, d);
	*n = *nunread = 0;
	for (size_t i = j.n; rv == ARNET_OK && i-- > 0;) {
		arnet_alert_view v;
		if ((rv = arnet_alert_view_get(t, &j.v[i], &v, d)) !=
		    ARNET_OK) {
			break;
		}
		(*n)++;
		*nunread += !v.a.read;
		if (json != NULL) {
			cJSON_AddItemToArray(json,
			                     arnet_alert_view_json(&v, roster));
		} else {
			char text[ARNET_ALERT_TEXT_MAX];
			if (head != NULL && *n == 1) {
				fputs(head, stdout);
			}
			arnet_alert_view_text(text, sizeof(text), &v, roster);
			fputs(text, stdout);
		}
	}
	free(j.v);
	return rv;
}

static int
alerts_list(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "alerts";
	const char *since = NULL;
	int unread = 0, rv;
	int64_t from;
	const cli_opt opts[] = {CLI_OPT("since", &since),
	                        CLI_FLAG("unread", &unread), CLI_END};
	const arnet_roster *roster;
	arnet_txn *t;
	arnet_diag d;
	size_t n, nunread;
	if ((rv = cli_args(C, argc, argv, 1, opts, NULL, 0, 0, NULL)) != 0 ||
	    (rv = cli_arg_since(C, since, &from)) != 0) {
		return rv;
	}
	if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = cli_roster(ctx, &roster)) != EXIT_OK) {
		return rv;
	}
	cJSON *a = ctx->json ? cJSON_CreateArray() : NULL;
	if ((rv = cli_ok(cli_alerts_show(t, roster, NULL, unread, from, NULL, a,
	                                 &n, &nunread, &d),
	                 &d)) != EXIT_OK) {
		cJSON_Delete(a);
		return rv;
	}
	if (a != NULL) {
		return cli_print_json_as("alerts", a);
	}
	printf("%zu alerts%s, %zu unread%s\n", n, unread ? " unread" : "",
	       nunread, nunread ? " (arnet alerts ack ID, or --all)" : "");
	return EXIT_OK;
}

/* How many alerts an ack or a scan changed: {"KEY": N} in JSON, else
 * "N WHAT". */
static int
alerts_count(cli_ctx *ctx, const char *key, uint64_t n, const char *what)
{
	if (ctx->json) {
		return cli_print_json_as(key, arnet_json_int((int64_t)n));
	}
	printf("%llu %s\n", (unsigned long long)n, what);
	return EXIT_OK;
}

typedef struct ack_job {
	uint64_t id, count;
} ack_job;

static int
ack_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	ack_job *j = arg;
	return arnet_alert_ack(t, j->id, &j->count, d);
}

static int
alerts_ack(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "alerts";
	const char *pos[1] = {NULL};
	int all = 0, rv;
	long id = 0;
	const cli_opt opts[] = {CLI_FLAG("all", &all), CLI_END};
	ack_job j = {0, 0};
	if ((rv = cli_args(C, argc, argv, 2, opts, pos, 0, 1, NULL)) != 0) {
		return rv;
	}
	if ((pos[0] == NULL) == !all) {
		return cli_usage(C, "ack: an alert's ID, or --all");
	}
	if (pos[0] != NULL &&
	    (rv = cli_arg_long(C, "ID", pos[0], 1, LONG_MAX, &id)) != 0) {
		return rv;
	}
	j.id = (uint64_t)id;
	if ((rv = cli_write(ctx, 0, ack_txn, &j, 0)) != EXIT_OK) {
		return rv;
	}
	return alerts_count(ctx, "acknowledged", j.count, "alerts marked read");
}

typedef struct scan_job {
	int32_t as_of;
	const arnet_check_policy *pol;
	size_t raised;
} scan_job;

static int
scan_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	scan_job *j = arg;
	return arnet_books_alerts_scan(t, j->as_of, j->pol, (int64_t)time(NULL),
	                               &j->raised, d);
}

/* `alerts scan [--as-of DATE]`: the books' triggers now (the node does
 * it every hour). */
static int
alerts_scan(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "alerts";
	const char *as_of = NULL;
	const cli_opt opts[] = {CLI_OPT("as-of", &as_of), CLI_END};
	const arnet_config *cfg = cli_config(ctx);
	scan_job j = {0, NULL, 0};
	int rv;
	if (cfg == NULL) {
		return EXIT_ERR;
	}
	if ((rv = cli_args(C, argc, argv, 2, opts, NULL, 0, 0, NULL)) != 0 ||
	    (rv = cli_as_of(C, as_of, &j.as_of)) != 0) {
		return rv;
	}
	j.pol = &cfg->check;
	if ((rv = cli_write(ctx, 0, scan_txn, &j, 0)) != EXIT_OK) {
		return rv;
	}
	return alerts_count(ctx, "raised", j.raised,
	                    "new alerts from the books");
}

int
cmd_alerts(cli_ctx *ctx, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "scan") == 0) {
		return alerts_scan(ctx, argc, argv);
	}
	if (argc >= 2 && strcmp(argv[1], "ack") == 0) {
		return alerts_ack(ctx, argc, argv);
	}
	return alerts_list(ctx, argc, argv);
}
