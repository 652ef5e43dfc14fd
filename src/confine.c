/* confine: Landlock and seccomp for the readers of untrusted input (see
 * confine.h). */
#define _GNU_SOURCE   /* O_PATH */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <seccomp.h>

#include "sakra/confine.h"
#include "sakra/fs.h"
#include "sakra/intl.h"
#include "sakra/session.h"

/* The Landlock ABI as the kernel defines it (Debian 12's headers stop at
 * ABI 2; the numbers are the kernel's and never change). */
#define LL_CREATE_RULESET_VERSION (1U << 0)
#define LL_RULE_PATH_BENEATH 1
#define LL_EXECUTE (1ULL << 0)
#define LL_WRITE_FILE (1ULL << 1)
#define LL_READ_FILE (1ULL << 2)
#define LL_READ_DIR (1ULL << 3)
#define LL_REMOVE_DIR (1ULL << 4)
#define LL_REMOVE_FILE (1ULL << 5)
#define LL_MAKE_CHAR (1ULL << 6)
#define LL_MAKE_DIR (1ULL << 7)
#define LL_MAKE_REG (1ULL << 8)
#define LL_MAKE_SOCK (1ULL << 9)
#define LL_MAKE_FIFO (1ULL << 10)
#define LL_MAKE_BLOCK (1ULL << 11)
#define LL_MAKE_SYM (1ULL << 12)
#define LL_REFER (1ULL << 13)       /* ABI 2 */
#define LL_TRUNCATE (1ULL << 14)    /* ABI 3 */
#define LL_NET_BIND_TCP (1ULL << 0)       /* ABI 4 */
#define LL_NET_CONNECT_TCP (1ULL << 1)

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif

struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;   /* ABI 4 */
};

struct ll_path_beneath {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

static int broker = -1;   /* the confined child's end to the parent */

void sakra_confine_read(struct sakra_confine *c, const char *path)
{
	if (!path)
		return;
	if (c->nreads < SAKRA_CONFINE_MAX)
		c->reads[c->nreads] = path;
	c->nreads++;   /* more than fit: an error when applied */
}

void sakra_confine_write(struct sakra_confine *c, const char *dir)
{
	if (!dir)
		return;
	if (c->nwrites < SAKRA_CONFINE_MAX)
		c->writes[c->nwrites] = dir;
	c->nwrites++;
}

/* --- Landlock ------------------------------------------------------------------- */

static int ll_rule(int ruleset, const char *path, uint64_t file_rights, uint64_t dir_rights,
		   struct sakra_error *err)
{
	struct ll_path_beneath pb;
	struct stat st;
	int fd = open(path, O_PATH | O_CLOEXEC), rc = 0;

	/* what does not exist, or cannot be reached now (EACCES), needs no
	 * rule: it could not be read confined either, and the command says so
	 * where it reads it */
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) < 0) {
		rc = sakra_error_set(err, SAKRA_EIO, path, 0, 0, "%s", strerror(errno));
	} else {
		pb.allowed_access = S_ISDIR(st.st_mode) ? dir_rights : file_rights;
		pb.parent_fd = fd;
		if (syscall(SYS_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &pb, 0) < 0)
			rc = sakra_error_set(err, SAKRA_EIO, path, 0, 0, "Landlock refuses a rule "
					     "for it: %s", strerror(errno));
	}
	close(fd);
	return rc;
}

/* The dynamic loader (PT_INTERP) of the 64-bit ELF program at path into
 * out (cap bytes); "" when it has none or is no such program. */
static void elf_interp(const char *path, char *out, size_t cap)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	out[0] = '\0';
	if (fd < 0)
		return;
	if (pread(fd, &eh, sizeof(eh), 0) == (ssize_t)sizeof(eh) &&
	    !memcmp(eh.e_ident, ELFMAG, SELFMAG) && eh.e_ident[EI_CLASS] == ELFCLASS64 &&
	    eh.e_phentsize == sizeof(ph))
		for (unsigned i = 0; i < eh.e_phnum && i < 64; i++) {
			if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + i * sizeof(ph))) !=
			    (ssize_t)sizeof(ph))
				break;
			if (ph.p_type != PT_INTERP || ph.p_filesz == 0 || ph.p_filesz >= cap)
				continue;
			if (pread(fd, out, ph.p_filesz, (off_t)ph.p_offset) != (ssize_t)ph.p_filesz)
				out[0] = '\0';
			else
				out[ph.p_filesz] = '\0';
			break;
		}
	close(fd);
}

/* 1 confined, 0 no Landlock here (why in said), < 0 an error. */
static int landlock(const struct sakra_confine *c, struct sakra_buf *said,
		    struct sakra_error *err)
{
	static const char *const system_reads[] = { "/usr", "/etc", "/proc/self", "/dev/null",
						    "/dev/zero", "/dev/urandom", "/dev/random",
						    NULL };
	const char *test = sakra_session()->test_confine;
	struct ll_ruleset_attr attr;
	uint64_t read_file = LL_READ_FILE, read_dir = LL_READ_FILE | LL_READ_DIR, write_dir;
	long abi;
	size_t size = sizeof(attr.handled_access_fs);
	int ruleset, rc = 0;

	abi = !strncmp(test, "no-landlock", 11) ? (errno = ENOSYS, -1)
	      : syscall(SYS_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);
	if (abi < 1) {
		sakra_buf_printf(said, _("Landlock is not used: %s"), errno == ENOSYS
				 ? _("this kernel does not offer it")
				 : errno == EOPNOTSUPP ? _("it is switched off in this kernel")
				 : strerror(errno));
		return 0;
	}
	if (abi < 2 && c->nwrites) {
		/* ABI 1 forbids every move between folders, which filing into
		 * an archive is: as on a kernel without it */
		sakra_buf_printf(said, _("Landlock is not used: %s"),
				 _("this kernel's first version of it cannot allow moving files "
				   "between folders"));
		return 0;
	}
	memset(&attr, 0, sizeof(attr));
	attr.handled_access_fs = LL_EXECUTE | LL_WRITE_FILE | LL_READ_FILE | LL_READ_DIR |
				 LL_REMOVE_DIR | LL_REMOVE_FILE | LL_MAKE_CHAR | LL_MAKE_DIR |
				 LL_MAKE_REG | LL_MAKE_SOCK | LL_MAKE_FIFO | LL_MAKE_BLOCK |
				 LL_MAKE_SYM;
	write_dir = read_dir | LL_WRITE_FILE | LL_REMOVE_DIR | LL_REMOVE_FILE | LL_MAKE_DIR |
		    LL_MAKE_REG;
	if (abi >= 2) {
		attr.handled_access_fs |= LL_REFER;
		write_dir |= LL_REFER;
	}
	if (abi >= 3) {
		attr.handled_access_fs |= LL_TRUNCATE;
		write_dir |= LL_TRUNCATE;
	}
	if (abi >= 4) {
		attr.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
		size = sizeof(attr);
	}
	if ((ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0)) < 0)
		return sakra_error_set(err, SAKRA_EIO, NULL, 0, 0, "Landlock: cannot make a "
				       "ruleset: %s", strerror(errno));
	for (size_t i = 0; rc == 0 && system_reads[i]; i++)
		rc = ll_rule(ruleset, system_reads[i], read_file, read_dir, err);
	/* a passphrase is asked on the terminal */
	if (rc == 0)
		rc = ll_rule(ruleset, "/dev/tty", read_file | LL_WRITE_FILE, 0, err);
	for (size_t i = 0; rc == 0 && i < c->nreads; i++)
		rc = ll_rule(ruleset, c->reads[i], read_file, read_dir, err);
	for (size_t i = 0; rc == 0 && i < c->nwrites; i++)
		rc = ll_rule(ruleset, c->writes[i], read_file, write_dir, err);
	if (rc == 0 && c->exec) {
		char interp[256];

		elf_interp(c->exec, interp, sizeof(interp));
		rc = ll_rule(ruleset, c->exec, read_file | LL_EXECUTE, 0, err);
		if (rc == 0 && interp[0])
			rc = ll_rule(ruleset, interp, read_file | LL_EXECUTE, 0, err);
	}
	if (rc == 0 && syscall(SYS_landlock_restrict_self, ruleset, 0) < 0)
		rc = sakra_error_set(err, SAKRA_EIO, NULL, 0, 0, "Landlock: cannot confine "
				     "this process: %s", strerror(errno));
	close(ruleset);
	if (rc == 0)
		sakra_buf_printf(said, c->nwrites ? _("Landlock ABI %ld: reads only its %zu "
							      "inputs and the system's folders, "
							      "writes only beneath %s")
				 : _("Landlock ABI %ld: reads only its %zu inputs and the system's "
				     "folders, writes nothing"), abi, c->nreads,
				 c->nwrites ? c->writes[0] : "");
	for (size_t i = 1; rc == 0 && i < c->nwrites; i++)
		sakra_buf_printf(said, ", %s", c->writes[i]);
	if (rc == 0 && c->exec)
		sakra_buf_printf(said, _(", runs only %s"), c->exec);
	if (rc == 0 && abi >= 4)
		sakra_buf_puts(said, _(", no TCP"));
	return rc < 0 ? rc : 1;
}

/* --- seccomp -------------------------------------------------------------------- */

static int seccomp_filter(int exec, struct sakra_error *err)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int rc = ctx ? 0 : -ENOMEM;

	/* one filter for every thread there is */
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	if (rc == 0 && !exec)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(execve), 0);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(execveat), 0);
#ifndef UNDER_ASAN
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ptrace), 0);
#endif
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(process_vm_readv), 0);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(process_vm_writev), 0);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 1,
				      SCMP_A0(SCMP_CMP_NE, AF_UNIX));
	if (rc == 0)
		rc = seccomp_load(ctx);
	if (ctx)
		seccomp_release(ctx);
	/* a kernel without seccomp filters (or without TSYNC), or valgrind,
	 * which does not run them: as without Landlock, the command runs and
	 * says so (the tests show the filter where there is one) */
	if (rc < 0 && rc != -ENOMEM)
		return 0;
	return rc < 0 ? sakra_error_set(err, SAKRA_EIO, NULL, 0, 0, "seccomp: cannot install "
					"the filter: %s", strerror(-rc)) : 1;
}

/* --- the parent of a stage ------------------------------------------------------ */

static pid_t child;

static void forward(int sig)
{
	if (child > 0)
		kill(child, sig);
}

/* Whether to is a name beside from (the same folder), not "." or "..". */
static int beside(const char *from, const char *to)
{
	const char *fs = strrchr(from, '/'), *ts = strrchr(to, '/');
	size_t fl = fs ? (size_t)(fs - from) : 0, tl = ts ? (size_t)(ts - to) : 0;
	const char *name = ts ? ts + 1 : to;

	return fl == tl && !strncmp(from, to, fl) && *name && strcmp(name, ".") &&
	       strcmp(name, "..");
}

static int rename_new(const char *from, const char *to)
{
	/* renameat2(RENAME_NOREPLACE): never over anything, not even an empty
	 * folder; a file system without it (some network ones) gets rename(2)
	 * after a look, when not confined */
	int rc = (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 1U);

	if (rc < 0 && (errno == EINVAL || errno == ENOSYS) && broker < 0) {
		if (access(to, F_OK) == 0) {
			errno = EEXIST;
			return -1;
		}
		rc = rename(from, to);
	}
	return rc;
}

/* Serves the child's renames of the stage until it ends; then removes the
 * stage if it is still there and ends as the child did. */
static void serve(int fd, const char *stage)
{
	char msg[2 * PATH_MAX + 2];
	int status = 0;

	signal(SIGINT, forward);
	signal(SIGTERM, forward);
	signal(SIGHUP, forward);
	signal(SIGQUIT, forward);
	for (;;) {
		ssize_t n = recv(fd, msg, sizeof(msg) - 1, 0);
		const char *to;
		int answer;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		msg[n] = '\0';
		to = memchr(msg, '\0', (size_t)n) ? msg + strlen(msg) + 1 : NULL;
		if (!to || to > msg + n || strcmp(msg, stage) != 0 || !beside(msg, to))
			answer = EPERM;
		else
			answer = rename_new(msg, to) < 0 ? errno : 0;
		if (send(fd, &answer, sizeof(answer), MSG_NOSIGNAL) < 0)
			break;
	}
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	if (access(stage, F_OK) == 0)
		sakra_remove_tree(stage);
	if (WIFSIGNALED(status)) {
		signal(WTERMSIG(status), SIG_DFL);
		raise(WTERMSIG(status));
		_exit(128 + WTERMSIG(status));
	}
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 2);
}

int sakra_confine_rename(const char *from, const char *to)
{
	char msg[2 * PATH_MAX + 2];
	size_t fl = strlen(from), tl = strlen(to);
	int answer;

	if (broker < 0)
		return rename_new(from, to);
	if (fl + tl + 2 > sizeof(msg)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(msg, from, fl + 1);
	memcpy(msg + fl + 1, to, tl + 1);
	if (send(broker, msg, fl + tl + 2, MSG_NOSIGNAL) < 0 ||
	    recv(broker, &answer, sizeof(answer), 0) != (ssize_t)sizeof(answer))
		return -1;
	if (answer) {
		errno = answer;
		return -1;
	}
	return 0;
}

/* Forks: returns 0 in the child; the parent serves it and never returns. */
static int split(const char *stage, struct sakra_error *err)
{
	int sv[2];
	char *copy = strdup(stage);

	if (!copy)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		free(copy);
		return sakra_error_set(err, SAKRA_EIO, NULL, 0, 0, "cannot confine: %s",
				       strerror(errno));
	}
	fflush(NULL);   /* what stdio holds is written once, not by both */
	if ((child = fork()) < 0) {
		free(copy);
		close(sv[0]);
		close(sv[1]);
		return sakra_error_set(err, SAKRA_EIO, NULL, 0, 0, "cannot confine: %s",
				       strerror(errno));
	}
	if (child > 0) {
		close(sv[1]);
		serve(sv[0], copy);
	}
	free(copy);
	close(sv[0]);
	broker = sv[1];
	/* the parent gone (killed), the child goes too */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	return 0;
}

/* --- together ------------------------------------------------------------------- */

static void probe(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	pid_t pid;
	int status;

	fprintf(stderr, "sakra: confine probe: create %s: %s\n", path,
		fd < 0 ? strerror(errno) : "created");
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	fflush(NULL);
	if ((pid = fork()) == 0) {
		char *const args[] = { (char *)"/bin/true", NULL };

		execv(args[0], args);
		_exit(errno == EPERM ? 126 : errno == EACCES ? 125 : 127);
	}
	/* seccomp refuses with EPERM, Landlock (a program may be run) EACCES */
	if (pid > 0 && waitpid(pid, &status, 0) == pid)
		fprintf(stderr, "sakra: confine probe: exec /bin/true: %s\n",
			WIFEXITED(status) && WEXITSTATUS(status) == 126 ? strerror(EPERM)
			: WIFEXITED(status) && WEXITSTATUS(status) == 125 ? strerror(EACCES)
			: WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "ran" : "failed");
}

int sakra_confine_apply(const struct sakra_confine *c, struct sakra_buf *said,
			struct sakra_error *err)
{
	const char *test = sakra_session()->test_confine;
	int rc;

	if (c->nreads > SAKRA_CONFINE_MAX || c->nwrites > SAKRA_CONFINE_MAX)
		return sakra_error_set(err, SAKRA_ELIMIT, NULL, 0, 0, "too many inputs to confine "
				       "to (at most %d)", SAKRA_CONFINE_MAX);
	if (c->stage && (rc = split(c->stage, err)) < 0)
		return rc;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return sakra_error_set(err, SAKRA_EIO, NULL, 0, 0, "cannot confine: %s",
				       strerror(errno));
	sakra_buf_clear(said);
	if ((rc = landlock(c, said, err)) < 0 || (rc = seccomp_filter(c->exec != NULL, err)) < 0)
		return rc;
	/* what seccomp refuses (under AddressSanitizer ptrace stays: its leak
	 * checker needs it) */
	if (rc == 0)
		sakra_buf_puts(said, _("; seccomp is not used: this system does not run its "
				       "filters"));
	else if (c->exec)
		sakra_buf_puts(said, _("; seccomp: no network sockets, no ptrace"));
	else
#ifdef UNDER_ASAN
		sakra_buf_puts(said, _("; seccomp: no exec, no network sockets (ptrace left to the "
				       "leak checker)"));
#else
		sakra_buf_puts(said, _("; seccomp: no exec, no network sockets, no ptrace"));
#endif
	if (!strncmp(test, "probe=", 6))
		probe(test + 6);
	else if (!strncmp(test, "no-landlock,probe=", 18))
		probe(test + 18);
	return 0;
}
