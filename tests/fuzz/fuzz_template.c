/* The theme's template language over data like a page's: sections,
 * inverted sections, partials (one of them the template itself). */
#include "sakra/template.h"
#include "fuzz.h"

static int load(void *ctx, const char *name, struct sakra_buf *out, struct sakra_error *err)
{
	const struct fuzz_source *s = ctx;

	if (strcmp(name, "self") == 0)
		return sakra_buf_put(out, s->data, s->len) < 0 ? SAKRA_ENOMEM : 0;
	if (strcmp(name, "small") == 0)
		return sakra_buf_puts(out, "<b>{{title}}</b>") < 0 ? SAKRA_ENOMEM : 0;
	return sakra_error_set(err, SAKRA_ENOTFOUND, name, 0, 0, "no such partial");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sakra_tdata *d = sakra_tdata_new();
	struct sakra_tv *root, *list, *it;
	struct sakra_buf out = SAKRA_BUF_INIT;
	struct fuzz_source src = { data, size, 0 };
	struct sakra_template_budget budget = { 300000 };
	struct sakra_error err;

	if (!d || !size) {
		sakra_tdata_free(d);
		return 0;
	}
	root = sakra_tdata_root(d);
	sakra_tv_text(d, root, "title", "<Plan & \"mål\">");
	sakra_tv_html(d, root, "body", "<p>ok</p>");
	sakra_tv_flag(d, root, "draft", 1);
	list = sakra_tv_list(d, root, "items");
	for (int i = 0; i < 3; i++) {
		it = sakra_tv_item(d, list);
		sakra_tv_textf(d, it, "n", "%d", i);
		sakra_tv_map(d, it, "m");
	}
	(void)sakra_template_render(&out, "fuzz.html", (const char *)data, size, root, load, &src,
				    data[0] & 1 ? &budget : NULL, &err);
	sakra_buf_free(&out);
	sakra_tdata_free(d);
	return 0;
}
