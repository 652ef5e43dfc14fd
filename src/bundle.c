/* bundle: writes a version's edition as one archive with libarchive, and
 * reads one back with every check made before the caller keeps anything. */
#include "bundle/bundle.h"

#define KIT_MAX (64u << 20)          /* MANIFEST and the other kit files */
#define SMALL_MAX (1u << 20)         /* BUNDLE, LÄSMIG.txt, keys, signatures, sakra.yml */

int bundle_nomem(struct sakra_error *err)
{
	return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
}

/* The bundle's name (and its folder's): organisation, version or "draft"
 * and commit, edition or "all" — the words in the plan's language. */
static void bundle_name(char *out, size_t cap, const struct sakra_config *cfg, long number,
			const char *commit, const struct sakra_edition *ed)
{
	const struct sakra_words *w = sakra_words(cfg->language);
	char org[96];

	sakra_text_slug(org, sizeof(org), cfg->org_name);
	if (!org[0])
		snprintf(org, sizeof(org), "plan");
	if (number)
		snprintf(out, cap, "%s-v%ld-%s", org, number, ed ? ed->name : w->all);
	else
		snprintf(out, cap, "%s-%s-%.12s-%s", org, w->draft, commit, ed ? ed->name : w->all);
}

/* A file of the commit that rendering the site reads. */
int bundle_needed_for_site(const char *path)
{
	size_t n = strlen(path);

	return !strcmp(path, SAKRA_CONFIG_FILE) || !strcmp(path, SAKRA_REQUIREMENTS_FILE) ||
	       !strncmp(path, "theme/", 6) ||
	       (sakra_plan_kind(path) >= 0 && n > 3 && !strcmp(path + n - 3, ".md"));
}

/* libarchive converts names through the locale's character set; bundle
 * names are UTF-8 whatever the caller's locale (a C locale would fail to
 * convert them), so the bytes are always the same. */
static void set_utf8(void)
{
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "C.utf8");
}

/* Once per process: setlocale is no call for two threads at a time (inbox
 * reads bundles on every core). */
void bundle_utf8_names(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, set_utf8);
}

int sakra_bundle_prepare(const struct sakra_bundle_options *o, struct sakra_bundle_plan *bp,
			 struct sakra_error *err)
{
	const struct sakra_config *cfg = o->plan->config;
	const struct sakra_tree *t = o->plan->tree;
	uint64_t text = 0;

	memset(bp, 0, sizeof(*bp));
	bp->level = -1;
	if (!cfg)
		return sakra_error_set(err, SAKRA_EINVAL, "sakra.yml", 0, 0,
				       "cannot be read; 'sakra check' says why");
	if (!t->from_rev)
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
				       "a bundle holds a commit, not a working tree");
	/* what git would not check out, its reader must not be given */
	if (t->nrefused)
		return sakra_error_set(err, SAKRA_EINVAL, t->refused[0].path, 0, 0, "%s",
				       t->refused[0].why);
	for (size_t i = 0; i < t->n; i++) {
		const char *why = sakra_path_git_refuses(t->files[i].path, t->files[i].symlink);

		if (why)
			return sakra_error_set(err, SAKRA_EINVAL, t->files[i].path, 0, 0, "git refuses "
					       "to check this path out (%s); sakra does not bundle it",
					       why);
	}
	for (size_t i = 0; i < t->n; i++) {
		const char *m = sakra_plan_marking(o->plan, t->files[i].path);

		if (!sakra_edition_includes(cfg, o->edition, t->files[i].path, m, t->files[i].size)) {
			bp->withheld++;
			continue;
		}
		bp->files++;
		bp->bytes += t->files[i].size;
		/* what its reader will need to render the site again */
		if (bundle_needed_for_site(t->files[i].path)) {
			if (t->files[i].size > TEXT_FILE_MAX)
				return sakra_error_set(err, SAKRA_ELIMIT, t->files[i].path, 0, 0,
						       "is larger than the %u MiB a bundle's reader "
						       "renders; split it", TEXT_FILE_MAX >> 20);
			text += t->files[i].size + 1;
		}
		if (m && sakra_config_level(cfg, m) > bp->level)
			bp->level = sakra_config_level(cfg, m);
	}
	if (text > HELD_MAX - HELD_MAX / 8)
		return sakra_error_set(err, SAKRA_ELIMIT, NULL, 0, 0, "the edition holds %llu KiB of "
				       "plan text, more than a bundle's reader renders (%u MiB)",
				       (unsigned long long)(text >> 10), (HELD_MAX - HELD_MAX / 8) >> 20);
	if (bp->level >= 0)
		bp->marking = cfg->levels[bp->level].label;
	bundle_name(bp->name, sizeof(bp->name), cfg, o->version ? o->version->number : 0,
		    t->commit, o->edition);
	return 0;
}

/* --- what both sides derive from signed content ------------------------------- */

void bundle_kit_free(struct kit *k)
{
	for (size_t i = 0; i < k->n; i++) {
		free(k->f[i].name);
		sakra_buf_free(&k->f[i].data);
	}
	free(k->f);
	memset(k, 0, sizeof(*k));
}

struct kitfile *bundle_kit_add(struct kit *k, const char *name)
{
	struct kitfile *n = realloc(k->f, (k->n + 1) * sizeof(*n));

	if (!n)
		return NULL;
	k->f = n;
	n = &k->f[k->n];
	memset(n, 0, sizeof(*n));
	if (!(n->name = strdup(name)))
		return NULL;
	k->n++;
	return n;
}

struct kitfile *bundle_kit_find(const struct kit *k, const char *name)
{
	for (size_t i = 0; i < k->n; i++)
		if (strcmp(k->f[i].name, name) == 0)
			return &k->f[i];
	return NULL;
}

/* The version that the kit's signatures make of the commit on their own:
 * the commit's keys are trusted as for a first version, and only pinned
 * keys count when any are given. Writer and reader both judge the site's
 * stamp with no pins, so the stamp depends on signed content alone. */
int bundle_kit_version(struct sakra_versions **out, const struct kit *kit, long number,
		       const char *commit, const struct sakra_config *cfg, const char *org,
		       struct sakra_pubkey *pinned, size_t npinned, struct sakra_error *err)
{
	struct sakra_versions *vs = calloc(1, sizeof(*vs));
	struct sakra_buf sigs = SAKRA_BUF_INIT;
	const struct kitfile *man = bundle_kit_find(kit, "MANIFEST");
	const struct kitfile *hist = bundle_kit_find(kit, SAKRA_HISTORY_FILE);
	struct sakra_version *v;
	int rc = SAKRA_ENOMEM;

	*out = NULL;
	if (!vs)
		goto out;
	/* the versions before it, whose policies and keys judge it */
	if (!hist) {
		rc = sakra_error_set(err, SAKRA_EAUTH, SAKRA_HISTORY_FILE, 0, 0, "is missing: the "
				     "bundle does not carry the versions before version %ld, so "
				     "whose approval counts cannot be judged (made by an older "
				     "sakra?)", number);
		goto out;
	}
	if ((rc = sakra_history_read(vs, hist->data.ptr ? hist->data.ptr : "", hist->data.len,
				     number, err)) < 0)
		goto out;
	rc = SAKRA_ENOMEM;
	if (!vs->v && !(vs->v = calloc(1, sizeof(*vs->v))))
		goto out;
	vs->pinned = pinned;
	vs->npinned = npinned;
	v = &vs->v[vs->n++];
	v->number = number;
	snprintf(v->tag, sizeof(v->tag), "%s%ld", SAKRA_APPROVAL_TAG, number);
	snprintf(v->commit, sizeof(v->commit), "%s", commit);
	if (!man || !(v->manifest = malloc(man->data.len + 1)))
		goto out;
	memcpy(v->manifest, man->data.ptr ? man->data.ptr : "", man->data.len);
	v->manifest[man->data.len] = 0;
	v->manifest_len = man->data.len;
	(void)org;
	if (sakra_version_set_config(v, cfg) < 0)
		goto out;
	if (!(v->keys = calloc(kit->n + 1, sizeof(*v->keys))))
		goto out;
	for (size_t i = 0; i < kit->n; i++) {
		const struct kitfile *k = &kit->f[i];

		if (!strncmp(k->name, "keys/", 5)) {
			if ((rc = sakra_pubkey_parse(&v->keys[v->nkeys], k->name, k->data.ptr ? k->data.ptr : "",
						     k->data.len, err)) < 0)
				goto out;
			if (!(v->keys[v->nkeys++].source = strdup(k->name))) {
				rc = SAKRA_ENOMEM;
				goto out;
			}
		} else if (!strncmp(k->name, "MANIFEST.", 9) ||
			   (!strncmp(k->name, "SCOPE.", 6) && strlen(k->name) > 8 &&
			    !strcmp(k->name + strlen(k->name) - 8, ".minisig"))) {
			if (sakra_buf_put(&sigs, k->data.ptr ? k->data.ptr : "", k->data.len) < 0 ||
			    (sigs.len && sigs.ptr[sigs.len - 1] != '\n' && sakra_buf_putc(&sigs, '\n') < 0))
				goto out;
		}
	}
	if (sigs.ptr && sakra_version_read_signatures(v, sigs.ptr) < 0)
		goto out;
	sakra_versions_judge(vs);
	*out = vs;
	vs = NULL;
	rc = 0;
out:
	if (vs) {
		vs->pinned = NULL;
		vs->npinned = 0;
	}
	sakra_versions_free(vs);
	sakra_buf_free(&sigs);
	return rc == SAKRA_ENOMEM ? bundle_nomem(err) : rc;
}

void bundle_facts_init(struct facts *f, const struct sakra_config *cfg,
		       const struct sakra_edition *ed, const struct sakra_manifest *m,
		       const char *commit, long long commit_time, struct sakra_date commit_date,
		       const char *maker)
{
	memset(f, 0, sizeof(*f));
	f->cfg = cfg;
	f->ed = ed;
	f->m = m;
	f->commit = commit;
	f->commit_time = commit_time;
	f->commit_date = commit_date;
	f->maker = maker;
}

void bundle_facts_count(struct facts *f)
{
	f->level = -1;
	f->files = f->withheld = 0;
	for (size_t i = 0; i < f->m->n; i++) {
		const char *c = f->m->files[i].classification;
		int l;

		if (!sakra_edition_includes(f->cfg, f->ed, f->m->files[i].path, c, f->m->files[i].size)) {
			f->withheld++;
			continue;
		}
		f->files++;
		if (c && (l = sakra_config_level(f->cfg, c)) > f->level)
			f->level = l;
	}
	bundle_name(f->name, sizeof(f->name), f->cfg, f->number, f->commit, f->ed);
}

int bundle_put_info(struct sakra_buf *b, const struct facts *f)
{
	const struct sakra_config *cfg = f->cfg;
	char day[11];
	int rc = 0;

	sakra_date_format(&f->commit_date, day);
	rc |= sakra_buf_printf(b, "# sakra bundle %d\nname: %s\norganisation: %s\nsakra: %s\n",
			       SAKRA_BUNDLE_FORMAT, f->name, cfg->org_name ? cfg->org_name : "",
			       f->maker);
	if (f->number)
		rc |= sakra_buf_printf(b, "version: %ld\n", f->number);
	else
		rc |= sakra_buf_puts(b, "version: draft\n");
	rc |= sakra_buf_printf(b, "commit: %s\ncommit-time: %lld\ncommit-date: %s\nedition: %s\n"
			       "max_classification: %s\nmarking: %s\nfiles: %zu\nwithheld: %zu\n",
			       f->commit, f->commit_time, day, f->ed ? f->ed->name : "-",
			       f->ed && f->ed->max_level >= 0 ? cfg->levels[f->ed->max_level].id : "-",
			       f->level >= 0 ? cfg->levels[f->level].id : "-", f->files, f->withheld);
	for (size_t i = 0; i < f->m->n; i++)
		if (!sakra_edition_includes(cfg, f->ed, f->m->files[i].path,
					    f->m->files[i].classification, f->m->files[i].size))
			rc |= sakra_buf_printf(b, "withheld-file: %s\n", f->m->files[i].path);
	return rc ? SAKRA_ENOMEM : 0;
}

/* The words of a bundle's README, by language. */
/* The language the kit's README is written in for a plan of lang. */
const char *bundle_readme_lang(const char *lang)
{
	return sakra_words(lang)->lang;
}

/* The bundle's README: in the plan's language, then (unless that is
 * English) an English summary. The formats are the words' (sakra_words),
 * whose arguments match in each language (test_words holds them to it). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
int bundle_put_readme(struct sakra_buf *b, const struct facts *f)
{
	const struct sakra_config *cfg = f->cfg;
	const struct sakra_bundle_words *w = &sakra_words(cfg->language)->bundle;
	const struct sakra_bundle_words *en = &sakra_words("en")->bundle;
	const char *lang = sakra_words(cfg->language)->lang, *readme = sakra_kit_readme_name(lang);
	const char *org = cfg->org_name ? cfg->org_name : "";
	const char *ed = f->ed ? sakra_config_edition_title(f->ed) : w->all_marked;
	const char *marking = f->level >= 0 ? cfg->levels[f->level].label : w->none;
	int rc = 0;

	if (f->number)
		rc |= sakra_buf_printf(b, w->approved, org, f->number, ed);
	else
		rc |= sakra_buf_printf(b, w->draft, org, ed);
	rc |= sakra_buf_printf(b, w->commit, f->commit, marking);
	rc |= sakra_buf_puts(b, w->contents);
	if (f->withheld) {
		rc |= sakra_buf_puts(b, w->withheld);
		for (size_t i = 0; i < f->m->n; i++)
			if (!sakra_edition_includes(cfg, f->ed, f->m->files[i].path,
						    f->m->files[i].classification,
						    f->m->files[i].size))
				rc |= sakra_buf_printf(b, "  %s\n", f->m->files[i].path);
	} else {
		rc |= sakra_buf_puts(b, w->all_in);
	}
	rc |= sakra_buf_printf(b, w->howto, f->name);
	rc |= sakra_buf_printf(b, w->by_hand, readme);
	if (f->v && sakra_kit_readme(b, f->v, lang, 0) < 0)
		rc = 1;
	if (strcmp(lang, "en") == 0)
		return rc ? SAKRA_ENOMEM : 0;
	rc |= sakra_buf_printf(b, en->summary_head, org);
	rc |= f->number ? sakra_buf_printf(b, en->summary_approved, f->number)
			: sakra_buf_puts(b, en->summary_draft);
	rc |= sakra_buf_printf(b, en->summary, f->ed ? f->ed->name : en->all_marked, readme,
			       readme);
	if (f->v && (sakra_buf_putc(b, '\n') < 0 || sakra_kit_readme(b, f->v, lang, 1) < 0))
		rc = 1;
	return rc ? SAKRA_ENOMEM : 0;
}
#pragma GCC diagnostic pop

/* The site's options for a bundle: judged on the day the version was
 * approved (the commit's day for a draft), its history the one version,
 * attachments linked to ../files/. */
void bundle_site_options(struct sakra_site_options *so, const struct facts *f,
			 const struct sakra_versions *lv)
{
	char day[11] = "";

	memset(so, 0, sizeof(*so));
	so->edition = f->ed;
	so->today = f->commit_date;
	if (f->v) {
		sakra_version_date(f->v, day);
		if (day[0])
			sakra_date_parse(day, &so->today);
	}
	so->commit = f->commit;
	so->version = f->v && f->v->approved ? f->v : NULL;
	so->versions = lv;
	so->history_commit = f->commit;
	so->files_at = "../files/";
}
