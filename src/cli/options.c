/* The commands' options, declared once per command (struct cli_spec): the
 * parser, --help, the "did you mean" of an unknown option and the shell
 * completions all read the same table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_OPTS 64
#define WIDTH 79          /* help is wrapped to fit here */

/* getopt_long's view of a spec: its long options and its short ones. */
struct built {
	const struct cli_spec *spec;
	struct option lo[MAX_OPTS];
	char so[32];
};

static void build(struct built *b, const struct cli_spec *spec)
{
	static const struct option common[] = { CLI_COMMON_OPTIONS };
	size_t n = 0, s = 0;

	memset(b, 0, sizeof(*b));
	b->spec = spec;
	b->so[s++] = ':';   /* a missing value is ':', not '?' */
	b->so[s++] = 'C';
	b->so[s++] = ':';
	for (const struct cli_opt *o = spec->opts; o && o->name && n + 4 < MAX_OPTS; o++) {
		int seen = 0;

		if (!o->name[1]) {   /* a short option: -o FILE */
			if (!strchr(b->so, o->name[0]) && s + 3 < sizeof(b->so)) {
				b->so[s++] = o->name[0];
				if (o->arg)
					b->so[s++] = ':';
			}
			continue;
		}
		for (size_t k = 0; k < n && !seen; k++)
			seen = !strcmp(b->lo[k].name, o->name);
		if (!seen)
			b->lo[n++] = (struct option){ o->name, o->arg ? required_argument : no_argument,
						      NULL, o->id };
	}
	for (size_t k = 0; k < sizeof(common) / sizeof(*common); k++)
		b->lo[n++] = common[k];
}

const struct cli_opt *cli_spec_option(const struct cli_spec *spec, int id)
{
	for (const struct cli_opt *o = spec->opts; o && o->name; o++)
		if (o->id == id)
			return o;
	return NULL;
}

/* Whether value is one of the space-separated words of list. */
static int one_of(const char *list, const char *value)
{
	size_t n = strlen(value);

	for (const char *p = list; *p;) {
		size_t w = strcspn(p, " ");

		if (w == n && !strncmp(p, value, n))
			return 1;
		p += w;
		p += *p == ' ';
	}
	return 0;
}

int cli_getopt(struct cli *cli, const struct cli_spec *spec, int argc, char **argv)
{
	static struct built b;
	const struct cli_opt *o;
	int opt;

	if (b.spec != spec)
		build(&b, spec);
	for (;;) {
		if ((opt = getopt_long(argc, argv, b.so, b.lo, NULL)) == -1)
			return CLI_END;
		if (cli_common(cli, opt, optarg))
			continue;
		if (opt == OPT_HELP) {
			cli_print_help(stdout, spec);
			cli->status = EXIT_OK;
			return CLI_STOP;
		}
		if (opt == ':') {
			cli->status = cli_usage_error(spec->name, _("'%s' needs a value"),
						      argv[optind - 1]);
			return CLI_STOP;
		}
		if (!(o = cli_spec_option(spec, opt))) {
			cli->status = cli_unknown_option(spec->name, argv[optind - 1]);
			return CLI_STOP;
		}
		if (o->values && optarg && !one_of(o->values, optarg)) {
			struct sakra_buf list = SAKRA_BUF_INIT;

			for (const char *p = o->values; *p;) {
				size_t w = strcspn(p, " ");

				sakra_buf_printf(&list, "%s%.*s", list.len ? ", " : "", (int)w, p);
				p += w;
				p += *p == ' ';
			}
			cli->status = cli_usage_error(spec->name, _("--%s must be one of: %s"),
						      o->name, sakra_buf_cstr(&list));
			sakra_buf_free(&list);
			return CLI_STOP;
		}
		return opt;
	}
}

/* text from column `at` on, wrapped at WIDTH, later lines indented to
 * `indent`; words longer than the room are not broken. */
static void wrapped(FILE *out, const char *text, size_t at, size_t indent)
{
	size_t col = at;
	int first = 1;

	for (const char *p = text; *p;) {
		size_t w = strcspn(p, " \n");
		size_t cps = sakra_utf8_count(p, w);

		if (!first && col + 1 + cps > WIDTH) {
			fprintf(out, "\n%*s", (int)indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, w, out);
		col += cps;
		first = 0;
		p += w;
		while (*p == ' ' || *p == '\n')
			p++;
	}
	fputc('\n', out);
}

void cli_print_help(FILE *out, const struct cli_spec *spec)
{
	size_t width = 0;
	char left[128];

	fprintf(out, "%s\n", _(spec->usage));
	if (spec->about)
		fprintf(out, "\n%s\n", _(spec->about));
	for (const struct cli_opt *o = spec->opts; o && o->name; o++) {
		size_t n = (size_t)snprintf(left, sizeof(left), "  %s%s%s%s", o->name[1] ? "--" : "-",
					    o->name, o->arg ? " " : "", o->arg ? o->arg : "");

		if (o->help && sakra_utf8_count(left, n) > width)
			width = sakra_utf8_count(left, n);
	}
	width += 2;
	if (spec->opts && spec->opts[0].name)
		fputc('\n', out);
	for (const struct cli_opt *o = spec->opts; o && o->name; o++) {
		int n;

		if (!o->help)
			continue;
		n = snprintf(left, sizeof(left), "  %s%s%s%s", o->name[1] ? "--" : "-", o->name,
			     o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(out, "%s%*s", left, (int)(width - sakra_utf8_count(left, (size_t)n)), "");
		wrapped(out, _(o->help), width, width);
	}
	if (spec->after)
		fprintf(out, "\n%s\n", _(spec->after));
}
