/* records: what the plan's register and evidence hold, read from the front
 * matter of the files under systems/ (`system:`) and evidence/ (`evidence:`).
 * Reading is lenient — a record keeps whatever it has, and the check rules
 * say what is wrong with it — so the renderers and `status` see the same data
 * as `check`. */
#ifndef SAKRA_RECORDS_H
#define SAKRA_RECORDS_H

#include <stddef.h>

#include "sakra/doc.h"
#include "sakra/error.h"
#include "sakra/framework.h"
#include "sakra/date.h"
#include "sakra/yaml.h"

struct sakra_plan;

/* A date of the front matter. */
struct sakra_date_value {
	const struct sakra_yaml *node;  /* NULL when the key is absent */
	int valid;                      /* node is a YYYY-MM-DD scalar */
	struct sakra_date date;
};

struct sakra_system {
	const struct sakra_doc *doc;
	const struct sakra_yaml *block;     /* the `system:` mapping; NULL if absent */
	const char *name;                   /* system.name, else the title, else the path */
	const char *class_id;               /* NULL when absent or not text */
	const struct sakra_fw_class *cls;   /* NULL when absent or unknown */
	struct sakra_date_value certificate_expires;
	struct sakra_date_value register_checked;
	/* system.wellbeing_app: 1 true, 0 false or absent, -1 neither; a
	 * wellbeing app takes class A's certificate and register checks */
	int wellbeing;
	const struct sakra_yaml *wellbeing_node;
};

/* An entry of the information register: a file under systems/ with the
 * framework's asset block (msb-region: `information:`) and no `system:`. */
struct sakra_asset {
	const struct sakra_doc *doc;
	const struct sakra_yaml *block;     /* the asset mapping; NULL if not a mapping */
	const char *name;                   /* its `name`, else the title, else the path */
};

struct sakra_attachment {
	const struct sakra_yaml *node;      /* the list item that names it */
	char *path;                         /* resolved repository path; NULL when the
					       item is not text or leaves the repository */
};

struct sakra_evidence {
	const struct sakra_doc *doc;
	const struct sakra_yaml *block;     /* the `evidence:` mapping; NULL if absent */
	const char *type;                   /* NULL when absent */
	struct sakra_date_value date;
	const struct sakra_yaml *covers;    /* single value or list (sakra_yaml_count) */
	struct sakra_attachment *attachments;
	size_t nattachments;
};

struct sakra_attachment_ref {
	const char *path;                   /* resolved attachment path */
	const struct sakra_evidence *record;
};

/* The keys a `system:` / `evidence:` block may hold (NULL-terminated). */
extern const char *const sakra_system_keys[];
extern const char *const sakra_evidence_keys[];

/* Reads the register and the evidence of a loaded plan into plan->systems,
 * plan->evidence and the attachment index. Only fails on out of memory. */
int sakra_records_load(struct sakra_plan *plan, struct sakra_error *err);
void sakra_records_free(struct sakra_plan *plan);

/* The system of the register that ref names: its file name without .md
 * (systems/ref.md) or its name; NULL if none. */
const struct sakra_system *sakra_plan_find_system(const struct sakra_plan *plan,
						  const char *ref);

/* 1 if repository path is an attachment of some evidence record. */
int sakra_plan_is_attachment(const struct sakra_plan *plan, const char *path);
/* The evidence record that lists path as an attachment, or NULL. */
const struct sakra_attachment_ref *sakra_records_attachment(const struct sakra_plan *plan,
							 const char *path);

/* A section number `number` is `cover` or lies under it ("6.4.1" under "6.4"). */
int sakra_section_within(const char *number, const char *cover);

/* 1 if evidence e covers section number (or a section it lies under). */
int sakra_evidence_covers(const struct sakra_evidence *e, const char *number);

#endif
