/*
 * cmd_records.c - `arnet records [--subject ID] [--author MEMBER] [--raw]`:
 * what the shared log holds, with each record's author named from the
 * roster and what became of it (settled, lifted, disputed: a dispute
 * marks a record only when its author or the administrator made it).
 */
#include "arnet_log_view.h"
#include "arnet_roster_store.h"
#include "cli.h"

#include <sodium.h>
#include <string.h>

static const char *
closed_name(const arnet_view_entry *e)
{
	return e->closed == ARNET_REC_LIFT         ? "lifted"
	       : e->closed == ARNET_REC_SETTLEMENT ? "settled"
	                                           : NULL;
}

int
cmd_records(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "records";
	const char *subject = NULL, *author = NULL;
	int raw = 0, rv;
	const cli_opt opts[] = {CLI_OPT("subject", &subject),
	                        CLI_OPT("author", &author),
	                        CLI_FLAG("raw", &raw), CLI_END};
	cli_log j;
	arnet_ident subject_id;
	uint8_t by[ARNET_PUBKEY_BYTES];
	arnet_diag d;
	char when[32], hex[2 * ARNET_HASH_BYTES + 1], m[40];
	static char raw_hex[2 * ARNET_RECORD_MAX + 1];
	size_t shown = 0;

	if ((rv = cli_args(C, argc, argv, 1, opts, NULL, 0, 0, NULL)) != 0) {
		return rv;
	}
	if (subject != NULL &&
	    (rv = cli_arg_ident(C, "--subject", subject, &subject_id)) != 0) {
		return rv;
	}
	if (author != NULL && arnet_pubkey_parse(by, author, &d) != ARNET_OK) {
		return cli_usage(C, "--author: a member's public key: %s",
		                 d.msg);
	}
	if ((rv = cli_log_read(ctx, subject != NULL ? &subject_id : NULL, 1,
	                       &j)) != EXIT_OK) {
		return rv;
	}
	const arnet_roster *roster = j.roster;
	cJSON *a = ctx->json ? cJSON_CreateArray() : NULL;
	for (size_t i = 0; i < j.view.n; i++) {
		const arnet_view_entry *it = &j.view.v[i];
		const arnet_record *r = &it->r;
		const char *closed = closed_name(it);
		if (author != NULL &&
		    memcmp(r->author, by, ARNET_PUBKEY_BYTES) != 0) {
			continue;
		}
		shown++;
		sodium_bin2hex(hex, sizeof(hex), it->hash, ARNET_HASH_BYTES);
		if (raw) {
			sodium_bin2hex(raw_hex, sizeof(raw_hex), it->bytes,
			               it->len);
		}
		if (ctx->json) {
			cJSON *e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "hash", hex);
			cJSON_AddStringToObject(
			        e, "member",
			        arnet_roster_member_id(roster, r->author));
			cJSON_AddItemToObject(e, "fields",
			                      arnet_record_to_json(r));
			cJSON_AddItemToObject(
			        e, "closed",
			        closed ? cJSON_CreateString(closed)
			               : cJSON_CreateNull());
			cJSON_AddItemToObject(e, "disputes",
			                      arnet_json_int(it->disputes));
			if (raw) {
				cJSON_AddStringToObject(e, "record_hex",
				                        raw_hex);
			}
			cJSON_AddItemToArray(a, e);
			continue;
		}
		if (raw) {
			printf("%s\n", raw_hex);
			continue;
		}
		(void)arnet_time_format(when, sizeof(when), r->created);
		printf("%.16s  %-12s %-26s %-22s seq %-4llu %s", hex,
		       arnet_record_type_name(r->type), r->subject.text,
		       arnet_roster_member_id(roster, r->author),
		       (unsigned long long)r->seq, when);
		if (r->type == ARNET_REC_DEFAULT) {
			printf("  %s %s, %u days",
			       cli_money(m, r->u.def.amount, r->u.def.currency),
			       r->u.def.currency, r->u.def.days_past_due);
		}
		if (closed) {
			printf("  [%s]", closed);
		}
		if (it->disputes) {
			printf("  [disputed x%d]", it->disputes);
		}
		printf("\n");
	}
	cli_log_free(&j);
	if (ctx->json) {
		return cli_print_json_as("records", a);
	}
	if (!raw) {
		printf("%zu records\n", shown);
	}
	return EXIT_OK;
}
