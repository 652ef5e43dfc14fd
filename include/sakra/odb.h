/* odb: sakra's own reader of git objects, for large blobs streamed piece
 * by piece (libgit2 reads the rest). It parses what a cloned or pushed
 * repository holds, so each function stands alone for the fuzz harness. */
#ifndef SAKRA_ODB_H
#define SAKRA_ODB_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sakra/error.h"
#include "sakra/stream.h"

/* Streams the blob oid (size bytes) of the repository whose git folder
 * (with its trailing '/') is git_dir to sink, from its loose object or an
 * undeltified entry of a pack: 0 done, 1 not found that way (a deltified
 * entry: read it through libgit2), negative on error. With check_id the
 * object id is checked too; without it the caller checks the content
 * against a stronger hash of its own. An error names path. */
int sakra_odb_stream(const char *git_dir, const unsigned char oid[20], size_t size,
		     int check_id, const char *path, sakra_sink_fn sink, void *ctx,
		     struct sakra_error *err);

/* sakra_odb_inflate: the zlib stream at off in fd — a loose object
 * (loose: its "blob N" header checked and skipped) or a pack entry's data —
 * to sink; exactly want bytes; with check_id, zlib's checksum and the
 * object id oid are checked too. An error names path and the object.
 * sakra_odb_pack_find: oid in a version 2 pack index; 1 and *off (the
 * entry's offset in the pack) when found.
 * sakra_odb_pack_blob_at: 1 and *data (where its zlib stream starts) when
 * the pack entry at off is an undeltified blob. */
int sakra_odb_inflate(int fd, off_t off, int loose, size_t want, const unsigned char oid[20],
		      int check_id, const char *path, sakra_sink_fn sink, void *ctx,
		      struct sakra_error *err);
int sakra_odb_pack_find(int fd, const unsigned char oid[20], uint64_t *off);
int sakra_odb_pack_blob_at(int fd, uint64_t off, uint64_t *data);

#endif
