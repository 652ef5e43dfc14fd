/* fs: reading files; writing them so that they appear under their final
 * name only when complete; folders. */
#ifndef SAKRA_FS_H
#define SAKRA_FS_H

#include <stddef.h>
#include <sys/types.h>

#include "sakra/buf.h"
#include "sakra/error.h"

/* Reads a whole file. Files larger than `limit` bytes are refused with
 * SAKRA_ELIMIT (limit 0: no limit). */
int sakra_file_read(const char *path, struct sakra_buf *out, size_t limit,
		    struct sakra_error *err);
/* Writes a file so that it appears under its final name only when complete:
 * a temporary file in the same directory, fsync, rename. Refuses to replace
 * an existing file unless `replace` is set. The mode is masked by the
 * umask. */
int sakra_file_write_atomic(const char *path, const void *data, size_t len,
			    mode_t mode, int replace, struct sakra_error *err);
/* Copies the regular file src to dst the same way, streamed in 64 KiB
 * chunks; never replaces dst. */
int sakra_file_copy_atomic(const char *src, const char *dst, mode_t mode,
			   struct sakra_error *err);
/* Writes or copies a new file directly, without a temporary file or sync:
 * for the files of a staging directory (a temporary directory that is
 * synced with sakra_dir_sync and renamed into place when complete). */
int sakra_file_write_new(const char *path, const void *data, size_t len, mode_t mode,
			 struct sakra_error *err);
int sakra_file_copy_new(const char *src, const char *dst, mode_t mode, struct sakra_error *err);
/* Flushes the file system holding dir to disk (syncfs). */
/* write(2) until done (EINTR retried); errors name path. */
int sakra_fd_write(int fd, const void *data, size_t len, const char *path,
		   struct sakra_error *err);

/* Removes what an interrupted run left beside path: files and directories
 * named path.tmp-XXXXXX. */
void sakra_remove_stale(const char *path);

/* An output streamed to a temporary file beside path (path.tmp-XXXXXX;
 * what an interrupted run left there is removed first), which appears
 * under path only on commit: fsync, then link (or rename when replace).
 * abort removes the temporary file. sakra_out_write is a sakra_sink_fn. */
struct sakra_out_file {
	int fd;
	const char *path;
	struct sakra_buf tmp;
	mode_t mode;
	int replace;
	unsigned long long written, flushed;   /* bytes written; handed to the disk */
};
int sakra_out_open(struct sakra_out_file *o, const char *path, mode_t mode, int replace,
		   struct sakra_error *err);
int sakra_out_write(void *ctx, const void *data, size_t len, struct sakra_error *err);
int sakra_out_commit(struct sakra_out_file *o, struct sakra_error *err);
void sakra_out_abort(struct sakra_out_file *o);
/* The temporary file's name while open (for a signal handler), else NULL. */
const char *sakra_out_temp(const struct sakra_out_file *o);

int sakra_dir_sync(const char *dir, struct sakra_error *err);
/* mkdir -p. */
int sakra_mkdirs(const char *path, mode_t mode, struct sakra_error *err);
/* Gives a folder made by mkdtemp (0700) the mode a plain mkdir would have:
 * 0777 less the umask. */
void sakra_dir_umask(const char *dir);
/* mkdir -p of the folder a file is to be written in (mode for the ones it
 * creates). */
int sakra_mkdirs_for(const char *file, mode_t mode, struct sakra_error *err);
/* rm -rf, without following links: removes a tree this program created. */
int sakra_remove_tree(const char *path);

/* Whether what sakra reads from dir (message catalogues) can be trusted:
 * dir and every folder above it, each entry of dir and each of the names in
 * inside (NULL-terminated, relative to an entry; may be NULL) that exists
 * are owned by root or this user and writable by no one else (a sticky
 * folder above, like /tmp, is fine); a link inside only when its owner is
 * root or this user and what it leads to is as above. 0, with what is wrong
 * in why, when not. */
int sakra_dir_trusted(const char *dir, const char *const *inside, struct sakra_buf *why);

#endif
