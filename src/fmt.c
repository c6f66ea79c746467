/*
 * fmt.c - deterministic number and date formatting.
 *
 * printf's %g family is locale-dependent only in the decimal point, and the
 * library never calls setlocale, so the C locale holds.  Dates are computed
 * from day counts (Howard Hinnant's civil-from-days algorithm), never from
 * gmtime, which depends on the time zone database.
 */
#include "ttsim/fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

char *tt_fmt_double(double v, char buf[TT_FMT_BUF])
{
	if (isnan(v)) {
		snprintf(buf, TT_FMT_BUF, "nan");
		return buf;
	}
	if (isinf(v)) {
		snprintf(buf, TT_FMT_BUF, v < 0 ? "-inf" : "inf");
		return buf;
	}
	if (v == 0) {
		snprintf(buf, TT_FMT_BUF, "0"); /* also for -0 */
		return buf;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, TT_FMT_BUF, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return buf;
}

char *tt_fmt_iso8601(int64_t unix_s, char buf[TT_FMT_BUF])
{
	int64_t days = unix_s / 86400;
	int64_t secs = unix_s % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	/* civil_from_days: era of 400 years, day of era, year of era. */
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	if (m <= 2)
		y++;
	snprintf(buf, TT_FMT_BUF, "%04lld-%02d-%02dT%02d:%02d:%02dZ",
	         (long long)y, (int)m, (int)d, (int)(secs / 3600),
	         (int)(secs / 60 % 60), (int)(secs % 60));
	return buf;
}
