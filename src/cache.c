/* cache: manifests remembered per user (see cache.h for what is trusted). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sakra/cache.h"
#include "sakra/session.h"
#include "sakra/crypto.h"
#include "sakra/fs.h"

#define CACHE_FORMAT "sakra manifest cache 1"
#define CACHE_FILE_MAX (512u << 20)   /* a manifest of millions of files */

#ifndef SAKRA_VERSION
#define SAKRA_VERSION "dev"
#endif

/* Whether path is a folder of ours that nobody else may write in. */
static int own_dir(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid() &&
	       !(st.st_mode & 022);
}

static int valid_commit(const char *c)
{
	size_t n = strspn(c, "0123456789abcdef");

	return (n == 40 || n == 64) && !c[n];
}

/* The folder of cached manifests, made if need be: 0, or -1 when there
 * is none to use. */
static int cache_dir(char *out, size_t cap, const char *sub, int make)
{
	const char *base = sakra_session()->cache;

	if (!*base)
		return -1;
	if (snprintf(out, cap, "%s/%s", base, sub) >= (int)cap)
		return -1;
	/* made private when missing; a folder others may write in is left as
	 * it is, and not used */
	if (make && access(base, F_OK) < 0 && errno == ENOENT)
		sakra_mkdirs(base, 0700, NULL);
	if (!own_dir(base))
		return -1;
	if (make && mkdir(out, 0700) < 0 && errno != EEXIST)
		return -1;
	return own_dir(out) ? 0 : -1;
}

static void body_hash(const char *text, size_t len, char hex[65])
{
	struct sakra_sha256 *h = NULL;

	hex[0] = '\0';
	if (sakra_sha256_new(&h, NULL) < 0)
		return;
	sakra_sha256_update(h, text, len);
	sakra_sha256_final_hex(h, hex);
}

static int header(struct sakra_buf *b, const char *commit, const char *text, size_t len)
{
	char hex[65];

	body_hash(text, len, hex);
	return hex[0] ? sakra_buf_printf(b, CACHE_FORMAT "\nversion: %s\ncommit: %s\nsha256: %s\n\n",
					 SAKRA_VERSION, commit, hex) : -1;
}

int sakra_cache_manifest_get(const char *commit, struct sakra_buf *out)
{
	char dir[PATH_MAX], path[PATH_MAX + 80];
	struct sakra_buf file = SAKRA_BUF_INIT, want = SAKRA_BUF_INIT;
	struct stat st;
	const char *body;
	int fd, hit = 0, ours = 0;

	sakra_buf_clear(out);
	if (!valid_commit(commit) || cache_dir(dir, sizeof(dir), "manifests", 0) < 0 ||
	    snprintf(path, sizeof(path), "%s/%s", dir, commit) >= (int)sizeof(path))
		return 0;
	/* not through a link, and never waiting on a FIFO */
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) < 0)
		return 0;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || !(ours = st.st_uid == geteuid()) ||
	    (st.st_mode & 022) || (unsigned long long)st.st_size > CACHE_FILE_MAX ||
	    sakra_buf_grow(&file, (size_t)st.st_size + 1) < 0)
		goto out;
	while (file.len < (size_t)st.st_size) {
		ssize_t n = read(fd, file.ptr + file.len, (size_t)st.st_size - file.len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto out;
		file.len += (size_t)n;
	}
	file.ptr[file.len] = '\0';
	/* the header this sakra would write for the body that follows it */
	if (!(body = strstr(file.ptr, "\n\n")))
		goto out;
	body += 2;
	if (header(&want, commit, body, file.len - (size_t)(body - file.ptr)) < 0 ||
	    want.len != (size_t)(body - file.ptr) || memcmp(want.ptr, file.ptr, want.len) != 0)
		goto out;
	hit = sakra_buf_put(out, body, file.len - want.len) == 0;
out:
	if (!hit && ours)
		unlink(path);   /* damaged, or another sakra's: computed and written again */
	close(fd);
	sakra_buf_free(&file);
	sakra_buf_free(&want);
	if (!hit)
		sakra_buf_clear(out);
	return hit;
}

void sakra_cache_manifest_put(const char *commit, const char *text, size_t len)
{
	char dir[PATH_MAX], path[PATH_MAX + 80], tmp[PATH_MAX + 100];
	struct sakra_buf head = SAKRA_BUF_INIT;
	struct stat st;
	int fd;

	/* an entry there already is this very text (a commit has one
	 * manifest), or found damaged and removed when next read */
	if (!valid_commit(commit) || (cache_dir(dir, sizeof(dir), "manifests", 0) == 0 &&
				      snprintf(path, sizeof(path), "%s/%s", dir, commit) <
				      (int)sizeof(path) && lstat(path, &st) == 0))
		return;
	if (cache_dir(dir, sizeof(dir), "manifests", 1) < 0 ||
	    snprintf(path, sizeof(path), "%s/%s", dir, commit) >= (int)sizeof(path) ||
	    snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path) >= (int)sizeof(tmp) ||
	    header(&head, commit, text, len) < 0) {
		sakra_buf_free(&head);
		return;
	}
	if ((fd = mkstemp(tmp)) >= 0) {
		/* no fsync: an entry lost or torn in a crash fails its hash */
		int ok = fchmod(fd, 0600) == 0 && sakra_fd_write(fd, head.ptr, head.len, tmp, NULL) == 0 &&
			 sakra_fd_write(fd, text, len, tmp, NULL) == 0;

		if (close(fd) < 0 || !ok || rename(tmp, path) < 0)
			unlink(tmp);
	}
	sakra_buf_free(&head);
}

int sakra_cache_once(const char *what)
{
	char dir[PATH_MAX], path[PATH_MAX + 80], hex[65];
	int fd;

	if (cache_dir(dir, sizeof(dir), "said", 1) < 0)
		return -1;
	body_hash(what, strlen(what), hex);
	if (!hex[0] || snprintf(path, sizeof(path), "%s/%s", dir, hex) >= (int)sizeof(path))
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ? 0 : -1;
	close(fd);
	return 1;
}
