/*
 * log.c - the shared log in LMDB: feeds, heads, subject index, records
 * waiting for a gap, proof of equivocation, frozen feeds of revoked
 * authors.
 *
 * Keys start with the author's key and a big-endian seq, so a feed is one
 * range in order; a record waiting in `pending` is released the moment
 * the record before it is appended, in the same transaction.
 *
 * What one member can make a node keep is bounded: one rival record per
 * equivocating feed (further rivals only raise a count in the head), at
 * most rules->pending_per_author records waiting per author, each dropped
 * once it is older than rules->pending_expire_s (a waiting record is only
 * a cache of what sync would bring again).
 */
#include "arnet_date.h"
#include "arnet_grow.h"
#include "arnet_log.h"
#include "arnet_watch.h"
#include "feed_key.h"
#include "txn.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A head (ST_HEADS, keyed by the author): be64 seq, the hash, u8 flags,
 * be64 pending; since the storage bounds also be64 rivals, i64 oldest
 * pending created. Both layouts are read. */
enum head_layout {
	HEAD_SEQ = 0,
	HEAD_HASH = HEAD_SEQ + 8,
	HEAD_FLAGS = HEAD_HASH + ARNET_HASH_BYTES,
	HEAD_PENDING = HEAD_FLAGS + 1,
	HEAD_VALUE_V1 = HEAD_PENDING + 8,
	HEAD_RIVALS = HEAD_VALUE_V1,
	HEAD_OLDEST = HEAD_RIVALS + 8,
	HEAD_VALUE = HEAD_OLDEST + 8,
};
#define FLAG_EQUIV 1

/* A frozen feed (ST_FROZEN, keyed by the author): i64 from, u8 fixed,
 * be64 seq. */
enum freeze_layout {
	FREEZE_FROM = 0,
	FREEZE_FIXED = FREEZE_FROM + 8,
	FREEZE_SEQ = FREEZE_FIXED + 1,
	FREEZE_VALUE = FREEZE_SEQ + 8,
};

static const char *const refusal_names[ARNET_REFUSE_COUNT] = {
        "none",   "malformed", "signature", "not-member", "no-roster",
        "target", "too-far",   "future",    "backdated",
};

const char *
arnet_refusal_name(int refusal)
{
	return refusal >= 0 && refusal < ARNET_REFUSE_COUNT
	               ? refusal_names[refusal]
	               : "unknown";
}

void
arnet_log_rules_default(arnet_log_rules *rules, int64_t now)
{
	rules->now = now;
	rules->max_future_s = ARNET_LOG_MAX_FUTURE_S;
	rules->pending_per_author = ARNET_LOG_PENDING_PER_AUTHOR;
	rules->pending_expire_s = ARNET_LOG_PENDING_EXPIRE_S;
	rules->self = NULL;
}

/* A head value of either layout into *h (author not touched). */
static int
decode_head(const MDB_val *v, arnet_head *h)
{
	if (v->mv_size != HEAD_VALUE && v->mv_size != HEAD_VALUE_V1) {
		return ARNET_ESTORE;
	}
	const uint8_t *p = v->mv_data;
	h->seq = arnet_be64_read(p + HEAD_SEQ);
	memcpy(h->hash, p + HEAD_HASH, ARNET_HASH_BYTES);
	h->equivocated = (p[HEAD_FLAGS] & FLAG_EQUIV) != 0;
	h->pending = arnet_be64_read(p + HEAD_PENDING);
	if (v->mv_size == HEAD_VALUE) {
		h->rivals = arnet_be64_read(p + HEAD_RIVALS);
		h->pending_oldest = (int64_t)arnet_be64_read(p + HEAD_OLDEST);
	} else {
		/* Written before the bounds: at least one rival was seen, and
		 * the waiting records' age is unknown (look at them). */
		h->rivals = h->equivocated ? 1 : 0;
		h->pending_oldest = h->pending ? INT64_MIN : 0;
	}
	return ARNET_OK;
}

static int
get_head(arnet_txn *t, const uint8_t *author, arnet_head *h, arnet_diag *d)
{
	MDB_val v;
	memset(h, 0, sizeof(*h));
	memcpy(h->author, author, ARNET_PUBKEY_BYTES);
	int rv = st_get(t, ST_HEADS, author, ARNET_PUBKEY_BYTES, &v, d);
	if (rv == ARNET_ENOTFOUND) {
		return ARNET_OK;
	}
	if (rv != ARNET_OK) {
		return rv;
	}
	if (decode_head(&v, h) != ARNET_OK) {
		return arnet_diag_set(d, ARNET_ESTORE, "store: corrupt head");
	}
	return ARNET_OK;
}

static int
put_head(arnet_txn *t, const arnet_head *h, arnet_diag *d)
{
	uint8_t v[HEAD_VALUE];
	arnet_be64_write(v + HEAD_SEQ, h->seq);
	memcpy(v + HEAD_HASH, h->hash, ARNET_HASH_BYTES);
	v[HEAD_FLAGS] = h->equivocated ? FLAG_EQUIV : 0;
	arnet_be64_write(v + HEAD_PENDING, h->pending);
	arnet_be64_write(v + HEAD_RIVALS, h->rivals);
	arnet_be64_write(v + HEAD_OLDEST, (uint64_t)h->pending_oldest);
	return st_put(t, ST_HEADS, h->author, ARNET_PUBKEY_BYTES, v, sizeof(v),
	              0, d);
}

int
arnet_log_head(arnet_txn *t, const uint8_t author[ARNET_PUBKEY_BYTES],
               arnet_head *out, arnet_diag *d)
{
	return get_head(t, author, out, d);
}

/* arg: the arnet_head to fill, its author set. */
static int
head_read_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	arnet_head *h = arg;
	uint8_t author[ARNET_PUBKEY_BYTES];
	memcpy(author, h->author, sizeof(author));
	return arnet_log_head(t, author, h, d);
}

int
arnet_log_head_read(arnet_store *s, const uint8_t author[ARNET_PUBKEY_BYTES],
                    arnet_head *out, arnet_diag *d)
{
	memset(out, 0, sizeof(*out));
	memcpy(out->author, author, ARNET_PUBKEY_BYTES);
	return arnet_store_read(s, head_read_txn, out, d);
}

int
arnet_log_any_equivocated(arnet_txn *t)
{
	MDB_stat st;
	/* Every flagged feed keeps its proof in ST_EQUIV: empty, none is. */
	if (mdb_stat(t->txn, t->dbi[ST_EQUIV], &st) != MDB_SUCCESS) {
		return 1; /* cannot tell: the caller reads the heads */
	}
	return st.ms_entries > 0;
}

/* Append r (encoded in[0..len), hash) as the next record of h. */
static int
append(arnet_txn *t, arnet_head *h, const arnet_record *r, const uint8_t *in,
       size_t len, const uint8_t *hash, const arnet_log_rules *rules,
       arnet_diag *d)
{
	uint8_t key[ST_FEED_KEY_BYTES], type = r->type;
	uint8_t skey[ARNET_ID_MAX + 1 + ST_FEED_KEY_BYTES];
	int rv;
	st_feed_key(key, r->author, r->seq);
	size_t sn = strlen(r->subject.text);
	memcpy(skey, r->subject.text, sn);
	skey[sn] = 0;
	memcpy(skey + sn + 1, key, sizeof(key));
	if ((rv = st_put(t, ST_RECORDS, key, sizeof(key), in, len, 0, d)) !=
	            0 ||
	    (rv = st_put(t, ST_BY_HASH, hash, ARNET_HASH_BYTES, key,
	                 sizeof(key), 0, d)) != 0 ||
	    (rv = st_put(t, ST_SUBJECTS, skey, sn + 1 + sizeof(key), &type, 1,
	                 0, d)) != 0 ||
	    (rv = arnet_watch_on_record(t, r, hash, rules->self, rules->now,
	                                ARNET_ALERT_RECORD, d)) != 0) {
		return rv;
	}
	h->seq = r->seq;
	memcpy(h->hash, hash, ARNET_HASH_BYTES);
	return ARNET_OK;
}

/* The stored record of the author at seq, decoded. */
static int
stored(arnet_txn *t, const uint8_t *author, uint64_t seq, arnet_record *out,
       MDB_val *raw, arnet_diag *d)
{
	uint8_t key[ST_FEED_KEY_BYTES];
	st_feed_key(key, author, seq);
	int rv = st_get(t, ST_RECORDS, key, sizeof(key), raw, d);
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
	uint8_t hash[ARNET_HASH_BYTES];
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
	return tr.type == want && memcmp(hash, ref->hash, sizeof(hash)) == 0 &&
	       strcmp(tr.subject.text, r->subject.text) == 0;
}

/*
 * A second record for (author, seq): the first one a feed gets is kept as
 * proof and flags the feed; later ones are only counted (a relayed copy
 * of the kept proof is a duplicate: *dup set). Writes the head.
 */
static int
keep_proof(arnet_txn *t, arnet_head *h, const arnet_record *r,
           const uint8_t *in, size_t len, const uint8_t *hash, int *dup,
           const arnet_log_rules *rules, arnet_diag *d)
{
	uint8_t key[ST_EQUIV_KEY_BYTES];
	MDB_val v;
	int rv;
	*dup = 0;
	st_feed_key(key, r->author, r->seq);
	memcpy(key + ST_EQUIV_HASH, hash, ARNET_HASH_BYTES);
	if (h->equivocated) {
		rv = st_get(t, ST_EQUIV, key, sizeof(key), &v, d);
		if (rv == ARNET_OK) {
			*dup = 1;
			return ARNET_OK;
		}
		if (rv != ARNET_ENOTFOUND) {
			return rv;
		}
	} else if ((rv = st_put(t, ST_EQUIV, key, sizeof(key), in, len, 0,
	                        d)) != 0) {
		return rv;
	}
	/* The first proof: whoever watches the rival's subject hears of it. */
	if (!h->equivocated &&
	    (rv = arnet_watch_on_record(t, r, hash, rules->self, rules->now,
	                                ARNET_ALERT_EQUIVOCATION, d)) != 0) {
		return rv;
	}
	h->equivocated = 1;
	h->rivals++;
	return put_head(t, h, d);
}

/* Release the records waiting right after the head, while they chain. */
static int
release_pending(arnet_txn *t, arnet_head *h, arnet_ingest_info *info,
                const arnet_log_rules *rules, arnet_diag *d)
{
	for (;;) {
		uint8_t key[ST_FEED_KEY_BYTES], hash[ARNET_HASH_BYTES];
		MDB_val v;
		arnet_record r;
		st_feed_key(key, h->author, h->seq + 1);
		int rv = st_get(t, ST_PENDING, key, sizeof(key), &v, d);
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
		if ((rv = st_del(t, ST_PENDING, key, sizeof(key), d)) !=
		    ARNET_OK) {
			return rv;
		}
		h->pending = h->pending > 0 ? h->pending - 1 : 0;
		if (h->pending == 0) {
			h->pending_oldest = 0;
		}
		arnet_record_hash(hash, buf, len);
		int err, dup;
		if (arnet_record_chain(&r, h->seq, h->hash) !=
		    ARNET_CHAIN_NEXT) {
			/* It does not follow what we now hold: a second chain.
			 */
			rv = keep_proof(t, h, &r, buf, len, hash, &dup, rules,
			                d);
			if (rv != ARNET_OK) {
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
		/* Membership, time and freeze were checked when it arrived. */
		if ((rv = append(t, h, &r, buf, len, hash, rules, d)) !=
		    ARNET_OK) {
			return rv;
		}
		info->appended++;
	}
}

/* The author's waiting records: those to drop, and what is left. */
typedef struct pend_scan {
	int64_t cutoff; /* drop what was made before; INT64_MIN: none */
	uint64_t *drop; /* seqs */
	size_t ndrop, cap;
	uint64_t left, last_seq;
	int64_t oldest; /* of those left */
} pend_scan;

static int
pend_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	pend_scan *s = arg;
	arnet_record r;
	if (k->mv_size != ST_FEED_KEY_BYTES ||
	    arnet_record_decode(&r, v->mv_data, v->mv_size, NULL) != ARNET_OK) {
		return ARNET_ESTORE;
	}
	uint64_t seq = st_feed_key_seq(k->mv_data);
	if (r.created < s->cutoff) {
		if (ARNET_GROW(&s->drop, s->ndrop, &s->cap, 64) != ARNET_OK) {
			return ARNET_ENOMEM;
		}
		s->drop[s->ndrop++] = seq;
		return 0;
	}
	if (s->left == 0 || r.created < s->oldest) {
		s->oldest = r.created;
	}
	s->left++;
	s->last_seq = seq;
	return 0;
}

/* Scan the author's waiting records (dropping those made before cutoff):
 * *s says what is left. The caller frees s->drop. */
static int
scan_pending(arnet_txn *t, const uint8_t *author, int64_t cutoff, pend_scan *s,
             arnet_diag *d)
{
	memset(s, 0, sizeof(*s));
	s->cutoff = cutoff;
	int rv = st_scan(t, ST_PENDING, author, ARNET_PUBKEY_BYTES, pend_one, s,
	                 d);
	if (rv == ARNET_ESTORE) {
		return arnet_diag_set(d, rv, "store: corrupt pending record");
	}
	if (rv == ARNET_ENOMEM) {
		return arnet_diag_set(d, rv, "out of memory");
	}
	for (size_t i = 0; i < s->ndrop && rv == ARNET_OK; i++) {
		uint8_t key[ST_FEED_KEY_BYTES];
		st_feed_key(key, author, s->drop[i]);
		rv = st_del(t, ST_PENDING, key, sizeof(key), d);
	}
	return rv;
}

/* Whether the head says some of its waiting records were made before
 * cutoff (it keeps the time of the oldest). */
static int
head_may_expire(const arnet_head *h, int64_t cutoff)
{
	return h->pending != 0 && h->pending_oldest < cutoff;
}

/* Drop h's waiting records older than the rules allow, when the head
 * says some may be; h is updated (the caller writes it). */
static int
expire_author(arnet_txn *t, arnet_head *h, const arnet_log_rules *rules,
              uint64_t *dropped, arnet_diag *d)
{
	int64_t cutoff = rules->now - rules->pending_expire_s;
	pend_scan s;
	if (!head_may_expire(h, cutoff)) {
		return ARNET_OK;
	}
	int rv = scan_pending(t, h->author, cutoff, &s, d);
	free(s.drop);
	if (rv == ARNET_OK) {
		*dropped += s.ndrop;
		h->pending = s.left;
		h->pending_oldest = s.left ? s.oldest : 0;
	}
	return rv;
}

/* Authors whose waiting records may have expired. */
typedef struct stale_authors {
	int64_t cutoff;
	uint8_t (*key)[ARNET_PUBKEY_BYTES];
	size_t n, cap;
} stale_authors;

static int
stale_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	stale_authors *s = arg;
	arnet_head h;
	if (k->mv_size != ARNET_PUBKEY_BYTES ||
	    decode_head(v, &h) != ARNET_OK) {
		return ARNET_ESTORE;
	}
	if (!head_may_expire(&h, s->cutoff)) {
		return 0;
	}
	if (ARNET_GROW(&s->key, s->n, &s->cap, 16) != ARNET_OK) {
		return ARNET_ENOMEM;
	}
	memcpy(s->key[s->n++], k->mv_data, ARNET_PUBKEY_BYTES);
	return 0;
}

int
arnet_log_expire_pending(arnet_txn *t, const arnet_log_rules *rules,
                         uint64_t *dropped, arnet_diag *d)
{
	stale_authors s = {rules->now - rules->pending_expire_s, NULL, 0, 0};
	uint64_t n = 0;
	/* Collect first: the heads change under the scan otherwise. */
	int rv = st_scan(t, ST_HEADS, NULL, 0, stale_one, &s, d);
	if (rv == ARNET_ESTORE || rv == ARNET_ENOMEM) {
		rv = arnet_diag_set(d, rv,
		                    rv == ARNET_ENOMEM ? "out of memory"
		                                       : "store: corrupt head");
	}
	for (size_t i = 0; i < s.n && rv == ARNET_OK; i++) {
		arnet_head h;
		if ((rv = get_head(t, s.key[i], &h, d)) == ARNET_OK &&
		    (rv = expire_author(t, &h, rules, &n, d)) == ARNET_OK) {
			rv = put_head(t, &h, d);
		}
	}
	free(s.key);
	if (dropped != NULL) {
		*dropped = n;
	}
	return rv;
}

/* --- frozen feeds --- */

static int
freeze_get(arnet_txn *t, const uint8_t *author, arnet_freeze *fz, arnet_diag *d)
{
	MDB_val v;
	int rv = st_get(t, ST_FROZEN, author, ARNET_PUBKEY_BYTES, &v, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	if (v.mv_size != FREEZE_VALUE) {
		return arnet_diag_set(d, ARNET_ESTORE,
		                      "store: corrupt frozen feed");
	}
	const uint8_t *p = v.mv_data;
	fz->from = (int64_t)arnet_be64_read(p + FREEZE_FROM);
	fz->fixed = p[FREEZE_FIXED] != 0;
	fz->seq = arnet_be64_read(p + FREEZE_SEQ);
	return ARNET_OK;
}

static int
freeze_put(arnet_txn *t, const uint8_t *author, const arnet_freeze *fz,
           arnet_diag *d)
{
	uint8_t v[FREEZE_VALUE];
	arnet_be64_write(v + FREEZE_FROM, (uint64_t)fz->from);
	v[FREEZE_FIXED] = fz->fixed ? 1 : 0;
	arnet_be64_write(v + FREEZE_SEQ, fz->seq);
	return st_put(t, ST_FROZEN, author, ARNET_PUBKEY_BYTES, v, sizeof(v), 0,
	              d);
}

/* Fix the freeze at the highest seq the node holds, appended or waiting
 * (never below the floor a peer's heads gave). */
static int
freeze_fix(arnet_txn *t, const uint8_t *author, arnet_freeze *fz, arnet_diag *d)
{
	arnet_head h;
	pend_scan s;
	int rv = get_head(t, author, &h, d);
	if (rv == ARNET_OK) {
		rv = scan_pending(t, author, INT64_MIN, &s, d);
		free(s.drop);
	}
	if (rv != ARNET_OK) {
		return rv;
	}
	uint64_t held = s.last_seq > h.seq ? s.last_seq : h.seq;
	fz->seq = held > fz->seq ? held : fz->seq;
	fz->fixed = 1;
	return freeze_put(t, author, fz, d);
}

int
arnet_log_freeze(arnet_txn *t, const uint8_t author[ARNET_PUBKEY_BYTES],
                 int64_t from, int64_t now, arnet_diag *d)
{
	arnet_freeze fz = {from, 0, 0};
	int rv = freeze_get(t, author, &fz, d);
	if (rv == ARNET_OK && fz.fixed) {
		return ARNET_OK;
	}
	if (rv == ARNET_OK && from > fz.from) {
		fz.from = from;
	} else if (rv != ARNET_OK && rv != ARNET_ENOTFOUND) {
		return rv;
	}
	return fz.from <= now ? freeze_fix(t, author, &fz, d)
	                      : freeze_put(t, author, &fz, d);
}

int
arnet_log_unfreeze(arnet_txn *t, const uint8_t author[ARNET_PUBKEY_BYTES],
                   arnet_diag *d)
{
	int rv = st_del(t, ST_FROZEN, author, ARNET_PUBKEY_BYTES, d);
	return rv == ARNET_ENOTFOUND ? ARNET_OK : rv;
}

int
arnet_log_freeze_raise(arnet_txn *t, const uint8_t author[ARNET_PUBKEY_BYTES],
                       uint64_t seq, arnet_diag *d)
{
	arnet_freeze fz;
	int rv = freeze_get(t, author, &fz, d);
	if (rv == ARNET_ENOTFOUND) {
		return arnet_diag_set(d, rv, "the author's feed is not frozen");
	}
	if (rv != ARNET_OK || seq <= fz.seq) {
		return rv;
	}
	fz.seq = seq;
	return freeze_put(t, author, &fz, d);
}

int
arnet_log_frozen(arnet_txn *t, const uint8_t author[ARNET_PUBKEY_BYTES],
                 arnet_freeze *out, arnet_diag *d)
{
	return freeze_get(t, author, out, d);
}

/* 1 when r lies past its author's frozen feed (fixing an armed freeze
 * whose time has come); 0 when it may go on; *err a store error. */
static int
backdated(arnet_txn *t, const arnet_record *r, const arnet_log_rules *rules,
          arnet_diag *d, int *err)
{
	arnet_freeze fz;
	*err = freeze_get(t, r->author, &fz, d);
	if (*err == ARNET_ENOTFOUND) {
		*err = ARNET_OK;
		return 0;
	}
	if (*err != ARNET_OK) {
		return 0;
	}
	if (!fz.fixed) {
		if (rules->now < fz.from) {
			return 0;
		}
		if ((*err = freeze_fix(t, r->author, &fz, d)) != ARNET_OK) {
			return 0;
		}
	}
	if (r->seq <= fz.seq) {
		return 0;
	}
	arnet_diag_set(d, ARNET_EPERM,
	               "seq %llu of a revoked author, whose feed is frozen "
	               "at seq %llu: it reached this node after the "
	               "revocation",
	               (unsigned long long)r->seq, (unsigned long long)fz.seq);
	return 1;
}

static int
refuse(arnet_ingest_info *info, int why)
{
	info->result = ARNET_INGEST_REFUSED;
	info->refusal = why;
	return ARNET_OK;
}

/* A record after a gap: wait, within the author's bound. */
static int
wait_for_gap(arnet_txn *t, arnet_head *h, const arnet_record *r,
             const uint8_t *in, size_t len, const arnet_log_rules *rules,
             arnet_ingest_info *info, arnet_diag *d)
{
	uint8_t key[ST_FEED_KEY_BYTES];
	MDB_val v;
	uint64_t dropped = 0;
	if (r->seq - h->seq > ARNET_LOG_PENDING_MAX) {
		arnet_diag_set(d, ARNET_ERANGE,
		               "seq %llu is too far past the head %llu",
		               (unsigned long long)r->seq,
		               (unsigned long long)h->seq);
		return refuse(info, ARNET_REFUSE_TOO_FAR);
	}
	st_feed_key(key, r->author, r->seq);
	int rv = st_get(t, ST_PENDING, key, sizeof(key), &v, d);
	if (rv == ARNET_OK) {
		/* Waiting already (or a rival: the first one waits, the
		 * chain decides). */
		info->result = ARNET_INGEST_DUPLICATE;
		return ARNET_OK;
	}
	if (rv != ARNET_ENOTFOUND ||
	    (rv = expire_author(t, h, rules, &dropped, d)) != ARNET_OK) {
		return rv;
	}
	if (h->pending >= rules->pending_per_author) {
		arnet_diag_set(d, ARNET_ERANGE,
		               "%llu records of this author wait for a gap "
		               "already (at most %lu)",
		               (unsigned long long)h->pending,
		               (unsigned long)rules->pending_per_author);
		refuse(info, ARNET_REFUSE_TOO_FAR);
		return dropped ? put_head(t, h, d) : ARNET_OK;
	}
	if ((rv = st_put(t, ST_PENDING, key, sizeof(key), in, len, 0, d)) !=
	    0) {
		return rv;
	}
	if (h->pending == 0 || r->created < h->pending_oldest) {
		h->pending_oldest = r->created;
	}
	h->pending++;
	info->result = ARNET_INGEST_PENDING;
	return put_head(t, h, d);
}

/* A second record for a place of the author's chain. */
static int
rival(arnet_txn *t, arnet_head *h, const arnet_record *r, const uint8_t *in,
      size_t len, const arnet_log_rules *rules, arnet_ingest_info *info,
      arnet_diag *d)
{
	int dup;
	int rv = keep_proof(t, h, r, in, len, info->hash, &dup, rules, d);
	info->result = dup ? ARNET_INGEST_DUPLICATE : ARNET_INGEST_EQUIVOCATION;
	return rv;
}

/* The checks that need only the record, the roster and the clock. */
static int
admissible(const arnet_record *r, const arnet_roster *roster,
           const arnet_log_rules *rules, arnet_ingest_info *info, arnet_diag *d)
{
	if (r->created > rules->now &&
	    r->created - rules->now > rules->max_future_s) {
		char when[32];
		(void)arnet_time_format(when, sizeof(when), r->created);
		arnet_diag_set(d, ARNET_ERANGE,
		               "made at %s, %lld s ahead of this node's clock "
		               "(at most %lld)",
		               when, (long long)(r->created - rules->now),
		               (long long)rules->max_future_s);
		refuse(info, ARNET_REFUSE_FUTURE);
		return 0;
	}
	if (roster == NULL) {
		arnet_diag_set(d, ARNET_ENOTFOUND, "no roster yet");
		refuse(info, ARNET_REFUSE_NO_ROSTER);
		return 0;
	}
	int m = arnet_member_valid_at(roster, r->author, r->created, NULL);
	/* The association's administrator may dispute any record. */
	if (r->type == ARNET_REC_DISPUTE &&
	    sodium_memcmp(r->author, roster->root, ARNET_PUBKEY_BYTES) == 0) {
		m = ARNET_MEMBER_OK;
	}
	if (m != ARNET_MEMBER_OK) {
		arnet_diag_set(d, ARNET_EPERM, "author %s",
		               arnet_member_valid_text(m));
		refuse(info, ARNET_REFUSE_NOT_MEMBER);
		return 0;
	}
	return 1;
}

/* Decode r (in[0..len), its signature verified by the caller) and the
 * checks that need no feed: membership, clock, frozen feed. 1 when r goes on to
 * its feed; 0 when it is refused (info says why) or *err is a store error. */
static int
ingest_open(arnet_txn *t, const uint8_t *in, size_t len,
            const arnet_roster *roster, const arnet_log_rules *rules,
            arnet_record *r, arnet_ingest_info *info, arnet_diag *d, int *err)
{
	*err = ARNET_OK;
	if (arnet_record_decode(r, in, len, d) != ARNET_OK) {
		refuse(info, ARNET_REFUSE_MALFORMED);
		return 0;
	}
	memcpy(info->author, r->author, ARNET_PUBKEY_BYTES);
	info->seq = r->seq;
	arnet_record_hash(info->hash, in, len);
	if (!admissible(r, roster, rules, info, d)) {
		return 0;
	}
	if (backdated(t, r, rules, d, err)) {
		refuse(info, ARNET_REFUSE_BACKDATED);
		return 0;
	}
	return *err == ARNET_OK;
}

/* Where r falls against its author's head h: a duplicate, a rival or a
 * record after a gap is dealt with here (1, *rv the result); 0 when r is
 * the next record. */
static int
off_chain(arnet_txn *t, arnet_head *h, const arnet_record *r, const uint8_t *in,
          size_t len, const arnet_log_rules *rules, arnet_ingest_info *info,
          arnet_diag *d, int *rv)
{
	arnet_record old;
	MDB_val raw;
	uint8_t oh[ARNET_HASH_BYTES];
	switch (arnet_record_chain(r, h->seq, h->seq ? h->hash : NULL)) {
	case ARNET_CHAIN_OLD:
		if ((*rv = stored(t, r->author, r->seq, &old, &raw, d)) != 0) {
			return 1;
		}
		arnet_record_hash(oh, raw.mv_data, raw.mv_size);
		if (memcmp(oh, info->hash, sizeof(oh)) == 0) {
			info->result = ARNET_INGEST_DUPLICATE;
			*rv = ARNET_OK;
			return 1;
		}
		*rv = rival(t, h, r, in, len, rules, info, d);
		return 1;
	case ARNET_CHAIN_FORK:
		/* seq follows the head but prev is another record: the author
		 * signed two chains. */
		*rv = rival(t, h, r, in, len, rules, info, d);
		return 1;
	case ARNET_CHAIN_GAP:
		*rv = wait_for_gap(t, h, r, in, len, rules, info, d);
		return 1;
	case ARNET_CHAIN_NEXT:
		break;
	}
	return 0;
}

/* r, the next record of h: its target checked, appended, the records
 * waiting after it released, the head written. */
static int
append_next(arnet_txn *t, arnet_head *h, const arnet_record *r,
            const uint8_t *in, size_t len, const arnet_log_rules *rules,
            arnet_ingest_info *info, arnet_diag *d)
{
	int rv, err;
	if (!target_ok(t, r, d, &err)) {
		if (err != ARNET_OK) {
			return err;
		}
		arnet_diag_set(d, ARNET_ERANGE,
		               "it does not settle or lift a record of its "
		               "author of the right type and subject");
		return refuse(info, ARNET_REFUSE_TARGET);
	}
	if ((rv = append(t, h, r, in, len, info->hash, rules, d)) != ARNET_OK) {
		return rv;
	}
	info->result = ARNET_INGEST_ACCEPTED;
	info->appended = 1;
	if ((rv = release_pending(t, h, info, rules, d)) != ARNET_OK) {
		return rv;
	}
	return put_head(t, h, d);
}

int
arnet_log_ingest(arnet_txn *t, const uint8_t *in, size_t len,
                 const arnet_roster *roster, const arnet_log_rules *rules,
                 arnet_ingest_info *info, arnet_diag *d)
{
	arnet_record r;
	arnet_head h;
	int rv, err;

	memset(info, 0, sizeof(*info));
	if (!ingest_open(t, in, len, roster, rules, &r, info, d, &err)) {
		return err;
	}
	if ((rv = get_head(t, r.author, &h, d)) != ARNET_OK) {
		return rv;
	}
	if (off_chain(t, &h, &r, in, len, rules, info, d, &rv)) {
		return rv;
	}
	return append_next(t, &h, &r, in, len, rules, info, d);
}

int
arnet_log_append_own(arnet_txn *t, arnet_record *r,
                     const uint8_t sk[ARNET_SECKEY_BYTES],
                     const arnet_roster *roster, uint8_t *out, size_t *len,
                     arnet_diag *d)
{
	arnet_head h;
	arnet_ingest_info info;
	arnet_log_rules rules;
	int rv = get_head(t, arnet_seckey_pubkey(sk), &h, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	r->seq = h.seq + 1;
	memcpy(r->prev, h.hash, ARNET_HASH_BYTES);
	if (h.seq == 0) {
		memset(r->prev, 0, ARNET_HASH_BYTES);
	}
	if ((rv = arnet_record_sign(out, ARNET_RECORD_MAX, len, r, sk, d)) !=
	    ARNET_OK) {
		return rv;
	}
	arnet_diag sub;
	arnet_log_rules_default(&rules, (int64_t)time(NULL));
	rules.self = arnet_seckey_pubkey(sk);
	rv = arnet_log_ingest(t, out, *len, roster, &rules, &info, &sub);
	if (rv != ARNET_OK) {
		return arnet_diag_set(d, rv, "%s", sub.msg);
	}
	switch (info.result) {
	case ARNET_INGEST_ACCEPTED:
		return ARNET_OK;
	case ARNET_INGEST_REFUSED:
		rv = info.refusal == ARNET_REFUSE_NOT_MEMBER ||
		                     info.refusal == ARNET_REFUSE_BACKDATED
		             ? ARNET_EPERM
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
	if (k->mv_size != ARNET_PUBKEY_BYTES ||
	    decode_head(v, &h) != ARNET_OK) {
		return ARNET_ESTORE;
	}
	memcpy(h.author, k->mv_data, ARNET_PUBKEY_BYTES);
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
	if (k->mv_size != ST_FEED_KEY_BYTES) {
		return ARNET_ESTORE;
	}
	if (st_feed_key_seq(k->mv_data) < s->from) {
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
	uint8_t key[ST_FEED_KEY_BYTES];
	st_feed_key(key, author, from); /* seek straight to (author, from) */
	return st_scan_from(t, ST_RECORDS, author, ARNET_PUBKEY_BYTES, key,
	                    sizeof(key), range_one, &s, d);
}

struct fetch {
	arnet_txn *t;
	arnet_log_fn fn;
	void *arg;
	arnet_diag *d;
	size_t plen;
};

static int
fetch_key(struct fetch *f, const uint8_t key[ST_FEED_KEY_BYTES])
{
	MDB_val v;
	int rv = st_get(f->t, ST_RECORDS, key, ST_FEED_KEY_BYTES, &v, f->d);
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
	int rv = st_get(t, ST_BY_HASH, hash, ARNET_HASH_BYTES, &v, d);
	if (rv == ARNET_ENOTFOUND) {
		return arnet_diag_set(d, rv, "no record with this hash");
	}
	if (rv != ARNET_OK) {
		return rv;
	}
	if (v.mv_size != ST_FEED_KEY_BYTES) {
		return arnet_diag_set(d, ARNET_ESTORE, "store: corrupt index");
	}
	uint8_t key[ST_FEED_KEY_BYTES];
	memcpy(key, v.mv_data, sizeof(key));
	return fetch_key(&f, key);
}

int
arnet_log_holds(arnet_txn *t, const uint8_t hash[ARNET_HASH_BYTES],
                arnet_diag *d)
{
	MDB_val v;
	return st_get(t, ST_BY_HASH, hash, ARNET_HASH_BYTES, &v, d);
}

static int
subject_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct fetch *f = arg;
	uint8_t key[ST_FEED_KEY_BYTES];
	(void)v;
	if (k->mv_size != f->plen + sizeof(key)) {
		return ARNET_ESTORE;
	}
	memcpy(key, (const uint8_t *)k->mv_data + f->plen, sizeof(key));
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

/* Every value a scan meets, to f->fn. */
static int
value_one(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct fetch *f = arg;
	(void)k;
	return f->fn(v->mv_data, v->mv_size, f->arg);
}

int
arnet_log_all(arnet_txn *t, arnet_log_fn fn, void *arg, arnet_diag *d)
{
	struct fetch f = {t, fn, arg, d, 0};
	return st_scan(t, ST_RECORDS, NULL, 0, value_one, &f, d);
}

int
arnet_log_proofs(arnet_txn *t, const uint8_t author[ARNET_PUBKEY_BYTES],
                 arnet_log_fn fn, void *arg, arnet_diag *d)
{
	struct fetch f = {t, fn, arg, d, 0};
	return st_scan(t, ST_EQUIV, author, ARNET_PUBKEY_BYTES, value_one, &f,
	               d);
}

/* --- the last sync --- */

int
arnet_log_set_last_sync(arnet_txn *t, int64_t when, arnet_diag *d)
{
	uint8_t v[8];
	arnet_be64_write(v, (uint64_t)when);
	return st_put(t, ST_META, "last_sync", 9, v, 8, 0, d);
}

int64_t
arnet_log_last_sync(arnet_txn *t)
{
	MDB_val v;
	if (st_get(t, ST_META, "last_sync", 9, &v, NULL) != ARNET_OK ||
	    v.mv_size != 8) {
		return 0;
	}
	return (int64_t)arnet_be64_read(v.mv_data);
}
