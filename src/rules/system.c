/* Rules about the information systems of the register (systems/). */



#include <stdio.h>
#include <string.h>
#include "sakra/date.h"
#include "sakra/framework.h"
#include "sakra/intl.h"

#include "rules.h"


/* A field of the class is answered by the register keys it names, all
 * filled in, or by a labelled field of the body with a real value. */
/* The first register key of fd that is there but empty ("version: \"\"");
 * *key is its name. */
/* The register systems are checked against, as the framework names it in
 * the plan's language. */
static const char *register_name(const struct sakra_check *c)
{
	const char *n = sakra_i18n_get(&c->plan->fw->register_name, c->lang);

	return n && *n ? n : "the register of information systems";
}

static const struct sakra_yaml *first_empty_key(const struct sakra_system *s,
						const struct sakra_fw_field *fd, const char **key)
{
	for (size_t i = 0; i < fd->nkeys; i++) {
		const struct sakra_yaml *v = sakra_yaml_get(s->block, fd->keys[i]);
		const char *t = sakra_yaml_str(v);

		if (v && !(t && *t)) {
			*key = fd->keys[i];
			return v;
		}
	}
	return NULL;
}

static void check_system_fields(struct sakra_check *c, const struct sakra_system *s)
{
	const struct sakra_fw_class *cls = s->cls;
	const struct sakra_doc *doc = s->doc;
	/* A missing description is reported at the body's first heading. */
	size_t at = doc->nheadings ? doc->headings[0].line : doc->body_line;

	for (size_t k = 0; k < cls->nfields; k++) {
		const struct sakra_fw_field *fd = &cls->fields[k];
		const char *label = sakra_i18n_get(&fd->label, c->lang);
		const struct sakra_field *hit = NULL;
		const struct sakra_yaml *empty;
		const char *empty_key = NULL;
		size_t have = 0;

		for (size_t i = 0; i < fd->nkeys; i++) {
			const char *v = sakra_yaml_str(sakra_yaml_get(s->block, fd->keys[i]));

			have += v && *v;
		}
		if (fd->nkeys && have == fd->nkeys)
			continue;
		/* a date the class's own rule asks for (never checked against
		 * the register) is that rule's finding, not a second one */
		if (fd->nkeys == 1 && !have &&
		    ((!strcmp(fd->keys[0], "register_checked") && (cls->register_check || s->wellbeing > 0)) ||
		     (!strcmp(fd->keys[0], "certificate_expires") && (cls->certificate || s->wellbeing > 0))))
			continue;
		for (size_t i = 0; i < doc->nfields && !hit; i++)
			if (sakra_plan_field_is(c->plan, fd, &doc->fields[i]))
				hit = &doc->fields[i];
		if (hit && !hit->placeholder)
			continue;
		if (hit)
			ADD(c, "system.field", doc->path, hit->line, hit->column,
			    "the description '%s' is empty; describe it for this system "
			    "(section %s of %s, class %s)", label, cls->section ? cls->section : "-",
			    c->plan->fw->id, cls->id);
		else if (fd->nkeys && (empty = first_empty_key(s, fd, &empty_key)) != NULL)
			/* where the register asks for it: the key left empty */
			ADD(c, "system.field", doc->path, empty->line, empty->column,
			    "'system.%s' is empty, and it answers the description '%s' (section "
			    "%s of %s, class %s); fill it in", empty_key, label,
			    cls->section ? cls->section : "-", c->plan->fw->id, cls->id);
		else if (fd->nkeys)
			ADD(c, "system.field", doc->path, at, 1,
			    "no description '%s' (section %s of %s, class %s); add a line "
			    "'- %s: ...' or fill in the register keys in the front matter", label,
			    cls->section ? cls->section : "-", c->plan->fw->id, cls->id, label);
		else
			ADD(c, "system.field", doc->path, at, 1,
			    "no description '%s' (section %s of %s, class %s); add a line "
			    "'- %s: ...'", label, cls->section ? cls->section : "-",
			    c->plan->fw->id, cls->id, label);
	}
}

static void check_system(struct sakra_check *c, const struct sakra_system *s)
{
	static const char *const text_keys[] = { "name", "version", "vendor", "contact",
						 "class", "purpose", NULL };
	const struct sakra_plan *plan = c->plan;
	const char *path = s->doc->path;
	const struct sakra_yaml *cnode;
	char list[256] = "";
	int months = plan->config->review_months ? plan->config->review_months : 12;
	int needs_cert, needs_check;

	if (!s->block) {
		ADD(c, "system.block", path, sakra_doc_meta_line(s->doc, "system"), 1,
		    "no 'system:' mapping in the front matter; add the register data (name, "
		    "version, vendor, contact, class, purpose, certificate_expires, "
		    "register_checked)");
		return;
	}
	for (size_t i = 0; text_keys[i]; i++) {
		const struct sakra_yaml *v = sakra_yaml_get(s->block, text_keys[i]);

		if (v && v->type != SAKRA_YAML_SCALAR)
			ADD(c, "system.block", path, v->line, v->column,
			    "'system.%s' must be text", text_keys[i]);
	}
	sakra_rules_check_date(c, path, &s->certificate_expires, "certificate_expires");
	sakra_rules_check_date(c, path, &s->register_checked, "register_checked");
	if (s->wellbeing_node && s->wellbeing < 0)
		ADD(c, "system.block", path, s->wellbeing_node->line,
		    s->wellbeing_node->column, "'system.wellbeing_app' must be true or false");
	if (!plan->fw)
		return;
	for (size_t i = 0; i < plan->fw->nclasses; i++)
		sakra_rules_list_add(list, sizeof(list), plan->fw->classes[i].id);
	cnode = sakra_yaml_get(s->block, "class");
	if (!s->class_id) {
		ADD(c, "system.class", path, cnode ? cnode->line : s->block->line,
		    cnode ? cnode->column : s->block->column,
		    "no class; add 'class: ...', one of %s", list);
		return;
	}
	if (!s->cls) {
		ADD(c, "system.class", path, cnode->line, cnode->column,
		    "class '%s' is not a class of %s (%s)", s->class_id, plan->fw->id, list);
		return;
	}
	/* A wellbeing app takes the same checks as class A (THL 3/2024 6.1.5:
	 * "motsvarande säkerställanden ... även i fråga om dem"); a date the
	 * register gives is checked whatever the class. */
	needs_cert = s->cls->certificate || s->wellbeing > 0;
	needs_check = s->cls->register_check || s->wellbeing > 0;
	if (!s->certificate_expires.node && needs_cert) {
		if (s->cls->certificate)
			ADD(c, "system.certificate", path, cnode->line, cnode->column,
			    "a class %s system needs a valid information security assessment "
			    "certificate; add 'certificate_expires: YYYY-MM-DD'", s->cls->id);
		else
			ADD(c, "system.certificate", path, s->wellbeing_node->line,
			    s->wellbeing_node->column, "a wellbeing app needs a valid information "
			    "security assessment certificate, as class A systems do (THL 3/2024 "
			    "6.1.5); add 'certificate_expires: YYYY-MM-DD'");
	} else if (s->certificate_expires.valid) {
		const struct sakra_date_value *ce = &s->certificate_expires;
		long left = sakra_date_days(&ce->date) - sakra_date_days(&c->opts->today);
		char d[11];

		sakra_date_format(&ce->date, d);
		if (left < 0)
			ADD(c, "system.certificate-expired", path, ce->node->line,
			    ce->node->column, sakra_trn(
			    "the certificate expired on %s, %ld day ago; renew it, or take "
			    "the system out of use", "the certificate expired on %s, %ld days "
			    "ago; renew it, or take the system out of use", (unsigned long)-left),
			    d, -left);
		else if (left <= 90)
			ADD(c, "system.certificate-expiring", path,
			    ce->node->line, ce->node->column,
			    sakra_trn("the certificate expires on %s, in %ld "
			    "day; see that it is renewed", "the certificate expires on %s, in "
			    "%ld days; see that it is renewed", (unsigned long)left), d, left);
	}
	if (!s->register_checked.node && needs_check) {
		ADD(c, "system.register-check", path,
		    s->cls->register_check ? cnode->line : s->wellbeing_node->line,
		    s->cls->register_check ? cnode->column : s->wellbeing_node->column,
		    "never checked against %s; check it and add 'register_checked: YYYY-MM-DD'",
		    register_name(c));
	} else if (s->register_checked.valid) {
		const struct sakra_date_value *rc = &s->register_checked;
		struct sakra_date limit = sakra_date_add_months(&rc->date, months);
		char d[11], t[11];

		sakra_date_format(&rc->date, d);
		sakra_date_format(&c->opts->today, t);
		if (sakra_date_cmp(&rc->date, &c->opts->today) > 0)
			ADD(c, "system.register-future", path, rc->node->line,
			    rc->node->column, "'register_checked' is %s, after today (%s): give "
			    "the day the register was checked", d, t);
		else if (sakra_date_cmp(&c->opts->today, &limit) > 0)
			ADD(c, "system.register-check", path, rc->node->line,
			    rc->node->column, "last checked against the register on %s, more "
			    "than %d months ago (the review interval); check it again and "
			    "update 'register_checked'", d, months);
	}
	if (s->cls->list_section) {
		const struct sakra_fw_section *ls = sakra_framework_section(plan->fw,
									     s->cls->list_section);

		if (ls && !plan->where[ls->index].doc)
			ADD(c, "system.section", path, cnode->line, cnode->column,
			    "the plan has no section %s '%s', which lists the class %s systems; "
			    "add that heading to chapter %.*s and list this system there",
			    ls->number, sakra_i18n_get(&ls->title, c->lang), s->cls->id,
			    (int)strcspn(ls->number, "."), ls->number);
	}
	check_system_fields(c, s);
}

static void system_plan(struct sakra_check *c)
{
	for (size_t i = 0; i < c->plan->nsystems; i++)
		check_system(c, &c->plan->systems[i]);
}

static const struct sakra_rule rules[] = {
	{ "system.block", SAKRA_ERROR, 0,
	  N_("a system file has no 'system:' block, or a key of it has the wrong type"),
	  0, NULL },
	{ "system.class", SAKRA_ERROR, 0,
	  N_("a system's class is missing or not one the framework knows"),
	  0, NULL },
	{ "system.certificate", SAKRA_ERROR, 0,
	  N_("a system of a class that needs a certificate has none"),
	  0, NULL },
	{ "system.certificate-expired", SAKRA_ERROR, 0,
	  N_("a system's certificate has expired"),
	  0, NULL },
	{ "system.certificate-expiring", SAKRA_WARNING, 0,
	  N_("a system's certificate expires within 90 days"),
	  0, NULL },
	{ "system.register-check", SAKRA_WARNING, 0,
	  N_("a system was never, or not recently, checked against the register"),
	  0, NULL },
	{ "system.register-future", SAKRA_ERROR, 0,
	  N_("a system's register check is dated after today"),
	  0, NULL },
	{ "system.section", SAKRA_ERROR, 0,
	  N_("the plan has no section that lists the systems of a class"),
	  0, NULL },
	{ "system.field", SAKRA_WARNING, 1,
	  N_("a per-system description the framework asks for is missing"),
	  0, NULL },
};

const struct sakra_rule_set sakra_rules_system = { rules, SAKRA_RULES(rules), NULL, system_plan };
