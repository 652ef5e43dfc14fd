/* error: filling and naming struct sakra_error. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sakra/error.h"
#include "sakra/intl.h"

int sakra_error_set(struct sakra_error *err, int code, const char *path,
		    size_t line, size_t column, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	snprintf(err->path, sizeof(err->path), "%s", path ? path : "");
	err->line = line;
	err->column = column;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), sakra_tr(fmt), ap);
	va_end(ap);
	return code;
}

void sakra_error_clear(struct sakra_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

const char *sakra_error_name(int code)
{
	switch (code) {
	case SAKRA_OK: return "ok";
	case SAKRA_ENOMEM: return "out of memory";
	case SAKRA_EIO: return "i/o";
	case SAKRA_EPARSE: return "parse";
	case SAKRA_EGIT: return "git";
	case SAKRA_ENOTFOUND: return "not found";
	case SAKRA_EEXISTS: return "exists";
	case SAKRA_EINVAL: return "invalid";
	case SAKRA_ELIMIT: return "limit";
	case SAKRA_EAUTH: return "auth";
	}
	return "unknown";
}
