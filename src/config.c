/* config: reading and checking sakra.yml. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sakra/age.h"
#include "sakra/config.h"
#include "sakra/date.h"
#include "sakra/text.h"

#define F SAKRA_CONFIG_FILE

struct ctx {
	struct sakra_diags *d;
	int oom;
};

static char *dup(struct ctx *c, const char *s)
{
	char *r = s ? strdup(s) : NULL;

	if (s && !r)
		c->oom = 1;
	return r;
}

static void unknown_keys(struct ctx *c, const struct sakra_yaml *map, const char *where,
			 const char *const *known)
{
	if (!map || map->type != SAKRA_YAML_MAP)
		return;
	for (size_t i = 0; i < map->n; i++) {
		const char *k = map->pairs[i].key->value;
		int ok = 0;

		for (size_t j = 0; known[j] && !ok; j++)
			ok = strcmp(known[j], k) == 0;
		if (!ok)
			sakra_diags_add(c->d, SAKRA_WARNING, "config.unknown-key", F,
					map->pairs[i].key->line, map->pairs[i].key->column,
					"unknown key '%s%s%s' (ignored); check its spelling", where,
					*where ? "." : "", k);
	}
}

/* The node at key if it has the wanted type; a finding if it has another. */
static const struct sakra_yaml *typed(struct ctx *c, const struct sakra_yaml *map,
				      const char *key, enum sakra_yaml_type type,
				      const char *what)
{
	const struct sakra_yaml *v = sakra_yaml_get(map, key);

	if (!v || (v->type == SAKRA_YAML_SCALAR && !sakra_yaml_str(v) && type != SAKRA_YAML_SCALAR))
		return NULL;
	if (v->type != type) {
		sakra_diags_add(c->d, SAKRA_ERROR, "config.type", F, v->line, v->column,
				"'%s' must be %s", key, what);
		return NULL;
	}
	return v;
}

static char **strings(struct ctx *c, const struct sakra_yaml *v, const char *key, size_t *n)
{
	char **out;
	size_t count;

	*n = 0;
	if (!v)
		return NULL;
	if (v->type == SAKRA_YAML_MAP) {
		sakra_diags_add(c->d, SAKRA_ERROR, "config.type", F, v->line, v->column,
				"'%s' must be a list", key);
		return NULL;
	}
	count = sakra_yaml_count(v);
	if (!(out = calloc(count + 1, sizeof(*out)))) {
		c->oom = 1;
		return NULL;
	}
	for (size_t i = 0; i < count; i++) {
		const struct sakra_yaml *item = sakra_yaml_item(v, i);
		const char *s = sakra_yaml_str(item);

		if (!s) {
			sakra_diags_add(c->d, SAKRA_ERROR, "config.type", F, item->line, item->column,
					"'%s' must be a list of text", key);
			continue;
		}
		out[(*n)++] = dup(c, s);
	}
	return out;
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

struct sakra_config *sakra_config_ref(struct sakra_config *cfg)
{
	__atomic_add_fetch(&cfg->refs, 1, __ATOMIC_ACQ_REL);
	return cfg;
}

void sakra_config_free(struct sakra_config *cfg)
{
	if (!cfg || __atomic_sub_fetch(&cfg->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	for (size_t i = 0; i < cfg->nlevels; i++) {
		free(cfg->levels[i].id);
		free(cfg->levels[i].label);
	}
	for (size_t i = 0; i < cfg->nobligations; i++) {
		free(cfg->obligations[i].id);
		free(cfg->obligations[i].title);
		free_strings(cfg->obligations[i].covers, cfg->obligations[i].ncovers);
	}
	for (size_t i = 0; i < cfg->neditions; i++) {
		free(cfg->editions[i].name);
		free(cfg->editions[i].title);
		free_strings(cfg->editions[i].recipients, cfg->editions[i].nrecipients);
	}
	free(cfg->levels);
	free(cfg->obligations);
	free(cfg->editions);
	free_strings(cfg->required_roles, cfg->nroles);
	free_strings(cfg->role_ids, cfg->nrole_titles);
	free_strings(cfg->role_titles, cfg->nrole_titles);
	for (size_t i = 0; i < cfg->nscopes; i++) {
		free(cfg->scopes[i].role);
		free_strings(cfg->scopes[i].files, cfg->scopes[i].nfiles);
	}
	free(cfg->scopes);
	free(cfg->org_name);
	free(cfg->business_id);
	free(cfg->framework_id);
	free(cfg->language);
	free(cfg);
}

int sakra_config_level(const struct sakra_config *cfg, const char *id)
{
	for (size_t i = 0; id && i < cfg->nlevels; i++)
		if (strcmp(cfg->levels[i].id, id) == 0)
			return (int)i;
	return -1;
}

const char *sakra_config_role_title(const struct sakra_config *cfg, const char *role)
{
	for (size_t i = 0; cfg && role && i < cfg->nrole_titles; i++)
		if (cfg->role_ids[i] && strcmp(cfg->role_ids[i], role) == 0)
			return cfg->role_titles[i];
	return role;
}

const char *sakra_config_edition_title(const struct sakra_edition *ed)
{
	return ed->title ? ed->title : ed->name;
}

int sakra_config_fw_level(const struct sakra_config *cfg, const struct sakra_framework *fw,
			  const char *fw_level)
{
	int i = sakra_config_level(cfg, fw_level);

	if (i >= 0 || !fw_level)
		return i;
	for (size_t k = 0; k < cfg->nlevels; k++) {
		const char *id = sakra_framework_level_id(fw, cfg->levels[k].id);

		if (id && strcmp(id, fw_level) == 0)
			return (int)k;
	}
	return -1;
}

const struct sakra_edition *sakra_config_edition(const struct sakra_config *cfg,
						 const char *name)
{
	for (size_t i = 0; i < cfg->neditions; i++)
		if (strcmp(cfg->editions[i].name, name) == 0)
			return &cfg->editions[i];
	return NULL;
}

static void read_organisation(struct ctx *c, const struct sakra_yaml *root,
			      struct sakra_config *cfg)
{
	static const char *const known[] = { "name", "business_id", NULL };
	const struct sakra_yaml *org = typed(c, root, "organisation", SAKRA_YAML_MAP, "a mapping");
	const struct sakra_yaml *bid;
	const char *name;

	if (!org) {
		if (!sakra_yaml_get(root, "organisation"))
			sakra_diags_add(c->d, SAKRA_ERROR, "config.missing", F, 1, 1,
					"'organisation' is missing; add organisation: { name: ... }");
		return;
	}
	unknown_keys(c, org, "organisation", known);
	name = sakra_yaml_str(sakra_yaml_get(org, "name"));
	if (!name || !*name)
		sakra_diags_add(c->d, SAKRA_ERROR, "config.missing", F, org->line, org->column,
				"'organisation.name' is missing");
	else if (name[0] == '[')
		sakra_diags_add(c->d, SAKRA_WARNING, "placeholder", F,
				sakra_yaml_get(org, "name")->line, sakra_yaml_get(org, "name")->column,
				"organisation.name is still a placeholder: %s", name);
	cfg->org_name = dup(c, name);
	bid = sakra_yaml_get(org, "business_id");
	if (bid && sakra_yaml_str(bid)) {
		const char *s = sakra_yaml_str(bid);

		cfg->business_id = dup(c, s);
		cfg->business_id_line = bid->line;
		cfg->business_id_column = bid->column;
		if (s[0] == '[')
			sakra_diags_add(c->d, SAKRA_WARNING, "placeholder", F, bid->line, bid->column,
					"organisation.business_id is still a placeholder: %s", s);
	}
}

static void read_levels(struct ctx *c, const struct sakra_yaml *root, struct sakra_config *cfg)
{
	static const char *const known[] = { "levels", NULL };
	static const char *const known_level[] = { "id", "label", "legal_basis", NULL };
	const struct sakra_yaml *cl = typed(c, root, "classification", SAKRA_YAML_MAP, "a mapping");
	const struct sakra_yaml *levels = typed(c, cl, "levels", SAKRA_YAML_SEQ, "a list");

	unknown_keys(c, cl, "classification", known);
	if (!levels || levels->n == 0) {
		sakra_diags_add(c->d, SAKRA_ERROR, "config.levels", F, cl ? cl->line : 1,
				cl ? cl->column : 1,
				"'classification.levels' must list the classification levels, "
				"lowest first");
		return;
	}
	if (!(cfg->levels = calloc(levels->n, sizeof(*cfg->levels)))) {
		c->oom = 1;
		return;
	}
	for (size_t i = 0; i < levels->n; i++) {
		const struct sakra_yaml *l = levels->items[i];
		const char *id = sakra_yaml_str(sakra_yaml_get(l, "id"));
		const char *lb = sakra_yaml_str(sakra_yaml_get(l, "legal_basis"));
		struct sakra_level *lv;

		if (l->type != SAKRA_YAML_MAP || !id) {
			sakra_diags_add(c->d, SAKRA_ERROR, "config.levels", F, l->line, l->column,
					"a level needs an id: { id: intern, label: \"Intern\" }");
			continue;
		}
		unknown_keys(c, l, "classification.levels[]", known_level);
		if (sakra_config_level(cfg, id) >= 0) {
			sakra_diags_add(c->d, SAKRA_ERROR, "config.duplicate", F,
					sakra_yaml_get(l, "id")->line, sakra_yaml_get(l, "id")->column,
					"classification level '%s' is declared twice", id);
			continue;
		}
		if (lb && strcmp(lb, "required") != 0 && strcmp(lb, "optional") != 0)
			sakra_diags_add(c->d, SAKRA_ERROR, "config.levels", F,
					sakra_yaml_get(l, "legal_basis")->line,
					sakra_yaml_get(l, "legal_basis")->column,
					"legal_basis must be 'required' or 'optional'");
		lv = &cfg->levels[cfg->nlevels++];
		lv->id = dup(c, id);
		lv->label = dup(c, sakra_yaml_str(sakra_yaml_get(l, "label")) ?
				   sakra_yaml_str(sakra_yaml_get(l, "label")) : id);
		lv->legal_basis = lb && strcmp(lb, "required") == 0;
		lv->line = l->line;
	}
}

static void read_obligations(struct ctx *c, const struct sakra_yaml *root,
			     struct sakra_config *cfg)
{
	static const char *const known[] = { "id", "covers", "every", "title", "classification",
					     "since", NULL };
	const struct sakra_yaml *obl = typed(c, root, "obligations", SAKRA_YAML_SEQ, "a list");

	if (!obl)
		return;
	if (!(cfg->obligations = calloc(obl->n + 1, sizeof(*cfg->obligations)))) {
		c->oom = 1;
		return;
	}
	for (size_t i = 0; i < obl->n; i++) {
		const struct sakra_yaml *o = obl->items[i];
		const char *id = sakra_yaml_str(sakra_yaml_get(o, "id"));
		const char *every = sakra_yaml_str(sakra_yaml_get(o, "every"));
		const char *v;
		struct sakra_obligation *ob;
		int dupe = 0;

		if (o->type != SAKRA_YAML_MAP || !id) {
			sakra_diags_add(c->d, SAKRA_ERROR, "config.obligation", F, o->line, o->column,
					"an obligation needs { id: ..., covers: ..., every: ... }");
			continue;
		}
		unknown_keys(c, o, "obligations[]", known);
		for (size_t k = 0; k < cfg->nobligations; k++)
			dupe |= strcmp(cfg->obligations[k].id, id) == 0;
		if (dupe) {
			sakra_diags_add(c->d, SAKRA_ERROR, "config.duplicate", F, o->line, o->column,
					"obligation '%s' is declared twice", id);
			continue;
		}
		ob = &cfg->obligations[cfg->nobligations++];
		ob->id = dup(c, id);
		ob->line = o->line;
		ob->level = -1;
		ob->covers = strings(c, sakra_yaml_get(o, "covers"), "covers", &ob->ncovers);
		if ((v = sakra_yaml_str(sakra_yaml_get(o, "title"))))
			ob->title = dup(c, v);
		if ((v = sakra_yaml_str(sakra_yaml_get(o, "classification")))) {
			ob->level = sakra_config_level(cfg, v);
			if (ob->level < 0 && cfg->nlevels)
				sakra_diags_add(c->d, SAKRA_ERROR, "config.obligation", F,
						sakra_yaml_get(o, "classification")->line,
						sakra_yaml_get(o, "classification")->column,
						"obligation '%s': classification '%s' is not a "
						"declared level", id, v);
		}
		if ((v = sakra_yaml_str(sakra_yaml_get(o, "since")))) {
			if (sakra_date_parse(v, &ob->since) < 0)
				sakra_diags_add(c->d, SAKRA_ERROR, "config.obligation", F,
						sakra_yaml_get(o, "since")->line,
						sakra_yaml_get(o, "since")->column,
						"obligation '%s': 'since' must be a date YYYY-MM-DD", id);
			else
				ob->has_since = 1;
		}
		if (!every || sakra_period_parse(every, &ob->every) < 0)
			sakra_diags_add(c->d, SAKRA_ERROR, "config.obligation", F,
					sakra_yaml_get(o, "every") ? sakra_yaml_get(o, "every")->line
					: o->line, sakra_yaml_get(o, "every") ?
					sakra_yaml_get(o, "every")->column : o->column,
					"obligation '%s': 'every' must be like '1 month', "
					"'12 months', '2 weeks' or '1 year'", id);
	}
}

/* An edition's recipients are age recipients: a typing error is found by
 * check, not when a bundle is due. */
static void check_recipients(struct ctx *c, const char *edition, const struct sakra_yaml *v)
{
	struct sakra_error e;
	unsigned char pk[SAKRA_AGE_KEY];

	for (size_t i = 0; v && v->type != SAKRA_YAML_MAP && i < sakra_yaml_count(v); i++) {
		const struct sakra_yaml *item = sakra_yaml_item(v, i);
		const char *r = sakra_yaml_str(item);

		if (r && sakra_age_recipient_parse(pk, r, &e) < 0)
			sakra_diags_add(c->d, SAKRA_ERROR, "config.recipient", F, item->line,
					item->column, "edition '%s': %s", edition, e.message);
	}
}

/* approval.role_titles: { ROLE: "What people call it" } */
static void read_role_titles(struct ctx *c, const struct sakra_yaml *approval,
			     struct sakra_config *cfg)
{
	const struct sakra_yaml *v = typed(c, approval, "role_titles", SAKRA_YAML_MAP,
					   "a mapping of roles to their titles");

	if (!v || !v->n)
		return;
	if (!(cfg->role_ids = calloc(v->n, sizeof(char *))) ||
	    !(cfg->role_titles = calloc(v->n, sizeof(char *)))) {
		c->oom = 1;
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		const char *t = sakra_yaml_str(v->pairs[i].value);

		if (!t || !*t) {
			sakra_diags_add(c->d, SAKRA_ERROR, "config.approval", F,
					v->pairs[i].value->line, v->pairs[i].value->column,
					"role_titles: role '%s' needs its title in words",
					v->pairs[i].key->value);
			continue;
		}
		cfg->role_ids[cfg->nrole_titles] = dup(c, v->pairs[i].key->value);
		cfg->role_titles[cfg->nrole_titles++] = dup(c, t);
	}
}

static void read_editions(struct ctx *c, const struct sakra_yaml *root,
			  struct sakra_config *cfg)
{
	static const char *const known[] = { "max_classification", "recipients", "title", NULL };
	const struct sakra_yaml *ed = typed(c, root, "editions", SAKRA_YAML_MAP, "a mapping");

	if (!ed)
		return;
	if (!(cfg->editions = calloc(ed->n + 1, sizeof(*cfg->editions)))) {
		c->oom = 1;
		return;
	}
	for (size_t i = 0; i < ed->n; i++) {
		const struct sakra_yaml *k = ed->pairs[i].key, *v = ed->pairs[i].value;
		const struct sakra_yaml *maxn = sakra_yaml_get(v, "max_classification");
		const char *max = sakra_yaml_str(maxn);
		struct sakra_edition *e = &cfg->editions[cfg->neditions++];

		e->name = dup(c, k->value);
		e->line = k->line;
		e->max_level = -1;
		if (v->type != SAKRA_YAML_MAP) {
			sakra_diags_add(c->d, SAKRA_ERROR, "config.edition", F, v->line, v->column,
					"edition '%s' must be a mapping with max_classification",
					k->value);
			continue;
		}
		unknown_keys(c, v, "editions.<name>", known);
		if (sakra_yaml_get(v, "title")) {
			const char *t = sakra_yaml_str(sakra_yaml_get(v, "title"));

			if (!t || !*t)
				sakra_diags_add(c->d, SAKRA_ERROR, "config.edition", F,
						sakra_yaml_get(v, "title")->line,
						sakra_yaml_get(v, "title")->column,
						"edition '%s': title is the edition's name as pages "
						"show it, in words", k->value);
			else
				e->title = dup(c, t);
		}
		e->recipients = strings(c, sakra_yaml_get(v, "recipients"), "recipients",
					&e->nrecipients);
		check_recipients(c, k->value, sakra_yaml_get(v, "recipients"));
		if (!max) {
			sakra_diags_add(c->d, SAKRA_ERROR, "config.edition", F, k->line, k->column,
					"edition '%s' needs max_classification", k->value);
		} else if ((e->max_level = sakra_config_level(cfg, max)) < 0) {
			sakra_diags_add(c->d, SAKRA_ERROR, "config.edition", F, maxn->line,
					maxn->column,
					"edition '%s': max_classification '%s' is not a declared "
					"classification level", k->value, max);
		}
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* approval.scopes: [{ role: ROLE, files: [PATH, ...] }] */
static void read_scopes(struct ctx *c, const struct sakra_yaml *approval, struct sakra_config *cfg)
{
	static const char *const known[] = { "role", "files", NULL };
	const struct sakra_yaml *v = typed(c, approval, "scopes", SAKRA_YAML_SEQ, "a list");

	if (!v || !v->n)
		return;
	if (!(cfg->scopes = calloc(v->n, sizeof(*cfg->scopes)))) {
		c->oom = 1;
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		const struct sakra_yaml *m = v->items[i];
		struct sakra_scope *s = &cfg->scopes[cfg->nscopes];
		const char *role = sakra_yaml_str(sakra_yaml_get(m, "role"));
		int bad = 0;

		if (m->type != SAKRA_YAML_MAP || !role || !*role) {
			sakra_diags_add(c->d, SAKRA_ERROR, "config.approval", F, m->line, m->column,
					"a scope is '{ role: ROLE, files: [PATH, ...] }'");
			continue;
		}
		unknown_keys(c, m, "approval.scopes", known);
		for (const char *p = role; *p; p++)
			bad |= !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
				 *p == '_');
		s->role = dup(c, role);
		s->line = m->line;
		s->files = strings(c, sakra_yaml_get(m, "files"), "files", &s->nfiles);
		if (bad || !s->nfiles)
			sakra_diags_add(c->d, SAKRA_ERROR, "config.approval", F, m->line, m->column,
					bad ? "scope role '%s' may hold lower-case letters, digits, "
					"'-' and '_' only" : "the scope of '%s' names no files; list "
					"them under 'files:'", role);
		if (s->nfiles)
			qsort(s->files, s->nfiles, sizeof(*s->files), cmp_str);
		for (size_t k = 0; k < cfg->nscopes; k++)
			if (!strcmp(cfg->scopes[k].role, role))
				sakra_diags_add(c->d, SAKRA_ERROR, "config.approval", F, m->line,
						m->column, "role '%s' has two scopes; give it one "
						"with all its files", role);
		cfg->nscopes++;
	}
}

int sakra_config_parse(struct sakra_config **out, const char *text, size_t len,
		       struct sakra_diags *diags, struct sakra_error *err)
{
	static const char *const known[] = { "organisation", "framework", "language",
					     "classification", "review", "obligations",
					     "approval", "editions", NULL };
	struct sakra_yaml *root = NULL;
	struct sakra_config *cfg;
	struct sakra_error yerr;
	struct ctx c = { diags, 0 };
	const struct sakra_yaml *v;
	int rc;

	*out = NULL;
	sakra_error_clear(&yerr);
	if (!sakra_utf8_valid(text, len, NULL) || memchr(text, '\0', len)) {
		sakra_diags_add(diags, SAKRA_ERROR, "config.yaml", F, 1, 1,
				"sakra.yml is not UTF-8 text");
		return 0;
	}
	rc = sakra_yaml_parse(&root, text, len, 1, &yerr);
	if (rc == SAKRA_ENOMEM)
		return sakra_error_set(err, rc, F, 0, 0, "out of memory");
	if (rc < 0) {
		sakra_diags_add(diags, SAKRA_ERROR, "config.yaml", F, yerr.line, yerr.column,
				"%s", yerr.message);
		return 0;
	}
	if (!root || root->type != SAKRA_YAML_MAP) {
		sakra_diags_add(diags, SAKRA_ERROR, "config.yaml", F, 1, 1,
				"sakra.yml must be a mapping (organisation:, framework:, ...)");
		sakra_yaml_free(root);
		return 0;
	}
	if (!(cfg = calloc(1, sizeof(*cfg)))) {
		sakra_yaml_free(root);
		return sakra_error_set(err, SAKRA_ENOMEM, F, 0, 0, "out of memory");
	}
	cfg->refs = 1;
	unknown_keys(&c, root, "", known);
	read_organisation(&c, root, cfg);

	v = sakra_yaml_get(root, "framework");
	if (!sakra_yaml_str(v))
		sakra_diags_add(diags, SAKRA_ERROR, "config.framework", F, v ? v->line : 1,
				v ? v->column : 1,
				"'framework' is missing; name a built-in framework "
				"(see 'sakra frameworks')");
	cfg->framework_id = dup(&c, sakra_yaml_str(v));
	cfg->framework_line = v ? v->line : 1;

	v = sakra_yaml_get(root, "language");
	cfg->language = dup(&c, sakra_yaml_str(v) ? sakra_yaml_str(v) : "sv");
	cfg->language_line = v ? v->line : 0;
	if (cfg->language && strcmp(cfg->language, "sv") != 0 &&
	    strcmp(cfg->language, "en") != 0 && strcmp(cfg->language, "fi") != 0)
		sakra_diags_add(diags, SAKRA_WARNING, "config.language", F, v->line, v->column,
				"language '%s' is not one of sv, en, fi; using Swedish titles",
				cfg->language);

	read_levels(&c, root, cfg);

	v = typed(&c, root, "review", SAKRA_YAML_MAP, "a mapping");
	if (v) {
		static const char *const known_review[] = { "interval_months", NULL };
		const struct sakra_yaml *m = sakra_yaml_get(v, "interval_months");
		const char *s = sakra_yaml_str(m);
		char *end = NULL;
		long n = s ? strtol(s, &end, 10) : 0;

		unknown_keys(&c, v, "review", known_review);
		if (m && (!s || *end || n < 1 || n > 120))
			sakra_diags_add(diags, SAKRA_ERROR, "config.review", F, m->line, m->column,
					"review.interval_months must be a whole number of months "
					"(1-120)");
		else
			cfg->review_months = (int)n;
	}

	read_obligations(&c, root, cfg);

	v = typed(&c, root, "approval", SAKRA_YAML_MAP, "a mapping");
	if (v) {
		static const char *const known_approval[] = { "required_roles", "scopes",
							      "role_titles", NULL };

		unknown_keys(&c, v, "approval", known_approval);
		cfg->approval_line = v->line;
		cfg->required_roles = strings(&c, sakra_yaml_get(v, "required_roles"),
					      "required_roles", &cfg->nroles);
		read_scopes(&c, v, cfg);
		read_role_titles(&c, v, cfg);
	}
	read_editions(&c, root, cfg);

	sakra_yaml_free(root);
	if (c.oom || diags->oom) {
		sakra_config_free(cfg);
		return sakra_error_set(err, SAKRA_ENOMEM, F, 0, 0, "out of memory");
	}
	*out = cfg;
	return 0;
}

void sakra_config_check_framework(const struct sakra_config *cfg,
				  const struct sakra_framework *fw,
				  struct sakra_diags *diags)
{
	if (fw->floor && cfg->nlevels && sakra_config_fw_level(cfg, fw, fw->floor) < 0)
		sakra_diags_add(diags, SAKRA_ERROR, "config.levels", F, cfg->levels[0].line, 1,
				"framework %s requires the classification level '%s' (nothing "
				"may be marked below it); declare it", fw->id, fw->floor);
	for (size_t i = 0; i < fw->nmarkings && cfg->nlevels; i++)
		if (sakra_config_fw_level(cfg, fw, fw->markings[i].at_least) < 0)
			sakra_diags_add(diags, SAKRA_ERROR, "config.levels", F, cfg->levels[0].line, 1,
					"framework %s requires the classification level '%s' (%s); "
					"declare it", fw->id, fw->markings[i].at_least,
					fw->markings[i].why);
	/* the organisation's identifier, of the framework's country */
	if (cfg->business_id && cfg->business_id[0] != '[' &&
	    !sakra_ident_valid(fw->identifier, cfg->business_id, NULL))
		sakra_diags_add(diags, SAKRA_ERROR, "config.business-id", F, cfg->business_id_line,
				cfg->business_id_column, "organisation.business_id '%s' is not a "
				"valid %s (%s, with a matching check digit); correct it from the "
				"register", cfg->business_id, sakra_ident_name(fw->identifier),
				sakra_ident_form(fw->identifier));
	/* what the framework requires the plan to promise, at least as often */
	for (size_t i = 0; i < fw->nobligations; i++) {
		const struct sakra_fw_obligation *fo = &fw->obligations[i];
		const struct sakra_obligation *o = NULL;
		char every[32];

		if (!fo->required)
			continue;
		for (size_t k = 0; k < cfg->nobligations && !o; k++)
			if (sakra_framework_obligation(fw, cfg->obligations[k].id) == fo)
				o = &cfg->obligations[k];
		sakra_period_format(&fo->every, every, sizeof(every));
		if (!o && fo->chosen)
			sakra_diags_add(diags, SAKRA_ERROR, "obligation.missing", F, cfg->framework_line,
					1, "framework %s requires the plan to promise '%s' (%s), as often "
					"as the organisation decides; add '- { id: %s, covers: \"%s\", "
					"every: %s }' to obligations, with your own interval", fw->id,
					fo->id, sakra_i18n_get(&fo->title, cfg->language), fo->id,
					fo->ncovers ? fo->covers[0] : "", every);
		else if (!o)
			sakra_diags_add(diags, SAKRA_ERROR, "obligation.missing", F, cfg->framework_line,
					1, "framework %s requires the plan to promise '%s' (%s) at "
					"least every %s; add '- { id: %s, covers: \"%s\", every: %s }' "
					"to obligations", fw->id, fo->id, sakra_i18n_get(&fo->title, cfg->language),
					every, fo->id, fo->ncovers ? fo->covers[0] : "", every);
		else if (!fo->chosen && sakra_period_days(&o->every) > sakra_period_days(&fo->every))
			sakra_diags_add(diags, SAKRA_ERROR, "obligation.missing", F, o->line, 1,
					"obligation '%s' is promised less often than framework %s "
					"requires (at least every %s)", o->id, fw->id, every);
	}
	for (size_t i = 0; i < cfg->nobligations; i++) {
		const struct sakra_obligation *o = &cfg->obligations[i];

		for (size_t k = 0; k < o->ncovers; k++)
			if (!sakra_framework_section(fw, o->covers[k]))
				sakra_diags_add(diags, SAKRA_ERROR, "config.obligation", F, o->line, 1,
						"obligation '%s' covers section %s, which framework "
						"%s does not have", o->id, o->covers[k], fw->id);
	}
}
