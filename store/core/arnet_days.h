/*
 * arnet_days.h - the bounds of a number of days that a command, an
 * argument or a setting may name.
 *
 * ARNET_DECADE_DAYS: ten years with their leap days to spare, the
 * longest span a period, payment terms, a certificate's life or the
 * like may be (a DSO period, --days of a renewal, customer terms).
 * ARNET_CENTURY_DAYS: a hundred years, the longest age a policy may
 * count back (the credit check's ages, fades, retention, windows).
 * Messages that state a bound print the number itself.
 */
#ifndef ARNET_DAYS_H
#define ARNET_DAYS_H

#define ARNET_DECADE_DAYS  3660
#define ARNET_CENTURY_DAYS 36600

#endif /* ARNET_DAYS_H */
