/* date: calendar days and the periods obligations repeat at. */
#ifndef SAKRA_DATE_H
#define SAKRA_DATE_H

#include <stddef.h>

/* --- dates and periods ---------------------------------------------------- */

struct sakra_date {
	int year, month, day;
};

/* Parses exactly YYYY-MM-DD (a real calendar day). 0 or SAKRA_EPARSE. */
int sakra_date_parse(const char *s, struct sakra_date *out);
/* Days since 1970-01-01 (negative before). */
long sakra_date_days(const struct sakra_date *d);
struct sakra_date sakra_date_from_days(long days);
int sakra_date_cmp(const struct sakra_date *a, const struct sakra_date *b);
/* Adds months; a day past the end of the target month becomes its last
 * day (2024-01-31 + 1 month = 2024-02-29). */
struct sakra_date sakra_date_add_months(const struct sakra_date *d, int months);
/* Writes "YYYY-MM-DD" (11 bytes with the NUL). */
void sakra_date_format(const struct sakra_date *d, char out[11]);
/* Today in UTC. */
struct sakra_date sakra_date_today(void);

enum sakra_period_unit { SAKRA_DAYS = 'd', SAKRA_WEEKS = 'w',
			 SAKRA_MONTHS = 'm', SAKRA_YEARS = 'y' };

struct sakra_period {
	int count;
	enum sakra_period_unit unit;
};

/* Parses "1 month", "12 months", "2 weeks", "1 year", "30 days" (also
 * "1 day", "1 week", "2 years"). 0 or SAKRA_EPARSE. */
int sakra_period_parse(const char *s, struct sakra_period *out);
/* A period's length in days, months and years counted long (31, 366),
 * for comparing two periods. */
long sakra_period_days(const struct sakra_period *p);
/* Writes "1 month", "12 months", "2 weeks", ... */
void sakra_period_format(const struct sakra_period *p, char *out, size_t size);
struct sakra_date sakra_period_add(const struct sakra_date *d,
				   const struct sakra_period *p);

#endif
