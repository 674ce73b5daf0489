/*
 * arnet_record.h - the signed records of the shared credit log.
 *
 * Each member has one append-only feed of records. A record names its
 * author (an Ed25519 public key), its place in the author's chain (seq
 * from 1 and the BLAKE2b-256 hash of the previous record), when it was
 * made, the subject it is about, and a body that depends on its type. It
 * ends with an Ed25519 signature over every byte before it, prefixed with
 * a fixed context string. Records are self-certifying: any node may relay
 * any record, and any node can check it.
 *
 * The byte layout is in docs/protocol.md, section "Records"; golden bytes
 * are in tests/vectors/records.json.
 *
 * Encoding is canonical and decoding is strict: for every record there is
 * exactly one byte string, and arnet_record_decode accepts only that
 * string. The encoder refuses the same values the decoder refuses, so a
 * node can never sign what others will not accept.
 */
#ifndef ARNET_RECORD_H
#define ARNET_RECORD_H

#include "arnet_err.h"
#include "arnet_ident.h"
#include "arnet_keys.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARNET_RECORD_VERSION 1
/* No valid record is longer; decoders refuse longer input at once. */
#define ARNET_RECORD_MAX 1024
#define ARNET_NOTE_MAX   255
/* The domain-separation context: these 16 bytes precede the signed part. */
#define ARNET_RECORD_SIG_CONTEXT     "arnet/record/v1"
#define ARNET_RECORD_SIG_CONTEXT_LEN 16 /* including the final NUL byte */

typedef enum arnet_record_type {
	ARNET_REC_DEFAULT = 1,     /* a customer failed to pay */
	ARNET_REC_CREDIT_STOP = 2, /* the author stopped extending credit */
	ARNET_REC_SETTLEMENT = 3,  /* closes the author's own DEFAULT */
	ARNET_REC_LIFT = 4,        /* ends the author's own CREDIT_STOP */
	ARNET_REC_DISPUTE = 5,     /* an objection mark on any record */
} arnet_record_type;

/* Why a DEFAULT was reported or a CREDIT_STOP decided. */
typedef enum arnet_reason {
	ARNET_REASON_NON_PAYMENT = 1,
	ARNET_REASON_BOUNCED_INSTRUMENT = 2,
	ARNET_REASON_FORGED_DOCUMENTS = 3,
	ARNET_REASON_INSOLVENCY = 4,
	ARNET_REASON_OTHER = 5,
} arnet_reason;

/* How a DEFAULT was settled. */
typedef enum arnet_settle_how {
	ARNET_SETTLE_PAID = 1,
	ARNET_SETTLE_PLAN = 2,
	ARNET_SETTLE_WRITTEN_OFF = 3,
} arnet_settle_how;

/* The state a DISPUTE gives its target. */
typedef enum arnet_dispute_status {
	ARNET_DISPUTE_OPEN = 1,
	ARNET_DISPUTE_UPHELD = 2,
	ARNET_DISPUTE_CORRECTED = 3,
} arnet_dispute_status;

/* A reference to another record: its author, seq and hash. */
typedef struct arnet_ref {
	uint8_t author[ARNET_PUBKEY_BYTES];
	uint64_t seq;
	uint8_t hash[ARNET_HASH_BYTES];
} arnet_ref;

typedef struct arnet_record {
	uint8_t version; /* ARNET_RECORD_VERSION */
	uint8_t type;    /* arnet_record_type */
	uint8_t author[ARNET_PUBKEY_BYTES];
	uint64_t seq;                   /* 1, 2, ... in the author's feed */
	uint8_t prev[ARNET_HASH_BYTES]; /* hash of seq - 1; zero for seq 1 */
	int64_t created;                /* UTC seconds */
	arnet_ident subject;            /* canonical identifier */
	union {
		struct {
			int64_t amount;         /* minor units, > 0 */
			char currency[4];       /* ISO 4217, known to arnet */
			int32_t due_date;       /* day number */
			uint32_t days_past_due; /* >= 1 */
			uint8_t reason;         /* arnet_reason */
			uint8_t evidence[ARNET_HASH_BYTES]; /* zero: none */
		} def;
		struct {
			uint8_t reason; /* arnet_reason */
		} stop;
		struct {
			arnet_ref target; /* the author's own DEFAULT */
			uint8_t how;      /* arnet_settle_how */
			int64_t amount;   /* recovered, minor units, >= 0 */
			char currency[4];
		} settle;
		struct {
			arnet_ref target; /* the author's own CREDIT_STOP */
		} lift;
		struct {
			arnet_ref target; /* any record */
			uint8_t status;   /* arnet_dispute_status */
		} dispute;
	} u;
	char note[ARNET_NOTE_MAX + 1]; /* UTF-8 text, NUL-terminated */
	uint8_t sig[ARNET_SIG_BYTES];
} arnet_record;

/* arnet_record_init: zero *r and set its version and type. */
void arnet_record_init(arnet_record *r, arnet_record_type type);

/*
 * arnet_record_sign: set r->author to the public half of sk, encode r,
 * sign it, store the signature in r->sig and the complete record in out
 * (cap bytes; ARNET_RECORD_MAX is always enough), its length in *len.
 * Returns ARNET_OK, or the error arnet_record_decode would give for the
 * same values (so nothing that others would refuse is ever signed), or
 * ARNET_ETOOBIG when cap is too small.
 */
int arnet_record_sign(uint8_t *out, size_t cap, size_t *len, arnet_record *r,
                      const uint8_t sk[ARNET_SECKEY_BYTES], arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_record_encode: the complete encoding of r with its r->sig as it
 * is (no signing). Same errors as arnet_record_sign.
 */
int arnet_record_encode(uint8_t *out, size_t cap, size_t *len,
                        const arnet_record *r, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_record_decode: strict decoding of in[0..len) into *r. Does not
 * check the signature (see arnet_record_verify). Returns ARNET_OK or:
 * ARNET_ETRUNC, ARNET_ETRAILING, ARNET_EVERSION, ARNET_ETYPE,
 * ARNET_ETOOBIG, ARNET_ENONCANON, ARNET_ERANGE, ARNET_ECURRENCY,
 * ARNET_ESYNTAX, ARNET_ECHECK; diag names the field and byte offset.
 * *r is unspecified on error.
 */
int arnet_record_decode(arnet_record *r, const uint8_t *in, size_t len,
                        arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_record_verify: check the signature of an encoded record against
 * the author key it carries. ARNET_OK, ARNET_ETRUNC (too
 * short to hold one), ARNET_ETOOBIG, or ARNET_ESIG.
 */
int arnet_record_verify(const uint8_t *in, size_t len)
        __attribute__((warn_unused_result));

/*
 * arnet_record_open: arnet_record_decode, then arnet_record_verify. The
 * way every record from outside enters the program.
 */
int arnet_record_open(arnet_record *r, const uint8_t *in, size_t len,
                      arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_record_peek: the author and seq of an encoded record, read from
 * their fixed places without decoding the rest (nothing else is checked:
 * arnet_record_open decides whether the record is valid). Returns false,
 * and leaves the outputs alone, when in is too short to hold them;
 * *author points into in and is valid as long as in is.
 */
bool arnet_record_peek(const uint8_t *in, size_t len, const uint8_t **author,
                       uint64_t *seq) __attribute__((warn_unused_result));

/*
 * arnet_record_feed_cmp: the order of two encoded records in their feeds
 * (qsort-like: < 0, 0, > 0): by author, then by seq; a record too short
 * to peek at sorts before any that is not, and two such are equal.
 */
int arnet_record_feed_cmp(const uint8_t *a, size_t alen, const uint8_t *b,
                          size_t blen);

/* arnet_record_hash: BLAKE2b-256 of the complete encoded record. */
void arnet_record_hash(uint8_t out[ARNET_HASH_BYTES], const uint8_t *in,
                       size_t len);

/* Where a record stands against its author's current head. */
typedef enum arnet_chain_rel {
	ARNET_CHAIN_NEXT = 0, /* seq == head + 1 and prev matches: append */
	ARNET_CHAIN_OLD,      /* seq <= head: duplicate or equivocation */
	ARNET_CHAIN_GAP,      /* seq > head + 1: wait for the gap */
	ARNET_CHAIN_FORK,     /* seq == head + 1 but prev differs */
} arnet_chain_rel;

/*
 * arnet_record_chain: compare r with its author's head (head_seq 0 and
 * head_hash NULL when the author has no records yet).
 */
arnet_chain_rel arnet_record_chain(const arnet_record *r, uint64_t head_seq,
                                   const uint8_t *head_hash);

/*
 * arnet_record_check_chain: ARNET_OK when r is the next record of its
 * author's chain, else ARNET_ECHAIN with diag saying why.
 */
int arnet_record_check_chain(const arnet_record *r, uint64_t head_seq,
                             const uint8_t *head_hash, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * Names of enum values as used on the command line and in JSON
 * ("DEFAULT", "non-payment", "written-off", "upheld"), and their inverse.
 * The name functions return "unknown" for values out of range; the parse
 * functions return 0 for unknown names (case-insensitive; the type also
 * accepts "blacklist" for CREDIT_STOP, as the CLI calls it).
 */
const char *arnet_record_type_name(int type);
int arnet_record_type_parse(const char *name);
const char *arnet_reason_name(int reason);
int arnet_reason_parse(const char *name);
const char *arnet_settle_how_name(int how);
int arnet_settle_how_parse(const char *name);
const char *arnet_dispute_status_name(int status);
int arnet_dispute_status_parse(const char *name);

#endif /* ARNET_RECORD_H */
