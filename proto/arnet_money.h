/*
 * arnet_money.h - money as integer minor units plus an ISO 4217 code.
 *
 * No floating point anywhere: amounts are int64 counts of the currency's
 * minor unit (fen for CNY, cent for USD, yen for JPY). Parsing and printing
 * follow the currency's exponent (CNY/USD/EUR 2, JPY/KRW 0, BHD/KWD 3).
 */
#ifndef ARNET_MONEY_H
#define ARNET_MONEY_H

#include "arnet_err.h"

#include <stdint.h>

#define ARNET_CURRENCY_DEFAULT "CNY"
/* Longest text arnet_money_format can produce, without the NUL. */
#define ARNET_MONEY_TEXT_MAX 32

/*
 * arnet_currency_exponent: number of decimal places of an ISO 4217 code
 * (upper case, 3 letters), or -1 when arnet does not know the code.
 */
int arnet_currency_exponent(const char *code);

/*
 * arnet_currency_parse: canonicalise a currency code typed by a person
 * ("cny" -> "CNY") into out[4]. Returns ARNET_OK, or ARNET_ECURRENCY with
 * diag naming the code.
 */
int arnet_currency_parse(char out[4], const char *in, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_money_parse: parse a decimal amount in `currency` into minor
 * units. Accepted: optional '-', digits with optional thousands commas in
 * groups of three ("1,234,567"), optional '.' and at most as many decimals
 * as the currency has ("1,234.5" is 123450 fen). Surrounding white space
 * is ignored.
 *
 * Returns ARNET_OK, or ARNET_ESYNTAX (not a number; diag says why),
 * ARNET_ERANGE (does not fit in int64 minor units), ARNET_ECURRENCY.
 */
int arnet_money_parse(int64_t *out, const char *text, const char *currency,
                      arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_money_format: print minor units in `currency` as "-1,234.56"
 * (grouping != 0) or "-1234.56" (grouping == 0) into buf. Returns
 * ARNET_OK, ARNET_ECURRENCY, or ARNET_ETOOBIG when cap is too small
 * (ARNET_MONEY_TEXT_MAX + 1 is always enough).
 */
int arnet_money_format(char *buf, size_t cap, int64_t minor,
                       const char *currency, int grouping);

/* Longest text arnet_money_cny_upper can produce, without the NUL. */
#define ARNET_MONEY_UPPER_MAX 160

/*
 * arnet_money_cny_upper: minor units of CNY in the capital form (大写) of
 * the People's Bank's rules for instruments, into buf: 18640000 is
 * "壹拾捌万陆仟肆佰元整", 1005 "壹拾元零伍分", 0 "零元整"; no "人民币"
 * before it (the caller writes that). Returns ARNET_OK; ARNET_ECURRENCY
 * when currency is not "CNY" (other currencies are written in figures);
 * ARNET_ERANGE for a negative amount or one of 1e16 元 or more (the rules
 * have no unit for it); ARNET_ETOOBIG when cap is too small
 * (ARNET_MONEY_UPPER_MAX + 1 is always enough). buf holds "" on error.
 * Pure; thread-safe.
 */
int arnet_money_cny_upper(char *buf, size_t cap, int64_t minor,
                          const char *currency)
        __attribute__((warn_unused_result));

/*
 * Overflow-checked arithmetic on minor units: *out = a + b, a - b, a * b.
 * Return ARNET_OK or ARNET_ERANGE (and leave *out unchanged).
 */
int arnet_money_add(int64_t *out, int64_t a, int64_t b)
        __attribute__((warn_unused_result));
int arnet_money_sub(int64_t *out, int64_t a, int64_t b)
        __attribute__((warn_unused_result));
int arnet_money_mul(int64_t *out, int64_t a, int64_t b)
        __attribute__((warn_unused_result));

#endif /* ARNET_MONEY_H */
