/* words: a plan's own words by language (see sakra/words.h). */
#include <string.h>

#include "sakra/words.h"

static const struct sakra_words words[] = {
	{ "sv", "Swedish", "Ej tillämpligt", "[organisationens namn]", "utkast", "alla",
	  "Informationssäkerhetsplan: skelett" },
	{ "fi", "Finnish", "Ei sovellu", "[organisaation nimi]", "luonnos", "kaikki",
	  "Tietoturvasuunnitelma: runko" },
	{ "en", "English", "Not applicable", "[name of the organisation]", "draft", "all",
	  "Information security plan: skeleton" },
};

const struct sakra_words *sakra_words(const char *lang)
{
	for (size_t i = 0; lang && i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].lang, lang) == 0)
			return &words[i];
	return &words[0];
}
