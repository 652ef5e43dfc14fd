/* plan: a plan repository's content loaded for the checks and renderers —
 * its sakra.yml, its framework and every Markdown document under plan/,
 * appendices/, systems/ and evidence/. */
#ifndef SAKRA_PLAN_H
#define SAKRA_PLAN_H

#include <stddef.h>

#include "sakra/config.h"
#include "sakra/diag.h"
#include "sakra/doc.h"
#include "sakra/framework.h"
#include "sakra/records.h"
#include "sakra/repo.h"

/* Markdown files above this size are refused (a finding, not a failure). */
#define SAKRA_DOC_MAX_FILE (16u * 1024 * 1024)

enum sakra_doc_kind { SAKRA_KIND_PLAN, SAKRA_KIND_APPENDIX, SAKRA_KIND_SYSTEM,
		      SAKRA_KIND_EVIDENCE, SAKRA_KIND_COUNT };

struct sakra_plan_doc {
	const struct sakra_file *file;
	enum sakra_doc_kind kind;
	int sidecar;              /* NAME.EXT.md describing the file NAME.EXT */
	struct sakra_doc *doc;    /* NULL if the file could not be read */
};

/* Where the plan answers a framework section: its first numbered heading
 * under plan/, else the first file of plan/ or appendices/ whose front
 * matter declares it in `sections`. */
struct sakra_section_loc {
	const struct sakra_doc *doc;      /* NULL: the plan does not have it */
	const struct sakra_heading *h;    /* NULL: declared in front matter */
	size_t line;
};

struct sakra_plan {
	struct sakra_tree *tree;          /* borrowed */
	struct sakra_config *config;      /* NULL if sakra.yml is unreadable */
	struct sakra_framework *fw;       /* NULL if the framework is unknown */
	struct sakra_plan_doc *docs;      /* sorted by path */
	size_t ndocs;
	struct sakra_section_loc *where;  /* one per framework section; NULL without fw */
	struct sakra_system *systems;     /* the register, sorted by path */
	size_t nsystems;
	struct sakra_asset *assets;       /* the information register, sorted by path */
	size_t nassets;
	struct sakra_evidence *evidence;  /* evidence records, sorted by path */
	size_t nevidence;
	struct sakra_attachment_ref *attachment_index;  /* sorted by path */
	size_t nattachment_index;
};

/* Loads the plan of tree. Findings about the content go to diags; returns
 * SAKRA_ENOTFOUND when there is no sakra.yml at the root (not a plan
 * repository), other negative codes for I/O and memory failures. */
int sakra_plan_load(struct sakra_plan **out, struct sakra_tree *tree,
		    struct sakra_diags *diags, struct sakra_error *err);
void sakra_plan_free(struct sakra_plan *plan);

/* Documents shared between the plans of several commits loaded in one run
 * (every approved version): a document whose blob and path an earlier
 * plan parsed is shared, not parsed again — the same bytes parse the same.
 * Only for trees of a commit; the memo outlives the plans loaded with it. */
struct sakra_doc_memo;
struct sakra_doc_memo *sakra_doc_memo_new(void);
void sakra_doc_memo_free(struct sakra_doc_memo *m);
int sakra_plan_load_memo(struct sakra_plan **out, struct sakra_tree *tree,
			 struct sakra_doc_memo *memo, struct sakra_diags *diags,
			 struct sakra_error *err);
/* Only the plan's sakra.yml and framework, no documents: for what a
 * version's configuration says (its roles, scopes, language) when its
 * manifest is known. */
int sakra_plan_load_config(struct sakra_plan **out, struct sakra_tree *tree,
			   struct sakra_doc_memo *memo, struct sakra_diags *diags,
			   struct sakra_error *err);
/* Finds where the plan answers each section and reads the register and the
 * evidence; sakra_plan_load does this once the documents are parsed. */
int sakra_plan_index(struct sakra_plan *plan, struct sakra_error *err);
/* Parses the document at path again, after its content changed in the
 * plan's tree (sakra_tree_overlay), and indexes the plan again; what
 * parsing finds goes to diags. 1 (nothing done) if path is no document of
 * the plan. */
int sakra_plan_reload_doc(struct sakra_plan *plan, const char *path, struct sakra_diags *diags,
			  struct sakra_error *err);

/* 1 if the plan must have section s: it is not optional, or it lists the
 * systems of a class the register holds. */
int sakra_plan_section_required(const struct sakra_plan *plan,
				const struct sakra_fw_section *s);

/* Where the framework section with index i ends: the line of the next
 * heading of its level or above in its document ((size_t)-1: the end).
 * *sub is set when a subsection the framework knows comes first (such a
 * section is judged through its subsections); *own (if not NULL) is where
 * the section's own text ends: that subsection's line, else the end. */
size_t sakra_plan_section_end(const struct sakra_plan *plan, size_t i, int *sub, size_t *own);
/* The same for the heading with index h of doc. */
size_t sakra_doc_section_end(const struct sakra_plan *plan, const struct sakra_doc *doc,
			     size_t h, int *sub, size_t *own);

/* 1 if s[0..n) holds a letter or digit outside [bracketed placeholders]
 * (a Markdown link's [text](url) is text). */
int sakra_says_something(const char *s, size_t n);

/* Whether a line of text (trimmed, t[0..n)) answers that its section does
 * not apply: "Ej tillämpligt: REASON" (also "Inte tillämpligt:", "Ei
 * sovellu:", "Not applicable:"), as a list item or in emphasis too. 1: with
 * a reason, -1: without one, 0: the line says something else. */
int sakra_not_applicable_line(const char *t, size_t n);

/* Whether the framework section with index i says it does not apply, with
 * a reason, in its own text: the line of that answer, or 0. */
size_t sakra_plan_not_applicable(const struct sakra_plan *plan, size_t i);

/* The Markdown document at path, or NULL. */
/* The plan's language ("sv" unless sakra.yml says otherwise). */
const char *sakra_plan_language(const struct sakra_plan *plan);
/* 1 when the plan is written in a language other than its framework's
 * official one: its headings are recognised by number, and a title other
 * than the translation's is only a note. */
int sakra_plan_translated(const struct sakra_plan *plan);
/* 1 if text names t in the plan's language or the framework's official
 * one, or one of also (other accepted wordings; may be NULL). */
int sakra_plan_text_is(const struct sakra_plan *plan, const struct sakra_i18n *t,
		       char *const *also, size_t nalso, const char *text);
/* 1 if the labelled field f of a document answers the framework field fd. */
int sakra_plan_field_is(const struct sakra_plan *plan, const struct sakra_fw_field *fd,
			const struct sakra_field *f);

const struct sakra_plan_doc *sakra_plan_find_doc(const struct sakra_plan *plan,
						const char *path);
/* The classification level id that marks a file: a Markdown file's own, a
 * file's sidecar's, or the evidence record's that lists it as an
 * attachment; NULL when nothing marks it (e.g. sakra.yml, keys/). */
const char *sakra_plan_marking(const struct sakra_plan *plan, const char *path);

/* The kind of a repository path, or -1 when it is outside the four folders. */
int sakra_plan_kind(const char *path);

/* 1 if an edition (NULL: every marked file) includes a file marked with
 * the level id classification (NULL: unmarked): files outside the plan's
 * four folders always, the others when marked at or below the edition's
 * max_classification, and empty markers (sakra_is_marker; size is the
 * file's) always. Bundles, sites and a bundle's reader use this rule. */
int sakra_edition_includes(const struct sakra_config *cfg, const struct sakra_edition *ed,
			   const char *path, const char *classification, size_t size);
/* An empty .gitkeep or .keep: a marker that holds a folder in git, with
 * nothing to mark or withhold. */
int sakra_is_marker(const char *path, size_t size);

/* The plan as an edition holds it: a view of plan's tree in which every
 * file carries its marking in the whole plan and the files the edition
 * leaves out are listed but withheld (their content cannot be read). A plan
 * loaded from it knows nothing of the withheld documents but their names
 * and markings. *withheld is how many were left out. */
int sakra_plan_edition_tree(const struct sakra_plan *plan, const struct sakra_edition *ed,
			    struct sakra_tree **out, size_t *withheld, struct sakra_error *err);

#endif
