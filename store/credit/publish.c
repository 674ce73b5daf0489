/*
 * publish.c - the records this member signs, from the books and the log
 * (arnet_publish.h): one builder per type, then the rules, then the
 * signature and the append, in the caller's write transaction.
 */
#include "arnet_books.h"
#include "arnet_corrections.h"
#include "arnet_log.h"
#include "arnet_log_view.h"
#include "arnet_money.h"
#include "arnet_publish.h"
#include "arnet_reports.h"
#include "arnet_roster_store.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* The rules on j->r, with the individual mark of the subject's customer
 * record (none when it is not a customer). */
static int
check_rules(arnet_txn *t, arnet_publish_job *j, arnet_diag *d)
{
	arnet_customer c;
	int rv = arnet_customer_get(t, &j->r.subject, &c, d);
	if (rv != ARNET_OK && rv != ARNET_ENOTFOUND) {
		return rv;
	}
	int marked = rv == ARNET_OK && c.individual;
	return arnet_publish_rules_check(&j->r, marked, &j->rules, &j->verdict,
	                                 d);
}

/* Sign j->r as the next record of the member's feed, under the roster
 * this node follows, and append it. */
static int
sign_and_append(arnet_txn *t, arnet_publish_job *j, arnet_diag *d)
{
	arnet_roster roster;
	int rv = arnet_roster_current(t, &roster, NULL, NULL, d);
	if (rv == ARNET_ENOTFOUND) {
		return arnet_diag_set(
		        d, rv,
		        "no roster yet: import the association's "
		        "roster first (arnet roster import FILE)");
	}
	if (rv != ARNET_OK) {
		return rv;
	}
	rv = arnet_log_append_own(t, &j->r, j->sk, &roster, j->out, &j->len, d);
	arnet_roster_free(&roster);
	if (rv == ARNET_OK) {
		arnet_record_hash(j->hash, j->out, j->len);
	}
	return rv;
}

static int
build_default(arnet_txn *t, arnet_publish_job *j, arnet_diag *d)
{
	arnet_invoice_state st;
	int rv = arnet_invoice_state_get(t, j->invoice, j->today, j->books, &st,
	                                 d);
	if (rv != ARNET_OK) {
		return rv;
	}
	/* What the customer still owes: a write-off is the firm's loss in
	 * its books, not a debt forgiven, so it counts. */
	arnet_standing sd;
	arnet_standing_of(&sd, &st.inv, st.allocs, st.nallocs, j->today);
	int64_t left = st.outstanding + sd.written_off;
	int32_t dpd = st.days_past_due;
	arnet_invoice_state_free(&st);
	if (left <= 0) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "invoice %s is %s: nothing to report",
		                      j->invoice,
		                      sd.state == ARNET_STANDS_PAID
		                              ? "paid"
		                              : "credited or void in full");
	}
	j->r.subject = st.inv.customer;
	j->r.u.def.amount = left;
	memcpy(j->r.u.def.currency, st.inv.currency, 4);
	j->r.u.def.due_date = st.inv.due;
	j->r.u.def.days_past_due = dpd > 0 ? (uint32_t)dpd : 0;
	j->r.u.def.reason = ARNET_REASON_NON_PAYMENT;
	/* The record carries the first document's hash; the others are in
	 * the books, linked to the invoice. */
	if (j->nev > 0) {
		memcpy(j->r.u.def.evidence, j->ev[0].hash, ARNET_HASH_BYTES);
	}
	snprintf(j->r.note, sizeof(j->r.note), "invoice %s", st.inv.number);
	if ((rv = check_rules(t, j, d)) != ARNET_OK) {
		return rv;
	}
	for (int i = 0; i < j->nev; i++) {
		j->ev[i].customer = st.inv.customer;
		snprintf(j->ev[i].invoice, sizeof(j->ev[i].invoice), "%s",
		         st.inv.number);
		if ((rv = arnet_evidence_add(t, &j->ev[i], NULL, d)) != 0) {
			return rv;
		}
	}
	return ARNET_OK;
}

/* The target record: decoded, and its reference (author, seq, hash). */
typedef struct target {
	arnet_record r;
	arnet_ref ref;
} target;

/* The reference to r, whose hash is given. */
static arnet_ref
ref_of(const arnet_record *r, const uint8_t hash[ARNET_HASH_BYTES])
{
	arnet_ref ref;
	memcpy(ref.author, r->author, ARNET_PUBKEY_BYTES);
	ref.seq = r->seq;
	memcpy(ref.hash, hash, ARNET_HASH_BYTES);
	return ref;
}

static int
take(const uint8_t *b, size_t len, void *arg)
{
	target *g = arg;
	if (arnet_record_decode(&g->r, b, len, NULL) == ARNET_OK) {
		uint8_t hash[ARNET_HASH_BYTES];
		arnet_record_hash(hash, b, len);
		g->ref = ref_of(&g->r, hash);
	}
	return 0;
}

static int
find_target(arnet_txn *t, const arnet_publish_job *j, target *g, arnet_diag *d)
{
	memset(g, 0, sizeof(*g));
	return arnet_log_get(t, j->target, take, g, d);
}

/* The invoice one of this member's DEFAULTs was built from: its note
 * says "invoice NUMBER" (build_default). 0 when it does not. */
static int
default_invoice(const arnet_record *def, char *number, size_t cap)
{
	static const char lead[] = "invoice ";
	size_t n = strlen(def->note);
	if (strncmp(def->note, lead, sizeof(lead) - 1) != 0 ||
	    n - (sizeof(lead) - 1) >= cap || n == sizeof(lead) - 1) {
		return 0;
	}
	memcpy(number, def->note + sizeof(lead) - 1,
	       n - (sizeof(lead) - 1) + 1);
	return 1;
}

/* The write-offs of one invoice: how many, what they took off, the last. */
typedef struct write_offs {
	const char *invoice;
	size_t n;
	int64_t amount;
	uint64_t last;
} write_offs;

static int
take_write_off(const arnet_correction *c, void *arg)
{
	write_offs *w = arg;
	if (c->kind == ARNET_CORR_WRITE_OFF &&
	    strcmp(c->invoice, w->invoice) == 0) {
		w->n++;
		w->amount += c->amount;
		w->last = c->id;
	}
	return 0;
}

/* A settlement says what the books say about the DEFAULT's invoice:
 * "paid" only when nothing is outstanding on it as of j->today, "written
 * off" only when the books hold its write-off, which the note then names
 * (so the record points to the document). A DEFAULT whose invoice the
 * books do not hold can be settled paid or by a plan unchecked, never
 * written off. */
static int
settle_check_books(arnet_txn *t, arnet_publish_job *j, const arnet_record *def,
                   arnet_diag *d)
{
	char number[ARNET_INVOICE_NO_MAX + 1], left[40];
	arnet_invoice_state st;
	int known = default_invoice(def, number, sizeof(number)), rv;
	write_offs w = {.invoice = number};

	if (j->r.u.settle.how == ARNET_SETTLE_PLAN) {
		return ARNET_OK;
	}
	rv = known ? arnet_invoice_state_get(t, number, j->today, j->books, &st,
	                                     d)
	           : ARNET_ENOTFOUND;
	if (rv == ARNET_ENOTFOUND && j->r.u.settle.how == ARNET_SETTLE_PAID) {
		return ARNET_OK;
	}
	if (rv == ARNET_ENOTFOUND) {
		return arnet_diag_set(d, ARNET_ENOTFOUND,
		                      "the books hold no invoice for that "
		                      "DEFAULT (\"%s\"): a written-off "
		                      "settlement names the write-off",
		                      def->note);
	}
	if (rv != ARNET_OK) {
		return rv;
	}
	int64_t outstanding = st.outstanding;
	arnet_ident customer = st.inv.customer;
	if (arnet_money_format(left, sizeof(left), outstanding,
	                       def->u.def.currency, 1) != ARNET_OK) {
		left[0] = 0;
	}
	arnet_invoice_state_free(&st);
	if (j->r.u.settle.how == ARNET_SETTLE_PAID) {
		return outstanding <= 0
		               ? ARNET_OK
		               : arnet_diag_set(
		                         d, ARNET_ERANGE,
		                         "invoice %s still has %s %s "
		                         "outstanding "
		                         "in the books: record the payment "
		                         "first, or settle --how plan",
		                         number, left, def->u.def.currency);
	}
	if ((rv = arnet_correction_scan(t, &customer, take_write_off, &w, d)) !=
	    ARNET_OK) {
		return rv;
	}
	if (w.n == 0) {
		return arnet_diag_set(
		        d, ARNET_ENOTFOUND,
		        "invoice %s has no write-off in the books: "
		        "write it off first (arnet invoice "
		        "write-off %s --reason ...)",
		        number, number);
	}
	if (arnet_money_format(left, sizeof(left), w.amount,
	                       def->u.def.currency, 1) != ARNET_OK) {
		left[0] = 0;
	}
	snprintf(j->r.note, sizeof(j->r.note),
	         "write-off %llu of invoice %s: %s %s written off",
	         (unsigned long long)w.last, number, left, def->u.def.currency);
	return ARNET_OK;
}

static int
build_settlement(arnet_txn *t, arnet_publish_job *j, arnet_diag *d)
{
	target g;
	int rv = find_target(t, j, &g, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	if (g.r.type != ARNET_REC_DEFAULT ||
	    sodium_memcmp(g.r.author, arnet_seckey_pubkey(j->sk),
	                  ARNET_PUBKEY_BYTES) != 0) {
		return arnet_diag_set(d, ARNET_EPERM,
		                      "that record is not one of this member's "
		                      "DEFAULTs");
	}
	j->r.subject = g.r.subject;
	j->r.u.settle.target = g.ref;
	memcpy(j->r.u.settle.currency, g.r.u.def.currency,
	       sizeof(j->r.u.settle.currency));
	if (j->amount != NULL) {
		arnet_diag sub;
		if (arnet_money_parse(&j->r.u.settle.amount, j->amount,
		                      g.r.u.def.currency, &sub) != ARNET_OK) {
			return arnet_diag_set(d, ARNET_ESYNTAX, "--amount: %s",
			                      sub.msg);
		}
	}
	return settle_check_books(t, j, &g.r, d);
}

/* The latest CREDIT_STOP of this member about the subject that no LIFT
 * of its own has ended (the subject view links them). */
static int
build_lift(arnet_txn *t, arnet_publish_job *j, arnet_diag *d)
{
	arnet_log_view v;
	const arnet_view_entry *last = NULL;
	int rv = arnet_log_view_build(t, &j->r.subject, NULL, 0, &v, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	for (size_t i = 0; i < v.n; i++) {
		const arnet_view_entry *e = &v.v[i];
		if (e->r.type == ARNET_REC_CREDIT_STOP && !e->closed &&
		    memcmp(e->r.author, arnet_seckey_pubkey(j->sk),
		           ARNET_PUBKEY_BYTES) == 0 &&
		    (last == NULL || e->r.seq > last->r.seq)) {
			last = e;
		}
	}
	if (last == NULL) {
		arnet_log_view_free(&v);
		return arnet_diag_set(d, ARNET_ENOTFOUND,
		                      "this member has no credit stop on %s in "
		                      "force",
		                      j->r.subject.text);
	}
	j->r.u.lift.target = ref_of(&last->r, last->hash);
	arnet_log_view_free(&v);
	return ARNET_OK;
}

static int
build_dispute(arnet_txn *t, arnet_publish_job *j, arnet_diag *d)
{
	target g;
	int rv = find_target(t, j, &g, d);
	if (rv == ARNET_OK) {
		j->r.subject = g.r.subject;
		j->r.u.dispute.target = g.ref;
	}
	return rv;
}

typedef int (*builder)(arnet_txn *t, arnet_publish_job *j, arnet_diag *d);

/* What builds each type a member publishes; a CREDIT_STOP is all the
 * command's and only has the rules to pass. */
static const builder builders[] = {
        [ARNET_REC_DEFAULT] = build_default,
        [ARNET_REC_SETTLEMENT] = build_settlement,
        [ARNET_REC_CREDIT_STOP] = check_rules,
        [ARNET_REC_LIFT] = build_lift,
        [ARNET_REC_DISPUTE] = build_dispute,
};

int
arnet_publish_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	arnet_publish_job *j = arg;
	if (j->nev < 0 || j->nev > ARNET_PUBLISH_EVIDENCE_MAX) {
		return arnet_diag_set(d, ARNET_EINVAL,
		                      "%d documents of evidence: a DEFAULT is "
		                      "reported with 0 to %d",
		                      j->nev, ARNET_PUBLISH_EVIDENCE_MAX);
	}
	builder b = j->r.type < sizeof(builders) / sizeof(builders[0])
	                    ? builders[j->r.type]
	                    : NULL;
	if (b == NULL) {
		return arnet_diag_set(d, ARNET_EINVAL,
		                      "a member does not publish a %s record",
		                      arnet_record_type_name(j->r.type));
	}
	j->r.created = j->now;
	int rv = b(t, j, d);
	return rv != ARNET_OK ? rv : sign_and_append(t, j, d);
}
