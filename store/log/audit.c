/*
 * audit.c - the survey audit log (arnet_audit.h).
 *
 * Value: u8 version (1), i64 time, u8 kind, u8 outcome, str8 subject,
 * 32 member key, str8 member id, u32 asked, u32 answers, str8 detail.
 * For a question, `asked` counts the rate-limited questions an entry
 * stands for (0: one question; arnet_audit.h).
 */
#include "arnet_audit.h"
#include "arnet_codec.h"
#include "txn.h"

#include <string.h>

#define AUDIT_VALUE_MAX 600

static const char *const KINDS[] = {NULL, "asked", "question"};
static const char *const OUTCOMES[] = {
        NULL,           "answered", "no experience", "policy never",
        "rate limited", "replayed", "failed"};

const char *
arnet_audit_kind_name(int kind)
{
	return kind >= ARNET_AUDIT_ASKED && kind <= ARNET_AUDIT_QUESTION
	               ? KINDS[kind]
	               : "unknown";
}

const char *
arnet_audit_outcome_name(int outcome)
{
	return outcome >= 1 && outcome < ARNET_AUDIT_OUTCOME_COUNT
	               ? OUTCOMES[outcome]
	               : "";
}

int
arnet_audit_append(arnet_txn *t, arnet_audit_entry *e, arnet_diag *d)
{
	uint8_t val[AUDIT_VALUE_MAX], key[8];
	arnet_wbuf w;
	arnet_wbuf_init(&w, val, sizeof(val));
	arnet_put_u8(&w, 1);
	arnet_put_u64(&w, (uint64_t)e->time);
	arnet_put_u8(&w, e->kind);
	arnet_put_u8(&w, e->outcome);
	arnet_put_str8(&w, e->subject.text, strlen(e->subject.text),
	               ARNET_ID_MAX);
	arnet_put_bytes(&w, e->member_key, sizeof(e->member_key));
	arnet_put_str8(&w, e->member_id, strlen(e->member_id), ARNET_ID_MAX);
	arnet_put_u32(&w, e->asked);
	arnet_put_u32(&w, e->answers);
	arnet_put_str8(&w, e->detail, strlen(e->detail), 200);
	if (w.err != ARNET_OK) {
		return arnet_diag_set(d, ARNET_EINVAL,
		                      "audit entry does not fit");
	}
	int rv = st_counter_next(t, "next_audit", &e->number, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	arnet_be64_write(key, e->number);
	return st_put(t, ST_AUDIT, key, sizeof(key), val, w.len, 0, d);
}

typedef struct scan {
	int64_t since;
	arnet_audit_fn fn;
	void *arg;
	arnet_diag *d;
} scan;

static int
one(const MDB_val *k, const MDB_val *v, void *arg)
{
	scan *s = arg;
	arnet_audit_entry e;
	arnet_rbuf r;
	memset(&e, 0, sizeof(e));
	arnet_rbuf_init(&r, v->mv_data, v->mv_size, NULL);
	uint8_t version = arnet_get_u8(&r, "version");
	e.time = (int64_t)arnet_get_u64(&r, "time");
	e.kind = arnet_get_u8(&r, "kind");
	e.outcome = arnet_get_u8(&r, "outcome");
	arnet_get_str8(&r, e.subject.text, sizeof(e.subject.text), "subject");
	arnet_get_bytes(&r, e.member_key, sizeof(e.member_key), "key");
	arnet_get_str8(&r, e.member_id, sizeof(e.member_id), "member_id");
	e.asked = arnet_get_u32(&r, "asked");
	e.answers = arnet_get_u32(&r, "answers");
	arnet_get_str8(&r, e.detail, sizeof(e.detail), "detail");
	if (arnet_rbuf_finish(&r) != ARNET_OK || version != 1 ||
	    k->mv_size != 8) {
		return arnet_diag_set(s->d, ARNET_ESTORE,
		                      "audit entry cannot be read");
	}
	e.number = arnet_be64_read(k->mv_data);
	if (e.time < s->since) {
		return 0;
	}
	return s->fn(&e, s->arg);
}

int
arnet_audit_scan(arnet_txn *t, int64_t since, arnet_audit_fn fn, void *arg,
                 arnet_diag *d)
{
	scan s = {since, fn, arg, d};
	return st_scan(t, ST_AUDIT, NULL, 0, one, &s, d);
}
