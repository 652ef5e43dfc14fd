/* filing: new records written into a plan's working tree (evidence add,
 * system add). */
#ifndef SAKRA_FILING_H
#define SAKRA_FILING_H

#include <stddef.h>

#include "sakra/date.h"
#include "sakra/error.h"

/* --- filing a new evidence record ------------------------------------------------ */

/* What `sakra evidence add` asks for. covers NULL: the obligation's. */
struct sakra_evidence_request {
	const char *type;          /* an obligation id, or a type of the user's own */
	struct sakra_date date;
	const char **covers;
	size_t ncovers;
	const char *title;         /* NULL: the obligation's title and the date */
	const char *classification; /* a level id; NULL: the obligation's, else the
				     * highest of the plan parts it covers */
	char **files;              /* attachments, copied beside the record */
	size_t nfiles;
};
/* 1 if a type can be a file name: letters (any, as UTF-8), digits, '-', '_'. */
int sakra_evidence_type_valid(const char *t);
/* Writes ROOT/evidence/YYYY/TYPE-DATE.md with its front matter filled in
 * (the obligation's sections and classification, the plan's own legal
 * basis for that level) and copies the attachments beside it. Refuses
 * before writing anything if the record or an attachment's place exists,
 * or an attachment cannot be read; on a later failure takes back what it
 * copied. The record's path in record; *needs_basis is the level's id when
 * it needs a legal basis the plan did not give (NULL otherwise).
 * SAKRA_EINVAL without a path: the request itself is wrong. */
struct sakra_plan;
struct sakra_buf;
int sakra_evidence_add(const struct sakra_plan *plan, const char *root,
		       struct sakra_evidence_request *rq, struct sakra_buf *record,
		       const char **needs_basis, struct sakra_error *err);

/* Writes ROOT/systems/SLUG.md for a new system of the register: the
 * register keys in the front matter (dates the class needs left as
 * comments to fill in) and, in the body, a line for each description the
 * framework asks of the class, in the plan's language. Marked as the
 * plan part that lists the class's systems is (else the plan's highest
 * level). Never overwrites; the file's path in out. */
int sakra_system_add(const struct sakra_plan *plan, const char *root, const char *name,
		     const char *class_id, struct sakra_buf *out, const char **needs_basis,
		     struct sakra_error *err);

#endif
