/* doc: the anchors headings get, as the site gives them. */
#include "doc.h"

/* --- anchors --------------------------------------------------------------- */

/* GitHub's way of making a heading's anchor: lower case, spaces to '-',
 * other punctuation dropped; Latin-1 letters (å, ä, ö) lowered too. */
static int slug(const struct sakra_heading *h, struct sakra_buf *out)
{
	struct sakra_buf text = SAKRA_BUF_INIT;
	int rc = 0;

	sakra_buf_clear(out);
	if (h->number)
		rc |= sakra_buf_printf(&text, "%s ", h->number);
	rc |= sakra_buf_puts(&text, h->title ? h->title : "");
	for (const unsigned char *p = (const unsigned char *)sakra_buf_cstr(&text); *p && !rc; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_')
			rc |= sakra_buf_putc(out, (char)*p);
		else if (*p >= 'A' && *p <= 'Z')
			rc |= sakra_buf_putc(out, (char)(*p + 32));
		else if (*p == ' ')
			rc |= sakra_buf_putc(out, '-');
		else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97) {
			rc |= sakra_buf_putc(out, (char)0xC3);
			rc |= sakra_buf_putc(out, (char)(*++p + 0x20));
		} else if (*p >= 0x80)
			rc |= sakra_buf_putc(out, (char)*p);
	}
	if (!rc && !out->len)
		rc = sakra_buf_puts(out, "section");
	sakra_buf_free(&text);
	return rc ? SAKRA_ENOMEM : 0;
}

/* The anchors given so far, in an open-addressed table; each remembers how
 * many "-N" forms were taken with it as the base. */
struct taken {
	const char *id;
	size_t count;
};

static size_t hash(const char *s)
{
	size_t h = 14695981039346656037u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

static struct taken *lookup(struct taken *t, size_t mask, const char *id)
{
	size_t i = hash(id) & mask;

	while (t[i].id && strcmp(t[i].id, id) != 0)
		i = (i + 1) & mask;
	return &t[i];
}

struct by_anchor {
	const char *anchor;
	size_t i;
};

static int cmp_anchor(const void *a, const void *b)
{
	return strcmp(((const struct by_anchor *)a)->anchor, ((const struct by_anchor *)b)->anchor);
}

/* Gives each heading its anchor: the slug, or the slug and "-N" with the
 * smallest N not taken, as the site writes them. */
int doc_make_anchors(struct sakra_doc *doc)
{
	struct sakra_buf b = SAKRA_BUF_INIT;
	struct taken *t;
	struct by_anchor *order = NULL;
	size_t mask = 15;

	if (!doc->nheadings)
		return 0;
	while (mask < doc->nheadings * 2)
		mask = mask * 2 + 1;
	if (!(t = calloc(mask + 1, sizeof(*t))) ||
	    !(order = malloc(doc->nheadings * sizeof(*order))) ||
	    !(doc->by_anchor = malloc(doc->nheadings * sizeof(*doc->by_anchor))))
		goto nomem;
	for (size_t i = 0; i < doc->nheadings; i++) {
		struct taken *e, *base;
		size_t len;

		if (slug(&doc->headings[i], &b) < 0)
			goto nomem;
		len = b.len;
		base = e = lookup(t, mask, b.ptr);
		while (e->id) {
			b.len = len;
			b.ptr[len] = '\0';
			if (sakra_buf_printf(&b, "-%zu", ++base->count) < 0)
				goto nomem;
			e = lookup(t, mask, b.ptr);
		}
		if (!(doc->headings[i].anchor = sakra_buf_detach(&b)))
			goto nomem;
		e->id = order[i].anchor = doc->headings[i].anchor;
		order[i].i = i;
	}
	qsort(order, doc->nheadings, sizeof(*order), cmp_anchor);
	for (size_t i = 0; i < doc->nheadings; i++)
		doc->by_anchor[i] = order[i].i;
	free(order);
	free(t);
	sakra_buf_free(&b);
	return 0;
nomem:
	free(order);
	free(t);
	sakra_buf_free(&b);
	return SAKRA_ENOMEM;
}

int sakra_link_path(const struct sakra_doc *doc, const char *url, struct sakra_buf *out)
{
	struct sakra_buf dec = SAKRA_BUF_INIT;
	size_t n = strcspn(url, "#?");
	int rc;

	sakra_buf_clear(out);
	if (n == 0 || (url[0] == '/' && url[1] == '/') || sakra_url_has_scheme(url))
		return 2;
	if (sakra_url_decode(url, n, &dec) < 0)
		return SAKRA_ENOMEM;
	rc = sakra_path_resolve(doc->path, dec.ptr, out);
	sakra_buf_free(&dec);
	return rc;
}

const struct sakra_heading *sakra_doc_anchor(const struct sakra_doc *doc, const char *id)
{
	size_t lo = 0, hi = doc->by_anchor ? doc->nheadings : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct sakra_heading *h = &doc->headings[doc->by_anchor[mid]];
		int c = strcmp(id, h->anchor);

		if (c == 0)
			return h;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int sakra_field_is(const struct sakra_field *f, const char *label)
{
	size_t n = strlen(f->label);
	const char *open;
	char *head;
	int eq;

	if (sakra_text_equal(f->label, label))
		return 1;
	/* "Dataskyddsombud / Tietosuojavastaava": a label in two languages */
	if (strstr(f->label, " / ")) {
		const char *p = f->label;

		for (;;) {
			const char *sep = strstr(p, " / ");
			char *part = strndup(p, sep ? (size_t)(sep - p) : strlen(p));

			eq = part && sakra_text_equal(part, label);
			free(part);
			if (eq)
				return 1;
			if (!sep)
				break;
			p = sep + 3;
		}
	}
	if (!n || f->label[n - 1] != ')' || !(open = strrchr(f->label, '(')) || open == f->label)
		return 0;
	if (!(head = strndup(f->label, (size_t)(open - f->label))))
		return 0;
	eq = sakra_text_equal(head, label);
	free(head);
	return eq;
}
