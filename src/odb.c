/* odb: sakra's own reader of git objects, for large blobs streamed piece
 * by piece from a loose object or an undeltified pack entry (libgit2 reads
 * the rest, and every small blob). It parses what a cloned or pushed
 * repository holds, so it stands alone: no libgit2, a fuzz harness
 * (tests/fuzz/fuzz_object.c) and tests on packs git gc and git repack make
 * (tests/unit/test_odb.c). */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "sakra/crypto.h"
#include "sakra/odb.h"

#define PIECE 65536

static void hex_id(const unsigned char oid[20], char hex[41])
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < 20; i++) {
		hex[2 * i] = digits[oid[i] >> 4];
		hex[2 * i + 1] = digits[oid[i] & 15];
	}
	hex[40] = '\0';
}

struct inflater {
	z_stream z;
	unsigned char in[PIECE], out[PIECE];
};

/* Inflates the zlib stream at off in fd to sink; a loose object's
 * "blob N\0" header is checked and skipped first. The content must be
 * exactly want bytes and, with check_id, zlib's checksum must hold and the
 * object must hash to oid: what is streamed is what git holds, or an error
 * names the path and the object. Without check_id the caller checks the
 * content against a stronger hash of its own (a signed manifest's
 * SHA-256), and neither SHA-1 nor Adler-32 is computed. */
int sakra_odb_inflate(int fd, off_t off, int loose, size_t want, const unsigned char oid[20],
			 int check_id, const char *path, sakra_sink_fn sink, void *ctx,
			 struct sakra_error *err)
{
	struct inflater *d = calloc(1, sizeof(*d));
	struct sakra_sha1 *h = NULL;
	unsigned char got[20];
	char hdr[40], hex[41];
	size_t hlen = 0, total = 0;
	int header_done = !loose, rc = 0, zr = Z_OK;
	int zlib_header = !check_id;   /* raw inflate: the 2-byte zlib header to skip */

	hex_id(oid, hex);
	if (!d || (check_id ? inflateInit(&d->z) : inflateInit2(&d->z, -15)) != Z_OK) {
		free(d);
		return sakra_error_set(err, SAKRA_ENOMEM, path, 0, 0, "out of memory");
	}
	if (check_id && (rc = sakra_sha1_new(&h, err)) < 0)
		goto out;
	if (h && !loose) {
		/* a pack entry's id covers the header a loose object would have */
		int n = snprintf(hdr, sizeof(hdr), "blob %zu", want);

		sakra_sha1_update(h, hdr, (size_t)n + 1);
	}
	while (zr != Z_STREAM_END && rc == 0) {
		unsigned char *p;
		size_t n;

		if (d->z.avail_in == 0) {
			ssize_t r = pread(fd, d->in, PIECE, off);

			if (r <= 0) {
				rc = sakra_error_set(err, SAKRA_EGIT, path, 0, 0,
						     "git object %s is truncated or unreadable", hex);
				break;
			}
			off += r;
			d->z.next_in = d->in;
			d->z.avail_in = (uInt)r;
		}
		if (zlib_header) {   /* deflate, no preset dictionary, FCHECK right */
			const unsigned char *z = d->z.next_in;

			if (d->z.avail_in < 2 || (z[0] & 0x0f) != 8 || (z[1] & 0x20) ||
			    ((unsigned)z[0] << 8 | z[1]) % 31 != 0) {
				rc = sakra_error_set(err, SAKRA_EGIT, path, 0, 0, "git object %s is "
						     "corrupt (zlib header); 'git fsck' tells more", hex);
				break;
			}
			d->z.next_in += 2;
			d->z.avail_in -= 2;
			zlib_header = 0;
		}
		d->z.next_out = d->out;
		d->z.avail_out = PIECE;
		zr = inflate(&d->z, Z_NO_FLUSH);
		if (zr != Z_OK && zr != Z_STREAM_END) {
			rc = sakra_error_set(err, SAKRA_EGIT, path, 0, 0, "git object %s is corrupt (%s); "
					     "'git fsck' tells more", hex, d->z.msg ? d->z.msg : "zlib");
			break;
		}
		p = d->out;
		n = PIECE - d->z.avail_out;
		if (h)
			sakra_sha1_update(h, p, n);
		while (!header_done && n && rc == 0) {   /* a header past hdr stops here */
			hdr[hlen++] = (char)*p++;
			n--;
			if (hdr[hlen - 1] == 0) {
				char *e;
				unsigned long long sz;

				header_done = 1;
				if (strncmp(hdr, "blob ", 5) != 0 ||
				    (sz = strtoull(hdr + 5, &e, 10), *e) || sz != want)
					rc = sakra_error_set(err, SAKRA_EGIT, path, 0, 0,
							     "git object %s is not the blob expected", hex);
			} else if (hlen == sizeof(hdr)) {
				rc = sakra_error_set(err, SAKRA_EGIT, path, 0, 0,
						     "git object %s has a malformed header", hex);
			}
		}
		if (rc == 0 && n) {
			if (total + n > want)
				rc = sakra_error_set(err, SAKRA_EGIT, path, 0, 0,
						     "git object %s is longer than its size", hex);
			else if ((rc = sink(ctx, p, n, err)) == 0)
				total += n;
		}
	}
	if (rc == 0 && (total != want || !header_done))
		rc = sakra_error_set(err, SAKRA_EGIT, path, 0, 0,
				     "git object %s is shorter than its size", hex);
	if (rc == 0 && h) {
		sakra_sha1_final(h, got);
		h = NULL;
		if (!sakra_equal_ct(got, oid, 20))
			rc = sakra_error_set(err, SAKRA_EGIT, path, 0, 0,
					     "git object %s does not hold what its id says: the "
					     "repository is damaged ('git fsck' tells more)", hex);
	}
out:
	sakra_sha1_free(h);
	inflateEnd(&d->z);
	free(d);
	return rc;
}

static uint32_t be32(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Looks oid up in one pack index (version 2). 1 and *off when found. */
int sakra_odb_pack_find(int fd, const unsigned char oid[20], uint64_t *off)
{
	unsigned char head[8 + 1024], b[20];
	uint32_t lo, hi, n;

	if (pread(fd, head, sizeof(head), 0) != (ssize_t)sizeof(head) ||
	    memcmp(head, "\377tOc\0\0\0\2", 8) != 0)
		return 0;
	n = be32(head + 8 + 255 * 4);
	lo = oid[0] ? be32(head + 8 + (oid[0] - 1) * 4) : 0;
	hi = be32(head + 8 + oid[0] * 4);
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c;

		if (pread(fd, b, 20, 8 + 1024 + (off_t)mid * 20) != 20)
			return 0;
		if ((c = memcmp(b, oid, 20)) == 0) {
			if (pread(fd, b, 4, 8 + 1024 + (off_t)n * 24 + (off_t)mid * 4) != 4)
				return 0;
			*off = be32(b);
			if (*off & 0x80000000u) {
				off_t at = 8 + 1024 + (off_t)n * 28 + (off_t)(*off & 0x7fffffffu) * 8;

				if (pread(fd, b, 8, at) != 8)
					return 0;
				*off = (uint64_t)be32(b) << 32 | be32(b + 4);
			}
			return 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int sakra_odb_pack_blob_at(int fd, uint64_t off, uint64_t *data)
{
	unsigned char b[16];
	size_t i = 1;

	if (off > (uint64_t)INT64_MAX - sizeof(b) || pread(fd, b, sizeof(b), (off_t)off) <= 0 ||
	    ((b[0] >> 4) & 7) != 3)
		return 0;
	/* an undeltified blob: its size in a varint, then zlib */
	while (i < sizeof(b) && (b[i - 1] & 0x80))
		i++;
	if (i >= sizeof(b))
		return 0;
	*data = off + i;
	return 1;
}

int sakra_odb_stream(const char *git_dir, const unsigned char oid[20], size_t size,
		     int check_id, const char *path, sakra_sink_fn sink, void *ctx,
		     struct sakra_error *err)
{
	char file[PATH_MAX], hex[41];
	struct dirent *e;
	DIR *dir;
	int fd, rc = 1;

	hex_id(oid, hex);
	snprintf(file, sizeof(file), "%sobjects/%.2s/%s", git_dir, hex, hex + 2);
	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) >= 0) {
		rc = sakra_odb_inflate(fd, 0, 1, size, oid, check_id, path, sink, ctx, err);
		close(fd);
		return rc;
	}
	snprintf(file, sizeof(file), "%sobjects/pack", git_dir);
	if (!(dir = opendir(file)))
		return 1;
	while (rc == 1 && (e = readdir(dir))) {
		size_t l = strlen(e->d_name);
		uint64_t off, data;
		int pf;

		if (l < 5 || strcmp(e->d_name + l - 4, ".idx") != 0)
			continue;
		snprintf(file, sizeof(file), "%sobjects/pack/%s", git_dir, e->d_name);
		if ((fd = open(file, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		l = strlen(file);
		if (!sakra_odb_pack_find(fd, oid, &off)) {
			close(fd);
			continue;
		}
		close(fd);
		memcpy(file + l - 4, ".pack", 6);
		if ((pf = open(file, O_RDONLY | O_CLOEXEC)) < 0)
			break;
		if (sakra_odb_pack_blob_at(pf, off, &data))
			rc = sakra_odb_inflate(pf, (off_t)data, 0, size, oid, check_id, path, sink,
					       ctx, err);
		close(pf);
		break;
	}
	closedir(dir);
	return rc;
}
