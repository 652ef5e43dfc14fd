/* Unit tests: repo and skeleton, on a temporary git repository. */
#include "unit.h"

#include <stdio.h>
#include <unistd.h>

#include "sakra/framework.h"
#include "sakra/repo.h"
#include "sakra/skeleton.h"
#include "sakra/util.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_and_read),
		cmocka_unit_test(test_identity_and_bad_id),
	};

	return cmocka_run_group_tests_name("repo", tests, setup, teardown);
}
