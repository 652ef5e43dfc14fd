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
static const struct readme_words {
	const char *lang;
	const char *all_marked, *none;
	const char *approved;        /* organisation, version, edition */
	const char *draft;           /* organisation, edition */
	const char *commit;          /* commit, marking */
	const char *contents;
	const char *withheld, *all_in;
	const char *howto;           /* the bundle's folder */
	const char *by_hand;         /* the README's name */
} readme_words[] = {
	{ "sv", "alla märkta filer", "ingen",
	  "Paket: %s, godkänd version %ld, utgåva %s\n",
	  "UTKAST / DRAFT — INTE GODKÄNT. Paket: %s, utgåva %s\n",
	  "Commit %s\nMärkning: %s\n\n",
	  "Innehåll:\n"
	  "  files/           planens filer i denna utgåva, som i commiten\n"
	  "  MANIFEST, MANIFEST.<nyckel>.minisig, keys/  godkännarnas signaturer\n"
	  "  site/index.html  planen som webbplats, framställd ur files/\n"
	  "  BUNDLE           paketets uppgifter (version, utgåva, undanhållna filer)\n\n",
	  "Filer som utgåvan inte innehåller (de finns i MANIFEST men inte i files/):\n",
	  "Utgåvan innehåller alla filer i MANIFEST.\n",
	  "\nÖppna och kontrollera med sakra (kontrollerar allt i paketet):\n"
	  "  sakra open PAKET -o MAPP --identity NYCKELFIL --key GODKÄNNARE.pub\n"
	  "  sakra verify PAKET --key GODKÄNNARE.pub\n"
	  "  (--key: en godkännares publika nyckel som du fått på annat sätt, eller\n"
	  "  nyckelringen ~/.config/sakra/keyring/<FO-nummer>/; utan någon sådan\n"
	  "  nyckel godtar sakra inte paketet, om du inte anger --accept-bundle-keys)\n"
	  "Eller för hand med age, tar, minisign och sha256sum:\n"
	  "  age -d -i NYCKELFIL PAKET | tar -x       (zip: 7zz x PAKET; tar -xf PAKET.tar)\n"
	  "  cd %s\n"
	  "  minisign -Vm MANIFEST -x MANIFEST.<nyckel>.minisig -p GODKÄNNARE.pub\n"
	  "  cd files && sha256sum -c ../MANIFEST 2>/dev/null | grep -v ': OK$'\n",
	  "Kontrollen för hand omfattar signaturerna av MANIFEST och varje fil i files/.\n"
	  "Den omfattar inte site/, %s och BUNDLE: sakra open och sakra verify\n"
	  "framställer dem på nytt ur de signerade filerna och jämför byte för byte.\n"
	  "Läs site/ först när sakra har öppnat paketet, eller läs filerna i files/.\n"
	  "Kontrollera signaturerna med nycklar du fått på annat sätt, inte med keys/.\n\n" },
	{ "fi", "kaikki merkityt tiedostot", "ei mitään",
	  "Paketti: %s, hyväksytty versio %ld, julkaisu %s\n",
	  "LUONNOS / DRAFT — EI HYVÄKSYTTY. Paketti: %s, julkaisu %s\n",
	  "Commit %s\nMerkintä: %s\n\n",
	  "Sisältö:\n"
	  "  files/           suunnitelman tiedostot tässä julkaisussa, kuten commitissa\n"
	  "  MANIFEST, MANIFEST.<avain>.minisig, keys/  hyväksyjien allekirjoitukset\n"
	  "  site/index.html  suunnitelma verkkosivustona, tuotettu files/-hakemistosta\n"
	  "  BUNDLE           paketin tiedot (versio, julkaisu, pois jätetyt tiedostot)\n\n",
	  "Tiedostot, joita julkaisu ei sisällä (ne ovat MANIFESTissa mutta eivät files/-hakemistossa):\n",
	  "Julkaisu sisältää kaikki MANIFESTin tiedostot.\n",
	  "\nAvaa ja tarkista sakralla (se tarkistaa kaiken paketissa):\n"
	  "  sakra open PAKETTI -o HAKEMISTO --identity AVAINTIEDOSTO --key HYVÄKSYJÄ.pub\n"
	  "  sakra verify PAKETTI --key HYVÄKSYJÄ.pub\n"
	  "  (--key: hyväksyjän julkinen avain, jonka olet saanut muuta kautta, tai\n"
	  "  avainrengas ~/.config/sakra/keyring/<Y-tunnus>/; ilman sellaista avainta\n"
	  "  sakra ei hyväksy pakettia, ellet anna valitsinta --accept-bundle-keys)\n"
	  "Tai käsin agella, tarilla, minisignilla ja sha256sumilla:\n"
	  "  age -d -i AVAINTIEDOSTO PAKETTI | tar -x       (zip: 7zz x PAKETTI; tar -xf PAKETTI.tar)\n"
	  "  cd %s\n"
	  "  minisign -Vm MANIFEST -x MANIFEST.<avain>.minisig -p HYVÄKSYJÄ.pub\n"
	  "  cd files && sha256sum -c ../MANIFEST 2>/dev/null | grep -v ': OK$'\n",
	  "Käsin tehty tarkistus kattaa MANIFESTin allekirjoitukset ja jokaisen files/-\n"
	  "hakemiston tiedoston. Se ei kata site/-hakemistoa eikä tiedostoja %s ja\n"
	  "BUNDLE: sakra open ja sakra verify tuottavat ne uudelleen allekirjoitetuista\n"
	  "tiedostoista ja vertaavat niitä tavu tavulta.\n"
	  "Lue site/ vasta, kun sakra on avannut paketin, tai lue files/-hakemiston tiedostot.\n"
	  "Tarkista allekirjoitukset avaimilla, jotka olet saanut muuta kautta, ei keys/-hakemistolla.\n\n" },
	{ "en", "all marked files", "none",
	  "Bundle: %s, approved version %ld, edition %s\n",
	  "DRAFT — NOT APPROVED. Bundle: %s, edition %s\n",
	  "Commit %s\nMarking: %s\n\n",
	  "Contents:\n"
	  "  files/           the plan's files in this edition, as in the commit\n"
	  "  MANIFEST, MANIFEST.<key>.minisig, keys/  the approvers' signatures\n"
	  "  site/index.html  the plan as a web site, rendered from files/\n"
	  "  BUNDLE           the bundle's facts (version, edition, withheld files)\n\n",
	  "Files the edition does not hold (they are in MANIFEST but not in files/):\n",
	  "The edition holds every file in MANIFEST.\n",
	  "\nOpen and check with sakra (it checks everything in the bundle):\n"
	  "  sakra open BUNDLE -o FOLDER --identity KEYFILE --key APPROVER.pub\n"
	  "  sakra verify BUNDLE --key APPROVER.pub\n"
	  "  (--key: an approver's public key you received another way, or the keyring\n"
	  "  ~/.config/sakra/keyring/<business id>/; without such a key sakra does not\n"
	  "  accept the bundle, unless you give --accept-bundle-keys)\n"
	  "Or by hand with age, tar, minisign and sha256sum:\n"
	  "  age -d -i KEYFILE BUNDLE | tar -x       (zip: 7zz x BUNDLE; tar -xf BUNDLE.tar)\n"
	  "  cd %s\n"
	  "  minisign -Vm MANIFEST -x MANIFEST.<key>.minisig -p APPROVER.pub\n"
	  "  cd files && sha256sum -c ../MANIFEST 2>/dev/null | grep -v ': OK$'\n",
	  "Checking by hand covers the signatures of MANIFEST and every file in files/.\n"
	  "It does not cover site/, %s and BUNDLE: sakra open and sakra verify\n"
	  "render them anew from the signed files and compare them byte for byte.\n"
	  "Read site/ only once sakra has opened the bundle, or read the files in files/.\n"
	  "Check the signatures with keys you received another way, not with keys/.\n\n" },
};

static const struct readme_words *words_for(const char *lang)
{
	for (size_t i = 0; i < sizeof(readme_words) / sizeof(*readme_words); i++)
		if (lang && strcmp(lang, readme_words[i].lang) == 0)
			return &readme_words[i];
	return &readme_words[0];
}

/* The language the kit's README is written in for a plan of lang. */
const char *bundle_readme_lang(const char *lang)
{
	return words_for(lang)->lang;
}

/* The bundle's README: in the plan's language, then (unless that is
 * English) an English summary. The formats are readme_words', whose
 * arguments match in each language. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
int bundle_put_readme(struct sakra_buf *b, const struct facts *f)
{
	const struct sakra_config *cfg = f->cfg;
	const struct readme_words *w = words_for(cfg->language);
	const char *lang = w->lang, *readme = sakra_kit_readme_name(lang);
	const char *org = cfg->org_name ? cfg->org_name : "";
	const char *ed = f->ed ? f->ed->name : w->all_marked;
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
	rc |= sakra_buf_printf(b, "\n--- English ---\nBundle of %s, ", org);
	if (f->number)
		rc |= sakra_buf_printf(b, "approved version %ld", f->number);
	else
		rc |= sakra_buf_puts(b, "a DRAFT, NOT APPROVED");
	rc |= sakra_buf_printf(b, ", edition %s.\n"
		"files/ holds the files of the edition as in the commit; files listed in\n"
		"MANIFEST but absent from files/ were withheld by the edition (see BUNDLE);\n"
		"site/index.html is the plan as a web site, rendered from files/.\n"
		"'sakra open' and 'sakra verify' (best with --key APPROVER.pub, a key you\n"
		"received another way) check everything in the bundle: the signatures, every\n"
		"file, and site/, %s and BUNDLE, which they render anew from the\n"
		"signed files and compare byte for byte. By hand: decrypt with age (7-Zip for\n"
		"a zip), check each signature with minisign, compare the key ids with keys you\n"
		"know, and run 'sha256sum -c ../MANIFEST' inside files/ (every file not OK\n"
		"must be one the edition withholds; see below). That covers the signatures\n"
		"and files/ only: not site/, %s or BUNDLE.\n",
		f->ed ? f->ed->name : "all marked files", readme, readme);
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
