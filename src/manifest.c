/* manifest: the signed text of a commit. */
#include <string.h>

#include "sakra/crypto.h"
#include "sakra/manifest.h"

/* Header values stay on their line. */
static int put_line_text(struct sakra_buf *b, const char *s)
{
	for (; s && *s; s++)
		if (sakra_buf_putc(b, (unsigned char)*s < 0x20 ? ' ' : *s) < 0)
			return SAKRA_ENOMEM;
	return 0;
}

int sakra_manifest_build(struct sakra_buf *out, const struct sakra_plan *plan,
			 struct sakra_error *err)
{
	const struct sakra_tree *t = plan->tree;
	struct sakra_buf data = SAKRA_BUF_INIT;
	int rc = 0;

	if (!t->from_rev)
		return sakra_error_set(err, SAKRA_EINVAL, NULL, 0, 0,
				       "a manifest describes a commit, not a working tree");
	rc |= sakra_buf_printf(out, "# sakra manifest %d\n# organisation: ", SAKRA_MANIFEST_FORMAT);
	rc |= put_line_text(out, plan->config ? plan->config->org_name : NULL);
	rc |= sakra_buf_puts(out, "\n# framework: ");
	rc |= put_line_text(out, plan->config ? plan->config->framework_id : NULL);
	rc |= sakra_buf_printf(out, "\n# commit: %s\n# tree: %s\n# files: %zu\n", t->commit,
			       t->tree_id, t->n);
	if (rc)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < t->n; i++) {
		const struct sakra_file *f = &t->files[i];
		const char *level = sakra_plan_marking(plan, f->path);
		struct sakra_sha256 *h;
		char hex[65];

		if (strpbrk(f->path, "\n\\"))
			return sakra_error_set(err, SAKRA_EINVAL, f->path, 0, 0,
					       "a file name with a newline or backslash cannot be "
					       "in a manifest; rename it");
		if (f->symlink)
			return sakra_error_set(err, SAKRA_EINVAL, f->path, 0, 0,
					       "a symbolic link cannot be in a manifest (sha256sum "
					       "would read its target); replace it with the file");
		sakra_buf_clear(&data);
		if ((rc = sakra_tree_read(t, f, &data, 0, err)) < 0 ||
		    (rc = sakra_sha256_new(&h, err)) < 0)
			break;
		sakra_sha256_update(h, data.ptr ? data.ptr : "", data.len);
		sakra_sha256_final_hex(h, hex);
		if (sakra_buf_printf(out, "# size=%zu classification=%s\n%s  %s\n", data.len,
				     level && *level && !strpbrk(level, " \n") ? level : "-", hex,
				     f->path) < 0) {
			rc = sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
			break;
		}
	}
	sakra_buf_free(&data);
	return rc;
}
