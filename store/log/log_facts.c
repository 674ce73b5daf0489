/*
 * log_facts.c - what the shared log says about a subject (arnet_log_facts.h).
 *
 * Every record about the subject is decoded and hashed once. The
 * DEFAULTs and CREDIT_STOPs that count become facts, kept sorted by hash,
 * so each SETTLEMENT, LIFT and DISPUTE finds its target by binary search:
 * the work is O(n log n) in the records about the subject, whatever their
 * order or how many a member wrote.
 */
#include "arnet_dispute.h"
#include "arnet_grow.h"
#include "arnet_log.h"
#include "arnet_log_facts.h"

#include "arnet_date.h"
#include "arnet_money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY ARNET_DAY_SECONDS

typedef struct item {
	arnet_record r;
	uint8_t hash[ARNET_HASH_BYTES];
	int counts;         /* the author was a member in force at its time */
	const char *member; /* its member id, when it counts */
} item;

typedef struct gather {
	item *v;
	size_t n, cap;
	int64_t as_of;
	const arnet_roster *roster;
	int records, not_members;
} gather;

static int
take(const uint8_t *b, size_t len, void *arg)
{
	gather *g = arg;
	if (ARNET_GROW(&g->v, g->n, &g->cap, 16) != ARNET_OK) {
		return ARNET_ENOMEM;
	}
	item *it = &g->v[g->n];
	if (arnet_record_decode(&it->r, b, len, NULL) != ARNET_OK ||
	    it->r.created > g->as_of) {
		return 0; /* the log holds valid records; later ones unseen */
	}
	g->records++;
	arnet_record_hash(it->hash, b, len);
	const arnet_cert *cert = NULL;
	it->counts =
	        g->roster != NULL &&
	        arnet_member_valid_at(g->roster, it->r.author, it->r.created,
	                              &cert) == ARNET_MEMBER_OK;
	it->member = it->counts && cert != NULL ? cert->member_id.text : NULL;
	/* A DISPUTE by the administrator counts although the root key is
	 * no member: arnet_dispute_marks decides who may mark what. */
	if (!it->counts && it->r.type == ARNET_REC_DISPUTE &&
	    g->roster != NULL) {
		it->counts = 1;
	} else if (!it->counts) {
		g->not_members++;
	}
	g->n++;
	return 0;
}

static int
no_evidence(const arnet_fact *f)
{
	for (size_t i = 0; i < ARNET_HASH_BYTES; i++) {
		if (f->r.u.def.evidence[i] != 0) {
			return 0;
		}
	}
	return 1;
}

static int
by_hash(const void *x, const void *y)
{
	return memcmp(((const arnet_fact *)x)->hash,
	              ((const arnet_fact *)y)->hash, ARNET_HASH_BYTES);
}

static int
oldest_first(const void *x, const void *y)
{
	const arnet_fact *a = x, *b = y;
	if (a->r.created != b->r.created) {
		return a->r.created < b->r.created ? -1 : 1;
	}
	int c = memcmp(a->r.author, b->r.author, ARNET_PUBKEY_BYTES);
	return c != 0 ? c : (a->r.seq > b->r.seq) - (a->r.seq < b->r.seq);
}

static arnet_fact *
find(arnet_log_facts *f, const uint8_t *hash)
{
	arnet_fact key;
	memcpy(key.hash, hash, ARNET_HASH_BYTES);
	return bsearch(&key, f->v, f->n, sizeof(*f->v), by_hash);
}

/* What a closing record (SETTLEMENT, LIFT, DISPUTE) does to its target. */
static void
apply(arnet_log_facts *f, const arnet_roster *roster, const item *c,
      int64_t *dispute_at, int64_t *closed_at)
{
	const arnet_ref *ref =
	        c->r.type == ARNET_REC_SETTLEMENT ? &c->r.u.settle.target
	        : c->r.type == ARNET_REC_LIFT     ? &c->r.u.lift.target
	                                          : &c->r.u.dispute.target;
	arnet_fact *t = find(f, ref->hash);
	if (t == NULL) {
		return;
	}
	size_t k = (size_t)(t - f->v);
	if (c->r.type == ARNET_REC_DISPUTE) {
		if (arnet_dispute_marks(roster, &c->r, &t->r, t->hash) &&
		    c->r.created >= dispute_at[k]) {
			dispute_at[k] = c->r.created;
			t->dispute = c->r.u.dispute.status == ARNET_DISPUTE_OPEN
			                     ? ARNET_FACT_DISPUTE_OPEN
			                     : ARNET_FACT_STRUCK;
		}
		return;
	}
	if (!arnet_record_closes(&c->r, &t->r) || c->r.created < closed_at[k]) {
		return; /* only the author closes; the latest closing decides */
	}
	closed_at[k] = c->r.created;
	t->ended = c->r.created;
	if (c->r.type == ARNET_REC_LIFT) {
		t->state = ARNET_FACT_LIFTED;
		return;
	}
	int how = c->r.u.settle.how;
	int64_t amount = t->r.u.def.amount, got = c->r.u.settle.amount;
	int same = strcmp(c->r.u.settle.currency, t->r.u.def.currency) == 0;
	t->state = how == ARNET_SETTLE_PAID   ? ARNET_FACT_PAID
	           : how == ARNET_SETTLE_PLAN ? ARNET_FACT_PLAN
	                                      : ARNET_FACT_WRITTEN_OFF;
	t->recovered = same ? (got < amount ? got : amount) : 0;
	/* "Paid" without an amount is paid in full; a paid settlement of
	 * less, or in another currency, leaves the rest owed (a loss). */
	if (how == ARNET_SETTLE_PAID && (got == 0 || (same && got >= amount))) {
		t->recovered = amount;
	}
	t->owed = amount - t->recovered;
}

int
arnet_log_facts_gather(arnet_txn *t, const arnet_ident *subject, int64_t as_of,
                       const arnet_roster *roster, int retention_days,
                       int unverified_days, arnet_log_facts *out, arnet_diag *d)
{
	gather g = {.as_of = as_of, .roster = roster};
	int64_t *dispute_at = NULL, *closed_at = NULL;
	memset(out, 0, sizeof(*out));
	int rv = arnet_log_by_subject(t, subject, take, &g, d);
	if (rv == ARNET_ENOMEM) {
		rv = arnet_diag_set(d, rv, "out of memory reading the log");
	}
	if (rv != ARNET_OK) {
		goto fail;
	}
	out->records = g.records;
	out->not_members = g.not_members;
	size_t nf = 0;
	for (size_t i = 0; i < g.n; i++) {
		nf += g.v[i].counts && (g.v[i].r.type == ARNET_REC_DEFAULT ||
		                        g.v[i].r.type == ARNET_REC_CREDIT_STOP);
	}
	out->v = calloc(nf + 1, sizeof(*out->v));
	dispute_at = calloc(nf + 1, sizeof(*dispute_at));
	closed_at = calloc(nf + 1, sizeof(*closed_at));
	if (out->v == NULL || dispute_at == NULL || closed_at == NULL) {
		rv = arnet_diag_set(d, ARNET_ENOMEM,
		                    "out of memory reading the log");
		goto fail;
	}
	for (size_t i = 0; i < g.n; i++) {
		const item *it = &g.v[i];
		if (!it->counts || (it->r.type != ARNET_REC_DEFAULT &&
		                    it->r.type != ARNET_REC_CREDIT_STOP)) {
			continue;
		}
		arnet_fact *f = &out->v[out->n++];
		f->r = it->r;
		memcpy(f->hash, it->hash, ARNET_HASH_BYTES);
		f->member =
		        it->member != NULL
		                ? it->member
		                : arnet_roster_member_id(roster, it->r.author);
		if (it->r.type == ARNET_REC_DEFAULT) {
			f->state = ARNET_FACT_UNPAID;
			f->owed = it->r.u.def.amount;
		} else {
			f->state = ARNET_FACT_STOP;
		}
	}
	qsort(out->v, out->n, sizeof(*out->v), by_hash);
	for (size_t i = 0; i < g.n; i++) {
		if (g.v[i].counts && (g.v[i].r.type == ARNET_REC_SETTLEMENT ||
		                      g.v[i].r.type == ARNET_REC_LIFT ||
		                      g.v[i].r.type == ARNET_REC_DISPUTE)) {
			apply(out, roster, &g.v[i], dispute_at, closed_at);
		}
	}
	/* Open disputes older than the period; retention; equivocation
	 * (one head read per fact, and none when no feed is flagged). */
	int64_t keep = (int64_t)retention_days * DAY;
	int any_equivocated = arnet_log_any_equivocated(t);
	size_t w = 0;
	for (size_t i = 0; i < out->n; i++) {
		arnet_fact *f = &out->v[i];
		arnet_head h;
		if (f->dispute == ARNET_FACT_DISPUTE_OPEN &&
		    as_of - dispute_at[i] > (int64_t)unverified_days * DAY) {
			f->dispute = ARNET_FACT_DISPUTE_UNVERIFIED;
		}
		if (f->ended != 0 && as_of - f->ended > keep) {
			out->past_retention++;
			continue;
		}
		if (any_equivocated &&
		    (rv = arnet_log_head(t, f->r.author, &h, d)) != ARNET_OK) {
			goto fail;
		}
		f->equivocated = any_equivocated && h.equivocated;
		out->v[w++] = *f;
	}
	out->n = w;
	qsort(out->v, out->n, sizeof(*out->v), oldest_first);
	free(g.v);
	free(dispute_at);
	free(closed_at);
	return ARNET_OK;
fail:
	free(g.v);
	free(dispute_at);
	free(closed_at);
	arnet_log_facts_free(out);
	return rv;
}

void
arnet_log_facts_free(arnet_log_facts *f)
{
	free(f->v);
	memset(f, 0, sizeof(*f));
}

const char *
arnet_fact_state_name(int state)
{
	static const char *const names[] = {
	        "unknown",     "unpaid",   "payment plan", "paid",
	        "written off", "in force", "lifted"};
	return state >= 1 && state <= 6 ? names[state] : names[0];
}

static const char *
dispute_note(int dispute)
{
	return dispute == ARNET_FACT_DISPUTE_UNVERIFIED
	               ? "; disputed, open beyond the verification period: "
	                 "unverified"
	       : dispute == ARNET_FACT_DISPUTE_OPEN ? "; disputed: open"
	       : dispute == ARNET_FACT_STRUCK
	               ? "; a dispute was upheld or corrected"
	               : "";
}

void
arnet_fact_describe(char *buf, size_t cap, const arnet_fact *f)
{
	char when[16], end[16], m[ARNET_MONEY_TEXT_MAX + 1],
	        left[ARNET_MONEY_TEXT_MAX + 1];
	(void)arnet_date_format(when, sizeof(when),
	                        arnet_date_from_unix(f->r.created));
	(void)arnet_date_format(end, sizeof(end),
	                        arnet_date_from_unix(f->ended));
	if (f->r.type == ARNET_REC_CREDIT_STOP) {
		snprintf(buf, cap, "credit stop by %s since %s (%s)%s%s%s",
		         f->member, when, arnet_reason_name(f->r.u.stop.reason),
		         f->state == ARNET_FACT_LIFTED ? ", lifted on " : "",
		         f->state == ARNET_FACT_LIFTED ? end : "",
		         dispute_note(f->dispute));
		return;
	}
	const char *cur = f->r.u.def.currency;
	(void)arnet_money_format(m, sizeof(m), f->r.u.def.amount, cur, 1);
	(void)arnet_money_format(left, sizeof(left), f->owed, cur, 1);
	char settled[120] = "";
	if (f->state != ARNET_FACT_UNPAID) {
		snprintf(settled, sizeof(settled),
		         "; settled (%s) on %s%s%s%s%s",
		         arnet_fact_state_name(f->state), end,
		         f->owed > 0 ? ", " : "", f->owed > 0 ? left : "",
		         f->owed > 0 ? " " : "", f->owed > 0 ? cur : "");
		if (f->owed > 0) {
			snprintf(settled + strlen(settled),
			         sizeof(settled) - strlen(settled),
			         " still unpaid");
		}
	}
	snprintf(buf, cap,
	         "%s default reported by %s on %s: %s %s, %u days past due "
	         "when reported (%s)%s%s%s",
	         f->state == ARNET_FACT_UNPAID ? "unpaid" : "settled",
	         f->member, when, m, cur, f->r.u.def.days_past_due,
	         arnet_reason_name(f->r.u.def.reason), settled,
	         no_evidence(f) ? "; no evidence" : "",
	         dispute_note(f->dispute));
}

int
arnet_fact_owing(const arnet_fact *f)
{
	return f->r.type == ARNET_REC_DEFAULT && f->owed > 0;
}
