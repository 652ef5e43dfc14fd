/* sakra diff: what changed between two versions or revisions (or one and
 * the working tree), by framework section, then documents, the register,
 * evidence and other files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sakra/json.h"
#include "sakra/approval.h"
#include "sakra/diff.h"

static const char diff_help[] =
	"usage: sakra diff A [B] [--format text|json] [--stat]\n\n"
	"Shows what changed from A to B (default: the working tree), in the plan's\n"
	"own terms: numbered sections added (+), removed (-) and changed (~) with\n"
	"their numbers, titles and places, in the framework's order; then whole\n"
	"documents (front matter, classification, appendices), the register,\n"
	"evidence records and other files. Each change counts the lines added and\n"
	"removed and shows them ('-' and '+', in order; blank lines aside). A and B\n"
	"are versions (N, vN, approved/vN) or git revisions.\n\n"
	"  --format F       text (default) or json\n"
	"  --stat           the changes and their counts, without the lines\n";

enum { OPT_FORMAT = OPT_FIRST_COMMAND, OPT_STAT };

struct side {
	struct sakra_tree *tree;
	struct sakra_plan *plan;
	struct sakra_diags diags;
	const struct sakra_version *version;
	char label[160];
};

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
		snprintf(s->label, sizeof(s->label), "the working tree");
	else if (s->version)
		snprintf(s->label, sizeof(s->label), "version %ld (%.12s)", s->version->number,
			 s->tree->commit);
	else
		snprintf(s->label, sizeof(s->label), "%.100s (%.12s)", what, s->tree->commit);
	return 0;
}

static void close_side(struct side *s)
{
	sakra_plan_free(s->plan);
	sakra_tree_free(s->tree);
	sakra_diags_free(&s->diags);
}

static const char *const group_names[SAKRA_DIFF_GROUPS] = {
	"Sections", "Documents", "Register", "Evidence", "Other files"
};
static const char *const group_ids[SAKRA_DIFF_GROUPS] = {
	"section", "document", "system", "evidence", "file"
};
static const char *const change_ids[] = { "added", "removed", "changed" };

static int print_text(const struct sakra_diff *d, const struct side *a, const struct side *b,
		      int stat)
{
	struct sakra_buf o = SAKRA_BUF_INIT;
	size_t count[SAKRA_DIFF_GROUPS] = { 0 };
	int rc = 0, group = -1;

	rc |= sakra_buf_printf(&o, "Changes from %s to %s\n", a->label, b->label);
	for (size_t i = 0; i < d->n; i++) {
		const struct sakra_diff_item *it = &d->items[i];

		count[it->group]++;
		if ((int)it->group != group) {
			group = (int)it->group;
			rc |= sakra_buf_printf(&o, "\n%s\n", group_names[group]);
		}
		rc |= sakra_buf_printf(&o, "  %c ", "+-~"[it->change]);
		if (it->group == SAKRA_DIFF_SECTION)
			rc |= sakra_buf_printf(&o, "%s %s  %s:%zu", it->number,
					       it->title ? it->title : "", it->path, it->line);
		else
			rc |= sakra_buf_printf(&o, "%s%s%s", it->path, it->title ? "  " : "",
					       it->title ? it->title : "");
		if (it->moved_from)
			rc |= sakra_buf_printf(&o, "  moved from %s", it->moved_from);
		if (it->detail)
			rc |= sakra_buf_printf(&o, "  %s", it->detail);
		if (it->added || it->removed)
			rc |= sakra_buf_printf(&o, "  +%zu -%zu", it->added, it->removed);
		rc |= sakra_buf_putc(&o, '\n');
		/* the lines themselves, unless --stat */
		for (size_t k = 0; !stat && k < it->nlines; k++)
			rc |= sakra_buf_printf(&o, "      %c %s\n", it->lines[k].op, it->lines[k].text);
	}
	if (!d->n) {
		rc |= sakra_buf_puts(&o, "\nNo changes.\n");
	} else {
		static const char *const one[] = { "section", "document", "register entry",
						   "evidence record", "other file" };
		static const char *const many[] = { "sections", "documents", "register entries",
						    "evidence records", "other files" };
		int k = 0, groups = 0;

		for (int g = 0; g < SAKRA_DIFF_GROUPS; g++)
			groups += count[g] > 0;
		rc |= sakra_buf_putc(&o, '\n');
		for (int g = 0; g < SAKRA_DIFF_GROUPS; g++)
			if (count[g]) {
				k++;
				rc |= sakra_buf_printf(&o, "%s%zu %s", k == 1 ? "" : k == groups ?
						       " and " : ", ", count[g],
						       count[g] == 1 ? one[g] : many[g]);
			}
		rc |= sakra_buf_puts(&o, " changed.\n");
	}
	if (rc == 0)
		cli_write_text(stdout, o.ptr, o.len);
	sakra_buf_free(&o);
	return rc ? -1 : 0;
}

static json_t *json_side(const struct side *s)
{
	return json_pack("{s:o,s:o,s:o}", "label", sakra_json_text(s->label), "commit",
			 sakra_json_text(s->tree->from_rev ? s->tree->commit : NULL), "version",
			 s->version ? json_integer(s->version->number) : json_null());
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
	return sakra_json_write(stdout, root);
}

const struct option cli_opts_diff[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "stat", no_argument, NULL, OPT_STAT },
	CLI_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

int cmd_diff(struct cli *cli, int argc, char **argv)
{
	const struct option *opts = cli_opts_diff;
	struct sakra_repo *repo = NULL;
	struct sakra_versions *vs = NULL;
	struct sakra_diff *d = NULL;
	struct side a, b;
	struct sakra_error err;
	int opt, json = 0, stat = 0, status = EXIT_USAGE;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	while ((opt = getopt_long(argc, argv, "C:", opts, NULL)) != -1) {
		if (cli_common(cli, opt, optarg))
			continue;
		switch (opt) {
		case OPT_FORMAT:
			if ((json = cli_format_json("diff", optarg)) < 0)
				return EXIT_USAGE;
			break;
		case OPT_STAT: stat = 1; break;
		case OPT_HELP: fputs(diff_help, stdout); return EXIT_OK;
		default: return cli_unknown_option("diff", argv[optind - 1]);
		}
	}
	if (optind >= argc || argc - optind > 2)
		return cli_usage_error("diff", "give A, and B unless it is the working tree");
	sakra_error_clear(&err);
	if (sakra_repo_open(&repo, cli->dir, &err) < 0 ||
	    sakra_versions_load_remembered(&vs, repo, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (open_side(&a, repo, vs, argv[optind]) < 0 ||
	    open_side(&b, repo, vs, optind + 1 < argc ? argv[optind + 1] : NULL) < 0)
		goto out;
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
	sakra_versions_free(vs);
	sakra_repo_free(repo);
	return status;
}
