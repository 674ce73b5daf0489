/*
 * log.c - the shared log in LMDB: feeds, heads, subject index, records
 * waiting for a gap, proof of equivocation.
 *
 * Keys start with the author's key and a big-endian seq, so a feed is one
 * range in order; a record waiting in `pending` is released the moment
 * the record before it is appended, in the same transaction.
 */
#include "arnet_log.h"
#include "txn.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEAD_VALUE (8 + 32 + 1 + 8)
#define FLAG_EQUIV 1

static const char *const refusal_names[ARNET_REFUSE_COUNT] = {
        "none",      "malformed", "signature", "not-member",
        "no-roster", "target",    "too-far",
};

const char *
arnet_refusal_name(int refusal)
{
	return refusal >= 0 && refusal < ARNET_REFUSE_COUNT
	               ? refusal_names[refusal]
	               : "unknown";
}

static void
feed_key(uint8_t key[40], const uint8_t *author, uint64_t seq)
{
	memcpy(key, author, 32);
	st_be64(key + 32, seq);
}

static int
get_head(arnet_txn *t, const uint8_t *author, arnet_head *h, arnet_diag *d)
{
	MDB_val v;
	memset(h, 0, sizeof(*h));
	memcpy(h->author, author, 32);
	int rv = st_get(t, ST_HEADS, author, 32, &v, d);
	if (rv == ARNET_ENOTFOUND) {
		return ARNET_OK;
	}
	if (rv != ARNET_OK) {
		return rv;
	}
	if (v.mv_size != HEAD_VALUE) {
		return arnet_diag_set(d, ARNET_ESTORE, "store: corrupt head");
	}
	const uint8_t *p = v.mv_data;
	h->seq = st_get_be64(p);
	memcpy(h->hash, p + 8, 32);
	h->equivocated = (p[40] & FLAG_EQUIV) != 0;
	h->pending = st_get_be64(p + 41);
	return ARNET_OK;
}

static int
put_head(arnet_txn *t, const arnet_head *h, arnet_diag *d)
{
	uint8_t v[HEAD_VALUE];
	st_be64(v, h->seq);
	memcpy(v + 8, h->hash, 32);
	v[40] = h->equivocated ? FLAG_EQUIV : 0;
	st_be64(v + 41, h->pending);
	return st_put(t, ST_HEADS, h->author, 32, v, sizeof(v), 0, d);
}

int
arnet_log_head(arnet_txn *t, const uint8_t author[ARNET_PUBKEY_BYTES],
               arnet_head *out, arnet_diag *d)
{
	return get_head(t, author, out, d);
}

/* Append r (encoded in[0..len), hash) as the next record of h. */
static int
append(arnet_txn *t, arnet_head *h, const arnet_record *r, const uint8_t *in,
       size_t len, const uint8_t *hash, arnet_diag *d)
{
	uint8_t key[40], skey[ARNET_ID_MAX + 1 + 40], type = r->type;
	int rv;
	feed_key(key, r->author, r->seq);
	size_t sn = strlen(r->subject.text);
	memcpy(skey, r->subject.text, sn);
	skey[sn] = 0;
	memcpy(skey + sn + 1, key, 40);
	if ((rv = st_put(t, ST_RECORDS, key, 40, in, len, 0, d)) != 0 ||
	    (rv = st_put(t, ST_BY_HASH, hash, 32, key, 40, 0, d)) != 0 ||
	    (rv = st_put(t, ST_SUBJECTS, skey, sn + 41, &type, 1, 0, d)) != 0) {
		return rv;
	}
	h->seq = r->seq;
	memcpy(h->hash, hash, 32);
	return ARNET_OK;
}

/* The stored record of the author at seq, decoded. */
static int
stored(arnet_txn *t, const uint8_t *author, uint64_t seq, arnet_record *out,
       MDB_val *raw, arnet_diag *d)
{
	uint8_t key[40];
	feed_key(key, author, seq);
	int rv = st_get(t, ST_RECORDS, key, 40, raw, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	if (arnet_record_decode(out, raw->mv_data, raw->mv_size, NULL) !=
	    ARNET_OK) {
		return arnet_diag_set(d, ARNET_ESTORE, "store: corrupt record");
	}
	return ARNET_OK;
}

/*
 * The rules that need the author's earlier records: a SETTLEMENT names
 * one of its DEFAULTs about the same subject, a LIFT one of its
 * CREDIT_STOPs; the hash must be that record's. The target's seq is
 * below the record's, so once the chain reaches the record the target is
 * in the log. 1 when r may be appended, 0 when it is refused.
 */
static int
target_ok(arnet_txn *t, const arnet_record *r, arnet_diag *d, int *err)
{
	const arnet_ref *ref;
	int want;
	arnet_record tr;
	MDB_val raw;
	uint8_t hash[32];
	*err = ARNET_OK;
	if (r->type == ARNET_REC_SETTLEMENT) {
		ref = &r->u.settle.target;
		want = ARNET_REC_DEFAULT;
	} else if (r->type == ARNET_REC_LIFT) {
		ref = &r->u.lift.target;
		want = ARNET_REC_CREDIT_STOP;
	} else {
		return 1;
	}
	int rv = stored(t, ref->author, ref->seq, &tr, &raw, d);
	if (rv == ARNET_ENOTFOUND) {
		return 0;
	}
	if (rv != ARNET_OK) {
		*err = rv;
		return 0;
	}
	arnet_record_hash(hash, raw.mv_data, raw.mv_size);
	return tr.type == want && memcmp(hash, ref->hash, 32) == 0 &&
	       strcmp(tr.subject.text, r->subject.text) == 0;
}

/* Keep a second record for (author, seq) as proof; flag the feed. */
static int
keep_proof(arnet_txn *t, arnet_head *h, const arnet_record *r,
           const uint8_t *in, size_t len, const uint8_t *hash, arnet_diag *d)
{
	uint8_t key[72];
	feed_key(key, r->author, r->seq);
	memcpy(key + 40, hash, 32);
	int rv = st_put(t, ST_EQUIV, key, 72, in, len, 0, d);
	if (rv == ARNET_OK && !h->equivocated) {
		h->equivocated = 1;
		rv = put_head(t, h, d);
	}
	return rv;
}

/* Release the records waiting right after the head, while they chain. */
static int
release_pending(arnet_txn *t, arnet_head *h, const arnet_roster *roster,
                arnet_ingest_info *info, arnet_diag *d)
{
	for (;;) {
		uint8_t key[40], hash[32];
		MDB_val v;
		arnet_record r;
		feed_key(key, h->author, h->seq + 1);
		int rv = st_get(t, ST_PENDING, key, 40, &v, d);
		if (rv == ARNET_ENOTFOUND) {
			return ARNET_OK;
		}
		if (rv != ARNET_OK) {
			return rv;
		}
		/* Copy out: the next writes may move the map's pages. */
		size_t len = v.mv_size;
		uint8_t buf[ARNET_RECORD_MAX];
		if (len > sizeof(buf) ||
		    arnet_record_decode(&r, v.mv_data, len, NULL) != ARNET_OK) {
			return arnet_diag_set(d, ARNET_ESTORE,
			                      "store: corrupt pending record");
		}
		memcpy(buf, v.mv_data, len);
		if ((rv = st_del(t, ST_PENDING, key, 40, d)) != ARNET_OK) {
			return rv;
		}
		h->pending = h->pending > 0 ? h->pending - 1 : 0;
		arnet_record_hash(hash, buf, len);
		int err;
		if (arnet_record_chain(&r, h->seq, h->hash) !=
		    ARNET_CHAIN_NEXT) {
			/* It does not follow what we now hold: a second chain.
			 */
			if ((rv = keep_proof(t, h, &r, buf, len, hash, d)) !=
			    0) {
				return rv;
			}
			continue;
		}
		if (!target_ok(t, &r, d, &err)) {
			if (err != ARNET_OK) {
				return err;
			}
			continue; /* dropped: it can never be valid */
		}
		(void)roster; /* membership was checked when it arrived */
		if ((rv = append(t, h, &r, buf, len, hash, d)) != ARNET_OK) {
			return rv;
		}
		info->appended++;
	}
}

static int
refuse(arnet_ingest_info *info, int why)
{
	info->result = ARNET_INGEST_REFUSED;
	info->refusal = why;
	return ARNET_OK;
}

int
arnet_log_ingest(arnet_txn *t, const uint8_t *in, size_t len,
                 const arnet_roster *roster, int verified,
                 arnet_ingest_info *info, arnet_diag *d)
{
	arnet_record r, old;
	arnet_head h;
	MDB_val raw;
	int rv, err;

	memset(info, 0, sizeof(*info));
	if (arnet_record_decode(&r, in, len, d) != ARNET_OK) {
		return refuse(info, ARNET_REFUSE_MALFORMED);
	}
	memcpy(info->author, r.author, 32);
	info->seq = r.seq;
	arnet_record_hash(info->hash, in, len);
	if (!verified && arnet_record_verify(in, len) != ARNET_OK) {
		arnet_diag_set(d, ARNET_ESIG, "signature does not verify");
		return refuse(info, ARNET_REFUSE_SIGNATURE);
	}
	if (roster == NULL) {
		arnet_diag_set(d, ARNET_ENOTFOUND, "no roster yet");
		return refuse(info, ARNET_REFUSE_NO_ROSTER);
	}
	int m = arnet_member_valid_at(roster, r.author, r.created, NULL);
	/* The association's administrator may dispute any record. */
	if (r.type == ARNET_REC_DISPUTE &&
	    sodium_memcmp(r.author, roster->root, 32) == 0) {
		m = ARNET_MEMBER_OK;
	}
	if (m != ARNET_MEMBER_OK) {
		arnet_diag_set(d, ARNET_EPERM, "author %s",
		               arnet_member_valid_text(m));
		return refuse(info, ARNET_REFUSE_NOT_MEMBER);
	}
	if ((rv = get_head(t, r.author, &h, d)) != ARNET_OK) {
		return rv;
	}
	switch (arnet_record_chain(&r, h.seq, h.seq ? h.hash : NULL)) {
	case ARNET_CHAIN_OLD:
		if ((rv = stored(t, r.author, r.seq, &old, &raw, d)) != 0) {
			return rv;
		}
		uint8_t oh[32];
		arnet_record_hash(oh, raw.mv_data, raw.mv_size);
		if (memcmp(oh, info->hash, 32) == 0) {
			info->result = ARNET_INGEST_DUPLICATE;
			return ARNET_OK;
		}
		info->result = ARNET_INGEST_EQUIVOCATION;
		return keep_proof(t, &h, &r, in, len, info->hash, d);
	case ARNET_CHAIN_GAP: {
		uint8_t key[40];
		MDB_val v;
		if (r.seq - h.seq > ARNET_LOG_PENDING_MAX) {
			arnet_diag_set(d, ARNET_ERANGE,
			               "seq %llu is too far past the head %llu",
			               (unsigned long long)r.seq,
			               (unsigned long long)h.seq);
			return refuse(info, ARNET_REFUSE_TOO_FAR);
		}
		feed_key(key, r.author, r.seq);
		rv = st_get(t, ST_PENDING, key, 40, &v, d);
		if (rv == ARNET_OK) {
			info->result = ARNET_INGEST_DUPLICATE;
			return ARNET_OK; /* waiting already (or a rival: the
			                    first one waits, the chain decides)
			                  */
		}
		if (rv != ARNET_ENOTFOUND ||
		    (rv = st_put(t, ST_PENDING, key, 40, in, len, 0, d)) != 0) {
			return rv;
		}
		h.pending++;
		info->result = ARNET_INGEST_PENDING;
		return put_head(t, &h, d);
	}
	case ARNET_CHAIN_FORK:
		/* seq follows the head but prev is another record: the author
		 * signed two chains. */
		info->result = ARNET_INGEST_EQUIVOCATION;
		return keep_proof(t, &h, &r, in, len, info->hash, d);
	case ARNET_CHAIN_NEXT:
		break;
	}
	if (!target_ok(t, &r, d, &err)) {
		if (err != ARNET_OK) {
			return err;
		}
		arnet_diag_set(d, ARNET_ERANGE,
		               "it does not settle or lift a record of its "
		               "author of the right type and subject");
		return refuse(info, ARNET_REFUSE_TARGET);
	}
	if ((rv = append(t, &h, &r, in, len, info->hash, d)) != ARNET_OK) {
		return rv;
	}
	info->result = ARNET_INGEST_ACCEPTED;
	info->appended = 1;
	if ((rv = release_pending(t, &h, roster, info, d)) != ARNET_OK) {
		return rv;
	}
	return put_head(t, &h, d);
}

int
arnet_log_append_own(arnet_txn *t, arnet_record *r,
                     const uint8_t sk[ARNET_SECKEY_BYTES],
                     const arnet_roster *roster, uint8_t *out, size_t *len,
                     arnet_diag *d)
{
	arnet_head h;
	arnet_ingest_info info;
	int rv = get_head(t, sk + 32, &h, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	r->seq = h.seq + 1;
	memcpy(r->prev, h.hash, 32);
	if (h.seq == 0) {
		memset(r->prev, 0, 32);
	}
	if ((rv = arnet_record_sign(out, ARNET_RECORD_MAX, len, r, sk, d)) !=
	    ARNET_OK) {
		return rv;
	}
	arnet_diag sub;
	if ((rv = arnet_log_ingest(t, out, *len, roster, 1, &info, &sub)) !=
	    ARNET_OK) {
		return arnet_diag_set(d, rv, "%s", sub.msg);
	}
	switch (info.result) {
	case ARNET_INGEST_ACCEPTED:
		return ARNET_OK;
	case ARNET_INGEST_REFUSED:
		rv = info.refusal == ARNET_REFUSE_NOT_MEMBER  ? ARNET_EPERM
		     : info.refusal == ARNET_REFUSE_NO_ROSTER ? ARNET_ENOTFOUND
		                                              : ARNET_ERANGE;
		return arnet_diag_set(d, rv, "%s", sub.msg);
	default:
		return arnet_diag_set(d, ARNET_ECHAIN,
		                      "the record did not follow the feed's "
		                      "head");
	}
}

struct head_scan {
	arnet_head_fn fn;
	void *arg;
};

static int
head_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct head_scan *s = arg;
	arnet_head h;
	if (k->mv_size != 32 || v->mv_size != HEAD_VALUE) {
		return ARNET_ESTORE;
	}
	const uint8_t *p = v->mv_data;
	memcpy(h.author, k->mv_data, 32);
	h.seq = st_get_be64(p);
	memcpy(h.hash, p + 8, 32);
	h.equivocated = (p[40] & FLAG_EQUIV) != 0;
	h.pending = st_get_be64(p + 41);
	return s->fn(&h, s->arg);
}

int
arnet_log_heads(arnet_txn *t, arnet_head_fn fn, void *arg, arnet_diag *d)
{
	struct head_scan s = {fn, arg};
	return st_scan(t, ST_HEADS, NULL, 0, head_one, &s, d);
}

struct range_scan {
	uint64_t from;
	size_t max, max_bytes, n, bytes;
	arnet_log_fn fn;
	void *arg;
};

static int
range_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct range_scan *s = arg;
	if (k->mv_size != 40) {
		return ARNET_ESTORE;
	}
	if (st_get_be64((const uint8_t *)k->mv_data + 32) < s->from) {
		return 0;
	}
	if (s->n >= s->max ||
	    (s->n > 0 && s->bytes + v->mv_size > s->max_bytes)) {
		return 1;
	}
	s->n++;
	s->bytes += v->mv_size;
	return s->fn(v->mv_data, v->mv_size, s->arg);
}

int
arnet_log_range(arnet_txn *t, const uint8_t author[ARNET_PUBKEY_BYTES],
                uint64_t from, size_t max, size_t max_bytes, arnet_log_fn fn,
                void *arg, arnet_diag *d)
{
	struct range_scan s = {from, max, max_bytes, 0, 0, fn, arg};
	uint8_t key[40];
	feed_key(key, author, from); /* seek straight to (author, from) */
	return st_scan_from(t, ST_RECORDS, author, 32, key, 40, range_one, &s,
	                    d);
}

struct fetch {
	arnet_txn *t;
	arnet_log_fn fn;
	void *arg;
	arnet_diag *d;
	size_t plen;
};

static int
fetch_key(struct fetch *f, const uint8_t *key40)
{
	MDB_val v;
	int rv = st_get(f->t, ST_RECORDS, key40, 40, &v, f->d);
	if (rv != ARNET_OK) {
		return rv == ARNET_ENOTFOUND ? ARNET_ESTORE : rv;
	}
	return f->fn(v.mv_data, v.mv_size, f->arg);
}

int
arnet_log_get(arnet_txn *t, const uint8_t hash[ARNET_HASH_BYTES],
              arnet_log_fn fn, void *arg, arnet_diag *d)
{
	struct fetch f = {t, fn, arg, d, 0};
	MDB_val v;
	int rv = st_get(t, ST_BY_HASH, hash, 32, &v, d);
	if (rv == ARNET_ENOTFOUND) {
		return arnet_diag_set(d, rv, "no record with this hash");
	}
	if (rv != ARNET_OK) {
		return rv;
	}
	if (v.mv_size != 40) {
		return arnet_diag_set(d, ARNET_ESTORE, "store: corrupt index");
	}
	uint8_t key[40];
	memcpy(key, v.mv_data, 40);
	return fetch_key(&f, key);
}

int
arnet_log_holds(arnet_txn *t, const uint8_t hash[ARNET_HASH_BYTES],
                arnet_diag *d)
{
	MDB_val v;
	return st_get(t, ST_BY_HASH, hash, 32, &v, d);
}

static int
subject_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct fetch *f = arg;
	uint8_t key[40];
	(void)v;
	if (k->mv_size != f->plen + 40) {
		return ARNET_ESTORE;
	}
	memcpy(key, (const uint8_t *)k->mv_data + f->plen, 40);
	return fetch_key(f, key);
}

int
arnet_log_by_subject(arnet_txn *t, const arnet_ident *subject, arnet_log_fn fn,
                     void *arg, arnet_diag *d)
{
	uint8_t prefix[ARNET_ID_MAX + 1];
	size_t n = strlen(subject->text);
	memcpy(prefix, subject->text, n);
	prefix[n] = 0;
	struct fetch f = {t, fn, arg, d, n + 1};
	int rv = st_scan(t, ST_SUBJECTS, prefix, n + 1, subject_one, &f, d);
	return rv == ARNET_ESTORE
	               ? arnet_diag_set(d, rv, "store: corrupt subject index")
	               : rv;
}

static int
all_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct fetch *f = arg;
	(void)k;
	return f->fn(v->mv_data, v->mv_size, f->arg);
}

int
arnet_log_all(arnet_txn *t, arnet_log_fn fn, void *arg, arnet_diag *d)
{
	struct fetch f = {t, fn, arg, d, 0};
	return st_scan(t, ST_RECORDS, NULL, 0, all_one, &f, d);
}
