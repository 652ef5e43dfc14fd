/* stream: sinks and sources of streamed data, and a pipe that runs a sink
 * in a thread of its own. */
#ifndef SAKRA_STREAM_H
#define SAKRA_STREAM_H

#include <stddef.h>

#include "sakra/error.h"

/* Where streamed output goes and where streamed input comes from. A sink
 * returns 0 or a negative code with err set; a source returns the bytes
 * read (0 at the end) or a negative code with err set. */
typedef int (*sakra_sink_fn)(void *ctx, const void *data, size_t len, struct sakra_error *err);
typedef long (*sakra_source_fn)(void *ctx, void *buf, size_t len, struct sakra_error *err);

/* A sink run by a thread of its own: sakra_pipe_write copies into one of a
 * few 1 MiB buffers and returns; the thread passes full buffers to sink in
 * order. finish passes the rest and waits; it returns the sink's error if
 * it failed (sakra_pipe_write returns it too, at the latest when the
 * buffers are full). free without finish drops what is queued. The sink
 * must not be used by anything else meanwhile. */
struct sakra_pipe;
int sakra_pipe_new(struct sakra_pipe **out, sakra_sink_fn sink, void *ctx,
		   struct sakra_error *err);
int sakra_pipe_write(void *ctx, const void *data, size_t len, struct sakra_error *err);
int sakra_pipe_finish(struct sakra_pipe *p, struct sakra_error *err);
void sakra_pipe_free(struct sakra_pipe *p);

/* How many threads to parse or render with: the cores online, at most
 * max, and at most SAKRA_THREADS when that is set (1: one thread). The
 * result never depends on it, only the time. */
size_t sakra_threads(size_t max);

/* The one worker pool: fn(ctx, i) for every i in [0, n), on up to threads
 * threads (the caller's among them), each taking the next i until none is
 * left; then end(ctx), when not NULL, in each of them (what a thread
 * releases). fn synchronises what it shares. Threads that cannot be
 * started are done without: the work is the same. */
#define SAKRA_PARALLEL_MAX 64
void sakra_parallel(size_t n, size_t threads, void (*fn)(void *ctx, size_t i),
		    void (*end)(void *ctx), void *ctx);

#endif
