/*
 * cmd_records.c - `arnet records [--subject ID] [--author MEMBER] [--raw]`:
 * what the shared log holds, with each record's author named from the
 * roster and what became of it (settled, lifted, disputed: a dispute
 * marks a record only when its author or the administrator made it).
 */
#include "arnet_dispute.h"
#include "arnet_log.h"
#include "arnet_roster_store.h"
#include "cli.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

typedef struct item {
	arnet_record r;
	uint8_t hash[32];
	char hex[2 * ARNET_RECORD_MAX + 1];
	const char *closed; /* "settled", "lifted", or NULL */
	int disputes;
} item;

typedef struct rec_job {
	arnet_ident subject;
	int has_subject;
	uint8_t author[32];
	int has_author;
	arnet_roster roster;
	int has_roster;
	item *v;
	size_t n, cap;
} rec_job;

static int
one(const uint8_t *b, size_t len, void *arg)
{
	rec_job *j = arg;
	item it;
	if (arnet_record_decode(&it.r, b, len, NULL) != ARNET_OK) {
		return 0;
	}
	if (j->has_author && memcmp(it.r.author, j->author, 32) != 0) {
		return 0;
	}
	arnet_record_hash(it.hash, b, len);
	sodium_bin2hex(it.hex, sizeof(it.hex), b, len);
	it.closed = NULL;
	it.disputes = 0;
	if (j->n == j->cap) {
		size_t cap = j->cap ? j->cap * 2 : 32;
		item *p = realloc(j->v, cap * sizeof(*p));
		if (p == NULL) {
			return ARNET_ENOMEM;
		}
		j->v = p;
		j->cap = cap;
	}
	j->v[j->n++] = it;
	return 0;
}

static int
rec_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	rec_job *j = arg;
	j->has_roster = arnet_roster_current(t, &j->roster, NULL, NULL, NULL) ==
	                ARNET_OK;
	int rv = j->has_subject
	                 ? arnet_log_by_subject(t, &j->subject, one, j, d)
	                 : arnet_log_all(t, one, j, d);
	return rv == ARNET_ENOMEM ? arnet_diag_set(d, rv, "out of memory") : rv;
}

/* Mark what settled, lifted or disputed each record. */
static void
link(rec_job *j)
{
	for (size_t i = 0; i < j->n; i++) {
		const arnet_record *r = &j->v[i].r;
		const arnet_ref *ref =
		        r->type == ARNET_REC_SETTLEMENT ? &r->u.settle.target
		        : r->type == ARNET_REC_LIFT     ? &r->u.lift.target
		        : r->type == ARNET_REC_DISPUTE  ? &r->u.dispute.target
		                                        : NULL;
		for (size_t k = 0; ref != NULL && k < j->n; k++) {
			if (memcmp(j->v[k].hash, ref->hash, 32) != 0) {
				continue;
			}
			if (r->type == ARNET_REC_DISPUTE) {
				/* Only the author's or the administrator's
				 * word marks a record, as in the check. */
				j->v[k].disputes += arnet_dispute_marks(
				        j->has_roster ? &j->roster : NULL, r,
				        &j->v[k].r, j->v[k].hash);
			} else {
				j->v[k].closed = r->type == ARNET_REC_LIFT
				                         ? "lifted"
				                         : "settled";
			}
		}
	}
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
	rec_job j;
	arnet_store *s;
	arnet_diag d;
	char when[32], hex[65], m[40];

	memset(&j, 0, sizeof(j));
	if ((rv = cli_args(C, argc, argv, 1, opts, NULL, 0, 0, NULL)) != 0) {
		return rv;
	}
	if (subject != NULL &&
	    (rv = cli_arg_ident(C, "--subject", subject, &j.subject)) != 0) {
		return rv;
	}
	j.has_subject = subject != NULL;
	if (author != NULL) {
		if (arnet_pubkey_parse(j.author, author, &d) != ARNET_OK) {
			return cli_usage(C,
			                 "--author: a member's public key: %s",
			                 d.msg);
		}
		j.has_author = 1;
	}
	if ((rv = cli_open_store(ctx, 0, &s)) != 0) {
		return rv;
	}
	rv = arnet_store_read(s, rec_txn, &j, &d);
	arnet_store_close(s);
	if (rv != ARNET_OK) {
		free(j.v);
		return cli_fail(rv, &d);
	}
	link(&j);
	cJSON *a = ctx->json ? cJSON_CreateArray() : NULL;
	for (size_t i = 0; i < j.n; i++) {
		const item *it = &j.v[i];
		const arnet_record *r = &it->r;
		sodium_bin2hex(hex, sizeof(hex), it->hash, 32);
		if (ctx->json) {
			cJSON *e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "hash", hex);
			cJSON_AddStringToObject(
			        e, "member",
			        arnet_roster_member_id(j.has_roster ? &j.roster
			                                            : NULL,
			                               r->author));
			cJSON_AddItemToObject(e, "fields",
			                      arnet_record_to_json(r));
			cJSON_AddItemToObject(
			        e, "closed",
			        it->closed ? cJSON_CreateString(it->closed)
			                   : cJSON_CreateNull());
			cJSON_AddItemToObject(e, "disputes",
			                      arnet_json_int(it->disputes));
			if (raw) {
				cJSON_AddStringToObject(e, "record_hex",
				                        it->hex);
			}
			cJSON_AddItemToArray(a, e);
			continue;
		}
		if (raw) {
			printf("%s\n", it->hex);
			continue;
		}
		(void)arnet_time_format(when, sizeof(when), r->created);
		printf("%.16s  %-12s %-26s %-22s seq %-4llu %s", hex,
		       arnet_record_type_name(r->type), r->subject.text,
		       arnet_roster_member_id(j.has_roster ? &j.roster : NULL,
		                              r->author),
		       (unsigned long long)r->seq, when);
		if (r->type == ARNET_REC_DEFAULT) {
			printf("  %s %s, %u days",
			       cli_money(m, r->u.def.amount, r->u.def.currency),
			       r->u.def.currency, r->u.def.days_past_due);
		}
		if (it->closed) {
			printf("  [%s]", it->closed);
		}
		if (it->disputes) {
			printf("  [disputed x%d]", it->disputes);
		}
		printf("\n");
	}
	if (j.has_roster) {
		arnet_roster_free(&j.roster);
	}
	free(j.v);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "records", a);
		return cli_print_json(o);
	}
	if (!raw) {
		printf("%zu records\n", j.n);
	}
	return EXIT_OK;
}
