/* The approved versions as the commands name, pick and print them. */
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sakra/bundle.h"
#include "sakra/approval.h"
#include "sakra/manifest.h"

void cli_print_version(const struct sakra_version *v)
{
	printf("version %ld (%s), commit %s%s%s\n", v->number, cli_safe(v->tag), v->commit,
	       v->organisation ? ", " : "", cli_safe(v->organisation));
	if (v->error) {
		printf("  cannot be read: %s\n", cli_safe(v->error));
		return;
	}
	for (size_t i = 0; i < v->nsigs; i++) {
		const struct sakra_signature *s = &v->sigs[i];

		if (s->counts || !s->broken) {
			char part[160] = "";

			if (s->claim.scope && s->claim.version < v->number)
				snprintf(part, sizeof(part), " its part (SCOPE.%s; signed for version "
					 "%ld, unchanged since)", cli_safe(s->claim.role),
					 s->claim.version);
			else if (s->claim.scope)
				snprintf(part, sizeof(part), " its part (SCOPE.%s)",
					 cli_safe(s->claim.role));
			printf("  signed%s by %s (%s) on %s with key %s%s%s%s%s\n", part,
			       cli_safe(s->claim.approver), cli_safe(s->claim.role),
			       cli_safe(s->claim.date), cli_safe(s->sig.id),
			       s->claim.decision ? ": " : "", cli_safe(s->claim.decision),
			       s->counts ? "" : "; does not count: ", s->counts ? "" : cli_safe(s->why));
		}
		else
			printf("  signature by key %s does not count: %s\n",
			       s->sig.id[0] ? cli_safe(s->sig.id) : "?", cli_safe(s->why));
	}
	if (v->approved)
		printf("  approved: every required role has signed\n");
	else
		printf("  NOT approved: no signature that counts for %s\n", cli_safe(v->missing));
}

long cli_version_number(const char *s)
{
	if (strncmp(s, SAKRA_APPROVAL_TAG, strlen(SAKRA_APPROVAL_TAG)) == 0)
		s += strlen(SAKRA_APPROVAL_TAG);
	else if (*s == 'v')
		s++;
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 9)
		return 0;
	return strtol(s, NULL, 10);
}

const struct sakra_version *cli_pick_version(const struct sakra_versions *vs,
					     struct sakra_repo *repo, const char *what)
{
	struct sakra_tree *t = NULL;
	struct sakra_error err;
	const struct sakra_version *v = NULL;
	long n = cli_version_number(what);

	if (n > 0)
		return sakra_versions_find(vs, n, NULL);
	sakra_error_clear(&err);
	if (sakra_tree_open(&t, repo, what, &err) == 0)
		v = sakra_versions_find(vs, 0, t->commit);
	sakra_tree_free(t);
	return v;
}
