/* sakra log: the approved versions, newest first — who approved them with
 * which role and when, the decision, and the files changed since the
 * approved version before (from the two manifests). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "sakra/approval.h"
#include "sakra/bundle.h"
#include "sakra/json.h"
#include "sakra/manifest.h"


enum { OPT_FORMAT = OPT_FIRST_COMMAND };

struct entry {
	const struct sakra_version *v;
	const struct entry *base;           /* the approved version before, or NULL */
	struct sakra_manifest *m;
	char date[11];                      /* when it became approved, or "" */
};

struct change_list {
	struct sakra_buf *b;
	json_t *arr;            /* JSON: the changes, else NULL */
	int count;
};

static int put_change(void *ctx, enum sakra_change change, const char *path)
{
	struct change_list *c = ctx;
	static const char *const word[] = { "added", "removed", "changed" };

	c->count++;
	if (c->arr) {
		sakra_json_push(c->arr, json_pack("{s:s,s:o}", "change", word[change], "path",
						  sakra_json_text(path)));
		return 0;
	}
	return sakra_buf_printf(c->b, "    %c %s\n", "+-~"[change], path) ? SAKRA_ENOMEM : 0;
}

/* The changes since the version before: as text into b, or a JSON array
 * (JSON null for a version that cannot be read) into *arr. */
static int put_changes(struct sakra_buf *b, json_t **arr, const struct entry *e)
{
	struct sakra_buf list = SAKRA_BUF_INIT;
	struct change_list c = { &list, NULL, 0 };
	int rc = 0;

	if (arr)
		*arr = e->m ? (c.arr = json_array()) : json_null();
	if (!e->m)
		return 0;
	rc = sakra_manifest_compare(e->base ? e->base->m : NULL, e->m, put_change, &c);
	if (rc == 0 && !arr) {
		if (!e->base)
			rc |= sakra_buf_printf(b, sakra_trn("  the first approved version: %zu file\n",
							    "  the first approved version: %zu files\n",
							    e->m->n), e->m->n);
		else if (!c.count)
			rc |= sakra_buf_printf(b, _("  no files changed since version %ld\n"),
					       e->base->v->number);
		else
			rc |= sakra_buf_printf(b, sakra_trn("  %d file changed since version %ld:\n%s",
							    "  %d files changed since version %ld:\n%s",
							    (unsigned long)c.count), c.count,
					       e->base->v->number, sakra_buf_cstr(&list));
	}
	sakra_buf_free(&list);
	return rc ? SAKRA_ENOMEM : 0;
}

static int text_entry(struct sakra_buf *b, const struct entry *e)
{
	const struct sakra_version *v = e->v;
	int rc = 0;

	rc |= sakra_buf_printf(b, v->error ? _("version %ld  %s  commit %.12s  CANNOT BE READ\n") :
			       v->approved ? _("version %ld  %s  commit %.12s  approved\n") :
			       _("version %ld  %s  commit %.12s  NOT approved\n"), v->number,
			       e->date[0] ? e->date : "----------", v->commit);
	if (v->error)
		return rc | sakra_buf_printf(b, "  %s\n\n", v->error);
	for (size_t i = 0; i < v->nsigs; i++) {
		const struct sakra_signature *s = &v->sigs[i];

		if (s->broken)
			rc |= sakra_buf_printf(b, _("  signature by key %s: %s\n"),
					       s->sig.id[0] ? s->sig.id : "?", s->why);
		else
			rc |= sakra_buf_printf(b, s->counts ? _("  %s (%s) %s%s%s\n") :
					       _("  %s (%s) %s%s%s — does not count: %s\n"),
					       s->claim.approver,
					       sakra_version_role_title(v, s->claim.role), s->claim.date,
					       s->claim.decision ? ": " : "",
					       s->claim.decision ? s->claim.decision : "", s->why);
	}
	if (!v->approved)
		rc |= sakra_buf_printf(b, _("  missing: %s\n"), v->missing);
	rc |= put_changes(b, NULL, e);
	rc |= sakra_buf_puts(b, "\n");
	return rc;
}

static json_t *json_entry(const struct entry *e)
{
	const struct sakra_version *v = e->v;
	json_t *o = json_object(), *sigs = json_array(), *changes = NULL;

	sakra_json_set(o, "version", json_integer(v->number));
	sakra_json_set(o, "tag", sakra_json_text(v->tag));
	sakra_json_set(o, "commit", json_string(v->commit));
	sakra_json_set(o, "approved", json_boolean(v->approved));
	sakra_json_set(o, "date", sakra_json_text(e->date[0] ? e->date : NULL));
	sakra_json_set(o, "error", sakra_json_text(v->error));
	sakra_json_set(o, "missing", sakra_json_text(v->approved || v->error ? NULL : v->missing));
	for (size_t i = 0; i < v->nsigs; i++) {
		const struct sakra_signature *s = &v->sigs[i];
		json_t *g = json_object();

		sakra_json_set(g, "key", sakra_json_text(s->sig.id[0] ? s->sig.id : NULL));
		sakra_json_set(g, "approver", sakra_json_text(s->broken ? NULL : s->claim.approver));
		sakra_json_set(g, "role", sakra_json_text(s->broken ? NULL : s->claim.role));
		sakra_json_set(g, "date", sakra_json_text(s->broken ? NULL : s->claim.date));
		sakra_json_set(g, "decision", sakra_json_text(s->broken ? NULL : s->claim.decision));
		sakra_json_set(g, "counts", json_boolean(s->counts));
		sakra_json_set(g, "why", sakra_json_text(s->counts ? NULL : s->why));
		sakra_json_push(sigs, g);
	}
	sakra_json_set(o, "signatures", sigs);
	sakra_json_set(o, "since", e->base ? json_integer(e->base->v->number) : json_null());
	if (put_changes(NULL, &changes, e) < 0) {
		json_decref(changes);
		changes = NULL;
	}
	sakra_json_set(o, "changes", changes);
	return o;
}

static const struct cli_opt opts[] = {
	{ "format", "F", OPT_FORMAT,
	  N_("text (default) or json"),
	  "text json", CLI_V_NONE },
	{ "n", "N", 'n',
	  N_("the newest N versions only"),
	  NULL, CLI_V_NONE },
	CLI_BUNDLE_KEY_OPTS,
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_log = {
	"log",
	N_("usage: sakra log [-n N] [--format text|json]\n"
	"       sakra log BUNDLE [-n N] [--format F] [--identity FILE]...\n"
	"                 [--passphrase-file F] [--key PUBKEY]... [--keyring DIR]"),
	N_("Lists the approved versions (approved/vN tags), newest first: version, the\n"
	"date it was approved, commit, approvers with roles and dates, the decision,\n"
	"and the files added (+), changed (~) and removed (-) since the approved\n"
	"version before it. Versions still missing a required role, or whose\n"
	"signatures do not count, are listed and marked as such. With a BUNDLE\n"
	"file, the versions it carries (its own and the history before it), as\n"
	"'sakra verify BUNDLE' judges them: no repository is needed, and the\n"
	"bundle must verify as an approved version."),
	opts,
	NULL
};

/* Each version with its manifest and the approved version before it. */
static int make_entries(const struct sakra_versions *vs, struct entry **out,
			struct sakra_error *err)
{
	struct entry *entries = NULL;

	*out = NULL;
	if (vs->n && !(*out = entries = calloc(vs->n, sizeof(*entries))))
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < vs->n; i++) {
		struct entry *e = &entries[i];
		int rc;

		e->v = &vs->v[i];
		sakra_version_date(e->v, e->date);
		if (!e->v->error && e->v->manifest &&
		    (rc = sakra_manifest_parse(&e->m, e->v->tag, e->v->manifest,
					       e->v->manifest_len, err)) < 0)
			return rc;
		for (size_t k = i; k-- > 0 && !e->base;)
			if (entries[k].v->approved && entries[k].m)
				e->base = &entries[k];
	}
	return 0;
}

static int print_json(const struct sakra_versions *vs, struct entry *entries, long limit)
{
	json_t *root = json_object(), *list = json_array();

	sakra_json_set(root, "tool", json_string("sakra"));
	sakra_json_set(root, "format", json_integer(1));
	for (size_t i = vs->n, shown = 0; i-- > 0 && (limit < 0 || (long)shown < limit); shown++)
		sakra_json_push(list, json_entry(&entries[i]));
	sakra_json_set(root, "versions", list);
	if (sakra_json_write(stdout, root) < 0) {
		cli_errorf("cannot write the report");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int cmd_log(struct cli *cli, int argc, char **argv)
{
	struct sakra_repo *repo = NULL;
	struct sakra_versions *vs = NULL;
	struct entry *entries = NULL;
	struct sakra_buf out = SAKRA_BUF_INIT;
	struct sakra_error err;
	struct cli_bundle_keys keys;
	struct sakra_bundle_report *bundle = NULL;
	struct stat st;
	long limit = -1;
	int opt, json = 0, rc = 0, k, status = EXIT_USAGE;

	memset(&keys, 0, sizeof(keys));
	while ((opt = cli_getopt(cli, &cli_spec_log, argc, argv)) != CLI_END) {
		if ((k = cli_bundle_keys_option(cli, &keys, opt, optarg)) < 0)
			goto out;
		if (k)
			continue;
		switch (opt) {
		case 'n': {
			char *end;

			limit = strtol(optarg, &end, 10);
			if (*end || end == optarg || limit < 0) {
				cli_usage_error("log", "-n takes a number");
				goto out;
			}
			break;
		}
		case OPT_FORMAT:
			if ((json = cli_format_json("log", optarg)) < 0)
				goto out;
			break;
		default: status = cli->status; goto out;   /* CLI_STOP */
		}
	}
	if (optind + 1 < argc || (optind < argc && (stat(argv[optind], &st) < 0 ||
						     !S_ISREG(st.st_mode)))) {
		cli_usage_error("log", "unexpected argument '%s' (a bundle file, or nothing)",
				argv[optind + (optind + 1 < argc)]);
		goto out;
	}
	sakra_error_clear(&err);
	if (optind < argc) {
		/* a bundle's versions, judged as verify judges them */
		if ((status = cli_bundle_approved(argv[optind], &keys, &bundle)) != EXIT_OK) {
			if (status == EXIT_FINDINGS)
				cli_errorf("%s does not verify as an approved version (see above)",
					   cli_safe(argv[optind]));
			goto out;
		}
		status = EXIT_USAGE;
		vs = bundle->vs;
	} else if (sakra_repo_open(&repo, cli->dir, &err) < 0 ||
		   sakra_versions_load_remembered(&vs, repo, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (make_entries(vs, &entries, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (json) {
		status = print_json(vs, entries, limit);
		goto out;
	}
	for (size_t i = vs->n, shown = 0; i-- > 0 && (limit < 0 || (long)shown < limit); shown++)
		rc |= text_entry(&out, &entries[i]);
	if (!vs->n && !cli->quiet)
		rc |= sakra_buf_puts(&out, _("no approved versions yet ('sakra approve' makes one)\n"));
	if (rc) {
		cli_errorf("out of memory");
		goto out;
	}
	cli_write_text(stdout, sakra_buf_cstr(&out), out.len);
	status = EXIT_OK;
out:
	for (size_t i = 0; entries && i < vs->n; i++)
		sakra_manifest_free(entries[i].m);
	free(entries);
	sakra_buf_free(&out);
	if (bundle)
		sakra_bundle_report_free(bundle);   /* and its versions */
	else
		sakra_versions_free(vs);
	sakra_repo_free(repo);
	cli_bundle_keys_clear(&keys);
	return status;
}
