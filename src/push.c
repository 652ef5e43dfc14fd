/* push: judging a push on the team's git server. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sakra/check.h"
#include "sakra/plan.h"
#include "sakra/intl.h"
#include "sakra/push.h"

#define ZERO "0000000000000000000000000000000000000000"

static int nomem(struct sakra_error *err)
{
	return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
}

int sakra_push_parse(struct sakra_push *p, const char *text, size_t len,
		     struct sakra_error *err)
{
	size_t cap = 0;

	memset(p, 0, sizeof(*p));
	for (size_t pos = 0, lineno = 1; pos < len; lineno++) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - text - pos) : len - pos;
		char line[4200], old[64], new[64], ref[4096];
		char tail;

		if (n >= sizeof(line) || memchr(text + pos, '\0', n))
			return sakra_error_set(err, SAKRA_EPARSE, NULL, 0, 0, "ref update %zu of the "
					       "push is not one sakra reads (too long, or not text)",
					       lineno);
		memcpy(line, text + pos, n);
		line[n] = '\0';
		pos += n + 1;
		if (sscanf(line, "%63s %63s %4095s %c", old, new, ref, &tail) != 3 ||
		    strlen(old) != 40 || strlen(new) != 40 ||
		    strspn(old, "0123456789abcdef") != 40 || strspn(new, "0123456789abcdef") != 40)
			return sakra_error_set(err, SAKRA_EPARSE, NULL, 0, 0, "ref update %zu of the "
					       "push is not 'OLD NEW REF'", lineno);
		if (p->n == cap) {
			struct sakra_ref_update *g = realloc(p->u, (cap = cap ? cap * 2 : 8) * sizeof(*g));

			if (!g)
				return nomem(err);
			p->u = g;
		}
		memcpy(p->u[p->n].old, old, 41);
		memcpy(p->u[p->n].new, new, 41);
		if (!(p->u[p->n].ref = strdup(ref)))
			return nomem(err);
		p->n++;
	}
	return 0;
}

static struct sakra_push_refusal *refuse(struct sakra_push *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static struct sakra_push_refusal *refuse(struct sakra_push *p, const char *fmt, ...)
{
	struct sakra_push_refusal *g = realloc(p->refusals, (p->nrefusals + 1) * sizeof(*g));
	struct sakra_buf b = SAKRA_BUF_INIT;
	va_list ap;

	if (!g)
		return NULL;
	p->refusals = g;
	g = &p->refusals[p->nrefusals];
	memset(g, 0, sizeof(*g));
	va_start(ap, fmt);
	if (sakra_buf_vprintf(&b, sakra_tr(fmt), ap) < 0) {   /* for the one pushing */
		va_end(ap);
		sakra_buf_free(&b);
		return NULL;
	}
	va_end(ap);
	g->message = b.ptr;
	p->nrefusals++;
	return g;
}

/* The commit the default branch would move to: its check errors. */
static int judge_branch(struct sakra_push *p, struct sakra_repo *repo,
			const struct sakra_ref_update *u, const struct sakra_date *today)
{
	struct sakra_check_options o;
	struct sakra_tree *tree = NULL;
	struct sakra_plan *plan = NULL;
	struct sakra_diags d = SAKRA_DIAGS_INIT;
	struct sakra_push_refusal *r = NULL;
	struct sakra_error err;
	size_t errors;
	int rc = 0;

	memset(&o, 0, sizeof(o));
	o.today = *today;
	sakra_error_clear(&err);
	if (!strcmp(u->new, ZERO))
		return refuse(p, "%s is the default branch; it is not deleted", u->ref) ? 0 : -1;
	if (sakra_tree_open(&tree, repo, u->new, &err) < 0 ||
	    sakra_plan_load(&plan, tree, &d, &err) < 0 ||
	    sakra_check_run(plan, &o, &d, &err) < 0) {
		if (!refuse(p, "%s at %.12s cannot be checked: %s%s%s", u->ref, u->new, err.path,
			    err.path[0] ? ": " : "", err.message))
			rc = -1;
		goto out;
	}
	sakra_diags_sort(&d);
	if ((errors = sakra_diags_count(&d, SAKRA_ERROR)) > 0) {
		if (!(r = refuse(p, sakra_trn("%s would move to %.12s, which has %zu check error "
					      "(above); fix it and push again", "%s would move to %.12s, "
					      "which has %zu check errors (above); fix them and push "
					      "again", errors), u->ref, u->new, errors))) {
			rc = -1;
			goto out;
		}
		for (size_t i = 0; i < d.n; i++)
			if (d.v[i].severity == SAKRA_ERROR)
				sakra_diags_add(&r->errors, SAKRA_ERROR, d.v[i].rule, d.v[i].path,
						d.v[i].line, d.v[i].column, "%s", d.v[i].message);
	}
out:
	sakra_diags_free(&d);
	sakra_plan_free(plan);
	sakra_tree_free(tree);
	return rc;
}

/* Each pushed approved/ tag: never moved or deleted, and a new one must
 * verify with the server's history and the tags pushed with it. */
static int judge_tags(struct sakra_push *p, struct sakra_repo *repo, struct sakra_error *err)
{
	int tags = 0, refused = 0, rc;

	for (size_t i = 0; i < p->n; i++) {
		const struct sakra_ref_update *u = &p->u[i];
		const char *name = u->ref + 10;   /* after "refs/tags/" */

		if (strncmp(u->ref, "refs/tags/", 10) != 0)
			continue;
		if (!strncmp(name, "approved/", 9)) {
			tags = 1;
			if (strcmp(u->old, ZERO)) {
				if (!refuse(p, strcmp(u->new, ZERO) ?
					    _("%s is an approved version; it is never moved") :
					    _("%s is an approved version; it is never deleted"), u->ref))
					return nomem(err);
				refused = 1;
			}
		}
		if ((rc = sakra_repo_pretend_tag(repo, name, strcmp(u->new, ZERO) ? u->new : NULL,
						 err)) < 0)
			return rc;
	}
	if (!tags || refused)
		return 0;
	if (sakra_versions_load(&p->vs, repo, NULL, 0, err) < 0)
		return refuse(p, "the approved versions cannot be read: %s", err->message) ? 0
		       : nomem(err);
	for (size_t i = 0; i < p->n; i++) {
		const struct sakra_ref_update *u = &p->u[i];
		const struct sakra_version *v = NULL;
		struct sakra_push_refusal *r;

		if (strncmp(u->ref, "refs/tags/approved/", 19) != 0 || !strcmp(u->new, ZERO))
			continue;
		for (size_t k = 0; k < p->vs->n && !v; k++)
			if (!strcmp(p->vs->v[k].tag, u->ref + 10))
				v = &p->vs->v[k];
		if (!v) {
			if (!refuse(p, "%s is not a version tag (approved/vN)", u->ref))
				return nomem(err);
		} else if (v->error || !v->approved) {
			if (!(r = refuse(p, "%s does not verify (above); approve with 'sakra approve', "
					 "which signs and tags, and push that", u->ref)))
				return nomem(err);
			r->version = v;
		}
	}
	return 0;
}

int sakra_push_judge(struct sakra_push *p, struct sakra_repo *repo, const struct sakra_date *today,
		     struct sakra_error *err)
{
	struct sakra_buf branch = SAKRA_BUF_INIT;
	int rc;

	if (sakra_repo_default_branch(repo, &branch, err) < 0)
		sakra_buf_clear(&branch);
	/* a replace ref makes git (and every forge's view) show another
	 * object under an approved commit's id, while its signatures hold */
	for (size_t i = 0; i < p->n; i++)
		if (!strncmp(p->u[i].ref, "refs/replace/", 13) && strcmp(p->u[i].new, ZERO) &&
		    !refuse(p, "%s would make git show other content under the id %.40s; replace "
			    "refs are not accepted here", p->u[i].ref, p->u[i].ref + 13)) {
			rc = nomem(err);
			goto out;
		}
	if ((rc = judge_tags(p, repo, err)) < 0)
		goto out;
	for (size_t i = 0; i < p->n && rc == 0; i++)
		if (branch.len && !strcmp(p->u[i].ref, branch.ptr) &&
		    judge_branch(p, repo, &p->u[i], today) < 0)
			rc = nomem(err);
out:
	sakra_buf_free(&branch);
	return rc;
}

void sakra_push_free(struct sakra_push *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->u[i].ref);
	for (size_t i = 0; i < p->nrefusals; i++) {
		free(p->refusals[i].message);
		sakra_diags_free(&p->refusals[i].errors);
	}
	free(p->u);
	free(p->refusals);
	sakra_versions_free(p->vs);
	memset(p, 0, sizeof(*p));
}
