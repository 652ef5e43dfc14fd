/* yaml: a small YAML tree with line numbers, read with libyaml.
 *
 * Plan files are untrusted input: aliases are refused (no "billion laughs"),
 * nesting is bounded, duplicate keys are errors, one document only. */
#ifndef SAKRA_YAML_H
#define SAKRA_YAML_H

#include <stddef.h>

#include "sakra/error.h"

enum sakra_yaml_type { SAKRA_YAML_SCALAR, SAKRA_YAML_SEQ, SAKRA_YAML_MAP };

#define SAKRA_YAML_MAX_DEPTH 32
/* Values in one document at most (keys, items and scalars). */
#define SAKRA_YAML_MAX_NODES 1000000

struct sakra_yaml;

struct sakra_yaml_pair {
	struct sakra_yaml *key;   /* always a scalar */
	struct sakra_yaml *value;
};

struct sakra_yaml {
	enum sakra_yaml_type type;
	size_t line, column;      /* 1-based, in the file the text came from */
	char *value;              /* scalars: the text ("" for null) */
	int plain;                /* scalars: unquoted (so "null", "~" mean null) */
	struct sakra_yaml **items;       /* sequences */
	struct sakra_yaml_pair *pairs;   /* mappings, in document order */
	size_t n;                 /* number of items or pairs */
};

/* Parses text (len bytes) that starts at line `first_line` of its file.
 * *out is NULL for an empty document. On error, err has the line. */
int sakra_yaml_parse(struct sakra_yaml **out, const char *text, size_t len,
		     size_t first_line, struct sakra_error *err);
void sakra_yaml_free(struct sakra_yaml *node);

/* The value for key in a mapping, or NULL (also when node is not a map). */
struct sakra_yaml *sakra_yaml_get(const struct sakra_yaml *map, const char *key);
/* The pair for key, or NULL. */
const struct sakra_yaml_pair *sakra_yaml_pair_get(const struct sakra_yaml *map,
						  const char *key);
/* A scalar's text, or NULL when node is NULL, not a scalar, or a plain
 * null ("", "~", "null"). */
const char *sakra_yaml_str(const struct sakra_yaml *node);

/* Lists where a single value may stand for a list of one ("covers: 6.4" or
 * "covers: [6.4, 8]"): the number of items (0 for NULL), and item i. */
size_t sakra_yaml_count(const struct sakra_yaml *node);
const struct sakra_yaml *sakra_yaml_item(const struct sakra_yaml *node, size_t i);

#endif
