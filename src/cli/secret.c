/* Passphrases: from the first line of --passphrase-file, or asked on the
 * terminal without echo; never from argv or the environment. They live in
 * secure memory and are wiped when freed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/crypto.h"

#define PASS_MAX 1024

/* Reads one line from fd into buf (secure); returns its length or -1. */
static long read_line(int fd, char *buf, size_t size)
{
	size_t n = 0;

	for (;;) {
		char c;
		ssize_t r = read(fd, &c, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || c == '\n')
			break;
		if (n + 1 >= size)
			return -1;
		buf[n++] = c;
	}
	if (n && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	return (long)n;
}

static long ask(int tty, const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	long n;

	if (write(tty, prompt, strlen(prompt)) < 0 || tcgetattr(tty, &old) < 0)
		return -1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	if (tcsetattr(tty, TCSAFLUSH, &quiet) < 0)
		return -1;
	n = read_line(tty, buf, size);
	tcsetattr(tty, TCSAFLUSH, &old);
	if (write(tty, "\n", 1) < 0)
		return -1;
	return n;
}

int cli_passphrase(const char *file, int confirm, const char *what, char **out, size_t *len)
{
	char *pass = sakra_secure_alloc(PASS_MAX), *again = NULL;
	long n = -1;
	int fd;

	*out = NULL;
	if (!pass) {
		cli_errorf("out of secure memory");
		return -1;
	}
	if (file) {
		if ((fd = open(file, O_RDONLY | O_CLOEXEC)) < 0) {
			cli_errorf("%s: %s", file, strerror(errno));
			goto fail;
		}
		n = read_line(fd, pass, PASS_MAX);
		close(fd);
		if (n < 0) {
			cli_errorf("%s: the passphrase line is longer than %d bytes", file, PASS_MAX - 1);
			goto fail;
		}
	} else {
		char prompt[256];

		if ((fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) < 0) {
			cli_errorf("no terminal to ask for the passphrase; use --passphrase-file");
			goto fail;
		}
		snprintf(prompt, sizeof(prompt), "Passphrase for %s: ", what);
		n = ask(fd, prompt, pass, PASS_MAX);
		if (n >= 0 && confirm) {
			if (!(again = sakra_secure_alloc(PASS_MAX)) ||
			    ask(fd, "Again: ", again, PASS_MAX) < 0 || strcmp(pass, again) != 0) {
				close(fd);
				cli_errorf("the passphrases do not match");
				goto fail;
			}
		}
		close(fd);
		if (n < 0) {
			cli_errorf("cannot read the passphrase from the terminal");
			goto fail;
		}
	}
	if (n == 0) {
		cli_errorf("the passphrase is empty%s", confirm ? " (use --no-passphrase for a key "
			   "without one)" : "");
		goto fail;
	}
	sakra_secure_free(again);
	*out = pass;
	*len = (size_t)n;
	return 0;
fail:
	sakra_secure_free(again);
	sakra_secure_free(pass);
	return -1;
}
