/* confine: a command that reads what strangers send (a bundle, an inbox of
 * bundles, the folder an editor opens) limits itself once its inputs and
 * outputs are known, so that a flaw in a parser it uses (archives, age,
 * zip, YAML, Markdown, templates) cannot reach beyond them:
 *
 *  - Landlock (Linux 5.13+): files are read only beneath the inputs given
 *    and what sakra itself needs (/usr, /etc, /proc/self, /dev/null,
 *    /dev/urandom, /dev/tty for a passphrase), written only beneath the
 *    output folders given; nothing is executed; on Linux 6.7+ (Landlock
 *    ABI 4) no TCP port is bound or connected to.
 *  - seccomp (libseccomp): execve, execveat, ptrace, process_vm_readv/
 *    writev and sockets of any family but AF_UNIX fail with EPERM. (Under
 *    AddressSanitizer ptrace stays: its leak checker needs it.)
 *
 * An output folder that must appear whole under its final name (what
 * 'open' unpacks) is a stage: the confined process writes inside it, and
 * the move to its final name beside it is done by the unconfined parent,
 * which does nothing else (sakra_confine_rename), and removes the stage if
 * the confined process ends without moving it.
 *
 * On a kernel without Landlock the process is confined by seccomp alone and
 * says so in what sakra_confine_apply reports. */
#ifndef SAKRA_CONFINE_H
#define SAKRA_CONFINE_H

#include <stddef.h>

#include "sakra/buf.h"
#include "sakra/error.h"

#define SAKRA_CONFINE_MAX 40

struct sakra_confine {
	const char *reads[SAKRA_CONFINE_MAX];    /* files or folders read beneath */
	size_t nreads;
	const char *writes[SAKRA_CONFINE_MAX];   /* folders written beneath */
	size_t nwrites;
	const char *stage;   /* a stage (also in writes): moved by the parent */
	/* the one program the process goes on to execute (a converter that
	 * reads the stranger's file in its place), or NULL: then Landlock lets
	 * it, and the dynamic loader its ELF header names, be executed and
	 * nothing else, and seccomp leaves execve (not execveat) alone; what
	 * it runs keeps every other limit */
	const char *exec;
};

/* Adds a path read or a folder written (NULL is ignored; so are more than
 * SAKRA_CONFINE_MAX, which is an error when applied). */
void sakra_confine_read(struct sakra_confine *c, const char *path);
void sakra_confine_write(struct sakra_confine *c, const char *dir);

/* Confines this process (and the threads it starts after; call it before
 * starting any). One line of what was done goes into said ("Landlock ABI 7
 * and seccomp: ..." or why Landlock is not used). A path that does not
 * exist is left out. With c->stage, forks first: this call returns in the
 * child, confined; the parent serves its renames and exits with its
 * status. < 0 on an error (the process is then not confined, or partly:
 * the caller must stop).
 *
 * For the tests, SAKRA_TEST_CONFINE in the environment: "no-landlock" acts
 * as a kernel without Landlock; "probe=PATH" then tries to create PATH and
 * to run /bin/true, and says on standard error what each gave. */
int sakra_confine_apply(const struct sakra_confine *c, struct sakra_buf *said,
			struct sakra_error *err);

/* rename(from, to) for a stage: by the parent when confined with a stage
 * (to must be beside from, and not exist), else directly, refusing to
 * replace anything. 0, or -1 with errno. */
int sakra_confine_rename(const char *from, const char *to);

#endif
