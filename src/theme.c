/* theme: what a plan's own theme may hold, and the Content-Security-Policy
 * sakra writes into every page whatever the theme. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sakra/theme.h"

const char sakra_theme_csp[] =
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	"style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'\">";

static int prefix_ci(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(end - p) >= n && strncasecmp(p, word, n) == 0;
}

static size_t line_at(const char *text, const char *p)
{
	size_t line = 1;

	for (const char *c = text; c < p; c++)
		line += *c == '\n';
	return line;
}

/* A URL that leaves the site: a scheme (other than mailto:) or "//". */
static int external_url(const char *v, size_t n)
{
	size_t i = 0;

	while (i < n && isspace((unsigned char)v[i]))
		i++;
	if (i + 1 < n && (v[i] == '/' || v[i] == '\\') && (v[i + 1] == '/' || v[i + 1] == '\\'))
		return 1;
	if (i < n && isalpha((unsigned char)v[i])) {
		size_t k = i;

		while (k < n && (isalnum((unsigned char)v[k]) || strchr("+.-", v[k])))
			k++;
		if (k < n && v[k] == ':')
			return !(k - i == 6 && strncasecmp(v + i, "mailto", 6) == 0);
	}
	return 0;
}

/* CSS between p and end: no import, no URL that leaves the site, no
 * script in the old forms. */
static const char *css_problem(const char *p, const char *end, const char **at)
{
	for (const char *c = p; c < end; c++) {
		*at = c;
		if (prefix_ci(c, end, "@import"))
			return "an @import";
		if (prefix_ci(c, end, "expression(") || prefix_ci(c, end, "-moz-binding") ||
		    prefix_ci(c, end, "behavior:") || prefix_ci(c, end, "javascript:"))
			return "script in CSS";
		if (prefix_ci(c, end, "url(")) {
			const char *v = c + 4, *e = v;

			while (v < end && (isspace((unsigned char)*v) || *v == '"' || *v == '\''))
				v++;
			e = v;
			while (e < end && *e != ')' && *e != '"' && *e != '\'')
				e++;
			if (external_url(v, (size_t)(e - v)))
				return "a url() outside the site";
		}
	}
	return NULL;
}

/* The elements a theme never holds: they run script, load or submit
 * elsewhere, or change where the page's links go. */
static const char *const banned_tags[] = {
	"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form",
	"portal", "noscript", NULL,
};

/* One tag from < to > (p after '<'): 0, or a problem and where. */
static const char *tag_problem(const char *p, const char *end, const char **at)
{
	const char *name = p + (*p == '/'), *e = name;
	size_t n;
	int link = 0, meta = 0;

	while (e < end && (isalnum((unsigned char)*e) || *e == '-' || *e == ':'))
		e++;
	n = (size_t)(e - name);
	*at = name;
	for (size_t i = 0; banned_tags[i]; i++)
		if (n == strlen(banned_tags[i]) && strncasecmp(name, banned_tags[i], n) == 0)
			return "an element that runs script, loads or submits elsewhere";
	link = n == 4 && strncasecmp(name, "link", 4) == 0;
	meta = n == 4 && strncasecmp(name, "meta", 4) == 0;
	/* attributes */
	for (const char *c = e; c < end;) {
		const char *an, *ae, *v = NULL, *ve = NULL;

		while (c < end && (isspace((unsigned char)*c) || *c == '/'))
			c++;
		if (c >= end)
			break;
		if (c + 1 < end && c[0] == '{' && c[1] == '{') {   /* a template tag */
			const char *close = strstr(c, "}}");

			c = close && close < end ? close + 2 : end;
			continue;
		}
		an = c;
		while (c < end && !isspace((unsigned char)*c) && *c != '=' && *c != '/')
			c++;
		ae = c;
		while (c < end && isspace((unsigned char)*c))
			c++;
		if (c < end && *c == '=') {
			c++;
			while (c < end && isspace((unsigned char)*c))
				c++;
			if (c < end && (*c == '"' || *c == '\'')) {
				char q = *c++;

				v = c;
				while (c < end && *c != q)
					c++;
				ve = c;
				if (c < end)
					c++;
			} else {
				v = c;
				while (c < end && !isspace((unsigned char)*c))
					c++;
				ve = c;
			}
		}
		*at = an;
		n = (size_t)(ae - an);
		if (n > 2 && strncasecmp(an, "on", 2) == 0)
			return "an event handler attribute (script)";
		if (meta && n == 10 && strncasecmp(an, "http-equiv", 10) == 0)
			return "a <meta http-equiv> (sakra writes the page's policy itself)";
		if (link && n == 3 && strncasecmp(an, "rel", 3) == 0 && v &&
		    !((ve - v) == 10 && strncasecmp(v, "stylesheet", 10) == 0))
			return "a <link> that is not a stylesheet";
		if (!v)
			continue;
		for (const char *s = v; s < ve; s++)
			if (prefix_ci(s, ve, "javascript:") || prefix_ci(s, ve, "vbscript:") ||
			    prefix_ci(s, ve, "data:text/html")) {
				*at = s;
				return "a script URL";
			}
		if (n == 5 && strncasecmp(an, "style", 5) == 0) {
			const char *why = css_problem(v, ve, at);

			if (why)
				return why;
		}
		if (external_url(v, (size_t)(ve - v)) ||
		    ((n == 6 && strncasecmp(an, "srcset", 6) == 0) && (strstr(v, "//") &&
								       strstr(v, "//") < ve))) {
			*at = v;
			return "a URL outside the site (the pages make no external requests)";
		}
	}
	return NULL;
}

int sakra_theme_check(const char *name, const char *text, size_t len, size_t *line,
		      const char **why)
{
	const char *end = text + len, *at = text;
	size_t n = strlen(name);
	int css = n > 4 && !strcmp(name + n - 4, ".css");
	int html = n > 5 && !strcmp(name + n - 5, ".html");

	*why = NULL;
	if (css)
		*why = css_problem(text, end, &at);
	for (const char *p = text; html && !*why && p < end; p++) {
		const char *close;

		if (*p != '<')
			continue;
		if (prefix_ci(p, end, "<!--")) {
			const char *c = strstr(p + 4, "-->");

			p = c && c < end ? c + 2 : end;
			continue;
		}
		if (p + 1 < end && !isalpha((unsigned char)p[1]) && p[1] != '/')
			continue;   /* "<" in text, "<!DOCTYPE" */
		if (!(close = memchr(p, '>', (size_t)(end - p))))
			close = end;
		if ((*why = tag_problem(p + 1, close, &at)))
			break;
		if (prefix_ci(p, end, "<style")) {   /* its CSS, to </style> */
			const char *e = p;

			while (e < end && !prefix_ci(e, end, "</style"))
				e++;
			if ((*why = css_problem(close, e, &at)))
				break;
		}
		p = close;
	}
	*line = *why ? line_at(text, at) : 0;
	return *why ? -1 : 0;
}

int sakra_theme_add_csp(struct sakra_buf *page, struct sakra_error *err)
{
	const char *p = page->ptr, *end = page->ptr + page->len;

	for (; p && p < end; p++) {
		if (*p != '<' || !prefix_ci(p, end, "<head") ||
		    (p + 5 < end && (isalnum((unsigned char)p[5]) || p[5] == '-')))
			continue;
		if (!(p = memchr(p, '>', (size_t)(end - p))))
			break;
		{
			struct sakra_buf out = SAKRA_BUF_INIT;
			size_t at = (size_t)(p + 1 - page->ptr);

			if (sakra_buf_put(&out, page->ptr, at) < 0 ||
			    sakra_buf_puts(&out, sakra_theme_csp) < 0 ||
			    sakra_buf_put(&out, page->ptr + at, page->len - at) < 0) {
				sakra_buf_free(&out);
				return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
			}
			sakra_buf_free(page);
			*page = out;
			return 0;
		}
	}
	return sakra_error_set(err, SAKRA_EINVAL, "theme/layout.html", 0, 0, "the page has no "
			       "<head> for sakra's Content-Security-Policy; keep <head> in the "
			       "layout");
}
