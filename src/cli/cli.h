/* The command-line program: shared state and helpers of the commands. Only
 * src/cli/ prints, reads the terminal or decides exit codes. */
#ifndef SAKRA_CLI_H
#define SAKRA_CLI_H

#include <getopt.h>
#include <stdio.h>

#include <string.h>

#include "sakra/buf.h"
#include "sakra/check.h"
#include "sakra/confine.h"
#include "sakra/error.h"
#include "sakra/plan.h"
#include "sakra/repo.h"
#include "sakra/date.h"
#include "sakra/fs.h"
#include "sakra/intl.h"
#include "sakra/stream.h"
#include "sakra/text.h"

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

struct cli {
	const char *dir;     /* -C DIR */
	int quiet;
	int verbose;         /* --verbose: how the command confines itself */
	int color;           /* resolved: 1 to colour stdout */
	const char *color_arg;
	int status;          /* the exit status when cli_getopt says CLI_STOP */
};

/* Long options every command accepts, after its own. */
enum { OPT_COLOR = 0x1000, OPT_QUIET, OPT_VERBOSE, OPT_HELP, OPT_FIRST_COMMAND };
#define CLI_COMMON_OPTIONS \
	{ "color", required_argument, NULL, OPT_COLOR }, \
	{ "quiet", no_argument, NULL, OPT_QUIET }, \
	{ "verbose", no_argument, NULL, OPT_VERBOSE }, \
	{ "help", no_argument, NULL, OPT_HELP }

/* A command's options, declared once: the parser (cli_getopt), --help, the
 * "did you mean" of an unknown option and the shell completions read it. */
enum cli_value { CLI_V_NONE, CLI_V_FILE, CLI_V_EDITION, CLI_V_FRAMEWORK, CLI_V_REV };
struct cli_opt {
	const char *name;      /* the long name, or one letter: a short option (-o) */
	const char *arg;       /* its argument as help shows it ("FILE"); NULL: none */
	int id;                /* what cli_getopt returns for it */
	const char *help;      /* what it does, one line that help wraps (N_(), shown
				* translated); NULL: not listed */
	const char *values;    /* the values it takes, space-separated, when a fixed list */
	enum cli_value kind;   /* what completion offers for its value otherwise */
};
struct cli_spec {
	const char *name;      /* the command */
	const char *usage;     /* "usage: sakra NAME ..." lines (N_()) */
	const char *about;     /* what it does (N_()), or NULL */
	const struct cli_opt *opts;   /* ends with a NULL name; the common ones are added */
	const char *after;     /* the exit status paragraph (N_()), or NULL */
};
enum { CLI_END = -1, CLI_STOP = -2 };
/* The next option of argv for spec: its id (its argument in optarg); CLI_END
 * after the last; CLI_STOP when the command is to stop with cli->status
 * (--help printed: 0; an unknown option, a missing argument or a value not
 * in the option's list: a usage message and 2). -C, --color and --quiet are
 * taken here. */
int cli_getopt(struct cli *cli, const struct cli_spec *spec, int argc, char **argv);
/* The option of spec with that id, or NULL. */
const struct cli_opt *cli_spec_option(const struct cli_spec *spec, int id);
/* --help: the usage, what the command does, its options, the exit status. */
void cli_print_help(FILE *out, const struct cli_spec *spec);

/* Handles -C, --color, --quiet for a command; returns 1 if it was one. */
int cli_common(struct cli *cli, int opt, const char *arg);
/* Resolves --color and NO_COLOR against whether stream is a terminal. */
int cli_resolve_color(struct cli *cli, FILE *stream);

/* "sakra: path:line:col: message" on stderr. */
void cli_error(const struct sakra_error *err);
void cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "sakra CMD: ..." and a pointer to --help; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "path:line:col: severity: message [rule]", coloured when color is set. */
void cli_print_diag(FILE *out, const struct sakra_diag *x, int color);

/* --format text|json: 1 for json, 0 for text, -1 after a usage message. */
int cli_format_json(const char *cmd, const char *arg);
/* Output for tools from here on: messages in English, untranslated. */
void cli_machine_output(void);


/* --today, else SAKRA_TODAY, else the clock. Returns -1 (after a message)
 * when the date is not YYYY-MM-DD. */
int cli_today(const char *arg, struct sakra_date *out);

/* The plan of the working tree (rev NULL) or of a revision, loaded and
 * checked; the findings are sorted. On failure the message is printed and
 * -1 returned. */
struct cli_plan {
	struct sakra_repo *repo;
	struct sakra_versions *versions;   /* cli_version_open's */
	struct sakra_tree *tree;
	struct sakra_plan *plan;
	struct sakra_diags diags;
};
int cli_plan_open(struct cli *cli, const char *rev, const struct sakra_check_options *opts,
		  struct cli_plan *p);
void cli_plan_close(struct cli_plan *p);
/* The version or commit what names (sakra_versions_pick with flags), its
 * plan loaded, not checked; the versions of the repository in p. After a
 * message, a negative sakra error code (SAKRA_EEXISTS: uncommitted changes). */
struct sakra_pick;
int cli_version_open(struct cli *cli, const char *what, unsigned flags, struct cli_plan *p,
		     struct sakra_pick *pick);
/* Sorts the findings and prints them, uncoloured. */
void cli_print_diags(FILE *out, struct sakra_diags *d);

/* For staged output's temporary file (sakra_bundle_dest.temp): removed if a
 * signal ends the program while it exists. */
void cli_remove_on_signal(void *ctx, const char *name);

/* A progress bar on stderr for long work (sakra_bundle_options.progress). */
#include <stdint.h>
#include <time.h>
struct cli_progress {
	uint64_t total;
	struct timespec start, last;
	int shown, enabled;
};
void cli_progress_start(struct cli_progress *p, uint64_t total, int enabled);
void cli_progress_show(void *ctx, uint64_t bytes);
void cli_progress_end(struct cli_progress *p);

/* The edition of sakra.yml called name; NULL after a message listing the
 * editions there are. */
const struct sakra_edition *cli_edition(const struct sakra_config *cfg, const char *name);

int cli_staged_path(const char *root, const char *name, struct sakra_buf *path,
		    struct sakra_error *err);

/* A passphrase in secure memory (free with sakra_secure_free): the first line
 * of file, else asked on the terminal (twice when confirm). -1 after a
 * message. */
int cli_passphrase(const char *file, int confirm, const char *what, char **out, size_t *len);
/* 1 if s is one line of valid UTF-8 without control characters. */
int cli_one_line(const char *s);



struct sakra_version;
/* One version's report, as verify prints it. */
void cli_print_version(FILE *out, const struct sakra_version *v);

/* How to open a bundle: an age identity file or a passphrase file (else
 * asked), and approvers' keys pinned from outside. */
#include "sakra/minisign.h"
struct cli_bundle_keys {
	const char *identities[16];     /* --identity FILE, repeatable */
	size_t nidentities;
	const char *passfile;
	const char *keyring;            /* --keyring DIR, or the default one used */
	int keyring_given;
	int accept_bundle_keys;         /* --accept-bundle-keys: the keys inside count */
	int confine;                    /* confine the reading (open, verify BUNDLE) */
	int verbose;                    /* and say how */
	const char *reading;            /* the bundle being read */
	struct sakra_pubkey *pinned;    /* a supervisor's keyring may pin thousands */
	size_t npinned, cap;
};
struct sakra_site_options;
struct sakra_site_stats;
/* Runs prog with args in dir (its standard error into the file log;
 * SOURCE_DATE_EPOCH set to epoch), confined to c when given (the child
 * confines itself, with ten minutes of processor time, then executes prog,
 * c->exec; how, on standard error when verbose); its exit status, or -1. */
struct sakra_confine;
int cli_run(const char *prog, char *const args[], const char *dir, const char *epoch,
	    const char *log, const struct sakra_confine *c, int verbose);
/* 1 when WeasyPrint (Debian's weasyprint) is there to render a PDF. */
int cli_pdf_available(void);
/* build --format pdf: the edition so describes as one PDF/A-3b at out
 * (replaced when complete), its dates from day. An exit status, after a
 * message. */
int cli_build_pdf(const struct cli_plan *p, const struct sakra_site_options *so,
		  const struct sakra_date *day, const char *out, struct sakra_diags *diags,
		  struct sakra_site_stats *stats);
/* Confines the process to c and the message catalogues (confine.h); says
 * how on standard error when verbose. */
int cli_confine(struct sakra_confine *c, int verbose, struct sakra_error *err);
/* Adds what the bundle options read: identities, passphrase file, keyring. */
void cli_confine_keys(struct sakra_confine *c, const struct cli_bundle_keys *keys);
int cli_pin_key(struct cli_bundle_keys *keys, const char *file);
/* The options that open a bundle and pin its approvers' keys, the same in
 * every command that reads bundles. */
enum { OPT_BK_IDENTITY = 0x1100, OPT_BK_PASSFILE, OPT_BK_KEY, OPT_BK_KEYRING, OPT_BK_ACCEPT };
#define CLI_BUNDLE_KEY_OPTIONS \
	{ "identity", required_argument, NULL, OPT_BK_IDENTITY }, \
	{ "passphrase-file", required_argument, NULL, OPT_BK_PASSFILE }, \
	{ "key", required_argument, NULL, OPT_BK_KEY }, \
	{ "keyring", required_argument, NULL, OPT_BK_KEYRING }, \
	{ "accept-bundle-keys", no_argument, NULL, OPT_BK_ACCEPT }
#define CLI_BUNDLE_KEY_OPTS \
	{ "key", "PUBKEY", OPT_BK_KEY, N_("a public key you received another way: only " \
	  "signatures by pinned keys count, with the role your copy names; repeatable"), \
	  NULL, CLI_V_FILE }, \
	{ "keyring", "DIR", OPT_BK_KEYRING, N_("pin DIR/<business id>/*.pub for that " \
	  "organisation's plans (for a bundle the default, when it exists: " \
	  "$XDG_CONFIG_HOME/sakra/keyring)"), NULL, CLI_V_FILE }, \
	{ "accept-bundle-keys", NULL, OPT_BK_ACCEPT, N_("with no key pinned for the " \
	  "organisation, accept the keys inside the bundle (else it is not verified)"), \
	  NULL, CLI_V_NONE }, \
	{ "identity", "FILE", OPT_BK_IDENTITY, N_("an age identity file that opens the " \
	  "bundle; repeatable"), NULL, CLI_V_FILE }, \
	{ "passphrase-file", "F", OPT_BK_PASSFILE, N_("the bundle's passphrase (default: " \
	  "asked)"), NULL, CLI_V_FILE }
/* Handles one of them, or one every command takes (cli_common): 1 when it
 * was one, 0 when not, -1 on error (said). */
int cli_bundle_keys_option(struct cli *cli, struct cli_bundle_keys *keys, int opt,
			   const char *arg);
/* s made safe for a terminal (sakra_buf_put_visible): control and bidi
 * characters from files never reach it raw. Valid until 8 more calls. */
const char *cli_safe(const char *s);
/* Writes text, each line made safe as by cli_safe. */
void cli_write_text(FILE *f, const char *text, size_t len);
/* Warns when a secret (key, identity) file can be read by group or others. */
void cli_warn_readable(const char *path);
/* Pins every *.pub file of dir. A missing dir is an error only when given. */
int cli_pin_keyring(struct cli_bundle_keys *keys, const char *dir, int given);
/* For bundles: with no --key or --keyring, the keyring at
 * $XDG_CONFIG_HOME/sakra/keyring (~/.config/sakra/keyring) when it exists. */
int cli_pin_default_keyring(struct cli_bundle_keys *keys);
/* out = $XDG_CONFIG_HOME/sakra/NAME, else ~/.config/sakra/NAME; -1 when
 * neither is known or it does not fit. */
int cli_config_path(char *out, size_t size, const char *name);
void cli_bundle_keys_clear(struct cli_bundle_keys *keys);
/* The names in dir, sorted, dot files left out: its folders, or its
 * regular files (ending in suffix unless it is NULL). -1 with errno when
 * dir cannot be read or memory runs out. */
int cli_list_dir(const char *dir, int folders, const char *suffix, char ***out, size_t *n);
void cli_list_free(char **names, size_t n);
struct sakra_bundle_report;
/* Reads, checks and reports the bundle at path; with opened, also opens it
 * into open_to (default: its own name), its path in opened. An exit status:
 * 0 sound (and opened), 1 the bundle does not verify, 2 it could not be
 * checked. The messages and the report are printed. */
struct sakra_buf;
int cli_bundle_read(FILE *out, const char *path, struct cli_bundle_keys *keys,
		    const char *open_to, int allow_draft, struct sakra_bundle_report **report,
		    struct sakra_buf *opened);
/* Reads and checks the bundle at path for a command that takes only an
 * approved version (diff, log): quiet when it is one, verify's report on
 * stderr when it is not. An exit status; *report is the caller's to free
 * either way. */
int cli_bundle_approved(const char *path, struct cli_bundle_keys *keys,
			struct sakra_bundle_report **report);
/* Prints the report; 1 when the bundle is sound and approved (or a draft
 * and allow_draft). */
int cli_bundle_print(FILE *out, const struct sakra_bundle_report *r, int allow_draft,
		     const struct cli_bundle_keys *keys);

int cmd_init(struct cli *cli, int argc, char **argv);
/* What init and import check before making a plan (init.c): the framework
 * (the newest revision), the language's skeleton, the identifier. EXIT_OK,
 * or EXIT_USAGE after a message. */
struct sakra_framework;
int cli_new_plan_framework(const char *cmd, const char *id, struct sakra_framework **fw);
int cli_new_plan_language(const char *cmd, const struct sakra_framework *fw, const char *lang);
int cli_new_plan_identifier(const struct sakra_framework *fw, const char **id, char bid[16]);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_check(struct cli *cli, int argc, char **argv);
int cmd_frameworks(struct cli *cli, int argc, char **argv);
int cmd_status(struct cli *cli, int argc, char **argv);
int cmd_evidence(struct cli *cli, int argc, char **argv);
int cmd_system(struct cli *cli, int argc, char **argv);
int cmd_keygen(struct cli *cli, int argc, char **argv);
int cmd_approve(struct cli *cli, int argc, char **argv);
int cmd_verify(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_migrate(struct cli *cli, int argc, char **argv);
int cmd_log(struct cli *cli, int argc, char **argv);
/* A diff as `sakra diff` prints it after its header: what was withheld,
 * the changes by group with their lines (unless stat), and the count. */
struct sakra_diff;
int cli_diff_body(struct sakra_buf *o, const struct sakra_diff *d, int stat);
int cmd_diff(struct cli *cli, int argc, char **argv);
int cmd_inbox(struct cli *cli, int argc, char **argv);
int cmd_build(struct cli *cli, int argc, char **argv);
int cmd_bundle(struct cli *cli, int argc, char **argv);
int cmd_open(struct cli *cli, int argc, char **argv);
int cmd_hooks(struct cli *cli, int argc, char **argv);
int cmd_ci(struct cli *cli, int argc, char **argv);
int cmd_completion(struct cli *cli, int argc, char **argv);
int cmd_lsp(struct cli *cli, int argc, char **argv);

/* The commands, as main dispatches them, --help lists them and the shell
 * completion offers them. */
struct cli_command {
	const char *name;
	int (*fn)(struct cli *, int, char **);
	const struct cli_spec *spec;
	const char *words;        /* the words that may follow it ("add"), or NULL */
	const char *summary;
};
extern const struct cli_command cli_commands[];
extern const size_t cli_ncommands;

/* 1 if the repository (with a working tree) has sakra's pre-commit hook,
 * or one that runs its check. */
struct sakra_repo;
int cli_hook_installed(struct sakra_repo *repo);

/* "unknown option 'ARG'" for command cmd, with the nearest of its options
 * when one is close ("did you mean '--edition'?"); returns EXIT_USAGE. */
int cli_unknown_option(const char *cmd, const char *arg);
/* Prints "did you mean 'X'?" on stderr when a candidate is near word. */
void cli_did_you_mean(const char *word, const char *const *candidates, size_t n);

/* Each command's options, as getopt_long reads them (and completion lists them). */
extern const struct cli_spec cli_spec_approve;
extern const struct cli_spec cli_spec_verify;
extern const struct cli_spec cli_spec_export;
extern const struct cli_spec cli_spec_migrate;
extern const struct cli_spec cli_spec_build;
extern const struct cli_spec cli_spec_bundle;
extern const struct cli_spec cli_spec_check;
extern const struct cli_spec cli_spec_ci;
extern const struct cli_spec cli_spec_diff;
extern const struct cli_spec cli_spec_inbox;
extern const struct cli_spec cli_spec_evidence;
extern const struct cli_spec cli_spec_system;
extern const struct cli_spec cli_spec_hooks;
extern const struct cli_spec cli_spec_init;
extern const struct cli_spec cli_spec_import;
extern const struct cli_spec cli_spec_keygen;
extern const struct cli_spec cli_spec_log;
extern const struct cli_spec cli_spec_open;
extern const struct cli_spec cli_spec_status;
extern const struct cli_spec cli_spec_frameworks;
extern const struct cli_spec cli_spec_completion;
extern const struct cli_spec cli_spec_lsp;

#endif
