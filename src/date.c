/* date: calendar days and the periods obligations repeat at. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sakra/date.h"
#include "sakra/error.h"
#include "sakra/intl.h"

/* --- dates: the civil-from-days algorithms of H. Hinnant ------------------ */

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int sakra_date_parse(const char *s, struct sakra_date *out)
{
	struct sakra_date d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return SAKRA_EPARSE;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return SAKRA_EPARSE;
	d.year = atoi(s);
	d.month = atoi(s + 5);
	d.day = atoi(s + 8);
	if (d.year < 1900 || d.month < 1 || d.month > 12 || d.day < 1 ||
	    d.day > month_days(d.year, d.month))
		return SAKRA_EPARSE;
	if (out)
		*out = d;
	return 0;
}

long sakra_date_days(const struct sakra_date *d)
{
	long y = d->year - (d->month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (d->month + 9) % 12;
	long doy = (153 * mp + 2) / 5 + d->day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct sakra_date sakra_date_from_days(long z)
{
	struct sakra_date d;
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(yoe + era * 400 + (d.month <= 2));
	return d;
}

int sakra_date_cmp(const struct sakra_date *a, const struct sakra_date *b)
{
	long x = sakra_date_days(a), y = sakra_date_days(b);

	return x < y ? -1 : x > y;
}

struct sakra_date sakra_date_add_months(const struct sakra_date *d, int months)
{
	struct sakra_date r = *d;
	long m = (long)d->year * 12 + (d->month - 1) + months;

	r.year = (int)(m / 12);
	r.month = (int)(m % 12) + 1;
	if (r.day > month_days(r.year, r.month))
		r.day = month_days(r.year, r.month);
	return r;
}

void sakra_date_format(const struct sakra_date *d, char out[11])
{
	unsigned y = (unsigned)d->year % 10000, m = (unsigned)d->month % 100,
		 day = (unsigned)d->day % 100;

	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + day / 10);
	out[9] = (char)('0' + day % 10);
	out[10] = '\0';
}

struct sakra_date sakra_date_today(void)
{
	return sakra_date_from_days((long)(time(NULL) / 86400));
}

int sakra_period_parse(const char *s, struct sakra_period *out)
{
	static const struct { const char *word; enum sakra_period_unit unit; } units[] = {
		{ "day", SAKRA_DAYS }, { "days", SAKRA_DAYS },
		{ "week", SAKRA_WEEKS }, { "weeks", SAKRA_WEEKS },
		{ "month", SAKRA_MONTHS }, { "months", SAKRA_MONTHS },
		{ "year", SAKRA_YEARS }, { "years", SAKRA_YEARS },
	};
	char *end;
	long n;

	if (!s || !isdigit((unsigned char)*s))
		return SAKRA_EPARSE;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || n < 1 || n > 1000 || *end != ' ')
		return SAKRA_EPARSE;
	while (*end == ' ')
		end++;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].word) == 0) {
			/* "1 months" and "2 month" read fine; accept both. */
			out->count = (int)n;
			out->unit = units[i].unit;
			return 0;
		}
	}
	return SAKRA_EPARSE;
}

long sakra_period_days(const struct sakra_period *p)
{
	return (long)p->count * (p->unit == SAKRA_DAYS ? 1 : p->unit == SAKRA_WEEKS ? 7 :
				 p->unit == SAKRA_MONTHS ? 31 : 366);
}

void sakra_period_format(const struct sakra_period *p, char *out, size_t size)
{
	unsigned long n = p->count > 0 ? (unsigned long)p->count : 0;

	/* in a message: the user's language (English in machine formats) */
	snprintf(out, size, p->unit == SAKRA_DAYS ? sakra_trn("%d day", "%d days", n) :
		 p->unit == SAKRA_WEEKS ? sakra_trn("%d week", "%d weeks", n) :
		 p->unit == SAKRA_MONTHS ? sakra_trn("%d month", "%d months", n) :
		 sakra_trn("%d year", "%d years", n), p->count);
}

struct sakra_date sakra_period_add(const struct sakra_date *d,
				   const struct sakra_period *p)
{
	switch (p->unit) {
	case SAKRA_DAYS: return sakra_date_from_days(sakra_date_days(d) + p->count);
	case SAKRA_WEEKS: return sakra_date_from_days(sakra_date_days(d) + 7L * p->count);
	case SAKRA_MONTHS: return sakra_date_add_months(d, p->count);
	case SAKRA_YEARS: return sakra_date_add_months(d, 12 * p->count);
	}
	return *d;
}
