/* bundle: writes a version's edition as one archive with libarchive, and
 * reads one back with every check made before the caller keeps anything. */
#include <errno.h>
#include <locale.h>
#include <fcntl.h>
#include <stdarg.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "sakra/bundle.h"
#include "sakra/words.h"
#include "sakra/crypto.h"
#include "sakra/manifest.h"
#include "sakra/site.h"
#include "sakra/date.h"
#include "sakra/fs.h"
#include "sakra/history.h"
#include "sakra/stream.h"
#include "sakra/text.h"

#define KIT_MAX (64u << 20)          /* MANIFEST and the other kit files */
#define SMALL_MAX (1u << 20)         /* BUNDLE, LÄSMIG.txt, keys, signatures, sakra.yml */
#define PATH_LIMIT 4096


/* What a reader holds at most. Anything beyond is refused before it is
 * allocated, so memory stays bounded whatever the input. */
#define ENTRIES_MAX 200000                /* entries in the archive */
#define HELD_MAX (12u << 20)              /* kit, plan text, names and site hashes */
#define MANIFEST_MAX (16u << 20)
#define KIT_TEXT_MAX (8u << 20)           /* LÄSMIG.txt, BUNDLE */
#define KIT_SMALL_MAX (16u << 10)         /* one key, one signature */
#define KIT_FILES_MAX 1024
#define TEXT_FILE_MAX (2u << 20)          /* one document kept to render the site */
#define SITE_FILE_MAX (64u << 20)         /* one file of site/ */
#define SITE_TOTAL_MAX (1ull << 30)       /* all of site/ */


static int nomem(struct sakra_error *err)
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
static int needed_for_site(const char *path)
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
static void utf8_names(void)
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
		if (needed_for_site(t->files[i].path)) {
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

/* The kit: MANIFEST, its signatures and the keys, as the archive holds
 * them (LÄSMIG.txt and BUNDLE too, on the reader's side). */
struct kitfile {
	char *name;
	struct sakra_buf data;
};

struct kit {
	struct kitfile *f;
	size_t n;
	size_t bytes;
};

static void kit_free(struct kit *k)
{
	for (size_t i = 0; i < k->n; i++) {
		free(k->f[i].name);
		sakra_buf_free(&k->f[i].data);
	}
	free(k->f);
	memset(k, 0, sizeof(*k));
}

static struct kitfile *kit_add(struct kit *k, const char *name)
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

static struct kitfile *kit_find(const struct kit *k, const char *name)
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
static int kit_version(struct sakra_versions **out, const struct kit *kit, long number,
		       const char *commit, const struct sakra_config *cfg, const char *org,
		       struct sakra_pubkey *pinned, size_t npinned, struct sakra_error *err)
{
	struct sakra_versions *vs = calloc(1, sizeof(*vs));
	struct sakra_buf sigs = SAKRA_BUF_INIT;
	const struct kitfile *man = kit_find(kit, "MANIFEST");
	const struct kitfile *hist = kit_find(kit, SAKRA_HISTORY_FILE);
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
	return rc == SAKRA_ENOMEM ? nomem(err) : rc;
}

/* What LÄSMIG.txt, BUNDLE and the site say, from sakra.yml, MANIFEST and
 * the kit's judged version alone: the reader derives the same facts and
 * the same bytes, so none of it needs a signature of its own. */
struct facts {
	const struct sakra_config *cfg;
	const struct sakra_edition *ed;
	const struct sakra_manifest *m;
	const struct sakra_version *v;      /* NULL: a draft */
	long number;                        /* 0: a draft */
	const char *commit;
	long long commit_time;
	struct sakra_date commit_date;
	const char *maker;                  /* the sakra that makes the bundle */
	char name[192];
	int level;
	size_t files, withheld;
};

static void facts_init(struct facts *f, const struct sakra_config *cfg,
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

static void facts_count(struct facts *f)
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

static int put_info(struct sakra_buf *b, const struct facts *f)
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

/* The bundle's README: in the plan's language, then (unless that is
 * English) an English summary. The formats are readme_words', whose
 * arguments match in each language. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static int put_readme(struct sakra_buf *b, const struct facts *f)
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
static void site_options(struct sakra_site_options *so, const struct facts *f,
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

/* --- writing ------------------------------------------------------------------- */

struct arch {
	struct archive *a;
	sakra_sink_fn sink;
	void *ctx;
	struct sakra_error *err;
	int sink_failed;
	const struct sakra_bundle_options *o;
	const char *prefix;
	time_t mtime;
	uint64_t bytes;             /* of files/ so far */
	unsigned char *out;         /* libarchive writes 10 KiB blocks: gathered here */
	size_t olen;
	int abandoned;              /* the bundle failed: what libarchive still writes is dropped */
};

#define OUT_BUF (1024 * 1024)

/* A zip bundle is an AES-256 zip around the one deterministic tar, so that
 * its central directory, which zip never encrypts, shows one name rather
 * than the name of every file of the edition. */
struct zip_layer {
	struct archive *z;
	sakra_sink_fn sink;
	void *ctx;
	struct sakra_error *err;
	int sink_failed;
};

static la_ssize_t zip_out(struct archive *a, void *ctx, const void *buf, size_t len)
{
	struct zip_layer *zl = ctx;

	if (zl->sink_failed || zl->sink(zl->ctx, buf, len, zl->err) < 0) {
		zl->sink_failed = 1;
		archive_set_error(a, EIO, "the output failed");
		return -1;
	}
	return (la_ssize_t)len;
}

/* The tar's bytes, written into the zip's one entry. */
static int zip_sink(void *ctx, const void *data, size_t len, struct sakra_error *err)
{
	struct zip_layer *zl = ctx;
	const char *p = data;

	while (len) {
		la_ssize_t n = archive_write_data(zl->z, p, len);

		if (n <= 0) {
			if (!zl->sink_failed)
				sakra_error_set(err, SAKRA_EIO, NULL, 0, 0, "cannot write the zip: %s",
						archive_error_string(zl->z) ? archive_error_string(zl->z)
						: "error");
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int zip_open(struct zip_layer *zl, const char *name, time_t mtime, const char *passphrase,
		    struct sakra_error *err)
{
	struct archive_entry *e = NULL;
	char entry[PATH_LIMIT + 8];
	int rc;

	if (!(zl->z = archive_write_new()) || !(e = archive_entry_new())) {
		archive_entry_free(e);
		return nomem(err);
	}
	snprintf(entry, sizeof(entry), "%s.tar", name);
	rc = archive_write_set_format_zip(zl->z);
	if (rc == ARCHIVE_OK)
		rc = archive_write_set_options(zl->z, "zip:encryption=aes256");
	if (rc == ARCHIVE_OK)
		rc = archive_write_set_passphrase(zl->z, passphrase);
	if (rc == ARCHIVE_OK)
		rc = archive_write_add_filter_none(zl->z);
	/* no padding after the zip's end (7-Zip warns of data after it) */
	if (rc == ARCHIVE_OK)
		rc = archive_write_set_bytes_in_last_block(zl->z, 1);
	if (rc == ARCHIVE_OK)
		rc = archive_write_open2(zl->z, zl, NULL, zip_out, NULL, NULL);
	if (rc == ARCHIVE_OK) {
		archive_entry_set_pathname_utf8(e, entry);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_mtime(e, mtime, 0);
		rc = archive_write_header(zl->z, e);   /* size unknown: streamed */
	}
	archive_entry_free(e);
	if (rc < ARCHIVE_WARN)
		return zl->sink_failed && err->code ? err->code
		       : sakra_error_set(err, SAKRA_EIO, NULL, 0, 0, "cannot start the zip: %s",
					 archive_error_string(zl->z) ? archive_error_string(zl->z)
					 : "?");
	return 0;
}

static int arch_flush(struct arch *w)
{
	if (w->olen && w->sink(w->ctx, w->out, w->olen, w->err) < 0) {
		w->sink_failed = 1;
		return -1;
	}
	w->olen = 0;
	return 0;
}

static la_ssize_t arch_out(struct archive *a, void *ctx, const void *buf, size_t len)
{
	struct arch *w = ctx;

	if (w->abandoned)
		return (la_ssize_t)len;
	if (w->olen + len > OUT_BUF && arch_flush(w) < 0) {
		archive_set_error(a, EIO, "the output failed");
		return -1;
	}
	if (len > OUT_BUF) {
		if (w->sink(w->ctx, buf, len, w->err) < 0) {
			w->sink_failed = 1;
			archive_set_error(a, EIO, "the output failed");
			return -1;
		}
		return (la_ssize_t)len;
	}
	memcpy(w->out + w->olen, buf, len);
	w->olen += len;
	return (la_ssize_t)len;
}

static int arch_fail(struct arch *w, const char *path)
{
	if (w->sink_failed)
		return w->err && w->err->code ? w->err->code : SAKRA_EIO;
	return sakra_error_set(w->err, SAKRA_EIO, path, 0, 0, "cannot archive: %s",
			       archive_error_string(w->a) ? archive_error_string(w->a) : "error");
}

static int arch_header(struct arch *w, const char *dir, const char *path, uint64_t size)
{
	struct archive_entry *e = archive_entry_new();
	char full[PATH_LIMIT + 256];
	int rc;

	if (!e)
		return nomem(w->err);
	snprintf(full, sizeof(full), "%s/%s%s", w->prefix, dir, path);
	archive_entry_set_pathname_utf8(e, full);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)size);
	archive_entry_set_mtime(e, w->mtime, 0);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	rc = archive_write_header(w->a, e);
	archive_entry_free(e);
	return rc < ARCHIVE_WARN ? arch_fail(w, path) : 0;
}

static int arch_data(struct arch *w, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		la_ssize_t n = archive_write_data(w->a, p, len);

		if (n <= 0)
			return arch_fail(w, NULL);
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int arch_add(struct arch *w, const char *dir, const char *path, const void *data,
		    size_t len)
{
	int rc = arch_header(w, dir, path, len);

	return rc ? rc : arch_data(w, data, len);
}

/* A piece of a file of files/: the progress counts these, the bytes the
 * edition's files hold (what sakra_bundle_prepare reported). */
static int stream_piece(void *ctx, const void *data, size_t len, struct sakra_error *err)
{
	struct arch *w = ctx;
	int rc = arch_data(w, data, len);

	(void)err;
	w->bytes += len;
	if (rc == 0 && w->o->progress)
		w->o->progress(w->o->progress_ctx, w->bytes);
	return rc;
}

static int site_write(void *ctx, const char *path, const void *data, size_t len,
		      struct sakra_error *err)
{
	(void)err;
	return arch_add(ctx, "site/", path, data, len);
}

static int kit_collect(void *ctx, const char *name, const void *data, size_t len)
{
	struct kitfile *f;

	/* the bundle writes a README of its own */
	if (sakra_kit_readme_named(name))
		return 0;
	if (!(f = kit_add(ctx, name)) || sakra_buf_put(&f->data, data, len) < 0)
		return SAKRA_ENOMEM;
	return 0;
}

int sakra_bundle_write(const struct sakra_bundle_options *o, const struct sakra_bundle_plan *bp,
		       sakra_sink_fn sink, void *ctx, struct sakra_diags *diags,
		       struct sakra_error *err)
{
	const struct sakra_plan *plan = o->plan;
	const struct sakra_tree *t = plan->tree;
	struct sakra_manifest *m = NULL;
	struct sakra_versions *lv = NULL;
	struct sakra_buf text = SAKRA_BUF_INIT;
	struct kit kit = { NULL, 0, 0 };
	struct facts f;
	struct sakra_site_options so;
	struct sakra_site_stats stats;
	struct sakra_site_writer sw;
	struct arch w;
	struct zip_layer zl;
	int rc;

	utf8_names();

	memset(&w, 0, sizeof(w));
	memset(&zl, 0, sizeof(zl));
	w.sink = sink;
	w.ctx = ctx;
	w.err = err;
	w.o = o;
	w.mtime = (time_t)t->commit_time;
	if ((rc = sakra_manifest_parse(&m, "MANIFEST", o->manifest, o->manifest_len, err)) < 0)
		return rc;
	if (strcmp(m->commit, t->commit) != 0) {
		sakra_manifest_free(m);
		return sakra_error_set(err, SAKRA_EINVAL, "MANIFEST", 0, 0,
				       "describes commit %.12s, not %.12s", m->commit, t->commit);
	}
	/* the kit, and the version its signatures make on their own */
	facts_init(&f, plan->config, o->edition, m, t->commit, t->commit_time, t->commit_date,
		   SAKRA_VERSION);
	if (o->version)
		rc = sakra_kit_files(o->version, o->repo, kit_collect, &kit, err);
	else
		rc = kit_collect(&kit, "MANIFEST", o->manifest, o->manifest_len);
	if (rc == SAKRA_ENOMEM)
		nomem(err);
	if (rc < 0)
		goto out;
	/* the versions before it: its reader judges it as the repository does */
	if (o->version) {
		if (!o->versions) {
			rc = sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "the versions are not loaded");
			goto out;
		}
		if ((rc = sakra_history_write(&text, o->versions, o->version->number, o->repo,
					      err)) < 0 ||
		    (rc = kit_collect(&kit, SAKRA_HISTORY_FILE, text.ptr, text.len)) < 0) {
			if (rc == SAKRA_ENOMEM)
				nomem(err);
			goto out;
		}
		sakra_buf_clear(&text);
	}
	if (o->version) {
		f.number = o->version->number;
		if ((rc = kit_version(&lv, &kit, f.number, t->commit, plan->config,
				      plan->config->org_name, NULL, 0, err)) < 0)
			goto out;
		f.v = &lv->v[lv->n - 1];
	}
	facts_count(&f);
	(void)bp;
	w.prefix = f.name;
	if (!(w.a = archive_write_new()) || !(w.out = malloc(OUT_BUF))) {
		rc = nomem(err);
		goto out;
	}
	if (o->format == SAKRA_BUNDLE_ZIP) {
		zl.sink = sink;
		zl.ctx = ctx;
		zl.err = err;
		if ((rc = zip_open(&zl, f.name, w.mtime, o->passphrase, err)) < 0)
			goto out;
		w.sink = zip_sink;
		w.ctx = &zl;
	}
	rc = archive_write_set_format_pax_restricted(w.a);
	if (rc == ARCHIVE_OK)
		rc = archive_write_add_filter_none(w.a);
	if (rc != ARCHIVE_OK || archive_write_open2(w.a, &w, NULL, arch_out, NULL, NULL) != ARCHIVE_OK) {
		rc = sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "cannot start the archive: %s",
				     archive_error_string(w.a) ? archive_error_string(w.a) : "?");
		goto out;
	}
	/* the kit: the README, BUNDLE, MANIFEST, signatures, keys */
	if ((rc = put_readme(&text, &f)) < 0 ||
	    (rc = arch_add(&w, "", sakra_kit_readme_name(words_for(f.cfg->language)->lang),
			   text.ptr, text.len)) < 0)
		goto out;
	sakra_buf_clear(&text);
	if ((rc = put_info(&text, &f)) < 0 ||
	    (rc = arch_add(&w, "", "BUNDLE", text.ptr, text.len)) < 0)
		goto out;
	for (size_t i = 0; i < kit.n; i++)
		if ((rc = arch_add(&w, "", kit.f[i].name, kit.f[i].data.ptr ? kit.f[i].data.ptr : "",
				   kit.f[i].data.len)) < 0)
			goto out;
	/* files/, each checked against the manifest as it is streamed: hashed
	 * in this pass unless this run hashed the blob before (the manifest may
	 * come from the cache, not from the blobs). A file that differs fails
	 * the bundle, whose temporary output is then removed. */
	for (size_t i = 0; i < m->n; i++) {
		const struct sakra_manifest_entry *e = &m->files[i];
		const struct sakra_file *tf;

		if (!sakra_edition_includes(plan->config, o->edition, e->path, e->classification, e->size))
			continue;
		if (!(tf = sakra_tree_find(t, e->path)) || tf->size != e->size) {
			rc = sakra_error_set(err, SAKRA_EINVAL, e->path, 0, 0,
					     "is not in the commit as the manifest says");
			goto out;
		}
		if ((rc = arch_header(&w, "files/", e->path, tf->size)) < 0 ||
		    (rc = sakra_tree_stream_checked(t, tf, e->sha256, stream_piece, &w, err)) < 0)
			goto out;
	}
	/* site/: the edition as `sakra build` renders it, from what a reader
	 * of the bundle holds, so `open` can render it again and compare */
	site_options(&so, &f, lv);
	sw.write = site_write;
	sw.copy = NULL;
	sw.ctx = &w;
	if ((rc = sakra_site_build(plan, &so, &sw, diags, &stats, err)) < 0)
		goto out;
	if (archive_write_close(w.a) != ARCHIVE_OK || arch_flush(&w) < 0) {
		rc = arch_fail(&w, NULL);
		goto out;
	}
	if (zl.z && archive_write_close(zl.z) != ARCHIVE_OK) {
		rc = zl.sink_failed && err->code ? err->code
		     : sakra_error_set(err, SAKRA_EIO, NULL, 0, 0, "cannot finish the zip: %s",
				       archive_error_string(zl.z) ? archive_error_string(zl.z) : "?");
		goto out;
	}
	rc = 0;
out:
	w.abandoned = rc < 0;
	if (w.a)
		archive_write_free(w.a);   /* closes it, writing through w.out */
	if (zl.z) {
		zl.sink_failed |= rc < 0;  /* a failed bundle: nothing more is written */
		archive_write_free(zl.z);
	}
	free(w.out);
	sakra_manifest_free(m);
	sakra_versions_free(lv);
	kit_free(&kit);
	sakra_buf_free(&text);
	if (rc == SAKRA_ENOMEM && err && !err->message[0])
		nomem(err);
	return rc;
}

/* --- reading -------------------------------------------------------------------- */

struct sitefile {
	char *path;                       /* under site/ */
	char hex[65];
	int rendered;
};

struct reader {
	struct archive *a;
	/* a zip bundle: the AES-256 zip around the one tar, whose names it
	 * hides; a is then the tar read from it */
	struct archive *outer;
	int outer_failed;
	unsigned char zin[65536];
	sakra_source_fn source;
	void *ctx;
	struct sakra_error *err;
	int source_failed;
	unsigned char in[65536];     /* what the source gave libarchive */
	unsigned char buf[65536];    /* what libarchive gives back */
	const char *dir;
	struct sakra_bundle_report *r;
	struct kit kit;              /* held until the end: LÄSMIG.txt, BUNDLE, MANIFEST, ... */
	int stage;                   /* 0 kit, 1 files/, 2 site/ */
	struct sakra_manifest *m;
	unsigned char *present;      /* per manifest entry */
	char **kept;                 /* per manifest entry: content kept to render the site */
	struct sitefile *site;       /* site/ as the bundle holds it */
	size_t nsite, capsite;
	uint64_t site_bytes;         /* of site/, as read */
	uint64_t last_read;          /* bytes read_data read of the last entry */
	size_t held;                 /* bytes held of HELD_MAX */
	char maker[32];              /* the sakra that made it, as BUNDLE says */
	long long commit_time;       /* the commit's time and day, as BUNDLE says */
	struct sakra_date commit_date;
	/* every path seen, for duplicates */
	char **seen;
	size_t nseen, capseen;
};

static la_ssize_t rd_read(struct archive *a, void *ctx, const void **out)
{
	struct reader *rd = ctx;
	long n = rd->source(rd->ctx, rd->in, sizeof(rd->in), rd->err);

	if (n < 0) {
		rd->source_failed = 1;
		archive_set_error(a, EIO, "reading the bundle failed");
		return -1;
	}
	*out = rd->in;
	return n;
}

/* The tar inside a zip bundle, as the zip's one entry gives it. */
static la_ssize_t inner_read(struct archive *a, void *ctx, const void **out)
{
	struct reader *rd = ctx;
	la_ssize_t n = archive_read_data(rd->outer, rd->zin, sizeof(rd->zin));

	if (n < 0) {
		rd->outer_failed = 1;
		archive_set_error(a, EIO, "reading the zip failed");
		return -1;
	}
	*out = rd->zin;
	return n;
}

/* Why the zip around the tar failed: a wrong passphrase, or damage. */
static int outer_bad(struct reader *rd);

static int bad(struct reader *rd, const char *entry, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int bad(struct reader *rd, const char *entry, int code, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sakra_error_set(rd->err, code, entry, 0, 0, "%s", msg);
}

static int outer_bad(struct reader *rd)
{
	const char *why = archive_error_string(rd->outer);

	if (rd->source_failed)
		return rd->err->code ? rd->err->code : SAKRA_EIO;
	return why && strstr(why, "assphrase")
	       ? bad(rd, NULL, SAKRA_EINVAL, "the zip's passphrase is wrong")
	       : bad(rd, NULL, SAKRA_EPARSE, "the zip is damaged: %s", why ? why : "?");
}

/* A zip bundle holds one entry, NAME.tar: from here on, the tar is read
 * from it. */
static int enter_zip(struct reader *rd)
{
	rd->outer = rd->a;
	if (!(rd->a = archive_read_new()))
		return nomem(rd->err);
	archive_read_support_format_tar(rd->a);
	if (archive_read_open(rd->a, rd, NULL, inner_read, NULL) != ARCHIVE_OK)
		return rd->outer_failed ? outer_bad(rd)
		       : bad(rd, NULL, SAKRA_EPARSE, "the zip's entry is not a tar: %s",
			     archive_error_string(rd->a) ? archive_error_string(rd->a) : "?");
	return 0;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n > t && strcmp(s + n - t, tail) == 0;
}

/* Counts n more bytes held, or refuses. */
static int hold(struct reader *rd, const char *entry, uint64_t n)
{
	if (n > HELD_MAX - rd->held)
		return bad(rd, entry, SAKRA_ELIMIT, "the bundle's text, names and signatures come to "
			   "more than %u MiB, more than sakra reads", HELD_MAX >> 20);
	rd->held += (size_t)n;
	return 0;
}

/* A relative path of plain components: no '/' at either end, no empty,
 * '.' or '..' component, no control characters, valid UTF-8. */
static int safe_path(const char *p)
{
	size_t n = strlen(p);

	if (!n || n > PATH_LIMIT || p[0] == '/' || p[n - 1] == '/' || !sakra_utf8_valid(p, n, NULL) ||
	    sakra_path_git_refuses(p, 0))
		return 0;   /* and never a path git itself refuses (.git in any form) */
	for (const char *c = p; *c; c++)
		if ((unsigned char)*c < 32 || *c == 127 || *c == '\\')
			return 0;
	for (const char *s = p; s; ) {
		const char *e = strchr(s, '/');
		size_t l = e ? (size_t)(e - s) : strlen(s);

		if (l == 0 || (l == 1 && s[0] == '.') || (l == 2 && s[0] == '.' && s[1] == '.'))
			return 0;
		s = e ? e + 1 : NULL;
	}
	return 1;
}

/* 1 if path was seen before (kept sorted: insertion by binary search). */
static int seen_before(struct reader *rd, const char *path)
{
	size_t lo = 0, hi = rd->nseen;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(rd->seen[mid], path);

		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (hold(rd, path, strlen(path) + 1 + sizeof(char *)) < 0)
		return -2;
	if (rd->nseen == rd->capseen) {
		size_t cap = rd->capseen ? 2 * rd->capseen : 256;
		char **n = realloc(rd->seen, cap * sizeof(*n));

		if (!n)
			return -1;
		rd->seen = n;
		rd->capseen = cap;
	}
	memmove(rd->seen + lo + 1, rd->seen + lo, (rd->nseen - lo) * sizeof(*rd->seen));
	if (!(rd->seen[lo] = strdup(path)))
		return -1;
	rd->nseen++;
	return 0;
}

/* The most a kit entry may hold, or 0 if the name is not one. */
static size_t kit_limit(const char *p)
{
	size_t n = strlen(p);

	if (!strcmp(p, "MANIFEST"))
		return MANIFEST_MAX;
	if (!strcmp(p, SAKRA_HISTORY_FILE))
		return SAKRA_HISTORY_MAX;
	if (sakra_kit_readme_named(p) || !strcmp(p, "BUNDLE"))
		return KIT_TEXT_MAX;
	if (n == 9 + 16 + 8 && !strncmp(p, "MANIFEST.", 9) && !strcmp(p + 25, ".minisig")) {
		for (size_t i = 9; i < 25; i++)
			if (!strchr("0123456789ABCDEF", p[i]))
				return 0;
		return KIT_SMALL_MAX;
	}
	if (!strncmp(p, "keys/", 5) && !strchr(p + 5, '/') && n > 9 && !strcmp(p + n - 4, ".pub"))
		return KIT_SMALL_MAX;
	/* SCOPE.<role> and SCOPE.<role>.<keyid>.minisig: a part a role adopts */
	if (!strncmp(p, "SCOPE.", 6) && n > 6 && strlen(p + 6) < 96) {
		size_t role = strcspn(p + 6, ".");

		for (size_t i = 6; i < 6 + role; i++)
			if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') ||
			      p[i] == '-' || p[i] == '_'))
				return 0;
		if (!role)
			return 0;
		if (!p[6 + role])
			return KIT_SMALL_MAX;
		if (n == 6 + role + 1 + 16 + 8 && !strcmp(p + n - 8, ".minisig")) {
			for (size_t i = 6 + role + 1; i < n - 8; i++)
				if (!strchr("0123456789ABCDEF", p[i]))
					return 0;
			return KIT_SMALL_MAX;
		}
	}
	return 0;
}

/* Each SCOPE.<role> of the kit is what the signed MANIFEST and the
 * governing sakra.yml give for that role's part (the text its signatures
 * are judged on); a part signed in the kit has its SCOPE file. vs: the
 * versions as the bundle alone judges them, the bundled one last. */
static int check_kit_scopes(struct reader *rd, const struct sakra_versions *vs)
{
	const struct sakra_version *v = &vs->v[vs->n - 1];
	const struct sakra_version *gov = v->governed_by ? sakra_versions_find(vs, v->governed_by,
									      NULL) : v;
	struct sakra_buf text = SAKRA_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < rd->kit.n && rc == 0; i++) {
		const struct kitfile *k = &rd->kit.f[i];
		const struct sakra_scope *sc;
		char role[128];
		size_t n;

		if (strncmp(k->name, "SCOPE.", 6) != 0)
			continue;
		n = strcspn(k->name + 6, ".");
		snprintf(role, sizeof(role), "%.*s", (int)n, k->name + 6);
		if (!gov || !(sc = sakra_scope_find(gov->scopes, gov->nscopes, role))) {
			rc = bad(rd, k->name, SAKRA_EAUTH, "is the part of role %s, which the approval "
				 "policy of this version does not have", role);
			break;
		}
		if (k->name[6 + n]) {   /* a signature: its text must be here too */
			snprintf(role, sizeof(role), "SCOPE.%s", sc->role);
			if (!kit_find(&rd->kit, role))
				rc = bad(rd, k->name, SAKRA_EAUTH, "signs %s, which the bundle does not "
					 "hold", role);
			continue;
		}
		if (sakra_scope_text(&text, sc, v->org_id ? v->org_id : "", v->manifest,
				     v->manifest_len) < 0) {
			rc = nomem(rd->err);
			break;
		}
		if (k->data.len != text.len || memcmp(k->data.ptr, text.ptr, text.len) != 0)
			rc = bad(rd, k->name, SAKRA_EAUTH, "is not what the signed MANIFEST and "
				 "sakra.yml give for the part of %s", sc->role);
	}
	sakra_buf_free(&text);
	return rc;
}

/* Room for n bytes and a NUL in an empty buffer, and no more: what a
 * reader holds is counted at its size, not at a doubled capacity. */
static int reserve_exact(struct sakra_buf *b, size_t n)
{
	if (!(b->ptr = malloc(n + 1)))
		return -1;
	b->cap = n + 1;
	b->ptr[0] = 0;
	return 0;
}

/* Creates dir/path (and its folders) for writing. */
static int create_out(struct reader *rd, const char *path)
{
	struct sakra_buf full = SAKRA_BUF_INIT;
	char *slash;
	int fd;

	if (sakra_buf_printf(&full, "%s/%s", rd->dir, path) < 0)
		return nomem(rd->err);
	if ((slash = strrchr(full.ptr, '/')) && slash > full.ptr + strlen(rd->dir)) {
		*slash = 0;
		if (sakra_mkdirs(full.ptr, 0755, rd->err) < 0) {
			sakra_buf_free(&full);
			return -1;
		}
		*slash = '/';
	}
	fd = open(full.ptr, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		sakra_error_set(rd->err, SAKRA_EIO, path, 0, 0, "cannot create: %s", strerror(errno));
	sakra_buf_free(&full);
	return fd;
}

/* Writes a file of what was checked or rendered into dir. */
static int put_out(struct reader *rd, const char *path, const void *data, size_t len)
{
	int fd, rc;

	if (!rd->dir)
		return 0;
	if ((fd = create_out(rd, path)) < 0)
		return -1;
	rc = sakra_fd_write(fd, data, len, path, rd->err);
	if (close(fd) < 0 && rc == 0)
		rc = bad(rd, path, SAKRA_EIO, "close failed: %s", strerror(errno));
	return rc;
}

/* Reads the current entry's data: into keep (up to max bytes), hashed into
 * hex, and written to fd. No more than max bytes are read (the manifest's
 * size for files/: a size lie stops at once); the size read must be size
 * when the header gives one. */
static int read_data(struct reader *rd, const char *path, int64_t size, uint64_t max,
		     struct sakra_buf *keep, char hex[65], int fd)
{
	struct sakra_sha256 *h = NULL;
	uint64_t total = 0;
	int rc = 0;

	if (hex && sakra_sha256_new(&h, rd->err) < 0)
		return -1;
	for (;;) {
		la_ssize_t n = archive_read_data(rd->a, rd->buf, sizeof(rd->buf));

		if (n == 0)
			break;
		if (n < 0) {
			const char *why = archive_error_string(rd->a);

			/* a wrong passphrase is the caller's mistake, not a bad bundle */
			rc = rd->source_failed ? (rd->err->code ? rd->err->code : SAKRA_EIO)
			     : why && strstr(why, "assphrase")
			     ? bad(rd, NULL, SAKRA_EINVAL, "the zip's passphrase is wrong")
			     : bad(rd, path, SAKRA_EPARSE, "cannot read the entry: %s", why ? why : "?");
			break;
		}
		if ((uint64_t)n > max - total) {
			rc = bad(rd, path, SAKRA_ELIMIT, "holds more than the %llu bytes it may",
				 (unsigned long long)max);
			break;
		}
		total += (uint64_t)n;
		if (keep && sakra_buf_put(keep, rd->buf, (size_t)n) < 0) {
			rc = nomem(rd->err);
			break;
		}
		if (h)
			sakra_sha256_update(h, rd->buf, (size_t)n);
		if (fd >= 0 && (rc = sakra_fd_write(fd, rd->buf, (size_t)n, path, rd->err)) < 0)
			break;
	}
	rd->last_read = total;
	if (rc == 0 && size >= 0 && total != (uint64_t)size)
		rc = bad(rd, path, SAKRA_EPARSE, "holds %llu bytes, its header says %lld",
			 (unsigned long long)total, (long long)size);
	if (h) {
		if (rc == 0)
			sakra_sha256_final_hex(h, hex);
		else
			sakra_sha256_free(h);
	}
	if (rc == 0 && keep && !keep->ptr && sakra_buf_put(keep, "", 0) < 0)
		rc = nomem(rd->err);
	return rc;
}

static const char *info_value(const char *text, const char *key, char *out, size_t cap)
{
	size_t k = strlen(key);

	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, key, k) && p[k] == ':' && p[k + 1] == ' ') {
			const char *e = strchr(p, '\n');
			size_t l = e ? (size_t)(e - p - k - 2) : strlen(p + k + 2);

			snprintf(out, cap, "%.*s", (int)l, p + k + 2);
			return out;
		}
	return NULL;
}

/* Once the kit is in: the manifest and what BUNDLE says. BUNDLE is not
 * signed: what it claims is used only to render it again, and the result
 * must be the same bytes. */
static int finish_kit(struct reader *rd)
{
	struct kitfile *man = kit_find(&rd->kit, "MANIFEST"), *info = kit_find(&rd->kit, "BUNDLE");
	struct sakra_bundle_report *r = rd->r;
	char val[256], head[64];
	int rc;

	if (!man || !info)
		return bad(rd, NULL, SAKRA_EPARSE, "the bundle has no %s before its files: "
			   "it was not written by sakra bundle", man ? "BUNDLE" : "MANIFEST");
	snprintf(head, sizeof(head), "# sakra bundle %d\n", SAKRA_BUNDLE_FORMAT);
	if (strncmp(info->data.ptr, head, strlen(head)) != 0)
		return bad(rd, "BUNDLE", SAKRA_EPARSE, "is not of bundle format %d (made by another "
			   "version of sakra?)", SAKRA_BUNDLE_FORMAT);
	if ((rc = sakra_manifest_parse(&rd->m, "MANIFEST", man->data.ptr, man->data.len,
				       rd->err)) < 0) {
		if (rc == SAKRA_EINVAL)
			rd->err->code = SAKRA_EAUTH;   /* a damaged manifest does not verify */
		return -1;
	}
	if (!(rd->present = calloc(rd->m->n + 1, 1)) || !(rd->kept = calloc(rd->m->n + 1,
									   sizeof(char *))))
		return nomem(rd->err);
	memcpy(r->commit, rd->m->commit, sizeof(r->commit));
	if (!info_value(info->data.ptr, "version", val, sizeof(val)))
		return bad(rd, "BUNDLE", SAKRA_EPARSE, "names no version");
	if (!strcmp(val, "draft"))
		r->draft = 1;
	else if ((r->version = strtol(val, NULL, 10)) <= 0 || r->version > 1000000)
		return bad(rd, "BUNDLE", SAKRA_EPARSE, "version '%.40s' is not a number", val);
	if (!info_value(info->data.ptr, "commit", val, sizeof(val)) || strcmp(val, r->commit))
		return bad(rd, "BUNDLE", SAKRA_EAUTH, "names another commit than MANIFEST");
	if (info_value(info->data.ptr, "edition", val, sizeof(val)) && strcmp(val, "-") &&
	    !(r->edition = strdup(val)))
		return nomem(rd->err);
	if (!info_value(info->data.ptr, "sakra", rd->maker, sizeof(rd->maker)) ||
	    !info_value(info->data.ptr, "commit-time", val, sizeof(val)) ||
	    (rd->commit_time = strtoll(val, NULL, 10), 0) ||
	    !info_value(info->data.ptr, "commit-date", val, sizeof(val)) ||
	    sakra_date_parse(val, &rd->commit_date) < 0)
		return bad(rd, "BUNDLE", SAKRA_EPARSE, "does not say which sakra made it and when "
			   "the commit was made");
	if (!(r->organisation = strdup(rd->m->organisation ? rd->m->organisation : "")))
		return nomem(rd->err);
	rd->stage = 1;
	return 0;
}

static int entry(struct reader *rd, const char *rel, int64_t size)
{
	struct sakra_bundle_report *r = rd->r;
	size_t limit = rd->stage == 0 ? kit_limit(rel) : 0;
	int fd = -1, rc = 0;

	if (limit) {
		struct kitfile *k;
		int held;

		if (rd->kit.n >= KIT_FILES_MAX)
			return bad(rd, rel, SAKRA_ELIMIT, "more than %d keys and signatures",
				   KIT_FILES_MAX);
		if (size > (int64_t)limit)
			return bad(rd, rel, SAKRA_ELIMIT, "is larger than the %zu bytes it may be", limit);
		/* the history has a bound of its own (SAKRA_HISTORY_MAX) */
		held = strcmp(rel, SAKRA_HISTORY_FILE) != 0;
		if ((held && size >= 0 && hold(rd, rel, (uint64_t)size + 1) < 0) ||
		    !(k = kit_add(&rd->kit, rel)))
			return rd->err->code ? -1 : nomem(rd->err);
		/* held at its exact size when the header gives one */
		if (size >= 0 && reserve_exact(&k->data, (size_t)size) < 0)
			return nomem(rd->err);
		if ((rc = read_data(rd, rel, size, limit, &k->data, NULL, -1)) < 0)
			return rc;
		return size < 0 && held ? hold(rd, rel, k->data.len + 1) : 0;
	}
	if (!strncmp(rel, "files/", 6) && rd->stage <= 1) {
		const struct sakra_manifest_entry *m;
		struct sakra_buf keep = SAKRA_BUF_INIT;
		int want;
		char hex[65];

		if (rd->stage == 0 && finish_kit(rd) < 0)
			return -1;
		if (!(m = sakra_manifest_find(rd->m, rel + 6)))
			return bad(rd, rel, SAKRA_EAUTH, "is not in the signed MANIFEST");
		if (size >= 0 && size != (int64_t)m->size)
			return bad(rd, rel, SAKRA_EAUTH, "has another size than MANIFEST says");
		if ((want = needed_for_site(rel + 6))) {
			if (m->size > TEXT_FILE_MAX)
				return bad(rd, rel, SAKRA_ELIMIT, "is larger than the %u MiB sakra renders",
					   TEXT_FILE_MAX >> 20);
			if (hold(rd, rel, m->size + 1) < 0)
				return -1;
			/* exactly the signed size: reading stops there */
			if (reserve_exact(&keep, m->size) < 0)
				return nomem(rd->err);
		}
		if (rd->dir && (fd = create_out(rd, rel)) < 0)
			return -1;
		rc = read_data(rd, rel, size, m->size, want ? &keep : NULL, hex, fd);
		if (rc == 0 && !sakra_equal_ct(hex, m->sha256, 64))
			rc = bad(rd, rel, SAKRA_EAUTH, "does not match its hash in the signed MANIFEST");
		if (rc == 0 && keep.len != m->size && want)
			rc = bad(rd, rel, SAKRA_EAUTH, "has another size than MANIFEST says");
		if (rc == 0) {
			size_t i = (size_t)(m - rd->m->files);

			rd->present[i] = 1;
			if (want)
				rd->kept[i] = sakra_buf_detach(&keep);
			r->files++;
			r->bytes += m->size;
		}
		sakra_buf_free(&keep);
	} else if (!strncmp(rel, "site/", 5)) {
		struct sitefile *sf;

		if (rd->stage == 0 && finish_kit(rd) < 0)
			return -1;
		rd->stage = 2;
		if (hold(rd, rel, strlen(rel) + sizeof(*sf)) < 0)
			return -1;
		if (rd->nsite == rd->capsite) {
			size_t cap = rd->capsite ? 2 * rd->capsite : 64;

			if (!(sf = realloc(rd->site, cap * sizeof(*sf))))
				return nomem(rd->err);
			rd->site = sf;
			rd->capsite = cap;
		}
		sf = &rd->site[rd->nsite];
		memset(sf, 0, sizeof(*sf));
		if (!(sf->path = strdup(rel + 5)))
			return nomem(rd->err);
		rd->nsite++;
		/* the bytes read count, not what a header declares (a zip's data
		 * descriptor declares nothing up front) */
		{
			uint64_t left = SITE_TOTAL_MAX - rd->site_bytes;

			rc = read_data(rd, rel, size, left < SITE_FILE_MAX ? left : SITE_FILE_MAX, NULL,
				       sf->hex, -1);
			rd->site_bytes += rd->last_read;
			if (rc < 0 && rd->err->code == SAKRA_ELIMIT && left < SITE_FILE_MAX)
				rc = bad(rd, rel, SAKRA_ELIMIT, "site/ holds more than %llu MiB",
					 SITE_TOTAL_MAX >> 20);
		}
	} else {
		return bad(rd, rel, SAKRA_EPARSE, "%s", rd->stage && kit_limit(rel)
			   ? "comes after the files; a bundle has its kit first"
			   : !strncmp(rel, "files/", 6) ? "comes after site/; a bundle has files/ first"
			   : "is not part of a bundle (only LÄSMIG.txt, BUNDLE, MANIFEST*, SCOPE*, "
			     "keys/, files/ and site/ are)");
	}
	if (fd >= 0 && close(fd) < 0 && rc == 0)
		rc = bad(rd, rel, SAKRA_EIO, "close failed: %s", strerror(errno));
	return rc;
}

/* The SHA-256 of data, as 64 hex digits. */
static int sha256_hex(struct reader *rd, const void *data, size_t len, char hex[65])
{
	struct sakra_sha256 *h;

	if (sakra_sha256_new(&h, rd->err) < 0)
		return -1;
	sakra_sha256_update(h, data, len);
	sakra_sha256_final_hex(h, hex);
	return 0;
}

/* The kit's keys are exactly the commit's keys/: each is in the manifest
 * with the same content, and none is missing. A draft's kit has none. */
static int check_kit_keys(struct reader *rd)
{
	size_t keys = 0;

	for (size_t i = 0; i < rd->kit.n; i++) {
		const struct kitfile *k = &rd->kit.f[i];
		const struct sakra_manifest_entry *e;
		char hex[65];

		if (strncmp(k->name, "keys/", 5) != 0)
			continue;
		if (rd->r->draft)
			return bad(rd, k->name, SAKRA_EAUTH, "a draft bundle carries no keys");
		keys++;
		if (!(e = sakra_manifest_find(rd->m, k->name)))
			return bad(rd, k->name, SAKRA_EAUTH,
				   "is not a key of the approved commit (not in MANIFEST)");
		if (sha256_hex(rd, k->data.ptr, k->data.len, hex) < 0)
			return -1;
		if (!sakra_equal_ct(hex, e->sha256, 64))
			return bad(rd, k->name, SAKRA_EAUTH,
				   "differs from the key in the approved commit");
	}
	for (size_t i = 0; i < rd->m->n && !rd->r->draft; i++)
		if (kit_limit(rd->m->files[i].path) == KIT_SMALL_MAX &&
		    !strncmp(rd->m->files[i].path, "keys/", 5))
			keys--;
	if (keys)
		return bad(rd, "keys/", SAKRA_EAUTH, "does not hold every key of the approved commit");
	return 0;
}

/* LÄSMIG.txt or BUNDLE as the bundle holds it must be what the signed
 * content gives. */
static int same_as_made(struct reader *rd, const char *name, const struct sakra_buf *made)
{
	const struct kitfile *k = kit_find(&rd->kit, name);

	if (!k || k->data.len != made->len || memcmp(k->data.ptr, made->ptr, made->len) != 0)
		return bad(rd, name, SAKRA_EAUTH, "is not what the signed files give: it was "
			   "changed after the bundle was made%s", strcmp(rd->maker, SAKRA_VERSION)
			   ? " (or another version of sakra made it)" : "");
	return put_out(rd, name, made->ptr, made->len);
}

static int cmp_sitefile(const void *a, const void *b)
{
	return strcmp(((const struct sitefile *)a)->path, ((const struct sitefile *)b)->path);
}

/* The site rendered from the signed files, file by file: the bundle must
 * hold the same bytes. What is written to dir is this rendering. */
static int site_check(void *ctx, const char *path, const void *data, size_t len,
		      struct sakra_error *err)
{
	struct reader *rd = ctx;
	struct sitefile key, *sf;
	struct sakra_buf out = SAKRA_BUF_INIT;
	char hex[65];
	int rc;

	(void)err;
	key.path = (char *)path;
	sf = rd->nsite ? bsearch(&key, rd->site, rd->nsite, sizeof(*sf), cmp_sitefile) : NULL;
	if (!sf)
		return bad(rd, NULL, SAKRA_EAUTH, "site/%s is missing from the bundle", path);
	if (sha256_hex(rd, data, len, hex) < 0)
		return -1;
	if (!sakra_equal_ct(hex, sf->hex, 64))
		return bad(rd, NULL, SAKRA_EAUTH, "site/%s is not the page the signed files give: "
			   "it was changed after the bundle was made%s", path,
			   strcmp(rd->maker, SAKRA_VERSION) ? " (or another version of sakra made it)"
			   : "");
	sf->rendered = 1;
	if (sakra_buf_printf(&out, "site/%s", path) < 0)
		return nomem(rd->err);
	rc = put_out(rd, out.ptr, data, len);
	sakra_buf_free(&out);
	return rc;
}

/* Renders LÄSMIG.txt, BUNDLE and site/ from the signed content and
 * compares them with the bundle's; writes the kit into dir. */
static int render_again(struct reader *rd, const struct sakra_config *cfg,
			const struct sakra_edition *ed, const struct sakra_versions *lv)
{
	struct facts f;
	struct sakra_buf text = SAKRA_BUF_INIT;
	struct sakra_tree *tree = NULL;
	struct sakra_plan *plan = NULL;
	struct sakra_diags diags = SAKRA_DIAGS_INIT;
	struct sakra_site_options so;
	struct sakra_site_stats stats;
	struct sakra_site_writer sw;
	const char *readme;
	int rc;

	facts_init(&f, cfg, ed, rd->m, rd->r->commit, rd->commit_time, rd->commit_date, rd->maker);
	f.v = lv ? &lv->v[lv->n - 1] : NULL;
	f.number = rd->r->draft ? 0 : rd->r->version;
	facts_count(&f);
	if (strcmp(f.name, rd->r->name) != 0) {
		rc = bad(rd, NULL, SAKRA_EAUTH, "the bundle's folder is %s/, but its content makes it "
			 "%s/", rd->r->name, f.name);
		goto out;
	}
	readme = rd->r->readme = sakra_kit_readme_name(words_for(cfg->language)->lang);
	if ((rc = put_readme(&text, &f)) < 0 || (rc = same_as_made(rd, readme, &text)) < 0)
		goto out;
	sakra_buf_clear(&text);
	if ((rc = put_info(&text, &f)) < 0 || (rc = same_as_made(rd, "BUNDLE", &text)) < 0)
		goto out;
	for (size_t i = 0; i < rd->kit.n; i++) {
		const struct kitfile *k = &rd->kit.f[i];

		/* a README of another language is no part of this bundle */
		if (sakra_kit_readme_named(k->name) && strcmp(k->name, readme) != 0) {
			rc = bad(rd, k->name, SAKRA_EAUTH, "is not part of this bundle: its plan is "
				 "written in '%s', whose README is %s", cfg->language ? cfg->language :
				 "sv", readme);
			goto out;
		}
		if (!sakra_kit_readme_named(k->name) && strcmp(k->name, "BUNDLE") &&
		    (rc = put_out(rd, k->name, k->data.ptr ? k->data.ptr : "", k->data.len)) < 0)
			goto out;
	}
	/* the edition's files as a tree, the site rendered from them */
	if ((rc = sakra_tree_new(&tree, rd->r->commit, rd->err)) < 0)
		goto out;
	tree->commit_time = rd->commit_time;
	tree->commit_date = rd->commit_date;
	for (size_t i = 0; i < rd->m->n; i++) {
		const struct sakra_manifest_entry *e = &rd->m->files[i];

		char *data = rd->kept[i];

		rd->kept[i] = NULL;   /* the tree's now */
		if ((rc = sakra_tree_add(tree, e->path, e->size, data,
					 e->classification ? e->classification : "", e->sha256,
					 !sakra_edition_includes(cfg, ed, e->path, e->classification, e->size),
					 rd->err)) < 0)
			goto out;
	}
	if ((rc = sakra_plan_load(&plan, tree, &diags, rd->err)) < 0)
		goto out;
	if (rd->nsite)
		qsort(rd->site, rd->nsite, sizeof(*rd->site), cmp_sitefile);
	site_options(&so, &f, lv);
	sw.write = site_check;
	sw.copy = NULL;
	sw.ctx = rd;
	sakra_diags_free(&diags);
	if ((rc = sakra_site_build(plan, &so, &sw, &diags, &stats, rd->err)) < 0) {
		if (rc == SAKRA_EINVAL)
			rd->err->code = SAKRA_EAUTH;
		goto out;
	}
	for (size_t i = 0; i < rd->nsite; i++)
		if (!rd->site[i].rendered) {
			rc = bad(rd, NULL, SAKRA_EAUTH, "site/%s is not part of the site the signed "
				 "files give", rd->site[i].path);
			goto out;
		}
	rd->r->site_files = rd->nsite;
	/* the reader's to compare with another version (sakra diff) */
	rd->r->plan = plan;
	rd->r->tree = tree;
	plan = NULL;
	tree = NULL;
	rc = 0;
out:
	sakra_buf_free(&text);
	sakra_plan_free(plan);
	sakra_tree_free(tree);
	sakra_diags_free(&diags);
	return rc;
}

/* After the last entry: the edition's files are all there and nothing
 * else; what the bundle says of itself and its site are rendered again
 * from the signed content; the signatures, judged. */
static int finish(struct reader *rd, struct sakra_pubkey *pinned, size_t npinned)
{
	struct sakra_bundle_report *r = rd->r;
	struct sakra_config *cfg = NULL;
	struct sakra_diags diags = SAKRA_DIAGS_INIT;
	const struct sakra_edition *ed = NULL;
	const struct sakra_manifest_entry *yml;
	struct sakra_versions *lv = NULL;
	int rc = 0;

	if (rd->stage == 0 && finish_kit(rd) < 0)
		return -1;
	yml = sakra_manifest_find(rd->m, SAKRA_CONFIG_FILE);
	if (!yml || !rd->kept[yml - rd->m->files])
		return bad(rd, "files/sakra.yml", SAKRA_EAUTH, "is missing");
	if (sakra_config_parse(&cfg, rd->kept[yml - rd->m->files], yml->size, &diags, rd->err) < 0 ||
	    !cfg) {
		rc = bad(rd, "files/sakra.yml", SAKRA_EAUTH, "cannot be read");
		goto out;
	}
	if (r->edition && !(ed = sakra_config_edition(cfg, r->edition))) {
		rc = bad(rd, "BUNDLE", SAKRA_EAUTH, "names edition '%s', which sakra.yml does not have",
			 r->edition);
		goto out;
	}
	for (size_t i = 0; i < rd->m->n; i++) {
		const struct sakra_manifest_entry *e = &rd->m->files[i];
		int in = sakra_edition_includes(cfg, ed, e->path, e->classification, e->size);

		if (in && !rd->present[i]) {
			rc = bad(rd, e->path, SAKRA_EAUTH,
				 "is in the edition and the signed MANIFEST but missing from files/");
			goto out;
		}
		if (!in && rd->present[i]) {
			rc = bad(rd, e->path, SAKRA_EAUTH,
				 "is in files/ but the edition leaves it out (marked %s)",
				 e->classification ? e->classification : "-");
			goto out;
		}
		if (!in) {
			char **n = realloc(r->withheld, (r->nwithheld + 1) * sizeof(*n));

			if (!n || !(n[r->nwithheld] = strdup(e->path))) {
				if (n)
					r->withheld = n;
				rc = nomem(rd->err);
				goto out;
			}
			r->withheld = n;
			r->nwithheld++;
		}
	}
	{
		int top = -1;

		for (size_t i = 0; i < rd->m->n; i++) {
			int l = rd->present[i] && rd->m->files[i].classification
					? sakra_config_level(cfg, rd->m->files[i].classification) : -1;

			top = l > top ? l : top;
		}
		if (top >= 0 && !(r->marking = strdup(cfg->levels[top].label))) {
			rc = nomem(rd->err);
			goto out;
		}
	}
	if ((rc = check_kit_keys(rd)) < 0)
		goto out;
	if (r->draft) {
		for (size_t i = 0; i < rd->kit.n; i++)
			if (!strncmp(rd->kit.f[i].name, "MANIFEST.", 9) ||
			    !strncmp(rd->kit.f[i].name, "SCOPE.", 6) ||
			    !strcmp(rd->kit.f[i].name, SAKRA_HISTORY_FILE)) {
				rc = bad(rd, rd->kit.f[i].name, SAKRA_EAUTH,
					 "a draft bundle carries a signature");
				goto out;
			}
	} else if ((rc = kit_version(&lv, &rd->kit, r->version, r->commit, cfg, r->organisation,
				     NULL, 0, rd->err)) < 0 ||
		   (rc = check_kit_scopes(rd, lv)) < 0) {
		if (rc != SAKRA_ENOMEM)
			rd->err->code = SAKRA_EAUTH;
		goto out;
	}
	/* the version as the reader judges it: only pinned keys count when
	 * there are any. One that does not count is refused by the caller as
	 * it is, its site unread. */
	if (!r->draft) {
		const struct sakra_version *v;
		int sound = 1;

		if ((rc = kit_version(&r->vs, &rd->kit, r->version, r->commit, cfg,
				      r->organisation, pinned, npinned, rd->err)) < 0)
			goto out;
		v = &r->vs->v[r->vs->n - 1];
		for (size_t i = 0; i < v->nsigs; i++)
			sound &= !v->sigs[i].broken;
		if (!v->approved || !sound)
			goto out;
	}
	if ((rc = render_again(rd, cfg, ed, lv)) < 0)
		goto out;
	r->rendered = 1;
out:
	sakra_versions_free(lv);
	sakra_config_free(cfg);
	sakra_diags_free(&diags);
	return rc < 0 ? (rd->err && rd->err->code ? rd->err->code : rc) : 0;
}

void sakra_bundle_report_free(struct sakra_bundle_report *r)
{
	if (!r)
		return;
	if (r->vs) {
		r->vs->pinned = NULL;
		r->vs->npinned = 0;
		sakra_versions_free(r->vs);
	}
	for (size_t i = 0; i < r->nwithheld; i++)
		free(r->withheld[i]);
	free(r->withheld);
	sakra_plan_free(r->plan);
	sakra_tree_free(r->tree);
	free(r->organisation);
	free(r->edition);
	free(r->marking);
	free(r);
}

int sakra_bundle_read(struct sakra_bundle_report **out, sakra_source_fn source, void *ctx,
		      const char *passphrase, const char *dir, struct sakra_pubkey *pinned,
		      size_t npinned, struct sakra_error *err)
{
	struct reader *rd = calloc(1, sizeof(*rd));
	struct archive_entry *e;
	size_t entries = 0, plen = 0;
	int rc = 0, ar;

	utf8_names();

	*out = NULL;
	if (!rd || !(rd->r = calloc(1, sizeof(*rd->r)))) {
		free(rd);
		return nomem(err);
	}
	rd->source = source;
	rd->ctx = ctx;
	rd->err = err;
	rd->dir = dir;
	if (!(rd->a = archive_read_new())) {
		rc = nomem(err);
		goto out;
	}
	archive_read_support_format_tar(rd->a);
	archive_read_support_format_zip_streamable(rd->a);
	if (passphrase)
		archive_read_add_passphrase(rd->a, passphrase);
	if (archive_read_open(rd->a, rd, NULL, rd_read, NULL) != ARCHIVE_OK) {
		rc = rd->source_failed ? (err->code ? err->code : SAKRA_EIO)
		     : bad(rd, NULL, SAKRA_EPARSE, "not a bundle (neither tar nor zip): %s",
			   archive_error_string(rd->a) ? archive_error_string(rd->a) : "?");
		goto out;
	}
	while ((ar = archive_read_next_header(rd->a, &e)) == ARCHIVE_OK || ar == ARCHIVE_WARN) {
		const char *name = archive_entry_pathname_utf8(e), *slash;
		mode_t type = archive_entry_filetype(e);

		if (!name)
			name = archive_entry_pathname(e);
		if (!name) {
			rc = bad(rd, NULL, SAKRA_EPARSE, "an entry has no readable name");
			goto out;
		}
		if (!entries && !rd->outer && type == AE_IFREG && !strchr(name, '/') &&
		    ends_with(name, ".tar") &&
		    (archive_format(rd->a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP) {
			if ((rc = enter_zip(rd)) < 0)
				goto out;
			continue;
		}
		if (++entries > ENTRIES_MAX) {
			rc = bad(rd, NULL, SAKRA_ELIMIT, "more than %d entries", ENTRIES_MAX);
			goto out;
		}
		if (archive_entry_hardlink(e) || archive_entry_symlink(e) || type != AE_IFREG) {
			rc = bad(rd, NULL, SAKRA_EPARSE, "an entry is a %s; a bundle holds regular files "
				 "only", archive_entry_hardlink(e) ? "hard link" : type == AE_IFLNK
				 ? "symbolic link" : type == AE_IFDIR ? "directory"
				 : "device or special file");
			goto out;
		}
		if (!safe_path(name) || !(slash = strchr(name, '/'))) {
			rc = bad(rd, NULL, SAKRA_EPARSE, "an entry's name is not a safe relative path "
				 "inside the bundle's folder (absolute, '..', control characters, "
				 "a path git refuses such as .git, or outside it)");
			goto out;
		}
		if (!rd->r->name[0]) {
			plen = (size_t)(slash - name);
			if (plen >= sizeof(rd->r->name)) {
				rc = bad(rd, NULL, SAKRA_EPARSE, "the bundle's folder name is too long");
				goto out;
			}
			memcpy(rd->r->name, name, plen);
		} else if ((size_t)(slash - name) != plen || strncmp(name, rd->r->name, plen)) {
			rc = bad(rd, name, SAKRA_EPARSE, "is outside the bundle's folder %s/",
				 rd->r->name);
			goto out;
		}
		if ((rc = seen_before(rd, slash + 1)) != 0) {
			rc = rc == -1 ? nomem(err) : rc == -2 ? err->code
			     : bad(rd, name, SAKRA_EPARSE, "appears twice");
			goto out;
		}
		if ((rc = entry(rd, slash + 1, archive_entry_size_is_set(e) ?
				archive_entry_size(e) : -1)) < 0)
			goto out;
	}
	if (ar != ARCHIVE_EOF && rd->outer_failed) {
		rc = outer_bad(rd);
		goto out;
	}
	if (ar == ARCHIVE_EOF && rd->outer) {
		/* the tar is the zip's only entry */
		ar = archive_read_next_header(rd->outer, &e);
		if (ar != ARCHIVE_EOF) {
			rc = ar == ARCHIVE_OK || ar == ARCHIVE_WARN
			     ? bad(rd, NULL, SAKRA_EPARSE, "the zip holds more than its one tar")
			     : outer_bad(rd);
			goto out;
		}
	}
	if (ar != ARCHIVE_EOF) {
		const char *why = archive_error_string(rd->a);

		rc = rd->source_failed ? (err->code ? err->code : SAKRA_EIO)
		     : why && strstr(why, "assphrase")
		     ? bad(rd, NULL, SAKRA_EINVAL, "the zip's passphrase is wrong")
		     : bad(rd, NULL, SAKRA_EPARSE, "the archive is damaged: %s", why ? why : "?");
		goto out;
	}
	if (!entries) {
		rc = bad(rd, NULL, SAKRA_EPARSE, "the archive is empty");
		goto out;
	}
	rc = finish(rd, pinned, npinned);
out:
	if (rd->a)
		archive_read_free(rd->a);
	if (rd->outer)
		archive_read_free(rd->outer);
	kit_free(&rd->kit);
	for (size_t i = 0; i < rd->nseen; i++)
		free(rd->seen[i]);
	free(rd->seen);
	for (size_t i = 0; rd->m && rd->kept && i < rd->m->n; i++)
		free(rd->kept[i]);
	free(rd->kept);
	for (size_t i = 0; i < rd->nsite; i++)
		free(rd->site[i].path);
	free(rd->site);
	free(rd->present);
	sakra_manifest_free(rd->m);
	if (rc < 0)
		sakra_bundle_report_free(rd->r);
	else
		*out = rd->r;
	free(rd);
	return rc;
}
