/* The one error type of the library: a code and a message with file:line. */
#ifndef SAKRA_ERROR_H
#define SAKRA_ERROR_H

#include <stddef.h>

enum sakra_error_code {
	SAKRA_OK = 0,
	SAKRA_ENOMEM = -1,   /* out of memory */
	SAKRA_EIO = -2,      /* reading or writing a file failed */
	SAKRA_EPARSE = -3,   /* malformed input (YAML, Markdown, dates, ...) */
	SAKRA_EGIT = -4,     /* a git operation failed */
	SAKRA_ENOTFOUND = -5,/* a file, revision or id does not exist */
	SAKRA_EEXISTS = -6,  /* refusing to overwrite */
	SAKRA_EINVAL = -7,   /* an argument is not valid */
	SAKRA_ELIMIT = -8,   /* input exceeds a safety limit */
	SAKRA_EAUTH = -9     /* a wrong passphrase or a signature that does not verify */
};

struct sakra_error {
	int code;
	char path[1024];     /* repository-relative file, or "" */
	size_t line;         /* 1-based; 0 when unknown */
	size_t column;       /* 1-based; 0 when unknown */
	char message[1024];
};

/* Sets *err (which may be NULL) and returns code, so callers can write
 * `return sakra_error_set(err, SAKRA_EIO, path, 0, 0, "...")`. */
int sakra_error_set(struct sakra_error *err, int code, const char *path,
		    size_t line, size_t column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Clears *err to "no error". */
void sakra_error_clear(struct sakra_error *err);

/* A short, stable name for a code ("io", "parse", ...). */
const char *sakra_error_name(int code);

#endif
