/*
 * arnet_member.h - membership: certificates signed by the association's
 * root key, the signed roster, and whose records count when.
 *
 * The association root key (Ed25519) is the trust anchor every node is
 * configured with. A certificate binds a member's identity (id, display
 * name), its public key and its network endpoints to a validity period
 * and a serial number. The roster is the root-signed list, at an epoch
 * number, of the certificates in force and the revocations. Nodes accept
 * a roster only with a valid root signature and a higher epoch.
 *
 * Byte layouts: docs/protocol.md, sections "Certificates" and "Roster";
 * golden bytes: tests/vectors/membership.json. Encoding is canonical and
 * decoding strict, as for records.
 */
#ifndef ARNET_MEMBER_H
#define ARNET_MEMBER_H

#include "arnet_err.h"
#include "arnet_ident.h"
#include "arnet_keys.h"

#include <stddef.h>
#include <stdint.h>

#define ARNET_CERT_VERSION      1 /* without a link certificate */
#define ARNET_CERT_VERSION_LINK 2 /* with one (docs/protocol.md, "Links") */
#define ARNET_ROSTER_VERSION    1
#define ARNET_MEMBER_NAME_MAX   200  /* display name, bytes of UTF-8 */
#define ARNET_URL_MAX           200  /* an nng URL */
#define ARNET_CERT_V1_MAX       1024 /* a version 1 certificate */
#define ARNET_CERT_MAX          2048 /* any certificate */
/* The member's TLS link certificate (X.509 DER, ECDSA P-256, self-signed),
 * carried by a version 2 certificate: at most this many bytes. */
#define ARNET_LINK_CERT_MAX      800
#define ARNET_ROSTER_MAX_CERTS   4096
#define ARNET_ROSTER_MAX_REVOKED 4096
/* One revocation in a roster: u64 serial, the key, i64 time, u8 reason,
 * u8 flags (docs/protocol.md, "Roster"). */
#define ARNET_REVOCATION_WIRE (8 + ARNET_PUBKEY_BYTES + 8 + 1 + 1)
/* No valid roster is longer; decoders refuse longer input at once. */
#define ARNET_ROSTER_MAX (8u << 20)

/* Domain-separation contexts (including the final NUL). */
#define ARNET_CERT_SIG_CONTEXT       "arnet/cert/v1"
#define ARNET_CERT_SIG_CONTEXT_LEN   14
#define ARNET_ROSTER_SIG_CONTEXT     "arnet/roster/v1"
#define ARNET_ROSTER_SIG_CONTEXT_LEN 16

typedef struct arnet_cert {
	uint8_t version;
	uint64_t serial; /* unique per association, from 1 */
	arnet_ident member_id;
	char name[ARNET_MEMBER_NAME_MAX + 1];
	uint8_t key[ARNET_PUBKEY_BYTES];    /* the member's */
	char pub_url[ARNET_URL_MAX + 1];    /* where it publishes records */
	char sync_url[ARNET_URL_MAX + 1];   /* where it answers sync */
	char survey_url[ARNET_URL_MAX + 1]; /* where it answers trade-reference
	                                       surveys; "": it takes no part */
	/* Version 2: the member's TLS link certificate, DER, that every
	 * tls+tcp:// link to or from it must present (pinned); link_len 0
	 * in version 1. */
	uint16_t link_len;
	uint8_t link[ARNET_LINK_CERT_MAX];
	int64_t not_before;                 /* UTC seconds */
	int64_t not_after;                  /* exclusive */
	uint8_t issuer[ARNET_PUBKEY_BYTES]; /* the root key */
	uint8_t sig[ARNET_SIG_BYTES];
} arnet_cert;

typedef enum arnet_revoke_reason {
	ARNET_REVOKE_LEFT = 1,        /* earlier records still count */
	ARNET_REVOKE_COMPROMISED = 2, /* records from the time on do not */
} arnet_revoke_reason;

typedef struct arnet_revocation {
	uint64_t serial; /* of the certificate */
	uint8_t key[ARNET_PUBKEY_BYTES];
	int64_t time; /* from when */
	uint8_t reason;
	uint8_t all; /* compromised: none of the key's records count */
} arnet_revocation;

/* arnet_revocation_find: the revocation of certificate serial among
 * v[0..n), or NULL. The result points into v. */
const arnet_revocation *arnet_revocation_find(const arnet_revocation *v,
                                              size_t n, uint64_t serial);

/* A decoded roster; the arrays are owned (arnet_roster_free). */
typedef struct arnet_roster {
	uint8_t version;
	uint64_t epoch; /* from 1, rising with every change */
	int64_t issued; /* UTC seconds */
	uint8_t root[ARNET_PUBKEY_BYTES];
	arnet_cert *certs; /* by serial, rising */
	size_t ncerts;
	arnet_revocation *revoked; /* by serial, rising */
	size_t nrevoked;
	uint8_t sig[ARNET_SIG_BYTES];
} arnet_roster;

/*
 * arnet_url_check: ARNET_OK when url is an nng URL arnet can dial or
 * listen on: tcp://HOST:PORT, tls+tcp://HOST:PORT (PORT 1..65535) or
 * ipc:///absolute/path, printable ASCII, at most ARNET_URL_MAX bytes.
 */
int arnet_url_check(const char *url, arnet_diag *diag);

/*
 * arnet_cert_sign: set c->issuer to the public half of root_sk and sign c
 * into out (cap bytes; ARNET_CERT_MAX is enough). Refuses (with the error
 * arnet_cert_decode would give) any value others would refuse.
 */
int arnet_cert_sign(uint8_t *out, size_t cap, size_t *len, arnet_cert *c,
                    const uint8_t root_sk[ARNET_SECKEY_BYTES], arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_cert_encode: the encoding of c with its signature as it is. */
int arnet_cert_encode(uint8_t *out, size_t cap, size_t *len,
                      const arnet_cert *c, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_cert_decode: strict decoding (no signature check). ARNET_ETRUNC,
 * ARNET_ETRAILING, ARNET_EVERSION, ARNET_ETOOBIG, ARNET_ENONCANON,
 * ARNET_ERANGE, ARNET_ESYNTAX, ARNET_ECHECK; diag names field and byte.
 */
int arnet_cert_decode(arnet_cert *c, const uint8_t *in, size_t len,
                      arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_cert_verify: the signature of an encoded certificate, by the
 * issuer key it carries, and that the issuer is `root` (NULL: any).
 * ARNET_OK, ARNET_ESIG.
 */
int arnet_cert_verify(const uint8_t *in, size_t len,
                      const uint8_t root[ARNET_PUBKEY_BYTES])
        __attribute__((warn_unused_result));

/*
 * arnet_roster_sign: sign r (root and signature are set from root_sk)
 * into a new buffer *out of *len bytes (malloc'd; the caller frees). The
 * certificates must be root's, already signed, by rising serial; the
 * revocations by rising serial, each naming a certificate of the roster.
 */
int arnet_roster_sign(uint8_t **out, size_t *len, arnet_roster *r,
                      const uint8_t root_sk[ARNET_SECKEY_BYTES],
                      arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_roster_peek: the epoch of an encoded roster from its header alone
 * (nanoseconds, nothing verified), so a node can drop a roster that is not
 * newer than its own before any signature work. Refuses what
 * arnet_roster_open would refuse from the header: ARNET_ETOOBIG (over
 * ARNET_ROSTER_MAX), ARNET_ETRUNC, ARNET_EVERSION, ARNET_ESIG (with root
 * not NULL: another association's root key).
 */
int arnet_roster_peek(uint64_t *epoch, const uint8_t *in, size_t len,
                      const uint8_t root[ARNET_PUBKEY_BYTES], arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_roster_open: strict decoding of a roster, its root signature, and
 * every certificate's signature and issuer, in order of cost: the header,
 * the structure, the root's signature, then each certificate (so a forged
 * roster costs one verification, not one per certificate). With `root` not NULL
 * the roster must be signed by it (ARNET_ESIG: "another association's roster").
 * On success *r owns arrays (arnet_roster_free); on error there is nothing to
 * free. ARNET_ETRUNC, ARNET_ETRAILING, ARNET_EVERSION, ARNET_ETOOBIG,
 * ARNET_ENONCANON, ARNET_ERANGE, ARNET_ESIG, ARNET_ENOMEM.
 */
int arnet_roster_open(arnet_roster *r, const uint8_t *in, size_t len,
                      const uint8_t root[ARNET_PUBKEY_BYTES], arnet_diag *diag)
        __attribute__((warn_unused_result));
void arnet_roster_free(arnet_roster *r);

/* Flags of arnet_member_valid_at. */
typedef enum arnet_valid_result {
	ARNET_MEMBER_OK = 0,          /* the record counts */
	ARNET_MEMBER_UNKNOWN = 1,     /* no certificate for this key */
	ARNET_MEMBER_NOT_YET = 2,     /* before every certificate's start */
	ARNET_MEMBER_EXPIRED = 3,     /* after its certificate's end */
	ARNET_MEMBER_LEFT = 4,        /* made after the member left */
	ARNET_MEMBER_COMPROMISED = 5, /* made with a compromised key */
} arnet_valid_result;

/*
 * arnet_member_valid_at: whether a record signed by `key` and made at
 * `time` counts under roster r: some certificate for the key is valid at
 * time (not_before <= time < not_after) and no revocation of it takes
 * effect at or before time (a compromised key revoked with `all` never
 * counts). Returns an arnet_valid_result; *cert (may be NULL) gets the
 * certificate that decided (borrowed from r).
 */
int arnet_member_valid_at(const arnet_roster *r,
                          const uint8_t key[ARNET_PUBKEY_BYTES], int64_t time,
                          const arnet_cert **cert);

/*
 * arnet_roster_member_id: the member id of the newest certificate r holds
 * for key (the highest serial: a member re-admitted under a new id is
 * named by it), or ARNET_ROSTER_NOT_MEMBER when r is NULL or no
 * certificate has the key. Borrowed from r.
 */
#define ARNET_ROSTER_NOT_MEMBER "(not in the roster)"
const char *arnet_roster_member_id(const arnet_roster *r,
                                   const uint8_t key[ARNET_PUBKEY_BYTES]);

/* A short text for an arnet_valid_result ("left the association"). */
const char *arnet_member_valid_text(int result);

/* Names "left"/"compromised" and their inverse (0 when unknown). */
const char *arnet_revoke_reason_name(int reason);
int arnet_revoke_reason_parse(const char *name);

#endif /* ARNET_MEMBER_H */
