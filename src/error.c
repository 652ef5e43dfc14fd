/* error: filling and naming struct sakra_error. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

/* --- translated formats -------------------------------------------------- */

#define CONV_MAX 32

/* The argument types a printf format reads, as short codes in reading
 * order: "*" for a width or precision, else the length modifier and conversion ("ld",
 * "zu" -> "zd", 'i' as 'd', 'u'/'x'/'o'/'X' as 'd'). With positions
 * ("%2$s"), types[n-1] is the type at n. -1 when the format is malformed
 * or mixes positional and plain conversions. */
static int conversions(const char *f, char types[CONV_MAX][4], int *positional)
{
	int n = 0, max = 0;

	*positional = -1;
	for (const char *p = f; (p = strchr(p, '%')) != NULL;) {
		char t[4] = "";
		size_t tl = 0;
		int pos = 0;

		p++;
		if (*p == '%') {
			p++;
			continue;
		}
		if (*p >= '1' && *p <= '9') {
			const char *q = p;

			while (*q >= '0' && *q <= '9')
				q++;
			if (*q == '$') {
				pos = atoi(p);
				p = q + 1;
			}
		}
		if (*positional == -1)
			*positional = pos > 0;
		else if (*positional != (pos > 0))
			return -1;
		while (*p && strchr("-+ #0'", *p))
			p++;
		for (int part = 0; part < 2; part++) {
			if (part == 1 && *p != '.')
				break;
			p += part;
			if (*p == '*') {   /* a width or precision argument: an int */
				if (pos > 0 || n == CONV_MAX)
					return -1;
				memcpy(types[n++], "*", 2);
				p++;
			}
			while (*p >= '0' && *p <= '9')
				p++;
		}
		while (*p && strchr("hlLqjzt", *p) && tl < 2)
			t[tl++] = *p == 'z' ? 'z' : *p, p++;
		if (!*p || !strchr("diouxXeEfgGaAcspn", *p) || *p == 'n')
			return -1;
		t[tl++] = strchr("iouxX", *p) ? 'd' : strchr("eEfgGaA", *p) ? 'f' : *p;
		t[tl] = 0;
		p++;
		if (pos > 0) {
			if (pos > CONV_MAX)
				return -1;
			if (types[pos - 1][0] && strcmp(types[pos - 1], t))
				return -1;
			memcpy(types[pos - 1], t, sizeof(t));
			max = pos > max ? pos : max;
		} else {
			if (n == CONV_MAX)
				return -1;
			memcpy(types[n++], t, sizeof(t));
		}
	}
	return *positional == 1 ? max : n;
}

/* Whether translated reads the arguments english reads. */
static int same_conversions(const char *english, const char *translated)
{
	char a[CONV_MAX][4], b[CONV_MAX][4];
	int pa, pb, na, nb;

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	if ((na = conversions(english, a, &pa)) < 0 || (nb = conversions(translated, b, &pb)) < 0 ||
	    na != nb)
		return 0;
	for (int i = 0; i < na; i++)
		if (!b[i][0] || strcmp(a[i], b[i]) != 0)
			return 0;
	return 1;
}

const char *sakra_tr(const char *fmt)
{
	const char *t;

	if (!fmt || !*fmt)
		return fmt;
	t = dgettext(SAKRA_TEXTDOMAIN, fmt);
	return t == fmt || same_conversions(fmt, t) ? t : fmt;
}

const char *sakra_ui_lang(void)
{
	/* TRANSLATORS: the language code of this catalogue after the colon
	   (sv, fi); nothing else */
	const char *t = sakra_tr("language code: en"), *code = strrchr(t, ' ');

	return code && code[1] && strlen(code + 1) <= 3 ? code + 1 : "en";
}

const char *sakra_trn(const char *one, const char *many, unsigned long n)
{
	const char *english = n == 1 ? one : many;
	const char *t = dngettext(SAKRA_TEXTDOMAIN, one, many, n);

	return t == english || same_conversions(english, t) ? t : english;
}
