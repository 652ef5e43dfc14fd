/* sakra build --format pdf: an edition as one archival PDF (PDF/A-3b),
 * rendered by WeasyPrint from the site sakra builds for it, with its print
 * stylesheet (the marking and legal basis of each page in its margins), a
 * cover in the plan's language, and, for an approved version, the signed
 * MANIFEST and its signatures embedded. The same commit gives the same
 * bytes: the PDF's dates are the commit's day, its identifier the commit. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/crypto.h"
#include "sakra/site.h"
#include "sakra/words.h"

/* Debian's WeasyPrint is a module of Debian's Python; argv[0] is its full
 * path too, since Python finds its library from argv[0] (a "python3" would
 * be looked up on PATH, where pyenv's or a virtual environment's may come
 * first). */
#define PYTHON "/usr/bin/python3"
/* qpdf joins the parts (Debian's qpdf) */
#define QPDF "/usr/bin/qpdf"

/* Renders the pages given (HTML files, in order) into one PDF/A-3b: no
 * network (only file: URLs are read), the files after "attach=" embedded. */
static const char script[] =
	"import gc, logging, sys\n"
	"import weasyprint\n"
	"logging.getLogger('weasyprint').setLevel(logging.ERROR)\n"
	"def fetch(url, timeout=10, ssl_context=None):\n"
	"    if not url.startswith('file:'):\n"
	"        raise ValueError('no network: ' + url)\n"
	"    return weasyprint.default_url_fetcher(url)\n"
	"parts, ident, chunk = sys.argv[1], sys.argv[2], int(sys.argv[3])\n"
	"with open(sys.argv[4], 'rb') as f:\n"
	"    pages = [p.decode() for p in f.read().split(b'\\0') if p]\n"
	"atts = sys.argv[5:]\n"
	"# chunk documents at a time, each written as a part and let go, so that\n"
	"# memory is bounded whatever the plan's size; qpdf joins the parts\n"
	"for n, i in enumerate(range(0, len(pages), chunk)):\n"
	"    docs = [weasyprint.HTML(filename=p, url_fetcher=fetch).render()\n"
	"            for p in pages[i:i + chunk]]\n"
	"    doc = docs[0].copy([pg for d in docs for pg in d.pages])\n"
	"    # links between the site's pages lead to files the PDF does not have\n"
	"    for pg in doc.pages:\n"
	"        pg.links[:] = [l for l in pg.links if not str(l[1]).startswith('file:')]\n"
	"    doc.write_pdf('%s/part-%06d.pdf' % (parts, n), variant='pdf/a-3b',\n"
	"                  identifier=ident.encode(),\n"
	"                  attachments=[weasyprint.Attachment(filename=a) for a in atts] if n == 0 else None)\n"
	"    del docs, doc\n"
	"    gc.collect()\n";

/* Documents rendered at a time: WeasyPrint holds every page of what it
 * writes in memory (about 2 MB a document). */
#define CHUNK 100

int cli_pdf_available(void)
{
	char *const args[] = { (char *)PYTHON, (char *)"-c", (char *)"import weasyprint",
			       NULL };

	return access(PYTHON, X_OK) == 0 &&
	       cli_run(PYTHON, args, NULL, NULL, "/dev/null", NULL, 0) == 0 &&
	       access(QPDF, X_OK) == 0;
}

/* The <body class="..."> of the site's front page: the cover is marked as
 * the edition's highest marking, as that page is. */
static void front_class(const char *site, struct sakra_buf *out)
{
	struct sakra_buf path = SAKRA_BUF_INIT, text = SAKRA_BUF_INIT;
	struct sakra_error err;
	const char *b, *e;

	if (sakra_buf_printf(&path, "%s/index.html", site) == 0 &&
	    sakra_file_read(path.ptr, &text, 16u << 20, &err) == 0 &&
	    (b = strstr(sakra_buf_cstr(&text), "<body class=\"")) &&
	    (e = strchr(b += 13, '"')))
		for (; b < e; b++)
			sakra_buf_putc(out, *b);
	sakra_buf_free(&path);
	sakra_buf_free(&text);
}

/* The words' formats have the arguments of Swedish's (test_words). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static int write_cover(const char *site, const struct cli_plan *p,
		       const struct sakra_site_options *so, const struct sakra_words *w,
		       struct sakra_error *err)
{
	const struct sakra_config *cfg = p->plan->config;
	const struct sakra_version *v = so->version;
	struct sakra_buf h = SAKRA_BUF_INIT, cls = SAKRA_BUF_INIT, path = SAKRA_BUF_INIT;
	char line[256];
	int rc;

	front_class(site, &cls);
	sakra_buf_printf(&h, "<!DOCTYPE html>\n<html lang=\"");
	sakra_buf_put_html(&h, w->lang);
	sakra_buf_puts(&h, "\">\n<head><meta charset=\"utf-8\">\n<title>");
	sakra_buf_put_html(&h, cfg->org_name ? cfg->org_name : "");
	sakra_buf_puts(&h, "</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n"
		       "<link rel=\"stylesheet\" href=\"print.css\">\n</head>\n<body class=\"");
	sakra_buf_put_html(&h, sakra_buf_cstr(&cls));
	sakra_buf_puts(&h, "\">\n<main class=\"cover\">\n<h1>");
	sakra_buf_put_html(&h, cfg->org_name ? cfg->org_name : "");
	sakra_buf_puts(&h, "</h1>\n");
	if (p->plan->fw) {
		sakra_buf_puts(&h, "<p class=\"framework\">");
		sakra_buf_put_html(&h, sakra_i18n_get(&p->plan->fw->title, w->lang));
		sakra_buf_puts(&h, "</p>\n");
	}
	if (v)
		snprintf(line, sizeof(line), w->pdf.approved, v->number);
	else
		snprintf(line, sizeof(line), "%s", w->pdf.draft);
	sakra_buf_puts(&h, "<p class=\"version\"><strong>");
	sakra_buf_put_html(&h, line);
	sakra_buf_puts(&h, "</strong></p>\n<dl>\n<dt>");
	sakra_buf_put_html(&h, w->pdf.edition);
	sakra_buf_puts(&h, "</dt><dd>");
	sakra_buf_put_html(&h, so->edition ? (so->edition->title ? so->edition->title
					      : so->edition->name) : w->pdf.all_marked);
	sakra_buf_puts(&h, "</dd>\n");
	if (so->commit) {
		sakra_buf_puts(&h, "<dt>");
		sakra_buf_put_html(&h, w->pdf.commit);
		sakra_buf_printf(&h, "</dt><dd><code>%.40s</code></dd>\n", so->commit);
	}
	if (v && v->manifest) {
		struct sakra_sha256 *sha = NULL;
		char hex[65];

		if (sakra_sha256_new(&sha, err) < 0)
			goto fail;
		sakra_sha256_update(sha, v->manifest, v->manifest_len);
		sakra_sha256_final_hex(sha, hex);   /* and frees it */
		sakra_buf_puts(&h, "<dt>");
		sakra_buf_put_html(&h, w->pdf.manifest);
		sakra_buf_printf(&h, "</dt><dd><code>%s</code></dd>\n", hex);
	}
	sakra_buf_puts(&h, "</dl>\n");
	if (v && v->nsigs) {
		sakra_buf_puts(&h, "<h2>");
		sakra_buf_put_html(&h, w->pdf.approvals);
		sakra_buf_puts(&h, "</h2>\n<ul class=\"approvals\">\n");
		for (size_t i = 0; i < v->nsigs; i++) {
			const struct sakra_approval_claim *c = &v->sigs[i].claim;

			if (!v->sigs[i].counts)
				continue;
			sakra_buf_puts(&h, "<li>");
			sakra_buf_put_html(&h, c->approver ? c->approver : "");
			sakra_buf_puts(&h, " (");
			sakra_buf_put_html(&h, sakra_version_role_title(v, c->role ? c->role : ""));
			sakra_buf_puts(&h, "), ");
			sakra_buf_put_html(&h, c->date ? c->date : "");
			if (c->decision && *c->decision) {
				sakra_buf_puts(&h, " — ");
				sakra_buf_put_html(&h, w->pdf.decision);
				sakra_buf_puts(&h, ": ");
				sakra_buf_put_html(&h, c->decision);
			}
			sakra_buf_puts(&h, "</li>\n");
		}
		sakra_buf_puts(&h, "</ul>\n");
	}
	sakra_buf_puts(&h, "</main>\n</body>\n</html>\n");
	if (sakra_buf_printf(&path, "%s/cover.html", site) < 0) {
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	rc = sakra_file_write_new(path.ptr, h.ptr, h.len, 0644, err);
	goto out;
fail:
	rc = -1;
out:
	sakra_buf_free(&h);
	sakra_buf_free(&cls);
	sakra_buf_free(&path);
	return rc;
}
#pragma GCC diagnostic pop

/* The pages in the PDF's order: the cover, the front page (contents), the
 * chapters, the appendices (each the page the site made of it, when the
 * edition publishes it), the register and the evidence summary. */
static int page_list(const char *site, const struct sakra_plan *plan, char ***pages, size_t *n)
{
	static const char *const first[] = { "cover.html", "index.html" };
	static const char *const last[] = { "register.html", "evidence.html" };
	static const enum sakra_doc_kind kinds[] = { SAKRA_KIND_PLAN, SAKRA_KIND_APPENDIX };
	struct sakra_buf page = SAKRA_BUF_INIT, path = SAKRA_BUF_INIT;
	size_t cap = plan->ndocs + 8;
	int rc = -1;

	*n = 0;
	if (!(*pages = calloc(cap, sizeof(**pages))))
		return -1;
	for (size_t i = 0; i < 2; i++)
		if (!((*pages)[(*n)++] = strdup(first[i])))
			goto out;
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < plan->ndocs; i++) {
			const struct sakra_plan_doc *pd = &plan->docs[i];

			if (pd->kind != kinds[k] || sakra_site_page_path(pd->file->path, &page) < 0)
				continue;
			sakra_buf_clear(&path);
			if (sakra_buf_printf(&path, "%s/%s", site, page.ptr) < 0)
				goto out;
			if (access(path.ptr, F_OK) == 0 && !((*pages)[(*n)++] = strdup(page.ptr)))
				goto out;
		}
	for (size_t i = 0; i < 2; i++) {
		sakra_buf_clear(&path);
		if (sakra_buf_printf(&path, "%s/%s", site, last[i]) < 0)
			goto out;
		if (access(path.ptr, F_OK) == 0 && !((*pages)[(*n)++] = strdup(last[i])))
			goto out;
	}
	rc = 0;
out:
	sakra_buf_free(&page);
	sakra_buf_free(&path);
	return rc;
}

/* The version's MANIFEST and signatures, for embedding. */
static int write_attachments(const char *dir, const struct sakra_version *v, char ***atts,
			     size_t *n, struct sakra_error *err)
{
	struct sakra_buf path = SAKRA_BUF_INIT;
	int rc = 0;

	*n = 0;
	if (!(*atts = calloc(v->nsigs + 2, sizeof(**atts))))
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	sakra_buf_printf(&path, "attach=%s/MANIFEST", dir);
	if ((rc = sakra_file_write_new(path.ptr + 7, v->manifest, v->manifest_len, 0644, err)) < 0)
		goto out;
	(*atts)[(*n)++] = sakra_buf_detach(&path);
	for (size_t i = 0; i < v->nsigs && rc == 0; i++) {
		if (!v->sigs[i].text || !v->sigs[i].counts || v->sigs[i].claim.scope)
			continue;
		sakra_buf_clear(&path);
		sakra_buf_printf(&path, "attach=%s/MANIFEST.%.16s.minisig", dir, v->sigs[i].sig.id);
		if ((rc = sakra_file_write_new(path.ptr + 7, v->sigs[i].text,
					       strlen(v->sigs[i].text), 0644, err)) == 0)
			(*atts)[(*n)++] = sakra_buf_detach(&path);
	}
out:
	sakra_buf_free(&path);
	return rc;
}

/* The names of the parts, kept to be freed. */
struct part_names {
	char **v;
	size_t n;
};

static char *part_name(struct part_names *names, const char *dir, size_t i)
{
	char **v = realloc(names->v, (names->n + 1) * sizeof(*v));
	char *s = malloc(strlen(dir) + 32);

	if (!v || !s) {
		free(s);
		if (v)
			names->v = v;
		return NULL;
	}
	names->v = v;
	sprintf(s, "%s/part-%06zu.pdf", dir, i);
	return names->v[names->n++] = s;
}

int cli_build_pdf(const struct cli_plan *p, const struct sakra_site_options *so,
		  const struct sakra_date *day, const char *out, struct sakra_diags *diags,
		  struct sakra_site_stats *stats)
{
	const struct sakra_words *w = sakra_words(p->plan->config->language);
	struct sakra_buf tmp = SAKRA_BUF_INIT, site = SAKRA_BUF_INIT, log = SAKRA_BUF_INIT,
			 lst = SAKRA_BUF_INIT, parts = SAKRA_BUF_INIT;
	struct part_names names = { NULL, 0 };
	struct sakra_out_file o;
	int opened = 0;
	struct sakra_error err;
	char **pages = NULL, **atts = NULL, **args = NULL, epoch[32], ident[48], chunk[16];
	size_t npages = 0, natts = 0, k = 0, nparts = 0;
	const char *t = getenv("TMPDIR");
	int status = EXIT_USAGE, rc;

	sakra_error_clear(&err);
	if (!cli_pdf_available()) {
		cli_errorf("a PDF is rendered by WeasyPrint and joined by qpdf, and one is not "
			   "installed: install the Debian packages weasyprint and qpdf (apt-get "
			   "install weasyprint qpdf)");
		return EXIT_USAGE;
	}
	if (sakra_buf_printf(&tmp, "%s/sakra-pdf.XXXXXX", t && *t == '/' ? t : "/tmp") < 0 ||
	    !mkdtemp(tmp.ptr)) {
		cli_errorf("cannot make a temporary folder: %s", strerror(errno));
		goto out;
	}
	sakra_buf_printf(&site, "%s/site", tmp.ptr);
	if (sakra_site_write_dir(p->plan, so, site.ptr, diags, stats, &err) < 0 ||
	    write_cover(site.ptr, p, so, w, &err) < 0 ||
	    (so->version && so->version->manifest &&
	     write_attachments(tmp.ptr, so->version, &atts, &natts, &err) < 0)) {
		cli_error(&err);
		goto out;
	}
	if (page_list(site.ptr, p->plan, &pages, &npages) < 0) {
		cli_errorf("out of memory");
		goto out;
	}
	/* the commit's day makes the dates; the commit is the identifier */
	{
		struct tm tm;

		memset(&tm, 0, sizeof(tm));
		tm.tm_year = day->year - 1900;
		tm.tm_mon = day->month - 1;
		tm.tm_mday = day->day;
		snprintf(epoch, sizeof(epoch), "%lld", (long long)timegm(&tm));
	}
	snprintf(ident, sizeof(ident), "%.40s", so->commit ? so->commit : "uncommitted");
	sakra_buf_printf(&log, "%s/weasyprint.log", tmp.ptr);
	/* written beside out and renamed when complete */
	if (sakra_out_open(&o, out, 0666, 1, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	opened = 1;
	/* the pages listed in a file (a plan may have more than a command line
	 * holds), the parts in a folder of their own */
	{
		struct sakra_buf list = SAKRA_BUF_INIT;

		for (size_t i = 0; i < npages; i++) {
			sakra_buf_puts(&list, pages[i]);
			sakra_buf_putc(&list, '\0');
		}
		sakra_buf_printf(&lst, "%s/pages.lst", tmp.ptr);
		sakra_buf_printf(&parts, "%s/parts", tmp.ptr);
		rc = mkdir(parts.ptr, 0700) < 0 ? sakra_error_set(&err, SAKRA_EIO, parts.ptr, 0, 0,
								   "%s", strerror(errno))
		     : sakra_file_write_new(lst.ptr, list.ptr, list.len, 0600, &err);
		sakra_buf_free(&list);
		if (rc < 0) {
			cli_error(&err);
			goto out;
		}
	}
	nparts = (npages + CHUNK - 1) / CHUNK;
	snprintf(chunk, sizeof(chunk), "%d", CHUNK);
	if (!(args = calloc(natts + nparts * 2 + 12, sizeof(*args)))) {
		cli_errorf("out of memory");
		goto out;
	}
	args[k++] = (char *)PYTHON;
	args[k++] = (char *)"-c";
	args[k++] = (char *)script;
	args[k++] = parts.ptr;
	args[k++] = ident;
	args[k++] = chunk;
	args[k++] = lst.ptr;
	for (size_t i = 0; i < natts; i++)
		args[k++] = atts[i] + 7;   /* without "attach=" */
	if ((rc = cli_run(PYTHON, args, site.ptr, epoch, log.ptr, NULL, 0)) != 0) {
		struct sakra_buf text = SAKRA_BUF_INIT;

		sakra_file_read(log.ptr, &text, 1u << 20, &err);
		cli_errorf("WeasyPrint could not render the PDF (exit %d):\n%s", rc,
			   sakra_buf_cstr(&text));
		sakra_buf_free(&text);
		goto out;
	}
	/* the parts joined: the first's catalogue (PDF/A metadata, output
	 * intent, attachments) kept, an identifier from the content */
	k = 0;
	args[k++] = (char *)"qpdf";
	args[k++] = (char *)"--deterministic-id";
	args[k++] = part_name(&names, parts.ptr, 0);
	args[k++] = (char *)"--pages";
	for (size_t i = 0; i < nparts; i++)
		args[k++] = part_name(&names, parts.ptr, i);
	args[k++] = (char *)"--";
	args[k++] = (char *)sakra_out_temp(&o);
	args[k] = NULL;
	for (size_t i = 0; i < k; i++)
		if (!args[i]) {
			cli_errorf("out of memory");
			goto out;
		}
	/* 3: written, with warnings */
	if ((rc = cli_run(QPDF, args, NULL, NULL, log.ptr, NULL, 0)) != 0 && rc != 3) {
		struct sakra_buf text = SAKRA_BUF_INIT;

		sakra_file_read(log.ptr, &text, 1u << 20, &err);
		cli_errorf("qpdf could not join the PDF's parts (exit %d):\n%s", rc,
			   sakra_buf_cstr(&text));
		sakra_buf_free(&text);
		goto out;
	}
	stats->pages = npages;   /* the documents in the PDF */
	opened = 0;
	if (sakra_out_commit(&o, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	status = EXIT_OK;
out:
	if (opened)
		sakra_out_abort(&o);
	if (tmp.len)
		sakra_remove_tree(tmp.ptr);
	for (size_t i = 0; i < npages; i++)
		free(pages[i]);
	free(pages);
	for (size_t i = 0; i < natts; i++)
		free(atts[i]);
	free(atts);
	free(args);
	for (size_t i = 0; i < names.n; i++)
		free(names.v[i]);
	free(names.v);
	sakra_buf_free(&tmp);
	sakra_buf_free(&site);
	sakra_buf_free(&log);
	sakra_buf_free(&lst);
	sakra_buf_free(&parts);
	return status;
}
