/* What the fuzz harnesses share: each is a libFuzzer target over one
 * reader of untrusted input, built with ASan and UBSan (make fuzz). */
#ifndef SAKRA_FUZZ_H
#define SAKRA_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sakra/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A source that gives data in pieces of varying size. */
struct fuzz_source {
	const uint8_t *data;
	size_t len, at;
};

static inline long fuzz_read(void *ctx, void *buf, size_t len, struct sakra_error *err)
{
	struct fuzz_source *s = ctx;
	size_t n = s->len - s->at;

	(void)err;
	if (n > len)
		n = len;
	if (n > 7777)   /* libarchive and the age reader see odd boundaries */
		n = 7777;
	memcpy(buf, s->data + s->at, n);
	s->at += n;
	return (long)n;
}

#endif
