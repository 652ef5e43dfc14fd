/* words: a plan's own words by language (see sakra/words.h), read once from
 * the embedded content-skeleton/words/LANG.yml. */
#include <pthread.h>
#include <string.h>

#include "sakra/embed.h"
#include "sakra/error.h"
#include "sakra/words.h"
#include "sakra/yaml.h"

#define WORDS_DIR "content-skeleton/words/"
#define MAX_LANGS 16
#define MAX_ALSO 8

static struct sakra_words langs[MAX_LANGS];
static const char *also[MAX_LANGS][MAX_ALSO];
static struct sakra_yaml *trees[MAX_LANGS];   /* kept: the words point into them */
static size_t nlangs;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* The text at key of map, or "" (a missing key is the unit tests' finding). */
static const char *text(const struct sakra_yaml *map, const char *key)
{
	const char *s = sakra_yaml_str(sakra_yaml_get(map, key));

	return s ? s : "";
}

static void load_one(const struct sakra_embedded_file *f)
{
	struct sakra_words *w = &langs[nlangs];
	const struct sakra_yaml *root, *b, *k, *a;
	struct sakra_error err;

	if (sakra_yaml_parse(&trees[nlangs], (const char *)f->data, f->size, 1, &err) < 0 || !trees[nlangs])
		return;
	root = trees[nlangs];
	w->lang = text(root, "lang");
	w->name = text(root, "name");
	w->not_applicable = text(root, "not_applicable");
	a = sakra_yaml_get(root, "not_applicable_also");
	for (size_t i = 0; i < sakra_yaml_count(a) && i < MAX_ALSO; i++)
		if (sakra_yaml_str(sakra_yaml_item(a, i)))
			also[nlangs][w->nnot_applicable_also++] = sakra_yaml_str(sakra_yaml_item(a, i));
	w->not_applicable_also = also[nlangs];
	w->org_placeholder = text(root, "org_placeholder");
	w->draft = text(root, "draft");
	w->all = text(root, "all");
	w->first_commit = text(root, "first_commit");
	w->readme = text(root, "readme");
	w->describe = text(root, "describe");
	w->section_placeholder = text(root, "section_placeholder");
	w->field_placeholder = text(root, "field_placeholder");
	w->evidence_guidance = text(root, "evidence_guidance");
	b = sakra_yaml_get(root, "bundle_readme");
	w->bundle = (struct sakra_bundle_words){
		text(b, "all_marked"), text(b, "none"), text(b, "approved"), text(b, "draft"),
		text(b, "commit"), text(b, "contents"), text(b, "withheld"), text(b, "all_in"),
		text(b, "howto"), text(b, "by_hand"), text(b, "summary_head"),
		text(b, "summary_approved"), text(b, "summary_draft"), text(b, "summary") };
	k = sakra_yaml_get(root, "kit_readme");
	w->kit = (struct sakra_kit_words){ text(k, "head"), text(k, "scope"), text(k, "rest"),
					   text(k, "summary"), text(k, "summary_scopes") };
	k = sakra_yaml_get(root, "pdf_cover");
	w->pdf = (struct sakra_pdf_words){ text(k, "approved"), text(k, "draft"),
					   text(k, "approvals"), text(k, "decision"),
					   text(k, "manifest"), text(k, "edition"), text(k, "commit"),
					   text(k, "all_marked") };
	k = sakra_yaml_get(root, "import");
	w->import = (struct sakra_import_words){ text(k, "image"), text(k, "unplaced"),
						 text(k, "unplaced_intro") };
	if (*w->lang)
		nlangs++;
}

static void load(void)
{
	size_t n = strlen(WORDS_DIR);

	/* the embedded files are in path order: en, fi, sv, ... */
	for (size_t i = 0; i < sakra_embedded_count && nlangs < MAX_LANGS; i++)
		if (!strncmp(sakra_embedded_files[i].path, WORDS_DIR, n))
			load_one(&sakra_embedded_files[i]);
}

const struct sakra_words *sakra_words_all(size_t *n)
{
	pthread_once(&once, load);
	*n = nlangs;
	return langs;
}

const struct sakra_words *sakra_words(const char *lang)
{
	static const struct sakra_words none = { "sv", "Swedish", "", NULL, 0, "", "", "", "",
						 "", "", "", "", "", { 0 }, { 0 }, { 0 },
						 { 0 } };
	const struct sakra_words *sv = NULL;
	size_t n;
	const struct sakra_words *all = sakra_words_all(&n);

	for (size_t i = 0; i < n; i++) {
		if (lang && !strcmp(all[i].lang, lang))
			return &all[i];
		if (!strcmp(all[i].lang, "sv"))
			sv = &all[i];
	}
	return sv ? sv : &none;
}

int sakra_words_is_readme(const char *name)
{
	size_t n;
	const struct sakra_words *all = sakra_words_all(&n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(all[i].readme, name) == 0)
			return 1;
	return 0;
}
