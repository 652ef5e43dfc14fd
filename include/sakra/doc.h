/* doc: one Markdown document of a plan: its YAML front matter, and what the
 * checks need from its body (numbered headings, labelled fields, links and
 * placeholders), read with libyaml and cmark-gfm. */
#ifndef SAKRA_DOC_H
#define SAKRA_DOC_H

#include <stddef.h>

#include "sakra/buf.h"
#include "sakra/diag.h"
#include "sakra/error.h"
#include "sakra/yaml.h"

/* Lines longer than this are refused: no plan document has them, and they
 * are the shape of binary or generated junk. */
#define SAKRA_DOC_MAX_LINE (1024 * 1024)
/* Markdown elements (cmark nodes) a document may need, bounded from above
 * by counting lines and markup characters before parsing: each node costs
 * about 200 bytes, so parsing any accepted document stays within ~30 MiB
 * (a bundle's reader renders it with bounded memory). Real plans need a
 * few thousand. */
#define SAKRA_DOC_MAX_NODES 150000

struct sakra_heading {
	int level;            /* 1-6 */
	char *number;         /* "6.1.1" for "## 6.1.1 Title" or "# 6.1.1. Title"; else NULL */
	char *title;          /* the text after the number (all of it if none) */
	char *anchor;         /* the id the site gives it (see sakra_doc_anchor) */
	size_t line, column;
};

/* A labelled field, in one of the forms people write: `Label: value` as a
 * line of a paragraph or a list item, `Label – value` or `Label - value`
 * (a dash between spaces), or a row of a two-column table
 * `| Label | value |`. A label may carry an abbreviation in brackets,
 * `Dataskyddsombud (DSO): ...`; sakra_field_is matches it either way. */
struct sakra_field {
	char *label;          /* as written, without the colon or dash */
	char *value;          /* trimmed; "" when empty */
	int placeholder;      /* the value is empty or nothing but placeholders */
	size_t line, column;
};

struct sakra_link {
	char *url;
	int image;
	size_t line, column;
};

/* A bracketed placeholder left in the text: `[organisationens namn]`, or a
 * whole guidance paragraph `[Beskriv ...]`. */
struct sakra_placeholder {
	char *text;           /* the text inside the brackets, shortened */
	int paragraph;        /* it is the whole paragraph (guidance) */
	size_t line, column;
};

struct sakra_doc {
	int refs;             /* holders (plans sharing it through a memo); 1 when parsed */
	char *path;
	int has_front;        /* the file starts with a front matter block */
	struct sakra_yaml *front; /* its mapping; NULL if absent, empty or unreadable */
	int front_bad;        /* not closed, not YAML or not a mapping (a finding says so) */
	size_t front_line;    /* line of the opening '---' (1) */
	int readable;         /* text could be read (UTF-8, no NUL, sane lines) */
	char *body;           /* the Markdown body, LF line endings */
	size_t body_line;     /* the file line where the body starts */

	struct sakra_heading *headings; size_t nheadings;
	struct sakra_field *fields; size_t nfields;
	struct sakra_link *links; size_t nlinks;
	struct sakra_placeholder *placeholders; size_t nplaceholders;
	size_t *by_anchor;    /* heading indexes, sorted by anchor */
};

/* Parses a document. Problems with the text itself (invalid UTF-8, NUL
 * bytes, overlong lines, unreadable front matter) are findings added to
 * diags; the return value is negative only when memory ran out. */
/* Frees the memory the calling thread keeps for parsing (a thread that
 * parsed documents calls it before it ends). */
void sakra_doc_release(void);
int sakra_doc_parse(struct sakra_doc **out, const char *path, const char *data,
		    size_t len, struct sakra_diags *diags, struct sakra_error *err);
void sakra_doc_free(struct sakra_doc *doc);

/* A new cmark-gfm parser (cmark_parser *, opaque here to keep cmark out of
 * the public headers) with the options and extensions plans are read
 * with: tables, strikethrough, autolink, tagfilter, task lists, footnotes.
 * NULL when memory ran out. */
void *sakra_doc_parser_new(void);

/* Whether field f is the field labelled `label`: the same text (case and
 * spacing aside), or that text followed by an abbreviation in brackets. */
int sakra_field_is(const struct sakra_field *f, const char *label);

/* The heading whose anchor is id, or NULL. Anchors are GitHub's: the
 * heading's text in lower case, spaces as '-', other punctuation dropped;
 * a repeated anchor gets "-1", "-2", ... */
const struct sakra_heading *sakra_doc_anchor(const struct sakra_doc *doc, const char *id);
/* Where a link of doc leads in the repository: the path of its file (the
 * query and fragment left off, percent-escapes decoded) in out. 0; 1 when
 * it leads outside the repository; 2 when it leads to no file of it (a
 * fragment of doc itself, a scheme, //host, nothing); SAKRA_ENOMEM. */
int sakra_link_path(const struct sakra_doc *doc, const char *url, struct sakra_buf *out);

/* A front matter string value, or NULL. */
const char *sakra_doc_meta(const struct sakra_doc *doc, const char *key);
/* The line of a front matter key (its key), or the front matter's first
 * line when the key is absent. */
size_t sakra_doc_meta_line(const struct sakra_doc *doc, const char *key);

#endif
