/* framework: loading a framework's YAML file into the requirement model. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sakra/embed.h"
#include "sakra/framework.h"
#include "sakra/text.h"
#include "sakra/yaml.h"
#include "sakra/date.h"

#define FRAMEWORK_DIR "content-skeleton/frameworks/"

struct reader {
	const char *name;
	struct sakra_error *err;
	int rc;
};

static int fail(struct reader *r, const struct sakra_yaml *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records the first problem only: the rest usually follow from it. */
static int fail(struct reader *r, const struct sakra_yaml *at, const char *fmt, ...)
{
	va_list ap;

	if (r->rc == 0) {
		r->rc = sakra_error_set(r->err, SAKRA_EPARSE, r->name, at ? at->line : 0,
					at ? at->column : 0, "%s", "");
		if (r->err) {
			va_start(ap, fmt);
			vsnprintf(r->err->message, sizeof(r->err->message), fmt, ap);
			va_end(ap);
		}
	}
	return r->rc;
}

static char *str(struct reader *r, const struct sakra_yaml *map, const char *key, int required)
{
	const struct sakra_yaml *v = sakra_yaml_get(map, key);
	const char *s = sakra_yaml_str(v);
	char *d;

	if (!s) {
		if (required || (v && v->type != SAKRA_YAML_SCALAR))
			fail(r, v ? v : map, "'%s' must be text", key);
		return NULL;
	}
	if (!(d = strdup(s)))
		fail(r, NULL, "out of memory");
	return d;
}

static int flag(struct reader *r, const struct sakra_yaml *map, const char *key)
{
	const char *s = sakra_yaml_str(sakra_yaml_get(map, key));

	if (!s || strcmp(s, "false") == 0)
		return 0;
	if (strcmp(s, "true") == 0 || strcmp(s, "required") == 0)
		return 1;
	fail(r, sakra_yaml_get(map, key), "'%s' must be true or false", key);
	return 0;
}

static void i18n_free(struct sakra_i18n *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->lang[i]);
		free(t->text[i]);
	}
	free(t->lang);
	free(t->text);
	memset(t, 0, sizeof(*t));
}

const char *sakra_i18n_get(const struct sakra_i18n *t, const char *lang)
{
	for (size_t i = 0; lang && i < t->n; i++)
		if (strcmp(t->lang[i], lang) == 0)
			return t->text[i];
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->lang[i], "sv") == 0)
			return t->text[i];
	return t->n ? t->text[0] : "";
}

/* { sv: ..., en: ... }, or a plain string taken as Swedish. */
static void i18n(struct reader *r, const struct sakra_yaml *map, const char *key,
		 struct sakra_i18n *out, int required)
{
	const struct sakra_yaml *v = sakra_yaml_get(map, key);
	size_t n;

	if (!v) {
		if (required)
			fail(r, map, "'%s' is required", key);
		return;
	}
	n = v->type == SAKRA_YAML_MAP ? v->n : 1;
	out->lang = calloc(n, sizeof(char *));
	out->text = calloc(n, sizeof(char *));
	if (!out->lang || !out->text) {
		fail(r, NULL, "out of memory");
		return;
	}
	if (v->type == SAKRA_YAML_SCALAR) {
		out->lang[0] = strdup("sv");
		out->text[0] = strdup(v->value);
		out->n = 1;
		if (!out->lang[0] || !out->text[0])
			fail(r, NULL, "out of memory");
		return;
	}
	if (v->type != SAKRA_YAML_MAP) {
		fail(r, v, "'%s' must be text or a map of languages", key);
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		const char *t = sakra_yaml_str(v->pairs[i].value);

		if (!t) {
			fail(r, v->pairs[i].value, "'%s' must map languages to text", key);
			return;
		}
		out->lang[i] = strdup(v->pairs[i].key->value);
		out->text[i] = strdup(t);
		out->n = i + 1;
		if (!out->lang[i] || !out->text[i]) {
			fail(r, NULL, "out of memory");
			return;
		}
	}
}

/* A list of strings (a single string counts as a list of one). */
static char **strlist(struct reader *r, const struct sakra_yaml *map, const char *key,
		      size_t *n)
{
	const struct sakra_yaml *v = sakra_yaml_get(map, key);
	char **out;
	size_t count;

	*n = 0;
	if (!v)
		return NULL;
	if (v->type == SAKRA_YAML_MAP) {
		fail(r, v, "'%s' must be a list", key);
		return NULL;
	}
	count = sakra_yaml_count(v);
	out = calloc(count + 1, sizeof(*out));
	if (!out) {
		fail(r, NULL, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < count; i++) {
		const struct sakra_yaml *item = sakra_yaml_item(v, i);
		const char *s = sakra_yaml_str(item);

		if (!s) {
			fail(r, item, "'%s' must be a list of text", key);
			break;
		}
		if (!(out[i] = strdup(s))) {
			fail(r, NULL, "out of memory");
			break;
		}
		*n = i + 1;
	}
	return out;
}

static void strlist_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static const char *const type_names[] = { "text", "date", "scale", "list", "systems", NULL };

static void read_field(struct reader *r, const struct sakra_yaml *m, struct sakra_fw_field *f)
{
	const struct sakra_yaml *t = sakra_yaml_get(m, "type");
	const char *every = sakra_yaml_str(sakra_yaml_get(m, "every"));

	f->id = str(r, m, "id", 1);
	i18n(r, m, "label", &f->label, 1);
	if (r->rc == 0)
		f->keys = strlist(r, m, "keys", &f->nkeys);
	if (r->rc == 0)
		f->also = strlist(r, m, "also", &f->nalso);
	f->required = flag(r, m, "required");
	f->deadline = flag(r, m, "deadline");
	if (t) {
		size_t k = 0;

		while (type_names[k] && (!sakra_yaml_str(t) || strcmp(type_names[k], t->value) != 0))
			k++;
		if (!type_names[k])
			fail(r, t, "'type' must be text, date, scale, list or systems");
		else
			f->type = (enum sakra_fw_type)k;
	}
	if (f->type == SAKRA_FW_SCALE) {
		const char *lo = sakra_yaml_str(sakra_yaml_get(m, "min"));
		const char *hi = sakra_yaml_str(sakra_yaml_get(m, "max"));
		char *e1 = NULL, *e2 = NULL;

		if (!lo || !hi || (f->min = strtol(lo, &e1, 10), *e1) ||
		    (f->max = strtol(hi, &e2, 10), *e2) || f->min > f->max)
			fail(r, m, "a scale needs whole numbers 'min' and 'max', min <= max");
	}
	if ((f->deadline || every) && f->type != SAKRA_FW_DATE)
		fail(r, m, "'deadline' and 'every' are for fields of type date");
	if (every && r->rc == 0 && sakra_period_parse(every, &f->every) < 0)
		fail(r, sakra_yaml_get(m, "every"), "'every' must be N days|weeks|months|years");
}

static struct sakra_fw_field *fields(struct reader *r, const struct sakra_yaml *map,
				     const char *key, size_t *n)
{
	const struct sakra_yaml *v = sakra_yaml_get(map, key);
	struct sakra_fw_field *out;

	*n = 0;
	if (!v)
		return NULL;
	if (v->type != SAKRA_YAML_SEQ) {
		fail(r, v, "'%s' must be a list", key);
		return NULL;
	}
	out = calloc(v->n + 1, sizeof(*out));
	if (!out) {
		fail(r, NULL, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < v->n && r->rc == 0; i++) {
		*n = i + 1;
		read_field(r, v->items[i], &out[i]);
		for (size_t k = 0; k < i && r->rc == 0; k++)
			if (out[i].id && out[k].id && strcmp(out[i].id, out[k].id) == 0)
				fail(r, v->items[i], "field '%s' is listed twice", out[i].id);
	}
	return out;
}

static void fields_free(struct sakra_fw_field *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].id);
		i18n_free(&f[i].label);
		strlist_free(f[i].keys, f[i].nkeys);
		strlist_free(f[i].also, f[i].nalso);
	}
	free(f);
}

static void names_free(struct sakra_fw_names *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		i18n_free(&v[i].title);
		strlist_free(v[i].aliases, v[i].naliases);
	}
	free(v);
}

static void obligations_free(struct sakra_fw_obligation *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(o[i].id);
		free(o[i].quote);
		strlist_free(o[i].aliases, o[i].naliases);
		i18n_free(&o[i].title);
		strlist_free(o[i].covers, o[i].ncovers);
	}
	free(o);
}

struct sakra_framework *sakra_framework_ref(struct sakra_framework *fw)
{
	__atomic_add_fetch(&fw->refs, 1, __ATOMIC_ACQ_REL);
	return fw;
}

void sakra_framework_free(struct sakra_framework *fw)
{
	if (!fw || __atomic_sub_fetch(&fw->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	for (size_t i = 0; i < fw->nsections; i++) {
		struct sakra_fw_section *s = &fw->sections[i];

		free(s->number);
		i18n_free(&s->title);
		strlist_free(s->clauses, s->nclauses);
		fields_free(s->fields, s->nfields);
	}
	for (size_t i = 0; i < fw->nclasses; i++) {
		struct sakra_fw_class *c = &fw->classes[i];

		free(c->id);
		i18n_free(&c->title);
		free(c->section);
		free(c->list_section);
		fields_free(c->fields, c->nfields);
	}
	free(fw->register_section);
	obligations_free(fw->obligations, fw->nobligations);
	free(fw->sections);
	free(fw->classes);
	strlist_free(fw->evidence_types, fw->nevidence_types);
	for (size_t i = 0; i < fw->nadopted; i++) {
		strlist_free(fw->adopted[i].sections, fw->adopted[i].nsections);
		free(fw->adopted[i].why);
	}
	free(fw->adopted);
	for (size_t i = 0; i < fw->nlanguages; i++) {
		free(fw->languages[i].id);
		free(fw->languages[i].note);
	}
	free(fw->languages);
	i18n_free(&fw->register_check_title);
	i18n_free(&fw->register_name);
	for (size_t i = 0; i < fw->ntype_titles; i++) {
		free(fw->type_ids[i]);
		i18n_free(&fw->type_titles[i]);
	}
	free(fw->type_ids);
	free(fw->type_titles);
	for (size_t i = 0; i < fw->nguides; i++) {
		free(fw->guide_ids[i]);
		i18n_free(&fw->guides[i]);
	}
	free(fw->guide_ids);
	free(fw->guides);
	names_free(fw->type_names, fw->ntype_names);
	names_free(fw->levels, fw->nlevels);
	for (size_t i = 0; i < fw->nmarkings; i++) {
		free(fw->markings[i].field);
		strlist_free(fw->markings[i].cites, fw->markings[i].ncites);
		strlist_free(fw->markings[i].provisions, fw->markings[i].nprovisions);
		strlist_free(fw->markings[i].words, fw->markings[i].nwords);
		free(fw->markings[i].at_least);
		free(fw->markings[i].why);
	}
	free(fw->markings);
	free(fw->assets.key);
	i18n_free(&fw->assets.title);
	free(fw->assets.section);
	fields_free(fw->assets.fields, fw->assets.nfields);
	free(fw->id);
	i18n_free(&fw->title);
	free(fw->source);
	free(fw->floor);
	free(fw->skeleton);
	for (size_t i = 0; i < fw->nchanges; i++) {
		i18n_free(&fw->changes[i].what);
		free(fw->changes[i].a);
		free(fw->changes[i].b);
		free(fw->changes[i].c);
	}
	free(fw->changes);
	free(fw);
}

static const struct sakra_yaml *list(struct reader *r, const struct sakra_yaml *map,
				     const char *key)
{
	const struct sakra_yaml *v = sakra_yaml_get(map, key);

	if (v && v->type != SAKRA_YAML_SEQ) {
		fail(r, v, "'%s' must be a list", key);
		return NULL;
	}
	return v;
}

/* What a section says besides its number. */
static void read_section(struct reader *r, const struct sakra_yaml *m, struct sakra_fw_section *s)
{
	i18n(r, m, "title", &s->title, 1);
	s->clauses = strlist(r, m, "clauses", &s->nclauses);
	s->optional = flag(r, m, "optional");
	s->repeatable = flag(r, m, "repeatable");
	s->free_title = flag(r, m, "free_title");
	s->fields = fields(r, m, "fields", &s->nfields);
}

static void read_sections(struct reader *r, const struct sakra_yaml *root,
			  struct sakra_framework *fw)
{
	const struct sakra_yaml *v = list(r, root, "sections");

	if (!v || v->n == 0) {
		fail(r, root, "'%s' must list the framework's sections", "sections");
		return;
	}
	if (!(fw->sections = calloc(v->n, sizeof(*fw->sections)))) {
		fail(r, NULL, "out of memory");
		return;
	}
	for (size_t i = 0; i < v->n && r->rc == 0; i++) {
		const struct sakra_yaml *m = v->items[i];
		struct sakra_fw_section *s = &fw->sections[i];

		fw->nsections = i + 1;
		s->index = i;
		s->number = str(r, m, "number", 1);
		read_section(r, m, s);
		for (size_t k = 0; k < i && r->rc == 0; k++)
			if (s->number && strcmp(fw->sections[k].number, s->number) == 0)
				fail(r, m, "section %s is listed twice", s->number);
	}
}

static void read_classes(struct reader *r, const struct sakra_yaml *root,
			 struct sakra_framework *fw)
{
	const struct sakra_yaml *sys = sakra_yaml_get(root, "systems");
	const struct sakra_yaml *v = list(r, sys, "classes");

	if (sys) {
		i18n(r, sys, "register_check_title", &fw->register_check_title, 0);
		i18n(r, sys, "register_name", &fw->register_name, 0);
	}
	if (sys && (fw->register_section = str(r, sys, "section", 0)) && r->rc == 0 &&
	    !sakra_framework_section(fw, fw->register_section))
		fail(r, sys, "register section %s is not a section of the framework",
		     fw->register_section);
	if (!v || r->rc)
		return;
	if (!(fw->classes = calloc(v->n + 1, sizeof(*fw->classes)))) {
		fail(r, NULL, "out of memory");
		return;
	}
	for (size_t i = 0; i < v->n && r->rc == 0; i++) {
		const struct sakra_yaml *m = v->items[i];
		struct sakra_fw_class *c = &fw->classes[i];

		fw->nclasses = i + 1;
		c->id = str(r, m, "id", 1);
		i18n(r, m, "title", &c->title, 0);
		c->section = str(r, m, "section", 0);
		c->list_section = str(r, m, "list_section", 0);
		c->certificate = flag(r, m, "certificate");
		c->register_check = flag(r, m, "register_check");
		c->fields = fields(r, m, "fields", &c->nfields);
		if (r->rc == 0 && c->section && !sakra_framework_section(fw, c->section))
			fail(r, m, "class section %s is not a section of the framework", c->section);
		if (r->rc == 0 && c->list_section && !sakra_framework_section(fw, c->list_section))
			fail(r, m, "class section %s is not a section of the framework",
			     c->list_section);
	}
}

static void read_assets(struct reader *r, const struct sakra_yaml *root,
			struct sakra_framework *fw)
{
	const struct sakra_yaml *a = sakra_yaml_get(root, "assets");

	if (!a)
		return;
	if (a->type != SAKRA_YAML_MAP) {
		fail(r, a, "'assets' must be a mapping (key, title, section, fields)");
		return;
	}
	fw->assets.key = str(r, a, "key", 1);
	i18n(r, a, "title", &fw->assets.title, 1);
	fw->assets.section = str(r, a, "section", 0);
	fw->assets.fields = fields(r, a, "fields", &fw->assets.nfields);
	if (r->rc == 0 && (!strcmp(fw->assets.key, "system") || !strcmp(fw->assets.key, "evidence")))
		fail(r, a, "the assets' key cannot be 'system' or 'evidence'");
	if (r->rc == 0 && fw->assets.section && !sakra_framework_section(fw, fw->assets.section))
		fail(r, a, "register section %s is not a section of the framework",
		     fw->assets.section);
}

/* markings: [{ asset: FIELD, from: N, at_least: LEVEL, why: ... },
 *            { cites: [...], provisions: [...], words: [...], at_least: LEVEL,
 *              why: ... }] */
static void read_markings(struct reader *r, const struct sakra_yaml *root,
			  struct sakra_framework *fw)
{
	const struct sakra_yaml *v = list(r, root, "markings");

	if (!v || !v->n)
		return;
	if (!(fw->markings = calloc(v->n, sizeof(*fw->markings)))) {
		fail(r, NULL, "out of memory");
		return;
	}
	for (size_t i = 0; i < v->n && r->rc == 0; i++) {
		const struct sakra_yaml *m = v->items[i];
		struct sakra_fw_marking *mk = &fw->markings[i];
		const struct sakra_fw_field *fd = NULL;
		const char *from;
		char *end = NULL;

		fw->nmarkings = i + 1;
		mk->field = str(r, m, "asset", 0);
		mk->cites = strlist(r, m, "cites", &mk->ncites);
		mk->provisions = strlist(r, m, "provisions", &mk->nprovisions);
		mk->words = strlist(r, m, "words", &mk->nwords);
		mk->at_least = str(r, m, "at_least", 1);
		mk->why = str(r, m, "why", 1);
		if (r->rc)
			break;
		if (!mk->field == !mk->ncites) {
			fail(r, m, "a marking rule names either an asset field or what a legal "
				   "basis cites");
			break;
		}
		if (!mk->field)
			continue;
		for (size_t k = 0; k < fw->assets.nfields && !fd; k++)
			if (!strcmp(fw->assets.fields[k].id, mk->field))
				fd = &fw->assets.fields[k];
		from = sakra_yaml_str(sakra_yaml_get(m, "from"));
		if (!fd || fd->type != SAKRA_FW_SCALE)
			fail(r, m, "marking rule: '%s' is not a scale field of the assets", mk->field);
		else if (!from || (mk->from = strtol(from, &end, 10), *end) || mk->from < fd->min ||
			 mk->from > fd->max)
			fail(r, m, "marking rule: 'from' must be a level of the scale (%ld-%ld)",
			     fd->min, fd->max);
	}
}

/* approval: [{ sections: [...], why: ... }] — parts adopted by a role of
 * their own. */
static void read_adopted(struct reader *r, const struct sakra_yaml *root,
			 struct sakra_framework *fw)
{
	const struct sakra_yaml *v = list(r, root, "approval");

	if (!v || !v->n)
		return;
	if (!(fw->adopted = calloc(v->n, sizeof(*fw->adopted)))) {
		fail(r, NULL, "out of memory");
		return;
	}
	for (size_t i = 0; i < v->n && r->rc == 0; i++) {
		struct sakra_fw_adopted *a = &fw->adopted[i];

		fw->nadopted = i + 1;
		a->sections = strlist(r, v->items[i], "sections", &a->nsections);
		a->why = str(r, v->items[i], "why", 1);
		if (r->rc == 0 && !a->nsections)
			fail(r, v->items[i], "an adopted part names its sections");
		for (size_t k = 0; k < a->nsections && r->rc == 0; k++)
			if (!sakra_framework_section(fw, a->sections[k]))
				fail(r, v->items[i], "adopted part: %s is not a section of the framework",
				     a->sections[k]);
	}
}

static void read_obligations(struct reader *r, const struct sakra_yaml *root,
			     struct sakra_framework *fw)
{
	const struct sakra_yaml *v = list(r, root, "obligations");

	if (!v)
		return;
	if (!(fw->obligations = calloc(v->n + 1, sizeof(*fw->obligations)))) {
		fail(r, NULL, "out of memory");
		return;
	}
	for (size_t i = 0; i < v->n && r->rc == 0; i++) {
		const struct sakra_yaml *m = v->items[i];
		struct sakra_fw_obligation *o = &fw->obligations[i];
		const char *every = sakra_yaml_str(sakra_yaml_get(m, "every")), *interval;

		fw->nobligations = i + 1;
		o->id = str(r, m, "id", 1);
		i18n(r, m, "title", &o->title, 0);
		o->covers = strlist(r, m, "covers", &o->ncovers);
		o->required = flag(r, m, "required");
		o->quote = str(r, m, "quote", 0);
		o->aliases = strlist(r, m, "aliases", &o->naliases);
		if ((interval = sakra_yaml_str(sakra_yaml_get(m, "interval"))) != NULL) {
			if (strcmp(interval, "organisation") == 0)
				o->chosen = 1;
			else if (strcmp(interval, "minimum") != 0)
				fail(r, sakra_yaml_get(m, "interval"), "'interval' is 'minimum' (the "
				     "plan promises at least this often) or 'organisation' (the "
				     "plan chooses how often)");
		}
		if (r->rc == 0 && (!every || sakra_period_parse(every, &o->every) < 0))
			fail(r, m, "obligation '%s' needs 'every: N days|weeks|months|years'",
			     o->id ? o->id : "?");
		for (size_t k = 0; k < o->ncovers && r->rc == 0; k++)
			if (!sakra_framework_section(fw, o->covers[k]))
				fail(r, m, "obligation covers unknown section %s", o->covers[k]);
	}
}

/* languages: { sv: { source: official }, fi: { source: translation, note: ... } }
 * with exactly one official language. */
static void read_languages(struct reader *r, const struct sakra_yaml *root,
			   struct sakra_framework *fw)
{
	const struct sakra_yaml *v = sakra_yaml_get(root, "languages");
	size_t official = 0;

	if (!v)
		return;
	if (v->type != SAKRA_YAML_MAP || !v->n) {
		fail(r, v, "'languages' maps each language to { source: official|translation, note }");
		return;
	}
	if (!(fw->languages = calloc(v->n, sizeof(*fw->languages)))) {
		fail(r, NULL, "out of memory");
		return;
	}
	for (size_t i = 0; i < v->n && r->rc == 0; i++) {
		const struct sakra_yaml *m = v->pairs[i].value;
		const char *src = sakra_yaml_str(sakra_yaml_get(m, "source"));
		struct sakra_fw_language *l = &fw->languages[i];

		fw->nlanguages = i + 1;
		if (!(l->id = strdup(v->pairs[i].key->value))) {
			fail(r, NULL, "out of memory");
			return;
		}
		if (!src || (strcmp(src, "official") != 0 && strcmp(src, "translation") != 0)) {
			fail(r, m, "language '%s' needs 'source: official' or 'source: translation'",
			     l->id);
			return;
		}
		l->official = strcmp(src, "official") == 0;
		official += (size_t)l->official;
		l->note = str(r, m, "note", !l->official);
	}
	if (r->rc == 0 && official != 1)
		fail(r, v, "exactly one language is the official wording ('source: official')");
}

const struct sakra_fw_language *sakra_framework_language(const struct sakra_framework *fw,
							 const char *lang)
{
	static const struct sakra_fw_language swedish = { (char *)"sv", 1, NULL };

	if (!lang)
		return NULL;
	if (!fw->nlanguages)
		return strcmp(lang, "sv") == 0 ? &swedish : NULL;
	for (size_t i = 0; i < fw->nlanguages; i++)
		if (strcmp(fw->languages[i].id, lang) == 0)
			return &fw->languages[i];
	return NULL;
}

/* A map of evidence types to texts in the framework's languages:
 * evidence_type_titles (names), evidence_guidance (what a record says). */
static void read_type_map(struct reader *r, const struct sakra_yaml *root, const char *key,
			  char ***ids, struct sakra_i18n **texts, size_t *n)
{
	const struct sakra_yaml *v = sakra_yaml_get(root, key);

	if (!v)
		return;
	if (v->type != SAKRA_YAML_MAP) {
		fail(r, v, "'%s' maps evidence types to texts by language", key);
		return;
	}
	if (!(*ids = calloc(v->n + 1, sizeof(**ids))) ||
	    !(*texts = calloc(v->n + 1, sizeof(**texts)))) {
		fail(r, NULL, "out of memory");
		return;
	}
	for (size_t i = 0; i < v->n && r->rc == 0; i++) {
		*n = i + 1;
		if (!((*ids)[i] = strdup(v->pairs[i].key->value))) {
			fail(r, NULL, "out of memory");
			return;
		}
		i18n(r, v, v->pairs[i].key->value, &(*texts)[i], 1);
	}
}

/* levels: [{ id: LEVEL, title: { sv: ..., fi: ... }, aliases: [...] }]: the
 * classification levels floor and markings name, and what a plan written in
 * another language may call them. */
static void read_levels(struct reader *r, const struct sakra_yaml *root,
			struct sakra_framework *fw)
{
	const struct sakra_yaml *v = list(r, root, "levels");

	if (!v)
		return;
	if (!(fw->levels = calloc(v->n + 1, sizeof(*fw->levels)))) {
		fail(r, NULL, "out of memory");
		return;
	}
	for (size_t i = 0; i < v->n && r->rc == 0; i++) {
		const struct sakra_yaml *m = v->items[i];

		if (m->type != SAKRA_YAML_MAP) {
			fail(r, m, "a level is '{ id: LEVEL, title: { sv: ... }, aliases: [...] }'");
			return;
		}
		fw->nlevels = i + 1;
		fw->levels[i].id = str(r, m, "id", 1);
		i18n(r, m, "title", &fw->levels[i].title, 0);
		fw->levels[i].aliases = strlist(r, m, "aliases", &fw->levels[i].naliases);
	}
	if (r->rc == 0 && fw->nlevels && fw->floor && !sakra_framework_level_id(fw, fw->floor))
		fail(r, sakra_yaml_get(root, "floor"), "floor '%s' is not one of 'levels'",
		     fw->floor);
	for (size_t i = 0; r->rc == 0 && fw->nlevels && i < fw->nmarkings; i++)
		if (!sakra_framework_level_id(fw, fw->markings[i].at_least))
			fail(r, v, "a marking's at_least '%s' is not one of 'levels'",
			     fw->markings[i].at_least);
}

/* evidence_type_aliases: { TYPE: [ALIAS, ...] }: what a plan in another
 * language may call an evidence type that is not an obligation. */
static void read_type_aliases(struct reader *r, const struct sakra_yaml *root,
			      struct sakra_framework *fw)
{
	const struct sakra_yaml *v = sakra_yaml_get(root, "evidence_type_aliases");

	if (!v)
		return;
	if (v->type != SAKRA_YAML_MAP) {
		fail(r, v, "'evidence_type_aliases' maps evidence types to lists of names");
		return;
	}
	if (!(fw->type_names = calloc(v->n + 1, sizeof(*fw->type_names)))) {
		fail(r, NULL, "out of memory");
		return;
	}
	for (size_t i = 0; i < v->n && r->rc == 0; i++) {
		struct sakra_fw_names *t = &fw->type_names[i];
		const char *id = v->pairs[i].key->value;
		size_t k = 0;

		fw->ntype_names = i + 1;
		if (!(t->id = strdup(id))) {
			fail(r, NULL, "out of memory");
			return;
		}
		t->aliases = strlist(r, v, id, &t->naliases);
		while (k < fw->nevidence_types && strcmp(fw->evidence_types[k], id) != 0)
			k++;
		if (r->rc == 0 && k == fw->nevidence_types)
			fail(r, v->pairs[i].key, "'%s' is not one of evidence_types", id);
	}
}

static int names_one(const struct sakra_fw_names *t, const char *name)
{
	if (strcmp(t->id, name) == 0)
		return 1;
	for (size_t k = 0; k < t->naliases; k++)
		if (sakra_text_equal(t->aliases[k], name))
			return 1;
	return 0;
}

const struct sakra_fw_obligation *sakra_framework_obligation(const struct sakra_framework *fw,
							     const char *name)
{
	for (size_t i = 0; fw && name && i < fw->nobligations; i++)
		if (fw->obligations[i].id && strcmp(fw->obligations[i].id, name) == 0)
			return &fw->obligations[i];
	for (size_t i = 0; fw && name && i < fw->nobligations; i++)
		for (size_t k = 0; k < fw->obligations[i].naliases; k++)
			if (sakra_text_equal(fw->obligations[i].aliases[k], name))
				return &fw->obligations[i];
	return NULL;
}

const char *sakra_framework_type_id(const struct sakra_framework *fw, const char *name)
{
	const struct sakra_fw_obligation *o = sakra_framework_obligation(fw, name);

	if (o)
		return o->id;
	for (size_t i = 0; fw && name && i < fw->nevidence_types; i++)
		if (strcmp(fw->evidence_types[i], name) == 0)
			return fw->evidence_types[i];
	for (size_t i = 0; fw && name && i < fw->ntype_names; i++)
		if (names_one(&fw->type_names[i], name))
			return fw->type_names[i].id;
	return NULL;
}

int sakra_framework_same_type(const struct sakra_framework *fw, const char *a, const char *b)
{
	const char *ca, *cb;

	if (!a || !b)
		return 0;
	if (strcmp(a, b) == 0)
		return 1;
	ca = sakra_framework_type_id(fw, a);
	cb = sakra_framework_type_id(fw, b);
	return ca && cb && strcmp(ca, cb) == 0;
}

const char *sakra_framework_level_id(const struct sakra_framework *fw, const char *name)
{
	for (size_t i = 0; fw && name && i < fw->nlevels; i++)
		if (fw->levels[i].id && strcmp(fw->levels[i].id, name) == 0)
			return fw->levels[i].id;
	for (size_t i = 0; fw && name && i < fw->nlevels; i++)
		if (names_one(&fw->levels[i], name))
			return fw->levels[i].id;
	return NULL;
}

const char *sakra_framework_evidence_guidance(const struct sakra_framework *fw,
					      const char *type, const char *lang)
{
	const char *dflt = NULL;

	if (type && sakra_framework_type_id(fw, type))
		type = sakra_framework_type_id(fw, type);

	for (size_t i = 0; fw && i < fw->nguides; i++) {
		if (type && strcmp(fw->guide_ids[i], type) == 0)
			return sakra_i18n_get(&fw->guides[i], lang);
		if (strcmp(fw->guide_ids[i], "default") == 0)
			dflt = sakra_i18n_get(&fw->guides[i], lang);
	}
	return dflt;
}

const char *sakra_framework_type_title(const struct sakra_framework *fw, const char *type,
				       const char *lang)
{
	const struct sakra_fw_obligation *o;

	if (!fw || !type)
		return NULL;
	if ((o = sakra_framework_obligation(fw, type)) && o->title.n)
		return sakra_i18n_get(&o->title, lang);
	if (sakra_framework_type_id(fw, type))
		type = sakra_framework_type_id(fw, type);
	for (size_t i = 0; i < fw->ntype_titles; i++)
		if (strcmp(fw->type_ids[i], type) == 0)
			return sakra_i18n_get(&fw->type_titles[i], lang);
	return NULL;
}

const char *sakra_framework_official(const struct sakra_framework *fw)
{
	for (size_t i = 0; i < fw->nlanguages; i++)
		if (fw->languages[i].official)
			return fw->languages[i].id;
	return "sv";
}

const struct sakra_fw_field *sakra_framework_field(const struct sakra_framework *fw,
						   const char *number, const char *id)
{
	const struct sakra_fw_section *s = sakra_framework_section(fw, number);

	for (size_t i = 0; s && i < s->nfields; i++)
		if (strcmp(s->fields[i].id, id) == 0)
			return &s->fields[i];
	return NULL;
}

/* changes: what changed from the revision before: { what: WORDS } to do by
 * hand, or with the edit that moves a plan: renumber: N, to: M;
 * insert_section: N; move_field: ID, from: N, to: M; insert_field: ID,
 * section: N. Read after the sections, whose numbers and fields the edits
 * must name. */
static void read_changes(struct reader *r, const struct sakra_yaml *root,
			 struct sakra_framework *fw)
{
	const struct sakra_yaml *v = list(r, root, "changes");

	if (!v)
		return;
	if (!(fw->changes = calloc(v->n + 1, sizeof(*fw->changes)))) {
		fail(r, NULL, "out of memory");
		return;
	}
	for (size_t i = 0; i < v->n && r->rc == 0; i++) {
		const struct sakra_yaml *m = v->items[i];
		struct sakra_fw_change *c = &fw->changes[i];

		fw->nchanges = i + 1;
		if (m->type != SAKRA_YAML_MAP) {
			fail(r, m, "a change is '{ what: ..., [renumber|insert_section|move_field|"
			     "insert_field]: ... }'");
			return;
		}
		i18n(r, m, "what", &c->what, 1);
		if (sakra_yaml_get(m, "renumber")) {
			c->op = SAKRA_CHANGE_RENUMBER;
			c->a = str(r, m, "renumber", 1);
			c->b = str(r, m, "to", 1);
			if (r->rc == 0 && !sakra_framework_section(fw, c->b))
				fail(r, m, "renumber: section %s is not one of this revision", c->b);
		} else if (sakra_yaml_get(m, "insert_section")) {
			c->op = SAKRA_CHANGE_SECTION;
			c->a = str(r, m, "insert_section", 1);
			if (r->rc == 0 && !sakra_framework_section(fw, c->a))
				fail(r, m, "insert_section: section %s is not one of this revision", c->a);
		} else if (sakra_yaml_get(m, "move_field")) {
			c->op = SAKRA_CHANGE_MOVE_FIELD;
			c->a = str(r, m, "move_field", 1);
			c->b = str(r, m, "from", 1);
			c->c = str(r, m, "to", 1);
			if (r->rc == 0 && !sakra_framework_field(fw, c->c, c->a))
				fail(r, m, "move_field: section %s has no field %s", c->c, c->a);
		} else if (sakra_yaml_get(m, "insert_field")) {
			c->op = SAKRA_CHANGE_FIELD;
			c->a = str(r, m, "insert_field", 1);
			c->b = str(r, m, "section", 1);
			if (r->rc == 0 && !sakra_framework_field(fw, c->b, c->a))
				fail(r, m, "insert_field: section %s has no field %s", c->b, c->a);
		}
	}
}

int sakra_framework_parse(struct sakra_framework **out, const char *name,
			  const char *text, size_t len, struct sakra_error *err)
{
	struct sakra_yaml *root = NULL;
	struct sakra_framework *fw;
	struct reader r = { name, err, 0 };
	int rc;

	*out = NULL;
	if ((rc = sakra_yaml_parse(&root, text, len, 1, err)) < 0) {
		if (err)
			snprintf(err->path, sizeof(err->path), "%s", name);
		return rc;
	}
	if (!root || root->type != SAKRA_YAML_MAP) {
		sakra_yaml_free(root);
		return sakra_error_set(err, SAKRA_EPARSE, name, 1, 1,
				       "a framework file is a mapping (id, title, sections, ...)");
	}
	if (!(fw = calloc(1, sizeof(*fw)))) {
		sakra_yaml_free(root);
		return sakra_error_set(err, SAKRA_ENOMEM, name, 0, 0, "out of memory");
	}
	fw->refs = 1;
	fw->id = str(&r, root, "id", 1);
	i18n(&r, root, "title", &fw->title, 1);
	fw->source = str(&r, root, "source", 0);
	fw->floor = str(&r, root, "floor", 0);
	if (r.rc == 0 && sakra_yaml_str(sakra_yaml_get(root, "identifier"))) {
		fw->identifier = sakra_ident_parse(sakra_yaml_str(sakra_yaml_get(root, "identifier")));
		if (fw->identifier < 0)
			fail(&r, sakra_yaml_get(root, "identifier"), "'identifier' is fi-business-id, "
			     "se-organisationsnummer or none");
	}
	fw->skeleton = str(&r, root, "skeleton", 0);
	fw->revision = 1;
	if (r.rc == 0 && sakra_yaml_get(root, "revision")) {
		const char *v = sakra_yaml_str(sakra_yaml_get(root, "revision"));
		char *end = NULL;
		long n = v ? strtol(v, &end, 10) : 0;

		if (!v || *end || n < 1 || n > 999)
			fail(&r, sakra_yaml_get(root, "revision"), "'revision' is a whole number from 1");
		else
			fw->revision = (int)n;
	}

	if (r.rc == 0)
		read_languages(&r, root, fw);
	if (r.rc == 0)
		read_sections(&r, root, fw);
	if (r.rc == 0)
		read_classes(&r, root, fw);
	if (r.rc == 0)
		read_assets(&r, root, fw);
	if (r.rc == 0)
		read_markings(&r, root, fw);
	if (r.rc == 0)
		read_adopted(&r, root, fw);
	if (r.rc == 0)
		read_obligations(&r, root, fw);
	if (r.rc == 0)
		fw->evidence_types = strlist(&r, root, "evidence_types", &fw->nevidence_types);
	if (r.rc == 0)
		read_type_aliases(&r, root, fw);
	if (r.rc == 0)
		read_levels(&r, root, fw);
	if (r.rc == 0)
		read_type_map(&r, root, "evidence_type_titles", &fw->type_ids, &fw->type_titles,
			      &fw->ntype_titles);
	if (r.rc == 0)
		read_type_map(&r, root, "evidence_guidance", &fw->guide_ids, &fw->guides,
			      &fw->nguides);
	if (r.rc == 0)
		read_changes(&r, root, fw);
	sakra_yaml_free(root);
	if (r.rc < 0) {
		sakra_framework_free(fw);
		return r.rc;
	}
	*out = fw;
	return 0;
}

int sakra_framework_name(const char *name, char *id, size_t cap, int *rev)
{
	const char *at = strchr(name, '@');
	size_t n = at ? (size_t)(at - name) : strlen(name);

	*rev = 0;
	if (n >= cap)
		return -1;
	memcpy(id, name, n);
	id[n] = '\0';
	if (at) {
		char *end = NULL;
		long r = strtol(at + 1, &end, 10);

		if (!at[1] || *end || r < 1 || r > 999 || at[1] == '+' || at[1] == '-' ||
		    at[1] == ' ')
			return -1;
		*rev = (int)r;
	}
	return 0;
}

/* The embedded file of framework id, revision rev (0: the newest). */
static const struct sakra_embedded_file *framework_file(const char *id, int rev, char *path,
							size_t cap)
{
	if (rev)
		snprintf(path, cap, FRAMEWORK_DIR "%s@%d.yml", id, rev);
	else
		snprintf(path, cap, FRAMEWORK_DIR "%s.yml", id);
	return sakra_embedded_find(path);
}

size_t sakra_framework_revisions(const char *id, int *revs, size_t cap)
{
	char path[512], prefix[300];
	const struct sakra_embedded_file *newest = framework_file(id, 0, path, sizeof(path));
	struct sakra_framework *fw = NULL;
	size_t n = 0, plen;

	if (!newest || strchr(id, '/') || strchr(id, '@'))
		return 0;
	plen = (size_t)snprintf(prefix, sizeof(prefix), FRAMEWORK_DIR "%s@", id);
	for (size_t i = 0; i < sakra_embedded_count && n < cap; i++) {
		const char *p = sakra_embedded_files[i].path;
		char *end = NULL;
		long r;

		if (strncmp(p, prefix, plen) != 0)
			continue;
		r = strtol(p + plen, &end, 10);
		if (r >= 1 && end && strcmp(end, ".yml") == 0)
			revs[n++] = (int)r;
	}
	if (n < cap && sakra_framework_parse(&fw, path, (const char *)newest->data, newest->size,
					     NULL) == 0)
		revs[n++] = fw->revision;
	sakra_framework_free(fw);
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && revs[k - 1] > revs[k]; k--) {
			int t = revs[k];

			revs[k] = revs[k - 1];
			revs[k - 1] = t;
		}
	return n;
}

int sakra_framework_is(const struct sakra_framework *fw, const char *name)
{
	char id[256];
	int rev;

	return sakra_framework_name(name, id, sizeof(id), &rev) == 0 && strcmp(fw->id, id) == 0 &&
	       (rev ? fw->revision == rev : fw->newest);
}

int sakra_framework_load(struct sakra_framework **out, const char *name,
			 struct sakra_error *err)
{
	char path[512], id[256];
	const struct sakra_embedded_file *f;
	struct sakra_buf list = SAKRA_BUF_INIT;
	int rc, rev, revs[32], older;
	size_t n;

	*out = NULL;
	if (sakra_framework_name(name, id, sizeof(id), &rev) < 0 || strchr(id, '/') || !id[0])
		return sakra_error_set(err, SAKRA_ENOTFOUND, NULL, 0, 0,
				       "unknown framework '%s'", name);
	if (!framework_file(id, 0, path, sizeof(path)))
		return sakra_error_set(err, SAKRA_ENOTFOUND, NULL, 0, 0,
				       "unknown framework '%s'", id);
	/* an older revision has a file of its own; the newest is ID.yml */
	older = rev && framework_file(id, rev, path, sizeof(path)) != NULL;
	f = framework_file(id, older ? rev : 0, path, sizeof(path));
	rc = sakra_framework_parse(out, path, (const char *)f->data, f->size, err);
	if (rc == 0)
		(*out)->newest = !older;
	if (rc == 0 && strcmp((*out)->id, id) != 0) {
		rc = sakra_error_set(err, SAKRA_EPARSE, path, 1, 1,
				     "framework file declares id other than '%s'", id);
	} else if (rc == 0 && rev && (*out)->revision != rev) {
		if (older) {
			rc = sakra_error_set(err, SAKRA_EPARSE, path, 1, 1,
					     "framework file declares revision other than %d", rev);
		} else {
			n = sakra_framework_revisions(id, revs, 32);
			for (size_t i = 0; i < n; i++)
				sakra_buf_printf(&list, "%s%s@%d", i ? ", " : "", id, revs[i]);
			rc = sakra_error_set(err, SAKRA_ENOTFOUND, NULL, 0, 0,
					     "framework %s has no revision %d; it has %s", id, rev,
					     list.len ? list.ptr : "none");
			sakra_buf_free(&list);
		}
	}
	if (rc < 0) {
		sakra_framework_free(*out);
		*out = NULL;
	}
	return rc;
}

size_t sakra_framework_ids(const char *const **ids)
{
	static const char *list_[64];
	static char names[64][64];
	static size_t n = (size_t)-1;

	if (n == (size_t)-1) {
		size_t plen = strlen(FRAMEWORK_DIR);

		n = 0;
		for (size_t i = 0; i < sakra_embedded_count && n < 64; i++) {
			const char *p = sakra_embedded_files[i].path;
			size_t len = strlen(p);

			if (strncmp(p, FRAMEWORK_DIR, plen) != 0 || len < plen + 5 ||
			    strcmp(p + len - 4, ".yml") != 0 || len - plen - 4 >= 64 ||
			    strchr(p + plen, '/') || strchr(p + plen, '@'))
				continue;
			memcpy(names[n], p + plen, len - plen - 4);
			names[n][len - plen - 4] = '\0';
			list_[n] = names[n];
			n++;
		}
	}
	*ids = list_;
	return n;
}

const struct sakra_fw_section *sakra_framework_section(const struct sakra_framework *fw,
						       const char *number)
{
	for (size_t i = 0; i < fw->nsections; i++)
		if (fw->sections[i].number && strcmp(fw->sections[i].number, number) == 0)
			return &fw->sections[i];
	return NULL;
}

const struct sakra_fw_class *sakra_framework_class(const struct sakra_framework *fw,
						   const char *id)
{
	for (size_t i = 0; i < fw->nclasses; i++)
		if (fw->classes[i].id && strcmp(fw->classes[i].id, id) == 0)
			return &fw->classes[i];
	return NULL;
}

/* --- a repository's own requirements ------------------------------------- */

/* Outline order of section numbers: "2" < "2.1" < "2.10" < "3". */
static int number_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		char *ea, *eb;
		long x = strtol(a, &ea, 10), y = strtol(b, &eb, 10);

		if (x != y)
			return x < y ? -1 : 1;
		if (ea == a || eb == b)
			return strcmp(a, b);
		a = *ea == '.' ? ea + 1 : ea;
		b = *eb == '.' ? eb + 1 : eb;
	}
	return *a ? 1 : *b ? -1 : 0;
}

static int valid_number(const char *n)
{
	if (!*n)
		return 0;
	for (const char *p = n; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p == '.' && p != n && p[-1] != '.' && p[1])))
			return 0;
	return 1;
}

/* Appends fields (marked as added) to an existing list whose ids must stay
 * unique. */
static void append_fields(struct reader *r, const struct sakra_yaml *m, const char *where,
			  struct sakra_fw_field **list, size_t *n)
{
	size_t nadd = 0;
	struct sakra_fw_field *add = fields(r, m, "fields", &nadd), *grown = NULL;

	if (r->rc == 0 && nadd && !(grown = realloc(*list, (*n + nadd + 1) * sizeof(**list))))
		fail(r, NULL, "out of memory");
	if (r->rc || !nadd) {
		fields_free(add, nadd);
		return;
	}
	*list = grown;
	for (size_t i = 0; i < nadd; i++) {
		for (size_t k = 0; k < *n && r->rc == 0; k++)
			if (strcmp((*list)[k].id, add[i].id) == 0)
				fail(r, m, "field '%s' of %s is already a requirement; choose "
				     "another id", add[i].id, where);
		add[i].added = 1;
		(*list)[(*n)++] = add[i];
	}
	free(add);
}

/* also: [{ section: "3", field: ID or LABEL, labels: [...] }] — more labels
 * a field accepts: the plan's own wording of it (never fewer). */
static void add_also(struct reader *r, const struct sakra_yaml *root, struct sakra_framework *fw)
{
	const struct sakra_yaml *v = list(r, root, "also");

	for (size_t i = 0; v && i < v->n && r->rc == 0; i++) {
		const struct sakra_yaml *m = v->items[i];
		const char *number = sakra_yaml_str(sakra_yaml_get(m, "section"));
		const char *which = sakra_yaml_str(sakra_yaml_get(m, "field"));
		const struct sakra_fw_section *s = number ? sakra_framework_section(fw, number) : NULL;
		struct sakra_fw_field *f = NULL;
		char **labels, **grown;
		size_t n = 0;

		if (!s || !which) {
			fail(r, m, "an 'also' entry names a section the framework has ('section: "
			     "\"3\"') and one of its fields ('field: ID' or its label)");
			break;
		}
		for (size_t k = 0; k < s->nfields && !f; k++) {
			struct sakra_fw_field *x = &s->fields[k];

			if (!strcmp(x->id, which))
				f = x;
			for (size_t l = 0; !f && l < x->label.n; l++)
				if (sakra_text_equal(x->label.text[l], which))
					f = x;
		}
		if (!f) {
			fail(r, sakra_yaml_get(m, "field"), "section %s has no field '%s'", s->number,
			     which);
			break;
		}
		labels = strlist(r, m, "labels", &n);
		if (r->rc || !n) {
			if (r->rc == 0)
				fail(r, m, "an 'also' entry lists 'labels: [...]'");
			strlist_free(labels, n);
			break;
		}
		if (!(grown = realloc(f->also, (f->nalso + n + 1) * sizeof(*grown)))) {
			strlist_free(labels, n);
			fail(r, NULL, "out of memory");
			break;
		}
		f->also = grown;
		memcpy(f->also + f->nalso, labels, n * sizeof(*labels));
		f->nalso += n;
		free(labels);
	}
}

static void add_sections(struct reader *r, const struct sakra_yaml *root,
			 struct sakra_framework *fw)
{
	static const char *const built_in_keys[] = { "title", "clauses", "optional", "repeatable",
						     "free_title", NULL };
	const struct sakra_yaml *v = list(r, root, "sections");

	for (size_t i = 0; v && i < v->n && r->rc == 0; i++) {
		const struct sakra_yaml *m = v->items[i];
		char *number = str(r, m, "number", 1);
		struct sakra_fw_section *s, *grown;
		char where[64];
		size_t at;

		if (r->rc)
			break;
		if (!valid_number(number)) {
			fail(r, sakra_yaml_get(m, "number"), "section number '%s' must be numbers "
			     "separated by dots (e.g. \"5.3\")", number);
			free(number);
			break;
		}
		snprintf(where, sizeof(where), "section %s", number);
		if ((s = (struct sakra_fw_section *)sakra_framework_section(fw, number))) {
			free(number);
			for (size_t k = 0; built_in_keys[k]; k++)
				if (sakra_yaml_get(m, built_in_keys[k]))
					fail(r, sakra_yaml_get(m, built_in_keys[k]), "section %s is "
					     "built into %s: requirements.yml may add fields to it, not "
					     "change its '%s'", s->number, fw->id, built_in_keys[k]);
			if (r->rc == 0)
				append_fields(r, m, where, &s->fields, &s->nfields);
			continue;
		}
		if (!(grown = realloc(fw->sections, (fw->nsections + 1) * sizeof(*grown)))) {
			free(number);
			fail(r, NULL, "out of memory");
			break;
		}
		fw->sections = grown;
		for (at = fw->nsections; at > 0 && number_cmp(fw->sections[at - 1].number, number) > 0;
		     at--)
			;
		memmove(&fw->sections[at + 1], &fw->sections[at],
			(fw->nsections - at) * sizeof(*grown));
		fw->nsections++;
		s = &fw->sections[at];
		memset(s, 0, sizeof(*s));
		s->number = number;
		s->added = 1;
		read_section(r, m, s);
		for (size_t k = 0; k < s->nfields; k++)
			s->fields[k].added = 1;
		for (size_t k = 0; k < fw->nsections; k++)
			fw->sections[k].index = k;
	}
}

static void add_obligations(struct reader *r, const struct sakra_yaml *root,
			    struct sakra_framework *fw)
{
	struct sakra_framework tmp;
	struct sakra_fw_obligation *grown = NULL;

	memset(&tmp, 0, sizeof(tmp));
	tmp.sections = fw->sections;
	tmp.nsections = fw->nsections;
	read_obligations(r, root, &tmp);
	for (size_t i = 0; i < tmp.nobligations && r->rc == 0; i++)
		for (size_t k = 0; k < fw->nobligations && r->rc == 0; k++)
			if (tmp.obligations[i].id && !strcmp(tmp.obligations[i].id, fw->obligations[k].id))
				fail(r, sakra_yaml_item(sakra_yaml_get(root, "obligations"), i),
				     "obligation '%s' is built into %s and cannot be redefined; "
				     "choose another id", fw->obligations[k].id, fw->id);
	if (r->rc == 0 && tmp.nobligations &&
	    !(grown = realloc(fw->obligations, (fw->nobligations + tmp.nobligations + 1) *
			      sizeof(*grown))))
		fail(r, NULL, "out of memory");
	if (r->rc == 0) {
		fw->obligations = tmp.nobligations ? grown : fw->obligations;
		for (size_t i = 0; i < tmp.nobligations; i++) {
			tmp.obligations[i].added = 1;
			fw->obligations[fw->nobligations++] = tmp.obligations[i];
		}
		tmp.nobligations = 0;
	}
	obligations_free(tmp.obligations, tmp.nobligations);
}

static void add_evidence_types(struct reader *r, const struct sakra_yaml *root,
			       struct sakra_framework *fw)
{
	size_t n = 0;
	char **add = strlist(r, root, "evidence_types", &n), **grown = NULL;

	if (r->rc == 0 && n &&
	    !(grown = realloc(fw->evidence_types, (fw->nevidence_types + n + 1) * sizeof(*grown))))
		fail(r, NULL, "out of memory");
	if (r->rc || !n) {
		strlist_free(add, n);
		return;
	}
	fw->evidence_types = grown;
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;

		while (k < fw->nevidence_types && strcmp(fw->evidence_types[k], add[i]) != 0)
			k++;
		if (k < fw->nevidence_types)
			free(add[i]);
		else
			fw->evidence_types[fw->nevidence_types++] = add[i];
	}
	free(add);
}

int sakra_framework_add(struct sakra_framework *fw, const char *text, size_t len,
			struct sakra_error *err)
{
	static const char *const known[] = { "sections", "obligations", "evidence_types", "assets",
					     "also", NULL };
	struct sakra_yaml *root = NULL;
	struct reader r = { SAKRA_REQUIREMENTS_FILE, err, 0 };
	const struct sakra_yaml *a;
	int rc;

	if ((rc = sakra_yaml_parse(&root, text, len, 1, err)) < 0) {
		if (err)
			snprintf(err->path, sizeof(err->path), "%s", SAKRA_REQUIREMENTS_FILE);
		return rc;
	}
	if (!root) {
		return 0;   /* empty: nothing added */
	}
	if (root->type != SAKRA_YAML_MAP) {
		sakra_yaml_free(root);
		return sakra_error_set(err, SAKRA_EPARSE, SAKRA_REQUIREMENTS_FILE, 1, 1,
				       "requirements.yml is a mapping (sections, obligations, "
				       "evidence_types, assets)");
	}
	for (size_t i = 0; i < root->n && r.rc == 0; i++) {
		size_t k = 0;

		while (known[k] && strcmp(known[k], root->pairs[i].key->value) != 0)
			k++;
		if (!known[k])
			fail(&r, root->pairs[i].key, "unknown key '%s' (requirements.yml holds "
			     "sections, obligations, evidence_types, assets and also)",
			     root->pairs[i].key->value);
	}
	if (r.rc == 0)
		add_sections(&r, root, fw);
	if (r.rc == 0 && (a = sakra_yaml_get(root, "assets"))) {
		if (!fw->assets.key)
			fail(&r, a, "%s has no information register to add fields to", fw->id);
		else if (a->type != SAKRA_YAML_MAP || a->n != 1 || !sakra_yaml_get(a, "fields"))
			fail(&r, a, "'assets' may only add 'fields' to the information register");
		else
			append_fields(&r, a, "the information register", &fw->assets.fields,
				      &fw->assets.nfields);
	}
	if (r.rc == 0)
		add_obligations(&r, root, fw);
	if (r.rc == 0)
		add_evidence_types(&r, root, fw);
	if (r.rc == 0)
		add_also(&r, root, fw);
	sakra_yaml_free(root);
	return r.rc;
}
