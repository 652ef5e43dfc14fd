/* intl: the messages sakra writes for people go through GNU gettext, in the
 * text domain "sakra"; English is the source language and po/ holds the
 * Swedish and Finnish catalogues. The library translates with dgettext, so
 * it needs no textdomain() of its caller; rule ids, keys and machine
 * formats (JSON, SARIF) are never translated. */
#ifndef SAKRA_INTL_H
#define SAKRA_INTL_H

#include <libintl.h>

#define SAKRA_TEXTDOMAIN "sakra"

/* A message translated now; a message marked for the catalogue only (its
 * translation happens where it is used, e.g. in sakra_diags_add). */
#define _(s) dgettext(SAKRA_TEXTDOMAIN, s)
#define N_(s) (s)

/* A format that may be empty translated (gettext maps "" to the
 * catalogue's header, never wanted here). */
__attribute__((format_arg(1)))
static inline const char *sakra_tr(const char *fmt)
{
	return fmt && *fmt ? dgettext(SAKRA_TEXTDOMAIN, fmt) : fmt;
}

#endif
