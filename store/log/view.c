/*
 * view.c - the shared log's records as a person reads them
 * (arnet_log_view.h).
 *
 * One pass reads and decodes every record and hashes it once; an index
 * of the entries sorted by hash lets each SETTLEMENT, LIFT and DISPUTE
 * find its target by binary search, so the work is O(n log n) whatever
 * the order of the records.
 */
#include "arnet_dispute.h"
#include "arnet_grow.h"
#include "arnet_log_view.h"

#include <stdlib.h>
#include <string.h>

typedef struct build {
	arnet_log_view *out;
	size_t cap;
	const arnet_roster *roster;
	int keep_bytes;
	int64_t *closed_at;
} build;

static int
take(const uint8_t *b, size_t len, void *arg)
{
	build *x = arg;
	arnet_log_view *o = x->out;
	if (ARNET_GROW(&o->v, o->n, &x->cap, 32) != ARNET_OK) {
		return ARNET_ENOMEM;
	}
	arnet_view_entry *e = &o->v[o->n];
	memset(e, 0, sizeof(*e));
	if (arnet_record_decode(&e->r, b, len, NULL) != ARNET_OK) {
		return 0; /* the log holds valid records only */
	}
	arnet_record_hash(e->hash, b, len);
	e->member_ok =
	        x->roster != NULL &&
	        arnet_member_valid_at(x->roster, e->r.author, e->r.created,
	                              NULL) == ARNET_MEMBER_OK;
	if (x->keep_bytes) {
		if ((e->bytes = malloc(len)) == NULL) {
			return ARNET_ENOMEM;
		}
		memcpy(e->bytes, b, len);
		e->len = len;
	}
	o->n++;
	return 0;
}

static int
by_hash(const void *x, const void *y)
{
	return memcmp(((const arnet_view_key *)x)->hash,
	              ((const arnet_view_key *)y)->hash, ARNET_HASH_BYTES);
}

static long
find_index(const arnet_log_view *v, const uint8_t *hash)
{
	arnet_view_key key;
	memcpy(key.hash, hash, ARNET_HASH_BYTES);
	const arnet_view_key *k =
	        v->n > 0 ? bsearch(&key, v->by_hash, v->n, sizeof(key), by_hash)
	                 : NULL;
	return k != NULL ? (long)k->i : -1;
}

const arnet_view_entry *
arnet_log_view_find(const arnet_log_view *v,
                    const uint8_t hash[ARNET_HASH_BYTES])
{
	long k = find_index(v, hash);
	return k >= 0 ? &v->v[k] : NULL;
}

void
arnet_log_view_free(arnet_log_view *v)
{
	for (size_t i = 0; v->v != NULL && i < v->n; i++) {
		free(v->v[i].bytes);
	}
	free(v->v);
	free(v->by_hash);
	memset(v, 0, sizeof(*v));
}

/* What closer (a SETTLEMENT, LIFT or DISPUTE) does to its target. */
static void
link_one(build *x, const arnet_view_entry *c)
{
	arnet_log_view *o = x->out;
	const arnet_ref *ref =
	        c->r.type == ARNET_REC_SETTLEMENT ? &c->r.u.settle.target
	        : c->r.type == ARNET_REC_LIFT     ? &c->r.u.lift.target
	        : c->r.type == ARNET_REC_DISPUTE  ? &c->r.u.dispute.target
	                                          : NULL;
	long k = ref != NULL ? find_index(o, ref->hash) : -1;
	if (k < 0) {
		return;
	}
	arnet_view_entry *t = &o->v[k];
	if (c->r.type == ARNET_REC_DISPUTE) {
		t->disputes +=
		        arnet_dispute_marks(x->roster, &c->r, &t->r, t->hash);
		return;
	}
	if (!arnet_record_closes(&c->r, &t->r) ||
	    (t->closed && c->r.created < x->closed_at[k])) {
		return; /* only the author closes; the latest closing decides */
	}
	x->closed_at[k] = c->r.created;
	t->closed = c->r.type;
	t->settle_how =
	        c->r.type == ARNET_REC_SETTLEMENT ? c->r.u.settle.how : 0;
	memcpy(t->closed_by, c->hash, ARNET_HASH_BYTES);
}

int
arnet_log_view_build(arnet_txn *t, const arnet_ident *subject,
                     const arnet_roster *roster, int keep_bytes,
                     arnet_log_view *out, arnet_diag *d)
{
	build x = {.out = out, .roster = roster, .keep_bytes = keep_bytes};
	memset(out, 0, sizeof(*out));
	int rv = subject != NULL ? arnet_log_by_subject(t, subject, take, &x, d)
	                         : arnet_log_all(t, take, &x, d);
	if (rv == ARNET_OK && out->n > 0) {
		out->by_hash = malloc(out->n * sizeof(*out->by_hash));
		x.closed_at = calloc(out->n, sizeof(*x.closed_at));
		if (out->by_hash == NULL || x.closed_at == NULL) {
			rv = ARNET_ENOMEM;
		}
	}
	if (rv == ARNET_OK && out->n > 0) {
		for (size_t i = 0; i < out->n; i++) {
			memcpy(out->by_hash[i].hash, out->v[i].hash,
			       ARNET_HASH_BYTES);
			out->by_hash[i].i = i;
		}
		qsort(out->by_hash, out->n, sizeof(*out->by_hash), by_hash);
		for (size_t i = 0; i < out->n; i++) {
			link_one(&x, &out->v[i]);
		}
	}
	free(x.closed_at);
	if (rv == ARNET_ENOMEM) {
		rv = arnet_diag_set(d, rv, "out of memory reading the log");
	}
	if (rv != ARNET_OK) {
		arnet_log_view_free(out);
	}
	return rv;
}
