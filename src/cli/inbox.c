/* sakra inbox: a supervisor's receiving desk. Every bundle in a folder is
 * verified with the keys pinned for its organisation, filed into an
 * append-only archive (one folder per business id), and the archive's
 * overview (JSON, CSV, a static page) written again, most urgent first. */
#include "inbox.h"


enum { OPT_ARCHIVE = OPT_FIRST_COMMAND, OPT_TODAY, OPT_FORMAT, OPT_MERGE };

static const struct cli_opt opts[] = {
	{ "archive", "ARCH", OPT_ARCHIVE,
	  N_("the archive folder (made if missing)"),
	  NULL, CLI_V_NONE },
	{ "merge", NULL, OPT_MERGE,
	  N_("summarise the archives given instead of receiving"),
	  NULL, CLI_V_NONE },
	{ "today", "DATE", OPT_TODAY,
	  N_("judge due dates on DATE (YYYY-MM-DD)"),
	  NULL, CLI_V_NONE },
	{ "format", "F", OPT_FORMAT,
	  N_("text (default) or json (the run and the overview)"),
	  "text json", CLI_V_NONE },
	CLI_BUNDLE_KEY_OPTS,
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_inbox = {
	"inbox",
	N_("usage: sakra inbox DIR --archive ARCH [--keyring DIR] [--key PUBKEY]...\n"
	"                   [--identity FILE] [--passphrase-file F] [--today DATE]\n"
	"                   [--format text|json]\n"
	"       sakra inbox --merge ARCH... --archive OUT [--today DATE] [--format F]"),
	N_("Receives the bundles in DIR: each is verified as 'sakra verify' does, with\n"
	"only the keys pinned for its organisation counting (the keyring's\n"
	"<business id>/*.pub; by default the keyring in the configuration folder),\n"
	"and an approved version is filed, opened, into ARCH/<business id>/<name>/\n"
	"with what was received in ARCH/<business id>/<name>.json. The archive is\n"
	"append-only: nothing filed is overwritten, a bundle filed before is said\n"
	"so and skipped, and one claiming a version already filed from another\n"
	"commit is a conflict, listed and not filed. Refused bundles are listed\n"
	"with the reason. Then ARCH/overview.json, ARCH/overview.csv and\n"
	"ARCH/index.html are written again from everything filed: per organisation\n"
	"the latest version, its approvals, the sections changed since the\n"
	"version before, overdue obligations and expired or expiring\n"
	"certificates (on --today, default today), most urgent first.\n"
	"\n"
	"With --merge, nothing is received: the overview of several archives\n"
	"(shards filed by separate runs) is written into OUT, its links leading\n"
	"into them; the same version filed from two commits in two shards is a\n"
	"conflict."),
	opts,
	N_("Exit status: 0 every bundle verified (filed now or before), 1 a bundle was\n"
	"refused or conflicted, 2 usage or environment error.")
};

/* A business id as a folder name: letters, digits, '-', '.', '_', and not
 * starting with a dot. */
int inbox_safe_id(const char *id)
{
	if (!*id || *id == '.' || strlen(id) > 64)
		return 0;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_'))
			return 0;
	return 1;
}

/* The names in dir, sorted (none when it does not exist). */
int inbox_list(const char *dir, int folders, char ***out, size_t *n)
{
	if (cli_list_dir(dir, folders, NULL, out, n) < 0)
		return errno == ENOENT ? 0 : -1;
	return 0;
}

/* The records filed for one inbox_organisation (ARCH/ID/NAME.json), sorted by
 * name; each a JSON object. */
json_t *inbox_records(const char *arch, const char *id)
{
	json_t *all = json_array();
	char dir[4096], **names;
	size_t n;

	snprintf(dir, sizeof(dir), "%s/%s", arch, id);
	if (inbox_list(dir, 0, &names, &n) < 0)
		return all;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		char path[4200];
		json_t *r;

		if (len < 6 || strcmp(names[i] + len - 5, ".json"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if ((r = json_load_file(path, 0, NULL)) && json_is_object(r) &&
		    json_is_integer(json_object_get(r, "version")) &&
		    json_is_string(json_object_get(r, "commit")) &&
		    json_is_string(json_object_get(r, "name"))) {
			/* where it lies, for this run only */
			json_object_set_new(r, "_dir", json_string(dir));
			json_array_append_new(all, r);
		} else {
			json_decref(r);
		}
	}
	cli_list_free(names, n);
	return all;
}

/* Why a bundle that was read is not filed. */
static void refusal(struct sakra_buf *why, const struct sakra_bundle_report *r,
		    const struct sakra_error *err)
{
	const struct sakra_version *v = r && r->vs && r->vs->n ? &r->vs->v[r->vs->n - 1] : NULL;

	/* what the signatures say first: the reader's own message for a
	 * bundle that is not sound repeats only that it is not */
	if (r && r->draft)
		sakra_buf_puts(why, _("a draft: not an approved version"));
	else if (v && !r->vs->pins_apply)
		sakra_buf_printf(why, _("no key is pinned for %s (business id %s) in the keyring"),
				 v->organisation ? v->organisation : "?", v->org_id ? v->org_id : "?");
	else if (v && !v->approved)
		sakra_buf_printf(why, _("not approved: no signature that counts for %s"),
				 v->missing);
	else if (err->message[0])
		sakra_buf_printf(why, "%s%s%s", err->path[0] ? err->path : "",
				 err->path[0] ? ": " : "", err->message);
	else if (v)
		for (size_t i = 0; i < v->nsigs; i++)
			if (v->sigs[i].broken) {
				sakra_buf_printf(why, _("a signature is broken: %s"), v->sigs[i].why);
				break;
			}
	if (!why->len)
		sakra_buf_puts(why, _("it does not verify"));
}

static json_t *approvals(const struct sakra_version *v, char newest[16])
{
	json_t *a = json_array();

	newest[0] = '\0';
	for (size_t i = 0; i < v->nsigs; i++) {
		const struct sakra_signature *g = &v->sigs[i];

		if (!g->counts)
			continue;
		json_array_append_new(a, json_pack("{s:o,s:o,s:o,s:o}", "name",
						   sakra_json_text(g->claim.approver), "role",
						   sakra_json_text(g->claim.role), "date",
						   sakra_json_text(g->claim.date), "key",
						   sakra_json_text(g->sig.id)));
		if (g->claim.date && strcmp(g->claim.date, newest) > 0)
			snprintf(newest, 16, "%.15s", g->claim.date);
	}
	return a;
}

/* What reading one bundle gave: a record to file (the bundle verified and
 * opened into stage), or the reason it is refused. Made by the workers,
 * filed in the order of the names by one thread. */
struct got {
	const char *file;
	char *stage;              /* where it is opened, inside the archive */
	json_t *rec;              /* NULL: refused */
	char *reason;
	json_t *seen;             /* these very bytes were filed before: the record */
	char sha256[65];          /* of the file as received */
	long same;                /* the same bytes as got[same] of this run, or -1 */
	int done;                 /* read: ready to be filed */
	int filed;                /* once filed: 1 it is in the archive (now or before) */
	json_t *where;            /* then: {"filed": path, "version": N} */
};

/* Files one verified bundle: into ARCH/ID/NAME unless that version is
 * filed from another commit (a conflict) or this one was filed before. */
static void file_one(struct run *run, struct got *g)
{
	const char *id = json_string_value(json_object_get(g->rec, "business_id"));
	const char *name = json_string_value(json_object_get(g->rec, "name"));
	const char *mine = json_string_value(json_object_get(g->rec, "commit"));
	json_int_t version = json_integer_value(json_object_get(g->rec, "version"));
	char dir[4096], dest[4400], side[4400], today[11];
	struct sakra_error err;
	json_t *recs, *x;
	size_t i;
	char *text;

	sakra_error_clear(&err);
	if (!inbox_safe_id(id)) {
		json_array_append_new(run->refused, json_pack(
			"{s:s,s:o}", "file", g->file, "reason", sakra_json_text(
				_("its organisation has no business id that can name a folder"))));
		sakra_remove_tree(g->stage);
		return;
	}
	snprintf(dir, sizeof(dir), "%s/%s", run->arch, id);
	snprintf(dest, sizeof(dest), "%s/%s", dir, name);
	snprintf(side, sizeof(side), "%s/%s.json", dir, name);
	recs = inbox_records(run->arch, id);
	json_array_foreach(recs, i, x) {
		const char *commit = json_string_value(json_object_get(x, "commit"));

		if (json_integer_value(json_object_get(x, "version")) != version)
			continue;
		if (strcmp(commit, mine) != 0) {
			json_array_append_new(run->conflicts, json_pack(
				"{s:s,s:O,s:I,s:[O,s],s:[s,s]}", "business_id", id, "organisation",
				json_object_get(g->rec, "organisation"), "version", version, "files",
				json_object_get(x, "received"), g->file, "commits", commit, mine));
			sakra_remove_tree(g->stage);
			json_decref(recs);
			return;
		}
	}
	json_decref(recs);
	if (access(side, F_OK) == 0) {
		g->filed = 1;
		g->where = json_pack("{s:s,s:I}", "filed", dest, "version", version);
		json_array_append_new(run->seen, json_pack("{s:s,s:O,s:O}", "file", g->file, "filed",
							   json_object_get(g->where, "filed"), "version",
							   json_object_get(g->where, "version")));
		sakra_remove_tree(g->stage);
		return;
	}
	sakra_date_format(&run->today, today);
	json_object_set_new(g->rec, "filed", json_string(today));
	text = json_dumps(g->rec, JSON_INDENT(2) | JSON_SORT_KEYS);
	/* the folder first, then the record that says it is there */
	if (!text || sakra_mkdirs(dir, 0777, &err) < 0 || rename(g->stage, dest) < 0 ||
	    sakra_file_write_atomic(side, text, strlen(text), 0666, 0, &err) < 0) {
		if (!err.message[0])
			sakra_error_set(&err, SAKRA_EIO, dest, 0, 0, "cannot file it: %s",
					strerror(errno));
		cli_error(&err);
		json_array_append_new(run->refused, json_pack("{s:s,s:o}", "file", g->file,
							      "reason", sakra_json_text(err.message)));
		sakra_remove_tree(g->stage);
	} else {
		g->filed = 1;
		g->where = json_pack("{s:s,s:I}", "filed", dest, "version", version);
		json_array_append_new(run->filed, json_pack("{s:s,s:s,s:s,s:I}", "file", g->file,
							    "filed", dest, "business_id", id,
							    "version", version));
	}
	free(text);
}

static pthread_mutex_t ask_mu = PTHREAD_MUTEX_INITIALIZER;

/* One question at a time on the terminal, whichever worker asks. */
static int ask_passphrase(void *ctx, const char *what, char **pass, size_t *len)
{
	const struct cli_bundle_keys *keys = ctx;
	int rc;

	pthread_mutex_lock(&ask_mu);
	rc = cli_passphrase(keys->passfile, 0, what, pass, len);
	pthread_mutex_unlock(&ask_mu);
	return rc;
}

/* What the overview needs of a plan, read once when it is filed (the
 * overview of ten thousand organisations then reads no plan): its
 * framework, review interval, each obligation's due date (`open` when it
 * has no evidence and no start, so always due) and each certificate's
 * expiry. */
static json_t *facts(const struct sakra_plan *p, const struct sakra_date *today)
{
	json_t *f = json_object(), *obs = json_array(), *certs = json_array();
	struct sakra_due *dues = NULL;
	struct sakra_error err;
	size_t n = 0;
	char day[11];

	json_object_set_new(f, "framework", sakra_json_text(p->config ? p->config->framework_id
							    : NULL));
	json_object_set_new(f, "review_months", json_integer(p->config ? p->config->review_months
							      : 0));
	if (sakra_followup_dues(p, today, &dues, &n, &err) == 0)
		for (size_t i = 0; i < n; i++) {
			sakra_date_format(&dues[i].due, day);
			json_array_append_new(obs, json_pack(
				"{s:s,s:s,s:b}", "id", dues[i].ob->id, "due", day, "open",
				!dues[i].last && !dues[i].ob->has_since));
		}
	free(dues);
	for (size_t i = 0; i < p->nsystems; i++) {
		const struct sakra_system *sys = &p->systems[i];

		if (!sys->certificate_expires.valid)
			continue;
		sakra_date_format(&sys->certificate_expires.date, day);
		json_array_append_new(certs, json_pack("{s:o,s:s}", "system",
						       sakra_json_text(sys->name), "expires", day));
	}
	json_object_set_new(f, "obligations", obs);
	json_object_set_new(f, "certificates", certs);
	return f;
}

/* The record of a verified bundle, as filed beside it. */
static json_t *record(const struct sakra_bundle_report *r, const char *file,
		      const struct sakra_date *today)
{
	const struct sakra_version *v = &r->vs->v[r->vs->n - 1];
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	char newest[16];
	json_t *rec = json_pack("{s:s,s:i,s:o,s:o,s:I,s:s,s:o,s:o,s:o,s:s,s:s,s:I}", "tool",
				"sakra", "format", 1, "business_id", sakra_json_text(v->org_id),
				"organisation", sakra_json_text(v->organisation), "version",
				(json_int_t)v->number, "commit", v->commit, "edition",
				sakra_json_text(r->edition), "marking", sakra_json_text(r->marking),
				"approvals", approvals(v, newest), "received", base, "name",
				r->name, "withheld", (json_int_t)r->nwithheld);

	if (rec) {
		json_object_set_new(rec, "approved", sakra_json_text(newest[0] ? newest : NULL));
		json_object_set_new(rec, "facts", facts(r->plan, today));
	}
	return rec;
}

/* The SHA-256 of a file, streamed; 0, or -1 when it cannot be read. */
static int hash_file(const char *path, char hex[65])
{
	struct sakra_sha256 *h = NULL;
	struct sakra_error err;
	char buf[65536];
	ssize_t n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || sakra_sha256_new(&h, &err) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sakra_sha256_update(h, buf, (size_t)n);
	close(fd);
	if (n == 0)
		sakra_sha256_final_hex(h, hex);   /* and frees it */
	else
		sakra_sha256_free(h);
	return n == 0 ? 0 : -1;
}

/* Reads and verifies one bundle, opening it into g->stage. */
static void receive(const struct run *run, struct got *g)
{
	struct sakra_bundle_secrets s = { run->keys->identities, run->keys->nidentities,
					  ask_passphrase, run->keys,
					  sakra_secure_free };
	struct sakra_bundle_report *r = NULL;
	struct sakra_buf opened = SAKRA_BUF_INIT, why = SAKRA_BUF_INIT;
	struct sakra_error err;
	int bad = 0, rc;

	sakra_error_clear(&err);
	/* the same bytes verified and filed by an earlier run: said so, not
	 * read again */
	if (g->sha256[0] && (g->seen = json_object_get(run->received, g->sha256)))
		return;
	rc = sakra_bundle_open_file(g->file, &s, g->stage, 0, run->keys->pinned,
				    run->keys->npinned, &r, &opened, &bad, &err);
	if (rc == 0 && !bad && r && sakra_bundle_sound(r, 0) && !r->draft &&
	    r->plan && (g->rec = record(r, g->file, &run->today))) {
		if (g->sha256[0])
			json_object_set_new(g->rec, "sha256", json_string(g->sha256));
		free(g->stage);
		g->stage = sakra_buf_detach(&opened);
	} else {
		refusal(&why, r, &err);
		g->reason = sakra_buf_detach(&why);
		if (opened.len)
			sakra_remove_tree(opened.ptr);
	}
	sakra_bundle_report_free(r);
	sakra_buf_free(&opened);
	sakra_buf_free(&why);
}

/* Every bundle file filed before, by its SHA-256: its record. */
static json_t *received(const char *arch)
{
	json_t *index = json_object(), *recs, *x;
	char **names;
	size_t n, k;

	if (inbox_list(arch, 1, &names, &n) < 0)
		return index;
	for (size_t i = 0; i < n; i++) {
		if (!inbox_safe_id(names[i]) || !(recs = inbox_records(arch, names[i])))
			continue;
		json_array_foreach(recs, k, x)
			if (json_is_string(json_object_get(x, "sha256")))
				json_object_set(index, json_string_value(json_object_get(x, "sha256")),
						x);
		json_decref(recs);
	}
	cli_list_free(names, n);
	return index;
}

/* What an interrupted run left in the archive: its staging folders, named
 * .incoming-PID-N (and their .tmp- siblings), of a process that is gone. */
static void remove_leftovers(const char *arch)
{
	DIR *d = opendir(arch);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char path[4400];
		long pid;

		if (strncmp(e->d_name, ".incoming-", 10) != 0 ||
		    (pid = strtol(e->d_name + 10, NULL, 10)) <= 0 ||
		    (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
			continue;
		snprintf(path, sizeof(path), "%s/%s", arch, e->d_name);
		sakra_remove_tree(path);
	}
	if (d)
		closedir(d);
}

/* The workers: each takes the next bundle not yet taken; the filer files
 * them in the order of their names as they become ready, so that few wait
 * opened at a time. */
struct pool {
	const struct run *run;
	struct got *got;
	size_t n, next;
	json_t *shas;             /* SHA-256 -> the first bundle of this run with it */
	pthread_mutex_t mu;
	pthread_cond_t ready;
};

static void *work(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&p->mu);
		i = p->next++;
		pthread_mutex_unlock(&p->mu);
		if (i >= p->n)
			return NULL;
		/* the same bytes twice in one folder are read once */
		if (hash_file(p->got[i].file, p->got[i].sha256) == 0) {
			json_t *x;

			pthread_mutex_lock(&p->mu);
			x = json_object_get(p->shas, p->got[i].sha256);
			if (x && (size_t)json_integer_value(x) < i)
				p->got[i].same = (long)json_integer_value(x);
			else
				json_object_set_new(p->shas, p->got[i].sha256, json_integer((json_int_t)i));
			pthread_mutex_unlock(&p->mu);
		}
		if (p->got[i].same < 0)
			receive(p->run, &p->got[i]);
		pthread_mutex_lock(&p->mu);
		p->got[i].done = 1;
		pthread_cond_broadcast(&p->ready);
		pthread_mutex_unlock(&p->mu);
	}
}

static void file_or_refuse(struct run *run, struct got *got, struct got *g)
{
	const struct got *o = g->same >= 0 ? &got[g->same] : NULL;

	if (g->seen) {
		g->filed = 1;
		g->where = json_pack("{s:s++,s:O}", "filed",
				     json_string_value(json_object_get(g->seen, "_dir")), "/",
				     json_string_value(json_object_get(g->seen, "name")), "version",
				     json_object_get(g->seen, "version"));
	} else if (o && o->filed) {
		g->filed = 1;
		g->where = json_incref(o->where);
	}
	if (g->filed)
		json_array_append_new(run->seen, json_pack("{s:s,s:O,s:O}", "file", g->file, "filed",
							   json_object_get(g->where, "filed"),
							   "version", json_object_get(g->where, "version")));
	else if (o) {
		struct sakra_buf why = SAKRA_BUF_INIT;

		sakra_buf_printf(&why, _("the same file as %s, not filed (above)"), o->file);
		json_array_append_new(run->refused, json_pack("{s:s,s:s}", "file", g->file,
							      "reason", sakra_buf_cstr(&why)));
		sakra_buf_free(&why);
	}
	else if (g->rec)
		file_one(run, g);
	else
		json_array_append_new(run->refused, json_pack(
			"{s:s,s:s}", "file", g->file, "reason",
			g->reason ? g->reason : _("it does not verify")));
	json_decref(g->rec);
	free(g->reason);
	free(g->stage);
	g->rec = NULL;
	g->reason = g->stage = NULL;
}

/* Reads every bundle on every core, filing them in order meanwhile. */
static void receive_all(struct run *run, struct got *got, size_t n)
{
	struct pool p = { run, got, n, 0, json_object(), PTHREAD_MUTEX_INITIALIZER,
			  PTHREAD_COND_INITIALIZER };
	size_t nth = sakra_threads(n ? n : 1), started = 0;
	pthread_t th[64];

	if (nth > 64)
		nth = 64;
	json_object_seed(0);   /* before any thread makes an object */
	while (started < nth && pthread_create(&th[started], NULL, work, &p) == 0)
		started++;
	if (!started) {
		work(&p);
	}
	for (size_t i = 0; i < n; i++) {
		pthread_mutex_lock(&p.mu);
		while (!got[i].done)
			pthread_cond_wait(&p.ready, &p.mu);
		pthread_mutex_unlock(&p.mu);
		file_or_refuse(run, got, &got[i]);
	}
	for (size_t i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	for (size_t i = 0; i < n; i++)
		json_decref(got[i].where);
	json_decref(p.shas);
}

/* --- the command ----------------------------------------------------------- */

static void print_text(const struct run *run, json_t *root)
{
	json_t *x;
	size_t i;

	json_array_foreach(run->filed, i, x)
		printf(_("filed    %s -> %s (version %lld)\n"), cli_safe(json_string_value(
			       json_object_get(x, "file"))), cli_safe(json_string_value(
			       json_object_get(x, "filed"))), (long long)json_integer_value(
			       json_object_get(x, "version")));
	json_array_foreach(run->seen, i, x)
		printf(_("filed before  %s (%s)\n"), cli_safe(json_string_value(
			       json_object_get(x, "file"))), cli_safe(json_string_value(
			       json_object_get(x, "filed"))));
	json_array_foreach(run->refused, i, x)
		printf(_("REFUSED  %s: %s\n"), cli_safe(json_string_value(json_object_get(x, "file"))),
		       cli_safe(json_string_value(json_object_get(x, "reason"))));
	json_array_foreach(run->conflicts, i, x) {
		json_t *f = json_object_get(x, "files"), *c = json_object_get(x, "commits");

		printf(_("CONFLICT %s: version %lld of %s (%s) was filed from %s (commit %.12s); "
			 "this one is commit %.12s: two different versions under one number, not "
			 "filed\n"),
		       cli_safe(json_string_value(json_array_get(f, 1))),
		       (long long)json_integer_value(json_object_get(x, "version")),
		       cli_safe(json_string_value(json_object_get(x, "organisation"))),
		       cli_safe(json_string_value(json_object_get(x, "business_id"))),
		       cli_safe(json_string_value(json_array_get(f, 0))),
		       json_string_value(json_array_get(c, 0)), json_string_value(json_array_get(c, 1)));
	}
	/* TRANSLATORS: a tally: the counts after their labels */
	printf(_("filed %zu, filed before %zu, refused %zu, conflicts %zu; organisations in the "
		 "archive: %zu (%s/index.html)\n"), json_array_size(run->filed),
	       json_array_size(run->seen), json_array_size(run->refused),
	       json_array_size(run->conflicts),
	       json_array_size(json_object_get(root, "organisations")), cli_safe(run->arch));
}

int cmd_inbox(struct cli *cli, int argc, char **argv)
{
	struct cli_bundle_keys keys;
	struct run run;
	struct sakra_confine c;
	struct sakra_error err;
	char **names = NULL, **files = NULL;
	struct got *got = NULL;
	size_t n = 0;
	const char *today = NULL;
	json_t *root = NULL;
	int opt, json = 0, merge = 0, status = EXIT_USAGE;

	memset(&keys, 0, sizeof(keys));
	memset(&run, 0, sizeof(run));
	run.keys = &keys;
	run.filed = json_array();
	run.seen = json_array();
	run.refused = json_array();
	run.conflicts = json_array();
	while ((opt = cli_getopt(cli, &cli_spec_inbox, argc, argv)) != CLI_END) {
		int k;

		if ((k = cli_bundle_keys_option(cli, &keys, opt, optarg)) < 0)
			goto out;
		if (k)
			continue;
		switch (opt) {
		case OPT_ARCHIVE: run.arch = optarg; break;
		case OPT_MERGE: merge = 1; break;
		case OPT_TODAY: today = optarg; break;
		case OPT_FORMAT:
			if ((json = cli_format_json("inbox", optarg)) < 0)
				goto out;
			break;
		default: status = cli->status; goto out;   /* CLI_STOP */
		}
	}
	if (merge && optind >= argc) {
		cli_usage_error("inbox", "give the archives to merge");
		goto out;
	}
	if (!merge && optind + 1 != argc) {
		cli_usage_error("inbox", "give the one folder the bundles are in");
		goto out;
	}
	if (!run.arch) {
		cli_usage_error("inbox", "give --archive ARCH, the folder the bundles are filed into");
		goto out;
	}
	if (keys.accept_bundle_keys) {
		cli_usage_error("inbox", "--accept-bundle-keys has no place here: a bundle is "
				"filed only when keys pinned for its organisation approve it");
		goto out;
	}
	if (cli_today(today, &run.today) < 0)
		goto out;
	sakra_error_clear(&err);
	if (merge) {
		/* the shards' archives, each filed by its own run: one overview */
		run.arches = argv + optind;
		run.narches = (size_t)(argc - optind);
		if (sakra_mkdirs(run.arch, 0777, &err) < 0) {
			cli_error(&err);
			goto out;
		}
		memset(&c, 0, sizeof(c));
		for (size_t i = 0; i < run.narches; i++)
			sakra_confine_read(&c, run.arches[i]);
		sakra_confine_write(&c, run.arch);
		if (cli_confine(&c, cli->verbose, &err) < 0) {
			cli_error(&err);
			goto out;
		}
		goto overview;
	}
	run.arches = (char *const *)&run.arch;
	run.narches = 1;
	if (cli_pin_default_keyring(&keys) < 0)
		goto out;
	if (cli_list_dir(argv[optind], 0, NULL, &names, &n) < 0 ||
	    (n && !(files = calloc(n, sizeof(*files))))) {
		cli_errorf("%s: cannot read the folder: %s", cli_safe(argv[optind]), strerror(errno));
		goto out;
	}
	if (sakra_mkdirs(run.arch, 0777, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	remove_leftovers(run.arch);
	run.received = received(run.arch);
	/* what strangers sent is read only now: confined to the folder it is
	 * in, the keys, and the archive it is filed into */
	memset(&c, 0, sizeof(c));
	sakra_confine_read(&c, argv[optind]);
	cli_confine_keys(&c, &keys);
	sakra_confine_write(&c, run.arch);
	if (cli_confine(&c, cli->verbose, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (n && !(got = calloc(n, sizeof(*got)))) {
		cli_errorf("out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		/* the folder's name joined once; the staging name of this run's
		 * own, inside the archive so that filing is a rename */
		if (!(got[i].file = files[i] = malloc(strlen(argv[optind]) + strlen(names[i]) + 2))) {
			cli_errorf("out of memory");
			goto out;
		}
		sprintf(files[i], "%s/%s", argv[optind], names[i]);
		if (!(got[i].stage = malloc(strlen(run.arch) + 48))) {
			cli_errorf("out of memory");
			goto out;
		}
		sprintf(got[i].stage, "%s/.incoming-%ld-%zu", run.arch, (long)getpid(), i);
		got[i].same = -1;
	}
	receive_all(&run, got, n);
overview:
	if (!(root = inbox_overview(&run, &err))) {
		cli_error(&err);
		goto out;
	}
	if (json) {
		json_object_set_new(root, "filed", json_incref(run.filed));
		json_object_set_new(root, "filed_before", json_incref(run.seen));
		sakra_json_write(stdout, json_incref(root));
	} else if (!cli->quiet) {
		print_text(&run, root);
	}
	status = json_array_size(run.refused) || json_array_size(run.conflicts) ? EXIT_FINDINGS
		 : EXIT_OK;
out:
	json_decref(root);
	json_decref(run.filed);
	json_decref(run.seen);
	json_decref(run.refused);
	json_decref(run.conflicts);
	json_decref(run.received);
	if (files)
		cli_list_free(files, n);
	for (size_t i = 0; got && i < n; i++)
		free(got[i].stage);
	free(got);
	cli_list_free(names, n);
	cli_bundle_keys_clear(&keys);
	return status;
}
