/*
 * arnet_date.h - civil dates as day numbers, timestamps as UTC seconds.
 *
 * A date is an int32 count of days since 1970-01-01 (day 0), proleptic
 * Gregorian calendar, so "days past due" is a subtraction. Valid dates run
 * from ARNET_DATE_MIN (1900-01-01) to ARNET_DATE_MAX (9999-12-31).
 */
#ifndef ARNET_DATE_H
#define ARNET_DATE_H

#include "arnet_err.h"

#include <stdint.h>

#define ARNET_DATE_MIN      (-25567) /* 1900-01-01 */
#define ARNET_DATE_MAX      2932896  /* 9999-12-31 */
#define ARNET_DATE_TEXT_MAX 10       /* "YYYY-MM-DD" */
#define ARNET_DAY_SECONDS   86400

/*
 * arnet_date_from_ymd: the day number of a civil date. Returns ARNET_OK,
 * or ARNET_ERANGE when the date does not exist (2026-02-30) or is out of
 * the valid range.
 */
int arnet_date_from_ymd(int32_t *out, int y, int m, int d)
        __attribute__((warn_unused_result));

/* arnet_date_to_ymd: the civil date of a valid day number. */
void arnet_date_to_ymd(int32_t day, int *y, int *m, int *d);

/*
 * arnet_date_parse: parse exactly "YYYY-MM-DD". Returns ARNET_OK,
 * ARNET_ESYNTAX (wrong shape) or ARNET_ERANGE (no such date); diag says
 * which.
 */
int arnet_date_parse(int32_t *out, const char *text, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_date_format: "YYYY-MM-DD" into buf (cap >= 11). */
int arnet_date_format(char *buf, size_t cap, int32_t day);

/* arnet_date_valid: 1 when day is within [ARNET_DATE_MIN, ARNET_DATE_MAX]. */
int arnet_date_valid(int64_t day);

/* arnet_date_from_unix: the UTC civil day of a Unix timestamp. */
int32_t arnet_date_from_unix(int64_t secs);

/* arnet_date_start / arnet_date_end: the first and the last second (UTC)
 * of day: "as of a date" means as of the end of that day. */
int64_t arnet_date_start(int32_t day);
int64_t arnet_date_end(int32_t day);

/*
 * arnet_time_format: a UTC timestamp as "YYYY-MM-DDTHH:MM:SSZ" into buf
 * (cap >= 21). Returns ARNET_ERANGE outside the valid date range.
 */
int arnet_time_format(char *buf, size_t cap, int64_t secs);

/*
 * arnet_time_parse: parse "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DD" (midnight
 * UTC) into Unix seconds.
 */
int arnet_time_parse(int64_t *out, const char *text, arnet_diag *diag)
        __attribute__((warn_unused_result));

#endif /* ARNET_DATE_H */
