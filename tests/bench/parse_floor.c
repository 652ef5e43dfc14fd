/* The benchmark's floor: read each file named on stdin and parse it with
 * cmark-gfm and the same extensions sakra uses — nothing else. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

int main(void)
{
	static const char *const exts[] = { "table", "strikethrough", "autolink",
					    "tagfilter", "tasklist" };
	char path[4096];
	size_t nodes = 0;

	cmark_gfm_core_extensions_ensure_registered();
	while (fgets(path, sizeof(path), stdin)) {
		cmark_parser *p = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES);
		cmark_node *doc;
		cmark_iter *it;
		FILE *f;
		char buf[65536];
		size_t n;

		path[strcspn(path, "\n")] = '\0';
		for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
			cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension(exts[i]));
		if (!(f = fopen(path, "rb"))) {
			perror(path);
			return 1;
		}
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			cmark_parser_feed(p, buf, n);
		fclose(f);
		doc = cmark_parser_finish(p);
		it = cmark_iter_new(doc);
		while (cmark_iter_next(it) != CMARK_EVENT_DONE)
			nodes++;
		cmark_iter_free(it);
		cmark_node_free(doc);
		cmark_parser_free(p);
	}
	printf("%zu nodes\n", nodes);
	return 0;
}
