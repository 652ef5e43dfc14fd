/* Unit tests: stream (the pipe: a sink in a thread of its own). */
#include <pthread.h>

#include "unit.h"

#include <stdlib.h>
#include <unistd.h>

#include <time.h>

#include "sakra/session.h"
#include "sakra/stream.h"
#include "sakra/buf.h"

/* A slow sink that keeps what it gets, and fails at `fail_at` bytes. */
struct keep {
	struct sakra_buf b;
	size_t fail_at;
	size_t calls;
};

static int keep_sink(void *ctx, const void *data, size_t len, struct sakra_error *err)
{
	struct keep *k = ctx;
	struct timespec ts = { 0, 200000 };

	nanosleep(&ts, NULL);
	k->calls++;
	if (k->fail_at && k->b.len + len > k->fail_at)
		return sakra_error_set(err, SAKRA_EIO, "out.tar", 0, 0, "disk full");
	return sakra_buf_put(&k->b, data, len) < 0 ? SAKRA_ENOMEM : 0;
}

static void test_pipe(void **state)
{
	size_t total = 5 * 1048576 + 12345, sizes[] = { 1, 7, 65536, 1048576, 3000000, 100 };
	unsigned char *data = malloc(total);
	struct keep k = { SAKRA_BUF_INIT, 0, 0 };
	struct sakra_pipe *p = NULL;
	struct sakra_error err;
	size_t at = 0;
	int rc = 0;

	(void)state;
	for (size_t i = 0; i < total; i++)
		data[i] = (unsigned char)(i * 2654435761u >> 13);
	/* every byte arrives, in order, whatever the sizes written */
	assert_int_equal(sakra_pipe_new(&p, keep_sink, &k, &err), 0);
	for (size_t i = 0; at < total; i++) {
		size_t n = sizes[i % 6] < total - at ? sizes[i % 6] : total - at;

		assert_int_equal(sakra_pipe_write(p, data + at, n, &err), 0);
		at += n;
	}
	assert_int_equal(sakra_pipe_finish(p, &err), 0);
	sakra_pipe_free(p);
	assert_int_equal(k.b.len, total);
	assert_memory_equal(k.b.ptr, data, total);
	assert_true(k.calls >= 5);
	sakra_buf_free(&k.b);

	/* the sink's failure comes back, from write or from finish */
	memset(&k, 0, sizeof(k));
	k.fail_at = 2 * 1048576;
	assert_int_equal(sakra_pipe_new(&p, keep_sink, &k, &err), 0);
	for (at = 0; at < total && rc == 0; at += 4096)
		rc = sakra_pipe_write(p, data + at, total - at < 4096 ? total - at : 4096, &err);
	if (rc == 0)
		rc = sakra_pipe_finish(p, &err);
	assert_int_equal(rc, SAKRA_EIO);
	assert_string_equal(err.path, "out.tar");
	assert_string_equal(err.message, "disk full");
	sakra_pipe_free(p);
	assert_true(k.b.len <= 2 * 1048576);
	sakra_buf_free(&k.b);

	/* given up half way: what is queued is dropped, nothing leaks */
	memset(&k, 0, sizeof(k));
	assert_int_equal(sakra_pipe_new(&p, keep_sink, &k, &err), 0);
	assert_int_equal(sakra_pipe_write(p, data, 3 * 1048576 + 5, &err), 0);
	sakra_pipe_free(p);
	assert_true(k.b.len <= 3 * 1048576);
	assert_int_equal(k.b.len % 1048576, 0);
	sakra_buf_free(&k.b);
	free(data);
}

/* The cores online, at most max, at most SAKRA_THREADS when it is a
 * number of one or more. */
static void test_threads(void **state)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t all = cores > 1 ? (size_t)cores : 1;

	(void)state;
	unsetenv("SAKRA_THREADS");
	sakra_session_use_env();
	assert_int_equal(sakra_threads(64), all);
	assert_int_equal(sakra_threads(1), 1);
	setenv("SAKRA_THREADS", "1", 1);
	sakra_session_use_env();
	assert_int_equal(sakra_threads(64), 1);
	setenv("SAKRA_THREADS", "0", 1);
	sakra_session_use_env();
	assert_int_equal(sakra_threads(64), all);
	setenv("SAKRA_THREADS", "two", 1);
	sakra_session_use_env();
	assert_int_equal(sakra_threads(64), all);
	setenv("SAKRA_THREADS", "100000", 1);
	sakra_session_use_env();
	assert_int_equal(sakra_threads(64), all < 64 ? all : 64);
	unsetenv("SAKRA_THREADS");
	sakra_session_use_env();
}

struct tally {
	pthread_mutex_t mu;
	unsigned char seen[1000];
	size_t ends;
};

static void count(void *ctx, size_t i)
{
	struct tally *t = ctx;

	pthread_mutex_lock(&t->mu);
	t->seen[i]++;
	pthread_mutex_unlock(&t->mu);
}

static void ended(void *ctx)
{
	struct tally *t = ctx;

	pthread_mutex_lock(&t->mu);
	t->ends++;
	pthread_mutex_unlock(&t->mu);
}

/* The worker pool: every index once, on the threads asked for (the
 * caller's among them), end once per thread. */
static void test_parallel(void **state)
{
	static const size_t threads[] = { 1, 2, 4, 200 };

	(void)state;
	for (size_t k = 0; k < sizeof(threads) / sizeof(*threads); k++) {
		struct tally t = { PTHREAD_MUTEX_INITIALIZER, { 0 }, 0 };

		sakra_parallel(1000, threads[k], count, ended, &t);
		for (size_t i = 0; i < 1000; i++)
			assert_int_equal(t.seen[i], 1);
		assert_int_equal(t.ends, threads[k] < SAKRA_PARALLEL_MAX ? threads[k]
									    : SAKRA_PARALLEL_MAX);
	}
	{
		struct tally t = { PTHREAD_MUTEX_INITIALIZER, { 0 }, 0 };

		sakra_parallel(0, 4, count, ended, &t);   /* nothing to do: the caller only */
		assert_int_equal(t.ends, 1);
		sakra_parallel(3, 8, count, NULL, &t);     /* no more threads than items */
		assert_int_equal(t.seen[0] + t.seen[1] + t.seen[2], 3);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pipe),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_parallel),
	};

	return cmocka_run_group_tests_name("stream", tests, NULL, NULL);
}
