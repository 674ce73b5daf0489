/*
 * cmd_watch.c - `arnet watch add ID [--note TEXT] | remove ID | list`:
 * the prospects this member watches by hand, besides every customer in
 * its books (store/watch). The watch set stays in this node's store and
 * is never sent anywhere; a record about a watched subject raises an
 * alert (`arnet alerts`).
 */
#include "arnet_watch.h"
#include "cli.h"

#include <string.h>
#include <time.h>

typedef struct watch_job {
	arnet_watch_entry e;
	int remove;
	int was; /* arnet_watch_why before */
} watch_job;

static int
watch_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	watch_job *j = arg;
	if ((j->was = arnet_watch_why(t, &j->e.subject, d)) < 0) {
		return j->was;
	}
	return j->remove ? arnet_watch_remove(t, &j->e.subject, d)
	                 : arnet_watch_add(t, &j->e, d);
}

static void
added_json(cJSON *o, const arnet_watch_entry *e)
{
	char when[32];
	(void)arnet_time_format(when, sizeof(when), e->added);
	cJSON_AddStringToObject(o, "subject", e->subject.text);
	cJSON_AddStringToObject(o, "added", when);
	cJSON_AddStringToObject(o, "note", e->note);
}

static int
watch_change(cli_ctx *ctx, int remove, int argc, char **argv)
{
	static const char *const C = "watch";
	const char *pos[1], *note = NULL;
	const cli_opt add_opts[] = {CLI_OPT("note", &note), CLI_END};
	const cli_opt rm_opts[] = {CLI_END};
	watch_job j;
	int rv;
	memset(&j, 0, sizeof(j));
	if ((rv = cli_args(C, argc, argv, 2, remove ? rm_opts : add_opts, pos,
	                   1, 1, NULL)) != 0 ||
	    (rv = cli_arg_ident(C, "ID", pos[0], &j.e.subject)) != 0) {
		return rv;
	}
	if (note != NULL && strlen(note) > ARNET_WATCH_NOTE_MAX) {
		return cli_usage(C, "--note: at most %d bytes",
		                 ARNET_WATCH_NOTE_MAX);
	}
	snprintf(j.e.note, sizeof(j.e.note), "%s", note ? note : "");
	j.e.added = (int64_t)time(NULL);
	j.remove = remove;
	if ((rv = cli_write(ctx, 1, watch_txn, &j, 0)) != EXIT_OK) {
		return rv;
	}
	int customer = (j.was & ARNET_WATCH_CUSTOMER) != 0;
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "subject", j.e.subject.text);
		cJSON_AddBoolToObject(o, "watched", !remove || customer);
		cJSON_AddBoolToObject(o, "customer", customer);
		return cli_print_json(o);
	}
	if (remove) {
		printf("%s is no longer watched by hand%s\n", j.e.subject.text,
		       customer ? " (it stays watched: a customer in the "
		                  "books)"
		                : "");
	} else {
		printf("watching %s%s\n", j.e.subject.text,
		       customer ? " (a customer in the books: watched "
		                  "already)"
		                : "");
	}
	return EXIT_OK;
}

typedef struct list_job {
	cJSON *a; /* NULL: text */
	size_t n;
} list_job;

static int
list_one(const arnet_watch_entry *e, void *arg)
{
	list_job *l = arg;
	char when[32];
	l->n++;
	if (l->a != NULL) {
		cJSON *o = cJSON_CreateObject();
		added_json(o, e);
		cJSON_AddItemToArray(l->a, o);
		return 0;
	}
	(void)arnet_time_format(when, sizeof(when), e->added);
	printf("%-28s %s  %s\n", e->subject.text, when, e->note);
	return 0;
}

static int
watch_list(cli_ctx *ctx, int argc, char **argv)
{
	const cli_opt opts[] = {CLI_END};
	list_job l = {NULL, 0};
	arnet_txn *t;
	arnet_diag d;
	int rv;
	if ((rv = cli_args("watch", argc, argv, 2, opts, NULL, 0, 0, NULL)) !=
	    0) {
		return rv;
	}
	if (ctx->json) {
		l.a = cJSON_CreateArray();
	}
	if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = cli_ok(arnet_watch_list(t, list_one, &l, &d), &d)) !=
	            EXIT_OK) {
		cJSON_Delete(l.a);
		return rv;
	}
	if (ctx->json) {
		return cli_print_json_as("prospects", l.a);
	}
	printf("%zu prospects watched by hand; every customer in the books "
	       "is watched too\n",
	       l.n);
	return EXIT_OK;
}

int
cmd_watch(cli_ctx *ctx, int argc, char **argv)
{
	const char *sub = argc >= 2 ? argv[1] : "";
	if (strcmp(sub, "add") == 0 || strcmp(sub, "remove") == 0) {
		return watch_change(ctx, sub[0] == 'r', argc, argv);
	}
	if (strcmp(sub, "list") == 0) {
		return watch_list(ctx, argc, argv);
	}
	return cli_usage("watch", "which: add, remove or list?");
}
