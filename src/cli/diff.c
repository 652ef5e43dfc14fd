/* sakra diff: what changed between two versions or revisions (or one and
 * the working tree), by framework section, then documents, the register,
 * evidence and other files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "sakra/json.h"
#include "sakra/approval.h"
#include "sakra/bundle.h"
#include "sakra/diff.h"


enum { OPT_FORMAT = OPT_FIRST_COMMAND, OPT_STAT };

struct side {
	struct sakra_tree *tree;
	struct sakra_plan *plan;
	struct sakra_diags diags;
	const struct sakra_version *version;
	struct sakra_bundle_report *bundle;   /* a bundle file's: owns plan and tree */
	char label[200];
};

/* A bundle file rather than a version or revision: what verify takes. */
static int is_bundle(const char *what)
{
	struct stat st;

	return what && !sakra_version_number(what) && stat(what, &st) == 0 &&
	       S_ISREG(st.st_mode);
}

static int open_side(struct side *s, struct sakra_repo *repo, const struct sakra_versions *vs,
		     const char *what)
{
	struct sakra_error err;
	struct sakra_pick pick;

	sakra_error_clear(&err);
	if (sakra_versions_pick(vs, repo, what, 0, &pick, &err) < 0 ||
	    sakra_tree_open(&s->tree, repo, pick.rev, &err) < 0 ||
	    sakra_plan_load(&s->plan, s->tree, &s->diags, &err) < 0) {
		if (err.code == SAKRA_ENOTFOUND && s->tree)
			cli_errorf("%s has no sakra.yml: not a plan", what ? what : "the working tree");
		else
			cli_error(&err);
		return -1;
	}
	s->version = pick.version;
	if (!what)
		snprintf(s->label, sizeof(s->label), "%s", _("the working tree"));
	else if (s->version)
		snprintf(s->label, sizeof(s->label), _("version %ld (%.12s)"), s->version->number,
			 s->tree->commit);
	else
		snprintf(s->label, sizeof(s->label), "%.100s (%.12s)", what, s->tree->commit);
	return 0;
}

/* A bundle, verified with the pinned keys: only an approved version is
 * compared. Verify's report goes to stderr when the bundle is refused (the
 * diff's header names the approvals of one that verifies). An exit status. */
static int open_bundle(struct side *s, const char *path, struct cli_bundle_keys *keys)
{
	int status = cli_bundle_approved(path, keys, &s->bundle);

	if (status == EXIT_FINDINGS)
		cli_errorf("%s does not verify as an approved version (see above): diff compares "
			   "approved versions only", cli_safe(path));
	if (status != EXIT_OK)
		return status;
	s->plan = s->bundle->plan;
	s->tree = s->bundle->tree;
	s->version = &s->bundle->vs->v[s->bundle->vs->n - 1];
	snprintf(s->label, sizeof(s->label), _("version %ld (%.12s, bundle %.100s)"),
		 s->bundle->version, s->bundle->commit, s->bundle->name);
	return EXIT_OK;
}

static void close_side(struct side *s)
{
	if (s->bundle) {
		sakra_bundle_report_free(s->bundle);
	} else {
		sakra_plan_free(s->plan);
		sakra_tree_free(s->tree);
	}
	sakra_diags_free(&s->diags);
}

/* Whose plan a side is: its business id (else its name), as signatures
 * name it. */
static const char *business_id(const struct side *s)
{
	return sakra_org_id(s->plan->config);
}

static const char *const group_names[SAKRA_DIFF_GROUPS] = {
	N_("Sections"), N_("Documents"), N_("Register"), N_("Evidence"), N_("Other files")
};
static const char *const group_ids[SAKRA_DIFF_GROUPS] = {
	"section", "document", "system", "evidence", "file"
};
static const char *const change_ids[] = { "added", "removed", "changed" };

/* "  version 2 approved by Anna Lind (role) on DATE, Bo Ek (role) on DATE" */
static int put_approvals(struct sakra_buf *o, const struct side *s)
{
	const struct sakra_version *v = s->version;
	int rc = 0, n = 0;

	if (!v)
		return 0;
	rc |= sakra_buf_printf(o, v->approved ? _("  version %ld approved") :
			       _("  version %ld NOT approved"), v->number);
	for (size_t i = 0; i < v->nsigs; i++) {
		const struct sakra_signature *g = &v->sigs[i];

		if (!g->counts)
			continue;
		/* TRANSLATORS: after "version N approved": the first approver, then
		 * the others, each "NAME (ROLE) on DATE" */
		rc |= sakra_buf_printf(o, n++ ? _(", %s (%s) on %s") : _(" by %s (%s) on %s"),
				       g->claim.approver, g->claim.role, g->claim.date);
	}
	return rc | sakra_buf_putc(o, '\n');
}

int cli_diff_body(struct sakra_buf *o, const struct sakra_diff *d, int stat)
{
	size_t count[SAKRA_DIFF_GROUPS] = { 0 };
	int rc = 0, group = -1;

	if (d->nwithheld) {
		rc |= sakra_buf_printf(o, _("Not compared: withheld by an edition (%zu)\n"),
				       d->nwithheld);
		for (size_t i = 0; i < d->nwithheld; i++)
			rc |= sakra_buf_printf(o, "  %s\n", d->withheld[i]);
	}
	for (size_t i = 0; i < d->n; i++) {
		const struct sakra_diff_item *it = &d->items[i];

		count[it->group]++;
		if ((int)it->group != group) {
			group = (int)it->group;
			rc |= sakra_buf_printf(o, "\n%s\n", _(group_names[group]));
		}
		rc |= sakra_buf_printf(o, "  %c ", "+-~"[it->change]);
		if (it->group == SAKRA_DIFF_SECTION)
			rc |= sakra_buf_printf(o, "%s %s  %s:%zu", it->number,
					       it->title ? it->title : "", it->path, it->line);
		else
			rc |= sakra_buf_printf(o, "%s%s%s", it->path, it->title ? "  " : "",
					       it->title ? it->title : "");
		if (it->moved_from)
			rc |= sakra_buf_printf(o, _("  moved from %s"), it->moved_from);
		if (it->detail)
			rc |= sakra_buf_printf(o, "  %s", it->detail);
		if (it->added || it->removed)
			rc |= sakra_buf_printf(o, "  +%zu -%zu", it->added, it->removed);
		rc |= sakra_buf_putc(o, '\n');
		/* the lines themselves, unless --stat */
		for (size_t k = 0; !stat && k < it->nlines; k++)
			rc |= sakra_buf_printf(o, "      %c %s\n", it->lines[k].op, it->lines[k].text);
	}
	if (!d->n) {
		rc |= sakra_buf_puts(o, _("\nNo changes.\n"));
	} else {
		struct sakra_buf list = SAKRA_BUF_INIT;
		int k = 0, groups = 0;

		for (int g = 0; g < SAKRA_DIFF_GROUPS; g++)
			groups += count[g] > 0;
		for (int g = 0; g < SAKRA_DIFF_GROUPS; g++) {
			char phrase[96];

			if (!count[g])
				continue;
			k++;
			snprintf(phrase, sizeof(phrase), g == SAKRA_DIFF_SECTION ?
				 sakra_trn("%zu section", "%zu sections", count[g]) :
				 g == SAKRA_DIFF_DOCUMENT ?
				 sakra_trn("%zu document", "%zu documents", count[g]) :
				 g == SAKRA_DIFF_SYSTEM ?
				 sakra_trn("%zu register entry", "%zu register entries", count[g]) :
				 g == SAKRA_DIFF_EVIDENCE ?
				 sakra_trn("%zu evidence record", "%zu evidence records", count[g]) :
				 sakra_trn("%zu other file", "%zu other files", count[g]), count[g]);
			/* TRANSLATORS: the separators of a list of counts: "a, b and c" */
			rc |= sakra_buf_printf(&list, "%s%s", k == 1 ? "" : k == groups ? _(" and ") :
					       _(", "), phrase);
		}
		/* TRANSLATORS: the list of counts, e.g. "2 sections and 1 document" */
		rc |= sakra_buf_printf(o, _("\n%s changed.\n"), sakra_buf_cstr(&list));
		sakra_buf_free(&list);
	}
	return rc ? -1 : 0;
}

static int print_text(const struct sakra_diff *d, const struct side *a, const struct side *b,
		      int stat)
{
	struct sakra_buf o = SAKRA_BUF_INIT;
	int rc = 0;

	rc |= sakra_buf_printf(&o, _("Changes from %s to %s\n"), a->label, b->label);
	rc |= put_approvals(&o, a);
	rc |= put_approvals(&o, b);
	rc |= cli_diff_body(&o, d, stat);
	if (rc == 0)
		cli_write_text(stdout, o.ptr, o.len);
	sakra_buf_free(&o);
	return rc ? -1 : 0;
}

static json_t *json_side(const struct side *s)
{
	const struct sakra_config *c = s->plan->config;
	json_t *o = json_pack("{s:o,s:o,s:o}", "label", sakra_json_text(s->label), "commit",
			      sakra_json_text(s->tree->commit[0] ? s->tree->commit : NULL),
			      "version", s->version ? json_integer(s->version->number)
			      : json_null());
	json_t *approvals = json_array();

	sakra_json_set(o, "source", json_string(s->bundle ? "bundle" : "repository"));
	sakra_json_set(o, "bundle", sakra_json_text(s->bundle ? s->bundle->name : NULL));
	sakra_json_set(o, "edition", sakra_json_text(s->bundle ? s->bundle->edition : NULL));
	sakra_json_set(o, "organisation", sakra_json_text(c ? c->org_name : NULL));
	sakra_json_set(o, "business_id", sakra_json_text(c ? c->business_id : NULL));
	sakra_json_set(o, "approved", json_boolean(s->version && s->version->approved));
	for (size_t i = 0; s->version && i < s->version->nsigs; i++) {
		const struct sakra_signature *g = &s->version->sigs[i];

		if (g->counts)
			sakra_json_push(approvals, json_pack(
				"{s:o,s:o,s:o,s:o}", "name", sakra_json_text(g->claim.approver),
				"role", sakra_json_text(g->claim.role), "date",
				sakra_json_text(g->claim.date), "key", sakra_json_text(g->sig.id)));
	}
	sakra_json_set(o, "approvals", approvals);
	return o;
}

static int print_json(const struct sakra_diff *d, const struct side *a, const struct side *b)
{
	json_t *root = json_object(), *list = json_array();

	sakra_json_set(root, "tool", json_string("sakra"));
	sakra_json_set(root, "format", json_integer(1));
	sakra_json_set(root, "from", json_side(a));
	sakra_json_set(root, "to", json_side(b));
	for (size_t i = 0; i < d->n; i++) {
		const struct sakra_diff_item *it = &d->items[i];
		json_t *o = json_object(), *clauses = json_array();

		sakra_json_set(o, "group", json_string(group_ids[it->group]));
		sakra_json_set(o, "change", json_string(change_ids[it->change]));
		sakra_json_set(o, "key", sakra_json_text(it->key));
		sakra_json_set(o, "number", sakra_json_text(it->number));
		sakra_json_set(o, "title", sakra_json_text(it->title));
		for (size_t c = 0; it->section && c < it->section->nclauses; c++)
			sakra_json_push(clauses, sakra_json_text(it->section->clauses[c]));
		sakra_json_set(o, "clauses", clauses);
		sakra_json_set(o, "path", sakra_json_text(it->path));
		sakra_json_set(o, "line", json_integer((json_int_t)it->line));
		sakra_json_set(o, "moved_from", sakra_json_text(it->moved_from));
		sakra_json_set(o, "detail", sakra_json_text(it->detail));
		sakra_json_set(o, "added_lines", json_integer((json_int_t)it->added));
		sakra_json_set(o, "removed_lines", json_integer((json_int_t)it->removed));
		if (it->lines) {
			json_t *lines = json_array();

			for (size_t k = 0; k < it->nlines; k++)
				sakra_json_push(lines, json_pack("{s:s#,s:o}", "op", &it->lines[k].op,
								 (int)1, "text",
								 sakra_json_text(it->lines[k].text)));
			sakra_json_set(o, "lines", lines);
		}
		sakra_json_push(list, o);
	}
	sakra_json_set(root, "changes", list);
	list = json_array();
	for (size_t i = 0; i < d->nwithheld; i++)
		sakra_json_push(list, sakra_json_text(d->withheld[i]));
	sakra_json_set(root, "withheld", list);
	return sakra_json_write(stdout, root);
}

static const struct cli_opt opts[] = {
	{ "format", "F", OPT_FORMAT,
	  N_("text (default) or json"),
	  "text json", CLI_V_NONE },
	{ "stat", NULL, OPT_STAT,
	  N_("the changes and their counts, without the lines"),
	  NULL, CLI_V_NONE },
	CLI_BUNDLE_KEY_OPTS,
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_diff = {
	"diff",
	N_("usage: sakra diff A [B] [--format text|json] [--stat]\n"
	"       sakra diff OLD.tar[.age]|.zip NEW.tar[.age]|.zip [--identity FILE]\n"
	"                  [--passphrase-file F] [--key PUBKEY]... [--keyring DIR]"),
	N_("Shows what changed from A to B (default: the working tree), in the plan's\n"
	"own terms: numbered sections added (+), removed (-) and changed (~) with\n"
	"their numbers, titles and places, in the framework's order; then whole\n"
	"documents (front matter, classification, appendices), the register (with\n"
	"class, certificate and register-check changes), evidence records and other\n"
	"files. Each change counts the lines added and removed and shows them ('-'\n"
	"and '+', in order; blank lines aside). A and B are versions (N, vN,\n"
	"approved/vN) or git revisions, or bundle files from 'sakra bundle': a\n"
	"bundle is verified as 'sakra verify' does (its approvers' keys pinned with\n"
	"--key or --keyring, by default the keyring in the configuration folder)\n"
	"and must be an approved version; two bundles must be of one organisation.\n"
	"No repository is needed to compare two bundles; files an edition withheld\n"
	"are listed and not compared."),
	opts,
	N_("Exit status: 0 compared, 1 a bundle does not verify as an approved version\n"
	"or the two are of different organisations, 2 usage or environment error.")
};

int cmd_diff(struct cli *cli, int argc, char **argv)
{
	struct cli_bundle_keys keys;
	struct sakra_repo *repo = NULL;
	struct sakra_versions *vs = NULL;
	struct sakra_diff *d = NULL;
	struct side a, b;
	struct sakra_error err;
	const char *what[2];
	int opt, json = 0, stat = 0, status = EXIT_USAGE;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&keys, 0, sizeof(keys));
	while ((opt = cli_getopt(cli, &cli_spec_diff, argc, argv)) != CLI_END) {
		int k;

		if ((k = cli_bundle_keys_option(cli, &keys, opt, optarg)) < 0)
			goto out;
		if (k)
			continue;
		switch (opt) {
		case OPT_FORMAT:
			if ((json = cli_format_json("diff", optarg)) < 0)
				goto out;
			break;
		case OPT_STAT: stat = 1; break;
		default: status = cli->status; goto out;   /* CLI_STOP */
		}
	}
	if (optind >= argc || argc - optind > 2) {
		cli_usage_error("diff", "give A, and B unless it is the working tree");
		goto out;
	}
	what[0] = argv[optind];
	what[1] = optind + 1 < argc ? argv[optind + 1] : NULL;
	if ((is_bundle(what[0]) || is_bundle(what[1])) && !what[1]) {
		cli_usage_error("diff", "give the bundle to compare %s with: the working tree is "
				"not an approved version", cli_safe(what[0]));
		goto out;
	}
	sakra_error_clear(&err);
	/* a repository only for what is not a bundle: a supervisor has none */
	if ((!is_bundle(what[0]) || !is_bundle(what[1])) &&
	    (sakra_repo_open(&repo, cli->dir, &err) < 0 ||
	     sakra_versions_load_remembered(&vs, repo, &err) < 0)) {
		cli_error(&err);
		goto out;
	}
	for (int i = 0; i < 2; i++) {
		struct side *s = i ? &b : &a;

		if (is_bundle(what[i]))
			status = open_bundle(s, what[i], &keys);
		else
			status = open_side(s, repo, vs, what[i]) < 0 ? EXIT_USAGE : EXIT_OK;
		if (status != EXIT_OK)
			goto out;
	}
	status = EXIT_USAGE;
	if ((a.bundle || b.bundle) && strcmp(business_id(&a), business_id(&b)) != 0) {
		cli_errorf("%s is of business id %s and %s of %s: diff compares versions of one "
			   "organisation", a.label, *business_id(&a) ? business_id(&a) : "(none)",
			   b.label, *business_id(&b) ? business_id(&b) : "(none)");
		status = EXIT_FINDINGS;
		goto out;
	}
	if (sakra_diff_plans(&d, a.plan, b.plan, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if ((json ? print_json(d, &a, &b) : print_text(d, &a, &b, stat)) < 0) {
		cli_errorf("out of memory");
		goto out;
	}
	status = EXIT_OK;
out:
	sakra_diff_free(d);
	close_side(&a);
	close_side(&b);
	cli_bundle_keys_clear(&keys);
	sakra_versions_free(vs);
	sakra_repo_free(repo);
	return status;
}
