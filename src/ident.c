/* ident: organisation identifiers and their check digits. */
#include <ctype.h>
#include <string.h>

#include "sakra/ident.h"
#include "sakra/intl.h"

static const struct {
	const char *id, *name, *form, *label, *label_fi, *label_en;
} kinds[] = {
	[SAKRA_IDENT_NONE] = { "none", N_("identifier"), N_("any text"), "identifier",
			       "tunniste", "identifier" },
	[SAKRA_IDENT_FI_BUSINESS_ID] = { "fi-business-id", N_("Finnish business ID (FO-nummer)"),
					 "NNNNNNN-C", "FO-nummer", "Y-tunnus", "Business ID" },
	[SAKRA_IDENT_SE_ORGNR] = { "se-organisationsnummer", N_("Swedish organisationsnummer"),
				   "NNNNNN-NNNN", "organisationsnummer", "organisaationumero",
				   "organisation number" },
};

int sakra_ident_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++)
		if (strcmp(name, kinds[i].id) == 0)
			return (int)i;
	return -1;
}

const char *sakra_ident_name(enum sakra_ident kind)
{
	return _(kinds[kind].name);   /* in a message: the user's language */
}

const char *sakra_ident_form(enum sakra_ident kind)
{
	return kinds[kind].form;
}

const char *sakra_ident_label(enum sakra_ident kind, const char *lang)
{
	if (lang && strcmp(lang, "fi") == 0)
		return kinds[kind].label_fi;
	if (lang && strcmp(lang, "en") == 0)
		return kinds[kind].label_en;
	return kinds[kind].label;
}

int sakra_business_id_valid(const char *s, char out[10])
{
	static const int weights[] = { 7, 9, 10, 5, 8, 4, 2 };
	char id[10];
	size_t len = s ? strlen(s) : 0;
	int sum = 0, rem, check;

	if (len == 8) {            /* old form NNNNNN-C */
		id[0] = '0';
		memcpy(id + 1, s, 8);
	} else if (len == 9) {
		memcpy(id, s, 9);
	} else {
		return 0;
	}
	id[9] = '\0';
	if (id[7] != '-' || !isdigit((unsigned char)id[8]))
		return 0;
	for (int i = 0; i < 7; i++) {
		if (!isdigit((unsigned char)id[i]))
			return 0;
		sum += (id[i] - '0') * weights[i];
	}
	rem = sum % 11;
	if (rem == 1)
		return 0;
	check = rem == 0 ? 0 : 11 - rem;
	if (check != id[8] - '0')
		return 0;
	if (out)
		memcpy(out, id, 10);
	return 1;
}

int sakra_se_orgnr_valid(const char *s, char out[12])
{
	char d[11];
	size_t n = 0, len = s ? strlen(s) : 0;
	int sum = 0;

	if (len == 11 && s[6] != '-')
		return 0;
	if (len != 10 && len != 11)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (len == 11 && i == 6)
			continue;
		if (!isdigit((unsigned char)s[i]))
			return 0;
		d[n++] = s[i];
	}
	d[10] = '\0';
	if (d[2] < '2')
		return 0;
	/* Luhn over the ten digits: from the left, weights 2, 1, 2, 1, ... */
	for (int i = 0; i < 10; i++) {
		int v = (d[i] - '0') * (i % 2 == 0 ? 2 : 1);

		sum += v > 9 ? v - 9 : v;
	}
	if (sum % 10)
		return 0;
	if (out) {
		memcpy(out, d, 6);
		out[6] = '-';
		memcpy(out + 7, d + 6, 4);
		out[11] = '\0';
	}
	return 1;
}

int sakra_ident_valid(enum sakra_ident kind, const char *s, char out[16])
{
	switch (kind) {
	case SAKRA_IDENT_FI_BUSINESS_ID:
		return sakra_business_id_valid(s, out);
	case SAKRA_IDENT_SE_ORGNR:
		return sakra_se_orgnr_valid(s, out);
	case SAKRA_IDENT_NONE:
		break;
	}
	if (out)
		out[0] = '\0';
	return s && *s;
}
