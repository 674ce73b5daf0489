/*
 * dispute.c - whose DISPUTE of a record counts (arnet_dispute.h): the
 * record's author, while a member, and the association's administrator.
 * A rival member's objection is a record like any other but marks
 * nothing: letting it count would let any member discredit another's
 * report. Likewise only a record's author settles or lifts it.
 */
#include "arnet_dispute.h"

#include <string.h>

int
arnet_dispute_marks(const arnet_roster *roster, const arnet_record *dispute,
                    const arnet_record *target,
                    const uint8_t target_hash[ARNET_HASH_BYTES])
{
	if (roster == NULL || dispute->type != ARNET_REC_DISPUTE ||
	    memcmp(dispute->u.dispute.target.hash, target_hash,
	           ARNET_HASH_BYTES) != 0) {
		return 0;
	}
	if (memcmp(dispute->author, roster->root, ARNET_PUBKEY_BYTES) == 0) {
		return 1;
	}
	return memcmp(dispute->author, target->author, ARNET_PUBKEY_BYTES) ==
	               0 &&
	       arnet_member_valid_at(roster, dispute->author, dispute->created,
	                             NULL) == ARNET_MEMBER_OK;
}

int
arnet_record_closes(const arnet_record *closer, const arnet_record *target)
{
	int want = closer->type == ARNET_REC_SETTLEMENT ? ARNET_REC_DEFAULT
	           : closer->type == ARNET_REC_LIFT     ? ARNET_REC_CREDIT_STOP
	                                                : -1;
	return target->type == want &&
	       memcmp(closer->author, target->author, ARNET_PUBKEY_BYTES) == 0;
}
