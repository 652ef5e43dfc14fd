/* A sink that hands its data to another thread: the writer (encryption and
 * the file) works while the reader (git, tar) makes the next megabyte. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sakra/session.h"
#include "sakra/stream.h"

#define PIPE_SLOTS 4
#define PIPE_SLOT (1u << 20)

struct slot {
	unsigned char *data;
	size_t len;
};

struct sakra_pipe {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	struct slot slots[PIPE_SLOTS];
	size_t head;                 /* the oldest full slot */
	size_t full;                 /* how many are full */
	size_t tail;                 /* the slot being filled: the writer's own */
	size_t fill;                 /* bytes in it */
	int running;                 /* the thread is to be joined */
	int closed;                  /* no more data comes */
	int abandoned;               /* drop what is queued */
	int failed;                  /* the sink failed: err holds why */
	struct sakra_error err;
	sakra_sink_fn sink;
	void *ctx;
};

static void *drain(void *arg)
{
	struct sakra_pipe *p = arg;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct slot *s;
		int rc;

		while (!p->full && !p->closed && !p->abandoned)
			pthread_cond_wait(&p->cond, &p->mu);
		if (!p->full || p->abandoned)
			break;
		s = &p->slots[p->head];
		pthread_mutex_unlock(&p->mu);
		rc = p->sink(p->ctx, s->data, s->len, &p->err);
		pthread_mutex_lock(&p->mu);
		p->head = (p->head + 1) % PIPE_SLOTS;
		p->full--;
		if (rc < 0) {
			p->failed = 1;
			pthread_cond_broadcast(&p->cond);
			break;
		}
		pthread_cond_broadcast(&p->cond);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

int sakra_pipe_new(struct sakra_pipe **out, sakra_sink_fn sink, void *ctx,
		   struct sakra_error *err)
{
	struct sakra_pipe *p = calloc(1, sizeof(*p));

	*out = NULL;
	if (!p)
		return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cond, NULL);
	p->sink = sink;
	p->ctx = ctx;
	sakra_error_clear(&p->err);
	for (size_t i = 0; i < PIPE_SLOTS; i++)
		if (!(p->slots[i].data = malloc(PIPE_SLOT))) {
			sakra_pipe_free(p);
			return sakra_error_set(err, SAKRA_ENOMEM, NULL, 0, 0, "out of memory");
		}
	if (pthread_create(&p->thread, NULL, drain, p) != 0) {
		sakra_pipe_free(p);
		return sakra_error_set(err, SAKRA_EIO, NULL, 0, 0, "cannot start a thread");
	}
	p->running = 1;
	*out = p;
	return 0;
}

/* The sink's error, copied to err (with the lock held). */
static int pipe_failure(struct sakra_pipe *p, struct sakra_error *err)
{
	*err = p->err;
	return p->err.code < 0 ? p->err.code : SAKRA_EIO;
}

/* Hands the slot being filled to the thread; waits for a free one. */
static int pipe_push(struct sakra_pipe *p, struct sakra_error *err)
{
	int rc = 0;

	p->slots[p->tail].len = p->fill;
	p->tail = (p->tail + 1) % PIPE_SLOTS;
	p->fill = 0;
	pthread_mutex_lock(&p->mu);
	p->full++;
	pthread_cond_broadcast(&p->cond);
	while (p->full == PIPE_SLOTS && !p->failed)
		pthread_cond_wait(&p->cond, &p->mu);
	if (p->failed)
		rc = pipe_failure(p, err);
	pthread_mutex_unlock(&p->mu);
	return rc;
}

int sakra_pipe_write(void *ctx, const void *data, size_t len, struct sakra_error *err)
{
	struct sakra_pipe *p = ctx;
	const unsigned char *d = data;

	while (len) {
		struct slot *s = &p->slots[p->tail];
		size_t n = PIPE_SLOT - p->fill < len ? PIPE_SLOT - p->fill : len;
		int rc;

		memcpy(s->data + p->fill, d, n);
		p->fill += n;
		d += n;
		len -= n;
		if (p->fill == PIPE_SLOT && (rc = pipe_push(p, err)) < 0)
			return rc;
	}
	return 0;
}

static int pipe_close(struct sakra_pipe *p)
{
	pthread_mutex_lock(&p->mu);
	p->closed = 1;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	p->running = 0;
	return p->failed;
}

int sakra_pipe_finish(struct sakra_pipe *p, struct sakra_error *err)
{
	int rc = 0;

	if (p->fill && (rc = pipe_push(p, err)) < 0) {
		pipe_close(p);
		return rc;
	}
	if (pipe_close(p))
		return pipe_failure(p, err);
	return 0;
}

void sakra_pipe_free(struct sakra_pipe *p)
{
	if (!p)
		return;
	if (p->running) {
		/* abandoned: what is queued is dropped */
		pthread_mutex_lock(&p->mu);
		p->abandoned = 1;
		pthread_mutex_unlock(&p->mu);
		pipe_close(p);
	}
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cond);
	for (size_t i = 0; i < PIPE_SLOTS; i++)
		free(p->slots[i].data);
	free(p);
}

size_t sakra_threads(size_t max)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t want = sakra_session()->threads, n = cores > 1 ? (size_t)cores : 1;

	if (want && want < n)
		n = want;
	return n < max ? n : max;
}

struct parallel {
	size_t n, next;
	pthread_mutex_t mu;
	void (*fn)(void *ctx, size_t i);
	void (*end)(void *ctx);
	void *ctx;
};

static void *parallel_worker(void *arg)
{
	struct parallel *p = arg;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&p->mu);
		i = p->next++;
		pthread_mutex_unlock(&p->mu);
		if (i >= p->n)
			break;
		p->fn(p->ctx, i);
	}
	if (p->end)
		p->end(p->ctx);
	return NULL;
}

void sakra_parallel(size_t n, size_t threads, void (*fn)(void *ctx, size_t i),
		    void (*end)(void *ctx), void *ctx)
{
	struct parallel p = { n, 0, PTHREAD_MUTEX_INITIALIZER, fn, end, ctx };
	pthread_t th[SAKRA_PARALLEL_MAX];
	size_t started = 0;

	if (threads > SAKRA_PARALLEL_MAX)
		threads = SAKRA_PARALLEL_MAX;
	if (threads > n)
		threads = n;
	while (started + 1 < threads &&
	       pthread_create(&th[started], NULL, parallel_worker, &p) == 0)
		started++;
	parallel_worker(&p);   /* the caller takes its part */
	for (size_t k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	pthread_mutex_destroy(&p.mu);
}
