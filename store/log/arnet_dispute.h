/*
 * arnet_dispute.h - whose word on a record counts: whose DISPUTE marks
 * it, and whose SETTLEMENT or LIFT closes it.
 *
 * Anyone who holds a key can publish a DISPUTE naming any record; only
 * two parties' word on a record counts: its own author (a correction of
 * its own report, while it is a member) and the association's
 * administrator (the root key, on the subject's behalf). The credit check
 * (check.c) weighs only those disputes, and `arnet records` marks a
 * record only with those: one rule, here, for both.
 */
#ifndef ARNET_DISPUTE_H
#define ARNET_DISPUTE_H

#include "arnet_proto.h"

#include <stdint.h>

/*
 * arnet_dispute_marks: 1 if `dispute` is a DISPUTE of `target` (whose
 * record hash is target_hash) that counts under `roster`: it names that
 * hash, and it is signed by the target's author while a member at the
 * dispute's time (arnet_member_valid_at), or by the roster's root key.
 * 0 otherwise, and always 0 when roster is NULL (no one can be told a
 * member). All arguments are borrowed; pure and thread-safe.
 */
int arnet_dispute_marks(const arnet_roster *roster, const arnet_record *dispute,
                        const arnet_record *target,
                        const uint8_t target_hash[ARNET_HASH_BYTES]);

/*
 * arnet_record_closes: 1 if `closer` is a SETTLEMENT of the DEFAULT
 * `target` or a LIFT of the CREDIT_STOP `target`, by the target's own
 * author (no one else closes a member's report), else 0. The caller has
 * matched closer's target hash to target; when several close one record,
 * the latest (by created) decides. Pure.
 */
int arnet_record_closes(const arnet_record *closer, const arnet_record *target);

#endif /* ARNET_DISPUTE_H */
