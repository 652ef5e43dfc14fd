/* fs: reading files, and writing them so that a file appears under its
 * final name only when complete. */
#define _GNU_SOURCE   /* syncfs */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sakra/fs.h"

/* --- files ---------------------------------------------------------------- */

int sakra_file_read(const char *path, struct sakra_buf *out, size_t limit,
		    struct sakra_error *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = 0;

	sakra_buf_clear(out);
	if (fd < 0)
		return sakra_error_set(err, errno == ENOENT ? SAKRA_ENOTFOUND : SAKRA_EIO,
				       path, 0, 0, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		rc = sakra_error_set(err, SAKRA_EIO, path, 0, 0, "not a regular file");
		goto out;
	}
	if (limit && (size_t)st.st_size > limit) {
		rc = sakra_error_set(err, SAKRA_ELIMIT, path, 0, 0,
				     "file is larger than %zu bytes", limit);
		goto out;
	}
	if (sakra_buf_grow(out, (size_t)st.st_size) < 0) {
		rc = sakra_error_set(err, SAKRA_ENOMEM, path, 0, 0, "out of memory");
		goto out;
	}
	/* the size fstat gave, without a read to see the end (a file that
	 * says 0, as /proc's do, is read to its end) */
	while (!st.st_size || out->len < (size_t)st.st_size) {
		ssize_t n;

		if (sakra_buf_grow(out, 65536) < 0) {
			rc = sakra_error_set(err, SAKRA_ENOMEM, path, 0, 0, "out of memory");
			goto out;
		}
		n = read(fd, out->ptr + out->len, 65536);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = sakra_error_set(err, SAKRA_EIO, path, 0, 0, "read failed: %s",
					     strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->ptr[out->len] = '\0';
		if (limit && out->len > limit) {
			rc = sakra_error_set(err, SAKRA_ELIMIT, path, 0, 0,
					     "file is larger than %zu bytes", limit);
			goto out;
		}
	}
out:
	close(fd);
	return rc;
}

/* The steps of an atomic write: a temporary file beside path ... */
static int atomic_open(const char *path, int replace, struct sakra_buf *tmp,
		       struct sakra_error *err)
{
	int fd;

	if (!replace && access(path, F_OK) == 0)
		return sakra_error_set(err, SAKRA_EEXISTS, path, 0, 0,
				       "already exists; refusing to overwrite");
	if (sakra_buf_printf(tmp, "%s.tmp-XXXXXX", path) < 0)
		return sakra_error_set(err, SAKRA_ENOMEM, path, 0, 0, "out of memory");
	if ((fd = mkstemp(tmp->ptr)) < 0) {
		sakra_buf_free(tmp);
		return sakra_error_set(err, SAKRA_EIO, path, 0, 0,
				       "cannot create a temporary file: %s", strerror(errno));
	}
	return fd;
}

static int write_all(int fd, const void *data, size_t len, const char *path,
		     struct sakra_error *err)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return sakra_error_set(err, SAKRA_EIO, path, 0, 0, "write failed: %s",
					       strerror(errno));
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* ... then mode, fsync, and the final name (never clobbering one that
 * appeared meanwhile unless replace); the temporary file goes in any case.
 * rc is the result of writing: nonzero skips to the cleanup. */
static int atomic_close(int fd, struct sakra_buf *tmp, const char *path, mode_t mode,
			int replace, int rc, struct sakra_error *err)
{
	mode_t mask = umask(0);

	umask(mask);
	if (rc == 0 && (fchmod(fd, mode & ~mask) < 0 || fsync(fd) < 0))
		rc = sakra_error_set(err, SAKRA_EIO, path, 0, 0, "cannot sync: %s",
				     strerror(errno));
	if (close(fd) < 0 && rc == 0)
		rc = sakra_error_set(err, SAKRA_EIO, path, 0, 0, "close failed: %s",
				     strerror(errno));
	if (rc == 0 && !replace && link(tmp->ptr, path) < 0)
		rc = sakra_error_set(err, errno == EEXIST ? SAKRA_EEXISTS : SAKRA_EIO, path,
				     0, 0, "cannot create: %s", strerror(errno));
	if (rc == 0 && replace && rename(tmp->ptr, path) < 0)
		rc = sakra_error_set(err, SAKRA_EIO, path, 0, 0, "cannot rename: %s",
				     strerror(errno));
	if (rc != 0 || !replace)
		unlink(tmp->ptr);
	sakra_buf_free(tmp);
	return rc;
}

int sakra_fd_write(int fd, const void *data, size_t len, const char *path,
		   struct sakra_error *err)
{
	return write_all(fd, data, len, path, err);
}

void sakra_remove_stale(const char *path)
{
	struct sakra_buf dir = SAKRA_BUF_INIT, full = SAKRA_BUF_INIT;
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	size_t blen = strlen(base);
	struct dirent *e;
	DIR *d;

	if (sakra_buf_put(&dir, path, slash ? (size_t)(slash - path) + 1 : 0) < 0 ||
	    sakra_buf_puts(&dir, "") < 0 || !(d = opendir(dir.len ? dir.ptr : "."))) {
		sakra_buf_free(&dir);
		return;
	}
	while ((e = readdir(d))) {
		struct stat st;

		if (strncmp(e->d_name, base, blen) != 0 || strncmp(e->d_name + blen, ".tmp-", 5) != 0 ||
		    strlen(e->d_name + blen + 5) != 6)
			continue;
		sakra_buf_clear(&full);
		if (sakra_buf_printf(&full, "%s%s", dir.len ? dir.ptr : "", e->d_name) < 0 ||
		    lstat(full.ptr, &st) < 0)
			continue;
		if (S_ISREG(st.st_mode))
			unlink(full.ptr);
		else if (S_ISDIR(st.st_mode))
			sakra_remove_tree(full.ptr);
	}
	closedir(d);
	sakra_buf_free(&dir);
	sakra_buf_free(&full);
}

int sakra_out_open(struct sakra_out_file *o, const char *path, mode_t mode, int replace,
		   struct sakra_error *err)
{
	memset(o, 0, sizeof(*o));
	o->fd = -1;
	sakra_remove_stale(path);
	if ((o->fd = atomic_open(path, replace, &o->tmp, err)) < 0) {
		int rc = o->fd;

		o->fd = -1;
		return rc;
	}
	o->path = path;
	o->mode = mode;
	o->replace = replace;
	return 0;
}

/* Large output is handed to the disk as it is written, 32 MiB at a time,
 * so the fsync that ends it has little left to wait for. */
#define OUT_FLUSH (32u << 20)

int sakra_out_write(void *ctx, const void *data, size_t len, struct sakra_error *err)
{
	struct sakra_out_file *o = ctx;
	int rc = write_all(o->fd, data, len, o->path, err);

	if (rc == 0 && (o->written += len) - o->flushed >= OUT_FLUSH) {
#ifdef SYNC_FILE_RANGE_WRITE
		/* start writing back; never waits, and a failure shows at fsync */
		sync_file_range(o->fd, (off_t)o->flushed, (off_t)(o->written - o->flushed),
				SYNC_FILE_RANGE_WRITE);
#endif
		o->flushed = o->written;
	}
	return rc;
}

int sakra_out_commit(struct sakra_out_file *o, struct sakra_error *err)
{
	int rc = atomic_close(o->fd, &o->tmp, o->path, o->mode, o->replace, 0, err);

	o->fd = -1;
	return rc;
}

void sakra_out_abort(struct sakra_out_file *o)
{
	if (o->fd < 0)
		return;
	close(o->fd);
	unlink(o->tmp.ptr);
	sakra_buf_free(&o->tmp);
	o->fd = -1;
}

const char *sakra_out_temp(const struct sakra_out_file *o)
{
	return o->fd >= 0 ? o->tmp.ptr : NULL;
}

int sakra_file_write_atomic(const char *path, const void *data, size_t len,
			    mode_t mode, int replace, struct sakra_error *err)
{
	struct sakra_buf tmp = SAKRA_BUF_INIT;
	int fd = atomic_open(path, replace, &tmp, err);

	if (fd < 0)
		return fd;
	return atomic_close(fd, &tmp, path, mode, replace, write_all(fd, data, len, path, err),
			    err);
}

/* Opens src, a regular file, for copying. */
static int open_source(const char *src, struct sakra_error *err)
{
	struct stat st;
	int in;

	if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0)
		return sakra_error_set(err, errno == ENOENT ? SAKRA_ENOTFOUND : SAKRA_EIO, src,
				       0, 0, "cannot open: %s", strerror(errno));
	if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(in);
		return sakra_error_set(err, SAKRA_EINVAL, src, 0, 0, "not a regular file");
	}
	return in;
}

/* Copies in to fd in 64 KiB chunks. */
static int copy_fd(int in, int fd, const char *src, const char *dst, struct sakra_error *err)
{
	char chunk[65536];
	int rc = 0;

	for (;;) {
		ssize_t n = read(in, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return sakra_error_set(err, SAKRA_EIO, src, 0, 0, "read failed: %s",
					       strerror(errno));
		if (n == 0 || (rc = write_all(fd, chunk, (size_t)n, dst, err)) < 0)
			return rc;
	}
}

int sakra_file_copy_atomic(const char *src, const char *dst, mode_t mode,
			   struct sakra_error *err)
{
	struct sakra_buf tmp = SAKRA_BUF_INIT;
	int in, fd, rc;

	if ((in = open_source(src, err)) < 0)
		return in;
	if ((fd = atomic_open(dst, 0, &tmp, err)) < 0) {
		close(in);
		return fd;
	}
	rc = copy_fd(in, fd, src, dst, err);
	close(in);
	return atomic_close(fd, &tmp, dst, mode, 0, rc, err);
}

/* A new file, created exclusively, for a staging directory. */
static int open_new(const char *path, mode_t mode, struct sakra_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);

	if (fd < 0)
		return sakra_error_set(err, errno == EEXIST ? SAKRA_EEXISTS : SAKRA_EIO, path, 0, 0,
				       "cannot create: %s", strerror(errno));
	return fd;
}

static int close_new(int fd, const char *path, int rc, struct sakra_error *err)
{
	if (close(fd) < 0 && rc == 0)
		rc = sakra_error_set(err, SAKRA_EIO, path, 0, 0, "close failed: %s",
				     strerror(errno));
	return rc;
}

int sakra_file_write_new(const char *path, const void *data, size_t len, mode_t mode,
			 struct sakra_error *err)
{
	int fd = open_new(path, mode, err);

	if (fd < 0)
		return fd;
	return close_new(fd, path, write_all(fd, data, len, path, err), err);
}

int sakra_file_copy_new(const char *src, const char *dst, mode_t mode, struct sakra_error *err)
{
	int in, fd, rc;

	if ((in = open_source(src, err)) < 0)
		return in;
	if ((fd = open_new(dst, mode, err)) < 0) {
		close(in);
		return fd;
	}
	rc = copy_fd(in, fd, src, dst, err);
	close(in);
	return close_new(fd, dst, rc, err);
}

int sakra_dir_sync(const char *dir, struct sakra_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (fd < 0 || syncfs(fd) < 0)
		rc = sakra_error_set(err, SAKRA_EIO, dir, 0, 0, "cannot sync: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

int sakra_mkdirs(const char *path, mode_t mode, struct sakra_error *err)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);

	if (len >= sizeof(buf))
		return sakra_error_set(err, SAKRA_ELIMIT, path, 0, 0, "path too long");
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(buf, mode) < 0 && errno != EEXIST)
				return sakra_error_set(err, SAKRA_EIO, buf, 0, 0,
						       "cannot create directory: %s",
						       strerror(errno));
			*p = c;
			if (!c)
				break;
		}
	}
	return 0;
}

void sakra_dir_umask(const char *dir)
{
	mode_t mask = umask(0);

	umask(mask);
	chmod(dir, 0777 & ~mask);
}

int sakra_mkdirs_for(const char *file, mode_t mode, struct sakra_error *err)
{
	const char *slash = strrchr(file, '/');
	char buf[PATH_MAX];

	if (!slash || slash == file)
		return 0;
	if ((size_t)(slash - file) >= sizeof(buf))
		return sakra_error_set(err, SAKRA_ELIMIT, file, 0, 0, "path too long");
	memcpy(buf, file, (size_t)(slash - file));
	buf[slash - file] = '\0';
	return sakra_mkdirs(buf, mode, err);
}

int sakra_remove_tree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	if (!(d = opendir(path)))
		return -1;
	while ((e = readdir(d))) {
		char child[PATH_MAX];

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (snprintf(child, sizeof(child), "%s/%s", path, e->d_name) >= (int)sizeof(child))
			continue;
		sakra_remove_tree(child);
	}
	closedir(d);
	return rmdir(path);
}

/* Owned by root or by us, and writable by no one else (a sticky folder,
 * like /tmp, may be: no one can replace what is ours in it). */
static int trusted_entry(const char *path, int ancestor, const char **why)
{
	struct stat st;

	if (lstat(path, &st) < 0) {
		*why = "cannot be read";
		return 0;
	}
	/* A link's own mode is always rwxrwxrwx and means nothing; one in the
	 * folder (Debian's locale/locale.alias -> /etc/locale.alias) is as
	 * trusted as the link's owner and what it leads to. */
	if (S_ISLNK(st.st_mode) && !ancestor) {
		if (st.st_uid != 0 && st.st_uid != geteuid()) {
			*why = "is a symbolic link of another user";
			return 0;
		}
		if (stat(path, &st) < 0) {
			*why = "is a symbolic link that leads nowhere";
			return 0;
		}
	}
	if (st.st_uid != 0 && st.st_uid != geteuid()) {
		*why = "belongs to another user";
		return 0;
	}
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(ancestor && S_ISDIR(st.st_mode) &&
						     (st.st_mode & S_ISVTX))) {
		*why = "may be written by others";
		return 0;
	}
	return 1;
}

int sakra_dir_trusted(const char *dir, const char *const *inside, struct sakra_buf *why)
{
	char real[PATH_MAX], sub[PATH_MAX + 1024];
	const char *reason = NULL;
	DIR *d;
	struct dirent *e;
	int ok = 1;

	if (!realpath(dir, real)) {
		sakra_buf_printf(why, "%s cannot be read", dir);
		return 0;
	}
	/* the folder, then every folder above it */
	snprintf(sub, sizeof(sub), "%s", real);
	for (int up = 0; ok; up = 1) {
		char *slash;

		if (!(ok = trusted_entry(sub, up, &reason))) {
			sakra_buf_printf(why, "%s %s", sub, reason);
			break;
		}
		if (!strcmp(sub, "/") || !(slash = strrchr(sub, '/')))
			break;
		slash[slash == sub] = '\0';   /* "/usr" -> "/" */
	}
	if (!ok || !(d = opendir(real)))
		return ok;
	/* what is inside: every folder, and the names given below each */
	while (ok && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", real, e->d_name);
		ok = trusted_entry(sub, 0, &reason);
		for (size_t i = 0; ok && inside && inside[i]; i++) {
			if ((size_t)snprintf(sub, sizeof(sub), "%s/%s/%.200s", real, e->d_name,
					     inside[i]) >= sizeof(sub)) {
				ok = 0;
				reason = "has too long a name";
				break;
			}
			ok = access(sub, F_OK) != 0 || trusted_entry(sub, 0, &reason);
		}
		if (!ok)
			sakra_buf_printf(why, "%s %s", sub, reason);
	}
	closedir(d);
	return ok;
}
