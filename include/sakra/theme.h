/* theme: what a plan's own theme (theme/ in the repository) may hold. A
 * theme is plain HTML templates and CSS; whatever it holds, no page of a
 * site runs script or contacts a host: sakra writes the
 * Content-Security-Policy into each page's <head> itself, and a theme file
 * with script, an event handler, a script URL, a <meta http-equiv>, a
 * frame, form or base, or a URL outside the site (in HTML or CSS) is
 * refused — by check (theme.unsafe), build, bundle and a bundle's reader. */
#ifndef SAKRA_THEME_H
#define SAKRA_THEME_H

#include <stddef.h>

#include "sakra/buf.h"
#include "sakra/error.h"

/* The policy sakra writes after <head> on every page. */
extern const char sakra_theme_csp[];

/* 0 if the theme file name (layout.html, style.css) with text may be
 * used; else -1, with the line and what is wrong. Other files: 0. */
int sakra_theme_check(const char *name, const char *text, size_t len, size_t *line,
		      const char **why);

/* Writes sakra_theme_csp right after the page's <head>; SAKRA_EINVAL when
 * it has none. */
int sakra_theme_add_csp(struct sakra_buf *page, struct sakra_error *err);

#endif
