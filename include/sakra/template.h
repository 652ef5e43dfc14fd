/* template: the site theme's small substitution language, and the data it
 * is filled from. Templates are theme files (data, not C strings):
 *
 *   {{name}}            a value: text is HTML-escaped, HTML that sakra
 *                       made (rendered Markdown) is inserted as it is
 *   {{a.b}}             a value inside a map
 *   {{#name}}…{{/name}} a list: once per item, with the item's keys in
 *                       scope; a map: once, with its keys; text: once when
 *                       not empty; a flag: once when true
 *   {{#name?}}…{{/name?}} once when the value is not empty (a list is not
 *                       entered: for a heading or table around its items)
 *   {{^name}}…{{/name}} once when the value is empty, false or missing
 *   {{.}}               the current item of a list of texts
 *   {{>file.html}}      another theme file, with the same data
 *   {{! comment }}
 *
 * Names are looked up in the innermost item first, then outwards. A name
 * that is nowhere is an error naming the template and line (a misspelt
 * name in a theme must not silently print nothing); only {{^name}} accepts
 * a missing name. */
#ifndef SAKRA_TEMPLATE_H
#define SAKRA_TEMPLATE_H

#include <stddef.h>

#include "sakra/buf.h"
#include "sakra/error.h"

enum sakra_tv_type { SAKRA_TV_TEXT, SAKRA_TV_HTML, SAKRA_TV_FLAG, SAKRA_TV_LIST, SAKRA_TV_MAP };

struct sakra_tv_entry;

/* A value. Values live in the arena of their struct sakra_tdata. */
struct sakra_tv {
	enum sakra_tv_type type;
	const char *s;                   /* TEXT, HTML */
	int flag;                        /* FLAG */
	struct sakra_tv_entry *first, *last;   /* LIST items, MAP entries */
	size_t n;
};

struct sakra_tv_entry {
	const char *key;                 /* NULL in a list */
	struct sakra_tv *v;
	struct sakra_tv_entry *next;
};

struct sakra_tdata;

/* A data set with an empty root map. Adding never fails visibly: on out of
 * memory the adders return NULL and sakra_tdata_failed() says so, so a
 * caller checks once, after building. */
struct sakra_tdata *sakra_tdata_new(void);
void sakra_tdata_free(struct sakra_tdata *d);
struct sakra_tv *sakra_tdata_root(struct sakra_tdata *d);
int sakra_tdata_failed(const struct sakra_tdata *d);

/* Sets key of map (a later set of the same key shadows it). NULL text is "". */
struct sakra_tv *sakra_tv_text(struct sakra_tdata *d, struct sakra_tv *map, const char *key,
			       const char *text);
struct sakra_tv *sakra_tv_textf(struct sakra_tdata *d, struct sakra_tv *map, const char *key,
				const char *fmt, ...) __attribute__((format(printf, 4, 5)));
struct sakra_tv *sakra_tv_html(struct sakra_tdata *d, struct sakra_tv *map, const char *key,
			       const char *html);
struct sakra_tv *sakra_tv_flag(struct sakra_tdata *d, struct sakra_tv *map, const char *key,
			       int flag);
struct sakra_tv *sakra_tv_list(struct sakra_tdata *d, struct sakra_tv *map, const char *key);
struct sakra_tv *sakra_tv_map(struct sakra_tdata *d, struct sakra_tv *map, const char *key);
/* Appends a new map (or a text) to a list. */
struct sakra_tv *sakra_tv_item(struct sakra_tdata *d, struct sakra_tv *list);
struct sakra_tv *sakra_tv_item_text(struct sakra_tdata *d, struct sakra_tv *list,
				    const char *text);
/* The value of key in map, or NULL. */
const struct sakra_tv *sakra_tv_get(const struct sakra_tv *map, const char *key);

/* Loads another theme file for {{>name}}: its text into out, or a negative
 * code with err set. */
typedef int (*sakra_template_loader)(void *ctx, const char *name, struct sakra_buf *out,
				     struct sakra_error *err);

/* What one render may do at most: a page's tags rendered (sections over
 * lists and partials multiply them), partials loaded, and its size. Past
 * any, the render stops with SAKRA_ELIMIT. */
#define SAKRA_TEMPLATE_MAX_STEPS 1000000u
#define SAKRA_TEMPLATE_MAX_PARTIALS 100000u
#define SAKRA_TEMPLATE_MAX_OUTPUT (64u << 20)

/* Renders template text (called name in messages) with data root, within
 * budget when one is given (NULL: the limits above only),
 * appending to out. Errors (an unknown or unclosed tag, an unknown name, a
 * partial that cannot be loaded or includes itself too deeply) name the
 * template and line. */
/* Work shared by several renders (a whole site): each tag rendered takes
 * one step; when none are left, rendering stops with SAKRA_ELIMIT. */
struct sakra_template_budget {
	size_t steps;
};

int sakra_template_render(struct sakra_buf *out, const char *name, const char *text,
			  size_t len, const struct sakra_tv *root, sakra_template_loader load,
			  void *ctx, struct sakra_template_budget *budget, struct sakra_error *err);

#endif
