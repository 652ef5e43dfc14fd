/* json: every JSON and SARIF document sakra writes, built as jansson values
 * (libjansson: small, maintained, in Debian, and strict about UTF-8, which
 * is what machines reading sakra's reports rely on). This module owns the
 * dependency; callers build with jansson's json_object_set_new and friends
 * and the helpers below.
 *
 * Text from files may not be UTF-8 (a file name is any bytes). JSON strings
 * must be, so each byte of a string that is not part of valid UTF-8 is
 * written as the four characters \xNN (hex). sakra refuses file names with
 * a backslash (path.unsafe), so in a path this escape is unambiguous. */
#ifndef SAKRA_JSON_H
#define SAKRA_JSON_H

#include <stdio.h>

#include <jansson.h>

/* A JSON string of s (bytes that are not UTF-8 escaped as above); JSON
 * null for NULL. NULL only when out of memory. */
json_t *sakra_json_text(const char *s);
/* The same for s[0..len). */
json_t *sakra_json_textn(const char *s, size_t len);

/* Sets key of obj to v (taking it); a NULL v (out of memory) is recorded
 * and reported by sakra_json_write. */
void sakra_json_set(json_t *obj, const char *key, json_t *v);
/* Appends v (taking it) to the array arr. */
void sakra_json_push(json_t *arr, json_t *v);

/* Writes v to f, indented by two, keys in the order they were set, and a
 * final newline; takes v. 0, or -1 when a value could not be made (out of
 * memory) or written. */
int sakra_json_write(FILE *f, json_t *v);

#endif
