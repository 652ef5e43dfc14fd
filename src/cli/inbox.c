/* sakra inbox: a supervisor's receiving desk. Every bundle in a folder is
 * verified with the keys pinned for its organisation, filed into an
 * append-only archive (one folder per business id), and the archive's
 * overview (JSON, CSV, a static page) written again, most urgent first. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/approval.h"
#include "sakra/bundlefile.h"
#include "sakra/crypto.h"
#include "sakra/diff.h"
#include "sakra/followup.h"
#include "sakra/fs.h"
#include "sakra/json.h"
#include "sakra/stream.h"

static const char inbox_help[] =
	"usage: sakra inbox DIR --archive ARCH [--keyring DIR] [--key PUBKEY]...\n"
	"                   [--identity FILE] [--passphrase-file F] [--today DATE]\n"
	"                   [--format text|json]\n"
	"       sakra inbox --merge ARCH... --archive OUT [--today DATE] [--format F]\n\n"
	"Receives the bundles in DIR: each is verified as 'sakra verify' does, with\n"
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
	"certificates (on --today, default today), most urgent first.\n\n"
	"With --merge, nothing is received: the overview of several archives\n"
	"(shards filed by separate runs) is written into OUT, its links leading\n"
	"into them; the same version filed from two commits in two shards is a\n"
	"conflict.\n\n"
	"  --archive ARCH         the archive folder (made if missing)\n"
	"  --merge                summarise the archives given instead of receiving\n"
	"  --keyring DIR          pin DIR/<business id>/*.pub for that organisation\n"
	"  --key PUBKEY           a key pinned for any organisation\n"
	"  --identity FILE        an age identity file that opens bundles (repeatable)\n"
	"  --passphrase-file F    the bundles' passphrase\n"
	"  --today DATE           judge due dates on DATE (YYYY-MM-DD)\n"
	"  --format F             text (default) or json (the run and the overview)\n\n"
	"Exit status: 0 every bundle verified (filed now or before), 1 a bundle was\n"
	"refused or conflicted, 2 usage or environment error.\n";

enum { OPT_ARCHIVE = OPT_FIRST_COMMAND, OPT_TODAY, OPT_FORMAT, OPT_MERGE };

const struct option cli_opts_inbox[] = {
	{ "archive", required_argument, NULL, OPT_ARCHIVE },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "today", required_argument, NULL, OPT_TODAY },
	{ "format", required_argument, NULL, OPT_FORMAT },
	CLI_BUNDLE_KEY_OPTIONS,
	CLI_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

/* Days before a certificate's expiry that count as expiring (as check). */
#define EXPIRING_DAYS 90

struct run {
	const char *arch;
	struct cli_bundle_keys *keys;
	struct sakra_date today;
	json_t *filed, *seen, *refused, *conflicts;
	json_t *received;         /* SHA-256 of every bundle file filed before -> where */
	char *const *arches;      /* what the overview summarises: the archive, or
				   * with --merge the shards' archives */
	size_t narches;
};

/* A business id as a folder name: letters, digits, '-', '.', '_', and not
 * starting with a dot. */
static int safe_id(const char *id)
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
static int list(const char *dir, int folders, char ***out, size_t *n)
{
	if (cli_list_dir(dir, folders, NULL, out, n) < 0)
		return errno == ENOENT ? 0 : -1;
	return 0;
}

/* The records filed for one organisation (ARCH/ID/NAME.json), sorted by
 * name; each a JSON object. */
static json_t *records(const char *arch, const char *id)
{
	json_t *all = json_array();
	char dir[4096], **names;
	size_t n;

	snprintf(dir, sizeof(dir), "%s/%s", arch, id);
	if (list(dir, 0, &names, &n) < 0)
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
		sakra_buf_puts(why, "a draft: not an approved version");
	else if (v && !r->vs->pins_apply)
		sakra_buf_printf(why, "no key is pinned for %s (business id %s) in the keyring",
				 v->organisation ? v->organisation : "?", v->org_id ? v->org_id : "?");
	else if (v && !v->approved)
		sakra_buf_printf(why, "not approved: no signature that counts for %s",
				 v->missing);
	else if (err->message[0])
		sakra_buf_printf(why, "%s%s%s", err->path[0] ? err->path : "",
				 err->path[0] ? ": " : "", err->message);
	else if (v)
		for (size_t i = 0; i < v->nsigs; i++)
			if (v->sigs[i].broken) {
				sakra_buf_printf(why, "a signature is broken: %s", v->sigs[i].why);
				break;
			}
	if (!why->len)
		sakra_buf_puts(why, "it does not verify");
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
	if (!safe_id(id)) {
		json_array_append_new(run->refused, json_pack(
			"{s:s,s:o}", "file", g->file, "reason", sakra_json_text(
				"its organisation has no business id that can name a folder")));
		sakra_remove_tree(g->stage);
		return;
	}
	snprintf(dir, sizeof(dir), "%s/%s", run->arch, id);
	snprintf(dest, sizeof(dest), "%s/%s", dir, name);
	snprintf(side, sizeof(side), "%s/%s.json", dir, name);
	recs = records(run->arch, id);
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

	if (list(arch, 1, &names, &n) < 0)
		return index;
	for (size_t i = 0; i < n; i++) {
		if (!safe_id(names[i]) || !(recs = records(arch, names[i])))
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
	else if (o)
		json_array_append_new(run->refused, json_pack(
			"{s:s,s:s++}", "file", g->file, "reason", "the same file as ",
			o->file, ", not filed (above)"));
	else if (g->rec)
		file_one(run, g);
	else
		json_array_append_new(run->refused, json_pack(
			"{s:s,s:s}", "file", g->file, "reason",
			g->reason ? g->reason : "it does not verify"));
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

/* --- the overview ----------------------------------------------------------- */

struct org {
	json_t *o;        /* its overview entry */
	long urgency;     /* larger: more urgent */
};

static int cmp_org(const void *a, const void *b)
{
	const struct org *x = a, *y = b;
	const char *nx = json_string_value(json_object_get(x->o, "business_id"));
	const char *ny = json_string_value(json_object_get(y->o, "business_id"));

	if (x->urgency != y->urgency)
		return x->urgency > y->urgency ? -1 : 1;
	return strcmp(nx, ny);
}

/* The newest record of a version before `below` (0: of all); of one
 * version's editions, the one that withheld the least. */
static json_t *newest(json_t *recs, long below)
{
	json_t *best = NULL, *x;
	size_t i;

	json_array_foreach(recs, i, x) {
		long n = (long)json_integer_value(json_object_get(x, "version"));
		long bn = best ? (long)json_integer_value(json_object_get(best, "version")) : 0;

		if ((below && n >= below) || (best && n < bn) ||
		    (best && n == bn && json_integer_value(json_object_get(x, "withheld")) >=
		     json_integer_value(json_object_get(best, "withheld"))))
			continue;
		best = x;
	}
	return best;
}

/* The changed sections, for the overview. */
static json_t *changed_sections(const struct sakra_diff *d)
{
	static const char *const change[] = { "added", "removed", "changed" };
	json_t *list = json_array();

	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].group == SAKRA_DIFF_SECTION)
			json_array_append_new(list, json_pack(
				"{s:o,s:o,s:s}", "number", sakra_json_text(d->items[i].number),
				"title", sakra_json_text(d->items[i].title), "change",
				change[d->items[i].change]));
	return list;
}

/* ARCH/ID/changes-vP-vN.html: the diff as `sakra diff` prints it, for the
 * overview to link; written again by every run. Its path inside ARCH, or
 * NULL. */
static char *changes_page(const struct run *run, const char *id, json_t *prev, json_t *last,
			  const struct sakra_diff *d)
{
	struct sakra_buf text = SAKRA_BUF_INIT, page = SAKRA_BUF_INIT, path = SAKRA_BUF_INIT;
	struct sakra_error err;
	long p = (long)json_integer_value(json_object_get(prev, "version"));
	long n = (long)json_integer_value(json_object_get(last, "version"));
	char *rel = NULL;
	int rc = 0;

	rc |= sakra_buf_printf(&text, "Changes from version %ld (%.12s, %s) to version %ld (%.12s, "
			       "%s)\n", p, json_string_value(json_object_get(prev, "commit")),
			       json_string_value(json_object_get(prev, "name")), n,
			       json_string_value(json_object_get(last, "commit")),
			       json_string_value(json_object_get(last, "name")));
	rc |= cli_diff_body(&text, d, 0);
	rc |= sakra_buf_puts(&page, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
			     "<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" "
			     "content=\"default-src 'none'\">\n<title>");
	rc |= sakra_buf_put_html(&page, json_string_value(json_object_get(last, "organisation")));
	rc |= sakra_buf_printf(&page, ": version %ld against %ld</title>\n</head>\n<body>\n<pre>", n,
			       p);
	rc |= sakra_buf_put_html(&page, text.ptr ? text.ptr : "");
	rc |= sakra_buf_puts(&page, "</pre>\n</body>\n</html>\n");
	rc |= sakra_buf_printf(&path, "%s/%s/changes-v%ld-v%ld.html", run->arch, id, p, n);
	sakra_error_clear(&err);
	if (rc == 0 && sakra_mkdirs_for(path.ptr, 0777, &err) == 0 &&
	    sakra_file_write_atomic(path.ptr, page.ptr, page.len, 0666, 1, &err) == 0)
		rel = strdup(path.ptr + strlen(run->arch) + 1);
	else if (err.message[0])
		cli_error(&err);
	sakra_buf_free(&text);
	sakra_buf_free(&page);
	sakra_buf_free(&path);
	return rel;
}

/* The sections changed from prev to last, and the page with the whole
 * diff: computed once from the two filed plans, then kept beside the page
 * (filed versions never change). */
static void changes(const struct run *run, const char *id, json_t *prev, json_t *last, json_t *o)
{
	long p = (long)json_integer_value(json_object_get(prev, "version"));
	long n = (long)json_integer_value(json_object_get(last, "version"));
	struct sakra_tree *t = NULL, *pt = NULL;
	struct sakra_plan *lp = NULL, *pp = NULL;
	struct sakra_diff *d = NULL;
	struct sakra_error err;
	char dir[4400], cache[4400];
	json_t *kept;
	char *page, *text;

	/* keyed by both commits, so another pair of the same numbers (a merge
	 * of shards that disagree) is not taken for this one */
	snprintf(cache, sizeof(cache), "%s/%s/changes-v%ld-v%ld.json", run->arch, id, p, n);
	if ((kept = json_load_file(cache, 0, NULL)) &&
	    json_equal(json_object_get(kept, "from"), json_object_get(prev, "commit")) &&
	    json_equal(json_object_get(kept, "to"), json_object_get(last, "commit")) &&
	    json_is_array(json_object_get(kept, "sections"))) {
		json_object_set(o, "changed_sections", json_object_get(kept, "sections"));
		json_object_set(o, "changes", json_object_get(kept, "page"));
		json_decref(kept);
		return;
	}
	json_decref(kept);
	sakra_error_clear(&err);
	snprintf(dir, sizeof(dir), "%s/%s", json_string_value(json_object_get(last, "_dir")),
		 json_string_value(json_object_get(last, "name")));
	if (sakra_bundle_load_opened(dir, &t, &lp, &err) == 0) {
		snprintf(dir, sizeof(dir), "%s/%s", json_string_value(json_object_get(prev, "_dir")),
			 json_string_value(json_object_get(prev, "name")));
		if (sakra_bundle_load_opened(dir, &pt, &pp, &err) == 0 &&
		    sakra_diff_plans(&d, pp, lp, &err) == 0 &&
		    (page = changes_page(run, id, prev, last, d))) {
			kept = json_pack("{s:O,s:O,s:o,s:s}", "from", json_object_get(prev, "commit"),
					 "to", json_object_get(last, "commit"), "sections",
					 changed_sections(d), "page", page);
			json_object_set(o, "changed_sections", json_object_get(kept, "sections"));
			json_object_set(o, "changes", json_object_get(kept, "page"));
			if ((text = json_dumps(kept, JSON_INDENT(2))))
				sakra_file_write_atomic(cache, text, strlen(text), 0666, 1, &err);
			free(text);
			json_decref(kept);
			free(page);
		}
	}
	if (err.message[0])
		json_object_set_new(o, "error", sakra_json_text(err.message));
	sakra_diff_free(d);
	sakra_plan_free(pp);
	sakra_tree_free(pt);
	sakra_plan_free(lp);
	sakra_tree_free(t);
}

/* One organisation's entry, from what is filed for it. */
static json_t *organisation(const struct run *run, const char *id, json_t *recs, long *urgency)
{
	json_t *last = newest(recs, 0), *prev, *o, *overdue = json_array(),
	       *expired = json_array(), *expiring = json_array(), *x,
	       *f = json_object_get(last, "facts");
	long version = (long)json_integer_value(json_object_get(last, "version"));
	long today = sakra_date_days(&run->today);
	struct sakra_date a;
	char day[11];
	size_t i;
	int months;

	prev = newest(recs, version);
	o = json_pack("{s:s,s:O,s:o,s:{s:I,s:O,s:O,s:O,s:O,s:O,s:s,s:O}}", "business_id", id,
		      "name", json_object_get(last, "organisation"), "framework", json_null(),
		      "latest", "version", (json_int_t)version, "commit",
		      json_object_get(last, "commit"), "approved", json_object_get(last, "approved"),
		      "approvers", json_object_get(last, "approvals"), "edition",
		      json_object_get(last, "edition"), "marking", json_object_get(last, "marking"),
		      "filed", json_string_value(json_object_get(last, "name")), "path",
		      json_object_get(last, "_path"));
	json_object_set_new(o, "previous", prev ? json_pack("{s:O,s:s}", "version",
							    json_object_get(prev, "version"), "filed",
							    json_string_value(json_object_get(prev, "name")))
			    : json_null());
	*urgency = 0;
	json_object_set(o, "framework", json_object_get(f, "framework"));
	json_array_foreach(json_object_get(f, "obligations"), i, x) {
		struct sakra_date due;
		int open = json_is_true(json_object_get(x, "open"));

		if (sakra_date_parse(json_string_value(json_object_get(x, "due")), &due) < 0)
			continue;
		if (open)
			due = run->today;   /* no evidence yet: due every day */
		if (!open && sakra_date_days(&due) >= today)
			continue;
		sakra_date_format(&due, day);
		json_array_append_new(overdue, json_pack("{s:O,s:s,s:I}", "id",
							 json_object_get(x, "id"), "due", day,
							 "days_overdue",
							 (json_int_t)(today - sakra_date_days(&due))));
		*urgency += 1000;
	}
	json_array_foreach(json_object_get(f, "certificates"), i, x) {
		struct sakra_date exp;
		long left;

		if (sakra_date_parse(json_string_value(json_object_get(x, "expires")), &exp) < 0)
			continue;
		left = sakra_date_days(&exp) - today;
		if (left < 0) {
			json_array_append_new(expired, json_pack("{s:O,s:O}", "system",
								 json_object_get(x, "system"), "expired",
								 json_object_get(x, "expires")));
			*urgency += 1000;
		} else if (left <= EXPIRING_DAYS) {
			json_array_append_new(expiring, json_pack("{s:O,s:O}", "system",
								  json_object_get(x, "system"), "expires",
								  json_object_get(x, "expires")));
			*urgency += 10;
		}
	}
	/* approved longer ago than the plan's review interval */
	months = (int)json_integer_value(json_object_get(f, "review_months"));
	if (months && json_string_value(json_object_get(last, "approved")) &&
	    sakra_date_parse(json_string_value(json_object_get(last, "approved")), &a) == 0) {
		struct sakra_date due = sakra_date_add_months(&a, months);

		json_object_set_new(o, "review_overdue",
				    json_boolean(sakra_date_cmp(&due, &run->today) < 0));
		if (sakra_date_cmp(&due, &run->today) < 0)
			*urgency += 100;
	}
	if (prev)
		changes(run, id, prev, last, o);
	if (!json_object_get(o, "changed_sections"))
		json_object_set_new(o, "changed_sections", json_array());
	if (!json_object_get(o, "changes"))
		json_object_set_new(o, "changes", json_null());
	if (!json_object_get(o, "review_overdue"))
		json_object_set_new(o, "review_overdue", json_false());
	json_object_set_new(o, "obligations_overdue", overdue);
	json_object_set_new(o, "certificates_expired", expired);
	json_object_set_new(o, "certificates_expiring", expiring);
	return o;
}

/* Writes b (made with status rc) as ARCH/name, replacing it whole, and
 * frees it. */
static int write_out(const char *arch, const char *name, struct sakra_buf *b, int rc,
		     struct sakra_error *err)
{
	struct sakra_buf path = SAKRA_BUF_INIT;

	if (rc == 0 && sakra_buf_printf(&path, "%s/%s", arch, name) == 0)
		rc = sakra_file_write_atomic(path.ptr, b->ptr ? b->ptr : "", b->len, 0666, 1, err);
	else
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	sakra_buf_free(b);
	sakra_buf_free(&path);
	return rc;
}

static int put_csv_field(struct sakra_buf *b, const char *s, int last)
{
	int rc = sakra_buf_putc(b, '"');

	/* a cell a spreadsheet would take for a formula starts with a quote */
	if (s && (*s == '=' || *s == '+' || *s == '-' || *s == '@'))
		rc |= sakra_buf_putc(b, '\'');
	for (; s && *s; s++)
		rc |= *s == '"' ? sakra_buf_puts(b, "\"\"") : sakra_buf_putc(b, *s);
	return rc | sakra_buf_puts(b, last ? "\"\r\n" : "\",");
}

static const char *ids(json_t *list, const char *key, struct sakra_buf *b)
{
	json_t *x;
	size_t i;

	sakra_buf_clear(b);
	json_array_foreach(list, i, x)
		sakra_buf_printf(b, "%s%s", i ? "; " : "", json_string_value(json_object_get(x, key)));
	return b->len ? b->ptr : "";
}

static int write_csv(const char *arch, json_t *orgs, struct sakra_error *err)
{
	struct sakra_buf b = SAKRA_BUF_INIT, cell = SAKRA_BUF_INIT;
	json_t *o;
	size_t i;
	int rc = sakra_buf_puts(&b, "business_id,name,framework,version,approved,previous,"
				"changed_sections,obligations_overdue,certificates_expired,"
				"certificates_expiring,review_overdue\r\n");

	json_array_foreach(orgs, i, o) {
		json_t *l = json_object_get(o, "latest"), *p = json_object_get(o, "previous");
		char n[24], pv[24];

		snprintf(n, sizeof(n), "%lld", (long long)json_integer_value(json_object_get(l, "version")));
		snprintf(pv, sizeof(pv), "%lld", p ? (long long)json_integer_value(
				 json_object_get(p, "version")) : 0LL);
		rc |= put_csv_field(&b, json_string_value(json_object_get(o, "business_id")), 0);
		rc |= put_csv_field(&b, json_string_value(json_object_get(o, "name")), 0);
		rc |= put_csv_field(&b, json_string_value(json_object_get(o, "framework")), 0);
		rc |= put_csv_field(&b, n, 0);
		rc |= put_csv_field(&b, json_string_value(json_object_get(l, "approved")), 0);
		rc |= put_csv_field(&b, json_is_object(p) ? pv : "", 0);
		rc |= put_csv_field(&b, ids(json_object_get(o, "changed_sections"), "number", &cell), 0);
		rc |= put_csv_field(&b, ids(json_object_get(o, "obligations_overdue"), "id", &cell), 0);
		rc |= put_csv_field(&b, ids(json_object_get(o, "certificates_expired"), "system",
					    &cell), 0);
		rc |= put_csv_field(&b, ids(json_object_get(o, "certificates_expiring"), "system",
					    &cell), 0);
		rc |= put_csv_field(&b, json_is_true(json_object_get(o, "review_overdue")) ? "yes"
				    : "no", 1);
	}
	rc = write_out(arch, "overview.csv", &b, rc, err);
	sakra_buf_free(&cell);
	return rc;
}

static int html_list(struct sakra_buf *b, json_t *list, const char *key, const char *date)
{
	json_t *x;
	size_t i;
	int rc = 0;

	json_array_foreach(list, i, x) {
		rc |= sakra_buf_puts(b, i ? ", " : "");
		rc |= sakra_buf_put_html(b, json_string_value(json_object_get(x, key)));
		if (date && json_string_value(json_object_get(x, date))) {
			rc |= sakra_buf_puts(b, " (");
			rc |= sakra_buf_put_html(b, json_string_value(json_object_get(x, date)));
			rc |= sakra_buf_puts(b, ")");
		}
	}
	return rc;
}

/* The overview as one static page: no script, no request elsewhere. */
static int write_html(const char *arch, json_t *orgs, const char *marking,
		      const struct sakra_date *today, struct sakra_error *err)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	char day[11];
	json_t *o;
	size_t i;
	int rc = 0;

	sakra_date_format(today, day);
	rc |= sakra_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
			     "style-src 'unsafe-inline'\">\n<title>Received plans</title>\n<style>"
			     "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
			     "td,th{border:1px solid #999;padding:.3em .5em;vertical-align:top}"
			     ".marking{border:2px solid #a00;color:#a00;padding:.3em;font-weight:bold}"
			     ".bad{background:#fdd}.warn{background:#ffd}</style>\n</head>\n<body>\n");
	if (marking) {
		rc |= sakra_buf_puts(&b, "<p class=\"marking\">");
		rc |= sakra_buf_put_html(&b, marking);
		rc |= sakra_buf_puts(&b, "</p>\n");
	}
	rc |= sakra_buf_printf(&b, "<h1>Received plans</h1>\n<p>On %s, most urgent first.</p>\n"
			       "<table>\n<tr><th>Organisation</th><th>Version</th><th>Approved</th>"
			       "<th>Changed since the version before</th><th>Obligations overdue</th>"
			       "<th>Certificates expired</th><th>Certificates expiring</th></tr>\n",
			       day);
	json_array_foreach(orgs, i, o) {
		json_t *l = json_object_get(o, "latest"), *p = json_object_get(o, "previous");
		const char *id = json_string_value(json_object_get(o, "business_id"));
		const char *filed = json_string_value(json_object_get(l, "path"));
		int bad = json_array_size(json_object_get(o, "obligations_overdue")) ||
			  json_array_size(json_object_get(o, "certificates_expired"));
		int warn = json_is_true(json_object_get(o, "review_overdue")) ||
			   json_array_size(json_object_get(o, "certificates_expiring"));

		rc |= sakra_buf_printf(&b, "<tr class=\"%s\"><td>", bad ? "bad" : warn ? "warn" : "");
		rc |= sakra_buf_put_html(&b, json_string_value(json_object_get(o, "name")));
		rc |= sakra_buf_puts(&b, "<br>");
		rc |= sakra_buf_put_html(&b, id);
		rc |= sakra_buf_puts(&b, "</td><td><a href=\"");
		rc |= sakra_buf_put_html(&b, filed);
		rc |= sakra_buf_printf(&b, "/site/index.html\">version %lld</a>",
				       (long long)json_integer_value(json_object_get(l, "version")));
		if (json_is_object(p))
			rc |= sakra_buf_printf(&b, "<br>(before: %lld)", (long long)json_integer_value(
						       json_object_get(p, "version")));
		rc |= sakra_buf_puts(&b, "</td><td>");
		rc |= sakra_buf_put_html(&b, json_string_value(json_object_get(l, "approved")) ?
					 json_string_value(json_object_get(l, "approved")) : "");
		if (json_is_true(json_object_get(o, "review_overdue")))
			rc |= sakra_buf_puts(&b, "<br>review overdue");
		rc |= sakra_buf_puts(&b, "</td><td>");
		rc |= html_list(&b, json_object_get(o, "changed_sections"), "number", NULL);
		if (json_string_value(json_object_get(o, "changes"))) {
			rc |= sakra_buf_puts(&b, "<br><a href=\"");
			rc |= sakra_buf_put_html(&b, json_string_value(json_object_get(o, "changes")));
			rc |= sakra_buf_puts(&b, "\">what changed</a>");
		}
		rc |= sakra_buf_puts(&b, "</td><td>");
		rc |= html_list(&b, json_object_get(o, "obligations_overdue"), "id", "due");
		rc |= sakra_buf_puts(&b, "</td><td>");
		rc |= html_list(&b, json_object_get(o, "certificates_expired"), "system", "expired");
		rc |= sakra_buf_puts(&b, "</td><td>");
		rc |= html_list(&b, json_object_get(o, "certificates_expiring"), "system", "expires");
		rc |= sakra_buf_puts(&b, "</td></tr>\n");
	}
	rc |= sakra_buf_puts(&b, "</table>\n</body>\n</html>\n");
	return write_out(arch, "index.html", &b, rc, err);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The path from folder `from` to folder `to`, with a trailing '/' ("" when
 * they are one), for links in a page written in `from`. */
static int link_prefix(const char *from, const char *to, struct sakra_buf *out)
{
	char a[4096], b[4096];
	size_t common = 0, i;

	if (!realpath(from, a) || !realpath(to, b))
		return -1;
	for (i = 0; a[i] && a[i] == b[i]; i++)
		if (a[i] == '/')
			common = i;
	if (!a[i] && !b[i])
		return 0;
	if (!a[i] && b[i] == '/')
		common = i;
	else if (!b[i] && a[i] == '/')
		common = i;
	/* one "../" for each folder of `from` below the common one */
	for (const char *p = a + common; *p; p++)
		if (*p == '/' && sakra_buf_puts(out, "../") < 0)
			return -1;
	if (b[common] && sakra_buf_printf(out, "%s/", b + common + 1) < 0)
		return -1;
	return 0;
}

/* Everything filed in the archives the overview summarises, by business
 * id; each record knows its folder (_dir) and its path from the overview
 * (_path). The same version filed from two commits in two shards is a
 * conflict. */
static json_t *gather(struct run *run, struct sakra_error *err)
{
	json_t *byid = json_object();

	for (size_t a = 0; a < run->narches; a++) {
		struct sakra_buf prefix = SAKRA_BUF_INIT;
		char **names;
		size_t n;

		if (list(run->arches[a], 1, &names, &n) < 0 ||
		    link_prefix(run->arch, run->arches[a], &prefix) < 0) {
			sakra_error_set(err, SAKRA_EIO, run->arches[a], 0, 0, "cannot read the "
					"archive: %s", strerror(errno));
			sakra_buf_free(&prefix);
			json_decref(byid);
			return NULL;
		}
		for (size_t i = 0; i < n; i++) {
			json_t *recs = safe_id(names[i]) ? records(run->arches[a], names[i]) : NULL;
			json_t *all, *x, *y;
			size_t k, j;

			if (!recs || !json_array_size(recs)) {
				json_decref(recs);
				continue;
			}
			if (!(all = json_object_get(byid, names[i]))) {
				json_object_set_new(byid, names[i], json_array());
				all = json_object_get(byid, names[i]);
			}
			json_array_foreach(recs, k, x) {
				char path[4400];

				snprintf(path, sizeof(path), "%s%s/%s", prefix.ptr ? prefix.ptr : "",
					 names[i], json_string_value(json_object_get(x, "name")));
				json_object_set_new(x, "_path", json_string(path));
				json_array_foreach(all, j, y)
					if (json_integer_value(json_object_get(x, "version")) ==
					    json_integer_value(json_object_get(y, "version")) &&
					    strcmp(json_string_value(json_object_get(x, "commit")),
						   json_string_value(json_object_get(y, "commit"))))
						json_array_append_new(run->conflicts, json_pack(
							"{s:s,s:O,s:O,s:[O,O],s:[O,O]}", "business_id",
							names[i], "organisation",
							json_object_get(x, "organisation"), "version",
							json_object_get(x, "version"), "files",
							json_object_get(y, "_path"),
							json_object_get(x, "_path"), "commits",
							json_object_get(y, "commit"),
							json_object_get(x, "commit")));
			}
			json_array_extend(all, recs);
			json_decref(recs);
		}
		cli_list_free(names, n);
		sakra_buf_free(&prefix);
	}
	return byid;
}

/* overview.json, .csv and index.html from everything filed. */
static json_t *overview(struct run *run, struct sakra_error *err)
{
	json_t *root = json_object(), *orgs = json_array();
	struct org *v = NULL;
	struct sakra_buf markings = SAKRA_BUF_INIT, banner = SAKRA_BUF_INIT;
	json_t *byid, *recs;
	const char *key, **names;
	char *text;
	size_t n, k = 0;
	char path[4200];

	if (!(byid = gather(run, err))) {
		json_decref(root);
		json_decref(orgs);
		return NULL;
	}
	n = json_object_size(byid);
	names = calloc(n ? n : 1, sizeof(*names));
	json_object_foreach(byid, key, recs)
		if (names)
			names[k++] = (char *)key;
	if (k)
		qsort(names, k, sizeof(*names), cmp_name);
	n = k;
	k = 0;
	v = calloc(n ? n : 1, sizeof(*v));
	for (size_t i = 0; v && names && i < n; i++) {
		const char *m;

		recs = json_object_get(byid, names[i]);
		m = json_string_value(json_object_get(newest(recs, 0), "marking"));
		v[k].o = organisation(run, names[i], recs, &v[k].urgency);
		/* the page summarises plans marked in their own scales: it names
		 * every marking it summarises, to be handled as the most
		 * restricted of them */
		if (m && (!markings.len || !strstr(markings.ptr, m)))
			sakra_buf_printf(&markings, "%s%s", markings.len ? ", " : "", m);
		k++;
	}
	if (k)
		qsort(v, k, sizeof(*v), cmp_org);
	for (size_t i = 0; i < k; i++)
		json_array_append_new(orgs, v[i].o);
	free(v);
	free(names);
	json_decref(byid);
	json_object_set_new(root, "tool", json_string("sakra"));
	json_object_set_new(root, "format", json_integer(1));
	json_object_set_new(root, "organisations", orgs);
	json_object_set_new(root, "refused", json_incref(run->refused));
	json_object_set_new(root, "conflicts", json_incref(run->conflicts));
	if (markings.len)
		sakra_buf_printf(&banner, "Summarises plans marked %s: handle it as the most "
				 "restricted of them", markings.ptr);
	json_object_set_new(root, "markings", sakra_json_text(markings.len ? markings.ptr : NULL));
	text = json_dumps(root, JSON_INDENT(2));
	snprintf(path, sizeof(path), "%s/overview.json", run->arch);
	if (!text || sakra_file_write_atomic(path, text, strlen(text), 0666, 1, err) < 0 ||
	    write_csv(run->arch, orgs, err) < 0 ||
	    write_html(run->arch, orgs, banner.len ? banner.ptr : NULL, &run->today, err) < 0) {
		json_decref(root);
		root = NULL;
	}
	free(text);
	sakra_buf_free(&markings);
	sakra_buf_free(&banner);
	return root;
}

static void print_text(const struct run *run, json_t *root)
{
	json_t *x;
	size_t i;

	json_array_foreach(run->filed, i, x)
		printf("filed    %s -> %s (version %lld)\n", cli_safe(json_string_value(
			       json_object_get(x, "file"))), cli_safe(json_string_value(
			       json_object_get(x, "filed"))), (long long)json_integer_value(
			       json_object_get(x, "version")));
	json_array_foreach(run->seen, i, x)
		printf("filed before  %s (%s)\n", cli_safe(json_string_value(
			       json_object_get(x, "file"))), cli_safe(json_string_value(
			       json_object_get(x, "filed"))));
	json_array_foreach(run->refused, i, x)
		printf("REFUSED  %s: %s\n", cli_safe(json_string_value(json_object_get(x, "file"))),
		       cli_safe(json_string_value(json_object_get(x, "reason"))));
	json_array_foreach(run->conflicts, i, x) {
		json_t *f = json_object_get(x, "files"), *c = json_object_get(x, "commits");

		printf("CONFLICT %s: version %lld of %s (%s) was filed from %s (commit %.12s); this "
		       "one is commit %.12s: two different versions under one number, not filed\n",
		       cli_safe(json_string_value(json_array_get(f, 1))),
		       (long long)json_integer_value(json_object_get(x, "version")),
		       cli_safe(json_string_value(json_object_get(x, "organisation"))),
		       cli_safe(json_string_value(json_object_get(x, "business_id"))),
		       cli_safe(json_string_value(json_array_get(f, 0))),
		       json_string_value(json_array_get(c, 0)), json_string_value(json_array_get(c, 1)));
	}
	printf("%zu filed, %zu filed before, %zu refused, %zu conflicts; %zu organisations in "
	       "the archive (%s/index.html)\n", json_array_size(run->filed),
	       json_array_size(run->seen), json_array_size(run->refused),
	       json_array_size(run->conflicts),
	       json_array_size(json_object_get(root, "organisations")), cli_safe(run->arch));
}

int cmd_inbox(struct cli *cli, int argc, char **argv)
{
	struct cli_bundle_keys keys;
	struct run run;
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
	while ((opt = getopt_long(argc, argv, "C:", cli_opts_inbox, NULL)) != -1) {
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
		case OPT_HELP: fputs(inbox_help, stdout); status = EXIT_OK; goto out;
		default: status = cli_unknown_option("inbox", argv[optind - 1]); goto out;
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
	if (!(root = overview(&run, &err))) {
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
