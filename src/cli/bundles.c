/* Reading a bundle for open and verify: decrypting it, checking everything
 * in it, printing the report; and the approvers' keys pinned from outside
 * (--key, a keyring). */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/age.h"
#include "sakra/bundle.h"
#include "sakra/crypto.h"
#include "sakra/fs.h"

struct file_source {
	int fd;
	const char *path;
};

static long file_read(void *ctx, void *buf, size_t len, struct sakra_error *err)
{
	struct file_source *f = ctx;

	for (;;) {
		ssize_t n = read(f->fd, buf, len);

		if (n >= 0)
			return (long)n;
		if (errno != EINTR)
			return sakra_error_set(err, SAKRA_EIO, f->path, 0, 0, "cannot read: %s",
					       strerror(errno));
	}
}

struct age_source {
	struct sakra_age_reader *r;
	const char *path;
};

static long age_read(void *ctx, void *buf, size_t len, struct sakra_error *err)
{
	struct age_source *a = ctx;
	long n = sakra_age_read(a->r, buf, len, NULL, err);

	if (n < 0 && err)
		snprintf(err->path, sizeof(err->path), "%s", a->path);
	return n;
}

static int load_identities(const char *file, struct sakra_age_identities **out)
{
	struct sakra_buf text = SAKRA_BUF_INIT;
	struct sakra_error err;
	int rc;

	cli_warn_readable(file);
	if (sakra_file_read(file, &text, 1u << 20, &err) < 0) {
		cli_error(&err);
		return -1;
	}
	rc = sakra_age_identities_parse(out, file, text.ptr ? text.ptr : "", text.len, &err);
	if (text.ptr)
		sakra_wipe(text.ptr, text.len);
	sakra_buf_free(&text);
	if (rc < 0)
		cli_error(&err);
	return rc < 0 ? -1 : 0;
}

int cli_bundle_read(const char *path, struct cli_bundle_keys *keys, const char *dir,
		    struct sakra_bundle_report **report)
{
	struct file_source fs = { -1, path };
	struct age_source as = { NULL, path };
	struct sakra_age_identities *ids = NULL;
	struct sakra_error err;
	unsigned char head[64];
	char *pass = NULL;
	size_t passlen = 0;
	ssize_t n;
	int rc = -1, status = EXIT_USAGE;
	enum sakra_age_failure why;

	*report = NULL;
	sakra_error_clear(&err);
	cli_utf8_locale();
	if (cli_pin_default_keyring(keys) < 0)
		return EXIT_USAGE;
	if ((fs.fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		cli_errorf("%s: %s", path, strerror(errno));
		return EXIT_USAGE;
	}
	n = pread(fs.fd, head, sizeof(head), 0);
	if (n < 0) {
		cli_errorf("%s: %s", path, strerror(errno));
		goto out;
	}
	if (n >= 10 && !memcmp(head, "-----BEGIN", 10)) {
		cli_errorf("%s: an armored (text) age file; decrypt it with 'age -d' first", path);
		goto out;
	}
	if ((size_t)n >= strlen(SAKRA_AGE_MAGIC) && !memcmp(head, SAKRA_AGE_MAGIC, strlen(SAKRA_AGE_MAGIC))) {
		int scrypt = sakra_age_is_scrypt(head, (size_t)n);

		if (!scrypt && !keys->identity) {
			cli_errorf("%s is encrypted to age recipients; give your identity with "
				   "--identity FILE", path);
			goto out;
		}
		if (scrypt && cli_passphrase(keys->passfile, 0, path, &pass, &passlen) < 0)
			goto out;
		if (!scrypt && load_identities(keys->identity, &ids) < 0)
			goto out;
		if (sakra_age_reader_new(&as.r, file_read, &fs, ids, pass, passlen, &why, &err) < 0) {
			if (!err.path[0])
				snprintf(err.path, sizeof(err.path), "%s", path);
			cli_error(&err);
			status = why == SAKRA_AGE_NO_MATCH ? EXIT_USAGE : EXIT_FINDINGS;
			goto out;
		}
		rc = sakra_bundle_read(report, age_read, &as, NULL, dir, keys->pinned, keys->npinned,
				       &err);
	} else {
		if (n >= 4 && !memcmp(head, "PK\3\4", 4) &&
		    cli_passphrase(keys->passfile, 0, path, &pass, &passlen) < 0)
			goto out;
		rc = sakra_bundle_read(report, file_read, &fs, pass, dir, keys->pinned, keys->npinned,
				       &err);
	}
	if (rc < 0) {
		if (!err.path[0])
			snprintf(err.path, sizeof(err.path), "%s", path);
		cli_error(&err);
		/* no memory, no disk space or a wrong passphrase: it could not be checked */
		status = err.code == SAKRA_ENOMEM || err.code == SAKRA_EINVAL ||
			 (err.code == SAKRA_EIO && dir) ? EXIT_USAGE : EXIT_FINDINGS;
		goto out;
	}
	status = EXIT_OK;
out:
	sakra_age_reader_free(as.r);
	sakra_age_identities_free(ids);
	sakra_secure_free(pass);
	close(fs.fd);
	return status;
}

/* The report, and whether the bundle is sound and approved. */
int cli_bundle_print(const struct sakra_bundle_report *r, int allow_draft, const char *keys_from)
{
	const struct sakra_version *v = r->vs ? &r->vs->v[0] : NULL;
	int sound = 1;

	printf("bundle %s: %s, %s", cli_safe(r->name), cli_safe(r->organisation),
	       r->draft ? "DRAFT (not approved)" : "version ");
	if (!r->draft)
		printf("%ld", r->version);
	printf(", commit %s\n", r->commit);
	printf("  edition %s; marking %s\n", r->edition ? cli_safe(r->edition) : "(all marked files)",
	       r->marking ? cli_safe(r->marking) : "none");
	printf("  %zu files match the signed MANIFEST; %zu files of the rendered site\n", r->files,
	       r->site_files);
	if (r->nwithheld) {
		printf("  withheld by the edition (listed in MANIFEST, not in the bundle): %zu\n",
		       r->nwithheld);
		for (size_t i = 0; i < r->nwithheld; i++)
			printf("    %s\n", cli_safe(r->withheld[i]));
	}
	if (v && !r->draft) {
		for (size_t i = 0; i < v->nsigs; i++)
			sound &= !v->sigs[i].broken;
		cli_print_version(v);
		if (r->vs->npinned) {
			if (keys_from)
				printf("  keyring %s\n", cli_safe(keys_from));
			printf("  only the keys you pinned count:");
			for (size_t i = 0; i < r->vs->npinned; i++)
				printf(" %s", r->vs->pinned[i].id);
			printf("\n");
		} else {
			printf("  NOTE: no key was pinned, so the keys came inside the bundle (keys/ of the\n"
			       "  approved commit). Compare their ids with keys you know, or pin one with\n"
			       "  --key or a keyring:");
			for (size_t i = 0; i < v->nkeys; i++)
				printf(" %s", v->keys[i].id);
			printf("\n");
		}
	}
	if (r->rendered)
		printf("  LÄSMIG.txt, BUNDLE and the %zu files of site/ are what the signed files give\n",
		       r->site_files);
	if (r->draft)
		return allow_draft && r->rendered ? 1 : 0;
	return v && v->approved && sound && r->rendered;
}

int cli_pin_key(struct cli_bundle_keys *keys, const char *file)
{
	struct sakra_buf text = SAKRA_BUF_INIT;
	struct sakra_error err;

	if (keys->npinned == sizeof(keys->pinned) / sizeof(keys->pinned[0])) {
		cli_usage_error("verify", "at most %zu pinned keys",
				sizeof(keys->pinned) / sizeof(keys->pinned[0]));
		return -1;
	}
	if (sakra_file_read(file, &text, 64 * 1024, &err) < 0 ||
	    sakra_pubkey_parse(&keys->pinned[keys->npinned], file, text.ptr ? text.ptr : "",
			       text.len, &err) < 0) {
		sakra_buf_free(&text);
		cli_error(&err);
		return -1;
	}
	keys->npinned++;
	sakra_buf_free(&text);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cli_pin_keyring(struct cli_bundle_keys *keys, const char *dir, int given)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (!d) {
		if (!given && errno == ENOENT)
			return 0;
		cli_errorf("%s: %s", dir, strerror(errno));
		return -1;
	}
	keys->keyring = dir;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (len < 5 || strcmp(de->d_name + len - 4, ".pub") != 0 || de->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **g = realloc(names, (cap = cap ? 2 * cap : 16) * sizeof(*g));

			if (!g) {
				rc = -1;
				break;
			}
			names = g;
		}
		if (!(names[n] = malloc(strlen(dir) + len + 2))) {
			rc = -1;
			break;
		}
		snprintf(names[n], strlen(dir) + len + 2, "%s/%s", dir, de->d_name);
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = cli_pin_key(keys, names[i]);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc == 0 && given && !keys->npinned) {
		cli_errorf("%s holds no public keys (*.pub)", dir);
		rc = -1;
	}
	return rc;
}

int cli_pin_default_keyring(struct cli_bundle_keys *keys)
{
	static char path[4096];
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (keys->npinned || keys->keyring_given)
		return 0;
	if (xdg && xdg[0] == '/')
		snprintf(path, sizeof(path), "%s/sakra/keyring", xdg);
	else if (home && home[0])
		snprintf(path, sizeof(path), "%s/.config/sakra/keyring", home);
	else
		return 0;
	return cli_pin_keyring(keys, path, 0);
}

void cli_bundle_keys_clear(struct cli_bundle_keys *keys)
{
	for (size_t i = 0; i < keys->npinned; i++)
		sakra_pubkey_clear(&keys->pinned[i]);
	keys->npinned = 0;
}
