/* sakra's own reader of git objects (odb: large blobs streamed from
 * loose objects and pack entries), on what a cloned or pushed repository
 * holds: the first byte chooses a loose object, a pack index or a pack
 * entry; the rest is the file. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sakra/odb.h"
#include "fuzz.h"

static int drop(void *ctx, const void *data, size_t len, struct sakra_error *err)
{
	(void)ctx;
	(void)data;
	(void)len;
	(void)err;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char oid[20] = { 0x4b, 0x55, 0x52, 0x65, 0x6d, 0x26, 0x35, 0xd8, 0x9c,
					       0xda, 0xb1, 0x53, 0xd1, 0xc8, 0x4f, 0xb4, 0x32, 0x4a,
					       0x86, 0x0a };
	struct sakra_error err;
	uint64_t off = 0, at = 0;
	int fd;

	if (size < 1 || (fd = memfd_create("fuzz", MFD_CLOEXEC)) < 0)
		return 0;
	if (size > 1 && write(fd, data + 1, size - 1) != (ssize_t)(size - 1)) {
		close(fd);
		return 0;
	}
	switch (data[0] % 4) {
	case 0:   /* a loose object of some size, its id checked */
		(void)sakra_odb_inflate(fd, 0, 1, data[0] * 37u, oid, 1, "f", drop, NULL, &err);
		break;
	case 1:   /* a pack entry's raw stream, checked against a stronger hash */
		(void)sakra_odb_inflate(fd, 0, 0, data[0] * 37u, oid, 0, "f", drop, NULL, &err);
		break;
	case 2:   /* a pack index, then the entry it names in the same bytes */
		if (sakra_odb_pack_find(fd, oid, &off) && sakra_odb_pack_blob_at(fd, off, &at))
			(void)sakra_odb_inflate(fd, (off_t)at, 0, 100, oid, 1, "f", drop, NULL, &err);
		break;
	default:  /* a pack entry's header */
		if (sakra_odb_pack_blob_at(fd, data[0] / 4, &at))
			(void)sakra_odb_inflate(fd, (off_t)at, 0, 64, oid, 1, "f", drop, NULL, &err);
		break;
	}
	close(fd);
	return 0;
}
