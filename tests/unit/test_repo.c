/* Unit tests: repo and skeleton, on a temporary git repository. */
#include "unit.h"

#include <stdio.h>
#include <unistd.h>

#include "sakra/session.h"
#include "sakra/framework.h"
#include "sakra/manifest.h"
#include "sakra/plan.h"
#include "sakra/repo.h"
#include "sakra/skeleton.h"
#include "sakra/fs.h"
#include "sakra/stream.h"
#include "sakra/text.h"

static char dir[64];

static int setup(void **state)
{
	char tmpl[] = "/tmp/sakra-unit-XXXXXX";

	(void)state;
	if (!mkdtemp(tmpl))
		return -1;
	snprintf(dir, sizeof(dir), "%s/plan", tmpl);
	setenv("GIT_AUTHOR_NAME", "Unit Test", 1);
	setenv("GIT_AUTHOR_EMAIL", "unit@example.org", 1);
	sakra_session_use_env();
	return 0;
}

static int teardown(void **state)
{
	char *slash = strrchr(dir, '/');

	(void)state;
	*slash = '\0';
	return sakra_remove_tree(dir);
}

static void test_create_and_read(void **state)
{
	struct sakra_framework *fw = NULL;
	struct sakra_skeleton_vars vars = { "Testvården Ab", "1234567-1" };
	struct sakra_repo *repo = NULL;
	struct sakra_tree *head = NULL, *work = NULL;
	struct sakra_buf b = SAKRA_BUF_INIT;
	struct sakra_error err;
	char path[128];
	const struct sakra_file *f;

	(void)state;
	assert_int_equal(sakra_framework_load(&fw, "thl-3-2024", &err), 0);
	assert_int_equal(sakra_skeleton_create(dir, fw, &vars, &err), 0);
	/* A second init into the same, now non-empty, directory is refused. */
	assert_int_equal(sakra_skeleton_create(dir, fw, &vars, &err), SAKRA_EEXISTS);
	sakra_framework_free(fw);

	snprintf(path, sizeof(path), "%s/appendices/ny.md", dir);
	assert_int_equal(sakra_file_write_atomic(path, "x\n", 2, 0644, 0, &err), 0);
	assert_int_equal(sakra_file_write_atomic(path, "y\n", 2, 0644, 0, &err), SAKRA_EEXISTS);

	snprintf(path, sizeof(path), "%s/plan", dir);
	assert_int_equal(sakra_repo_open(&repo, path, &err), 0);   /* from a subdirectory */
	assert_true(sakra_repo_is_git(repo));
	assert_string_equal(sakra_repo_root(repo), dir);

	assert_int_equal(sakra_tree_open(&head, repo, "HEAD", &err), 0);
	assert_int_equal(strlen(head->commit), 40);
	assert_non_null(sakra_tree_find(head, "sakra.yml"));
	assert_non_null(sakra_tree_find(head, "plan/03-allmanna-rutiner.md"));
	assert_null(sakra_tree_find(head, "appendices/ny.md"));
	for (size_t i = 1; i < head->n; i++)
		assert_true(strcmp(head->files[i - 1].path, head->files[i].path) < 0);

	assert_int_equal(sakra_tree_open(&work, repo, NULL, &err), 0);
	assert_non_null(sakra_tree_find(work, "appendices/ny.md"));
	assert_int_equal(work->n, head->n + 1);

	f = sakra_tree_find(head, "plan/02-foremal-och-uppdatering.md");
	assert_int_equal(sakra_tree_read(head, f, &b, 0, &err), 0);
	assert_non_null(strstr(b.ptr, "- Namn: Testvården Ab\n"));
	assert_non_null(strstr(b.ptr, "- FO-nummer: 1234567-1\n"));
	assert_int_equal(sakra_tree_read(head, f, &b, 10, &err), SAKRA_ELIMIT);

	sakra_tree_free(work);
	assert_int_equal(sakra_tree_open(&work, repo, "no-such-rev", &err), SAKRA_ENOTFOUND);
	assert_null(work);
	sakra_buf_free(&b);
	sakra_tree_free(head);
	sakra_repo_free(repo);
}

static void test_identity_and_bad_id(void **state)
{
	struct sakra_framework *fw = NULL;
	struct sakra_skeleton_vars vars = { NULL, "1234567-2" };
	struct sakra_error err;
	char other[96];

	(void)state;
	snprintf(other, sizeof(other), "%s-2", dir);
	assert_int_equal(sakra_framework_load(&fw, "thl-3-2024", &err), 0);
	assert_int_equal(sakra_skeleton_create(other, fw, &vars, &err), SAKRA_EINVAL);
	assert_int_equal(access(other, F_OK), -1);
	sakra_framework_free(fw);
}

/* Runs a shell command in the test's repository. */
static void sh(const char *cmd)
{
	char full[1024];

	snprintf(full, sizeof(full), "cd '%s' && %s", dir, cmd);
	assert_int_equal(system(full), 0);
}

/* The manifest's hash of each file equals sha256sum's, whether the blob is
 * small (libgit2), large and loose, large in a pack, or deltified in a pack
 * (read through libgit2 again): on two threads and again from the memo. */
static char *manifest_matches(const char *rev, int check)
{
	struct sakra_repo *repo = NULL;
	struct sakra_tree *tree = NULL;
	struct sakra_plan *plan = NULL;
	struct sakra_diags diags = SAKRA_DIAGS_INIT;
	struct sakra_buf man = SAKRA_BUF_INIT, again = SAKRA_BUF_INIT;
	struct sakra_error err;
	char cmd[512], line[256];
	FILE *f;
	size_t n = 0;

	assert_int_equal(sakra_repo_open(&repo, dir, &err), 0);
	assert_int_equal(sakra_tree_open(&tree, repo, rev, &err), 0);
	assert_int_equal(sakra_plan_load(&plan, tree, &diags, &err), 0);
	assert_int_equal(sakra_manifest_build(&man, plan, &err), 0);
	assert_int_equal(sakra_manifest_build(&again, plan, &err), 0);
	assert_string_equal(man.ptr, again.ptr);
	snprintf(cmd, sizeof(cmd), "cd '%s' && git ls-files -z | xargs -0 sha256sum", dir);
	assert_non_null(f = popen(cmd, "r"));
	while (check && fgets(line, sizeof(line), f)) {
		assert_non_null(strstr(man.ptr, line));
		n++;
	}
	pclose(f);
	assert_int_equal(n, check ? tree->n : 0);
	sakra_buf_free(&again);
	sakra_diags_free(&diags);
	sakra_plan_free(plan);
	sakra_tree_free(tree);
	sakra_repo_free(repo);
	return sakra_buf_detach(&man);
}

static void test_manifest_hashes(void **state)
{
	struct sakra_repo *repo = NULL;
	struct sakra_tree *tree = NULL;
	struct sakra_error err;
	char *loose, *packed, hex[65];
	int deltas = 0;

	(void)state;
	assert_int_equal(sakra_mkdirs(dir, 0755, NULL), 0);
	sh("git init -q && git config user.name u && git config user.email u@x && "
	   "printf 'x: 1\\n' >sakra.yml && mkdir -p evidence && "
	   "for i in 1 2 3 4 5; do head -c $((1100000 + i)) /dev/urandom >evidence/big$i.bin; done && "
	   "head -c 300000 /dev/urandom >evidence/mid.bin && echo small >evidence/small.txt && "
	   "git add -A && git commit -qm one");
	loose = manifest_matches("HEAD", 1);      /* loose objects */
	/* a near copy of a big file deltifies in a pack */
	sh("cp evidence/big1.bin evidence/big6.bin && printf 'tail' >>evidence/big6.bin && "
	   "git add -A && git commit -qm two && git gc -q --aggressive && "
	   "test -z \"$(find .git/objects -path '*/[0-9a-f][0-9a-f]/*' -type f)\"");
	free(manifest_matches("HEAD", 1));
	/* one of the pair is a delta: it cannot be read without libgit2 */
	assert_int_equal(sakra_repo_open(&repo, dir, &err), 0);
	assert_int_equal(sakra_tree_open(&tree, repo, "HEAD", &err), 0);
	deltas += sakra_tree_sha256(tree, sakra_tree_find(tree, "evidence/big1.bin"), hex, 1, &err);
	deltas += sakra_tree_sha256(tree, sakra_tree_find(tree, "evidence/big6.bin"), hex, 1, &err);
	assert_int_equal(deltas, 1);
	assert_int_equal(sakra_tree_sha256(tree, sakra_tree_find(tree, "evidence/small.txt"), hex, 1,
					   &err), 1);
	assert_int_equal(sakra_tree_sha256(tree, sakra_tree_find(tree, "evidence/small.txt"), hex, 0,
					   &err), 0);
	assert_string_equal(hex, "4c47b3e816fbe7d40cef9f665ba8f0be1ae68b5e8e7ed70f5b6bab7f70528e8f");
	sakra_tree_free(tree);
	sakra_repo_free(repo);
	packed = manifest_matches("HEAD~1", 0);
	assert_string_equal(loose, packed);
	free(loose);
	free(packed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_and_read),
		cmocka_unit_test(test_identity_and_bad_id),
		cmocka_unit_test(test_manifest_hashes),
	};

	return cmocka_run_group_tests_name("repo", tests, setup, teardown);
}
