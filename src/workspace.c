/* workspace: the working tree with an editor's texts over it, checked
 * incrementally. */
#include <stdlib.h>
#include <string.h>

#include "sakra/workspace.h"

static int nomem(struct sakra_error *err)
{
	return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
}

/* Drops what loading found about path (before it is parsed again). */
static void forget(struct sakra_diags *d, const char *path)
{
	size_t k = 0;

	for (size_t i = 0; i < d->n; i++) {
		if (d->v[i].path && strcmp(d->v[i].path, path) == 0) {
			sakra_diag_clear(&d->v[i]);
			continue;
		}
		d->v[k++] = d->v[i];
	}
	d->n = k;
}

static void free_targets(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static void drop_perdoc(struct sakra_workspace *ws)
{
	for (size_t i = 0; ws->plan && ws->perdoc && i < ws->plan->ndocs; i++) {
		sakra_diags_free(&ws->perdoc[i]);
		free_targets(ws->targets[i]);
	}
	free(ws->perdoc);
	free(ws->stale);
	free(ws->targets);
	ws->perdoc = NULL;
	ws->stale = NULL;
	ws->targets = NULL;
}

static void unload(struct sakra_workspace *ws)
{
	drop_perdoc(ws);
	sakra_plan_free(ws->plan);
	sakra_tree_free(ws->tree);
	sakra_diags_free(&ws->load);
	ws->plan = NULL;
	ws->tree = NULL;
}

/* The working tree again, the overlays on it, the plan loaded. */
static int load(struct sakra_workspace *ws, struct sakra_error *err)
{
	int rc;

	unload(ws);
	ws->generation++;
	if ((rc = sakra_tree_open(&ws->tree, ws->repo, NULL, err)) < 0)
		return rc;
	for (size_t i = 0; i < ws->noverlays; i++)
		if ((rc = sakra_tree_overlay(ws->tree, ws->overlays[i].path, ws->overlays[i].text,
					     ws->overlays[i].len, err)) < 0)
			return rc;
	rc = sakra_plan_load(&ws->plan, ws->tree, &ws->load, err);
	if (rc == SAKRA_ENOTFOUND) {   /* no sakra.yml: not a plan, nothing to check */
		sakra_diags_free(&ws->load);
		return 0;
	}
	return rc;
}

int sakra_workspace_open(struct sakra_workspace **out, const char *dir,
			 const struct sakra_date *today, struct sakra_error *err)
{
	struct sakra_workspace *ws = calloc(1, sizeof(*ws));
	int rc;

	*out = NULL;
	if (!ws)
		return nomem(err);
	ws->today = today;
	if ((rc = sakra_repo_open(&ws->repo, dir, err)) < 0 || (rc = load(ws, err)) < 0) {
		sakra_workspace_free(ws);
		return rc;
	}
	*out = ws;
	return 0;
}

void sakra_workspace_free(struct sakra_workspace *ws)
{
	if (!ws)
		return;
	unload(ws);
	for (size_t i = 0; i < ws->noverlays; i++) {
		free(ws->overlays[i].path);
		free(ws->overlays[i].text);
	}
	free(ws->overlays);
	sakra_repo_free(ws->repo);
	free(ws);
}

char *sakra_workspace_path(const struct sakra_workspace *ws, const char *abs)
{
	const char *root = sakra_repo_root(ws->repo);
	size_t n = strlen(root);

	if (!n || strncmp(abs, root, n) != 0 || abs[n] != '/' || !abs[n + 1])
		return NULL;
	return strdup(abs + n + 1);
}

static struct sakra_overlay *find_overlay(const struct sakra_workspace *ws, const char *path)
{
	for (size_t i = 0; i < ws->noverlays; i++)
		if (strcmp(ws->overlays[i].path, path) == 0)
			return &ws->overlays[i];
	return NULL;
}

/* Keeps (or, text NULL, drops) the editor's text of path for reloads. */
static int remember(struct sakra_workspace *ws, const char *path, const char *text, size_t len)
{
	struct sakra_overlay *o = find_overlay(ws, path);
	char *copy;

	if (!text) {
		if (o) {
			free(o->path);
			free(o->text);
			*o = ws->overlays[--ws->noverlays];
		}
		return 0;
	}
	if (!(copy = malloc(len + 1)))
		return -1;
	memcpy(copy, text, len);
	copy[len] = '\0';
	if (!o) {
		struct sakra_overlay *g = realloc(ws->overlays, (ws->noverlays + 1) * sizeof(*g));

		if (!g) {
			free(copy);
			return -1;
		}
		ws->overlays = g;
		o = &ws->overlays[ws->noverlays];
		if (!(o->path = strdup(path))) {
			free(copy);
			return -1;
		}
		o->text = NULL;
		ws->noverlays++;
	}
	free(o->text);
	o->text = copy;
	o->len = len;
	return 0;
}

/* The plan paths doc's links lead to (a NULL-terminated list). */
static char **link_targets(const struct sakra_doc *doc)
{
	char **v = calloc(doc ? doc->nlinks + 1 : 1, sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; v && doc && i < doc->nlinks; i++) {
		struct sakra_buf to = SAKRA_BUF_INIT;

		if (sakra_link_path(doc, doc->links[i].url, &to) == 0 && to.ptr)
			v[n++] = sakra_buf_detach(&to);
		sakra_buf_free(&to);
	}
	return v;
}

/* Marks path's document and every document whose links lead to it. */
static void mark_stale(struct sakra_workspace *ws, const char *path)
{
	for (size_t i = 0; i < ws->plan->ndocs; i++) {
		const struct sakra_plan_doc *pd = &ws->plan->docs[i];

		if (!strcmp(pd->file->path, path)) {
			ws->stale[i] = 1;
			free_targets(ws->targets[i]);
			ws->targets[i] = link_targets(pd->doc);
			continue;
		}
		for (char **t = ws->targets[i]; t && *t && !ws->stale[i]; t++)
			ws->stale[i] = !strcmp(*t, path);
	}
}

/* 1 if a change to path changes more than its own document. */
static int plan_wide(const char *path)
{
	return !strcmp(path, "sakra.yml") || !strcmp(path, SAKRA_REQUIREMENTS_FILE);
}

int sakra_workspace_set(struct sakra_workspace *ws, const char *path, const char *text,
			size_t len, struct sakra_error *err)
{
	int rc;

	if (remember(ws, path, text, len) < 0)
		return nomem(err);
	/* back to the disk's version, a new file, or the plan's own settings:
	 * everything again */
	if (!text || !ws->plan || plan_wide(path) || !sakra_tree_find(ws->tree, path))
		return load(ws, err);
	if ((rc = sakra_tree_overlay(ws->tree, path, text, len, err)) < 0)
		return rc;
	forget(&ws->load, path);
	rc = sakra_plan_reload_doc(ws->plan, path, &ws->load, err);
	if (rc == 0 && ws->perdoc)
		mark_stale(ws, path);
	return rc < 0 ? rc : 0;
}

int sakra_workspace_reload(struct sakra_workspace *ws, struct sakra_error *err)
{
	return load(ws, err);
}

/* The per-document rules kept, made for every document (after a load or
 * on a new day) or for those marked stale. */
static int check_docs(struct sakra_workspace *ws, const struct sakra_check_options *o)
{
	const struct sakra_plan *plan = ws->plan;

	if (ws->perdoc && sakra_date_cmp(&ws->perdoc_day, &o->today) != 0)
		drop_perdoc(ws);
	if (!ws->perdoc) {
		if (!(ws->perdoc = calloc(plan->ndocs + 1, sizeof(*ws->perdoc))) ||
		    !(ws->stale = malloc(plan->ndocs + 1)) ||
		    !(ws->targets = calloc(plan->ndocs + 1, sizeof(*ws->targets))))
			return -1;
		memset(ws->stale, 1, plan->ndocs + 1);
		for (size_t i = 0; i < plan->ndocs; i++)
			ws->targets[i] = link_targets(plan->docs[i].doc);
		ws->perdoc_day = o->today;
	}
	for (size_t i = 0; i < plan->ndocs; i++) {
		if (!ws->stale[i])
			continue;
		sakra_diags_free(&ws->perdoc[i]);
		sakra_check_doc(plan, o, &plan->docs[i], &ws->perdoc[i]);
		if (ws->perdoc[i].oom)
			return -1;
		ws->stale[i] = 0;
	}
	return 0;
}

int sakra_workspace_check(struct sakra_workspace *ws, struct sakra_diags *out,
			  struct sakra_error *err)
{
	struct sakra_check_options o;
	int rc;

	if (!ws->plan)
		return 0;
	memset(&o, 0, sizeof(o));
	o.today = ws->today ? *ws->today : sakra_date_today();
	if (sakra_diags_append(out, &ws->load) < 0)
		return nomem(err);
	if (!ws->plan->config)
		return 0;   /* sakra.yml unreadable: that finding is the only one */
	if (check_docs(ws, &o) < 0)
		return nomem(err);
	for (size_t i = 0; i < ws->plan->ndocs; i++)
		if (sakra_diags_append(out, &ws->perdoc[i]) < 0)
			return nomem(err);
	if ((rc = sakra_check_plan(ws->plan, &o, out, err)) < 0)
		return rc;
	sakra_diags_sort(out);
	return 0;
}

int sakra_workspace_text(const struct sakra_workspace *ws, const char *path,
			 struct sakra_buf *out, struct sakra_error *err)
{
	const struct sakra_file *f = ws->tree ? sakra_tree_find(ws->tree, path) : NULL;

	if (!f)
		return sakra_error_set(err, SAKRA_ENOTFOUND, path, 0, 0, "not in the plan");
	return sakra_tree_read(ws->tree, f, out, SAKRA_DOC_MAX_FILE, err);
}
