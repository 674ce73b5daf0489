/*
 * cmd_record.c - `arnet record decode` and `arnet record sign`.
 *
 * decode shows every field of an encoded record and whether its signature
 * verifies: the tool a member uses to look at what it received, and a
 * developer uses to check another implementation against ours.
 *
 * sign builds a record from its fields and signs it with a key file. It
 * does not publish: publishing (with seq and prev from the node's own
 * feed) is `arnet report` and `arnet blacklist`, which go through the node.
 * It exists for the demo, for tests and for writing other implementations.
 */
#include "cli.h"
#include "arnet_keyfile.h"

#include <errno.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXIT_BADSIG 3

static void
print_ref(const char *label, const arnet_ref *ref)
{
	char key[ARNET_PUBKEY_TEXT_LEN + 1], hash[2 * ARNET_HASH_BYTES + 1];
	arnet_pubkey_format(key, ref->author);
	sodium_bin2hex(hash, sizeof(hash), ref->hash, ARNET_HASH_BYTES);
	printf("%-14s %s seq %" PRIu64 "\n%-14s %s\n", label, key, ref->seq, "",
	       hash);
}

static void
print_money(const char *label, int64_t amount, const char *cur)
{
	char buf[ARNET_MONEY_TEXT_MAX + 1];
	if (arnet_money_format(buf, sizeof(buf), amount, cur, 1) != ARNET_OK) {
		snprintf(buf, sizeof(buf), "%" PRId64, amount);
	}
	printf("%-14s %s %s\n", label, buf, cur);
}

static void
print_text(const arnet_record *r, const uint8_t *hash, size_t size, int sig_ok)
{
	char key[ARNET_PUBKEY_TEXT_LEN + 1], hex[2 * ARNET_HASH_BYTES + 1];
	char when[32], date[ARNET_DATE_TEXT_MAX + 1];

	printf("%-14s %s (format %u, %zu bytes)\n", "type",
	       arnet_record_type_name(r->type), r->version, size);
	sodium_bin2hex(hex, sizeof(hex), hash, ARNET_HASH_BYTES);
	printf("%-14s %s\n", "hash", hex);
	arnet_pubkey_format(key, r->author);
	printf("%-14s %s\n", "author", key);
	printf("%-14s %" PRIu64 "\n", "seq", r->seq);
	sodium_bin2hex(hex, sizeof(hex), r->prev, ARNET_HASH_BYTES);
	printf("%-14s %s\n", "prev", r->seq == 1 ? "(first record)" : hex);
	if (arnet_time_format(when, sizeof(when), r->created) != ARNET_OK) {
		snprintf(when, sizeof(when), "%" PRId64, r->created);
	}
	printf("%-14s %s\n", "created", when);
	printf("%-14s %s\n", "subject", r->subject.text);
	switch (r->type) {
	case ARNET_REC_DEFAULT:
		print_money("amount", r->u.def.amount, r->u.def.currency);
		(void)arnet_date_format(date, sizeof(date), r->u.def.due_date);
		printf("%-14s %s\n", "due date", date);
		printf("%-14s %" PRIu32 "\n", "days past due",
		       r->u.def.days_past_due);
		printf("%-14s %s\n", "reason",
		       arnet_reason_name(r->u.def.reason));
		sodium_bin2hex(hex, sizeof(hex), r->u.def.evidence,
		               ARNET_HASH_BYTES);
		printf("%-14s %s\n", "evidence",
		       sodium_is_zero(r->u.def.evidence, ARNET_HASH_BYTES)
		               ? "(none)"
		               : hex);
		break;
	case ARNET_REC_CREDIT_STOP:
		printf("%-14s %s\n", "reason",
		       arnet_reason_name(r->u.stop.reason));
		break;
	case ARNET_REC_SETTLEMENT:
		print_ref("settles", &r->u.settle.target);
		printf("%-14s %s\n", "how",
		       arnet_settle_how_name(r->u.settle.how));
		print_money("recovered", r->u.settle.amount,
		            r->u.settle.currency);
		break;
	case ARNET_REC_LIFT:
		print_ref("lifts", &r->u.lift.target);
		break;
	case ARNET_REC_DISPUTE:
		print_ref("disputes", &r->u.dispute.target);
		printf("%-14s %s\n", "status",
		       arnet_dispute_status_name(r->u.dispute.status));
		break;
	}
	if (r->note[0] != '\0') {
		printf("%-14s %s\n", "note", r->note);
	}
	printf("%-14s %s\n", "signature",
	       sig_ok ? "valid"
	              : "INVALID (does not verify with the author key)");
}

static int
record_decode(cli_ctx *ctx, int argc, char **argv)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	arnet_record r;
	arnet_diag d;
	uint8_t hash[ARNET_HASH_BYTES];

	if (argc != 3) {
		return cli_usage("record", "record decode takes HEX or -");
	}
	if (cli_read_hex_arg(argv[2], &buf, &len) != EXIT_OK) {
		return EXIT_ERR;
	}
	int rv = arnet_record_decode(&r, buf, len, &d);
	if (rv != ARNET_OK) {
		free(buf);
		return cli_error("not a valid record: %s", d.msg);
	}
	int sig_ok = arnet_record_verify(buf, len) == ARNET_OK;
	arnet_record_hash(hash, buf, len);
	free(buf);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		if (o != NULL) {
			cJSON_AddBoolToObject(o, "signature_valid", sig_ok);
			cJSON_AddItemToObject(
			        o, "hash", arnet_json_hex(hash, sizeof(hash)));
			cJSON_AddItemToObject(o, "size",
			                      arnet_json_int((int64_t)len));
			cJSON_AddItemToObject(
			        o, "signature",
			        arnet_json_hex(r.sig, sizeof(r.sig)));
			cJSON_AddItemToObject(o, "fields",
			                      arnet_record_to_json(&r));
		}
		if (cli_print_json(o) != EXIT_OK) {
			return EXIT_ERR;
		}
	} else {
		print_text(&r, hash, len, sig_ok);
	}
	return sig_ok ? EXIT_OK : EXIT_BADSIG;
}

/* Options of `record sign`, kept together so each check can name its flag. */
typedef struct sign_opts {
	const char *key, *passfile, *type, *subject, *seq, *prev, *after;
	const char *created, *amount, *currency, *due, *dpd, *reason;
	const char *evidence, *target, *how, *status, *note;
} sign_opts;

static int
hash_file(uint8_t out[ARNET_HASH_BYTES], const char *path)
{
	crypto_generichash_state st;
	uint8_t buf[65536];
	size_t n;
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		return cli_error("cannot open evidence %s: %s", path,
		                 strerror(errno));
	}
	crypto_generichash_init(&st, NULL, 0, ARNET_HASH_BYTES);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		crypto_generichash_update(&st, buf, n);
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		return cli_error("cannot read evidence %s", path);
	}
	crypto_generichash_final(&st, out, ARNET_HASH_BYTES);
	return EXIT_OK;
}

static int
parse_u64(const char *flag, const char *s, uint64_t min, uint64_t max,
          uint64_t *out)
{
	char *end;
	errno = 0;
	if (s[0] < '0' || s[0] > '9') {
		return cli_usage("record", "%s \"%s\" is not a number", flag,
		                 s);
	}
	unsigned long long v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max) {
		return cli_usage("record",
		                 "%s \"%s\" must be a whole number "
		                 "from %" PRIu64 " to %" PRIu64,
		                 flag, s, min, max);
	}
	*out = v;
	return EXIT_OK;
}

/* The author, seq and hash of a record given as hex. */
static int
parse_record_ref(const char *flag, const char *hex, arnet_ref *ref)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	arnet_record r;
	arnet_diag d;
	if (cli_read_hex_arg(hex, &buf, &len) != EXIT_OK) {
		return EXIT_ERR;
	}
	int rv = arnet_record_open(&r, buf, len, &d);
	if (rv == ARNET_OK) {
		memcpy(ref->author, r.author, sizeof(ref->author));
		ref->seq = r.seq;
		arnet_record_hash(ref->hash, buf, len);
	}
	free(buf);
	if (rv != ARNET_OK) {
		return cli_error("%s: not a valid record: %s", flag, d.msg);
	}
	return EXIT_OK;
}

static int
need(const char *flag, const char *v)
{
	if (v == NULL) {
		return cli_usage("record", "%s is required for this type",
		                 flag);
	}
	return EXIT_OK;
}

static int
fill_body(arnet_record *r, const sign_opts *o, const char *cur)
{
	arnet_diag d;
	uint64_t v;
	arnet_ref *target = NULL;
	switch (r->type) {
	case ARNET_REC_DEFAULT:
		if (need("--amount", o->amount) || need("--due", o->due) ||
		    need("--days-past-due", o->dpd)) {
			return EXIT_USAGE;
		}
		if (arnet_money_parse(&r->u.def.amount, o->amount, cur, &d)) {
			return cli_usage("record", "--amount: %s", d.msg);
		}
		memcpy(r->u.def.currency, cur, 4);
		if (arnet_date_parse(&r->u.def.due_date, o->due, &d)) {
			return cli_usage("record", "--due: %s", d.msg);
		}
		if (parse_u64("--days-past-due", o->dpd, 1, 36600, &v)) {
			return EXIT_USAGE;
		}
		r->u.def.days_past_due = (uint32_t)v;
		r->u.def.reason = (uint8_t)arnet_reason_parse(
		        o->reason ? o->reason : "non-payment");
		if (o->evidence != NULL &&
		    hash_file(r->u.def.evidence, o->evidence) != EXIT_OK) {
			return EXIT_ERR;
		}
		break;
	case ARNET_REC_CREDIT_STOP:
		r->u.stop.reason = (uint8_t)arnet_reason_parse(
		        o->reason ? o->reason : "non-payment");
		break;
	case ARNET_REC_SETTLEMENT:
		target = &r->u.settle.target;
		if (need("--how", o->how)) {
			return EXIT_USAGE;
		}
		r->u.settle.how = (uint8_t)arnet_settle_how_parse(o->how);
		if (r->u.settle.how == 0) {
			return cli_usage(
			        "record",
			        "--how must be paid, plan or written-off");
		}
		if (arnet_money_parse(&r->u.settle.amount,
		                      o->amount ? o->amount : "0", cur, &d)) {
			return cli_usage("record", "--amount: %s", d.msg);
		}
		memcpy(r->u.settle.currency, cur, 4);
		break;
	case ARNET_REC_LIFT:
		target = &r->u.lift.target;
		break;
	case ARNET_REC_DISPUTE:
		target = &r->u.dispute.target;
		r->u.dispute.status = (uint8_t)arnet_dispute_status_parse(
		        o->status ? o->status : "open");
		if (r->u.dispute.status == 0) {
			return cli_usage("record", "--status must be open, "
			                           "upheld or corrected");
		}
		break;
	}
	if ((r->type == ARNET_REC_DEFAULT ||
	     r->type == ARNET_REC_CREDIT_STOP) &&
	    o->reason != NULL && arnet_reason_parse(o->reason) == 0) {
		return cli_usage("record",
		                 "--reason must be non-payment, "
		                 "bounced-instrument, forged-documents, "
		                 "insolvency or other");
	}
	if (target != NULL) {
		if (need("--target", o->target)) {
			return EXIT_USAGE;
		}
		return parse_record_ref("--target", o->target, target);
	}
	return EXIT_OK;
}

static int
fill_record(arnet_record *r, const sign_opts *o)
{
	arnet_diag d;
	char cur[4];
	uint64_t v;
	int type = arnet_record_type_parse(o->type);
	if (type == 0) {
		return cli_usage("record", "--type must be default, "
		                           "credit-stop, settlement, lift or "
		                           "dispute");
	}
	arnet_record_init(r, (arnet_record_type)type);
	if (arnet_ident_parse(&r->subject, o->subject, &d) != ARNET_OK) {
		return cli_usage("record", "--subject: %s", d.msg);
	}
	if (arnet_currency_parse(cur, o->currency ? o->currency : "CNY", &d)) {
		return cli_usage("record", "--currency: %s", d.msg);
	}
	if (o->after != NULL) {
		arnet_ref prev;
		if (parse_record_ref("--after", o->after, &prev) != EXIT_OK) {
			return EXIT_ERR;
		}
		r->seq = prev.seq + 1;
		memcpy(r->prev, prev.hash, sizeof(r->prev));
	} else {
		if (parse_u64("--seq", o->seq ? o->seq : "1", 1, INT64_MAX,
		              &v)) {
			return EXIT_USAGE;
		}
		r->seq = v;
		if (o->prev != NULL) {
			size_t got = 0;
			if (sodium_hex2bin(r->prev, sizeof(r->prev), o->prev,
			                   strlen(o->prev), NULL, &got,
			                   NULL) != 0 ||
			    got != sizeof(r->prev) ||
			    strlen(o->prev) != 2 * sizeof(r->prev)) {
				return cli_usage("record", "--prev must be 64 "
				                           "hex digits");
			}
		}
	}
	if (o->created != NULL) {
		if (arnet_time_parse(&r->created, o->created, &d) != ARNET_OK) {
			return cli_usage("record", "--created: %s", d.msg);
		}
	} else {
		r->created = (int64_t)time(NULL);
	}
	if (o->note != NULL) {
		if (strlen(o->note) > ARNET_NOTE_MAX) {
			return cli_usage("record",
			                 "--note is longer than %d "
			                 "bytes",
			                 ARNET_NOTE_MAX);
		}
		memcpy(r->note, o->note, strlen(o->note) + 1);
	}
	return fill_body(r, o, cur);
}

static int
record_sign(cli_ctx *ctx, int argc, char **argv)
{
	sign_opts o = {0};
	const cli_opt opts[] = {
	        CLI_OPT("key", &o.key),
	        CLI_OPT("passphrase-file", &o.passfile),
	        CLI_OPT("type", &o.type),
	        CLI_OPT("subject", &o.subject),
	        CLI_OPT("seq", &o.seq),
	        CLI_OPT("prev", &o.prev),
	        CLI_OPT("after", &o.after),
	        CLI_OPT("created", &o.created),
	        CLI_OPT("amount", &o.amount),
	        CLI_OPT("currency", &o.currency),
	        CLI_OPT("due", &o.due),
	        CLI_OPT("days-past-due", &o.dpd),
	        CLI_OPT("reason", &o.reason),
	        CLI_OPT("evidence", &o.evidence),
	        CLI_OPT("target", &o.target),
	        CLI_OPT("how", &o.how),
	        CLI_OPT("status", &o.status),
	        CLI_OPT("note", &o.note),
	        CLI_END,
	};
	int code = cli_args("record", argc, argv, 1, opts, NULL, 0, 0, NULL);
	if (code != EXIT_OK) {
		return code;
	}
	if (o.key == NULL || o.type == NULL || o.subject == NULL) {
		return cli_usage(
		        "record",
		        "record sign needs --key, --type and --subject");
	}
	if (o.after != NULL && (o.seq != NULL || o.prev != NULL)) {
		return cli_usage("record", "--after replaces --seq and --prev");
	}

	arnet_record r;
	code = fill_record(&r, &o);
	if (code != EXIT_OK) {
		return code;
	}
	uint8_t *sk = sodium_malloc(ARNET_SECKEY_BYTES);
	if (sk == NULL) {
		return cli_error("out of memory");
	}
	if (cli_load_secret(o.key, o.passfile, sk) != EXIT_OK) {
		sodium_free(sk);
		return EXIT_ERR;
	}
	uint8_t out[ARNET_RECORD_MAX];
	size_t len = 0;
	arnet_diag d;
	int rv = arnet_record_sign(out, sizeof(out), &len, &r, sk, &d);
	sodium_free(sk);
	if (rv != ARNET_OK) {
		return cli_error("cannot sign: %s", d.msg);
	}
	char hex[2 * ARNET_RECORD_MAX + 1];
	sodium_bin2hex(hex, sizeof(hex), out, len);
	if (ctx->json) {
		uint8_t hash[ARNET_HASH_BYTES];
		arnet_record_hash(hash, out, len);
		cJSON *j = cJSON_CreateObject();
		if (j != NULL) {
			cJSON_AddStringToObject(j, "record_hex", hex);
			cJSON_AddItemToObject(
			        j, "hash", arnet_json_hex(hash, sizeof(hash)));
			cJSON_AddItemToObject(j, "fields",
			                      arnet_record_to_json(&r));
		}
		return cli_print_json(j);
	}
	puts(hex);
	return EXIT_OK;
}

int
cmd_record(cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2) {
		return cli_usage("record",
		                 "missing subcommand (decode or sign)");
	}
	if (strcmp(argv[1], "decode") == 0) {
		return record_decode(ctx, argc, argv);
	}
	if (strcmp(argv[1], "sign") == 0) {
		return record_sign(ctx, argc - 1, argv + 1);
	}
	return cli_usage("record", "unknown subcommand \"%s\"", argv[1]);
}
