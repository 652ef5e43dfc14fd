/* approval: the verification kit a bundle carries (its README in the
 * plan's language). */
#include "approval.h"

/* --- the verification kit ---------------------------------------------------- */

const char *sakra_kit_readme_name(const char *lang)
{
	return sakra_words(lang)->readme;
}

int sakra_kit_readme_named(const char *name)
{
	return sakra_words_is_readme(name);
}

/* The kit's README in one language: what it holds, each minisign command,
 * then the sha256sum check. */
static const struct kit_words {
	const char *lang;
	const char *head;       /* organisation, version, commit */
	const char *scope;      /* role x5: a scope signature's command and what it is */
	const char *rest;
} kit_words[] = {
	{ "sv",
	  "Verifieringspaket: %s, godkänd version %ld\n"
	  "Commit %s\n\n"
	  "MANIFEST innehåller SHA-256 för varje fil i den godkända versionen.\n"
	  "Varje MANIFEST.<nyckel>.minisig är en godkännares signatur av den, och\n"
	  "keys/ innehåller godkännarnas publika nycklar (namn och roll i första raden).\n\n"
	  "1. Kontrollera signaturerna med minisign, med godkännarnas publika nycklar\n"
	  "   som du har fått på annat sätt (inte nycklarna i keys/ här, som kommer från\n"
	  "   avsändaren), t.ex. i sakras nyckelring:\n",
	  "   (rollen %s fastställer en del av planen: SCOPE.%s listar dess filer ur MANIFEST)\n",
	  "   Den betrodda kommentaren (trusted comment) anger version, commit, godkännare,\n"
	  "   roll, datum och beslut.\n"
	  "2. Kontrollera filerna i en utcheckning av commiten (git checkout <commit>):\n"
	  "   sha256sum -c MANIFEST\n"
	  "   Varje fil ska ge OK. I ett paket, där utgåvan kan undanhålla filer:\n"
	  "   cd files && sha256sum -c ../MANIFEST 2>/dev/null | grep -v ': OK$'\n"
	  "   Varje rad som skrivs ut ska sluta med 'FAILED open or read' (filen finns\n"
	  "   inte i paketet) och gälla en fil som utgåvan undanhåller: dess märkning\n"
	  "   (classification= på raden närmast ovanför filen i MANIFEST) är högre än\n"
	  "   utgåvans max_classification i files/sakra.yml. Annars har en fil tagits\n"
	  "   bort; 'FAILED' ensamt betyder att filen har ändrats.\n"
	  "Eller med sakra: sakra verify (i förrådet) eller sakra verify PAKET.\n" },
	{ "fi",
	  "Tarkistuspaketti: %s, hyväksytty versio %ld\n"
	  "Commit %s\n\n"
	  "MANIFEST sisältää SHA-256-tiivisteen jokaisesta hyväksytyn version tiedostosta.\n"
	  "Kukin MANIFEST.<avain>.minisig on yhden hyväksyjän allekirjoitus siitä, ja\n"
	  "keys/ sisältää hyväksyjien julkiset avaimet (nimi ja rooli ensimmäisellä rivillä).\n\n"
	  "1. Tarkista allekirjoitukset minisignilla käyttäen hyväksyjien julkisia\n"
	  "   avaimia, jotka olet saanut muuta kautta (ei tämän keys/-hakemiston\n"
	  "   avaimia, jotka tulevat lähettäjältä), esim. sakran avainrenkaasta:\n",
	  "   (rooli %s vahvistaa osan suunnitelmasta: SCOPE.%s luettelee sen tiedostot MANIFESTista)\n",
	  "   Luotettu kommentti (trusted comment) kertoo version, commitin, hyväksyjän,\n"
	  "   roolin, päivämäärän ja päätöksen.\n"
	  "2. Tarkista tiedostot commitin työkopiossa (git checkout <commit>):\n"
	  "   sha256sum -c MANIFEST\n"
	  "   Jokaisen tiedoston on annettava OK. Paketissa, josta julkaisu voi jättää\n"
	  "   tiedostoja pois:\n"
	  "   cd files && sha256sum -c ../MANIFEST 2>/dev/null | grep -v ': OK$'\n"
	  "   Jokaisen tulostetun rivin on päätyttävä 'FAILED open or read' (tiedosto\n"
	  "   puuttuu paketista) ja koskettava tiedostoa, jonka julkaisu jättää pois:\n"
	  "   sen merkintä (classification= MANIFESTissa tiedostoa lähinnä edeltävällä\n"
	  "   rivillä) on korkeampi kuin julkaisun max_classification tiedostossa\n"
	  "   files/sakra.yml. Muuten tiedosto on poistettu; pelkkä 'FAILED' tarkoittaa,\n"
	  "   että tiedostoa on muutettu.\n"
	  "Tai sakralla: sakra verify (repositoriossa) tai sakra verify PAKETTI.\n" },
	{ "en",
	  "Verification kit: %s, approved version %ld\n"
	  "Commit %s\n\n"
	  "MANIFEST lists the SHA-256 of every file of the approved version. Each\n"
	  "MANIFEST.<key>.minisig is one approver's signature of it, and keys/ holds\n"
	  "the approvers' public keys (name and role on the first line).\n\n"
	  "1. Check the signatures with minisign, with the approvers' public keys that\n"
	  "   you received another way (not the keys in keys/ here, which come from the\n"
	  "   sender), e.g. in sakra's keyring:\n",
	  "   (the role %s adopts a part of the plan: SCOPE.%s lists its files from MANIFEST)\n",
	  "   The trusted comment names the version, commit, approver, role, date and\n"
	  "   decision.\n"
	  "2. Check the files in a checkout of the commit (git checkout <commit>):\n"
	  "   sha256sum -c MANIFEST\n"
	  "   Every file must report OK. In a bundle, whose edition may withhold files:\n"
	  "   cd files && sha256sum -c ../MANIFEST 2>/dev/null | grep -v ': OK$'\n"
	  "   Every line it prints must end in 'FAILED open or read' (the file is not in\n"
	  "   the bundle) and name a file the edition withholds: its marking\n"
	  "   (classification= on the line just above it in MANIFEST) is higher than the\n"
	  "   edition's max_classification in files/sakra.yml. Otherwise a file was\n"
	  "   removed; 'FAILED' alone means the file was changed.\n"
	  "Or with sakra: sakra verify (in the repository) or sakra verify BUNDLE.\n" },
};

/* The short English summary that follows the text in another language. */
static int kit_readme_english(struct sakra_buf *b, const struct sakra_version *v)
{
	int rc = sakra_buf_puts(b,
		"MANIFEST lists the SHA-256 of every file of the approved version; each\n"
		"MANIFEST.<key>.minisig is one approver's signature of it; keys/ holds the\n"
		"approvers' public keys as the sender gives them. Check each signature with\n"
		"the minisign commands above, using the approvers' keys you received another\n"
		"way (the trusted comment names version, commit, organisation, approver,\n"
		"role, date and decision), then run 'sha256sum -c MANIFEST' in a checkout of\n"
		"the commit: every file must report OK. In a bundle, run\n"
		"'sha256sum -c ../MANIFEST 2>/dev/null | grep -v \": OK$\"' inside files/: each\n"
		"line it prints must end in 'FAILED open or read' and name a file marked\n"
		"above the edition's max_classification (files/sakra.yml), or a file was\n"
		"removed.\n");

	for (size_t i = 0; i < v->nsigs; i++)
		if (v->sigs[i].claim.scope) {
			rc |= sakra_buf_puts(b, "SCOPE.<role> lists the MANIFEST lines of the "
					     "files a role adopts on its own (approval.scopes);\n"
					     "SCOPE.<role>.<key>.minisig is that role's "
					     "signature of it, made for this version or an\n"
					     "earlier one with the same files.\n");
			break;
		}
	return rc;
}

/* keys/anna.pub -> anna.pub */
static const char *key_file(const char *source)
{
	const char *slash = strrchr(source, '/');

	return slash ? slash + 1 : source;
}

/* The formats are those of kit_words above, whose arguments match in each
 * language. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
int sakra_kit_readme(struct sakra_buf *b, const struct sakra_version *v, const char *lang,
		     int english)
{
	const struct kit_words *w = &kit_words[0];
	int rc = 0;

	if (english)
		return kit_readme_english(b, v) ? SAKRA_ENOMEM : 0;
	for (size_t i = 0; i < sizeof(kit_words) / sizeof(*kit_words); i++)
		if (lang && strcmp(lang, kit_words[i].lang) == 0)
			w = &kit_words[i];
	rc |= sakra_buf_printf(b, w->head, v->organisation ? v->organisation : "", v->number,
			       v->commit);
	for (size_t i = 0; i < v->nsigs; i++)
		if (v->sigs[i].key && v->sigs[i].key->source && !v->sigs[i].claim.scope)
			rc |= sakra_buf_printf(b, "   minisign -Vm MANIFEST -x MANIFEST.%s.minisig -p "
					       "\"$HOME/.config/sakra/keyring/%s/%s\"\n",
					       v->sigs[i].sig.id, v->org_id ? v->org_id : "",
					       key_file(v->sigs[i].key->source));
	for (size_t i = 0; i < v->nsigs; i++)
		if (v->sigs[i].key && v->sigs[i].key->source && v->sigs[i].claim.scope &&
		    v->sigs[i].scope_text) {  /* as the kit has it */
			rc |= sakra_buf_printf(b, "   minisign -Vm SCOPE.%s -x SCOPE.%s.%s.minisig -p "
					       "\"$HOME/.config/sakra/keyring/%s/%s\"\n",
					       v->sigs[i].claim.role, v->sigs[i].claim.role,
					       v->sigs[i].sig.id, v->org_id ? v->org_id : "",
					       key_file(v->sigs[i].key->source));
			rc |= sakra_buf_printf(b, w->scope, v->sigs[i].claim.role, v->sigs[i].claim.role);
		}
	rc |= sakra_buf_puts(b, w->rest);
	return rc ? SAKRA_ENOMEM : 0;
}
#pragma GCC diagnostic pop

int sakra_kit_readme_full(struct sakra_buf *b, const struct sakra_version *v, const char *lang)
{
	if (sakra_kit_readme(b, v, lang, 0) < 0)
		return SAKRA_ENOMEM;
	if (lang && strcmp(lang, "en") == 0)
		return 0;
	if (sakra_buf_puts(b, "\n--- English ---\n") < 0 || sakra_kit_readme(b, v, lang, 1) < 0)
		return SAKRA_ENOMEM;
	return 0;
}

int sakra_kit_files(const struct sakra_version *v, struct sakra_repo *repo,
		    int (*emit)(void *ctx, const char *name, const void *data, size_t len),
		    void *ctx, struct sakra_error *err)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	struct sakra_tree *tree = NULL;
	int rc;

	if (v->error)
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0, "version %ld cannot be read: %s",
				       v->number, v->error);
	if ((rc = emit(ctx, "MANIFEST", v->manifest, v->manifest_len)) < 0)
		return rc;
	for (size_t i = 0; i < v->nsigs; i++) {
		const struct sakra_signature *s = &v->sigs[i];
		char name[128];

		if (!s->sig.id[0])
			continue;
		if (!strncmp(s->sig.trusted, "sakra scope-approval ", 21)) {
			int first = 1;

			if (!s->claim.scope || !s->scope_text)
				continue;   /* not a part of this version: nothing to check it on */
			for (size_t k = 0; k < i; k++)
				first &= !(v->sigs[k].claim.scope && v->sigs[k].scope_text &&
					   !strcmp(v->sigs[k].claim.role, s->claim.role));
			snprintf(name, sizeof(name), "SCOPE.%s", s->claim.role);
			if (first && (rc = emit(ctx, name, s->scope_text, strlen(s->scope_text))) < 0)
				break;
			snprintf(name, sizeof(name), "SCOPE.%s.%s.minisig", s->claim.role, s->sig.id);
		} else {
			snprintf(name, sizeof(name), "MANIFEST.%s.minisig", s->sig.id);
		}
		if ((rc = emit(ctx, name, s->text, strlen(s->text))) < 0)
			break;
	}
	if (rc < 0) {
		sakra_buf_free(&b);
		return rc == SAKRA_ENOMEM ? sakra_error_set(err, rc, NULL, 0, 0, "out of memory") : rc;
	}
	if ((rc = sakra_tree_open(&tree, repo, v->commit, err)) < 0)
		return rc;
	for (size_t i = 0; i < v->nkeys && rc == 0; i++) {
		const struct sakra_file *f = sakra_tree_find(tree, v->keys[i].source);

		sakra_buf_clear(&b);
		if (f && (rc = sakra_tree_read(tree, f, &b, 64 * 1024, err)) == 0)
			rc = emit(ctx, f->path, b.ptr ? b.ptr : "", b.len);
	}
	sakra_tree_free(tree);
	sakra_buf_clear(&b);
	if (rc == 0 && sakra_kit_readme_full(&b, v, v->language) < 0)
		rc = SAKRA_ENOMEM;
	if (rc == 0)
		rc = emit(ctx, sakra_kit_readme_name(v->language), b.ptr, b.len);
	sakra_buf_free(&b);
	return rc == SAKRA_ENOMEM ? sakra_error_set(err, rc, NULL, 0, 0, "out of memory") : rc;
}

void sakra_version_date(const struct sakra_version *v, char out[11])
{
	out[0] = '\0';
	for (int pass = 0; pass < 2 && !out[0]; pass++)
		for (size_t i = 0; i < v->nsigs; i++) {
			const struct sakra_signature *s = &v->sigs[i];

			if ((pass == 0 ? s->counts : !s->broken) && s->claim.date &&
			    strlen(s->claim.date) == 10 && strcmp(s->claim.date, out) > 0)
				memcpy(out, s->claim.date, 11);
		}
}

int sakra_approve_plan(struct sakra_repo *repo, const struct sakra_versions *vs,
		       const struct sakra_plan *plan, const struct sakra_seckey *sk,
		       const char *decision, const struct sakra_date *today, long *version,
		       struct sakra_pubkey **keys, size_t *nkeys, const struct sakra_pubkey **key,
		       struct sakra_error *err)
{
	struct sakra_tree *tree = plan->tree;
	const struct sakra_version *v = sakra_versions_find(vs, 0, tree->commit);
	const struct sakra_version *gov = approval_governing(vs, v ? v->number : 0);
	struct sakra_buf man = SAKRA_BUF_INIT;
	int rc;

	*key = NULL;
	if ((rc = sakra_keys_load(keys, nkeys, tree, err)) < 0)
		return rc;
	/* the role the trust chain gives the key; a key new in this commit
	 * signs with its own (and counts from the next version on) */
	if (gov)
		*key = approval_key_same(gov->keys, gov->nkeys, sk->keynum, sk->pk);
	if (!*key)
		*key = approval_key_same(*keys, *nkeys, sk->keynum, sk->pk);
	if (!*key || !(*key)->role)
		return sakra_error_set(err, SAKRA_EAUTH, NULL, 0, 0, !*key
				       ? "key %s is not in keys/ of commit %.12s; commit its public "
				       "key there first" : "key %s in keys/ of commit %.12s names no "
				       "role; add role=... to its comment line", sk->id, tree->commit);
	/* computed from the blobs even when remembered: what is signed is
	 * what git holds now */
	if ((rc = sakra_manifest_build(&man, plan, err)) == 0)
		rc = sakra_approval_sign(repo, vs, tree->commit, man.ptr, man.len, plan->config, sk,
					 *key, decision, today, version, err);
	sakra_buf_free(&man);
	return rc;
}
