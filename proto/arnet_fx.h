/*
 * arnet_fx.h - exchange rates a person configured ([fx] in the config),
 * so that amounts in different currencies can be compared.
 *
 * arnet never fetches a rate and never adds amounts of two currencies
 * without one: a table holds, for one date, how many units of its base
 * currency (the firm's reporting currency) one unit of each other
 * currency is worth, as an integer count of millionths ("7.1850" is
 * 7185000). Conversions are integer arithmetic on minor units, rounded
 * half away from zero; whoever converts says which table (its date) it
 * used.
 */
#ifndef ARNET_FX_H
#define ARNET_FX_H

#include "arnet_err.h"

#include <stddef.h>
#include <stdint.h>

#define ARNET_FX_MAX   32      /* currencies in one table */
#define ARNET_FX_SCALE 1000000 /* rates are millionths */

typedef struct arnet_fx_rate {
	char code[4];
	int64_t micro; /* base units per unit of code, x ARNET_FX_SCALE */
} arnet_fx_rate;

typedef struct arnet_fx {
	char base[4]; /* the currency rates are against; "" when unset */
	int32_t date; /* the day the rates are of (arnet_date.h) */
	size_t n;     /* 0: no rates, nothing converts */
	arnet_fx_rate rates[ARNET_FX_MAX];
} arnet_fx;

/*
 * arnet_fx_rate_parse: a rate as a person writes it ("7.185", "0.0482",
 * at most 6 decimals, more than zero, at most 1,000,000) into millionths.
 * ARNET_OK or ARNET_ESYNTAX / ARNET_ERANGE with diag saying why.
 */
int arnet_fx_rate_parse(int64_t *micro, const char *text, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_fx_set: add or replace the rate of `code` (a currency known to
 * arnet, not the base). ARNET_OK, ARNET_ECURRENCY, ARNET_ETOOBIG (table
 * full).
 */
int arnet_fx_set(arnet_fx *fx, const char *code, int64_t micro,
                 arnet_diag *diag) __attribute__((warn_unused_result));

/* arnet_fx_has: 1 when amounts in `from` can be converted to `to`. */
int arnet_fx_has(const arnet_fx *fx, const char *from, const char *to);

/*
 * arnet_fx_convert: *out = amount (minor units of `from`) in minor units
 * of `to`, through the base currency. The same currency converts to
 * itself without a table. ARNET_OK; ARNET_ENOTFOUND when a rate is
 * missing (*out unchanged); ARNET_ERANGE when the result does not fit.
 */
int arnet_fx_convert(const arnet_fx *fx, int64_t *out, int64_t amount,
                     const char *from, const char *to)
        __attribute__((warn_unused_result));

#endif /* ARNET_FX_H */
