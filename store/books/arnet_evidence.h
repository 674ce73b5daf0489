/*
 * arnet_evidence.h - the documents behind a claim: contracts, delivery
 * notes, signed statements, letters sent.
 *
 * The practice is to keep every document that proves a debt: the signed
 * delivery note, the customer's confirmation of the statement, the
 * letters sent. arnet does not copy them; it records each file's
 * BLAKE2b-256 hash, its kind, where it is kept and what it is about, so
 * that a DEFAULT record can carry the hash (and nothing else) and the
 * firm can later show the document that matches it.
 */
#ifndef ARNET_EVIDENCE_H
#define ARNET_EVIDENCE_H

#include "arnet_books.h"

#define ARNET_PATH_MAX 1024

typedef enum arnet_evidence_kind {
	ARNET_EVIDENCE_CONTRACT = 1,
	ARNET_EVIDENCE_DELIVERY_NOTE = 2, /* signed by the customer */
	ARNET_EVIDENCE_STATEMENT = 3,     /* statement the customer confirmed */
	ARNET_EVIDENCE_LETTER = 4,        /* a dunning letter sent */
	ARNET_EVIDENCE_OTHER = 5,
} arnet_evidence_kind;

typedef struct arnet_evidence {
	uint8_t hash[32]; /* BLAKE2b-256 of the file's bytes */
	int kind;
	arnet_ident customer;
	char invoice[ARNET_INVOICE_NO_MAX + 1]; /* "" when about no invoice */
	char path[ARNET_PATH_MAX + 1];          /* absolute, where it is kept */
	uint64_t size;
	int64_t added; /* UTC seconds */
	char note[ARNET_REF_MAX + 1];
} arnet_evidence;

/*
 * arnet_evidence_hash_file: the BLAKE2b-256 hash and size of the file at
 * path. ARNET_OK, ARNET_ENOTFOUND, ARNET_EIO (diag names the file).
 */
int arnet_evidence_hash_file(uint8_t out[32], uint64_t *size, const char *path,
                             arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_evidence_add: record e. The customer must exist, and the invoice,
 * when given, must be that customer's. The same file (hash) recorded
 * again with the same details is ARNET_PUT_UNCHANGED; with other details,
 * ARNET_ECONFLICT.
 */
int arnet_evidence_add(arnet_txn *t, const arnet_evidence *e,
                       arnet_put_result *res, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_evidence_get: the evidence with this hash. */
int arnet_evidence_get(arnet_txn *t, const uint8_t hash[32],
                       arnet_evidence *out, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_evidence_scan: every piece of evidence about `customer` (NULL:
 * any) and `invoice` (NULL: any), in hash order.
 */
typedef int (*arnet_evidence_fn)(const arnet_evidence *e, void *arg);
int arnet_evidence_scan(arnet_txn *t, const arnet_ident *customer,
                        const char *invoice, arnet_evidence_fn fn, void *arg,
                        arnet_diag *diag) __attribute__((warn_unused_result));

/* Names ("contract", "delivery-note", "statement", "letter", "other")
 * and their inverse (0 when unknown). */
const char *arnet_evidence_kind_name(int kind);
int arnet_evidence_kind_parse(const char *name);

#endif /* ARNET_EVIDENCE_H */
