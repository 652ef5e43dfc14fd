/* import: pandoc's JSON of a stranger's document (tracked changes,
 * comments, images), and any Markdown placed into the chapters of a THL
 * 3/2024 skeleton (headings, fields, tables, systems, what has no place).
 * The first byte chooses which. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sakra/framework.h"
#include "sakra/fs.h"
#include "sakra/import.h"
#include "sakra/session.h"
#include "sakra/skeleton.h"
#include "fuzz.h"

static struct sakra_framework *fw;
static char base[64], skel[128];

/* A skeleton made once; each input gets a copy of its chapters. */
static int setup(void)
{
	struct sakra_skeleton_vars vars = { NULL, NULL, "2026-12-05", NULL, "sv", NULL, NULL, NULL };
	struct sakra_error err;

	setenv("GIT_AUTHOR_NAME", "Fuzz", 1);
	setenv("GIT_AUTHOR_EMAIL", "fuzz@example.org", 1);
	sakra_session_use_env();
	snprintf(base, sizeof(base), "/tmp/sakra-fuzz-import-XXXXXX");
	if (!mkdtemp(base) || sakra_framework_load(&fw, "thl-3-2024", &err) < 0)
		abort();
	snprintf(skel, sizeof(skel), "%s/skeleton", base);
	if (sakra_skeleton_create(skel, fw, &vars, &err) < 0)
		abort();
	return 0;
}

static void copy_plan(const char *to)
{
	static const char *const files[] = {
		"01-anvandningsandamal.md", "02-foremal-och-uppdatering.md",
		"03-allmanna-rutiner.md", "06-informationssystemen.md",
		"09-systembeskrivningar.md", NULL };
	struct sakra_error err;
	char a[256], b[256];

	snprintf(b, sizeof(b), "%s/plan", to);
	if (sakra_mkdirs(b, 0700, &err) < 0)
		abort();
	for (size_t i = 0; files[i]; i++) {
		snprintf(a, sizeof(a), "%s/plan/%s", skel, files[i]);
		snprintf(b, sizeof(b), "%s/plan/%s", to, files[i]);
		if (sakra_file_copy_new(a, b, 0600, &err) < 0)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct sakra_import_result res;
	struct sakra_import_marks marks;
	struct sakra_buf out = SAKRA_BUF_INIT;
	struct sakra_error err;
	char work[160];

	if (!ready)
		ready = !setup();
	if (size < 1)
		return 0;
	if (data[0] & 1) {
		sakra_import_pandoc_json((const char *)data + 1, size - 1, &out, &marks, &err);
		sakra_buf_free(&out);
		return 0;
	}
	snprintf(work, sizeof(work), "%s/work", base);
	sakra_remove_tree(work);
	copy_plan(work);
	sakra_import_language(fw, (const char *)data + 1, size - 1);
	sakra_import_place(work, fw, "sv", (const char *)data + 1, size - 1, base, "fuzz.docx", &res,
			   &err);
	sakra_import_result_free(&res);   /* whole or in part */
	return 0;
}
