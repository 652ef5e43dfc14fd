/* words: the words sakra itself writes into a plan's own text and its
 * bundles, in the plan's language (sakra.yml `language`): what a section
 * that does not apply says, the placeholder of the organisation's name,
 * the words of a bundle's name, its README's and the verification kit's,
 * the first commit's subject, an evidence record's guidance. They are data,
 * one file per language (content-skeleton/words/LANG.yml): a new language
 * is a file. Messages to the user go through gettext instead
 * (sakra/intl.h); framework text is the framework's. */
#ifndef SAKRA_WORDS_H
#define SAKRA_WORDS_H

#include <stddef.h>

/* A bundle's README (formats: see bundle.c); the summary_* ones are the
 * English summary after a README in another language (en.yml only). */
struct sakra_bundle_words {
	const char *all_marked, *none, *approved, *draft, *commit, *contents, *withheld,
		   *all_in, *howto, *by_hand;
	const char *summary_head, *summary_approved, *summary_draft, *summary;
};

/* The verification kit's README; summary, summary_scopes: English only. */
struct sakra_kit_words {
	const char *head, *scope, *rest, *summary, *summary_scopes;
};

/* The cover of the PDF of an edition (sakra build --format pdf). */
struct sakra_pdf_words {
	const char *approved, *draft, *approvals, *decision, *manifest, *edition, *commit,
		   *all_marked;
};

/* What `sakra import` writes into a plan: an image's sidecar title, the
 * appendix of what could not be placed and its first paragraph. */
struct sakra_import_words {
	const char *image, *unplaced, *unplaced_intro;
};

struct sakra_words {
	const char *lang;            /* "sv", "fi", "en" */
	const char *name;            /* the language's name in English: "Finnish" */
	const char *not_applicable;  /* "Ei sovellu" (any language's is recognised) */
	const char *const *not_applicable_also;   /* other forms ("inte tillämpligt") */
	size_t nnot_applicable_also;
	const char *org_placeholder; /* "[organisaation nimi]" */
	const char *draft, *all;     /* in a bundle's name: "luonnos", "kaikki" */
	const char *first_commit;    /* "Tietoturvasuunnitelma: runko" */
	const char *readme;          /* a bundle's and a kit's README: "LUEMINUT.txt" */
	const char *describe;        /* a description to write: "[kuvaa tämän järjestelmän osalta]" */
	const char *section_placeholder, *field_placeholder;   /* what migrate writes */
	const char *evidence_guidance;   /* a new evidence record's body, when its type has none */
	struct sakra_bundle_words bundle;
	struct sakra_kit_words kit;
	struct sakra_pdf_words pdf;
	struct sakra_import_words import;
};

/* The words of lang; Swedish for a language sakra has none for (NULL too). */
const struct sakra_words *sakra_words(const char *lang);
/* Every language sakra has words in, in the order of their codes. */
const struct sakra_words *sakra_words_all(size_t *n);
/* 1 if name is the README of some language sakra has words in. */
int sakra_words_is_readme(const char *name);

#endif
