/*
 * fx.c - configured exchange rates (arnet_fx.h).
 */
#include "arnet_fx.h"
#include "arnet_money.h"

#include <string.h>

int
arnet_fx_rate_parse(int64_t *micro, const char *text, arnet_diag *d)
{
	const char *p = text;
	int64_t v = 0;
	int digits = 0, decimals = -1;
	for (; *p != '\0'; p++) {
		if (*p == '.' && decimals < 0 && digits > 0) {
			decimals = 0;
			continue;
		}
		if (*p < '0' || *p > '9') {
			return arnet_diag_set(d, ARNET_ESYNTAX,
			                      "rate \"%.40s\" is not a decimal "
			                      "number such as 7.185",
			                      text);
		}
		if (decimals >= 0 && ++decimals > 6) {
			return arnet_diag_set(d, ARNET_ESYNTAX,
			                      "rate \"%.40s\" has more than 6 "
			                      "decimals",
			                      text);
		}
		if (++digits > 13) {
			return arnet_diag_set(d, ARNET_ERANGE,
			                      "rate \"%.40s\" is too large",
			                      text);
		}
		v = v * 10 + (*p - '0');
	}
	if (digits == 0 || decimals == 0) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "rate \"%.40s\" is not a decimal number "
		                      "such as 7.185",
		                      text);
	}
	for (int i = decimals < 0 ? 0 : decimals; i < 6; i++) {
		v *= 10;
	}
	if (v <= 0 || v > (int64_t)1000000 * ARNET_FX_SCALE) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "rate \"%.40s\" must be more than 0 and "
		                      "at most 1000000",
		                      text);
	}
	*micro = v;
	return ARNET_OK;
}

static const arnet_fx_rate *
find(const arnet_fx *fx, const char *code)
{
	for (size_t i = 0; fx != NULL && i < fx->n; i++) {
		if (strcmp(fx->rates[i].code, code) == 0) {
			return &fx->rates[i];
		}
	}
	return NULL;
}

int
arnet_fx_set(arnet_fx *fx, const char *code, int64_t micro, arnet_diag *d)
{
	if (arnet_currency_exponent(code) < 0 || strcmp(code, fx->base) == 0) {
		return arnet_diag_set(d, ARNET_ECURRENCY,
		                      "\"%.8s\" is not a currency arnet knows "
		                      "other than the base %s",
		                      code, fx->base);
	}
	arnet_fx_rate *r = (arnet_fx_rate *)find(fx, code);
	if (r == NULL) {
		if (fx->n == ARNET_FX_MAX) {
			return arnet_diag_set(d, ARNET_ETOOBIG,
			                      "more than %d exchange rates",
			                      ARNET_FX_MAX);
		}
		r = &fx->rates[fx->n++];
		memcpy(r->code, code, 4);
	}
	r->micro = micro;
	return ARNET_OK;
}

/* Base units per unit of code, in millionths; 0 when unknown. */
static int64_t
rate_of(const arnet_fx *fx, const char *code)
{
	if (fx != NULL && fx->base[0] != '\0' && strcmp(code, fx->base) == 0) {
		return ARNET_FX_SCALE;
	}
	const arnet_fx_rate *r = find(fx, code);
	return r != NULL ? r->micro : 0;
}

int
arnet_fx_has(const arnet_fx *fx, const char *from, const char *to)
{
	return strcmp(from, to) == 0 ||
	       (rate_of(fx, from) > 0 && rate_of(fx, to) > 0);
}

static __int128
pow10(int e)
{
	__int128 v = 1;
	while (e-- > 0) {
		v *= 10;
	}
	return v;
}

int
arnet_fx_convert(const arnet_fx *fx, int64_t *out, int64_t amount,
                 const char *from, const char *to)
{
	if (strcmp(from, to) == 0) {
		*out = amount;
		return ARNET_OK;
	}
	int64_t rf = rate_of(fx, from), rt = rate_of(fx, to);
	int ef = arnet_currency_exponent(from),
	    et = arnet_currency_exponent(to);
	if (rf <= 0 || rt <= 0 || ef < 0 || et < 0) {
		return ARNET_ENOTFOUND;
	}
	/* amount / 10^ef * rf / rt * 10^et, rounded half away from 0. */
	__int128 num = (__int128)(amount < 0 ? -(__int128)amount : amount) *
	               rf * pow10(et);
	__int128 den = (__int128)rt * pow10(ef);
	__int128 q = (num + den / 2) / den;
	if (q > INT64_MAX) {
		return ARNET_ERANGE;
	}
	*out = amount < 0 ? -(int64_t)q : (int64_t)q;
	return ARNET_OK;
}
