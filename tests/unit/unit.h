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

#endif
