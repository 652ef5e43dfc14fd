/* util: UTF-8, text folding, calendar dates and periods, paths and files.
 * Small pieces every module needs. */
#ifndef SAKRA_UTIL_H
#define SAKRA_UTIL_H

#include <stddef.h>
#include <sys/types.h>

#include "sakra/buf.h"
#include "sakra/error.h"

/* Where streamed output goes and where streamed input comes from. A sink
 * returns 0 or a negative code with err set; a source returns the bytes
 * read (0 at the end) or a negative code with err set. */
typedef int (*sakra_sink_fn)(void *ctx, const void *data, size_t len, struct sakra_error *err);
typedef long (*sakra_source_fn)(void *ctx, void *buf, size_t len, struct sakra_error *err);

/* A sink run by a thread of its own: sakra_pipe_write copies into one of a
 * few 1 MiB buffers and returns; the thread passes full buffers to sink in
 * order. finish passes the rest and waits; it returns the sink's error if
 * it failed (sakra_pipe_write returns it too, at the latest when the
 * buffers are full). free without finish drops what is queued. The sink
 * must not be used by anything else meanwhile. */
struct sakra_pipe;
int sakra_pipe_new(struct sakra_pipe **out, sakra_sink_fn sink, void *ctx,
		   struct sakra_error *err);
int sakra_pipe_write(void *ctx, const void *data, size_t len, struct sakra_error *err);
int sakra_pipe_finish(struct sakra_pipe *p, struct sakra_error *err);
void sakra_pipe_free(struct sakra_pipe *p);

/* --- UTF-8 --------------------------------------------------------------- */

/* 1 if s[0..len) is valid UTF-8 (no overlongs, no surrogates); else 0 and
 * *bad (if given) is the offset of the first invalid byte. */
int sakra_utf8_valid(const char *s, size_t len, size_t *bad);
/* The code point at s (len bytes available): its length in bytes, or 0 if
 * s does not start with a valid UTF-8 sequence. */
size_t sakra_utf8_decode(const char *s, size_t len, unsigned *cp);
/* 1 for the Unicode controls that reorder text as it is displayed (LRE,
 * RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM). */
int sakra_is_bidi_control(unsigned cp);
/* Appends s[0..len) for a terminal: C0 controls, DEL and bytes that are
 * not UTF-8 as \xNN, C1 controls, bidi controls and line separators as
 * \u{NNNN}; everything else as it is. */
int sakra_buf_put_visible(struct sakra_buf *b, const char *s, size_t len);
/* Number of code points in the first `bytes` bytes of s. */
size_t sakra_utf8_count(const char *s, size_t bytes);

/* Folds text for comparison of labels and titles: lower case (ASCII and
 * Latin-1 letters, which covers Swedish and Finnish), runs of white space to
 * one space, leading and trailing white space and trailing ':' or '.' dropped.
 * Returns a malloc'd string, or NULL on out of memory. */
char *sakra_text_fold(const char *s);
/* 1 if the folded forms of a and b are equal. */
int sakra_text_equal(const char *a, const char *b);

/* --- dates and periods ---------------------------------------------------- */

struct sakra_date {
	int year, month, day;
};

/* Parses exactly YYYY-MM-DD (a real calendar day). 0 or SAKRA_EPARSE. */
int sakra_date_parse(const char *s, struct sakra_date *out);
/* Days since 1970-01-01 (negative before). */
long sakra_date_days(const struct sakra_date *d);
struct sakra_date sakra_date_from_days(long days);
int sakra_date_cmp(const struct sakra_date *a, const struct sakra_date *b);
/* Adds months; a day past the end of the target month becomes its last
 * day (2024-01-31 + 1 month = 2024-02-29). */
struct sakra_date sakra_date_add_months(const struct sakra_date *d, int months);
/* Writes "YYYY-MM-DD" (11 bytes with the NUL). */
void sakra_date_format(const struct sakra_date *d, char out[11]);
/* Today in UTC. */
struct sakra_date sakra_date_today(void);

enum sakra_period_unit { SAKRA_DAYS = 'd', SAKRA_WEEKS = 'w',
			 SAKRA_MONTHS = 'm', SAKRA_YEARS = 'y' };

struct sakra_period {
	int count;
	enum sakra_period_unit unit;
};

/* Parses "1 month", "12 months", "2 weeks", "1 year", "30 days" (also
 * "1 day", "1 week", "2 years"). 0 or SAKRA_EPARSE. */
int sakra_period_parse(const char *s, struct sakra_period *out);
/* A period's length in days, months and years counted long (31, 366),
 * for comparing two periods. */
long sakra_period_days(const struct sakra_period *p);
/* Writes "1 month", "12 months", "2 weeks", ... */
void sakra_period_format(const struct sakra_period *p, char *out, size_t size);
struct sakra_date sakra_period_add(const struct sakra_date *d,
				   const struct sakra_period *p);

/* --- identifiers ---------------------------------------------------------- */


/* --- paths and files ------------------------------------------------------ */

/* Resolves a relative reference `ref` against the directory of the
 * repository-relative file `from` ("plan/02.md" + "../x/y.md" = "x/y.md").
 * Returns 0, 1 when the result would leave the repository root, or
 * SAKRA_ENOMEM. */
int sakra_path_resolve(const char *from, const char *ref, struct sakra_buf *out);
/* 1 if url starts with a scheme ("https:", "mailto:"). */
int sakra_url_has_scheme(const char *url);
/* Percent-decodes s into out (invalid escapes are kept as they are). */
int sakra_url_decode(const char *s, size_t len, struct sakra_buf *out);

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

#endif
