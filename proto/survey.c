/*
 * survey.c - trade-reference questions and answers: canonical encoding,
 * strict decoding, signatures.
 */
#include "arnet_codec.h"
#include "arnet_date.h"
#include "arnet_money.h"
#include "arnet_sign.h"
#include "arnet_survey.h"
#include "arnet_wire.h"
#include "signed_msg.h"

#include <sodium.h>
#include <string.h>

#define AMOUNT_MAX INT64_C(9007199254740991) /* 2^53-1, exact in JSON */
_Static_assert(sizeof(((arnet_survey_ask *)0)->nonce) == SM_NONCE_BYTES,
               "a question's nonce");

/* The envelope, then whatever put_body writes, then the signature over
 * the body under ctx (signed_msg.h), with the diagnostic. */
static int
sign_msg(uint8_t *out, size_t cap, size_t *len, int type, const char *ctx,
         size_t ctx_len, void (*put_body)(arnet_wbuf *, const void *),
         const void *msg, const uint8_t *sk, arnet_diag *d)
{
	int rv = sm_sign(out, cap, len, type, ctx, ctx_len, put_body, msg, sk);
	if (rv == ARNET_ETOOBIG) {
		return arnet_diag_set(d, ARNET_ETOOBIG, "buffer too small");
	}
	if (rv != ARNET_OK) {
		return arnet_diag_set(d, ARNET_ECRYPTO, "cannot sign");
	}
	return ARNET_OK;
}

/* The signature that ends a body, by key, over everything before it. */
static int
check_sig(arnet_rbuf *r, const uint8_t *body, const char *ctx, size_t ctx_len,
          const uint8_t *key, const char *who)
{
	size_t signed_len;
	int rv = sm_check_sig(r, body, ctx, ctx_len, key, &signed_len);
	if (rv == ARNET_ESIG) {
		r->off = signed_len;
		return arnet_rbuf_fail(r, ARNET_ESIG, "signature",
		                       "does not verify by the %s's key", who);
	}
	return rv;
}

static void
get_subject(arnet_rbuf *r, arnet_ident *subject)
{
	uint8_t n = arnet_get_u8(r, "subject");
	const uint8_t *p = arnet_get_view(r, n, "subject");
	arnet_diag sub;
	if (p == NULL) {
		return;
	}
	int rv = arnet_ident_parse_canonical(subject, (const char *)p, n, &sub);
	if (rv != ARNET_OK) {
		r->off -= n + 1u;
		arnet_rbuf_fail(r, rv, "subject", "%s", sub.msg);
	}
}

static void
put_ask(arnet_wbuf *w, const void *arg)
{
	const arnet_survey_ask *q = arg;
	sm_put_asked(w, q->asker, q->time, q->nonce);
	arnet_put_str8(w, q->subject.text, strlen(q->subject.text),
	               ARNET_ID_MAX);
}

int
arnet_survey_ask_sign(uint8_t *out, size_t cap, size_t *len,
                      arnet_survey_ask *q, const uint8_t sk[ARNET_SECKEY_BYTES],
                      arnet_diag *d)
{
	arnet_ident canon;
	int rv = arnet_ident_parse_canonical(&canon, q->subject.text,
	                                     strlen(q->subject.text), d);
	if (rv != ARNET_OK) {
		return rv;
	}
	sm_stamp(q->asker, q->nonce, sk);
	return sign_msg(out, cap, len, ARNET_MSG_SURVEY_ASK,
	                ARNET_ASK_SIG_CONTEXT, ARNET_ASK_SIG_CONTEXT_LEN,
	                put_ask, q, sk, d);
}

int
arnet_survey_ask_open(arnet_survey_ask *q, const uint8_t *body, size_t len,
                      arnet_diag *d)
{
	arnet_rbuf r;
	memset(q, 0, sizeof(*q));
	if (arnet_rbuf_open(&r, body, len, ARNET_SURVEY_MAX, "ask", d) !=
	    ARNET_OK) {
		return r.err;
	}
	sm_get_asked(&r, q->asker, &q->time, q->nonce);
	get_subject(&r, &q->subject);
	if (r.err != ARNET_OK) {
		return r.err;
	}
	return check_sig(&r, body, ARNET_ASK_SIG_CONTEXT,
	                 ARNET_ASK_SIG_CONTEXT_LEN, q->asker, "asker");
}

/* The summary's rules; field names as in docs/protocol.md. */
static int
check_answer(const arnet_survey_answer *a, const char **field, arnet_diag *d)
{
	int64_t due = 0;
	if (arnet_currency_exponent(a->currency) < 0) {
		*field = "currency";
		return arnet_diag_set(d, ARNET_ECURRENCY,
		                      "unknown currency \"%.3s\"", a->currency);
	}
	if (!arnet_date_valid(a->since) || !arnet_date_valid(a->last_sale) ||
	    a->since > a->last_sale) {
		*field = "since";
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "since and last_sale must be dates, "
		                      "since first");
	}
	const int64_t *v[] = {&a->high_credit, &a->balance,
	                      &a->past_due[0], &a->past_due[1],
	                      &a->past_due[2], &a->past_due[3]};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if (*v[i] < 0 || *v[i] > AMOUNT_MAX) {
			*field = i == 0   ? "high_credit"
			         : i == 1 ? "balance"
			                  : "past_due";
			return arnet_diag_set(d, ARNET_ERANGE,
			                      "amount outside 0..2^53-1");
		}
		due += i >= 2 ? *v[i] : 0;
	}
	if (due > a->balance) {
		*field = "past_due";
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "past due exceeds the balance");
	}
	if (a->dbt > ARNET_DBT_MAX) {
		*field = "dbt";
		return arnet_diag_set(d, ARNET_ERANGE, "%u days beyond terms",
		                      (unsigned)a->dbt);
	}
	return ARNET_OK;
}

static void
put_answer(arnet_wbuf *w, const void *arg)
{
	const arnet_survey_answer *a = arg;
	arnet_put_bytes(w, a->responder, ARNET_PUBKEY_BYTES);
	arnet_put_bytes(w, a->asker, ARNET_PUBKEY_BYTES);
	arnet_put_bytes(w, a->nonce, sizeof(a->nonce));
	arnet_put_u64(w, (uint64_t)a->time);
	arnet_put_str8(w, a->subject.text, strlen(a->subject.text),
	               ARNET_ID_MAX);
	arnet_put_bytes(w, a->currency, 3);
	arnet_put_u32(w, (uint32_t)a->since);
	arnet_put_u32(w, (uint32_t)a->last_sale);
	arnet_put_u64(w, (uint64_t)a->high_credit);
	arnet_put_u64(w, (uint64_t)a->balance);
	for (int i = 0; i < 4; i++) {
		arnet_put_u64(w, (uint64_t)a->past_due[i]);
	}
	arnet_put_u32(w, a->dbt);
}

int
arnet_survey_answer_sign(uint8_t *out, size_t cap, size_t *len,
                         arnet_survey_answer *a,
                         const uint8_t sk[ARNET_SECKEY_BYTES], arnet_diag *d)
{
	const char *field;
	arnet_ident canon;
	int rv = arnet_ident_parse_canonical(&canon, a->subject.text,
	                                     strlen(a->subject.text), d);
	if (rv != ARNET_OK || (rv = check_answer(a, &field, d)) != ARNET_OK) {
		return rv;
	}
	memcpy(a->responder, arnet_seckey_pubkey(sk), ARNET_PUBKEY_BYTES);
	return sign_msg(out, cap, len, ARNET_MSG_SURVEY_ANSWER,
	                ARNET_ANSWER_SIG_CONTEXT, ARNET_ANSWER_SIG_CONTEXT_LEN,
	                put_answer, a, sk, d);
}

int
arnet_survey_answer_open(arnet_survey_answer *a, const uint8_t *body,
                         size_t len, arnet_diag *d)
{
	arnet_rbuf r;
	memset(a, 0, sizeof(*a));
	if (arnet_rbuf_open(&r, body, len, ARNET_SURVEY_MAX, "answer", d) !=
	    ARNET_OK) {
		return r.err;
	}
	arnet_get_bytes(&r, a->responder, ARNET_PUBKEY_BYTES, "responder");
	arnet_get_bytes(&r, a->asker, ARNET_PUBKEY_BYTES, "asker");
	arnet_get_bytes(&r, a->nonce, sizeof(a->nonce), "nonce");
	a->time = (int64_t)arnet_get_u64(&r, "time");
	get_subject(&r, &a->subject);
	size_t summary = r.off;
	arnet_get_bytes(&r, a->currency, 3, "currency");
	a->since = (int32_t)arnet_get_u32(&r, "since");
	a->last_sale = (int32_t)arnet_get_u32(&r, "last_sale");
	a->high_credit = (int64_t)arnet_get_u64(&r, "high_credit");
	a->balance = (int64_t)arnet_get_u64(&r, "balance");
	for (int i = 0; i < 4; i++) {
		a->past_due[i] = (int64_t)arnet_get_u64(&r, "past_due");
	}
	a->dbt = arnet_get_u32(&r, "dbt");
	if (r.err != ARNET_OK) {
		return r.err;
	}
	const char *field = "answer";
	arnet_diag sub;
	int rv = check_answer(a, &field, &sub);
	if (rv != ARNET_OK) {
		size_t end = r.off;
		r.off = summary;
		rv = arnet_rbuf_fail(&r, rv, field, "%s", sub.msg);
		r.off = end;
		return rv;
	}
	return check_sig(&r, body, ARNET_ANSWER_SIG_CONTEXT,
	                 ARNET_ANSWER_SIG_CONTEXT_LEN, a->responder,
	                 "responder");
}
