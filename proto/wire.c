/*
 * wire.c - envelopes, signed sync requests and sync replies.
 */
#include "arnet_codec.h"
#include "arnet_sign.h"
#include "arnet_record.h"
#include "arnet_wire.h"
#include "signed_msg.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* The envelope: u8 version, u32 key_epoch, u8 type (ARNET_ENVELOPE_BYTES). */
enum envelope_layout {
	ENV_VERSION = 0,
	ENV_KEY_EPOCH = ENV_VERSION + 1,
	ENV_TYPE = ENV_KEY_EPOCH + 4,
};
_Static_assert(ENV_TYPE + 1 == ARNET_ENVELOPE_BYTES, "envelope layout");
_Static_assert(sizeof(((arnet_sync_req *)0)->nonce) == SM_NONCE_BYTES,
               "a request's nonce");

int
arnet_envelope_open(const uint8_t *in, size_t len, int *type,
                    const uint8_t **body, size_t *body_len, arnet_diag *d)
{
	arnet_rbuf r;
	if (arnet_rbuf_open(&r, in, len, ARNET_WIRE_MAX, "message", d) !=
	    ARNET_OK) {
		return r.err;
	}
	uint8_t version = arnet_get_u8(&r, "version");
	uint32_t epoch = arnet_get_u32(&r, "key_epoch");
	uint8_t t = arnet_get_u8(&r, "type");
	if (r.err != ARNET_OK) {
		return r.err;
	}
	if (version != ARNET_WIRE_VERSION) {
		r.off = ENV_VERSION;
		return arnet_rbuf_fail(&r, ARNET_EVERSION, "version",
		                       "format %u is not supported", version);
	}
	if (epoch != 0) {
		r.off = ENV_KEY_EPOCH;
		return arnet_rbuf_fail(
		        &r, ARNET_EPERM, "key_epoch",
		        "sealed payload (key epoch %u) cannot be "
		        "opened by this node",
		        (unsigned)epoch);
	}
	if (t < ARNET_MSG_RECORD || t > ARNET_MSG_SURVEY_ANSWER) {
		r.off = ENV_TYPE;
		return arnet_rbuf_fail(&r, ARNET_ETYPE, "type",
		                       "unknown message type %u", t);
	}
	*type = t;
	*body = in + ARNET_ENVELOPE_BYTES;
	*body_len = len - ARNET_ENVELOPE_BYTES;
	return ARNET_OK;
}

void
arnet_envelope_put(uint8_t out[ARNET_ENVELOPE_BYTES], int type)
{
	out[ENV_VERSION] = ARNET_WIRE_VERSION;
	arnet_be32_write(out + ENV_KEY_EPOCH, 0);
	out[ENV_TYPE] = (uint8_t)type;
}

static void
put_req(arnet_wbuf *w, const void *arg)
{
	const arnet_sync_req *q = arg;
	sm_put_asked(w, q->asker, q->time, q->nonce);
	arnet_put_u8(w, q->op);
	if (q->op == ARNET_SYNC_PULL) {
		arnet_put_bytes(w, q->author, ARNET_PUBKEY_BYTES);
		arnet_put_u64(w, q->from);
		arnet_put_u16(w, q->max);
	}
}

int
arnet_sync_req_sign(uint8_t *out, size_t cap, size_t *len, arnet_sync_req *q,
                    const uint8_t sk[ARNET_SECKEY_BYTES])
{
	if (q->op < ARNET_SYNC_HEADS || q->op > ARNET_SYNC_PROOFS ||
	    (q->op == ARNET_SYNC_PULL &&
	     (q->max == 0 || q->max > ARNET_PULL_MAX))) {
		return ARNET_EINVAL;
	}
	sm_stamp(q->asker, q->nonce, sk);
	return sm_sign(out, cap, len, ARNET_MSG_SYNC_REQUEST,
	               ARNET_SYNC_SIG_CONTEXT, ARNET_SYNC_SIG_CONTEXT_LEN,
	               put_req, q, sk);
}

/* Decode a SYNC_REQUEST body into q; with verify, check its signature
 * too. */
static int
req_open(arnet_sync_req *q, const uint8_t *body, size_t len, int verify,
         arnet_diag *d)
{
	arnet_rbuf r;
	memset(q, 0, sizeof(*q));
	arnet_rbuf_init(&r, body, len, d);
	sm_get_asked(&r, q->asker, &q->time, q->nonce);
	q->op = arnet_get_u8(&r, "op");
	if (r.err == ARNET_OK &&
	    (q->op < ARNET_SYNC_HEADS || q->op > ARNET_SYNC_PROOFS)) {
		r.off--;
		return arnet_rbuf_fail(&r, ARNET_ETYPE, "op", "unknown op %u",
		                       q->op);
	}
	if (q->op == ARNET_SYNC_PULL) {
		arnet_get_bytes(&r, q->author, ARNET_PUBKEY_BYTES, "author");
		q->from = arnet_get_u64(&r, "from");
		q->max = arnet_get_u16(&r, "max");
		if (r.err == ARNET_OK &&
		    (q->max == 0 || q->max > ARNET_PULL_MAX)) {
			r.off -= 2;
			return arnet_rbuf_fail(&r, ARNET_ERANGE, "max",
			                       "%u is not 1..%d", q->max,
			                       ARNET_PULL_MAX);
		}
	}
	if (!verify) {
		(void)arnet_get_view(&r, ARNET_SIG_BYTES, "signature");
		return arnet_rbuf_finish(&r);
	}
	size_t signed_len;
	int rv =
	        sm_check_sig(&r, body, ARNET_SYNC_SIG_CONTEXT,
	                     ARNET_SYNC_SIG_CONTEXT_LEN, q->asker, &signed_len);
	if (rv == ARNET_ESIG) {
		return arnet_diag_set(
		        d, ARNET_ESIG,
		        "the request's signature does not verify");
	}
	return rv;
}

int
arnet_sync_req_open(arnet_sync_req *q, const uint8_t *body, size_t len,
                    arnet_diag *d)
{
	return req_open(q, body, len, 1, d);
}

int
arnet_sync_req_decode(arnet_sync_req *q, const uint8_t *body, size_t len,
                      arnet_diag *d)
{
	return req_open(q, body, len, 0, d);
}

int
arnet_sync_req_verify(const arnet_sync_req *q, const uint8_t *body, size_t len,
                      arnet_diag *d)
{
	if (len < ARNET_SIG_BYTES ||
	    arnet_verify_ctx(body + len - ARNET_SIG_BYTES,
	                     ARNET_SYNC_SIG_CONTEXT, ARNET_SYNC_SIG_CONTEXT_LEN,
	                     body, len - ARNET_SIG_BYTES,
	                     q->asker) != ARNET_OK) {
		return arnet_diag_set(
		        d, ARNET_ESIG,
		        "the request's signature does not verify");
	}
	return ARNET_OK;
}

void
arnet_reply_start(arnet_reply *r, int status, const char *reason)
{
	uint8_t env[ARNET_ENVELOPE_BYTES];
	size_t n = reason ? strlen(reason) : 0;
	arnet_wbuf_init_grow(r, ARNET_WIRE_MAX);
	arnet_envelope_put(env, ARNET_MSG_SYNC_REPLY);
	arnet_put_bytes(r, env, sizeof(env));
	arnet_put_u8(r, (uint8_t)status);
	if (n > 200) {
		n = 200;
		while (n > 0 && ((unsigned char)reason[n] & 0xc0) == 0x80) {
			n--; /* not inside a UTF-8 character */
		}
	}
	arnet_put_str8(r, reason, n, 200);
}

int
arnet_sync_reply_open(arnet_sync_reply *rep, const uint8_t *body, size_t len,
                      arnet_diag *d)
{
	arnet_rbuf r;
	memset(rep, 0, sizeof(*rep));
	arnet_rbuf_init(&r, body, len, d);
	rep->status = arnet_get_u8(&r, "status");
	if (r.err == ARNET_OK && rep->status > ARNET_SYNC_BAD) {
		r.off = 0;
		return arnet_rbuf_fail(&r, ARNET_ERANGE, "status",
		                       "unknown status %u", rep->status);
	}
	arnet_get_str8(&r, rep->reason, sizeof(rep->reason), "reason");
	if (r.err != ARNET_OK) {
		return r.err;
	}
	rep->payload = body + r.off;
	rep->payload_len = len - r.off;
	return ARNET_OK;
}

/* --- reply payloads (docs/protocol.md, "Sync replies") --- */

int
arnet_heads_payload_open(arnet_heads_view *v, const uint8_t *p, size_t len,
                         arnet_diag *d)
{
	arnet_rbuf r;
	memset(v, 0, sizeof(*v));
	arnet_rbuf_init(&r, p, len, d);
	v->epoch = arnet_get_u64(&r, "epoch");
	v->n = arnet_get_u32(&r, "n");
	if (r.err == ARNET_OK && v->n > (len - r.off) / ARNET_HEAD_WIRE) {
		return arnet_rbuf_fail(&r, ARNET_ETRUNC, "heads",
		                       "%u heads do not fit in %zu bytes", v->n,
		                       len - r.off);
	}
	v->heads = arnet_get_view(&r, (size_t)v->n * ARNET_HEAD_WIRE, "heads");
	return arnet_rbuf_finish(&r);
}

void
arnet_heads_view_get(const arnet_heads_view *v, uint32_t i,
                     const uint8_t **author, uint64_t *seq,
                     const uint8_t **hash)
{
	arnet_rbuf r;
	arnet_rbuf_init(&r, v->heads + (size_t)i * ARNET_HEAD_WIRE,
	                ARNET_HEAD_WIRE, NULL);
	*author = arnet_get_view(&r, ARNET_PUBKEY_BYTES, "author");
	*seq = arnet_get_u64(&r, "seq");
	*hash = arnet_get_view(&r, ARNET_HASH_BYTES, "hash");
}

int
arnet_records_payload_open(arnet_records_view *v, const uint8_t *p, size_t len,
                           uint32_t max, arnet_diag *d)
{
	arnet_rbuf r;
	memset(v, 0, sizeof(*v));
	if (len == 0) {
		return ARNET_OK; /* an empty payload is taken as none */
	}
	arnet_rbuf_init(&r, p, len, d);
	v->n = arnet_get_u32(&r, "n");
	if (r.err == ARNET_OK && v->n > max) {
		r.off = 0;
		return arnet_rbuf_fail(&r, ARNET_ERANGE, "n",
		                       "%u records, at most %u were asked for",
		                       v->n, max);
	}
	v->p = p + r.off;
	/* Walk the lengths once: a reply is used whole or not at all. */
	for (uint32_t i = 0; i < v->n && r.err == ARNET_OK; i++) {
		uint16_t n = arnet_get_u16(&r, "length");
		if (r.err == ARNET_OK && (n == 0 || n > ARNET_RECORD_MAX)) {
			r.off -= 2;
			return arnet_rbuf_fail(&r, ARNET_ETOOBIG, "length",
			                       "record %u: %u bytes is not "
			                       "1..%d",
			                       i + 1, n, ARNET_RECORD_MAX);
		}
		(void)arnet_get_view(&r, n, "record");
	}
	if (arnet_rbuf_finish(&r) != ARNET_OK) {
		int err = r.err;
		memset(v, 0, sizeof(*v));
		return err;
	}
	v->len = (size_t)(p + len - v->p);
	return ARNET_OK;
}

int
arnet_records_next(arnet_records_view *v, const uint8_t **rec, size_t *len)
{
	if (v->next >= v->n) {
		return 0;
	}
	arnet_rbuf r;
	arnet_rbuf_init(&r, v->p + v->off, v->len - v->off, NULL);
	uint16_t n = arnet_get_u16(&r, "length");
	*rec = arnet_get_view(&r, n, "record");
	*len = n;
	v->off += r.off;
	v->next++;
	return *rec != NULL; /* checked whole at open: always */
}

int
arnet_roster_payload_open(const uint8_t **roster, size_t *roster_len,
                          const uint8_t *p, size_t len, arnet_diag *d)
{
	arnet_rbuf r;
	arnet_rbuf_init(&r, p, len, d);
	uint32_t n = arnet_get_u32(&r, "length");
	*roster = arnet_get_view(&r, n, "roster");
	*roster_len = n;
	if (arnet_rbuf_finish(&r) != ARNET_OK) {
		*roster = NULL;
		*roster_len = 0;
		return r.err;
	}
	return ARNET_OK;
}

void
arnet_heads_payload_begin(arnet_payload_enc *e, arnet_reply *r, uint64_t epoch)
{
	arnet_put_u64(r, epoch);
	arnet_records_payload_begin(e, r);
}

void
arnet_heads_payload_add(arnet_payload_enc *e,
                        const uint8_t author[ARNET_PUBKEY_BYTES], uint64_t seq,
                        const uint8_t hash[ARNET_HASH_BYTES])
{
	arnet_put_bytes(e->r, author, ARNET_PUBKEY_BYTES);
	arnet_put_u64(e->r, seq);
	arnet_put_bytes(e->r, hash, ARNET_HASH_BYTES);
	e->n++;
}

void
arnet_records_payload_begin(arnet_payload_enc *e, arnet_reply *r)
{
	e->r = r;
	e->count_at = r->len;
	e->n = 0;
	arnet_put_u32(r, 0); /* written at the end */
}

void
arnet_records_payload_add(arnet_payload_enc *e, const uint8_t *rec, size_t len)
{
	if (e->r->err == ARNET_OK && (len == 0 || len > ARNET_RECORD_MAX)) {
		e->r->err = ARNET_ETOOBIG; /* the decoder would refuse it */
		return;
	}
	arnet_put_blob16(e->r, rec, len);
	e->n++;
}

int
arnet_payload_end(arnet_payload_enc *e)
{
	arnet_reply *r = e->r;
	if (r->err == ARNET_OK) {
		arnet_be32_write(r->p + e->count_at, e->n);
	}
	return r->err;
}

void
arnet_roster_payload_put(arnet_reply *r, const uint8_t *roster, size_t len)
{
	arnet_put_blob32(r, roster, len);
}
