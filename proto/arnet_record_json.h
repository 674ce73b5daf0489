/*
 * arnet_record_json.h - a record's fields as a JSON object (cJSON).
 *
 * The same object shape is printed by `arnet record decode --json`, used
 * by the golden vectors (tests/vectors/records.json, "fields") and, later,
 * by the control socket. Field names and value forms are listed in
 * docs/protocol.md, section "JSON form of a record".
 *
 * Integers are exact: they are printed from int64 digits, and on input a
 * number that is not an integer or lies beyond +-2^53 (where JSON numbers
 * stop being exact in common parsers) is refused.
 */
#ifndef ARNET_RECORD_JSON_H
#define ARNET_RECORD_JSON_H

#include "arnet_record.h"

#include <cjson/cJSON.h>

/*
 * arnet_record_to_json: a new cJSON object with r's fields (no
 * signature). The caller owns the result (cJSON_Delete). NULL when out of
 * memory.
 */
cJSON *arnet_record_to_json(const arnet_record *r);

/*
 * arnet_record_from_json: fill *r from a fields object. Refuses unknown or
 * missing fields, wrong JSON types and bad values with ARNET_ESYNTAX,
 * ARNET_ERANGE, ARNET_ETYPE, ...; diag names the field. "author" may be
 * absent (signing sets it). The record is not signed and not validated
 * beyond field syntax: arnet_record_sign does that.
 */
int arnet_record_from_json(arnet_record *r, const cJSON *fields,
                           arnet_diag *diag)
        __attribute__((warn_unused_result));

/* A new cJSON holding the exact integer v (the caller owns it). */
cJSON *arnet_json_int(int64_t v);

/* The longest value arnet_json_hex writes: a signature. */
#define ARNET_JSON_HEX_MAX ARNET_SIG_BYTES

/* A new cJSON string of the lower-case hex of p[0..n); NULL when n is
 * more than ARNET_JSON_HEX_MAX. */
cJSON *arnet_json_hex(const uint8_t *p, size_t n);

#endif
