/* sakra status: one screen before a review — chapters, register,
 * obligations, findings — as text or JSON (with the compliance matrix). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sakra/json.h"
#include "sakra/buf.h"
#include "sakra/approval.h"
#include "sakra/followup.h"
#include "sakra/date.h"
#include "sakra/text.h"


enum { OPT_REV = OPT_FIRST_COMMAND, OPT_FORMAT, OPT_TODAY };

struct report {
	const struct cli_plan *p;
	struct sakra_date today;
	struct sakra_chapter *chapters;
	size_t nchapters;
	struct sakra_matrix *matrix;
	const struct sakra_version *approved;   /* the newest approved version, or NULL */
};

/* --- text ------------------------------------------------------------------- */

static const char *paint(const struct cli *cli, const char *code)
{
	return cli->color ? code : "";
}

#define RED "\033[1;31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define BOLD "\033[1m"
#define OFF "\033[0m"

/* Prints s padded with spaces to width columns (code points, not bytes). */
static void pad(const char *s, size_t width)
{
	size_t n = sakra_utf8_count(s, strlen(s));

	fputs(cli_safe(s), stdout);
	while (n++ < width)
		putchar(' ');
}

static void days_text(long days, char *out, size_t size)
{
	if (days < 0)
		snprintf(out, size, sakra_trn("%ld day ago", "%ld days ago",
					      (unsigned long)-days), -days);
	else if (days == 0)
		snprintf(out, size, "%s", _("today"));
	else
		snprintf(out, size, sakra_trn("in %ld day", "in %ld days",
					      (unsigned long)days), days);
}

/* Whether framework section s belongs to chapter ch ("4", "4.2", "4.2.1"). */
static int in_chapter(const struct sakra_fw_section *s, const struct sakra_fw_section *ch)
{
	size_t n = strlen(ch->number);

	return strncmp(s->number, ch->number, n) == 0 && (!s->number[n] || s->number[n] == '.');
}

/* Whether framework section k answers that it does not apply: the matrix
 * found it out once for every section. */
static int not_applicable(const struct report *r, size_t k)
{
	return k < r->matrix->n && r->matrix->reqs[k].not_applicable;
}

static void print_chapters(const struct cli *cli, const struct report *r)
{
	const struct sakra_plan *plan = r->p->plan;
	const struct sakra_framework *fw = plan->fw;
	const char *lang = plan->config->language;

	printf("\n%s%s%s\n", paint(cli, BOLD), _("Chapters"), paint(cli, OFF));
	for (size_t i = 0; i < r->nchapters; i++) {
		const struct sakra_chapter *c = &r->chapters[i];
		/* TRANSLATORS: a chapter's state, padded to 11 columns */
		const char *state = !c->where->doc ? _("missing") : c->complete ? _("complete") :
				    _("incomplete");
		size_t na;

		printf("  %s", paint(cli, c->complete ? GREEN : RED));
		pad(state, 11);
		printf("%s %-3s ", paint(cli, OFF), c->section->number);
		fputs(cli_safe(sakra_i18n_get(&c->section->title, lang)), stdout);
		if (!c->complete && c->where->doc) {
			printf(" (");
			if (c->errors)
				printf(sakra_trn("%zu error", "%zu errors", c->errors),
				       c->errors);
			if (c->placeholders) {
				fputs(c->errors ? ", " : "", stdout);
				printf(sakra_trn("%zu placeholder", "%zu placeholders",
						 c->placeholders), c->placeholders);
			}
			if (c->missing) {
				fputs(c->errors || c->placeholders ? ", " : "", stdout);
				printf(sakra_trn("%zu section missing",
						 "%zu sections missing", c->missing), c->missing);
			}
			printf(")");
		}
		na = 0;
		for (size_t k = 0; k < fw->nsections; k++)
			if (in_chapter(&fw->sections[k], c->section) && not_applicable(r, k))
				printf("%s%s", na++ ? ", " : _(" (not applicable: "),
				       fw->sections[k].number);
		printf("%s\n", na ? ")" : "");
	}
}

static void print_register(const struct cli *cli, const struct report *r)
{
	const struct sakra_plan *plan = r->p->plan;
	size_t width = 6;
	int certificates = 0;

	printf("\n%s%s%s (", paint(cli, BOLD), _("Register"), paint(cli, OFF));
	printf(sakra_trn("%zu system", "%zu systems", plan->nsystems),
	       plan->nsystems);
	puts(")");
	if (!plan->nsystems) {
		printf("  %s\n", _("no systems under systems/"));
		return;
	}
	for (size_t i = 0; i < plan->nsystems; i++) {
		size_t n = sakra_utf8_count(plan->systems[i].name, strlen(plan->systems[i].name));

		width = n > width ? n : width;
	}
	width = width > 40 ? 40 : width;
	/* certificates are only worth a word where the framework has them */
	for (size_t c = 0; plan->fw && c < plan->fw->nclasses; c++)
		certificates |= plan->fw->classes[c].certificate;
	for (size_t i = 0; i < plan->nsystems; i++) {
		const struct sakra_system *s = &plan->systems[i];
		const struct sakra_date_value *ce = &s->certificate_expires;

		int more = ce->valid || (s->cls && s->cls->certificate) || certificates ||
			   s->register_checked.valid;

		printf("  ");
		pad(s->name, width);
		printf(more ? "  %-6s " : "  %s", s->class_id ? cli_safe(s->class_id) : "?");
		if (ce->valid) {
			long left = sakra_date_days(&ce->date) - sakra_date_days(&r->today);
			char d[11], rel[48];

			sakra_date_format(&ce->date, d);
			days_text(left, rel, sizeof(rel));
			fputs(paint(cli, left < 0 ? RED : left <= 90 ? YELLOW : ""), stdout);
			printf(left < 0 ? _("certificate expired %s (%s)") :
			       _("certificate valid until %s (%s)"), d, rel);
			fputs(paint(cli, OFF), stdout);
		} else if ((s->cls && s->cls->certificate) || s->wellbeing > 0) {
			printf("%s%s%s", paint(cli, RED), _("certificate missing"), paint(cli, OFF));
		} else if (certificates) {
			fputs(_("no certificate needed"), stdout);
		}
		if (s->register_checked.valid) {
			char d[11];

			sakra_date_format(&s->register_checked.date, d);
			fputs(ce->valid || certificates ? ", " : "", stdout);
			printf(_("register checked %s"), d);
		}
		putchar('\n');
	}
}

/* The information register, when the framework has one: each asset's name
 * and its levels on the framework's scales. */
static void print_assets(const struct cli *cli, const struct report *r)
{
	const struct sakra_plan *plan = r->p->plan;
	const struct sakra_fw_assets *fa = plan->fw ? &plan->fw->assets : NULL;
	size_t width = 6;

	if (!fa || !fa->key)
		return;
	printf("\n%s%s%s (%zu)\n", paint(cli, BOLD), sakra_i18n_get(&fa->title, plan->config->language),
	       paint(cli, OFF), plan->nassets);
	if (!plan->nassets) {
		fputs("  ", stdout);
		printf(_("none under systems/ (files with an '%s:' block)"), fa->key);
		putchar('\n');
		return;
	}
	for (size_t i = 0; i < plan->nassets; i++) {
		size_t n = sakra_utf8_count(plan->assets[i].name, strlen(plan->assets[i].name));

		width = n > width ? n : width;
	}
	width = width > 40 ? 40 : width;
	for (size_t i = 0; i < plan->nassets; i++) {
		const struct sakra_asset *a = &plan->assets[i];
		int first = 1;

		printf("  ");
		pad(a->name, width);
		for (size_t k = 0; k < fa->nfields; k++) {
			const char *v;

			if (fa->fields[k].type != SAKRA_FW_SCALE)
				continue;
			v = sakra_yaml_str(sakra_yaml_get(a->block, fa->fields[k].id));
			printf("%s%s %s", first ? "  " : ", ",
			       cli_safe(sakra_i18n_get(&fa->fields[k].label, plan->config->language)),
			       v ? cli_safe(v) : "?");
			first = 0;
		}
		putchar('\n');
	}
}

static void print_obligations(const struct cli *cli, const struct report *r)
{
	const struct sakra_matrix *m = r->matrix;
	size_t width = 10;

	printf("\n%s%s%s\n", paint(cli, BOLD), _("Obligations"), paint(cli, OFF));
	if (!m->ndues) {
		printf("  %s\n", _("none declared in sakra.yml"));
		return;
	}
	for (size_t i = 0; i < m->ndues; i++) {
		size_t n = strlen(m->dues[i].ob->id);

		width = n > width ? n : width;
	}
	for (size_t i = 0; i < m->ndues; i++) {
		const struct sakra_due *d = &m->dues[i];
		char every[32], last[11], due[11], rel[48];

		sakra_period_format(&d->ob->every, every, sizeof(every));
		printf("  ");
		pad(d->ob->id, width);
		fputs("  ", stdout);
		printf(_("every %-10s "), every);
		sakra_date_format(&d->due, due);
		days_text(d->days_left, rel, sizeof(rel));
		if (!d->last && !d->ob->has_since) {
			printf("%s%s%s\n", paint(cli, RED), _("no evidence yet: overdue"),
			       paint(cli, OFF));
			continue;
		}
		if (!d->last)
			printf(_("no evidence yet, first due %s "), due);
		else {
			sakra_date_format(&d->last->date.date, last);
			printf(_("last %s, due %s "), last, due);
		}
		fputs(paint(cli, d->overdue ? RED : ""), stdout);
		if (d->overdue)
			printf(_("(overdue, %s)"), rel);
		else
			printf("(%s)", rel);
		printf("%s\n", paint(cli, OFF));
	}
}

static void print_text(const struct cli *cli, const struct report *r)
{
	const struct sakra_plan *plan = r->p->plan;
	const struct sakra_diags *d = &r->p->diags;
	size_t errors = sakra_diags_count(d, SAKRA_ERROR);
	size_t warnings = sakra_diags_count(d, SAKRA_WARNING);
	char today[11];

	sakra_date_format(&r->today, today);
	printf("%s%s%s: %s, ", paint(cli, BOLD), plan->config->org_name ?
	       cli_safe(plan->config->org_name) : _("(no organisation name)"), paint(cli, OFF),
	       plan->fw->id);
	if (r->p->tree->from_rev)
		printf(_("commit %.12s"), r->p->tree->commit);
	else
		fputs(_("working tree"), stdout);
	printf(", %s\n", today);
	if (r->approved) {
		const struct sakra_version *v = r->approved;

		printf(_("Last approved: version %ld, commit %.12s, by"), v->number, v->commit);
		for (size_t i = 0, k = 0; i < v->nsigs; i++)
			if (v->sigs[i].counts)
				printf("%s %s (%s, %s)", k++ ? "," : "",
				       cli_safe(v->sigs[i].claim.approver),
				       cli_safe(sakra_version_role_title(v, v->sigs[i].claim.role)),
				       cli_safe(v->sigs[i].claim.date));
		putchar('\n');
	} else {
		printf("%s\n", _("Last approved: none yet"));
	}
	print_chapters(cli, r);
	print_register(cli, r);
	print_assets(cli, r);
	print_obligations(cli, r);
	printf("\n%s", paint(cli, errors ? RED : GREEN));
	printf(sakra_trn("%zu error", "%zu errors", errors), errors);
	fputs(", ", stdout);
	printf(sakra_trn("%zu warning", "%zu warnings", warnings), warnings);
	printf("%s%s\n", paint(cli, OFF), errors || warnings ? _(" ('sakra check' lists them)") : "");
}

/* --- JSON ------------------------------------------------------------------- */

static json_t *jdate(const struct sakra_date *d)
{
	char s[11];

	if (!d)
		return json_null();
	sakra_date_format(d, s);
	return json_string(s);
}

static json_t *json_chapters(const struct report *r, const char *lang)
{
	const struct sakra_plan *plan = r->p->plan;
	json_t *list = json_array();

	for (size_t i = 0; i < r->nchapters; i++) {
		const struct sakra_chapter *c = &r->chapters[i];
		json_t *o = json_object(), *na = json_array();

		sakra_json_set(o, "number", sakra_json_text(c->section->number));
		sakra_json_set(o, "title", sakra_json_text(sakra_i18n_get(&c->section->title, lang)));
		sakra_json_set(o, "path", sakra_json_text(c->where->doc ? c->where->doc->path : NULL));
		sakra_json_set(o, "line", json_integer((json_int_t)c->where->line));
		sakra_json_set(o, "state", json_string(!c->where->doc ? "missing" : c->complete ?
						       "complete" : "incomplete"));
		sakra_json_set(o, "errors", json_integer((json_int_t)c->errors));
		sakra_json_set(o, "warnings", json_integer((json_int_t)c->warnings));
		sakra_json_set(o, "placeholders", json_integer((json_int_t)c->placeholders));
		sakra_json_set(o, "missing_sections", json_integer((json_int_t)c->missing));
		for (size_t k = 0; k < plan->fw->nsections; k++)
			if (in_chapter(&plan->fw->sections[k], c->section) && not_applicable(r, k))
				sakra_json_push(na, sakra_json_text(plan->fw->sections[k].number));
		sakra_json_set(o, "not_applicable", na);
		sakra_json_push(list, o);
	}
	return list;
}

static json_t *json_systems(const struct report *r)
{
	const struct sakra_plan *plan = r->p->plan;
	json_t *list = json_array();

	for (size_t i = 0; i < plan->nsystems; i++) {
		const struct sakra_system *s = &plan->systems[i];
		const struct sakra_date_value *ce = &s->certificate_expires;
		json_t *o = json_object();

		sakra_json_set(o, "name", sakra_json_text(s->name));
		sakra_json_set(o, "path", sakra_json_text(s->doc->path));
		sakra_json_set(o, "class", sakra_json_text(s->class_id));
		sakra_json_set(o, "certificate_expires", jdate(ce->valid ? &ce->date : NULL));
		sakra_json_set(o, "days_left", ce->valid ? json_integer(sakra_date_days(&ce->date) -
									sakra_date_days(&r->today))
			       : json_null());
		sakra_json_set(o, "register_checked", jdate(s->register_checked.valid ?
							    &s->register_checked.date : NULL));
		sakra_json_push(list, o);
	}
	return list;
}

static json_t *json_obligations(const struct report *r)
{
	const struct sakra_matrix *m = r->matrix;
	json_t *list = json_array();

	for (size_t i = 0; i < m->ndues; i++) {
		const struct sakra_due *d = &m->dues[i];
		json_t *o = json_object(), *covers = json_array();
		char every[32];

		sakra_period_format(&d->ob->every, every, sizeof(every));
		sakra_json_set(o, "id", sakra_json_text(d->ob->id));
		sakra_json_set(o, "every", json_string(every));
		for (size_t k = 0; k < d->ob->ncovers; k++)
			sakra_json_push(covers, sakra_json_text(d->ob->covers[k]));
		sakra_json_set(o, "covers", covers);
		sakra_json_set(o, "last", jdate(d->last ? &d->last->date.date : NULL));
		sakra_json_set(o, "last_path", sakra_json_text(d->last ? d->last->doc->path : NULL));
		sakra_json_set(o, "due", jdate(&d->due));
		sakra_json_set(o, "days_left", json_integer(d->days_left));
		sakra_json_set(o, "overdue", json_boolean(d->overdue));
		sakra_json_push(list, o);
	}
	return list;
}

static json_t *json_matrix(const struct report *r, const char *lang)
{
	const struct sakra_matrix *m = r->matrix;
	json_t *list = json_array();

	for (size_t i = 0; i < m->n; i++) {
		const struct sakra_requirement *q = &m->reqs[i];
		json_t *o = json_object(), *clauses = json_array(), *systems = json_array();
		json_t *evidence = json_array();

		sakra_json_set(o, "section", sakra_json_text(q->section->number));
		sakra_json_set(o, "title", sakra_json_text(sakra_i18n_get(&q->section->title, lang)));
		for (size_t k = 0; k < q->section->nclauses; k++)
			sakra_json_push(clauses, sakra_json_text(q->section->clauses[k]));
		sakra_json_set(o, "clauses", clauses);
		sakra_json_set(o, "required", json_boolean(q->required));
		sakra_json_set(o, "not_applicable", json_boolean(q->not_applicable != 0));
		sakra_json_set(o, "path", sakra_json_text(q->where->doc ? q->where->doc->path : NULL));
		sakra_json_set(o, "line", json_integer((json_int_t)q->where->line));
		for (size_t k = 0; k < q->nsystems; k++)
			sakra_json_push(systems, sakra_json_text(q->systems[k]->doc->path));
		sakra_json_set(o, "systems", systems);
		for (size_t k = 0; k < q->nevidence; k++) {
			const struct sakra_evidence *e = q->evidence[k];

			sakra_json_push(evidence, json_pack("{s:o,s:o,s:o}", "path",
							    sakra_json_text(e->doc->path), "type",
							    sakra_json_text(e->type), "date",
							    jdate(e->date.valid ? &e->date.date : NULL)));
		}
		sakra_json_set(o, "evidence", evidence);
		sakra_json_set(o, "newest", jdate(q->newest ? &q->newest->date.date : NULL));
		sakra_json_set(o, "overdue", sakra_json_text(q->overdue ? q->overdue->ob->id : NULL));
		sakra_json_push(list, o);
	}
	return list;
}

/* The information register, where the framework has one: each asset with
 * every field the framework declares for it, as written (null if absent). */
static json_t *json_assets(const struct report *r)
{
	const struct sakra_plan *plan = r->p->plan;
	const struct sakra_fw_assets *fa = &plan->fw->assets;
	json_t *list = json_array();

	for (size_t i = 0; i < plan->nassets; i++) {
		const struct sakra_asset *a = &plan->assets[i];
		json_t *o = json_object(), *fields = json_object();

		sakra_json_set(o, "name", sakra_json_text(a->name));
		sakra_json_set(o, "path", sakra_json_text(a->doc->path));
		for (size_t k = 0; k < fa->nfields; k++) {
			const struct sakra_yaml *v = sakra_yaml_get(a->block, fa->fields[k].id);

			if (v && v->type == SAKRA_YAML_SEQ) {
				json_t *items = json_array();

				for (size_t j = 0; j < sakra_yaml_count(v); j++)
					sakra_json_push(items, sakra_json_text(sakra_yaml_str(
						sakra_yaml_item(v, j))));
				sakra_json_set(fields, fa->fields[k].id, items);
			} else {
				sakra_json_set(fields, fa->fields[k].id, sakra_json_text(sakra_yaml_str(v)));
			}
		}
		sakra_json_set(o, "fields", fields);
		sakra_json_push(list, o);
	}
	return list;
}

static int print_json(const struct report *r)
{
	const struct sakra_plan *plan = r->p->plan;
	const char *lang = plan->config->language;
	json_t *root = json_object();

	sakra_json_set(root, "tool", json_string("sakra"));
	sakra_json_set(root, "version", json_string(SAKRA_VERSION));
	sakra_json_set(root, "format", json_integer(1));
	sakra_json_set(root, "organisation", sakra_json_text(plan->config->org_name));
	sakra_json_set(root, "framework", sakra_json_text(plan->fw->id));
	sakra_json_set(root, "revision", sakra_json_text(r->p->tree->from_rev ?
							 r->p->tree->commit : NULL));
	sakra_json_set(root, "today", jdate(&r->today));
	sakra_json_set(root, "summary", json_pack("{s:I,s:I}", "errors",
						  (json_int_t)sakra_diags_count(&r->p->diags, SAKRA_ERROR),
						  "warnings",
						  (json_int_t)sakra_diags_count(&r->p->diags, SAKRA_WARNING)));
	if (r->approved) {
		const struct sakra_version *v = r->approved;
		json_t *approvers = json_array();

		for (size_t i = 0; i < v->nsigs; i++)
			if (v->sigs[i].counts)
				sakra_json_push(approvers, json_pack("{s:o,s:o,s:o}", "name",
					sakra_json_text(v->sigs[i].claim.approver), "role",
					sakra_json_text(v->sigs[i].claim.role), "date",
					sakra_json_text(v->sigs[i].claim.date)));
		sakra_json_set(root, "approved", json_pack("{s:I,s:s,s:o}", "version",
							   (json_int_t)v->number, "commit", v->commit,
							   "approvers", approvers));
	} else {
		sakra_json_set(root, "approved", json_null());
	}
	sakra_json_set(root, "chapters", json_chapters(r, lang));
	sakra_json_set(root, "systems", json_systems(r));
	sakra_json_set(root, "assets", plan->fw->assets.key ? json_assets(r) : json_null());
	sakra_json_set(root, "obligations", json_obligations(r));
	sakra_json_set(root, "matrix", json_matrix(r, lang));
	return sakra_json_write(stdout, root);
}

static const struct cli_opt opts[] = {
	{ "rev", "REV", OPT_REV,
	  N_("the plan of a commit instead of the working tree"),
	  NULL, CLI_V_REV },
	{ "format", "F", OPT_FORMAT,
	  N_("text (default) or json"),
	  "text json", CLI_V_NONE },
	{ "today", "DATE", OPT_TODAY,
	  N_("the date for due dates (default: SAKRA_TODAY, else today)"),
	  NULL, CLI_V_NONE },
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_status = {
	"status",
	N_("usage: sakra status [--rev REV] [--format text|json] [--today DATE]"),
	N_("Shows the state of the plan: each chapter complete or not (errors,\n"
	"placeholders, missing sections), the information-system register with\n"
	"certificate expiry, every follow-up obligation with its last evidence and\n"
	"next due date, and the number of errors and warnings ('sakra check' lists\n"
	"them), and the last approved version. JSON adds the compliance matrix."),
	opts,
	N_("Exit status: 0 (the report was written), 2 usage or environment error.")
};

int cmd_status(struct cli *cli, int argc, char **argv)
{
	struct sakra_check_options copts;
	struct cli_plan p;
	struct report r;
	struct sakra_versions *vs = NULL;
	struct sakra_error err;
	const char *rev = NULL, *today = NULL;
	int opt, json = 0, status = EXIT_USAGE;

	memset(&copts, 0, sizeof(copts));
	memset(&r, 0, sizeof(r));
	while ((opt = cli_getopt(cli, &cli_spec_status, argc, argv)) != CLI_END) {
		switch (opt) {
		case OPT_REV: rev = optarg; break;
		case OPT_TODAY: today = optarg; break;
		case OPT_FORMAT:
			if ((json = cli_format_json("status", optarg)) < 0)
				return EXIT_USAGE;
			break;
		default: return cli->status;   /* CLI_STOP */
		}
	}
	if (optind < argc)
		return cli_usage_error("status", "unexpected argument '%s'", argv[optind]);
	if (cli_today(today, &copts.today) < 0 || cli_resolve_color(cli, stdout) < 0)
		return EXIT_USAGE;
	if (cli_plan_open(cli, rev, &copts, &p) < 0)
		return EXIT_USAGE;
	r.p = &p;
	r.today = copts.today;
	if (!p.plan->config || !p.plan->fw) {
		cli_errorf("sakra.yml or its framework cannot be read; 'sakra check' says why");
		goto out;
	}
	sakra_error_clear(&err);
	if (sakra_followup_chapters(p.plan, &p.diags, &r.chapters, &r.nchapters, &err) < 0 ||
	    sakra_matrix_build(&r.matrix, p.plan, &r.today, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (sakra_repo_is_git(p.repo)) {
		if (sakra_versions_load_remembered(&vs, p.repo, &err) < 0) {
			cli_error(&err);
			goto out;
		}
		r.approved = sakra_versions_latest(vs);
	}
	if (json) {
		if (print_json(&r) < 0) {
			cli_errorf("cannot write the report");
			goto out;
		}
	} else {
		print_text(cli, &r);
	}
	if (fflush(stdout) != 0) {
		cli_errorf("cannot write the report");
		goto out;
	}
	status = EXIT_OK;
out:
	free(r.chapters);
	sakra_matrix_free(r.matrix);
	sakra_versions_free(vs);
	cli_plan_close(&p);
	return status;
}
