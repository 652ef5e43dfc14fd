/* The example plan (tests/fixtures/example-plan) copied into a new git
 * repository under /tmp, for the unit tests of modules that work on a
 * whole plan: site, bundle, bundlefile, approval, diff, records, plan. */
#ifndef SAKRA_FIXTURE_H
#define SAKRA_FIXTURE_H

#include "unit.h"

#include <stdio.h>

#include "sakra/session.h"
#include "sakra/fs.h"
#include "sakra/plan.h"
#include "sakra/repo.h"

struct fixture {
	char root[64];            /* the temporary folder */
	char dir[96];             /* root/plan: the repository */
	struct sakra_repo *repo;
	struct sakra_tree *tree;  /* HEAD */
	struct sakra_plan *plan;
	struct sakra_diags diags;
};

static inline void fixture_sh(const struct fixture *f, const char *cmd)
{
	char full[1024];

	snprintf(full, sizeof(full), "cd '%s' && (%s) >/dev/null 2>&1", f->dir, cmd);
	assert_int_equal(system(full), 0);
}

static inline void fixture_open(struct fixture *f, const char *rev)
{
	struct sakra_error err;

	sakra_plan_free(f->plan);
	sakra_tree_free(f->tree);
	sakra_diags_free(&f->diags);
	f->plan = NULL;
	f->tree = NULL;
	assert_int_equal(sakra_tree_open(&f->tree, f->repo, rev, &err), 0);
	assert_int_equal(sakra_plan_load(&f->plan, f->tree, &f->diags, &err), 0);
}

static inline int fixture_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct sakra_error err;
	char cmd[512];

	snprintf(f->root, sizeof(f->root), "/tmp/sakra-unit-XXXXXX");
	if (!mkdtemp(f->root))
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/plan", f->root);
	setenv("XDG_CACHE_HOME", f->root, 1);   /* manifests remembered here, not in ~ */
	setenv("GIT_AUTHOR_NAME", "Unit Test", 1);
	setenv("GIT_AUTHOR_EMAIL", "unit@example.org", 1);
	sakra_session_use_env();
	setenv("GIT_COMMITTER_NAME", "Unit Test", 1);
	setenv("GIT_COMMITTER_EMAIL", "unit@example.org", 1);
	snprintf(cmd, sizeof(cmd), "cp -r tests/fixtures/example-plan '%s' && cd '%s' && "
		 "git init -q && git add -A && git -c user.name=U -c user.email=u@example.org "
		 "commit -qm plan", f->dir, f->dir);
	if (system(cmd) != 0)
		return -1;
	if (sakra_repo_open(&f->repo, f->dir, &err) < 0)
		return -1;
	fixture_open(f, "HEAD");
	*state = f;
	return 0;
}

static inline int fixture_teardown(void **state)
{
	struct fixture *f = *state;

	sakra_diags_free(&f->diags);
	sakra_plan_free(f->plan);
	sakra_tree_free(f->tree);
	sakra_repo_free(f->repo);
	sakra_remove_tree(f->root);
	free(f);
	return 0;
}

/* The options of a draft tar bundle of the fixture's HEAD (every marked
 * file); man holds the manifest and must outlive them. */
#include "sakra/bundle.h"
#include "sakra/manifest.h"
static inline void fixture_bundle(const struct fixture *f, struct sakra_buf *man,
				  struct sakra_bundle_options *bo, struct sakra_bundle_plan *bp)
{
	struct sakra_error err;

	assert_int_equal(sakra_manifest_build(man, f->plan, &err), 0);
	memset(bo, 0, sizeof(*bo));
	bo->plan = f->plan;
	bo->repo = f->repo;
	bo->manifest = man->ptr;
	bo->manifest_len = man->len;
	bo->format = SAKRA_BUNDLE_TAR;
	if (bp)
		assert_int_equal(sakra_bundle_prepare(bo, bp, &err), 0);
}

/* An approver's key pair: its public key committed to keys/NAME.pub of
 * the fixture's repository (HEAD moves), its secret key in *sk. */
#include "sakra/minisign.h"
static inline void fixture_approver(struct fixture *f, const char *name, const char *role,
				    struct sakra_seckey **sk)
{
	struct sakra_buf text = SAKRA_BUF_INIT;
	struct sakra_error err;
	char keyfile[160], pubfile[160], cmd[512], id[17];

	snprintf(keyfile, sizeof(keyfile), "%s/%s.key", f->root, name);
	snprintf(pubfile, sizeof(pubfile), "%s/%s.pub", f->root, name);
	assert_int_equal(sakra_keypair_write(keyfile, pubfile, name, role, NULL, 0, id, &err), 0);
	snprintf(cmd, sizeof(cmd), "cp '%s' keys/ && git add keys && git commit -qm key", pubfile);
	fixture_sh(f, cmd);
	assert_int_equal(sakra_file_read(keyfile, &text, 0, &err), 0);
	assert_int_equal(sakra_seckey_parse(sk, keyfile, text.ptr, text.len, NULL, 0, NULL, &err), 0);
	sakra_buf_free(&text);
}

#endif
