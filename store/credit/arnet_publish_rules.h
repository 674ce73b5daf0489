/*
 * arnet_publish_rules.h - what this member may sign about a subject: the
 * fairness and legal rules every publishing command applies to a record
 * before it is signed (docs/cli.md, "The shared log").
 *
 * One pure function decides, over the record to be signed, one fact from
 * the firm's books (is the subject marked as a natural person) and a
 * small policy; the command only gathers them. Two kinds of rule:
 *
 *   rules of fairness, which --force overrides (the person publishing
 *   takes responsibility): a DEFAULT is reported from the dunning stage
 *   that makes it eligible; it is at least the association's minimum
 *   amount, so that one member's report does not sink a subject for a
 *   trifle; and it carries an evidence hash;
 *
 *   rules nothing overrides: a DEFAULT is about a debt past due; and a
 *   DEFAULT or CREDIT_STOP about a natural person (an individual
 *   business, USCC registration category 92, or a customer the firm
 *   marked as an individual) is adverse personal credit information,
 *   which under China's credit-reporting regulation (State Council Order
 *   631, 征信业管理条例) only a licensed credit bureau may provide: it is
 *   published only when the association states that it operates under a
 *   licence ([association] personal_data = licensed).
 *
 * SETTLEMENT, LIFT and DISPUTE records only improve or correct what the
 * log holds: no rule refuses them.
 */
#ifndef ARNET_PUBLISH_RULES_H
#define ARNET_PUBLISH_RULES_H

#include "arnet_fx.h"
#include "arnet_ident.h"
#include "arnet_record.h"

#include <stdint.h>

/*
 * The antitrust notice (NACM's rule for credit groups: share facts only,
 * each member decides alone): printed with every credit stop this member
 * publishes, and by the credit check beside every credit stop it counts.
 */
#define ARNET_CREDIT_STOP_NOTICE                                               \
	"a credit stop records the publishing member's own decision to stop "  \
	"extending credit; it instructs nobody: every member decides alone, "  \
	"on the facts, whether to give credit"

/* The rules, as bits of arnet_publish_verdict. */
typedef enum arnet_publish_rule {
	ARNET_RULE_PERSONAL_DATA = 1u << 0, /* the law: never overridden */
	ARNET_RULE_PAST_DUE = 1u << 1,      /* a DEFAULT is past due: never */
	ARNET_RULE_DUNNING_STAGE = 1u << 2, /* --force overrides the rest */
	ARNET_RULE_MIN_AMOUNT = 1u << 3,
	ARNET_RULE_EVIDENCE = 1u << 4,
} arnet_publish_rule;

#define ARNET_PUBLISH_RULES 5
/* The rules --force overrides. */
#define ARNET_RULES_FORCEABLE                                                  \
	(ARNET_RULE_DUNNING_STAGE | ARNET_RULE_MIN_AMOUNT | ARNET_RULE_EVIDENCE)

typedef struct arnet_publish_policy {
	/* A DEFAULT below this, in minor units of `currency`, is a trifle
	 * ([check] min_default_amount); 0: no minimum. */
	int64_t min_default_amount;
	char currency[4]; /* of min_default_amount; needed when it is > 0 */
	/* Rates for a DEFAULT in another currency ([fx]); NULL or empty:
	 * such an amount cannot be compared, and the rule refuses it. */
	const arnet_fx *fx;
	/* Days past due from which a DEFAULT is reported (the dunning
	 * ladder's default stage, [books]); 0: from the first day. */
	int32_t min_days_past_due;
	/* [association] personal_data = licensed */
	int personal_data_licensed;
	int force; /* --force: set the forceable rules aside */
} arnet_publish_policy;

/* Longest explanation of one rule, with its NUL. */
#define ARNET_PUBLISH_WHY_MAX 640

typedef struct arnet_publish_verdict {
	unsigned fired;   /* every rule the record breaks, forced or not */
	unsigned refused; /* those that refuse it (fired less the forced) */
	/* one explanation per rule fired, in the order of the bits: what
	 * the record is and what the rule asks; the rules --force cannot
	 * override say so (that it overrides the others is the caller's
	 * to say, as the one-line diag does) */
	int n;
	struct {
		unsigned rule;
		char text[ARNET_PUBLISH_WHY_MAX];
	} why[ARNET_PUBLISH_RULES];
} arnet_publish_verdict;

/*
 * arnet_subject_is_natural_person: 1 when adverse data about `subject` is
 * personal credit information: an individual business (USCC category 92,
 * arnet_ident_is_individual_business) or marked_individual (the firm's
 * books mark the customer as an individual, arnet_customer.individual).
 */
int arnet_subject_is_natural_person(const arnet_ident *subject,
                                    int marked_individual);

/*
 * arnet_publish_rules_check: may this member sign r (a complete record
 * but for author, seq, prev and signature)? marked_individual: the
 * subject is a customer the firm's books mark as an individual. Pure: no
 * store, no clock.
 *
 * Fills *v (every rule fired, with its explanation, also when --force set
 * it aside, so the caller can say what was overridden) and returns:
 *   ARNET_OK      nothing refuses r (v->refused == 0);
 *   ARNET_EPERM   a rule refuses it; diag is one line naming the rules
 *                 and saying whether --force overrides them;
 *   ARNET_EINVAL  pol->min_default_amount > 0 without pol->currency.
 */
int arnet_publish_rules_check(const arnet_record *r, int marked_individual,
                              const arnet_publish_policy *pol,
                              arnet_publish_verdict *v, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_publish_rule_name: "personal data", "past due", "dunning stage",
 * "minimum amount", "evidence"; "unknown" for anything else. */
const char *arnet_publish_rule_name(unsigned rule);

#endif /* ARNET_PUBLISH_RULES_H */
