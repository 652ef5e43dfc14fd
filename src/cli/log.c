/* sakra log: the approved versions, newest first — who approved them with
 * which role and when, the decision, and the files changed since the
 * approved version before (from the two manifests). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sakra/approval.h"
#include "sakra/manifest.h"

static const char log_help[] =
	"usage: sakra log [-n N] [--format text|json]\n\n"
	"Lists the approved versions (approved/vN tags), newest first: version, the\n"
	"date it was approved, commit, approvers with roles and dates, the decision,\n"
	"and the files added (+), changed (~) and removed (-) since the approved\n"
	"version before it. Versions still missing a required role, or whose\n"
	"signatures do not count, are listed and marked as such.\n\n"
	"  -n N             the newest N versions only\n"
	"  --format F       text (default) or json\n";

enum { OPT_FORMAT = OPT_FIRST_COMMAND };

struct entry {
	const struct sakra_version *v;
	const struct entry *base;           /* the approved version before, or NULL */
	struct sakra_manifest *m;
	char date[11];                      /* when it became approved, or "" */
};

struct change_list {
	struct sakra_buf *b;
	int json, count;
};

static int put_change(void *ctx, enum sakra_change change, const char *path)
{
	struct change_list *c = ctx;
	static const char *const word[] = { "added", "removed", "changed" };
	int rc = 0;

	if (c->json) {
		rc |= sakra_buf_printf(c->b, "%s{ \"change\": \"%s\", \"path\": ",
				       c->count ? ", " : "", word[change]);
		rc |= cli_json_str(c->b, path);
		rc |= sakra_buf_puts(c->b, " }");
	} else {
		rc |= sakra_buf_printf(c->b, "    %c %s\n", "+-~"[change], path);
	}
	c->count++;
	return rc ? SAKRA_ENOMEM : 0;
}

static int put_changes(struct sakra_buf *b, const struct entry *e, int json)
{
	struct sakra_buf list = SAKRA_BUF_INIT;
	struct change_list c = { &list, json, 0 };
	int rc;

	if (!e->m)
		return json ? sakra_buf_puts(b, "null") : 0;
	rc = sakra_manifest_compare(e->base ? e->base->m : NULL, e->m, put_change, &c);
	if (rc == 0 && json) {
		rc |= sakra_buf_puts(b, "[");
		rc |= sakra_buf_puts(b, sakra_buf_cstr(&list));
		rc |= sakra_buf_puts(b, "]");
	} else if (rc == 0) {
		if (!e->base)
			rc |= sakra_buf_printf(b, "  the first approved version: %zu file%s\n", e->m->n,
					       e->m->n == 1 ? "" : "s");
		else if (!c.count)
			rc |= sakra_buf_printf(b, "  no files changed since version %ld\n",
					       e->base->v->number);
		else
			rc |= sakra_buf_printf(b, "  %d file%s changed since version %ld:\n%s", c.count,
					       c.count == 1 ? "" : "s", e->base->v->number,
					       sakra_buf_cstr(&list));
	}
	sakra_buf_free(&list);
	return rc ? SAKRA_ENOMEM : 0;
}

static int text_entry(struct sakra_buf *b, const struct entry *e)
{
	const struct sakra_version *v = e->v;
	int rc = 0;

	rc |= sakra_buf_printf(b, "version %ld  %s  commit %.12s  %s\n", v->number,
			       e->date[0] ? e->date : "----------", v->commit,
			       v->error ? "CANNOT BE READ" : v->approved ? "approved" : "NOT approved");
	if (v->error)
		return rc | sakra_buf_printf(b, "  %s\n\n", v->error);
	for (size_t i = 0; i < v->nsigs; i++) {
		const struct sakra_signature *s = &v->sigs[i];

		if (s->broken)
			rc |= sakra_buf_printf(b, "  signature by key %s: %s\n",
					       s->sig.id[0] ? s->sig.id : "?", s->why);
		else
			rc |= sakra_buf_printf(b, "  %s (%s) %s%s%s%s%s\n", s->claim.approver,
					       s->claim.role, s->claim.date,
					       s->claim.decision ? ": " : "",
					       s->claim.decision ? s->claim.decision : "",
					       s->counts ? "" : " — does not count: ",
					       s->counts ? "" : s->why);
	}
	if (!v->approved)
		rc |= sakra_buf_printf(b, "  missing: %s\n", v->missing);
	rc |= put_changes(b, e, 0);
	rc |= sakra_buf_puts(b, "\n");
	return rc;
}

static int json_entry(struct sakra_buf *b, const struct entry *e)
{
	const struct sakra_version *v = e->v;
	int rc = 0;

	rc |= sakra_buf_printf(b, "    { \"version\": %ld, \"tag\": ", v->number);
	rc |= cli_json_str(b, v->tag);
	rc |= sakra_buf_printf(b, ", \"commit\": \"%s\", \"approved\": %s, \"date\": ", v->commit,
			       v->approved ? "true" : "false");
	rc |= cli_json_str(b, e->date[0] ? e->date : NULL);
	rc |= sakra_buf_puts(b, ",\n      \"error\": ");
	rc |= cli_json_str(b, v->error);
	rc |= sakra_buf_puts(b, ", \"missing\": ");
	rc |= cli_json_str(b, v->approved || v->error ? NULL : v->missing);
	rc |= sakra_buf_puts(b, ",\n      \"signatures\": [");
	for (size_t i = 0; i < v->nsigs; i++) {
		const struct sakra_signature *s = &v->sigs[i];

		rc |= sakra_buf_puts(b, i ? ",\n        { \"key\": " : "\n        { \"key\": ");
		rc |= cli_json_str(b, s->sig.id[0] ? s->sig.id : NULL);
		rc |= sakra_buf_puts(b, ", \"approver\": ");
		rc |= cli_json_str(b, s->broken ? NULL : s->claim.approver);
		rc |= sakra_buf_puts(b, ", \"role\": ");
		rc |= cli_json_str(b, s->broken ? NULL : s->claim.role);
		rc |= sakra_buf_puts(b, ", \"date\": ");
		rc |= cli_json_str(b, s->broken ? NULL : s->claim.date);
		rc |= sakra_buf_puts(b, ", \"decision\": ");
		rc |= cli_json_str(b, s->broken ? NULL : s->claim.decision);
		rc |= sakra_buf_printf(b, ", \"counts\": %s, \"why\": ", s->counts ? "true" : "false");
		rc |= cli_json_str(b, s->counts ? NULL : s->why);
		rc |= sakra_buf_puts(b, " }");
	}
	rc |= sakra_buf_puts(b, v->nsigs ? " ],\n      \"since\": " : "],\n      \"since\": ");
	if (e->base)
		rc |= sakra_buf_printf(b, "%ld", e->base->v->number);
	else
		rc |= sakra_buf_puts(b, "null");
	rc |= sakra_buf_puts(b, ", \"changes\": ");
	rc |= put_changes(b, e, 1);
	rc |= sakra_buf_puts(b, " }");
	return rc;
}

int cmd_log(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct sakra_repo *repo = NULL;
	struct sakra_versions *vs = NULL;
	struct entry *entries = NULL;
	struct sakra_buf out = SAKRA_BUF_INIT;
	struct sakra_error err;
	long limit = -1;
	int opt, json = 0, rc = 0, status = EXIT_USAGE;

	while ((opt = getopt_long(argc, argv, "C:n:", opts, NULL)) != -1) {
		if (cli_common(cli, opt, optarg))
			continue;
		switch (opt) {
		case 'n': {
			char *end;

			limit = strtol(optarg, &end, 10);
			if (*end || end == optarg || limit < 0)
				return cli_usage_error("log", "-n takes a number");
			break;
		}
		case OPT_FORMAT:
			if ((json = cli_format_json("log", optarg)) < 0)
				return EXIT_USAGE;
			break;
		case OPT_HELP: fputs(log_help, stdout); return EXIT_OK;
		default: return cli_usage_error("log", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("log", "unexpected argument '%s'", argv[optind]);
	sakra_error_clear(&err);
	if (sakra_repo_open(&repo, cli->dir, &err) < 0 ||
	    sakra_versions_load(&vs, repo, NULL, 0, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (vs->n && !(entries = calloc(vs->n, sizeof(*entries)))) {
		cli_errorf("out of memory");
		goto out;
	}
	for (size_t i = 0; i < vs->n; i++) {
		struct entry *e = &entries[i];

		e->v = &vs->v[i];
		sakra_version_date(e->v, e->date);
		if (!e->v->error && e->v->manifest &&
		    sakra_manifest_parse(&e->m, e->v->tag, e->v->manifest, e->v->manifest_len,
					 &err) < 0) {
			cli_error(&err);
			goto out;
		}
		for (size_t k = i; k-- > 0 && !e->base;)
			if (entries[k].v->approved && entries[k].m)
				e->base = &entries[k];
	}
	if (json)
		rc |= sakra_buf_puts(&out, "{\n  \"tool\": \"sakra\",\n  \"format\": 1,\n"
				     "  \"versions\": [");
	for (size_t i = vs->n, shown = 0; i-- > 0 && (limit < 0 || (long)shown < limit); shown++) {
		if (json) {
			rc |= sakra_buf_puts(&out, shown ? ",\n" : "\n");
			rc |= json_entry(&out, &entries[i]);
		} else {
			rc |= text_entry(&out, &entries[i]);
		}
	}
	if (json)
		rc |= sakra_buf_puts(&out, vs->n && limit ? "\n  ]\n}\n" : "]\n}\n");
	else if (!vs->n && !cli->quiet)
		rc |= sakra_buf_puts(&out, "no approved versions yet ('sakra approve' makes one)\n");
	if (rc) {
		cli_errorf("out of memory");
		goto out;
	}
	if (json)
		fwrite(sakra_buf_cstr(&out), 1, out.len, stdout);
	else
		cli_write_text(stdout, sakra_buf_cstr(&out), out.len);
	status = EXIT_OK;
out:
	for (size_t i = 0; entries && i < vs->n; i++)
		sakra_manifest_free(entries[i].m);
	free(entries);
	sakra_buf_free(&out);
	sakra_versions_free(vs);
	sakra_repo_free(repo);
	return status;
}
