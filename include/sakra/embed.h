/* embed: the skeletons, frameworks and theme compiled into the binary. */
#ifndef SAKRA_EMBED_H
#define SAKRA_EMBED_H

#include <stddef.h>

struct sakra_embedded_file {
	const char *path;           /* e.g. "content-skeleton/frameworks/thl-3-2024.yml" */
	const unsigned char *data;  /* NUL-terminated for convenience */
	size_t size;
};

extern const struct sakra_embedded_file sakra_embedded_files[];
extern const size_t sakra_embedded_count;

/* The embedded file at path, or NULL. */
const struct sakra_embedded_file *sakra_embedded_find(const char *path);

#endif
