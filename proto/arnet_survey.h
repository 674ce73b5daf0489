/*
 * arnet_survey.h - trade-reference surveys: the question a member asks
 * every other member about a subject ("what is your experience with X?")
 * and the signed answer of a member that has X in its books.
 *
 * Both travel in an envelope (arnet_wire.h) over nng SURVEYOR/RESPONDENT:
 *   SURVEY_ASK     the asker's key, the time, a random nonce, the subject;
 *                  signed by the asker over "arnet/ask/v1\0" || body
 *   SURVEY_ANSWER  the responder's key, the asker's key and nonce (the
 *                  answer is bound to one question), the time, the
 *                  subject and the responder's summary of its books;
 *                  signed by the responder over "arnet/answer/v1\0" ||
 *                  body
 *
 * Whether the signer is a member, and whether the time is fresh, are for
 * the caller: it holds the roster and the clock. Byte layouts:
 * docs/protocol.md, "Trade-reference surveys"; golden bytes:
 * tests/vectors/wire.json. Encoding is canonical and decoding strict.
 */
#ifndef ARNET_SURVEY_H
#define ARNET_SURVEY_H

#include "arnet_err.h"
#include "arnet_ident.h"
#include "arnet_keys.h"

#include <stddef.h>
#include <stdint.h>

#define ARNET_ASK_SIG_CONTEXT        "arnet/ask/v1"
#define ARNET_ASK_SIG_CONTEXT_LEN    13
#define ARNET_ANSWER_SIG_CONTEXT     "arnet/answer/v1"
#define ARNET_ANSWER_SIG_CONTEXT_LEN 16
/* No ask or answer is longer (whole message, envelope included). */
#define ARNET_SURVEY_MAX 512
/* Days beyond terms above this are refused as nonsense (100 years). */
#define ARNET_DBT_MAX 36525

typedef struct arnet_survey_ask {
	uint8_t asker[ARNET_PUBKEY_BYTES];
	int64_t time; /* UTC seconds */
	uint8_t nonce[16];
	arnet_ident subject;
} arnet_survey_ask;

/* A responder's experience with the subject, in one currency. */
typedef struct arnet_survey_answer {
	uint8_t responder[ARNET_PUBKEY_BYTES];
	uint8_t asker[ARNET_PUBKEY_BYTES]; /* of the question answered */
	uint8_t nonce[16];                 /* of the question answered */
	int64_t time;                      /* UTC seconds */
	arnet_ident subject;
	char currency[4];
	int32_t since;       /* civil day of the first invoice */
	int32_t last_sale;   /* civil day of the latest invoice */
	int64_t high_credit; /* largest balance in the last 12 months */
	int64_t balance;     /* owed now */
	int64_t past_due[4]; /* owed 1-30, 31-60, 61-90, over 90 days late */
	uint32_t dbt;        /* dollar-weighted days beyond terms */
} arnet_survey_answer;

/*
 * arnet_survey_ask_sign: the complete message (envelope included) of q
 * signed with sk: q->asker is set to sk's public half and a zero nonce is
 * replaced by a random one. out needs ARNET_SURVEY_MAX bytes. ARNET_OK,
 * ARNET_ETOOBIG, or the error a decoder would give for a field.
 */
int arnet_survey_ask_sign(uint8_t *out, size_t cap, size_t *len,
                          arnet_survey_ask *q,
                          const uint8_t sk[ARNET_SECKEY_BYTES],
                          arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_survey_ask_open: decode the body of a SURVEY_ASK (after the
 * envelope) and check its signature by the asker's key. ARNET_OK,
 * ARNET_ETRUNC, ARNET_ETRAILING, ARNET_ETOOBIG, ARNET_ENONCANON (subject
 * not canonical), ARNET_ESYNTAX, ARNET_ECHECK, ARNET_ESIG.
 */
int arnet_survey_ask_open(arnet_survey_ask *q, const uint8_t *body, size_t len,
                          arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_survey_answer_sign: the complete message of a signed with sk
 * (a->responder is set to its public half). The summary must be
 * consistent: since <= last_sale, valid civil dates, amounts in
 * 0..2^53-1, past due at most the balance, a known currency, dbt at most
 * ARNET_DBT_MAX. ARNET_OK, ARNET_ETOOBIG, ARNET_ERANGE, ARNET_ECURRENCY.
 */
int arnet_survey_answer_sign(uint8_t *out, size_t cap, size_t *len,
                             arnet_survey_answer *a,
                             const uint8_t sk[ARNET_SECKEY_BYTES],
                             arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_survey_answer_open: decode the body of a SURVEY_ANSWER, apply the
 * rules of arnet_survey_answer_sign, and check the responder's
 * signature. Whether it answers *our* question (asker, nonce, subject) is
 * for the caller to compare.
 */
int arnet_survey_answer_open(arnet_survey_answer *a, const uint8_t *body,
                             size_t len, arnet_diag *diag)
        __attribute__((warn_unused_result));

#endif /* ARNET_SURVEY_H */
