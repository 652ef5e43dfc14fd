/* What the files of doc share. Not a public header. */
#ifndef SAKRA_DOC_DOC_H_INTERNAL
#define SAKRA_DOC_DOC_H_INTERNAL

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include "sakra/buf.h"
#include "sakra/doc.h"
#include "sakra/text.h"

#define PLACEHOLDER_SHOWN 60

struct lines {
	const char *text;
	size_t len;
	size_t *start;   /* offset of each line; start[n] = len + 1 */
	size_t n;
};

#define PUSH(arr, n, cap) sakra_grow((void **)&(arr), &(cap), (n), sizeof(*(arr)))

struct walk {
	struct sakra_doc *doc;
	const struct lines *lines;  /* of the whole normalised file */
	size_t offset;              /* file line = AST line + offset */
	size_t headcap, fieldcap, linkcap, placecap;
	struct range { size_t first, last; int paragraph; } *ranges;
	size_t nranges, rangecap;
	size_t *match, matchcap;    /* scan_block's bracket matches, reused */
};

size_t doc_col_of(const struct lines *l, size_t off);
size_t doc_file_line(const struct lines *l, size_t line);
size_t doc_line_len(const struct lines *l, size_t line);
size_t doc_line_of(const struct lines *l, size_t off);
int doc_make_anchors(struct sakra_doc *doc);
void doc_mark_placeholder_fields(struct sakra_doc *doc);
int doc_scan_placeholders(struct walk *w, size_t body_line);
char *doc_trimmed_dup(const char *s, size_t n);
int doc_walk_ast(struct walk *w, cmark_node *root);

#endif
