/* What the files of site share: the renderer's state and its helpers. Not
 * a public header. */
#ifndef SAKRA_SITE_SITE_H_INTERNAL
#define SAKRA_SITE_SITE_H_INTERNAL

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include "sakra/embed.h"
#include "sakra/followup.h"
#include "sakra/fs.h"
#include "sakra/repo.h"
#include "sakra/site.h"
#include "sakra/theme.h"
#include "sakra/stage.h"
#include "sakra/stream.h"
#include "sakra/template.h"
#include "sakra/yaml.h"
#include "sakra/date.h"
#include "sakra/text.h"

struct page {
	const struct sakra_plan_doc *pd;
	char *href;              /* its path in the site */
	int level;               /* classification level index */
};

struct site {
	struct sakra_template_budget budget;  /* the whole site's template work */
	struct theme_cache *theme;
	const struct sakra_plan *plan;
	const struct sakra_config *cfg;
	const struct sakra_site_options *o;
	const struct sakra_site_writer *w;
	struct sakra_diags *diags;
	struct sakra_error *err;
	const char *lang;
	struct page *pages;          /* one per published document, by path */
	size_t npages;
	struct sakra_yaml *strings;  /* theme/strings.yml */
	const struct sakra_yaml *t;  /* its map for the language */
	struct sakra_site_stats *stats;
	struct sakra_matrix *matrix;
	const struct page **appendices;  /* by title, then path */
	size_t nappendices;
	char **prints;                   /* distinct marking lines of printed pages */
	size_t nprints;
	/* Files of each kind the edition leaves out (SAKRA_KIND_*): what the
	 * site lacks because of them is "not in this edition", never
	 * "missing", "overdue" or "none". */
	size_t held[SAKRA_KIND_COUNT];
};

/* Up to this many appendices are listed in every page's navigation; more
 * are listed on appendices.html. */
#define NAV_MAX_APPENDICES 25
#define NOMEM(s) sakra_error_set((s)->err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory")
#define KINDS_ALL ((1u << SAKRA_KIND_PLAN) | (1u << SAKRA_KIND_APPENDIX) | \
		   (1u << SAKRA_KIND_SYSTEM) | (1u << SAKRA_KIND_EVIDENCE))

void site_add_link(const struct site *s, struct sakra_tdata *d, struct sakra_tv *map,
		     const char *path);
int site_appendices_page(struct site *s);
const char *site_doc_title(const struct sakra_plan_doc *pd);
int site_document_page(struct site *s, const struct page *pg);
int site_document_pages(struct site *s);
int site_emit_page(struct site *s, struct sakra_tdata *d, const char *tmpl, const char *path);
int site_evidence_page(struct site *s);
int site_file_target(const struct site *s, const char *path, struct sakra_buf *out);
struct page *site_find_page(const struct site *s, const char *doc_path);
const char *site_heading_id(const struct page *pg, const struct sakra_heading *h);
int site_held_documents(const struct site *s);
struct sakra_tv *site_href_value(struct sakra_tdata *d, struct sakra_tv *map, const char *key,
				   const char *path, const char *frag);
int site_index_page(struct site *s);
int site_legal_bases(const struct site *s, int level, unsigned mask, struct sakra_buf *out);
const char *site_level_label(const struct site *s, int level);
int site_matrix_page(struct site *s);
int site_max_level(const struct site *s, unsigned mask);
struct sakra_tv *site_page_data(struct site *s, struct sakra_tdata *d, const char *path,
				  const char *title, int level, const char *legal);
int site_print_css(struct site *s);
const char *site_print_page(struct site *s, int level, const char *legal, char name[16]);
int site_published(const struct site *s, const char *path);
int site_put_fragment(struct sakra_buf *out, const char *frag);
int site_put_relative(struct sakra_buf *out, const char *from, const char *to);
int site_register_page(struct site *s);
int site_render_markdown(struct site *s, const struct page *pg, struct sakra_buf *out);
int site_theme_load(void *ctx, const char *name, struct sakra_buf *out, struct sakra_error *err);
int site_versions_page(struct site *s);
const char *site_word(const struct site *s, const char *key);

#endif
