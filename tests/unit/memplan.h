/* A plan whose files live in memory, for the unit tests of check and
 * followup: no repository is read. */
#ifndef SAKRA_MEMPLAN_H
#define SAKRA_MEMPLAN_H

#include "unit.h"

#include "sakra/config.h"
#include "sakra/plan.h"

struct mem_file {
	const char *path;
	const char *text;
};

/* files must be given sorted by path. */
static inline struct sakra_plan *memplan_new(const char *config, const struct mem_file *files,
					     size_t n, struct sakra_diags *d)
{
	struct sakra_plan *plan = calloc(1, sizeof(*plan));
	struct sakra_tree *tree = calloc(1, sizeof(*tree));
	struct sakra_error err;

	tree->files = calloc(n, sizeof(*tree->files));
	tree->n = n;
	tree->in_memory = 1;
	plan->tree = tree;
	plan->docs = calloc(n, sizeof(*plan->docs));
	for (size_t i = 0; i < n; i++) {
		tree->files[i].path = strdup(files[i].path);
		tree->files[i].size = strlen(files[i].text);
		tree->files[i].data = strdup(files[i].text);
	}
	assert_int_equal(sakra_config_parse(&plan->config, config, strlen(config), d, &err), 0);
	assert_int_equal(sakra_framework_load(&plan->fw, "thl-3-2024", &err), 0);
	for (size_t i = 0; i < n; i++) {
		int kind = sakra_plan_kind(files[i].path);
		size_t len = strlen(files[i].path);
		struct sakra_plan_doc *pd;

		if (kind < 0 || len < 3 || strcmp(files[i].path + len - 3, ".md") != 0)
			continue;
		pd = &plan->docs[plan->ndocs++];
		pd->file = &tree->files[i];
		pd->kind = (enum sakra_doc_kind)kind;
		for (size_t k = 0; k < n; k++)   /* NAME.EXT.md describes NAME.EXT */
			pd->sidecar |= strlen(files[k].path) == len - 3 &&
				       strncmp(files[k].path, files[i].path, len - 3) == 0;
		assert_int_equal(sakra_doc_parse(&pd->doc, files[i].path, files[i].text,
						 strlen(files[i].text), d, &err), 0);
	}
	assert_int_equal(sakra_plan_index(plan, &err), 0);
	return plan;
}

static inline void memplan_free(struct sakra_plan *plan)
{
	struct sakra_tree *tree = plan->tree;

	sakra_plan_free(plan);
	sakra_tree_free(tree);
}

static inline const struct sakra_diag *memplan_find(const struct sakra_diags *d, const char *rule)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->v[i].rule, rule) == 0)
			return &d->v[i];
	return NULL;
}

static inline size_t memplan_count(const struct sakra_diags *d, const char *rule)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		n += strcmp(d->v[i].rule, rule) == 0;
	return n;
}

#endif
