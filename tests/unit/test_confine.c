/* Unit tests: confine (Landlock and seccomp for the readers of untrusted
 * input; a stage moved to its name by the unconfined parent). Each case
 * confines a forked child, never the test process. */
#include "unit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sakra/confine.h"
#include "sakra/fs.h"

#define root tmp_root

static int landlock_here(void)
{
	return syscall(SYS_landlock_create_ruleset, NULL, 0, 1U) >= 1;
}

/* The exit status of fn run in a forked child (the line of the first check
 * that failed, 0 when all held). */
static int in_child(int (*fn)(void))
{
	pid_t pid;
	int status;

	fflush(NULL);
	if ((pid = fork()) == 0)
		_exit(fn());
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

#define CHECK(x) do { if (!(x)) return __LINE__ % 250 + 1; } while (0)

static void put(const char *dir, const char *name)
{
	char p[256];
	struct sakra_error err;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	sakra_file_write_new(p, "x", 1, 0644, &err);
}

static int try_open(const char *dir, const char *name, int flags)
{
	char p[256];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	if ((fd = open(p, flags, 0644)) < 0)
		return errno;
	close(fd);
	return 0;
}

static int confined_reader(void)
{
	struct sakra_confine c;
	struct sakra_buf said = SAKRA_BUF_INIT;
	struct sakra_error err;
	char in[128], out[128];
	int ll = landlock_here(), fd;

	snprintf(in, sizeof(in), "%s/in", root);
	snprintf(out, sizeof(out), "%s/out", root);
	memset(&c, 0, sizeof(c));
	sakra_confine_read(&c, in);
	sakra_confine_read(&c, "/no/such/input");   /* left out, not an error */
	sakra_confine_write(&c, out);
	CHECK(sakra_confine_apply(&c, &said, &err) == 0);
	CHECK(strstr(said.ptr, ll ? "writes only beneath" : "Landlock is not used"));
	CHECK(strstr(said.ptr, "seccomp: no exec"));
	/* the input and the output folder */
	CHECK(try_open(in, "a.txt", O_RDONLY) == 0);
	CHECK(try_open(out, "new.txt", O_WRONLY | O_CREAT | O_EXCL) == 0);
	if (ll) {
		/* nothing else: not read, not written */
		CHECK(try_open(root, "secret.txt", O_RDONLY) == EACCES);
		CHECK(try_open(root, "planted.txt", O_WRONLY | O_CREAT | O_EXCL) == EACCES);
		CHECK(try_open(in, "planted.txt", O_WRONLY | O_CREAT | O_EXCL) == EACCES);
		CHECK(try_open(in, "a.txt", O_WRONLY) == EACCES);
	}
	/* no program run, no network socket; a local one stays */
	{
		char *const args[] = { (char *)"/bin/true", NULL };

		execv(args[0], args);
		CHECK(errno == EPERM);
	}
	CHECK(socket(AF_INET, SOCK_STREAM, 0) < 0 && errno == EPERM);
	CHECK(socket(AF_INET6, SOCK_DGRAM, 0) < 0 && errno == EPERM);
	CHECK((fd = socket(AF_UNIX, SOCK_STREAM, 0)) >= 0);
	close(fd);
	sakra_buf_free(&said);
	return 0;
}

static void test_reader(void **state)
{
	char p[128];

	(void)state;
	snprintf(p, sizeof(p), "%s/in", root);
	mkdir(p, 0755);
	put(p, "a.txt");
	snprintf(p, sizeof(p), "%s/out", root);
	mkdir(p, 0755);
	put(root, "secret.txt");
	if (!landlock_here())
		print_message("this kernel does not offer Landlock: only seccomp is tested\n");
	assert_int_equal(in_child(confined_reader), 0);
	snprintf(p, sizeof(p), "%s/planted.txt", root);
	assert_int_equal(access(p, F_OK), -1);
	snprintf(p, sizeof(p), "%s/out/new.txt", root);
	assert_int_equal(access(p, F_OK), 0);
}

/* A stage: written inside by the confined child, moved beside it by the
 * parent; a move elsewhere is refused. */
static char stage[160];
static int stage_exit;

static int staged(void)
{
	struct sakra_confine c;
	struct sakra_buf said = SAKRA_BUF_INIT;
	struct sakra_error err;
	char to[200];

	memset(&c, 0, sizeof(c));
	sakra_confine_write(&c, stage);
	c.stage = stage;
	CHECK(sakra_confine_apply(&c, &said, &err) == 0);   /* returns in the child */
	sakra_buf_free(&said);
	put(stage, "page.html");
	if (stage_exit)
		return stage_exit;   /* ends without moving it */
	snprintf(to, sizeof(to), "%s/elsewhere/opened", root);
	CHECK(sakra_confine_rename(stage, to) < 0 && errno == EPERM);
	snprintf(to, sizeof(to), "%s/opened/..", root);
	CHECK(sakra_confine_rename(stage, to) < 0 && errno == EPERM);
	snprintf(to, sizeof(to), "%s/x/opened", root);
	CHECK(sakra_confine_rename(to, to) < 0 && errno == EPERM);   /* not the stage */
	snprintf(to, sizeof(to), "%s/x/taken", root);
	CHECK(sakra_confine_rename(stage, to) < 0 && errno == EEXIST);   /* never over anything */
	snprintf(to, sizeof(to), "%s/x/opened", root);
	CHECK(sakra_confine_rename(stage, to) == 0);
	return 0;
}

static void test_stage(void **state)
{
	char p[200];

	(void)state;
	snprintf(p, sizeof(p), "%s/x", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/x/taken", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/elsewhere", root);
	mkdir(p, 0755);
	snprintf(stage, sizeof(stage), "%s/x/opened.tmp-AbC123", root);
	assert_int_equal(mkdir(stage, 0755), 0);
	stage_exit = 0;
	assert_int_equal(in_child(staged), 0);
	snprintf(p, sizeof(p), "%s/x/opened/page.html", root);
	assert_int_equal(access(p, F_OK), 0);
	assert_int_equal(access(stage, F_OK), -1);
	/* the child ends (fails) without moving it: the parent removes the
	 * stage, which the child may not, and ends as the child did */
	assert_int_equal(mkdir(stage, 0755), 0);
	stage_exit = 7;
	assert_int_equal(in_child(staged), 7);
	assert_int_equal(access(stage, F_OK), -1);
}

/* Not confined: the rename refuses to replace even an empty folder. */
static void test_rename_unconfined(void **state)
{
	char a[160], b[160];

	(void)state;
	snprintf(a, sizeof(a), "%s/ra", root);
	snprintf(b, sizeof(b), "%s/rb", root);
	assert_int_equal(mkdir(a, 0755), 0);
	assert_int_equal(mkdir(b, 0755), 0);
	assert_int_equal(sakra_confine_rename(a, b), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(rmdir(b), 0);
	assert_int_equal(sakra_confine_rename(a, b), 0);
	assert_int_equal(access(b, F_OK), 0);
}

static int too_many(void)
{
	struct sakra_confine c;
	struct sakra_buf said = SAKRA_BUF_INIT;
	struct sakra_error err;

	memset(&c, 0, sizeof(c));
	for (int i = 0; i <= SAKRA_CONFINE_MAX; i++)
		sakra_confine_read(&c, "/usr");
	CHECK(sakra_confine_apply(&c, &said, &err) == SAKRA_ELIMIT);
	sakra_buf_free(&said);
	return 0;
}

/* A converter: the one program named may be run, and what it runs keeps
 * the limits, so it may run nothing else (env cannot start /bin/true). */
static char true_path[4096], env_path[4096];

static int run_in(char *const args[])
{
	pid_t pid;
	int status;

	fflush(NULL);
	if ((pid = fork()) == 0) {
		int fd = open("/dev/null", O_RDWR);

		dup2(fd, 1);
		dup2(fd, 2);
		execv(args[0], args);
		_exit(errno == EACCES || errno == EPERM ? 125 : 127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int converter(void)
{
	struct sakra_confine c;
	struct sakra_buf said = SAKRA_BUF_INIT;
	struct sakra_error err;
	char out[128];
	char *const runs[] = { env_path, (char *)"--", NULL };
	char *const nested[] = { env_path, true_path, NULL };
	char *const other[] = { true_path, NULL };

	snprintf(out, sizeof(out), "%s/out", root);
	memset(&c, 0, sizeof(c));
	sakra_confine_write(&c, out);
	c.exec = env_path;
	CHECK(sakra_confine_apply(&c, &said, &err) == 0);
	CHECK(strstr(said.ptr, "seccomp: no network sockets, no ptrace"));
	CHECK(!landlock_here() || strstr(said.ptr, ", runs only "));
	sakra_buf_free(&said);
	CHECK(run_in(runs) == 0);   /* the program itself runs */
	if (landlock_here()) {
		CHECK(run_in(nested) != 0);   /* it runs nothing else */
		CHECK(run_in(other) == 125);   /* nor does the confined process */
	}
	CHECK(socket(AF_INET, SOCK_STREAM, 0) < 0 && errno == EPERM);
	return 0;
}

static void test_converter(void **state)
{
	(void)state;
	assert_non_null(realpath("/usr/bin/env", env_path));
	assert_non_null(realpath("/bin/true", true_path));
	assert_int_equal(in_child(converter), 0);
}

static void test_too_many(void **state)
{
	(void)state;
	assert_int_equal(in_child(too_many), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_stage),
		cmocka_unit_test(test_rename_unconfined),
		cmocka_unit_test(test_converter),
		cmocka_unit_test(test_too_many),
	};

	return cmocka_run_group_tests_name("confine", tests, tmp_setup, tmp_teardown);
}
