/* check: the rules over a plan — front matter and markings, the framework's
 * sections and fields, placeholders, links, file names. Each rule has an id
 * (declared in the registry of diag.c) and adds findings; nothing here
 * prints. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sakra/check.h"
#include "sakra/intl.h"
#include "sakra/words.h"
#include "sakra/embed.h"
#include "sakra/followup.h"
#include "sakra/date.h"
#include "sakra/text.h"
#include "sakra/theme.h"
#include "sakra/age.h"
#include "sakra/crypto.h"
#include "sakra/minisign.h"

struct ctx {
	const struct sakra_plan *plan;
	const struct sakra_check_options *opts;
	struct sakra_diags *d;
	const char *lang;
};

#define ADD(c, sev, rule, path, line, col, ...) \
	sakra_diags_add((c)->d, (sev), (rule), (path), (line), (col), __VA_ARGS__)

/* --- front matter and markings ------------------------------------------- */

static const char *const common_keys[] = { "title", "classification", "legal_basis", "owner",
					   "reviewed", "sections", NULL };

static int known_key(const struct ctx *c, const char *k, enum sakra_doc_kind kind)
{
	const struct sakra_framework *fw = c->plan->fw;

	for (size_t i = 0; common_keys[i]; i++)
		if (strcmp(common_keys[i], k) == 0)
			return 1;
	return (kind == SAKRA_KIND_SYSTEM && strcmp(k, "system") == 0) ||
	       (kind == SAKRA_KIND_SYSTEM && fw && fw->assets.key && !strcmp(k, fw->assets.key)) ||
	       (kind == SAKRA_KIND_EVIDENCE && strcmp(k, "evidence") == 0);
}

/* Appends id to a comma-separated list for a message (cut at size). */
static void list_add(char *out, size_t size, const char *id)
{
	size_t o = strlen(out);

	if (o + 1 < size)
		snprintf(out + o, size - o, "%s%s", o ? ", " : "", id);
}

/* Keys of the register's `system:` and the evidence's `evidence:` blocks. */
static void check_block_keys(struct ctx *c, const struct sakra_plan_doc *pd)
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
			ADD(c, SAKRA_WARNING, "doc.unknown-key", pd->doc->path, key->line, key->column,
			    "unknown key '%s.%s' (ignored); check its spelling", name, key->value);
	}
}

/* --- what content requires of a file's marking ---------------------------- */

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
static void marked_below(struct ctx *c, const char *path, const struct sakra_yaml *v, int level,
			 const struct sakra_fw_marking *mk, const char *because)
{
	const struct sakra_config *cfg = c->plan->config;
	int least = sakra_config_level(cfg, mk->at_least);

	if (least < 0 || level >= least)
		return;
	ADD(c, SAKRA_ERROR, "doc.marking", path, v->line, v->column,
	    "classification '%s' is below '%s', which %s requires: %s (%s); mark the file "
	    "'%s' or higher", cfg->levels[level].id, mk->at_least, c->plan->fw->id, because,
	    mk->why, mk->at_least);
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
static void check_legal_marking(struct ctx *c, const char *path, const struct sakra_yaml *v,
				int level, const char *lb)
{
	const struct sakra_framework *fw = c->plan->fw;
	char because[160];

	for (size_t i = 0; fw && lb && i < fw->nmarkings; i++)
		for (size_t k = 0; k < fw->markings[i].ncites; k++)
			if (cites(lb, fw->markings[i].cites[k]) && secrecy(lb, &fw->markings[i])) {
				snprintf(because, sizeof(because), "its legal basis cites %s",
					 fw->markings[i].cites[k]);
				marked_below(c, path, v, level, &fw->markings[i], because);
				break;
			}
}

static void check_front(struct ctx *c, const struct sakra_plan_doc *pd)
{
	const struct sakra_doc *doc = pd->doc;
	const struct sakra_config *cfg = c->plan->config;
	const char *path = doc->path, *cls, *lb;
	const struct sakra_yaml *v;
	int level;

	if (!doc->has_front) {
		ADD(c, SAKRA_ERROR, "doc.front-matter", path, 1, 1,
		    "no front matter; start the file with '---', 'title: ...', "
		    "'classification: ...' and '---'");
		return;
	}
	if (doc->front_bad)
		return;   /* unreadable: doc.yaml or doc.front-matter already said where */
	if (!doc->front) {
		if (!pd->sidecar)
			ADD(c, SAKRA_ERROR, "doc.title", path, doc->front_line, 1,
			    "the front matter is empty; add 'title: ...'");
		ADD(c, SAKRA_ERROR, "doc.classification", path, doc->front_line, 1,
		    "no classification: the front matter is empty; add 'classification: LEVEL' "
		    "(a level from sakra.yml)");
		return;
	}
	for (size_t i = 0; i < doc->front->n; i++) {
		const struct sakra_yaml *k = doc->front->pairs[i].key;

		if (!known_key(c, k->value, pd->kind))
			ADD(c, SAKRA_WARNING, "doc.unknown-key", path, k->line, k->column,
			    "unknown front matter key '%s' (ignored); check its spelling", k->value);
	}
	check_block_keys(c, pd);
	if (!pd->sidecar && !sakra_doc_meta(doc, "title"))
		ADD(c, SAKRA_ERROR, "doc.title", path, sakra_doc_meta_line(doc, "title"), 1,
		    "no title; add 'title: ...' to the front matter");
	cls = sakra_doc_meta(doc, "classification");
	if (!cls) {
		ADD(c, SAKRA_ERROR, "doc.classification", path,
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
			list_add(list, sizeof(list), cfg->levels[i].id);
		ADD(c, SAKRA_ERROR, "doc.classification", path, v->line, v->column,
		    "classification '%s' is not a level declared in sakra.yml (%s)", cls, list);
		return;
	}
	if (c->plan->fw && c->plan->fw->floor) {
		int floor = sakra_config_level(cfg, c->plan->fw->floor);

		if (floor >= 0 && level < floor)
			ADD(c, SAKRA_ERROR, "doc.floor", path, v->line, v->column,
			    "classification '%s' is below '%s', the lowest level %s allows "
			    "(the plan is never public)", cls, c->plan->fw->floor, c->plan->fw->id);
	}
	lb = sakra_doc_meta(doc, "legal_basis");
	if (cfg->levels[level].legal_basis && (!lb || !*lb))
		ADD(c, SAKRA_ERROR, "doc.legal-basis", path, v->line, v->column,
		    "classification '%s' requires a legal basis; add "
		    "'legal_basis: \"...\"' (e.g. the secrecy provision)", cls);
	check_legal_marking(c, path, v, level, lb);
	if ((v = sakra_yaml_get(doc->front, "reviewed")) &&
	    (!sakra_yaml_str(v) || sakra_date_parse(sakra_yaml_str(v), NULL) < 0))
		ADD(c, SAKRA_ERROR, "doc.date", path, v->line, v->column,
		    "'reviewed' must be a date YYYY-MM-DD");
	if ((v = sakra_yaml_get(doc->front, "sections")) && c->plan->fw) {
		for (size_t i = 0; i < sakra_yaml_count(v); i++) {
			const struct sakra_yaml *item = sakra_yaml_item(v, i);
			const char *s = sakra_yaml_str(item);

			if (!s || !sakra_framework_section(c->plan->fw, s))
				ADD(c, SAKRA_ERROR, "doc.sections", path, item->line, item->column,
				    "'sections' names %s, which framework %s does not have",
				    s ? s : "a non-text value", c->plan->fw->id);
		}
	}
}

/* Key files are a few hundred bytes; larger files are not read for keys. */
#define SECRET_KEY_FILE_MAX 4096

static void check_files(struct ctx *c)
{
	const struct sakra_tree *t = c->plan->tree;
	struct sakra_buf sidecar = SAKRA_BUF_INIT;

	for (size_t i = 0; i < t->n; i++) {
		const struct sakra_file *f = &t->files[i];
		const char *why;
		size_t line;

		if (strncmp(f->path, "theme/", 6) != 0)
			continue;
		sakra_buf_clear(&sidecar);
		if (sakra_tree_read(t, f, &sidecar, 4u << 20, NULL) == 0 &&
		    sakra_theme_check(f->path + 6, sakra_buf_cstr(&sidecar), sidecar.len, &line,
				      &why) < 0)
			ADD(c, SAKRA_ERROR, "theme.unsafe", f->path, line, 1, "%s; a theme holds no "
			    "script and reaches no other host: remove it", why);
	}
	/* A secret key committed by mistake (keygen's -o inside the plan,
	 * 'git add -A'): small files only, as key files are. */
	for (size_t i = 0; i < t->n; i++) {
		const struct sakra_file *f = &t->files[i];

		size_t n = strlen(f->path);

		/* a plan's Markdown is parsed as documents already: key files
		 * are the other small files (.key, .txt, none) */
		if (f->symlink || f->withheld || f->size > SECRET_KEY_FILE_MAX ||
		    (n > 3 && !strcmp(f->path + n - 3, ".md")))
			continue;
		sakra_buf_clear(&sidecar);
		if (sakra_tree_read(t, f, &sidecar, SECRET_KEY_FILE_MAX, NULL) < 0)
			continue;
		if (sakra_seckey_looks_like(sidecar.ptr, sidecar.len) ||
		    sakra_age_identity_looks_like(sidecar.ptr, sidecar.len))
			ADD(c, SAKRA_ERROR, "secret.key", f->path, 1, 1,
			    "a secret key is in the plan, where everyone who can read the "
			    "repository or a bundle gets it: move it out of the repository "
			    "('git rm --cached %s' if git has it), and if it was ever committed or "
			    "pushed, make a new key and remove this one's .pub from keys/", f->path);
		sakra_wipe(sidecar.ptr, sidecar.len);
	}
	for (size_t i = 0; i < t->nrefused; i++)
		ADD(c, SAKRA_ERROR, "path.git", t->refused[i].path, 0, 0, "%s", t->refused[i].why);
	for (size_t i = 0; i < t->n; i++) {
		const struct sakra_file *f = &t->files[i];
		size_t len = strlen(f->path);
		const char *why = sakra_path_git_refuses(f->path, f->symlink);

		if (why)
			ADD(c, SAKRA_ERROR, "path.git", f->path, 0, 0, "git refuses to check this path "
			    "out (%s), so no one who clones the plan gets it and sakra neither "
			    "approves nor bundles it; rename or remove it", why);
		if (strpbrk(f->path, "\n\\"))
			ADD(c, SAKRA_ERROR, "path.unsafe", f->path, 0, 0,
			    "file name holds a newline or backslash, which manifests and "
			    "sha256sum cannot carry; rename it");
		if (sakra_plan_kind(f->path) < 0)
			continue;
		if (f->symlink) {
			ADD(c, SAKRA_ERROR, "file.symlink", f->path, 0, 0,
			    "a symbolic link; plan files must be regular files");
			continue;
		}
		if (len > 3 && strcmp(f->path + len - 3, ".md") == 0)
			continue;
		if (sakra_is_marker(f->path, f->size))
			continue;
		sakra_buf_clear(&sidecar);
		if (sakra_buf_printf(&sidecar, "%s.md", f->path) < 0) {
			c->d->oom = 1;
			break;
		}
		if (sakra_tree_find(t, sidecar.ptr) || sakra_plan_is_attachment(c->plan, f->path))
			continue;
		ADD(c, SAKRA_ERROR, "file.marking", f->path, 0, 0,
		    "no classification marking; add a sidecar '%s' with title and "
		    "classification, or list the file as an attachment of an evidence record",
		    sidecar.ptr);
	}
	sakra_buf_free(&sidecar);
}

/* --- sections and fields ------------------------------------------------- */

/* Where the required fields of a section are looked for: from its heading
 * to the next numbered heading that is not one of its subsections. */
static size_t section_end(const struct sakra_doc *doc, const struct sakra_heading *h)
{
	size_t nlen = strlen(h->number);

	for (size_t i = (size_t)(h - doc->headings) + 1; i < doc->nheadings; i++) {
		const struct sakra_heading *n = &doc->headings[i];

		if (n->level <= h->level)
			return n->line;
		if (n->number && !(strncmp(n->number, h->number, nlen) == 0 &&
				   n->number[nlen] == '.'))
			return n->line;
	}
	return (size_t)-1;
}

/* A field that is a date (a decision, the next revision): YYYY-MM-DD, and a
 * deadline must not have passed. */
static void check_field_date(struct ctx *c, const struct sakra_fw_field *fd, const char *label,
			     const struct sakra_field *hit, const char *path)
{
	struct sakra_date d;
	char t[11];

	if (sakra_date_parse(hit->value, &d) < 0) {
		ADD(c, SAKRA_ERROR, "field.date", path, hit->line, hit->column,
		    "'%s' must be a date YYYY-MM-DD, not '%s'", label, hit->value);
		return;
	}
	if (fd->deadline && sakra_date_cmp(&d, &c->opts->today) < 0) {
		sakra_date_format(&c->opts->today, t);
		ADD(c, c->opts->strict ? SAKRA_ERROR : SAKRA_WARNING, "field.deadline", path,
		    hit->line, hit->column, "'%s' was %s, before today (%s); do what it "
		    "promised and set the next date", label, hit->value, t);
	}
}

/* The field of the section (lines after at's heading, before end) whose
 * label is nearest to label, for a "did you mean"; NULL if none is close. */
static const struct sakra_field *near_label(struct ctx *c, const struct sakra_section_loc *at,
					    size_t end, const char *label)
{
	const char *labels[256] = { NULL };
	const struct sakra_field *fields[256];
	const char *best;
	size_t n = 0;

	(void)c;
	for (size_t i = 0; i < at->doc->nfields && n < 256; i++) {
		const struct sakra_field *f = &at->doc->fields[i];

		if (f->line > at->h->line && f->line < end) {
			fields[n] = f;
			labels[n++] = f->label;
		}
	}
	if (!(best = sakra_text_nearest(label, labels, n)))
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (labels[i] == best)
			return fields[i];
	return NULL;
}

/* The required fields of section s, looked for from its heading to the next
 * numbered heading that is not one of its subsections. */
static void check_fields(struct ctx *c, const struct sakra_fw_section *s,
			 const struct sakra_section_loc *at)
{
	size_t end;

	if (!at->h)
		return;
	end = section_end(at->doc, at->h);
	for (size_t k = 0; k < s->nfields; k++) {
		const char *label = sakra_i18n_get(&s->fields[k].label, c->lang);
		const struct sakra_field *hit = NULL, *near;

		for (size_t i = 0; i < at->doc->nfields && !hit; i++) {
			const struct sakra_field *f = &at->doc->fields[i];

			if (f->line > at->h->line && f->line < end &&
			    sakra_plan_field_is(c->plan, &s->fields[k], f))
				hit = f;
		}
		if (!hit && (near = near_label(c, at, end, label)) != NULL)
			ADD(c, SAKRA_ERROR, "field.missing", at->doc->path, near->line, near->column,
			    "required field '%s' is missing in section %s; this line's '%s' is close: "
			    "write the label as '%s:', or accept yours in requirements.yml "
			    "('also:')", label, s->number, near->label, label);
		else if (!hit)
			ADD(c, SAKRA_ERROR, "field.missing", at->doc->path, at->h->line, 1,
			    "required field '%s' is missing in section %s; add a line '%s: ...'",
			    label, s->number, label);
		else if (hit->placeholder)
			ADD(c, SAKRA_ERROR, "field.empty", at->doc->path, hit->line, hit->column,
			    "required field '%s' is empty", label);
		else if (s->fields[k].type == SAKRA_FW_DATE)
			check_field_date(c, &s->fields[k], label, hit, at->doc->path);
	}
}

/* A language's name for a message ("Finnish"), or its code when sakra has
 * no words in it. */
static const char *language_name(const char *lang)
{
	const struct sakra_words *w = sakra_words(lang);

	return strcmp(w->lang, lang) == 0 ? w->name : lang;
}

/* A heading whose title is not the framework's: a warning in the official
 * language; in a translation the number is what counts, and the title is a
 * note that --strict shows. */
static void check_title(struct ctx *c, const struct sakra_fw_section *s,
			const struct sakra_heading *h, const char *path)
{
	const struct sakra_framework *fw = c->plan->fw;
	const char *official = sakra_framework_official(fw);

	if (!sakra_plan_translated(c->plan))
		ADD(c, SAKRA_WARNING, "section.title", path, h->line, h->column,
		    "section %s is titled '%s'; %s calls it '%s'", s->number, h->title,
		    fw->id, sakra_i18n_get(&s->title, c->lang));
	else if (c->opts->strict)
		ADD(c, SAKRA_NOTE, "section.title", path, h->line, h->column,
		    "section %s is titled '%s'; the %s translation of %s says '%s' (the "
		    "official %s title: '%s'); a translation may be worded otherwise, so this "
		    "is only a note", s->number, h->title, language_name(c->lang), fw->id,
		    sakra_i18n_get(&s->title, c->lang), language_name(official),
		    sakra_i18n_get(&s->title, official));
}

/* The order, titles and uniqueness of the numbered headings of plan/. */
static void check_headings(struct ctx *c)
{
	const struct sakra_plan *plan = c->plan;
	const struct sakra_framework *fw = plan->fw;
	const struct sakra_fw_section *prev = NULL;
	const struct sakra_doc *prev_doc = NULL;
	size_t prev_line = 0;
	unsigned char *seen = calloc(fw->nsections, 1);

	if (!seen) {
		c->d->oom = 1;
		return;
	}
	for (size_t i = 0; i < plan->ndocs; i++) {
		const struct sakra_plan_doc *pd = &plan->docs[i];
		const struct sakra_doc *doc = pd->doc;

		if (!doc || pd->kind != SAKRA_KIND_PLAN)
			continue;
		for (size_t k = 0; k < doc->nheadings; k++) {
			const struct sakra_heading *h = &doc->headings[k];
			const struct sakra_fw_section *s;
			const struct sakra_section_loc *first;

			if (!h->number)
				continue;
			if (!(s = sakra_framework_section(fw, h->number))) {
				ADD(c, SAKRA_WARNING, "section.unknown", doc->path, h->line, h->column,
				    "section %s is not a section of %s; check the number", h->number,
				    fw->id);
				continue;
			}
			first = &plan->where[s->index];
			if (seen[s->index] && !s->repeatable) {
				ADD(c, SAKRA_ERROR, "section.duplicate", doc->path, h->line, h->column,
				    "section %s appears again (first at %s:%zu); each section "
				    "appears once", s->number, first->doc->path, first->line);
				continue;
			}
			if (prev && s->index < prev->index && s != prev)
				ADD(c, SAKRA_ERROR, "section.order", doc->path, h->line, h->column,
				    "section %s comes after %s (%s:%zu); order the sections as %s does",
				    s->number, prev->number, prev_doc->path, prev_line, fw->id);
			if (!s->free_title && !sakra_plan_text_is(plan, &s->title, NULL, 0, h->title))
				check_title(c, s, h, doc->path);
			prev_doc = first->doc;
			prev_line = first->line;
			seen[s->index] = 1;
			prev = s;
		}
	}
	free(seen);
}

static void check_sections(struct ctx *c)
{
	const struct sakra_plan *plan = c->plan;
	const struct sakra_framework *fw = plan->fw;
	int unreadable = 0;

	check_headings(c);
	for (size_t i = 0; i < plan->ndocs; i++)
		if (plan->docs[i].kind == SAKRA_KIND_PLAN &&
		    (!plan->docs[i].doc || !plan->docs[i].doc->readable))
			unreadable = 1;
	for (size_t i = 0; i < fw->nsections; i++) {
		const struct sakra_fw_section *s = &fw->sections[i];
		const struct sakra_section_loc *before = NULL;

		if (plan->where[i].doc) {
			check_fields(c, s, &plan->where[i]);
			continue;
		}
		/* A chapter that could not be read was already reported; guessing
		 * which sections it held would only add noise. Optional sections
		 * that the register needs are the register's finding. */
		if (s->optional || unreadable)
			continue;
		for (size_t k = i; k-- > 0 && !before;)
			if (plan->where[k].doc)
				before = &plan->where[k];
		if (before && s->nclauses)
			ADD(c, SAKRA_ERROR, "section.missing", before->doc->path, before->line, 1,
			    "required section %s '%s' (clause %s) is missing; add a heading '%s %s' "
			    "after section %s", s->number, sakra_i18n_get(&s->title, c->lang),
			    s->clauses[0], s->number, sakra_i18n_get(&s->title, c->lang),
			    fw->sections[before - plan->where].number);
		else if (before)
			ADD(c, SAKRA_ERROR, "section.missing", before->doc->path, before->line, 1,
			    "required section %s '%s' is missing; add a heading '%s %s' after "
			    "section %s", s->number, sakra_i18n_get(&s->title, c->lang),
			    s->number, sakra_i18n_get(&s->title, c->lang),
			    fw->sections[before - plan->where].number);
		else
			ADD(c, SAKRA_ERROR, "section.missing", SAKRA_CONFIG_FILE,
			    plan->config->framework_line, 1,
			    "required section %s '%s' is missing; add a heading '%s %s' to a "
			    "file under plan/", s->number, sakra_i18n_get(&s->title, c->lang),
			    s->number, sakra_i18n_get(&s->title, c->lang));
	}
}

/* --- sections must say something ------------------------------------------ */

/* The lines of the framework's skeleton (its headings, regulation
 * reference lines, lead-ins and guidance), trimmed and sorted: a line of
 * the plan that is one of them says nothing of the plan's own. */
struct span {
	const char *s;
	size_t n;
};

struct skeleton {
	struct span *line;
	size_t n;
	char *text;
	/* the prefixes of the skeleton's regulation reference lines, up to
	 * and with the colon ("Föreskrift 3/2024:", "Määräys 3/2024:") */
	struct span ref[8];
	size_t nref;
};

/* The text inside one emphasis or bracket pair that wraps the whole line
 * ("*Föreskrift 3/2024: 6.5 ...*", "[Föreskrift 3/2024: ...]"); 0 if none. */
static int wrapped(const char *s, size_t n, struct span *in)
{
	size_t k = 0;

	while (k < n && k < 2 && (s[k] == '*' || s[k] == '_'))
		k++;
	if (k == 0 && n && s[0] == '[' && s[n - 1] == ']')
		k = 1;
	if (k == 0 || n < 2 * k + 1)
		return 0;
	if (s[0] == '[' ? s[n - 1] != ']' : memcmp(s, s + n - k, k) != 0)
		return 0;
	in->s = s + k;
	in->n = n - 2 * k;
	return 1;
}

/* The regulation reference prefix a wrapped line starts with: a word, a
 * space, a number with a '/' ("3/2024") and a colon. */
static size_t ref_prefix(const struct span *in)
{
	size_t i = 0, slash = 0;

	while (i < in->n && in->s[i] != ' ' && in->s[i] != ':')
		i++;
	if (i == 0 || i >= in->n || in->s[i] != ' ')
		return 0;
	for (i++; i < in->n && (isdigit((unsigned char)in->s[i]) || in->s[i] == '/'); i++)
		slash += in->s[i] == '/';
	return slash == 1 && i < in->n && in->s[i] == ':' ? i + 1 : 0;
}

/* A line that only names the regulation clause, in the skeleton's form,
 * whatever clause it names: it says nothing of the organisation's own. */
static int reference_line(const struct skeleton *k, const char *s, size_t n)
{
	struct span in;
	size_t p;

	if (!wrapped(s, n, &in) || !(p = ref_prefix(&in)))
		return 0;
	for (size_t i = 0; i < k->nref; i++)
		if (k->ref[i].n == p && memcmp(k->ref[i].s, in.s, p) == 0)
			return 1;
	return 0;
}

static void trim(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

static int cmp_span(const void *x, const void *y)
{
	const struct span *a = x, *b = y;
	int c = memcmp(a->s, b->s, a->n < b->n ? a->n : b->n);

	return c ? c : (a->n > b->n) - (a->n < b->n);
}

static void skeleton_free(struct skeleton *k)
{
	free(k->line);
	free(k->text);
	memset(k, 0, sizeof(*k));
}

/* 1 if path is a plan file of the skeleton of fw_id, in any language
 * ("content-skeleton/ID/plan/..." or "content-skeleton/ID.LANG/plan/..."). */
static int skeleton_plan_file(const char *path, const char *prefix, size_t n)
{
	const char *rest;

	if (strncmp(path, prefix, n) != 0)
		return 0;
	rest = path + n;
	if (*rest == '.')
		rest += strcspn(rest, "/");
	return strncmp(rest, "/plan/", 6) == 0;
}

static int skeleton_load(struct skeleton *k, const char *fw_id)
{
	struct sakra_buf all = SAKRA_BUF_INIT, prefix = SAKRA_BUF_INIT;
	size_t cap = 0;

	memset(k, 0, sizeof(*k));
	if (sakra_buf_printf(&prefix, "content-skeleton/%s", fw_id) < 0)
		return SAKRA_ENOMEM;
	for (size_t i = 0; i < sakra_embedded_count; i++)
		if (skeleton_plan_file(sakra_embedded_files[i].path, prefix.ptr, prefix.len) &&
		    (sakra_buf_put(&all, sakra_embedded_files[i].data, sakra_embedded_files[i].size) < 0 ||
		     sakra_buf_putc(&all, '\n') < 0)) {
			sakra_buf_free(&prefix);
			sakra_buf_free(&all);
			return SAKRA_ENOMEM;
		}
	sakra_buf_free(&prefix);
	if (!all.ptr)
		return 0;
	k->text = sakra_buf_detach(&all);
	for (const char *p = k->text; *p;) {
		const char *e = strchr(p, '\n');
		struct span t = { p, e ? (size_t)(e - p) : strlen(p) };

		trim(&t.s, &t.n);
		if (t.n && k->nref < sizeof(k->ref) / sizeof(*k->ref)) {
			struct span in;
			size_t pl, i;

			if (wrapped(t.s, t.n, &in) && (pl = ref_prefix(&in))) {
				for (i = 0; i < k->nref; i++)
					if (k->ref[i].n == pl && memcmp(k->ref[i].s, in.s, pl) == 0)
						break;
				if (i == k->nref)
					k->ref[k->nref++] = (struct span){ in.s, pl };
			}
		}
		if (t.n) {
			if (k->n == cap) {
				struct span *v = realloc(k->line, (cap = cap ? 2 * cap : 256) * sizeof(*v));

				if (!v) {
					skeleton_free(k);
					return SAKRA_ENOMEM;
				}
				k->line = v;
			}
			k->line[k->n++] = t;
		}
		p = e ? e + 1 : p + strlen(p);
	}
	if (k->n)
		qsort(k->line, k->n, sizeof(*k->line), cmp_span);
	return 0;
}

static int in_skeleton(const struct skeleton *k, const char *s, size_t n)
{
	struct span key = { s, n };

	return k->n && bsearch(&key, k->line, k->n, sizeof(*k->line), cmp_span) != NULL;
}

/* A document's body by lines, and the first lines of its guidance
 * paragraphs, sorted: what section_says reads. */
struct body_lines {
	const char **start;
	size_t *len;
	size_t n, first;          /* body line k is file line first + k */
	size_t *guide;
	size_t nguide;
};

static void body_lines_free(struct body_lines *b)
{
	free(b->start);
	free(b->len);
	free(b->guide);
}

static int cmp_size(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	return a < b ? -1 : a > b;
}

static int body_lines_init(struct body_lines *b, const struct sakra_doc *doc)
{
	const char *p = doc->body;
	size_t n = 1;

	memset(b, 0, sizeof(*b));
	b->first = doc->body_line;
	for (const char *q = p; q && (q = strchr(q, '\n')); q++)
		n++;
	if (!(b->start = malloc(n * sizeof(*b->start))) || !(b->len = malloc(n * sizeof(*b->len))) ||
	    (doc->nplaceholders && !(b->guide = malloc(doc->nplaceholders * sizeof(*b->guide)))))
		return SAKRA_ENOMEM;
	for (; p; b->n++) {
		const char *e = strchr(p, '\n');

		b->start[b->n] = p;
		b->len[b->n] = e ? (size_t)(e - p) : strlen(p);
		p = e ? e + 1 : NULL;
	}
	for (size_t i = 0; i < doc->nplaceholders; i++)
		if (doc->placeholders[i].paragraph)
			b->guide[b->nguide++] = doc->placeholders[i].line;
	if (b->nguide)   /* qsort(NULL, 0) is undefined */
		qsort(b->guide, b->nguide, sizeof(*b->guide), cmp_size);
	return 0;
}

/* A line that ends with a colon (emphasis aside): it introduces what
 * follows. */
static int lead_in(const char *t, size_t n)
{
	while (n && (t[n - 1] == '*' || t[n - 1] == '_' || t[n - 1] == ' '))
		n--;
	return n && t[n - 1] == ':';
}

/* What a section's text (after its heading on line `from`, up to line
 * `to`) says: 0 nothing, 1 something, 2 that it does not apply (with a
 * reason), -1 that it does not apply without one (*at: the line). */
static int section_says(const struct body_lines *b, const struct skeleton *k, size_t from,
			size_t to, size_t *at)
{
	int said = 0, guidance = 0;

	for (size_t line = from + 1; line < to && line >= b->first && line - b->first < b->n; line++) {
		const char *t = b->start[line - b->first];
		size_t tn = b->len[line - b->first];

		trim(&t, &tn);
		if (!tn) {
			guidance = 0;
			continue;
		}
		if (b->nguide && bsearch(&line, b->guide, b->nguide, sizeof(*b->guide), cmp_size))
			guidance = 1;
		if (guidance || t[0] == '#' || in_skeleton(k, t, tn) || reference_line(k, t, tn))
			continue;
		switch (sakra_not_applicable_line(t, tn)) {
		case -1:
			*at = line;
			return -1;
		case 1:
			return 2;
		}
		/* a lead-in ending with a colon ("... iakttas följande
		 * tillvägagångssätt:", the template's own) says something only
		 * through what follows it */
		if (sakra_says_something(t, tn) && !lead_in(t, tn))
			said = 1;
	}
	return said;
}

/* Each section of the framework that the plan has, required or not, must
 * say something of its own; a section whose subsections are there is
 * judged through them. */
static void check_section_content(struct ctx *c)
{
	const struct sakra_plan *plan = c->plan;
	const struct sakra_framework *fw = plan->fw;
	struct skeleton k;

	if (skeleton_load(&k, fw->id) < 0) {
		c->d->oom = 1;
		return;
	}
	for (size_t d = 0; d < plan->ndocs && !c->d->oom; d++) {
		const struct sakra_doc *doc = plan->docs[d].doc;
		struct body_lines b;

		if (plan->docs[d].kind != SAKRA_KIND_PLAN || !doc || !doc->readable || !doc->body)
			continue;
		if (body_lines_init(&b, doc) < 0) {
			c->d->oom = 1;
			body_lines_free(&b);
			break;
		}
		for (size_t h = 0; h < doc->nheadings; h++) {
			const struct sakra_heading *x = &doc->headings[h];
			const struct sakra_fw_section *s = x->number ? sakra_framework_section(fw, x->number)
								     : NULL;
			size_t to = 0, at = 0;
			int sub = 0, says;

			if (!s)
				continue;
			/* a section with subsections speaks in its own text; what
			 * its subsections say is theirs (each judged on its own) */
			sakra_doc_section_end(plan, doc, h, &sub, &to);
			says = section_says(&b, &k, x->line, to, &at);
			if (says < 0)
				ADD(c, SAKRA_ERROR, "section.empty", doc->path, at, 1,
				    "section %s says it does not apply but gives no reason; write the "
				    "reason after the colon", s->number);
			else if (!says && !sub && sakra_plan_section_required(plan, s))
				ADD(c, SAKRA_ERROR, "section.empty", doc->path, x->line, 1,
				    "section %s '%s' says nothing yet: write what the organisation "
				    "does, or '%s: ' and why", s->number,
				    s->free_title ? x->title : sakra_i18n_get(&s->title, c->lang),
				    sakra_words(c->lang)->not_applicable);
			else if (!says && !sub)
				ADD(c, SAKRA_ERROR, "section.empty", doc->path, x->line, 1,
				    "section %s '%s' says nothing yet: write what the organisation "
				    "does, or '%s: ' and why (or, as it is optional, remove it)",
				    s->number, s->free_title ? x->title : sakra_i18n_get(&s->title, c->lang),
				    sakra_words(c->lang)->not_applicable);
		}
		body_lines_free(&b);
	}
	skeleton_free(&k);
}

/* --- placeholders and links ---------------------------------------------- */

static void check_placeholders(struct ctx *c, const struct sakra_doc *doc)
{
	enum sakra_severity sev = c->opts->approval ? SAKRA_ERROR : SAKRA_WARNING;

	for (size_t i = 0; i < doc->nplaceholders; i++) {
		const struct sakra_placeholder *p = &doc->placeholders[i];

		if (p->paragraph)
			ADD(c, sev, "placeholder", doc->path, p->line, p->column,
			    "guidance left: [%s]; replace it with the plan's own text (write "
			    "\\[ for a bracket you mean)", p->text);
		else
			ADD(c, sev, "placeholder", doc->path, p->line, p->column,
			    "placeholder left: [%s]; fill it in", p->text);
	}
}

/* A link's #fragment must name a heading of the Markdown document it leads
 * to, by the anchors the site gives headings. Fragments into other files
 * (a PDF's #page=3) are theirs to judge. */
static void check_anchor(struct ctx *c, const struct sakra_doc *doc, const struct sakra_link *l,
			 const char *target, struct sakra_buf *frag)
{
	const char *hash = strchr(l->url, '#');
	const struct sakra_doc *to = doc;

	if (!hash || !hash[1])
		return;
	if (target) {
		const struct sakra_plan_doc *pd = sakra_plan_find_doc(c->plan, target);

		if (!pd || pd->sidecar || !pd->doc || !pd->doc->readable)
			return;
		to = pd->doc;
	}
	if (sakra_url_decode(hash + 1, strlen(hash + 1), frag) < 0) {
		c->d->oom = 1;
		return;
	}
	if (!sakra_doc_anchor(to, sakra_buf_cstr(frag)))
		ADD(c, SAKRA_ERROR, "link.anchor", doc->path, l->line, l->column,
		    "link '%s': %s has no heading with the anchor '#%s'; link to one of its "
		    "headings (lower case, spaces as '-')", l->url, to->path, sakra_buf_cstr(frag));
}

static void check_links(struct ctx *c, const struct sakra_doc *doc)
{
	struct sakra_buf target = SAKRA_BUF_INIT, frag = SAKRA_BUF_INIT;

	for (size_t i = 0; i < doc->nlinks && !c->d->oom; i++) {
		const struct sakra_link *l = &doc->links[i];
		int rc;

		if (l->url[0] == '#') {
			check_anchor(c, doc, l, NULL, &frag);
			continue;
		}
		if ((rc = sakra_link_path(doc, l->url, &target)) == SAKRA_ENOMEM) {
			c->d->oom = 1;
			break;
		}
		if (rc == 2)
			continue;
		if (rc > 0) {
			ADD(c, SAKRA_ERROR, "link.broken", doc->path, l->line, l->column,
			    "link '%s' points outside the repository", l->url);
			continue;
		}
		if (sakra_tree_find(c->plan->tree, target.ptr)) {
			check_anchor(c, doc, l, target.ptr, &frag);
			continue;
		}
		if (sakra_tree_is_dir(c->plan->tree, target.ptr))
			continue;
		ADD(c, SAKRA_ERROR, "link.broken", doc->path, l->line, l->column,
		    "link target '%s' does not exist (resolved to '%s')", l->url, target.ptr);
	}
	sakra_buf_free(&target);
	sakra_buf_free(&frag);
}

/* --- the register ---------------------------------------------------------- */

/* The last YYYY-MM-DD in s[0..n), or 0. */
static int last_date_in(const char *s, size_t n, struct sakra_date *d, char out[11])
{
	int found = 0;

	for (size_t i = 0; i + 10 <= n; i++) {
		char buf[11];

		if (!isdigit((unsigned char)s[i]) || (i && isdigit((unsigned char)s[i - 1])) ||
		    (i + 10 < n && isdigit((unsigned char)s[i + 10])))
			continue;
		memcpy(buf, s + i, 10);
		buf[10] = '\0';
		if (sakra_date_parse(buf, d) == 0) {
			memcpy(out, buf, 11);
			found = 1;
		}
	}
	return found;
}

/* A record's date moved by hand ('date:' edited after 'evidence add')
 * leaves its file name and title at the old day. */
static void check_evidence_dates(struct ctx *c, const struct sakra_evidence *e)
{
	const char *path = e->doc->path, *base = strrchr(path, '/');
	const char *title = sakra_doc_meta(e->doc, "title");
	struct sakra_date d;
	char date[11], other[11];

	sakra_date_format(&e->date.date, date);
	base = base ? base + 1 : path;
	if (last_date_in(base, strlen(base), &d, other) && strcmp(other, date) != 0)
		ADD(c, SAKRA_WARNING, "evidence.date-mismatch", path, e->date.node->line,
		    e->date.node->column, "'date: %s' but the file name says %s; rename the "
		    "file ('git mv') or correct the date", date, other);
	if (title && last_date_in(title, strlen(title), &d, other) && strcmp(other, date) != 0)
		ADD(c, SAKRA_WARNING, "evidence.date-mismatch", path,
		    sakra_doc_meta_line(e->doc, "title"), 1, "'date: %s' but the title says %s; "
		    "correct the one that is wrong", date, other);
}

static void check_date(struct ctx *c, const char *path, const struct sakra_date_value *dv,
		       const char *key)
{
	if (dv->node && !dv->valid)
		ADD(c, SAKRA_ERROR, "doc.date", path, dv->node->line, dv->node->column,
		    "'%s' must be a date YYYY-MM-DD (e.g. 2027-03-31)", key);
}


/* A field of the class is answered by the register keys it names, all
 * filled in, or by a labelled field of the body with a real value. */
/* The first register key of fd that is there but empty ("version: \"\"");
 * *key is its name. */
static const struct sakra_yaml *first_empty_key(const struct sakra_system *s,
						const struct sakra_fw_field *fd, const char **key)
{
	for (size_t i = 0; i < fd->nkeys; i++) {
		const struct sakra_yaml *v = sakra_yaml_get(s->block, fd->keys[i]);
		const char *t = sakra_yaml_str(v);

		if (v && !(t && *t)) {
			*key = fd->keys[i];
			return v;
		}
	}
	return NULL;
}

static void check_system_fields(struct ctx *c, const struct sakra_system *s)
{
	const struct sakra_fw_class *cls = s->cls;
	const struct sakra_doc *doc = s->doc;
	enum sakra_severity sev = c->opts->strict ? SAKRA_ERROR : SAKRA_WARNING;
	/* A missing description is reported at the body's first heading. */
	size_t at = doc->nheadings ? doc->headings[0].line : doc->body_line;

	for (size_t k = 0; k < cls->nfields; k++) {
		const struct sakra_fw_field *fd = &cls->fields[k];
		const char *label = sakra_i18n_get(&fd->label, c->lang);
		const struct sakra_field *hit = NULL;
		const struct sakra_yaml *empty;
		const char *empty_key = NULL;
		size_t have = 0;

		for (size_t i = 0; i < fd->nkeys; i++) {
			const char *v = sakra_yaml_str(sakra_yaml_get(s->block, fd->keys[i]));

			have += v && *v;
		}
		if (fd->nkeys && have == fd->nkeys)
			continue;
		/* a date the class's own rule asks for (never checked against
		 * the register) is that rule's finding, not a second one */
		if (fd->nkeys == 1 && !have &&
		    ((!strcmp(fd->keys[0], "register_checked") && (cls->register_check || s->wellbeing > 0)) ||
		     (!strcmp(fd->keys[0], "certificate_expires") && (cls->certificate || s->wellbeing > 0))))
			continue;
		for (size_t i = 0; i < doc->nfields && !hit; i++)
			if (sakra_plan_field_is(c->plan, fd, &doc->fields[i]))
				hit = &doc->fields[i];
		if (hit && !hit->placeholder)
			continue;
		if (hit)
			ADD(c, sev, "system.field", doc->path, hit->line, hit->column,
			    "the description '%s' is empty; describe it for this system "
			    "(section %s of %s, class %s)", label, cls->section ? cls->section : "-",
			    c->plan->fw->id, cls->id);
		else if (fd->nkeys && (empty = first_empty_key(s, fd, &empty_key)) != NULL)
			/* where the register asks for it: the key left empty */
			ADD(c, sev, "system.field", doc->path, empty->line, empty->column,
			    "'system.%s' is empty, and it answers the description '%s' (section "
			    "%s of %s, class %s); fill it in", empty_key, label,
			    cls->section ? cls->section : "-", c->plan->fw->id, cls->id);
		else if (fd->nkeys)
			ADD(c, sev, "system.field", doc->path, at, 1,
			    "no description '%s' (section %s of %s, class %s); add a line "
			    "'- %s: ...' or fill in the register keys in the front matter", label,
			    cls->section ? cls->section : "-", c->plan->fw->id, cls->id, label);
		else
			ADD(c, sev, "system.field", doc->path, at, 1,
			    "no description '%s' (section %s of %s, class %s); add a line "
			    "'- %s: ...'", label, cls->section ? cls->section : "-",
			    c->plan->fw->id, cls->id, label);
	}
}

static void check_system(struct ctx *c, const struct sakra_system *s)
{
	static const char *const text_keys[] = { "name", "version", "vendor", "contact",
						 "class", "purpose", NULL };
	const struct sakra_plan *plan = c->plan;
	const char *path = s->doc->path;
	const struct sakra_yaml *cnode;
	char list[256] = "";
	int months = plan->config->review_months ? plan->config->review_months : 12;
	int needs_cert, needs_check;

	if (!s->block) {
		ADD(c, SAKRA_ERROR, "system.block", path, sakra_doc_meta_line(s->doc, "system"), 1,
		    "no 'system:' mapping in the front matter; add the register data (name, "
		    "version, vendor, contact, class, purpose, certificate_expires, "
		    "register_checked)");
		return;
	}
	for (size_t i = 0; text_keys[i]; i++) {
		const struct sakra_yaml *v = sakra_yaml_get(s->block, text_keys[i]);

		if (v && v->type != SAKRA_YAML_SCALAR)
			ADD(c, SAKRA_ERROR, "system.block", path, v->line, v->column,
			    "'system.%s' must be text", text_keys[i]);
	}
	check_date(c, path, &s->certificate_expires, "certificate_expires");
	check_date(c, path, &s->register_checked, "register_checked");
	if (s->wellbeing_node && s->wellbeing < 0)
		ADD(c, SAKRA_ERROR, "system.block", path, s->wellbeing_node->line,
		    s->wellbeing_node->column, "'system.wellbeing_app' must be true or false");
	if (!plan->fw)
		return;
	for (size_t i = 0; i < plan->fw->nclasses; i++)
		list_add(list, sizeof(list), plan->fw->classes[i].id);
	cnode = sakra_yaml_get(s->block, "class");
	if (!s->class_id) {
		ADD(c, SAKRA_ERROR, "system.class", path, cnode ? cnode->line : s->block->line,
		    cnode ? cnode->column : s->block->column,
		    "no class; add 'class: ...', one of %s", list);
		return;
	}
	if (!s->cls) {
		ADD(c, SAKRA_ERROR, "system.class", path, cnode->line, cnode->column,
		    "class '%s' is not a class of %s (%s)", s->class_id, plan->fw->id, list);
		return;
	}
	/* A wellbeing app takes the same checks as class A (THL 3/2024 6.1.5:
	 * "motsvarande säkerställanden ... även i fråga om dem"); a date the
	 * register gives is checked whatever the class. */
	needs_cert = s->cls->certificate || s->wellbeing > 0;
	needs_check = s->cls->register_check || s->wellbeing > 0;
	if (!s->certificate_expires.node && needs_cert) {
		if (s->cls->certificate)
			ADD(c, SAKRA_ERROR, "system.certificate", path, cnode->line, cnode->column,
			    "a class %s system needs a valid information security assessment "
			    "certificate; add 'certificate_expires: YYYY-MM-DD'", s->cls->id);
		else
			ADD(c, SAKRA_ERROR, "system.certificate", path, s->wellbeing_node->line,
			    s->wellbeing_node->column, "a wellbeing app needs a valid information "
			    "security assessment certificate, as class A systems do (THL 3/2024 "
			    "6.1.5); add 'certificate_expires: YYYY-MM-DD'");
	} else if (s->certificate_expires.valid) {
		const struct sakra_date_value *ce = &s->certificate_expires;
		long left = sakra_date_days(&ce->date) - sakra_date_days(&c->opts->today);
		char d[11];

		sakra_date_format(&ce->date, d);
		if (left < 0)
			ADD(c, SAKRA_ERROR, "system.certificate-expired", path, ce->node->line,
			    ce->node->column, sakra_trn(
			    "the certificate expired on %s, %ld day ago; renew it, or take "
			    "the system out of use", "the certificate expired on %s, %ld days "
			    "ago; renew it, or take the system out of use", (unsigned long)-left),
			    d, -left);
		else if (left <= 90)
			ADD(c, SAKRA_WARNING, "system.certificate-expiring", path,
			    ce->node->line, ce->node->column,
			    sakra_trn("the certificate expires on %s, in %ld "
			    "day; see that it is renewed", "the certificate expires on %s, in "
			    "%ld days; see that it is renewed", (unsigned long)left), d, left);
	}
	if (!s->register_checked.node && needs_check) {
		ADD(c, SAKRA_WARNING, "system.register-check", path,
		    s->cls->register_check ? cnode->line : s->wellbeing_node->line,
		    s->cls->register_check ? cnode->column : s->wellbeing_node->column,
		    "never checked against Valvira's register of information systems; "
		    "check it and add 'register_checked: YYYY-MM-DD'");
	} else if (s->register_checked.valid) {
		const struct sakra_date_value *rc = &s->register_checked;
		struct sakra_date limit = sakra_date_add_months(&rc->date, months);
		char d[11], t[11];

		sakra_date_format(&rc->date, d);
		sakra_date_format(&c->opts->today, t);
		if (sakra_date_cmp(&rc->date, &c->opts->today) > 0)
			ADD(c, SAKRA_ERROR, "system.register-future", path, rc->node->line,
			    rc->node->column, "'register_checked' is %s, after today (%s): give "
			    "the day the register was checked", d, t);
		else if (sakra_date_cmp(&c->opts->today, &limit) > 0)
			ADD(c, SAKRA_WARNING, "system.register-check", path, rc->node->line,
			    rc->node->column, "last checked against the register on %s, more "
			    "than %d months ago (the review interval); check it again and "
			    "update 'register_checked'", d, months);
	}
	if (s->cls->list_section) {
		const struct sakra_fw_section *ls = sakra_framework_section(plan->fw,
									     s->cls->list_section);

		if (ls && !plan->where[ls->index].doc)
			ADD(c, SAKRA_ERROR, "system.section", path, cnode->line, cnode->column,
			    "the plan has no section %s '%s', which lists the class %s systems; "
			    "add that heading to chapter %.*s and list this system there",
			    ls->number, sakra_i18n_get(&ls->title, c->lang), s->cls->id,
			    (int)strcspn(ls->number, "."), ls->number);
	}
	check_system_fields(c, s);
}

static void check_register(struct ctx *c)
{
	const struct sakra_plan *plan = c->plan;

	for (size_t i = 0; i < plan->nsystems; i++)
		check_system(c, &plan->systems[i]);
	if (plan->fw && plan->fw->nclasses && plan->nsystems == 0) {
		const struct sakra_fw_section *rs = plan->fw->register_section ?
			sakra_framework_section(plan->fw, plan->fw->register_section) : NULL;
		const struct sakra_section_loc *w = rs ? &plan->where[rs->index] : NULL;

		if (w && w->doc)
			ADD(c, SAKRA_WARNING, "register.empty", w->doc->path, w->line, 1,
			    "the register has no systems, so chapter %s lists nothing; add one "
			    "file per information system under systems/", rs->number);
		else
			ADD(c, SAKRA_WARNING, "register.empty", "systems", 0, 0,
			    "the register has no systems; add one file per information system "
			    "under systems/");
	}
}

/* --- the information register ---------------------------------------------- */

static void check_asset_value(struct ctx *c, const struct sakra_asset *a,
			      const struct sakra_fw_field *fd, const struct sakra_yaml *v)
{
	const char *path = a->doc->path, *key = c->plan->fw->assets.key;
	const char *label = sakra_i18n_get(&fd->label, c->lang);
	const char *t = sakra_yaml_str(v);

	switch (fd->type) {
	case SAKRA_FW_TEXT:
		if (!t)
			ADD(c, SAKRA_ERROR, "asset.block", path, v->line, v->column,
			    "'%s.%s' (%s) must be text", key, fd->id, label);
		else if (fd->required && !*t)
			ADD(c, SAKRA_ERROR, "asset.field", path, v->line, v->column,
			    "'%s.%s' (%s) is empty", key, fd->id, label);
		break;
	case SAKRA_FW_DATE: {
		struct sakra_date d, due;
		char ds[11];

		if (!t || sakra_date_parse(t, &d) < 0) {
			ADD(c, SAKRA_ERROR, "doc.date", path, v->line, v->column,
			    "'%s.%s' (%s) must be a date YYYY-MM-DD", key, fd->id, label);
			break;
		}
		if (!fd->every.count)
			break;
		due = sakra_period_add(&d, &fd->every);
		if (sakra_date_cmp(&c->opts->today, &due) > 0) {
			char every[32];

			sakra_period_format(&fd->every, every, sizeof(every));
			sakra_date_format(&d, ds);
			ADD(c, c->opts->strict ? SAKRA_ERROR : SAKRA_WARNING, "asset.due", path,
			    v->line, v->column, "'%s.%s' (%s) is %s, more than %s ago; review "
			    "the asset and update the date", key, fd->id, label, ds, every);
		}
		break;
	}
	case SAKRA_FW_SCALE: {
		char *end = NULL;
		long n = t ? strtol(t, &end, 10) : 0;

		if (!t)
			ADD(c, SAKRA_ERROR, "asset.scale", path, v->line, v->column,
			    "'%s.%s' (%s) is not a number; it must be a level from %ld to %ld", key,
			    fd->id, label, fd->min, fd->max);
		else if (!*t || *end || n < fd->min || n > fd->max)
			ADD(c, SAKRA_ERROR, "asset.scale", path, v->line, v->column,
			    "'%s.%s' (%s) is '%s'; it must be a level from %ld to %ld", key, fd->id,
			    label, t, fd->min, fd->max);
		break;
	}
	case SAKRA_FW_LIST:
	case SAKRA_FW_SYSTEMS:
		if (v->type == SAKRA_YAML_MAP) {
			ADD(c, SAKRA_ERROR, "asset.block", path, v->line, v->column,
			    "'%s.%s' (%s) must be a list", key, fd->id, label);
			break;
		}
		if (fd->required && !sakra_yaml_count(v))
			ADD(c, SAKRA_ERROR, "asset.field", path, v->line, v->column,
			    "'%s.%s' (%s) lists nothing", key, fd->id, label);
		for (size_t i = 0; i < sakra_yaml_count(v); i++) {
			const struct sakra_yaml *item = sakra_yaml_item(v, i);
			const char *ref = sakra_yaml_str(item);

			if (!ref)
				ADD(c, SAKRA_ERROR, "asset.block", path, item->line, item->column,
				    "'%s.%s' must be a list of text", key, fd->id);
			else if (fd->type == SAKRA_FW_SYSTEMS && !sakra_plan_find_system(c->plan, ref))
				ADD(c, SAKRA_ERROR, "asset.system", path, item->line, item->column,
				    "'%s' is not a system of the register; name a file under "
				    "systems/ (without .md) or a system's name, or add the system",
				    ref);
		}
		break;
	}
}

static void check_asset(struct ctx *c, const struct sakra_asset *a)
{
	const struct sakra_fw_assets *fa = &c->plan->fw->assets;
	const char *path = a->doc->path;

	if (!a->block) {
		ADD(c, SAKRA_ERROR, "asset.block", path, sakra_doc_meta_line(a->doc, fa->key), 1,
		    "'%s:' must be a mapping of the asset's register data", fa->key);
		return;
	}
	for (size_t k = 0; k < fa->nfields; k++) {
		const struct sakra_fw_field *fd = &fa->fields[k];
		const struct sakra_yaml *v = sakra_yaml_get(a->block, fd->id);

		if (v)
			check_asset_value(c, a, fd, v);
		else if (fd->required)
			ADD(c, SAKRA_ERROR, "asset.field", path, a->block->line, a->block->column,
			    "no '%s' (%s); add '%s: ...' to '%s:'", fd->id,
			    sakra_i18n_get(&fd->label, c->lang), fd->id, fa->key);
	}
}

/* An asset rated high enough is never in a file marked below the level the
 * framework gives it. */
static void check_asset_marking(struct ctx *c, const struct sakra_asset *a)
{
	const struct sakra_framework *fw = c->plan->fw;
	const char *cls = sakra_doc_meta(a->doc, "classification");
	const struct sakra_yaml *at = sakra_yaml_get(a->doc->front, "classification");
	int level = cls && c->plan->config ? sakra_config_level(c->plan->config, cls) : -1;
	char because[160];

	for (size_t i = 0; level >= 0 && i < fw->nmarkings; i++) {
		const struct sakra_fw_marking *mk = &fw->markings[i];
		const char *t = mk->field ? sakra_yaml_str(sakra_yaml_get(a->block, mk->field)) : NULL;
		char *end = NULL;
		long n = t ? strtol(t, &end, 10) : 0;

		if (!t || !*t || *end || n < mk->from)
			continue;
		snprintf(because, sizeof(because), "it holds an asset rated %s %ld", mk->field, n);
		marked_below(c, a->doc->path, at, level, mk, because);
	}
}

static void check_assets(struct ctx *c)
{
	const struct sakra_plan *plan = c->plan;
	const struct sakra_fw_section *rs;

	if (!plan->fw || !plan->fw->assets.key)
		return;
	for (size_t i = 0; i < plan->nassets; i++) {
		check_asset(c, &plan->assets[i]);
		if (plan->assets[i].block)
			check_asset_marking(c, &plan->assets[i]);
	}
	if (plan->nassets)
		return;
	rs = plan->fw->assets.section ? sakra_framework_section(plan->fw, plan->fw->assets.section)
				      : NULL;
	if (rs && plan->where[rs->index].doc)
		ADD(c, SAKRA_WARNING, "register.empty", plan->where[rs->index].doc->path,
		    plan->where[rs->index].line, 1, "the information register is empty; add "
		    "one file per information asset under systems/, with an '%s:' block",
		    plan->fw->assets.key);
	else
		ADD(c, SAKRA_WARNING, "register.empty", "systems", 0, 0, "the information register "
		    "is empty; add one file per information asset under systems/, with an "
		    "'%s:' block", plan->fw->assets.key);
}

/* --- evidence and obligations ----------------------------------------------- */

static void check_evidence(struct ctx *c, const struct sakra_evidence *e)
{
	const char *path = e->doc->path;
	size_t ncovers = sakra_yaml_count(e->covers);

	if (!e->block) {
		ADD(c, SAKRA_ERROR, "evidence.block", path,
		    sakra_doc_meta_line(e->doc, "evidence"), 1,
		    "no 'evidence:' mapping in the front matter; add type, date, covers and "
		    "attachments (or file it with 'sakra evidence add')");
		return;
	}
	if (!e->type)
		ADD(c, SAKRA_ERROR, "evidence.block", path, e->block->line, e->block->column,
		    "no type; add 'type: ...' (an obligation id, or a type of your own)");
	if (!e->date.node)
		ADD(c, SAKRA_ERROR, "evidence.block", path, e->block->line, e->block->column,
		    "no date; add 'date: YYYY-MM-DD', the day the work was done");
	check_date(c, path, &e->date, "date");
	if (e->date.valid && sakra_date_cmp(&e->date.date, &c->opts->today) > 0) {
		char d[11], t[11];

		sakra_date_format(&e->date.date, d);
		sakra_date_format(&c->opts->today, t);
		ADD(c, SAKRA_ERROR, "evidence.future", path, e->date.node->line, e->date.node->column,
		    "dated %s, after today (%s); evidence records work already done", d, t);
	}
	if (e->date.valid)
		check_evidence_dates(c, e);
	if (!ncovers)
		ADD(c, SAKRA_WARNING, "evidence.covers", path, e->block->line, e->block->column,
		    "covers no section; add 'covers: [...]' with the sections it shows are followed");
	for (size_t i = 0; i < ncovers && c->plan->fw; i++) {
		const struct sakra_yaml *item = sakra_yaml_item(e->covers, i);
		const char *sec = sakra_yaml_str(item);

		if (!sec || !sakra_framework_section(c->plan->fw, sec))
			ADD(c, SAKRA_ERROR, "evidence.covers", path, item->line, item->column,
			    "covers %s, which is not a section of %s", sec ? sec : "a non-text value",
			    c->plan->fw->id);
	}
	for (size_t i = 0; i < e->nattachments; i++) {
		const struct sakra_attachment *a = &e->attachments[i];
		const char *ref = sakra_yaml_str(a->node);

		if (!a->path)
			ADD(c, SAKRA_ERROR, "evidence.attachment", path, a->node->line, a->node->column,
			    "attachment '%s' must be a file name relative to the record, inside the "
			    "repository", ref ? ref : "(not text)");
		else if (!sakra_tree_find(c->plan->tree, a->path))
			ADD(c, SAKRA_ERROR, "evidence.attachment", path, a->node->line, a->node->column,
			    "attachment '%s' does not exist (resolved to '%s'); add the file or "
			    "correct the name", ref, a->path);
	}
}

static void check_obligations(struct ctx *c)
{
	struct sakra_due *dues;
	size_t n;
	struct sakra_error err;

	if (sakra_followup_dues(c->plan, &c->opts->today, &dues, &n, &err) < 0) {
		c->d->oom = 1;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct sakra_due *d = &dues[i];
		enum sakra_severity sev = c->opts->strict ? SAKRA_ERROR : SAKRA_WARNING;
		char every[32], last[11], due[11];

		if (!d->overdue)
			continue;
		sakra_period_format(&d->ob->every, every, sizeof(every));
		sakra_date_format(&d->due, due);
		if (!d->last && d->ob->has_since) {
			ADD(c, sev, "obligation.overdue", SAKRA_CONFIG_FILE, d->ob->line, 1,
			    "obligation '%s' (every %s) is overdue: there is no evidence of it yet, "
			    "and it was due on %s; file it with 'sakra evidence add %s'", d->ob->id,
			    every, due, d->ob->id);
			continue;
		}
		if (!d->last) {
			ADD(c, sev, "obligation.overdue", SAKRA_CONFIG_FILE, d->ob->line, 1,
			    "obligation '%s' (every %s) is overdue: there is no evidence of it yet; "
			    "file it with 'sakra evidence add %s'", d->ob->id, every, d->ob->id);
			continue;
		}
		sakra_date_format(&d->last->date.date, last);
		ADD(c, sev, "obligation.overdue", SAKRA_CONFIG_FILE, d->ob->line, 1,
		    "obligation '%s' (every %s) is overdue: the last evidence is from %s (%s), "
		    "so it was due on %s; file new evidence with 'sakra evidence add %s'",
		    d->ob->id, every, last, d->last->doc->path, due, d->ob->id);
	}
	free(dues);
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A part the framework has adopted by a role of its own (a region's policy,
 * by the regional council) is a scope of sakra.yml that holds every file the
 * plan keeps those sections in. */
static void check_adopted(struct ctx *c)
{
	const struct sakra_plan *plan = c->plan;
	const struct sakra_framework *fw = plan->fw;
	const struct sakra_config *cfg = plan->config;

	for (size_t i = 0; cfg && i < cfg->nscopes; i++)
		for (size_t k = 0; k < cfg->scopes[i].nfiles; k++)
			if (!sakra_tree_find(plan->tree, cfg->scopes[i].files[k]))
				ADD(c, SAKRA_ERROR, "config.approval", "sakra.yml", cfg->scopes[i].line, 1,
				    "the part of role %s names %s, which the plan does not have",
				    cfg->scopes[i].role, cfg->scopes[i].files[k]);
	for (size_t a = 0; fw && cfg && a < fw->nadopted; a++) {
		const struct sakra_fw_adopted *ad = &fw->adopted[a];
		const char *first = NULL, *outside = NULL;
		int held = 0;

		for (size_t sidx = 0; sidx < cfg->nscopes && !held; sidx++) {
			const struct sakra_scope *sc = &cfg->scopes[sidx];

			outside = NULL;
			for (size_t i = 0; i < fw->nsections && !outside; i++) {
				const char *num = fw->sections[i].number, *path;
				int in = 0;

				for (size_t k = 0; k < ad->nsections && !in; k++) {
					size_t n = strlen(ad->sections[k]);

					in = !strncmp(num, ad->sections[k], n) && (!num[n] || num[n] == '.');
				}
				if (!in || !plan->where[i].doc)
					continue;
				path = plan->where[i].doc->path;
				if (!sc->nfiles ||
				    !bsearch(&path, sc->files, sc->nfiles, sizeof(*sc->files), cmp_path))
					outside = path;
			}
			held = !outside;
		}
		for (size_t i = 0; i < fw->nsections && !first; i++)
			if (plan->where[i].doc && !strcmp(fw->sections[i].number, ad->sections[0]))
				first = plan->where[i].doc->path;
		if (!held)
			ADD(c, SAKRA_ERROR, "config.approval", "sakra.yml",
			    cfg->approval_line ? cfg->approval_line : cfg->framework_line, 1,
			    "%s: section %s is adopted by a role of its own (%s); name that role's "
			    "part under approval: scopes: - { role: ROLE, files: [%s] }", fw->id,
			    ad->sections[0], ad->why, first ? first : "...");
	}
}

void sakra_check_doc(const struct sakra_plan *plan, const struct sakra_check_options *opts,
		     const struct sakra_plan_doc *pd, struct sakra_diags *diags)
{
	struct ctx c = { plan, opts, diags, plan->config ? plan->config->language : "sv" };

	if (!plan->config || !pd->doc || !pd->doc->readable)
		return;
	check_front(&c, pd);
	check_placeholders(&c, pd->doc);
	check_links(&c, pd->doc);
}

/* A language sakra knows that the framework has no text in: its titles and
 * labels are then checked in the official language. */
static void check_language(struct ctx *c)
{
	const struct sakra_framework *fw = c->plan->fw;
	const char *lang = c->lang;
	struct sakra_buf have = SAKRA_BUF_INIT;

	/* a language sakra has no words in is config.language's finding */
	if (sakra_framework_language(fw, lang) || strcmp(sakra_words(lang)->lang, lang) != 0)
		return;
	for (size_t i = 0; i < fw->nlanguages; i++)
		sakra_buf_printf(&have, "%s%s", i ? ", " : "", fw->languages[i].id);
	ADD(c, SAKRA_WARNING, "config.language", SAKRA_CONFIG_FILE,
	    c->plan->config->language_line ? c->plan->config->language_line : 1, 1,
	    "%s has no %s text (it has %s); its titles and labels are checked in %s",
	    fw->id, language_name(lang), have.len ? sakra_buf_cstr(&have) : "sv",
	    language_name(sakra_framework_official(fw)));
	sakra_buf_free(&have);
}

static void check_whole(struct ctx *c)
{
	const struct sakra_plan *plan = c->plan;

	if (plan->fw) {
		check_language(c);
		check_sections(c);
		check_section_content(c);
	}
	check_register(c);
	check_assets(c);
	for (size_t i = 0; i < plan->nevidence; i++)
		check_evidence(c, &plan->evidence[i]);
	check_obligations(c);
	check_adopted(c);
}

int sakra_check_plan(const struct sakra_plan *plan, const struct sakra_check_options *opts,
		     struct sakra_diags *diags, struct sakra_error *err)
{
	struct ctx c = { plan, opts, diags, plan->config ? plan->config->language : "sv" };

	if (!plan->config)
		return 0;
	check_files(&c);
	check_whole(&c);
	if (diags->oom)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	return 0;
}

int sakra_check_run(const struct sakra_plan *plan, const struct sakra_check_options *opts,
		    struct sakra_diags *diags, struct sakra_error *err)
{
	struct ctx c = { plan, opts, diags, plan->config ? plan->config->language : "sv" };

	if (!plan->config)
		return 0;   /* sakra.yml unreadable: that finding is the only one */
	check_files(&c);
	for (size_t i = 0; i < plan->ndocs; i++)
		sakra_check_doc(plan, opts, &plan->docs[i], diags);
	check_whole(&c);
	if (diags->oom)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	return 0;
}
