/* config: the plan repository's sakra.yml — organisation, framework,
 * classification levels, review interval, obligations, approval, editions.
 * Problems are findings (file:line, rule id), not failures. */
#ifndef SAKRA_CONFIG_H
#define SAKRA_CONFIG_H

#include <stddef.h>

#include "sakra/diag.h"
#include "sakra/error.h"
#include "sakra/framework.h"
#include "sakra/date.h"
#include "sakra/yaml.h"

#define SAKRA_CONFIG_FILE "sakra.yml"

struct sakra_level {
	char *id;
	char *label;
	int legal_basis;          /* documents at this level must name a legal basis */
	size_t line;
};

struct sakra_obligation {
	char *id;
	char *title;              /* NULL if unset (the framework's, if it has one) */
	int level;                /* classification of its evidence (index), or -1 */
	char **covers;
	size_t ncovers;
	struct sakra_period every;
	struct sakra_date since;  /* kept from this day: first due one period after */
	int has_since;
	size_t line;
};

/* A part of the plan that a role of its own adopts (approval.scopes): the
 * role signs the part's files, and its signature holds for later versions
 * as long as those files stay as they were. */
struct sakra_scope {
	char *role;
	char **files;             /* sorted, each once */
	size_t nfiles;
	size_t line;
};

struct sakra_edition {
	char *name;
	char *title;              /* what pages call it; NULL: the name */
	int max_level;            /* index into levels, or -1 */
	char **recipients;
	size_t nrecipients;
	size_t line;
};

struct sakra_config {
	char *org_name;
	char *business_id;        /* as written; NULL if absent */
	size_t business_id_line, business_id_column;
	char *framework_id;
	size_t framework_line;
	size_t language_line;     /* 0 when sakra.yml does not say */
	char *language;           /* "sv" unless set */
	struct sakra_level *levels;   /* lowest first */
	size_t nlevels;
	int review_months;        /* 0 if unset */
	struct sakra_obligation *obligations;
	size_t nobligations;
	char **required_roles;
	size_t nroles;
	struct sakra_scope *scopes;   /* approval.scopes */
	size_t nscopes;
	size_t approval_line;         /* of the approval: key, or 0 */
	char **role_ids;              /* approval.role_titles: what each role is */
	char **role_titles;           /* called where people read it */
	size_t nrole_titles;
	struct sakra_edition *editions;
	size_t neditions;
	int refs;                  /* holders; the last sakra_config_free frees */
};

/* Parses sakra.yml. *out is NULL when the YAML itself is unreadable (the
 * finding says where); otherwise it holds whatever was valid. Negative
 * return only for out of memory. */
int sakra_config_parse(struct sakra_config **out, const char *text, size_t len,
		       struct sakra_diags *diags, struct sakra_error *err);
/* The rules that need the framework: its floor is a declared level, and
 * obligations cover sections it knows. */
void sakra_config_check_framework(const struct sakra_config *cfg,
				  const struct sakra_framework *fw,
				  struct sakra_diags *diags);
/* Drops one hold on cfg, freeing it with the last. */
void sakra_config_free(struct sakra_config *cfg);
/* One more hold on cfg (which is then read-only): returns cfg. */
struct sakra_config *sakra_config_ref(struct sakra_config *cfg);

/* What pages and reports call a role: its approval.role_titles entry, else
 * the role as written. */
const char *sakra_config_role_title(const struct sakra_config *cfg, const char *role);

/* What pages call an edition: its title, else its name. */
const char *sakra_config_edition_title(const struct sakra_edition *ed);

/* Index of level id (lowest 0), or -1. */
int sakra_config_level(const struct sakra_config *cfg, const char *id);

/* Index of the plan's level that is the framework's level fw_level (its
 * floor, a marking's at_least): the level of that id, or the one whose id is
 * the framework's alias of it ("salassa-pidettava" for sekretessbelagd);
 * -1 if none. */
int sakra_config_fw_level(const struct sakra_config *cfg, const struct sakra_framework *fw,
			  const char *fw_level);
const struct sakra_edition *sakra_config_edition(const struct sakra_config *cfg,
						 const char *name);

#endif
