/* buf: the growable text buffer every module builds strings with. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sakra/buf.h"
#include "sakra/error.h"

int sakra_grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *p;
	size_t c;

	if (n < *cap)
		return 0;
	if (*cap > SIZE_MAX / 2 / size)
		return SAKRA_ENOMEM;
	c = *cap ? *cap * 2 : 8;
	if (!(p = realloc(*v, c * size)))
		return SAKRA_ENOMEM;
	*v = p;
	*cap = c;
	return 0;
}

int sakra_buf_grow(struct sakra_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		return SAKRA_ENOMEM;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->ptr, cap);
	if (!p)
		return SAKRA_ENOMEM;
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int sakra_buf_put(struct sakra_buf *b, const void *data, size_t len)
{
	if (sakra_buf_grow(b, len) < 0)
		return SAKRA_ENOMEM;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int sakra_buf_puts(struct sakra_buf *b, const char *s)
{
	return sakra_buf_put(b, s, strlen(s));
}

int sakra_buf_putc(struct sakra_buf *b, char c)
{
	return sakra_buf_put(b, &c, 1);
}

int sakra_buf_vprintf(struct sakra_buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || sakra_buf_grow(b, (size_t)n) < 0)
		return SAKRA_ENOMEM;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int sakra_buf_printf(struct sakra_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = sakra_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *sakra_buf_cstr(const struct sakra_buf *b)
{
	return b->ptr ? b->ptr : "";
}

void sakra_buf_clear(struct sakra_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

char *sakra_buf_detach(struct sakra_buf *b)
{
	char *p = b->ptr ? b->ptr : strdup("");

	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void sakra_buf_free(struct sakra_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

int sakra_buf_put_markdown(struct sakra_buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]<>#|", *s) && sakra_buf_putc(b, '\\') < 0)
			return SAKRA_ENOMEM;
		if (sakra_buf_putc(b, *s) < 0)
			return SAKRA_ENOMEM;
	}
	return 0;
}

int sakra_buf_put_yaml(struct sakra_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		int rc;

		if (c == '"' || c == '\\')
			rc = sakra_buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			rc = sakra_buf_printf(b, "\\x%02x", c);
		else
			rc = sakra_buf_putc(b, (char)c);
		if (rc < 0)
			return SAKRA_ENOMEM;
	}
	return 0;
}

int sakra_buf_put_html(struct sakra_buf *b, const char *s)
{
	const char *run = s;
	int rc = 0;

	for (; s && *s && rc == 0; s++) {
		const char *e;

		switch (*s) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		default: continue;
		}
		rc |= sakra_buf_put(b, run, (size_t)(s - run));
		rc |= sakra_buf_puts(b, e);
		run = s + 1;
	}
	if (rc == 0 && s)
		rc = sakra_buf_put(b, run, (size_t)(s - run));
	return rc ? SAKRA_ENOMEM : 0;
}
