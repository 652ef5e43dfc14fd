/* yaml: libyaml's event stream turned into a tree with line numbers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "sakra/yaml.h"

struct builder {
	struct sakra_yaml *stack[SAKRA_YAML_MAX_DEPTH + 1];
	size_t depth;
	size_t nodes;
	struct sakra_yaml *root;
	size_t first_line;
};

static struct sakra_yaml *node_new(enum sakra_yaml_type type, const yaml_mark_t *m,
				   size_t first_line)
{
	struct sakra_yaml *n = calloc(1, sizeof(*n));

	if (n) {
		n->type = type;
		n->line = m->line + first_line;
		n->column = m->column + 1;
	}
	return n;
}

void sakra_yaml_free(struct sakra_yaml *node)
{
	if (!node)
		return;
	for (size_t i = 0; i < node->n; i++) {
		if (node->type == SAKRA_YAML_SEQ) {
			sakra_yaml_free(node->items[i]);
		} else if (node->type == SAKRA_YAML_MAP) {
			sakra_yaml_free(node->pairs[i].key);
			sakra_yaml_free(node->pairs[i].value);
		}
	}
	free(node->items);
	free(node->pairs);
	free(node->value);
	free(node);
}

/* Room for one more element in an array of n, grown geometrically: the
 * capacity is the next power of two, so it need not be stored. */
static int room(void **v, size_t n, size_t size)
{
	void *p;

	if (n && (n & (n - 1)))
		return 0;
	if (!(p = realloc(*v, (n ? 2 * n : 1) * size)))
		return -1;
	*v = p;
	return 0;
}

/* Attaches a finished node to the container on top of the stack. */
static int attach(struct builder *b, struct sakra_yaml *n, struct sakra_error *err)
{
	struct sakra_yaml *top;

	if (++b->nodes > SAKRA_YAML_MAX_NODES) {
		sakra_error_set(err, SAKRA_ELIMIT, NULL, n->line, n->column,
				"more than %d YAML values", SAKRA_YAML_MAX_NODES);
		sakra_yaml_free(n);
		return SAKRA_ELIMIT;
	}
	if (b->depth == 0) {
		b->root = n;
		return 0;
	}
	top = b->stack[b->depth - 1];
	if (top->type == SAKRA_YAML_SEQ) {
		if (room((void **)&top->items, top->n, sizeof(*top->items)) < 0)
			goto nomem;
		top->items[top->n++] = n;
		return 0;
	}
	/* A mapping: a pair whose value is NULL is waiting for its value. */
	if (top->n > 0 && top->pairs[top->n - 1].value == NULL) {
		top->pairs[top->n - 1].value = n;
		return 0;
	}
	if (n->type != SAKRA_YAML_SCALAR) {
		sakra_error_set(err, SAKRA_EPARSE, NULL, n->line, n->column,
				"a mapping key must be plain text");
		sakra_yaml_free(n);
		return SAKRA_EPARSE;
	}
	if (room((void **)&top->pairs, top->n, sizeof(*top->pairs)) < 0)
		goto nomem;
	top->pairs[top->n].key = n;
	top->pairs[top->n].value = NULL;
	top->n++;
	return 0;
nomem:
	sakra_yaml_free(n);
	return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
}

static int cmp_key(const void *a, const void *b)
{
	const struct sakra_yaml *x = *(const struct sakra_yaml *const *)a;
	const struct sakra_yaml *y = *(const struct sakra_yaml *const *)b;
	int c = strcmp(x->value, y->value);

	if (c)
		return c;
	if (x->line != y->line)
		return (x->line > y->line) - (x->line < y->line);
	return (x->column > y->column) - (x->column < y->column);
}

/* A finished mapping has no key twice: the keys sorted (n log n, not n²),
 * the earliest second use reported with the line of the first. */
static int no_duplicates(const struct sakra_yaml *map, struct sakra_error *err)
{
	const struct sakra_yaml **keys, *first = NULL, *dup = NULL;

	if (map->n < 2)
		return 0;
	if (!(keys = malloc(map->n * sizeof(*keys))))
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < map->n; i++)
		keys[i] = map->pairs[i].key;
	qsort(keys, map->n, sizeof(*keys), cmp_key);
	for (size_t i = 1; i < map->n; i++) {
		if (strcmp(keys[i]->value, keys[i - 1]->value) != 0 ||
		    (i >= 2 && strcmp(keys[i - 2]->value, keys[i - 1]->value) == 0))
			continue;   /* not the second use of its key */
		if (!dup || keys[i]->line < dup->line) {
			first = keys[i - 1];
			dup = keys[i];
		}
	}
	if (dup)
		sakra_error_set(err, SAKRA_EPARSE, NULL, dup->line, dup->column,
				"duplicate key '%s' (first at line %zu)", dup->value, first->line);
	free(keys);
	return dup ? SAKRA_EPARSE : 0;
}

int sakra_yaml_parse(struct sakra_yaml **out, const char *text, size_t len,
		     size_t first_line, struct sakra_error *err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct builder b;
	int rc = 0, done = 0, documents = 0;

	*out = NULL;
	memset(&b, 0, sizeof(b));
	b.first_line = first_line;
	if (!yaml_parser_initialize(&parser))
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	while (!done) {
		struct sakra_yaml *n = NULL;

		if (!yaml_parser_parse(&parser, &ev)) {
			const yaml_mark_t *m = parser.problem_mark.line || parser.problem_mark.column
				? &parser.problem_mark : &parser.context_mark;

			char from[64] = "";

			/* The problem is often found after its cause: name where the
			 * construct that went wrong began. */
			if (parser.context && parser.context_mark.line < m->line)
				snprintf(from, sizeof(from), " (from line %zu)",
					 parser.context_mark.line + first_line);
			rc = sakra_error_set(err, SAKRA_EPARSE, NULL, m->line + first_line,
					     m->column + 1, "YAML: %s%s%s%s",
					     parser.problem ? parser.problem : "syntax error",
					     parser.context ? " " : "",
					     parser.context ? parser.context : "", from);
			goto out;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++documents > 1) {
				rc = sakra_error_set(err, SAKRA_EPARSE, NULL,
						     ev.start_mark.line + first_line,
						     ev.start_mark.column + 1,
						     "only one YAML document is allowed here");
				yaml_event_delete(&ev);
				goto out;
			}
			break;
		case YAML_ALIAS_EVENT:
			rc = sakra_error_set(err, SAKRA_EPARSE, NULL,
					     ev.start_mark.line + first_line,
					     ev.start_mark.column + 1,
					     "YAML aliases (*%s) are not allowed; write the value out",
					     (const char *)ev.data.alias.anchor);
			yaml_event_delete(&ev);
			goto out;
		case YAML_SCALAR_EVENT:
			n = node_new(SAKRA_YAML_SCALAR, &ev.start_mark, first_line);
			if (!n || !(n->value = malloc(ev.data.scalar.length + 1))) {
				sakra_yaml_free(n);
				rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
				yaml_event_delete(&ev);
				goto out;
			}
			memcpy(n->value, ev.data.scalar.value, ev.data.scalar.length);
			n->value[ev.data.scalar.length] = '\0';
			if (strlen(n->value) != ev.data.scalar.length) {
				size_t line = n->line, col = n->column;

				sakra_yaml_free(n);
				rc = sakra_error_set(err, SAKRA_EPARSE, NULL, line, col,
						     "a NUL character in a YAML value");
				yaml_event_delete(&ev);
				goto out;
			}
			n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			if ((rc = attach(&b, n, err)) < 0) {
				yaml_event_delete(&ev);
				goto out;
			}
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (b.depth >= SAKRA_YAML_MAX_DEPTH) {
				rc = sakra_error_set(err, SAKRA_ELIMIT, NULL,
						     ev.start_mark.line + first_line,
						     ev.start_mark.column + 1,
						     "YAML nested deeper than %d levels",
						     SAKRA_YAML_MAX_DEPTH);
				yaml_event_delete(&ev);
				goto out;
			}
			n = node_new(ev.type == YAML_SEQUENCE_START_EVENT ? SAKRA_YAML_SEQ
					: SAKRA_YAML_MAP, &ev.start_mark, first_line);
			if (!n) {
				rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
				yaml_event_delete(&ev);
				goto out;
			}
			b.stack[b.depth++] = n;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			n = b.stack[--b.depth];
			if (n->type == SAKRA_YAML_MAP && (rc = no_duplicates(n, err)) < 0) {
				sakra_yaml_free(n);
				yaml_event_delete(&ev);
				goto out;
			}
			if ((rc = attach(&b, n, err)) < 0) {
				yaml_event_delete(&ev);
				goto out;
			}
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	*out = b.root;
	b.root = NULL;
out:
	/* Containers still open on the stack are not yet attached anywhere. */
	while (b.depth > 0)
		sakra_yaml_free(b.stack[--b.depth]);
	sakra_yaml_free(b.root);
	yaml_parser_delete(&parser);
	return rc;
}

const struct sakra_yaml_pair *sakra_yaml_pair_get(const struct sakra_yaml *map,
						  const char *key)
{
	if (!map || map->type != SAKRA_YAML_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->pairs[i].key->value, key) == 0)
			return &map->pairs[i];
	return NULL;
}

struct sakra_yaml *sakra_yaml_get(const struct sakra_yaml *map, const char *key)
{
	const struct sakra_yaml_pair *p = sakra_yaml_pair_get(map, key);

	return p ? p->value : NULL;
}

const char *sakra_yaml_str(const struct sakra_yaml *node)
{
	if (!node || node->type != SAKRA_YAML_SCALAR)
		return NULL;
	if (node->plain && (!node->value[0] || strcmp(node->value, "~") == 0 ||
			    strcmp(node->value, "null") == 0 || strcmp(node->value, "Null") == 0 ||
			    strcmp(node->value, "NULL") == 0))
		return NULL;
	return node->value;
}

size_t sakra_yaml_count(const struct sakra_yaml *node)
{
	if (!node)
		return 0;
	return node->type == SAKRA_YAML_SEQ ? node->n : 1;
}

const struct sakra_yaml *sakra_yaml_item(const struct sakra_yaml *node, size_t i)
{
	return node->type == SAKRA_YAML_SEQ ? node->items[i] : node;
}
