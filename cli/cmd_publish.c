/*
 * cmd_publish.c - what a member says to the network about a customer:
 * `arnet report default|settle`, `arnet blacklist add|lift|list` and
 * `arnet dispute`.
 *
 * The records are built, checked by the publishing rules, signed and
 * appended in one transaction by store/credit/arnet_publish.h; this file
 * gathers what only the command knows (the options, the member's key,
 * the rules' policy from the config), then asks the running arnetd (its
 * control socket, "announce") to publish the record to the other
 * members; sync catches up anyone who missed it. When arnetd is not
 * running the record waits in the feed, and the command says so.
 */
#include "arnet_control.h"
#include "arnet_dunning.h"
#include "arnet_log.h"
#include "arnet_log_view.h"
#include "arnet_publish.h"
#include "arnet_roster_store.h"
#include "cli.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The member's secret key: [member] key, relative to the config file. */
static int
member_key(cli_ctx *ctx, const arnet_config *cfg, const char *passfile,
           uint8_t *sk)
{
	char path[2400];
	if (arnet_member_key_path(path, sizeof(path), cfg, cli_data_dir(ctx)) !=
	    ARNET_OK) {
		return cli_error(
		        "no member key: set [member] key in the config "
		        "(arnet init does)");
	}
	return cli_load_secret(path, passfile, sk);
}

/* The rules' policy from the config: [check] min_default_amount in
 * [check] currency (the [books] one when unset) through [fx], the
 * dunning ladder's default stage, [association] personal_data. */
static void
rules_policy(arnet_publish_policy *p, const arnet_config *cfg, int force)
{
	memset(p, 0, sizeof(*p));
	p->min_default_amount = cfg->check.min_default_amount;
	memcpy(p->currency,
	       cfg->check.currency[0] ? cfg->check.currency
	                              : cfg->books.currency,
	       4);
	p->fx = &cfg->check.fx;
	p->min_days_past_due = arnet_dunning_default_from(&cfg->books);
	p->personal_data_licensed = cfg->check.personal_data_licensed;
	p->force = force;
}

/* What the rules said: on a refusal each rule that refused, under the
 * one-line message; after --force, each rule it set aside. */
static void
print_verdict(const arnet_publish_verdict *v, int refused)
{
	for (int i = 0; i < v->n; i++) {
		const char *name = arnet_publish_rule_name(v->why[i].rule);
		int refusing = (v->refused & v->why[i].rule) != 0;
		if (refused && refusing) {
			fprintf(stderr, "  %s: %s\n", name, v->why[i].text);
		} else if (!refused && !refusing) {
			fprintf(stderr,
			        "arnet: --force set the %s rule aside: %s\n",
			        name, v->why[i].text);
		}
	}
}

/* Publish j with the member's key, print the record that was appended. */
static int
publish(cli_ctx *ctx, const arnet_config *cfg, const char *passfile,
        arnet_publish_job *j)
{
	arnet_store *s;
	char hex[65], key[ARNET_PUBKEY_TEXT_LEN + 1];
	uint8_t *sk = sodium_malloc(ARNET_SECKEY_BYTES);
	int rv;
	if (sk == NULL) {
		return cli_error("out of memory");
	}
	if ((rv = member_key(ctx, cfg, passfile, sk)) != EXIT_OK ||
	    (rv = cli_store(ctx, 1, &s)) != EXIT_OK) {
		sodium_free(sk);
		return rv;
	}
	j->sk = sk;
	j->now = (int64_t)time(NULL);
	rv = cli_write(ctx, 1, arnet_publish_txn, j, 0);
	sodium_free(sk);
	if (rv != EXIT_OK) {
		if (j->verdict.refused != 0) {
			print_verdict(&j->verdict, 1);
		}
		return rv;
	}
	print_verdict(&j->verdict, 0);
	int stop = j->r.type == ARNET_REC_CREDIT_STOP;
	sodium_bin2hex(hex, sizeof(hex), j->hash, sizeof(j->hash));
	/* The daemon publishes it now; without one, sync delivers it when
	 * the daemon starts. */
	cJSON *ack = cli_control(ctx, "announce", "hash", hex);
	int published =
	        ack != NULL && cJSON_IsTrue(cJSON_GetObjectItem(ack, "ok"));
	cJSON_Delete(ack);
	arnet_pubkey_format(key, j->r.author);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "hash", hex);
		char *rh = malloc(2 * j->len + 1);
		sodium_bin2hex(rh, 2 * j->len + 1, j->out, j->len);
		cJSON_AddStringToObject(o, "record_hex", rh);
		free(rh);
		cJSON_AddItemToObject(o, "fields", arnet_record_to_json(&j->r));
		cJSON_AddBoolToObject(o, "published", published);
		cJSON *forced = cJSON_AddArrayToObject(o, "forced");
		for (int i = 0; i < j->verdict.n; i++) {
			/* all fired, none refused: each was forced */
			cJSON_AddItemToArray(
			        forced,
			        cJSON_CreateString(arnet_publish_rule_name(
			                j->verdict.why[i].rule)));
		}
		if (stop) {
			cJSON_AddStringToObject(o, "notice",
			                        ARNET_CREDIT_STOP_NOTICE);
		}
		return cli_print_json(o);
	}
	printf("%s %s seq %llu about %s\nhash %s\n",
	       arnet_record_type_name(j->r.type), key,
	       (unsigned long long)j->r.seq, j->r.subject.text, hex);
	printf(published ? "published to the other members\n"
	                 : "appended to this member's feed; arnetd is not "
	                   "running: it goes out when it starts\n");
	if (stop) {
		printf("note: %s\n", ARNET_CREDIT_STOP_NOTICE);
	}
	return EXIT_OK;
}

static int
report_default(cli_ctx *ctx, const arnet_config *cfg, int argc, char **argv)
{
	const char *pos[1], *passfile = NULL,
	                    *evidence[ARNET_PUBLISH_EVIDENCE_MAX];
	int nev = 0, force = 0, rv;
	const cli_opt opts[] = {CLI_LIST("evidence", evidence,
	                                 ARNET_PUBLISH_EVIDENCE_MAX, &nev),
	                        CLI_FLAG("force", &force),
	                        CLI_OPT("passphrase-file", &passfile), CLI_END};
	arnet_publish_job *j = calloc(1, sizeof(*j));
	if (j == NULL) {
		return cli_error("out of memory");
	}
	if ((rv = cli_args("report", argc, argv, 2, opts, pos, 1, 1, NULL)) !=
	    0) {
		free(j);
		return rv;
	}
	arnet_record_init(&j->r, ARNET_REC_DEFAULT);
	j->invoice = pos[0];
	j->today = cli_today();
	j->books = &cfg->books;
	rules_policy(&j->rules, cfg, force);
	for (int i = 0; i < nev; i++) {
		arnet_diag d;
		arnet_evidence *e = &j->ev[i];
		char real[4096];
		if (realpath(evidence[i], real) == NULL ||
		    strlen(real) > ARNET_PATH_MAX ||
		    (rv = arnet_evidence_hash_file(e->hash, &e->size, real,
		                                   &d)) != ARNET_OK) {
			free(j);
			return cli_error("%s: cannot read it", evidence[i]);
		}
		snprintf(e->path, sizeof(e->path), "%s", real);
		e->kind = ARNET_EVIDENCE_OTHER;
		e->added = (int64_t)time(NULL);
	}
	j->nev = nev;
	rv = publish(ctx, cfg, passfile, j);
	free(j);
	return rv;
}

static int
report_settle(cli_ctx *ctx, const arnet_config *cfg, int argc, char **argv)
{
	const char *pos[1], *how = NULL, *amount = NULL, *passfile = NULL;
	const cli_opt opts[] = {CLI_OPT("how", &how),
	                        CLI_OPT("amount", &amount),
	                        CLI_OPT("passphrase-file", &passfile), CLI_END};
	arnet_publish_job j;
	size_t n = 0;
	int rv;
	memset(&j, 0, sizeof(j));
	if ((rv = cli_args("report", argc, argv, 2, opts, pos, 1, 1, NULL)) !=
	    0) {
		return rv;
	}
	arnet_record_init(&j.r, ARNET_REC_SETTLEMENT);
	if (how == NULL ||
	    (j.r.u.settle.how = (uint8_t)arnet_settle_how_parse(how)) == 0) {
		return cli_usage("report", "--how paid, plan or written-off is "
		                           "needed");
	}
	if (sodium_hex2bin(j.target, sizeof(j.target), pos[0], strlen(pos[0]),
	                   NULL, &n, NULL) != 0 ||
	    n != sizeof(j.target)) {
		return cli_usage("report", "RECORD: the 64 hex digits of the "
		                           "DEFAULT's hash");
	}
	j.amount = amount;
	j.today = cli_today();
	j.books = &cfg->books;
	return publish(ctx, cfg, passfile, &j);
}

int
cmd_report(cli_ctx *ctx, int argc, char **argv)
{
	const arnet_config *cfg = cli_config(ctx);
	if (cfg == NULL) {
		return EXIT_ERR;
	}
	if (argc >= 2 && strcmp(argv[1], "default") == 0) {
		return report_default(ctx, cfg, argc, argv);
	}
	if (argc >= 2 && strcmp(argv[1], "settle") == 0) {
		return report_settle(ctx, cfg, argc, argv);
	}
	return cli_usage("report", "which: default or settle?");
}

/* --- blacklist --- */

static int
blacklist_list(cli_ctx *ctx, int all)
{
	cli_log l;
	char when[32];
	int rv;
	if ((rv = cli_log_read(ctx, NULL, 0, &l)) != EXIT_OK) {
		return rv;
	}
	const arnet_roster *roster = l.roster;
	cJSON *a = cJSON_CreateArray();
	size_t shown = 0;
	for (size_t i = 0; i < l.view.n; i++) {
		const arnet_view_entry *st = &l.view.v[i];
		int lifted = st->closed == ARNET_REC_LIFT;
		if (st->r.type != ARNET_REC_CREDIT_STOP || (lifted && !all)) {
			continue;
		}
		(void)arnet_time_format(when, sizeof(when), st->r.created);
		if (ctx->json) {
			cJSON *e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "subject",
			                        st->r.subject.text);
			cJSON_AddStringToObject(
			        e, "member",
			        arnet_roster_member_id(roster, st->r.author));
			cJSON_AddStringToObject(
			        e, "reason",
			        arnet_reason_name(st->r.u.stop.reason));
			cJSON_AddStringToObject(e, "since", when);
			cJSON_AddStringToObject(e, "note", st->r.note);
			cJSON_AddBoolToObject(e, "lifted", lifted);
			cJSON_AddItemToArray(a, e);
		} else {
			printf("%-28s %-26s %-18s %s%s %s\n",
			       st->r.subject.text,
			       arnet_roster_member_id(roster, st->r.author),
			       arnet_reason_name(st->r.u.stop.reason), when,
			       lifted ? " (lifted)" : "", st->r.note);
		}
		shown++;
	}
	cli_log_free(&l);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "credit_stops", a);
		cJSON_AddStringToObject(o, "notice", ARNET_CREDIT_STOP_NOTICE);
		return cli_print_json(o);
	}
	cJSON_Delete(a);
	printf("%zu credit stops%s\n", shown, all ? "" : " in force");
	if (shown > 0) {
		printf("note: %s\n", ARNET_CREDIT_STOP_NOTICE);
	}
	return EXIT_OK;
}

int
cmd_blacklist(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "blacklist";
	const char *pos[1], *reason = NULL, *note = NULL, *passfile = NULL;
	int all = 0, rv;
	const cli_opt opts[] = {CLI_OPT("reason", &reason),
	                        CLI_OPT("note", &note),
	                        CLI_OPT("passphrase-file", &passfile),
	                        CLI_FLAG("all", &all), CLI_END};
	const arnet_config *cfg = cli_config(ctx);
	arnet_publish_job j;
	if (cfg == NULL) {
		return EXIT_ERR;
	}
	const char *sub = argc >= 2 ? argv[1] : "";
	int list = strcmp(sub, "list") == 0;
	if (!list && strcmp(sub, "add") != 0 && strcmp(sub, "lift") != 0) {
		return cli_usage(C, "which: add, lift or list?");
	}
	if ((rv = cli_args(C, argc, argv, 2, opts, pos, !list, !list, NULL)) !=
	    0) {
		return rv;
	}
	if (list) {
		return blacklist_list(ctx, all);
	}
	memset(&j, 0, sizeof(j));
	int add = strcmp(sub, "add") == 0;
	arnet_record_init(&j.r, add ? ARNET_REC_CREDIT_STOP : ARNET_REC_LIFT);
	if ((rv = cli_arg_ident(C, "ID", pos[0], &j.r.subject)) != 0) {
		return rv;
	}
	if ((rv = cli_arg_text(C, "--note", note, j.r.note,
	                       sizeof(j.r.note))) != 0) {
		return rv;
	}
	if (add) {
		if (reason == NULL ||
		    (j.r.u.stop.reason = (uint8_t)arnet_reason_parse(reason)) ==
		            0) {
			return cli_usage(
			        C, "--reason non-payment, "
			           "bounced-instrument, forged-documents, "
			           "insolvency or other is needed");
		}
		rules_policy(&j.rules, cfg, 0);
		return publish(ctx, cfg, passfile, &j);
	}
	return publish(ctx, cfg, passfile, &j);
}

int
cmd_dispute(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "dispute";
	const char *pos[1], *status = NULL, *note = NULL, *key = NULL,
	                    *passfile = NULL;
	const cli_opt opts[] = {CLI_OPT("status", &status),
	                        CLI_OPT("note", &note), CLI_OPT("key", &key),
	                        CLI_OPT("passphrase-file", &passfile), CLI_END};
	const arnet_config *cfg = cli_config(ctx);
	arnet_publish_job j;
	size_t n = 0;
	int rv;
	if (cfg == NULL) {
		return EXIT_ERR;
	}
	if ((rv = cli_args(C, argc, argv, 1, opts, pos, 1, 1, NULL)) != 0) {
		return rv;
	}
	memset(&j, 0, sizeof(j));
	arnet_record_init(&j.r, ARNET_REC_DISPUTE);
	if (status == NULL ||
	    (j.r.u.dispute.status =
	             (uint8_t)arnet_dispute_status_parse(status)) == 0) {
		return cli_usage(
		        C, "--status open, upheld or corrected is needed");
	}
	if (sodium_hex2bin(j.target, sizeof(j.target), pos[0], strlen(pos[0]),
	                   NULL, &n, NULL) != 0 ||
	    n != sizeof(j.target)) {
		return cli_usage(C, "RECORD: the 64 hex digits of its hash "
		                    "(arnet records shows them)");
	}
	if ((rv = cli_arg_text(C, "--note", note, j.r.note,
	                       sizeof(j.r.note))) != 0) {
		return rv;
	}
	if (key == NULL) {
		return publish(ctx, cfg, passfile, &j);
	}
	/* The association's administrator disputes with the root key: the
	 * record goes into the root's own feed on this node. */
	arnet_config with_key = *cfg;
	snprintf(with_key.key_file, sizeof(with_key.key_file), "%s", key);
	if (key[0] != '/') {
		char cwd[1024];
		if (getcwd(cwd, sizeof(cwd)) != NULL) {
			snprintf(with_key.key_file, sizeof(with_key.key_file),
			         "%s/%s", cwd, key);
		}
	}
	return publish(ctx, &with_key, passfile, &j);
}
