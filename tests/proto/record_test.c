/*
 * record_test.c - tests of proto/record.c: canonical encoding, strict
 * decoding, signatures, hashes and the chain rule of shared-log records.
 *
 * Hostile input comes first: truncation at every byte, trailing bytes,
 * lengths that point past the end, wrong versions and types, every field
 * out of range, flipped bits in the signature and the signed bytes, and a
 * signature by the wrong key. Valid records are built with fixed seeds so
 * every run sees the same bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_proto.h"
#include "test_keys.h"

#include <sodium.h>
#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static uint8_t pk_a[32], sk_a[64], pk_b[32], sk_b[64];

/* Offsets in a record about SUBJECT (23 bytes). */
#define SUBJECT      "uscc:91350100M000100Y43"
#define OFF_SUBJ_LEN 82
#define OFF_BODY_LEN (83 + 23)
#define OFF_BODY     (OFF_BODY_LEN + 2)

typedef struct enc {
	uint8_t b[ARNET_RECORD_MAX + 64];
	size_t len;
} enc;

static int
setup(void **state)
{
	(void)state;
	return test_keypair(pk_a, sk_a, 0xa1) | test_keypair(pk_b, sk_b, 0xb2);
}

static arnet_ref
some_ref(const uint8_t *author, uint64_t seq)
{
	arnet_ref ref;
	memcpy(ref.author, author, 32);
	ref.seq = seq;
	memset(ref.hash, 0x5c, 32);
	return ref;
}

/* A valid record of each type, by member A, seq 3. */
static void
make(arnet_record *r, int type)
{
	arnet_record_init(r, (arnet_record_type)type);
	memcpy(r->author, pk_a, 32);
	r->seq = 3;
	memset(r->prev, 0x11, 32);
	r->created = 1793782800; /* 2026-11-04T09:00:00Z */
	assert_int_equal(arnet_ident_parse(&r->subject, SUBJECT, NULL),
	                 ARNET_OK);
	switch (type) {
	case ARNET_REC_DEFAULT:
		r->u.def.amount = 12345678;
		memcpy(r->u.def.currency, "CNY", 4);
		r->u.def.due_date = 20666; /* 2026-08-01 */
		r->u.def.days_past_due = 95;
		r->u.def.reason = ARNET_REASON_NON_PAYMENT;
		memset(r->u.def.evidence, 0xee, 32);
		break;
	case ARNET_REC_CREDIT_STOP:
		r->u.stop.reason = ARNET_REASON_INSOLVENCY;
		break;
	case ARNET_REC_SETTLEMENT:
		r->u.settle.target = some_ref(pk_a, 1);
		r->u.settle.how = ARNET_SETTLE_PAID;
		r->u.settle.amount = 12345678;
		memcpy(r->u.settle.currency, "CNY", 4);
		break;
	case ARNET_REC_LIFT:
		r->u.lift.target = some_ref(pk_a, 2);
		break;
	case ARNET_REC_DISPUTE:
		r->u.dispute.target = some_ref(pk_b, 9);
		r->u.dispute.status = ARNET_DISPUTE_UPHELD;
		break;
	}
	strcpy(r->note, "货款逾期 note");
}

static void
sign(enc *e, arnet_record *r, const uint8_t *sk)
{
	arnet_diag d;
	int rv = arnet_record_sign(e->b, sizeof(e->b), &e->len, r, sk, &d);
	if (rv != ARNET_OK) {
		fail_msg("sign: %s", d.msg);
	}
}

static void
make_signed(enc *e, int type)
{
	arnet_record r;
	make(&r, type);
	sign(e, &r, sk_a);
}

/* Re-sign the bytes after editing them, so only the edit is wrong. */
static void
resign(enc *e, const uint8_t *sk)
{
	uint8_t msg[16 + ARNET_RECORD_MAX + 64];
	size_t n = e->len - 64;
	memcpy(msg, "arnet/record/v1", 16);
	memcpy(msg + 16, e->b, n);
	crypto_sign_detached(e->b + n, NULL, msg, 16 + n, sk);
}

static int
decode(const enc *e, arnet_diag *d)
{
	arnet_record r;
	return arnet_record_decode(&r, e->b, e->len, d);
}

/* The decoder's answer to a valid record of `type` by A with n bytes at
 * byte `at` replaced and re-signed, so only the patch is wrong. */
static int
decode_patched(int type, size_t at, const void *bytes, size_t n, arnet_diag *d)
{
	enc e;
	make_signed(&e, type);
	memcpy(e.b + at, bytes, n);
	resign(&e, sk_a);
	return decode(&e, d);
}

/* Byte `at` of a valid record of `type` set to each of the n values in
 * bad (re-signed): the decoder answers `want` and, unless msg is NULL,
 * says msg. */
static void
refuse_byte_values(int type, size_t at, const uint8_t *bad, size_t n, int want,
                   const char *msg)
{
	for (size_t i = 0; i < n; i++) {
		arnet_diag d;
		assert_int_equal(decode_patched(type, at, &bad[i], 1, &d),
		                 want);
		if (msg != NULL) {
			assert_non_null(strstr(d.msg, msg));
		}
	}
}

typedef void (*byte_check)(enc *e, size_t i);

/* check(e, i) on a valid encoding of every record type, for every byte i
 * but the last `skip`. */
static void
every_byte(size_t skip, byte_check check)
{
	for (int t = ARNET_REC_DEFAULT; t <= ARNET_REC_DISPUTE; t++) {
		enc e;
		make_signed(&e, t);
		for (size_t i = 0; i + skip < e.len; i++) {
			check(&e, i);
		}
	}
}

/* ---- hostile input ---- */

/* The first n bytes of a record are not a record. */
static void
refuse_prefix(enc *e, size_t n)
{
	arnet_record r;
	arnet_diag d;
	int rv = arnet_record_decode(&r, e->b, n, &d);
	assert_int_not_equal(rv, ARNET_OK);
	assert_true(d.msg[0] != '\0');
	assert_int_not_equal(arnet_record_open(&r, e->b, n, &d), ARNET_OK);
}

static void
test_truncated_at_every_byte(void **state)
{
	(void)state;
	every_byte(0, refuse_prefix);
}

static void
test_trailing_bytes(void **state)
{
	(void)state;
	enc e;
	arnet_diag d;
	make_signed(&e, ARNET_REC_DEFAULT);
	e.b[e.len++] = 0;
	assert_int_equal(decode(&e, &d), ARNET_ETRAILING);
	memset(e.b + e.len, 0x41, 40);
	e.len += 40;
	assert_int_equal(decode(&e, &d), ARNET_ETRAILING);
	assert_non_null(strstr(d.msg, "after the end"));
}

static void
test_oversize_input(void **state)
{
	(void)state;
	static uint8_t big[ARNET_RECORD_MAX + 1];
	arnet_record r;
	arnet_diag d;
	enc e;
	make_signed(&e, ARNET_REC_DEFAULT);
	memcpy(big, e.b, e.len);
	assert_int_equal(arnet_record_decode(&r, big, sizeof(big), &d),
	                 ARNET_ETOOBIG);
	assert_int_equal(arnet_record_verify(big, sizeof(big)), ARNET_ETOOBIG);
}

static void
test_wrong_version(void **state)
{
	(void)state;
	const uint8_t bad[] = {0, 2, 255};
	refuse_byte_values(ARNET_REC_DEFAULT, 0, bad, sizeof(bad),
	                   ARNET_EVERSION, "version");
}

static void
test_unknown_type(void **state)
{
	(void)state;
	const uint8_t bad[] = {0, 6, 255};
	refuse_byte_values(ARNET_REC_CREDIT_STOP, 1, bad, sizeof(bad),
	                   ARNET_ETYPE, NULL);
}

static void
test_subject_length_past_end(void **state)
{
	(void)state;
	enc e;
	arnet_diag d;
	make_signed(&e, ARNET_REC_DEFAULT);
	e.len = OFF_SUBJ_LEN + 5; /* length byte says 23, 4 bytes follow */
	assert_int_equal(decode(&e, &d), ARNET_ETRUNC);
	assert_non_null(strstr(d.msg, "subject at byte 83"));

	const uint8_t zero = 0;
	assert_int_not_equal(
	        decode_patched(ARNET_REC_DEFAULT, OFF_SUBJ_LEN, &zero, 1, &d),
	        ARNET_OK);

	make_signed(&e, ARNET_REC_DEFAULT);
	e.b[OFF_SUBJ_LEN] = 200;
	assert_int_not_equal(decode(&e, &d), ARNET_OK);
}

static void
test_body_length_lies(void **state)
{
	(void)state;
	enc e;
	arnet_diag d;
	/* Longer than what remains. */
	make_signed(&e, ARNET_REC_CREDIT_STOP);
	e.b[OFF_BODY_LEN] = 0x01;
	e.b[OFF_BODY_LEN + 1] = 0x00;
	assert_int_equal(decode(&e, &d), ARNET_ETRUNC);
	/* More than the limit. */
	e.b[OFF_BODY_LEN] = 0x02;
	e.b[OFF_BODY_LEN + 1] = 0x01;
	assert_int_equal(decode(&e, &d), ARNET_ETOOBIG);
	assert_non_null(strstr(d.msg, "body_len"));
	/* Body shorter than body_len says (one byte of the signature is
	 * claimed by the body): the body ends before body_len. */
	make_signed(&e, ARNET_REC_CREDIT_STOP);
	e.b[OFF_BODY_LEN + 1]++;
	e.b[e.len++] = 0;
	resign(&e, sk_a);
	assert_int_equal(decode(&e, &d), ARNET_ENONCANON);
	/* Body longer than body_len says. */
	make_signed(&e, ARNET_REC_CREDIT_STOP);
	e.b[OFF_BODY_LEN + 1]--;
	assert_int_equal(decode(&e, &d), ARNET_ETRUNC);
}

/* The record types, short for the tables below. */
enum {
	DEF = ARNET_REC_DEFAULT,
	STOP = ARNET_REC_CREDIT_STOP,
	SETTLE = ARNET_REC_SETTLEMENT,
	LIFT = ARNET_REC_LIFT,
	DISPUTE = ARNET_REC_DISPUTE,
};

typedef void (*mutator)(arnet_record *r);

/* EDIT(name, statement): a mutator that makes one field of r invalid. */
#define EDIT(name, stmt)                                                       \
	static void name(arnet_record *r)                                      \
	{                                                                      \
		stmt;                                                          \
	}
EDIT(m_seq0, r->seq = 0)
EDIT(m_seq1_prev, r->seq = 1)
EDIT(m_seq2_zero, memset(r->prev, 0, 32))
EDIT(m_created_neg, r->created = -1)
EDIT(m_created_big, r->created = 253402300800)
EDIT(m_subj_lower, strcpy(r->subject.text, "uscc:91350100m000100y43"))
EDIT(m_subj_prefix, strcpy(r->subject.text, "USCC:91350100M000100Y43"))
EDIT(m_subj_check, strcpy(r->subject.text, "uscc:91350100M000100Y44"))
EDIT(m_subj_empty, r->subject.text[0] = '\0')
EDIT(m_cur_lower, memcpy(r->u.def.currency, "cny", 4))
EDIT(m_cur_unknown, memcpy(r->u.def.currency, "XXX", 4))
EDIT(m_amount0, r->u.def.amount = 0)
EDIT(m_amount_neg, r->u.def.amount = -5)
EDIT(m_amount_2p53, r->u.def.amount = INT64_C(9007199254740992))
EDIT(m_dpd0, r->u.def.days_past_due = 0)
EDIT(m_dpd_big, r->u.def.days_past_due = 36601)
EDIT(m_due_bad, r->u.def.due_date = 2932897)
EDIT(m_reason0, r->u.def.reason = 0)
EDIT(m_reason6, r->u.def.reason = 6)
EDIT(m_stop_reason, r->u.stop.reason = 9)
EDIT(m_settle_other, memcpy(r->u.settle.target.author, pk_b, 32))
EDIT(m_settle_later, r->u.settle.target.seq = 3)
EDIT(m_settle_zero_hash, memset(r->u.settle.target.hash, 0, 32))
EDIT(m_settle_how0, r->u.settle.how = 0)
EDIT(m_settle_how4, r->u.settle.how = 4)
EDIT(m_settle_neg, r->u.settle.amount = -1)
EDIT(m_lift_other, memcpy(r->u.lift.target.author, pk_b, 32))
EDIT(m_dispute_status0, r->u.dispute.status = 0)
EDIT(m_dispute_status4, r->u.dispute.status = 4)
EDIT(m_dispute_seq0, r->u.dispute.target.seq = 0)
EDIT(m_note_ctrl, strcpy(r->note, "a\tb"))
EDIT(m_note_utf8, strcpy(r->note, "\xc3\x28"))

/*
 * One invalid field in a valid record of `type` by A: either an edit
 * before signing (the encoder must refuse it), or n bytes patched at byte
 * `at` of the signed encoding and re-signed (the decoder must refuse it,
 * saying at which byte). Either way the answer is `want` and the message
 * names `field`.
 */
typedef struct refusal {
	int type, want;
	const char *field;
	mutator edit;
	size_t at;
	const uint8_t *bytes;
	size_t n;
} refusal;

static const refusal encoder_refusals[] = {
        {DEF, ARNET_ERANGE, "seq", .edit = m_seq0},
        {STOP, ARNET_ENONCANON, "prev", .edit = m_seq1_prev},
        {STOP, ARNET_ENONCANON, "prev", .edit = m_seq2_zero},
        {DEF, ARNET_ERANGE, "created", .edit = m_created_neg},
        {DEF, ARNET_ERANGE, "created", .edit = m_created_big},
        {DEF, ARNET_ENONCANON, "subject", .edit = m_subj_lower},
        {DEF, ARNET_ENONCANON, "subject", .edit = m_subj_prefix},
        {DEF, ARNET_ECHECK, "subject", .edit = m_subj_check},
        {DEF, ARNET_ESYNTAX, "subject", .edit = m_subj_empty},
        {DEF, ARNET_ECURRENCY, "currency", .edit = m_cur_lower},
        {DEF, ARNET_ECURRENCY, "currency", .edit = m_cur_unknown},
        {DEF, ARNET_ERANGE, "amount", .edit = m_amount0},
        {DEF, ARNET_ERANGE, "amount", .edit = m_amount_neg},
        {DEF, ARNET_ERANGE, "amount", .edit = m_amount_2p53},
        {DEF, ARNET_ERANGE, "days_past_due", .edit = m_dpd0},
        {DEF, ARNET_ERANGE, "days_past_due", .edit = m_dpd_big},
        {DEF, ARNET_ERANGE, "due_date", .edit = m_due_bad},
        {DEF, ARNET_ERANGE, "reason", .edit = m_reason0},
        {DEF, ARNET_ERANGE, "reason", .edit = m_reason6},
        {STOP, ARNET_ERANGE, "reason", .edit = m_stop_reason},
        {SETTLE, ARNET_ERANGE, "target.author", .edit = m_settle_other},
        {SETTLE, ARNET_ERANGE, "target.seq", .edit = m_settle_later},
        {SETTLE, ARNET_ENONCANON, "target.hash", .edit = m_settle_zero_hash},
        {SETTLE, ARNET_ERANGE, "how", .edit = m_settle_how0},
        {SETTLE, ARNET_ERANGE, "how", .edit = m_settle_how4},
        {SETTLE, ARNET_ERANGE, "amount", .edit = m_settle_neg},
        {LIFT, ARNET_ERANGE, "target.author", .edit = m_lift_other},
        {DISPUTE, ARNET_ERANGE, "status", .edit = m_dispute_status0},
        {DISPUTE, ARNET_ERANGE, "status", .edit = m_dispute_status4},
        {DISPUTE, ARNET_ERANGE, "target.seq", .edit = m_dispute_seq0},
        {DEF, ARNET_ESYNTAX, "note", .edit = m_note_ctrl},
        {LIFT, ARNET_ESYNTAX, "note", .edit = m_note_utf8},
};

static const uint8_t zero8[8] = {0};
static const uint8_t neg8[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t zero32[32] = {0};
static const uint8_t lower[] = "uscc:91350100m000100y43";
static const uint8_t badcheck[] = "uscc:91350100M000100Y44";
static const uint8_t cny_lower[] = "cny", xxx[] = "XXX";
static const uint8_t zero1 = 0, six = 6, four = 4;
static const uint8_t big_dpd[4] = {0, 0, 0x8f, 0x0a}; /* 36618 */
static const uint8_t bad_due[4] = {0x7f, 0, 0, 0};
static const uint8_t big_amount[8] = {0, 0x20, 0, 0, 0, 0, 0, 0}; /* 2^53 */
static const refusal decoder_refusals[] = {
        {DEF, ARNET_ERANGE, "seq at byte 34", NULL, 34, zero8, 8},
        /* seq 3 with zero prev */
        {DEF, ARNET_ENONCANON, "prev", NULL, 42, zero32, 32},
        {DEF, ARNET_ERANGE, "created at byte 74", NULL, 74, neg8, 8},
        {DEF, ARNET_ENONCANON, "subject at byte 82", NULL, 83, lower, 23},
        {DEF, ARNET_ECHECK, "subject", NULL, 83, badcheck, 23},
        {DEF, ARNET_ERANGE, "amount", NULL, OFF_BODY, zero8, 8},
        {DEF, ARNET_ERANGE, "amount", NULL, OFF_BODY, neg8, 8},
        {DEF, ARNET_ERANGE, "amount", NULL, OFF_BODY, big_amount, 8},
        {DEF, ARNET_ECURRENCY, "currency", NULL, OFF_BODY + 8, cny_lower, 3},
        {DEF, ARNET_ECURRENCY, "currency", NULL, OFF_BODY + 8, xxx, 3},
        {DEF, ARNET_ERANGE, "due_date", NULL, OFF_BODY + 11, bad_due, 4},
        {DEF, ARNET_ERANGE, "days_past_due", NULL, OFF_BODY + 15, zero8, 4},
        {DEF, ARNET_ERANGE, "days_past_due", NULL, OFF_BODY + 15, big_dpd, 4},
        {DEF, ARNET_ERANGE, "reason", NULL, OFF_BODY + 19, &zero1, 1},
        {DEF, ARNET_ERANGE, "reason", NULL, OFF_BODY + 19, &six, 1},
        {STOP, ARNET_ERANGE, "reason", NULL, OFF_BODY, &six, 1},
        /* SETTLEMENT target author = B: not the author's own record. */
        {SETTLE, ARNET_ERANGE, "target.author", NULL, OFF_BODY, pk_b, 32},
        {SETTLE, ARNET_ENONCANON, "target.hash", NULL, OFF_BODY + 40, zero32,
         32},
        {SETTLE, ARNET_ERANGE, "how", NULL, OFF_BODY + 72, &four, 1},
        {SETTLE, ARNET_ERANGE, "amount", NULL, OFF_BODY + 73, neg8, 8},
        {LIFT, ARNET_ERANGE, "target.author", NULL, OFF_BODY, pk_b, 32},
        {DISPUTE, ARNET_ERANGE, "target.seq", NULL, OFF_BODY + 32, zero8, 8},
        {DISPUTE, ARNET_ERANGE, "status", NULL, OFF_BODY + 72, &zero1, 1},
        {DISPUTE, ARNET_ERANGE, "status", NULL, OFF_BODY + 72, &four, 1},
};

/* Each case of the table is refused as it says; a failure names it. */
static void
expect_refusals(const refusal *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const refusal *c = &t[i];
		arnet_record r;
		arnet_diag d;
		enc e;
		int rv;
		if (c->edit != NULL) {
			make(&r, c->type);
			c->edit(&r);
			rv = arnet_record_sign(e.b, sizeof(e.b), &e.len, &r,
			                       sk_a, &d);
		} else {
			rv = decode_patched(c->type, c->at, c->bytes, c->n, &d);
		}
		if (rv != c->want || strstr(d.msg, c->field) == NULL ||
		    (c->edit == NULL && strstr(d.msg, "at byte") == NULL)) {
			fail_msg("case %zu (%s): %d \"%s\", want %d", i,
			         c->field, rv, d.msg, c->want);
		}
	}
}

static void
test_encoder_refuses_invalid_fields(void **state)
{
	(void)state;
	expect_refusals(encoder_refusals, ARRAY_LEN(encoder_refusals));
}

static void
test_decoder_refuses_invalid_fields(void **state)
{
	(void)state;
	expect_refusals(decoder_refusals, ARRAY_LEN(decoder_refusals));
}

/* A record from the network whose local: subject hides a bidi control
 * (or mixes look-alike scripts) is refused by the strict decoder, even
 * when correctly signed. */
static void
test_decoder_refuses_hidden_subject(void **state)
{
	(void)state;
	static const struct {
		const char *bytes, *msg;
	} edits[] = {
	        {"\xe2\x80\xae", "U+202E) is a bidi control"},
	        {"\xe2\x80\x8b", "U+200B) is a zero-width character"},
	        {"\xd0\x90\x42", "look-alike"}, /* Cyrillic A then B */
	};
	for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		arnet_record r;
		arnet_diag d;
		enc e;
		make(&r, ARNET_REC_CREDIT_STOP);
		assert_int_equal(
		        arnet_ident_parse(&r.subject, "local:XYZEMCA", NULL),
		        ARNET_OK);
		sign(&e, &r, sk_a);
		uint8_t *at = NULL;
		for (size_t k = 0; at == NULL && k + 3 <= e.len; k++) {
			at = memcmp(e.b + k, "XYZ", 3) == 0 ? e.b + k : NULL;
		}
		assert_non_null(at);
		memcpy(at, edits[i].bytes, 3);
		resign(&e, sk_a);
		assert_int_equal(decode(&e, &d), ARNET_ESYNTAX);
		assert_non_null(strstr(d.msg, "subject"));
		if (strstr(d.msg, edits[i].msg) == NULL) {
			fail_msg("message \"%s\" lacks \"%s\"", d.msg,
			         edits[i].msg);
		}
	}
}

static void
test_decoder_refuses_bad_note(void **state)
{
	(void)state;
	/* CREDIT_STOP body: reason, note length, note bytes. A control
	 * character, a lone continuation byte, an overlong lead byte. */
	const uint8_t bad[] = {0x07, 0x80, 0xc0};
	refuse_byte_values(ARNET_REC_CREDIT_STOP, OFF_BODY + 2, bad,
	                   sizeof(bad), ARNET_ESYNTAX, "note");
}

static void
test_note_too_long(void **state)
{
	(void)state;
	arnet_record r;
	arnet_diag d;
	enc e;
	make(&r, ARNET_REC_LIFT);
	memset(r.note, 'x', ARNET_NOTE_MAX);
	r.note[ARNET_NOTE_MAX] = '\0';
	sign(&e, &r, sk_a); /* 255 is the limit and fine */
	arnet_record back;
	assert_int_equal(arnet_record_open(&back, e.b, e.len, &d), ARNET_OK);
	assert_int_equal(strlen(back.note), ARNET_NOTE_MAX);
}

/* ---- signatures ---- */

static void
test_flipped_signature_bits(void **state)
{
	(void)state;
	enc e;
	make_signed(&e, ARNET_REC_DEFAULT);
	assert_int_equal(arnet_record_verify(e.b, e.len), ARNET_OK);
	for (size_t i = e.len - 64; i < e.len; i++) {
		for (int bit = 0; bit < 8; bit++) {
			e.b[i] ^= (uint8_t)(1u << bit);
			assert_int_equal(arnet_record_verify(e.b, e.len),
			                 ARNET_ESIG);
			e.b[i] ^= (uint8_t)(1u << bit);
		}
	}
	assert_int_equal(arnet_record_verify(e.b, e.len), ARNET_OK);
}

/* A record with bit 0 of signed byte i flipped is refused. */
static void
refuse_flipped(enc *e, size_t i)
{
	arnet_record r;
	e->b[i] ^= 0x01;
	assert_int_not_equal(arnet_record_open(&r, e->b, e->len, NULL),
	                     ARNET_OK);
	assert_int_equal(arnet_record_verify(e->b, e->len), ARNET_ESIG);
	e->b[i] ^= 0x01;
}

static void
test_flipped_signed_bits(void **state)
{
	(void)state;
	every_byte(64, refuse_flipped);
}

static void
test_wrong_key(void **state)
{
	(void)state;
	enc e;
	arnet_record r;
	arnet_diag d;
	make_signed(&e, ARNET_REC_CREDIT_STOP);
	/* Claim B wrote what A signed. */
	memcpy(e.b + 2, pk_b, 32);
	assert_int_equal(arnet_record_decode(&r, e.b, e.len, &d), ARNET_OK);
	assert_int_equal(arnet_record_verify(e.b, e.len), ARNET_ESIG);
	assert_int_equal(arnet_record_open(&r, e.b, e.len, &d), ARNET_ESIG);
	assert_non_null(strstr(d.msg, "signature"));
	/* And B's signature over A's author field. */
	make_signed(&e, ARNET_REC_CREDIT_STOP);
	resign(&e, sk_b);
	assert_int_equal(arnet_record_verify(e.b, e.len), ARNET_ESIG);
}

static void
test_verify_short_input(void **state)
{
	(void)state;
	uint8_t b[97] = {1, 1};
	assert_int_equal(arnet_record_verify(b, 0), ARNET_ETRUNC);
	assert_int_equal(arnet_record_verify(NULL, 0), ARNET_ETRUNC);
	assert_int_equal(arnet_record_verify(b, 97), ARNET_ETRUNC);
}

static void
test_signature_uses_context(void **state)
{
	(void)state;
	enc e;
	uint8_t msg[16 + ARNET_RECORD_MAX];
	make_signed(&e, ARNET_REC_DEFAULT);
	size_t n = e.len - 64;
	assert_int_not_equal(crypto_sign_verify_detached(e.b + n, e.b, n, pk_a),
	                     0);
	memcpy(msg, ARNET_RECORD_SIG_CONTEXT, ARNET_RECORD_SIG_CONTEXT_LEN);
	assert_int_equal(msg[15], 0);
	memcpy(msg + 16, e.b, n);
	assert_int_equal(
	        crypto_sign_verify_detached(e.b + n, msg, 16 + n, pk_a), 0);
}

/* ---- valid records ---- */

static void
test_round_trip_every_type(void **state)
{
	(void)state;
	for (int t = ARNET_REC_DEFAULT; t <= ARNET_REC_DISPUTE; t++) {
		arnet_record r, back;
		arnet_diag d;
		enc e, again;
		make(&r, t);
		sign(&e, &r, sk_a);
		assert_memory_equal(r.author, pk_a, 32);
		assert_int_equal(arnet_record_open(&back, e.b, e.len, &d),
		                 ARNET_OK);
		assert_int_equal(back.type, t);
		assert_int_equal(back.seq, 3);
		assert_int_equal(back.created, r.created);
		assert_string_equal(back.subject.text, SUBJECT);
		assert_int_equal(back.subject.scheme, ARNET_ID_USCC);
		assert_string_equal(back.note, r.note);
		assert_memory_equal(back.sig, r.sig, 64);
		assert_memory_equal(&back.u, &r.u, sizeof(r.u));
		assert_int_equal(arnet_record_encode(again.b, sizeof(again.b),
		                                     &again.len, &back, &d),
		                 ARNET_OK);
		assert_int_equal(again.len, e.len);
		assert_memory_equal(again.b, e.b, e.len);
	}
}

static void
test_first_record_and_limits(void **state)
{
	(void)state;
	arnet_record r, back;
	enc e;
	make(&r, ARNET_REC_DEFAULT);
	r.seq = 1;
	memset(r.prev, 0, 32);
	r.created = 253402300799;
	r.u.def.amount = INT64_C(9007199254740991);
	r.u.def.days_past_due = 36600;
	r.u.def.due_date = ARNET_DATE_MIN;
	memset(r.u.def.evidence, 0, 32);
	r.note[0] = '\0';
	sign(&e, &r, sk_a);
	assert_int_equal(arnet_record_open(&back, e.b, e.len, NULL), ARNET_OK);
	assert_int_equal(back.u.def.amount, INT64_C(9007199254740991));
}

static void
test_sign_buffer_too_small(void **state)
{
	(void)state;
	arnet_record r;
	uint8_t small[100];
	size_t len = 0;
	arnet_diag d;
	make(&r, ARNET_REC_DEFAULT);
	assert_int_equal(
	        arnet_record_sign(small, sizeof(small), &len, &r, sk_a, &d),
	        ARNET_ETOOBIG);
	assert_int_equal(
	        arnet_record_encode(small, sizeof(small), &len, &r, &d),
	        ARNET_ETOOBIG);
}

static void
test_hash(void **state)
{
	(void)state;
	enc e;
	uint8_t h1[32], h2[32], want[32];
	make_signed(&e, ARNET_REC_DISPUTE);
	arnet_record_hash(h1, e.b, e.len);
	crypto_generichash(want, 32, e.b, e.len, NULL, 0);
	assert_memory_equal(h1, want, 32);
	e.b[e.len - 1] ^= 1;
	arnet_record_hash(h2, e.b, e.len);
	assert_memory_not_equal(h1, h2, 32);
}

/* ---- chain rule ---- */

static void
test_chain(void **state)
{
	(void)state;
	arnet_record r;
	arnet_diag d;
	uint8_t head[32];
	memset(head, 0x11, 32);
	make(&r, ARNET_REC_CREDIT_STOP);
	r.seq = 1;
	memset(r.prev, 0, 32);
	assert_int_equal(arnet_record_chain(&r, 0, NULL), ARNET_CHAIN_NEXT);
	assert_int_equal(arnet_record_check_chain(&r, 0, NULL, &d), ARNET_OK);
	assert_int_equal(arnet_record_chain(&r, 1, head), ARNET_CHAIN_OLD);

	make(&r, ARNET_REC_CREDIT_STOP); /* seq 3, prev 11.. */
	assert_int_equal(arnet_record_chain(&r, 2, head), ARNET_CHAIN_NEXT);
	assert_int_equal(arnet_record_chain(&r, 3, head), ARNET_CHAIN_OLD);
	assert_int_equal(arnet_record_chain(&r, 7, head), ARNET_CHAIN_OLD);
	assert_int_equal(arnet_record_chain(&r, 1, head), ARNET_CHAIN_GAP);
	assert_int_equal(arnet_record_chain(&r, 0, NULL), ARNET_CHAIN_GAP);
	head[31] ^= 1;
	assert_int_equal(arnet_record_chain(&r, 2, head), ARNET_CHAIN_FORK);
	assert_int_equal(arnet_record_chain(&r, 2, NULL), ARNET_CHAIN_FORK);

	assert_int_equal(arnet_record_check_chain(&r, 2, head, &d),
	                 ARNET_ECHAIN);
	assert_non_null(strstr(d.msg, "prev"));
	assert_int_equal(arnet_record_check_chain(&r, 1, head, &d),
	                 ARNET_ECHAIN);
	assert_non_null(strstr(d.msg, "gap"));
	assert_int_equal(arnet_record_check_chain(&r, 5, head, &d),
	                 ARNET_ECHAIN);
	assert_non_null(strstr(d.msg, "not after"));
}

static void
test_names(void **state)
{
	(void)state;
	for (int t = 1; t <= 5; t++) {
		assert_int_equal(
		        arnet_record_type_parse(arnet_record_type_name(t)), t);
	}
	assert_int_equal(arnet_record_type_parse("blacklist"),
	                 ARNET_REC_CREDIT_STOP);
	assert_int_equal(arnet_record_type_parse("default"), ARNET_REC_DEFAULT);
	assert_int_equal(arnet_record_type_parse("nope"), 0);
	assert_int_equal(arnet_record_type_parse(NULL), 0);
	assert_string_equal(arnet_record_type_name(0), "unknown");
	assert_string_equal(arnet_record_type_name(6), "unknown");
	for (int i = 1; i <= 5; i++) {
		assert_int_equal(arnet_reason_parse(arnet_reason_name(i)), i);
	}
	for (int i = 1; i <= 3; i++) {
		assert_int_equal(
		        arnet_settle_how_parse(arnet_settle_how_name(i)), i);
		assert_int_equal(arnet_dispute_status_parse(
		                         arnet_dispute_status_name(i)),
		                 i);
	}
	assert_string_equal(arnet_reason_name(6), "unknown");
	assert_string_equal(arnet_settle_how_name(-1), "unknown");
	assert_string_equal(arnet_dispute_status_name(4), "unknown");
	assert_int_equal(arnet_reason_parse("late"), 0);
}

/* Author and seq without a decode, and the feed order built on them. */
static void
test_peek_and_feed_order(void **state)
{
	enc e, f;
	arnet_record r;
	const uint8_t *author;
	uint64_t seq = 0;
	(void)state;
	make_signed(&e, ARNET_REC_DEFAULT);
	assert_true(arnet_record_peek(e.b, e.len, &author, &seq));
	assert_memory_equal(author, pk_a, ARNET_PUBKEY_BYTES);
	assert_int_equal(seq, 3);
	/* Exactly as long as version, type, author and seq: enough. */
	assert_true(arnet_record_peek(e.b, 2 + ARNET_PUBKEY_BYTES + 8, &author,
	                              &seq));
	assert_false(arnet_record_peek(e.b, 2 + ARNET_PUBKEY_BYTES + 7, &author,
	                               &seq));
	assert_false(arnet_record_peek(NULL, 0, &author, &seq));
	/* Same author: by seq, numerically. */
	make(&r, ARNET_REC_DEFAULT);
	r.seq = 256;
	sign(&f, &r, sk_a);
	assert_true(arnet_record_feed_cmp(e.b, e.len, f.b, f.len) < 0);
	assert_true(arnet_record_feed_cmp(f.b, f.len, e.b, e.len) > 0);
	assert_int_equal(arnet_record_feed_cmp(e.b, e.len, e.b, e.len), 0);
	/* Another author: by author first, whatever the seq. */
	r.seq = 1;
	memset(r.prev, 0, sizeof(r.prev));
	sign(&f, &r, sk_b);
	int by_key = memcmp(pk_a, pk_b, ARNET_PUBKEY_BYTES) < 0 ? -1 : 1;
	assert_int_equal(arnet_record_feed_cmp(e.b, e.len, f.b, f.len) < 0 ? -1
	                                                                   : 1,
	                 by_key);
	/* Too short to tell: first; two of them: equal. */
	assert_true(arnet_record_feed_cmp(e.b, 5, f.b, f.len) < 0);
	assert_true(arnet_record_feed_cmp(f.b, f.len, e.b, 5) > 0);
	assert_int_equal(arnet_record_feed_cmp(e.b, 5, f.b, 41), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_truncated_at_every_byte),
	        cmocka_unit_test(test_trailing_bytes),
	        cmocka_unit_test(test_oversize_input),
	        cmocka_unit_test(test_wrong_version),
	        cmocka_unit_test(test_unknown_type),
	        cmocka_unit_test(test_subject_length_past_end),
	        cmocka_unit_test(test_body_length_lies),
	        cmocka_unit_test(test_encoder_refuses_invalid_fields),
	        cmocka_unit_test(test_decoder_refuses_invalid_fields),
	        cmocka_unit_test(test_decoder_refuses_hidden_subject),
	        cmocka_unit_test(test_decoder_refuses_bad_note),
	        cmocka_unit_test(test_note_too_long),
	        cmocka_unit_test(test_flipped_signature_bits),
	        cmocka_unit_test(test_flipped_signed_bits),
	        cmocka_unit_test(test_wrong_key),
	        cmocka_unit_test(test_verify_short_input),
	        cmocka_unit_test(test_signature_uses_context),
	        cmocka_unit_test(test_round_trip_every_type),
	        cmocka_unit_test(test_first_record_and_limits),
	        cmocka_unit_test(test_sign_buffer_too_small),
	        cmocka_unit_test(test_hash),
	        cmocka_unit_test(test_chain),
	        cmocka_unit_test(test_names),
	        cmocka_unit_test(test_peek_and_feed_order),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
