/* words: a plan's own words by language (see sakra/words.h). */
#include <string.h>

#include "sakra/words.h"

static const struct sakra_words words[] = {
	{ "sv", "Swedish", "Ej tillämpligt", "[organisationens namn]", "utkast", "alla",
	  "Informationssäkerhetsplan: skelett", "LÄSMIG.txt",
	  "[beskriv för detta system]" },
	{ "fi", "Finnish", "Ei sovellu", "[organisaation nimi]", "luonnos", "kaikki",
	  "Tietoturvasuunnitelma: runko", "LUEMINUT.txt",
	  "[kuvaa tämän järjestelmän osalta]" },
	{ "en", "English", "Not applicable", "[name of the organisation]", "draft", "all",
	  "Information security plan: skeleton", "README.txt",
	  "[describe for this system]" },
};

const struct sakra_words *sakra_words(const char *lang)
{
	for (size_t i = 0; lang && i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].lang, lang) == 0)
			return &words[i];
	return &words[0];
}

int sakra_words_is_readme(const char *name)
{
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].readme, name) == 0)
			return 1;
	return 0;
}
