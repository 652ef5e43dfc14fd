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
#define _(s) sakra_tr(s)
#define N_(s) (s)

/* The translation of fmt in the user's language, used only when its
 * printf conversions are the English one's (the same argument types in
 * the same order, or by position); else fmt itself, so that a damaged or
 * hostile catalogue can never make a format read arguments it is not
 * given. fmt may be NULL or empty (gettext maps "" to the catalogue's
 * header, never wanted here). */
__attribute__((format_arg(1)))
const char *sakra_tr(const char *fmt);
/* The code of the language the messages are in ("en", "sv", "fi"): what
 * gettext chose from LANGUAGE, LC_ALL, LC_MESSAGES and LANG, for text that
 * data gives in several languages (a framework's notes on its changes). */
const char *sakra_ui_lang(void);
/* The same for a message with plural forms: one or many by n. */
__attribute__((format_arg(1))) __attribute__((format_arg(2)))
const char *sakra_trn(const char *one, const char *many, unsigned long n);

#endif
