/* Unit tests: odb, sakra's own reader of git objects, on what git itself
 * writes — loose objects, a pack from 'git gc', a repack whose second blob
 * is a delta (which odb leaves to libgit2) — and on damaged objects. */
#include "unit.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sakra/buf.h"
#include "sakra/fs.h"
#include "sakra/odb.h"

#define SIZE 300000

struct repo {
	char root[64];
	char git[96];            /* root/.git/ */
	unsigned char a[20], b[20];
	unsigned char *data;     /* blob a; blob b is a with one byte changed */
};

static void sh(const struct repo *r, const char *cmd)
{
	char full[1024];

	snprintf(full, sizeof(full), "cd '%s' && (%s) >/dev/null 2>&1", r->root, cmd);
	assert_int_equal(system(full), 0);
}

/* The id git gives path's blob, as bytes. */
static void blob_id(const struct repo *r, const char *path, unsigned char oid[20])
{
	char cmd[256], hex[64];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "cd '%s' && git hash-object '%s'", r->root, path);
	assert_non_null(p = popen(cmd, "r"));
	assert_non_null(fgets(hex, sizeof(hex), p));
	pclose(p);
	for (size_t i = 0; i < 20; i++) {
		unsigned v;

		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		oid[i] = (unsigned char)v;
	}
}

static int setup(void **state)
{
	struct repo *r = calloc(1, sizeof(*r));
	char path[128];
	FILE *f;

	snprintf(r->root, sizeof(r->root), "/tmp/sakra-odb-XXXXXX");
	if (!mkdtemp(r->root) || !(r->data = malloc(SIZE)))
		return -1;
	snprintf(r->git, sizeof(r->git), "%s/.git/", r->root);
	/* incompressible enough to stay large, and alike enough to delta */
	for (size_t i = 0; i < SIZE; i++)
		r->data[i] = (unsigned char)((i * 2654435761u) >> 13);
	snprintf(path, sizeof(path), "%s/a.bin", r->root);
	f = fopen(path, "wb");
	fwrite(r->data, 1, SIZE, f);
	fclose(f);
	r->data[SIZE / 2] ^= 1;
	snprintf(path, sizeof(path), "%s/b.bin", r->root);
	f = fopen(path, "wb");
	fwrite(r->data, 1, SIZE, f);
	fclose(f);
	r->data[SIZE / 2] ^= 1;
	sh(r, "git init -q && git add a.bin && git -c user.name=U -c user.email=u@example.org "
	      "commit -qm a");
	blob_id(r, "a.bin", r->a);
	blob_id(r, "b.bin", r->b);
	*state = r;
	return 0;
}

static int teardown(void **state)
{
	struct repo *r = *state;

	sakra_remove_tree(r->root);
	free(r->data);
	free(r);
	return 0;
}

static int collect(void *ctx, const void *data, size_t len, struct sakra_error *err)
{
	(void)err;
	return sakra_buf_put(ctx, data, len);
}

/* odb_stream of blob oid: its return, its bytes in out. */
static int stream(const struct repo *r, const unsigned char oid[20], int check_id,
		  struct sakra_buf *out)
{
	struct sakra_error err;

	sakra_buf_clear(out);
	return sakra_odb_stream(r->git, oid, SIZE, check_id, "a.bin", collect, out, &err);
}

static void test_loose_then_packed(void **state)
{
	struct repo *r = *state;
	struct sakra_buf out = SAKRA_BUF_INIT;

	/* a loose object, checked against its id or not */
	assert_int_equal(stream(r, r->a, 1, &out), 0);
	assert_int_equal(out.len, SIZE);
	assert_memory_equal(out.ptr, r->data, SIZE);
	assert_int_equal(stream(r, r->a, 0, &out), 0);
	assert_memory_equal(out.ptr, r->data, SIZE);
	/* not in the repository: 1, for the caller to read it otherwise */
	assert_int_equal(stream(r, r->b, 1, &out), 1);
	/* packed by git gc: found through the pack index, read from the pack */
	sh(r, "git gc -q --prune=now");
	assert_int_equal(stream(r, r->a, 1, &out), 0);
	assert_memory_equal(out.ptr, r->data, SIZE);
	assert_int_equal(stream(r, r->a, 0, &out), 0);
	assert_memory_equal(out.ptr, r->data, SIZE);
	sakra_buf_free(&out);
}

static void test_repack_with_deltas(void **state)
{
	struct repo *r = *state;
	struct sakra_buf out = SAKRA_BUF_INIT;
	int ra, rb;

	sh(r, "git add b.bin && git -c user.name=U -c user.email=u@example.org commit -qm b && "
	      "git repack -q -a -d -f --window=10 --depth=10");
	/* two blobs alike: git deltifies one of them; odb reads the other from
	 * the pack and leaves the delta (1) to libgit2, never misreads it */
	ra = stream(r, r->a, 1, &out);
	if (ra == 0)
		assert_memory_equal(out.ptr, r->data, SIZE);
	r->data[SIZE / 2] ^= 1;
	rb = stream(r, r->b, 1, &out);
	if (rb == 0)
		assert_memory_equal(out.ptr, r->data, SIZE);
	r->data[SIZE / 2] ^= 1;
	assert_true((ra == 0 && rb == 1) || (ra == 1 && rb == 0));
	sakra_buf_free(&out);
}

static void test_damaged(void **state)
{
	struct repo *r = *state;
	struct sakra_buf out = SAKRA_BUF_INIT;
	struct sakra_error err;
	unsigned char other[20];
	char path[160], hex[41];
	int fd;

	/* a loose object whose bytes are not what its id says */
	memcpy(other, r->a, 20);
	other[19] ^= 1;
	for (size_t i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", other[i]);
	snprintf(path, sizeof(path), "%s/.git/objects/%.2s", r->root, hex);
	mkdir(path, 0777);
	snprintf(path, sizeof(path), "%s/.git/objects/%.2s/%s", r->root, hex, hex + 2);
	sh(r, "git hash-object -w a.bin");
	{
		char cmd[600];

		for (size_t i = 0; i < 20; i++)
			snprintf(hex + 2 * i, 3, "%02x", r->a[i]);
		snprintf(cmd, sizeof(cmd), "cp .git/objects/%.2s/%s '%s'", hex, hex + 2, path);
		sh(r, cmd);
	}
	sakra_buf_clear(&out);
	assert_true(sakra_odb_stream(r->git, other, SIZE, 1, "a.bin", collect, &out, &err) < 0);
	assert_non_null(strstr(err.message, "does not hold what its id says"));
	assert_string_equal(err.path, "a.bin");
	/* the wrong size is refused, whatever the id */
	assert_true(sakra_odb_stream(r->git, r->a, SIZE - 1, 0, "a.bin", collect, &out, &err) < 0);
	/* a truncated loose object (git writes them read-only: as any user
	 * but root, made writable first) */
	assert_int_equal(chmod(path, 0644), 0);
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "x\x9c", 2), 2);
	close(fd);
	assert_true(sakra_odb_stream(r->git, other, SIZE, 1, "a.bin", collect, &out, &err) < 0);
	assert_non_null(strstr(err.message, "git object"));
	sakra_buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_loose_then_packed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repack_with_deltas, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
