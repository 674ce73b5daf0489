/*
 * record_json.c - the JSON form of a record's fields, both ways.
 *
 * Printing goes through cJSON objects (never hand-built strings); integers
 * are attached as raw digits so that int64 values print exactly.
 */
#include "arnet_record_json.h"
#include "arnet_date.h"
#include "arnet_money.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define JSON_INT_MAX INT64_C(9007199254740991) /* 2^53 - 1 */

cJSON *
arnet_json_int(int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%" PRId64, v);
	return cJSON_CreateRaw(buf);
}

cJSON *
arnet_json_hex(const uint8_t *p, size_t n)
{
	char buf[2 * ARNET_JSON_HEX_MAX + 1];
	if (n > ARNET_JSON_HEX_MAX) {
		return NULL;
	}
	sodium_bin2hex(buf, sizeof(buf), p, n);
	return cJSON_CreateString(buf);
}

static void
add(cJSON *o, const char *k, cJSON *v, int *ok)
{
	if (v == NULL || !cJSON_AddItemToObject(o, k, v)) {
		cJSON_Delete(v);
		*ok = 0;
	}
}

static cJSON *
ref_json(const arnet_ref *ref)
{
	cJSON *o = cJSON_CreateObject();
	int ok = o != NULL;
	if (ok) {
		add(o, "author",
		    arnet_json_hex(ref->author, ARNET_PUBKEY_BYTES), &ok);
		add(o, "seq", arnet_json_int((int64_t)ref->seq), &ok);
		add(o, "hash", arnet_json_hex(ref->hash, ARNET_HASH_BYTES),
		    &ok);
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *
date_json(int32_t day)
{
	char buf[ARNET_DATE_TEXT_MAX + 1];
	if (arnet_date_format(buf, sizeof(buf), day) != ARNET_OK) {
		return arnet_json_int(day);
	}
	return cJSON_CreateString(buf);
}

cJSON *
arnet_record_to_json(const arnet_record *r)
{
	cJSON *o = cJSON_CreateObject();
	int ok = o != NULL;
	if (!ok) {
		return NULL;
	}
	add(o, "version", arnet_json_int(r->version), &ok);
	add(o, "type", cJSON_CreateString(arnet_record_type_name(r->type)),
	    &ok);
	add(o, "author", arnet_json_hex(r->author, ARNET_PUBKEY_BYTES), &ok);
	add(o, "seq", arnet_json_int((int64_t)r->seq), &ok);
	add(o, "prev", arnet_json_hex(r->prev, ARNET_HASH_BYTES), &ok);
	add(o, "created", arnet_json_int(r->created), &ok);
	add(o, "subject", cJSON_CreateString(r->subject.text), &ok);
	switch (r->type) {
	case ARNET_REC_DEFAULT:
		add(o, "amount", arnet_json_int(r->u.def.amount), &ok);
		add(o, "currency", cJSON_CreateString(r->u.def.currency), &ok);
		add(o, "due_date", date_json(r->u.def.due_date), &ok);
		add(o, "days_past_due", arnet_json_int(r->u.def.days_past_due),
		    &ok);
		add(o, "reason",
		    cJSON_CreateString(arnet_reason_name(r->u.def.reason)),
		    &ok);
		add(o, "evidence",
		    arnet_json_hex(r->u.def.evidence, ARNET_HASH_BYTES), &ok);
		break;
	case ARNET_REC_CREDIT_STOP:
		add(o, "reason",
		    cJSON_CreateString(arnet_reason_name(r->u.stop.reason)),
		    &ok);
		break;
	case ARNET_REC_SETTLEMENT:
		add(o, "target", ref_json(&r->u.settle.target), &ok);
		add(o, "how",
		    cJSON_CreateString(arnet_settle_how_name(r->u.settle.how)),
		    &ok);
		add(o, "amount", arnet_json_int(r->u.settle.amount), &ok);
		add(o, "currency", cJSON_CreateString(r->u.settle.currency),
		    &ok);
		break;
	case ARNET_REC_LIFT:
		add(o, "target", ref_json(&r->u.lift.target), &ok);
		break;
	case ARNET_REC_DISPUTE:
		add(o, "target", ref_json(&r->u.dispute.target), &ok);
		add(o, "status",
		    cJSON_CreateString(
		            arnet_dispute_status_name(r->u.dispute.status)),
		    &ok);
		break;
	}
	add(o, "note", cJSON_CreateString(r->note), &ok);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* Field readers: each names the field it refuses. */

static const cJSON *
field(const cJSON *o, const char *k, int *rv, arnet_diag *d)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	if (v == NULL && *rv == ARNET_OK) {
		*rv = arnet_diag_set(d, ARNET_ESYNTAX, "field %s: missing", k);
	}
	return v;
}

/*
 * An exact integer from a JSON number, or from the raw digits that
 * arnet_json_int attaches (so an object built in memory reads back
 * without being printed first). 0 when v is neither, not an integer, or
 * beyond +-(2^53-1).
 */
static int
json_exact_int(const cJSON *v, int64_t *out)
{
	if (cJSON_IsRaw(v) && v->valuestring != NULL) {
		const char *p = v->valuestring;
		int neg = *p == '-';
		int64_t x = 0;
		p += neg;
		if (*p < '0' || *p > '9' || (p[0] == '0' && p[1] != '\0')) {
			return 0;
		}
		for (; *p >= '0' && *p <= '9'; p++) {
			x = x * 10 + (*p - '0');
			if (x > JSON_INT_MAX) {
				return 0;
			}
		}
		*out = neg ? -x : x;
		return *p == '\0';
	}
	double x = v->valuedouble;
	/* Range first: converting an out-of-range double is undefined. */
	if (!cJSON_IsNumber(v) || !(x >= -(double)JSON_INT_MAX) ||
	    !(x <= (double)JSON_INT_MAX) || x != (double)(int64_t)x) {
		return 0;
	}
	*out = (int64_t)x;
	return 1;
}

static int64_t
get_int(const cJSON *o, const char *k, int64_t min, int64_t max, int *rv,
        arnet_diag *d)
{
	const cJSON *v = field(o, k, rv, d);
	if (v == NULL || *rv != ARNET_OK) {
		return 0;
	}
	int64_t i = 0;
	if (!json_exact_int(v, &i)) {
		*rv = arnet_diag_set(d, ARNET_ESYNTAX,
		                     "field %s: expected an integer within "
		                     "+-(2^53-1)",
		                     k);
		return 0;
	}
	if (i < min || i > max) {
		*rv = arnet_diag_set(d, ARNET_ERANGE,
		                     "field %s: %" PRId64 " is outside %" PRId64
		                     "..%" PRId64,
		                     k, i, min, max);
		return 0;
	}
	return i;
}

static const char *
get_str(const cJSON *o, const char *k, int *rv, arnet_diag *d)
{
	const cJSON *v = field(o, k, rv, d);
	if (v == NULL || *rv != ARNET_OK) {
		return NULL;
	}
	if (!cJSON_IsString(v)) {
		*rv = arnet_diag_set(d, ARNET_ESYNTAX,
		                     "field %s: expected a string", k);
		return NULL;
	}
	return v->valuestring;
}

static void
get_hex(const cJSON *o, const char *k, uint8_t *out, size_t n, int *rv,
        arnet_diag *d)
{
	const char *s = get_str(o, k, rv, d);
	size_t got = 0;
	const char *end = NULL;
	if (s == NULL) {
		return;
	}
	if (strlen(s) != 2 * n ||
	    sodium_hex2bin(out, n, s, 2 * n, NULL, &got, &end) != 0 ||
	    got != n) {
		*rv = arnet_diag_set(d, ARNET_ESYNTAX,
		                     "field %s: expected %zu hex digits", k,
		                     2 * n);
	}
}

static uint8_t
get_enum(const cJSON *o, const char *k, int (*parse)(const char *), int *rv,
         arnet_diag *d)
{
	const char *s = get_str(o, k, rv, d);
	int v = s ? parse(s) : 0;
	if (s != NULL && v == 0) {
		*rv = arnet_diag_set(d, ARNET_ERANGE,
		                     "field %s: unknown value "
		                     "\"%.40s\"",
		                     k, s);
	}
	return (uint8_t)v;
}

static void
get_currency(const cJSON *o, char out[4], int *rv, arnet_diag *d)
{
	const char *s = get_str(o, "currency", rv, d);
	if (s != NULL && strlen(s) == 3) {
		memcpy(out, s, 4);
	} else if (s != NULL) {
		*rv = arnet_diag_set(d, ARNET_ECURRENCY,
		                     "field currency: expected 3 letters");
	}
}

static void
get_ref(const cJSON *o, arnet_ref *ref, int *rv, arnet_diag *d)
{
	const cJSON *t = field(o, "target", rv, d);
	if (t == NULL || *rv != ARNET_OK) {
		return;
	}
	if (!cJSON_IsObject(t)) {
		*rv = arnet_diag_set(d, ARNET_ESYNTAX,
		                     "field target: expected an object");
		return;
	}
	get_hex(t, "author", ref->author, ARNET_PUBKEY_BYTES, rv, d);
	ref->seq = (uint64_t)get_int(t, "seq", 0, JSON_INT_MAX, rv, d);
	get_hex(t, "hash", ref->hash, ARNET_HASH_BYTES, rv, d);
}

static const char *const common_fields[] = {"version", "type", "author",
                                            "seq",     "prev", "created",
                                            "subject", "note", NULL};
static const char *const body_fields[][7] = {
        [ARNET_REC_DEFAULT] = {"amount", "currency", "due_date",
                               "days_past_due", "reason", "evidence", NULL},
        [ARNET_REC_CREDIT_STOP] = {"reason", NULL},
        [ARNET_REC_SETTLEMENT] = {"target", "how", "amount", "currency", NULL},
        [ARNET_REC_LIFT] = {"target", NULL},
        [ARNET_REC_DISPUTE] = {"target", "status", NULL},
};

static int
known_field(const char *const *list, const char *k)
{
	for (; *list != NULL; list++) {
		if (strcmp(*list, k) == 0) {
			return 1;
		}
	}
	return 0;
}

int
arnet_record_from_json(arnet_record *r, const cJSON *o, arnet_diag *d)
{
	int rv = ARNET_OK;
	arnet_diag_clear(d);
	if (!cJSON_IsObject(o)) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "record fields must be a JSON object");
	}
	int type = get_enum(o, "type", arnet_record_type_parse, &rv, d);
	if (rv != ARNET_OK) {
		return rv == ARNET_ERANGE ? ARNET_ETYPE : rv;
	}
	arnet_record_init(r, (arnet_record_type)type);
	for (const cJSON *c = o->child; c != NULL; c = c->next) {
		if (!known_field(common_fields, c->string) &&
		    !known_field(body_fields[type], c->string)) {
			return arnet_diag_set(
			        d, ARNET_ESYNTAX,
			        "field %.40s: not a field of a %s "
			        "record",
			        c->string, arnet_record_type_name(type));
		}
	}
	r->version = (uint8_t)get_int(o, "version", 0, 255, &rv, d);
	if (cJSON_GetObjectItemCaseSensitive(o, "author") != NULL) {
		get_hex(o, "author", r->author, ARNET_PUBKEY_BYTES, &rv, d);
	}
	r->seq = (uint64_t)get_int(o, "seq", 0, JSON_INT_MAX, &rv, d);
	get_hex(o, "prev", r->prev, ARNET_HASH_BYTES, &rv, d);
	r->created = get_int(o, "created", 0, JSON_INT_MAX, &rv, d);
	const char *subj = get_str(o, "subject", &rv, d);
	if (subj != NULL) {
		arnet_diag sub;
		int srv = arnet_ident_parse_canonical(&r->subject, subj,
		                                      strlen(subj), &sub);
		if (srv != ARNET_OK) {
			return arnet_diag_set(d, srv, "field subject: %s",
			                      sub.msg);
		}
	}
	switch (type) {
	case ARNET_REC_DEFAULT: {
		r->u.def.amount = get_int(o, "amount", 0, JSON_INT_MAX, &rv, d);
		get_currency(o, r->u.def.currency, &rv, d);
		const char *due = get_str(o, "due_date", &rv, d);
		if (due != NULL && arnet_date_parse(&r->u.def.due_date, due,
		                                    NULL) != ARNET_OK) {
			rv = arnet_diag_set(
			        d, ARNET_ESYNTAX,
			        "field due_date: expected YYYY-MM-DD");
		}
		r->u.def.days_past_due = (uint32_t)get_int(
		        o, "days_past_due", 0, UINT32_MAX, &rv, d);
		r->u.def.reason =
		        get_enum(o, "reason", arnet_reason_parse, &rv, d);
		get_hex(o, "evidence", r->u.def.evidence, ARNET_HASH_BYTES, &rv,
		        d);
		break;
	}
	case ARNET_REC_CREDIT_STOP:
		r->u.stop.reason =
		        get_enum(o, "reason", arnet_reason_parse, &rv, d);
		break;
	case ARNET_REC_SETTLEMENT:
		get_ref(o, &r->u.settle.target, &rv, d);
		r->u.settle.how =
		        get_enum(o, "how", arnet_settle_how_parse, &rv, d);
		r->u.settle.amount =
		        get_int(o, "amount", 0, JSON_INT_MAX, &rv, d);
		get_currency(o, r->u.settle.currency, &rv, d);
		break;
	case ARNET_REC_LIFT:
		get_ref(o, &r->u.lift.target, &rv, d);
		break;
	case ARNET_REC_DISPUTE:
		get_ref(o, &r->u.dispute.target, &rv, d);
		r->u.dispute.status = get_enum(
		        o, "status", arnet_dispute_status_parse, &rv, d);
		break;
	}
	const char *note = get_str(o, "note", &rv, d);
	if (note != NULL) {
		if (strlen(note) > ARNET_NOTE_MAX) {
			return arnet_diag_set(
			        d, ARNET_ETOOBIG,
			        "field note: longer than %d bytes",
			        ARNET_NOTE_MAX);
		}
		memcpy(r->note, note, strlen(note) + 1);
	}
	return rv;
}
