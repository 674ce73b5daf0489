/*
 * import_forms.h - the ways ERP exports write a date, an amount and a
 * currency, read exactly (private to store/import).
 *
 * Every form below names one value; nothing is guessed. A form that
 * could mean two things ("05/11/2026": 5 November or May 11) is refused
 * unless the mapping file says which order its dates are in.
 */
#ifndef ARNET_IMPORT_FORMS_H
#define ARNET_IMPORT_FORMS_H

#include "arnet_err.h"

#include <stdint.h>

typedef enum import_date_order {
	IMPORT_DATES_AUTO = 0, /* year first; "DD.MM.YYYY" (dots) day first */
	IMPORT_DATES_YMD,
	IMPORT_DATES_DMY,
	IMPORT_DATES_MDY,
} import_date_order;

typedef struct import_form {
	import_date_order dates;
	char decimal_mark; /* '.' (default) or ',' ("1.234,56") */
} import_form;

/*
 * import_date: a civil date written as
 *   2026-11-05  2026/11/5  2026.11.05  20261105  2026年11月5日
 * each optionally followed by a time of day (" 00:00:00", "T14:30",
 * ":SS.fff"), which is checked and dropped; with IMPORT_DATES_DMY or
 * _MDY (or dots in AUTO) also 05.11.2026 / 05/11/2026 / 11/05/2026.
 * Returns ARNET_OK, ARNET_ESYNTAX or ARNET_ERANGE (no such date), with
 * diag naming the text and the forms that are read.
 */
int import_date(int32_t *out, const char *text, const import_form *form,
                arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * import_amount: minor units of `currency` from
 *   1234.56  1,234.56  ¥1,234.56  ￥1234.56  1234.56元  CNY 1,234.56
 *   -200  (200.00)  200.00-  ¥-200
 * and with decimal_mark ',' also 1.234,56. A currency symbol or code in
 * the text must agree with `currency` (¥ and ￥ are CNY or JPY, 元 is CNY,
 * $ is a dollar currency); a negative amount is returned negative (the
 * caller decides whether it may be). Returns ARNET_OK, ARNET_ESYNTAX,
 * ARNET_ERANGE or ARNET_ECURRENCY, with diag naming the text.
 */
int import_amount(int64_t *out, const char *text, const char *currency,
                  const import_form *form, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * import_currency: an ISO 4217 code from a code ("cny") or one of the
 * names ERP exports use: RMB, 人民币, ￥, ¥, 元 (CNY), 美元 (USD), 港币 /
 * 港元 (HKD), 欧元 (EUR), 日元 (JPY), 英镑 (GBP). Returns ARNET_OK or
 * ARNET_ECURRENCY with diag naming the text.
 */
int import_currency(char out[4], const char *text, arnet_diag *diag)
        __attribute__((warn_unused_result));

#endif /* ARNET_IMPORT_FORMS_H */
