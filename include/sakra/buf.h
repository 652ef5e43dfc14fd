/* A growable byte buffer, always NUL-terminated, for building text. */
#ifndef SAKRA_BUF_H
#define SAKRA_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct sakra_buf {
	char *ptr;  /* NUL-terminated once anything was added; may be NULL */
	size_t len;
	size_t cap;
};

#define SAKRA_BUF_INIT { NULL, 0, 0 }

/* All return 0, or SAKRA_ENOMEM (and the buffer stays as it was). */
int sakra_buf_grow(struct sakra_buf *b, size_t extra);
/* Room in the array *v of *cap elements of size bytes for one more than n:
 * doubled when full. 0, or SAKRA_ENOMEM (*v unchanged). */
int sakra_grow(void **v, size_t *cap, size_t n, size_t size);
int sakra_buf_put(struct sakra_buf *b, const void *data, size_t len);
int sakra_buf_puts(struct sakra_buf *b, const char *s);
int sakra_buf_putc(struct sakra_buf *b, char c);
int sakra_buf_printf(struct sakra_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int sakra_buf_vprintf(struct sakra_buf *b, const char *fmt, va_list ap);
/* Appends s escaped so that Markdown shows it as written (brackets would
 * read as placeholders, emphasis and HTML characters change the text). */
int sakra_buf_put_markdown(struct sakra_buf *b, const char *s);
/* Appends s with &, <, >, " and ' escaped for HTML text and attributes. */
int sakra_buf_put_html(struct sakra_buf *b, const char *s);
/* Appends s as the contents of a double-quoted YAML scalar. */
int sakra_buf_put_yaml(struct sakra_buf *b, const char *s);

/* The contents, or "" for an empty buffer. */
const char *sakra_buf_cstr(const struct sakra_buf *b);
void sakra_buf_clear(struct sakra_buf *b);
/* Hands the memory to the caller (free() it); the buffer becomes empty. */
char *sakra_buf_detach(struct sakra_buf *b);
void sakra_buf_free(struct sakra_buf *b);

#endif
