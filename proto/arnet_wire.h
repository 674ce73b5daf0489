/*
 * arnet_wire.h - the messages nodes send each other over nng.
 *
 * Every message is an envelope: a format version, a key epoch (0: the
 * payload is not sealed; sealing with the association's network key comes
 * later, and nodes of today refuse a sealed payload they cannot open
 * rather than misread it), a message type, and the body.
 *
 *   RECORD       published on PUB: one signed record (a hint)
 *   ROSTER       published on PUB: a signed roster (passed on)
 *   SYNC_REQUEST to a peer's REP socket: a request signed by the asking
 *                member (HEADS, PULL or ROSTER)
 *   SYNC_REPLY   the answer: status, then the op's payload
 *   SURVEY_ASK, SURVEY_ANSWER  trade-reference surveys (arnet_survey.h)
 *
 * Byte layouts: docs/protocol.md, section "Network messages"; golden
 * bytes: tests/vectors/wire.json. Decoding is strict, as for records.
 */
#ifndef ARNET_WIRE_H
#define ARNET_WIRE_H

#include "arnet_codec.h"
#include "arnet_err.h"
#include "arnet_keys.h"

#include <stddef.h>
#include <stdint.h>

#define ARNET_WIRE_VERSION         1
#define ARNET_ENVELOPE_BYTES       6 /* version u8, key_epoch u32, type u8 */
#define ARNET_SYNC_SIG_CONTEXT     "arnet/sync/v1"
#define ARNET_SYNC_SIG_CONTEXT_LEN 14
/* Largest message a node accepts (NNG_OPT_RECVMAXSZ): a roster is the
 * largest thing sent. */
#define ARNET_WIRE_MAX (8u << 20)
/* Records in one PULL reply, at most. */
#define ARNET_PULL_MAX 1000
/* A sync request is accepted this many seconds either side of now. */
#define ARNET_SYNC_SKEW 300

typedef enum arnet_msg_type {
	ARNET_MSG_RECORD = 1,
	ARNET_MSG_ROSTER = 2,
	ARNET_MSG_SYNC_REQUEST = 3,
	ARNET_MSG_SYNC_REPLY = 4,
	ARNET_MSG_SURVEY_ASK = 5,    /* arnet_survey.h */
	ARNET_MSG_SURVEY_ANSWER = 6, /* arnet_survey.h */
} arnet_msg_type;

typedef enum arnet_sync_op {
	ARNET_SYNC_HEADS = 1,  /* what heads do you hold? */
	ARNET_SYNC_PULL = 2,   /* records of an author from a seq */
	ARNET_SYNC_ROSTER = 3, /* your roster */
	ARNET_SYNC_PROOFS = 4, /* your proofs of equivocation */
} arnet_sync_op;

typedef enum arnet_sync_status {
	ARNET_SYNC_OK = 0,
	ARNET_SYNC_REFUSED = 1, /* not a member, bad signature, stale time */
	ARNET_SYNC_BAD = 2,     /* malformed request */
} arnet_sync_status;

/*
 * arnet_envelope_open: the type and body of a message. ARNET_OK;
 * ARNET_ETRUNC (shorter than an envelope), ARNET_EVERSION (unknown
 * format), ARNET_ETYPE (unknown type), ARNET_EPERM (sealed: key epoch not
 * 0). body points into in.
 */
int arnet_envelope_open(const uint8_t *in, size_t len, int *type,
                        const uint8_t **body, size_t *body_len,
                        arnet_diag *diag) __attribute__((warn_unused_result));

/* arnet_envelope_put: write the envelope header of `type` into out[0..6). */
void arnet_envelope_put(uint8_t out[ARNET_ENVELOPE_BYTES], int type);

/* A decoded sync request. */
typedef struct arnet_sync_req {
	uint8_t asker[ARNET_PUBKEY_BYTES];
	int64_t time;
	uint8_t nonce[16];
	uint8_t op;
	/* PULL */
	uint8_t author[ARNET_PUBKEY_BYTES];
	uint64_t from;
	uint16_t max;
} arnet_sync_req;

/*
 * arnet_sync_req_sign: the complete message (envelope included) of a
 * request signed with sk (asker = its public half; a zero nonce is
 * replaced by a random one) into
 * out (cap >= 256). ARNET_OK or ARNET_ETOOBIG / ARNET_EINVAL.
 */
int arnet_sync_req_sign(uint8_t *out, size_t cap, size_t *len,
                        arnet_sync_req *req,
                        const uint8_t sk[ARNET_SECKEY_BYTES])
        __attribute__((warn_unused_result));

/*
 * arnet_sync_req_open: decode the body of a SYNC_REQUEST and check its
 * signature by the asker's key. Whether the asker is a member and the
 * time is fresh is for the caller (it holds the roster and the clock).
 * ARNET_OK, ARNET_ETRUNC, ARNET_ETRAILING, ARNET_ETYPE (unknown op),
 * ARNET_ERANGE (pull max 0 or over ARNET_PULL_MAX), ARNET_ESIG.
 */
int arnet_sync_req_open(arnet_sync_req *req, const uint8_t *body, size_t len,
                        arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_sync_req_decode: the same without the signature check (the
 * body must still end exactly after a signature's 64 bytes), so that a
 * server checks the time and the asker's membership, which cost
 * nothing, before the signature, which costs a verification;
 * arnet_sync_req_verify then checks the signature of the body q was
 * decoded from. ARNET_ESIG.
 */
int arnet_sync_req_decode(arnet_sync_req *req, const uint8_t *body, size_t len,
                          arnet_diag *diag) __attribute__((warn_unused_result));
int arnet_sync_req_verify(const arnet_sync_req *req, const uint8_t *body,
                          size_t len, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * Reply building: a growing arnet_wbuf (arnet_codec.h) of at most
 * ARNET_WIRE_MAX bytes, written with the arnet_put_ functions and the
 * payload writers below, released with arnet_wbuf_free.
 */
typedef arnet_wbuf arnet_reply;

/* arnet_reply_start: a new reply in r (whatever r held is not freed):
 * envelope, status and, for REFUSED/BAD, a reason (cut at 200 bytes, on
 * a UTF-8 character boundary). */
void arnet_reply_start(arnet_reply *r, int status, const char *reason);

/* A decoded reply header; payload points into the message. */
typedef struct arnet_sync_reply {
	uint8_t status;
	char reason[201];
	const uint8_t *payload;
	size_t payload_len;
} arnet_sync_reply;

int arnet_sync_reply_open(arnet_sync_reply *rep, const uint8_t *body,
                          size_t len, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* One head in a HEADS reply payload: author, seq, hash (72 bytes). */
#define ARNET_HEAD_WIRE (ARNET_PUBKEY_BYTES + 8 + ARNET_HASH_BYTES)

/*
 * The payloads of status-0 replies (docs/protocol.md, "Sync replies"),
 * each checked whole before any of it is used: every length within the
 * payload, nothing after it. The views point into the payload: valid as
 * long as the reply message is. Errors: ARNET_ETRUNC, ARNET_ETRAILING,
 * ARNET_ERANGE, ARNET_ETOOBIG; diag names the field and the offset.
 */
typedef struct arnet_heads_view {
	uint64_t epoch; /* of the peer's roster */
	uint32_t n;
	const uint8_t *heads; /* n x ARNET_HEAD_WIRE */
} arnet_heads_view;

/* arnet_heads_payload_open: a HEADS payload. */
int arnet_heads_payload_open(arnet_heads_view *v, const uint8_t *p, size_t len,
                             arnet_diag *diag)
        __attribute__((warn_unused_result));
/* arnet_heads_view_get: head i (< v->n): its author and hash (32 bytes
 * each, in the payload) and seq. */
void arnet_heads_view_get(const arnet_heads_view *v, uint32_t i,
                          const uint8_t **author, uint64_t *seq,
                          const uint8_t **hash);

/* Records in a PULL or PROOFS payload, read with arnet_records_next. */
typedef struct arnet_records_view {
	uint32_t n;
	const uint8_t *p; /* the first length */
	size_t len, off;
	uint32_t next;
} arnet_records_view;

/* arnet_records_payload_open: n u32 (at most max), then n records each a
 * u16 length (1..ARNET_RECORD_MAX) and its bytes; an empty payload is no
 * record. The records themselves are not decoded here (ingest does). */
int arnet_records_payload_open(arnet_records_view *v, const uint8_t *p,
                               size_t len, uint32_t max, arnet_diag *diag)
        __attribute__((warn_unused_result));
/* arnet_records_next: 1 and the next record's bytes, or 0 at the end. */
int arnet_records_next(arnet_records_view *v, const uint8_t **rec, size_t *len);

/* arnet_roster_payload_open: a ROSTER payload (u32 length, roster); the
 * roster bytes are not checked here (arnet_roster_open does). */
int arnet_roster_payload_open(const uint8_t **roster, size_t *roster_len,
                              const uint8_t *p, size_t len, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * Writing the payloads of status-0 replies, after
 * arnet_reply_start(r, ARNET_SYNC_OK, NULL): the inverse of the _open
 * functions above, byte for byte. A list payload (HEADS, PULL, PROOFS)
 * counts its items as they are added and writes the count at the end:
 *
 *   arnet_payload_enc e;
 *   arnet_heads_payload_begin(&e, r, epoch);
 *   arnet_heads_payload_add(&e, author, seq, hash);  ... once per head
 *   rv = arnet_payload_end(&e);
 *
 * Errors stick in r->err, as with the arnet_put_ writers: ARNET_ETOOBIG
 * (the reply would pass ARNET_WIRE_MAX, or a record is not
 * 1..ARNET_RECORD_MAX bytes), ARNET_ENOMEM. e borrows r until the end.
 */
typedef struct arnet_payload_enc {
	arnet_reply *r;
	size_t count_at; /* where the u32 count sits in r */
	uint32_t n;      /* items added */
} arnet_payload_enc;

/* arnet_heads_payload_begin: a HEADS payload: the roster epoch, then the
 * heads arnet_heads_payload_add writes. */
void arnet_heads_payload_begin(arnet_payload_enc *e, arnet_reply *r,
                               uint64_t epoch);
/* arnet_heads_payload_add: one head (ARNET_HEAD_WIRE bytes). */
void arnet_heads_payload_add(arnet_payload_enc *e,
                             const uint8_t author[ARNET_PUBKEY_BYTES],
                             uint64_t seq,
                             const uint8_t hash[ARNET_HASH_BYTES]);
/* arnet_records_payload_begin: a PULL or PROOFS payload: the records
 * arnet_records_payload_add writes. */
void arnet_records_payload_begin(arnet_payload_enc *e, arnet_reply *r);
/* arnet_records_payload_add: one record's bytes, as they are (not
 * decoded here). */
void arnet_records_payload_add(arnet_payload_enc *e, const uint8_t *rec,
                               size_t len);
/* arnet_payload_end: write the count of a list payload; returns r->err. */
int arnet_payload_end(arnet_payload_enc *e);
/* arnet_roster_payload_put: a ROSTER payload (u32 length, the roster's
 * bytes as they are). */
void arnet_roster_payload_put(arnet_reply *r, const uint8_t *roster,
                              size_t len);

#endif /* ARNET_WIRE_H */
