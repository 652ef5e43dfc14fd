/* Relative links and their #anchors must lead somewhere. */



#include <string.h>
#include "sakra/text.h"

#include "rules.h"


/* A link's #fragment must name a heading of the Markdown document it leads
 * to, by the anchors the site gives headings. Fragments into other files
 * (a PDF's #page=3) are theirs to judge. */
static void check_anchor(struct sakra_check *c, const struct sakra_doc *doc, const struct sakra_link *l,
			 const char *target, struct sakra_buf *frag)
{
	const char *hash = strchr(l->url, '#');
	const struct sakra_doc *to = doc;

	if (!hash || !hash[1])
		return;
	if (target) {
		const struct sakra_plan_doc *pd = sakra_plan_find_doc(c->plan, target);

		if (!pd || pd->sidecar || !pd->doc || !pd->doc->readable)
			return;
		to = pd->doc;
	}
	if (sakra_url_decode(hash + 1, strlen(hash + 1), frag) < 0) {
		c->d->oom = 1;
		return;
	}
	if (!sakra_doc_anchor(to, sakra_buf_cstr(frag)))
		ADD(c, "link.anchor", doc->path, l->line, l->column,
		    "link '%s': %s has no heading with the anchor '#%s'; link to one of its "
		    "headings (lower case, spaces as '-')", l->url, to->path, sakra_buf_cstr(frag));
}

static void check_links(struct sakra_check *c, const struct sakra_doc *doc)
{
	struct sakra_buf target = SAKRA_BUF_INIT, frag = SAKRA_BUF_INIT;

	for (size_t i = 0; i < doc->nlinks && !c->d->oom; i++) {
		const struct sakra_link *l = &doc->links[i];
		int rc;

		if (l->url[0] == '#') {
			check_anchor(c, doc, l, NULL, &frag);
			continue;
		}
		if ((rc = sakra_link_path(doc, l->url, &target)) == SAKRA_ENOMEM) {
			c->d->oom = 1;
			break;
		}
		if (rc == 2)
			continue;
		if (rc > 0) {
			ADD(c, "link.broken", doc->path, l->line, l->column,
			    "link '%s' points outside the repository", l->url);
			continue;
		}
		if (sakra_tree_find(c->plan->tree, target.ptr)) {
			check_anchor(c, doc, l, target.ptr, &frag);
			continue;
		}
		if (sakra_tree_is_dir(c->plan->tree, target.ptr))
			continue;
		ADD(c, "link.broken", doc->path, l->line, l->column,
		    "link target '%s' does not exist (resolved to '%s')", l->url, target.ptr);
	}
	sakra_buf_free(&target);
	sakra_buf_free(&frag);
}

static void link_doc(struct sakra_check *c, const struct sakra_plan_doc *pd)
{
	check_links(c, pd->doc);
}

static const struct sakra_rule rules[] = {
	{ "link.broken", SAKRA_ERROR, 0,
	  N_("a relative link points to a file that does not exist"),
	  0, NULL },
	{ "link.anchor", SAKRA_ERROR, 0,
	  N_("a link's #anchor names no heading of the Markdown document it leads to"),
	  0, NULL },
};

const struct sakra_rule_set sakra_rules_link = { rules, SAKRA_RULES(rules), link_doc, NULL };
