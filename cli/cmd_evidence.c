/*
 * cmd_evidence.c - `arnet evidence add|list|check`: record the hash of a
 * document behind a claim, list them, or check that a file is the one
 * recorded.
 */
#include "arnet_evidence.h"
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const C = "evidence";

typedef struct ev_job {
	arnet_evidence e;
	arnet_put_result res;
} ev_job;

static cJSON *
ev_json(const arnet_evidence *e)
{
	char hex[65], when[32];
	cJSON *o = cJSON_CreateObject();
	sodium_bin2hex(hex, sizeof(hex), e->hash, 32);
	cJSON_AddStringToObject(o, "hash", hex);
	cJSON_AddStringToObject(o, "kind", arnet_evidence_kind_name(e->kind));
	cJSON_AddStringToObject(o, "customer", e->customer.text);
	cJSON_AddStringToObject(o, "invoice", e->invoice);
	cJSON_AddStringToObject(o, "path", e->path);
	cJSON_AddItemToObject(o, "size", arnet_json_int((int64_t)e->size));
	if (arnet_time_format(when, sizeof(when), e->added) == ARNET_OK) {
		cJSON_AddStringToObject(o, "added", when);
	}
	cJSON_AddStringToObject(o, "note", e->note);
	return o;
}

static void
ev_text(const arnet_evidence *e)
{
	char hex[65];
	sodium_bin2hex(hex, sizeof(hex), e->hash, 32);
	printf("%s  %-13s %s%s%s  %s\n", hex, arnet_evidence_kind_name(e->kind),
	       e->customer.text, e->invoice[0] ? " " : "", e->invoice, e->path);
}

static int
add_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	ev_job *j = arg;
	return arnet_evidence_add(t, &j->e, &j->res, d);
}

static int
evidence_add(cli_ctx *ctx, int argc, char **argv)
{
	const char *cust = NULL, *inv = NULL, *kind = NULL, *note = NULL,
	           *pos[1];
	const cli_opt opts[] = {
	        CLI_NEED("customer", &cust), CLI_OPT("invoice", &inv),
	        CLI_NEED("kind", &kind), CLI_OPT("note", &note), CLI_END};
	ev_job j = {0};
	char real[PATH_MAX];
	arnet_diag d;
	int rv;

	if ((rv = cli_args(C, argc, argv, 2, opts, pos, 1, 1, NULL)) != 0) {
		return rv;
	}
	if ((j.e.kind = arnet_evidence_kind_parse(kind)) == 0) {
		return cli_usage(C,
		                 "--kind: contract, delivery-note, statement, "
		                 "letter or other, not \"%s\"",
		                 kind);
	}
	if ((rv = cli_arg_ident(C, "--customer", cust, &j.e.customer)) != 0) {
		return rv;
	}
	if ((rv = cli_arg_texts(C, "--invoice or --note", inv, j.e.invoice,
	                        sizeof(j.e.invoice), note, j.e.note,
	                        sizeof(j.e.note))) != 0) {
		return rv;
	}
	if (realpath(pos[0], real) == NULL) {
		return cli_error("%s: %s", pos[0], strerror(errno));
	}
	if (strlen(real) > ARNET_PATH_MAX) {
		return cli_error("%s: path too long", real);
	}
	snprintf(j.e.path, sizeof(j.e.path), "%s", real);
	if ((rv = arnet_evidence_hash_file(j.e.hash, &j.e.size, real, &d)) !=
	    0) {
		return cli_fail(rv, &d);
	}
	j.e.added = (int64_t)time(NULL);
	if ((rv = cli_write(ctx, 0, add_txn, &j, 0)) != EXIT_OK) {
		return rv;
	}
	const char *what = cli_put_word(j.res); /* never updated */
	if (ctx->json) {
		cJSON *o = ev_json(&j.e);
		cJSON_AddStringToObject(o, "result", what);
		return cli_print_json(o);
	}
	printf("%s ", what);
	ev_text(&j.e);
	printf("keep the file: a DEFAULT record will carry only its hash\n");
	return EXIT_OK;
}

static int
list_one(const arnet_evidence *e, void *arg)
{
	cJSON_AddItemToArray(arg, ev_json(e));
	return 0;
}

static int
evidence_list(cli_ctx *ctx, int argc, char **argv)
{
	const char *cust = NULL, *inv = NULL;
	const cli_opt opts[] = {CLI_OPT("customer", &cust),
	                        CLI_OPT("invoice", &inv), CLI_END};
	cJSON *list = cJSON_CreateArray();
	arnet_ident id;
	arnet_txn *t;
	arnet_diag d;
	int rv;

	if ((rv = cli_args(C, argc, argv, 2, opts, NULL, 0, 0, NULL)) != 0 ||
	    (cust && (rv = cli_arg_ident(C, "--customer", cust, &id)) != 0)) {
		return rv;
	}
	if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = cli_ok(arnet_evidence_scan(t, cust ? &id : NULL, inv,
	                                     list_one, list, &d),
	                 &d)) != EXIT_OK) {
		cJSON_Delete(list);
		return rv;
	}
	if (ctx->json) {
		return cli_print_json_as("evidence", list);
	}
	const cJSON *e;
	int n = 0;
	cJSON_ArrayForEach(e, list)
	{
		printf("%s  %-13s %s %s  %s\n",
		       cJSON_GetObjectItem(e, "hash")->valuestring,
		       cJSON_GetObjectItem(e, "kind")->valuestring,
		       cJSON_GetObjectItem(e, "customer")->valuestring,
		       cJSON_GetObjectItem(e, "invoice")->valuestring,
		       cJSON_GetObjectItem(e, "path")->valuestring);
		n++;
	}
	printf("%d documents\n", n);
	cJSON_Delete(list);
	return EXIT_OK;
}

/* Is this file one recorded? Exit 0 when it is, 1 when not. */
static int
evidence_check(cli_ctx *ctx, int argc, char **argv)
{
	const char *pos[1];
	const cli_opt opts[] = {CLI_END};
	arnet_evidence e = {0};
	uint8_t hash[ARNET_HASH_BYTES];
	arnet_txn *t;
	arnet_diag d;
	int rv, found;

	if ((rv = cli_args(C, argc, argv, 2, opts, pos, 1, 1, NULL)) != 0) {
		return rv;
	}
	if ((rv = arnet_evidence_hash_file(hash, &e.size, pos[0], &d)) != 0) {
		return cli_fail(rv, &d);
	}
	if ((rv = cli_txn(ctx, &t)) != EXIT_OK) {
		return rv;
	}
	rv = arnet_evidence_get(t, hash, &e, &d);
	if (rv != ARNET_OK && rv != ARNET_ENOTFOUND) {
		return cli_fail(rv, &d);
	}
	found = rv == ARNET_OK;
	memcpy(e.hash, hash, sizeof(hash));
	if (ctx->json) {
		cJSON *o = found ? ev_json(&e) : cJSON_CreateObject();
		cJSON_AddBoolToObject(o, "recorded", found);
		rv = cli_print_json(o);
		return rv != EXIT_OK ? rv : found ? EXIT_OK : EXIT_ERR;
	}
	if (!found) {
		char hex[65];
		sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
		return cli_error("%s (BLAKE2b %s) is not recorded evidence",
		                 pos[0], hex);
	}
	printf("recorded: ");
	ev_text(&e);
	return EXIT_OK;
}

int
cmd_evidence(cli_ctx *ctx, int argc, char **argv)
{
	static const cli_sub subs[] = {{"add", evidence_add},
	                               {"list", evidence_list},
	                               {"check", evidence_check},
	                               {NULL, NULL}};
	return cli_subcommand(ctx, argc, argv, subs, NULL);
}
