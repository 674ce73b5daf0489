/*
 * arnet_proto.h - everything that crosses the wire: identifiers, money,
 * dates, keys, signed records.
 *
 * proto/ is pure: no I/O, no LMDB, no nng. Every function is safe to call
 * from any thread once arnet_crypto_init() has returned ARNET_OK.
 */
#ifndef ARNET_PROTO_H
#define ARNET_PROTO_H

#include "arnet_date.h"
#include "arnet_err.h"
#include "arnet_ident.h"
#include "arnet_keys.h"
#include "arnet_member.h"
#include "arnet_money.h"
#include "arnet_record.h"
#include "arnet_record_json.h"
#include "arnet_sign.h"
#include "arnet_survey.h"
#include "arnet_wire.h"

#endif
