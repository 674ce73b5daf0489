/*
 * record.c - canonical encoding, strict decoding, signing, hashing and the
 * chain rule of shared-log records.
 *
 * The field checks are written once (the check_* functions) and run both
 * before signing and after decoding, so the encoder can never produce a
 * record the decoder refuses, and the decoder names the field and byte
 * offset of whatever it refuses.
 */
#include "arnet_record.h"
#include "arnet_date.h"
#include "arnet_money.h"
#include "arnet_codec.h"
#include "arnet_utf8.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define BODY_MAX 512
/* The fixed head of every record: version u8, type u8, author, seq u64. */
#define AUTHOR_AT 2
#define SEQ_AT    (AUTHOR_AT + ARNET_PUBKEY_BYTES)
#define HEAD_END  (SEQ_AT + 8)
/* 9999-12-31T23:59:59Z: creation times after this are refused. */
#define CREATED_MAX       INT64_C(253402300799)
#define DAYS_PAST_DUE_MAX 36600 /* about a century */
/*
 * Amounts and sequence numbers in records stay below 2^53 so that every
 * JSON consumer (and any double) holds them exactly: 90 trillion yuan or
 * 9e15 records per member are no real limits.
 */
#define EXACT_MAX INT64_C(9007199254740991)

/* Where a field check reports: the decoder's byte offset, or none. */
typedef struct vctx {
	arnet_diag *d;
	int decoding;
	size_t off;
} vctx;

static int vfail(vctx *v, int err, const char *field, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static int
vfail(vctx *v, int err, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	arnet_diag_field_v(v->d, field, v->decoding, v->off, fmt, ap);
	va_end(ap);
	return err;
}

static int
is_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;
	for (size_t i = 0; i < n; i++) {
		acc |= p[i];
	}
	return acc == 0;
}

static int
check_header(vctx *v, const arnet_record *r)
{
	if (r->version != ARNET_RECORD_VERSION) {
		return vfail(v, ARNET_EVERSION, "version",
		             "version %u is not supported (expected %d)",
		             r->version, ARNET_RECORD_VERSION);
	}
	if (r->type < ARNET_REC_DEFAULT || r->type > ARNET_REC_DISPUTE) {
		return vfail(v, ARNET_ETYPE, "type", "unknown record type %u",
		             r->type);
	}
	return ARNET_OK;
}

static int
check_chain_fields(vctx *v, const arnet_record *r)
{
	if (r->seq == 0 || r->seq > EXACT_MAX) {
		return vfail(v, ARNET_ERANGE, "seq",
		             "must be between 1 and 2^53-1");
	}
	if (r->seq == 1 && !is_zero(r->prev, sizeof(r->prev))) {
		return vfail(v, ARNET_ENONCANON, "prev",
		             "must be all zero for seq 1");
	}
	if (r->seq > 1 && is_zero(r->prev, sizeof(r->prev))) {
		return vfail(v, ARNET_ENONCANON, "prev",
		             "must be the previous record's hash, not zero, "
		             "for seq %llu",
		             (unsigned long long)r->seq);
	}
	return ARNET_OK;
}

static int
check_created(vctx *v, int64_t created)
{
	if (created < 0 || created > CREATED_MAX) {
		return vfail(v, ARNET_ERANGE, "created",
		             "%lld is outside 1970-01-01..9999-12-31",
		             (long long)created);
	}
	return ARNET_OK;
}

static int
check_subject(vctx *v, arnet_ident *out, const char *text, size_t len)
{
	arnet_diag sub;
	if (len == 0) {
		return vfail(v, ARNET_ESYNTAX, "subject", "is empty");
	}
	int rv = arnet_ident_parse_canonical(out, text, len, &sub);
	if (rv != ARNET_OK) {
		return vfail(v, rv, "subject", "%s", sub.msg);
	}
	return ARNET_OK;
}

static int
check_amount(vctx *v, const char *field, int64_t amount, int64_t min)
{
	if (amount < min || amount > EXACT_MAX) {
		return vfail(v, ARNET_ERANGE, field,
		             "%lld is outside %lld..2^53-1", (long long)amount,
		             (long long)min);
	}
	return ARNET_OK;
}

static int
check_currency(vctx *v, const char *cur)
{
	if (arnet_currency_exponent(cur) < 0) {
		return vfail(
		        v, ARNET_ECURRENCY, "currency",
		        "\"%.3s\" is not an upper-case ISO 4217 code known "
		        "to arnet",
		        cur);
	}
	return ARNET_OK;
}

static int
check_enum(vctx *v, const char *field, unsigned value, unsigned max)
{
	if (value < 1 || value > max) {
		return vfail(v, ARNET_ERANGE, field, "unknown code %u (1..%u)",
		             value, max);
	}
	return ARNET_OK;
}

static int
check_ref(vctx *v, const arnet_record *r, const arnet_ref *ref, int own)
{
	if (ref->seq == 0 || ref->seq > EXACT_MAX) {
		return vfail(v, ARNET_ERANGE, "target.seq",
		             "must be between 1 and 2^53-1");
	}
	if (is_zero(ref->hash, sizeof(ref->hash))) {
		return vfail(v, ARNET_ENONCANON, "target.hash",
		             "must not be zero");
	}
	if (own) {
		if (sodium_memcmp(ref->author, r->author,
		                  sizeof(ref->author)) != 0) {
			return vfail(v, ARNET_ERANGE, "target.author",
			             "a %s may only refer to its author's own "
			             "record",
			             arnet_record_type_name(r->type));
		}
		if (ref->seq >= r->seq) {
			return vfail(v, ARNET_ERANGE, "target.seq",
			             "%llu must be earlier than this record's "
			             "seq %llu",
			             (unsigned long long)ref->seq,
			             (unsigned long long)r->seq);
		}
	}
	return ARNET_OK;
}

static int
check_note(vctx *v, const char *note, size_t len)
{
	if (len > ARNET_NOTE_MAX) {
		return vfail(v, ARNET_ETOOBIG, "note", "%zu bytes, at most %d",
		             len, ARNET_NOTE_MAX);
	}
	if (!arnet_utf8_valid((const uint8_t *)note, len, 0)) {
		return vfail(v, ARNET_ESYNTAX, "note",
		             "not valid UTF-8 text (control characters are "
		             "refused)");
	}
	return ARNET_OK;
}

/* Checks of the type-specific fields, run by encoder and decoder alike. */
static int
check_body(vctx *v, const arnet_record *r)
{
	int rv = ARNET_OK;
	switch (r->type) {
	case ARNET_REC_DEFAULT:
		if ((rv = check_amount(v, "amount", r->u.def.amount, 1)) ||
		    (rv = check_currency(v, r->u.def.currency))) {
			return rv;
		}
		if (!arnet_date_valid(r->u.def.due_date)) {
			return vfail(
			        v, ARNET_ERANGE, "due_date",
			        "day %ld is outside 1900-01-01..9999-12-31",
			        (long)r->u.def.due_date);
		}
		if (r->u.def.days_past_due < 1 ||
		    r->u.def.days_past_due > DAYS_PAST_DUE_MAX) {
			return vfail(v, ARNET_ERANGE, "days_past_due",
			             "%lu is outside 1..%d",
			             (unsigned long)r->u.def.days_past_due,
			             DAYS_PAST_DUE_MAX);
		}
		return check_enum(v, "reason", r->u.def.reason,
		                  ARNET_REASON_OTHER);
	case ARNET_REC_CREDIT_STOP:
		return check_enum(v, "reason", r->u.stop.reason,
		                  ARNET_REASON_OTHER);
	case ARNET_REC_SETTLEMENT:
		if ((rv = check_ref(v, r, &r->u.settle.target, 1)) ||
		    (rv = check_enum(v, "how", r->u.settle.how,
		                     ARNET_SETTLE_WRITTEN_OFF)) ||
		    (rv = check_amount(v, "amount", r->u.settle.amount, 0))) {
			return rv;
		}
		return check_currency(v, r->u.settle.currency);
	case ARNET_REC_LIFT:
		return check_ref(v, r, &r->u.lift.target, 1);
	case ARNET_REC_DISPUTE:
		if ((rv = check_ref(v, r, &r->u.dispute.target, 0))) {
			return rv;
		}
		return check_enum(v, "status", r->u.dispute.status,
		                  ARNET_DISPUTE_CORRECTED);
	}
	return vfail(v, ARNET_ETYPE, "type", "unknown record type %u", r->type);
}

static int
validate(const arnet_record *r, arnet_diag *d)
{
	vctx v = {d, 0, 0};
	arnet_ident canon;
	int rv;
	arnet_diag_clear(d);
	if ((rv = check_header(&v, r)) || (rv = check_chain_fields(&v, r)) ||
	    (rv = check_created(&v, r->created)) ||
	    (rv = check_subject(
	             &v, &canon, r->subject.text,
	             strnlen(r->subject.text, sizeof(r->subject.text)))) ||
	    (rv = check_body(&v, r)) ||
	    (rv = check_note(&v, r->note, strnlen(r->note, sizeof(r->note))))) {
		return rv;
	}
	return ARNET_OK;
}

static void
put_ref(arnet_wbuf *w, const arnet_ref *ref)
{
	arnet_put_bytes(w, ref->author, sizeof(ref->author));
	arnet_put_u64(w, ref->seq);
	arnet_put_bytes(w, ref->hash, sizeof(ref->hash));
}

static void
put_body(arnet_wbuf *w, const arnet_record *r)
{
	switch (r->type) {
	case ARNET_REC_DEFAULT:
		arnet_put_u64(w, (uint64_t)r->u.def.amount);
		arnet_put_bytes(w, r->u.def.currency, 3);
		arnet_put_u32(w, (uint32_t)r->u.def.due_date);
		arnet_put_u32(w, r->u.def.days_past_due);
		arnet_put_u8(w, r->u.def.reason);
		arnet_put_bytes(w, r->u.def.evidence, ARNET_HASH_BYTES);
		break;
	case ARNET_REC_CREDIT_STOP:
		arnet_put_u8(w, r->u.stop.reason);
		break;
	case ARNET_REC_SETTLEMENT:
		put_ref(w, &r->u.settle.target);
		arnet_put_u8(w, r->u.settle.how);
		arnet_put_u64(w, (uint64_t)r->u.settle.amount);
		arnet_put_bytes(w, r->u.settle.currency, 3);
		break;
	case ARNET_REC_LIFT:
		put_ref(w, &r->u.lift.target);
		break;
	case ARNET_REC_DISPUTE:
		put_ref(w, &r->u.dispute.target);
		arnet_put_u8(w, r->u.dispute.status);
		break;
	}
	arnet_put_str8(w, r->note, strlen(r->note), ARNET_NOTE_MAX);
}

/* Everything before the signature. */
static int
encode_unsigned(uint8_t *out, size_t cap, size_t *len, const arnet_record *r,
                arnet_diag *d)
{
	arnet_wbuf w;
	int rv = validate(r, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	arnet_wbuf_init(&w, out, cap);
	arnet_put_u8(&w, r->version);
	arnet_put_u8(&w, r->type);
	arnet_put_bytes(&w, r->author, sizeof(r->author));
	arnet_put_u64(&w, r->seq);
	arnet_put_bytes(&w, r->prev, sizeof(r->prev));
	arnet_put_u64(&w, (uint64_t)r->created);
	arnet_put_str8(&w, r->subject.text, strlen(r->subject.text),
	               ARNET_ID_MAX);
	uint8_t *blen = arnet_put_reserve(&w, 2);
	size_t body_start = w.len;
	put_body(&w, r);
	if (w.err != ARNET_OK) {
		return arnet_diag_set(d, w.err, "output buffer too small");
	}
	size_t body_len = w.len - body_start;
	arnet_be_write(blen, body_len, 2);
	*len = w.len;
	return ARNET_OK;
}

static void
sig_message(uint8_t *msg, const uint8_t *in, size_t n)
{
	memcpy(msg, ARNET_RECORD_SIG_CONTEXT, ARNET_RECORD_SIG_CONTEXT_LEN);
	memcpy(msg + ARNET_RECORD_SIG_CONTEXT_LEN, in, n);
}

int
arnet_record_encode(uint8_t *out, size_t cap, size_t *len,
                    const arnet_record *r, arnet_diag *d)
{
	size_t n;
	int rv = encode_unsigned(out, cap, &n, r, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	if (cap - n < ARNET_SIG_BYTES) {
		return arnet_diag_set(d, ARNET_ETOOBIG,
		                      "output buffer too small");
	}
	memcpy(out + n, r->sig, ARNET_SIG_BYTES);
	*len = n + ARNET_SIG_BYTES;
	return ARNET_OK;
}

int
arnet_record_sign(uint8_t *out, size_t cap, size_t *len, arnet_record *r,
                  const uint8_t sk[ARNET_SECKEY_BYTES], arnet_diag *d)
{
	uint8_t msg[ARNET_RECORD_SIG_CONTEXT_LEN + ARNET_RECORD_MAX];
	uint8_t body[ARNET_RECORD_MAX];
	size_t n;
	int rv;

	crypto_sign_ed25519_sk_to_pk(r->author, sk);
	rv = encode_unsigned(body, sizeof(body) - ARNET_SIG_BYTES, &n, r, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	if (cap < n + ARNET_SIG_BYTES) {
		return arnet_diag_set(d, ARNET_ETOOBIG,
		                      "output buffer too small");
	}
	sig_message(msg, body, n);
	crypto_sign_detached(r->sig, NULL, msg,
	                     ARNET_RECORD_SIG_CONTEXT_LEN + n, sk);
	memcpy(out, body, n);
	memcpy(out + n, r->sig, ARNET_SIG_BYTES);
	*len = n + ARNET_SIG_BYTES;
	return ARNET_OK;
}

static void
get_ref(arnet_rbuf *rb, arnet_ref *ref)
{
	arnet_get_bytes(rb, ref->author, sizeof(ref->author), "target.author");
	ref->seq = arnet_get_u64(rb, "target.seq");
	arnet_get_bytes(rb, ref->hash, sizeof(ref->hash), "target.hash");
}

static void
get_currency(arnet_rbuf *rb, char cur[4])
{
	arnet_get_bytes(rb, cur, 3, "currency");
	cur[3] = '\0';
}

/* Read the body fields of r->type; checks run afterwards, per field. */
static int
decode_body(arnet_rbuf *rb, arnet_record *r, vctx *v)
{
	int rv = ARNET_OK;
	size_t start = rb->off;
	switch (r->type) {
	case ARNET_REC_DEFAULT:
		r->u.def.amount = (int64_t)arnet_get_u64(rb, "amount");
		get_currency(rb, r->u.def.currency);
		r->u.def.due_date = (int32_t)arnet_get_u32(rb, "due_date");
		r->u.def.days_past_due = arnet_get_u32(rb, "days_past_due");
		r->u.def.reason = arnet_get_u8(rb, "reason");
		arnet_get_bytes(rb, r->u.def.evidence, ARNET_HASH_BYTES,
		                "evidence");
		break;
	case ARNET_REC_CREDIT_STOP:
		r->u.stop.reason = arnet_get_u8(rb, "reason");
		break;
	case ARNET_REC_SETTLEMENT:
		get_ref(rb, &r->u.settle.target);
		r->u.settle.how = arnet_get_u8(rb, "how");
		r->u.settle.amount = (int64_t)arnet_get_u64(rb, "amount");
		get_currency(rb, r->u.settle.currency);
		break;
	case ARNET_REC_LIFT:
		get_ref(rb, &r->u.lift.target);
		break;
	case ARNET_REC_DISPUTE:
		get_ref(rb, &r->u.dispute.target);
		r->u.dispute.status = arnet_get_u8(rb, "status");
		break;
	}
	if (rb->err != ARNET_OK) {
		return rb->err;
	}
	v->off = start;
	if ((rv = check_body(v, r)) != ARNET_OK) {
		return rv;
	}
	v->off = rb->off;
	uint8_t nlen = arnet_get_u8(rb, "note");
	const uint8_t *note = arnet_get_view(rb, nlen, "note");
	if (note == NULL) {
		return rb->err;
	}
	if ((rv = check_note(v, (const char *)note, nlen)) != ARNET_OK) {
		return rv;
	}
	memcpy(r->note, note, nlen);
	r->note[nlen] = '\0';
	return ARNET_OK;
}

/* The header, version to subject, each field checked as it is read. */
static int
decode_header(arnet_rbuf *rb, arnet_record *r, vctx *v)
{
	int rv;
	r->version = arnet_get_u8(rb, "version");
	if (rb->err == ARNET_OK && r->version != ARNET_RECORD_VERSION) {
		/* Nothing after the version byte can be interpreted. */
		return check_header(v, r);
	}
	v->off = rb->off;
	r->type = arnet_get_u8(rb, "type");
	if (rb->err == ARNET_OK && (rv = check_header(v, r)) != ARNET_OK) {
		return rv;
	}
	arnet_get_bytes(rb, r->author, sizeof(r->author), "author");
	v->off = rb->off;
	r->seq = arnet_get_u64(rb, "seq");
	arnet_get_bytes(rb, r->prev, sizeof(r->prev), "prev");
	if (rb->err == ARNET_OK &&
	    (rv = check_chain_fields(v, r)) != ARNET_OK) {
		return rv;
	}
	v->off = rb->off;
	r->created = (int64_t)arnet_get_u64(rb, "created");
	if (rb->err == ARNET_OK &&
	    (rv = check_created(v, r->created)) != ARNET_OK) {
		return rv;
	}
	v->off = rb->off;
	uint8_t slen = arnet_get_u8(rb, "subject");
	const uint8_t *subj = arnet_get_view(rb, slen, "subject");
	if (subj == NULL) {
		return rb->err;
	}
	return check_subject(v, &r->subject, (const char *)subj, slen);
}

/* body_len and the body of in, read in a sub-reader so that it cannot
 * run past body_len, and must end there. */
static int
decode_framed_body(arnet_rbuf *rb, const uint8_t *in, arnet_record *r, vctx *v,
                   arnet_diag *d)
{
	int rv;
	v->off = rb->off;
	uint16_t blen = arnet_get_u16(rb, "body_len");
	if (rb->err != ARNET_OK) {
		return rb->err;
	}
	if (blen > BODY_MAX) {
		return vfail(v, ARNET_ETOOBIG, "body_len",
		             "%u bytes, a body is at most %d", blen, BODY_MAX);
	}
	size_t body_end = rb->off + blen;
	arnet_rbuf body;
	const uint8_t *bp = arnet_get_view(rb, blen, "body");
	if (bp == NULL) {
		return rb->err;
	}
	arnet_rbuf_init(&body, in, body_end, d);
	body.off = body_end - blen;
	if ((rv = decode_body(&body, r, v)) != ARNET_OK) {
		return rv;
	}
	if (body.off != body_end) {
		v->off = body.off;
		return vfail(v, ARNET_ENONCANON, "body_len",
		             "says %u bytes but the body ends after %zu", blen,
		             body.off - (body_end - blen));
	}
	return ARNET_OK;
}

int
arnet_record_decode(arnet_record *r, const uint8_t *in, size_t len,
                    arnet_diag *d)
{
	arnet_rbuf rb;
	vctx v = {d, 1, 0};
	int rv;

	if (r == NULL || (in == NULL && len > 0)) {
		return ARNET_EINVAL;
	}
	memset(r, 0, sizeof(*r));
	if ((rv = arnet_rbuf_open(&rb, in, len, ARNET_RECORD_MAX, "record",
	                          d)) != ARNET_OK) {
		return rv;
	}
	if ((rv = decode_header(&rb, r, &v)) != ARNET_OK ||
	    (rv = decode_framed_body(&rb, in, r, &v, d)) != ARNET_OK) {
		return rv;
	}
	arnet_get_bytes(&rb, r->sig, sizeof(r->sig), "signature");
	return arnet_rbuf_finish(&rb);
}

int
arnet_record_verify(const uint8_t *in, size_t len)
{
	uint8_t msg[ARNET_RECORD_SIG_CONTEXT_LEN + ARNET_RECORD_MAX];
	/* version, type, author, and at least the signature after them. */
	if (in == NULL || len < SEQ_AT + ARNET_SIG_BYTES) {
		return ARNET_ETRUNC;
	}
	if (len > ARNET_RECORD_MAX) {
		return ARNET_ETOOBIG;
	}
	size_t n = len - ARNET_SIG_BYTES;
	sig_message(msg, in, n);
	if (crypto_sign_verify_detached(in + n, msg,
	                                ARNET_RECORD_SIG_CONTEXT_LEN + n,
	                                in + AUTHOR_AT) != 0) {
		return ARNET_ESIG;
	}
	return ARNET_OK;
}

int
arnet_record_open(arnet_record *r, const uint8_t *in, size_t len, arnet_diag *d)
{
	int rv = arnet_record_decode(r, in, len, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	rv = arnet_record_verify(in, len);
	if (rv != ARNET_OK) {
		return arnet_diag_set(d, rv,
		                      "signature: does not verify with the "
		                      "author key");
	}
	return ARNET_OK;
}

bool
arnet_record_peek(const uint8_t *in, size_t len, const uint8_t **author,
                  uint64_t *seq)
{
	arnet_rbuf r;
	if (in == NULL || len < HEAD_END) {
		return false;
	}
	arnet_rbuf_init(&r, in + AUTHOR_AT, HEAD_END - AUTHOR_AT, NULL);
	*author = arnet_get_view(&r, ARNET_PUBKEY_BYTES, "author");
	*seq = arnet_get_u64(&r, "seq");
	return true;
}

int
arnet_record_feed_cmp(const uint8_t *a, size_t alen, const uint8_t *b,
                      size_t blen)
{
	const uint8_t *aa, *ba;
	uint64_t as, bs;
	bool ah = arnet_record_peek(a, alen, &aa, &as);
	bool bh = arnet_record_peek(b, blen, &ba, &bs);
	if (!ah || !bh) {
		return (int)ah - (int)bh;
	}
	int c = memcmp(aa, ba, ARNET_PUBKEY_BYTES);
	return c != 0 ? c : (as > bs) - (as < bs);
}

void
arnet_record_hash(uint8_t out[ARNET_HASH_BYTES], const uint8_t *in, size_t len)
{
	crypto_generichash(out, ARNET_HASH_BYTES, in, len, NULL, 0);
}

void
arnet_record_init(arnet_record *r, arnet_record_type type)
{
	memset(r, 0, sizeof(*r));
	r->version = ARNET_RECORD_VERSION;
	r->type = (uint8_t)type;
}

arnet_chain_rel
arnet_record_chain(const arnet_record *r, uint64_t head_seq,
                   const uint8_t *head_hash)
{
	if (r->seq <= head_seq) {
		return ARNET_CHAIN_OLD;
	}
	if (r->seq > head_seq + 1) {
		return ARNET_CHAIN_GAP;
	}
	if (head_seq == 0) {
		return is_zero(r->prev, sizeof(r->prev)) ? ARNET_CHAIN_NEXT
		                                         : ARNET_CHAIN_FORK;
	}
	if (head_hash == NULL ||
	    sodium_memcmp(r->prev, head_hash, ARNET_HASH_BYTES) != 0) {
		return ARNET_CHAIN_FORK;
	}
	return ARNET_CHAIN_NEXT;
}

int
arnet_record_check_chain(const arnet_record *r, uint64_t head_seq,
                         const uint8_t *head_hash, arnet_diag *d)
{
	switch (arnet_record_chain(r, head_seq, head_hash)) {
	case ARNET_CHAIN_NEXT:
		return ARNET_OK;
	case ARNET_CHAIN_OLD:
		return arnet_diag_set(d, ARNET_ECHAIN,
		                      "seq %llu is not after the head %llu",
		                      (unsigned long long)r->seq,
		                      (unsigned long long)head_seq);
	case ARNET_CHAIN_GAP:
		return arnet_diag_set(
		        d, ARNET_ECHAIN,
		        "seq %llu leaves a gap after the head %llu",
		        (unsigned long long)r->seq,
		        (unsigned long long)head_seq);
	case ARNET_CHAIN_FORK:
		break;
	}
	return arnet_diag_set(d, ARNET_ECHAIN,
	                      "prev of seq %llu is not the hash of the head",
	                      (unsigned long long)r->seq);
}

/* Name tables: index = code; entry 0 is unused. */
static const char *const type_names[] = {NULL,         "DEFAULT", "CREDIT_STOP",
                                         "SETTLEMENT", "LIFT",    "DISPUTE"};
static const char *const reason_names[] = {
        NULL,         "non-payment", "bounced-instrument", "forged-documents",
        "insolvency", "other"};
static const char *const how_names[] = {NULL, "paid", "plan", "written-off"};
static const char *const status_names[] = {NULL, "open", "upheld", "corrected"};

#define NAME_COUNT(t) ((int)(sizeof(t) / sizeof(t[0])))

static const char *
name_of(const char *const *names, int count, int v)
{
	return v > 0 && v < count ? names[v] : "unknown";
}

static int
parse_name(const char *const *names, int count, const char *name)
{
	for (int i = 1; name != NULL && i < count; i++) {
		if (strcasecmp(names[i], name) == 0) {
			return i;
		}
	}
	return 0;
}

const char *
arnet_record_type_name(int type)
{
	return name_of(type_names, NAME_COUNT(type_names), type);
}

int
arnet_record_type_parse(const char *name)
{
	if (name != NULL && (strcasecmp(name, "blacklist") == 0 ||
	                     strcasecmp(name, "credit-stop") == 0)) {
		return ARNET_REC_CREDIT_STOP;
	}
	return parse_name(type_names, NAME_COUNT(type_names), name);
}

const char *
arnet_reason_name(int reason)
{
	return name_of(reason_names, NAME_COUNT(reason_names), reason);
}

int
arnet_reason_parse(const char *name)
{
	return parse_name(reason_names, NAME_COUNT(reason_names), name);
}

const char *
arnet_settle_how_name(int how)
{
	return name_of(how_names, NAME_COUNT(how_names), how);
}

int
arnet_settle_how_parse(const char *name)
{
	return parse_name(how_names, NAME_COUNT(how_names), name);
}

const char *
arnet_dispute_status_name(int status)
{
	return name_of(status_names, NAME_COUNT(status_names), status);
}

int
arnet_dispute_status_parse(const char *name)
{
	return parse_name(status_names, NAME_COUNT(status_names), name);
}
