/* ident: the identifiers a country gives organisations, as a framework
 * names them: the Finnish business ID (FO-nummer / Y-tunnus) and the
 * Swedish organisationsnummer, each with its check digit. */
#ifndef SAKRA_IDENT_H
#define SAKRA_IDENT_H

#include <stddef.h>

enum sakra_ident {
	SAKRA_IDENT_NONE = 0,          /* the framework names none: any text */
	SAKRA_IDENT_FI_BUSINESS_ID,    /* "fi-business-id": NNNNNNN-C, mod-11 check digit */
	SAKRA_IDENT_SE_ORGNR,          /* "se-organisationsnummer": NNNNNN-NNNN, Luhn */
};

/* The identifier a framework file names ("fi-business-id",
 * "se-organisationsnummer"); -1 for an unknown name. */
int sakra_ident_parse(const char *name);
/* Its name in messages and its written form. */
const char *sakra_ident_name(enum sakra_ident kind);
const char *sakra_ident_form(enum sakra_ident kind);
/* What the organisation calls it in a language (sv, fi, en; others: sv):
 * "FO-nummer", "Y-tunnus", "Business ID", "organisationsnummer". */
const char *sakra_ident_label(enum sakra_ident kind, const char *lang);

/* 1 when s is a valid identifier of the kind (SAKRA_IDENT_NONE: any text
 * that is not empty); then out (16 bytes, may be NULL) holds it in its
 * written form ("" for SAKRA_IDENT_NONE). */
int sakra_ident_valid(enum sakra_ident kind, const char *s, char out[16]);

/* A Finnish business ID "NNNNNNN-C" (an old "NNNNNN-C" gains its leading
 * zero in out); out may be NULL. */
int sakra_business_id_valid(const char *s, char out[10]);
/* A Swedish organisationsnummer "NNNNNN-NNNN" or "NNNNNNNNNN" (out:
 * with the hyphen): ten digits, the third at least 2 (a personal identity
 * number is not one), and the Luhn check digit last; out may be NULL. */
int sakra_se_orgnr_valid(const char *s, char out[12]);

#endif
