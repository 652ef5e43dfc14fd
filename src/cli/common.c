/* What the commands share: options every command takes, messages and
 * findings on the terminal, opening the plan or a version of it, printing
 * a version and a bundle's report, pinned keys, passphrases, progress, and
 * leaving nothing behind when interrupted. Only src/cli/ prints, reads the
 * terminal or decides exit codes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/approval.h"
#include "sakra/confine.h"
#include "sakra/bundlefile.h"
#include "sakra/crypto.h"
#include "sakra/date.h"
#include "sakra/fs.h"
#include "sakra/text.h"

/* --- messages and options ----------------------------------------------------- */

const char *cli_safe(const char *s)
{
	static struct sakra_buf ring[8];
	static size_t next;
	struct sakra_buf *b = &ring[next++ % 8];

	if (!s)
		return "";
	sakra_buf_clear(b);
	if (sakra_buf_put_visible(b, s, strlen(s)) < 0 || sakra_buf_puts(b, "") < 0)
		return "?";
	return b->ptr;
}

void cli_write_text(FILE *f, const char *text, size_t len)
{
	struct sakra_buf b = SAKRA_BUF_INIT;

	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - text - i) : len - i;

		sakra_buf_clear(&b);
		if (sakra_buf_put_visible(&b, text + i, n) < 0)
			break;
		fwrite(b.ptr ? b.ptr : "", 1, b.len, f);
		if (nl)
			fputc('\n', f);
		i += n + (nl != NULL);
	}
	sakra_buf_free(&b);
}

void cli_warn_readable(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && (st.st_mode & 077))
		fprintf(stderr, _("sakra: warning: %s can be read by others (mode %03o); "
				  "chmod 600 it\n"), cli_safe(path), (unsigned)(st.st_mode & 0777));
}

void cli_error(const struct sakra_error *err)
{
	fprintf(stderr, "sakra: ");
	if (err->path[0]) {
		fprintf(stderr, "%s", cli_safe(err->path));
		if (err->line)
			fprintf(stderr, ":%zu", err->line);
		if (err->line && err->column)
			fprintf(stderr, ":%zu", err->column);
		fprintf(stderr, ": ");
	}
	fprintf(stderr, "%s\n", err->message[0] ? cli_safe(err->message)
		: sakra_error_name(err->code));
}

void cli_errorf(const char *fmt, ...)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sakra_buf_vprintf(&b, sakra_tr(fmt), ap);
	va_end(ap);
	fprintf(stderr, "sakra: %s\n", cli_safe(b.ptr ? b.ptr : ""));
	sakra_buf_free(&b);
}

void cli_print_diag(FILE *out, const struct sakra_diag *x, int color)
{
	const char *sev = sakra_severity_name(x->severity);

	fputs(cli_safe(x->path), out);
	if (x->line)
		fprintf(out, ":%zu", x->line);
	if (x->line && x->column)
		fprintf(out, ":%zu", x->column);
	if (color)
		fprintf(out, ": \033[1;%sm%s\033[0m: %s [%s]\n",
			x->severity == SAKRA_ERROR ? "31" : x->severity == SAKRA_WARNING ? "33" : "36", sev, cli_safe(x->message), x->rule);
	else
		fprintf(out, ": %s: %s [%s]\n", sev, cli_safe(x->message), x->rule);
}

int cli_format_json(const char *cmd, const char *arg)
{
	if (strcmp(arg, "text") != 0 && strcmp(arg, "json") != 0) {
		cli_usage_error(cmd, "--format must be text or json");
		return -1;
	}
	if (strcmp(arg, "json") != 0)
		return 0;
	cli_machine_output();
	return 1;
}

void cli_machine_output(void)
{
	/* JSON, SARIF and Code Quality carry sakra's own (English) messages,
	 * whatever the user's language: tools read them. */
	setlocale(LC_MESSAGES, "C");
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "sakra %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, sakra_tr(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
	fprintf(stderr, _("(see 'sakra %s --help')"), cmd);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

void cli_did_you_mean(const char *word, const char *const *candidates, size_t n)
{
	const char *near = sakra_text_nearest(word, candidates, n);

	if (near) {
		fprintf(stderr, _("sakra: did you mean '%s'?"), cli_safe(near));
		fputc('\n', stderr);
	}
}

int cli_unknown_option(const char *cmd, const char *arg)
{
	const char *names[128];
	char buf[128][48];
	const struct cli_opt *opts = NULL;
	const char *near = NULL;
	size_t n = 0;
	char given[64];

	for (size_t i = 0; i < cli_ncommands; i++)
		if (strcmp(cli_commands[i].name, cmd) == 0)
			opts = cli_commands[i].spec->opts;
	/* "--edtion=x": the name without its value */
	snprintf(given, sizeof(given), "%s", arg ? arg : "");
	given[strcspn(given, "=")] = '\0';
	for (size_t i = 0; opts && opts[i].name && n < 128; i++) {
		snprintf(buf[n], sizeof(buf[n]), "%s%s", opts[i].name[1] ? "--" : "-", opts[i].name);
		names[n] = buf[n];
		n++;
	}
	if (given[0] == '-')
		near = sakra_text_nearest(given, names, n);
	if (near)
		return cli_usage_error(cmd, "unknown option '%s'; did you mean '%s'?", arg, near);
	return cli_usage_error(cmd, "unknown option '%s'", arg);
}

int cli_common(struct cli *cli, int opt, const char *arg)
{
	switch (opt) {
	case 'C':
		cli->dir = arg;
		return 1;
	case OPT_QUIET:
		cli->quiet = 1;
		return 1;
	case OPT_VERBOSE:
		cli->verbose = 1;
		return 1;
	case OPT_COLOR:
		cli->color_arg = arg;
		return 1;
	}
	return 0;
}

int cli_resolve_color(struct cli *cli, FILE *stream)
{
	const char *a = cli->color_arg ? cli->color_arg : "auto";
	const char *nc = getenv("NO_COLOR");

	if (strcmp(a, "always") == 0)
		return cli->color = 1;
	if (strcmp(a, "never") == 0)
		return cli->color = 0;
	if (strcmp(a, "auto") != 0) {
		cli_errorf("--color must be auto, always or never (not '%s')", a);
		return -1;
	}
	return cli->color = !(nc && *nc) && isatty(fileno(stream));
}

int cli_one_line(const char *s)
{
	if (!sakra_utf8_valid(s, strlen(s), NULL))
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

int cli_today(const char *arg, struct sakra_date *out)
{
	const char *s = arg ? arg : getenv("SAKRA_TODAY");

	if (!s || !*s) {
		*out = sakra_date_today();
		return 0;
	}
	if (sakra_date_parse(s, out) < 0) {
		cli_errorf("%s '%s' is not a date YYYY-MM-DD", arg ? "--today" : "SAKRA_TODAY", s);
		return -1;
	}
	return 0;
}

/* --- the plan and its versions ------------------------------------------------ */

int cli_plan_open(struct cli *cli, const char *rev, const struct sakra_check_options *opts,
		  struct cli_plan *p)
{
	struct sakra_error err;

	memset(p, 0, sizeof(*p));
	sakra_error_clear(&err);
	if (sakra_repo_open(&p->repo, cli->dir, &err) < 0 ||
	    sakra_tree_open(&p->tree, p->repo, rev, &err) < 0 ||
	    sakra_plan_load(&p->plan, p->tree, &p->diags, &err) < 0 ||
	    sakra_check_run(p->plan, opts, &p->diags, &err) < 0) {
		cli_error(&err);
		cli_plan_close(p);
		return -1;
	}
	sakra_diags_sort(&p->diags);
	return 0;
}

void cli_plan_close(struct cli_plan *p)
{
	sakra_versions_free(p->versions);
	sakra_diags_free(&p->diags);
	sakra_plan_free(p->plan);
	sakra_tree_free(p->tree);
	sakra_repo_free(p->repo);
	memset(p, 0, sizeof(*p));
}

const struct sakra_edition *cli_edition(const struct sakra_config *cfg, const char *name)
{
	const struct sakra_edition *e = sakra_config_edition(cfg, name);
	char list[512] = "";

	if (e)
		return e;
	for (size_t i = 0; i < cfg->neditions; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? ", " : "",
			 cfg->editions[i].name);
	{
		const char *names[64];
		size_t n = 0;

		for (size_t i = 0; i < cfg->neditions && n < 64; i++)
			names[n++] = cfg->editions[i].name;
		const char *near = sakra_text_nearest(name, names, n);

		if (near)
			cli_errorf("sakra.yml has no edition '%s'; did you mean '%s'? (editions: %s)",
				   name, near, list);
		else
			cli_errorf("sakra.yml has no edition '%s' (editions: %s)", name,
				   list[0] ? list : "none");
	}
	return NULL;
}

void cli_print_version(FILE *out, const struct sakra_version *v)
{
	fprintf(out, _("version %ld (%s), commit %s"), v->number, cli_safe(v->tag), v->commit);
	fprintf(out, "%s%s\n", v->organisation ? ", " : "", cli_safe(v->organisation));
	if (v->error) {
		fprintf(out, _("  cannot be read: %s\n"), cli_safe(v->error));
		return;
	}
	for (size_t i = 0; i < v->nsigs; i++) {
		const struct sakra_signature *s = &v->sigs[i];

		if (s->counts || !s->broken) {
			char part[160] = "";

			if (s->claim.scope && s->claim.version < v->number)
				snprintf(part, sizeof(part), _(" its part (SCOPE.%s; signed for "
					 "version %ld, unchanged since)"), cli_safe(s->claim.role),
					 s->claim.version);
			else if (s->claim.scope)
				snprintf(part, sizeof(part), _(" its part (SCOPE.%s)"),
					 cli_safe(s->claim.role));
			fprintf(out, _("  signed%s by %s (%s) on %s with key %s"), part,
			       cli_safe(s->claim.approver),
			       cli_safe(sakra_version_role_title(v, s->claim.role)),
			       cli_safe(s->claim.date), cli_safe(s->sig.id));
			fprintf(out, "%s%s", s->claim.decision ? ": " : "", cli_safe(s->claim.decision));
			if (!s->counts)
				fprintf(out, _("; does not count: %s"), cli_safe(s->why));
			fputc('\n', out);
		}
		else
			fprintf(out, _("  signature by key %s does not count: %s\n"),
			       s->sig.id[0] ? cli_safe(s->sig.id) : "?", cli_safe(s->why));
	}
	if (v->approved)
		fputs(_("  approved: every required role has signed\n"), out);
	else
		fprintf(out, _("  NOT approved: no signature that counts for %s\n"), cli_safe(v->missing));
}

int cli_version_open(struct cli *cli, const char *what, unsigned flags, struct cli_plan *p,
		     struct sakra_pick *pick)
{
	struct sakra_error err;

	memset(p, 0, sizeof(*p));
	sakra_error_clear(&err);
	if (sakra_repo_open(&p->repo, cli->dir, &err) < 0)
		goto fail;
	if (!sakra_repo_is_git(p->repo) && (flags & (SAKRA_PICK_APPROVED | SAKRA_PICK_HEAD))) {
		cli_errorf("%s is not in git: a version is a commit", sakra_repo_root(p->repo));
		cli_plan_close(p);
		return SAKRA_EINVAL;
	}
	if ((sakra_repo_is_git(p->repo) &&
	     ((flags & SAKRA_PICK_REMEMBERED)
	      ? sakra_versions_load_remembered(&p->versions, p->repo, &err)
	      : sakra_versions_load(&p->versions, p->repo, NULL, 0, &err)) < 0) ||
	    sakra_versions_pick(p->versions, p->repo, what, flags, pick, &err) < 0 ||
	    sakra_tree_open(&p->tree, p->repo, pick->rev, &err) < 0 ||
	    sakra_plan_load_memo(&p->plan, p->tree, p->versions ? p->versions->docs : NULL,
				 &p->diags, &err) < 0)
		goto fail;
	if (!p->plan->config || !p->plan->fw) {
		cli_errorf("sakra.yml or its framework cannot be read; 'sakra check%s%s' says why",
			   pick->rev ? " --rev " : "", pick->rev ? pick->commit : "");
		cli_plan_close(p);
		return SAKRA_EINVAL;
	}
	return 0;
fail:
	cli_error(&err);
	cli_plan_close(p);
	return err.code < 0 ? err.code : SAKRA_EINVAL;
}

void cli_print_diags(FILE *out, struct sakra_diags *d)
{
	sakra_diags_sort(d);
	for (size_t i = 0; i < d->n; i++)
		cli_print_diag(out, &d->v[i], 0);
}

/* --- an interrupted run leaves no temporary file behind ----------------------- */

static char temp_name[4096 + 64];

static void on_signal(int sig)
{
	if (temp_name[0])
		unlink(temp_name);
	signal(sig, SIG_DFL);
	raise(sig);
}

void cli_remove_on_signal(void *ctx, const char *name)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };

	(void)ctx;
	snprintf(temp_name, sizeof(temp_name), "%s", name ? name : "");
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], name ? on_signal : SIG_DFL);
}

/* --- progress on a terminal ---------------------------------------------------- */

static double since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void human(char *out, size_t cap, double bytes)
{
	const char *unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	int u = 0;

	while (bytes >= 1024 && u < 4) {
		bytes /= 1024;
		u++;
	}
	snprintf(out, cap, u ? "%.1f %s" : "%.0f %s", bytes, unit[u]);
}

void cli_progress_start(struct cli_progress *p, uint64_t total, int enabled)
{
	memset(p, 0, sizeof(*p));
	p->total = total;
	p->enabled = enabled;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
}

void cli_progress_show(void *ctx, uint64_t bytes)
{
	struct cli_progress *p = ctx;
	struct timespec now;
	double t, rate, left;
	char done[32], all[32], r[32];
	int width = 30, fill;

	if (!p->enabled)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (p->shown && since(&p->last, &now) < 0.1 && bytes < p->total)
		return;
	p->last = now;
	p->shown = 1;
	t = since(&p->start, &now);
	rate = t > 0 ? (double)bytes / t : 0;
	left = rate > 0 && p->total > bytes ? (double)(p->total - bytes) / rate : 0;
	fill = p->total ? (int)((double)width * (double)(bytes < p->total ? bytes : p->total) /
				(double)p->total) : width;
	human(done, sizeof(done), (double)bytes);
	human(all, sizeof(all), (double)p->total);
	human(r, sizeof(r), rate);
	fprintf(stderr, "\r[%.*s%*s] %s / %s  %s/s  %02d:%02d left ", fill,
		"##############################", width - fill, "", done, all, r,
		(int)left / 60, (int)left % 60);
	fflush(stderr);
}

void cli_progress_end(struct cli_progress *p)
{
	if (p->shown)
		fputc('\n', stderr);
	p->shown = 0;
}

/* --- bundles: the report and pinned keys -------------------------------------- */

/* The report, and whether the bundle is sound and approved. */
int cli_bundle_print(FILE *out, const struct sakra_bundle_report *r, int allow_draft,
		     const struct cli_bundle_keys *keys)
{
	const char *keys_from = keys->keyring;
	const struct sakra_version *v = r->vs ? &r->vs->v[r->vs->n - 1] : NULL;
	int sound = 1;

	fprintf(out, _("bundle %s: %s, "), cli_safe(r->name), cli_safe(r->organisation));
	if (r->draft)
		fputs(_("DRAFT (not approved)"), out);
	else
		fprintf(out, _("version %ld"), r->version);
	fprintf(out, _(", commit %s\n"), r->commit);
	fprintf(out, _("  edition %s; marking %s\n"), r->edition ? cli_safe(r->edition) :
	       _("(all marked files)"), r->marking ? cli_safe(r->marking) : _("none"));
	fprintf(out, _("  %zu files match the signed MANIFEST; %zu files of the rendered site\n"), r->files,
	       r->site_files);
	if (r->nwithheld) {
		fprintf(out, _("  withheld by the edition (listed in MANIFEST, not in the bundle): %zu\n"),
		       r->nwithheld);
		for (size_t i = 0; i < r->nwithheld; i++)
			fprintf(out, "    %s\n", cli_safe(r->withheld[i]));
	}
	if (v && !r->draft) {
		for (size_t i = 0; i < v->nsigs; i++)
			sound &= !v->sigs[i].broken;
		cli_print_version(out, v);
		if (r->vs->pins_apply) {
			if (keys_from)
				fprintf(out, _("  keyring %s\n"), cli_safe(keys_from));
			fputs(_("  only the keys you pinned for this organisation count:"), out);
			for (size_t i = 0; i < r->vs->npinned; i++)
				if (!r->vs->pinned[i].pinned_for ||
				    !strcmp(r->vs->pinned[i].pinned_for, v->org_id ? v->org_id : ""))
					fprintf(out, " %s", r->vs->pinned[i].id);
			fprintf(out, "\n");
		} else if (keys->accept_bundle_keys) {
			fputs(_("  NOTE: you accepted the keys that came inside the bundle (keys/ of the\n"
				"  approved commit and its history); compare their ids with keys you know:"),
			      stdout);
			for (size_t i = 0; i < v->nkeys; i++)
				fprintf(out, " %s", v->keys[i].id);
			fprintf(out, "\n");
		} else {
			sound = 0;
			fprintf(out, _("  NOT VERIFIED: no key is pinned for %s (business id %s), so nothing\n"
				 "  says whose signatures these are. The signers' keys:"),
			       cli_safe(r->organisation), cli_safe(v->org_id));
			for (size_t i = 0; i < v->nsigs; i++)
				if (v->sigs[i].sig.id[0])
					fprintf(out, " %s", v->sigs[i].sig.id);
			fprintf(out, _("\n  Pin the approvers' public keys, received another way than the bundle:\n"
				 "    mkdir -p ~/.config/sakra/keyring/%s && cp APPROVER.pub "
				 "~/.config/sakra/keyring/%s/\n"
				 "  or give --key APPROVER.pub; --accept-bundle-keys trusts the keys inside "
				 "the bundle.\n"), cli_safe(v->org_id), cli_safe(v->org_id));
		}
	}
	if (r->rendered)
		fprintf(out, _("  %s, BUNDLE and the %zu files of site/ are what the signed files give\n"),
		       r->readme, r->site_files);
	return sound && sakra_bundle_sound(r, allow_draft | (keys->accept_bundle_keys ?
							     SAKRA_OPEN_UNPINNED : 0));
}

int cli_bundle_keys_option(struct cli *cli, struct cli_bundle_keys *keys, int opt,
			   const char *arg)
{
	if (cli_common(cli, opt, arg))
		return 1;
	switch (opt) {
	case OPT_BK_IDENTITY:
		if (keys->nidentities == sizeof(keys->identities) / sizeof(keys->identities[0])) {
			cli_errorf("--identity: at most %zu files (one file may hold many identities)",
				   keys->nidentities);
			return -1;
		}
		keys->identities[keys->nidentities++] = arg;
		return 1;
	case OPT_BK_PASSFILE: keys->passfile = arg; return 1;
	case OPT_BK_ACCEPT: keys->accept_bundle_keys = 1; return 1;
	case OPT_BK_KEY: return cli_pin_key(keys, arg) < 0 ? -1 : 1;
	case OPT_BK_KEYRING:
		keys->keyring_given = 1;
		return cli_pin_keyring(keys, arg, 1) < 0 ? -1 : 1;
	default: return 0;
	}
}

/* Pins the key in file; org: the organisation it is pinned for (NULL: any). */
static int pin_key(struct cli_bundle_keys *keys, const char *file, const char *org)
{
	struct sakra_buf text = SAKRA_BUF_INIT;
	struct sakra_error err;
	struct sakra_pubkey *k;

	if (keys->npinned == keys->cap) {
		size_t cap = keys->cap ? 2 * keys->cap : 16;
		struct sakra_pubkey *p = realloc(keys->pinned, cap * sizeof(*p));

		if (!p) {
			cli_errorf("out of memory");
			return -1;
		}
		keys->pinned = p;
		keys->cap = cap;
	}
	k = &keys->pinned[keys->npinned];
	memset(k, 0, sizeof(*k));
	if (sakra_file_read(file, &text, 64 * 1024, &err) < 0 ||
	    sakra_pubkey_parse(k, file, text.ptr ? text.ptr : "", text.len, &err) < 0) {
		sakra_buf_free(&text);
		cli_error(&err);
		return -1;
	}
	sakra_buf_free(&text);
	if (org && !(k->pinned_for = strdup(org))) {
		sakra_pubkey_clear(k);
		cli_errorf("out of memory");
		return -1;
	}
	keys->npinned++;
	return 0;
}

int cli_pin_key(struct cli_bundle_keys *keys, const char *file)
{
	return pin_key(keys, file, NULL);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cli_list_dir(const char *dir, int folders, const char *suffix, char ***out, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t cap = 0, slen = suffix ? strlen(suffix) : 0;

	*out = NULL;
	*n = 0;
	if (!d)
		return -1;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		struct stat st;
		char path[4096];

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st) < 0 || (folders ? !S_ISDIR(st.st_mode) :
					    !S_ISREG(st.st_mode) || len <= slen ||
					    (suffix && strcmp(de->d_name + len - slen, suffix) != 0)))
			continue;
		if (*n == cap) {
			char **g = realloc(*out, (cap = cap ? 2 * cap : 16) * sizeof(*g));

			if (!g)
				goto nomem;
			*out = g;
		}
		if (!((*out)[*n] = strdup(de->d_name)))
			goto nomem;
		(*n)++;
	}
	closedir(d);
	if (*n)
		qsort(*out, *n, sizeof(**out), cmp_str);
	return 0;
nomem:
	closedir(d);
	cli_list_free(*out, *n);
	*out = NULL;
	*n = 0;
	errno = ENOMEM;
	return -1;
}

void cli_list_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* A keyring binds keys to organisations: DIR/<business id>/NAME.pub. A key
 * in a folder counts only for the plan whose sakra.yml names that business
 * id (or, with none, that organisation name). */
int cli_pin_keyring(struct cli_bundle_keys *keys, const char *dir, int given)
{
	char **orgs = NULL, **loose = NULL;
	size_t norgs = 0, nloose = 0, before = keys->npinned;
	int rc = 0;

	if (cli_list_dir(dir, 1, NULL, &orgs, &norgs) < 0) {
		if (!given && errno == ENOENT)
			return 0;
		cli_errorf("%s: %s", dir, strerror(errno));
		return -1;
	}
	keys->keyring = dir;
	if (cli_list_dir(dir, 0, ".pub", &loose, &nloose) == 0 && nloose)
		fprintf(stderr, _("sakra: warning: %s: %zu key(s) lie in the keyring itself and are "
				  "not bound to an organisation, so they are not used; move each into "
				  "%s/<business id>/ of the organisation whose approver it is\n"),
			cli_safe(dir), nloose, cli_safe(dir));
	for (size_t i = 0; i < norgs && rc == 0; i++) {
		char sub[4096], **names = NULL;
		size_t n = 0;

		snprintf(sub, sizeof(sub), "%s/%s", dir, orgs[i]);
		if (cli_list_dir(sub, 0, ".pub", &names, &n) < 0)
			continue;
		for (size_t k = 0; k < n && rc == 0; k++) {
			char file[8192];

			snprintf(file, sizeof(file), "%s/%s", sub, names[k]);
			rc = pin_key(keys, file, orgs[i]);
		}
		cli_list_free(names, n);
	}
	cli_list_free(orgs, norgs);
	cli_list_free(loose, nloose);
	if (rc == 0 && given && keys->npinned == before) {
		cli_errorf("%s holds no public keys in folders named by business id "
			   "(%s/<business id>/NAME.pub)", dir, dir);
		rc = -1;
	}
	return rc;
}

int cli_config_path(char *out, size_t size, const char *name)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n;

	if (xdg && xdg[0] == '/')
		n = snprintf(out, size, "%s/sakra/%s", xdg, name);
	else if (home && home[0])
		n = snprintf(out, size, "%s/.config/sakra/%s", home, name);
	else
		return -1;
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int cli_pin_default_keyring(struct cli_bundle_keys *keys)
{
	static char path[4096];

	if (keys->npinned || keys->keyring_given || cli_config_path(path, sizeof(path), "keyring") < 0)
		return 0;
	return cli_pin_keyring(keys, path, 0);
}

void cli_bundle_keys_clear(struct cli_bundle_keys *keys)
{
	for (size_t i = 0; i < keys->npinned; i++)
		sakra_pubkey_clear(&keys->pinned[i]);
	free(keys->pinned);
	keys->pinned = NULL;
	keys->npinned = keys->cap = 0;
}

/* --- passphrases: from the first line of --passphrase-file, or asked on the
 * terminal without echo; never from argv or the environment. They live in
 * secure memory and are wiped when freed. ------------------------------------ */

#define PASS_MAX 1024

/* Reads one line from fd into buf (secure); returns its length or -1. */
static long read_line(int fd, char *buf, size_t size)
{
	size_t n = 0;

	for (;;) {
		char c;
		ssize_t r = read(fd, &c, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || c == '\n')
			break;
		if (n + 1 >= size)
			return -1;
		buf[n++] = c;
	}
	if (n && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	return (long)n;
}

static long ask(int tty, const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	long n;

	if (write(tty, prompt, strlen(prompt)) < 0 || tcgetattr(tty, &old) < 0)
		return -1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	if (tcsetattr(tty, TCSAFLUSH, &quiet) < 0)
		return -1;
	n = read_line(tty, buf, size);
	tcsetattr(tty, TCSAFLUSH, &old);
	if (write(tty, "\n", 1) < 0)
		return -1;
	return n;
}

int cli_passphrase(const char *file, int confirm, const char *what, char **out, size_t *len)
{
	char *pass = sakra_secure_alloc(PASS_MAX), *again = NULL;
	long n = -1;
	int fd;

	*out = NULL;
	if (!pass) {
		cli_errorf("out of secure memory");
		return -1;
	}
	if (file) {
		if ((fd = open(file, O_RDONLY | O_CLOEXEC)) < 0) {
			cli_errorf("%s: %s", file, strerror(errno));
			goto fail;
		}
		n = read_line(fd, pass, PASS_MAX);
		close(fd);
		if (n < 0) {
			cli_errorf("%s: the passphrase line is longer than %d bytes", file, PASS_MAX - 1);
			goto fail;
		}
	} else {
		char prompt[256];

		if ((fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) < 0) {
			cli_errorf("no terminal to ask for the passphrase; use --passphrase-file");
			goto fail;
		}
		snprintf(prompt, sizeof(prompt), _("Passphrase for %s: "), what);
		n = ask(fd, prompt, pass, PASS_MAX);
		if (n >= 0 && confirm) {
			if (!(again = sakra_secure_alloc(PASS_MAX)) ||
			    ask(fd, _("Again: "), again, PASS_MAX) < 0 || strcmp(pass, again) != 0) {
				close(fd);
				cli_errorf("the passphrases do not match");
				goto fail;
			}
		}
		close(fd);
		if (n < 0) {
			cli_errorf("cannot read the passphrase from the terminal");
			goto fail;
		}
	}
	if (n == 0) {
		cli_errorf("the passphrase is empty%s", confirm ? " (use --no-passphrase for a key "
			   "without one)" : "");
		goto fail;
	}
	sakra_secure_free(again);
	*out = pass;
	*len = (size_t)n;
	return 0;
fail:
	sakra_secure_free(again);
	sakra_secure_free(pass);
	return -1;
}

static int ask_bundle_passphrase(void *ctx, const char *what, char **pass, size_t *len)
{
	const struct cli_bundle_keys *keys = ctx;

	return cli_passphrase(keys->passfile, 0, what, pass, len);
}

int cli_confine(struct sakra_confine *c, int verbose, struct sakra_error *err)
{
	struct sakra_buf said = SAKRA_BUF_INIT;
	const char *locale = bindtextdomain(SAKRA_TEXTDOMAIN, NULL);
	int rc;

	sakra_confine_read(c, locale);
	if ((rc = sakra_confine_apply(c, &said, err)) == 0 && verbose)
		fprintf(stderr, _("sakra: confined: %s\n"), said.ptr);
	sakra_buf_free(&said);
	return rc;
}

void cli_confine_keys(struct sakra_confine *c, const struct cli_bundle_keys *keys)
{
	for (size_t i = 0; i < keys->nidentities; i++)
		sakra_confine_read(c, keys->identities[i]);
	if (keys->passfile && strcmp(keys->passfile, "-") != 0)
		sakra_confine_read(c, keys->passfile);
	sakra_confine_read(c, keys->keyring);
}

/* Before open reads the bundle: confined to it, the keys and the folder it
 * unpacks into (moved to its name by the parent). */
static int confine_open(void *ctx, const char *stage, struct sakra_error *err)
{
	const struct cli_bundle_keys *keys = ctx;
	struct sakra_confine c;

	memset(&c, 0, sizeof(c));
	sakra_confine_read(&c, keys->reading);
	cli_confine_keys(&c, keys);
	sakra_confine_write(&c, stage);
	c.stage = stage;
	return cli_confine(&c, keys->verbose, err);
}

int cli_bundle_read(FILE *out, const char *path, struct cli_bundle_keys *keys,
		    const char *open_to, int allow_draft, struct sakra_bundle_report **report,
		    struct sakra_buf *opened)
{
	struct sakra_bundle_secrets s = { keys->identities, keys->nidentities,
					  ask_bundle_passphrase, keys,
					  sakra_secure_free, NULL };
	struct sakra_error err;
	int bad = 0, rc;

	sakra_error_clear(&err);
	if (cli_pin_default_keyring(keys) < 0)
		return EXIT_USAGE;
	for (size_t i = 0; i < keys->nidentities; i++)
		cli_warn_readable(keys->identities[i]);
	keys->reading = path;
	if (keys->confine && opened)
		s.before_read = confine_open;
	if (keys->confine && !opened) {
		/* verify BUNDLE writes nothing */
		struct sakra_confine c;

		memset(&c, 0, sizeof(c));
		sakra_confine_read(&c, path);
		cli_confine_keys(&c, keys);
		if (cli_confine(&c, keys->verbose, &err) < 0) {
			cli_error(&err);
			return EXIT_USAGE;
		}
	}
	if (opened)
		rc = sakra_bundle_open_file(path, &s, open_to, allow_draft | (keys->accept_bundle_keys
							   ? SAKRA_OPEN_UNPINNED : 0), keys->pinned,
					    keys->npinned, report, opened, &bad, &err);
	else
		rc = sakra_bundle_read_file(path, &s, NULL, keys->pinned, keys->npinned, report,
					    &bad, &err);
	if (*report)
		bad |= !cli_bundle_print(out, *report, allow_draft, keys);
	if (rc < 0 && err.message[0])
		cli_error(&err);
	return rc == 0 && !bad ? EXIT_OK : bad ? EXIT_FINDINGS : EXIT_USAGE;
}

int cli_bundle_approved(const char *path, struct cli_bundle_keys *keys,
			struct sakra_bundle_report **report)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int status;

	*report = NULL;
	if (!f) {
		cli_errorf("out of memory");
		return EXIT_USAGE;
	}
	status = cli_bundle_read(f, path, keys, NULL, 0, report, NULL);
	fclose(f);
	if (status == EXIT_OK && (!*report || !(*report)->plan || (*report)->draft))
		status = EXIT_FINDINGS;
	if (status != EXIT_OK && text)
		cli_write_text(stderr, text, len);
	free(text);
	return status;
}

int cli_run(const char *prog, char *const args[], const char *dir, const char *epoch,
	    const char *log, const struct sakra_confine *c, int verbose)
{
	pid_t pid;
	int status;

	fflush(NULL);
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		int fd = log ? open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : -1;
		struct sakra_buf said = SAKRA_BUF_INIT;
		struct sakra_error err;

		if ((dir && chdir(dir) < 0) || (epoch && setenv("SOURCE_DATE_EPOCH", epoch, 1) < 0))
			_exit(127);
		/* a converter of a stranger's file gets ten minutes of processor */
		if (c && setrlimit(RLIMIT_CPU, &(struct rlimit){ 600, 600 }) < 0)
			_exit(126);
		if (c && sakra_confine_apply(c, &said, &err) < 0) {
			fprintf(stderr, "sakra: %s\n", err.message);
			_exit(126);
		}
		if (c && verbose)
			fprintf(stderr, _("sakra: %s runs confined: %s\n"), prog, sakra_buf_cstr(&said));
		if (fd >= 0)
			dup2(fd, 2);
		execv(prog, args);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
