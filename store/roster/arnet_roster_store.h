/*
 * arnet_roster_store.h - the roster a node follows, and the association
 * administrator's own state (certificates issued, revocations, epochs).
 *
 * A node keeps one roster: the newest valid one signed by its trust
 * anchor. The administrator's directory holds an arnet store too, whose
 * certs and revoked databases are the source of every roster it signs;
 * each change is one transaction that also signs and keeps the roster of
 * the next epoch, so the roster on disk always matches the state.
 */
#ifndef ARNET_ROSTER_STORE_H
#define ARNET_ROSTER_STORE_H

#include "arnet_member.h"
#include "arnet_store.h"

/* --- a member node --- */

/*
 * arnet_roster_import: adopt the roster in[0..len) if it is signed by
 * root and its epoch is higher than the one kept. ARNET_OK (*epoch gets
 * the new epoch); ARNET_ESIG (forged, or another association's);
 * ARNET_EEXIST (an epoch not newer than the kept one: a replay; diag
 * gives both); decoding errors as arnet_roster_open; ARNET_ENOMEM. When it
 * replaces a kept roster, in the same transaction the feed of every
 * author the roster revokes for good is frozen at what the node holds,
 * and an author with a certificate in force again is unfrozen
 * (arnet_log_freeze, arnet_log.h; as arnet_roster_adopt).
 */
int arnet_roster_import(arnet_txn *t, const uint8_t *in, size_t len,
                        const uint8_t root[ARNET_PUBKEY_BYTES], uint64_t *epoch,
                        arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_roster_adopt: keep the roster in[0..len), which the caller opened
 * into r (arnet_roster_open, with our root) outside the transaction, so
 * that a write transaction never waits on signature checks. When it
 * replaces a kept roster, the feeds of the members it revokes are frozen
 * at what the node holds (arnet_log_freeze; a node's first roster freezes
 * nothing). ARNET_OK; ARNET_EEXIST (not newer than the one kept).
 */
int arnet_roster_adopt(arnet_txn *t, const uint8_t *in, size_t len,
                       const arnet_roster *r, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_roster_current: the roster kept (decoded; free with
 * arnet_roster_free). With raw not NULL, also a malloc'd copy of its
 * bytes (*raw, *raw_len; the caller frees). ARNET_ENOTFOUND when the node
 * has none yet.
 */
int arnet_roster_current(arnet_txn *t, arnet_roster *out, uint8_t **raw,
                         size_t *raw_len, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* --- the association's administrator --- */

/*
 * arnet_admin_enroll: issue a certificate for *c (its serial, issuer,
 * version and signature are set here: serial from the counter; version
 * 2 when c carries a link certificate), then sign the next roster. A key
 * that already has a certificate in force, or a member id with one for
 * another key, is ARNET_EEXIST (renew or revoke first). A member with a
 * link certificate has tls+tcp:// endpoints only, one without has none
 * (ARNET_EINVAL). The link certificate itself is the caller's to check
 * (arnet_link_cert_check).
 */
int arnet_admin_enroll(arnet_txn *t, arnet_cert *c,
                       const uint8_t root_sk[ARNET_SECKEY_BYTES], int64_t now,
                       uint64_t *epoch, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_admin_revoke: revoke the certificate `who` names (its latest one
 * when a member id has several) from `time`, for `reason` (all: every
 * record of the key, for a key leaked long ago). ARNET_ENOTFOUND,
 * ARNET_EEXIST (already revoked), ARNET_ERANGE.
 */
int arnet_admin_revoke(arnet_txn *t, const char *who, int reason, int all,
                       int64_t time, const uint8_t root_sk[ARNET_SECKEY_BYTES],
                       int64_t now, uint64_t *serial, uint64_t *epoch,
                       arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_admin_renew: replace the certificate `who` names with one that
 * keeps its start and ends `days` after now (new serial); the old one
 * leaves the roster, which the new one covers. With link (link_len
 * bytes, checked by the caller), the new certificate carries that link
 * certificate instead: how a member rotates its link key. A revoked
 * certificate is not renewed (ARNET_EPERM).
 */
int arnet_admin_renew(arnet_txn *t, const char *who, int days,
                      const uint8_t *link, size_t link_len,
                      const uint8_t root_sk[ARNET_SECKEY_BYTES], int64_t now,
                      arnet_cert *out, uint64_t *epoch, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_admin_state: the current roster, decoded (free with
 * arnet_roster_free), and its bytes when raw is not NULL (malloc'd).
 * ARNET_ENOTFOUND before the first enrolment.
 */
int arnet_admin_state(arnet_txn *t, arnet_roster *out, uint8_t **raw,
                      size_t *raw_len, arnet_diag *diag)
        __attribute__((warn_unused_result));

#endif /* ARNET_ROSTER_STORE_H */
