/* Common includes of the cmocka unit tests. */
#ifndef SAKRA_UNIT_H
#define SAKRA_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <stdio.h>
#include <unistd.h>

#include "sakra/fs.h"
#include "sakra/session.h"

/* A temporary folder for the tests of one file (tmp_setup/tmp_teardown as
 * the group's setup and teardown). */
static char tmp_root[64];

static inline int tmp_setup(void **state)
{
	(void)state;
	snprintf(tmp_root, sizeof(tmp_root), "/tmp/sakra-unit-XXXXXX");
	setenv("GIT_AUTHOR_NAME", "Unit Test", 1);
	setenv("GIT_AUTHOR_EMAIL", "unit@example.org", 1);
	/* the identity the commits take, whatever git configuration the
	 * machine has (a clean one has none) */
	sakra_session_use_env();
	return mkdtemp(tmp_root) ? 0 : -1;
}

static inline int tmp_teardown(void **state)
{
	(void)state;
	return sakra_remove_tree(tmp_root);
}

#endif
