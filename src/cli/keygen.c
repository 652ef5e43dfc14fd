/* sakra keygen: an approver's Ed25519 key pair in minisign's formats. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/age.h"
#include "sakra/crypto.h"
#include "sakra/minisign.h"
#include "sakra/fs.h"


enum { OPT_NAME = OPT_FIRST_COMMAND, OPT_ROLE, OPT_PASSFILE, OPT_NOPASS, OPT_AGE };

/* An age identity in FILE; its recipient on stdout. */
static int age_keygen(const struct cli *cli, const char *file)
{
	struct sakra_error err;
	char *text = NULL, recipient[63], created[32];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm);
	sakra_error_clear(&err);
	/* a key's folder is private: ~/.config/sakra/ may not exist yet */
	if (sakra_mkdirs_for(file, 0700, &err) < 0 ||
	    sakra_age_keygen(&text, recipient, created, &err) < 0 ||
	    sakra_file_write_atomic(file, text, strlen(text), 0600, 0, &err) < 0) {
		sakra_secure_free(text);
		cli_error(&err);
		return EXIT_USAGE;
	}
	sakra_secure_free(text);
	if (cli->quiet)
		printf("%s\n", recipient);
	else
		printf(_("age identity written to %s (keep it secret)\nrecipient: %s\n"), file,
		       recipient);
	return EXIT_OK;
}

/* Refuses a secret key file inside a plan (a folder above it holds
 * sakra.yml), where the README's next step, 'git add -A', commits it. */
static int outside_plan(const char *file)
{
	char dir[PATH_MAX], real[PATH_MAX], probe[PATH_MAX + 16];
	char *slash;

	if (snprintf(dir, sizeof(dir), "%s", file) >= (int)sizeof(dir))
		return 0;
	/* the nearest folder that exists: the file's may not yet */
	for (;;) {
		slash = strrchr(dir, '/');
		if (!slash) {
			snprintf(dir, sizeof(dir), ".");
			break;
		}
		*slash = '\0';
		if (slash == dir)
			snprintf(dir, sizeof(dir), "/");
		if (access(dir, F_OK) == 0)
			break;
	}
	if (!realpath(dir, real))
		return 1;
	for (;;) {
		snprintf(probe, sizeof(probe), "%s/sakra.yml", real);
		if (access(probe, F_OK) == 0) {
			cli_errorf("%s would be inside the plan in %s, where 'git add -A' commits "
				   "it: keep a secret key outside the repository (without -o, "
				   "keygen writes it to ~/.config/sakra/)", cli_safe(file),
				   cli_safe(real));
			return 0;
		}
		slash = strrchr(real, '/');
		if (!slash || slash == real)
			return 1;
		*slash = '\0';
	}
}

static int valid_role(const char *role)
{
	size_t n = strlen(role);

	if (!n || n > 64)
		return 0;
	for (const char *p = role; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return 0;
	return 1;
}

static int valid_name(const char *name)
{
	size_t n = strlen(name);

	return n && n <= 200 && !strchr(name, '"') && cli_one_line(name);
}

static const struct cli_opt opts[] = {
	{ "name", "NAME", OPT_NAME,
	  N_("the approver's name, e.g. \"Anna Lind\""),
	  NULL, CLI_V_NONE },
	{ "role", "ROLE", OPT_ROLE,
	  N_("the role the key approves in (approval.required_roles)"),
	  NULL, CLI_V_NONE },
	{ "passphrase-file", "F", OPT_PASSFILE,
	  N_("read the passphrase from the first line of F (default: ask twice on the terminal)"),
	  NULL, CLI_V_FILE },
	{ "no-passphrase", NULL, OPT_NOPASS,
	  N_("leave the secret key unencrypted"),
	  NULL, CLI_V_NONE },
	{ "age", NULL, OPT_AGE,
	  NULL,
	  NULL, CLI_V_NONE },
	{ "o", "PREFIX", 'o',
	  N_("where to write PREFIX.pub and PREFIX.key"),
	  NULL, CLI_V_FILE },
	{ NULL, NULL, 0, NULL, NULL, CLI_V_NONE }
};

const struct cli_spec cli_spec_keygen = {
	"keygen",
	N_("usage: sakra keygen --name NAME --role ROLE [-o PREFIX]\n"
	"                    [--passphrase-file F | --no-passphrase]\n"
	"       sakra keygen --age -o FILE"),
	N_("Makes an approver's key pair: PREFIX.pub, a minisign public key whose\n"
	"comment carries the name and role (commit it into the plan's keys/), and\n"
	"PREFIX.key, a minisign secret key encrypted with the passphrase (scrypt, as\n"
	"minisign does), mode 0600: keep it secret, outside the repository. Both\n"
	"work with minisign. PREFIX defaults to ~/.config/sakra/ROLE (in a folder\n"
	"only you can read); a secret key is never written inside a plan, where\n"
	"'git add -A' would commit it. Nothing is overwritten."),
	opts,
	N_("With --age, makes an age X25519 identity instead, for receiving bundles:\n"
	"FILE (AGE-SECRET-KEY-1..., mode 0600, as age-keygen writes it) and prints\n"
	"its recipient (age1...) to give to whoever sends you bundles.")
};

int cmd_keygen(struct cli *cli, int argc, char **argv)
{
	const char *name = NULL, *role = NULL, *prefix = NULL, *passfile = NULL;
	struct sakra_buf pubpath = SAKRA_BUF_INIT, keypath = SAKRA_BUF_INIT;
	struct sakra_error err;
	char *pass = NULL, id[17], home[PATH_MAX];
	size_t passlen = 0;
	int opt, nopass = 0, status = EXIT_USAGE, age = 0;

	while ((opt = cli_getopt(cli, &cli_spec_keygen, argc, argv)) != CLI_END) {
		switch (opt) {
		case OPT_NAME: name = optarg; break;
		case OPT_ROLE: role = optarg; break;
		case 'o': prefix = optarg; break;
		case OPT_PASSFILE: passfile = optarg; break;
		case OPT_NOPASS: nopass = 1; break;
		case OPT_AGE: age = 1; break;
		default: return cli->status;   /* CLI_STOP */
		}
	}
	if (optind < argc)
		return cli_usage_error("keygen", "unexpected argument '%s'", argv[optind]);
	if (age) {
		if (!prefix || name || role || passfile || nopass)
			return cli_usage_error("keygen", "--age takes only -o FILE");
		return outside_plan(prefix) ? age_keygen(cli, prefix) : EXIT_USAGE;
	}
	if (!name || !role)
		return cli_usage_error("keygen", "--name and --role are required");
	if (!valid_name(name))
		return cli_usage_error("keygen", "--name must be one line of text without '\"'");
	if (!valid_role(role))
		return cli_usage_error("keygen", "--role must be lower-case letters, digits, '-' "
				       "and '_' (as in approval.required_roles)");
	if (nopass && passfile)
		return cli_usage_error("keygen", "--passphrase-file and --no-passphrase exclude "
				       "each other");
	if (!prefix) {
		if (cli_config_path(home, sizeof(home), role) < 0) {
			cli_errorf("neither XDG_CONFIG_HOME nor HOME is set: say where the keys go "
				   "with -o PREFIX (outside the plan)");
			goto out;
		}
		prefix = home;
	}
	if (sakra_buf_printf(&pubpath, "%s.pub", prefix) < 0 ||
	    sakra_buf_printf(&keypath, "%s.key", prefix) < 0) {
		cli_errorf("out of memory");
		goto out;
	}
	if (!outside_plan(keypath.ptr))
		goto out;
	sakra_error_clear(&err);
	/* a key's folder is private: ~/.config/sakra/ may not exist yet */
	if (sakra_mkdirs_for(keypath.ptr, 0700, &err) < 0 ||
	    sakra_keypair_unused(keypath.ptr, pubpath.ptr, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (!nopass && cli_passphrase(passfile, 1, keypath.ptr, &pass, &passlen) < 0)
		goto out;
	if (sakra_keypair_write(keypath.ptr, pubpath.ptr, name, role, pass, passlen, id,
				&err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (!cli->quiet)
		printf(_("key %s for %s (%s)\n"
			 "  public key: %s  -> copy it into the plan's keys/ and commit it\n"
			 "  secret key: %s  -> keep it secret, outside the repository\n"),
		       id, name, role, pubpath.ptr, keypath.ptr);
	status = EXIT_OK;
out:
	sakra_secure_free(pass);
	sakra_buf_free(&pubpath);
	sakra_buf_free(&keypath);
	return status;
}
