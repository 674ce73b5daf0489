/*
 * date.c - civil date <-> day number conversion.
 *
 * Uses Howard Hinnant's days_from_civil / civil_from_days algorithms
 * (public domain), which are exact for the proleptic Gregorian calendar
 * with integer arithmetic only.
 */
#include "arnet_date.h"

#include <stdio.h>
#include <string.h>

static int64_t
days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
arnet_date_to_ymd(int32_t day, int *y, int *m, int *d)
{
	int64_t z = (int64_t)day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = mm;
	*d = dd;
}

static int
days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 ? 28 + leap : dim[m - 1];
}

int
arnet_date_valid(int64_t day)
{
	return day >= ARNET_DATE_MIN && day <= ARNET_DATE_MAX;
}

int
arnet_date_from_ymd(int32_t *out, int y, int m, int d)
{
	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m)) {
		return ARNET_ERANGE;
	}
	*out = (int32_t)days_from_civil(y, m, d);
	return ARNET_OK;
}

static int
digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return 0;
		}
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

int
arnet_date_parse(int32_t *out, const char *text, arnet_diag *d)
{
	int y, m, dd;
	arnet_diag_clear(d);
	if (text == NULL || strlen(text) != 10 || text[4] != '-' ||
	    text[7] != '-' || !digits(text, 4, &y) ||
	    !digits(text + 5, 2, &m) || !digits(text + 8, 2, &dd)) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "date \"%.20s\" is not YYYY-MM-DD",
		                      text ? text : "");
	}
	if (arnet_date_from_ymd(out, y, m, dd) != ARNET_OK) {
		return arnet_diag_set(
		        d, ARNET_ERANGE,
		        "date \"%s\" does not exist or is outside "
		        "1900-01-01..9999-12-31",
		        text);
	}
	return ARNET_OK;
}

int
arnet_date_format(char *buf, size_t cap, int32_t day)
{
	int y, m, d;
	if (!arnet_date_valid(day)) {
		return ARNET_ERANGE;
	}
	if (cap < ARNET_DATE_TEXT_MAX + 1) {
		return ARNET_ETOOBIG;
	}
	arnet_date_to_ymd(day, &y, &m, &d);
	snprintf(buf, cap, "%04d-%02d-%02d", y, m, d);
	return ARNET_OK;
}

int32_t
arnet_date_from_unix(int64_t secs)
{
	int64_t day = secs / ARNET_DAY_SECONDS;
	if (secs % ARNET_DAY_SECONDS < 0) {
		day--;
	}
	return (int32_t)day;
}

int
arnet_time_format(char *buf, size_t cap, int64_t secs)
{
	int64_t day = secs / ARNET_DAY_SECONDS, rem = secs % ARNET_DAY_SECONDS;
	int y, m, d;
	if (rem < 0) {
		rem += ARNET_DAY_SECONDS;
		day--;
	}
	if (!arnet_date_valid(day)) {
		return ARNET_ERANGE;
	}
	if (cap < 21) {
		return ARNET_ETOOBIG;
	}
	arnet_date_to_ymd((int32_t)day, &y, &m, &d);
	snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
	         (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
	return ARNET_OK;
}

int
arnet_time_parse(int64_t *out, const char *text, arnet_diag *d)
{
	char date[11];
	int32_t day;
	int hh = 0, mm = 0, ss = 0;
	size_t n = text ? strlen(text) : 0;
	arnet_diag_clear(d);
	if (n != 10 && n != 20) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "time \"%.30s\" is not "
		                      "YYYY-MM-DDTHH:MM:SSZ",
		                      text ? text : "");
	}
	memcpy(date, text, 10);
	date[10] = '\0';
	int rv = arnet_date_parse(&day, date, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	if (n == 20) {
		const char *t = text + 10;
		if (t[0] != 'T' || t[3] != ':' || t[6] != ':' || t[9] != 'Z' ||
		    !digits(t + 1, 2, &hh) || !digits(t + 4, 2, &mm) ||
		    !digits(t + 7, 2, &ss)) {
			return arnet_diag_set(d, ARNET_ESYNTAX,
			                      "time \"%s\" is not "
			                      "YYYY-MM-DDTHH:MM:SSZ",
			                      text);
		}
		if (hh > 23 || mm > 59 || ss > 59) {
			return arnet_diag_set(d, ARNET_ERANGE,
			                      "time \"%s\" does not exist",
			                      text);
		}
	}
	*out = (int64_t)day * ARNET_DAY_SECONDS + hh * 3600 + mm * 60 + ss;
	return ARNET_OK;
}

int64_t
arnet_date_start(int32_t day)
{
	return (int64_t)day * ARNET_DAY_SECONDS;
}

int64_t
arnet_date_end(int32_t day)
{
	return arnet_date_start(day) + ARNET_DAY_SECONDS - 1;
}
