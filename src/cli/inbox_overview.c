/* sakra inbox: the overview of an archive (overview.json, overview.csv,
 * index.html, the changes between an organisation's two newest versions)
 * and --merge of several archives. */
#include "inbox.h"

/* --- the overview ----------------------------------------------------------- */

struct org {
	json_t *o;        /* its overview entry */
	long urgency;     /* larger: more urgent */
};

static int cmp_org(const void *a, const void *b)
{
	const struct org *x = a, *y = b;
	const char *nx = json_string_value(json_object_get(x->o, "business_id"));
	const char *ny = json_string_value(json_object_get(y->o, "business_id"));

	if (x->urgency != y->urgency)
		return x->urgency > y->urgency ? -1 : 1;
	return strcmp(nx, ny);
}

/* The newest record of a version before `below` (0: of all); of one
 * version's editions, the one that withheld the least. */
static json_t *newest(json_t *recs, long below)
{
	json_t *best = NULL, *x;
	size_t i;

	json_array_foreach(recs, i, x) {
		long n = (long)json_integer_value(json_object_get(x, "version"));
		long bn = best ? (long)json_integer_value(json_object_get(best, "version")) : 0;

		if ((below && n >= below) || (best && n < bn) ||
		    (best && n == bn && json_integer_value(json_object_get(x, "withheld")) >=
		     json_integer_value(json_object_get(best, "withheld"))))
			continue;
		best = x;
	}
	return best;
}

/* The changed sections, for the overview. */
static json_t *changed_sections(const struct sakra_diff *d)
{
	static const char *const change[] = { "added", "removed", "changed" };
	json_t *list = json_array();

	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].group == SAKRA_DIFF_SECTION)
			json_array_append_new(list, json_pack(
				"{s:o,s:o,s:s}", "number", sakra_json_text(d->items[i].number),
				"title", sakra_json_text(d->items[i].title), "change",
				change[d->items[i].change]));
	return list;
}

/* The language the pages are written in: the user's (the catalogue's). */
static const char *page_lang(void)
{
	/* TRANSLATORS: the code of this catalogue's language, for <html lang> */
	return _("en");
}

/* ARCH/ID/changes-vP-vN.html: the diff as `sakra diff` prints it, for the
 * overview to link; written again by every run. Its path inside ARCH, or
 * NULL. */
static char *changes_page(const struct run *run, const char *id, json_t *prev, json_t *last,
			  const struct sakra_diff *d)
{
	struct sakra_buf text = SAKRA_BUF_INIT, page = SAKRA_BUF_INIT, path = SAKRA_BUF_INIT;
	struct sakra_buf title = SAKRA_BUF_INIT;
	struct sakra_error err;
	long p = (long)json_integer_value(json_object_get(prev, "version"));
	long n = (long)json_integer_value(json_object_get(last, "version"));
	char *rel = NULL;
	int rc = 0;

	rc |= sakra_buf_printf(&text, _("Changes from version %ld (%.12s, %s) to version %ld "
				 "(%.12s, %s)\n"), p, json_string_value(json_object_get(prev, "commit")),
			       json_string_value(json_object_get(prev, "name")), n,
			       json_string_value(json_object_get(last, "commit")),
			       json_string_value(json_object_get(last, "name")));
	rc |= cli_diff_body(&text, d, 0);
	rc |= sakra_buf_puts(&page, "<!DOCTYPE html>\n<html lang=\"");
	rc |= sakra_buf_put_html(&page, page_lang());
	rc |= sakra_buf_puts(&page, "\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\""
			     "Content-Security-Policy\" content=\"default-src 'none'\">\n<title>");
	rc |= sakra_buf_printf(&title, _("%s: version %ld against %ld"),
			       json_string_value(json_object_get(last, "organisation")), n, p);
	rc |= sakra_buf_put_html(&page, sakra_buf_cstr(&title));
	rc |= sakra_buf_puts(&page, "</title>\n</head>\n<body>\n<pre>");
	rc |= sakra_buf_put_html(&page, text.ptr ? text.ptr : "");
	rc |= sakra_buf_puts(&page, "</pre>\n</body>\n</html>\n");
	rc |= sakra_buf_printf(&path, "%s/%s/changes-v%ld-v%ld.html", run->arch, id, p, n);
	sakra_error_clear(&err);
	if (rc == 0 && sakra_mkdirs_for(path.ptr, 0777, &err) == 0 &&
	    sakra_file_write_atomic(path.ptr, page.ptr, page.len, 0666, 1, &err) == 0)
		rel = strdup(path.ptr + strlen(run->arch) + 1);
	else if (err.message[0])
		cli_error(&err);
	sakra_buf_free(&title);
	sakra_buf_free(&text);
	sakra_buf_free(&page);
	sakra_buf_free(&path);
	return rel;
}

/* The sections changed from prev to last, and the page with the whole
 * diff: computed once from the two filed plans, then kept beside the page
 * (filed versions never change). */
static void changes(const struct run *run, const char *id, json_t *prev, json_t *last, json_t *o)
{
	long p = (long)json_integer_value(json_object_get(prev, "version"));
	long n = (long)json_integer_value(json_object_get(last, "version"));
	struct sakra_tree *t = NULL, *pt = NULL;
	struct sakra_plan *lp = NULL, *pp = NULL;
	struct sakra_diff *d = NULL;
	struct sakra_error err;
	char dir[4400], cache[4400];
	json_t *kept;
	char *page, *text;

	/* keyed by both commits, so another pair of the same numbers (a merge
	 * of shards that disagree) is not taken for this one */
	snprintf(cache, sizeof(cache), "%s/%s/changes-v%ld-v%ld.json", run->arch, id, p, n);
	if ((kept = json_load_file(cache, 0, NULL)) &&
	    json_equal(json_object_get(kept, "from"), json_object_get(prev, "commit")) &&
	    json_equal(json_object_get(kept, "to"), json_object_get(last, "commit")) &&
	    json_is_array(json_object_get(kept, "sections"))) {
		json_object_set(o, "changed_sections", json_object_get(kept, "sections"));
		json_object_set(o, "changes", json_object_get(kept, "page"));
		json_decref(kept);
		return;
	}
	json_decref(kept);
	sakra_error_clear(&err);
	snprintf(dir, sizeof(dir), "%s/%s", json_string_value(json_object_get(last, "_dir")),
		 json_string_value(json_object_get(last, "name")));
	if (sakra_bundle_load_opened(dir, &t, &lp, &err) == 0) {
		snprintf(dir, sizeof(dir), "%s/%s", json_string_value(json_object_get(prev, "_dir")),
			 json_string_value(json_object_get(prev, "name")));
		if (sakra_bundle_load_opened(dir, &pt, &pp, &err) == 0 &&
		    sakra_diff_plans(&d, pp, lp, &err) == 0 &&
		    (page = changes_page(run, id, prev, last, d))) {
			kept = json_pack("{s:O,s:O,s:o,s:s}", "from", json_object_get(prev, "commit"),
					 "to", json_object_get(last, "commit"), "sections",
					 changed_sections(d), "page", page);
			json_object_set(o, "changed_sections", json_object_get(kept, "sections"));
			json_object_set(o, "changes", json_object_get(kept, "page"));
			if ((text = json_dumps(kept, JSON_INDENT(2))))
				sakra_file_write_atomic(cache, text, strlen(text), 0666, 1, &err);
			free(text);
			json_decref(kept);
			free(page);
		}
	}
	if (err.message[0])
		json_object_set_new(o, "error", sakra_json_text(err.message));
	sakra_diff_free(d);
	sakra_plan_free(pp);
	sakra_tree_free(pt);
	sakra_plan_free(lp);
	sakra_tree_free(t);
}

/* One organisation's entry, from what is filed for it. */
json_t *inbox_organisation(const struct run *run, const char *id, json_t *recs, long *urgency)
{
	json_t *last = newest(recs, 0), *prev, *o, *overdue = json_array(),
	       *expired = json_array(), *expiring = json_array(), *x,
	       *f = json_object_get(last, "facts");
	long version = (long)json_integer_value(json_object_get(last, "version"));
	long today = sakra_date_days(&run->today);
	struct sakra_date a;
	char day[11];
	size_t i;
	int months;

	prev = newest(recs, version);
	o = json_pack("{s:s,s:O,s:o,s:{s:I,s:O,s:O,s:O,s:O,s:O,s:s,s:O}}", "business_id", id,
		      "name", json_object_get(last, "organisation"), "framework", json_null(),
		      "latest", "version", (json_int_t)version, "commit",
		      json_object_get(last, "commit"), "approved", json_object_get(last, "approved"),
		      "approvers", json_object_get(last, "approvals"), "edition",
		      json_object_get(last, "edition"), "marking", json_object_get(last, "marking"),
		      "filed", json_string_value(json_object_get(last, "name")), "path",
		      json_object_get(last, "_path"));
	json_object_set_new(o, "previous", prev ? json_pack("{s:O,s:s}", "version",
							    json_object_get(prev, "version"), "filed",
							    json_string_value(json_object_get(prev, "name")))
			    : json_null());
	*urgency = 0;
	json_object_set(o, "framework", json_object_get(f, "framework"));
	json_array_foreach(json_object_get(f, "obligations"), i, x) {
		struct sakra_date due;
		int open = json_is_true(json_object_get(x, "open"));

		if (sakra_date_parse(json_string_value(json_object_get(x, "due")), &due) < 0)
			continue;
		if (open)
			due = run->today;   /* no evidence yet: due every day */
		if (!open && sakra_date_days(&due) >= today)
			continue;
		sakra_date_format(&due, day);
		json_array_append_new(overdue, json_pack("{s:O,s:s,s:I}", "id",
							 json_object_get(x, "id"), "due", day,
							 "days_overdue",
							 (json_int_t)(today - sakra_date_days(&due))));
		*urgency += 1000;
	}
	json_array_foreach(json_object_get(f, "certificates"), i, x) {
		struct sakra_date exp;
		long left;

		if (sakra_date_parse(json_string_value(json_object_get(x, "expires")), &exp) < 0)
			continue;
		left = sakra_date_days(&exp) - today;
		if (left < 0) {
			json_array_append_new(expired, json_pack("{s:O,s:O}", "system",
								 json_object_get(x, "system"), "expired",
								 json_object_get(x, "expires")));
			*urgency += 1000;
		} else if (left <= EXPIRING_DAYS) {
			json_array_append_new(expiring, json_pack("{s:O,s:O}", "system",
								  json_object_get(x, "system"), "expires",
								  json_object_get(x, "expires")));
			*urgency += 10;
		}
	}
	/* approved longer ago than the plan's review interval */
	months = (int)json_integer_value(json_object_get(f, "review_months"));
	if (months && json_string_value(json_object_get(last, "approved")) &&
	    sakra_date_parse(json_string_value(json_object_get(last, "approved")), &a) == 0) {
		struct sakra_date due = sakra_date_add_months(&a, months);

		json_object_set_new(o, "review_overdue",
				    json_boolean(sakra_date_cmp(&due, &run->today) < 0));
		if (sakra_date_cmp(&due, &run->today) < 0)
			*urgency += 100;
	}
	if (prev)
		changes(run, id, prev, last, o);
	if (!json_object_get(o, "changed_sections"))
		json_object_set_new(o, "changed_sections", json_array());
	if (!json_object_get(o, "changes"))
		json_object_set_new(o, "changes", json_null());
	if (!json_object_get(o, "review_overdue"))
		json_object_set_new(o, "review_overdue", json_false());
	json_object_set_new(o, "obligations_overdue", overdue);
	json_object_set_new(o, "certificates_expired", expired);
	json_object_set_new(o, "certificates_expiring", expiring);
	return o;
}

/* Writes b (made with status rc) as ARCH/name, replacing it whole, and
 * frees it. */
static int write_out(const char *arch, const char *name, struct sakra_buf *b, int rc,
		     struct sakra_error *err)
{
	struct sakra_buf path = SAKRA_BUF_INIT;

	if (rc == 0 && sakra_buf_printf(&path, "%s/%s", arch, name) == 0)
		rc = sakra_file_write_atomic(path.ptr, b->ptr ? b->ptr : "", b->len, 0666, 1, err);
	else
		rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	sakra_buf_free(b);
	sakra_buf_free(&path);
	return rc;
}

static int put_csv_field(struct sakra_buf *b, const char *s, int last)
{
	int rc = sakra_buf_putc(b, '"');

	/* a cell a spreadsheet would take for a formula starts with a quote */
	if (s && (*s == '=' || *s == '+' || *s == '-' || *s == '@'))
		rc |= sakra_buf_putc(b, '\'');
	for (; s && *s; s++)
		rc |= *s == '"' ? sakra_buf_puts(b, "\"\"") : sakra_buf_putc(b, *s);
	return rc | sakra_buf_puts(b, last ? "\"\r\n" : "\",");
}

static const char *ids(json_t *list, const char *key, struct sakra_buf *b)
{
	json_t *x;
	size_t i;

	sakra_buf_clear(b);
	json_array_foreach(list, i, x)
		sakra_buf_printf(b, "%s%s", i ? "; " : "", json_string_value(json_object_get(x, key)));
	return b->len ? b->ptr : "";
}

static int write_csv(const char *arch, json_t *orgs, struct sakra_error *err)
{
	struct sakra_buf b = SAKRA_BUF_INIT, cell = SAKRA_BUF_INIT;
	json_t *o;
	size_t i;
	int rc = sakra_buf_puts(&b, "business_id,name,framework,version,approved,previous,"
				"changed_sections,obligations_overdue,certificates_expired,"
				"certificates_expiring,review_overdue\r\n");

	json_array_foreach(orgs, i, o) {
		json_t *l = json_object_get(o, "latest"), *p = json_object_get(o, "previous");
		char n[24], pv[24];

		snprintf(n, sizeof(n), "%lld", (long long)json_integer_value(json_object_get(l, "version")));
		snprintf(pv, sizeof(pv), "%lld", p ? (long long)json_integer_value(
				 json_object_get(p, "version")) : 0LL);
		rc |= put_csv_field(&b, json_string_value(json_object_get(o, "business_id")), 0);
		rc |= put_csv_field(&b, json_string_value(json_object_get(o, "name")), 0);
		rc |= put_csv_field(&b, json_string_value(json_object_get(o, "framework")), 0);
		rc |= put_csv_field(&b, n, 0);
		rc |= put_csv_field(&b, json_string_value(json_object_get(l, "approved")), 0);
		rc |= put_csv_field(&b, json_is_object(p) ? pv : "", 0);
		rc |= put_csv_field(&b, ids(json_object_get(o, "changed_sections"), "number", &cell), 0);
		rc |= put_csv_field(&b, ids(json_object_get(o, "obligations_overdue"), "id", &cell), 0);
		rc |= put_csv_field(&b, ids(json_object_get(o, "certificates_expired"), "system",
					    &cell), 0);
		rc |= put_csv_field(&b, ids(json_object_get(o, "certificates_expiring"), "system",
					    &cell), 0);
		rc |= put_csv_field(&b, json_is_true(json_object_get(o, "review_overdue")) ? "yes"
				    : "no", 1);
	}
	rc = write_out(arch, "overview.csv", &b, rc, err);
	sakra_buf_free(&cell);
	return rc;
}

static int html_list(struct sakra_buf *b, json_t *list, const char *key, const char *date)
{
	json_t *x;
	size_t i;
	int rc = 0;

	json_array_foreach(list, i, x) {
		rc |= sakra_buf_puts(b, i ? ", " : "");
		rc |= sakra_buf_put_html(b, json_string_value(json_object_get(x, key)));
		if (date && json_string_value(json_object_get(x, date))) {
			rc |= sakra_buf_puts(b, " (");
			rc |= sakra_buf_put_html(b, json_string_value(json_object_get(x, date)));
			rc |= sakra_buf_puts(b, ")");
		}
	}
	return rc;
}

/* The overview as one static page: no script, no request elsewhere. */
static int write_html(const char *arch, json_t *orgs, const char *marking,
		      const struct sakra_date *today, struct sakra_error *err)
{
	struct sakra_buf b = SAKRA_BUF_INIT, cell = SAKRA_BUF_INIT;
	char day[11];
	json_t *o;
	size_t i;
	int rc = 0;

	sakra_date_format(today, day);
	rc |= sakra_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"");
	rc |= sakra_buf_put_html(&b, page_lang());
	rc |= sakra_buf_puts(&b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
			     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
			     "style-src 'unsafe-inline'\">\n<title>");
	rc |= sakra_buf_put_html(&b, _("Received plans"));
	rc |= sakra_buf_puts(&b, "</title>\n<style>"
			     "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
			     "td,th{border:1px solid #999;padding:.3em .5em;vertical-align:top}"
			     ".marking{border:2px solid #a00;color:#a00;padding:.3em;font-weight:bold}"
			     ".bad{background:#fdd}.warn{background:#ffd}</style>\n</head>\n<body>\n");
	if (marking) {
		rc |= sakra_buf_puts(&b, "<p class=\"marking\">");
		rc |= sakra_buf_put_html(&b, marking);
		rc |= sakra_buf_puts(&b, "</p>\n");
	}
	{
		static const char *const heads[] = { N_("Organisation"), N_("Version"),
			N_("Approved"), N_("Changed since the version before"),
			N_("Obligations overdue"), N_("Certificates expired"),
			N_("Certificates expiring") };
		struct sakra_buf on = SAKRA_BUF_INIT;

		rc |= sakra_buf_puts(&b, "<h1>");
		rc |= sakra_buf_put_html(&b, _("Received plans"));
		rc |= sakra_buf_puts(&b, "</h1>\n<p>");
		rc |= sakra_buf_printf(&on, _("On %s, most urgent first."), day);
		rc |= sakra_buf_put_html(&b, sakra_buf_cstr(&on));
		rc |= sakra_buf_puts(&b, "</p>\n<table>\n<tr>");
		for (size_t h = 0; h < sizeof(heads) / sizeof(*heads); h++) {
			rc |= sakra_buf_puts(&b, "<th>");
			rc |= sakra_buf_put_html(&b, _(heads[h]));
			rc |= sakra_buf_puts(&b, "</th>");
		}
		rc |= sakra_buf_puts(&b, "</tr>\n");
		sakra_buf_free(&on);
	}
	json_array_foreach(orgs, i, o) {
		json_t *l = json_object_get(o, "latest"), *p = json_object_get(o, "previous");
		const char *id = json_string_value(json_object_get(o, "business_id"));
		const char *filed = json_string_value(json_object_get(l, "path"));
		int bad = json_array_size(json_object_get(o, "obligations_overdue")) ||
			  json_array_size(json_object_get(o, "certificates_expired"));
		int warn = json_is_true(json_object_get(o, "review_overdue")) ||
			   json_array_size(json_object_get(o, "certificates_expiring"));

		rc |= sakra_buf_printf(&b, "<tr class=\"%s\"><td>", bad ? "bad" : warn ? "warn" : "");
		rc |= sakra_buf_put_html(&b, json_string_value(json_object_get(o, "name")));
		rc |= sakra_buf_puts(&b, "<br>");
		rc |= sakra_buf_put_html(&b, id);
		rc |= sakra_buf_puts(&b, "</td><td><a href=\"");
		rc |= sakra_buf_put_html(&b, filed);
		rc |= sakra_buf_puts(&b, "/site/index.html\">");
		sakra_buf_clear(&cell);
		rc |= sakra_buf_printf(&cell, _("version %lld"),
				       (long long)json_integer_value(json_object_get(l, "version")));
		rc |= sakra_buf_put_html(&b, sakra_buf_cstr(&cell)) | sakra_buf_puts(&b, "</a>");
		if (json_is_object(p)) {
			sakra_buf_clear(&cell);
			rc |= sakra_buf_printf(&cell, _("(before: %lld)"), (long long)json_integer_value(
						       json_object_get(p, "version")));
			rc |= sakra_buf_puts(&b, "<br>") | sakra_buf_put_html(&b, sakra_buf_cstr(&cell));
		}
		rc |= sakra_buf_puts(&b, "</td><td>");
		rc |= sakra_buf_put_html(&b, json_string_value(json_object_get(l, "approved")) ?
					 json_string_value(json_object_get(l, "approved")) : "");
		if (json_is_true(json_object_get(o, "review_overdue")))
			rc |= sakra_buf_puts(&b, "<br>") | sakra_buf_put_html(&b, _("review overdue"));
		rc |= sakra_buf_puts(&b, "</td><td>");
		rc |= html_list(&b, json_object_get(o, "changed_sections"), "number", NULL);
		if (json_string_value(json_object_get(o, "changes"))) {
			rc |= sakra_buf_puts(&b, "<br><a href=\"");
			rc |= sakra_buf_put_html(&b, json_string_value(json_object_get(o, "changes")));
			rc |= sakra_buf_puts(&b, "\">") | sakra_buf_put_html(&b, _("what changed"));
			rc |= sakra_buf_puts(&b, "</a>");
		}
		rc |= sakra_buf_puts(&b, "</td><td>");
		rc |= html_list(&b, json_object_get(o, "obligations_overdue"), "id", "due");
		rc |= sakra_buf_puts(&b, "</td><td>");
		rc |= html_list(&b, json_object_get(o, "certificates_expired"), "system", "expired");
		rc |= sakra_buf_puts(&b, "</td><td>");
		rc |= html_list(&b, json_object_get(o, "certificates_expiring"), "system", "expires");
		rc |= sakra_buf_puts(&b, "</td></tr>\n");
	}
	rc |= sakra_buf_puts(&b, "</table>\n</body>\n</html>\n");
	sakra_buf_free(&cell);
	return write_out(arch, "index.html", &b, rc, err);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The path from folder `from` to folder `to`, with a trailing '/' ("" when
 * they are one), for links in a page written in `from`. */
static int link_prefix(const char *from, const char *to, struct sakra_buf *out)
{
	char a[4096], b[4096];
	size_t common = 0, i;

	if (!realpath(from, a) || !realpath(to, b))
		return -1;
	for (i = 0; a[i] && a[i] == b[i]; i++)
		if (a[i] == '/')
			common = i;
	if (!a[i] && !b[i])
		return 0;
	if (!a[i] && b[i] == '/')
		common = i;
	else if (!b[i] && a[i] == '/')
		common = i;
	/* one "../" for each folder of `from` below the common one */
	for (const char *p = a + common; *p; p++)
		if (*p == '/' && sakra_buf_puts(out, "../") < 0)
			return -1;
	if (b[common] && sakra_buf_printf(out, "%s/", b + common + 1) < 0)
		return -1;
	return 0;
}

/* Everything filed in the archives the overview summarises, by business
 * id; each record knows its folder (_dir) and its path from the overview
 * (_path). The same version filed from two commits in two shards is a
 * conflict. */
static json_t *gather(struct run *run, struct sakra_error *err)
{
	json_t *byid = json_object();

	for (size_t a = 0; a < run->narches; a++) {
		struct sakra_buf prefix = SAKRA_BUF_INIT;
		char **names;
		size_t n;

		if (inbox_list(run->arches[a], 1, &names, &n) < 0 ||
		    link_prefix(run->arch, run->arches[a], &prefix) < 0) {
			sakra_error_set(err, SAKRA_EIO, run->arches[a], 0, 0, "cannot read the "
					"archive: %s", strerror(errno));
			sakra_buf_free(&prefix);
			json_decref(byid);
			return NULL;
		}
		for (size_t i = 0; i < n; i++) {
			json_t *recs = inbox_safe_id(names[i]) ? inbox_records(run->arches[a], names[i]) : NULL;
			json_t *all, *x, *y;
			size_t k, j;

			if (!recs || !json_array_size(recs)) {
				json_decref(recs);
				continue;
			}
			if (!(all = json_object_get(byid, names[i]))) {
				json_object_set_new(byid, names[i], json_array());
				all = json_object_get(byid, names[i]);
			}
			json_array_foreach(recs, k, x) {
				char path[4400];

				snprintf(path, sizeof(path), "%s%s/%s", prefix.ptr ? prefix.ptr : "",
					 names[i], json_string_value(json_object_get(x, "name")));
				json_object_set_new(x, "_path", json_string(path));
				json_array_foreach(all, j, y)
					if (json_integer_value(json_object_get(x, "version")) ==
					    json_integer_value(json_object_get(y, "version")) &&
					    strcmp(json_string_value(json_object_get(x, "commit")),
						   json_string_value(json_object_get(y, "commit"))))
						json_array_append_new(run->conflicts, json_pack(
							"{s:s,s:O,s:O,s:[O,O],s:[O,O]}", "business_id",
							names[i], "organisation",
							json_object_get(x, "organisation"), "version",
							json_object_get(x, "version"), "files",
							json_object_get(y, "_path"),
							json_object_get(x, "_path"), "commits",
							json_object_get(y, "commit"),
							json_object_get(x, "commit")));
			}
			json_array_extend(all, recs);
			json_decref(recs);
		}
		cli_list_free(names, n);
		sakra_buf_free(&prefix);
	}
	return byid;
}

/* overview.json, .csv and index.html from everything filed. */
json_t *inbox_overview(struct run *run, struct sakra_error *err)
{
	json_t *root = json_object(), *orgs = json_array();
	struct org *v = NULL;
	struct sakra_buf markings = SAKRA_BUF_INIT, banner = SAKRA_BUF_INIT;
	json_t *byid, *recs;
	const char *key, **names;
	char *text;
	size_t n, k = 0;
	char path[4200];

	if (!(byid = gather(run, err))) {
		json_decref(root);
		json_decref(orgs);
		return NULL;
	}
	n = json_object_size(byid);
	names = calloc(n ? n : 1, sizeof(*names));
	json_object_foreach(byid, key, recs)
		if (names)
			names[k++] = (char *)key;
	if (k)
		qsort(names, k, sizeof(*names), cmp_name);
	n = k;
	k = 0;
	v = calloc(n ? n : 1, sizeof(*v));
	for (size_t i = 0; v && names && i < n; i++) {
		const char *m;

		recs = json_object_get(byid, names[i]);
		m = json_string_value(json_object_get(newest(recs, 0), "marking"));
		v[k].o = inbox_organisation(run, names[i], recs, &v[k].urgency);
		/* the page summarises plans marked in their own scales: it names
		 * every marking it summarises, to be handled as the most
		 * restricted of them */
		if (m && (!markings.len || !strstr(markings.ptr, m)))
			sakra_buf_printf(&markings, "%s%s", markings.len ? ", " : "", m);
		k++;
	}
	if (k)
		qsort(v, k, sizeof(*v), cmp_org);
	for (size_t i = 0; i < k; i++)
		json_array_append_new(orgs, v[i].o);
	free(v);
	free(names);
	json_decref(byid);
	json_object_set_new(root, "tool", json_string("sakra"));
	json_object_set_new(root, "format", json_integer(1));
	json_object_set_new(root, "organisations", orgs);
	json_object_set_new(root, "refused", json_incref(run->refused));
	json_object_set_new(root, "conflicts", json_incref(run->conflicts));
	if (markings.len)
		sakra_buf_printf(&banner, _("Summarises plans marked %s: handle it as the most "
					    "restricted of them"), markings.ptr);
	json_object_set_new(root, "markings", sakra_json_text(markings.len ? markings.ptr : NULL));
	text = json_dumps(root, JSON_INDENT(2));
	snprintf(path, sizeof(path), "%s/overview.json", run->arch);
	if (!text || sakra_file_write_atomic(path, text, strlen(text), 0666, 1, err) < 0 ||
	    write_csv(run->arch, orgs, err) < 0 ||
	    write_html(run->arch, orgs, banner.len ? banner.ptr : NULL, &run->today, err) < 0) {
		json_decref(root);
		root = NULL;
	}
	free(text);
	sakra_buf_free(&markings);
	sakra_buf_free(&banner);
	return root;
}
