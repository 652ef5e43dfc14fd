/* framework: the requirement model of a regulation (THL 3/2024, ...), read
 * from a YAML data file embedded at build time. A new framework is a new
 * file, not new code. */
#ifndef SAKRA_FRAMEWORK_H
#define SAKRA_FRAMEWORK_H

#include <stddef.h>

#include "sakra/ident.h"

#include "sakra/error.h"
#include "sakra/date.h"

/* Text in several languages: { sv: ..., en: ... }. */
struct sakra_i18n {
	char **lang;
	char **text;
	size_t n;
};

/* The text for lang, else Swedish, else the first; "" when empty. */
const char *sakra_i18n_get(const struct sakra_i18n *t, const char *lang);

/* The kind of value a field takes. */
enum sakra_fw_type {
	SAKRA_FW_TEXT,
	SAKRA_FW_DATE,             /* YYYY-MM-DD */
	SAKRA_FW_SCALE,            /* a whole number from min to max (a classification level) */
	SAKRA_FW_LIST,             /* a list of text */
	SAKRA_FW_SYSTEMS           /* a list of systems of the register (file name or name) */
};

struct sakra_fw_field {
	char *id;
	struct sakra_i18n label;
	char **keys;               /* register keys that answer it (system: name, ...) */
	size_t nkeys;
	enum sakra_fw_type type;
	long min, max;             /* SAKRA_FW_SCALE */
	int required;              /* assets: must be given (section fields always are) */
	int deadline;              /* a date that must not have passed (next revision) */
	struct sakra_period every; /* a date older than this is due again (count 0: never) */
	int added;                 /* added by the repository's requirements.yml */
	char **also;               /* other labels a plan may use for it, any language */
	size_t nalso;
};

struct sakra_fw_section {
	char *number;              /* "6.1.1" */
	struct sakra_i18n title;
	char **clauses;            /* clauses of the regulation it answers */
	size_t nclauses;
	int optional;              /* may be left out */
	int repeatable;            /* may appear more than once (one per system) */
	int free_title;            /* the title is the writer's own (9.1 System X) */
	struct sakra_fw_field *fields;   /* required labelled fields */
	size_t nfields;
	size_t index;              /* position in the outline */
	int added;                 /* added by the repository's requirements.yml */
};

struct sakra_fw_class {
	char *id;                  /* "A2" */
	struct sakra_i18n title;
	char *section;             /* per-system description section ("9.1") */
	char *list_section;        /* where the plan lists such systems ("6.1.1") */
	int certificate;           /* a security assessment certificate is required */
	int register_check;        /* checked against Valvira's register */
	struct sakra_fw_field *fields;
	size_t nfields;
};

struct sakra_fw_obligation {
	char *id;
	struct sakra_i18n title;
	char **covers;
	size_t ncovers;
	struct sakra_period every;
	int required;              /* the plan must promise it, at least this often */
	int chosen;                /* `interval: organisation`: how often is the plan's
				    * choice; `every` is only what the skeleton suggests */
	char *quote;               /* what the source says of how often, or NULL */
	int added;                 /* added by the repository's requirements.yml */
	char **aliases;            /* what a user may call it in another language */
	size_t naliases;           /* ("lokitarkastus" for loggranskning) */
};

/* One change from the revision before, in words (`what`) and, where a plan
 * can be moved by an edit, as one (`sakra migrate` makes it). */
enum sakra_fw_change_op {
	SAKRA_CHANGE_WORDS,        /* by hand: nothing to edit */
	SAKRA_CHANGE_RENUMBER,     /* the heading of section `a` becomes section `b` */
	SAKRA_CHANGE_SECTION,      /* section `a` is new: a heading and a placeholder */
	SAKRA_CHANGE_MOVE_FIELD,   /* field `a` moves from section `b` to section `c` */
	SAKRA_CHANGE_FIELD         /* field `a` is new in section `b` */
};

struct sakra_fw_change {
	struct sakra_i18n what;   /* what changed, in English, Swedish, Finnish */
	enum sakra_fw_change_op op;
	char *a, *b, *c;
};

/* A name the framework gives in its own language (an evidence type's or a
 * classification level's id) and what a plan in another language may call
 * it instead ("salassa-pidettava" for sekretessbelagd). */
struct sakra_fw_names {
	char *id;
	struct sakra_i18n title;   /* levels: the level's name per language */
	char **aliases;
	size_t naliases;
};

/* The information register: entries under systems/ that hold a block named
 * `key` (msb-region: `information:`) describe information assets rather
 * than systems; fields say what each must give. */
struct sakra_fw_assets {
	char *key;
	struct sakra_i18n title;
	char *section;             /* where the plan describes the register */
	struct sakra_fw_field *fields;
	size_t nfields;
};

/* What a file's content requires of its own marking: a file holding an
 * information asset rated at least `from` on the scale field `field`, or
 * one whose legal basis cites one of `cites` (case aside, at the start of a
 * word), is never marked below the level `at_least`. */
struct sakra_fw_marking {
	char *field;               /* an asset scale field, or NULL */
	long from;
	char **cites;              /* legal bases, or NULL */
	size_t ncites;
	/* when given, a citation counts only when it also names one of these
	 * sections of the act ("13 §") or one of these words ("sekretess") */
	char **provisions, **words;
	size_t nprovisions, nwords;
	char *at_least;            /* a classification level id */
	char *why;                 /* the reason, quoted in the finding */
};

/* A part of the plan a role of its own adopts (e.g. a region's policy, by
 * the regional council): the plan must name that role's scope in
 * sakra.yml (approval.scopes) over the files that hold these sections. */
struct sakra_fw_adopted {
	char **sections;
	size_t nsections;
	char *why;
};

/* A language the framework has text in: the official wording of its
 * source, or a translation (`note` says whose, and what it rests on). */
struct sakra_fw_language {
	char *id;                  /* "sv", "fi", "en" */
	int official;
	char *note;
};

struct sakra_framework {
	char *id;
	struct sakra_i18n title;
	char *source;              /* the regulation text it follows */
	char *floor;               /* lowest classification level allowed, or NULL */
	int identifier;            /* enum sakra_ident: organisation.business_id's kind */
	char *skeleton;            /* content-skeleton/<skeleton>/ for `init` */
	int revision;              /* which of the framework's revisions (1, 2, ...) */
	int newest;                /* it is the newest revision sakra has */
	struct sakra_fw_change *changes;   /* what changed from the revision before */
	size_t nchanges;
	struct sakra_fw_section *sections;
	size_t nsections;
	char *register_section;    /* where the plan lists the register ("6.1") */
	struct sakra_fw_class *classes;
	size_t nclasses;
	struct sakra_fw_obligation *obligations;
	size_t nobligations;
	char **evidence_types;
	size_t nevidence_types;
	struct sakra_fw_assets assets;   /* key NULL: no information register */
	struct sakra_fw_marking *markings;
	size_t nmarkings;
	struct sakra_fw_adopted *adopted;
	size_t nadopted;
	struct sakra_fw_language *languages;  /* none listed: Swedish, official */
	size_t nlanguages;
	struct sakra_i18n register_check_title;  /* "Kontrollerad i Valviras register" */
	struct sakra_i18n register_name;   /* what systems are checked against, in words */
	char **type_ids;                 /* evidence_type_titles: an evidence type's name */
	struct sakra_i18n *type_titles;
	size_t ntype_titles;
	struct sakra_fw_names *type_names;   /* evidence_type_aliases */
	size_t ntype_names;
	struct sakra_fw_names *levels;   /* the levels floor and markings name */
	size_t nlevels;
	char **guide_ids;                /* evidence_guidance: what a record of a type */
	struct sakra_i18n *guides;       /* should say ("default": any other type) */
	size_t nguides;
	int refs;                        /* holders; the last sakra_framework_free frees */
};

/* What an evidence type is called in lang: the obligation's title when it
 * is one, else the framework's name for the type; NULL if it has none. */
const char *sakra_framework_type_title(const struct sakra_framework *fw, const char *type,
				       const char *lang);

/* The framework's own id of the evidence type (an obligation's or one of
 * evidence_types) called name — its id or one of its aliases, case aside —
 * or NULL when the framework has none of that name. */
const char *sakra_framework_type_id(const struct sakra_framework *fw, const char *name);

/* 1 if evidence types a and b are the same: the same word, or two names of
 * one type of fw (fw may be NULL). */
int sakra_framework_same_type(const struct sakra_framework *fw, const char *a, const char *b);

/* The framework's obligation called name (its id or an alias), or NULL. */
const struct sakra_fw_obligation *sakra_framework_obligation(const struct sakra_framework *fw,
							     const char *name);

/* The framework's own id of the classification level called name (its id
 * or an alias), or NULL. */
const char *sakra_framework_level_id(const struct sakra_framework *fw, const char *name);

/* The language lang of fw, or NULL when fw has no text in it. */
const struct sakra_fw_language *sakra_framework_language(const struct sakra_framework *fw,
							 const char *lang);
/* The language of fw's official wording ("sv" when it lists none). */
/* The guidance paragraph a new evidence record of type gets, in lang: the
 * type's own, else the framework's default; NULL if it has none. */
const char *sakra_framework_evidence_guidance(const struct sakra_framework *fw,
					      const char *type, const char *lang);
const char *sakra_framework_official(const struct sakra_framework *fw);

/* Loads the built-in framework `name`: "ID" (its newest revision) or
 * "ID@REV" (that revision; sakra ships every revision it published).
 * SAKRA_ENOTFOUND if there is none, the message naming the revisions there
 * are when only the revision is unknown. */
int sakra_framework_load(struct sakra_framework **out, const char *name,
			 struct sakra_error *err);

/* The revisions sakra has of framework id, ascending, into revs (at most
 * cap); returns how many (0: no such framework). */
size_t sakra_framework_revisions(const char *id, int *revs, size_t cap);

/* 1 if fw is what name ("ID" or "ID@REV") loads. */
int sakra_framework_is(const struct sakra_framework *fw, const char *name);

/* Splits "ID@REV" into id (at most cap bytes) and *rev (0 when name pins
 * none); -1 when REV is not a whole number from 1 or id does not fit. */
int sakra_framework_name(const char *name, char *id, size_t cap, int *rev);
/* Parses a framework file (name is used in messages). */
int sakra_framework_parse(struct sakra_framework **out, const char *name,
			  const char *text, size_t len, struct sakra_error *err);
/* Drops one hold on fw, freeing it with the last. */
void sakra_framework_free(struct sakra_framework *fw);
/* One more hold on fw (which is then read-only): returns fw. */
struct sakra_framework *sakra_framework_ref(struct sakra_framework *fw);

/* The name of a repository's own additions to its framework. */
#define SAKRA_REQUIREMENTS_FILE "requirements.yml"

/* Adds the requirements of a repository's requirements.yml (text, len) to
 * fw: new sections (placed by number), fields of built-in sections and of
 * the information register, obligations and evidence types. Nothing
 * built in may be removed, relaxed or redefined. Errors name the file,
 * line and column (SAKRA_EPARSE). */
int sakra_framework_add(struct sakra_framework *fw, const char *text, size_t len,
			struct sakra_error *err);

/* The ids of the built-in frameworks, sorted; returns how many. The array
 * and strings are static. */
size_t sakra_framework_ids(const char *const **ids);

const struct sakra_fw_section *sakra_framework_section(const struct sakra_framework *fw,
						       const char *number);
const struct sakra_fw_class *sakra_framework_class(const struct sakra_framework *fw,
						   const char *id);
/* The field id of section number of fw, or NULL. */
const struct sakra_fw_field *sakra_framework_field(const struct sakra_framework *fw,
						   const char *number, const char *id);

#endif
