/* words: the few words sakra itself writes into a plan's own text, in the
 * plan's language (sakra.yml `language`): what a section that does not
 * apply says, the placeholder of the organisation's name, the words of a
 * bundle's name and its README's, the first commit's subject. Messages to the user go
 * through gettext instead (sakra/intl.h); framework text is data. */
#ifndef SAKRA_WORDS_H
#define SAKRA_WORDS_H

struct sakra_words {
	const char *lang;            /* "sv", "fi", "en" */
	const char *name;            /* the language's name in English: "Finnish" */
	const char *not_applicable;  /* "Ei sovellu" (any language's is recognised) */
	const char *org_placeholder; /* "[organisaation nimi]" */
	const char *draft, *all;     /* in a bundle's name: "luonnos", "kaikki" */
	const char *first_commit;    /* "Tietoturvasuunnitelma: runko" */
	const char *readme;          /* a bundle's and a kit's README: "LUEMINUT.txt" */
	const char *describe;        /* a description to write: "[kuvaa tämän järjestelmän osalta]" */
};

/* The words of lang; Swedish for a language sakra has none for (NULL too). */
const struct sakra_words *sakra_words(const char *lang);
/* 1 if name is the README of some language sakra has words in. */
int sakra_words_is_readme(const char *name);

#endif
