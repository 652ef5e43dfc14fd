/* import: an organisation's existing plan (Markdown, as pandoc writes it
 * from Word or OpenDocument) placed into the chapter files of a new plan
 * repository made from the framework's skeleton. Headings are recognised
 * by the framework's numbers (`6.1.1`, `2.`) or by its titles in any of
 * its languages; what follows a heading goes under it, with `Label: value`
 * paragraphs and the rows of two-column tables written as the section's
 * fields in the plan's language; the per-system sections of the framework
 * (`9.1 Omsorg Pro`) become entries of the system register; images become
 * appendix files; what cannot be placed is kept, never dropped, in an
 * appendix of its own. A section the document does not have keeps the
 * skeleton's guidance, so `check` names it. */
#ifndef SAKRA_IMPORT_H
#define SAKRA_IMPORT_H

#include <stddef.h>

#include "sakra/buf.h"
#include "sakra/error.h"
#include "sakra/framework.h"

enum sakra_import_kind {
	SAKRA_IMPORT_PLACED,     /* section `a` into file `b`; n blocks, fields fields */
	SAKRA_IMPORT_ABSENT,     /* section `a` (title b) is not in the document */
	SAKRA_IMPORT_FIELD,      /* field `a` of section `b` is not in the document */
	SAKRA_IMPORT_SYSTEM,     /* system `a` of class `c` from section `b` into file `d` */
	SAKRA_IMPORT_IMAGE,      /* image `a` of the document into file `b` */
	SAKRA_IMPORT_UNPLACED    /* n blocks (first heading `a`, or NULL) into file `b` */
};

struct sakra_import_item {
	enum sakra_import_kind kind;
	char *a, *b, *c, *d;
	size_t n, fields, of;     /* of: the fields the section asks for */
	size_t line;             /* of the document's Markdown, where it began */
};

struct sakra_import_result {
	struct sakra_import_item *items;
	size_t nitems;
	size_t placed, unplaced;  /* blocks of the document placed and not */
};

/* What a document holds that a reviewer has not settled: tracked
 * insertions and deletions, and comments. */
struct sakra_import_marks {
	size_t changes, comments;
	char author[128];         /* of the first, or "" */
};

/* Reads pandoc's JSON of a document (written with --track-changes=all):
 * counts its tracked changes and comments into marks, and writes into out
 * the same document with its images' attributes (sizes) dropped, which
 * Markdown cannot hold. SAKRA_EPARSE when it is not pandoc's JSON. */
int sakra_import_pandoc_json(const char *json, size_t len, struct sakra_buf *out,
			     struct sakra_import_marks *marks, struct sakra_error *err);
/* The tracked changes and comments of an OpenDocument text (its
 * content.xml), which pandoc's reader passes over in silence. */
int sakra_import_odt_marks(const char *path, struct sakra_import_marks *marks,
			   struct sakra_error *err);

/* The language of the framework's titles that most of the document's
 * headings match ("fi"), or NULL when none does. */
const char *sakra_import_language(const struct sakra_framework *fw, const char *md, size_t len);

/* Places the document md[0..len) (Markdown; images as links relative to
 * media_dir) into the plan made from the skeleton at root, in lang; name
 * is the document's file name, as the plan will mention it. The files of
 * root are rewritten in place (root is a stage: nothing else sees it). */
int sakra_import_place(const char *root, const struct sakra_framework *fw, const char *lang,
		       const char *md, size_t len, const char *media_dir, const char *name,
		       struct sakra_import_result *res, struct sakra_error *err);
void sakra_import_result_free(struct sakra_import_result *res);

#endif
