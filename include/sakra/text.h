/* text: UTF-8, folding labels and titles for comparison, references. */
#ifndef SAKRA_TEXT_H
#define SAKRA_TEXT_H

#include <stddef.h>

#include "sakra/buf.h"

/* --- UTF-8 --------------------------------------------------------------- */

/* 1 if s[0..len) is valid UTF-8 (no overlongs, no surrogates); else 0 and
 * *bad (if given) is the offset of the first invalid byte. */
int sakra_utf8_valid(const char *s, size_t len, size_t *bad);
/* The code point at s (len bytes available): its length in bytes, or 0 if
 * s does not start with a valid UTF-8 sequence. */
size_t sakra_utf8_decode(const char *s, size_t len, unsigned *cp);
/* 1 for the Unicode controls that reorder text as it is displayed (LRE,
 * RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM). */
int sakra_is_bidi_control(unsigned cp);
/* Appends s[0..len) for a terminal: C0 controls, DEL and bytes that are
 * not UTF-8 as \xNN, C1 controls, bidi controls and line separators as
 * \u{NNNN}; everything else as it is. */
int sakra_buf_put_visible(struct sakra_buf *b, const char *s, size_t len);
/* Number of code points in the first `bytes` bytes of s. */
size_t sakra_utf8_count(const char *s, size_t bytes);

/* Folds text for comparison of labels and titles: lower case (ASCII and
 * Latin-1 letters, which covers Swedish and Finnish), runs of white space to
 * one space, leading and trailing white space and trailing ':' or '.' dropped.
 * Returns a malloc'd string, or NULL on out of memory. */
char *sakra_text_fold(const char *s);
/* 1 if the folded forms of a and b are equal. */
int sakra_text_equal(const char *a, const char *b);
/* 1 if a and b hold the same words in another order ("Rutiner för
 * uppdatering och granskning" and "... granskning och uppdatering"), case
 * and punctuation aside; 0 if they are equal as written or differ. */
int sakra_text_same_words(const char *a, const char *b);
/* A label or title close to text among candidates: the same words in
 * another order, else the nearest by spelling (sakra_text_nearest); NULL. */
const char *sakra_text_near(const char *text, const char *const *candidates, size_t n);

/* A name as a file name part: "Solbacka Vård Ab" -> "solbacka-vard-ab"
 * (ASCII letters and digits, Nordic letters plain, runs of anything else
 * one '-'); empty when nothing is left. */
void sakra_text_slug(char *out, size_t cap, const char *s);

/* The candidate nearest to word (n of them), for a "did you mean": by edit
 * distance on case-folded text (a transposition is one edit), within about
 * a third of word's length; NULL when none is that close. */
const char *sakra_text_nearest(const char *word, const char *const *candidates, size_t n);

/* --- references ----------------------------------------------------------- */

/* Resolves a relative reference `ref` against the directory of the
 * repository-relative file `from` ("plan/02.md" + "../x/y.md" = "x/y.md").
 * Returns 0, 1 when the result would leave the repository root, or
 * SAKRA_ENOMEM. */
int sakra_path_resolve(const char *from, const char *ref, struct sakra_buf *out);
/* 1 if url starts with a scheme ("https:", "mailto:"). */
int sakra_url_has_scheme(const char *url);
/* Percent-decodes s into out (invalid escapes are kept as they are). */
int sakra_url_decode(const char *s, size_t len, struct sakra_buf *out);

/* Why git itself would refuse to check out path (a file, symlink when it
 * is a symbolic link): a component that is git's own folder in any form
 * a filesystem folds to ".git" (case, NTFS's trailing dots and spaces,
 * streams and short name, HFS+'s ignorable code points), an empty, "." or
 * ".." component, a symbolic link .gitmodules; NULL when it would not. The
 * rules of git's verify_path, so sakra never signs, bundles or writes what
 * a checkout refuses. */
const char *sakra_path_git_refuses(const char *path, int symlink);

#endif
