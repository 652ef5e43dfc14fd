/* Rules about one document's front matter and its marking; doc.c finds the
 * ones about the file itself (binary, UTF-8, bidi controls, size, YAML) as
 * it reads it. */



#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "sakra/date.h"
#include "sakra/intl.h"

#include "rules.h"


static const char *const common_keys[] = { "title", "classification", "legal_basis", "owner",
					   "reviewed", "sections", NULL };

static int known_key(const struct sakra_check *c, const char *k, enum sakra_doc_kind kind)
{
	const struct sakra_framework *fw = c->plan->fw;

	for (size_t i = 0; common_keys[i]; i++)
		if (strcmp(common_keys[i], k) == 0)
			return 1;
	return (kind == SAKRA_KIND_SYSTEM && strcmp(k, "system") == 0) ||
	       (kind == SAKRA_KIND_SYSTEM && fw && fw->assets.key && !strcmp(k, fw->assets.key)) ||
	       (kind == SAKRA_KIND_EVIDENCE && strcmp(k, "evidence") == 0);
}

/* Keys of the register's `system:` and the evidence's `evidence:` blocks. */
static void check_block_keys(struct sakra_check *c, const struct sakra_plan_doc *pd)
{
	const struct sakra_fw_assets *fa = c->plan->fw ? &c->plan->fw->assets : NULL;
	const char *name = pd->kind == SAKRA_KIND_SYSTEM ? "system" :
			   pd->kind == SAKRA_KIND_EVIDENCE ? "evidence" : NULL;
	const char *const *known = pd->kind == SAKRA_KIND_SYSTEM ? sakra_system_keys :
				   sakra_evidence_keys;
	const struct sakra_yaml *b = name && !pd->sidecar ?
				     sakra_yaml_get(pd->doc->front, name) : NULL;
	int asset = 0;

	if (!b && pd->kind == SAKRA_KIND_SYSTEM && fa && fa->key && !pd->sidecar &&
	    (b = sakra_yaml_get(pd->doc->front, fa->key))) {
		name = fa->key;
		asset = 1;
	}
	if (!b || b->type != SAKRA_YAML_MAP)
		return;
	for (size_t i = 0; i < b->n; i++) {
		const struct sakra_yaml *key = b->pairs[i].key;
		size_t k = 0;
		int found = 0;

		if (asset) {
			for (k = 0; k < fa->nfields && !found; k++)
				found = strcmp(fa->fields[k].id, key->value) == 0;
		} else {
			while (known[k] && strcmp(known[k], key->value) != 0)
				k++;
			found = known[k] != NULL;
		}
		if (!found)
			ADD(c, "doc.unknown-key", pd->doc->path, key->line, key->column,
			    "unknown key '%s.%s' (ignored); check its spelling", name, key->value);
	}
}

/* Whether text cites what: `what` at the start of a word of text, case
 * aside (ASCII). */
static int cites(const char *text, const char *what)
{
	size_t n = strlen(what);

	for (const char *p = text; n && *p; p++) {
		if (p > text && (isalnum((unsigned char)p[-1]) || (unsigned char)p[-1] >= 0x80))
			continue;
		if (strncasecmp(p, what, n) == 0)
			return 1;
	}
	return 0;
}

/* A file marked `level` (at v) but required by framework marking rule mk
 * to be at least mk->at_least, for the reason `because`. */
void sakra_rules_marked_below(struct sakra_check *c, const char *path, const struct sakra_yaml *v, int level,
			 const struct sakra_fw_marking *mk, const char *because)
{
	const struct sakra_config *cfg = c->plan->config;
	int least = sakra_config_fw_level(cfg, c->plan->fw, mk->at_least);

	if (least < 0 || level >= least)
		return;
	ADD(c, "doc.marking", path, v->line, v->column,
	    "classification '%s' is below '%s', which %s requires: %s (%s); mark the file "
	    "'%s' or higher", cfg->levels[level].id, cfg->levels[least].id, c->plan->fw->id,
	    because, mk->why, cfg->levels[least].id);
}

/* "N §" or "§ N" in text, N a whole number. */
static int names_section(const char *text, const char *n)
{
	size_t len = strlen(n);

	for (const char *p = text; len && (p = strstr(p, n)); p++) {
		const char *a = p + len, *b = p;

		if ((p > text && isdigit((unsigned char)p[-1])) || isdigit((unsigned char)*a))
			continue;
		while (*a == ' ')
			a++;
		while (b > text && b[-1] == ' ')
			b--;
		if (strncmp(a, "§", strlen("§")) == 0 ||
		    (b - text >= (long)strlen("§") && strncmp(b - strlen("§"), "§", strlen("§")) == 0))
			return 1;
	}
	return 0;
}

/* Whether a legal basis citing mk's act names one of its secrecy
 * provisions (or says secrecy in words); an act with none listed is a
 * secrecy act as a whole. "703/2023 77 §" is the duty to keep the plan. */
static int secrecy(const char *lb, const struct sakra_fw_marking *mk)
{
	if (!mk->nprovisions && !mk->nwords)
		return 1;
	for (size_t i = 0; i < mk->nprovisions; i++)
		if (names_section(lb, mk->provisions[i]))
			return 1;
	for (size_t i = 0; i < mk->nwords; i++)
		if (cites(lb, mk->words[i]))
			return 1;
	return 0;
}

/* A legal basis that cites a secrecy ground makes the file secret. */
static void check_legal_marking(struct sakra_check *c, const char *path, const struct sakra_yaml *v,
				int level, const char *lb)
{
	const struct sakra_framework *fw = c->plan->fw;
	char because[160];

	for (size_t i = 0; fw && lb && i < fw->nmarkings; i++)
		for (size_t k = 0; k < fw->markings[i].ncites; k++)
			if (cites(lb, fw->markings[i].cites[k]) && secrecy(lb, &fw->markings[i])) {
				snprintf(because, sizeof(because), "its legal basis cites %s",
					 fw->markings[i].cites[k]);
				sakra_rules_marked_below(c, path, v, level, &fw->markings[i], because);
				break;
			}
}

static void check_front(struct sakra_check *c, const struct sakra_plan_doc *pd)
{
	const struct sakra_doc *doc = pd->doc;
	const struct sakra_config *cfg = c->plan->config;
	const char *path = doc->path, *cls, *lb;
	const struct sakra_yaml *v;
	int level;

	if (!doc->has_front) {
		ADD(c, "doc.front-matter", path, 1, 1,
		    "no front matter; start the file with '---', 'title: ...', "
		    "'classification: ...' and '---'");
		return;
	}
	if (doc->front_bad)
		return;   /* unreadable: doc.yaml or doc.front-matter already said where */
	if (!doc->front) {
		if (!pd->sidecar)
			ADD(c, "doc.title", path, doc->front_line, 1,
			    "the front matter is empty; add 'title: ...'");
		ADD(c, "doc.classification", path, doc->front_line, 1,
		    "no classification: the front matter is empty; add 'classification: LEVEL' "
		    "(a level from sakra.yml)");
		return;
	}
	for (size_t i = 0; i < doc->front->n; i++) {
		const struct sakra_yaml *k = doc->front->pairs[i].key;

		if (!known_key(c, k->value, pd->kind))
			ADD(c, "doc.unknown-key", path, k->line, k->column,
			    "unknown front matter key '%s' (ignored); check its spelling", k->value);
	}
	check_block_keys(c, pd);
	if (!pd->sidecar && !sakra_doc_meta(doc, "title"))
		ADD(c, "doc.title", path, sakra_doc_meta_line(doc, "title"), 1,
		    "no title; add 'title: ...' to the front matter");
	cls = sakra_doc_meta(doc, "classification");
	if (!cls) {
		ADD(c, "doc.classification", path,
		    sakra_doc_meta_line(doc, "classification"), 1,
		    "no classification; add 'classification: LEVEL' (a level from sakra.yml)");
		return;
	}
	if (!cfg || !cfg->nlevels)
		return;
	v = sakra_yaml_get(doc->front, "classification");
	level = sakra_config_level(cfg, cls);
	if (level < 0) {
		char list[512] = "";

		for (size_t i = 0; i < cfg->nlevels; i++)
			sakra_rules_list_add(list, sizeof(list), cfg->levels[i].id);
		ADD(c, "doc.classification", path, v->line, v->column,
		    "classification '%s' is not a level declared in sakra.yml (%s)", cls, list);
		return;
	}
	if (c->plan->fw && c->plan->fw->floor) {
		int floor = sakra_config_fw_level(cfg, c->plan->fw, c->plan->fw->floor);

		if (floor >= 0 && level < floor)
			ADD(c, "doc.floor", path, v->line, v->column,
			    "classification '%s' is below '%s', the lowest level %s allows "
			    "(the plan is never public)", cls, cfg->levels[floor].id,
			    c->plan->fw->id);
	}
	lb = sakra_doc_meta(doc, "legal_basis");
	if (cfg->levels[level].legal_basis && (!lb || !*lb))
		ADD(c, "doc.legal-basis", path, v->line, v->column,
		    "classification '%s' requires a legal basis; add "
		    "'legal_basis: \"...\"' (e.g. the secrecy provision)", cls);
	check_legal_marking(c, path, v, level, lb);
	if ((v = sakra_yaml_get(doc->front, "reviewed")) &&
	    (!sakra_yaml_str(v) || sakra_date_parse(sakra_yaml_str(v), NULL) < 0))
		ADD(c, "doc.date", path, v->line, v->column,
		    "'reviewed' must be a date YYYY-MM-DD");
	if ((v = sakra_yaml_get(doc->front, "sections")) && c->plan->fw) {
		for (size_t i = 0; i < sakra_yaml_count(v); i++) {
			const struct sakra_yaml *item = sakra_yaml_item(v, i);
			const char *s = sakra_yaml_str(item);

			if (!s || !sakra_framework_section(c->plan->fw, s))
				ADD(c, "doc.sections", path, item->line, item->column,
				    "'sections' names %s, which framework %s does not have",
				    s ? s : "a non-text value", c->plan->fw->id);
		}
	}
}

void sakra_rules_check_date(struct sakra_check *c, const char *path, const struct sakra_date_value *dv,
		       const char *key)
{
	if (dv->node && !dv->valid)
		ADD(c, "doc.date", path, dv->node->line, dv->node->column,
		    "'%s' must be a date YYYY-MM-DD (e.g. 2027-03-31)", key);
}

/* A document without front matter: a front matter with an empty title and
 * the lowest level a file may be marked. */
static int fix_front_matter(const struct sakra_fix_in *in, struct sakra_fix *out)
{
	if (!in->doc || in->doc->has_front)
		return -1;
	out->line = 0;
	snprintf(out->text, sizeof(out->text), "---\ntitle: \"\"\nclassification: %s\n---\n\n",
		 in->lowest);
	snprintf(out->title, sizeof(out->title), "%s", _("Add front matter"));
	return 0;
}

/* A readable front matter without a title or a classification: the key,
 * at the front matter's first line. */
static int fix_front_key(const struct sakra_fix_in *in, struct sakra_fix *out, const char *key)
{
	const struct sakra_doc *doc = in->doc;

	if (!doc || !doc->has_front || doc->front_bad || sakra_doc_meta(doc, key))
		return -1;
	out->line = doc->front_line;
	if (!strcmp(key, "title")) {
		snprintf(out->text, sizeof(out->text), "title: \"\"\n");
		snprintf(out->title, sizeof(out->title), "%s", _("Add a title"));
	} else {
		snprintf(out->text, sizeof(out->text), "classification: %s\n", in->lowest);
		snprintf(out->title, sizeof(out->title), "%s", _("Add a classification"));
	}
	return 0;
}

static int fix_title(const struct sakra_fix_in *in, struct sakra_fix *out)
{
	return fix_front_key(in, out, "title");
}

static int fix_classification(const struct sakra_fix_in *in, struct sakra_fix *out)
{
	return fix_front_key(in, out, "classification");
}

static const struct sakra_rule rules[] = {
	{ "doc.binary", SAKRA_ERROR, 0,
	  N_("a Markdown file holds binary data"),
	  0, NULL },
	{ "doc.utf8", SAKRA_ERROR, 0,
	  N_("a Markdown file is not valid UTF-8"),
	  0, NULL },
	{ "doc.bidi", SAKRA_WARNING, 0,
	  N_("text holds a Unicode bidi control, so it displays otherwise than it reads"),
	  0, NULL },
	{ "doc.line-length", SAKRA_ERROR, 0,
	  N_("a line is too long to be a plan document"),
	  0, NULL },
	{ "doc.size", SAKRA_ERROR, 0,
	  N_("a Markdown file is too large"),
	  0, NULL },
	{ "doc.yaml", SAKRA_ERROR, 0,
	  N_("the front matter cannot be read as YAML"),
	  0, NULL },
	{ "doc.front-matter", SAKRA_ERROR, 0,
	  N_("a document has no front matter"),
	  0, fix_front_matter },
	{ "doc.title", SAKRA_ERROR, 0,
	  N_("a document has no title"),
	  0, fix_title },
	{ "doc.classification", SAKRA_ERROR, 0,
	  N_("a document's classification is missing or not a declared level"),
	  0, fix_classification },
	{ "doc.floor", SAKRA_ERROR, 0,
	  N_("a document is marked below the framework's lowest allowed level"),
	  0, NULL },
	{ "doc.marking", SAKRA_ERROR, 0,
	  N_("a file is marked below what its content requires (an asset's rating, a secrecy legal basis)"),
	  0, NULL },
	{ "doc.legal-basis", SAKRA_ERROR, 0,
	  N_("a classification that requires a legal basis has none"),
	  0, NULL },
	{ "doc.date", SAKRA_ERROR, 0,
	  N_("a front matter date is not YYYY-MM-DD"),
	  0, NULL },
	{ "doc.sections", SAKRA_ERROR, 0,
	  N_("front matter names a section the framework does not have"),
	  0, NULL },
	{ "doc.unknown-key", SAKRA_WARNING, 0,
	  N_("front matter has a key sakra does not know"),
	  0, NULL },
};

const struct sakra_rule_set sakra_rules_doc = { rules, SAKRA_RULES(rules), check_front, NULL };
