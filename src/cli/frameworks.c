/* sakra frameworks [show ID]: what the built-in frameworks require. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/json.h"
#include "sakra/framework.h"
#include "sakra/date.h"


static const char *const type_names[] = { N_("text"), N_("date"), N_("scale"), N_("list"),
					  N_("systems") };

static const char *sv(const struct sakra_i18n *t)
{
	return sakra_i18n_get(t, "sv");
}

static void text_fields(const struct sakra_fw_field *f, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		printf(_("          field: %s"), sv(&f[k].label));
		if (f[k].type == SAKRA_FW_SCALE)
			printf("  (%s, %ld-%ld)", f[k].id, f[k].min, f[k].max);
		else if (f[k].type != SAKRA_FW_TEXT || f[k].nkeys)
			printf(f[k].deadline ? _("  (%s, a deadline)") : "  (%s)",
			       f[k].nkeys ? _("register keys") : _(type_names[f[k].type]));
		if (f[k].every.count) {
			char every[32];

			sakra_period_format(&f[k].every, every, sizeof(every));
			printf(_("  (due again after %s)"), every);
		}
		if (f[k].added)
			printf("  [requirements.yml]");
		putchar('\n');
	}
}

/* What a plan in another language may call an id ("also: lokitarkastus, ..."). */
static void print_names(const char *label, char *const *names, size_t n)
{
	if (!n)
		return;
	printf(_("  %-22s also: "), label);
	for (size_t k = 0; k < n; k++)
		printf("%s%s", k ? ", " : "", names[k]);
	putchar('\n');
}

/* Which revision fw is, the others sakra has, and what changed from the
 * one before ("revision 2 of msb-region@1, msb-region@2"). */
static void print_revision(const struct sakra_framework *fw, int changes)
{
	int revs[32];
	size_t n = sakra_framework_revisions(fw->id, revs, 32);

	printf(fw->newest ? _("revision %d, the newest (sakra.yml: framework: %s@%d)")
			  : _("revision %d, not the newest (sakra.yml: framework: %s@%d)"),
	       fw->revision, fw->id, fw->revision);
	if (n > 1) {
		printf("%s", _("; revisions:"));
		for (size_t i = 0; i < n; i++)
			printf(" %s@%d", fw->id, revs[i]);
	}
	putchar('\n');
	if (changes && fw->nchanges)
		printf(_("changed from revision %d:\n"), fw->revision - 1);
	for (size_t i = 0; changes && i < fw->nchanges; i++)
		printf(fw->changes[i].op == SAKRA_CHANGE_WORDS ? _("  - %s (by hand)\n")
							       : _("  - %s\n"),
		       sakra_i18n_get(&fw->changes[i].what, sakra_ui_lang()));
}

static void show_text(const struct sakra_framework *fw)
{
	printf(_("%s — %s\n"), fw->id, sv(&fw->title));
	if (fw->source)
		printf(_("source: %s\n"), fw->source);
	print_revision(fw, 1);
	printf(_("lowest classification: %s\n"), fw->floor ? fw->floor : _("none"));
	for (size_t i = 0; i < fw->nadopted; i++) {
		printf("%s", _("adopted by a role of its own:"));
		for (size_t k = 0; k < fw->adopted[i].nsections; k++)
			printf(" %s", fw->adopted[i].sections[k]);
		printf(" (%s)\n", fw->adopted[i].why);
	}
	for (size_t i = 0; i < fw->nmarkings; i++) {
		const struct sakra_fw_marking *m = &fw->markings[i];

		printf(_("marked at least %s: "), m->at_least);
		if (m->field)
			printf(_("an asset rated %s %ld or more"), m->field, m->from);
		for (size_t k = 0; k < m->ncites; k++)
			printf("%s%s", k ? ", " : _("a legal basis citing "), m->cites[k]);
		printf(" (%s)\n", m->why);
	}
	printf("\n");
	for (size_t i = 0; i < fw->nsections; i++) {
		const struct sakra_fw_section *s = &fw->sections[i];

		printf("%-7s %s", s->number, sv(&s->title));
		if (s->nclauses) {
			printf("  [");
			for (size_t k = 0; k < s->nclauses; k++)
				printf("%s%s", k ? ", " : "", s->clauses[k]);
			printf("]");
		}
		if (s->optional)
			printf("%s", _("  (optional)"));
		if (s->added)
			printf("  [requirements.yml]");
		printf("\n");
		text_fields(s->fields, s->nfields);
	}
	for (size_t i = 0; i < fw->nclasses; i++) {
		const struct sakra_fw_class *c = &fw->classes[i];

		printf(c->certificate ? _("\nsystem class %s: listed in %s, described in %s, "
					  "certificate required\n") :
		       _("\nsystem class %s: listed in %s, described in %s\n"), c->id,
		       c->list_section ? c->list_section : "-", c->section ? c->section : "-");
		text_fields(c->fields, c->nfields);
	}
	if (fw->assets.key) {
		if (fw->assets.section)
			printf(_("\ninformation register: %s, files under systems/ with an '%s:' "
				 "block, described in %s\n"), sv(&fw->assets.title), fw->assets.key,
			       fw->assets.section);
		else
			printf(_("\ninformation register: %s, files under systems/ with an '%s:' "
				 "block\n"), sv(&fw->assets.title), fw->assets.key);
		for (size_t k = 0; k < fw->assets.nfields; k++) {
			const struct sakra_fw_field *f = &fw->assets.fields[k];

			printf(f->required ? _("          %s: %s, %s, required") : "          %s: %s, %s",
			       f->id, sv(&f->label), _(type_names[f->type]));
			if (f->type == SAKRA_FW_SCALE)
				printf(", %ld-%ld", f->min, f->max);
			if (f->every.count) {
				char every[32];

				sakra_period_format(&f->every, every, sizeof(every));
				printf(_(", due again after %s"), every);
			}
			printf("%s\n", f->added ? "  [requirements.yml]" : "");
		}
	}
	if (fw->nobligations)
		printf("%s", _("\nobligations\n"));
	for (size_t i = 0; i < fw->nobligations; i++) {
		const struct sakra_fw_obligation *o = &fw->obligations[i];
		char every[32];

		sakra_period_format(&o->every, every, sizeof(every));
		printf(o->chosen ? _("  %-22s e.g.  %-10s covers") : _("  %-22s every %-10s covers"),
		       o->id, every);
		for (size_t k = 0; k < o->ncovers; k++)
			printf(" %s", o->covers[k]);
		printf("  %s%s%s%s\n", sv(&o->title),
		       o->required ? _("  (the plan must promise it)") : "",
		       o->chosen ? _("  (how often: the organisation's choice)") : "",
		       o->added ? "  [requirements.yml]" : "");
		if (o->quote)
			printf(_("  %-22s the source: \"%s\"\n"), "", o->quote);
		print_names("", o->aliases, o->naliases);
	}
	if (fw->nevidence_types) {
		printf("%s", _("\nevidence types:"));
		for (size_t i = 0; i < fw->nevidence_types; i++)
			printf(" %s", fw->evidence_types[i]);
		printf("\n");
	}
	for (size_t i = 0; i < fw->ntype_names; i++) {
		print_names(fw->type_names[i].id, fw->type_names[i].aliases,
			    fw->type_names[i].naliases);
	}
	if (fw->nlevels)
		printf("%s", _("\nclassification levels (a plan's level of one of these ids is the level)\n"));
	for (size_t i = 0; i < fw->nlevels; i++) {
		printf(_("  %-22s %s\n"), fw->levels[i].id, sv(&fw->levels[i].title));
		print_names("", fw->levels[i].aliases, fw->levels[i].naliases);
	}
}

static json_t *json_i18n(const struct sakra_i18n *t)
{
	json_t *o = json_object();

	for (size_t i = 0; i < t->n; i++)
		sakra_json_set(o, t->lang[i], sakra_json_text(t->text[i]));
	return o;
}

static json_t *json_strs(char **v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		sakra_json_push(a, sakra_json_text(v[i]));
	return a;
}

static json_t *json_changes(const struct sakra_framework *fw)
{
	static const char *const ops[] = { "words", "renumber", "insert_section", "move_field",
					   "insert_field" };
	json_t *a = json_array();

	for (size_t i = 0; i < fw->nchanges; i++) {
		const struct sakra_fw_change *c = &fw->changes[i];

		sakra_json_push(a, json_pack("{s:o,s:s}", "what", json_i18n(&c->what), "op",
					     ops[c->op]));
	}
	return a;
}

static json_t *json_revisions(const char *id)
{
	int revs[32];
	size_t n = sakra_framework_revisions(id, revs, 32);
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		sakra_json_push(a, json_integer(revs[i]));
	return a;
}

static json_t *json_names(const struct sakra_fw_names *v, size_t n, int titled)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();

		sakra_json_set(o, "id", sakra_json_text(v[i].id));
		if (titled)
			sakra_json_set(o, "title", json_i18n(&v[i].title));
		sakra_json_set(o, "aliases", json_strs(v[i].aliases, v[i].naliases));
		sakra_json_push(a, o);
	}
	return a;
}

static json_t *json_fields(const struct sakra_fw_field *f, size_t n)
{
	json_t *a = json_array();

	for (size_t k = 0; k < n; k++) {
		json_t *o = json_object();
		char every[32] = "";

		if (f[k].every.count)
			sakra_period_format(&f[k].every, every, sizeof(every));
		sakra_json_set(o, "id", sakra_json_text(f[k].id));
		sakra_json_set(o, "label", json_i18n(&f[k].label));
		sakra_json_set(o, "type", json_string(type_names[f[k].type]));
		sakra_json_set(o, "required", json_boolean(f[k].required));
		sakra_json_set(o, "deadline", json_boolean(f[k].deadline));
		if (f[k].type == SAKRA_FW_SCALE) {
			sakra_json_set(o, "min", json_integer(f[k].min));
			sakra_json_set(o, "max", json_integer(f[k].max));
		}
		sakra_json_set(o, "every", sakra_json_text(every[0] ? every : NULL));
		sakra_json_set(o, "keys", json_strs(f[k].keys, f[k].nkeys));
		sakra_json_set(o, "added", json_boolean(f[k].added));
		sakra_json_push(a, o);
	}
	return a;
}

static json_t *show_json(const struct sakra_framework *fw)
{
	json_t *root = json_object(), *sections = json_array(), *classes = json_array();
	json_t *obligations = json_array(), *markings;

	sakra_json_set(root, "id", sakra_json_text(fw->id));
	sakra_json_set(root, "revision", json_integer(fw->revision));
	sakra_json_set(root, "newest", json_boolean(fw->newest));
	sakra_json_set(root, "revisions", json_revisions(fw->id));
	sakra_json_set(root, "changes", json_changes(fw));
	sakra_json_set(root, "title", json_i18n(&fw->title));
	sakra_json_set(root, "source", sakra_json_text(fw->source));
	sakra_json_set(root, "floor", sakra_json_text(fw->floor));
	markings = json_array();
	for (size_t i = 0; i < fw->nmarkings; i++) {
		const struct sakra_fw_marking *m = &fw->markings[i];
		json_t *o = json_object();

		sakra_json_set(o, "at_least", sakra_json_text(m->at_least));
		sakra_json_set(o, "asset", sakra_json_text(m->field));
		sakra_json_set(o, "from", m->field ? json_integer(m->from) : json_null());
		sakra_json_set(o, "cites", json_strs(m->cites, m->ncites));
		sakra_json_set(o, "why", sakra_json_text(m->why));
		sakra_json_push(markings, o);
	}
	sakra_json_set(root, "markings", markings);
	for (size_t i = 0; i < fw->nsections; i++) {
		const struct sakra_fw_section *s = &fw->sections[i];
		json_t *o = json_object();

		sakra_json_set(o, "number", sakra_json_text(s->number));
		sakra_json_set(o, "title", json_i18n(&s->title));
		sakra_json_set(o, "clauses", json_strs(s->clauses, s->nclauses));
		sakra_json_set(o, "optional", json_boolean(s->optional));
		sakra_json_set(o, "repeatable", json_boolean(s->repeatable));
		sakra_json_set(o, "added", json_boolean(s->added));
		sakra_json_set(o, "fields", json_fields(s->fields, s->nfields));
		sakra_json_push(sections, o);
	}
	sakra_json_set(root, "sections", sections);
	sakra_json_set(root, "register_section", sakra_json_text(fw->register_section));
	for (size_t i = 0; i < fw->nclasses; i++) {
		const struct sakra_fw_class *c = &fw->classes[i];
		json_t *o = json_object();

		sakra_json_set(o, "id", sakra_json_text(c->id));
		sakra_json_set(o, "title", json_i18n(&c->title));
		sakra_json_set(o, "section", sakra_json_text(c->section));
		sakra_json_set(o, "list_section", sakra_json_text(c->list_section));
		sakra_json_set(o, "certificate", json_boolean(c->certificate));
		sakra_json_set(o, "register_check", json_boolean(c->register_check));
		sakra_json_set(o, "fields", json_fields(c->fields, c->nfields));
		sakra_json_push(classes, o);
	}
	sakra_json_set(root, "classes", classes);
	if (fw->assets.key) {
		json_t *o = json_object();

		sakra_json_set(o, "key", sakra_json_text(fw->assets.key));
		sakra_json_set(o, "title", json_i18n(&fw->assets.title));
		sakra_json_set(o, "section", sakra_json_text(fw->assets.section));
		sakra_json_set(o, "fields", json_fields(fw->assets.fields, fw->assets.nfields));
		sakra_json_set(root, "assets", o);
	} else {
		sakra_json_set(root, "assets", json_null());
	}
	for (size_t i = 0; i < fw->nobligations; i++) {
		const struct sakra_fw_obligation *ob = &fw->obligations[i];
		json_t *o = json_object();
		char every[32];

		sakra_period_format(&ob->every, every, sizeof(every));
		sakra_json_set(o, "id", sakra_json_text(ob->id));
		sakra_json_set(o, "title", json_i18n(&ob->title));
		sakra_json_set(o, "covers", json_strs(ob->covers, ob->ncovers));
		sakra_json_set(o, "every", json_string(every));
		sakra_json_set(o, "required", json_boolean(ob->required));
		sakra_json_set(o, "interval", json_string(ob->chosen ? "organisation" : "minimum"));
		sakra_json_set(o, "quote", sakra_json_text(ob->quote));
		sakra_json_set(o, "aliases", json_strs(ob->aliases, ob->naliases));
		sakra_json_set(o, "added", json_boolean(ob->added));
		sakra_json_push(obligations, o);
	}
	sakra_json_set(root, "obligations", obligations);
	sakra_json_set(root, "evidence_types", json_strs(fw->evidence_types, fw->nevidence_types));
	sakra_json_set(root, "evidence_type_aliases", json_names(fw->type_names, fw->ntype_names, 0));
	sakra_json_set(root, "levels", json_names(fw->levels, fw->nlevels, 1));
	return root;
}

/* The framework id as the plan of cli->dir (or the current directory)
 * has it, with its requirements.yml; NULL when there is no such plan or
 * it follows another framework. */
static struct sakra_framework *plan_framework(struct cli *cli, const struct sakra_framework *fw,
					      struct cli_plan *p)
{
	struct sakra_check_options opts;
	int saved = dup(STDERR_FILENO);
	FILE *null = fopen("/dev/null", "w");
	int ok;

	memset(&opts, 0, sizeof(opts));
	memset(p, 0, sizeof(*p));
	/* not being in a plan is not an error here: keep its message quiet */
	if (null && saved >= 0)
		dup2(fileno(null), STDERR_FILENO);
	ok = cli_plan_open(cli, NULL, &opts, p) == 0;
	if (null && saved >= 0)
		dup2(saved, STDERR_FILENO);
	if (saved >= 0)
		close(saved);
	if (null)
		fclose(null);
	if (!ok)
		return NULL;
	return p->plan->fw && strcmp(p->plan->fw->id, fw->id) == 0 &&
	       p->plan->fw->revision == fw->revision ? p->plan->fw : NULL;
}

static const struct cli_opt opts[] = {
	{ "format", "F", 'f',
	  N_("text (default) or json: one JSON object (the list: an array)"),
	  "text json", CLI_V_NONE },
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_frameworks = {
	"frameworks",
	N_("usage: sakra frameworks [--format text|json] [show ID]"),
	N_("Lists the built-in frameworks with their sources, or shows one: its\n"
	"sections in order, the regulation clause behind each, which may be left\n"
	"out, the labelled fields that must be filled in, the register's classes\n"
	"and information assets, the obligations and the evidence types. Run in a\n"
	"plan of that framework (or with -C DIR), 'show' includes what the plan's\n"
	"requirements.yml adds, marked as such."),
	opts,
	NULL
};

int cmd_frameworks(struct cli *cli, int argc, char **argv)
{
	const char *const *ids;
	size_t n = sakra_framework_ids(&ids);
	struct sakra_framework *fw = NULL;
	struct sakra_error err;
	json_t *list;
	int opt, json = 0, status = EXIT_USAGE;

	sakra_error_clear(&err);
	while ((opt = cli_getopt(cli, &cli_spec_frameworks, argc, argv)) != CLI_END) {
		if (opt == 'f') {
			if ((json = cli_format_json("frameworks", optarg)) < 0)
				return EXIT_USAGE;
			continue;
		}
		return cli->status;   /* CLI_STOP */
	}
	if (optind < argc && strcmp(argv[optind], "show") == 0) {
		struct cli_plan p;
		const struct sakra_framework *shown;

		if (optind + 2 != argc)
			return cli_usage_error("frameworks", "'show' takes one framework id");
		if (sakra_framework_load(&fw, argv[optind + 1], &err) < 0) {
			cli_error(&err);
			fputs(_("('sakra frameworks' lists the built-in frameworks)\n"), stderr);
			return EXIT_USAGE;
		}
		shown = plan_framework(cli, fw, &p);
		if (!shown)
			shown = fw;
		if (json) {
			if (sakra_json_write(stdout, show_json(shown)) == 0)
				status = EXIT_OK;
			else
				cli_errorf("cannot write the report");
		} else {
			show_text(shown);
			status = EXIT_OK;
		}
		cli_plan_close(&p);
		goto out;
	}
	if (optind < argc) {
		status = cli_usage_error("frameworks", "unknown argument '%s'", argv[optind]);
		goto out;
	}
	list = json ? json_array() : NULL;
	for (size_t i = 0; i < n; i++) {
		if (sakra_framework_load(&fw, ids[i], &err) < 0) {
			cli_error(&err);
			json_decref(list);
			goto out;
		}
		if (json)
			sakra_json_push(list, json_pack("{s:o,s:o,s:o,s:o,s:o}", "id",
							sakra_json_text(fw->id), "title",
							json_i18n(&fw->title), "source",
							sakra_json_text(fw->source), "revision",
							json_integer(fw->revision), "revisions",
							json_revisions(fw->id)));
		else {
			printf(_("%-14s %s\n%-14s source: %s\n"), fw->id, sv(&fw->title), "",
			       fw->source ? fw->source : "-");
			printf("%-14s ", "");
			print_revision(fw, 0);
		}
		sakra_framework_free(fw);
		fw = NULL;
	}
	if (json && sakra_json_write(stdout, list) < 0) {
		cli_errorf("cannot write the report");
		goto out;
	}
	status = EXIT_OK;
out:
	sakra_framework_free(fw);
	return status;
}
