/* doc: placeholders and guidance paragraphs, found on the raw text. */
#include "doc.h"

/* --- placeholders on the raw text ----------------------------------------- */

/* Link reference labels ("[label]: url"), folded, so that a shortcut
 * reference "[label]" is known to be a link. */
struct refs {
	char **v;
	size_t n, cap;
};

static void refs_free(struct refs *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i]);
	free(r->v);
}

static int collect_refs(const struct lines *l, size_t first_line, struct refs *r)
{
	for (size_t line = first_line; line <= l->n; line++) {
		const char *s = l->text + l->start[line - 1];
		size_t n = doc_line_len(l, line), i = 0, j;
		char *label, *folded;

		while (i < n && i < 3 && s[i] == ' ')
			i++;
		if (i >= n || s[i] != '[' || (i + 1 < n && s[i + 1] == '^'))
			continue;
		for (j = i + 1; j < n && s[j] != ']'; j++)
			if (s[j] == '\\')
				j++;
		if (j + 1 >= n || s[j] != ']' || s[j + 1] != ':')
			continue;
		if (!(label = doc_trimmed_dup(s + i + 1, j - i - 1)))
			return SAKRA_ENOMEM;
		folded = sakra_text_fold(label);
		free(label);
		if (!folded || PUSH(r->v, r->n, r->cap) < 0) {
			free(folded);
			return SAKRA_ENOMEM;
		}
		r->v[r->n++] = folded;
	}
	return 0;
}

static int is_ref(const struct refs *r, const char *s, size_t n)
{
	char *label = doc_trimmed_dup(s, n), *folded;
	int found = 0;

	if (!label)
		return 0;
	folded = sakra_text_fold(label);
	free(label);
	for (size_t i = 0; folded && i < r->n && !found; i++)
		found = strcmp(r->v[i], folded) == 0;
	free(folded);
	return found;
}

/* Only white space, '>' quote markers and list markers precede position i
 * on its line: then "[ ]" there is a task-list box. */
static int at_item_start(const char *s, size_t linestart, size_t i)
{
	int marker = 0;

	for (size_t k = linestart; k < i; k++) {
		char c = s[k];

		if (c == ' ' || c == '\t' || c == '>')
			continue;
		if (c == '-' || c == '*' || c == '+' || c == '.' || c == ')' ||
		    isdigit((unsigned char)c)) {
			marker = 1;
			continue;
		}
		return 0;
	}
	return marker;
}

static int add_placeholder(struct walk *w, size_t open, size_t close, int paragraph)
{
	const struct lines *l = w->lines;
	struct sakra_doc *doc = w->doc;
	struct sakra_placeholder *p;
	struct sakra_buf text = SAKRA_BUF_INIT;
	size_t shown = 0, i;

	for (i = open + 1; i < close; i++) {
		char c = l->text[i] == '\n' ? ' ' : l->text[i];

		if (((unsigned char)c & 0xc0) != 0x80 && ++shown > PLACEHOLDER_SHOWN) {
			if (sakra_buf_puts(&text, "…") < 0)
				goto nomem;
			break;
		}
		if (sakra_buf_putc(&text, c) < 0)
			goto nomem;
	}
	if (!text.ptr && sakra_buf_put(&text, "", 0) < 0)
		goto nomem;
	if (PUSH(doc->placeholders, doc->nplaceholders, w->placecap) < 0)
		goto nomem;
	p = &doc->placeholders[doc->nplaceholders++];
	p->text = sakra_buf_detach(&text);
	p->paragraph = paragraph;
	p->line = doc_line_of(l, open);
	p->column = doc_col_of(l, open);
	return 0;
nomem:
	sakra_buf_free(&text);
	return SAKRA_ENOMEM;
}

/* s[i] opens a run of backticks: returns the index of the last backtick of
 * the code span it opens (its closing run of the same length), or of its own
 * run when it is never closed (then the backticks are literal). */
static size_t skip_code_span(const char *s, size_t i, size_t to)
{
	size_t run = 0, j;

	while (i + run < to && s[i + run] == '`')
		run++;
	for (j = i + run; j < to; j++) {
		size_t r = 0;

		while (j + r < to && s[j + r] == '`')
			r++;
		if (r == run)
			return j + run - 1;
		j += r ? r - 1 : 0;
	}
	return i + run - 1;
}

/* Scans the raw text [from, to) of one leaf block. Brackets are matched in
 * one pass with a stack, so hostile nesting costs linear time. */
static int scan_block(struct walk *w, const struct refs *refs, size_t from, size_t to,
		      int paragraph)
{
	const char *s = w->lines->text;
	size_t *stack = NULL, depth = 0, cap = 0;
	size_t *match;
	size_t first_content = from, last_content = to;
	int rc = 0;

	if (to <= from || !memchr(s + from, '[', to - from))
		return 0;   /* no bracket: no placeholder */
	if (w->matchcap < to - from + 1) {
		size_t *m = realloc(w->match, (to - from + 1) * sizeof(*m));

		if (!m)
			return SAKRA_ENOMEM;
		w->match = m;
		w->matchcap = to - from + 1;
	}
	match = w->match;
	memset(match, 0, (to - from + 1) * sizeof(*match));
	/* Pass 1: match brackets outside code spans and escapes. */
	for (size_t i = from; i < to; i++) {
		char c = s[i];

		if (c == '\\' && i + 1 < to && ispunct((unsigned char)s[i + 1])) {
			i++;
		} else if (c == '`') {
			i = skip_code_span(s, i, to);
		} else if (c == '[') {
			if (depth == cap) {
				size_t *v = realloc(stack, (cap = cap ? cap * 2 : 16) * sizeof(*v));

				if (!v) {
					rc = SAKRA_ENOMEM;
					goto out;
				}
				stack = v;
			}
			stack[depth++] = i;
		} else if (c == ']' && depth > 0) {
			size_t o = stack[--depth];

			match[o - from] = i + 1;   /* 0 means unmatched */
		}
	}
	/* The paragraph's content, without leading list or quote markers. */
	while (first_content < to && (isspace((unsigned char)s[first_content]) ||
				      s[first_content] == '>'))
		first_content++;
	while (last_content > first_content && isspace((unsigned char)s[last_content - 1]))
		last_content--;

	/* Pass 2: walk the outermost brackets and classify them. */
	for (size_t i = from; i < to; i++) {
		char c = s[i];
		size_t close;

		if (c == '\\' && i + 1 < to && ispunct((unsigned char)s[i + 1])) {
			i++;
			continue;
		}
		if (c == '`') {
			i = skip_code_span(s, i, to);
			continue;
		}
		if (c == '<') {
			/* an autolink <scheme:...> or <a@b>: skip it whole */
			size_t j = i + 1;

			while (j < to && s[j] != '>' && s[j] != ' ' && s[j] != '\n' && s[j] != '<')
				j++;
			if (j < to && s[j] == '>' && (memchr(s + i, ':', j - i) || memchr(s + i, '@', j - i)))
				i = j;
			continue;
		}
		if (c != '[' || !match[i - from])
			continue;
		close = match[i - from];   /* one past ']'; images "![...]" are links too */
		if (close < to && s[close] == '(') {
			/* inline link [text](dest): skip to the matching ')' */
			size_t j = close, par = 0;

			for (; j < to; j++) {
				if (s[j] == '\\') {
					j++;
					continue;
				}
				if (s[j] == '(')
					par++;
				else if (s[j] == ')' && --par == 0)
					break;
			}
			i = j < to ? j : close - 1;
			continue;
		}
		if (close < to && s[close] == '[' && match[close - from]) {
			i = match[close - from] - 1;  /* full reference [text][ref] */
			continue;
		}
		if (i + 1 < to && s[i + 1] == '^') {
			i = close - 1;                /* footnote [^1] or [^1]: */
			continue;
		}
		if (close - i == 3 && (s[i + 1] == ' ' || s[i + 1] == 'x' || s[i + 1] == 'X') &&
		    at_item_start(s, w->lines->start[doc_line_of(w->lines, i) - 1], i)) {
			i = close - 1;                /* task-list box */
			continue;
		}
		if (close - i == 2 || is_ref(refs, s + i + 1, close - i - 2)) {
			i = close - 1;                /* "[]" or a shortcut reference link */
			continue;
		}
		rc = add_placeholder(w, i, close - 1,
				     paragraph && i == first_content && close == last_content);
		if (rc < 0)
			goto out;
		i = close - 1;
	}
out:
	free(stack);
	return rc;
}

/* The guidance-paragraph test above compares with the first content byte;
 * list markers before it ("- [Beskriv ...]") still count as a paragraph. */
static size_t skip_markers(const char *s, size_t from, size_t to)
{
	size_t i = from;

	for (;;) {
		while (i < to && (s[i] == ' ' || s[i] == '\t' || s[i] == '>'))
			i++;
		if (i + 1 < to && (s[i] == '-' || s[i] == '*' || s[i] == '+') && s[i + 1] == ' ') {
			i += 2;
			continue;
		}
		if (i < to && isdigit((unsigned char)s[i])) {
			size_t j = i;

			while (j < to && isdigit((unsigned char)s[j]))
				j++;
			if (j + 1 < to && (s[j] == '.' || s[j] == ')') && s[j + 1] == ' ') {
				i = j + 2;
				continue;
			}
		}
		return i;
	}
}

int doc_scan_placeholders(struct walk *w, size_t body_line)
{
	struct refs refs = { NULL, 0, 0 };
	const struct lines *l = w->lines;
	int rc;

	if ((rc = collect_refs(l, body_line, &refs)) < 0)
		goto out;
	for (size_t r = 0; r < w->nranges; r++) {
		size_t first = w->ranges[r].first, last = w->ranges[r].last;
		size_t from, to;

		if (first < 1 || last > l->n || first > last)
			continue;
		from = skip_markers(l->text, l->start[first - 1], l->start[last] - 1);
		to = l->start[last] - 1;
		if ((rc = scan_block(w, &refs, from, to, w->ranges[r].paragraph)) < 0)
			goto out;
	}
out:
	refs_free(&refs);
	return rc;
}

/* A field whose value is nothing but placeholders, or empty. */
void doc_mark_placeholder_fields(struct sakra_doc *doc)
{
	for (size_t i = 0; i < doc->nfields; i++) {
		struct sakra_field *f = &doc->fields[i];
		int on_line = 0, depth = 0, rest = 0;

		for (size_t k = 0; k < doc->nplaceholders; k++)
			on_line |= doc->placeholders[k].line == f->line;
		for (const char *p = f->value; *p; p++) {
			if (*p == '[' && on_line)
				depth++;
			else if (*p == ']' && depth > 0)
				depth--;
			else if (depth == 0 && !isspace((unsigned char)*p) &&
				 !ispunct((unsigned char)*p))
				rest = 1;
		}
		f->placeholder = !rest;
	}
}
